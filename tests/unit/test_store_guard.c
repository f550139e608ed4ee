/*
 * test_store_guard.c: the pupil-data guard's rules in the store (migration
 * 10 and store_guard.c), and their names and defaults (guard.c), one
 * behaviour per test. Each test gets a fresh state directory.
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
		cmocka_unit_test(shared_scopes_block_and_small_rooms_confirm_by_default),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
