#!/bin/sh
# room_reading.sh: reading a room as people coming from irssi, weechat and
# Zulip expect to (issue 18): /names (/who) says who may read it with their
# presence, in both frontends.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person asha "Asha Patel" north-east
e2e_person ben "Ben Okafor" north-east
e2e_person cara "Cara Lewis" london
e2e_person dana "Dana Ward" north-east
itest_daemon_start

screen_matches() {
	e2e_screen "$1" | grep -q -E -- "$2"
}

# /names in the full client: a panel beside the messages, online first,
# that follows the room on screen until /names closes it. In plain mode a
# count, then a line each with the presence in words; /who is the same.
names_with_presence() {
	e2e_client a asha && e2e_wait a "connected" &&
		e2e_client p ben --plain && e2e_wait p "* connected to" &&
		e2e_keys a M-2 && e2e_wait a "North East [region:north-east]" ||
		return 1
	e2e_say a "/names" && e2e_wait a "3 people, 2 online" &&
		e2e_until a "asha and ben online, dana offline" sh -c '
		    screen=$(tmux -L "$1" capture-pane -p -t "=a:")
		    echo "$screen" | grep -q "│● asha Asha Patel" &&
		    echo "$screen" | grep -q "│● ben Ben Okafor" &&
		    echo "$screen" | grep -q "│○ dana Dana Ward"' - "$E2E_SOCK" ||
		return 1
	e2e_keys a M-1 && e2e_wait a "National [national]" &&
		e2e_wait a "4 people, 2 online" && e2e_wait a "○ cara" || return 1
	e2e_say a "/names" && e2e_wait_gone a "people, 2 online" || return 1

	e2e_say p "/join region:north-east" && e2e_wait p "now in [North East]" &&
		e2e_say p "/names" &&
		e2e_wait p "* [North East]: 3 people, 2 online" &&
		e2e_until p "a line each, online first" sh -c '
		    tmux -L "$1" capture-pane -p -t "=p:" |
		    grep -A3 -F "* [North East]: 3 people, 2 online" |
		    tr "\n" "|" | grep -q -E "^[^|]*\|\* asha \(Asha Patel\): online\|\* ben \(Ben Okafor\): online\|\* dana \(Dana Ward\): offline\|$"' \
		    - "$E2E_SOCK" || return 1
	e2e_say p "/who" && e2e_until p "/who as /names" screen_matches p \
	    "^\* \[North East\]: 3 people, 2 online$" &&
		[ "$(e2e_count p "* [North East]: 3 people, 2 online")" -eq 2 ]
}
itest_check "/names (/who) lists who may read the room, online first, presence in words" names_with_presence

itest_done
