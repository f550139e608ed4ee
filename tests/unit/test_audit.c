/*
 * test_audit.c: the audit log's chain (daemon/store_audit.c): the
 * canonical encoding against vectors computed apart from this code (Python's
 * hashlib.blake2b over the bytes staffroomctl(8) defines), appending inside
 * savepoints, audit.head, and verify naming the first bad row after each
 * kind of tampering done with SQL from outside, as an intruder would.
 */
#include <sys/stat.h>

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

#include <sodium.h>
#include <sqlite3.h>

#include "staffroomd.h"

#define T0	1700000000000LL

struct fixture {
	char		 dir[64];
	char		 path[128];	/* dir/staffroom.db */
	struct store	*st;
};

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof *f);

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/test_audit.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/%s", f->dir, STORE_DB_FILE);
	assert_int_equal(store_open(f->dir, true, 1000, &f->st), STORE_OK);
	*state = f;
	return (0);
}

static int
remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return (remove(path));
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	store_close(f->st);
	nftw(f->dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	free(f);
	return (0);
}

static void
hex(const uint8_t *b, char out[STORE_AUDIT_HASH_BYTES * 2 + 1])
{
	sodium_bin2hex(out, STORE_AUDIT_HASH_BYTES * 2 + 1, b,
	    STORE_AUDIT_HASH_BYTES);
}

/* The two rows of the vectors. */
static const struct store_audit row1 = {
	.id = 1, .ts = T0, .actor_id = STORE_AUDIT_OPERATOR,
	.target_kind = "user", .target_id = 7, .act = "user add",
	.reason = "", .detail = "user add asha --name Asha",
};
static const struct store_audit row2 = {
	.id = 2, .ts = T0 + 1, .actor_id = 7,
	.target_kind = "post", .target_id = 42, .act = "post.delete",
	.reason = "names a pupil \xe2\x80\x94 see report",
	.detail = "thread 3 by user 9",
};
#define HASH1	"e696919663e319719cc5c0ccf692e4b96e54172d75a39e847e58780998c1091c"
#define HASH2	"050e042f32427ad1043b004f8ae5c44a57ff08e9725e67cfd5acac0c9d4b9a68"

static void
the_encoding_gives_the_documented_hashes(void **state)
{
	struct store_audit	a = row1, b = row2;
	char			h[STORE_AUDIT_HASH_BYTES * 2 + 1];

	memset(a.prev, 0, sizeof a.prev);
	store_audit_hash(&a, a.hash);
	hex(a.hash, h);
	assert_string_equal(h, HASH1);
	memcpy(b.prev, a.hash, sizeof b.prev);
	store_audit_hash(&b, b.hash);
	hex(b.hash, h);
	assert_string_equal(h, HASH2);
}

static void
every_field_changes_the_hash(void **state)
{
	struct store_audit	a = row2, b;
	uint8_t			h[STORE_AUDIT_HASH_BYTES];
	int			i;

	store_audit_hash(&a, a.hash);
	for (i = 0; i < 9; i++) {
		b = a;
		switch (i) {
		case 0: b.id++; break;
		case 1: b.ts++; break;
		case 2: b.actor_id++; break;
		case 3: b.target_kind = "thread"; break;
		case 4: b.target_id++; break;
		case 5: b.act = "post.restore"; break;
		case 6: b.reason = ""; break;
		case 7: b.detail = "thread 3 by user 8"; break;
		case 8: b.prev[0] ^= 1; break;
		}
		store_audit_hash(&b, h);
		assert_memory_not_equal(h, a.hash, sizeof h);
	}
	/* Lengths keep fields apart: moving a byte between two is a change. */
	b = a;
	b.act = "post.delet";
	b.reason = "enames a pupil \xe2\x80\x94 see report";
	store_audit_hash(&b, h);
	assert_memory_not_equal(h, a.hash, sizeof h);
}

/* Appends the two vector rows (their ts and fields) and commits. */
static void
append_vectors(struct fixture *f)
{
	struct store_audit	a = row1, b = row2;
	char			h[STORE_AUDIT_HASH_BYTES * 2 + 1];

	assert_int_equal(store_audit_append(f->st, &a), STORE_OK);
	assert_int_equal(store_audit_append(f->st, &b), STORE_OK);
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(a.id, 1);
	assert_int_equal(b.id, 2);
	hex(b.hash, h);
	assert_string_equal(h, HASH2);
}

static void
appended_rows_chain_and_the_head_file_follows(void **state)
{
	struct fixture	*f = *state;
	char		 path[160], line[128];
	struct stat	 sb;
	FILE		*fp;

	append_vectors(f);
	snprintf(path, sizeof path, "%s/%s", f->dir, STORE_AUDIT_HEAD_FILE);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_non_null(fp = fopen(path, "r"));
	assert_non_null(fgets(line, sizeof line, fp));
	fclose(fp);
	assert_string_equal(line, "2 " HASH2 "\n");
}

static void
an_undone_op_takes_its_row_with_it(void **state)
{
	struct fixture		*f = *state;
	struct store_audit	 a = row1;
	struct store_audit_check c;
	uint8_t			 hash[STORE_AUDIT_HASH_BYTES];
	int64_t			 id;

	append_vectors(f);
	store_op_begin(f->st);
	assert_int_equal(store_audit_append(f->st, &a), STORE_OK);
	assert_int_equal(a.id, 3);
	assert_int_equal(store_op_end(f->st, false), STORE_OP_UNDONE);
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(store_audit_head(f->st, &id, hash), STORE_OK);
	assert_int_equal(id, 2);
	assert_int_equal(store_audit_verify(f->st, &c), STORE_OK);
	assert_int_equal(c.fault, STORE_AUDIT_SOUND);
	assert_int_equal(c.rows, 2);
}

static void
the_program_cannot_change_a_row(void **state)
{
	struct fixture	*f = *state;
	sqlite3		*db;

	append_vectors(f);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE audit SET reason = 'x'",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* Ten rows: actor 100 + (i % 3), target user i. */
static void
append_ten(struct fixture *f)
{
	struct store_audit	a;
	int			i;

	for (i = 1; i <= 10; i++) {
		memset(&a, 0, sizeof a);
		a.ts = T0 + i * 1000;
		a.actor_id = 100 + i % 3;
		a.target_kind = "user";
		a.target_id = i;
		a.act = "user set";
		a.detail = "user set x --role moderator";
		assert_int_equal(store_audit_append(f->st, &a), STORE_OK);
		assert_int_equal(a.id, i);
	}
	assert_int_equal(store_commit(f->st), STORE_OK);
}

/* What an intruder with sqlite3 does: the triggers go first. */
static void
tamper(struct fixture *f, const char *sql)
{
	sqlite3	*db;
	char	*err = NULL;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	if (sqlite3_exec(db, "DROP TRIGGER IF EXISTS audit_no_update;"
	    "DROP TRIGGER IF EXISTS audit_no_delete;", NULL, NULL, &err) !=
	    SQLITE_OK || sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(db);
}

static void
verify(struct fixture *f, enum store_audit_fault fault, int64_t bad_id)
{
	struct store_audit_check	c;

	assert_int_equal(store_audit_verify(f->st, &c), STORE_OK);
	assert_int_equal(c.fault, fault);
	if (fault != STORE_AUDIT_SOUND)
		assert_int_equal(c.bad_id, bad_id);
}

static void
an_untouched_log_verifies(void **state)
{
	struct fixture	*f = *state;

	verify(f, STORE_AUDIT_SOUND, 0);	/* empty, no head: sound */
	append_ten(f);
	verify(f, STORE_AUDIT_SOUND, 0);
}

static void
an_edited_row_is_named(void **state)
{
	struct fixture	*f = *state;

	append_ten(f);
	tamper(f, "UPDATE audit SET reason = 'nothing to see' WHERE id = 4");
	verify(f, STORE_AUDIT_EDITED, 4);
}

static void
an_edited_row_with_its_hash_redone_breaks_the_next_link(void **state)
{
	struct fixture		*f = *state;
	struct store_audit	 a;
	sqlite3			*db;
	sqlite3_stmt		*stmt;

	append_ten(f);
	/* Row 4 as if its actor were someone else, with a hash to match. */
	memset(&a, 0, sizeof a);
	a.id = 4;
	a.ts = T0 + 4000;
	a.actor_id = 999;
	a.target_kind = "user";
	a.target_id = 4;
	a.act = "user set";
	a.reason = "";
	a.detail = "user set x --role moderator";
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT prev FROM audit "
	    "WHERE id = 4", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	memcpy(a.prev, sqlite3_column_blob(stmt, 0), sizeof a.prev);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	store_audit_hash(&a, a.hash);
	tamper(f, "UPDATE audit SET actor_id = 999 WHERE id = 4");
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "UPDATE audit SET hash = ?1 "
	    "WHERE id = 4", -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_blob(stmt, 1, a.hash, sizeof a.hash, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	verify(f, STORE_AUDIT_UNLINKED, 5);
}

static void
a_deleted_middle_row_is_named(void **state)
{
	struct fixture	*f = *state;
	struct store_audit_check c;

	append_ten(f);
	tamper(f, "DELETE FROM audit WHERE id = 6");
	assert_int_equal(store_audit_verify(f->st, &c), STORE_OK);
	assert_int_equal(c.fault, STORE_AUDIT_MISSING);
	assert_int_equal(c.expected_id, 6);
	assert_int_equal(c.bad_id, 7);
}

static void
swapped_rows_are_named(void **state)
{
	struct fixture	*f = *state;

	append_ten(f);
	tamper(f, "UPDATE audit SET id = -3 WHERE id = 3;"
	    "UPDATE audit SET id = 3 WHERE id = 4;"
	    "UPDATE audit SET id = 4 WHERE id = -3");
	verify(f, STORE_AUDIT_EDITED, 3);
}

static void
a_deleted_last_row_is_caught_by_the_head(void **state)
{
	struct fixture	*f = *state;

	append_ten(f);
	tamper(f, "DELETE FROM audit WHERE id = 10");
	verify(f, STORE_AUDIT_HEAD_GONE, 10);
}

/* The next row does not take the deleted rows' ids: the gap stays found. */
static void
a_deleted_last_row_stays_found_after_new_rows(void **state)
{
	struct fixture		*f = *state;
	struct store_audit	 a = row1;
	struct store_audit_check c;

	append_ten(f);
	tamper(f, "DELETE FROM audit WHERE id >= 9");
	assert_int_equal(store_audit_append(f->st, &a), STORE_OK);
	assert_int_equal(a.id, 11);
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(store_audit_verify(f->st, &c), STORE_OK);
	assert_int_equal(c.fault, STORE_AUDIT_MISSING);
	assert_int_equal(c.expected_id, 9);
	assert_int_equal(c.bad_id, 11);
}

static void
a_missing_head_file_with_rows_fails(void **state)
{
	struct fixture	*f = *state;
	char		 path[160];

	append_ten(f);
	snprintf(path, sizeof path, "%s/%s", f->dir, STORE_AUDIT_HEAD_FILE);
	assert_int_equal(unlink(path), 0);
	verify(f, STORE_AUDIT_NO_HEAD, 0);
}

static void
count_row(const struct store_audit *a, void *arg)
{
	int64_t	*ids = arg;

	ids[++ids[0]] = a->id;
}

static void
search_filters_and_pages(void **state)
{
	struct fixture		*f = *state;
	struct store_audit_query q = { 101, NULL, 0, 0, 0, 2 };
	int64_t			 ids[16];
	bool			 more;

	append_ten(f);
	/* Actor 101: rows 1, 4, 7, 10, two a page. */
	memset(ids, 0, sizeof ids);
	assert_int_equal(store_audit_search(f->st, &q, count_row, ids, &more),
	    STORE_OK);
	assert_int_equal(ids[0], 2);
	assert_int_equal(ids[1], 1);
	assert_int_equal(ids[2], 4);
	assert_true(more);
	q.after_id = 4;
	memset(ids, 0, sizeof ids);
	assert_int_equal(store_audit_search(f->st, &q, count_row, ids, &more),
	    STORE_OK);
	assert_int_equal(ids[0], 2);
	assert_int_equal(ids[1], 7);
	assert_int_equal(ids[2], 10);
	assert_false(more);
	/* Target user 5, since the start; then since after row 5's time. */
	q = (struct store_audit_query){ -1, "user", 5, 0, 0, 10 };
	memset(ids, 0, sizeof ids);
	assert_int_equal(store_audit_search(f->st, &q, count_row, ids, &more),
	    STORE_OK);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 5);
	q.since_ms = T0 + 5001;
	memset(ids, 0, sizeof ids);
	assert_int_equal(store_audit_search(f->st, &q, count_row, ids, &more),
	    STORE_OK);
	assert_int_equal(ids[0], 0);
	/* The tail: the newest three, oldest first. */
	memset(ids, 0, sizeof ids);
	assert_int_equal(store_audit_tail(f->st, 3, count_row, ids), STORE_OK);
	assert_int_equal(ids[0], 3);
	assert_int_equal(ids[1], 8);
	assert_int_equal(ids[3], 10);
}

static void
keep_reason(const struct store_audit *a, void *arg)
{
	snprintf(arg, 8192, "%s", a->reason);
}

/* A moderator's reason of 1,000 characters of any script is kept whole. */
static void
long_reasons_are_kept_whole_or_cut_at_a_character(void **state)
{
	struct fixture		*f = *state;
	struct store_audit	 a = row2;
	static char		 reason[8192], back[8192];
	size_t			 i;

	for (i = 0; i < 1100; i++)
		memcpy(reason + 4 * i, "\xf0\x9f\x98\x80", 4);	/* U+1F600 */
	reason[4 * 1000] = '\0';
	a.reason = reason;
	assert_int_equal(store_audit_append(f->st, &a), STORE_OK);
	assert_int_equal(store_audit_tail(f->st, 1, keep_reason, back), STORE_OK);
	assert_int_equal(strlen(back), 4000);
	reason[4 * 1000] = '\xf0';
	reason[4 * 1100] = '\0';
	assert_int_equal(store_audit_append(f->st, &a), STORE_OK);
	assert_int_equal(store_audit_tail(f->st, 1, keep_reason, back), STORE_OK);
	assert_int_equal(strlen(back), STORE_AUDIT_TEXT_MAX);
	assert_int_equal(strlen(back) % 4, 0);
	assert_int_equal(store_commit(f->st), STORE_OK);
	verify(f, STORE_AUDIT_SOUND, 0);
}

#define T(name)	cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_encoding_gives_the_documented_hashes),
		cmocka_unit_test(every_field_changes_the_hash),
		T(appended_rows_chain_and_the_head_file_follows),
		T(an_undone_op_takes_its_row_with_it),
		T(the_program_cannot_change_a_row),
		T(an_untouched_log_verifies),
		T(an_edited_row_is_named),
		T(an_edited_row_with_its_hash_redone_breaks_the_next_link),
		T(a_deleted_middle_row_is_named),
		T(swapped_rows_are_named),
		T(a_deleted_last_row_is_caught_by_the_head),
		T(a_deleted_last_row_stays_found_after_new_rows),
		T(a_missing_head_file_with_rows_fails),
		T(search_filters_and_pages),
		T(long_reasons_are_kept_whole_or_cut_at_a_character),
	};

	if (sodium_init() < 0)
		return (1);
	log_set_level(LOG_LEVEL_WARN);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
