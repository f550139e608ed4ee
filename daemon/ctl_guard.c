/*
 * ctl_guard.c: staffroomctl guard: the pupil-data guard's verdict on lines
 * of text, so operators (and tests) can see what it would refuse. It needs
 * no state directory, and nothing it reads is stored or logged.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl.h"
#include "guard.h"

/* One line out per line in: "pass", or "flag", a tab and the kinds. */
int
ctl_guard_check(struct ctl *ctl, struct ctl_args *args)
{
	const char	*path = args->argc > 0 ? args->argv[0] : "-";
	FILE		*f = stdin;
	char		*line = NULL, kinds[64];
	size_t		 cap = 0;
	ssize_t		 n;
	unsigned	 found;
	time_t		 now = time(NULL);
	int		 error;

	if (strcmp(path, "-") != 0 && (f = fopen(path, "r")) == NULL)
		return (ctl_fail(ctl, "%s: %s", path, strerror(errno)));
	while ((n = getline(&line, &cap, f)) != -1) {
		if (n > 0 && line[n - 1] == '\n')
			n--;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if ((found = guard_scan(line, (size_t)n, now)) == 0)
			printf("pass\n");
		else {
			guard_kinds_format(found, false, kinds, sizeof kinds);
			printf("flag\t%s\n", kinds);
		}
	}
	error = ferror(f) ? errno : 0;
	free(line);
	if (f != stdin)
		fclose(f);
	if (error != 0)
		return (ctl_fail(ctl, "%s: %s", f == stdin ? "stdin" : path,
		    strerror(error)));
	if (fflush(stdout) == EOF)
		return (ctl_fail(ctl, "stdout: %s", strerror(errno)));
	return (CTL_EXIT_OK);
}
