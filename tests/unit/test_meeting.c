/*
 * test_meeting.c: record lines typed in a meeting room (#info, #agreed,
 * #action with its owner and due date, present+, regrets) and UK local time
 * (Europe/London) for meeting times, skipped and repeated hours included.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "staffroom/proto.h"

static struct proto_record	rec;
static char			why[128];

static void
parse_ok(const char *line, enum proto_record_kind kind)
{
	why[0] = '\0';
	assert_true(proto_record_parse(line, &rec, why, sizeof why));
	assert_int_equal(rec.kind, kind);
}

static void
parse_refused(const char *line, const char *hint)
{
	why[0] = '\0';
	assert_false(proto_record_parse(line, &rec, why, sizeof why));
	assert_non_null(strstr(why, hint));
}

static void
assert_text(const char *want)
{
	assert_int_equal(rec.text_len, strlen(want));
	assert_memory_equal(rec.text, want, rec.text_len);
}

static void
plain_lines_and_unknown_hashtags_are_no_records(void **state)
{
	(void)state;
	parse_ok("Morning all", PROTO_RECORD_NONE);
	parse_ok("#SEND is hard this term", PROTO_RECORD_NONE);
	parse_ok("#information pack", PROTO_RECORD_NONE);
	parse_ok("regrets, I will be ten minutes late", PROTO_RECORD_NONE);
	parse_ok("present+ and correct", PROTO_RECORD_NONE);
	parse_ok("", PROTO_RECORD_NONE);
}

static void
info_and_agreed_keep_their_text_trimmed(void **state)
{
	(void)state;
	parse_ok("#info The LA moved the panel to Thursdays  ", PROTO_RECORD_INFO);
	assert_text("The LA moved the panel to Thursdays");
	parse_ok("  #AGREED share one EHCP template", PROTO_RECORD_AGREED);
	assert_text("share one EHCP template");
}

static void
info_and_agreed_without_text_say_what_to_write(void **state)
{
	(void)state;
	parse_refused("#agreed", "#agreed TEXT");
	parse_refused("#info   ", "#info TEXT");
}

static void
action_has_owner_text_and_optional_due_date(void **state)
{
	(void)state;
	parse_ok("#action @ben draft the template due 2026-12-18",
	    PROTO_RECORD_ACTION);
	assert_string_equal(rec.owner, "ben");
	assert_string_equal(rec.due, "2026-12-18");
	assert_text("draft the template");
	parse_ok("#action @cara.j ask the LA about due dates", PROTO_RECORD_ACTION);
	assert_string_equal(rec.owner, "cara.j");
	assert_string_equal(rec.due, "");
	assert_text("ask the LA about due dates");
	parse_ok("#action @ben chase it due tomorrow", PROTO_RECORD_ACTION);
	assert_string_equal(rec.due, "");
	assert_text("chase it due tomorrow");
}

static void
action_mistakes_are_refused_with_the_syntax(void **state)
{
	(void)state;
	parse_refused("#action draft the template", "#action @handle");
	parse_refused("#action @b draft", "not a handle");
	parse_refused("#action @ben", "say what is to be done");
	parse_refused("#action @ben draft due 18/12/2026", "YYYY-MM-DD");
	parse_refused("#action @ben draft due 2026-02-30", "not a real date");
	parse_refused("#action @ben due 2026-12-01", "say what is to be done");
}

static void
present_and_regrets_stand_alone(void **state)
{
	(void)state;
	parse_ok("present+", PROTO_RECORD_PRESENT);
	parse_ok("Present+  ", PROTO_RECORD_PRESENT);
	parse_ok("regrets", PROTO_RECORD_REGRETS);
	assert_null(rec.text);
}

static struct proto_floor	fl;

static void
floor_ok(const char *line, enum proto_floor_kind kind)
{
	why[0] = '\0';
	assert_true(proto_floor_parse(line, &fl, why, sizeof why));
	assert_int_equal(fl.kind, kind);
}

static void
floor_refused(const char *line, const char *hint)
{
	why[0] = '\0';
	assert_false(proto_floor_parse(line, &fl, why, sizeof why));
	assert_non_null(strstr(why, hint));
}

static void
span_is(struct proto_span sp, const char *want)
{
	assert_int_equal(sp.len, strlen(want));
	assert_memory_equal(sp.s, want, sp.len);
}

static void
the_queue_is_zakims_q_plus_minus_and_question(void **state)
{
	(void)state;
	floor_ok("q+", PROTO_FLOOR_QUEUE_ADD);
	assert_int_equal(fl.note.len, 0);
	floor_ok("Q+  to ask about transport  ", PROTO_FLOOR_QUEUE_ADD);
	span_is(fl.note, "to ask about transport");
	floor_ok("q-", PROTO_FLOOR_QUEUE_REMOVE);
	floor_ok("q?", PROTO_FLOOR_QUEUE_LIST);
	/* Words after q- or q? make a plain message, as do lookalikes. */
	floor_ok("q- is the answer", PROTO_FLOOR_NONE);
	floor_ok("q+1", PROTO_FLOOR_NONE);
	floor_ok("quite so", PROTO_FLOOR_NONE);
	floor_ok("#info q+", PROTO_FLOOR_NONE);
}

static void
a_vote_has_a_question_and_two_to_ten_options(void **state)
{
	(void)state;
	floor_ok("#vote Which template? | LA's | Ours | Neither", PROTO_FLOOR_VOTE);
	assert_false(fl.anonymous);
	span_is(fl.question, "Which template?");
	assert_int_equal(fl.noptions, 3);
	span_is(fl.options[0], "LA's");
	span_is(fl.options[2], "Neither");
	floor_ok("#VOTE anonymous Adopt the policy? |yes|no", PROTO_FLOOR_VOTE);
	assert_true(fl.anonymous);
	span_is(fl.question, "Adopt the policy?");
	span_is(fl.options[1], "no");
	floor_ok("#vote Q | a | b | c | d | e | f | g | h | i | j", PROTO_FLOOR_VOTE);
	assert_int_equal(fl.noptions, 10);
}

static void
vote_mistakes_say_what_to_fix(void **state)
{
	(void)state;
	floor_refused("#vote", "#vote [anonymous] QUESTION | option");
	floor_refused("#vote Adopt it?", "#vote [anonymous] QUESTION | option");
	floor_refused("#vote Adopt it? | yes", "at least 2 options");
	floor_refused("#vote Adopt it? | yes | | no", "an option is empty");
	floor_refused("#vote Adopt it? | yes | Yes", "the same");
	floor_refused("#vote Q | a | b | c | d | e | f | g | h | i | j | k",
	    "at most 10 options");
	floor_refused("#vote Q | a | 12345678901234567890123456789012345678901234"
	    "56789012345678901234567890123456789012345678901234567890123",
	    "longer than 100");
}

static void
kind_names_round_trip(void **state)
{
	enum proto_record_kind	k;

	(void)state;
	for (k = PROTO_RECORD_INFO; k <= PROTO_RECORD_REGRETS; k++) {
		enum proto_record_kind	back;

		assert_true(proto_record_kind_parse(proto_record_kind_name(k),
		    &back));
		assert_int_equal(back, k);
	}
	assert_false(proto_record_kind_parse("none", &k));
}

/* --- UK time ------------------------------------------------------------ */

static int64_t
uk(const char *s)
{
	int64_t	ms = -1;

	assert_int_equal(proto_uk_parse(s, &ms), PROTO_UK_OK);
	return ms;
}

static const char *
fmt(int64_t ms)
{
	static char	buf[32];

	proto_uk_format(ms, buf, sizeof buf, true);
	return buf;
}

/* 2026-12-05 16:00 UTC and 2026-07-01 15:00 UTC. */
#define DEC_5_1600	INT64_C(1796486400000)
#define JUL_1_1500	INT64_C(1782918000000)

static void
winter_time_is_utc_and_summer_time_an_hour_ahead(void **state)
{
	(void)state;
	assert_true(uk("2026-12-05 16:00") == DEC_5_1600);
	assert_true(uk("2026-07-01 16:00") == JUL_1_1500);
	assert_string_equal(fmt(DEC_5_1600), "2026-12-05 16:00 GMT");
	assert_string_equal(fmt(JUL_1_1500), "2026-07-01 16:00 BST");
}

static void
the_hour_skipped_in_march_does_not_exist(void **state)
{
	int64_t	ms;

	(void)state;
	/* 2026: summer time starts on Sunday 29 March at 01:00 GMT. */
	assert_int_equal(proto_uk_parse("2026-03-29 01:30", &ms), PROTO_UK_MISSING);
	assert_int_equal(proto_uk_parse("2026-03-29 01:00", &ms), PROTO_UK_MISSING);
	assert_string_equal(fmt(uk("2026-03-29 00:59")), "2026-03-29 00:59 GMT");
	assert_string_equal(fmt(uk("2026-03-29 02:00")), "2026-03-29 02:00 BST");
	assert_true(uk("2026-03-29 02:00") - uk("2026-03-29 00:59") == 60000);
}

static void
the_hour_repeated_in_october_takes_summer_time(void **state)
{
	(void)state;
	/* 2026: summer time ends on Sunday 25 October at 02:00 BST. */
	assert_string_equal(fmt(uk("2026-10-25 01:30")), "2026-10-25 01:30 BST");
	assert_true(uk("2026-10-25 02:00") - uk("2026-10-25 01:30") ==
	    90 * 60000);
	assert_string_equal(fmt(uk("2026-10-25 02:00")), "2026-10-25 02:00 GMT");
}

static void
malformed_times_are_refused(void **state)
{
	int64_t	ms;
	static const char *const bad[] = { "2026-12-05", "2026-12-05 24:00",
	    "2026-12-05 9:00", "2026-02-29 10:00", "05/12/2026 10:00",
	    "2026-12-05T10:00", "2026-12-05 10:60", "2026-12-05 10:00 " };
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(proto_uk_parse(bad[i], &ms), PROTO_UK_MALFORMED);
	assert_int_equal(proto_uk_parse("2028-02-29 10:00", &ms), PROTO_UK_OK);
}

int
main(void)
{
	const struct CMUnitTest records[] = {
		cmocka_unit_test(plain_lines_and_unknown_hashtags_are_no_records),
		cmocka_unit_test(info_and_agreed_keep_their_text_trimmed),
		cmocka_unit_test(info_and_agreed_without_text_say_what_to_write),
		cmocka_unit_test(action_has_owner_text_and_optional_due_date),
		cmocka_unit_test(action_mistakes_are_refused_with_the_syntax),
		cmocka_unit_test(present_and_regrets_stand_alone),
		cmocka_unit_test(kind_names_round_trip),
		cmocka_unit_test(the_queue_is_zakims_q_plus_minus_and_question),
		cmocka_unit_test(a_vote_has_a_question_and_two_to_ten_options),
		cmocka_unit_test(vote_mistakes_say_what_to_fix),
	};
	const struct CMUnitTest uktime[] = {
		cmocka_unit_test(winter_time_is_utc_and_summer_time_an_hour_ahead),
		cmocka_unit_test(the_hour_skipped_in_march_does_not_exist),
		cmocka_unit_test(the_hour_repeated_in_october_takes_summer_time),
		cmocka_unit_test(malformed_times_are_refused),
	};
	int	failed = 0;

	failed += cmocka_run_group_tests_name("records", records, NULL, NULL);
	failed += cmocka_run_group_tests_name("uk_time", uktime, NULL, NULL);
	return failed != 0;
}
