/*
 * test_proto.c: the protocol library's contract, one behaviour per test,
 * grouped by module: errors, framing and text. Identifiers, rooms, the
 * token bucket and requests are in test_proto_request.c.
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
	[PROTO_ERR_WORD_BLOCKED] = "word_blocked",
	[PROTO_ERR_EMAIL_OFF] = "email_off",
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
	assert_int_equal(name_check_string("\xe2\x80\xaa" "asha"), PROTO_ERR_BAD_TEXT);
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
	assert_int_equal(proto_text_cut("\x80" "abc", 64), 0);
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
	int	failed = 0;

	failed += cmocka_run_group_tests_name("errors", errors, NULL, NULL);
	failed += cmocka_run_group_tests_name("linebuf", linebuf, NULL, NULL);
	failed += cmocka_run_group_tests_name("text", text, NULL, NULL);
	return failed != 0;
}
