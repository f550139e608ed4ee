#!/bin/sh
# chat_edit.sh: changing what you said in a room (issue 18 #2): Alt-e in
# the full client puts your last message on the line to edit, even one
# starting with a number (which /edit would read as a post). Plain mode's
# /edit, /edits and /delete are tested in plain.sh.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person asha "Asha Patel" north-east
e2e_person ben "Ben Okafor" north-east
itest_daemon_start

HM='[0-2][0-9]:[0-5][0-9]'

screen_matches() {
	e2e_screen "$1" | grep -q -E -- "$2"
}

both_in_north_east() {
	e2e_client a asha && e2e_wait a "connected" && e2e_keys a M-2 &&
		e2e_wait a "North East [region:north-east]" || return 1
	e2e_client p ben --plain && e2e_wait p "* connected to" &&
		e2e_say p "/join region:north-east" &&
		e2e_wait p "* now in [North East]"
}
itest_check "asha (full screen) and ben (plain) are in North East" both_in_north_east

# Alt-e takes your last message, again the one before, whatever others
# said since; Enter saves it; a line with text is never replaced.
alt_e_edits_an_own_message() {
	e2e_say a "3 pupils in the review at 3" &&
		e2e_wait p "asha: 3 pupils in the review at 3" &&
		e2e_say a "Bring the EHCP drafts" &&
		e2e_wait p "asha: Bring the EHCP drafts" &&
		e2e_say p "Will do" && e2e_wait a "ben: Will do" || return 1
	e2e_type a "half typed" && e2e_keys a M-e &&
		e2e_wait a "send or clear (Ctrl-C) the line first" &&
		e2e_wait a "> half typed" && e2e_keys a C-c || return 1
	e2e_keys a M-e && e2e_wait a "edit> Bring the EHCP drafts" &&
		e2e_wait a "editing your message of" && e2e_keys a M-e &&
		e2e_wait a "edit> 3 pupils in the review at 3" || return 1
	e2e_keys a C-u && e2e_say a "4 pupils in the review at 3" &&
		e2e_until a "the edited message" screen_matches a \
		    "$HM asha: 4 pupils in the review at 3 \(edited\)" &&
		e2e_until p "ben's copy" screen_matches p \
		    "^\[North East\] $HM asha: 4 pupils in the review at 3 \(edited\)$" &&
		e2e_wait p "* asha edited their message:" &&
		e2e_has a "asha: Bring the EHCP drafts" &&
		e2e_until a "the plain prompt" screen_matches a "^> ?$"
}
itest_check "Alt-e edits your last message, again the one before; others see (edited)" \
    alt_e_edits_an_own_message

# Esc leaves the message as it was and the line empty.
esc_cancels_the_edit() {
	e2e_keys a M-e && e2e_wait a "edit> Bring the EHCP drafts" &&
		e2e_type a " today" && e2e_keys a Escape &&
		e2e_wait a "not edited: the message is as it was" &&
		e2e_until a "the plain prompt" screen_matches a "^> ?$" &&
		e2e_lacks a "drafts today" &&
		e2e_lacks p "drafts today"
}
itest_check "Esc leaves the message as it was" esc_cancels_the_edit

itest_done
