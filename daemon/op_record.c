/*
 * op_record.c: the record.*, actions.* and action.* ops — records of a
 * meeting made without typing them in its room (regrets before it starts),
 * corrected or struck by the chairs and the minute taker (every version is
 * kept), and actions: a person's open ones across every series, and
 * closing one with a note. Records carry user text: their rows are
 * OP_TEXT, so the pupil-data guard sees every one.
 */
#include "config.h"

#include <string.h>

#include "meeting.h"

#define ACTIONS_MAX	200

static enum proto_error
record_add(struct op_ctx *ctx)
{
	struct meeting_line	 ml;
	char			 why[160];
	int64_t			 id;

	memset(&ml, 0, sizeof ml);
	ml.mv = ctx->meeting;
	if (ml.mv.m.ended_ms != 0)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "meeting %lld has ended", (long long)ml.mv.m.id));
	if (!proto_record_parse(ctx->text, &ml.rec, why, sizeof why))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "not recorded: %s",
		    why));
	if (ml.rec.kind == PROTO_RECORD_NONE)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "not a record: "
		    "write #info, #agreed, #action @handle, present+ or regrets"));
	ml.withheld = meeting_withheld(ctx, ctx->text);
	return (meeting_record_add(ctx, &ml, 0, &id));
}

/* The "record" field: a record of a meeting in a series the person is in. */
struct record_view {
	struct store_record	 r;
	struct series_view	 series;
	char			 body[PROTO_MAX_BODY * 4 + 1];
	char			 owner[PROTO_HANDLE_MAX + 1];
	char			 due[11];
};

static void
record_copy(const struct store_record *r, void *arg)
{
	struct record_view	*rv = arg;

	rv->r = *r;
	snprintf(rv->body, sizeof rv->body, "%s", r->body);
	snprintf(rv->owner, sizeof rv->owner, "%s", r->owner);
	snprintf(rv->due, sizeof rv->due, "%s", r->due);
	rv->r.body = rv->body;
	rv->r.owner = rv->owner;
	rv->r.due = rv->due;
	rv->r.author = rv->r.done_by = rv->r.done_note = rv->r.meeting_title =
	    "";
}

static enum proto_error
record_arg(struct op_ctx *ctx, const char *key, struct record_view *rv)
{
	int64_t	id;

	memset(rv, 0, sizeof *rv);
	if (proto_get_int(ctx->req, key, true, 1, INT64_MAX, &id) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"%s\" must be a record number", key));
	if (store_record_get(server.store, id, record_copy, rv) != STORE_OK ||
	    series_find(ctx, rv->r.series_id, &rv->series) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "no record %lld",
		    (long long)id));
	return (PROTO_OK);
}

/* Answers with the record as stored now, and tells whoever has the room open. */
static enum proto_error
record_changed(struct op_ctx *ctx, int64_t id)
{
	struct blob	*ev;
	json_t		*o = NULL;

	if (store_record_get(server.store, id, record_json_into, &o) !=
	    STORE_OK || o == NULL)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the record is unavailable"));
	ev = blob_encode(json_pack("{s:s, s:O}", "ev", "record", "record", o));
	hub_publish_room(json_integer_value(json_object_get(o, "meeting")), ev,
	    NULL);
	blob_unref(ev);
	json_object_set_new(ctx->reply, "record", o);
	return (PROTO_OK);
}

static enum proto_error
record_editable(struct op_ctx *ctx, struct record_view *rv)
{
	enum proto_error	err;

	if ((err = record_arg(ctx, "record", rv)) != PROTO_OK)
		return (err);
	if (!policy_can_edit_record(ctx->me, rv->series.role))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN, "only the chairs and "
		    "the minute taker correct records"));
	/* Counted by the server: nobody's words to correct. */
	if (rv->r.kind == PROTO_RECORD_VOTE)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "record %lld is the "
		    "result of vote %lld: it stands as counted",
		    (long long)rv->r.id, (long long)rv->r.vote_id));
	return (PROTO_OK);
}

/* The new text is a whole record line of the same kind: "#agreed ...". */
static enum proto_error
record_edit(struct op_ctx *ctx)
{
	struct record_view	 rv;
	struct meeting_line	 ml;
	enum proto_error	 err;
	char			 why[160], text[PROTO_MAX_BODY * 4 + 1];

	memset(&ml, 0, sizeof ml);
	if ((err = record_editable(ctx, &rv)) != PROTO_OK)
		return (err);
	if (!proto_record_parse(ctx->text, &ml.rec, why, sizeof why))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "not changed: %s",
		    why));
	if (ml.rec.kind != rv.r.kind || ml.rec.text == NULL)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "not changed: write "
		    "the whole line again, starting #%s",
		    proto_record_kind_name(rv.r.kind)));
	ml.mv.series = rv.series;
	if (store_meeting_get(server.store, rv.r.meeting_id, &ml.mv.m) !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the meeting is unavailable"));
	if ((err = meeting_line_validate(ctx, &ml)) != PROTO_OK)
		return (err);
	snprintf(text, sizeof text, "%.*s", (int)ml.rec.text_len, ml.rec.text);
	if (store_record_edit(server.store, rv.r.id, text,
	    ml.rec.kind == PROTO_RECORD_ACTION ? ml.owner.id : 0, ml.rec.due,
	    meeting_withheld(ctx, ctx->text), now_ms()) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the record was not saved"));
	return (record_changed(ctx, rv.r.id));
}

static enum proto_error
record_strike(struct op_ctx *ctx)
{
	struct record_view	rv;
	enum proto_error	err;

	if ((err = record_editable(ctx, &rv)) != PROTO_OK)
		return (err);
	if (rv.r.struck)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "record %lld is struck already", (long long)rv.r.id));
	if (store_record_strike(server.store, rv.r.id, now_ms()) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the record was not saved"));
	return (record_changed(ctx, rv.r.id));
}

static void
record_version_add(const struct store_record_version *v, void *arg)
{
	json_t	*o;

	o = json_pack("{s:I, s:s, s:b}", "ts", (json_int_t)v->ts,
	    "text", v->body, "struck", v->struck);
	if (v->owner[0] != '\0')
		json_object_set_new(o, "owner", json_string(v->owner));
	if (v->due[0] != '\0')
		json_object_set_new(o, "due", json_string(v->due));
	json_array_append_new(arg, o);
}

static enum proto_error
record_history(struct op_ctx *ctx)
{
	struct record_view	 rv;
	enum proto_error	 err;
	json_t			*versions;

	if ((err = record_arg(ctx, "record", &rv)) != PROTO_OK)
		return (err);
	versions = json_array();
	if (store_record_versions(server.store, rv.r.id, record_version_add,
	    versions) != STORE_OK) {
		json_decref(versions);
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the versions are unavailable"));
	}
	json_object_set_new(ctx->reply, "versions", versions);
	return (PROTO_OK);
}

/* The person's open actions in every series, overdue ones first. */
static enum proto_error
actions_list(struct op_ctx *ctx)
{
	json_t	*actions;

	if ((actions = meeting_actions_json(ctx->me, ACTIONS_MAX)) == NULL)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "actions are unavailable"));
	json_object_set_new(ctx->reply, "actions", actions);
	return (PROTO_OK);
}

/* Its owner or a chair closes an action, with a note the next minutes show. */
static enum proto_error
action_done(struct op_ctx *ctx)
{
	struct record_view	 rv;
	enum proto_error	 err;
	const char		*note = "";

	if ((err = record_arg(ctx, "action", &rv)) != PROTO_OK)
		return (err);
	if (rv.r.kind != PROTO_RECORD_ACTION || rv.r.struck)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "record %lld is not an open action", (long long)rv.r.id));
	if (!policy_can_close_action(ctx->me, rv.series.role,
	    rv.r.owner_id))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN, "only its owner or a "
		    "chair closes an action"));
	if (rv.r.done_ms != 0)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "action %lld is done already", (long long)rv.r.id));
	if (json_object_get(ctx->req, "note") != NULL &&
	    ((err = chat_body_arg(ctx, "note", &note)) != PROTO_OK ||
	    (err = op_guard(ctx, GUARD_SCOPE_MEETING, note)) != PROTO_OK))
		return (err);
	if (store_action_done(server.store, rv.r.id, ctx->me->id, note,
	    now_ms()) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the action was not saved"));
	return (record_changed(ctx, rv.r.id));
}

static const struct op_entry record_ops[] = {
	{ "record.add",	record_add,	OP_TEXT | OP_MEETING,
	    OP_TARGET_MEETING,	POLICY_NONE,	FLOOD_POST },
	{ "record.edit",	record_edit,	OP_TEXT | OP_MEETING,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_POST },
	{ "record.strike",	record_strike,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "record.history",	record_history,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "actions.list",	actions_list,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "action.done",	action_done,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const record_owns[] = { "record", "actions", "action",
	NULL };

const struct op_file op_record_file = { record_owns, record_ops };
