/*
 * op_user.c: the user.* ops — blocking and unblocking someone, and the
 * list of those one blocks.
 */
#include "config.h"

#include <string.h>

#include "op.h"

#define PEOPLE_MAX_BLOCKS	500	/* listed at once */
/*
 * A block opened or closed the pair's DM: both people's sessions watch
 * their rooms anew, and are told of the room that went or came back.
 */
static void
people_dm_changed(const struct store_user *me, const struct store_user *other,
    bool blocked)
{
	struct store_room	room;
	int64_t			id;

	if (store_dm_find(server.store, me->id, other->id, &id) != STORE_OK ||
	    store_room_by_id(server.store, id, &room) != STORE_OK)
		return;
	session_resubscribe_user(me->id);
	session_resubscribe_user(other->id);
	if (blocked) {
		buddy_tell_gone(me->id, &room, "blocked");
		return;
	}
	buddy_tell_room(me, &room);
	buddy_tell_room(other, &room);
}

static enum proto_error
people_block(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
	const struct store_user	*who = &ctx->who;
	enum proto_error	 err;

	if ((err = people_known(ctx, &ctx->who)) != PROTO_OK)
		return (err);
	if (who->id == me->id)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "you cannot block yourself"));
	if (store_block_add(server.store, me->id, who->id, now_ms()) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the block was not saved"));
	people_dm_changed(me, who, true);
	return (PROTO_OK);
}

static enum proto_error
people_unblock(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
	const struct store_user	*who = &ctx->who;
	enum store_result	 res;
	enum proto_error	 err;
	bool			 blocked = true;

	if ((err = people_known(ctx, &ctx->who)) != PROTO_OK)
		return (err);
	res = store_block_remove(server.store, me->id, who->id);
	if (res == STORE_NOT_FOUND)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "you do not block %s",
		    who->handle));
	if (res != STORE_OK ||
	    store_blocked_between(server.store, me->id, who->id, &blocked) !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the block stays"));
	/* Their DM opens again only when neither blocks the other. */
	if (!blocked)
		people_dm_changed(me, who, false);
	return (PROTO_OK);
}

static void
people_block_add(const char *handle, int64_t since, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:I}", "handle", handle,
	    "since", (json_int_t)since));
}

static enum proto_error
people_blocks(struct op_ctx *ctx)
{
	json_t	*blocks = json_array();

	if (store_blocks_of(server.store, ctx->me->id, PEOPLE_MAX_BLOCKS,
	    people_block_add, blocks) != STORE_OK) {
		json_decref(blocks);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "blocks are unavailable"));
	}
	json_object_set_new(ctx->reply, "blocks", blocks);
	return (PROTO_OK);
}

static const struct op_entry user_ops[] = {
	{ "user.block",	people_block,	0,
	    OP_TARGET_PERSON,	POLICY_NONE,	FLOOD_NOTIFY },
	{ "user.unblock",	people_unblock,	0,
	    OP_TARGET_PERSON,	POLICY_NONE,	FLOOD_NOTIFY },
	{ "user.blocks",	people_blocks,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const user_owns[] = { "user", NULL };

const struct op_file op_user_file = { user_owns, user_ops };
