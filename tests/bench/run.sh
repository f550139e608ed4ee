#!/bin/sh
# run.sh: the capacity benchmark, as `./quickstart bench [OPTIONS]`.
#
#   --quick        every scenario, smaller and shorter (about a minute)
#   --large        the standard run, holding 10,000 idle sessions
#   --only A,B     only these scenarios (logins idle fanout throughput ingest
#                  reads slowdisk)
#   --perf         record the daemon with `perf record -g` in each scenario;
#                  the reports land in the work directory, which is kept
#   --syscalls     count the daemon's system calls with `strace -c` in each
#                  scenario instead (kept in the work directory)
#   --callgrind    run the daemon under `valgrind --tool=callgrind` instead:
#                  instructions counted, the same whatever the machine's load
#                  (callgrind-SCENARIO.out in the work directory; about fifty
#                  times slower, so the latencies mean nothing)
#   --keep         keep the work directory (state, logs, per-scenario JSON)
#   --baseline B   also run each scenario but reads, just before ours, against
#                  the staffroomd of B: a build tree (B/daemon/staffroomd) or
#                  a git revision of this tree, built in the work directory.
#                  The table shows its figures beside ours: on a shared
#                  machine only figures of the same run compare.
#
# Each scenario gets a fresh staffroomd on 127.0.0.1 with the flood limits
# lifted (--post-burst/--post-rate, no session cap); the defaults are not
# changed. With two cores or more the daemon (and the sshd baseline) runs
# on core 0 and the load generator on core 1. Every server compared offers
# curve25519-sha256 with an ed25519 host key. The table goes to stdout and
# bench-results.json to the top of the build tree.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_builddir=${top_builddir:-$(cd "$here/../.." && pwd)}
# A daemon stopped right after an overload still works through its backlog.
ITEST_TIMEOUT=${ITEST_TIMEOUT:-60}
. "$here/../integration/lib.sh"

BENCH=$top_builddir/tests/bench/staffroom-bench
KEYS=${STAFFROOM_BENCH_KEYS:-$top_builddir/bench-keys}
RESULTS=$top_builddir/bench-results.json
SSHD=${SSHD:-/usr/sbin/sshd}
DAEMON_FLAGS="--post-burst 1000000 --post-rate 1000000 --max-sessions-per-user 0"
size=standard
only="logins idle fanout throughput ingest reads slowdisk"
perf=no
baseline=

while [ $# -gt 0 ]; do
	case $1 in
	--quick) size=quick ;;
	--large) size=large ;;
	--only) only=$(echo "$2" | tr ',' ' '); shift ;;
	--perf) perf=yes; ITEST_KEEP=yes ;;
	--syscalls) perf=syscalls; ITEST_KEEP=yes ;;
	--callgrind) perf=callgrind; ITEST_KEEP=yes ;;
	--keep) ITEST_KEEP=yes ;;
	--baseline) baseline=$2; shift ;;
	*) echo "usage: run.sh [--quick | --large] [--only A,B] [--perf | --syscalls | --callgrind] [--keep] [--baseline BUILD-DIR|REV]" >&2; exit 2 ;;
	esac
	shift
done
case $size in
quick) messages=200000 ;;
*) messages=1000000 ;;
esac

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# Test programs, so `make` alone does not build them.
SHIM=$top_builddir/tests/bench/fsync-delay.so
make -s -C "$top_builddir" tests/bench/staffroom-bench tests/bench/fsync-delay.so >&2 ||
	die "cannot build $BENCH"
ITEST_DAEMON_VERBOSE=
BENCH_WRAP=
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null 2>&1; then
	ITEST_DAEMON_WRAP="taskset -c 0"
	BENCH_WRAP="taskset -c 1"
	pinning="daemon and sshd on core 0, load generator on core 1"
else
	pinning="not pinned"
fi
# The loop's sockets and the generator's: as many as the hard limit allows.
ulimit -n "$(ulimit -Hn)" 2>/dev/null

itest_setup
SSHD_PID=
PERF_PID=
bench_cleanup() {
	[ -z "$PERF_PID" ] || kill -INT "$PERF_PID" 2>/dev/null
	[ -z "$SSHD_PID" ] || kill "$SSHD_PID" 2>/dev/null
	[ -z "${ITEST_KEEP:-}" ] || say "work directory kept: $ITEST_TMP"
	itest_cleanup
}
trap bench_cleanup EXIT
STATE=$ITEST_STATE
started=$(date +%s)

say "$size run ($pinning); work directory $ITEST_TMP"
"$BENCH" setup --keys "$KEYS" --out "$ITEST_TMP" --size "$size" &&
	itest_ctl region load "$ITEST_TMP/regions.csv" >/dev/null &&
	itest_ctl user import "$ITEST_TMP/users.csv" >/dev/null ||
	die "cannot set up the bench users"

# The baseline's daemon and its own state, made by its own staffroomctl
# (its schema may be older than ours).
BASE_STATE=$ITEST_TMP/state-baseline
baseline_build() {
	if [ -x "$baseline/daemon/staffroomd" ]; then
		base_tree=$(cd "$baseline" && pwd)
	else
		base_tree=$ITEST_TMP/baseline-src
		say "building $baseline for the baseline in $base_tree"
		mkdir "$base_tree" &&
			git -C "$here/../.." archive "$baseline" | tar -x -C "$base_tree" &&
			(cd "$base_tree" && autoreconf -fi && ./configure &&
			make -j2 daemon/staffroomd daemon/staffroomctl) \
			>"$ITEST_TMP/baseline-build.log" 2>&1 ||
			{ ITEST_KEEP=yes; die "cannot build $baseline (see $ITEST_TMP/baseline-build.log)"; }
	fi
	base_flags=
	[ "$(id -u)" -ne 0 ] || base_flags="--owner $ITEST_RUN_AS"
	# shellcheck disable=SC2086 # base_flags is words or none
	"$base_tree/daemon/staffroomctl" -d "$BASE_STATE" init $base_flags >/dev/null &&
		"$base_tree/daemon/staffroomctl" -d "$BASE_STATE" region load \
		"$ITEST_TMP/regions.csv" >/dev/null &&
		"$base_tree/daemon/staffroomctl" -d "$BASE_STATE" user import \
		"$ITEST_TMP/users.csv" >/dev/null ||
		die "cannot set up the baseline's state"
	say "baseline: $base_tree/daemon/staffroomd ($(cd "$base_tree" &&
		git describe --always --dirty 2>/dev/null || echo "$baseline"))"
}
[ -z "$baseline" ] || baseline_build
# The raw-SQLite baseline writes into a copy of the same schema and rows
# (made by staffroomctl, which runs as the state's owner).
mkdir "$ITEST_TMP/raw" && chown "$(stat -c %u "$STATE")" "$ITEST_TMP/raw" &&
	itest_ctl backup "$ITEST_TMP/raw/staffroom.db" >/dev/null ||
	die "cannot copy the store"

# The read paths get their own store of $messages messages (and as many board
# posts), made before any
# scenario adds to the first.
case " $only " in
*" reads "*)
	cp -a "$STATE" "$ITEST_TMP/reads" &&
		"$BENCH" gen-messages --db "$ITEST_TMP/reads/staffroom.db" --count "$messages" &&
		"$BENCH" gen-posts --db "$ITEST_TMP/reads/staffroom.db" --count "$messages" &&
		chown -R "$(stat -c %u "$STATE")" "$ITEST_TMP/reads" ||
		die "cannot fill the read-path store" ;;
esac

# OpenSSH's sshd on a free loopback port with its own keys and config, running cat.
sshd_start() {
	d=$ITEST_TMP/sshd
	mkdir -p "$d" || return 1
	# sshd started as root wants its privilege separation directory.
	[ "$(id -u)" -ne 0 ] || mkdir -p /run/sshd || return 1
	ssh-keygen -q -t ed25519 -N '' -f "$d/host_key" </dev/null || return 1
	# The login scenario rotates through the first 100 bench users' keys.
	i=0
	while [ $i -lt 100 ]; do
		cat "$KEYS/$(printf 'b%05d' $i).pub"
		i=$((i + 1))
	done >"$d/authorized_keys"
	for try in 1 2 3 4 5; do
		SSHD_PORT=$((20000 + ($$ * 7 + try * 997) % 40000))
		cat >"$d/config" <<EOF
ListenAddress 127.0.0.1
Port $SSHD_PORT
HostKey $d/host_key
HostKeyAlgorithms ssh-ed25519
KexAlgorithms curve25519-sha256
Ciphers chacha20-poly1305@openssh.com
PidFile $d/sshd.pid
AuthorizedKeysFile $d/authorized_keys
UsePAM no
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
MaxStartups 100
Subsystem staffroom /bin/cat
ForceCommand cat
EOF
		: >"$d/log"
		$ITEST_DAEMON_WRAP "$SSHD" -D -e -f "$d/config" 2>>"$d/log" &
		SSHD_PID=$!
		tries=50
		while [ $tries -gt 0 ] && kill -0 "$SSHD_PID" 2>/dev/null; do
			grep -q "Server listening" "$d/log" && return 0
			sleep 0.1
			tries=$((tries - 1))
		done
		kill "$SSHD_PID" 2>/dev/null
		wait "$SSHD_PID" 2>/dev/null
		SSHD_PID=
	done
	sed 's/^/sshd: /' "$d/log" >&2
	return 1
}

sshd_stop() {
	kill "$SSHD_PID" 2>/dev/null
	wait "$SSHD_PID" 2>/dev/null
	SSHD_PID=
}

perf_start() {
	case $perf in no|callgrind) return 0 ;; esac
	case $perf in
	yes)	perf record -q -g -p "$ITEST_PID" -o "$ITEST_TMP/perf-$1.data" \
		    >/dev/null 2>&1 ;;
	syscalls) strace -c -f -p "$ITEST_PID" -o "$ITEST_TMP/perf-$1.txt" \
		    >/dev/null 2>&1 ;;
	esac &
	PERF_PID=$!
}

perf_stop() {
	[ -n "$PERF_PID" ] || return 0
	kill -INT "$PERF_PID" 2>/dev/null
	wait "$PERF_PID" 2>/dev/null
	PERF_PID=
	[ $perf = yes ] || { say "system calls of $1: $ITEST_TMP/perf-$1.txt"; return 0; }
	perf report -q --stdio --no-children -i "$ITEST_TMP/perf-$1.data" \
	    --percent-limit 1 2>/dev/null | grep -v '^$' | head -n 150 \
	    >"$ITEST_TMP/perf-$1.txt"
	say "profile of $1: $ITEST_TMP/perf-$1.txt"
}

# An empty file the daemon can write to once it runs as the store's owner.
daemon_file() {
	: >"$1" && chown "$(stat -c %u "$2")" "$1"
}

# Runs one scenario against a fresh daemon on the store in $1; its results
# are scen-$out.json ($out: the scenario's name unless set, with $flags
# added to the daemon's). The slowdisk scenario's daemon runs with every
# fsync 50 ms slower (fsync-delay.so), on a copy of the store; the fanout
# scenario's with its fsyncs timed (no delay), to show the disk's share.
out= flags=
scenario() {
	name=$1 store=$2
	shift 2
	out=${out:-$name}
	ITEST_STATE=$store
	ITEST_LOG=$ITEST_TMP/staffroomd-$out.log
	wrap=$ITEST_DAEMON_WRAP
	if [ $perf = callgrind ]; then
		daemon_file "$ITEST_TMP/callgrind-$out.out" "$store"
		ITEST_DAEMON_WRAP="$wrap valgrind -q --vgdb=no --tool=callgrind
		    --callgrind-out-file=$ITEST_TMP/callgrind-$out.out"
	fi
	case $name in
	slowdisk)
		ITEST_DAEMON_WRAP="env LD_PRELOAD=$SHIM STAFFROOM_FSYNC_DELAY_MS=50 $ITEST_DAEMON_WRAP" ;;
	fanout)
		daemon_file "$ITEST_TMP/fsync-$out.log" "$store"
		ITEST_DAEMON_WRAP="env LD_PRELOAD=$SHIM STAFFROOM_FSYNC_DELAY_MS=0
		    STAFFROOM_FSYNC_LOG=$ITEST_TMP/fsync-$out.log $ITEST_DAEMON_WRAP"
		set -- "$@" --fsync-log "$ITEST_TMP/fsync-$out.log" ;;
	esac
	itest_daemon_start $DAEMON_FLAGS $flags
	ITEST_DAEMON_WRAP=$wrap
	perf_start "$out"
	$BENCH_WRAP "$BENCH" run "$name" --port "$ITEST_PORT" --pid "$ITEST_PID" \
	    --keys "$KEYS" --size "$size" --out "$ITEST_TMP/scen-$out.json" "$@" ||
		say "$out: incomplete (see $ITEST_TMP/scen-$out.json)"
	perf_stop "$out"
	itest_daemon_stop || say "$out: the daemon did not stop cleanly"
	[ $perf != callgrind ] ||
		say "instructions of $out: $ITEST_TMP/callgrind-$out.out"
	out= flags=
}

# The same scenario against the baseline's daemon (results NAME_baseline),
# with no sshd or raw SQLite beside it; ingest on a copy of its state.
baseline_scenario() {
	[ -n "$baseline" ] || return 0
	case $1 in reads) return 0 ;; esac
	base_store=$BASE_STATE
	case $1 in ingest|slowdisk)
		rm -rf "$ITEST_TMP/state-baseline-$1"
		cp -a "$BASE_STATE" "$ITEST_TMP/state-baseline-$1"
		base_store=$ITEST_TMP/state-baseline-$1 ;;
	esac
	saved=$STAFFROOMD
	STAFFROOMD=$base_tree/daemon/staffroomd
	name=$1
	shift
	out=${name}_baseline
	scenario "$name" "$base_store" "$@"
	STAFFROOMD=$saved
}

for s in $only; do
	baseline_scenario "$s"
	case $s in
	logins)
		if [ -x "$SSHD" ] && sshd_start; then
			scenario logins "$STATE" --sshd-port "$SSHD_PORT" --sshd-pid "$SSHD_PID"
			sshd_stop
		else
			say "no sshd baseline ($SSHD did not start)"
			scenario logins "$STATE"
		fi ;;
	ingest)
		# The pupil-data guard's cost: the same ingest with it off, on a
		# copy of the same store (a second run on the store the first
		# grew is slower whichever goes second).
		rm -rf "$ITEST_TMP/state-guard-off"
		cp -a "$STATE" "$ITEST_TMP/state-guard-off"
		scenario ingest "$STATE" --raw-db "$ITEST_TMP/raw/staffroom.db"
		out=ingest_guard_off flags="--guard off"
		scenario ingest "$ITEST_TMP/state-guard-off" \
		    --raw-db "$ITEST_TMP/raw/staffroom.db" ;;
	reads)	scenario reads "$ITEST_TMP/reads" ;;
	slowdisk)
		rm -rf "$ITEST_TMP/state-slowdisk"
		cp -a "$STATE" "$ITEST_TMP/state-slowdisk"
		scenario slowdisk "$ITEST_TMP/state-slowdisk" ;;
	idle|fanout|throughput) scenario "$s" "$STATE" ;;
	*)	die "no scenario $s" ;;
	esac
done

cat >"$ITEST_TMP/run.json" <<EOF
{"size": "$size", "pinning": "$pinning", "daemon_flags": "$DAEMON_FLAGS",
 "nofile": "$(ulimit -n)", "baseline": "${base_tree:-}",
 "seconds": $(($(date +%s) - started))}
EOF
"$BENCH" report --dir "$ITEST_TMP" --json "$RESULTS"
