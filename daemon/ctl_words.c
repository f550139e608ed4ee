/*
 * ctl_words.c: staffroomctl words add|list|remove: a scope's watched words
 * for operators to script, the same rules words.add, words.list and
 * words.remove keep (an operator's rule has no "by"). The daemon reads the
 * rules for every message, so a change holds for the next one.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "words.h"

static const char *const ctl_words_actions[WORDS_NACTIONS] = {
	[WORDS_BLOCK] = "block",
	[WORDS_HOLD] = "hold",
	[WORDS_FLAG] = "flag",
};

/* SCOPE: national, region:SLUG or trust:ID, which have watched words. */
static int
ctl_words_scope(struct ctl *ctl, const char *text,
    struct store_mod_scope *scope)
{
	int	rc;

	memset(scope, 0, sizeof *scope);
	if ((rc = ctl_scope(ctl, text, &scope->scope, &scope->region_id,
	    &scope->trust_id)) != CTL_EXIT_OK)
		return (rc);
	if (scope->scope == BOARD_PRIVATE)
		return (ctl_usage_fail(ctl, "private rooms and boards have no "
		    "watched words: give national, region:SLUG or trust:ID"));
	return (CTL_EXIT_OK);
}

/* One line of 1 to max characters, as the protocol takes it. */
static bool
ctl_words_line(struct ctl *ctl, const char *what, const char *text,
    size_t max)
{
	size_t	chars;

	if (proto_name_check(text, strlen(text), &chars) != PROTO_OK ||
	    chars < 1 || chars > max || text[0] == ' ') {
		ctl_fail(ctl, "%s is one line of 1-%zu characters", what, max);
		return (false);
	}
	return (true);
}

int
ctl_words_add(struct ctl *ctl, struct ctl_args *args)
{
	struct store_word	 w;
	const char		*action = ctl_opt(ctl, args, "action");
	enum store_result	 res;
	char			 key[PROTO_WORDS_MAX_RULE * 4 + 1];
	int64_t			 n;
	int			 i, rc;

	memset(&w, 0, sizeof w);
	w.rule = args->argv[1];
	w.label = ctl_opt(ctl, args, "label");
	for (i = 0; i < WORDS_NACTIONS; i++) {
		if (strcmp(action, ctl_words_actions[i]) == 0)
			break;
	}
	if (i == WORDS_NACTIONS)
		return (ctl_usage_fail(ctl, "--action is block, hold or flag"));
	w.action = (enum store_words_action)i;
	if ((rc = ctl_words_scope(ctl, args->argv[0], &w.scope)) !=
	    CTL_EXIT_OK)
		return (rc);
	if (!ctl_words_line(ctl, "a watched word", w.rule,
	    PROTO_WORDS_MAX_RULE) || (w.label != NULL &&
	    !ctl_words_line(ctl, "a label", w.label, PROTO_WORDS_MAX_LABEL)))
		return (CTL_EXIT_FAIL);
	if (!words_fold_rule(w.rule, key, sizeof key))
		return (ctl_fail(ctl, "\"%s\" has no letter or digit to match",
		    w.rule));
	w.key = key;
	if ((res = store_words_count(ctl->st, &w.scope, &n)) != STORE_OK)
		return (ctl_store_fail(ctl, res, args->argv[0]));
	if (n >= PROTO_WORDS_PER_SCOPE)
		return (ctl_fail(ctl, "%s has %d watched words, the most it may: "
		    "remove one first", args->argv[0], PROTO_WORDS_PER_SCOPE));
	w.created_ms = now_ms();
	res = store_word_add(ctl->st, &w, &w.id);
	if (res == STORE_EXISTS)
		return (ctl_fail(ctl, "%s watches \"%s\" already: remove it to "
		    "change its action", args->argv[0], w.rule));
	if (res != STORE_OK)
		return (ctl_store_fail(ctl, res, w.rule));
	ctl_audit_target(ctl, "word", w.id);
	printf("%lld\n", (long long)w.id);
	return (CTL_EXIT_OK);
}

static void
ctl_words_one(const struct store_word *w, void *arg)
{
	struct ctl_list	*l = arg;
	char		 id[24], made[32];

	if (l->json != NULL) {
		json_array_append_new(l->json, json_pack("{s:I, s:s, s:s, s:s, "
		    "s:s?, s:I}", "id", (json_int_t)w->id, "word", w->rule,
		    "action", ctl_words_actions[w->action], "label", w->label,
		    "by", w->by, "ts", (json_int_t)w->created_ms));
		return;
	}
	snprintf(id, sizeof id, "%lld", (long long)w->id);
	ctl_time(w->created_ms, made, sizeof made);
	ctl_table_add(l->table, id, ctl_words_actions[w->action], w->rule,
	    w->label, w->by != NULL ? w->by : "(operator)", made);
}

/* Every rule of the scope, oldest first. */
int
ctl_words_list(struct ctl *ctl, struct ctl_args *args)
{
	struct store_mod_scope	 scope;
	struct ctl_list		 l;
	enum store_result	 res;
	bool			 more;
	int			 rc;

	if ((rc = ctl_words_scope(ctl, args->argv[0], &scope)) != CTL_EXIT_OK)
		return (rc);
	ctl_list_init(&l, ctl_flag(ctl, args, "json"), 6, "ID", "ACTION",
	    "WORD", "LABEL", "BY", "ADDED");
	/* One read: a scope holds at most PROTO_WORDS_PER_SCOPE. */
	res = store_words_list(ctl->st, &scope, 0,
	    PROTO_WORDS_PER_SCOPE, ctl_words_one, &l, &more);
	return (ctl_list_finish(ctl, &l, res, args->argv[0]));
}

int
ctl_words_remove(struct ctl *ctl, struct ctl_args *args)
{
	enum store_result	res;
	int64_t			id;

	if (!ctl_id_parse(args->argv[0], &id))
		return (ctl_usage_fail(ctl, "ID is a watched word's number (see "
		    "words list)"));
	if ((res = store_word_remove(ctl->st, id)) != STORE_OK)
		return (ctl_store_fail(ctl, res, args->argv[0]));
	ctl_audit_target(ctl, "word", id);
	return (CTL_EXIT_OK);
}
