/*
 * console_rooms.c: a scope's watched words and moderators in the console,
 * for both frontends. A national, region or trust room's id is its scope
 * (national, region:SLUG, trust:ID), which its board shares; the Rooms tab
 * shows the selected room's words and who moderates it, with w to watch a
 * word, x to stop and g to look at any scope; plain mode has /words,
 * /watchword, /unwatchword and /moderators. The Rooms tab also lists the
 * scopes one moderates whose rooms are not one's own (another region's).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

#define CONSOLE_WORDS_PAGE	200	/* words.list's most */

static struct {
	char	*scope;		/* the scope shown */
	json_t	*words;		/* words.list's, oldest first */
	bool	 words_more;
	json_t	*moderators;	/* admin.moderators' */
	char	*refused;	/* why its lists are not shown, as the server said */
	char	*watching;	/* w: the word, while its action is asked */
} cr;

/* "#12 \"gammon\": flag (insults), by mo" */
char *
console_word_line(json_t *w)
{
	const char	*label = json_string_value(json_object_get(w, "label"));
	const char	*by = json_string_value(json_object_get(w, "by"));
	char		*word = text_safe_utf8(json_string_value(json_object_get(w,
			    "word")), 0), *lab = text_safe_utf8(label != NULL ?
			    label : "", 0), *line;

	xasprintf(&line, "#%lld \"%s\": %s%s%s%s, by %s", (long long)
	    json_integer_value(json_object_get(w, "id")), word,
	    json_string_value(json_object_get(w, "action")), label != NULL ?
	    " (" : "", lab, label != NULL ? ")" : "", by != NULL ? by :
	    "the operator");
	free(word);
	free(lab);
	return (line);
}

/* "moderators: amy (region:north-east), mo (region:north-east), and the admins" */
char *
console_moderators_line(json_t *list)
{
	json_t	*m;
	char	*line = xstrdup("moderators:"), *more;
	size_t	 i;

	json_array_foreach(list, i, m) {
		xasprintf(&more, "%s %s (%s),", line, json_string_value(
		    json_object_get(m, "handle")), json_string_value(
		    json_object_get(m, "scope")));
		free(line);
		line = more;
	}
	xasprintf(&more, "%s %s", line, json_array_size(list) > 0 ?
	    "and the admins" : "the admins alone");
	free(line);
	return (more);
}

/* --- the Rooms tab's scope ------------------------------------------------- */

static bool
console_scope_current(const char *scope)
{
	return (cr.scope != NULL && strcmp(cr.scope, scope) == 0);
}

static void
console_scope_words_cb(struct client *c, json_t *reply, void *arg)
{
	const char		*code = NULL, *message = NULL;
	char			*scope = arg;
	enum proto_error	 err;

	if (reply != NULL && console_scope_current(scope)) {
		json_decref(cr.words);
		cr.words = NULL;
		free(cr.refused);
		cr.refused = NULL;
		err = rpc_error(reply, &code, &message);
		if (err == PROTO_ERR_UNKNOWN_OP)
			cr.refused = xstrdup("this server keeps no watched "
			    "words yet");
		else if (err != PROTO_OK)
			cr.refused = text_safe_utf8(message != NULL ? message :
			    code, 0);
		else {
			cr.words = json_incref(json_object_get(reply, "words"));
			cr.words_more = json_is_true(json_object_get(reply,
			    "more"));
		}
		c->fe->status(c);
	}
	free(scope);
}

static void
console_scope_moderators_cb(struct client *c, json_t *reply, void *arg)
{
	char	*scope = arg;

	if (reply != NULL && console_scope_current(scope) &&
	    rpc_error(reply, NULL, NULL) == PROTO_OK) {
		json_decref(cr.moderators);
		cr.moderators = json_incref(json_object_get(reply,
		    "moderators"));
		c->fe->status(c);
	}
	free(scope);
}

/* Asks for the scope's words and moderators; the tab shows them as they come. */
void
console_scope_load(struct client *c, const char *scope)
{
	if (!console_scope_current(scope)) {
		free(cr.scope);
		cr.scope = xstrdup(scope);
		json_decref(cr.words);
		json_decref(cr.moderators);
		cr.words = cr.moderators = NULL;
		free(cr.refused);
		cr.refused = NULL;
	}
	rpc_send(c, json_pack("{s:s, s:s, s:i}", "op", "words.list", "scope",
	    scope, "limit", CONSOLE_WORDS_PAGE), console_scope_words_cb,
	    xstrdup(scope));
	rpc_send(c, json_pack("{s:s, s:s}", "op", "admin.moderators", "scope",
	    scope), console_scope_moderators_cb, xstrdup(scope));
}

/* The selected room's scope. */
void
console_scope_follow(struct client *c)
{
	const char	*id = json_string_value(json_object_get(json_array_get(
			    console.rooms, console.room_sel), "id"));

	if (id != NULL)
		console_scope_load(c, id);
}

/* Scopes one moderates that are not among one's rooms, after the rooms. */
void
console_rooms_scopes_add(struct client *c)
{
	json_t		*m, *r;
	const char	*scope;
	size_t		 i, j;
	bool		 listed;

	json_array_foreach(c->moderates, i, m) {
		if ((scope = json_string_value(m)) == NULL)
			continue;
		listed = false;
		json_array_foreach(console.rooms, j, r) {
			if (strcmp(scope, json_string_value(json_object_get(r,
			    "id"))) == 0)
				listed = true;
		}
		if (!listed)
			json_array_append_new(console.rooms, json_pack(
			    "{s:s, s:s, s:b}", "id", scope, "name", scope,
			    "scope_only", true));
	}
}

/* The scope shown: who moderates it, and its watched words. */
void
console_scope_text(mod_line_fn emit, void *arg)
{
	json_t	*w;
	char	*line;
	size_t	 i;

	if (cr.scope == NULL)
		return;
	xasprintf(&line, "%s: its room and board", cr.scope);
	emit(arg, MOD_LINE_HEAD, line);
	free(line);
	if (cr.moderators != NULL) {
		line = console_moderators_line(cr.moderators);
		emit(arg, MOD_LINE_CONTEXT, line);
		free(line);
	}
	if (cr.refused != NULL) {
		emit(arg, MOD_LINE_CONTEXT, cr.refused);
		return;
	}
	if (cr.words == NULL)
		return;
	xasprintf(&line, "watched words (%zu%s):%s", json_array_size(cr.words),
	    cr.words_more ? " and more" : "", json_array_size(cr.words) == 0 ?
	    " none" : "");
	emit(arg, MOD_LINE_HEAD, line);
	free(line);
	json_array_foreach(cr.words, i, w) {
		line = console_word_line(w);
		emit(arg, MOD_LINE_ITEM, line);
		free(line);
	}
}

static void
console_word_done_cb(struct client *c, json_t *reply, void *arg)
{
	json_t	*w;
	char	*line;

	if (people_failed(c, reply, "keep watched words") != PROTO_OK ||
	    reply == NULL)
		return;
	if ((w = json_object_get(reply, "word")) != NULL &&
	    json_is_object(w)) {
		line = console_word_line(w);
		fe_notice(c, "watching in %s: %s", json_string_value(
		    json_object_get(w, "scope")), line);
		free(line);
	} else
		fe_notice(c, "word %lld is no longer watched", (long long)
		    json_integer_value(json_object_get(reply, "word")));
	if (console.open && cr.scope != NULL)
		console_scope_load(c, cr.scope);
}

void
console_word_watch(struct client *c, const char *scope, const char *action,
    const char *word)
{
	rpc_send(c, json_pack("{s:s, s:s, s:s, s:s}", "op", "words.add",
	    "scope", scope, "action", action, "word", word),
	    console_word_done_cb, NULL);
}

/* id: as typed, "12" or "#12"; false (and said) when it is no number. */
static bool
console_word_unwatch(struct client *c, const char *id)
{
	char		*end;
	long long	 n;

	if (*id == '#')
		id++;
	n = strtoll(id, &end, 10);
	if (n <= 0 || *end != '\0') {
		c->fe->error(c, "bad_command", "a watched word's number, as "
		    "listed: #12");
		return (false);
	}
	rpc_send(c, json_pack("{s:s, s:I}", "op", "words.remove", "word",
	    (json_int_t)n), console_word_done_cb, NULL);
	return (true);
}

/* --- the Rooms tab's keys ---------------------------------------------------- */

static void
console_watch_action_answer(struct client *c, const char *text)
{
	if (*text != '\0' && cr.scope != NULL && cr.watching != NULL)
		console_word_watch(c, cr.scope, text, cr.watching);
	free(cr.watching);
	cr.watching = NULL;
}

static void
console_watch_answer(struct client *c, const char *text)
{
	char	*prompt;

	if (*text == '\0' || cr.scope == NULL)
		return;
	free(cr.watching);
	cr.watching = xstrdup(text);
	xasprintf(&prompt, "what a message with it gets (block, hold or flag): ");
	console_screen_ask(prompt, "hold", console_watch_action_answer);
	free(prompt);
}

static void
console_unwatch_answer(struct client *c, const char *text)
{
	if (*text != '\0')
		console_word_unwatch(c, text);
}

static void
console_scope_answer(struct client *c, const char *text)
{
	if (*text != '\0')
		console_scope_load(c, text);
}

/* w, x and g on the Rooms tab; false for any other key. */
bool
console_rooms_words_key(struct client *c, int key)
{
	char	*prompt, last[24] = "";

	switch (key) {
	case 'g':
		console_screen_ask("the words and moderators of (national, "
		    "region:SLUG or trust:ID): ", cr.scope != NULL ? cr.scope :
		    "", console_scope_answer);
		return (true);
	case 'w':
	case 'x':
		break;
	default:
		return (false);
	}
	if (cr.scope == NULL) {
		ui_notice_set("choose a room first", 1);
		return (true);
	}
	if (key == 'w') {
		xasprintf(&prompt, "watch in %s the word or phrase: ", cr.scope);
		console_screen_ask(prompt, "", console_watch_answer);
	} else {
		if (json_array_size(cr.words) > 0)
			snprintf(last, sizeof last, "%lld", (long long)
			    json_integer_value(json_object_get(json_array_get(
			    cr.words, json_array_size(cr.words) - 1), "id")));
		xasprintf(&prompt, "stop watching in %s word number: ",
		    cr.scope);
		console_screen_ask(prompt, last, console_unwatch_answer);
	}
	free(prompt);
	return (true);
}

void
console_rooms_words_free(void)
{
	free(cr.scope);
	json_decref(cr.words);
	json_decref(cr.moderators);
	free(cr.refused);
	free(cr.watching);
	memset(&cr, 0, sizeof cr);
}

/* --- plain mode's commands (they work on the full screen too) ----------------- */

/* SCOPE as given, else the room on screen's when it has one. */
static const char *
console_scope_here(struct client *c, const char *given)
{
	struct room	*r = session_current(c);

	if (*given != '\0')
		return (given);
	if (r != NULL && (r->kind == ROOM_NATIONAL || r->kind == ROOM_REGION ||
	    r->kind == ROOM_TRUST))
		return (r->id);
	c->fe->error(c, "bad_command", "give a scope (national, region:SLUG "
	    "or trust:ID), or open its room");
	return (NULL);
}

static void
console_words_print_cb(struct client *c, json_t *reply, void *arg)
{
	json_t	*w;
	char	*line;
	size_t	 i;

	if (people_failed(c, reply, "list watched words") != PROTO_OK ||
	    reply == NULL)
		return;
	if (json_array_size(json_object_get(reply, "words")) == 0)
		fe_notice(c, "no watched words there");
	json_array_foreach(json_object_get(reply, "words"), i, w) {
		line = console_word_line(w);
		fe_notice(c, "%s", line);
		free(line);
	}
	if (json_is_true(json_object_get(reply, "more")))
		fe_notice(c, "(more: the console's Rooms tab lists them all)");
}

/* /words [SCOPE] */
void
console_words_command(struct client *c, const char *arg)
{
	const char	*scope = console_scope_here(c, arg);

	if (scope != NULL)
		rpc_send(c, json_pack("{s:s, s:s, s:i}", "op", "words.list",
		    "scope", scope, "limit", CONSOLE_WORDS_PAGE),
		    console_words_print_cb, NULL);
}

static bool
console_is_action(const char *word)
{
	return (strcmp(word, "block") == 0 || strcmp(word, "hold") == 0 ||
	    strcmp(word, "flag") == 0);
}

/* /watchword [SCOPE] block|hold|flag WORD OR PHRASE */
void
console_watchword_command(struct client *c, const char *arg)
{
	const char	*rest = arg, *where;
	char		*first = mod_word(&rest), *action, *scope = NULL;

	if (!console_is_action(first)) {
		scope = first;
		action = mod_word(&rest);
	} else
		action = first;
	if (!console_is_action(action) || *rest == '\0')
		c->fe->error(c, "bad_command", "/watchword [SCOPE] block|hold|flag "
		    "WORD OR PHRASE");
	else if ((where = console_scope_here(c, scope != NULL ? scope : "")) !=
	    NULL)
		console_word_watch(c, where, action, rest);
	free(action);
	free(scope);
}

/* /unwatchword ID */
void
console_unwatchword_command(struct client *c, const char *arg)
{
	console_word_unwatch(c, arg);
}

static void
console_moderators_print_cb(struct client *c, json_t *reply, void *arg)
{
	char	*line;

	if (people_failed(c, reply, "say who moderates") != PROTO_OK ||
	    reply == NULL)
		return;
	line = console_moderators_line(json_object_get(reply, "moderators"));
	fe_notice(c, "%s", line);
	free(line);
}

/* /moderators [SCOPE] */
void
console_moderators_command(struct client *c, const char *arg)
{
	const char	*scope = console_scope_here(c, arg);

	if (scope != NULL)
		rpc_send(c, json_pack("{s:s, s:s}", "op", "admin.moderators",
		    "scope", scope), console_moderators_print_cb, NULL);
}
