/*
 * halfopen.c: slow readers and half-open connections (issue 24). With a
 * busy room's fanout measured first on its own, the daemon is then given
 * TCP connections that never speak SSH, connections that stop after the
 * key exchange (each from its own 127.x.y.z so the per-address cap does not
 * end the test early) and logged-in sessions that stop reading in the busy
 * room; the same fanout is measured again beside them. The daemon's memory
 * must stay bounded and everyone else's messages must all arrive; the
 * maximum resident size and the two fanout p99s are printed, not asserted.
 *
 * `halfopen [--long]`: 50 silent, 50 after key exchange and 10 stalled
 * readers in make check; --long has the 1,000, 1,000 and 100 (and
 * raises the file limits of the daemon and of this generator to 8,192).
 */
#include <sys/resource.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../integration/harness.h"

#define ROOM		"region:north-east"
#define LISTENERS	5		/* whose fanout latency is measured */
#define SAMPLES		100		/* messages timed per phase */
#define BURST		10		/* busy-room messages between samples */
#define PER_ADDRESS	16		/* half the daemon's default cap of 32 */
#define FILE_LIMIT	8192
#define MAX_SILENT	1000
#define MAX_KEX		1000
#define MAX_STALLED	100
/* Generous: the quick form measured a few tens of MB. */
#define RSS_BOUND_KB	(512 * 1024)

static int	silent_n = 50, kex_n = 50, stalled_n = 10;

static const char *const daemon_args[] = {
	"--post-burst", "100000", "--post-rate", "100000",
	/* Half-open connections stay for the whole test, not 30 s. */
	"--login-grace", "600", NULL
};

/* A line of /proc/PID/status ("VmHWM:"), in kB. */
static long
status_kb(pid_t pid, const char *field)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		fail_msg("cannot read %s", path);
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, field, strlen(field)) == 0)
			kb = strtol(line + strlen(field), NULL, 10);
	fclose(f);
	if (kb < 0)
		fail_msg("no %s in %s", field, path);
	return (kb);
}

/* The n-th connection's source: 127.1.x.y, PER_ADDRESS connections each. */
static void
source_address(int n, char *out, size_t size)
{
	int a = n / PER_ADDRESS + 1;

	snprintf(out, size, "127.1.%d.%d", a / 250, a % 250 + 1);
}

static int
silent_connect(struct itest_server *srv, int n)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	char from[32];
	int fd;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		fail_msg("socket: %s", strerror(errno));
	source_address(n, from, sizeof from);
	inet_pton(AF_INET, from, &sin.sin_addr);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1)
		fail_msg("bind %s: %s", from, strerror(errno));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((uint16_t)itest_server_port(srv));
	if (connect(fd, (struct sockaddr *)&sin, sizeof sin) == -1)
		fail_msg("connect: %s", strerror(errno));
	return (fd);
}

/* Version and key exchange from its own address, then nothing. */
static ssh_session
kex_connect(struct itest_server *srv, int n)
{
	unsigned int port = (unsigned int)itest_server_port(srv);
	char from[32];
	ssh_session s = ssh_new();
	long timeout_s = itest_timeout_ms() / 1000;
	int no = 0;

	source_address(n, from, sizeof from);
	ssh_options_set(s, SSH_OPTIONS_HOST, "127.0.0.1");
	ssh_options_set(s, SSH_OPTIONS_PORT, &port);
	ssh_options_set(s, SSH_OPTIONS_BINDADDR, from);
	ssh_options_set(s, SSH_OPTIONS_USER, "nobody");
	ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &timeout_s);
	ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &no);
	if (ssh_connect(s) != SSH_OK)
		fail_msg("key exchange %d from %s failed: %s", n, from,
		    ssh_get_error(s));
	return (s);
}

static int
compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return ((x > y) - (x < y));
}

/*
 * SAMPLES messages from the sender, each after a burst from the busy one
 * (not waited for), each timed until every listener has it; returns the
 * p99 in ms and sets *p50.
 */
static double
fanout_p99(struct itest_client *sender, struct itest_client *busy,
    struct itest_client **listeners, double *p50)
{
	static double lat[SAMPLES * LISTENERS];
	size_t n = 0;
	char body[64];

	for (int i = 0; i < SAMPLES; i++) {
		for (int k = 0; k < BURST; k++)
			itest_send(busy, "room.send", json_pack("{s:s, s:s}", "room",
			    ROOM, "body", "the room is busy"));
		snprintf(body, sizeof body, "timed %d", i);
		double t0 = itest_now_ms();

		itest_send(sender, "room.send", json_pack("{s:s, s:s}", "room",
		    ROOM, "body", body));
		for (int l = 0; l < LISTENERS; l++) {
			itest_wait_msg_from(listeners[l], "sender");
			lat[n++] = itest_now_ms() - t0;
		}
	}
	qsort(lat, n, sizeof lat[0], compare_double);
	*p50 = lat[n / 2];
	return (lat[n * 99 / 100]);
}

static void
others_keep_their_fanout_and_memory_stays_bounded_beside_half_open_connections(void **state)
{
	struct itest_server *srv = itest_server_new(daemon_args);
	const struct itest_user *sender_u, *busy_u, *listener_u[LISTENERS];
	const struct itest_user *stalled_u[MAX_STALLED];
	struct itest_client *sender, *busy, *listeners[LISTENERS];
	struct itest_client *stalled[MAX_STALLED];
	static int silent[MAX_SILENT];
	static ssh_session kex[MAX_KEX];
	double p99_before, p99_during, p50_before, p50_during, t0, kex_ms;
	long hwm_before, hwm_during, rss_during;
	char handle[16];
	pid_t pid;

	if (silent_n > 100)
		itest_server_set_file_limit(srv, FILE_LIMIT);
	sender_u = itest_user_add(srv, "sender", "north-east", NULL);
	busy_u = itest_user_add(srv, "busy", "north-east", NULL);
	for (int l = 0; l < LISTENERS; l++) {
		snprintf(handle, sizeof handle, "listener%d", l);
		listener_u[l] = itest_user_add(srv, handle, "north-east", NULL);
	}
	for (int s = 0; s < stalled_n; s++) {
		snprintf(handle, sizeof handle, "stalled%03d", s);
		stalled_u[s] = itest_user_add(srv, handle, "north-east", NULL);
	}
	itest_server_start(srv);
	pid = itest_server_pid(srv);
	sender = itest_login_user(srv, sender_u);
	busy = itest_login_user(srv, busy_u);
	for (int l = 0; l < LISTENERS; l++)
		listeners[l] = itest_login_user(srv, listener_u[l]);

	p99_before = fanout_p99(sender, busy, listeners, &p50_before);
	hwm_before = status_kb(pid, "VmHWM:");

	for (int i = 0; i < silent_n; i++)
		silent[i] = silent_connect(srv, i);
	t0 = itest_now_ms();
	for (int i = 0; i < kex_n; i++)
		kex[i] = kex_connect(srv, silent_n + i);
	kex_ms = itest_now_ms() - t0;
	for (int s = 0; s < stalled_n; s++)
		stalled[s] = itest_login_user(srv, stalled_u[s]);

	p99_during = fanout_p99(sender, busy, listeners, &p50_during);
	hwm_during = status_kb(pid, "VmHWM:");
	rss_during = status_kb(pid, "VmRSS:");
	itest_server_assert_running(srv);
	if (hwm_during > RSS_BOUND_KB)
		fail_msg("staffroomd reached %ld kB resident beside %d silent, %d "
		    "half-open and %d stalled connections", hwm_during, silent_n,
		    kex_n, stalled_n);
	/* Every one of them still leaves the door open for a new login. */
	itest_close(itest_login_user(srv, stalled_u[0]));

	print_message("# half-open: %d silent TCP, %d stopped after key exchange "
	    "(%.0f ms to open them), %d logged in and not reading in a room of "
	    "%d messages a sample: fanout to %d listeners p50/p99 %.1f/%.1f ms "
	    "before, %.1f/%.1f ms beside them; staffroomd peak resident %ld kB "
	    "before, %ld kB beside them (%ld kB at the end) (%s)\n", silent_n,
	    kex_n, kex_ms, stalled_n, BURST + 1, LISTENERS, p50_before,
	    p99_before, p50_during, p99_during, hwm_before, hwm_during,
	    rss_during, silent_n > 100 ? "--long" : "quick");

	for (int i = 0; i < silent_n; i++)
		close(silent[i]);
	for (int i = 0; i < kex_n; i++) {
		ssh_disconnect(kex[i]);
		ssh_free(kex[i]);
	}
	for (int s = 0; s < stalled_n; s++)
		itest_close(stalled[s]);
	for (int l = 0; l < LISTENERS; l++)
		itest_close(listeners[l]);
	itest_close(sender);
	itest_close(busy);
	itest_server_stop(srv);
	itest_server_free(srv);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    others_keep_their_fanout_and_memory_stays_bounded_beside_half_open_connections),
	};

	if (argc > 1 && strcmp(argv[1], "--long") == 0) {
		struct rlimit rl = { FILE_LIMIT, FILE_LIMIT };

		silent_n = MAX_SILENT;
		kex_n = MAX_KEX;
		stalled_n = MAX_STALLED;
		/* This process holds every connection's other end. */
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1) {
			fprintf(stderr, "halfopen: cannot raise the file limit to %d: "
			    "%s\n", FILE_LIMIT, strerror(errno));
			return (2);
		}
	}
	itest_init();
	return itest_finish(cmocka_run_group_tests_name("halfopen", tests, NULL,
	    NULL));
}
