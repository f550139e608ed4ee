/*
 * test_guard.c: the pupil-data guard's contract, one behaviour per test:
 * UPNs, ULNs, NHS numbers, names with dates of birth, the text tricks that
 * must not hide them, ordinary SENCO talk that must pass, and the kinds'
 * names. The identifiers are generated with their check rules, not real.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "guard.h"

#define TODAY	((time_t)1796428800)	/* 2026-12-05 */

static unsigned
scan(const char *text)
{
	return (guard_scan(text, strlen(text), TODAY));
}

static void
assert_all(const char *const *lines, size_t n, unsigned want)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (scan(lines[i]) != want)
			fail_msg("\"%s\": kinds %#x, want %#x", lines[i],
			    scan(lines[i]), want);
	}
}

#define ASSERT_ALL(lines, want) \
	assert_all(lines, sizeof (lines) / sizeof (lines)[0], want)

/* --- UPN ---------------------------------------------------------------- */

static void
upn_with_its_check_letter_is_flagged(void **state)
{
	static const char *const lines[] = {
		"UPN L201234567890 for the file",
		"L201234567890",
		"upn:L201234567890.",
		"(G100012345670)",
		"F999999999999, thanks",
		"typed in lower case: l201234567890",
	};

	ASSERT_ALL(lines, GUARD_UPN);
}

static void
temporary_upn_ending_in_a_letter_is_flagged(void **state)
{
	static const char *const lines[] = {
		"temporary UPN B82345678901B until the real one comes",
		"T30512345678Z",
	};

	ASSERT_ALL(lines, GUARD_UPN);
}

static void
upn_with_a_wrong_check_letter_passes(void **state)
{
	static const char *const lines[] = {
		"ticket M201234567890",
		"case K201234567890",
		"I201234567890",		/* I is not a check letter */
		"C82345678901B",
		"B82345678901I",		/* nor a temporary UPN's last */
	};

	ASSERT_ALL(lines, 0);
}

static void
upn_inside_a_longer_run_passes(void **state)
{
	static const char *const lines[] = {
		"XL201234567890",
		"L2012345678901",
		"L201234567890x",
		"9L201234567890",
		"L20123456789",			/* a digit short */
	};

	ASSERT_ALL(lines, 0);
}

/* --- ULN ---------------------------------------------------------------- */

static void
uln_with_its_check_digit_is_flagged(void **state)
{
	static const char *const lines[] = {
		"ULN 1234567899 on the transfer form",
		"5554443337",
		"learner number: 0000000018.",
	};

	ASSERT_ALL(lines, GUARD_ULN);
}

static void
uln_with_a_wrong_check_digit_passes(void **state)
{
	/* 123456789 has S = 1: the ULN needs 9, an NHS number is impossible. */
	static const char *const lines[] = {
		"order 1234567898",
		"order 1234567890",
		"5554443336",
	};

	ASSERT_ALL(lines, 0);
}

static void
ten_digits_inside_a_longer_number_pass(void **state)
{
	static const char *const lines[] = {
		"12345678990",			/* one digit too many */
		"ref1234567899",
		"1234567899kg",
		"0.1234567899",
		"1234567899.5",
	};

	ASSERT_ALL(lines, 0);
}

/* --- NHS number --------------------------------------------------------- */

static void
nhs_number_with_its_check_digit_is_flagged(void **state)
{
	static const char *const lines[] = {
		"NHS 9434765919",
		"NHS number 943 476 5919 on the letter",
		"943-476-5919",
		"0000000019",
		"(401-023-2137)",
	};

	ASSERT_ALL(lines, GUARD_NHS);
}

static void
nhs_number_with_a_wrong_check_digit_passes(void **state)
{
	/* 943476591 wants 9 (NHS) or 8 (ULN); check digit 10 is never valid. */
	static const char *const lines[] = {
		"943 476 5917",
		"9434765917",
		"123 456 7890",
	};

	ASSERT_ALL(lines, 0);
}

static void
nhs_number_in_other_groups_or_longer_numbers_passes(void **state)
{
	static const char *const lines[] = {
		"9434 765 919",
		"94 347 659 19",
		"+44 943 476 5919",
		"943 476 5919 2",
		"1-943-476-5919",
		"943 476 59190",
		"x943 476 5919",
	};

	ASSERT_ALL(lines, 0);
}

static void
nbsp_counts_as_a_space(void **state)
{
	assert_int_equal(scan("NHS 943\xc2\xa0" "476\xc2\xa0" "5919"),
	    GUARD_NHS);
	assert_int_equal(scan("943\xe2\x80\xaf" "476 5919"), GUARD_NHS);
	assert_int_equal(scan("Jamie\xc2\xa0Smith DOB 12/03/2015"),
	    GUARD_NAME_DOB);
	assert_int_equal(scan("L201234567890\xc2\xa0is his"), GUARD_UPN);
}

static void
zero_width_characters_are_ignored(void **state)
{
	assert_int_equal(scan("943\xe2\x80\x8b" "4765919"), GUARD_NHS);
	assert_int_equal(scan("9\xe2\x80\x8c" "43 476 59\xe2\x80\x8d" "19"),
	    GUARD_NHS);
	assert_int_equal(scan("L2012\xef\xbb\xbf" "34567890"), GUARD_UPN);
	assert_int_equal(scan("12345\xe2\x81\xa0" "67899"), GUARD_ULN);
	assert_int_equal(scan("Ja\xc2\xad" "mie Smith DOB 12/03/2015"),
	    GUARD_NAME_DOB);
}

static void
other_dashes_and_wide_digits_read_as_hyphens_and_digits(void **state)
{
	assert_int_equal(scan("943\xe2\x80\x93" "476\xe2\x80\x93" "5919"),
	    GUARD_NHS);
	assert_int_equal(scan("\xef\xbc\x99" "434765919"), GUARD_NHS);
}

static void
other_letters_make_a_run_longer(void **state)
{
	assert_int_equal(scan("\xc3\xa9" "9434765919"), 0);
	assert_int_equal(scan("9434765919\xc3\xa9"), 0);
	assert_int_equal(scan("\xe2\x82\xac" "9434765919"), GUARD_NHS);
}

static void
invalid_utf8_reads_as_symbols(void **state)
{
	assert_int_equal(scan("\xff" "9434765919\xc3"), GUARD_NHS);
	assert_int_equal(scan("\xed\xa0\x80" "L201234567890"), GUARD_UPN);
}

/* --- names with dates of birth ------------------------------------------ */

static void
name_with_date_of_birth_is_flagged_in_each_date_form(void **state)
{
	static const char *const lines[] = {
		"Jamie Smith DOB 12/03/2015",
		"Jamie Smith, born 12.3.15, has joined Year 6",
		"Jamie Smith born 12-03-2015",
		"Jamie Smith born 12 March 2015",
		"Jamie Smith born 12th March 2015",
		"Jamie Smith born March 12 2015",
		"Jamie Smith born March 12, 2015",
		"Jamie Smith born 12th of March 2015",
		"Jamie Smith born 12 Mar 2015",
		"Jamie Smith born 12-Mar-2015",
		"Jamie Smith born 2015-03-12",
		"Jamie Smith born 1/3/15",
	};

	ASSERT_ALL(lines, GUARD_NAME_DOB);
}

static void
each_date_of_birth_word_counts(void **state)
{
	/* 12/03/2003 is 23 years ago: only with a date-of-birth word. */
	static const char *const lines[] = {
		"Jamie Smith DOB 12/03/2003",
		"Jamie Smith d.o.b. 12/03/2003",
		"Jamie Smith (D.O.B: 12/03/2003)",
		"Jamie Smith was born 12/03/2003",
		"Jamie Smith, date of birth 12/03/2003",
		"Jamie Smith's birthday is 12/03/2003",
		"The date of birth of Jamie Smith is 12/03/2003",
	};

	ASSERT_ALL(lines, GUARD_NAME_DOB);
	assert_int_equal(scan("Jamie Smith 12/03/2003"), 0);
}

static void
name_with_a_pupils_age_date_is_flagged_without_a_dob_word(void **state)
{
	static const char *const lines[] = {
		"Jamie Smith 12/03/2015 moved to us from Leeds",
		"Riley O'Neill (04/09/2011) needs a reader",
		"Smith, Jamie, 12/03/2015, Year 6",
		"Mary-Jane McDonald 2.10.08",
		"On 12 March 2015 Jamie Smith arrived",
		"Zo\xc3\xab Br\xc3\xb3nt\xc3\xab 12/03/2015",
	};

	ASSERT_ALL(lines, GUARD_NAME_DOB);
}

static void
ages_outside_the_pupil_range_pass_without_a_dob_word(void **state)
{
	static const char *const lines[] = {
		"Jamie Smith's review is on 14/03/2026",	/* 0 years */
		"Jamie Smith joined on 06/12/2024",		/* under 2 */
		"Jamie Smith 12/03/2003",			/* 23 years */
		"Jamie Smith: the 20-week deadline is 14/03/2027",
	};

	ASSERT_ALL(lines, 0);
	/* A DOB word widens it to 0-25 years ago, but never the future. */
	assert_int_equal(scan("Jamie Smith born 06/12/2024"), GUARD_NAME_DOB);
	assert_int_equal(scan("Jamie Smith born 14/03/2027"), 0);
	assert_int_equal(scan("Jamie Smith born 12/03/1999"), 0);
}

static void
today_is_a_parameter(void **state)
{
	const char	*line = "Jamie Smith 12/03/2015";

	assert_int_equal(guard_scan(line, strlen(line), TODAY),
	    GUARD_NAME_DOB);
	/* 2010-01-01: the date is still to come. */
	assert_int_equal(guard_scan(line, strlen(line), (time_t)1262304000), 0);
}

static void
name_at_most_six_words_from_the_date_is_flagged(void **state)
{
	assert_int_equal(scan("Jamie Smith one two three four five six "
	    "12/03/2015"), GUARD_NAME_DOB);
	assert_int_equal(scan("12/03/2015 one two three four five six "
	    "Jamie Smith"), GUARD_NAME_DOB);
	assert_int_equal(scan("Jamie Smith one two three four five six seven "
	    "12/03/2015"), 0);
	assert_int_equal(scan("12/03/2015 one two three four five six seven "
	    "Jamie Smith"), 0);
}

static void
name_and_date_in_different_sentences_pass(void **state)
{
	static const char *const lines[] = {
		"Jamie Smith joined us. The old file says 12/03/2015.",
		"Is that Jamie Smith? 12/03/2015 was the date.",
		"Jamie Smith\n\n12/03/2015",
	};

	ASSERT_ALL(lines, 0);
	/* Abbreviations and initials do not end a sentence. */
	assert_int_equal(scan("Jamie Smith d.o.b. 12/03/2015."),
	    GUARD_NAME_DOB);
	assert_int_equal(scan("Jamie T. Smith 12/03/2015"), GUARD_NAME_DOB);
	assert_int_equal(scan("Jamie Smith\n12/03/2015"), GUARD_NAME_DOB);
}

static void
date_of_birth_label_opening_a_sentence_belongs_to_the_one_before(void **state)
{
	assert_int_equal(scan("Anyone taught Jamie Smith? DOB 12/03/2015, "
	    "moved from Leeds"), GUARD_NAME_DOB);
	assert_int_equal(scan("This is Jamie Smith. Born 12.3.15."),
	    GUARD_NAME_DOB);
	assert_int_equal(scan("Anyone taught Jamie Smith? The file says "
	    "12/03/2015"), 0);
}

static void
names_that_are_also_words_count_beside_a_plain_name(void **state)
{
	static const char *const lines[] = {
		"Jack West DOB 12/03/2015",
		"Summer Jones 12/03/2015",
		"Ruby Green, born 12 March 2015",
		"Young, Oliver 12/03/2015",
	};
	static const char *const words[] = {
		"North West DOB 12/03/2015",
		"Green Lane 12/03/2015",
		"Summer Term from 12/03/2015",
		"Will Young 12/03/2015",		/* both also words */
	};

	ASSERT_ALL(lines, GUARD_NAME_DOB);
	ASSERT_ALL(words, 0);
}

static void
names_that_are_not_a_pupils_pass(void **state)
{
	static const char *const lines[] = {
		"jamie smith dob 12/03/2015",		/* not capitalised */
		"Jamie DOB 12/03/2015",			/* no last name */
		"Mrs Jane Smith started on 12/03/2015",	/* a title: staff */
		"Dr Patel, 12/03/2015",
		"JAMIE SMITH DOB 12/03/2015",		/* capitals: acronyms */
		"Annual Review 12/03/2015",		/* capitalised terms */
		"North West SENCO Network met on 12 March 2015",
	};

	ASSERT_ALL(lines, 0);
}

static void
impossible_dates_pass(void **state)
{
	static const char *const lines[] = {
		"Jamie Smith born 31/02/2015",
		"Jamie Smith born 29/02/2015",
		"Jamie Smith born 12/13/2015",
		"Jamie Smith born 0/03/2015",
		"Jamie Smith born 12/03/215",
		"Jamie Smith born 12.03",
		"Jamie Smith born 32 March 2015",
		"Jamie Smith born Smarch 12 2015",
	};

	ASSERT_ALL(lines, 0);
	assert_int_equal(scan("Jamie Smith born 29/02/2016"), GUARD_NAME_DOB);
}

/* --- ordinary SENCO talk ---------------------------------------------------- */

static void
ordinary_senco_talk_with_numbers_passes(void **state)
{
	static const char *const lines[] = {
		"Network meeting on 12/03/2026 at 10:30 in Room 14",
		"Call me on 0161 496 0000 or 07700 900123",
		"Phone +44 161 496 0000 or 020 7946 0000",
		"Our URN is 123456, postcode M1 2AB",
		"Budget \xc2\xa3" "12,500 (45%) for Year 6 and Key Stage 2",
		"the 20-week deadline is 14/03/2027",
		"She is 9 years old, in Year 4, reading age 7.5",
		"Annual Review for J on 3 March 2026",
		"Order 1234567890 arrived; invoice INV-2026-00412",
		"Children and Families Act 2014, SEND Code of Practice 2015",
		"Section 3.2.1 of the Local Offer",
		"EHCP issued 01/09/2019 for our Year 9 pupil",
		"",
	};

	ASSERT_ALL(lines, 0);
}

static void
several_kinds_in_one_text_are_all_reported(void **state)
{
	assert_int_equal(scan("Jamie Smith DOB 12/03/2015, UPN L201234567890, "
	    "NHS 943 476 5919, ULN 1234567899"), GUARD_KINDS_ALL);
}

/* --- the kinds' names ------------------------------------------------------- */

static void
each_kind_has_a_name_and_a_phrase(void **state)
{
	assert_string_equal(guard_kind_name(GUARD_UPN), "upn");
	assert_string_equal(guard_kind_name(GUARD_ULN), "uln");
	assert_string_equal(guard_kind_name(GUARD_NHS), "nhs");
	assert_string_equal(guard_kind_name(GUARD_NAME_DOB), "name_dob");
	assert_string_equal(guard_kind_phrase(GUARD_UPN), "a UPN");
	assert_string_equal(guard_kind_phrase(GUARD_ULN), "a ULN");
	assert_string_equal(guard_kind_phrase(GUARD_NHS), "an NHS number");
	assert_string_equal(guard_kind_phrase(GUARD_NAME_DOB),
	    "a name with a date of birth");
	assert_null(guard_kind_name(0));
	assert_null(guard_kind_name(GUARD_UPN | GUARD_NHS));
	assert_null(guard_kind_phrase(0x10));
}

static void
kinds_format_as_names_or_plain_words(void **state)
{
	char	buf[128];

	assert_true(guard_kinds_format(GUARD_UPN | GUARD_NHS, false, buf,
	    sizeof buf));
	assert_string_equal(buf, "upn,nhs");
	assert_true(guard_kinds_format(GUARD_KINDS_ALL, false, buf, sizeof buf));
	assert_string_equal(buf, "upn,uln,nhs,name_dob");
	assert_true(guard_kinds_format(GUARD_NHS, true, buf, sizeof buf));
	assert_string_equal(buf, "an NHS number");
	assert_true(guard_kinds_format(GUARD_UPN | GUARD_NHS, true, buf,
	    sizeof buf));
	assert_string_equal(buf, "a UPN and an NHS number");
	assert_true(guard_kinds_format(GUARD_UPN | GUARD_ULN | GUARD_NHS, true,
	    buf, sizeof buf));
	assert_string_equal(buf, "a UPN, a ULN and an NHS number");
	assert_true(guard_kinds_format(0, false, buf, sizeof buf));
	assert_string_equal(buf, "");
	assert_false(guard_kinds_format(GUARD_KINDS_ALL, false, buf, 8));
	assert_false(guard_kinds_format(GUARD_UPN, false, buf, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(upn_with_its_check_letter_is_flagged),
		cmocka_unit_test(temporary_upn_ending_in_a_letter_is_flagged),
		cmocka_unit_test(upn_with_a_wrong_check_letter_passes),
		cmocka_unit_test(upn_inside_a_longer_run_passes),
		cmocka_unit_test(uln_with_its_check_digit_is_flagged),
		cmocka_unit_test(uln_with_a_wrong_check_digit_passes),
		cmocka_unit_test(ten_digits_inside_a_longer_number_pass),
		cmocka_unit_test(nhs_number_with_its_check_digit_is_flagged),
		cmocka_unit_test(nhs_number_with_a_wrong_check_digit_passes),
		cmocka_unit_test(nhs_number_in_other_groups_or_longer_numbers_passes),
		cmocka_unit_test(nbsp_counts_as_a_space),
		cmocka_unit_test(zero_width_characters_are_ignored),
		cmocka_unit_test(other_dashes_and_wide_digits_read_as_hyphens_and_digits),
		cmocka_unit_test(other_letters_make_a_run_longer),
		cmocka_unit_test(invalid_utf8_reads_as_symbols),
		cmocka_unit_test(name_with_date_of_birth_is_flagged_in_each_date_form),
		cmocka_unit_test(each_date_of_birth_word_counts),
		cmocka_unit_test(name_with_a_pupils_age_date_is_flagged_without_a_dob_word),
		cmocka_unit_test(ages_outside_the_pupil_range_pass_without_a_dob_word),
		cmocka_unit_test(today_is_a_parameter),
		cmocka_unit_test(name_at_most_six_words_from_the_date_is_flagged),
		cmocka_unit_test(name_and_date_in_different_sentences_pass),
		cmocka_unit_test(date_of_birth_label_opening_a_sentence_belongs_to_the_one_before),
		cmocka_unit_test(names_that_are_also_words_count_beside_a_plain_name),
		cmocka_unit_test(names_that_are_not_a_pupils_pass),
		cmocka_unit_test(impossible_dates_pass),
		cmocka_unit_test(ordinary_senco_talk_with_numbers_passes),
		cmocka_unit_test(several_kinds_in_one_text_are_all_reported),
		cmocka_unit_test(each_kind_has_a_name_and_a_phrase),
		cmocka_unit_test(kinds_format_as_names_or_plain_words),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
