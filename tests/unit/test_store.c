/*
 * test_store.c: the store's contract (daemon/store.h), one behaviour per
 * test. Each test gets a fresh state directory holding two regions, the
 * national room and one member, and the directory is removed afterwards.
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

#define T0	1700000000000LL		/* a fixed "now", UTC ms */
#define DAY	(24 * 60 * 60 * 1000LL)

struct fixture {
	char		 dir[64];
	char		 path[128];	/* dir/staffroom.db */
	struct store	*st;
	int64_t		 north_east;	/* region ids */
	int64_t		 london;
	int64_t		 national;	/* room ids */
	int64_t		 ne_room;
	int64_t		 london_room;
	int64_t		 asha;		/* user in north-east */
	int64_t		 ben;		/* user in london */
};

static int64_t
room_id(struct store *st, const char *ref)
{
	struct store_room	room;

	assert_int_equal(store_room_by_ref(st, ref, &room), STORE_OK);
	return (room.id);
}

static int64_t
add_user(struct store *st, const char *handle, int64_t region)
{
	int64_t	id;

	assert_int_equal(store_user_add(st, handle, "Some One", region,
	    ROLE_MEMBER, NULL, T0, &id), STORE_OK);
	return (id);
}

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof *f);

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/test_store.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/%s", f->dir, STORE_DB_FILE);
	assert_int_equal(store_open(f->dir, true, 1000, &f->st), STORE_OK);

	assert_int_equal(store_region_add(f->st, "north-east", "North-East",
	    "yorkshire"), STORE_OK);
	assert_int_equal(store_region_add(f->st, "london", "London", ""),
	    STORE_OK);
	assert_int_equal(store_region_by_slug(f->st, "north-east",
	    &f->north_east), STORE_OK);
	assert_int_equal(store_region_by_slug(f->st, "london", &f->london),
	    STORE_OK);
	assert_int_equal(store_room_add(f->st, "national", ROOM_NATIONAL,
	    "National", 0, T0, &f->national), STORE_OK);
	f->ne_room = room_id(f->st, "region:north-east");
	f->london_room = room_id(f->st, "region:london");
	f->asha = add_user(f->st, "asha", f->north_east);
	f->ben = add_user(f->st, "ben", f->london);
	assert_int_equal(store_commit(f->st), STORE_OK);
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
reopen(struct fixture *f)
{
	store_close(f->st);
	assert_int_equal(store_open(f->dir, false, 1000, &f->st), STORE_OK);
}

static void
add_member(struct fixture *f, int64_t room, int64_t user)
{
	assert_int_equal(store_member_add(f->st, room, user, 0, 0), STORE_OK);
	assert_int_equal(store_commit(f->st), STORE_OK);
}

static int64_t
post(struct fixture *f, int64_t room, const char *body)
{
	int64_t	id;

	assert_int_equal(store_msg_append(f->st, room, f->asha, body, T0, false,
	    &id), STORE_OK);
	return (id);
}

/* Collects delivered messages' ids and bodies. */
struct seen {
	int64_t	ids[32];
	char	bodies[32][32];
	char	rooms[32][80];
	char	from[32][PROTO_HANDLE_MAX + 1];
	size_t	n;
};

static void
seen_msg(const struct store_msg *m, void *arg)
{
	struct seen	*s = arg;

	assert_true(s->n < 32);
	s->ids[s->n] = m->id;
	snprintf(s->bodies[s->n], sizeof s->bodies[0], "%s", m->body);
	snprintf(s->rooms[s->n], sizeof s->rooms[0], "%s", m->room);
	snprintf(s->from[s->n], sizeof s->from[0], "%s", m->from);
	s->n++;
}

static void
seen_room(const struct store_room *r, void *arg)
{
	struct seen	*s = arg;

	assert_true(s->n < 32);
	s->ids[s->n] = r->id;
	snprintf(s->rooms[s->n], sizeof s->rooms[0], "%s", r->ref);
	s->n++;
}

static void
seen_id(int64_t id, void *arg)
{
	struct seen	*s = arg;

	assert_true(s->n < 32);
	s->ids[s->n++] = id;
}

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
	assert_int_equal(nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS), 0);
}

#define T(name)	cmocka_unit_test_setup_teardown(name, setup, teardown)

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
		T(backup_opens_with_the_same_rows),
		T(backup_never_overwrites_a_file),
		cmocka_unit_test(
		    a_state_directory_from_before_boards_gains_boards_and_search),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
