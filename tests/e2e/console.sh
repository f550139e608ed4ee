#!/bin/sh
# console.sh: the moderators' console, as a regional lead new to it would
# use it. A member reports a message; the region's moderator opens the
# console with F5, reads the report with its context, and warns the author
# with one key, a reason and Tab for "hide the message too": the message
# leaves another member's screen and the author reads why. A mute from the
# console says how long; the author's next message is refused. The same
# queue in --plain through /mod; a member is told the console is not theirs.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person amy "Amy Reed" north-east
e2e_person ben "Ben Okafor" north-east
e2e_person cal "Cal Moss" north-east
e2e_person mo "Mo Khan" north-east
e2e_person ada "Ada Shah" london
itest_ctl user set mo --role moderator >/dev/null &&
	itest_ctl user set ada --role admin >/dev/null || exit 1
itest_daemon_start --client "$STAFFROOM"

to_region() {
	e2e_to_room "$1" 2 "North East" region:north-east
}

member_refused() {
	e2e_client c cal && to_region c || return 1
	e2e_keys c F5 && e2e_wait c "the console is for moderators and admins" &&
		e2e_lacks c "Console:" && e2e_keys c Escape &&
		e2e_wait_gone c "the console is for"
}
itest_check "a member pressing F5 is told the console is not theirs" member_refused

console_warn_and_hide() {
	e2e_client a amy && to_region a && e2e_client b ben && to_region b ||
		return 1
	e2e_client m mo && to_region m || return 1
	e2e_say a "Before this: the taxi rota for Friday" &&
		e2e_say a "Jo Bloggs at Hill School is struggling again" &&
		e2e_wait c "amy: Jo Bloggs at Hill School" || return 1
	e2e_report_newest b "names a pupil and their school" || return 1
	e2e_keys m F5 && e2e_wait m "Console: Reports" &&
		e2e_wait m "#1 region:north-east (1 report: other) amy: Jo Bloggs at Hill School" &&
		e2e_wait m "the taxi rota for Friday" &&
		e2e_wait m "> " && e2e_wait m "reported by ben (other): names a pupil" ||
		return 1
	e2e_keys m w && e2e_wait m "warn, entry 1 (Tab: [ ] hide" &&
		e2e_keys m Tab && e2e_wait m "[x] hide" &&
		e2e_type m "Please never name a pupil here" && e2e_keys m Enter &&
		e2e_wait m "entry 1: the author is warned" &&
		e2e_wait m "No reports are waiting" || return 1
	e2e_wait_gone c "Jo Bloggs" && e2e_wait a "Please never name a pupil" &&
		e2e_wait b "they took action"
}
itest_check "a moderator warns from the console and hides the message" console_warn_and_hide

console_mute() {
	e2e_say a "Still think it matters" && e2e_wait c "amy: Still think" ||
		return 1
	# The queue follows the new report while the console is open.
	e2e_report_newest c "off topic" &&
		e2e_wait m "#2 region:north-east (1 report: other) amy: Still think" || return 1
	e2e_keys m m && e2e_wait m "mute entry 2 for how many minutes? 60" &&
		e2e_keys m BSpace BSpace && e2e_type m "30" && e2e_keys m Enter &&
		e2e_wait m "mute, entry 2" && e2e_type m "Half an hour away" &&
		e2e_keys m Enter && e2e_wait m "entry 2: the author is muted" || return 1
	e2e_wait a "Half an hour away" &&
		e2e_say a "But I only wanted to ask" && e2e_wait a "muted until" &&
		e2e_lacks c "But I only wanted to ask" || return 1
	# Esc goes back to the rooms.
	e2e_keys m Escape && e2e_wait_gone m "Console:" &&
		e2e_wait m "North East [region:north-east]"
}
itest_check "a mute from the console: minutes, reason, and the author refused" console_mute

console_plain() {
	e2e_say b "Does anyone have a sensory room plan?" &&
		e2e_wait c "ben: Does anyone have a sensory" || return 1
	e2e_report_newest c "spam" || return 1
	e2e_client p mo --plain && e2e_wait p "* connected to" || return 1
	e2e_say p "/mod" && e2e_wait p "* moderation console: /queue lists" &&
		e2e_wait p "* entry 3 [North East], scope North East:" &&
		e2e_wait p "reported by cal (other): spam" || return 1
	e2e_say p "/resolve 3 dismiss" && e2e_wait p "* done: the entry is resolved" &&
		e2e_wait c "they took no action"
}
itest_check "plain mode: /mod lists the console's commands and the queue" console_plain

console_people_kick() {
	# The People tab: who is online, a record, and ending amy's sessions.
	e2e_keys m F5 && e2e_wait m "Console:" && e2e_keys m 2 &&
		e2e_wait m "Online now in your regions:" &&
		e2e_wait m "amy (Amy Reed, North East): 1 session since" || return 1
	e2e_keys m / && e2e_wait m "whose record? handle:" &&
		e2e_type m "amy" && e2e_keys m Enter &&
		e2e_wait m "amy (Amy Reed), North East, member" &&
		e2e_wait m "online: client since" &&
		e2e_until m "the mute and its end" e2e_matches m "sanction 2: mute on .* until " &&
		e2e_wait m ": Please never name a pupil here" || return 1
	e2e_keys m K && e2e_wait m "end amy's sessions - reason" &&
		e2e_type m "Time for a break" && e2e_keys m Enter &&
		e2e_wait m "ended amy's 1 session" || return 1
	e2e_wait a "a moderator ended your session: Time for a break" &&
		e2e_keys a q && e2e_wait_exit a >/dev/null || return 1
	# Plain mode has the same as commands.
	e2e_say p "/online" && e2e_wait p "* mo (Mo Khan, North East): " &&
		e2e_say p "/person ben" && e2e_wait p "* ben (Ben Okafor), North East, member" &&
		e2e_wait p "*   no warnings or sanctions" &&
		e2e_say p "/kick ben" && e2e_wait p "* ended ben's 1 session" &&
		e2e_wait b "a moderator ended your session" &&
		e2e_keys b q && e2e_wait_exit b >/dev/null
}
itest_check "People: who is online, a record, and a kick, in the console and plain" console_people_kick

console_rooms_slow() {
	# Back in, ben and cal see the slow mode's effect at once.
	e2e_client b2 ben && to_region b2 || return 1
	e2e_keys m 3 && e2e_wait m "North East: open" &&
		e2e_keys m Down && e2e_wait m "s slow mode" || return 1
	e2e_until m "the region room selected" e2e_matches m "North East" &&
		e2e_keys m s && e2e_wait m "slow mode in region:north-east" &&
		e2e_keys m BSpace && e2e_type m "600" && e2e_keys m Enter &&
		e2e_wait m "North East: open, slow: 600 s" ||
		return 1
	e2e_say b2 "First thought on the taxi rota" &&
		e2e_wait c "ben: First thought on the taxi rota" &&
		e2e_say b2 "And a second one straight after" &&
		e2e_wait b2 "held back: North East is in slow mode: one message" &&
		e2e_wait b2 "connected | 1 unsent" &&
		e2e_lacks c "And a second one" || return 1
	# Plain mode turns it off in the room on screen.
	e2e_say p "/join north" && e2e_say p "/slow off" &&
		e2e_wait p "* North East: open" || return 1
	e2e_say c "Slow mode is over" && e2e_wait b2 "cal: Slow mode is over"
}
itest_check "Rooms: slow mode from the console, felt by a member; off in plain" console_rooms_slow

console_audit() {
	e2e_say p "/audit" && e2e_wait p "! forbidden: the audit log is for admins" ||
		return 1
	# F5 once the rooms are listed: before the hello nobody is a moderator.
	e2e_client d ada && e2e_wait d "2 London" && e2e_keys d F5 &&
		e2e_wait d "Console:" &&
		e2e_keys d 4 && e2e_wait d "Audit log:" &&
		e2e_wait d "mo: room.slow room" || return 1
	e2e_keys d f && e2e_wait d "filters (actor:HANDLE" &&
		e2e_type d "actor:mo target:amy" && e2e_keys d Enter &&
		e2e_wait d "Audit log (actor:mo target:amy):" &&
		e2e_wait d "mo: admin.kick amy: Time for a break" &&
		e2e_lacks d "room.slow" || return 1
	e2e_keys d v && e2e_wait d "audit log sound: " &&
		e2e_say p "/audit verify" &&
		e2e_until p "a second refusal" refused_twice p
}

refused_twice() {
	[ "$(e2e_count "$1" "! forbidden: the audit log is for admins")" -ge 2 ]
}
itest_check "Audit: an admin reads who did what, filtered, and verifies the chain; a moderator may not" console_audit

console_lift() {
	# amy, muted from the console above, is still refused.
	e2e_client a2 amy && e2e_until a2 "the client ready" e2e_matches a2 \
	    "While you were away|2 North East" || return 1
	# What came while she was out is offered first.
	if e2e_matches a2 "While you were away"; then
		e2e_keys a2 Escape && e2e_wait_gone a2 "While you were away" ||
			return 1
	fi
	to_region a2 || return 1
	e2e_say a2 "Can I speak yet" && e2e_wait a2 "muted until" || return 1
	e2e_keys m 2 && e2e_wait m "Online now in your regions:" &&
		e2e_keys m / && e2e_type m "amy" && e2e_keys m Enter &&
		e2e_wait m "amy (Amy Reed), North East, member" || return 1
	e2e_keys m L && e2e_wait m "lift sanction (its number in the record): 2" &&
		e2e_keys m Enter &&
		e2e_until m "the mute lifted" e2e_matches m "sanction 2: mute \(lifted\) on " ||
		return 1
	# The refused line waits in amy's input: Enter sends it now.
	e2e_keys a2 Enter && e2e_wait c "amy: Can I speak yet"
}
itest_check "People: a moderator lifts a mute early, and the member writes again" console_lift

itest_done
