#!/bin/sh
# teardown.sh: an e2e test's end leaves none of its windows' programs
# running, even one that ignores the hangup its closing terminal sends
# (as a client busy exiting under a sanitizer may not act on it).
. "$(dirname "$0")/lib.sh"

e2e_setup
PIDFILE=$ITEST_TMP/stubborn.pid

# Runs a test's setup and cleanup in a subshell of their own, with one
# window whose program ignores SIGHUP, and leaves its pid in PIDFILE.
inner_test() {
	(
		e2e_setup
		e2e_run w 80x24 "$ITEST_TMP" sh -c \
		    'trap "" HUP; echo $$ >"$1.tmp" && mv "$1.tmp" "$1"; exec sleep 300' \
		    sh "$PIDFILE"
		e2e_until w "the program to start" test -s "$PIDFILE"
	)
}

gone() {
	! kill -0 "$1" 2>/dev/null ||
		grep -q '^State:.*zombie' "/proc/$1/status" 2>/dev/null
}

programs_end_with_the_test() {
	inner_test || return 1
	pid=$(cat "$PIDFILE")
	if gone "$pid"; then
		return 0
	fi
	echo "process $pid outlived its test's tmux server"
	kill -KILL "$pid"
	return 1
}
itest_check "a window's program that ignores SIGHUP ends with its test" programs_end_with_the_test

itest_done
