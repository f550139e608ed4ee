/*
 * harness.c: runs staffroomd and staffroomctl for the integration tests,
 * with their keys and people; harness_ssh.c and harness_lines.c speak the
 * protocol over real SSH with libssh as the client. See harness.h.
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
#include <sqlite3.h>

#include "staffroom/proto.h"
#include "harness.h"
#include "harness_private.h"

/* Logs outlive their servers: they are printed at the end when a test failed. */
struct log_record {
	int	number;
	char	log[PATH_MAX];
	char	ctl_log[PATH_MAX];
};

struct itest_state itest;

/* --- small helpers ----------------------------------------------------------- */

uint64_t
harness_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

uint64_t
harness_deadline(void)
{
	return harness_mono_ms() + (uint64_t)itest.timeout_ms;
}

static void
sleep_ms(int ms)
{
	poll(NULL, 0, ms);
}

void
harness_path_format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size)
		fail_msg("path too long: %s", fmt);
}

void *
harness_alloc(size_t size)
{
	void *p = calloc(1, size);

	if (p == NULL)
		fail_msg("out of memory");
	return p;
}

/* Appends to a growing array of pointers. */
void
harness_push(void ***array, size_t *count, void *item)
{
	void **grown = realloc(*array, (*count + 1) * sizeof **array);

	if (grown == NULL)
		fail_msg("out of memory");
	grown[(*count)++] = item;
	*array = grown;
}

/* The file's content from offset on, NUL-terminated; "" when unreadable. */
char *
harness_file_read_from(const char *path, off_t offset)
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
	char *text = harness_file_read_from(path, 0);
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
		if (harness_mono_ms() >= deadline)
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
	uint64_t deadline = harness_deadline();
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
		uint64_t now = harness_mono_ms();
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
	harness_path_format(buf, size, "%s/%s", top != NULL && *top != '\0' ? top : ".", relative);
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

		harness_path_format(err_path, sizeof err_path, "%s/useradd.log", itest.root);
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
	harness_path_format(itest.root, sizeof itest.root, "%s/staffroom-itest.XXXXXX",
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

double
itest_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
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
		char *err = harness_file_read_from(srv->ctl_log, offset);

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
itest_trust_add(struct itest_server *srv, const char *name, const char *region,
    char *id, size_t size)
{
	itest_ctl_ok(srv, NULL, id, size, "trust", "add", name, "--region",
	    region, NULL);
	id[strcspn(id, "\n")] = '\0';
}

void
itest_sql(struct itest_server *srv, const char *sql)
{
	char db[PATH_MAX];
	char *argv[] = { "sqlite3", "-cmd", ".timeout 10000", db, (char *)sql, NULL };
	int status;

	harness_path_format(db, sizeof db, "%s/staffroom.db", srv->state);
	file_append_line(srv->ctl_log, sql);
	/* As the state owner, so any file SQLite makes stays the daemon's. */
	status = program_run(argv, NULL, NULL, 0, srv->ctl_log, itest.as_root);
	if (status == 127)
		fail_msg("the sqlite3 CLI is missing (apt-get install sqlite3)");
	if (status != 0)
		fail_msg("sqlite3 failed with status %d on: %s (see %s)", status, sql,
		    srv->ctl_log);
}

/* The live database, read-only beside the daemon (WAL lets both read). */
static sqlite3 *
db_open(struct itest_server *srv)
{
	char path[PATH_MAX];
	sqlite3 *db;

	harness_path_format(path, sizeof path, "%s/staffroom.db", srv->state);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		fail_msg("%s: %s", path, sqlite3_errmsg(db));
	sqlite3_busy_timeout(db, 10000);
	return db;
}

static sqlite3_stmt *
db_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	return stmt;
}

long long
itest_db_int(struct itest_server *srv, const char *sql)
{
	sqlite3 *db = db_open(srv);
	sqlite3_stmt *stmt = db_prepare(db, sql);
	long long v;

	if (sqlite3_step(stmt) != SQLITE_ROW)
		fail_msg("no row from: %s", sql);
	v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

/* The first of words in len bytes, or NULL. */
static const char *
db_word_in(const void *bytes, size_t len, const char *const *words,
    size_t nwords)
{
	size_t i;

	for (i = 0; i < nwords && bytes != NULL; i++) {
		if (memmem(bytes, len, words[i], strlen(words[i])) != NULL)
			return words[i];
	}
	return NULL;
}

const char *
itest_db_table_holding(struct itest_server *srv, const char *skip,
    const char *const *words, size_t nwords, const char **word)
{
	static char found[128];
	sqlite3 *db = db_open(srv);
	sqlite3_stmt *tables, *rows;
	char sql[256];
	int col;

	*word = NULL;
	tables = db_prepare(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
	while (*word == NULL && sqlite3_step(tables) == SQLITE_ROW) {
		snprintf(found, sizeof found, "%s", sqlite3_column_text(tables, 0));
		if (skip != NULL && strcmp(found, skip) == 0)
			continue;
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", found);
		rows = db_prepare(db, sql);
		while (*word == NULL && sqlite3_step(rows) == SQLITE_ROW) {
			for (col = 0; *word == NULL && col < sqlite3_column_count(rows); col++)
				*word = db_word_in(sqlite3_column_blob(rows, col),
				    (size_t)sqlite3_column_bytes(rows, col), words, nwords);
		}
		sqlite3_finalize(rows);
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
	return *word != NULL ? found : NULL;
}

/* --- the daemon --------------------------------------------------------------------- */

static void
server_record_logs(const struct itest_server *srv)
{
	struct log_record *record = harness_alloc(sizeof *record);

	record->number = srv->number;
	snprintf(record->log, sizeof record->log, "%s", srv->log);
	snprintf(record->ctl_log, sizeof record->ctl_log, "%s", srv->ctl_log);
	harness_push((void ***)&itest.logs, &itest.nlogs, record);
}

struct itest_server *
itest_server_new(const char *const *daemon_args)
{
	struct itest_server *srv = harness_alloc(sizeof *srv);
	char keys[PATH_MAX];
	mode_t dir_mode = itest.as_root ? 0711 : 0700;

	if (!itest.ready)
		fail_msg("itest_init was not called");
	srv->number = ++itest.nservers;
	srv->next = itest.servers;
	itest.servers = srv;
	harness_path_format(srv->dir, sizeof srv->dir, "%s/server%d", itest.root, srv->number);
	harness_path_format(srv->state, sizeof srv->state, "%s/state", srv->dir);
	harness_path_format(srv->log, sizeof srv->log, "%s/staffroomd.log", srv->dir);
	harness_path_format(srv->ctl_log, sizeof srv->ctl_log, "%s/staffroomctl.log", srv->dir);
	harness_path_format(keys, sizeof keys, "%s/keys", srv->dir);
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
	char *text = harness_file_read_from(srv->log, offset);
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
	uint64_t deadline = harness_deadline();
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
		if (child_wait_until(srv->pid, harness_mono_ms(), &status)) {
			srv->pid = 0;
			fail_msg("staffroomd exited before listening: %s (log: %s)",
			    describe_status(status, why, sizeof why), srv->log);
		}
		if (harness_mono_ms() >= deadline) {
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

	if (srv->pid <= 0 || !child_wait_until(srv->pid, harness_mono_ms(), &status))
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
	if (!child_wait_until(srv->pid, harness_deadline(), &status)) {
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

/* The state letter of /proc/PID/stat ('T' once stopped), or 0. */
static char
process_state(pid_t pid)
{
	char path[64], buf[512], *p, state = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fgets(buf, sizeof buf, f) != NULL && (p = strrchr(buf, ')')) != NULL)
		state = p[2];
	fclose(f);
	return state;
}

void
itest_server_freeze(struct itest_server *srv)
{
	int waited = 0;

	itest_server_assert_running(srv);
	if (kill(srv->pid, SIGSTOP) == -1)
		fail_msg("cannot stop staffroomd: %s", strerror(errno));
	while (process_state(srv->pid) != 'T') {
		if (waited >= itest.timeout_ms)
			fail_msg("staffroomd not stopped within %d ms of SIGSTOP", itest.timeout_ms);
		usleep(1000);
		waited++;
	}
}

void
itest_server_thaw(struct itest_server *srv)
{
	if (kill(srv->pid, SIGCONT) == -1)
		fail_msg("cannot continue staffroomd: %s", strerror(errno));
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
		harness_client_free(srv->clients[srv->nclients - 1]);
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
	struct itest_key *k = harness_alloc(sizeof *k);
	char *base64 = NULL;

	harness_push((void ***)&srv->keys, &srv->nkeys, k);
	if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &k->key) != SSH_OK)
		fail_msg("ssh_pki_generate failed");
	if (ssh_pki_export_pubkey_base64(k->key, &base64) != SSH_OK)
		fail_msg("cannot export a public key");
	snprintf(k->line, sizeof k->line, "%s %s %s",
	    ssh_key_type_to_char(ssh_key_type(k->key)), base64, comment);
	ssh_string_free_char(base64);
	harness_path_format(k->path, sizeof k->path, "%s/keys/key%zu", srv->dir, srv->nkeys);
	harness_path_format(k->pub_path, sizeof k->pub_path, "%s.pub", k->path);
	key_write_files(k);
	key_fingerprint(k);
	return k;
}

const struct itest_user *
itest_user_add(struct itest_server *srv, const char *handle, const char *region,
    const char *password)
{
	struct itest_user *u = harness_alloc(sizeof *u);
	char name[80], input[160];

	harness_push((void ***)&srv->users, &srv->nusers, u);
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

