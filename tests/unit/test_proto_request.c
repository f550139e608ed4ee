/*
 * test_proto_request.c: the protocol library's contract, continued
 * (test_proto.c has errors, framing and text): identifiers, room ids, the
 * token bucket, request decoding, field getters and encoding.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "staffroom/proto.h"

/* --- handles and slugs -------------------------------------------------- */

static void
handles_follow_the_grammar(void **state)
{
	assert_true(proto_handle_valid("asha"));
	assert_true(proto_handle_valid("ab"));
	assert_true(proto_handle_valid("a.b_c-d9"));
	assert_true(proto_handle_valid("abcdefghijklmnopqrstuvwxyz012345"));
}

static void
join_is_a_valid_handle_by_syntax(void **state)
{
	assert_true(proto_handle_valid(PROTO_JOIN_HANDLE));
}

static void
handles_outside_the_length_range_are_refused(void **state)
{
	assert_false(proto_handle_valid(""));
	assert_false(proto_handle_valid("a"));
	assert_false(proto_handle_valid("abcdefghijklmnopqrstuvwxyz0123456"));
}

static void
handles_not_starting_with_a_letter_are_refused(void **state)
{
	assert_false(proto_handle_valid("9lives"));
	assert_false(proto_handle_valid(".asha"));
	assert_false(proto_handle_valid("_asha"));
	assert_false(proto_handle_valid("-asha"));
}

static void
handles_with_other_characters_are_refused(void **state)
{
	assert_false(proto_handle_valid("Asha"));
	assert_false(proto_handle_valid("as ha"));
	assert_false(proto_handle_valid("asha@home"));
	assert_false(proto_handle_valid("ash\xc3\xa9"));
	assert_false(proto_handle_valid("asha\n"));
	assert_false(proto_handle_valid(NULL));
}

static void
slugs_follow_the_grammar(void **state)
{
	char	slug[66];

	assert_true(proto_slug_valid("north-east"));
	assert_true(proto_slug_valid("a"));
	assert_true(proto_slug_valid("9"));
	assert_true(proto_slug_valid("east-of-england-2"));
	memset(slug, 'a', 64);
	slug[64] = '\0';
	assert_true(proto_slug_valid(slug));
	slug[64] = 'a';
	slug[65] = '\0';
	assert_false(proto_slug_valid(slug));
}

static void
slugs_with_edge_hyphens_or_other_characters_are_refused(void **state)
{
	assert_false(proto_slug_valid(""));
	assert_false(proto_slug_valid("-north"));
	assert_false(proto_slug_valid("north-"));
	assert_false(proto_slug_valid("-"));
	assert_false(proto_slug_valid("North"));
	assert_false(proto_slug_valid("north_east"));
	assert_false(proto_slug_valid("north east"));
	assert_false(proto_slug_valid("north.east"));
	assert_false(proto_slug_valid(NULL));
}

/* --- room ids ----------------------------------------------------------- */

static const char *valid_rooms[] = {
	"national",
	"region:north-east",
	"region:a",
	"trust:1",
	"buddy:17",
	"dm:9223372036854775807",
	"meeting:42",
};

static const char *invalid_rooms[] = {
	"", "National", "national:1", "nationalx", "region", "region:",
	"region:-x", "region:North", "region:a_b", "trust", "trust:",
	"trust:0", "trust:01", "trust:-1", "trust:+1", "trust:1a",
	"trust: 1", "trust:9223372036854775808",
	"trust:99999999999999999999", "club:1", ":1", "dm:1:2",
	"regionx:a", "Trust:1", "dm:1\n",
};

static void
room_ids_parse_into_kind_and_value(void **state)
{
	struct room_ref	ref;

	assert_true(proto_room_parse("national", &ref));
	assert_int_equal(ref.kind, ROOM_NATIONAL);
	assert_true(proto_room_parse("region:north-east", &ref));
	assert_int_equal(ref.kind, ROOM_REGION);
	assert_string_equal(ref.slug, "north-east");
	assert_true(proto_room_parse("buddy:17", &ref));
	assert_int_equal(ref.kind, ROOM_BUDDY);
	assert_int_equal(ref.number, 17);
	assert_true(proto_room_parse("dm:9223372036854775807", &ref));
	assert_int_equal(ref.kind, ROOM_DM);
	assert_true(ref.number == INT64_MAX);
	assert_true(proto_room_parse("trust:3", &ref));
	assert_int_equal(ref.kind, ROOM_TRUST);
	assert_true(proto_room_parse("meeting:5", &ref));
	assert_int_equal(ref.kind, ROOM_MEETING);
}

static void
room_ids_round_trip_through_format(void **state)
{
	struct room_ref	ref;
	char		buf[80];
	size_t		i;

	for (i = 0; i < sizeof valid_rooms / sizeof valid_rooms[0]; i++) {
		assert_true(proto_room_parse(valid_rooms[i], &ref));
		assert_string_equal(proto_room_format(&ref, buf, sizeof buf),
		    valid_rooms[i]);
	}
}

static void
room_ids_off_the_grammar_are_refused(void **state)
{
	struct room_ref	ref;
	size_t		i;

	for (i = 0; i < sizeof invalid_rooms / sizeof invalid_rooms[0]; i++) {
		if (proto_room_parse(invalid_rooms[i], &ref))
			fail_msg("accepted room id \"%s\"", invalid_rooms[i]);
	}
	assert_false(proto_room_parse(NULL, &ref));
}

static void
room_format_of_the_longest_region_fits_80_bytes(void **state)
{
	struct room_ref	ref = { .kind = ROOM_REGION };
	char		buf[80];

	memset(ref.slug, 'z', 64);
	ref.slug[64] = '\0';
	proto_room_format(&ref, buf, sizeof buf);
	assert_int_equal(strlen(buf), strlen("region:") + 64);
}

static void
room_format_of_an_unknown_kind_is_empty(void **state)
{
	struct room_ref	ref = { .kind = (enum room_kind)99, .number = 1 };
	char		buf[80] = "junk";

	assert_string_equal(proto_room_format(&ref, buf, sizeof buf), "");
}

static void
room_kinds_have_protocol_names(void **state)
{
	assert_string_equal(proto_room_kind_name(ROOM_NATIONAL), "national");
	assert_string_equal(proto_room_kind_name(ROOM_REGION), "region");
	assert_string_equal(proto_room_kind_name(ROOM_TRUST), "trust");
	assert_string_equal(proto_room_kind_name(ROOM_BUDDY), "buddy");
	assert_string_equal(proto_room_kind_name(ROOM_DM), "dm");
	assert_string_equal(proto_room_kind_name(ROOM_MEETING), "meeting");
	assert_null(proto_room_kind_name((enum room_kind)99));
}

/* --- token bucket ------------------------------------------------------- */

static void
token_bucket_allows_a_full_burst_then_refuses(void **state)
{
	struct token_bucket	tb;
	int			i;

	token_bucket_init(&tb, 10, 1, 5000);
	for (i = 0; i < 10; i++)
		assert_true(token_bucket_take(&tb, 1, 5000));
	assert_false(token_bucket_take(&tb, 1, 5000));
}

static void
token_bucket_refills_at_its_rate(void **state)
{
	struct token_bucket	tb;

	token_bucket_init(&tb, 2, 1, 0);
	assert_true(token_bucket_take(&tb, 2, 0));
	assert_false(token_bucket_take(&tb, 1, 999));
	assert_true(token_bucket_take(&tb, 1, 1000));
	assert_false(token_bucket_take(&tb, 1, 1000));
}

static void
token_bucket_refill_stops_at_capacity(void **state)
{
	struct token_bucket	tb;

	token_bucket_init(&tb, 3, 1, 0);
	assert_true(token_bucket_take(&tb, 3, 0));
	assert_true(token_bucket_take(&tb, 3, 3600 * 1000));
	assert_false(token_bucket_take(&tb, 1, 3600 * 1000));
}

static void
token_bucket_refusal_takes_nothing(void **state)
{
	struct token_bucket	tb;

	token_bucket_init(&tb, 5, 1, 0);
	assert_true(token_bucket_take(&tb, 3, 0));
	assert_false(token_bucket_take(&tb, 3, 0));
	assert_true(token_bucket_take(&tb, 2, 0));
}

static void
token_bucket_wait_is_zero_when_tokens_are_there(void **state)
{
	struct token_bucket	tb;

	token_bucket_init(&tb, 10, 1, 0);
	assert_int_equal(token_bucket_wait_ms(&tb, 1, 0), 0);
}

static void
token_bucket_wait_counts_down_as_time_passes(void **state)
{
	struct token_bucket	tb;

	token_bucket_init(&tb, 1, 1, 0);
	assert_true(token_bucket_take(&tb, 1, 0));
	assert_int_equal(token_bucket_wait_ms(&tb, 1, 0), 1000);
	assert_int_equal(token_bucket_wait_ms(&tb, 1, 400), 600);
}

static void
token_bucket_take_succeeds_exactly_after_the_wait(void **state)
{
	struct token_bucket	tb;
	uint64_t		wait;

	/* a rate whose reciprocal is not exact in binary */
	token_bucket_init(&tb, 1, 0.3, 100);
	assert_true(token_bucket_take(&tb, 1, 100));
	wait = token_bucket_wait_ms(&tb, 1, 100);
	assert_int_equal(wait, 3334);
	assert_false(token_bucket_take(&tb, 1, 100 + wait - 1));
	assert_true(token_bucket_take(&tb, 1, 100 + wait));
}

static void
token_bucket_wait_for_more_than_capacity_is_forever(void **state)
{
	struct token_bucket	tb;

	token_bucket_init(&tb, 2, 1, 0);
	assert_true(token_bucket_wait_ms(&tb, 3, 0) == UINT64_MAX);
}

static void
token_bucket_without_refill_waits_forever(void **state)
{
	struct token_bucket	tb;

	token_bucket_init(&tb, 1, 0, 0);
	assert_true(token_bucket_take(&tb, 1, 0));
	assert_true(token_bucket_wait_ms(&tb, 1, 0) == UINT64_MAX);
}

static void
token_bucket_does_not_refill_when_the_clock_goes_back(void **state)
{
	struct token_bucket	tb;

	token_bucket_init(&tb, 1, 1, 10000);
	assert_true(token_bucket_take(&tb, 1, 10000));
	assert_false(token_bucket_take(&tb, 1, 2000));
	assert_true(tb.tokens >= 0);
	/* time since the earlier reading is not granted twice */
	assert_false(token_bucket_take(&tb, 1, 10999));
	assert_true(token_bucket_take(&tb, 1, 11000));
}

static void
token_bucket_wait_includes_the_clock_catching_up(void **state)
{
	struct token_bucket	tb;

	token_bucket_init(&tb, 1, 1, 10000);
	assert_true(token_bucket_take(&tb, 1, 10000));
	assert_int_equal(token_bucket_wait_ms(&tb, 1, 9000), 2000);
}

static void
token_bucket_refuses_a_negative_cost(void **state)
{
	struct token_bucket	tb;

	token_bucket_init(&tb, 1, 1, 0);
	assert_false(token_bucket_take(&tb, -5, 0));
	assert_true(tb.tokens == 1);
}

/* --- requests ----------------------------------------------------------- */

static enum proto_error
decode_string(const char *line, struct proto_request *req)
{
	return proto_request_decode(line, strlen(line), req);
}

static void
request_decodes_op_and_integer_id(void **state)
{
	struct proto_request	req;

	assert_int_equal(decode_string("{\"id\":7,\"op\":\"room.send\"}", &req),
	    PROTO_OK);
	assert_string_equal(req.op, "room.send");
	assert_true(json_is_integer(req.id));
	assert_int_equal(json_integer_value(req.id), 7);
	proto_request_free(&req);
}

static void
request_decodes_a_string_id(void **state)
{
	struct proto_request	req;

	assert_int_equal(decode_string("{\"op\":\"ping\",\"id\":\"a-1\"}", &req),
	    PROTO_OK);
	assert_string_equal(json_string_value(req.id), "a-1");
	proto_request_free(&req);
}

static void
request_without_id_decodes_with_null_id(void **state)
{
	struct proto_request	req;

	assert_int_equal(decode_string("{\"op\":\"ping\"}", &req), PROTO_OK);
	assert_null(req.id);
	proto_request_free(&req);
}

static void
request_ignores_unknown_fields(void **state)
{
	struct proto_request	req;

	assert_int_equal(decode_string(
	    "{\"op\":\"ping\",\"x\":[1,{\"y\":null}],\"id\":1}", &req),
	    PROTO_OK);
	proto_request_free(&req);
}

static void
request_without_op_is_bad_request_and_echoes_id(void **state)
{
	struct proto_request	req;

	assert_int_equal(decode_string("{\"id\":3}", &req),
	    PROTO_ERR_BAD_REQUEST);
	assert_int_equal(json_integer_value(req.id), 3);
	proto_request_free(&req);
}

static void
request_with_non_string_op_is_bad_request(void **state)
{
	struct proto_request	req;

	assert_int_equal(decode_string("{\"id\":\"q\",\"op\":5}", &req),
	    PROTO_ERR_BAD_REQUEST);
	assert_string_equal(json_string_value(req.id), "q");
	proto_request_free(&req);
	assert_int_equal(decode_string("{\"op\":null}", &req),
	    PROTO_ERR_BAD_REQUEST);
	proto_request_free(&req);
}

static void
request_with_empty_op_is_bad_request(void **state)
{
	struct proto_request	req;

	assert_int_equal(decode_string("{\"id\":1,\"op\":\"\"}", &req),
	    PROTO_ERR_BAD_REQUEST);
	assert_non_null(req.id);
	proto_request_free(&req);
}

static void
request_that_is_not_an_object_is_bad_json_without_id(void **state)
{
	static const char	*lines[] = {
		"[{\"id\":1,\"op\":\"ping\"}]", "\"ping\"", "42", "null", "true",
	};
	struct proto_request	 req;
	size_t			 i;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		assert_int_equal(decode_string(lines[i], &req),
		    PROTO_ERR_BAD_JSON);
		assert_null(req.id);
		proto_request_free(&req);
	}
}

static void
request_that_is_not_json_is_bad_json(void **state)
{
	static const char	*lines[] = {
		"", "   ", "{", "{\"op\":\"ping\"", "{op:\"ping\"}",
		"{\"op\":\"ping\"} trailing", "{\"op\":\"ping\"}{}",
		"{\"op\":'ping'}",
	};
	struct proto_request	 req;
	size_t			 i;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		assert_int_equal(decode_string(lines[i], &req),
		    PROTO_ERR_BAD_JSON);
		assert_null(req.id);
		proto_request_free(&req);
	}
}

static void
request_with_duplicate_keys_is_bad_json(void **state)
{
	struct proto_request	req;

	assert_int_equal(decode_string(
	    "{\"id\":1,\"op\":\"ping\",\"op\":\"room.send\"}", &req),
	    PROTO_ERR_BAD_JSON);
	proto_request_free(&req);
}

static void
request_with_id_of_another_type_is_bad_request_without_id(void **state)
{
	static const char	*lines[] = {
		"{\"id\":1.5,\"op\":\"ping\"}", "{\"id\":true,\"op\":\"ping\"}",
		"{\"id\":null,\"op\":\"ping\"}", "{\"id\":[1],\"op\":\"ping\"}",
		"{\"id\":{},\"op\":\"ping\"}",
	};
	struct proto_request	 req;
	size_t			 i;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		assert_int_equal(decode_string(lines[i], &req),
		    PROTO_ERR_BAD_REQUEST);
		assert_null(req.id);
		proto_request_free(&req);
	}
}

static void
request_with_control_characters_in_a_string_id_is_bad_request(void **state)
{
	struct proto_request	req;

	assert_int_equal(decode_string(
	    "{\"id\":\"\\u001b[2J\",\"op\":\"ping\"}", &req),
	    PROTO_ERR_BAD_REQUEST);
	assert_null(req.id);
	proto_request_free(&req);
}

static void
request_with_invalid_utf8_is_bad_text(void **state)
{
	struct proto_request	req;

	assert_int_equal(decode_string(
	    "{\"op\":\"room.send\",\"body\":\"\xc0\xaf\"}", &req),
	    PROTO_ERR_BAD_TEXT);
	proto_request_free(&req);
	assert_int_equal(decode_string(
	    "{\"op\":\"room.send\",\"body\":\"\xed\xa0\x80\"}", &req),
	    PROTO_ERR_BAD_TEXT);
	proto_request_free(&req);
}

static void
request_with_escaped_nul_is_bad_text(void **state)
{
	struct proto_request	req;

	assert_int_equal(decode_string(
	    "{\"op\":\"room.send\",\"body\":\"a\\u0000b\"}", &req),
	    PROTO_ERR_BAD_TEXT);
	proto_request_free(&req);
}

static void
request_with_raw_control_character_in_a_string_is_bad_json(void **state)
{
	struct proto_request	req;

	assert_int_equal(decode_string(
	    "{\"op\":\"room.send\",\"body\":\"a\x1b[2Jb\"}", &req),
	    PROTO_ERR_BAD_JSON);
	proto_request_free(&req);
}

static void
request_with_raw_nul_byte_is_refused(void **state)
{
	static const char	 line[] = "{\"op\":\"ping\"}\0{}";
	struct proto_request	 req;

	assert_int_not_equal(proto_request_decode(line, sizeof line - 1, &req),
	    PROTO_OK);
	proto_request_free(&req);
}

static void
request_free_is_safe_twice(void **state)
{
	struct proto_request	req;

	assert_int_equal(decode_string("{\"op\":\"ping\"}", &req), PROTO_OK);
	proto_request_free(&req);
	proto_request_free(&req);
	assert_null(req.root);
}

/* --- field getters ------------------------------------------------------ */

static json_t *
fields(const char *text)
{
	json_t	*obj = json_loads(text, 0, NULL);

	assert_non_null(obj);
	return obj;
}

static void
get_string_returns_the_value(void **state)
{
	json_t		*obj = fields("{\"code\":\"ABCD-1234\"}");
	const char	*s = NULL;

	assert_int_equal(proto_get_string(obj, "code", true, &s), PROTO_OK);
	assert_string_equal(s, "ABCD-1234");
	json_decref(obj);
}

static void
get_string_missing_required_is_bad_request(void **state)
{
	json_t		*obj = fields("{\"other\":\"x\"}");
	const char	*s = NULL;

	assert_int_equal(proto_get_string(obj, "code", true, &s),
	    PROTO_ERR_BAD_REQUEST);
	json_decref(obj);
}

static void
get_string_missing_optional_leaves_the_default(void **state)
{
	json_t		*obj = fields("{\"other\":\"x\"}");
	const char	*s = "default";

	assert_int_equal(proto_get_string(obj, "code", false, &s), PROTO_OK);
	assert_string_equal(s, "default");
	json_decref(obj);
}

static void
get_string_treats_null_as_missing(void **state)
{
	json_t		*obj = fields("{\"code\":null}");
	const char	*s = "default";

	assert_int_equal(proto_get_string(obj, "code", false, &s), PROTO_OK);
	assert_string_equal(s, "default");
	assert_int_equal(proto_get_string(obj, "code", true, &s),
	    PROTO_ERR_BAD_REQUEST);
	json_decref(obj);
}

static void
get_string_of_another_type_is_bad_request(void **state)
{
	json_t		*obj = fields("{\"n\":1,\"a\":[],\"o\":{},\"b\":false}");
	const char	*s = NULL;

	assert_int_equal(proto_get_string(obj, "n", true, &s), PROTO_ERR_BAD_REQUEST);
	assert_int_equal(proto_get_string(obj, "a", false, &s), PROTO_ERR_BAD_REQUEST);
	assert_int_equal(proto_get_string(obj, "o", false, &s), PROTO_ERR_BAD_REQUEST);
	assert_int_equal(proto_get_string(obj, "b", false, &s), PROTO_ERR_BAD_REQUEST);
	json_decref(obj);
}

static void
get_string_with_embedded_nul_is_bad_text(void **state)
{
	json_t		*obj = json_object();
	const char	*s = NULL;

	json_object_set_new(obj, "code", json_stringn("ab\0cd", 5));
	assert_int_equal(proto_get_string(obj, "code", true, &s),
	    PROTO_ERR_BAD_TEXT);
	assert_null(s);
	json_decref(obj);
}

static void
getters_on_a_missing_object_find_nothing(void **state)
{
	const char	*s = NULL;
	int64_t		 n = 0;

	assert_int_equal(proto_get_string(NULL, "k", true, &s),
	    PROTO_ERR_BAD_REQUEST);
	assert_int_equal(proto_get_int(NULL, "k", false, 0, 1, &n), PROTO_OK);
}

static void
get_text_accepts_multiline_text_within_the_limit(void **state)
{
	json_t		*obj = fields("{\"body\":\"caf\xc3\xa9\\n\\tok\"}");
	const char	*s = NULL;

	assert_int_equal(proto_get_text(obj, "body", true, 8, &s), PROTO_OK);
	assert_string_equal(s, "caf\xc3\xa9\n\tok");
	json_decref(obj);
}

static void
get_text_counts_characters_not_bytes(void **state)
{
	json_t		*obj = fields("{\"name\":\"\xc3\xa9\xc3\xa9\xc3\xa9\"}");
	const char	*s = NULL;

	assert_int_equal(proto_get_text(obj, "name", true, 3, &s), PROTO_OK);
	assert_int_equal(proto_get_text(obj, "name", true, 2, &s),
	    PROTO_ERR_TOO_LONG);
	json_decref(obj);
}

static void
get_text_over_the_limit_is_too_long(void **state)
{
	json_t		*obj = json_object();
	char		*body = malloc(PROTO_MAX_BODY + 2);
	const char	*s = NULL;

	assert_non_null(body);
	memset(body, 'x', PROTO_MAX_BODY + 1);
	body[PROTO_MAX_BODY + 1] = '\0';

	json_object_set_new(obj, "body", json_string(body));
	assert_int_equal(proto_get_text(obj, "body", true, PROTO_MAX_BODY, &s),
	    PROTO_ERR_TOO_LONG);
	assert_null(s);
	body[PROTO_MAX_BODY] = '\0';
	json_object_set_new(obj, "body", json_string(body));
	assert_int_equal(proto_get_text(obj, "body", true, PROTO_MAX_BODY, &s),
	    PROTO_OK);
	free(body);
	json_decref(obj);
}

static void
get_text_refuses_escaped_control_characters(void **state)
{
	static const char	*texts[] = {
		"{\"t\":\"\\u0007\"}", "{\"t\":\"\\u001b[31m\"}",
		"{\"t\":\"\\r\"}", "{\"t\":\"\\u007f\"}", "{\"t\":\"\\u0085\"}",
		"{\"t\":\"\\u009b\"}",
	};
	json_t			*obj;
	const char		*s;
	size_t			 i;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		obj = fields(texts[i]);
		assert_int_equal(proto_get_text(obj, "t", true, 100, &s),
		    PROTO_ERR_BAD_TEXT);
		json_decref(obj);
	}
}

static void
get_text_missing_optional_leaves_the_default(void **state)
{
	json_t		*obj = fields("{}");
	const char	*s = "default";

	assert_int_equal(proto_get_text(obj, "name", false, 10, &s), PROTO_OK);
	assert_string_equal(s, "default");
	assert_int_equal(proto_get_text(obj, "name", true, 10, &s),
	    PROTO_ERR_BAD_REQUEST);
	json_decref(obj);
}

static void
get_int_returns_a_value_in_range(void **state)
{
	json_t	*obj = fields("{\"limit\":200,\"since\":0}");
	int64_t	 n = 0;

	assert_int_equal(proto_get_int(obj, "limit", true, 1, PROTO_MAX_PAGE, &n),
	    PROTO_OK);
	assert_int_equal(n, 200);
	assert_int_equal(proto_get_int(obj, "since", true, 0, INT64_MAX, &n),
	    PROTO_OK);
	assert_int_equal(n, 0);
	json_decref(obj);
}

static void
get_int_out_of_range_is_bad_request(void **state)
{
	json_t	*obj = fields("{\"limit\":201,\"low\":0}");
	int64_t	 n = 7;

	assert_int_equal(proto_get_int(obj, "limit", true, 1, PROTO_MAX_PAGE, &n),
	    PROTO_ERR_BAD_REQUEST);
	assert_int_equal(proto_get_int(obj, "low", true, 1, PROTO_MAX_PAGE, &n),
	    PROTO_ERR_BAD_REQUEST);
	assert_int_equal(n, 7);
	json_decref(obj);
}

static void
get_int_of_another_type_is_bad_request(void **state)
{
	json_t	*obj = fields("{\"f\":1.0,\"s\":\"1\",\"b\":true}");
	int64_t	 n = 0;

	assert_int_equal(proto_get_int(obj, "f", true, 0, 9, &n), PROTO_ERR_BAD_REQUEST);
	assert_int_equal(proto_get_int(obj, "s", true, 0, 9, &n), PROTO_ERR_BAD_REQUEST);
	assert_int_equal(proto_get_int(obj, "b", true, 0, 9, &n), PROTO_ERR_BAD_REQUEST);
	json_decref(obj);
}

static void
get_int_missing_optional_leaves_the_default(void **state)
{
	json_t	*obj = fields("{\"limit\":null}");
	int64_t	 n = PROTO_DEFAULT_PAGE;

	assert_int_equal(proto_get_int(obj, "limit", false, 1, PROTO_MAX_PAGE, &n),
	    PROTO_OK);
	assert_int_equal(n, PROTO_DEFAULT_PAGE);
	assert_int_equal(proto_get_int(obj, "before", true, 1, INT64_MAX, &n),
	    PROTO_ERR_BAD_REQUEST);
	json_decref(obj);
}

static void
get_bool_reads_true_and_false(void **state)
{
	json_t	*obj = fields("{\"t\":true,\"f\":false}");
	bool	 b = false;

	assert_int_equal(proto_get_bool(obj, "t", &b), PROTO_OK);
	assert_true(b);
	assert_int_equal(proto_get_bool(obj, "f", &b), PROTO_OK);
	assert_false(b);
	json_decref(obj);
}

static void
get_bool_of_another_type_is_bad_request(void **state)
{
	json_t	*obj = fields("{\"n\":1,\"s\":\"true\"}");
	bool	 b = false;

	assert_int_equal(proto_get_bool(obj, "n", &b), PROTO_ERR_BAD_REQUEST);
	assert_int_equal(proto_get_bool(obj, "s", &b), PROTO_ERR_BAD_REQUEST);
	json_decref(obj);
}

static void
get_bool_missing_leaves_the_default(void **state)
{
	json_t	*obj = fields("{}");
	bool	 b = true;

	assert_int_equal(proto_get_bool(obj, "t", &b), PROTO_OK);
	assert_true(b);
	json_decref(obj);
}

/* --- encoding ----------------------------------------------------------- */

static void
encode_line_is_compact_with_one_trailing_newline(void **state)
{
	json_t	*obj = json_pack("{s:i, s:b}", "re", 7, "ok", 1);
	char	*line;
	size_t	 len;

	line = proto_encode_line(obj, &len);
	assert_non_null(line);
	assert_string_equal(line, "{\"re\":7,\"ok\":true}\n");
	assert_int_equal(len, strlen(line));
	free(line);
	json_decref(obj);
}

/* The daemon's shared line: the same bytes as proto_encode_line, counted. */
static void
blob_is_the_encoded_line_freed_with_its_last_reference(void **state)
{
	struct blob	*b;

	b = blob_encode(json_pack("{s:s, s:s}", "ev", "bye", "reason", "x"));
	assert_non_null(b);
	assert_int_equal(b->len, strlen("{\"ev\":\"bye\",\"reason\":\"x\"}\n"));
	assert_memory_equal(b->data, "{\"ev\":\"bye\",\"reason\":\"x\"}\n",
	    b->len);
	blob_ref(b);
	assert_int_equal(b->refs, 2);
	blob_unref(b);
	blob_unref(b);
	assert_null(blob_encode(NULL));
	blob_unref(NULL);
}

/*
 * Lines short and long come out whole, as json_dumps writes them, with one
 * newline: the JSON of the middle three is 4,095, 4,096 and 4,097 bytes,
 * either side of what request.c writes on the stack, then well past it.
 */
static void
lines_of_any_length_encode_whole(void **state)
{
	static const size_t	 sizes[] = { 1, 4084, 4085, 4086, 10000, 100000 };
	struct blob		*b;
	json_t			*obj;
	char			*body, *expect, *line;
	size_t			 i, len;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		body = malloc(sizes[i] + 1);
		assert_non_null(body);
		memset(body, 'a' + (int)(i % 26), sizes[i]);
		body[sizes[i]] = '\0';
		obj = json_pack("{s:s}", "body", body);
		expect = json_dumps(obj, JSON_COMPACT);
		assert_non_null(expect);
		line = proto_encode_line(obj, &len);
		assert_non_null(line);
		assert_int_equal(len, strlen(expect) + 1);
		assert_memory_equal(line, expect, len - 1);
		assert_int_equal(line[len - 1], '\n');
		assert_int_equal(line[len], '\0');
		b = blob_encode(obj);	/* steals obj */
		assert_non_null(b);
		assert_int_equal(b->len, len);
		assert_memory_equal(b->data, line, len);
		blob_unref(b);
		free(line);
		free(expect);
		free(body);
	}
}

static void
encode_line_escapes_newlines_inside_strings(void **state)
{
	json_t	*obj = json_pack("{s:s}", "body", "one\ntwo\r\n");
	char	*line;
	size_t	 len;

	line = proto_encode_line(obj, &len);
	assert_non_null(line);
	assert_ptr_equal(memchr(line, '\n', len), line + len - 1);
	free(line);
	json_decref(obj);
}

static void
encode_line_keeps_utf8_unescaped(void **state)
{
	json_t	*obj = json_pack("{s:s}", "name", "Zo\xc3\xab \xf0\x9f\x98\x80");
	char	*line;

	line = proto_encode_line(obj, NULL);
	assert_non_null(line);
	assert_string_equal(line, "{\"name\":\"Zo\xc3\xab \xf0\x9f\x98\x80\"}\n");
	free(line);
	json_decref(obj);
}

static void
encoded_line_decodes_back_to_the_same_request(void **state)
{
	struct proto_request	 req;
	json_t			*obj;
	char			*line;
	size_t			 len;

	obj = json_pack("{s:s, s:s, s:s}", "id", "x1", "op", "room.send",
	    "body", "tab\there\nnewline");
	line = proto_encode_line(obj, &len);
	assert_non_null(line);
	assert_int_equal(proto_request_decode(line, len - 1, &req), PROTO_OK);
	assert_true(json_equal(req.root, obj));
	proto_request_free(&req);
	free(line);
	json_decref(obj);
}

int
main(void)
{
	const struct CMUnitTest ids[] = {
		cmocka_unit_test(handles_follow_the_grammar),
		cmocka_unit_test(join_is_a_valid_handle_by_syntax),
		cmocka_unit_test(handles_outside_the_length_range_are_refused),
		cmocka_unit_test(handles_not_starting_with_a_letter_are_refused),
		cmocka_unit_test(handles_with_other_characters_are_refused),
		cmocka_unit_test(slugs_follow_the_grammar),
		cmocka_unit_test(slugs_with_edge_hyphens_or_other_characters_are_refused),
		cmocka_unit_test(room_ids_parse_into_kind_and_value),
		cmocka_unit_test(room_ids_round_trip_through_format),
		cmocka_unit_test(room_ids_off_the_grammar_are_refused),
		cmocka_unit_test(room_format_of_the_longest_region_fits_80_bytes),
		cmocka_unit_test(room_format_of_an_unknown_kind_is_empty),
		cmocka_unit_test(room_kinds_have_protocol_names),
	};
	const struct CMUnitTest tokenbucket[] = {
		cmocka_unit_test(token_bucket_allows_a_full_burst_then_refuses),
		cmocka_unit_test(token_bucket_refills_at_its_rate),
		cmocka_unit_test(token_bucket_refill_stops_at_capacity),
		cmocka_unit_test(token_bucket_refusal_takes_nothing),
		cmocka_unit_test(token_bucket_wait_is_zero_when_tokens_are_there),
		cmocka_unit_test(token_bucket_wait_counts_down_as_time_passes),
		cmocka_unit_test(token_bucket_take_succeeds_exactly_after_the_wait),
		cmocka_unit_test(token_bucket_wait_for_more_than_capacity_is_forever),
		cmocka_unit_test(token_bucket_without_refill_waits_forever),
		cmocka_unit_test(token_bucket_does_not_refill_when_the_clock_goes_back),
		cmocka_unit_test(token_bucket_wait_includes_the_clock_catching_up),
		cmocka_unit_test(token_bucket_refuses_a_negative_cost),
	};
	const struct CMUnitTest request[] = {
		cmocka_unit_test(request_decodes_op_and_integer_id),
		cmocka_unit_test(request_decodes_a_string_id),
		cmocka_unit_test(request_without_id_decodes_with_null_id),
		cmocka_unit_test(request_ignores_unknown_fields),
		cmocka_unit_test(request_without_op_is_bad_request_and_echoes_id),
		cmocka_unit_test(request_with_non_string_op_is_bad_request),
		cmocka_unit_test(request_with_empty_op_is_bad_request),
		cmocka_unit_test(request_that_is_not_an_object_is_bad_json_without_id),
		cmocka_unit_test(request_that_is_not_json_is_bad_json),
		cmocka_unit_test(request_with_duplicate_keys_is_bad_json),
		cmocka_unit_test(request_with_id_of_another_type_is_bad_request_without_id),
		cmocka_unit_test(request_with_control_characters_in_a_string_id_is_bad_request),
		cmocka_unit_test(request_with_invalid_utf8_is_bad_text),
		cmocka_unit_test(request_with_escaped_nul_is_bad_text),
		cmocka_unit_test(request_with_raw_control_character_in_a_string_is_bad_json),
		cmocka_unit_test(request_with_raw_nul_byte_is_refused),
		cmocka_unit_test(request_free_is_safe_twice),
	};
	const struct CMUnitTest getters[] = {
		cmocka_unit_test(get_string_returns_the_value),
		cmocka_unit_test(get_string_missing_required_is_bad_request),
		cmocka_unit_test(get_string_missing_optional_leaves_the_default),
		cmocka_unit_test(get_string_treats_null_as_missing),
		cmocka_unit_test(get_string_of_another_type_is_bad_request),
		cmocka_unit_test(get_string_with_embedded_nul_is_bad_text),
		cmocka_unit_test(getters_on_a_missing_object_find_nothing),
		cmocka_unit_test(get_text_accepts_multiline_text_within_the_limit),
		cmocka_unit_test(get_text_counts_characters_not_bytes),
		cmocka_unit_test(get_text_over_the_limit_is_too_long),
		cmocka_unit_test(get_text_refuses_escaped_control_characters),
		cmocka_unit_test(get_text_missing_optional_leaves_the_default),
		cmocka_unit_test(get_int_returns_a_value_in_range),
		cmocka_unit_test(get_int_out_of_range_is_bad_request),
		cmocka_unit_test(get_int_of_another_type_is_bad_request),
		cmocka_unit_test(get_int_missing_optional_leaves_the_default),
		cmocka_unit_test(get_bool_reads_true_and_false),
		cmocka_unit_test(get_bool_of_another_type_is_bad_request),
		cmocka_unit_test(get_bool_missing_leaves_the_default),
	};
	const struct CMUnitTest encode[] = {
		cmocka_unit_test(encode_line_is_compact_with_one_trailing_newline),
		cmocka_unit_test(encode_line_escapes_newlines_inside_strings),
		cmocka_unit_test(blob_is_the_encoded_line_freed_with_its_last_reference),
		cmocka_unit_test(lines_of_any_length_encode_whole),
		cmocka_unit_test(encode_line_keeps_utf8_unescaped),
		cmocka_unit_test(encoded_line_decodes_back_to_the_same_request),
	};
	int	failed = 0;

	failed += cmocka_run_group_tests_name("ids", ids, NULL, NULL);
	failed += cmocka_run_group_tests_name("tokenbucket", tokenbucket, NULL,
	    NULL);
	failed += cmocka_run_group_tests_name("request", request, NULL, NULL);
	failed += cmocka_run_group_tests_name("getters", getters, NULL, NULL);
	failed += cmocka_run_group_tests_name("encode", encode, NULL, NULL);
	return failed != 0;
}
