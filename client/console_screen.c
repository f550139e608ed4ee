/*
 * console_screen.c: the console on the full screen (F5 or /mod), for
 * moderators and admins. A row of tabs, each a screen of its own with one
 * key per act; an act that needs words (a reason, how many minutes) asks
 * for them on the bottom line, where Enter sends and Esc cancels. The
 * server decides every act, and its refusals land on the status line.
 * Tab and Shift-Tab (or 1-9) change tabs; Esc, q or F5 go back to the
 * screen it was opened from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "staffroom.h"

#define CONSOLE_MIN_MINUTES	"60"	/* offered for a mute or suspension */

/* The bottom line's question, and what the answer is for. */
enum console_ask {
	CONSOLE_ASK_NONE,
	CONSOLE_ASK_MINUTES,	/* the queue: how long a mute or suspension */
	CONSOLE_ASK_REASON,	/* the queue: why */
	CONSOLE_ASK_HANDLE,	/* people: whose record */
	CONSOLE_ASK_KICK,	/* people: why their sessions end */
	CONSOLE_ASK_SLOW,	/* rooms: seconds between messages */
	CONSOLE_ASK_PIN,	/* rooms: the announcement */
	CONSOLE_ASK_FILTER,	/* audit: actor:, target:, since: */
	CONSOLE_ASK_TAB,	/* another file's tab: console_screen_ask */
};

/* The queue's keys: one per mod.resolve action. */
static const struct {
	int		 key;
	const char	*action;
	bool		 timed;		/* asks how many minutes */
	bool		 sanction;	/* may hide the item too */
} console_actions[] = {
	{ 'd', "dismiss", false, false },
	{ 'h', "hide", false, false },
	{ 'w', "warn", false, true },
	{ 'm', "mute", true, true },
	{ 's', "suspend", true, true },
	{ 'b', "ban", false, true },
};
#define CONSOLE_NACTIONS (sizeof console_actions / sizeof console_actions[0])

static struct {
	const struct ui_mode	*back;
	size_t			 tab;
	enum console_ask	 ask;
	size_t			 action;	/* index into console_actions */
	int64_t			 entry;		/* the entry the act is for */
	int64_t			 minutes;
	bool			 hide;		/* a sanction hides the item too */
	char			*whom;		/* CONSOLE_ASK_KICK: the handle */
	char			*filters;	/* the audit log's, as typed */
	size_t			 audit_up;	/* rows scrolled up from the newest */
	char			*prompt;	/* CONSOLE_ASK_TAB's */
	console_answer_fn	 done;
	struct input		 answer;
} cs;

/* --- the report queue -------------------------------------------------------- */

/* Lines of the selected entry, drawn as they come. */
struct console_draw {
	int	y;
	int	end;
};

static void
console_entry_line(void *arg, enum mod_line kind, const char *line)
{
	struct console_draw	*d = arg;
	attr_t			 attr = 0;

	if (d->y >= d->end)
		return;
	if (kind == MOD_LINE_HEAD || kind == MOD_LINE_ITEM)
		attr = A_BOLD;
	else if (kind == MOD_LINE_CONTEXT || kind == MOD_LINE_HISTORY)
		attr = A_DIM;
	ui_put(d->y++, 1, line, COLS - 2, attr);
}

/* "#3 region:north-east (2 reports: abusive) amy: first line ..." */
static char *
console_entry_summary(json_t *e)
{
	json_t		*item = json_object_get(e, "msg"), *reports;
	const char	*from, *body, *kind, *where;
	char		*first, *safe, *s;

	if (console_held_entry(e))
		return (console_held_summary(e));
	if (item == NULL)
		item = json_object_get(e, "post");
	from = json_string_value(json_object_get(item, "from"));
	if (from == NULL)
		from = json_string_value(json_object_get(item, "author"));
	body = json_string_value(json_object_get(item, "body"));
	where = json_string_value(json_object_get(e, "scope"));
	reports = json_object_get(e, "reports");
	kind = json_string_value(json_object_get(json_array_get(reports, 0),
	    "kind"));
	first = xstrndup(body != NULL ? body : "", strcspn(body != NULL ?
	    body : "", "\n"));
	safe = text_safe_utf8(first, 0);
	xasprintf(&s, "#%lld %s (%zu report%s: %s) %s: %s",
	    (long long)json_integer_value(json_object_get(e, "id")),
	    where != NULL ? where : "?", json_array_size(reports),
	    json_array_size(reports) == 1 ? "" : "s", kind != NULL ? kind :
	    "other", from != NULL ? from : "?", safe);
	free(safe);
	free(first);
	return (s);
}

static void
console_queue_draw(struct client *c, int top, int h)
{
	struct console_draw	 d;
	size_t			 n = json_array_size(console.entries), i, first = 0;
	int			 list = h / 3 < 3 ? 3 : h / 3, y;
	char			*s;

	if (!console.loaded) {
		ui_put(top, 1, "asking the server for the queue...", COLS - 2,
		    A_DIM);
		return;
	}
	if (n == 0) {
		ui_put(top, 1, "No reports are waiting in your scopes.",
		    COLS - 2, 0);
		return;
	}
	if ((size_t)list > n)
		list = (int)n;
	if (console.sel >= (size_t)list)
		first = console.sel - (size_t)list + 1;
	for (y = 0, i = first; i < n && y < list; i++, y++) {
		s = console_entry_summary(console_entry(i));
		ui_put(top + y, 1, s, COLS - 2, i == console.sel ? A_REVERSE :
		    0);
		free(s);
	}
	if (console.more && y < list + 1)
		ui_put(top + y++, 1, "(more after these: resolve some first)",
		    COLS - 2, A_DIM);
	mvhline(top + y, 0, ACS_HLINE, COLS);
	d.y = top + y + 1;
	d.end = top + h;
	mod_entry_text(console_entry(console.sel), console_entry_line, &d);
}

static void
console_queue_open(struct client *c)
{
	console_queue_load(c);
}

/* Asks what the act needs, or sends it when it needs nothing more. */
static void
console_ask_next(struct client *c)
{
	input_free(&cs.answer);
	input_init(&cs.answer, 0);
	if (cs.ask == CONSOLE_ASK_NONE && console_actions[cs.action].timed) {
		cs.ask = CONSOLE_ASK_MINUTES;
		input_set(&cs.answer, CONSOLE_MIN_MINUTES);
		return;
	}
	cs.ask = CONSOLE_ASK_REASON;
}

static void
console_queue_key(struct client *c, int key)
{
	size_t	n = json_array_size(console.entries), i;

	switch (key) {
	case KEYC_UP:
	case 'k':
		if (console.sel > 0)
			console.sel--;
		return;
	case KEYC_DOWN:
	case 'j':
		if (console.sel + 1 < n)
			console.sel++;
		return;
	case 'r':
		console_queue_load(c);
		return;
	}
	if (console_held_key(c, console_entry(console.sel), key))
		return;
	for (i = 0; i < CONSOLE_NACTIONS; i++) {
		if (console_actions[i].key != key)
			continue;
		if (n == 0) {
			ui_notice_set("no report is waiting", 1);
			return;
		}
		if (console_held_entry(console_entry(console.sel))) {
			ui_notice_set("a held message: a approves it, x rejects "
			    "it", 1);
			return;
		}
		cs.action = i;
		cs.entry = json_integer_value(json_object_get(console_entry(
		    console.sel), "id"));
		cs.minutes = 0;
		cs.hide = false;
		cs.ask = CONSOLE_ASK_NONE;
		console_ask_next(c);
		return;
	}
}

/* --- people: who is online, one person's record, kicking ------------------------ */

static void
console_people_open(struct client *c)
{
	console_who_load(c);
}

static void
console_people_draw(struct client *c, int top, int h)
{
	struct console_draw	 d;
	size_t			 n = json_array_size(console.online), i, first = 0;
	int			 list = h / 2 < 3 ? 3 : h / 2, y = 0;
	char			*s;

	ui_put(top + y++, 1, "Online now in your regions:", COLS - 2, A_BOLD);
	if (n == 0)
		ui_put(top + y++, 1, "  nobody", COLS - 2, A_DIM);
	if (console.online_sel >= (size_t)list - 1)
		first = console.online_sel - (size_t)list + 2;
	for (i = first; i < n && y < list; i++) {
		s = console_online_line(json_array_get(console.online, i));
		ui_put(top + y++, 1, s, COLS - 2, i == console.online_sel ?
		    A_REVERSE : 0);
		free(s);
	}
	mvhline(top + y, 0, ACS_HLINE, COLS);
	d.y = top + y + 1;
	d.end = top + h;
	if (console.person != NULL)
		console_person_text(console.person, console_entry_line, &d);
	else
		ui_put(d.y, 1, "Enter shows the selected person's record; / "
		    "asks for anyone's by handle", COLS - 2, A_DIM);
}

static const char *
console_online_handle(void)
{
	return (json_string_value(json_object_get(json_array_get(
	    console.online, console.online_sel), "handle")));
}

static void
console_ask(enum console_ask ask)
{
	input_free(&cs.answer);
	input_init(&cs.answer, 0);
	cs.ask = ask;
}

/* The newest mute, suspension or ban of the record shown that is in force. */
static const char *
console_lift_offer(void)
{
	static char	 id[24];
	json_t		*s;
	size_t		 i;
	json_int_t	 until;

	id[0] = '\0';
	json_array_foreach(json_object_get(console.person, "sanctions"), i, s) {
		until = json_integer_value(json_object_get(s, "until"));
		if (strcmp(json_string_value(json_object_get(s, "kind")),
		    "warn") == 0 || json_object_get(s, "lifted") != NULL ||
		    (until > 0 && until <= (json_int_t)time(NULL) * 1000))
			continue;
		snprintf(id, sizeof id, "%lld", (long long)json_integer_value(
		    json_object_get(s, "id")));
		break;
	}
	return (id);
}

/* mod.lift, then the record again: requests are answered in order. */
static void
console_lift_answer(struct client *c, const char *text)
{
	mod_lift_command(c, text);
	console_person_load(c, json_string_value(json_object_get(
	    console.person, "handle")));
}

static void
console_people_key(struct client *c, int key)
{
	const char	*h = console_online_handle();

	switch (key) {
	case KEYC_UP:
	case 'k':
		if (console.online_sel > 0)
			console.online_sel--;
		break;
	case KEYC_DOWN:
	case 'j':
		if (console.online_sel + 1 < json_array_size(console.online))
			console.online_sel++;
		break;
	case '\r':
	case '\n':
		if (h != NULL)
			console_person_load(c, h);
		break;
	case '/':
		console_ask(CONSOLE_ASK_HANDLE);
		break;
	case 'K':
		/* The record shown, else the one selected in the list. */
		if (console.person != NULL)
			h = json_string_value(json_object_get(console.person,
			    "handle"));
		if (h == NULL) {
			ui_notice_set("choose someone first", 1);
			break;
		}
		free(cs.whom);
		cs.whom = xstrdup(h);
		console_ask(CONSOLE_ASK_KICK);
		break;
	case 'L':
		if (console.person == NULL) {
			ui_notice_set("show someone's record first", 1);
			break;
		}
		console_screen_ask("lift sanction (its number in the record): ",
		    console_lift_offer(), console_lift_answer);
		break;
	case 'r':
		console_who_load(c);
		break;
	default:
		console_people_roles_key(c, key);
		break;
	}
}

static void
console_people_answer(struct client *c, const char *text)
{
	enum console_ask	ask = cs.ask;

	cs.ask = CONSOLE_ASK_NONE;
	if (ask == CONSOLE_ASK_KICK)
		console_kick(c, cs.whom, text);
	else if (*text != '\0')
		console_person_load(c, text);
}

/* --- rooms: lock, slow mode, announcements ------------------------------------------ */

static void
console_rooms_open(struct client *c)
{
	console_rooms_load(c);
}

static void
console_rooms_draw(struct client *c, int top, int h)
{
	struct console_draw	 d;
	size_t			 n = json_array_size(console.rooms), i, first = 0;
	int			 list = h / 2 < 3 ? 3 : h / 2, y = 0;
	char			*s;

	ui_put(top + y++, 1, "Rooms (the server says which are yours to "
	    "change):", COLS - 2, A_BOLD);
	/* The selected room stays in sight; its scope shows below. */
	if (console.room_sel >= (size_t)list - 1)
		first = console.room_sel - (size_t)list + 2;
	for (i = first; i < n && y < list; i++) {
		s = console_room_line(json_array_get(console.rooms, i));
		ui_put(top + y++, 1, s, COLS - 2, i == console.room_sel ?
		    A_REVERSE : 0);
		free(s);
	}
	mvhline(top + y, 0, ACS_HLINE, COLS);
	d.y = top + y + 1;
	d.end = top + h;
	console_scope_text(console_entry_line, &d);
}

static void
console_rooms_key(struct client *c, int key)
{
	json_t		*r = json_array_get(console.rooms, console.room_sel);
	const char	*id = json_string_value(json_object_get(r, "id"));
	char		 secs[16];

	switch (key) {
	case KEYC_UP:
	case 'k':
		if (console.room_sel > 0)
			console.room_sel--;
		console_scope_follow(c);
		return;
	case KEYC_DOWN:
	case 'j':
		if (console.room_sel + 1 < json_array_size(console.rooms))
			console.room_sel++;
		console_scope_follow(c);
		return;
	case 'r':
		console_rooms_load(c);
		return;
	}
	if (id == NULL || console_rooms_words_key(c, key))
		return;
	switch (key) {
	case 'l':
		console_room_op(c, "room.lock", id, json_pack("{s:b}", "locked",
		    !json_is_true(json_object_get(r, "locked"))));
		break;
	case 'a':
		console_room_op(c, "room.announce", id, json_pack("{s:b}", "only",
		    !json_is_true(json_object_get(r, "announce_only"))));
		break;
	case 'u':
		console_room_op(c, "room.unpin", id, json_object());
		break;
	case 's':
	case 'p':
		free(cs.whom);
		cs.whom = xstrdup(id);
		console_ask(key == 's' ? CONSOLE_ASK_SLOW : CONSOLE_ASK_PIN);
		if (key == 's') {
			snprintf(secs, sizeof secs, "%lld", (long long)
			    json_integer_value(json_object_get(r, "slow")));
			input_set(&cs.answer, secs);
		}
		break;
	}
}

static void
console_rooms_answer(struct client *c, const char *text)
{
	char		*end;
	long long	 secs;

	if (cs.ask == CONSOLE_ASK_PIN) {
		cs.ask = CONSOLE_ASK_NONE;
		if (*text != '\0')
			console_room_op(c, "room.pin", cs.whom, json_pack(
			    "{s:s}", "body", text));
		return;
	}
	secs = strtoll(text, &end, 10);
	if (secs < 0 || *end != '\0' || end == text) {
		ui_notice_set("seconds: a whole number, like 30; 0 turns slow "
		    "mode off", 1);
		input_set(&cs.answer, text);
		return;
	}
	cs.ask = CONSOLE_ASK_NONE;
	console_room_op(c, "room.slow", cs.whom, json_pack("{s:I}", "seconds",
	    (json_int_t)secs));
}

/* --- the audit log (admins; the server refuses anyone else) ---------------------- */

static void
console_audit_open(struct client *c)
{
	console_audit_load(c, cs.filters != NULL ? cs.filters : "");
}

static void
console_audit_draw(struct client *c, int top, int h)
{
	size_t	n = json_array_size(console.audit), i, first = 0, shown;
	int	y = 0;
	char	*s;

	xasprintf(&s, "Audit log%s%s%s:", cs.filters != NULL &&
	    *cs.filters != '\0' ? " (" : "", cs.filters != NULL ?
	    cs.filters : "", cs.filters != NULL && *cs.filters != '\0' ?
	    ")" : "");
	ui_put(top + y++, 1, s, COLS - 2, A_BOLD);
	free(s);
	if (console.verified != NULL)
		ui_put(top + y++, 1, console.verified, COLS - 2, A_BOLD);
	if (n == 0)
		ui_put(top + y++, 1, "  no rows", COLS - 2, A_DIM);
	/* The newest rows fill the screen; Up scrolls back. */
	shown = (size_t)(h - y);
	if (cs.audit_up > n)
		cs.audit_up = n;
	if (n > shown + cs.audit_up)
		first = n - shown - cs.audit_up;
	for (i = first; i < n && y < h; i++) {
		s = console_audit_line(json_array_get(console.audit, i));
		ui_put(top + y++, 1, s, COLS - 2, 0);
		free(s);
	}
}

static void
console_audit_key(struct client *c, int key)
{
	switch (key) {
	case KEYC_UP:
	case 'k':
		cs.audit_up++;
		break;
	case KEYC_DOWN:
	case 'j':
		if (cs.audit_up > 0)
			cs.audit_up--;
		break;
	case 'f':
		console_ask(CONSOLE_ASK_FILTER);
		if (cs.filters != NULL)
			input_set(&cs.answer, cs.filters);
		break;
	case 'v':
		console_audit_verify(c, 0);
		break;
	case 'r':
		console_audit_open(c);
		break;
	}
}

/* Enter on the bottom line: the minutes, then the reason and off it goes. */
static void
console_answer(struct client *c)
{
	char		*text = input_take(&cs.answer), *end;
	long long	 minutes;

	if (cs.ask == CONSOLE_ASK_TAB) {
		/* Cleared first: the answer may ask again. */
		cs.ask = CONSOLE_ASK_NONE;
		cs.done(c, text);
		free(text);
		return;
	}
	if (cs.ask == CONSOLE_ASK_HANDLE || cs.ask == CONSOLE_ASK_KICK) {
		console_people_answer(c, text);
		free(text);
		return;
	}
	if (cs.ask == CONSOLE_ASK_FILTER) {
		cs.ask = CONSOLE_ASK_NONE;
		free(cs.filters);
		cs.filters = text;
		cs.audit_up = 0;
		console_audit_load(c, cs.filters);
		return;
	}
	if (cs.ask == CONSOLE_ASK_SLOW || cs.ask == CONSOLE_ASK_PIN) {
		console_rooms_answer(c, text);
		free(text);
		return;
	}
	if (cs.ask == CONSOLE_ASK_MINUTES) {
		minutes = strtoll(text, &end, 10);
		if (minutes <= 0 || *end != '\0') {
			ui_notice_set("how many minutes: a whole number, like 60 "
			    "(a day is 1440)", 1);
			input_set(&cs.answer, text);
		} else {
			cs.minutes = minutes;
			console_ask_next(c);
		}
		free(text);
		return;
	}
	if (*text == '\0' && strcmp(console_actions[cs.action].action,
	    "dismiss") != 0) {
		ui_notice_set("say why: the person reads the reason", 1);
		free(text);
		return;
	}
	cs.ask = CONSOLE_ASK_NONE;
	console_resolve(c, &(struct mod_resolution){ cs.entry,
	    console_actions[cs.action].action, cs.minutes, cs.hide, text });
	free(text);
}

static void
console_answer_key(struct client *c, int key)
{
	enum input_key	action;

	if (key == KEYC_ESC)
		cs.ask = CONSOLE_ASK_NONE;
	else if (key == '\r' || key == '\n')
		console_answer(c);
	else if (key == '\t' && cs.ask == CONSOLE_ASK_REASON &&
	    console_actions[cs.action].sanction)
		cs.hide = !cs.hide;
	else if (keys_edit(key, &action) == 0)
		input_key(&cs.answer, action);
	else
		ui_key_insert(&cs.answer, key);
}

static void
console_answer_draw(void)
{
	char	*prompt;

	if (cs.ask == CONSOLE_ASK_TAB)
		prompt = xstrdup(cs.prompt);
	else if (cs.ask == CONSOLE_ASK_HANDLE)
		prompt = xstrdup("whose record? handle: ");
	else if (cs.ask == CONSOLE_ASK_FILTER)
		prompt = xstrdup("filters (actor:HANDLE target:HANDLE "
		    "since:YYYY-MM-DD, empty: all): ");
	else if (cs.ask == CONSOLE_ASK_SLOW)
		xasprintf(&prompt, "slow mode in %s: seconds between one "
		    "person's messages (0: off): ", cs.whom);
	else if (cs.ask == CONSOLE_ASK_PIN)
		xasprintf(&prompt, "announcement pinned in %s's header: ",
		    cs.whom);
	else if (cs.ask == CONSOLE_ASK_KICK)
		xasprintf(&prompt, "end %s's sessions - reason they read "
		    "(may be empty): ", cs.whom);
	else if (cs.ask == CONSOLE_ASK_MINUTES)
		xasprintf(&prompt, "%s entry %lld for how many minutes? ",
		    console_actions[cs.action].action, (long long)cs.entry);
	else if (console_actions[cs.action].sanction)
		xasprintf(&prompt, "%s, entry %lld (Tab: %s the message too) - "
		    "reason the person reads: ", console_actions[cs.action].action,
		    (long long)cs.entry, cs.hide ? "[x] hide" : "[ ] hide");
	else
		xasprintf(&prompt, "%s entry %lld - reason%s: ",
		    console_actions[cs.action].action, (long long)cs.entry,
		    strcmp(console_actions[cs.action].action, "dismiss") == 0 ?
		    " (may be empty)" : "");
	ui_draw_input(LINES - 1, 0, COLS, prompt, &cs.answer);
	free(prompt);
}

/* --- the frame ------------------------------------------------------------------ */

static const struct console_tab console_queue_tab = {
	"Reports", console_queue_open, console_queue_draw, console_queue_key,
	"d dismiss  h hide  w warn  m mute  s suspend  b ban  held: a approve  "
	"x reject"
};
static const struct console_tab console_people_tab = {
	"People", console_people_open, console_people_draw, console_people_key,
	"Up/Down choose  Enter record  / anyone's  K end sessions  L lift a "
	"sanction  admins: R role  + add a scope  - remove one  r refresh"
};
static const struct console_tab console_rooms_tab = {
	"Rooms", console_rooms_open, console_rooms_draw, console_rooms_key,
	"Up/Down choose  l lock/open  s slow mode  a announcements only  "
	"p pin  u unpin  w watch a word  x stop watching  g any scope  "
	"r refresh"
};
static const struct console_tab console_audit_tab = {
	"Audit", console_audit_open, console_audit_draw, console_audit_key,
	"admins: Up/Down scroll  f filter (actor:, target:, since:)  v verify  "
	"r refresh"
};

static const struct console_tab *const console_tabs[] = {
	&console_queue_tab,
	&console_people_tab,
	&console_rooms_tab,
	&console_audit_tab,
	&console_invites_tab,
};
#define CONSOLE_NTABS	(sizeof console_tabs / sizeof console_tabs[0])

static void
console_tab_go(struct client *c, size_t tab)
{
	cs.tab = tab % CONSOLE_NTABS;
	cs.ask = CONSOLE_ASK_NONE;
	console_tabs[cs.tab]->open(c);
	ui.dirty = 1;
}

/* The frontend's console hook: opens on the tab named (by its start), or the first. */
void
console_screen_open(struct client *c, const char *tab)
{
	size_t	i, t = cs.tab;

	for (i = 0; tab != NULL && *tab != '\0' && i < CONSOLE_NTABS; i++) {
		if (strncasecmp(console_tabs[i]->name, tab, strlen(tab)) == 0)
			t = i;
	}
	if (ui.mode != &console_mode)
		cs.back = ui.mode;
	ui.mode = &console_mode;
	console.open = true;
	console_tab_go(c, t);
}

/* A tab of another file asks: the prompt is copied. */
void
console_screen_ask(const char *prompt, const char *initial,
    console_answer_fn done)
{
	console_ask(CONSOLE_ASK_TAB);
	free(cs.prompt);
	cs.prompt = xstrdup(prompt);
	cs.done = done;
	input_set(&cs.answer, initial);
}

static void
console_close(void)
{
	ui.mode = cs.back != NULL && cs.back != &console_mode ? cs.back :
	    &rooms_mode;
	console.open = false;
	cs.ask = CONSOLE_ASK_NONE;
	console_invites_free();
}

static void
console_screen_draw(struct client *c)
{
	size_t	i;
	int	x = 1;

	ui_fill(0, A_REVERSE);
	x += ui_put(0, x, "Console:", COLS - x, A_REVERSE | A_BOLD);
	for (i = 0; i < CONSOLE_NTABS && x < COLS - 1; i++) {
		x += ui_put(0, x, " ", COLS - x, A_REVERSE);
		x += ui_put(0, x, console_tabs[i]->name, COLS - x,
		    i == cs.tab ? A_BOLD : A_REVERSE);
	}
	ui_put(0, x, "   Tab: next  Esc: back", COLS - x, A_REVERSE);
	ui_put(1, 1, console_tabs[cs.tab]->keys, COLS - 2, A_DIM);
	console_tabs[cs.tab]->draw(c, 2, LINES - 4);
	ui_draw_status(c, LINES - 2);
	if (cs.ask != CONSOLE_ASK_NONE)
		console_answer_draw();
	else {
		ui.cursor_y = LINES - 1;
		ui.cursor_x = 0;
	}
}

static void
console_screen_key(struct client *c, int key)
{
	if (cs.ask != CONSOLE_ASK_NONE) {
		console_answer_key(c, key);
		return;
	}
	switch (key) {
	case KEYC_ESC:
	case KEYC_F5:
	case 'q':
		console_close();
		return;
	case '\t':
		console_tab_go(c, cs.tab + 1);
		return;
	case KEYC_BTAB:
		console_tab_go(c, cs.tab + CONSOLE_NTABS - 1);
		return;
	}
	if (key >= '1' && key < '1' + (int)CONSOLE_NTABS) {
		console_tab_go(c, (size_t)(key - '1'));
		return;
	}
	console_tabs[cs.tab]->key(c, key);
}

/* Back online: what the tab shows may have changed meanwhile. */
static void
console_screen_ready(struct client *c)
{
	console_tabs[cs.tab]->open(c);
}

void
console_screen_free(void)
{
	input_free(&cs.answer);
	free(cs.whom);
	free(cs.filters);
	free(cs.prompt);
	memset(&cs, 0, sizeof cs);
}

const struct ui_mode console_mode = {
	.name = "console",
	.draw = console_screen_draw,
	.key = console_screen_key,
	.ready = console_screen_ready,
};
