/*
 * itest_mod.c: moderation over real SSH. Reports gather per item in the
 * queue of the item's scope; the scope's moderators list and resolve them;
 * hiding reaches open sessions at once; warnings, mutes, suspensions and
 * bans reach the person in words and end on time by the daemon's clock;
 * and a permission matrix, kept as data: every moderation op by every role
 * in every scope is allowed (and changes something) or refused with its
 * documented code (and changes nothing).
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

static const char *const mod_daemon_args[] = {
	"--post-burst", "100000", "--post-rate", "100000", NULL
};

struct mod_world {
	struct itest_server	*srv;
	const struct itest_user	*amy, *ben, *cal, *mo, *lon, *ada;
	struct itest_client	*c_amy, *c_ben, *c_mo, *c_lon, *c_ada;
	char			 trust[80];	/* "trust:<n>" */
	char			 buddy[80];
	char			 dm[80];
	json_int_t		 board;		/* a private board of amy and ben */
	json_int_t		 thread;	/* on it */
};

static struct mod_world world;

static void
ctl_id(struct itest_server *srv, char *out, size_t size, const char *what,
    const char *name, const char *opt, const char *value, const char *opt2,
    const char *value2)
{
	itest_ctl_ok(srv, NULL, out, size, what, "add", name, opt, value, opt2,
	    value2, NULL);
	out[strcspn(out, "\n")] = '\0';
}

static int
mod_setup(void **state)
{
	struct mod_world *w = &world;
	char id[32];

	w->srv = itest_server_new(mod_daemon_args);
	w->amy = itest_user_add(w->srv, "amy", "north-east", NULL);
	w->ben = itest_user_add(w->srv, "ben", "north-east", NULL);
	w->cal = itest_user_add(w->srv, "cal", "north-east", NULL);
	w->mo = itest_user_add(w->srv, "mo", "north-east", NULL);
	w->lon = itest_user_add(w->srv, "lon", "london", NULL);
	w->ada = itest_user_add(w->srv, "ada", "london", NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "user", "set", "mo", "--role", "moderator", NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "user", "set", "lon", "--role", "moderator", NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "user", "set", "ada", "--role", "admin", NULL);
	ctl_id(w->srv, id, sizeof id, "trust", "Tyne MAT", "--region", "north-east",
	    NULL, NULL);
	snprintf(w->trust, sizeof w->trust, "trust:%s", id);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member", "amy", id, NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member", "ben", id, NULL);
	ctl_id(w->srv, id, sizeof id, "board", "Circle", "--scope", "private",
	    "--members", "amy,ben");
	w->board = strtoll(id, NULL, 10);
	itest_server_start(w->srv);
	w->c_amy = itest_login_user(w->srv, w->amy);
	w->c_ben = itest_login_user(w->srv, w->ben);
	w->c_mo = itest_login_user(w->srv, w->mo);
	w->c_lon = itest_login_user(w->srv, w->lon);
	w->c_ada = itest_login_user(w->srv, w->ada);
	snprintf(w->buddy, sizeof w->buddy, "%s", itest_get_str(itest_call_ok(w->c_amy,
	    "buddy.create", json_pack("{s:s, s:[s]}", "name", "pair", "members", "ben")),
	    "room.id"));
	itest_call_ok(w->c_ben, "buddy.accept", json_pack("{s:s}", "room", w->buddy));
	snprintf(w->dm, sizeof w->dm, "%s", itest_get_str(itest_call_ok(w->c_amy,
	    "dm.open", json_pack("{s:s}", "with", "ben")), "room.id"));
	w->thread = itest_get_int(itest_call_ok(w->c_amy, "thread.create",
	    json_pack("{s:I, s:s, s:s}", "board", w->board, "title", "Plans",
	    "body", "first")), "thread.id");
	*state = w;
	return 0;
}

static int
mod_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

static json_t *
msg_field(json_int_t id)
{
	return json_pack("{s:I}", "msg", id);
}

/* The entry with this id heads ada's (the admin's) queue from just before it. */
static const json_t *
entry_in_queue(struct itest_client *c, json_int_t entry)
{
	const json_t *entries = itest_get(itest_call_ok(c, "mod.queue",
	    json_pack("{s:I, s:i}", "after", entry - 1, "limit", 1)), "entries");

	if (json_array_size(entries) == 0 ||
	    itest_get_int(json_array_get(entries, 0), "id") != entry)
		return NULL;
	return json_array_get(entries, 0);
}

/* The open entry of the item just reported: the newest of ada's queue. */
static json_int_t
newest_entry(void)
{
	const json_t *reply, *entries;
	json_int_t after = 0, id = 0;

	do {
		reply = itest_call_ok(world.c_ada, "mod.queue",
		    json_pack("{s:I, s:i}", "after", after, "limit", 50));
		entries = itest_get(reply, "entries");
		if (json_array_size(entries) > 0)
			id = after = itest_get_int(json_array_get(entries,
			    json_array_size(entries) - 1), "id");
	} while (itest_get_bool(reply, "more"));
	assert_true(id > 0);
	return id;
}

static void
drain(struct itest_client *c, const char *ev)
{
	itest_assert_alive(c);
	while (itest_unclaimed_events(c, ev) > 0)
		itest_wait_event(c, ev);
}

/* --- the report, the queue and its entry ---------------------------------------- */

static void
reports_of_one_message_are_one_entry_for_the_regions_moderators(void **state)
{
	struct mod_world *w = *state;
	struct itest_client *cal = itest_login_user(w->srv, w->cal);
	json_int_t before = itest_get_int(itest_post(w->c_amy, "region:north-east",
	    "context one"), "id");
	json_int_t id = itest_get_int(itest_post(w->c_amy, "region:north-east",
	    "Jo Bloggs at Hill School has an EHCP now"), "id");
	json_int_t after = itest_get_int(itest_post(w->c_amy, "region:north-east",
	    "context two"), "id");
	const json_t *entry, *reply, *ctx;
	json_int_t entry_id, report;

	report = itest_get_int(itest_call_ok(w->c_ben, "msg.report", json_pack(
	    "{s:I, s:s, s:s}", "msg", id, "kind", "pupil_information",
	    "reason", "names a pupil")), "report");
	/* Today's client sends no kind: it is "other". */
	itest_call_ok(cal, "msg.report", json_pack("{s:I, s:s}", "msg", id,
	    "reason", "please look"));
	itest_call_error(cal, "msg.report", json_pack("{s:I, s:s, s:s}", "msg", id,
	    "kind", "rude", "reason", "x"), "bad_request");
	entry_id = newest_entry();
	entry = entry_in_queue(w->c_mo, entry_id);
	assert_non_null(entry);
	assert_string_equal(itest_get_str(entry, "scope"), "region:north-east");
	assert_int_equal(itest_get_int(entry, "msg.id"), id);
	assert_false(itest_get_bool(entry, "msg.hidden"));
	assert_int_equal(json_array_size(itest_get(entry, "reports")), 2);
	assert_string_equal(itest_get_str(entry, "reports.0.kind"), "pupil_information");
	assert_string_equal(itest_get_str(entry, "reports.0.from"), "ben");
	assert_string_equal(itest_get_str(entry, "reports.1.kind"), "other");
	ctx = itest_get(entry, "context.before");
	assert_true(json_array_size(ctx) >= 1 && json_array_size(ctx) <= 5);
	assert_int_equal(itest_get_int(json_array_get(ctx, json_array_size(ctx) - 1),
	    "id"), before);
	assert_int_equal(itest_get_int(entry, "context.after.0.id"), after);
	assert_string_equal(itest_get_str(entry, "author.handle"), "amy");
	/* Another region's moderator never sees it; a member has no queue. */
	assert_null(entry_in_queue(w->c_lon, entry_id));
	itest_call_error(w->c_ben, "mod.queue", NULL, "forbidden");
	itest_call_error(w->c_lon, "mod.resolve", json_pack("{s:I, s:s}", "entry",
	    entry_id, "action", "dismiss"), "not_found");

	/* Hide and warn at once: the room loses it, amy reads why, reporters learn only the outcome. */
	drain(w->c_ben, "msg.edit");
	drain(w->c_amy, "sanction");
	reply = itest_call_ok(w->c_mo, "mod.resolve", json_pack("{s:I, s:s, s:s, s:b}",
	    "entry", entry_id, "action", "warn", "reason", "Please never name pupils here",
	    "hide", 1));
	assert_true(itest_get_int(reply, "sanction") > 0);
	assert_int_equal(itest_get_int(itest_wait_event(w->c_ben, "msg.edit"), "msg.id"), id);
	assert_string_equal(itest_get_str(itest_wait_event(w->c_amy, "sanction"),
	    "sanction.reason"), "Please never name pupils here");
	entry = itest_wait_event(w->c_ben, "report");
	assert_int_equal(itest_get_int(entry, "report.id"), report);
	assert_string_equal(itest_get_str(entry, "report.outcome"), "action_taken");
	assert_null(itest_find(entry, "report.action"));
	itest_call_error(w->c_ben, "msg.history", msg_field(id), "not_found");
	assert_null(entry_in_queue(w->c_mo, entry_id));
	itest_call_error(w->c_mo, "mod.resolve", json_pack("{s:I, s:s}", "entry",
	    entry_id, "action", "dismiss"), "not_found");
	/* The warning stays in amy's record for the next moderator. */
	itest_call_ok(w->c_ben, "msg.report", json_pack("{s:I, s:s}", "msg", after,
	    "reason", "again"));
	entry = entry_in_queue(w->c_mo, newest_entry());
	assert_string_equal(itest_get_str(entry, "author.sanctions.0.kind"), "warn");
	itest_call_ok(w->c_mo, "mod.resolve", json_pack("{s:I, s:s}", "entry",
	    itest_get_int(entry, "id"), "action", "dismiss"));
	assert_string_equal(itest_get_str(itest_wait_event(w->c_ben, "report"),
	    "report.outcome"), "no_action");
	itest_close(cal);
}

static void
a_post_report_goes_to_the_queue_of_its_board(void **state)
{
	struct mod_world *w = *state;
	json_int_t post = itest_get_int(itest_call_ok(w->c_amy, "post.reply",
	    json_pack("{s:I, s:s}", "thread", w->thread, "body", "spam spam")), "post.id");
	const json_t *entry;

	itest_call_ok(w->c_ben, "post.report", json_pack("{s:I, s:s, s:s}", "post", post,
	    "kind", "spam", "reason", "advert"));
	entry = entry_in_queue(w->c_ada, newest_entry());
	assert_string_equal(itest_get_str(entry, "scope"), "private");
	assert_int_equal(itest_get_int(entry, "post.id"), post);
	/* Private boards are the admins' alone. */
	assert_null(entry_in_queue(w->c_mo, itest_get_int(entry, "id")));
	itest_call_ok(w->c_ada, "mod.resolve", json_pack("{s:I, s:s, s:s}", "entry",
	    itest_get_int(entry, "id"), "action", "hide", "reason", "advertising"));
	itest_call_error(w->c_ben, "post.history", json_pack("{s:I}", "post", post),
	    "not_found");
}

/* --- hiding and showing chat messages ---------------------------------------------- */

static void
a_moderator_hides_a_message_for_everyone_and_shows_it_again(void **state)
{
	struct mod_world *w = *state;
	json_int_t id = itest_get_int(itest_post(w->c_amy, "region:north-east",
	    "hide me"), "id");
	const json_t *ev;

	drain(w->c_ben, "msg.edit");
	itest_call_ok(w->c_mo, "msg.delete", msg_field(id));
	ev = itest_wait_event(w->c_ben, "msg.edit");
	assert_int_equal(itest_get_int(ev, "msg.id"), id);
	assert_true(itest_get_bool(ev, "msg.hidden"));
	itest_call_error(w->c_ben, "msg.history", msg_field(id), "not_found");
	/* Gone from history for all but the room's moderators, when they ask. */
	assert_int_equal(itest_get_int(itest_history(w->c_ben, "region:north-east", 0, 1),
	    "msgs.0.id") < id, 1);
	itest_call_error(w->c_ben, "room.history", json_pack("{s:s, s:b}", "room",
	    "region:north-east", "hidden", 1), "forbidden");
	ev = itest_call_ok(w->c_mo, "room.history", json_pack("{s:s, s:b, s:i}", "room",
	    "region:north-east", "hidden", 1, "limit", 1));
	assert_int_equal(itest_get_int(ev, "msgs.0.id"), id);
	assert_true(itest_get_bool(ev, "msgs.0.hidden"));
	itest_call_error(w->c_mo, "msg.delete", msg_field(id), "not_found");
	itest_call_error(w->c_amy, "msg.restore", msg_field(id), "not_found");
	itest_call_ok(w->c_mo, "msg.restore", msg_field(id));
	assert_string_equal(itest_get_str(itest_wait_event(w->c_ben, "msg.edit"),
	    "msg.body"), "hide me");
	itest_call_ok(w->c_ben, "msg.history", msg_field(id));
	itest_call_error(w->c_mo, "msg.restore", msg_field(id), "not_found");
}

/* --- sanctions --------------------------------------------------------------------- */

/* amy's message reported by ben and resolved by mo with these fields. */
static const json_t *
sanction_amy(json_t *fields)
{
	json_int_t id = itest_get_int(itest_post(world.c_amy, "region:north-east",
	    "something"), "id");

	itest_call_ok(world.c_ben, "msg.report", json_pack("{s:I, s:s}", "msg", id,
	    "reason", "look"));
	json_object_set_new(fields, "entry", json_integer(newest_entry()));
	return itest_call_ok(world.c_mo, "mod.resolve", fields);
}

static void
a_muted_person_is_told_why_and_until_when(void **state)
{
	struct mod_world *w = *state;
	json_int_t id;
	const json_t *reply;

	drain(w->c_amy, "sanction");
	id = itest_get_int(sanction_amy(json_pack("{s:s, s:s, s:i, s:s}", "action",
	    "mute", "reason", "cool off", "minutes", 30, "where", "room")), "sanction");
	assert_string_equal(itest_get_str(itest_wait_event(w->c_amy, "sanction"),
	    "sanction.kind"), "mute");
	reply = itest_call_error(w->c_amy, "room.send", json_pack("{s:s, s:s}", "room",
	    "region:north-east", "body", "but"), "muted");
	assert_true(itest_get_int(reply, "error.until") > 0);
	assert_non_null(strstr(itest_get_str(reply, "error.message"), "cool off"));
	assert_non_null(strstr(itest_get_str(reply, "error.message"), "until"));
	/* In that room only: elsewhere amy writes. */
	itest_post(w->c_amy, "national", "still here");
	itest_call_error(w->c_ben, "mod.lift", json_pack("{s:I}", "sanction", id),
	    "forbidden");
	itest_call_ok(w->c_mo, "mod.lift", json_pack("{s:I}", "sanction", id));
	itest_post(w->c_amy, "region:north-east", "back");
	itest_call_error(w->c_mo, "mod.lift", json_pack("{s:I}", "sanction", id),
	    "not_found");
}

static void
a_suspended_person_is_closed_with_the_reason_and_cannot_come_back(void **state)
{
	struct mod_world *w = *state;
	struct itest_client *again;
	const json_t *bye;
	json_int_t id;

	id = itest_get_int(sanction_amy(json_pack("{s:s, s:s, s:i}", "action",
	    "suspend", "reason", "a week off", "minutes", 7 * 24 * 60)), "sanction");
	bye = itest_wait_event(w->c_amy, "bye");
	assert_string_equal(itest_get_str(bye, "reason"), "suspended");
	assert_string_equal(itest_get_str(bye, "message"), "a week off");
	assert_true(itest_get_int(bye, "until") > 0);
	itest_wait_closed(w->c_amy);
	itest_close(w->c_amy);
	again = itest_login_unread(w->srv, w->amy);
	assert_string_equal(itest_get_str(itest_wait_event(again, "bye"), "reason"),
	    "suspended");
	itest_wait_closed(again);
	assert_int_equal(itest_unclaimed_events(again, "hello"), 0);
	itest_close(again);
	itest_call_ok(w->c_ada, "mod.lift", json_pack("{s:I}", "sanction", id));
	w->c_amy = itest_login_user(w->srv, w->amy);
	/* The suspension came while amy was online: it is not told again. */
	itest_assert_alive(w->c_amy);
	assert_int_equal(itest_unclaimed_events(w->c_amy, "sanction"), 0);
}

static void
a_ban_holds_until_lifted_and_a_warning_waits_for_the_next_login(void **state)
{
	struct mod_world *w = *state;
	json_int_t earlier = itest_get_int(itest_post(w->c_amy, "region:north-east",
	    "earlier words"), "id");
	const json_t *bye, *ev;
	json_int_t id;

	id = itest_get_int(sanction_amy(json_pack("{s:s, s:s}", "action", "ban",
	    "reason", "repeated")), "sanction");
	bye = itest_wait_event(w->c_amy, "bye");
	assert_string_equal(itest_get_str(bye, "reason"), "banned");
	assert_true(json_is_null(itest_get(bye, "until")));
	itest_wait_closed(w->c_amy);
	itest_close(w->c_amy);
	/* Warned while away: the warning waits for the next session. */
	itest_call_ok(w->c_ben, "msg.report", json_pack("{s:I, s:s}", "msg", earlier,
	    "reason", "tone"));
	itest_call_ok(w->c_mo, "mod.resolve", json_pack("{s:I, s:s, s:s}", "entry",
	    newest_entry(), "action", "warn", "reason", "mind the tone"));
	itest_call_ok(w->c_ada, "mod.lift", json_pack("{s:I}", "sanction", id));
	w->c_amy = itest_login_user(w->srv, w->amy);
	ev = itest_wait_event(w->c_amy, "sanction");
	assert_string_equal(itest_get_str(ev, "sanction.kind"), "warn");
	assert_string_equal(itest_get_str(ev, "sanction.reason"), "mind the tone");
	itest_assert_alive(w->c_amy);
	/* Told once: the session after has nothing waiting. */
	assert_int_equal(itest_unclaimed_events(w->c_amy, "sanction"), 0);
	itest_close(w->c_amy);
	w->c_amy = itest_login_user(w->srv, w->amy);
	itest_assert_alive(w->c_amy);
	assert_int_equal(itest_unclaimed_events(w->c_amy, "sanction"), 0);
}

/* Sanctions end by the daemon's clock: a restart two hours on finds them over. */
static void
sanctions_end_on_time_by_the_daemons_clock(void **state)
{
	const char *later[] = { "--test-clock-offset", "2h", NULL };
	struct itest_server *srv = itest_server_new(mod_daemon_args);
	const struct itest_user *amy = itest_user_add(srv, "amy", "london", NULL);
	const struct itest_user *ben = itest_user_add(srv, "ben", "london", NULL);
	const struct itest_user *eve = itest_user_add(srv, "eve", "london", NULL);
	const struct itest_user *mo = itest_user_add(srv, "mo", "london", NULL);
	struct itest_client *a, *b, *e, *m;
	json_int_t id;

	(void)state;
	itest_ctl_ok(srv, NULL, NULL, 0, "user", "set", "mo", "--role", "moderator", NULL);
	itest_server_start(srv);
	a = itest_login_user(srv, amy);
	b = itest_login_user(srv, ben);
	e = itest_login_user(srv, eve);
	m = itest_login_user(srv, mo);
	/* amy muted for an hour, eve suspended for an hour, ben banned. */
	id = itest_get_int(itest_post(a, "national", "one"), "id");
	itest_call_ok(m, "msg.report", json_pack("{s:I, s:s}", "msg", id, "reason", "r"));
	itest_call_ok(m, "mod.resolve", json_pack("{s:i, s:s, s:s, s:i}", "entry", 1,
	    "action", "mute", "reason", "an hour", "minutes", 60));
	id = itest_get_int(itest_post(e, "national", "two"), "id");
	itest_call_ok(m, "msg.report", json_pack("{s:I, s:s}", "msg", id, "reason", "r"));
	itest_call_ok(m, "mod.resolve", json_pack("{s:i, s:s, s:s, s:i}", "entry", 2,
	    "action", "suspend", "reason", "an hour", "minutes", 60));
	id = itest_get_int(itest_post(b, "national", "three"), "id");
	itest_call_ok(m, "msg.report", json_pack("{s:I, s:s}", "msg", id, "reason", "r"));
	itest_call_ok(m, "mod.resolve", json_pack("{s:i, s:s, s:s}", "entry", 3,
	    "action", "ban", "reason", "for good"));
	itest_call_error(a, "room.send", json_pack("{s:s, s:s}", "room", "national",
	    "body", "x"), "muted");
	itest_wait_closed(e);
	itest_wait_closed(b);
	itest_close(a);
	itest_close(b);
	itest_close(e);
	itest_close(m);
	itest_server_stop(srv);

	itest_server_add_args(srv, later);
	itest_server_start(srv);
	a = itest_login_user(srv, amy);
	itest_post(a, "national", "the hour is over");
	e = itest_login_user(srv, eve);
	itest_assert_alive(e);
	b = itest_login_unread(srv, ben);
	assert_string_equal(itest_get_str(itest_wait_event(b, "bye"), "reason"),
	    "banned");
	itest_close(a);
	itest_close(b);
	itest_close(e);
	itest_server_free(srv);
}

/* --- the permission matrix ------------------------------------------------------- */

/*
 * Every moderation op, by every role, in every scope: allowed, or refused
 * with its documented code and nothing changed. The roles: a member who
 * reads the item (ben), a moderator of its scope (mo, of north-east, where
 * the region, the trust and the people are; for the private scopes the
 * nearest there is), a moderator of another scope (lon, of london; every
 * moderator moderates national) and an admin (ada). amy writes every item.
 */
enum mx_scope { MX_NATIONAL, MX_REGION, MX_TRUST, MX_BOARD, MX_BUDDY, MX_DM, MX_NSCOPES };
enum mx_role { MX_MEMBER, MX_MOD_HERE, MX_MOD_OTHER, MX_ADMIN, MX_NROLES };
enum mx_op { MX_HIDE, MX_RESTORE, MX_QUEUE, MX_DISMISS, MX_WARN, MX_MUTE, MX_LIFT, MX_NOPS };

static const char *const mx_scope_names[MX_NSCOPES] = {
	"national", "region", "trust", "private board", "buddy chat", "DM",
};
static const char *const mx_role_names[MX_NROLES] = {
	"member", "moderator of this scope", "moderator of another scope", "admin",
};
static const char *const mx_op_names[MX_NOPS] = {
	"hide (msg.delete, post.delete)", "restore (msg.restore, post.restore)",
	"mod.queue lists it", "mod.resolve dismiss", "mod.resolve warn",
	"mod.resolve mute", "mod.lift",
};

/* "ok", a refusal's code, or for mod.queue "listed" / "unlisted". */
static const char *const mx_expect[MX_NOPS][MX_NSCOPES][MX_NROLES] = {
	[MX_HIDE] = {
		[MX_NATIONAL] =	{ "forbidden", "ok", "ok", "ok" },
		[MX_REGION] =	{ "forbidden", "ok", "not_found", "ok" },
		[MX_TRUST] =	{ "forbidden", "ok", "not_found", "ok" },
		[MX_BOARD] =	{ "forbidden", "not_found", "not_found", "ok" },
		[MX_BUDDY] =	{ "forbidden", "not_found", "not_found", "not_found" },
		[MX_DM] =	{ "forbidden", "not_found", "not_found", "not_found" },
	},
	[MX_RESTORE] = {
		[MX_NATIONAL] =	{ "not_found", "ok", "ok", "ok" },
		[MX_REGION] =	{ "not_found", "ok", "not_found", "ok" },
		[MX_TRUST] =	{ "not_found", "ok", "not_found", "ok" },
		[MX_BOARD] =	{ "not_found", "not_found", "not_found", "ok" },
		[MX_BUDDY] =	{ "not_found", "not_found", "not_found", "not_found" },
		[MX_DM] =	{ "not_found", "not_found", "not_found", "not_found" },
	},
	[MX_QUEUE] = {
		[MX_NATIONAL] =	{ "forbidden", "listed", "listed", "listed" },
		[MX_REGION] =	{ "forbidden", "listed", "unlisted", "listed" },
		[MX_TRUST] =	{ "forbidden", "listed", "unlisted", "listed" },
		[MX_BOARD] =	{ "forbidden", "unlisted", "unlisted", "listed" },
		[MX_BUDDY] =	{ "forbidden", "unlisted", "unlisted", "listed" },
		[MX_DM] =	{ "forbidden", "unlisted", "unlisted", "listed" },
	},
#define MX_RESOLVE_ROWS \
		[MX_NATIONAL] =	{ "forbidden", "ok", "ok", "ok" }, \
		[MX_REGION] =	{ "forbidden", "ok", "not_found", "ok" }, \
		[MX_TRUST] =	{ "forbidden", "ok", "not_found", "ok" }, \
		[MX_BOARD] =	{ "forbidden", "not_found", "not_found", "ok" }, \
		[MX_BUDDY] =	{ "forbidden", "not_found", "not_found", "ok" }, \
		[MX_DM] =	{ "forbidden", "not_found", "not_found", "ok" },
	[MX_DISMISS] = { MX_RESOLVE_ROWS },
	[MX_WARN] = { MX_RESOLVE_ROWS },
	[MX_MUTE] = { MX_RESOLVE_ROWS },
	[MX_LIFT] = { MX_RESOLVE_ROWS },
#undef MX_RESOLVE_ROWS
};

static struct itest_client *
mx_actor(enum mx_role role)
{
	struct itest_client *const actors[MX_NROLES] = {
		world.c_ben, world.c_mo, world.c_lon, world.c_ada,
	};

	return actors[role];
}

static bool
mx_is_post(enum mx_scope scope)
{
	return scope == MX_BOARD;
}

/* A new item of amy's in the scope. */
static json_int_t
mx_item(enum mx_scope scope)
{
	const char *const rooms[MX_NSCOPES] = {
		"national", "region:north-east", world.trust, NULL, world.buddy,
		world.dm,
	};

	if (mx_is_post(scope))
		return itest_get_int(itest_call_ok(world.c_amy, "post.reply",
		    json_pack("{s:I, s:s}", "thread", world.thread, "body",
		    "an item")), "post.id");
	return itest_get_int(itest_post(world.c_amy, rooms[scope], "an item"), "id");
}

static json_t *
mx_item_field(enum mx_scope scope, json_int_t id)
{
	return json_pack("{s:I}", mx_is_post(scope) ? "post" : "msg", id);
}

/* Whether who can see the item (its history answers). */
static bool
mx_visible(struct itest_client *who, enum mx_scope scope, json_int_t id)
{
	return itest_find(itest_call(who, mx_is_post(scope) ? "post.history" :
	    "msg.history", mx_item_field(scope, id)), "error") == NULL;
}

/* ben reports the item: its open entry. */
static json_int_t
mx_entry(enum mx_scope scope, json_int_t id)
{
	json_t *fields = mx_item_field(scope, id);

	json_object_set_new(fields, "reason", json_string("matrix"));
	itest_call_ok(world.c_ben, mx_is_post(scope) ? "post.report" : "msg.report",
	    fields);
	return newest_entry();
}

/* Whether amy may write now (not muted): an item in the national room. */
static bool
mx_amy_speaks(void)
{
	return itest_find(itest_call(world.c_amy, "room.send", json_pack(
	    "{s:s, s:s}", "room", "national", "body", "may I?")), "error") == NULL;
}

/* The reply's outcome as the table writes it. */
static const char *
mx_outcome(const json_t *reply)
{
	return itest_find(reply, "error") == NULL ? "ok" :
	    itest_get_str(reply, "error.code");
}

/* One cell: the outcome, and on a refusal, nothing changed. */
static const char *
mx_cell(enum mx_op op, enum mx_scope scope, enum mx_role role, bool *unchanged)
{
	struct itest_client *actor = mx_actor(role);
	json_int_t id = mx_item(scope), entry, sanction;
	const json_t *reply;
	const char *got;

	*unchanged = true;
	switch (op) {
	case MX_HIDE:
		got = mx_outcome(itest_call(actor, mx_is_post(scope) ? "post.delete" :
		    "msg.delete", mx_item_field(scope, id)));
		*unchanged = mx_visible(world.c_ben, scope, id);
		return got;
	case MX_RESTORE:
		itest_call_ok(world.c_amy, mx_is_post(scope) ? "post.delete" :
		    "msg.delete", mx_item_field(scope, id));
		got = mx_outcome(itest_call(actor, mx_is_post(scope) ? "post.restore" :
		    "msg.restore", mx_item_field(scope, id)));
		*unchanged = !mx_visible(world.c_amy, scope, id);
		return got;
	case MX_QUEUE:
		entry = mx_entry(scope, id);
		reply = itest_call(actor, "mod.queue", json_pack("{s:I, s:i}",
		    "after", entry - 1, "limit", 1));
		if (itest_find(reply, "error") != NULL)
			got = mx_outcome(reply);
		else
			got = entry_in_queue(actor, entry) != NULL ? "listed" : "unlisted";
		itest_call_ok(world.c_ada, "mod.resolve", json_pack("{s:I, s:s}",
		    "entry", entry, "action", "dismiss"));
		return got;
	case MX_DISMISS:
	case MX_WARN:
	case MX_MUTE:
		entry = mx_entry(scope, id);
		reply = itest_call(actor, "mod.resolve", json_pack("{s:I, s:s, s:s, s:i}",
		    "entry", entry, "action", op == MX_DISMISS ? "dismiss" :
		    op == MX_WARN ? "warn" : "mute", "reason", "matrix", "minutes", 10));
		got = mx_outcome(reply);
		*unchanged = entry_in_queue(world.c_ada, entry) != NULL && mx_amy_speaks();
		if (itest_find(reply, "sanction") != NULL)
			itest_call(world.c_ada, "mod.lift", json_pack("{s:I}", "sanction",
			    itest_get_int(reply, "sanction")));
		if (*unchanged)
			itest_call_ok(world.c_ada, "mod.resolve", json_pack("{s:I, s:s}",
			    "entry", entry, "action", "dismiss"));
		return got;
	case MX_LIFT:
		entry = mx_entry(scope, id);
		sanction = itest_get_int(itest_call_ok(world.c_ada, "mod.resolve",
		    json_pack("{s:I, s:s, s:s, s:i}", "entry", entry, "action", "mute",
		    "reason", "matrix", "minutes", 10)), "sanction");
		got = mx_outcome(itest_call(actor, "mod.lift", json_pack("{s:I}",
		    "sanction", sanction)));
		*unchanged = !mx_amy_speaks();
		if (*unchanged)
			itest_call_ok(world.c_ada, "mod.lift", json_pack("{s:I}",
			    "sanction", sanction));
		return got;
	case MX_NOPS:
		break;
	}
	fail_msg("no op %d", op);
	return NULL;
}

static void
every_moderation_op_by_every_role_in_every_scope(void **state)
{
	int op, scope, role, bad = 0;
	const char *want, *got;
	bool unchanged;

	(void)state;
	for (op = 0; op < MX_NOPS; op++)
		for (scope = 0; scope < MX_NSCOPES; scope++)
			for (role = 0; role < MX_NROLES; role++) {
				want = mx_expect[op][scope][role];
				got = mx_cell(op, scope, role, &unchanged);
				/* Allowed changes something; refused, nothing. */
				if (strcmp(got, want) == 0 && (op == MX_QUEUE ||
				    unchanged == (strcmp(want, "ok") != 0)))
					continue;
				print_error("%s, %s, %s: want %s, got %s%s\n",
				    mx_op_names[op], mx_scope_names[scope],
				    mx_role_names[role], want, got, strcmp(got, "ok") == 0 ?
				    (unchanged ? " (and nothing changed)" : "") :
				    (unchanged ? "" : " (and it changed something)"));
				bad++;
			}
	assert_int_equal(bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reports_of_one_message_are_one_entry_for_the_regions_moderators),
		cmocka_unit_test(a_post_report_goes_to_the_queue_of_its_board),
		cmocka_unit_test(a_moderator_hides_a_message_for_everyone_and_shows_it_again),
		cmocka_unit_test(a_muted_person_is_told_why_and_until_when),
		cmocka_unit_test(a_suspended_person_is_closed_with_the_reason_and_cannot_come_back),
		cmocka_unit_test(a_ban_holds_until_lifted_and_a_warning_waits_for_the_next_login),
		cmocka_unit_test(sanctions_end_on_time_by_the_daemons_clock),
		cmocka_unit_test(every_moderation_op_by_every_role_in_every_scope),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests(tests, mod_setup, mod_teardown));
}
