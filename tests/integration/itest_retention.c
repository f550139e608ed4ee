/*
 * itest_retention.c: an operator keeps DMs and boards for 30 days
 * (staffroomctl retention set); the daemon, its clock moved 40 days on,
 * purges what is older on its own loop: the messages and posts, their edit
 * versions, mentions, index rows and emptied threads, quotes of them
 * becoming [removed]; a reported message waits for its moderator; region
 * rooms (kept by default), meeting rooms and a series' board (minutes)
 * stay. Checked in the database itself, every table and index cell by cell.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static struct itest_server *srv;
static const struct itest_user *asha, *ben, *ada;

static const char *const ahead[] = { "--test-clock-offset", "40d", NULL };

static int
retention_setup(void **state)
{
	srv = itest_server_new(itest_posting_unlimited);
	asha = itest_user_add(srv, "asha", "london", NULL);
	ben = itest_user_add(srv, "ben", "london", NULL);
	ada = itest_user_with_role(srv, "ada", "london", "admin");
	itest_server_start(srv);
	*state = srv;
	return 0;
}

static int
retention_teardown(void **state)
{
	itest_server_free(srv);
	return 0;
}

/* Restarts the daemon and waits for its pass to say what it removed. */
static void
restart_and_purge(void)
{
	size_t before = itest_server_log_count(srv, "retention: removed");
	struct timespec pause = { 0, 50 * 1000 * 1000 };
	int waited = 0;

	itest_server_stop(srv);
	itest_server_start(srv);
	while (itest_server_log_count(srv, "retention: removed") == before) {
		if ((waited += 50) > itest_timeout_ms())
			fail_msg("no retention pass was logged");
		nanosleep(&pause, NULL);
	}
}

static long long
count(const char *sql)
{
	return itest_db_int(srv, sql);
}

/* Words written only in what the purge removes. */
static const char *const purged_words[] = {
	"xanthic", "tangerine", "pomegranate", "loquat",
	"quincunx",	/* held by its report until the second pass */
};

/* The audit log too: no row of it holds what people wrote. */
static void
assert_nothing_purged_remains(size_t nwords)
{
	const char *table, *word;

	table = itest_db_table_holding(srv, NULL, purged_words, nwords,
	    &word);
	if (table != NULL)
		fail_msg("table %s still holds \"%s\"", table, word);
}

static void
old_dms_and_posts_go_and_the_rest_stays(void **state)
{
	struct itest_client *a = itest_login_user(srv, asha);
	struct itest_client *b = itest_login_user(srv, ben);
	json_int_t edited, reported, region_msg, opener, old_reply, young_reply;
	json_int_t gone_thread, kept_thread, board;
	const json_t *r;
	char dm[128], out[4096], sql[512];
	json_t *page;

	(void)state;
	itest_ctl_ok(srv, NULL, NULL, 0, "retention", "set", "dm", "30", NULL);
	itest_ctl_ok(srv, NULL, NULL, 0, "retention", "set", "board", "30",
	    NULL);
	snprintf(dm, sizeof dm, "%s", itest_get_str(itest_call_ok(a, "dm.open",
	    json_pack("{s:s}", "with", "ben")), "room.id"));
	edited = itest_get_int(itest_post(a, dm, "The tangerine plan"), "id");
	itest_call_ok(a, "msg.edit", json_pack("{s:I, s:s}", "msg", edited,
	    "body", "The xanthic plan, @ben"));
	reported = itest_get_int(itest_post(b, dm, "A quincunx of worries"),
	    "id");
	itest_call_ok(a, "msg.report", json_pack("{s:I, s:s}", "msg", reported,
	    "reason", "please look at this"));
	region_msg = itest_get_int(itest_post(a, "region:london",
	    "Region rooms keep the bramble recipe"), "id");

	board = itest_board_of(a, "region:london");
	r = itest_call_ok(a, "thread.create", json_pack("{s:I, s:s, s:s}",
	    "board", board, "title", "Pomegranate timetables", "body",
	    "An old pomegranate opener"));
	gone_thread = itest_get_int(r, "thread.id");
	r = itest_call_ok(a, "thread.create", json_pack("{s:I, s:s, s:s}",
	    "board", board, "title", "Annual reviews", "body",
	    "Our loquat template for reviews"));
	kept_thread = itest_get_int(r, "thread.id");
	opener = itest_get_int(r, "post.id");
	old_reply = itest_get_int(itest_call_ok(b, "post.reply", json_pack(
	    "{s:I, s:s}", "thread", kept_thread, "body", "An old loquat reply")),
	    "post.id");
	young_reply = itest_get_int(itest_call_ok(b, "post.reply", json_pack(
	    "{s:I, s:s, s:{s:I, s:s}}", "thread", kept_thread, "body",
	    "We use the same", "quote", "post", opener, "text",
	    "loquat template")), "post.id");
	itest_close(a);
	itest_close(b);

	/*
	 * Written today: 40 days old to the daemon's moved clock, but for
	 * the young reply, moved 20 days on; a meeting room's message and a
	 * series' board's post (the minutes) as old.
	 */
	snprintf(sql, sizeof sql, "UPDATE posts SET ts = ts + 20 * 86400000"
	    " WHERE id = %lld", (long long)young_reply);
	itest_sql(srv, sql);
	itest_sql(srv, "INSERT INTO rooms (ref, kind, name, created_ms)"
	    " VALUES ('meeting:900', 5, 'Network meeting', 1);"
	    "INSERT INTO messages (room_id, user_id, body, ts) SELECT id, 1,"
	    " 'meeting words stay', 1 FROM rooms WHERE ref = 'meeting:900';"
	    "INSERT INTO series (name, owner_id, created_ms) VALUES ('Net', 1, 1);"
	    "INSERT INTO boards (name, scope, series_id, created_ms) SELECT"
	    " 'Net', 3, max(id), 1 FROM series;"
	    "INSERT INTO threads (board_id, user_id, title, created_ms) SELECT"
	    " max(id), 1, 'Minutes: Net', 1 FROM boards;"
	    "INSERT INTO posts (thread_id, board_id, user_id, body, ts) SELECT"
	    " t.id, t.board_id, 1, 'minutes stay', 1 FROM threads t"
	    " WHERE t.title = 'Minutes: Net'");

	itest_server_add_args(srv, ahead);
	restart_and_purge();
	assert_int_equal(itest_server_log_count(srv, "retention: removed 1 "
	    "messages (dm 1), 3 posts and 1 threads"), 1);

	/* The DM's old message is gone with its version and mention. */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM messages WHERE id = %lld",
	    (long long)edited);
	assert_int_equal(count(sql), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM message_versions"
	    " WHERE msg_id = %lld", (long long)edited);
	assert_int_equal(count(sql), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM mentions"
	    " WHERE msg_id = %lld", (long long)edited);
	assert_int_equal(count(sql), 0);
	/* Held: reported and open; kept: region rooms and meetings. */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM messages WHERE id IN"
	    " (%lld, %lld)", (long long)reported, (long long)region_msg);
	assert_int_equal(count(sql), 2);
	assert_int_equal(count("SELECT count(*) FROM messages"
	    " WHERE body = 'meeting words stay'"), 1);
	assert_int_equal(count("SELECT count(*) FROM posts"
	    " WHERE body = 'minutes stay'"), 1);
	/* The emptied thread went, title and all; the other keeps a reply. */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM threads WHERE id = %lld",
	    (long long)gone_thread);
	assert_int_equal(count(sql), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM posts WHERE id IN"
	    " (%lld, %lld)", (long long)opener, (long long)old_reply);
	assert_int_equal(count(sql), 0);

	b = itest_login_user(srv, ben);
	page = json_deep_copy(itest_call_ok(b, "thread.posts", json_pack(
	    "{s:I}", "thread", kept_thread)));
	assert_int_equal(json_array_size(itest_get(page, "posts")), 1);
	assert_int_equal(itest_get_int(page, "posts.0.id"), young_reply);
	assert_int_equal(itest_get_int(page, "thread.posts"), 1);
	assert_string_equal(itest_get_str(page, "posts.0.quote.text"),
	    "[removed]");
	assert_null(itest_find(page, "posts.0.quote.post"));
	json_decref(page);
	assert_int_equal(json_array_size(itest_get(itest_call_ok(b, "search",
	    json_pack("{s:s}", "q", "pomegranate")), "hits")), 0);
	assert_int_equal(json_array_size(itest_get(itest_call_ok(b, "search",
	    json_pack("{s:s}", "q", "loquat")), "hits")), 0);
	assert_int_equal(json_array_size(itest_get(itest_call_ok(b, "search",
	    json_pack("{s:s}", "q", "bramble")), "hits")), 1);
	itest_close(b);
	/* Nothing of the purged words in any table or index but the held one. */
	assert_nothing_purged_remains(4);

	/* Once its report is resolved, the next pass takes it too. */
	a = itest_login_user(srv, ada);
	r = itest_call_ok(a, "mod.queue", NULL);
	itest_call_ok(a, "mod.resolve", json_pack("{s:I, s:s}", "entry",
	    itest_get_int(r, "entries.0.id"), "action", "dismiss"));
	itest_close(a);
	itest_ctl_ok(srv, NULL, NULL, 0, "retention", "set", "dm", "30", NULL);
	restart_and_purge();
	snprintf(sql, sizeof sql, "SELECT count(*) FROM messages WHERE id = %lld",
	    (long long)reported);
	assert_int_equal(count(sql), 0);
	assert_nothing_purged_remains(sizeof purged_words /
	    sizeof purged_words[0]);
	/* The young reply stays. */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM posts WHERE id = %lld",
	    (long long)young_reply);
	assert_int_equal(count(sql), 1);

	itest_ctl_ok(srv, NULL, out, sizeof out, "retention", "show", NULL);
	assert_non_null(strstr(out, "30 days"));
	assert_non_null(strstr(out, "meeting"));
	itest_ctl_ok(srv, NULL, out, sizeof out, "audit", "tail", "1", NULL);
	assert_non_null(strstr(out, "retention set"));
}

static void
a_large_backlog_goes_in_bounded_pages(void **state)
{
	(void)state;
	/* 1,200 old buddy-chat messages: three pages of 500, the last short. */
	itest_sql(srv, "INSERT INTO rooms (ref, kind, name, owner_id,"
	    " created_ms) VALUES ('buddy:900', 3, 'Old buddies', 1, 1);"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
	    " WHERE i < 1200) INSERT INTO messages (room_id, user_id, body, ts)"
	    " SELECT r.id, 1, 'old buddy note ' || n.i, n.i FROM n, rooms r"
	    " WHERE r.ref = 'buddy:900'");
	itest_ctl_ok(srv, NULL, NULL, 0, "retention", "set", "buddy", "365",
	    NULL);
	restart_and_purge();
	assert_int_equal(itest_server_log_count(srv, "retention: removed 1200 "
	    "messages (buddy 1200)"), 1);
	assert_int_equal(count("SELECT count(*) FROM messages m JOIN rooms r"
	    " ON r.id = m.room_id WHERE r.ref = 'buddy:900'"), 0);
	assert_int_equal(count("SELECT count(*) FROM messages_fts"
	    " WHERE messages_fts MATCH 'buddy'"), 0);
}

static void
the_operator_is_told_what_a_setting_means(void **state)
{
	(void)state;
	assert_int_equal(itest_ctl(srv, NULL, NULL, 0, "retention", "set",
	    "meeting", "30", NULL), 2);
	assert_int_equal(itest_ctl_log_count(srv, "meeting rooms and minutes "
	    "are always kept"), 1);
	assert_int_equal(itest_ctl(srv, NULL, NULL, 0, "retention", "set",
	    "dm", "0", NULL), 2);
	assert_int_equal(itest_ctl(srv, NULL, NULL, 0, "retention", "set",
	    "dm", "2y", NULL), 2);
	assert_int_equal(itest_ctl_log_count(srv, "is not a number of days"),
	    2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(old_dms_and_posts_go_and_the_rest_stays),
		cmocka_unit_test(a_large_backlog_goes_in_bounded_pages),
		cmocka_unit_test(the_operator_is_told_what_a_setting_means),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests(tests, retention_setup,
	    retention_teardown));
}
