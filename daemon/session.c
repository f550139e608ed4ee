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

/* Who a conn is: the conn holds it (conn_owner) from open to close. */
struct session {
	enum conn_mode		 mode;
	struct store_user	 user;		/* empty in a join session until it registers */
	struct person		*person;	/* shared by the person's sessions; NULL in join */
	int64_t			*rooms;		/* followed room ids (hub) */
	int64_t			*room_floors;	/* per room: the first visible id - 1 */
	uint32_t		 nrooms;

	/* Runs once the current reply is delivered (after registering). */
	session_then_fn		*after_reply;

	struct op_async		*async;		/* the op running off the loop, if any */

	/* Its start, put off while a commit is in flight (the conn paused). */
	struct server_later	 start;
	bool			 starting;

	int64_t			 opened_ms;	/* wall clock, for staffroomctl who */
	uint64_t		 active_ms;	/* monotonic time of the last request */
	bool			 idle;		/* no request for the idle time (presence.c) */
};

static struct session *
session_of(const struct conn *c)
{
	return (conn_owner(c));
}

const struct store_user *
session_user(const struct conn *c)
{
	return (&session_of(c)->user);
}

bool
session_is_join(const struct conn *c)
{
	return (session_of(c)->mode == CONN_JOIN);
}

struct person *
session_person(const struct conn *c)
{
	return (session_of(c)->person);
}

const int64_t *
session_rooms(const struct conn *c, const int64_t **floors, uint32_t *n)
{
	struct session	*s = session_of(c);

	*floors = s->room_floors;
	*n = s->nrooms;
	return (s->rooms);
}

void
session_set_async(struct conn *c, struct op_async *a)
{
	session_of(c)->async = a;
	if (a != NULL)
		conn_pause(c);
	else
		conn_resume(c);
}

void
session_after_reply(struct conn *c, session_then_fn *fn)
{
	session_of(c)->after_reply = fn;
}

session_then_fn *
session_take_after_reply(struct conn *c)
{
	struct session	*s = session_of(c);
	session_then_fn	*fn = s->after_reply;

	s->after_reply = NULL;
	return (fn);
}

bool
session_is_idle(const struct conn *c)
{
	return (session_of(c)->idle);
}

void
session_activity(struct conn *c)
{
	struct session		*s = session_of(c);
	struct presence_mark	*m;

	if (s->mode != CONN_USER)
		return;
	s->active_ms = mono_ms();
	if (!s->idle)
		return;
	m = presence_before(s->user.id);
	s->idle = false;
	presence_after(m);
}

void
session_idle_check(struct conn *c, uint64_t now, uint64_t idle_ms)
{
	struct session		*s = session_of(c);
	struct presence_mark	*m;

	if (s->mode != CONN_USER || s->starting || s->idle ||
	    now - s->active_ms < idle_ms)
		return;
	m = presence_before(s->user.id);
	s->idle = true;
	presence_after(m);
}

bool
session_describe(const struct conn *c, struct session_info *info)
{
	const struct session	*s = session_of(c);
	uint64_t		 now = mono_ms();

	if (s == NULL)
		return (false);
	info->join = s->mode == CONN_JOIN;
	info->handle = s->mode == CONN_JOIN ? PROTO_JOIN_HANDLE : s->user.handle;
	info->opened_ms = s->opened_ms;
	info->idle_ms = now > s->active_ms ? now - s->active_ms : 0;
	return (true);
}

const char *
session_name(const struct conn *c)
{
	return (session_of(c)->user.handle);
}

bool
session_init(struct event_base *base, const char *dir)
{
	hub_init();
	presence_init();
	reminders_start();
	retention_start();
	return (search_init(base, dir));
}

void
session_shutdown(void)
{
	search_shutdown();
	presence_shutdown();
	reminders_stop();
	retention_stop();
}

void
session_subscribe_rooms(struct conn *c)
{
	struct session	*s = session_of(c);
	uint32_t	 i;

	hub_unsubscribe(c, s->rooms, s->nrooms);
	free(s->rooms);
	free(s->room_floors);
	s->rooms = chat_user_rooms(&s->user, &s->nrooms, &s->room_floors);
	for (i = 0; i < s->nrooms; i++)
		hub_subscribe(c, s->rooms[i]);
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
	struct session		*s = session_of(c);

	if (r->taken)
		return;
	r->taken = true;
	r->user = s->user;
	r->n = s->nrooms;
	r->v = xcalloc(s->nrooms + 1, sizeof *r->v);
	if (s->nrooms > 0)	/* rooms is NULL before any: memcpy must not see it */
		memcpy(r->v, s->rooms, s->nrooms * sizeof *r->v);
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
	session_of(c)->user = *(const struct store_user *)arg;
	session_subscribe_rooms(c);
}

static bool
session_same_scopes(const struct store_mod_scopes *a,
    const struct store_mod_scopes *b)
{
	int	i;

	if (a->n != b->n)
		return (false);
	for (i = 0; i < a->n; i++) {
		if (a->v[i].scope != b->v[i].scope ||
		    a->v[i].region_id != b->v[i].region_id ||
		    a->v[i].trust_id != b->v[i].trust_id)
			return (false);
	}
	return (true);
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
	    u.region_id != before.user.region_id || u.role != before.user.role ||
	    !session_same_scopes(&u.mods, &before.user.mods))
		hub_publish_user_json(user_id, json_pack("{s:s, s:o}", "ev", "me",
		    "me", chat_user_json(&u)));
	session_rooms_tell(&u, &after, &before, true);
	session_rooms_tell(&u, &before, &after, false);
	free(before.v);
	free(after.v);
}

static void
session_rename_one(struct conn *c, void *arg)
{
	struct session	*s = session_of(c);

	snprintf(s->user.name, sizeof s->user.name, "%s", (const char *)arg);
}

void
session_rename_user(int64_t user_id, const char *name)
{
	hub_foreach_user_conn(user_id, session_rename_one, (void *)name);
}

static void
session_hello(struct conn *c)
{
	struct session	*s = session_of(c);

	conn_send_json(c, chat_hello(s->mode == CONN_JOIN ? NULL : &s->user),
	    false);
}

/* The conn speaks for this person from now on: their rooms, their presence. */
static void
session_take_user(struct conn *c, const struct store_user *user)
{
	struct session		*s = session_of(c);
	struct presence_mark	*m;

	s->mode = CONN_USER;
	s->user = *user;
	s->active_ms = mono_ms();
	m = presence_before(user->id);
	s->person = hub_add_user_conn(c, user->id);
	presence_after(m);
	session_subscribe_rooms(c);
}

/* The hello, and for a person their rooms, presence and what came meanwhile. */
static void
session_start(void *arg)
{
	struct conn		*c = arg;
	struct session		*s = session_of(c);
	const struct store_user	 user = s->user;

	/* A login's dozen reads: one read transaction, not one each. */
	store_read_hold(server.store);
	/* Barred: told why before anything else, and never online. */
	if (s->mode == CONN_USER && mod_session_barred(c, &user))
		goto done;
	if (s->mode == CONN_USER)
		session_take_user(c, &user);
	session_hello(c);
	if (s->mode == CONN_USER)
		mod_session_started(c);
done:
	store_read_release(server.store);
	/* Its requests, held meanwhile, come after the hello. */
	if (s->starting) {
		s->starting = false;
		conn_resume(c);
	}
}

/*
 * The start may write (the sanctions' "seen" marks): while a commit is in
 * flight it waits for the commit, and the conn's requests behind it,
 * instead of the whole loop waiting.
 */
void
session_open(struct conn *c, enum conn_mode mode, const struct store_user *user)
{
	struct session	*s = xcalloc(1, sizeof *s);

	s->mode = mode;
	if (mode == CONN_USER)
		s->user = *user;
	s->opened_ms = now_ms();
	s->active_ms = mono_ms();
	s->start.fn = session_start;
	s->start.arg = c;
	conn_set_owner(c, s);
	if (!server_later(&s->start)) {
		s->starting = true;
		conn_pause(c);
	}
}

static void
session_close_registered(struct conn *c)
{
	conn_close(c, "registered");
}

/* A spawned join form continues as the new person: no second login needed. */
static void
session_continue_as_user(struct conn *c)
{
	struct store_user	u = session_of(c)->user;

	session_become_user(c, &u);
}

void
session_registered(struct conn *c, const struct store_user *user)
{
	struct session	*s = session_of(c);

	s->user = *user;
	s->after_reply = conn_can_become_user(c) ? session_continue_as_user :
	    session_close_registered;
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

bool
session_must_wait(struct conn *c, const char *line, size_t len)
{
	return (op_must_wait(c, line, len));
}

void
session_close(struct conn *c)
{
	struct session		*s = session_of(c);
	struct presence_mark	*m;

	if (s->async != NULL)
		s->async->conn = NULL;
	server_later_cancel(&s->start);
	hub_unsubscribe(c, s->rooms, s->nrooms);
	if (s->mode == CONN_USER && !s->starting) {
		store_read_hold(server.store);
		m = presence_before(s->user.id);
		s->person = NULL;
		hub_remove_user_conn(c, s->user.id);
		presence_after(m);
		store_read_release(server.store);
	}
	free(s->rooms);
	free(s->room_floors);
	conn_set_owner(c, NULL);
	free(s);
}
