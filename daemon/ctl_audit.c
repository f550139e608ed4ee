/*
 * ctl_audit.c: staffroomctl's side of the audit log. Every command that
 * changed something appends one row (actor: the operator, id 0) before its
 * commit, so the change and its row are committed together, and once
 * committed says it in the system log; and the audit commands read the log
 * and verify its chain (store_audit.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include <sodium.h>

#include "ctl.h"

#define CTL_AUDIT_TAIL		20	/* rows audit tail shows by default */
#define CTL_AUDIT_PAGE		100	/* rows a search page shows by default */
#define CTL_AUDIT_PAGE_MAX	1000

void
ctl_audit_target(struct ctl *ctl, const char *kind, int64_t id)
{
	ctl->audit_kind = kind;
	ctl->audit_id = id;
}

/* Appends s to the detail, quoted when it has spaces, control characters as '?'. */
static void
ctl_audit_word(char *buf, size_t size, const char *s)
{
	size_t	len = strlen(buf);
	bool	quote = *s == '\0' || strpbrk(s, " \t") != NULL;

	if (len > 0 && len + 1 < size)
		buf[len++] = ' ';
	if (quote && len + 1 < size)
		buf[len++] = '"';
	for (; *s != '\0' && len + 1 < size; s++)
		buf[len++] = (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s;
	if (quote && len + 1 < size)
		buf[len++] = '"';
	buf[len] = '\0';
}

/*
 * The command's row: its name as the act, and its words as the detail
 * (positionals and options; passwords and keys never come on the command
 * line), with what the command noted (a key's fingerprint, an invite's id).
 */
bool
ctl_audit(struct ctl *ctl)
{
	const struct ctl_cmd	*cmd = ctl->cmd;
	struct store_audit	 a;
	char			*detail = ctl->audit_detail;
	size_t			 size = sizeof ctl->audit_detail;
	enum store_result	 res;
	int			 i;

	*detail = '\0';
	/* An erased person's handle must not come back through the log. */
	for (i = 0; ctl->args != NULL && (cmd->flags & CTL_CMD_NAMELESS) == 0 &&
	    i < ctl->args->argc; i++)
		ctl_audit_word(detail, size, ctl->args->argv[i]);
	for (i = 0; ctl->args != NULL && cmd->opts[i].name != NULL; i++) {
		if (ctl->args->opt[i] == NULL)
			continue;
		snprintf(detail + strlen(detail), size - strlen(detail),
		    "%s--%s", *detail != '\0' ? " " : "", cmd->opts[i].name);
		if (cmd->opts[i].arg != NULL)
			ctl_audit_word(detail, size, ctl->args->opt[i]);
	}
	if (*ctl->audit_note != '\0')
		snprintf(detail + strlen(detail), size - strlen(detail),
		    "; %s", ctl->audit_note);
	memset(&a, 0, sizeof a);
	a.ts = now_ms();
	a.actor_id = STORE_AUDIT_OPERATOR;
	a.target_kind = ctl->audit_kind;
	a.target_id = ctl->audit_id;
	a.act = cmd->name;
	a.detail = detail;
	if ((res = store_audit_append(ctl->st, &a)) != STORE_OK) {
		ctl_store_fail(ctl, res, "audit log (nothing was changed)");
		return (false);
	}
	return (true);
}

/*
 * The committed change in the system log as well (journald on Debian), so
 * an operator reading the logs sees staffroomctl's changes beside the
 * daemon's lines; with -v on stderr too.
 */
void
ctl_audit_log(const struct ctl *ctl)
{
	openlog("staffroomctl", LOG_PID, LOG_DAEMON);
	syslog(LOG_NOTICE, "change: %s %s", ctl->cmd->name, ctl->audit_detail);
	closelog();
	log_info("change: %s %s", ctl->cmd->name, ctl->audit_detail);
}

/* Output of rows: a table or JSON, people by handle. */
struct ctl_audit_out {
	struct ctl		*ctl;
	struct ctl_list		 list;
	int64_t			 last_id;
};

static void
ctl_audit_who(struct ctl *ctl, int64_t id, char *buf, size_t size)
{
	struct store_user	u;

	if (id == STORE_AUDIT_OPERATOR)
		snprintf(buf, size, "operator");
	else if (store_user_by_id(ctl->st, id, &u) == STORE_OK)
		snprintf(buf, size, "%s", u.handle);
	else
		/* Erased since: the id stays, the handle went. */
		snprintf(buf, size, "#%lld", (long long)id);
}

static void
ctl_audit_row(const struct store_audit *a, void *arg)
{
	struct ctl_audit_out	*o = arg;
	char			 id[24], when[32], actor[PROTO_HANDLE_MAX + 24];
	char			 target[PROTO_HANDLE_MAX + 64];
	char			 hash[STORE_AUDIT_HASH_BYTES * 2 + 1];

	o->last_id = a->id;
	ctl_audit_who(o->ctl, a->actor_id, actor, sizeof actor);
	if (o->list.json != NULL) {
		sodium_bin2hex(hash, sizeof hash, a->hash, sizeof a->hash);
		json_array_append_new(o->list.json, json_pack("{s:I, s:I, s:I, "
		    "s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)a->id,
		    "ts", (json_int_t)a->ts, "actor_id", (json_int_t)a->actor_id,
		    "actor", actor, "act", a->act, "target_kind", a->target_kind,
		    "target_id", (json_int_t)a->target_id, "reason", a->reason,
		    "detail", a->detail, "hash", hash));
		return;
	}
	snprintf(id, sizeof id, "%lld", (long long)a->id);
	ctl_time(a->ts, when, sizeof when);
	if (strcmp(a->target_kind, "user") == 0) {
		ctl_audit_who(o->ctl, a->target_id, target, sizeof target);
		memmove(target + 5, target, strlen(target) + 1);
		memcpy(target, "user:", 5);
	} else if (*a->target_kind != '\0')
		snprintf(target, sizeof target, "%s:%lld", a->target_kind,
		    (long long)a->target_id);
	else
		snprintf(target, sizeof target, "-");
	ctl_table_add(o->list.table, id, when, actor, a->act, target,
	    *a->reason != '\0' ? a->reason : "-",
	    *a->detail != '\0' ? a->detail : "-");
}

static void
ctl_audit_list_init(struct ctl *ctl, struct ctl_args *args,
    struct ctl_audit_out *o)
{
	memset(o, 0, sizeof *o);
	o->ctl = ctl;
	ctl_list_init(&o->list, ctl_flag(ctl, args, "json"), 7, "ID", "TIME",
	    "ACTOR", "ACT", "TARGET", "REASON", "DETAIL");
}

/* A count of rows: 1 to CTL_AUDIT_PAGE_MAX. */
static bool
ctl_audit_count(struct ctl *ctl, const char *text, int *n)
{
	int64_t	v;

	if (!ctl_id_parse(text, &v) || v > CTL_AUDIT_PAGE_MAX) {
		ctl_usage_fail(ctl, "\"%s\" is not a number of rows (1 to %d)",
		    text, CTL_AUDIT_PAGE_MAX);
		return (false);
	}
	*n = (int)v;
	return (true);
}

int
ctl_audit_tail(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_audit_out	o;
	int			n = CTL_AUDIT_TAIL;

	if (args->argc == 1 && !ctl_audit_count(ctl, args->argv[0], &n))
		return (CTL_EXIT_USAGE);
	ctl_audit_list_init(ctl, args, &o);
	return (ctl_list_finish(ctl, &o.list,
	    store_audit_tail(ctl->st, n, ctl_audit_row, &o), "audit log"));
}

/* --actor: a handle, or "operator". */
static bool
ctl_audit_actor(struct ctl *ctl, const char *text, int64_t *id)
{
	struct store_user	u;

	if (strcmp(text, "operator") == 0) {
		*id = STORE_AUDIT_OPERATOR;
		return (true);
	}
	if (!ctl_user(ctl, text, &u))
		return (false);
	*id = u.id;
	return (true);
}

/*
 * --target: a handle (a person), or KIND:ID (post:42, thread:7, board:3).
 * Returns an exit code: CTL_EXIT_OK, or after saying what is wrong.
 */
static int
ctl_audit_target_arg(struct ctl *ctl, const char *text, char *kind,
    size_t size, int64_t *id)
{
	const char		*colon = strchr(text, ':');
	struct store_user	 u;

	if (colon == NULL) {
		snprintf(kind, size, "user");
		if (!ctl_user(ctl, text, &u))
			return (CTL_EXIT_FAIL);
		*id = u.id;
		return (CTL_EXIT_OK);
	}
	if ((size_t)(colon - text) >= size || colon == text ||
	    !ctl_id_parse(colon + 1, id))
		return (ctl_usage_fail(ctl, "--target \"%s\" is not a handle or "
		    "KIND:ID (such as post:42)", text));
	snprintf(kind, size, "%.*s", (int)(colon - text), text);
	return (CTL_EXIT_OK);
}

/*
 * --since: a local date and time as the lists show them (YYYY-MM-DD, or
 * with HH:MM after a space or a T), or a duration back from now (7d, 12h).
 */
static bool
ctl_audit_since(struct ctl *ctl, const char *text, int64_t *ms)
{
	static const char *const formats[] = {
		"%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d",
	};
	struct tm	 tm;
	const char	*end;
	time_t		 t;
	int64_t		 back;
	size_t		 i;

	if ((back = parse_duration(text)) != -1) {
		*ms = now_ms() - back;
		return (true);
	}
	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		memset(&tm, 0, sizeof tm);
		if ((end = strptime(text, formats[i], &tm)) == NULL || *end != '\0')
			continue;
		tm.tm_isdst = -1;
		if ((t = mktime(&tm)) == (time_t)-1)
			break;
		*ms = (int64_t)t * 1000;
		return (true);
	}
	ctl_usage_fail(ctl, "--since \"%s\" is not a date (YYYY-MM-DD, "
	    "YYYY-MM-DD HH:MM) or a duration (7d, 12h)", text);
	return (false);
}

int
ctl_audit_search(struct ctl *ctl, struct ctl_args *args)
{
	const char		*actor = ctl_opt(ctl, args, "actor");
	const char		*target = ctl_opt(ctl, args, "target");
	const char		*since = ctl_opt(ctl, args, "since");
	const char		*after = ctl_opt(ctl, args, "after");
	const char		*limit = ctl_opt(ctl, args, "limit");
	struct store_audit_query q = { -1, NULL, 0, 0, 0, CTL_AUDIT_PAGE };
	struct ctl_audit_out	 o;
	enum store_result	 res;
	char			 kind[32];
	bool			 more = false;
	int			 rc;

	/* Malformed values are usage errors (2); unknown people are not (1). */
	if ((since != NULL && !ctl_audit_since(ctl, since, &q.since_ms)) ||
	    (limit != NULL && !ctl_audit_count(ctl, limit, &q.limit)))
		return (CTL_EXIT_USAGE);
	if (target != NULL && (rc = ctl_audit_target_arg(ctl, target, kind,
	    sizeof kind, &q.target_id)) != CTL_EXIT_OK)
		return (rc);
	if (actor != NULL && !ctl_audit_actor(ctl, actor, &q.actor_id))
		return (CTL_EXIT_FAIL);
	if (after != NULL && !ctl_id_parse(after, &q.after_id))
		return (ctl_usage_fail(ctl, "--after \"%s\" is not a row id",
		    after));
	if (target != NULL)
		q.target_kind = kind;
	ctl_audit_list_init(ctl, args, &o);
	res = store_audit_search(ctl->st, &q, ctl_audit_row, &o, &more);
	rc = ctl_list_finish(ctl, &o.list, res, "audit log");
	/* The next page's option on stderr, so stdout stays the rows alone. */
	if (rc == CTL_EXIT_OK && more)
		fprintf(stderr, "more rows: add --after %lld\n",
		    (long long)o.last_id);
	return (rc);
}

int
ctl_audit_verify(struct ctl *ctl, struct ctl_args *args)
{
	struct store_audit_check	c;
	enum store_result		res;
	char				text[512];

	if ((res = store_audit_verify(ctl->st, &c)) != STORE_OK)
		return (ctl_store_fail(ctl, res, "audit log"));
	store_audit_fault_text(&c, text, sizeof text);
	if (c.fault != STORE_AUDIT_SOUND)
		return (ctl_fail(ctl, "%s (in %s)", text, ctl->dir));
	if (c.head_behind)
		fprintf(stderr, "staffroomctl: audit verify: %s records row %lld; "
		    "the rows after it are chained, but were committed by a "
		    "process that stopped before recording them\n",
		    STORE_AUDIT_HEAD_FILE, (long long)c.head_id);
	printf("%s\n", text);
	return (CTL_EXIT_OK);
}
