/*
 * buddy.c: private rooms — buddy chats of 2 to 12 people who accepted an
 * invitation, and the one DM room of each pair. Membership changes reach the
 * hub at once: a person who joins is watching the room before the reply
 * leaves, and one who leaves or is removed gets no further events from it.
 */
#include "config.h"

#include <string.h>

#include "op.h"

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
void
buddy_tell_members(const struct store_room *room, const char *handle,
    const char *change)
{
	struct blob	*b;

	b = blob_encode(json_pack("{s:s, s:s, s:s, s:s}", "ev", "member",
	    "room", room->ref, "handle", handle, "change", change));
	hub_publish_room(room->id, b, NULL);
	blob_unref(b);
}

json_t *
buddy_invitation_json(const struct store_invitation *inv)
{
	return (json_pack("{s:{s:s, s:s, s:s}, s:s, s:I}", "room", "id",
	    inv->room, "name", inv->name, "kind",
	    proto_room_kind_name(inv->kind), "from", inv->from, "ts",
	    (json_int_t)inv->ts));
}

enum proto_error
buddy_can_invite(struct op_ctx *ctx, const struct store_user *who)
{
	return (people_reach(ctx, who, "invite"));
}

/*
 * Invites someone to an existing buddy chat the caller may manage: they
 * must be reachable, not in it already, and the room must have space.
 */
enum proto_error
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
	res = store_room_invite_add(server.store, room->id, who->id,
	    ctx->me->id, now);
	if (res == STORE_EXISTS)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "%s is already invited to %s", who->handle, room->ref));
	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the invitation was not saved"));
	return (PROTO_OK);
}

void
buddy_tell_invited(const struct store_room *room, const struct store_user *from,
    const struct store_user *who, int64_t now)
{
	struct store_invitation	inv = { room->ref, room->kind, room->name,
	    from->handle, now };

	hub_publish_user_json(who->id, json_pack("{s:s, s:o}", "ev",
	    "invitation", "invitation", buddy_invitation_json(&inv)));
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
	session_resubscribe_user(owner->id);
	session_resubscribe_user(other->id);
	buddy_tell_room(owner, room);
	buddy_tell_room(other, room);
	return (STORE_OK);
}
