#!/bin/sh
# operations.sh: what an operator meets, as TAP: the config file (its
# errors name the file and line, flags win, SIGHUP re-reads the limits),
# the log lines of logins and logouts, host-key fingerprints, and a backup
# restored.
. "$(dirname "$0")/lib.sh"

command -v ssh >/dev/null 2>&1 || { echo "1..0 # SKIP no ssh client"; exit 0; }

itest_setup
CONF=$ITEST_TMP/staffroomd.conf
itest_keygen asha
itest_keygen stranger
printf 'correct horse battery\n' | itest_ctl user add asha --name "Asha Patel" \
	--region north-east --password-stdin >/dev/null &&
	itest_ctl key add asha "$ITEST_TMP/asha.pub" >/dev/null ||
	{ echo "Bail out! cannot add the test account"; exit 99; }

# conf LINE...: the config file, readable by the daemon's user.
conf() {
	printf '%s\n' "$@" >"$CONF" && chmod 0644 "$CONF"
}

# refuses LINE EXPECTED FILE-LINE...: staffroomd stops at once with status 2
# and the one line "staffroomd: $CONF:LINE: EXPECTED".
refuses() {
	line=$1 expected=$2
	shift 2
	conf "$@" || return 1
	"$STAFFROOMD" --config "$CONF" -d "$ITEST_STATE" -l 127.0.0.1:0 \
		</dev/null >"$ITEST_TMP/out" 2>"$ITEST_TMP/err"
	rc=$?
	[ "$rc" -eq 2 ] || { echo "exit $rc, wanted 2"; cat "$ITEST_TMP/err"; return 1; }
	want="staffroomd: $CONF:$line: $expected"
	[ "$(cat "$ITEST_TMP/err")" = "$want" ] ||
		{ echo "got:    $(cat "$ITEST_TMP/err")"; echo "wanted: $want"; return 1; }
}

itest_check "an unknown setting stops the start with FILE:LINE" \
	refuses 2 'unknown setting "colour" (see staffroomd(8))' '# staffroom' 'colour = blue'
itest_check "a bad value stops the start with FILE:LINE and the setting" \
	refuses 3 'post-rate: not a number of at least 0.001: fast' '' 'post-burst = 5' \
	'  post-rate=fast'
itest_check "a line without = stops the start" \
	refuses 1 'expected NAME = VALUE' 'max-spawned 4'
itest_check "a setting given twice stops the start" \
	refuses 3 'keepalive is set already on line 1' 'keepalive = 30' 'guard = on' \
	'keepalive = 40'
itest_check "a command-line option is not a setting" \
	refuses 1 'unknown setting "help" (see staffroomd(8))' 'help = yes'
itest_check "a bad listen address stops the start" \
	refuses 1 'listen: expected ADDR:PORT, not 2222' 'listen = 2222'

missing_config() {
	"$STAFFROOMD" --config "$ITEST_TMP/nothing.conf" -d "$ITEST_STATE" \
		</dev/null >/dev/null 2>"$ITEST_TMP/err" && return 1
	grep -qx "staffroomd: $ITEST_TMP/nothing.conf: No such file or directory" \
		"$ITEST_TMP/err" || { cat "$ITEST_TMP/err"; return 1; }
}
itest_check "a --config file that is not there stops the start" missing_config

# The file's listen is overridden by the harness's -l 127.0.0.1:0: were it
# not, the daemon would try port 1 and fail.
conf '# as an operator writes it' "dir = $ITEST_STATE" 'listen = 127.0.0.1:1' \
	'max-spawned = 8' 'post-burst = 3' 'log-level = debug'
itest_daemon_start --config "$CONF"

started_with_file() {
	grep -q "config: read $CONF" "$ITEST_LOG" || { cat "$ITEST_LOG"; return 1; }
}
itest_check "the daemon starts with the file, the command line winning" started_with_file

# reload_logs TEXT: after SIGHUP, a line holding TEXT appears in the log.
reload_logs() {
	kill -HUP "$ITEST_PID" || return 1
	tries=$((ITEST_TIMEOUT * 10))
	while [ "$tries" -gt 0 ]; do
		grep -qF -- "$1" "$ITEST_LOG" && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	echo "no line with: $1"
	tail -n 20 "$ITEST_LOG"
	return 1
}

sighup_changes_limits() {
	conf "dir = $ITEST_STATE" 'listen = 127.0.0.1:1' 'max-spawned = 9' \
		'post-burst = 3' 'log-level = debug' 'keepalive = 30' &&
	reload_logs 'config: max-spawned = 9 (was 8)' &&
	grep -qF 'config: keepalive = 30 takes a restart; still 60' "$ITEST_LOG" &&
	kill -0 "$ITEST_PID"
}
itest_check "SIGHUP applies new limits and says which settings need a restart" \
	sighup_changes_limits

sighup_keeps_settings_on_error() {
	conf "dir = $ITEST_STATE" 'max-spawned = lots' &&
	reload_logs "$CONF:2: max-spawned: not a count of at least 0: lots" &&
	grep -qF 'config: not reloaded' "$ITEST_LOG" &&
	kill -0 "$ITEST_PID"
}
itest_check "a bad file on SIGHUP is logged with its line and changes nothing" \
	sighup_keeps_settings_on_error

# logged TEXT...: within the timeout, one line of the log holds every TEXT.
logged() {
	tries=$((ITEST_TIMEOUT * 10))
	while [ "$tries" -gt 0 ]; do
		lines=$(cat "$ITEST_LOG")
		for text in "$@"; do
			lines=$(printf '%s\n' "$lines" | grep -F -- "$text")
		done
		[ -z "$lines" ] || return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	echo "no line with: $*"
	tail -n 30 "$ITEST_LOG"
	return 1
}

key_login_and_logout_logged() {
	printf '{"id":1,"op":"ping"}\n' |
		itest_ssh "$ITEST_TMP/asha" -s asha@127.0.0.1 staffroom >/dev/null &&
	fp=$(ssh-keygen -lf "$ITEST_TMP/asha.pub" | cut -d' ' -f2) &&
	logged "login: asha from 127.0.0.1 by publickey $fp (SSH-2.0-OpenSSH" &&
	logged "session: asha from 127.0.0.1: subsystem" &&
	logged "logout: asha from 127.0.0.1 after " "s (closed by the client)"
}
itest_check "a key login logs the handle, address, key and kind; the logout its duration" \
	key_login_and_logout_logged

unknown_key_logged() {
	itest_ssh "$ITEST_TMP/stranger" -s asha@127.0.0.1 staffroom </dev/null && return 1
	logged "login failed: asha from 127.0.0.1 by publickey:" \
		"no key offered is registered for the account (1 key offered)"
}
itest_check "a key that is not the account's is logged once, with the reason" \
	unknown_key_logged

# password_ssh PASSWORD HANDLE: a password login through ssh's askpass.
password_ssh() {
	printf '#!/bin/sh\necho "%s"\n' "$1" >"$ITEST_TMP/askpass" &&
	chmod 0700 "$ITEST_TMP/askpass" &&
	SSH_ASKPASS=$ITEST_TMP/askpass SSH_ASKPASS_REQUIRE=force DISPLAY=none \
	timeout "$ITEST_TIMEOUT" ssh -F /dev/null -p "$ITEST_PORT" \
		-o PubkeyAuthentication=no -o PreferredAuthentications=password \
		-o NumberOfPasswordPrompts=1 -o IdentityAgent=none \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
		-o LogLevel=ERROR -s "$2@127.0.0.1" staffroom </dev/null
}

password_failures_logged() {
	password_ssh 'wrong horse battery' asha && return 1
	logged "login failed: asha from 127.0.0.1 by password: wrong password" &&
	{ password_ssh 'anything at all' nobody; true; } &&
	logged "login failed: nobody from 127.0.0.1 by password: no such account" &&
	password_ssh 'correct horse battery' asha &&
	logged "login: asha from 127.0.0.1 by password (SSH-2.0-OpenSSH"
}
itest_check "failed password logins are logged with the handle tried and the reason" \
	password_failures_logged

no_secrets_logged() {
	! grep -e 'horse battery' -e 'anything at all' "$ITEST_LOG" &&
	! grep -F "$(cut -d' ' -f2 "$ITEST_TMP/asha.pub")" "$ITEST_LOG"
}
itest_check "no password or key is ever logged" no_secrets_logged

# --- host keys -------------------------------------------------------------------

hostkeys_as_ssh_sees_them() {
	itest_ctl hostkeys >"$ITEST_TMP/hostkeys" || return 1
	for k in ed25519 rsa; do
		ssh-keygen -lf "$ITEST_STATE/ssh_host_${k}_key.pub" >>"$ITEST_TMP/keygen" ||
			return 1
	done
	diff "$ITEST_TMP/keygen" "$ITEST_TMP/hostkeys" || return 1
	# The fingerprint a connecting ssh is shown is among them.
	ssh-keyscan -t ed25519 -p "$ITEST_PORT" 127.0.0.1 2>/dev/null |
		ssh-keygen -lf - >"$ITEST_TMP/scanned" || return 1
	grep -qF "$(cut -d' ' -f2 "$ITEST_TMP/scanned")" "$ITEST_TMP/hostkeys" ||
		{ cat "$ITEST_TMP/scanned"; return 1; }
}
itest_check "staffroomctl hostkeys prints what ssh-keygen -lf and ssh-keyscan see" \
	hostkeys_as_ssh_sees_them

init_prints_fingerprints() {
	"$STAFFROOMCTL" -d "$ITEST_TMP/other" init >"$ITEST_TMP/init.out" || return 1
	grep -q '^256 SHA256:[A-Za-z0-9+/]* staffroomd (ED25519)$' "$ITEST_TMP/init.out" &&
	grep -q '^3072 SHA256:[A-Za-z0-9+/]* staffroomd (RSA)$' "$ITEST_TMP/init.out" ||
		{ cat "$ITEST_TMP/init.out"; return 1; }
}
itest_check "init prints the host keys' fingerprints" init_prints_fingerprints

# --- start-up checks and restore ---------------------------------------------------

# daemon_once ARGS...: a second staffroomd, which must refuse to start.
daemon_once() {
	user_flag=
	[ "$(id -u)" -ne 0 ] || user_flag="--user $ITEST_RUN_AS"
	# shellcheck disable=SC2086 # user_flag is words or none
	timeout "$ITEST_TIMEOUT" "$STAFFROOMD" -d "$ITEST_STATE" -l 127.0.0.1:0 \
		$user_flag "$@" </dev/null >"$ITEST_TMP/once.log" 2>&1
}

second_daemon_refused() {
	daemon_once --client "$top_builddir/client/staffroom" && return 1
	grep -q "staffroomd.lock: held by a running staffroomd" "$ITEST_TMP/once.log" ||
		{ cat "$ITEST_TMP/once.log"; return 1; }
}
itest_check "a second daemon on the same state directory refuses to start" \
	second_daemon_refused

BACKUPS=$ITEST_TMP/backups
mkdir "$BACKUPS"
[ "$(id -u)" -ne 0 ] || chown "$ITEST_RUN_AS" "$BACKUPS"

restore_refused_while_running() {
	itest_ctl backup "$BACKUPS/one.db" || return 1
	itest_ctl restore "$BACKUPS/one.db" 2>"$ITEST_TMP/err" && return 1
	grep -qx "staffroomctl: restore: staffroomd is running on $ITEST_STATE: stop it first (systemctl stop staffroomd)" \
		"$ITEST_TMP/err" || { cat "$ITEST_TMP/err"; return 1; }
}
itest_check "restore refuses while the daemon runs" restore_refused_while_running

itest_check "the daemon stops cleanly" itest_daemon_stop

missing_client_refused() {
	daemon_once --client "$ITEST_TMP/no-such-client" && return 1
	grep -q "client $ITEST_TMP/no-such-client: No such file or directory" \
		"$ITEST_TMP/once.log" || { cat "$ITEST_TMP/once.log"; return 1; }
}
itest_check "staffroomd refuses to start when the client it spawns is missing" \
	missing_client_refused

# A state directory others can open (a careless cp -r): refused, not
# quietly tightened, since the host keys may already have been read.
open_modes_refused() {
	chmod 0755 "$ITEST_STATE" || return 1
	daemon_once --client "$top_builddir/client/staffroom"
	rc=$?
	chmod 0700 "$ITEST_STATE" || return 1
	[ "$rc" -ne 0 ] && grep -q "$ITEST_STATE: mode 0755 lets others in; run chmod 0700 $ITEST_STATE" \
		"$ITEST_TMP/once.log" || { cat "$ITEST_TMP/once.log"; return 1; }
}
itest_check "staffroomd refuses to start on a state directory open to others" \
	open_modes_refused

# A database from a newer staffroom (a downgrade): the log names the schema,
# and does not send the operator to `staffroomctl init` over a live database.
newer_schema_refused() {
	sqlite3 "$ITEST_STATE/staffroom.db" 'PRAGMA user_version = 999' || return 1
	daemon_once --client "$top_builddir/client/staffroom"
	rc=$?
	sqlite3 "$ITEST_STATE/staffroom.db" "PRAGMA user_version = $schema" || return 1
	[ "$rc" -ne 0 ] &&
	grep -q "schema version 999 is newer than this program" "$ITEST_TMP/once.log" &&
	grep -q "cannot open the store in $ITEST_STATE" "$ITEST_TMP/once.log" &&
	! grep -q "init" "$ITEST_TMP/once.log" || { cat "$ITEST_TMP/once.log"; return 1; }
}
schema=$(sqlite3 "$ITEST_STATE/staffroom.db" 'PRAGMA user_version')
itest_check "staffroomd refuses a newer schema, naming it rather than init" \
	newer_schema_refused

# A client removed while the daemon runs (a botched upgrade): the person
# is told, not just disconnected, and the log says why.
client_gone_told() {
	cp /bin/true "$ITEST_TMP/vanishing" && chmod 0755 "$ITEST_TMP/vanishing" &&
	itest_daemon_start --client "$ITEST_TMP/vanishing" &&
	rm "$ITEST_TMP/vanishing" || return 1
	itest_ssh "$ITEST_TMP/asha" -tt asha@127.0.0.1 </dev/null >"$ITEST_TMP/out" 2>&1
	told=0
	grep -q "This server cannot start its client program; please tell the server's operator" \
		"$ITEST_TMP/out" || { cat "$ITEST_TMP/out"; told=1; }
	logged "the client $ITEST_TMP/vanishing could not be started" || told=1
	# Stopped either way: the restore tests need it stopped.
	itest_daemon_stop && [ "$told" -eq 0 ]
}
itest_check "a client gone since the start is explained to the ssh -t user and logged" \
	client_gone_told

restore_refuses_bad_backups() {
	cp "$BACKUPS/one.db" "$BACKUPS/newer.db" && chmod 0644 "$BACKUPS/newer.db" &&
	sqlite3 "$BACKUPS/newer.db" 'PRAGMA user_version = 999' || return 1
	itest_ctl restore "$BACKUPS/newer.db" 2>"$ITEST_TMP/err" && return 1
	grep -q "newer.db: schema version 999 is newer than this staffroom's" \
		"$ITEST_TMP/err" || { cat "$ITEST_TMP/err"; return 1; }
	cp "$BACKUPS/one.db" "$BACKUPS/damaged.db" && chmod 0644 "$BACKUPS/damaged.db" &&
	dd if=/dev/urandom of="$BACKUPS/damaged.db" bs=4096 seek=2 count=8 \
		conv=notrunc 2>/dev/null || return 1
	itest_ctl restore "$BACKUPS/damaged.db" 2>"$ITEST_TMP/err" && return 1
	grep -q "damaged.db: cannot restore: " "$ITEST_TMP/err" ||
		{ cat "$ITEST_TMP/err"; return 1; }
	head -c 1000 /dev/urandom >"$BACKUPS/junk.db"
	itest_ctl restore "$BACKUPS/junk.db" 2>"$ITEST_TMP/err" && return 1
	grep -q "junk.db: cannot restore: " "$ITEST_TMP/err" || { cat "$ITEST_TMP/err"; return 1; }
	# Nothing was set aside: the database is where it was.
	! ls "$ITEST_STATE" | grep -q before-restore
}
itest_check "restore refuses a damaged backup, junk and a newer schema, changing nothing" \
	restore_refuses_bad_backups

restore_puts_the_backup_back() {
	itest_ctl user add ben --name "Ben Okafor" --region london >/dev/null &&
	itest_ctl restore "$BACKUPS/one.db" >"$ITEST_TMP/out" || return 1
	grep -q "^restored $BACKUPS/one.db (schema [0-9]*); the database before is kept as $ITEST_STATE/staffroom.db.before-restore-" \
		"$ITEST_TMP/out" || { cat "$ITEST_TMP/out"; return 1; }
	itest_ctl user list >"$ITEST_TMP/users" || return 1
	grep -q asha "$ITEST_TMP/users" && ! grep -q ben "$ITEST_TMP/users" ||
		{ cat "$ITEST_TMP/users"; return 1; }
	# The database before (with ben) is whole beside it.
	aside=$(ls "$ITEST_STATE"/staffroom.db.before-restore-* | grep -v -- '-wal$\|-shm$\|audit.head$')
	sqlite3 "$aside" "SELECT handle FROM users" | grep -qx ben || return 1
	# The restore is the restored audit log's next row, and the log is sound.
	itest_ctl audit tail | grep -q "operator  *restore .*the database before is kept as" &&
	itest_ctl audit verify || return 1
	itest_daemon_start &&
	printf '{"id":1,"op":"ping"}\n' |
		itest_ssh "$ITEST_TMP/asha" -s asha@127.0.0.1 staffroom | grep -q '"re":1'
}
itest_check "restore puts the backup in place, keeps the old database, and the daemon serves it" \
	restore_puts_the_backup_back

itest_check "the daemon stops cleanly after the restore" itest_daemon_stop

itest_done
