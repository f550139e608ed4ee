/*
 * itest_mod_scopes.c: who moderates what, over real SSH. Scopes given and
 * taken with staffroomctl reach open sessions at once; a report reaches the
 * online moderators of its scope at once and nobody else; a reporter who
 * was away when their report was resolved learns the outcome at login; a
 * hidden message is in sync and search for its moderators, asking, marked.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

struct scope_world {
	struct itest_server	*srv;
	const struct itest_user	*amy, *ben, *cal, *mo, *lon, *ada;
	char			 trust_id[32];
	char			 trust[80];	/* "trust:<n>" */
};

static struct scope_world world;

static int
scopes_setup(void **state)
{
	struct scope_world *w = &world;

	w->srv = itest_server_new(itest_posting_unlimited);
	w->amy = itest_user_add(w->srv, "amy", "north-east", NULL);
	w->ben = itest_user_add(w->srv, "ben", "north-east", NULL);
	w->cal = itest_user_add(w->srv, "cal", "north-east", NULL);
	w->mo = itest_user_with_role(w->srv, "mo", "north-east", "moderator");
	w->lon = itest_user_with_role(w->srv, "lon", "london", "moderator");
	w->ada = itest_user_with_role(w->srv, "ada", "london", "admin");
	itest_ctl_ok(w->srv, NULL, w->trust_id, sizeof w->trust_id, "trust",
	    "add", "Tyne MAT", "--region", "north-east", NULL);
	w->trust_id[strcspn(w->trust_id, "\n")] = '\0';
	snprintf(w->trust, sizeof w->trust, "trust:%s", w->trust_id);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member", "amy", w->trust_id,
	    NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member", "ben", w->trust_id,
	    NULL);
	itest_server_start(w->srv);
	*state = w;
	return 0;
}

static int
scopes_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

/* Whether the person's queue holds an entry of this message. */
static bool
queue_has_msg(struct itest_client *c, json_int_t msg)
{
	const json_t *entries = itest_get(itest_call_ok(c, "mod.queue",
	    json_pack("{s:i}", "limit", 50)), "entries");
	const json_t *e;
	size_t i;

	json_array_foreach(entries, i, e) {
		if (itest_find(e, "msg.id") != NULL &&
		    itest_get_int(e, "msg.id") == msg)
			return true;
	}
	return false;
}

static json_int_t
report(struct itest_client *c, json_int_t msg, const char *kind)
{
	return itest_get_int(itest_call_ok(c, "msg.report", json_pack(
	    "{s:I, s:s, s:s}", "msg", msg, "kind", kind, "reason", "please look")),
	    "report");
}

/* The "moderates" list of a me object, as one string: "national region:london". */
static void
moderates(const json_t *me, char *buf, size_t size)
{
	const json_t *mods = itest_find(me, "moderates"), *v;
	size_t i;

	*buf = '\0';
	json_array_foreach(mods, i, v)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%s",
		    i > 0 ? " " : "", json_string_value(v));
}

static void
a_scope_given_with_staffroomctl_reaches_the_open_session(void **state)
{
	struct scope_world *w = *state;
	struct itest_client *cal = itest_login_user(w->srv, w->cal);
	struct itest_client *amy = itest_login_user(w->srv, w->amy);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	struct itest_client *lon = itest_login_user(w->srv, w->lon);
	const json_t *me;
	json_int_t in_trust, in_region;
	char out[4096], mods[256];

	itest_call_error(cal, "mod.queue", NULL, "forbidden");
	itest_ctl_ok(w->srv, NULL, NULL, 0, "mod", "add", "cal", w->trust, NULL);
	me = itest_get(itest_wait_event(cal, "me"), "me");
	assert_string_equal(itest_get_str(me, "role"), "moderator");
	moderates(me, mods, sizeof mods);
	assert_string_equal(mods, w->trust);

	in_trust = itest_get_int(itest_post(amy, w->trust, "trust room words"), "id");
	in_region = itest_get_int(itest_post(amy, "region:north-east",
	    "region room words"), "id");
	report(ben, in_trust, "abusive");
	report(ben, in_region, "spam");
	/* The trust's moderator sees its entry, not the region's. */
	assert_true(queue_has_msg(cal, in_trust));
	assert_false(queue_has_msg(cal, in_region));
	assert_false(queue_has_msg(lon, in_trust));

	itest_ctl_ok(w->srv, NULL, out, sizeof out, "mod", "list", NULL);
	assert_non_null(strstr(out, "cal"));
	assert_non_null(strstr(out, w->trust));
	assert_non_null(strstr(out, "region:north-east"));	/* mo's, from the role */
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "mod", "add", "cal",
	    w->trust, NULL), 1);	/* already */
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "mod", "add", "ada",
	    "national", NULL), 1);	/* an admin moderates everything */
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "mod", "add", "cal",
	    "private", NULL), 2);

	/* Taken away: the open session loses the queue at once. */
	itest_ctl_ok(w->srv, NULL, NULL, 0, "mod", "remove", "cal", w->trust, NULL);
	me = itest_get(itest_wait_event(cal, "me"), "me");
	assert_string_equal(itest_get_str(me, "role"), "member");
	assert_null(itest_find(me, "moderates"));
	itest_call_error(cal, "mod.queue", NULL, "forbidden");
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "mod", "remove", "cal",
	    w->trust, NULL), 1);

	/* Each change is an audit row of the operator's. */
	itest_ctl_ok(w->srv, NULL, out, sizeof out, "audit", "search", "--target",
	    "cal", NULL);
	assert_non_null(strstr(out, "mod add"));
	assert_non_null(strstr(out, "mod remove"));
	itest_close(cal);
	itest_close(amy);
	itest_close(ben);
	itest_close(lon);
}

static void
a_report_reaches_the_online_moderators_of_its_scope_at_once(void **state)
{
	struct scope_world *w = *state;
	struct itest_client *amy = itest_login_user(w->srv, w->amy);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	struct itest_client *mo = itest_login_user(w->srv, w->mo);
	struct itest_client *lon = itest_login_user(w->srv, w->lon);
	struct itest_client *ada = itest_login_user(w->srv, w->ada);
	const json_t *ev;
	json_int_t id;

	id = itest_get_int(itest_post(amy, "region:north-east",
	    "Jo Bloggs at Hill School again"), "id");
	report(ben, id, "pupil_information");
	ev = itest_wait_event(mo, "mod.entry");
	assert_string_equal(itest_get_str(ev, "entry.scope"), "region:north-east");
	assert_string_equal(itest_get_str(ev, "entry.item"), "msg");
	assert_string_equal(itest_get_str(ev, "entry.kind"), "pupil_information");
	assert_true(itest_get_int(ev, "entry.id") > 0);
	assert_int_equal(itest_get_int(itest_wait_event(ada, "mod.entry"), "entry.id"),
	    itest_get_int(ev, "entry.id"));
	/* Another region's moderator and the members hear nothing. */
	itest_assert_alive(lon);
	itest_assert_alive(amy);
	assert_int_equal(itest_unclaimed_events(lon, "mod.entry"), 0);
	assert_int_equal(itest_unclaimed_events(amy, "mod.entry"), 0);
	assert_int_equal(itest_unclaimed_events(ben, "mod.entry"), 0);
	itest_close(amy);
	itest_close(ben);
	itest_close(mo);
	itest_close(lon);
	itest_close(ada);
}

static void
a_reporter_away_at_the_outcome_learns_it_at_login(void **state)
{
	struct scope_world *w = *state;
	struct itest_client *amy = itest_login_user(w->srv, w->amy);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	struct itest_client *mo = itest_login_user(w->srv, w->mo);
	json_int_t id, rep, entry;
	size_t logouts;
	int tries;

	id = itest_get_int(itest_post(amy, "region:north-east", "buy my course"),
	    "id");
	rep = report(ben, id, "spam");
	entry = itest_get_int(itest_wait_event(mo, "mod.entry"), "entry.id");
	logouts = itest_server_log_count(w->srv, "logout: ben ");
	itest_close(ben);
	/* Away for the daemon too: its log says the session ended. */
	for (tries = 0; itest_server_log_count(w->srv, "logout: ben ") == logouts;
	    tries++) {
		assert_true(tries < 100000);
		itest_assert_alive(mo);
	}
	itest_call_ok(mo, "mod.resolve", json_pack("{s:I, s:s}", "entry", entry,
	    "action", "dismiss"));
	ben = itest_login_user(w->srv, w->ben);
	assert_int_equal(itest_get_int(itest_wait_event(ben, "report"), "report.id"),
	    rep);
	itest_close(ben);
	/* Told once: the next login is quiet. */
	ben = itest_login_user(w->srv, w->ben);
	itest_assert_alive(ben);
	assert_int_equal(itest_unclaimed_events(ben, "report"), 0);
	itest_close(ben);
	itest_close(amy);
	itest_close(mo);
}

static const json_t *
synced(struct itest_client *c, bool hidden, json_int_t id)
{
	return itest_with_id(itest_get(itest_call_ok(c, "sync", json_pack("{s:i, s:b}",
	    "since", 0, "hidden", hidden)), "msgs"), id);
}

static const json_t *
found(struct itest_client *c, bool hidden, json_int_t id)
{
	return itest_with_id(itest_get(itest_call_ok(c, "search", json_pack(
	    "{s:s, s:b}", "q", "zebrafish", "hidden", hidden)), "hits"), id);
}

static void
a_hidden_message_is_in_sync_and_search_for_its_moderators_alone(void **state)
{
	struct scope_world *w = *state;
	struct itest_client *amy = itest_login_user(w->srv, w->amy);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	struct itest_client *cal = itest_login_user(w->srv, w->cal);
	struct itest_client *mo = itest_login_user(w->srv, w->mo);
	json_int_t id;

	id = itest_get_int(itest_post(amy, "region:north-east",
	    "zebrafish named pupil"), "id");
	itest_call_ok(mo, "msg.delete", json_pack("{s:I}", "msg", id));
	/* cal moderates the trust only: the region's hidden one is not theirs. */
	itest_ctl_ok(w->srv, NULL, NULL, 0, "mod", "add", "cal", w->trust, NULL);
	itest_wait_event(cal, "me");

	assert_null(synced(mo, false, id));
	assert_true(itest_get_bool(synced(mo, true, id), "hidden"));
	assert_null(found(mo, false, id));
	assert_true(itest_get_bool(found(mo, true, id), "hidden"));
	assert_null(synced(cal, true, id));
	assert_null(found(cal, true, id));
	assert_null(synced(ben, false, id));
	assert_null(found(ben, false, id));
	itest_call_error(ben, "sync", json_pack("{s:i, s:b}", "since", 0,
	    "hidden", 1), "forbidden");
	itest_call_error(ben, "search", json_pack("{s:s, s:b}", "q", "zebrafish",
	    "hidden", 1), "forbidden");
	/* Shown again: everyone's, unmarked. */
	itest_call_ok(mo, "msg.restore", json_pack("{s:I}", "msg", id));
	assert_null(itest_find(synced(ben, false, id), "hidden"));
	assert_null(itest_find(found(ben, false, id), "hidden"));
	itest_ctl_ok(w->srv, NULL, NULL, 0, "mod", "remove", "cal", w->trust, NULL);
	itest_close(amy);
	itest_close(ben);
	itest_close(cal);
	itest_close(mo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_scope_given_with_staffroomctl_reaches_the_open_session),
		cmocka_unit_test(a_report_reaches_the_online_moderators_of_its_scope_at_once),
		cmocka_unit_test(a_reporter_away_at_the_outcome_learns_it_at_login),
		cmocka_unit_test(a_hidden_message_is_in_sync_and_search_for_its_moderators_alone),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests(tests, scopes_setup,
	    scopes_teardown));
}
