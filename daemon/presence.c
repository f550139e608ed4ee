/*
 * presence.c: whether a person is online, away (set, or every session idle
 * for ten minutes), offline (with when they were last seen) or hiding it.
 * Changes go as `presence` events only to the people who share a DM or a
 * buddy chat with them; anyone else asks with presence.get.
 *
 * A change is found by comparing: presence_before reads the status, the
 * caller changes something (a session opens or closes, goes idle, the
 * person sets away), presence_after works it out again and tells the
 * watchers when it differs. Nothing is kept per person between the two.
 */
#include "config.h"

#include <event2/event.h>

#include <stdlib.h>
#include <string.h>

#include "op.h"

#define PRESENCE_IDLE_MS	(10 * 60 * 1000)
#define PRESENCE_TICK_S		30
#define PRESENCE_MAX_WATCHERS	1000
#define PRESENCE_SEEN_WRITE_S	5

struct presence_mark {
	struct store_profile	 p;
	const char		*status;	/* NULL when the profile was unreadable */
};

static struct event	*presence_tick;

/*
 * When people went offline, not yet written. A logout that wrote its
 * last_seen at once made a commit (and an fsync) of its own, most of what
 * a logout costs; they are written together every few seconds instead,
 * and at shutdown. Until then presence_put reads them from here, so what
 * people are shown never lags; only a crash loses those seconds.
 */
static struct {
	int64_t		*ids;		/* open addressing; 0 is a free slot */
	int64_t		*ms;
	size_t		 cap;		/* a power of two, or 0 */
	size_t		 n;
	struct event	*write;
} presence_seen;

static size_t
presence_seen_slot(int64_t user_id)
{
	size_t	mask = presence_seen.cap - 1;
	size_t	i = (size_t)(((uint64_t)user_id * 0x9e3779b97f4a7c15ULL) >> 32) &
		    mask;

	while (presence_seen.ids[i] != 0 && presence_seen.ids[i] != user_id)
		i = (i + 1) & mask;
	return (i);
}

/* The time user_id went offline: the one not yet written, else stored. */
static int64_t
presence_seen_ms(int64_t user_id, int64_t stored)
{
	size_t	i;

	if (presence_seen.n == 0)
		return (stored);
	i = presence_seen_slot(user_id);
	return (presence_seen.ids[i] != 0 ? presence_seen.ms[i] : stored);
}

static void
presence_seen_grow(void)
{
	int64_t	*ids = presence_seen.ids, *ms = presence_seen.ms;
	size_t	 cap = presence_seen.cap, i, slot;

	presence_seen.cap = cap == 0 ? 64 : cap * 2;
	presence_seen.ids = xcalloc(presence_seen.cap, sizeof *ids);
	presence_seen.ms = xcalloc(presence_seen.cap, sizeof *ms);
	for (i = 0; i < cap; i++) {
		if (ids[i] == 0)
			continue;
		slot = presence_seen_slot(ids[i]);
		presence_seen.ids[slot] = ids[i];
		presence_seen.ms[slot] = ms[i];
	}
	free(ids);
	free(ms);
}

static void
presence_seen_note(int64_t user_id, int64_t ms)
{
	struct timeval	tv = { PRESENCE_SEEN_WRITE_S, 0 };
	size_t		i;

	if ((presence_seen.n + 1) * 2 > presence_seen.cap)
		presence_seen_grow();
	i = presence_seen_slot(user_id);
	if (presence_seen.ids[i] == 0) {
		presence_seen.ids[i] = user_id;
		presence_seen.n++;
	}
	presence_seen.ms[i] = ms;
	if (!evtimer_pending(presence_seen.write, NULL))
		evtimer_add(presence_seen.write, &tv);
}

/* One transaction for all of them, committed with the turn. */
static void
presence_seen_write(void *arg)
{
	size_t	i;

	for (i = 0; i < presence_seen.cap && presence_seen.n > 0; i++) {
		if (presence_seen.ids[i] == 0)
			continue;
		if (store_last_seen_set(server.store, presence_seen.ids[i],
		    presence_seen.ms[i]) != STORE_OK)
			log_warn("last seen of user %lld not saved",
			    (long long)presence_seen.ids[i]);
		presence_seen.ids[i] = 0;
		presence_seen.n--;
	}
}

static void
presence_count_active(struct conn *c, void *arg)
{
	if (!session_is_idle(c))
		(*(size_t *)arg)++;
}

static const char *
presence_status_of(int64_t user_id, bool hidden, bool away)
{
	size_t	active = 0;

	if (hidden)
		return ("hidden");
	if (hub_user_conn_count(user_id) == 0)
		return ("offline");
	hub_foreach_user_conn(user_id, presence_count_active, &active);
	if (away || active == 0)
		return ("away");
	return ("online");
}

static const char *
presence_status(const struct store_profile *p)
{
	return (presence_status_of(p->user_id, p->presence_hidden,
	    p->presence_away));
}

/* A person's "status", and "last_seen" when offline, into obj. */
void
presence_put(json_t *obj, int64_t user_id, bool hidden, bool away,
    int64_t last_seen_ms)
{
	const char	*status = presence_status_of(user_id, hidden, away);

	json_object_set_new(obj, "status", json_string(status));
	if (strcmp(status, "offline") != 0)
		return;
	last_seen_ms = presence_seen_ms(user_id, last_seen_ms);
	if (last_seen_ms > 0)
		json_object_set_new(obj, "last_seen", json_integer(last_seen_ms));
}

json_t *
presence_json(const struct store_profile *p)
{
	json_t	*obj = json_pack("{s:s}", "handle", p->handle);

	presence_put(obj, p->user_id, p->presence_hidden, p->presence_away,
	    p->last_seen_ms);
	return (obj);
}

struct presence_fanout {
	const struct store_profile	*p;
	struct blob			*event;
};

static void
presence_tell_watcher(int64_t watcher, bool blocked, void *arg)
{
	struct presence_fanout	*f = arg;

	if (policy_can_see_presence(f->p, blocked))
		hub_publish_user(watcher, f->event);
}

struct presence_mark *
presence_before(int64_t user_id)
{
	struct presence_mark	*m = xcalloc(1, sizeof *m);

	if (store_profile_get(server.store, user_id, &m->p) == STORE_OK)
		m->status = presence_status(&m->p);
	return (m);
}

/*
 * The profile read before still holds: only the person's sessions (or
 * their idleness) changed, or presence_after_set put in what did. One
 * read of it a login and a logout fewer.
 */
void
presence_after(struct presence_mark *m)
{
	struct presence_fanout	 f = { &m->p, NULL };
	const char		*status;

	if (m->status == NULL) {
		free(m);
		return;
	}
	status = presence_status(&m->p);
	if (strcmp(status, m->status) != 0) {
		if (strcmp(status, "offline") == 0) {
			m->p.last_seen_ms = now_ms();
			presence_seen_note(m->p.user_id, m->p.last_seen_ms);
		}
		f.event = blob_encode(json_pack("{s:s, s:o}", "ev", "presence",
		    "presence", presence_json(&m->p)));
		if (store_presence_watchers(server.store, m->p.user_id,
		    PRESENCE_MAX_WATCHERS, presence_tell_watcher, &f) != STORE_OK)
			log_warn("presence of %s not told", m->p.handle);
		blob_unref(f.event);
	}
	free(m);
}

void
presence_after_set(struct presence_mark *m, bool away, bool hidden)
{
	m->p.presence_away = away;
	m->p.presence_hidden = hidden;
	presence_after(m);
}

/* Sessions that passed the idle time since the last tick go idle. */
static void
presence_idle_check(struct conn *c, void *arg)
{
	session_idle_check(c, *(const uint64_t *)arg, PRESENCE_IDLE_MS);
}

static void
presence_tick_cb(void *arg)
{
	uint64_t	now = mono_ms();

	conn_foreach(presence_idle_check, &now);
}

void
presence_init(void)
{
	struct timeval	tick = { PRESENCE_TICK_S, 0 };

	/* Both use the store (an idle check reads profiles). */
	presence_tick = server_timer_new(EV_PERSIST, presence_tick_cb, NULL);
	event_add(presence_tick, &tick);
	presence_seen.write = server_timer_new(0, presence_seen_write, NULL);
}

/* After the last session has closed: what is left is written now. */
void
presence_shutdown(void)
{
	server_timer_free(presence_tick);
	presence_tick = NULL;
	if (presence_seen.write != NULL) {
		presence_seen_write(NULL);
		server_timer_free(presence_seen.write);
		presence_seen.write = NULL;
	}
	free(presence_seen.ids);
	free(presence_seen.ms);
	memset(&presence_seen, 0, sizeof presence_seen);
}

