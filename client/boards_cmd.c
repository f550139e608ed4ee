/*
 * boards_cmd.c: the boards' /commands, for both frontends: /boards,
 * /threads, /thread, /new, /post, /reply, /quote, /edit, /delete and the
 * moderator's /pin, /lock, /move, and /tags.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "staffroom.h"
#include "boards.h"

/* --- the /commands (both frontends) ------------------------------------------ */

static bool
boards_usable(struct client *c)
{
	if (bd.unavailable) {
		c->fe->error(c, "unavailable", BOARDS_UNAVAILABLE);
		return (false);
	}
	return (true);
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
	c->fe->boards->boards(c);
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
	boards_open_board(c, b, ntags > 0 ? tags[0] : NULL, 1);
	board_strv_free(tags, ntags);
	c->fe->boards->opened(c);
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
		if (c->fe->boards->compose == NULL) {
			c->fe->error(c, "bad_command", "/new BOARD [#tag ...] "
			    "TITLE, then the text on lines ending in \\");
			return;
		}
		c->fe->boards->compose(c, COMPOSE_THREAD, bd.board, 0, NULL,
		    NULL);
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
	else if (body[strspn(body, " \t\n")] == '\0' &&
	    c->fe->boards->compose != NULL) {
		/* No text yet: write it in the composer. */
		c->fe->boards->compose(c, COMPOSE_THREAD, b->id, 0, NULL, NULL);
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
		excerpt = board_quote_excerpt(q->body, BOARDS_QUOTE_CHARS);
		if (*excerpt != '\0')
			json_object_set_new(req, "quote", json_pack("{s:I, s:s}",
			    "post", (json_int_t)q->id, "text", excerpt));
		free(excerpt);
	}
	rpc_send(c, req, boards_write_cb, (void *)(intptr_t)COMPOSE_REPLY);
}

static bool
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
		if (c->fe->boards->compose == NULL)
			c->fe->error(c, "bad_command", "/reply TEXT (more lines: "
			    "end each with \\)");
		else
			c->fe->boards->compose(c, COMPOSE_REPLY, NULL, thread,
			    NULL, NULL);
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
		if (c->fe->boards->compose == NULL)
			c->fe->error(c, "bad_command", "/quote POST TEXT");
		else
			c->fe->boards->compose(c, COMPOSE_REPLY, NULL, thread, q,
			    NULL);
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

	/* Text that does not start with a post number is for the chat. */
	if ((id = boards_parse_id(arg, &body)) == 0) {
		msgedit_edit(c, arg);
		return;
	}
	if (!boards_usable(c))
		return;
	if (!boards_has_text(body)) {
		if (c->fe->boards->compose == NULL ||
		    (p = boards_post(id)) == NULL)
			c->fe->error(c, "bad_command", "/edit POST NEW-TEXT");
		else
			c->fe->boards->compose(c, COMPOSE_EDIT, NULL, id, NULL,
			    p->body);
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

	if (*arg == '\0') {
		msgedit_delete(c, arg);	/* your newest chat message */
		return;
	}
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
	c->fe->tags(c);
}
