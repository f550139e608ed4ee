#!/bin/sh
# ctl.sh: staffroomctl against a temporary state directory, as TAP.
# Every failing command must exit non-zero with exactly one line on stderr.
set -u

top_builddir=${top_builddir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_srcdir=${top_srcdir:-$top_builddir}
CTL="$top_builddir/daemon/staffroomctl"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ctl.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
D="$tmp/state"
unset STAFFROOM_STATE
export TZ=UTC

n=0
failed=0

# check DESCRIPTION COMMAND...: one test, passing when COMMAND succeeds.
check() {
	desc=$1
	shift
	n=$((n + 1))
	if "$@" >"$tmp/check.out" 2>&1; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		sed 's/^/# /' "$tmp/check.out"
		failed=$((failed + 1))
	fi
}

# check_with TOOL DESCRIPTION COMMAND...: check, skipped without TOOL.
check_with() {
	tool=$1
	shift
	if command -v "$tool" >/dev/null 2>&1; then
		check "$@"
	else
		n=$((n + 1))
		echo "ok $n - $1 # SKIP $tool is not installed"
	fi
}

ctl() {
	"$CTL" -d "$D" "$@"
}

# fails CODE ARGS...: staffroomctl exits CODE with one "staffroomctl: " line.
fails() {
	code=$1
	shift
	ctl "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	[ "$rc" -eq "$code" ] || { echo "exit $rc, wanted $code"; return 1; }
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || { cat "$tmp/err"; return 1; }
	grep -q '^staffroomctl: ' "$tmp/err" || { cat "$tmp/err"; return 1; }
	[ ! -s "$tmp/out" ] || { echo "stdout not empty"; return 1; }
}

mode() {
	stat -c %a "$1"
}

count_rows() {
	ctl "$@" | tail -n +2 | wc -l
}

# The row of user list (or other list) whose first column is $2.
row() {
	what=$1
	key=$2
	shift 2
	ctl $what list "$@" | awk -v k="$key" '$1 == k'
}

state_sum() {
	(cd "$D" && stat -c '%n %a %s %Y' . * && cat staffroom.db) | sha256sum
}

# --- init -------------------------------------------------------------------

init_modes() {
	ctl init >/dev/null || return 1
	[ "$(mode "$D")" = 700 ] || return 1
	for f in staffroom.db ssh_host_ed25519_key ssh_host_ed25519_key.pub \
	    ssh_host_rsa_key ssh_host_rsa_key.pub; do
		[ "$(mode "$D/$f")" = 600 ] || { echo "$f: $(mode "$D/$f")"; return 1; }
	done
}
check "init creates the directory 0700 with database and host keys 0600" init_modes

check "init creates the nine DfE regions" \
    test "$(count_rows region list)" -eq 9

national_room() {
	[ "$(sqlite3 "$D/staffroom.db" \
	    "SELECT count(*) FROM rooms WHERE ref IN ('national', 'region:london')")" = 2 ]
}
check_with sqlite3 "init creates the national room and a room per region" \
    national_room

init_twice() {
	before=$(state_sum)
	fails 1 init || return 1
	grep -q 'already exists' "$tmp/err" || return 1
	[ "$(state_sum)" = "$before" ]
}
check "init a second time fails and changes nothing" init_twice

init_rsc() {
	"$CTL" -d "$tmp/rsc" init --regions rsc >/dev/null &&
	    [ "$("$CTL" -d "$tmp/rsc" region list | tail -n +2 | wc -l)" -eq 8 ]
}
check "init --regions rsc creates the eight RSC areas" init_rsc

# --- users ------------------------------------------------------------------

user_add() {
	ctl user add asha --name "Asha Patel" --region london &&
	    row user asha | grep -q 'Asha Patel *london *member *enabled *no'
}
check "user add creates a key-only member" user_add

user_add_password() {
	echo "a long enough password" |
	    ctl user add ben --name "Ben Ng" --region north-east --role admin \
	    --password-stdin &&
	    row user ben | grep -q 'admin *enabled *yes'
}
check "user add --password-stdin sets a password" user_add_password

check "user add of a taken handle fails in one line" \
    fails 1 user add asha --name "Someone Else" --region london
check "user add of a bad handle fails in one line" \
    fails 1 user add "Bad Handle" --name "X" --region london
check "user add of the reserved handle join fails" \
    fails 1 user add join --name "X" --region london
check "user add in an unknown region fails" \
    fails 1 user add cara --name "Cara" --region atlantis
check "user add with a control character in the name fails" \
    fails 1 user add cara --name "$(printf 'Ca\033ra')" --region london
# U+202E RIGHT-TO-LEFT OVERRIDE, U+200B ZERO WIDTH SPACE
check "user add with a direction override in the name fails" \
    fails 1 user add cara --name "$(printf 'Cara \342\200\256nimda')" --region london
check "user set with a zero-width space in the name fails" \
    fails 1 user set asha --name "$(printf 'Asha\342\200\213 Patel')"
check "user add with a weak password fails" \
    sh -c "echo short | \"$CTL\" -d \"$D\" user add cara --name Cara \
    --region london --password-stdin 2>&1 | grep -q 'must be 10-1024 bytes'"

user_disable() {
	ctl user disable asha && row user asha | grep -q ' disabled '
}
check "user disable marks the account disabled" user_disable

user_enable() {
	ctl user enable asha && row user asha | grep -q ' enabled '
}
check "user enable lets it back in" user_enable

user_set() {
	ctl user set asha --name "Asha P. Patel" --region north-west \
	    --role moderator &&
	    row user asha | grep -q 'Asha P. Patel *north-west *moderator'
}
check "user set changes name, region and role" user_set

check "user set with nothing to change is a usage error" fails 2 user set asha
check "user disable of an unknown user fails" fails 1 user disable nobody

user_passwd() {
	echo "another good password" | ctl user passwd asha &&
	    row user asha | grep -q ' yes '
}
check "user passwd reads a password from stdin" user_passwd

user_json() {
	ctl user list --json | grep -q '"handle": "asha"'
}
check "user list --json prints JSON" user_json

# --- keys -------------------------------------------------------------------

ssh-keygen -q -t ed25519 -N '' -C 'asha laptop' -f "$tmp/id_ed25519"
ssh-keygen -q -t rsa -b 1024 -N '' -f "$tmp/id_rsa_small"
FP=$(ssh-keygen -lf "$tmp/id_ed25519.pub" | awk '{print $2}')

check "key add prints the ssh-keygen fingerprint" \
    test "$(ctl key add asha "$tmp/id_ed25519.pub")" = "$FP"

key_list() {
	ctl key list asha | grep -q "^$FP *ssh-ed25519 *asha laptop "
}
check "key list shows fingerprint, type and comment" key_list

check "key add of the same key again fails" \
    fails 1 key add ben "$tmp/id_ed25519.pub"
check "key add of an rsa key under 2048 bits fails" \
    fails 1 key add asha "$tmp/id_rsa_small.pub"
check "key add of a missing file fails" fails 1 key add asha "$tmp/nope.pub"

key_stdin() {
	ssh-keygen -q -t ecdsa -N '' -f "$tmp/id_ecdsa" &&
	    ctl key add ben - <"$tmp/id_ecdsa.pub" >/dev/null &&
	    [ "$(count_rows key list ben)" -eq 1 ]
}
check "key add - reads the key from stdin" key_stdin

key_remove() {
	ctl key remove asha "${FP#SHA256:}" && [ "$(count_rows key list asha)" -eq 0 ]
}
check "key remove accepts a fingerprint without its prefix" key_remove
check "key remove of an unknown key fails" fails 1 key remove asha "$FP"

# --- invites ----------------------------------------------------------------

invite_create() {
	ctl invite create --region london --expires 2d >"$tmp/code" \
	    2>"$tmp/details" || return 1
	[ "$(wc -l <"$tmp/code")" -eq 1 ] &&
	    grep -Eq '^([0-9A-Z]{4}-){6}[0-9A-Z]{2}$' "$tmp/code" &&
	    grep -q 'region london, role member, expires' "$tmp/details"
}
check "invite create prints the code alone on stdout" invite_create
INVITE=$(sed -n 's/^invite \([0-9A-Z]*\):.*/\1/p' "$tmp/details")

check "invite list shows it open" sh -c \
    "\"$CTL\" -d \"$D\" invite list | grep -q '^$INVITE .*london .*member .* open\$'"

invite_revoke() {
	ctl invite revoke "$(echo "$INVITE" | tr 'A-Z' 'a-z')" &&
	    row invite "$INVITE" | grep -q ' revoked$'
}
check "invite revoke marks it revoked" invite_revoke
check "invite revoke of an unknown id fails" fails 1 invite revoke ZZZZZZ
check "invite create with a bad duration fails" \
    fails 1 invite create --region london --expires 0d

# --- regions and backup -----------------------------------------------------

region_load() {
	out=$(ctl region load "$top_srcdir/data/regions-rsc.csv") &&
	    [ "$out" = "6 regions added, 2 updated" ] &&
	    [ "$(count_rows region list)" -eq 15 ] &&
	    row region north | grep -q 'North *lancashire-and-west-yorkshire,'
}
check "region load adds new regions and updates existing ones" region_load

bad_csv() {
	printf 'slug,name\nBad Slug,Somewhere\n' >"$tmp/bad.csv"
	fails 1 region load "$tmp/bad.csv" && grep -q 'bad.csv:2:' "$tmp/err"
}
check "region load of a bad CSV names the line and fails" bad_csv

backup() {
	ctl backup "$tmp/backup.db" &&
	    [ "$(sqlite3 "$tmp/backup.db" 'SELECT count(*) FROM regions')" = 15 ]
}
check_with sqlite3 "backup writes a database sqlite3 can read" backup
check "backup refuses to overwrite a file" fails 1 backup "$tmp/backup.db"

# A copy of the state with ~40 MB more, for backups that take a while.
big_state() {
	cp -R "$D" "$tmp/big" &&
	    sqlite3 "$tmp/big/staffroom.db" "CREATE TABLE filler (b BLOB);
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
		WHERE i < 10000) INSERT INTO filler SELECT randomblob(4000) FROM n;"
}

# backup_cut FILE: backup of the big state with writes over 1,000 blocks
# refused; the caller's trap says whether the limit's signal ends it.
backup_cut() {
	(ulimit -f 1000; exec "$CTL" -d "$tmp/big" backup "$1") 2>/dev/null
}

# A writer commits as fast as it can while the backup copies: a copy that
# starts again at every commit never ends (the timeout and the writer's
# count only keep a broken build from hanging the suite).
backup_while_writing() {
	: >"$tmp/writing"
	(i=0; while [ -e "$tmp/writing" ] && [ "$i" -lt 20000 ]; do
		sqlite3 "$tmp/big/staffroom.db" "INSERT INTO filler VALUES (1)"
		i=$((i + 1))
	done) &
	writer=$!
	timeout 20 "$CTL" -d "$tmp/big" backup "$tmp/busy.db"
	rc=$?
	rm -f "$tmp/writing"
	wait "$writer"
	[ "$rc" -eq 0 ] && [ ! -e "$tmp/busy.db.partial" ] &&
	    [ "$(mode "$tmp/busy.db")" = 600 ] &&
	    [ "$(sqlite3 "$tmp/busy.db" 'PRAGMA integrity_check')" = ok ] &&
	    [ "$(sqlite3 "$tmp/busy.db" 'SELECT count(*) FROM regions')" = 15 ]
}

backup_signalled() {
	backup_cut "$tmp/cut.db"
	rc=$?
	[ "$rc" -gt 128 ] || { echo "exit $rc, wanted a signal"; return 1; }
	[ ! -e "$tmp/cut.db" ] && [ ! -e "$tmp/cut.db.partial" ]
}

backup_failed() {
	(trap '' XFSZ; backup_cut "$tmp/failed.db")
	rc=$?
	[ "$rc" -eq 1 ] || { echo "exit $rc, wanted 1"; return 1; }
	[ ! -e "$tmp/failed.db" ] && [ ! -e "$tmp/failed.db.partial" ]
}

partial_in_the_way() {
	: >"$tmp/other.db.partial" &&
	    fails 1 backup "$tmp/other.db" && grep -q 'other.db.partial' "$tmp/err" &&
	    [ ! -e "$tmp/other.db" ] && [ -e "$tmp/other.db.partial" ]
}

check_with sqlite3 "backup: a larger copy of the state to back up" big_state
check_with sqlite3 "backup finishes while a writer commits all the time" \
    backup_while_writing
check_with sqlite3 "backup ended by a signal leaves neither the file nor a partial copy" \
    backup_signalled
check_with sqlite3 "backup that fails leaves neither the file nor a partial copy" \
    backup_failed
check "backup refuses when a partial copy is in the way" partial_in_the_way

# --- boards and trusts ------------------------------------------------------

# National, then the nine DfE regions, then the six regions region load added.
check "every region has a board, also those added after init" \
    test "$(count_rows board list)" -eq 16
check "the first board is the national one" \
    sh -c "'$CTL' -d '$D' board list | awk 'NR == 2' | grep -q '^1 *National *national *open'"

trust_add() {
	[ "$(ctl trust add "Oak MAT" --region london)" = 1 ] &&
	    row trust 1 | grep -q 'Oak MAT *london *0'
}
check "trust add prints the new trust's id" trust_add
check "trust add of a taken name fails in one line" \
    fails 1 trust add "Oak MAT" --region london
check "trust add in an unknown region fails" fails 1 trust add Elm --region nowhere
trust_board_and_room() {
	row board 17 | grep -q 'Oak MAT *trust:1 *open' &&
	    [ "$(sqlite3 "$D/staffroom.db" \
	    "SELECT count(*) FROM rooms WHERE ref = 'trust:1' AND kind = 2")" = 1 ]
}
check_with sqlite3 "a trust comes with its board and its chat room" trust_board_and_room

trust_room_members() {
	sqlite3 "$D/staffroom.db" "SELECT count(*) FROM room_members m
	    JOIN rooms r ON r.id = m.room_id WHERE r.ref = 'trust:1'"
}
trust_member() {
	ctl trust member asha 1 && row trust 1 | grep -q 'Oak MAT *london *1' &&
	    [ "$(trust_room_members)" = 1 ] &&
	    ctl trust member asha none && row trust 1 | grep -q 'Oak MAT *london *0' &&
	    [ "$(trust_room_members)" = 0 ] && ctl trust member asha 1
}
check_with sqlite3 "trust member joins the trust's room, none leaves it" trust_member
check "trust member of an unknown trust fails" fails 1 trust member asha 9
check "trust member with a bad trust id fails" fails 1 trust member asha 01
check "trust member of an unknown person fails" fails 1 trust member nobody 1

board_add() {
	id=$(ctl board add Circle --scope private --members asha) &&
	    [ "$id" = 18 ] && row board 18 | grep -q 'Circle *private *open' &&
	    [ "$(sqlite3 "$D/staffroom.db" \
	    "SELECT count(*) FROM board_members WHERE board_id = 18")" = 1 ]
}
check_with sqlite3 "board add makes a private board with its members" board_add
check "board add in a region prints its id" \
    test "$(ctl board add "London SEMH" --scope region:london)" = 19
check "board add with a direction override in the name fails" \
    fails 1 board add "$(printf 'London \342\200\256DNES')" --scope region:london
check "trust add with a zero-width space in the name fails" \
    fails 1 trust add "$(printf 'Elm\342\200\213 MAT')" --region london
check "board add with an unknown scope is a usage error" \
    fails 2 board add Moon --scope moon
check "board add in an unknown region fails" \
    fails 1 board add Nowhere --scope region:nowhere
check "board add with members for a whole scope is a usage error" \
    fails 2 board add Everyone --scope national --members asha
members_all_or_none() {
	fails 1 board add Ghosts --scope private --members asha,nobody &&
	    [ "$(count_rows board list)" -eq 19 ]
}
check "board add with an unknown member fails and makes nothing" members_all_or_none
board_archive() {
	ctl board archive 19 && row board 19 | grep -q 'archived' &&
	    ctl board archive 19 --undo && row board 19 | grep -q 'open'
}
check "board archive closes a board and --undo opens it" board_archive
check "board archive of an unknown board fails" fails 1 board archive 99
check "board archive of a bad id is a usage error" fails 2 board archive x
board_json() {
	ctl board list --json | grep -q '"scope": "trust:1"'
}
check "board list --json gives scopes" board_json

# --- guard ------------------------------------------------------------------

# Generated identifiers with right (and one wrong) check characters.
guard_lines() {
	dob=$(date -d '10 years ago' +%d/%m/%Y)
	printf 'Network meeting on 12/03/2026 at 10:30, Room 14\n'
	printf 'UPN L201234567890 for the file\n'
	printf '\n'
	printf 'NHS 943\302\240476\302\2405919 and ULN 1234567899\r\n'
	printf 'ticket M201234567890, order 1234567890\n'
	printf 'Jamie Smith DOB %s\n' "$dob"
	printf 'no newline at the end: 9434765919'
}
guard_verdicts() {
	printf 'pass\nflag\tupn\npass\nflag\tuln,nhs\npass\nflag\tname_dob\n'
	printf 'flag\tnhs\n'
}
guard_check_stdin() {
	guard_lines | "$CTL" guard check >"$tmp/verdicts" &&
	    guard_verdicts | cmp - "$tmp/verdicts"
}
check "guard check prints one verdict per input line, in order" \
    guard_check_stdin
guard_check_file() {
	guard_lines >"$tmp/lines" &&
	    "$CTL" guard check "$tmp/lines" >"$tmp/verdicts" &&
	    guard_verdicts | cmp - "$tmp/verdicts"
}
check "guard check FILE reads the file, without a state directory" \
    guard_check_file
check "guard check of a missing file fails" fails 1 guard check "$tmp/nope"
guard_check_empty() {
	[ -z "$("$CTL" guard check </dev/null)" ]
}
check "guard check of no lines prints nothing" guard_check_empty
guard_rule() {
	ctl guard list | awk -v s="$1" '$1 == s { print $2 }'
}
guard_defaults() {
	[ "$(guard_rule national)" = block ] && [ "$(guard_rule board)" = block ] &&
	    [ "$(guard_rule dm)" = confirm ] && [ "$(guard_rule meeting)" = confirm ]
}
check "guard list shows block for shared scopes, confirm for DMs, by default" \
    guard_defaults
guard_set() {
	ctl guard set region confirm && [ "$(guard_rule region)" = confirm ] &&
	    ctl guard set region block && [ "$(guard_rule region)" = block ] &&
	    ctl guard list --json | grep -q '"rule": "block"'
}
check "guard set changes a scope's rule" guard_set
check "guard set off without --force is a usage error" \
    fails 2 guard set buddy off
guard_off_unchanged() {
	[ "$(guard_rule buddy)" = confirm ]
}
check "guard set off without --force changes nothing" guard_off_unchanged
guard_off_forced() {
	ctl guard set buddy off --force 2>"$tmp/err" &&
	    grep -q 'warn: the pupil-data guard is off for buddy' "$tmp/err" &&
	    [ "$(guard_rule buddy)" = off ]
}
check "guard set off --force turns it off with a warning" guard_off_forced
check "guard set of an unknown scope is a usage error" \
    fails 2 guard set moon block
check "guard set of an unknown rule is a usage error" \
    fails 2 guard set dm maybe
# Stored text with pupil data, written as the daemon would have.
guard_store() {
	dob=$(date -d '10 years ago' +%d/%m/%Y)
	sqlite3 "$D/staffroom.db" "
	    INSERT INTO rooms (ref, kind, name, created_ms)
	        VALUES ('dm:900', 4, '', 0);
	    INSERT INTO messages (room_id, user_id, body, ts)
	        SELECT r.id, u.id, b.body, 0 FROM rooms r, users u,
	        (SELECT 'national' AS ref, 'UPN L201234567890 please' AS body
	        UNION ALL SELECT 'national', 'meeting 12/03/2026 at 10:30'
	        UNION ALL SELECT 'dm:900', 'NHS 943 476 5919') b
	        WHERE r.ref = b.ref AND u.handle = 'asha';
	    INSERT INTO threads (board_id, user_id, title, created_ms)
	        SELECT 1, id, 'Jamie Smith DOB $dob', 0 FROM users
	        WHERE handle = 'asha';
	    INSERT INTO posts (thread_id, board_id, user_id, body, ts)
	        SELECT max(t.id), 1, u.id, 'ULN 1234567899', 0
	        FROM threads t, users u WHERE u.handle = 'asha';"
}
guard_scan() {
	guard_store &&
	    ctl guard scan >"$tmp/scan" 2>"$tmp/scan.err" &&
	    cut -f1,3,4 "$tmp/scan" >"$tmp/scan.cut" &&
	    printf 'message\tnational\tupn\npost\tboard:1\tuln\ntitle\tboard:1\tname_dob\n' |
	    cmp - "$tmp/scan.cut" &&
	    grep -q '3 flagged in shared rooms and boards (listed; 3 filed in the moderators. queue now), 1 in DMs' \
	    "$tmp/scan.err" &&
	    ctl guard scan 2>"$tmp/scan.err" | cut -f5 | sort | uniq -c |
	    grep -q '3 filed before' &&
	    grep -q '(listed; 0 filed' "$tmp/scan.err"
}
check_with sqlite3 "guard scan lists what it would flag, and only counts DMs" \
    guard_scan

# --- audit ------------------------------------------------------------------

audit_rows() {
	ctl audit tail 1000 --json | grep -c '"id":'
}
audit_last_is() {
	ctl audit tail 1 | tail -n 1 | grep -q "operator  $1" ||
	    { ctl audit tail 1; return 1; }
}
audit_failed_adds_none() {
	before=$(audit_rows)
	ctl user set nobody --name X 2>/dev/null && return 1
	ctl guard set nowhere block 2>/dev/null && return 1
	[ "$(audit_rows)" -eq "$before" ]
}
audit_reads_add_none() {
	before=$(audit_rows)
	ctl user list >/dev/null && ctl audit verify >/dev/null &&
	    ctl guard list >/dev/null && [ "$(audit_rows)" -eq "$before" ]
}
# guard scan (audited too) may have run last: a change of known name.
audit_last_guard_set() {
	ctl guard set national block && audit_last_is "guard set"
}
check "every change is an audit row of the operator (the last: guard set)" \
    audit_last_guard_set
check "a failed command adds no audit row" audit_failed_adds_none
check "reading adds no audit row" audit_reads_add_none
# With -v the committed change is said on stderr, as it is to syslog.
audit_change_logged() {
	"$CTL" -v -d "$D" guard set region block 2>"$tmp/v.err" >/dev/null &&
	    grep -q "change: guard set region block" "$tmp/v.err" ||
	    { cat "$tmp/v.err"; return 1; }
}
check "a committed change is logged (syslog; with -v on stderr)" \
    audit_change_logged
check "audit verify passes on an untouched log" ctl audit verify
check "audit.head is the owner's only" test "$(mode "$D/audit.head")" = 600
check "audit tail 0 is a usage error" fails 2 audit tail 0
check "audit search --since of no date is a usage error" \
    fails 2 audit search --since yesterday
check "audit search --target of no kind:id is a usage error" \
    fails 2 audit search --target post:x
check "audit search --actor of no one fails" fails 1 audit search --actor nobody

# --- usage ------------------------------------------------------------------

check "an unknown command is a usage error" fails 2 frobnicate
check "an unknown option is a usage error" fails 2 user list --colour
check "a missing required option is a usage error" \
    fails 2 user add cara --region london
no_dir() {
	"$CTL" user list >/dev/null 2>"$tmp/err"
	[ $? -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]
}
check "without -d or STAFFROOM_STATE it is a usage error" no_dir
check "STAFFROOM_STATE names the directory" \
    env STAFFROOM_STATE="$D" "$CTL" user list

every_help() {
	for c in init "user add" "user list" "user disable" "user enable" \
	    "user set" "user passwd" "key add" "key list" "key remove" \
	    "invite create" "invite list" "invite revoke" "region list" \
	    "region load" "board add" "board list" "board archive" \
	    "trust add" "trust list" "trust member" backup "guard set" \
	    "guard list" "guard scan" "guard check" "audit tail" \
	    "audit search" "audit verify" "room lock" "room slow" \
	    "room announce" "room pin" "report list" "report close" unban \
	    mute suspend ban; do
		# shellcheck disable=SC2086
		"$CTL" $c --help | grep -q "^usage: staffroomctl \[-d DIR\] $c" ||
		    { echo "$c"; return 1; }
	done
}
check "every command has --help" every_help

echo "1..$n"
[ "$failed" -eq 0 ]
