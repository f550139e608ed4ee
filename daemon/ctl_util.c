/*
 * ctl_util.c: what staffroomctl's commands share: reading files and CSV,
 * showing times, aligned tables, and lookups that explain what was not
 * found.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl.h"

struct ctl_table {
	size_t	  ncols;
	size_t	  nrows;	/* the header is row 0 */
	char	**cells;
};

static void
ctl_table_vadd(struct ctl_table *t, va_list ap)
{
	const char	*s;
	size_t		 i;

	t->cells = xrealloc(t->cells, (t->nrows + 1) * t->ncols * sizeof *t->cells);
	for (i = 0; i < t->ncols; i++) {
		s = va_arg(ap, const char *);
		t->cells[t->nrows * t->ncols + i] = xstrdup(s != NULL ? s : "");
	}
	t->nrows++;
}

void
ctl_table_add(struct ctl_table *t, ...)
{
	va_list	ap;

	va_start(ap, t);
	ctl_table_vadd(t, ap);
	va_end(ap);
}

/* Width on a terminal, counted in code points (text is valid UTF-8). */
static size_t
ctl_width(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	}
	return (n);
}

static void
ctl_table_print(const struct ctl_table *t)
{
	size_t	*width = xcalloc(t->ncols, sizeof *width);
	size_t	 r, c, w;
	char	*cell;

	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			w = ctl_width(t->cells[r * t->ncols + c]);
			if (w > width[c])
				width[c] = w;
		}
	}
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			cell = t->cells[r * t->ncols + c];
			if (c + 1 == t->ncols)
				printf("%s\n", cell);
			else
				printf("%s%*s", cell,
				    (int)(width[c] - ctl_width(cell) + 2), "");
		}
	}
	free(width);
}

static void
ctl_table_free(struct ctl_table *t)
{
	size_t	i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}

void
ctl_list_init(struct ctl_list *l, bool json, size_t ncols, ...)
{
	va_list	ap;

	memset(l, 0, sizeof *l);
	if (json) {
		l->json = json_array();
		return;
	}
	l->table = xcalloc(1, sizeof *l->table);
	l->table->ncols = ncols;
	va_start(ap, ncols);
	ctl_table_vadd(l->table, ap);
	va_end(ap);
}

int
ctl_list_finish(struct ctl *ctl, struct ctl_list *l, enum store_result res,
    const char *what)
{
	int	rc = CTL_EXIT_OK;

	if (res != STORE_OK)
		rc = ctl_store_fail(ctl, res, what);
	else if (l->json != NULL) {
		json_dumpf(l->json, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	} else
		ctl_table_print(l->table);
	json_decref(l->json);
	ctl_table_free(l->table);
	return (rc);
}

char *
ctl_read_file(struct ctl *ctl, const char *path, size_t max)
{
	FILE	*f;
	char	*buf;
	size_t	 len;
	bool	 is_stdin = strcmp(path, "-") == 0;

	if (is_stdin)
		f = stdin;
	else if ((f = fopen(path, "r")) == NULL) {
		ctl_fail(ctl, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	buf = xmalloc(max + 1);
	len = fread(buf, 1, max + 1, f);
	if (ferror(f) || len > max || memchr(buf, '\0', len) != NULL) {
		ctl_fail(ctl, "%s: %s", is_stdin ? "stdin" : path, ferror(f) ?
		    strerror(errno) : len > max ? "too large" : "not a text file");
		free(buf);
		buf = NULL;
	} else
		buf[len] = '\0';
	if (!is_stdin)
		fclose(f);
	return (buf);
}

/* Local time (TZ is honoured) to the minute; "-" for none. */
void
ctl_time(int64_t ms, char *buf, size_t size)
{
	time_t		t = (time_t)(ms / 1000);
	struct tm	tm;

	if (ms == 0 || localtime_r(&t, &tm) == NULL)
		snprintf(buf, size, "-");
	else
		strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
}

bool
ctl_id_parse(const char *text, int64_t *id)
{
	char	*end;
	long long v;

	if (*text < '1' || *text > '9')
		return (false);
	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0)
		return (false);
	*id = v;
	return (true);
}

/* The first person a command names is what its audit row is about. */
bool
ctl_user(struct ctl *ctl, const char *handle, struct store_user *user)
{
	enum store_result	res;

	res = store_user_by_handle(ctl->st, handle, user);
	if (res == STORE_NOT_FOUND)
		ctl_fail(ctl, "no user \"%s\"", handle);
	else if (res != STORE_OK)
		ctl_store_fail(ctl, res, handle);
	if (res == STORE_OK && ctl->audit_kind == NULL)
		ctl_audit_target(ctl, "user", user->id);
	return (res == STORE_OK);
}

bool
ctl_region(struct ctl *ctl, const char *slug, int64_t *id)
{
	enum store_result	res;

	res = store_region_by_slug(ctl->st, slug, id);
	if (res == STORE_NOT_FOUND)
		ctl_fail(ctl, "no region \"%s\" (see region list)", slug);
	else if (res != STORE_OK)
		ctl_store_fail(ctl, res, slug);
	return (res == STORE_OK);
}

/*
 * The same rule as profile.set's school.urn: 6 digits, and once the
 * register holds schools, one of them. *region_id is the school's region,
 * or 0 when the register does not hold it (no import yet).
 */
bool
ctl_school(struct ctl *ctl, const char *urn, int64_t *school_urn,
    int64_t *region_id)
{
	char			name[PROTO_MAX_NAME * 4 + 1];
	enum store_result	res;
	bool			any;

	if (strlen(urn) != 6 || strspn(urn, "0123456789") != 6) {
		ctl_fail(ctl, "--school \"%s\": a school URN is 6 digits", urn);
		return (false);
	}
	*school_urn = strtoll(urn, NULL, 10);
	*region_id = 0;
	res = store_school_place(ctl->st, *school_urn, region_id, name,
	    sizeof name, NULL);
	if (res == STORE_NOT_FOUND &&
	    (res = store_schools_any(ctl->st, &any)) == STORE_OK && any) {
		ctl_fail(ctl, "no school with URN %s in the register (see its "
		    "GIAS record): nothing made", urn);
		return (false);
	}
	if (res != STORE_OK) {
		ctl_store_fail(ctl, res, "schools");
		return (false);
	}
	return (true);
}

bool
ctl_role(struct ctl *ctl, const char *name, enum role *role)
{
	if (role_parse(name, role))
		return (true);
	ctl_fail(ctl, "no role \"%s\": use member, moderator or admin", name);
	return (false);
}

/* Cuts the next record into c->field; false at the end of the buffer. */
bool
ctl_csv_next(struct ctl_csv *c)
{
	char	*p = c->at, *w, *start, term;

	if (p >= c->end)
		return (false);
	c->n = 0;
	c->record_line = c->line;
	for (;;) {
		start = w = p;
		if (p < c->end && *p == '"') {
			for (p++; p < c->end; ) {
				if (*p == '"' && (p + 1 >= c->end || p[1] != '"')) {
					p++;
					break;
				}
				if (*p == '"')
					p++;	/* "" is one quote */
				else if (*p == '\n')
					c->line++;
				*w++ = *p++;
			}
		}
		while (p < c->end && *p != ',' && *p != '\n' && *p != '\r')
			*w++ = *p++;
		term = p < c->end ? *p : '\n';
		*w = '\0';
		if (c->n == c->cap) {
			c->cap = c->cap == 0 ? 32 : c->cap * 2;
			c->field = xreallocarray(c->field, c->cap,
			    sizeof *c->field);
		}
		c->field[c->n++] = start;
		if (term == ',') {
			p++;
			continue;
		}
		/* The terminator may be overwritten by the field's end: use term. */
		if (p < c->end)
			p++;
		if (term == '\r' && p < c->end && *p == '\n')
			p++;
		c->line++;
		break;
	}
	c->at = p;
	return (true);
}
