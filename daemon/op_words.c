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
#include "boards.h"
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
	/*
	 * An edit would change what people have read and answered while it
	 * waited, and be approved out of its time: it is refused instead.
	 */
	if (ctx->words.action == WORDS_HOLD && !holdable)
		return (op_fail(ctx, PROTO_ERR_WORD_BLOCKED, "not changed: %s: "
		    "the moderators hold a word or phrase it uses for review "
		    "here, and an edit cannot wait for them: the earlier text "
		    "stands; post it anew to have it reviewed", rule));
	return (PROTO_OK);
}

enum proto_error
words_admit_board(struct op_ctx *ctx, const struct store_board *board,
    const char *const *texts, size_t n, bool holdable)
{
	struct store_mod_scope	scope;

	/* Private and series' boards are a scope of no one's words. */
	if (board->scope != BOARD_NATIONAL && board->scope != BOARD_REGION &&
	    board->scope != BOARD_TRUST)
		return (PROTO_OK);
	scope.scope = board->scope;
	scope.region_id = board->region_id;
	scope.trust_id = board->trust_id;
	return (words_admit(ctx, &scope, texts, n, holdable));
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

/*
 * Where a held item waits to go: its room (by ref and name, as a client
 * that has not yet listed its rooms, at a login, cannot say it), or its
 * board and thread (the new thread's title).
 */
static bool
words_held_place(const struct store_held *h, json_t *obj)
{
	struct store_room	room;

	if (h->board_id != 0)
		return (boards_held_place(h, obj));
	if (store_room_by_id(server.store, h->room_id, &room) != STORE_OK)
		return (false);
	json_object_set_new(obj, "room", json_string(room.ref));
	json_object_set_new(obj, "room_name", json_string(room.name));
	return (true);
}

enum proto_error
words_hold_item(struct op_ctx *ctx, struct store_held *h)
{
	char			 reason[PROTO_WORDS_MAX_LABEL * 4 + 64];
	int64_t			 entry;
	json_t			*held;

	h->user_id = ctx->me->id;
	h->personal_data = ctx->guard_confirmed;
	h->word_id = ctx->words.id;
	h->label = ctx->words.label;
	h->ts = now_ms();
	words_report_reason(ctx, reason, sizeof reason);
	if (store_held_add(server.store, h, &ctx->words.scope, reason, &h->id,
	    &entry) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the %s was not saved",
		    h->board_id != 0 ? "post" : "message"));
	mod_tell_moderators(&ctx->words.scope, entry, "held", MOD_REPORT_OTHER);
	held = json_pack("{s:I, s:I, s:I}", "id", (json_int_t)h->id, "rule",
	    (json_int_t)ctx->words.id, "ts", (json_int_t)h->ts);
	words_held_place(h, held);
	if (ctx->words.label[0] != '\0')
		json_object_set_new(held, "label", json_string(ctx->words.label));
	json_object_set_new(ctx->reply, "held", held);
	return (PROTO_OK);
}

enum proto_error
words_hold(struct op_ctx *ctx)
{
	struct store_held	h;

	memset(&h, 0, sizeof h);
	h.room_id = ctx->room.id;
	h.body = ctx->text;
	return (words_hold_item(ctx, &h));
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

/* Held messages and posts */

struct words_held_copy {
	struct store_held	 h;
	char			*body;
	char			*title;
	char			*quote_text;
	char			*reason;
	char			 label[PROTO_WORDS_MAX_LABEL * 4 + 1];
	bool			 found;
};

static void
words_held_keep(const struct store_held *h, struct words_held_copy *c)
{
	c->h = *h;
	c->body = xstrdup(h->body);
	c->title = xstrdup(h->title);
	c->quote_text = h->quote_text != NULL ? xstrdup(h->quote_text) : NULL;
	c->reason = h->reason != NULL ? xstrdup(h->reason) : NULL;
	snprintf(c->label, sizeof c->label, "%s", h->label);
	c->h.body = c->body;
	c->h.title = c->title;
	c->h.quote_text = c->quote_text;
	c->h.reason = c->reason;
	c->h.label = c->label;
	c->found = true;
}

static void
words_held_copy(const struct store_held *h, void *arg)
{
	words_held_keep(h, arg);
}

static void
words_held_free(struct words_held_copy *c)
{
	free(c->body);
	free(c->title);
	free(c->quote_text);
	free(c->reason);
}

void
words_held_item(int64_t held_id, json_t *entry)
{
	struct words_held_copy	 c;
	json_t			*held;

	memset(&c, 0, sizeof c);
	if (store_held_get(server.store, held_id, words_held_copy, &c) !=
	    STORE_OK || !c.found) {
		words_held_free(&c);
		return;
	}
	held = json_pack("{s:I, s:s, s:I, s:I}", "id", (json_int_t)c.h.id,
	    "body", c.h.body, "ts", (json_int_t)c.h.ts, "rule",
	    (json_int_t)c.h.word_id);
	if (!words_held_place(&c.h, held)) {
		json_decref(held);
		words_held_free(&c);
		return;
	}
	if (c.h.label[0] != '\0')
		json_object_set_new(held, "label", json_string(c.h.label));
	if (c.h.personal_data)
		json_object_set_new(held, "personal_data", json_true());
	json_object_set_new(entry, "held", held);
	words_held_free(&c);
}

/*
 * "entry": an open queue entry of a held item in the person's scopes, with
 * the item (words_held_free it); else not_found.
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
 * {"ev":"held","held":{id, its place, outcome, msg_id? or post_id?, msg?
 * or post?, reason?}}: approved when it became message msg_id or post
 * post_id (msg, post: as stored, when told live).
 */
static json_t *
held_event(const struct store_held *h, int64_t item_id, json_t *item,
    const char *reason)
{
	json_t	*held;

	held = json_pack("{s:I, s:s}", "id", (json_int_t)h->id, "outcome",
	    item_id != 0 ? "approved" : "rejected");
	words_held_place(h, held);
	if (item_id != 0)
		json_object_set_new(held, h->board_id != 0 ? "post_id" :
		    "msg_id", json_integer(item_id));
	if (item != NULL)
		json_object_set(held, h->board_id != 0 ? "post" : "msg", item);
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
    const struct words_held_copy *c, int64_t item_id, json_t *item,
    const char *reason)
{
	hub_publish_user_json(c->h.user_id, held_event(&c->h, item_id, item,
	    reason));
	mod_tell_resolved(&e->scope, e->id, ctx->me->handle);
}

/* A held chat message, stored now as its author's: *msg to release. */
static enum proto_error
held_deliver_msg(struct op_ctx *ctx, const struct store_held *h,
    int64_t *id, json_t **msg)
{
	struct store_room	room;
	struct store_user	author;
	struct store_msg	m;

	if (store_room_by_id(server.store, h->room_id, &room) != STORE_OK ||
	    store_user_by_id(server.store, h->user_id, &author) != STORE_OK ||
	    chat_deliver(&author, &room, h->body, h->personal_data, NULL, &m,
	    msg) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the message was not saved"));
	*id = m.id;
	json_object_set(ctx->reply, "msg", *msg);
	return (PROTO_OK);
}

/*
 * Approved, the item is stored now, with a new id, so sync picks it up
 * where it was not before; everyone reading it gets it as any other.
 */
static enum proto_error
held_approve(struct op_ctx *ctx)
{
	struct store_mod_entry	 e;
	struct words_held_copy	 c;
	const char		*reason = NULL;
	enum proto_error	 err;
	json_t			*item = NULL;
	int64_t			 now = now_ms(), id = 0;

	if ((err = held_entry_arg(ctx, &e, &c)) == PROTO_OK &&
	    (err = mod_reason_arg(ctx, false, &reason)) == PROTO_OK)
		err = c.h.board_id != 0 ?
		    boards_held_deliver(ctx, &c.h, &id, &item) :
		    held_deliver_msg(ctx, &c.h, &id, &item);
	if (err != PROTO_OK) {
		words_held_free(&c);
		return (err);
	}
	if (store_held_decide(server.store, c.h.id, id, NULL, now,
	    held_told_ms(&c, now)) != STORE_OK ||
	    store_mod_resolve(server.store, e.id, ctx->me->id, HELD_APPROVED,
	    reason, now) != STORE_OK) {
		json_decref(item);
		words_held_free(&c);
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the entry was not saved"));
	}
	held_decided(ctx, &e, &c, id, item, NULL);
	op_audit_target(ctx, c.h.board_id != 0 ? "post" : "msg", id);
	op_audit_detail(ctx, "entry %lld: held %lld of user %lld approved",
	    (long long)e.id, (long long)c.h.id, (long long)c.h.user_id);
	ctx->audit.reason = reason;
	json_object_set_new(ctx->reply, "entry", json_integer(e.id));
	json_decref(item);
	words_held_free(&c);
	return (PROTO_OK);
}

/* Rejected, it is never stored; its author is told why. */
static enum proto_error
held_reject(struct op_ctx *ctx)
{
	struct store_mod_entry	 e;
	struct words_held_copy	 c;
	const char		*reason = NULL;
	enum proto_error	 err;
	int64_t			 now = now_ms();

	if ((err = held_entry_arg(ctx, &e, &c)) != PROTO_OK ||
	    (err = mod_reason_arg(ctx, false, &reason)) != PROTO_OK) {
		words_held_free(&c);
		return (err);
	}
	if (store_held_decide(server.store, c.h.id, 0, reason, now,
	    held_told_ms(&c, now)) != STORE_OK ||
	    store_mod_resolve(server.store, e.id, ctx->me->id, HELD_REJECTED,
	    reason, now) != STORE_OK) {
		words_held_free(&c);
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the entry was not saved"));
	}
	held_decided(ctx, &e, &c, 0, NULL, reason);
	op_audit_target(ctx, "user", c.h.user_id);
	op_audit_detail(ctx, "entry %lld: held %lld rejected", (long long)e.id,
	    (long long)c.h.id);
	ctx->audit.reason = reason;
	json_object_set_new(ctx->reply, "entry", json_integer(e.id));
	words_held_free(&c);
	return (PROTO_OK);
}

/* The outcomes not yet told, copied out before their places are looked up. */
struct held_untold {
	struct words_held_copy	 v[HELD_UNTOLD];
	size_t			 n;
};

static void
held_untold_one(const struct store_held *h, void *arg)
{
	struct held_untold	*u = arg;

	if (u->n < HELD_UNTOLD)
		words_held_keep(h, &u->v[u->n++]);
}

void
words_held_untold(struct conn *c, int64_t now)
{
	const struct store_user	*me = session_user(c);
	struct held_untold	*u = xcalloc(1, sizeof *u);
	const struct store_held	*h;
	size_t			 i;

	if (store_held_untold(server.store, me->id, HELD_UNTOLD, held_untold_one,
	    u) != STORE_OK)
		log_warn("held outcomes of %s unavailable", me->handle);
	for (i = 0; i < u->n; i++) {
		/* Approved, the message or post itself comes with sync. */
		h = &u->v[i].h;
		conn_send_json(c, held_event(h, h->board_id != 0 ? h->post_id :
		    h->msg_id, NULL, h->reason), true);
	}
	if (u->n > 0 && store_held_told(server.store, me->id, u->v[u->n -
	    1].h.id, now) != STORE_OK)
		log_warn("held outcomes of %s not marked told", me->handle);
	for (i = 0; i < u->n; i++)
		words_held_free(&u->v[i]);
	free(u);
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
