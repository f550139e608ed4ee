/*
 * moderation.c: moderation in both frontends, as lines of words. What the
 * moderators do to the person (a warning, a mute: the sanction event), the
 * outcome of their reports, the server's goodbye in words (suspended,
 * banned, kicked, ...), and the moderators' own: a notice of each new
 * report in their scopes (the queue event), /queue, /resolve
 * and /lift (plain mode is their tool until the console has screens).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

#define MOD_REPORT_KINDS	"pupil_information, safeguarding, abusive, spam or other"

static const char *const mod_report_kinds[] = {
	"pupil_information", "safeguarding", "abusive", "spam", "other", NULL
};

/* "until 14:05 Sat 5 Dec 2026", or (0) "until a moderator lifts it". */
static void
mod_until_words(int64_t until, char *buf, size_t size)
{
	char	when[64];

	if (until <= 0) {
		snprintf(buf, size, "until a moderator lifts it");
		return;
	}
	clock_short_text(until, when, sizeof when);
	snprintf(buf, size, "until %s", when);
}

static void
mod_error(struct client *c, const char *code, const char *fmt, ...)
{
	va_list	 ap;
	char	*text;

	va_start(ap, fmt);
	xvasprintf(&text, fmt, ap);
	va_end(ap);
	c->fe->error(c, code, text);
	free(text);
}

static char *
mod_safe(const char *s)
{
	return (text_safe_utf8(s != NULL ? s : "", 0));
}

static void
mod_sanction_event(struct client *c, json_t *s)
{
	const char	*kind = json_string_value(json_object_get(s, "kind"));
	const char	*room = json_string_value(json_object_get(s, "room"));
	char		*reason = mod_safe(json_string_value(json_object_get(s,
			    "reason")));
	char		 until[128], where[96];

	if (kind == NULL)
		kind = "";
	mod_until_words(json_integer_value(json_object_get(s, "until")), until,
	    sizeof until);
	snprintf(where, sizeof where, "%s%s", room != NULL ? " in " : "",
	    room != NULL ? room : "");
	if (json_object_get(s, "lifted") != NULL)
		fe_notice(c, "a moderator lifted your %s%s", strcmp(kind, "mute") ==
		    0 ? "mute" : strcmp(kind, "ban") == 0 ? "ban" : "suspension",
		    where);
	else if (strcmp(kind, "warn") == 0)
		mod_error(c, "warning", "a moderator warned you: %s", reason);
	else if (strcmp(kind, "mute") == 0)
		mod_error(c, "muted", "a moderator muted you%s %s: %s", where,
		    until, reason);
	/* A suspension or ban: the goodbye that follows says it. */
	free(reason);
}

/* A moderator hears of each new report in their scopes as it comes. */
static void
mod_queue_event(struct client *c, json_t *entry)
{
	char	*scope = region_scope_words(json_string_value(json_object_get(
		    entry, "scope")));
	char	*kind = mod_safe(json_string_value(json_object_get(entry,
		    "kind")));

	fe_notice(c, "a new report (%s) in %s: /queue lists it", kind, scope);
	free(scope);
	free(kind);
}

/* Another moderator decided an entry: nobody acts on it twice. */
static void
mod_resolved_event(struct client *c, json_t *entry)
{
	const char	*by = json_string_value(json_object_get(entry, "by"));

	if (by != NULL && (c->handle == NULL || strcmp(c->handle, by) != 0))
		fe_notice(c, "entry %lld is decided: %s dealt with it",
		    (long long)json_integer_value(json_object_get(entry, "id")),
		    by);
}

/* "insults (rule 12)", or "rule 12": how a watched word's rule is named. */
static void
mod_rule_words(json_t *held, char *buf, size_t size)
{
	const char	*label = json_string_value(json_object_get(held, "label"));
	long long	 rule = json_integer_value(json_object_get(held, "rule"));

	if (label != NULL)
		snprintf(buf, size, "%s (rule %lld)", label, rule);
	else
		snprintf(buf, size, "rule %lld", rule);
}

/* The held message's room by its name ("North East"), as people know it. */
static char *
mod_held_room(struct client *c, json_t *held)
{
	const char	*id = json_string_value(json_object_get(held, "room"));
	const char	*name = json_string_value(json_object_get(held,
			    "room_name"));
	struct room	*r = id != NULL ? session_room(c, id) : NULL;

	if (name != NULL)
		return (mod_safe(name));
	if (r != NULL && r->name != NULL)
		return (mod_safe(r->name));
	return (region_scope_words(id));
}

/*
 * What was held, where: "message in North East", "reply in the thread
 * "TITLE"" or "thread "TITLE" on BOARD".
 */
static char *
mod_held_what(struct client *c, json_t *held)
{
	char	*thread = mod_safe(json_string_value(json_object_get(held,
		    "thread_title")));
	char	*title = mod_safe(json_string_value(json_object_get(held,
		    "title")));
	char	*board = mod_safe(json_string_value(json_object_get(held,
		    "board_name")));
	char	*room, *what;

	if (*thread != '\0')
		xasprintf(&what, "reply in the thread \"%s\"", thread);
	else if (json_object_get(held, "board") != NULL)
		xasprintf(&what, "thread \"%s\" on %s", title, board);
	else {
		room = mod_held_room(c, held);
		xasprintf(&what, "message in %s", room);
		free(room);
	}
	free(thread);
	free(title);
	free(board);
	return (what);
}

void
mod_held_notice(struct client *c, json_t *held)
{
	char	rule[160], *where;

	mod_rule_words(held, rule, sizeof rule);
	if (json_object_get(held, "board") == NULL) {
		where = mod_held_room(c, held);
		fe_notice(c, "held for a moderator: %s; your message reaches %s "
		    "only if they approve it", rule, where);
	} else {
		where = mod_held_what(c, held);
		fe_notice(c, "held for a moderator: %s; your %s is posted only "
		    "if they approve it", rule, where);
	}
	free(where);
}

/*
 * A moderator decided a held message or post: approved (it comes as any
 * other) or not, with their reason; told live, or at the login after.
 */
static void
mod_held_event(struct client *c, json_t *held)
{
	const char	*outcome = json_string_value(json_object_get(held,
			    "outcome"));
	char		*what = mod_held_what(c, held);
	char		*reason = mod_safe(json_string_value(json_object_get(held,
			    "reason")));

	if (outcome != NULL && strcmp(outcome, "approved") == 0)
		fe_notice(c, "a moderator approved your held %s: %s", what,
		    json_object_get(held, "thread") != NULL ? "it is in the "
		    "thread now" : json_object_get(held, "board") != NULL ?
		    "the thread is started" : "it is in the room now");
	else
		fe_notice(c, "a moderator rejected your held %s%s%s", what,
		    *reason != '\0' ? ": " : "", reason);
	free(reason);
	free(what);
}

bool
mod_event(struct client *c, const char *ev, json_t *root)
{
	const char	*outcome;

	if (strcmp(ev, "mod.entry") == 0) {
		mod_queue_event(c, json_object_get(root, "entry"));
		return (true);
	}
	if (strcmp(ev, "mod.resolved") == 0) {
		mod_resolved_event(c, json_object_get(root, "entry"));
		return (true);
	}
	if (strcmp(ev, "sanction") == 0) {
		mod_sanction_event(c, json_object_get(root, "sanction"));
		return (true);
	}
	if (strcmp(ev, "held") == 0) {
		mod_held_event(c, json_object_get(root, "held"));
		return (true);
	}
	if (strcmp(ev, "report") == 0) {
		outcome = json_string_value(json_object_get(json_object_get(root,
		    "report"), "outcome"));
		fe_notice(c, "the moderators looked at your report: %s",
		    outcome != NULL && strcmp(outcome, "action_taken") == 0 ?
		    "they took action" : "they took no action");
		return (true);
	}
	return (false);
}

/*
 * The goodbye of a person shut out (disabled, suspended, banned, kicked) in
 * words, and true: coming back would not help, so the client stops. Other
 * goodbyes (shutdown, too_slow) are loop.c's to tell: false. The frontend
 * ends the client once the words can be read (the full screen at a key),
 * and they are said again after the screen closes (net.error).
 */
bool
mod_bye_words(struct client *c)
{
	const char	*why = c->bye, *code;
	char		*message = mod_safe(c->bye_message), *said;
	char		 until[128];

	mod_until_words(c->bye_until, until, sizeof until);
	if (why == NULL) {
		free(message);
		return (false);
	}
	code = why;
	if (strcmp(why, "suspended") == 0)
		xasprintf(&said, "suspended by a moderator %s: %s", until, message);
	else if (strcmp(why, "banned") == 0)
		xasprintf(&said, "banned by a moderator %s: %s", until, message);
	else if (strcmp(why, "kicked") == 0)
		xasprintf(&said, "a moderator ended your session%s%s",
		    *message != '\0' ? ": " : "", message);
	else if (strcmp(why, "account_disabled") == 0)
		said = xstrdup("your account has been disabled; ask your "
		    "administrator");
	else {
		free(message);
		return (false);
	}
	free(message);
	c->fe->shut_out(c, code, said);
	free(c->net.error);
	c->net.error = said;
	return (true);
}

/* /report ID [KIND] REASON: a kind as the first word is the report's kind. */
const char *
mod_report_kind(const char **reason)
{
	const char	*const *k;
	size_t		 n;

	for (k = mod_report_kinds; *k != NULL; k++) {
		n = strlen(*k);
		if (strncmp(*reason, *k, n) == 0 && ((*reason)[n] == ' ' ||
		    (*reason)[n] == '\t')) {
			*reason += n + strspn(*reason + n, " \t");
			return (*k);
		}
	}
	return (NULL);
}

/* --- the moderators' commands -------------------------------------------- */

/* Hands out one line of an entry's text, formatted. */
static void
mod_emit(mod_line_fn emit, void *arg, enum mod_line kind, const char *fmt,
    ...)
{
	va_list	 ap;
	char	*line;

	va_start(ap, fmt);
	xvasprintf(&line, fmt, ap);
	va_end(ap);
	emit(arg, kind, line);
	free(line);
}

static void
mod_item_line(json_t *item, enum mod_line kind, mod_line_fn emit, void *arg)
{
	const char	*from = json_string_value(json_object_get(item, "from"));
	const char	*text = json_string_value(json_object_get(item, "body"));
	char		*body, *line;
	char		 hm[16];

	if (from == NULL)
		from = json_string_value(json_object_get(item, "author"));
	if (text == NULL)
		text = "";
	/* The first line: a queue entry is a line of its own. */
	line = xstrndup(text, strcspn(text, "\n"));
	body = mod_safe(line);
	clock_hm(json_integer_value(json_object_get(item, "ts")), hm, sizeof hm);
	mod_emit(emit, arg, kind, "  %s%s %s: %s%s", kind == MOD_LINE_ITEM ?
	    "> " : "", hm, from != NULL ? from : "?", body,
	    json_is_true(json_object_get(item, "hidden")) ? " (hidden)" : "");
	free(body);
	free(line);
}

/* Who filed a report: a person, or the pupil-data guard. */
static void
mod_reporter(json_t *report, char *buf, size_t size)
{
	const char	*source = json_string_value(json_object_get(report,
			    "source"));
	const char	*from = json_string_value(json_object_get(report, "from"));

	if (source != NULL && strcmp(source, "guard") == 0)
		snprintf(buf, size, "the guard");
	else if (source != NULL && strcmp(source, "words") == 0)
		snprintf(buf, size, "a watched word");
	else
		snprintf(buf, size, "%s", from != NULL ? from : "?");
}

/* A reported item as lines: where, the context around it, the reports. */
static void
mod_item_text(json_t *e, mod_line_fn emit, void *arg)
{
	json_t		*item, *r;
	char		*reason, where[160], who[PROTO_HANDLE_MAX + 16];
	char		*words;
	size_t		 i;

	/* Where the item is: its room, or its thread and board. */
	if ((item = json_object_get(e, "msg")) != NULL) {
		words = region_scope_words(json_string_value(json_object_get(
		    item, "room")));
		snprintf(where, sizeof where, "[%s]", words);
		free(words);
	} else if ((item = json_object_get(e, "post")) != NULL)
		snprintf(where, sizeof where, "thread %lld on board %lld",
		    (long long)json_integer_value(json_object_get(item,
		    "thread")), (long long)json_integer_value(json_object_get(
		    item, "board")));
	else
		snprintf(where, sizeof where, "(gone)");
	words = region_scope_words(json_string_value(json_object_get(e,
	    "scope")));
	mod_emit(emit, arg, MOD_LINE_HEAD, "entry %lld %s, scope %s:",
	    (long long)json_integer_value(json_object_get(e, "id")), where,
	    words);
	free(words);
	json_array_foreach(json_object_get(json_object_get(e, "context"),
	    "before"), i, r)
		mod_item_line(r, MOD_LINE_CONTEXT, emit, arg);
	if (item != NULL)
		mod_item_line(item, MOD_LINE_ITEM, emit, arg);
	json_array_foreach(json_object_get(json_object_get(e, "context"),
	    "after"), i, r)
		mod_item_line(r, MOD_LINE_CONTEXT, emit, arg);
	json_array_foreach(json_object_get(e, "reports"), i, r) {
		reason = mod_safe(json_string_value(json_object_get(r, "reason")));
		mod_reporter(r, who, sizeof who);
		mod_emit(emit, arg, MOD_LINE_REPORT, "  reported by %s (%s): %s", who,
		    json_string_value(json_object_get(r, "kind")), reason);
		free(reason);
	}
}

/* A queue entry as lines: the item (or held message), then the author's history. */
void
mod_entry_text(json_t *e, mod_line_fn emit, void *arg)
{
	json_t	*s;
	char	*reason;
	size_t	 i;

	if (console_held_entry(e))
		console_held_text(e, emit, arg);
	else
		mod_item_text(e, emit, arg);
	json_array_foreach(json_object_get(json_object_get(e, "author"),
	    "sanctions"), i, s) {
		reason = mod_safe(json_string_value(json_object_get(s, "reason")));
		mod_emit(emit, arg, MOD_LINE_HISTORY, "  earlier: %s (%s)%s",
		    json_string_value(json_object_get(s, "kind")), reason,
		    json_object_get(s, "lifted") != NULL ? ", lifted" : "");
		free(reason);
	}
}

/* Plain mode and the notices: each line of an entry (or a person) as a notice. */
void
mod_notice_line(void *arg, enum mod_line kind, const char *line)
{
	fe_notice(arg, "%s", line);
}

static void
mod_queue_cb(struct client *c, json_t *reply, void *arg)
{
	json_t	*entries, *e;
	size_t	 i;

	if (people_failed(c, reply, "list reports") != PROTO_OK || reply == NULL)
		return;
	entries = json_object_get(reply, "entries");
	if (json_array_size(entries) == 0) {
		fe_notice(c, "no reports are waiting");
		return;
	}
	json_array_foreach(entries, i, e)
		mod_entry_text(e, mod_notice_line, c);
	fe_notice(c, "resolve one with /resolve ENTRY ACTION [MINUTES] REASON "
	    "(dismiss, hide, warn, mute, suspend, ban); a held message with "
	    "/approve ENTRY or /reject ENTRY REASON%s",
	    json_is_true(json_object_get(reply, "more")) ?
	    "; /queue AFTER-ENTRY for more" : "");
}

void
mod_queue_command(struct client *c, const char *arg)
{
	json_t	*req = json_pack("{s:s}", "op", "mod.queue");
	long long after = *arg != '\0' ? strtoll(arg, NULL, 10) : 0;

	if (after > 0)
		json_object_set_new(req, "after", json_integer(after));
	rpc_send(c, req, mod_queue_cb, NULL);
}

static void
mod_done_cb(struct client *c, json_t *reply, void *arg)
{
	if (people_failed(c, reply, "resolve reports") == PROTO_OK &&
	    reply != NULL)
		fe_notice(c, "%s", (const char *)arg);
}

/* The next word of *s, copied; *s moves past it and the blanks after. */
char *
mod_word(const char **s)
{
	size_t	n = strcspn(*s, " \t");
	char	*w = xstrndup(*s, n);

	*s += n + strspn(*s + n, " \t");
	return (w);
}

/* mod.resolve, from /resolve and from the console's keys. */
void
mod_resolve_send(struct client *c, const struct mod_resolution *r, rpc_cb cb,
    void *arg)
{
	json_t	*req;

	req = json_pack("{s:s, s:I, s:s}", "op", "mod.resolve", "entry",
	    (json_int_t)r->entry, "action", r->action);
	if (r->minutes > 0)
		json_object_set_new(req, "minutes", json_integer(r->minutes));
	if (r->hide)
		json_object_set_new(req, "hide", json_true());
	if (r->reason != NULL && *r->reason != '\0')
		json_object_set_new(req, "reason", json_string(r->reason));
	rpc_send(c, req, cb, arg);
}

/* /resolve ENTRY ACTION [MINUTES] [REASON]; ACTION+hide hides the item too. */
void
mod_resolve_command(struct client *c, const char *arg)
{
	const char	*p = arg;
	char		*entry, *action, *end, *hide;
	long long	 id, minutes = 0;
	bool		 timed;

	entry = mod_word(&p);
	action = mod_word(&p);
	if ((hide = strstr(action, "+hide")) != NULL && hide[5] == '\0')
		*hide = '\0';
	id = strtoll(entry, &end, 10);
	timed = strcmp(action, "mute") == 0 || strcmp(action, "suspend") == 0;
	if (timed) {
		minutes = strtoll(p, &end, 10);
		if (minutes > 0 && (*end == ' ' || *end == '\0'))
			p = end + strspn(end, " \t");
		else
			minutes = 0;
	}
	if (id <= 0 || *action == '\0' || (timed && minutes == 0)) {
		c->fe->error(c, "bad_command", "/resolve ENTRY ACTION [MINUTES] "
		    "REASON: dismiss, hide, warn, mute MINUTES, suspend MINUTES "
		    "or ban (e.g. /resolve 3 warn Please do not name pupils)");
		free(entry);
		free(action);
		return;
	}
	mod_resolve_send(c, &(struct mod_resolution){ id, action, minutes,
	    hide != NULL, p }, mod_done_cb, "done: the entry is resolved");
	free(entry);
	free(action);
}

/* /lift SANCTION */
void
mod_lift_command(struct client *c, const char *arg)
{
	long long	id = strtoll(arg, NULL, 10);

	if (id <= 0) {
		c->fe->error(c, "bad_command", "/lift SANCTION (its id)");
		return;
	}
	rpc_send(c, json_pack("{s:s, s:I}", "op", "mod.lift", "sanction",
	    (json_int_t)id), mod_done_cb, "lifted");
}
