/*
 * test_proto.c: the protocol library's contract, one behaviour per test,
 * grouped by module (errors, framing, text, identifiers, rooms, token
 * bucket, requests).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "staffroom/proto.h"

/* --- errors ------------------------------------------------------------- */

/* The table of PROTOCOL.md, in enum order. */
static const char *protocol_codes[PROTO_ERR_COUNT] = {
	[PROTO_ERR_BAD_JSON] = "bad_json",
	[PROTO_ERR_BAD_REQUEST] = "bad_request",
	[PROTO_ERR_UNKNOWN_OP] = "unknown_op",
	[PROTO_ERR_BAD_TEXT] = "bad_text",
	[PROTO_ERR_LINE_TOO_LONG] = "line_too_long",
	[PROTO_ERR_TOO_LONG] = "too_long",
	[PROTO_ERR_FORBIDDEN] = "forbidden",
	[PROTO_ERR_NOT_FOUND] = "not_found",
	[PROTO_ERR_RATE_LIMITED] = "rate_limited",
	[PROTO_ERR_INTERNAL] = "internal",
	[PROTO_ERR_INVITE_UNKNOWN] = "invite_unknown",
	[PROTO_ERR_INVITE_USED] = "invite_used",
	[PROTO_ERR_INVITE_EXPIRED] = "invite_expired",
	[PROTO_ERR_HANDLE_TAKEN] = "handle_taken",
	[PROTO_ERR_BAD_HANDLE] = "bad_handle",
	[PROTO_ERR_BAD_KEY] = "bad_key",
	[PROTO_ERR_KEY_EXISTS] = "key_exists",
	[PROTO_ERR_WRONG_PASSWORD] = "wrong_password",
	[PROTO_ERR_WEAK_PASSWORD] = "weak_password",
	[PROTO_ERR_LAST_LOGIN_METHOD] = "last_login_method",
	[PROTO_ERR_LOCKED] = "locked",
	[PROTO_ERR_TOO_BROAD] = "too_broad",
	[PROTO_ERR_PERSONAL_DATA_SUSPECTED] = "personal_data_suspected",
	[PROTO_ERR_UNAVAILABLE] = "unavailable",
	[PROTO_ERR_MUTED] = "muted",
	[PROTO_ERR_BAD_EMAIL] = "bad_email",
	[PROTO_ERR_WRONG_CODE] = "wrong_code",
	[PROTO_ERR_CODE_EXPIRED] = "code_expired",
	[PROTO_ERR_ANNOUNCE_ONLY] = "announce_only",
	[PROTO_ERR_UNKNOWN_SCHOOL] = "unknown_school",
};

static void
error_codes_match_the_protocol_table(void **state)
{
	int	e;

	for (e = PROTO_ERR_BAD_JSON; e < PROTO_ERR_COUNT; e++)
		assert_string_equal(proto_error_code(e), protocol_codes[e]);
}

static void
every_error_has_a_message(void **state)
{
	int	e;

	for (e = PROTO_ERR_BAD_JSON; e < PROTO_ERR_COUNT; e++) {
		assert_non_null(proto_error_message(e));
		assert_true(strlen(proto_error_message(e)) > 0);
	}
}

static void
error_codes_are_distinct(void **state)
{
	int	a, b;

	for (a = PROTO_OK; a < PROTO_ERR_COUNT; a++)
		for (b = a + 1; b < PROTO_ERR_COUNT; b++)
			assert_string_not_equal(proto_error_code(a),
			    proto_error_code(b));
}

static void
error_lookup_out_of_range_is_null(void **state)
{
	assert_null(proto_error_code(PROTO_ERR_COUNT));
	assert_null(proto_error_code((enum proto_error)-1));
	assert_null(proto_error_message(PROTO_ERR_COUNT));
}

static void
error_reverse_lookup_finds_every_code(void **state)
{
	int	e;

	for (e = PROTO_ERR_BAD_JSON; e < PROTO_ERR_COUNT; e++)
		assert_int_equal(proto_error_from_code(protocol_codes[e]), e);
}

static void
error_reverse_lookup_of_unknown_code_is_count(void **state)
{
	assert_int_equal(proto_error_from_code("no_such_code"), PROTO_ERR_COUNT);
	assert_int_equal(proto_error_from_code(""), PROTO_ERR_COUNT);
	assert_int_equal(proto_error_from_code("Forbidden"), PROTO_ERR_COUNT);
	assert_int_equal(proto_error_from_code(NULL), PROTO_ERR_COUNT);
}

/* --- linebuf ------------------------------------------------------------ */

#define COLLECT_MAX	16

/* What the canonical caller loop saw: lines, and NULL for each drop. */
struct collected {
	int	 count;
	char	*lines[COLLECT_MAX];
	size_t	 lens[COLLECT_MAX];
};

static void
collect(struct collected *c, enum linebuf_result r, const char *line,
    size_t len)
{
	assert_true(c->count < COLLECT_MAX);
	c->lens[c->count] = len;
	c->lines[c->count] = NULL;
	if (r == LINEBUF_LINE) {
		c->lines[c->count] = malloc(len + 1);
		assert_non_null(c->lines[c->count]);
		memcpy(c->lines[c->count], line, len);
		c->lines[c->count][len] = '\0';
	}
	c->count++;
}

/* The loop proto.h promises handles every line exactly once. */
static void
feed_all(struct linebuf *lb, const char *buf, size_t len, struct collected *c)
{
	enum linebuf_result	 r;
	const char		*line;
	size_t			 n, ll;

	while (len > 0) {
		n = linebuf_feed(lb, buf, len);
		buf += n;
		len -= n;
		while ((r = linebuf_next(lb, &line, &ll)) != LINEBUF_NONE)
			collect(c, r, line, ll);
	}
}

static void
feed_string(struct linebuf *lb, const char *s, struct collected *c)
{
	feed_all(lb, s, strlen(s), c);
}

static void
collected_free(struct collected *c)
{
	int	i;

	for (i = 0; i < c->count; i++)
		free(c->lines[i]);
	memset(c, 0, sizeof *c);
}

/* n bytes of 'x' followed by tail, as one heap string. */
static char *
long_line(size_t n, const char *tail)
{
	size_t	 tl = strlen(tail);
	char	*s = malloc(n + tl + 1);

	assert_non_null(s);
	memset(s, 'x', n);
	memcpy(s + n, tail, tl + 1);
	return s;
}

static void
linebuf_joins_a_line_split_across_feeds(void **state)
{
	struct linebuf		lb;
	struct collected	c = { 0 };

	linebuf_init(&lb, 64);
	feed_string(&lb, "{\"op\":", &c);
	feed_string(&lb, "\"ping\"", &c);
	assert_int_equal(c.count, 0);
	feed_string(&lb, "}\n", &c);
	assert_int_equal(c.count, 1);
	assert_string_equal(c.lines[0], "{\"op\":\"ping\"}");
	collected_free(&c);
	linebuf_free(&lb);
}

static void
linebuf_returns_every_line_of_one_feed_in_order(void **state)
{
	struct linebuf		lb;
	struct collected	c = { 0 };

	linebuf_init(&lb, 64);
	feed_string(&lb, "one\ntwo\nthree\npart", &c);
	assert_int_equal(c.count, 3);
	assert_string_equal(c.lines[0], "one");
	assert_string_equal(c.lines[1], "two");
	assert_string_equal(c.lines[2], "three");
	feed_string(&lb, "ial\n", &c);
	assert_int_equal(c.count, 4);
	assert_string_equal(c.lines[3], "partial");
	collected_free(&c);
	linebuf_free(&lb);
}

static void
linebuf_gives_the_same_lines_when_fed_byte_by_byte(void **state)
{
	const char		*s = "ab\r\n\ncd\n";
	struct linebuf		 lb;
	struct collected	 c = { 0 };
	size_t			 i;

	linebuf_init(&lb, 64);
	for (i = 0; i < strlen(s); i++)
		feed_all(&lb, s + i, 1, &c);
	assert_int_equal(c.count, 3);
	assert_string_equal(c.lines[0], "ab");
	assert_string_equal(c.lines[1], "");
	assert_string_equal(c.lines[2], "cd");
	collected_free(&c);
	linebuf_free(&lb);
}

static void
linebuf_feed_stops_right_after_a_complete_line(void **state)
{
	struct linebuf	lb;

	linebuf_init(&lb, 64);
	assert_int_equal(linebuf_feed(&lb, "ab\ncd\n", 6), 3);
	linebuf_free(&lb);
}

static void
linebuf_feed_takes_nothing_while_a_line_waits(void **state)
{
	struct linebuf	 lb;
	const char	*line;
	size_t		 len;

	linebuf_init(&lb, 64);
	assert_int_equal(linebuf_feed(&lb, "ab\n", 3), 3);
	assert_int_equal(linebuf_feed(&lb, "cd\n", 3), 0);
	assert_int_equal(linebuf_next(&lb, &line, &len), LINEBUF_LINE);
	assert_int_equal(linebuf_feed(&lb, "cd\n", 3), 3);
	linebuf_free(&lb);
}

static void
linebuf_strips_cr_before_newline(void **state)
{
	struct linebuf		lb;
	struct collected	c = { 0 };

	linebuf_init(&lb, 64);
	feed_string(&lb, "crlf\r\n", &c);
	assert_int_equal(c.count, 1);
	assert_string_equal(c.lines[0], "crlf");
	collected_free(&c);
	linebuf_free(&lb);
}

static void
linebuf_strips_cr_that_arrived_in_an_earlier_feed(void **state)
{
	struct linebuf		lb;
	struct collected	c = { 0 };

	linebuf_init(&lb, 64);
	feed_string(&lb, "crlf\r", &c);
	feed_string(&lb, "\n", &c);
	assert_int_equal(c.count, 1);
	assert_string_equal(c.lines[0], "crlf");
	collected_free(&c);
	linebuf_free(&lb);
}

static void
linebuf_keeps_cr_not_followed_by_newline(void **state)
{
	struct linebuf		lb;
	struct collected	c = { 0 };

	linebuf_init(&lb, 64);
	feed_string(&lb, "a\rb\r\r\n", &c);
	assert_int_equal(c.count, 1);
	assert_string_equal(c.lines[0], "a\rb\r");
	collected_free(&c);
	linebuf_free(&lb);
}

static void
linebuf_returns_empty_lines(void **state)
{
	struct linebuf		lb;
	struct collected	c = { 0 };

	linebuf_init(&lb, 64);
	feed_string(&lb, "\n\r\n", &c);
	assert_int_equal(c.count, 2);
	assert_int_equal(c.lens[0], 0);
	assert_non_null(c.lines[0]);
	assert_int_equal(c.lens[1], 0);
	collected_free(&c);
	linebuf_free(&lb);
}

static void
linebuf_passes_nul_bytes_through(void **state)
{
	struct linebuf		lb;
	struct collected	c = { 0 };

	linebuf_init(&lb, 64);
	feed_all(&lb, "a\0b\n", 4, &c);
	assert_int_equal(c.count, 1);
	assert_int_equal(c.lens[0], 3);
	assert_memory_equal(c.lines[0], "a\0b", 3);
	collected_free(&c);
	linebuf_free(&lb);
}

static void
linebuf_accepts_a_line_of_exactly_max_bytes(void **state)
{
	struct linebuf		 lb;
	struct collected	 c = { 0 };
	char			*s = long_line(PROTO_MAX_LINE, "\n");

	linebuf_init(&lb, PROTO_MAX_LINE);
	feed_string(&lb, s, &c);
	assert_int_equal(c.count, 1);
	assert_non_null(c.lines[0]);
	assert_int_equal(c.lens[0], PROTO_MAX_LINE);
	free(s);
	collected_free(&c);
	linebuf_free(&lb);
}

static void
linebuf_reports_a_line_of_max_plus_one_once_then_works(void **state)
{
	struct linebuf		 lb;
	struct collected	 c = { 0 };
	char			*s = long_line(PROTO_MAX_LINE + 1, "\nnext\n");

	linebuf_init(&lb, PROTO_MAX_LINE);
	feed_string(&lb, s, &c);
	assert_int_equal(c.count, 2);
	assert_null(c.lines[0]);
	assert_string_equal(c.lines[1], "next");
	free(s);
	collected_free(&c);
	linebuf_free(&lb);
}

static void
linebuf_counts_the_cr_of_crlf_against_the_limit(void **state)
{
	struct linebuf		lb;
	struct collected	c = { 0 };

	linebuf_init(&lb, 4);
	feed_string(&lb, "abc\r\nabcd\r\n", &c);
	assert_int_equal(c.count, 2);
	assert_string_equal(c.lines[0], "abc");
	assert_null(c.lines[1]);
	collected_free(&c);
	linebuf_free(&lb);
}

static void
linebuf_reports_an_oversize_line_spread_over_feeds_once(void **state)
{
	struct linebuf		 lb;
	struct collected	 c = { 0 };
	char			*chunk = long_line(1000, "");
	int			 i;

	linebuf_init(&lb, 1500);
	for (i = 0; i < 10; i++)
		feed_string(&lb, chunk, &c);
	assert_int_equal(c.count, 0);
	feed_string(&lb, "tail\nok\n", &c);
	assert_int_equal(c.count, 2);
	assert_null(c.lines[0]);
	assert_string_equal(c.lines[1], "ok");
	free(chunk);
	collected_free(&c);
	linebuf_free(&lb);
}

static void
linebuf_allocates_nothing_while_empty(void **state)
{
	struct linebuf		lb;
	struct collected	c = { 0 };

	linebuf_init(&lb, 64);
	assert_null(lb.data);
	feed_string(&lb, "\n\n", &c);
	assert_null(lb.data);
	collected_free(&c);
	linebuf_free(&lb);
}

static void
linebuf_frees_its_buffer_when_it_becomes_empty(void **state)
{
	struct linebuf		lb;
	struct collected	c = { 0 };

	linebuf_init(&lb, 64);
	feed_string(&lb, "partial", &c);
	assert_non_null(lb.data);
	feed_string(&lb, " line\n", &c);
	assert_int_equal(c.count, 1);
	assert_null(lb.data);
	assert_int_equal(lb.cap, 0);
	collected_free(&c);
	linebuf_free(&lb);
}

static void
linebuf_keeps_a_partial_line_after_a_complete_one(void **state)
{
	struct linebuf		lb;
	struct collected	c = { 0 };

	linebuf_init(&lb, 64);
	feed_string(&lb, "done\nhalf", &c);
	assert_int_equal(c.count, 1);
	assert_int_equal(lb.len, 4);
	assert_memory_equal(lb.data, "half", 4);
	collected_free(&c);
	linebuf_free(&lb);
}

static void
linebuf_never_holds_more_than_max_bytes(void **state)
{
	struct linebuf		 lb;
	struct collected	 c = { 0 };
	char			*s = long_line(1000, "");

	linebuf_init(&lb, 1000);
	feed_string(&lb, s, &c);
	assert_int_equal(lb.len, 1000);
	assert_true(lb.cap <= 1000);
	feed_string(&lb, "x", &c);
	assert_null(lb.data);
	assert_int_equal(lb.cap, 0);
	free(s);
	collected_free(&c);
	linebuf_free(&lb);
}

static void
linebuf_free_releases_a_partial_line(void **state)
{
	struct linebuf		lb;
	struct collected	c = { 0 };

	linebuf_init(&lb, 64);
	feed_string(&lb, "never finished", &c);
	linebuf_free(&lb);
	assert_null(lb.data);
	assert_int_equal(lb.len, 0);
	feed_string(&lb, "fresh\n", &c);
	assert_int_equal(c.count, 1);
	assert_string_equal(c.lines[0], "fresh");
	collected_free(&c);
	linebuf_free(&lb);
}

/* --- text --------------------------------------------------------------- */

static enum proto_error
text_check_string(const char *s, size_t *chars)
{
	return proto_text_check(s, strlen(s), chars);
}

static void
text_accepts_ascii_and_counts_characters(void **state)
{
	size_t	chars;

	assert_int_equal(text_check_string("Hello, SENCOs!", &chars), PROTO_OK);
	assert_int_equal(chars, 14);
}

static void
text_accepts_empty_text(void **state)
{
	size_t	chars = 99;

	assert_int_equal(proto_text_check("", 0, &chars), PROTO_OK);
	assert_int_equal(chars, 0);
}

static void
text_counts_multibyte_characters_once(void **state)
{
	size_t	chars;

	/* 2-byte é, 3-byte €, 4-byte 😀 and 𝄞 */
	assert_int_equal(text_check_string("caf\xc3\xa9 \xe2\x82\xac "
	    "\xf0\x9f\x98\x80\xf0\x9d\x84\x9e", &chars), PROTO_OK);
	assert_int_equal(chars, 9);
}

static void
text_accepts_boundary_code_points(void **state)
{
	assert_int_equal(text_check_string("\xc2\xa0", NULL), PROTO_OK);	/* U+00A0 */
	assert_int_equal(text_check_string("\xdf\xbf", NULL), PROTO_OK);	/* U+07FF */
	assert_int_equal(text_check_string("\xe0\xa0\x80", NULL), PROTO_OK);	/* U+0800 */
	assert_int_equal(text_check_string("\xed\x9f\xbf", NULL), PROTO_OK);	/* U+D7FF */
	assert_int_equal(text_check_string("\xee\x80\x80", NULL), PROTO_OK);	/* U+E000 */
	assert_int_equal(text_check_string("\xef\xbf\xbf", NULL), PROTO_OK);	/* U+FFFF */
	assert_int_equal(text_check_string("\xf0\x90\x80\x80", NULL), PROTO_OK);	/* U+10000 */
	assert_int_equal(text_check_string("\xf4\x8f\xbf\xbf", NULL), PROTO_OK);	/* U+10FFFF */
}

static void
text_allows_newline_and_tab_in_bodies(void **state)
{
	assert_int_equal(text_check_string("line one\n\tline two", NULL),
	    PROTO_OK);
}

static void
line_check_refuses_newline_and_tab(void **state)
{
	size_t	chars;

	assert_int_equal(proto_line_check("Asha Patel", 10, &chars), PROTO_OK);
	assert_int_equal(chars, 10);
	assert_int_equal(proto_line_check("a\nb", 3, NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(proto_line_check("a\tb", 3, NULL), PROTO_ERR_BAD_TEXT);
}

static void
text_refuses_every_other_c0_control(void **state)
{
	char	s[3] = { 'a', 0, 'b' };
	int	c;

	for (c = 0; c < 0x20; c++) {
		if (c == '\n' || c == '\t')
			continue;
		s[1] = c;
		assert_int_equal(proto_text_check(s, 3, NULL),
		    PROTO_ERR_BAD_TEXT);
	}
}

static void
text_refuses_carriage_return_and_escape(void **state)
{
	assert_int_equal(text_check_string("a\rb", NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(text_check_string("\x1b[2J", NULL), PROTO_ERR_BAD_TEXT);
}

static void
text_refuses_del(void **state)
{
	assert_int_equal(text_check_string("a\x7f", NULL), PROTO_ERR_BAD_TEXT);
}

static void
text_refuses_c1_controls(void **state)
{
	assert_int_equal(text_check_string("\xc2\x80", NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(text_check_string("\xc2\x85", NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(text_check_string("\xc2\x9b", NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(text_check_string("\xc2\x9f", NULL), PROTO_ERR_BAD_TEXT);
}

static void
text_refuses_overlong_forms(void **state)
{
	assert_int_equal(text_check_string("\xc0\x80", NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(text_check_string("\xc1\xbf", NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(text_check_string("\xe0\x80\xaf", NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(text_check_string("\xe0\x9f\xbf", NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(text_check_string("\xf0\x80\x80\xaf", NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(text_check_string("\xf0\x8f\xbf\xbf", NULL), PROTO_ERR_BAD_TEXT);
}

static void
text_refuses_surrogates(void **state)
{
	assert_int_equal(text_check_string("\xed\xa0\x80", NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(text_check_string("\xed\xbf\xbf", NULL), PROTO_ERR_BAD_TEXT);
	/* a CESU-8 pair for U+1F600 is two surrogates, not one character */
	assert_int_equal(text_check_string("\xed\xa0\xbd\xed\xb8\x80", NULL),
	    PROTO_ERR_BAD_TEXT);
}

static void
text_refuses_code_points_above_u10ffff(void **state)
{
	assert_int_equal(text_check_string("\xf4\x90\x80\x80", NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(text_check_string("\xf5\x80\x80\x80", NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(text_check_string("\xf8\x88\x80\x80\x80", NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(text_check_string("\xfe", NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(text_check_string("\xff", NULL), PROTO_ERR_BAD_TEXT);
}

static void
text_refuses_truncated_sequences(void **state)
{
	assert_int_equal(text_check_string("\xc3", NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(text_check_string("\xe2\x82", NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(text_check_string("ok \xf0\x9f\x98", NULL), PROTO_ERR_BAD_TEXT);
	/* the length bounds the check, not a terminating NUL */
	assert_int_equal(proto_text_check("\xe2\x82\xac", 2, NULL), PROTO_ERR_BAD_TEXT);
}

static void
text_refuses_sequences_interrupted_by_ascii(void **state)
{
	assert_int_equal(text_check_string("\xc3\x41", NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(text_check_string("\xe2\x82x", NULL), PROTO_ERR_BAD_TEXT);
}

static void
text_refuses_lone_continuation_bytes(void **state)
{
	assert_int_equal(text_check_string("\x80", NULL), PROTO_ERR_BAD_TEXT);
	assert_int_equal(text_check_string("a\xbf", NULL), PROTO_ERR_BAD_TEXT);
}

static enum proto_error
name_check_string(const char *s)
{
	return proto_name_check(s, strlen(s), NULL);
}

static void
name_check_accepts_names_in_any_script(void **state)
{
	size_t	chars;

	assert_int_equal(proto_name_check("Zo\xc3\xab O'Brien-Sm\xc3\xadth", 19,
	    &chars), PROTO_OK);
	assert_int_equal(chars, 17);
	assert_int_equal(name_check_string("\xd7\xa9\xd7\xa8\xd7\x94 Cohen"), PROTO_OK);
	assert_int_equal(name_check_string("\xe7\x8e\x8b\xe8\x8a\xb3"), PROTO_OK);
}

static void
name_check_refuses_direction_marks_overrides_and_isolates(void **state)
{
	/* U+202E RLO, U+202A LRE, U+2066 LRI, U+2069 PDI, U+200F RLM, U+061C ALM */
	assert_int_equal(name_check_string("asha \xe2\x80\xaenimda"), PROTO_ERR_BAD_TEXT);
	assert_int_equal(name_check_string("\xe2\x80\xaaasha"), PROTO_ERR_BAD_TEXT);
	assert_int_equal(name_check_string("\xe2\x81\xa6x\xe2\x81\xa9"), PROTO_ERR_BAD_TEXT);
	assert_int_equal(name_check_string("asha\xe2\x80\x8f"), PROTO_ERR_BAD_TEXT);
	assert_int_equal(name_check_string("\xd8\x9c" "asha"), PROTO_ERR_BAD_TEXT);
}

static void
name_check_refuses_zero_width_and_invisible_characters(void **state)
{
	/* U+200B ZWSP, U+200C ZWNJ, U+2060 WJ, U+FEFF, U+3164, U+00AD, a lone tag */
	assert_int_equal(name_check_string("As\xe2\x80\x8bha"), PROTO_ERR_BAD_TEXT);
	assert_int_equal(name_check_string("As\xe2\x80\x8cha"), PROTO_ERR_BAD_TEXT);
	assert_int_equal(name_check_string("As\xe2\x81\xa0ha"), PROTO_ERR_BAD_TEXT);
	assert_int_equal(name_check_string("\xef\xbb\xbf" "Asha"), PROTO_ERR_BAD_TEXT);
	assert_int_equal(name_check_string("\xe3\x85\xa4"), PROTO_ERR_BAD_TEXT);
	assert_int_equal(name_check_string("As\xc2\xadha"), PROTO_ERR_BAD_TEXT);
	assert_int_equal(name_check_string("Asha\xf3\xa0\x81\x81"), PROTO_ERR_BAD_TEXT);
	/* a joiner between letters joins nothing anyone sees */
	assert_int_equal(name_check_string("As\xe2\x80\x8dha"), PROTO_ERR_BAD_TEXT);
}

static void
name_check_keeps_the_joiners_and_tags_of_one_emoji(void **state)
{
	/* woman, ZWJ, school; white flag, VS16, ZWJ, rainbow; England's flag */
	assert_int_equal(name_check_string("SENCOs \xf0\x9f\x91\xa9\xe2\x80\x8d"
	    "\xf0\x9f\x8f\xab"), PROTO_OK);
	assert_int_equal(name_check_string("\xf0\x9f\x8f\xb3\xef\xb8\x8f\xe2\x80\x8d"
	    "\xf0\x9f\x8c\x88"), PROTO_OK);
	assert_int_equal(name_check_string("\xf0\x9f\x8f\xb4\xf3\xa0\x81\xa7"
	    "\xf3\xa0\x81\xa2\xf3\xa0\x81\xa5\xf3\xa0\x81\xae\xf3\xa0\x81\xa7"
	    "\xf3\xa0\x81\xbf"), PROTO_OK);
	/* a joiner at the end joins nothing */
	assert_int_equal(name_check_string("\xf0\x9f\x91\xa9\xe2\x80\x8d"),
	    PROTO_ERR_BAD_TEXT);
	/* a cancel tag straight after the flag carries no tags */
	assert_int_equal(name_check_string("\xf0\x9f\x8f\xb4\xf3\xa0\x81\xbf"),
	    PROTO_ERR_BAD_TEXT);
}

static void
name_check_refuses_what_line_check_refuses(void **state)
{
	assert_int_equal(name_check_string("a\nb"), PROTO_ERR_BAD_TEXT);
	assert_int_equal(name_check_string("a\tb"), PROTO_ERR_BAD_TEXT);
	assert_int_equal(name_check_string("caf\xc3"), PROTO_ERR_BAD_TEXT);
	assert_int_equal(name_check_string("\xe2\x80\xa8"), PROTO_ERR_BAD_TEXT);
}

static void
bodies_keep_hidden_characters(void **state)
{
	assert_int_equal(text_check_string("abc \xe2\x80\xae" "def \xe2\x80\x8b",
	    NULL), PROTO_OK);
	assert_int_equal(proto_line_check("a\xe2\x80\x8b" "b", 5, NULL), PROTO_OK);
}

static void
text_cut_keeps_short_text_whole(void **state)
{
	assert_int_equal(proto_text_cut("abc", 64), 3);
	assert_int_equal(proto_text_cut("caf\xc3\xa9", 64), 5);
	assert_int_equal(proto_text_cut("", 64), 0);
}

static void
text_cut_ends_before_a_character_that_does_not_fit(void **state)
{
	/* "é" at bytes 3-4, "€" at 5-7, "😀" at 8-11 */
	const char	*s = "abc\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";

	assert_int_equal(proto_text_cut(s, 3), 3);
	assert_int_equal(proto_text_cut(s, 4), 3);
	assert_int_equal(proto_text_cut(s, 5), 5);
	assert_int_equal(proto_text_cut(s, 6), 5);
	assert_int_equal(proto_text_cut(s, 7), 5);
	assert_int_equal(proto_text_cut(s, 8), 8);
	assert_int_equal(proto_text_cut(s, 11), 8);
	assert_int_equal(proto_text_cut(s, 12), 12);
	assert_int_equal(proto_text_cut(s, 0), 0);
}

static void
text_cut_stops_at_invalid_utf8(void **state)
{
	assert_int_equal(proto_text_cut("ab\xc3(cd", 64), 2);
	assert_int_equal(proto_text_cut("ab\xe2\x82", 64), 2);
	assert_int_equal(proto_text_cut("\x80abc", 64), 0);
}

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
	char		*body = long_line(PROTO_MAX_BODY + 1, "");
	const char	*s = NULL;

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
	const struct CMUnitTest errors[] = {
		cmocka_unit_test(error_codes_match_the_protocol_table),
		cmocka_unit_test(every_error_has_a_message),
		cmocka_unit_test(error_codes_are_distinct),
		cmocka_unit_test(error_lookup_out_of_range_is_null),
		cmocka_unit_test(error_reverse_lookup_finds_every_code),
		cmocka_unit_test(error_reverse_lookup_of_unknown_code_is_count),
	};
	const struct CMUnitTest linebuf[] = {
		cmocka_unit_test(linebuf_joins_a_line_split_across_feeds),
		cmocka_unit_test(linebuf_returns_every_line_of_one_feed_in_order),
		cmocka_unit_test(linebuf_gives_the_same_lines_when_fed_byte_by_byte),
		cmocka_unit_test(linebuf_feed_stops_right_after_a_complete_line),
		cmocka_unit_test(linebuf_feed_takes_nothing_while_a_line_waits),
		cmocka_unit_test(linebuf_strips_cr_before_newline),
		cmocka_unit_test(linebuf_strips_cr_that_arrived_in_an_earlier_feed),
		cmocka_unit_test(linebuf_keeps_cr_not_followed_by_newline),
		cmocka_unit_test(linebuf_returns_empty_lines),
		cmocka_unit_test(linebuf_passes_nul_bytes_through),
		cmocka_unit_test(linebuf_accepts_a_line_of_exactly_max_bytes),
		cmocka_unit_test(linebuf_reports_a_line_of_max_plus_one_once_then_works),
		cmocka_unit_test(linebuf_counts_the_cr_of_crlf_against_the_limit),
		cmocka_unit_test(linebuf_reports_an_oversize_line_spread_over_feeds_once),
		cmocka_unit_test(linebuf_allocates_nothing_while_empty),
		cmocka_unit_test(linebuf_frees_its_buffer_when_it_becomes_empty),
		cmocka_unit_test(linebuf_keeps_a_partial_line_after_a_complete_one),
		cmocka_unit_test(linebuf_never_holds_more_than_max_bytes),
		cmocka_unit_test(linebuf_free_releases_a_partial_line),
	};
	const struct CMUnitTest text[] = {
		cmocka_unit_test(text_accepts_ascii_and_counts_characters),
		cmocka_unit_test(text_accepts_empty_text),
		cmocka_unit_test(text_counts_multibyte_characters_once),
		cmocka_unit_test(text_accepts_boundary_code_points),
		cmocka_unit_test(text_allows_newline_and_tab_in_bodies),
		cmocka_unit_test(line_check_refuses_newline_and_tab),
		cmocka_unit_test(text_refuses_every_other_c0_control),
		cmocka_unit_test(text_refuses_carriage_return_and_escape),
		cmocka_unit_test(text_refuses_del),
		cmocka_unit_test(text_refuses_c1_controls),
		cmocka_unit_test(text_refuses_overlong_forms),
		cmocka_unit_test(text_refuses_surrogates),
		cmocka_unit_test(text_refuses_code_points_above_u10ffff),
		cmocka_unit_test(text_refuses_truncated_sequences),
		cmocka_unit_test(text_refuses_sequences_interrupted_by_ascii),
		cmocka_unit_test(text_refuses_lone_continuation_bytes),
		cmocka_unit_test(name_check_accepts_names_in_any_script),
		cmocka_unit_test(name_check_refuses_direction_marks_overrides_and_isolates),
		cmocka_unit_test(name_check_refuses_zero_width_and_invisible_characters),
		cmocka_unit_test(name_check_keeps_the_joiners_and_tags_of_one_emoji),
		cmocka_unit_test(name_check_refuses_what_line_check_refuses),
		cmocka_unit_test(bodies_keep_hidden_characters),
		cmocka_unit_test(text_cut_keeps_short_text_whole),
		cmocka_unit_test(text_cut_ends_before_a_character_that_does_not_fit),
		cmocka_unit_test(text_cut_stops_at_invalid_utf8),
	};
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
		cmocka_unit_test(encode_line_keeps_utf8_unescaped),
		cmocka_unit_test(encoded_line_decodes_back_to_the_same_request),
	};
	int	failed = 0;

	failed += cmocka_run_group_tests_name("errors", errors, NULL, NULL);
	failed += cmocka_run_group_tests_name("linebuf", linebuf, NULL, NULL);
	failed += cmocka_run_group_tests_name("text", text, NULL, NULL);
	failed += cmocka_run_group_tests_name("ids", ids, NULL, NULL);
	failed += cmocka_run_group_tests_name("tokenbucket", tokenbucket, NULL,
	    NULL);
	failed += cmocka_run_group_tests_name("request", request, NULL, NULL);
	failed += cmocka_run_group_tests_name("getters", getters, NULL, NULL);
	failed += cmocka_run_group_tests_name("encode", encode, NULL, NULL);
	return failed != 0;
}
