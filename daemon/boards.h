/*
 * boards.h: what the boards' op files (op_board.c, op_thread.c, op_post.c)
 * share: a board, thread or post resolved as the person sees it, and the
 * fields, events and mentions every boards op reads or sends.
 */
#ifndef BOARDS_H
#define BOARDS_H

#include "op.h"

#define BOARDS_COUNT_CAP	9999
/* Encoded size of a post beside its body and quote, for bounding pages. */
#define BOARDS_POST_OVERHEAD	256

/* A page of posts, bounded by count and by encoded bytes. */
struct boards_page {
	json_t	*posts;
	size_t	 bytes;
	bool	 full;
};

void		 boards_thread_copy(const struct store_thread *t, void *arg);
void		 boards_post_copy(const struct store_post *p, void *arg);
void		 boards_post_free(struct boards_post *bp);
/* personal: the asking person's unread and read_upto (pages, not events). */
json_t		*boards_thread_json(const struct store_thread *t,
		    bool personal);
json_t		*boards_post_json(const struct store_post *p);
/* An id field: a positive integer. */
enum proto_error boards_id_arg(struct op_ctx *ctx, const char *key,
		    bool required, int64_t *id);
/* The board with this id as the person sees it; not_found if they cannot. */
enum proto_error boards_resolve_board(struct op_ctx *ctx, int64_t id,
		    struct boards_scope *s);
enum proto_error boards_board_arg(struct op_ctx *ctx, const char *key,
		    struct boards_scope *s);
enum proto_error boards_resolve_thread(struct op_ctx *ctx, int64_t id,
		    struct boards_scope *s);
enum proto_error boards_thread_arg(struct op_ctx *ctx, struct boards_scope *s);
/* The post as the person sees it: hidden posts exist only for moderators. */
enum proto_error boards_post_arg(struct op_ctx *ctx, struct boards_scope *s,
		    struct boards_post *bp);
/* New posts need a board open for posting and a thread that is not locked. */
enum proto_error boards_check_postable(struct op_ctx *ctx,
		    const struct boards_scope *s, bool in_thread);
enum proto_error boards_check_moderator(struct op_ctx *ctx,
		    const struct boards_scope *s);
void		 boards_publish(struct op_ctx *ctx,
		    const struct store_board *board, int64_t thread_id,
		    json_t *ev);
/* A post was hidden: its watchers learn only that it went. */
void		 boards_publish_hidden(struct op_ctx *ctx,
		    const struct store_board *board, const struct store_post *p);
/* Fills in who posts where and when. */
void		 boards_post_init(struct op_ctx *ctx,
		    const struct boards_scope *s, struct store_post *p);
/*
 * Answers with the stored post and tells watchers and the mentioned; a new
 * thread's opening post comes with the thread (taken), NULL for a reply.
 */
void		 boards_post_announce(struct op_ctx *ctx,
		    const struct boards_scope *s, const struct store_post *p,
		    json_t *thread);
enum proto_error boards_tags_arg(struct op_ctx *ctx, const char *key,
		    uint32_t *tags);
/* Adds a post to the page while it fits (a store_post callback). */
void		 boards_page_add(const struct store_post *p, void *arg);
enum proto_error boards_title_arg(struct op_ctx *ctx, const char **title);

/*
 * boards_held.c: a post a hold rule met (p with board_id, thread_id 0 for
 * a new thread with title and tags) waits in the queue instead.
 */
enum proto_error boards_hold(struct op_ctx *ctx, const struct store_post *p,
		    const char *title, uint32_t tags);
/* The held post's board and thread (or new thread's title) into obj. */
bool		 boards_held_place(const struct store_held *h, json_t *obj);
/* Approved: posted now as its author's; *post (to release) as it is. */
enum proto_error boards_held_deliver(struct op_ctx *ctx,
		    const struct store_held *h, int64_t *id, json_t **post);

#endif
