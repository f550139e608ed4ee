#!/bin/sh
# room_reading.sh: reading a room as people coming from irssi, weechat and
# Zulip expect to (issue 18): /names (/who) says who may read it with their
# presence, in both frontends; /find searches the room's messages, older
# pages too; Alt-u and /unread go back to the first message that was new;
# Tab completes members and tags.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person asha "Asha Patel" north-east
e2e_person ben "Ben Okafor" north-east
e2e_person cara "Cara Lewis" london
e2e_person dana "Dana Ward" north-east
# Enough posts for several pages, without the flood limit.
itest_daemon_start --post-burst 500

HM='[0-2][0-9]:[0-5][0-9]'
esc=$(printf '\033')

screen_matches() {
	e2e_screen "$1" | grep -q -E -- "$2"
}

# Sends the lines of $ITEST_TMP/national.in to the national room as cara,
# in one session; each must be taken.
national_send() {
	[ "$(itest_ssh "$ITEST_TMP/cara" -s cara@127.0.0.1 staffroom \
	    <"$ITEST_TMP/national.in" | grep -c '"ok":true')" -eq \
	    "$(wc -l <"$ITEST_TMP/national.in")" ]
}

national_line() {
	printf '{"id":1,"op":"room.send","room":"national","body":"%s"}\n' "$1" \
	    >>"$ITEST_TMP/national.in"
}

# Each argument, a message.
national() {
	: >"$ITEST_TMP/national.in"
	for body in "$@"; do
		national_line "$body"
	done
	national_send
}

# N numbered messages: "WORDS 1" ... "WORDS N".
national_numbered() {
	: >"$ITEST_TMP/national.in"
	i=1
	while [ "$i" -le "$2" ]; do
		national_line "$1 $i"
		i=$((i + 1))
	done
	national_send
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
	# In a DM (and a buddy chat), where presence events come, the panel
	# follows the other person as they come and go.
	e2e_say a "/msg dana Are you in today?" &&
		e2e_wait a "asha: Are you in today?" && e2e_say a "/names" &&
		e2e_wait a "2 people, 1 online" && e2e_wait a "○ dana" &&
		e2e_client d dana && e2e_wait d "connected" &&
		e2e_wait a "2 people, 2 online" && e2e_wait a "● dana" &&
		e2e_say d "/quit" && e2e_wait_exit d >/dev/null &&
		e2e_wait a "2 people, 1 online" && e2e_say a "/names" &&
		e2e_wait_gone a "2 people, 1 online" || return 1

	e2e_say p "/join region:north-east" && e2e_wait p "now in [North East]" &&
		e2e_say p "/names" &&
		e2e_wait p "* [North East]: 3 people, 2 online" &&
		e2e_until p "a line each, online first" sh -c '
		    tmux -L "$1" capture-pane -p -t "=p:" |
		    grep -A3 -F "* [North East]: 3 people, 2 online" |
		    tr "\n" "|" | grep -q -E "^[^|]*\|\* asha \(Asha Patel\): online\|\* ben \(Ben Okafor\): online\|\* dana \(Dana Ward\): offline(, last seen [^|]*)?\|$"' \
		    - "$E2E_SOCK" || return 1
	# /who as /names: the same line a second time (waited for, not
	# counted at once: the first /names's line is on screen already).
	e2e_say p "/who" && e2e_until p "/who as /names" sh -c '
	    [ "$(tmux -L "$1" capture-pane -p -t "=p:" |
	    grep -c -x -F "* [North East]: 3 people, 2 online")" -eq 2 ]' \
	    - "$E2E_SOCK"
}
itest_check "/names (/who) lists who may read the room, online first, presence in words; the panel follows presence" names_with_presence

# /find in the full client: the newest match first, highlighted, then
# Ctrl-R to an older one from a page the client did not hold (fetched),
# Ctrl-S back; plain mode lists every match under its day with times.
find_in_room() {
	national "Has anyone got a Year 9 annual review template?" &&
		national_numbered "Catching up" 70 &&
		national "Another year 9 question: options?" || return 1
	e2e_keys a M-1 && e2e_wait a "National [national]" &&
		e2e_wait a "Another year 9 question" || return 1
	e2e_lacks a "annual review template" &&
		e2e_say a "/find YEAR 9" && e2e_wait a '"YEAR 9": 2 of 2' ||
		return 1
	# The match in reverse video and bold, as typed in the message.
	e2e_tmux capture-pane -e -p -t "=a:" | grep -q -E \
	    "Another ${esc}\[(1;7|7;1)myear 9${esc}\[0m" || {
		e2e_tmux capture-pane -e -p -t "=a:" | cat -v; return 1; }
	e2e_keys a C-r && e2e_wait a '"YEAR 9": 1 of 2' &&
		e2e_wait a "Has anyone got a Year 9 annual review template?" &&
		e2e_keys a C-r && e2e_wait a '"YEAR 9": no older match (2 in all)' &&
		e2e_keys a C-s && e2e_wait a '"YEAR 9": 2 of 2' &&
		e2e_wait a "Another year 9 question" || return 1
	e2e_keys a Escape && e2e_wait_gone a '"YEAR 9"' || return 1

	e2e_say p "/join national" && e2e_wait p "now in [National]" &&
		e2e_say p "/find year 9" &&
		e2e_wait p '* 2 messages of [National] say "year 9":' &&
		e2e_wait p '* end of the messages saying "year 9"' || return 1
	e2e_screen p | grep -A4 -F '* 2 messages of [National] say "year 9":' |
	    tr '\n' '|' | grep -q -E "^[^|]*\|-- [^|]* --\|\[National\] $HM cara: Has anyone got a Year 9 annual review template\?\|\[National\] $HM cara: Another year 9 question: options\?\|" || {
		e2e_screen p; return 1; }
	e2e_say p "/find nobody wrote this" &&
		e2e_until p "nothing found" screen_matches p \
		    '^\* nothing in the last [0-9]+ messages of \[National\] says "nobody wrote this"$'
}
itest_check "/find searches the room, older pages too: highlighted, Ctrl-R and Ctrl-S step; plain lists every match" find_in_room

# Alt-u and /unread: back to the first message new on coming to the
# room, from pages the client did not hold (70 came while asha was away).
first_unread() {
	e2e_say a "/quit" && e2e_wait_exit a >/dev/null || return 1
	national_numbered "While away" 70 || return 1
	e2e_client b asha && e2e_wait b "While you were away" &&
		e2e_keys b Escape && e2e_wait_gone b "While you were away" &&
		e2e_wait b "National [national]" && e2e_wait b "While away 70" ||
		    return 1
	e2e_lacks b "While away 1$" &&
		e2e_keys b M-u &&
		e2e_wait b "the first new message in National:" &&
		e2e_until b "the new messages line at the top" sh -c '
		    tmux -L "$1" capture-pane -p -t "=b:" | sed -n 2,4p |
		    grep -q -e "-- new messages --"' - "$E2E_SOCK" &&
		e2e_until b "While away 1 under it" screen_matches b \
		    "$HM cara: While away 1$" || return 1

	# Plain mode reads out again all ben has not read since he came to the
	# room (all 142 of it): more than a screen, and tmux keeps none off it,
	# so what it writes is kept as it comes.
	out=$ITEST_TMP/p.out
	: >"$out" && e2e_tmux pipe-pane -t "=p:" -o "cat >>'$out'" &&
		e2e_say p "/unread" && e2e_until p "the new messages read again" \
		    sh -c 'tr -d "\r" <"$1" | grep -q "While away 70"' - "$out" ||
		return 1
	tr -d '\r' <"$out" | grep -A3 -F "new messages in [National]" |
	    tr '\n' '|' | grep -q -E "^\* 142 new messages in \[National\] since you came:\|-- new messages --\|(-- [^|]* --\|)?\[National\] $HM cara: Has anyone got a Year 9 annual review template\?\|" ||
	    { cat -v "$out"; return 1; }
}
itest_check "Alt-u and /unread go back to the first new message, fetching older pages" first_unread

# Tab completes a room's members, not only those who spoke (once /names
# has listed them), and thread tags after "#".
complete_members_and_tags() {
	e2e_keys b M-2 && e2e_wait b "North East [region:north-east]" &&
		e2e_say b "/names" && e2e_wait b "3 people, " || return 1
	e2e_type b "Ask da" && e2e_keys b Tab && e2e_wait b "> Ask @dana" &&
		e2e_keys b C-u && e2e_type b "Anyone for #sl" && e2e_keys b Tab &&
		e2e_wait b "> Anyone for #sld" && e2e_keys b Tab &&
		e2e_wait b "> Anyone for #slcn"
}
itest_check "Tab completes the room's members after /names, and tags after #" complete_members_and_tags

itest_done
