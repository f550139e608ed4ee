# lib.sh: shared helpers for the TAP shell tests that drive a real staffroomd
# with stock OpenSSH. Source it from a test script:
#
#   . "$(dirname "$0")/lib.sh"
#   itest_setup                     temp dir (removed on exit) and a state dir
#   itest_ctl ARGS...               staffroomctl -d STATE ARGS...
#   itest_keygen NAME               an ed25519 key pair at $ITEST_TMP/NAME{,.pub}
#   itest_daemon_start [FLAGS...]   staffroomd on 127.0.0.1:0; sets ITEST_PORT
#                                   (run through $ITEST_DAEMON_WRAP, e.g. taskset;
#                                   -v unless ITEST_DAEMON_VERBOSE is empty)
#   itest_daemon_stop               SIGTERM; fails unless it exits with 0
#   itest_ssh KEY ARGS...           ssh to the daemon with KEY, bounded in time
#   itest_check DESC FUNC [ARGS...] one TAP test: ok when FUNC succeeds
#   itest_done                      the plan; exit status 1 when a test failed
#
# Every wait is bounded by ITEST_TIMEOUT seconds only so that a hung test
# fails; nothing here measures time. As root, the daemon runs as the system
# user staffroom-test (created when missing), which owns the state dir.

set -u

ITEST_TIMEOUT=${ITEST_TIMEOUT:-15}
ITEST_RUN_AS=staffroom-test
top_builddir=${top_builddir:-$(cd "$(dirname "$0")/../.." && pwd)}
STAFFROOMD=${STAFFROOMD:-$top_builddir/daemon/staffroomd}
STAFFROOMCTL=${STAFFROOMCTL:-$top_builddir/daemon/staffroomctl}
ITEST_DAEMON_WRAP=${ITEST_DAEMON_WRAP:-}
ITEST_DAEMON_VERBOSE=${ITEST_DAEMON_VERBOSE--v}

itest_n=0
itest_failed=0
ITEST_PID=
ITEST_PORT=

itest_cleanup() {
	if [ -n "$ITEST_PID" ]; then
		kill -KILL "$ITEST_PID" 2>/dev/null
		wait "$ITEST_PID" 2>/dev/null
	fi
	[ -n "${ITEST_KEEP:-}" ] || rm -rf "$ITEST_TMP"
}

itest_setup() {
	ITEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/staffroom-itest.XXXXXX") || exit 99
	ITEST_STATE=$ITEST_TMP/state
	ITEST_LOG=$ITEST_TMP/staffroomd.log
	trap itest_cleanup EXIT
	trap 'exit 99' INT TERM
	if [ "$(id -u)" -eq 0 ]; then
		# The daemon drops to ITEST_RUN_AS and must reach its state dir.
		chmod 0711 "$ITEST_TMP"
		id "$ITEST_RUN_AS" >/dev/null 2>&1 ||
			useradd --system --no-create-home --shell /usr/sbin/nologin "$ITEST_RUN_AS" ||
			{ echo "Bail out! cannot create the user $ITEST_RUN_AS"; exit 99; }
		itest_ctl init --owner "$ITEST_RUN_AS" >/dev/null
	else
		itest_ctl init >/dev/null
	fi || { echo "Bail out! staffroomctl init failed"; exit 99; }
}

itest_ctl() {
	"$STAFFROOMCTL" -d "$ITEST_STATE" "$@"
}

itest_keygen() {
	ssh-keygen -q -t ed25519 -N '' -C "$1" -f "$ITEST_TMP/$1" </dev/null || return 1
	# staffroomctl may read it after dropping to the state owner.
	chmod 0644 "$ITEST_TMP/$1.pub"
}

# The port from "listening on 127.0.0.1:PORT" in the log, once it is there.
itest_logged_port() {
	sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$ITEST_LOG" | head -n 1
}

itest_daemon_start() {
	user_flag=
	[ "$(id -u)" -ne 0 ] || user_flag="--user $ITEST_RUN_AS"
	: >"$ITEST_LOG"
	# shellcheck disable=SC2086 # the wrapper, -v and user_flag are words or none
	# staffroomd refuses a client it cannot run; the caller's --client wins.
	$ITEST_DAEMON_WRAP "$STAFFROOMD" -d "$ITEST_STATE" -l 127.0.0.1:0 \
		--client "$top_builddir/client/staffroom" \
		$ITEST_DAEMON_VERBOSE $user_flag "$@" \
		</dev/null >>"$ITEST_LOG" 2>&1 &
	ITEST_PID=$!
	tries=$((ITEST_TIMEOUT * 10))
	while [ "$tries" -gt 0 ]; do
		ITEST_PORT=$(itest_logged_port)
		[ -z "$ITEST_PORT" ] || return 0
		kill -0 "$ITEST_PID" 2>/dev/null || break
		sleep 0.1
		tries=$((tries - 1))
	done
	echo "Bail out! staffroomd did not log its port"
	sed 's/^/# /' "$ITEST_LOG"
	exit 99
}

# Succeeds when the daemon exits by itself with status 0 (clean under ASan too).
itest_daemon_stop() {
	[ -n "$ITEST_PID" ] || return 0
	kill -TERM "$ITEST_PID" 2>/dev/null
	tries=$((ITEST_TIMEOUT * 10))
	while [ "$tries" -gt 0 ] && kill -0 "$ITEST_PID" 2>/dev/null; do
		sleep 0.1
		tries=$((tries - 1))
	done
	[ "$tries" -gt 0 ] || { echo "staffroomd ignored SIGTERM"; kill -KILL "$ITEST_PID"; }
	wait "$ITEST_PID"
	status=$?
	ITEST_PID=
	[ "$status" -eq 0 ] || { echo "staffroomd exited with status $status"; return 1; }
}

# No user or system ssh config, no agent: only the key given is offered.
itest_ssh() {
	key=$1
	shift
	timeout "$ITEST_TIMEOUT" ssh -F /dev/null -p "$ITEST_PORT" -i "$key" \
		-o IdentitiesOnly=yes -o IdentityAgent=none \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
		-o BatchMode=yes -o LogLevel=ERROR -o ConnectTimeout="$ITEST_TIMEOUT" "$@"
}

itest_check() {
	desc=$1
	shift
	itest_n=$((itest_n + 1))
	if "$@" >"$ITEST_TMP/check.out" 2>&1; then
		echo "ok $itest_n - $desc"
	else
		echo "not ok $itest_n - $desc"
		sed 's/^/# /' "$ITEST_TMP/check.out"
		itest_failed=$((itest_failed + 1))
	fi
}

itest_done() {
	echo "1..$itest_n"
	if [ "$itest_failed" -gt 0 ]; then
		if [ -f "$ITEST_LOG" ]; then
			echo "# ---- staffroomd log ----"
			tail -n 200 "$ITEST_LOG" | sed 's/^/# /'
		fi
		exit 1
	fi
	exit 0
}
