/*
 * test_client_text.c: what the client draws. Text from the network is
 * neutralised (no control character or escape sequence reaches the
 * terminal, each shows as a visible placeholder), measured with wcwidth
 * (wide characters, emoji, combining marks) and wrapped without splitting a
 * character from its marks or a wide character across the edge.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../client/staffroom.h"

/* Neutralises s and compares with the wide string want. */
static void
assert_neutral(const char *s, int flags, const wchar_t *want)
{
	wchar_t	*w;
	size_t	 n;

	w = text_neutralise(s, strlen(s), flags, &n);
	assert_int_equal(n, wcslen(want));
	assert_memory_equal(w, want, n * sizeof *w);
	free(w);
}

static void
plain_text_is_unchanged(void **state)
{
	assert_neutral("Anyone used PECS?", 0, L"Anyone used PECS?");
}

static void
escape_shows_as_a_control_picture(void **state)
{
	assert_neutral("a\033[31mred", 0, L"a\x241b[31mred");
}

static void
every_c0_control_shows_as_its_picture(void **state)
{
	char	s[2] = { 0, 0 };
	wchar_t	want[2] = { 0, 0 };
	int	c;

	for (c = 1; c < 0x20; c++) {
		if (c == '\n' || c == '\t')
			continue;
		s[0] = (char)c;
		want[0] = 0x2400 + c;
		assert_neutral(s, TEXT_BODY, want);
	}
}

static void
delete_shows_as_its_picture(void **state)
{
	assert_neutral("x\x7fy", 0, L"x\x2421y");
}

static void
c1_controls_become_replacement_characters(void **state)
{
	/* U+009B is CSI: a terminal would start a sequence at it. */
	assert_neutral("a\xc2\x9b" "2Jb", 0, L"a\xfffd" L"2Jb");
	assert_neutral("\xc2\x85", 0, L"\xfffd");
}

static void
osc_title_sequence_is_harmless(void **state)
{
	char	*s = text_safe_utf8("hi\033]0;owned\007there", 0);

	assert_string_equal(s, "hi\xe2\x90\x9b]0;owned\xe2\x90\x87there");
	free(s);
}

static void
invalid_utf8_becomes_replacement_characters(void **state)
{
	assert_neutral("a\xff" "b", 0, L"a\xfffd" L"b");
	assert_neutral("\xc0\x80", 0, L"\xfffd\xfffd");		/* overlong */
	assert_neutral("\xed\xa0\x80", 0, L"\xfffd\xfffd\xfffd");	/* surrogate */
	assert_neutral("\xe4\xb8", 0, L"\xfffd\xfffd");		/* truncated */
	assert_neutral("\xf4\x90\x80\x80", 0, L"\xfffd\xfffd\xfffd\xfffd");
}

static void
newline_is_kept_in_bodies_and_shown_in_names(void **state)
{
	assert_neutral("a\nb", TEXT_BODY, L"a\nb");
	assert_neutral("a\nb", 0, L"a\x2424" L"b");
}

static void
tab_becomes_spaces_in_bodies_and_a_picture_in_names(void **state)
{
	assert_neutral("a\tb", TEXT_BODY, L"a    b");
	assert_neutral("a\tb", 0, L"a\x2409" L"b");
}

static void
bidi_overrides_become_replacement_characters(void **state)
{
	assert_neutral("abc\xe2\x80\xae" "def", 0, L"abc\xfffd" L"def");
	assert_neutral("\xe2\x81\xa6x", 0, L"\xfffdx");
	/* in bodies too, where the server lets them through */
	assert_neutral("abc\xe2\x80\xae" "def\n", TEXT_BODY, L"abc\xfffd" L"def\n");
	assert_neutral("\xe2\x80\x8f" "x", TEXT_BODY, L"\xfffdx");
}

static void
zero_width_characters_become_replacement_characters(void **state)
{
	/* U+200B ZWSP, U+2060 WJ, U+FEFF */
	assert_neutral("pass\xe2\x80\x8bword", TEXT_BODY, L"pass\xfffd" L"word");
	assert_neutral("a\xe2\x81\xa0" "b\xef\xbb\xbf", 0, L"a\xfffd" L"b\xfffd");
}

static void
emoji_joiners_are_kept(void **state)
{
	/* woman, ZWJ, school: one teacher emoji where the terminal can */
	assert_neutral("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x8f\xab", TEXT_BODY,
	    L"\x1f469\x200d\x1f3eb");
}

static void
combining_mark_without_base_gets_a_dotted_circle(void **state)
{
	assert_neutral("\xcc\x81" "a", 0, L"\x25cc\x0301" L"a");
	assert_neutral("x\n\xcc\x81", TEXT_BODY, L"x\n\x25cc\x0301");
	/* After a base character it is left alone. */
	assert_neutral("e\xcc\x81", 0, L"e\x0301");
}

static void
width_counts_wide_characters_twice_and_marks_not_at_all(void **state)
{
	assert_int_equal(text_width(L"abc", 3), 3);
	assert_int_equal(text_width(L"\x4e16\x754c", 2), 4);	/* 世界 */
	assert_int_equal(text_width(L"\x1f600", 1), 2);		/* 😀 */
	assert_int_equal(text_width(L"e\x0301", 2), 1);		/* é */
	assert_int_equal(text_cwidth(0x241b), 1);
}

static void
fit_never_splits_a_wide_character(void **state)
{
	int	used;

	assert_int_equal(text_fit(L"a\x4e16\x754c", 3, 2, &used), 1);
	assert_int_equal(used, 1);
	assert_int_equal(text_fit(L"a\x4e16\x754c", 3, 3, &used), 2);
	assert_int_equal(used, 3);
}

static void
fit_keeps_marks_with_their_base(void **state)
{
	int	used;

	assert_int_equal(text_fit(L"ae\x0301" L"b", 4, 2, &used), 3);
	assert_int_equal(used, 2);
}

static void
utf8_round_trips(void **state)
{
	const char	*s = "caf\xc3\xa9 \xe4\xb8\x96 \xf0\x9f\x98\x80";
	wchar_t		*w;
	size_t		 n;
	char		*back;

	w = text_neutralise(s, strlen(s), TEXT_BODY, &n);
	back = text_to_utf8(w, n);
	assert_string_equal(back, s);
	free(back);
	free(w);
}

/* --- wrapping ------------------------------------------------------------- */

/* Wraps want-width and checks each line's text and width. */
static void
assert_wrap(const wchar_t *s, int width, size_t nwant, const wchar_t **want)
{
	struct wrap_line	lines[32];
	size_t			n, i;

	n = wrap_text(s, wcslen(s), width, lines, 32);
	assert_int_equal(n, nwant);
	assert_int_equal(wrap_text(s, wcslen(s), width, NULL, 0), n);
	for (i = 0; i < n; i++) {
		assert_int_equal(lines[i].len, wcslen(want[i]));
		assert_memory_equal(s + lines[i].off, want[i],
		    lines[i].len * sizeof *s);
		assert_true(lines[i].cols <= width || lines[i].len == 1 ||
		    text_width(s + lines[i].off, 1) > width);
		assert_int_equal(lines[i].cols, text_width(want[i],
		    wcslen(want[i])));
	}
}

static void
short_text_is_one_line(void **state)
{
	const wchar_t	*want[] = { L"hello" };

	assert_wrap(L"hello", 10, 1, want);
}

static void
empty_text_is_one_empty_line(void **state)
{
	const wchar_t	*want[] = { L"" };

	assert_wrap(L"", 10, 1, want);
}

static void
breaks_after_the_last_space_that_fits(void **state)
{
	const wchar_t	*want[] = { L"the quick", L"brown fox" };

	assert_wrap(L"the quick brown fox", 10, 2, want);
}

static void
spaces_at_a_break_are_dropped(void **state)
{
	const wchar_t	*want[] = { L"one", L"two" };

	assert_wrap(L"one    two", 5, 2, want);
}

static void
a_word_longer_than_the_line_is_broken(void **state)
{
	const wchar_t	*want[] = { L"abcd", L"efgh", L"ij" };

	assert_wrap(L"abcdefghij", 4, 3, want);
}

static void
newlines_start_new_lines_and_blank_lines_stay(void **state)
{
	const wchar_t	*want[] = { L"a", L"", L"b" };

	assert_wrap(L"a\n\nb", 10, 3, want);
}

static void
wide_characters_never_straddle_the_edge(void **state)
{
	/* 世界世界 at width 5: two per line, the fifth column stays empty. */
	const wchar_t	*want[] = { L"\x4e16\x754c", L"\x4e16\x754c" };

	assert_wrap(L"\x4e16\x754c\x4e16\x754c", 5, 2, want);
}

static void
emoji_take_two_columns(void **state)
{
	/* Two emoji take four columns: they fit at width 5 after a break. */
	const wchar_t	*want[] = { L"hi", L"\x1f600\x1f600", L"\x1f600" };

	assert_wrap(L"hi \x1f600\x1f600\x1f600", 5, 3, want);
}

static void
combining_marks_stay_with_their_base_at_the_edge(void **state)
{
	/* "abce" + U+0301 at width 3: the accented e moves down whole. */
	const wchar_t	*want[] = { L"abc", L"e\x0301" };

	assert_wrap(L"abce\x0301", 3, 2, want);
}

static void
a_character_wider_than_the_line_still_makes_progress(void **state)
{
	const wchar_t	*want[] = { L"\x4e16", L"\x754c" };

	assert_wrap(L"\x4e16\x754c", 1, 2, want);
}

static void
a_break_on_a_newline_makes_no_empty_line(void **state)
{
	const wchar_t	*want[] = { L"abc", L"def" };

	assert_wrap(L"abc \ndef", 3, 2, want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_text_is_unchanged),
		cmocka_unit_test(escape_shows_as_a_control_picture),
		cmocka_unit_test(every_c0_control_shows_as_its_picture),
		cmocka_unit_test(delete_shows_as_its_picture),
		cmocka_unit_test(c1_controls_become_replacement_characters),
		cmocka_unit_test(osc_title_sequence_is_harmless),
		cmocka_unit_test(invalid_utf8_becomes_replacement_characters),
		cmocka_unit_test(newline_is_kept_in_bodies_and_shown_in_names),
		cmocka_unit_test(tab_becomes_spaces_in_bodies_and_a_picture_in_names),
		cmocka_unit_test(bidi_overrides_become_replacement_characters),
		cmocka_unit_test(zero_width_characters_become_replacement_characters),
		cmocka_unit_test(emoji_joiners_are_kept),
		cmocka_unit_test(combining_mark_without_base_gets_a_dotted_circle),
		cmocka_unit_test(width_counts_wide_characters_twice_and_marks_not_at_all),
		cmocka_unit_test(fit_never_splits_a_wide_character),
		cmocka_unit_test(fit_keeps_marks_with_their_base),
		cmocka_unit_test(utf8_round_trips),
		cmocka_unit_test(short_text_is_one_line),
		cmocka_unit_test(empty_text_is_one_empty_line),
		cmocka_unit_test(breaks_after_the_last_space_that_fits),
		cmocka_unit_test(spaces_at_a_break_are_dropped),
		cmocka_unit_test(a_word_longer_than_the_line_is_broken),
		cmocka_unit_test(newlines_start_new_lines_and_blank_lines_stay),
		cmocka_unit_test(wide_characters_never_straddle_the_edge),
		cmocka_unit_test(emoji_take_two_columns),
		cmocka_unit_test(combining_marks_stay_with_their_base_at_the_edge),
		cmocka_unit_test(a_character_wider_than_the_line_still_makes_progress),
		cmocka_unit_test(a_break_on_a_newline_makes_no_empty_line),
	};

	/* wcwidth answers for Unicode only in a UTF-8 locale. */
	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests_name("client text", tests, NULL, NULL);
}
