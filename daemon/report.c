/*
 * report.c: msg.report — a person flags one message of a room they can read
 * for the moderation queue. Only that message is shared: a report of a DM
 * or buddy-chat message gives moderators that message, not the room.
 */
#include "config.h"

#include <ctype.h>

#include "staffroomd.h"

#define REPORT_MAX_REASON	1000	/* characters */

static bool
report_blank(const char *s)
{
	for (; *s != '\0'; s++) {
		if (!isspace((unsigned char)*s))
			return (false);
	}
	return (true);
}

/* Messages the person cannot see are refused like missing ones. */
static enum proto_error
report_msg(struct op_ctx *ctx)
{
	const struct store_user	*me = &ctx->conn->user;
	struct store_room	 room;
	const char		*reason;
	enum store_result	 res;
	enum proto_error	 err;
	int64_t			 msg_id, room_id, id;

	if ((err = proto_get_int(ctx->req, "msg", true, 1, INT64_MAX,
	    &msg_id)) != PROTO_OK)
		return (op_fail(ctx, err, "\"msg\" must be a message id"));
	if ((err = proto_get_text(ctx->req, "reason", true, REPORT_MAX_REASON,
	    &reason)) != PROTO_OK)
		return (op_fail(ctx, err, "\"reason\" is text of 1 to %d "
		    "characters", REPORT_MAX_REASON));
	if (report_blank(reason))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "the reason is empty"));
	if (store_msg_room(server.store, msg_id, &room_id) != STORE_OK ||
	    store_room_by_id(server.store, room_id, &room) != STORE_OK ||
	    !chat_room_allowed(me, &room, false) || msg_id <= room.visible_from)
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "you cannot report message %lld", (long long)msg_id));
	res = store_report_add(server.store, msg_id, me->id, reason, now_ms(),
	    &id);
	if (res == STORE_EXISTS)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "you reported this message already"));
	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the report was not saved"));
	json_object_set_new(ctx->reply, "report", json_integer(id));
	return (PROTO_OK);
}

const struct op_entry report_ops[] = {
	{ "msg.report",		report_msg,		0 },
	{ NULL,			NULL,			0 }
};
