/*
 * boards_plain.c: the boards as lines for plain mode: the board list, the
 * thread list and a thread's posts, each post printed once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "staffroom.h"
#include "boards.h"

static void
boards_print_boards(struct client *c)
{
	struct board	*b;
	size_t		 i;
	char		*name, *id, *scope, *counts;

	if (bd.nboards == 0)
		fe_notice(c, "no boards you can see");
	for (i = 0; i < bd.nboards; i++) {
		b = bd.boards[i];
		name = text_safe_utf8(b->name, 0);
		id = text_safe_utf8(b->id, 0);
		/* The kind of scope: the name says which region or trust. */
		scope = text_safe_utf8(b->scope, 0);
		scope[strcspn(scope, ":")] = '\0';
		counts = boards_board_counts(b);
		fe_notice(c, "board %zu. [%s] %s (%s): %s", i + 1, id, name,
		    scope, counts);
		free(counts);
		free(scope);
		free(id);
		free(name);
	}
}

static void
boards_print_threads(struct client *c)
{
	struct thread	*t;
	size_t		 i;
	char		*title, *tags, *who, when[32];

	if (bd.nthreads == 0)
		fe_notice(c, "no threads%s%s in [%s] yet", bd.tag != NULL ?
		    " tagged " : "", bd.tag != NULL ? bd.tag : "",
		    boards_board_name(bd.board));
	for (i = 0; i < bd.nthreads; i++) {
		t = bd.threads[i];
		title = text_safe_utf8(t->title, 0);
		tags = boards_tags_text(t);
		who = text_safe_utf8(t->author, 0);
		boards_when(t->last_ts, when, sizeof when);
		fe_notice(c, "thread %lld: %s%s%s%s by %s, %d post%s, %d unread, "
		    "last %s%s%s", (long long)t->id, title, *tags != '\0' ?
		    " [" : "", tags, *tags != '\0' ? "]" : "", who, t->posts,
		    t->posts == 1 ? "" : "s", t->unread, when, t->pinned ? ", pinned" : "", t->locked ?
		    ", locked" : "");
		free(who);
		free(tags);
		free(title);
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
static bool
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
			return (true);
	}
	ring[next++ % (sizeof ring / sizeof ring[0])] = h;
	return (false);
}

static void
boards_print_post(struct client *c, struct post *p, int once)
{
	struct post_line	*pl;
	size_t			 n, i, last = 0;
	char			 when[32], *who, *line, *qa, *pre;
	char			 sep = ':';
	bool			 mention = !p->deleted && p->body != NULL &&
				    session_mentions_me(c, p->body);

	if (boards_printed(p) && once)
		return;
	boards_when(p->ts, when, sizeof when);
	who = text_safe_utf8(p->author, 0);
	xasprintf(&pre, "[thread %lld #%lld] %s %s%s%s%s", (long long)p->thread,
	    (long long)p->id, when, who, p->edited ? " (edited)" : "",
	    p->deleted ? " (deleted)" : "",
	    p->personal_data ? " " MSG_PERSONAL_DATA_TAG : "");
	n = post_layout(p, 1 << 20, NULL, 0);
	pl = xreallocarray(NULL, n, sizeof *pl);
	post_layout(p, 1 << 20, pl, n);
	/* A post naming you says so at its end, as a chat message does. */
	for (i = 0; i < n; i++) {
		if (pl[i].kind == PL_BODY)
			last = i;
	}
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
			printf("%s%c %s%s\n", pre, sep, line, mention &&
			    i == last ? " (mentions you)" : "");
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

/* --- the boards frontend of plain mode ----------------------------------------- */

static void
boards_plain_nothing(struct client *c)
{
}

static void
boards_plain_boards(struct client *c)
{
	boards_list(c, 1);
}

static void
boards_plain_listed(struct client *c)
{
	if (bd.print_list)
		boards_print_boards(c);
}

static void
boards_plain_threads(struct client *c)
{
	if (bd.print_threads)
		boards_print_threads(c);
}

static void
boards_plain_posts(struct client *c, struct post **added, size_t n)
{
	if (!bd.print_posts)
		return;
	if (bd.nposts == n)
		boards_print_thread_head(c);
	boards_print_posts(c, added, n);
}

/* A live post is printed as it comes; read at once in the open thread. */
static void
boards_plain_live(struct client *c, struct post *p, struct thread *t,
    bool here, bool edit, bool mine)
{
	boards_print_post(c, p, 1);
	if (here && !edit && !mine)
		boards_mark_read(c, p->thread, p->id);
	post_free(p);
}

static void
boards_plain_deleted(struct client *c, int64_t id)
{
	fe_notice(c, "post %lld was deleted", (long long)id);
}

/* One's own reply is read: it must not count as unread later. */
static void
boards_plain_posted(struct client *c, struct post *p, enum compose_kind kind)
{
	if (kind == COMPOSE_REPLY && p->thread > 0)
		boards_mark_read(c, p->thread, p->id);
	boards_print_post(c, p, 1);
	post_free(p);
}

static void
boards_plain_history(struct client *c)
{
	json_t		*list = bd.history, *v;
	const char	*body;
	char		 when[32], *safe, *line, *nl, *who;
	size_t		 i;

	fe_notice(c, "post %lld: %zu versions, oldest first",
	    (long long)bd.history_post, json_array_size(list));
	json_array_foreach(list, i, v) {
		boards_when(boards_jint(v, "ts"), when, sizeof when);
		who = text_safe_utf8(boards_jstr(v, "author") != NULL ?
		    boards_jstr(v, "author") : boards_jstr(v, "by") != NULL ? boards_jstr(v, "by") :
		    "", 0);
		body = boards_jstr(v, "body") != NULL ? boards_jstr(v, "body") : "";
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

const struct boards_frontend boards_plain_frontend = {
	.changed = boards_plain_nothing,
	.boards = boards_plain_boards,
	.opened = boards_plain_nothing,
	.listed = boards_plain_listed,
	.threads = boards_plain_threads,
	.posts = boards_plain_posts,
	.live = boards_plain_live,
	.deleted = boards_plain_deleted,
	.posted = boards_plain_posted,
	.done = boards_plain_nothing,
	.history = boards_plain_history,
	.compose = NULL,	/* the text comes on the command line */
};
