#!/bin/sh
# console_lead.sh: issue 19 as a new regional lead would try it. Lena
# moderates the North East (a scope given by the operator, no more) and,
# from the console alone, handles a report (the message is hidden), a
# message a watched word held (approved, it arrives), a mute (the author's
# next message is refused) and a slow mode (a second message is held back,
# rate_limited, and sent when the wait is over); members in their own
# terminals see each effect. Then the same four from --plain's commands.
# Queue entries are numbered in order: 1-3 here, 4-6 in plain mode.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person lena "Lena Lead" north-east
e2e_person amy "Amy Reed" north-east
e2e_person ben "Ben Okafor" north-east
e2e_person cal "Cal Moss" north-east
e2e_person dan "Dan Hill" north-east
itest_ctl mod add lena region:north-east >/dev/null &&
	itest_ctl words add region:north-east tribunal --action hold \
	    --label legal >/dev/null ||
	{ echo "Bail out! cannot make the lead and the rule"; exit 99; }
itest_daemon_start --client "$STAFFROOM"

to_region() {
	e2e_to_room "$1" 2 "North East" region:north-east
}

# Someone coming in later is offered what is new first: Enter goes there.
to_region_later() {
	e2e_until "$1" "the client ready" e2e_matches "$1" \
	    "While you were away|2 North East" || return 1
	if e2e_matches "$1" "While you were away"; then
		e2e_keys "$1" Enter &&
			e2e_wait "$1" "North East [region:north-east]"
	else
		to_region "$1"
	fi
}

# --- the full-screen console ---------------------------------------------------

lead_hides_a_reported_message() {
	e2e_client a amy && to_region a && e2e_client b ben && to_region b &&
		e2e_client l lena && to_region l || return 1
	e2e_say a "Jo Bloggs in 9C kicked off again today" &&
		e2e_wait b "amy: Jo Bloggs in 9C" || return 1
	e2e_report_newest b "names a pupil" || return 1
	e2e_keys l F5 && e2e_wait l "Console: Reports" &&
		e2e_wait l "amy: Jo Bloggs in 9C" &&
		e2e_wait l "reported by ben (other): names a pupil" || return 1
	e2e_keys l h && e2e_wait l "hide entry 1 - reason" &&
		e2e_type l "Please keep pupils anonymous" && e2e_keys l Enter &&
		e2e_wait l "entry 1: the item is hidden" &&
		e2e_wait l "No reports are waiting" || return 1
	e2e_wait_gone b "Jo Bloggs" && e2e_wait_gone a "Jo Bloggs" &&
		e2e_wait b "they took action"
}
itest_check "full screen: the lead hides a reported message; it leaves the members' screens" lead_hides_a_reported_message

lead_approves_a_held_message() {
	e2e_say a "Our tribunal date is set for March" &&
		e2e_wait a "held for a moderator: legal (rule 1); your message reaches North East" ||
		return 1
	e2e_wait l "#2 North East: held by legal (rule 1), amy: Our tribunal date" &&
		e2e_wait l "entry 2: a held message for North East, scope North East" &&
		e2e_lacks b "amy: Our tribunal date" || return 1
	e2e_keys l a && e2e_wait l "entry 2: approved: the message is in its room now" &&
		e2e_wait l "No reports are waiting" || return 1
	e2e_wait b "amy: Our tribunal date is set for March" &&
		e2e_wait a "a moderator approved your held message in North East"
}
itest_check "full screen: the lead approves a held message; it arrives for the members" lead_approves_a_held_message

lead_mutes_from_a_report() {
	e2e_say a "Honestly this network is a waste of time" &&
		e2e_wait b "amy: Honestly this network" || return 1
	e2e_report_newest b "rude to everyone" &&
		e2e_wait l "amy: Honestly this network" || return 1
	e2e_keys l m && e2e_wait l "mute entry 3 for how many minutes? 60" &&
		e2e_keys l BSpace BSpace && e2e_type l "30" && e2e_keys l Enter &&
		e2e_wait l "mute, entry 3" && e2e_type l "Take a break, Amy" &&
		e2e_keys l Enter && e2e_wait l "entry 3: the author is muted" ||
		return 1
	e2e_wait a "Take a break, Amy" &&
		e2e_say a "But I meant it kindly" && e2e_wait a "muted until" &&
		e2e_lacks b "But I meant it kindly"
}
itest_check "full screen: a mute from the report; the author's next message is refused" lead_mutes_from_a_report

lead_sets_slow_mode() {
	# The second line is the region's room (the first the national one).
	e2e_keys l 3 && e2e_wait l "North East: open" &&
		e2e_keys l Down && e2e_wait l "s slow mode" &&
		e2e_keys l s && e2e_wait l "slow mode in region:north-east" &&
		e2e_keys l BSpace && e2e_type l "5" && e2e_keys l Enter &&
		e2e_wait l "North East: open, slow: 5 s" || return 1
	e2e_say b "First thought on the taxi rota" &&
		e2e_wait a "ben: First thought on the taxi rota" &&
		e2e_say b "And a second straight after" &&
		e2e_wait b "held back: North East is in slow mode" &&
		e2e_lacks a "And a second straight after" || return 1
	# The client sends it again once the wait is over; the notice, wrapped
	# above the status line, leaves the newest message in sight.
	e2e_wait a "ben: And a second straight after" &&
		e2e_wait_gone b "unsent" && e2e_has b "held back: North East" &&
		e2e_wait b "ben: And a second straight after" || return 1
	e2e_keys l s && e2e_wait l "slow mode in region:north-east" &&
		e2e_keys l BSpace && e2e_type l "0" && e2e_keys l Enter &&
		e2e_wait_gone l "slow: 5 s" && e2e_keys l Escape &&
		e2e_wait_gone l "Console:"
}
itest_check "full screen: slow mode from the Rooms tab; a second message waits and goes later" lead_sets_slow_mode

# --- the same from plain mode's commands ------------------------------------------

plain_lead_hides_a_reported_message() {
	e2e_client c cal --plain && e2e_wait c "* connected to" &&
		e2e_say c "/join 2" && e2e_wait c "* now in [North East]" ||
		return 1
	e2e_client d dan && to_region_later d || return 1
	e2e_client p lena --plain && e2e_wait p "* connected to" &&
		e2e_say p "/join 2" && e2e_wait p "* now in [North East]" ||
		return 1
	e2e_say d "Sam in Year 4 hit a TA this morning" &&
		e2e_wait c "dan: Sam in Year 4 hit a TA" &&
		e2e_wait b "dan: Sam in Year 4" || return 1
	e2e_report_newest b "names a pupil" || return 1
	e2e_say p "/mod" && e2e_wait p "* moderation console: /queue lists" &&
		e2e_wait p "dan: Sam in Year 4 hit a TA" &&
		e2e_wait p "reported by ben (other): names a pupil" || return 1
	e2e_wait p "* entry 4 [North East], scope North East:" &&
		e2e_say p "/resolve 4 hide Please keep pupils anonymous" &&
		e2e_wait p "* done: the entry is resolved" || return 1
	e2e_wait c "* a moderator removed dan's message of" &&
		e2e_wait_gone d "Sam in Year 4" && e2e_wait_gone b "Sam in Year 4"
}
itest_check "plain mode: the lead hides a reported message; members see it go" plain_lead_hides_a_reported_message

plain_lead_approves_a_held_message() {
	e2e_say d "The tribunal panel met today" &&
		e2e_wait d "held for a moderator: legal (rule 1)" || return 1
	e2e_say p "/queue" &&
		e2e_wait p "entry 5: a held message for North East, scope North East" &&
		e2e_wait p "> dan: The tribunal panel met today" &&
		e2e_wait p "held by the watched word legal (rule 1)" || return 1
	e2e_lacks c "dan: The tribunal panel" &&
		e2e_say p "/approve 5" &&
		e2e_wait p "entry 5: approved: the message is in its room now" ||
		return 1
	e2e_wait c "dan: The tribunal panel met today" &&
		e2e_wait b "dan: The tribunal panel met today" &&
		e2e_wait d "a moderator approved your held message in North East"
}
itest_check "plain mode: /approve sends a held message; members see it arrive" plain_lead_approves_a_held_message

plain_lead_mutes_from_a_report() {
	e2e_say d "Whoever set this agenda is clueless" &&
		e2e_wait b "dan: Whoever set this agenda" || return 1
	e2e_report_newest b "rude about a colleague" &&
		e2e_wait p "* a new report (other) in North East: /queue lists it" &&
		e2e_say p "/queue" &&
		e2e_wait p "reported by ben (other): rude about a colleague" ||
		return 1
	e2e_wait p "* entry 6 [North East], scope North East:" &&
		e2e_say p "/resolve 6 mute 30 Cool off for half an hour" &&
		e2e_wait d "Cool off for half an hour" &&
		e2e_say d "I only said what everyone thinks" &&
		e2e_wait d "muted until" &&
		e2e_lacks c "I only said what everyone thinks"
}
itest_check "plain mode: a mute with /resolve; the author's next message is refused" plain_lead_mutes_from_a_report

plain_lead_sets_slow_mode() {
	e2e_say p "/slow 5" && e2e_wait p "slow: 5 s" || return 1
	e2e_say c "Plain first: the rota is fine by me" &&
		e2e_wait b "cal: Plain first: the rota" &&
		e2e_say c "Plain second: and Friday too" &&
		e2e_wait c "* held back: North East is in slow mode" &&
		e2e_lacks b "cal: Plain second" || return 1
	e2e_wait b "cal: Plain second: and Friday too" || return 1
	e2e_say p "/slow off" && e2e_wait p "* North East: open"
}
itest_check "plain mode: /slow in the room; a second message is held back and sent later" plain_lead_sets_slow_mode

itest_done
