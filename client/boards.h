/*
 * boards.h: what the boards' files share: the state (boards.c, which also
 * follows the live events), the requests (boards_rpc.c), the four full-screen
 * modes (boards_screen.c), plain mode's lines (boards_plain.c) and the
 * /commands (boards_cmd.c).
 */
#ifndef STAFFROOM_BOARDS_H
#define STAFFROOM_BOARDS_H

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
	bool	 moderator;	/* this person moderates it */
	bool	 archived;
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

struct boards_state {
	const struct ui_mode	 *view;		/* the boards screen last shown */
	enum boards_prompt	  prompt;
	struct input		  line;

	struct board		**boards;
	size_t			  nboards;
	int			  listed;	/* boards.list answered once */
	int			  listing;
	size_t			  bsel;
	json_t			 *after_list;	/* /command lines waiting for it */
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
};
extern struct boards_state bd;

/* boards.c */
struct board	*board_from_json(json_t *o);
struct board	*boards_board(const char *id);
void	boards_clear_boards(void);
void	boards_clear_posts(void);
void	boards_clear_threads(void);
void	boards_count(int *n, int by);
void	boards_thread_started(json_t *thread);
char	*boards_board_counts(const struct board *b);
void	boards_dirty(struct client *c);
bool	boards_failed(struct client *c, json_t *reply);
struct board	*boards_find(const char *what);
bool	boards_is_me(struct client *c, const char *handle);
bool	boards_shown(void);
char	*boards_tags_text(struct thread *t);
struct thread	*boards_thread(int64_t id);
void	boards_view_set(const struct ui_mode *view);
void	boards_watch_board_set(const char *id, int on);
void	boards_watch_thread_set(int64_t id, int on);
bool	boards_watching_board(const char *id);
bool	boards_watching_thread(int64_t id);
void	boards_when(int64_t ms, char *buf, size_t size);
int64_t	boards_jint(json_t *o, const char *k);
const char	*boards_jstr(json_t *o, const char *k);
void	thread_free(struct thread *t);
struct thread	*thread_from_json(json_t *o);
void	thread_update(struct thread *t, json_t *o);

/* boards_rpc.c */
void	boards_catch_up(struct client *c);
void	boards_delete(struct client *c, int64_t post);
void	boards_done_cb(struct client *c, json_t *reply, void *arg);
void	boards_history(struct client *c, int64_t post);
bool	boards_insert_post(struct post *p);
void	boards_list(struct client *c, int print);
void	boards_mark_read(struct client *c, int64_t thread, int64_t upto);
void	boards_move(struct client *c, int64_t thread, struct board *to);
bool	boards_need_list(struct client *c, const char *cmdline);
void	boards_open_board(struct client *c, struct board *b, const char *tag, int print);
void	boards_posts(struct client *c, int64_t after);
const char	*boards_quote_author(const struct post *p);
void	boards_restore(struct client *c, int64_t post);
void	boards_select_post(int64_t id);
void	boards_threads(struct client *c, int print);
void	boards_threads_page(struct client *c, int print, int append);
void	boards_toggle(struct client *c, int64_t thread, const char *what, int on);
void	boards_watch(struct client *c, int64_t thread, int on);

/* boards_screen.c */
bool	boards_moderating(struct client *c);
struct post_line	*boards_thread_lines(int width, size_t *n, size_t **starts);

/* boards_keys.c */
void	boards_mode_key_boards(struct client *c, int key);
void	boards_mode_key_threads(struct client *c, int key);
void	boards_mode_key_thread(struct client *c, int key);
void	boards_mode_key_history(struct client *c, int key);

#endif
