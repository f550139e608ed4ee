/*
 * harness.h: the shared harness of the integration tests. It runs the real
 * staffroomd and staffroomctl on a temporary state directory and talks to the
 * daemon over real SSH, with libssh as the client.
 *
 * Failures go through cmocka (fail_msg), so a harness function that returns
 * has succeeded. Every wait is bounded by ITEST_TIMEOUT_MS (60 s unless the
 * environment variable says otherwise) only so that a hung test fails; nothing
 * here measures how fast the daemon is.
 *
 * Ownership: servers own their keys, users and clients; a client owns every
 * JSON object it hands out (replies, events), which stay valid until
 * itest_close. itest_finish frees whatever a failed test left behind, so the
 * suite stays clean under AddressSanitizer.
 *
 * Environment: top_builddir (set by make check) locates daemon/staffroomd and
 * daemon/staffroomctl; STAFFROOMD and STAFFROOMCTL override them;
 * ITEST_KEEP=1 keeps the temporary directory for a post-mortem.
 */
#ifndef ITEST_HARNESS_H
#define ITEST_HARNESS_H

#include <sys/types.h>

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <libssh/libssh.h>

#define ITEST_TIMEOUT_MS_DEFAULT	60000
#define ITEST_RUN_AS			"staffroom-test"	/* when the tests run as root */

/* Process-wide setup: the temporary root directory and libssh. */
void		 itest_init(void);
/*
 * Stops every daemon still running and frees everything; when failures > 0
 * prints the logs of every daemon (as TAP comments) first. Returns failures,
 * for main to return.
 */
int		 itest_finish(int failures);
/* The upper bound of every wait, in milliseconds. */
int		 itest_timeout_ms(void);
/* Monotonic milliseconds, for the times a test prints (never asserts). */
double		 itest_now_ms(void);

/* --- daemon and state directory ------------------------------------------ */

struct itest_server;

/*
 * Makes a state directory with `staffroomctl init`. daemon_args are extra
 * staffroomd flags used on every start (a NULL-terminated list, or NULL).
 */
struct itest_server *itest_server_new(const char *const *daemon_args);
/* Starts staffroomd on 127.0.0.1:0 and waits until it logs its port. */
void		 itest_server_start(struct itest_server *srv);
/* SIGTERM; asserts the daemon exits, with status 0. */
void		 itest_server_stop(struct itest_server *srv);
/* SIGKILL, as a crash or a power cut would. */
void		 itest_server_kill(struct itest_server *srv);
/*
 * SIGSTOP, waiting until it has stopped, and SIGCONT: what clients send
 * meanwhile is all there, in the sockets, when the daemon next looks.
 */
void		 itest_server_freeze(struct itest_server *srv);
void		 itest_server_thaw(struct itest_server *srv);
/* True from a start until the next stop or kill (even if it crashed since). */
bool		 itest_server_started(const struct itest_server *srv);
/* Asserts the daemon process has not exited. */
void		 itest_server_assert_running(struct itest_server *srv);
int		 itest_server_port(const struct itest_server *srv);
/* The number after marker in the current run's log ("metrics: serving http://127.0.0.1:"); 0 if none. */
int		 itest_server_logged_port(const struct itest_server *srv, const char *marker);
/* More staffroomd flags from its next start on (a later flag wins). */
void		 itest_server_add_args(struct itest_server *srv, const char *const *args);
/* The daemon's file descriptor limit (soft and hard) from its next start on. */
void		 itest_server_set_file_limit(struct itest_server *srv, int limit);
/* The daemon's process id while it runs, else 0. */
pid_t		 itest_server_pid(const struct itest_server *srv);
const char	*itest_server_state_dir(const struct itest_server *srv);
/* Closes its clients, stops the daemon if it runs, frees everything. */
void		 itest_server_free(struct itest_server *srv);

/*
 * Runs `staffroomctl -d STATE args...` (NULL-terminated) with input on its
 * stdin (or none), puts its stdout in out (may be NULL) and returns its exit
 * status. itest_ctl_ok asserts the status is 0.
 */
int		 itest_ctl(struct itest_server *srv, const char *input,
		    char *out, size_t outsize, ...) __attribute__((sentinel));
void		 itest_ctl_ok(struct itest_server *srv, const char *input,
		    char *out, size_t outsize, ...) __attribute__((sentinel));
/* staffroomctl trust add NAME --region REGION: the new trust's id in id. */
void		 itest_trust_add(struct itest_server *srv, const char *name,
		    const char *region, char *id, size_t size);
/* How many times text occurs in the daemon's log (every run). */
size_t		 itest_server_log_count(const struct itest_server *srv, const char *text);
/* The same in what staffroomctl and sqlite3 wrote to stderr. */
size_t		 itest_ctl_log_count(const struct itest_server *srv, const char *text);
/* Runs one SQL statement on the live database with the sqlite3 CLI. */
void		 itest_sql(struct itest_server *srv, const char *sql);
/* The first column of the first row a query gives, read from the live database. */
long long	 itest_db_int(struct itest_server *srv, const char *sql);
/*
 * The first table of the live database (the FTS indexes' own tables
 * included; skip, when not NULL, left out) with a cell holding one of words,
 * which *word then names; NULL when none does.
 */
const char	*itest_db_table_holding(struct itest_server *srv, const char *skip,
		    const char *const *words, size_t nwords, const char **word);

/* staffroomd flags that lift the flood limit, for suites that post freely. */
extern const char *const itest_posting_unlimited[];

/*
 * The daemon of a suite whose tests all share one: a cmocka group setup that
 * starts it with itest_posting_unlimited, and the teardown that frees it.
 */
extern struct itest_server *itest_shared;
int		 itest_shared_setup(void **state);
int		 itest_shared_teardown(void **state);

/* --- keys and people -------------------------------------------------------- */

struct itest_key {
	ssh_key	 key;				/* for the libssh client */
	char	 path[PATH_MAX];		/* private key, OpenSSH format, 0600 */
	char	 pub_path[PATH_MAX];		/* the line below, for `key add` */
	char	 line[512];			/* "ssh-ed25519 AAAA... comment" */
	char	 fingerprint[80];		/* "SHA256:..." as ssh-keygen -lf */
};

/* A fresh ed25519 key, written to files in the server's directory. */
const struct itest_key *itest_key_new(struct itest_server *srv, const char *comment);

struct itest_user {
	char			 handle[33];
	char			 region[65];
	char			 password[128];	/* "" for a key-only account */
	const struct itest_key	*key;		/* registered with `key add` */
};

/*
 * Adds an account with staffroomctl (`user add`, then `key add` with a fresh
 * key). password NULL makes a key-only account.
 */
const struct itest_user *itest_user_add(struct itest_server *srv,
		    const char *handle, const char *region, const char *password);

/* A key-only person (itest_user_add) given a role: moderator or admin. */
const struct itest_user *itest_user_with_role(struct itest_server *srv,
		    const char *handle, const char *region, const char *role);

/* Adds a key-only person (itest_user_add) and logs them in. */
struct itest_client *itest_person_online(struct itest_server *srv,
		    const char *handle, const char *region);

/* --- SSH logins ------------------------------------------------------------- */

enum itest_method {
	ITEST_BY_KEY,
	ITEST_BY_PASSWORD,
	ITEST_BY_KBDINT,	/* keyboard-interactive, answering every prompt */
};

struct itest_auth {
	enum itest_method	 method;
	const struct itest_key	*key;		/* ITEST_BY_KEY */
	const char		*password;	/* the others */
};

struct itest_auth	 itest_by_key(const struct itest_key *key);
struct itest_auth	 itest_by_password(const char *password);
struct itest_auth	 itest_by_kbdint(const char *password);

struct itest_client;

/*
 * Logs in as login, opens the `staffroom` subsystem and reads the hello
 * event; asserts each step succeeds.
 */
struct itest_client *itest_login(struct itest_server *srv, const char *login,
		    struct itest_auth auth);
/*
 * Logs a user in with their key and opens the subsystem without reading
 * the first line (a session refused after login gets a bye, not a hello).
 */
struct itest_client *itest_login_unread(struct itest_server *srv,
		    const struct itest_user *user);
/* Logs a user in with their registered key. */
struct itest_client *itest_login_user(struct itest_server *srv,
		    const struct itest_user *user);
/*
 * Connects and tries one authentication; returns libssh's answer
 * (SSH_AUTH_SUCCESS, SSH_AUTH_DENIED, ...) and disconnects.
 */
int		 itest_auth_result(struct itest_server *srv, const char *login,
		    struct itest_auth auth);
/*
 * n logins at once: each connects first, then all try their authentication
 * together, each from its own thread; results[i] gets libssh's answer to
 * logins[i] with auths[i]. Every session is closed afterwards.
 */
void		 itest_auth_burst(struct itest_server *srv, const char *const *logins,
		    const struct itest_auth *auths, int *results, size_t n);
/* Asserts the login is refused while the daemon keeps running. */
void		 itest_assert_refused(struct itest_server *srv, const char *login,
		    struct itest_auth auth);
/* Sends EOF, closes the channel and the session, frees the client. */
void		 itest_close(struct itest_client *c);
/* Drops the connection with a TCP reset (no EOF, close or disconnect first). */
void		 itest_reset(struct itest_client *c);

/* --- the protocol --------------------------------------------------------- */

/* The hello event this connection started with. */
const json_t	*itest_hello(const struct itest_client *c);
/*
 * Sends {"id":N,"op":op, ...fields} and returns N. fields (an object, may be
 * NULL) is consumed.
 */
json_int_t	 itest_send(struct itest_client *c, const char *op, json_t *fields);
/* Sends exactly these bytes (the caller adds any newline). */
void		 itest_send_raw(struct itest_client *c, const void *bytes, size_t len);
/* Ends this side's input (SSH EOF); the channel stays open for replies. */
void		 itest_send_eof(struct itest_client *c);
/* Waits for the reply with this "re", keeping other lines for later waits. */
const json_t	*itest_wait_reply(struct itest_client *c, json_int_t id);
/* Waits for the next reply, whatever its "re" (null included). */
const json_t	*itest_next_reply(struct itest_client *c);
/* Waits for the next event named ev, keeping other lines for later waits. */
const json_t	*itest_wait_event(struct itest_client *c, const char *ev);
/* Waits for the next "msg" event posted by handle; returns its "msg" object. */
const json_t	*itest_wait_msg_from(struct itest_client *c, const char *handle);
/*
 * How many "ev" events were already received and not yet claimed, without
 * reading or waiting: after a later reply (itest_assert_alive), an absent
 * event was never sent.
 */
size_t		 itest_unclaimed_events(const struct itest_client *c, const char *ev);
/* The same for replies: after itest_wait_closed, those that came before the close. */
size_t		 itest_unclaimed_replies(const struct itest_client *c);
/* Waits until the server closes the channel; lines received stay queued. */
void		 itest_wait_closed(struct itest_client *c);

/* Sends and waits for the reply. */
const json_t	*itest_call(struct itest_client *c, const char *op, json_t *fields);
/* Sends, waits and asserts "ok":true. */
const json_t	*itest_call_ok(struct itest_client *c, const char *op, json_t *fields);
/* Sends, waits and asserts the error code; returns the reply. */
const json_t	*itest_call_error(struct itest_client *c, const char *op,
		    json_t *fields, const char *code);
/* Asserts reply is an error reply with this code. */
void		 itest_assert_error(const json_t *reply, const char *code);
/* Asserts two JSON values are equal, printing both when they are not. */
void		 itest_assert_json_equal(const json_t *got, const json_t *want);
/* Asserts reply is "ok":true. */
void		 itest_assert_ok(const json_t *reply);
/* Asserts the connection still answers a ping. */
void		 itest_assert_alive(struct itest_client *c);

/* room.send; asserts success and returns the "msg" object of the reply. */
const json_t	*itest_post(struct itest_client *c, const char *room, const char *body);
/* room.history with before and limit left out when 0; asserts success. */
const json_t	*itest_history(struct itest_client *c, const char *room,
		    json_int_t before, int limit);
/* Every message of room with an id above since (pages of 200, at most 100); caller frees. */
json_t		*itest_history_since(struct itest_client *c, const char *room,
		    json_int_t since);

/*
 * Field lookups by dotted path ("msg.id", "rooms.0.unread", "error.code");
 * the getters fail the test when the field is missing or of another type.
 */
const json_t	*itest_find(const json_t *obj, const char *path);	/* NULL if missing */
const json_t	*itest_get(const json_t *obj, const char *path);
json_int_t	 itest_get_int(const json_t *obj, const char *path);
const char	*itest_get_str(const json_t *obj, const char *path);
bool		 itest_get_bool(const json_t *obj, const char *path);
/* The room object with this id in a rooms.list reply; itest_room_in: NULL if none. */
const json_t	*itest_find_room(const json_t *rooms_reply, const char *room_id);
const json_t	*itest_room_in(const json_t *rooms_reply, const char *room_id);
/* The object with "id":id in an array (messages, hits, entries), or NULL. */
const json_t	*itest_with_id(const json_t *array, json_int_t id);
/* The id of the board with this scope ("region:london") c can read; fails if none. */
json_int_t	 itest_board_of(struct itest_client *c, const char *scope);
/*
 * The entry of c's moderation queue (mod.queue, its first 50) whose field
 * ("held.id", "msg.id", "post.id") is id, or NULL.
 */
const json_t	*itest_queue_entry(struct itest_client *c, const char *field,
		    json_int_t id);
/* staffroomctl export person HANDLE into the state's DIR: its JSON (to free). */
json_t		*itest_export_json(struct itest_server *srv, const char *handle,
		    const char *dir);

/* --- mail: a fake sendmail (harness_mail.c) ------------------------------------- */

struct itest_mailbox;
/* A fake sendmail in a new directory, keeping each mail it is given. */
struct itest_mailbox *itest_mailbox_new(void);
/* Its path, for staffroomd --sendmail and staffroomctl digest send --sendmail. */
const char	*itest_mailbox_sendmail(const struct itest_mailbox *mb);
/* From now on it takes nothing and exits 75 (EX_TEMPFAIL), or works again. */
void		 itest_mailbox_failing(struct itest_mailbox *mb, bool failing);
/* How many mails it has kept. */
int		 itest_mailbox_count(const struct itest_mailbox *mb);
/*
 * Waits for mail number n (from 0) and returns its text: a line "ARGS: "
 * with sendmail's arguments, then the message. The caller frees it.
 */
char		*itest_mailbox_wait(const struct itest_mailbox *mb, int n);
/* Removes its directory. */
void		 itest_mailbox_free(struct itest_mailbox *mb);

/* --- terminals: `ssh -t`, and the client the daemon runs for it ------------------ */

/*
 * The path of a stand-in for the full-screen client, for staffroomd --client:
 * it answers a typed line "size" with "size ROWS COLS" (its terminal as stty
 * sees it), sends every other typed line to the daemon as a protocol line, and
 * shows every line the daemon sends on the terminal.
 */
const char	*itest_relay_client(void);
/* Logs in, asks for a terminal of cols x rows and a shell (no hello is read). */
struct itest_client *itest_terminal(struct itest_server *srv, const char *login,
		    struct itest_auth auth, int cols, int rows);
/* Types text as it is (add "\n" to end a line). */
void		 itest_terminal_type(struct itest_client *c, const char *text);
/* Tells the server the window is now cols x rows. */
void		 itest_terminal_resize(struct itest_client *c, int cols, int rows);
/* Waits until the terminal shows text after what the last wait found. */
void		 itest_terminal_wait(struct itest_client *c, const char *text);

#endif
