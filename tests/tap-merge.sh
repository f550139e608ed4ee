#!/bin/sh
# Runs a test program and merges the TAP it prints into one plan: cmocka
# prints a "1..N" plan per group, and automake's TAP driver accepts one.
# The program's exit status is kept.
out=$(mktemp) || exit 99
"$@" >"$out" 2>&1
status=$?
awk '
	/^1\.\.[0-9]+/ { next }
	/^(not )?ok [0-9]+/ {
		n++
		sub(/^ok [0-9]+/, "ok " n)
		sub(/^not ok [0-9]+/, "not ok " n)
		print
		next
	}
	{ print }
	END { print "1.." n + 0 }
' "$out"
rm -f "$out"
exit $status
