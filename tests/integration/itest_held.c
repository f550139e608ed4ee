/*
 * itest_held.c: messages a watched word's hold rule kept back, decided
 * over real SSH (issue 19). Only the moderators of the message's scope and
 * admins see and decide them; a decided entry leaves every moderator's
 * queue at once; the author hears the outcome live, or at their next login
 * when they were away, once; staffroomctl export person lists their held
 * messages and erase person removes them.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "staffroom/proto.h"

/* Who is who: members, the trust's moderator, the region's, another's, an admin. */
enum held_person { AMY, BEN, ZOE, CAL, MO, LON, ADA, HELD_PEOPLE };

static const struct {
	const char	*handle, *region, *role;
} held_people[HELD_PEOPLE] = {
	[AMY] = { "amy", "north-east", NULL },
	[BEN] = { "ben", "north-east", NULL },
	[ZOE] = { "zoe", "north-east", NULL },
	[CAL] = { "cal", "north-east", NULL },	/* moderates the trust alone */
	[MO] = { "mo", "north-east", "moderator" },	/* the region, its trusts too */
	[LON] = { "lon", "london", "moderator" },
	[ADA] = { "ada", "london", "admin" },
};

struct held_world {
	struct itest_server	*srv;
	const struct itest_user	*people[HELD_PEOPLE];
	char			 trust[80];	/* "trust:<n>", its room's id too */
};

static struct held_world world;

static struct itest_client *
held_login(const struct held_world *w, enum held_person who)
{
	return itest_login_user(w->srv, w->people[who]);
}

static int
held_setup(void **state)
{
	struct held_world *w = &world;
	char id[32];
	int i;

	w->srv = itest_server_new(itest_posting_unlimited);
	for (i = 0; i < HELD_PEOPLE; i++)
		w->people[i] = held_people[i].role == NULL ?
		    itest_user_add(w->srv, held_people[i].handle,
		    held_people[i].region, NULL) :
		    itest_user_with_role(w->srv, held_people[i].handle,
		    held_people[i].region, held_people[i].role);
	itest_ctl_ok(w->srv, NULL, id, sizeof id, "trust", "add", "Tyne MAT",
	    "--region", "north-east", NULL);
	id[strcspn(id, "\n")] = '\0';
	snprintf(w->trust, sizeof w->trust, "trust:%s", id);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member", "amy", id, NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member", "ben", id, NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "mod", "add", "cal", w->trust, NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "words", "add", w->trust,
	    "tribunal", "--action", "hold", "--label", "legal", NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "words", "add", "region:north-east",
	    "exclusion", "--action", "hold", NULL);
	itest_server_start(w->srv);
	*state = w;
	return 0;
}

static int
held_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

/* The queue entry holding held message id, or NULL. */
static const json_t *
held_entry(struct itest_client *c, json_int_t id)
{
	const json_t *e;
	size_t i;

	json_array_foreach(itest_get(itest_call_ok(c, "mod.queue",
	    json_pack("{s:i}", "limit", 50)), "entries"), i, e) {
		if (itest_find(e, "held.id") != NULL &&
		    itest_get_int(e, "held.id") == id)
			return e;
	}
	return NULL;
}

static json_int_t
hold(struct itest_client *c, const char *room, const char *body)
{
	return itest_get_int(itest_call_ok(c, "room.send", json_pack(
	    "{s:s, s:s}", "room", room, "body", body)), "held.id");
}

static json_t *
entry_req(json_int_t entry, const char *reason)
{
	json_t *req = json_pack("{s:I}", "entry", entry);

	if (reason != NULL)
		json_object_set_new(req, "reason", json_string(reason));
	return req;
}

/* After a round trip, whether the person was sent a held event. */
static size_t
held_events(struct itest_client *c)
{
	itest_call_ok(c, "rooms.list", NULL);
	return itest_unclaimed_events(c, "held");
}

static void
only_the_scopes_moderators_and_admins_decide_and_all_see_it_go(
    void **state)
{
	struct held_world *w = *state;
	struct itest_client *amy, *ben, *cal, *mo, *lon, *ada;
	const json_t *e, *ev;
	json_int_t held, entry, other;

	amy = held_login(w, AMY);
	ben = held_login(w, BEN);
	cal = held_login(w, CAL);
	mo = held_login(w, MO);
	lon = held_login(w, LON);
	ada = held_login(w, ADA);

	held = hold(amy, w->trust, "The tribunal date is set for March");
	/* What the console shows: author, room by name, text, rule, when. */
	e = held_entry(cal, held);
	assert_non_null(e);
	entry = itest_get_int(e, "id");
	assert_string_equal(itest_get_str(e, "author.handle"), "amy");
	assert_string_equal(itest_get_str(e, "held.room"), w->trust);
	assert_string_equal(itest_get_str(e, "held.room_name"), "Tyne MAT");
	assert_string_equal(itest_get_str(e, "held.body"),
	    "The tribunal date is set for March");
	assert_string_equal(itest_get_str(e, "held.label"), "legal");
	assert_true(itest_get_int(e, "held.rule") > 0);
	assert_true(itest_get_int(e, "held.ts") > 0);
	assert_string_equal(itest_get_str(e, "scope"), w->trust);
	/* The region's moderators and admins see it; another region's do not. */
	assert_non_null(held_entry(mo, held));
	assert_non_null(held_entry(ada, held));
	assert_null(held_entry(lon, held));

	/* A member may not; another scope's moderator finds no such entry. */
	itest_call_error(ben, "held.approve", entry_req(entry, NULL),
	    "forbidden");
	itest_call_error(ben, "held.reject", entry_req(entry, "no"),
	    "forbidden");
	itest_call_error(lon, "held.approve", entry_req(entry, NULL),
	    "not_found");
	itest_call_error(lon, "held.reject", entry_req(entry, "no"),
	    "not_found");

	/* The trust's own moderator approves: everyone who shows it drops it. */
	itest_call_ok(cal, "held.approve", entry_req(entry, NULL));
	ev = itest_wait_event(mo, "mod.resolved");
	assert_int_equal(itest_get_int(ev, "entry.id"), entry);
	assert_string_equal(itest_get_str(ev, "entry.by"), "cal");
	assert_string_equal(itest_get_str(ev, "entry.scope"), w->trust);
	ev = itest_wait_event(ada, "mod.resolved");
	assert_int_equal(itest_get_int(ev, "entry.id"), entry);
	assert_int_equal(itest_get_int(itest_wait_event(cal, "mod.resolved"),
	    "entry.id"), entry);
	assert_int_equal(itest_unclaimed_events(lon, "mod.resolved"), 0);
	assert_null(held_entry(mo, held));
	assert_null(held_entry(ada, held));
	assert_int_equal(itest_get_int(itest_wait_msg_from(ben, "amy"),
	    "id"), itest_get_int(itest_wait_event(amy, "held"),
	    "held.msg_id"));

	/* The region's moderator and an admin decide the trust's too. */
	held = hold(amy, w->trust, "tribunal bundle ready");
	other = hold(amy, w->trust, "tribunal bundle sent");
	entry = itest_get_int(held_entry(mo, held), "id");
	itest_call_ok(mo, "held.reject", entry_req(entry, "Please keep "
	    "tribunal details out of the room"));
	ev = itest_wait_event(amy, "held");
	assert_int_equal(itest_get_int(ev, "held.id"), held);
	assert_string_equal(itest_get_str(ev, "held.outcome"), "rejected");
	ev = itest_wait_event(cal, "mod.resolved");
	assert_int_equal(itest_get_int(ev, "entry.id"), entry);
	assert_string_equal(itest_get_str(ev, "entry.by"), "mo");
	itest_call_ok(ada, "held.approve", entry_req(itest_get_int(held_entry(
	    ada, other), "id"), "fine: no names"));
	assert_string_equal(itest_get_str(itest_wait_event(amy, "held"),
	    "held.outcome"), "approved");
	/* Decided, it is nobody's to decide again. */
	itest_call_error(cal, "held.approve", entry_req(entry, NULL),
	    "not_found");
	itest_close(amy);
	itest_close(ben);
	itest_close(cal);
	itest_close(mo);
	itest_close(lon);
	itest_close(ada);
}

static void
an_author_away_hears_the_outcome_at_the_next_login_once(void **state)
{
	struct held_world *w = *state;
	struct itest_client *amy, *ben, *mo;
	const json_t *ev, *reply;
	json_int_t rejected, approved, before, msg;
	const char *ne = "region:north-east";

	amy = held_login(w, AMY);
	ben = held_login(w, BEN);
	mo = held_login(w, MO);
	before = itest_get_int(itest_post(ben, ne, "before the held ones"),
	    "id");
	rejected = hold(amy, ne, "The fixed-term exclusion letter went out");
	approved = hold(amy, ne, "Exclusion guidance changed in September");
	itest_close(amy);

	itest_call_ok(mo, "held.reject", entry_req(itest_get_int(held_entry(mo,
	    rejected), "id"), "Please do not describe a pupil's exclusion"));
	msg = itest_get_int(itest_call_ok(mo, "held.approve", entry_req(
	    itest_get_int(held_entry(mo, approved), "id"), NULL)), "msg.id");

	/* At the next login: both outcomes, the reason, never the word. */
	amy = held_login(w, AMY);
	ev = itest_wait_event(amy, "held");
	assert_int_equal(itest_get_int(ev, "held.id"), rejected);
	assert_string_equal(itest_get_str(ev, "held.outcome"), "rejected");
	assert_string_equal(itest_get_str(ev, "held.room"), ne);
	assert_string_equal(itest_get_str(ev, "held.room_name"), "North East");
	assert_string_equal(itest_get_str(ev, "held.reason"),
	    "Please do not describe a pupil's exclusion");
	assert_null(itest_find(ev, "held.rule"));
	ev = itest_wait_event(amy, "held");
	assert_int_equal(itest_get_int(ev, "held.id"), approved);
	assert_string_equal(itest_get_str(ev, "held.outcome"), "approved");
	assert_int_equal(itest_get_int(ev, "held.msg_id"), msg);
	assert_null(itest_find(ev, "held.reason"));
	/* The approved one is in the room with its new id, for sync too. */
	reply = itest_call_ok(amy, "sync", json_pack("{s:I}", "since", before));
	assert_int_equal(itest_get_int(json_array_get(itest_get(reply, "msgs"),
	    json_array_size(itest_get(reply, "msgs")) - 1), "id"), msg);
	assert_string_equal(itest_get_str(json_array_get(itest_get(reply,
	    "msgs"), json_array_size(itest_get(reply, "msgs")) - 1), "body"),
	    "Exclusion guidance changed in September");
	itest_close(amy);

	/* Told once: the login after says nothing of them. */
	amy = held_login(w, AMY);
	assert_int_equal(held_events(amy), 0);
	/* Told live: not again at the next login. */
	rejected = hold(amy, ne, "exclusion again");
	itest_call_ok(mo, "held.reject", entry_req(itest_get_int(held_entry(mo,
	    rejected), "id"), "Not here, please"));
	assert_string_equal(itest_get_str(itest_wait_event(amy, "held"),
	    "held.reason"), "Not here, please");
	itest_close(amy);
	amy = held_login(w, AMY);
	assert_int_equal(held_events(amy), 0);
	itest_close(amy);
	itest_close(ben);
	itest_close(mo);
}

static json_t *
export_person(struct held_world *w, const char *handle, const char *dir)
{
	char path[3072], out[8192];
	json_error_t error;
	json_t *doc;

	snprintf(path, sizeof path, "%s/%s", itest_server_state_dir(w->srv),
	    dir);
	itest_ctl_ok(w->srv, NULL, out, sizeof out, "export", "person", handle,
	    path, NULL);
	snprintf(path + strlen(path), sizeof path - strlen(path), "/%s.json",
	    handle);
	if ((doc = json_load_file(path, 0, &error)) == NULL)
		fail_msg("%s: not JSON: %s", path, error.text);
	return doc;
}

static void
export_lists_held_messages_and_erase_removes_them(void **state)
{
	struct held_world *w = *state;
	struct itest_client *zoe, *mo;
	const json_t *row;
	json_int_t waiting, rejected, approved, entry;
	const char *ne = "region:north-east";
	json_t *doc;
	char out[4096], sql[512];
	long long zoe_id;

	zoe = held_login(w, ZOE);
	mo = held_login(w, MO);
	waiting = hold(zoe, ne, "Permanent exclusion panel on Monday");
	rejected = hold(zoe, ne, "exclusion figures for my school");
	approved = hold(zoe, ne, "exclusion training is free this term");
	itest_call_ok(mo, "held.reject", entry_req(itest_get_int(held_entry(mo,
	    rejected), "id"), "Please share figures privately"));
	itest_call_ok(mo, "held.approve", entry_req(itest_get_int(held_entry(
	    mo, approved), "id"), NULL));
	entry = itest_get_int(held_entry(mo, waiting), "id");

	doc = export_person(w, "zoe", "export-zoe");
	row = itest_with_id(itest_get(doc, "held"), waiting);
	assert_non_null(row);
	assert_string_equal(itest_get_str(row, "status"), "waiting");
	assert_string_equal(itest_get_str(row, "body"),
	    "Permanent exclusion panel on Monday");
	assert_string_equal(itest_get_str(row, "room"), ne);
	row = itest_with_id(itest_get(doc, "held"), rejected);
	assert_string_equal(itest_get_str(row, "status"), "rejected");
	assert_string_equal(itest_get_str(row, "reason"),
	    "Please share figures privately");
	row = itest_with_id(itest_get(doc, "held"), approved);
	assert_string_equal(itest_get_str(row, "status"), "approved");
	assert_true(itest_get_int(row, "msg_id") > 0);
	/* The rule by number: the word it watches is not in their data. */
	assert_int_equal(itest_get_int(row, "rule"), itest_db_int(w->srv,
	    "SELECT id FROM watched_words WHERE key = 'exclusion'"));
	assert_null(itest_find(row, "word"));
	/* Nobody else's held messages. */
	assert_int_equal(json_array_size(itest_get(doc, "held")), 3);
	json_decref(doc);

	itest_close(zoe);
	zoe_id = itest_db_int(w->srv, "SELECT id FROM users WHERE handle ="
	    " 'zoe'");
	itest_ctl_ok(w->srv, NULL, out, sizeof out, "erase", "person", "zoe",
	    NULL);
	snprintf(sql, sizeof sql, "SELECT (SELECT count(*) FROM held WHERE"
	    " user_id = %lld) + (SELECT count(*) FROM mod_queue WHERE"
	    " author_id = %lld AND held_id IS NOT NULL)", zoe_id, zoe_id);
	assert_int_equal(itest_db_int(w->srv, sql), 0);
	assert_int_equal(itest_db_int(w->srv, "SELECT count(*) FROM held"
	    " WHERE body LIKE '%Permanent exclusion%' OR body LIKE"
	    " '%figures for my school%'"), 0);
	/* The waiting one has left the queue. */
	assert_null(held_entry(mo, waiting));
	itest_call_error(mo, "held.approve", entry_req(entry, NULL),
	    "not_found");
	itest_close(mo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_the_scopes_moderators_and_admins_decide_and_all_see_it_go),
		cmocka_unit_test(an_author_away_hears_the_outcome_at_the_next_login_once),
		cmocka_unit_test(export_lists_held_messages_and_erase_removes_them),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests(tests, held_setup,
	    held_teardown));
}
