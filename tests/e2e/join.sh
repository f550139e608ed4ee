#!/bin/sh
# join.sh: first contact. Someone with nothing but an invite code runs
# `staffroom --join CODE host` in a fresh home: the client makes a key,
# asks about the host key, has the code checked, asks for a handle and a
# name, and ends in the chat. A bad code is explained before any question;
# a changed host key is refused loudly.
# With nothing installed, `ssh -t join@host` runs the same form.
. "$(dirname "$0")/lib.sh"

e2e_setup
itest_daemon_start --client "$STAFFROOM"

invite() {
	itest_ctl invite create --region north-east 2>/dev/null
}

# Runs `staffroom --join CODE` in window WIN with a fresh home, and trusts
# the host key it is shown.
join_start() {
	win=$1 code=$2
	mkdir -p "$ITEST_TMP/home/$win"
	e2e_run "$win" 80x24 "$ITEST_TMP/home/$win" "$STAFFROOM" --join "$code" \
	    -p "$ITEST_PORT" 127.0.0.1 &&
		e2e_wait "$win" "Trust [127.0.0.1]:$ITEST_PORT and connect (yes/no)?" &&
		e2e_has "$win" "SHA256:" && e2e_say "$win" yes
}

code=$(invite)

join_from_nothing() {
	join_start new "$code" &&
		e2e_wait new "Choose a handle" && e2e_say new dana &&
		e2e_wait new "Your full name" && e2e_say new "Dana Ward" || return 1
	# The full screen, logged in as dana, in her region's room.
	e2e_wait new "North East [region:north-east]" &&
		e2e_wait new "dana@127.0.0.1" || return 1
	e2e_say new "hello from dana" &&
		e2e_wait new "dana: hello from dana" || return 1
	key=$ITEST_TMP/home/new/.config/staffroom/id_ed25519
	[ "$(stat -c %a "$key")" = 600 ] || { echo "key mode $(stat -c %a "$key")"; return 1; }
	grep -q "^\[127.0.0.1\]:$ITEST_PORT " "$ITEST_TMP/home/new/.config/staffroom/known_hosts" ||
		{ echo "host key not remembered"; return 1; }
}
itest_check "a fresh home joins by invite, makes a key and ends chatting in its region" join_from_nothing

again_logs_in() {
	e2e_say new /quit && status=$(e2e_wait_exit new) || return 1
	[ "$status" = 0 ] || { echo "/quit: exit status $status"; return 1; }
	e2e_run again 80x24 "$ITEST_TMP/home/new" "$STAFFROOM" -p "$ITEST_PORT" \
	    dana@127.0.0.1 &&
		e2e_wait again "dana@127.0.0.1" &&
		e2e_wait again "North East" && e2e_keys again M-2 &&
		e2e_wait again "dana: hello from dana" && e2e_lacks again "Trust"
}
itest_check "the next time, staffroom dana@host logs in without a question" again_logs_in

# A spent or mistyped code is explained before the handle and name are asked.
refused_code() {
	win=$1 code=$2 want=$3
	join_start "$win" "$code" && e2e_wait "$win" "$want" || return 1
	status=$(e2e_wait_exit "$win") || return 1
	[ "$status" = 1 ] || { echo "exit status $status"; return 1; }
	e2e_lacks "$win" "Choose a handle" && e2e_lacks "$win" "Your full name"
}
itest_check "a used invite is explained" refused_code used "$code" "already been used"
itest_check "a mistyped invite is explained" refused_code typo \
    "${code%?}X" "not known. Check it for typing mistakes"

changed_key_refused() {
	home=$ITEST_TMP/home/asha
	e2e_person asha "Asha Patel" north-east || return 1
	ssh-keygen -q -t ed25519 -N '' -f "$ITEST_TMP/impostor" </dev/null || return 1
	printf '[127.0.0.1]:%s %s\n' "$ITEST_PORT" "$(cut -d' ' -f1,2 "$ITEST_TMP/impostor.pub")" \
	    >"$home/.ssh/known_hosts"
	e2e_run changed 80x24 "$home" "$STAFFROOM" -p "$ITEST_PORT" asha@127.0.0.1 &&
		e2e_wait changed "HOST KEY HAS CHANGED" || return 1
	status=$(e2e_wait_exit changed) || return 1
	[ "$status" = 1 ] && e2e_lacks changed "(yes/no)"
}
itest_check "a host key that changed is refused without a question" changed_key_refused

# Nothing installed: `ssh -t join@host` (any password) gets the same join
# form on the server's copy of the client, and ends in it, logged in.
join_over_plain_ssh() {
	home=$ITEST_TMP/home/erin
	mkdir -p "$home" && e2e_trust "$home" || return 1
	e2e_run sj 80x24 "$home" ssh -t -F /dev/null -p "$ITEST_PORT" \
	    -o IdentityAgent=none -o PubkeyAuthentication=no \
	    -o UserKnownHostsFile="$home/.ssh/known_hosts" join@127.0.0.1 &&
		e2e_wait sj "Password:" && e2e_say sj "anything" &&
		e2e_wait sj "Welcome to staffroom" || return 1
	e2e_type sj "$(invite)" && e2e_keys sj Tab && e2e_type sj erin &&
		e2e_keys sj Tab && e2e_type sj "Erin Shaw" && e2e_keys sj Tab &&
		e2e_type sj "correct horse battery" && e2e_keys sj Tab &&
		e2e_type sj "correct horse battery" && e2e_keys sj Enter || return 1
	# Dana's message waits in her region: the login summary says so.
	e2e_wait sj "North East: 1 unread" && e2e_keys sj Escape &&
		e2e_wait sj "North East [region:north-east]" &&
		e2e_say sj "hello from plain ssh" && e2e_wait sj "erin: hello from plain ssh"
}
itest_check "ssh -t join@host fills the join form and ends chatting in its region" join_over_plain_ssh

itest_done
