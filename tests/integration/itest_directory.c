/*
 * itest_directory.c: finding people — the directory's filters and what it
 * shows, buddy suggestions (opt-in, blocks, disabled accounts, experience,
 * region closeness), buddy requests, the "while you were away" summary and
 * reporting one message; bad requests for each op.
 *
 * Each test filters on a need code or region no other test uses, so the
 * people of one test never show up in another's results.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

/* A person with this profile (fields is consumed), logged out again. */
static void
person_with_profile(const char *handle, const char *region, json_t *fields)
{
	struct itest_client *c = itest_person_online(itest_shared, handle, region);

	itest_call_ok(c, "profile.set", fields);
	itest_close(c);
}

static const json_t *
find(struct itest_client *c, const char *op, json_t *fields)
{
	return itest_get(itest_call_ok(c, op, fields), "people");
}

/* The handles of a people list, in order, joined by spaces. */
static const char *
handles_of(const json_t *people)
{
	static char buf[512];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < json_array_size(people); i++) {
		if (i > 0)
			strcat(buf, " ");
		strcat(buf, itest_get_str(json_array_get(people, i), "handle"));
	}
	return buf;
}

static void
the_directory_filters_on_what_people_show_and_ranks_by_closeness(void **state)
{
	struct itest_client *uma, *vic;
	const json_t *people;

	person_with_profile("zara", "yorkshire-and-the-humber", json_pack(
	    "{s:[s], s:s, s:[s], s:{s:s}, s:s}", "expertise", "PMLD", "role_title", "senco",
	    "phases", "primary", "school", "name", "Hill Top Academy", "bio", "Happy to help."));
	person_with_profile("yusuf", "yorkshire-and-the-humber", json_pack(
	    "{s:[s], s:s, s:[s]}", "expertise", "SPLD", "role_title", "specialist_teacher",
	    "phases", "secondary"));
	person_with_profile("xena", "yorkshire-and-the-humber", json_pack(
	    "{s:[s], s:s, s:[s, s]}", "expertise", "PMLD", "bio", "Secret garden",
	    "visible", "name", "region"));
	person_with_profile("walt", "yorkshire-and-the-humber", json_pack("{s:[s]}",
	    "expertise", "PMLD"));
	itest_ctl_ok(itest_shared, NULL, NULL, 0, "user", "disable", "walt", NULL);
	person_with_profile("tara", "north-east", json_pack("{s:[s]}", "expertise", "PMLD"));
	person_with_profile("sven", "south-west", json_pack("{s:[s]}", "expertise", "PMLD"));
	vic = itest_person_online(itest_shared, "vic", "yorkshire-and-the-humber");
	itest_call_ok(vic, "profile.set", json_pack("{s:[s]}", "expertise", "PMLD"));
	uma = itest_person_online(itest_shared, "uma", "yorkshire-and-the-humber");
	itest_call_ok(vic, "user.block", json_pack("{s:s}", "handle", "uma"));

	/* Same region, then a neighbour, then the rest; hidden, disabled and blocking never. */
	people = find(uma, "people.search", json_pack("{s:s}", "need", "PMLD"));
	assert_string_equal(handles_of(people), "zara tara sven");
	/* A code in any case (issue 18 #9). */
	people = find(uma, "people.search", json_pack("{s:s}", "need", "pmld"));
	assert_string_equal(handles_of(people), "zara tara sven");
	assert_string_equal(itest_get_str(people, "0.tier"), "region");
	assert_string_equal(itest_get_str(people, "1.tier"), "neighbour");
	assert_string_equal(itest_get_str(people, "2.tier"), "national");
	/* An area finds its codes, the exact code ranking first. */
	people = find(uma, "people.search", json_pack("{s:s, s:s}", "need",
	    "cognition_and_learning", "region", "yorkshire-and-the-humber"));
	assert_string_equal(handles_of(people), "yusuf zara");
	people = find(uma, "people.search", json_pack("{s:s, s:s}", "need", "SPLD",
	    "region", "yorkshire-and-the-humber"));
	assert_string_equal(handles_of(people), "yusuf");
	people = find(uma, "people.search", json_pack("{s:s, s:s}", "role",
	    "specialist_teacher", "region", "yorkshire-and-the-humber"));
	assert_string_equal(handles_of(people), "yusuf");
	people = find(uma, "people.search", json_pack("{s:s, s:s}", "phase", "primary",
	    "region", "yorkshire-and-the-humber"));
	assert_string_equal(handles_of(people), "zara");
	people = find(uma, "people.search", json_pack("{s:s}", "q", "hill top"));
	assert_string_equal(handles_of(people), "zara");
	assert_string_equal(itest_get_str(people, "0.school.name"), "Hill Top Academy");
	people = find(uma, "people.search", json_pack("{s:s}", "q", "secret garden"));
	assert_int_equal(json_array_size(people), 0);
	people = find(uma, "people.search", json_pack("{s:s}", "q", "xena"));
	assert_string_equal(handles_of(people), "xena");
	assert_null(itest_find(json_array_get(people, 0), "expertise"));
	assert_null(itest_find(json_array_get(people, 0), "bio"));
	people = find(uma, "people.search", json_pack("{s:s, s:i}", "need", "PMLD",
	    "limit", 1));
	assert_string_equal(handles_of(people), "zara");

	itest_call_error(uma, "people.search", json_pack("{s:i}", "limit", 0), "bad_request");
	itest_call_error(uma, "people.search", json_pack("{s:i}", "limit", 51), "bad_request");
	itest_call_error(uma, "people.search", json_pack("{s:s}", "region", "atlantis"),
	    "bad_request");
	itest_call_error(uma, "people.search", json_pack("{s:s}", "region", "Bad Slug"),
	    "bad_request");
	/* A region by its name, as people read it, in any case. */
	people = find(uma, "people.search", json_pack("{s:s, s:s}", "phase",
	    "primary", "region", "Yorkshire and the Humber"));
	assert_string_equal(handles_of(people), "zara");
	people = find(uma, "people.search", json_pack("{s:s, s:s}", "phase",
	    "primary", "region", "yorkshire AND the humber"));
	assert_string_equal(handles_of(people), "zara");
	itest_call_error(uma, "people.search", json_pack("{s:s}", "need", "pmldx"), "bad_request");
	itest_call_error(uma, "people.search", json_pack("{s:s}", "phase", "uni"), "bad_request");
	itest_call_error(uma, "people.search", json_pack("{s:s}", "role", "boss"), "bad_request");
	itest_call_error(uma, "people.search", json_pack("{s:s}", "q", ""), "bad_request");
	itest_call_error(uma, "people.search", json_pack("{s:i}", "q", 3), "bad_request");
	itest_assert_alive(uma);
	itest_close(uma);
	itest_close(vic);
}

static json_t *
buddy_profile(int years)
{
	return json_pack("{s:[s], s:i, s:b}", "expertise", "HI", "years_in_role", years,
	    "buddy_available", 1);
}

static void
suggestions_respect_opt_in_blocks_disabled_accounts_and_experience(void **state)
{
	struct itest_client *nina, *tess;
	const json_t *people;

	person_with_profile("opal", "east-of-england", buddy_profile(10));
	person_with_profile("pete", "london", buddy_profile(6));
	person_with_profile("quin", "south-west", buddy_profile(7));
	person_with_profile("rosa", "east-of-england", json_pack("{s:[s], s:i, s:b}",
	    "expertise", "HI", "years_in_role", 9, "buddy_available", 0));
	person_with_profile("sami", "east-of-england", buddy_profile(1));
	person_with_profile("ugo", "east-of-england", buddy_profile(9));
	itest_ctl_ok(itest_shared, NULL, NULL, 0, "user", "disable", "ugo", NULL);
	person_with_profile("vera", "east-of-england", buddy_profile(9));
	tess = itest_person_online(itest_shared, "tess", "east-of-england");
	itest_call_ok(tess, "profile.set", buddy_profile(9));
	nina = itest_person_online(itest_shared, "nina", "east-of-england");
	itest_call_ok(nina, "profile.set", json_pack("{s:i}", "years_in_role", 1));
	itest_call_ok(tess, "user.block", json_pack("{s:s}", "handle", "nina"));
	itest_call_ok(nina, "user.block", json_pack("{s:s}", "handle", "vera"));

	people = find(nina, "buddy.suggest", json_pack("{s:s}", "need", "HI"));
	assert_string_equal(handles_of(people), "opal pete quin");
	assert_string_equal(itest_get_str(people, "0.tier"), "region");
	assert_string_equal(itest_get_str(people, "1.tier"), "neighbour");
	assert_string_equal(itest_get_str(people, "2.tier"), "national");

	/* Long in the role, nina is offered the new one instead. */
	itest_call_ok(nina, "profile.set", json_pack("{s:i}", "years_in_role", 12));
	people = find(nina, "buddy.suggest", json_pack("{s:s}", "need", "HI"));
	assert_string_equal(handles_of(people), "sami");

	itest_call_error(nina, "buddy.suggest", json_pack("{s:i}", "limit", 21), "bad_request");
	itest_call_error(nina, "buddy.suggest", json_pack("{s:s}", "need", "xyz"), "bad_request");
	itest_call_error(nina, "buddy.suggest", json_pack("{s:i}", "phase", 2), "bad_request");
	itest_assert_alive(nina);
	itest_close(nina);
	itest_close(tess);
}

static void
an_accepted_buddy_request_makes_a_chat_only_the_two_can_see(void **state)
{
	struct itest_client *ada = itest_person_online(itest_shared, "ada", "west-midlands");
	struct itest_client *bo = itest_person_online(itest_shared, "bo", "west-midlands");
	struct itest_client *cy = itest_person_online(itest_shared, "cy", "west-midlands");
	const json_t *ev, *reply, *sent;
	const char *room;

	reply = itest_call_ok(ada, "buddy.request", json_pack("{s:s, s:s}", "handle", "bo",
	    "note", "New SENCO here, ASD questions"));
	assert_string_equal(itest_get_str(reply, "request.to"), "bo");
	ev = itest_wait_event(bo, "buddy_request");
	assert_string_equal(itest_get_str(ev, "request.from"), "ada");
	assert_string_equal(itest_get_str(ev, "request.note"), "New SENCO here, ASD questions");
	reply = itest_call_ok(bo, "buddy.requests", NULL);
	assert_string_equal(itest_get_str(reply, "incoming.0.from"), "ada");
	assert_int_equal(json_array_size(itest_get(reply, "outgoing")), 0);
	assert_string_equal(itest_get_str(itest_call_ok(ada, "buddy.requests", NULL),
	    "outgoing.0.to"), "bo");
	itest_call_error(ada, "buddy.request", json_pack("{s:s}", "handle", "bo"), "bad_request");
	itest_call_error(ada, "buddy.request", json_pack("{s:s}", "handle", "ada"), "bad_request");
	itest_call_error(ada, "buddy.request", json_pack("{s:s}", "handle", "nobody.here"),
	    "not_found");
	itest_call_error(ada, "buddy.request", json_pack("{s:s, s:i}", "handle", "cy",
	    "note", 4), "bad_request");

	reply = itest_call_ok(bo, "buddy.request.accept", json_pack("{s:s}", "from", "ada"));
	room = itest_get_str(reply, "room.id");
	assert_string_equal(itest_get_str(reply, "room.kind"), "buddy");
	ev = itest_wait_event(ada, "room");
	assert_string_equal(itest_get_str(ev, "room.id"), room);
	sent = itest_post(ada, room, "thank you!");
	itest_assert_json_equal(itest_wait_msg_from(bo, "ada"), sent);
	itest_call_error(cy, "room.history", json_pack("{s:s}", "room", room), "forbidden");
	itest_call_error(bo, "buddy.request.accept", json_pack("{s:s}", "from", "ada"),
	    "not_found");

	/* Declined, a request is simply gone; a blocker cannot be asked (reads as nobody). */
	itest_call_ok(cy, "buddy.request", json_pack("{s:s}", "handle", "ada"));
	itest_call_ok(ada, "buddy.request.decline", json_pack("{s:s}", "from", "cy"));
	assert_int_equal(json_array_size(itest_get(itest_call_ok(ada, "buddy.requests", NULL),
	    "incoming")), 0);
	itest_call_ok(ada, "user.block", json_pack("{s:s}", "handle", "cy"));
	itest_call_error(cy, "buddy.request", json_pack("{s:s}", "handle", "ada"), "not_found");
	itest_call_error(ada, "buddy.request.decline", NULL, "bad_request");
	itest_close(ada);
	itest_close(bo);
	itest_close(cy);
}

static void
the_summary_gathers_what_happened_while_the_person_was_away(void **state)
{
	const struct itest_user *kai_user = itest_user_add(itest_shared, "kai", "south-east", NULL);
	struct itest_client *lou = itest_person_online(itest_shared, "lou", "south-east");
	struct itest_client *kai;
	const json_t *summary;
	const char *dm;

	dm = itest_get_str(itest_call_ok(lou, "dm.open", json_pack("{s:s}", "with", "kai")),
	    "room.id");
	itest_post(lou, dm, "are you free thursday?");
	itest_post(lou, "region:south-east", "@kai see the new guidance");
	itest_call_ok(lou, "buddy.create", json_pack("{s:s, s:[s]}", "name", "Trio",
	    "members", "kai"));
	itest_call_ok(lou, "buddy.request", json_pack("{s:s}", "handle", "kai"));

	kai = itest_login_user(itest_shared, kai_user);
	summary = itest_call_ok(kai, "summary", NULL);
	assert_int_equal(json_array_size(itest_get(summary, "dms")), 1);
	assert_string_equal(itest_get_str(summary, "dms.0.id"), dm);
	assert_int_equal(itest_get_int(summary, "dms.0.unread"), 1);
	assert_int_equal(itest_get_int(summary, "mentions"), 1);
	assert_string_equal(itest_get_str(summary, "mention_rooms.0.id"), "region:south-east");
	assert_string_equal(itest_get_str(summary, "rooms.0.id"), "region:south-east");
	assert_int_equal(json_array_size(itest_get(summary, "rooms")), 1);
	assert_string_equal(itest_get_str(summary, "invitations.0.room.name"), "Trio");
	assert_string_equal(itest_get_str(summary, "requests.0.from"), "lou");

	/* Read, the DM leaves the summary. */
	itest_call_ok(kai, "room.read", json_pack("{s:s, s:I}", "room", dm, "upto",
	    itest_get_int(itest_find_room(itest_call_ok(kai, "rooms.list", NULL), dm),
	    "last_id")));
	assert_int_equal(json_array_size(itest_get(itest_call_ok(kai, "summary", NULL),
	    "dms")), 0);
	itest_close(kai);
	itest_close(lou);
}

static void
a_member_reports_one_message_they_can_read(void **state)
{
	struct itest_client *mia = itest_person_online(itest_shared, "mia", "north-west");
	struct itest_client *ned = itest_person_online(itest_shared, "ned", "north-west");
	struct itest_client *oli = itest_person_online(itest_shared, "oli", "north-west");
	const char *dm = itest_get_str(itest_call_ok(mia, "dm.open", json_pack("{s:s}",
	    "with", "ned")), "room.id");
	json_int_t dm_msg = itest_get_int(itest_post(mia, dm, "something unkind"), "id");
	json_int_t region_msg = itest_get_int(itest_post(mia, "region:north-west", "hmm"), "id");
	const json_t *reply;
	char reason[1100];

	reply = itest_call_ok(ned, "msg.report", json_pack("{s:I, s:s}", "msg", dm_msg,
	    "reason", "unkind"));
	assert_true(itest_get_int(reply, "report") > 0);
	itest_call_error(ned, "msg.report", json_pack("{s:I, s:s}", "msg", dm_msg,
	    "reason", "again"), "bad_request");
	itest_call_ok(oli, "msg.report", json_pack("{s:I, s:s}", "msg", region_msg,
	    "reason", "off topic"));
	/* Outside the DM, its messages cannot be reported, nor told apart from missing ones. */
	itest_call_error(oli, "msg.report", json_pack("{s:I, s:s}", "msg", dm_msg,
	    "reason", "curious"), "not_found");
	itest_call_error(oli, "msg.report", json_pack("{s:i, s:s}", "msg", 999999,
	    "reason", "nothing"), "not_found");

	memset(reason, 'r', 1001);
	reason[1001] = '\0';
	itest_call_error(ned, "msg.report", json_pack("{s:I, s:s}", "msg", region_msg,
	    "reason", reason), "too_long");
	itest_call_error(ned, "msg.report", json_pack("{s:I, s:s}", "msg", region_msg,
	    "reason", "   "), "bad_request");
	itest_call_error(ned, "msg.report", json_pack("{s:I}", "msg", region_msg),
	    "bad_request");
	itest_call_error(ned, "msg.report", json_pack("{s:s, s:s}", "msg", "x",
	    "reason", "why"), "bad_request");
	itest_call_error(ned, "msg.report", json_pack("{s:i, s:s}", "msg", 0,
	    "reason", "why"), "bad_request");
	itest_assert_alive(ned);
	itest_close(mia);
	itest_close(ned);
	itest_close(oli);
}

static void
a_deleted_message_cannot_be_reported_and_answers_like_a_missing_one(void **state)
{
	struct itest_client *rhys = itest_person_online(itest_shared, "rhys", "north-west");
	struct itest_client *sol = itest_person_online(itest_shared, "sol", "north-west");
	json_int_t gone = itest_get_int(itest_post(rhys, "region:north-west",
	    "said in haste"), "id");

	itest_call_ok(rhys, "msg.delete", json_pack("{s:I}", "msg", gone));
	/* Deleted, missing: the same answer, for others and for the author. */
	itest_call_error(sol, "msg.report", json_pack("{s:I, s:s}", "msg", gone,
	    "reason", "I saw it"), "not_found");
	itest_call_error(sol, "msg.report", json_pack("{s:I, s:s}", "msg",
	    gone + 1000000, "reason", "I saw it"), "not_found");
	itest_call_error(rhys, "msg.report", json_pack("{s:I, s:s}", "msg", gone,
	    "reason", "mine"), "not_found");
	itest_assert_alive(sol);
	itest_close(rhys);
	itest_close(sol);
}

/* The names a client shows for the slugs other replies give (issue 18 #10). */
static void
regions_list_gives_every_region_its_name(void **state)
{
	struct itest_client *ria = itest_person_online(itest_shared, "ria", "east-midlands");
	const json_t *regions;
	char csv[] = "/tmp/staffroom-regions.XXXXXX";
	FILE *f;
	size_t i;
	int fd;

	regions = itest_get(itest_call_ok(ria, "regions.list", NULL), "regions");
	assert_int_equal(json_array_size(regions), 9);
	assert_string_equal(itest_get_str(regions, "0.slug"), "east-midlands");
	assert_string_equal(itest_get_str(regions, "0.name"), "East Midlands");
	for (i = 0; i < json_array_size(regions); i++) {
		if (strcmp(itest_get_str(json_array_get(regions, i), "slug"),
		    "yorkshire-and-the-humber") == 0)
			assert_string_equal(itest_get_str(json_array_get(regions, i),
			    "name"), "Yorkshire and the Humber");
	}
	/* An operator's renaming is what the next request says. */
	/* Read by staffroomctl, which may run as the state's owner. */
	assert_true((fd = mkstemp(csv)) != -1);
	assert_int_equal(fchmod(fd, 0644), 0);
	assert_non_null(f = fdopen(fd, "w"));
	fputs("slug,name,neighbours\neast-midlands,The East Midlands,"
	    "\"west-midlands,yorkshire-and-the-humber,east-of-england\"\n", f);
	assert_int_equal(fclose(f), 0);
	itest_ctl_ok(itest_shared, NULL, NULL, 0, "region", "load", csv, NULL);
	unlink(csv);
	regions = itest_get(itest_call_ok(ria, "regions.list", NULL), "regions");
	assert_int_equal(json_array_size(regions), 9);
	assert_string_equal(itest_get_str(regions, "0.name"), "The East Midlands");
	itest_close(ria);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_directory_filters_on_what_people_show_and_ranks_by_closeness),
		cmocka_unit_test(suggestions_respect_opt_in_blocks_disabled_accounts_and_experience),
		cmocka_unit_test(an_accepted_buddy_request_makes_a_chat_only_the_two_can_see),
		cmocka_unit_test(the_summary_gathers_what_happened_while_the_person_was_away),
		cmocka_unit_test(a_member_reports_one_message_they_can_read),
		cmocka_unit_test(a_deleted_message_cannot_be_reported_and_answers_like_a_missing_one),
		cmocka_unit_test(regions_list_gives_every_region_its_name),
	};
	int failures;

	itest_init();
	failures = cmocka_run_group_tests_name("itest_directory", tests, itest_shared_setup,
	    itest_shared_teardown);
	return itest_finish(failures);
}
