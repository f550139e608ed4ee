/*
 * itest_commit.c: the loop never waits on the disk. The daemon runs with
 * tests/bench's fsync-delay.so preloaded, so each COMMIT's fsync takes
 * seconds: meanwhile reads are answered, writes (a timer's too) wait for
 * the next transaction, and nothing about a write leaves before its commit.
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define ROOM		"region:north-east"
/* Long enough that a request sent once the commit began lands inside it. */
#define FSYNC_DELAY_MS	"1000"

struct commit_world {
	struct itest_server	*srv;
	const struct itest_user	*asha;
	const struct itest_user	*ben;
};

static struct commit_world world;

/* The daemon alone, not staffroomctl, syncs slowly. */
static void
start_with_slow_fsync(struct itest_server *srv)
{
	const char	*top = getenv("top_builddir"), *asan;
	char		 shim[PATH_MAX], opts[512];

	snprintf(shim, sizeof shim, "%s/tests/bench/fsync-delay.so",
	    top != NULL ? top : ".");
	assert_int_equal(access(shim, R_OK), 0);
	/* An instrumented daemon accepts a shim loaded before its runtime. */
	asan = getenv("ASAN_OPTIONS");
	snprintf(opts, sizeof opts, "%s%sverify_asan_link_order=0",
	    asan != NULL ? asan : "", asan != NULL && *asan != '\0' ? ":" : "");
	assert_int_equal(setenv("ASAN_OPTIONS", opts, 1), 0);
	assert_int_equal(setenv("LD_PRELOAD", shim, 1), 0);
	assert_int_equal(setenv("STAFFROOM_FSYNC_DELAY_MS", FSYNC_DELAY_MS, 1), 0);
	itest_server_start(srv);
	unsetenv("LD_PRELOAD");
	unsetenv("STAFFROOM_FSYNC_DELAY_MS");
	if (asan != NULL)
		setenv("ASAN_OPTIONS", asan, 1);
	else
		unsetenv("ASAN_OPTIONS");
}

static int
commit_setup(void **state)
{
	world.srv = itest_server_new(itest_posting_unlimited);
	world.asha = itest_user_add(world.srv, "asha", "north-east", NULL);
	world.ben = itest_user_add(world.srv, "ben", "north-east", NULL);
	start_with_slow_fsync(world.srv);
	*state = &world;
	return 0;
}

static int
commit_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

/* When the database's WAL was last written (the first step of a COMMIT). */
static struct timespec
wal_written(struct itest_server *srv)
{
	char		path[PATH_MAX];
	struct stat	sb;

	snprintf(path, sizeof path, "%s/staffroom.db-wal",
	    itest_server_state_dir(srv));
	assert_int_equal(stat(path, &sb), 0);
	return sb.st_mtim;
}

/* Waits until a COMMIT writes the WAL: its fsync is then under way. */
static void
wait_commit_begun(struct itest_server *srv, struct timespec before)
{
	struct timespec	now;
	int		waited_ms;

	for (waited_ms = 0; waited_ms < itest_timeout_ms(); waited_ms += 5) {
		now = wal_written(srv);
		if (now.tv_sec != before.tv_sec || now.tv_nsec != before.tv_nsec)
			return;
		usleep(5000);
	}
	fail_msg("no commit began");
}

static json_t *
send_fields(const char *body)
{
	return json_pack("{s:s, s:s}", "room", ROOM, "body", body);
}

/*
 * asha's message is being committed (its fsync is slow): ben, in the same
 * room, pings and reads history meanwhile and is answered before the
 * message reaches him, with a page that does not have it yet (nobody has
 * been told of it); a write of his waits for that commit. The old daemon
 * fsynced on the loop: ben's answers came after the message.
 */
static void
reads_are_answered_while_a_commit_waits_on_the_disk(void **state)
{
	struct commit_world	*w = *state;
	struct itest_client	*asha, *ben;
	const json_t		*reply, *msgs, *ev;
	json_int_t		 sent, ping, history, own;
	struct timespec		 before;

	asha = itest_login_user(w->srv, w->asha);
	ben = itest_login_user(w->srv, w->ben);
	itest_call_ok(ben, "ping", NULL);

	before = wal_written(w->srv);
	sent = itest_send(asha, "room.send", send_fields("slow to commit"));
	wait_commit_begun(w->srv, before);
	ping = itest_send(ben, "ping", NULL);
	history = itest_send(ben, "room.history",
	    json_pack("{s:s}", "room", ROOM));
	own = itest_send(ben, "room.send", send_fields("after it"));

	itest_assert_ok(itest_wait_reply(ben, ping));
	reply = itest_wait_reply(ben, history);
	itest_assert_ok(reply);
	assert_int_equal(itest_unclaimed_events(ben, "msg"), 0);
	msgs = itest_get(reply, "msgs");
	assert_true(json_array_size(msgs) == 0 || strcmp(itest_get_str(
	    json_array_get(msgs, json_array_size(msgs) - 1), "body"),
	    "slow to commit") != 0);

	/* Then the message, acknowledged; then ben's own write after it. */
	ev = itest_get(itest_wait_event(ben, "msg"), "msg");
	assert_string_equal(itest_get_str(ev, "body"), "slow to commit");
	itest_assert_ok(itest_wait_reply(asha, sent));
	reply = itest_wait_reply(ben, own);
	itest_assert_ok(reply);
	assert_true(itest_get_int(reply, "msg.id") > itest_get_int(ev, "id"));
	itest_close(asha);
	itest_close(ben);
}

/*
 * Requests pipelined behind a write wait for its commit and keep their
 * order: a read after one's own write sees it, and every reply comes back
 * in the order asked.
 */
static void
a_read_after_ones_own_write_sees_it_and_replies_keep_their_order(void **state)
{
	struct commit_world	*w = *state;
	struct itest_client	*asha;
	const json_t		*reply, *msgs;
	json_int_t		 ids[4];
	int			 i;

	asha = itest_login_user(w->srv, w->asha);
	ids[0] = itest_send(asha, "room.send", send_fields("first of two"));
	ids[1] = itest_send(asha, "room.history",
	    json_pack("{s:s}", "room", ROOM));
	ids[2] = itest_send(asha, "room.send", send_fields("second of two"));
	ids[3] = itest_send(asha, "ping", NULL);
	for (i = 0; i < 4; i++) {
		reply = itest_next_reply(asha);
		assert_int_equal(itest_get_int(reply, "re"), ids[i]);
		itest_assert_ok(reply);
		if (i != 1)
			continue;
		msgs = itest_get(reply, "msgs");
		assert_string_equal(itest_get_str(json_array_get(msgs,
		    json_array_size(msgs) - 1), "body"), "first of two");
	}
	itest_close(asha);
}

/* When asha was last seen, as the database holds it (0: never written). */
#define ASHA_LAST_SEEN_SQL \
	"SELECT coalesce(max(p.last_seen_ms), 0) FROM profiles p" \
	" JOIN users u ON u.id = p.user_id WHERE u.handle = 'asha'"
/* Far more commits than the 5 s until the held last_seen is written. */
#define BUSY_COMMITS_MAX	100

/* How often the loop stopped for a commit in flight (staffroomctl stats). */
static json_int_t
commit_waits(struct itest_server *srv)
{
	static char	 out[64 * 1024];
	json_t		*stats;
	json_int_t	 n;

	itest_ctl_ok(srv, NULL, out, sizeof out, "stats", "--json", NULL);
	assert_non_null(stats = json_loads(out, 0, NULL));
	n = itest_get_int(stats, "commit_waits");
	json_decref(stats);
	return n;
}

/*
 * A timer that writes while a commit is in flight is put off until the
 * commit returns, instead of stopping the loop until it does: asha's
 * logout holds her last_seen for the write every 5 s, which comes while
 * ben's messages keep a commit in flight all the time (one committing,
 * the next waiting for it). The loop never waited, and the time is
 * committed while the daemon runs. The old daemon ran the write at once:
 * the loop waited for the fsync in flight.
 */
static void
a_timer_that_writes_waits_for_the_commit_not_the_loop(void **state)
{
	struct itest_server	*srv = itest_server_new(itest_posting_unlimited);
	const struct itest_user	*asha_user, *ben_user;
	struct itest_client	*asha, *ben;
	const json_t		*p;
	json_int_t		 seen, waits, busy[2];
	int			 n;

	asha_user = itest_user_add(srv, "asha", "north-east", NULL);
	ben_user = itest_user_add(srv, "ben", "north-east", NULL);
	start_with_slow_fsync(srv);
	asha = itest_login_user(srv, asha_user);
	ben = itest_login_user(srv, ben_user);
	itest_call_ok(ben, "dm.open", json_pack("{s:s}", "with", "asha"));
	itest_close(asha);
	p = itest_get(itest_wait_event(ben, "presence"), "presence");
	assert_string_equal(itest_get_str(p, "status"), "offline");
	seen = itest_get_int(p, "last_seen");
	waits = commit_waits(srv);
	/* Held for seconds yet: the write comes inside ben's commits. */
	assert_int_equal(itest_db_int(srv, ASHA_LAST_SEEN_SQL), 0);

	busy[0] = itest_send(ben, "room.send", send_fields("busy 0"));
	busy[1] = itest_send(ben, "room.send", send_fields("busy 1"));
	for (n = 0; itest_db_int(srv, ASHA_LAST_SEEN_SQL) != seen; n++) {
		if (n == BUSY_COMMITS_MAX)
			fail_msg("asha's last_seen was never written");
		itest_assert_ok(itest_wait_reply(ben, busy[n % 2]));
		busy[n % 2] = itest_send(ben, "room.send",
		    send_fields("busy again"));
	}
	assert_int_equal(commit_waits(srv), waits);
	itest_assert_ok(itest_wait_reply(ben, busy[n % 2]));
	itest_assert_ok(itest_wait_reply(ben, busy[(n + 1) % 2]));
	itest_close(ben);
	itest_server_free(srv);
}

/* Commits in a row that ben's messages keep in flight (one each). */
#define BUSY_COMMITS	4

/*
 * ben's messages, pipelined, keep a commit in flight: each waits for the
 * one before it to be committed. Returns once the first one's has begun.
 */
static void
keep_committing(struct itest_server *srv, struct itest_client *ben,
    json_int_t *busy)
{
	struct timespec	before = wal_written(srv);
	int		i;

	for (i = 0; i < BUSY_COMMITS; i++)
		busy[i] = itest_send(ben, "room.send", send_fields("busy"));
	wait_commit_begun(srv, before);
}

static void
busy_done(struct itest_client *ben, const json_int_t *busy)
{
	int	i;

	for (i = 0; i < BUSY_COMMITS; i++)
		itest_assert_ok(itest_wait_reply(ben, busy[i]));
}

/* mo sanctions who (a report of their message, resolved) once they left. */
static void
sanction(struct itest_client *mo, struct itest_client *who, const char *action)
{
	json_int_t	id = itest_get_int(itest_post(who, ROOM, "reported"), "id");
	const json_t	*queue;

	itest_close(who);
	itest_call_ok(mo, "msg.report", json_pack("{s:I, s:s}", "msg", id,
	    "reason", "look"));
	queue = itest_get(itest_call_ok(mo, "mod.queue", NULL), "entries");
	itest_call_ok(mo, "mod.resolve", json_pack("{s:I, s:s, s:s}", "entry",
	    itest_get_int(json_array_get(queue, 0), "id"), "action", action,
	    "reason", "for good"));
}

/* People logging in and out beside ben's messages, as a moderator left them. */
struct login_world {
	struct itest_server	*srv;
	const struct itest_user	*cara, *dan, *wes;
	struct itest_client	*ben, *mo;
	json_int_t		 waits;		/* commit_waits once set up */
};

/* Whether wes has seen his warning, as the database holds it. */
#define WES_WARNING_SEEN_SQL \
	"SELECT count(*) FROM sanctions s JOIN users u ON u.id = s.user_id" \
	" WHERE u.handle = 'wes' AND s.seen_ms IS NOT NULL"

/* ben (who follows cara) and mo online; dan banned, wes warned while away. */
static void
login_world_start(struct login_world *w)
{
	const struct itest_user	*ben, *mo;

	w->srv = itest_server_new(itest_posting_unlimited);
	ben = itest_user_add(w->srv, "ben", "north-east", NULL);
	w->cara = itest_user_add(w->srv, "cara", "north-east", NULL);
	w->dan = itest_user_add(w->srv, "dan", "north-east", NULL);
	w->wes = itest_user_add(w->srv, "wes", "north-east", NULL);
	mo = itest_user_with_role(w->srv, "mo", "north-east", "moderator");
	start_with_slow_fsync(w->srv);
	w->ben = itest_login_user(w->srv, ben);
	w->mo = itest_login_user(w->srv, mo);
	sanction(w->mo, itest_login_user(w->srv, w->dan), "ban");
	sanction(w->mo, itest_login_user(w->srv, w->wes), "warn");
	assert_int_equal(itest_db_int(w->srv, WES_WARNING_SEEN_SQL), 0);
	itest_call_ok(w->ben, "dm.open", json_pack("{s:s}", "with", "cara"));
	w->waits = commit_waits(w->srv);
}

static void
login_world_end(struct login_world *w)
{
	itest_close(w->mo);
	itest_close(w->ben);
	itest_server_free(w->srv);
}

/*
 * Logins and logouts while a commit is in flight never stop the loop:
 * the key and account lookups and the session's end read what was last
 * committed, from the reader, and its start waits for the commit. cara
 * comes and goes while ben's messages keep commits going; her hello is
 * hers, ben (who follows her) hears her come and go, and dan, banned, is
 * still told so and closed. The old daemon waited for each commit in
 * flight on the loop: commit_waits grew.
 */
static void
logins_and_logouts_do_not_wait_for_the_commit(void **state)
{
	struct login_world	 w;
	struct itest_client	*cara, *dan;
	const json_t		*p;
	json_int_t		 busy[BUSY_COMMITS];

	login_world_start(&w);
	keep_committing(w.srv, w.ben, busy);
	cara = itest_login_user(w.srv, w.cara);
	assert_string_equal(itest_get_str(itest_hello(cara), "me.handle"),
	    "cara");
	p = itest_get(itest_wait_event(w.ben, "presence"), "presence");
	assert_string_equal(itest_get_str(p, "handle"), "cara");
	assert_string_equal(itest_get_str(p, "status"), "online");
	itest_close(cara);
	p = itest_get(itest_wait_event(w.ben, "presence"), "presence");
	assert_string_equal(itest_get_str(p, "status"), "offline");
	dan = itest_login_unread(w.srv, w.dan);
	assert_string_equal(itest_get_str(itest_wait_event(dan, "bye"),
	    "reason"), "banned");
	itest_wait_closed(dan);
	itest_close(dan);
	busy_done(w.ben, busy);
	assert_int_equal(commit_waits(w.srv), w.waits);
	login_world_end(&w);
}

/*
 * A session's start that writes (the "seen" mark of a warning given while
 * the person was away) during a commit is put off until the commit
 * returns, with the conn's requests behind it, instead of the loop
 * waiting: wes gets his hello, then the warning, and a request of his is
 * answered after them; the mark is committed. The old daemon waited for
 * the commit in flight on the loop.
 */
static void
a_login_that_writes_waits_for_the_commit_not_the_loop(void **state)
{
	struct login_world	 w;
	struct itest_client	*wes;
	const json_t		*ev;
	json_int_t		 busy[BUSY_COMMITS];

	login_world_start(&w);
	keep_committing(w.srv, w.ben, busy);
	wes = itest_login_user(w.srv, w.wes);
	assert_string_equal(itest_get_str(itest_hello(wes), "me.handle"), "wes");
	ev = itest_get(itest_wait_event(wes, "sanction"), "sanction");
	assert_string_equal(itest_get_str(ev, "kind"), "warn");
	itest_call_ok(wes, "ping", NULL);
	busy_done(w.ben, busy);
	assert_int_equal(commit_waits(w.srv), w.waits);
	assert_int_equal(itest_db_int(w.srv, WES_WARNING_SEEN_SQL), 1);
	itest_close(wes);
	login_world_end(&w);
}

/* A stop while a commit is in flight waits for it: what was acked stays. */
static void
a_stop_during_a_slow_commit_keeps_what_was_acknowledged(void **state)
{
	struct commit_world	*w = *state;
	struct itest_client	*asha;
	const json_t		*msgs;
	json_int_t		 id;
	size_t			 i;
	bool			 found = false;

	asha = itest_login_user(w->srv, w->asha);
	id = itest_get_int(itest_call_ok(asha, "room.send",
	    send_fields("acknowledged before the stop")), "msg.id");
	itest_send(asha, "room.send", send_fields("in flight at the stop"));
	itest_server_stop(w->srv);
	itest_close(asha);
	start_with_slow_fsync(w->srv);
	asha = itest_login_user(w->srv, w->asha);
	msgs = itest_get(itest_history(asha, ROOM, 0, 0), "msgs");
	for (i = 0; i < json_array_size(msgs); i++)
		found |= itest_get_int(json_array_get(msgs, i), "id") == id;
	assert_true(found);
	itest_close(asha);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_are_answered_while_a_commit_waits_on_the_disk),
		cmocka_unit_test(a_read_after_ones_own_write_sees_it_and_replies_keep_their_order),
		cmocka_unit_test(a_timer_that_writes_waits_for_the_commit_not_the_loop),
		cmocka_unit_test(logins_and_logouts_do_not_wait_for_the_commit),
		cmocka_unit_test(a_login_that_writes_waits_for_the_commit_not_the_loop),
		cmocka_unit_test(a_stop_during_a_slow_commit_keeps_what_was_acknowledged),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests_name("commit", tests,
	    commit_setup, commit_teardown));
}
