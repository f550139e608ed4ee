/*
 * test_client_input.c: the line editor under the message view. Keys are
 * fed the way the UI feeds them (keys_edit maps a terminal key to an
 * editing action), and the buffer and cursor are checked after each step.
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

#define CTRL(c)	((c) - 64)

static int
setup(void **state)
{
	struct input	*in = xmalloc(sizeof *in);

	input_init(in, 0);
	*state = in;
	return 0;
}

static int
teardown(void **state)
{
	input_free(*state);
	free(*state);
	return 0;
}

/* Types UTF-8 text character by character. */
static void
type(struct input *in, const char *s)
{
	wchar_t	*w;
	size_t	 n, i;

	w = text_neutralise(s, strlen(s), TEXT_BODY, &n);
	for (i = 0; i < n; i++)
		input_insert(in, w[i]);
	free(w);
}

/* Presses a terminal key that must be an editing key. */
static void
press(struct input *in, int key)
{
	enum input_key	action;

	assert_int_equal(keys_edit(key, &action), 0);
	input_key(in, action);
}

/* The buffer as UTF-8, and the cursor position in characters. */
static void
assert_line(struct input *in, const char *want, size_t cur)
{
	char	*s = text_to_utf8(in->buf, in->len);

	assert_string_equal(s, want);
	assert_int_equal(in->cur, cur);
	free(s);
}

static void
typing_inserts_at_the_cursor(void **state)
{
	struct input	*in = *state;

	type(in, "helo");
	press(in, KEYC_LEFT);
	type(in, "l");
	assert_line(in, "hello", 4);
}

static void
ctrl_a_and_ctrl_e_go_to_the_ends(void **state)
{
	struct input	*in = *state;

	type(in, "bcd");
	press(in, CTRL('A'));
	type(in, "a");
	assert_line(in, "abcd", 1);
	press(in, CTRL('E'));
	type(in, "e");
	assert_line(in, "abcde", 5);
	press(in, KEYC_HOME);
	assert_int_equal(in->cur, 0);
	press(in, KEYC_END);
	assert_int_equal(in->cur, 5);
}

static void
the_cursor_stops_at_both_ends(void **state)
{
	struct input	*in = *state;

	type(in, "ab");
	press(in, KEYC_RIGHT);
	assert_int_equal(in->cur, 2);
	press(in, CTRL('D'));
	assert_line(in, "ab", 2);
	press(in, KEYC_HOME);
	press(in, KEYC_LEFT);
	press(in, KEYC_BACKSPACE);
	assert_line(in, "ab", 0);
}

static void
backspace_and_delete_remove_one_character(void **state)
{
	struct input	*in = *state;

	type(in, "caf\xc3\xa9s");		/* cafés */
	press(in, KEYC_BACKSPACE);
	assert_line(in, "caf\xc3\xa9", 4);
	press(in, KEYC_HOME);
	press(in, KEYC_DELETE);
	assert_line(in, "af\xc3\xa9", 0);
}

static void
word_moves_skip_punctuation_like_readline(void **state)
{
	struct input	*in = *state;

	type(in, "one, two three");
	press(in, KEYC_ALT | 'b');
	assert_int_equal(in->cur, 9);		/* |three */
	press(in, KEYC_WORD_LEFT);
	assert_int_equal(in->cur, 5);		/* |two */
	press(in, KEYC_ALT | 'b');
	assert_int_equal(in->cur, 0);
	press(in, KEYC_ALT | 'f');
	assert_int_equal(in->cur, 3);		/* one|, */
	press(in, KEYC_WORD_RIGHT);
	assert_int_equal(in->cur, 8);		/* two| */
}

static void
ctrl_w_cuts_back_to_whitespace_and_ctrl_y_puts_it_back(void **state)
{
	struct input	*in = *state;

	type(in, "see https://example.org/a ");
	press(in, CTRL('W'));
	assert_line(in, "see ", 4);
	press(in, CTRL('Y'));
	assert_line(in, "see https://example.org/a ", 26);
}

static void
alt_d_cuts_the_next_word(void **state)
{
	struct input	*in = *state;

	type(in, "keep drop keep");
	press(in, CTRL('A'));
	press(in, KEYC_ALT | 'f');
	press(in, KEYC_ALT | 'd');
	assert_line(in, "keep keep", 4);
}

static void
ctrl_u_and_ctrl_k_cut_either_side_of_the_cursor(void **state)
{
	struct input	*in = *state;

	type(in, "left right");
	press(in, KEYC_ALT | 'b');
	press(in, CTRL('K'));
	assert_line(in, "left ", 5);
	press(in, KEYC_LEFT);
	press(in, CTRL('U'));
	assert_line(in, " ", 0);
	press(in, CTRL('E'));
	press(in, CTRL('Y'));
	assert_line(in, " left", 5);
}

static void
alt_enter_makes_a_multi_line_message(void **state)
{
	struct input	*in = *state;
	char		*s;

	type(in, "first");
	press(in, KEYC_ALT | '\r');
	type(in, "second");
	s = input_take(in);
	assert_string_equal(s, "first\nsecond");
	free(s);
	assert_line(in, "", 0);
}

static void
control_characters_never_enter_a_message(void **state)
{
	struct input	*in = *state;

	input_insert(in, L'\033');
	input_insert(in, L'\a');
	input_insert(in, 0x9b);		/* CSI */
	input_insert(in, L'\x7f');
	type(in, "ok");
	assert_line(in, "ok", 2);
}

static void
history_recalls_sent_lines_and_keeps_the_draft(void **state)
{
	struct input	*in = *state;

	type(in, "one");
	free(input_take(in));
	type(in, "two");
	free(input_take(in));
	type(in, "draft");
	press(in, KEYC_UP);
	assert_line(in, "two", 3);
	press(in, KEYC_UP);
	assert_line(in, "one", 3);
	press(in, KEYC_UP);
	assert_line(in, "one", 3);
	press(in, KEYC_DOWN);
	press(in, KEYC_DOWN);
	assert_line(in, "draft", 5);
}

static void
history_skips_a_repeated_line(void **state)
{
	struct input	*in = *state;

	type(in, "again");
	free(input_take(in));
	type(in, "again");
	free(input_take(in));
	assert_int_equal(in->nhist, 1);
	free(input_take(in));			/* empty: not remembered */
	assert_int_equal(in->nhist, 1);
}

static void
a_password_has_no_history_and_no_newline(void **state)
{
	struct input	 pw;
	char		*s;

	input_init(&pw, 1);
	type(&pw, "secret");
	input_key(&pw, INPUT_NEWLINE);
	s = input_take(&pw);
	assert_string_equal(s, "secret");
	free(s);
	assert_int_equal(pw.nhist, 0);
	input_key(&pw, INPUT_HISTORY_UP);
	assert_int_equal(pw.len, 0);
	input_free(&pw);
}

static void
scrolling_keeps_the_cursor_on_the_line(void **state)
{
	struct input	*in = *state;
	size_t		 first;

	type(in, "abcdefghijklmnopqrstuvwxyz");
	first = input_scroll(in, 10, 0);
	assert_int_equal(first, 17);		/* 9 characters, then the cursor */
	/* Moving back inside the visible part does not scroll. */
	press(in, KEYC_LEFT);
	assert_int_equal(input_scroll(in, 10, first), first);
	press(in, KEYC_HOME);
	assert_int_equal(input_scroll(in, 10, first), 0);
}

static void
scrolling_counts_wide_characters_as_two_columns(void **state)
{
	struct input	*in = *state;

	type(in, "\xe4\xb8\x96\xe7\x95\x8c\xe4\xb8\x96\xe7\x95\x8c");	/* 世界世界 */
	/* Two wide characters and the cursor fit in five columns. */
	assert_int_equal(input_scroll(in, 5, 0), 2);
}

static void
set_replaces_the_line_and_neutralises_it(void **state)
{
	struct input	*in = *state;

	type(in, "old");
	input_set(in, "new\033[2J");
	assert_line(in, "new\xe2\x90\x9b[2J", 7);
}

static void
other_keys_are_not_editing_keys(void **state)
{
	enum input_key	action;

	assert_int_equal(keys_edit('a', &action), -1);
	assert_int_equal(keys_edit(KEYC_F1, &action), -1);
	assert_int_equal(keys_edit(KEYC_PGUP, &action), -1);
	assert_int_equal(keys_edit(CTRL('N'), &action), -1);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(typing_inserts_at_the_cursor),
		T(ctrl_a_and_ctrl_e_go_to_the_ends),
		T(the_cursor_stops_at_both_ends),
		T(backspace_and_delete_remove_one_character),
		T(word_moves_skip_punctuation_like_readline),
		T(ctrl_w_cuts_back_to_whitespace_and_ctrl_y_puts_it_back),
		T(alt_d_cuts_the_next_word),
		T(ctrl_u_and_ctrl_k_cut_either_side_of_the_cursor),
		T(alt_enter_makes_a_multi_line_message),
		T(control_characters_never_enter_a_message),
		T(history_recalls_sent_lines_and_keeps_the_draft),
		T(history_skips_a_repeated_line),
		cmocka_unit_test(a_password_has_no_history_and_no_newline),
		T(scrolling_keeps_the_cursor_on_the_line),
		T(scrolling_counts_wide_characters_as_two_columns),
		T(set_replaces_the_line_and_neutralises_it),
		cmocka_unit_test(other_keys_are_not_editing_keys),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests_name("client input", tests, NULL, NULL);
}
