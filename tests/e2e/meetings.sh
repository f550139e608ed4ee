#!/bin/sh
# meetings.sh: one meeting of two trusts' SENCOs from agenda to minutes, as
# people use it (issue 21's "done means"): asha (Oak MAT) chairs from plain
# mode, ben (Oak), cara and dan (Elm MAT, another region) are in the full
# client. The series is made and joined from the clients, the meeting moved
# before it starts, the records typed as lines in the meeting room in both
# frontends; four people queue to speak, the chair gives the floor and runs
# a named and an anonymous vote whose results become records; the minutes
# land on the series' board, and members save the series for their
# calendars, read back by a real iCalendar parser.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person asha "Asha Patel" london
e2e_person ben "Ben Okafor" london
e2e_person cara "Cara Jones" north-east
e2e_person dan "Dan Reid" north-east
oak=$(itest_ctl trust add "Oak MAT" --region london) &&
	elm=$(itest_ctl trust add "Elm MAT" --region north-east) &&
	itest_ctl trust member asha "$oak" && itest_ctl trust member ben "$oak" &&
	itest_ctl trust member cara "$elm" && itest_ctl trust member dan "$elm" ||
	{ echo "Bail out! trusts not made"; exit 99; }
itest_daemon_start

screen_matches() {
	e2e_screen "$1" | grep -q -E -- "$2"
}

# The number in the newest line of p's screen matching "PREFIX<n>".
last_number() {
	e2e_screen p | sed -n "s/.*$1\([0-9][0-9]*\).*/\1/p" | tail -n 1
}

series_made_and_joined() {
	e2e_client p asha --plain && e2e_wait p "* connected to" || return 1
	e2e_client b ben && e2e_wait b "National" || return 1
	e2e_client c cara && e2e_wait c "National" || return 1
	e2e_client d dan && e2e_wait d "National" || return 1
	e2e_say p "/series create trust Oak and Elm SENCO network" &&
		e2e_wait p "(you: chair; owner asha" || return 1
	S=$(last_number "series ")
	[ -n "$S" ] || return 1
	e2e_say p "/series invite $S cara trust" && e2e_wait p "* invited" &&
		e2e_wait c "asha invites you to the series" &&
		e2e_say c "/series accept $S" || return 1
	e2e_say p "/series $S" && e2e_wait p "trusts: Elm MAT, Oak MAT"
}
itest_check "a chair makes a series for her trust; another trust's SENCO accepts for hers" series_made_and_joined

meeting_scheduled_and_started() {
	e2e_say p "/schedule $S 2027-03-04 16:00 30 Spring network" &&
		e2e_wait p "Spring network: upcoming, 2027-03-04 16:00 GMT" ||
		return 1
	M=$(last_number "meeting ")
	# Upcoming meetings are in the full client's sidebar until they start.
	e2e_wait b "Meetings" && e2e_wait b " 4 Mar 16:00 Spring" &&
		e2e_wait c " 4 Mar 16:00 Spring" || return 1
	# Moved half an hour on before it starts: everyone is told what moved,
	# the sidebars follow; a member may not edit it.
	e2e_say p "/meeting edit $M start 2027-03-04 16:30" &&
		e2e_wait p "\"Spring network\": asha moved it to 2027-03-04 16:30 GMT (was" &&
		e2e_wait b " 4 Mar 16:30 Spring" && e2e_wait c " 4 Mar 16:30 Spring" &&
		e2e_wait_gone b " 4 Mar 16:00 Spring" || return 1
	e2e_say c "/meeting edit $M title Cara's network" &&
		e2e_wait c "forbidden" && e2e_keys c C-u &&
		e2e_lacks b "Cara's network" || return 1
	e2e_say p "/agenda $M add 5 Welcome" &&
		e2e_say p "/agenda $M add @ben 15 EHCP templates" &&
		e2e_say p "/startmeeting $M" &&
		e2e_wait p "Spring network: live" &&
		e2e_wait p "now in [Spring network]" &&
		e2e_wait_gone b " 4 Mar 16:30 Spring" || return 1
	# The room opens for both trusts; the header shows where the meeting is.
	e2e_say b "/join meeting:$M" && e2e_wait b "[meeting:$M] | live" &&
		e2e_say c "/join meeting:$M" && e2e_wait c "[meeting:$M] | live" &&
		e2e_say d "/join meeting:$M" && e2e_wait d "[meeting:$M] | live" &&
		e2e_say p "/next" &&
		e2e_wait b "item 1/2: Welcome" && e2e_wait c "item 1/2: Welcome"
}
itest_check "the chair schedules in UK time (the sidebar shows it ahead), moves it, builds the agenda and starts (the chair is taken to its room); the header follows the item" meeting_scheduled_and_started

records_typed_in_both_frontends() {
	e2e_say c "present+" && e2e_say b "present+" &&
		e2e_say p "#agreed Share one EHCP template across both trusts" &&
		e2e_wait b "#agreed Share one EHCP template" || return 1
	e2e_say p "/next" && e2e_wait b "item 2/2: EHCP templates" || return 1
	e2e_say b "#info The LA panel moves to Thursdays" &&
		e2e_wait p "* #info 4 by ben: The LA panel moves to Thursdays" ||
		return 1
	# Only chairs and the minute taker decide: refused whole, with why.
	e2e_say b "#agreed Ben decides" && e2e_wait b "forbidden" || return 1
	e2e_say p "#action @cara Draft the shared template due 2027-03-18" &&
		e2e_wait c "#action @cara Draft the shared template" &&
		e2e_say p "#action cara no handle" &&
		e2e_wait p "! bad_request: not recorded: write #action @handle" ||
		return 1
	# The full client's meeting view: the agenda and the records so far.
	# A refused line stays on the input line to be fixed: clear it first.
	e2e_keys b C-u && e2e_say b "/meeting" &&
		e2e_wait b "Meeting $M: Spring network (live" &&
		e2e_wait b "2. EHCP templates, ben (15 min)" &&
		e2e_wait b "Records so far" &&
		e2e_wait b "by asha: Share one EHCP template across both trusts" &&
		e2e_keys b Escape && e2e_wait_gone b "Records so far"
}
itest_check "record lines typed in the full client and in plain mode; a mistake is refused whole" records_typed_in_both_frontends

queue_and_vote() {
	# Four ask to speak, two with a note.
	e2e_say b "q+ about taxis" && e2e_wait p "* queue: ben (about taxis)" &&
		e2e_say c "q+" && e2e_wait p "* queue: ben (about taxis), cara" &&
		e2e_say d "q+ EHCP deadlines" &&
		e2e_wait p "* queue: ben (about taxis), cara, dan (EHCP deadlines)" &&
		e2e_say p "q+ on transport" &&
		e2e_wait p "cara, dan (EHCP deadlines), asha (on transport)" ||
		return 1
	# The full meeting view stands the floor, the queue and the open votes
	# above the agenda, and keeps them as they change.
	e2e_say b "/meeting" && e2e_wait b "Floor: nobody has it yet" &&
		e2e_wait b "  1. ben: about taxis" && e2e_wait b "  2. cara" &&
		e2e_wait b "  3. dan: EHCP deadlines" &&
		e2e_wait b "  4. asha: on transport" || return 1
	e2e_say p "/ack" && e2e_wait b "Floor: ben (given by asha)" &&
		e2e_wait b "  3. asha: on transport" &&
		e2e_wait_gone b "  4. asha" &&
		e2e_say p "/ack dan" && e2e_wait b "Floor: dan (given by asha)" &&
		e2e_wait b "  2. asha: on transport" || return 1
	# A named vote: counts and names as people vote.
	e2e_say p "#vote Which template? | LA's | Ours" &&
		e2e_wait c "by asha (named, open, 0 voted): Which template?" &&
		e2e_wait b "(named, 0 voted): Which template?" &&
		e2e_wait b "  2. Ours: 0" || return 1
	e2e_say c "/vote 2" && e2e_wait c "voted" &&
		e2e_wait p "(named, open, 1 voted): Which template? 1. LA's: 0; 2. Ours: 1" &&
		e2e_wait b "  2. Ours: 1 (cara)" &&
		e2e_say d "/vote 1" && e2e_wait b "  1. LA's: 1 (dan)" &&
		e2e_wait b "(named, 2 voted): Which template?" || return 1
	# Closed, its result is a record, names and all; it leaves the panel.
	e2e_say p "/closevote" &&
		e2e_wait b "Which template? (named vote, 2 voted): LA's 1 (dan)" &&
		e2e_wait_gone b "(named, 2 voted): Which template?" || return 1
	# An anonymous vote: no counts until it closes, no second vote, no names.
	e2e_say p "#vote anonymous Adopt it? | Yes | No" &&
		e2e_wait b "(anonymous, 0 voted; counts when closed): Adopt it?" &&
		e2e_say c "/vote 1" && e2e_say d "/vote 1" &&
		e2e_wait b "(anonymous, 2 voted; counts when closed): Adopt it?" &&
		e2e_lacks b "  1. Yes:" || return 1
	e2e_keys b Escape && e2e_wait_gone b "Floor: dan" &&
		e2e_say b "/vote 2" && e2e_wait b "voted" &&
		e2e_say b "/vote 1" && e2e_wait b "cannot be changed" &&
		e2e_keys b C-u || return 1
	e2e_say p "/closevote" &&
		e2e_wait p "by asha: Adopt it? (anonymous vote, 3 voted): Yes 2, No 1" &&
		screen_matches p "Adopt it\? \(anonymous vote, 3 voted\): Yes 2, No 1$"
}
itest_check "four queue to speak; the chair gives the floor and runs a named and an anonymous vote from plain mode; the full meeting view keeps them standing; results become records" queue_and_vote

minutes_on_the_board() {
	e2e_say p "/endmeeting" && e2e_wait p "Spring network: ended" || return 1
	# A script reads them whole: plain mode, lines in, answers out.
	printf '%s\n' "/minutes $M" "/search shared template" |
		e2e_plain_piped ben "$ITEST_TMP/minutes.out" ||
		{ cat "$ITEST_TMP/minutes.out"; return 1; }
	cat "$ITEST_TMP/minutes.out"
	for line in "* # Spring network" \
	    "* - **Date and time:** 2027-03-04 16:30 GMT, 30 minutes" \
	    "* - **Present:** asha, ben, cara, dan" "* ## 1. Welcome" \
	    "* - Share one EHCP template across both trusts" \
	    "* ## 2. EHCP templates" "* - The LA panel moves to Thursdays" \
	    "* - @cara: Draft the shared template (due 2027-03-18)"; do
		grep -q -F -x -- "$line" "$ITEST_TMP/minutes.out" ||
			{ echo "no line: $line"; return 1; }
	done
	grep -q "Minutes: Spring network, 2027-03-04" "$ITEST_TMP/minutes.out" &&
		e2e_say p "/boards" && e2e_wait p "Oak and Elm SENCO network"
}
itest_check "/endmeeting posts the minutes on the series' board, where search finds them" minutes_on_the_board

# Members of both trusts save the series for their calendars, read back by
# a real parser: both meetings, each at its UK time (GMT, then BST).
calendar_saved() {
	e2e_say p "/schedule $S 2027-06-10 16:00 60 Summer network" &&
		e2e_wait p "Summer network: upcoming, 2027-06-10 16:00 BST" &&
		e2e_say b "/ics $ITEST_TMP/network.ics" &&
		e2e_wait b "2 meetings saved in" &&
		e2e_say c "/ics $ITEST_TMP/elm.ics" &&
		e2e_wait c "2 meetings saved in" || return 1
	for file in network elm; do
		/usr/bin/python3 - "$ITEST_TMP/$file.ics" <<'EOF' || return 1
import sys, datetime, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
events = sorted(cal.walk('VEVENT'), key=lambda ev: ev.decoded('DTSTART'))
assert len(events) == 2, events
utc = datetime.timezone.utc
spring, summer = events
assert str(spring['SUMMARY']) == 'Spring network', spring['SUMMARY']
start = spring.decoded('DTSTART').astimezone(utc)
assert start.strftime('%Y-%m-%d %H:%M') == '2027-03-04 16:30', start
assert '2. EHCP templates (ben), 15 min' in str(spring['DESCRIPTION'])
# Moved once and given an agenda: a calendar takes this as a newer version.
assert int(spring['SEQUENCE']) >= 1, spring['SEQUENCE']
assert str(summer['SUMMARY']) == 'Summer network', summer['SUMMARY']
start = summer.decoded('DTSTART').astimezone(utc)
assert start.strftime('%Y-%m-%d %H:%M') == '2027-06-10 15:00', start
assert spring['UID'] != summer['UID']
EOF
	done
}
itest_check "members of both trusts save the series as an iCalendar file a calendar parser reads" calendar_saved

e2e_say p "/quit"
itest_done
