/*
 * ctl_guard.c: staffroomctl guard: the pupil-data guard's verdict on lines
 * of text, so operators (and tests) can see what it would refuse. It needs
 * no state directory, and nothing it reads is stored or logged.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl.h"
#include "guard.h"

/* One line out per line in: "pass", or "flag", a tab and the kinds. */
int
ctl_guard_check(struct ctl *ctl, struct ctl_args *args)
{
	const char	*path = args->argc > 0 ? args->argv[0] : "-";
	FILE		*f = stdin;
	char		*line = NULL, kinds[64];
	size_t		 cap = 0;
	ssize_t		 n;
	unsigned	 found;
	time_t		 now = (time_t)(now_ms() / 1000);
	int		 error;

	if (strcmp(path, "-") != 0 && (f = fopen(path, "r")) == NULL)
		return (ctl_fail(ctl, "%s: %s", path, strerror(errno)));
	while ((n = getline(&line, &cap, f)) != -1) {
		if (n > 0 && line[n - 1] == '\n')
			n--;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if ((found = guard_scan(line, (size_t)n, now)) == 0)
			printf("pass\n");
		else {
			guard_kinds_format(found, false, kinds, sizeof kinds);
			printf("flag\t%s\n", kinds);
		}
	}
	error = ferror(f) ? errno : 0;
	free(line);
	if (f != stdin)
		fclose(f);
	if (error != 0)
		return (ctl_fail(ctl, "%s: %s", f == stdin ? "stdin" : path,
		    strerror(error)));
	if (fflush(stdout) == EOF)
		return (ctl_fail(ctl, "stdout: %s", strerror(errno)));
	return (CTL_EXIT_OK);
}

int
ctl_guard_set(struct ctl *ctl, struct ctl_args *args)
{
	enum guard_scope	scope;
	enum guard_rule		rule;
	enum store_result	res;

	if (!guard_scope_from_name(args->argv[0], &scope))
		return (ctl_usage_fail(ctl, "unknown scope \"%s\" (national, "
		    "region, trust, board, dm, buddy or meeting)",
		    args->argv[0]));
	if (!guard_rule_from_name(args->argv[1], &rule))
		return (ctl_usage_fail(ctl, "unknown rule \"%s\" (block, "
		    "confirm or off)", args->argv[1]));
	if (rule == GUARD_RULE_OFF && !ctl_flag(ctl, args, "force"))
		return (ctl_usage_fail(ctl, "off lets pupil identifiers "
		    "through in scope %s; add --force if that is meant",
		    guard_scope_name(scope)));
	res = store_guard_rule_set(ctl->st, guard_scope_name(scope),
	    guard_rule_name(rule), now_ms());
	if (res != STORE_OK)
		return (ctl_store_fail(ctl, res, "guard rule"));
	if (rule == GUARD_RULE_OFF)
		log_msg(LOG_LEVEL_WARN, "the pupil-data guard is off for %s: "
		    "identifiers posted there are stored and sent",
		    guard_scope_name(scope));
	return (CTL_EXIT_OK);
}

/* What the store holds for each scope; changed_ms 0: the default. */
struct ctl_guard_rules {
	enum guard_rule	rule[GUARD_SCOPE_COUNT];
	int64_t		changed_ms[GUARD_SCOPE_COUNT];
};

static void
ctl_guard_rules_cb(const char *scope_name, const char *rule_name,
    int64_t changed_ms, void *arg)
{
	struct ctl_guard_rules	*r = arg;
	enum guard_scope	 scope;
	enum guard_rule		 rule;

	if (!guard_scope_from_name(scope_name, &scope) ||
	    !guard_rule_from_name(rule_name, &rule))
		return;		/* the schema's CHECK keeps these out */
	r->rule[scope] = rule;
	r->changed_ms[scope] = changed_ms;
}

int
ctl_guard_list(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_guard_rules	 r = { 0 };
	struct ctl_list		 l;
	enum store_result	 res;
	const char		*scope, *rule;
	char			 changed[32];
	int			 i;

	for (i = 0; i < GUARD_SCOPE_COUNT; i++)
		r.rule[i] = guard_rule_default(i);
	res = store_guard_rules(ctl->st, ctl_guard_rules_cb, &r);
	ctl_list_init(&l, ctl_flag(ctl, args, "json"), 3, "SCOPE", "RULE",
	    "CHANGED");
	for (i = 0; res == STORE_OK && i < GUARD_SCOPE_COUNT; i++) {
		scope = guard_scope_name(i);
		rule = guard_rule_name(r.rule[i]);
		if (l.json != NULL) {
			json_array_append_new(l.json, json_pack("{s:s, s:s, s:I}",
			    "scope", scope, "rule", rule, "changed_ms",
			    (json_int_t)r.changed_ms[i]));
			continue;
		}
		if (r.changed_ms[i] == 0)
			snprintf(changed, sizeof changed, "(default)");
		else
			ctl_time(r.changed_ms[i], changed, sizeof changed);
		ctl_table_add(l.table, scope, rule, changed);
	}
	return (ctl_list_finish(ctl, &l, res, "guard rules"));
}

#define CTL_GUARD_SCAN_BATCH	500	/* items a read: the daemon waits for none */
#define CTL_GUARD_KIND_PUPIL	0	/* mod.queue's report kind pupil_information */

/* A flagged item of the page, filed once the page's read is over. */
struct ctl_guard_flag {
	enum store_item_kind	 item_kind;
	int64_t			 item_id;
	int64_t			 author_id;
	struct store_mod_scope	 scope;
	unsigned		 kinds;
	char			 line[160];	/* the listing's line, without its end */
};

struct ctl_guard_scan {
	const char		*what;		/* "message", "post", "title" */
	time_t			 now;
	int64_t			 last_id;
	int			 page;		/* items in the current page */
	struct ctl_guard_flag	 flags[CTL_GUARD_SCAN_BATCH];
	int			 nflags;
	long			 scanned;
	long			 listed;	/* flagged in shared rooms and boards */
	long			 filed;		/* into the moderators' queue now */
	long			 dm;		/* flagged in DMs: counted, not listed */
	long			 buddy;
};

static void
ctl_guard_scan_cb(const struct store_guard_text *t, void *arg)
{
	struct ctl_guard_scan	*s = arg;
	struct ctl_guard_flag	*f;
	unsigned		 found;
	char			 kinds[64];

	s->last_id = t->id;
	s->page++;
	s->scanned++;
	if ((found = guard_scan(t->text, strlen(t->text), s->now)) == 0)
		return;
	if (t->room_kind == ROOM_DM)
		s->dm++;
	else if (t->room_kind == ROOM_BUDDY)
		s->buddy++;
	else {
		f = &s->flags[s->nflags++];
		f->item_kind = t->item_kind;
		/* Hidden already: the moderators' or its author's doing. */
		f->item_id = t->hidden ? 0 : t->item_id;
		f->author_id = t->author_id;
		f->scope = t->scope;
		f->kinds = found;
		guard_kinds_format(found, false, kinds, sizeof kinds);
		snprintf(f->line, sizeof f->line, "%s\t%lld\t%s\t%s", s->what,
		    (long long)t->id, t->where, kinds);
		s->listed++;
	}
}

/*
 * The page's flagged items: each listed, and filed as a queue entry of its
 * scope by the guard; one already filed by an earlier scan (its entry open
 * or resolved) is not filed again. The page's writes are committed before
 * the next read, so the daemon never waits long for the database.
 */
static int
ctl_guard_file_page(struct ctl *ctl, struct ctl_guard_scan *s)
{
	struct store_report_new	 r;
	struct ctl_guard_flag	*f;
	enum store_result	 res;
	const char		*state;
	char			 reason[160];
	int64_t			 id, entry;
	int			 i;

	for (i = 0; i < s->nflags; i++) {
		f = &s->flags[i];
		state = "hidden";
		if (f->item_id != 0) {
			memset(&r, 0, sizeof r);
			r.item_kind = f->item_kind;
			r.item_id = f->item_id;
			r.author_id = f->author_id;
			r.scope = f->scope;
			r.source = STORE_REPORT_GUARD;
			/* A thread's title and its first post: two reports. */
			r.rule = s->what;
			r.kind = CTL_GUARD_KIND_PUPIL;
			guard_kinds_format(f->kinds, true, reason, sizeof reason);
			/* The kinds found, never the identifier. */
			snprintf(reason + strlen(reason), sizeof reason -
			    strlen(reason), ": found by the pupil-data guard's "
			    "scan of stored %ss", s->what);
			r.reason = reason;
			r.now_ms = now_ms();
			res = store_report_add(ctl->st, &r, &id, &entry);
			if (res != STORE_OK && res != STORE_EXISTS)
				return (ctl_store_fail(ctl, res, "queue entry"));
			state = res == STORE_OK ? "filed" : "filed before";
			if (res == STORE_OK)
				s->filed++;
		}
		printf("%s\t%s\n", f->line, state);
	}
	s->nflags = 0;
	if (store_in_transaction(ctl->st) &&
	    (res = store_commit(ctl->st)) != STORE_OK)
		return (ctl_store_fail(ctl, res, "commit"));
	return (CTL_EXIT_OK);
}

/*
 * Everything stored, page by page in id order. Private conversations are
 * only counted: an operator has no business reading which DM said what,
 * and no moderator reads them.
 */
int
ctl_guard_scan(struct ctl *ctl, struct ctl_args *args)
{
	static const struct {
		enum store_guard_source	 source;
		const char		*what;
	} sources[] = {
		{ STORE_GUARD_MESSAGES, "message" },
		{ STORE_GUARD_POSTS, "post" },
		{ STORE_GUARD_TITLES, "title" },
	};
	struct ctl_guard_scan	*s;
	enum store_result	 res;
	long			 scanned[3] = { 0 };
	size_t			 i;
	int			 rc = CTL_EXIT_OK;

	s = xcalloc(1, sizeof *s);
	s->now = (time_t)(now_ms() / 1000);
	for (i = 0; rc == CTL_EXIT_OK && i < sizeof sources /
	    sizeof sources[0]; i++) {
		s->what = sources[i].what;
		s->last_id = 0;
		s->scanned = 0;
		do {
			s->page = 0;
			res = store_guard_texts(ctl->st, sources[i].source,
			    s->last_id, CTL_GUARD_SCAN_BATCH, ctl_guard_scan_cb,
			    s);
			if (res != STORE_OK)
				rc = ctl_store_fail(ctl, res, s->what);
			else
				rc = ctl_guard_file_page(ctl, s);
		} while (rc == CTL_EXIT_OK && s->page == CTL_GUARD_SCAN_BATCH);
		scanned[i] = s->scanned;
	}
	if (rc == CTL_EXIT_OK && fflush(stdout) == EOF)
		rc = ctl_fail(ctl, "stdout: %s", strerror(errno));
	if (rc == CTL_EXIT_OK)
		fprintf(stderr, "scanned %ld messages, %ld posts and %ld thread "
		    "titles: %ld flagged in shared rooms and boards (listed; "
		    "%ld filed in the moderators' queue now), %ld in DMs and "
		    "%ld in buddy chats (counted only)\n", scanned[0],
		    scanned[1], scanned[2], s->listed, s->filed, s->dm,
		    s->buddy);
	free(s);
	return (rc);
}
