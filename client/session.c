/*
 * session.c: what the client knows, kept across reconnects. Rooms come from
 * rooms.list; each holds a run of messages with no gaps up to the newest
 * (live events, then sync after a reconnect, fill it at the top; history
 * pages extend it at the bottom). c->last_seen is the id below which
 * nothing has been missed: it moves with live events, and while a sync is
 * catching up it waits for the sync to finish, so a second drop in the
 * middle of a sync still resumes from the right place.
 *
 * Messages typed while offline wait in the outbox. One that was in flight
 * when the connection dropped may or may not have been committed; after the
 * sync we look for it (same room, author and body, newer than when it was
 * sent) before sending it again, so it is neither lost nor doubled.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "staffroom.h"

#define SESSION_COUNT_MAX	9999

static void	session_sync(struct client *, int64_t);
static void	session_list_rooms(struct client *);

/* session_goto: the room to go to once the rooms are listed again. */
static char	*session_want;
static int	 session_relist;

struct room *
session_room(struct client *c, const char *id)
{
	size_t	i;

	for (i = 0; i < c->nrooms; i++) {
		if (strcmp(c->rooms[i]->id, id) == 0)
			return (c->rooms[i]);
	}
	return (NULL);
}

struct room *
session_current(struct client *c)
{
	return (c->nrooms == 0 ? NULL : c->rooms[c->current]);
}

static bool
session_is_me(struct client *c, const char *handle)
{
	return (c->handle != NULL && strcmp(c->handle, handle) == 0);
}

static void
session_count(int *n)
{
	if (*n < SESSION_COUNT_MAX)
		(*n)++;
}

/*
 * Takes in one message object from a reply or an event; a mention event's
 * message is marked before it is shown.
 */
static struct msg *
session_ingest_as(struct client *c, json_t *obj, enum msg_origin origin,
    bool mention)
{
	struct room	*r;
	struct msg	*m;
	bool		 counted;

	if ((m = msg_from_json(obj)) == NULL)
		return (NULL);
	if ((r = session_room(c, json_string_value(json_object_get(obj,
	    "room")))) == NULL) {
		/*
		 * A room we were just added to (someone's first DM): list the
		 * rooms again, and take the message in once its room is there,
		 * so it is shown and rings like any other.
		 */
		msg_free(m);
		if (c->unlisted == NULL)
			c->unlisted = json_array();
		json_array_append_new(c->unlisted, json_pack("{s:O, s:i, s:b}",
		    "msg", obj, "origin", (int)origin, "mention", mention));
		session_list_rooms(c);
		return (NULL);
	}
	if (origin == MSG_LIVE || origin == MSG_OWN) {
		if (c->syncing)
			c->live_max = m->id > c->live_max ? m->id : c->live_max;
		else if (m->id > c->last_seen)
			c->last_seen = m->id;
	}
	/* A message the room's listing already counted is not counted again. */
	counted = m->id <= r->last_id;
	if (!room_insert(r, m)) {
		msg_free(m);
		return (NULL);
	}
	/* The mention event may come after: the text says it already. */
	m->mention = mention || session_mentions_me(c, m->body);
	/* One's own newest message is read: no "new messages" line over it. */
	if (session_is_me(c, m->from) && r->msgs[r->nmsgs - 1] == m &&
	    (r->nmsgs == 1 || r->msgs[r->nmsgs - 2]->id <= r->marker))
		r->marker = m->id;
	/* After a reconnect, rooms.list has already counted what sync brings. */
	if (origin == MSG_LIVE && !session_is_me(c, m->from) &&
	    m->id > r->read_upto && !counted)
		session_count(&r->unread);
	c->fe->message(c, r, m, origin);
	if (origin == MSG_LIVE && !session_is_me(c, m->from) &&
	    (r->kind == ROOM_DM || m->mention))
		session_bell(c, r);
	return (m);
}

/*
 * A DM or a mention of you came in room r (NULL: on a board): the terminal
 * bell, once, unless turned off (--no-bell) or r is on screen.
 */
void
session_bell(struct client *c, struct room *r)
{
	if (c->bell)
		c->fe->bell(c, r);
}

/* The text names the person as @handle, as the server reads mentions. */
bool
session_mentions_me(struct client *c, const char *body)
{
	const char	*p = body;
	char		 handle[PROTO_HANDLE_MAX + 1];

	while (c->handle != NULL && proto_mention_next(body, &p, handle)) {
		if (strcmp(handle, c->handle) == 0)
			return (true);
	}
	return (false);
}

static struct msg *
session_ingest(struct client *c, json_t *obj, enum msg_origin origin)
{
	return (session_ingest_as(c, obj, origin, false));
}

/* --- rooms -------------------------------------------------------------- */

static enum room_kind
session_kind(json_t *obj, const char *id)
{
	const char	*kind = json_string_value(json_object_get(obj, "kind"));
	struct room_ref	 ref;
	int		 k;

	for (k = ROOM_NATIONAL; kind != NULL && k <= ROOM_MEETING; k++) {
		if (strcmp(proto_room_kind_name(k), kind) == 0)
			return (k);
	}
	if (proto_room_parse(id, &ref))
		return (ref.kind);
	return (ROOM_NATIONAL);
}

static struct room *
session_update_room(struct client *c, json_t *obj)
{
	struct room	*r;
	const char	*id, *name, *pin;

	if ((id = json_string_value(json_object_get(obj, "id"))) == NULL)
		return (NULL);
	if ((r = session_room(c, id)) == NULL) {
		r = xcalloc(1, sizeof *r);
		r->id = xstrdup(id);
		r->more = 1;
		c->rooms = xreallocarray(c->rooms, c->nrooms + 1,
		    sizeof *c->rooms);
		c->rooms[c->nrooms++] = r;
	}
	if ((name = json_string_value(json_object_get(obj, "name"))) == NULL)
		name = id;
	free(r->name);
	r->name = xstrdup(name);
	r->kind = session_kind(obj, id);
	pin = json_string_value(json_object_get(json_object_get(obj, "pinned"),
	    "text"));
	free(r->pinned);
	r->pinned = pin != NULL ? xstrdup(pin) : NULL;
	r->unread = json_integer_value(json_object_get(obj, "unread"));
	r->mentions = json_integer_value(json_object_get(obj, "mentions"));
	r->read_upto = json_integer_value(json_object_get(obj, "read_upto"));
	if (json_integer_value(json_object_get(obj, "last_id")) > r->last_id)
		r->last_id = json_integer_value(json_object_get(obj, "last_id"));
	r->listed = 1;
	people_room_json(c, r, obj);
	return (r);
}

/* Stable insertion sort by kind: the server's order stays within a kind. */
static void
session_sort_rooms(struct client *c)
{
	struct room	*r;
	size_t		 i, j;

	for (i = 1; i < c->nrooms; i++) {
		r = c->rooms[i];
		for (j = i; j > 0 && room_kind_order(c->rooms[j - 1]->kind) >
		    room_kind_order(r->kind); j--)
			c->rooms[j] = c->rooms[j - 1];
		c->rooms[j] = r;
	}
}

/* After a listing: go where session_goto asked, or list again first. */
static void
session_went(struct client *c)
{
	int	i;

	if (session_relist) {
		session_relist = 0;
		session_list_rooms(c);
		return;
	}
	if (session_want == NULL)
		return;
	if ((i = session_find(c, session_want)) != -1 &&
	    strcmp(c->rooms[i]->id, session_want) == 0)
		session_switch(c, (size_t)i);
	free(session_want);
	session_want = NULL;
}

/*
 * Lists the rooms again (one was made, joined, left or renamed) and then
 * goes to room id, when given and there.
 */
void
session_goto(struct client *c, const char *id)
{
	int	i;

	if (id != NULL && (i = session_find(c, id)) != -1 &&
	    strcmp(c->rooms[i]->id, id) == 0) {
		session_switch(c, (size_t)i);
		return;
	}
	if (id != NULL) {
		free(session_want);
		session_want = xstrdup(id);
	}
	session_list_rooms(c);
}

/*
 * After a listing: the live messages that came for rooms not listed then
 * are taken in where their room is listed now; the others wait for the
 * listing asked again, or go (a room we are no longer in).
 */
static void
session_take_unlisted(struct client *c)
{
	json_t		*early = c->unlisted, *e, *obj;
	size_t		 i;

	c->unlisted = NULL;
	json_array_foreach(early, i, e) {
		obj = json_object_get(e, "msg");
		if (session_room(c, json_string_value(json_object_get(obj,
		    "room"))) != NULL)
			session_ingest_as(c, obj, (enum msg_origin)
			    json_integer_value(json_object_get(e, "origin")),
			    json_is_true(json_object_get(e, "mention")));
		else if (session_relist) {
			if (c->unlisted == NULL)
				c->unlisted = json_array();
			json_array_append(c->unlisted, e);
		}
	}
	json_decref(early);
}

/* Where a login starts: a newcomer in their region's room, as invited. */
static size_t
session_first_room(struct client *c)
{
	char	*home;
	int	 i;

	if (!c->newcomer || c->region == NULL)
		return (c->current);
	xasprintf(&home, "region:%s", c->region);
	i = session_find(c, home);
	free(home);
	return (i != -1 ? (size_t)i : c->current);
}

static void
session_rooms_cb(struct client *c, json_t *reply, void *arg)
{
	struct room	*cur = session_current(c);
	char		*curid = cur != NULL ? xstrdup(cur->id) : NULL;
	json_t		*list, *obj;
	size_t		 i, n;
	int		 first = !c->ready;

	c->rooms_pending = 0;
	if (rpc_failed(c, reply)) {
		free(curid);
		return;
	}
	for (i = 0; i < c->nrooms; i++)
		c->rooms[i]->listed = 0;
	list = json_object_get(reply, "rooms");
	json_array_foreach(list, i, obj)
		session_update_room(c, obj);
	/* Rooms we were taken out of go, messages and all. */
	for (i = n = 0; i < c->nrooms; i++) {
		if (c->rooms[i]->listed)
			c->rooms[n++] = c->rooms[i];
		else
			room_free(c->rooms[i]);
	}
	c->nrooms = n;
	session_sort_rooms(c);
	c->current = 0;
	for (i = 0; curid != NULL && i < c->nrooms; i++) {
		if (strcmp(c->rooms[i]->id, curid) == 0)
			c->current = i;
	}
	free(curid);

	if (first) {
		c->ready = 1;
		for (i = 0; i < c->nrooms; i++) {
			if (c->rooms[i]->last_id > c->last_seen)
				c->last_seen = c->rooms[i]->last_id;
		}
		c->fe->ready(c);
		/*
		 * The summary is asked before the room's page, so plain mode
		 * reads what waits before the room's messages.
		 */
		away_login(c);
		if (c->nrooms > 0)
			session_switch(c, session_first_room(c));
	} else if (c->syncing && !c->sync_started) {
		c->sync_started = 1;
		session_sync(c, c->last_seen);
	}
	session_take_unlisted(c);
	session_went(c);
	people_rooms_listed(c);
	c->fe->rooms(c);
}

static void
session_list_rooms(struct client *c)
{
	if (c->rooms_pending) {
		/* The answer on its way may predate the change: ask again. */
		session_relist = 1;
		return;
	}
	if (rpc_send(c, json_pack("{s:s}", "op", "rooms.list"),
	    session_rooms_cb, NULL) != -1)
		c->rooms_pending = 1;
}

/*
 * Matches what someone typed after /join: a room id, a room name (any
 * case), the number shown in the sidebar, or an unambiguous start of an id
 * or name. Returns the index or -1.
 */
int
session_find(struct client *c, const char *what)
{
	size_t	i, len = strlen(what);
	int	found = -1;
	char	*end;
	long	n;

	for (i = 0; i < c->nrooms; i++) {
		if (strcmp(c->rooms[i]->id, what) == 0 ||
		    strcasecmp(c->rooms[i]->name, what) == 0)
			return ((int)i);
	}
	n = strtol(what, &end, 10);
	if (*what != '\0' && *end == '\0')
		return (n >= 1 && (size_t)n <= c->nrooms ? (int)n - 1 : -1);
	for (i = 0; i < c->nrooms && len > 0; i++) {
		if (strncmp(c->rooms[i]->id, what, len) == 0 ||
		    strncasecmp(c->rooms[i]->name, what, len) == 0) {
			if (found != -1)
				return (-1);
			found = (int)i;
		}
	}
	return (found);
}

/* Makes room i the one being read: the "new messages" line goes where the
 * person stopped reading last time (the room already on screen keeps it). */
void
session_switch(struct client *c, size_t i)
{
	struct room	*r;

	if (i >= c->nrooms)
		return;
	r = c->rooms[i];
	if (i != c->current || !r->loaded)
		r->marker = r->read_upto;
	c->current = i;
	r->scroll = 0;
	if (!r->loaded)
		session_history(c, r, 0);
	/* A meeting room opened late: its agenda and the records so far. */
	if (strncmp(r->id, "meeting:", 8) == 0 && !r->caught_up &&
	    c->net.state == NET_READY) {
		r->caught_up = 1;
		meeting_catch_up(c, r->id);
	}
	c->fe->switched(c);
}

/* --- history and reading -------------------------------------------------- */

static void
session_history_cb(struct client *c, json_t *reply, void *arg)
{
	struct room	 *r;
	struct msg	**added;
	const char	 *id = arg;
	size_t		  n;

	r = session_room(c, id);
	free(arg);
	if (r == NULL)
		return;
	r->loading = 0;
	if (rpc_failed(c, reply))
		return;
	n = session_history_take(c, r, reply, &added);
	c->fe->history(c, r, added, n);
	free(added);
}

/*
 * Puts a room.history page's messages into r; *added (to free) lists those
 * it did not hold, n of them.
 */
size_t
session_history_take(struct client *c, struct room *r, json_t *reply,
    struct msg ***added)
{
	struct msg	*m;
	json_t		*list, *obj;
	size_t		 i, n = 0;

	list = json_object_get(reply, "msgs");
	*added = xreallocarray(NULL, json_array_size(list) + 1, sizeof **added);
	json_array_foreach(list, i, obj) {
		if ((m = msg_from_json(obj)) == NULL)
			continue;
		m->mention = session_mentions_me(c, m->body);
		if (room_insert(r, m))
			(*added)[n++] = m;
		else
			msg_free(m);
	}
	r->loaded = 1;
	r->more = json_is_true(json_object_get(reply, "more"));
	return (n);
}

/* Asks for the newest page of a room, or (older) the page before it. */
void
session_history(struct client *c, struct room *r, int older)
{
	json_t	*req;

	if (r->loading || (older && (!r->more || r->nmsgs == 0)))
		return;
	req = json_pack("{s:s, s:s, s:i}", "op", "room.history", "room", r->id,
	    "limit", PROTO_DEFAULT_PAGE);
	if (older)
		json_object_set_new(req, "before", json_integer(r->msgs[0]->id));
	if (rpc_send(c, req, session_history_cb, xstrdup(r->id)) != -1)
		r->loading = 1;
}

static void
session_read_cb(struct client *c, json_t *reply, void *arg)
{
	struct room	*r;
	char		*id = arg;
	json_int_t	 upto;

	r = session_room(c, id);
	free(id);
	if (r == NULL || rpc_error(reply, NULL, NULL) != PROTO_OK)
		return;
	upto = json_integer_value(json_object_get(reply, "read_upto"));
	if (upto > r->read_upto)
		r->read_upto = upto;
	c->fe->rooms(c);
}

/* The person has seen everything in r: tell the server (once per change). */
void
session_mark_read(struct client *c, struct room *r)
{
	int64_t	upto;

	if (r->nmsgs == 0 || c->net.state != NET_READY)
		return;
	upto = r->msgs[r->nmsgs - 1]->id;
	if (r->unread != 0 || r->mentions != 0) {
		r->unread = r->mentions = 0;
		c->fe->rooms(c);
	}
	if (upto <= r->read_upto || upto <= r->read_sent)
		return;
	if (rpc_send(c, json_pack("{s:s, s:s, s:I}", "op", "room.read", "room",
	    r->id, "upto", (json_int_t)upto), session_read_cb,
	    xstrdup(r->id)) != -1)
		r->read_sent = upto;
}

/* --- sync --------------------------------------------------------------- */

static void	session_outbox_resolve(struct client *);

static void
session_sync_cb(struct client *c, json_t *reply, void *arg)
{
	json_t		*list, *obj;
	json_int_t	 last;
	size_t		 i;

	if (rpc_failed(c, reply))
		return;
	list = json_object_get(reply, "msgs");
	json_array_foreach(list, i, obj)
		session_ingest(c, obj, MSG_SYNC);
	last = json_integer_value(json_object_get(reply, "last_id"));
	if (last > c->last_seen)
		c->last_seen = last;
	if (json_is_true(json_object_get(reply, "more")) && last > 0) {
		session_sync(c, last);
		return;
	}
	c->syncing = c->sync_started = 0;
	if (c->live_max > c->last_seen)
		c->last_seen = c->live_max;
	c->live_max = 0;
	session_outbox_resolve(c);
	c->fe->rooms(c);
	c->fe->status(c);
	session_outbox_flush(c);
}

static void
session_sync(struct client *c, int64_t since)
{
	rpc_send(c, json_pack("{s:s, s:I, s:i}", "op", "sync", "since",
	    (json_int_t)since, "limit", PROTO_MAX_PAGE), session_sync_cb, NULL);
}

/* --- hello and events ------------------------------------------------------ */

static void
session_set(char **field, json_t *obj, const char *key)
{
	const char	*v = json_string_value(json_object_get(obj, key));

	free(*field);
	*field = v != NULL ? xstrdup(v) : NULL;
}

/* Who we are: from hello, and again when an operator changes it (me). */
static void
session_me(struct client *c, json_t *me)
{
	session_set(&c->handle, me, "handle");
	session_set(&c->name, me, "name");
	session_set(&c->region, me, "region");
	session_set(&c->role, me, "role");
	json_decref(c->moderates);
	c->moderates = json_incref(json_object_get(me, "moderates"));
}

/*
 * The me event: an admin or the operator changed who we are. A new role or
 * new scopes are said in words, with where the console is for those who
 * now have one.
 */
static void
session_me_changed(struct client *c, json_t *me)
{
	const char	*role = json_string_value(json_object_get(me, "role"));
	bool		 new_role = role != NULL && (c->role == NULL ||
			    strcmp(role, c->role) != 0);
	bool		 new_scopes = !json_equal(c->moderates,
			    json_object_get(me, "moderates")) &&
			    (c->moderates != NULL || json_object_get(me,
			    "moderates") != NULL);
	char		*scopes = xstrdup(""), *more;
	json_t		*m;
	size_t		 i;

	session_me(c, me);
	if (!new_role && !new_scopes)
		return;
	json_array_foreach(c->moderates, i, m) {
		xasprintf(&more, "%s%s%s", scopes, i > 0 ? ", " : "",
		    json_string_value(m));
		free(scopes);
		scopes = more;
	}
	if (new_role)
		fe_notice(c, "your role is now %s%s%s%s", role,
		    *scopes != '\0' ? ": you moderate " : "", scopes,
		    console_allowed(c) ? " (F5 or /mod opens the console)" : "");
	else
		fe_notice(c, "you now moderate %s (F5 or /mod opens the console)",
		    scopes);
	free(scopes);
}

void
session_hello(struct client *c, json_t *hello)
{
	json_t		*me = json_object_get(hello, "me");
	const char	*mode = json_string_value(json_object_get(hello, "mode"));
	const char	*motd;

	session_set(&c->server, hello, "server");
	session_me(c, me);
	c->join_session = mode != NULL && strcmp(mode, "join") == 0;
	c->backoff = 0;
	c->lost_at = 0;
	c->attempts = 0;
	c->rooms_pending = 0;
	free(c->bye);
	c->bye = NULL;
	free(c->bye_message);
	c->bye_message = NULL;
	c->bye_until = 0;
	if (c->join_session) {
		/* staffroom --join runs its own exchange before any screen. */
		if (!c->joining)
			c->fe->join_form(c);
		return;
	}
	/* Back after a drop (or upgraded from a join session): catch up. */
	if (c->ready) {
		c->syncing = 1;
		c->sync_started = 0;
		c->live_max = 0;
	}
	c->fe->status(c);
	motd = json_string_value(json_object_get(hello, "motd"));
	/* Once: a reconnect's hello brings it again. */
	if (motd != NULL && !c->ready)
		fe_notice(c, "%s", motd);
	region_names_ask(c);
	session_list_rooms(c);
}

static void
session_mention(struct client *c, json_t *obj)
{
	struct room	*r;
	json_int_t	 id = json_integer_value(json_object_get(obj, "id"));
	size_t		 i;
	struct msg	*m;

	if ((m = session_ingest_as(c, obj, MSG_LIVE, true)) != NULL &&
	    (r = session_room(c, json_string_value(json_object_get(obj,
	    "room")))) != NULL) {
		if (id > r->read_upto)
			session_count(&r->mentions);
		c->fe->rooms(c);
		return;
	}
	if ((r = session_room(c, json_string_value(json_object_get(obj,
	    "room")))) == NULL)
		return;
	for (i = r->nmsgs; i > 0; i--) {
		if (r->msgs[i - 1]->id == id) {
			/* Counted by the event; its text may have marked it. */
			if (id > r->read_upto)
				session_count(&r->mentions);
			if (!r->msgs[i - 1]->mention) {
				r->msgs[i - 1]->mention = 1;
				c->fe->message(c, r, r->msgs[i - 1],
				    MSG_MENTION);
				session_bell(c, r);
			}
			break;
		}
	}
	c->fe->rooms(c);
}

void
session_event(struct client *c, const char *ev, json_t *root)
{
	json_int_t	since;

	if (boards_event(c, ev, root) || meeting_event(c, ev, root))
		return;
	console_heard(c, ev);
	if (strcmp(ev, "msg") == 0)
		session_ingest(c, json_object_get(root, "msg"), MSG_LIVE);
	else if (strcmp(ev, "msg.edit") == 0)
		msgedit_apply(c, json_object_get(root, "msg"));
	else if (strcmp(ev, "mention") == 0)
		session_mention(c, json_object_get(root, "msg"));
	else if (strcmp(ev, "resync") == 0 && !c->syncing) {
		/* Live events stopped: catch up as after a reconnect. */
		since = json_integer_value(json_object_get(root, "since"));
		c->syncing = c->sync_started = 1;
		c->live_max = 0;
		session_sync(c, since < c->last_seen ? since : c->last_seen);
	} else if (strcmp(ev, "me") == 0) {
		session_me_changed(c, json_object_get(root, "me"));
		c->fe->status(c);
	} else if (strcmp(ev, "bye") == 0) {
		session_set(&c->bye, root, "reason");
		session_set(&c->bye_message, root, "message");
		c->bye_until = json_integer_value(json_object_get(root, "until"));
	} else if (!mod_event(c, ev, root))
		people_event(c, ev, root);
}

/* The connection went: everything waiting on it is told, then we wait. */
void
session_lost(struct client *c)
{
	size_t	i;

	net_close(&c->net);
	rpc_fail_all(c);
	boards_lost(c);
	c->syncing = c->sync_started = 0;
	c->rooms_pending = 0;
	/* The catching up after the reconnect brings them again. */
	json_decref(c->unlisted);
	c->unlisted = NULL;
	for (i = 0; i < c->nrooms; i++) {
		c->rooms[i]->loading = 0;
		c->rooms[i]->read_sent = 0;
	}
}

/* --- the outbox ----------------------------------------------------------- */

static void
session_outbox_drop(struct client *c, struct outmsg *om)
{
	TAILQ_REMOVE(&c->outbox, om, entry);
	free(om->room);
	free(om->body);
	free(om->text);
	free(om);
}

/*
 * The guard refused om: said in plain words, and kept for /confirm where
 * the room's rule lets its author send it anyway.
 */
static void
session_guard_refused(struct client *c, struct outmsg *om, json_t *reply)
{
	char	*text, *shown;
	bool	 confirmable;

	text = rpc_guard_text(reply, &confirmable);
	free(c->pd_room);
	free(c->pd_body);
	c->pd_room = c->pd_body = NULL;
	if (confirmable) {
		c->pd_room = xstrdup(om->room);
		c->pd_body = xstrdup(om->body);
		xasprintf(&shown, "%s; %s", text, c->fe->confirm_hint);
	} else
		shown = xstrdup(text);
	c->fe->rejected(c, om->room, om->body, "personal_data_suspected",
	    shown);
	free(shown);
	free(text);
}

static void
session_send_cb(struct client *c, json_t *reply, void *arg)
{
	struct outmsg		*om = arg;
	const char		*code, *message;
	enum proto_error	 err;
	json_int_t		 wait;

	om->inflight = 0;
	if ((err = rpc_error(reply, &code, &message)) == PROTO_OK) {
		/* Kept back by a watched word: sent, not to be sent again. */
		if (json_object_get(reply, "held") != NULL)
			mod_held_notice(c, json_object_get(reply, "held"));
		else
			session_ingest(c, json_object_get(reply, "msg"), MSG_OWN);
		session_outbox_drop(c, om);
		c->fe->status(c);
		return;
	}
	if (reply == NULL) {
		om->uncertain = 1;
		return;
	}
	if (err == PROTO_ERR_RATE_LIMITED) {
		wait = json_integer_value(json_object_get(reply,
		    "retry_after_ms"));
		om->not_before = mono_ms() + (wait > 0 ? (uint64_t)wait : 1000);
		/* The server says why (slow mode, the flood limit) and how long. */
		fe_notice(c, "held back: %s", message);
		return;
	}
	if (err == PROTO_ERR_PERSONAL_DATA_SUSPECTED)
		session_guard_refused(c, om, reply);
	else
		c->fe->rejected(c, om->room, om->body, code, message);
	session_outbox_drop(c, om);
	c->fe->status(c);
}

/* Finds the messages that did arrive although their reply did not. */
static void
session_outbox_resolve(struct client *c)
{
	struct outmsg	*om, *next;
	struct room	*r;
	size_t		 i;

	for (om = TAILQ_FIRST(&c->outbox); om != NULL; om = next) {
		next = TAILQ_NEXT(om, entry);
		if (!om->uncertain)
			continue;
		om->uncertain = 0;
		if ((r = session_room(c, om->room)) == NULL)
			continue;
		for (i = r->nmsgs; i > 0 && r->msgs[i - 1]->id > om->floor; i--) {
			if (session_is_me(c, r->msgs[i - 1]->from) &&
			    strcmp(r->msgs[i - 1]->body, om->body) == 0) {
				session_outbox_drop(c, om);
				break;
			}
		}
	}
}

/*
 * Sends what the outbox holds, in order, while connected and caught up. A
 * message held back by the flood limit holds back the ones after it.
 */
void
session_outbox_flush(struct client *c)
{
	struct outmsg	*om;
	uint64_t	 now = mono_ms();

	if (c->net.state != NET_READY || !c->ready || c->syncing ||
	    c->join_session)
		return;
	TAILQ_FOREACH(om, &c->outbox, entry) {
		if (om->inflight)
			continue;
		if (om->not_before > now)
			break;
		if (rpc_send(c, json_pack("{s:s, s:s, s:s, s:b}", "op",
		    "room.send", "room", om->room, "body", om->body,
		    "confirm_personal_data", om->confirm), session_send_cb,
		    om) == -1)
			break;
		om->inflight = 1;
		om->floor = c->last_seen;
	}
}

/* When the outbox next needs a look (0 when nothing waits on time). */
uint64_t
session_outbox_due(struct client *c)
{
	struct outmsg	*om;

	TAILQ_FOREACH(om, &c->outbox, entry) {
		if (!om->inflight)
			return (om->not_before);
	}
	return (0);
}

static void
session_queue(struct client *c, const char *room, const char *body,
    bool confirm)
{
	struct outmsg	*om;

	om = xcalloc(1, sizeof *om);
	om->room = xstrdup(room);
	om->body = xstrdup(body);
	om->confirm = confirm;
	om->text = text_neutralise(body, strlen(body), TEXT_BODY, &om->textlen);
	TAILQ_INSERT_TAIL(&c->outbox, om, entry);
	session_outbox_flush(c);
	c->fe->status(c);
}

/* Sends body to the current room now, or as soon as we are back. */
void
session_send(struct client *c, const char *body)
{
	struct room	*r = session_current(c);

	if (r == NULL) {
		fe_notice(c, "no room to send to yet");
		return;
	}
	session_queue(c, r->id, body, false);
}

/*
 * Sends again, confirmed, what the pupil-data check stopped: as it was
 * (body NULL: /confirm), or as it now stands in the full client's line,
 * where the refused text was put back for editing (Ctrl-X there). The
 * line goes only to the room that refused it. False when nothing waits.
 */
bool
session_confirm(struct client *c, const char *body)
{
	struct room	*r = session_current(c);

	if (c->pd_body == NULL) {
		fe_notice(c, "nothing to confirm: /confirm (Ctrl-X in the full "
		    "screen) sends a message the pupil-data check stopped in a "
		    "DM, buddy chat or meeting");
		return (false);
	}
	if (body != NULL && (r == NULL || strcmp(r->id, c->pd_room) != 0)) {
		fe_notice(c, "nothing to confirm in this room: the message the "
		    "pupil-data check stopped was for another one");
		return (false);
	}
	session_queue(c, c->pd_room, body != NULL ? body : c->pd_body, true);
	free(c->pd_room);
	free(c->pd_body);
	c->pd_room = c->pd_body = NULL;
	return (true);
}

/* Queues body for room (one just opened may not be listed yet). */
void
session_send_to(struct client *c, const char *room, const char *body)
{
	session_queue(c, room, body, false);
}

/* Nothing is waiting on the server (for plain mode's exit at EOF). */
bool
session_idle(struct client *c)
{
	return (c->ready && !c->syncing && TAILQ_EMPTY(&c->pending) &&
	    TAILQ_EMPTY(&c->outbox));
}

void
session_free(struct client *c)
{
	struct outmsg	*om;
	size_t		 i;

	while ((om = TAILQ_FIRST(&c->outbox)) != NULL)
		session_outbox_drop(c, om);
	for (i = 0; i < c->nrooms; i++)
		room_free(c->rooms[i]);
	free(c->rooms);
	c->rooms = NULL;
	c->nrooms = 0;
	free(c->handle);
	free(c->name);
	free(c->region);
	region_names_free();
	free(c->role);
	json_decref(c->moderates);
	c->moderates = NULL;
	free(c->server);
	free(c->bye_message);
	free(c->bye);
	free(c->pd_room);
	free(c->pd_body);
	c->pd_room = c->pd_body = NULL;
	json_decref(c->unlisted);
	c->unlisted = NULL;
	free(session_want);
	session_want = NULL;
	people_free();
	names_free();
	buddy_free();
	away_free();
}
