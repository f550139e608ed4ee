/*
 * ctl_digest.c: staffroomctl digest send, the email that tells someone who
 * is not connected what waits for them: unread direct messages counted per
 * person, mentions in rooms and on boards, buddy invitations and requests,
 * new posts in the threads and boards they watch, meetings ahead and their
 * open actions, each with the
 * command that opens it. Counts and titles only: never the text of a DM or
 * a buddy chat, and a title the pupil-data guard would flag is withheld.
 *
 * Each person is read in one read transaction (a snapshot, so the daemon
 * goes on writing), their digest written into a fixed buffer, their
 * period claimed and committed before the mail goes to sendmail, and the
 * claim undone when sendmail does not take it: a rerun sends nothing twice
 * and retries only what failed.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "guard.h"
#include "mail.h"

#define DIGEST_PAGE		100	/* people a read of who is due */
#define DIGEST_LINES		15	/* lines a section; then "and N more" */
#define DIGEST_FETCH		100	/* rows read a section, to count the rest */
#define DIGEST_COUNT_CAP	999	/* counts stop here ("999+") */
#define DIGEST_TEXT_CHARS	80	/* a title or an action, cut to this */
#define DIGEST_MEETING_DAYS	14	/* meetings ahead told of */
#define DIGEST_PORT_DEFAULT	"2222"
#define DIGEST_WITHHELD		"(a title withheld: it may contain pupil data)"

struct digest_run {
	struct ctl		*ctl;
	const char		*sendmail;
	char			 from[STORE_EMAIL_MAX + 1];
	char			 host[256];
	char			 port[8];	/* "" when the default */
	bool			 dry_run;
	int64_t			 now;
	char			 today[16];	/* UK date: a daily period */
	char			 week[16];	/* ISO week of it: a weekly one */
	char			 day_name[64];	/* "Saturday 5 December" */
	long			 sent;
	long			 failed;
	long			 quiet;		/* nothing waited for them */
};

/* One person's digest as it is written. */
struct digest {
	struct digest_run	*run;
	const struct store_user	*u;
	struct mail		 body;
	const char		*heading;	/* of the section being written */
	int			 lines;		/* in it so far */
	long			 more;		/* past DIGEST_LINES */
	long			 items;		/* in every section */
	long			 dms;		/* unread DMs */
	long			 mentions;
	bool			 read_failed;
};

/* Copies text, or the withheld line when the guard would flag it, cut short. */
static void
digest_text(const struct digest *d, const char *text, char *buf, size_t size)
{
	const char	*p = text;
	size_t		 chars = 0, n, len = strlen(text);
	uint32_t	 cp;

	if (guard_scan(text, len, (time_t)(d->run->now / 1000)) != 0) {
		snprintf(buf, size, "%s", DIGEST_WITHHELD);
		return;
	}
	/* One line, whole characters only. */
	while (*p != '\0' && *p != '\n' && chars < DIGEST_TEXT_CHARS) {
		n = proto_utf8_decode(p, len - (size_t)(p - text), &cp);
		if (n == 0 || (size_t)(p - text) + n >= size - 4)
			break;
		p += n;
		chars++;
	}
	snprintf(buf, size, "%.*s%s", (int)(p - text), text,
	    *p != '\0' ? "..." : "");
}

static void
digest_section(struct digest *d, const char *heading)
{
	d->heading = heading;
	d->lines = 0;
	d->more = 0;
}

static void digest_line(struct digest *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A line of the section; its heading goes first, lines past the limit are counted. */
static void
digest_line(struct digest *d, const char *fmt, ...)
{
	char	line[512];
	va_list	ap;

	d->items++;
	if (d->lines == DIGEST_LINES) {
		d->more++;
		return;
	}
	if (d->lines++ == 0)
		mail_printf(&d->body, "\n%s\n", d->heading);
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	mail_printf(&d->body, "  %s\n", line);
}

static void
digest_section_end(struct digest *d, const char *command)
{
	if (d->more > 0)
		mail_printf(&d->body, "  and %ld more: %s\n", d->more, command);
}

static const char *
digest_plural(int64_t n, const char *one, const char *many)
{
	return (n == 1 ? one : many);
}

static void
digest_read_failed(struct digest *d, enum store_result res, const char *what)
{
	if (res != STORE_OK && !d->read_failed) {
		d->read_failed = true;
		ctl_fail(d->run->ctl, "%s of %s: database error", what,
		    d->u->handle);
	}
}

/* Rooms: unread DMs (a count per person) first, then mentions elsewhere. */
struct digest_rooms {
	struct digest	*d;
	bool		 dms;		/* this pass: DMs, else mentions */
};

static void
digest_room(const struct store_room *room, void *arg)
{
	struct digest_rooms	*r = arg;
	struct digest		*d = r->d;
	struct store_unread	 n;
	struct store_user	 other;
	int64_t			 other_id;
	char			 name[sizeof room->name];

	if ((room->kind == ROOM_DM) != r->dms ||
	    !policy_can_read_room(d->u, room, room->kind != ROOM_NATIONAL &&
	    room->kind != ROOM_REGION))
		return;
	if (store_room_unread(d->run->ctl->st, d->u->id, room,
	    DIGEST_COUNT_CAP, &n) != STORE_OK) {
		digest_read_failed(d, STORE_ERROR, "unread counts");
		return;
	}
	if (r->dms) {
		if (n.messages == 0)
			return;
		if (store_dm_partner(d->run->ctl->st, room->id, d->u->id,
		    &other_id) != STORE_OK || store_user_by_id(d->run->ctl->st,
		    other_id, &other) != STORE_OK)
			return;		/* the other person was erased */
		d->dms += n.messages;
		digest_line(d, "%lld unread from %s%s: /dm %s",
		    (long long)n.messages, other.handle,
		    n.mentions > 0 ? " (mentioning you)" : "", other.handle);
		return;
	}
	if (n.mentions == 0)
		return;
	d->mentions += n.mentions;
	if (room->kind == ROOM_NATIONAL || room->kind == ROOM_REGION)
		snprintf(name, sizeof name, "%s", room->name);
	else
		digest_text(d, room->name, name, sizeof name);
	digest_line(d, "%lld in %s: /join %s", (long long)n.mentions, name,
	    room->ref);
}

/* Boards they may read: mentions of them, or news on the boards they watch. */
struct digest_boards {
	struct digest		*d;
	struct store_viewer	 viewer;	/* member is set per board */
	bool			 watched;	/* this pass: watched boards, else mentions */
};

static void
digest_board(const struct store_board *b, void *arg)
{
	struct digest_boards		*db = arg;
	struct digest			*d = db->d;
	struct store_board_counts	 n;
	int64_t				 news;
	char				 name[DIGEST_TEXT_CHARS * 4 + 64];

	db->viewer.member = b->member;
	if (!policy_can_read_board(&db->viewer, b))
		return;
	digest_text(d, b->name, name, sizeof name);
	if (db->watched) {
		if (store_watched_board_news(d->run->ctl->st, b->id, d->u->id,
		    DIGEST_COUNT_CAP, &news) != STORE_OK)
			digest_read_failed(d, STORE_ERROR, "watched boards");
		else if (news > 0)
			digest_line(d, "%lld new %s on the board %s: /threads %lld",
			    (long long)news, digest_plural(news, "post", "posts"),
			    name, (long long)b->id);
		return;
	}
	if (store_board_counts(d->run->ctl->st, b->id, d->u->id,
	    DIGEST_COUNT_CAP, &n) != STORE_OK) {
		digest_read_failed(d, STORE_ERROR, "board counts");
		return;
	}
	if (n.mentions == 0)
		return;
	d->mentions += n.mentions;
	digest_line(d, "%lld on the board %s: /threads %lld",
	    (long long)n.mentions, name, (long long)b->id);
}

static void
digest_boards(struct digest *d, bool watched)
{
	struct digest_boards	db = { .d = d, .watched = watched };
	enum store_result	res;

	if ((res = store_viewer_by_id(d->run->ctl->st, d->u->id, 0,
	    &db.viewer)) == STORE_OK)
		res = store_board_list(d->run->ctl->st, d->u->id, digest_board,
		    &db);
	digest_read_failed(d, res, "boards");
}

static void
digest_rooms(struct digest *d)
{
	struct digest_rooms	r = { d, true };

	digest_section(d, "Direct messages (read them on staffroom: the "
	    "messages themselves are never emailed)");
	digest_read_failed(d, store_rooms_for_user(d->run->ctl->st, d->u,
	    digest_room, &r), "rooms");
	digest_section_end(d, "/rooms");
	r.dms = false;
	digest_section(d, "Mentions of you");
	digest_read_failed(d, store_rooms_for_user(d->run->ctl->st, d->u,
	    digest_room, &r), "rooms");
	digest_boards(d, false);
	digest_section_end(d, "/rooms and /boards");
}

static void
digest_invitation(const struct store_invitation *inv, void *arg)
{
	struct digest	*d = arg;
	char		 name[DIGEST_TEXT_CHARS * 4 + 64];

	digest_text(d, inv->name, name, sizeof name);
	digest_line(d, "%s invites you to the buddy chat %s: /accept %s",
	    inv->from, name, inv->room);
}

static void
digest_request(const struct store_buddy_request *req, void *arg)
{
	/* The note is written to the person alone: it stays on staffroom. */
	digest_line(arg, "%s asks you to be buddies: /accept %s", req->from,
	    req->from);
}

static void
digest_buddies(struct digest *d)
{
	digest_section(d, "Buddy invitations and requests");
	digest_read_failed(d, store_room_invites_of(d->run->ctl->st, d->u->id,
	    DIGEST_FETCH, digest_invitation, d), "invitations");
	digest_read_failed(d, store_buddy_requests(d->run->ctl->st, d->u->id,
	    true, DIGEST_FETCH, digest_request, d), "buddy requests");
	digest_section_end(d, "/accept");
}

static void
digest_thread(const struct store_watched *w, void *arg)
{
	struct digest		*d = arg;
	struct store_viewer	 v;
	struct store_board	 b;
	char			 title[DIGEST_TEXT_CHARS * 4 + 64];

	/* A thread moved to a board they may not read is not theirs to hear of. */
	if (store_viewer_by_id(d->run->ctl->st, d->u->id, w->board_id, &v) !=
	    STORE_OK || store_board_get(d->run->ctl->st, w->board_id, d->u->id,
	    &b) != STORE_OK || !policy_can_read_board(&v, &b))
		return;
	digest_text(d, w->title, title, sizeof title);
	digest_line(d, "%lld new %s in %s: /thread %lld", (long long)w->posts,
	    digest_plural(w->posts, "reply", "replies"), title,
	    (long long)w->thread_id);
}

static void
digest_meeting(const struct store_meeting *m, void *arg)
{
	struct digest	*d = arg;
	char		 when[48], title[DIGEST_TEXT_CHARS * 4 + 64];
	char		 series[DIGEST_TEXT_CHARS * 4 + 64];

	if (m->started_ms == 0 && m->start_ms > d->run->now +
	    (int64_t)DIGEST_MEETING_DAYS * 24 * 60 * 60 * 1000)
		return;
	if (m->started_ms != 0)
		snprintf(when, sizeof when, "live now");
	else
		proto_uk_format(m->start_ms, when, sizeof when, true);
	digest_text(d, m->title, title, sizeof title);
	digest_text(d, m->series, series, sizeof series);
	digest_line(d, "%s: %s (%s): /meeting %lld", when, title, series,
	    (long long)m->id);
}

static void
digest_action(const struct store_record *r, void *arg)
{
	struct digest	*d = arg;
	char		 body[DIGEST_TEXT_CHARS * 4 + 64];
	char		 meeting[DIGEST_TEXT_CHARS * 4 + 64], due[48] = "";

	digest_text(d, r->body, body, sizeof body);
	digest_text(d, r->meeting_title, meeting, sizeof meeting);
	if (r->due[0] != '\0')
		snprintf(due, sizeof due, ", due %s%s", r->due,
		    strcmp(r->due, d->run->today) < 0 ? " (overdue)" : "");
	digest_line(d, "action %lld: %s%s (from %s)", (long long)r->id, body,
	    due, meeting);
}

static void
digest_meetings(struct digest *d)
{
	digest_section(d, "New in the threads and boards you watch");
	digest_read_failed(d, store_watched_news(d->run->ctl->st, d->u->id,
	    DIGEST_FETCH, DIGEST_COUNT_CAP, digest_thread, d), "watched threads");
	digest_boards(d, true);
	digest_section_end(d, "/boards");
	digest_section(d, "Meetings ahead");
	digest_read_failed(d, store_meetings_ahead(d->run->ctl->st, d->u->id,
	    DIGEST_FETCH, digest_meeting, d), "meetings");
	digest_section_end(d, "/meetings");
	digest_section(d, "Your open actions (/actions lists them, /done N "
	    "closes one)");
	digest_read_failed(d, store_actions_of(d->run->ctl->st, d->u->id,
	    d->run->today, DIGEST_FETCH, digest_action, d), "actions");
	digest_section_end(d, "/actions");
}

/* Reads the person's digest in one snapshot; false when it could not be read. */
static bool
digest_build(struct digest *d, int64_t user_id, struct store_user *u)
{
	struct store	*st = d->run->ctl->st;
	enum store_result res;

	if ((res = store_read_begin(st)) != STORE_OK) {
		ctl_store_fail(d->run->ctl, res, "a read of the database");
		return (false);
	}
	if ((res = store_user_by_id(st, user_id, u)) == STORE_OK) {
		d->u = u;
		digest_rooms(d);
		digest_buddies(d);
		digest_meetings(d);
	}
	store_read_end(st);
	if (res != STORE_OK)
		return (false);	/* erased meanwhile: nobody to write to */
	return (!d->read_failed);
}

static void
digest_subject(const struct digest *d, char *buf, size_t size)
{
	if (d->dms > 0 && d->mentions > 0)
		snprintf(buf, size, "staffroom: %ld unread direct %s, %ld %s "
		    "and more", d->dms, digest_plural(d->dms, "message",
		    "messages"), d->mentions, digest_plural(d->mentions,
		    "mention", "mentions"));
	else if (d->dms > 0)
		snprintf(buf, size, "staffroom: %ld unread direct %s and more",
		    d->dms, digest_plural(d->dms, "message", "messages"));
	else
		snprintf(buf, size, "staffroom: %ld %s waiting for you",
		    d->items, digest_plural(d->items, "thing", "things"));
}

static void
digest_compose(struct digest *d, const char *address, struct mail *m)
{
	struct digest_run	*run = d->run;
	char			 subject[160];

	digest_subject(d, subject, sizeof subject);
	mail_begin(m, run->from, address, subject, run->now);
	mail_printf(m, "Hello %s,\n\nThis is what waits for you on staffroom "
	    "(%s), %s.\n", d->u->handle, run->host, run->day_name);
	mail_printf(m, "%s", d->body.text);
	if (d->body.full)
		mail_printf(m, "\n(More waits than fits in one email: open "
		    "staffroom to see it all.)\n");
	mail_printf(m, "\nOpen staffroom, then type the command beside each "
	    "line:\n  staffroom %s@%s%s%s\nor, with nothing but ssh:\n"
	    "  ssh -t -p %s %s@%s\n", d->u->handle, run->host,
	    run->port[0] != '\0' ? ":" : "", run->port,
	    run->port[0] != '\0' ? run->port : DIGEST_PORT_DEFAULT,
	    d->u->handle, run->host);
	mail_printf(m, "\nUnsubscribe: type /digest off in staffroom.\n");
}

/* One person due for period: built, claimed, handed over (or printed). */
static void
digest_person(struct digest_run *run, struct digest *d, struct mail *m,
    int64_t user_id, const char *address, const char *period)
{
	struct store		*st = run->ctl->st;
	struct store_user	 u;
	enum store_result	 res;
	char			 why[256];

	memset(d, 0, sizeof *d);
	d->run = run;
	if (!digest_build(d, user_id, &u)) {
		run->failed++;
		return;
	}
	if (d->items == 0) {
		run->quiet++;	/* unclaimed: what comes later today is told */
		return;
	}
	digest_compose(d, address, m);
	if (run->dry_run) {
		printf("--- %s, %s (%s)\n%s\n", u.handle, address, period,
		    m->text);
		run->sent++;
		return;
	}
	/* Committed before the mail goes: a rerun now skips the person. */
	if ((res = store_digest_claim(st, u.id, period, run->now)) ==
	    STORE_EXISTS) {
		store_rollback(st);
		return;		/* another run took them */
	}
	if (res != STORE_OK || (res = store_commit(st)) != STORE_OK) {
		store_rollback(st);
		ctl_store_fail(run->ctl, res, "claiming a digest");
		run->failed++;
		return;
	}
	if (mail_send(run->sendmail, m, true, why, sizeof why)) {
		run->sent++;
		return;
	}
	ctl_fail(run->ctl, "the digest to %s was not sent: %s", u.handle, why);
	run->failed++;
	if ((res = store_digest_unclaim(st, u.id, period)) != STORE_OK ||
	    (res = store_commit(st)) != STORE_OK) {
		store_rollback(st);
		ctl_store_fail(run->ctl, res, "undoing the claim (the next "
		    "period's run will send)");
	}
}

struct digest_due {
	int64_t		 ids[DIGEST_PAGE];
	char		 addresses[DIGEST_PAGE][STORE_EMAIL_MAX + 1];
	int		 n;
};

static void
digest_due_row(int64_t user_id, const char *address, void *arg)
{
	struct digest_due	*due = arg;

	if (due->n == DIGEST_PAGE)
		return;
	due->ids[due->n] = user_id;
	snprintf(due->addresses[due->n++], STORE_EMAIL_MAX + 1, "%s", address);
}

/* Everyone due a digest of this kind for period, a page at a time. */
static bool
digest_every(struct digest_run *run, enum digest_every every,
    const char *period)
{
	struct digest_due	*due = xmalloc(sizeof *due);
	struct digest		*d = xmalloc(sizeof *d);
	struct mail		*m = xmalloc(sizeof *m);
	enum store_result	 res;
	int64_t			 after = 0;
	int			 i;
	bool			 ok = true;

	do {
		due->n = 0;
		if ((res = store_digest_due(run->ctl->st, every, period, after,
		    DIGEST_PAGE, digest_due_row, due)) != STORE_OK) {
			ok = ctl_store_fail(run->ctl, res, "who is due") ==
			    CTL_EXIT_OK;
			break;
		}
		for (i = 0; i < due->n; i++) {
			/* Checked again: the address was stored by an older version. */
			if (!mail_address_valid(due->addresses[i])) {
				ctl_fail(run->ctl, "user id %lld: their address "
				    "is not one to send to", (long long)due->ids[i]);
				run->failed++;
				continue;
			}
			digest_person(run, d, m, due->ids[i], due->addresses[i],
			    period);
		}
		if (due->n > 0)
			after = due->ids[due->n - 1];
	} while (due->n == DIGEST_PAGE);
	free(due);
	free(d);
	free(m);
	return (ok);
}

/* The UK date, its ISO week ("2026-W49") and its name, from now. */
static void
digest_periods(struct digest_run *run)
{
	static const char *const days[] = { "Monday", "Tuesday", "Wednesday",
	    "Thursday", "Friday", "Saturday", "Sunday" };
	static const char *const months[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };
	char		 uk[48];
	int		 y, m, d, wy, wm, wd;
	int64_t		 days_since, weekday, thursday;

	proto_uk_format(run->now, uk, sizeof uk, false);
	uk[10] = '\0';	/* the date of "YYYY-MM-DD HH:MM" */
	snprintf(run->today, sizeof run->today, "%.10s", uk);
	if (!proto_date_parse(uk, &y, &m, &d))
		y = 1970, m = 1, d = 1;	/* proto_uk_format always writes a date */
	days_since = proto_civil_days(y, m, d);
	/* 1970-01-01 was a Thursday; ISO weeks start on Monday (0). */
	weekday = ((days_since % 7) + 7 + 3) % 7;
	thursday = days_since - weekday + 3;
	proto_civil_date(thursday, &wy, &wm, &wd);
	snprintf(run->week, sizeof run->week, "%04d-W%02d", wy,
	    (int)((thursday - proto_civil_days(wy, 1, 1)) / 7 + 1));
	snprintf(run->day_name, sizeof run->day_name, "%s %d %s %d",
	    days[weekday], d, months[m - 1], y);
}

/* --host NAME[:PORT], else this machine's name. */
static bool
digest_host(struct digest_run *run, const char *host)
{
	const char	*colon;
	char		 name[300];

	if (host == NULL) {
		mail_default_from(name, sizeof name);	/* staffroom@HOST */
		host = strchr(name, '@') + 1;
	}
	colon = strrchr(host, ':');
	if (colon != NULL && (strlen(colon + 1) == 0 ||
	    strlen(colon + 1) >= sizeof run->port ||
	    strspn(colon + 1, "0123456789") != strlen(colon + 1)))
		return (false);
	snprintf(run->host, sizeof run->host, "%.*s", colon != NULL ?
	    (int)(colon - host) : (int)strlen(host), host);
	snprintf(run->port, sizeof run->port, "%s", colon != NULL ? colon + 1 :
	    "");
	/* The name goes into a command line in the mail: nothing but a host name. */
	return (run->host[0] != '\0' && strspn(run->host,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") ==
	    strlen(run->host));
}

int
ctl_digest_send(struct ctl *ctl, struct ctl_args *args)
{
	struct digest_run	 run;
	const char		*period = ctl_opt(ctl, args, "period");
	const char		*from = ctl_opt(ctl, args, "from");
	bool			 daily, weekly, ok = true;

	memset(&run, 0, sizeof run);
	run.ctl = ctl;
	run.now = now_ms();
	run.dry_run = ctl_flag(ctl, args, "dry-run");
	run.sendmail = ctl_opt(ctl, args, "sendmail");
	if (run.sendmail == NULL)
		run.sendmail = MAIL_SENDMAIL_DEFAULT;
	if (period == NULL)
		period = "all";
	daily = strcmp(period, "daily") == 0 || strcmp(period, "all") == 0;
	weekly = strcmp(period, "weekly") == 0 || strcmp(period, "all") == 0;
	if (!daily && !weekly)
		return (ctl_usage_fail(ctl, "--period is daily, weekly or all"));
	if (from != NULL && !mail_address_valid(from))
		return (ctl_usage_fail(ctl, "--from \"%s\" is not an email "
		    "address", from));
	if (from != NULL)
		snprintf(run.from, sizeof run.from, "%s", from);
	else
		mail_default_from(run.from, sizeof run.from);
	if (!digest_host(&run, ctl_opt(ctl, args, "host")))
		return (ctl_usage_fail(ctl, "--host is a host name, with :PORT "
		    "when not %s", DIGEST_PORT_DEFAULT));
	digest_periods(&run);
	if (daily)
		ok = digest_every(&run, DIGEST_DAILY, run.today);
	if (weekly && ok)
		ok = digest_every(&run, DIGEST_WEEKLY, run.week);
	fprintf(stderr, "digest send: %ld %s, %ld with nothing waiting, %ld "
	    "failed (daily %s, weekly %s)\n", run.sent, run.dry_run ?
	    "would be sent" : "sent", run.quiet, run.failed, run.today,
	    run.week);
	snprintf(ctl->audit_note, sizeof ctl->audit_note, "%ld %s, %ld failed",
	    run.sent, run.dry_run ? "would be sent" : "sent", run.failed);
	return (ok && run.failed == 0 ? CTL_EXIT_OK : CTL_EXIT_FAIL);
}
