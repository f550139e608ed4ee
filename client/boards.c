/*
 * boards.c: the discussion boards' state: what the person is looking at
 * (the board list, one board's threads, one thread's posts), what they
 * watch, and the live events that change it (post, post.edit,
 * thread.update, mention). boards_rpc.c asks the server, boards_screen.c
 * and boards_plain.c show it, boards_cmd.c has the /commands. Everything
 * from the network is neutralised (text.c) before it is drawn or printed.
 * Writing posts is compose.c; search is search.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "staffroom.h"
#include "boards.h"

struct boards_state bd;

/* The boards screen last shown: the boards, threads, a thread or a post's
 * versions. Each is a mode of its own; they share this state. */
const struct ui_mode *
boards_view(void)
{
	return (bd.view != NULL ? bd.view : &boards_mode);
}

bool
boards_shown(void)
{
	return (ui.mode == &boards_mode || ui.mode == &threads_mode ||
	    ui.mode == &thread_mode || ui.mode == &history_mode);
}

/* Moves the boards to another of their screens; shown if they are. */
void
boards_view_set(const struct ui_mode *view)
{
	if (boards_shown())
		ui.mode = view;
	bd.view = view;
}

bool
boards_watching_thread(int64_t id)
{
	size_t	i;

	for (i = 0; i < bd.nwthreads; i++) {
		if (bd.wthreads[i] == id)
			return (true);
	}
	return (false);
}

void
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

bool
boards_watching_board(const char *id)
{
	size_t	i;

	for (i = 0; id != NULL && i < bd.nwboards; i++) {
		if (strcmp(bd.wboards[i], id) == 0)
			return (true);
	}
	return (false);
}

void
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


/* --- objects from the wire --------------------------------------------------- */

const char *
boards_jstr(json_t *o, const char *k)
{
	return (json_string_value(json_object_get(o, k)));
}

int64_t
boards_jint(json_t *o, const char *k)
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

struct board *
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
	b->name = xstrdup(boards_jstr(o, "name") != NULL ? boards_jstr(o, "name") : id);
	b->scope = xstrdup(boards_jstr(o, "scope") != NULL ? boards_jstr(o, "scope") : "");
	b->unread = (int)boards_jint(o, "unread");
	b->threads = (int)boards_jint(o, "threads");
	b->mentions = (int)boards_jint(o, "mentions");
	b->moderator = json_is_true(json_object_get(o, "moderator"));
	b->archived = json_is_true(json_object_get(o, "archived"));
	return (b);
}

void
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
void
thread_update(struct thread *t, json_t *o)
{
	json_t	*tags, *v;
	size_t	 i;
	char	*s;

	if (boards_jstr(o, "title") != NULL) {
		free(t->title);
		t->title = xstrdup(boards_jstr(o, "title"));
	}
	if (boards_jstr(o, "author") != NULL) {
		free(t->author);
		t->author = xstrdup(boards_jstr(o, "author"));
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
		t->posts = (int)boards_jint(o, "posts");
	if (json_is_integer(json_object_get(o, "unread")))
		t->unread = (int)boards_jint(o, "unread");
	if (json_is_integer(json_object_get(o, "last_post_ts")))
		t->last_ts = boards_jint(o, "last_post_ts");
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

struct thread *
thread_from_json(json_t *o)
{
	struct thread	*t;

	if (boards_jint(o, "id") <= 0)
		return (NULL);
	t = xcalloc(1, sizeof *t);
	t->id = boards_jint(o, "id");
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

	author = boards_jstr(o, "author") != NULL ? boards_jstr(o, "author") : boards_jstr(o, "from");
	body = boards_jstr(o, "body");
	if (boards_jint(o, "id") <= 0 || author == NULL)
		return (NULL);
	p = xcalloc(1, sizeof *p);
	p->id = boards_jint(o, "id");
	p->thread = boards_jint(o, "thread");
	p->ts = boards_jint(o, "ts");
	p->author = xstrdup(author);
	p->body = xstrdup(body != NULL ? body : "");
	p->text = text_neutralise(p->body, strlen(p->body), TEXT_BODY,
	    &p->textlen);
	p->edited = json_is_true(json_object_get(o, "edited")) ||
	    boards_jint(o, "edited") > 0 || boards_jint(o, "edits") > 0 ||
	    boards_jint(o, "edited_ts") > 0;
	p->personal_data = json_is_true(json_object_get(o, "personal_data"));
	p->deleted = json_is_true(json_object_get(o, "deleted")) ||
	    json_is_true(json_object_get(o, "hidden"));
	if (json_is_object(q = json_object_get(o, "quote")) &&
	    (qt = boards_jstr(q, "text")) != NULL) {
		p->quote_post = boards_jint(q, "post");
		p->quote_body = xstrdup(qt);
		if (boards_jstr(q, "author") != NULL)
			p->quote_author = xstrdup(boards_jstr(q, "author"));
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

/* "2 threads, 1 unread (1 mention)", in words for both frontends. */
char *
boards_board_counts(const struct board *b)
{
	char	*s, *mentions = NULL;

	if (b->mentions > 0)
		xasprintf(&mentions, " (%d mention%s)", b->mentions,
		    b->mentions == 1 ? "" : "s");
	xasprintf(&s, "%d thread%s, %d unread%s", b->threads,
	    b->threads == 1 ? "" : "s", b->unread,
	    mentions != NULL ? mentions : "");
	free(mentions);
	return (s);
}

/* A thread was started (a thread object): its board counts it. */
void
boards_thread_started(json_t *thread)
{
	struct board	*b;
	char		*board;

	board = rpc_id_text(json_object_get(thread, "board"));
	if ((b = boards_board(board)) != NULL)
		boards_count(&b->threads, 1);
	free(board);
}

bool
boards_is_me(struct client *c, const char *handle)
{
	return (c->handle != NULL && handle != NULL &&
	    strcmp(c->handle, handle) == 0);
}

void
boards_count(int *n, int by)
{
	*n += by;
	if (*n > BOARDS_COUNT_MAX)
		*n = BOARDS_COUNT_MAX;
	if (*n < 0)
		*n = 0;
}

void
boards_dirty(struct client *c)
{
	c->fe->boards->changed(c);
}

void
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

void
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

void
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
	json_decref(bd.after_list);
	free(bd.wthreads);
	board_strv_free(bd.wboards, bd.nwboards);
	input_free(&bd.line);
	memset(&bd, 0, sizeof bd);
}

struct board *
boards_board(const char *id)
{
	size_t	i;

	for (i = 0; id != NULL && i < bd.nboards; i++) {
		if (strcmp(bd.boards[i]->id, id) == 0)
			return (bd.boards[i]);
	}
	return (NULL);
}

struct thread *
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
struct board *
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
void
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

char *
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
bool
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
	c->fe->boards->deleted(c, id);
	boards_dirty(c);
}

/* A post event; thread: the new thread it opens, or NULL. */
static void
boards_event_post(struct client *c, json_t *po, json_t *thread, int edit)
{
	struct post	*p;
	struct thread	*t;
	struct board	*b;
	char		*board;
	bool		 mine, here;

	if ((p = post_from_json(po)) == NULL) {
		/* Hidden: only its ids come, and it leaves the thread. */
		if (edit && json_is_true(json_object_get(po, "hidden")))
			boards_drop_post(c, boards_jint(po, "id"));
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
		if (json_is_object(thread))
			boards_thread_started(thread);
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
	c->fe->boards->live(c, p, t, here, edit, mine);
	free(board);
	boards_dirty(c);
}

static void
boards_event_thread(struct client *c, json_t *to)
{
	struct thread	*t;
	size_t		 i;

	if (!json_is_object(to) || boards_jint(to, "id") <= 0)
		return;
	if ((t = boards_thread(boards_jint(to, "id"))) != NULL) {
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
	if (bd.thread != NULL && bd.thread->id == boards_jint(to, "id"))
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
	session_bell(c, NULL);
	t = boards_thread(boards_jint(po, "thread"));
	who = text_safe_utf8(boards_jstr(po, "author") != NULL ? boards_jstr(po, "author") :
	    "someone", 0);
	title = text_safe_utf8(t != NULL ? t->title : boards_jstr(root, "title") !=
	    NULL ? boards_jstr(root, "title") : "", 0);
	fe_notice(c, "%s mentioned you in thread %lld%s%s%s", who,
	    (long long)boards_jint(po, "thread"), *title != '\0' ? " \"" : "", title,
	    *title != '\0' ? "\"" : "");
	free(title);
	free(who);
	free(board);
	boards_dirty(c);
}

/* Takes the boards' events; 0 for the ones session.c handles. */
bool
boards_event(struct client *c, const char *ev, json_t *root)
{
	if (strcmp(ev, "post") == 0)
		boards_event_post(c, json_object_get(root, "post"),
		    json_object_get(root, "thread"), 0);
	else if (strcmp(ev, "post.edit") == 0)
		boards_event_post(c, json_object_get(root, "post"), NULL, 1);
	else if (strcmp(ev, "thread.update") == 0)
		boards_event_thread(c, json_object_get(root, "thread"));
	else if (strcmp(ev, "mention") == 0 &&
	    json_is_object(json_object_get(root, "post")))
		boards_event_mention(c, root);
	else
		return (false);
	return (true);
}

/* The connection dropped: what was loading will be asked for again. */
void
boards_lost(struct client *c)
{
	bd.listing = bd.tloading = bd.ploading = 0;
	bd.stale = 1;
}
