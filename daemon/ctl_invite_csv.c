/*
 * ctl_invite_csv.c: staffroomctl invite create --csv, invites in bulk. Each
 * row "email,name,place" (place: a region slug, or a school's URN from the
 * register, which gives its region and the joiner's school) becomes one
 * invite and one
 * ready-to-send text: how to join, the host key's fingerprint to check,
 * the expiry. Every row is checked before any invite is made; the texts
 * are written (--out DIR) or handed to sendmail (--sendmail) only after
 * the invites are committed, so no code is sent that does not work.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "ctl.h"

#define CTL_CSV_FILE_MAX	(16 * 1024 * 1024)
#define CTL_EMAIL_MAX		254

struct invite_row {
	size_t		 line;
	const char	*email;
	const char	*name;
	int64_t		 region_id;
	int64_t		 school_urn;	/* 0: by region */
	char		 place[PROTO_MAX_NAME * 4 + 64];	/* for the text */
	char		 code[INVITE_CODE_MAX];
	char		 short_id[12];
	char		*text;
};

/*
 * An address sendmail can take as it is: one @, a plain local part and a
 * dotted domain, nothing that could start another header or address.
 */
static bool
invite_email_ok(const char *email)
{
	const char	*at = strchr(email, '@'), *p;

	if (at == NULL || at == email || strchr(at + 1, '@') != NULL ||
	    strlen(email) > CTL_EMAIL_MAX || strchr(at, '.') == NULL ||
	    at[1] == '.' || email[strlen(email) - 1] == '.')
		return (false);
	for (p = email; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
		    *p == '@' || (p < at && strchr("_+'%", *p) != NULL))
			continue;
		return (false);
	}
	return (true);
}

/* The row's region from its place; false after ctl_fail naming the line. */
static bool
invite_place(struct ctl *ctl, const char *path, struct invite_row *r,
    const char *place)
{
	char		 school[PROTO_MAX_NAME * 4 + 1], *end;
	long long	 urn;

	if (*place >= '0' && *place <= '9') {
		errno = 0;
		urn = strtoll(place, &end, 10);
		if (errno != 0 || *end != '\0' || store_school_place(ctl->st,
		    urn, &r->region_id, school, sizeof school, NULL) != STORE_OK) {
			ctl_fail(ctl, "%s:%zu: no school with URN %s (staffroomctl "
			    "import gias reads the register)", path, r->line,
			    place);
			return (false);
		}
		r->school_urn = urn;
		snprintf(r->place, sizeof r->place, "the region of %s (URN %lld)",
		    school, urn);
		return (true);
	}
	if (store_region_by_slug(ctl->st, place, &r->region_id) != STORE_OK) {
		ctl_fail(ctl, "%s:%zu: no region \"%s\" (see staffroomctl region "
		    "list)", path, r->line, place);
		return (false);
	}
	snprintf(r->place, sizeof r->place, "the region %s", place);
	return (true);
}

/* Every row, checked; NULL (after ctl_fail) when any is bad. */
static struct invite_row *
invite_rows(struct ctl *ctl, const char *path, char *text, size_t *nrows)
{
	struct ctl_csv		 c = { 0 };
	struct invite_row	*rows = NULL, *r;
	size_t			 n = 0, chars;
	bool			 ok = true;

	c.at = text;
	c.end = text + strlen(text);
	c.line = 1;
	while (ok && ctl_csv_next(&c)) {
		if ((c.n == 1 && *c.field[0] == '\0') ||
		    (c.record_line == 1 && strcmp(c.field[0], "email") == 0))
			continue;
		rows = xreallocarray(rows, n + 1, sizeof *rows);
		r = &rows[n];
		memset(r, 0, sizeof *r);
		r->line = c.record_line;
		if (c.n != 3)
			ok = ctl_fail(ctl, "%s:%zu: expected email,name,place",
			    path, r->line) == CTL_EXIT_OK;
		else if (!invite_email_ok(c.field[0]))
			ok = ctl_fail(ctl, "%s:%zu: \"%s\" is not an email address "
			    "to send to", path, r->line, c.field[0]) == CTL_EXIT_OK;
		else if (proto_name_check(c.field[1], strlen(c.field[1]),
		    &chars) != PROTO_OK || chars < 1 || chars > PROTO_MAX_NAME)
			ok = ctl_fail(ctl, "%s:%zu: a name is 1-%d characters: "
			    PROTO_NAME_RULE, path, r->line, PROTO_MAX_NAME) ==
			    CTL_EXIT_OK;
		else
			ok = invite_place(ctl, path, r, c.field[2]);
		r->email = c.field[0];
		r->name = c.field[1];
		n++;
	}
	free(c.field);
	if (ok && n == 0)
		ok = ctl_fail(ctl, "%s: no rows", path) == CTL_EXIT_OK;
	if (!ok) {
		free(rows);
		return (NULL);
	}
	*nrows = n;
	return (rows);
}

/* sendmail on PATH, else where Debian puts it; NULL when there is none. */
static char *
invite_sendmail_path(void)
{
	const char	*path = getenv("PATH"), *p, *colon;
	char		*candidate;
	size_t		 len;

	for (p = path != NULL ? path : ""; *p != '\0'; p = colon + (*colon != '\0')) {
		colon = p + strcspn(p, ":");
		len = (size_t)(colon - p);
		xasprintf(&candidate, "%.*s/sendmail", (int)len, p);
		if (len > 0 && access(candidate, X_OK) == 0)
			return (candidate);
		free(candidate);
		if (*colon == '\0')
			break;
	}
	if (access("/usr/sbin/sendmail", X_OK) == 0)
		return (xstrdup("/usr/sbin/sendmail"));
	return (NULL);
}

static void
invite_text(struct invite_row *r, const char *host, const char *fingerprint,
    const char *expires)
{
	const char	*colon = strrchr(host, ':');
	char		 ssh[300];

	if (colon != NULL)
		snprintf(ssh, sizeof ssh, "ssh -t -p %s join@%.*s", colon + 1,
		    (int)(colon - host), host);
	else
		snprintf(ssh, sizeof ssh, "ssh -t join@%s", host);
	xasprintf(&r->text,
	    "To: %s\n"
	    "Subject: Your invitation to staffroom\n"
	    "\n"
	    "Dear %s,\n"
	    "\n"
	    "You are invited to staffroom, where SENCOs and SEND leads ask,\n"
	    "answer, share and meet. It places you in %s.\n"
	    "\n"
	    "To join, install the staffroom program and run:\n"
	    "\n"
	    "    staffroom --join %s %s\n"
	    "\n"
	    "or, with nothing but ssh, run the line below, give any password\n"
	    "and then this code: %s\n"
	    "\n"
	    "    %s\n"
	    "\n"
	    "The first time you connect, check that the server's key is\n"
	    "\n"
	    "    %s (ED25519)\n"
	    "\n"
	    "and stop if it is not. This invitation works once, until %s.\n",
	    r->email, r->name, r->place, r->code, host, r->code, ssh,
	    fingerprint, expires);
}

/* DIR/<email>.txt for each row; false after ctl_fail. */
static bool
invite_write(struct ctl *ctl, const char *dir, struct invite_row *rows,
    size_t n)
{
	char	*path;
	FILE	*f;
	size_t	 i;
	bool	 ok = true;

	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		return (ctl_fail(ctl, "%s: %s", dir, strerror(errno)) ==
		    CTL_EXIT_OK);
	for (i = 0; ok && i < n; i++) {
		xasprintf(&path, "%s/%s.txt", dir, rows[i].email);
		if ((f = fopen(path, "w")) == NULL ||
		    fputs(rows[i].text, f) == EOF || fclose(f) == EOF)
			ok = ctl_fail(ctl, "%s: %s", path, strerror(errno)) ==
			    CTL_EXIT_OK;
		free(path);
	}
	return (ok);
}

/* Hands one text to sendmail -oi -t; true when sendmail took it. */
static bool
invite_send(const char *sendmail, const char *text)
{
	int	fds[2], status;
	pid_t	pid;
	bool	wrote;

	if (pipe(fds) == -1)
		return (false);
	if ((pid = fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		return (false);
	}
	if (pid == 0) {
		dup2(fds[0], STDIN_FILENO);
		close(fds[0]);
		close(fds[1]);
		execl(sendmail, "sendmail", "-oi", "-t", (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	wrote = write(fds[1], text, strlen(text)) == (ssize_t)strlen(text);
	close(fds[1]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	return (wrote && WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int
ctl_invite_csv(struct ctl *ctl, struct ctl_args *args, const char *csv,
    enum role role, int64_t now, int64_t expires_ms)
{
	const char		*host = ctl_opt(ctl, args, "host");
	const char		*out = ctl_opt(ctl, args, "out");
	struct invite_row	*rows = NULL;
	struct sshkey_info	 key;
	enum store_result	 res;
	char			*text = NULL, *sendmail = NULL, expires[32];
	size_t			 n = 0, i, sent = 0;
	int			 rc = CTL_EXIT_FAIL;

	if (host == NULL)
		return (ctl_usage_fail(ctl, "--csv needs --host HOST[:PORT], the "
		    "server people join"));
	if (ctl_flag(ctl, args, "sendmail") &&
	    (sendmail = invite_sendmail_path()) == NULL)
		return (ctl_fail(ctl, "no sendmail on this machine: nothing "
		    "made (--out DIR writes the texts to send yourself)"));
	if (!ctl_hostkey(ctl, HOSTKEY_ED25519, &key) ||
	    (text = ctl_read_file(ctl, csv, CTL_CSV_FILE_MAX)) == NULL ||
	    (rows = invite_rows(ctl, csv, text, &n)) == NULL)
		goto out;
	ctl_time(expires_ms, expires, sizeof expires);
	for (i = 0; i < n; i++) {
		if (!ctl_invite_new(ctl, rows[i].region_id, rows[i].school_urn,
		    role, now, expires_ms, rows[i].code, rows[i].short_id))
			goto out;
		invite_text(&rows[i], host, key.fingerprint, expires);
	}
	/* Committed before anything leaves: every code sent works. */
	snprintf(ctl->audit_note, sizeof ctl->audit_note, "%zu invites", n);
	if (!ctl_audit(ctl))
		goto out;
	if ((res = store_commit(ctl->st)) != STORE_OK) {
		ctl_store_fail(ctl, res, "commit");
		goto out;
	}
	ctl_audit_log(ctl);
	for (i = 0; i < n; i++)
		printf("%s\t%s\t%s\n", rows[i].email, rows[i].short_id,
		    rows[i].code);
	rc = CTL_EXIT_OK;
	if (out != NULL && !invite_write(ctl, out, rows, n))
		rc = CTL_EXIT_FAIL;
	for (i = 0; sendmail != NULL && i < n; i++) {
		if (invite_send(sendmail, rows[i].text))
			sent++;
		else
			fprintf(stderr, "staffroomctl: invite create: sendmail "
			    "did not take the invitation to %s (invite %s)\n",
			    rows[i].email, rows[i].short_id);
	}
	if (sendmail != NULL) {
		fprintf(stderr, "invite create: %zu of %zu invitations handed to "
		    "%s\n", sent, n, sendmail);
		if (sent < n)
			rc = CTL_EXIT_FAIL;
	}
out:
	for (i = 0; rows != NULL && i < n; i++) {
		sodium_memzero(rows[i].code, sizeof rows[i].code);
		if (rows[i].text != NULL)
			sodium_memzero(rows[i].text, strlen(rows[i].text));
		free(rows[i].text);
	}
	free(rows);
	free(text);
	free(sendmail);
	return (rc);
}
