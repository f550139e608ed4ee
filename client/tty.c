/*
 * tty.c: questions asked on the controlling terminal before the screen
 * starts (host key, password, passphrase, the join form on the command
 * line). They go to /dev/tty, not stdin, so that a script piping lines into
 * --plain still gets asked, and is refused when there is no terminal.
 * Secrets are read without echo in raw mode, handling erase and Ctrl-C
 * ourselves so that an interrupted prompt never leaves echo off.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>

#include "staffroom.h"

#define TTY_LINE_MAX	1024

static void
tty_write(int fd, const char *s)
{
	size_t	len = strlen(s);
	ssize_t	n;

	while (len > 0) {
		if ((n = write(fd, s, len)) <= 0)
			return;
		s += n;
		len -= n;
	}
}

/* Reads a secret a byte at a time with echo and signals off. */
static int
tty_read_secret(int fd, char *buf, size_t size)
{
	size_t	len = 0;
	char	c;

	for (;;) {
		if (read(fd, &c, 1) != 1)
			return (-1);
		switch (c) {
		case '\r':
		case '\n':
			buf[len] = '\0';
			return (0);
		case 0x03:	/* Ctrl-C */
		case 0x04:	/* Ctrl-D */
			return (-1);
		case 0x7f:
		case 0x08:
			if (len > 0)
				len--;
			break;
		case 0x15:	/* Ctrl-U */
			len = 0;
			break;
		default:
			if (len + 1 < size)
				buf[len++] = c;
			break;
		}
	}
}

static int
tty_read_line(int fd, char *buf, size_t size)
{
	size_t	len = 0;
	char	c;

	for (;;) {
		if (read(fd, &c, 1) != 1)
			return (len > 0 ? 0 : -1);
		if (c == '\n')
			break;
		if (len + 1 < size)
			buf[len++] = c;
	}
	buf[len] = '\0';
	return (0);
}

/*
 * Shows prompt and reads one line from the terminal; NULL when there is no
 * terminal or the person gave up (Ctrl-C, Ctrl-D). With echo 0 the answer
 * is not shown. The caller frees (and wipes a secret with explicit_bzero).
 */
char *
tty_prompt(const char *prompt, int echo)
{
	struct termios	 old, raw;
	char		 buf[TTY_LINE_MAX];
	int		 fd, rc;
	char		*line = NULL;

	if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC)) == -1)
		return (NULL);
	if (echo) {
		tty_write(fd, prompt);
		rc = tty_read_line(fd, buf, sizeof buf);
	} else {
		if (tcgetattr(fd, &old) == -1) {
			close(fd);
			return (NULL);
		}
		raw = old;
		raw.c_lflag &= ~(ECHO | ICANON | ISIG);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		/*
		 * What was typed before the question is dropped, never taken
		 * for the secret; what is typed once it shows is kept: the
		 * secret, and after it the lines meant for what comes next.
		 */
		tcsetattr(fd, TCSAFLUSH, &raw);
		tty_write(fd, prompt);
		rc = tty_read_secret(fd, buf, sizeof buf);
		tcsetattr(fd, TCSADRAIN, &old);
		tty_write(fd, "\n");
	}
	if (rc == 0) {
		buf[strcspn(buf, "\r")] = '\0';
		line = xstrdup(buf);
	}
	explicit_bzero(buf, sizeof buf);
	close(fd);
	return (line);
}

/* Asks a yes/no question; only "yes" or "y" is yes. */
int
tty_confirm(const char *question)
{
	char	*answer;
	int	 yes;

	if ((answer = tty_prompt(question, 1)) == NULL)
		return (0);
	yes = strcasecmp(answer, "yes") == 0 || strcasecmp(answer, "y") == 0;
	free(answer);
	return (yes);
}
