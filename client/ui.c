/*
 * ui.c: the full-screen frontend and its main screen.
 *
 *	+-- title: room name [id] ----------------------- handle --+
 *	| sidebar  | day line, "new messages" line, messages ...   |
 *	| (rooms   |                                               |
 *	|  by kind)|                                               |
 *	+-- status: where, connection state, unsent, notice -------+
 *	> input line
 *
 * Below UI_SIDEBAR_MIN_COLS columns the sidebar goes and the title says
 * which room of how many this is. Every string from the network is
 * neutralised (text.c) before it is drawn. Drawing happens once per loop
 * turn, when something marked the screen dirty; hooks only mark it. The
 * status and input rows every screen shares are drawn by ui_status.c, the
 * messages by ui_messages.c.
 */
#include <sys/ioctl.h>

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wctype.h>

#include "staffroom.h"

#define UI_SIDEBAR_MIN_COLS	60
#define UI_MIN_COLS		20
#define UI_MIN_ROWS		6

struct ui ui;

/* --- drawing helpers ------------------------------------------------------ */

/* Draws at most cols columns of s; returns the columns used. */
int
ui_put_w(int y, int x, const wchar_t *s, size_t len, int cols, attr_t attr)
{
	size_t	n;
	int	used;

	if (cols <= 0)
		return (0);
	n = text_fit(s, len, cols, &used);
	attron(attr);
	mvaddnwstr(y, x, s, (int)n);
	attroff(attr);
	return (used);
}

/* The same for UTF-8 from anywhere (the network included). */
int
ui_put(int y, int x, const char *s, int cols, attr_t attr)
{
	wchar_t	*w;
	size_t	 n;
	int	 used;

	w = text_neutralise(s, strlen(s), 0, &n);
	used = ui_put_w(y, x, w, n, cols, attr);
	free(w);
	return (used);
}

/* The columns s takes on the screen. */
int
ui_cols(const char *s)
{
	wchar_t	*w;
	size_t	 n;
	int	 cols;

	w = text_neutralise(s, strlen(s), 0, &n);
	cols = text_width(w, n);
	free(w);
	return (cols);
}

/* A whole row in one attribute (the title and status bars). */
void
ui_fill(int y, attr_t attr)
{
	attron(attr);
	mvhline(y, 0, ' ', COLS);
	attroff(attr);
}

/* --- the sidebar and the title ------------------------------------------- */

static int
ui_sidebar_width(int cols)
{
	return (cols >= 100 ? 26 : 20);
}

static void
ui_draw_room_entry(struct client *c, size_t i, int y, int w)
{
	struct room	*r = c->rooms[i];
	char		 num[4], count[16];
	attr_t		 attr = 0;
	int		 cw;
	enum presence_state st;

	if (r->unread > 0 || r->mentions > 0)
		attr |= A_BOLD;
	if (i == c->current)
		attr |= A_REVERSE;
	if (attr & A_REVERSE) {
		attron(A_REVERSE);
		mvhline(y, 0, ' ', w);
		attroff(A_REVERSE);
	}
	snprintf(num, sizeof num, i < 9 ? "%zu " : "  ", i + 1);
	count[0] = '\0';
	if (r->unread > 0 || r->mentions > 0)
		snprintf(count, sizeof count, "%s%d", r->mentions > 0 ? "@" : "",
		    r->unread);
	cw = (int)strlen(count);
	ui_put(y, 0, num, w, attr);
	/* DM partners and buddies: online, away or offline (people.c). */
	if ((st = people_room_presence(c, r)) != PRESENCE_UNKNOWN) {
		ui_put(y, 2, presence_mark(st), 2, attr);
		ui_put(y, 4, r->name, w - 4 - cw - 1, attr);
	} else
		ui_put(y, 2, r->name, w - 2 - cw - 1, attr);
	if (cw > 0)
		ui_put(y, w - cw, count, cw, attr);
}

static void
ui_draw_sidebar(struct client *c, int top, int h, int w)
{
	int	rows[64 * 2], nrows = 0, pos = 0, off = 0, kind = -1, y;
	size_t	i;

	/* Rows are group titles (-1 - kind) and rooms (index). */
	for (i = 0; i < c->nrooms && nrows + 2 <= (int)(sizeof rows /
	    sizeof rows[0]); i++) {
		if ((int)c->rooms[i]->kind != kind) {
			kind = (int)c->rooms[i]->kind;
			rows[nrows++] = -1 - kind;
		}
		if (i == c->current)
			pos = nrows;
		rows[nrows++] = (int)i;
	}
	if (pos >= h)
		off = pos - h + 1;
	for (y = 0; y < h && off + y < nrows; y++) {
		if (rows[off + y] < 0)
			ui_put(top + y, 0, room_kind_title(-1 - rows[off + y]),
			    w, A_DIM | A_UNDERLINE);
		else
			ui_draw_room_entry(c, (size_t)rows[off + y], top + y, w);
	}
	meeting_sidebar(top + y, h - y, w);
}

/* " | pinned: FIRST LINE", or NULL. */
static char *
ui_title_pin(const struct room *r)
{
	char	*s;

	if (r->pinned == NULL)
		return (NULL);
	xasprintf(&s, " | pinned: %.*s", (int)strcspn(r->pinned, "\n"),
	    r->pinned);
	return (s);
}

static void
ui_draw_title(struct client *c, struct room *r, int single)
{
	char	*s, *who, *pin;
	int	 x, others = 0;
	size_t	 i;

	ui_fill(0, A_REVERSE);
	if (r == NULL) {
		ui_put(0, 1, "staffroom", COLS - 1, A_REVERSE | A_BOLD);
		return;
	}
	x = 1 + ui_put(0, 1, r->name, COLS - 1, A_REVERSE | A_BOLD);
	xasprintf(&s, " [%s]", r->id);
	x += ui_put(0, x, s, COLS - x, A_REVERSE);
	free(s);
	/* A meeting room: where the meeting is, for everyone in it. */
	if ((s = meeting_header(r->id)) != NULL) {
		char	*t;

		xasprintf(&t, " | %s", s);
		x += ui_put(0, x, t, COLS - x, A_REVERSE | A_BOLD);
		free(t);
		free(s);
	}
	pin = ui_title_pin(r);
	if (single) {
		for (i = 0; i < c->nrooms; i++) {
			if (i != c->current)
				others += c->rooms[i]->unread;
		}
		if (others > 0)
			xasprintf(&s, " %zu/%zu, %d unread elsewhere",
			    c->current + 1, c->nrooms, others);
		else
			xasprintf(&s, " %zu/%zu", c->current + 1, c->nrooms);
		x += ui_put(0, x, s, COLS - x, A_REVERSE);
		free(s);
	}
	xasprintf(&who, "%s ", c->handle != NULL ? c->handle : "");
	/* The pinned announcement takes what the rest leaves. */
	if (pin != NULL)
		x += ui_put(0, x, pin, COLS - x - (int)strlen(who), A_REVERSE |
		    A_BOLD);
	free(pin);
	if (x + (int)strlen(who) < COLS)
		ui_put(0, COLS - (int)strlen(who), who, (int)strlen(who),
		    A_REVERSE);
	free(who);
}

/* Where the messages go: after the sidebar, before the members panel. */
void
ui_messages_box(int *side, int *x0, int *w)
{
	int	panel;

	*side = COLS >= UI_SIDEBAR_MIN_COLS ? ui_sidebar_width(COLS) : 0;
	*x0 = *side > 0 ? *side + 1 : 0;
	panel = names_panel_width(COLS - *x0);
	*w = COLS - *x0 - (panel > 0 ? panel + 1 : 0);
}

static void
ui_draw_main(struct client *c)
{
	struct room	*r = session_current(c);
	int		 side, x0, w, h = LINES - 3;

	ui_messages_box(&side, &x0, &w);
	ui_draw_title(c, r, side == 0);
	if (side > 0) {
		/* The last row of the sidebar is the way to the boards. */
		ui_draw_sidebar(c, 1, h - 1, side);
		boards_sidebar(c, h, side);
		mvvline(1, side, ACS_VLINE, h);
	}
	/* A long notice wraps over the last rows: the newest stay above it. */
	ui_draw_messages(c, r, 1, x0, h - ui_notice_rows(c), w);
	if (x0 + w < COLS) {
		mvvline(1, x0 + w, ACS_VLINE, h);
		names_panel_draw(1, h, x0 + w + 1, COLS - x0 - w - 1);
	}
	ui_draw_status(c, LINES - 2);
	ui_draw_input(LINES - 1, 0, COLS, msgedit_line_active() ? "edit> " :
	    "> ", &ui.input);

	/* Looking at the newest messages of a room is reading it. */
	if (r != NULL && r->scroll == 0 && r->loaded)
		session_mark_read(c, r);
}

static void
ui_draw(struct client *c)
{
	ui.dirty = 0;
	erase();
	if (COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS) {
		ui_put(0, 0, "staffroom: the terminal is too small", COLS, 0);
		refresh();
		return;
	}
	ui.mode->draw(c);
	move(ui.cursor_y, ui.cursor_x);
	refresh();
}

/* --- keys on the main screen --------------------------------------------- */

static void
ui_submit(struct client *c)
{
	struct room	*r = session_current(c);
	char		*line;

	if (ui.input.len == 0 && !msgedit_line_active())
		return;
	free(ui.notice);
	ui.notice = NULL;
	if (msgedit_line_active()) {
		msgedit_line_submit(c, &ui.input);
		return;
	}
	line = input_take(&ui.input);
	if (line[0] == '/' && line[1] != '/')
		cmd_run(c, line);
	else if (line[strspn(line, " \t\n")] != '\0') {
		session_send(c, line[0] == '/' ? line + 1 : line);
		if (r != NULL)
			r->scroll = 0;
	}
	free(line);
}

/*
 * Ctrl-X: "send anyway" after a confirmable pupil-data refusal, for the
 * text in the line (put back there by ui_rejected, perhaps edited since).
 */
static void
ui_confirm(struct client *c)
{
	char	*line = ui.input.len > 0 ? input_take(&ui.input) : NULL;

	if (!session_confirm(c, line) && line != NULL)
		input_set(&ui.input, line);
	free(line);
}

static void
ui_scroll(struct client *c, int pages)
{
	struct room	*r = session_current(c);
	int		 step = LINES - 4 > 1 ? LINES - 4 : 1;

	if (r == NULL)
		return;
	r->scroll += pages * step;
	if (r->scroll < 0)
		r->scroll = 0;
}

/* A character typed or pasted into an input line. */
int
ui_key_insert(struct input *in, int key)
{
	if (key < 0 || key >= 0x110000)
		return (-1);
	if (key == '\t' || iswprint((wint_t)key) ||
	    (key >= 0x20 && text_cwidth((wchar_t)key) == 0)) {
		input_insert(in, (wchar_t)key);
		return (0);
	}
	return (-1);
}

/* Where the current match of /find is, in words, on the status line. */
static void
ui_find_say(struct client *c, struct msg *m, size_t pos, size_t count)
{
	char	hm[16];

	clock_hm(m->ts, hm, sizeof hm);
	fe_notice(c, "\"%s\": %zu of %zu, %s %s (Ctrl-R older, Ctrl-S newer, "
	    "Esc ends)", find_text(), pos, count, hm, m->from);
}

/* The view on message m of the room on screen. */
static void
ui_find_show(struct client *c, struct room *r, struct msg *m)
{
	size_t	i;

	for (i = 0; i < r->nmsgs && r->msgs[i] != m; i++)
		;
	if (i < r->nmsgs)
		ui_show_msg(c, r, i, (LINES - 3) / 3);
	ui.dirty = 1;
}

/*
 * Ctrl-R (dir -1) and Ctrl-S (+1): the next match older or newer. With no
 * search on, Ctrl-R starts one: "/find " in the line.
 */
static void
ui_find_step(struct client *c, int dir)
{
	struct room	*r = session_current(c);
	struct msg	*m;
	size_t		 pos, count;

	if (!find_active(r)) {
		if (dir < 0 && ui.input.len == 0)
			input_set(&ui.input, "/find ");
		return;
	}
	if ((m = find_step(r, dir, &pos, &count)) == NULL) {
		fe_notice(c, "\"%s\": no %s match (%zu in all)", find_text(),
		    dir < 0 ? "older" : "newer", count);
		return;
	}
	ui_find_show(c, r, m);
	ui_find_say(c, m, pos, count);
}

static void
ui_key_main(struct client *c, int key)
{
	enum input_key	action;

	/* Newlines inside a paste stay in the message. */
	if (ui.paste && (key == '\r' || key == '\n')) {
		input_insert(&ui.input, L'\n');
		return;
	}
	if (key == '\t' && !ui.paste) {
		complete_tab(c, &ui.input);
		return;
	}
	complete_done();
	switch (key) {
	case '\r':
	case '\n':
		ui_submit(c);
		return;
	case KEYC_F1:
		ui.mode = &help_mode;
		ui.help_top = 0;
		return;
	case KEYC_F4:
		if (c->net.state == NET_READY && !c->join_session)
			directory_open(c, NULL);
		return;
	case KEYC_F3:
		boards_open(c);
		return;
	case KEYC_F5:
		if (c->net.state == NET_READY && !c->join_session)
			console_command(c, "");
		return;
	case KEYC_PGUP:
		ui_scroll(c, 1);
		return;
	case KEYC_PGDN:
		ui_scroll(c, -1);
		return;
	case 'N' - 64:
		cmd_run(c, "/next");
		return;
	case 'P' - 64:
		cmd_run(c, "/prev");
		return;
	case 'C' - 64:
		msgedit_line_cancel(&ui.input);
		return;
	case KEYC_ALT | 'e':
		msgedit_line_begin(c, &ui.input);
		return;
	case KEYC_ALT | 'u':
		if (c->net.state == NET_READY)
			unread_command(c, "");
		return;
	case 'R' - 64:
		ui_find_step(c, -1);
		return;
	case 'S' - 64:
		ui_find_step(c, 1);
		return;
	case 'X' - 64:
		ui_confirm(c);
		return;
	case 'D' - 64:
		if (ui.input.len == 0) {
			c->quit = 1;
			return;
		}
		break;
	case KEYC_ESC:
		free(ui.notice);
		ui.notice = NULL;
		find_end();
		if (msgedit_line_active()) {
			msgedit_line_cancel(&ui.input);
			fe_notice(c, "not edited: the message is as it was");
		}
		return;
	}
	if (key >= (KEYC_ALT | '1') && key <= (KEYC_ALT | '9')) {
		if ((size_t)(key - (KEYC_ALT | '1')) < c->nrooms)
			session_switch(c, (size_t)(key - (KEYC_ALT | '1')));
		return;
	}
	if (keys_edit(key, &action) == 0)
		input_key(&ui.input, action);
	else
		ui_key_insert(&ui.input, key);
}

const struct ui_mode rooms_mode = {
	.name = "rooms",
	.draw = ui_draw_main,
	.key = ui_key_main,
};

/* Keys common to every screen, then the screen's own. */
static void
ui_key(struct client *c, int key)
{
	if (key == KEYC_PASTE_START || key == KEYC_PASTE_END) {
		ui.paste = key == KEYC_PASTE_START;
		return;
	}
	if (key == 'L' - 64) {
		clearok(curscr, TRUE);
		return;
	}
	if (ui.shut_out) {
		c->quit = 1;
		return;
	}
	ui.mode->key(c, key);
}

/* --- the frontend hooks ----------------------------------------------------- */

static int
ui_init(struct client *c)
{
	const char	*nc = getenv("NO_COLOR");
	int		 i;
	static const short colours[UI_HANDLE_COLOURS] = {
		COLOR_CYAN, COLOR_GREEN, COLOR_MAGENTA, COLOR_YELLOW,
		COLOR_BLUE, COLOR_RED
	};

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("staffroom: not a terminal; use --plain for lines\n",
		    stderr);
		return (-1);
	}
	if (newterm(NULL, stdout, stdin) == NULL) {
		fputs("staffroom: cannot use this terminal; try --plain\n",
		    stderr);
		return (-1);
	}
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	keys_init();
	/* https://no-color.org: present and not empty means no colour. */
	if (has_colors() && (nc == NULL || *nc == '\0')) {
		start_color();
		use_default_colors();
		for (i = 0; i < UI_HANDLE_COLOURS; i++)
			init_pair(1 + i, colours[i], -1);
		init_pair(UI_PAIR_MARKER, COLOR_RED, -1);
		ui.colour = 1;
	}
	input_init(&ui.input, 0);
	ui.mode = &rooms_mode;
	ui.dirty = 1;
	refresh();
	/* Ask for pastes to be bracketed, so their newlines are not Enter. */
	fputs("\033[?2004h", stdout);
	fflush(stdout);
	c->input_on = 1;
	return (0);
}

static void
ui_done(struct client *c)
{
	fputs("\033[?2004l", stdout);
	fflush(stdout);
	endwin();
	msgedit_line_cancel(NULL);
	input_free(&ui.input);
	complete_done();
	account_screen_free();
	join_form_free();
	directory_free();
	boards_free();
	compose_free();
	search_free();
	meeting_screen_free();
	console_screen_free();
	console_free();
	free(ui.notice);
	ui.notice = NULL;
	if (c->net.fatal && c->net.error != NULL)
		fprintf(stderr, "staffroom: %s\n", c->net.error);
}

static void
ui_dirty(struct client *c)
{
	ui.dirty = 1;
}

static void
ui_ready(struct client *c)
{
	if (ui.mode->ready != NULL)
		ui.mode->ready(c);
	ui.dirty = 1;
}

static void
ui_message(struct client *c, struct room *r, struct msg *m,
    enum msg_origin origin)
{
	int		side, x0, w;

	/* Scrolled back: keep the same messages in view as new ones come. */
	if (r == session_current(c) && r->scroll > 0 && r->nmsgs > 0 &&
	    r->msgs[r->nmsgs - 1] == m && origin != MSG_EDITED &&
	    origin != MSG_MENTION) {
		ui_messages_box(&side, &x0, &w);
		r->scroll += ui_msg_rows(r, r->nmsgs - 1, w);
	}
	ui.dirty = 1;
}

static void
ui_history(struct client *c, struct room *r, struct msg **added, size_t n)
{
	ui.dirty = 1;
}

static void
ui_notice(struct client *c, const char *text)
{
	ui_notice_set(text, 0);
}

static void
ui_error(struct client *c, const char *code, const char *message)
{
	char	*s;

	if (ui.mode->error != NULL &&
	    ui.mode->error(c, proto_error_from_code(code), message))
		return;
	xasprintf(&s, "%s (%s)", message, code);
	ui_notice_set(s, 1);
	free(s);
}

/* A message the server refused: say why and give it back for editing. */
static void
ui_rejected(struct client *c, const char *room, const char *body,
    const char *code, const char *message)
{
	ui_error(c, code, message);
	if (ui.input.len == 0)
		input_set(&ui.input, body);
}

static void
ui_join_form(struct client *c)
{
	join_form_open(c);
	ui.mode = &join_mode;
	ui.dirty = 1;
}

static void
ui_help(struct client *c)
{
	ui.mode = &help_mode;
	ui.help_top = 0;
	ui.dirty = 1;
}

static void
ui_account(struct client *c)
{
	account_screen_open(c, 0);
	ui.dirty = 1;
}

static void
ui_passwd(struct client *c)
{
	account_screen_open(c, 1);
	ui.dirty = 1;
}

static void
ui_input(struct client *c)
{
	int	key;

	while (!c->quit && (key = keys_read()) != -1)
		ui_key(c, key);
	ui.dirty = 1;
}

/* The terminal changed size: ask it how big it is now and redraw all. */
static void
ui_resize(struct client *c)
{
	struct winsize	ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
	ui.dirty = 1;
}

/* The words stay up until a key: the client ending would take them away. */
static void
ui_shut_out(struct client *c, const char *code, const char *words)
{
	char	*shown;

	xasprintf(&shown, "%s (press a key to close)", words);
	ui_error(c, code, shown);
	free(shown);
	ui.shut_out = 1;
	ui.dirty = 1;
}

static void
ui_tick(struct client *c)
{
	/* The terminal is gone: nobody is left to read the screen. */
	if (c->stdin_eof)
		c->quit = 1;
	if (ui_retry_secs(c) != ui.shown_secs)
		ui.dirty = 1;
	if (ui.dirty && !c->quit)
		ui_draw(c);
}

/* Rings unless r's messages are what the screen shows. */
static void
ui_switched(struct client *c)
{
	names_follow(c);
	ui.dirty = 1;
}

static void
ui_names(struct client *c, const struct names_list *list)
{
	ui.dirty = 1;
}

static void
ui_found(struct client *c, struct room *r, struct msg **found, size_t n)
{
	if (r != session_current(c))
		return;
	if (n == 0) {
		fe_notice(c, "nothing in the last %zu messages of %s says \"%s\"",
		    r->nmsgs, r->name, find_text());
		find_end();
		return;
	}
	ui_find_show(c, r, found[n - 1]);
	ui_find_say(c, found[n - 1], n, n);
}

/* Alt-u, /unread: the "new messages" line at the top of the view. */
static void
ui_unread(struct client *c, struct room *r, size_t first)
{
	char	hm[16];

	if (first == r->nmsgs) {
		fe_notice(c, "nothing new in %s since you came", r->name);
		return;
	}
	ui_show_msg(c, r, first, 0);
	clock_hm(r->msgs[first]->ts, hm, sizeof hm);
	fe_notice(c, "the first new message in %s: %s %s (PgDn reads on)",
	    r->name, hm, r->msgs[first]->from);
	ui.dirty = 1;
}

static void
ui_bell(struct client *c, struct room *r)
{
	if (r != NULL && r == session_current(c) && ui.mode == &rooms_mode)
		return;
	beep();
}

const struct frontend ui_frontend = {
	.init = ui_init,
	.done = ui_done,
	.ready = ui_ready,
	.status = ui_dirty,
	.rooms = ui_dirty,
	.message = ui_message,
	.history = ui_history,
	.switched = ui_switched,
	.notice = ui_notice,
	.error = ui_error,
	.rejected = ui_rejected,
	.confirm_hint = "Ctrl-X sends the line anyway",
	.shut_out = ui_shut_out,
	.join_form = ui_join_form,
	.help = ui_help,
	.tags = tags_screen_open,
	.console = console_screen_open,
	.meeting = meeting_screen_open,
	.boards = &boards_screen_frontend,
	.people = &people_screen_frontend,
	.account = ui_account,
	.keys = ui_dirty,
	.passwd = ui_passwd,
	.input = ui_input,
	.resize = ui_resize,
	.tick = ui_tick,
	.names = ui_names,
	.names_panel = true,
	.found = ui_found,
	.unread = ui_unread,
	.bell = ui_bell,
};
