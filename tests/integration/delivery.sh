#!/bin/sh
# delivery.sh: what delivering a message costs the daemon in system calls,
# counted with strace (counts, never times). A message to a reader whose
# socket has room should cost one send and at most a poll: libssh 0.10
# flags every socket for POLLOUT after each send, and a daemon that took
# that flag for unsent bytes armed and disarmed its write event for every
# delivery (two epoll_ctl each, and a loop turn).
. "$(dirname "$0")/lib.sh"

command -v strace >/dev/null 2>&1 || { echo "1..0 # SKIP no strace"; exit 0; }
command -v ssh >/dev/null 2>&1 || { echo "1..0 # SKIP no ssh client"; exit 0; }

READERS=5
MESSAGES=40

itest_setup
people="sender"
i=1
while [ $i -le $READERS ]; do
	people="$people reader$i"
	i=$((i + 1))
done
for p in $people; do
	itest_keygen "$p" &&
		itest_ctl user add "$p" --name "Person $p" --region north-east >/dev/null &&
		itest_ctl key add "$p" "$ITEST_TMP/$p.pub" >/dev/null ||
		{ echo "Bail out! cannot add $p"; exit 99; }
done

# The daemon runs under strace from the start (attaching may be refused by
# the kernel's ptrace rules; -D keeps the daemon's pid ITEST_PID); each
# line has its time, so the calls made while the messages go out can be
# told from the logins'.
cat >"$ITEST_TMP/traced" <<EOF
#!/bin/sh
ASAN_OPTIONS="\${ASAN_OPTIONS:+\$ASAN_OPTIONS:}detect_leaks=0" exec strace -D -f -q -ttt \
    -e trace=epoll_ctl,sendto -e signal=none -o "$ITEST_TMP/calls.log" "$STAFFROOMD" "\$@"
EOF
chmod +x "$ITEST_TMP/traced"
# The flood limits are lifted: 40 messages in a row are the point here.
STAFFROOMD=$ITEST_TMP/traced itest_daemon_start --post-burst 1000 --post-rate 1000

# Waits (bounded) until file has at least n lines matching pattern.
wait_lines() {
	file=$1 pattern=$2 n=$3 tries=$((ITEST_TIMEOUT * 10))
	while [ "$(grep -c -- "$pattern" "$file" 2>/dev/null)" -lt "$n" ]; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || { echo "$file: fewer than $n lines with $pattern"; cat "$file"; return 1; }
		sleep 0.1
	done
}

now() {
	date +%s.%N
}

# Calls named in the trace between two times.
calls_between() {
	awk -v from="$2" -v to="$3" -v name="$1" \
	    '$2 + 0 >= from && $2 + 0 <= to && index($3, name "(") == 1 { n++ } END { print n + 0 }' \
	    "$ITEST_TMP/calls.log"
}

# `ssh -s` as person $1, held for long enough for every message paced.
subsystem() {
	timeout $((ITEST_TIMEOUT * 4)) ssh -F /dev/null -p "$ITEST_PORT" \
	    -i "$ITEST_TMP/$1" -o IdentitiesOnly=yes -o IdentityAgent=none \
	    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
	    -o BatchMode=yes -o LogLevel=ERROR -s "$1@127.0.0.1" staffroom
}

delivery_costs_no_epoll_ctl() {
	# The readers stay logged in (stdin held open) and keep what they read.
	i=1
	while [ $i -le $READERS ]; do
		sleep $((ITEST_TIMEOUT * 4)) | subsystem "reader$i" \
		    >"$ITEST_TMP/reader$i.out" 2>&1 &
		readers="${readers:-} $!"
		i=$((i + 1))
	done
	i=1
	while [ $i -le $READERS ]; do
		wait_lines "$ITEST_TMP/reader$i.out" '"ev":"hello"' 1 || return 1
		i=$((i + 1))
	done
	# The sender logs in first, so its login's calls are not counted. What
	# the braces print goes to the daemon: waits tell on stderr.
	{
		wait_lines "$ITEST_TMP/sender.out" '"ev":"hello"' 1 >&2 || exit 1
		now >"$ITEST_TMP/from"
		# One at a time, each after every reader has the one before, so
		# each is a packet of its own to each reader.
		n=1
		while [ $n -le $MESSAGES ]; do
			printf '{"id":%d,"op":"room.send","room":"region:north-east","body":"delivery %d"}\n' $n $n
			i=1
			while [ $i -le $READERS ]; do
				wait_lines "$ITEST_TMP/reader$i.out" '"body":"delivery' $n \
				    >&2 || exit 1
				i=$((i + 1))
			done
			n=$((n + 1))
		done
		now >"$ITEST_TMP/to"
	} | subsystem sender >"$ITEST_TMP/sender.out" 2>&1
	# shellcheck disable=SC2086 # one word a reader
	kill $readers 2>/dev/null
	[ -s "$ITEST_TMP/to" ] || { echo "the messages did not all arrive"; return 1; }
	from=$(cat "$ITEST_TMP/from") to=$(cat "$ITEST_TMP/to")
	sends=$(calls_between sendto "$from" "$to")
	epolls=$(calls_between epoll_ctl "$from" "$to")
	deliveries=$((READERS * MESSAGES))
	echo "$deliveries deliveries: $sends sendto, $epolls epoll_ctl"
	# The old daemon made two epoll_ctl per delivery; a few may come from
	# a socket that really was full.
	[ "$epolls" -le $((deliveries / 10)) ] ||
		{ echo "more than one epoll_ctl for every 10 deliveries"; return 1; }
}
itest_check "delivering to readers with room in their sockets costs no epoll_ctl each" \
    delivery_costs_no_epoll_ctl

itest_check "staffroomd stops cleanly" itest_daemon_stop
itest_done
