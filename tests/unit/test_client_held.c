/*
 * test_client_held.c: how the console shows a message a watched word held
 * (console_held.c), the same in the full screen and plain mode: the queue's
 * one-line summary and the entry's lines (where it waits, every line of the
 * text with its author, the rule, the pupil-data tag when it was sent past
 * the guard), then the author's history as for any entry. Nothing of a
 * time is asserted.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../client/staffroom.h"

#define ENTRY \
	"{\"id\": 7, \"scope\": \"trust:2\", \"ts\": 1796498999322," \
	" \"held\": {\"id\": 4, \"room\": \"trust:2\", \"room_name\":" \
	" \"Tyne MAT\", \"body\": \"The tribunal date is set\\nfor March\"," \
	" \"ts\": 1796498999322, \"rule\": 3, \"label\": \"legal\"%s}," \
	" \"context\": {\"before\": [], \"after\": []}," \
	" \"reports\": [{\"id\": 9, \"source\": \"words\", \"kind\": \"other\"," \
	" \"reason\": \"watched word rule 3 (legal): hold\", \"ts\": 1}]," \
	" \"author\": {\"handle\": \"amy\", \"sanctions\": [{\"id\": 1," \
	" \"kind\": \"warn\", \"reason\": \"named a pupil\", \"ts\": 1}]}}"

struct lines {
	char	*v[16];
	int	 kind[16];
	int	 n;
};

static void
keep_line(void *arg, enum mod_line kind, const char *line)
{
	struct lines	*l = arg;

	assert_true(l->n < 16);
	l->kind[l->n] = (int)kind;
	l->v[l->n++] = xstrdup(line);
}

static void
lines_free(struct lines *l)
{
	while (l->n > 0)
		free(l->v[--l->n]);
}

static json_t *
entry(const char *extra)
{
	char	 text[2048];
	json_t	*e;

	snprintf(text, sizeof text, ENTRY, extra);
	e = json_loads(text, 0, NULL);
	assert_non_null(e);
	return e;
}

static void
the_summary_names_room_rule_author_and_first_line(void **state)
{
	json_t	*e = entry("");
	char	*s = console_held_summary(e);

	assert_true(console_held_entry(e));
	assert_string_equal(s, "#7 Tyne MAT: held by legal (rule 3), amy: "
	    "The tribunal date is set");
	free(s);
	json_decref(e);
}

static void
the_entry_shows_every_line_the_rule_and_the_history(void **state)
{
	json_t		*e = entry("");
	struct lines	 l = { .n = 0 };

	mod_entry_text(e, keep_line, &l);
	assert_int_equal(l.n, 5);
	assert_int_equal(l.kind[0], MOD_LINE_HEAD);
	assert_non_null(strstr(l.v[0], "entry 7: a held message for Tyne MAT, "
	    "scope trust 2, waiting since "));
	assert_int_equal(l.kind[1], MOD_LINE_ITEM);
	assert_string_equal(l.v[1], "  > amy: The tribunal date is set");
	assert_string_equal(l.v[2], "    for March");
	assert_int_equal(l.kind[3], MOD_LINE_REPORT);
	assert_string_equal(l.v[3], "  held by the watched word legal (rule 3)");
	/* The words' own report is the rule line: not said twice. */
	assert_int_equal(l.kind[4], MOD_LINE_HISTORY);
	assert_string_equal(l.v[4], "  earlier: warn (named a pupil)");
	lines_free(&l);
	json_decref(e);
}

static void
one_sent_past_the_pupil_data_warning_is_tagged(void **state)
{
	json_t		*e = entry(", \"personal_data\": true");
	struct lines	 l = { .n = 0 };

	console_held_text(e, keep_line, &l);
	assert_string_equal(l.v[l.n - 1], "  held by the watched word legal "
	    "(rule 3); sent past the pupil-data warning "
	    MSG_PERSONAL_DATA_TAG);
	lines_free(&l);
	json_decref(e);
}

static void
a_report_is_not_a_held_entry(void **state)
{
	json_t	*e = json_loads("{\"id\": 1, \"msg\": {\"id\": 5}}", 0, NULL);

	assert_false(console_held_entry(e));
	json_decref(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_summary_names_room_rule_author_and_first_line),
		cmocka_unit_test(the_entry_shows_every_line_the_rule_and_the_history),
		cmocka_unit_test(one_sent_past_the_pupil_data_warning_is_tagged),
		cmocka_unit_test(a_report_is_not_a_held_entry),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
