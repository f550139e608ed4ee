/*
 * itest_calendar.c: meeting.ics over real SSH, read back by a real
 * iCalendar parser (Debian's python3-icalendar): one meeting or a whole
 * series in pages joined into one VCALENDAR, UK times right on both sides
 * of the clocks changing, a UID that stays and a SEQUENCE that rises with
 * each change, and nothing for people outside the series.
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

	series = itest_get_int(itest_call_ok(asha, "series.create", json_pack(
	    "{s:s}", "name", "London SENCO network")), "series.id");
	itest_call_ok(asha, "series.invite", json_pack("{s:I, s:s}", "series",
	    series, "handle", "ben"));
	itest_call_ok(ben, "series.accept", json_pack("{s:I}", "series", series));
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_series_imports_with_its_times_right_across_the_clock_changes),
	};
	int failures;

	itest_init();
	failures = cmocka_run_group_tests_name("itest_calendar", tests, setup,
	    teardown);
	return itest_finish(failures);
}
