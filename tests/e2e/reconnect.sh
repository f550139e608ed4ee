#!/bin/sh
# reconnect.sh: the daemon restarts under a running client. The client
# says it is reconnecting, keeps what is typed meanwhile, reconnects by
# itself, catches up with what it missed and sends what it kept: nothing
# is lost and nothing shows twice.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person asha "Asha Patel" north-east
e2e_person ben "Ben Okafor" north-east
itest_daemon_start
port=$ITEST_PORT

in_north_east() {
	e2e_client "$1" "$2" && e2e_wait "$1" "2 North East" && e2e_keys "$1" M-2 &&
		e2e_wait "$1" "North East [region:north-east]"
}

once() {
	n=$(e2e_count "$1" "$2")
	[ "$n" = 1 ] || { echo "\"$2\" is on $1's screen $n times"; e2e_screen "$1"; return 1; }
}

offline_typing_is_kept() {
	in_north_east a asha && in_north_east b ben || return 1
	e2e_say b "before the restart" && e2e_wait a "ben: before the restart" ||
		return 1
	itest_daemon_stop || return 1
	e2e_wait a "reconnecting" || return 1
	e2e_say a "typed while offline"
	e2e_wait a "(unsent: will send when reconnected)" && e2e_wait a "1 unsent"
}
itest_check "while the server is down, a typed message is kept as unsent" offline_typing_is_kept

# The server comes back on the same port; before the clients are back,
# someone else posts through stock ssh.
caught_up_after_restart() {
	itest_daemon_start -l "127.0.0.1:$port" || return 1
	e2e_subsystem ben '{"id":1,"op":"room.send","room":"region:north-east","body":"posted while you were away"}' \
	    >"$ITEST_TMP/out" && grep -q '"ok":true' "$ITEST_TMP/out" || return 1
	e2e_wait a "| connected" && e2e_wait b "| connected" || return 1
	e2e_wait a "ben: posted while you were away" &&
		e2e_wait b "asha: typed while offline" &&
		e2e_wait_gone a "unsent" || return 1
	for msg in "ben: before the restart" "ben: posted while you were away" \
	    "asha: typed while offline"; do
		once a "$msg" && once b "$msg" || return 1
	done
}
itest_check "after a restart both clients reconnect; nothing lost, nothing twice" caught_up_after_restart

still_live() {
	e2e_say b "and live again" && e2e_wait a "ben: and live again" &&
		once a "ben: and live again"
}
itest_check "live messages flow again after the reconnect" still_live

itest_done
