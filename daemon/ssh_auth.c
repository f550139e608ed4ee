/*
 * ssh_auth.c: how a session logs in: a registered key, a password (checked
 * on the worker, the answer sent when it comes back), or `join` with any
 * password for a join session while its address has room for one. The
 * limits on guessing and on what one address holds are auth.c's.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "ssh_private.h"

struct ssh_password_job {
	struct ssh_client	*client;	/* NULL once the client is gone */
	ssh_message		 msg;		/* answered when the check is done */
	char			 addr[64];
	char			 handle[PROTO_HANDLE_MAX + 8];
	char			 hash[PASSWORD_HASH_MAX];
	char			*password;
	const char		*method;	/* "password" or "keyboard-interactive" */
	const char		*refusal;	/* why the account cannot log in, or NULL */
	bool			 account_ok;	/* exists, enabled, has a password */
	bool			 ok;
};

/*
 * The operator's lines: one per login (how, and with what software), one per
 * refused login with the reason, one per logout with how long and why. Never
 * a password or a key, only its fingerprint.
 */
static void
ssh_auth_succeed(struct ssh_client *sc, ssh_message msg, const char *method,
    const char *key_fingerprint)
{
	struct timeval	 tv = { server.cfg.keepalive_s, 0 };
	const char	*software = ssh_get_clientbanner(sc->session);

	ssh_message_auth_reply_success(msg, 0);
	sc->authed = true;
	sc->authed_at = mono_ms();
	metrics_count(METRIC_LOGINS);
	ssh_client_release(sc, true, false);
	event_del(sc->timer);
	event_add(sc->timer, &tv);
	log_info("login: %s from %s by %s%s%s (%s)",
	    sc->is_join ? PROTO_JOIN_HANDLE : sc->handle, sc->addr, method,
	    key_fingerprint != NULL ? " " : "",
	    key_fingerprint != NULL ? key_fingerprint : "",
	    software != NULL ? software : "unknown software");
}

static void
ssh_auth_note_refusal(struct ssh_client *sc, const char *handle, const char *why)
{
	snprintf(sc->refused_handle, sizeof sc->refused_handle, "%s",
	    handle != NULL ? handle : "");
	sc->refused_why = why;
}

void
ssh_auth_log_end(struct ssh_client *sc)
{
	char	took[32];

	if (sc->authed) {
		duration_text(mono_ms() - sc->authed_at, took, sizeof took);
		log_info("logout: %s from %s after %s (%s)",
		    sc->is_join ? PROTO_JOIN_HANDLE : sc->handle, sc->addr,
		    took, sc->end_reason != NULL ? sc->end_reason :
		    "connection closed");
	} else if (sc->keys_refused > 0 && sc->refused_why != NULL)
		log_info("login failed: %s from %s by publickey: %s (%d %s "
		    "offered)", sc->refused_handle, sc->addr, sc->refused_why,
		    sc->keys_refused, sc->keys_refused == 1 ? "key" : "keys");
}

static void
ssh_auth_refuse(ssh_message msg)
{
	ssh_message_auth_set_methods(msg, SSH_AUTH_METHODS);
	ssh_message_reply_default(msg);
}

/* Looks up an enabled account by handle: NULL, else why not. */
static const char *
ssh_account_refusal(const char *handle, struct store_user *u)
{
	if (handle == NULL || !proto_handle_valid(handle))
		return ("not a valid handle");
	if (store_user_by_handle(server.store, handle, u) != STORE_OK)
		return ("no such account");
	if (u->disabled)
		return ("account disabled");
	return (NULL);
}

static bool
ssh_account(const char *handle, struct store_user *u)
{
	return (ssh_account_refusal(handle, u) == NULL);
}

static void
ssh_auth_pubkey(struct ssh_client *sc, ssh_message msg)
{
	const char		*handle = ssh_message_auth_user(msg);
	enum ssh_publickey_state_e state = ssh_message_auth_publickey_state(msg);
	ssh_key			 key = ssh_message_auth_pubkey(msg);
	struct store_user	 u;
	unsigned char		*hash = NULL;
	size_t			 hlen;
	char			*fp = NULL;
	const char		*why;
	int64_t			 owner = 0;
	bool			 match = false;

	if ((why = ssh_account_refusal(handle, &u)) == NULL &&
	    ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
	    &hlen) == 0 &&
	    (fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash,
	    hlen)) != NULL &&
	    store_key_owner(server.store, fp, &owner) == STORE_OK)
		match = owner == u.id;
	ssh_clean_pubkey_hash(&hash);

	if (!match) {
		/* A client offers its keys in turn: one line when it gives up. */
		sc->keys_refused++;
		ssh_auth_note_refusal(sc, handle, why != NULL ? why :
		    "no key offered is registered for the account");
		ssh_auth_refuse(msg);
	} else if (state == SSH_PUBLICKEY_STATE_NONE)
		ssh_message_auth_reply_pk_ok_simple(msg);
	else if (state == SSH_PUBLICKEY_STATE_VALID) {
		ssh_client_set_user(sc, &u);
		ssh_auth_succeed(sc, msg, "publickey", fp);
	} else
		ssh_auth_refuse(msg);
	ssh_string_free_char(fp);
	ssh_message_free(msg);
}

/* Any password opens a join session, while the address has room for one. */
static void
ssh_auth_join(struct ssh_client *sc, ssh_message msg)
{
	static const char	 full[] = "Too many people are joining from your "
				    "address at once; try again in a few minutes.\r\n";
	ssh_string		 banner;

	if (!sc->holds_join && !auth_hold_take(sc->addr, AUTH_HOLD_JOIN)) {
		log_info("login failed: join from %s: too many join sessions "
		    "from there", sc->addr);
		if ((banner = ssh_string_from_char(full)) != NULL) {
			ssh_send_issue_banner(sc->session, banner);
			ssh_string_free(banner);
		}
		ssh_auth_refuse(msg);
		return;
	}
	sc->holds_join = true;
	sc->is_join = true;
	ssh_auth_succeed(sc, msg, "any password (join)", NULL);
}

static void
ssh_password_work(void *arg)
{
	struct ssh_password_job	*job = arg;

	job->ok = password_verify(job->hash, job->password);
}

static void
ssh_password_job_free(struct ssh_password_job *job)
{
	if (job->password != NULL) {
		memset(job->password, 0, strlen(job->password));
		free(job->password);
	}
	free(job);
}

static void
ssh_password_done(void *arg)
{
	struct ssh_password_job	*job = arg;
	struct ssh_client	*sc = job->client;
	struct store_user	 u;
	bool			 account;

	auth_password_end(job->addr, job->handle, job->ok && job->account_ok);
	if (sc == NULL) {
		ssh_message_free(job->msg);
		ssh_password_job_free(job);
		return;
	}
	sc->password_job = NULL;
	store_read_hold(server.store);
	account = job->ok && job->account_ok && ssh_account(job->handle, &u);
	store_read_release(server.store);
	if (account) {
		ssh_client_set_user(sc, &u);
		ssh_auth_succeed(sc, job->msg, job->method, NULL);
	} else {
		log_info("login failed: %s from %s by %s: %s", job->handle,
		    sc->addr, job->method, job->refusal != NULL ? job->refusal :
		    "wrong password");
		ssh_auth_refuse(job->msg);
	}
	ssh_message_free(job->msg);
	ssh_password_job_free(job);
	ssh_client_schedule(sc);
}

/*
 * Checks a password (from "password" or "keyboard-interactive") on the
 * worker and answers msg when done. Unknown accounts are checked against a
 * dummy hash so the answer takes as long whether or not the handle exists.
 * The guess counts from now, not from the answer: a burst of parallel
 * guesses gets no more checks than the limits allow.
 */
static void
ssh_auth_password(struct ssh_client *sc, ssh_message msg, const char *method,
    const char *handle, const char *password)
{
	struct ssh_password_job	*job;
	struct store_user	 u;

	if (handle != NULL && password != NULL &&
	    strcmp(handle, PROTO_JOIN_HANDLE) == 0) {
		ssh_auth_join(sc, msg);
		ssh_message_free(msg);
		return;
	}
	if (handle == NULL || password == NULL ||
	    !auth_password_begin(sc->addr, handle)) {
		if (handle != NULL && password != NULL)
			log_info("login failed: %s from %s by %s: locked out, "
			    "too many failed passwords for the account or from "
			    "the address (refused unchecked)", handle, sc->addr,
			    method);
		ssh_auth_refuse(msg);
		ssh_message_free(msg);
		return;
	}
	job = xcalloc(1, sizeof *job);
	job->client = sc;
	job->msg = msg;
	snprintf(job->addr, sizeof job->addr, "%s", sc->addr);
	snprintf(job->handle, sizeof job->handle, "%s", handle);
	job->password = xstrdup(password);
	job->method = method;
	job->refusal = ssh_account_refusal(handle, &u);
	job->account_ok = job->refusal == NULL &&
	    store_user_password(server.store, u.id, job->hash,
	    sizeof job->hash) == STORE_OK;
	if (job->refusal == NULL && !job->account_ok)
		job->refusal = "the account has no password (keys only)";
	if (!job->account_ok)
		snprintf(job->hash, sizeof job->hash, "%s", auth_dummy_hash());
	if (!worker_submit(ssh_password_work, ssh_password_done, job)) {
		auth_password_end(job->addr, job->handle, true);	/* not checked */
		ssh_auth_refuse(msg);
		ssh_message_free(msg);
		ssh_password_job_free(job);
		return;
	}
	sc->password_job = job;
}

static void
ssh_auth_interactive(struct ssh_client *sc, ssh_message msg)
{
	const char	*prompts[] = { "Password: " };
	char		 echo[] = { 0 };
	const char	*user;

	if (!ssh_message_auth_kbdint_is_response(msg)) {
		user = ssh_message_auth_user(msg);
		snprintf(sc->kbdint_user, sizeof sc->kbdint_user, "%s",
		    user != NULL ? user : "");
		ssh_message_auth_interactive_request(msg, "staffroom", "", 1,
		    prompts, echo);
		ssh_message_free(msg);
		return;
	}
	if (ssh_userauth_kbdint_getnanswers(sc->session) != 1) {
		ssh_auth_refuse(msg);
		ssh_message_free(msg);
		return;
	}
	ssh_auth_password(sc, msg, "keyboard-interactive", sc->kbdint_user,
	    ssh_userauth_kbdint_getanswer(sc->session, 0));
}

void
ssh_handle_auth(struct ssh_client *sc, ssh_message msg)
{
	if (sc->authed) {
		ssh_message_reply_default(msg);
		ssh_message_free(msg);
		return;
	}
	switch (ssh_message_subtype(msg)) {
	case SSH_AUTH_METHOD_PUBLICKEY:
		ssh_auth_pubkey(sc, msg);
		break;
	case SSH_AUTH_METHOD_PASSWORD:
		ssh_auth_password(sc, msg, "password", ssh_message_auth_user(msg),
		    ssh_message_auth_password(msg));
		break;
	case SSH_AUTH_METHOD_INTERACTIVE:
		ssh_auth_interactive(sc, msg);
		break;
	default:
		ssh_auth_refuse(msg);
		ssh_message_free(msg);
		break;
	}
}

void
ssh_auth_forget(struct ssh_client *sc)
{
	if (sc->password_job != NULL)
		sc->password_job->client = NULL;
}
