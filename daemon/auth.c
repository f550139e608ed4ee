/*
 * auth.c: what guessing costs an attacker. Password guesses drain token
 * buckets per address and per account; an empty bucket refuses further
 * attempts (even right ones) until it refills. A guess reserves its token
 * when its check starts, so checks still in flight count; a wrong answer
 * takes the token, a right one frees it. Invite codes guessed in join
 * sessions drain a bucket of their own per address, and key logins drain
 * none: nobody guesses a signature, and a school behind one address must not
 * be locked out by one guesser. Connections still logging in and join
 * sessions are capped per address (auth_hold), so no one address holds the
 * server's sockets and spawned clients. Password checks run on a worker
 * thread, because argon2id is slow on purpose and the loop must not wait
 * for it.
 */
#include "config.h"

#include <event2/event.h>

#include <stdlib.h>
#include <string.h>

#include "transport.h"

#define AUTH_ACCOUNT_REFILL_PER_S	(1.0 / 60)	/* one attempt back a minute */
#define AUTH_MAX_TRACKED		65536
#define AUTH_SWEEP_MS			60000
#define AUTH_HOLD_SLOTS			4096
#define WORKER_QUEUE_MAX		64
#define WORKER_THREADS			2

struct auth_entry {
	char			 key[PROTO_HANDLE_MAX + 72];
	struct token_bucket	 bucket;
	int			 checking;	/* tokens reserved by checks in flight */
	struct auth_entry	*next;
};

/* What one address holds now; forgotten when it holds nothing. */
struct auth_holds {
	char			 addr[64];
	int			 n[AUTH_HOLD_COUNT];
	struct auth_holds	*next;
};

static struct {
	struct auth_holds	**holds;
	int			  hold_max[AUTH_HOLD_COUNT];
	struct auth_entry	**buckets;
	size_t			  nbuckets;
	size_t			  n;
	int			  fail_account;
	int			  fail_address;
	double			  address_refill_per_s;
	int			  fail_invite;
	struct event		 *sweep;
	char			  dummy_hash[PASSWORD_HASH_MAX];
	struct worker_pool	 *workers;	/* argon2id */
} auth;

static uint64_t
auth_hash(const char *key)
{
	uint64_t	h = 1469598103934665603ULL;

	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ULL;
	return (h);
}

static struct auth_entry *
auth_lookup(const char *kind, const char *name, bool create, double capacity,
    double rate)
{
	struct auth_entry	*e;
	char			 key[sizeof e->key];
	size_t			 slot;

	snprintf(key, sizeof key, "%s:%s", kind, name);
	slot = auth_hash(key) % auth.nbuckets;
	for (e = auth.buckets[slot]; e != NULL; e = e->next) {
		if (strcmp(e->key, key) == 0)
			return (e);
	}
	if (!create || auth.n >= AUTH_MAX_TRACKED)
		return (NULL);
	e = xcalloc(1, sizeof *e);
	snprintf(e->key, sizeof e->key, "%s", key);
	token_bucket_init(&e->bucket, capacity, rate, mono_ms());
	e->next = auth.buckets[slot];
	auth.buckets[slot] = e;
	auth.n++;
	return (e);
}

static struct auth_entry *
auth_address(const char *addr)
{
	return (auth_lookup("addr", addr, true, auth.fail_address,
	    auth.address_refill_per_s));
}

static struct auth_entry *
auth_account(const char *handle)
{
	return (auth_lookup("user", handle, true, auth.fail_account,
	    AUTH_ACCOUNT_REFILL_PER_S));
}

/* A token not reserved by a check in flight. */
static bool
auth_has_token(const struct auth_entry *e, uint64_t now)
{
	return (e == NULL ||
	    token_bucket_wait_ms(&e->bucket, 1 + e->checking, now) == 0);
}

bool
auth_password_begin(const char *addr, const char *handle)
{
	struct auth_entry	*a = auth_address(addr), *u = auth_account(handle);
	uint64_t		 now = mono_ms();

	if (!auth_has_token(a, now) || !auth_has_token(u, now))
		return (false);
	if (a != NULL)
		a->checking++;
	if (u != NULL)
		u->checking++;
	return (true);
}

static void
auth_check_done(struct auth_entry *e, bool right)
{
	if (e == NULL || e->checking == 0)
		return;
	e->checking--;
	if (!right)
		token_bucket_take(&e->bucket, 1, mono_ms());
}

void
auth_password_end(const char *addr, const char *handle, bool right)
{
	auth_check_done(auth_lookup("addr", addr, false, 0, 0), right);
	auth_check_done(auth_lookup("user", handle, false, 0, 0), right);
}

uint64_t
auth_invite_wait_ms(const char *addr)
{
	struct auth_entry	*e = auth_lookup("invite", addr, false, 0, 0);

	return (e == NULL ? 0 : token_bucket_wait_ms(&e->bucket, 1, mono_ms()));
}

void
auth_invite_failed(const char *addr)
{
	struct auth_entry	*e;

	e = auth_lookup("invite", addr, true, auth.fail_invite,
	    auth.address_refill_per_s);
	if (e != NULL)
		token_bucket_take(&e->bucket, 1, mono_ms());
}

static struct auth_holds **
auth_holds_find(const char *addr)
{
	struct auth_holds	**hp;

	hp = &auth.holds[auth_hash(addr) % AUTH_HOLD_SLOTS];
	while (*hp != NULL && strcmp((*hp)->addr, addr) != 0)
		hp = &(*hp)->next;
	return (hp);
}

bool
auth_hold_take(const char *addr, enum auth_hold what)
{
	struct auth_holds	**hp = auth_holds_find(addr), *h = *hp;

	if (h == NULL) {
		h = *hp = xcalloc(1, sizeof *h);
		snprintf(h->addr, sizeof h->addr, "%s", addr);
	}
	if (h->n[what] >= auth.hold_max[what])
		return (false);
	h->n[what]++;
	return (true);
}

void
auth_hold_release(const char *addr, enum auth_hold what)
{
	struct auth_holds	**hp = auth_holds_find(addr), *h = *hp;
	int			  i;

	if (h == NULL || h->n[what] == 0)
		return;
	h->n[what]--;
	for (i = 0; i < AUTH_HOLD_COUNT && h->n[i] == 0; i++)
		;
	if (i == AUTH_HOLD_COUNT) {
		*hp = h->next;
		free(h);
	}
}

/* Forgets refilled buckets no check waits for: nothing to remember of them. */
static void
auth_sweep(evutil_socket_t fd, short events, void *arg)
{
	struct auth_entry	**ep, *e;
	uint64_t		  now = mono_ms();
	size_t			  i;

	for (i = 0; i < auth.nbuckets; i++) {
		for (ep = &auth.buckets[i]; (e = *ep) != NULL;) {
			if (e->checking == 0 && token_bucket_wait_ms(&e->bucket,
			    e->bucket.capacity, now) == 0) {
				*ep = e->next;
				free(e);
				auth.n--;
			} else
				ep = &e->next;
		}
	}
}

const char *
auth_dummy_hash(void)
{
	return (auth.dummy_hash);
}

bool
worker_submit(void (*work)(void *), void (*done)(void *), void *arg)
{
	return (worker_pool_submit(auth.workers, work, done, arg));
}

void
auth_configure(const struct server_config *cfg)
{
	auth.fail_account = cfg->auth_fail_account;
	auth.fail_address = cfg->auth_fail_address;
	auth.address_refill_per_s = 1.0 / cfg->auth_address_refill_s;
	auth.fail_invite = cfg->invite_fail_address;
	auth.hold_max[AUTH_HOLD_LOGIN] = cfg->max_unauthenticated_per_address;
	auth.hold_max[AUTH_HOLD_JOIN] = cfg->max_join_per_address;
}

bool
auth_init(struct event_base *base, const struct server_config *cfg)
{
	struct timeval	tv = { AUTH_SWEEP_MS / 1000, 0 };

	auth_configure(cfg);
	auth.holds = xcalloc(AUTH_HOLD_SLOTS, sizeof *auth.holds);
	auth.nbuckets = 4096;
	auth.buckets = xcalloc(auth.nbuckets, sizeof *auth.buckets);
	if (!password_dummy(auth.dummy_hash))
		return (false);
	auth.sweep = event_new(base, -1, EV_PERSIST, auth_sweep, NULL);
	event_add(auth.sweep, &tv);

	auth.workers = worker_pool_new(base, "password", WORKER_THREADS,
	    WORKER_QUEUE_MAX);
	return (auth.workers != NULL);
}

void
auth_shutdown(void)
{
	struct auth_entry	*e;
	struct auth_holds	*h;
	size_t			 i;

	worker_pool_free(auth.workers);
	event_free(auth.sweep);
	for (i = 0; i < auth.nbuckets; i++) {
		while ((e = auth.buckets[i]) != NULL) {
			auth.buckets[i] = e->next;
			free(e);
		}
	}
	free(auth.buckets);
	for (i = 0; i < AUTH_HOLD_SLOTS; i++) {
		while ((h = auth.holds[i]) != NULL) {
			auth.holds[i] = h->next;
			free(h);
		}
	}
	free(auth.holds);
}
