/*
 * op_words.c: watched words, the words.* ops. A scope's moderators (and
 * admins) keep a list of words and phrases for it, each with an action:
 * block (refused), hold (waits for a moderator) or flag (stored, and a
 * queue entry made). Matching is words.c's; who may is policy.c's.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "op.h"
#include "words.h"

#define WORDS_PAGE	50
#define WORDS_PAGE_MAX	200

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

/*
 * "scope": national, region:SLUG or trust:ID, one the person keeps words
 * for. Unknown regions and trusts are not_found; another's scope forbidden.
 */
static enum proto_error
words_scope_arg(struct op_ctx *ctx, struct store_mod_scope *scope)
{
	const char	*text = NULL;
	char		*end;
	long long	 id;

	memset(scope, 0, sizeof *scope);
	if (proto_get_string(ctx->req, "scope", true, &text) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"scope\" is "
		    "national, region:SLUG or trust:ID"));
	if (strcmp(text, "national") == 0)
		scope->scope = BOARD_NATIONAL;
	else if (strncmp(text, "region:", 7) == 0) {
		scope->scope = BOARD_REGION;
		if (store_region_by_slug(server.store, text + 7,
		    &scope->region_id) != STORE_OK)
			return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
			    "no region \"%.*s\"", proto_text_cut(text + 7, 64),
			    text + 7));
	} else if (strncmp(text, "trust:", 6) == 0) {
		scope->scope = BOARD_TRUST;
		id = strtoll(text + 6, &end, 10);
		if (text[6] < '1' || text[6] > '9' || *end != '\0' || id <= 0)
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
			    "a trust's scope is trust:ID"));
		scope->trust_id = id;
		if (store_trust_region(server.store, id, &scope->region_id) !=
		    STORE_OK)
			return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "no trust %lld",
			    id));
	} else
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"scope\" is "
		    "national, region:SLUG or trust:ID"));
	if (!policy_can_keep_words(ctx->me, scope))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN, "only the moderators "
		    "of %s and admins keep its watched words", text));
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

static const struct op_entry words_ops[] = {
	{ "words.add",	words_add,	OP_AUDIT,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "words.list",	words_list,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "words.remove",	words_remove,	OP_AUDIT,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const words_owns[] = { "words", NULL };

const struct op_file op_words_file = { words_owns, words_ops };
