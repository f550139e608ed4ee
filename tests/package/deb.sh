#!/bin/sh
# deb.sh: the Debian package as an operator meets it, as TAP (run by
# `./quickstart package`, as root on a Debian machine it may install on):
# built with dpkg-buildpackage from a `git archive` copy in a temporary
# directory (the tree stays clean), checked with lintian, installed with
# apt-get, the unit verified, its ExecStart line run and answering over
# SSH, then purged, keeping /var/lib/staffroom unless debconf says otherwise.
# Slow (a full build): not part of `make check`.
. "$(dirname "$0")/../integration/lib.sh"

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
STATE=/var/lib/staffroom
UNIT=/lib/systemd/system/staffroomd.service
DIGEST_UNIT=/lib/systemd/system/staffroom-digest.service
DIGEST_TIMER=/lib/systemd/system/staffroom-digest.timer

[ "$(id -u)" -eq 0 ] || { echo "1..0 # SKIP installs a package: run as root"; exit 0; }
dpkg-query -W -f='${Status}' staffroom 2>/dev/null | grep -q 'install ok installed' &&
	{ echo "Bail out! staffroom is installed already; purge it first"; exit 99; }

# lib.sh's helpers (itest_check, itest_ssh, itest_done) on this test's
# own temporary directory and daemon.
ITEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/staffroom-deb.XXXXXX") || exit 99
ITEST_LOG=$ITEST_TMP/daemon.log
tmp=$ITEST_TMP
cleanup() {
	itest_cleanup
	dpkg-query -W -f='${Status}' staffroom 2>/dev/null | grep -q 'install ok' &&
		DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq staffroom >/dev/null 2>&1
}
trap cleanup EXIT
trap 'exit 99' INT TERM
chmod 0755 "$tmp"

build() {
	mkdir "$tmp/src" &&
	git -C "$top_srcdir" archive --format=tar HEAD | tar -xf - -C "$tmp/src" &&
	start=$(date +%s) &&
	(cd "$tmp/src" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b) \
		>"$tmp/build.log" 2>&1 || { tail -n 40 "$tmp/build.log"; return 1; }
	echo "# dpkg-buildpackage took $(($(date +%s) - start)) s" >&3
	ls "$tmp"/staffroom_*.deb
}
exec 3>&1
itest_check "dpkg-buildpackage -us -uc -b builds the package from a git archive copy" build
DEB=$(ls "$tmp"/staffroom_*.deb 2>/dev/null | head -n 1)
[ -n "$DEB" ] || itest_done

lintian_no_errors() {
	lintian "$DEB" >"$tmp/lintian.out" 2>&1
	sed 's/^/# lintian: /' "$tmp/lintian.out" >&3
	! grep -q '^E: ' "$tmp/lintian.out"
}
itest_check "lintian finds no errors" lintian_no_errors

install_deb() {
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$DEB" >"$tmp/install.log" 2>&1 ||
		{ cat "$tmp/install.log"; return 1; }
	# postinst's init printed the host keys' fingerprints.
	grep -q '^256 SHA256:[A-Za-z0-9+/]* staffroomd (ED25519)' "$tmp/install.log" ||
		{ cat "$tmp/install.log"; return 1; }
}
itest_check "apt-get install ./staffroom_*.deb installs it, printing the fingerprints" install_deb

installed_files() {
	for f in /usr/sbin/staffroomd /usr/sbin/staffroomctl /usr/bin/staffroom \
	    /usr/share/man/man8/staffroomd.8.gz /usr/share/man/man8/staffroomctl.8.gz \
	    /usr/share/man/man1/staffroom.1.gz /usr/share/staffroom/regions-dfe.csv \
	    /usr/share/staffroom/regions-rsc.csv /etc/staffroom/staffroomd.conf "$UNIT" \
	    /etc/staffroom/digest.conf "$DIGEST_UNIT" "$DIGEST_TIMER"; do
		[ -e "$f" ] || { echo "missing: $f"; return 1; }
	done
	id staffroom >/dev/null || return 1
	[ "$(stat -c '%U %a' "$STATE")" = "staffroom 700" ] || { stat "$STATE"; return 1; }
	[ "$(stat -c '%U %a' "$STATE/staffroom.db")" = "staffroom 600" ] || return 1
}
itest_check "the programs, man pages, regions, config and unit are in place; the user and state exist" \
	installed_files

unit_verifies() {
	systemd-analyze verify "$UNIT" || return 1
	for k in 'User=staffroom' 'StateDirectory=staffroom' 'StateDirectoryMode=0700' \
	    'ProtectSystem=strict' 'ProtectHome=yes' 'PrivateTmp=yes' 'NoNewPrivileges=yes' \
	    'Restart=on-failure'; do
		grep -qx "$k" "$UNIT" || { echo "no $k"; return 1; }
	done
}
itest_check "systemd-analyze verify passes on the installed unit" unit_verifies

# The timer is enabled at install; its service's ExecStart line runs as
# staffroom on the state directory (a dry run: nobody has an address yet).
digest_units() {
	systemd-analyze verify "$DIGEST_TIMER" "$DIGEST_UNIT" || return 1
	[ -L /etc/systemd/system/timers.target.wants/staffroom-digest.timer ] ||
		{ echo "the timer is not enabled"; return 1; }
	grep -qx 'OnCalendar=\*-\*-\* 07:00:00 Europe/London' "$DIGEST_TIMER" || return 1
	line=$(sed -n 's/^ExecStart=//; s/ \$DIGEST_OPTIONS$//p' "$DIGEST_UNIT")
	# shellcheck disable=SC2086 # the line is words
	setpriv --reuid=staffroom --regid=staffroom --init-groups \
		$line --host staffroom.example.org --dry-run </dev/null \
		>"$tmp/digest.out" 2>&1 || { cat "$tmp/digest.out"; return 1; }
	grep -q '^digest send: 0 would be sent' "$tmp/digest.out"
}
itest_check "the digest timer is enabled and its service's line runs as staffroom" \
	digest_units

# The unit's ExecStart line, as the unit's user; the port from the log.
exec_start() {
	line=$(sed -n 's/^ExecStart=//p' "$UNIT")
	# shellcheck disable=SC2086 # the line is words
	setpriv --reuid=staffroom --regid=staffroom --init-groups \
		$line --listen 127.0.0.1:0 </dev/null >"$tmp/daemon.log" 2>&1 &
	ITEST_PID=$!
	tries=$((ITEST_TIMEOUT * 10))
	while [ "$tries" -gt 0 ]; do
		ITEST_PORT=$(itest_logged_port)
		[ -z "$ITEST_PORT" ] || return 0
		kill -0 "$ITEST_PID" 2>/dev/null || break
		sleep 0.1
		tries=$((tries - 1))
	done
	cat "$tmp/daemon.log"
	return 1
}

answers() {
	ssh-keygen -q -t ed25519 -N '' -C asha -f "$tmp/asha" </dev/null &&
	chmod 0644 "$tmp/asha.pub" &&
	staffroomctl -d "$STATE" user add asha --name "Asha Patel" --region north-east &&
	staffroomctl -d "$STATE" key add asha "$tmp/asha.pub" &&
	staffroomctl -d "$STATE" invite create --region london >"$tmp/invite" || return 1
	printf '{"id":1,"op":"ping"}\n' |
		itest_ssh "$tmp/asha" -s asha@127.0.0.1 staffroom >"$tmp/out" || return 1
	grep -q '"re":1' "$tmp/out" || { cat "$tmp/out"; return 1; }
	tries=$((ITEST_TIMEOUT * 10))
	until grep -q 'logout: asha from 127.0.0.1' "$tmp/daemon.log"; do
		tries=$((tries - 1))
		[ "$tries" -gt 0 ] || { cat "$tmp/daemon.log"; return 1; }
		sleep 0.1
	done
	grep -q 'config: read /etc/staffroom/staffroomd.conf' "$tmp/daemon.log"
}
itest_check "the unit's ExecStart line starts the server as staffroom with the config file" exec_start
itest_check "it answers over SSH and logs the login and logout" answers

itest_check "it stops cleanly" itest_daemon_stop

purge_keeps_state() {
	DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq staffroom >/dev/null 2>&1 || return 1
	[ ! -e /usr/sbin/staffroomd ] && [ ! -e /etc/staffroom/staffroomd.conf ] || return 1
	[ -e "$STATE/staffroom.db" ] || { echo "the database went"; return 1; }
}
itest_check "apt-get purge keeps /var/lib/staffroom by default" purge_keeps_state

purge_can_delete_state() {
	echo 'staffroom staffroom/purge-state boolean true' | debconf-set-selections &&
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$DEB" >/dev/null 2>&1 &&
	staffroomctl -d "$STATE" user list | grep -q asha || return 1
	DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq staffroom >/dev/null 2>&1 || return 1
	[ ! -e "$STATE" ] || { ls -la "$STATE"; return 1; }
}
itest_check "a reinstall keeps the old state; purge deletes it when debconf says so" \
	purge_can_delete_state

itest_done
