/*
 * itest_roles.c: roles and moderator scopes given from the admins' console,
 * over real SSH (issue 19): admin.role and admin.scope for admins alone,
 * each an audit row, refused with the same words staffroomctl uses; the
 * person's open sessions decide their next op on the new record and are
 * told (me); and who moderates a scope (admin.moderators), for its
 * moderators and admins.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

struct roles_world {
	struct itest_server	*srv;
	const struct itest_user	*amy, *ben, *dis, *mo, *lon, *ada;
	char			 trust[48];	/* "trust:<n>", in the North East */
};

static struct roles_world world;

static int
roles_setup(void **state)
{
	struct roles_world *w = &world;
	char id[32];

	w->srv = itest_server_new(itest_posting_unlimited);
	w->amy = itest_user_add(w->srv, "amy", "north-east", NULL);
	w->ben = itest_user_add(w->srv, "ben", "north-east", NULL);
	w->dis = itest_user_add(w->srv, "dis", "north-east", NULL);
	w->mo = itest_user_with_role(w->srv, "mo", "north-east", "moderator");
	w->lon = itest_user_with_role(w->srv, "lon", "london", "moderator");
	w->ada = itest_user_with_role(w->srv, "ada", "london", "admin");
	itest_trust_add(w->srv, "Tyne MAT", "north-east", id, sizeof id);
	snprintf(w->trust, sizeof w->trust, "trust:%s", id);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "user", "disable", "dis", NULL);
	itest_server_start(w->srv);
	*state = w;
	return 0;
}

static int
roles_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

static json_t *
scope_req(const char *handle, const char *action, const char *scope)
{
	return json_pack("{s:s, s:s, s:s}", "handle", handle, "action", action,
	    "scope", scope);
}

static json_t *
role_req(const char *handle, const char *role)
{
	return json_pack("{s:s, s:s}", "handle", handle, "role", role);
}

/* A person's scopes as "national,region:north-east,". */
static void
moderates(const json_t *person, char *out, size_t size)
{
	const json_t *mods = itest_find(person, "moderates"), *m;
	size_t i, len = 0;

	out[0] = '\0';
	json_array_foreach(mods, i, m)
		len += (size_t)snprintf(out + len, size - len, "%s,",
		    json_string_value(m));
}

/* The handles admin.moderators lists for scope, as "amy,mo,". */
static void
moderators_of(struct itest_client *c, const char *scope, char *out,
    size_t size)
{
	const json_t *list = itest_get(itest_call_ok(c, "admin.moderators",
	    json_pack("{s:s}", "scope", scope)), "moderators"), *m;
	size_t i, len = 0;

	out[0] = '\0';
	json_array_foreach(list, i, m)
		len += (size_t)snprintf(out + len, size - len, "%s,",
		    itest_get_str(m, "handle"));
}

static long long
audit_rows(struct roles_world *w, const char *act)
{
	char sql[160];

	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM audit WHERE act = '%s'",
	    act);
	return (itest_db_int(w->srv, sql));
}

static void
a_scope_given_and_taken_holds_for_the_persons_next_op(void **state)
{
	struct roles_world *w = *state;
	struct itest_client *amy = itest_login_user(w->srv, w->amy);
	struct itest_client *ada = itest_login_user(w->srv, w->ada);
	struct itest_client *mo = itest_login_user(w->srv, w->mo);
	json_t *words = json_pack("{s:s}", "scope", "region:north-east");
	const json_t *reply, *me;
	long long rows = audit_rows(w, "admin.scope");
	char list[256];

	itest_call_error(amy, "words.list", json_incref(words), "forbidden");
	itest_call_error(amy, "admin.moderators", json_incref(words),
	    "forbidden");
	reply = itest_call_ok(ada, "admin.scope", scope_req("amy", "add",
	    "region:north-east"));
	assert_string_equal(itest_get_str(reply, "person.role"), "moderator");
	moderates(itest_get(reply, "person"), list, sizeof list);
	assert_string_equal(list, "region:north-east,");
	assert_int_equal(audit_rows(w, "admin.scope"), rows + 1);

	/* Her open session is told, and its next op is decided on it. */
	me = itest_get(itest_wait_event(amy, "me"), "me");
	assert_string_equal(itest_get_str(me, "role"), "moderator");
	moderates(me, list, sizeof list);
	assert_string_equal(list, "region:north-east,");
	itest_call_ok(amy, "words.list", json_incref(words));
	itest_call_ok(amy, "words.add", json_pack("{s:s, s:s, s:s}", "scope",
	    "region:north-east", "word", "gammon", "action", "flag"));
	itest_call_error(amy, "words.list", json_pack("{s:s}", "scope",
	    "region:london"), "forbidden");
	moderators_of(amy, "region:north-east", list, sizeof list);
	assert_string_equal(list, "amy,mo,");
	moderators_of(mo, w->trust, list, sizeof list);
	assert_string_equal(list, "amy,mo,");

	reply = itest_call_ok(ada, "admin.scope", scope_req("amy", "remove",
	    "region:north-east"));
	assert_string_equal(itest_get_str(reply, "person.role"), "member");
	assert_null(itest_find(reply, "person.moderates"));
	me = itest_get(itest_wait_event(amy, "me"), "me");
	assert_string_equal(itest_get_str(me, "role"), "member");
	itest_call_error(amy, "words.list", words, "forbidden");
	itest_call_error(amy, "mod.queue", NULL, "forbidden");
	assert_int_equal(audit_rows(w, "admin.scope"), rows + 2);
	itest_close(amy);
	itest_close(ada);
	itest_close(mo);
}

static void
a_role_given_holds_at_once_and_the_last_admin_stays(void **state)
{
	struct roles_world *w = *state;
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	struct itest_client *ada = itest_login_user(w->srv, w->ada);
	const json_t *reply, *me;
	long long rows = audit_rows(w, "admin.role");
	char list[256];

	/* A moderator made without scopes has the national and their region's. */
	reply = itest_call_ok(ada, "admin.role", role_req("ben", "moderator"));
	moderates(itest_get(reply, "person"), list, sizeof list);
	assert_string_equal(list, "national,region:north-east,");
	me = itest_get(itest_wait_event(ben, "me"), "me");
	assert_string_equal(itest_get_str(me, "role"), "moderator");
	itest_call_ok(ben, "mod.queue", NULL);
	itest_call_error(ada, "admin.role", role_req("ben", "moderator"),
	    "bad_request");

	/* The only admin cannot give it up; with a second, she can. */
	reply = itest_call_error(ada, "admin.role", role_req("ada", "member"),
	    "bad_request");
	assert_non_null(strstr(itest_get_str(reply, "error.message"),
	    "the last admin"));
	itest_call_ok(ada, "admin.role", role_req("ben", "admin"));
	me = itest_get(itest_wait_event(ben, "me"), "me");
	assert_string_equal(itest_get_str(me, "role"), "admin");
	assert_null(itest_find(me, "moderates"));
	itest_call_ok(ada, "admin.role", role_req("ada", "member"));
	itest_call_error(ada, "admin.role", role_req("ben", "member"),
	    "forbidden");
	itest_call_error(ada, "admin.audit", NULL, "forbidden");
	assert_int_equal(audit_rows(w, "admin.role"), rows + 3);
	assert_int_equal(itest_db_int(w->srv, "SELECT COUNT(*) FROM audit WHERE "
	    "act = 'admin.role' AND detail = 'admin to member'"), 1);

	/* As it was: ada the admin, ben a member. */
	itest_call_ok(ben, "admin.role", role_req("ada", "admin"));
	itest_call_ok(ada, "admin.role", role_req("ben", "member"));
	itest_close(ben);
	itest_close(ada);
}

static void
only_admins_give_roles_and_scopes(void **state)
{
	struct roles_world *w = *state;
	struct itest_client *amy = itest_login_user(w->srv, w->amy);
	struct itest_client *mo = itest_login_user(w->srv, w->mo);
	struct itest_client *lon = itest_login_user(w->srv, w->lon);
	struct itest_client *join = itest_login(w->srv, "join",
	    itest_by_password("anything"));
	struct itest_client *asks[] = { amy, mo, lon, join };

	for (size_t i = 0; i < sizeof asks / sizeof asks[0]; i++) {
		itest_call_error(asks[i], "admin.role", role_req("ben",
		    "moderator"), "forbidden");
		itest_call_error(asks[i], "admin.scope", scope_req("ben", "add",
		    "region:north-east"), "forbidden");
	}
	/* Not even their own. */
	itest_call_error(mo, "admin.scope", scope_req("mo", "add",
	    "region:london"), "forbidden");
	itest_call_error(mo, "admin.role", role_req("mo", "admin"),
	    "forbidden");
	assert_int_equal(itest_db_int(w->srv, "SELECT COUNT(*) FROM users WHERE "
	    "handle = 'ben' AND role = 'member'"), 1);
	itest_close(amy);
	itest_close(mo);
	itest_close(lon);
	itest_close(join);
}

static void
what_cannot_be_given_is_refused_in_words(void **state)
{
	struct roles_world *w = *state;
	struct itest_client *ada = itest_login_user(w->srv, w->ada);
	const json_t *reply;
	char id[32], scope[48];
	int i;

	itest_call_error(ada, "admin.role", role_req("nobody", "member"),
	    "not_found");
	itest_call_error(ada, "admin.role", role_req("dis", "moderator"),
	    "not_found");
	itest_call_error(ada, "admin.role", role_req("ben", "headteacher"),
	    "bad_request");
	itest_call_error(ada, "admin.role", json_pack("{s:s}", "handle", "ben"),
	    "bad_request");
	itest_call_error(ada, "admin.scope", scope_req("ben", "toggle",
	    "national"), "bad_request");
	itest_call_error(ada, "admin.scope", scope_req("ben", "add",
	    "region:atlantis"), "not_found");
	itest_call_error(ada, "admin.scope", scope_req("ben", "add",
	    "trust:999999"), "not_found");
	itest_call_error(ada, "admin.scope", scope_req("ben", "add",
	    "private"), "bad_request");
	reply = itest_call_error(ada, "admin.scope", scope_req("ada", "add",
	    "national"), "bad_request");
	assert_string_equal(itest_get_str(reply, "error.message"),
	    "ada is an admin and moderates every scope already");
	reply = itest_call_error(ada, "admin.scope", scope_req("mo", "remove",
	    "region:london"), "not_found");
	assert_string_equal(itest_get_str(reply, "error.message"),
	    "mo does not moderate region:london");
	itest_call_error(ada, "admin.scope", scope_req("mo", "add",
	    "region:north-east"), "bad_request");

	/* Sixteen scopes at most (lon has two): staffroomctl's, in its words. */
	for (i = 0; i < 15; i++) {
		snprintf(scope, sizeof scope, "Cap MAT %d", i);
		itest_trust_add(w->srv, scope, "london", id, sizeof id);
		snprintf(scope, sizeof scope, "trust:%s", id);
		if (i < 14)
			itest_call_ok(ada, "admin.scope", scope_req("lon", "add",
			    scope));
	}
	reply = itest_call_error(ada, "admin.scope", scope_req("lon", "add",
	    scope), "bad_request");
	assert_non_null(strstr(itest_get_str(reply, "error.message"),
	    "the most one person can"));
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "mod", "add", "lon",
	    scope, NULL), 1);
	assert_int_equal(itest_ctl_log_count(w->srv, "lon moderates 16 scopes, "
	    "the most one person can"), 1);

	itest_close(ada);
}

static void
who_moderates_a_scope_is_for_its_moderators_and_admins(void **state)
{
	struct roles_world *w = *state;
	struct itest_client *amy = itest_login_user(w->srv, w->amy);
	struct itest_client *mo = itest_login_user(w->srv, w->mo);
	struct itest_client *lon = itest_login_user(w->srv, w->lon);
	struct itest_client *ada = itest_login_user(w->srv, w->ada);
	const json_t *reply;
	char list[256];

	itest_call_error(amy, "admin.moderators", json_pack("{s:s}", "scope",
	    "national"), "forbidden");
	itest_call_error(lon, "admin.moderators", json_pack("{s:s}", "scope",
	    "region:north-east"), "forbidden");
	itest_call_error(lon, "admin.moderators", json_pack("{s:s}", "scope",
	    w->trust), "forbidden");
	itest_call_error(ada, "admin.moderators", json_pack("{s:s}", "scope",
	    "region:atlantis"), "not_found");
	itest_call_error(ada, "admin.moderators", json_pack("{s:s}", "scope",
	    "buddy:1"), "bad_request");
	moderators_of(mo, "national", list, sizeof list);
	assert_string_equal(list, "lon,mo,");
	moderators_of(lon, "region:london", list, sizeof list);
	assert_string_equal(list, "lon,");
	reply = itest_call_ok(ada, "admin.moderators", json_pack("{s:s}",
	    "scope", w->trust));
	assert_string_equal(itest_get_str(reply, "moderators.0.handle"), "mo");
	assert_string_equal(itest_get_str(reply, "moderators.0.scope"),
	    "region:north-east");
	assert_string_equal(itest_get_str(reply, "moderators.0.name"),
	    "North East");
	itest_close(amy);
	itest_close(mo);
	itest_close(lon);
	itest_close(ada);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_scope_given_and_taken_holds_for_the_persons_next_op),
		cmocka_unit_test(a_role_given_holds_at_once_and_the_last_admin_stays),
		cmocka_unit_test(only_admins_give_roles_and_scopes),
		cmocka_unit_test(what_cannot_be_given_is_refused_in_words),
		cmocka_unit_test(who_moderates_a_scope_is_for_its_moderators_and_admins),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests_name("roles", tests,
	    roles_setup, roles_teardown));
}
