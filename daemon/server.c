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
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "session.h"

#define SERVER_DEFAULT_LISTEN	"0.0.0.0:2222"
#define SERVER_WATCH_MS		500	/* how often to look for staffroomctl's changes */
#define SERVER_CHANGES_BATCH	200	/* people's changes taken in one look */
#define SERVER_SHUTDOWN_MS	500	/* time to let goodbyes drain */
#define SERVER_STOP_DEADLINE_S	5	/* after a stop signal, exit by then regardless */

struct server server;

static struct {
	struct event	*watch;
	struct event	*stop;		/* reads stop_pipe */
	int		 stop_pipe[2];
	int64_t		 data_version;
	bool		 stopping;
} loop;

static volatile sig_atomic_t	server_signal;

static const struct option server_options[] = {
	{ "dir",		required_argument,	NULL, 'd' },
	{ "listen",		required_argument,	NULL, 'l' },
	{ "user",		required_argument,	NULL, 'u' },
	{ "verbose",		no_argument,		NULL, 'v' },
	{ "help",		no_argument,		NULL, 'h' },
	{ "version",		no_argument,		NULL, 'V' },
	{ "post-burst",		required_argument,	NULL, 'B' },
	{ "post-rate",		required_argument,	NULL, 'R' },
	{ "auth-fail-account",	required_argument,	NULL, 'A' },
	{ "auth-fail-address",	required_argument,	NULL, 'a' },
	{ "auth-address-refill", required_argument,	NULL, 'F' },
	{ "invite-fail-address", required_argument,	NULL, 'I' },
	{ "max-unauthenticated-per-address", required_argument, NULL, 'U' },
	{ "max-join-per-address", required_argument,	NULL, 'J' },
	{ "max-sessions-per-user", required_argument,	NULL, 'S' },
	{ "login-grace",	required_argument,	NULL, 'g' },
	{ "keepalive",		required_argument,	NULL, 'k' },
	{ "client",		required_argument,	NULL, 'c' },
	{ "max-spawned",	required_argument,	NULL, 'M' },
	{ "max-spawned-per-user", required_argument,	NULL, 'm' },
	{ "guard",		required_argument,	NULL, 'G' },
	/* Tests only, so not in the usage: see clock_set_offset_ms. */
	{ "test-clock-offset",	required_argument,	NULL, 'T' },
	{ NULL,			0,			NULL, 0 }
};

/* The options that take a count: where each goes, and its least value. */
static const struct {
	int	 ch;
	int	*value;
	int	 min;
} server_counts[] = {
	{ 'A',	&server.cfg.auth_fail_account,		0 },
	{ 'a',	&server.cfg.auth_fail_address,		0 },
	{ 'F',	&server.cfg.auth_address_refill_s,	1 },
	{ 'I',	&server.cfg.invite_fail_address,	1 },
	{ 'U',	&server.cfg.max_unauthenticated_per_address, 1 },
	{ 'J',	&server.cfg.max_join_per_address,	1 },
	{ 'S',	&server.cfg.max_conns_per_user,		0 },
	{ 'g',	&server.cfg.login_grace_s,		0 },
	{ 'k',	&server.cfg.keepalive_s,		0 },
	{ 'M',	&server.cfg.max_spawned,		0 },
	{ 'm',	&server.cfg.max_spawned_per_user,	0 },
};

static void
server_usage(FILE *f)
{
	fprintf(f,
"usage: staffroomd -d DIR [-l ADDR:PORT] [--user NAME] [-v] [options]\n"
"\n"
"Serves staffroom over SSH from the state directory DIR (or $STAFFROOM_STATE),\n"
"made by `staffroomctl init`. Runs in the foreground and logs to stderr.\n"
"\n"
"  -d, --dir DIR              state directory\n"
"  -l, --listen ADDR:PORT     where to listen (default %s; port 0 picks one)\n"
"  -u, --user NAME            run as NAME (required when started as root)\n"
"  -v, --verbose              log debugging detail\n"
"      --post-burst N         messages a person may send at once (default 10)\n"
"      --post-rate R          messages per second refilled (default 1)\n"
"      --auth-fail-account N  failed logins per account before lockout (default 5)\n"
"      --auth-fail-address N  failed logins per address before lockout (default 30)\n"
"      --auth-address-refill S  seconds until an address gets one attempt back\n"
"                             (default 2; the same for unknown invite codes)\n"
"      --invite-fail-address N  unknown invite codes per address (default 30)\n"
"      --max-unauthenticated-per-address N  connections from one address\n"
"                             not yet logged in (default 32)\n"
"      --max-join-per-address N  join sessions from one address (default 10)\n"
"      --max-sessions-per-user N  (default 16; 0 for no limit)\n"
"      --login-grace S        seconds to authenticate (default 30)\n"
"      --keepalive S          seconds between keepalives (default 60)\n"
"      --client PATH          the client spawned for `ssh -t` (default %s)\n"
"      --max-spawned N        spawned clients in all (default 64)\n"
"      --max-spawned-per-user N  spawned clients per person (default 3)\n"
"      --guard on|off         the pupil-data guard (default on; off is for\n"
"                             benchmarking only)\n"
"  -h, --help                 this text\n"
"  -V, --version              the version\n", SERVER_DEFAULT_LISTEN,
	    STAFFROOM_CLIENT_PATH);
}

static bool
server_number(const char *text, double min, double max, double *out)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(text, &end);
	if (errno != 0 || end == text || *end != '\0' || v < min || v > max)
		return (false);
	*out = v;
	return (true);
}

static bool
server_parse_listen(const char *text, char *addr, size_t size, int *port)
{
	const char	*colon;
	double		 p;
	size_t		 len;

	if ((colon = strrchr(text, ':')) == NULL ||
	    !server_number(colon + 1, 0, 65535, &p))
		return (false);
	len = colon - text;
	if (len >= 2 && text[0] == '[' && text[len - 1] == ']') {
		text++;
		len -= 2;
	}
	if (len == 0 || len >= size)
		return (false);
	memcpy(addr, text, len);
	addr[len] = '\0';
	*port = (int)p;
	return (true);
}

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

/* What a conn calls up to: its session, the op layer, the turn's stage. */
static const struct conn_upper server_conn_upper = {
	.open = session_open,
	.request = session_request,
	.stage = stage_take,
	.close = server_conn_closed,
	.can_send = server_can_send,
	.wake = server_wake,
};

/*
 * The end of a loop turn: every write of the turn is committed in one
 * transaction, and only then does anything about them leave the server.
 * When the commit fails, each op of the turn answers an error instead.
 * This is the one place that commits before anything is sent.
 */
static void
server_turn_end(evutil_socket_t fd, short events, void *arg)
{
	if (store_in_transaction(server.store) &&
	    store_commit(server.store) != STORE_OK)
		stage_fail_turn();
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
server_watch(evutil_socket_t fd, short events, void *arg)
{
	int64_t	v = store_data_version(server.store);

	if (v == loop.data_version)
		return;
	loop.data_version = v;
	session_ctl_committed();
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

static void
server_defaults(struct server_config *cfg)
{
	cfg->post_burst = 10;
	cfg->post_rate = 1;
	cfg->auth_fail_account = 5;
	cfg->auth_fail_address = 30;
	cfg->auth_address_refill_s = 2;
	cfg->invite_fail_address = 30;
	cfg->max_unauthenticated_per_address = 32;
	cfg->max_join_per_address = 10;
	cfg->login_grace_s = 30;
	cfg->keepalive_s = 60;
	cfg->out_soft_limit = 256 * 1024;
	cfg->out_hard_limit = 2 * 1024 * 1024;
	cfg->max_conns_per_user = 16;
	cfg->client_path = STAFFROOM_CLIENT_PATH;
	cfg->max_spawned = 64;
	cfg->max_spawned_per_user = 3;
}

static int
server_run(const char *addr, int port, const char *user)
{
	struct timeval	 watch = { 0, SERVER_WATCH_MS * 1000 };
	char		 bound[128], err[256];
	int		 status = 1;

	event_set_log_callback(server_libevent_log);
	server.base = event_base_new();
	conn_init(&server_conn_upper);
	server_raise_fd_limit();

	if (!ssh_server_listen(server.base, addr, port, bound, sizeof bound) ||
	    !server_drop_privileges(user))
		return (1);
	umask(077);
	if (!state_dir_check(server.cfg.dir, err, sizeof err)) {
		log_error("%s", err);
		return (1);
	}
	if (store_open(server.cfg.dir, false, 2000, &server.store) != STORE_OK) {
		log_error("cannot open the store in %s (run `staffroomctl -d %s "
		    "init` first)", server.cfg.dir, server.cfg.dir);
		return (1);
	}
	server.turn_end = event_new(server.base, -1, 0, server_turn_end, NULL);
	store_set_write_hook(server.store, server_write_hook, NULL);
	loop.data_version = store_data_version(server.store);
	session_ctl_committed();
	loop.watch = event_new(server.base, -1, EV_PERSIST, server_watch, NULL);
	event_add(loop.watch, &watch);
	if (!server_catch_signals())
		return (1);
	loop.stop = event_new(server.base, loop.stop_pipe[0],
	    EV_READ | EV_PERSIST, server_stop, NULL);
	event_add(loop.stop, NULL);

	spawn_init(server.base, server.cfg.client_path, server.cfg.max_spawned,
	    server.cfg.max_spawned_per_user);
	if (auth_init(server.base, &server.cfg) &&
	    session_init(server.base, server.cfg.dir) &&
	    ssh_server_start(server.cfg.dir)) {
		log_info("staffroomd %s listening on %s", STAFFROOM_VERSION, bound);
		event_base_dispatch(server.base);
		status = 0;
	}
	/* The loop has ended: what is left is bounded, so no deadline. */
	alarm(0);

	ssh_server_stop();
	spawn_shutdown();
	auth_shutdown();
	session_shutdown();
	if (store_in_transaction(server.store) &&
	    store_commit(server.store) != STORE_OK)
		status = 1;
	store_close(server.store);
	event_free(loop.watch);
	event_free(loop.stop);
	event_free(server.turn_end);
	event_base_free(server.base);
	log_info("stopped");
	return (status);
}

/* A count option: 1 taken, 0 not one, -1 malformed (after saying so). */
static int
server_count_option(int ch, const char *text)
{
	const struct option	*o;
	double			 v;
	size_t			 i;

	for (i = 0; i < sizeof server_counts / sizeof server_counts[0]; i++) {
		if (server_counts[i].ch != ch)
			continue;
		if (server_number(text, server_counts[i].min, 1e9, &v)) {
			*server_counts[i].value = (int)v;
			return (1);
		}
		for (o = server_options; o->val != ch; o++)
			;
		fprintf(stderr, "staffroomd: --%s: not a count of at least %d: "
		    "%s\n", o->name, server_counts[i].min, text);
		return (-1);
	}
	return (0);
}

int
main(int argc, char **argv)
{
	const char	*listen = SERVER_DEFAULT_LISTEN, *user = NULL;
	char		 addr[64];
	double		 v;
	int64_t		 offset;
	int		 ch, port, counted;

	server_defaults(&server.cfg);
	server.cfg.dir = getenv("STAFFROOM_STATE");
	while ((ch = getopt_long(argc, argv, "d:l:u:vhV", server_options,
	    NULL)) != -1) {
		switch (ch) {
		case 'd':
			server.cfg.dir = optarg;
			break;
		case 'l':
			listen = optarg;
			break;
		case 'u':
			user = optarg;
			break;
		case 'v':
			log_set_level(LOG_LEVEL_DEBUG);
			break;
		case 'h':
			server_usage(stdout);
			return (0);
		case 'V':
			printf("staffroomd %s\n", STAFFROOM_VERSION);
			return (0);
		case 'c':
			server.cfg.client_path = optarg;
			break;
		case 'T':
			if ((offset = parse_duration(optarg)) == -1) {
				fprintf(stderr, "staffroomd: --test-clock-offset: "
				    "not a duration: %s\n", optarg);
				return (2);
			}
			clock_set_offset_ms(offset);
			log_warn("clock: %s ahead of the real clock "
			    "(--test-clock-offset, for tests only)", optarg);
			break;
		case 'G':
			if (strcmp(optarg, "on") != 0 &&
			    strcmp(optarg, "off") != 0) {
				fprintf(stderr, "staffroomd: --guard: on or off, "
				    "not %s\n", optarg);
				return (2);
			}
			server.cfg.guard_off = strcmp(optarg, "off") == 0;
			if (server.cfg.guard_off)
				log_warn("guard: off (--guard off): pupil data "
				    "is let through everywhere, for benchmarking "
				    "only");
			break;
		case 'B':
		case 'R':
			if (!server_number(optarg, ch == 'R' ? 0.001 : 0, 1e9, &v)) {
				fprintf(stderr, "staffroomd: --post-%s: not a number "
				    "in range: %s\n", ch == 'B' ? "burst" : "rate",
				    optarg);
				return (2);
			}
			if (ch == 'B')
				server.cfg.post_burst = v;
			else
				server.cfg.post_rate = v;
			break;
		default:
			if ((counted = server_count_option(ch, optarg)) == 1)
				break;
			if (counted == 0)
				server_usage(stderr);
			return (2);
		}
	}
	if (optind != argc || server.cfg.dir == NULL) {
		server_usage(stderr);
		return (2);
	}
	if (!server_parse_listen(listen, addr, sizeof addr, &port)) {
		fprintf(stderr, "staffroomd: -l %s: expected ADDR:PORT\n", listen);
		return (2);
	}
	signal(SIGPIPE, SIG_IGN);
	return (server_run(addr, port, user));
}
