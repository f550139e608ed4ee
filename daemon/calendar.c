/*
 * calendar.c: meetings as RFC 5545 iCalendar (meeting.ics), written with
 * libical. Times are UK local time with TZID=Europe/London and a
 * VTIMEZONE of today's rule (the last Sundays of March and October), the
 * same rule proto_uk_format applies, so an imported meeting starts when
 * staffroom says. Each meeting keeps one UID for its life and its
 * SEQUENCE (raised by the store on each change a calendar shows), so
 * importing again updates the entry instead of adding another.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "meeting.h"

#define CALENDAR_TZID		"Europe/London"
#define CALENDAR_DESCRIPTION	2048	/* bytes of an event's description */

/* Europe/London since 1996: BST from 01:00 UTC on March's last Sunday to October's. */
static icalcomponent *
calendar_timezone(void)
{
	icalcomponent	*summer, *winter;

	summer = icalcomponent_vanew(ICAL_XDAYLIGHT_COMPONENT,
	    icalproperty_new_tzname("BST"),
	    icalproperty_new_tzoffsetfrom(0),
	    icalproperty_new_tzoffsetto(60 * 60),
	    icalproperty_new_dtstart(icaltime_from_string("19700329T010000")),
	    icalproperty_new_rrule(icalrecurrencetype_from_string(
	    "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")),
	    (void *)0);
	winter = icalcomponent_vanew(ICAL_XSTANDARD_COMPONENT,
	    icalproperty_new_tzname("GMT"),
	    icalproperty_new_tzoffsetfrom(60 * 60),
	    icalproperty_new_tzoffsetto(0),
	    icalproperty_new_dtstart(icaltime_from_string("19701025T020000")),
	    icalproperty_new_rrule(icalrecurrencetype_from_string(
	    "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")),
	    (void *)0);
	return (icalcomponent_vanew(ICAL_VTIMEZONE_COMPONENT,
	    icalproperty_new_tzid(CALENDAR_TZID), summer, winter, (void *)0));
}

/* DTSTART or DTEND: the UK wall-clock time of utc_ms, named by its zone. */
static icalproperty *
calendar_uk_time(icalproperty *(*make)(struct icaltimetype), int64_t utc_ms)
{
	struct icaltimetype	 t = icaltime_null_time();
	icalproperty		*p;
	char			 uk[32];
	int			 y, mo, d, h, mi;

	proto_uk_format(utc_ms, uk, sizeof uk, false);
	if (sscanf(uk, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi) == 5) {
		t.year = y;
		t.month = mo;
		t.day = d;
		t.hour = h;
		t.minute = mi;
	}
	p = make(t);
	icalproperty_add_parameter(p, icalparameter_new_tzid(CALENDAR_TZID));
	return (p);
}

struct calendar_agenda {
	char	text[CALENDAR_DESCRIPTION];
	size_t	len;
	int	n;
};

static void
calendar_agenda_item(const struct store_agenda_item *it, void *arg)
{
	struct calendar_agenda	*a = arg;
	int			 n;

	if (a->len >= sizeof a->text)
		return;
	n = snprintf(a->text + a->len, sizeof a->text - a->len, "%s%d. %s",
	    a->n++ == 0 ? "\n\nAgenda:\n" : "", it->position, it->title);
	if (n > 0 && (size_t)n < sizeof a->text - a->len && it->owner[0] != '\0')
		n += snprintf(a->text + a->len + n, sizeof a->text - a->len -
		    (size_t)n, " (%s)", it->owner);
	if (n > 0 && (size_t)n < sizeof a->text - a->len && it->minutes > 0)
		n += snprintf(a->text + a->len + n, sizeof a->text - a->len -
		    (size_t)n, ", %d min", it->minutes);
	/* A cut item is dropped whole; an agenda is at most 30 short lines. */
	if (n < 0 || (size_t)n + 1 >= sizeof a->text - a->len) {
		a->text[a->len] = '\0';
		a->len = sizeof a->text;
		return;
	}
	a->len += (size_t)n;
	a->text[a->len++] = '\n';
	a->text[a->len] = '\0';
}

static bool
calendar_event(icalcomponent *cal, const struct store_meeting *m,
    int64_t now)
{
	struct calendar_agenda	 a;
	icalcomponent		*ev;
	char			 uid[96], where[64];

	memset(&a, 0, sizeof a);
	snprintf(a.text, sizeof a.text, "A meeting of %s on staffroom: "
	    "/meeting %lld opens it.", m->series, (long long)m->id);
	a.len = strlen(a.text);
	if (store_agenda(server.store, m->id, calendar_agenda_item, &a) !=
	    STORE_OK)
		return (false);
	/* Unique across servers as well: no two meetings share a creation. */
	snprintf(uid, sizeof uid, "meeting-%lld-%lld@staffroom",
	    (long long)m->id, (long long)m->created_ms);
	snprintf(where, sizeof where, "staffroom, /meeting %lld",
	    (long long)m->id);
	ev = icalcomponent_vanew(ICAL_VEVENT_COMPONENT,
	    icalproperty_new_uid(uid),
	    icalproperty_new_dtstamp(icaltime_from_timet_with_zone(
	    (time_t)(now / 1000), 0, icaltimezone_get_utc_timezone())),
	    icalproperty_new_sequence((int)m->sequence),
	    calendar_uk_time(icalproperty_new_dtstart, m->start_ms),
	    calendar_uk_time(icalproperty_new_dtend, m->start_ms +
	    (int64_t)m->length_min * 60 * 1000),
	    icalproperty_new_summary(m->title),
	    icalproperty_new_description(a.text),
	    icalproperty_new_location(where),
	    icalproperty_new_status(ICAL_STATUS_CONFIRMED),
	    (void *)0);
	icalcomponent_add_component(cal, ev);
	return (true);
}

char *
calendar_ics(const struct store_meeting *meetings, size_t n, int64_t now)
{
	icalcomponent	*cal;
	char		*text = NULL;
	size_t		 i;

	cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT,
	    icalproperty_new_version("2.0"),
	    icalproperty_new_prodid("-//staffroom//staffroomd "
	    STAFFROOM_VERSION "//EN"),
	    icalproperty_new_calscale("GREGORIAN"),
	    icalproperty_new_method(ICAL_METHOD_PUBLISH),
	    calendar_timezone(), (void *)0);
	for (i = 0; i < n; i++) {
		if (!calendar_event(cal, &meetings[i], now))
			goto out;
	}
	text = icalcomponent_as_ical_string_r(cal);
out:
	icalcomponent_free(cal);
	return (text);
}
