/*
 * calendar.c: /ics, a meeting or a whole series saved as one iCalendar
 * file for a calendar application to import: the pages of meeting.ics
 * joined into one VCALENDAR (proto_ics_join). Importing the file again
 * later updates the meetings it already holds (same UID, higher SEQUENCE).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

struct ics_fetch {
	json_int_t	 meeting;	/* one meeting; 0: the series */
	json_int_t	 series;
	char		*file;
	char		*calendar;	/* the pages so far */
};

static void ics_next(struct client *, struct ics_fetch *, json_int_t);

static void
ics_done(struct ics_fetch *f)
{
	free(f->file);
	free(f->calendar);
	free(f);
}

static void
ics_page_cb(struct client *c, json_t *reply, void *arg)
{
	struct ics_fetch	*f = arg;
	const char		*page, *p;
	json_t			*next;
	int			 n = 0;

	if (rpc_failed(c, reply)) {
		ics_done(f);
		return;
	}
	if ((page = json_string_value(json_object_get(reply, "ics"))) != NULL)
		f->calendar = proto_ics_join(f->calendar, page);
	next = json_object_get(reply, "next");
	if (json_is_integer(next) && f->calendar != NULL) {
		ics_next(c, f, json_integer_value(next));
		return;
	}
	for (p = f->calendar; p != NULL && (p = strstr(p, "BEGIN:VEVENT")) !=
	    NULL; p++)
		n++;
	if (f->calendar != NULL && meeting_save(c, f->file, f->calendar,
	    "the calendar"))
		fe_notice(c, "%d %s saved in %s: import it into your calendar "
		    "(again after changes: it updates what it holds)", n,
		    n == 1 ? "meeting" : "meetings", f->file);
	ics_done(f);
}

static void
ics_next(struct client *c, struct ics_fetch *f, json_int_t after)
{
	if (f->meeting != 0)
		rpc_send(c, json_pack("{s:s, s:I}", "op", "meeting.ics",
		    "meeting", f->meeting), ics_page_cb, f);
	else
		rpc_send(c, json_pack("{s:s, s:I, s:I}", "op", "meeting.ics",
		    "series", f->series, "after", after), ics_page_cb, f);
}

/* The series of the meeting room on screen, then its pages. */
static void
ics_series_cb(struct client *c, json_t *reply, void *arg)
{
	struct ics_fetch	*f = arg;

	if (rpc_failed(c, reply)) {
		ics_done(f);
		return;
	}
	f->series = json_integer_value(json_object_get(json_object_get(
	    json_object_get(reply, "meeting"), "series"), "id"));
	f->meeting = 0;
	ics_next(c, f, 0);
}

/* /ics [N | series N] FILE: without a number, the series of this meeting room. */
void
calendar_ics(struct client *c, const char *arg)
{
	struct ics_fetch	*f;
	long long		 n = 0;
	int			 used = 0;
	bool			 series = false;

	if (sscanf(arg, "series %lld %n", &n, &used) >= 1 && used > 0)
		series = true;
	else if (sscanf(arg, "%lld %n", &n, &used) < 1 || used == 0)
		used = 0;
	if (arg[used] == '\0' || n < 0 || (used > 0 && n == 0)) {
		c->fe->error(c, "bad_command", "/ics [N | series N] FILE");
		return;
	}
	if (!meeting_can_save(c, "/meeting shows a meeting"))
		return;
	f = xcalloc(1, sizeof *f);
	f->file = xstrdup(arg + used);
	if (series) {
		f->series = n;
		ics_next(c, f, 0);
		return;
	}
	if ((f->meeting = n > 0 ? n : meeting_number(c, "")) == 0) {
		ics_done(f);
		return;
	}
	if (n > 0)
		ics_next(c, f, 0);
	else
		rpc_send(c, json_pack("{s:s, s:I}", "op", "meeting.get", "meeting",
		    f->meeting), ics_series_cb, f);
}
