# lib.sh: helpers for the end-to-end tests: the real client in a real
# terminal (tmux) against a real staffroomd over real SSH. It builds on
# tests/integration/lib.sh (temp dir, state dir, daemon, TAP output) and adds:
#
#   e2e_setup                        itest_setup, plus a private tmux server
#   e2e_person HANDLE NAME REGION    an account with a key, and a home for it
#                                    ($ITEST_TMP/home/HANDLE) that holds the
#                                    key in ~/.ssh/id_ed25519
#   e2e_trust HOME                   the daemon's host key in HOME's
#                                    known_hosts (after itest_daemon_start)
#   e2e_run WIN COLSxROWS HOME CMD.. CMD in a terminal of its own, with a
#                                    clean environment and HOME
#   e2e_client WIN HANDLE [ARGS...]  staffroom at 80x24 as HANDLE, trusting
#                                    the daemon, connecting to it
#   e2e_keys WIN KEY...              tmux key names: Enter, C-n, M-2, F1...
#   e2e_type WIN TEXT                types TEXT as it is
#   e2e_say WIN TEXT                 types TEXT and presses Enter
#   e2e_screen WIN                   the screen as text
#   e2e_wait WIN TEXT                until a line of the screen holds TEXT
#   e2e_matches WIN REGEX            whether a line of the screen matches
#   e2e_to_room WIN N NAME REF       the full screen's room N (Alt-N), once
#                                    the sidebar lists it
#   e2e_report_newest WIN WHY        /report the newest message, saying WHY
#   e2e_wait_gone WIN TEXT           until no line does
#   e2e_count WIN TEXT               how many lines of the screen hold TEXT
#   e2e_resize WIN COLS ROWS         a new terminal size (SIGWINCH)
#   e2e_wait_exit WIN                until the program ends; prints its status
#   e2e_subsystem HANDLE LINE...     protocol lines through stock `ssh -s`
#
# Each test script gets its own tmux server (tmux -L), so runs in parallel
# never see each other's windows. Waits poll and are bounded by
# E2E_TIMEOUT seconds only so that a hung test fails; nothing is timed.

. "$(dirname "$0")/../integration/lib.sh"

E2E_TIMEOUT=${E2E_TIMEOUT:-20}
STAFFROOM=${STAFFROOM:-$top_builddir/client/staffroom}
E2E_SOCK=

# PID's descendants, children before theirs.
e2e_descendants() {
	for kid in $(pgrep -P "$1"); do
		echo "$kid"
		e2e_descendants "$kid"
	done
}

# The windows' programs end before the tmux server does: a client still
# exiting when its pane went (ASan's leak report, say) was left running,
# spinning, with nobody to reap it. SIGKILL cannot be ignored; the wait is
# bounded like every other.
e2e_reap() {
	progs=
	for pane in $(e2e_tmux list-panes -a -F '#{pane_pid}' 2>/dev/null); do
		progs="$progs $(e2e_descendants "$pane")"
	done
	# shellcheck disable=SC2086 # a list of pids, or none
	[ -z "${progs# }" ] || kill -KILL $progs 2>/dev/null
	tries=$((E2E_TIMEOUT * 10))
	for pid in $progs; do
		while kill -0 "$pid" 2>/dev/null &&
		    ! grep -q '^State:.*zombie' "/proc/$pid/status" 2>/dev/null &&
		    [ "$tries" -gt 0 ]; do
			sleep 0.1
			tries=$((tries - 1))
		done
	done
}

e2e_cleanup() {
	if [ -n "$E2E_SOCK" ]; then
		e2e_reap
		e2e_tmux kill-server 2>/dev/null
	fi
	itest_cleanup
}

e2e_tmux() {
	tmux -L "$E2E_SOCK" "$@"
}

e2e_setup() {
	command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP no tmux"; exit 0; }
	command -v ssh >/dev/null 2>&1 || { echo "1..0 # SKIP no ssh client"; exit 0; }
	itest_setup
	trap e2e_cleanup EXIT
	E2E_SOCK=staffroom-e2e-$$-${ITEST_TMP##*.}
	mkdir -p "$ITEST_TMP/home"
	# No status line: the program gets the whole window. Windows stay after
	# their program ends, so its last words can be read.
	cat >"$ITEST_TMP/tmux.conf" <<-EOF
	set -g status off
	set -g remain-on-exit on
	set -g default-terminal screen
	set -g history-limit 0
	EOF
}

e2e_person() {
	home=$ITEST_TMP/home/$1
	itest_keygen "$1" || return 1
	itest_ctl user add "$1" --name "$2" --region "$3" >/dev/null || return 1
	itest_ctl key add "$1" "$ITEST_TMP/$1.pub" >/dev/null || return 1
	mkdir -p "$home/.ssh" && chmod 700 "$home" "$home/.ssh" &&
		cp "$ITEST_TMP/$1" "$home/.ssh/id_ed25519" &&
		cp "$ITEST_TMP/$1.pub" "$home/.ssh/id_ed25519.pub"
}

e2e_trust() {
	mkdir -p "$1/.ssh" &&
		printf '[127.0.0.1]:%s %s\n' "$ITEST_PORT" \
		    "$(cut -d' ' -f1,2 "$ITEST_STATE/ssh_host_ed25519_key.pub")" \
		    >"$1/.ssh/known_hosts"
}

# The tmux server starts with nothing from our environment (no ssh agent,
# no SSH_AUTH_SOCK, no user config); each window gets its own HOME.
e2e_run() {
	win=$1 size=$2 home=$3
	shift 3
	env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=UTC \
	    tmux -L "$E2E_SOCK" -f "$ITEST_TMP/tmux.conf" new-session -d \
	    -s "$win" -x "${size%x*}" -y "${size#*x}" -e HOME="$home" -- \
	    sh -c '"$@"; echo $? >"$0"' "$ITEST_TMP/$win.status" "$@"
}

# Runs `staffroom --plain` as HANDLE with its stdin, the output in FILE:
# a script, lines in and every answer out, that exits by itself.
e2e_plain_piped() {
	HOME=$ITEST_TMP/home/$1 timeout "$E2E_TIMEOUT" "$STAFFROOM" --plain \
	    -p "$ITEST_PORT" "$1@127.0.0.1" >"$2" 2>&1
}

e2e_client() {
	win=$1 handle=$2
	shift 2
	e2e_trust "$ITEST_TMP/home/$handle" &&
		e2e_run "$win" 80x24 "$ITEST_TMP/home/$handle" "$STAFFROOM" "$@" \
		    -p "$ITEST_PORT" "$handle@127.0.0.1"
}

e2e_keys() {
	win=$1
	shift
	e2e_tmux send-keys -t "=$win:" "$@"
}

e2e_type() {
	e2e_tmux send-keys -t "=$1:" -l -- "$2"
}

e2e_say() {
	e2e_type "$1" "$2" && e2e_keys "$1" Enter
}

e2e_screen() {
	e2e_tmux capture-pane -p -t "=$1:"
}

e2e_count() {
	e2e_screen "$1" | grep -c -F -- "$2"
}

# Polls until "$@" succeeds; on time out shows WIN's screen and fails.
e2e_until() {
	win=$1 what=$2
	shift 2
	tries=$((E2E_TIMEOUT * 10))
	while ! "$@"; do
		tries=$((tries - 1))
		if [ "$tries" -le 0 ]; then
			{
				echo "timed out waiting for $what in $win; the screen:"
				e2e_screen "$win" | sed 's/^/| /'
			} >&2
			return 1
		fi
		sleep 0.1
	done
}

e2e_has() {
	e2e_screen "$1" | grep -q -F -- "$2"
}

e2e_lacks() {
	! e2e_has "$1" "$2"
}

e2e_wait() {
	e2e_until "$1" "\"$2\"" e2e_has "$1" "$2"
}

e2e_matches() {
	e2e_screen "$1" | grep -q -E -- "$2"
}

e2e_to_room() {
	e2e_wait "$1" "$2 $3" && e2e_keys "$1" "M-$2" &&
		e2e_wait "$1" "$3 [$4]"
}

# The report form: Enter picks the newest message, then the reason.
e2e_report_newest() {
	e2e_say "$1" "/report" && e2e_wait "$1" "Report" && e2e_keys "$1" Enter &&
		e2e_type "$1" "$2" && e2e_keys "$1" Enter &&
		e2e_wait "$1" "reported to the moderators"
}

e2e_wait_gone() {
	e2e_until "$1" "\"$2\" to go" e2e_lacks "$1" "$2"
}

e2e_resize() {
	e2e_tmux resize-window -t "=$1:" -x "$2" -y "$3"
}

# A shell waits for the program and keeps its exit status: tmux 3.3 has
# been seen to leave an exited child unreaped, its pane never dead.
e2e_ended() {
	[ -s "$ITEST_TMP/$1.status" ]
}

e2e_wait_exit() {
	e2e_until "$1" "the program to exit" e2e_ended "$1" &&
		cat "$ITEST_TMP/$1.status"
}

e2e_subsystem() {
	handle=$1
	shift
	printf '%s\n' "$@" |
		itest_ssh "$ITEST_TMP/$handle" -s "$handle@127.0.0.1" staffroom
}
