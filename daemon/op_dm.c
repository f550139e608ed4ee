/*
 * op_dm.c: dm.open, the one DM room of each pair. Both people are members
 * from the start; a new DM tells the other person.
 */
#include "config.h"

#include "op.h"

/* Both of a pair are members of their DM from the start. */
static enum proto_error
buddy_dm_open(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
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
	if ((err = people_reach(ctx, &other, "message")) != PROTO_OK)
		return (err);
	res = store_dm_find(server.store, me->id, other.id, &id);
	if (res == STORE_NOT_FOUND) {
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
	/* Only a new DM tells the other person, so only it costs a token. */
	ctx->told_nobody = !made;
	if (made) {
		session_resubscribe_user(me->id);
		session_resubscribe_user(other.id);
		buddy_tell_room(me, &room);
		buddy_tell_room(&other, &room);
	}
	json_object_set_new(ctx->reply, "room", chat_room_json(me, &room));
	return (PROTO_OK);
}

static const struct op_entry dm_ops[] = {
	{ "dm.open",	buddy_dm_open,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NOTIFY },
	OP_END
};

static const char *const dm_owns[] = { "dm", NULL };

const struct op_file op_dm_file = { dm_owns, dm_ops };
