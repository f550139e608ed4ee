/*
 * test_fts.c: the search query builder (proto_fts_query), the thread tags
 * and the @mention scanner. The builder's promise is checked twice: by the
 * exact expressions it writes, and by handing hostile input to a real FTS5
 * table, where no input may ever be a syntax error.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "staffroom/proto.h"

static void
assert_query(const char *text, const char *want, int terms)
{
	char	out[PROTO_FTS_QUERY_SIZE];

	assert_int_equal(proto_fts_query(text, out, sizeof out), terms);
	assert_string_equal(out, want);
}

static void
words_become_quoted_terms(void **state)
{
	assert_query("EHCP annual  review", "\"EHCP\" \"annual\" \"review\"", 3);
	assert_query("  \tplan\n", "\"plan\"", 1);
}

static void
a_trailing_star_is_a_prefix_of_two_letters_or_more(void **state)
{
	assert_query("templ*", "\"templ\"*", 1);
	assert_query("templ***", "\"templ\"*", 1);
	assert_query("a*", "\"a\"", 1);
	assert_query("te*mpl", "\"te*mpl\"", 1);
}

static void
balanced_quotes_make_a_phrase(void **state)
{
	assert_query("\"annual review\" plan", "\"annual review\" \"plan\"", 2);
	assert_query("\"annual rev\"*", "\"annual rev\"*", 1);
}

static void
an_unbalanced_quote_is_only_text(void **state)
{
	assert_query("annual \"review", "\"annual\" \"\"\"review\"", 2);
	assert_query("say\"hi\"", "\"say\"\"hi\"\"\"", 1);
}

static void
fts_operators_are_only_text(void **state)
{
	assert_query("cats AND NOT dogs OR NEAR(x y)",
	    "\"cats\" \"AND\" \"NOT\" \"dogs\" \"OR\" \"NEAR(x\" \"y)\"", 7);
	assert_query("title:foo -bar +baz ^qux", "\"title:foo\" \"-bar\" \"+baz\" "
	    "\"^qux\"", 4);
}

static void
words_without_letters_or_digits_are_dropped(void **state)
{
	assert_query("( ) - + ^ : * \"\" \" \"", "", 0);
	assert_query("", "", 0);
	assert_query("((a))", "\"((a))\"", 1);
}

static void
non_ascii_letters_count_as_letters(void **state)
{
	assert_query("café* über", "\"café\"* \"über\"", 2);
}

static void
at_most_sixteen_terms_are_kept(void **state)
{
	char	out[PROTO_FTS_QUERY_SIZE];

	assert_int_equal(proto_fts_query("a b c d e f g h i j k l m n o p q r s",
	    out, sizeof out), PROTO_FTS_MAX_TERMS);
	assert_non_null(strstr(out, "\"p\""));
	assert_null(strstr(out, "\"q\""));
}

static void
a_small_buffer_keeps_only_whole_terms(void **state)
{
	char	out[12];

	assert_int_equal(proto_fts_query("alpha beta gamma", out, sizeof out), 1);
	assert_string_equal(out, "\"alpha\"");
	assert_int_equal(proto_fts_query("alpha", out, 1), 0);
	assert_string_equal(out, "");
}

/* Every input goes to a real FTS5 table: never an error, whatever it says. */
static void
hostile_input_is_never_an_fts5_error(void **state)
{
	static const char *const inputs[] = {
		"\"", "\"\"", "\"\"\"", "a\"b\"c", "*", "a* *b", "^start", "x:y",
		"NEAR(a, b, 3)", "a OR", "AND", "NOT x", "(", ")", "-a", "+a",
		"a - b", "{body}: x", "\"unbalanced AND (", "\\", "'; DROP TABLE t; --",
		"body:review", "review\" OR \"x", "\"a\" NEAR/2 \"b\"", "café*",
		"über-sen", "\xf0\x9f\x98\x80 smile", "x\"*", "\"*\"", "a\"\"b",
		"\"annual review\"* \"", "review AND",
	};
	char		 out[PROTO_FTS_QUERY_SIZE];
	sqlite3		*db;
	sqlite3_stmt	*stmt;
	size_t		 i;
	int		 rc;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING "
	    "fts5(title, body, tokenize = 'unicode61 remove_diacritics 2', "
	    "prefix = '3'); INSERT INTO t VALUES ('annual review', "
	    "'a review AND a plan, \"quoted\", café, über-sen');", NULL, NULL,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	    "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rank", -1, &stmt, NULL),
	    SQLITE_OK);
	for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		if (proto_fts_query(inputs[i], out, sizeof out) == 0)
			continue;
		sqlite3_bind_text(stmt, 1, out, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE)
			fail_msg("%s -> %s: %s", inputs[i], out, sqlite3_errmsg(db));
		sqlite3_reset(stmt);
	}
	/* And the expressions still find what they name. */
	proto_fts_query("revi* \"annual review\" über", out, sizeof out);
	sqlite3_bind_text(stmt, 1, out, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

static void
every_tag_parses_back_to_its_bit(void **state)
{
	unsigned	bit, i;

	for (i = 0; i < PROTO_TAG_COUNT; i++) {
		assert_non_null(proto_tag_name(i));
		assert_true(proto_tag_parse(proto_tag_name(i), &bit));
		assert_int_equal(bit, i);
	}
	assert_null(proto_tag_name(PROTO_TAG_COUNT));
}

static void
tags_are_the_fixed_lowercase_ids(void **state)
{
	static const char *const ids[] = {
		"ci", "cl", "semh", "sp", "spld", "mld", "sld", "pmld", "slcn",
		"hi", "vi", "msi", "pd", "asd", "oth", "early-years", "primary",
		"secondary", "post-16", "special", "ap",
	};
	unsigned	bit;

	assert_int_equal(sizeof ids / sizeof ids[0], PROTO_TAG_COUNT);
	for (size_t i = 0; i < PROTO_TAG_COUNT; i++)
		assert_true(proto_tag_parse(ids[i], &bit));
	assert_false(proto_tag_parse("SEMH", &bit));
	assert_false(proto_tag_parse("adhd", &bit));
	assert_false(proto_tag_parse("", &bit));
}

static void
mentions_are_found_with_their_punctuation_left_out(void **state)
{
	const char	*body = "thanks @asha, and @ben.f. too; mail me@school.org @x",
			*p = body;
	char		 handle[PROTO_HANDLE_MAX + 1];

	assert_true(proto_mention_next(body, &p, handle));
	assert_string_equal(handle, "asha");
	assert_true(proto_mention_next(body, &p, handle));
	assert_string_equal(handle, "ben.f");
	assert_false(proto_mention_next(body, &p, handle));
	assert_int_equal(*p, '\0');
}

int
main(void)
{
	const struct CMUnitTest fts[] = {
		cmocka_unit_test(words_become_quoted_terms),
		cmocka_unit_test(a_trailing_star_is_a_prefix_of_two_letters_or_more),
		cmocka_unit_test(balanced_quotes_make_a_phrase),
		cmocka_unit_test(an_unbalanced_quote_is_only_text),
		cmocka_unit_test(fts_operators_are_only_text),
		cmocka_unit_test(words_without_letters_or_digits_are_dropped),
		cmocka_unit_test(non_ascii_letters_count_as_letters),
		cmocka_unit_test(at_most_sixteen_terms_are_kept),
		cmocka_unit_test(a_small_buffer_keeps_only_whole_terms),
		cmocka_unit_test(hostile_input_is_never_an_fts5_error),
	};
	const struct CMUnitTest tags[] = {
		cmocka_unit_test(every_tag_parses_back_to_its_bit),
		cmocka_unit_test(tags_are_the_fixed_lowercase_ids),
		cmocka_unit_test(mentions_are_found_with_their_punctuation_left_out),
	};
	int	failed = 0;

	failed += cmocka_run_group_tests_name("fts", fts, NULL, NULL);
	failed += cmocka_run_group_tests_name("tags", tags, NULL, NULL);
	return failed != 0;
}
