/*
 * op_room.c: the room.* and rooms.* ops, and sync — sending, history, read
 * markers, the list of rooms, and who is in a buddy chat. The dispatcher has
 * resolved the "room" and asked policy before any of these runs: a room the
 * person may not use is "forbidden" whether or not it exists.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "op.h"
#include "meeting.h"
#include "metrics.h"

#define CHAT_MAX_MENTIONS	20
/* Encoded size of a message beside its body, for bounding pages by bytes. */
#define CHAT_MSG_OVERHEAD	128

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
	bool			 blocked;

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
		    store_blocked_between(server.store, u.id, from->id,
		    &blocked) != STORE_OK ||
		    !policy_can_mention_in_room(from, &u,
		    chat_room_allowed(&u, &theirs, POLICY_READ_ROOM), blocked) ||
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

enum store_result
chat_deliver(const struct store_user *from, const struct store_room *room,
    const char *body, bool personal_data, struct conn *except,
    struct store_msg *m, json_t **msg)
{
	struct blob		*ev;
	enum store_result	 res;

	memset(m, 0, sizeof *m);
	m->room_id = room->id;
	m->room = room->ref;
	m->user_id = from->id;
	m->from = from->handle;
	m->body = body;
	m->ts = now_ms();
	m->personal_data = personal_data;
	if ((res = store_msg_append(server.store, room->id, from->id, body,
	    m->ts, m->personal_data, &m->id)) != STORE_OK)
		return (res);
	metrics_count(METRIC_MESSAGES);
	/* What you wrote yourself you have read: it never counts as unread. */
	if (store_read_marker_set(server.store, from->id, room->id, m->id) !=
	    STORE_OK)
		log_warn("read marker of %s in %s not moved", from->handle,
		    room->ref);

	*msg = chat_msg_json(m);
	/* Encoded once for everyone watching, and not at all when nobody else is. */
	if (hub_room_watched(room->id, except)) {
		ev = blob_encode(json_pack("{s:s, s:O}", "ev", "msg", "msg", *msg));
		hub_publish_room(room->id, ev, except);
		blob_unref(ev);
	}
	chat_mentions(from, room, m, *msg);
	return (STORE_OK);
}

static enum proto_error
chat_send(struct op_ctx *ctx)
{
	struct store_room	 room = ctx->room;
	struct store_msg	 m;
	struct meeting_line	 line;
	json_t			*msg;
	enum proto_error	 err;

	/* A record line in a meeting room is checked whole before anything is kept. */
	if (room.kind == ROOM_MEETING &&
	    (err = meeting_line_check(ctx, &room, ctx->text, &line)) != PROTO_OK)
		return (err);
	/* A hold rule's message waits for a moderator instead. */
	if (ctx->words.id != 0 && ctx->words.action == WORDS_HOLD)
		return (words_hold(ctx));
	if (chat_deliver(ctx->me, &room, ctx->text, ctx->guard_confirmed,
	    ctx->conn, &m, &msg) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the message was not saved"));
	json_object_set_new(ctx->reply, "msg", msg);
	if (room.kind == ROOM_MEETING)
		return (meeting_line_keep(ctx, &line, m.id));
	return (words_flag(ctx, STORE_ITEM_MSG, m.id));
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
	/* Hidden messages too, marked: for the room's moderators, asked. */
	if (json_is_true(json_object_get(ctx->req, "hidden")) &&
	    !chat_moderates_room(ctx->me, room->id))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only the room's moderators see its hidden messages"));
	page.msgs = json_array();
	if (store_history_page(server.store, room->id, room->visible_from,
	    before, (int)limit, json_is_true(json_object_get(ctx->req,
	    "hidden")), chat_history_add, &page, &more) != STORE_OK) {
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
	const int64_t		*rooms, *floors;
	struct chat_page	 page = { 0 };
	int64_t			 since, limit;
	uint32_t		 nrooms;
	enum proto_error	 err;
	enum store_result	 res;
	bool			 more = false, *with_hidden;

	if ((err = proto_get_int(ctx->req, "since", true, 0, INT64_MAX,
	    &since)) != PROTO_OK ||
	    (err = chat_limit_arg(ctx, PROTO_MAX_PAGE, &limit)) != PROTO_OK)
		return (op_fail(ctx, err, "\"since\" must be a message id and "
		    "\"limit\" 1 to %d", PROTO_MAX_PAGE));
	rooms = session_rooms(ctx->conn, &floors, &nrooms);
	if ((err = chat_hidden_arg(ctx, rooms, nrooms, &with_hidden)) !=
	    PROTO_OK)
		return (err);
	page.msgs = json_array();
	page.last_id = since;
	res = store_msgs_since(server.store, rooms, floors, with_hidden, nrooms,
	    since, (int)limit, chat_page_add, &page, &more);
	free(with_hidden);
	if (res != STORE_OK) {
		json_decref(page.msgs);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "sync is unavailable"));
	}
	json_object_set_new(ctx->reply, "msgs", page.msgs);
	json_object_set_new(ctx->reply, "more", json_boolean(more || page.full));
	json_object_set_new(ctx->reply, "last_id", json_integer(page.last_id));
	/* The person is catching up: live events flow again from here. */
	conn_clear_lagging(ctx->conn);
	return (PROTO_OK);
}

static enum proto_error
chat_read(struct op_ctx *ctx)
{
	const struct store_room	*room = &ctx->room;
	int64_t			 upto;
	enum proto_error	 err;

	if ((err = proto_get_int(ctx->req, "upto", true, 0, INT64_MAX,
	    &upto)) != PROTO_OK)
		return (op_fail(ctx, err, "\"upto\" must be a message id"));
	if (upto > room->last_msg_id)
		upto = room->last_msg_id;
	if (store_read_marker_set(server.store, ctx->me->id, room->id, upto) !=
	    STORE_OK ||
	    store_read_marker(server.store, ctx->me->id, room->id, &upto) !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the marker was not saved"));
	json_object_set_new(ctx->reply, "read_upto", json_integer(upto));
	return (PROTO_OK);
}

/* A room as the person sees it, and how many belong to it. */
static enum proto_error
chat_room_info(struct op_ctx *ctx)
{
	json_t	*room;
	int64_t	 members;

	if (store_room_member_count(server.store, &ctx->room, &members) !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the room is unavailable"));
	room = chat_room_brief(ctx->me, &ctx->room);
	json_object_set_new(room, "members", json_integer(members));
	json_object_set_new(ctx->reply, "room", room);
	return (PROTO_OK);
}

static enum proto_error
chat_rooms_list(struct op_ctx *ctx)
{
	json_t	*rooms;

	if ((rooms = chat_rooms_json(ctx->me)) == NULL)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "rooms are unavailable"));
	json_object_set_new(ctx->reply, "rooms", rooms);
	return (PROTO_OK);
}

struct chat_members {
	const struct store_user	*me;
	const struct store_room	*room;
	json_t			*members;
	int			 left;		/* rows still wanted: the page */
	bool			 more;
};

/*
 * One person of the list: their handle, their name if they show it, their
 * presence (none across a block) and, in buddy chats and DMs, whether they
 * have joined or are invited.
 */
static void
chat_member_add(const struct store_member *m, void *arg)
{
	struct chat_members	*cm = arg;
	json_t			*obj;

	if (cm->left-- == 0) {
		cm->more = true;
		return;
	}
	obj = people_member_json(m, m->user_id == cm->me->id);
	if (cm->room->kind == ROOM_BUDDY || cm->room->kind == ROOM_DM)
		json_object_set_new(obj, "state", json_string(m->accepted ?
		    "member" : "invited"));
	if (policy_can_see_member_presence(m))
		presence_put(obj, m->user_id, m->presence_hidden,
		    m->presence_away, m->last_seen_ms);
	json_array_append_new(cm->members, obj);
}

/* room.members: who may read the room, a page at a time by handle. */
static enum proto_error
chat_room_members(struct op_ctx *ctx)
{
	const struct store_room	 room = ctx->room;
	struct store_user	 owner;
	struct chat_members	 cm = { ctx->me, &room, NULL, 0, false };
	const char		*after = "";
	int64_t			 limit = PROTO_MEMBERS_PAGE;
	enum proto_error	 err;

	if ((err = proto_get_string(ctx->req, "after", false, &after)) !=
	    PROTO_OK || (after[0] != '\0' && !proto_handle_valid(after)))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"after\" must be a handle: the last of the previous page"));
	if ((err = proto_get_int(ctx->req, "limit", false, 1, PROTO_MAX_PAGE,
	    &limit)) != PROTO_OK)
		return (op_fail(ctx, err, "\"limit\" must be 1 to %d",
		    PROTO_MAX_PAGE));
	cm.members = json_array();
	cm.left = (int)limit;
	/* One row past the page says whether there is more. */
	if (store_room_members(server.store, &room, ctx->me->id, after,
	    (int)limit + 1, chat_member_add, &cm) != STORE_OK) {
		json_decref(cm.members);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "members are unavailable"));
	}
	if (room.owner_id != 0 &&
	    store_user_by_id(server.store, room.owner_id, &owner) == STORE_OK)
		json_object_set_new(ctx->reply, "owner",
		    json_string(owner.handle));
	json_object_set_new(ctx->reply, "members", cm.members);
	json_object_set_new(ctx->reply, "more", json_boolean(cm.more));
	return (PROTO_OK);
}

static enum proto_error
buddy_room_add(struct op_ctx *ctx)
{
	const struct store_room	*room = &ctx->room;
	const struct store_user	*who = &ctx->who;
	enum proto_error	 err;
	int64_t			 now = now_ms();

	if ((err = buddy_invite(ctx, room, who, now)) != PROTO_OK)
		return (err);
	buddy_tell_invited(room, ctx->me, who, now);
	buddy_tell_members(room, who->handle, "invited");
	json_object_set_new(ctx->reply, "invited", json_string(who->handle));
	return (PROTO_OK);
}

/* Removes a member or withdraws an invitation. */
static enum proto_error
buddy_room_remove(struct op_ctx *ctx)
{
	const struct store_room	 room = ctx->room;
	const struct store_user	 who = ctx->who;
	enum store_result	 res;

	if (who.id == ctx->me->id)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "use room.leave to leave a room"));
	res = store_member_remove(server.store, room.id, who.id);
	if (res == STORE_NOT_FOUND)
		res = store_room_invite_remove(server.store, room.id, who.id);
	if (res == STORE_NOT_FOUND)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
		    "%s is not in %s", who.handle, room.ref));
	if (res != STORE_OK ||
	    store_room_owner_handover(server.store, room.id, who.id) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "%s was not removed",
		    who.handle));
	session_resubscribe_user(who.id);
	buddy_tell_gone(who.id, &room, "removed");
	buddy_tell_members(&room, who.handle, "removed");
	return (PROTO_OK);
}

static enum proto_error
buddy_room_rename(struct op_ctx *ctx)
{
	struct store_room	 room = ctx->room;
	struct blob		*b;
	const char		*name;
	enum proto_error	 err;

	if ((err = op_line_arg(ctx, "name", PROTO_MAX_NAME, &name)) != PROTO_OK)
		return (err);
	if (store_room_rename(server.store, room.id, name) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the name was not saved"));
	snprintf(room.name, sizeof room.name, "%s", name);
	b = blob_encode(json_pack("{s:s, s:o}", "ev", "room", "room",
	    chat_room_brief(ctx->me, &room)));
	hub_publish_room(room.id, b, NULL);
	blob_unref(b);
	json_object_set_new(ctx->reply, "room", chat_room_brief(ctx->me,
	    &room));
	return (PROTO_OK);
}

static enum proto_error
buddy_room_leave(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
	const struct store_room	 room = ctx->room;

	if (store_member_remove(server.store, room.id, me->id) != STORE_OK ||
	    store_room_owner_handover(server.store, room.id, me->id) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "you are still in %s",
		    room.ref));
	session_resubscribe_user(me->id);
	buddy_tell_gone(me->id, &room, "left");
	buddy_tell_members(&room, me->handle, "left");
	return (PROTO_OK);
}

/*
 * The room tools (room.lock, room.slow): the moderators of the room's
 * scope, with a reason for the audit log. National, region and trust rooms
 * only: no moderator reads a buddy chat, a DM or a meeting.
 */
static enum proto_error
chat_room_tool(struct op_ctx *ctx, const char *what)
{
	const char		*reason;
	enum proto_error	 err;

	if (!chat_moderates_room(ctx->me, ctx->room.id)) {
		/* Said openly only to those who read the room. */
		if (!chat_room_allowed(ctx->me, &ctx->room, POLICY_READ_ROOM))
			return (chat_room_refuse(ctx, ctx->room.ref));
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only the moderators of %s may %s", ctx->room.ref, what));
	}
	if ((err = mod_reason_arg(ctx, false, &reason)) != PROTO_OK)
		return (err);
	ctx->audit.reason = reason;
	return (PROTO_OK);
}

/* A room tool's switch: true unless the field says false. */
static enum proto_error
chat_on_arg(struct op_ctx *ctx, const char *key, bool *on)
{
	json_t	*v = json_object_get(ctx->req, key);

	if (v != NULL && !json_is_boolean(v))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"%s\" must be true or false", key));
	*on = v == NULL || json_is_true(v);
	return (PROTO_OK);
}

/* A room tool changed the room: its watchers get it (a room event), as does the reply. */
static enum proto_error
chat_room_changed(struct op_ctx *ctx, const struct store_room *room,
    enum store_result res)
{
	struct blob	*b;

	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the room was not changed"));
	b = blob_encode(json_pack("{s:s, s:o}", "ev", "room", "room",
	    chat_room_brief(ctx->me, room)));
	hub_publish_room(room->id, b, ctx->conn);
	blob_unref(b);
	json_object_set_new(ctx->reply, "room", chat_room_brief(ctx->me, room));
	return (PROTO_OK);
}

/*
 * Locking a room (locked, default true) or opening it again; nobody writes
 * in a locked room, its moderators included.
 */
static enum proto_error
chat_room_lock(struct op_ctx *ctx)
{
	struct store_room	 room = ctx->room;
	enum proto_error	 err;

	if ((err = chat_on_arg(ctx, "locked", &room.locked)) != PROTO_OK ||
	    (err = chat_room_tool(ctx, "lock it")) != PROTO_OK)
		return (err);
	op_audit_detail(ctx, "%s %s", room.locked ? "lock" : "unlock", room.ref);
	return (chat_room_changed(ctx, &room, store_room_set_locked(
	    server.store, room.id, room.locked)));
}

/*
 * Slow mode: one message per person every "seconds" (0 turns it off); the
 * moderators of the room's scope write at any pace.
 */
static enum proto_error
chat_room_slow(struct op_ctx *ctx)
{
	struct store_room	 room = ctx->room;
	enum proto_error	 err;
	int64_t			 seconds;

	if ((err = proto_get_int(ctx->req, "seconds", true, 0,
	    PROTO_SLOW_MAX_S, &seconds)) != PROTO_OK)
		return (op_fail(ctx, err, "\"seconds\" is 0 (off) to %d",
		    PROTO_SLOW_MAX_S));
	if ((err = chat_room_tool(ctx, "set its slow mode")) != PROTO_OK)
		return (err);
	room.slow_s = (int)seconds;
	op_audit_detail(ctx, "slow mode %s: %llds", room.ref,
	    (long long)seconds);
	return (chat_room_changed(ctx, &room, store_room_set_slow(server.store,
	    room.id, room.slow_s)));
}

/*
 * Announcement-only (only, default true; false opens it to everyone who
 * reads it again): new messages from the scope's moderators alone.
 */
static enum proto_error
chat_room_announce(struct op_ctx *ctx)
{
	struct store_room	 room = ctx->room;
	enum proto_error	 err;

	if ((err = chat_on_arg(ctx, "only", &room.announce_only)) != PROTO_OK ||
	    (err = chat_room_tool(ctx, "keep it for announcements")) !=
	    PROTO_OK)
		return (err);
	op_audit_detail(ctx, "announcements only in %s: %s", room.ref,
	    room.announce_only ? "on" : "off");
	return (chat_room_changed(ctx, &room, store_room_set_announce_only(
	    server.store, room.id, room.announce_only)));
}

/*
 * A pinned announcement ("body", checked and guarded as a message is),
 * shown with the room to everyone; room.unpin takes it down.
 */
static enum proto_error
chat_room_pin(struct op_ctx *ctx)
{
	struct store_room	 room = ctx->room;
	const char		*text;
	enum proto_error	 err;

	/* The dispatcher checked it as a message; a pin is shorter. */
	if (proto_get_text(ctx->req, "body", true, PROTO_MAX_PIN, &text) !=
	    PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_TOO_LONG, "a pinned announcement "
		    "is at most %d characters", PROTO_MAX_PIN));
	if ((err = chat_room_tool(ctx, "pin an announcement in it")) !=
	    PROTO_OK)
		return (err);
	room.pinned = true;
	op_audit_detail(ctx, "pin in %s", room.ref);
	return (chat_room_changed(ctx, &room, store_room_pin_set(server.store,
	    room.id, ctx->text, ctx->me->id, now_ms())));
}

static enum proto_error
chat_room_unpin(struct op_ctx *ctx)
{
	struct store_room	 room = ctx->room;
	enum proto_error	 err;

	if ((err = chat_room_tool(ctx, "take its announcement down")) !=
	    PROTO_OK)
		return (err);
	room.pinned = false;
	op_audit_detail(ctx, "unpin in %s", room.ref);
	return (chat_room_changed(ctx, &room, store_room_pin_set(server.store,
	    room.id, NULL, 0, 0)));
}

static const struct op_entry room_ops[] = {
	{ "rooms.list",	chat_rooms_list,	OP_READS,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "room.send",	chat_send,	OP_TEXT,
	    OP_TARGET_ROOM,	POLICY_POST_ROOM,	FLOOD_POST },
	{ "room.history",	chat_history,	OP_READS,
	    OP_TARGET_ROOM,	POLICY_READ_ROOM,	FLOOD_NONE },
	{ "room.read",	chat_read,	0,
	    OP_TARGET_ROOM,	POLICY_READ_ROOM,	FLOOD_NONE },
	{ "room.info",	chat_room_info,	0,
	    OP_TARGET_ROOM,	POLICY_READ_ROOM,	FLOOD_NONE },
	{ "room.members",	chat_room_members,	0,
	    OP_TARGET_ROOM,	POLICY_READ_ROOM,	FLOOD_NONE },
	{ "room.add",	buddy_room_add,	0,
	    OP_TARGET_ROOM_PERSON,	POLICY_MANAGE_ROOM,	FLOOD_NOTIFY },
	{ "room.remove",	buddy_room_remove,	0,
	    OP_TARGET_ROOM_PERSON,	POLICY_MANAGE_ROOM,	FLOOD_NONE },
	{ "room.rename",	buddy_room_rename,	OP_GUARD_NAME,
	    OP_TARGET_ROOM,	POLICY_MANAGE_ROOM,	FLOOD_NOTIFY },
	{ "room.leave",	buddy_room_leave,	0,
	    OP_TARGET_ROOM,	POLICY_LEAVE_ROOM,	FLOOD_NONE },
	/* Its moderators, whether they read it or not: the handler asks. */
	{ "room.lock",	chat_room_lock,	OP_AUDIT | OP_GUARD_REASON,
	    OP_TARGET_ROOM,	POLICY_NONE,	FLOOD_NONE },
	{ "room.slow",	chat_room_slow,	OP_AUDIT | OP_GUARD_REASON,
	    OP_TARGET_ROOM,	POLICY_NONE,	FLOOD_NONE },
	{ "room.announce",	chat_room_announce,	OP_AUDIT | OP_GUARD_REASON,
	    OP_TARGET_ROOM,	POLICY_NONE,	FLOOD_NONE },
	{ "room.pin",	chat_room_pin,	OP_TEXT | OP_AUDIT | OP_GUARD_REASON,
	    OP_TARGET_ROOM,	POLICY_NONE,	FLOOD_NONE },
	{ "room.unpin",	chat_room_unpin,	OP_AUDIT | OP_GUARD_REASON,
	    OP_TARGET_ROOM,	POLICY_NONE,	FLOOD_NONE },
	{ "sync",	chat_sync,	OP_READS,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const room_owns[] = { "room", "rooms", "sync", NULL };

const struct op_file op_room_file = { room_owns, room_ops };
