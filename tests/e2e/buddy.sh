#!/bin/sh
# buddy.sh: direct messages and buddy chats in the full-screen client. Ben
# starts a DM with /dm and both see it, the DM in its own sidebar group;
# Asha makes a buddy chat, Ben accepts the invitation from its notice with
# /accept; Cara, invited while away, finds the invitation in the "while you
# were away" summary at login and accepts it there with a.
. "$(dirname "$0")/lib.sh"

e2e_setup
itest_daemon_start

e2e_person asha "Asha Patel" north-east &&
	e2e_person ben "Ben Okafor" north-east &&
	e2e_person cara "Cara Singh" north-east ||
	{ echo "Bail out! cannot make the accounts"; exit 99; }

e2e_client b ben && e2e_wait b "ben@127.0.0.1" ||
	{ echo "Bail out! ben's client did not start"; exit 99; }
e2e_client a asha && e2e_wait a "asha@127.0.0.1" ||
	{ echo "Bail out! asha's client did not start"; exit 99; }

dm_both_sides() {
	e2e_say b "/dm asha" && e2e_wait b "Asha Patel [dm:" &&
		e2e_has b "Direct messages" || return 1
	e2e_say b "hello from ben" && e2e_wait b "ben: hello from ben" || return 1
	# Asha: the DM appears in her sidebar under its own group.
	e2e_wait a "Direct messages" && e2e_wait a "Ben Okafor" || return 1
	e2e_say a "/dm ben" && e2e_wait a "Ben Okafor [dm:" &&
		e2e_wait a "ben: hello from ben" || return 1
	e2e_say a "hello ben" && e2e_wait b "asha: hello ben"
}
itest_check "/dm opens a DM and both sides see it" dm_both_sides

buddy_invitation_accepted() {
	e2e_say a '/buddy "Autism leads" ben cara' &&
		e2e_wait a "buddy chat Autism leads made" || return 1
	e2e_wait b "asha invites you to Autism leads" || return 1
	e2e_say b "/accept" && e2e_wait b "Autism leads [buddy:" &&
		e2e_has b "Buddy chats" || return 1
	e2e_wait a "ben joined Autism leads" || return 1
	e2e_say b "hi buddies" && e2e_say a "/join Autism leads" &&
		e2e_wait a "ben: hi buddies"
}
itest_check "a buddy invitation is shown and /accept joins the chat" buddy_invitation_accepted

summary_on_login() {
	e2e_client c cara && e2e_wait c "While you were away" &&
		e2e_wait c "asha invites you to Autism leads" || return 1
	e2e_keys c a && e2e_wait c "Autism leads [buddy:" &&
		e2e_lacks c "While you were away" || return 1
	# A member sees what is posted from the moment they accepted.
	e2e_lacks c "hi buddies" && e2e_say b "welcome cara" &&
		e2e_wait c "ben: welcome cara"
}
itest_check "an invitation waiting at login is in the summary; a accepts it" summary_on_login

leave_and_decline() {
	e2e_say c "/leave" && e2e_wait c "you left Autism leads" &&
		e2e_wait_gone c "Autism leads [buddy:" || return 1
	e2e_wait b "cara left Autism leads"
}
itest_check "/leave takes the chat out of the sidebar; the others are told" leave_and_decline

itest_done
