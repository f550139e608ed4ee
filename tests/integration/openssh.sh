#!/bin/sh
# openssh.sh: staffroomd reached with nothing but stock OpenSSH, as TAP.
# `ssh -s HOST staffroom` speaks the protocol on stdin and stdout; an exec
# request gets a short help text, never a shell.
. "$(dirname "$0")/lib.sh"

command -v ssh >/dev/null 2>&1 || { echo "1..0 # SKIP no ssh client"; exit 0; }

itest_setup
itest_keygen asha
itest_keygen stranger
itest_ctl user add asha --name "Asha Patel" --region north-east >/dev/null &&
	itest_ctl key add asha "$ITEST_TMP/asha.pub" >/dev/null ||
	{ echo "Bail out! cannot add the test account"; exit 99; }
itest_daemon_start

# Pipes request lines into `ssh -s` as asha; the server's lines go to stdout.
subsystem() {
	printf '%s\n' "$@" | itest_ssh "$ITEST_TMP/asha" -s asha@127.0.0.1 staffroom
}

# Fails unless one line of the file holds every fixed string given, in any order.
has_line_with() {
	file=$1
	shift
	cp "$file" "$ITEST_TMP/lines"
	for s in "$@"; do
		grep -F -- "$s" "$ITEST_TMP/lines" >"$ITEST_TMP/lines.next"
		mv "$ITEST_TMP/lines.next" "$ITEST_TMP/lines"
	done
	[ -s "$ITEST_TMP/lines" ] || { echo "no line with: $*"; cat "$file"; return 1; }
}

hello_then_reply() {
	subsystem '{"id":1,"op":"rooms.list"}' >"$ITEST_TMP/out" || return 1
	head -n 1 "$ITEST_TMP/out" | grep -q '"ev":"hello"' ||
		{ echo "first line is not hello:"; cat "$ITEST_TMP/out"; return 1; }
	has_line_with "$ITEST_TMP/out" '"handle":"asha"' &&
		has_line_with "$ITEST_TMP/out" '"re":1' '"ok":true' '"region:north-east"'
}
itest_check "ssh -s gets hello, then the reply to a request piped on stdin" hello_then_reply

every_reply_before_close() {
	subsystem '{"id":1,"op":"ping"}' '{"id":2,"op":"rooms.list"}' \
	    '{"id":3,"op":"room.history","room":"national"}' >"$ITEST_TMP/out" || return 1
	for id in 1 2 3; do
		has_line_with "$ITEST_TMP/out" "\"re\":$id" '"ok":true' || return 1
	done
}
itest_check "every pending reply is sent before the channel closes" every_reply_before_close

send_then_history() {
	body="sent through openssh $$"
	subsystem "{\"id\":1,\"op\":\"room.send\",\"room\":\"region:north-east\",\"body\":\"$body\"}" \
		>"$ITEST_TMP/out" || return 1
	has_line_with "$ITEST_TMP/out" '"re":1' '"ok":true' || return 1
	subsystem '{"id":2,"op":"room.history","room":"region:north-east"}' \
		>"$ITEST_TMP/out" || return 1
	has_line_with "$ITEST_TMP/out" '"re":2' "\"body\":\"$body\""
}
itest_check "a message sent through ssh -s is in history afterwards" send_then_history

# More than the server reads ahead of what it runs (128 KiB) and far more
# than it runs of one connection at a time: ssh ends its input (EOF) at the
# end of the file and reads on, and every request is answered, in order.
# (Small replies: past 256 KiB of replies not yet read, 100 more requests
# waiting end the session as too slow, see PROTOCOL.md.)
every_reply_to_a_long_file() {
	n=7000
	seq 1 "$n" | sed 's/.*/{"id":&,"op":"ping"}/' >"$ITEST_TMP/requests"
	itest_ssh "$ITEST_TMP/asha" -s asha@127.0.0.1 staffroom \
		<"$ITEST_TMP/requests" >"$ITEST_TMP/out" || return 1
	grep -o '"re":[0-9]*' "$ITEST_TMP/out" | cut -d: -f2 >"$ITEST_TMP/answered"
	seq 1 "$n" | cmp -s - "$ITEST_TMP/answered" ||
		{ echo "$(wc -l <"$ITEST_TMP/answered") of $n answered, or out of order"; return 1; }
	! grep -q '"error"' "$ITEST_TMP/out" || { grep -m 3 '"error"' "$ITEST_TMP/out"; return 1; }
}
itest_check "ssh -s < file: every request of a long file is answered, in order" every_reply_to_a_long_file

unknown_key_refused() {
	printf '%s\n' '{"id":1,"op":"ping"}' |
		itest_ssh "$ITEST_TMP/stranger" -s asha@127.0.0.1 staffroom >"$ITEST_TMP/out"
	rc=$?
	[ "$rc" -eq 255 ] || { echo "ssh exit status $rc, wanted 255"; cat "$ITEST_TMP/out"; return 1; }
	[ ! -s "$ITEST_TMP/out" ] || { echo "got output:"; cat "$ITEST_TMP/out"; return 1; }
}
itest_check "an unknown key is refused by ssh (exit status 255)" unknown_key_refused

exec_gets_help() {
	itest_ssh "$ITEST_TMP/asha" asha@127.0.0.1 'echo shell-$((6*7))' \
		</dev/null >"$ITEST_TMP/out" 2>&1
	rc=$?
	[ "$rc" -ne 124 ] || { echo "ssh did not finish"; return 1; }
	cat "$ITEST_TMP/out"
	! grep -q 'shell-42' "$ITEST_TMP/out" || { echo "the command ran in a shell"; return 1; }
	grep -q 'staffroom' "$ITEST_TMP/out" || { echo "no help text"; return 1; }
	lines=$(wc -l <"$ITEST_TMP/out")
	[ "$lines" -le 30 ] || { echo "$lines lines is not a short help text"; return 1; }
}
itest_check "an exec request gets a short help text, not a shell" exec_gets_help

# ssh offering only what the options given say (ssh's own defaults for the
# rest), knowing the server by both its host keys; the output in out.
ssh_offering() {
	for k in ed25519 rsa; do
		printf '[127.0.0.1]:%s %s\n' "$ITEST_PORT" \
			"$(cut -d' ' -f1,2 "$ITEST_STATE/ssh_host_${k}_key.pub")"
	done >"$ITEST_TMP/known"
	printf '%s\n' '{"id":1,"op":"ping"}' |
		timeout "$ITEST_TIMEOUT" ssh -F /dev/null -p "$ITEST_PORT" -i "$ITEST_TMP/asha" \
		-o IdentitiesOnly=yes -o IdentityAgent=none -o BatchMode=yes \
		-o StrictHostKeyChecking=yes -o UserKnownHostsFile="$ITEST_TMP/known" \
		"$@" -s asha@127.0.0.1 staffroom >"$ITEST_TMP/out" 2>&1
}

# refused OPTION WHAT OFFER: a client offering only OPTION is refused, the
# server's offer of WHAT being OFFER (libssh's kex-strict marker aside).
refused() {
	ssh_offering -o "$1" && { echo "logged in with $1:"; cat "$ITEST_TMP/out"; return 1; }
	tr -d '\r' <"$ITEST_TMP/out" | sed 's/,kex-strict-s-v00@openssh.com$//' |
		grep -qxF "Unable to negotiate with 127.0.0.1 port $ITEST_PORT: no matching $2 found. Their offer: $3" ||
		{ echo "with $1:"; cat "$ITEST_TMP/out"; return 1; }
}

# An older client (an OpenSSH before 6.5, a PuTTY before 0.68) has no
# ssh-ed25519, no curve25519 and perhaps no AEAD cipher.
only_current_algorithms_offered() {
	refused HostKeyAlgorithms=rsa-sha2-256 "host key type" ssh-ed25519 &&
	refused KexAlgorithms=diffie-hellman-group14-sha256 "key exchange method" \
		curve25519-sha256,curve25519-sha256@libssh.org &&
	refused Ciphers=aes128-ctr cipher \
		chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com
}
itest_check "by default the server offers ssh-ed25519, curve25519 and AEAD ciphers only" \
	only_current_algorithms_offered

# The daemon's end of a session probes a silent peer after 60 s idle (every
# 15 s, 4 times): TCP keepalive, set once on the listening socket, which
# the kernel copies to each accepted connection.
keepalive_on_each_connection() {
	command -v ss >/dev/null 2>&1 || { echo "# no ss: skipped"; return 0; }
	sleep $((ITEST_TIMEOUT * 2)) | itest_ssh "$ITEST_TMP/asha" -s asha@127.0.0.1 \
	    staffroom >"$ITEST_TMP/held" 2>&1 &
	held=$!
	tries=$((ITEST_TIMEOUT * 10))
	until grep -q '"ev":"hello"' "$ITEST_TMP/held"; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || { echo "no hello"; kill $held; return 1; }
		sleep 0.1
	done
	ss -tnoH state established "( sport = :$ITEST_PORT )" >"$ITEST_TMP/ss"
	kill $held 2>/dev/null
	grep -Eq 'timer:\(keepalive,(60|[1-5][0-9]|[0-9])(\.[0-9]+)?sec,0\)' "$ITEST_TMP/ss" ||
		{ echo "no keepalive timer of at most 60 s on the daemon's socket:"; cat "$ITEST_TMP/ss"; return 1; }
}
itest_check "each connection has TCP keepalive (60 s idle)" keepalive_on_each_connection

itest_check "staffroomd exits with status 0 on SIGTERM" itest_daemon_stop

older_client_logs_in() {
	itest_daemon_start --rsa-host-key || return 1
	ssh_offering -o HostKeyAlgorithms=rsa-sha2-256 \
		-o KexAlgorithms=diffie-hellman-group14-sha256 \
		-o Ciphers=aes128-ctr -o MACs=hmac-sha2-256
	rc=$?
	itest_daemon_stop || return 1
	[ "$rc" -eq 0 ] && grep -q '"ev":"hello"' "$ITEST_TMP/out" &&
		grep -q '"re":1' "$ITEST_TMP/out" || { echo "ssh: $rc"; cat "$ITEST_TMP/out"; return 1; }
}
itest_check "with --rsa-host-key an older client (RSA, DH, aes-ctr) logs in, knowing the RSA key" \
	older_client_logs_in
itest_done
