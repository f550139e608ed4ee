/*
 * ctl_privacy.c: staffroomctl's answers to a data subject: export person
 * writes everything held about one person (store_privacy.c's sections) as
 * JSON and as Markdown a person can read; erase person removes them. Rows are written as they are read,
 * a page at a time, so memory stays bounded whatever they wrote; the files
 * are new (never overwritten) and readable by the operator only.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctl.h"

#define CTL_EXPORT_PAGE		500	/* rows a read: the daemon waits for none */
#define CTL_EXPORT_INLINE	60	/* longer text goes on lines of its own */

struct ctl_export {
	FILE		*json;
	FILE		*md;
	long		 rows;		/* in the current section */
};

/* A column holding a time in UTC milliseconds. */
static bool
ctl_export_is_time(const char *name)
{
	size_t	len = strlen(name);

	return (strcmp(name, "ts") == 0 ||
	    (len > 3 && strcmp(name + len - 3, "_ms") == 0));
}

static void
ctl_export_md_value(FILE *f, const struct store_value *v)
{
	char	when[32];

	switch (v->type) {
	case STORE_VALUE_NULL:
		fputs("-", f);
		break;
	case STORE_VALUE_INT:
		if (ctl_export_is_time(v->name) && v->i > 0) {
			ctl_time(v->i, when, sizeof when);
			fputs(when, f);
		} else
			fprintf(f, "%lld", (long long)v->i);
		break;
	case STORE_VALUE_TEXT:
		fputs(v->s, f);
		break;
	}
}

/* Long or several-line text: under the item, each line indented. */
static bool
ctl_export_md_long(const struct store_value *v)
{
	return (v->type == STORE_VALUE_TEXT && (strlen(v->s) >
	    CTL_EXPORT_INLINE || strchr(v->s, '\n') != NULL));
}

static void
ctl_export_row(const struct store_value *v, int n, void *arg)
{
	struct ctl_export	*x = arg;
	json_t			*row = json_object();
	const char		*line, *nl;
	int			 i, inline_cols = 0;

	for (i = 0; i < n; i++) {
		json_object_set_new(row, v[i].name,
		    v[i].type == STORE_VALUE_NULL ? json_null() :
		    v[i].type == STORE_VALUE_INT ? json_integer(v[i].i) :
		    json_string(v[i].s));
		if (ctl_export_md_long(&v[i]))
			continue;
		fprintf(x->md, "%s%s: ", inline_cols++ == 0 ? "- " : "; ",
		    v[i].name);
		ctl_export_md_value(x->md, &v[i]);
	}
	fputc('\n', x->md);
	for (i = 0; i < n; i++) {
		if (!ctl_export_md_long(&v[i]))
			continue;
		fprintf(x->md, "  %s:\n", v[i].name);
		for (line = v[i].s; line != NULL; line = nl) {
			nl = strchr(line, '\n');
			fprintf(x->md, "  > %.*s\n", nl != NULL ?
			    (int)(nl - line) : (int)strlen(line), line);
			if (nl != NULL)
				nl++;
		}
	}
	fputs(x->rows++ == 0 ? "\n    " : ",\n    ", x->json);
	json_dumpf(row, x->json, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENSURE_ASCII);
	json_decref(row);
}

/* Opens DIR/NAME for writing, new and private. */
static FILE *
ctl_export_open(struct ctl *ctl, const char *dir, const char *name,
    char *path, size_t size)
{
	FILE	*f;
	int	 fd;

	if (!path_join(path, size, dir, name)) {
		ctl_fail(ctl, "%s: path too long", dir);
		return (NULL);
	}
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		ctl_fail(ctl, "%s: %s%s", path, strerror(errno), errno ==
		    EEXIST ? " (an export is never overwritten)" : "");
		return (NULL);
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		ctl_fail(ctl, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
	}
	return (f);
}

/* Writes every section; false after ctl_fail. */
static bool
ctl_export_sections(struct ctl *ctl, const struct store_user *u,
    struct ctl_export *x)
{
	const struct store_export_section	*s;
	enum store_result			 res;
	int64_t					 after;
	int					 i, rows;

	for (i = 0; (s = store_export_section(i)) != NULL; i++) {
		fprintf(x->json, "%s\n  \"%s\": [", i > 0 ? "," : "", s->name);
		fprintf(x->md, "\n## %s\n\n", s->title);
		x->rows = 0;
		after = 0;
		do {
			res = store_export_page(ctl->st, i, u->id, after,
			    CTL_EXPORT_PAGE, ctl_export_row, x, &after, &rows);
			if (res != STORE_OK) {
				ctl_store_fail(ctl, res, s->name);
				return (false);
			}
		} while (rows == CTL_EXPORT_PAGE);
		fputs(x->rows > 0 ? "\n  ]" : "]", x->json);
		if (x->rows == 0)
			fputs("None.\n", x->md);
		fprintf(stderr, "%s: %ld\n", s->name, x->rows);
	}
	return (true);
}

/*
 * export person HANDLE DIR: DIR/HANDLE.json and DIR/HANDLE.md. DIR is made
 * (0700) when missing; what exists is never overwritten. The export is an
 * audit row: who asked is the operator, about whom the person.
 */
int
ctl_export_person(struct ctl *ctl, struct ctl_args *args)
{
	struct store_user	 u;
	struct ctl_export	 x = { NULL, NULL, 0 };
	const char		*dir = args->argv[1];
	char			 json_path[4096], md_path[4096], name[128];
	char			 when[32];
	int64_t			 now = now_ms();
	bool			 ok;

	if (!ctl_user(ctl, args->argv[0], &u))
		return (CTL_EXIT_FAIL);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return (ctl_fail(ctl, "%s: %s", dir, strerror(errno)));
	snprintf(name, sizeof name, "%s.json", u.handle);
	if ((x.json = ctl_export_open(ctl, dir, name, json_path,
	    sizeof json_path)) == NULL)
		return (CTL_EXIT_FAIL);
	snprintf(name, sizeof name, "%s.md", u.handle);
	if ((x.md = ctl_export_open(ctl, dir, name, md_path,
	    sizeof md_path)) == NULL) {
		fclose(x.json);
		unlink(json_path);
		return (CTL_EXIT_FAIL);
	}
	ctl_time(now, when, sizeof when);
	fprintf(x.json, "{\n  \"person\": \"%s\",\n  \"exported_ms\": %lld,",
	    u.handle, (long long)now);
	fprintf(x.md, "# What staffroom holds about %s\n\nExported %s "
	    "(server time) for a subject access request. Times are the "
	    "server's local time; the JSON file beside this one has the same "
	    "rows with times in UTC milliseconds. Text the person wrote is "
	    "quoted after \">\".\n", u.handle, when);
	if ((ok = ctl_export_sections(ctl, &u, &x)))
		fputs("\n}\n", x.json);
	else
		fputs("\n", stderr);	/* ctl_fail said why */
	if (fclose(x.json) != 0 && ok)
		ok = ctl_fail(ctl, "%s: %s", json_path, strerror(errno)) == 0;
	if (fclose(x.md) != 0 && ok)
		ok = ctl_fail(ctl, "%s: %s", md_path, strerror(errno)) == 0;
	if (!ok) {
		unlink(json_path);
		unlink(md_path);
		return (CTL_EXIT_FAIL);
	}
	snprintf(ctl->audit_note, sizeof ctl->audit_note, "written to %.100s",
	    dir);
	printf("%s\n%s\n", json_path, md_path);
	return (CTL_EXIT_OK);
}

#define CTL_ERASE_BATCH		1000	/* messages a transaction (~0.1 s) */
#define CTL_ERASE_SETTLE_TRIES	10	/* of up to CTL_BUSY_MS each */
#define CTL_ERASE_SETTLE_PAUSE_MS 500	/* between them: let a reader finish */

/*
 * The erasure's commit happened: empty the WAL that still holds the old
 * pages. A try fails while a reader of the daemon's holds an older
 * snapshot (a session of the erased person ending, a search): a few more,
 * a moment apart, before telling the operator to run erase again.
 */
static int
ctl_erase_settle(struct ctl *ctl)
{
	enum store_result	res;
	int			tries = 0;

	while ((res = store_person_erase_settle(ctl->st)) == STORE_INTERRUPTED &&
	    ++tries < CTL_ERASE_SETTLE_TRIES)
		poll(NULL, 0, CTL_ERASE_SETTLE_PAUSE_MS);
	if (res != STORE_OK)
		return (ctl_store_fail(ctl, res, "the write-ahead log (the "
		    "erasure is committed; run erase again later to empty it)"));
	return (CTL_EXIT_OK);
}

/*
 * erase person HANDLE: in one transaction, with the audit row (which names
 * the account by id only). The row stays as erased-ID so every id that
 * names it (messages, the audit log) still resolves.
 */
int
ctl_erase_person(struct ctl *ctl, struct ctl_args *args)
{
	struct store_user	u;
	enum store_result	res;
	char			handle[64];
	int64_t			after = 0;
	int			changed;

	if (!ctl_user(ctl, args->argv[0], &u))
		return (CTL_EXIT_FAIL);
	snprintf(handle, sizeof handle, "erased-%lld", (long long)u.id);
	if (strcmp(u.handle, handle) == 0)
		return (ctl_fail(ctl, "%s is erased already", handle));
	/*
	 * Signed out first, then their messages a batch a commit: one
	 * transaction for 100,000 would hold the daemon's writes for seconds.
	 * Stopped half-way, the same command carries on (the handle is kept
	 * until the last transaction, with the audit row).
	 */
	if ((res = store_user_set_disabled(ctl->st, u.id, true)) != STORE_OK &&
	    res != STORE_NOT_FOUND)
		return (ctl_store_fail(ctl, res, "erase"));
	do {
		if ((res = store_person_erase_messages(ctl->st, u.id,
		    STORE_REMOVED_MARKER, CTL_ERASE_BATCH, &after, &changed)) ==
		    STORE_OK &&
		    store_in_transaction(ctl->st))
			res = store_commit(ctl->st);
		if (res != STORE_OK)
			return (ctl_store_fail(ctl, res, "erase"));
	} while (changed == CTL_ERASE_BATCH);
	if ((res = store_person_erase(ctl->st, u.id, STORE_REMOVED_MARKER,
	    handle)) != STORE_OK)
		return (ctl_store_fail(ctl, res, "erase"));
	snprintf(ctl->audit_note, sizeof ctl->audit_note, "now %s", handle);
	ctl->after_commit = ctl_erase_settle;
	printf("%s\n", handle);
	return (CTL_EXIT_OK);
}
