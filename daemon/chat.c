/*
 * chat.c: rooms and their messages — rooms.list, room.send, room.history,
 * room.read, sync — and the hello every session starts with. Every read and
 * write asks policy.c first; a room the person may not see is "forbidden"
 * whether or not it exists.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "op.h"

#define CHAT_COUNT_CAP		9999
#define CHAT_MAX_MENTIONS	20
/* Encoded size of a message beside its body, for bounding pages by bytes. */
#define CHAT_MSG_OVERHEAD	128

json_t *
chat_user_json(const struct store_user *u)
{
	return (json_pack("{s:s, s:s, s:s, s:s}", "handle", u->handle,
	    "name", u->name, "region", u->region, "role", role_name(u->role)));
}

json_t *
chat_hello(const struct conn *c)
{
	return (json_pack("{s:s, s:i, s:s, s:s, s:o, s:{s:i, s:i, s:i}}",
	    "ev", "hello",
	    "proto", PROTO_VERSION,
	    "server", "staffroomd " STAFFROOM_VERSION,
	    "mode", c->mode == CONN_JOIN ? "join" : "user",
	    "me", c->mode == CONN_JOIN ? json_null() : chat_user_json(&c->user),
	    "limits", "body", PROTO_MAX_BODY, "line", PROTO_MAX_LINE,
	    "page", PROTO_MAX_PAGE));
}

static bool
chat_room_is_implicit(enum room_kind kind)
{
	return (kind == ROOM_NATIONAL || kind == ROOM_REGION);
}

/*
 * Whether the person may read (or post in) the room, asking the store for
 * membership; room->visible_from becomes the first message id they may see.
 */
bool
chat_room_allowed(const struct store_user *u, struct store_room *room,
    enum policy_question q)
{
	bool	member = false;

	room->visible_from = 0;
	room->dm_blocked = false;
	if (!chat_room_is_implicit(room->kind) &&
	    store_room_member(server.store, room->id, u->id, &member,
	    &room->visible_from) != STORE_OK)
		return (false);
	if (room->kind == ROOM_DM &&
	    store_dm_blocked(server.store, room->id, &room->dm_blocked) !=
	    STORE_OK)
		return (false);
	return (policy_allows_room(q, u, room, member));
}

struct chat_room_list {
	const struct store_user	*user;
	int64_t			*ids;
	int64_t			*floors;
	uint32_t		 n;
	json_t			*rooms;		/* rooms.list builds the full objects */
};

/*
 * The room as the person sees it: a DM is named for the other person and
 * says who that is.
 */
json_t *
chat_room_brief(const struct store_user *u, const struct store_room *room)
{
	struct store_user	 other;
	int64_t			 other_id;
	const char		*name = room->name;
	json_t			*obj;

	obj = json_object();
	if (room->kind == ROOM_DM) {
		if (store_dm_partner(server.store, room->id, u->id, &other_id) ==
		    STORE_OK && store_user_by_id(server.store, other_id,
		    &other) == STORE_OK) {
			name = other.name;
			json_object_set_new(obj, "with", json_string(other.handle));
		} else
			log_warn("the partner of %s in %s is unknown", u->handle,
			    room->ref);
	}
	json_object_set_new(obj, "id", json_string(room->ref));
	json_object_set_new(obj, "name", json_string(name));
	json_object_set_new(obj, "kind",
	    json_string(proto_room_kind_name(room->kind)));
	return (obj);
}

static void
chat_room_counts(const struct store_user *u, const struct store_room *room,
    json_t *obj)
{
	int64_t	upto = 0, unread = 0, mentions = 0;

	if (store_read_marker(server.store, u->id, room->id, &upto) == STORE_OK &&
	    upto < room->visible_from)
		upto = room->visible_from;
	if (store_room_count_after(server.store, room->id, upto, CHAT_COUNT_CAP,
	    &unread) != STORE_OK ||
	    store_mention_count_after(server.store, u->id, room->id, upto,
	    CHAT_COUNT_CAP, &mentions) != STORE_OK)
		log_warn("counts for %s in %s failed", u->handle, room->ref);
	json_object_set_new(obj, "unread", json_integer(unread));
	json_object_set_new(obj, "mentions", json_integer(mentions));
	json_object_set_new(obj, "read_upto", json_integer(upto));
}

/* The room with the person's counts, as rooms.list and room replies give it. */
json_t *
chat_room_json(const struct store_user *u, const struct store_room *room)
{
	json_t	*obj = chat_room_brief(u, room);

	json_object_set_new(obj, "last_id", json_integer(room->last_msg_id));
	chat_room_counts(u, room, obj);
	return (obj);
}

static void
chat_room_list_cb(const struct store_room *room, void *arg)
{
	struct chat_room_list	*l = arg;

	/* store_rooms_for_user returns explicit memberships only for private kinds. */
	if (!policy_can_read_room(l->user, room,
	    !chat_room_is_implicit(room->kind)))
		return;
	if (l->rooms == NULL) {
		l->ids = xrealloc(l->ids, (l->n + 1) * sizeof *l->ids);
		l->floors = xrealloc(l->floors, (l->n + 1) * sizeof *l->floors);
		l->ids[l->n] = room->id;
		l->floors[l->n++] = room->visible_from;
		return;
	}
	json_array_append_new(l->rooms, chat_room_json(l->user, room));
}

int64_t *
chat_user_rooms(const struct store_user *u, uint32_t *n, int64_t **floors)
{
	struct chat_room_list	l = { .user = u };

	if (store_rooms_for_user(server.store, u, chat_room_list_cb, &l) !=
	    STORE_OK)
		log_warn("listing rooms of %s failed", u->handle);
	*n = l.n;
	*floors = l.floors;
	return (l.ids);
}

/*
 * Reads the "room" field and finds the room, whoever asks: a malformed id is
 * bad_request, a room that does not exist forbidden (like one the person may
 * not use, so the answer never tells which).
 */
enum proto_error
chat_room_lookup(struct op_ctx *ctx, struct store_room *room)
{
	struct room_ref		 ref;
	const char		*id;
	char			 canon[80];
	enum proto_error	 err;

	if ((err = proto_get_string(ctx->req, "room", true, &id)) != PROTO_OK)
		return (op_fail(ctx, err, "\"room\" must be a room id"));
	if (!proto_room_parse(id, &ref))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"%.*s\" is not a room id", proto_text_cut(id, 80), id));
	proto_room_format(&ref, canon, sizeof canon);
	if (store_room_by_ref(server.store, canon, room) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "you are not a member of room %s", canon));
	return (PROTO_OK);
}

/* The "room" field, resolved to a room the person may read (or post in). */
enum proto_error
chat_room_arg(struct op_ctx *ctx, bool post, struct store_room *room)
{
	enum proto_error	err;

	if ((err = chat_room_lookup(ctx, room)) != PROTO_OK)
		return (err);
	if (!chat_room_allowed(&ctx->conn->user, room, post ?
	    POLICY_POST_ROOM : POLICY_READ_ROOM))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "you are not a member of room %s", room->ref));
	return (PROTO_OK);
}

enum proto_error
chat_limit_arg(struct op_ctx *ctx, int64_t dflt, int64_t *limit)
{
	*limit = dflt;
	return (proto_get_int(ctx->req, "limit", false, 1, PROTO_MAX_PAGE,
	    limit));
}

/* "edited" and "edited_ts" appear only on an edited message. */
json_t *
chat_msg_json(const struct store_msg *m)
{
	json_t	*obj;

	obj = json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)m->id,
	    "room", m->room, "from", m->from, "body", m->body,
	    "ts", (json_int_t)m->ts);
	if (m->edited_ms != 0) {
		json_object_set_new(obj, "edited", json_true());
		json_object_set_new(obj, "edited_ts", json_integer(m->edited_ms));
	}
	return (obj);
}

static bool
chat_body_blank(const char *body)
{
	for (; *body != '\0'; body++) {
		if (!isspace((unsigned char)*body))
			return (false);
	}
	return (true);
}

enum proto_error
chat_body_arg(struct op_ctx *ctx, const char *key, const char **body)
{
	enum proto_error	err;

	err = proto_get_text(ctx->req, key, true, PROTO_MAX_BODY, body);
	if (err == PROTO_ERR_TOO_LONG)
		return (op_fail(ctx, err, "a message is at most %d characters",
		    PROTO_MAX_BODY));
	if (err == PROTO_ERR_BAD_TEXT)
		return (op_fail(ctx, err, "the message is not valid UTF-8 text"));
	if (err != PROTO_OK)
		return (op_fail(ctx, err, "\"%s\" must be a string", key));
	if (chat_body_blank(*body))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "the message is empty"));
	return (PROTO_OK);
}

/* Tells each named member of the room who was mentioned. */
static void
chat_mentions(const struct store_user *from, const struct store_room *room,
    const struct store_msg *m, json_t *msg)
{
	struct blob		*event = NULL;
	const char		*p = m->body;
	char			 handle[PROTO_HANDLE_MAX + 1];
	char			 seen[CHAT_MAX_MENTIONS][PROTO_HANDLE_MAX + 1];
	struct store_user	 u;
	struct store_room	 theirs = *room;
	size_t			 nseen = 0, i;
	bool			 blocks;

	while (nseen < CHAT_MAX_MENTIONS &&
	    proto_mention_next(m->body, &p, handle)) {
		for (i = 0; i < nseen; i++) {
			if (strcmp(seen[i], handle) == 0)
				break;
		}
		if (i < nseen || strcmp(handle, from->handle) == 0)
			continue;
		memcpy(seen[nseen++], handle, sizeof handle);
		if (store_user_by_handle(server.store, handle, &u) != STORE_OK ||
		    store_blocks(server.store, u.id, from->id, &blocks) !=
		    STORE_OK ||
		    !policy_can_mention_in_room(from, &u,
		    chat_room_allowed(&u, &theirs, POLICY_READ_ROOM), blocks) ||
		    store_mention_add(server.store, u.id, room->id, m->id) !=
		    STORE_OK)
			continue;
		/* Encoded once, and only for a message that mentions someone. */
		if (event == NULL)
			event = blob_encode(json_pack("{s:s, s:O}", "ev",
			    "mention", "msg", msg));
		hub_publish_user(u.id, event);
	}
	blob_unref(event);
}

static enum proto_error
chat_send(struct op_ctx *ctx)
{
	struct conn		*c = ctx->conn;
	struct store_room	 room = ctx->room;
	struct store_msg	 m;
	const char		*body = ctx->text;
	struct blob		*ev;
	json_t			*msg;

	memset(&m, 0, sizeof m);
	m.room_id = room.id;
	m.room = room.ref;
	m.user_id = c->user.id;
	m.from = c->user.handle;
	m.body = body;
	m.ts = now_ms();
	if (store_msg_append(server.store, room.id, c->user.id, body, m.ts,
	    &m.id) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the message was not saved"));
	/* What you wrote yourself you have read: it never counts as unread. */
	if (store_read_marker_set(server.store, c->user.id, room.id, m.id) !=
	    STORE_OK)
		log_warn("read marker of %s in %s not moved", c->user.handle,
		    room.ref);

	msg = chat_msg_json(&m);
	json_object_set(ctx->reply, "msg", msg);
	/* Encoded once for everyone watching, and not at all when nobody else is. */
	if (hub_room_watched(room.id, c)) {
		ev = blob_encode(json_pack("{s:s, s:O}", "ev", "msg", "msg", msg));
		hub_publish_room(room.id, ev, c);
		blob_unref(ev);
	}
	chat_mentions(&c->user, &room, &m, msg);
	json_decref(msg);
	return (PROTO_OK);
}

/* A page of messages, bounded by count (the store) and by encoded bytes (here). */
struct chat_page {
	json_t	*msgs;
	size_t	 bytes;
	bool	 full;		/* sync: stop adding, more remain */
	int64_t	 last_id;
};

static void
chat_page_add(const struct store_msg *m, void *arg)
{
	struct chat_page	*p = arg;
	size_t			 size = strlen(m->body) + CHAT_MSG_OVERHEAD;

	if (p->full || (p->bytes + size > PROTO_MAX_PAGE_BYTES &&
	    json_array_size(p->msgs) > 0)) {
		p->full = true;
		return;
	}
	p->bytes += size;
	p->last_id = m->id;
	json_array_append_new(p->msgs, chat_msg_json(m));
}

/* History pages keep the newest messages when the byte bound cuts: drop the oldest. */
static void
chat_history_add(const struct store_msg *m, void *arg)
{
	struct chat_page	*p = arg;
	size_t			 size;

	json_array_append_new(p->msgs, chat_msg_json(m));
	p->bytes += strlen(m->body) + CHAT_MSG_OVERHEAD;
	while (p->bytes > PROTO_MAX_PAGE_BYTES && json_array_size(p->msgs) > 1) {
		size = strlen(json_string_value(json_object_get(
		    json_array_get(p->msgs, 0), "body"))) + CHAT_MSG_OVERHEAD;
		json_array_remove(p->msgs, 0);
		p->bytes -= size;
		p->full = true;
	}
}

static enum proto_error
chat_history(struct op_ctx *ctx)
{
	const struct store_room	*room = &ctx->room;
	struct chat_page	 page = { 0 };
	int64_t			 before = 0, limit;
	enum proto_error	 err;
	bool			 more = false;

	if ((err = proto_get_int(ctx->req, "before", false, 0, INT64_MAX,
	    &before)) != PROTO_OK ||
	    (err = chat_limit_arg(ctx, PROTO_DEFAULT_PAGE, &limit)) != PROTO_OK)
		return (op_fail(ctx, err, "\"before\" must be a message id and "
		    "\"limit\" 1 to %d", PROTO_MAX_PAGE));
	page.msgs = json_array();
	if (store_history_page(server.store, room->id, room->visible_from,
	    before, (int)limit,
	    chat_history_add, &page, &more) != STORE_OK) {
		json_decref(page.msgs);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "history is unavailable"));
	}
	json_object_set_new(ctx->reply, "msgs", page.msgs);
	json_object_set_new(ctx->reply, "more", json_boolean(more || page.full));
	return (PROTO_OK);
}

static enum proto_error
chat_sync(struct op_ctx *ctx)
{
	struct conn		*c = ctx->conn;
	struct chat_page	 page = { 0 };
	int64_t			 since, limit;
	enum proto_error	 err;
	bool			 more = false;

	if ((err = proto_get_int(ctx->req, "since", true, 0, INT64_MAX,
	    &since)) != PROTO_OK ||
	    (err = chat_limit_arg(ctx, PROTO_MAX_PAGE, &limit)) != PROTO_OK)
		return (op_fail(ctx, err, "\"since\" must be a message id and "
		    "\"limit\" 1 to %d", PROTO_MAX_PAGE));
	page.msgs = json_array();
	page.last_id = since;
	if (store_msgs_since(server.store, c->rooms, c->room_floors, c->nrooms,
	    since,
	    (int)limit, chat_page_add, &page, &more) != STORE_OK) {
		json_decref(page.msgs);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "sync is unavailable"));
	}
	json_object_set_new(ctx->reply, "msgs", page.msgs);
	json_object_set_new(ctx->reply, "more", json_boolean(more || page.full));
	json_object_set_new(ctx->reply, "last_id", json_integer(page.last_id));
	/* The person is catching up: live events flow again from here. */
	c->lagging = false;
	return (PROTO_OK);
}

static enum proto_error
chat_read(struct op_ctx *ctx)
{
	struct conn		*c = ctx->conn;
	const struct store_room	*room = &ctx->room;
	int64_t			 upto;
	enum proto_error	 err;

	if ((err = proto_get_int(ctx->req, "upto", true, 0, INT64_MAX,
	    &upto)) != PROTO_OK)
		return (op_fail(ctx, err, "\"upto\" must be a message id"));
	if (upto > room->last_msg_id)
		upto = room->last_msg_id;
	if (store_read_marker_set(server.store, c->user.id, room->id, upto) !=
	    STORE_OK ||
	    store_read_marker(server.store, c->user.id, room->id, &upto) !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the marker was not saved"));
	json_object_set_new(ctx->reply, "read_upto", json_integer(upto));
	return (PROTO_OK);
}

json_t *
chat_rooms_json(const struct store_user *u)
{
	struct chat_room_list	l = { .user = u };

	l.rooms = json_array();
	if (store_rooms_for_user(server.store, u, chat_room_list_cb, &l) !=
	    STORE_OK) {
		json_decref(l.rooms);
		return (NULL);
	}
	return (l.rooms);
}

static enum proto_error
chat_rooms_list(struct op_ctx *ctx)
{
	json_t	*rooms;

	if ((rooms = chat_rooms_json(&ctx->conn->user)) == NULL)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "rooms are unavailable"));
	json_object_set_new(ctx->reply, "rooms", rooms);
	return (PROTO_OK);
}

static enum proto_error
chat_ping(struct op_ctx *ctx)
{
	return (PROTO_OK);
}

static const struct op_entry chat_ops[] = {
	{ "ping",	chat_ping,	OP_IN_JOIN,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "rooms.list",	chat_rooms_list,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "room.send",		chat_send,		OP_TEXT,
	    OP_TARGET_ROOM,	POLICY_POST_ROOM,	FLOOD_POST },
	{ "room.history",	chat_history,		0,
	    OP_TARGET_ROOM,	POLICY_READ_ROOM,	FLOOD_NONE },
	{ "room.read",		chat_read,		0,
	    OP_TARGET_ROOM,	POLICY_READ_ROOM,	FLOOD_NONE },
	{ "sync",	chat_sync,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const chat_owns[] = { "rooms", "room", "", NULL };

const struct op_file op_room_file = { "chat.c", chat_owns, chat_ops };
