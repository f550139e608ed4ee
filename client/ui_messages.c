/*
 * ui_messages.c: the main screen's messages (ui.c draws the rest): each
 * message wrapped under its time and handle, a line where the day changes
 * and one where the person stopped reading, the outbox's messages last;
 * scrolled by rows from the newest.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

static attr_t
ui_handle_attr(struct client *c, const char *handle)
{
	unsigned int	h = 5381;

	if (c->handle != NULL && strcmp(handle, c->handle) == 0)
		return (A_BOLD);
	/* Without colour only your own handle stands out. */
	if (!ui.colour)
		return (A_NORMAL);
	while (*handle != '\0')
		h = h * 33 + (unsigned char)*handle++;
	return (COLOR_PAIR(1 + h % UI_HANDLE_COLOURS));
}

enum ui_line_kind {
	UL_TOP,		/* the top of what is loaded */
	UL_DAY,		/* the local date changed */
	UL_NEW,		/* where the person stopped reading */
	UL_FIRST,	/* time, handle and the first line of a message */
	UL_MORE,	/* a further line of a message */
	UL_PENDING,	/* the state of a message still in the outbox */
};

struct ui_line {
	enum ui_line_kind	 kind;
	const struct msg	*m;
	const struct outmsg	*om;
	const wchar_t		*text;
	size_t			 off;
	size_t			 len;
	int			 indent;
};

struct ui_lines {
	struct ui_line	*l;
	size_t		 n;
	size_t		 cap;
};

static struct ui_line *
ui_lines_add(struct ui_lines *ls, enum ui_line_kind kind)
{
	struct ui_line	*l;

	if (ls->n == ls->cap) {
		ls->cap = ls->cap == 0 ? 64 : ls->cap * 2;
		ls->l = xreallocarray(ls->l, ls->cap, sizeof *ls->l);
	}
	l = &ls->l[ls->n++];
	memset(l, 0, sizeof *l);
	l->kind = kind;
	return (l);
}

/* "HH:MM handle: " is this wide; text lines hang under the text. */
static int
ui_prefix_width(const char *from)
{
	return (5 + 1 + ui_cols(from) + 2);
}

/* Adds the lines of one message (or outbox entry) of text to ls. */
static void
ui_lines_text(struct ui_lines *ls, const char *from, const wchar_t *text,
    size_t len, int width, const struct msg *m, const struct outmsg *om)
{
	struct wrap_line	*wl;
	struct ui_line		*l;
	size_t			 n, i;
	int			 pw = ui_prefix_width(from), indent;

	if (m != NULL && m->action)
		pw++;		/* "HH:MM * handle " */

	indent = pw <= width / 2 ? pw : 2;
	n = wrap_text(text, len, width - indent, NULL, 0);
	wl = xreallocarray(NULL, n, sizeof *wl);
	wrap_text(text, len, width - indent, wl, n);
	if (indent != pw) {
		/* A long handle: it gets a line of its own. */
		l = ui_lines_add(ls, UL_FIRST);
		l->m = m;
		l->om = om;
		l->indent = indent;
	}
	for (i = 0; i < n; i++) {
		l = ui_lines_add(ls, i == 0 && indent == pw ? UL_FIRST : UL_MORE);
		l->m = m;
		l->om = om;
		l->text = text;
		l->off = wl[i].off;
		l->len = wl[i].len;
		l->indent = indent;
	}
	free(wl);
}

/* The lines of message i of r, with the day and "new" lines before it. */
static void
ui_lines_msg(struct ui_lines *ls, struct room *r, size_t i, int width)
{
	struct msg	*m = r->msgs[i], *prev = i > 0 ? r->msgs[i - 1] : NULL;
	struct ui_line	*l;

	if (prev == NULL || clock_day(prev->ts) != clock_day(m->ts)) {
		l = ui_lines_add(ls, UL_DAY);
		l->m = m;
	}
	if (prev != NULL && r->marker > 0 && prev->id <= r->marker &&
	    m->id > r->marker)
		ui_lines_add(ls, UL_NEW);
	ui_lines_text(ls, m->from, m->text, m->textlen, width, m, NULL);
}

/*
 * The lines to show: enough messages from the end of the room to fill
 * need lines, then the outbox entries for it. *top is set when the view
 * reaches the oldest message held.
 */
static void
ui_lines_room(struct client *c, struct room *r, int width, size_t need,
    struct ui_lines *ls, int *top)
{
	struct ui_lines	 tmp;
	struct outmsg	*om;
	struct ui_line	*l;
	size_t		 start, count = 0;

	memset(&tmp, 0, sizeof tmp);
	/* Walk back measuring, so only the visible messages are wrapped twice. */
	for (start = r->nmsgs; start > 0 && count < need; start--) {
		tmp.n = 0;
		ui_lines_msg(&tmp, r, start - 1, width);
		count += tmp.n;
	}
	free(tmp.l);
	*top = start == 0;
	if (*top)
		ui_lines_add(ls, UL_TOP);
	for (; start < r->nmsgs; start++)
		ui_lines_msg(ls, r, start, width);
	TAILQ_FOREACH(om, &c->outbox, entry) {
		if (strcmp(om->room, r->id) != 0)
			continue;
		ui_lines_text(ls, c->handle != NULL ? c->handle : "you",
		    om->text, om->textlen, width, NULL, om);
		l = ui_lines_add(ls, UL_PENDING);
		l->om = om;
		l->indent = ls->l[ls->n - 2].indent;
	}
}

/*
 * A row of a message's text, what /find looks for highlighted: in reverse
 * video in its current match, underlined in the others.
 */
static void
ui_draw_text(struct room *r, const struct ui_line *l, int y, int x, int w,
    attr_t attr)
{
	size_t	pos = l->off, end = l->off + l->len, mlen, from = 0, a, b;
	attr_t	hit;
	long	at;
	int	n;

	if (l->m != NULL && find_active(r)) {
		hit = l->m->id == find_current() ? A_REVERSE | A_BOLD :
		    A_UNDERLINE | A_BOLD;
		/* A match may begin on the row above. */
		while (pos < end && (at = find_next(l->m->text, l->m->textlen,
		    from, &mlen)) >= 0 && (size_t)at < end) {
			from = (size_t)at + 1;
			a = (size_t)at > pos ? (size_t)at : pos;
			b = (size_t)at + mlen < end ? (size_t)at + mlen : end;
			if (b <= pos)
				continue;
			n = ui_put_w(y, x, l->text + pos, a - pos, w, attr);
			x += n;
			w -= n;
			n = ui_put_w(y, x, l->text + a, b - a, w, attr | hit);
			x += n;
			w -= n;
			pos = b;
		}
	}
	ui_put_w(y, x, l->text + pos, end - pos, w, attr);
}

static void
ui_draw_line(struct client *c, struct room *r, const struct ui_line *l,
    int y, int x, int w)
{
	char		 hm[16], day[64], *s;
	const char	*from;
	attr_t		 attr = 0;
	int		 dx;

	switch (l->kind) {
	case UL_TOP:
		if (!r->loaded || r->loading)
			s = xstrdup("loading messages...");
		else if (r->more)
			s = xstrdup("PgUp for older messages");
		else
			xasprintf(&s, "the start of %s", r->name);
		ui_put(y, x, s, w, A_DIM);
		free(s);
		return;
	case UL_DAY:
		clock_day_text(l->m->ts, day, sizeof day);
		xasprintf(&s, "-- %s --", day);
		ui_put(y, x, s, w, A_BOLD);
		free(s);
		return;
	case UL_NEW:
		attr = ui.colour ? COLOR_PAIR(UI_PAIR_MARKER) | A_BOLD :
		    A_REVERSE;
		ui_put(y, x, "-- new messages --", w, attr);
		return;
	case UL_PENDING:
		ui_put(y, x + l->indent, c->net.state == NET_READY ?
		    "(sending...)" : "(unsent: will send when reconnected)",
		    w - l->indent, A_DIM);
		return;
	case UL_FIRST:
		if (l->om != NULL) {
			strcpy(hm, "--:--");
			from = c->handle != NULL ? c->handle : "you";
			attr = A_DIM;
		} else {
			clock_hm(l->m->ts, hm, sizeof hm);
			from = l->m->from;
		}
		dx = ui_put(y, x, hm, w, A_DIM);
		dx += ui_put(y, x + dx, l->m != NULL && l->m->action ? " * " :
		    " ", w - dx, 0);
		dx += ui_put(y, x + dx, from, w - dx, attr != 0 ? attr :
		    ui_handle_attr(c, from));
		if (l->m == NULL || !l->m->action)
			ui_put(y, x + dx, ":", w - dx, attr);
		break;
	case UL_MORE:
		break;
	}
	if (l->text == NULL)
		return;
	if (l->om != NULL)
		attr = A_DIM;
	else if (l->m->mention)
		attr = ui.colour ? A_BOLD : A_REVERSE;	/* bold alone may not show */
	/* Records stand out in a meeting room's stream. */
	if (l->m != NULL && meeting_record_line(r->id, l->m->body))
		attr |= A_UNDERLINE;
	ui_draw_text(r, l, y, x + l->indent, w - l->indent, attr);
}

/* Draws room r in the box; clamps its scroll; asks for older messages
 * when the person has scrolled to the top of what is loaded. */
void
ui_draw_messages(struct client *c, struct room *r, int top, int x, int h,
    int w)
{
	struct ui_lines	ls;
	size_t		first, i, total;
	int		at_top, y;

	if (r == NULL) {
		ui_put(top + h - 1, x, c->ready ? "you belong to no rooms yet" :
		    "connecting...", w, A_DIM);
		return;
	}
	memset(&ls, 0, sizeof ls);
	if (r->scroll < 0)
		r->scroll = 0;
	ui_lines_room(c, r, w, (size_t)h + r->scroll, &ls, &at_top);
	total = ls.n;
	if (at_top && total < (size_t)h + r->scroll)
		r->scroll = total > (size_t)h ? (int)(total - h) : 0;
	if (at_top && total <= (size_t)h + r->scroll && r->more && r->loaded)
		session_history(c, r, 1);
	first = total > (size_t)h + r->scroll ? total - h - r->scroll : 0;
	y = top + h - (int)(total - r->scroll - first);
	for (i = first; i < total - r->scroll; i++, y++)
		ui_draw_line(c, r, &ls.l[i], y, x, w);
	free(ls.l);
}

/* The rows message i of r takes at this width, its day and "new" lines too. */
int
ui_msg_rows(struct room *r, size_t i, int width)
{
	struct ui_lines	ls;
	int		n;

	memset(&ls, 0, sizeof ls);
	ui_lines_msg(&ls, r, i, width);
	n = (int)ls.n;
	free(ls.l);
	return (n);
}

/*
 * Scrolls r so that message i's first row (its day or "new messages" line
 * first) stands `above` rows below the top of the view.
 */
void
ui_show_msg(struct client *c, struct room *r, size_t i, int above)
{
	struct ui_lines	ls;
	int		side, x0, w, h = LINES - 3, rows, top;
	size_t		j;

	ui_messages_box(&side, &x0, &w);
	memset(&ls, 0, sizeof ls);
	ui_lines_room(c, r, w, 0, &ls, &top);	/* the outbox's rows */
	rows = (int)ls.n - top;
	free(ls.l);
	for (j = i; j < r->nmsgs; j++)
		rows += ui_msg_rows(r, j, w);
	r->scroll = rows + above > h ? rows + above - h : 0;
}
