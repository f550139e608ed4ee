/*
 * boards_held.c: board posts a watched word's hold rule keeps back (the
 * queue and held.approve/held.reject are op_words.c's). A reply or a new
 * thread waits as a held row; approved, it is posted then, as its author's,
 * with a new id, so a thread read since an earlier post picks it up.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "boards.h"

enum proto_error
boards_hold(struct op_ctx *ctx, const struct store_post *p, const char *title,
    uint32_t tags)
{
	struct store_held	h;

	memset(&h, 0, sizeof h);
	h.board_id = p->board_id;
	h.thread_id = p->thread_id;
	h.title = title;
	h.tags = tags;
	h.quote_post = p->quote_post;
	h.quote_text = p->quote_text;
	h.body = p->body;
	return (words_hold_item(ctx, &h));
}

bool
boards_held_place(const struct store_held *h, json_t *obj)
{
	struct boards_thread	thread;
	struct store_board	board;
	int64_t			board_id = h->board_id;

	memset(&thread, 0, sizeof thread);
	/* A reply goes to its thread's board, wherever it was moved since. */
	if (h->thread_id != 0) {
		if (store_thread_get(server.store, h->thread_id,
		    boards_thread_copy, &thread) != STORE_OK)
			return (false);
		board_id = thread.t.board_id;
	}
	if (store_board_get(server.store, board_id, 0, &board) != STORE_OK)
		return (false);
	json_object_set_new(obj, "board", json_integer(board.id));
	json_object_set_new(obj, "board_name", json_string(board.name));
	if (h->thread_id != 0) {
		json_object_set_new(obj, "thread", json_integer(thread.t.id));
		json_object_set_new(obj, "thread_title",
		    json_string(thread.t.title));
	} else
		json_object_set_new(obj, "title", json_string(h->title));
	return (true);
}

/* A reply keeps its quote while the quoted post is there to quote. */
static void
boards_held_quote(const struct store_held *h, struct store_post *p,
    struct boards_post *quoted)
{
	if (h->quote_post == 0 || store_post_get(server.store, h->quote_post,
	    boards_post_copy, quoted) != STORE_OK || quoted->p.hidden ||
	    quoted->p.thread_id != h->thread_id)
		return;
	p->quote_post = h->quote_post;
	p->quote_text = h->quote_text;
}

enum proto_error
boards_held_deliver(struct op_ctx *ctx, const struct store_held *h,
    int64_t *id, json_t **post)
{
	struct boards_scope	 s;
	struct boards_post	 quoted;
	struct store_post	 p;
	struct store_user	 author;
	json_t			*thread = NULL;
	int64_t			 thread_id = h->thread_id;
	bool			 saved;

	memset(&s, 0, sizeof s);
	memset(&p, 0, sizeof p);
	memset(&quoted, 0, sizeof quoted);
	if ((thread_id != 0 && store_thread_get(server.store, thread_id,
	    boards_thread_copy, &s.thread) != STORE_OK) ||
	    store_board_get(server.store, thread_id != 0 ?
	    s.thread.t.board_id : h->board_id, h->user_id, &s.board) !=
	    STORE_OK || store_user_by_id(server.store, h->user_id, &author) !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "its %s is gone: "
		    "reject it instead", thread_id != 0 ? "thread" : "board"));
	p.board_id = s.board.id;
	p.thread_id = thread_id;
	p.user_id = author.id;
	p.author = author.handle;
	p.body = h->body;
	p.ts = now_ms();
	p.personal_data = h->personal_data;
	boards_held_quote(h, &p, &quoted);
	if (thread_id != 0)
		saved = store_post_add(server.store, &p, &p.id) == STORE_OK;
	else
		saved = store_thread_create(server.store, h->title, h->tags, &p,
		    &p.thread_id) == STORE_OK && store_thread_get(server.store,
		    p.thread_id, boards_thread_copy, &s.thread) == STORE_OK;
	boards_post_free(&quoted);
	if (!saved)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the post was not saved"));
	if (thread_id == 0)
		thread = boards_thread_json(&s.thread.t, false);
	/* Its readers get it as any post; the reply ("post", "thread") too. */
	boards_post_announce(ctx, &s, &p, thread);
	*id = p.id;
	*post = json_incref(json_object_get(ctx->reply, "post"));
	return (PROTO_OK);
}
