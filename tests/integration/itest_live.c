/*
 * itest_live.c: the control socket (issue 22) through the real staffroomctl
 * and a raw socket: who lists the sessions open now, stats counts logins,
 * messages and commits, kick ends a person's sessions with bye "kicked" and
 * an audit row, and the socket is owner-only and refuses what is not a
 * short JSON request with a documented error. The Prometheus endpoint
 * (--metrics) serves the same figures to GET /metrics and nothing else,
 * bounded in header size and connections.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static struct itest_server *srv;

static int
live_setup(void **state)
{
	srv = itest_server_new(NULL);
	itest_server_start(srv);
	return 0;
}

static int
live_teardown(void **state)
{
	itest_server_free(srv);
	return 0;
}

/* staffroomctl ARGS --json: the answer (the caller frees it). */
static json_t *
ctl_json(const char *a1, const char *a2)
{
	static char out[256 * 1024];
	json_error_t err;
	json_t *j;

	itest_ctl_ok(srv, NULL, out, sizeof out, a1, a2 != NULL ? a2 : "--json",
	    a2 != NULL ? "--json" : NULL, NULL);
	if ((j = json_loads(out, 0, &err)) == NULL)
		fail_msg("%s --json: not JSON: %s", a1, out);
	return j;
}

static const json_t *
who_row(const json_t *who, const char *handle)
{
	const json_t *s;
	size_t i;

	json_array_foreach(itest_get(who, "sessions"), i, s) {
		if (strcmp(itest_get_str(s, "handle"), handle) == 0)
			return s;
	}
	return NULL;
}

static void
who_lists_each_open_session(void **state)
{
	struct itest_client *asha = itest_person_online(srv, "asha", "london");
	struct itest_client *ben = itest_person_online(srv, "ben", "north-east");
	json_t *who = ctl_json("who", NULL);
	const json_t *row = who_row(who, "asha");
	char out[4096];

	assert_non_null(row);
	assert_non_null(who_row(who, "ben"));
	assert_string_equal(itest_get_str(row, "address"), "127.0.0.1");
	/* The harness's client is libssh on the subsystem, as the client is. */
	assert_string_equal(itest_get_str(row, "kind"), "client");
	assert_true(itest_get_int(row, "since") > 0);
	assert_true(itest_get_int(row, "idle_ms") >= 0);
	assert_int_equal(itest_get_int(who, "more"), 0);
	json_decref(who);

	/* The columns, for people. */
	itest_ctl_ok(srv, NULL, out, sizeof out, "who", NULL);
	assert_non_null(strstr(out, "HANDLE"));
	assert_non_null(strstr(out, "asha"));
	assert_non_null(strstr(out, "127.0.0.1"));

	itest_close(ben);
	itest_close(asha);
}

static void
stats_count_logins_messages_and_commits(void **state)
{
	struct itest_client *cara = itest_person_online(srv, "cara", "london");
	json_t *before = ctl_json("stats", NULL), *after;

	itest_post(cara, "region:london", "first");
	itest_post(cara, "region:london", "second");
	after = ctl_json("stats", NULL);
	assert_int_equal(itest_get_int(after, "messages") -
	    itest_get_int(before, "messages"), 2);
	assert_true(itest_get_int(after, "messages_per_minute") >= 2);
	assert_true(itest_get_int(after, "logins") >= 1);
	assert_true(itest_get_int(after, "logins_per_minute") >= 1);
	assert_true(itest_get_int(after, "sessions") >= 1);
	assert_true(itest_get_int(after, "commits") >
	    itest_get_int(before, "commits"));
	assert_true(itest_get_int(after, "commits_sampled") > 0);
	assert_true(json_is_real(itest_get(after, "commit_p99_ms")));
	/* How often the loop stopped for the disk (itest_commit reads it). */
	assert_true(itest_get_int(after, "commit_waits") >= 0);
	assert_true(itest_get_int(after, "database_bytes") > 0);
	assert_int_equal(itest_get_int(after, "lagging"), 0);
	json_decref(before);
	json_decref(after);
	itest_close(cara);
}

static void
kick_ends_every_session_with_bye_kicked_and_an_audit_row(void **state)
{
	const struct itest_user *dana = itest_user_add(srv, "dana", "london", NULL);
	struct itest_client *one = itest_login_user(srv, dana);
	struct itest_client *two = itest_login_user(srv, dana);
	struct itest_client *eli = itest_person_online(srv, "eli", "london");
	json_t *rows, *who;
	const json_t *row;
	char out[1024];

	itest_ctl_ok(srv, NULL, out, sizeof out, "kick", "dana", NULL);
	assert_string_equal(out, "dana: 2 sessions ended");
	assert_string_equal(itest_get_str(itest_wait_event(one, "bye"), "reason"),
	    "kicked");
	assert_string_equal(itest_get_str(itest_wait_event(two, "bye"), "reason"),
	    "kicked");
	itest_wait_closed(one);
	itest_wait_closed(two);
	/* Nobody else is touched. */
	itest_assert_alive(eli);
	who = ctl_json("who", NULL);
	assert_null(who_row(who, "dana"));
	assert_non_null(who_row(who, "eli"));
	json_decref(who);

	/* The operator's act is a row, like every change staffroomctl makes. */
	rows = ctl_json("audit", "tail");
	row = json_array_get(rows, json_array_size(rows) - 1);
	assert_string_equal(itest_get_str(row, "actor"), "operator");
	assert_string_equal(itest_get_str(row, "act"), "kick");
	assert_string_equal(itest_get_str(row, "target_kind"), "user");
	assert_non_null(strstr(itest_get_str(row, "detail"), "2 sessions ended"));
	json_decref(rows);
	assert_int_equal(itest_server_log_count(srv,
	    "kick: dana: 2 sessions ended by staffroomctl"), 1);

	/* She may come back: a kick is not a ban. */
	itest_close(one);
	one = itest_login_user(srv, dana);
	itest_assert_alive(one);
	itest_close(one);
	itest_close(two);
	itest_close(eli);
}

static void
kick_of_someone_offline_or_unknown_fails_and_records_nothing(void **state)
{
	json_t *rows;
	size_t n;

	itest_user_add(srv, "finn", "london", NULL);
	rows = ctl_json("audit", "tail");
	n = json_array_size(rows);
	json_decref(rows);
	assert_int_equal(itest_ctl(srv, NULL, NULL, 0, "kick", "finn", NULL), 1);
	assert_true(itest_ctl_log_count(srv, "kick: finn has no open session") >= 1);
	assert_int_equal(itest_ctl(srv, NULL, NULL, 0, "kick", "nobody", NULL), 1);
	rows = ctl_json("audit", "tail");
	assert_int_equal(json_array_size(rows), n);
	json_decref(rows);
}

/* One raw exchange on the control socket: the reply line (static). */
static const char *
control_raw(const void *req, size_t len)
{
	static char reply[4096];
	struct sockaddr_un sun;
	size_t got = 0;
	ssize_t n;
	int fd;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s/staffroomd.sock",
	    itest_server_state_dir(srv));
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sun, sizeof sun), 0);
	assert_int_equal(write(fd, req, len), (ssize_t)len);
	while (got + 1 < sizeof reply &&
	    (n = read(fd, reply + got, sizeof reply - got - 1)) > 0)
		got += (size_t)n;
	reply[got] = '\0';
	close(fd);
	return reply;
}

static void
assert_control_error(const char *reply, const char *code)
{
	json_error_t err;
	json_t *j = json_loads(reply, 0, &err);

	if (j == NULL)
		fail_msg("not JSON: %s", reply);
	assert_string_equal(itest_get_str(j, "error.code"), code);
	assert_true(strlen(itest_get_str(j, "error.message")) > 0);
	json_decref(j);
}

static void
the_socket_is_owner_only_and_refuses_what_it_does_not_know(void **state)
{
	char path[4096], big[2048];
	struct stat sb;

	snprintf(path, sizeof path, "%s/staffroomd.sock",
	    itest_server_state_dir(srv));
	assert_int_equal(stat(path, &sb), 0);
	assert_true(S_ISSOCK(sb.st_mode));
	assert_int_equal(sb.st_mode & 0777, 0600);

	assert_control_error(control_raw("hello\n", 6), "bad_json");
	assert_control_error(control_raw("{\"op\":\"shutdown\"}\n", 18),
	    "unknown_op");
	assert_control_error(control_raw("{}\n", 3), "bad_request");
	assert_control_error(control_raw("{\"op\":\"kick\"}\n", 14),
	    "bad_request");
	/* Past the bound, with or without its newline: refused, not gathered. */
	memset(big, 'x', sizeof big);
	assert_control_error(control_raw(big, sizeof big), "line_too_long");
	big[sizeof big - 1] = '\n';
	assert_control_error(control_raw(big, sizeof big), "line_too_long");
	/* And it still answers. */
	assert_non_null(strstr(control_raw("{\"op\":\"stats\"}\n", 16),
	    "\"ok\":true"));
}

static void
staffroomctl_says_when_the_daemon_is_not_running(void **state)
{
	char path[4096];
	struct stat sb;

	itest_server_stop(srv);
	/* The daemon removes its socket as it stops. */
	snprintf(path, sizeof path, "%s/staffroomd.sock",
	    itest_server_state_dir(srv));
	assert_int_not_equal(stat(path, &sb), 0);
	assert_int_equal(itest_ctl(srv, NULL, NULL, 0, "who", NULL), 1);
	assert_true(itest_ctl_log_count(srv, "staffroomd is not running on") >= 1);
	itest_server_start(srv);
}

/* A connected TCP socket to 127.0.0.1:port. */
static int
tcp_connect(int port)
{
	struct sockaddr_in sin;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	return fd;
}

/* Reads to EOF (the request asks HTTP/1.0, so the server closes). */
static char *
read_all(int fd)
{
	size_t len = 0, cap = 64 * 1024;
	char *buf = malloc(cap);
	ssize_t n;

	assert_non_null(buf);
	while (len + 1 < cap && (n = read(fd, buf + len, cap - len - 1)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	close(fd);
	return buf;
}

/* Sends request on a new connection; the whole answer (the caller frees it). */
static char *
http(int port, const char *request)
{
	int fd = tcp_connect(port);
	size_t len = strlen(request);

	assert_int_equal(write(fd, request, len), (ssize_t)len);
	return read_all(fd);
}

/* The value of the sample line "name value" in a /metrics body. */
static double
sample(const char *body, const char *name)
{
	char key[128];
	const char *p;

	snprintf(key, sizeof key, "\n%s ", name);
	if ((p = strstr(body, key)) == NULL)
		fail_msg("no sample %s in:\n%s", name, body);
	return strtod(p + strlen(key), NULL);
}

static void
metrics_serves_the_figures_to_get_metrics_and_nothing_else(void **state)
{
	static const char *const args[] = { "--metrics", "127.0.0.1:0", NULL };
	struct itest_server *m = itest_server_new(args);
	struct itest_client *gil;
	char *body, big[10000];
	int port;

	itest_server_start(m);
	port = itest_server_logged_port(m,
	    "metrics: serving http://127.0.0.1:");
	assert_true(port > 0);
	gil = itest_person_online(m, "gil", "london");
	itest_post(gil, "region:london", "counted");

	body = http(port, "GET /metrics HTTP/1.0\r\n\r\n");
	assert_non_null(strstr(body, " 200 OK\r\n"));
	assert_non_null(strstr(body,
	    "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
	assert_non_null(strstr(body, "# TYPE staffroom_messages_total counter\n"));
	assert_true(sample(body, "staffroom_sessions") == 1);
	assert_true(sample(body, "staffroom_messages_total") == 1);
	assert_true(sample(body, "staffroom_logins_total") >= 1);
	assert_true(sample(body, "staffroom_database_bytes") > 0);
	assert_true(sample(body, "staffroom_commit_seconds_count") > 0);
	assert_non_null(strstr(body, "# TYPE staffroom_commit_waits_total counter\n"));
	assert_true(sample(body, "staffroom_commit_waits_total") >= 0);
	/* Every commit is in the +Inf bucket. */
	assert_true(sample(body, "staffroom_commit_seconds_bucket{le=\"+Inf\"}") ==
	    sample(body, "staffroom_commit_seconds_count"));
	free(body);

	body = http(port, "GET /other HTTP/1.0\r\n\r\n");
	assert_non_null(strstr(body, " 404 "));
	free(body);
	/* GET only: evhttp answers anything else 501. */
	body = http(port, "POST /metrics HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi");
	assert_non_null(strstr(body, " 501 "));
	assert_null(strstr(body, "staffroom_sessions"));
	free(body);
	/*
	 * Headers past 8 KiB: refused, not gathered (a 400, which a reset of
	 * the unread rest may overtake).
	 */
	memset(big, 'a', sizeof big);
	memcpy(big, "GET /metrics HTTP/1.0\r\nX-Big: ", 31);
	memcpy(big + sizeof big - 5, "\r\n\r\n", 5);
	big[sizeof big - 1] = '\0';
	body = http(port, big);
	assert_null(strstr(body, " 200 "));
	assert_null(strstr(body, "staffroom_sessions"));
	free(body);

	itest_close(gil);
	itest_server_free(m);
}

static void
metrics_keeps_its_connection_cap(void **state)
{
	static const char *const args[] = { "--metrics", "127.0.0.1:0", NULL };
	struct itest_server *m = itest_server_new(args);
	int idle[16], port, waiting, i;
	char *body;

	itest_server_start(m);
	port = itest_server_logged_port(m,
	    "metrics: serving http://127.0.0.1:");
	for (i = 0; i < 16; i++)
		idle[i] = tcp_connect(port);
	/* The 17th waits in the backlog, its request unread... */
	waiting = tcp_connect(port);
	assert_int_equal(write(waiting, "GET /metrics HTTP/1.0\r\n\r\n", 26), 26);
	for (i = 0; i < itest_timeout_ms() / 100 && itest_server_log_count(m,
	    "metrics: 16 connections open; no more until one ends") == 0; i++)
		usleep(100 * 1000);
	assert_int_equal(itest_server_log_count(m,
	    "metrics: 16 connections open; no more until one ends"), 1);
	/* ...and is served once one of the sixteen ends. */
	close(idle[0]);
	body = read_all(waiting);
	assert_non_null(strstr(body, " 200 OK"));
	assert_non_null(strstr(body, "staffroom_sessions 0\n"));
	free(body);
	for (i = 1; i < 16; i++)
		close(idle[i]);
	itest_server_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(who_lists_each_open_session),
		cmocka_unit_test(stats_count_logins_messages_and_commits),
		cmocka_unit_test(kick_ends_every_session_with_bye_kicked_and_an_audit_row),
		cmocka_unit_test(kick_of_someone_offline_or_unknown_fails_and_records_nothing),
		cmocka_unit_test(the_socket_is_owner_only_and_refuses_what_it_does_not_know),
		cmocka_unit_test(staffroomctl_says_when_the_daemon_is_not_running),
		cmocka_unit_test(metrics_serves_the_figures_to_get_metrics_and_nothing_else),
		cmocka_unit_test(metrics_keeps_its_connection_cap),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests_name("live", tests,
	    live_setup, live_teardown));
}
