/*
 * test_words.c: the watched-words matcher: case and accents do not count,
 * whole words only, phrases across spaces and punctuation, invisible
 * characters cannot split a word, and a file of ordinary SENCO text
 * (tests/words/senco_corpus.txt) matches nothing of a realistic list.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "words.h"

static bool
matches(const char *rule, const char *text)
{
	char	 key[512];
	char	*folded;
	bool	 hit;

	if (!words_fold_rule(rule, key, sizeof key))
		fail_msg("rule \"%s\" does not fold", rule);
	folded = words_fold(text, strlen(text));
	hit = words_match(folded, key);
	free(folded);
	return (hit);
}

#define MATCH(rule, text) do { \
	if (!matches(rule, text)) \
		fail_msg("\"%s\" should match \"%s\"", rule, text); \
} while (0)
#define NO_MATCH(rule, text) do { \
	if (matches(rule, text)) \
		fail_msg("\"%s\" should not match \"%s\"", rule, text); \
} while (0)

static void
case_does_not_count(void **state)
{
	MATCH("idiot", "what an IDIOT");
	MATCH("IDIOT", "what an idiot");
	MATCH("Idiot", "Idiot!");
}

static void
latin_accents_fold_to_their_letter(void **state)
{
	MATCH("café", "meet at the cafe");
	MATCH("cafe", "meet at the café");
	MATCH("cafe", "meet at the CAFÉ");
	MATCH("cafe", "meet at the cafe\xcc\x81");	/* e + combining acute */
	MATCH("naive", "a naïve question");
	MATCH("strasse", "die Straße");
	MATCH("lodz", "from Łódź");
	MATCH("aesop", "Æsop's fables");
}

static void
whole_words_only(void **state)
{
	NO_MATCH("ass", "the class assessment");
	NO_MATCH("ass", "passionate assistant");
	NO_MATCH("cunt", "Scunthorpe");
	NO_MATCH("cock", "Hitchcock and Babcock");
	NO_MATCH("sex", "Essex and Middlesex");
	NO_MATCH("tit", "titles and constitution");
	MATCH("ass", "don't be an ass");
	MATCH("ass", "ass");
	MATCH("ass", "(ass)");
	MATCH("arse", "arse-about-face");
}

static void
phrases_match_across_spaces_and_punctuation(void **state)
{
	MATCH("waste of space", "you're a waste   of space");
	MATCH("waste of space", "a waste, of... space!");
	MATCH("waste of space", "a waste\nof\tspace");
	MATCH("waste of space", "a waste\xc2\xa0of space");	/* no-break space */
	MATCH("waste  of, space", "a waste of space");
	NO_MATCH("waste of space", "a waste of spaces");
	NO_MATCH("waste of space", "no waste; space of");
	NO_MATCH("kill yourself", "kill yourselves");
}

static void
invisible_characters_do_not_split_a_word(void **state)
{
	MATCH("idiot", "id\xe2\x80\x8biot");		/* zero-width space */
	MATCH("idiot", "i\xc2\xad" "diot");		/* soft hyphen */
	MATCH("idiot", "\xef\xbd\x89\xef\xbd\x84iot");	/* fullwidth i d */
}

static void
other_scripts_are_words_too(void **state)
{
	MATCH("ΔΟΚΙΜΗ", "μια δοκιμη εδώ");
	MATCH("дурак", "ты ДУРАК");
	NO_MATCH("дурак", "дураки");
}

static void
rules_without_letters_do_not_fold(void **state)
{
	char	key[16];

	assert_false(words_fold_rule("", key, sizeof key));
	assert_false(words_fold_rule(" ,.- !", key, sizeof key));
	assert_false(words_fold_rule("\xe2\x80\x8b", key, sizeof key));
	assert_false(words_fold_rule("a phrase far too long for the key",
	    key, sizeof key));
	assert_true(words_fold_rule("  Café,  au LAIT ", key, sizeof key));
	assert_string_equal(key, "cafe au lait");
}

static void
invalid_utf8_is_a_separator(void **state)
{
	MATCH("idiot", "an \xff" "idiot\xc3");
	NO_MATCH("idiot", "id\xffiot");
}

/* A realistic list: slurs, swearing, abuse and spam that SENCOs' moderators watch. */
static const char *const watch_list[] = {
	"ass", "arse", "arsehole", "shit", "crap", "cunt", "cock", "dick",
	"sex", "tit", "tits", "twat", "wank", "retard", "retarded", "spastic",
	"spaz", "mong", "idiot", "moron", "cretin", "fuck", "fuck off",
	"bitch", "bastard", "piss", "slag", "kill yourself",
	"waste of space", "click here", "buy now", "crypto", "casino",
};

static void
ordinary_senco_text_matches_nothing(void **state)
{
	char	 path[4096], line[4096], key[512];
	char	*folded;
	const char *srcdir = getenv("top_srcdir");
	FILE	*f;
	size_t	 i, n = 0, len;
	int	 hits = 0;

	snprintf(path, sizeof path, "%s/tests/words/senco_corpus.txt",
	    srcdir != NULL ? srcdir : ".");
	if ((f = fopen(path, "r")) == NULL)
		fail_msg("cannot open %s", path);
	while (fgets(line, sizeof line, f) != NULL) {
		len = strcspn(line, "\n");
		if (len == 0 || line[0] == '#')
			continue;
		n++;
		folded = words_fold(line, len);
		for (i = 0; i < sizeof watch_list / sizeof watch_list[0]; i++) {
			assert_true(words_fold_rule(watch_list[i], key,
			    sizeof key));
			if (words_match(folded, key)) {
				print_error("\"%s\" matched: %.*s\n",
				    watch_list[i], (int)len, line);
				hits++;
			}
		}
		free(folded);
	}
	fclose(f);
	/* The corpus is what is tested: a short read would prove nothing. */
	assert_true(n >= 60);
	assert_int_equal(hits, 0);
}

/* The same list does find the words it watches, in sentences like those. */
static void
the_list_finds_what_it_watches(void **state)
{
	MATCH("retard", "he called the pupil a retard in the corridor");
	MATCH("fuck off", "told the TA to Fuck-off");
	MATCH("click here", "Click HERE for cheap EHCP templates!!");
	MATCH("crap", "the LA's response was crap");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(case_does_not_count),
		cmocka_unit_test(latin_accents_fold_to_their_letter),
		cmocka_unit_test(whole_words_only),
		cmocka_unit_test(phrases_match_across_spaces_and_punctuation),
		cmocka_unit_test(invisible_characters_do_not_split_a_word),
		cmocka_unit_test(other_scripts_are_words_too),
		cmocka_unit_test(rules_without_letters_do_not_fold),
		cmocka_unit_test(invalid_utf8_is_a_separator),
		cmocka_unit_test(ordinary_senco_text_matches_nothing),
		cmocka_unit_test(the_list_finds_what_it_watches),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
