#!/bin/sh
# spawn.sh: nothing installed but OpenSSH. `ssh -t -p PORT handle@host`
# gets the full-screen client, spawned by the daemon on a pty, with window
# size changes passed through. That client runs on the server, so no key
# and no command in it may start another program: the daemon runs under
# strace, which records every execve of it and its children.
. "$(dirname "$0")/lib.sh"

e2e_setup
command -v strace >/dev/null 2>&1 || { echo "1..0 # SKIP no strace"; exit 0; }
e2e_person asha "Asha Patel" north-east
e2e_person ben "Ben Okafor" north-east

# -D: strace runs beside the daemon, which keeps its pid (ITEST_PID).
# LeakSanitizer cannot work under ptrace: no leak check for a traced daemon.
cat >"$ITEST_TMP/traced" <<EOF2
#!/bin/sh
ASAN_OPTIONS="\${ASAN_OPTIONS:+\$ASAN_OPTIONS:}detect_leaks=0" exec strace -D -f -q -e trace=execve,execveat -e signal=none \
    -o "$ITEST_TMP/exec.log" "$STAFFROOMD" "\$@"
EOF2
chmod +x "$ITEST_TMP/traced"
STAFFROOMD=$ITEST_TMP/traced itest_daemon_start --client "$STAFFROOM"

# ssh with a terminal, as someone would type it, in window WIN.
ssh_t() {
	win=$1 handle=$2 size=$3
	home=$ITEST_TMP/home/$handle
	e2e_trust "$home" &&
		e2e_run "$win" "$size" "$home" ssh -t -F /dev/null -p "$ITEST_PORT" \
		    -i "$home/.ssh/id_ed25519" -o IdentitiesOnly=yes \
		    -o IdentityAgent=none -o BatchMode=yes \
		    -o UserKnownHostsFile="$home/.ssh/known_hosts" \
		    -o StrictHostKeyChecking=yes "$handle@127.0.0.1"
}

full_screen_over_ssh() {
	ssh_t s asha 80x24 && e2e_wait s "National [national]" &&
		e2e_wait s "2 North East" && e2e_keys s M-2 &&
		e2e_wait s "North East [region:north-east]" || return 1
	e2e_client b ben && e2e_wait b "2 North East" && e2e_keys b M-2 || return 1
	e2e_say s "typed in plain ssh" && e2e_wait b "asha: typed in plain ssh" &&
		e2e_say b "seen in plain ssh" && e2e_wait s "ben: seen in plain ssh"
}
itest_check "ssh -t gets the full-screen client, chatting both ways" full_screen_over_ssh

window_size_passes_through() {
	e2e_resize s 60 20 &&
		e2e_until s "the status line on row 19" status_on_row s 19 &&
		e2e_resize s 80 24 &&
		e2e_until s "the status line on row 23" status_on_row s 23
}

status_on_row() {
	e2e_screen "$1" | sed -n "$2p" | grep -q "| connected"
}
itest_check "a window size change reaches the spawned client" window_size_passes_through

# Every key a terminal sends, every command someone might try for a
# shell, an editor or a pager (each with what shows it was handled, so the
# next key goes to the screen it opened), and Ctrl-O (the external editor)
# in the post composer, which does not offer it; after each, back to the room. (Ctrl-D on an empty
# line quits, so it is left out.)
press_everything() {
	while IFS='|' read -r cmd shows; do
		e2e_keys s C-u && e2e_say s "$cmd" && e2e_wait s "$shows" &&
			back_to_room || return 1
	done <<-EOF
	/edit|needs an argument
	/editor|no such command
	/shell|no such command
	/sh|no such command
	/exec ls|no such command
	/pager|no such command
	/less|no such command
	/open /etc/passwd|no such command
	/system id|no such command
	/!sh|no such command
	!sh|asha: !sh
	/help|staffroom help
	/account|Your account
	/keys|Your account
	/passwd|Your account
	/whoami|you are asha
	/rooms|[North East]: 0 unread
	/people|Find people
	/profile|Your profile
	/summary|were away
	EOF
	e2e_keys s F3 && e2e_wait s "Enter: open" && e2e_keys s Enter &&
		e2e_wait s "N:new thread" && e2e_keys s N &&
		e2e_wait s "New thread in" && e2e_wait s "Esc: cancel" &&
		e2e_lacks s "Ctrl-O" && e2e_keys s C-o &&
		e2e_wait s "no external editor here" && back_to_room || return 1
	for k in F1 F2 F3 F4 F5 F6 F7 F8 F9 F10 F11 F12 \
	    C-a C-b C-c C-e C-f C-g C-h C-j C-k C-l C-n C-o C-p C-q C-r \
	    C-s C-t C-u C-v C-w C-x C-y C-z 'C-\' 'C-]' C-^ C-_ \
	    M-e M-x M-v M-! M-: Home End PageUp PageDown IC DC BTab Tab; do
		e2e_keys s "$k" && back_to_room || return 1
	done
	# Still the client, still connected.
	e2e_keys s C-u && e2e_say s "still here" && e2e_wait b "asha: still here" ||
		return 1
	e2e_say s /quit && e2e_wait_exit s >/dev/null || return 1
	# The daemon stops, and strace writes its last line.
	pid=$ITEST_PID
	itest_daemon_stop && e2e_until s "strace to finish" \
	    grep -q "^$pid  *+++ exited" "$ITEST_TMP/exec.log" || { cat "$ITEST_TMP/exec.log"; return 1; }
	# The daemon was exec'd once, the client once; nothing else ever was.
	grep -c execve "$ITEST_TMP/exec.log" | grep -qx 2 &&
		grep -q "execve(\"$STAFFROOMD\"" "$ITEST_TMP/exec.log" &&
		grep -q "execve(\"$STAFFROOM\", \[\"staffroom\", \"--spawned\"\]" \
		    "$ITEST_TMP/exec.log" ||
		{ echo "programs started:"; grep execve "$ITEST_TMP/exec.log"; return 1; }
}

# Esc leaves any other screen (a form inside one takes two) and clears a
# notice; Alt-2 goes back to the room. One key at a time, each after the
# screen shows the last one's effect: an Esc with another key right behind
# it reads as Alt.
back_to_room() {
	e2e_until s "the way back to the room" in_room
}

in_room() {
	e2e_screen s >"$ITEST_TMP/screen"
	title=$(head -n 1 "$ITEST_TMP/screen")
	if ! printf '%s\n' "$title" | grep -q -E ' \[(national|region:[a-z-]+)\] ' ||
	    ! tail -n 2 "$ITEST_TMP/screen" | head -n 1 | grep -q "| connected$"; then
		e2e_keys s Escape
		return 1
	fi
	if ! printf '%s\n' "$title" | grep -q -F "North East [region:north-east]" ||
	    ! tail -n 1 "$ITEST_TMP/screen" | grep -qx ">"; then
		e2e_keys s C-u M-2
		return 1
	fi
}
itest_check "no key or command in the spawned client starts a program" press_everything

itest_done
