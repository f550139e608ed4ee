/*
 * ctl_user.c: staffroomctl's user and key commands.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ctl.h"

#define CTL_KEY_FILE_MAX	(64 * 1024)

static bool
ctl_handle_check(struct ctl *ctl, const char *handle)
{
	if (strcmp(handle, PROTO_JOIN_HANDLE) == 0) {
		ctl_fail(ctl, "handle \"%s\" is reserved", handle);
		return (false);
	}
	if (!proto_handle_valid(handle)) {
		ctl_fail(ctl, "handle \"%s\" is not valid: use %d-%d of a-z 0-9 . _ -, "
		    "starting with a letter", handle, PROTO_HANDLE_MIN,
		    PROTO_HANDLE_MAX);
		return (false);
	}
	return (true);
}

bool
ctl_name_check(struct ctl *ctl, const char *name)
{
	size_t	chars;

	if (proto_name_check(name, strlen(name), &chars) != PROTO_OK ||
	    chars < 1 || chars > PROTO_MAX_NAME) {
		ctl_fail(ctl, "a name is 1-%d characters: " PROTO_NAME_RULE,
		    PROTO_MAX_NAME);
		return (false);
	}
	return (true);
}

/* Reads one line; false at end of file or when it is too long. */
static bool
ctl_read_line(FILE *f, char *buf, size_t size)
{
	size_t	len;

	if (fgets(buf, (int)size, f) == NULL)
		return (false);
	len = strlen(buf);
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	else if (!feof(f))
		return (false);
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	return (true);
}

static bool
ctl_prompt(const char *prompt, char *buf, size_t size)
{
	struct termios	old, quiet;
	bool		ok;

	fputs(prompt, stderr);
	fflush(stderr);
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return (false);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	ok = ctl_read_line(stdin, buf, size);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	return (ok);
}

/*
 * Reads a new password: asked twice without echo on a terminal, else one
 * line from stdin (for scripts).
 */
static bool
ctl_password_read(struct ctl *ctl, char *pw, size_t size)
{
	char	again[PROTO_PASSWORD_MAX + 2];
	bool	ok = false;

	if (!isatty(STDIN_FILENO)) {
		if (ctl_read_line(stdin, pw, size))
			return (true);
		ctl_fail(ctl, "no password on stdin (one line of at most %d bytes)",
		    PROTO_PASSWORD_MAX);
		return (false);
	}
	if (!ctl_prompt("New password: ", pw, size) ||
	    !ctl_prompt("Again: ", again, sizeof again))
		ctl_fail(ctl, "no password read");
	else if (strcmp(pw, again) != 0)
		ctl_fail(ctl, "the passwords do not match");
	else
		ok = true;
	explicit_bzero(again, sizeof again);
	return (ok);
}

/* Gets a new password and writes its argon2id hash to hash. */
static bool
ctl_password(struct ctl *ctl, char hash[PASSWORD_HASH_MAX])
{
	char		 pw[PROTO_PASSWORD_MAX + 2];
	bool		 ok = false;

	if (!ctl_password_read(ctl, pw, sizeof pw))
		goto out;
	switch (password_acceptable(pw)) {
	case PROTO_OK:
		break;
	case PROTO_ERR_BAD_TEXT:
		ctl_fail(ctl, "the password must be text without control characters");
		goto out;
	default:
		ctl_fail(ctl, "the password must be %d-%d bytes",
		    PROTO_PASSWORD_MIN, PROTO_PASSWORD_MAX);
		goto out;
	}
	if (!password_hash(pw, hash))
		ctl_fail(ctl, "cannot hash the password (out of memory?)");
	else
		ok = true;
out:
	explicit_bzero(pw, sizeof pw);
	return (ok);
}

int
ctl_user_add(struct ctl *ctl, struct ctl_args *args)
{
	const char		*handle = args->argv[0];
	const char		*name = ctl_opt(ctl, args, "name");
	const char		*role_arg = ctl_opt(ctl, args, "role");
	const char		*school = ctl_opt(ctl, args, "school");
	char			 hash[PASSWORD_HASH_MAX];
	enum role		 role = ROLE_MEMBER;
	enum store_result	 res;
	int64_t			 region_id, id, school_urn = 0, school_region;

	if (!ctl_handle_check(ctl, handle) || !ctl_name_check(ctl, name) ||
	    !ctl_region(ctl, ctl_opt(ctl, args, "region"), &region_id) ||
	    (role_arg != NULL && !ctl_role(ctl, role_arg, &role)) ||
	    (school != NULL && !ctl_school(ctl, school, &school_urn,
	    &school_region)))
		return (CTL_EXIT_FAIL);
	if (ctl_flag(ctl, args, "password-stdin") && !ctl_password(ctl, hash))
		return (CTL_EXIT_FAIL);
	res = store_user_add(ctl->st, handle, name, region_id, role,
	    ctl_flag(ctl, args, "password-stdin") ? hash : NULL, now_ms(), &id);
	if (res == STORE_EXISTS)
		return (ctl_fail(ctl, "handle \"%s\" is taken", handle));
	if (res == STORE_OK && school_urn != 0)
		res = store_profile_school_set(ctl->st, id, school_urn);
	if (res != STORE_OK)
		return (ctl_store_fail(ctl, res, handle));
	ctl_audit_target(ctl, "user", id);
	return (CTL_EXIT_OK);
}

static void
ctl_user_list_cb(const struct store_user *u, void *arg)
{
	struct ctl_list	*l = arg;
	char		 created[32];

	if (l->json != NULL) {
		json_array_append_new(l->json, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:b, s:b, s:I}", "handle", u->handle, "name", u->name,
		    "region", u->region, "role", role_name(u->role),
		    "disabled", u->disabled, "has_password", u->has_password,
		    "created", (json_int_t)u->created_ms));
		return;
	}
	ctl_time(u->created_ms, created, sizeof created);
	ctl_table_add(l->table, u->handle, u->name, u->region,
	    role_name(u->role), u->disabled ? "disabled" : "enabled",
	    u->has_password ? "yes" : "no", created);
}

int
ctl_user_list(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_list	l;

	ctl_list_init(&l, ctl_flag(ctl, args, "json"), 7, "HANDLE", "NAME",
	    "REGION", "ROLE", "STATUS", "PASSWORD", "CREATED");
	return (ctl_list_finish(ctl, &l,
	    store_user_list(ctl->st, ctl_user_list_cb, &l), "users"));
}

static int
ctl_user_set_disabled(struct ctl *ctl, const char *handle, bool disabled)
{
	struct store_user	u;
	enum store_result	res;

	if (!ctl_user(ctl, handle, &u))
		return (CTL_EXIT_FAIL);
	if ((res = store_user_set_disabled(ctl->st, u.id, disabled)) != STORE_OK)
		return (ctl_store_fail(ctl, res, handle));
	return (CTL_EXIT_OK);
}

int
ctl_user_disable(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_user_set_disabled(ctl, args->argv[0], true));
}

int
ctl_user_enable(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_user_set_disabled(ctl, args->argv[0], false));
}

int
ctl_user_set(struct ctl *ctl, struct ctl_args *args)
{
	const char		*name = ctl_opt(ctl, args, "name");
	const char		*region = ctl_opt(ctl, args, "region");
	const char		*role_arg = ctl_opt(ctl, args, "role");
	const char		*school = ctl_opt(ctl, args, "school");
	struct store_user	 u;
	enum role		 role;
	enum store_result	 res;
	enum mod_change		 done;
	int64_t			 region_id = 0, school_urn = 0, school_region;
	char			 text[256];

	if (name == NULL && region == NULL && role_arg == NULL &&
	    school == NULL)
		return (ctl_usage_fail(ctl, "nothing to change: give --name, "
		    "--region, --role or --school"));
	if (!ctl_user(ctl, args->argv[0], &u) ||
	    (name != NULL && !ctl_name_check(ctl, name)) ||
	    (region != NULL && !ctl_region(ctl, region, &region_id)) ||
	    (role_arg != NULL && !ctl_role(ctl, role_arg, &role)) ||
	    (school != NULL && !ctl_school(ctl, school, &school_urn,
	    &school_region)))
		return (CTL_EXIT_FAIL);
	if ((name != NULL || region != NULL) && (res = store_user_update(
	    ctl->st, u.id, name, region_id, -1)) != STORE_OK)
		return (ctl_store_fail(ctl, res, u.handle));
	/* The school alone: a person may work in a school of another region. */
	if (school != NULL && (res = store_profile_school_set(ctl->st, u.id,
	    school_urn)) != STORE_OK)
		return (ctl_store_fail(ctl, res, u.handle));
	if (role_arg == NULL)
		return (CTL_EXIT_OK);
	/* As admin.role; the same role again is no change, for scripts. */
	done = mod_role_change(ctl->st, &u, role, true);
	if (done == MOD_CHANGED || done == MOD_SAME_ROLE)
		return (CTL_EXIT_OK);
	mod_change_text(done, &u, role_arg, text, sizeof text);
	return (ctl_fail(ctl, "%s", text));
}

int
ctl_user_passwd(struct ctl *ctl, struct ctl_args *args)
{
	struct store_user	u;
	char			hash[PASSWORD_HASH_MAX];
	enum store_result	res;

	if (!ctl_user(ctl, args->argv[0], &u) || !ctl_password(ctl, hash))
		return (CTL_EXIT_FAIL);
	if ((res = store_user_set_password(ctl->st, u.id, hash)) != STORE_OK)
		return (ctl_store_fail(ctl, res, u.handle));
	return (CTL_EXIT_OK);
}

/* The first line of a .pub file that is not blank or a # comment. */
static char *
ctl_key_line(char *text)
{
	char	*line, *next;

	for (line = text; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line += strspn(line, " \t\r");
		if (*line != '\0' && *line != '#')
			return (line);
	}
	return (NULL);
}

int
ctl_key_add(struct ctl *ctl, struct ctl_args *args)
{
	const char		*path = args->argv[1];
	struct store_user	 u;
	struct sshkey_info	 key;
	enum proto_error	 err = PROTO_ERR_BAD_KEY;
	enum store_result	 res;
	char			*text, *line;
	int			 rc = CTL_EXIT_FAIL;

	if (!ctl_user(ctl, args->argv[0], &u) ||
	    (text = ctl_read_file(ctl, path, CTL_KEY_FILE_MAX)) == NULL)
		return (CTL_EXIT_FAIL);
	if ((line = ctl_key_line(text)) != NULL)
		err = sshkey_parse(line, &key);
	if (strcmp(path, "-") == 0)
		path = "stdin";
	if (err == PROTO_ERR_BAD_TEXT)
		ctl_fail(ctl, "%s: the key's comment is not valid text", path);
	else if (err != PROTO_OK)
		ctl_fail(ctl, "%s: not a public key we accept (ssh-ed25519, ecdsa, "
		    "or ssh-rsa of at least 2048 bits)", path);
	else if ((res = store_key_add(ctl->st, u.id, key.fingerprint, key.type,
	    key.blob, key.comment, now_ms())) == STORE_EXISTS)
		ctl_fail(ctl, "key %s is already registered", key.fingerprint);
	else if (res != STORE_OK)
		ctl_store_fail(ctl, res, key.fingerprint);
	else {
		snprintf(ctl->audit_note, sizeof ctl->audit_note, "key %s",
		    key.fingerprint);
		printf("%s\n", key.fingerprint);
		rc = CTL_EXIT_OK;
	}
	free(text);
	return (rc);
}

static void
ctl_key_list_cb(const struct store_key *k, void *arg)
{
	struct ctl_list	*l = arg;
	char		 added[32];

	if (l->json != NULL) {
		json_array_append_new(l->json, json_pack("{s:s, s:s, s:s, s:I}",
		    "fingerprint", k->fingerprint, "type", k->type,
		    "comment", k->comment != NULL ? k->comment : "",
		    "added", (json_int_t)k->created_ms));
		return;
	}
	ctl_time(k->created_ms, added, sizeof added);
	ctl_table_add(l->table, k->fingerprint, k->type, k->comment, added);
}

int
ctl_key_list(struct ctl *ctl, struct ctl_args *args)
{
	struct store_user	u;
	struct ctl_list		l;

	if (!ctl_user(ctl, args->argv[0], &u))
		return (CTL_EXIT_FAIL);
	ctl_list_init(&l, ctl_flag(ctl, args, "json"), 4, "FINGERPRINT",
	    "TYPE", "COMMENT", "ADDED");
	return (ctl_list_finish(ctl, &l,
	    store_key_list(ctl->st, u.id, ctl_key_list_cb, &l), u.handle));
}

int
ctl_key_remove(struct ctl *ctl, struct ctl_args *args)
{
	struct store_user	 u;
	enum store_result	 res;
	char			*fp;
	int			 rc = CTL_EXIT_OK;

	if (!ctl_user(ctl, args->argv[0], &u))
		return (CTL_EXIT_FAIL);
	/* People paste fingerprints both with and without the prefix. */
	if (strncmp(args->argv[1], "SHA256:", 7) == 0)
		fp = xstrdup(args->argv[1]);
	else
		xasprintf(&fp, "SHA256:%s", args->argv[1]);
	res = store_key_remove(ctl->st, u.id, fp);
	if (res == STORE_NOT_FOUND)
		rc = ctl_fail(ctl, "%s has no key %s", u.handle, fp);
	else if (res != STORE_OK)
		rc = ctl_store_fail(ctl, res, fp);
	free(fp);
	return (rc);
}
