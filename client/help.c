/*
 * help.c: the keys, in one table, so the help screen (F1, /help) cannot
 * drift from what ui.c does. The commands come from cmd_table.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

const struct help_key help_keys[] = {
	{ "Enter", "send the message, or run the /command" },
	{ "Alt-Enter", "new line inside the message (a paste keeps its lines)" },
	{ "Left, Right", "move one character" },
	{ "Home, Ctrl-A", "start of the line" },
	{ "End, Ctrl-E", "end of the line" },
	{ "Alt-b, Ctrl-Left", "back one word" },
	{ "Alt-f, Ctrl-Right", "forward one word" },
	{ "Backspace", "delete before the cursor" },
	{ "Delete, Ctrl-D", "delete under the cursor (Ctrl-D on an empty "
	    "line quits)" },
	{ "Ctrl-W", "delete the word before the cursor" },
	{ "Alt-d", "delete the word after the cursor" },
	{ "Ctrl-U", "delete to the start of the line" },
	{ "Ctrl-K", "delete to the end of the line" },
	{ "Ctrl-Y", "put back what was deleted last" },
	{ "Up, Down", "earlier and later lines you typed" },
	{ "Ctrl-C", "clear the line" },
	{ "Alt-e", "edit your last message in this room: its text goes on the "
	    "line (\"edit>\"), Enter saves, Esc cancels; again: your message "
	    "before it (/delete deletes the newest)" },
	{ "Ctrl-X", "send the line anyway after the pupil-data check stopped "
	    "it in a DM, buddy chat or meeting (it is marked for everyone)" },
	{ "Tab", "complete the word: a handle (as @handle in a message; "
	    "who spoke here first, then members), a /command, a room after "
	    "/join, a tag after #; again: the next match" },
	{ "PgUp, PgDn", "scroll the messages (older ones load as you go)" },
	{ "Alt-u", "back to the first message that was new when you came to "
	    "this room (/unread)" },
	{ "Ctrl-R, Ctrl-S", "after /find: the older and the newer match in "
	    "this room (Ctrl-R with an empty line types \"/find \")" },
	{ "Alt-1 ... Alt-9", "go to room 1 to 9 in the sidebar" },
	{ "Ctrl-N, Ctrl-P", "next and previous room" },
	{ "F1", "this help" },
	{ "F4", "find people: the directory (filters, profiles, message, "
	    "ask to be buddies)" },
	{ "F3", "the discussion boards (and back to the rooms)" },
	{ "F5", "moderators and admins: the console (and back)" },
	{ "Console: Tab, Shift-Tab, 1-9", "the next, previous or Nth tab" },
	{ "Console: d, h, w, m, s, b", "the report queue: dismiss, hide, "
	    "warn, mute, suspend or ban; a reason is asked (Tab: hide the "
	    "message too), and minutes for a mute or suspension" },
	{ "Console: a, x", "on Reports, a message or post a watched word "
	    "held: approve it (it is sent to its room or thread now) or reject "
	    "it (a reason is asked: its author reads it)" },
	{ "Console: Enter, /, K, L", "on People (who is online in your "
	    "regions): the selected person's sessions and sanctions; anyone's "
	    "by handle; end the person's sessions, with a reason they read; "
	    "lift a mute, suspension or ban early" },
	{ "Console: l, s, a, p, u", "on Rooms: lock or open the room, slow "
	    "mode (seconds, 0: off), announcements only (again: everyone), "
	    "pin an announcement, unpin it" },
	{ "Console: f, v", "on Audit (admins): filter the log by "
	    "actor:HANDLE, target:HANDLE and since:YYYY-MM-DD (Up/Down scroll "
	    "back); verify its chain" },
	{ "Console: n, x", "on Invites: make invite codes (a region or "
	    "school URN, how many, role, days:N; shown once), revoke the "
	    "selected invite" },
	{ "Boards: Enter", "open the board, thread or search hit" },
	{ "Boards: n, p", "next thread with unread posts; previous thread" },
	{ "Boards: c", "catch up: mark the threads read" },
	{ "Boards: t", "show only threads with a tag (/tags lists them)" },
	{ "Boards: w", "watch the board or thread (or stop watching)" },
	{ "Boards: N", "start a new thread: title, tags, text" },
	{ "Boards: r, f", "reply; follow up quoting the selected post" },
	{ "Boards: e, d", "edit or delete your selected post" },
	{ "Boards: h", "every version of the selected (edited) post" },
	{ "Boards: /", "search posts and messages" },
	{ "Boards: P, L, M", "moderators: pin, lock, move the thread (again: "
	    "unpin, unlock)" },
	{ "Boards: u", "moderators: show a deleted post again" },
	{ "Boards: q, Esc", "back up one level" },
	{ "Boards: any other character", "back to the rooms with it typed on "
	    "the input line, so a sentence typed on the boards goes to the "
	    "chat; Alt-1 ... Alt-9 go to that room" },
	{ "Writing a post", "Enter: new line; Ctrl-D or Ctrl-X: send; Ctrl-O: "
	    "write it in $VISUAL or $EDITOR (not when staffroom runs on the "
	    "server for plain ssh); Tab: title, tags, text; Space: tick a "
	    "tag; Esc: cancel" },
	{ "Ctrl-L", "redraw the screen" },
	{ "Esc", "close help or the account screen; end a /find" },
	{ NULL, NULL }
};

/*
 * The help screen: every key, then every command, then what the sidebar
 * marks mean. Built as lines each time it is drawn, wrapped to the width.
 */
static void
help_add(char ***lines, size_t *n, const char *s)
{
	*lines = xreallocarray(*lines, *n + 1, sizeof **lines);
	(*lines)[(*n)++] = xstrdup(s);
}

/* "  name        what", the description wrapped under itself. */
static void
help_entry(char ***lines, size_t *n, const char *name, const char *what,
    int width)
{
	struct wrap_line	*wl;
	wchar_t			*w;
	size_t			 len, nl, i;
	int			 col = width >= 50 ? 22 : 4, alone;
	char			*part, *line;

	w = text_neutralise(what, strlen(what), 0, &len);
	nl = wrap_text(w, len, width - col - 2, NULL, 0);
	wl = xreallocarray(NULL, nl, sizeof *wl);
	wrap_text(w, len, width - col - 2, wl, nl);
	/* A name too long for its column goes on a line of its own. */
	alone = col < 22 || (int)strlen(name) > col - 3;
	if (alone) {
		xasprintf(&line, "  %s", name);
		help_add(lines, n, line);
		free(line);
	}
	for (i = 0; i < nl; i++) {
		part = text_to_utf8(w + wl[i].off, wl[i].len);
		if (i == 0 && !alone)
			xasprintf(&line, "  %-*s%s", col - 2, name, part);
		else
			xasprintf(&line, "%*s%s", col, "", part);
		help_add(lines, n, line);
		free(line);
		free(part);
	}
	free(wl);
	free(w);
}

/* Presence marks and the people screens' keys (people.c, directory.c). */
static void
help_people(char ***lines, size_t *n, int width)
{
	char	*s;

	xasprintf(&s, "%s online, %s away, %s offline: the other person in a "
	    "DM, or the liveliest member of a buddy chat",
	    presence_mark(PRESENCE_ONLINE), presence_mark(PRESENCE_AWAY),
	    presence_mark(PRESENCE_OFFLINE));
	help_entry(lines, n, "presence marks", s, width);
	free(s);
	help_add(lines, n, "");
	help_add(lines, n, "People, buddy chats and direct messages");
	help_entry(lines, n, "F4, /people", "the directory: Tab moves between "
	    "filters, Enter searches, Enter on a person opens the profile", width);
	help_entry(lines, n, "m, b, x", "on a profile or a result: message "
	    "them, ask to be buddies, block them (profile only)", width);
	help_entry(lines, n, "/profile, e", "your profile; e edits it (Space "
	    "toggles, Enter saves)", width);
	help_entry(lines, n, "/summary", "while you were away (shown when you "
	    "log in): Enter goes there, a accepts, d declines", width);
	help_entry(lines, n, "/report", "choose a message with Up/Down, Enter, "
	    "then say why", width);
}

static char **
help_lines(size_t *n, int width)
{
	const struct help_key	*hk;
	const struct cmd_entry	*ce;
	char			**lines = NULL, *name;

	*n = 0;
	help_add(&lines, n, "Keys");
	for (hk = help_keys; hk->keys != NULL; hk++)
		help_entry(&lines, n, hk->keys, hk->what, width);
	help_add(&lines, n, "");
	help_add(&lines, n, "Commands (type them on the input line)");
	for (ce = cmd_table; ce->name != NULL; ce++) {
		xasprintf(&name, "/%s%s%s", ce->name, ce->args != NULL ? " " : "",
		    ce->args != NULL ? ce->args : "");
		help_entry(&lines, n, name, ce->help, width);
		free(name);
	}
	help_add(&lines, n, "");
	help_add(&lines, n, "The sidebar");
	help_entry(&lines, n, "3", "messages you have not read in that room",
	    width);
	help_entry(&lines, n, "@3", "someone mentioned you there", width);
	help_entry(&lines, n, "-- new messages --", "where you stopped "
	    "reading last time", width);
	help_people(&lines, n, width);
	return (lines);
}

static void
help_draw(struct client *c)
{
	char	**lines;
	size_t	  n, i;
	int	  h = LINES - 3, y;

	lines = help_lines(&n, COLS);
	if (ui.help_top > (int)n - h)
		ui.help_top = (int)n - h;
	if (ui.help_top < 0)
		ui.help_top = 0;
	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	attroff(A_REVERSE);
	ui_put(0, 1, "staffroom help: Up/Down/PgUp/PgDn scroll, Esc closes",
	    COLS - 1, A_REVERSE | A_BOLD);
	for (y = 0; y < h && ui.help_top + y < (int)n; y++) {
		ui_put(1 + y, 0, lines[ui.help_top + y], COLS,
		    lines[ui.help_top + y][0] != ' ' ? A_BOLD : 0);
	}
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	ui_draw_status(c, LINES - 2);
	ui.cursor_y = LINES - 1;
	ui.cursor_x = 0;
}

void
help_key(struct client *c, int key)
{
	int	page = LINES - 4 > 1 ? LINES - 4 : 1;

	switch (key) {
	case KEYC_UP:
		ui.help_top--;
		break;
	case KEYC_DOWN:
		ui.help_top++;
		break;
	case KEYC_PGUP:
		ui.help_top -= page;
		break;
	case KEYC_PGDN:
	case ' ':
		ui.help_top += page;
		break;
	case KEYC_ESC:
	case KEYC_F1:
	case 'q':
	case '\r':
	case '\n':
		ui.mode = &rooms_mode;
		break;
	}
}

const struct ui_mode help_mode = {
	.name = "help",
	.draw = help_draw,
	.key = help_key,
};
