/*
 * meeting.c: what the daemon and the client both need to know of meetings:
 * the record lines typed in a meeting room (#agreed, #action, #info,
 * present+, regrets), the floor's lines (q+, q-, q?, #vote) and UK local time (Europe/London), in which meetings
 * are scheduled and minutes are dated. The UK rule is computed, not read
 * from tzdata, so the daemon answers the same on every machine: summer time
 * (BST, UTC+1) from 01:00 UTC on the last Sunday of March to 01:00 UTC on
 * the last Sunday of October.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "staffroom/common.h"
#include "staffroom/proto.h"

#define HOUR_MS		(3600 * (int64_t)1000)
#define DAY_MS		(24 * HOUR_MS)

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's method). */
int64_t
proto_civil_days(int y, int m, int d)
{
	int64_t	era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return (era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468);
}

void
proto_civil_date(int64_t days, int *y, int *m, int *d)
{
	int64_t	z = days + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static bool
meeting_leap(int y)
{
	return ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
}

static int
meeting_month_days(int y, int m)
{
	static const int	days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				    30, 31 };

	return (m == 2 && meeting_leap(y) ? 29 : days[m - 1]);
}

/* 01:00 UTC on the last Sunday of the month, in ms. */
static int64_t
meeting_last_sunday(int y, int m)
{
	int64_t	last = proto_civil_days(y, m, meeting_month_days(y, m));
	/* 1970-01-01 was a Thursday: (days + 4) % 7 is 0 on Sundays. */
	int64_t	weekday = ((last + 4) % 7 + 7) % 7;

	return ((last - weekday) * DAY_MS + HOUR_MS);
}

static bool
meeting_summer(int y, int64_t utc_ms)
{
	return (utc_ms >= meeting_last_sunday(y, 3) &&
	    utc_ms < meeting_last_sunday(y, 10));
}

bool
proto_date_parse(const char *s, int *y, int *m, int *d)
{
	char	tail;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", y, m, d, &tail) != 3)
		return (false);
	for (size_t i = 0; i < 10; i++) {
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return (false);
	}
	return (*y >= 1970 && *y <= 9999 && *m >= 1 && *m <= 12 && *d >= 1 &&
	    *d <= meeting_month_days(*y, *m));
}

enum proto_uk_time
proto_uk_parse(const char *s, int64_t *utc_ms)
{
	int		 y, m, d, hh, mm;
	char		 date[11];
	int64_t		 naive;

	if (strlen(s) != 16 || s[10] != ' ' || s[13] != ':' ||
	    !isdigit((unsigned char)s[11]) || !isdigit((unsigned char)s[12]) ||
	    !isdigit((unsigned char)s[14]) || !isdigit((unsigned char)s[15]))
		return (PROTO_UK_MALFORMED);
	memcpy(date, s, 10);
	date[10] = '\0';
	hh = (s[11] - '0') * 10 + (s[12] - '0');
	mm = (s[14] - '0') * 10 + (s[15] - '0');
	if (!proto_date_parse(date, &y, &m, &d) || hh > 23 || mm > 59)
		return (PROTO_UK_MALFORMED);
	naive = proto_civil_days(y, m, d) * DAY_MS + (hh * 60 + mm) * 60000;
	/* Twice a year: the summer reading first, then the winter one. */
	if (meeting_summer(y, naive - HOUR_MS)) {
		*utc_ms = naive - HOUR_MS;
		return (PROTO_UK_OK);
	}
	if (!meeting_summer(y, naive)) {
		*utc_ms = naive;
		return (PROTO_UK_OK);
	}
	return (PROTO_UK_MISSING);
}

void
proto_uk_format(int64_t utc_ms, char *buf, size_t size, bool with_zone)
{
	int	y, m, d;
	int64_t	days, ms;
	bool	summer;

	days = (utc_ms >= 0 ? utc_ms : utc_ms - DAY_MS + 1) / DAY_MS;
	proto_civil_date(days, &y, &m, &d);
	summer = meeting_summer(y, utc_ms);
	ms = utc_ms + (summer ? HOUR_MS : 0);
	days = (ms >= 0 ? ms : ms - DAY_MS + 1) / DAY_MS;
	proto_civil_date(days, &y, &m, &d);
	ms -= days * DAY_MS;
	snprintf(buf, size, "%04d-%02d-%02d %02d:%02d%s", y, m, d,
	    (int)(ms / HOUR_MS), (int)(ms % HOUR_MS / 60000),
	    !with_zone ? "" : summer ? " BST" : " GMT");
}

/* The word at *p matches kw (any case) and ends there: moves *p past it. */
static bool
meeting_keyword(const char **p, const char *kw)
{
	size_t	len = strlen(kw);

	if (strncasecmp(*p, kw, len) != 0 ||
	    ((*p)[len] != '\0' && !isspace((unsigned char)(*p)[len])))
		return (false);
	*p += len;
	while (isspace((unsigned char)**p))
		(*p)++;
	return (true);
}

static void
meeting_why(char *why, size_t size, const char *text)
{
	if (size > 0)
		snprintf(why, size, "%s", text);
}

/* Text with trailing white space left out: its length. */
static size_t
meeting_trimmed(const char *s, size_t len)
{
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	return (len);
}

/* "... due YYYY-MM-DD" ending an action: the date, cut off the text. */
static bool
meeting_due(struct proto_record *r, char *why, size_t size)
{
	const char	*s = r->text;
	size_t		 len = r->text_len, w;
	int		 y, m, d;

	/* The last word, and the one before it. */
	for (w = len; w > 0 && !isspace((unsigned char)s[w - 1]); w--)
		;
	/* "due" then a word that starts with a digit: "... about due dates" is text. */
	if (w < 4 || strncasecmp(s + w - 4, "due", 3) != 0 ||
	    (w > 4 && !isspace((unsigned char)s[w - 5])) ||
	    !isspace((unsigned char)s[w - 1]) ||
	    !isdigit((unsigned char)s[w]))
		return (true);
	if (len - w != 10) {
		meeting_why(why, size, "write the due date as YYYY-MM-DD, "
		    "e.g. due 2026-12-18");
		return (false);
	}
	memcpy(r->due, s + w, 10);
	r->due[10] = '\0';
	if (!proto_date_parse(r->due, &y, &m, &d)) {
		meeting_why(why, size, "the due date is not a real date "
		    "(YYYY-MM-DD)");
		return (false);
	}
	r->text_len = meeting_trimmed(s, w - 4);
	return (true);
}

bool
proto_record_parse(const char *line, struct proto_record *r, char *why,
    size_t size)
{
	const char	*p = line;
	size_t		 len;

	memset(r, 0, sizeof *r);
	while (*p == ' ' || *p == '\t')
		p++;
	if (meeting_keyword(&p, "present+")) {
		r->kind = *p == '\0' ? PROTO_RECORD_PRESENT : PROTO_RECORD_NONE;
		return (true);
	}
	if (meeting_keyword(&p, "regrets")) {
		r->kind = *p == '\0' ? PROTO_RECORD_REGRETS : PROTO_RECORD_NONE;
		return (true);
	}
	if (meeting_keyword(&p, "#info"))
		r->kind = PROTO_RECORD_INFO;
	else if (meeting_keyword(&p, "#agreed"))
		r->kind = PROTO_RECORD_AGREED;
	else if (meeting_keyword(&p, "#action"))
		r->kind = PROTO_RECORD_ACTION;
	else
		return (true);	/* a plain message, #hashtags and all */
	if (r->kind == PROTO_RECORD_ACTION) {
		if (*p != '@') {
			meeting_why(why, size, "write #action @handle what to "
			    "do [due YYYY-MM-DD]");
			return (false);
		}
		for (len = 1; p[len] != '\0' && !isspace((unsigned char)p[len]);
		    len++)
			;
		if (len - 1 < PROTO_HANDLE_MIN || len - 1 > PROTO_HANDLE_MAX) {
			meeting_why(why, size, "the action's owner is not a "
			    "handle: write #action @handle what to do");
			return (false);
		}
		memcpy(r->owner, p + 1, len - 1);
		r->owner[len - 1] = '\0';
		if (!proto_handle_valid(r->owner)) {
			meeting_why(why, size, "the action's owner is not a "
			    "handle: write #action @handle what to do");
			return (false);
		}
		p += len;
		while (isspace((unsigned char)*p))
			p++;
	}
	r->text = p;
	r->text_len = meeting_trimmed(p, strlen(p));
	if (r->kind == PROTO_RECORD_ACTION && !meeting_due(r, why, size))
		return (false);
	if (r->text_len == 0) {
		meeting_why(why, size, r->kind == PROTO_RECORD_ACTION ?
		    "say what is to be done: #action @handle what to do" :
		    r->kind == PROTO_RECORD_AGREED ?
		    "say what was agreed: #agreed TEXT" :
		    "say what to note: #info TEXT");
		return (false);
	}
	return (true);
}

/* Leading and trailing white space left out of s[0..len). */
static struct proto_span
meeting_span(const char *s, size_t len)
{
	struct proto_span	sp;

	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	sp.s = s;
	sp.len = meeting_trimmed(s, len);
	return (sp);
}

/* Characters in valid UTF-8: the bytes that start one. */
static size_t
meeting_chars(struct proto_span sp)
{
	size_t	i, n = 0;

	for (i = 0; i < sp.len; i++)
		n += ((unsigned char)sp.s[i] & 0xc0) != 0x80;
	return (n);
}

/* "QUESTION | option | option ...": refused unless 2 to 10 distinct options. */
static bool
meeting_vote_parse(const char *p, struct proto_floor *f, char *why,
    size_t size)
{
	const char	*bar;
	size_t		 i, j;

	if (meeting_keyword(&p, "anonymous"))
		f->anonymous = true;
	bar = strchr(p, '|');
	f->question = meeting_span(p, bar != NULL ? (size_t)(bar - p) :
	    strlen(p));
	if (f->question.len == 0 || bar == NULL) {
		meeting_why(why, size, "write #vote [anonymous] QUESTION | "
		    "option | option (2 to 10 options)");
		return (false);
	}
	while (bar != NULL) {
		p = bar + 1;
		bar = strchr(p, '|');
		if (f->noptions == PROTO_VOTE_MAX_OPTIONS) {
			meeting_why(why, size, "a vote has at most 10 options");
			return (false);
		}
		f->options[f->noptions] = meeting_span(p, bar != NULL ?
		    (size_t)(bar - p) : strlen(p));
		if (f->options[f->noptions].len == 0) {
			meeting_why(why, size, "an option is empty: write "
			    "#vote QUESTION | option | option");
			return (false);
		}
		if (meeting_chars(f->options[f->noptions]) >
		    PROTO_VOTE_MAX_OPTION) {
			meeting_why(why, size, "an option is longer than 100 "
			    "characters");
			return (false);
		}
		f->noptions++;
	}
	if (f->noptions < PROTO_VOTE_MIN_OPTIONS) {
		meeting_why(why, size, "a vote needs at least 2 options: "
		    "#vote QUESTION | option | option");
		return (false);
	}
	for (i = 0; i < f->noptions; i++) {
		for (j = 0; j < i; j++) {
			if (f->options[i].len == f->options[j].len &&
			    strncasecmp(f->options[i].s, f->options[j].s,
			    f->options[i].len) == 0) {
				meeting_why(why, size, "two options are the same");
				return (false);
			}
		}
	}
	return (true);
}

bool
proto_floor_parse(const char *line, struct proto_floor *f, char *why,
    size_t size)
{
	const char	*p = line;

	memset(f, 0, sizeof *f);
	while (*p == ' ' || *p == '\t')
		p++;
	if (meeting_keyword(&p, "q+")) {
		f->kind = PROTO_FLOOR_QUEUE_ADD;
		f->note = meeting_span(p, strlen(p));
	} else if (meeting_keyword(&p, "q-"))
		f->kind = *p == '\0' ? PROTO_FLOOR_QUEUE_REMOVE : PROTO_FLOOR_NONE;
	else if (meeting_keyword(&p, "q?"))
		f->kind = *p == '\0' ? PROTO_FLOOR_QUEUE_LIST : PROTO_FLOOR_NONE;
	else if (meeting_keyword(&p, "#vote")) {
		f->kind = PROTO_FLOOR_VOTE;
		return (meeting_vote_parse(p, f, why, size));
	}
	return (true);
}

static const char *const record_kind_names[] = {
	[PROTO_RECORD_NONE] = "none",
	[PROTO_RECORD_INFO] = "info",
	[PROTO_RECORD_AGREED] = "agreed",
	[PROTO_RECORD_ACTION] = "action",
	[PROTO_RECORD_PRESENT] = "present",
	[PROTO_RECORD_REGRETS] = "regrets",
	[PROTO_RECORD_VOTE] = "vote",
};

const char *
proto_record_kind_name(enum proto_record_kind kind)
{
	if ((unsigned)kind >= sizeof record_kind_names /
	    sizeof record_kind_names[0])
		return (NULL);
	return (record_kind_names[kind]);
}

bool
proto_record_kind_parse(const char *name, enum proto_record_kind *kind)
{
	size_t	i;

	for (i = 1; i < sizeof record_kind_names / sizeof record_kind_names[0];
	    i++) {
		if (strcmp(name, record_kind_names[i]) == 0) {
			*kind = (enum proto_record_kind)i;
			return (true);
		}
	}
	return (false);
}

/*
 * meeting.ics pages: the first whole; from each later one only its
 * VEVENTs, put before the calendar's END line. A page with no VEVENT (or
 * not a calendar at all) adds nothing.
 */
char *
proto_ics_join(char *calendar, const char *page)
{
	const char	*from, *to;
	char		*end;
	size_t		 len;

	if (calendar == NULL)
		return (xstrdup(page));
	from = strstr(page, "BEGIN:VEVENT");
	to = strstr(page, "END:VCALENDAR");
	end = strstr(calendar, "END:VCALENDAR");
	if (from == NULL || to == NULL || to < from || end == NULL)
		return (calendar);
	len = (size_t)(end - calendar);
	calendar = xrealloc(calendar, len + (size_t)(to - from) + strlen(to) + 1);
	memcpy(calendar + len, from, (size_t)(to - from));
	strcpy(calendar + len + (size_t)(to - from), to);
	return (calendar);
}
