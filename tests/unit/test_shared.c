/*
 * test_shared.c: the client and the daemon are one code base. This program
 * links the client's library and the daemon's together (two allocator
 * families or two tag tables would not link), and checks that what they
 * share behaves as one: the allocators, the UTF-8 decoder that validates
 * text on the server and draws it on the client, and the tag table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../client/staffroom.h"
#include "staffroomd.h"

static void
client_and_daemon_share_one_allocator(void **state)
{
	char	*s;
	char	*path;

	/* The daemon's signature: the length back, the string through out. */
	assert_int_equal(xasprintf(&s, "%s:%d", "host", 22), 7);
	assert_string_equal(s, "host:22");
	free(s);
	/* A client routine and a daemon routine in the same program. */
	path = path_home_file(".ssh/known_hosts");
	assert_non_null(strstr(path, "/.ssh/known_hosts"));
	free(path);
	assert_int_equal(parse_duration("2m"), 120000);
}

/* The client draws a sequence as U+FFFD exactly when the daemon refuses it. */
static void
client_draws_what_the_daemon_validates(void **state)
{
	static const char	*samples[] = {
		"plain", "caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
		"\xc0\xaf",		/* overlong '/' */
		"\xed\xa0\x80",		/* a surrogate */
		"\xf4\x90\x80\x80",	/* above U+10FFFF */
		"\xe2\x82",		/* truncated */
		"\x80",			/* a stray continuation byte */
	};
	size_t			 i, off, n, len;
	wchar_t			 wc;
	bool			 replaced;

	for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		len = strlen(samples[i]);
		replaced = false;
		for (off = 0; off < len; off += n) {
			n = text_decode(samples[i] + off, len - off, &wc);
			replaced |= wc == 0xfffd;
		}
		assert_int_equal(replaced,
		    proto_text_check(samples[i], len, NULL) != PROTO_OK);
	}
}

/* What the client offers in its tag picker is what the daemon accepts. */
static void
client_tags_are_the_daemon_tags(void **state)
{
	unsigned	bit, parsed;
	char		**v;
	size_t		 n;

	for (bit = 0; bit < PROTO_TAG_COUNT; bit++) {
		assert_non_null(proto_tag_label(bit));
		assert_true(board_tag_find(proto_tag_name(bit),
		    strlen(proto_tag_name(bit)), &parsed));
		assert_int_equal(parsed, bit);
	}
	/* The client's other spellings land on a daemon tag. */
	assert_int_equal(board_tags_parse("EYFS autism", &v, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_true(proto_tag_parse(v[0], &parsed));
	assert_true(proto_tag_parse(v[1], &parsed));
	board_strv_free(v, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(client_and_daemon_share_one_allocator),
		cmocka_unit_test(client_draws_what_the_daemon_validates),
		cmocka_unit_test(client_tags_are_the_daemon_tags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
