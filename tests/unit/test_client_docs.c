/*
 * test_client_docs.c: staffroom(1) keeps up with the client. Every slash
 * command of cmd_table and every key of help_keys (the tables /help is
 * drawn from) must have its own entry in the man page, so a command added
 * without a word in the manual fails here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../client/staffroom.h"

static char	*page;

static int
read_page(void **state)
{
	const char	*top = getenv("top_srcdir");
	char		*path;
	FILE		*f;
	long		 len;

	xasprintf(&path, "%s/docs/staffroom.1", top != NULL ? top : ".");
	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "cannot open %s\n", path);
		free(path);
		return -1;
	}
	free(path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	page = xmalloc((size_t)len + 1);
	page[fread(page, 1, (size_t)len, f)] = '\0';
	fclose(f);
	return 0;
}

static int
free_page(void **state)
{
	free(page);
	return 0;
}

/* Whether the page has a line that is want, or want and then a space. */
static int
has_entry(const char *want)
{
	const char	*p;
	size_t		 n = strlen(want);

	for (p = page; (p = strstr(p, want)) != NULL; p += n) {
		if ((p == page || p[-1] == '\n') &&
		    (p[n] == '\n' || p[n] == ' '))
			return 1;
	}
	return 0;
}

static void
every_command_has_an_entry(void **state)
{
	const struct cmd_entry	*ce;
	char			*want;
	int			 missing = 0;

	for (ce = cmd_table; ce->name != NULL; ce++) {
		xasprintf(&want, ".It Cm /%s", ce->name);
		if (!has_entry(want)) {
			print_error("staffroom.1 lacks \"%s\"\n", want);
			missing++;
		}
		free(want);
		if (ce->alias == NULL)
			continue;
		xasprintf(&want, ".Cm /%s", ce->alias);
		if (!has_entry(want)) {
			print_error("staffroom.1 lacks the alias /%s\n",
			    ce->alias);
			missing++;
		}
		free(want);
	}
	assert_int_equal(missing, 0);
}

static void
every_key_has_an_entry(void **state)
{
	const struct help_key	*hk;
	char			*want;
	int			 missing = 0;

	for (hk = help_keys; hk->keys != NULL; hk++) {
		xasprintf(&want, ".It %s", hk->keys);
		if (!has_entry(want)) {
			print_error("staffroom.1 lacks \"%s\"\n", want);
			missing++;
		}
		free(want);
	}
	assert_int_equal(missing, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_command_has_an_entry),
		cmocka_unit_test(every_key_has_an_entry),
	};

	return cmocka_run_group_tests_name("staffroom(1)", tests, read_page,
	    free_page);
}
