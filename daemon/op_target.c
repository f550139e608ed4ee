/*
 * op_target.c: what a row's target kind means (op.h, steps 2 and 3). Each
 * kind reads its field, finds the target as the person sees it, asks
 * policy.c the row's question and refuses with the kind's code: rooms
 * forbidden; boards, threads and posts not_found, the same answer as for
 * one that does not exist, so a refusal never tells which.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "op.h"
#include "boards.h"
#include "meeting.h"

struct op_target_kind {
	enum proto_error	(*resolve)(struct op_ctx *, const struct op_entry *);
	bool			(*allowed)(struct op_ctx *, enum policy_question);
	enum proto_error	 refusal;
	/* A second target, found and asked about after the first (or NULL). */
	enum proto_error	(*then)(struct op_ctx *, const struct op_entry *);
};

static enum proto_error
op_room_resolve(struct op_ctx *ctx, const struct op_entry *op)
{
	return (chat_room_lookup(ctx, &ctx->room));
}

static bool
op_room_allowed(struct op_ctx *ctx, enum policy_question q)
{
	return (chat_room_allowed(ctx->me, &ctx->room, q));
}

/* A board or thread is found as the person sees it: not_found otherwise. */
static enum proto_error
op_board_resolve(struct op_ctx *ctx, const struct op_entry *op)
{
	return (boards_board_arg(ctx, "board", &ctx->scope));
}

static enum proto_error
op_thread_resolve(struct op_ctx *ctx, const struct op_entry *op)
{
	return (boards_thread_arg(ctx, &ctx->scope));
}

/* Hidden posts exist only for the board's moderators. */
static enum proto_error
op_post_resolve(struct op_ctx *ctx, const struct op_entry *op)
{
	return (boards_post_arg(ctx, &ctx->scope, &ctx->post));
}

static bool
op_board_allowed(struct op_ctx *ctx, enum policy_question q)
{
	return (policy_allows_board(q, &ctx->scope.viewer, &ctx->scope.board));
}

/*
 * thread.move: the "board" id is read first (bad_request before anything
 * is looked up), then the thread; the board it goes to is found and asked
 * about once the thread's own board said yes.
 */
static enum proto_error
op_move_resolve(struct op_ctx *ctx, const struct op_entry *op)
{
	enum proto_error	err;

	if ((err = boards_id_arg(ctx, "board", true, &ctx->to.board.id)) !=
	    PROTO_OK)
		return (err);
	return (boards_thread_arg(ctx, &ctx->scope));
}

static enum proto_error
op_move_then(struct op_ctx *ctx, const struct op_entry *op)
{
	enum proto_error	err;

	if ((err = boards_resolve_board(ctx, ctx->to.board.id, &ctx->to)) !=
	    PROTO_OK)
		return (err);
	if (!policy_allows_board(op->ask, &ctx->to.viewer, &ctx->to.board))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only the board's moderators may do that"));
	return (PROTO_OK);
}

/* A message is found with its room: not_found when the person cannot see it. */
static enum proto_error
op_msg_resolve(struct op_ctx *ctx, const struct op_entry *op)
{
	return (msg_find(ctx, &ctx->msg, &ctx->room, false));
}

static enum proto_error
op_msg_moderated_resolve(struct op_ctx *ctx, const struct op_entry *op)
{
	return (msg_find(ctx, &ctx->msg, &ctx->room, true));
}

static bool
op_msg_allowed(struct op_ctx *ctx, enum policy_question q)
{
	return (policy_allows_msg(q, ctx->me, ctx->msg.m.user_id,
	    chat_room_allowed(ctx->me, &ctx->room, POLICY_POST_ROOM)));
}

/* Somebody with an active account: not_found otherwise (disabled too). */
static enum proto_error
op_person_resolve(struct op_ctx *ctx, const struct op_entry *op)
{
	return (op_user_arg(ctx, "handle", &ctx->who));
}

/* The person named once the room said yes: a stranger learns nothing of the room. */
static enum proto_error
op_room_person_then(struct op_ctx *ctx, const struct op_entry *op)
{
	return (op_person_resolve(ctx, op));
}

/* A pending buddy-chat invitation; forbidden when there is none. */
static enum proto_error
op_invitation_resolve(struct op_ctx *ctx, const struct op_entry *op)
{
	enum proto_error	err;
	int64_t			inviter;

	if ((err = chat_room_lookup(ctx, &ctx->room)) != PROTO_OK)
		return (err);
	if (store_room_invite_from(server.store, ctx->room.id, ctx->me->id,
	    &inviter) != STORE_OK) {
		/* A chat one is neither invited to nor in reads as none at all. */
		if (!chat_room_allowed(ctx->me, &ctx->room, POLICY_READ_ROOM))
			return (chat_room_refuse(ctx, ctx->room.ref));
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "you have no invitation to %s", ctx->room.ref));
	}
	return (PROTO_OK);
}

/* A series or meeting outside the person's series is not_found (meeting.c). */
static enum proto_error
op_series_resolve(struct op_ctx *ctx, const struct op_entry *op)
{
	return (series_arg(ctx, "series", &ctx->meeting.series));
}

static enum proto_error
op_meeting_resolve(struct op_ctx *ctx, const struct op_entry *op)
{
	return (meeting_arg(ctx, &ctx->meeting));
}

static enum proto_error
op_calendar_resolve(struct op_ctx *ctx, const struct op_entry *op)
{
	if (json_object_get(ctx->req, "meeting") != NULL)
		return (meeting_arg(ctx, &ctx->meeting));
	ctx->meeting.m.id = 0;
	return (series_arg(ctx, "series", &ctx->meeting.series));
}

static bool
op_series_allowed(struct op_ctx *ctx, enum policy_question q)
{
	return (policy_allows_series(q, ctx->me, ctx->meeting.series.role));
}

static const struct op_target_kind op_targets[OP_TARGET_COUNT] = {
	[OP_TARGET_ROOM] = { op_room_resolve, op_room_allowed,
	    PROTO_ERR_FORBIDDEN, NULL },
	[OP_TARGET_BOARD] = { op_board_resolve, op_board_allowed,
	    PROTO_ERR_NOT_FOUND, NULL },
	[OP_TARGET_THREAD] = { op_thread_resolve, op_board_allowed,
	    PROTO_ERR_NOT_FOUND, NULL },
	[OP_TARGET_POST] = { op_post_resolve, op_board_allowed,
	    PROTO_ERR_NOT_FOUND, NULL },
	/* The author is asked openly: the message is visible to them. */
	[OP_TARGET_MSG] = { op_msg_resolve, op_msg_allowed,
	    PROTO_ERR_FORBIDDEN, NULL },
	[OP_TARGET_MSG_MODERATED] = { op_msg_moderated_resolve, op_msg_allowed,
	    PROTO_ERR_FORBIDDEN, NULL },
	[OP_TARGET_PERSON] = { op_person_resolve, NULL,
	    PROTO_ERR_NOT_FOUND, NULL },
	[OP_TARGET_ROOM_PERSON] = { op_room_resolve, op_room_allowed,
	    PROTO_ERR_FORBIDDEN, op_room_person_then },
	[OP_TARGET_THREAD_MOVE] = { op_move_resolve, op_board_allowed,
	    PROTO_ERR_NOT_FOUND, op_move_then },
	[OP_TARGET_INVITATION] = { op_invitation_resolve, NULL,
	    PROTO_ERR_FORBIDDEN, NULL },
	/* Chairing is refused openly: the series is visible to the person. */
	[OP_TARGET_SERIES] = { op_series_resolve, op_series_allowed,
	    PROTO_ERR_FORBIDDEN, NULL },
	[OP_TARGET_MEETING] = { op_meeting_resolve, op_series_allowed,
	    PROTO_ERR_FORBIDDEN, NULL },
	[OP_TARGET_CALENDAR] = { op_calendar_resolve, op_series_allowed,
	    PROTO_ERR_FORBIDDEN, NULL },
};

/* Policy said no: the target kind's code, and what the question was. */
static enum proto_error
op_refuse(struct op_ctx *ctx, const struct op_entry *op)
{
	enum proto_error	err = op_targets[op->target].refusal;

	/*
	 * Only someone who reads the room learns what else it would take: to
	 * anyone else it reads as a room that is not there.
	 */
	if ((op->target == OP_TARGET_ROOM || op->target == OP_TARGET_ROOM_PERSON) &&
	    !chat_room_allowed(ctx->me, &ctx->room, POLICY_READ_ROOM))
		return (chat_room_refuse(ctx, ctx->room.ref));
	switch (op->ask) {
	case POLICY_MODERATE_BOARD:
		/* Moderation is refused openly: the board is readable. */
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only the board's moderators may do that"));
	case POLICY_READ_BOARD:
		return (op_fail(ctx, err, "no board %lld",
		    (long long)ctx->scope.board.id));
	case POLICY_MANAGE_ROOM:
		return (op_fail(ctx, err, "only the owner of %s may change it",
		    ctx->room.ref));
	case POLICY_LEAVE_ROOM:
		return (op_fail(ctx, err,
		    "you can only leave a buddy chat you are in"));
	case POLICY_EDIT_MSG:
		return (op_fail(ctx, err, "only the author may edit a message"));
	case POLICY_CHAIR_SERIES:
		return (op_fail(ctx, err, "only the chairs of %s may do that",
		    ctx->meeting.series.s.name));
	case POLICY_READ_ROOM:
	case POLICY_POST_ROOM:
	case POLICY_NONE:
		break;
	}
	return (chat_room_refuse(ctx, ctx->room.ref));
}

enum proto_error
op_target_admit(struct op_ctx *ctx, const struct op_entry *op)
{
	const struct op_target_kind	*t = &op_targets[op->target];
	enum proto_error		 err;

	if (op->target == OP_TARGET_NONE)
		return (PROTO_OK);
	if ((err = t->resolve(ctx, op)) != PROTO_OK)
		return (err);
	/* A question the kind cannot answer is a no (default deny). */
	if (op->ask != POLICY_NONE && (t->allowed == NULL ||
	    !t->allowed(ctx, op->ask)))
		return (op_refuse(ctx, op));
	if (t->then != NULL)
		return (t->then(ctx, op));
	return (PROTO_OK);
}

void
op_target_free(struct op_ctx *ctx)
{
	boards_post_free(&ctx->post);
	free(ctx->msg.text);
	ctx->msg.text = NULL;
}
