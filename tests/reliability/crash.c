/*
 * crash.c: crash durability in rounds (issue 24). Each round 20 senders
 * pipeline room.send requests, the daemon gets SIGKILL at a random moment
 * while they are in flight, and after a restart every acknowledged message
 * is in history exactly once, with the id its reply carried and its whole
 * body; a message stored without its reply reaching anyone must be one that
 * was sent, whole. `crash [--rounds N] [--seed S]`: 10 rounds by default
 * (CRASH_ROUNDS or --rounds 1000 for the report). Each round prints a line
 * with the totals so far and where its time went, so a long run that is
 * stopped still says what it did.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../integration/harness.h"

#define ROOM		"region:north-east"
#define SENDERS		20
#define WINDOW		25		/* requests each sender has in flight */
#define BODY_MAX	64
#define RETIME		20		/* rounds between timings of the kill window */

static int	rounds = 10;
static unsigned	seed;
static struct itest_server *srv;
static json_int_t newest;		/* the newest id before this round */
static long long acked, stored_unacked;
static double	 window_min, window_max;	/* ms, over the run */

/* Where a round's time goes (printed, never asserted). */
enum phase { LOGINS, SENDING, COLLECTING, RESTART, READING, CHECKING, PHASES };
static const char *const phase_names[PHASES] = {
	"logins", "sending until the kill", "replies", "restart", "history", "checks"
};
static double	 phase_ms[PHASES];	/* summed over the rounds */

/* Ends phase p of this round, which began at *mark. */
static void
phase_end(double *took, enum phase p, double *mark)
{
	double now = itest_now_ms();

	took[p] = now - *mark;
	phase_ms[p] += took[p];
	*mark = now;
}

static void
body_of(char *buf, int round, int sender, int k)
{
	snprintf(buf, BODY_MAX, "round %d sender %d message %d", round, sender, k);
}

/*
 * The length of one batch without a kill: the kills fall inside it. Timed
 * again every RETIME rounds, as the load on the machine drifts (timed once,
 * at a quiet start, it would put most kills of a busy hour before the
 * first commit). Its messages are stored before the next round's.
 */
static double
kill_window_ms(const struct itest_user **users)
{
	struct itest_client *c[SENDERS];
	json_int_t last[SENDERS];
	char body[BODY_MAX];
	double start;

	for (int s = 0; s < SENDERS; s++)
		c[s] = itest_login_user(srv, users[s]);
	start = itest_now_ms();
	for (int s = 0; s < SENDERS; s++)
		for (int k = 0; k < WINDOW; k++) {
			body_of(body, -1, s, k);
			last[s] = itest_send(c[s], "room.send",
			    json_pack("{s:s, s:s}", "room", ROOM, "body", body));
		}
	for (int s = 0; s < SENDERS; s++)
		itest_wait_reply(c[s], last[s]);
	start = itest_now_ms() - start;
	newest = itest_get_int(itest_history(c[0], ROOM, 0, 1), "msgs.0.id");
	for (int s = 0; s < SENDERS; s++)
		itest_close(c[s]);
	return (start);
}

static void
one_round(int round, const struct itest_user **users, double window_ms)
{
	struct itest_client *c[SENDERS];
	json_int_t ids[SENDERS][WINDOW], first[SENDERS];
	char body[BODY_MAX];
	const char *got;
	json_t *all;
	size_t i, count;
	int s, k, n;
	double mark = itest_now_ms(), took[PHASES];

	for (s = 0; s < SENDERS; s++)
		c[s] = itest_login_user(srv, users[s]);
	phase_end(took, LOGINS, &mark);
	for (s = 0; s < SENDERS; s++)
		for (k = 0; k < WINDOW; k++) {
			body_of(body, round, s, k);
			json_int_t req = itest_send(c[s], "room.send",
			    json_pack("{s:s, s:s}", "room", ROOM, "body", body));

			if (k == 0)
				first[s] = req;
			ids[s][k] = 0;
		}
	usleep((useconds_t)(window_ms * 1000 * (rand() / (RAND_MAX + 1.0))));
	itest_server_kill(srv);
	phase_end(took, SENDING, &mark);
	for (s = 0; s < SENDERS; s++) {
		itest_wait_closed(c[s]);
		while (itest_unclaimed_replies(c[s]) > 0) {
			const json_t *r = itest_next_reply(c[s]);
			json_int_t re = itest_get_int(r, "re");

			if (itest_find(r, "error") == NULL && re >= first[s] &&
			    re < first[s] + WINDOW) {
				ids[s][re - first[s]] = itest_get_int(r, "msg.id");
				acked++;
			}
		}
		itest_close(c[s]);
	}
	phase_end(took, COLLECTING, &mark);
	itest_server_start(srv);
	phase_end(took, RESTART, &mark);
	c[0] = itest_login_user(srv, users[0]);
	all = itest_history_since(c[0], ROOM, newest);
	phase_end(took, READING, &mark);
	for (s = 0; s < SENDERS; s++)
		for (k = 0; k < WINDOW; k++) {
			if (ids[s][k] == 0)
				continue;
			body_of(body, round, s, k);
			for (i = 0, n = 0, got = NULL; i < json_array_size(all); i++)
				if (itest_get_int(json_array_get(all, i), "id") == ids[s][k]) {
					got = itest_get_str(json_array_get(all, i), "body");
					n++;
				}
			if (n != 1 || strcmp(got, body) != 0)
				fail_msg("round %d (seed %u): message %lld (\"%s\") was "
				    "acknowledged; history has it %d times%s%s", round, seed,
				    (long long)ids[s][k], body, n, got != NULL ? ", as " : "",
				    got != NULL ? got : "");
		}
	/* Whatever else is stored is a whole body that was sent, once. */
	for (i = 0, count = json_array_size(all); i < count; i++) {
		const json_t *m = json_array_get(all, i);
		int r2, s2, k2, used;

		got = itest_get_str(m, "body");
		if (sscanf(got, "round %d sender %d message %d%n", &r2, &s2, &k2, &used) != 3 ||
		    got[used] != '\0' || r2 != round || s2 < 0 || s2 >= SENDERS ||
		    k2 < 0 || k2 >= WINDOW)
			fail_msg("round %d (seed %u): history holds \"%s\", never sent "
			    "whole in this round", round, seed, got);
		for (size_t j = i + 1; j < count; j++)
			if (strcmp(itest_get_str(json_array_get(all, j), "body"), got) == 0)
				fail_msg("round %d (seed %u): \"%s\" is stored twice", round,
				    seed, got);
		if (ids[s2][k2] == 0)
			stored_unacked++;
		if (itest_get_int(m, "id") > newest)
			newest = itest_get_int(m, "id");
	}
	json_decref(all);
	itest_close(c[0]);
	phase_end(took, CHECKING, &mark);
	printf("# round %d passed: %lld acknowledged, 0 lost, %lld stored without a "
	    "reply, so far; ms: kill window %.0f,", round + 1, acked, stored_unacked,
	    window_ms);
	for (int p = 0; p < PHASES; p++)
		printf(" %s %.0f%s", phase_names[p], took[p], p + 1 < PHASES ? "," : "\n");
	fflush(stdout);
}

static void
acknowledged_messages_survive_kill_9_at_random_moments(void **state)
{
	const struct itest_user *users[SENDERS];
	char handle[16];
	double window = 0;

	srv = itest_server_new(itest_posting_unlimited);
	for (int s = 0; s < SENDERS; s++) {
		snprintf(handle, sizeof handle, "sender%02d", s);
		users[s] = itest_user_add(srv, handle, "north-east", NULL);
	}
	itest_server_start(srv);
	for (int round = 0; round < rounds; round++) {
		if (round % RETIME == 0) {
			window = kill_window_ms(users);
			if (round == 0 || window < window_min)
				window_min = window;
			if (window > window_max)
				window_max = window;
		}
		one_round(round, users, window);
	}
	itest_server_stop(srv);
	itest_server_free(srv);
	print_message("# %d rounds, seed %u, kills within %.0f to %.0f ms of sending: "
	    "%lld acknowledged messages, 0 lost, %lld stored whose reply the kill "
	    "cut off\n", rounds, seed, window_min, window_max, acked, stored_unacked);
	print_message("# mean ms a round:");
	for (int p = 0; p < PHASES; p++)
		print_message(" %s %.0f%s", phase_names[p], phase_ms[p] / rounds,
		    p + 1 < PHASES ? "," : "\n");
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(acknowledged_messages_survive_kill_9_at_random_moments),
	};
	const char *env = getenv("CRASH_ROUNDS");

	seed = (unsigned)time(NULL);
	if (env != NULL)
		rounds = atoi(env);
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--rounds") == 0)
			rounds = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--seed") == 0)
			seed = (unsigned)strtoul(argv[i + 1], NULL, 10);
	}
	if (rounds < 1) {
		fprintf(stderr, "usage: crash [--rounds N] [--seed S]\n");
		return 2;
	}
	srand(seed);
	itest_init();
	return itest_finish(cmocka_run_group_tests_name("crash", tests, NULL, NULL));
}
