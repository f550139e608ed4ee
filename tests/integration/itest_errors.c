/*
 * itest_errors.c: every kind of bad input gets its documented error code,
 * and the connection keeps working afterwards. Each test logs in afresh, so
 * a test that breaks its connection cannot take the next one down with it.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom/proto.h"
#include "harness.h"

#define ROOM		"region:north-east"
#define OVERSIZE_LINE	70000

struct errors_world {
	struct itest_server	*srv;
	const struct itest_user	*asha;
	struct itest_client	*c;		/* this test's connection */
};

static struct errors_world world;

static int
errors_setup(void **state)
{
	world.srv = itest_server_new(itest_posting_unlimited);
	world.asha = itest_user_add(world.srv, "asha", "north-east", NULL);
	itest_user_add(world.srv, "ben", "north-east", NULL);
	itest_server_start(world.srv);
	*state = &world;
	return 0;
}

static int
errors_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

static int
connection_open(void **state)
{
	world.c = itest_login_user(world.srv, world.asha);
	return 0;
}

static int
connection_close(void **state)
{
	itest_close(world.c);
	world.c = NULL;
	return 0;
}

static void
send_text(struct itest_client *c, const char *line)
{
	itest_send_raw(c, line, strlen(line));
}

/* A body of count copies of the two-byte character "é". */
static char *
body_of_two_byte_chars(size_t count)
{
	char *body = malloc(count * 2 + 1);

	assert_non_null(body);
	for (size_t i = 0; i < count; i++)
		memcpy(body + i * 2, "\xc3\xa9", 2);
	body[count * 2] = '\0';
	return body;
}

static void
assert_reply_re_is_null(const json_t *reply)
{
	assert_true(json_is_null(itest_get(reply, "re")));
}

static void
a_line_that_is_not_json_gets_bad_json_with_a_null_re(void **state)
{
	struct errors_world *w = *state;
	const json_t *reply;

	send_text(w->c, "{\"id\":1,\"op\":\"ping\"\n");
	reply = itest_next_reply(w->c);
	itest_assert_error(reply, "bad_json");
	assert_reply_re_is_null(reply);
	itest_assert_alive(w->c);
}

static void
a_json_value_that_is_not_an_object_gets_bad_json(void **state)
{
	struct errors_world *w = *state;
	const json_t *reply;

	send_text(w->c, "[1,\"ping\"]\n");
	reply = itest_next_reply(w->c);
	itest_assert_error(reply, "bad_json");
	assert_reply_re_is_null(reply);
	itest_assert_alive(w->c);
}

static void
an_unknown_op_gets_unknown_op(void **state)
{
	struct errors_world *w = *state;

	itest_call_error(w->c, "no.such.op", NULL, "unknown_op");
	itest_assert_alive(w->c);
}

/* count ASCII letters, then "é": a cut at count bytes would split the "é". */
static char *
ascii_then_two_byte_char(size_t count)
{
	char *s = malloc(count + 3);

	assert_non_null(s);
	memset(s, 'a', count);
	memcpy(s + count, "\xc3\xa9", 3);
	return s;
}

static void
an_unknown_op_quoted_up_to_a_split_character_is_still_answered(void **state)
{
	struct errors_world *w = *state;
	char *op = ascii_then_two_byte_char(63);

	itest_call_error(w->c, op, NULL, "unknown_op");
	itest_assert_alive(w->c);
	free(op);
}

static void
a_bad_room_id_quoted_up_to_a_split_character_is_still_answered(void **state)
{
	struct errors_world *w = *state;
	char *room = ascii_then_two_byte_char(79);

	itest_call_error(w->c, "room.history", json_pack("{s:s}", "room", room),
	    "bad_request");
	itest_assert_alive(w->c);
	free(room);
}

static void
a_bad_tag_quoted_up_to_a_split_character_is_still_answered(void **state)
{
	struct errors_world *w = *state;
	char *tag = ascii_then_two_byte_char(39);

	itest_call_error(w->c, "search", json_pack("{s:s, s:s}", "q", "template",
	    "tag", tag), "bad_request");
	itest_call_error(w->c, "thread.create", json_pack("{s:i, s:s, s:s, s:[s]}",
	    "board", 1, "title", "t", "body", "b", "tags", tag), "bad_request");
	itest_assert_alive(w->c);
	free(tag);
}

static void
a_last_line_without_a_newline_is_answered_at_eof(void **state)
{
	struct errors_world *w = *state;

	send_text(w->c, "{\"id\":61,\"op\":\"ping\"}\n{\"id\":62,\"op\":\"ping\"}");
	itest_send_eof(w->c);
	itest_assert_ok(itest_wait_reply(w->c, 61));
	itest_assert_ok(itest_wait_reply(w->c, 62));
	itest_wait_closed(w->c);
}

/* U+202E RIGHT-TO-LEFT OVERRIDE and U+200B ZERO WIDTH SPACE. */
#define OVERRIDE	"\xe2\x80\xae"
#define ZERO_WIDTH	"\xe2\x80\x8b"

static void
names_with_direction_overrides_or_zero_width_characters_get_bad_text(void **state)
{
	struct errors_world *w = *state;
	const json_t *reply;
	const char *room;

	reply = itest_call_error(w->c, "profile.set", json_pack("{s:s}", "name",
	    "Asha " OVERRIDE "letaP"), "bad_text");
	assert_non_null(strstr(itest_get_str(reply, "error.message"), "invisible"));
	itest_call_error(w->c, "profile.set", json_pack("{s:{s:s}}", "school", "name",
	    "Hill" ZERO_WIDTH " Primary"), "bad_text");
	itest_call_error(w->c, "buddy.create", json_pack("{s:s, s:[s]}", "name",
	    "New " ZERO_WIDTH "SENCOs", "members", "ben"), "bad_text");
	room = itest_get_str(itest_call_ok(w->c, "buddy.create", json_pack("{s:s, s:[s]}",
	    "name", "New SENCOs", "members", "ben")), "room.id");
	itest_call_error(w->c, "room.rename", json_pack("{s:s, s:s}", "room", room,
	    "name", OVERRIDE "sOCNES weN"), "bad_text");
	itest_call_error(w->c, "thread.create", json_pack("{s:i, s:s, s:s}", "board", 1,
	    "title", "EHCP " OVERRIDE "template", "body", "b"), "bad_text");
	itest_assert_alive(w->c);
}

static void
a_body_may_hold_direction_overrides_and_zero_width_characters(void **state)
{
	struct errors_world *w = *state;
	const char *body = "abc " OVERRIDE "fed " ZERO_WIDTH "x";

	assert_string_equal(itest_get_str(itest_post(w->c, ROOM, body), "body"), body);
	itest_assert_alive(w->c);
}

static void
a_request_without_op_gets_bad_request(void **state)
{
	struct errors_world *w = *state;
	const json_t *reply;

	send_text(w->c, "{\"id\":41}\n");
	reply = itest_next_reply(w->c);
	itest_assert_error(reply, "bad_request");
	assert_int_equal(itest_get_int(reply, "re"), 41);
	itest_assert_alive(w->c);
}

static void
a_missing_field_gets_bad_request(void **state)
{
	struct errors_world *w = *state;

	itest_call_error(w->c, "room.send", json_pack("{s:s}", "room", ROOM), "bad_request");
	itest_assert_alive(w->c);
}

static void
a_field_of_the_wrong_type_gets_bad_request(void **state)
{
	struct errors_world *w = *state;

	itest_call_error(w->c, "room.send", json_pack("{s:s, s:i}", "room", ROOM, "body", 42),
	    "bad_request");
	itest_assert_alive(w->c);
}

static void
a_limit_out_of_range_gets_bad_request(void **state)
{
	struct errors_world *w = *state;

	itest_call_error(w->c, "room.history", json_pack("{s:s, s:i}", "room", ROOM,
	    "limit", PROTO_MAX_PAGE + 1), "bad_request");
	itest_call_error(w->c, "room.history", json_pack("{s:s, s:i}", "room", ROOM,
	    "limit", 0), "bad_request");
	itest_assert_alive(w->c);
}

static void
a_string_id_comes_back_as_re(void **state)
{
	struct errors_world *w = *state;
	const json_t *reply;

	send_text(w->c, "{\"id\":\"req-7\",\"op\":\"ping\"}\n");
	reply = itest_next_reply(w->c);
	itest_assert_ok(reply);
	assert_string_equal(itest_get_str(reply, "re"), "req-7");
}

static void
an_id_that_cannot_be_read_is_answered_with_a_null_re(void **state)
{
	struct errors_world *w = *state;
	const json_t *reply;

	send_text(w->c, "{\"id\":[7],\"op\":\"ping\"}\n");
	reply = itest_next_reply(w->c);
	itest_assert_error(reply, "bad_request");
	assert_reply_re_is_null(reply);
	itest_assert_alive(w->c);
}

static void
invalid_utf8_gets_bad_text(void **state)
{
	struct errors_world *w = *state;

	/* "\xc3\x28": a lead byte followed by a byte that cannot continue it. */
	send_text(w->c, "{\"id\":51,\"op\":\"room.send\",\"room\":\"" ROOM "\","
	    "\"body\":\"caf\xc3\x28 au lait\"}\n");
	itest_assert_error(itest_next_reply(w->c), "bad_text");
	itest_assert_alive(w->c);
}

static void
a_control_character_gets_bad_text(void **state)
{
	struct errors_world *w = *state;

	itest_call_error(w->c, "room.send", json_pack("{s:s, s:s}", "room", ROOM,
	    "body", "ring the bell\a"), "bad_text");
	itest_assert_alive(w->c);
}

static void
a_terminal_escape_sequence_gets_bad_text(void **state)
{
	struct errors_world *w = *state;

	itest_call_error(w->c, "room.send", json_pack("{s:s, s:s}", "room", ROOM,
	    "body", "\x1b]0;owned\x07\x1b[2Jcleared"), "bad_text");
	itest_assert_alive(w->c);
}

static void
a_c1_control_character_gets_bad_text(void **state)
{
	struct errors_world *w = *state;

	/* U+009B, the one-character CSI of 8-bit terminals, encoded as UTF-8. */
	itest_call_error(w->c, "room.send", json_pack("{s:s, s:s}", "room", ROOM,
	    "body", "csi \xc2\x9b" "31m"), "bad_text");
	itest_assert_alive(w->c);
}

static void
newlines_and_tabs_in_a_body_are_kept(void **state)
{
	struct errors_world *w = *state;
	const char *body = "first line\n\tindented second line";

	assert_string_equal(itest_get_str(itest_post(w->c, ROOM, body), "body"), body);
}

static void
a_line_over_64_kib_gets_line_too_long_and_the_next_request_is_answered(void **state)
{
	struct errors_world *w = *state;
	static const char head[] = "{\"id\":61,\"op\":\"room.send\",\"room\":\"" ROOM "\",\"body\":\"";
	char *line = malloc(OVERSIZE_LINE + 1);
	json_int_t ping;

	assert_non_null(line);
	memset(line, 'a', OVERSIZE_LINE);
	memcpy(line, head, sizeof head - 1);
	memcpy(line + OVERSIZE_LINE - 3, "\"}\n", 3);
	itest_send_raw(w->c, line, OVERSIZE_LINE);
	free(line);
	ping = itest_send(w->c, "ping", NULL);
	itest_assert_error(itest_next_reply(w->c), "line_too_long");
	itest_assert_ok(itest_wait_reply(w->c, ping));
}

static void
a_body_over_8000_characters_gets_too_long(void **state)
{
	struct errors_world *w = *state;
	char *body = body_of_two_byte_chars(PROTO_MAX_BODY + 1);

	itest_call_error(w->c, "room.send", json_pack("{s:s, s:s}", "room", ROOM,
	    "body", body), "too_long");
	free(body);
	itest_assert_alive(w->c);
}

static void
a_body_of_8000_two_byte_characters_is_accepted(void **state)
{
	struct errors_world *w = *state;
	char *body = body_of_two_byte_chars(PROTO_MAX_BODY);

	itest_post(w->c, ROOM, body);
	free(body);
}

static void
a_body_of_only_whitespace_gets_bad_request(void **state)
{
	struct errors_world *w = *state;

	itest_call_error(w->c, "room.send", json_pack("{s:s, s:s}", "room", ROOM,
	    "body", " \n\t "), "bad_request");
	itest_call_error(w->c, "room.send", json_pack("{s:s, s:s}", "room", ROOM,
	    "body", ""), "bad_request");
	itest_assert_alive(w->c);
}

/* The retry hint, wherever the reply carries it (the error object or the top). */
static json_int_t
retry_after_ms(const json_t *reply)
{
	const json_t *hint = itest_find(reply, "error.retry_after_ms");

	if (hint == NULL)
		hint = itest_find(reply, "retry_after_ms");
	assert_true(json_is_integer(hint));
	return json_integer_value(hint);
}

static void
posting_past_the_burst_gets_rate_limited_with_retry_after_ms(void **state)
{
	/* A burst of 3 refilled so slowly that no token comes back during the test. */
	static const char *const args[] = {
		"--post-burst", "3", "--post-rate", "0.01", NULL
	};
	struct itest_server *srv = itest_server_new(args);
	const struct itest_user *flo = itest_user_add(srv, "flo", "north-east", NULL);
	struct itest_client *c;
	const json_t *reply;

	itest_server_start(srv);
	c = itest_login_user(srv, flo);
	for (int i = 0; i < 3; i++)
		itest_post(c, ROOM, "within the burst");
	reply = itest_call_error(c, "room.send", json_pack("{s:s, s:s}", "room", ROOM,
	    "body", "one too many"), "rate_limited");
	assert_true(retry_after_ms(reply) > 0);
	itest_assert_alive(c);
	itest_server_free(srv);
}

/*
 * The burst is the person's, not the session's: 4 sessions sending 3 each
 * (12 quick sends) get 10 accepted in all, however the sends interleave.
 */
static void
a_persons_sessions_share_one_posting_burst(void **state)
{
	static const char *const args[] = {
		"--post-burst", "10", "--post-rate", "0.01", NULL
	};
	struct itest_server *srv = itest_server_new(args);
	const struct itest_user *gus = itest_user_add(srv, "gus", "north-east", NULL);
	struct itest_client *c[4];
	const json_t *reply;
	int accepted = 0, limited = 0;

	itest_server_start(srv);
	for (int i = 0; i < 4; i++)
		c[i] = itest_login_user(srv, gus);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 4; i++) {
			reply = itest_call(c[i], "room.send", json_pack("{s:s, s:s}",
			    "room", ROOM, "body", "one of twelve"));
			if (itest_find(reply, "error") == NULL)
				accepted++;
			else {
				itest_assert_error(reply, "rate_limited");
				assert_true(retry_after_ms(reply) > 0);
				limited++;
			}
		}
	}
	assert_int_equal(accepted, 10);
	assert_int_equal(limited, 2);
	for (int i = 0; i < 4; i++)
		itest_assert_alive(c[i]);
	itest_server_free(srv);
}

/*
 * Writes that send someone else an event (invitations, renames, blocks,
 * presence) have a per-person limit of their own: a flood of buddy.create
 * invitations to one person is cut off with rate_limited, the cut holds for
 * the other notifying ops too, and posting (its own bucket) goes on.
 */
static void
a_burst_of_invitations_is_cut_off_with_rate_limited(void **state)
{
	struct itest_server *srv = itest_server_new(NULL);
	struct itest_client *spam, *vic;
	const json_t *reply = NULL;
	int accepted = 0;

	itest_server_start(srv);
	spam = itest_person_online(srv, "spam", "north-east");
	vic = itest_person_online(srv, "vic", "north-east");
	/* Bounded: the default burst is far below this. */
	while (accepted < 100) {
		reply = itest_call(spam, "buddy.create", json_pack("{s:s, s:[s]}",
		    "name", "Join me", "members", "vic"));
		if (itest_find(reply, "error") != NULL)
			break;
		accepted++;
	}
	itest_assert_error(reply, "rate_limited");
	assert_true(retry_after_ms(reply) > 0);
	assert_true(accepted >= 10);
	assert_int_equal(json_array_size(itest_get(itest_call_ok(vic, "buddy.invitations",
	    NULL), "invitations")), accepted);
	itest_call_error(spam, "user.block", json_pack("{s:s}", "handle", "vic"),
	    "rate_limited");
	itest_call_error(spam, "presence.set", json_pack("{s:s}", "status", "away"),
	    "rate_limited");
	itest_post(spam, ROOM, "posting has a bucket of its own");
	itest_server_free(srv);
}

/*
 * A request refused for its own reasons (a person not blocked, a meeting
 * that does not exist, a search of no words, yourself as the other person)
 * costs no token: far more of them than any bucket holds each get their own
 * answer, never rate_limited, and the person's posts, invitations and
 * searches still go through after them.
 */
static void
a_refused_request_costs_no_flood_token(void **state)
{
	/* Posting's burst of 3 barely refills; the other buckets hold 20. */
	static const char *const args[] = {
		"--post-burst", "3", "--post-rate", "0.01", NULL
	};
	static const struct {
		const char	*op;
		const char	*field, *value;
		const char	*error;
	} refused[] = {
		{ "user.unblock", "handle", "vic", "not_found" },
		{ "series.create", "trust", "yes", "bad_request" },
		{ "buddy.request", "handle", "spam", "bad_request" },
		{ "dm.open", "with", "spam", "bad_request" },
		{ "search", "q", "!!!", "bad_request" },
		{ "record.add", "body", "#info the plan", "not_found" },
	};
	struct itest_server *srv = itest_server_new(args);
	struct itest_client *spam;
	json_t *fields;
	size_t i;
	int n;

	itest_server_start(srv);
	spam = itest_person_online(srv, "spam", "north-east");
	itest_person_online(srv, "vic", "north-east");
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		for (n = 0; n < 40; n++) {
			fields = json_pack("{s:s}", refused[i].field,
			    refused[i].value);
			/* Each op's other fields, right, so only the one is wrong. */
			if (strcmp(refused[i].op, "series.create") == 0)
				json_object_set_new(fields, "name",
				    json_string("Termly SENCO network"));
			if (strcmp(refused[i].op, "record.add") == 0)
				json_object_set_new(fields, "meeting",
				    json_integer(999999));
			itest_call_error(spam, refused[i].op, fields,
			    refused[i].error);
		}
	}
	for (n = 0; n < 3; n++)
		itest_post(spam, ROOM, "every token of the burst is still there");
	itest_call_ok(spam, "buddy.create", json_pack("{s:s, s:[s]}", "name",
	    "Join me", "members", "vic"));
	itest_call_ok(spam, "search", json_pack("{s:s}", "q", "token"));
	itest_server_free(srv);
}

#define WITH_CONNECTION(test) \
	cmocka_unit_test_setup_teardown(test, connection_open, connection_close)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		WITH_CONNECTION(a_line_that_is_not_json_gets_bad_json_with_a_null_re),
		WITH_CONNECTION(a_json_value_that_is_not_an_object_gets_bad_json),
		WITH_CONNECTION(an_unknown_op_gets_unknown_op),
		WITH_CONNECTION(an_unknown_op_quoted_up_to_a_split_character_is_still_answered),
		WITH_CONNECTION(a_bad_room_id_quoted_up_to_a_split_character_is_still_answered),
		WITH_CONNECTION(a_bad_tag_quoted_up_to_a_split_character_is_still_answered),
		WITH_CONNECTION(a_last_line_without_a_newline_is_answered_at_eof),
		WITH_CONNECTION(names_with_direction_overrides_or_zero_width_characters_get_bad_text),
		WITH_CONNECTION(a_body_may_hold_direction_overrides_and_zero_width_characters),
		WITH_CONNECTION(a_request_without_op_gets_bad_request),
		WITH_CONNECTION(a_missing_field_gets_bad_request),
		WITH_CONNECTION(a_field_of_the_wrong_type_gets_bad_request),
		WITH_CONNECTION(a_limit_out_of_range_gets_bad_request),
		WITH_CONNECTION(a_string_id_comes_back_as_re),
		WITH_CONNECTION(an_id_that_cannot_be_read_is_answered_with_a_null_re),
		WITH_CONNECTION(invalid_utf8_gets_bad_text),
		WITH_CONNECTION(a_control_character_gets_bad_text),
		WITH_CONNECTION(a_terminal_escape_sequence_gets_bad_text),
		WITH_CONNECTION(a_c1_control_character_gets_bad_text),
		WITH_CONNECTION(newlines_and_tabs_in_a_body_are_kept),
		WITH_CONNECTION(a_line_over_64_kib_gets_line_too_long_and_the_next_request_is_answered),
		WITH_CONNECTION(a_body_over_8000_characters_gets_too_long),
		WITH_CONNECTION(a_body_of_8000_two_byte_characters_is_accepted),
		WITH_CONNECTION(a_body_of_only_whitespace_gets_bad_request),
		cmocka_unit_test(posting_past_the_burst_gets_rate_limited_with_retry_after_ms),
		cmocka_unit_test(a_persons_sessions_share_one_posting_burst),
		cmocka_unit_test(a_burst_of_invitations_is_cut_off_with_rate_limited),
		cmocka_unit_test(a_refused_request_costs_no_flood_token),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests_name("errors", tests, errors_setup,
	    errors_teardown));
}
