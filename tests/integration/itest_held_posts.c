/*
 * itest_held_posts.c: a watched word's hold rule on the boards over real
 * SSH (issue 19). A reply or a new thread (title or first post) that meets
 * one waits in the queue of the board's scope, shown with its board and
 * thread; approved, it is posted then as its author's with a new id, so a
 * thread read since an earlier post picks it up; rejected, it never is.
 * An edit meeting a hold rule is refused and the earlier text stands.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "staffroom/proto.h"

struct held_world {
	struct itest_server	*srv;
	const struct itest_user	*amy, *ben, *cal, *dee, *mo, *lon, *ada;
	char			 trust[80];	/* "trust:<n>" */
};

static struct held_world world;

static int
held_setup(void **state)
{
	struct held_world *w = &world;
	char id[32];

	w->srv = itest_server_new(itest_posting_unlimited);
	w->amy = itest_user_add(w->srv, "amy", "north-east", NULL);
	w->ben = itest_user_add(w->srv, "ben", "north-east", NULL);
	w->cal = itest_user_add(w->srv, "cal", "north-east", NULL);
	w->dee = itest_user_add(w->srv, "dee", "north-east", NULL);
	w->mo = itest_user_with_role(w->srv, "mo", "north-east", "moderator");
	w->lon = itest_user_with_role(w->srv, "lon", "london", "moderator");
	w->ada = itest_user_with_role(w->srv, "ada", "london", "admin");
	itest_ctl_ok(w->srv, NULL, id, sizeof id, "trust", "add", "Tyne MAT",
	    "--region", "north-east", NULL);
	id[strcspn(id, "\n")] = '\0';
	snprintf(w->trust, sizeof w->trust, "trust:%s", id);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member", "amy", id, NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member", "ben", id, NULL);
	/* cal moderates the trust alone. */
	itest_ctl_ok(w->srv, NULL, NULL, 0, "mod", "add", "cal", w->trust, NULL);
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

/* The open entry of the person's queue whose held item has this id. */
static const json_t *
held_entry(struct itest_client *c, json_int_t held)
{
	const json_t *entries = itest_get(itest_call_ok(c, "mod.queue",
	    json_pack("{s:i}", "limit", 50)), "entries");
	const json_t *e;
	size_t i;

	json_array_foreach(entries, i, e) {
		if (itest_find(e, "held.id") != NULL &&
		    itest_get_int(e, "held.id") == held)
			return e;
	}
	return NULL;
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

	amy = itest_login_user(w->srv, w->amy);
	ben = itest_login_user(w->srv, w->ben);
	cal = itest_login_user(w->srv, w->cal);
	mo = itest_login_user(w->srv, w->mo);
	lon = itest_login_user(w->srv, w->lon);
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
	e = held_entry(mo, held);
	assert_non_null(e);
	entry = itest_get_int(e, "id");
	assert_string_equal(itest_get_str(e, "held.body"),
	    "Ours went to Tribunal");
	assert_string_equal(itest_get_str(e, "held.thread_title"),
	    "EHCP reviews");
	assert_non_null(itest_find(e, "held.board_name"));
	assert_string_equal(itest_get_str(e, "author.handle"), "amy");
	/* Not another region's moderator's, nor a trust's moderator's. */
	assert_null(held_entry(lon, held));
	assert_null(held_entry(cal, held));
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
	assert_null(held_entry(mo, held));
	assert_int_equal(itest_db_int(w->srv, "SELECT post_id FROM held"
	    " WHERE decided_ms IS NOT NULL AND msg_id IS NULL"), approved);

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
	json_int_t rule, board, held, entry, thread;

	amy = itest_login_user(w->srv, w->amy);
	ben = itest_login_user(w->srv, w->ben);
	cal = itest_login_user(w->srv, w->cal);
	ada = itest_login_user(w->srv, w->ada);
	lon = itest_login_user(w->srv, w->lon);
	board = itest_board_of(amy, w->trust);
	/* The trust's own moderator keeps and decides its words. */
	rule = hold_rule(cal, w->trust, "exclusion", "exclusions");

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
	e = held_entry(cal, held);
	assert_non_null(e);
	entry = itest_get_int(e, "id");
	assert_string_equal(itest_get_str(e, "held.title"), "Exclusion letters");
	assert_null(held_entry(lon, held));

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
	entry = itest_get_int(held_entry(cal, held), "id");
	itest_call_ok(cal, "held.reject", json_pack("{s:I, s:s}", "entry",
	    entry, "reason", "names a pupil: please ask in general terms"));
	ev = itest_wait_event(amy, "held");
	assert_string_equal(itest_get_str(ev, "held.outcome"), "rejected");
	assert_string_equal(itest_get_str(ev, "held.reason"),
	    "names a pupil: please ask in general terms");
	assert_string_equal(itest_get_str(ev, "held.title"), "A question");
	assert_int_equal(itest_db_int(w->srv, "SELECT count(*) FROM threads"
	    " WHERE title = 'A question'"), 0);
	assert_null(held_entry(cal, held));
	/* Both decisions are their moderators' audit rows. */
	assert_int_equal(itest_db_int(w->srv, "SELECT count(*) FROM audit"
	    " WHERE act = 'held.approve' AND target_kind = 'post'"
	    " AND actor_id = (SELECT id FROM users WHERE handle = 'ada')"), 1);
	assert_int_equal(itest_db_int(w->srv, "SELECT count(*) FROM audit"
	    " WHERE act = 'held.reject'"
	    " AND actor_id = (SELECT id FROM users WHERE handle = 'cal')"), 1);

	unwatch_word(cal, rule);
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

	amy = itest_login_user(w->srv, w->amy);
	mo = itest_login_user(w->srv, w->mo);
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

	ben = itest_login_user(w->srv, w->ben);
	dee = itest_login_user(w->srv, w->dee);
	mo = itest_login_user(w->srv, w->mo);
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
	json_error_t error;
	json_t *doc;
	char path[3072], out[1024];

	amy = itest_login_user(w->srv, w->amy);
	mo = itest_login_user(w->srv, w->mo);
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
	    itest_get_int(held_entry(mo, reply), "id"), "reason",
	    "Not while the case is open"));
	post = itest_get_int(itest_call_ok(mo, "held.approve", json_pack(
	    "{s:I}", "entry", itest_get_int(held_entry(mo, started), "id"))),
	    "post.id");

	/* At the next login, both, with their places. */
	amy = itest_login_user(w->srv, w->amy);
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
	snprintf(path, sizeof path, "%s/export-amy",
	    itest_server_state_dir(w->srv));
	itest_ctl_ok(w->srv, NULL, out, sizeof out, "export", "person", "amy",
	    path, NULL);
	snprintf(path + strlen(path), sizeof path - strlen(path), "/amy.json");
	if ((doc = json_load_file(path, 0, &error)) == NULL)
		fail_msg("%s: not JSON: %s", path, error.text);
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
