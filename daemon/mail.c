/*
 * mail.c: see mail.h. Nothing here logs an address or a code: an address
 * is as private as its owner's profile allows nobody to see.
 */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "mail.h"

extern char	**environ;

static bool
mail_local_char(char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("!#$%&'*+/=?^_`{|}~-.", c) != NULL);
}

static bool
mail_domain_valid(const char *d)
{
	size_t	label = 0, labels = 1;
	char	prev = '.';

	for (; *d != '\0'; prev = *d++) {
		if (*d == '.') {
			if (label == 0 || label > 63 || prev == '-')
				return (false);
			label = 0;
			labels++;
			continue;
		}
		if (!((*d >= 'a' && *d <= 'z') || (*d >= 'A' && *d <= 'Z') ||
		    (*d >= '0' && *d <= '9') || *d == '-'))
			return (false);
		if (*d == '-' && prev == '.')
			return (false);
		label++;
	}
	return (label > 0 && label <= 63 && prev != '-' && labels >= 2);
}

bool
mail_address_valid(const char *address)
{
	const char	*at = strchr(address, '@'), *p;

	if (at == NULL || strchr(at + 1, '@') != NULL ||
	    strlen(address) > STORE_EMAIL_MAX || at == address ||
	    at - address > 64 || address[0] == '.' || at[-1] == '.')
		return (false);
	for (p = address; p < at; p++) {
		if (!mail_local_char(*p) || (*p == '.' && p[1] == '.'))
			return (false);
	}
	return (mail_domain_valid(at + 1));
}

/* Keyed by the person, so one code's hash says nothing about another's. */
static void
mail_code_hash(int64_t user_id, const char *code,
    uint8_t hash[STORE_EMAIL_CODE_HASH_BYTES])
{
	crypto_generichash_state	state;
	char				who[32];

	snprintf(who, sizeof who, "staffroom-email:%lld:", (long long)user_id);
	crypto_generichash_init(&state, NULL, 0, STORE_EMAIL_CODE_HASH_BYTES);
	crypto_generichash_update(&state, (const uint8_t *)who, strlen(who));
	crypto_generichash_update(&state, (const uint8_t *)code, strlen(code));
	crypto_generichash_final(&state, hash, STORE_EMAIL_CODE_HASH_BYTES);
}

void
mail_code_new(int64_t user_id, char code[MAIL_CODE_DIGITS + 1],
    uint8_t hash[STORE_EMAIL_CODE_HASH_BYTES])
{
	int	i;

	for (i = 0; i < MAIL_CODE_DIGITS; i++)
		code[i] = (char)('0' + randombytes_uniform(10));
	code[MAIL_CODE_DIGITS] = '\0';
	mail_code_hash(user_id, code, hash);
}

bool
mail_code_matches(int64_t user_id, const char *code,
    const uint8_t hash[STORE_EMAIL_CODE_HASH_BYTES])
{
	uint8_t	mine[STORE_EMAIL_CODE_HASH_BYTES];

	mail_code_hash(user_id, code, mine);
	return (sodium_memcmp(mine, hash, sizeof mine) == 0);
}

static void
mail_vprintf(struct mail *m, const char *fmt, va_list ap)
{
	int	n;

	if (m->full)
		return;
	n = vsnprintf(m->text + m->len, sizeof m->text - m->len, fmt, ap);
	if (n < 0 || (size_t)n >= sizeof m->text - m->len) {
		m->full = true;
		m->text[m->len] = '\0';	/* whole lines only */
		return;
	}
	m->len += (size_t)n;
}

void
mail_printf(struct mail *m, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	mail_vprintf(m, fmt, ap);
	va_end(ap);
}

/* RFC 5322's date, in English whatever the locale. */
static void
mail_date(int64_t now_ms, char *buf, size_t size)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t		t = (time_t)(now_ms / 1000);
	struct tm	tm;

	gmtime_r(&t, &tm);
	snprintf(buf, size, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void
mail_begin(struct mail *m, const char *from, const char *to,
    const char *subject, int64_t now_ms)
{
	char	date[64];

	m->len = 0;
	m->full = false;
	m->text[0] = '\0';
	mail_date(now_ms, date, sizeof date);
	mail_printf(m, "From: staffroom <%s>\n"
	    "To: %s\n"
	    "Subject: %s\n"
	    "Date: %s\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: 8bit\n"
	    "Auto-Submitted: auto-generated\n"
	    "\n", from, to, subject, date);
}

void
mail_default_from(char *buf, size_t size)
{
	char	host[256];

	if (gethostname(host, sizeof host) != 0 || host[0] == '\0')
		snprintf(host, sizeof host, "localhost");
	host[sizeof host - 1] = '\0';
	snprintf(buf, size, "staffroom@%s", host);
}

static bool
mail_write_all(int fd, const char *p, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return (false);
		}
		p += n;
		len -= (size_t)n;
	}
	return (true);
}

bool
mail_transport_ready(const char *sendmail)
{
	return (sendmail != NULL && access(sendmail, X_OK) == 0);
}

bool
mail_send(const char *sendmail, const struct mail *m, bool wait, char *why,
    size_t size)
{
	posix_spawn_file_actions_t	 fa;
	char				*argv[] = { (char *)sendmail, "-oi", "-t",
					    NULL };
	int				 fds[2], rc, status;
	pid_t				 pid;
	bool				 written;
	void				(*old)(int);

	if (pipe2(fds, O_CLOEXEC) == -1) {
		snprintf(why, size, "pipe: %s", strerror(errno));
		return (false);
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[0], STDIN_FILENO);
	rc = posix_spawn(&pid, sendmail, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[0]);
	if (rc != 0) {
		close(fds[1]);
		snprintf(why, size, "%s: %s", sendmail, strerror(rc));
		return (false);
	}
	/* A sendmail that exits early must not kill us with SIGPIPE. */
	old = signal(SIGPIPE, SIG_IGN);
	written = mail_write_all(fds[1], m->text, m->len);
	signal(SIGPIPE, old);
	close(fds[1]);
	if (!wait) {
		if (!written)
			snprintf(why, size, "%s did not take the message",
			    sendmail);
		return (written);
	}
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			snprintf(why, size, "waitpid: %s", strerror(errno));
			return (false);
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			snprintf(why, size, "%s could not be run", sendmail);
		else if (WIFEXITED(status))
			snprintf(why, size, "%s exited with status %d",
			    sendmail, WEXITSTATUS(status));
		else
			snprintf(why, size, "%s was killed by signal %d",
			    sendmail, WTERMSIG(status));
		return (false);
	}
	if (!written) {
		snprintf(why, size, "%s did not take the whole message", sendmail);
		return (false);
	}
	return (true);
}
