/*
 * buddy.c: private rooms — buddy chats of 2 to 12 people who accepted an
 * invitation, and the one DM room of each pair. Membership changes reach the
 * hub at once: a person who joins is watching the room before the reply
 * leaves, and one who leaves or is removed gets no further events from it.
 */
#include "config.h"

#include <string.h>

#include "op.h"

#define BUDDY_MAX_PEOPLE	12	/* members and pending invitations */
#define BUDDY_MAX_INVITATIONS	100	/* listed at once */

void
buddy_tell_room(const struct store_user *u, const struct store_room *room)
{
	hub_publish_user_json(u->id, json_pack("{s:s, s:o}", "ev", "room", "room",
	    chat_room_brief(u, room)));
}

void
buddy_tell_gone(int64_t user_id, const struct store_room *room,
    const char *reason)
{
	hub_publish_user_json(user_id, json_pack("{s:s, s:s, s:s}", "ev", "room_gone",
	    "room", room->ref, "reason", reason));
}

/* Every member watching the room hears of a membership change. */
static void
buddy_tell_members(const struct store_room *room, const char *handle,
    const char *change)
{
	struct blob	*b;

	b = blob_encode(json_pack("{s:s, s:s, s:s, s:s}", "ev", "member",
	    "room", room->ref, "handle", handle, "change", change));
	hub_publish_room(room->id, b, NULL);
	blob_unref(b);
}

static json_t *
buddy_invitation_json(const struct store_invitation *inv)
{
	return (json_pack("{s:{s:s, s:s, s:s}, s:s, s:I}", "room", "id",
	    inv->room, "name", inv->name, "kind",
	    proto_room_kind_name(inv->kind), "from", inv->from, "ts",
	    (json_int_t)inv->ts));
}

static enum proto_error
buddy_can_invite(struct op_ctx *ctx, const struct store_user *who)
{
	if (!people_can_contact(&ctx->conn->user, who))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "you cannot invite %s", who->handle));
	return (PROTO_OK);
}

/*
 * Invites someone to an existing buddy chat the caller may manage: they
 * must be reachable, not in it already, and the room must have space.
 */
static enum proto_error
buddy_invite(struct op_ctx *ctx, const struct store_room *room,
    const struct store_user *who, int64_t now)
{
	enum store_result	 res;
	enum proto_error	 err;
	int64_t			 count = 0, visible_from;
	bool			 member = false;

	if (store_room_member(server.store, room->id, who->id, &member,
	    &visible_from) != STORE_OK ||
	    store_room_headcount(server.store, room->id, &count) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the room is unavailable"));
	if (member)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "%s is already in %s", who->handle, room->ref));
	if ((err = buddy_can_invite(ctx, who)) != PROTO_OK)
		return (err);
	if (count >= BUDDY_MAX_PEOPLE)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "a buddy chat has at most %d people", BUDDY_MAX_PEOPLE));
	if ((err = flood_take(ctx, FLOOD_NOTIFY)) != PROTO_OK)
		return (err);
	res = store_room_invite_add(server.store, room->id, who->id,
	    ctx->conn->user.id, now);
	if (res == STORE_EXISTS)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "%s is already invited to %s", who->handle, room->ref));
	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the invitation was not saved"));
	return (PROTO_OK);
}

static void
buddy_tell_invited(const struct store_room *room, const struct store_user *from,
    const struct store_user *who, int64_t now)
{
	struct store_invitation	inv = { room->ref, room->kind, room->name,
	    from->handle, now };

	hub_publish_user_json(who->id, json_pack("{s:s, s:o}", "ev",
	    "invitation", "invitation", buddy_invitation_json(&inv)));
}

static enum proto_error
buddy_create(struct op_ctx *ctx)
{
	const struct store_user	*me = &ctx->conn->user;
	struct store_user	 people[BUDDY_MAX_PEOPLE - 1];
	struct store_room	 room;
	const char		*name;
	json_t			*members, *value, *invited;
	enum proto_error	 err;
	size_t			 i, j, n;
	int64_t			 id, now = now_ms();

	if ((err = op_line_arg(ctx, "name", PROTO_MAX_NAME, &name)) != PROTO_OK)
		return (err);
	members = json_object_get(ctx->req, "members");
	n = json_array_size(members);
	if (!json_is_array(members) || n == 0 || n >= BUDDY_MAX_PEOPLE)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"members\" must be "
		    "a list of 1 to %d handles", BUDDY_MAX_PEOPLE - 1));
	json_array_foreach(members, i, value) {
		if ((err = op_handle_arg(ctx, value, &people[i])) != PROTO_OK)
			return (err);
		if (people[i].id == me->id)
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
			    "you are in your own buddy chat already"));
		for (j = 0; j < i; j++) {
			if (people[j].id == people[i].id)
				return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
				    "%s is named twice", people[i].handle));
		}
		if ((err = buddy_can_invite(ctx, &people[i])) != PROTO_OK)
			return (err);
	}
	/* Everything is checked: a refused request writes nothing. */
	if ((err = flood_take(ctx, FLOOD_NOTIFY)) != PROTO_OK)
		return (err);
	if (store_private_room_add(server.store, ROOM_BUDDY, name, me->id, now,
	    &id) != STORE_OK ||
	    store_member_add(server.store, id, me->id, 0, now) != STORE_OK ||
	    store_room_by_id(server.store, id, &room) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the room was not made"));
	for (i = 0; i < n; i++) {
		if (store_room_invite_add(server.store, room.id, people[i].id,
		    me->id, now) != STORE_OK)
			return (op_fail(ctx, PROTO_ERR_INTERNAL,
			    "the invitations were not saved"));
	}
	invited = json_array();
	for (i = 0; i < n; i++) {
		buddy_tell_invited(&room, me, &people[i], now);
		json_array_append_new(invited, json_string(people[i].handle));
	}
	conn_resubscribe_user(me->id);
	buddy_tell_room(me, &room);
	json_object_set_new(ctx->reply, "room", chat_room_json(me, &room));
	json_object_set_new(ctx->reply, "invited", invited);
	return (PROTO_OK);
}

static void
buddy_invitation_add(const struct store_invitation *inv, void *arg)
{
	json_array_append_new(arg, buddy_invitation_json(inv));
}

json_t *
buddy_invitations_json(const struct store_user *u)
{
	json_t	*items = json_array();

	if (store_room_invites_of(server.store, u->id, BUDDY_MAX_INVITATIONS,
	    buddy_invitation_add, items) != STORE_OK) {
		json_decref(items);
		return (NULL);
	}
	return (items);
}

static enum proto_error
buddy_invitations(struct op_ctx *ctx)
{
	json_t	*items;

	if ((items = buddy_invitations_json(&ctx->conn->user)) == NULL)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "invitations are unavailable"));
	json_object_set_new(ctx->reply, "invitations", items);
	return (PROTO_OK);
}

/* The "room" of an invitation the person holds; forbidden when there is none. */
static enum proto_error
buddy_invitation_arg(struct op_ctx *ctx, struct store_room *room)
{
	enum proto_error	err;
	int64_t			inviter;

	if ((err = chat_room_lookup(ctx, room)) != PROTO_OK)
		return (err);
	if (store_room_invite_from(server.store, room->id, ctx->conn->user.id,
	    &inviter) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "you have no invitation to %s", room->ref));
	return (PROTO_OK);
}

/* A new member sees what is posted from now on, and starts with nothing unread. */
static enum proto_error
buddy_accept(struct op_ctx *ctx)
{
	const struct store_user	*me = &ctx->conn->user;
	struct store_room	 room;
	enum proto_error	 err;

	if ((err = buddy_invitation_arg(ctx, &room)) != PROTO_OK)
		return (err);
	if (store_room_invite_remove(server.store, room.id, me->id) !=
	    STORE_OK ||
	    store_member_add(server.store, room.id, me->id, room.last_msg_id,
	    now_ms()) != STORE_OK ||
	    store_read_marker_set(server.store, me->id, room.id,
	    room.last_msg_id) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "you were not added"));
	room.visible_from = room.last_msg_id;
	conn_resubscribe_user(me->id);
	buddy_tell_members(&room, me->handle, "joined");
	buddy_tell_room(me, &room);
	json_object_set_new(ctx->reply, "room", chat_room_json(me, &room));
	return (PROTO_OK);
}

static enum proto_error
buddy_decline(struct op_ctx *ctx)
{
	const struct store_user	*me = &ctx->conn->user;
	struct store_room	 room;
	enum proto_error	 err;

	if ((err = buddy_invitation_arg(ctx, &room)) != PROTO_OK)
		return (err);
	if (store_room_invite_remove(server.store, room.id, me->id) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the invitation stays"));
	buddy_tell_members(&room, me->handle, "declined");
	buddy_tell_gone(me->id, &room, "declined");
	return (PROTO_OK);
}

static void
buddy_member_add(const struct store_member *m, void *arg)
{
	json_t	*members = arg;

	json_array_append_new(members, json_pack("{s:s, s:s, s:s}", "handle",
	    m->handle, "name", m->name, "state", m->accepted ? "member" :
	    "invited"));
}

static enum proto_error
buddy_members(struct op_ctx *ctx)
{
	struct store_room	 room;
	struct store_user	 owner;
	enum proto_error	 err;
	json_t			*members;

	if ((err = chat_room_arg(ctx, false, &room)) != PROTO_OK)
		return (err);
	if (room.kind != ROOM_BUDDY && room.kind != ROOM_DM)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "only buddy chats and DMs list their members"));
	members = json_array();
	if (store_room_members(server.store, room.id, BUDDY_MAX_PEOPLE,
	    buddy_member_add, members) != STORE_OK) {
		json_decref(members);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "members are unavailable"));
	}
	if (room.owner_id != 0 &&
	    store_user_by_id(server.store, room.owner_id, &owner) == STORE_OK)
		json_object_set_new(ctx->reply, "owner",
		    json_string(owner.handle));
	json_object_set_new(ctx->reply, "members", members);
	return (PROTO_OK);
}

/* The "room" field, for its owner or an admin; forbidden to anyone else. */
static enum proto_error
buddy_managed_arg(struct op_ctx *ctx, struct store_room *room)
{
	const struct store_user	*me = &ctx->conn->user;
	enum proto_error	 err;
	int64_t			 visible_from;
	bool			 member = false;

	if ((err = chat_room_lookup(ctx, room)) != PROTO_OK)
		return (err);
	if (store_room_member(server.store, room->id, me->id, &member,
	    &visible_from) != STORE_OK ||
	    !policy_can_manage_room(me, room, member))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only the owner of %s may change it", room->ref));
	return (PROTO_OK);
}

static enum proto_error
buddy_room_add(struct op_ctx *ctx)
{
	struct store_room	 room;
	struct store_user	 who;
	enum proto_error	 err;
	int64_t			 now = now_ms();

	if ((err = buddy_managed_arg(ctx, &room)) != PROTO_OK ||
	    (err = op_user_arg(ctx, "handle", &who)) != PROTO_OK ||
	    (err = buddy_invite(ctx, &room, &who, now)) != PROTO_OK)
		return (err);
	buddy_tell_invited(&room, &ctx->conn->user, &who, now);
	buddy_tell_members(&room, who.handle, "invited");
	json_object_set_new(ctx->reply, "invited", json_string(who.handle));
	return (PROTO_OK);
}

/* Removes a member or withdraws an invitation. */
static enum proto_error
buddy_room_remove(struct op_ctx *ctx)
{
	struct store_room	 room;
	struct store_user	 who;
	enum store_result	 res;
	enum proto_error	 err;

	if ((err = buddy_managed_arg(ctx, &room)) != PROTO_OK ||
	    (err = op_user_arg(ctx, "handle", &who)) != PROTO_OK)
		return (err);
	if (who.id == ctx->conn->user.id)
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
	conn_resubscribe_user(who.id);
	buddy_tell_gone(who.id, &room, "removed");
	buddy_tell_members(&room, who.handle, "removed");
	return (PROTO_OK);
}

static enum proto_error
buddy_room_rename(struct op_ctx *ctx)
{
	struct store_room	 room;
	struct blob		*b;
	const char		*name;
	enum proto_error	 err;

	if ((err = buddy_managed_arg(ctx, &room)) != PROTO_OK ||
	    (err = op_line_arg(ctx, "name", PROTO_MAX_NAME, &name)) != PROTO_OK ||
	    (err = flood_take(ctx, FLOOD_NOTIFY)) != PROTO_OK)
		return (err);
	if (store_room_rename(server.store, room.id, name) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the name was not saved"));
	snprintf(room.name, sizeof room.name, "%s", name);
	b = blob_encode(json_pack("{s:s, s:o}", "ev", "room", "room",
	    chat_room_brief(&ctx->conn->user, &room)));
	hub_publish_room(room.id, b, NULL);
	blob_unref(b);
	json_object_set_new(ctx->reply, "room", chat_room_brief(&ctx->conn->user,
	    &room));
	return (PROTO_OK);
}

static enum proto_error
buddy_room_leave(struct op_ctx *ctx)
{
	const struct store_user	*me = &ctx->conn->user;
	struct store_room	 room;
	enum proto_error	 err;
	int64_t			 visible_from;
	bool			 member = false;

	if ((err = chat_room_lookup(ctx, &room)) != PROTO_OK)
		return (err);
	if (store_room_member(server.store, room.id, me->id, &member,
	    &visible_from) != STORE_OK || !policy_can_leave_room(me, &room,
	    member))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "you can only leave a buddy chat you are in"));
	if (store_member_remove(server.store, room.id, me->id) != STORE_OK ||
	    store_room_owner_handover(server.store, room.id, me->id) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "you are still in %s",
		    room.ref));
	conn_resubscribe_user(me->id);
	buddy_tell_gone(me->id, &room, "left");
	buddy_tell_members(&room, me->handle, "left");
	return (PROTO_OK);
}

enum store_result
buddy_room_of_two(const struct store_user *owner, const struct store_user *other,
    const char *name, struct store_room *room)
{
	enum store_result	res;
	int64_t			id, now = now_ms();

	if ((res = store_private_room_add(server.store, ROOM_BUDDY, name,
	    owner->id, now, &id)) != STORE_OK ||
	    (res = store_member_add(server.store, id, owner->id, 0, now)) !=
	    STORE_OK ||
	    (res = store_member_add(server.store, id, other->id, 0, now)) !=
	    STORE_OK ||
	    (res = store_room_by_id(server.store, id, room)) != STORE_OK)
		return (res);
	conn_resubscribe_user(owner->id);
	conn_resubscribe_user(other->id);
	buddy_tell_room(owner, room);
	buddy_tell_room(other, room);
	return (STORE_OK);
}

/* Both of a pair are members of their DM from the start. */
static enum proto_error
buddy_dm_open(struct op_ctx *ctx)
{
	const struct store_user	*me = &ctx->conn->user;
	struct store_user	 other;
	struct store_room	 room;
	enum store_result	 res;
	enum proto_error	 err;
	int64_t			 id, now = now_ms();
	bool			 made = false;

	if ((err = op_user_arg(ctx, "with", &other)) != PROTO_OK)
		return (err);
	if (other.id == me->id)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "you cannot message yourself"));
	if (!people_can_contact(me, &other))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "you cannot message %s", other.handle));
	res = store_dm_find(server.store, me->id, other.id, &id);
	if (res == STORE_NOT_FOUND) {
		/* Only a new DM tells the other person. */
		if ((err = flood_take(ctx, FLOOD_NOTIFY)) != PROTO_OK)
			return (err);
		made = true;
		if ((res = store_private_room_add(server.store, ROOM_DM, "", 0,
		    now, &id)) == STORE_OK &&
		    (res = store_member_add(server.store, id, me->id, 0, now)) ==
		    STORE_OK &&
		    (res = store_member_add(server.store, id, other.id, 0, now)) ==
		    STORE_OK)
			res = store_dm_add(server.store, me->id, other.id, id);
	}
	if (res != STORE_OK ||
	    store_room_by_id(server.store, id, &room) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the DM was not opened"));
	if (made) {
		conn_resubscribe_user(me->id);
		conn_resubscribe_user(other.id);
		buddy_tell_room(me, &room);
		buddy_tell_room(&other, &room);
	}
	json_object_set_new(ctx->reply, "room", chat_room_json(me, &room));
	return (PROTO_OK);
}

static const struct op_entry buddy_ops[] = {
	{ "dm.open",	buddy_dm_open,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "buddy.create",	buddy_create,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "buddy.invitations",	buddy_invitations,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "buddy.accept",	buddy_accept,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "buddy.decline",	buddy_decline,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "room.members",	buddy_members,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "room.add",	buddy_room_add,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "room.remove",	buddy_room_remove,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "room.rename",	buddy_room_rename,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "room.leave",	buddy_room_leave,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const buddy_owns[] = { "dm", "buddy", "room", NULL };

const struct op_file op_buddy_file = { "buddy.c", buddy_owns, buddy_ops };
