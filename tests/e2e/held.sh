#!/bin/sh
# held.sh: messages a watched word held, decided from the console as a
# regional lead would. The lead opens the Reports tab, reads the held
# message (author, room, text, rule), approves it with one key: it arrives
# in the room for another member, the entry leaves a second moderator's
# console at once and its author is told. Another is rejected with x and a
# reason the author reads. A third, whose author has gone, is rejected from
# --plain with /reject; the author reads why at their next login.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person asha "Asha Patel" north-east
e2e_person ben "Ben Okafor" north-east
e2e_person mo "Mo Khan" north-east
e2e_person nia "Nia Cole" north-east
itest_ctl user set mo --role moderator >/dev/null &&
	itest_ctl user set nia --role moderator >/dev/null &&
	itest_ctl words add region:north-east tribunal --action hold \
	    --label legal >/dev/null ||
	{ echo "Bail out! setting up the moderators and the rule failed"; exit 99; }
itest_daemon_start --client "$STAFFROOM"

to_region() {
	e2e_wait "$1" "2 North East" && e2e_keys "$1" M-2 &&
		e2e_wait "$1" "North East [region:north-east]"
}

console_approves() {
	e2e_client a asha && to_region a && e2e_client b ben && to_region b ||
		return 1
	e2e_client m mo && to_region m && e2e_client n nia && to_region n ||
		return 1
	e2e_say a "The tribunal bundle is ready to share" &&
		e2e_wait a "held for a moderator: legal (rule 1); your message reaches North East" ||
		return 1
	e2e_keys n F5 && e2e_wait n "Console: Reports" &&
		e2e_wait n "#1 North East: held by legal (rule 1), asha: The tribunal bundle" ||
		return 1
	e2e_keys m F5 && e2e_wait m "Console: Reports" &&
		e2e_wait m "#1 North East: held by legal (rule 1), asha: The tribunal bundle" &&
		e2e_wait m "entry 1: a held message for North East, scope North East, waiting since" &&
		e2e_wait m "> asha: The tribunal bundle is ready to share" &&
		e2e_wait m "held by the watched word legal (rule 1)" || return 1
	# The report keys are not for it; a is.
	e2e_keys m d && e2e_wait m "a held message: a approves it, x rejects it" &&
		e2e_keys m a && e2e_wait m "entry 1: approved: the message is in its room now" &&
		e2e_wait m "No reports are waiting" || return 1
	e2e_wait n "No reports are waiting" &&
		e2e_wait n "entry 1 is decided: mo dealt with it" &&
		e2e_wait b "asha: The tribunal bundle is ready to share" &&
		e2e_wait a "a moderator approved your held message in North East"
}
itest_check "the console approves a held message: it arrives, leaves the other moderator's queue, the author is told" console_approves

console_rejects() {
	e2e_say a "Tribunal papers name the family" &&
		e2e_wait a "held for a moderator" || return 1
	e2e_wait m "#2 North East: held by legal (rule 1), asha: Tribunal papers" &&
		e2e_keys m x && e2e_wait m "reject entry 2 - reason asha reads:" &&
		e2e_keys m Enter && e2e_wait m "say why: its author reads the reason" &&
		e2e_type m "Please keep family details out of the room" &&
		e2e_keys m Enter && e2e_wait m "entry 2: rejected: its author is told why" ||
		return 1
	e2e_wait a "rejected your held message in North East: Please keep" &&
		e2e_wait n "No reports are waiting" &&
		e2e_lacks b "Tribunal papers name the family"
}
itest_check "the console rejects a held message with a reason its author reads" console_rejects

plain_rejects_while_away() {
	e2e_say a "Tribunal hearing moved to Thursday" &&
		e2e_wait a "held for a moderator" || return 1
	e2e_say a "/quit" && e2e_wait_exit a >/dev/null &&
		e2e_client p mo --plain && e2e_wait p "* connected to" || return 1
	e2e_say p "/queue" &&
		e2e_wait p "entry 3: a held message for North East, scope North East" &&
		e2e_wait p "> asha: Tribunal hearing moved to Thursday" &&
		e2e_wait p "held by the watched word legal (rule 1)" &&
		e2e_wait p "/approve ENTRY or /reject ENTRY REASON" || return 1
	e2e_say p "/reject 3" && e2e_wait p "/reject ENTRY REASON" &&
		e2e_say p "/reject 3 Dates of hearings stay with the family" &&
		e2e_wait p "entry 3: rejected: its author is told why" || return 1
	e2e_wait n "entry 3 is decided: mo dealt with it" &&
		e2e_client a2 asha &&
		e2e_wait a2 "rejected your held message in North East: Dates of" &&
		e2e_lacks b "Tribunal hearing moved"
}
itest_check "plain mode rejects one whose author is away; they read why at their next login" plain_rejects_while_away

itest_done
