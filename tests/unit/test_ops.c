/*
 * test_ops.c: the op files own their namespaces (daemon/op.h). Read from
 * the sources, so that a row added in the wrong place fails here rather
 * than answering unknown_op: each file's rows (`static const struct
 * op_entry NAME_ops[]`) and the namespaces it owns (`NAME_owns[]`: room
 * for room.*, or a whole name without a dot), op.c's list of op files, and
 * the op table of proto/PROTOCOL.md; the rows flagged OP_AUDIT against
 * the ops its "The audit log" section names; each row's target kind
 * against the first field of the op's request; the event table, where
 * a name means one thing (clients dispatch on it); and the ops the
 * authorization matrix (tests/integration/authz.matrix) sends, so that no
 * op goes unchecked there.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define MAX_NAMES	512

struct name {
	char	name[64];
	char	file[64];
};

struct names {
	struct name	v[MAX_NAMES];
	size_t		n;
};

static struct names	rows, owns, files, documented;
static struct names	audited, documented_audited;
/* name: an op; file: its row's OP_TARGET_*, or its request's first field. */
static struct names	targets, first_fields;
static struct names	events;		/* PROTOCOL.md's event table, in order */
static struct names	matrix;		/* the ops authz.matrix sends */
static char		*op_c;

static char *
slurp(const char *dir, const char *name)
{
	const char	*top = getenv("top_srcdir");
	char		 path[1024];
	char		*buf;
	FILE		*f;
	long		 len;

	snprintf(path, sizeof path, "%s/%s/%s", top != NULL ? top : ".", dir,
	    name);
	if ((f = fopen(path, "r")) == NULL)
		return (NULL);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc((size_t)len + 1);
	buf[fread(buf, 1, (size_t)len, f)] = '\0';
	fclose(f);
	return (buf);
}

static void
add(struct names *l, const char *name, size_t len, const char *file)
{
	struct name	*n;

	if (l->n == MAX_NAMES || len >= sizeof n->name)
		return;
	n = &l->v[l->n++];
	memcpy(n->name, name, len);
	n->name[len] = '\0';
	snprintf(n->file, sizeof n->file, "%s", file);
}

/*
 * Every "string" between p and the end of the initializer (a line "};");
 * with first_only, the first of each row, and rows naming OP_AUDIT go to
 * audited too.
 */
static void
add_strings(struct names *l, const char *p, const char *file, int first_only)
{
	const char	*end = strstr(p, "};"), *q, *row_end;
	char		*flag, target[64];

	while (p != NULL && (p = strchr(p, '"')) != NULL && p < end) {
		q = strchr(p + 1, '"');
		add(l, p + 1, (size_t)(q - p - 1), file);
		if (first_only && (row_end = strstr(q, "},")) != NULL &&
		    (flag = strstr(q, "OP_AUDIT")) != NULL && flag < row_end)
			add(&audited, p + 1, (size_t)(q - p - 1), file);
		if (first_only && (row_end = strstr(q, "},")) != NULL &&
		    (flag = strstr(q, "OP_TARGET_")) != NULL && flag < row_end) {
			snprintf(target, sizeof target, "%.*s",
			    (int)strcspn(flag, ", \t"), flag);
			add(&targets, p + 1, (size_t)(q - p - 1), target);
		}
		p = q + 1;
		if (first_only && (p = strstr(p, "},")) == NULL)
			break;
	}
}

static void
read_file(const char *name)
{
	char		*src = slurp("daemon", name);
	const char	*p;

	if (src == NULL)
		return;
	if ((p = strstr(src, "static const struct op_entry ")) != NULL)
		add_strings(&rows, strchr(p, '{'), name, 1);
	if ((p = strstr(src, "_owns[] = {")) != NULL)
		add_strings(&owns, p, name, 0);
	if ((p = strstr(src, "\nconst struct op_file op_")) != NULL) {
		p += strlen("\nconst struct op_file ");
		add(&files, p, strcspn(p, " "), name);
	}
	free(src);
}

/* The first cell of each row of the table under "## Ops". */
static void
read_protocol(void)
{
	char		*doc = slurp("proto", "PROTOCOL.md");
	const char	*p, *end, *eol, *q;
	char		 field[64];

	assert_non_null(doc);
	p = strstr(doc, "\n## Ops\n");
	assert_non_null(p);
	end = strstr(p + 1, "\n## ");
	for (; p != NULL && p < end; p = strchr(p + 1, '\n')) {
		if (strncmp(p, "\n| `", 4) != 0)
			continue;
		eol = strchr(p + 3, '|');
		for (q = p + 3; (q = strchr(q, '`')) != NULL && q < eol; q++) {
			add(&documented, q + 1, strcspn(q + 1, "`"),
			    "PROTOCOL.md");
			q = strchr(q + 1, '`');
		}
		/* The request's cell: its first `field`, if it starts with one. */
		q = eol + 1 + strspn(eol + 1, " ");
		if (*q == '`') {
			snprintf(field, sizeof field, "%.*s",
			    (int)strcspn(q + 1, "`"), q + 1);
			add(&first_fields, p + 4, strcspn(p + 4, "`"), field);
		}
	}
	/* The first cell of each row of the table under "## Events". */
	p = strstr(doc, "\n## Events\n");
	assert_non_null(p);
	end = strstr(p + 1, "\n## ");
	for (; p != NULL && p < end; p = strchr(p + 1, '\n')) {
		if (strncmp(p, "\n| `", 4) == 0)
			add(&events, p + 4, strcspn(p + 4, "`"), "PROTOCOL.md");
	}
	/* The audit section's `names` with a dot are ops (the rest: prose). */
	p = strstr(doc, "\n### The audit log\n");
	assert_non_null(p);
	end = strstr(p + 1, "\n### ");
	for (q = p; (q = strchr(q, '`')) != NULL && q < end; q++) {
		eol = strchr(q + 1, '`');
		if (memchr(q + 1, '.', (size_t)(eol - q - 1)) != NULL)
			add(&documented_audited, q + 1, (size_t)(eol - q - 1),
			    "PROTOCOL.md");
		q = eol;
	}
	free(doc);
}

/*
 * Each "op NAME[:WAY] {request}" line of the matrix: NAME is the op sent,
 * but for its pseudo-ops (see, seepost, ...), which read through several.
 */
static void
read_matrix(void)
{
	char		*doc = slurp("tests/integration", "authz.matrix");
	const char	*p;

	assert_non_null(doc);
	for (p = doc; p != NULL; p = strchr(p, '\n')) {
		p += *p == '\n';
		if (strncmp(p, "op ", 3) == 0 && strncmp(p + 3, "see", 3) != 0)
			add(&matrix, p + 3, strcspn(p + 3, ": \t"), "authz.matrix");
	}
	free(doc);
}

static int
setup(void **state)
{
	const char	*top = getenv("top_srcdir");
	char		 path[1024];
	struct dirent	*de;
	DIR		*d;

	snprintf(path, sizeof path, "%s/daemon", top != NULL ? top : ".");
	if ((d = opendir(path)) == NULL)
		return (-1);
	while ((de = readdir(d)) != NULL) {
		if (strlen(de->d_name) > 2 &&
		    strcmp(de->d_name + strlen(de->d_name) - 2, ".c") == 0)
			read_file(de->d_name);
	}
	closedir(d);
	read_protocol();
	read_matrix();
	op_c = slurp("daemon", "op.c");
	return (op_c == NULL ? -1 : 0);
}

static int
teardown(void **state)
{
	free(op_c);
	return (0);
}

static const struct name *
find(const struct names *l, const char *name, size_t len)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		if (strlen(l->v[i].name) == len &&
		    strncmp(l->v[i].name, name, len) == 0)
			return (&l->v[i]);
	}
	return (NULL);
}

static void
the_op_files_have_rows(void **state)
{
	/* The parsing works at all: some of every kind were found. */
	assert_true(rows.n > 40);
	assert_true(owns.n > 10);
	assert_true(files.n > 10);
	assert_true(documented.n > 40);
}

/* Names listed twice, each told as "NAME WHAT FILE and FILE". */
static size_t
doubles(const struct names *l, const char *what)
{
	const struct name	*other;
	size_t			 i, bad = 0;

	for (i = 0; i < l->n; i++) {
		other = find(l, l->v[i].name, strlen(l->v[i].name));
		if (other != &l->v[i]) {
			print_error("%s %s %s and in %s\n", l->v[i].name, what,
			    other->file, l->v[i].file);
			bad++;
		}
	}
	return (bad);
}

static void
a_namespace_has_one_owner(void **state)
{
	assert_int_equal(doubles(&owns, "is owned in"), 0);
}

static void
an_op_has_one_row(void **state)
{
	assert_int_equal(doubles(&rows, "has a row in"), 0);
}

static void
every_op_sits_in_its_owners_file(void **state)
{
	const struct name	*owner;
	size_t			 i, bad = 0;

	for (i = 0; i < rows.n; i++) {
		owner = find(&owns, rows.v[i].name,
		    strcspn(rows.v[i].name, "."));
		if (owner == NULL || strcmp(owner->file, rows.v[i].file) != 0) {
			print_error("%s sits in %s, but %s owns its namespace\n",
			    rows.v[i].name, rows.v[i].file,
			    owner != NULL ? owner->file : "no file");
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void
every_op_is_in_the_protocol(void **state)
{
	size_t	i, bad = 0;

	for (i = 0; i < rows.n; i++) {
		if (find(&documented, rows.v[i].name,
		    strlen(rows.v[i].name)) == NULL) {
			print_error("%s (%s) is not in PROTOCOL.md's op table\n",
			    rows.v[i].name, rows.v[i].file);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void
every_documented_op_has_a_row(void **state)
{
	size_t	i, bad = 0;

	for (i = 0; i < documented.n; i++) {
		if (find(&rows, documented.v[i].name,
		    strlen(documented.v[i].name)) == NULL) {
			print_error("PROTOCOL.md documents %s, but no op file "
			    "has its row\n", documented.v[i].name);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void
every_op_file_is_joined_by_op_c(void **state)
{
	char	want[128];
	size_t	i, bad = 0;

	for (i = 0; i < files.n; i++) {
		snprintf(want, sizeof want, "&%s,", files.v[i].name);
		if (strstr(op_c, want) == NULL) {
			print_error("op.c does not list %s (%s)\n",
			    files.v[i].name, files.v[i].file);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Every audited op is named where the protocol lists them, and only those. */
static void
the_audited_ops_are_the_documented_ones(void **state)
{
	size_t	i, bad = 0;

	assert_true(audited.n > 5);
	for (i = 0; i < audited.n; i++) {
		if (find(&documented_audited, audited.v[i].name,
		    strlen(audited.v[i].name)) == NULL) {
			print_error("%s (%s) is OP_AUDIT but PROTOCOL.md's audit "
			    "log section does not name it\n", audited.v[i].name,
			    audited.v[i].file);
			bad++;
		}
	}
	for (i = 0; i < documented_audited.n; i++) {
		if (find(&audited, documented_audited.v[i].name,
		    strlen(documented_audited.v[i].name)) == NULL) {
			print_error("PROTOCOL.md's audit log section names %s, "
			    "whose row is not OP_AUDIT\n",
			    documented_audited.v[i].name);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/*
 * The field a request names its target by, and the row target kinds that
 * resolve it in the dispatcher (op_target.c), so no handler looks it up.
 */
static const struct {
	const char	*field;
	const char	*kinds;		/* each followed by a space */
} target_fields[] = {
	{ "room", "OP_TARGET_ROOM OP_TARGET_ROOM_PERSON OP_TARGET_INVITATION " },
	{ "board", "OP_TARGET_BOARD " },
	{ "thread", "OP_TARGET_THREAD OP_TARGET_THREAD_MOVE " },
	{ "post", "OP_TARGET_POST " },
	{ "msg", "OP_TARGET_MSG OP_TARGET_MSG_MODERATED " },
	{ "series", "OP_TARGET_SERIES OP_TARGET_CALENDAR " },
	{ "meeting", "OP_TARGET_MEETING OP_TARGET_CALENDAR " },
	{ "handle", "OP_TARGET_PERSON " },
};

/* Ops whose first field is a target the dispatcher does not resolve, and why. */
static const struct {
	const char	*op;
	const char	*why;
} target_exceptions[] = {
	{ "series.accept", "an invitation: the person is not in the series yet" },
	{ "series.decline", "an invitation: the person is not in the series yet" },
	{ "series.add_trust", "admins add a trust to a series they are not in" },
	{ "profile.get", "handle is optional: yourself by default" },
	{ "watch", "a thread or a board, whichever is named" },
	{ "unwatch", "a thread or a board, whichever is named" },
};

static bool
target_exception(const char *op)
{
	size_t	i;

	for (i = 0; i < sizeof target_exceptions / sizeof target_exceptions[0];
	    i++) {
		if (strcmp(target_exceptions[i].op, op) == 0)
			return (true);
	}
	return (false);
}

static void
every_op_naming_its_target_has_the_dispatcher_resolve_it(void **state)
{
	const struct name	*row;
	char			 kind[72];
	size_t			 i, j, bad = 0;

	assert_true(first_fields.n > 40);
	for (i = 0; i < first_fields.n; i++) {
		for (j = 0; j < sizeof target_fields / sizeof target_fields[0];
		    j++) {
			if (strcmp(first_fields.v[i].file,
			    target_fields[j].field) == 0)
				break;
		}
		if (j == sizeof target_fields / sizeof target_fields[0] ||
		    target_exception(first_fields.v[i].name))
			continue;
		row = find(&targets, first_fields.v[i].name,
		    strlen(first_fields.v[i].name));
		snprintf(kind, sizeof kind, "%s ", row != NULL ? row->file :
		    "none");
		if (strstr(target_fields[j].kinds, kind) == NULL) {
			print_error("%s names its %s first, but its row's target "
			    "is %s: the handler looks it up itself\n",
			    first_fields.v[i].name, target_fields[j].field,
			    row != NULL ? row->file : "missing");
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Two events of one name: a client takes one for the other. */
static void
an_event_name_means_one_thing(void **state)
{
	size_t	i, bad = 0;

	assert_true(events.n > 20);
	for (i = 0; i < events.n; i++) {
		if (find(&events, events.v[i].name,
		    strlen(events.v[i].name)) != &events.v[i]) {
			print_error("PROTOCOL.md's event table has %s twice\n",
			    events.v[i].name);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Names of l that other lacks, each told as "NAME (FILE) WHY". */
static size_t
missing(const struct names *l, const struct names *other, const char *why)
{
	size_t	i, bad = 0;

	for (i = 0; i < l->n; i++) {
		if (find(other, l->v[i].name, strlen(l->v[i].name)) == NULL) {
			print_error("%s (%s) %s\n", l->v[i].name, l->v[i].file,
			    why);
			bad++;
		}
	}
	return (bad);
}

/*
 * An op the matrix does not send is never checked for who may use it:
 * every new op needs its rows there (and a name there that is no op, a
 * rename, would check nothing).
 */
static void
every_op_has_rows_in_the_authorization_matrix(void **state)
{
	assert_true(matrix.n > 40);
	assert_int_equal(missing(&rows, &matrix,
	    "has no rows in tests/integration/authz.matrix") +
	    missing(&matrix, &rows, "is sent there, but no op file has it"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_op_files_have_rows),
		cmocka_unit_test(a_namespace_has_one_owner),
		cmocka_unit_test(an_op_has_one_row),
		cmocka_unit_test(every_op_sits_in_its_owners_file),
		cmocka_unit_test(every_op_is_in_the_protocol),
		cmocka_unit_test(every_documented_op_has_a_row),
		cmocka_unit_test(every_op_file_is_joined_by_op_c),
		cmocka_unit_test(the_audited_ops_are_the_documented_ones),
		cmocka_unit_test(every_op_naming_its_target_has_the_dispatcher_resolve_it),
		cmocka_unit_test(an_event_name_means_one_thing),
		cmocka_unit_test(every_op_has_rows_in_the_authorization_matrix),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
