#!/bin/sh
# smoke.sh: runs `staffroom-bench --smoke` against a real staffroomd so the
# benchmark harness cannot rot. It checks correctness only (every message
# delivered once, each sender's in order); it never looks at speed.
. "$(dirname "$0")/../integration/lib.sh"

BENCH=$top_builddir/tests/bench/staffroom-bench

itest_setup
keys=$ITEST_TMP/keys
"$BENCH" setup --keys "$keys" --out "$ITEST_TMP" --size smoke 2>"$ITEST_TMP/setup.log" &&
	itest_ctl region load "$ITEST_TMP/regions.csv" >/dev/null &&
	itest_ctl user import "$ITEST_TMP/users.csv" >/dev/null ||
	{ echo "Bail out! cannot set up the bench users"; sed 's/^/# /' "$ITEST_TMP/setup.log"; exit 99; }
itest_daemon_start

smoke() {
	timeout "$ITEST_TIMEOUT" "$BENCH" --smoke --port "$ITEST_PORT" --keys "$keys"
}
itest_check "staffroom-bench --smoke: every message reaches every session once, in order" smoke
itest_check "staffroomd stops cleanly after the smoke run" itest_daemon_stop
itest_done
