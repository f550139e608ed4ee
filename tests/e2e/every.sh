#!/bin/sh
# every.sh: every command of staffroom(1) in plain mode, typed by an admin
# into `staffroom --plain` in a terminal against a real daemon, and every
# line it wrote read back (issue 18, "done means"): nothing but text (no
# escape sequence or other control character), each line in one of plain
# mode's forms ("* ", "! code: ", "[Room] HH:MM who: text", "[thread N #P]",
# "-- ... --"), rooms, regions and scopes by name rather than id or slug,
# and a mention of you and the start of what is new said in words.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person asha "Asha Patel" north-east
e2e_person ben "Ben Okafor" north-east
e2e_person cara "Cara Lewis" london
e2e_person dana "Dana Ward" north-east
itest_ctl user set asha --role admin >/dev/null
itest_keygen spare
itest_daemon_start

RAW=$ITEST_TMP/p.raw

as_ben() {
	e2e_subsystem ben "$1" | grep -q '"ok":true'
}

national_board() {
	e2e_subsystem ben '{"id":1,"op":"boards.list"}' |
		grep -o '"id":[0-9]*,[^}]*"name":"National"' | head -1 |
		sed 's/^"id":\([0-9]*\),.*/\1/'
}

as_ben '{"id":1,"op":"room.send","room":"region:north-east","body":"Morning @asha, is the EHCP guidance out?"}' &&
	as_ben '{"id":1,"op":"room.send","room":"region:north-east","body":"It came out on Friday"}' &&
	as_ben "{\"id\":1,\"op\":\"thread.create\",\"board\":$(national_board),\"title\":\"Annual review templates\",\"body\":\"Has anyone got one? @asha\"}" ||
	{ echo "Bail out! ben could not post"; exit 99; }

# The output: what the client wrote, a line a line.
output() {
	tr -d '\r' <"$RAW"
}

# The answers to /blocks so far: every command is followed by one, and
# the server answers in order, so one more means the command's answers
# are in.
answered() {
	grep -c -E '^\* (you have blocked nobody|blocked: )' "$RAW" 2>/dev/null
}

blocks_answered() {
	[ "$(answered)" -gt "$1" ]
}

# Types LINE and waits until it has been answered. The terminal does not
# echo (stty -echo): what is read back is the client's alone.
run() {
	n=$(answered)
	e2e_say p "$1" && e2e_say p "/blocks" &&
		e2e_until p "the answer to $1" blocks_answered "$n"
}

# Runs each argument as a command; fails at the first that times out. A
# line ending in a backslash goes on into the next: it is only typed.
run_all() {
	for line in "$@"; do
		case $line in
		*\\)
			e2e_say p "$line" || return 1
			;;
		*)
			run "$line" || return 1
			;;
		esac
	done
}

started() {
	e2e_trust "$ITEST_TMP/home/asha" &&
		e2e_run p 160x50 "$ITEST_TMP/home/asha" sh -c \
		    'stty -echo && exec "$0" "$@"' "$STAFFROOM" --plain \
		    -p "$ITEST_PORT" asha@127.0.0.1 &&
		: >"$RAW" &&
		e2e_tmux pipe-pane -t "=p:" -o "cat >>'$RAW'" &&
		e2e_wait p "* connected to"
}
itest_check "plain mode starts in a terminal" started

rooms_and_messages() {
	run_all "/help" "/whoami" "/rooms" "/join North East" \
	    "Hello @ben from asha" "/me waves" "/edit Hello @ben from asha, edited" \
	    "/edits" "/history" "/read" "/names" "/who" "/find EHCP" "/unread" \
	    "/next" "/prev" "/join North East" \
	    "/delete" "/confirm" "/account" "/keys" \
	    "/key-add $(cat "$ITEST_TMP/spare.pub")" \
	    "/key-remove $(ssh-keygen -l -f "$ITEST_TMP/spare.pub" | cut -d' ' -f2)"
}
itest_check "rooms and messages: /help ... /key-remove" rooms_and_messages

# /passwd asks on the terminal, without echo.
passwd_asks() {
	e2e_say p "/passwd" && e2e_wait p "Current password (empty if none):" &&
		e2e_keys p Enter && e2e_wait p "New password:" &&
		e2e_type p "correct horse battery" && e2e_keys p Enter &&
		e2e_wait p "New password again:" &&
		e2e_type p "correct horse battery" && e2e_keys p Enter &&
		run "/whoami"
}
itest_check "/passwd asks on the terminal" passwd_asks

people_and_buddies() {
	run_all "/people need:ASD" "/whois ben" "/profile" \
	    "/profile role_title senco" "/profile needs ASD" "/dm ben" \
	    "/msg ben Are you free at 3?" "/suggest" "/ask cara" \
	    "/buddy ASD leads @ben @dana" "/accept" "/decline" \
	    "/join ASD leads" "/add cara" "/remove cara" "/rename Autism leads" \
	    "/leave" "/block cara" "/blocks" "/unblock cara" "/join North East" \
	    "/away" "/back" "/summary" "/email asha@example.org" "/email off" \
	    "/digest weekly" "/digest off"
}
itest_check "people, buddy chats and DMs: /people ... /digest" people_and_buddies

moderation() {
	run_all "/report 1 spam checking the report" "/mod" "/queue" \
	    "/resolve 1 dismiss not spam after all" "/approve 99" \
	    "/reject 99 not for this room" "/online" "/person ben" \
	    "/lockroom" "/lockroom off" "/slow 10" "/slow off" "/announceonly" \
	    "/announceonly off" "/announce Network meeting on Thursday" \
	    "/announce off" "/audit actor:asha" "/invite north-east" "/invites" ||
		return 1
	invite=$(output | sed -n 's/^\* \([A-Z0-9]*\) North East member: open.*/\1/p' |
	    head -1)
	run_all "/revoke $invite" "/kick dana checking kick" "/lift 1"
}
itest_check "moderation: /report ... /lift" moderation

boards() {
	run_all "/boards" "/threads National" "/thread 1" \
	    "/new National #asd Transition plans\\" "Share your timelines here." \
	    "/post 1 A reply from asha" "/thread 1" "/reply Another reply" \
	    "/quote 1 Quoting ben" "/edit 4 Quoting ben, edited" "/history 4" \
	    "/delete 4" "/restore 4" "/catchup" "/watch 1" "/unwatch 1" \
	    "/pin 1" "/pin 1 off" "/lock 1" "/lock 1 off" "/move 2 London" \
	    "/search templates" "/tags"
}
itest_check "boards: /boards ... /tags" boards

meetings() {
	run_all "/series create SENCO network" "/series" "/series 1" \
	    "/series invite 1 ben" "/series role 1 ben member" \
	    "/schedule 1 2030-03-04 16:00 60 Spring meeting" "/meetings" ||
		return 1
	m=$(output | sed -n 's/^\* meeting \([0-9]*\) Spring meeting: .*/\1/p' |
	    head -1)
	run_all "/meeting $m" "/meeting edit $m title Spring network meeting" \
	    "/agenda $m add @asha 10 Annual reviews" \
	    "/agenda $m add 5 Any other business" "/agenda $m move 2 1" \
	    "/agenda $m drop 2" "/agenda $m" "/startmeeting $m" \
	    "/join Spring network meeting" \
	    "#action @asha share the template due 2030-03-11" "/item 1" \
	    "/topic Annual review templates" "q+" "/ack" \
	    "#vote Meet monthly? | yes | no" "/vote 1" "/closevote" "/actions" \
	    "/done 1 shared" "/endmeeting $m" "/minutes $m" \
	    "/minutes $m save $ITEST_TMP/minutes.md" "/ics $m $ITEST_TMP/m.ics" \
	    "/series accept 1" "/series decline 1" || return 1
	e2e_say p "/quit" && [ "$(e2e_wait_exit p)" = 0 ]
}
itest_check "meetings: /series ... /quit" meetings

# Lines of the output matching the extended regex, shown; none is success.
none() {
	what=$1 re=$2
	if output | grep -n -E -- "$re" >"$ITEST_TMP/bad"; then
		echo "$what:"
		head -20 "$ITEST_TMP/bad"
		return 1
	fi
}

# The audit log quotes each act as it was recorded, ids and all.
AUDIT='^\* #[0-9]+ '

only_text() {
	esc=$(printf '\033')
	ctl=$(printf '[\001-\010\013-\037\177]')
	[ -s "$RAW" ] && none "an escape sequence" "$esc" &&
		none "a control character" "$ctl"
}
itest_check "every line is text: no escape sequence, no control character" only_text

# /passwd's questions are the one other form: prompts ending ": ".
in_plain_forms() {
	output | grep -v -E '^[A-Z][a-z ()]+: $' |
		grep -n -E '^([^*![-]|\*[^ ]|![^ ]|-[^-]|\[[^]]*$)|^$' \
		>"$ITEST_TMP/bad" &&
		{ echo "lines in none of plain mode's forms:"; head -20 "$ITEST_TMP/bad"; return 1; }
	return 0
}
itest_check "every line is '* ', '! code: ', '[where] ...' or '-- ... --'" in_plain_forms

names_not_ids() {
	output | grep -v -E "$AUDIT" |
		grep -n -E '(region|buddy|dm|trust|meeting):[a-z0-9-]+|(^|[^a-z-])(north-east|london|east-midlands)([^a-z-]|$)' \
		>"$ITEST_TMP/bad" && { echo "ids or slugs:"; head -20 "$ITEST_TMP/bad"; return 1; }
	output | grep -q "^\[North East\] " &&
		output | grep -q "^\[Ben Okafor\] " || { echo "no room by name"; return 1; }
}
itest_check "rooms, regions and scopes by name, not id or slug" names_not_ids

marked_in_words() {
	output | grep -q -E "^\[North East\] [0-9:]{5} ben: Morning @asha, is the EHCP guidance out\? \(mentions you\)$" &&
		output | grep -q -E "^\[thread 1 #1\] .*ben: Has anyone got one\? @asha \(mentions you\)$" &&
		output | grep -q -x -- "-- new messages --" || { output; return 1; }
}
itest_check "a mention of you and what is new are said in words" marked_in_words

itest_done
