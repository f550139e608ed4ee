#!/usr/bin/env bash
# tests/fuzz/run.sh [--seconds N] [--out DIR]: builds every libFuzzer target
# with clang (ASan+UBSan) in DIR (default build-fuzz, so the tree stays
# clean) and runs each for N seconds (default 20) from its seed corpus in
# tests/fuzz/corpus/<target>. Prints one line per target with its runs and
# crashes, a crash's input kept in DIR/crashes; the last line is
# "PASSED FAILED", a target that crashed or did not build being a failure
# (and the exit status is then 1).
set -uo pipefail
cd "$(dirname "$0")/../.."
top=$(pwd)
seconds=20 out=$top/build-fuzz
while [ $# -gt 0 ]; do
	case $1 in
	--seconds) seconds=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) echo "usage: tests/fuzz/run.sh [--seconds N] [--out DIR]" >&2; exit 2 ;;
	esac
done
case $seconds in ''|*[!0-9]*|0) echo "run.sh: --seconds wants a whole number above 0" >&2; exit 2 ;; esac

TARGETS=(linebuf request text mention fts invite guard)
CC=${FUZZ_CC:-clang}
CFLAGS=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
	-D_GNU_SOURCE -Iinclude -Idaemon $(pkg-config --cflags jansson))

# What each target links beyond libproto's sources.
extra() {
	case $1 in
	fts)	echo "$(pkg-config --libs sqlite3)" ;;
	invite)	echo "daemon/invite.c $(pkg-config --cflags --libs libsodium)" ;;
	guard)	echo "daemon/guard.c daemon/guard_dob.c" ;;
	esac
}

mkdir -p "$out/crashes"
pass=0 fail=0
for t in "${TARGETS[@]}"; do
	bin=$out/fuzz_$t log=$out/fuzz_$t.log work=$out/corpus/$t
	# shellcheck disable=SC2046 # extra() is words on purpose
	if ! "$CC" "${CFLAGS[@]}" "tests/fuzz/fuzz_$t.c" proto/*.c $(extra "$t") \
	    $(pkg-config --libs jansson) -o "$bin" 2>"$log"; then
		printf 'fuzz_%s: did not build (%s)\n' "$t" "$log"
		fail=$((fail + 1))
		continue
	fi
	# New inputs go to the work corpus; the seeds in the tree are only read.
	mkdir -p "$work"
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    "$bin" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
	    -rss_limit_mb=1024 -print_final_stats=1 \
	    -artifact_prefix="$out/crashes/$t-" "$work" "tests/fuzz/corpus/$t" \
	    >>"$log" 2>&1
	status=$?
	runs=$(awk '/^stat::number_of_executed_units:/ {print $2}' "$log" | tail -1)
	crash=$(ls "$out/crashes/$t-"* 2>/dev/null | tail -1)
	if [ $status -eq 0 ]; then
		printf 'fuzz_%s: %s runs in %ss, 0 crashes\n' "$t" "${runs:-?}" "$seconds"
		pass=$((pass + 1))
	else
		printf 'fuzz_%s: FAILED after %s runs, input kept in %s (log %s)\n' \
		    "$t" "${runs:-?}" "${crash:-none}" "$log"
		fail=$((fail + 1))
	fi
done
echo "$pass $fail"
[ $fail -eq 0 ]
