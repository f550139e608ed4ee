/*
 * test_store.c: the store's contract (daemon/store.h), one behaviour per
 * test: opening and the schema, users, keys and invites. Regions, rooms,
 * messages, read markers, transactions and backup are in test_store_rooms.c;
 * both use store_fixture.c.
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
#include "store_private.h"
#include "store_schema.h"

#include "store_fixture.h"

/* --- opening and schema ----------------------------------------------- */

static void
open_applies_migrations_and_reports_the_version(void **state)
{
	struct fixture	*f = *state;

	assert_true(store_schema_version(f->st) >= 1);
}

static void
reopening_keeps_data_and_does_not_rerun_migrations(void **state)
{
	struct fixture		*f = *state;
	struct store_user	 u;
	int			 version = store_schema_version(f->st);

	/* Migration 1 creates tables without IF NOT EXISTS: a rerun fails. */
	reopen(f);
	assert_int_equal(store_schema_version(f->st), version);
	assert_int_equal(store_user_by_handle(f->st, "asha", &u), STORE_OK);
}

static void
open_without_create_fails_when_the_database_is_missing(void **state)
{
	struct fixture	*f = *state;
	struct store	*st;
	char		 dir[96];

	snprintf(dir, sizeof dir, "%s/empty", f->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(store_open(dir, false, 1000, &st), STORE_NOT_FOUND);
	assert_null(st);
	/* Nor did it leave an empty database behind. */
	assert_int_equal(rmdir(dir), 0);
}

static void
assert_mode_0600(const char *path)
{
	struct stat	sb;

	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
}

static void
database_files_are_readable_only_by_the_owner(void **state)
{
	struct fixture	*f = *state;
	char		 path[160];
	mode_t		 mask = umask(022);

	/* A fresh database under a permissive umask. */
	store_close(f->st);
	unlink(f->path);
	assert_int_equal(store_open(f->dir, true, 1000, &f->st), STORE_OK);
	umask(mask);
	assert_int_equal(store_region_add(f->st, "x", "X", ""), STORE_OK);
	assert_int_equal(store_commit(f->st), STORE_OK);

	assert_mode_0600(f->path);
	snprintf(path, sizeof path, "%s-wal", f->path);
	assert_mode_0600(path);
	snprintf(path, sizeof path, "%s-shm", f->path);
	assert_mode_0600(path);
}

/* --- users ---------------------------------------------------------------- */

static void
added_user_is_found_by_handle_and_by_id(void **state)
{
	struct fixture		*f = *state;
	struct store_user	 a, b;

	assert_int_equal(store_user_by_handle(f->st, "asha", &a), STORE_OK);
	assert_int_equal(a.id, f->asha);
	assert_string_equal(a.name, "Some One");
	assert_int_equal(a.region_id, f->north_east);
	assert_string_equal(a.region, "north-east");
	assert_int_equal(a.role, ROLE_MEMBER);
	assert_false(a.disabled);
	assert_false(a.has_password);
	assert_int_equal(a.created_ms, T0);

	assert_int_equal(store_user_by_id(f->st, f->asha, &b), STORE_OK);
	assert_string_equal(b.handle, "asha");
}

static void
unknown_user_is_not_found(void **state)
{
	struct fixture		*f = *state;
	struct store_user	 u;

	assert_int_equal(store_user_by_handle(f->st, "nobody", &u),
	    STORE_NOT_FOUND);
	assert_int_equal(store_user_by_id(f->st, 9999, &u), STORE_NOT_FOUND);
}

static void
taken_handle_is_reported_as_exists(void **state)
{
	struct fixture	*f = *state;
	int64_t		 id;

	assert_int_equal(store_user_add(f->st, "asha", "Other", f->london,
	    ROLE_MEMBER, NULL, T0, &id), STORE_EXISTS);
}

static void
handles_differing_only_in_case_collide(void **state)
{
	struct fixture	*f = *state;
	int64_t		 id;

	assert_int_equal(store_user_add(f->st, "Asha", "Other", f->london,
	    ROLE_MEMBER, NULL, T0, &id), STORE_EXISTS);
}

static void
seen_user(const struct store_user *u, void *arg)
{
	struct seen	*s = arg;

	assert_true(s->n < 32);
	s->ids[s->n] = u->id;
	snprintf(s->from[s->n], sizeof s->from[0], "%s", u->handle);
	s->n++;
}

static void
user_list_gives_every_user_in_id_order(void **state)
{
	struct fixture	*f = *state;
	struct seen	 s = { .n = 0 };

	assert_int_equal(store_user_list(f->st, seen_user, &s), STORE_OK);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.from[0], "asha");
	assert_string_equal(s.from[1], "ben");
	assert_true(s.ids[0] < s.ids[1]);
}

static void
user_update_changes_only_the_fields_given(void **state)
{
	struct fixture		*f = *state;
	struct store_user	 u;

	assert_int_equal(store_user_update(f->st, f->asha, NULL, f->london, -1),
	    STORE_OK);
	assert_int_equal(store_user_update(f->st, f->asha, "Asha Patel", 0,
	    ROLE_MODERATOR), STORE_OK);
	assert_int_equal(store_user_by_id(f->st, f->asha, &u), STORE_OK);
	assert_string_equal(u.name, "Asha Patel");
	assert_int_equal(u.region_id, f->london);
	assert_string_equal(u.region, "london");
	assert_int_equal(u.role, ROLE_MODERATOR);
}

/*
 * The daemon learns whose record changed from a list the users table fills
 * itself: a new region, role or name lists the person once, an update that
 * changes nothing does not, and taking the list empties it.
 */
static void
a_change_of_region_role_or_name_is_listed_once_for_the_daemon(void **state)
{
	struct fixture		*f = *state;
	struct store_ids	 ids;

	assert_int_equal(store_user_changes_take(f->st, 10, &ids), STORE_OK);
	free(ids.v);
	assert_int_equal(store_user_update(f->st, f->asha, NULL, f->london, -1),
	    STORE_OK);
	assert_int_equal(store_user_update(f->st, f->asha, NULL, 0,
	    ROLE_ADMIN), STORE_OK);
	assert_int_equal(store_user_update(f->st, f->ben, "Some One", f->london,
	    ROLE_MEMBER), STORE_OK);
	assert_int_equal(store_user_changes_take(f->st, 10, &ids), STORE_OK);
	assert_int_equal(ids.n, 1);
	assert_int_equal(ids.v[0], f->asha);
	free(ids.v);
	assert_int_equal(store_user_update(f->st, f->ben, "Ben Okafor", 0, -1),
	    STORE_OK);
	assert_int_equal(store_user_changes_take(f->st, 10, &ids), STORE_OK);
	assert_int_equal(ids.n, 1);
	assert_int_equal(ids.v[0], f->ben);
	free(ids.v);
	assert_int_equal(store_user_changes_take(f->st, 10, &ids), STORE_OK);
	assert_int_equal(ids.n, 0);
	free(ids.v);
}

static void
updating_an_unknown_user_is_not_found(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(store_user_update(f->st, 9999, "X", 0, -1),
	    STORE_NOT_FOUND);
	assert_int_equal(store_user_set_disabled(f->st, 9999, true),
	    STORE_NOT_FOUND);
	assert_int_equal(store_user_set_password(f->st, 9999, "h"),
	    STORE_NOT_FOUND);
}

static void
disabled_users_are_flagged_and_listed(void **state)
{
	struct fixture		*f = *state;
	struct store_user	 u;
	struct seen		 s = { .n = 0 };

	assert_int_equal(store_user_set_disabled(f->st, f->ben, true), STORE_OK);
	assert_int_equal(store_user_by_id(f->st, f->ben, &u), STORE_OK);
	assert_true(u.disabled);
	assert_int_equal(store_users_disabled(f->st, seen_id, &s), STORE_OK);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ids[0], f->ben);
}

static void
password_hash_is_stored_and_read_back(void **state)
{
	struct fixture		*f = *state;
	struct store_user	 u;
	char			 buf[PASSWORD_HASH_MAX];

	assert_int_equal(store_user_set_password(f->st, f->asha,
	    "$argon2id$v=19$m=65536,t=2,p=1$abc$def"), STORE_OK);
	assert_int_equal(store_user_password(f->st, f->asha, buf, sizeof buf),
	    STORE_OK);
	assert_string_equal(buf, "$argon2id$v=19$m=65536,t=2,p=1$abc$def");
	assert_int_equal(store_user_by_id(f->st, f->asha, &u), STORE_OK);
	assert_true(u.has_password);
}

static void
user_without_password_has_none_to_read(void **state)
{
	struct fixture	*f = *state;
	char		 buf[PASSWORD_HASH_MAX];

	assert_int_equal(store_user_password(f->st, f->asha, buf, sizeof buf),
	    STORE_NOT_FOUND);
}

static void
role_names_round_trip(void **state)
{
	enum role	r;

	assert_true(role_parse(role_name(ROLE_MODERATOR), &r));
	assert_int_equal(r, ROLE_MODERATOR);
	assert_string_equal(role_name(ROLE_ADMIN), "admin");
	assert_false(role_parse("root", &r));
	assert_null(role_name((enum role)7));
}

/* --- keys ----------------------------------------------------------------- */

#define FP1	"SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
#define FP2	"SHA256:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"

static void
add_key(struct fixture *f, int64_t user, const char *fp)
{
	assert_int_equal(store_key_add(f->st, user, fp, "ssh-ed25519",
	    "AAAAC3NzaC1lZDI1NTE5AAAA", "laptop", T0), STORE_OK);
}

static void
key_fingerprint_finds_its_owner(void **state)
{
	struct fixture	*f = *state;
	int64_t		 owner;

	add_key(f, f->asha, FP1);
	assert_int_equal(store_key_owner(f->st, FP1, &owner), STORE_OK);
	assert_int_equal(owner, f->asha);
	assert_int_equal(store_key_owner(f->st, FP2, &owner), STORE_NOT_FOUND);
}

static void
a_fingerprint_belongs_to_one_account_only(void **state)
{
	struct fixture	*f = *state;

	add_key(f, f->asha, FP1);
	assert_int_equal(store_key_add(f->st, f->ben, FP1, "ssh-ed25519",
	    "AAAA", NULL, T0), STORE_EXISTS);
}

struct keys_seen {
	char	fingerprints[4][64];
	char	comments[4][16];
	size_t	n;
};

static void
seen_key(const struct store_key *k, void *arg)
{
	struct keys_seen	*s = arg;

	assert_true(s->n < 4);
	snprintf(s->fingerprints[s->n], sizeof s->fingerprints[0], "%s",
	    k->fingerprint);
	snprintf(s->comments[s->n], sizeof s->comments[0], "%s", k->comment);
	s->n++;
}

static void
key_list_gives_only_that_users_keys(void **state)
{
	struct fixture		*f = *state;
	struct keys_seen	 s = { .n = 0 };
	int64_t			 count;

	add_key(f, f->asha, FP1);
	add_key(f, f->ben, FP2);
	assert_int_equal(store_key_list(f->st, f->asha, seen_key, &s), STORE_OK);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.fingerprints[0], FP1);
	assert_string_equal(s.comments[0], "laptop");
	assert_int_equal(store_key_count(f->st, f->asha, &count), STORE_OK);
	assert_int_equal(count, 1);
}

static void
key_removal_needs_the_owner(void **state)
{
	struct fixture	*f = *state;
	int64_t		 count;

	add_key(f, f->asha, FP1);
	assert_int_equal(store_key_remove(f->st, f->ben, FP1), STORE_NOT_FOUND);
	assert_int_equal(store_key_remove(f->st, f->asha, FP1), STORE_OK);
	assert_int_equal(store_key_count(f->st, f->asha, &count), STORE_OK);
	assert_int_equal(count, 0);
}

/* --- invites -------------------------------------------------------------- */

static void
hash_of(uint8_t hash[STORE_INVITE_HASH_BYTES], int seed)
{
	memset(hash, seed, STORE_INVITE_HASH_BYTES);
}

static void
add_invite(struct fixture *f, int seed, const char *short_id)
{
	uint8_t	hash[STORE_INVITE_HASH_BYTES];

	hash_of(hash, seed);
	assert_int_equal(store_invite_add(f->st, hash, short_id, f->london, 0,
	    ROLE_MODERATOR, T0, T0 + DAY), STORE_OK);
}

static enum store_result
check_invite(struct fixture *f, int seed, int64_t at, int64_t *id)
{
	uint8_t		hash[STORE_INVITE_HASH_BYTES];
	int64_t		region = 0, school = -1;
	enum role	role = ROLE_MEMBER;
	enum store_result res;

	hash_of(hash, seed);
	res = store_invite_check(f->st, hash, at, id, &region, &school, &role);
	if (res == STORE_OK) {
		assert_int_equal(region, f->london);
		assert_int_equal(role, ROLE_MODERATOR);
		assert_int_equal(school, 0);
	}
	return (res);
}

static void
fresh_invite_is_usable_with_its_region_and_role(void **state)
{
	struct fixture	*f = *state;
	int64_t		 id;

	add_invite(f, 1, "inv1");
	assert_int_equal(check_invite(f, 1, T0 + 1, &id), STORE_OK);
}

static void
used_invite_cannot_be_used_again(void **state)
{
	struct fixture	*f = *state;
	int64_t		 id;

	add_invite(f, 1, "inv1");
	assert_int_equal(check_invite(f, 1, T0 + 1, &id), STORE_OK);
	assert_int_equal(store_invite_mark_used(f->st, id, f->ben, T0 + 2),
	    STORE_OK);
	assert_int_equal(check_invite(f, 1, T0 + 3, &id), STORE_INVITE_USED);
	assert_int_equal(store_invite_mark_used(f->st, id, f->asha, T0 + 4),
	    STORE_INVITE_USED);
}

static void
invite_past_its_expiry_is_expired(void **state)
{
	struct fixture	*f = *state;
	int64_t		 id;

	add_invite(f, 1, "inv1");
	assert_int_equal(check_invite(f, 1, T0 + DAY, &id),
	    STORE_INVITE_EXPIRED);
}

static void
revoked_invite_is_revoked(void **state)
{
	struct fixture	*f = *state;
	int64_t		 id;

	add_invite(f, 1, "inv1");
	assert_int_equal(store_invite_revoke(f->st, "inv1"), STORE_OK);
	assert_int_equal(check_invite(f, 1, T0 + 1, &id), STORE_INVITE_REVOKED);
	assert_int_equal(store_invite_revoke(f->st, "nope"), STORE_NOT_FOUND);
}

static void
unknown_invite_is_not_found(void **state)
{
	struct fixture	*f = *state;
	int64_t		 id;

	add_invite(f, 1, "inv1");
	assert_int_equal(check_invite(f, 2, T0 + 1, &id), STORE_NOT_FOUND);
}

struct invites_seen {
	char	line[4][96];
	size_t	n;
};

static void
seen_invite(const struct store_invite *i, void *arg)
{
	struct invites_seen	*s = arg;

	assert_true(s->n < 4);
	snprintf(s->line[s->n++], sizeof s->line[0], "%s %s %s %lld %s",
	    i->short_id, i->region, role_name(i->role), (long long)i->used_ms,
	    i->used_by != NULL ? i->used_by : "-");
}

static void
invite_list_names_region_and_who_used_it(void **state)
{
	struct fixture		*f = *state;
	struct invites_seen	 s = { .n = 0 };
	int64_t			 id;

	add_invite(f, 1, "inv1");
	add_invite(f, 2, "inv2");
	assert_int_equal(check_invite(f, 2, T0 + 1, &id), STORE_OK);
	assert_int_equal(store_invite_mark_used(f->st, id, f->ben, T0 + 2),
	    STORE_OK);
	assert_int_equal(store_invite_list(f->st, seen_invite, &s), STORE_OK);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.line[0], "inv1 london moderator 0 -");
	assert_string_equal(s.line[1], "inv2 london moderator 1700000000002 ben");
}

/* staffroom_name_swap(text, old, new) on a bare connection. */
static void
assert_swapped(sqlite3 *db, const char *text, const char *want)
{
	sqlite3_stmt *stmt;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT staffroom_name_swap(?1,"
	    " 'dan', 'erased-7')", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), want);
	sqlite3_finalize(stmt);
}

/* Erasure renames a handle where the server listed it, and only that handle. */
static void
name_swap_renames_whole_handles_only(void **state)
{
	sqlite3 *db;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_true(store_privacy_functions(db));
	assert_swapped(db, "Present: asha, dan, dana", "Present: asha, "
	    "erased-7, dana");
	assert_swapped(db, "Ours 1 (dan), Theirs 2 (aidan, dan.smith)",
	    "Ours 1 (erased-7), Theirs 2 (aidan, dan.smith)");
	assert_swapped(db, "dan", "erased-7");
	assert_swapped(db, "Thanks @dan. See dan_b and dan-x", "Thanks "
	    "@erased-7. See dan_b and dan-x");
	assert_swapped(db, "nobody here", "nobody here");
	assert_swapped(db, "", "");
	sqlite3_close(db);
}

#define T(name)	cmocka_unit_test_setup_teardown(name, store_fixture_setup, \
	    store_fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(open_applies_migrations_and_reports_the_version),
		T(reopening_keeps_data_and_does_not_rerun_migrations),
		T(open_without_create_fails_when_the_database_is_missing),
		T(database_files_are_readable_only_by_the_owner),
		T(added_user_is_found_by_handle_and_by_id),
		T(unknown_user_is_not_found),
		T(taken_handle_is_reported_as_exists),
		T(handles_differing_only_in_case_collide),
		T(user_list_gives_every_user_in_id_order),
		T(user_update_changes_only_the_fields_given),
		T(a_change_of_region_role_or_name_is_listed_once_for_the_daemon),
		T(updating_an_unknown_user_is_not_found),
		T(disabled_users_are_flagged_and_listed),
		T(password_hash_is_stored_and_read_back),
		T(user_without_password_has_none_to_read),
		T(role_names_round_trip),
		T(key_fingerprint_finds_its_owner),
		T(a_fingerprint_belongs_to_one_account_only),
		T(key_list_gives_only_that_users_keys),
		T(key_removal_needs_the_owner),
		T(fresh_invite_is_usable_with_its_region_and_role),
		T(used_invite_cannot_be_used_again),
		T(invite_past_its_expiry_is_expired),
		T(revoked_invite_is_revoked),
		T(unknown_invite_is_not_found),
		T(invite_list_names_region_and_who_used_it),
		cmocka_unit_test(name_swap_renames_whole_handles_only),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
