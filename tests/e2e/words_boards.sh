#!/bin/sh
# words_boards.sh: a watched word's hold rule on the boards, in the
# clients. A reply or a new thread that meets one is said to be held for
# a moderator, naming the rule and where it would go, and is not shown as
# posted; the moderator's queue (plain mode's /queue) shows it with its
# thread and board; approved (/approve), its author is told and the post
# is in the thread for everyone, after what came meanwhile; rejected
# (/reject), the thread never starts.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person asha "Asha Patel" north-east
e2e_person ben "Ben Okafor" north-east
e2e_person mo "Mo Khan" north-east
itest_ctl user set mo --role moderator >/dev/null &&
	itest_ctl words add region:north-east tribunal --action hold \
	    --label legal >/dev/null ||
	{ echo "Bail out! cannot set up the moderator and the rule"; exit 99; }
itest_daemon_start

plain_reply_held() {
	e2e_client b ben --plain && e2e_wait b "* connected to" || return 1
	e2e_say b '/new north-east EHCP reviews\' &&
		e2e_say b "How do yours run?" &&
		e2e_wait b "* thread 1 started" || return 1
	e2e_client p asha --plain && e2e_wait p "* connected to" || return 1
	e2e_say p "/post 1 Ours went to Tribunal in May" &&
		e2e_wait p "* held for a moderator: legal (rule 1); your reply in the thread \"EHCP reviews\"" &&
		e2e_wait p "is posted only if they approve it" &&
		e2e_lacks p "posted as #"
}
itest_check "plain mode: a held reply says so, naming the rule and the thread" plain_reply_held

full_screen_thread_held() {
	e2e_client a asha && e2e_wait a "2 North East" || return 1
	# With no text yet, /new opens the composer on that board.
	e2e_say a "/new north-east Tribunal bundles" &&
		e2e_wait a "New thread in" || return 1
	e2e_type a "Tribunal bundles" && e2e_keys a Tab Tab &&
		e2e_type a "What goes in them?" && e2e_keys a C-d &&
		e2e_wait a "held for a moderator: legal (rule 1); your thread" &&
		e2e_lacks a "thread 2 started"
}
itest_check "full screen: a held thread is not started; the status says it is held" full_screen_thread_held

shown_twice() {
	[ "$(e2e_count "$1" "$2")" -eq 2 ]
}

approved_reply_arrives() {
	# ben answers meanwhile; the held reply comes after his.
	e2e_say b "/post 1 Ours are termly" && e2e_wait b "* posted as #2" ||
		return 1
	e2e_client m mo --plain && e2e_wait m "* connected to" &&
		e2e_say m "/queue" &&
		e2e_wait m "entry 1: a held post for the thread \"EHCP reviews\" on North" &&
		e2e_wait m "entry 2: a held post for a new thread \"Tribunal bundles\" on" &&
		e2e_wait m "asha: What goes in them?" || return 1
	e2e_say m "/approve 1" &&
		e2e_wait m "entry 1: approved: the post is in its thread now" &&
		e2e_wait p "* a moderator approved your held reply in the thread \"EHCP reviews\"" ||
		return 1
	# ben watches the thread he started: it comes live, and on reading it.
	e2e_wait b "[thread 1 #3] " && e2e_say b "/thread 1" &&
		e2e_wait b "* thread 1: EHCP reviews" &&
		e2e_until b "the reply read back" shown_twice b \
		    "asha: Ours went to Tribunal in May"
}
itest_check "approved, the reply is in the thread after what came meanwhile; its author is told" approved_reply_arrives

rejected_thread_never_starts() {
	e2e_say m "/reject 2 Please keep case details out of titles" &&
		e2e_wait m "entry 2: rejected: its author is told why" &&
		e2e_wait a "a moderator rejected your held thread" || return 1
	e2e_say b "/threads north-east" && e2e_wait b "thread 1: EHCP reviews" &&
		e2e_lacks b "Tribunal bundles"
}
itest_check "rejected, the thread never starts; its author is told" rejected_thread_never_starts

itest_done
