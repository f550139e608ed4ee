/*
 * presence.c: whether a person is online, away (set, or every session idle
 * for ten minutes), offline (with when they were last seen) or hiding it.
 * Changes go as `presence` events only to the people who share a DM or a
 * buddy chat with them; anyone else asks with presence.get.
 *
 * A change is found by comparing: presence_before reads the status, the
 * caller changes something (a session opens or closes, goes idle, the
 * person sets away), presence_after reads it again and tells the watchers
 * when it differs. Nothing is kept per person between the two.
 */
#include "config.h"

#include <event2/event.h>

#include <stdlib.h>
#include <string.h>

#include "op.h"

#define PRESENCE_IDLE_MS	(10 * 60 * 1000)
#define PRESENCE_TICK_S		30
#define PRESENCE_MAX_WATCHERS	1000

struct presence_mark {
	struct store_profile	 p;
	const char		*status;	/* NULL when the profile was unreadable */
};

static struct event	*presence_tick;

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
	if (strcmp(status, "offline") == 0 && last_seen_ms > 0)
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

void
presence_after(struct presence_mark *m)
{
	struct presence_fanout	 f = { &m->p, NULL };
	const char		*status;

	if (m->status == NULL ||
	    store_profile_get(server.store, m->p.user_id, &m->p) != STORE_OK) {
		free(m);
		return;
	}
	status = presence_status(&m->p);
	if (strcmp(status, m->status) != 0) {
		if (strcmp(status, "offline") == 0) {
			m->p.last_seen_ms = now_ms();
			if (store_last_seen_set(server.store, m->p.user_id,
			    m->p.last_seen_ms) != STORE_OK)
				log_warn("last seen of %s not saved", m->p.handle);
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

/* Sessions that passed the idle time since the last tick go idle. */
static void
presence_idle_check(struct conn *c, void *arg)
{
	session_idle_check(c, *(const uint64_t *)arg, PRESENCE_IDLE_MS);
}

static void
presence_tick_cb(evutil_socket_t fd, short events, void *arg)
{
	uint64_t	now = mono_ms();

	conn_foreach(presence_idle_check, &now);
}

void
presence_init(struct event_base *base)
{
	struct timeval	tick = { PRESENCE_TICK_S, 0 };

	presence_tick = event_new(base, -1, EV_PERSIST, presence_tick_cb, NULL);
	event_add(presence_tick, &tick);
}

void
presence_shutdown(void)
{
	if (presence_tick != NULL)
		event_free(presence_tick);
	presence_tick = NULL;
}

