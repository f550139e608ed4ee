/*
 * server.c: staffroomd's main: options, privileges, the event loop, group
 * commit at the end of each loop turn, and noticing what staffroomctl
 * changes while we run.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>

#include <event2/event.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "control.h"
#include "metrics_http.h"
#include "options.h"
#include "session.h"

#define SERVER_WATCH_MS		500	/* how often to look for staffroomctl's changes */
#define SERVER_CHANGES_BATCH	200	/* people's changes taken in one look */
#define SERVER_SHUTDOWN_MS	500	/* time to let goodbyes drain */
#define SERVER_STOP_DEADLINE_S	5	/* after a stop signal, exit by then regardless */

struct server server;
static struct server_settings	settings;

static struct {
	struct event	*watch;
	struct event	*stop;		/* reads stop_pipe */
	struct event	*reload;	/* SIGHUP */
	struct event	*committed;	/* the writer thread's pipe */
	uint64_t	 commit_start_us;
	int		 lock;		/* holds STATE_LOCK_FILE */
	int		 stop_pipe[2];
	int64_t		 data_version;
	bool		 stopping;
} loop;

static volatile sig_atomic_t	server_signal;

/* Work put off by a commit in flight (server_later), in the order it came. */
static TAILQ_HEAD(, server_later) server_put_off =
    TAILQ_HEAD_INITIALIZER(server_put_off);

/* A timer whose work uses the store (server_timer_new). */
struct server_timer {
	struct event		*ev;
	struct server_later	 work;
};

static void
server_wake(void)
{
	event_active(server.turn_end, EV_WRITE, 0);
}

/* The store's first write of a turn: the turn's end will commit it. */
static void
server_write_hook(void *arg)
{
	server_wake();
}

static bool
server_can_send(void)
{
	return (!store_in_transaction(server.store));
}

static void
server_conn_closed(struct conn *c)
{
	stage_forget(c);
	session_close(c);
}

static void	server_commit_wait(void);

/* What a conn calls up to: its session, the op layer, the turn's stage. */
static const struct conn_upper server_conn_upper = {
	.open = session_open,
	.request = session_request,
	.stage = stage_take,
	.close = server_conn_closed,
	.can_send = server_can_send,
	.wake = server_wake,
	.name = session_name,
	.must_wait = session_must_wait,
	.commit_wait = server_commit_wait,
};

/* A commit that returned: what its ops staged leaves (their errors if it failed). */
static void
server_commit_end(enum store_result res)
{
	metrics_commit(mono_us() - loop.commit_start_us);
	stage_commit_end(res == STORE_OK);
}

bool
server_later(struct server_later *w)
{
	if (!store_committing(server.store)) {
		w->fn(w->arg);
		return (true);
	}
	if (!w->put_off) {
		w->put_off = true;
		TAILQ_INSERT_TAIL(&server_put_off, w, entry);
	}
	return (false);
}

void
server_later_cancel(struct server_later *w)
{
	if (w->put_off)
		TAILQ_REMOVE(&server_put_off, w, entry);
	w->put_off = false;
}

/* Work put off by a commit: run before the next one starts. */
static void
server_put_off_run(void)
{
	struct server_later	*w;

	while (!store_committing(server.store) &&
	    (w = TAILQ_FIRST(&server_put_off)) != NULL) {
		TAILQ_REMOVE(&server_put_off, w, entry);
		w->put_off = false;
		w->fn(w->arg);
	}
}

static void
server_timer_fired(evutil_socket_t fd, short events, void *arg)
{
	struct server_timer	*t = arg;

	server_later(&t->work);
}

struct event *
server_timer_new(short flags, void (*fn)(void *), void *arg)
{
	struct server_timer	*t = xcalloc(1, sizeof *t);

	t->work.fn = fn;
	t->work.arg = arg;
	t->ev = event_new(server.base, -1, flags, server_timer_fired, t);
	return (t->ev);
}

void
server_timer_free(struct event *ev)
{
	struct server_timer	*t;

	if (ev == NULL)
		return;
	t = event_get_callback_arg(ev);
	server_later_cancel(&t->work);
	event_free(ev);
	free(t);
}

/*
 * ... then the requests that waited for it run, into the next transaction,
 * and the work that it put off (timers, sessions' starts): all before the
 * next commit starts.
 */
static void
server_commit_returned(void)
{
	enum store_result	res;

	if (store_commit_done(server.store, false, &res)) {
		server_commit_end(res);
		conn_flush_marked();
		conn_commit_returned();
	}
	server_put_off_run();
}

/* A conn is going with requests that waited for the commit: they run first. */
static void
server_commit_wait(void)
{
	enum store_result	res;

	if (!store_commit_done(server.store, true, &res))
		return;
	server_commit_end(res);
	conn_commit_returned();
}

static void
server_committed(evutil_socket_t fd, short events, void *arg)
{
	server_commit_returned();
	server_wake();
}

/*
 * The end of a loop turn: every write of the turn is committed in one
 * transaction, and only then does anything about them leave the server.
 * The COMMIT runs on the store's writer thread (store_writer.c): meanwhile
 * the loop serves the ops that only read, and holds the others for the
 * next transaction (group commit). When the commit fails, each op of the
 * turn answers an error instead. This is the one place that commits
 * before anything is sent.
 */
static void
server_turn_end(evutil_socket_t fd, short events, void *arg)
{
	/*
	 * One the loop had to wait for inside the turn (store_commit_wait),
	 * or work put off by one.
	 */
	server_commit_returned();
	if (store_in_transaction(server.store)) {
		loop.commit_start_us = mono_us();
		if (store_commit_start(server.store) == STORE_OK)
			stage_commit_begin();
		else
			stage_fail_turn();
	}
	stage_deliver();
	conn_flush_marked();
}

static void
server_kick_disabled(int64_t user_id, void *arg)
{
	if (session_count(user_id) > 0)
		ssh_server_kick_user(user_id, "account_disabled");
}

/*
 * People whose trust, region, role or name staffroomctl changed: their
 * sessions take the new record and follow the rooms it gives (the next look
 * takes any beyond the batch).
 */
static void
server_user_changes(void)
{
	struct store_ids	ids;
	enum proto_error	err = PROTO_OK;
	char			message[160];
	uint64_t		retry;
	size_t			i;

	/* Taking them writes: an op of its own, its events staged (stage.c). */
	stage_begin(NULL, NULL, false);
	if (store_user_changes_take(server.store, SERVER_CHANGES_BATCH, &ids) !=
	    STORE_OK) {
		log_warn("cannot read changes to people");
		err = PROTO_ERR_INTERNAL;
	} else {
		for (i = 0; i < ids.n; i++)
			session_follow_user(ids.v[i]);
		if (ids.n == SERVER_CHANGES_BATCH)
			loop.data_version = 0;
		free(ids.v);
	}
	stage_close(err, message, sizeof message, &retry);
	stage_done();
}

/* The turn's writes were lost: the changes taken in it are there again. */
void
server_watch_again(void)
{
	loop.data_version = 0;
}

/* staffroomctl writes the same database: look for its commits. */
static void
server_watch(void *arg)
{
	int64_t	v = store_data_version(server.store);

	if (v == loop.data_version)
		return;
	loop.data_version = v;
	session_ctl_committed();
	store_audit_log_head(server.store);
	if (store_users_disabled(server.store, server_kick_disabled, NULL) !=
	    STORE_OK)
		log_warn("cannot list disabled accounts");
	server_user_changes();
}

/*
 * SIGTERM and SIGINT. The loop says goodbye and commits; in case it is too
 * busy to get to that, a deadline ends the process regardless, as a second
 * signal does at once. Nothing is lost either way: what was not committed
 * was never acknowledged.
 */
static void
server_signalled(int sig)
{
	int	saved = errno;

	if (server_signal != 0)
		_exit(1);
	server_signal = sig;
	alarm(SERVER_STOP_DEADLINE_S);
	(void)write(loop.stop_pipe[1], "", 1);
	errno = saved;
}

static void
server_deadline(int sig)
{
	static const char	msg[] = "staffroomd: not stopped in time; "
				    "exiting without committing\n";

	(void)write(STDERR_FILENO, msg, sizeof msg - 1);
	_exit(1);
}

static bool
server_catch_signals(void)
{
	struct sigaction	sa;

	if (pipe(loop.stop_pipe) == -1 ||
	    evutil_make_socket_nonblocking(loop.stop_pipe[0]) == -1 ||
	    evutil_make_socket_nonblocking(loop.stop_pipe[1]) == -1 ||
	    evutil_make_socket_closeonexec(loop.stop_pipe[0]) == -1 ||
	    evutil_make_socket_closeonexec(loop.stop_pipe[1]) == -1) {
		log_error("cannot make the signal pipe: %s", strerror(errno));
		return (false);
	}
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sa.sa_handler = server_signalled;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = server_deadline;
	sigaction(SIGALRM, &sa, NULL);
	return (true);
}

static void
server_say_bye(struct conn *c, void *arg)
{
	conn_close(c, "shutdown");
}

static void
server_stop(evutil_socket_t fd, short events, void *arg)
{
	struct timeval	 tv = { 0, SERVER_SHUTDOWN_MS * 1000 };
	char		 buf[16];

	while (read(fd, buf, sizeof buf) > 0)
		/* nothing */;
	if (loop.stopping)
		return;
	loop.stopping = true;
	log_info("stopping (signal %d)", (int)server_signal);
	ssh_server_stop_listening();
	conn_foreach(server_say_bye, NULL);
	event_base_loopexit(server.base, &tv);
}

/*
 * SIGHUP: the limits take the config file's new values. Nobody is dropped:
 * a limit lowered below what is in use stops only what comes next.
 */
static void
server_reload(evutil_socket_t fd, short events, void *arg)
{
	if (!options_reload(&settings))
		return;
	server.cfg = settings.cfg;
	auth_configure(&server.cfg);
	spawn_set_limits(server.cfg.max_spawned, server.cfg.max_spawned_per_user);
}

/*
 * libssh closes a session's socket itself when the peer goes, before we
 * free the session's events, so libevent's complaint about that fd is
 * expected and only worth a debug line.
 */
static void
server_libevent_log(int severity, const char *msg)
{
	if (severity >= EVENT_LOG_ERR)
		log_error("libevent: %s", msg);
	else
		log_debug("libevent: %s", msg);
}

static void
server_raise_fd_limit(void)
{
	struct rlimit	rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			log_warn("cannot raise the file limit: %s", strerror(errno));
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0)
		log_info("file descriptor limit %llu",
		    (unsigned long long)rl.rlim_cur);
}

static bool
server_drop_privileges(const char *user)
{
	struct passwd	*pw;

	if (geteuid() != 0) {
		if (user != NULL)
			log_warn("--user %s ignored: not running as root", user);
		return (true);
	}
	if (user == NULL) {
		log_error("refusing to run as root: give --user NAME to run as");
		return (false);
	}
	if ((pw = getpwnam(user)) == NULL || pw->pw_uid == 0) {
		log_error("--user %s: no such unprivileged user", user);
		return (false);
	}
	if (setgroups(0, NULL) == -1 || setgid(pw->pw_gid) == -1 ||
	    setuid(pw->pw_uid) == -1 || setuid(0) != -1) {
		log_error("cannot become %s: %s", user, strerror(errno));
		return (false);
	}
	log_info("running as %s", user);
	return (true);
}

/*
 * Checked as the user that will run it: without it, `ssh -t` users would
 * only see their connection close.
 */
static bool
server_check_client(const char *path, char *err, size_t size)
{
	struct stat	sb;

	if (stat(path, &sb) == -1 || access(path, X_OK) == -1) {
		snprintf(err, size, "client %s: %s (`ssh -t` users get it; "
		    "install staffroom or set client = PATH)", path,
		    strerror(errno));
		return (false);
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, size, "client %s: not a program (`ssh -t` users "
		    "get it; set client = PATH)", path);
		return (false);
	}
	return (true);
}

static int
server_run(const char *addr, int port, const char *user)
{
	struct timeval	 watch = { 0, SERVER_WATCH_MS * 1000 };
	char		 bound[128], err[512], metrics_addr[64];
	enum store_result res;
	int		 status = 1, metrics_port = 0, committed_fd;
	bool		 busy;

	/* Checked as the options were read. */
	if (settings.metrics != NULL)
		(void)options_listen(settings.metrics, metrics_addr,
		    sizeof metrics_addr, &metrics_port);
	event_set_log_callback(server_libevent_log);
	server.base = event_base_new();
	conn_init(&server_conn_upper);
	server_raise_fd_limit();

	if (!ssh_server_listen(server.base, addr, port, bound, sizeof bound) ||
	    !server_drop_privileges(user))
		return (1);
	umask(077);
	if (!state_dir_check(server.cfg.dir, false, err, sizeof err) ||
	    !server_check_client(server.cfg.client_path, err, sizeof err) ||
	    (loop.lock = state_lock(server.cfg.dir, &busy, err, sizeof err)) == -1) {
		log_error("%s", err);
		return (1);
	}
	switch (store_open(server.cfg.dir, false, 2000, &server.store)) {
	case STORE_OK:
		break;
	case STORE_NOT_FOUND:
		log_error("no database in %s (run `staffroomctl -d %s init` "
		    "first)", server.cfg.dir, server.cfg.dir);
		return (1);
	default:
		/* The store logged why; init would be the wrong advice. */
		log_error("cannot open the store in %s", server.cfg.dir);
		return (1);
	}
	if (store_writer_start(server.store, server.cfg.dir, 2000,
	    &committed_fd) != STORE_OK) {
		store_close(server.store);
		return (1);
	}
	loop.committed = event_new(server.base, committed_fd,
	    EV_READ | EV_PERSIST, server_committed, NULL);
	event_add(loop.committed, NULL);
	server.turn_end = event_new(server.base, -1, 0, server_turn_end, NULL);
	store_set_write_hook(server.store, server_write_hook, NULL);
	loop.data_version = store_data_version(server.store);
	session_ctl_committed();
	store_audit_log_head(server.store);
	loop.watch = server_timer_new(EV_PERSIST, server_watch, NULL);
	event_add(loop.watch, &watch);
	if (!server_catch_signals())
		return (1);
	loop.stop = event_new(server.base, loop.stop_pipe[0],
	    EV_READ | EV_PERSIST, server_stop, NULL);
	event_add(loop.stop, NULL);
	loop.reload = evsignal_new(server.base, SIGHUP, server_reload, NULL);
	event_add(loop.reload, NULL);

	spawn_init(server.base, server.cfg.client_path, server.cfg.max_spawned,
	    server.cfg.max_spawned_per_user);
	if (auth_init(server.base, &server.cfg) &&
	    session_init(server.base, server.cfg.dir) &&
	    ssh_server_start(server.cfg.dir, server.cfg.rsa_host_key) &&
	    control_start(server.base, server.cfg.dir) &&
	    (settings.metrics == NULL ||
	    metrics_http_start(server.base, metrics_addr, metrics_port))) {
		log_info("staffroomd %s listening on %s", STAFFROOM_VERSION, bound);
		event_base_dispatch(server.base);
		status = 0;
	}
	/* The loop has ended: what is left is bounded, so no deadline. */
	alarm(0);
	if (store_commit_done(server.store, true, &res))
		server_commit_end(res);

	metrics_http_stop();
	control_stop();
	ssh_server_stop();
	spawn_shutdown();
	auth_shutdown();
	session_shutdown();
	if (store_in_transaction(server.store) &&
	    store_commit(server.store) != STORE_OK)
		status = 1;
	store_close(server.store);
	event_free(loop.committed);
	server_timer_free(loop.watch);
	event_free(loop.stop);
	event_free(loop.reload);
	event_free(server.turn_end);
	event_base_free(server.base);
	close(loop.lock);
	log_info("stopped");
	return (status);
}

int
main(int argc, char **argv)
{
	char			 addr[64];
	int			 port, rc;

	if ((rc = options_load(argc, argv, &settings)) != -1) {
		options_free();
		return (rc);
	}
	server.cfg = settings.cfg;
	log_set_level(settings.log_level);
	if (settings.syslog)
		log_use_syslog();
	if (settings.config != NULL)
		log_info("config: read %s", settings.config);
	if (server.cfg.guard_off)
		log_warn("guard: off (--guard off): pupil data is let through "
		    "everywhere, for benchmarking only");
	(void)options_listen(settings.listen, addr, sizeof addr, &port);
	signal(SIGPIPE, SIG_IGN);
	rc = server_run(addr, port, settings.user);
	options_free();
	return (rc);
}
