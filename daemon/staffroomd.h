/*
 * staffroomd.h: the one header of the daemon and of staffroomctl, which share
 * the store, keys, passwords, logging and policy (libstaffroom.a).
 */
#ifndef STAFFROOMD_H
#define STAFFROOMD_H

#include <sys/types.h>
#include <sys/queue.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include <jansson.h>

#include "staffroom/proto.h"
#include "staffroom/common.h"
#include "store.h"
#include "log.h"
#include "util.h"

#define STAFFROOM_VERSION	PACKAGE_VERSION
#define HOSTKEY_ED25519		"ssh_host_ed25519_key"
#define HOSTKEY_RSA		"ssh_host_rsa_key"

/* password.c: argon2id through libsodium. */
#define PASSWORD_HASH_MAX	128	/* >= crypto_pwhash_STRBYTES */
bool		 password_hash(const char *password, char out[PASSWORD_HASH_MAX]);
bool		 password_verify(const char *hash, const char *password);
enum proto_error password_acceptable(const char *password);

/* sshkey.c: public keys as authorized_keys lines and SHA256 fingerprints. */
struct sshkey_info {
	char	type[32];		/* "ssh-ed25519" */
	char	blob[8192];		/* base64 */
	char	comment[256];
	char	fingerprint[64];	/* "SHA256:..." as ssh-keygen -lf prints */
	int	bits;
};
/* Parses "TYPE BASE64 [COMMENT]"; refuses DSA and RSA under 2048 bits. */
enum proto_error sshkey_parse(const char *line, struct sshkey_info *out);
/* Generates the host keys in dir (0600) unless present. */
bool		 sshkey_generate_host_keys(const char *dir);

/* invite.c: codes are 128 random bits shown as grouped base32. */
#define INVITE_CODE_MAX		40
void		 invite_code_new(char code[INVITE_CODE_MAX], char short_id[12]);
/* Normalises case, spaces and dashes before hashing, so typing is forgiving. */
void		 invite_code_hash(const char *code, uint8_t hash[STORE_INVITE_HASH_BYTES]);

/* policy.c: every read and write asks here first. Default deny. */
/* The questions an op table row asks (op.h), answered by policy_allows_*. */
enum policy_question {
	POLICY_NONE,		/* the row asks nothing; its handler does */
	POLICY_READ_ROOM,
	POLICY_POST_ROOM,
	POLICY_MANAGE_ROOM,	/* who is in a buddy chat, and its name */
	POLICY_LEAVE_ROOM,
	POLICY_READ_BOARD,
	POLICY_MODERATE_BOARD,
};
/* The row's question about a board, as the person (v) sees it. */
bool		 policy_allows_board(enum policy_question, const struct store_viewer *,
		    const struct store_board *);
/* The row's question about a room; member: the person is listed in it. */
bool		 policy_allows_room(enum policy_question, const struct store_user *,
		    const struct store_room *, bool member);
/* Not disabled: a disabled account is nobody, wherever it is asked for. */
bool		 policy_is_somebody(const struct store_user *);
bool		 policy_can_read_room(const struct store_user *, const struct store_room *,
		    bool explicit_member);
bool		 policy_can_post_room(const struct store_user *, const struct store_room *,
		    bool explicit_member);
bool		 policy_can_contact(const struct store_user *from,
		    const struct store_user *to, bool blocked);
bool		 policy_can_mention_in_room(const struct store_user *from,
		    const struct store_user *to, bool to_can_read, bool to_blocks_from);
bool		 policy_can_see_presence(const struct store_profile *subject,
		    bool blocked);
bool		 policy_can_manage_room(const struct store_user *,
		    const struct store_room *, bool member);
bool		 policy_can_leave_room(const struct store_user *,
		    const struct store_room *, bool member);
bool		 policy_can_edit_msg(const struct store_user *, int64_t author_id,
		    bool can_post);
bool		 policy_can_hide_msg(const struct store_user *, int64_t author_id,
		    bool can_read);
bool		 policy_can_read_board(const struct store_viewer *, const struct store_board *);
/* A yes or no that may also be "not now, for anyone". */
enum policy_answer {
	POLICY_NO,
	POLICY_YES,
	POLICY_LOCKED,		/* an archived board or a locked thread */
};
enum policy_answer policy_can_post_board(const struct store_viewer *,
		    const struct store_board *, const struct store_thread *thread);
bool		 policy_can_moderate_board(const struct store_viewer *,
		    const struct store_board *);
bool		 policy_can_see_hidden(const struct store_viewer *, const struct store_board *);
bool		 policy_can_edit_post(const struct store_viewer *, const struct store_board *,
		    int64_t author_id);
bool		 policy_can_hide_post(const struct store_viewer *, const struct store_board *,
		    int64_t author_id);
bool		 policy_can_mention(const struct store_viewer *target,
		    const struct store_board *, int64_t author_id,
		    bool target_blocks_author);

/* state.c: the state directory. */
/* Makes dir (0700) and checks or fixes the modes of what is in it. */
bool		 state_dir_check(const char *dir, char *err, size_t errlen);

/*
 * Everything below is staffroomd's own (not linked into staffroomctl).
 */

/* conn.c: a blob is one encoded line, shared by every queue it sits on. */
struct blob {
	unsigned	refs;
	size_t		len;
	char		data[];
};

struct blob	*blob_encode(json_t *obj);	/* steals the reference to obj */
void		 blob_ref(struct blob *);
void		 blob_unref(struct blob *);

/*
 * A transport carries a conn's bytes: an SSH channel (ssh.c) or a socketpair
 * to a spawned client (pty.c).
 */
struct conn_transport {
	const char	*name;
	/* Offers bytes to the peer: how many it took (0: not now), -1 when gone. */
	ssize_t		(*write)(void *ctx, const char *buf, size_t len);
	/* The conn has said all it will say: close the transport's side. */
	void		(*finish)(void *ctx);
	/* A join form registered: the conn is the new person now (NULL: never). */
	void		(*became_user)(void *ctx, const struct store_user *);
};

enum conn_mode {
	CONN_USER,		/* a signed-in person */
	CONN_JOIN,		/* an invite redemption session: account.register only */
};

struct held_line;

struct conn {
	uint64_t		 id;
	enum conn_mode		 mode;
	bool			 upgrade_on_register;	/* spawned join form: continue as the new person */
	struct store_user	 user;
	char			 addr[64];

	struct linebuf		 in;

	/* Output queue: a ring of shared blobs, allocated only while non-empty. */
	struct blob		**q;
	uint32_t		 q_head;
	uint32_t		 q_len;
	uint32_t		 q_cap;
	size_t			 q_offset;	/* bytes of the head blob already written */
	size_t			 q_bytes;

	struct person		*person;	/* shared by the person's sessions; NULL in join */
	int64_t			*rooms;		/* subscribed room ids (hub) */
	int64_t			*room_floors;	/* per room: the first visible id - 1 */
	uint32_t		 nrooms;

	/* Runs once the current reply is queued (e.g. close after registering). */
	void			(*after_reply)(struct conn *);

	/* Requests read while an op runs off the loop wait here, in order. */
	struct op_async		*async;
	TAILQ_HEAD(held_list, held_line) held;
	size_t			 held_bytes;

	uint64_t		 active_ms;	/* monotonic time of the last request */
	bool			 idle;		/* no request for the idle time (presence.c) */

	bool			 lagging;	/* over the soft limit: live events stop until sync */
	bool			 eof;		/* the peer sends no more */
	bool			 closing;	/* we say no more: finish once the queue drains */
	bool			 finished;	/* transport told to finish */
	bool			 dirty;		/* on the flush list */
	uint32_t		 staged;	/* lines staged for it (stage.c) */

	const struct conn_transport *transport;
	void			*transport_ctx;

	TAILQ_ENTRY(conn)	 entry;
	TAILQ_ENTRY(conn)	 dirty_entry;
};
TAILQ_HEAD(conn_list, conn);

struct conn	*conn_new(const struct conn_transport *, void *ctx, enum conn_mode,
		    const struct store_user *, const char *addr);
/* The transport is gone: forget the conn. Never call from inside a libssh callback. */
void		 conn_free(struct conn *);
void		 conn_input(struct conn *, const char *, size_t);
/* The peer will send no more: answer what it asked, then finish. */
void		 conn_peer_eof(struct conn *);
/*
 * Queues an event or reply; events are dropped while the conn is lagging.
 * While an op runs it is staged with the op instead (stage.c).
 */
void		 conn_send_blob(struct conn *, struct blob *, bool is_event);
/* Queues it now: what stage.c does after the commit. */
void		 conn_deliver(struct conn *, struct blob *, bool is_event);
/*
 * The layer above answers each decoded request (op.c's op_dispatch, set by
 * server.c): exactly one reply per request, through conn_send_reply or
 * conn_reply_error.
 */
void		 conn_set_request_handler(void (*)(struct conn *,
		    struct proto_request *));
/* Sends the reply; internal, with the request's id, if it cannot be encoded. */
void		 conn_send_reply(struct conn *, json_t *id, json_t *reply);
void		 conn_reply_error(struct conn *, json_t *id, enum proto_error,
		    const char *message, uint64_t retry_after_ms);
/* The op that ran off the loop answered: requests held meanwhile run now. */
void		 conn_async_done(struct conn *);
/* An error reply line {"re":id,"error":{…}} (NULL if it cannot be encoded). */
struct blob	*conn_error_blob(json_t *id, enum proto_error, const char *message,
		    uint64_t retry_after_ms);
void		 conn_send_json(struct conn *, json_t *, bool is_event);	/* steals obj */
/* Sends {"ev":"bye","reason":…} and finishes once it is out. */
void		 conn_close(struct conn *, const char *reason);
/* Writes queued bytes to the transport as far as it takes them. */
void		 conn_flush(struct conn *);
bool		 conn_has_output(const struct conn *);
/* Becomes the given person (join form in a spawned client): new hello, new rooms. */
void		 conn_become_user(struct conn *, const struct store_user *);
/* Reads the person's rooms again and watches exactly those (membership changed). */
void		 conn_subscribe_rooms(struct conn *);
/* The same for every session of a person. */
void		 conn_resubscribe_user(int64_t user_id);
/*
 * staffroomctl changed the person's record or rooms: every session takes the
 * new record and its rooms, and is told what came or went.
 */
void		 conn_follow_user(int64_t user_id);

/*
 * The op layer (op.h) answers what conn.c decodes; a conn holds the op that
 * runs off the loop for it, if any, and reads no further until it is done.
 */
struct op_ctx;
struct op_async {
	struct conn		*conn;		/* NULL once the conn is gone */
	json_t			*id;
	json_t			*reply;		/* success fields */
	enum proto_error	 err;
	char			 message[256];
	void			*data;		/* the op's own state */
	bool			 resumed;	/* op_async_resume began its stage */
};

/* msgedit.c: the "msg" field names a message the person can see, or not_found. */
enum proto_error msg_seen_arg(struct op_ctx *, int64_t *);

/* chat.c */
json_t		*chat_hello(const struct conn *);
/* The "me" object: handle, name, region and role. */
json_t		*chat_user_json(const struct store_user *);
/*
 * Room ids the person belongs to (for hub subscriptions and sync), and per
 * room the id after which they see messages; caller frees both.
 */
int64_t		*chat_user_rooms(const struct store_user *, uint32_t *n,
		    int64_t **floors);
/* Fills room->visible_from as well. */
bool		 chat_room_allowed(const struct store_user *, struct store_room *,
		    enum policy_question);
/* The "room" field: any existing room, or one the person may read (or post in). */
enum proto_error chat_room_lookup(struct op_ctx *, struct store_room *);
enum proto_error chat_room_arg(struct op_ctx *, bool post, struct store_room *);
/* {id, name, kind, with?} as the person sees it; with counts and last_id. */
json_t		*chat_room_brief(const struct store_user *, const struct store_room *);
json_t		*chat_room_json(const struct store_user *, const struct store_room *);
json_t		*chat_msg_json(const struct store_msg *);
/* A message or post body in field key: text, not blank, not too long. */
enum proto_error chat_body_arg(struct op_ctx *, const char *key, const char **body);
/* "limit" (1..PROTO_MAX_PAGE), dflt when absent. */
enum proto_error chat_limit_arg(struct op_ctx *, int64_t dflt, int64_t *limit);
/* Every room of the person as rooms.list gives them; NULL on failure. */
json_t		*chat_rooms_json(const struct store_user *);

/* buddy.c: private rooms, the helpers of op_room.c, op_buddy.c and op_dm.c. */
#define BUDDY_MAX_PEOPLE	12	/* members and pending invitations */
/* Every member watching the room hears of a membership change. */
void		 buddy_tell_members(const struct store_room *, const char *handle,
		    const char *change);
/*
 * Invites someone to an existing buddy chat the caller may manage: they
 * must be reachable, not in it already, and the room must have space.
 */
enum proto_error buddy_invite(struct op_ctx *, const struct store_room *,
		    const struct store_user *who, int64_t now);
void		 buddy_tell_invited(const struct store_room *,
		    const struct store_user *from, const struct store_user *who,
		    int64_t now);
enum proto_error buddy_can_invite(struct op_ctx *, const struct store_user *who);
json_t		*buddy_invitation_json(const struct store_invitation *);
/* Tells the person's sessions of a room that appeared or changed, or went. */
void		 buddy_tell_room(const struct store_user *, const struct store_room *);
void		 buddy_tell_gone(int64_t user_id, const struct store_room *,
		    const char *reason);
/* The person's pending buddy-chat invitations; NULL on failure. */
json_t		*buddy_invitations_json(const struct store_user *);
/* A buddy chat of two, owned by owner, both members from the start; both are told. */
enum store_result buddy_room_of_two(const struct store_user *owner,
		    const struct store_user *other, const char *name,
		    struct store_room *room);

/* people.c: profiles and the directory. */
/* Applies profile.set's fields to p; *name is a new name, or NULL. */
enum proto_error people_profile_apply(struct op_ctx *, struct store_profile *p,
		    const char **name);
/* The optional "need" and "phase" fields of a search, as bits. */
enum proto_error people_need_arg(struct op_ctx *, uint32_t *need, uint32_t *exact);
enum proto_error people_phase_arg(struct op_ctx *, uint32_t *phases);
bool		 people_role_known(const char *title);
/* Answers a directory query with the "people" of the reply. */
enum proto_error people_find(struct op_ctx *, const struct store_people_query *);
json_t		*people_request_json(const struct store_buddy_request *);
/* The person's incoming (or outgoing) buddy requests; NULL on failure. */
json_t		*people_requests_json(const struct store_user *, bool incoming);
/* The profile as others see it (only the fields shown), or in full (self). */
json_t		*people_profile_json(const struct store_profile *, bool self);
/* Neither blocks the other, and policy lets from reach to. */
bool		 people_can_contact(const struct store_user *from,
		    const struct store_user *to);

/* report.c */

/* presence.c: online, away and offline, told to DM and buddy-chat partners. */
/* {handle, status}: the status as others see it ("hidden" if the person hides it). */
json_t		*presence_json(const struct store_profile *);
struct event_base;
struct presence_mark;
void		 presence_init(struct event_base *);
void		 presence_shutdown(void);
/* Around a change that may alter a person's presence: before, then after it. */
struct presence_mark *presence_before(int64_t user_id);
void		 presence_after(struct presence_mark *);
/* A request arrived on the conn: it is no longer idle. */
void		 presence_activity(struct conn *);
/* boards.c */
/* Ids of the boards the person can read; caller frees *ids. False on failure. */
bool		 boards_readable(const struct store_user *, int64_t **ids, size_t *n);
/* The optional "board" field: 0 when absent, else a board the person can read. */
enum proto_error boards_search_board_arg(struct op_ctx *, int64_t *id);
/* The optional "tag" field as a tag mask (0 when absent). */
enum proto_error boards_tag_arg(struct op_ctx *, uint32_t *tags);

/* flood.c: per-person flood limits, each a burst then a rate a second. */
#define SEARCH_BURST		20
#define SEARCH_RATE		2
#define NOTIFY_BURST		20
#define NOTIFY_RATE		0.2
enum flood_kind {
	FLOOD_POST,		/* messages, posts and edits (--post-burst, --post-rate) */
	FLOOD_SEARCH,		/* searches, the dearest reads */
	FLOOD_NOTIFY,		/* writes that send someone else an event */
	FLOOD_NKINDS,
	FLOOD_NONE = FLOOD_NKINDS	/* an op table row that takes no token */
};
/* What every session of one person shares, from their first to their last (hub.c). */
struct person {
	int64_t			user_id;
	struct token_bucket	flood[FLOOD_NKINDS];
};
struct person	*person_new(int64_t user_id);
void		 person_free(struct person *);
/* Takes a token from the person's bucket of that kind, or fails rate_limited. */
enum proto_error flood_take(struct op_ctx *, enum flood_kind);

/* hub.c: who watches which room, and which conns belong to which person. */
void		 hub_init(void);
void		 hub_subscribe(struct conn *, int64_t room_id);
void		 hub_unsubscribe_all(struct conn *);
/* Every conn watching the room but except (NULL: everyone) gets the event. */
void		 hub_publish_room(int64_t room_id, struct blob *, struct conn *except);
/* Whether any conn but except watches the room. */
bool		 hub_room_watched(int64_t room_id, const struct conn *except);
void		 hub_add_user_conn(struct conn *);
void		 hub_remove_user_conn(struct conn *);
void		 hub_publish_user(int64_t user_id, struct blob *);
void		 hub_publish_user_except(int64_t user_id, struct blob *,
		    struct conn *except);
void		 hub_publish_user_json(int64_t user_id, json_t *ev);	/* steals ev */
void		 hub_foreach_user_conn(int64_t user_id, void (*)(struct conn *, void *), void *);
size_t		 hub_user_conn_count(int64_t user_id);

/*
 * worker.c: pools of threads for work that must not run on the loop. submit
 * runs work(arg) on a pool thread, then done(arg) on the loop; work touches
 * nothing but arg. False (nothing queued) when the pool's queue is full. free
 * stops the threads after their current job and runs done for every job left
 * (work not run).
 */
struct event_base;
struct worker_pool;
struct worker_pool *worker_pool_new(struct event_base *, const char *name,
		    int nthreads, size_t queue_max);
bool		 worker_pool_submit(struct worker_pool *, void (*work)(void *),
		    void (*done)(void *), void *arg);
void		 worker_pool_free(struct worker_pool *);
/* On a pool thread, its index (0 to nthreads - 1): for state of its own. */
int		 worker_index(void);

/*
 * search.c: searches run on their own worker threads, each with a read-only
 * store connection to dir's database, never on the loop.
 */
bool		 search_init(struct event_base *, const char *dir);
void		 search_shutdown(void);

/* auth.c: login rate limits and password checks off the loop. */
struct server_config;
bool		 auth_init(struct event_base *, const struct server_config *);
void		 auth_shutdown(void);
/*
 * A password check for handle from addr starts: it reserves an attempt of
 * the address's and of the account's budgets, false (nothing reserved) when
 * either is spent. Every begin has an end: a wrong password uses the
 * attempts up, a right one gives them back.
 */
bool		 auth_password_begin(const char *addr, const char *handle);
void		 auth_password_end(const char *addr, const char *handle, bool right);
/* What one address may hold at once, each up to its cap. */
enum auth_hold {
	AUTH_HOLD_LOGIN,	/* connections not yet logged in */
	AUTH_HOLD_JOIN,		/* join sessions that have not registered */
	AUTH_HOLD_COUNT
};
/* False (nothing taken) when the address holds its cap already. */
bool		 auth_hold_take(const char *addr, enum auth_hold);
void		 auth_hold_release(const char *addr, enum auth_hold);
/* Invite codes tried from addr, on a budget of their own: 0 or ms to wait. */
uint64_t	 auth_invite_wait_ms(const char *addr);
void		 auth_invite_failed(const char *addr);
/*
 * worker_pool_submit on the password workers: for the slow hashing that
 * must not stall everyone else.
 */
bool		 worker_submit(void (*work)(void *), void (*done)(void *), void *arg);
/* A valid argon2id hash to verify against when an account has none. */
const char	*auth_dummy_hash(void);

/* ssh.c: binds first (perhaps as root), loads host keys after dropping privileges. */
bool		 ssh_server_listen(struct event_base *, const char *addr, int port,
		    char *bound, size_t boundlen);
bool		 ssh_server_start(const char *dir);
void		 ssh_server_stop_listening(void);
void		 ssh_server_stop(void);
/* Ends every SSH session of a person (e.g. when the account is disabled). */
void		 ssh_server_kick_user(int64_t user_id, const char *reason);

/* pty.c: the full-screen client spawned for plain `ssh -t` users. */
struct spawn;
struct spawn_ops {
	/* Offers terminal output to the SSH channel: bytes taken, 0 not now, -1 gone. */
	ssize_t		(*write)(void *ctx, const char *buf, size_t len);
	/* The client exited (its terminal closed). */
	void		(*exited)(void *ctx, int status);
	/* The join form registered: the client is the new person now. */
	void		(*registered)(void *ctx, const struct store_user *);
};
void		 spawn_init(struct event_base *, const char *client_path, int max_total,
		    int max_per_user);
void		 spawn_shutdown(void);
/*
 * user NULL: the join form (the conn becomes the new person after
 * registering). Join forms take at most half of max_total and no person's
 * share.
 */
struct spawn	*spawn_client(const struct store_user *user, const char *term, int cols,
		    int rows, const char *addr, const struct spawn_ops *, void *ctx,
		    char *err, size_t errlen);
void		 spawn_input(struct spawn *, const void *, size_t);
void		 spawn_resize(struct spawn *, int cols, int rows);
/* The SSH side can take output again. */
void		 spawn_output_ready(struct spawn *);
void		 spawn_free(struct spawn *);

/* server.c: the loop's shared state. */
struct server_config {
	const char	*dir;
	double		 post_burst;
	double		 post_rate;
	int		 auth_fail_account;
	int		 auth_fail_address;
	int		 invite_fail_address;
	int		 max_unauthenticated_per_address;
	int		 max_join_per_address;
	int		 login_grace_s;
	int		 keepalive_s;
	size_t		 out_soft_limit;
	size_t		 out_hard_limit;
	int		 max_conns_per_user;
	const char	*client_path;
	int		 max_spawned;
	int		 max_spawned_per_user;
};

struct server {
	struct event_base	*base;
	struct store		*store;
	struct server_config	 cfg;
	struct conn_list	 conns;
	struct conn_list	 dirty;
	size_t			 ndirty;
	struct event		*turn_end;
	uint64_t		 next_conn_id;
};
extern struct server server;

/*
 * stage.c: each op's output, held until the turn's commit. An op runs
 * between stage_begin and stage_done; stage_close ends its savepoint and
 * says what to answer; output sent meanwhile is staged (stage_take).
 */
void		 stage_begin(struct conn *, json_t *id, bool request);
bool		 stage_active(void);
bool		 stage_take(struct conn *, struct blob *, bool is_event);
enum proto_error stage_close(enum proto_error, char *message, size_t size,
		    uint64_t *retry_after_ms);
void		 stage_done(void);
/* The turn's commit failed: every op that ran inside it answers an error. */
void		 stage_fail_turn(void);
/* After the commit: staged output goes to the conns, in order. */
void		 stage_deliver(void);
void		 stage_forget(struct conn *);

/* Flushes the conn at the end of this loop turn, after the group commit. */
void		 server_mark_dirty(struct conn *);
/* Looks for staffroomctl's changes again at the next tick. */
void		 server_watch_again(void);
/* Takes the conn off the flush list (it is going). */
void		 server_forget_dirty(struct conn *);

#endif
