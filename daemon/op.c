/*
 * op.c: the op table and the dispatcher (see op.h for the order of the
 * steps). Each op file owns its namespaces and lists its rows; this file
 * joins them, resolves a row's target, asks policy.c, validates text, checks
 * for a flood token, runs the handler in the op's savepoint, appends the
 * audit row of an OP_AUDIT row's act and spends the token.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "op.h"
#include "boards.h"
#include "guard.h"
#include "log.h"

static const struct op_file *const op_files[] = {
	&op_room_file,
	&op_dm_file,
	&op_buddy_file,
	&op_session_file,
	&op_profile_file,
	&op_user_file,
	&op_people_file,
	&op_region_file,
	&op_account_file,
	&op_presence_file,
	&op_board_file,
	&op_thread_file,
	&op_post_file,
	&op_msg_file,
	&op_search_file,
	&op_mod_file,
	&op_admin_file,
	&op_invite_file,
	&op_series_file,
	&op_meeting_file,
	&op_record_file,
	&op_vote_file,
	&op_email_file,
	&op_words_file,
};

/* The file that owns the op's namespace (its name up to the first dot). */
static const struct op_file *
op_owner(const char *name)
{
	const char *const	*ns;
	size_t			 i, len = strcspn(name, ".");

	for (i = 0; i < sizeof op_files / sizeof op_files[0]; i++) {
		for (ns = op_files[i]->owns; *ns != NULL; ns++) {
			if (strlen(*ns) == len && strncmp(*ns, name, len) == 0)
				return (op_files[i]);
		}
	}
	return (NULL);
}

/* Only the owner's table is looked in: a row anywhere else is no op. */
const struct op_entry *
op_find(const char *name)
{
	const struct op_file	*f;
	const struct op_entry	*op;

	if ((f = op_owner(name)) == NULL)
		return (NULL);
	for (op = f->ops; op->name != NULL; op++) {
		if (strcmp(op->name, name) == 0)
			return (op);
	}
	return (NULL);
}

enum proto_error
op_fail(struct op_ctx *ctx, enum proto_error err, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(ctx->message, sizeof ctx->message, fmt, ap);
	va_end(ap);
	/* A message cut short must not end inside a character. */
	ctx->message[proto_text_cut(ctx->message, sizeof ctx->message)] = '\0';
	return (err);
}

void
op_audit_target(struct op_ctx *ctx, const char *kind, int64_t id)
{
	ctx->audit.target_kind = kind;
	ctx->audit.target_id = id;
}

void
op_audit_detail(struct op_ctx *ctx, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(ctx->audit.detail, sizeof ctx->audit.detail, fmt, ap);
	va_end(ap);
}

/*
 * Step 7 of op.h: the act's audit row, in the op's savepoint. A row that
 * cannot be written undoes the act: no moderator's act goes unrecorded.
 */
static enum proto_error
op_audit(struct op_ctx *ctx, const struct op_entry *op)
{
	struct store_audit	a;

	if (ctx->audit.skip)
		return (PROTO_OK);
	memset(&a, 0, sizeof a);
	a.ts = now_ms();
	a.actor_id = ctx->me->id;
	a.act = op->name;
	a.target_kind = ctx->audit.target_kind;
	a.target_id = ctx->audit.target_id;
	if (a.target_kind == NULL) {
		switch (op->target) {
		case OP_TARGET_ROOM:
		case OP_TARGET_ROOM_PERSON:
			op_audit_target(ctx, "room", ctx->room.id);
			break;
		case OP_TARGET_BOARD:
			op_audit_target(ctx, "board", ctx->scope.board.id);
			break;
		case OP_TARGET_THREAD:
		case OP_TARGET_THREAD_MOVE:
			op_audit_target(ctx, "thread", ctx->scope.thread.t.id);
			break;
		case OP_TARGET_POST:
			op_audit_target(ctx, "post", ctx->post.p.id);
			break;
		case OP_TARGET_MSG:
		case OP_TARGET_MSG_MODERATED:
			op_audit_target(ctx, "msg", ctx->msg.m.id);
			break;
		case OP_TARGET_PERSON:
			op_audit_target(ctx, "user", ctx->who.id);
			break;
		case OP_TARGET_INVITATION:
			op_audit_target(ctx, "room", ctx->room.id);
			break;
		case OP_TARGET_SERIES:
			op_audit_target(ctx, "series", ctx->meeting.series.s.id);
			break;
		case OP_TARGET_MEETING:
			op_audit_target(ctx, "meeting", ctx->meeting.m.id);
			break;
		case OP_TARGET_CALENDAR:
			break;	/* reads only: never audited */
		case OP_TARGET_NONE:
		case OP_TARGET_COUNT:
			break;
		}
		a.target_kind = ctx->audit.target_kind;
		a.target_id = ctx->audit.target_id;
	}
	a.reason = ctx->audit.reason;
	a.detail = ctx->audit.detail;
	if (store_audit_append(server.store, &a) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the act could not be "
		    "recorded in the audit log, so it was not done"));
	return (PROTO_OK);
}

/* The "body" field: text, not blank, not too long. */
static enum proto_error
op_text(struct op_ctx *ctx)
{
	return (chat_body_arg(ctx, "body", &ctx->text));
}

/*
 * The guard's rule per scope: the store's rows over the defaults, read at
 * start and again after each staffroomctl commit (server.c's watch).
 */
static enum guard_rule	op_guard_rules[GUARD_SCOPE_COUNT];

static void
op_guard_rule_one(const char *scope, const char *rule, int64_t changed_ms,
    void *arg)
{
	enum guard_scope	gs;
	enum guard_rule		gr;

	if (guard_scope_from_name(scope, &gs) && guard_rule_from_name(rule, &gr))
		op_guard_rules[gs] = gr;
}

void
op_guard_load(struct store *st)
{
	enum guard_rule	saved[GUARD_SCOPE_COUNT];
	int		i;

	memcpy(saved, op_guard_rules, sizeof saved);
	for (i = 0; i < GUARD_SCOPE_COUNT; i++)
		op_guard_rules[i] = guard_rule_default(i);
	/* A failed read keeps the rules the daemon had. */
	if (store_guard_rules(st, op_guard_rule_one, NULL) != STORE_OK) {
		memcpy(op_guard_rules, saved, sizeof saved);
		log_warn("cannot read the guard's rules");
	}
}

enum guard_scope
op_guard_room_scope(const struct store_room *room)
{
	switch (room->kind) {
	case ROOM_NATIONAL:
		return (GUARD_SCOPE_NATIONAL);
	case ROOM_REGION:
		return (GUARD_SCOPE_REGION);
	case ROOM_TRUST:
		return (GUARD_SCOPE_TRUST);
	case ROOM_BUDDY:
		return (GUARD_SCOPE_BUDDY);
	case ROOM_DM:
		return (GUARD_SCOPE_DM);
	case ROOM_MEETING:
		break;
	}
	return (GUARD_SCOPE_MEETING);
}

enum proto_error
op_guard(struct op_ctx *ctx, enum guard_scope scope, const char *text)
{
	enum guard_rule	 rule = op_guard_rules[scope];
	unsigned	 kinds;
	bool		 confirmed;
	char		 names[64], phrases[128];

	if (rule == GUARD_RULE_OFF || server.cfg.guard_off)
		return (PROTO_OK);
	kinds = guard_scan(text, strlen(text), (time_t)(now_ms() / 1000));
	confirmed = json_is_true(json_object_get(ctx->req,
	    "confirm_personal_data"));
	if (policy_guard(rule, kinds, confirmed)) {
		/* Under off nothing is asked, so nothing is marked. */
		if (kinds != 0 && rule == GUARD_RULE_CONFIRM)
			ctx->guard_confirmed = true;
		return (PROTO_OK);
	}
	/* Only the kinds and where: never the text. */
	guard_kinds_format(kinds, false, names, sizeof names);
	guard_kinds_format(kinds, true, phrases, sizeof phrases);
	if (scope == GUARD_SCOPE_BOARD)
		log_info("guard: refused %s on board %lld", names,
		    (long long)ctx->scope.board.id);
	else
		log_info("guard: refused %s in %s", names,
		    ctx->room.ref[0] != '\0' ? ctx->room.ref : "a name or note");
	ctx->guard_kinds = kinds;
	ctx->guard_confirmable = rule == GUARD_RULE_CONFIRM;
	if (ctx->guard_confirmable)
		return (op_fail(ctx, PROTO_ERR_PERSONAL_DATA_SUSPECTED,
		    "this looks like it contains %s: not sent; send it again "
		    "with confirm_personal_data if you are sure", phrases));
	return (op_fail(ctx, PROTO_ERR_PERSONAL_DATA_SUSPECTED,
	    "this looks like it contains %s: not sent, pupil data may not "
	    "be shared here", phrases));
}

/*
 * The extra fields of a refusal, inside "error": the guard's, a mute's end,
 * and the request field it is about.
 */
static json_t *
op_error_fields(const struct op_ctx *ctx, enum proto_error err)
{
	json_t		*kinds, *extra = NULL;
	unsigned	 bit;

	if (err == PROTO_ERR_MUTED)
		extra = json_pack("{s:o}", "until", ctx->muted_until != 0 ?
		    json_integer(ctx->muted_until) : json_null());
	else if (err == PROTO_ERR_PERSONAL_DATA_SUSPECTED &&
	    ctx->guard_kinds != 0) {
		kinds = json_array();
		for (bit = 1; bit <= GUARD_KINDS_ALL; bit <<= 1) {
			if (ctx->guard_kinds & bit)
				json_array_append_new(kinds,
				    json_string(guard_kind_name(bit)));
		}
		extra = json_pack("{s:o, s:b}", "kinds", kinds, "confirmable",
		    ctx->guard_confirmable);
	}
	else if (err == PROTO_ERR_WORD_BLOCKED && ctx->words.id != 0) {
		extra = json_pack("{s:I}", "rule", (json_int_t)ctx->words.id);
		if (ctx->words.label[0] != '\0')
			json_object_set_new(extra, "label",
			    json_string(ctx->words.label));
	}
	if (ctx->field != NULL) {
		if (extra == NULL)
			extra = json_object();
		json_object_set_new(extra, "field", json_string(ctx->field));
	}
	return (extra);
}

/* The OP_GUARD_* flags and the fields they name. */
static const struct {
	unsigned	 flag;
	const char	*field;
} op_guard_fields[] = {
	{ OP_GUARD_NAME, "name" },
	{ OP_GUARD_BIO, "bio" },
	{ OP_GUARD_REASON, "reason" },
	{ OP_GUARD_NOTE, "note" },
	{ OP_GUARD_JOB_TITLE, "job_title" },
};

/* A row's other text fields; a missing or non-text one is the handler's. */
static enum proto_error
op_guard_row_fields(struct op_ctx *ctx, const struct op_entry *op)
{
	const char		*text;
	enum proto_error	 err;
	size_t			 i;

	for (i = 0; i < sizeof op_guard_fields / sizeof op_guard_fields[0];
	    i++) {
		if ((op->flags & op_guard_fields[i].flag) == 0 ||
		    (text = json_string_value(json_object_get(ctx->req,
		    op_guard_fields[i].field))) == NULL)
			continue;
		ctx->field = op_guard_fields[i].field;
		if ((err = op_guard(ctx, GUARD_SCOPE_NATIONAL, text)) !=
		    PROTO_OK)
			return (err);
		ctx->field = NULL;
	}
	return (PROTO_OK);
}

/*
 * A new message in a room set for announcements, or in slow mode: both ask
 * whether the person moderates the room's scope. Edits are neither.
 */
static enum proto_error
op_room_send_admit(struct op_ctx *ctx)
{
	struct store_mod_scope	scope;

	if (ctx->room.slow_s == 0 && !ctx->room.announce_only)
		return (PROTO_OK);
	if (store_room_mod_scope(server.store, ctx->room.id, &scope) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the room is unavailable"));
	if (!policy_can_post_announcements(ctx->me, &ctx->room, &scope))
		return (op_fail(ctx, PROTO_ERR_ANNOUNCE_ONLY, "%s is for "
		    "announcements: only its moderators post there",
		    ctx->room.name));
	return (flood_slow_check(ctx, &scope));
}

/*
 * A message or its edit in a national, region or trust room meets the
 * watched words of the room's scope; buddy chats and DMs are private
 * talk, which no moderator reads, so none watch them.
 */
static enum proto_error
op_room_words(struct op_ctx *ctx, const struct op_entry *op)
{
	struct store_mod_scope	scope;

	if (ctx->room.kind != ROOM_NATIONAL && ctx->room.kind != ROOM_REGION &&
	    ctx->room.kind != ROOM_TRUST)
		return (PROTO_OK);
	if (store_room_mod_scope(server.store, ctx->room.id, &scope) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the room is unavailable"));
	return (words_admit(ctx, &scope, &ctx->text, 1,
	    op->target == OP_TARGET_ROOM));
}

/* Steps 2 to 5 of op.h: everything a row asks for before its handler. */
static enum proto_error
op_admit(struct op_ctx *ctx, const struct op_entry *op)
{
	enum proto_error	err;
	int64_t			room_id;

	if ((err = op_target_admit(ctx, op)) != PROTO_OK)
		return (err);
	/* The guard after the text is valid, before the flood token. */
	if ((op->flags & OP_TEXT) && ((err = op_text(ctx)) != PROTO_OK ||
	    (err = op_guard(ctx, (op->flags & OP_MEETING) ?
	    GUARD_SCOPE_MEETING : op_guard_room_scope(&ctx->room),
	    ctx->text)) != PROTO_OK))
		return (err);
	if ((err = op_guard_row_fields(ctx, op)) != PROTO_OK)
		return (err);
	if ((op->flags & OP_TEXT) && op->flood == FLOOD_POST &&
	    (op->flags & OP_MEETING) == 0 &&
	    (err = op_room_words(ctx, op)) != PROTO_OK)
		return (err);
	/*
	 * Writing others read: not in a locked room, nor while muted there (a
	 * meeting's room has the meeting's id).
	 */
	room_id = op->target == OP_TARGET_ROOM || op->target == OP_TARGET_MSG ?
	    ctx->room.id : op->target == OP_TARGET_MEETING ? ctx->meeting.m.id : 0;
	if (op->flood == FLOOD_POST && room_id != 0 &&
	    !policy_room_writable(&ctx->room))
		return (op_fail(ctx, PROTO_ERR_LOCKED, "%s is locked by its "
		    "moderators: it can be read, not written in", ctx->room.name));
	if (op->flood == FLOOD_POST &&
	    (err = mod_check_muted(ctx, room_id)) != PROTO_OK)
		return (err);
	if (op->flood == FLOOD_POST && op->target == OP_TARGET_ROOM &&
	    (err = op_room_send_admit(ctx)) != PROTO_OK)
		return (err);
	if (op->flood != FLOOD_NONE)
		return (flood_check(ctx, op->flood));
	return (PROTO_OK);
}

void
op_dispatch(struct conn *c, struct proto_request *req)
{
	const struct op_entry	*op;
	struct op_ctx		 ctx;
	enum proto_error	 err;
	json_t			*reply;
	bool			 reads;

	session_activity(c);
	memset(&ctx, 0, sizeof ctx);
	ctx.conn = c;
	ctx.me = session_user(c);
	ctx.req = req->root;
	/* The savepoint opens at the op's first write (stage.c, store.c). */
	stage_begin(c, req->id, true);
	op = op_find(req->op);
	reads = op != NULL && (op->flags & OP_READS);
	if (reads)
		store_read_scope_enter(server.store);
	if (op == NULL)
		err = op_fail(&ctx, PROTO_ERR_UNKNOWN_OP, "no op named \"%.*s\"",
		    proto_text_cut(req->op, 64), req->op);
	else if (session_is_join(c) && (op->flags & OP_IN_JOIN) == 0)
		err = op_fail(&ctx, PROTO_ERR_FORBIDDEN,
		    "this session may only register an account");
	else if (!session_is_join(c) && (op->flags & OP_JOIN_ONLY) != 0)
		err = op_fail(&ctx, PROTO_ERR_FORBIDDEN, "you have an account: "
		    "invite codes are for newcomers");
	else if ((err = op_admit(&ctx, op)) == PROTO_OK) {
		ctx.reply = json_object();
		err = op->exec(&ctx);
		/* Ops that finish off the loop (OP_PENDING) are not audited. */
		if (err == PROTO_OK && (op->flags & OP_AUDIT))
			err = op_audit(&ctx, op);
		/* Step 8: work begun off the loop costs its token too. */
		if ((err == PROTO_OK || err == OP_PENDING) &&
		    op->flood != FLOOD_NONE && !ctx.told_nobody)
			flood_spend(&ctx, op->flood);
		if (err == PROTO_OK && ctx.slow_s > 0)
			flood_slow_spend(&ctx);
	}
	if (reads)
		store_read_scope_leave(server.store);
	err = stage_close(err, ctx.message, sizeof ctx.message,
	    &ctx.retry_after_ms);
	if (err == PROTO_OK) {
		reply = json_pack("{s:O?, s:b}", "re", req->id, "ok", 1);
		json_object_update(reply, ctx.reply);
		conn_send_reply(c, req->id, reply);
	} else if (err != OP_PENDING)
		conn_reply_error_fields(c, req->id, err, ctx.message,
		    ctx.retry_after_ms, op_error_fields(&ctx, err));
	stage_done();
	op_target_free(&ctx);
	json_decref(ctx.reply);
}

/*
 * While the store's commit is in flight only ops that read run, and not
 * for a conn whose own writes are in it (it must read them): the others
 * wait for the commit, in order, and run in the next transaction.
 */
bool
op_must_wait(struct conn *c, const char *line, size_t len)
{
	struct proto_request	 req;
	const struct op_entry	*op;
	bool			 wait = false;

	if (!store_committing(server.store))
		return (false);
	if (stage_conn_committing(c))
		return (true);
	/* A line that is no request is answered at once, behind the commit. */
	if (proto_request_decode(line, len, &req) == PROTO_OK)
		wait = (op = op_find(req.op)) != NULL &&
		    (op->flags & OP_READS) == 0;
	proto_request_free(&req);
	return (wait);
}

struct op_async *
op_async_begin(struct op_ctx *ctx, void *data)
{
	struct op_async	*a;

	a = xcalloc(1, sizeof *a);
	a->conn = ctx->conn;
	a->id = json_incref(json_object_get(ctx->req, "id"));
	a->reply = json_incref(ctx->reply);
	a->data = data;
	session_set_async(ctx->conn, a);
	return (a);
}

void
op_async_cancel(struct op_async *a)
{
	session_set_async(a->conn, NULL);
	json_decref(a->id);
	json_decref(a->reply);
	free(a);
}

/* The op's completion writes: in a savepoint of its own, like any op. */
void
op_async_resume(struct op_async *a)
{
	stage_begin(a->conn, a->id, true);
	a->resumed = true;
}

void
op_async_finish(struct op_async *a)
{
	struct conn	*c = a->conn;
	json_t		*reply;
	uint64_t	 retry = 0;
	bool		 own;

	if (c != NULL) {
		/* Finished inside another op, its reply goes with that op. */
		own = a->resumed || !stage_active();
		if (own && !a->resumed)
			stage_begin(c, a->id, true);
		if (own)
			a->err = stage_close(a->err, a->message,
			    sizeof a->message, &retry);
		if (a->err == PROTO_OK) {
			reply = json_pack("{s:O?, s:b}", "re", a->id, "ok", 1);
			json_object_update(reply, a->reply);
			conn_send_reply(c, a->id, reply);
		} else
			conn_reply_error(c, a->id, a->err, a->message, retry);
		if (own)
			stage_done();
		/* Requests held meanwhile run now, in order. */
		session_set_async(c, NULL);
	}
	json_decref(a->id);
	json_decref(a->reply);
	free(a);
}
