/*
 * harness_mail.c: a fake sendmail for the tests of what staffroom mails
 * (verification codes, digests). Each run keeps its arguments and the
 * message it was given as one file, renamed into place whole, so a test
 * never reads half a mail; a switch makes it fail as a broken mail
 * system would.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

struct itest_mailbox {
	char	dir[PATH_MAX];
	char	sendmail[PATH_MAX + 16];
};

struct itest_mailbox *
itest_mailbox_new(void)
{
	struct itest_mailbox	*mb = calloc(1, sizeof *mb);
	char			 path[PATH_MAX + 16];
	FILE			*f;

	assert_non_null(mb);
	snprintf(mb->dir, sizeof mb->dir, "/tmp/itest-mail-XXXXXX");
	assert_non_null(mkdtemp(mb->dir));
	/* The daemon may run as another user (ITEST_RUN_AS). */
	assert_int_equal(chmod(mb->dir, 0755), 0);
	snprintf(path, sizeof path, "%s/out", mb->dir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(chmod(path, 0777), 0);
	snprintf(mb->sendmail, sizeof mb->sendmail, "%s/sendmail", mb->dir);
	assert_non_null(f = fopen(mb->sendmail, "w"));
	/* mkdtemp's path needs no quoting; 75 is EX_TEMPFAIL. */
	fprintf(f, "#!/bin/sh\nPATH=/usr/bin:/bin\n"
	    "[ -e %s/fail ] && { cat >/dev/null; exit 75; }\n"
	    "n=$(ls %s/out | wc -l)\n"
	    "{ echo \"ARGS: $*\"; cat; } > %s/out/.mail.$n\n"
	    "mv %s/out/.mail.$n %s/out/mail.$n\n", mb->dir, mb->dir, mb->dir,
	    mb->dir, mb->dir);
	fclose(f);
	assert_int_equal(chmod(mb->sendmail, 0755), 0);
	return (mb);
}

const char *
itest_mailbox_sendmail(const struct itest_mailbox *mb)
{
	return (mb->sendmail);
}

void
itest_mailbox_failing(struct itest_mailbox *mb, bool failing)
{
	char	path[PATH_MAX + 16];
	FILE	*f;

	snprintf(path, sizeof path, "%s/fail", mb->dir);
	if (!failing) {
		assert_int_equal(unlink(path), 0);
		return;
	}
	assert_non_null(f = fopen(path, "w"));
	fclose(f);
}

int
itest_mailbox_count(const struct itest_mailbox *mb)
{
	char		 path[PATH_MAX + 16];
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	snprintf(path, sizeof path, "%s/out", mb->dir);
	assert_non_null(d = opendir(path));
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, "mail.", 5) == 0;
	closedir(d);
	return (n);
}

char *
itest_mailbox_wait(const struct itest_mailbox *mb, int n)
{
	char	 path[PATH_MAX + 32], *text;
	FILE	*f;
	long	 len;
	int	 waited;

	snprintf(path, sizeof path, "%s/out/mail.%d", mb->dir, n);
	for (waited = 0; (f = fopen(path, "r")) == NULL; waited += 20) {
		if (waited > itest_timeout_ms())
			fail_msg("no mail %d came", n);
		usleep(20000);
	}
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)len + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	return (text);
}

void
itest_mailbox_free(struct itest_mailbox *mb)
{
	char	cmd[PATH_MAX + 16];

	if (mb == NULL)
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", mb->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", mb->dir);
	free(mb);
}
