/*
 * itest_held.c: messages a watched word's hold rule kept back, decided
 * over real SSH (issue 19). Only the moderators of the message's scope and
 * admins see and decide them; a decided entry leaves every moderator's
 * queue at once; the author hears the outcome live, or at their next login
 * when they were away, once; staffroomctl export person lists their held
 * messages and erase person removes them. Board posts too: a reply or a
 * new thread (title or first post) waits in the queue of the board's
 * scope, shown with its board and thread; approved, it is posted then as
 * its author's with a new id, so a thread read since an earlier post picks
 * it up; rejected, it never is. An edit meeting a hold rule is refused and
 * the earlier text stands.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "staffroom/proto.h"

/* Who is who: members, the trust's moderator, the region's, another's, an admin. */
enum held_person { AMY, BEN, ZOE, DEE, CAL, MO, LON, ADA, HELD_PEOPLE };

static const struct {
	const char	*handle, *region, *role;
} held_people[HELD_PEOPLE] = {
	[AMY] = { "amy", "north-east", NULL },
	[BEN] = { "ben", "north-east", NULL },
	[ZOE] = { "zoe", "north-east", NULL },
	[DEE] = { "dee", "north-east", NULL },
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
	itest_trust_add(w->srv, "Tyne MAT", "north-east", id, sizeof id);
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
	e = itest_queue_entry(cal, "held.id", held);
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
	assert_non_null(itest_queue_entry(mo, "held.id", held));
	assert_non_null(itest_queue_entry(ada, "held.id", held));
	assert_null(itest_queue_entry(lon, "held.id", held));

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
	assert_null(itest_queue_entry(mo, "held.id", held));
	assert_null(itest_queue_entry(ada, "held.id", held));
	assert_int_equal(itest_get_int(itest_wait_msg_from(ben, "amy"),
	    "id"), itest_get_int(itest_wait_event(amy, "held"),
	    "held.msg_id"));

	/* The region's moderator and an admin decide the trust's too. */
	held = hold(amy, w->trust, "tribunal bundle ready");
	other = hold(amy, w->trust, "tribunal bundle sent");
	entry = itest_get_int(itest_queue_entry(mo, "held.id", held), "id");
	itest_call_ok(mo, "held.reject", entry_req(entry, "Please keep "
	    "tribunal details out of the room"));
	ev = itest_wait_event(amy, "held");
	assert_int_equal(itest_get_int(ev, "held.id"), held);
	assert_string_equal(itest_get_str(ev, "held.outcome"), "rejected");
	ev = itest_wait_event(cal, "mod.resolved");
	assert_int_equal(itest_get_int(ev, "entry.id"), entry);
	assert_string_equal(itest_get_str(ev, "entry.by"), "mo");
	itest_call_ok(ada, "held.approve", entry_req(itest_get_int(itest_queue_entry(
	    ada, "held.id", other), "id"), "fine: no names"));
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

	itest_call_ok(mo, "held.reject", entry_req(itest_get_int(itest_queue_entry(mo,
	    "held.id", rejected), "id"), "Please do not describe a pupil's exclusion"));
	msg = itest_get_int(itest_call_ok(mo, "held.approve", entry_req(
	    itest_get_int(itest_queue_entry(mo, "held.id", approved), "id"), NULL)), "msg.id");

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
	itest_call_ok(mo, "held.reject", entry_req(itest_get_int(itest_queue_entry(mo,
	    "held.id", rejected), "id"), "Not here, please"));
	assert_string_equal(itest_get_str(itest_wait_event(amy, "held"),
	    "held.reason"), "Not here, please");
	itest_close(amy);
	amy = held_login(w, AMY);
	assert_int_equal(held_events(amy), 0);
	itest_close(amy);
	itest_close(ben);
	itest_close(mo);
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
	itest_call_ok(mo, "held.reject", entry_req(itest_get_int(itest_queue_entry(mo,
	    "held.id", rejected), "id"), "Please share figures privately"));
	itest_call_ok(mo, "held.approve", entry_req(itest_get_int(itest_queue_entry(
	    mo, "held.id", approved), "id"), NULL));
	entry = itest_get_int(itest_queue_entry(mo, "held.id", waiting), "id");

	doc = itest_export_json(w->srv, "zoe", "export-zoe");
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
	assert_null(itest_queue_entry(mo, "held.id", waiting));
	itest_call_error(mo, "held.approve", entry_req(entry, NULL),
	    "not_found");
	itest_close(mo);
}

static json_int_t
hold_rule(struct itest_client *mod, const char *scope, const char *text,
    const char *label)
{
	return itest_get_int(itest_call_ok(mod, "words.add", json_pack(
	    "{s:s, s:s, s:s, s:s}", "scope", scope, "word", text, "action",
	    "hold", "label", label)), "word.id");
}

static void
unwatch_word(struct itest_client *mod, json_int_t rule)
{
	itest_call_ok(mod, "words.remove", json_pack("{s:I}", "word", rule));
}

static json_int_t
start_thread(struct itest_client *c, json_int_t board, const char *title,
    const char *body)
{
	return itest_get_int(itest_call_ok(c, "thread.create", json_pack(
	    "{s:I, s:s, s:s}", "board", board, "title", title, "body", body)),
	    "thread.id");
}

/* Posts of the thread after the post id, as c reads them. */
static const json_t *
posts_after(struct itest_client *c, json_int_t thread, json_int_t after)
{
	return itest_get(itest_call_ok(c, "thread.posts", json_pack(
	    "{s:I, s:I}", "thread", thread, "after", after)), "posts");
}

static void
a_held_reply_waits_then_is_posted_with_a_new_id(void **state)
{
	struct held_world *w = *state;
	struct itest_client *amy, *ben, *cal, *mo, *lon;
	const char *ne = "region:north-east";
	const json_t *reply, *e, *ev;
	json_int_t rule, board, thread, first, held, entry, last, approved;
	char sql[128];

	amy = held_login(w, AMY);
	ben = held_login(w, BEN);
	cal = held_login(w, CAL);
	mo = held_login(w, MO);
	lon = held_login(w, LON);
	board = itest_board_of(amy, ne);
	thread = start_thread(ben, board, "EHCP reviews", "How do yours run?");
	first = itest_get_int(json_array_get(posts_after(ben, thread, 0), 0),
	    "id");
	rule = hold_rule(mo, ne, "tribunal", "legal");

	/* Held: not an error, no post; the reply names the board and thread. */
	reply = itest_call_ok(amy, "post.reply", json_pack("{s:I, s:s, s:{s:I, "
	    "s:s}}", "thread", thread, "body", "Ours went to Tribunal",
	    "quote", "post", first, "text", "How do yours run?"));
	assert_null(itest_find(reply, "post"));
	held = itest_get_int(reply, "held.id");
	assert_int_equal(itest_get_int(reply, "held.rule"), rule);
	assert_string_equal(itest_get_str(reply, "held.label"), "legal");
	assert_int_equal(itest_get_int(reply, "held.board"), board);
	assert_int_equal(itest_get_int(reply, "held.thread"), thread);
	assert_string_equal(itest_get_str(reply, "held.thread_title"),
	    "EHCP reviews");
	assert_null(itest_find(reply, "held.room"));
	assert_int_equal(json_array_size(posts_after(ben, thread, first)), 0);

	/* The scope's moderators see it in their queue, with its place. */
	ev = itest_wait_event(mo, "mod.entry");
	assert_string_equal(itest_get_str(ev, "entry.item"), "held");
	e = itest_queue_entry(mo, "held.id", held);
	assert_non_null(e);
	entry = itest_get_int(e, "id");
	assert_string_equal(itest_get_str(e, "held.body"),
	    "Ours went to Tribunal");
	assert_string_equal(itest_get_str(e, "held.thread_title"),
	    "EHCP reviews");
	assert_non_null(itest_find(e, "held.board_name"));
	assert_string_equal(itest_get_str(e, "author.handle"), "amy");
	/* Not another region's moderator's, nor a trust's moderator's. */
	assert_null(itest_queue_entry(lon, "held.id", held));
	assert_null(itest_queue_entry(cal, "held.id", held));
	itest_call_error(lon, "held.approve", json_pack("{s:I}", "entry",
	    entry), "not_found");
	itest_call_error(cal, "held.approve", json_pack("{s:I}", "entry",
	    entry), "not_found");
	itest_call_error(amy, "held.approve", json_pack("{s:I}", "entry",
	    entry), "forbidden");
	itest_call_error(ben, "held.reject", json_pack("{s:I}", "entry",
	    entry), "forbidden");

	/* The thread moves on meanwhile; approved, the reply comes after. */
	last = itest_get_int(itest_call_ok(ben, "post.reply", json_pack(
	    "{s:I, s:s}", "thread", thread, "body", "Ours are termly")),
	    "post.id");
	itest_call_ok(ben, "watch", json_pack("{s:I}", "thread", thread));
	reply = itest_call_ok(mo, "held.approve", json_pack("{s:I}", "entry",
	    entry));
	approved = itest_get_int(reply, "post.id");
	assert_true(approved > last);
	assert_string_equal(itest_get_str(reply, "post.author"), "amy");
	assert_int_equal(itest_get_int(reply, "post.thread"), thread);
	assert_int_equal(itest_get_int(reply, "post.quote.post"), first);
	/* The thread's watchers get it as any post; its author is told. */
	ev = itest_wait_event(ben, "post");
	assert_int_equal(itest_get_int(ev, "post.id"), approved);
	ev = itest_wait_event(amy, "held");
	assert_string_equal(itest_get_str(ev, "held.outcome"), "approved");
	assert_int_equal(itest_get_int(ev, "held.post.id"), approved);
	assert_string_equal(itest_get_str(ev, "held.thread_title"),
	    "EHCP reviews");
	/* Read since the last post ben saw, it is there. */
	reply = posts_after(ben, thread, last);
	assert_int_equal(json_array_size(reply), 1);
	assert_string_equal(itest_get_str(json_array_get(reply, 0), "body"),
	    "Ours went to Tribunal");
	/* Decided once; the queue has it no more. */
	itest_call_error(mo, "held.approve", json_pack("{s:I}", "entry",
	    entry), "not_found");
	assert_null(itest_queue_entry(mo, "held.id", held));
	snprintf(sql, sizeof sql, "SELECT post_id FROM held WHERE id = %lld",
	    (long long)held);
	assert_int_equal(itest_db_int(w->srv, sql), approved);

	unwatch_word(mo, rule);
	itest_close(amy);
	itest_close(ben);
	itest_close(cal);
	itest_close(mo);
	itest_close(lon);
}

static void
a_held_thread_starts_only_when_approved(void **state)
{
	struct held_world *w = *state;
	struct itest_client *amy, *ben, *cal, *ada, *lon;
	const json_t *reply, *e, *ev;
	json_int_t board, held, entry, thread;

	amy = held_login(w, AMY);
	ben = held_login(w, BEN);
	cal = held_login(w, CAL);
	ada = held_login(w, ADA);
	lon = held_login(w, LON);
	board = itest_board_of(amy, w->trust);

	/* The title meets the rule: no thread yet. */
	reply = itest_call_ok(amy, "thread.create", json_pack("{s:I, s:s, s:s, "
	    "s:[s]}", "board", board, "title", "Exclusion letters", "body",
	    "Has anyone a template?", "tags", "semh"));
	assert_null(itest_find(reply, "thread"));
	held = itest_get_int(reply, "held.id");
	assert_string_equal(itest_get_str(reply, "held.title"),
	    "Exclusion letters");
	assert_int_equal(itest_get_int(reply, "held.board"), board);
	assert_null(itest_find(reply, "held.thread"));
	assert_int_equal(itest_db_int(w->srv, "SELECT count(*) FROM threads"
	    " WHERE title = 'Exclusion letters'"), 0);
	e = itest_queue_entry(cal, "held.id", held);
	assert_non_null(e);
	entry = itest_get_int(e, "id");
	assert_string_equal(itest_get_str(e, "held.title"), "Exclusion letters");
	assert_null(itest_queue_entry(lon, "held.id", held));

	/* An admin approves: the thread starts as amy's, tags and all. */
	reply = itest_call_ok(ada, "held.approve", json_pack("{s:I, s:s}",
	    "entry", entry, "reason", "fine to discuss"));
	thread = itest_get_int(reply, "thread.id");
	assert_string_equal(itest_get_str(reply, "thread.title"),
	    "Exclusion letters");
	assert_string_equal(itest_get_str(reply, "thread.author"), "amy");
	assert_string_equal(json_string_value(json_array_get(itest_get(reply,
	    "thread.tags"), 0)), "semh");
	assert_string_equal(itest_get_str(reply, "post.body"),
	    "Has anyone a template?");
	ev = itest_wait_event(amy, "held");
	assert_string_equal(itest_get_str(ev, "held.outcome"), "approved");
	assert_int_equal(itest_get_int(ev, "held.post.thread"), thread);
	assert_int_equal(json_array_size(posts_after(ben, thread, 0)), 1);

	/* The first post meets it: rejected, the thread never starts. */
	held = itest_get_int(itest_call_ok(amy, "thread.create", json_pack(
	    "{s:I, s:s, s:s}", "board", board, "title", "A question", "body",
	    "about a fixed-term exclusion")), "held.id");
	entry = itest_get_int(itest_queue_entry(cal, "held.id", held), "id");
	itest_call_ok(cal, "held.reject", json_pack("{s:I, s:s}", "entry",
	    entry, "reason", "names a pupil: please ask in general terms"));
	ev = itest_wait_event(amy, "held");
	assert_string_equal(itest_get_str(ev, "held.outcome"), "rejected");
	assert_string_equal(itest_get_str(ev, "held.reason"),
	    "names a pupil: please ask in general terms");
	assert_string_equal(itest_get_str(ev, "held.title"), "A question");
	assert_int_equal(itest_db_int(w->srv, "SELECT count(*) FROM threads"
	    " WHERE title = 'A question'"), 0);
	assert_null(itest_queue_entry(cal, "held.id", held));
	/* Both decisions are their moderators' audit rows. */
	assert_int_equal(itest_db_int(w->srv, "SELECT count(*) FROM audit"
	    " WHERE act = 'held.approve' AND target_kind = 'post'"
	    " AND actor_id = (SELECT id FROM users WHERE handle = 'ada')"), 1);
	assert_int_equal(itest_db_int(w->srv, "SELECT count(*) FROM audit"
	    " WHERE act = 'held.reject'"
	    " AND actor_id = (SELECT id FROM users WHERE handle = 'cal')"), 1);

	itest_close(amy);
	itest_close(ben);
	itest_close(cal);
	itest_close(ada);
	itest_close(lon);
}

static void
an_edit_into_a_held_word_is_refused_and_the_text_stands(void **state)
{
	struct held_world *w = *state;
	struct itest_client *amy, *mo;
	const char *ne = "region:north-east";
	const json_t *reply;
	json_int_t rule, board, thread, post, msg;

	amy = held_login(w, AMY);
	mo = held_login(w, MO);
	board = itest_board_of(amy, ne);
	thread = start_thread(amy, board, "Annual reviews", "a kind word");
	post = itest_get_int(json_array_get(posts_after(amy, thread, 0), 0),
	    "id");
	msg = itest_get_int(itest_post(amy, ne, "a kind message"), "id");
	rule = hold_rule(mo, ne, "appeal", "legal");

	reply = itest_call_error(amy, "post.edit", json_pack("{s:I, s:s}",
	    "post", post, "body", "an appeal word"), "word_blocked");
	assert_int_equal(itest_get_int(reply, "error.rule"), rule);
	assert_non_null(strstr(itest_get_str(reply, "error.message"),
	    "the earlier text stands"));
	assert_null(strstr(itest_get_str(reply, "error.message"), "appeal"));
	assert_string_equal(itest_get_str(json_array_get(posts_after(amy,
	    thread, 0), 0), "body"), "a kind word");
	reply = itest_call_error(amy, "msg.edit", json_pack("{s:I, s:s}",
	    "msg", msg, "body", "an appeal message"), "word_blocked");
	assert_non_null(strstr(itest_get_str(reply, "error.message"),
	    "the earlier text stands"));
	/* Nothing waits for an edit. */
	assert_int_equal(itest_db_int(w->srv, "SELECT count(*) FROM held"
	    " WHERE body LIKE '%appeal%'"), 0);

	unwatch_word(mo, rule);
	itest_close(amy);
	itest_close(mo);
}

static void
erasing_a_person_takes_their_held_posts_and_quotes_of_them(void **state)
{
	struct held_world *w = *state;
	struct itest_client *ben, *dee, *mo;
	const char *ne = "region:north-east";
	json_int_t rule, board, thread, post;
	char out[1024];

	ben = held_login(w, BEN);
	dee = held_login(w, DEE);
	mo = held_login(w, MO);
	board = itest_board_of(dee, ne);
	thread = start_thread(dee, board, "Quokka club", "Quokka notes here");
	post = itest_get_int(json_array_get(posts_after(dee, thread, 0), 0),
	    "id");
	rule = hold_rule(mo, ne, "tribunal", "legal");
	itest_get_int(itest_call_ok(dee, "thread.create", json_pack(
	    "{s:I, s:s, s:s}", "board", board, "title", "Quokka tribunal",
	    "body", "Quokka matters")), "held.id");
	itest_get_int(itest_call_ok(ben, "post.reply", json_pack("{s:I, s:s, "
	    "s:{s:I, s:s}}", "thread", thread, "body", "tribunal, says ben",
	    "quote", "post", post, "text", "Quokka notes")), "held.id");

	itest_ctl_ok(w->srv, NULL, out, sizeof out, "erase", "person", "dee",
	    NULL);
	itest_wait_closed(dee);
	itest_close(dee);
	assert_int_equal(itest_db_int(w->srv, "SELECT count(*) FROM held"
	    " WHERE title LIKE '%Quokka%' OR body LIKE '%Quokka%'"
	    " OR quote_text LIKE '%Quokka%'"), 0);
	/* ben's reply waits on, his words his own. */
	assert_int_equal(itest_db_int(w->srv, "SELECT count(*) FROM held"
	    " WHERE body = 'tribunal, says ben' AND decided_ms IS NULL"), 1);

	unwatch_word(mo, rule);
	itest_close(ben);
	itest_close(mo);
}

static void
an_author_away_hears_of_their_held_posts_and_the_export_lists_them(void **state)
{
	struct held_world *w = *state;
	struct itest_client *amy, *mo;
	const char *ne = "region:north-east";
	const json_t *ev, *row;
	json_int_t rule, board, thread, reply, started, post;
	json_t *doc;

	amy = held_login(w, AMY);
	mo = held_login(w, MO);
	board = itest_board_of(amy, ne);
	thread = start_thread(amy, board, "Annual review dates", "Ours are set");
	rule = hold_rule(mo, ne, "ombudsman", "complaints");
	reply = itest_get_int(itest_call_ok(amy, "post.reply", json_pack(
	    "{s:I, s:s}", "thread", thread, "body", "We went to the ombudsman")),
	    "held.id");
	started = itest_get_int(itest_call_ok(amy, "thread.create", json_pack(
	    "{s:I, s:s, s:s}", "board", board, "title", "Ombudsman findings",
	    "body", "What did yours say?")), "held.id");
	itest_close(amy);

	itest_call_ok(mo, "held.reject", json_pack("{s:I, s:s}", "entry",
	    itest_get_int(itest_queue_entry(mo, "held.id", reply), "id"), "reason",
	    "Not while the case is open"));
	post = itest_get_int(itest_call_ok(mo, "held.approve", json_pack(
	    "{s:I}", "entry", itest_get_int(itest_queue_entry(mo, "held.id", started), "id"))),
	    "post.id");

	/* At the next login, both, with their places. */
	amy = held_login(w, AMY);
	ev = itest_wait_event(amy, "held");
	assert_int_equal(itest_get_int(ev, "held.id"), reply);
	assert_string_equal(itest_get_str(ev, "held.outcome"), "rejected");
	assert_string_equal(itest_get_str(ev, "held.thread_title"),
	    "Annual review dates");
	assert_string_equal(itest_get_str(ev, "held.reason"),
	    "Not while the case is open");
	ev = itest_wait_event(amy, "held");
	assert_int_equal(itest_get_int(ev, "held.id"), started);
	assert_string_equal(itest_get_str(ev, "held.outcome"), "approved");
	assert_string_equal(itest_get_str(ev, "held.title"),
	    "Ombudsman findings");
	assert_int_equal(itest_get_int(ev, "held.post_id"), post);

	/* The export lists them with their board, title and outcome. */
	doc = itest_export_json(w->srv, "amy", "export-amy");
	row = itest_with_id(itest_get(doc, "held"), reply);
	assert_non_null(row);
	assert_string_equal(itest_get_str(row, "status"), "rejected");
	assert_int_equal(itest_get_int(row, "thread"), thread);
	assert_non_null(itest_find(row, "board"));
	row = itest_with_id(itest_get(doc, "held"), started);
	assert_non_null(row);
	assert_string_equal(itest_get_str(row, "status"), "approved");
	assert_string_equal(itest_get_str(row, "title"), "Ombudsman findings");
	assert_int_equal(itest_get_int(row, "post_id"), post);
	json_decref(doc);

	unwatch_word(mo, rule);
	itest_close(amy);
	itest_close(mo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_the_scopes_moderators_and_admins_decide_and_all_see_it_go),
		cmocka_unit_test(an_author_away_hears_the_outcome_at_the_next_login_once),
		cmocka_unit_test(export_lists_held_messages_and_erase_removes_them),
		cmocka_unit_test(a_held_reply_waits_then_is_posted_with_a_new_id),
		cmocka_unit_test(a_held_thread_starts_only_when_approved),
		cmocka_unit_test(an_edit_into_a_held_word_is_refused_and_the_text_stands),
		cmocka_unit_test(an_author_away_hears_of_their_held_posts_and_the_export_lists_them),
		cmocka_unit_test(erasing_a_person_takes_their_held_posts_and_quotes_of_them),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests(tests, held_setup,
	    held_teardown));
}
