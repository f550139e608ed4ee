/*
 * ctl_gias.c: staffroomctl import gias, which reads the DfE's "Get
 * Information about Schools" establishment export (CSV in Windows-1252)
 * into the schools register, and makes the trusts it names, each in the
 * region of most of its schools. Columns are found by their header names;
 * a bad row is named by its line and skipped (--strict: nothing is kept).
 * Importing again updates schools in place: renamed, moved to another
 * trust, closed (never deleted). People stay in the trusts they are in.
 */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"

#define GIAS_FILE_MAX		(512 * 1024 * 1024)
#define GIAS_NAME_MAX		200	/* characters of a school's name */
#define GIAS_PROGRESS_EVERY	1000	/* rows between progress updates */
#define GIAS_BAD_SHOWN		50	/* bad rows named; the rest counted */

int	ctl_import_gias(struct ctl *, struct ctl_args *);

enum gias_col {
	GIAS_URN,
	GIAS_NAME,
	GIAS_KIND,
	GIAS_STATUS,
	GIAS_PHASE,
	GIAS_TRUST_CODE,
	GIAS_TRUST_NAME,
	GIAS_REGION,
	GIAS_LA,
	GIAS_NCOLS
};

static const struct {
	const char	*header;
	bool		 required;
} gias_cols[GIAS_NCOLS] = {
	[GIAS_URN] = { "URN", true },
	[GIAS_NAME] = { "EstablishmentName", true },
	[GIAS_KIND] = { "TypeOfEstablishment (name)", false },
	[GIAS_STATUS] = { "EstablishmentStatus (name)", true },
	[GIAS_PHASE] = { "PhaseOfEducation (name)", false },
	[GIAS_TRUST_CODE] = { "Trusts (code)", false },
	[GIAS_TRUST_NAME] = { "Trusts (name)", false },
	[GIAS_REGION] = { "GOR (name)", false },
	[GIAS_LA] = { "LA (name)", false },
};

struct gias_school {
	size_t		 line;
	struct store_school s;
	const char	*trust_code;	/* "" for none */
	const char	*trust_name;
};

struct gias_la {
	const char	*la;
	int64_t		 region_id;
};

struct gias_import {
	struct ctl		*ctl;
	const char		*path;
	int			 col[GIAS_NCOLS];	/* -1: not in the file */
	struct gias_la		*las;		/* --la-map */
	size_t			 nlas;
	struct gias_school	*rows;
	size_t			 nrows;
	size_t			 bad;
	bool			 progress;	/* stderr is a terminal */
};

static bool
gias_is_utf8(const char *s, size_t len)
{
	uint32_t	cp;
	size_t		n;

	while (len > 0) {
		if ((n = proto_utf8_decode(s, len, &cp)) == 0)
			return (false);
		s += n;
		len -= n;
	}
	return (true);
}

/*
 * The file as UTF-8: GIAS exports are Windows-1252, so a file that is not
 * valid UTF-8 already is converted. NULL after ctl_fail.
 */
static char *
gias_read_utf8(struct ctl *ctl, const char *path, size_t *len)
{
	char	*raw, *out, *in, *o;
	size_t	 inleft, outleft, cap;
	iconv_t	 cd;

	if ((raw = ctl_read_file(ctl, path, GIAS_FILE_MAX)) == NULL)
		return (NULL);
	*len = strlen(raw);
	if (gias_is_utf8(raw, *len))
		return (raw);
	if ((cd = iconv_open("UTF-8", "WINDOWS-1252")) == (iconv_t)-1) {
		free(raw);
		ctl_fail(ctl, "cannot convert from Windows-1252: %s",
		    strerror(errno));
		return (NULL);
	}
	/* At most 3 bytes of UTF-8 for each byte of Windows-1252. */
	cap = *len * 3 + 1;
	out = xmalloc(cap);
	in = raw;
	inleft = *len;
	o = out;
	outleft = cap - 1;
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
		ctl_fail(ctl, "%s: byte %zu is not Windows-1252 or UTF-8 text",
		    path, (size_t)(in - raw));
		free(out);
		out = NULL;
	} else {
		*o = '\0';
		*len = (size_t)(o - out);
	}
	iconv_close(cd);
	free(raw);
	return (out);
}

static void
gias_bad(struct gias_import *im, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
gias_bad(struct gias_import *im, size_t line, const char *fmt, ...)
{
	va_list	ap;

	if (im->bad++ >= GIAS_BAD_SHOWN)
		return;
	if (im->progress)
		fputc('\n', stderr);
	fprintf(stderr, "staffroomctl: import gias: %s:%zu: ", im->path, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* "Yorkshire and the Humber" → "yorkshire-and-the-humber". */
static void
gias_slug(const char *name, char *slug, size_t size)
{
	size_t	n = 0;
	bool	dash = false;

	for (; *name != '\0' && n + 2 < size; name++) {
		if ((*name >= 'a' && *name <= 'z') ||
		    (*name >= '0' && *name <= '9') ||
		    (*name >= 'A' && *name <= 'Z')) {
			if (dash && n > 0)
				slug[n++] = '-';
			dash = false;
			slug[n++] = (char)(*name >= 'A' && *name <= 'Z' ?
			    *name - 'A' + 'a' : *name);
		} else
			dash = true;
	}
	slug[n] = '\0';
}

/* The row's region: its GOR by name, or its LA through --la-map; 0 if none. */
static int64_t
gias_region(struct gias_import *im, char **f, size_t line)
{
	const char	*la, *gor;
	char		 slug[128];
	int64_t		 id;
	size_t		 i;

	if (im->las != NULL) {
		la = f[im->col[GIAS_LA]];
		for (i = 0; i < im->nlas; i++) {
			if (strcmp(im->las[i].la, la) == 0)
				return (im->las[i].region_id);
		}
		gias_bad(im, line, "local authority \"%s\" is not in the "
		    "--la-map file", la);
		return (0);
	}
	gor = f[im->col[GIAS_REGION]];
	gias_slug(gor, slug, sizeof slug);
	if (*slug != '\0' &&
	    store_region_by_slug(im->ctl->st, slug, &id) == STORE_OK)
		return (id);
	gias_bad(im, line, "GOR (name) \"%s\" is not a region here (another "
	    "region set needs --la-map FILE)", gor);
	return (0);
}

/* One record into a school, or a bad row (false). */
static bool
gias_row(struct gias_import *im, struct ctl_csv *c, size_t ncols,
    struct gias_school *row)
{
	char		**f = c->field, *end;
	size_t		 chars;
	long long	 urn;

#define COL(k)	(im->col[k] >= 0 ? f[im->col[k]] : "")
	if (c->n != ncols) {
		gias_bad(im, c->record_line, "%zu fields where the header has "
		    "%zu", c->n, ncols);
		return (false);
	}
	errno = 0;
	urn = strtoll(COL(GIAS_URN), &end, 10);
	if (errno != 0 || end == COL(GIAS_URN) || *end != '\0' || urn <= 0 ||
	    urn > 99999999) {
		gias_bad(im, c->record_line, "URN \"%s\" is not a number",
		    COL(GIAS_URN));
		return (false);
	}
	if (proto_name_check(COL(GIAS_NAME), strlen(COL(GIAS_NAME)), &chars) !=
	    PROTO_OK || chars < 1 || chars > GIAS_NAME_MAX) {
		gias_bad(im, c->record_line, "URN %lld: the name is empty, over "
		    "%d characters or has control characters", urn,
		    GIAS_NAME_MAX);
		return (false);
	}
	memset(row, 0, sizeof *row);
	row->line = c->record_line;
	row->s.urn = urn;
	row->s.name = COL(GIAS_NAME);
	row->s.kind = COL(GIAS_KIND);
	row->s.phase = COL(GIAS_PHASE);
	row->s.status = COL(GIAS_STATUS);
	row->s.closed = strcmp(row->s.status, "Closed") == 0;
	row->s.la = COL(GIAS_LA);
	row->trust_code = COL(GIAS_TRUST_CODE);
	row->trust_name = *COL(GIAS_TRUST_NAME) != '\0' ?
	    COL(GIAS_TRUST_NAME) : row->trust_code;
#undef COL
	return ((row->s.region_id = gias_region(im, f, c->record_line)) != 0);
}

/* Finds the columns by the header's names; false after ctl_fail. */
static bool
gias_header(struct gias_import *im, struct ctl_csv *c)
{
	size_t	i, k;

	for (k = 0; k < GIAS_NCOLS; k++)
		im->col[k] = -1;
	for (i = 0; i < c->n; i++) {
		for (k = 0; k < GIAS_NCOLS; k++) {
			if (strcmp(c->field[i], gias_cols[k].header) == 0)
				im->col[k] = (int)i;
		}
	}
	for (k = 0; k < GIAS_NCOLS; k++) {
		if (im->col[k] == -1 && (gias_cols[k].required ||
		    (k == GIAS_REGION && im->las == NULL) ||
		    (k == GIAS_LA && im->las != NULL))) {
			ctl_fail(im->ctl, "%s: no column \"%s\" in the header "
			    "(is it a GIAS establishment export?)", im->path,
			    gias_cols[k].header);
			return (false);
		}
	}
	return (true);
}

/* --la-map FILE: rows "local authority,region-slug"; false after ctl_fail. */
static bool
gias_la_map(struct gias_import *im, const char *path, char **text)
{
	struct ctl_csv	 c = { 0 };
	size_t		 len;
	bool		 ok = true;

	if ((*text = gias_read_utf8(im->ctl, path, &len)) == NULL)
		return (false);
	c.at = *text;
	c.end = *text + len;
	c.line = 1;
	while (ok && ctl_csv_next(&c)) {
		if (c.n == 1 && *c.field[0] == '\0')
			continue;
		if (c.n != 2) {
			ctl_fail(im->ctl, "%s:%zu: expected \"local authority,"
			    "region-slug\"", path, c.record_line);
			ok = false;
			break;
		}
		im->las = xreallocarray(im->las, im->nlas + 1, sizeof *im->las);
		im->las[im->nlas].la = c.field[0];
		if (store_region_by_slug(im->ctl->st, c.field[1],
		    &im->las[im->nlas].region_id) != STORE_OK) {
			ctl_fail(im->ctl, "%s:%zu: no region \"%s\" (see "
			    "staffroomctl region list)", path, c.record_line,
			    c.field[1]);
			ok = false;
		} else
			im->nlas++;
	}
	free(c.field);
	if (ok && im->nlas == 0) {
		ctl_fail(im->ctl, "%s: no rows", path);
		ok = false;
	}
	return (ok);
}

static int
gias_by_trust(const void *a, const void *b)
{
	const struct gias_school	*x = a, *y = b;
	int				 c = strcmp(x->trust_code, y->trust_code);

	return (c != 0 ? c : (x->s.region_id > y->s.region_id) -
	    (x->s.region_id < y->s.region_id));
}

/*
 * Each trust the rows name: found by code or made in the region of most of
 * its schools (rows sorted by trust, then region). Counts what was made.
 */
static bool
gias_trusts(struct gias_import *im, size_t *trusts, size_t *made)
{
	struct gias_school	*r = im->rows, *g, *e, *run, *best;
	size_t			 runlen, bestlen;
	enum store_result	 res;
	int64_t			 id;
	bool			 created;
	char			 name[GIAS_NAME_MAX * 4 + 32];

	if (im->nrows > 0)
		qsort(r, im->nrows, sizeof *r, gias_by_trust);
	for (g = r; g < r + im->nrows; g = e) {
		for (e = g; e < r + im->nrows &&
		    strcmp(e->trust_code, g->trust_code) == 0; e++)
			;
		if (*g->trust_code == '\0')
			continue;
		best = g;
		bestlen = 0;
		for (run = g; run < e; run += runlen) {
			for (runlen = 0; run + runlen < e &&
			    run[runlen].s.region_id == run->s.region_id; runlen++)
				;
			if (runlen > bestlen) {
				best = run;
				bestlen = runlen;
			}
		}
		res = store_trust_for_code(im->ctl->st, g->trust_code,
		    g->trust_name, best->s.region_id, now_ms(), &id, &created);
		/* Another trust has the name: this one takes its code too. */
		if (res == STORE_EXISTS) {
			snprintf(name, sizeof name, "%s (%s)", g->trust_name,
			    g->trust_code);
			res = store_trust_for_code(im->ctl->st, g->trust_code,
			    name, best->s.region_id, now_ms(), &id, &created);
		}
		if (res != STORE_OK)
			return (ctl_store_fail(im->ctl, res, g->trust_name),
			    false);
		(*trusts)++;
		*made += created;
		for (; g < e; g++)
			g->s.trust_id = id;
	}
	return (true);
}

static int
gias_by_urn(const void *a, const void *b)
{
	const struct gias_school	*x = a, *y = b;

	return ((x->s.urn > y->s.urn) - (x->s.urn < y->s.urn));
}

/* A URN twice in one file: both rows are bad, nothing guessed. */
static void
gias_drop_repeats(struct gias_import *im)
{
	size_t	i, j, kept = 0;

	if (im->nrows > 0)
		qsort(im->rows, im->nrows, sizeof *im->rows, gias_by_urn);
	for (i = 0; i < im->nrows; i = j) {
		for (j = i + 1; j < im->nrows &&
		    im->rows[j].s.urn == im->rows[i].s.urn; j++)
			gias_bad(im, im->rows[j].line, "URN %lld again (first on "
			    "line %zu)", (long long)im->rows[j].s.urn,
			    im->rows[i].line);
		if (j == i + 1)
			im->rows[kept++] = im->rows[i];
		else
			gias_bad(im, im->rows[i].line, "URN %lld is on more "
			    "than one row", (long long)im->rows[i].s.urn);
	}
	im->nrows = kept;
}

/* On a terminal, "what n" (or "what n of of") over the same line. */
static void
gias_progress(const struct gias_import *im, const char *what, size_t n,
    size_t of)
{
	if (!im->progress || (n % GIAS_PROGRESS_EVERY != 0 && n != of))
		return;
	if (of == 0)
		fprintf(stderr, "\rimport gias: %s %zu", what, n);
	else
		fprintf(stderr, "\rimport gias: %s %zu of %zu", what, n, of);
}

/* Writes the schools; the counts say what changed. */
static bool
gias_schools(struct gias_import *im, size_t count[5])
{
	enum store_result	res;
	unsigned		changes;
	size_t			i;

	for (i = 0; i < im->nrows; i++) {
		if ((res = store_school_put(im->ctl->st, &im->rows[i].s,
		    now_ms(), &changes)) != STORE_OK)
			return (ctl_store_fail(im->ctl, res, im->rows[i].s.name),
			    false);
		count[0] += (changes & STORE_SCHOOL_ADDED) != 0;
		count[1] += (changes & STORE_SCHOOL_RENAMED) != 0;
		count[2] += (changes & STORE_SCHOOL_MOVED) != 0;
		count[3] += (changes & STORE_SCHOOL_CLOSED) != 0;
		count[4] += changes == 0;
		gias_progress(im, "schools written", i + 1, im->nrows);
	}
	if (im->progress && im->nrows > 0)
		fputc('\n', stderr);
	return (true);
}

int
ctl_import_gias(struct ctl *ctl, struct ctl_args *args)
{
	struct gias_import	 im = { 0 };
	struct ctl_csv		 c = { 0 };
	const char		*la_map = ctl_opt(ctl, args, "la-map");
	char			*text, *la_text = NULL;
	size_t			 len, ncols, rows = 0, trusts = 0, made = 0, cap = 0;
	size_t			 count[5] = { 0 };
	int			 rc = CTL_EXIT_FAIL;

	im.ctl = ctl;
	im.path = args->argv[0];
	im.progress = isatty(STDERR_FILENO);
	if ((la_map != NULL && !gias_la_map(&im, la_map, &la_text)) ||
	    (text = gias_read_utf8(ctl, im.path, &len)) == NULL)
		goto out_la;
	c.at = text;
	c.end = text + len;
	c.line = 1;
	/* A byte-order mark is not part of the first header. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		c.at += 3;
	if (!ctl_csv_next(&c) || !gias_header(&im, &c))
		goto out;
	ncols = c.n;
	while (ctl_csv_next(&c)) {
		if (c.n == 1 && *c.field[0] == '\0')
			continue;	/* a blank line */
		rows++;
		if (im.nrows == cap) {
			cap = cap == 0 ? 1024 : cap * 2;
			im.rows = xreallocarray(im.rows, cap, sizeof *im.rows);
		}
		if (gias_row(&im, &c, ncols, &im.rows[im.nrows]))
			im.nrows++;
		gias_progress(&im, "rows read", rows, 0);
	}
	if (im.progress && rows > 0)
		fputc('\n', stderr);
	gias_drop_repeats(&im);
	if (im.bad > GIAS_BAD_SHOWN)
		fprintf(stderr, "staffroomctl: import gias: ... and %zu more "
		    "bad rows\n", im.bad - GIAS_BAD_SHOWN);
	if (im.bad > 0 && ctl_flag(ctl, args, "strict")) {
		ctl_fail(ctl, "%zu bad row%s: nothing imported (--strict)",
		    im.bad, im.bad == 1 ? "" : "s");
		goto out;
	}
	if (!gias_trusts(&im, &trusts, &made) || !gias_schools(&im, count))
		goto out;
	printf("%zu rows: %zu schools (%zu new, %zu renamed, %zu changed "
	    "trust, %zu closed, %zu unchanged), %zu trusts (%zu new), %zu bad "
	    "rows skipped\n", rows, im.nrows, count[0], count[1], count[2],
	    count[3], count[4], trusts, made, im.bad);
	snprintf(ctl->audit_note, sizeof ctl->audit_note, "%zu schools, %zu "
	    "new; %zu trusts, %zu new; %zu bad rows", im.nrows, count[0],
	    trusts, made, im.bad);
	rc = CTL_EXIT_OK;
out:
	free(im.rows);
	free(c.field);
	free(text);
out_la:
	free(im.las);
	free(la_text);
	return (rc);
}
