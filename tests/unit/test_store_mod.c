/*
 * test_store_mod.c: who moderates what (migration 17, store_mod.c and
 * policy.c): today's moderators keep their rights through the upgrade, the
 * role and the scopes stay in step, and a scope covers what it should and
 * nothing else. One behaviour per test; each gets a fresh state directory.
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

#include <sqlite3.h>

#include "staffroomd.h"
#include "store_schema.h"

#define T0	1700000000000LL		/* a fixed "now", UTC ms */

struct fixture {
	char		 dir[64];
	struct store	*st;
	int64_t		 north_east, london;	/* region ids */
	int64_t		 tyne, thames;		/* trust ids: in north-east, london */
	int64_t		 mo;			/* a member to begin with */
};

static int
remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return (remove(path));
}

static void
make_dir(struct fixture *f)
{
	snprintf(f->dir, sizeof f->dir, "/tmp/test_store_mod.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
}

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof *f);

	assert_non_null(f);
	make_dir(f);
	assert_int_equal(store_open(f->dir, true, 1000, &f->st), STORE_OK);
	assert_int_equal(store_region_add(f->st, "north-east", "North East", ""),
	    STORE_OK);
	assert_int_equal(store_region_add(f->st, "london", "London", ""),
	    STORE_OK);
	assert_int_equal(store_region_by_slug(f->st, "north-east",
	    &f->north_east), STORE_OK);
	assert_int_equal(store_region_by_slug(f->st, "london", &f->london),
	    STORE_OK);
	assert_int_equal(store_trust_add(f->st, "Tyne MAT", f->north_east, T0,
	    &f->tyne), STORE_OK);
	assert_int_equal(store_trust_add(f->st, "Thames MAT", f->london, T0,
	    &f->thames), STORE_OK);
	assert_int_equal(store_user_add(f->st, "mo", "Mo Khan", f->north_east,
	    ROLE_MEMBER, NULL, T0, &f->mo), STORE_OK);
	assert_int_equal(store_commit(f->st), STORE_OK);
	*state = f;
	return (0);
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	if (f->st != NULL)
		store_close(f->st);
	nftw(f->dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	free(f);
	return (0);
}

static struct store_user
user(struct fixture *f, int64_t id)
{
	struct store_user	u;

	assert_int_equal(store_user_by_id(f->st, id, &u), STORE_OK);
	return (u);
}

static struct store_mod_scope
scope(enum board_scope kind, int64_t region_id, int64_t trust_id)
{
	struct store_mod_scope	s;

	memset(&s, 0, sizeof s);
	s.scope = kind;
	s.region_id = region_id;
	s.trust_id = trust_id;
	return (s);
}

/* What the person moderates, as "national region:north-east trust:1". */
static void
refs_of(const struct store_moderator *m, void *arg)
{
	char	*buf = arg;

	snprintf(buf + strlen(buf), 256 - strlen(buf), "%s%s",
	    *buf != '\0' ? " " : "", m->ref);
}

static const char *
refs(struct fixture *f, int64_t id, char buf[256])
{
	*buf = '\0';
	assert_int_equal(store_moderator_list(f->st, id, refs_of, buf), STORE_OK);
	return (buf);
}

static bool
moderates(const struct store_user *u, enum board_scope kind, int64_t region_id,
    int64_t trust_id)
{
	struct store_mod_scope	s = scope(kind, region_id, trust_id);

	return (policy_can_moderate_scope(u, &s));
}

/* --- the upgrade ------------------------------------------------------------ */

/* The store closed, and a fresh database of the schema before migration. */
static sqlite3 *
database_before(struct fixture *f, int migration)
{
	sqlite3	*db;
	char	 path[128];

	store_close(f->st);
	f->st = NULL;
	nftw(f->dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	make_dir(f);
	snprintf(path, sizeof path, "%s/%s", f->dir, STORE_DB_FILE);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	/* As the store runs migrations: with foreign keys checked. */
	assert_int_equal(sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL,
	    NULL, NULL), SQLITE_OK);
	assert_int_equal(store_schema_migrate_to(db, migration - 1), STORE_OK);
	return (db);
}

static void
a_moderator_from_before_the_table_keeps_national_and_their_region(void **state)
{
	struct fixture		*f = *state;
	struct store_user	 u;
	sqlite3			*db = database_before(f, STORE_SCHEMA_MODERATORS);
	char			 buf[256];

	assert_int_equal(sqlite3_exec(db,
	    "INSERT INTO regions (slug, name) VALUES ('london', 'London'),"
	    " ('north-east', 'North East');"
	    "INSERT INTO users (handle, name, region_id, role, created_ms)"
	    " VALUES ('mo', 'Mo', 2, 'moderator', 0), ('amy', 'Amy', 2,"
	    " 'member', 0), ('ada', 'Ada', 1, 'admin', 0);"
	    "INSERT INTO trusts (name, region_id, created_ms)"
	    " VALUES ('Tyne MAT', 2, 0), ('Thames MAT', 1, 0);",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	assert_int_equal(store_open(f->dir, false, 1000, &f->st), STORE_OK);
	assert_string_equal(refs(f, 0, buf), "national region:north-east");
	u = user(f, 1);
	assert_int_equal(u.mods.n, 2);
	/* The rights the role gave: national, the region, its trusts. */
	assert_true(moderates(&u, BOARD_NATIONAL, 0, 0));
	assert_true(moderates(&u, BOARD_REGION, 2, 0));
	assert_true(moderates(&u, BOARD_TRUST, 2, 1));
	assert_false(moderates(&u, BOARD_REGION, 1, 0));
	assert_false(moderates(&u, BOARD_TRUST, 1, 2));
	assert_false(moderates(&u, BOARD_PRIVATE, 0, 0));
	u = user(f, 2);
	assert_int_equal(u.mods.n, 0);
	assert_false(moderates(&u, BOARD_NATIONAL, 0, 0));
	u = user(f, 3);
	assert_true(moderates(&u, BOARD_PRIVATE, 0, 0));
}

static void
held_copy(const struct store_held *h, void *arg)
{
	struct store_held	*out = arg;

	*out = *h;
	out->body = out->title = out->label = out->quote_text = NULL;
}

/* Held rows become messages or posts: a message held before stays held. */
static void
a_message_held_before_posts_could_be_stays_in_its_queue_entry(void **state)
{
	struct fixture		*f = *state;
	struct store_mod_entry	 e;
	struct store_held	 h;
	sqlite3			*db = database_before(f, STORE_SCHEMA_HELD_POSTS);

	assert_int_equal(sqlite3_exec(db,
	    "INSERT INTO regions (slug, name) VALUES ('north-east', 'North East');"
	    "INSERT INTO users (handle, name, region_id, role, created_ms)"
	    " VALUES ('amy', 'Amy', 1, 'member', 0);"
	    "INSERT INTO held (room_id, user_id, body, word_id, label, ts)"
	    " VALUES ((SELECT id FROM rooms WHERE ref = 'region:north-east'), 1,"
	    " 'see you at tribunal', 7, 'legal', 5);"
	    "INSERT INTO mod_queue (item_kind, item_id, author_id, scope,"
	    " region_id, created_ms, held_id) VALUES (0, 0, 1, 1, 1, 5, 1);",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	assert_int_equal(store_open(f->dir, false, 1000, &f->st), STORE_OK);
	assert_int_equal(store_mod_entry_get(f->st, 1, &e), STORE_OK);
	assert_int_equal(e.held_id, 1);
	memset(&h, 0, sizeof h);
	assert_int_equal(store_held_get(f->st, 1, held_copy, &h), STORE_OK);
	assert_true(h.room_id > 0);
	assert_int_equal(h.board_id, 0);
	assert_int_equal(h.thread_id, 0);
	assert_int_equal(h.word_id, 7);
	assert_int_equal(h.decided_ms, 0);
	/* Decided after the upgrade as before (rejected: no message, no post). */
	assert_int_equal(store_held_decide(f->st, 1, 0, "not here", 9, 9), STORE_OK);
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(store_held_get(f->st, 1, held_copy, &h), STORE_OK);
	assert_int_equal(h.decided_ms, 9);
	assert_int_equal(h.post_id, 0);
}

/* --- scopes and the role ---------------------------------------------------- */

static void
a_trust_scope_covers_that_trust_alone(void **state)
{
	struct fixture		*f = *state;
	struct store_mod_scope	 s = scope(BOARD_TRUST, 0, f->tyne);
	struct store_user	 u;
	char			 buf[256], want[64];

	assert_int_equal(store_moderator_add(f->st, f->mo, &s), STORE_OK);
	assert_int_equal(store_moderator_add(f->st, f->mo, &s), STORE_EXISTS);
	assert_int_equal(store_commit(f->st), STORE_OK);
	u = user(f, f->mo);
	assert_int_equal(u.role, ROLE_MODERATOR);
	snprintf(want, sizeof want, "trust:%lld", (long long)f->tyne);
	assert_string_equal(refs(f, f->mo, buf), want);
	assert_true(moderates(&u, BOARD_TRUST, f->north_east, f->tyne));
	assert_false(moderates(&u, BOARD_TRUST, f->london, f->thames));
	assert_false(moderates(&u, BOARD_REGION, f->north_east, 0));
	assert_false(moderates(&u, BOARD_NATIONAL, 0, 0));
}

static void
a_region_scope_covers_its_trusts_and_no_other_region(void **state)
{
	struct fixture		*f = *state;
	struct store_mod_scope	 s = scope(BOARD_REGION, f->london, 0);
	struct store_user	 u;

	assert_int_equal(store_moderator_add(f->st, f->mo, &s), STORE_OK);
	u = user(f, f->mo);
	assert_true(moderates(&u, BOARD_REGION, f->london, 0));
	assert_true(moderates(&u, BOARD_TRUST, f->london, f->thames));
	assert_false(moderates(&u, BOARD_REGION, f->north_east, 0));
	assert_false(moderates(&u, BOARD_TRUST, f->north_east, f->tyne));
	assert_false(moderates(&u, BOARD_NATIONAL, 0, 0));
	/* Disabled: nobody, whatever the rows say. */
	assert_int_equal(store_user_set_disabled(f->st, f->mo, true), STORE_OK);
	u = user(f, f->mo);
	assert_false(moderates(&u, BOARD_REGION, f->london, 0));
}

static void
removing_the_last_scope_makes_a_member_again(void **state)
{
	struct fixture		*f = *state;
	struct store_mod_scope	 n = scope(BOARD_NATIONAL, 0, 0);
	struct store_mod_scope	 r = scope(BOARD_REGION, f->london, 0);
	char			 buf[256];

	assert_int_equal(store_moderator_add(f->st, f->mo, &n), STORE_OK);
	assert_int_equal(store_moderator_add(f->st, f->mo, &r), STORE_OK);
	assert_int_equal(store_moderator_remove(f->st, f->mo, &n), STORE_OK);
	assert_int_equal(store_moderator_remove(f->st, f->mo, &n),
	    STORE_NOT_FOUND);
	assert_int_equal(user(f, f->mo).role, ROLE_MODERATOR);
	assert_string_equal(refs(f, f->mo, buf), "region:london");
	assert_int_equal(store_moderator_remove(f->st, f->mo, &r), STORE_OK);
	assert_int_equal(user(f, f->mo).role, ROLE_MEMBER);
	assert_int_equal(user(f, f->mo).mods.n, 0);
}

static void
the_moderator_role_without_scopes_gives_national_and_the_region(void **state)
{
	struct fixture		*f = *state;
	struct store_mod_scope	 t = scope(BOARD_TRUST, 0, f->tyne);
	char			 buf[256], want[64];
	int64_t			 id;

	assert_int_equal(store_user_update(f->st, f->mo, NULL, 0,
	    ROLE_MODERATOR), STORE_OK);
	assert_string_equal(refs(f, f->mo, buf), "national region:north-east");
	assert_int_equal(store_user_add(f->st, "lon", "Lon", f->london,
	    ROLE_MODERATOR, NULL, T0, &id), STORE_OK);
	assert_string_equal(refs(f, id, buf), "national region:london");
	/* Back to member: no scopes; an admin needs none. */
	assert_int_equal(store_user_update(f->st, f->mo, NULL, 0, ROLE_MEMBER),
	    STORE_OK);
	assert_string_equal(refs(f, f->mo, buf), "");
	assert_int_equal(store_user_update(f->st, id, NULL, 0, ROLE_ADMIN),
	    STORE_OK);
	assert_string_equal(refs(f, id, buf), "");
	/* Someone with scopes made a moderator keeps just those. */
	assert_int_equal(store_moderator_add(f->st, f->mo, &t), STORE_OK);
	assert_int_equal(store_user_update(f->st, f->mo, NULL, 0,
	    ROLE_MODERATOR), STORE_OK);
	snprintf(want, sizeof want, "trust:%lld", (long long)f->tyne);
	assert_string_equal(refs(f, f->mo, buf), want);
}

static void
collect_id(int64_t id, void *arg)
{
	int64_t	*sum = arg;

	*sum += id;
}

static void
every_moderator_and_admin_is_listed_once(void **state)
{
	struct fixture		*f = *state;
	struct store_mod_scope	 n = scope(BOARD_NATIONAL, 0, 0);
	struct store_mod_scope	 r = scope(BOARD_REGION, f->london, 0);
	int64_t			 ada, amy, sum = 0;

	assert_int_equal(store_user_add(f->st, "ada", "Ada", f->london,
	    ROLE_ADMIN, NULL, T0, &ada), STORE_OK);
	assert_int_equal(store_user_add(f->st, "amy", "Amy", f->london,
	    ROLE_MEMBER, NULL, T0, &amy), STORE_OK);
	assert_int_equal(store_moderator_add(f->st, f->mo, &n), STORE_OK);
	assert_int_equal(store_moderator_add(f->st, f->mo, &r), STORE_OK);
	assert_int_equal(store_moderator_ids(f->st, collect_id, &sum), STORE_OK);
	assert_int_equal(sum, f->mo + ada);
}

/* The queue's reach: the scopes, as policy gives them to the store. */
static void
a_moderators_reach_lists_their_regions_and_trusts(void **state)
{
	struct fixture		*f = *state;
	struct store_mod_scope	 r = scope(BOARD_REGION, f->london, 0);
	struct store_mod_scope	 t = scope(BOARD_TRUST, 0, f->tyne);
	struct store_mod_reach	 reach;
	struct store_user	 u;

	u = user(f, f->mo);
	assert_false(policy_mod_reach(&u, &reach));
	assert_int_equal(store_moderator_add(f->st, f->mo, &r), STORE_OK);
	assert_int_equal(store_moderator_add(f->st, f->mo, &t), STORE_OK);
	u = user(f, f->mo);
	assert_true(policy_mod_reach(&u, &reach));
	assert_false(reach.all);
	assert_false(reach.national);
	assert_int_equal(reach.nregions, 1);
	assert_int_equal(reach.regions[0], f->london);
	assert_int_equal(reach.ntrusts, 1);
	assert_int_equal(reach.trusts[0], f->tyne);
}

#define T(name)	cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(a_moderator_from_before_the_table_keeps_national_and_their_region),
		T(a_message_held_before_posts_could_be_stays_in_its_queue_entry),
		T(a_trust_scope_covers_that_trust_alone),
		T(a_region_scope_covers_its_trusts_and_no_other_region),
		T(removing_the_last_scope_makes_a_member_again),
		T(the_moderator_role_without_scopes_gives_national_and_the_region),
		T(every_moderator_and_admin_is_listed_once),
		T(a_moderators_reach_lists_their_regions_and_trusts),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
