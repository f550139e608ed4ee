/*
 * itest_calendar.c: meeting.ics over real SSH, read back by a real
 * iCalendar parser (Debian's python3-icalendar): one meeting or a whole
 * series in pages joined into one VCALENDAR, UK times right on both sides
 * of the clocks changing, a UID that stays and a SEQUENCE that rises with
 * each change (the agenda, and a chair's meeting.edit of title, start or
 * length), and nothing for people outside the series.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "staffroom/proto.h"

/* Prints each VEVENT as "UID SEQUENCE DTSTART-in-UTC DTEND-in-UTC|SUMMARY". */
#define ICS_READER \
	"import sys, datetime, icalendar\n" \
	"cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n" \
	"utc = datetime.timezone.utc\n" \
	"assert [c['TZID'] for c in cal.walk('VTIMEZONE')] == ['Europe/London']\n" \
	"for ev in cal.walk('VEVENT'):\n" \
	"    assert ev['DTSTART'].params['TZID'] == 'Europe/London'\n" \
	"    print(ev['UID'], ev['SEQUENCE'],\n" \
	"        ev.decoded('DTSTART').astimezone(utc).strftime('%Y-%m-%dT%H:%MZ'),\n" \
	"        ev.decoded('DTEND').astimezone(utc).strftime('%Y-%m-%dT%H:%MZ') +\n" \
	"        '|' + str(ev['SUMMARY']))\n"

static struct itest_server *srv;

static int
setup(void **state)
{
	srv = itest_server_new(itest_posting_unlimited);
	itest_server_start(srv);
	return 0;
}

static int
teardown(void **state)
{
	itest_server_free(srv);
	return 0;
}

static json_int_t
schedule(struct itest_client *chair, json_int_t series, const char *title,
    const char *start)
{
	return itest_get_int(itest_call_ok(chair, "meeting.create", json_pack(
	    "{s:I, s:s, s:s, s:i}", "series", series, "title", title, "start",
	    start, "minutes", 90)), "meeting.id");
}

/* A series chair makes, with member in it; its id. */
static json_int_t
series_of_two(struct itest_client *chair, const char *name,
    struct itest_client *member, const char *handle)
{
	json_int_t series;

	series = itest_get_int(itest_call_ok(chair, "series.create", json_pack(
	    "{s:s}", "name", name)), "series.id");
	itest_call_ok(chair, "series.invite", json_pack("{s:I, s:s}", "series",
	    series, "handle", handle));
	itest_call_ok(member, "series.accept", json_pack("{s:I}", "series",
	    series));
	return series;
}

/* The calendar read by python3-icalendar: one line per event; caller frees. */
static char *
parsed(const char *ics)
{
	char dir[] = "/tmp/itest-ics-XXXXXX", path[64], cmd[256], *out;
	FILE *f, *p;
	size_t n;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/cal.ics", dir);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fputs(ics, f) >= 0, 1);
	fclose(f);
	snprintf(path, sizeof path, "%s/read.py", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs(ICS_READER, f);
	fclose(f);
	/* Debian's python3, the one python3-icalendar is installed for. */
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/read.py %s/cal.ics 2>&1; "
	    "s=$?; rm -r %s; exit $s", dir, dir, dir);
	assert_non_null(p = popen(cmd, "r"));
	out = calloc(1, 65536);
	assert_non_null(out);
	n = fread(out, 1, 65535, p);
	out[n] = '\0';
	assert_int_equal(pclose(p), 0);
	return out;
}

static void
has(const char *text, const char *want)
{
	if (strstr(text, want) == NULL)
		fail_msg("no \"%s\" in:\n%s", want, text);
}

static void
a_series_imports_with_its_times_right_across_the_clock_changes(void **state)
{
	struct itest_client *asha = itest_person_online(srv, "asha", "london");
	struct itest_client *ben = itest_person_online(srv, "ben", "london");
	struct itest_client *eve = itest_person_online(srv, "eve", "london");
	const json_t *r;
	json_int_t series, before, after, m;
	char *ics = NULL, *events, uid[80], line[160];
	int i, pages = 0;

	series = series_of_two(asha, "London SENCO network", ben, "ben");
	/* The clocks go forward on 28 March 2027 and back on 31 October. */
	before = schedule(asha, series, "Before summer time", "2027-03-27 16:00");
	after = schedule(asha, series, "In summer time", "2027-03-29 16:00");
	schedule(asha, series, "Last of summer time", "2027-10-30 16:00");
	schedule(asha, series, "Back to GMT", "2027-11-01 16:00");
	/* Enough more for a second page. */
	for (i = 0; i < 8; i++) {
		snprintf(line, sizeof line, "2028-01-%02d 09:30", 10 + i);
		schedule(asha, series, "Winter drop-in", line);
	}

	/* ben, a member, takes the whole series page by page. */
	r = itest_call_ok(ben, "meeting.ics", json_pack("{s:I}", "series", series));
	for (;;) {
		ics = proto_ics_join(ics, itest_get_str(r, "ics"));
		pages++;
		if (json_is_null(itest_get(r, "next")))
			break;
		r = itest_call_ok(ben, "meeting.ics", json_pack("{s:I, s:I}",
		    "series", series, "after", itest_get_int(r, "next")));
	}
	assert_int_equal(pages, 2);
	has(ics, "BEGIN:VTIMEZONE");
	has(ics, "DTSTART;TZID=Europe/London:20270327T160000");
	events = parsed(ics);
	has(events, "2027-03-27T16:00Z 2027-03-27T17:30Z|Before summer time\n");
	has(events, "2027-03-29T15:00Z 2027-03-29T16:30Z|In summer time\n");
	has(events, "2027-10-30T15:00Z 2027-10-30T16:30Z|Last of summer time\n");
	has(events, "2027-11-01T16:00Z 2027-11-01T17:30Z|Back to GMT\n");
	has(events, "2028-01-17T09:30Z 2028-01-17T11:00Z|Winter drop-in\n");
	/* Twelve meetings, each once, though they came in two pages. */
	for (i = 0, m = 0; events[m] != '\0'; m++)
		i += events[m] == '\n';
	assert_int_equal(i, 12);
	free(events);
	free(ics);

	/* One meeting: the same UID; an agenda change raises its SEQUENCE. */
	ics = proto_ics_join(NULL, itest_get_str(itest_call_ok(ben, "meeting.ics",
	    json_pack("{s:I}", "meeting", after)), "ics"));
	events = parsed(ics);
	assert_int_equal(sscanf(events, "%79s", uid), 1);
	snprintf(line, sizeof line, "%s 0 2027-03-29T15:00Z", uid);
	has(events, line);
	free(events);
	free(ics);
	itest_call_ok(asha, "agenda.add", json_pack("{s:I, s:s}", "meeting", after,
	    "title", "EHCP annual reviews"));
	ics = proto_ics_join(NULL, itest_get_str(itest_call_ok(ben, "meeting.ics",
	    json_pack("{s:I}", "meeting", after)), "ics"));
	has(ics, "EHCP annual reviews");
	events = parsed(ics);
	snprintf(line, sizeof line, "%s 1 2027-03-29T15:00Z", uid);
	has(events, line);
	free(events);
	free(ics);

	/* Outside the series there is nothing to see. */
	itest_call_error(eve, "meeting.ics", json_pack("{s:I}", "series", series),
	    "not_found");
	itest_call_error(eve, "meeting.ics", json_pack("{s:I}", "meeting", before),
	    "not_found");
	itest_call_error(ben, "meeting.ics", json_pack("{s:I, s:s}", "series",
	    series, "after", "soon"), "bad_request");
	itest_close(asha);
	itest_close(ben);
	itest_close(eve);
}

/* The meeting's one VEVENT as python3-icalendar reads it; caller frees. */
static char *
one_event(struct itest_client *c, json_int_t meeting)
{
	char *ics, *events;

	ics = proto_ics_join(NULL, itest_get_str(itest_call_ok(c, "meeting.ics",
	    json_pack("{s:I}", "meeting", meeting)), "ics"));
	events = parsed(ics);
	free(ics);
	return events;
}

static void
a_chairs_edit_moves_the_meeting_in_every_calendar_until_it_ends(void **state)
{
	struct itest_client *fay = itest_person_online(srv, "fay", "london");
	struct itest_client *gus = itest_person_online(srv, "gus", "london");
	struct itest_client *hal = itest_person_online(srv, "hal", "london");
	const json_t *ev, *r;
	json_int_t series, m;
	char *events, uid[80], line[160];

	series = series_of_two(fay, "Riverside SEND leads", gus, "gus");
	m = schedule(fay, series, "Spring network", "2027-03-25 16:00");
	itest_wait_event(gus, "meeting");	/* scheduled */
	events = one_event(gus, m);
	assert_int_equal(sscanf(events, "%79s", uid), 1);
	snprintf(line, sizeof line, "%s 0 2027-03-25T16:00Z 2027-03-25T17:30Z|"
	    "Spring network\n", uid);
	has(events, line);
	free(events);

	/* Moved across the clock change and retitled: SEQUENCE 1, the new time. */
	r = itest_call_ok(fay, "meeting.edit", json_pack("{s:I, s:s, s:s}",
	    "meeting", m, "title", "Spring network (moved)", "start",
	    "2027-04-01 15:30"));
	assert_string_equal(itest_get_str(r, "meeting.start_local"),
	    "2027-04-01 15:30 BST");
	ev = itest_wait_event(gus, "meeting");
	assert_string_equal(itest_get_str(ev, "edited.by"), "fay");
	assert_string_equal(itest_get_str(ev, "edited.was.title"),
	    "Spring network");
	assert_string_equal(itest_get_str(ev, "edited.was.start_local"),
	    "2027-03-25 16:00 GMT");
	assert_null(itest_find(ev, "edited.was.minutes"));
	assert_string_equal(itest_get_str(ev, "meeting.title"),
	    "Spring network (moved)");
	events = one_event(gus, m);
	snprintf(line, sizeof line, "%s 1 2027-04-01T14:30Z 2027-04-01T16:00Z|"
	    "Spring network (moved)\n", uid);
	has(events, line);
	free(events);

	/* Longer: SEQUENCE 2; the same again is no new version. */
	itest_call_ok(fay, "meeting.edit", json_pack("{s:I, s:i}", "meeting", m,
	    "minutes", 120));
	assert_int_equal(itest_get_int(itest_wait_event(gus, "meeting"),
	    "edited.was.minutes"), 90);
	itest_call_ok(fay, "meeting.edit", json_pack("{s:I, s:i, s:s}",
	    "meeting", m, "minutes", 120, "title", "Spring network (moved)"));
	events = one_event(gus, m);
	snprintf(line, sizeof line, "%s 2 2027-04-01T14:30Z 2027-04-01T16:30Z|",
	    uid);
	has(events, line);
	free(events);
	assert_int_equal(itest_unclaimed_events(gus, "meeting"), 0);

	/* Chairs only; nothing for outsiders; mistakes change nothing. */
	itest_call_error(gus, "meeting.edit", json_pack("{s:I, s:s}", "meeting",
	    m, "title", "Mine now"), "forbidden");
	itest_call_error(hal, "meeting.edit", json_pack("{s:I, s:s}", "meeting",
	    m, "title", "Mine now"), "not_found");
	itest_call_error(fay, "meeting.edit", json_pack("{s:I}", "meeting", m),
	    "bad_request");
	itest_call_error(fay, "meeting.edit", json_pack("{s:I, s:s}", "meeting",
	    m, "start", "2027-03-28 01:30"), "bad_request");
	itest_call_error(fay, "meeting.edit", json_pack("{s:I, s:i}", "meeting",
	    m, "minutes", 0), "bad_request");
	itest_call_error(fay, "meeting.edit", json_pack("{s:I, s:s}", "meeting",
	    m, "title", ""), "bad_request");

	/* Live: a new title yes, a new start no; ended: nothing. */
	itest_call_ok(fay, "meeting.start", json_pack("{s:I}", "meeting", m));
	itest_call_ok(fay, "meeting.edit", json_pack("{s:I, s:s}", "meeting", m,
	    "title", "Spring network, live"));
	/* Its room, open now, takes the new title. */
	assert_string_equal(itest_get_str(itest_find_room(itest_call_ok(gus,
	    "rooms.list", NULL), itest_get_str(r, "meeting.room")), "name"),
	    "Spring network, live");
	itest_call_error(fay, "meeting.edit", json_pack("{s:I, s:s}", "meeting",
	    m, "start", "2027-04-02 15:30"), "bad_request");
	itest_call_ok(fay, "meeting.end", json_pack("{s:I}", "meeting", m));
	itest_call_error(fay, "meeting.edit", json_pack("{s:I, s:s}", "meeting",
	    m, "title", "Afterwards"), "bad_request");
	events = one_event(gus, m);
	snprintf(line, sizeof line, "%s 3 2027-04-01T14:30Z 2027-04-01T16:30Z|"
	    "Spring network, live\n", uid);
	has(events, line);
	free(events);
	itest_close(fay);
	itest_close(gus);
	itest_close(hal);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_series_imports_with_its_times_right_across_the_clock_changes),
		cmocka_unit_test(a_chairs_edit_moves_the_meeting_in_every_calendar_until_it_ends),
	};
	int failures;

	itest_init();
	failures = cmocka_run_group_tests_name("itest_calendar", tests, setup,
	    teardown);
	return itest_finish(failures);
}
