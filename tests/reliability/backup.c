/*
 * backup.c: online backup under write load (issue 24). A store filled with
 * messages is backed up with `staffroomctl backup` while one person posts
 * 0, 10 and 100 messages a second; each copy must pass SQLite's
 * integrity_check and hold every message acknowledged before the backup
 * began. The time each backup took, and the write rate reached meanwhile,
 * are printed, never asserted.
 *
 * `backup [--messages N]`: the store holds N messages first (5,000 in make
 * check; the 1 GB store is about three million). Half of them, up
 * to FILL_SSH_MAX, are posted through the daemon. The rest (a big store
 * would take hours over SSH) are written first, before the daemon starts,
 * by SQL on the store `staffroomctl init` made: the daemon's own INSERT into
 * messages (its full-text triggers fire as for a post), a batch a
 * transaction.
 */
#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../integration/harness.h"

#define ROOM		"region:north-east"
#define FILL_WINDOW	200		/* room.send in flight while filling */
#define FILL_SSH_MAX	50000		/* most messages posted, half at most */
#define FILL_SQL_BATCH	100000		/* rows a transaction */

static int	fill_n = 5000;

static const char *const daemon_args[] = {
	"--post-burst", "100000", "--post-rate", "100000", NULL
};

struct backup_run {
	struct itest_server	*srv;
	char			 path[1024];
	int			 status;
	double			 ms;
	atomic_bool		 done;	/* set by the thread once status and ms are */
};

/* Runs in its own thread: nothing here may fail the test (cmocka is not thread-safe). */
static void *
backup_thread(void *arg)
{
	struct backup_run *b = arg;
	double t0 = itest_now_ms();

	b->status = itest_ctl(b->srv, NULL, NULL, 0, "backup", b->path, NULL);
	b->ms = itest_now_ms() - t0;
	atomic_store(&b->done, true);
	return (NULL);
}

/* The one line sqlite3 prints for sql on the copy. */
static void
copy_query(const char *path, const char *sql, char *out, size_t size)
{
	char cmd[2048];
	FILE *p;

	snprintf(cmd, sizeof cmd, "sqlite3 -readonly '%s' '%s'", path, sql);
	if ((p = popen(cmd, "r")) == NULL)
		fail_msg("cannot run sqlite3");
	if (fgets(out, (int)size, p) == NULL)
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	pclose(p);
}

static void
fill(struct itest_client *c, int n)
{
	char body[160];

	for (int sent = 0; sent < n; sent += FILL_WINDOW) {
		int batch = n - sent < FILL_WINDOW ? n - sent : FILL_WINDOW;

		for (int k = 0; k < batch; k++) {
			snprintf(body, sizeof body, "filler %d: the annual review "
			    "template, the taxi form and the plan for Year 9", sent + k);
			itest_send(c, "room.send", json_pack("{s:s, s:s}", "room",
			    ROOM, "body", body));
		}
		for (int k = 0; k < batch; k++)
			itest_assert_ok(itest_next_reply(c));
	}
}

/*
 * n messages of the writer in ROOM, written by SQL before the daemon starts:
 * cuts of 40 to 239 bytes from different places in the text below, so the
 * full-text index grows as with real posts; a millisecond apart, the last
 * just now.
 */
static void
fill_sql(struct itest_server *srv, int n)
{
	static const char text[] = "The annual review for Year 9 is on Thursday; "
	    "the EHCP draft needs the speech and language report, the taxi form "
	    "and the reading age from the educational psychologist. Parents asked "
	    "whether the outreach team can observe in maths before half term. The "
	    "SENCO network meets in the library after school: bring the provision "
	    "map, the dyslexia screening results and the transition plan for the "
	    "pupils moving to the secondary in September. Occupational therapy "
	    "have sent the sensory diet; the teaching assistants will trial it at "
	    "lunchtime and report back to the local authority panel next week.";
	char sql[2048];

	for (int done = 0; done < n; done += FILL_SQL_BATCH) {
		int batch = n - done < FILL_SQL_BATCH ? n - done : FILL_SQL_BATCH;

		snprintf(sql, sizeof sql,
		    "WITH RECURSIVE n(i) AS (SELECT %d UNION ALL SELECT i + 1 FROM n"
		    " WHERE i < %d)"
		    " INSERT INTO messages (room_id, user_id, body, ts)"
		    " SELECT (SELECT id FROM rooms WHERE ref = '%s'),"
		    " (SELECT id FROM users WHERE handle = 'writer'),"
		    " 'filler ' || i || ': ' || substr('%s', 1 + i * 7919 %% 340,"
		    " 40 + i * 31 %% 200),"
		    " strftime('%%s', 'now') * 1000 - %d + i FROM n",
		    done, done + batch - 1, ROOM, text, n);
		itest_sql(srv, sql);
	}
}

/*
 * One backup while c posts rate messages a second (0: none); the copy is
 * checked against what was acknowledged before it began: *acked messages,
 * the newest *newest. Every message is the writer's, and each was
 * acknowledged before the next was sent.
 */
static void
backup_at(struct itest_server *srv, struct itest_client *c, int rate,
    size_t *acked, json_int_t *newest)
{
	static struct backup_run b;
	char out[256], sql[256], body[64];
	size_t before = *acked;
	double t0, next, end, sent, slowest = 0;	/* ms to an acknowledgement */
	int written = 0;
	pthread_t thread;
	struct stat copy;

	memset(&b, 0, sizeof b);
	b.srv = srv;
	snprintf(b.path, sizeof b.path, "%s/backup-%d.db", itest_server_state_dir(srv),
	    rate);
	snprintf(sql, sizeof sql, "select count(*) from messages where id <= %lld "
	    "and user_id = (select id from users where handle = \"writer\")",
	    (long long)*newest);
	if (pthread_create(&thread, NULL, backup_thread, &b) != 0)
		fail_msg("pthread_create failed");
	t0 = next = itest_now_ms();
	while (!atomic_load(&b.done)) {
		if (rate > 0 && itest_now_ms() >= next) {
			snprintf(body, sizeof body, "during the backup at %d/s: %d",
			    rate, written++);
			sent = itest_now_ms();
			*newest = itest_get_int(itest_post(c, ROOM, body), "id");
			if (itest_now_ms() - sent > slowest)
				slowest = itest_now_ms() - sent;
			(*acked)++;
			next += 1000.0 / rate;
		} else
			usleep(1000);
	}
	end = itest_now_ms();
	pthread_join(thread, NULL);
	if (b.status != 0)
		fail_msg("staffroomctl backup exited %d at %d writes/s", b.status, rate);

	copy_query(b.path, "pragma integrity_check", out, sizeof out);
	if (strcmp(out, "ok") != 0)
		fail_msg("the copy made at %d writes/s fails integrity_check: %s", rate, out);
	copy_query(b.path, sql, out, sizeof out);
	if (strtoul(out, NULL, 10) != before)
		fail_msg("the copy made at %d writes/s holds %s of the %zu messages "
		    "acknowledged before it began", rate, out, before);
	if (stat(b.path, &copy) != 0)
		fail_msg("stat %s: %s", b.path, strerror(errno));
	print_message("# backup of %d messages (a copy of %.1f MB) at %d writes/s "
	    "(%.1f reached, the slowest acknowledged in %.0f ms): %.0f ms; "
	    "integrity ok; all %zu acknowledged before it began are in the copy\n",
	    fill_n, copy.st_size / 1e6, rate, written * 1000.0 / (end - t0 > 1 ?
	    end - t0 : 1), slowest, b.ms, before);
}

static void
a_backup_under_writes_is_whole_and_holds_everything_acknowledged_before_it(void **state)
{
	struct itest_server *srv = itest_server_new(daemon_args);
	const struct itest_user *writer = itest_user_add(srv, "writer", "north-east", NULL);
	static const int rates[] = { 0, 10, 100 };
	struct itest_client *c;
	size_t acked = (size_t)fill_n;
	int posted = fill_n / 2 < FILL_SSH_MAX ? fill_n / 2 : FILL_SSH_MAX;
	json_int_t newest;

	fill_sql(srv, fill_n - posted);
	itest_server_start(srv);
	c = itest_login_user(srv, writer);
	fill(c, posted);
	newest = itest_get_int(itest_history(c, ROOM, 0, 1), "msgs.0.id");
	for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++)
		backup_at(srv, c, rates[r], &acked, &newest);
	itest_close(c);
	itest_server_stop(srv);
	itest_server_free(srv);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    a_backup_under_writes_is_whole_and_holds_everything_acknowledged_before_it),
	};

	for (int i = 1; i + 1 < argc; i += 2)
		if (strcmp(argv[i], "--messages") == 0)
			fill_n = atoi(argv[i + 1]);
	if (fill_n < 1) {
		fprintf(stderr, "usage: backup [--messages N]\n");
		return (2);
	}
	itest_init();
	return itest_finish(cmocka_run_group_tests_name("backup", tests, NULL, NULL));
}
