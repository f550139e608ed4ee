#!/bin/sh
# moderation.sh: a pupil named in a region room, handled as a new
# moderator would: a member reports it from the full-screen client, the
# region's moderator lists it in plain mode and hides it with a warning;
# it leaves another member's open screen at once and the author reads the
# reason. Then a mute says why and until when, and a suspension ends the
# author's client, and a plain `ssh -t` session, in words.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person amy "Amy Reed" north-east
e2e_person ben "Ben Okafor" north-east
e2e_person cal "Cal Moss" north-east
e2e_person mo "Mo Khan" north-east
itest_ctl user set mo --role moderator >/dev/null || exit 1
itest_daemon_start --client "$STAFFROOM"

to_region() {
	e2e_to_room "$1" 2 "North East" region:north-east
}

report_hide_warn() {
	e2e_client a amy && to_region a && e2e_client b ben && to_region b &&
		e2e_client c cal && to_region c || return 1
	e2e_client m mo --plain && e2e_wait m "* connected to" || return 1
	e2e_say a "Jo Bloggs at Hill School is struggling again" &&
		e2e_wait b "amy: Jo Bloggs at Hill School" &&
		e2e_wait c "amy: Jo Bloggs at Hill School" || return 1
	# ben reports it: /report, Enter picks the newest message, then why.
	e2e_say b "/report" && e2e_wait b "Report" && e2e_keys b Enter &&
		e2e_type b "names a pupil and their school" && e2e_keys b Enter &&
		e2e_wait b "reported to the moderators" || return 1
	# The moderator, online, hears of it as it comes.
	e2e_wait m "* a new report (other) in North East: /queue lists it" &&
		e2e_say m "/queue" && e2e_wait m "* entry 1 [North East], scope North East:" &&
		e2e_until m "the reported message" e2e_matches m \
		    '^\*   > [0-2][0-9]:[0-5][0-9] amy: Jo Bloggs at Hill School' &&
		e2e_wait m "*   reported by ben (other): names a pupil" || return 1
	e2e_say m "/resolve 1 warn+hide Please never name a pupil or their school here" &&
		e2e_wait m "* done: the entry is resolved" || return 1
	# Gone from cal's open screen at once; amy reads why; ben hears the outcome.
	e2e_wait_gone c "Jo Bloggs" &&
		e2e_wait a "Please never name a pupil" &&
		e2e_wait b "they took action"
}
itest_check "a report is listed, hidden from open screens, and the author warned" report_hide_warn

muted_told_why() {
	e2e_say a "Sorry, noted" && e2e_wait c "amy: Sorry, noted" || return 1
	e2e_say c "/report" && e2e_wait c "Report" && e2e_keys c Enter &&
		e2e_type c "still off topic" && e2e_keys c Enter &&
		e2e_wait c "reported to the moderators" || return 1
	e2e_say m "/resolve 2 mute 30 Take half an hour away from the room" &&
		e2e_wait m "* done: the entry is resolved" || return 1
	e2e_wait a "Take half an" || return 1
	# What amy then sends is refused, saying why and until when.
	e2e_say a "But I only wanted to ask" &&
		e2e_wait a "muted until" &&
		e2e_lacks c "But I only wanted to ask"
}
itest_check "a muted person is told why and until when" muted_told_why

suspended_client_says_so() {
	e2e_say b "/report" && e2e_wait b "Report" && e2e_keys b Enter &&
		e2e_type b "again" && e2e_keys b Enter &&
		e2e_wait b "reported to the moderators" || return 1
	e2e_say m "/resolve 3 suspend 1440 A day away" &&
		e2e_wait m "* done: the entry is resolved" || return 1
	# The full-screen client says why, and ends at a key.
	e2e_wait a "suspended by a moderator until" && e2e_wait a "A day away" &&
		e2e_keys a q && [ "$(e2e_wait_exit a)" = 1 ] || return 1
	# So does the client the server runs for plain `ssh -t`.
	home=$ITEST_TMP/home/amy
	e2e_trust "$home" &&
		e2e_run s 80x24 "$home" ssh -t -F /dev/null -p "$ITEST_PORT" \
		    -i "$home/.ssh/id_ed25519" -o IdentitiesOnly=yes \
		    -o IdentityAgent=none -o BatchMode=yes \
		    -o UserKnownHostsFile="$home/.ssh/known_hosts" \
		    -o StrictHostKeyChecking=yes amy@127.0.0.1 &&
		e2e_wait s "suspended by a moderator until" &&
		e2e_wait s "A day away" && e2e_keys s q &&
		e2e_wait_exit s >/dev/null
}
itest_check "a suspended person's client, and ssh -t, say so in words" suspended_client_says_so

itest_done
