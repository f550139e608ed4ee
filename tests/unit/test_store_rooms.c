/*
 * test_store_rooms.c: the store's contract (daemon/store.h), continued from
 * test_store.c: regions and rooms, messages, read markers and mentions,
 * transactions, backup and upgrading an old state directory.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "staffroomd.h"
#include "store_schema.h"

#include "store_fixture.h"

/* --- regions and rooms ---------------------------------------------------- */

static void
adding_a_region_makes_its_room(void **state)
{
	struct fixture		*f = *state;
	struct store_room	 r;
	int64_t			 id;

	assert_int_equal(store_region_add(f->st, "south-west", "South-West",
	    "london"), STORE_OK);
	assert_int_equal(store_region_by_slug(f->st, "south-west", &id),
	    STORE_OK);
	assert_int_equal(store_room_by_ref(f->st, "region:south-west", &r),
	    STORE_OK);
	assert_int_equal(r.kind, ROOM_REGION);
	assert_string_equal(r.name, "South-West");
	assert_int_equal(r.region_id, id);
	assert_int_equal(r.last_msg_id, 0);
}

static void
taken_region_slug_is_reported_as_exists(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(store_region_add(f->st, "london", "London 2", ""),
	    STORE_EXISTS);
}

static void
region_slug_is_found_by_id(void **state)
{
	struct fixture	*f = *state;
	char		 slug[65];

	assert_int_equal(store_region_slug(f->st, f->london, slug, sizeof slug),
	    STORE_OK);
	assert_string_equal(slug, "london");
	assert_int_equal(store_region_slug(f->st, 9999, slug, sizeof slug),
	    STORE_NOT_FOUND);
}

static void
seen_region(const struct store_region *r, void *arg)
{
	struct seen	*s = arg;

	assert_true(s->n < 32);
	snprintf(s->rooms[s->n], sizeof s->rooms[0], "%s:%s", r->slug,
	    r->neighbours);
	s->n++;
}

static void
region_list_gives_slugs_and_neighbours(void **state)
{
	struct fixture	*f = *state;
	struct seen	 s = { .n = 0 };

	assert_int_equal(store_region_list(f->st, seen_region, &s), STORE_OK);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.rooms[0], "north-east:yorkshire");
	assert_string_equal(s.rooms[1], "london:");
}

static void
rooms_for_user_are_national_region_then_memberships(void **state)
{
	struct fixture		*f = *state;
	struct store_user	 u;
	struct seen		 s = { .n = 0 };
	int64_t			 buddy, other;

	assert_int_equal(store_room_add(f->st, "buddy:1", ROOM_BUDDY, "Buddies",
	    0, T0, &buddy), STORE_OK);
	assert_int_equal(store_room_add(f->st, "buddy:2", ROOM_BUDDY, "Others",
	    0, T0, &other), STORE_OK);
	assert_int_equal(store_commit(f->st), STORE_OK);
	add_member(f, buddy, f->asha);
	add_member(f, other, f->ben);
	/* Explicitly in her own region's room too: it must not appear twice. */
	add_member(f, f->ne_room, f->asha);

	assert_int_equal(store_user_by_id(f->st, f->asha, &u), STORE_OK);
	assert_int_equal(store_rooms_for_user(f->st, &u, seen_room, &s),
	    STORE_OK);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.rooms[0], "national");
	assert_string_equal(s.rooms[1], "region:north-east");
	assert_string_equal(s.rooms[2], "buddy:1");
}

static void
room_carries_its_last_message_id(void **state)
{
	struct fixture		*f = *state;
	struct store_room	 r;
	int64_t			 last;

	post(f, f->national, "one");
	last = post(f, f->national, "two");
	post(f, f->ne_room, "three");
	assert_int_equal(store_room_by_id(f->st, f->national, &r), STORE_OK);
	assert_int_equal(r.last_msg_id, last);
}

static void
room_member_is_true_only_for_explicit_members(void **state)
{
	struct fixture	*f = *state;
	bool		 member = true;
	int64_t		 visible_from = -1;

	add_member(f, f->national, f->ben);
	assert_int_equal(store_room_member(f->st, f->national, f->ben, &member,
	    &visible_from), STORE_OK);
	assert_true(member);
	assert_int_equal(visible_from, 0);
	assert_int_equal(store_room_member(f->st, f->national, f->asha, &member,
	    &visible_from), STORE_OK);
	assert_false(member);
}

/* --- messages ------------------------------------------------------------- */

static void
message_ids_increase_across_rooms(void **state)
{
	struct fixture	*f = *state;
	int64_t		 a, b, c;

	a = post(f, f->national, "a");
	b = post(f, f->ne_room, "b");
	c = post(f, f->national, "c");
	assert_true(a < b);
	assert_true(b < c);
}

static void
history_gives_the_newest_page_oldest_first(void **state)
{
	struct fixture	*f = *state;
	struct seen	 s = { .n = 0 };
	bool		 more = false;

	post(f, f->national, "m1");
	post(f, f->ne_room, "elsewhere");
	post(f, f->national, "m2");
	post(f, f->national, "m3");
	assert_int_equal(store_history_page(f->st, f->national, 0, 0, 2, false, seen_msg,
	    &s, &more), STORE_OK);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.bodies[0], "m2");
	assert_string_equal(s.bodies[1], "m3");
	assert_string_equal(s.rooms[0], "national");
	assert_string_equal(s.from[0], "asha");
	assert_true(more);
}

static void
history_before_an_id_gives_older_messages(void **state)
{
	struct fixture	*f = *state;
	struct seen	 s = { .n = 0 };
	bool		 more = true;
	int64_t		 m3;

	post(f, f->national, "m1");
	post(f, f->national, "m2");
	m3 = post(f, f->national, "m3");
	assert_int_equal(store_history_page(f->st, f->national, 0, m3, 5, false, seen_msg,
	    &s, &more), STORE_OK);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.bodies[0], "m1");
	assert_string_equal(s.bodies[1], "m2");
	assert_false(more);
}

static void
msgs_since_merges_rooms_in_id_order(void **state)
{
	struct fixture	*f = *state;
	struct seen	 s = { .n = 0 };
	int64_t		 rooms[2] = { f->ne_room, f->national };
	bool		 more = false;
	int64_t		 since;

	since = post(f, f->national, "before");
	post(f, f->national, "n1");
	post(f, f->ne_room, "r1");
	post(f, f->london_room, "not watched");
	post(f, f->national, "n2");
	post(f, f->ne_room, "r2");
	assert_int_equal(store_msgs_since(f->st, rooms, NULL, NULL, 2, since, 3, seen_msg,
	    &s, &more), STORE_OK);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.bodies[0], "n1");
	assert_string_equal(s.bodies[1], "r1");
	assert_string_equal(s.bodies[2], "n2");
	assert_string_equal(s.rooms[1], "region:north-east");
	assert_true(more);
}

static void
msgs_since_says_no_more_when_all_fit(void **state)
{
	struct fixture	*f = *state;
	struct seen	 s = { .n = 0 };
	int64_t		 rooms[2] = { f->national, f->ne_room };
	bool		 more = true;

	post(f, f->national, "n1");
	post(f, f->ne_room, "r1");
	assert_int_equal(store_msgs_since(f->st, rooms, NULL, NULL, 2, 0, 2, seen_msg, &s,
	    &more), STORE_OK);
	assert_int_equal(s.n, 2);
	assert_false(more);
}

static void
room_count_after_stops_at_the_cap(void **state)
{
	struct fixture	*f = *state;
	int64_t		 first, count;
	int		 i;

	first = post(f, f->national, "first");
	for (i = 0; i < 5; i++)
		post(f, f->national, "more");
	assert_int_equal(store_room_count_after(f->st, f->national, first, 3,
	    &count), STORE_OK);
	assert_int_equal(count, 3);
	assert_int_equal(store_room_count_after(f->st, f->national, first, 99,
	    &count), STORE_OK);
	assert_int_equal(count, 5);
}

/* --- read markers and mentions -------------------------------------------- */

static void
read_marker_is_zero_until_set(void **state)
{
	struct fixture	*f = *state;
	int64_t		 upto = -1;

	assert_int_equal(store_read_marker(f->st, f->asha, f->national, &upto),
	    STORE_OK);
	assert_int_equal(upto, 0);
}

static void
read_marker_only_moves_forward(void **state)
{
	struct fixture	*f = *state;
	int64_t		 upto;

	assert_int_equal(store_read_marker_set(f->st, f->asha, f->national, 10),
	    STORE_OK);
	assert_int_equal(store_read_marker_set(f->st, f->asha, f->national, 4),
	    STORE_OK);
	assert_int_equal(store_read_marker(f->st, f->asha, f->national, &upto),
	    STORE_OK);
	assert_int_equal(upto, 10);
}

static void
mentions_are_counted_after_the_marker_up_to_the_cap(void **state)
{
	struct fixture	*f = *state;
	int64_t		 ids[4], count;
	int		 i;

	for (i = 0; i < 4; i++) {
		ids[i] = post(f, f->national, "@ben");
		assert_int_equal(store_mention_add(f->st, f->ben, f->national,
		    ids[i]), STORE_OK);
	}
	assert_int_equal(store_mention_count_after(f->st, f->ben, f->national,
	    ids[0], 99, &count), STORE_OK);
	assert_int_equal(count, 3);
	assert_int_equal(store_mention_count_after(f->st, f->ben, f->national,
	    ids[0], 2, &count), STORE_OK);
	assert_int_equal(count, 2);
}

/* --- transactions --------------------------------------------------------- */

static void
count_hook(void *arg)
{
	(*(int *)arg)++;
}

static void
write_hook_fires_once_per_transaction(void **state)
{
	struct fixture	*f = *state;
	int		 calls = 0;

	store_set_write_hook(f->st, count_hook, &calls);
	post(f, f->national, "a");
	post(f, f->national, "b");
	assert_int_equal(calls, 1);
	assert_int_equal(store_commit(f->st), STORE_OK);
	post(f, f->national, "c");
	assert_int_equal(calls, 2);
}

static void
reads_do_not_open_a_transaction(void **state)
{
	struct fixture		*f = *state;
	struct store_user	 u;

	assert_int_equal(store_user_by_id(f->st, f->asha, &u), STORE_OK);
	assert_false(store_in_transaction(f->st));
	assert_int_equal(store_commit(f->st), STORE_OK);
}

static void
rollback_discards_the_open_transaction(void **state)
{
	struct fixture		*f = *state;
	struct store_room	 r;

	post(f, f->national, "gone");
	assert_true(store_in_transaction(f->st));
	store_rollback(f->st);
	assert_false(store_in_transaction(f->st));
	assert_int_equal(store_room_by_id(f->st, f->national, &r), STORE_OK);
	assert_int_equal(r.last_msg_id, 0);
}

static void
data_version_changes_when_another_connection_commits(void **state)
{
	struct fixture	*f = *state;
	struct store	*other;
	int64_t		 before;

	assert_int_equal(store_open(f->dir, false, 1000, &other), STORE_OK);
	before = store_data_version(f->st);
	assert_int_equal(store_region_add(other, "x", "X", ""), STORE_OK);
	assert_int_equal(store_commit(other), STORE_OK);
	assert_int_not_equal(store_data_version(f->st), before);
	store_close(other);
}

/* A digest reads a person in one snapshot, whatever the daemon commits. */
static void
a_read_transaction_sees_one_snapshot(void **state)
{
	struct fixture	*f = *state;
	struct store	*daemon;
	int64_t		 count, id;

	assert_int_equal(store_open(f->dir, false, 1000, &daemon), STORE_OK);
	assert_int_equal(store_read_begin(f->st), STORE_OK);
	assert_int_equal(store_room_count_after(f->st, f->national, 0, 10,
	    &count), STORE_OK);
	assert_int_equal(count, 0);
	assert_int_equal(store_msg_append(daemon, f->national, f->ben, "meanwhile",
	    1000, false, &id), STORE_OK);
	assert_int_equal(store_commit(daemon), STORE_OK);
	assert_int_equal(store_room_count_after(f->st, f->national, 0, 10,
	    &count), STORE_OK);
	assert_int_equal(count, 0);
	store_read_end(f->st);
	assert_int_equal(store_room_count_after(f->st, f->national, 0, 10,
	    &count), STORE_OK);
	assert_int_equal(count, 1);
	/* No write inside one: it would not be the snapshot's. */
	assert_int_equal(store_read_begin(f->st), STORE_OK);
	assert_int_not_equal(store_region_add(f->st, "y", "Y", ""), STORE_OK);
	store_read_end(f->st);
	store_close(daemon);
}

/*
 * A login's reads share one read transaction (a hold); a write inside it
 * ends the hold's snapshot and goes into the turn's transaction as ever.
 */
static void
held_reads_share_a_snapshot_and_a_write_ends_it(void **state)
{
	struct fixture	*f = *state;
	struct store	*ctl;
	int64_t		 count, id;

	assert_int_equal(store_open(f->dir, false, 1000, &ctl), STORE_OK);
	store_read_hold(f->st);
	store_read_hold(f->st);
	assert_int_equal(store_room_count_after(f->st, f->national, 0, 10,
	    &count), STORE_OK);
	assert_int_equal(count, 0);
	assert_int_equal(store_msg_append(ctl, f->national, f->ben, "meanwhile",
	    1000, false, &id), STORE_OK);
	assert_int_equal(store_commit(ctl), STORE_OK);
	store_read_release(f->st);
	assert_int_equal(store_room_count_after(f->st, f->national, 0, 10,
	    &count), STORE_OK);
	assert_int_equal(count, 0);
	assert_false(store_in_transaction(f->st));
	post(f, f->national, "inside the hold");
	assert_true(store_in_transaction(f->st));
	store_read_release(f->st);
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(store_room_count_after(f->st, f->national, 0, 10,
	    &count), STORE_OK);
	assert_int_equal(count, 2);
	store_close(ctl);
}

/*
 * The daemon's COMMIT on the writer thread: while it runs, reads in a read
 * scope go to the reader without waiting for it; any other read waits for
 * it and sees it; its result is reported once.
 */
static void
a_commit_on_the_writer_thread_is_waited_for_outside_a_read_scope(void **state)
{
	struct fixture		*f = *state;
	enum store_result	 res;
	int64_t			 count;
	int			 fd;

	assert_int_equal(store_writer_start(f->st, f->dir, 1000, &fd), STORE_OK);
	assert_false(store_commit_done(f->st, false, &res));
	post(f, f->national, "handed over");
	assert_int_equal(store_commit_start(f->st), STORE_OK);
	assert_true(store_committing(f->st));
	assert_false(store_in_transaction(f->st));
	store_read_scope_enter(f->st);
	assert_int_equal(store_room_count_after(f->st, f->national, 0, 10,
	    &count), STORE_OK);
	store_read_scope_leave(f->st);
	assert_true(store_committing(f->st));
	assert_int_equal(store_room_count_after(f->st, f->national, 0, 10,
	    &count), STORE_OK);
	assert_int_equal(count, 1);
	assert_false(store_committing(f->st));
	assert_true(store_commit_done(f->st, false, &res));
	assert_int_equal(res, STORE_OK);
	assert_false(store_commit_done(f->st, false, &res));
	/* The next turn's write opens a transaction of its own. */
	post(f, f->national, "the next turn");
	assert_true(store_in_transaction(f->st));
	assert_int_equal(store_commit_start(f->st), STORE_OK);
	assert_true(store_commit_done(f->st, true, &res));
	assert_int_equal(res, STORE_OK);
}

/* --- backup --------------------------------------------------------------- */

static void
backup_opens_with_the_same_rows(void **state)
{
	struct fixture		*f = *state;
	struct store		*copy;
	struct store_user	 u;
	char			 dir[96], path[128];
	int64_t			 count;

	post(f, f->national, "kept");
	assert_int_equal(store_commit(f->st), STORE_OK);
	snprintf(dir, sizeof dir, "%s/backup", f->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof path, "%s/%s", dir, STORE_DB_FILE);
	assert_int_equal(close(open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)), 0);
	assert_int_equal(store_backup(f->st, path), STORE_OK);

	assert_int_equal(store_open(dir, false, 1000, &copy), STORE_OK);
	assert_int_equal(store_user_by_handle(copy, "ben", &u), STORE_OK);
	assert_int_equal(store_room_count_after(copy, f->national, 0, 10,
	    &count), STORE_OK);
	assert_int_equal(count, 1);
	store_close(copy);
}

static void
backup_never_overwrites_a_file(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(store_backup(f->st, f->path), STORE_EXISTS);
}

static void
count_board(const struct store_board *b, void *arg)
{
	(*(int *)arg)++;
}

static void
count_hit(const struct store_hit *h, void *arg)
{
	(*(int *)arg)++;
}

/*
 * A database made before boards: upgrading gives it the national board, a
 * board per region, and a search index holding the old messages.
 */
static void
a_state_directory_from_before_boards_gains_boards_and_search(void **state)
{
	char			 dir[64], path[128];
	sqlite3			*db;
	struct store		*st;
	struct store_search	 q;
	int64_t			 national;
	int			 boards = 0, hits = 0;

	snprintf(dir, sizeof dir, "/tmp/test_store.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/%s", dir, STORE_DB_FILE);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(store_schema_migrate_to(db, STORE_SCHEMA_BOARDS - 1),
	    STORE_OK);
	assert_int_equal(sqlite3_exec(db,
	    "INSERT INTO regions (slug, name) VALUES ('london', 'London'),"
	    " ('north-east', 'North East');"
	    "INSERT INTO rooms (ref, kind, name, created_ms)"
	    " VALUES ('national', 0, 'National', 0);"
	    "INSERT INTO users (handle, name, region_id, role, created_ms)"
	    " VALUES ('asha', 'Asha', 1, 'member', 0);"
	    "INSERT INTO messages (room_id, user_id, body, ts) SELECT id, 1,"
	    " 'an old persimmon message', 0 FROM rooms WHERE ref = 'national';",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	assert_int_equal(store_open(dir, false, 1000, &st), STORE_OK);
	assert_int_equal(store_board_list(st, 0, count_board, &boards), STORE_OK);
	assert_int_equal(boards, 3);
	national = room_id(st, "national");
	memset(&q, 0, sizeof q);
	q.match = "\"persimmon\"";
	q.ids = &national;
	q.nids = 1;
	q.limit = 10;
	q.budget_ms = 10000;
	q.wall_ms = 10000;
	q.floors = (const int64_t[]){ 0 };
	assert_int_equal(store_search_msgs(st, &q, count_hit, &hits), STORE_OK);
	assert_int_equal(hits, 1);
	/* A region added later gets its board too. */
	assert_int_equal(store_region_add(st, "london-west", "London West", ""),
	    STORE_OK);
	boards = 0;
	assert_int_equal(store_board_list(st, 0, count_board, &boards), STORE_OK);
	assert_int_equal(boards, 4);
	store_close(st);
	assert_int_equal(remove_dir(dir), 0);
}

#define T(name)	cmocka_unit_test_setup_teardown(name, store_fixture_setup, \
	    store_fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(adding_a_region_makes_its_room),
		T(taken_region_slug_is_reported_as_exists),
		T(region_slug_is_found_by_id),
		T(region_list_gives_slugs_and_neighbours),
		T(rooms_for_user_are_national_region_then_memberships),
		T(room_carries_its_last_message_id),
		T(room_member_is_true_only_for_explicit_members),
		T(message_ids_increase_across_rooms),
		T(history_gives_the_newest_page_oldest_first),
		T(history_before_an_id_gives_older_messages),
		T(msgs_since_merges_rooms_in_id_order),
		T(msgs_since_says_no_more_when_all_fit),
		T(room_count_after_stops_at_the_cap),
		T(read_marker_is_zero_until_set),
		T(read_marker_only_moves_forward),
		T(mentions_are_counted_after_the_marker_up_to_the_cap),
		T(write_hook_fires_once_per_transaction),
		T(reads_do_not_open_a_transaction),
		T(rollback_discards_the_open_transaction),
		T(data_version_changes_when_another_connection_commits),
		T(a_read_transaction_sees_one_snapshot),
		T(held_reads_share_a_snapshot_and_a_write_ends_it),
	T(a_commit_on_the_writer_thread_is_waited_for_outside_a_read_scope),
		T(backup_opens_with_the_same_rows),
		T(backup_never_overwrites_a_file),
		cmocka_unit_test(
		    a_state_directory_from_before_boards_gains_boards_and_search),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
