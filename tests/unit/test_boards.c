/*
 * test_boards.c: the pure parts of the client's boards (client/tags.c,
 * compose.c's cursor): tag parsing, quote excerpts, the /new command line,
 * the layout of a post with its quote block, and moving up and down the
 * composer's wrapped lines. One behaviour per test.
 */
#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../client/staffroom.h"

/* --- tags --------------------------------------------------------------- */

static void
tags_are_the_documented_ids(void **state)
{
	static const char	*ids[] = { "ci", "cl", "semh", "sp", "spld",
	    "mld", "sld", "pmld", "slcn", "hi", "vi", "msi", "pd", "asd", "oth",
	    "early-years", "primary", "secondary", "post-16", "special", "ap" };
	size_t			 i;

	assert_int_equal(PROTO_TAG_COUNT, sizeof ids / sizeof ids[0]);
	for (i = 0; i < sizeof ids / sizeof ids[0]; i++)
		assert_string_equal(proto_tag_name(i), ids[i]);
}

static void
tags_parse_hashes_commas_and_case(void **state)
{
	char	**v, *bad;
	size_t	  n;

	assert_int_equal(board_tags_parse("#SEMH, asd  Primary", &v, &n, &bad),
	    0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "semh");
	assert_string_equal(v[1], "asd");
	assert_string_equal(v[2], "primary");
	assert_null(bad);
	board_strv_free(v, n);
}

static void
tags_parse_aliases_to_canonical_ids(void **state)
{
	char	**v;
	size_t	  n;

	assert_int_equal(board_tags_parse("eyfs post16 autism", &v, &n, NULL),
	    0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "early-years");
	assert_string_equal(v[1], "post-16");
	assert_string_equal(v[2], "asd");
	board_strv_free(v, n);
}

static void
tags_parse_drops_repeats(void **state)
{
	char	**v;
	size_t	  n;

	assert_int_equal(board_tags_parse("semh #semh SEMH", &v, &n, NULL), 0);
	assert_int_equal(n, 1);
	board_strv_free(v, n);
}

static void
tags_parse_names_the_unknown_word(void **state)
{
	char	**v, *bad;
	size_t	  n;

	assert_int_equal(board_tags_parse("semh dyslexia", &v, &n, &bad), -1);
	assert_null(v);
	assert_int_equal(n, 0);
	assert_string_equal(bad, "dyslexia");
	free(bad);
}

static void
tags_parse_empty_is_no_tags(void **state)
{
	char	**v;
	size_t	  n;

	assert_int_equal(board_tags_parse("  , ", &v, &n, NULL), 0);
	assert_int_equal(n, 0);
	board_strv_free(v, n);
}

static void
tags_find_takes_no_prefixes(void **state)
{
	unsigned	bit;

	assert_false(board_tag_find("sem", 3, &bit));
	assert_false(board_tag_find("semhx", 5, &bit));
	assert_true(board_tag_find("#hi", 3, &bit));
}

/* --- quote excerpts ------------------------------------------------------ */

static void
excerpt_leaves_out_what_the_post_quoted(void **state)
{
	char	*s = board_quote_excerpt("> older words\n> more\nMy answer.\n",
	    100);

	assert_string_equal(s, "My answer.");
	free(s);
}

static void
excerpt_cuts_long_text_at_a_word(void **state)
{
	char	*s = board_quote_excerpt("one two three four five six", 12);

	assert_string_equal(s, "one two");
	free(s);
}

static void
excerpt_never_splits_a_character(void **state)
{
	/* Four two-byte characters, cut after three. */
	char	*s = board_quote_excerpt("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 3);

	assert_string_equal(s, "\xc3\xa9\xc3\xa9\xc3\xa9");
	free(s);
}

static void
excerpt_is_a_piece_of_the_body(void **state)
{
	const char	*body = "Ask the EP.\n> someone else\nThen the LA.";
	char		*s = board_quote_excerpt(body, 100);

	/* The server keeps a quote only if it appears in the post exactly. */
	assert_string_equal(s, "Ask the EP.");
	assert_non_null(strstr(body, s));
	free(s);
}

static void
excerpt_of_only_quoted_lines_is_empty(void **state)
{
	char	*s = board_quote_excerpt("> a\n> b", 100);

	assert_string_equal(s, "");
	free(s);
}

static void
excerpt_short_text_is_whole(void **state)
{
	char	*s = board_quote_excerpt("  short  ", 100);

	assert_string_equal(s, "short");
	free(s);
}

/* --- /new -------------------------------------------------------------- */

static void
new_reads_board_tags_title_and_body(void **state)
{
	char	*board, **tags, *title, *body;
	size_t	 n;

	assert_int_equal(board_parse_new("national #semh #primary EHCP review "
	    "template?\nHas anyone\none for Year 9?", &board, &tags, &n, &title,
	    &body), 0);
	assert_string_equal(board, "national");
	assert_int_equal(n, 2);
	assert_string_equal(tags[0], "semh");
	assert_string_equal(tags[1], "primary");
	assert_string_equal(title, "EHCP review template?");
	assert_string_equal(body, "Has anyone\none for Year 9?");
	free(board);
	free(title);
	free(body);
	board_strv_free(tags, n);
}

static void
new_without_tags_or_body(void **state)
{
	char	*board, **tags, *title, *body;
	size_t	 n;

	assert_int_equal(board_parse_new("3 Provision maps", &board, &tags, &n,
	    &title, &body), 0);
	assert_string_equal(board, "3");
	assert_int_equal(n, 0);
	assert_string_equal(title, "Provision maps");
	assert_string_equal(body, "");
	free(board);
	free(title);
	free(body);
}

static void
new_needs_a_title(void **state)
{
	char	*board, **tags, *title, *body;
	size_t	 n;

	assert_int_equal(board_parse_new("national #semh", &board, &tags, &n,
	    &title, &body), -1);
	assert_null(board);
	assert_null(title);
	assert_null(body);
}

static void
new_names_a_bad_tag(void **state)
{
	char	*board, **tags, *title, *body;
	size_t	 n;

	assert_int_equal(board_parse_new("national #nope Title", &board, &tags,
	    &n, &title, &body), -1);
	assert_string_equal(title, "#nope");
	free(title);
}

/* --- post layout --------------------------------------------------------- */

static struct post *
mkpost(const char *body, const char *quote)
{
	struct post	*p = calloc(1, sizeof *p);

	p->id = 7;
	p->author = strdup("asha");
	p->body = strdup(body);
	p->text = text_neutralise(body, strlen(body), TEXT_BODY, &p->textlen);
	if (quote != NULL) {
		p->quote_author = strdup("ben");
		p->quote = text_neutralise(quote, strlen(quote), TEXT_BODY,
		    &p->quotelen);
	}
	return p;
}

static void
layout_puts_the_quote_block_first(void **state)
{
	struct post		*p = mkpost("I agree.", "Use a one-page profile.");
	struct post_line	 l[16];
	size_t			 n;

	n = post_layout(p, 80, l, 16);
	assert_int_equal(n, 5);
	assert_int_equal(l[0].kind, PL_HEAD);
	assert_int_equal(l[1].kind, PL_QUOTE_HEAD);
	assert_int_equal(l[2].kind, PL_QUOTE);
	assert_int_equal(l[2].len, strlen("Use a one-page profile."));
	assert_int_equal(l[3].kind, PL_BODY);
	assert_true(l[3].text == p->text);
	assert_int_equal(l[4].kind, PL_GAP);
	post_free(p);
}

static void
layout_wraps_quotes_narrower_than_the_body(void **state)
{
	/* 10 characters: one line as body at 10 columns, two as a quote. */
	struct post		*p = mkpost("abcde fghi", "abcde fghi");
	struct post_line	 l[16];
	size_t			 n, i, quote = 0, body = 0;

	n = post_layout(p, 10, l, 16);
	for (i = 0; i < n; i++) {
		quote += l[i].kind == PL_QUOTE;
		body += l[i].kind == PL_BODY;
	}
	assert_int_equal(quote, 2);
	assert_int_equal(body, 1);
	post_free(p);
}

static void
layout_draws_chevron_lines_as_quotes(void **state)
{
	struct post		*p = mkpost("> ben: earlier\nmine", NULL);
	struct post_line	 l[16];
	size_t			 n;

	n = post_layout(p, 80, l, 16);
	assert_int_equal(n, 4);
	assert_int_equal(l[1].kind, PL_QUOTE);
	/* The "> " itself is not drawn: the bar replaces it. */
	assert_int_equal(l[1].off, 2);
	assert_int_equal(l[2].kind, PL_BODY);
	post_free(p);
}

static void
layout_counts_without_storing(void **state)
{
	struct post	*p = mkpost("one\ntwo\nthree", "q");

	assert_int_equal(post_layout(p, 80, NULL, 0), 1 + 2 + 3 + 1);
	post_free(p);
}

static void
layout_neutralised_text_stays_neutral(void **state)
{
	/* An escape sequence in a body is drawn as a picture, not sent. */
	struct post		*p = mkpost("a\033[2Jb", NULL);
	struct post_line	 l[8];
	size_t			 i;

	post_layout(p, 80, l, 8);
	for (i = 0; i < l[1].len; i++)
		assert_true(l[1].text[l[1].off + i] != 033);
	post_free(p);
}

/* --- the composer's cursor ---------------------------------------------- */

static void
cursor_moves_between_lines_keeping_the_column(void **state)
{
	const wchar_t	*s = L"hello\nworld";

	/* From "wo|rld" up to "he|llo". */
	assert_int_equal(compose_cursor_move(s, wcslen(s), 8, 40, -1), 2);
	assert_int_equal(compose_cursor_move(s, wcslen(s), 2, 40, 1), 8);
}

static void
cursor_stops_at_a_shorter_line_end(void **state)
{
	const wchar_t	*s = L"hi\nlonger line";

	assert_int_equal(compose_cursor_move(s, wcslen(s), 10, 40, -1), 2);
}

static void
cursor_moves_along_wrapped_lines(void **state)
{
	const wchar_t	*s = L"aaaa bbbb cccc";

	/* Width 5: "aaaa" "bbbb" "cccc"; from the 2nd char of bbbb down. */
	assert_int_equal(compose_cursor_move(s, wcslen(s), 6, 5, 1), 11);
}

static void
cursor_at_the_edges_goes_to_the_ends(void **state)
{
	const wchar_t	*s = L"one\ntwo";

	assert_int_equal(compose_cursor_move(s, wcslen(s), 2, 40, -1), 0);
	assert_int_equal(compose_cursor_move(s, wcslen(s), 5, 40, 1), 7);
}

/* --- search highlights ------------------------------------------------- */

static void
marks_cover_the_byte_ranges(void **state)
{
	json_t		*hl = json_loads("[[2, 5], [8, 9]]", 0, NULL);
	unsigned char	*m = search_marks("a template x", hl);

	assert_memory_equal(m, "\0\0\1\1\1\0\0\0\1\0\0\0", 12);
	free(m);
	json_decref(hl);
}

static void
marks_never_split_a_character(void **state)
{
	/* "é" is bytes 1-2: a range starting at byte 2 takes byte 1 too. */
	json_t		*hl = json_loads("[[2, 3]]", 0, NULL);
	unsigned char	*m = search_marks("x\xc3\xa9y", hl);

	assert_memory_equal(m, "\0\1\1\0", 4);
	free(m);
	json_decref(hl);
}

static void
marks_ignore_ranges_outside_the_snippet(void **state)
{
	json_t		*hl = json_loads("[[-4, 1], [3, 99], \"junk\"]", 0, NULL);
	unsigned char	*m = search_marks("abcd", hl);

	assert_memory_equal(m, "\1\0\0\1", 4);
	free(m);
	json_decref(hl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tags_are_the_documented_ids),
		cmocka_unit_test(tags_parse_hashes_commas_and_case),
		cmocka_unit_test(tags_parse_aliases_to_canonical_ids),
		cmocka_unit_test(tags_parse_drops_repeats),
		cmocka_unit_test(tags_parse_names_the_unknown_word),
		cmocka_unit_test(tags_parse_empty_is_no_tags),
		cmocka_unit_test(tags_find_takes_no_prefixes),
		cmocka_unit_test(excerpt_leaves_out_what_the_post_quoted),
		cmocka_unit_test(excerpt_cuts_long_text_at_a_word),
		cmocka_unit_test(excerpt_never_splits_a_character),
		cmocka_unit_test(excerpt_is_a_piece_of_the_body),
		cmocka_unit_test(excerpt_of_only_quoted_lines_is_empty),
		cmocka_unit_test(excerpt_short_text_is_whole),
		cmocka_unit_test(new_reads_board_tags_title_and_body),
		cmocka_unit_test(new_without_tags_or_body),
		cmocka_unit_test(new_needs_a_title),
		cmocka_unit_test(new_names_a_bad_tag),
		cmocka_unit_test(layout_puts_the_quote_block_first),
		cmocka_unit_test(layout_wraps_quotes_narrower_than_the_body),
		cmocka_unit_test(layout_draws_chevron_lines_as_quotes),
		cmocka_unit_test(layout_counts_without_storing),
		cmocka_unit_test(layout_neutralised_text_stays_neutral),
		cmocka_unit_test(cursor_moves_between_lines_keeping_the_column),
		cmocka_unit_test(cursor_stops_at_a_shorter_line_end),
		cmocka_unit_test(cursor_moves_along_wrapped_lines),
		cmocka_unit_test(cursor_at_the_edges_goes_to_the_ends),
		cmocka_unit_test(marks_cover_the_byte_ranges),
		cmocka_unit_test(marks_never_split_a_character),
		cmocka_unit_test(marks_ignore_ranges_outside_the_snippet),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests_name("boards", tests, NULL, NULL);
}
