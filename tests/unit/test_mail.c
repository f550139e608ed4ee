/*
 * test_mail.c: mail.c's contract: the addresses staffroom sends to, the
 * codes that prove one, and messages that stay within their bound.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "mail.h"

static void
addresses_are_plain_local_at_dotted_domain(void **state)
{
	static const char *const good[] = {
		"asha@school.org.uk", "a.patel+staffroom@trust.example.org",
		"x@a-b.co", "O'Neil@example.com",
	};
	static const char *const bad[] = {
		"", "asha", "@school.org.uk", "asha@", "asha@localhost",
		"asha@@school.org.uk", "a@b@school.org.uk", ".asha@school.org.uk",
		"asha.@school.org.uk", "as..ha@school.org.uk", "asha@-school.org",
		"asha@school-.org", "asha@school..org", "asha@school.org.",
		"asha @school.org", "asha@school.org\nBcc: x@y.org",
		"asha@school.org\r", "\"asha\"@school.org", "asha@schöol.org",
		"<asha@school.org>", "asha@school.org, ben@school.org",
	};
	char	long_local[80], long_address[300];
	size_t	i;

	for (i = 0; i < sizeof good / sizeof *good; i++)
		assert_true(mail_address_valid(good[i]));
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (mail_address_valid(bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	}
	memset(long_local, 'a', 65);
	snprintf(long_local + 65, sizeof long_local - 65, "@school.org");
	assert_false(mail_address_valid(long_local));
	memset(long_address, 'b', 250);
	memcpy(long_address, "a@", 2);
	snprintf(long_address + 250, sizeof long_address - 250, ".org");
	assert_false(mail_address_valid(long_address));
}

static void
a_code_matches_only_its_own_hash_and_person(void **state)
{
	char	code[MAIL_CODE_DIGITS + 1], other[MAIL_CODE_DIGITS + 1];
	uint8_t	hash[STORE_EMAIL_CODE_HASH_BYTES];

	mail_code_new(7, code, hash);
	assert_int_equal(strlen(code), MAIL_CODE_DIGITS);
	assert_int_equal(strspn(code, "0123456789"), MAIL_CODE_DIGITS);
	assert_true(mail_code_matches(7, code, hash));
	assert_false(mail_code_matches(8, code, hash));
	memcpy(other, code, sizeof other);
	other[0] = other[0] == '9' ? '0' : (char)(other[0] + 1);
	assert_false(mail_code_matches(7, other, hash));
	assert_false(mail_code_matches(7, "", hash));
}

static void
a_message_has_its_headers_and_stops_whole_at_its_bound(void **state)
{
	static struct mail	m;
	int			i;

	mail_begin(&m, "staffroom@example.org", "asha@school.org.uk",
	    "Waiting for you", 0);
	assert_non_null(strstr(m.text, "From: staffroom <staffroom@example.org>\n"
	    "To: asha@school.org.uk\nSubject: Waiting for you\n"
	    "Date: Thu, 01 Jan 1970 00:00:00 +0000\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: 8bit\nAuto-Submitted: auto-generated\n\n"));
	assert_false(m.full);
	for (i = 0; i < MAIL_MAX; i++)
		mail_printf(&m, "line %d\n", i);
	assert_true(m.full);
	assert_true(m.len < MAIL_MAX);
	assert_int_equal(strlen(m.text), m.len);
	assert_int_equal(m.text[m.len - 1], '\n');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(addresses_are_plain_local_at_dotted_domain),
		cmocka_unit_test(a_code_matches_only_its_own_hash_and_person),
		cmocka_unit_test(a_message_has_its_headers_and_stops_whole_at_its_bound),
	};

	if (sodium_init() < 0)
		return (1);
	return (cmocka_run_group_tests_name("test_mail", tests, NULL, NULL));
}
