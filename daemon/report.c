/*
 * report.c: msg.report — a person flags one message of a room they can read
 * for the moderation queue. Only that message is shared: a report of a DM
 * or buddy-chat message gives moderators that message, not the room.
 */
#include "config.h"

#include <ctype.h>

#include "op.h"

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

/*
 * Messages the person cannot see (another room, from before they joined,
 * deleted) are not_found like missing ones: a report neither tells that
 * they exist nor passes their text to moderators.
 */
static enum proto_error
report_msg(struct op_ctx *ctx)
{
	const struct store_user	*me = &ctx->conn->user;
	const char		*reason;
	enum store_result	 res;
	enum proto_error	 err;
	int64_t			 msg_id, id;

	if ((err = msg_seen_arg(ctx, &msg_id)) != PROTO_OK)
		return (err);
	if ((err = proto_get_text(ctx->req, "reason", true, REPORT_MAX_REASON,
	    &reason)) != PROTO_OK)
		return (op_fail(ctx, err, "\"reason\" is text of 1 to %d "
		    "characters", REPORT_MAX_REASON));
	if (report_blank(reason))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "the reason is empty"));
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

static const struct op_entry report_ops[] = {
	{ "msg.report",	report_msg,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const report_owns[] = { "msg", NULL };

const struct op_file op_report_file = { "report.c", report_owns, report_ops };
