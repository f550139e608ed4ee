#!/bin/sh
# invites.sh: staffroomctl invite create --csv, invites in bulk: one code
# a row (by region or by a school's URN from the register), a ready-to-send
# text each, handed to a fake sendmail that records what it is given; a
# code sent works; a bad row or no sendmail makes nothing.
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

itest_daemon_start

code_works() {
	code=$(grep '^ada@' "$ITEST_TMP/codes" | cut -f3)
	itest_keygen ada
	printf '#!/bin/sh\necho anything\n' >"$ITEST_TMP/askpass" &&
	chmod 0700 "$ITEST_TMP/askpass" || return 1
	# The join login takes any password.
	printf '{"id":1,"op":"account.register","code":"%s","handle":"ada","name":"Ada Lovelace","pubkey":"%s"}\n' \
		"$code" "$(cat "$ITEST_TMP/ada.pub")" |
		SSH_ASKPASS=$ITEST_TMP/askpass SSH_ASKPASS_REQUIRE=force DISPLAY=none \
		timeout "$ITEST_TIMEOUT" ssh -F /dev/null -p "$ITEST_PORT" \
		-o PubkeyAuthentication=no -o PreferredAuthentications=password \
		-o IdentityAgent=none -o StrictHostKeyChecking=no \
		-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
		-s join@127.0.0.1 staffroom >"$ITEST_TMP/join" 2>&1
	grep -q '"region":"north-east"' "$ITEST_TMP/join" || { cat "$ITEST_TMP/join"; return 1; }
}
itest_check "a code sent works, in the school's region" code_works
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
