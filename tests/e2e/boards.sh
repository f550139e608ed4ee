#!/bin/sh
# boards.sh: the discussion boards in the full-screen client. Ben watches
# the national board; Asha opens it (F3, Enter), starts a thread with a
# title, a tag and text in the composer; Ben's unread count goes up as it
# happens; he opens the thread and follows up quoting her post; Asha sees
# the reply with its quote block; search finds the thread and opens it in
# place. $EDITOR writes a post through a 0600 file; plain mode has the
# same functions as commands.
. "$(dirname "$0")/lib.sh"

e2e_setup
# --client: plain ssh users get this client, spawned on the server.
itest_daemon_start --client "$STAFFROOM"

e2e_person asha "Asha Patel" north-east &&
	e2e_person ben "Ben Okafor" north-east &&
	e2e_person cara "Cara Singh" london ||
	{ echo "Bail out! cannot make the accounts"; exit 99; }

# The client lands before the server side of the boards may: skip then.
if e2e_subsystem asha '{"id":1,"op":"boards.list"}' | grep -q unknown_op; then
	echo "1..0 # SKIP this staffroomd has no boards"
	exit 0
fi

# An editor that records the file's mode and adds a line to it.
cat >"$ITEST_TMP/editor.sh" <<EOF
#!/bin/sh
stat -c %a "\$1" >"$ITEST_TMP/editor.mode"
printf 'Written in the editor.\n' >>"\$1"
EOF
chmod 755 "$ITEST_TMP/editor.sh"

e2e_client b ben && e2e_wait b "ben@127.0.0.1" ||
	{ echo "Bail out! ben's client did not start"; exit 99; }
e2e_trust "$ITEST_TMP/home/asha" &&
	e2e_run a 80x24 "$ITEST_TMP/home/asha" env EDITOR="$ITEST_TMP/editor.sh" \
	    "$STAFFROOM" -p "$ITEST_PORT" asha@127.0.0.1 &&
	e2e_wait a "asha@127.0.0.1" ||
	{ echo "Bail out! asha's client did not start"; exit 99; }

# The tags screen is a mode of its own: opened by /tags, closed by Esc.
tags_screen() {
	e2e_type b "/tags" && e2e_keys b Enter && e2e_wait b "Thread tags" &&
		e2e_wait b "Hearing impairment" || return 1
	e2e_keys b Escape && e2e_wait_gone b "Thread tags" &&
		e2e_wait b "ben@127.0.0.1"
}
itest_check "/tags shows the tags with their meanings; Esc goes back" tags_screen

boards_listed() {
	e2e_keys b F3 && e2e_wait b "National" && e2e_wait b "0 unread" ||
		return 1
	# Ben watches the national board: new posts there reach him live.
	e2e_keys b w && e2e_wait b "watching the board"
}
itest_check "F3 lists the boards with unread counts; w watches one" boards_listed

thread_started() {
	# "National" is in the sidebar already: wait for the board list itself.
	e2e_keys a F3 && e2e_wait a "0 threads" && e2e_keys a Enter &&
		e2e_wait a "N:new thread" || return 1
	e2e_keys a N && e2e_wait a "New thread in" &&
		e2e_wait a "Ctrl-D/Ctrl-X: send" || return 1
	e2e_type a "EHCP review template for Year 9?" && e2e_keys a Tab &&
		e2e_keys a Right Right Space && e2e_wait a "[x] semh" || return 1
	e2e_keys a Tab && e2e_type a "Has anyone written one?" &&
		e2e_keys a Enter && e2e_type a "Ours is from 2019." &&
		e2e_keys a C-d || return 1
	# The thread opens on its first post, the tag in its title bar.
	e2e_wait a "EHCP review template for Year 9?  [semh]" &&
		e2e_wait a "Ours is from 2019." && e2e_has a "Has anyone written one?"
}
itest_check "N starts a thread with a title, a tag and two lines" thread_started

unread_seen_by_another() {
	# No key pressed: the post event moves Ben's counts, threads too.
	e2e_wait b "1 thread, 1 unread" || return 1
	e2e_keys b Enter && e2e_wait b "EHCP review template for Year 9?" &&
		e2e_has b "[semh]"
}
itest_check "the second person's unread count goes up live" unread_seen_by_another

reply_quoting() {
	e2e_keys b Enter && e2e_wait b "Ours is from 2019." || return 1
	e2e_keys b f && e2e_wait b "Reply to thread" && e2e_wait b "asha wrote:" ||
		return 1
	e2e_type b "I have a newer one, @asha." && e2e_keys b C-x &&
		e2e_wait b "I have a newer one" || return 1
	# The quote is drawn as its own block behind a bar.
	e2e_wait b "asha wrote (#" && e2e_has b "│ Has anyone written one?" ||
		return 1
	# Asha started the thread, so she watches it: the reply comes live,
	# and she is told she was mentioned.
	e2e_wait a "I have a newer one" && e2e_has a "asha wrote (#" &&
		e2e_wait a "ben mentioned you in thread"
}
itest_check "f follows up quoting the post; the other side sees it live" reply_quoting

edit_marked() {
	e2e_keys b e && e2e_wait b "Edit post #" && e2e_keys b End &&
		e2e_type b " Updated." && e2e_keys b C-d || return 1
	e2e_wait b "(edited" && e2e_wait b "Updated." || return 1
	e2e_keys b h && e2e_wait b "Versions of post #" && e2e_wait b "version 2" &&
		e2e_keys b q && e2e_wait_gone b "Versions of post"
}
itest_check "e edits your post: marked edited, h shows both versions" edit_marked

search_opens_in_place() {
	# Back to the thread list; t shows only one tag's threads.
	e2e_keys a q && e2e_wait a "N:new thread" && e2e_keys a t &&
		e2e_wait a "Tag (empty for all" && e2e_say a "asd" &&
		e2e_wait a "no threads with that tag yet" && e2e_keys a t &&
		e2e_say a "" && e2e_wait a "EHCP review template" || return 1
	# Back to the board list, away from the thread.
	e2e_keys a q && e2e_wait a "n: next with unread" || return 1
	e2e_keys a / && e2e_wait a "Search:" && e2e_say a "newer" &&
		e2e_wait a "post in thread" && e2e_wait a "Search: newer" || return 1
	e2e_keys a Enter && e2e_wait a "EHCP review template for Year 9?" &&
		e2e_wait a "I have a newer one" && e2e_wait a "r:reply"
}
itest_check "t filters by tag; / searches; Enter opens the hit's thread" search_opens_in_place

editor_writes_a_reply() {
	e2e_keys a r && e2e_wait a "Reply to thread" && e2e_keys a C-o &&
		e2e_wait a "Written in the editor." || return 1
	[ "$(cat "$ITEST_TMP/editor.mode")" = 600 ] || {
		echo "the editor's file had mode $(cat "$ITEST_TMP/editor.mode")"
		return 1
	}
	e2e_keys a C-d && e2e_wait a "posted as #" && e2e_wait b "Written in the editor."
}
itest_check "Ctrl-O writes the post in \$EDITOR through a 0600 file" editor_writes_a_reply

plain_commands() {
	out=$ITEST_TMP/plain.out
	{
		printf '/boards\n/threads national\n/threads national asd\n'
		sleep 1
		printf '/thread 1\n/search newer\n'
		sleep 1
		printf '/reply from plain mode\\\nsecond line\n'
		sleep 1
	} | e2e_plain_piped cara "$out"
	grep -q "board 1. \[" "$out" &&
		grep -q "thread 1: EHCP review template for Year 9? \[semh\]" "$out" &&
		grep -q "asha wrote (post #" "$out" &&
		grep -q "no threads tagged asd in \[National\] yet" "$out" &&
		grep -q "^\* hit 1. post #" "$out" &&
		grep -q "cara| second line" "$out" || { cat "$out"; return 1; }
	e2e_wait a "second line"
}
e2e_trust "$ITEST_TMP/home/cara"
itest_check "plain mode: /boards /threads (by tag) /thread /search /reply" plain_commands

message_hit_switches_room() {
	e2e_keys a F3 && e2e_wait a "North East" && e2e_say a "the chatroom has one too" &&
		e2e_wait a "asha: the chatroom has one too" || return 1
	e2e_say a "/join region:north-east" && e2e_wait a "North East [region:north-east]" ||
		return 1
	e2e_say a "/search chatroom" && e2e_wait a "message in [national]" &&
		e2e_keys a Enter && e2e_wait a "National [national]" &&
		e2e_wait a "asha: the chatroom has one too"
}
itest_check "a message hit switches to its room" message_hit_switches_room

# The boards take single letters as commands; a sentence typed there goes
# to the rooms screen's input line instead, and Alt-N picks a room.
typing_on_boards_goes_to_chat() {
	e2e_keys a F3 && e2e_wait a "F3: rooms" || return 1
	e2e_type a "I think we could try" &&
		e2e_wait a "typing goes to the chat" &&
		e2e_wait a "I think we could try" && e2e_keys a Enter &&
		e2e_wait a "asha: I think we could try" || return 1
	e2e_keys a F3 && e2e_wait a "F3: rooms" && e2e_keys a M-2 &&
		e2e_wait a "North East [region:north-east]"
}
itest_check "typing a sentence on the boards goes to the chat; Alt-2 picks room 2" typing_on_boards_goes_to_chat

spawned_never_runs_an_editor() {
	e2e_run s 80x24 "$ITEST_TMP/home/cara" ssh -t -F /dev/null \
	    -p "$ITEST_PORT" -i "$ITEST_TMP/cara" -o IdentitiesOnly=yes \
	    -o IdentityAgent=none -o StrictHostKeyChecking=no \
	    -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR cara@127.0.0.1 &&
		e2e_wait s "staffroomd 0.1.0 | connected" || return 1
	e2e_keys s F3 && e2e_wait s "n: next with unread" && e2e_keys s Enter &&
		e2e_wait s "EHCP review template" && e2e_keys s Enter &&
		e2e_wait s "r:reply" && e2e_keys s r && e2e_wait s "Reply to thread" ||
		return 1
	e2e_keys s C-o && e2e_wait s "no external editor here" || return 1
	# Leave, so nothing is left running on the server.
	e2e_keys s Escape && e2e_wait_gone s "Reply to thread" && e2e_keys s F3 &&
		e2e_say s "/quit" && e2e_wait_exit s >/dev/null
}
region_board_stays_in_region() {
	out=$ITEST_TMP/region.out
	{
		printf '/new north-east #sld Provision map\\\nfor the quokkaword school\n'
		sleep 1
	} | HOME=$ITEST_TMP/home/ben timeout "$E2E_TIMEOUT" "$STAFFROOM" --plain \
	    -p "$ITEST_PORT" ben@127.0.0.1 >"$out" 2>&1
	grep -q "thread [0-9]* started" "$out" || { cat "$out"; return 1; }
	# Asha, of the same region, finds it; Cara, in London, neither sees
	# the board nor finds the post.
	printf '/search quokkaword\n' | HOME=$ITEST_TMP/home/asha timeout \
	    "$E2E_TIMEOUT" "$STAFFROOM" --plain -p "$ITEST_PORT" asha@127.0.0.1 \
	    >"$out" 2>&1
	grep -q "hit 1. post #.*Provision map" "$out" || { cat "$out"; return 1; }
	printf '/boards\n/search quokkaword\n' | HOME=$ITEST_TMP/home/cara \
	    timeout "$E2E_TIMEOUT" "$STAFFROOM" --plain -p "$ITEST_PORT" \
	    cara@127.0.0.1 >"$out" 2>&1
	grep -q "nothing found" "$out" && grep -q "London" "$out" &&
		! grep -q -e "North East (region" -e quokkaword "$out" ||
		{ cat "$out"; return 1; }
}
e2e_trust "$ITEST_TMP/home/ben"
itest_check "a region's thread is found by its region, not by another" region_board_stays_in_region

# As root the daemon runs as $ITEST_RUN_AS, who must reach the client.
if [ "$(id -u)" -eq 0 ] && ! su -s /bin/sh "$ITEST_RUN_AS" -c \
    "test -x '$STAFFROOM'" >/dev/null 2>&1; then
	itest_n=$((itest_n + 1))
	echo "ok $itest_n - spawned client # SKIP $ITEST_RUN_AS cannot run $STAFFROOM"
else
	itest_check "spawned for plain ssh, Ctrl-O starts no editor and says why" \
	    spawned_never_runs_an_editor
fi

itest_done
