/*
 * harness.c: runs staffroomd and staffroomctl for the integration tests and
 * speaks the protocol over real SSH with libssh as the client. See harness.h.
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <grp.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libssh/callbacks.h>

#include "staffroom/proto.h"
#include "harness.h"

#define ITEST_MAX_ARGS		32
#define ITEST_LOG_TAIL_LINES	400
#define ITEST_MAX_LINE_BYTES	(16 * 1024 * 1024)	/* a sanity bound, not the protocol's */
#define ITEST_POLL_STEP_MS	20
#define ITEST_KBDINT_ROUNDS	8

struct itest_server {
	struct itest_server	 *next;
	int			  number;
	char			  dir[PATH_MAX];	/* everything of this server */
	char			  state[PATH_MAX];	/* staffroomctl -d / staffroomd -d */
	char			  log[PATH_MAX];	/* staffroomd's stderr, every run */
	char			  ctl_log[PATH_MAX];	/* staffroomctl's and sqlite3's stderr */
	char			 *args[ITEST_MAX_ARGS];	/* extra staffroomd flags */
	int			  nargs;
	pid_t			  pid;			/* 0 while not running */
	int			  file_limit;		/* RLIMIT_NOFILE at exec, or 0 */
	char			  death[96];		/* how it died unasked, or "" */
	int			  port;
	off_t			  run_offset;		/* where this run's log begins */
	int			  runs;
	struct itest_key	**keys;
	size_t			  nkeys;
	struct itest_user	**users;
	size_t			  nusers;
	struct itest_client	**clients;
	size_t			  nclients;
};

struct itest_client {
	struct itest_server	*srv;
	char			 login[64];
	ssh_session		 session;
	ssh_channel		 channel;
	ssh_event		 event;		/* drives the session while we wait */
	struct ssh_channel_callbacks_struct callbacks;
	char			*received;	/* bytes not yet fed to lines */
	size_t			 received_len;
	size_t			 received_cap;
	bool			 overflow;	/* received passed ITEST_MAX_LINE_BYTES */
	struct linebuf		 lines;		/* proto's splitter: the partial line */
	bool			 peer_done;	/* the server sent EOF or closed */
	json_t			*queue;		/* lines received, not yet claimed */
	json_t			*kept;		/* lines handed out, freed at close */
	const json_t		*hello;
	json_int_t		 next_id;
	bool			 closed;
	bool			 terminal;	/* ssh -t: raw terminal bytes, no lines */
};

/* Logs outlive their servers: they are printed at the end when a test failed. */
struct log_record {
	int	number;
	char	log[PATH_MAX];
	char	ctl_log[PATH_MAX];
};

static struct {
	bool			 ready;
	char			 root[PATH_MAX];
	int			 timeout_ms;
	bool			 as_root;	/* daemons run as ITEST_RUN_AS */
	uid_t			 run_uid;
	gid_t			 run_gid;
	struct itest_server	*servers;
	int			 nservers;
	struct log_record	**logs;
	size_t			 nlogs;
} itest;

/* --- small helpers ----------------------------------------------------------- */

static uint64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static uint64_t
deadline_after_timeout(void)
{
	return mono_ms() + (uint64_t)itest.timeout_ms;
}

static void
sleep_ms(int ms)
{
	poll(NULL, 0, ms);
}

static void
path_format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size)
		fail_msg("path too long: %s", fmt);
}

static void *
checked_alloc(size_t size)
{
	void *p = calloc(1, size);

	if (p == NULL)
		fail_msg("out of memory");
	return p;
}

/* Appends to a growing array of pointers. */
static void
pointer_push(void ***array, size_t *count, void *item)
{
	void **grown = realloc(*array, (*count + 1) * sizeof **array);

	if (grown == NULL)
		fail_msg("out of memory");
	grown[(*count)++] = item;
	*array = grown;
}

/* The file's content from offset on, NUL-terminated; "" when unreadable. */
static char *
file_read_from(const char *path, off_t offset)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t size = 0;
	FILE *mem;
	char buf[8192];
	size_t n;

	mem = open_memstream(&text, &size);
	if (mem == NULL)
		fail_msg("out of memory");
	if (f != NULL) {
		if (fseeko(f, offset, SEEK_SET) == 0)
			while ((n = fread(buf, 1, sizeof buf, f)) > 0)
				fwrite(buf, 1, n, mem);
		fclose(f);
	}
	fclose(mem);
	return text;
}

static off_t
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : 0;
}

static void
file_append_line(const char *path, const char *line)
{
	FILE *f = fopen(path, "a");

	if (f == NULL)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	fprintf(f, "%s\n", line);
	fclose(f);
}

/* Prints the last lines of a file as TAP comments. */
static void
file_print_tail(const char *title, const char *path)
{
	char *text = file_read_from(path, 0);
	const char *start = text + strlen(text);
	int lines = 0;
	const char *line, *end;

	while (start > text && lines <= ITEST_LOG_TAIL_LINES)
		if (*--start == '\n')
			lines++;
	if (start != text)
		start++;
	printf("# ---- %s (%s) ----\n", title, path);
	for (line = start; *line != '\0'; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		printf("# %.*s\n", (int)(end - line), line);
	}
	fflush(stdout);
	free(text);
}

static void
trim_trailing_space(char *s)
{
	size_t len = strlen(s);

	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r' ||
	    s[len - 1] == ' ' || s[len - 1] == '\t'))
		s[--len] = '\0';
}

/* --- child processes ------------------------------------------------------------ */

/* Waits for pid to exit until deadline; false when it is still running. */
static bool
child_wait_until(pid_t pid, uint64_t deadline, int *status)
{
	for (;;) {
		pid_t done = waitpid(pid, status, WNOHANG);

		if (done == pid)
			return true;
		if (done < 0 && errno != EINTR)
			fail_msg("waitpid %d: %s", (int)pid, strerror(errno));
		if (mono_ms() >= deadline)
			return false;
		sleep_ms(ITEST_POLL_STEP_MS);
	}
}

static void
child_kill_and_reap(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		continue;
}

static void
child_drop_to_run_user(void)
{
	if (setgroups(0, NULL) != 0 || setgid(itest.run_gid) != 0 ||
	    setuid(itest.run_uid) != 0)
		_exit(126);
}

/*
 * Runs argv[0] (looked up in PATH) with input on stdin, stdout into out and
 * stderr appended to err_path. Returns the exit status (128 + signal when
 * killed). Fails the test when it runs past the timeout.
 */
static int
program_run(char *const *argv, const char *input, char *out, size_t outsize,
    const char *err_path, bool as_run_user)
{
	int in_pipe[2], out_pipe[2];
	size_t out_len = 0;
	uint64_t deadline = deadline_after_timeout();
	char sink[4096];
	int status;
	pid_t pid;

	if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0)
		fail_msg("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		int err = open(err_path, O_WRONLY | O_APPEND | O_CREAT, 0644);

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (err < 0 || dup2(in_pipe[0], 0) < 0 || dup2(out_pipe[1], 1) < 0 ||
		    dup2(err, 2) < 0)
			_exit(126);
		if (as_run_user)
			child_drop_to_run_user();
		execvp(argv[0], argv);
		dprintf(2, "itest: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(in_pipe[0]);
	close(out_pipe[1]);
	/* Inputs are a line or two: far below the pipe buffer, so this cannot block. */
	if (input != NULL && write(in_pipe[1], input, strlen(input)) != (ssize_t)strlen(input))
		fail_msg("writing to %s: %s", argv[0], strerror(errno));
	close(in_pipe[1]);
	for (;;) {
		struct pollfd pfd = { .fd = out_pipe[0], .events = POLLIN };
		uint64_t now = mono_ms();
		ssize_t n;

		if (now >= deadline) {
			close(out_pipe[0]);
			child_kill_and_reap(pid);
			fail_msg("%s did not finish within %d ms", argv[0], itest.timeout_ms);
		}
		if (poll(&pfd, 1, (int)(deadline - now)) <= 0)
			continue;
		if (out != NULL && out_len + 1 < outsize)
			n = read(out_pipe[0], out + out_len, outsize - 1 - out_len);
		else
			n = read(out_pipe[0], sink, sizeof sink);
		if (n == 0 || (n < 0 && errno != EINTR))
			break;
		if (n > 0 && out != NULL && out_len + 1 < outsize)
			out_len += (size_t)n;
	}
	close(out_pipe[0]);
	if (out != NULL && outsize > 0) {
		out[out_len] = '\0';
		trim_trailing_space(out);
	}
	if (!child_wait_until(pid, deadline, &status)) {
		child_kill_and_reap(pid);
		fail_msg("%s did not exit within %d ms", argv[0], itest.timeout_ms);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static const char *
binary_path(const char *env_name, const char *relative, char *buf, size_t size)
{
	const char *override = getenv(env_name);
	const char *top = getenv("top_builddir");

	if (override != NULL && *override != '\0')
		return override;
	path_format(buf, size, "%s/%s", top != NULL && *top != '\0' ? top : ".", relative);
	return buf;
}

/* --- process-wide setup ------------------------------------------------------------ */

static void
run_user_ensure(void)
{
	struct passwd *pw = getpwnam(ITEST_RUN_AS);

	if (pw == NULL) {
		char *argv[] = { "useradd", "--system", "--no-create-home",
		    "--shell", "/usr/sbin/nologin", ITEST_RUN_AS, NULL };
		char err_path[PATH_MAX];

		path_format(err_path, sizeof err_path, "%s/useradd.log", itest.root);
		if (program_run(argv, NULL, NULL, 0, err_path, false) != 0 &&
		    getpwnam(ITEST_RUN_AS) == NULL) {
			file_print_tail("useradd", err_path);
			fail_msg("cannot create the system user %s", ITEST_RUN_AS);
		}
		pw = getpwnam(ITEST_RUN_AS);
		if (pw == NULL)
			fail_msg("user %s missing after useradd", ITEST_RUN_AS);
	}
	itest.run_uid = pw->pw_uid;
	itest.run_gid = pw->pw_gid;
}

static int server_release(struct itest_server *srv, char *death, size_t size);

static void
kill_leftover_daemons(void)
{
	struct itest_server *srv;

	for (srv = itest.servers; srv != NULL; srv = srv->next)
		if (srv->pid > 0) {
			child_kill_and_reap(srv->pid);
			srv->pid = 0;
		}
}

void
itest_init(void)
{
	const char *tmp = getenv("TMPDIR");
	const char *timeout = getenv("ITEST_TIMEOUT_MS");

	if (itest.ready)
		return;
	itest.timeout_ms = ITEST_TIMEOUT_MS_DEFAULT;
	if (timeout != NULL && atoi(timeout) > 0)
		itest.timeout_ms = atoi(timeout);
	path_format(itest.root, sizeof itest.root, "%s/staffroom-itest.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(itest.root) == NULL) {
		fprintf(stderr, "itest: mkdtemp %s: %s\n", itest.root, strerror(errno));
		exit(1);
	}
	itest.as_root = geteuid() == 0;
	if (itest.as_root) {
		/* The daemon drops to ITEST_RUN_AS and must reach its state dir. */
		chmod(itest.root, 0711);
		run_user_ensure();
	}
	/* Every daemon sends on closed sockets now and then. */
	signal(SIGPIPE, SIG_IGN);
	ssh_init();
	atexit(kill_leftover_daemons);
	itest.ready = true;
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

int
itest_finish(int failures)
{
	const char *keep = getenv("ITEST_KEEP");

	/* Daemons first, so the logs end with how each one stopped. */
	while (itest.servers != NULL)
		server_release(itest.servers, NULL, 0);
	for (size_t i = 0; i < itest.nlogs; i++) {
		struct log_record *record = itest.logs[i];
		char title[64];

		if (failures > 0) {
			snprintf(title, sizeof title, "staffroomd log of server %d", record->number);
			file_print_tail(title, record->log);
			snprintf(title, sizeof title, "staffroomctl log of server %d", record->number);
			file_print_tail(title, record->ctl_log);
		}
		free(record);
	}
	free(itest.logs);
	itest.logs = NULL;
	itest.nlogs = 0;
	if (keep != NULL && *keep != '\0' && strcmp(keep, "0") != 0)
		printf("# kept %s\n", itest.root);
	else
		nftw(itest.root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	ssh_finalize();
	itest.ready = false;
	return failures;
}

int
itest_timeout_ms(void)
{
	return itest.timeout_ms;
}

/* --- staffroomctl and sqlite3 ------------------------------------------------------- */

static int
ctl_run(struct itest_server *srv, const char *input, char *out, size_t outsize,
    va_list ap)
{
	char ctl_buf[PATH_MAX];
	char *argv[ITEST_MAX_ARGS + 4];
	char header[1024] = "$ staffroomctl";
	const char *arg;
	int argc = 0;
	off_t offset;
	int status;

	argv[argc++] = (char *)binary_path("STAFFROOMCTL", "daemon/staffroomctl",
	    ctl_buf, sizeof ctl_buf);
	argv[argc++] = "-d";
	argv[argc++] = srv->state;
	while ((arg = va_arg(ap, const char *)) != NULL) {
		if (argc >= ITEST_MAX_ARGS)
			fail_msg("too many staffroomctl arguments");
		argv[argc++] = (char *)arg;
		strncat(header, " ", sizeof header - strlen(header) - 1);
		strncat(header, arg, sizeof header - strlen(header) - 1);
	}
	argv[argc] = NULL;
	file_append_line(srv->ctl_log, header);
	offset = file_size(srv->ctl_log);
	status = program_run(argv, input, out, outsize, srv->ctl_log, false);
	if (status != 0) {
		char *err = file_read_from(srv->ctl_log, offset);

		print_message("# %s\n# exit status %d; stderr: %s\n", header, status, err);
		free(err);
	}
	return status;
}

int
itest_ctl(struct itest_server *srv, const char *input, char *out, size_t outsize, ...)
{
	va_list ap;
	int status;

	va_start(ap, outsize);
	status = ctl_run(srv, input, out, outsize, ap);
	va_end(ap);
	return status;
}

void
itest_ctl_ok(struct itest_server *srv, const char *input, char *out, size_t outsize, ...)
{
	va_list ap;
	int status;

	va_start(ap, outsize);
	status = ctl_run(srv, input, out, outsize, ap);
	va_end(ap);
	if (status != 0)
		fail_msg("staffroomctl failed with status %d (its stderr is above)", status);
}

void
itest_sql(struct itest_server *srv, const char *sql)
{
	char db[PATH_MAX];
	char *argv[] = { "sqlite3", "-cmd", ".timeout 10000", db, (char *)sql, NULL };
	int status;

	path_format(db, sizeof db, "%s/staffroom.db", srv->state);
	file_append_line(srv->ctl_log, sql);
	/* As the state owner, so any file SQLite makes stays the daemon's. */
	status = program_run(argv, NULL, NULL, 0, srv->ctl_log, itest.as_root);
	if (status == 127)
		fail_msg("the sqlite3 CLI is missing (apt-get install sqlite3)");
	if (status != 0)
		fail_msg("sqlite3 failed with status %d on: %s (see %s)", status, sql,
		    srv->ctl_log);
}

/* --- the daemon --------------------------------------------------------------------- */

static void
server_record_logs(const struct itest_server *srv)
{
	struct log_record *record = checked_alloc(sizeof *record);

	record->number = srv->number;
	snprintf(record->log, sizeof record->log, "%s", srv->log);
	snprintf(record->ctl_log, sizeof record->ctl_log, "%s", srv->ctl_log);
	pointer_push((void ***)&itest.logs, &itest.nlogs, record);
}

struct itest_server *
itest_server_new(const char *const *daemon_args)
{
	struct itest_server *srv = checked_alloc(sizeof *srv);
	char keys[PATH_MAX];
	mode_t dir_mode = itest.as_root ? 0711 : 0700;

	if (!itest.ready)
		fail_msg("itest_init was not called");
	srv->number = ++itest.nservers;
	srv->next = itest.servers;
	itest.servers = srv;
	path_format(srv->dir, sizeof srv->dir, "%s/server%d", itest.root, srv->number);
	path_format(srv->state, sizeof srv->state, "%s/state", srv->dir);
	path_format(srv->log, sizeof srv->log, "%s/staffroomd.log", srv->dir);
	path_format(srv->ctl_log, sizeof srv->ctl_log, "%s/staffroomctl.log", srv->dir);
	path_format(keys, sizeof keys, "%s/keys", srv->dir);
	server_record_logs(srv);
	if (mkdir(srv->dir, dir_mode) != 0 || chmod(srv->dir, dir_mode) != 0 ||
	    mkdir(keys, dir_mode) != 0 || chmod(keys, dir_mode) != 0)
		fail_msg("mkdir %s: %s", srv->dir, strerror(errno));
	for (; daemon_args != NULL && *daemon_args != NULL; daemon_args++) {
		if (srv->nargs >= ITEST_MAX_ARGS - 12)
			fail_msg("too many staffroomd arguments");
		srv->args[srv->nargs++] = strdup(*daemon_args);
	}
	if (itest.as_root)
		itest_ctl_ok(srv, NULL, NULL, 0, "init", "--owner", ITEST_RUN_AS, NULL);
	else
		itest_ctl_ok(srv, NULL, NULL, 0, "init", NULL);
	return srv;
}

void
itest_server_add_args(struct itest_server *srv, const char *const *args)
{
	for (; args != NULL && *args != NULL; args++) {
		if (srv->nargs >= ITEST_MAX_ARGS - 12)
			fail_msg("too many staffroomd arguments");
		srv->args[srv->nargs++] = strdup(*args);
	}
}

static void
daemon_exec(struct itest_server *srv, int log_fd)
{
	char path_buf[PATH_MAX], client_buf[PATH_MAX];
	char *argv[ITEST_MAX_ARGS + 14];
	int argc = 0, devnull = open("/dev/null", O_RDONLY);

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (srv->file_limit > 0 &&
	    setrlimit(RLIMIT_NOFILE, &(struct rlimit){ (rlim_t)srv->file_limit,
	    (rlim_t)srv->file_limit }) != 0)
		_exit(125);
	if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(log_fd, 1) < 0 || dup2(log_fd, 2) < 0)
		_exit(126);
	argv[argc++] = (char *)binary_path("STAFFROOMD", "daemon/staffroomd",
	    path_buf, sizeof path_buf);
	argv[argc++] = "-d";
	argv[argc++] = srv->state;
	argv[argc++] = "-l";
	argv[argc++] = "127.0.0.1:0";
	argv[argc++] = "-v";
	/* staffroomd refuses a client it cannot run; a test's own comes later and wins. */
	argv[argc++] = "--client";
	argv[argc++] = (char *)binary_path("STAFFROOM_CLIENT", "client/staffroom", client_buf,
	    sizeof client_buf);
	if (itest.as_root) {
		argv[argc++] = "--user";
		argv[argc++] = ITEST_RUN_AS;
	}
	for (int i = 0; i < srv->nargs; i++)
		argv[argc++] = srv->args[i];
	argv[argc] = NULL;
	execv(argv[0], argv);
	dprintf(2, "itest: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* The number after marker (ended by its line) in the log after offset; 0 if none yet. */
static int
log_number_after(const struct itest_server *srv, off_t offset, const char *marker)
{
	char *text = file_read_from(srv->log, offset);
	const char *found = strstr(text, marker);
	int n = 0;

	if (found != NULL && strchr(found, '\n') != NULL)
		n = atoi(found + strlen(marker));
	free(text);
	return n;
}

/* The port of a "listening on 127.0.0.1:PORT" line after offset; 0 if none yet. */
static int
daemon_logged_port(const struct itest_server *srv, off_t offset)
{
	return log_number_after(srv, offset, "listening on 127.0.0.1:");
}

int
itest_server_logged_port(const struct itest_server *srv, const char *marker)
{
	return log_number_after(srv, srv->run_offset, marker);
}

static const char *
describe_status(int status, char *buf, size_t size)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exit status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(buf, size, "wait status %#x", status);
	return buf;
}

void
itest_server_start(struct itest_server *srv)
{
	char banner[128];
	uint64_t deadline = deadline_after_timeout();
	off_t offset;
	int log_fd, status;
	char why[96];

	if (srv->pid > 0)
		fail_msg("server %d is already running", srv->number);
	srv->death[0] = '\0';
	snprintf(banner, sizeof banner, "==== itest: staffroomd run %d ====", ++srv->runs);
	file_append_line(srv->log, banner);
	offset = file_size(srv->log);
	srv->run_offset = offset;
	log_fd = open(srv->log, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (log_fd < 0)
		fail_msg("open %s: %s", srv->log, strerror(errno));
	srv->pid = fork();
	if (srv->pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (srv->pid == 0)
		daemon_exec(srv, log_fd);
	close(log_fd);
	while ((srv->port = daemon_logged_port(srv, offset)) == 0) {
		if (child_wait_until(srv->pid, mono_ms(), &status)) {
			srv->pid = 0;
			fail_msg("staffroomd exited before listening: %s (log: %s)",
			    describe_status(status, why, sizeof why), srv->log);
		}
		if (mono_ms() >= deadline) {
			child_kill_and_reap(srv->pid);
			srv->pid = 0;
			fail_msg("staffroomd logged no \"listening on 127.0.0.1:PORT\" within %d ms",
			    itest.timeout_ms);
		}
		sleep_ms(ITEST_POLL_STEP_MS);
	}
}

#define DAEMON_HUNG	-1	/* ignored SIGTERM and had to be killed */
#define DAEMON_DIED	-2	/* had died before it was asked to stop */

/* Reaps a daemon that exited without being asked to, noting how it died. */
static bool
daemon_reap_if_dead(struct itest_server *srv)
{
	int status;

	if (srv->pid <= 0 || !child_wait_until(srv->pid, mono_ms(), &status))
		return false;
	describe_status(status, srv->death, sizeof srv->death);
	srv->pid = 0;
	return true;
}

/* SIGTERM and a bounded wait: the wait status, DAEMON_HUNG or DAEMON_DIED. */
static int
daemon_terminate(struct itest_server *srv)
{
	int status;

	if (daemon_reap_if_dead(srv))
		return DAEMON_DIED;
	kill(srv->pid, SIGTERM);
	if (!child_wait_until(srv->pid, deadline_after_timeout(), &status)) {
		child_kill_and_reap(srv->pid);
		status = DAEMON_HUNG;
	}
	srv->pid = 0;
	return status;
}

/* A daemon asked to stop must exit by itself, with status 0 (clean under ASan too). */
static void
daemon_assert_clean_exit(int status, const char *death)
{
	char why[96];

	if (status == DAEMON_DIED)
		fail_msg("staffroomd had died before it was stopped: %s", death);
	if (status == DAEMON_HUNG)
		fail_msg("staffroomd did not exit within %d ms of SIGTERM", itest.timeout_ms);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("staffroomd ended with %s after SIGTERM",
		    describe_status(status, why, sizeof why));
}

void
itest_server_stop(struct itest_server *srv)
{
	itest_server_assert_running(srv);
	daemon_assert_clean_exit(daemon_terminate(srv), srv->death);
}

void
itest_server_kill(struct itest_server *srv)
{
	itest_server_assert_running(srv);
	child_kill_and_reap(srv->pid);
	srv->pid = 0;
}

bool
itest_server_started(const struct itest_server *srv)
{
	return srv->pid > 0;
}

void
itest_server_assert_running(struct itest_server *srv)
{
	daemon_reap_if_dead(srv);
	if (srv->death[0] != '\0')
		fail_msg("staffroomd died: %s (its log is printed at the end)", srv->death);
	if (srv->pid <= 0)
		fail_msg("server %d is not running", srv->number);
}

void
itest_server_set_file_limit(struct itest_server *srv, int limit)
{
	srv->file_limit = limit;
}

pid_t
itest_server_pid(const struct itest_server *srv)
{
	return srv->pid;
}

int
itest_server_port(const struct itest_server *srv)
{
	return srv->port;
}

const char *
itest_server_state_dir(const struct itest_server *srv)
{
	return srv->state;
}

static void client_free(struct itest_client *c);

/*
 * Unlinks and frees a server, stopping its daemon first; returns what
 * daemon_terminate says (0 when it was not running), and copies how it died
 * into death when it had.
 */
static int
server_release(struct itest_server *srv, char *death, size_t size)
{
	struct itest_server **link;
	int status = srv->death[0] != '\0' ? DAEMON_DIED : 0;

	while (srv->nclients > 0)
		client_free(srv->clients[srv->nclients - 1]);
	for (link = &itest.servers; *link != NULL; link = &(*link)->next)
		if (*link == srv) {
			*link = srv->next;
			break;
		}
	if (srv->pid > 0)
		status = daemon_terminate(srv);
	if (death != NULL)
		snprintf(death, size, "%s", srv->death);
	for (size_t i = 0; i < srv->nkeys; i++) {
		ssh_key_free(srv->keys[i]->key);
		free(srv->keys[i]);
	}
	for (size_t i = 0; i < srv->nusers; i++)
		free(srv->users[i]);
	for (int i = 0; i < srv->nargs; i++)
		free(srv->args[i]);
	free(srv->keys);
	free(srv->users);
	free(srv->clients);
	free(srv);
	return status;
}

void
itest_server_free(struct itest_server *srv)
{
	char death[sizeof srv->death];

	if (srv != NULL)
		daemon_assert_clean_exit(server_release(srv, death, sizeof death), death);
}

/* --- keys and people --------------------------------------------------------------- */

static void
key_write_files(struct itest_key *k)
{
	FILE *f;

	if (ssh_pki_export_privkey_file(k->key, NULL, NULL, NULL, k->path) != SSH_OK ||
	    chmod(k->path, 0600) != 0)
		fail_msg("cannot write the private key %s", k->path);
	f = fopen(k->pub_path, "w");
	if (f == NULL || fprintf(f, "%s\n", k->line) < 0 || fclose(f) != 0)
		fail_msg("cannot write %s", k->pub_path);
	/* staffroomctl may read it after dropping to the state owner. */
	chmod(k->pub_path, 0644);
}

static void
key_fingerprint(struct itest_key *k)
{
	unsigned char *hash = NULL;
	size_t hash_len = 0;
	char *text;

	if (ssh_get_publickey_hash(k->key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hash_len) != 0)
		fail_msg("cannot hash a public key");
	text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hash_len);
	ssh_clean_pubkey_hash(&hash);
	if (text == NULL)
		fail_msg("cannot format a fingerprint");
	snprintf(k->fingerprint, sizeof k->fingerprint, "%s", text);
	ssh_string_free_char(text);
}

const struct itest_key *
itest_key_new(struct itest_server *srv, const char *comment)
{
	struct itest_key *k = checked_alloc(sizeof *k);
	char *base64 = NULL;

	pointer_push((void ***)&srv->keys, &srv->nkeys, k);
	if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &k->key) != SSH_OK)
		fail_msg("ssh_pki_generate failed");
	if (ssh_pki_export_pubkey_base64(k->key, &base64) != SSH_OK)
		fail_msg("cannot export a public key");
	snprintf(k->line, sizeof k->line, "%s %s %s",
	    ssh_key_type_to_char(ssh_key_type(k->key)), base64, comment);
	ssh_string_free_char(base64);
	path_format(k->path, sizeof k->path, "%s/keys/key%zu", srv->dir, srv->nkeys);
	path_format(k->pub_path, sizeof k->pub_path, "%s.pub", k->path);
	key_write_files(k);
	key_fingerprint(k);
	return k;
}

const struct itest_user *
itest_user_add(struct itest_server *srv, const char *handle, const char *region,
    const char *password)
{
	struct itest_user *u = checked_alloc(sizeof *u);
	char name[80], input[160];

	pointer_push((void ***)&srv->users, &srv->nusers, u);
	snprintf(u->handle, sizeof u->handle, "%s", handle);
	snprintf(u->region, sizeof u->region, "%s", region);
	snprintf(name, sizeof name, "Tester %s", handle);
	if (password != NULL) {
		snprintf(u->password, sizeof u->password, "%s", password);
		snprintf(input, sizeof input, "%s\n", password);
		itest_ctl_ok(srv, input, NULL, 0, "user", "add", handle, "--name", name,
		    "--region", region, "--password-stdin", NULL);
	} else {
		itest_ctl_ok(srv, NULL, NULL, 0, "user", "add", handle, "--name", name,
		    "--region", region, NULL);
	}
	u->key = itest_key_new(srv, handle);
	itest_ctl_ok(srv, NULL, NULL, 0, "key", "add", handle, u->key->pub_path, NULL);
	return u;
}

const struct itest_user *
itest_user_with_role(struct itest_server *srv, const char *handle,
    const char *region, const char *role)
{
	const struct itest_user *u = itest_user_add(srv, handle, region, NULL);

	itest_ctl_ok(srv, NULL, NULL, 0, "user", "set", handle, "--role", role, NULL);
	return u;
}

/* --- SSH logins ------------------------------------------------------------------------ */

struct itest_auth
itest_by_key(const struct itest_key *key)
{
	return (struct itest_auth){ .method = ITEST_BY_KEY, .key = key };
}

struct itest_auth
itest_by_password(const char *password)
{
	return (struct itest_auth){ .method = ITEST_BY_PASSWORD, .password = password };
}

struct itest_auth
itest_by_kbdint(const char *password)
{
	return (struct itest_auth){ .method = ITEST_BY_KBDINT, .password = password };
}

static const char *
auth_describe(struct itest_auth auth)
{
	switch (auth.method) {
	case ITEST_BY_KEY:
		return "public key";
	case ITEST_BY_PASSWORD:
		return "password";
	case ITEST_BY_KBDINT:
		return "keyboard-interactive";
	}
	return "?";
}

static const char *
auth_result_name(int rc)
{
	switch (rc) {
	case SSH_AUTH_SUCCESS:
		return "success";
	case SSH_AUTH_DENIED:
		return "denied";
	case SSH_AUTH_PARTIAL:
		return "partial";
	case SSH_AUTH_INFO:
		return "more prompts";
	case SSH_AUTH_AGAIN:
		return "again";
	default:
		return "error";
	}
}

/* A connected session after key exchange; the host key is accepted unseen. */
static ssh_session
session_connect(struct itest_server *srv, const char *login)
{
	ssh_session s;
	long timeout_s = (itest.timeout_ms + 999) / 1000;
	unsigned int port = (unsigned int)srv->port;
	int no = 0, yes = 1;
	char error[256];

	/* A refused connection says less than how the daemon died. */
	itest_server_assert_running(srv);
	s = ssh_new();
	if (s == NULL)
		fail_msg("ssh_new failed");
	ssh_options_set(s, SSH_OPTIONS_HOST, "127.0.0.1");
	ssh_options_set(s, SSH_OPTIONS_PORT, &port);
	ssh_options_set(s, SSH_OPTIONS_USER, login);
	ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &timeout_s);
	/* No ~/.ssh/config nor /etc/ssh/ssh_config: tests must not depend on the host. */
	ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &no);
	/* With Nagle, a request behind an unacknowledged packet waits ~40 ms. */
	ssh_options_set(s, SSH_OPTIONS_NODELAY, &yes);
	if (ssh_connect(s) != SSH_OK) {
		snprintf(error, sizeof error, "%s", ssh_get_error(s));
		ssh_free(s);
		fail_msg("cannot connect to 127.0.0.1:%d as %s: %s", srv->port, login, error);
	}
	return s;
}

static int
session_authenticate(ssh_session s, struct itest_auth auth)
{
	int rc;

	switch (auth.method) {
	case ITEST_BY_KEY:
		return ssh_userauth_publickey(s, NULL, auth.key->key);
	case ITEST_BY_PASSWORD:
		return ssh_userauth_password(s, NULL, auth.password);
	case ITEST_BY_KBDINT:
		rc = ssh_userauth_kbdint(s, NULL, NULL);
		for (int round = 0; rc == SSH_AUTH_INFO && round < ITEST_KBDINT_ROUNDS; round++) {
			int prompts = ssh_userauth_kbdint_getnprompts(s);

			for (int i = 0; i < prompts; i++)
				ssh_userauth_kbdint_setanswer(s, (unsigned int)i, auth.password);
			rc = ssh_userauth_kbdint(s, NULL, NULL);
		}
		return rc;
	}
	return SSH_AUTH_ERROR;
}

static void
session_end(ssh_session s)
{
	ssh_disconnect(s);
	ssh_free(s);
}

int
itest_auth_result(struct itest_server *srv, const char *login, struct itest_auth auth)
{
	ssh_session s = session_connect(srv, login);
	int rc = session_authenticate(s, auth);

	session_end(s);
	return rc;
}

struct auth_attempt {
	ssh_session		 session;
	struct itest_auth	 auth;
	pthread_barrier_t	*start;
	int			 result;
};

static void *
auth_attempt_run(void *arg)
{
	struct auth_attempt *a = arg;

	pthread_barrier_wait(a->start);
	a->result = session_authenticate(a->session, a->auth);
	return NULL;
}

void
itest_auth_burst(struct itest_server *srv, const char *const *logins,
    const struct itest_auth *auths, int *results, size_t n)
{
	struct auth_attempt *a = checked_alloc(n * sizeof *a);
	pthread_t *threads = checked_alloc(n * sizeof *threads);
	pthread_barrier_t start;

	for (size_t i = 0; i < n; i++)
		a[i].session = session_connect(srv, logins[i]);
	if (pthread_barrier_init(&start, NULL, (unsigned)n) != 0)
		fail_msg("pthread_barrier_init failed");
	for (size_t i = 0; i < n; i++) {
		a[i].auth = auths[i];
		a[i].start = &start;
		if (pthread_create(&threads[i], NULL, auth_attempt_run, &a[i]) != 0)
			fail_msg("pthread_create failed");
	}
	for (size_t i = 0; i < n; i++) {
		pthread_join(threads[i], NULL);
		results[i] = a[i].result;
		session_end(a[i].session);
	}
	pthread_barrier_destroy(&start);
	free(threads);
	free(a);
}

static size_t
file_count(const char *path, const char *text)
{
	char *log = file_read_from(path, 0);
	size_t n = 0;

	for (const char *p = log; (p = strstr(p, text)) != NULL; p += strlen(text))
		n++;
	free(log);
	return n;
}

size_t
itest_server_log_count(const struct itest_server *srv, const char *text)
{
	return file_count(srv->log, text);
}

size_t
itest_ctl_log_count(const struct itest_server *srv, const char *text)
{
	return file_count(srv->ctl_log, text);
}

void
itest_assert_refused(struct itest_server *srv, const char *login, struct itest_auth auth)
{
	int rc = itest_auth_result(srv, login, auth);

	if (rc == SSH_AUTH_SUCCESS)
		fail_msg("login as %s by %s was accepted; it should be refused", login,
		    auth_describe(auth));
	itest_server_assert_running(srv);
}

/*
 * Channel data arrives through callbacks rather than ssh_channel_read: libssh
 * 0.10 refuses to read a channel once the peer's close has been processed,
 * even with data still buffered, which would lose a "bye" sent just before
 * the close. Callbacks run inside libssh, so they only store bytes; lines
 * are split and parsed after the poll returns.
 */
static int
client_on_data(ssh_session session, ssh_channel channel, void *data, uint32_t len,
    int is_stderr, void *userdata)
{
	struct itest_client *c = userdata;
	size_t need = c->received_len + len;

	if (is_stderr || c->overflow)
		return (int)len;
	if (need > ITEST_MAX_LINE_BYTES) {
		c->overflow = true;
		return (int)len;
	}
	if (need > c->received_cap) {
		size_t cap = c->received_cap ? c->received_cap : 16384;
		char *grown;

		while (cap < need)
			cap *= 2;
		grown = realloc(c->received, cap);
		if (grown == NULL) {
			c->overflow = true;
			return (int)len;
		}
		c->received = grown;
		c->received_cap = cap;
	}
	memcpy(c->received + c->received_len, data, len);
	c->received_len = need;
	return (int)len;
}

static void
client_on_eof(ssh_session session, ssh_channel channel, void *userdata)
{
	((struct itest_client *)userdata)->peer_done = true;
}

static void
client_on_close(ssh_session session, ssh_channel channel, void *userdata)
{
	((struct itest_client *)userdata)->peer_done = true;
}

/* Logs in and opens a session channel, its data caught by the callbacks. */
static struct itest_client *
client_connect(struct itest_server *srv, const char *login, struct itest_auth auth)
{
	ssh_session s = session_connect(srv, login);
	int rc = session_authenticate(s, auth);
	struct itest_client *c;
	char error[256];

	if (rc != SSH_AUTH_SUCCESS) {
		snprintf(error, sizeof error, "%s", ssh_get_error(s));
		session_end(s);
		fail_msg("login as %s by %s: %s (%s)", login, auth_describe(auth),
		    auth_result_name(rc), error);
	}
	c = checked_alloc(sizeof *c);
	c->srv = srv;
	c->session = s;
	c->queue = json_array();
	c->kept = json_array();
	linebuf_init(&c->lines, ITEST_MAX_LINE_BYTES);
	snprintf(c->login, sizeof c->login, "%s", login);
	pointer_push((void ***)&srv->clients, &srv->nclients, c);
	c->channel = ssh_channel_new(c->session);
	if (c->channel == NULL)
		fail_msg("%s: cannot make a channel", c->login);
	ssh_callbacks_init(&c->callbacks);
	c->callbacks.userdata = c;
	c->callbacks.channel_data_function = client_on_data;
	c->callbacks.channel_eof_function = client_on_eof;
	c->callbacks.channel_close_function = client_on_close;
	/* Before the request: the first output may come with its reply. */
	ssh_set_channel_callbacks(c->channel, &c->callbacks);
	if (ssh_channel_open_session(c->channel) != SSH_OK)
		fail_msg("%s: cannot open a session channel: %s", c->login,
		    ssh_get_error(c->session));
	c->event = ssh_event_new();
	if (c->event == NULL || ssh_event_add_session(c->event, c->session) != SSH_OK)
		fail_msg("%s: cannot make an ssh_event", c->login);
	return c;
}

static void client_read_hello(struct itest_client *c);

struct itest_client *
itest_login(struct itest_server *srv, const char *login, struct itest_auth auth)
{
	struct itest_client *c = client_connect(srv, login, auth);

	if (ssh_channel_request_subsystem(c->channel, PROTO_SUBSYSTEM) != SSH_OK)
		fail_msg("%s: subsystem %s refused: %s", c->login, PROTO_SUBSYSTEM,
		    ssh_get_error(c->session));
	client_read_hello(c);
	return c;
}

struct itest_client *
itest_login_unread(struct itest_server *srv, const struct itest_user *user)
{
	struct itest_client *c = client_connect(srv, user->handle,
	    itest_by_key(user->key));

	if (ssh_channel_request_subsystem(c->channel, PROTO_SUBSYSTEM) != SSH_OK)
		fail_msg("%s: subsystem %s refused: %s", c->login, PROTO_SUBSYSTEM,
		    ssh_get_error(c->session));
	return c;
}

struct itest_client *
itest_login_user(struct itest_server *srv, const struct itest_user *user)
{
	return itest_login(srv, user->handle, itest_by_key(user->key));
}

static void
client_free(struct itest_client *c)
{
	struct itest_server *srv = c->srv;

	for (size_t i = 0; i < srv->nclients; i++)
		if (srv->clients[i] == c) {
			srv->clients[i] = srv->clients[--srv->nclients];
			break;
		}
	if (c->event != NULL) {
		ssh_event_remove_session(c->event, c->session);
		ssh_event_free(c->event);
	}
	if (c->channel != NULL) {
		if (!c->closed && ssh_channel_is_open(c->channel)) {
			ssh_channel_send_eof(c->channel);
			ssh_channel_close(c->channel);
		}
		ssh_remove_channel_callbacks(c->channel, &c->callbacks);
		ssh_channel_free(c->channel);
	}
	session_end(c->session);
	json_decref(c->queue);
	json_decref(c->kept);
	free(c->received);
	linebuf_free(&c->lines);
	free(c);
}

void
itest_close(struct itest_client *c)
{
	if (c != NULL)
		client_free(c);
}

/* --- reading lines ------------------------------------------------------------------ */

enum read_result {
	READ_MORE,	/* new lines, or woke early: look again */
	READ_CLOSED,	/* the server closed the channel or the connection */
	READ_TIMEOUT,
};

static void
client_take_line(struct itest_client *c, const char *line, size_t len)
{
	json_error_t error;
	json_t *obj = json_loadb(line, len, 0, &error);

	if (obj == NULL || !json_is_object(obj)) {
		json_decref(obj);
		fail_msg("%s: the server sent a line that is not a JSON object (%s): %.300s",
		    c->login, error.text, line);
	}
	json_array_append_new(c->queue, obj);
}

/*
 * Moves every complete received line to the queue through proto's line
 * splitter (the one the daemon reads requests with); true when there was one.
 */
static bool
client_split_lines(struct itest_client *c)
{
	size_t off = 0;
	const char *line;
	size_t len;
	bool took = false;

	if (c->overflow)
		fail_msg("%s: the server sent over %d bytes without a newline", c->login,
		    ITEST_MAX_LINE_BYTES);
	while (off < c->received_len) {
		off += linebuf_feed(&c->lines, c->received + off, c->received_len - off);
		while (linebuf_next(&c->lines, &line, &len) != LINEBUF_NONE) {
			if (line == NULL)
				fail_msg("%s: the server sent over %d bytes without a newline",
				    c->login, ITEST_MAX_LINE_BYTES);
			client_take_line(c, line, len);
			took = true;
		}
	}
	c->received_len = 0;
	return took;
}

static enum read_result
client_read(struct itest_client *c, uint64_t deadline)
{
	uint64_t now = mono_ms();
	int rc;

	/* Bytes may have come in while libssh waited to write. */
	if (!c->terminal && c->received_len > 0 && client_split_lines(c))
		return READ_MORE;
	if (c->closed)
		return READ_CLOSED;
	if (now >= deadline)
		return READ_TIMEOUT;
	rc = ssh_event_dopoll(c->event, (int)(deadline - now));
	if (rc == SSH_ERROR || c->peer_done)
		c->closed = true;
	/* Lines that came with the close are still read before it counts. */
	if (!c->terminal && c->received_len > 0 && client_split_lines(c))
		return READ_MORE;
	if (c->closed)
		return READ_CLOSED;
	return mono_ms() >= deadline ? READ_TIMEOUT : READ_MORE;
}

typedef bool (*line_match_fn)(const json_t *line, const void *arg);

static bool
match_reply_to(const json_t *line, const void *arg)
{
	const json_t *re = json_object_get(line, "re");

	return json_is_integer(re) && json_integer_value(re) == *(const json_int_t *)arg;
}

static bool
match_any_reply(const json_t *line, const void *arg)
{
	return json_object_get(line, "re") != NULL;
}

static bool
match_event(const json_t *line, const void *arg)
{
	const json_t *ev = json_object_get(line, "ev");

	return json_is_string(ev) && strcmp(json_string_value(ev), arg) == 0;
}

static bool
match_msg_from(const json_t *line, const void *arg)
{
	const json_t *from = itest_find(line, "msg.from");

	return match_event(line, "msg") && json_is_string(from) &&
	    strcmp(json_string_value(from), arg) == 0;
}

static bool
match_first(const json_t *line, const void *arg)
{
	return true;
}

/* A short text of the lines nobody has claimed, for failure messages. */
static char *
client_unclaimed(const struct itest_client *c)
{
	char *text = json_dumps(c->queue, JSON_COMPACT);

	if (text != NULL && strlen(text) > 600)
		strcpy(text + 590, " ...]");
	return text;
}

static void
client_fail_waiting(struct itest_client *c, enum read_result why, const char *what)
{
	char message[1024];
	char *unclaimed = client_unclaimed(c);

	snprintf(message, sizeof message, "%s: %s while waiting for %s; unclaimed lines: %s",
	    c->login, why == READ_CLOSED ? "the channel closed" : "timed out",
	    what, unclaimed != NULL ? unclaimed : "?");
	free(unclaimed);
	fail_msg("%s", message);
}

/* Moves the first queued line that matches to the kept lines and returns it. */
static const json_t *
client_wait(struct itest_client *c, line_match_fn match, const void *arg, const char *what)
{
	uint64_t deadline = deadline_after_timeout();

	for (;;) {
		for (size_t i = 0; i < json_array_size(c->queue); i++) {
			json_t *line = json_array_get(c->queue, i);

			if (match(line, arg)) {
				json_array_append(c->kept, line);
				json_array_remove(c->queue, i);
				return line;
			}
		}
		enum read_result r = client_read(c, deadline);

		if (r != READ_MORE)
			client_fail_waiting(c, r, what);
	}
}

static void
client_read_hello(struct itest_client *c)
{
	const json_t *first = client_wait(c, match_first, NULL, "the hello event");

	if (!match_event(first, "hello")) {
		char *text = json_dumps(first, JSON_COMPACT);

		print_message("# first line: %s\n", text);
		free(text);
		fail_msg("%s: the first line is not a hello event", c->login);
	}
	c->hello = first;
}

const json_t *
itest_hello(const struct itest_client *c)
{
	return c->hello;
}

const json_t *
itest_wait_reply(struct itest_client *c, json_int_t id)
{
	char what[64];

	snprintf(what, sizeof what, "the reply to request %" JSON_INTEGER_FORMAT, id);
	return client_wait(c, match_reply_to, &id, what);
}

const json_t *
itest_next_reply(struct itest_client *c)
{
	return client_wait(c, match_any_reply, NULL, "a reply");
}

const json_t *
itest_wait_event(struct itest_client *c, const char *ev)
{
	char what[64];

	snprintf(what, sizeof what, "a \"%s\" event", ev);
	return client_wait(c, match_event, ev, what);
}

const json_t *
itest_wait_msg_from(struct itest_client *c, const char *handle)
{
	char what[80];

	snprintf(what, sizeof what, "a \"msg\" event from %s", handle);
	return itest_get(client_wait(c, match_msg_from, handle, what), "msg");
}

size_t
itest_unclaimed_events(const struct itest_client *c, const char *ev)
{
	size_t n = 0;

	for (size_t i = 0; i < json_array_size(c->queue); i++)
		if (match_event(json_array_get(c->queue, i), ev))
			n++;
	return n;
}

size_t
itest_unclaimed_replies(const struct itest_client *c)
{
	size_t n = 0;

	for (size_t i = 0; i < json_array_size(c->queue); i++)
		if (match_any_reply(json_array_get(c->queue, i), NULL))
			n++;
	return n;
}

void
itest_wait_closed(struct itest_client *c)
{
	uint64_t deadline = deadline_after_timeout();

	while (!c->closed)
		if (client_read(c, deadline) == READ_TIMEOUT)
			client_fail_waiting(c, READ_TIMEOUT, "the channel to close");
}

/* --- sending ---------------------------------------------------------------------- */

void
itest_send_raw(struct itest_client *c, const void *bytes, size_t len)
{
	const char *p = bytes;

	while (len > 0) {
		int n = ssh_channel_write(c->channel, p, (uint32_t)len);

		if (n <= 0)
			fail_msg("%s: writing to the channel failed: %s", c->login,
			    ssh_get_error(c->session));
		p += n;
		len -= (size_t)n;
	}
}

void
itest_send_eof(struct itest_client *c)
{
	if (ssh_channel_send_eof(c->channel) != SSH_OK)
		fail_msg("%s: sending EOF failed: %s", c->login,
		    ssh_get_error(c->session));
}

json_int_t
itest_send(struct itest_client *c, const char *op, json_t *fields)
{
	json_t *request = fields != NULL ? fields : json_object();
	json_int_t id = ++c->next_id;
	char *line;

	if (!json_is_object(request))
		fail_msg("itest_send: fields must be an object");
	json_object_set_new(request, "id", json_integer(id));
	json_object_set_new(request, "op", json_string(op));
	line = json_dumps(request, JSON_COMPACT);
	json_decref(request);
	if (line == NULL)
		fail_msg("cannot encode a request");
	itest_send_raw(c, line, strlen(line));
	itest_send_raw(c, "\n", 1);
	free(line);
	return id;
}

const json_t *
itest_call(struct itest_client *c, const char *op, json_t *fields)
{
	return itest_wait_reply(c, itest_send(c, op, fields));
}

static void
fail_with_json(const char *what, const json_t *obj)
{
	char *text = json_dumps(obj, JSON_COMPACT);
	char message[1024];

	snprintf(message, sizeof message, "%s: %.900s", what, text != NULL ? text : "?");
	free(text);
	fail_msg("%s", message);
}

void
itest_assert_json_equal(const json_t *got, const json_t *want)
{
	char *got_text, *want_text;
	char message[1024];

	if (json_equal((json_t *)got, (json_t *)want))
		return;
	got_text = json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY);
	want_text = json_dumps(want, JSON_COMPACT | JSON_ENCODE_ANY);
	snprintf(message, sizeof message, "got %.480s, wanted %.480s",
	    got_text != NULL ? got_text : "nothing", want_text != NULL ? want_text : "nothing");
	free(got_text);
	free(want_text);
	fail_msg("%s", message);
}

void
itest_assert_ok(const json_t *reply)
{
	if (!json_is_true(json_object_get(reply, "ok")))
		fail_with_json("expected an \"ok\":true reply, got", reply);
}

void
itest_assert_error(const json_t *reply, const char *code)
{
	const json_t *got = itest_find(reply, "error.code");
	char what[128];

	if (!json_is_string(got) || strcmp(json_string_value(got), code) != 0) {
		snprintf(what, sizeof what, "expected error \"%s\", got", code);
		fail_with_json(what, reply);
	}
	if (!json_is_string(itest_find(reply, "error.message")))
		fail_with_json("an error reply without a \"message\" string", reply);
}

const json_t *
itest_call_ok(struct itest_client *c, const char *op, json_t *fields)
{
	const json_t *reply = itest_call(c, op, fields);

	itest_assert_ok(reply);
	return reply;
}

const json_t *
itest_call_error(struct itest_client *c, const char *op, json_t *fields, const char *code)
{
	const json_t *reply = itest_call(c, op, fields);

	itest_assert_error(reply, code);
	return reply;
}

void
itest_assert_alive(struct itest_client *c)
{
	itest_call_ok(c, "ping", NULL);
}

const json_t *
itest_post(struct itest_client *c, const char *room, const char *body)
{
	const json_t *reply = itest_call_ok(c, "room.send",
	    json_pack("{s:s, s:s}", "room", room, "body", body));

	return itest_get(reply, "msg");
}

const json_t *
itest_history(struct itest_client *c, const char *room, json_int_t before, int limit)
{
	json_t *fields = json_pack("{s:s}", "room", room);

	if (before > 0)
		json_object_set_new(fields, "before", json_integer(before));
	if (limit > 0)
		json_object_set_new(fields, "limit", json_integer(limit));
	return itest_call_ok(c, "room.history", fields);
}

/* --- JSON lookups ----------------------------------------------------------------- */

/* Every message of room newer than since, newest first, page by page (at most 100). */
json_t *
itest_history_since(struct itest_client *c, const char *room, json_int_t since)
{
	json_t *all = json_array();
	json_int_t before = 0;

	for (int pages = 0; pages < 100; pages++) {
		const json_t *msgs = itest_get(itest_history(c, room, before, 200), "msgs");
		size_t n = json_array_size(msgs);

		for (size_t i = 0; i < n; i++)
			if (itest_get_int(json_array_get(msgs, i), "id") > since)
				json_array_append(all, json_array_get(msgs, i));
		if (n == 0 || itest_get_int(json_array_get(msgs, 0), "id") <= since)
			break;
		before = itest_get_int(json_array_get(msgs, 0), "id");
	}
	return all;
}

const json_t *
itest_find(const json_t *obj, const char *path)
{
	char copy[256], *token, *rest;
	const json_t *at = obj;

	snprintf(copy, sizeof copy, "%s", path);
	for (token = strtok_r(copy, ".", &rest); token != NULL && at != NULL;
	    token = strtok_r(NULL, ".", &rest)) {
		char *end;
		long index;

		if (json_is_object(at)) {
			at = json_object_get(at, token);
			continue;
		}
		index = strtol(token, &end, 10);
		at = json_is_array(at) && *end == '\0' && index >= 0 ?
		    json_array_get(at, (size_t)index) : NULL;
	}
	return at;
}

const json_t *
itest_get(const json_t *obj, const char *path)
{
	const json_t *found = itest_find(obj, path);
	char what[128];

	if (found == NULL) {
		snprintf(what, sizeof what, "no \"%s\" in", path);
		fail_with_json(what, obj);
	}
	return found;
}

static const json_t *
get_typed(const json_t *obj, const char *path, json_type type, const char *type_name)
{
	const json_t *found = itest_get(obj, path);
	char what[128];

	if (json_typeof(found) != type &&
	    !(type == JSON_TRUE && json_is_boolean(found))) {
		snprintf(what, sizeof what, "\"%s\" is not %s in", path, type_name);
		fail_with_json(what, obj);
	}
	return found;
}

json_int_t
itest_get_int(const json_t *obj, const char *path)
{
	return json_integer_value(get_typed(obj, path, JSON_INTEGER, "an integer"));
}

const char *
itest_get_str(const json_t *obj, const char *path)
{
	return json_string_value(get_typed(obj, path, JSON_STRING, "a string"));
}

bool
itest_get_bool(const json_t *obj, const char *path)
{
	return json_is_true(get_typed(obj, path, JSON_TRUE, "a boolean"));
}

json_int_t
itest_board_of(struct itest_client *c, const char *scope)
{
	const json_t *b;
	json_int_t board = 0;
	size_t i;

	json_array_foreach(itest_get(itest_call_ok(c, "boards.list", NULL),
	    "boards"), i, b) {
		if (strcmp(itest_get_str(b, "scope"), scope) == 0)
			board = itest_get_int(b, "id");
	}
	if (board == 0)
		fail_msg("no board of %s in boards.list", scope);
	return board;
}

const json_t *
itest_room_in(const json_t *rooms_reply, const char *room_id)
{
	const json_t *rooms = get_typed(rooms_reply, "rooms", JSON_ARRAY, "an array");
	size_t i;
	json_t *room;

	json_array_foreach((json_t *)rooms, i, room) {
		const json_t *id = json_object_get(room, "id");

		if (json_is_string(id) && strcmp(json_string_value(id), room_id) == 0)
			return room;
	}
	return NULL;
}

const json_t *
itest_find_room(const json_t *rooms_reply, const char *room_id)
{
	const json_t *room = itest_room_in(rooms_reply, room_id);
	char what[128];

	if (room == NULL) {
		snprintf(what, sizeof what, "no room \"%s\" in", room_id);
		fail_with_json(what, rooms_reply);
	}
	return room;
}

const json_t *
itest_with_id(const json_t *array, json_int_t id)
{
	const json_t *v, *vid;
	size_t i;

	json_array_foreach(array, i, v) {
		vid = json_object_get(v, "id");
		if (json_is_integer(vid) && json_integer_value(vid) == id)
			return v;
	}
	return NULL;
}

/* --- shared suites ------------------------------------------------------------ */

const char *const itest_posting_unlimited[] = {
	"--post-burst", "1000", "--post-rate", "1000", NULL
};

struct itest_server *itest_shared;

int
itest_shared_setup(void **state)
{
	itest_shared = itest_server_new(itest_posting_unlimited);
	itest_server_start(itest_shared);
	*state = itest_shared;
	return 0;
}

int
itest_shared_teardown(void **state)
{
	itest_server_free(itest_shared);
	itest_shared = NULL;
	return 0;
}

struct itest_client *
itest_person_online(struct itest_server *srv, const char *handle, const char *region)
{
	return itest_login_user(srv, itest_user_add(srv, handle, region, NULL));
}

/* --- terminals --------------------------------------------------------------------- */

/*
 * The relay answers "size" with the terminal's size and hands every other
 * line to the protocol connection on fd 3; what the daemon says comes back
 * to the terminal. The spawned client's environment has no PATH.
 */
static const char relay_script[] =
    "#!/bin/sh\n"
    "/bin/stty -echo\n"
    "/bin/cat <&3 &\n"
    "while IFS= read -r line; do\n"
    "\tcase $line in\n"
    "\tsize) echo \"size $(/bin/stty size)\" ;;\n"
    "\t*) printf '%s\\n' \"$line\" >&3 ;;\n"
    "\tesac\n"
    "done\n";

const char *
itest_relay_client(void)
{
	static char path[PATH_MAX];
	FILE *f;

	if (path[0] != '\0')
		return path;
	path_format(path, sizeof path, "%s/relay-client", itest.root);
	f = fopen(path, "w");
	if (f == NULL || fputs(relay_script, f) == EOF || fclose(f) != 0 ||
	    chmod(path, 0755) != 0)
		fail_msg("cannot write %s", path);
	return path;
}

struct itest_client *
itest_terminal(struct itest_server *srv, const char *login, struct itest_auth auth,
    int cols, int rows)
{
	struct itest_client *c = client_connect(srv, login, auth);

	c->terminal = true;
	if (ssh_channel_request_pty_size(c->channel, "xterm", cols, rows) != SSH_OK ||
	    ssh_channel_request_shell(c->channel) != SSH_OK)
		fail_msg("%s: terminal or shell refused: %s", c->login,
		    ssh_get_error(c->session));
	return c;
}

void
itest_terminal_type(struct itest_client *c, const char *text)
{
	itest_send_raw(c, text, strlen(text));
}

void
itest_terminal_resize(struct itest_client *c, int cols, int rows)
{
	if (ssh_channel_change_pty_size(c->channel, cols, rows) != SSH_OK)
		fail_msg("%s: window change failed: %s", c->login, ssh_get_error(c->session));
}

void
itest_terminal_wait(struct itest_client *c, const char *text)
{
	uint64_t deadline = deadline_after_timeout();
	char *found;
	enum read_result r = READ_MORE;

	for (;;) {
		found = c->received_len > 0 ? memmem(c->received, c->received_len,
		    text, strlen(text)) : NULL;
		if (found != NULL) {
			size_t used = (size_t)(found - c->received) + strlen(text);

			c->received_len -= used;
			memmove(c->received, c->received + used, c->received_len);
			return;
		}
		if (r != READ_MORE)
			break;
		r = client_read(c, deadline);
	}
	fail_msg("%s: %s while waiting for \"%s\" on the terminal; it shows: %.*s",
	    c->login, r == READ_CLOSED ? "the channel closed" : "timed out", text,
	    (int)(c->received_len < 600 ? c->received_len : 600),
	    c->received != NULL ? c->received : "");
}
