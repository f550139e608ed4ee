/*
 * itest_boards.c: discussion boards over real SSH. Who sees which board
 * (region, trust, private, national) as a member, a person elsewhere, a
 * moderator and an admin; threads, quotes, edits with their history, hiding
 * and restoring, locking, pinning, moving, pages, read state, mentions and
 * watching; and bad requests for every op.
 *
 * The people and trusts are made once; each test starts its own threads, so
 * no test depends on another's posts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define TITLE_MAX	200	/* characters in a thread title (PROTOCOL.md) */

static const char *const boards_daemon_args[] = {
	"--post-burst", "1000", "--post-rate", "1000", NULL
};

/*
 * asha (London, Oak trust) and ben (London, Elm trust) are members; cara is
 * in the North East; lena moderates London, nia the North East; ada is an
 * admin (North East). asha and cara share a private board.
 */
struct boards_world {
	struct itest_server	*srv;
	const struct itest_user	*asha, *ben, *cara, *lena, *nia, *ada;
	char			 oak[80], elm[80];	/* "trust:<n>" */
};

static struct boards_world world;

/* Runs a staffroomctl "... add" that prints an id; writes prefix + id. */
static void
ctl_add(struct itest_server *srv, char *id, size_t size, const char *prefix,
    const char *what, const char *name, const char *opt, const char *value,
    const char *opt2, const char *value2)
{
	char out[64];

	itest_ctl_ok(srv, NULL, out, sizeof out, what, "add", name, opt, value, opt2,
	    value2, NULL);
	out[strcspn(out, "\n")] = '\0';
	snprintf(id, size, "%s%s", prefix, out);
}

static int
boards_setup(void **state)
{
	struct boards_world *w = &world;
	char private_id[80];

	w->srv = itest_server_new(boards_daemon_args);
	w->asha = itest_user_add(w->srv, "asha", "london", NULL);
	w->ben = itest_user_add(w->srv, "ben", "london", NULL);
	w->cara = itest_user_add(w->srv, "cara", "north-east", NULL);
	w->lena = itest_user_add(w->srv, "lena", "london", NULL);
	w->nia = itest_user_add(w->srv, "nia", "north-east", NULL);
	w->ada = itest_user_add(w->srv, "ada", "north-east", NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "user", "set", "lena", "--role", "moderator", NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "user", "set", "nia", "--role", "moderator", NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "user", "set", "ada", "--role", "admin", NULL);
	ctl_add(w->srv, w->oak, sizeof w->oak, "trust:", "trust", "Oak MAT",
	    "--region", "london", NULL, NULL);
	ctl_add(w->srv, w->elm, sizeof w->elm, "trust:", "trust", "Elm MAT",
	    "--region", "london", NULL, NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member", "asha", w->oak + 6, NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member", "ben", w->elm + 6, NULL);
	ctl_add(w->srv, private_id, sizeof private_id, "", "board", "Circle",
	    "--scope", "private", "--members", "asha,cara");
	itest_server_start(w->srv);
	*state = w;
	return 0;
}

static int
boards_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

static const json_t *
boards_of(struct itest_client *c)
{
	return itest_get(itest_call_ok(c, "boards.list", NULL), "boards");
}

/* The person's boards.list entry with this scope; NULL if absent. */
static const json_t *
board_with_scope(struct itest_client *c, const char *scope)
{
	const json_t *b;
	size_t i;

	json_array_foreach(boards_of(c), i, b) {
		if (strcmp(itest_get_str(b, "scope"), scope) == 0)
			return b;
	}
	return NULL;
}

static json_int_t
board_id(struct itest_client *c, const char *scope)
{
	const json_t *b = board_with_scope(c, scope);

	if (b == NULL)
		fail_msg("no board %s in the list", scope);
	return itest_get_int(b, "id");
}

static const json_t *
board_by_id(struct itest_client *c, json_int_t id)
{
	const json_t *b;
	size_t i;

	json_array_foreach(boards_of(c), i, b) {
		if (itest_get_int(b, "id") == id)
			return b;
	}
	fail_msg("board %d is not listed", (int)id);
	return NULL;
}

/* thread.create; returns the new thread's id. */
static json_int_t
new_thread(struct itest_client *c, json_int_t board, const char *title, const char *body)
{
	return itest_get_int(itest_call_ok(c, "thread.create", json_pack("{s:I, s:s, s:s}",
	    "board", board, "title", title, "body", body)), "thread.id");
}

static json_int_t
first_post(struct itest_client *c, json_int_t thread)
{
	return itest_get_int(itest_call_ok(c, "thread.posts", json_pack("{s:I}",
	    "thread", thread)), "posts.0.id");
}

static json_int_t
reply(struct itest_client *c, json_int_t thread, const char *body)
{
	return itest_get_int(itest_call_ok(c, "post.reply", json_pack("{s:I, s:s}",
	    "thread", thread, "body", body)), "post.id");
}

static const json_t *
posts_of(struct itest_client *c, json_int_t thread)
{
	return itest_get(itest_call_ok(c, "thread.posts", json_pack("{s:I}",
	    "thread", thread)), "posts");
}

static json_t *
id_field(const char *key, json_int_t id)
{
	return json_pack("{s:I}", key, id);
}

static const json_t *
threads_of(struct itest_client *c, json_int_t board)
{
	return itest_get(itest_call_ok(c, "board.threads", id_field("board", board)),
	    "threads");
}

static const json_t *
listed_thread(struct itest_client *c, json_int_t board, json_int_t thread)
{
	const json_t *t;
	size_t i;

	json_array_foreach(threads_of(c, board), i, t) {
		if (itest_get_int(t, "id") == thread)
			return t;
	}
	return NULL;
}

static size_t
search_hits(struct itest_client *c, const char *q)
{
	return json_array_size(itest_get(itest_call_ok(c, "search",
	    json_pack("{s:s}", "q", q)), "hits"));
}

static void
assert_sees(struct itest_client *c, const char *const *scopes, size_t n, size_t total)
{
	for (size_t i = 0; i < n; i++)
		if (board_with_scope(c, scopes[i]) == NULL)
			fail_msg("board %s is missing", scopes[i]);
	assert_int_equal(json_array_size(boards_of(c)), total);
}

/* Whether the person can open the thread, post in it and find its word. */
static void
assert_reach(struct itest_client *c, json_int_t thread, const char *word, bool can)
{
	if (can) {
		itest_call_ok(c, "thread.posts", id_field("thread", thread));
		assert_int_equal(search_hits(c, word), 1);
	} else {
		itest_call_error(c, "thread.posts", id_field("thread", thread), "not_found");
		itest_call_error(c, "post.reply", json_pack("{s:I, s:s}", "thread", thread,
		    "body", "let me in"), "not_found");
		itest_call_error(c, "watch", id_field("thread", thread), "not_found");
		assert_int_equal(search_hits(c, word), 0);
	}
}

static void
each_scope_is_read_by_its_people_its_moderators_and_admins(void **state)
{
	struct boards_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	struct itest_client *cara = itest_login_user(w->srv, w->cara);
	struct itest_client *lena = itest_login_user(w->srv, w->lena);
	struct itest_client *nia = itest_login_user(w->srv, w->nia);
	struct itest_client *ada = itest_login_user(w->srv, w->ada);
	const char *asha_sees[] = { "national", "region:london", w->oak, "private" };
	const char *ben_sees[] = { "national", "region:london", w->elm };
	const char *cara_sees[] = { "national", "region:north-east", "private" };
	const char *lena_sees[] = { "national", "region:london", w->oak, w->elm };
	const char *nia_sees[] = { "national", "region:north-east" };
	const char *ada_sees[] = { "national", "region:london", "region:north-east",
	    w->oak, w->elm, "private" };
	struct itest_client *all[] = { asha, ben, cara, lena, nia, ada };
	json_int_t region, trust, priv, national;
	/* Who reaches each thread, in the order of all[]. */
	const bool region_reach[] = { true, true, false, true, false, true };
	const bool trust_reach[] = { true, false, false, true, false, true };
	const bool private_reach[] = { true, false, true, false, false, true };

	assert_sees(asha, asha_sees, 4, 4);
	assert_sees(ben, ben_sees, 3, 3);
	assert_sees(cara, cara_sees, 3, 3);
	assert_sees(lena, lena_sees, 4, 4);
	assert_sees(nia, nia_sees, 2, 2);
	/* The national board, nine regions, two trusts and the private board. */
	assert_sees(ada, ada_sees, 6, 13);
	assert_true(itest_get_bool(board_with_scope(lena, w->oak), "moderator"));
	assert_true(itest_get_bool(board_with_scope(nia, "national"), "moderator"));
	assert_false(itest_get_bool(board_with_scope(asha, w->oak), "moderator"));
	assert_true(itest_get_bool(board_with_scope(nia, "region:north-east"), "moderator"));
	assert_false(itest_get_bool(board_with_scope(nia, "national"), "archived"));

	region = new_thread(asha, board_id(asha, "region:london"), "Region thread",
	    "quinceregion words here");
	trust = new_thread(asha, board_id(asha, w->oak), "Trust thread",
	    "quincetrust words here");
	priv = new_thread(asha, board_id(asha, "private"), "Private thread",
	    "quinceprivate words here");
	national = new_thread(cara, board_id(cara, "national"), "National thread",
	    "quincenational words here");
	for (size_t i = 0; i < 6; i++) {
		assert_reach(all[i], region, "quinceregion", region_reach[i]);
		assert_reach(all[i], trust, "quincetrust", trust_reach[i]);
		assert_reach(all[i], priv, "quinceprivate", private_reach[i]);
		assert_reach(all[i], national, "quincenational", true);
	}
	/* A board one cannot read answers like one that does not exist. */
	itest_call_error(cara, "board.threads", id_field("board",
	    board_id(asha, "region:london")), "not_found");
	itest_call_error(cara, "board.threads", id_field("board", 999999), "not_found");
	for (size_t i = 0; i < 6; i++)
		itest_close(all[i]);
}

static void
two_people_of_a_region_hold_a_discussion_another_region_cannot_find(void **state)
{
	struct boards_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	struct itest_client *cara = itest_login_user(w->srv, w->cara);
	json_int_t london = board_id(asha, "region:london");
	const json_t *created, *listed, *quoted, *seen, *hit;
	json_int_t thread, opening, answer;

	created = itest_call_ok(asha, "thread.create", json_pack("{s:I, s:s, s:s, s:[s, s]}",
	    "board", london, "title", "Year 9 annual review template?",
	    "body", "Has anyone written an EHCP annual review template for Year 9?",
	    "tags", "semh", "secondary"));
	thread = itest_get_int(created, "thread.id");
	opening = itest_get_int(created, "post.id");
	assert_string_equal(itest_get_str(created, "thread.tags.0"), "semh");
	assert_string_equal(itest_get_str(created, "thread.tags.1"), "secondary");
	assert_int_equal(itest_get_int(created, "thread.posts"), 1);
	assert_string_equal(itest_get_str(created, "post.author"), "asha");

	listed = listed_thread(ben, london, thread);
	assert_non_null(listed);
	assert_int_equal(itest_get_int(listed, "unread"), 1);
	assert_string_equal(itest_get_str(listed, "title"), "Year 9 annual review template?");

	answer = itest_get_int(itest_call_ok(ben, "post.reply", json_pack(
	    "{s:I, s:s, s:{s:I, s:s}}", "thread", thread,
	    "body", "Yes: ours starts with the pupil's views.",
	    "quote", "post", opening, "text", "annual review template")), "post.id");
	/* asha watches the thread she started. */
	seen = itest_get(itest_wait_event(asha, "post"), "post");
	assert_int_equal(itest_get_int(seen, "id"), answer);
	quoted = itest_get(seen, "quote");
	assert_int_equal(itest_get_int(quoted, "post"), opening);
	assert_string_equal(itest_get_str(quoted, "text"), "annual review template");
	assert_int_equal(json_array_size(posts_of(asha, thread)), 2);

	/* The search finds it for the region, with the word highlighted. */
	hit = itest_get(itest_call_ok(ben, "search", json_pack("{s:s}", "q", "templ*")),
	    "hits.0");
	assert_string_equal(itest_get_str(hit, "kind"), "post");
	assert_int_equal(itest_get_int(hit, "thread"), thread);
	assert_string_equal(itest_get_str(hit, "title"), "Year 9 annual review template?");
	{
		const char *snippet = itest_get_str(hit, "snippet");
		json_int_t start = itest_get_int(hit, "highlights.0.0");
		json_int_t end = itest_get_int(hit, "highlights.0.1");

		assert_true(end - start == 8);
		assert_memory_equal(snippet + start, "template", 8);
	}

	/* cara, in another region, can neither see nor find any of it. */
	itest_call_error(cara, "board.threads", id_field("board", london), "not_found");
	itest_call_error(cara, "thread.posts", id_field("thread", thread), "not_found");
	itest_call_error(cara, "post.history", id_field("post", opening), "not_found");
	itest_call_error(cara, "post.reply", json_pack("{s:I, s:s}", "thread", thread,
	    "body", "hello?"), "not_found");
	assert_int_equal(search_hits(cara, "template"), 0);
	assert_int_equal(search_hits(cara, "annual review"), 0);
	itest_close(asha);
	itest_close(ben);
	itest_close(cara);
}

static void
a_quote_must_be_text_of_a_post_in_the_same_thread(void **state)
{
	struct boards_world *w = *state;
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	json_int_t london = board_id(ben, "region:london");
	json_int_t one = new_thread(ben, london, "Quotes one", "the first thread's words");
	json_int_t two = new_thread(ben, london, "Quotes two", "the second thread's words");
	json_int_t p1 = first_post(ben, one);

	itest_call_error(ben, "post.reply", json_pack("{s:I, s:s, s:{s:I, s:s}}",
	    "thread", two, "body", "b", "quote", "post", p1, "text", "first"), "bad_request");
	itest_call_error(ben, "post.reply", json_pack("{s:I, s:s, s:{s:I, s:s}}",
	    "thread", one, "body", "b", "quote", "post", p1, "text", "not in it"),
	    "bad_request");
	itest_call_error(ben, "post.reply", json_pack("{s:I, s:s, s:{s:I, s:s}}",
	    "thread", one, "body", "b", "quote", "post", p1, "text", ""), "bad_request");
	itest_call_error(ben, "post.reply", json_pack("{s:I, s:s, s:s}",
	    "thread", one, "body", "b", "quote", "first"), "bad_request");
	itest_call_error(ben, "post.reply", json_pack("{s:I, s:s, s:{s:I, s:s}}",
	    "thread", one, "body", "b", "quote", "post", 99999999, "text", "x"), "bad_request");
	itest_call_ok(ben, "post.reply", json_pack("{s:I, s:s, s:{s:I, s:s}}",
	    "thread", one, "body", "b", "quote", "post", p1, "text", "first thread"));
	itest_close(ben);
}

static void
edits_keep_every_version_and_only_the_author_edits(void **state)
{
	struct boards_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	json_int_t london = board_id(asha, "region:london");
	json_int_t thread = new_thread(asha, london, "Edits", "version one");
	json_int_t post = first_post(asha, thread);
	const json_t *edited, *versions, *seen;

	assert_false(itest_get_bool(posts_of(ben, thread), "0.edited"));
	itest_call_ok(asha, "post.edit", json_pack("{s:I, s:s}", "post", post, "body",
	    "version two"));
	edited = itest_call_ok(asha, "post.edit", json_pack("{s:I, s:s}", "post", post,
	    "body", "version three"));
	assert_true(itest_get_bool(edited, "post.edited"));
	assert_string_equal(itest_get_str(edited, "post.body"), "version three");
	seen = posts_of(ben, thread);
	assert_true(itest_get_bool(seen, "0.edited"));
	assert_string_equal(itest_get_str(seen, "0.body"), "version three");

	versions = itest_get(itest_call_ok(ben, "post.history", id_field("post", post)),
	    "versions");
	assert_int_equal(json_array_size(versions), 3);
	assert_string_equal(itest_get_str(versions, "0.body"), "version one");
	assert_string_equal(itest_get_str(versions, "1.body"), "version two");
	assert_string_equal(itest_get_str(versions, "2.body"), "version three");

	itest_call_error(ben, "post.edit", json_pack("{s:I, s:s}", "post", post, "body",
	    "not mine"), "forbidden");
	/* The search index follows the edit. */
	assert_int_equal(search_hits(ben, "three"), 1);
	itest_close(asha);
	itest_close(ben);
}

static void
deleting_hides_a_post_and_moderators_restore_it(void **state)
{
	struct boards_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	struct itest_client *lena = itest_login_user(w->srv, w->lena);
	json_int_t london = board_id(asha, "region:london");
	json_int_t thread = new_thread(asha, london, "Hiding", "opening words");
	json_int_t post = reply(ben, thread, "regrettable zanzibarish remark");
	const json_t *mod_view, *hidden;

	itest_call_error(asha, "post.delete", id_field("post", post), "forbidden");
	itest_call_ok(ben, "post.delete", id_field("post", post));
	/* Gone for members: pages, counts, search, the post itself. */
	assert_int_equal(json_array_size(posts_of(asha, thread)), 1);
	assert_int_equal(itest_get_int(listed_thread(asha, london, thread), "posts"), 1);
	assert_int_equal(search_hits(asha, "zanzibarish"), 0);
	itest_call_error(ben, "post.history", id_field("post", post), "not_found");
	itest_call_error(ben, "post.delete", id_field("post", post), "not_found");
	itest_call_error(asha, "post.restore", id_field("post", post), "not_found");

	/* The moderator still sees it, marked, and lists it. */
	mod_view = posts_of(lena, thread);
	assert_int_equal(json_array_size(mod_view), 2);
	assert_true(itest_get_bool(mod_view, "1.hidden"));
	hidden = itest_get(itest_call_ok(lena, "posts.hidden", id_field("board", london)),
	    "posts");
	assert_int_equal(itest_get_int(hidden, "0.id"), post);
	itest_call_error(asha, "posts.hidden", id_field("board", london), "forbidden");

	itest_call_ok(lena, "post.restore", id_field("post", post));
	assert_int_equal(json_array_size(posts_of(asha, thread)), 2);
	assert_int_equal(search_hits(asha, "zanzibarish"), 1);
	itest_call_error(lena, "post.restore", id_field("post", post), "not_found");
	itest_close(asha);
	itest_close(ben);
	itest_close(lena);
}

static void
a_locked_thread_refuses_replies_and_pinned_threads_come_first(void **state)
{
	struct boards_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *lena = itest_login_user(w->srv, w->lena);
	struct itest_client *nia = itest_login_user(w->srv, w->nia);
	json_int_t oak = board_id(asha, w->oak);
	json_int_t older = new_thread(asha, oak, "Older", "older words");
	json_int_t newer = new_thread(asha, oak, "Newer", "newer words");
	json_int_t post = first_post(asha, older);

	itest_call_error(asha, "thread.lock", id_field("thread", older), "forbidden");
	itest_call_error(nia, "thread.lock", id_field("thread", older), "not_found");
	assert_true(itest_get_bool(itest_call_ok(lena, "thread.lock",
	    id_field("thread", older)), "thread.locked"));
	itest_call_error(asha, "post.reply", json_pack("{s:I, s:s}", "thread", older,
	    "body", "one more thing"), "locked");
	itest_call_error(asha, "post.edit", json_pack("{s:I, s:s}", "post", post,
	    "body", "changed"), "locked");
	itest_call_ok(lena, "thread.unlock", id_field("thread", older));
	reply(asha, older, "one more thing");

	/* The newest activity leads, unless a thread is pinned. */
	reply(asha, newer, "bump");
	assert_int_equal(itest_get_int(threads_of(asha, oak), "0.id"), newer);
	itest_call_error(asha, "thread.pin", id_field("thread", older), "forbidden");
	itest_call_ok(lena, "thread.pin", id_field("thread", older));
	assert_int_equal(itest_get_int(threads_of(asha, oak), "0.id"), older);
	assert_true(itest_get_bool(threads_of(asha, oak), "0.pinned"));
	itest_call_ok(lena, "thread.unpin", id_field("thread", older));
	assert_int_equal(itest_get_int(threads_of(asha, oak), "0.id"), newer);
	itest_close(asha);
	itest_close(lena);
	itest_close(nia);
}

static void
threads_and_posts_come_in_pages(void **state)
{
	struct boards_world *w = *state;
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	json_int_t elm = board_id(ben, w->elm);
	json_int_t ids[5], thread, posts[4];
	const json_t *page;
	char title[32];

	for (int i = 0; i < 5; i++) {
		snprintf(title, sizeof title, "Paged %d", i);
		ids[i] = new_thread(ben, elm, title, "paged words");
	}
	/* Newest first, two at a time. */
	for (int p = 0; p < 3; p++) {
		json_t *fields = json_pack("{s:I, s:i}", "board", elm, "limit", 2);

		if (p > 0)
			json_object_set_new(fields, "before", json_integer(ids[5 - 2 * p]));
		page = itest_call_ok(ben, "board.threads", fields);
		for (int i = 0; i < (p < 2 ? 2 : 1); i++)
			assert_int_equal(itest_get_int(json_array_get(itest_get(page,
			    "threads"), (size_t)i), "id"), ids[4 - 2 * p - i]);
		assert_int_equal(json_array_size(itest_get(page, "threads")), p < 2 ? 2 : 1);
		assert_int_equal(itest_get_bool(page, "more"), p < 2);
	}
	thread = ids[0];
	posts[0] = first_post(ben, thread);
	for (int i = 1; i < 4; i++)
		posts[i] = reply(ben, thread, "more paged words");
	page = itest_call_ok(ben, "thread.posts", json_pack("{s:I, s:I, s:i}",
	    "thread", thread, "after", posts[0], "limit", 2));
	assert_int_equal(itest_get_int(page, "posts.0.id"), posts[1]);
	assert_int_equal(itest_get_int(page, "posts.1.id"), posts[2]);
	assert_true(itest_get_bool(page, "more"));
	page = itest_call_ok(ben, "thread.posts", json_pack("{s:I, s:I, s:i}",
	    "thread", thread, "after", posts[2], "limit", 2));
	assert_int_equal(json_array_size(itest_get(page, "posts")), 1);
	assert_false(itest_get_bool(page, "more"));
	/* Filtering by tag keeps only tagged threads. */
	itest_call_ok(ben, "thread.create", json_pack("{s:I, s:s, s:s, s:[s]}", "board", elm,
	    "title", "Tagged", "body", "tagged words", "tags", "asd"));
	page = itest_call_ok(ben, "board.threads", json_pack("{s:I, s:s}", "board", elm,
	    "tag", "asd"));
	assert_int_equal(json_array_size(itest_get(page, "threads")), 1);
	assert_string_equal(itest_get_str(page, "threads.0.title"), "Tagged");
	itest_close(ben);
}

static void
mentions_reach_only_people_who_can_read_the_board(void **state)
{
	struct boards_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	struct itest_client *cara = itest_login_user(w->srv, w->cara);
	json_int_t london = board_id(asha, "region:london");
	json_int_t before = itest_get_int(board_by_id(ben, london), "mentions");
	json_int_t thread = new_thread(asha, london, "Mentions", "@cara and @ben, thoughts?");
	const json_t *mention = itest_wait_event(ben, "mention");

	assert_int_equal(itest_get_int(mention, "post.thread"), thread);
	assert_int_equal(itest_get_int(board_by_id(ben, london), "mentions"), before + 1);
	/* cara cannot read the London board: nothing reaches her. */
	itest_assert_alive(cara);
	assert_int_equal(itest_unclaimed_events(cara, "mention"), 0);
	assert_null(board_with_scope(cara, "region:london"));
	/* Reading the thread clears the mention. */
	itest_call_ok(ben, "thread.read", json_pack("{s:I, s:I}", "thread", thread,
	    "upto", first_post(ben, thread)));
	assert_int_equal(itest_get_int(board_by_id(ben, london), "mentions"), before);
	itest_close(asha);
	itest_close(ben);
	itest_close(cara);
}

static void
a_person_who_blocks_the_author_is_not_told_of_a_mention(void **state)
{
	struct boards_world *w = *state;
	struct itest_client *lena = itest_login_user(w->srv, w->lena);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	json_int_t london = board_id(ben, "region:london");
	json_int_t before = itest_get_int(board_by_id(lena, london), "mentions");

	itest_call_ok(lena, "user.block", json_pack("{s:s}", "handle", "ben"));
	new_thread(ben, london, "Blocked mention", "@lena what do you think?");
	itest_assert_alive(lena);
	assert_int_equal(itest_unclaimed_events(lena, "mention"), 0);
	assert_int_equal(itest_get_int(board_by_id(lena, london), "mentions"), before);
	itest_call_ok(lena, "user.unblock", json_pack("{s:s}", "handle", "ben"));
	new_thread(ben, london, "Unblocked mention", "@lena and now?");
	itest_wait_event(lena, "mention");
	assert_int_equal(itest_get_int(board_by_id(lena, london), "mentions"), before + 1);
	itest_close(lena);
	itest_close(ben);
}

static void
read_markers_drive_unread_counts(void **state)
{
	struct boards_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *cara = itest_login_user(w->srv, w->cara);
	json_int_t priv = board_id(asha, "private");
	json_int_t unread = itest_get_int(board_by_id(cara, priv), "unread");
	json_int_t thread = new_thread(asha, priv, "Unread", "first");
	json_int_t last = reply(asha, thread, "second");
	const json_t *read;

	assert_int_equal(itest_get_int(board_by_id(cara, priv), "unread"), unread + 2);
	assert_int_equal(itest_get_int(listed_thread(cara, priv, thread), "unread"), 2);
	read = itest_call_ok(cara, "thread.read", json_pack("{s:I, s:I}", "thread", thread,
	    "upto", last + 1000));
	/* Clipped to the newest post, and never moved back. */
	assert_int_equal(itest_get_int(read, "read_upto"), last);
	read = itest_call_ok(cara, "thread.read", json_pack("{s:I, s:I}", "thread", thread,
	    "upto", 0));
	assert_int_equal(itest_get_int(read, "read_upto"), last);
	assert_int_equal(itest_get_int(listed_thread(cara, priv, thread), "unread"), 0);
	assert_int_equal(itest_get_int(board_by_id(cara, priv), "unread"), unread);
	itest_close(asha);
	itest_close(cara);
}

static void
watching_a_board_sends_new_posts_until_unwatched(void **state)
{
	struct boards_world *w = *state;
	struct itest_client *nia = itest_login_user(w->srv, w->nia);
	struct itest_client *cara = itest_login_user(w->srv, w->cara);
	json_int_t ne = board_id(cara, "region:north-east");
	json_int_t thread;

	itest_call_ok(nia, "watch", id_field("board", ne));
	thread = new_thread(cara, ne, "Watched", "watched words");
	assert_int_equal(itest_get_int(itest_wait_event(nia, "post"), "post.thread"), thread);
	itest_call_ok(nia, "unwatch", id_field("board", ne));
	reply(cara, thread, "unwatched words");
	itest_assert_alive(nia);
	assert_int_equal(itest_unclaimed_events(nia, "post"), 0);
	itest_close(nia);
	itest_close(cara);
}

static void
moderators_move_threads_between_boards_they_moderate(void **state)
{
	struct boards_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *cara = itest_login_user(w->srv, w->cara);
	struct itest_client *lena = itest_login_user(w->srv, w->lena);
	json_int_t london = board_id(asha, "region:london");
	json_int_t national = board_id(asha, "national");
	json_int_t thread = new_thread(asha, london, "Moving", "kumquatish thoughts");
	const json_t *moved;

	assert_int_equal(search_hits(cara, "kumquatish"), 0);
	itest_call_error(asha, "thread.move", json_pack("{s:I, s:I}", "thread", thread,
	    "board", national), "forbidden");
	itest_call_error(lena, "thread.move", json_pack("{s:I, s:I}", "thread", thread,
	    "board", london), "bad_request");
	moved = itest_call_ok(lena, "thread.move", json_pack("{s:I, s:I}", "thread", thread,
	    "board", national));
	assert_int_equal(itest_get_int(moved, "thread.board"), national);
	/* Now it is national, everyone reads and finds it. */
	assert_non_null(listed_thread(cara, national, thread));
	assert_int_equal(search_hits(cara, "kumquatish"), 1);
	assert_null(listed_thread(asha, london, thread));
	itest_close(asha);
	itest_close(cara);
	itest_close(lena);
}

/*
 * A thread moved to a board a watcher cannot read takes the watcher's
 * events with it: cara (North East) watches a national thread that lena
 * moves to London; ben (London), watching too, is told of the move, cara
 * hears nothing of it nor of the replies after it (a ping after them comes
 * back after anything sent), and reads it as not there.
 */
static void
a_thread_moved_out_of_a_watchers_reach_tells_them_nothing(void **state)
{
	struct boards_world *w = *state;
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	struct itest_client *cara = itest_login_user(w->srv, w->cara);
	struct itest_client *lena = itest_login_user(w->srv, w->lena);
	json_int_t national = board_id(cara, "national");
	json_int_t thread = new_thread(ben, national, "Moving on", "a thread");
	size_t updates, posts;

	itest_call_ok(cara, "watch", id_field("thread", thread));
	itest_call_ok(ben, "watch", id_field("thread", thread));
	reply(ben, thread, "cara hears this");
	itest_wait_event(cara, "post");
	itest_call(cara, "ping", NULL);
	updates = itest_unclaimed_events(cara, "thread.update");
	posts = itest_unclaimed_events(cara, "post");
	itest_call_ok(lena, "thread.move", json_pack("{s:I, s:I}", "thread",
	    thread, "board", board_id(lena, "region:london")));
	assert_int_equal(itest_get_int(itest_wait_event(ben, "thread.update"),
	    "thread.id"), thread);
	reply(ben, thread, "cara does not hear this");
	itest_call(cara, "ping", NULL);
	assert_int_equal(itest_unclaimed_events(cara, "thread.update"), updates);
	assert_int_equal(itest_unclaimed_events(cara, "post"), posts);
	itest_call_error(cara, "thread.posts", id_field("thread", thread),
	    "not_found");
	itest_close(ben);
	itest_close(cara);
	itest_close(lena);
}

static void
an_archived_board_stays_readable_but_takes_no_posts(void **state)
{
	struct boards_world *w = *state;
	struct itest_client *cara = itest_login_user(w->srv, w->cara);
	json_int_t priv = board_id(cara, "private");
	json_int_t thread = new_thread(cara, priv, "Archived", "before the archive");
	char id[32];

	snprintf(id, sizeof id, "%lld", (long long)priv);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "board", "archive", id, NULL);
	assert_true(itest_get_bool(board_by_id(cara, priv), "archived"));
	itest_call_error(cara, "thread.create", json_pack("{s:I, s:s, s:s}", "board", priv,
	    "title", "t", "body", "b"), "locked");
	itest_call_error(cara, "post.reply", json_pack("{s:I, s:s}", "thread", thread,
	    "body", "b"), "locked");
	assert_int_equal(json_array_size(posts_of(cara, thread)), 1);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "board", "archive", id, "--undo", NULL);
	reply(cara, thread, "after the archive");
	itest_close(cara);
}

static void
joining_a_trust_while_online_brings_its_room_and_board_at_once(void **state)
{
	struct boards_world *w = *state;
	const struct itest_user *tom_user = itest_user_add(w->srv, "tom", "london", NULL);
	struct itest_client *tom = itest_login_user(w->srv, tom_user);
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	const json_t *ev;

	assert_null(board_with_scope(tom, w->oak));
	itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member", "tom", w->oak + 6, NULL);
	ev = itest_wait_event(tom, "room");
	assert_string_equal(itest_get_str(ev, "room.id"), w->oak);
	assert_non_null(board_with_scope(tom, w->oak));
	itest_post(asha, w->oak, "welcome to Oak, tom");
	assert_string_equal(itest_get_str(itest_wait_msg_from(tom, "asha"), "room"), w->oak);

	itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member", "tom", "none", NULL);
	ev = itest_wait_event(tom, "room_gone");
	assert_string_equal(itest_get_str(ev, "room"), w->oak);
	assert_null(board_with_scope(tom, w->oak));
	itest_post(asha, w->oak, "tom has gone");
	itest_assert_alive(tom);
	assert_int_equal(itest_unclaimed_events(tom, "msg"), 0);
	itest_close(tom);
	itest_close(asha);
}

static void
every_op_refuses_bad_requests_and_keeps_the_connection(void **state)
{
	struct boards_world *w = *state;
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	json_int_t elm = board_id(ben, w->elm);
	json_int_t thread = new_thread(ben, elm, "Bad input", "bad input words");
	json_int_t other = new_thread(ben, board_id(ben, "national"), "Elsewhere", "words");
	char title[TITLE_MAX + 2];
	static const struct {
		const char *op;
		const char *fields;	/* %B the board, %T the thread, %O another board's thread */
		const char *code;
	} cases[] = {
		{ "board.threads", "{}", "bad_request" },
		{ "board.threads", "{\"board\":\"one\"}", "bad_request" },
		{ "board.threads", "{\"board\":-1}", "bad_request" },
		{ "board.threads", "{\"board\":%B,\"limit\":0}", "bad_request" },
		{ "board.threads", "{\"board\":%B,\"tag\":\"adhd\"}", "bad_request" },
		{ "board.threads", "{\"board\":%B,\"before\":%O}", "bad_request" },
		{ "thread.create", "{\"board\":%B,\"body\":\"b\"}", "bad_request" },
		{ "thread.create", "{\"board\":%B,\"title\":\"  \",\"body\":\"b\"}", "bad_request" },
		{ "thread.create", "{\"board\":%B,\"title\":\"a\\nb\",\"body\":\"b\"}", "bad_text" },
		{ "thread.create", "{\"board\":%B,\"title\":\"t\",\"body\":\" \"}", "bad_request" },
		{ "thread.create", "{\"board\":%B,\"title\":\"t\",\"body\":\"b\",\"tags\":\"asd\"}", "bad_request" },
		{ "thread.create", "{\"board\":%B,\"title\":\"t\",\"body\":\"b\",\"tags\":[\"ASD\"]}", "bad_request" },
		{ "thread.create", "{\"board\":%B,\"title\":\"t\",\"body\":\"b\",\"tags\":[1]}", "bad_request" },
		{ "thread.create", "{\"board\":%B,\"title\":\"t\",\"body\":\"\\u0007\"}", "bad_text" },
		{ "thread.posts", "{}", "bad_request" },
		{ "thread.posts", "{\"thread\":%T,\"after\":-1}", "bad_request" },
		{ "thread.posts", "{\"thread\":%T,\"limit\":201}", "bad_request" },
		{ "thread.posts", "{\"thread\":99999999}", "not_found" },
		{ "post.reply", "{\"thread\":%T}", "bad_request" },
		{ "post.reply", "{\"thread\":%T,\"body\":5}", "bad_request" },
		{ "post.edit", "{\"post\":\"x\",\"body\":\"b\"}", "bad_request" },
		{ "post.edit", "{\"post\":99999999,\"body\":\"b\"}", "not_found" },
		{ "post.history", "{}", "bad_request" },
		{ "post.delete", "{\"post\":0}", "bad_request" },
		{ "post.restore", "{\"post\":true}", "bad_request" },
		{ "posts.hidden", "{}", "bad_request" },
		{ "thread.pin", "{}", "bad_request" },
		{ "thread.lock", "{\"thread\":\"1\"}", "bad_request" },
		{ "thread.move", "{\"thread\":%T}", "bad_request" },
		{ "thread.read", "{\"thread\":%T}", "bad_request" },
		{ "thread.read", "{\"thread\":%T,\"upto\":-5}", "bad_request" },
		{ "watch", "{}", "bad_request" },
		{ "watch", "{\"thread\":%T,\"board\":%B}", "bad_request" },
		{ "unwatch", "{\"board\":99999999}", "not_found" },
		{ "search", "{}", "bad_request" },
		{ "search", "{\"q\":\"\"}", "bad_request" },
		{ "search", "{\"q\":\"((( ))) - + ^ :\"}", "bad_request" },
		{ "search", "{\"q\":\"x\",\"limit\":51}", "bad_request" },
		{ "search", "{\"q\":\"x\",\"room\":\"national\",\"board\":%B}", "bad_request" },
		{ "search", "{\"q\":\"x\",\"tag\":\"none\"}", "bad_request" },
		{ "search", "{\"q\":\"x\",\"author\":\"No Such\"}", "bad_request" },
		{ "search", "{\"q\":\"x\",\"author\":\"nobody-here\"}", "not_found" },
		{ "search", "{\"q\":\"x\",\"room\":\"region:north-east\"}", "forbidden" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[512];
		const char *f;
		size_t len = 0;
		json_error_t error;
		json_t *fields;

		for (f = cases[i].fields; *f != '\0' && len < sizeof text - 32; f++) {
			if (f[0] == '%' && (f[1] == 'B' || f[1] == 'T' || f[1] == 'O')) {
				len += snprintf(text + len, sizeof text - len, "%lld",
				    (long long)(f[1] == 'B' ? elm : f[1] == 'T' ? thread : other));
				f++;
			} else
				text[len++] = *f;
		}
		text[len] = '\0';
		if ((fields = json_loads(text, 0, &error)) == NULL)
			fail_msg("case %zu: %s", i, error.text);
		itest_call_error(ben, cases[i].op, fields, cases[i].code);
	}
	memset(title, 'x', sizeof title - 1);
	title[sizeof title - 1] = '\0';
	itest_call_error(ben, "thread.create", json_pack("{s:I, s:s, s:s}", "board", elm,
	    "title", title, "body", "b"), "too_long");
	/* Hostile search text is only ever text. */
	itest_call_ok(ben, "search", json_pack("{s:s}", "q", "NEAR(\"bad AND OR NOT ^input"));
	itest_call_ok(ben, "search", json_pack("{s:s}", "q", "input\" OR \"* title:bad"));
	itest_assert_alive(ben);
	itest_close(ben);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_scope_is_read_by_its_people_its_moderators_and_admins),
		cmocka_unit_test(two_people_of_a_region_hold_a_discussion_another_region_cannot_find),
		cmocka_unit_test(a_quote_must_be_text_of_a_post_in_the_same_thread),
		cmocka_unit_test(edits_keep_every_version_and_only_the_author_edits),
		cmocka_unit_test(deleting_hides_a_post_and_moderators_restore_it),
		cmocka_unit_test(a_locked_thread_refuses_replies_and_pinned_threads_come_first),
		cmocka_unit_test(threads_and_posts_come_in_pages),
		cmocka_unit_test(mentions_reach_only_people_who_can_read_the_board),
		cmocka_unit_test(a_person_who_blocks_the_author_is_not_told_of_a_mention),
		cmocka_unit_test(read_markers_drive_unread_counts),
		cmocka_unit_test(watching_a_board_sends_new_posts_until_unwatched),
		cmocka_unit_test(moderators_move_threads_between_boards_they_moderate),
		cmocka_unit_test(a_thread_moved_out_of_a_watchers_reach_tells_them_nothing),
		cmocka_unit_test(an_archived_board_stays_readable_but_takes_no_posts),
		cmocka_unit_test(joining_a_trust_while_online_brings_its_room_and_board_at_once),
		cmocka_unit_test(every_op_refuses_bad_requests_and_keeps_the_connection),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests_name("boards", tests, boards_setup,
	    boards_teardown));
}
