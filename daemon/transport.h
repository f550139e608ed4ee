/*
 * transport.h: staffroomd's transport, below the ops: a conn's bytes, lines
 * and queues (conn.c), logins (auth.c, ssh*.c), spawned clients (pty.c), the
 * loop and its group commit (server.c, stage.c). Nothing here knows an op
 * or a session: conn.c calls up only through struct conn_upper. The ops'
 * header (staffroomd.h, op.h) includes this one, never the reverse.
 */
#ifndef TRANSPORT_H
#define TRANSPORT_H

#include <sys/types.h>
#include <sys/queue.h>
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
bool		 password_dummy(char out[PASSWORD_HASH_MAX]);
enum proto_error password_acceptable(const char *password);


/* state.c: the state directory. */
/* Makes dir (0700) and checks or fixes the modes of what is in it. */
bool		 state_dir_check(const char *dir, bool repair, char *err,
		     size_t errlen);
/*
 * The state directory's lock (STATE_LOCK_FILE), held by a running daemon
 * and by staffroomctl restore: the open file that holds it, or -1 with the
 * reason in err (*busy: someone else holds it).
 */
#define STATE_LOCK_FILE		"staffroomd.lock"
/* The daemon's control socket (control.c), for staffroomctl who, stats, kick. */
#define STATE_CONTROL_SOCKET	"staffroomd.sock"
int		 state_lock(const char *dir, bool *busy, char *err, size_t errlen);


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
	/* Requests wait for the conn's next turn (conn_take_turn): give it one. */
	void		(*input_waiting)(void *ctx);
};

enum conn_mode {
	CONN_USER,		/* a signed-in person */
	CONN_JOIN,		/* an invite redemption session: account.register only */
};

/* A conn is conn.c's own: everything above it goes through the calls below. */
struct conn;

/*
 * The layer above a conn (session.c, op.c, stage.c), wired by server.c: conn.c
 * calls up only through these, so it knows bytes, lines and queues and
 * nothing of who is speaking or what they ask.
 */
struct conn_upper {
	/* A conn opened, for the person (mode CONN_USER) or to register. */
	void		(*open)(struct conn *, enum conn_mode,
			    const struct store_user *);
	/* Answers one decoded request: exactly one reply, through conn_send_reply or conn_reply_error. */
	void		(*request)(struct conn *, struct proto_request *);
	/* Output while an op runs: kept with the op (true) or queued now (false). */
	bool		(*stage)(struct conn *, struct blob *, bool is_event);
	/* The conn is going: forget it everywhere above. */
	void		(*close)(struct conn *);
	/* Whether bytes may leave now (false while the turn's writes are uncommitted). */
	bool		(*can_send)(void);
	/* Some conn has output: flush the marked conns at the turn's end. */
	void		(*wake)(void);
	/* Who the conn speaks for, for the log. */
	const char	*(*name)(const struct conn *);
	/* The request line must wait until the store's commit returns. */
	bool		(*must_wait)(struct conn *, const char *line, size_t len);
	/* Waits for that commit: the requests that waited for it run now. */
	void		(*commit_wait)(void);
};
void		 conn_init(const struct conn_upper *);
/* Every conn in turn (fn must not free it). */
void		 conn_foreach(void (*fn)(struct conn *, void *), void *);
/* Flushes the conns marked since the last call: the end of a loop turn. */
void		 conn_flush_marked(void);

struct conn	*conn_new(const struct conn_transport *, void *ctx, enum conn_mode,
		    const struct store_user *, const char *addr);
/* The transport is gone: forget the conn. Never call from inside a libssh callback. */
void		 conn_free(struct conn *);
void		 conn_input(struct conn *, const char *, size_t);
/* The peer will send no more: answer what it asked, then finish. */
void		 conn_peer_eof(struct conn *);
/*
 * The peer is gone for good (its channel closed): nobody can read an answer
 * any more, so the requests it sent that have not run never do, and
 * nothing more is queued for it.
 */
void		 conn_peer_gone(struct conn *);
/*
 * A transport that paces its conns (one with input_waiting) reads first and
 * then gives each conn its turn, once a loop turn: the conn runs at most n
 * of the requests read (in order), so one peer's pipeline cannot fill a
 * turn that everyone waits for, and the rest wait in the conn while the
 * transport reads on. An unpaced conn runs each request as it is read.
 */
#define CONN_TURN_REQUESTS	32
void		 conn_take_turn(struct conn *, size_t n);
/* What the transport reads before the conn's next turn. */
enum conn_read {
	CONN_READ_ONCE,		/* what has come, as ever */
	/*
	 * All that has come: requests wait their turn, and a peer gone since
	 * sending them is known before they run.
	 */
	CONN_READ_AHEAD,
	CONN_READ_LATER,	/* nothing: enough waits (half the soft limit) */
};
enum conn_read	 conn_read_advice(const struct conn *);
/*
 * Queues an event or reply; events are dropped while the conn is lagging.
 * While an op runs it is staged with the op instead (the upper stage hook).
 */
void		 conn_send_blob(struct conn *, struct blob *, bool is_event);
/* Queues it now: what stage.c does after the commit. */
void		 conn_deliver(struct conn *, struct blob *, bool is_event);
/* Sends the reply; internal, with the request's id, if it cannot be encoded. */
void		 conn_send_reply(struct conn *, json_t *id, json_t *reply);
void		 conn_reply_error(struct conn *, json_t *id, enum proto_error,
		    const char *message, uint64_t retry_after_ms);
/* The same with more fields inside "error" (steals fields; NULL for none). */
void		 conn_reply_error_fields(struct conn *, json_t *id,
		    enum proto_error, const char *message,
		    uint64_t retry_after_ms, json_t *fields);
/* An error reply line {"re":id,"error":{…}} (NULL if it cannot be encoded). */
struct blob	*conn_error_blob(json_t *id, enum proto_error, const char *message,
		    uint64_t retry_after_ms);
struct blob	*conn_error_blob_fields(json_t *id, enum proto_error,
		    const char *message, uint64_t retry_after_ms, json_t *fields);
void		 conn_send_json(struct conn *, json_t *, bool is_event);	/* steals obj */
/* Sends {"ev":"bye","reason":…} and finishes once it is out. */
void		 conn_close(struct conn *, const char *reason);
/* The same with more fields in the bye (steals fields; NULL for none). */
void		 conn_close_fields(struct conn *, const char *reason, json_t *fields);
/* Writes queued bytes to the transport as far as it takes them. */
void		 conn_flush(struct conn *);
bool		 conn_has_output(const struct conn *);
/* A join session became the person: the transport is told (a spawned client's). */
void		 conn_became_user(struct conn *, const struct store_user *);
/* Whether the transport can go on as the person a join session registers. */
bool		 conn_can_become_user(const struct conn *);
/* The layer above keeps its own state for the conn here (session.c). */
void		 conn_set_owner(struct conn *, void *);
void		*conn_owner(const struct conn *);
/* The peer's address, as the transport gave it. */
const char	*conn_addr(const struct conn *);
/* What the peer is, for staffroomctl who: "client", "subsystem", "plain ssh". */
void		 conn_set_kind(struct conn *, const char *kind);
const char	*conn_kind(const struct conn *);
/* The output queues of every conn, for staffroomctl stats and the metrics. */
struct conn_stats {
	size_t	 conns;
	size_t	 lagging;	/* over the soft limit, waiting for a sync */
	size_t	 queued_bytes;
	size_t	 queued_max;	/* the longest queue */
};
void		 conn_stats(struct conn_stats *);
/* The peer asked for what it missed (sync): live events flow again. */
void		 conn_clear_lagging(struct conn *);
/*
 * An op runs off the loop for the conn: requests read meanwhile wait, in
 * order, until conn_resume, which runs them.
 */
void		 conn_pause(struct conn *);
void		 conn_resume(struct conn *);
/* The store's commit returned: conns that waited for it run their requests. */
void		 conn_commit_returned(void);

/*
 * Lines staged for the conn wait for the turn's commit (stage.c): the conn
 * does not flush or finish ahead of them, and counts replies as output.
 */
void		 conn_staged_add(struct conn *, const struct blob *, bool is_event);
void		 conn_staged_remove(struct conn *, const struct blob *,
		    bool is_event);
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

/* auth.c: login rate limits and password checks off the loop. */
struct server_config;
bool		 auth_init(struct event_base *, const struct server_config *);
/* The limits again (SIGHUP); counts already taken stay. */
void		 auth_configure(const struct server_config *);
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
bool		 ssh_server_start(const char *dir, bool rsa_host_key);
void		 ssh_server_stop_listening(void);
void		 ssh_server_stop(void);
/*
 * Ends every SSH session of a person (the account disabled, staffroomctl
 * kick): how many there were.
 */
size_t		 ssh_server_kick_user(int64_t user_id, const char *reason);

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
/* New caps (SIGHUP); clients running stay, over them or not. */
void		 spawn_set_limits(int max_total, int max_per_user);
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
	bool		 guard_off;	/* --guard off: for benchmarking only */
	int		 auth_fail_account;
	int		 auth_fail_address;
	int		 auth_address_refill_s;	/* one attempt back per address */
	int		 invite_fail_address;
	int		 max_unauthenticated_per_address;
	int		 max_join_per_address;
	int		 login_grace_s;
	int		 keepalive_s;
	size_t		 out_soft_limit;
	size_t		 out_hard_limit;
	int		 max_conns_per_user;
	const char	*client_path;
	const char	*motd;		/* told to every client at login */
	const char	*sendmail_path;	/* verification codes go through it */
	const char	*mail_from;	/* NULL: staffroom@ this host */
	int		 max_spawned;
	int		 max_spawned_per_user;
	bool		 rsa_host_key;	/* also offer ssh_host_rsa_key */
};

struct server {
	struct event_base	*base;
	struct store		*store;
	struct server_config	 cfg;
	struct event		*turn_end;
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
/* The current op's writes stay though it fails: a wrong code is counted. */
void		 stage_keep_writes(void);
/*
 * Work the current op leaves for after the turn's commit, whether or not
 * the asking conn is still there (ending another's sessions): fn(arg, true)
 * once its writes are committed, fn(arg, false) when they are undone.
 */
typedef void	 stage_commit_fn(void *arg, bool committed);
void		 stage_after_commit(stage_commit_fn *, void *arg);
/* The turn's commit failed: every op that ran inside it answers an error. */
void		 stage_fail_turn(void);
/* After the commit: staged output goes to the conns, in order. */
void		 stage_deliver(void);
void		 stage_commit_begin(void);
void		 stage_commit_end(bool committed);
bool		 stage_conn_committing(const struct conn *);
void		 stage_forget(struct conn *);
/* Looks for staffroomctl's changes again at the next tick. */
void		 server_watch_again(void);
/*
 * Work that may use the store: fn(arg) runs at once (true), or, when a
 * commit is in flight, is put off (false) until the commit has returned
 * and the requests that waited for it have run, before the next commit
 * starts. The loop never waits on the disk for it. Its owner embeds it and
 * cancels it before going.
 */
struct server_later {
	void			(*fn)(void *);
	void			*arg;
	bool			 put_off;
	TAILQ_ENTRY(server_later) entry;
};
bool		 server_later(struct server_later *);
void		 server_later_cancel(struct server_later *);
/* A timer (event_new's flags, no fd) whose work is server_later's. */
struct event	*server_timer_new(short flags, void (*fn)(void *), void *arg);
void		 server_timer_free(struct event *);

#endif
