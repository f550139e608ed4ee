#!/bin/sh
# people.sh: issue 7 as a new SENCO would try it. Ben (a year in role) opens
# the directory with F4, filters by need code, opens Asha's profile (eight
# years, ASD) and messages her: both see the DM. Asha makes a buddy chat and
# invites Ben, who accepts from the notice with /accept; Cara, invited while
# away, finds the invitation in the "while you were away" summary, accepts it
# there, and later leaves. Presence marks and /whois along the way.
. "$(dirname "$0")/lib.sh"

e2e_setup
itest_daemon_start

e2e_person asha "Asha Patel" north-east &&
	e2e_person ben "Ben Okafor" north-east &&
	e2e_person cara "Cara Singh" north-east &&
	e2e_person dev "Dev Mistry" north-east ||
	{ echo "Bail out! cannot make the accounts"; exit 99; }

# Profiles, set over the protocol (the form has its own test below).
profile() {
	e2e_subsystem "$1" "{\"id\":1,\"op\":\"profile.set\",$2}" |
		grep -q '"re":1,"ok":true'
}
profile asha '"role_title":"senco","years_in_role":8,"expertise":["ASD","SLCN"],"phases":["primary"],"buddy_available":true,"bio":"Autism lead at Hill Primary"' &&
	profile dev '"role_title":"senco","years_in_role":3,"expertise":["SEMH"]' &&
	profile ben '"years_in_role":1' ||
	{ echo "Bail out! profile.set failed"; exit 99; }

e2e_client b ben && e2e_wait b "ben@127.0.0.1" ||
	{ echo "Bail out! ben's client did not start"; exit 99; }
e2e_client a asha && e2e_wait a "asha@127.0.0.1" ||
	{ echo "Bail out! asha's client did not start"; exit 99; }

directory_filters_by_need() {
	e2e_keys b F4 && e2e_wait b "Find people" || return 1
	# Words, Region, then the need code.
	e2e_keys b Tab Tab && e2e_type b SEMH && e2e_keys b Enter &&
		e2e_wait b "1 person found" && e2e_wait b "dev (Dev Mistry)" &&
		e2e_lacks b "asha (Asha Patel)" || return 1
	e2e_keys b Up && e2e_keys b C-u && e2e_type b ASD && e2e_keys b Enter &&
		e2e_wait b "asha (Asha Patel), your region" &&
		e2e_wait b "    SENCO, North East" && e2e_lacks b "dev (Dev"
}
itest_check "F4 opens the directory and a need code filters it" directory_filters_by_need

profile_opens() {
	e2e_keys b Enter && e2e_wait b "Profile: m messages" &&
		e2e_wait b "Autism lead at Hill Primary" &&
		e2e_wait b "Years in role" && e2e_has b "ASD" &&
		e2e_has b "SLCN" && e2e_wait b "Presence                online"
}
itest_check "Enter on a result opens the profile with its fields" profile_opens

dm_both_sides() {
	e2e_keys b m && e2e_wait b "Asha Patel [dm:" || return 1
	e2e_say b "hello from ben" && e2e_wait b "ben: hello from ben" || return 1
	# Asha: the DM is in her sidebar under its own group, Ben online.
	e2e_wait a "Direct messages" && e2e_wait a "Ben Okafor" || return 1
	e2e_say a "/dm ben" && e2e_wait a "Ben Okafor [dm:" &&
		e2e_wait a "ben: hello from ben" || return 1
	e2e_say a "hello ben" && e2e_wait b "asha: hello ben"
}
itest_check "message from the profile: the DM opens and both sides see it" dm_both_sides

presence_mark() {
	e2e_wait b "● Asha Patel" && e2e_wait a "● Ben Okafor"
}
itest_check "a DM partner online is marked in the sidebar" presence_mark

away_and_back() {
	e2e_say a "/away" && e2e_wait a "you show as away" &&
		e2e_wait b "◐ Asha Patel" || return 1
	e2e_say a "/back" && e2e_wait b "● Asha Patel"
}
itest_check "/away and /back change the mark the DM partner sees" away_and_back

suggest_offers_asha() {
	e2e_say b "/suggest need:ASD" && e2e_wait b "1 suggested buddy" &&
		e2e_wait b "asha (Asha Patel), your region" &&
		e2e_wait b "    SENCO, North East" && e2e_lacks b "dev (Dev" ||
		return 1
	e2e_keys b Escape && e2e_wait_gone b "suggested buddy"
}
itest_check "/suggest offers an experienced SENCO open to buddying" suggest_offers_asha

buddy_invitation_accepted() {
	e2e_say a '/buddy "Autism leads" ben cara' &&
		e2e_wait a "buddy chat Autism leads made" || return 1
	e2e_wait b "asha invites you to Autism leads" || return 1
	e2e_say b "/accept" && e2e_wait b "Autism leads [buddy:" &&
		e2e_has b "Buddy chats" || return 1
	e2e_say b "hi buddies" && e2e_keys a Escape &&
		e2e_say a "/join Autism leads" && e2e_wait a "ben: hi buddies"
}
itest_check "a buddy invitation is shown and /accept joins the chat" buddy_invitation_accepted

summary_on_login() {
	e2e_client c cara && e2e_wait c "While you were away" &&
		e2e_wait c "asha invites you to Autism leads" ||
		return 1
	e2e_keys c a && e2e_wait c "Autism leads [buddy:" &&
		e2e_lacks c "While you were away" || return 1
	# A member sees what is posted from the moment they accepted.
	e2e_lacks c "hi buddies" && e2e_say b "welcome cara" &&
		e2e_wait c "ben: welcome cara"
}
itest_check "an invitation waiting at login is in the summary; a accepts it" summary_on_login

leave_the_chat() {
	e2e_say c "/leave" && e2e_wait c "you left Autism leads" &&
		e2e_wait_gone c "Autism leads [buddy:" || return 1
	e2e_wait b "cara left Autism leads"
}
itest_check "/leave takes the chat out of the sidebar; the others are told" leave_the_chat

whois_and_own_profile() {
	e2e_say c "/whois asha" && e2e_wait c "Profile: m messages" &&
		e2e_wait c "Autism lead at Hill Primary" || return 1
	e2e_keys c Escape && e2e_wait_gone c "Profile: m messages" || return 1
	# Cara edits her own: the role, picked from its list, then save.
	e2e_say c "/profile" && e2e_wait c "Your profile: e edits" &&
		e2e_keys c e && e2e_wait c " Role: " || return 1
	e2e_keys c Tab Space && e2e_wait c "( ) Assistant SENCO" &&
		e2e_keys c Down Enter && e2e_wait c ">Role: " &&
		e2e_wait c "Assistant SENCO" && e2e_keys c Enter &&
		e2e_wait c "profile saved" && e2e_wait c "Assistant SENCO"
}
itest_check "/whois shows a profile; /profile edits one's own" whois_and_own_profile

# The form keeps everything typed when the server refuses a field, with
# the cursor on that field; lists are ticked by label.
profile_form_keeps_a_bad_field() {
	e2e_keys c Escape && e2e_wait_gone c "Your profile" &&
		e2e_say c "/profile" && e2e_wait c "Your profile: e edits" &&
		e2e_keys c e && e2e_wait c ">Name:" || return 1
	e2e_keys c Tab Tab && e2e_wait c ">Job title:" &&
		e2e_type c "SENCO and Assistant Head" &&
		e2e_keys c Tab Tab && e2e_wait c ">School URN:" &&
		e2e_type c "12345" || return 1
	e2e_keys c Tab Tab Tab Tab Tab && e2e_wait c ">Expertise: " &&
		e2e_keys c Space && e2e_wait c "[ ] MSI: multi-sensory impairment" &&
		e2e_keys c Down Down Down Down Down Down Down Down Down Down \
		    Down Down Space Enter &&
		e2e_wait c "Expertise:               MSI: multi-sensory impairment" ||
		return 1
	e2e_keys c Enter && e2e_wait c "a school URN is 6 digits" &&
		e2e_wait c ">School URN:" && e2e_has c "12345" &&
		e2e_has c "SENCO and Assistant Head" &&
		e2e_has c "Your profile: Tab/Up/Down move" || return 1
	e2e_keys c C-u && e2e_type c "123456" && e2e_keys c Enter &&
		e2e_wait c "profile saved" && e2e_wait c "Your profile: e edits" &&
		e2e_wait c "SENCO and Assistant Head" &&
		e2e_wait c "MSI: multi-sensory impairment" &&
		e2e_wait c "123456" && e2e_keys c Escape
}
itest_check "a refused field keeps the profile form open, as typed, on that field" \
    profile_form_keeps_a_bad_field

buddy_request_accepted() {
	e2e_say b "/people need:SEMH" && e2e_wait b "dev (Dev Mistry)" &&
		e2e_keys b b && e2e_wait b "asked dev to be buddies" || return 1
	e2e_keys b Escape && e2e_client d dev &&
		e2e_wait d "While you were away" &&
		e2e_wait d "ben asks to be buddies" || return 1
	e2e_keys d a && e2e_wait d "you are buddies now" &&
		e2e_wait d "[buddy:" || return 1
	# The new chat of two appears in Ben's sidebar among the buddy chats.
	e2e_say d "hello buddy" && e2e_wait b "ben & dev" &&
		e2e_say b "/join ben & dev" && e2e_wait b "dev: hello buddy"
}
itest_check "b on a result asks to be buddies; the request waits in the summary" buddy_request_accepted

block_closes_the_dm() {
	e2e_say b "/block asha" &&
		e2e_wait b "you block asha now" &&
		e2e_wait_gone b "Asha Patel" || return 1
	e2e_say b "/blocks" && e2e_wait b "blocked: asha" || return 1
	e2e_say b "/unblock asha" && e2e_wait b "asha is no longer blocked" &&
		e2e_wait b "Asha Patel"
}
itest_check "/block closes the DM, /blocks lists, /unblock brings it back" block_closes_the_dm

# Plain mode: the same as commands, answered in lines.
plain_commands() {
	out=$ITEST_TMP/plain-people.out
	{
		printf '/people need:ASD\n/whois asha\n/blocks\n'
		sleep 1
		printf '/dm asha\n'
		sleep 1
		printf 'hello from plain dev\n/summary\n'
		sleep 1
	} | e2e_plain_piped dev "$out"
	grep -q "^\* 1 person found" "$out" &&
		grep -q "^\* 1. asha (Asha Patel), SENCO" "$out" &&
		grep -q "^\* About: Autism lead at Hill Primary" "$out" &&
		grep -q "^\* you have blocked nobody" "$out" &&
		grep -q "^\* now in \[Asha Patel\]" "$out" &&
		grep -q "^\[Asha Patel\] [0-9:]* dev: hello from plain dev" "$out" ||
		{ cat "$out"; return 1; }
	e2e_wait a "Dev Mistry"
}
e2e_trust "$ITEST_TMP/home/dev"
itest_check "plain mode: /people /whois /blocks /dm, answered in lines" plain_commands

# /profile FIELD VALUE in plain mode: an unknown field is refused with the
# list of fields; "needs" (the hint's word) sets the expertise; the school
# can be set.
plain_profile_fields() {
	out=$ITEST_TMP/plain-profile.out
	printf '%s\n' "/profile colour blue" "/profile needs HI, VI" \
	    "/profile school Riverside Academy" "/whois dev" |
		e2e_plain_piped dev "$out"
	grep -q "^! bad_command: no profile field is called that; fields: name, role_title, job_title, school" "$out" &&
		grep -q "^\* Expertise: HI: hearing impairment; VI: vision impairment$" "$out" &&
		grep -q "^\* .*Riverside Academy" "$out" ||
		{ cat "$out"; return 1; }
}
itest_check "plain mode: /profile refuses an unknown field; needs and school are set" plain_profile_fields

# A long bio wraps under its label in the profile instead of being cut at
# the screen's edge.
long_bio_wraps() {
	profile dev '"bio":"SENCO at Riverside Academy for six years, before that a specialist teacher in the hearing impairment service; glad to talk about transition to secondary and annual reviews"' ||
		return 1
	e2e_say b "/whois dev" && e2e_wait b "Profile: m messages" &&
		e2e_wait b "SENCO at Riverside Academy" &&
		e2e_wait b "specialist teacher in the hearing impairment service" &&
		e2e_keys b Escape && e2e_wait_gone b "Profile: m messages"
}
itest_check "a long bio wraps in the profile instead of being cut" long_bio_wraps


# A result whose school, job title and expertise fill the width still says
# how near the person is (the tier) and whether they are online: at 80
# columns the one-line result cut them off.
directory_tier_not_cut() {
	profile asha '"job_title":"SENCO and Assistant Head for Inclusion","school":{"name":"Hill Primary School and Nursery"},"expertise":["ASD","SLCN","SEMH","SPLD"]' ||
		return 1
	e2e_say b "/people need:SLCN" && e2e_wait b "1 person found" &&
		e2e_wait b "asha (Asha Patel)" || return 1
	row=$(e2e_screen b | grep -F "asha (Asha Patel)")
	case $row in
	*"your region"*) ;;
	*) echo "the row: '$row'"; e2e_screen b; return 1 ;;
	esac
	e2e_wait b "SENCO and Assistant Head for Inclusion, Hill Primary" &&
		e2e_keys b Escape && e2e_wait_gone b "1 person found"
}
itest_check "the directory's results say how near each person is, whatever the width" \
    directory_tier_not_cut
itest_done
