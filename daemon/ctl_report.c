/*
 * ctl_report.c: staffroomctl report list|close, mute, suspend, ban and
 * unban: the operator's view of every scope's report queue, closing an
 * entry (dismissed, as mod.resolve dismisses: its reporters hear "no
 * action" at their next login), and sanctions made and lifted by the
 * operator, as a moderator's are (the person reads the reason); unban and
 * unmute lift a moderator's too.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl.h"
#include "guard.h"

#define CTL_REPORT_PAGE		50
#define CTL_REPORT_DISMISS	0	/* mod.resolve's action dismiss */

struct ctl_report_list {
	struct ctl		*ctl;
	struct ctl_list		 list;
	int64_t			 last;
	int			 page;
	char			 where[96];
	char			 first[160];	/* the first report: who, and why */
	int			 reports;
};

static void
ctl_report_where_msg(const struct store_msg *m, void *arg)
{
	struct ctl_report_list	*l = arg;

	snprintf(l->where, sizeof l->where, "msg %lld in %s", (long long)m->id,
	    m->room);
}

static void
ctl_report_where_post(const struct store_post *p, void *arg)
{
	struct ctl_report_list	*l = arg;

	snprintf(l->where, sizeof l->where, "post %lld on board:%lld",
	    (long long)p->id, (long long)p->board_id);
}

/*
 * A message or post a watched word holds: only its room, or its board (and
 * thread), not yet a message or post of it.
 */
static void
ctl_report_where_held(const struct store_held *h, void *arg)
{
	struct ctl_report_list	*l = arg;
	struct store_room	 room;

	if (h->board_id != 0 && h->thread_id != 0)
		snprintf(l->where, sizeof l->where, "held %lld for thread %lld "
		    "on board:%lld", (long long)h->id, (long long)h->thread_id,
		    (long long)h->board_id);
	else if (h->board_id != 0)
		snprintf(l->where, sizeof l->where, "held %lld (a new thread) "
		    "for board:%lld", (long long)h->id, (long long)h->board_id);
	else if (store_room_by_id(l->ctl->st, h->room_id, &room) == STORE_OK)
		snprintf(l->where, sizeof l->where, "held %lld for %s",
		    (long long)h->id, room.ref);
}

static void
ctl_report_one(const struct store_report *r, void *arg)
{
	struct ctl_report_list	*l = arg;

	if (l->reports++ == 0)
		snprintf(l->first, sizeof l->first, "%s: %s", r->source ==
		    STORE_REPORT_GUARD ? "the guard" : r->source ==
		    STORE_REPORT_WORDS ? "watched words" : r->reporter != NULL ?
		    r->reporter : "?", r->reason);
}

static void
ctl_report_entry(const struct store_mod_entry *e, void *arg)
{
	struct ctl_report_list	*l = arg;
	struct store_user	 author;
	char			 id[24], count[16], opened[32];

	l->last = e->id;
	l->page++;
	snprintf(l->where, sizeof l->where, "%s %lld (gone)",
	    e->item_kind == STORE_ITEM_MSG ? "msg" : "post", (long long)e->item_id);
	if (e->held_id != 0)
		store_held_get(l->ctl->st, e->held_id, ctl_report_where_held, l);
	else if (e->item_kind == STORE_ITEM_MSG)
		store_msg_get(l->ctl->st, e->item_id, ctl_report_where_msg, l);
	else
		store_post_get(l->ctl->st, e->item_id, ctl_report_where_post, l);
	l->reports = 0;
	*l->first = '\0';
	store_mod_reports(l->ctl->st, e->id, CTL_REPORT_PAGE, ctl_report_one, l);
	if (store_user_by_id(l->ctl->st, e->author_id, &author) != STORE_OK)
		snprintf(author.handle, sizeof author.handle, "?");
	ctl_time(e->created_ms, opened, sizeof opened);
	if (l->list.json != NULL) {
		json_array_append_new(l->list.json, json_pack("{s:I, s:s, s:s, "
		    "s:i, s:s, s:I}", "entry", (json_int_t)e->id, "item",
		    l->where, "author", author.handle, "reports", l->reports,
		    "first", l->first, "opened_ms", (json_int_t)e->created_ms));
		return;
	}
	snprintf(id, sizeof id, "%lld", (long long)e->id);
	snprintf(count, sizeof count, "%d", l->reports);
	ctl_table_add(l->list.table, id, l->where, author.handle, count, opened,
	    l->first);
}

/* Every open entry of every scope, oldest first, a page per read. */
int
ctl_report_list(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_report_list	 l;
	struct store_mod_reach	 all;
	enum store_result	 res;
	bool			 more;

	memset(&l, 0, sizeof l);
	memset(&all, 0, sizeof all);
	all.all = true;
	l.ctl = ctl;
	ctl_list_init(&l.list, ctl_flag(ctl, args, "json"), 6, "ENTRY", "ITEM",
	    "AUTHOR", "REPORTS", "OPENED", "FIRST REPORT");
	do {
		l.page = 0;
		res = store_mod_queue(ctl->st, &all, l.last, CTL_REPORT_PAGE,
		    ctl_report_entry, &l, &more);
	} while (res == STORE_OK && more);
	return (ctl_list_finish(ctl, &l.list, res, "report queue"));
}

/* Closes an open entry: dismissed, by the operator, with the reason. */
int
ctl_report_close(struct ctl *ctl, struct ctl_args *args)
{
	struct store_mod_entry	 e;
	const char		*reason = ctl_opt(ctl, args, "reason");
	int64_t			 id;

	if (!ctl_id_parse(args->argv[0], &id))
		return (ctl_usage_fail(ctl, "ENTRY is a queue entry's number "
		    "(see report list)"));
	if (store_mod_entry_get(ctl->st, id, &e) != STORE_OK || e.resolved)
		return (ctl_fail(ctl, "no open entry %lld (see report list)",
		    (long long)id));
	ctl_audit_target(ctl, "entry", id);
	/*
	 * A held message closed by the operator is never stored: rejected,
	 * its author told at their next login.
	 */
	if (e.held_id != 0 && store_held_decide(ctl->st, e.held_id, 0, reason,
	    now_ms(), 0) != STORE_OK)
		return (ctl_store_fail(ctl, STORE_ERROR, "entry"));
	return (store_mod_resolve(ctl->st, id, 0, CTL_REPORT_DISMISS, reason,
	    now_ms()) == STORE_OK ? CTL_EXIT_OK : ctl_store_fail(ctl,
	    STORE_ERROR, "entry"));
}

struct ctl_lift {
	bool		 (*lifts)(const struct store_sanction *, int64_t);
	int64_t		 ids[16];
	int		 n;
	int64_t		 now;
};

static void
ctl_lift_one(const struct store_sanction *s, void *arg)
{
	struct ctl_lift	*l = arg;

	if (l->lifts(s, l->now) && l->n < (int)(sizeof l->ids /
	    sizeof l->ids[0]))
		l->ids[l->n++] = s->id;
}

/*
 * Lifts the person's sanctions in force that lifts() picks, whoever made
 * them (the operator, or a moderator from the queue); none is a failure
 * saying what the person is not.
 */
static int
ctl_lift(struct ctl *ctl, struct ctl_args *args,
    bool (*lifts)(const struct store_sanction *, int64_t), const char *not,
    const char *done)
{
	struct store_user	u;
	struct ctl_lift		l;
	enum store_result	res;
	int			i;

	if (!ctl_user(ctl, args->argv[0], &u))
		return (CTL_EXIT_FAIL);
	memset(&l, 0, sizeof l);
	l.lifts = lifts;
	l.now = now_ms();
	if ((res = store_sanctions_of(ctl->st, u.id, true, l.now, 50,
	    ctl_lift_one, &l)) != STORE_OK)
		return (ctl_store_fail(ctl, res, u.handle));
	if (l.n == 0)
		return (ctl_fail(ctl, "%s is %s", u.handle, not));
	for (i = 0; i < l.n; i++) {
		if ((res = store_sanction_lift(ctl->st, l.ids[i], l.now)) !=
		    STORE_OK)
			return (ctl_store_fail(ctl, res, u.handle));
	}
	snprintf(ctl->audit_note, sizeof ctl->audit_note, "%d lifted", l.n);
	printf("%s %s (%d lifted)\n", u.handle, done, l.n);
	return (CTL_EXIT_OK);
}

/* Lifts the person's bans and suspensions in force: they may sign in again. */
int
ctl_unban(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_lift(ctl, args, policy_bars_login,
	    "neither banned nor suspended", "may sign in again"));
}

/* Lifts the person's mutes in force, everywhere and in rooms. */
int
ctl_unmute(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_lift(ctl, args, policy_mute_in_force, "not muted",
	    "may write again"));
}

#define CTL_SANCTION_MAX_REASON	1000	/* characters, as mod.resolve's */
#define CTL_SANCTION_MAX_MINUTES (366 * 24 * 60)

/* Whose sessions end once the sanction is committed (suspend, ban). */
static char	ctl_sanction_handle[PROTO_HANDLE_MAX + 1];

static int
ctl_sanction_kick(struct ctl *ctl)
{
	json_int_t	n;

	/* The bar is stored: a daemon not running has no sessions to end. */
	if ((n = ctl_live_end_sessions(ctl, ctl_sanction_handle)) < 0)
		return (CTL_EXIT_OK);
	printf("%s: %lld session%s ended\n", ctl_sanction_handle,
	    (long long)n, n == 1 ? "" : "s");
	return (CTL_EXIT_OK);
}

/*
 * HANDLE, --reason (text the person reads, never pupil data) and, for a
 * mute or suspension, --minutes: the sanction, in force at once (the
 * daemon asks for it at every message and login). Admins are not
 * sanctioned from here either.
 */
static int
ctl_sanction(struct ctl *ctl, struct ctl_args *args, enum sanction_kind kind)
{
	struct store_sanction	 s;
	struct store_user	 u;
	const char		*minutes = ctl_opt(ctl, args, "minutes");
	char			 kinds[128], *end;
	enum store_result	 res;
	size_t			 chars;
	long			 m = 0;
	unsigned		 found;
	int64_t			 id;

	memset(&s, 0, sizeof s);
	s.reason = ctl_opt(ctl, args, "reason");
	if (minutes != NULL) {
		m = strtol(minutes, &end, 10);
		if (*minutes == '\0' || *end != '\0' || m < 1 ||
		    m > CTL_SANCTION_MAX_MINUTES)
			return (ctl_usage_fail(ctl, "--minutes is 1 to %d",
			    CTL_SANCTION_MAX_MINUTES));
	}
	if (proto_text_check(s.reason, strlen(s.reason), &chars) != PROTO_OK ||
	    chars < 1 || chars > CTL_SANCTION_MAX_REASON)
		return (ctl_fail(ctl, "a reason is 1-%d characters of text",
		    CTL_SANCTION_MAX_REASON));
	if ((found = guard_scan(s.reason, strlen(s.reason),
	    (time_t)(now_ms() / 1000))) != 0) {
		guard_kinds_format(found, true, kinds, sizeof kinds);
		return (ctl_fail(ctl, "the reason looks like it contains %s", kinds));
	}
	if (!ctl_user(ctl, args->argv[0], &u))
		return (CTL_EXIT_FAIL);
	if (!policy_takes_mod_scopes(&u))
		return (ctl_fail(ctl, "%s is an admin: change their role first",
		    u.handle));
	s.user_id = u.id;
	s.kind = kind;
	s.created_ms = now_ms();
	s.until_ms = m > 0 ? s.created_ms + (int64_t)m * 60000 : 0;
	if ((res = store_sanction_add(ctl->st, &s, &id)) != STORE_OK)
		return (ctl_store_fail(ctl, res, u.handle));
	if (kind == SANCTION_SUSPEND || kind == SANCTION_BAN) {
		snprintf(ctl_sanction_handle, sizeof ctl_sanction_handle, "%s",
		    u.handle);
		ctl->after_commit = ctl_sanction_kick;
	}
	return (CTL_EXIT_OK);
}

int
ctl_mute(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_sanction(ctl, args, SANCTION_MUTE));
}

int
ctl_suspend(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_sanction(ctl, args, SANCTION_SUSPEND));
}

int
ctl_ban(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_sanction(ctl, args, SANCTION_BAN));
}
