/*
 * ctl_import.c: staffroomctl user import, which creates many key-only
 * accounts from CSV in one transaction (the benchmark makes thousands).
 * Rows are "handle,name,region,pubkey-line"; the name may be quoted
 * ("" for a quote) and the key line is the rest of the row, so its comment
 * may hold commas. A header row starting "handle," is skipped. Any bad row
 * fails the whole import, naming its line; nothing is kept.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

#define CTL_IMPORT_LINE_MAX	(16 * 1024)

int		 ctl_user_import(struct ctl *, struct ctl_args *);

struct ctl_import_row {
	char	*handle;
	char	*name;
	char	*region;
	char	*pubkey;
};

/* Cuts the next unquoted field off *in; NULL when no comma follows. */
static char *
ctl_import_plain(char **in)
{
	char	*field = *in, *comma = strchr(field, ',');

	if (comma == NULL)
		return (NULL);
	*comma = '\0';
	*in = comma + 1;
	return (field);
}

/* Cuts a field that may be quoted; unquotes it in place. */
static char *
ctl_import_maybe_quoted(char **in)
{
	char	*p = *in, *field, *out;

	if (*p != '"')
		return (ctl_import_plain(in));
	field = out = ++p;
	for (; *p != '"' || p[1] == '"'; p++) {
		if (*p == '\0')
			return (NULL);
		if (*p == '"')
			p++;
		*out++ = *p;
	}
	if (p[1] != ',')
		return (NULL);
	*out = '\0';
	*in = p + 2;
	return (field);
}

/* Splits a row in place; the reason when it cannot. */
static const char *
ctl_import_split(char *line, struct ctl_import_row *row)
{
	char	*in = line;

	if ((row->handle = ctl_import_plain(&in)) == NULL ||
	    (row->name = ctl_import_maybe_quoted(&in)) == NULL ||
	    (row->region = ctl_import_plain(&in)) == NULL)
		return ("expected handle,name,region,pubkey-line");
	row->pubkey = in;
	return (NULL);
}

/* Checks and stores one row; the reason when it cannot. */
static const char *
ctl_import_row(struct ctl *ctl, const struct ctl_import_row *row, int64_t now)
{
	struct sshkey_info	key;
	enum store_result	res;
	int64_t			region_id, id;
	size_t			chars;

	if (strcmp(row->handle, PROTO_JOIN_HANDLE) == 0 ||
	    !proto_handle_valid(row->handle))
		return ("the handle breaks the handle rules");
	if (proto_name_check(row->name, strlen(row->name), &chars) != PROTO_OK ||
	    chars < 1 || chars > PROTO_MAX_NAME)
		return ("the name must be 1-100 characters: " PROTO_NAME_RULE);
	if (sshkey_parse(row->pubkey, &key) != PROTO_OK)
		return ("not a public key line we accept");
	res = store_region_by_slug(ctl->st, row->region, &region_id);
	if (res == STORE_NOT_FOUND)
		return ("no such region (see region list)");
	if (res == STORE_OK)
		res = store_user_add(ctl->st, row->handle, row->name, region_id,
		    ROLE_MEMBER, NULL, now, &id);
	if (res == STORE_EXISTS)
		return ("the handle is taken");
	if (res == STORE_OK)
		res = store_key_add(ctl->st, id, key.fingerprint, key.type,
		    key.blob, key.comment, now);
	if (res == STORE_EXISTS)
		return ("the key is already registered");
	return (res == STORE_OK ? NULL : "database error");
}

/* Strips the line end; false when the line did not fit. */
static bool
ctl_import_chomp(char *line, size_t len)
{
	if (len > 0 && line[len - 1] == '\n')
		line[--len] = '\0';
	if (len > 0 && line[len - 1] == '\r')
		line[--len] = '\0';
	return (len < CTL_IMPORT_LINE_MAX);
}

static int
ctl_import_stream(struct ctl *ctl, FILE *f, const char *source)
{
	struct ctl_import_row	 row;
	const char		*why = NULL;
	char			*line = NULL;
	size_t			 cap = 0, lineno = 0, added = 0;
	ssize_t			 len;
	int64_t			 now = now_ms();

	while (why == NULL && (len = getline(&line, &cap, f)) != -1) {
		lineno++;
		if (!ctl_import_chomp(line, (size_t)len))
			why = "line too long";
		else if (*line == '\0' || (lineno == 1 &&
		    strncmp(line, "handle,", 7) == 0))
			continue;
		else if ((why = ctl_import_split(line, &row)) == NULL &&
		    (why = ctl_import_row(ctl, &row, now)) == NULL)
			added++;
	}
	free(line);
	if (why == NULL && ferror(f))
		return (ctl_fail(ctl, "%s: %s", source, strerror(errno)));
	if (why != NULL)
		return (ctl_fail(ctl, "%s:%zu: %s; nothing imported", source,
		    lineno, why));
	fprintf(stderr, "imported %zu accounts\n", added);
	return (CTL_EXIT_OK);
}

int
ctl_user_import(struct ctl *ctl, struct ctl_args *args)
{
	const char	*path = args->argv[0];
	FILE		*f;
	int		 rc;

	if (strcmp(path, "-") == 0)
		return (ctl_import_stream(ctl, stdin, "stdin"));
	if ((f = fopen(path, "r")) == NULL)
		return (ctl_fail(ctl, "%s: %s", path, strerror(errno)));
	rc = ctl_import_stream(ctl, f, path);
	fclose(f);
	return (rc);
}
