/*
 * op_msg.c: the msg.* ops. A chat message's author edits it (every earlier
 * body is kept) or hides it — msg.edit, msg.history, msg.delete; anyone who
 * can read it reports it to the moderators — msg.report (only that message
 * is shared: a report of a DM or buddy-chat message gives moderators that
 * message, not the room). A message the person
 * cannot see (another room, before they joined, hidden) is "not_found",
 * like one that does not exist. The change reaches exactly those who can
 * see the message, after the group commit.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "op.h"

#define MSGEDIT_MAX_AUDIENCE	10000

static void
msgedit_copy(const struct store_msg *m, void *arg)
{
	struct op_msg	*e = arg;
	size_t			 lroom = strlen(m->room) + 1;
	size_t			 lfrom = strlen(m->from) + 1;

	e->m = *m;
	e->text = xmalloc(lroom + lfrom + strlen(m->body) + 1);
	memcpy(e->text, m->room, lroom);
	memcpy(e->text + lroom, m->from, lfrom);
	strcpy(e->text + lroom + lfrom, m->body);
	e->m.room = e->text;
	e->m.from = e->text + lroom;
	e->m.body = e->text + lroom + lfrom;
	e->found = true;
}

/*
 * The "msg" field's message as the person sees it, with its room; or, when
 * moderating, as a moderator of its room's scope sees it: hidden ones too,
 * and in rooms they do not read (never buddy chats or DMs). ("id" is the
 * request's own.)
 */
enum proto_error
msg_find(struct op_ctx *ctx, struct op_msg *e, struct store_room *room,
    bool moderating)
{
	struct store_mod_scope	scope;
	enum proto_error	err;
	enum store_result	res;
	int64_t			id;

	memset(e, 0, sizeof *e);
	if ((err = proto_get_int(ctx->req, "msg", true, 1, INT64_MAX, &id)) !=
	    PROTO_OK)
		return (op_fail(ctx, err, "\"msg\" must be a message id"));
	res = store_msg_get(server.store, id, msgedit_copy, e);
	if (res != STORE_OK && res != STORE_NOT_FOUND)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "messages are unavailable"));
	if (e->found &&
	    store_room_by_id(server.store, e->m.room_id, room) == STORE_OK) {
		if (!e->m.hidden &&
		    chat_room_allowed(ctx->me, room, POLICY_READ_ROOM) &&
		    e->m.id > room->visible_from)
			return (PROTO_OK);
		if (moderating && store_room_mod_scope(server.store, room->id,
		    &scope) == STORE_OK &&
		    policy_can_moderate_room(ctx->me, &scope))
			return (PROTO_OK);
	}
	free(e->text);
	e->text = NULL;
	return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "no message %lld",
	    (long long)id));
}

struct msgedit_fanout {
	struct blob	*blob;
	struct conn	*except;
};

static void
msgedit_fanout_one(int64_t user_id, void *arg)
{
	struct msgedit_fanout	*f = arg;

	hub_publish_user_except(user_id, f->blob, f->except);
}

/*
 * Sends {"ev":"msg.edit","msg":…} to whoever sees the message: everyone in
 * the room for national and region rooms, and for a meeting's room (its
 * people are its series, who see all of it, not rows of room_members),
 * else the members who joined before it was written.
 */
static void
msgedit_publish(struct op_ctx *ctx, const struct store_room *room,
    int64_t msg_id, json_t *msg)
{
	struct msgedit_fanout	f;

	f.blob = blob_encode(json_pack("{s:s, s:o}", "ev", "msg.edit", "msg",
	    msg));
	f.except = ctx->conn;
	if (f.blob == NULL)
		return;
	if (room->kind == ROOM_NATIONAL || room->kind == ROOM_REGION ||
	    room->kind == ROOM_MEETING)
		hub_publish_room(room->id, f.blob, ctx->conn);
	else if (store_msg_audience(server.store, room->id, msg_id,
	    MSGEDIT_MAX_AUDIENCE, msgedit_fanout_one, &f) != STORE_OK)
		log_warn("msg.edit: members of %s unavailable", room->ref);
	blob_unref(f.blob);
}

/* Reads the changed message again: the reply, and the event for the rest. */
static enum proto_error
msgedit_announce(struct op_ctx *ctx, int64_t id, const char *failed)
{
	struct op_msg	 after;
	json_t		*msg;

	memset(&after, 0, sizeof after);
	if (store_msg_get(server.store, id, msgedit_copy, &after) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "%s", failed));
	msg = chat_msg_json(&after.m);
	json_object_set(ctx->reply, "msg", msg);
	msgedit_publish(ctx, &ctx->room, id, msg);
	free(after.text);
	return (PROTO_OK);
}

/* The row found the message (its room in ctx->room), asked, took the body. */
static enum proto_error
msgedit_edit(struct op_ctx *ctx)
{
	enum proto_error	err;

	if (store_msg_edit(server.store, ctx->msg.m.id, ctx->text, now_ms(),
	    ctx->guard_confirmed) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the message was not saved"));
	if ((err = msgedit_announce(ctx, ctx->msg.m.id,
	    "the message was not saved")) != PROTO_OK)
		return (err);
	return (words_flag(ctx, STORE_ITEM_MSG, ctx->msg.m.id));
}

static void
msgedit_version_add(int64_t ts, const char *body, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s}", "ts", (json_int_t)ts,
	    "body", body));
}

static enum proto_error
msgedit_history(struct op_ctx *ctx)
{
	json_t	*versions = json_array();

	if (store_msg_versions(server.store, ctx->msg.m.id, msgedit_version_add,
	    versions) != STORE_OK) {
		json_decref(versions);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "history is unavailable"));
	}
	json_object_set_new(ctx->reply, "versions", versions);
	return (PROTO_OK);
}

/* The audit row names the message and its author, never its text. */
static void
msgedit_audit(struct op_ctx *ctx, const struct op_msg *e)
{
	op_audit_target(ctx, "msg", e->m.id);
	op_audit_detail(ctx, "room %lld by user %lld", (long long)e->m.room_id,
	    (long long)e->m.user_id);
}

/* Whether the person moderates the room the message is in. */
static bool
msgedit_moderates(struct op_ctx *ctx, const struct store_room *room)
{
	struct store_mod_scope	scope;

	return (store_room_mod_scope(server.store, room->id, &scope) ==
	    STORE_OK && policy_can_moderate_room(ctx->me, &scope));
}

void
msg_publish_hidden(struct op_ctx *ctx, const struct store_room *room,
    int64_t msg_id, bool moderated)
{
	json_t	*msg;

	/* Those who had it learn only that it went, and whether a moderator hid it. */
	msg = json_pack("{s:I, s:s, s:b}", "id", (json_int_t)msg_id, "room",
	    room->ref, "hidden", 1);
	if (moderated)
		json_object_set_new(msg, "moderated", json_true());
	msgedit_publish(ctx, room, msg_id, msg);
}

/* The author hides their message; a moderator of its room hides any. */
static enum proto_error
msgedit_delete(struct op_ctx *ctx)
{
	const struct op_msg	*e = &ctx->msg;
	const struct store_room	*room = &ctx->room;

	if (e->m.hidden)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
		    "the message is hidden already"));
	if (!policy_can_hide_msg(ctx->me, e->m.user_id, true) &&
	    !msgedit_moderates(ctx, room))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only the author or a moderator may delete a message"));
	if (store_msg_hide(server.store, e->m.id, ctx->me->id) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the message was not hidden"));
	/* An author deleting their own message is no moderator's act. */
	ctx->audit.skip = e->m.user_id == ctx->me->id;
	msgedit_audit(ctx, e);
	msg_publish_hidden(ctx, room, e->m.id, !ctx->audit.skip);
	return (PROTO_OK);
}

/* A moderator of its room shows a hidden message again. */
static enum proto_error
msgedit_restore(struct op_ctx *ctx)
{
	const struct op_msg	*e = &ctx->msg;

	if (!msgedit_moderates(ctx, &ctx->room))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only the room's moderators may restore a message"));
	if (!e->m.hidden)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
		    "the message is not hidden"));
	if (store_msg_show(server.store, e->m.id) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the message was not restored"));
	msgedit_audit(ctx, e);
	return (msgedit_announce(ctx, e->m.id, "the message was not restored"));
}

/*
 * Messages the person cannot see (another room, from before they joined,
 * deleted) are not_found like missing ones: a report neither tells that
 * they exist nor passes their text to moderators. The report goes to the
 * queue of the room's scope (buddy chats and DMs: the admins').
 */
static enum proto_error
report_msg(struct op_ctx *ctx)
{
	struct store_mod_scope	 scope;

	if (store_room_mod_scope(server.store, ctx->room.id, &scope) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the report was not saved"));
	return (mod_report(ctx, STORE_ITEM_MSG, ctx->msg.m.id,
	    ctx->msg.m.user_id, &scope));
}

static const struct op_entry msg_ops[] = {
	{ "msg.edit",	msgedit_edit,	OP_TEXT,
	    OP_TARGET_MSG,	POLICY_EDIT_MSG,	FLOOD_POST },
	{ "msg.history",	msgedit_history,	0,
	    OP_TARGET_MSG,	POLICY_NONE,	FLOOD_NONE },
	{ "msg.delete",	msgedit_delete,	OP_AUDIT,
	    OP_TARGET_MSG_MODERATED,	POLICY_NONE,	FLOOD_NONE },
	{ "msg.restore",	msgedit_restore,	OP_AUDIT,
	    OP_TARGET_MSG_MODERATED,	POLICY_NONE,	FLOOD_NONE },
	{ "msg.report",	report_msg,	OP_GUARD_REASON,
	    OP_TARGET_MSG,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const msg_owns[] = { "msg", NULL };

const struct op_file op_msg_file = { msg_owns, msg_ops };
