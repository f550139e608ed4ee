/*
 * plain.c: the line-oriented frontend (--plain), for screen readers,
 * braille displays, dumb terminals and scripts. No cursor addressing: every
 * event is one or more whole lines on stdout, in the grammar written down in
 * staffroom(1):
 *
 *	-- Tuesday 25 November 2025 --		the local date changed
 *	[room] HH:MM handle: text		a message
 *	[room] HH:MM handle| more text		each further line of it
 *	* text					information
 *	! code: text				an error
 *
 * Lines typed on stdin are messages to the current room, or /commands; a
 * line ending in a backslash continues on the next line. At the end of
 * stdin the client waits for every answer still due, then exits.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "staffroom.h"

#define PLAIN_LINE_MAX	(PROTO_MAX_LINE + 1)

static struct {
	char		*in;		/* bytes read, not yet a whole line */
	size_t		 inlen;
	char		*cont;		/* a message continued with "\" */
	int		 day;		/* date of the last message printed */
	enum net_state	 shown;		/* the state last reported */
	bool		 shown_retry;	/* a countdown was announced */
	char		*shown_why;	/* ... with this reason */
} plain;

static void
plain_info(const char *s)
{
	char	*safe = text_safe_utf8(s, 0);

	printf("* %s\n", safe);
	free(safe);
	fflush(stdout);
}

static void
plain_notice(struct client *c, const char *s)
{
	plain_info(s);
}

static void
plain_error(struct client *c, const char *code, const char *message)
{
	char	*safe = text_safe_utf8(message, 0);

	printf("! %s: %s\n", code, safe);
	free(safe);
	fflush(stdout);
}

static void
plain_shut_out(struct client *c, const char *code, const char *words)
{
	plain_error(c, code, words);
	c->quit = 1;
}

static void
plain_print_msg(struct room *r, struct msg *m)
{
	char	 hm[16], day[64], *safe, *room, *from, *line, *nl;
	int	 d = clock_day(m->ts);

	if (d != plain.day) {
		clock_day_text(m->ts, day, sizeof day);
		printf("-- %s --\n", day);
		plain.day = d;
	}
	clock_hm(m->ts, hm, sizeof hm);
	/* Names, not ids: "[Autism leads]" reads better than "[buddy:13]". */
	room = text_safe_utf8(r->name, 0);
	from = text_safe_utf8(m->from, 0);
	safe = text_safe_utf8(m->body + (m->action ? strlen(MSG_ACTION) : 0),
	    TEXT_BODY);
	for (line = safe; line != NULL; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		/* An action reads "* ben waves", as in IRC. */
		printf("[%s] %s %s%s%s %s%s%s%s\n", room, hm,
		    m->action && line == safe ? "* " : "", from,
		    line != safe ? "|" : m->action ? "" : ":",
		    line == safe && m->personal_data ?
		    MSG_PERSONAL_DATA_TAG " " : "", line,
		    nl == NULL && m->edited ? " (edited)" : "",
		    nl == NULL && m->mention ? " (mentions you)" : "");
	}
	free(safe);
	free(from);
	free(room);
	fflush(stdout);
}

static void
plain_message(struct client *c, struct room *r, struct msg *m,
    enum msg_origin origin)
{
	char	hm[16];

	if (origin == MSG_DELETED || origin == MSG_REMOVED) {
		clock_hm(m->ts, hm, sizeof hm);
		if (origin == MSG_REMOVED)
			fe_notice(c, "a moderator removed %s's message of %s in "
			    "[%s]", m->from, hm, r->name);
		else
			fe_notice(c, "%s deleted their message of %s in [%s]",
			    m->from, hm, r->name);
		return;
	}
	if (origin == MSG_MENTION) {
		clock_hm(m->ts, hm, sizeof hm);
		fe_notice(c, "%s mentioned you in [%s] at %s", m->from, r->name,
		    hm);
		return;
	}
	if (origin == MSG_EDITED)
		fe_notice(c, "%s edited their message:", m->from);
	plain_print_msg(r, m);
	/* Printed in the room being followed: that counts as read. */
	if (r == session_current(c) && origin != MSG_HISTORY)
		session_mark_read(c, r);
}

/*
 * A room's first page prints only what is new since you last read it,
 * after a "new messages" line (a screen reader need not hear the whole
 * room again); /history then prints the rest, older pages as they come.
 */
static void
plain_history(struct client *c, struct room *r, struct msg **added, size_t n)
{
	size_t	i, first = 0;

	if (r->shown_from == 0 && r == session_current(c)) {
		while (first < n && added[first]->id <= r->marker)
			first++;
		if (first == n)
			fe_notice(c, "no new messages in [%s]%s", r->name,
			    n > 0 ? "; /history reads the earlier ones" : "");
		else {
			if (first > 0)
				fe_notice(c, "%zu earlier messages in [%s]: "
				    "/history reads them", first, r->name);
			/* All of it new, or the rest: said either way. */
			printf("-- new messages --\n");
		}
		r->shown_from = first < n ? added[first]->id :
		    n > 0 ? added[n - 1]->id + 1 : 0;
	} else {
		if (n == 0)
			fe_notice(c, "no older messages in [%s]", r->name);
		if (n > 0 && (r->shown_from == 0 || added[0]->id < r->shown_from))
			r->shown_from = added[0]->id;
	}
	for (i = first; i < n; i++)
		plain_print_msg(r, added[i]);
	if (n > first && r->more && first == 0)
		fe_notice(c, "%zu messages shown; /history shows older ones", n);
	if (r == session_current(c))
		session_mark_read(c, r);
}

static void
plain_rejected(struct client *c, const char *room, const char *body,
    const char *code, const char *message)
{
	struct room	*r = session_room(c, room);
	char		*msg;

	xasprintf(&msg, "%s (not sent to [%s])", message, r != NULL ? r->name :
	    room);
	plain_error(c, code, msg);
	free(msg);
}

/* Announces connection changes once each, not on every status call. */
static void
plain_status(struct client *c)
{
	enum net_state	st = c->net.state;

	char		*s;

	/* Once a drop, and again when a try fails for another reason. */
	if (st == NET_OFFLINE && c->retry_at != 0 && (!plain.shown_retry ||
	    plain.shown_why == NULL || c->net.error == NULL ||
	    strcmp(plain.shown_why, c->net.error) != 0)) {
		if ((s = loop_offline_text(c)) != NULL)
			plain_info(s);
		free(s);
		free(plain.shown_why);
		plain.shown_why = c->net.error != NULL ?
		    xstrdup(c->net.error) : NULL;
		plain.shown_retry = 1;
	}
	if (st == NET_READY && plain.shown != NET_READY && c->handle != NULL &&
	    c->ready && !c->syncing)
		fe_notice(c, "reconnected as %s", c->handle);
	if (st != NET_OFFLINE)
		plain.shown_retry = 0;
	if (st == NET_READY && (c->handle == NULL || !c->ready || c->syncing))
		return;
	plain.shown = st;
}

static void
plain_switched(struct client *c)
{
	struct room	*r = session_current(c);
	char		*pin;

	fe_notice(c, "now in [%s]", r->name);
	if (r->pinned != NULL) {
		pin = text_safe_utf8(r->pinned, 0);
		fe_notice(c, "pinned in [%s]: %s", r->name, pin);
		free(pin);
	}
}

static void
plain_ready(struct client *c)
{
	fe_notice(c, "connected to %s as %s (%s)", c->server != NULL ?
	    c->server : "staffroom", c->handle, c->name != NULL ? c->name : "");
	plain.shown = NET_READY;
	cmd_run(c, "/rooms");
	c->input_on = 1;
}

/* Unread counts change all the time: plain mode says them on /rooms only. */
static void
plain_rooms(struct client *c)
{
}

static void
plain_join_form(struct client *c)
{
	plain_error(c, "join_session", "this login only redeems invites: "
	    "run staffroom --join CODE HOST");
	c->quit = 1;
	c->exit_code = 1;
}

static void
plain_meeting_lines(struct client *c, const json_t *lines)
{
	const json_t	*l;
	const char	*text;
	size_t		 i;

	json_array_foreach(lines, i, l) {
		text = json_string_value(json_object_get(l, "text"));
		if (*text != '\0')
			fe_notice(c, "%s%s", json_is_true(json_object_get(l,
			    "current")) ? "> " : "", text);
	}
}

/*
 * A meeting or its minutes: a line each, the current item marked "> ";
 * a live meeting's floor (queue, open votes) first.
 */
static void
plain_meeting(struct client *c, json_int_t meeting, const char *title,
    json_t *lines)
{
	json_t	*panel = meeting != 0 ? floor_panel(meeting) : NULL;

	fe_notice(c, "%s", title);
	if (panel != NULL)
		plain_meeting_lines(c, panel);
	json_decref(panel);
	plain_meeting_lines(c, lines);
}

static void
plain_tags(struct client *c)
{
	unsigned	bit;

	for (bit = 0; bit < PROTO_TAG_COUNT; bit++)
		fe_notice(c, "tag %s: %s", proto_tag_name(bit),
		    proto_tag_label(bit));
}

static void
plain_help(struct client *c)
{
	const struct cmd_entry	*ce;

	fe_notice(c, "type a line to send it to the current room; end a line "
	    "with \\ to continue the message on the next line; start a line "
	    "with // to send one that begins with /");
	for (ce = cmd_table; ce->name != NULL; ce++) {
		fe_notice(c, "/%s%s%s - %s", ce->name, ce->args != NULL ? " " :
		    "", ce->args != NULL ? ce->args : "", ce->help);
	}
}

static void
plain_account(struct client *c)
{
	account_keys(c);
}

static void
plain_keys(struct client *c)
{
	json_t		*key;
	size_t		 i;
	char		 day[64];

	if (json_array_size(c->keys) == 0)
		fe_notice(c, "no keys");
	json_array_foreach(c->keys, i, key) {
		clock_day_text(json_integer_value(json_object_get(key, "added")),
		    day, sizeof day);
		fe_notice(c, "key %s %s %s (added %s)",
		    json_string_value(json_object_get(key, "fingerprint")),
		    json_string_value(json_object_get(key, "type")),
		    json_string_value(json_object_get(key, "comment")), day);
	}
}

/* Asks for the old and new password on the terminal, without echo. */
static void
plain_passwd(struct client *c)
{
	char	*old, *new = NULL, *again = NULL;

	if ((old = tty_prompt("Current password (empty if none): ", 0)) == NULL ||
	    (new = tty_prompt("New password: ", 0)) == NULL ||
	    (again = tty_prompt("New password again: ", 0)) == NULL)
		plain_error(c, "cancelled", "password not changed");
	else if (strcmp(new, again) != 0)
		plain_error(c, "mismatch", "the two new passwords differ");
	else
		account_passwd(c, old, new);
	if (old != NULL)
		explicit_bzero(old, strlen(old));
	if (new != NULL)
		explicit_bzero(new, strlen(new));
	if (again != NULL)
		explicit_bzero(again, strlen(again));
	free(old);
	free(new);
	free(again);
}

/* A control character: a key (F3, Ctrl-L, an arrow) typed into the line. */
static bool
plain_has_key(const char *line)
{
	for (; *line != '\0'; line++) {
		if ((unsigned char)*line < 0x20 && *line != '\t')
			return (true);
		if ((unsigned char)*line == 0x7f)
			return (true);
	}
	return (false);
}

/* One line from stdin. */
static void
plain_line(struct client *c, char *line)
{
	size_t	 len;
	char	*body;

	line[strcspn(line, "\r")] = '\0';
	if (plain_has_key(line)) {
		plain_error(c, "bad_key", "keys such as F3, Ctrl-L or the arrows "
		    "do nothing in plain mode (the line was not sent); every "
		    "feature is a /command: /help lists them");
		return;
	}
	len = strlen(line);
	if (len > 0 && line[len - 1] == '\\') {
		line[len - 1] = '\0';
		if (plain.cont == NULL)
			body = xstrdup(line);
		else
			xasprintf(&body, "%s\n%s", plain.cont, line);
		free(plain.cont);
		plain.cont = body;
		return;
	}
	if (plain.cont != NULL) {
		xasprintf(&body, "%s\n%s", plain.cont, line);
		free(plain.cont);
		plain.cont = NULL;
		/* A /command whose text runs on (/new, /reply, /post ...). */
		if (body[0] == '/' && body[1] != '/')
			cmd_run(c, body);
		else
			session_send(c, body[0] == '/' ? body + 1 : body);
		free(body);
		return;
	}
	if (line[0] == '/' && line[1] != '/')
		cmd_run(c, line);
	else if (line[0] != '\0')
		session_send(c, line[0] == '/' ? line + 1 : line);
}

static void
plain_input(struct client *c)
{
	ssize_t	 n;
	char	*nl, *start;

	if (plain.in == NULL)
		plain.in = xmalloc(PLAIN_LINE_MAX + 1);
	n = read(STDIN_FILENO, plain.in + plain.inlen,
	    PLAIN_LINE_MAX - plain.inlen);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		if (plain.inlen > 0) {
			plain.in[plain.inlen] = '\0';
			plain_line(c, plain.in);
		}
		if (plain.cont != NULL) {
			char	end[] = "";	/* ends the continued message */

			plain_line(c, end);
		}
		c->stdin_eof = 1;
		plain.inlen = 0;
		return;
	}
	plain.inlen += n;
	start = plain.in;
	while ((nl = memchr(start, '\n', plain.inlen - (start - plain.in))) !=
	    NULL) {
		*nl = '\0';
		plain_line(c, start);
		start = nl + 1;
		if (c->quit)
			return;
	}
	plain.inlen -= start - plain.in;
	memmove(plain.in, start, plain.inlen);
	/* A line longer than any message could be: send what we have. */
	if (plain.inlen == PLAIN_LINE_MAX) {
		plain.in[plain.inlen] = '\0';
		plain_line(c, plain.in);
		plain.inlen = 0;
	}
}

/* Lines do not care about the terminal's size. */
static void
plain_resize(struct client *c)
{
}

/* At the end of stdin, leave once nothing is owed. */
static void
plain_tick(struct client *c)
{
	if (c->stdin_eof && session_idle(c))
		c->quit = 1;
}

static int
plain_init(struct client *c)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	plain.shown = NET_OFFLINE;
	return (0);
}

static void
plain_done(struct client *c)
{
	free(plain.in);
	free(plain.cont);
	free(plain.shown_why);
	fflush(stdout);
}

/* --- people, search and the summary as lines -------------------------------------- */

static void
plain_nothing(struct client *c)
{
}

/* Plain mode has no sidebar: presence is said. */
static void
plain_presence(struct client *c, const char *handle)
{
	fe_notice(c, "%s is %s", handle, presence_word(people_presence(handle,
	    NULL)));
}

static void
plain_own_profile(struct client *c)
{
	people_whois(c, NULL);
}

const struct people_frontend people_plain_frontend = {
	.changed = plain_nothing,
	.room_opened = plain_nothing,
	.presence = plain_presence,
	.profile = people_profile_print,
	.own_profile = plain_own_profile,
	.directory = people_directory_search,
	.suggesting = plain_nothing,
	.results = people_print_results,
	.search_failed = plain_nothing,
	.report = people_report_list,
	.summary = away_print,
	.searching = plain_nothing,
	.hits = search_print,
};

/* Plain mode rings only when asked (--bell): a screen reader may not want it. */
static void
plain_bell(struct client *c, struct room *r)
{
	if (r != NULL && r == session_current(c))
		return;
	fputs("\a", stdout);
	fflush(stdout);
}

/* /mod in plain mode: the console's commands, then the queue. */
static void
plain_console(struct client *c, const char *tab)
{
	fe_notice(c, "moderation console: /queue lists the reports waiting in "
	    "your scopes; /resolve ENTRY ACTION [MINUTES] REASON acts on one "
	    "(dismiss, hide, warn, mute, suspend, ban); /approve ENTRY sends a "
	    "held message to its room, /reject ENTRY REASON drops it and "
	    "tells its author why; /lift SANCTION ends a "
	    "sanction early; /online says who is online in your regions; "
	    "/person HANDLE shows someone's sessions and sanctions; /kick "
	    "HANDLE [REASON] ends their sessions; in the room on screen: "
	    "/lockroom [off], /slow SECONDS|off, /announceonly [off], "
	    "/announce TEXT|off; /words [SCOPE] lists a scope's watched "
	    "words, /watchword [SCOPE] block|hold|flag WORD watches one, "
	    "/unwatchword ID stops, /moderators [SCOPE] says who moderates "
	    "it; /invite REGION|URN [COUNT] [ROLE] [days:N] "
	    "makes invite codes, /invites lists them, /revoke ID takes one "
	    "back; admins: /role HANDLE member|moderator|admin, /scope HANDLE "
	    "add|remove SCOPE, /audit [actor:HANDLE] "
	    "[target:HANDLE] [since:YYYY-MM-DD], /audit verify");
	mod_queue_command(c, "");
}

/* Who may read the room: a count, then a line each, presence in words. */
static void
plain_names(struct client *c, const struct names_list *list)
{
	const struct names_person	*p;
	size_t				 i, online = 0;
	char				*words;

	if (list == NULL)
		return;
	for (i = 0; i < list->n; i++)
		online += list->people[i].state == PRESENCE_ONLINE;
	fe_notice(c, "[%s]: %zu %s, %zu online%s", list->room_name, list->n,
	    list->n == 1 ? "person" : "people", online, list->cut ?
	    " (the first ones only)" : "");
	for (i = 0; i < list->n; i++) {
		p = &list->people[i];
		words = names_presence_words(p);
		if (p->name != NULL)
			fe_notice(c, "%s (%s): %s", p->handle, p->name, words);
		else
			fe_notice(c, "%s: %s", p->handle, words);
		free(words);
	}
}

/* /find: every matching message, each under its day. */
static void
plain_found(struct client *c, struct room *r, struct msg **found, size_t n)
{
	size_t	i;

	if (n == 0) {
		fe_notice(c, "nothing in the last %zu messages of [%s] says "
		    "\"%s\"", r->nmsgs, r->name, find_text());
		find_end();
		return;
	}
	fe_notice(c, "%zu %s of [%s] %s \"%s\":", n, n == 1 ? "message" :
	    "messages", r->name, n == 1 ? "says" : "say", find_text());
	plain.day = -1;
	for (i = 0; i < n; i++)
		plain_print_msg(r, found[i]);
	fe_notice(c, "end of the messages saying \"%s\"", find_text());
	find_end();
}

/* /unread: the messages new since coming to the room, read out again. */
static void
plain_unread(struct client *c, struct room *r, size_t first)
{
	size_t	i;

	if (first == r->nmsgs) {
		fe_notice(c, "nothing new in [%s] since you came", r->name);
		return;
	}
	fe_notice(c, "%zu new %s in [%s] since you came:", r->nmsgs - first,
	    r->nmsgs - first == 1 ? "message" : "messages", r->name);
	printf("-- new messages --\n");
	plain.day = -1;
	for (i = first; i < r->nmsgs; i++)
		plain_print_msg(r, r->msgs[i]);
}

const struct frontend plain_frontend = {
	.init = plain_init,
	.done = plain_done,
	.ready = plain_ready,
	.status = plain_status,
	.rooms = plain_rooms,
	.message = plain_message,
	.history = plain_history,
	.switched = plain_switched,
	.notice = plain_notice,
	.error = plain_error,
	.rejected = plain_rejected,
	.confirm_hint = "/confirm sends it as it was",
	.shut_out = plain_shut_out,
	.join_form = plain_join_form,
	.help = plain_help,
	.tags = plain_tags,
	.console = plain_console,
	.meeting = plain_meeting,
	.boards = &boards_plain_frontend,
	.people = &people_plain_frontend,
	.account = plain_account,
	.keys = plain_keys,
	.passwd = plain_passwd,
	.input = plain_input,
	.resize = plain_resize,
	.tick = plain_tick,
	.names = plain_names,
	.found = plain_found,
	.unread = plain_unread,
	.bell = plain_bell,
};
