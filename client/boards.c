/*
 * boards.c: the discussion boards. It keeps what the person is looking at
 * (the board list, one board's threads, one thread's posts), asks the
 * server for it, follows the live events (post, post.edit, thread.update,
 * mention), and shows it: as the Boards screen of the full-screen client
 *
 *	board list  --Enter-->  thread list  --Enter-->  thread view
 *
 * with tin/slrn-like keys, or as lines in plain mode, where the /commands
 * at the bottom of this file do the same. Everything from the network is
 * neutralised (text.c) before it is drawn or printed. Writing posts is
 * compose.c; search is search.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "staffroom.h"

#define BOARDS_THREAD_PAGE	100
#define BOARDS_POST_PAGE	200
#define BOARDS_POSTS_MAX	5000	/* stop paging a thread there */
#define BOARDS_COUNT_MAX	9999
#define BOARDS_UNAVAILABLE	"boards are not available on this server"

struct board {
	json_t	*idv;		/* the id as the server gave it */
	char	*id;		/* the same, printable */
	char	*name;
	char	*scope;
	int	 unread;
	int	 threads;
	int	 mentions;
	int	 moderator;	/* this person moderates it */
	int	 archived;
};

struct thread {
	int64_t	  id;
	char	 *title;
	char	**tags;
	size_t	  ntags;
	char	 *author;
	char	 *board;	/* printable board id, when the server says */
	int	  posts;
	int	  unread;
	int	  pinned;
	int	  locked;
	int	  watched;
	int64_t	  last_ts;
};

enum boards_prompt {
	BP_NONE,
	BP_TAG,		/* t: filter the thread list by tag */
	BP_SEARCH,	/* /: search */
	BP_MOVE,	/* M: move the thread to another board */
	BP_DELETE,	/* d: y/n */
};

static struct {
	const struct ui_mode	 *view;		/* the boards screen last shown */
	enum boards_prompt	  prompt;
	struct input		  line;

	struct board		**boards;
	size_t			  nboards;
	int			  listed;	/* boards.list answered once */
	int			  listing;
	size_t			  bsel;
	char			 *after_list;	/* a /command waiting for it */
	int			  print_list;	/* plain: print when it comes */

	json_t			 *boardv;	/* the open board */
	char			 *board;
	struct thread		**threads;
	size_t			  nthreads;
	int			  tloading;
	int			  tloaded;
	int			  tmore;	/* older threads to page in */
	size_t			  tsel;
	char			 *tag;		/* the thread list's filter */
	int			  print_threads;

	struct thread		 *thread;	/* the open thread */
	struct post		**posts;
	size_t			  nposts;
	int			  ploading;
	int			  ploaded;	/* every page is in */
	size_t			  psel;
	int			  ptop;		/* first line shown */
	int64_t			  target;	/* post to select once loaded */
	int			  print_posts;
	int			  follow;	/* keep the newest post in view */

	json_t			 *history;	/* post.history's versions */
	int64_t			  history_post;
	int			  htop;

	int			  unavailable;	/* the server has no boards */
	int			  stale;	/* reconnected: ask again */

	/* What this person watches, as far as this client has seen: the
	 * server does not say in its lists. */
	int64_t			 *wthreads;
	size_t			  nwthreads;
	char			**wboards;
	size_t			  nwboards;
} bd;

/* The boards screen last shown: the boards, threads, a thread or a post's
 * versions. Each is a mode of its own; they share this state. */
const struct ui_mode *
boards_view(void)
{
	return (bd.view != NULL ? bd.view : &boards_mode);
}

static bool
boards_shown(void)
{
	return (ui.mode == &boards_mode || ui.mode == &threads_mode ||
	    ui.mode == &thread_mode || ui.mode == &history_mode);
}

/* Moves the boards to another of their screens; shown if they are. */
static void
boards_view_set(const struct ui_mode *view)
{
	if (boards_shown())
		ui.mode = view;
	bd.view = view;
}

static int
boards_watching_thread(int64_t id)
{
	size_t	i;

	for (i = 0; i < bd.nwthreads; i++) {
		if (bd.wthreads[i] == id)
			return (1);
	}
	return (0);
}

static void
boards_watch_thread_set(int64_t id, int on)
{
	size_t	i;

	for (i = 0; i < bd.nwthreads; i++) {
		if (bd.wthreads[i] == id) {
			if (!on)
				bd.wthreads[i] = bd.wthreads[--bd.nwthreads];
			return;
		}
	}
	if (on) {
		bd.wthreads = xreallocarray(bd.wthreads, bd.nwthreads + 1,
		    sizeof *bd.wthreads);
		bd.wthreads[bd.nwthreads++] = id;
	}
}

static int
boards_watching_board(const char *id)
{
	size_t	i;

	for (i = 0; id != NULL && i < bd.nwboards; i++) {
		if (strcmp(bd.wboards[i], id) == 0)
			return (1);
	}
	return (0);
}

static void
boards_watch_board_set(const char *id, int on)
{
	size_t	i;

	for (i = 0; i < bd.nwboards; i++) {
		if (strcmp(bd.wboards[i], id) == 0) {
			if (!on) {
				free(bd.wboards[i]);
				bd.wboards[i] = bd.wboards[--bd.nwboards];
			}
			return;
		}
	}
	if (on) {
		bd.wboards = xreallocarray(bd.wboards, bd.nwboards + 1,
		    sizeof *bd.wboards);
		bd.wboards[bd.nwboards++] = xstrdup(id);
	}
}

static void	boards_list(struct client *, int);
static void	boards_threads(struct client *, int);
static void	boards_posts(struct client *, int64_t);
static void	boards_print_posts(struct client *, struct post **, size_t);
static void	boards_print_post(struct client *, struct post *, int);

/* --- objects from the wire --------------------------------------------------- */

static const char *
jstr(json_t *o, const char *k)
{
	return (json_string_value(json_object_get(o, k)));
}

static int64_t
jint(json_t *o, const char *k)
{
	return (json_integer_value(json_object_get(o, k)));
}

static void
board_free(struct board *b)
{
	json_decref(b->idv);
	free(b->id);
	free(b->name);
	free(b->scope);
	free(b);
}

static struct board *
board_from_json(json_t *o)
{
	struct board	*b;
	json_t		*idv = json_object_get(o, "id");
	char		*id;

	if ((id = rpc_id_text(idv)) == NULL)
		return (NULL);
	b = xcalloc(1, sizeof *b);
	b->idv = json_incref(idv);
	b->id = id;
	b->name = xstrdup(jstr(o, "name") != NULL ? jstr(o, "name") : id);
	b->scope = xstrdup(jstr(o, "scope") != NULL ? jstr(o, "scope") : "");
	b->unread = (int)jint(o, "unread");
	b->threads = (int)jint(o, "threads");
	b->mentions = (int)jint(o, "mentions");
	b->moderator = json_is_true(json_object_get(o, "moderator"));
	b->archived = json_is_true(json_object_get(o, "archived"));
	return (b);
}

static void
thread_free(struct thread *t)
{
	if (t == NULL)
		return;
	free(t->title);
	board_strv_free(t->tags, t->ntags);
	free(t->author);
	free(t->board);
	free(t);
}

/* Fills t from o; fields o lacks keep their value. */
static void
thread_update(struct thread *t, json_t *o)
{
	json_t	*tags, *v;
	size_t	 i;
	char	*s;

	if (jstr(o, "title") != NULL) {
		free(t->title);
		t->title = xstrdup(jstr(o, "title"));
	}
	if (jstr(o, "author") != NULL) {
		free(t->author);
		t->author = xstrdup(jstr(o, "author"));
	}
	if ((s = rpc_id_text(json_object_get(o, "board"))) != NULL) {
		free(t->board);
		t->board = s;
	}
	if (json_is_array(tags = json_object_get(o, "tags"))) {
		board_strv_free(t->tags, t->ntags);
		t->tags = NULL;
		t->ntags = 0;
		json_array_foreach(tags, i, v) {
			if (!json_is_string(v))
				continue;
			t->tags = xreallocarray(t->tags, t->ntags + 1,
			    sizeof *t->tags);
			t->tags[t->ntags++] = xstrdup(json_string_value(v));
		}
	}
	if (json_is_integer(json_object_get(o, "posts")))
		t->posts = (int)jint(o, "posts");
	if (json_is_integer(json_object_get(o, "unread")))
		t->unread = (int)jint(o, "unread");
	if (json_is_integer(json_object_get(o, "last_post_ts")))
		t->last_ts = jint(o, "last_post_ts");
	if (json_object_get(o, "pinned") != NULL)
		t->pinned = json_is_true(json_object_get(o, "pinned"));
	if (json_object_get(o, "locked") != NULL)
		t->locked = json_is_true(json_object_get(o, "locked"));
	if (json_object_get(o, "watched") != NULL)
		t->watched = json_is_true(json_object_get(o, "watched"));
	if (t->title == NULL)
		t->title = xstrdup("");
	if (t->author == NULL)
		t->author = xstrdup("");
}

static struct thread *
thread_from_json(json_t *o)
{
	struct thread	*t;

	if (jint(o, "id") <= 0)
		return (NULL);
	t = xcalloc(1, sizeof *t);
	t->id = jint(o, "id");
	thread_update(t, o);
	if (boards_watching_thread(t->id))
		t->watched = 1;
	return (t);
}

struct post *
post_from_json(json_t *o)
{
	struct post	*p;
	const char	*author, *body, *qt;
	json_t		*q;

	author = jstr(o, "author") != NULL ? jstr(o, "author") : jstr(o, "from");
	body = jstr(o, "body");
	if (jint(o, "id") <= 0 || author == NULL)
		return (NULL);
	p = xcalloc(1, sizeof *p);
	p->id = jint(o, "id");
	p->thread = jint(o, "thread");
	p->ts = jint(o, "ts");
	p->author = xstrdup(author);
	p->body = xstrdup(body != NULL ? body : "");
	p->text = text_neutralise(p->body, strlen(p->body), TEXT_BODY,
	    &p->textlen);
	p->edited = json_is_true(json_object_get(o, "edited")) ||
	    jint(o, "edited") > 0 || jint(o, "edits") > 0 ||
	    jint(o, "edited_ts") > 0;
	p->deleted = json_is_true(json_object_get(o, "deleted")) ||
	    json_is_true(json_object_get(o, "hidden"));
	if (json_is_object(q = json_object_get(o, "quote")) &&
	    (qt = jstr(q, "text")) != NULL) {
		p->quote_post = jint(q, "post");
		p->quote_body = xstrdup(qt);
		if (jstr(q, "author") != NULL)
			p->quote_author = xstrdup(jstr(q, "author"));
		p->quote = text_neutralise(qt, strlen(qt), TEXT_BODY,
		    &p->quotelen);
	}
	return (p);
}

void
post_free(struct post *p)
{
	if (p == NULL)
		return;
	free(p->author);
	free(p->body);
	free(p->text);
	free(p->quote_author);
	free(p->quote_body);
	free(p->quote);
	free(p);
}

/* --- state helpers ------------------------------------------------------------- */

static int
boards_is_me(struct client *c, const char *handle)
{
	return (c->handle != NULL && handle != NULL &&
	    strcmp(c->handle, handle) == 0);
}

static void
boards_count(int *n, int by)
{
	*n += by;
	if (*n > BOARDS_COUNT_MAX)
		*n = BOARDS_COUNT_MAX;
	if (*n < 0)
		*n = 0;
}

static void
boards_dirty(struct client *c)
{
	if (!c->plain)
		ui.dirty = 1;
}

static void
boards_clear_threads(void)
{
	size_t	i;

	for (i = 0; i < bd.nthreads; i++)
		thread_free(bd.threads[i]);
	free(bd.threads);
	bd.threads = NULL;
	bd.nthreads = 0;
	bd.tsel = 0;
	bd.tloaded = 0;
}

static void
boards_clear_posts(void)
{
	size_t	i;

	for (i = 0; i < bd.nposts; i++)
		post_free(bd.posts[i]);
	free(bd.posts);
	bd.posts = NULL;
	bd.nposts = 0;
	bd.psel = 0;
	bd.ptop = 0;
	bd.ploaded = 0;
}

static void
boards_clear_boards(void)
{
	size_t	i;

	for (i = 0; i < bd.nboards; i++)
		board_free(bd.boards[i]);
	free(bd.boards);
	bd.boards = NULL;
	bd.nboards = 0;
}

void
boards_free(void)
{
	boards_clear_boards();
	boards_clear_threads();
	boards_clear_posts();
	thread_free(bd.thread);
	json_decref(bd.boardv);
	json_decref(bd.history);
	free(bd.board);
	free(bd.tag);
	free(bd.after_list);
	free(bd.wthreads);
	board_strv_free(bd.wboards, bd.nwboards);
	input_free(&bd.line);
	memset(&bd, 0, sizeof bd);
}

static struct board *
boards_board(const char *id)
{
	size_t	i;

	for (i = 0; id != NULL && i < bd.nboards; i++) {
		if (strcmp(bd.boards[i]->id, id) == 0)
			return (bd.boards[i]);
	}
	return (NULL);
}

static struct thread *
boards_thread(int64_t id)
{
	size_t	i;

	for (i = 0; i < bd.nthreads; i++) {
		if (bd.threads[i]->id == id)
			return (bd.threads[i]);
	}
	return (NULL);
}

/* What someone typed for a board: id, name, list number or a unique start. */
static struct board *
boards_find(const char *what)
{
	size_t	 i, len = strlen(what);
	struct board *found = NULL;
	char	*end;
	long	 n;

	const char	*colon;

	for (i = 0; i < bd.nboards; i++) {
		if (strcmp(bd.boards[i]->id, what) == 0 ||
		    strcasecmp(bd.boards[i]->name, what) == 0)
			return (bd.boards[i]);
	}
	/* Its scope ("region:north-east"), or the part after the colon. */
	for (i = 0; i < bd.nboards; i++) {
		colon = strchr(bd.boards[i]->scope, ':');
		if (strcmp(bd.boards[i]->scope, what) == 0 || (colon != NULL &&
		    strcmp(colon + 1, what) == 0))
			return (bd.boards[i]);
	}
	n = strtol(what, &end, 10);
	if (*what != '\0' && *end == '\0' && n >= 1 && (size_t)n <= bd.nboards)
		return (bd.boards[n - 1]);
	for (i = 0; i < bd.nboards && len > 0; i++) {
		if (strncmp(bd.boards[i]->id, what, len) == 0 ||
		    strncasecmp(bd.boards[i]->name, what, len) == 0) {
			if (found != NULL)
				return (NULL);
			found = bd.boards[i];
		}
	}
	return (found);
}

/* A new reference to board id's wire id (the text itself if unknown). */
json_t *
boards_board_idv(const char *id)
{
	struct board	*b = boards_board(id);

	char		*end;
	long long	 n;

	if (b == NULL && id != NULL)
		b = boards_find(id);
	if (b != NULL)
		return (json_incref(b->idv));
	/* Board ids are numbers on the wire. */
	if (id != NULL && (n = strtoll(id, &end, 10)) > 0 && *end == '\0')
		return (json_integer(n));
	return (json_string(id != NULL ? id : ""));
}

const char *
boards_board_name(const char *id)
{
	struct board	*b = boards_board(id);

	return (b != NULL ? b->name : id != NULL ? id : "?");
}

/* "14:02" today, "25 Nov 14:02" this year, "25 Nov 2024" before. */
static void
boards_when(int64_t ms, char *buf, size_t size)
{
	struct tm	tm, now;
	time_t		t = (time_t)(ms / 1000), n = time(NULL);

	localtime_r(&t, &tm);
	localtime_r(&n, &now);
	if (ms <= 0)
		snprintf(buf, size, "-");
	else if (tm.tm_year == now.tm_year && tm.tm_yday == now.tm_yday)
		strftime(buf, size, "%H:%M", &tm);
	else if (tm.tm_year == now.tm_year)
		strftime(buf, size, "%-d %b %H:%M", &tm);
	else
		strftime(buf, size, "%-d %b %Y", &tm);
}

static char *
boards_tags_text(struct thread *t)
{
	size_t	 i, len = 0;
	char	*s, *p;

	for (i = 0; i < t->ntags; i++)
		len += strlen(t->tags[i]) + 2;
	p = s = xmalloc(len + 1);
	for (i = 0; i < t->ntags; i++)
		p += sprintf(p, "%s%s", i > 0 ? ", " : "", t->tags[i]);
	*p = '\0';
	return (s);
}

/*
 * True when a reply is an error, said to the person. An unknown_op means
 * the server predates the boards: said once, plainly.
 */
static bool
boards_failed(struct client *c, json_t *reply)
{
	const char		*code, *message;
	enum proto_error	 err;

	if ((err = rpc_error(reply, &code, &message)) == PROTO_OK)
		return (false);
	if (reply == NULL)
		return (true);
	if (err == PROTO_ERR_UNKNOWN_OP) {
		bd.unavailable = 1;
		c->fe->error(c, "unavailable", BOARDS_UNAVAILABLE);
	} else if (err == PROTO_ERR_LOCKED)
		c->fe->error(c, code, "this thread is locked: no more replies");
	else
		c->fe->error(c, code, message);
	boards_dirty(c);
	return (true);
}

/* --- boards.list ------------------------------------------------------------ */

static void
boards_print_boards(struct client *c)
{
	struct board	*b;
	size_t		 i;
	char		*name, *id, *scope;

	if (bd.nboards == 0)
		fe_notice(c, "no boards you can see");
	for (i = 0; i < bd.nboards; i++) {
		b = bd.boards[i];
		name = text_safe_utf8(b->name, 0);
		id = text_safe_utf8(b->id, 0);
		scope = text_safe_utf8(b->scope, 0);
		fe_notice(c, "board %zu. [%s] %s (%s): %d threads, %d unread%s",
		    i + 1, id, name, scope, b->threads, b->unread,
		    b->mentions > 0 ? ", mentioned" : "");
		free(scope);
		free(id);
		free(name);
	}
}

static void
boards_list_cb(struct client *c, json_t *reply, void *arg)
{
	struct board	*b;
	json_t		*list, *o;
	char		*sel = NULL, *after;
	size_t		 i;

	bd.listing = 0;
	if (boards_failed(c, reply)) {
		free(bd.after_list);
		bd.after_list = NULL;
		return;
	}
	bd.unavailable = 0;
	if (bd.bsel < bd.nboards)
		sel = xstrdup(bd.boards[bd.bsel]->id);
	boards_clear_boards();
	list = json_object_get(reply, "boards");
	json_array_foreach(list, i, o) {
		if ((b = board_from_json(o)) == NULL)
			continue;
		bd.boards = xreallocarray(bd.boards, bd.nboards + 1,
		    sizeof *bd.boards);
		bd.boards[bd.nboards++] = b;
	}
	bd.bsel = 0;
	for (i = 0; sel != NULL && i < bd.nboards; i++) {
		if (strcmp(bd.boards[i]->id, sel) == 0)
			bd.bsel = i;
	}
	free(sel);
	bd.listed = 1;
	if (c->plain && bd.print_list)
		boards_print_boards(c);
	bd.print_list = 0;
	if ((after = bd.after_list) != NULL) {
		bd.after_list = NULL;
		cmd_run(c, after);
		free(after);
	}
	boards_dirty(c);
}

static void
boards_list(struct client *c, int print)
{
	if (print)
		bd.print_list = 1;
	if (bd.listing)
		return;
	if (rpc_send(c, json_pack("{s:s}", "op", "boards.list"),
	    boards_list_cb, NULL) != -1)
		bd.listing = 1;
}

/* Runs the /command line once the boards are known (ids, names). */
static int
boards_need_list(struct client *c, const char *cmdline)
{
	if (bd.listed)
		return (0);
	free(bd.after_list);
	bd.after_list = xstrdup(cmdline);
	boards_list(c, 0);
	return (1);
}

/* --- board.threads ------------------------------------------------------------ */

static void
boards_print_threads(struct client *c)
{
	struct thread	*t;
	size_t		 i;
	char		*title, *tags, *who, when[32];

	if (bd.nthreads == 0)
		fe_notice(c, "no threads%s%s in [%s] yet", bd.tag != NULL ?
		    " tagged " : "", bd.tag != NULL ? bd.tag : "", bd.board);
	for (i = 0; i < bd.nthreads; i++) {
		t = bd.threads[i];
		title = text_safe_utf8(t->title, 0);
		tags = boards_tags_text(t);
		who = text_safe_utf8(t->author, 0);
		boards_when(t->last_ts, when, sizeof when);
		fe_notice(c, "thread %lld: %s%s%s%s by %s, %d posts, %d unread, "
		    "last %s%s%s", (long long)t->id, title, *tags != '\0' ?
		    " [" : "", tags, *tags != '\0' ? "]" : "", who, t->posts,
		    t->unread, when, t->pinned ? ", pinned" : "", t->locked ?
		    ", locked" : "");
		free(who);
		free(tags);
		free(title);
	}
}

struct boards_page {
	char	*board;
	int	 append;	/* a later page: add to the list */
};

static void
boards_threads_cb(struct client *c, json_t *reply, void *arg)
{
	struct boards_page	*pg = arg;
	struct thread		*t;
	json_t			*list, *o;
	int64_t			 sel = 0;
	size_t			 i;
	int			 append = pg->append;

	if (bd.board == NULL || strcmp(pg->board, bd.board) != 0) {
		free(pg->board);
		free(pg);
		return;
	}
	free(pg->board);
	free(pg);
	bd.tloading = 0;
	if (boards_failed(c, reply))
		return;
	if (!append) {
		if (bd.tsel < bd.nthreads)
			sel = bd.threads[bd.tsel]->id;
		boards_clear_threads();
	}
	list = json_object_get(reply, "threads");
	json_array_foreach(list, i, o) {
		if ((t = thread_from_json(o)) == NULL)
			continue;
		if (append && boards_thread(t->id) != NULL) {
			thread_free(t);
			continue;
		}
		bd.threads = xreallocarray(bd.threads, bd.nthreads + 1,
		    sizeof *bd.threads);
		bd.threads[bd.nthreads++] = t;
		if (t->id == sel)
			bd.tsel = bd.nthreads - 1;
	}
	bd.tloaded = 1;
	bd.tmore = json_is_true(json_object_get(reply, "more"));
	if (c->plain && bd.print_threads)
		boards_print_threads(c);
	bd.print_threads = 0;
	boards_dirty(c);
}

static void
boards_threads_page(struct client *c, int print, int append)
{
	struct boards_page	*pg;
	json_t			*req;

	if (bd.boardv == NULL || (append && (bd.tloading || !bd.tmore ||
	    bd.nthreads == 0)))
		return;
	req = json_pack("{s:s, s:O, s:i}", "op", "board.threads", "board",
	    bd.boardv, "limit", BOARDS_THREAD_PAGE);
	if (bd.tag != NULL)
		json_object_set_new(req, "tag", json_string(bd.tag));
	if (append)
		json_object_set_new(req, "before",
		    json_integer(bd.threads[bd.nthreads - 1]->id));
	bd.print_threads = print;
	pg = xcalloc(1, sizeof *pg);
	pg->board = xstrdup(bd.board);
	pg->append = append;
	if (rpc_send(c, req, boards_threads_cb, pg) != -1)
		bd.tloading = 1;
	else {
		free(pg->board);
		free(pg);
	}
}

static void
boards_threads(struct client *c, int print)
{
	boards_threads_page(c, print, 0);
}

/* Opens board b (its thread list), filtered by tag when not NULL. */
static void
boards_open_board(struct client *c, struct board *b, const char *tag,
    int print)
{
	if (bd.board == NULL || strcmp(bd.board, b->id) != 0 ||
	    (tag == NULL) != (bd.tag == NULL) ||
	    (tag != NULL && strcmp(tag, bd.tag) != 0))
		boards_clear_threads();
	free(bd.board);
	json_decref(bd.boardv);
	bd.board = xstrdup(b->id);
	bd.boardv = json_incref(b->idv);
	free(bd.tag);
	bd.tag = tag != NULL ? xstrdup(tag) : NULL;
	boards_view_set(&threads_mode);
	boards_threads(c, print);
	boards_dirty(c);
}

/* --- thread.posts and thread.read ------------------------------------------- */

static void
boards_read_cb(struct client *c, json_t *reply, void *arg)
{
	/* Counts were already cleared; a failure here is not worth a word. */
}

/* The person has read thread t up to upto (a post id). */
static void
boards_mark_read(struct client *c, int64_t thread, int64_t upto)
{
	struct thread	*t = boards_thread(thread);
	struct board	*b = boards_board(bd.board);

	if (upto <= 0)
		return;
	if (t != NULL) {
		if (b != NULL && (t->board == NULL || strcmp(t->board,
		    b->id) == 0))
			boards_count(&b->unread, -t->unread);
		t->unread = 0;
	}
	if (bd.thread != NULL && bd.thread->id == thread)
		bd.thread->unread = 0;
	rpc_send(c, json_pack("{s:s, s:I, s:I}", "op", "thread.read", "thread",
	    (json_int_t)thread, "upto", (json_int_t)upto), boards_read_cb, NULL);
	boards_dirty(c);
}

/* Puts p among the open thread's posts by id; 0 when it was there. */
static int
boards_insert_post(struct post *p)
{
	size_t	i;

	for (i = bd.nposts; i > 0 && bd.posts[i - 1]->id >= p->id; i--) {
		if (bd.posts[i - 1]->id == p->id)
			return (0);
	}
	bd.posts = xreallocarray(bd.posts, bd.nposts + 1, sizeof *bd.posts);
	memmove(bd.posts + i + 1, bd.posts + i,
	    (bd.nposts - i) * sizeof *bd.posts);
	bd.posts[i] = p;
	bd.nposts++;
	return (1);
}

static void
boards_select_post(int64_t id)
{
	size_t	i;

	for (i = 0; i < bd.nposts; i++) {
		if (bd.posts[i]->id == id) {
			bd.psel = i;
			return;
		}
	}
}

static void
boards_print_thread_head(struct client *c)
{
	struct thread	*t = bd.thread;
	char		*title, *tags;

	if (t == NULL || t->title == NULL || *t->title == '\0')
		return;
	title = text_safe_utf8(t->title, 0);
	tags = boards_tags_text(t);
	fe_notice(c, "thread %lld: %s%s%s%s%s%s", (long long)t->id, title,
	    *tags != '\0' ? " [" : "", tags, *tags != '\0' ? "]" : "",
	    t->pinned ? " (pinned)" : "", t->locked ? " (locked)" : "");
	free(tags);
	free(title);
}

static void
boards_posts_cb(struct client *c, json_t *reply, void *arg)
{
	struct post	**added, *p;
	json_t		 *list, *o, *tobj;
	int64_t		  thread = (int64_t)(intptr_t)arg, last = 0;
	size_t		  i, nadded = 0;

	if (bd.thread == NULL || bd.thread->id != thread)
		return;
	bd.ploading = 0;
	if (boards_failed(c, reply))
		return;
	if (json_is_object(tobj = json_object_get(reply, "thread")))
		thread_update(bd.thread, tobj);
	list = json_object_get(reply, "posts");
	added = xreallocarray(NULL, json_array_size(list) + 1, sizeof *added);
	json_array_foreach(list, i, o) {
		if ((p = post_from_json(o)) == NULL)
			continue;
		if (p->thread == 0)
			p->thread = thread;
		if (p->id > last)
			last = p->id;
		if (boards_insert_post(p))
			added[nadded++] = p;
		else
			post_free(p);
	}
	if (c->plain && bd.print_posts) {
		if (bd.nposts == nadded)
			boards_print_thread_head(c);
		boards_print_posts(c, added, nadded);
	}
	free(added);
	if (json_is_true(json_object_get(reply, "more")) && last > 0 &&
	    bd.nposts < BOARDS_POSTS_MAX) {
		boards_posts(c, last);
		return;
	}
	bd.ploaded = 1;
	bd.print_posts = 0;
	if (bd.target > 0) {
		boards_select_post(bd.target);
		bd.target = 0;
		bd.follow = 0;
	} else if (bd.follow && bd.nposts > 0)
		bd.psel = bd.nposts - 1;
	if (bd.nposts > 0)
		boards_mark_read(c, thread, bd.posts[bd.nposts - 1]->id);
	boards_dirty(c);
}

static void
boards_posts(struct client *c, int64_t after)
{
	json_t	*req;

	if (bd.thread == NULL)
		return;
	req = json_pack("{s:s, s:I, s:i}", "op", "thread.posts", "thread",
	    (json_int_t)bd.thread->id, "limit", BOARDS_POST_PAGE);
	if (after > 0)
		json_object_set_new(req, "after", json_integer(after));
	if (rpc_send(c, req, boards_posts_cb, (void *)(intptr_t)bd.thread->id)
	    != -1)
		bd.ploading = 1;
}

/*
 * Opens thread id (selecting post `at` when not 0): from the list when it
 * is there, else from what thread.posts says about it.
 */
void
boards_open_thread(struct client *c, int64_t id, int64_t at)
{
	struct thread	*t = boards_thread(id);

	thread_free(bd.thread);
	bd.thread = xcalloc(1, sizeof *bd.thread);
	bd.thread->id = id;
	bd.thread->watched = boards_watching_thread(id);
	if (t != NULL) {
		bd.thread->title = xstrdup(t->title);
		bd.thread->author = xstrdup(t->author);
		bd.thread->pinned = t->pinned;
		bd.thread->locked = t->locked;
		bd.thread->watched = t->watched;
		bd.thread->unread = t->unread;
		bd.thread->tags = xreallocarray(NULL, t->ntags + 1,
		    sizeof *t->tags);
		for (bd.thread->ntags = 0; bd.thread->ntags < t->ntags;
		    bd.thread->ntags++)
			bd.thread->tags[bd.thread->ntags] =
			    xstrdup(t->tags[bd.thread->ntags]);
	}
	boards_clear_posts();
	bd.target = at;
	bd.follow = at == 0;
	boards_view_set(&thread_mode);
	bd.print_posts = c->plain;
	boards_posts(c, 0);
	if (!c->plain)
		ui.mode = boards_view();
	boards_dirty(c);
}

int64_t
boards_current_thread(void)
{
	return (bd.thread != NULL ? bd.thread->id : 0);
}

const char *
boards_current_board(void)
{
	return (bd.board);
}

/* Who wrote the post p quotes, when that post is loaded. */
static const char *
boards_quote_author(const struct post *p)
{
	size_t	i;

	if (p->quote_author != NULL)
		return (p->quote_author);
	for (i = 0; i < bd.nposts; i++) {
		if (bd.posts[i]->id == p->quote_post)
			return (bd.posts[i]->author);
	}
	return (NULL);
}

/* --- plain printing of posts ------------------------------------------------ */

/*
 *	[thread 12 #101] 14:02 asha: first line
 *	[thread 12 #101] 14:02 asha| > bob wrote:
 *	[thread 12 #101] 14:02 asha| > quoted line
 *	[thread 12 #101] 14:02 asha| more text
 */
/*
 * Plain mode prints a post once however it comes (the reply to our own
 * post, the event for it, a sync): the last few printed, by id and text.
 */
static int
boards_printed(struct post *p)
{
	static uint64_t	 ring[64];
	static size_t	 next;
	uint64_t	 h = 5381;
	const char	*s;
	size_t		 i;

	for (s = p->body; *s != '\0'; s++)
		h = h * 33 + (unsigned char)*s;
	h = h * 1000003 + (uint64_t)p->id;
	for (i = 0; i < sizeof ring / sizeof ring[0]; i++) {
		if (ring[i] == h)
			return (1);
	}
	ring[next++ % (sizeof ring / sizeof ring[0])] = h;
	return (0);
}

static void
boards_print_post(struct client *c, struct post *p, int once)
{
	struct post_line	*pl;
	size_t			 n, i;
	char			 when[32], *who, *line, *qa, *pre;
	char			 sep = ':';

	if (boards_printed(p) && once)
		return;
	boards_when(p->ts, when, sizeof when);
	who = text_safe_utf8(p->author, 0);
	xasprintf(&pre, "[thread %lld #%lld] %s %s%s%s", (long long)p->thread,
	    (long long)p->id, when, who, p->edited ? " (edited)" : "",
	    p->deleted ? " (deleted)" : "");
	n = post_layout(p, 1 << 20, NULL, 0);
	pl = xreallocarray(NULL, n, sizeof *pl);
	post_layout(p, 1 << 20, pl, n);
	for (i = 0; i < n; i++) {
		switch (pl[i].kind) {
		case PL_HEAD:
		case PL_GAP:
			continue;
		case PL_QUOTE_HEAD:
			qa = text_safe_utf8(boards_quote_author(p) != NULL ?
			    boards_quote_author(p) : "someone", 0);
			printf("%s%c > %s wrote (post #%lld):\n", pre, sep, qa,
			    (long long)p->quote_post);
			free(qa);
			break;
		case PL_QUOTE:
			line = text_to_utf8(pl[i].text + pl[i].off, pl[i].len);
			printf("%s%c > %s\n", pre, sep, line);
			free(line);
			break;
		case PL_BODY:
			line = text_to_utf8(pl[i].text + pl[i].off, pl[i].len);
			printf("%s%c %s\n", pre, sep, line);
			free(line);
			break;
		}
		sep = '|';
	}
	fflush(stdout);
	free(pl);
	free(pre);
	free(who);
}

static void
boards_print_posts(struct client *c, struct post **posts, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		boards_print_post(c, posts[i], 0);
}

/* --- replies to writes (from compose.c and the commands) ------------------- */

/*
 * A post the person wrote was accepted (kind: COMPOSE_*): show it where
 * it belongs. reply holds "post" (and "thread" for a new thread).
 */
void
boards_posted(struct client *c, json_t *reply, int kind)
{
	struct post	*p;
	json_t		*to = json_object_get(reply, "thread"), *po;
	int64_t		 tid = 0;

	if (json_is_object(to))
		tid = jint(to, "id");
	else if (json_is_integer(to))
		tid = json_integer_value(to);
	po = json_object_get(reply, "post");
	if (kind == COMPOSE_THREAD) {
		if (tid <= 0 && json_is_object(po))
			tid = jint(po, "thread");
		/* Starting a thread watches it. */
		if (tid > 0)
			boards_watch_thread_set(tid, 1);
		fe_notice(c, "thread %lld started", (long long)tid);
		if (tid > 0) {
			boards_open_thread(c, tid, 0);
			bd.print_posts = 0;	/* plain: it was just printed */
		}
		if (bd.board != NULL)
			boards_threads(c, 0);
		return;
	}
	if ((p = post_from_json(po)) == NULL)
		return;
	if (p->thread == 0 && bd.thread != NULL)
		p->thread = bd.thread->id;
	if (kind == COMPOSE_EDIT)
		fe_notice(c, "post %lld edited", (long long)p->id);
	else
		fe_notice(c, "posted as #%lld", (long long)p->id);
	/* One's own post is read: it must not count as unread later. */
	if (kind == COMPOSE_REPLY && p->thread > 0 && (c->plain ||
	    (bd.thread != NULL && bd.thread->id == p->thread && bd.ploaded)))
		boards_mark_read(c, p->thread, p->id);
	if (c->plain) {
		boards_print_post(c, p, 1);
		post_free(p);
		return;
	}
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
	boards_dirty(c);
}

/* --- live events -------------------------------------------------------------- */

static void
boards_drop_post(struct client *c, int64_t id)
{
	size_t	i;

	for (i = 0; i < bd.nposts; i++) {
		if (bd.posts[i]->id != id)
			continue;
		post_free(bd.posts[i]);
		memmove(bd.posts + i, bd.posts + i + 1,
		    (bd.nposts - i - 1) * sizeof *bd.posts);
		bd.nposts--;
		if (bd.psel >= bd.nposts && bd.psel > 0)
			bd.psel--;
		break;
	}
	if (c->plain)
		fe_notice(c, "post %lld was deleted", (long long)id);
	boards_dirty(c);
}

static void
boards_event_post(struct client *c, json_t *po, int edit)
{
	struct post	*p;
	struct thread	*t;
	struct board	*b;
	char		*board, *title;
	int		 mine, here;
	size_t		 i;

	if ((p = post_from_json(po)) == NULL) {
		/* Hidden: only its ids come, and it leaves the thread. */
		if (edit && json_is_true(json_object_get(po, "hidden")))
			boards_drop_post(c, jint(po, "id"));
		return;
	}
	mine = boards_is_me(c, p->author);
	board = rpc_id_text(json_object_get(po, "board"));
	t = boards_thread(p->thread);
	here = bd.thread != NULL && bd.thread->id == p->thread;
	/* A new thread on the board on show: the list is asked again. */
	if (!edit && t == NULL && board != NULL && bd.board != NULL &&
	    strcmp(board, bd.board) == 0 && bd.tloaded && !bd.tloading)
		boards_threads(c, 0);
	if (!edit) {
		if (t != NULL) {
			boards_count(&t->posts, 1);
			if (p->ts > t->last_ts)
				t->last_ts = p->ts;
			if (!mine && !(here && bd.ploaded))
				boards_count(&t->unread, 1);
		}
		if (!mine && !(here && bd.ploaded)) {
			if ((b = boards_board(board != NULL ? board :
			    t != NULL ? bd.board : NULL)) != NULL)
				boards_count(&b->unread, 1);
			else if (bd.listed)
				boards_list(c, 0);
		}
	}
	if (c->plain) {
		boards_print_post(c, p, 1);
		if (here && !edit && !mine)
			boards_mark_read(c, p->thread, p->id);
		post_free(p);
		free(board);
		return;
	}
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
	free(board);
	boards_dirty(c);
}

static void
boards_event_thread(struct client *c, json_t *to)
{
	struct thread	*t;
	size_t		 i;

	if (!json_is_object(to) || jint(to, "id") <= 0)
		return;
	if ((t = boards_thread(jint(to, "id"))) != NULL) {
		thread_update(t, to);
		/* Moved away from the board on show: it leaves the list. */
		if (t->board != NULL && bd.board != NULL &&
		    strcmp(t->board, bd.board) != 0) {
			for (i = 0; i < bd.nthreads; i++) {
				if (bd.threads[i] == t) {
					memmove(bd.threads + i, bd.threads + i + 1,
					    (bd.nthreads - i - 1) *
					    sizeof *bd.threads);
					bd.nthreads--;
					break;
				}
			}
			thread_free(t);
			if (bd.tsel >= bd.nthreads && bd.tsel > 0)
				bd.tsel--;
		}
	} else if (bd.board != NULL && bd.tloaded && !bd.tloading)
		boards_threads(c, 0);
	if (bd.thread != NULL && bd.thread->id == jint(to, "id"))
		thread_update(bd.thread, to);
	boards_dirty(c);
}

static void
boards_event_mention(struct client *c, json_t *root)
{
	json_t		*po = json_object_get(root, "post");
	struct board	*b;
	struct thread	*t;
	char		*board, *who, *title;

	board = rpc_id_text(json_object_get(po, "board"));
	if ((b = boards_board(board)) != NULL)
		boards_count(&b->mentions, 1);
	t = boards_thread(jint(po, "thread"));
	who = text_safe_utf8(jstr(po, "author") != NULL ? jstr(po, "author") :
	    "someone", 0);
	title = text_safe_utf8(t != NULL ? t->title : jstr(root, "title") !=
	    NULL ? jstr(root, "title") : "", 0);
	fe_notice(c, "%s mentioned you in thread %lld%s%s%s", who,
	    (long long)jint(po, "thread"), *title != '\0' ? " \"" : "", title,
	    *title != '\0' ? "\"" : "");
	free(title);
	free(who);
	free(board);
	boards_dirty(c);
}

/* Takes the boards' events; 0 for the ones session.c handles. */
int
boards_event(struct client *c, const char *ev, json_t *root)
{
	if (strcmp(ev, "post") == 0)
		boards_event_post(c, json_object_get(root, "post"), 0);
	else if (strcmp(ev, "post.edit") == 0)
		boards_event_post(c, json_object_get(root, "post"), 1);
	else if (strcmp(ev, "thread.update") == 0)
		boards_event_thread(c, json_object_get(root, "thread"));
	else if (strcmp(ev, "mention") == 0 &&
	    json_is_object(json_object_get(root, "post")))
		boards_event_mention(c, root);
	else
		return (0);
	return (1);
}

/* The connection dropped: what was loading will be asked for again. */
void
boards_lost(struct client *c)
{
	bd.listing = bd.tloading = bd.ploading = 0;
	bd.stale = 1;
}

/* --- the other writes: delete, history, pin, lock, move, watch ------------- */

static void
boards_done_cb(struct client *c, json_t *reply, void *arg)
{
	const char	*what = arg;

	if (boards_failed(c, reply))
		return;
	fe_notice(c, "%s", what);
	if (bd.thread != NULL && !c->plain)
		boards_posts(c, 0);
	if (bd.board != NULL && !c->plain)
		boards_threads(c, 0);
}

static void
boards_simple(struct client *c, json_t *req, const char *done)
{
	rpc_send(c, req, boards_done_cb, (void *)done);
}

static void
boards_delete(struct client *c, int64_t post)
{
	boards_simple(c, json_pack("{s:s, s:I}", "op", "post.delete", "post",
	    (json_int_t)post), "post deleted (hidden; moderators can restore "
	    "it)");
}

static void
boards_restore(struct client *c, int64_t post)
{
	boards_simple(c, json_pack("{s:s, s:I}", "op", "post.restore", "post",
	    (json_int_t)post), "post shown again");
}

static void
boards_history_cb(struct client *c, json_t *reply, void *arg)
{
	json_t		*list, *v;
	const char	*body;
	char		 when[32], *safe, *line, *nl, *who;
	size_t		 i;

	if (boards_failed(c, reply))
		return;
	list = json_object_get(reply, "versions");
	if (!json_is_array(list))
		list = json_object_get(reply, "history");
	if (!json_is_array(list))
		list = json_object_get(reply, "edits");
	json_decref(bd.history);
	bd.history = json_incref(list);
	bd.history_post = (int64_t)(intptr_t)arg;
	bd.htop = 0;
	if (!c->plain) {
		boards_view_set(&history_mode);
		boards_dirty(c);
		return;
	}
	fe_notice(c, "post %lld: %zu versions, oldest first",
	    (long long)bd.history_post, json_array_size(list));
	json_array_foreach(list, i, v) {
		boards_when(jint(v, "ts"), when, sizeof when);
		who = text_safe_utf8(jstr(v, "author") != NULL ?
		    jstr(v, "author") : jstr(v, "by") != NULL ? jstr(v, "by") :
		    "", 0);
		body = jstr(v, "body") != NULL ? jstr(v, "body") : "";
		safe = text_safe_utf8(body, TEXT_BODY);
		printf("[post %lld v%zu] %s%s%s:", (long long)bd.history_post,
		    i + 1, when, *who != '\0' ? " " : "", who);
		for (line = safe; line != NULL; line = nl) {
			if ((nl = strchr(line, '\n')) != NULL)
				*nl++ = '\0';
			printf(" %s\n", line);
			if (nl != NULL)
				printf("[post %lld v%zu] %s%s%s|",
				    (long long)bd.history_post, i + 1, when,
				    *who != '\0' ? " " : "", who);
		}
		free(safe);
		free(who);
	}
	fflush(stdout);
}

static void
boards_history(struct client *c, int64_t post)
{
	rpc_send(c, json_pack("{s:s, s:I}", "op", "post.history", "post",
	    (json_int_t)post), boards_history_cb, (void *)(intptr_t)post);
}

/* pin/lock: on when off, off when on (thread.unpin, thread.unlock). */
static void
boards_toggle(struct client *c, int64_t thread, const char *what, int on)
{
	char	*op;

	xasprintf(&op, "thread.%s%s", on ? "" : "un", what);
	boards_simple(c, json_pack("{s:s, s:I}", "op", op, "thread",
	    (json_int_t)thread), strcmp(what, "pin") == 0 ? (on ?
	    "thread pinned" : "thread unpinned") : (on ? "thread locked" :
	    "thread unlocked"));
	free(op);
}

static void
boards_move(struct client *c, int64_t thread, struct board *to)
{
	boards_simple(c, json_pack("{s:s, s:I, s:O}", "op", "thread.move",
	    "thread", (json_int_t)thread, "board", to->idv), "thread moved");
}

static void
boards_watch(struct client *c, int64_t thread, int on)
{
	struct thread	*t = boards_thread(thread);

	if (t != NULL)
		t->watched = on;
	if (bd.thread != NULL && bd.thread->id == thread)
		bd.thread->watched = on;
	boards_watch_thread_set(thread, on);
	rpc_send(c, json_pack("{s:s, s:I}", "op", on ? "watch" : "unwatch",
	    "thread", (json_int_t)thread), boards_done_cb, on ?
	    "watching the thread: new posts will be shown as they come" :
	    "no longer watching the thread");
}

/* Marks every thread of the open board read (c: catch up). */
static void
boards_catch_up(struct client *c)
{
	struct board	*b = boards_board(bd.board);
	size_t		 i;

	for (i = 0; i < bd.nthreads; i++) {
		if (bd.threads[i]->unread > 0) {
			rpc_send(c, json_pack("{s:s, s:I, s:I}", "op",
			    "thread.read", "thread",
			    (json_int_t)bd.threads[i]->id, "upto",
			    (json_int_t)INT64_MAX / 2), boards_read_cb, NULL);
			bd.threads[i]->unread = 0;
		}
	}
	if (b != NULL)
		b->unread = 0;
	fe_notice(c, "caught up: every thread here is marked read");
	boards_dirty(c);
}

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
	if (!bd.listed && !bd.listing && c->ready && !c->join_session &&
	    c->net.state == NET_READY)
		boards_list(c, 0);
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
static int
boards_moderating(struct client *c)
{
	struct board	*b = boards_board(bd.board);

	if (b != NULL && b->moderator)
		return (1);
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
	if (bd.bsel >= bd.nboards && bd.nboards > 0)
		bd.bsel = bd.nboards - 1;
	first = boards_window(bd.bsel, bd.nboards, h);
	for (i = first, y = top; i < bd.nboards && y < top + h; i++, y++) {
		b = bd.boards[i];
		attr = b->unread > 0 ? A_BOLD : 0;
		if (i == bd.bsel) {
			attr |= A_REVERSE;
			attron(A_REVERSE);
			mvhline(y, 0, ' ', COLS);
			attroff(A_REVERSE);
		}
		xasprintf(&count, "%d threads  %s%d unread", b->threads,
		    b->mentions > 0 ? "@" : "", b->unread);
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
	int		 y, x, rw;
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
	if (bd.tsel >= bd.nthreads && bd.nthreads > 0)
		bd.tsel = bd.nthreads - 1;
	first = boards_window(bd.tsel, bd.nthreads, h);
	for (i = first, y = top; i < bd.nthreads && y < top + h; i++, y++) {
		t = bd.threads[i];
		attr = t->unread > 0 ? A_BOLD : 0;
		if (i == bd.tsel) {
			attr |= A_REVERSE;
			attron(A_REVERSE);
			mvhline(y, 0, ' ', COLS);
			attroff(A_REVERSE);
		}
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
		rw = COLS >= 70 ? 36 : 0;
		x = ui_put(y, 0, flags, 3, attr);
		x += 1 + ui_put(y, x + 1, t->title, COLS - x - 1 - rw, attr);
		if (*tags != '\0' && x + 3 < COLS - rw) {
			char	*tt;

			xasprintf(&tt, " [%s]", tags);
			ui_put(y, x, tt, COLS - x - rw, attr & ~A_BOLD);
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
static struct post_line *
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

/* The post names the person as @handle (a whole handle, not a prefix). */
static int
boards_mentions_me(struct client *c, const struct post *p)
{
	const char	*s = p->body;
	size_t		 len;
	char		 next;

	if (c->handle == NULL)
		return (0);
	len = strlen(c->handle);
	while ((s = strchr(s, '@')) != NULL) {
		s++;
		if (strncmp(s, c->handle, len) != 0)
			continue;
		next = s[len];
		if (!((next >= 'a' && next <= 'z') || (next >= '0' &&
		    next <= '9') || next == '.' || next == '_' || next == '-') ||
		    ((next == '.' || next == '-') && !(s[len + 1] >= 'a' &&
		    s[len + 1] <= 'z')))
			return (1);
	}
	return (0);
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
		xasprintf(&s, "  %s  #%lld%s%s", when, (long long)p->id,
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
		    p->deleted ? A_DIM : boards_mentions_me(c, p) ? A_BOLD : 0);
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
		boards_when(jint(v, "ts"), when, sizeof when);
		who = jstr(v, "author") != NULL ? jstr(v, "author") :
		    jstr(v, "by") != NULL ? jstr(v, "by") : "";
		xasprintf(&s, "version %zu  %s  %s", i + 1, when, who);
		if (row++ >= (size_t)bd.htop && y < top + h)
			ui_put(y++, 1, s, COLS - 1, A_BOLD);
		free(s);
		body = jstr(v, "body") != NULL ? jstr(v, "body") : "";
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

/* --- keys --------------------------------------------------------------------- */

static void
boards_prompt(enum boards_prompt p)
{
	bd.prompt = p;
	input_free(&bd.line);
	input_init(&bd.line, 0);
}

static void
boards_prompt_submit(struct client *c)
{
	char		*text = input_take(&bd.line), *bad;
	char		**tags;
	size_t		 ntags;
	struct board	*b;
	enum boards_prompt p = bd.prompt;

	bd.prompt = BP_NONE;
	switch (p) {
	case BP_TAG:
		if (board_tags_parse(text, &tags, &ntags, &bad) == -1) {
			fe_notice(c, "%s is not a tag; /tags lists them", bad);
			free(bad);
			break;
		}
		b = boards_board(bd.board);
		if (b != NULL)
			boards_open_board(c, b, ntags > 0 ? tags[0] : NULL, 0);
		board_strv_free(tags, ntags);
		break;
	case BP_SEARCH:
		if (text[strspn(text, " ")] != '\0')
			search_run(c, text);
		break;
	case BP_MOVE:
		if ((b = boards_find(text)) == NULL)
			c->fe->error(c, "no_board", "no board matches that");
		else if (bd.thread != NULL && boards_view() == &thread_mode)
			boards_move(c, bd.thread->id, b);
		else if (bd.tsel < bd.nthreads)
			boards_move(c, bd.threads[bd.tsel]->id, b);
		break;
	default:
		break;
	}
	free(text);
}

/* The next (dir 1) or previous (-1) thread with unread posts after i. */
static int
boards_next_unread(size_t from, int dir)
{
	size_t	k, i;

	for (k = 1; k <= bd.nthreads; k++) {
		i = (from + bd.nthreads + (size_t)dir * k) % bd.nthreads;
		if (bd.threads[i]->unread > 0)
			return ((int)i);
	}
	return (-1);
}

static void
boards_key_boards(struct client *c, int key)
{
	size_t	i;

	switch (key) {
	case KEYC_UP:
	case 'k':
		if (bd.bsel > 0)
			bd.bsel--;
		break;
	case KEYC_DOWN:
	case 'j':
		if (bd.bsel + 1 < bd.nboards)
			bd.bsel++;
		break;
	case KEYC_HOME:
		bd.bsel = 0;
		break;
	case KEYC_END:
		bd.bsel = bd.nboards > 0 ? bd.nboards - 1 : 0;
		break;
	case 'n':
		for (i = 1; i <= bd.nboards; i++) {
			if (bd.boards[(bd.bsel + i) % bd.nboards]->unread > 0) {
				bd.bsel = (bd.bsel + i) % bd.nboards;
				boards_open_board(c, bd.boards[bd.bsel], NULL, 0);
				return;
			}
		}
		fe_notice(c, "no unread posts on any board");
		break;
	case '\r':
	case '\n':
	case KEYC_RIGHT:
		if (bd.bsel < bd.nboards)
			boards_open_board(c, bd.boards[bd.bsel], NULL, 0);
		break;
	case 'w':
		if (bd.bsel < bd.nboards) {
			struct board	*b = bd.boards[bd.bsel];
			int		 on = !boards_watching_board(b->id);

			boards_watch_board_set(b->id, on);
			rpc_send(c, json_pack("{s:s, s:O}", "op", on ? "watch" :
			    "unwatch", "board", b->idv), boards_done_cb, on ?
			    "watching the board: new posts there will be shown" :
			    "no longer watching the board");
		}
		break;
	case 'g':
		boards_list(c, 0);
		break;
	case 'q':
	case KEYC_ESC:
	case KEYC_LEFT:
		ui.mode = &rooms_mode;
		break;
	}
}

static void
boards_key_threads(struct client *c, int key)
{
	int	i;

	switch (key) {
	case KEYC_UP:
	case 'k':
		if (bd.tsel > 0)
			bd.tsel--;
		break;
	case KEYC_DOWN:
	case 'j':
		if (bd.tsel + 1 < bd.nthreads)
			bd.tsel++;
		break;
	case KEYC_PGUP:
		bd.tsel = bd.tsel > (size_t)(LINES - 5) ? bd.tsel -
		    (size_t)(LINES - 5) : 0;
		break;
	case KEYC_PGDN:
		bd.tsel += (size_t)(LINES - 5);
		if (bd.tsel >= bd.nthreads)
			bd.tsel = bd.nthreads > 0 ? bd.nthreads - 1 : 0;
		break;
	case KEYC_HOME:
		bd.tsel = 0;
		break;
	case KEYC_END:
		bd.tsel = bd.nthreads > 0 ? bd.nthreads - 1 : 0;
		break;
	case '\r':
	case '\n':
	case KEYC_RIGHT:
		if (bd.tsel < bd.nthreads)
			boards_open_thread(c, bd.threads[bd.tsel]->id, 0);
		break;
	case 'n':
		if (bd.nthreads == 0 || (i = boards_next_unread(bd.tsel, 1)) ==
		    -1) {
			fe_notice(c, "no unread threads here");
			break;
		}
		bd.tsel = (size_t)i;
		boards_open_thread(c, bd.threads[bd.tsel]->id, 0);
		break;
	case 'p':
		if (bd.tsel > 0)
			bd.tsel--;
		break;
	case 'c':
		boards_catch_up(c);
		break;
	case 't':
		boards_prompt(BP_TAG);
		break;
	case 'w':
		if (bd.tsel < bd.nthreads)
			boards_watch(c, bd.threads[bd.tsel]->id,
			    !bd.threads[bd.tsel]->watched);
		break;
	case 'N':
		compose_open(c, COMPOSE_THREAD, bd.board, 0, NULL, NULL);
		break;
	case 'g':
		boards_threads(c, 0);
		break;
	case 'P':
		if (bd.tsel < bd.nthreads)
			boards_toggle(c, bd.threads[bd.tsel]->id, "pin",
			    !bd.threads[bd.tsel]->pinned);
		break;
	case 'L':
		if (bd.tsel < bd.nthreads)
			boards_toggle(c, bd.threads[bd.tsel]->id, "lock",
			    !bd.threads[bd.tsel]->locked);
		break;
	case 'M':
		if (bd.tsel < bd.nthreads)
			boards_prompt(BP_MOVE);
		break;
	case 'q':
	case KEYC_ESC:
	case KEYC_LEFT:
		boards_view_set(&boards_mode);
		boards_list(c, 0);
		break;
	}
	/* At the end of what is loaded: the next page. */
	if (boards_view() == &threads_mode && bd.tmore && bd.tsel + 1 >= bd.nthreads)
		boards_threads_page(c, 0, 1);
}

/* The thread before or after the open one in the list (n and p). */
static void
boards_step_thread(struct client *c, int dir)
{
	size_t	i;
	int	k;

	for (i = 0; i < bd.nthreads; i++) {
		if (bd.thread != NULL && bd.threads[i]->id == bd.thread->id)
			break;
	}
	if (dir > 0) {
		k = bd.nthreads > 0 ? boards_next_unread(i < bd.nthreads ? i :
		    0, 1) : -1;
		if (k == -1) {
			fe_notice(c, "no more unread threads here");
			return;
		}
	} else {
		if (i == 0 || i >= bd.nthreads) {
			fe_notice(c, "this is the first thread");
			return;
		}
		k = (int)i - 1;
	}
	bd.tsel = (size_t)k;
	boards_open_thread(c, bd.threads[k]->id, 0);
}

static struct post *
boards_selected(void)
{
	return (bd.psel < bd.nposts ? bd.posts[bd.psel] : NULL);
}

static void
boards_key_thread(struct client *c, int key)
{
	struct post	*p = boards_selected();
	int		 page = LINES - 5 > 1 ? LINES - 5 : 1;

	switch (key) {
	case KEYC_UP:
	case 'k':
		if (bd.psel > 0)
			bd.psel--;
		break;
	case KEYC_DOWN:
	case 'j':
		if (bd.psel + 1 < bd.nposts)
			bd.psel++;
		break;
	case KEYC_HOME:
		bd.psel = 0;
		bd.ptop = 0;
		break;
	case KEYC_END:
		bd.psel = bd.nposts > 0 ? bd.nposts - 1 : 0;
		break;
	case KEYC_PGUP:
	case KEYC_PGDN:
	case ' ': {
		struct post_line	*lines;
		size_t			*starts, n, i;

		lines = boards_thread_lines(COLS - 3, &n, &starts);
		bd.ptop += key == KEYC_PGUP ? -page : page;
		if (bd.ptop > (int)n - 1)
			bd.ptop = (int)n - 1;
		if (bd.ptop < 0)
			bd.ptop = 0;
		/* Select the first post that starts in view. */
		for (i = 0; i < bd.nposts && (int)starts[i + 1] <= bd.ptop; i++)
			;
		if (i < bd.nposts && (int)starts[i] < bd.ptop &&
		    i + 1 < bd.nposts && (int)starts[i + 1] < bd.ptop + page)
			i++;
		bd.psel = i < bd.nposts ? i : bd.psel;
		free(lines);
		free(starts);
		break;
	}
	case 'r':
		if (bd.thread != NULL)
			compose_open(c, COMPOSE_REPLY, NULL, bd.thread->id,
			    NULL, NULL);
		break;
	case 'f':
		if (bd.thread != NULL && p != NULL)
			compose_open(c, COMPOSE_REPLY, NULL, bd.thread->id, p,
			    NULL);
		break;
	case 'e':
		if (p == NULL)
			break;
		if (!boards_is_me(c, p->author)) {
			fe_notice(c, "you can only edit your own posts");
			break;
		}
		compose_open(c, COMPOSE_EDIT, NULL, p->id, NULL, p->body);
		break;
	case 'd':
	case KEYC_DELETE:
		if (p == NULL)
			break;
		if (!boards_is_me(c, p->author) && !boards_moderating(c)) {
			fe_notice(c, "you can only delete your own posts");
			break;
		}
		bd.prompt = BP_DELETE;
		break;
	case 'h':
		if (p != NULL)
			boards_history(c, p->id);
		break;
	case 'u':
		if (p != NULL && p->deleted)
			boards_restore(c, p->id);
		break;
	case 'n':
		boards_step_thread(c, 1);
		break;
	case 'p':
		boards_step_thread(c, -1);
		break;
	case 'c':
		if (bd.nposts > 0 && bd.thread != NULL)
			boards_mark_read(c, bd.thread->id,
			    bd.posts[bd.nposts - 1]->id);
		boards_view_set(&threads_mode);
		boards_threads(c, 0);
		break;
	case 'w':
		if (bd.thread != NULL)
			boards_watch(c, bd.thread->id, !bd.thread->watched);
		break;
	case 'g':
		boards_posts(c, 0);
		break;
	case 'P':
		if (bd.thread != NULL)
			boards_toggle(c, bd.thread->id, "pin",
			    !bd.thread->pinned);
		break;
	case 'L':
		if (bd.thread != NULL)
			boards_toggle(c, bd.thread->id, "lock",
			    !bd.thread->locked);
		break;
	case 'M':
		if (bd.thread != NULL)
			boards_prompt(BP_MOVE);
		break;
	case 'q':
	case KEYC_ESC:
	case KEYC_LEFT:
		if (bd.board != NULL) {
			boards_view_set(&threads_mode);
			boards_threads(c, 0);
		} else {
			boards_view_set(&boards_mode);
			boards_list(c, 0);
		}
		break;
	}
}

static void
boards_key_history(struct client *c, int key)
{
	switch (key) {
	case KEYC_UP:
	case 'k':
		bd.htop--;
		break;
	case KEYC_DOWN:
	case 'j':
		bd.htop++;
		break;
	case KEYC_PGUP:
		bd.htop -= LINES - 5;
		break;
	case KEYC_PGDN:
	case ' ':
		bd.htop += LINES - 5;
		break;
	case 'q':
	case KEYC_ESC:
	case KEYC_LEFT:
		boards_view_set(&thread_mode);
		break;
	}
}

/* Keys every boards screen shares; false for the screen's own. */
static bool
boards_key(struct client *c, int key)
{
	enum input_key	action;
	struct post	*p;

	if (bd.prompt == BP_DELETE) {
		p = boards_selected();
		if ((key == 'y' || key == 'Y') && p != NULL)
			boards_delete(c, p->id);
		bd.prompt = BP_NONE;
		return (true);
	}
	if (bd.prompt != BP_NONE) {
		if (key == KEYC_ESC)
			bd.prompt = BP_NONE;
		else if (key == '\r' || key == '\n')
			boards_prompt_submit(c);
		else if (keys_edit(key, &action) == 0)
			input_key(&bd.line, action);
		else
			ui_key_insert(&bd.line, key);
		return (true);
	}
	switch (key) {
	case KEYC_F1:
		ui.mode = &help_mode;
		ui.help_top = 0;
		return (true);
	case KEYC_F3:
		ui.mode = &rooms_mode;
		return (true);
	case '/':
		boards_prompt(BP_SEARCH);
		return (true);
	case ':':
		/* A /command from the boards: the main screen's input line. */
		ui.mode = &rooms_mode;
		input_set(&ui.input, "/");
		return (true);
	}
	return (false);
}

static void
boards_mode_key_boards(struct client *c, int key)
{
	if (!boards_key(c, key))
		boards_key_boards(c, key);
}

static void
boards_mode_key_threads(struct client *c, int key)
{
	if (!boards_key(c, key))
		boards_key_threads(c, key);
}

static void
boards_mode_key_thread(struct client *c, int key)
{
	if (!boards_key(c, key))
		boards_key_thread(c, key);
}

static void
boards_mode_key_history(struct client *c, int key)
{
	if (!boards_key(c, key))
		boards_key_history(c, key);
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

/* --- the /commands (both frontends) ------------------------------------------ */

static int
boards_usable(struct client *c)
{
	if (bd.unavailable) {
		c->fe->error(c, "unavailable", BOARDS_UNAVAILABLE);
		return (0);
	}
	return (1);
}

/* A positive id from text ("12" or "#12"); 0 when it is not one. */
static int64_t
boards_parse_id(const char *s, const char **rest)
{
	char		*end;
	long long	 n;

	s += strspn(s, " \t");
	if (*s == '#')
		s++;
	n = strtoll(s, &end, 10);
	if (end == s || n <= 0 || (*end != '\0' && *end != ' ' &&
	    *end != '\t' && *end != '\n'))
		return (0);
	if (rest != NULL) {
		end += strspn(end, " \t");
		if (*end == '\n')
			end++;
		*rest = end;
	}
	return (n);
}

void
cmd_boards(struct client *c, const char *arg)
{
	if (c->plain) {
		boards_list(c, 1);
		return;
	}
	boards_view_set(&boards_mode);
	boards_open(c);
}

void
cmd_threads(struct client *c, const char *arg)
{
	struct board	*b;
	char		*name, *cmdline, *bad, **tags;
	const char	*tag;
	size_t		 len, ntags;

	if (!boards_usable(c))
		return;
	xasprintf(&cmdline, "/threads %s", arg);
	if (boards_need_list(c, cmdline)) {
		free(cmdline);
		return;
	}
	free(cmdline);
	len = strcspn(arg, " \t");
	name = xstrndup(arg, len);
	tag = arg + len + strspn(arg + len, " \t");
	if ((b = boards_find(name)) == NULL) {
		c->fe->error(c, "no_board", "no board of yours matches that; "
		    "/boards lists them");
		free(name);
		return;
	}
	free(name);
	if (board_tags_parse(tag, &tags, &ntags, &bad) == -1) {
		c->fe->error(c, "bad_tag", "that is not a tag; /tags lists them");
		free(bad);
		return;
	}
	boards_open_board(c, b, ntags > 0 ? tags[0] : NULL, c->plain);
	board_strv_free(tags, ntags);
	if (!c->plain)
		ui.mode = boards_view();
}

void
cmd_thread(struct client *c, const char *arg)
{
	const char	*rest;
	int64_t		 id, at;

	if (!boards_usable(c))
		return;
	if ((id = boards_parse_id(arg, &rest)) == 0) {
		c->fe->error(c, "bad_command", "give a thread number: /thread 12");
		return;
	}
	at = boards_parse_id(rest, NULL);
	boards_open_thread(c, id, at);
}

/* The thread the person is in, or an error said. */
static int64_t
boards_need_thread(struct client *c)
{
	if (bd.thread == NULL) {
		c->fe->error(c, "no_thread", "open a thread first: /thread ID");
		return (0);
	}
	return (bd.thread->id);
}

static void
boards_write_cb(struct client *c, json_t *reply, void *arg)
{
	int	kind = (int)(intptr_t)arg;

	if (boards_failed(c, reply))
		return;
	boards_posted(c, reply, kind);
}

void
cmd_new(struct client *c, const char *arg)
{
	char		*board, **tags, *title, *body, *cmdline;
	size_t		 ntags, i;
	struct board	*b;
	json_t		*req, *jt;

	if (!boards_usable(c))
		return;
	if (*arg == '\0') {
		if (c->plain) {
			c->fe->error(c, "bad_command", "/new BOARD [#tag ...] "
			    "TITLE, then the text on lines ending in \\");
			return;
		}
		compose_open(c, COMPOSE_THREAD, bd.board, 0, NULL, NULL);
		return;
	}
	xasprintf(&cmdline, "/new %s", arg);
	if (boards_need_list(c, cmdline)) {
		free(cmdline);
		return;
	}
	free(cmdline);
	if (board_parse_new(arg, &board, &tags, &ntags, &title, &body) == -1) {
		if (title != NULL) {
			fe_notice(c, "%s is not a tag; /tags lists them", title);
			free(title);
		} else
			c->fe->error(c, "bad_command", "/new BOARD [#tag ...] "
			    "TITLE, then the text on the next lines");
		return;
	}
	if ((b = boards_find(board)) == NULL)
		c->fe->error(c, "no_board", "no board of yours matches that; "
		    "/boards lists them");
	else if (body[strspn(body, " \t\n")] == '\0' && !c->plain) {
		/* No text yet: write it in the composer. */
		compose_open(c, COMPOSE_THREAD, b->id, 0, NULL, NULL);
	} else if (body[strspn(body, " \t\n")] == '\0')
		c->fe->error(c, "bad_command", "the first post needs some text: "
		    "end the /new line with \\ and write it on the next lines");
	else {
		jt = json_array();
		for (i = 0; i < ntags; i++)
			json_array_append_new(jt, json_string(tags[i]));
		req = json_pack("{s:s, s:O, s:s, s:s, s:o}", "op",
		    "thread.create", "board", b->idv, "title", title, "body",
		    body, "tags", jt);
		rpc_send(c, req, boards_write_cb,
		    (void *)(intptr_t)COMPOSE_THREAD);
	}
	free(board);
	free(title);
	free(body);
	board_strv_free(tags, ntags);
}

/* Replies to thread with body, quoting q (NULL for none). */
static void
boards_reply(struct client *c, int64_t thread, const char *body,
    struct post *q)
{
	json_t	*req;
	char	*excerpt;

	req = json_pack("{s:s, s:I, s:s}", "op", "post.reply", "thread",
	    (json_int_t)thread, "body", body);
	if (q != NULL) {
		excerpt = board_quote_excerpt(q->body, 600);
		if (*excerpt != '\0')
			json_object_set_new(req, "quote", json_pack("{s:I, s:s}",
			    "post", (json_int_t)q->id, "text", excerpt));
		free(excerpt);
	}
	rpc_send(c, req, boards_write_cb, (void *)(intptr_t)COMPOSE_REPLY);
}

static int
boards_has_text(const char *s)
{
	return (s[strspn(s, " \t\n")] != '\0');
}

void
cmd_post(struct client *c, const char *arg)
{
	const char	*body;
	int64_t		 thread;

	if (!boards_usable(c))
		return;
	if ((thread = boards_parse_id(arg, &body)) == 0 || !boards_has_text(body)) {
		c->fe->error(c, "bad_command", "/post THREAD TEXT (more lines: "
		    "end each with \\)");
		return;
	}
	boards_reply(c, thread, body, NULL);
}

void
cmd_reply(struct client *c, const char *arg)
{
	int64_t	thread;

	if (!boards_usable(c) || (thread = boards_need_thread(c)) == 0)
		return;
	if (!boards_has_text(arg)) {
		if (c->plain)
			c->fe->error(c, "bad_command", "/reply TEXT (more lines: "
			    "end each with \\)");
		else
			compose_open(c, COMPOSE_REPLY, NULL, thread, NULL, NULL);
		return;
	}
	boards_reply(c, thread, arg, NULL);
}

static struct post *
boards_post(int64_t id)
{
	size_t	i;

	for (i = 0; i < bd.nposts; i++) {
		if (bd.posts[i]->id == id)
			return (bd.posts[i]);
	}
	return (NULL);
}

void
cmd_quote(struct client *c, const char *arg)
{
	const char	*body;
	struct post	*q;
	int64_t		 id, thread;

	if (!boards_usable(c) || (thread = boards_need_thread(c)) == 0)
		return;
	if ((id = boards_parse_id(arg, &body)) == 0) {
		c->fe->error(c, "bad_command", "/quote POST TEXT: reply quoting "
		    "post POST of this thread");
		return;
	}
	if ((q = boards_post(id)) == NULL) {
		c->fe->error(c, "not_found", "no such post in this thread");
		return;
	}
	if (!boards_has_text(body)) {
		if (c->plain)
			c->fe->error(c, "bad_command", "/quote POST TEXT");
		else
			compose_open(c, COMPOSE_REPLY, NULL, thread, q, NULL);
		return;
	}
	boards_reply(c, thread, body, q);
}

void
cmd_edit(struct client *c, const char *arg)
{
	const char	*body;
	struct post	*p;
	int64_t		 id;

	if (!boards_usable(c))
		return;
	if ((id = boards_parse_id(arg, &body)) == 0) {
		c->fe->error(c, "bad_command", "/edit POST NEW-TEXT");
		return;
	}
	if (!boards_has_text(body)) {
		if (c->plain || (p = boards_post(id)) == NULL)
			c->fe->error(c, "bad_command", "/edit POST NEW-TEXT");
		else
			compose_open(c, COMPOSE_EDIT, NULL, id, NULL, p->body);
		return;
	}
	rpc_send(c, json_pack("{s:s, s:I, s:s}", "op", "post.edit", "post",
	    (json_int_t)id, "body", body), boards_write_cb,
	    (void *)(intptr_t)COMPOSE_EDIT);
}

void
cmd_delete(struct client *c, const char *arg)
{
	int64_t	id;

	if (!boards_usable(c))
		return;
	if ((id = boards_parse_id(arg, NULL)) == 0) {
		c->fe->error(c, "bad_command", "/delete POST");
		return;
	}
	boards_delete(c, id);
}

void
cmd_restore(struct client *c, const char *arg)
{
	int64_t	id;

	if (!boards_usable(c))
		return;
	if ((id = boards_parse_id(arg, NULL)) == 0) {
		c->fe->error(c, "bad_command", "/restore POST");
		return;
	}
	boards_restore(c, id);
}

void
cmd_post_history(struct client *c, const char *arg)
{
	int64_t	id;

	if (!boards_usable(c))
		return;
	if ((id = boards_parse_id(arg, NULL)) == 0) {
		c->fe->error(c, "bad_command", "/history POST");
		return;
	}
	boards_history(c, id);
}

void
cmd_catchup(struct client *c, const char *arg)
{
	if (!boards_usable(c))
		return;
	if (bd.board == NULL) {
		c->fe->error(c, "no_board", "open a board first: /threads BOARD");
		return;
	}
	boards_catch_up(c);
}

static int64_t
boards_arg_thread(struct client *c, const char *arg)
{
	int64_t	id;

	if (*arg != '\0') {
		if ((id = boards_parse_id(arg, NULL)) == 0)
			c->fe->error(c, "bad_command", "give a thread number");
		return (id);
	}
	return (boards_need_thread(c));
}

void
cmd_watch(struct client *c, const char *arg)
{
	int64_t	id;

	if (boards_usable(c) && (id = boards_arg_thread(c, arg)) != 0)
		boards_watch(c, id, 1);
}

void
cmd_unwatch(struct client *c, const char *arg)
{
	int64_t	id;

	if (boards_usable(c) && (id = boards_arg_thread(c, arg)) != 0)
		boards_watch(c, id, 0);
}

/* /pin [THREAD] [off] and /lock [THREAD] [off] */
static void
boards_cmd_toggle(struct client *c, const char *arg, const char *what)
{
	const char	*rest = arg;
	int64_t		 id;
	int		 on;

	if (!boards_usable(c))
		return;
	if ((id = boards_parse_id(arg, &rest)) == 0) {
		rest = arg;
		if ((id = boards_need_thread(c)) == 0)
			return;
	}
	on = strcmp(rest, "off") != 0;
	boards_toggle(c, id, what, on);
}

void
cmd_pin(struct client *c, const char *arg)
{
	boards_cmd_toggle(c, arg, "pin");
}

void
cmd_lock(struct client *c, const char *arg)
{
	boards_cmd_toggle(c, arg, "lock");
}

void
cmd_move(struct client *c, const char *arg)
{
	const char	*rest;
	struct board	*b;
	int64_t		 id;
	char		*cmdline;

	if (!boards_usable(c))
		return;
	xasprintf(&cmdline, "/move %s", arg);
	if (boards_need_list(c, cmdline)) {
		free(cmdline);
		return;
	}
	free(cmdline);
	if ((id = boards_parse_id(arg, &rest)) == 0 || *rest == '\0') {
		c->fe->error(c, "bad_command", "/move THREAD BOARD");
		return;
	}
	if ((b = boards_find(rest)) == NULL) {
		c->fe->error(c, "no_board", "no board matches that");
		return;
	}
	boards_move(c, id, b);
}

void
cmd_tags(struct client *c, const char *arg)
{
	size_t	i;

	for (i = 0; i < PROTO_TAG_COUNT; i++)
		fe_notice(c, "tag %s: %s", proto_tag_name(i), proto_tag_label(i));
}
