/*
 * session.c: who a conn is. A conn (conn.c) knows bytes, lines and queues;
 * its session is the person it speaks for (or a join session that may only
 * register), the hello it starts with, the rooms it follows (hub.c) and its
 * part in the person's presence (presence.c). The conn owns its session:
 * the transport decides when a conn begins and ends, and a join session
 * that registers becomes the new person on the same conn.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "op.h"

bool
session_init(struct event_base *base, const char *dir)
{
	hub_init();
	presence_init(base);
	return (search_init(base, dir));
}

void
session_shutdown(void)
{
	search_shutdown();
	presence_shutdown();
}

void
session_subscribe_rooms(struct conn *c)
{
	uint32_t	 i;

	hub_unsubscribe_all(c);
	free(c->rooms);
	free(c->room_floors);
	c->rooms = chat_user_rooms(&c->user, &c->nrooms, &c->room_floors);
	for (i = 0; i < c->nrooms; i++)
		hub_subscribe(c, c->rooms[i]);
}

static void
session_resubscribe(struct conn *c, void *arg)
{
	session_subscribe_rooms(c);
}

void
session_resubscribe_user(int64_t user_id)
{
	hub_foreach_user_conn(user_id, session_resubscribe, NULL);
}

/* The record and rooms one session of a person holds, copied. */
struct session_rooms {
	struct store_user	 user;
	int64_t			*v;
	uint32_t		 n;
	bool			 taken;
};

static void
session_rooms_take(struct conn *c, void *arg)
{
	struct session_rooms	*r = arg;

	if (r->taken)
		return;
	r->taken = true;
	r->user = c->user;
	r->n = c->nrooms;
	r->v = xcalloc(c->nrooms + 1, sizeof *r->v);
	memcpy(r->v, c->rooms, c->nrooms * sizeof *r->v);
}

static bool
session_rooms_has(const struct session_rooms *r, int64_t id)
{
	uint32_t	i;

	for (i = 0; i < r->n; i++) {
		if (r->v[i] == id)
			return (true);
	}
	return (false);
}

/* Tells the person of each room in a but not in b: appeared or gone. */
static void
session_rooms_tell(const struct store_user *u, const struct session_rooms *a,
    const struct session_rooms *b, bool appeared)
{
	struct store_room	room;
	uint32_t		i;

	for (i = 0; i < a->n; i++) {
		if (session_rooms_has(b, a->v[i]) ||
		    store_room_by_id(server.store, a->v[i], &room) != STORE_OK)
			continue;
		if (appeared)
			buddy_tell_room(u, &room);
		else
			buddy_tell_gone(u->id, &room, "removed");
	}
}

/* A session takes the person's new record, and the rooms it gives. */
static void
session_take_record(struct conn *c, void *arg)
{
	c->user = *(const struct store_user *)arg;
	session_subscribe_rooms(c);
}

/*
 * Something outside the person's own requests (staffroomctl) changed their
 * record or which rooms they belong to. Every session takes the new record,
 * so policy from now on asks with the region and role they have now; follows
 * the rooms they have now; and is told of a new region, role or name (me) and
 * of each room that appeared (room) or went (room_gone).
 */
void
session_follow_user(int64_t user_id)
{
	struct session_rooms	before = { .taken = false };
	struct session_rooms	after = { .taken = false };
	struct store_user	u;

	hub_foreach_user_conn(user_id, session_rooms_take, &before);
	if (!before.taken)
		return;
	if (store_user_by_id(server.store, user_id, &u) != STORE_OK) {
		log_warn("cannot read the record of user %lld",
		    (long long)user_id);
		free(before.v);
		return;
	}
	hub_foreach_user_conn(user_id, session_take_record, &u);
	hub_foreach_user_conn(user_id, session_rooms_take, &after);
	if (strcmp(u.name, before.user.name) != 0 ||
	    u.region_id != before.user.region_id || u.role != before.user.role)
		hub_publish_user_json(user_id, json_pack("{s:s, s:o}", "ev", "me",
		    "me", chat_user_json(&u)));
	session_rooms_tell(&u, &after, &before, true);
	session_rooms_tell(&u, &before, &after, false);
	free(before.v);
	free(after.v);
}

static void
session_hello(struct conn *c)
{
	conn_send_json(c, chat_hello(c), false);
}

/* The conn speaks for this person from now on: their rooms, their presence. */
static void
session_take_user(struct conn *c, const struct store_user *user)
{
	struct presence_mark	*m;

	c->mode = CONN_USER;
	c->user = *user;
	c->active_ms = mono_ms();
	m = presence_before(user->id);
	hub_add_user_conn(c);
	presence_after(m);
	session_subscribe_rooms(c);
}

void
session_open(struct conn *c, enum conn_mode mode, const struct store_user *user)
{
	c->mode = mode;
	if (mode == CONN_USER) {
		/* Barred: told why before anything else, and never online. */
		c->user = *user;
		if (mod_session_barred(c, user))
			return;
		session_take_user(c, user);
	}
	session_hello(c);
	if (mode == CONN_USER)
		mod_session_started(c);
}

void
session_become_user(struct conn *c, const struct store_user *user)
{
	session_take_user(c, user);
	conn_became_user(c, user);
	session_hello(c);
}

void
session_ctl_committed(void)
{
	op_guard_load(server.store);
}

size_t
session_count(int64_t user_id)
{
	return (hub_user_conn_count(user_id));
}

void
session_request(struct conn *c, struct proto_request *req)
{
	op_dispatch(c, req);
}

void
session_close(struct conn *c)
{
	struct presence_mark	*m;

	if (c->async != NULL)
		c->async->conn = NULL;
	hub_unsubscribe_all(c);
	if (c->mode == CONN_USER) {
		m = presence_before(c->user.id);
		hub_remove_user_conn(c);
		presence_after(m);
	}
	free(c->rooms);
	free(c->room_floors);
}
