/*
 * itest_meetings.c: meeting series and meetings over real SSH — who is in a
 * series (named people who accepted, whole trusts and their later members,
 * observers), a meeting from agenda to minutes on the series' board, record
 * lines typed in the room, refusals that change nothing, actions carried
 * into the next meeting and closed there, UK times, and people outside a
 * series seeing nothing of it (not found, not listed, not synced, not
 * searched; an admin who adds a trust to it neither).
 *
 * asha (Oak MAT) owns the series and brings Oak; ben is in Oak; cara (Elm
 * MAT, another region) is invited for Elm and accepts for it; dan is in Elm
 * too; obi observes; eve is outside; ada is an admin outside the series.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static const char *const meetings_daemon_args[] = {
	"--post-burst", "1000", "--post-rate", "1000", NULL
};

struct meetings_world {
	struct itest_server	*srv;
	struct itest_client	*asha, *ben, *cara, *dan, *obi, *eve, *ada;
	char			 oak[64], elm[64];	/* trust ids */
	json_int_t		 series;
	json_int_t		 board;
};

static struct meetings_world world;

static const struct itest_user *
person(struct meetings_world *w, const char *handle, const char *region,
    const char *trust)
{
	const struct itest_user *u = itest_user_add(w->srv, handle, region, NULL);

	if (trust != NULL)
		itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member", handle, trust,
		    NULL);
	return u;
}

static json_t *
series_arg(json_int_t series)
{
	return json_pack("{s:I}", "series", series);
}

static json_t *
meeting_arg(json_int_t meeting)
{
	return json_pack("{s:I}", "meeting", meeting);
}

static void
say(struct itest_client *c, json_int_t meeting, const char *body)
{
	char room[40];

	snprintf(room, sizeof room, "meeting:%lld", (long long)meeting);
	itest_post(c, room, body);
}

static const json_t *
say_error(struct itest_client *c, json_int_t meeting, const char *body,
    const char *code)
{
	char room[40];

	snprintf(room, sizeof room, "meeting:%lld", (long long)meeting);
	return itest_call_error(c, "room.send", json_pack("{s:s, s:s}", "room", room,
	    "body", body), code);
}

static int
meetings_setup(void **state)
{
	struct meetings_world *w = &world;
	const json_t *reply;

	w->srv = itest_server_new(meetings_daemon_args);
	itest_trust_add(w->srv, "Oak MAT", "london", w->oak, sizeof w->oak);
	itest_trust_add(w->srv, "Elm MAT", "north-east", w->elm,
	    sizeof w->elm);
	const struct itest_user *asha = person(w, "asha", "london", w->oak);
	const struct itest_user *ben = person(w, "ben", "london", w->oak);
	const struct itest_user *cara = person(w, "cara", "north-east", w->elm);
	const struct itest_user *dan = person(w, "dan", "north-east", w->elm);
	const struct itest_user *obi = person(w, "obi", "london", NULL);
	const struct itest_user *eve = person(w, "eve", "london", NULL);
	const struct itest_user *ada = person(w, "ada", "london", NULL);

	itest_ctl_ok(w->srv, NULL, NULL, 0, "user", "set", "ada", "--role", "admin",
	    NULL);
	itest_server_start(w->srv);
	w->asha = itest_login_user(w->srv, asha);
	w->ben = itest_login_user(w->srv, ben);
	w->cara = itest_login_user(w->srv, cara);
	w->dan = itest_login_user(w->srv, dan);
	w->obi = itest_login_user(w->srv, obi);
	w->eve = itest_login_user(w->srv, eve);
	w->ada = itest_login_user(w->srv, ada);

	reply = itest_call_ok(w->asha, "series.create", json_pack("{s:s, s:b}",
	    "name", "Oak and Elm SENCO network", "trust", 1));
	w->series = itest_get_int(reply, "series.id");
	w->board = itest_get_int(reply, "series.board");
	assert_string_equal(itest_get_str(reply, "series.role"), "chair");
	itest_call_ok(w->asha, "series.invite", json_pack("{s:I, s:s, s:b}",
	    "series", w->series, "handle", "cara", "for_trust", 1));
	assert_int_equal(itest_get_int(itest_wait_event(w->cara,
	    "series_invitation"), "series.id"), w->series);
	itest_call_ok(w->cara, "series.accept", series_arg(w->series));
	itest_call_ok(w->asha, "series.invite", json_pack("{s:I, s:s, s:s}",
	    "series", w->series, "handle", "obi", "role", "observer"));
	itest_call_ok(w->obi, "series.accept", series_arg(w->series));
	itest_call_ok(w->asha, "series.role", json_pack("{s:I, s:s, s:s}",
	    "series", w->series, "handle", "cara", "role", "minutes"));
	*state = w;
	return 0;
}

static int
meetings_teardown(void **state)
{
	(void)state;
	itest_server_free(world.srv);
	return 0;
}

static json_int_t
schedule(struct meetings_world *w, const char *title, const char *start)
{
	const json_t *reply;

	reply = itest_call_ok(w->asha, "meeting.create", json_pack(
	    "{s:I, s:s, s:s, s:i, s:[{s:s, s:i}, {s:s, s:s, s:i}]}",
	    "series", w->series, "title", title, "start", start, "minutes", 60,
	    "agenda", "title", "Welcome", "minutes", 5,
	    "title", "EHCP templates", "owner", "ben", "minutes", 20));
	assert_string_equal(itest_get_str(reply, "meeting.state"), "upcoming");
	return itest_get_int(reply, "meeting.id");
}

/* Everyone in the series sees it; people outside get what a missing one gets. */
static void
the_series_is_its_people_and_nobody_elses(void **state)
{
	struct meetings_world *w = *state;
	const json_t *reply;
	const char *missing_msg, *hidden_msg;

	reply = itest_call_ok(w->ben, "series.get", series_arg(w->series));
	assert_string_equal(itest_get_str(reply, "series.role"), "member");
	assert_string_equal(itest_get_str(reply, "series.trusts.0.state"), "member");
	assert_string_equal(itest_get_str(reply, "series.minute_takers.0"), "cara");
	assert_string_equal(itest_get_str(itest_call_ok(w->dan, "series.get",
	    series_arg(w->series)), "series.role"), "member");
	assert_string_equal(itest_get_str(itest_call_ok(w->obi, "series.get",
	    series_arg(w->series)), "series.role"), "observer");

	reply = itest_call_error(w->eve, "series.get", series_arg(w->series),
	    "not_found");
	hidden_msg = itest_get_str(reply, "error.message");
	reply = itest_call_error(w->eve, "series.get", series_arg(w->series + 1000),
	    "not_found");
	missing_msg = itest_get_str(reply, "error.message");
	assert_true(strstr(hidden_msg, "no series") != NULL);
	assert_true(strstr(missing_msg, "no series") != NULL);
	itest_call_error(w->ada, "series.get", series_arg(w->series), "not_found");
	assert_int_equal(json_array_size(itest_get(itest_call_ok(w->eve,
	    "series.list", NULL), "series")), 0);
	/* The board is the series': listed for its people, not for eve. */
	itest_call_ok(w->dan, "board.threads", json_pack("{s:I}", "board", w->board));
	itest_call_error(w->eve, "board.threads", json_pack("{s:I}", "board",
	    w->board), "not_found");
}

/* Only chairs change the series; a refusal changes nothing. */
static void
only_chairs_invite_and_set_roles(void **state)
{
	struct meetings_world *w = *state;

	itest_call_error(w->ben, "series.invite", json_pack("{s:I, s:s}", "series",
	    w->series, "handle", "eve"), "forbidden");
	itest_call_error(w->cara, "series.role", json_pack("{s:I, s:s, s:s}",
	    "series", w->series, "handle", "ben", "role", "chair"), "forbidden");
	itest_call_error(w->eve, "series.invite", json_pack("{s:I, s:s}", "series",
	    w->series, "handle", "eve"), "not_found");
	itest_call_error(w->eve, "series.accept", series_arg(w->series), "not_found");
	assert_string_equal(itest_get_str(itest_call_ok(w->ben, "series.get",
	    series_arg(w->series)), "series.role"), "member");
	itest_call_error(w->asha, "series.role", json_pack("{s:I, s:s, s:s}",
	    "series", w->series, "handle", "asha", "role", "member"), "bad_request");
}

/* A trust's later members are in the series, and its leavers out. */
static void
a_trust_brings_its_later_members(void **state)
{
	struct meetings_world *w = *state;
	struct itest_client *fin;

	fin = itest_login_user(w->srv, person(w, "fin", "north-east", NULL));
	itest_call_error(fin, "series.get", series_arg(w->series), "not_found");
	itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member", "fin", w->elm, NULL);
	assert_string_equal(itest_get_str(itest_call_ok(fin, "series.get",
	    series_arg(w->series)), "series.role"), "member");
	itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member", "fin", "none", NULL);
	itest_call_error(fin, "series.get", series_arg(w->series), "not_found");
	itest_close(fin);
}

static void
meeting_times_are_uk_local_time(void **state)
{
	struct meetings_world *w = *state;
	const json_t *reply;

	reply = itest_call_error(w->asha, "meeting.create", json_pack(
	    "{s:I, s:s, s:s}", "series", w->series, "title", "Too early",
	    "start", "2027-03-28 01:30"), "bad_request");
	assert_non_null(strstr(itest_get_str(reply, "error.message"),
	    "does not exist"));
	reply = itest_call_ok(w->asha, "meeting.create", json_pack(
	    "{s:I, s:s, s:s}", "series", w->series, "title", "Clocks back",
	    "start", "2027-10-31 01:30"));
	assert_string_equal(itest_get_str(reply, "meeting.start_local"),
	    "2027-10-31 01:30 BST");
	/* 01:30 BST is 00:30 UTC. */
	assert_int_equal(itest_get_int(reply, "meeting.start") % 86400000,
	    30 * 60000);
	reply = itest_call_ok(w->asha, "meeting.create", json_pack(
	    "{s:I, s:s, s:s}", "series", w->series, "title", "Winter",
	    "start", "2027-12-02 16:00"));
	assert_int_equal(itest_get_int(reply, "meeting.start") % 86400000,
	    16 * 3600000);
	itest_call_error(w->ben, "meeting.create", json_pack(
	    "{s:I, s:s, s:s}", "series", w->series, "title", "Mine",
	    "start", "2027-12-02 16:00"), "forbidden");
}

static bool
has_room(struct itest_client *c, const char *room)
{
	return itest_room_in(itest_call_ok(c, "rooms.list", NULL), room) != NULL;
}

static const json_t *
minutes_text(struct itest_client *c, json_int_t meeting)
{
	return itest_get(itest_call_ok(c, "meeting.minutes", meeting_arg(meeting)),
	    "parts");
}

static bool
parts_have(const json_t *parts, const char *text)
{
	size_t i;

	for (i = 0; i < json_array_size(parts); i++) {
		if (strstr(itest_get_str(json_array_get(parts, i), "text"), text))
			return true;
	}
	return false;
}

/*
 * The minutes of a meeting as one text, parts joined by a blank line, with
 * the times it was held (the clock's) left out; caller frees.
 */
static char *
minutes_joined(struct itest_client *c, json_int_t meeting)
{
	const json_t *parts = minutes_text(c, meeting);
	size_t i, len = 0;
	char *all = NULL, *held, *eol;

	for (i = 0; i < json_array_size(parts); i++) {
		const char *t = itest_get_str(json_array_get(parts, i), "text");
		size_t n = strlen(t);

		all = realloc(all, len + n + 2);
		memcpy(all + len, t, n);
		len += n;
		all[len++] = '\n';
		all[len] = '\0';
	}
	if ((held = strstr(all, "- **Held:** ")) != NULL &&
	    (eol = strchr(held, '\n')) != NULL)
		memmove(held + 12, eol, strlen(eol) + 1);
	/* Minutes spent on an item are the clock's too: "allotted, N used". */
	for (held = all; (held = strstr(held, "allotted, ")) != NULL; ) {
		held += 10;
		if ((eol = strstr(held, " used")) != NULL)
			memmove(held, eol, strlen(eol) + 1);
	}
	return all;
}

/* Compares with tests/integration/NAME (ITEST_GOLDEN_WRITE=1 rewrites it). */
static void
assert_golden(const char *name, const char *text)
{
	const char *top = getenv("top_srcdir");
	char path[4096], want[65536];
	size_t n;
	FILE *f;

	snprintf(path, sizeof path, "%s/tests/integration/%s",
	    top != NULL ? top : ".", name);
	if (getenv("ITEST_GOLDEN_WRITE") != NULL) {
		f = fopen(path, "w");
		assert_non_null(f);
		fputs(text, f);
		fclose(f);
	}
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(want, 1, sizeof want - 1, f);
	fclose(f);
	want[n] = '\0';
	assert_string_equal(text, want);
}

/* The whole life of a meeting, then the next one with the actions carried. */
static void
a_meeting_runs_from_agenda_to_minutes_and_its_actions_carry_over(void **state)
{
	struct meetings_world *w = *state;
	json_int_t m, next, action_cara = 0, action_ben = 0;
	const json_t *reply, *parts, *carried;
	char room[40];
	size_t i;

	m = schedule(w, "Spring network", "2027-03-04 16:00");
	snprintf(room, sizeof room, "meeting:%lld", (long long)m);
	assert_int_equal(itest_get_int(itest_call_ok(w->dan, "meeting.list", NULL),
	    "meetings.0.id") > 0, 1);
	itest_call_error(w->eve, "meeting.get", meeting_arg(m), "not_found");
	/* Before the start the room is shut, and regrets can be sent ahead. */
	itest_call_error(w->ben, "room.send", json_pack("{s:s, s:s}", "room", room,
	    "body", "early"), "forbidden");
	itest_call_ok(w->dan, "record.add", json_pack("{s:I, s:s}", "meeting", m,
	    "body", "regrets"));
	itest_call_error(w->ben, "meeting.start", meeting_arg(m), "forbidden");
	itest_call_ok(w->asha, "meeting.start", meeting_arg(m));
	assert_string_equal(itest_get_str(itest_wait_event(w->ben, "meeting"),
	    "meeting.state"), "upcoming");
	assert_true(has_room(w->ben, room));
	assert_true(has_room(w->obi, room));
	assert_false(has_room(w->eve, room));
	itest_call_error(w->eve, "room.history", json_pack("{s:s}", "room", room),
	    "forbidden");

	itest_call_ok(w->asha, "agenda.next", meeting_arg(m));
	say(w->ben, m, "present+");
	say(w->asha, m, "#agreed Share one EHCP template across both trusts");
	say(w->ben, m, "#info The LA panel moves to Thursdays");
	/* Refused whole: nothing is posted. */
	say_error(w->ben, m, "#agreed I decide", "forbidden");
	say_error(w->obi, m, "hello from the gallery", "forbidden");
	say_error(w->asha, m, "#action draft it", "bad_request");
	say_error(w->asha, m, "#action @eve draft it", "bad_request");
	say_error(w->asha, m, "#action @ben draft it due 31/12/2027", "bad_request");
	itest_call_ok(w->asha, "agenda.next", meeting_arg(m));
	reply = itest_call_ok(w->cara, "meeting.get", meeting_arg(m));
	assert_string_equal(itest_get_str(reply, "meeting.item.title"),
	    "EHCP templates");
	say(w->cara, m, "#action @cara Draft the shared template due 2027-03-18");
	say(w->asha, m, "#action @ben Ask the LA about panel dates");

	reply = itest_call_ok(w->ben, "room.history", json_pack("{s:s}", "room", room));
	for (i = 0; i < json_array_size(itest_get(reply, "msgs")); i++) {
		const char *body = itest_get_str(json_array_get(itest_get(reply,
		    "msgs"), i), "body");

		assert_null(strstr(body, "I decide"));
		assert_null(strstr(body, "gallery"));
		assert_null(strstr(body, "@eve"));
	}
	itest_call_error(w->ben, "meeting.end", meeting_arg(m), "forbidden");
	reply = itest_call_ok(w->asha, "meeting.end", meeting_arg(m));
	assert_string_equal(itest_get_str(reply, "meeting.state"), "ended");

	parts = minutes_text(w->ben, m);
	assert_int_equal(json_array_size(parts), 3);
	assert_true(parts_have(parts, "# Spring network"));
	assert_true(parts_have(parts, "**Date and time:** 2027-03-04 16:00 GMT"));
	assert_true(parts_have(parts, "**Present:** asha, ben, cara"));
	assert_true(parts_have(parts, "**Regrets:** dan"));
	assert_true(parts_have(parts, "- Share one EHCP template across both trusts"));
	assert_true(parts_have(parts, "- The LA panel moves to Thursdays"));
	assert_true(parts_have(parts,
	    "- @cara: Draft the shared template (due 2027-03-18)"));
	/* The room stays readable; nothing more is posted in it. */
	itest_call_ok(w->obi, "room.history", json_pack("{s:s}", "room", room));
	say_error(w->asha, m, "after the end", "forbidden");

	/* On the board: its people read the thread, search finds it. */
	reply = itest_call_ok(w->dan, "board.threads", json_pack("{s:I}", "board",
	    w->board));
	assert_non_null(strstr(itest_get_str(reply, "threads.0.title"),
	    "Spring network"));
	assert_int_equal(itest_get_int(reply, "threads.0.posts"), 3);
	reply = itest_call_ok(w->ben, "search", json_pack("{s:s}", "q",
	    "shared template"));
	assert_true(json_array_size(itest_get(reply, "hits")) > 0);
	reply = itest_call_ok(w->eve, "search", json_pack("{s:s}", "q",
	    "shared template"));
	assert_int_equal(json_array_size(itest_get(reply, "hits")), 0);
	itest_call_error(w->obi, "thread.create", json_pack("{s:I, s:s, s:s}",
	    "board", w->board, "title", "Papers", "body", "from the gallery"),
	    "forbidden");

	/* The next meeting opens with the open actions of this one. */
	next = schedule(w, "Summer network", "2027-06-10 16:00");
	reply = itest_call_ok(w->ben, "meeting.get", meeting_arg(next));
	carried = itest_get(reply, "carried");
	assert_int_equal(json_array_size(carried), 2);
	for (i = 0; i < 2; i++) {
		const json_t *a = json_array_get(carried, i);

		if (strcmp(itest_get_str(a, "owner"), "cara") == 0)
			action_cara = itest_get_int(a, "id");
		else
			action_ben = itest_get_int(a, "id");
	}
	assert_true(action_cara > 0 && action_ben > 0);
	reply = itest_call_ok(w->cara, "actions.list", NULL);
	assert_int_equal(itest_get_int(reply, "actions.0.id"), action_cara);
	/* The login summary: meetings ahead and open actions, for its people only. */
	reply = itest_call_ok(w->cara, "summary", NULL);
	assert_int_equal(itest_get_int(reply, "actions.0.id"), action_cara);
	assert_int_equal(itest_get_int(reply, "meetings.0.id"), next);
	reply = itest_call_ok(w->eve, "summary", NULL);
	assert_int_equal(json_array_size(itest_get(reply, "meetings")), 0);
	assert_int_equal(json_array_size(itest_get(reply, "actions")), 0);
	itest_call_error(w->ben, "action.done", json_pack("{s:I}", "action",
	    action_cara), "forbidden");
	itest_call_error(w->eve, "action.done", json_pack("{s:I}", "action",
	    action_cara), "not_found");
	itest_call_ok(w->asha, "meeting.start", meeting_arg(next));
	reply = itest_call_ok(w->cara, "action.done", json_pack("{s:I, s:s}",
	    "action", action_cara, "note", "Template on the board"));
	assert_string_equal(itest_get_str(reply, "record.status"), "done");
	itest_call_ok(w->asha, "meeting.end", meeting_arg(next));
	parts = minutes_text(w->obi, next);
	assert_true(parts_have(parts, "- [done] @cara: Draft the shared template"));
	assert_true(parts_have(parts, "closed by cara: Template on the board"));
	assert_true(parts_have(parts, "- [open] @ben: Ask the LA about panel dates"));
	assert_int_equal(json_array_size(itest_get(itest_call_ok(w->cara,
	    "actions.list", NULL), "actions")), 0);
	{
		char *first = minutes_joined(w->dan, m), *second =
		    minutes_joined(w->dan, next);

		assert_golden("minutes-spring.md", first);
		assert_golden("minutes-summer.md", second);
		free(first);
		free(second);
	}
}

static bool
has_board(struct itest_client *c, json_int_t board)
{
	const json_t *boards = itest_get(itest_call_ok(c, "boards.list", NULL),
	    "boards");
	size_t i;

	for (i = 0; i < json_array_size(boards); i++) {
		if (itest_get_int(json_array_get(boards, i), "id") == board)
			return true;
	}
	return false;
}

/*
 * An admin moderates a series' board only through reports: the reported
 * post in the queue, hidden from there; never the board itself, its threads,
 * its search hits or its hidden posts.
 */
static void
admins_moderate_a_series_board_only_through_reports(void **state)
{
	struct meetings_world *w = *state;
	json_int_t thread, post, entry;
	const json_t *reply;

	reply = itest_call_ok(w->ben, "thread.create", json_pack("{s:I, s:s, s:s}",
	    "board", w->board, "title", "Papers for the autumn",
	    "body", "Sunflower transition booklet attached"));
	thread = itest_get_int(reply, "thread.id");
	post = itest_get_int(itest_call_ok(w->dan, "post.reply", json_pack(
	    "{s:I, s:s}", "thread", thread, "body", "Buy cheap watches here")),
	    "post.id");
	assert_true(has_board(w->ben, w->board));
	assert_false(has_board(w->ada, w->board));
	itest_call_error(w->ada, "board.threads", json_pack("{s:I}", "board",
	    w->board), "not_found");
	itest_call_error(w->ada, "thread.posts", json_pack("{s:I}", "thread",
	    thread), "not_found");
	itest_call_error(w->ada, "post.delete", json_pack("{s:I}", "post", post),
	    "not_found");
	itest_call_error(w->ada, "thread.lock", json_pack("{s:I}", "thread",
	    thread), "not_found");
	assert_int_equal(json_array_size(itest_get(itest_call_ok(w->ada, "search",
	    json_pack("{s:s}", "q", "Sunflower transition")), "hits")), 0);
	assert_int_equal(json_array_size(itest_get(itest_call_ok(w->ben, "search",
	    json_pack("{s:s}", "q", "Sunflower transition")), "hits")), 1);

	itest_call_ok(w->ben, "post.report", json_pack("{s:I, s:s, s:s}", "post",
	    post, "kind", "spam", "reason", "an advert"));
	reply = itest_call_ok(w->ada, "mod.queue", NULL);
	entry = itest_get_int(reply, "entries.0.id");
	assert_int_equal(itest_get_int(reply, "entries.0.post.id"), post);
	itest_call_ok(w->ada, "mod.resolve", json_pack("{s:I, s:s, s:s}", "entry",
	    entry, "action", "hide", "reason", "advertising"));
	/* Hidden for the series; the admin still reads nothing of the board. */
	itest_call_error(w->ben, "post.history", json_pack("{s:I}", "post", post),
	    "not_found");
	itest_call_error(w->ada, "posts.hidden", json_pack("{s:I}", "board",
	    w->board), "not_found");
	itest_call_error(w->ada, "thread.posts", json_pack("{s:I}", "thread",
	    thread), "not_found");
}

/*
 * Attendance: present+, and whoever joined the room while the meeting ran
 * (meeting.join, which the client sends on opening it: a late joiner gets
 * the records so far), posting or not; observers who joined are listed
 * apart. Joining before the start or after the end counts nothing.
 */
static void
attendance_is_who_joined_the_room(void **state)
{
	struct meetings_world *w = *state;
	json_int_t m;
	const json_t *reply, *parts;

	m = schedule(w, "Attendance", "2027-12-09 16:00");
	reply = itest_call_ok(w->ben, "meeting.join", meeting_arg(m));
	assert_false(itest_get_bool(reply, "joined"));
	itest_call_error(w->eve, "meeting.join", meeting_arg(m), "not_found");
	itest_call_ok(w->asha, "meeting.start", meeting_arg(m));
	say(w->asha, m, "#info Room 4 is booked for the spring");
	say(w->ben, m, "present+");
	reply = itest_call_ok(w->dan, "meeting.join", meeting_arg(m));
	assert_true(itest_get_bool(reply, "joined"));
	assert_string_equal(itest_get_str(reply, "meeting.state"), "live");
	assert_int_equal(json_array_size(itest_get(reply, "records")), 2);
	assert_true(itest_get_bool(itest_call_ok(w->obi, "meeting.join",
	    meeting_arg(m)), "joined"));
	itest_call_error(w->eve, "meeting.join", meeting_arg(m), "not_found");
	itest_call_ok(w->asha, "meeting.end", meeting_arg(m));
	assert_false(itest_get_bool(itest_call_ok(w->cara, "meeting.join",
	    meeting_arg(m)), "joined"));
	parts = minutes_text(w->ben, m);
	assert_true(parts_have(parts, "**Present:** asha, ben, dan\n"));
	assert_true(parts_have(parts, "**Observing:** obi\n"));
}

/* Chairs and the minute taker correct and strike records; every version stays. */
static void
records_are_corrected_and_struck_with_history(void **state)
{
	struct meetings_world *w = *state;
	json_int_t m, rec;
	const json_t *reply;

	m = schedule(w, "Corrections", "2027-09-09 16:00");
	itest_call_ok(w->asha, "meeting.start", meeting_arg(m));
	reply = itest_call_ok(w->asha, "record.add", json_pack("{s:I, s:s}",
	    "meeting", m, "body", "#agreed Meet montly"));
	rec = itest_get_int(reply, "record.id");
	itest_call_error(w->ben, "record.edit", json_pack("{s:I, s:s}", "record",
	    rec, "body", "#agreed Meet weekly"), "forbidden");
	itest_call_error(w->cara, "record.edit", json_pack("{s:I, s:s}", "record",
	    rec, "body", "#info Meet monthly"), "bad_request");
	reply = itest_call_ok(w->cara, "record.edit", json_pack("{s:I, s:s}",
	    "record", rec, "body", "#agreed Meet monthly"));
	assert_string_equal(itest_get_str(reply, "record.text"), "Meet monthly");
	itest_call_ok(w->cara, "record.strike", json_pack("{s:I}", "record", rec));
	reply = itest_call_ok(w->obi, "record.history", json_pack("{s:I}", "record",
	    rec));
	assert_int_equal(json_array_size(itest_get(reply, "versions")), 2);
	assert_string_equal(itest_get_str(reply, "versions.0.text"), "Meet montly");
	itest_call_error(w->eve, "record.history", json_pack("{s:I}", "record",
	    rec), "not_found");
	itest_call_ok(w->asha, "meeting.end", meeting_arg(m));
	assert_false(parts_have(minutes_text(w->ben, m), "Meet monthly"));
}

/*
 * A mute in the meeting's room holds for its record too: record.add is
 * refused like a line typed there (it once asked about room 0 only).
 */
static void
a_person_muted_in_the_meeting_room_adds_nothing_to_its_record(void **state)
{
	struct meetings_world *w = *state;
	json_int_t m;
	char room[40], sql[256];

	m = schedule(w, "Muted", "2027-10-10 16:00");
	snprintf(room, sizeof room, "meeting:%lld", (long long)m);
	itest_call_ok(w->asha, "meeting.start", meeting_arg(m));
	snprintf(sql, sizeof sql, "INSERT INTO sanctions (user_id, kind, room_id, "
	    "reason, created_ms) SELECT id, 1, %lld, 'talking over people', 0 "
	    "FROM users WHERE handle = 'ben'", (long long)m);
	itest_sql(w->srv, sql);
	itest_call_error(w->ben, "room.send", json_pack("{s:s, s:s}", "room", room,
	    "body", "#info a typed line"), "muted");
	itest_call_error(w->ben, "record.add", json_pack("{s:I, s:s}", "meeting", m,
	    "body", "#info a record"), "muted");
	itest_call_ok(w->cara, "record.add", json_pack("{s:I, s:s}", "meeting", m,
	    "body", "#info cara's record"));
	itest_call_ok(w->asha, "meeting.end", meeting_arg(m));
}

/*
 * Record text goes past the pupil-data guard (the meetings' rule: confirm):
 * refused at first, typed or sent; once confirmed it is kept, and every
 * record and the minutes show "[withheld]".
 */
static void
records_meet_the_guard_and_confirmed_ones_are_withheld(void **state)
{
	struct meetings_world *w = *state;
	json_int_t m;
	const json_t *reply;
	char room[40];

	m = schedule(w, "Guarded", "2027-11-11 16:00");
	snprintf(room, sizeof room, "meeting:%lld", (long long)m);
	itest_call_ok(w->asha, "meeting.start", meeting_arg(m));
	reply = itest_call_error(w->ben, "room.send", json_pack("{s:s, s:s}",
	    "room", room, "body", "#info NHS number 943 476 5919 on the letter"),
	    "personal_data_suspected");
	assert_true(itest_get_bool(reply, "error.confirmable"));
	itest_call_error(w->ben, "record.add", json_pack("{s:I, s:s}", "meeting", m,
	    "body", "#info NHS number 943 476 5919 on the letter"),
	    "personal_data_suspected");
	reply = itest_call_ok(w->ben, "record.add", json_pack("{s:I, s:s, s:b}",
	    "meeting", m, "body", "#info NHS number 943 476 5919 on the letter",
	    "confirm_personal_data", 1));
	assert_string_equal(itest_get_str(reply, "record.text"), "[withheld]");
	itest_call_ok(w->asha, "meeting.end", meeting_arg(m));
	assert_true(parts_have(minutes_text(w->cara, m), "- [withheld]"));
	assert_false(parts_have(minutes_text(w->cara, m), "5919"));
}

/*
 * Someone removed from a series while its meeting is open on their screen
 * is sent nothing more of it: no message, record or vote (a ping after the
 * chair's acts comes back after anything sent), and reads it no more.
 */
static void
a_person_removed_from_a_series_hears_no_more_of_its_meeting(void **state)
{
	struct meetings_world *w = *state;
	static const char *const events[] = { "msg", "record", "vote" };
	struct itest_client *hal;
	size_t before[3];
	json_int_t m;
	char room[40];

	hal = itest_login_user(w->srv, person(w, "hal", "london", NULL));
	itest_call_ok(w->asha, "series.invite", json_pack("{s:I, s:s}", "series",
	    w->series, "handle", "hal"));
	itest_call_ok(hal, "series.accept", series_arg(w->series));
	m = schedule(w, "Hal's last", "2027-12-16 16:00");
	itest_call_ok(w->asha, "meeting.start", meeting_arg(m));
	itest_call_ok(hal, "meeting.join", meeting_arg(m));
	say(w->asha, m, "#info hal hears this");
	itest_wait_event(hal, "record");
	itest_call_ok(w->asha, "series.remove", json_pack("{s:I, s:s}", "series",
	    w->series, "handle", "hal"));
	itest_call(hal, "ping", NULL);
	for (size_t i = 0; i < 3; i++)
		before[i] = itest_unclaimed_events(hal, events[i]);
	say(w->asha, m, "#info hal is gone");
	say(w->asha, m, "#vote Did hal hear this? | yes | no");
	itest_call(hal, "ping", NULL);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(itest_unclaimed_events(hal, events[i]), before[i]);
	snprintf(room, sizeof room, "meeting:%lld", (long long)m);
	itest_call_error(hal, "room.history", json_pack("{s:s}", "room", room),
	    "forbidden");
	itest_call_error(hal, "meeting.get", meeting_arg(m), "not_found");
	itest_call_ok(w->asha, "meeting.end", meeting_arg(m));
	itest_close(hal);
}

/*
 * An admin adds a trust to a series they are not in: its people are in it
 * at once, and the admin, still outside, is told it is done and nothing of
 * who is in it. Someone in the series who does not chair it is refused
 * openly; someone outside reads it as not there.
 */
static void
an_admin_adds_a_trust_and_learns_nothing_of_the_series(void **state)
{
	struct meetings_world *w = *state;
	struct itest_client *gus;
	const json_t *reply;
	char ash[64];
	json_t *arg;

	itest_trust_add(w->srv, "Ash MAT", "london", ash, sizeof ash);
	gus = itest_login_user(w->srv, person(w, "gus", "london", ash));
	arg = json_pack("{s:I, s:I}", "series", w->series, "trust",
	    (json_int_t)strtoll(ash, NULL, 10));
	itest_call_error(w->eve, "series.add_trust", json_incref(arg), "not_found");
	itest_call_error(w->ben, "series.add_trust", json_incref(arg), "forbidden");
	itest_call_error(gus, "series.get", series_arg(w->series), "not_found");
	reply = itest_call_ok(w->ada, "series.add_trust", arg);
	assert_int_equal(itest_get_int(reply, "series.id"), w->series);
	assert_null(itest_find(reply, "series.members"));
	assert_null(itest_find(reply, "series.invited"));
	assert_null(itest_find(reply, "series.trusts"));
	itest_call_error(w->ada, "series.get", series_arg(w->series), "not_found");
	assert_string_equal(itest_get_str(itest_call_ok(gus, "series.get",
	    series_arg(w->series)), "series.role"), "member");
	itest_close(gus);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_series_is_its_people_and_nobody_elses),
		cmocka_unit_test(only_chairs_invite_and_set_roles),
		cmocka_unit_test(a_trust_brings_its_later_members),
		cmocka_unit_test(meeting_times_are_uk_local_time),
		cmocka_unit_test(a_meeting_runs_from_agenda_to_minutes_and_its_actions_carry_over),
		cmocka_unit_test(admins_moderate_a_series_board_only_through_reports),
		cmocka_unit_test(attendance_is_who_joined_the_room),
		cmocka_unit_test(records_are_corrected_and_struck_with_history),
		cmocka_unit_test(a_person_muted_in_the_meeting_room_adds_nothing_to_its_record),
		cmocka_unit_test(records_meet_the_guard_and_confirmed_ones_are_withheld),
		cmocka_unit_test(a_person_removed_from_a_series_hears_no_more_of_its_meeting),
		cmocka_unit_test(an_admin_adds_a_trust_and_learns_nothing_of_the_series),
	};
	int failures;

	itest_init();
	failures = cmocka_run_group_tests_name("itest_meetings", tests,
	    meetings_setup, meetings_teardown);
	return itest_finish(failures);
}
