#!/bin/sh
# chat.sh: the full-screen client in use. Two people in one room see each
# other; other rooms count what is unread until visited; the screen is
# right at any size; text from the network never drives the terminal.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person asha "Asha Patel" north-east
e2e_person ben "Ben Okafor" north-east
# Room for the 120 messages the history test posts at once.
itest_daemon_start --post-burst 200

# The unread count at the end of ROOM's sidebar entry in WIN, if any.
unread() {
	e2e_screen "$1" | sed -n "s/^[0-9] $2 *\([@0-9]*\)│.*/\1/p"
}

unread_is() {
	[ "$(unread "$1" "$2")" = "$3" ]
}

two_see_each_other() {
	e2e_client a asha && e2e_client b ben || return 1
	e2e_wait a "2 North East" && e2e_wait b "2 North East" || return 1
	e2e_keys a M-2 && e2e_keys b M-2 &&
		e2e_wait a "North East [region:north-east]" &&
		e2e_wait b "North East [region:north-east]" || return 1
	e2e_say a "Morning Ben, anyone tried Attention Autism groups?" &&
		e2e_wait b "asha: Morning Ben, anyone tried Attention Autism" &&
		e2e_say b "Yes, in Y1. Happy to share our plan." &&
		e2e_wait a "ben: Yes, in Y1. Happy to share our plan." || return 1
	[ "$(e2e_count a "asha: Morning Ben")" = 1 ] &&
		[ "$(e2e_count b "ben: Yes, in Y1")" = 1 ]
}
itest_check "two clients in one room see each other's messages once" two_see_each_other

unread_elsewhere() {
	e2e_keys a M-1 && e2e_wait a "National [national]" || return 1
	for n in 1 2 3; do
		e2e_say b "update $n" && e2e_wait b "ben: update $n" || return 1
	done
	e2e_until a "3 unread in North East" unread_is a "North East" 3 || return 1
	e2e_lacks a "update 1" || return 1
	# Ctrl-N goes to the next room: the messages, a marker, no count.
	e2e_keys a C-n && e2e_wait a "ben: update 3" &&
		e2e_has a "-- new messages --" &&
		e2e_until a "no count on North East" unread_is a "North East" "" ||
		return 1
	# Alt-2 again, on the room already open, leaves the line where it is
	# (what is typed next shows that the key was taken).
	e2e_keys a M-2 && e2e_type a "typed after Alt-2" &&
		e2e_wait a "typed after Alt-2" &&
		e2e_has a "-- new messages --" && e2e_keys a C-u || return 1
	# Ctrl-P and /join switch too.
	e2e_keys a C-p && e2e_wait a "National [national]" &&
		e2e_say a "/join region:north-east" &&
		e2e_wait a "North East [region:north-east]"
}
itest_check "another room counts unread messages until it is visited; its Alt key again keeps the new messages line" unread_elsewhere

read_is_remembered() {
	e2e_say a /quit && [ "$(e2e_wait_exit a)" = 0 ] || return 1
	e2e_say b "while asha was away" && e2e_wait b "ben: while asha was away" ||
		return 1
	# The summary at login lists it; Esc goes on to the rooms.
	e2e_tmux kill-session -t =a && e2e_client a asha &&
		e2e_wait a "While you were away" && e2e_wait a "North East: 1 unread" &&
		e2e_keys a Escape &&
		e2e_until a "1 unread in North East" unread_is a "North East" 1
}
itest_check "what was read is remembered by the server, across a restart" read_is_remembered

# Restores window a to 80x24 in North East.
e2e_keys a M-2

resize_and_back() {
	e2e_wait a "ben: while asha was away" || return 1
	long="A long message that wraps: $(printf 'word%s ' 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16)end"
	e2e_say b "$long" && e2e_wait a "A long message that wraps" || return 1
	e2e_screen a >"$ITEST_TMP/before"
	e2e_resize a 60 20 && e2e_until a "a 60x20 screen" small_screen_ok || return 1
	e2e_resize a 50 20 && e2e_until a "one pane at 50 columns" single_pane_ok || return 1
	e2e_resize a 80 24 &&
		e2e_until a "the 80x24 screen as before" same_as_before || return 1
	# Keys still work after all that.
	e2e_say a "typed after resizing" && e2e_wait b "asha: typed after resizing"
}

# Title on the first line, input on the last, status above it, sidebar,
# and the long message's last word at the bottom of the view.
small_screen_ok() {
	e2e_screen a >"$ITEST_TMP/small"
	[ "$(wc -l <"$ITEST_TMP/small")" -eq 20 ] &&
		sed -n 1p "$ITEST_TMP/small" | grep -q "North East" &&
		sed -n 19p "$ITEST_TMP/small" | grep -q "connected" &&
		sed -n 20p "$ITEST_TMP/small" | grep -q "^>" &&
		grep -q "^2 North East *│" "$ITEST_TMP/small" &&
		sed -n 18p "$ITEST_TMP/small" | grep -q "│ *end$"
}

single_pane_ok() {
	e2e_screen a >"$ITEST_TMP/single"
	! grep -q "│" "$ITEST_TMP/single" &&
		sed -n 1p "$ITEST_TMP/single" | grep -q "North East" &&
		sed -n 18p "$ITEST_TMP/single" | grep -q "end$"
}

same_as_before() {
	e2e_screen a | cmp -s - "$ITEST_TMP/before"
}
itest_check "resized to 60x20, to 50x20 and back, the screen is right" resize_and_back

escapes_are_drawn_harmlessly() {
	# The server refuses control characters outright...
	e2e_subsystem ben '{"id":1,"op":"room.send","room":"region:north-east","body":"\u001b]0;owned\u0007"}' \
	    >"$ITEST_TMP/out" || return 1
	grep -q '"code":"bad_text"' "$ITEST_TMP/out" || { cat "$ITEST_TMP/out"; return 1; }
	# ...but the client does not count on it: a message stored with escape
	# sequences (a server bug, an old database) is drawn as placeholders.
	sqlite3 "$ITEST_STATE/staffroom.db" "INSERT INTO messages (room_id, user_id, body, ts)
	    SELECT r.id, u.id, 'evil' || char(27) || ']2;owned' || char(7) || char(27) || '[2J' ||
	        char(27) || '[?1049l' || char(27) || '[31mred', 1
	    FROM rooms r, users u WHERE r.ref = 'region:north-east' AND u.handle = 'ben'" ||
		return 1
	# A bidi override passes the server's check; it must not reorder the line.
	e2e_subsystem ben '{"id":1,"op":"room.send","room":"region:north-east","body":"bidi \u202egnp.exe"}' \
	    >"$ITEST_TMP/out" || return 1
	e2e_client e asha && e2e_wait e "North East" && e2e_keys e M-2 &&
		e2e_wait e "ben: evil␛]2;owned␇␛[2J␛[?1049l␛[31mred" &&
		e2e_wait e "ben: bidi �gnp.exe" || return 1
	# The terminal's state is untouched: title, screen, colours.
	[ "$(e2e_tmux display-message -p -t =e: '#{pane_title}')" != owned ] &&
		[ "$(e2e_tmux display-message -p -t =e: '#{alternate_on}')" = 1 ] &&
		e2e_has e "2 North East"
}
itest_check "escape sequences in messages show as placeholders and do nothing" escapes_are_drawn_harmlessly

# More than two pages of history (the client fetches 50 at a time): PgUp
# scrolls back, fetching older pages as it goes, to the room's first
# message; PgDn comes back to the newest.
older_pages_on_demand() {
	i=1
	while [ $i -le 120 ]; do
		printf '{"id":%d,"op":"room.send","room":"national","body":"numbered message %03d"}\n' $i $i
		i=$((i + 1))
	done | itest_ssh "$ITEST_TMP/ben" -s ben@127.0.0.1 staffroom >"$ITEST_TMP/out" || return 1
	[ "$(grep -c '"ok":true' "$ITEST_TMP/out")" = 120 ] || { cat "$ITEST_TMP/out"; return 1; }
	e2e_client h asha &&
		e2e_until h "the newest message" shown_after h "numbered message 120" "" &&
		e2e_lacks h "numbered message 001" || return 1
	e2e_until h "message 001 after PgUp" shown_after h "numbered message 001" PageUp &&
		e2e_has h "the start of National" || return 1
	e2e_until h "message 120 after PgDn" shown_after h "numbered message 120" PageDown
}

# Succeeds once WIN shows TEXT, else presses KEY. The login summary lists
# National's unread messages unless the room was drawn (read) first; Esc
# closes it whenever it comes.
shown_after() {
	if e2e_has "$1" "While you were away"; then
		e2e_keys "$1" Escape
		return 1
	fi
	e2e_has "$1" "$2" && return 0
	[ -z "$3" ] || e2e_keys "$1" "$3"
	return 1
}
itest_check "PgUp fetches older pages back to the first message; PgDn returns" older_pages_on_demand

mention_is_marked() {
	e2e_keys a M-1 && e2e_wait a "National [national]" || return 1
	e2e_say b "@asha could you share the template?" &&
		e2e_until a "a mention mark on North East" unread_is a "North East" @1 &&
		e2e_keys a M-2 &&
		e2e_until a "no mark once read" unread_is a "North East" ""
}
itest_check "a mention elsewhere shows as @N in the sidebar until read" mention_is_marked

itest_done
