/*
 * itest_people.c: profiles (only the fields a person shows), blocks (no DMs,
 * invitations or mentions across them) and presence (told only to DM and
 * buddy-chat partners; hidden presence), with bad requests for each op.
 */
#include <string.h>

#include "harness.h"
#include "staffroom/proto.h"

static const json_t *
profile_of(struct itest_client *c, const char *handle)
{
	return itest_get(itest_call_ok(c, "profile.get", json_pack("{s:s}", "handle",
	    handle)), "profile");
}

static void
a_profile_shows_others_only_the_fields_its_owner_chose(void **state)
{
	struct itest_client *asha = itest_person_online(itest_shared, "asha", "north-east");
	struct itest_client *ben = itest_person_online(itest_shared, "ben", "london");
	const json_t *mine, *seen;
	char trust[32];

	/* Trust membership is the operators' to set. */
	itest_trust_add(itest_shared, "North Star Trust", "north-east",
	    trust, sizeof trust);
	itest_ctl_ok(itest_shared, NULL, NULL, 0, "trust", "member", "asha", trust, NULL);
	mine = itest_get(itest_call_ok(asha, "profile.set", json_pack(
	    "{s:s, s:{s:s, s:s}, s:[s], s:i, s:b, s:b, s:[s, s], s:s, s:[s, s, s, s], s:b}",
	    "role_title", "senco", "school", "name", "Hill Primary", "urn", "123456",
	    "phases", "primary", "years_in_role", 1, "nasenco", 0, "npq_senco", 1,
	    "expertise", "ASD", "communication_and_interaction", "bio", "New to the role.",
	    "visible", "name", "role_title", "expertise", "region",
	    "buddy_available", 1)), "profile");
	assert_string_equal(itest_get_str(mine, "school.urn"), "123456");
	assert_string_equal(itest_get_str(mine, "trust"), "North Star Trust");
	assert_int_equal(itest_get_int(mine, "years_in_role"), 1);
	assert_true(itest_get_bool(mine, "buddy_available"));
	assert_int_equal(json_array_size(itest_get(mine, "visible")), 4);
	itest_assert_json_equal(itest_get(itest_call_ok(asha, "profile.get", NULL),
	    "profile"), mine);

	seen = profile_of(ben, "asha");
	assert_string_equal(itest_get_str(seen, "handle"), "asha");
	assert_string_equal(itest_get_str(seen, "name"), "Tester asha");
	assert_string_equal(itest_get_str(seen, "role_title"), "senco");
	assert_string_equal(itest_get_str(seen, "region"), "north-east");
	assert_string_equal(itest_get_str(seen, "expertise.0"), "communication_and_interaction");
	assert_string_equal(itest_get_str(seen, "expertise.1"), "ASD");
	assert_null(itest_find(seen, "school"));
	assert_null(itest_find(seen, "trust"));
	assert_null(itest_find(seen, "bio"));
	assert_null(itest_find(seen, "years_in_role"));
	assert_null(itest_find(seen, "phases"));
	assert_null(itest_find(seen, "nasenco"));
	assert_null(itest_find(seen, "visible"));
	assert_null(itest_find(seen, "buddy_available"));

	/* Changing one field leaves the others; null clears. */
	mine = itest_get(itest_call_ok(asha, "profile.set", json_pack("{s:n, s:s}",
	    "bio", "name", "Asha Patel")), "profile");
	assert_null(itest_find(mine, "bio"));
	assert_string_equal(itest_get_str(mine, "role_title"), "senco");
	assert_string_equal(itest_get_str(profile_of(ben, "asha"), "name"), "Asha Patel");
	itest_close(asha);
	itest_close(ben);
}

static void
bad_profile_requests_change_nothing(void **state)
{
	struct itest_client *cai = itest_person_online(itest_shared, "cai", "london");
	const json_t *before = itest_get(itest_call_ok(cai, "profile.set",
	    json_pack("{s:s, s:i}", "role_title", "other", "years_in_role", 4)), "profile");
	char bio[600];

	itest_user_add(itest_shared, "gone.away", "london", NULL);
	itest_ctl_ok(itest_shared, NULL, NULL, 0, "user", "disable", "gone.away", NULL);
	memset(bio, 'x', 501);
	bio[501] = '\0';
	itest_call_error(cai, "profile.set", json_pack("{s:s}", "role_title", "boss"), "bad_request");
	itest_call_error(cai, "profile.set", json_pack("{s:{s:s}}", "school", "urn", "12345"),
	    "bad_request");
	itest_call_error(cai, "profile.set", json_pack("{s:{s:s}}", "school", "urn", "12345a"),
	    "bad_request");
	itest_call_error(cai, "profile.set", json_pack("{s:s}", "school", "Hill"), "bad_request");
	itest_call_error(cai, "profile.set", json_pack("{s:i}", "years_in_role", 61), "bad_request");
	itest_call_error(cai, "profile.set", json_pack("{s:s}", "years_in_role", "3"), "bad_request");
	itest_call_error(cai, "profile.set", json_pack("{s:[s]}", "phases", "nope"), "bad_request");
	itest_call_error(cai, "profile.set", json_pack("{s:[s]}", "expertise", "asd"), "bad_request");
	itest_call_error(cai, "profile.set", json_pack("{s:s}", "expertise", "ASD"), "bad_request");
	itest_call_error(cai, "profile.set", json_pack("{s:[s]}", "visible", "password"), "bad_request");
	itest_call_error(cai, "profile.set", json_pack("{s:s}", "nasenco", "yes"), "bad_request");
	itest_call_error(cai, "profile.set", json_pack("{s:s}", "bio", bio), "too_long");
	itest_call_error(cai, "profile.set", json_pack("{s:s}", "bio", "bell\a"), "bad_text");
	itest_call_error(cai, "profile.set", json_pack("{s:s}", "name", ""), "bad_request");
	itest_call_error(cai, "profile.set", json_pack("{s:s}", "trust", "Mine"), "bad_request");
	itest_call_error(cai, "profile.set", json_pack("{s:s}", "region", "london"), "bad_request");
	/* A request refused part way changes nothing either. */
	itest_call_error(cai, "profile.set", json_pack("{s:s, s:s}", "role_title", "senco",
	    "bio", "bell\a"), "bad_text");
	itest_assert_json_equal(itest_get(itest_call_ok(cai, "profile.get", NULL), "profile"),
	    before);

	itest_call_error(cai, "profile.get", json_pack("{s:s}", "handle", "nobody.here"),
	    "not_found");
	itest_call_error(cai, "profile.get", json_pack("{s:s}", "handle", "gone.away"),
	    "not_found");
	itest_call_error(cai, "profile.get", json_pack("{s:s}", "handle", "No Such"),
	    "bad_request");
	itest_assert_alive(cai);
	itest_close(cai);
}

static void
a_block_stops_dms_invitations_and_mentions(void **state)
{
	struct itest_client *cleo = itest_person_online(itest_shared, "cleo", "south-east");
	struct itest_client *dev = itest_person_online(itest_shared, "dev", "south-east");
	struct itest_client *eli = itest_person_online(itest_shared, "eli", "south-east");
	const char *dm = itest_get_str(itest_call_ok(dev, "dm.open", json_pack("{s:s}",
	    "with", "cleo")), "room.id");
	const json_t *ev, *blocks, *mention;

	itest_post(dev, dm, "hello before");
	itest_call_ok(cleo, "user.block", json_pack("{s:s}", "handle", "dev"));
	ev = itest_wait_event(cleo, "room_gone");
	assert_string_equal(itest_get_str(ev, "room"), dm);
	assert_string_equal(itest_get_str(ev, "reason"), "blocked");
	blocks = itest_get(itest_call_ok(cleo, "user.blocks", NULL), "blocks");
	assert_int_equal(json_array_size(blocks), 1);
	assert_string_equal(itest_get_str(json_array_get(blocks, 0), "handle"), "dev");

	/* The DM is closed to both, and dev can reach cleo no other way. */
	assert_null(itest_room_in(itest_call_ok(cleo, "rooms.list", NULL), dm));
	itest_call_error(cleo, "room.history", json_pack("{s:s}", "room", dm), "forbidden");
	itest_call_error(dev, "room.send", json_pack("{s:s, s:s}", "room", dm,
	    "body", "are you there?"), "forbidden");
	/* To dev, who is blocked, cleo reads as nobody (issue 24's matrix). */
	itest_call_error(dev, "dm.open", json_pack("{s:s}", "with", "cleo"), "not_found");
	itest_call_error(cleo, "dm.open", json_pack("{s:s}", "with", "dev"), "forbidden");
	itest_call_error(dev, "buddy.create", json_pack("{s:s, s:[s]}", "name", "Us",
	    "members", "cleo"), "not_found");
	itest_call_error(dev, "profile.get", json_pack("{s:s}", "handle", "cleo"), "not_found");

	/* dev's @cleo does not reach her; eli's does, and is the first she hears. */
	itest_post(dev, "region:south-east", "@cleo look at this");
	mention = itest_post(eli, "region:south-east", "@cleo and this");
	itest_assert_json_equal(itest_get(itest_wait_event(cleo, "mention"), "msg"), mention);

	itest_call_ok(cleo, "user.unblock", json_pack("{s:s}", "handle", "dev"));
	ev = itest_wait_event(cleo, "room");
	assert_string_equal(itest_get_str(ev, "room.id"), dm);
	assert_int_equal(json_array_size(itest_get(itest_history(cleo, dm, 0, 0), "msgs")), 1);
	itest_post(dev, dm, "hello again");

	itest_call_error(cleo, "user.unblock", json_pack("{s:s}", "handle", "dev"), "not_found");
	itest_call_error(cleo, "user.block", json_pack("{s:s}", "handle", "cleo"), "bad_request");
	itest_call_error(cleo, "user.block", json_pack("{s:s}", "handle", "nobody.here"),
	    "not_found");
	itest_call_error(cleo, "user.block", NULL, "bad_request");
	itest_assert_alive(cleo);
	itest_close(cleo);
	itest_close(dev);
	itest_close(eli);
}

/* Waits for the next presence event and checks whose and which. */
static const json_t *
assert_presence_event(struct itest_client *c, const char *handle, const char *status)
{
	const json_t *p = itest_get(itest_wait_event(c, "presence"), "presence");

	assert_string_equal(itest_get_str(p, "handle"), handle);
	assert_string_equal(itest_get_str(p, "status"), status);
	return p;
}

static void
presence_goes_only_to_dm_and_buddy_partners(void **state)
{
	struct itest_client *fay = itest_person_online(itest_shared, "fay", "north-west");
	const struct itest_user *gus_user = itest_user_add(itest_shared, "gus", "north-west", NULL);
	struct itest_client *gus = itest_login_user(itest_shared, gus_user);
	struct itest_client *hana = itest_person_online(itest_shared, "hana", "north-west");
	struct itest_client *ivan = itest_person_online(itest_shared, "ivan", "north-west");
	const json_t *p, *list;

	itest_call_ok(fay, "dm.open", json_pack("{s:s}", "with", "gus"));
	itest_call_ok(hana, "dm.open", json_pack("{s:s}", "with", "ivan"));

	itest_close(gus);
	p = assert_presence_event(fay, "gus", "offline");
	assert_true(itest_get_int(p, "last_seen") > 0);
	/* hana shares a region with gus, not a room: the first she hears is ivan. */
	itest_call_ok(ivan, "presence.set", json_pack("{s:s}", "status", "away"));
	assert_presence_event(hana, "ivan", "away");

	list = itest_get(itest_call_ok(hana, "presence.get", json_pack("{s:[s, s, s]}",
	    "handles", "gus", "fay", "nobody.here")), "presence");
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(itest_get_str(list, "0.status"), "offline");
	assert_true(itest_get_int(list, "0.last_seen") > 0);
	assert_string_equal(itest_get_str(list, "1.status"), "online");

	gus = itest_login_user(itest_shared, gus_user);
	assert_presence_event(fay, "gus", "online");
	itest_call_ok(fay, "presence.set", json_pack("{s:b}", "hidden", 1));
	p = assert_presence_event(gus, "fay", "hidden");
	assert_null(itest_find(p, "last_seen"));
	list = itest_get(itest_call_ok(hana, "presence.get", json_pack("{s:[s]}",
	    "handles", "fay")), "presence");
	assert_string_equal(itest_get_str(list, "0.status"), "hidden");
	/* Hidden, fay comes and goes unseen; gus hears nothing until she shows. */
	itest_call_ok(fay, "presence.set", json_pack("{s:b, s:s}", "hidden", 0,
	    "status", "away"));
	assert_presence_event(gus, "fay", "away");
	itest_call_ok(fay, "presence.set", json_pack("{s:s}", "status", "online"));
	assert_presence_event(gus, "fay", "online");

	/* Across a block, presence is neither told nor given. */
	itest_call_ok(gus, "user.block", json_pack("{s:s}", "handle", "fay"));
	list = itest_get(itest_call_ok(fay, "presence.get", json_pack("{s:[s]}",
	    "handles", "gus")), "presence");
	assert_int_equal(json_array_size(list), 0);

	itest_call_error(fay, "presence.set", json_pack("{s:s}", "status", "busy"), "bad_request");
	itest_call_error(fay, "presence.set", json_pack("{s:s}", "hidden", "yes"), "bad_request");
	itest_call_error(fay, "presence.get", json_pack("{s:[]}", "handles"), "bad_request");
	itest_call_error(fay, "presence.get", json_pack("{s:s}", "handles", "gus"), "bad_request");
	itest_call_error(fay, "presence.get", json_pack("{s:[i]}", "handles", 3), "bad_request");
	itest_assert_alive(fay);
	itest_close(fay);
	itest_close(gus);
	itest_close(hana);
	itest_close(ivan);
}

/* When kim was last seen, as the database holds it (0: never written). */
#define KIM_LAST_SEEN_SQL \
	"SELECT coalesce(max(p.last_seen_ms), 0) FROM profiles p" \
	" JOIN users u ON u.id = p.user_id WHERE u.handle = 'kim'"

/*
 * A logout makes no commit of its own (one, with its fsync, was most of
 * what it cost): its last_seen is written with others a few seconds later,
 * and at a stop. Presence shows it at once all the same.
 */
static void
last_seen_is_shown_at_once_and_written_later(void **state)
{
	struct itest_server *srv = itest_server_new(NULL);
	const struct itest_user *kim_user;
	struct itest_client *jo, *kim;
	const json_t *list, *members;
	const char *dm;
	json_int_t seen;

	itest_server_start(srv);
	jo = itest_person_online(srv, "jo", "north-west");
	kim_user = itest_user_add(srv, "kim", "north-west", NULL);
	kim = itest_login_user(srv, kim_user);
	dm = itest_get_str(itest_call_ok(jo, "dm.open", json_pack("{s:s}", "with", "kim")),
	    "room.id");
	itest_close(kim);
	seen = itest_get_int(assert_presence_event(jo, "kim", "offline"), "last_seen");
	/*
	 * Not written yet: a logout that committed would have sent its event
	 * only after the commit. (Written every 5 s: this read comes long before.)
	 */
	assert_int_equal(itest_db_int(srv, KIM_LAST_SEEN_SQL), 0);
	list = itest_get(itest_call_ok(jo, "presence.get", json_pack("{s:[s]}",
	    "handles", "kim")), "presence");
	assert_string_equal(itest_get_str(list, "0.status"), "offline");
	assert_int_equal(itest_get_int(list, "0.last_seen"), seen);
	members = itest_get(itest_call_ok(jo, "room.members", json_pack("{s:s}",
	    "room", dm)), "members");
	assert_int_equal(json_array_size(members), 2);
	assert_string_equal(itest_get_str(members, "1.handle"), "kim");
	assert_int_equal(itest_get_int(members, "1.last_seen"), seen);

	/* A stop writes what was still held. */
	itest_close(jo);
	itest_server_stop(srv);
	assert_int_equal(itest_db_int(srv, KIM_LAST_SEEN_SQL), seen);
	itest_server_free(srv);
}

static void
presence_reaches_buddy_chat_members_but_not_the_invited(void **state)
{
	struct itest_client *jay = itest_person_online(itest_shared, "jay", "london");
	struct itest_client *kim = itest_person_online(itest_shared, "kim", "london");
	struct itest_client *lev = itest_person_online(itest_shared, "lev", "london");
	struct itest_client *max = itest_person_online(itest_shared, "max", "london");
	const char *room;

	room = itest_get_str(itest_call_ok(jay, "buddy.create", json_pack("{s:s, s:[s, s]}",
	    "name", "Pair", "members", "kim", "lev")), "room.id");
	itest_call_ok(kim, "buddy.accept", json_pack("{s:s}", "room", room));
	itest_call_ok(max, "dm.open", json_pack("{s:s}", "with", "lev"));
	itest_call_ok(jay, "presence.set", json_pack("{s:s}", "status", "away"));
	assert_presence_event(kim, "jay", "away");
	/* lev is only invited: the first presence lev hears is max's, a DM partner. */
	itest_call_ok(max, "presence.set", json_pack("{s:s}", "status", "away"));
	assert_presence_event(lev, "max", "away");
	itest_close(jay);
	itest_close(kim);
	itest_close(lev);
	itest_close(max);
}

/* The error names the request field it refused, for a form's cursor. */
static void
assert_refused_field(const json_t *reply, const char *field)
{
	assert_string_equal(itest_get_str(reply, "error.field"), field);
}

static void
a_job_title_is_free_text_and_refusals_name_their_field(void **state)
{
	struct itest_client *dot = itest_person_online(itest_shared, "dot", "north-west");
	struct itest_client *eve = itest_person_online(itest_shared, "eve", "north-west");
	const json_t *mine, *hits;
	char long_title[PROTO_MAX_JOB_TITLE + 2];

	mine = itest_get(itest_call_ok(dot, "profile.set", json_pack("{s:s, s:s}",
	    "role_title", "senco", "job_title", "SENCO and Assistant Head")), "profile");
	assert_string_equal(itest_get_str(mine, "job_title"), "SENCO and Assistant Head");
	assert_string_equal(itest_get_str(profile_of(eve, "dot"), "job_title"),
	    "SENCO and Assistant Head");
	hits = itest_get(itest_call_ok(eve, "people.search", json_pack("{s:s}", "q",
	    "assistant head")), "people");
	assert_int_equal(json_array_size(hits), 1);
	assert_string_equal(itest_get_str(json_array_get(hits, 0), "handle"), "dot");

	/* Shown and hidden with the role title. */
	itest_call_ok(dot, "profile.set", json_pack("{s:[s]}", "visible", "name"));
	assert_null(itest_find(profile_of(eve, "dot"), "job_title"));
	assert_int_equal(json_array_size(itest_get(itest_call_ok(eve, "people.search",
	    json_pack("{s:s}", "q", "assistant head")), "people")), 0);

	memset(long_title, 'x', sizeof long_title - 1);
	long_title[sizeof long_title - 1] = '\0';
	assert_refused_field(itest_call_error(dot, "profile.set", json_pack("{s:s}",
	    "job_title", long_title), "too_long"), "job_title");
	assert_refused_field(itest_call_error(dot, "profile.set", json_pack("{s:s}",
	    "job_title", "Head\nof SEND"), "bad_text"), "job_title");
	assert_refused_field(itest_call_error(dot, "profile.set", json_pack("{s:s}",
	    "role_title", "SENCO and Assistant Head"), "bad_request"), "role_title");
	assert_refused_field(itest_call_error(dot, "profile.set", json_pack("{s:s, s:{s:s, s:s}}",
	    "bio", "Fine", "school", "name", "Hill Primary", "urn", "12345"), "bad_request"),
	    "school.urn");
	assert_refused_field(itest_call_error(dot, "profile.set", json_pack("{s:i}",
	    "years_in_role", 61), "bad_request"), "years_in_role");
	assert_refused_field(itest_call_error(dot, "profile.set", json_pack("{s:s}",
	    "job_title", "Lead for L201234567890"), "personal_data_suspected"), "job_title");
	assert_refused_field(itest_call_error(dot, "profile.set", json_pack("{s:s}",
	    "bio", "Please check L201234567890 before Friday"), "personal_data_suspected"),
	    "bio");
	/* Cleared by null or "". */
	assert_null(itest_find(itest_get(itest_call_ok(dot, "profile.set", json_pack("{s:s}",
	    "job_title", "")), "profile"), "job_title"));
	itest_close(dot);
	itest_close(eve);
}

/* The handles people.search gives, in order, joined by spaces. */
static void
assert_found(struct itest_client *c, json_t *filters, const char *want)
{
	const json_t *people = itest_get(itest_call_ok(c, "people.search",
	    filters), "people"), *p;
	char got[256] = "";
	size_t i;

	json_array_foreach(people, i, p)
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s",
		    i > 0 ? " " : "", itest_get_str(p, "handle"));
	assert_string_equal(got, want);
}

/*
 * Once the operator has a schools register, a profile's URN must be one of
 * its schools, whose name it then takes; the directory finds the people of
 * a school (by URN) and of a trust (by name, number or GIAS code).
 */
static void
the_register_checks_a_urn_and_the_directory_finds_a_school_and_a_trust(
    void **state)
{
	struct itest_client *urs = itest_person_online(itest_shared, "ursula", "london");
	struct itest_client *tre = itest_person_online(itest_shared, "trev", "london");
	struct itest_client *fin = itest_person_online(itest_shared, "finn", "london");
	const json_t *reply;
	char trust[32];

	(void)state;
	itest_trust_add(itest_shared, "River Learning Trust", "london",
	    trust, sizeof trust);
	itest_ctl_ok(itest_shared, NULL, NULL, 0, "trust", "member", "trev", trust, NULL);
	itest_sql(itest_shared, "UPDATE trusts SET gias_code = 'TR09876'"
	    " WHERE name = 'River Learning Trust';"
	    "INSERT INTO schools (urn, name, kind, phase, status, closed, la,"
	    " region_id, trust_id, updated_ms) SELECT 100001, 'Riverside Primary"
	    " School', 'Academy converter', 'Primary', 'Open', 0, 'Camden',"
	    " g.id, t.id, 1 FROM regions g, trusts t WHERE g.slug = 'london'"
	    " AND t.name = 'River Learning Trust'");

	reply = itest_call_ok(urs, "profile.set", json_pack("{s:{s:s, s:s}}",
	    "school", "name", "Riverside", "urn", "100001"));
	assert_string_equal(itest_get_str(reply, "profile.school.name"),
	    "Riverside Primary School");
	reply = itest_call_error(tre, "profile.set", json_pack("{s:{s:s}}",
	    "school", "urn", "999999"), "unknown_school");
	assert_string_equal(itest_get_str(reply, "error.field"), "school.urn");
	assert_non_null(strstr(itest_get_str(reply, "error.message"), "999999"));

	assert_found(fin, json_pack("{s:s}", "school", "100001"), "ursula");
	assert_found(fin, json_pack("{s:s}", "trust", "river learning trust"), "trev");
	assert_found(fin, json_pack("{s:s}", "trust", trust), "trev");
	assert_found(fin, json_pack("{s:s}", "trust", "TR09876"), "trev");
	assert_found(fin, json_pack("{s:s, s:s}", "trust", trust, "school",
	    "100001"), "");
	reply = itest_call_error(fin, "people.search", json_pack("{s:s}",
	    "trust", "No Such Trust"), "bad_request");
	assert_string_equal(itest_get_str(reply, "error.field"), "trust");
	itest_call_error(fin, "people.search", json_pack("{s:s}", "school",
	    "12"), "bad_request");
	/* Hidden fields are not searched. */
	itest_call_ok(urs, "profile.set", json_pack("{s:[s]}", "visible", "name"));
	assert_found(fin, json_pack("{s:s}", "school", "100001"), "");
	itest_close(urs);
	itest_close(tre);
	itest_close(fin);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_profile_shows_others_only_the_fields_its_owner_chose),
		cmocka_unit_test(bad_profile_requests_change_nothing),
		cmocka_unit_test(a_job_title_is_free_text_and_refusals_name_their_field),
		cmocka_unit_test(a_block_stops_dms_invitations_and_mentions),
		cmocka_unit_test(presence_goes_only_to_dm_and_buddy_partners),
		cmocka_unit_test(last_seen_is_shown_at_once_and_written_later),
		cmocka_unit_test(presence_reaches_buddy_chat_members_but_not_the_invited),
		cmocka_unit_test(the_register_checks_a_urn_and_the_directory_finds_a_school_and_a_trust),
	};
	int failures;

	itest_init();
	failures = cmocka_run_group_tests_name("itest_people", tests, itest_shared_setup,
	    itest_shared_teardown);
	return itest_finish(failures);
}
