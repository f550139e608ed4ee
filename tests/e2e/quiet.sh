#!/bin/sh
# quiet.sh: a client with nothing to do does nothing. When the server goes
# away it says it will retry and then waits, and when its terminal hangs
# up it ends: a descriptor poll() keeps calling ready (a hung-up terminal,
# a dead socket) must not turn the loop into a spin. Work is counted as
# read() calls (/proc/PID/io's syscr), not timed: a waiting client makes
# a few a second, a spinning one thousands.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person asha "Asha Patel" north-east
e2e_person ben "Ben Okafor" north-east
itest_daemon_start
port=$ITEST_PORT

# The staffroom process run as HANDLE (the newest, if several).
client_pid() {
	pgrep -n -f "^$STAFFROOM .*-p $ITEST_PORT $1@127.0.0.1"
}

reads() {
	sed -n 's/^syscr: //p' "/proc/$1/io" 2>/dev/null
}

# PID makes fewer than 200 reads while its window shows TEXT three times
# over (a second or more each: the status line's countdown moves).
stays_quiet() {
	before=$(reads "$1")
	for _ in 1 2 3; do
		sleep 1
		e2e_wait "$2" "$3" || return 1
	done
	after=$(reads "$1")
	[ -n "$before" ] && [ -n "$after" ] &&
		[ $((after - before)) -lt 200 ] ||
		{ echo "$2 made $((after - before)) reads while waiting"; return 1; }
}

server_gone_client_waits() {
	e2e_client a asha && e2e_wait a "| connected" &&
		e2e_client p ben --plain && e2e_wait p "* connected to" || return 1
	full=$(client_pid asha) plain=$(client_pid ben)
	kill -KILL "$ITEST_PID" && wait "$ITEST_PID" 2>/dev/null
	ITEST_PID=
	e2e_wait a "reconnecting in" && e2e_wait p "reconnecting in" ||
		return 1
	stays_quiet "$full" a "reconnecting in" &&
		stays_quiet "$plain" p "reconnecting in"
}
itest_check "the server killed: both clients say they will retry, then wait without spinning" \
    server_gone_client_waits

# Until PID has ended (gone, or a zombie nobody reaps).
ended() {
	! kill -0 "$1" 2>/dev/null ||
		grep -q '^State:.*zombie' "/proc/$1/status" 2>/dev/null
}

# setsid: the terminal is not the client's controlling terminal, so its
# hangup sends no SIGHUP; the client reads the hangup from poll() alone.
hangup_ends_client() {
	win=$1 handle=$2
	shift 2
	e2e_trust "$ITEST_TMP/home/$handle" &&
		e2e_run "$win" 80x24 "$ITEST_TMP/home/$handle" setsid -w \
		    "$STAFFROOM" "$@" -p "$ITEST_PORT" "$handle@127.0.0.1" &&
		e2e_wait "$win" "connected" || return 1
	pid=$(client_pid "$handle")
	[ -n "$pid" ] || { echo "no client for $handle"; return 1; }
	e2e_tmux kill-session -t "=$win"
	if ! e2e_until "$win" "$handle's client to end" ended "$pid"; then
		echo "$handle's client: $(ps -o stat=,pcpu= -p "$pid")"
		kill -KILL "$pid"
		return 1
	fi
}

terminal_hangup_ends_clients() {
	itest_daemon_start -l "127.0.0.1:$port" || return 1
	hangup_ends_client h asha && hangup_ends_client hp ben --plain
}
itest_check "a terminal that hangs up without SIGHUP ends the client, full or plain" \
    terminal_hangup_ends_clients

itest_done
