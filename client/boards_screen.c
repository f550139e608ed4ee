/*
 * boards_screen.c: the boards on the full screen, as four modes sharing a
 * frame, a prompt and some keys (boards_keys.c):
 *
 *	boards  --Enter-->  threads  --Enter-->  thread  --h-->  post history
 *
 * and the full screen's boards frontend: what the boards' state and
 * requests tell it (boards_plain.c is plain mode's).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "staffroom.h"
#include "boards.h"

/* --- the Boards screen -------------------------------------------------------- */

/* The sidebar's last row on the main screen: "F3 Boards" and the unread
 * posts on every board ("@" when someone mentioned the person). */
void
boards_sidebar(struct client *c, int y, int w)
{
	size_t	i;
	int	unread = 0, mentions = 0, cw;
	char	count[16];

	if (bd.unavailable)
		return;
	boards_ask(c);
	for (i = 0; i < bd.nboards; i++) {
		unread += bd.boards[i]->unread;
		mentions += bd.boards[i]->mentions;
	}
	if (unread > BOARDS_COUNT_MAX)
		unread = BOARDS_COUNT_MAX;
	move(y, 0);
	for (i = 0; i < (size_t)w; i++)
		addch(' ');
	count[0] = '\0';
	if (unread > 0 || mentions > 0)
		snprintf(count, sizeof count, "%s%d", mentions > 0 ? "@" : "",
		    unread);
	cw = (int)strlen(count);
	ui_put(y, 0, "F3 Boards", w - cw - 1, A_DIM | A_UNDERLINE |
	    (unread > 0 ? A_BOLD : 0));
	if (cw > 0 && cw < w)
		ui_put(y, w - cw, count, cw, A_BOLD);
}

void
boards_open(struct client *c)
{
	if (!boards_shown()) {
		ui.mode = boards_view();
		if (boards_view() == &history_mode)
			boards_view_set(&thread_mode);
	}
	if (boards_view() == &boards_mode || !bd.listed)
		boards_list(c, 0);
	if (boards_view() == &threads_mode)
		boards_threads(c, 0);
	ui.dirty = 1;
}

/* Moderator keys are shown to those the server says moderate the board
 * (the server decides what they may do either way). */
bool
boards_moderating(struct client *c)
{
	struct board	*b = boards_board(bd.board);

	if (b != NULL && b->moderator)
		return (true);
	return (c->role != NULL && strcmp(c->role, "admin") == 0);
}

static void
boards_bar(int y, const char *s)
{
	attron(A_REVERSE);
	mvhline(y, 0, ' ', COLS);
	attroff(A_REVERSE);
	ui_put(y, 1, s, COLS - 1, A_REVERSE | A_BOLD);
}

/* The key hints above the status line. */
static void
boards_hint(const char *s)
{
	ui_put(LINES - 3, 0, s, COLS, A_DIM);
}

/* Keeps sel within a window of h rows; returns the first row shown. */
static size_t
boards_window(size_t sel, size_t n, int h)
{
	if (h <= 0 || n <= (size_t)h || sel < (size_t)h / 2)
		return (0);
	if (sel + (size_t)h / 2 >= n)
		return (n - (size_t)h);
	return (sel - (size_t)h / 2);
}

/* Keeps the selection in a list of n rows; the first row shown. */
static size_t
boards_first_row(size_t *sel, size_t n, int h)
{
	if (*sel >= n && n > 0)
		*sel = n - 1;
	return (boards_window(*sel, n, h));
}

/* Starts row y of a list: the selected one is reversed, unread bold. */
static attr_t
boards_row(int y, bool selected, bool unread)
{
	attr_t	attr = unread ? A_BOLD : 0;

	if (selected) {
		attr |= A_REVERSE;
		attron(A_REVERSE);
		mvhline(y, 0, ' ', COLS);
		attroff(A_REVERSE);
	}
	return (attr);
}

static void
boards_draw_boards(struct client *c, int top, int h)
{
	struct board	*b;
	size_t		 i, first;
	char		*count, *scope;
	int		 y, x, cw;
	attr_t		 attr;

	boards_bar(0, "Boards");
	if (bd.unavailable) {
		ui_put(top, 1, BOARDS_UNAVAILABLE, COLS - 1, A_DIM);
		return;
	}
	if (!bd.listed) {
		ui_put(top, 1, "loading boards...", COLS - 1, A_DIM);
		return;
	}
	if (bd.nboards == 0)
		ui_put(top, 1, "no boards you can see", COLS - 1, A_DIM);
	first = boards_first_row(&bd.bsel, bd.nboards, h);
	for (i = first, y = top; i < bd.nboards && y < top + h; i++, y++) {
		b = bd.boards[i];
		attr = boards_row(y, i == bd.bsel, b->unread > 0);
		count = boards_board_counts(b);
		cw = (int)strlen(count);
		x = 1 + ui_put(y, 1, b->name, COLS - cw - 4, attr);
		xasprintf(&scope, "  [%s]%s", b->scope,
		    boards_watching_board(b->id) ? "  watched" : "");
		ui_put(y, x, scope, COLS - cw - 2 - x, attr & ~A_BOLD);
		if (COLS > cw + 2)
			ui_put(y, COLS - cw - 1, count, cw, attr);
		free(scope);
		free(count);
	}
	boards_hint("Enter: open  n: next with unread  w: watch  /: search  "
	    "Esc: back to rooms");
}

static void
boards_draw_threads(struct client *c, int top, int h)
{
	struct thread	*t;
	size_t		 i, first;
	char		*s, *tags, when[32], flags[8];
	int		 y, x, rw, tw;
	attr_t		 attr;

	xasprintf(&s, "%s%s%s", boards_board_name(bd.board), bd.tag != NULL ?
	    "  tagged " : "", bd.tag != NULL ? bd.tag : "");
	boards_bar(0, s);
	free(s);
	if (!bd.tloaded) {
		ui_put(top, 1, bd.tloading ? "loading threads..." :
		    "no threads loaded", COLS - 1, A_DIM);
	} else if (bd.nthreads == 0)
		ui_put(top, 1, bd.tag != NULL ? "no threads with that tag yet "
		    "(t: change the tag)" : "no threads yet: N starts one",
		    COLS - 1, A_DIM);
	first = boards_first_row(&bd.tsel, bd.nthreads, h);
	for (i = first, y = top; i < bd.nthreads && y < top + h; i++, y++) {
		t = bd.threads[i];
		attr = boards_row(y, i == bd.tsel, t->unread > 0);
		snprintf(flags, sizeof flags, "%c%c%c", t->pinned ? 'P' : ' ',
		    t->locked ? 'L' : ' ', t->watched ? 'W' : ' ');
		boards_when(t->last_ts, when, sizeof when);
		tags = boards_tags_text(t);
		if (t->unread > 0)
			xasprintf(&s, "%s %3d/%-3d %s", when, t->unread,
			    t->posts, t->author);
		else
			xasprintf(&s, "%s     %-3d %s", when, t->posts,
			    t->author);
		/* The time column, and a blank before it, are its own. */
		rw = COLS >= 70 ? 36 : 0;
		tw = rw > 0 ? COLS - rw - 1 : COLS;
		x = ui_put(y, 0, flags, 3, attr);
		x += 1 + ui_put(y, x + 1, t->title, tw - x - 1, attr);
		if (*tags != '\0' && x + 3 < tw) {
			char	*tt;

			xasprintf(&tt, " [%s]", tags);
			ui_put(y, x, tt, tw - x, attr & ~A_BOLD);
			free(tt);
		}
		if (rw > 0)
			ui_put(y, COLS - rw, s, rw, attr);
		free(tags);
		free(s);
	}
	boards_hint("Enter:open  N:new thread  n:next unread  p:prev  "
	    "c:catch up  t:tag  w:watch  /:search");
}

/* The lines of the open thread; *starts gets each post's first line. */
struct post_line *
boards_thread_lines(int width, size_t *n, size_t **starts)
{
	struct post_line	*all = NULL;
	size_t			 i, k, total = 0;

	*starts = xreallocarray(NULL, bd.nposts + 1, sizeof **starts);
	for (i = 0; i < bd.nposts; i++) {
		(*starts)[i] = total;
		k = post_layout(bd.posts[i], width, NULL, 0);
		all = xreallocarray(all, total + k, sizeof *all);
		post_layout(bd.posts[i], width, all + total, k);
		total += k;
	}
	(*starts)[bd.nposts] = total;
	*n = total;
	return (all);
}

static void
boards_draw_post_line(struct client *c, struct post *p,
    const struct post_line *l, int y, int sel)
{
	char	 when[32], *s;
	int	 x, w = COLS - 1;
	attr_t	 attr = sel ? A_REVERSE : 0;

	switch (l->kind) {
	case PL_HEAD:
		if (sel) {
			attron(A_REVERSE);
			mvhline(y, 0, ' ', COLS);
			attroff(A_REVERSE);
		}
		boards_when(p->ts, when, sizeof when);
		x = ui_put(y, 1, p->author, w, attr | A_BOLD);
		xasprintf(&s, "  %s  #%lld%s%s%s", when, (long long)p->id,
		    p->personal_data ? "  " MSG_PERSONAL_DATA_TAG : "",
		    p->edited ? "  (edited: h shows the history)" : "",
		    p->deleted ? "  (deleted)" : "");
		ui_put(y, 1 + x, s, w - x, attr | A_DIM);
		free(s);
		return;
	case PL_QUOTE_HEAD:
		xasprintf(&s, "%s wrote (#%lld):", boards_quote_author(p) !=
		    NULL ? boards_quote_author(p) : "someone",
		    (long long)p->quote_post);
		mvaddch(y, 2, ACS_VLINE | A_DIM);
		ui_put(y, 4, s, w - 4, A_DIM | A_ITALIC);
		free(s);
		return;
	case PL_QUOTE:
		mvaddch(y, 2, ACS_VLINE | A_DIM);
		ui_put_w(y, 4, l->text + l->off, l->len, w - 4, A_DIM);
		return;
	case PL_BODY:
		ui_put_w(y, 2, l->text + l->off, l->len, w - 2,
		    p->deleted ? A_DIM : session_mentions_me(c, p->body) ? A_BOLD : 0);
		return;
	case PL_GAP:
		return;
	}
}

static void
boards_draw_thread(struct client *c, int top, int h)
{
	struct post_line	*lines;
	struct thread		*t = bd.thread;
	size_t			*starts, n, i, pi;
	char			*s, *tags;
	int			 y, plen;

	tags = t != NULL ? boards_tags_text(t) : xstrdup("");
	xasprintf(&s, "%s%s%s%s%s%s%s", t != NULL && t->title != NULL ?
	    t->title : "thread", *tags != '\0' ? "  [" : "", tags,
	    *tags != '\0' ? "]" : "", t != NULL && t->pinned ? "  pinned" : "",
	    t != NULL && t->locked ? "  locked" : "", t != NULL && t->watched ?
	    "  watched" : "");
	boards_bar(0, s);
	free(s);
	free(tags);
	if (bd.nposts == 0) {
		ui_put(top, 1, bd.ploading ? "loading posts..." : "no posts",
		    COLS - 1, A_DIM);
		boards_hint("r: reply  Esc/q: threads");
		return;
	}
	if (bd.psel >= bd.nposts)
		bd.psel = bd.nposts - 1;
	lines = boards_thread_lines(COLS - 3, &n, &starts);
	/* The selected post in view, whole when it fits. */
	plen = (int)(starts[bd.psel + 1] - starts[bd.psel]);
	if ((int)starts[bd.psel] < bd.ptop)
		bd.ptop = (int)starts[bd.psel];
	if ((int)starts[bd.psel] + (plen < h ? plen : 1) > bd.ptop + h)
		bd.ptop = (int)starts[bd.psel] + (plen < h ? plen : 1) - h;
	if (bd.ptop > (int)n - h)
		bd.ptop = (int)n - h > 0 ? (int)n - h : 0;
	if (bd.ptop > (int)starts[bd.psel])
		bd.ptop = (int)starts[bd.psel];
	for (pi = 0; pi < bd.nposts && starts[pi + 1] <= (size_t)bd.ptop; pi++)
		;
	for (y = 0, i = (size_t)bd.ptop; y < h && i < n; y++, i++) {
		while (pi + 1 < bd.nposts && i >= starts[pi + 1])
			pi++;
		boards_draw_post_line(c, bd.posts[pi], &lines[i], top + y,
		    pi == bd.psel);
	}
	free(lines);
	free(starts);
	boards_hint(t != NULL && t->locked ?
	    "locked: no more replies  h:history  Up/Down:post  n/p:thread  "
	    "w:watch" :
	    "r:reply  f:quote  e:edit  d:delete  h:history  Up/Down:post  "
	    "n/p:thread  w:watch");
}

static void
boards_draw_history(struct client *c, int top, int h)
{
	struct wrap_line	*wl;
	json_t			*v;
	size_t			 i, k, nl, len, row = 0;
	wchar_t			*w;
	char			 when[32], *s;
	const char		*who, *body;
	int			 y = top;

	xasprintf(&s, "Versions of post #%lld, oldest first",
	    (long long)bd.history_post);
	boards_bar(0, s);
	free(s);
	if (bd.htop < 0)
		bd.htop = 0;
	json_array_foreach(bd.history, i, v) {
		boards_when(boards_jint(v, "ts"), when, sizeof when);
		who = boards_jstr(v, "author") != NULL ? boards_jstr(v, "author") :
		    boards_jstr(v, "by") != NULL ? boards_jstr(v, "by") : "";
		xasprintf(&s, "version %zu  %s  %s", i + 1, when, who);
		if (row++ >= (size_t)bd.htop && y < top + h)
			ui_put(y++, 1, s, COLS - 1, A_BOLD);
		free(s);
		body = boards_jstr(v, "body") != NULL ? boards_jstr(v, "body") : "";
		w = text_neutralise(body, strlen(body), TEXT_BODY, &len);
		nl = wrap_text(w, len, COLS - 4, NULL, 0);
		wl = xreallocarray(NULL, nl, sizeof *wl);
		wrap_text(w, len, COLS - 4, wl, nl);
		for (k = 0; k < nl; k++) {
			if (row++ >= (size_t)bd.htop && y < top + h)
				ui_put_w(y++, 3, w + wl[k].off, wl[k].len,
				    COLS - 4, 0);
		}
		row++;
		if (row > (size_t)bd.htop && y < top + h)
			y++;
		free(wl);
		free(w);
	}
	if (json_array_size(bd.history) == 0)
		ui_put(top, 1, "no versions", COLS - 1, A_DIM);
	boards_hint("Up/Down/PgUp/PgDn: scroll  Esc/q: back to the thread");
}

static const char *
boards_prompt_text(void)
{
	switch (bd.prompt) {
	case BP_TAG:
		return ("Tag (empty for all; e.g. semh, primary): ");
	case BP_SEARCH:
		return ("Search: ");
	case BP_MOVE:
		return ("Move to board (id, name or number): ");
	default:
		return (NULL);
	}
}

/* What every boards screen draws around its own part. */
static void
boards_draw(struct client *c, void (*part)(struct client *, int, int))
{
	int	top = 1, h = LINES - 4;

	/* Back after a drop: what is shown may have changed meanwhile. */
	if (bd.stale && c->net.state == NET_READY && c->ready) {
		bd.stale = 0;
		boards_list(c, 0);
		if (boards_view() == &threads_mode)
			boards_threads(c, 0);
		if (boards_view() == &thread_mode && bd.thread != NULL)
			boards_posts(c, bd.nposts > 0 ?
			    bd.posts[bd.nposts - 1]->id : 0);
	}
	part(c, top, h);
	if (bd.prompt == BP_DELETE && bd.psel < bd.nposts) {
		move(LINES - 3, 0);
		clrtoeol();
		ui_put(LINES - 3, 0, "Delete the selected post? (y/n)", COLS,
		    A_BOLD);
	}
	ui_draw_status(c, LINES - 2);
	if (boards_prompt_text() != NULL)
		ui_draw_input(LINES - 1, 0, COLS, boards_prompt_text(),
		    &bd.line);
	else {
		ui_put(LINES - 1, 0, boards_moderating(c) && boards_view() !=
		    &boards_mode ? "F1:help  q:back  F3:rooms  moderator: "
		    "P:pin L:lock M:move u:restore" :
		    "F1: help  q: back  F3: rooms", COLS, A_DIM);
		ui.cursor_y = LINES - 1;
		ui.cursor_x = 0;
	}
}

static void
boards_mode_draw_boards(struct client *c)
{
	boards_draw(c, boards_draw_boards);
}

static void
boards_mode_draw_threads(struct client *c)
{
	boards_draw(c, boards_draw_threads);
}

static void
boards_mode_draw_thread(struct client *c)
{
	boards_draw(c, boards_draw_thread);
}

static void
boards_mode_draw_history(struct client *c)
{
	boards_draw(c, boards_draw_history);
}

const struct ui_mode boards_mode = {
	.name = "boards",
	.draw = boards_mode_draw_boards,
	.key = boards_mode_key_boards,
};

const struct ui_mode threads_mode = {
	.name = "threads",
	.draw = boards_mode_draw_threads,
	.key = boards_mode_key_threads,
};

const struct ui_mode thread_mode = {
	.name = "thread",
	.draw = boards_mode_draw_thread,
	.key = boards_mode_key_thread,
};

const struct ui_mode history_mode = {
	.name = "post history",
	.draw = boards_mode_draw_history,
	.key = boards_mode_key_history,
};

/* --- the boards frontend of the full screen ------------------------------------ */

static void
boards_screen_changed(struct client *c)
{
	ui.dirty = 1;
}

static void
boards_screen_boards(struct client *c)
{
	boards_view_set(&boards_mode);
	boards_open(c);
}

static void
boards_screen_opened(struct client *c)
{
	ui.mode = boards_view();
}

/* Answers are drawn at the end of the loop turn (boards_dirty). */
static void
boards_screen_answered(struct client *c)
{
}

static void
boards_screen_posts(struct client *c, struct post **added, size_t n)
{
}

static void
boards_screen_deleted(struct client *c, int64_t id)
{
}

/*
 * A live post joins the open thread (read at once when it shows), or is
 * announced when the boards are not where it can be seen.
 */
static void
boards_screen_live(struct client *c, struct post *p, struct thread *t,
    bool here, bool edit, bool mine)
{
	char	*title;
	size_t	 i;

	if (here && bd.ploaded) {
		for (i = 0; i < bd.nposts; i++) {
			if (bd.posts[i]->id == p->id) {
				post_free(bd.posts[i]);
				bd.posts[i] = p;
				p = NULL;
				break;
			}
		}
		if (p != NULL && !edit) {
			if (boards_insert_post(p)) {
				if (boards_shown() && boards_view() ==
				    &thread_mode && !mine)
					boards_mark_read(c, p->thread, p->id);
			} else
				post_free(p);
			p = NULL;
		}
	} else if (!edit && !mine && (!boards_shown() ||
	    boards_view() == &boards_mode)) {
		title = text_safe_utf8(t != NULL ? t->title : "", 0);
		fe_notice(c, "new post by %s in %s%s%s (F3: boards)", p->author,
		    *title != '\0' ? "\"" : "thread ", *title != '\0' ? title :
		    "", *title != '\0' ? "\"" : "");
		free(title);
	}
	post_free(p);
}

/* One's own post is selected in the open thread. */
static void
boards_screen_posted(struct client *c, struct post *p, enum compose_kind kind)
{
	/* One's own post is read: it must not count as unread later. */
	if (kind == COMPOSE_REPLY && p->thread > 0 && bd.thread != NULL &&
	    bd.thread->id == p->thread && bd.ploaded)
		boards_mark_read(c, p->thread, p->id);
	if (bd.thread != NULL && bd.thread->id == p->thread) {
		int64_t	id = p->id;
		size_t	i;

		for (i = 0; i < bd.nposts; i++) {
			if (bd.posts[i]->id == id) {
				post_free(bd.posts[i]);
				bd.posts[i] = p;
				p = NULL;
				break;
			}
		}
		if (p != NULL && !boards_insert_post(p))
			post_free(p);
		boards_select_post(id);
		boards_view_set(&thread_mode);
	} else
		post_free(p);
}

/* A moderator's or watcher's write: what shows is asked again. */
static void
boards_screen_done(struct client *c)
{
	if (bd.thread != NULL)
		boards_posts(c, 0);
	if (bd.board != NULL)
		boards_threads(c, 0);
}

static void
boards_screen_history(struct client *c)
{
	boards_view_set(&history_mode);
	boards_dirty(c);
}

const struct boards_frontend boards_screen_frontend = {
	.changed = boards_screen_changed,
	.boards = boards_screen_boards,
	.opened = boards_screen_opened,
	.listed = boards_screen_answered,
	.threads = boards_screen_answered,
	.posts = boards_screen_posts,
	.live = boards_screen_live,
	.deleted = boards_screen_deleted,
	.posted = boards_screen_posted,
	.done = boards_screen_done,
	.history = boards_screen_history,
	.compose = compose_open,
};
