/*
 * boards_rpc.c: what the boards ask of the server and what they do with
 * the answers: the board list, a board's threads, a thread's posts (paged),
 * marking read, and the writes other than composing (delete, restore,
 * history, pin, lock, move, watch). The state is boards.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "staffroom.h"
#include "boards.h"

/* --- boards.list ------------------------------------------------------------ */

static void
boards_list_cb(struct client *c, json_t *reply, void *arg)
{
	struct board	*b;
	json_t		*list, *o, *after;
	char		*sel = NULL;
	size_t		 i;

	bd.listing = 0;
	if (boards_failed(c, reply)) {
		json_decref(bd.after_list);
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
	c->fe->boards->listed(c);
	bd.print_list = 0;
	if ((after = bd.after_list) != NULL) {
		bd.after_list = NULL;
		json_array_foreach(after, i, o)
			cmd_run(c, json_string_value(o));
		json_decref(after);
	}
	boards_dirty(c);
}

void
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

/* Lists the boards once, when signed in (the sidebar, the summary). */
void
boards_ask(struct client *c)
{
	if (!bd.unavailable && !bd.listed && !bd.listing && c->ready &&
	    !c->join_session && c->net.state == NET_READY)
		boards_list(c, 0);
}

/*
 * The i-th board whose posts name you (its id, name and count), in the
 * board list's order; false past the last.
 */
bool
boards_mention_at(size_t i, const char **id, const char **name,
    int *mentions)
{
	size_t	k;

	for (k = 0; k < bd.nboards; k++) {
		if (bd.boards[k]->mentions <= 0 || i-- > 0)
			continue;
		*id = bd.boards[k]->id;
		*name = bd.boards[k]->name;
		*mentions = bd.boards[k]->mentions;
		return (true);
	}
	return (false);
}

/*
 * Runs the /command line once the boards are known (ids, names), after
 * any others waiting, in the order typed.
 */
bool
boards_need_list(struct client *c, const char *cmdline)
{
	if (bd.listed)
		return (false);
	if (bd.after_list == NULL)
		bd.after_list = json_array();
	json_array_append_new(bd.after_list, json_string(cmdline));
	boards_list(c, 0);
	return (true);
}

/* --- board.threads ------------------------------------------------------------ */

struct boards_page {
	char	*board;
	int	 append;	/* a later page: add to the list */
	int	 print;		/* plain: print it (each answer its own) */
};

static void
boards_threads_cb(struct client *c, json_t *reply, void *arg)
{
	struct boards_page	*pg = arg;
	struct thread		*t;
	json_t			*list, *o;
	int64_t			 sel = 0;
	size_t			 i;
	int			 append = pg->append, print = pg->print;

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
	bd.print_threads = print;
	c->fe->boards->threads(c);
	bd.print_threads = 0;
	boards_dirty(c);
}

void
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
	pg = xcalloc(1, sizeof *pg);
	pg->board = xstrdup(bd.board);
	pg->append = append;
	pg->print = print;
	if (rpc_send(c, req, boards_threads_cb, pg) != -1)
		bd.tloading = 1;
	else {
		free(pg->board);
		free(pg);
	}
}

void
boards_threads(struct client *c, int print)
{
	boards_threads_page(c, print, 0);
}

/* Opens board b (its thread list), filtered by tag when not NULL. */
void
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
void
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
bool
boards_insert_post(struct post *p)
{
	size_t	i;

	for (i = bd.nposts; i > 0 && bd.posts[i - 1]->id >= p->id; i--) {
		if (bd.posts[i - 1]->id == p->id)
			return (false);
	}
	bd.posts = xreallocarray(bd.posts, bd.nposts + 1, sizeof *bd.posts);
	memmove(bd.posts + i + 1, bd.posts + i,
	    (bd.nposts - i) * sizeof *bd.posts);
	bd.posts[i] = p;
	bd.nposts++;
	return (true);
}

void
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
	c->fe->boards->posts(c, added, nadded);
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

void
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
	bd.print_posts = 1;
	boards_posts(c, 0);
	c->fe->boards->opened(c);
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
const char *
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

	/* Kept back by a watched word: nothing posted yet. */
	if (json_object_get(reply, "held") != NULL) {
		mod_held_notice(c, json_object_get(reply, "held"));
		return;
	}
	if (json_is_object(to)) {
		tid = boards_jint(to, "id");
		if (kind == COMPOSE_THREAD)
			boards_thread_started(to);
	}
	else if (json_is_integer(to))
		tid = json_integer_value(to);
	po = json_object_get(reply, "post");
	if (kind == COMPOSE_THREAD) {
		if (tid <= 0 && json_is_object(po))
			tid = boards_jint(po, "thread");
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
	c->fe->boards->posted(c, p, kind);
	boards_dirty(c);
}

/* --- the other writes: delete, history, pin, lock, move, watch ------------- */

void
boards_done_cb(struct client *c, json_t *reply, void *arg)
{
	const char	*what = arg;

	if (boards_failed(c, reply))
		return;
	fe_notice(c, "%s", what);
	c->fe->boards->done(c);
}

static void
boards_simple(struct client *c, json_t *req, const char *done)
{
	rpc_send(c, req, boards_done_cb, (void *)done);
}

void
boards_delete(struct client *c, int64_t post)
{
	boards_simple(c, json_pack("{s:s, s:I}", "op", "post.delete", "post",
	    (json_int_t)post), "post deleted (hidden; moderators can restore "
	    "it)");
}

void
boards_restore(struct client *c, int64_t post)
{
	boards_simple(c, json_pack("{s:s, s:I}", "op", "post.restore", "post",
	    (json_int_t)post), "post shown again");
}

static void
boards_history_cb(struct client *c, json_t *reply, void *arg)
{
	json_t	*list;

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
	c->fe->boards->history(c);
}

void
boards_history(struct client *c, int64_t post)
{
	rpc_send(c, json_pack("{s:s, s:I}", "op", "post.history", "post",
	    (json_int_t)post), boards_history_cb, (void *)(intptr_t)post);
}

/* pin/lock: on when off, off when on (thread.unpin, thread.unlock). */
void
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

void
boards_move(struct client *c, int64_t thread, struct board *to)
{
	boards_simple(c, json_pack("{s:s, s:I, s:O}", "op", "thread.move",
	    "thread", (json_int_t)thread, "board", to->idv), "thread moved");
}

void
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
void
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
