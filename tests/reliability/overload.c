/*
 * overload.c: overload and recovery, the room flood (issue 24). With the
 * flood limits lifted, 10 readers and 20 flooders in one room pipeline
 * ever larger waves of room.send (the flooders never read, so fanout piles
 * up behind them); then everybody leaves at once. The daemon must go idle,
 * take a login, and hold every acknowledged message. The time from the
 * last leaving to idle is printed, never asserted beyond a generous bound.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../integration/harness.h"

#define ROOM		"region:north-east"
#define READERS		10
#define FLOODERS	20
#define PEOPLE		(READERS + FLOODERS)
#define WAVES		4
#define WAVE_MAX	160		/* requests per person in the last wave */
#define IDLE_WINDOW_MS	1000		/* idle: this long ... */
#define IDLE_TICKS	2		/* ... using at most this many clock ticks */
#define RECOVERY_BOUND_MS 30000

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

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

static void
the_server_goes_idle_and_keeps_every_acknowledged_message_after_a_room_flood(void **state)
{
	const struct itest_user *users[PEOPLE];
	struct itest_client *c[PEOPLE];
	static json_int_t acked[READERS * (10 + 40 + WAVE_MAX)];
	json_int_t newest;
	size_t nacked = 0, i, j;
	struct itest_server *srv = itest_server_new(itest_posting_unlimited);
	char handle[16], body[64];
	double left, idle_at = 0, t;
	long long ticks;
	json_t *all;
	int wave, p, k, size;

	for (p = 0; p < PEOPLE; p++) {
		snprintf(handle, sizeof handle, "%s%02d", p < READERS ? "reader" : "flood", p);
		users[p] = itest_user_add(srv, handle, "north-east", NULL);
	}
	itest_server_start(srv);
	for (p = 0; p < PEOPLE; p++)
		c[p] = itest_login_user(srv, users[p]);
	newest = itest_get_int(itest_post(c[0], ROOM, "before the flood"), "id");

	/* Waves of 10, 40, 160 and 160 requests each: the last two past saturation. */
	for (wave = 0; wave < WAVES; wave++) {
		size = wave == 0 ? 10 : wave == 1 ? 40 : WAVE_MAX;
		/* Readers first, so their replies do not wait behind every flood. */
		for (p = 0; p < PEOPLE; p++)
			for (k = 0; k < size; k++) {
				snprintf(body, sizeof body, "wave %d from %d number %d", wave, p, k);
				itest_send(c[p], "room.send",
				    json_pack("{s:s, s:s}", "room", ROOM, "body", body));
			}
		/* Readers take their replies; the last wave is left in flight. */
		if (wave == WAVES - 1)
			break;
		for (p = 0; p < READERS; p++)
			for (k = 0; k < size; k++) {
				const json_t *r = itest_next_reply(c[p]);

				if (itest_find(r, "error") == NULL)
					acked[nacked++] = itest_get_int(r, "msg.id");
			}
	}
	for (p = 0; p < PEOPLE; p++)
		itest_close(c[p]);
	left = now_ms();

	/* Idle: IDLE_WINDOW_MS with at most IDLE_TICKS of CPU, within the bound. */
	for (ticks = cpu_ticks(itest_server_pid(srv)); idle_at == 0;) {
		usleep(IDLE_WINDOW_MS * 1000);
		long long after = cpu_ticks(itest_server_pid(srv));

		t = now_ms();
		if (after - ticks <= IDLE_TICKS)
			idle_at = t - IDLE_WINDOW_MS;
		else if (t - left > RECOVERY_BOUND_MS)
			fail_msg("staffroomd still busy %.0f ms after everybody left "
			    "(%lld ticks in the last second)", t - left, after - ticks);
		ticks = after;
	}
	itest_server_assert_running(srv);

	c[0] = itest_login_user(srv, users[0]);
	all = itest_history_since(c[0], ROOM, newest);
	for (i = 0; i < nacked; i++) {
		for (j = 0; j < json_array_size(all); j++)
			if (itest_get_int(json_array_get(all, j), "id") == acked[i])
				break;
		if (j == json_array_size(all))
			fail_msg("message %lld was acknowledged during the flood and is "
			    "not in history", (long long)acked[i]);
	}
	print_message("# room flood: %d people, waves of 10/40/160/160; %zu messages "
	    "stored, %zu acknowledged to readers, all kept; idle %.0f ms after "
	    "everybody left (idle = under %d ticks in %d ms)\n", PEOPLE,
	    json_array_size(all), nacked, idle_at - left < 0 ? 0 : idle_at - left,
	    IDLE_TICKS + 1, IDLE_WINDOW_MS);
	json_decref(all);
	itest_close(c[0]);
	itest_server_stop(srv);
	itest_server_free(srv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    the_server_goes_idle_and_keeps_every_acknowledged_message_after_a_room_flood),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests_name("overload", tests, NULL, NULL));
}
