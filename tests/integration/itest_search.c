/*
 * itest_search.c: search over posts and messages, always as the person may
 * see: region rooms and boards of their own region, their trust's room and
 * board, their DMs and buddy chats (from when they joined), never anyone
 * else's; filters by board, room, author and tag; ranking, highlights and
 * limits.
 *
 * Each test searches for words nobody else uses, so tests never see each
 * other's hits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* Flood limits out of the way: a test posts thousands of matches. */
static const char *const search_daemon_args[] = {
	"--post-burst", "100000", "--post-rate", "100000", NULL
};

#define SEARCH_FLOOD		5100	/* more than the 5,000 matches ranked */
#define SEARCH_PIPELINE		100	/* requests sent before reading replies */

/* asha and ben: London, Oak and Elm trusts; cara: North East; ada: admin. */
struct search_world {
	struct itest_server	*srv;
	const struct itest_user	*asha, *ben, *cara, *ada;
	char			 oak[80];	/* "trust:<n>" */
};

static struct search_world world;

/* The daemon of the broad searches (broad_server), made when first needed. */
static struct {
	struct itest_server	*srv;
	const struct itest_user	*mallory;
} broad;

static void
trust_add(struct itest_server *srv, const char *name, char *ref, size_t size)
{
	char out[64];

	itest_trust_add(srv, name, "london", out, sizeof out);
	snprintf(ref, size, "trust:%s", out);
}

static int
search_setup(void **state)
{
	struct search_world *w = &world;
	char elm[80];

	w->srv = itest_server_new(search_daemon_args);
	w->asha = itest_user_add(w->srv, "asha", "london", NULL);
	w->ben = itest_user_add(w->srv, "ben", "london", NULL);
	w->cara = itest_user_add(w->srv, "cara", "north-east", NULL);
	w->ada = itest_user_add(w->srv, "ada", "north-east", NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "user", "set", "ada", "--role", "admin", NULL);
	trust_add(w->srv, "Oak MAT", w->oak, sizeof w->oak);
	trust_add(w->srv, "Elm MAT", elm, sizeof elm);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member", "asha", w->oak + 6, NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member", "ben", elm + 6, NULL);
	itest_server_start(w->srv);
	*state = w;
	return 0;
}

static int
search_teardown(void **state)
{
	itest_server_free(world.srv);
	if (broad.srv != NULL)
		itest_server_free(broad.srv);
	return 0;
}

/*
 * A search's hits. too_broad is the server's time budget running out (its
 * wall-clock half trips on a machine loaded tenfold under the sanitizers),
 * not an answer: asked again, a few times, before the test fails.
 */
#define SEARCH_TRIES	5

static const json_t *
search(struct itest_client *c, json_t *fields)
{
	const json_t *reply = NULL, *code;

	for (int i = 0; i < SEARCH_TRIES; i++) {
		reply = itest_call(c, "search", json_deep_copy(fields));
		code = itest_find(reply, "error.code");
		if (code == NULL || strcmp(json_string_value(code), "too_broad") != 0)
			break;
	}
	json_decref(fields);
	itest_assert_ok(reply);
	return itest_get(reply, "hits");
}

static const json_t *
search_q(struct itest_client *c, const char *q)
{
	return search(c, json_pack("{s:s}", "q", q));
}

static json_int_t
board_id(struct itest_client *c, const char *scope)
{
	const json_t *boards = itest_get(itest_call_ok(c, "boards.list", NULL), "boards");
	const json_t *b;
	size_t i;

	json_array_foreach(boards, i, b) {
		if (strcmp(itest_get_str(b, "scope"), scope) == 0)
			return itest_get_int(b, "id");
	}
	fail_msg("no board %s", scope);
	return 0;
}

static json_int_t
new_thread(struct itest_client *c, json_int_t board, const char *title, const char *body,
    const char *tag)
{
	json_t *fields = json_pack("{s:I, s:s, s:s}", "board", board, "title", title,
	    "body", body);

	if (tag != NULL)
		json_object_set_new(fields, "tags", json_pack("[s]", tag));
	return itest_get_int(itest_call_ok(c, "thread.create", fields), "thread.id");
}

/* The snippet's highlighted stretches each read word, whatever its case. */
static void
assert_highlights(const json_t *hit, const char *word)
{
	const char *snippet = itest_get_str(hit, "snippet");
	const json_t *hl = itest_get(hit, "highlights");
	const json_t *pair;
	size_t i;

	assert_true(json_array_size(hl) > 0);
	json_array_foreach(hl, i, pair) {
		json_int_t start = json_integer_value(json_array_get(pair, 0));
		json_int_t end = json_integer_value(json_array_get(pair, 1));

		assert_true(start >= 0 && end <= (json_int_t)strlen(snippet));
		assert_int_equal(end - start, strlen(word));
		assert_true(strncasecmp(snippet + start, word, strlen(word)) == 0);
	}
}

static void
region_messages_are_found_only_in_the_region(void **state)
{
	struct search_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	struct itest_client *cara = itest_login_user(w->srv, w->cara);
	json_int_t id = itest_get_int(itest_post(asha, "region:london",
	    "Our mangosteen sensory room is free on Fridays"), "id");
	const json_t *hits = search_q(ben, "mangosteen");

	assert_int_equal(json_array_size(hits), 1);
	assert_string_equal(itest_get_str(hits, "0.kind"), "msg");
	assert_int_equal(itest_get_int(hits, "0.id"), id);
	assert_string_equal(itest_get_str(hits, "0.room"), "region:london");
	assert_string_equal(itest_get_str(hits, "0.author"), "asha");
	assert_null(itest_find(hits, "0.title"));
	assert_highlights(json_array_get(hits, 0), "mangosteen");
	assert_int_equal(json_array_size(search_q(cara, "mangosteen")), 0);
	itest_close(asha);
	itest_close(ben);
	itest_close(cara);
}

static void
a_trusts_room_and_board_are_searched_by_its_members_only(void **state)
{
	struct search_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	struct itest_client *ada = itest_login_user(w->srv, w->ada);

	itest_post(asha, w->oak, "the rambutan timetable for Oak schools");
	new_thread(asha, board_id(asha, w->oak), "Rambutan plans", "rambutan for the trust",
	    NULL);
	assert_int_equal(json_array_size(search_q(asha, "rambutan")), 2);
	assert_int_equal(json_array_size(search_q(ben, "rambutan")), 0);
	/* An admin moderates the trust's board but is not in its room. */
	assert_int_equal(json_array_size(search_q(ada, "rambutan")), 1);
	assert_string_equal(itest_get_str(search_q(ada, "rambutan"), "0.kind"), "post");
	itest_close(asha);
	itest_close(ben);
	itest_close(ada);
}

static void
direct_messages_are_found_by_the_pair_alone(void **state)
{
	struct search_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	struct itest_client *cara = itest_login_user(w->srv, w->cara);
	struct itest_client *ada = itest_login_user(w->srv, w->ada);
	const char *room = itest_get_str(itest_call_ok(asha, "dm.open",
	    json_pack("{s:s}", "with", "ben")), "room.id");

	itest_post(asha, room, "between us: the durian review went well");
	assert_int_equal(json_array_size(search_q(ben, "durian")), 1);
	assert_int_equal(json_array_size(search_q(asha, "durian")), 1);
	assert_int_equal(json_array_size(search_q(cara, "durian")), 0);
	assert_int_equal(json_array_size(search_q(ada, "durian")), 0);
	itest_call_error(cara, "search", json_pack("{s:s, s:s}", "q", "durian",
	    "room", room), "forbidden");
	itest_close(asha);
	itest_close(ben);
	itest_close(cara);
	itest_close(ada);
}

static void
a_buddy_chat_is_searched_from_when_each_member_joined(void **state)
{
	struct search_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	const char *room = itest_get_str(itest_call_ok(asha, "buddy.create",
	    json_pack("{s:s, s:[s]}", "name", "Pair", "members", "ben")), "room.id");

	itest_post(asha, room, "feijoa notes before ben joined");
	itest_call_ok(ben, "buddy.accept", json_pack("{s:s}", "room", room));
	itest_post(asha, room, "feijoa notes after ben joined");
	assert_int_equal(json_array_size(search_q(asha, "feijoa")), 2);
	assert_int_equal(json_array_size(search_q(ben, "feijoa")), 1);
	assert_non_null(strstr(itest_get_str(search_q(ben, "feijoa"), "0.snippet"),
	    "after"));
	itest_close(asha);
	itest_close(ben);
}

static void
filters_narrow_by_board_room_author_and_tag(void **state)
{
	struct search_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	json_int_t london = board_id(asha, "region:london");
	json_int_t national = board_id(asha, "national");
	json_int_t tagged = new_thread(asha, london, "Tamarind", "tamarind sorting", "asd");

	new_thread(ben, national, "Tamarind too", "tamarind elsewhere", NULL);
	itest_post(ben, "region:london", "tamarind in the chat");
	assert_int_equal(json_array_size(search_q(asha, "tamarind")), 3);
	assert_int_equal(json_array_size(search(asha, json_pack("{s:s, s:I}", "q", "tamarind",
	    "board", london))), 1);
	assert_int_equal(json_array_size(search(asha, json_pack("{s:s, s:s}", "q", "tamarind",
	    "room", "region:london"))), 1);
	assert_string_equal(itest_get_str(search(asha, json_pack("{s:s, s:s}", "q",
	    "tamarind", "room", "region:london")), "0.kind"), "msg");
	assert_int_equal(json_array_size(search(asha, json_pack("{s:s, s:s}", "q", "tamarind",
	    "author", "ben"))), 2);
	assert_int_equal(itest_get_int(search(asha, json_pack("{s:s, s:s}", "q", "tamarind",
	    "tag", "asd")), "0.thread"), tagged);
	assert_int_equal(json_array_size(search(asha, json_pack("{s:s, s:s}", "q", "tamarind",
	    "tag", "asd"))), 1);
	assert_int_equal(json_array_size(search(asha, json_pack("{s:s, s:i}", "q", "tamarind",
	    "limit", 2))), 2);
	itest_close(asha);
	itest_close(ben);
}

static void
better_matches_come_first_with_words_highlighted(void **state)
{
	struct search_world *w = *state;
	struct itest_client *cara = itest_login_user(w->srv, w->cara);
	json_int_t ne = board_id(cara, "region:north-east");
	json_int_t weak = new_thread(cara, ne, "Notes", "one mention of jackfruit among "
	    "many other words about planning, provision maps, reviews and meetings", NULL);
	json_int_t strong = new_thread(cara, ne, "Jackfruit", "jackfruit jackfruit", NULL);
	const json_t *hits = search_q(cara, "jackfr*");

	assert_int_equal(json_array_size(hits), 2);
	assert_int_equal(itest_get_int(hits, "0.thread"), strong);
	assert_int_equal(itest_get_int(hits, "1.thread"), weak);
	assert_highlights(json_array_get(hits, 1), "jackfruit");
	itest_close(cara);
}

/* Sends the same op SEARCH_FLOOD times, a pipeline at a time; asserts each is ok. */
static void
flood(struct itest_client *c, const char *op, const json_t *fields)
{
	json_int_t ids[SEARCH_PIPELINE];

	for (size_t sent = 0; sent < SEARCH_FLOOD; sent += SEARCH_PIPELINE) {
		for (size_t i = 0; i < SEARCH_PIPELINE; i++)
			ids[i] = itest_send(c, op, json_deep_copy(fields));
		for (size_t i = 0; i < SEARCH_PIPELINE; i++)
			itest_assert_ok(itest_wait_reply(c, ids[i]));
	}
}

static void
matches_in_other_peoples_dm_never_hide_your_messages(void **state)
{
	struct search_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *cara = itest_login_user(w->srv, w->cara);
	const char *dm = itest_get_str(itest_call_ok(asha, "dm.open",
	    json_pack("{s:s}", "with", "ben")), "room.id");
	json_int_t mine = itest_get_int(itest_post(cara, "region:north-east",
	    "a pangolin visited our sensory garden"), "id");
	json_t *send = json_pack("{s:s, s:s}", "room", dm, "body", "pangolin notes");

	flood(asha, "room.send", send);
	json_decref(send);
	assert_int_equal(json_array_size(search_q(cara, "pangolin")), 1);
	assert_int_equal(itest_get_int(search_q(cara, "pangolin"), "0.id"), mine);
	assert_int_equal(itest_get_int(search(cara, json_pack("{s:s, s:s}", "q", "pangolin",
	    "room", "region:north-east")), "0.id"), mine);
	itest_close(asha);
	itest_close(cara);
}

static void
matches_on_boards_you_cannot_read_never_hide_your_posts(void **state)
{
	struct search_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *cara = itest_login_user(w->srv, w->cara);
	json_int_t mine = new_thread(cara, board_id(cara, "region:north-east"), "Armadillo",
	    "our armadillo visit", NULL);
	json_int_t oak = new_thread(asha, board_id(asha, w->oak), "Oak notes", "notes", NULL);
	json_t *reply = json_pack("{s:I, s:s}", "thread", oak, "body", "armadillo notes");

	flood(asha, "post.reply", reply);
	json_decref(reply);
	assert_int_equal(json_array_size(search_q(cara, "armadillo")), 1);
	assert_int_equal(itest_get_int(search_q(cara, "armadillo"), "0.thread"), mine);
	itest_close(asha);
	itest_close(cara);
}

/*
 * Waits for a search's reply: hits, too_broad, or rate_limited with
 * retry_after_ms. Returns whether it was refused (rate_limited).
 */
static bool
search_refused(struct itest_client *c, json_int_t id)
{
	const json_t *reply = itest_wait_reply(c, id);
	const json_t *code = itest_find(reply, "error.code");

	if (code == NULL) {
		itest_assert_ok(reply);
		return false;
	}
	if (strcmp(json_string_value(code), "too_broad") == 0)
		return false;
	itest_assert_error(reply, "rate_limited");
	assert_true(itest_get_int(reply, "retry_after_ms") > 0);
	return true;
}

static void
searching_too_fast_is_rate_limited_and_the_connection_stays(void **state)
{
	/* The default flood limits: a burst of 20 searches, then two a second. */
	struct itest_server *srv = itest_server_new(NULL);
	const struct itest_user *flo = itest_user_add(srv, "flo", "north-east", NULL);
	struct itest_client *c;
	json_int_t ids[40];
	int limited = 0;

	itest_server_start(srv);
	c = itest_login_user(srv, flo);
	for (size_t i = 0; i < 40; i++)
		ids[i] = itest_send(c, "search", json_pack("{s:s}", "q", "anything"));
	for (size_t i = 0; i < 40; i++)
		limited += search_refused(c, ids[i]);
	assert_true(limited > 0);
	itest_assert_alive(c);
	itest_server_free(srv);
}

/*
 * A daemon (flood limits lifted) whose North East room holds BROAD_ROWS
 * messages saying "alice": a search for it by a Londoner walks every one
 * of them, finds none they may read, and runs to the server's budget.
 */
#define BROAD_ROWS		"150000"
#define BROAD_SESSIONS		16	/* the daemon's cap per person */
#define BROAD_EACH		5	/* searches each session sends at once */
#define BROAD_PEOPLE		4	/* with two searches each, the server's bound */

static struct itest_server *
broad_server(const struct itest_user **mallory)
{
	if (broad.srv == NULL) {
		broad.srv = itest_server_new(search_daemon_args);
		broad.mallory = itest_user_add(broad.srv, "mallory", "london", NULL);
		itest_sql(broad.srv, "INSERT INTO messages (room_id, user_id, body, ts)"
		    " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
		    " WHERE i < " BROAD_ROWS ")"
		    " SELECT (SELECT id FROM rooms WHERE ref = 'region:north-east'),"
		    " (SELECT id FROM users WHERE handle = 'mallory'),"
		    " 'alice notes', 0 FROM n");
		itest_server_start(broad.srv);
	}
	*mallory = broad.mallory;
	return broad.srv;
}

static json_int_t
broad_search(struct itest_client *c)
{
	return itest_send(c, "search", json_pack("{s:s}", "q", "alice"));
}

/*
 * Searches run off the loop: before, these held it for their whole budget
 * each, one after another, and the ping waited for all of them.
 */
static void
searches_from_many_sessions_never_hold_up_another_persons_ping(void **state)
{
	const struct itest_user *mallory;
	struct itest_server *srv = broad_server(&mallory);
	struct itest_client *bob = itest_person_online(srv, "bob", "london");
	struct itest_client *m[BROAD_SESSIONS];
	json_int_t ids[BROAD_SESSIONS][BROAD_EACH];
	int refused = 0;

	for (size_t i = 0; i < BROAD_SESSIONS; i++)
		m[i] = itest_login_user(srv, mallory);
	for (size_t i = 0; i < BROAD_SESSIONS; i++)
		for (size_t j = 0; j < BROAD_EACH; j++)
			ids[i][j] = broad_search(m[i]);
	itest_call_ok(bob, "ping", NULL);
	for (size_t i = 0; i < BROAD_SESSIONS; i++)
		for (size_t j = 0; j < BROAD_EACH; j++)
			refused += search_refused(m[i], ids[i][j]);
	/* Two of mallory's searches at a time: the rest were turned away. */
	assert_true(refused > 0);
	for (size_t i = 0; i < BROAD_SESSIONS; i++)
		itest_close(m[i]);
	itest_close(bob);
}

/*
 * Every search here is queued or running (two at a time, each for its whole
 * budget) while the others arrive: of mallory's three one is refused; her
 * two and the seven from others are one more than the server's eight.
 */
static void
searches_over_the_person_and_server_bounds_are_rate_limited(void **state)
{
	const struct itest_user *mallory;
	struct itest_server *srv = broad_server(&mallory);
	struct itest_client *c[BROAD_PEOPLE][3], *late;
	json_int_t ids[BROAD_PEOPLE][3], late_id;
	int mallory_refused = 0, others_refused = 0;
	char handle[16];

	/* mallory (0) with three sessions, three others with two. */
	for (size_t i = 0; i < BROAD_PEOPLE; i++) {
		const struct itest_user *u = mallory;

		if (i > 0) {
			snprintf(handle, sizeof handle, "p%zu", i);
			u = itest_user_add(srv, handle, "london", NULL);
		}
		for (size_t j = 0; j < (i == 0 ? 3 : 2); j++)
			c[i][j] = itest_login_user(srv, u);
	}
	late = itest_person_online(srv, "late", "london");
	for (size_t i = 0; i < BROAD_PEOPLE; i++)
		for (size_t j = 0; j < (i == 0 ? 3 : 2); j++)
			ids[i][j] = broad_search(c[i][j]);
	late_id = broad_search(late);

	for (size_t j = 0; j < 3; j++)
		mallory_refused += search_refused(c[0][j], ids[0][j]);
	for (size_t i = 1; i < BROAD_PEOPLE; i++)
		for (size_t j = 0; j < 2; j++)
			others_refused += search_refused(c[i][j], ids[i][j]);
	others_refused += search_refused(late, late_id);
	assert_int_equal(mallory_refused, 1);
	assert_int_equal(others_refused, 1);
	for (size_t i = 0; i < BROAD_PEOPLE; i++)
		for (size_t j = 0; j < (i == 0 ? 3 : 2); j++)
			itest_close(c[i][j]);
	itest_close(late);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(region_messages_are_found_only_in_the_region),
		cmocka_unit_test(a_trusts_room_and_board_are_searched_by_its_members_only),
		cmocka_unit_test(direct_messages_are_found_by_the_pair_alone),
		cmocka_unit_test(a_buddy_chat_is_searched_from_when_each_member_joined),
		cmocka_unit_test(filters_narrow_by_board_room_author_and_tag),
		cmocka_unit_test(better_matches_come_first_with_words_highlighted),
		cmocka_unit_test(matches_in_other_peoples_dm_never_hide_your_messages),
		cmocka_unit_test(matches_on_boards_you_cannot_read_never_hide_your_posts),
		cmocka_unit_test(searching_too_fast_is_rate_limited_and_the_connection_stays),
		cmocka_unit_test(searches_from_many_sessions_never_hold_up_another_persons_ping),
		cmocka_unit_test(searches_over_the_person_and_server_bounds_are_rate_limited),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests_name("search", tests, search_setup,
	    search_teardown));
}
