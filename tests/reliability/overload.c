/*
 * overload.c: overload and recovery (issue 24). Each scenario drives the
 * daemon past saturation, then every client leaves (or stalls, still
 * connected and reading nothing); the daemon must go idle, take a login,
 * and hold every message it acknowledged. The time from the last leaving
 * to idle is printed, never asserted beyond a generous bound.
 *
 * Scenarios: a room flood (readers and flooders pipelining room.send, the
 * flooders never reading); a login flood (parallel key and password
 * logins while readers post); a search flood (sessions pipelining
 * searches over a corpus and never reading); a mixed flood of sends,
 * searches, history and sync pages whose senders then stall instead of
 * leaving. `overload [--scale N]`: N times the people and waves of the
 * quick form that make check runs (default 1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../integration/harness.h"

#define ROOM		"region:north-east"
#define READERS		10
#define FLOODERS	20
#define PEOPLE_MAX	(4 * (READERS + FLOODERS))
#define WAVES		4
#define WAVE_MAX	160		/* requests per person in the last wave */
#define ACKED_MAX	(4 * READERS * (10 + 40 + 2 * WAVE_MAX))
#define IDLE_WINDOW_MS	1000		/* idle: this long ... */
#define IDLE_TICKS	2		/* ... using at most this many clock ticks */
#define IDLE_SAMPLE_MS	50		/* the daemon's ticks are read this often */
#define IDLE_SAMPLES	(RECOVERY_BOUND_MS / IDLE_SAMPLE_MS + IDLE_WINDOW_MS / IDLE_SAMPLE_MS + 2)
#define RECOVERY_BOUND_MS 30000
#define LOGIN_WAVES	3
#define LOGIN_WAVE_MAX	40		/* parallel logins in the last wave */
#define PASSWORD	"correct horse battery staple"
#define PASSWORD_EVERY	4		/* one flooder in 4 logs in by password */

static int	scale = 1;

static const char *const flood_args[] = {
	"--post-burst", "100000", "--post-rate", "100000",
	"--max-unauthenticated-per-address", "100000",
	"--max-sessions-per-user", "0", NULL
};

struct flood {
	struct itest_server	*srv;
	const struct itest_user	*users[PEOPLE_MAX];
	struct itest_client	*c[PEOPLE_MAX];
	int			 readers, flooders;
	json_int_t		 newest;	/* the last id before the flood */
	json_int_t		 acked[ACKED_MAX];
	size_t			 nacked;
	double			 began;		/* when the flood began */
	double			 left;		/* when the last one left or stalled */
	double			 idle;		/* when the daemon went idle */
};

/* The daemon's user and system clock ticks so far. */
static long long
cpu_ticks(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long ut, st;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		fail_msg("cannot read %s", path);
	if (fgets(buf, sizeof buf, f) == NULL || (p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
	    &ut, &st) != 2)
		fail_msg("cannot parse %s", path);
	fclose(f);
	return (long long)(ut + st);
}

/*
 * One daemon and one cast for every scenario (making people costs
 * staffroomctl seconds on a loaded machine): readers first, then flooders.
 * Every PASSWORD_EVERY-th flooder has a password too.
 */
static struct itest_server *srv;
static const struct itest_user *cast[PEOPLE_MAX];

static int
overload_setup(void **state)
{
	char handle[16];
	int people = (READERS + FLOODERS) * scale;

	srv = itest_server_new(flood_args);
	for (int p = 0; p < people; p++) {
		bool password = p >= READERS * scale &&
		    (p - READERS * scale) % PASSWORD_EVERY == 0;

		snprintf(handle, sizeof handle, "%s%03d", p < READERS * scale ?
		    "reader" : "flood", p);
		cast[p] = itest_user_add(srv, handle, "north-east",
		    password ? PASSWORD : NULL);
	}
	itest_server_start(srv);
	return (0);
}

static int
overload_teardown(void **state)
{
	itest_server_stop(srv);
	itest_server_free(srv);
	return (0);
}

/* Everybody logs in; one message marks the start. */
static void
flood_start(struct flood *f)
{
	memset(f, 0, sizeof *f);
	f->srv = srv;
	f->readers = READERS * scale;
	f->flooders = FLOODERS * scale;
	memcpy(f->users, cast, sizeof f->users);
	for (int p = 0; p < f->readers + f->flooders; p++)
		f->c[p] = itest_login_user(f->srv, f->users[p]);
	f->newest = itest_get_int(itest_post(f->c[0], ROOM, "before the flood"), "id");
	f->began = itest_now_ms();
}

/* Each reader pipelines n posts, then takes the replies: the acknowledged. */
static void
readers_post(struct flood *f, int n, const char *what)
{
	char body[80];

	for (int p = 0; p < f->readers; p++)
		for (int k = 0; k < n; k++) {
			snprintf(body, sizeof body, "%s from reader %d number %d", what, p, k);
			itest_send(f->c[p], "room.send",
			    json_pack("{s:s, s:s}", "room", ROOM, "body", body));
		}
	for (int p = 0; p < f->readers; p++)
		for (int k = 0; k < n; k++) {
			const json_t *r = itest_next_reply(f->c[p]);

			if (itest_find(r, "error") == NULL && f->nacked < ACKED_MAX)
				f->acked[f->nacked++] = itest_get_int(r, "msg.id");
		}
}

static void
everybody_leaves(struct flood *f, int from)
{
	for (int p = from; p < f->readers + f->flooders; p++) {
		itest_close(f->c[p]);
		f->c[p] = NULL;
	}
	f->left = itest_now_ms();
}

/*
 * Waits until the daemon uses at most IDLE_TICKS in IDLE_WINDOW_MS, within
 * the bound; returns how long after f->left that window began (f->idle).
 * The ticks are read every IDLE_SAMPLE_MS and every window ending at a
 * reading is looked at, so the start is known to a sample, not to a whole
 * window.
 */
static double
wait_idle(struct flood *f)
{
	static double at[IDLE_SAMPLES];
	static long long ticks[IDLE_SAMPLES];
	pid_t pid = itest_server_pid(f->srv);
	int n = 0, from = 0;

	at[n] = itest_now_ms();
	ticks[n++] = cpu_ticks(pid);
	for (;;) {
		usleep(IDLE_SAMPLE_MS * 1000);
		at[n] = itest_now_ms();
		ticks[n] = cpu_ticks(pid);
		/* The latest reading a whole window before this one. */
		while (from + 1 < n && at[n] - at[from + 1] >= IDLE_WINDOW_MS)
			from++;
		if (at[n] - at[from] >= IDLE_WINDOW_MS &&
		    ticks[n] - ticks[from] <= IDLE_TICKS) {
			f->idle = at[from];
			return (at[from] - f->left < 0 ? 0 : at[from] - f->left);
		}
		if (at[n] - f->left > RECOVERY_BOUND_MS || n + 1 == IDLE_SAMPLES)
			fail_msg("staffroomd still busy %.0f ms after everybody left "
			    "(%lld ticks in the last second)", at[n] - f->left,
			    ticks[n] - ticks[from]);
		n++;
	}
}

/* A new login after the flood finds every acknowledged message; returns how many are stored. */
static size_t
assert_kept(struct flood *f)
{
	struct itest_client *c;
	json_t *all;
	size_t stored;

	itest_server_assert_running(f->srv);
	c = itest_login_user(f->srv, f->users[0]);
	all = itest_history_since(c, ROOM, f->newest);
	for (size_t i = 0; i < f->nacked; i++)
		if (itest_with_id(all, f->acked[i]) == NULL)
			fail_msg("message %lld was acknowledged during the flood and is "
			    "not in history", (long long)f->acked[i]);
	stored = json_array_size(all);
	json_decref(all);
	itest_close(c);
	return (stored);
}

static void
flood_end(struct flood *f)
{
	for (int p = 0; p < f->readers + f->flooders; p++)
		if (f->c[p] != NULL)
			itest_close(f->c[p]);
}

static int
wave_size(int wave)
{
	return (wave == 0 ? 10 : wave == 1 ? 40 : WAVE_MAX);
}

static void
the_server_goes_idle_and_keeps_every_acknowledged_message_after_a_room_flood(void **state)
{
	static struct flood f;
	char body[64];
	double idle;
	size_t stored;

	flood_start(&f);
	/* Waves of 10, 40, 160 and 160 requests each: the last two past saturation. */
	for (int wave = 0; wave < WAVES; wave++) {
		/* Readers first, so their replies do not wait behind every flood. */
		for (int p = 0; p < f.readers + f.flooders; p++)
			for (int k = 0; k < wave_size(wave); k++) {
				snprintf(body, sizeof body, "wave %d from %d number %d",
				    wave, p, k);
				itest_send(f.c[p], "room.send",
				    json_pack("{s:s, s:s}", "room", ROOM, "body", body));
			}
		/* Readers take their replies; the last wave is left in flight. */
		if (wave == WAVES - 1)
			break;
		for (int p = 0; p < f.readers; p++)
			for (int k = 0; k < wave_size(wave); k++) {
				const json_t *r = itest_next_reply(f.c[p]);

				if (itest_find(r, "error") == NULL && f.nacked < ACKED_MAX)
					f.acked[f.nacked++] = itest_get_int(r, "msg.id");
			}
	}
	everybody_leaves(&f, 0);
	idle = wait_idle(&f);
	stored = assert_kept(&f);
	print_message("# room flood: %d people, waves of 10/40/160/160; %zu messages "
	    "stored, %zu acknowledged to readers, all kept; idle %.0f ms after "
	    "everybody left, %.0f ms after the first wave (idle = under %d "
	    "ticks in %d ms)\n", f.readers + f.flooders, stored, f.nacked, idle,
	    f.idle - f.began, IDLE_TICKS + 1, IDLE_WINDOW_MS);
	flood_end(&f);
}

/*
 * Waves of parallel logins of every flooder, one in four by password (an
 * argon2id check each, on the daemon's worker), the rest by key, while the
 * readers post between waves; each wave's sessions close as it ends.
 */
static void
the_server_goes_idle_and_keeps_every_acknowledged_message_after_a_login_flood(void **state)
{
	static struct flood f;
	const char *logins[PEOPLE_MAX * 2];
	struct itest_auth auths[PEOPLE_MAX * 2];
	int results[PEOPLE_MAX * 2], n, ok = 0, tried = 0;
	double idle;
	size_t stored;

	flood_start(&f);
	for (int wave = 0; wave < LOGIN_WAVES; wave++) {
		n = (LOGIN_WAVE_MAX >> (LOGIN_WAVES - 1 - wave)) * scale;
		for (int i = 0; i < n; i++) {
			const struct itest_user *u = f.users[f.readers + i % f.flooders];

			/* The flooders with a password log in with it. */
			logins[i] = u->handle;
			auths[i] = u->password[0] != '\0' ?
			    itest_by_password(PASSWORD) : itest_by_key(u->key);
		}
		readers_post(&f, 5, "during the login flood");
		itest_auth_burst(f.srv, logins, auths, results, (size_t)n);
		for (int i = 0; i < n; i++)
			ok += results[i] == SSH_AUTH_SUCCESS;
		tried += n;
	}
	/* Every login was a right one: none may be refused, however busy. */
	assert_int_equal(ok, tried);
	everybody_leaves(&f, 0);
	idle = wait_idle(&f);
	stored = assert_kept(&f);
	print_message("# login flood: %d logins in waves of %d/%d/%d (a quarter "
	    "by password), all accepted; %zu acknowledged of %zu stored, all kept; "
	    "idle %.0f ms after everybody left\n", tried, 10 * scale, 20 * scale,
	    40 * scale, f.nacked, stored, idle);
	flood_end(&f);
}

/* n pipelined requests of a mixed kind from flooder p (never read). */
static void
mixed_requests(struct flood *f, int p, int n, bool searches_only)
{
	static const char *const words[] = {
		"annual review", "template", "taxi", "EHCP", "review template",
	};
	char body[80];

	for (int k = 0; k < n; k++) {
		int kind = searches_only ? 0 : k % 4;

		if (kind == 0)
			itest_send(f->c[p], "search", json_pack("{s:s, s:i}", "q",
			    words[k % 5], "limit", 50));
		else if (kind == 1) {
			snprintf(body, sizeof body, "mixed from %d number %d: "
			    "annual review template", p, k);
			itest_send(f->c[p], "room.send", json_pack("{s:s, s:s}",
			    "room", ROOM, "body", body));
		} else if (kind == 2)
			itest_send(f->c[p], "room.history", json_pack("{s:s, s:i}",
			    "room", ROOM, "limit", 200));
		else
			itest_send(f->c[p], "sync", json_pack("{s:i, s:i}", "since",
			    0, "limit", 200));
	}
}

/* A corpus for searches to work through: 20 words a message, some shared. */
static void
corpus(struct flood *f, int n)
{
	char body[256];

	for (int p = 0; p < f->readers; p++) {
		for (int k = 0; k < n; k++) {
			snprintf(body, sizeof body, "corpus %d.%d: the annual review "
			    "template for a Year %d EHCP, the taxi form, a review of "
			    "the template and the plan", p, k, k % 13 + 1);
			itest_send(f->c[p], "room.send", json_pack("{s:s, s:s}",
			    "room", ROOM, "body", body));
		}
		for (int k = 0; k < n; k++)
			itest_assert_ok(itest_next_reply(f->c[p]));
	}
}

static void
the_server_goes_idle_and_keeps_every_acknowledged_message_after_a_search_flood(void **state)
{
	static struct flood f;
	double idle;
	size_t stored;

	flood_start(&f);
	corpus(&f, 50);
	for (int wave = 0; wave < WAVES; wave++) {
		for (int p = f.readers; p < f.readers + f.flooders; p++)
			mixed_requests(&f, p, wave_size(wave) / 4, true);
		/* The last wave is still in flight when everybody leaves. */
		if (wave < WAVES - 1)
			readers_post(&f, wave_size(wave) / 8, "during the search flood");
	}
	everybody_leaves(&f, 0);
	idle = wait_idle(&f);
	stored = assert_kept(&f);
	print_message("# search flood: %d searchers, waves of 2/10/40/40 searches "
	    "each over %d messages, the last in flight as they left; %zu "
	    "acknowledged of %zu stored, all kept; idle %.0f ms after everybody "
	    "left\n", f.flooders, 50 * f.readers, f.nacked, stored, idle);
	flood_end(&f);
}

/*
 * Sends, searches, history and sync pages pipelined by the flooders, then
 * the readers leave and the flooders stall: still connected, reading
 * nothing, their output piled up. The daemon must go idle with them there
 * (closing them as too slow, or holding their bounded queues) and serve a
 * new login at once.
 */
static void
the_server_goes_idle_and_serves_a_login_while_a_mixed_flood_stalls(void **state)
{
	static struct flood f;
	size_t stored, closed_before = itest_server_log_count(srv, "; closing");
	double idle;

	flood_start(&f);
	corpus(&f, 20);
	f.began = itest_now_ms();
	for (int wave = 0; wave < WAVES; wave++) {
		for (int p = f.readers; p < f.readers + f.flooders; p++)
			mixed_requests(&f, p, wave_size(wave) / 2, false);
		readers_post(&f, wave_size(wave) / 8, "during the mixed flood");
	}
	/* The readers go; the flooders stay, reading nothing. */
	for (int p = 0; p < f.readers; p++) {
		itest_close(f.c[p]);
		f.c[p] = NULL;
	}
	f.left = itest_now_ms();
	idle = wait_idle(&f);
	stored = assert_kept(&f);
	print_message("# mixed flood: %d flooders pipelining sends, searches, "
	    "history and sync pages in waves of 5/20/80/80, then stalling; "
	    "%zu messages stored, %zu acknowledged, all kept; idle %.0f ms after "
	    "the readers left, %.0f ms after the first wave, %zu of %d stalled "
	    "sessions closed as too slow\n", f.flooders, stored, f.nacked, idle,
	    f.idle - f.began,
	    itest_server_log_count(f.srv, "; closing") - closed_before, f.flooders);
	flood_end(&f);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    the_server_goes_idle_and_keeps_every_acknowledged_message_after_a_room_flood),
		cmocka_unit_test(
		    the_server_goes_idle_and_keeps_every_acknowledged_message_after_a_login_flood),
		cmocka_unit_test(
		    the_server_goes_idle_and_keeps_every_acknowledged_message_after_a_search_flood),
		cmocka_unit_test(
		    the_server_goes_idle_and_serves_a_login_while_a_mixed_flood_stalls),
	};

	for (int i = 1; i + 1 < argc; i += 2)
		if (strcmp(argv[i], "--scale") == 0)
			scale = atoi(argv[i + 1]);
	if (scale < 1 || scale > 4) {
		fprintf(stderr, "usage: overload [--scale 1-4]\n");
		return (2);
	}
	itest_init();
	return itest_finish(cmocka_run_group_tests_name("overload", tests,
	    overload_setup, overload_teardown));
}
