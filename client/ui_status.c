/*
 * ui_status.c: the full-screen frontend's two bottom rows, shared by every
 * screen: the status line (where, the connection's state, what is unsent,
 * and the notice, wrapped above it when it does not fit) and the input
 * line's drawing.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

#define UI_NOTICE_ROWS		3	/* a long notice wraps above the status */
#define UI_NEWLINE_GLYPH	0x21b5	/* U+21B5: a newline in the input */

void
ui_notice_set(const char *text, int error)
{
	free(ui.notice);
	ui.notice = xstrdup(text);
	ui.notice_error = error;
	ui.dirty = 1;
}

/* Seconds to the next reconnect; -1 when none is waited for. */
int
ui_retry_secs(struct client *c)
{
	uint64_t	now = mono_ms();

	if (c->net.state != NET_OFFLINE || c->retry_at == 0)
		return (-1);
	return (c->retry_at <= now ? 0 : (int)((c->retry_at - now + 999) / 1000));
}

static char *
ui_state_text(struct client *c)
{
	char	*s;

	if ((s = loop_offline_text(c)) != NULL)
		return (s);
	switch (c->net.state) {
	case NET_READY:
		if (c->join_session)
			return (xstrdup("joining"));
		if (!c->ready)
			return (xstrdup("signing in..."));
		return (xstrdup(c->syncing ? "catching up..." : "connected"));
	case NET_CONNECTING:
		return (xstrdup("reconnecting..."));
	case NET_OFFLINE:
		break;
	}
	return (xstrdup("disconnected"));
}

/*
 * The status line's text: where, the state and what is unsent (*unsent),
 * without the where when a notice would not fit beside it all.
 */
static char *
ui_status_line(struct client *c)
{
	struct outmsg	*om;
	char		*where, *state, *line;
	size_t		 unsent = 0;

	TAILQ_FOREACH(om, &c->outbox, entry)
		unsent++;
	if (c->spawned)
		where = xstrdup(c->server != NULL ? c->server : "staffroom");
	else {
		line = target_display(&c->target);
		xasprintf(&where, "%s@%s", c->handle != NULL ? c->handle :
		    c->target.user, line);
		free(line);
	}
	state = ui_state_text(c);
	/* Offline, what happened comes first: the line may be cut. */
	if (c->lost_at != 0)
		xasprintf(&line, " %s | %zu unsent | %s", state, unsent, where);
	else if (unsent > 0)
		xasprintf(&line, " %s | %s | %zu unsent", where, state, unsent);
	else
		xasprintf(&line, " %s | %s", where, state);
	/* A notice that does not fit beside it all goes without the where. */
	if (ui.notice != NULL && c->lost_at == 0 && ui_cols(line) + 3 +
	    ui_cols(ui.notice) > COLS) {
		free(line);
		if (unsent > 0)
			xasprintf(&line, " %s | %zu unsent", state, unsent);
		else
			xasprintf(&line, " %s", state);
	}
	free(state);
	free(where);
	return (line);
}

/*
 * The notice after a status line x columns wide: on its row when it fits
 * (0 rows), otherwise wrapped into lines of its own (their count).
 */
static size_t
ui_notice_wrap(int x, struct wrap_line *lines, wchar_t **w, size_t *len)
{
	size_t	n;

	*w = text_neutralise(ui.notice, strlen(ui.notice), 0, len);
	if (x + 3 + text_width(*w, *len) <= COLS || COLS <= 2)
		return (0);
	n = wrap_text(*w, *len, COLS - 2, lines, UI_NOTICE_ROWS);
	return (n > UI_NOTICE_ROWS ? UI_NOTICE_ROWS : n);
}

int
ui_notice_rows(struct client *c)
{
	struct wrap_line	 lines[UI_NOTICE_ROWS];
	wchar_t			*w;
	char			*line;
	size_t			 len, n;

	if (ui.notice == NULL)
		return (0);
	line = ui_status_line(c);
	n = ui_notice_wrap(ui_cols(line), lines, &w, &len);
	free(w);
	free(line);
	return ((int)n);
}

/*
 * The notice goes after the status at column x of row y when it fits;
 * otherwise whole, wrapped, on rows of its own above (at most
 * UI_NOTICE_ROWS), until it is cleared: the chat leaves those rows to it
 * (ui_notice_rows). Every screen but the chat keeps its keys or its
 * question (y/n) on the row just above the status: the notice goes above
 * that row, never over it.
 */
static void
ui_draw_notice(int x, int y)
{
	struct wrap_line	 lines[UI_NOTICE_ROWS];
	wchar_t			*w;
	size_t			 len, n, i;
	attr_t			 attr = A_REVERSE | (ui.notice_error ? A_BOLD : 0);
	int			 above = ui.mode == &rooms_mode ? y : y - 1;

	if ((n = ui_notice_wrap(x, lines, &w, &len)) == 0 && COLS > 2) {
		x += ui_put(y, x, " | ", COLS - x, A_REVERSE);
		ui_put_w(y, x, w, len, COLS - x, attr);
	}
	for (i = 0; i < n && (int)(n - i) <= above; i++) {
		ui_fill(above - (int)(n - i), attr);
		ui_put_w(above - (int)(n - i), 1, w + lines[i].off,
		    lines[i].len, COLS - 2, attr);
	}
	free(w);
}

void
ui_draw_status(struct client *c, int y)
{
	char	*line;
	int	 x;

	line = ui_status_line(c);
	ui_fill(y, A_REVERSE);
	x = ui_put(y, 0, line, COLS, A_REVERSE);
	if (ui.notice != NULL)
		ui_draw_notice(x, y);
	ui.shown_secs = ui_retry_secs(c);
	free(line);
}

/*
 * Draws an input line after prompt on row y and leaves the terminal cursor
 * where the editing cursor is. Newlines show as a return-arrow glyph;
 * masked input shows a star per character.
 */
void
ui_draw_input(int y, int x, int cols, const char *prompt, struct input *in)
{
	wchar_t	ch;
	size_t	i;
	int	px, xx, curx = -1, w;
	attr_t	attr;

	px = x + ui_put(y, x, prompt, cols, A_BOLD);
	in->first = input_scroll(in, x + cols - px - 1, in->first);
	for (xx = px, i = in->first; i < in->len; i++) {
		ch = in->buf[i];
		attr = 0;
		if (in->masked)
			ch = L'*';
		else if (ch == L'\n') {
			ch = UI_NEWLINE_GLYPH;
			attr = A_DIM;
		}
		w = text_cwidth(ch);
		/* The last column is kept for the cursor. */
		if (xx + w > x + cols - 1)
			break;
		if (i == in->cur)
			curx = xx;
		ui_put_w(y, xx, &ch, 1, w == 0 ? 1 : w, attr);
		xx += w;
	}
	ui.cursor_y = y;
	ui.cursor_x = curx == -1 ? xx : curx;
}
