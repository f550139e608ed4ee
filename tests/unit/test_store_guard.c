/*
 * test_store_guard.c: the pupil-data guard's rules in the store (migration
 * 10 and store_guard.c), their names and defaults (guard.c), and the pages
 * of stored text guard scan reads, one behaviour per test. Each test gets a
 * fresh state directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "staffroomd.h"
#include "guard.h"

#define T0	1700000000000LL		/* a fixed "now", UTC ms */

struct fixture {
	char		 dir[64];
	struct store	*st;
};

/* The rows store_guard_rules gives, as "scope=rule@ms;..." */
struct rows {
	char	text[256];
	int	n;
};

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof *f);

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/test_store_guard.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_int_equal(store_open(f->dir, true, 1000, &f->st), STORE_OK);
	*state = f;
	return (0);
}

/* The store makes only its database files; rmdir fails on anything else. */
static int
teardown(void **state)
{
	static const char *const files[] = { "", "-wal", "-shm" };
	struct fixture		*f = *state;
	char			 path[128];
	size_t			 i;

	store_close(f->st);
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s%s", f->dir, STORE_DB_FILE,
		    files[i]);
		unlink(path);
	}
	assert_int_equal(rmdir(f->dir), 0);
	free(f);
	return (0);
}

static void
row(const char *scope, const char *rule, int64_t changed_ms, void *arg)
{
	struct rows	*r = arg;
	size_t		 len = strlen(r->text);

	snprintf(r->text + len, sizeof r->text - len, "%s=%s@%lld;", scope,
	    rule, (long long)(changed_ms - T0));
	r->n++;
}

static void
rows(struct fixture *f, struct rows *r)
{
	memset(r, 0, sizeof *r);
	assert_int_equal(store_guard_rules(f->st, row, r), STORE_OK);
}

static void
a_new_store_has_no_guard_rules(void **state)
{
	struct fixture	*f = *state;
	struct rows	 r;

	rows(f, &r);
	assert_int_equal(r.n, 0);
}

static void
guard_rule_set_keeps_one_row_a_scope(void **state)
{
	struct fixture	*f = *state;
	struct rows	 r;

	assert_int_equal(store_guard_rule_set(f->st, "region", "confirm", T0),
	    STORE_OK);
	assert_int_equal(store_guard_rule_set(f->st, "dm", "off", T0 + 1),
	    STORE_OK);
	assert_int_equal(store_guard_rule_set(f->st, "region", "block", T0 + 2),
	    STORE_OK);
	assert_int_equal(store_commit(f->st), STORE_OK);
	rows(f, &r);
	assert_string_equal(r.text, "dm=off@1;region=block@2;");
}

static void
guard_rule_set_refuses_unknown_scopes_and_rules(void **state)
{
	struct fixture	*f = *state;
	struct rows	 r;

	assert_int_equal(store_guard_rule_set(f->st, "moon", "block", T0),
	    STORE_ERROR);
	assert_int_equal(store_guard_rule_set(f->st, "dm", "maybe", T0),
	    STORE_ERROR);
	store_rollback(f->st);
	rows(f, &r);
	assert_int_equal(r.n, 0);
}

static void
every_scope_and_rule_has_a_name_the_schema_takes(void **state)
{
	struct fixture	*f = *state;
	enum guard_scope scope;
	enum guard_rule	 rule;
	int		 s, k;

	for (s = 0; s < GUARD_SCOPE_COUNT; s++) {
		assert_true(guard_scope_from_name(guard_scope_name(s), &scope));
		assert_int_equal(scope, s);
		for (k = 0; k < GUARD_RULE_COUNT; k++) {
			assert_true(guard_rule_from_name(guard_rule_name(k),
			    &rule));
			assert_int_equal(rule, k);
			assert_int_equal(store_guard_rule_set(f->st,
			    guard_scope_name(s), guard_rule_name(k), T0),
			    STORE_OK);
		}
	}
	assert_false(guard_scope_from_name("boards", &scope));
	assert_false(guard_rule_from_name("BLOCK", &rule));
	assert_false(guard_rule_from_name(NULL, &rule));
	assert_null(guard_scope_name(GUARD_SCOPE_COUNT));
	assert_null(guard_rule_name(GUARD_RULE_COUNT));
}

/* The texts one source gives, page by page: "where|text;..." */
struct texts {
	char	text[512];
	int64_t	last;
	int	page;
};

static void
text_row(const struct store_guard_text *t, void *arg)
{
	struct texts	*r = arg;
	size_t		 len = strlen(r->text);

	assert_true(t->id > r->last);
	r->last = t->id;
	r->page++;
	snprintf(r->text + len, sizeof r->text - len, "%s|%d|%s;", t->where,
	    t->room_kind, t->text);
}

static void
texts(struct fixture *f, enum store_guard_source source, struct texts *r)
{
	int	pages = 0;

	memset(r, 0, sizeof *r);
	do {
		r->page = 0;
		assert_int_equal(store_guard_texts(f->st, source, r->last, 2,
		    text_row, r), STORE_OK);
		assert_true(++pages <= 10);
	} while (r->page == 2);
}

static void
guard_texts_give_every_stored_text_in_pages(void **state)
{
	struct fixture		*f = *state;
	struct store_post	 p = { 0 };
	struct texts		 r;
	char			 want[64];
	int64_t			 region, user, national, dm, board, thread, id;

	assert_int_equal(store_region_add(f->st, "london", "London", ""),
	    STORE_OK);
	assert_int_equal(store_region_by_slug(f->st, "london", &region),
	    STORE_OK);
	assert_int_equal(store_user_add(f->st, "asha", "Asha", region,
	    ROLE_MEMBER, NULL, T0, &user), STORE_OK);
	assert_int_equal(store_room_add(f->st, "national", ROOM_NATIONAL,
	    "National", 0, T0, &national), STORE_OK);
	assert_int_equal(store_room_add(f->st, "dm:7", ROOM_DM, "", 0, T0,
	    &dm), STORE_OK);
	assert_int_equal(store_msg_append(f->st, national, user, "one", T0,
	    false, &id), STORE_OK);
	assert_int_equal(store_msg_append(f->st, dm, user, "two", T0, false,
	    &id),
	    STORE_OK);
	assert_int_equal(store_msg_append(f->st, national, user, "three", T0,
	    false, &id), STORE_OK);
	assert_int_equal(store_board_add(f->st, "Talk", BOARD_NATIONAL, 0, 0,
	    T0, &board), STORE_OK);
	p.board_id = board;
	p.user_id = user;
	p.body = "opening";
	p.ts = T0;
	assert_int_equal(store_thread_create(f->st, "A title", 0, &p, &thread),
	    STORE_OK);
	assert_int_equal(store_commit(f->st), STORE_OK);

	texts(f, STORE_GUARD_MESSAGES, &r);
	assert_string_equal(r.text, "national|0|one;dm:7|4|two;national|0|three;");
	texts(f, STORE_GUARD_POSTS, &r);
	snprintf(want, sizeof want, "board:%lld|-1|opening;", (long long)board);
	assert_string_equal(r.text, want);
	texts(f, STORE_GUARD_TITLES, &r);
	snprintf(want, sizeof want, "board:%lld|-1|A title;", (long long)board);
	assert_string_equal(r.text, want);
}

static void
shared_scopes_block_and_small_rooms_confirm_by_default(void **state)
{
	assert_int_equal(guard_rule_default(GUARD_SCOPE_NATIONAL),
	    GUARD_RULE_BLOCK);
	assert_int_equal(guard_rule_default(GUARD_SCOPE_REGION),
	    GUARD_RULE_BLOCK);
	assert_int_equal(guard_rule_default(GUARD_SCOPE_TRUST),
	    GUARD_RULE_BLOCK);
	assert_int_equal(guard_rule_default(GUARD_SCOPE_BOARD),
	    GUARD_RULE_BLOCK);
	assert_int_equal(guard_rule_default(GUARD_SCOPE_DM),
	    GUARD_RULE_CONFIRM);
	assert_int_equal(guard_rule_default(GUARD_SCOPE_BUDDY),
	    GUARD_RULE_CONFIRM);
	assert_int_equal(guard_rule_default(GUARD_SCOPE_MEETING),
	    GUARD_RULE_CONFIRM);
}

#define T(name)	cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(a_new_store_has_no_guard_rules),
		T(guard_rule_set_keeps_one_row_a_scope),
		T(guard_rule_set_refuses_unknown_scopes_and_rules),
		T(every_scope_and_rule_has_a_name_the_schema_takes),
		T(guard_texts_give_every_stored_text_in_pages),
		cmocka_unit_test(shared_scopes_block_and_small_rooms_confirm_by_default),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
