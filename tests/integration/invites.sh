#!/bin/sh
# invites.sh: staffroomctl invite create --csv, invites in bulk: one code
# a row (by region or by a school's URN from the register), a ready-to-send
# text each, handed to a fake sendmail that records what it is given; a
# code sent works and a school's code puts the school in the joiner's
# profile (so do invite create --school and user add --school); a bad row,
# an unknown URN or no sendmail makes nothing.
. "$(dirname "$0")/lib.sh"

command -v ssh >/dev/null 2>&1 || { echo "1..0 # SKIP no ssh client"; exit 0; }

itest_setup
MAIL=$ITEST_TMP/mail
BIN=$ITEST_TMP/bin
# staffroomctl runs as the state's owner: it writes in texts/, the fake in mail/.
mkdir -p "$MAIL" "$BIN" "$ITEST_TMP/texts" && chmod 0777 "$MAIL" "$ITEST_TMP/texts" &&
	chmod 0755 "$BIN" ||
	{ echo "Bail out! cannot make the fake sendmail's directories"; exit 99; }
# The fake records its arguments and each message in a file of its own.
cat >"$BIN/sendmail" <<EOF
#!/bin/sh
n=\$(ls "$MAIL" | wc -l)
{ echo "ARGS: \$*"; cat; } >"$MAIL/\$n.txt"
EOF
chmod 0755 "$BIN/sendmail"

# file NAME LINES...: a file the state's owner can read.
file() {
	f=$ITEST_TMP/$1
	shift
	printf '%s\n' "$@" >"$f" && chmod 0644 "$f"
}

file schools.csv 'URN,EstablishmentName,EstablishmentStatus (name),GOR (name)' \
	'123456,Brook Primary School,Open,North East'
itest_ctl import gias "$ITEST_TMP/schools.csv" >/dev/null ||
	{ echo "Bail out! cannot import the school"; exit 99; }
file senco.csv 'email,name,place' 'ada@brook.sch.uk,Ada Lovelace,123456' \
	"o'brien@example.org,Siobhan O'Brien,london"
FP=$(ssh-keygen -lf "$ITEST_STATE/ssh_host_ed25519_key.pub" | cut -d' ' -f2)

bulk_and_sendmail() {
	PATH=$BIN:$PATH itest_ctl invite create --csv "$ITEST_TMP/senco.csv" \
		--host staffroom.example.org:2222 --sendmail --out "$ITEST_TMP/texts" \
		>"$ITEST_TMP/codes" 2>"$ITEST_TMP/err" || { cat "$ITEST_TMP/err"; return 1; }
	[ "$(wc -l <"$ITEST_TMP/codes")" -eq 2 ] || { cat "$ITEST_TMP/codes"; return 1; }
	grep -q "^ada@brook.sch.uk	[A-Z0-9]*	" "$ITEST_TMP/codes" &&
	grep -qF '2 of 2 invitations handed to' "$ITEST_TMP/err" &&
	[ "$(ls "$MAIL" | wc -l)" -eq 2 ] ||
		{ cat "$ITEST_TMP/codes" "$ITEST_TMP/err"; ls "$MAIL"; return 1; }
	code=$(grep '^ada@' "$ITEST_TMP/codes" | cut -f3)
	m=$(grep -l '^To: ada@brook.sch.uk$' "$MAIL"/*.txt) || return 1
	for want in 'ARGS: -oi -t' 'Dear Ada Lovelace,' 'It places you in the region of Brook Primary School (URN 123456).' \
		"    staffroom --join $code staffroom.example.org:2222" \
		'    ssh -t -p 2222 join@staffroom.example.org' "    $FP (ED25519)" \
		'This invitation works once, until '; do
		grep -qF -- "$want" "$m" || { echo "no line: $want"; cat "$m"; return 1; }
	done
	# The same text is kept for the operator.
	tail -n +2 "$m" | cmp -s - "$ITEST_TMP/texts/ada@brook.sch.uk.txt" ||
		{ echo "the kept text differs from the one sent"; return 1; }
	[ "$(itest_ctl invite list | grep -c ' open$')" -eq 2 ]
}
itest_check "a CSV gives one invite a row and a text each, handed to sendmail -oi -t" \
	bulk_and_sendmail

school_region() {
	# The URN's school is in the North East: so is Ada's invite.
	id=$(grep '^ada@' "$ITEST_TMP/codes" | cut -f2)
	itest_ctl invite list | grep -q "^$id  *north-east " || { itest_ctl invite list; return 1; }
	itest_ctl audit tail 1 | grep -q 'invite create.*2 invites'
}
itest_check "a school's URN places the invite in the school's region; one audit row" school_region

one_by_school() {
	itest_ctl invite create --school 123456 >"$ITEST_TMP/school-code" \
		2>"$ITEST_TMP/err" || { cat "$ITEST_TMP/err"; return 1; }
	grep -q 'school 123456' "$ITEST_TMP/err" &&
	itest_ctl invite list | grep -q "^$(cut -d' ' -f2 "$ITEST_TMP/err" | tr -d :)  *north-east  *123456 " ||
		{ cat "$ITEST_TMP/err"; itest_ctl invite list; return 1; }
	before=$(itest_ctl invite list | wc -l)
	itest_ctl invite create --school 999999 >/dev/null 2>"$ITEST_TMP/err" && return 1
	grep -qF 'no school with URN 999999 in the register' "$ITEST_TMP/err" &&
	[ "$(itest_ctl invite list | wc -l)" -eq "$before" ]
}
itest_check "invite create --school: the school's region; an unknown URN makes nothing" \
	one_by_school

user_add_school() {
	itest_ctl user add bea --name 'Bea Brook' --region north-east \
		--school 123456 || return 1
	for urn in 999999 12345x; do
		itest_ctl user add cal --name 'Cal Other' --region london \
			--school "$urn" 2>"$ITEST_TMP/err" && return 1
		[ "$(wc -l <"$ITEST_TMP/err")" -eq 1 ] || { cat "$ITEST_TMP/err"; return 1; }
	done
	grep -qF 'a school URN is 6 digits' "$ITEST_TMP/err" &&
	! itest_ctl user list | grep -q '^cal '
}
itest_check "user add --school takes a school of the register; an unknown one adds nobody" \
	user_add_school

itest_daemon_start

# join CODE HANDLE NAME: joins with the code and a new key $ITEST_TMP/HANDLE;
# the replies in $ITEST_TMP/join.
join() {
	itest_keygen "$2"
	printf '#!/bin/sh\necho anything\n' >"$ITEST_TMP/askpass" &&
	chmod 0700 "$ITEST_TMP/askpass" || return 1
	# The join login takes any password.
	printf '{"id":1,"op":"account.register","code":"%s","handle":"%s","name":"%s","pubkey":"%s"}\n' \
		"$1" "$2" "$3" "$(cat "$ITEST_TMP/$2.pub")" |
		SSH_ASKPASS=$ITEST_TMP/askpass SSH_ASKPASS_REQUIRE=force DISPLAY=none \
		timeout "$ITEST_TIMEOUT" ssh -F /dev/null -p "$ITEST_PORT" \
		-o PubkeyAuthentication=no -o PreferredAuthentications=password \
		-o IdentityAgent=none -o StrictHostKeyChecking=no \
		-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
		-s join@127.0.0.1 staffroom >"$ITEST_TMP/join" 2>&1
}

# has_school HANDLE: signed in with its key, HANDLE's own profile shows
# Brook Primary School by URN and name.
has_school() {
	printf '{"id":1,"op":"profile.get"}\n' |
		itest_ssh "$ITEST_TMP/$1" -s "$1@127.0.0.1" staffroom >"$ITEST_TMP/profile"
	grep -q '"school":{[^}]*"urn":"123456"' "$ITEST_TMP/profile" &&
	grep -q '"school":{[^}]*"name":"Brook Primary School"' "$ITEST_TMP/profile" ||
		{ cat "$ITEST_TMP/profile"; return 1; }
}

code_works() {
	join "$(grep '^ada@' "$ITEST_TMP/codes" | cut -f3)" ada 'Ada Lovelace' &&
	grep -q '"region":"north-east"' "$ITEST_TMP/join" || { cat "$ITEST_TMP/join"; return 1; }
	has_school ada
}
itest_check "a code sent works, in the school's region and with the school in the profile" \
	code_works

school_code_works() {
	join "$(cat "$ITEST_TMP/school-code")" dot 'Dot Brook' &&
	has_school dot
}
itest_check "joining with an invite create --school code puts the school in the profile" \
	school_code_works

user_add_profile() {
	itest_keygen bea && itest_ctl key add bea "$ITEST_TMP/bea.pub" >/dev/null &&
	has_school bea
}
itest_check "user add --school puts the school and its name in the profile" user_add_profile

# user set --school: a person's school changed by the operator, checked
# against the register as user add's is.
user_set_school() {
	itest_ctl user set dot --school 999999 2>"$ITEST_TMP/err" && return 1
	grep -qF '999999' "$ITEST_TMP/err" || { cat "$ITEST_TMP/err"; return 1; }
	itest_ctl user add eve --name 'Eve Other' --region london &&
		itest_ctl user set eve --school 123456 &&
		itest_keygen eve && itest_ctl key add eve "$ITEST_TMP/eve.pub" >/dev/null &&
		has_school eve
}
itest_check "user set --school puts a school of the register in the profile; an unknown one changes nothing" \
	user_set_school
itest_daemon_stop

bad_row_makes_nothing() {
	file bad.csv 'email,name,place' 'ok@example.org,Ok Person,london' \
		'not-an-address,Bad Person,london'
	before=$(itest_ctl invite list | wc -l)
	PATH=$BIN:$PATH itest_ctl invite create --csv "$ITEST_TMP/bad.csv" \
		--host h.example.org --sendmail >/dev/null 2>"$ITEST_TMP/err" && return 1
	grep -qF 'bad.csv:3: "not-an-address" is not an email address to send to' \
		"$ITEST_TMP/err" || { cat "$ITEST_TMP/err"; return 1; }
	[ "$(itest_ctl invite list | wc -l)" -eq "$before" ] &&
	[ "$(ls "$MAIL" | wc -l)" -eq 2 ]
}
itest_check "a bad address makes no invite and sends nothing" bad_row_makes_nothing

unknown_urn() {
	file urn.csv 'x@example.org,X Person,999999'
	itest_ctl invite create --csv "$ITEST_TMP/urn.csv" --host h >/dev/null \
		2>"$ITEST_TMP/err" && return 1
	grep -qF 'urn.csv:1: no school with URN 999999' "$ITEST_TMP/err"
}
itest_check "a URN not in the register is refused, naming the line" unknown_urn

no_sendmail() {
	before=$(itest_ctl invite list | wc -l)
	PATH=/nonexistent "$STAFFROOMCTL" -d "$ITEST_STATE" invite create \
		--csv "$ITEST_TMP/senco.csv" --host h --sendmail >/dev/null 2>"$ITEST_TMP/err" &&
		return 1
	# Debian's own sendmail would be found; then this check says nothing.
	[ -x /usr/sbin/sendmail ] && return 0
	grep -qF 'no sendmail on this machine: nothing made' "$ITEST_TMP/err" &&
	[ "$(itest_ctl invite list | wc -l)" -eq "$before" ]
}
itest_check "without sendmail, --sendmail makes nothing and says so" no_sendmail

itest_done
