/*
 * console_held.c: held messages in the console's report queue, for both
 * frontends. A watched word's hold rule keeps a message out of its room
 * until a moderator of the scope approves it (it is sent then, with a new
 * id) or rejects it (its author reads the reason). The queue shows such an
 * entry with its author, room, text, rule and time; the full screen acts
 * with keys (console_held_screen.c), plain mode with /approve and /reject.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

bool
console_held_entry(json_t *e)
{
	return (json_object_get(e, "held") != NULL);
}

/* "legal (rule 1)", or "rule 1": how moderators and authors name a rule. */
static char *
console_held_rule(json_t *held)
{
	const char	*label = json_string_value(json_object_get(held, "label"));
	long long	 rule = json_integer_value(json_object_get(held, "rule"));
	char		*s, *safe;

	if (label == NULL)
		xasprintf(&s, "rule %lld", rule);
	else
		xasprintf(&s, "%s (rule %lld)", label, rule);
	safe = text_safe_utf8(s, 0);
	free(s);
	return (safe);
}

/*
 * Where a held item waits to go: a room by its name, "the thread "TITLE"
 * on BOARD" or "a new thread "TITLE" on BOARD".
 */
static char *
console_held_place(json_t *held)
{
	const char	*name = json_string_value(json_object_get(held,
			    "room_name"));
	const char	*thread = json_string_value(json_object_get(held,
			    "thread_title"));
	const char	*board = json_string_value(json_object_get(held,
			    "board_name"));
	char		*s, *safe;

	if (board == NULL && name != NULL)
		return (text_safe_utf8(name, 0));
	if (board == NULL)
		return (region_scope_words(json_string_value(json_object_get(
		    held, "room"))));
	if (thread != NULL)
		xasprintf(&s, "the thread \"%s\" on %s", thread, board);
	else
		xasprintf(&s, "a new thread \"%s\" on %s", json_string_value(
		    json_object_get(held, "title")) != NULL ? json_string_value(
		    json_object_get(held, "title")) : "", board);
	safe = text_safe_utf8(s, 0);
	free(s);
	return (safe);
}

static const char *
console_held_author(json_t *e)
{
	const char	*h = json_string_value(json_object_get(json_object_get(e,
			    "author"), "handle"));

	return (h != NULL ? h : "?");
}

/* "#7 North East: held by legal (rule 1), amy: first line ..." */
char *
console_held_summary(json_t *e)
{
	json_t		*held = json_object_get(e, "held");
	const char	*body = json_string_value(json_object_get(held, "body"));
	char		*first, *safe, *room, *rule, *s;

	first = xstrndup(body != NULL ? body : "", strcspn(body != NULL ?
	    body : "", "\n"));
	safe = text_safe_utf8(first, 0);
	room = console_held_place(held);
	rule = console_held_rule(held);
	xasprintf(&s, "#%lld %s: held by %s, %s: %s", (long long)
	    json_integer_value(json_object_get(e, "id")), room, rule,
	    console_held_author(e), safe);
	free(rule);
	free(room);
	free(safe);
	free(first);
	return (s);
}

/*
 * A held entry as lines: where it waits and since when, every line of the
 * text (nobody can read it anywhere else), the rule that held it.
 */
void
console_held_text(json_t *e, mod_line_fn emit, void *arg)
{
	json_t		*held = json_object_get(e, "held");
	const char	*body = json_string_value(json_object_get(held, "body"));
	const char	*p, *end;
	char		*room, *rule, *scope, *part, *safe, *line, when[64];
	bool		 first = true;

	room = console_held_place(held);
	rule = console_held_rule(held);
	scope = region_scope_words(json_string_value(json_object_get(e,
	    "scope")));
	clock_short_text(json_integer_value(json_object_get(held, "ts")), when,
	    sizeof when);
	xasprintf(&line, "entry %lld: a held %s for %s, scope %s, waiting "
	    "since %s:", (long long)json_integer_value(json_object_get(e, "id")),
	    json_object_get(held, "board") != NULL ? "post" : "message", room,
	    scope, when);
	emit(arg, MOD_LINE_HEAD, line);
	free(line);
	for (p = body != NULL ? body : ""; first || *p != '\0'; p = end) {
		end = p + strcspn(p, "\n");
		part = xstrndup(p, (size_t)(end - p));
		safe = text_safe_utf8(part, 0);
		if (first)
			xasprintf(&line, "  > %s: %s", console_held_author(e),
			    safe);
		else
			xasprintf(&line, "    %s", safe);
		emit(arg, MOD_LINE_ITEM, line);
		free(line);
		free(safe);
		free(part);
		if (*end == '\n')
			end++;
		first = false;
	}
	/* Sent past the pupil-data guard's warning: approved, it shows tagged. */
	xasprintf(&line, "  held by the watched word %s%s", rule,
	    json_is_true(json_object_get(held, "personal_data")) ? "; sent "
	    "past the pupil-data warning " MSG_PERSONAL_DATA_TAG : "");
	emit(arg, MOD_LINE_REPORT, line);
	free(line);
	free(scope);
	free(rule);
	free(room);
}

/*
 * What the approval (arg NULL: said by what the reply holds) or rejection
 * was, and the queue again.
 */
static void
console_held_done_cb(struct client *c, json_t *reply, void *arg)
{
	const char	*done = arg;

	if (people_failed(c, reply, "decide held messages") != PROTO_OK ||
	    reply == NULL)
		return;
	if (done == NULL)
		done = json_object_get(reply, "post") != NULL ? "approved: the "
		    "post is in its thread now" : "approved: the message is in "
		    "its room now";
	fe_notice(c, "entry %lld: %s", (long long)json_integer_value(
	    json_object_get(reply, "entry")), done);
	if (console.open)
		console_queue_load(c);
}

/* held.approve: the message or post is stored now, with a new id. */
void
console_held_approve(struct client *c, int64_t entry)
{
	rpc_send(c, json_pack("{s:s, s:I}", "op", "held.approve", "entry",
	    (json_int_t)entry), console_held_done_cb, NULL);
}

/* held.reject: never sent; its author reads the reason. */
void
console_held_reject(struct client *c, int64_t entry, const char *reason)
{
	rpc_send(c, json_pack("{s:s, s:I, s:s}", "op", "held.reject", "entry",
	    (json_int_t)entry, "reason", reason), console_held_done_cb,
	    "rejected: its author is told why");
}

/* ENTRY of /approve and /reject; 0 (and said) when it is no entry's id. */
static int64_t
console_held_entry_arg(struct client *c, const char **arg, const char *usage)
{
	char		*end;
	long long	 id = strtoll(*arg, &end, 10);

	if (id <= 0 || (*end != '\0' && *end != ' ' && *end != '\t')) {
		c->fe->error(c, "bad_command", usage);
		return (0);
	}
	*arg = end + strspn(end, " \t");
	return (id);
}

/* /approve ENTRY */
void
console_approve_command(struct client *c, const char *arg)
{
	int64_t	id;

	if ((id = console_held_entry_arg(c, &arg, "/approve ENTRY: send the "
	    "held message or post of that queue entry to its room or "
	    "thread")) != 0)
		console_held_approve(c, id);
}

/* /reject ENTRY REASON: the author reads the reason, so it is asked for. */
void
console_reject_command(struct client *c, const char *arg)
{
	static const char	usage[] = "/reject ENTRY REASON: drop the held "
				    "message or post of that queue entry; its "
				    "author reads the reason (e.g. /reject 7 "
				    "Please take this to a DM)";
	int64_t			id;

	if ((id = console_held_entry_arg(c, &arg, usage)) == 0)
		return;
	if (*arg == '\0') {
		c->fe->error(c, "bad_command", usage);
		return;
	}
	console_held_reject(c, id, arg);
}
