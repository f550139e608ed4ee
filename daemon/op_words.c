/*
 * op_words.c: watched words, the words.* ops. A scope's moderators (and
 * admins) keep a list of words and phrases for it, each with an action:
 * block (refused), hold (waits for a moderator) or flag (stored, and a
 * queue entry made). Matching is words.c's; who may is policy.c's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "op.h"
#include "words.h"

#define WORDS_PAGE	50
#define WORDS_PAGE_MAX	200
/* A held message's entry, resolved: as mod.resolve's dismiss and hide. */
#define HELD_APPROVED	0
#define HELD_REJECTED	1
#define HELD_UNTOLD	50	/* held messages' outcomes told at one login */

static const char *const words_action_names[WORDS_NACTIONS] = {
	[WORDS_BLOCK] = "block",
	[WORDS_HOLD] = "hold",
	[WORDS_FLAG] = "flag",
};

static json_t *
words_rule_json(const struct store_word *w)
{
	json_t	*obj;

	obj = json_pack("{s:I, s:o, s:s, s:s, s:I}", "id", (json_int_t)w->id,
	    "scope", chat_scope_json(&w->scope), "word", w->rule, "action",
	    words_action_names[w->action], "ts", (json_int_t)w->created_ms);
	if (w->label[0] != '\0')
		json_object_set_new(obj, "label", json_string(w->label));
	/* No "by": the operator's (staffroomctl). */
	if (w->by != NULL)
		json_object_set_new(obj, "by", json_string(w->by));
	return (obj);
}

/* "scope", one the person keeps words for: another's is forbidden. */
static enum proto_error
words_scope_arg(struct op_ctx *ctx, struct store_mod_scope *scope)
{
	enum proto_error	err;

	if ((err = op_scope_arg(ctx, "scope", scope)) != PROTO_OK)
		return (err);
	if (!policy_can_keep_words(ctx->me, scope))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN, "only the moderators "
		    "of %s and admins keep its watched words",
		    json_string_value(json_object_get(ctx->req, "scope"))));
	return (PROTO_OK);
}

static enum proto_error
words_add(struct op_ctx *ctx)
{
	struct store_word	 w;
	const char		*action = NULL;
	enum proto_error	 err;
	enum store_result	 res;
	char			 key[PROTO_WORDS_MAX_RULE * 4 + 1];
	int64_t			 n;
	int			 i;

	memset(&w, 0, sizeof w);
	w.label = "";
	if ((err = words_scope_arg(ctx, &w.scope)) != PROTO_OK ||
	    (err = op_line_arg(ctx, "word", PROTO_WORDS_MAX_RULE, &w.rule)) !=
	    PROTO_OK)
		return (err);
	if (json_object_get(ctx->req, "label") != NULL &&
	    (err = op_line_arg(ctx, "label", PROTO_WORDS_MAX_LABEL,
	    &w.label)) != PROTO_OK)
		return (err);
	if (!words_fold_rule(w.rule, key, sizeof key))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"word\" has no "
		    "letter or digit to match"));
	w.key = key;
	if (proto_get_string(ctx->req, "action", true, &action) != PROTO_OK)
		action = "";
	for (i = 0; i < WORDS_NACTIONS; i++) {
		if (strcmp(action, words_action_names[i]) == 0)
			break;
	}
	if (i == WORDS_NACTIONS)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"action\" is block, hold or flag"));
	w.action = (enum store_words_action)i;
	if (store_words_count(server.store, &w.scope, &n) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the list is unavailable"));
	if (n >= PROTO_WORDS_PER_SCOPE)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "the scope has %d "
		    "watched words, the most it may: remove one first",
		    PROTO_WORDS_PER_SCOPE));
	w.by_id = ctx->me->id;
	w.by = ctx->me->handle;
	w.created_ms = now_ms();
	res = store_word_add(server.store, &w, &w.id);
	if (res == STORE_EXISTS)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "the scope watches "
		    "that word already: remove it to change its action"));
	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the word was not saved"));
	op_audit_target(ctx, "word", w.id);
	op_audit_detail(ctx, "%s in %s", words_action_names[w.action],
	    json_string_value(json_object_get(ctx->req, "scope")));
	json_object_set_new(ctx->reply, "word", words_rule_json(&w));
	return (PROTO_OK);
}

static void
words_list_one(const struct store_word *w, void *arg)
{
	json_array_append_new(arg, words_rule_json(w));
}

static enum proto_error
words_list(struct op_ctx *ctx)
{
	struct store_mod_scope	 scope;
	enum proto_error	 err;
	int64_t			 after = 0, limit = WORDS_PAGE;
	json_t			*list;
	bool			 more;

	if ((err = words_scope_arg(ctx, &scope)) != PROTO_OK)
		return (err);
	if (proto_get_int(ctx->req, "after", false, 0, INT64_MAX, &after) !=
	    PROTO_OK || proto_get_int(ctx->req, "limit", false, 1,
	    WORDS_PAGE_MAX, &limit) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"after\" is a word's "
		    "id and \"limit\" 1 to %d", WORDS_PAGE_MAX));
	list = json_array();
	if (store_words_list(server.store, &scope, after, (int)limit,
	    words_list_one, list, &more) != STORE_OK) {
		json_decref(list);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the list is unavailable"));
	}
	json_object_set_new(ctx->reply, "words", list);
	json_object_set_new(ctx->reply, "more", json_boolean(more));
	return (PROTO_OK);
}

struct words_found {
	struct store_mod_scope	 scope;
	enum store_words_action	 action;
	bool			 found;
};

static void
words_found_one(const struct store_word *w, void *arg)
{
	struct words_found	*f = arg;

	f->scope = w->scope;
	f->action = w->action;
	f->found = true;
}

static enum proto_error
words_remove(struct op_ctx *ctx)
{
	struct words_found	 f;
	int64_t			 id;

	memset(&f, 0, sizeof f);
	if (proto_get_int(ctx->req, "word", true, 1, INT64_MAX, &id) !=
	    PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"word\" is a watched word's id"));
	/* Another scope's rule is as good as none: its list is not theirs. */
	if (store_word_get(server.store, id, words_found_one, &f) !=
	    STORE_OK || !f.found || !policy_can_keep_words(ctx->me, &f.scope))
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
		    "no watched word %lld in your scopes", (long long)id));
	if (store_word_remove(server.store, id) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the word was not removed"));
	op_audit_target(ctx, "word", id);
	op_audit_detail(ctx, "%s", words_action_names[f.action]);
	json_object_set_new(ctx->reply, "word", json_integer(id));
	return (PROTO_OK);
}

/* Applying the rules */

/* The folded texts, and the strongest rule they meet so far. */
struct words_scan {
	struct op_ctx	*ctx;
	char		*folded[2];
	size_t		 n;
};

static void
words_scan_one(const struct store_word *w, void *arg)
{
	struct words_scan	*sc = arg;
	struct op_ctx		*ctx = sc->ctx;
	size_t			 i;

	/* block before hold before flag (their order); the oldest rule first. */
	if (ctx->words.id != 0 && ctx->words.action <= w->action)
		return;
	for (i = 0; i < sc->n; i++) {
		if (words_match(sc->folded[i], w->key)) {
			ctx->words.id = w->id;
			ctx->words.action = w->action;
			snprintf(ctx->words.label, sizeof ctx->words.label, "%s",
			    w->label);
			return;
		}
	}
}

/* "rule 12 (insults)": what people read of a rule, never its word. */
static void
words_rule_words(const struct op_ctx *ctx, char *buf, size_t size)
{
	if (ctx->words.label[0] != '\0')
		snprintf(buf, size, "rule %lld (%s)", (long long)ctx->words.id,
		    ctx->words.label);
	else
		snprintf(buf, size, "rule %lld", (long long)ctx->words.id);
}

enum proto_error
words_admit(struct op_ctx *ctx, const struct store_mod_scope *scope,
    const char *const *texts, size_t n, bool holdable)
{
	struct words_scan	 sc;
	enum store_result	 res;
	char			 rule[PROTO_WORDS_MAX_LABEL * 4 + 32];
	size_t			 i;

	memset(&sc, 0, sizeof sc);
	sc.ctx = ctx;
	for (i = 0; i < n && i < sizeof sc.folded / sizeof sc.folded[0]; i++)
		sc.folded[sc.n++] = words_fold(texts[i], strlen(texts[i]));
	ctx->words.id = 0;
	res = store_words_for(server.store, scope, words_scan_one, &sc);
	for (i = 0; i < sc.n; i++)
		free(sc.folded[i]);
	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the watched words are unavailable: nothing was sent"));
	if (ctx->words.id == 0)
		return (PROTO_OK);
	ctx->words.scope = *scope;
	words_rule_words(ctx, rule, sizeof rule);
	if (ctx->words.action == WORDS_BLOCK)
		return (op_fail(ctx, PROTO_ERR_WORD_BLOCKED, "not sent: %s: the "
		    "moderators block a word or phrase it uses here", rule));
	if (ctx->words.action == WORDS_HOLD && !holdable)
		return (op_fail(ctx, PROTO_ERR_WORD_BLOCKED, "not sent: %s: the "
		    "moderators hold a word or phrase it uses for review here, "
		    "and only new chat messages can wait for them", rule));
	return (PROTO_OK);
}

enum proto_error
words_admit_board(struct op_ctx *ctx, const struct store_board *board,
    const char *const *texts, size_t n)
{
	struct store_mod_scope	scope;

	/* Private and series' boards are a scope of no one's words. */
	if (board->scope != BOARD_NATIONAL && board->scope != BOARD_REGION &&
	    board->scope != BOARD_TRUST)
		return (PROTO_OK);
	scope.scope = board->scope;
	scope.region_id = board->region_id;
	scope.trust_id = board->trust_id;
	return (words_admit(ctx, &scope, texts, n, false));
}

/* What the queue's report says of the rule. */
static void
words_report_reason(const struct op_ctx *ctx, char *buf, size_t size)
{
	char	rule[PROTO_WORDS_MAX_LABEL * 4 + 32];

	words_rule_words(ctx, rule, sizeof rule);
	snprintf(buf, size, "watched word %s: %s", rule,
	    words_action_names[ctx->words.action]);
}

enum proto_error
words_hold(struct op_ctx *ctx)
{
	struct store_held	 h;
	char			 reason[PROTO_WORDS_MAX_LABEL * 4 + 64];
	int64_t			 id, entry;
	json_t			*held;

	memset(&h, 0, sizeof h);
	h.room_id = ctx->room.id;
	h.user_id = ctx->me->id;
	h.body = ctx->text;
	h.personal_data = ctx->guard_confirmed;
	h.word_id = ctx->words.id;
	h.label = ctx->words.label;
	h.ts = now_ms();
	words_report_reason(ctx, reason, sizeof reason);
	if (store_held_add(server.store, &h, &ctx->words.scope, reason, &id,
	    &entry) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the message was not saved"));
	mod_tell_moderators(&ctx->words.scope, entry, "held", MOD_REPORT_OTHER);
	held = json_pack("{s:I, s:s, s:I, s:I}", "id", (json_int_t)id, "room",
	    ctx->room.ref, "rule", (json_int_t)ctx->words.id, "ts",
	    (json_int_t)h.ts);
	if (ctx->words.label[0] != '\0')
		json_object_set_new(held, "label", json_string(ctx->words.label));
	json_object_set_new(ctx->reply, "held", held);
	return (PROTO_OK);
}

enum proto_error
words_flag(struct op_ctx *ctx, enum store_item_kind kind, int64_t id)
{
	struct store_report_new	 r;
	enum store_result	 res;
	char			 rule[32], reason[PROTO_WORDS_MAX_LABEL * 4 + 64];
	int64_t			 report, entry;

	if (ctx->words.id == 0 || ctx->words.action != WORDS_FLAG)
		return (PROTO_OK);
	memset(&r, 0, sizeof r);
	snprintf(rule, sizeof rule, "word:%lld", (long long)ctx->words.id);
	words_report_reason(ctx, reason, sizeof reason);
	r.item_kind = kind;
	r.item_id = id;
	r.author_id = ctx->me->id;
	r.scope = ctx->words.scope;
	r.source = STORE_REPORT_WORDS;
	r.rule = rule;
	r.kind = MOD_REPORT_OTHER;
	r.reason = reason;
	r.now_ms = now_ms();
	/* An edit meeting the rule again files nothing twice. */
	if ((res = store_report_add(server.store, &r, &report, &entry)) ==
	    STORE_EXISTS)
		return (PROTO_OK);
	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the %s was not saved",
		    kind == STORE_ITEM_MSG ? "message" : "post"));
	mod_tell_moderators(&r.scope, entry, kind == STORE_ITEM_MSG ? "msg" :
	    "post", MOD_REPORT_OTHER);
	return (PROTO_OK);
}

/* Held messages */

struct words_held_copy {
	struct store_held	 h;
	char			*body;
	char			 label[PROTO_WORDS_MAX_LABEL * 4 + 1];
	bool			 found;
};

static void
words_held_copy(const struct store_held *h, void *arg)
{
	struct words_held_copy	*c = arg;

	c->h = *h;
	c->body = xstrdup(h->body);
	snprintf(c->label, sizeof c->label, "%s", h->label);
	c->h.body = c->body;
	c->h.label = c->label;
	c->found = true;
}

void
words_held_item(int64_t held_id, json_t *entry)
{
	struct words_held_copy	 c;
	struct store_room	 room;
	json_t			*held;

	memset(&c, 0, sizeof c);
	if (store_held_get(server.store, held_id, words_held_copy, &c) !=
	    STORE_OK || !c.found ||
	    store_room_by_id(server.store, c.h.room_id, &room) != STORE_OK) {
		free(c.body);
		return;
	}
	held = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}", "id",
	    (json_int_t)c.h.id, "room", room.ref, "room_name", room.name,
	    "body", c.h.body, "ts", (json_int_t)c.h.ts, "rule",
	    (json_int_t)c.h.word_id);
	if (c.h.label[0] != '\0')
		json_object_set_new(held, "label", json_string(c.h.label));
	if (c.h.personal_data)
		json_object_set_new(held, "personal_data", json_true());
	json_object_set_new(entry, "held", held);
	free(c.body);
}

/*
 * "entry": an open queue entry of a held message in the person's scopes,
 * with the message (c->body to free); else not_found.
 */
static enum proto_error
held_entry_arg(struct op_ctx *ctx, struct store_mod_entry *e,
    struct words_held_copy *c)
{
	struct store_mod_reach	reach;
	int64_t			id;

	memset(c, 0, sizeof *c);
	if (!policy_mod_reach(ctx->me, &reach))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only moderators decide held messages"));
	if (proto_get_int(ctx->req, "entry", true, 1, INT64_MAX, &id) !=
	    PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"entry\" must be a queue entry id"));
	if (store_mod_entry_get(server.store, id, e) != STORE_OK ||
	    e->resolved || e->held_id == 0 ||
	    !policy_can_moderate_scope(ctx->me, &e->scope) ||
	    store_held_get(server.store, e->held_id, words_held_copy, c) !=
	    STORE_OK || c->h.decided_ms != 0)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
		    "no held message in entry %lld of your queue", (long long)id));
	return (PROTO_OK);
}

/*
 * {"ev":"held","held":{id, room, room_name, outcome, msg_id?, msg?,
 * reason?}}: approved when it became message msg_id (msg: as stored, when
 * told live). The room's name, as a client that has not yet listed its
 * rooms (a login) cannot say it.
 */
static json_t *
held_event(int64_t id, const char *room, const char *room_name,
    int64_t msg_id, json_t *msg, const char *reason)
{
	json_t	*held;

	held = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "room",
	    room, "room_name", room_name, "outcome", msg_id != 0 ? "approved" :
	    "rejected");
	if (msg_id != 0)
		json_object_set_new(held, "msg_id", json_integer(msg_id));
	if (msg != NULL)
		json_object_set(held, "msg", msg);
	if (reason != NULL)
		json_object_set_new(held, "reason", json_string(reason));
	return (json_pack("{s:s, s:o}", "ev", "held", "held", held));
}

/*
 * The author's sessions online now hear the outcome; with none, it is
 * kept untold (0) for their next login (words_held_untold).
 */
static int64_t
held_told_ms(const struct words_held_copy *c, int64_t now)
{
	return (session_count(c->h.user_id) > 0 ? now : 0);
}

/* The entry left the queue: every moderator of its scope drops it. */
static void
held_decided(struct op_ctx *ctx, const struct store_mod_entry *e,
    const struct words_held_copy *c, const struct store_room *room,
    int64_t msg_id, json_t *msg, const char *reason)
{
	hub_publish_user_json(c->h.user_id, held_event(c->h.id, room->ref,
	    room->name, msg_id, msg, reason));
	mod_tell_resolved(&e->scope, e->id, ctx->me->handle);
}

/*
 * Approved, the message is stored now, with a new id, so sync picks it up
 * where it was not before; everyone in the room gets it as any message.
 */
static enum proto_error
held_approve(struct op_ctx *ctx)
{
	struct store_mod_entry	 e;
	struct words_held_copy	 c;
	struct store_room	 room;
	struct store_user	 author;
	struct store_msg	 m;
	const char		*reason = NULL;
	enum proto_error	 err;
	json_t			*msg;
	int64_t			 now = now_ms();

	if ((err = held_entry_arg(ctx, &e, &c)) != PROTO_OK ||
	    (err = mod_reason_arg(ctx, false, &reason)) != PROTO_OK) {
		free(c.body);
		return (err);
	}
	if (store_room_by_id(server.store, c.h.room_id, &room) != STORE_OK ||
	    store_user_by_id(server.store, c.h.user_id, &author) != STORE_OK ||
	    chat_deliver(&author, &room, c.h.body, c.h.personal_data, NULL, &m,
	    &msg) != STORE_OK) {
		free(c.body);
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the message was not saved"));
	}
	if (store_held_decide(server.store, c.h.id, m.id, NULL, now,
	    held_told_ms(&c, now)) != STORE_OK ||
	    store_mod_resolve(server.store, e.id, ctx->me->id, HELD_APPROVED,
	    reason, now) != STORE_OK) {
		json_decref(msg);
		free(c.body);
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the entry was not saved"));
	}
	held_decided(ctx, &e, &c, &room, m.id, msg, NULL);
	op_audit_target(ctx, "msg", m.id);
	op_audit_detail(ctx, "entry %lld: held %lld of user %lld approved",
	    (long long)e.id, (long long)c.h.id, (long long)c.h.user_id);
	ctx->audit.reason = reason;
	json_object_set_new(ctx->reply, "entry", json_integer(e.id));
	json_object_set_new(ctx->reply, "msg", msg);
	free(c.body);
	return (PROTO_OK);
}

/* Rejected, it is never stored in the room; its author is told why. */
static enum proto_error
held_reject(struct op_ctx *ctx)
{
	struct store_mod_entry	 e;
	struct words_held_copy	 c;
	struct store_room	 room;
	const char		*reason = NULL;
	enum proto_error	 err;
	int64_t			 now = now_ms();

	if ((err = held_entry_arg(ctx, &e, &c)) != PROTO_OK ||
	    (err = mod_reason_arg(ctx, false, &reason)) != PROTO_OK) {
		free(c.body);
		return (err);
	}
	free(c.body);
	if (store_room_by_id(server.store, c.h.room_id, &room) != STORE_OK ||
	    store_held_decide(server.store, c.h.id, 0, reason, now,
	    held_told_ms(&c, now)) != STORE_OK ||
	    store_mod_resolve(server.store, e.id, ctx->me->id, HELD_REJECTED,
	    reason, now) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the entry was not saved"));
	held_decided(ctx, &e, &c, &room, 0, NULL, reason);
	op_audit_target(ctx, "user", c.h.user_id);
	op_audit_detail(ctx, "entry %lld: held %lld rejected", (long long)e.id,
	    (long long)c.h.id);
	ctx->audit.reason = reason;
	json_object_set_new(ctx->reply, "entry", json_integer(e.id));
	return (PROTO_OK);
}

struct held_untold {
	struct conn	*conn;
	int64_t		 last;
};

static void
held_untold_one(const struct store_held_outcome *o, void *arg)
{
	struct held_untold	*u = arg;

	/* Approved, the message itself comes with sync. */
	conn_send_json(u->conn, held_event(o->id, o->room, o->room_name,
	    o->msg_id, NULL, o->reason), true);
	u->last = o->id;
}

void
words_held_untold(struct conn *c, int64_t now)
{
	const struct store_user	*me = session_user(c);
	struct held_untold	 u = { c, 0 };

	if (store_held_untold(server.store, me->id, HELD_UNTOLD, held_untold_one,
	    &u) != STORE_OK || (u.last != 0 && store_held_told(server.store,
	    me->id, u.last, now) != STORE_OK))
		log_warn("held message outcomes of %s unavailable", me->handle);
}

static const struct op_entry words_ops[] = {
	{ "words.add",	words_add,	OP_AUDIT,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "words.list",	words_list,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "words.remove",	words_remove,	OP_AUDIT,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "held.approve",	held_approve,	OP_AUDIT | OP_GUARD_REASON,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "held.reject",	held_reject,	OP_AUDIT | OP_GUARD_REASON,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const words_owns[] = { "words", "held", NULL };

const struct op_file op_words_file = { words_owns, words_ops };
