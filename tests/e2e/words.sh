#!/bin/sh
# words.sh: watched words in the clients. A message a hold rule keeps back
# is said to be held for a moderator, naming the rule, and is not sent
# again; a blocked one is refused in words; the author hears the outcome.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person asha "Asha Patel" north-east
e2e_person ben "Ben Okafor" north-east
itest_ctl words add region:north-east tribunal --action hold \
    --label legal >/dev/null &&
	itest_ctl words add region:north-east numpty --action block \
	    --label insults >/dev/null ||
	{ echo "Bail out! staffroomctl words add failed"; exit 99; }
itest_daemon_start

plain_held_and_blocked() {
	e2e_client p asha --plain && e2e_wait p "* connected to" || return 1
	e2e_say p "/join region:north-east" &&
		e2e_wait p "* now in [North East]" || return 1
	e2e_say p "Off to Tribunal next week" &&
		e2e_wait p "* held for a moderator: legal (rule 1)" &&
		e2e_say p "what a numpty" &&
		e2e_wait p "! word_blocked: not sent: rule 2 (insults): the moderators block a"
}
itest_check "plain mode: a held message says so, naming the rule; a blocked one is refused in words" plain_held_and_blocked

full_screen_held() {
	e2e_client b ben && e2e_wait b "2 North East" && e2e_keys b M-2 &&
		e2e_wait b "North East [region:north-east]" || return 1
	e2e_say b "tribunal papers are in" &&
		e2e_wait b "held for a moderator: legal (rule 1)" &&
		e2e_lacks b "ben: tribunal papers are in"
}
itest_check "full screen: a held message is not shown as sent; the status says it is held" full_screen_held

itest_done
