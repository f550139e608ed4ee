/*
 * compose.c: writing a post. A screen with, for a new thread, a title
 * line and a tag picker, then the text, which may run to many lines:
 *
 *	Enter			a new line (Alt-Enter too)
 *	Ctrl-D or Ctrl-X	send
 *	Ctrl-O			write it in $VISUAL / $EDITOR instead
 *	Tab, Shift-Tab		title, tags, text
 *	Esc			cancel (asks first when something is written)
 *
 * The keys are on the screen. $VISUAL/$EDITOR gets a 0600 temporary file,
 * run with fork and exec (never system()), the screen put away while it
 * runs. A client spawned by the daemon for a plain ssh user runs on the
 * server, where starting programs is not allowed: there Ctrl-O only says
 * so, and the composer is the way to write.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "staffroom.h"

#define COMPOSE_FILE_MAX	(256 * 1024)
#define COMPOSE_QUOTE_LINES	4

enum compose_field {
	CF_TITLE,
	CF_TAGS,
	CF_BODY,
};

static struct {
	bool			 open;
	enum compose_kind	 kind;
	const struct ui_mode	*back;
	char			*board;
	int64_t			 target;	/* thread (reply) or post (edit) */
	int64_t			 quote_post;
	char			*quote_author;
	char			*quote_text;
	wchar_t			*quote_w;
	size_t			 quote_wlen;
	struct input		 title;
	struct input		 body;
	bool			 tagsel[PROTO_TAG_COUNT];
	size_t			 tagcur;
	enum compose_field	 field;
	bool			 sending;
	bool			 confirm_pd;	/* send again with the confirmation */
	bool			 discard;	/* asking whether to throw it away */
	int			 top;		/* first text line shown */
} cp;

void
compose_free(void)
{
	free(cp.board);
	free(cp.quote_author);
	free(cp.quote_text);
	free(cp.quote_w);
	input_free(&cp.title);
	input_free(&cp.body);
	memset(&cp, 0, sizeof cp);
}

/*
 * Opens the composer: kind, the board (new thread), target (the thread
 * replied to, or the post edited), the post quoted (or NULL) and the text
 * to start from (or NULL).
 */
void
compose_open(struct client *c, enum compose_kind kind, const char *board,
    int64_t target, const struct post *quote, const char *text)
{
	const struct ui_mode	*back = ui.mode == &compose_mode ? cp.back : ui.mode;

	if (kind == COMPOSE_THREAD && board == NULL) {
		c->fe->error(c, "no_board", "open a board first (F3), or "
		    "/new BOARD [#tag ...] TITLE");
		return;
	}
	compose_free();
	cp.open = 1;
	cp.kind = kind;
	cp.back = back == &compose_mode ? boards_view() : back;
	cp.board = board != NULL ? xstrdup(board) : NULL;
	cp.target = target;
	input_init(&cp.title, 0);
	input_init(&cp.body, 0);
	if (text != NULL)
		input_set(&cp.body, text);
	if (quote != NULL) {
		cp.quote_post = quote->id;
		cp.quote_author = xstrdup(quote->author);
		cp.quote_text = board_quote_excerpt(quote->body,
		    BOARDS_QUOTE_CHARS);
		cp.quote_w = text_neutralise(cp.quote_text,
		    strlen(cp.quote_text), TEXT_BODY, &cp.quote_wlen);
	}
	cp.field = kind == COMPOSE_THREAD ? CF_TITLE : CF_BODY;
	ui.mode = &compose_mode;
	ui.dirty = 1;
}

static void
compose_close(void)
{
	ui.mode = cp.back;
	compose_free();
	ui.dirty = 1;
}

/* --- the text area: where the cursor is among wrapped lines ----------------- */

static size_t
compose_lines(const wchar_t *s, size_t len, int width, struct wrap_line **wl)
{
	size_t	n;

	n = wrap_text(s, len, width, NULL, 0);
	*wl = xreallocarray(NULL, n, sizeof **wl);
	wrap_text(s, len, width, *wl, n);
	return (n);
}

/* The wrapped line holding position cur. */
static size_t
compose_line_of(const struct wrap_line *wl, size_t n, size_t cur)
{
	size_t	i;

	for (i = 0; i + 1 < n && wl[i + 1].off <= cur; i++)
		;
	return (i);
}

/*
 * The position one wrapped line up (dir -1) or down (1) from cur in s,
 * wrapped to width, keeping the column where it can. Pure, for the tests.
 */
int
compose_cursor_move(const wchar_t *s, size_t len, size_t cur, int width,
    int dir)
{
	struct wrap_line	*wl;
	size_t			 n, i, j, end, k;
	int			 x;

	n = compose_lines(s, len, width, &wl);
	i = compose_line_of(wl, n, cur);
	if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= n)) {
		free(wl);
		return (dir < 0 ? 0 : (int)len);
	}
	end = wl[i].off + wl[i].len;
	x = text_width(s + wl[i].off, (cur < end ? cur : end) - wl[i].off);
	j = dir < 0 ? i - 1 : i + 1;
	k = wl[j].off + text_fit(s + wl[j].off, wl[j].len, x, NULL);
	free(wl);
	return ((int)k);
}

/* --- sending ---------------------------------------------------------------- */

static bool
compose_has_text(void)
{
	size_t	i;

	for (i = 0; i < cp.body.len; i++) {
		if (cp.body.buf[i] != L' ' && cp.body.buf[i] != L'\n' &&
		    cp.body.buf[i] != L'\t')
			return (true);
	}
	return (false);
}

static void
compose_sent_cb(struct client *c, json_t *reply, void *arg)
{
	const char		*code, *message;
	enum proto_error	 err;
	int			 kind = (int)(intptr_t)arg;
	char			*s, *why;
	bool			 confirmable;

	cp.sending = 0;
	if ((err = rpc_error(reply, &code, &message)) != PROTO_OK) {
		if (!cp.open)
			return;
		if (reply == NULL)
			ui_notice_set("not sent: the connection was lost; "
			    "Ctrl-D sends it again", 1);
		else if (err == PROTO_ERR_PERSONAL_DATA_SUSPECTED) {
			/* The text stays here; "send anyway" only where allowed. */
			why = rpc_guard_text(reply, &confirmable);
			xasprintf(&s, "%s%s", why, confirmable ?
			    "; Ctrl-D again sends it anyway" : "");
			ui_notice_set(s, 1);
			free(s);
			free(why);
			cp.confirm_pd = confirmable;
		} else if (err == PROTO_ERR_UNKNOWN_OP)
			c->fe->error(c, code, "boards are not available on "
			    "this server");
		else
			c->fe->error(c, code, message);
		ui.dirty = 1;
		return;
	}
	if (cp.open && ui.mode == &compose_mode)
		compose_close();
	boards_posted(c, reply, kind);
}

static void
compose_send(struct client *c)
{
	json_t	*req, *tags, *bv;
	char	*body, *title;
	size_t	 i;

	if (cp.sending)
		return;
	if (c->net.state != NET_READY) {
		ui_notice_set("not connected: your text is kept here; send it "
		    "when back online", 1);
		return;
	}
	if (cp.kind == COMPOSE_THREAD && cp.title.len == 0) {
		ui_notice_set("the thread needs a title", 1);
		cp.field = CF_TITLE;
		return;
	}
	if (!compose_has_text()) {
		ui_notice_set("nothing to send yet", 1);
		cp.field = CF_BODY;
		return;
	}
	body = text_to_utf8(cp.body.buf, cp.body.len);
	switch (cp.kind) {
	case COMPOSE_THREAD:
		title = text_to_utf8(cp.title.buf, cp.title.len);
		tags = json_array();
		for (i = 0; i < PROTO_TAG_COUNT; i++) {
			if (cp.tagsel[i])
				json_array_append_new(tags,
				    json_string(proto_tag_name(i)));
		}
		bv = boards_board_idv(cp.board);
		req = json_pack("{s:s, s:O, s:s, s:s, s:o}", "op",
		    "thread.create", "board", bv, "title", title, "body", body,
		    "tags", tags);
		json_decref(bv);
		free(title);
		break;
	case COMPOSE_REPLY:
		req = json_pack("{s:s, s:I, s:s}", "op", "post.reply", "thread",
		    (json_int_t)cp.target, "body", body);
		if (cp.quote_text != NULL && *cp.quote_text != '\0')
			json_object_set_new(req, "quote", json_pack("{s:I, s:s}",
			    "post", (json_int_t)cp.quote_post, "text",
			    cp.quote_text));
		break;
	case COMPOSE_EDIT:
	default:
		req = json_pack("{s:s, s:I, s:s}", "op", "post.edit", "post",
		    (json_int_t)cp.target, "body", body);
		break;
	}
	free(body);
	if (req == NULL)
		return;
	if (cp.confirm_pd)
		json_object_set_new(req, "confirm_personal_data", json_true());
	if (rpc_send(c, req, compose_sent_cb, (void *)(intptr_t)cp.kind) != -1) {
		cp.sending = 1;
		ui_notice_set("sending...", 0);
	}
}

/* --- $VISUAL / $EDITOR -------------------------------------------------------- */

/* Reads at most COMPOSE_FILE_MAX bytes of path; NULL on failure. */
static char *
compose_read_file(const char *path)
{
	char	*buf;
	size_t	 len = 0;
	ssize_t	 n;
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (NULL);
	buf = xmalloc(COMPOSE_FILE_MAX + 1);
	while (len < COMPOSE_FILE_MAX &&
	    (n = read(fd, buf + len, COMPOSE_FILE_MAX - len)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			free(buf);
			close(fd);
			return (NULL);
		}
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	/* Editors end files with a newline; the post does not need it. */
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	return (buf);
}

static int
compose_write_all(int fd, const char *s, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		if ((n = write(fd, s, len)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		s += n;
		len -= (size_t)n;
	}
	return (0);
}

/*
 * Runs the editor on path and waits for it. The editor string may carry
 * arguments ("emacs -nw"), so it goes through sh -c the way git runs
 * editors, the file name passed as an argument, never pasted into the
 * command. Returns the editor's exit status, or -1.
 */
static int
compose_run_editor(const char *editor, const char *path)
{
	struct sigaction	sa, oint, oquit;
	char			*script;
	pid_t			 pid, w;
	int			 status, fd;
	long			 maxfd;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &oint);
	sigaction(SIGQUIT, &sa, &oquit);
	xasprintf(&script, "%s \"$@\"", editor);
	if ((pid = fork()) == -1) {
		free(script);
		sigaction(SIGINT, &oint, NULL);
		sigaction(SIGQUIT, &oquit, NULL);
		return (-1);
	}
	if (pid == 0) {
		sa.sa_handler = SIG_DFL;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGQUIT, &sa, NULL);
		sigaction(SIGPIPE, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
		sigaction(SIGWINCH, &sa, NULL);
		/* The connection and the loop's pipe are not the editor's. */
		maxfd = sysconf(_SC_OPEN_MAX);
		if (maxfd < 0 || maxfd > 65536)
			maxfd = 65536;
		for (fd = 3; fd < maxfd; fd++)
			close(fd);
		execl("/bin/sh", "sh", "-c", script, editor, path, (char *)NULL);
		_exit(127);
	}
	free(script);
	while ((w = waitpid(pid, &status, 0)) == -1 && errno == EINTR)
		;
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
	if (w == -1)
		return (-1);
	return (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static void
compose_editor(struct client *c)
{
	const char	*editor, *tmpdir;
	char		*path, *text, *body, *s;
	int		 fd, rc;
	mode_t		 old;

	if (c->spawned) {
		ui_notice_set("no external editor here: staffroom is running on "
		    "the server for plain ssh, where it may not start "
		    "programs; write in this screen (Enter: new line, "
		    "Ctrl-D: send)", 1);
		return;
	}
	if ((editor = getenv("VISUAL")) == NULL || *editor == '\0')
		editor = getenv("EDITOR");
	if (editor == NULL || *editor == '\0')
		editor = "vi";
	if ((tmpdir = getenv("TMPDIR")) == NULL || *tmpdir != '/')
		tmpdir = "/tmp";
	xasprintf(&path, "%s/staffroom-post-XXXXXX", tmpdir);
	old = umask(077);
	fd = mkstemp(path);
	umask(old);
	if (fd == -1) {
		ui_notice_set("cannot make a temporary file for the editor", 1);
		free(path);
		return;
	}
	fchmod(fd, 0600);
	body = text_to_utf8(cp.body.buf, cp.body.len);
	rc = compose_write_all(fd, body, strlen(body));
	if (rc == 0 && cp.body.len > 0)
		rc = compose_write_all(fd, "\n", 1);
	free(body);
	close(fd);
	if (rc == -1) {
		ui_notice_set("cannot write the temporary file", 1);
		unlink(path);
		free(path);
		return;
	}

	/* Put the screen away, run the editor, take the screen back. */
	fputs("\033[?2004l", stdout);
	fflush(stdout);
	def_prog_mode();
	endwin();
	rc = compose_run_editor(editor, path);
	reset_prog_mode();
	fputs("\033[?2004h", stdout);
	fflush(stdout);
	clearok(curscr, TRUE);
	ui.dirty = 1;

	text = compose_read_file(path);
	unlink(path);
	free(path);
	if (rc != 0 || text == NULL) {
		xasprintf(&s, "the editor (%s) failed; your text is as it was",
		    editor);
		ui_notice_set(s, 1);
		free(s);
		free(text);
		return;
	}
	/* Whatever the file holds is shown through the same filters. */
	s = text_safe_utf8(text, TEXT_BODY);
	input_set(&cp.body, s);
	free(s);
	free(text);
	cp.field = CF_BODY;
	ui_notice_set("text from the editor: Ctrl-D sends it", 0);
}

/* --- drawing ------------------------------------------------------------------ */

static int
compose_width(void)
{
	return (COLS - 2 > 10 ? COLS - 2 : 10);
}

/* The tag picker: "[x] semh  [ ] asd ..." wrapped; returns rows used. */
static int
compose_draw_tags(int y, int draw, int *cy, int *cx)
{
	size_t	i;
	int	x = 7, rows = 1, w;
	char	*s;
	attr_t	attr;

	if (draw)
		ui_put(y, 1, "Tags:", 6, cp.field == CF_TAGS ? A_BOLD : 0);

	for (i = 0; i < PROTO_TAG_COUNT; i++) {
		xasprintf(&s, "[%c] %s", cp.tagsel[i] ? 'x' : ' ',
		    proto_tag_name(i));
		w = (int)strlen(s);
		if (x + w >= COLS - 1) {
			x = 7;
			rows++;
		}
		attr = cp.tagsel[i] ? A_BOLD : 0;
		if (cp.field == CF_TAGS && i == cp.tagcur) {
			attr |= A_REVERSE;
			*cy = y + rows - 1;
			*cx = x + 1;
		}
		if (draw)
			ui_put(y + rows - 1, x, s, w, attr);
		x += w + 2;
		free(s);
	}
	return (rows);
}

static void
compose_draw_body(int top, int h)
{
	struct wrap_line	*wl;
	size_t			 n, i, cl;
	int			 w = compose_width(), y, x, end;

	n = compose_lines(cp.body.buf, cp.body.len, w, &wl);
	cl = compose_line_of(wl, n, cp.body.cur);
	if ((int)cl < cp.top)
		cp.top = (int)cl;
	if ((int)cl >= cp.top + h)
		cp.top = (int)cl - h + 1;
	if (cp.top < 0)
		cp.top = 0;
	for (y = 0, i = (size_t)cp.top; y < h && i < n; y++, i++)
		ui_put_w(top + y, 1, cp.body.buf + wl[i].off, wl[i].len, w, 0);
	if (cp.body.len == 0)
		ui_put(top, 1, "(write here)", w, A_DIM);
	if (cp.field == CF_BODY) {
		end = (int)(wl[cl].off + wl[cl].len);
		x = text_width(cp.body.buf + wl[cl].off,
		    ((int)cp.body.cur < end ? cp.body.cur : (size_t)end) -
		    wl[cl].off);
		ui.cursor_y = top + (int)cl - cp.top;
		ui.cursor_x = 1 + (x < w ? x : w - 1);
	}
	free(wl);
}

static void
compose_draw(struct client *c)
{
	struct wrap_line	*wl;
	size_t			 n, i;
	int			 y = 1, cy = 1, cx = 1, ty = 0, tx = 0, top;
	char			*s;

	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	attroff(A_REVERSE);
	switch (cp.kind) {
	case COMPOSE_THREAD:
		xasprintf(&s, "New thread in %s", boards_board_name(cp.board));
		break;
	case COMPOSE_REPLY:
		xasprintf(&s, "Reply to thread %lld", (long long)cp.target);
		break;
	default:
		xasprintf(&s, "Edit post #%lld", (long long)cp.target);
		break;
	}
	ui_put(0, 1, s, COLS - 1, A_REVERSE | A_BOLD);
	free(s);
	if (cp.kind == COMPOSE_THREAD) {
		ui_draw_input(y, 1, COLS - 1, "Title: ", &cp.title);
		ty = ui.cursor_y;
		tx = ui.cursor_x;
		y++;
		y += compose_draw_tags(y, 1, &cy, &cx);
		if (cp.field == CF_TAGS)
			ui_put(y, 7, "Left/Right: choose  Space: tick or untick "
			    "(at most 8)", COLS - 8, A_DIM);
		y++;
	}
	if (cp.quote_w != NULL) {
		xasprintf(&s, "%s wrote:", cp.quote_author);
		mvaddch(y, 1, ACS_VLINE | A_DIM);
		ui_put(y++, 3, s, COLS - 4, A_DIM);
		free(s);
		n = compose_lines(cp.quote_w, cp.quote_wlen, COLS - 5, &wl);
		for (i = 0; i < n && i < COMPOSE_QUOTE_LINES; i++) {
			mvaddch(y, 1, ACS_VLINE | A_DIM);
			ui_put_w(y++, 3, cp.quote_w + wl[i].off, wl[i].len,
			    COLS - 5, A_DIM);
		}
		if (n > COMPOSE_QUOTE_LINES) {
			mvaddch(y, 1, ACS_VLINE | A_DIM);
			ui_put(y++, 3, "...", 3, A_DIM);
		}
		free(wl);
	}
	ui_put(y++, 1, cp.kind == COMPOSE_EDIT ? "New text:" : "Text:",
	    COLS - 1, cp.field == CF_BODY ? A_BOLD : 0);
	top = y;
	if (LINES - 3 - top > 0)
		compose_draw_body(top, LINES - 3 - top);
	if (cp.discard)
		ui_put(LINES - 3, 0, "Throw this away? (y/n)", COLS, A_BOLD);
	else {
		/* Spawned for a plain ssh user, no editor may be started. */
		xasprintf(&s, "Ctrl-D/Ctrl-X: send  Enter: new line  %s%s"
		    "Esc: cancel", c->spawned ? "" : "Ctrl-O: $EDITOR  ",
		    cp.kind == COMPOSE_THREAD ? "Tab: field  " : "");
		ui_put(LINES - 3, 0, s, COLS, A_DIM);
		free(s);
	}
	ui_draw_status(c, LINES - 2);
	if (cp.field == CF_TITLE) {
		ui.cursor_y = ty;
		ui.cursor_x = tx;
	} else if (cp.field == CF_TAGS) {
		ui.cursor_y = cy;
		ui.cursor_x = cx;
	}
}

/* --- keys ---------------------------------------------------------------------- */

static bool
compose_dirty(void)
{
	return (cp.body.len > 0 || cp.title.len > 0);
}

static size_t
compose_ntags(void)
{
	size_t	i, n = 0;

	for (i = 0; i < PROTO_TAG_COUNT; i++)
		n += cp.tagsel[i] != 0;
	return (n);
}

static void
compose_key_tags(int key)
{
	size_t	 n = PROTO_TAG_COUNT;
	char	*s;

	switch (key) {
	case KEYC_LEFT:
		if (cp.tagcur > 0)
			cp.tagcur--;
		break;
	case KEYC_RIGHT:
		if (cp.tagcur + 1 < n)
			cp.tagcur++;
		break;
	case KEYC_HOME:
		cp.tagcur = 0;
		break;
	case KEYC_END:
		cp.tagcur = n - 1;
		break;
	case ' ':
	case 'x':
		if (!cp.tagsel[cp.tagcur] && compose_ntags() >= PROTO_MAX_TAGS) {
			xasprintf(&s, "at most %d tags on a thread",
			    PROTO_MAX_TAGS);
			ui_notice_set(s, 1);
			free(s);
			break;
		}
		cp.tagsel[cp.tagcur] = !cp.tagsel[cp.tagcur];
		break;
	case '\r':
	case '\n':
	case KEYC_DOWN:
		cp.field = CF_BODY;
		break;
	case KEYC_UP:
		cp.field = CF_TITLE;
		break;
	}
}

static void
compose_key(struct client *c, int key)
{
	enum input_key	action;
	struct input	*in;
	int		 pos;

	if (cp.discard) {
		cp.discard = 0;
		if (key == 'y' || key == 'Y')
			compose_close();
		return;
	}
	switch (key) {
	case 'D' - 64:
	case 'X' - 64:
		compose_send(c);
		return;
	case 'O' - 64:
		compose_editor(c);
		return;
	case KEYC_ESC:
		if (compose_dirty())
			cp.discard = 1;
		else
			compose_close();
		return;
	case KEYC_F1:
		/* Help would lose the draft's screen: say the keys instead. */
		ui_notice_set(c->spawned ? "Enter: new line, Ctrl-D: send, "
		    "Esc: cancel" : "Enter: new line, Ctrl-D: send, Ctrl-O: "
		    "editor, Esc: cancel", 0);
		return;
	case '\t':
		if (cp.kind == COMPOSE_THREAD)
			cp.field = (cp.field + 1) % 3;
		return;
	case KEYC_BTAB:
		if (cp.kind == COMPOSE_THREAD)
			cp.field = (cp.field + 2) % 3;
		return;
	}
	if (cp.field == CF_TAGS) {
		compose_key_tags(key);
		return;
	}
	if (cp.field == CF_TITLE) {
		if (key == '\r' || key == '\n' || key == KEYC_DOWN)
			cp.field = CF_TAGS;
		else if (keys_edit(key, &action) == 0 &&
		    action != INPUT_NEWLINE && action != INPUT_HISTORY_UP &&
		    action != INPUT_HISTORY_DOWN)
			input_key(&cp.title, action);
		else if (key != '\r' && key != '\n')
			ui_key_insert(&cp.title, key);
		return;
	}
	in = &cp.body;
	if (key == '\r' || key == '\n' || key == (KEYC_ALT | '\r') ||
	    key == (KEYC_ALT | '\n')) {
		input_insert(in, L'\n');
		return;
	}
	if (key == KEYC_UP || key == KEYC_DOWN) {
		if (key == KEYC_UP && cp.kind == COMPOSE_THREAD &&
		    compose_cursor_move(in->buf, in->len, in->cur,
		    compose_width(), -1) == 0 && in->cur == 0) {
			cp.field = CF_TAGS;
			return;
		}
		pos = compose_cursor_move(in->buf, in->len, in->cur,
		    compose_width(), key == KEYC_UP ? -1 : 1);
		in->cur = (size_t)pos;
		return;
	}
	if (keys_edit(key, &action) == 0)
		input_key(in, action);
	else
		ui_key_insert(in, key);
}

const struct ui_mode compose_mode = {
	.name = "compose",
	.draw = compose_draw,
	.key = compose_key,
};
