#!/bin/sh
# plain.sh: staffroom --plain, for screen readers and scripts. One line per
# message ("[room] HH:MM handle: text", "handle|" on further lines of it),
# "* " for information, "! code: " for errors, never a cursor movement;
# typed lines are messages or /commands.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person asha "Asha Patel" north-east
e2e_person ben "Ben Okafor" north-east
itest_daemon_start

# Succeeds when a line of the screen (or of a file) matches the regex.
screen_matches() {
	e2e_screen "$1" | grep -q -E -- "$2"
}

HM='[0-2][0-9]:[0-5][0-9]'

plain_sends_and_receives() {
	e2e_client p asha --plain && e2e_wait p "* connected to" || return 1
	e2e_say p "/join region:north-east" &&
		e2e_wait p "* now in [North East]" || return 1
	e2e_client b ben && e2e_wait b "2 North East" && e2e_keys b M-2 &&
		e2e_wait b "North East [region:north-east]" || return 1
	e2e_say b "Hello to the plain client" &&
		e2e_until p "ben's message" screen_matches p \
		    "^\[North East\] $HM ben: Hello to the plain client$" &&
		e2e_say p "Hello back from plain mode" &&
		e2e_wait b "asha: Hello back from plain mode"
}
itest_check "plain mode sends and receives, one line per message" plain_sends_and_receives

several_lines() {
	e2e_say p 'First line of two\' && e2e_say p "second line" &&
		e2e_until p "the two lines" screen_matches p \
		    "^\[North East\] $HM asha\| second line$" &&
		screen_matches p "^\[North East\] $HM asha: First line of two$" &&
		e2e_wait b "asha: First line of two" && e2e_wait b "second line"
}
itest_check "a line ending in a backslash continues the message; more lines show handle|" several_lines

errors_and_commands() {
	e2e_say p "/join nowhere" && e2e_wait p "! no_room: no room of yours" &&
		e2e_say p "/frobnicate" && e2e_wait p "! unknown_command:" &&
		e2e_say p "/whoami" && e2e_wait p "* you are asha (Asha Patel)"
}
itest_check "errors read '! code: text', information '* text'" errors_and_commands

# A script: lines in, every answer out, then it exits by itself. Nothing
# in the output moves a cursor or sets a colour.
scripted() {
	printf '%s\n' "/join region:north-east" "sent by a script" "/rooms" |
		e2e_plain_piped asha "$ITEST_TMP/script.out" ||
		{ echo "exit status $?"; cat "$ITEST_TMP/script.out"; return 1; }
	cat "$ITEST_TMP/script.out"
	grep -q -E "^\[North East\] $HM asha: sent by a script$" "$ITEST_TMP/script.out" &&
		grep -q "^\* 2\. \[North East\]: " "$ITEST_TMP/script.out" &&
		! grep -q "$(printf '\033')" "$ITEST_TMP/script.out" &&
		e2e_wait b "asha: sent by a script"
}
itest_check "piped lines are sent, every answer printed, then it exits 0" scripted

# /edit and /delete change your newest message in the room, in both
# frontends; the others see "(edited)" or the message gone, and /edits
# lists the versions.
chat_edit_and_delete() {
	e2e_say b "Meeting at 4pm tomorrow" &&
		e2e_until p "ben's message" screen_matches p \
		    "^\[North East\] $HM ben: Meeting at 4pm tomorrow$" &&
		e2e_say b "/edit Meeting at 3pm tomorrow" &&
		e2e_wait b "ben: Meeting at 3pm tomorrow (edited)" &&
		e2e_until p "the edit" screen_matches p \
		    "^\[North East\] $HM ben: Meeting at 3pm tomorrow \(edited\)$" &&
		e2e_say p "/edits" && e2e_wait p "* 2 versions of the message" &&
		e2e_wait p "* 1. " && e2e_wait p "Meeting at 4pm tomorrow" &&
		e2e_say b "/delete" && e2e_wait_gone b "Meeting at 3pm" &&
		e2e_wait p "* ben deleted their message of " &&
		e2e_say p "Typo in this mesage" &&
		e2e_wait b "asha: Typo in this mesage" &&
		e2e_say p "/edit Typo fixed in this message" &&
		e2e_wait b "asha: Typo fixed in this message (edited)" &&
		e2e_say p "/delete" && e2e_wait_gone b "Typo fixed" &&
		e2e_say p "/delete" && e2e_wait p "* asha deleted" &&
		e2e_say p "/join 1" && e2e_say p "/delete" &&
		e2e_wait p "! no_message: you have no message in this room"
}
itest_check "/edit and /delete change your newest message; others see (edited) or it gone" chat_edit_and_delete

# A message naming you is marked in words: on its line when the mention
# comes with it, or on a line of its own when it comes after.
mention_marked_in_words() {
	e2e_say b "@asha can you check the rota?" &&
		e2e_until p "the mention" screen_matches p \
		    "ben: @asha can you check the rota\? \(mentions you\)$|^\* ben mentioned you in \[North East\] at $HM$"
}
itest_check "plain mode marks a message that mentions you in words" mention_marked_in_words

# The pupil-data guard in words. A UPN in the region room is refused and
# cannot be confirmed; in a DM /confirm sends it, and both ends see it
# tagged (plain here, the full screen at ben's). Wide, so lines never wrap.
UPN_LINE="Please check L201234567890 before Friday"
guard_in_words() {
	e2e_run g 320x40 "$ITEST_TMP/home/asha" "$STAFFROOM" --plain \
	    -p "$ITEST_PORT" asha@127.0.0.1 && e2e_wait g "* connected to" &&
		e2e_say g "/join region:north-east" &&
		e2e_wait g "* now in [North East]" || return 1
	e2e_say g "$UPN_LINE" &&
		e2e_wait g "! personal_data_suspected: not sent: it looks like it contains a UPN (a pupil's unique pupil number). Pupil data may not be shared here" &&
		e2e_say g "/confirm" && e2e_wait g "* nothing to confirm" || return 1
	e2e_say g "/dm ben" && e2e_wait g "* now in [Ben Okafor]" &&
		e2e_say g "$UPN_LINE" &&
		e2e_wait g "everyone here will see it marked as confirmed personal data; /confirm sends it as it was" &&
		e2e_say g "/confirm" &&
		e2e_until g "the confirmed message" screen_matches g \
		    "^\[Ben Okafor\] $HM asha: \[confirmed: personal data\] $UPN_LINE$" &&
		e2e_say b "/dm asha" &&
		e2e_wait b "asha: [confirmed: personal data] Please check"
}
itest_check "plain mode: the guard's refusal in words, /confirm in a DM, the tag at both ends" guard_in_words

# The full screen's "send anyway": the refused text comes back in the line,
# may be edited there, and Ctrl-X sends it as it stands, confirmed.
NHS_LINE="NHS number 943 476 5919 on the letter"
full_screen_sends_anyway() {
	e2e_say b "$NHS_LINE" && e2e_wait b "Ctrl-X sends the line anyway" &&
		e2e_keys b End && e2e_type b ", thanks" && e2e_keys b C-x &&
		e2e_until g "the line sent anyway" screen_matches g \
		    "^\[Ben Okafor\] $HM ben: \[confirmed: personal data\] $NHS_LINE, thanks$"
}
itest_check "full screen: Ctrl-X sends the refused line anyway in a DM, as edited, tagged" full_screen_sends_anyway

itest_done
