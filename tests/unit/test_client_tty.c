/*
 * test_client_tty.c: tty_prompt on a real pseudo-terminal. A child process
 * whose controlling terminal is the pty's slave asks; the test types into
 * the master as a person (or tmux) would.
 */
#include <sys/wait.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../client/staffroom.h"

#define ASKED_SECRET	"Password: "
#define ASKED_NEXT	"Next: "

/* The child: a session of its own on the slave, asking twice. */
static void
ask_twice(const char *slave, int report)
{
	char	*secret, *next;
	int	 fd;

	alarm(20);		/* a lost line would wait for ever */
	if (setsid() == -1 || (fd = open(slave, O_RDWR)) == -1)
		_exit(2);
	secret = tty_prompt(ASKED_SECRET, 0);
	next = tty_prompt(ASKED_NEXT, 1);
	dprintf(report, "%s|%s", secret != NULL ? secret : "(none)",
	    next != NULL ? next : "(none)");
	_exit(0);
}

/* Reads the master until text has been shown. */
static void
wait_for(int master, const char *text)
{
	char	shown[4096];
	size_t	len = 0;
	ssize_t	n;

	shown[0] = '\0';
	while (strstr(shown, text) == NULL) {
		n = read(master, shown + len, sizeof shown - 1 - len);
		assert_true(n > 0);
		len += (size_t)n;
		shown[len] = '\0';
	}
}

/*
 * The secret and the next line typed at once, as soon as the question
 * shows: both arrive (the next line used to be flushed with the secret's
 * terminal mode).
 */
static void
typing_ahead_after_a_secret_keeps_the_next_line(void **state)
{
	char		 got[256];
	const char	*typed = "correct horse battery\r/whoami\r";
	int		 master, report[2], status;
	ssize_t		 n;
	pid_t		 pid;

	assert_true((master = posix_openpt(O_RDWR | O_NOCTTY)) >= 0);
	assert_int_equal(grantpt(master), 0);
	assert_int_equal(unlockpt(master), 0);
	assert_int_equal(pipe(report), 0);
	if ((pid = fork()) == 0) {
		close(report[0]);
		ask_twice(ptsname(master), report[1]);
	}
	assert_true(pid > 0);
	close(report[1]);
	wait_for(master, ASKED_SECRET);
	assert_int_equal(write(master, typed, strlen(typed)),
	    (ssize_t)strlen(typed));
	n = read(report[0], got, sizeof got - 1);
	got[n > 0 ? n : 0] = '\0';
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_string_equal(got, "correct horse battery|/whoami");
	close(report[0]);
	close(master);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(typing_ahead_after_a_secret_keeps_the_next_line),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
