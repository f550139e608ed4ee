#!/bin/sh
# email.sh: /email and /digest as a person types them, in plain mode and on
# the full screen: an address set, the code mailed to it (a fake sendmail
# keeps each message) typed back, a digest chosen, the address removed.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person asha "Asha Patel" north-east
e2e_person ben "Ben Okafor" north-east
# The daemon may run as another user (ITEST_RUN_AS): the fake lives in /tmp.
MAILS=$(mktemp -d /tmp/e2e-mail.XXXXXX)
mkdir "$MAILS/out" && chmod 755 "$MAILS" && chmod 777 "$MAILS/out"
cat >"$MAILS/sendmail" <<FAKE
#!/bin/sh
PATH=/usr/bin:/bin
n=\$(ls $MAILS/out | wc -l)
cat >$MAILS/out/.mail.\$n && mv $MAILS/out/.mail.\$n $MAILS/out/mail.\$n
FAKE
chmod 755 "$MAILS/sendmail"
itest_daemon_start --sendmail "$MAILS/sendmail"

# The code of mail number $1, once it came.
mail_code() {
	tries=$((E2E_TIMEOUT * 10))
	while [ ! -f "$MAILS/out/mail.$1" ] && [ "$tries" -gt 0 ]; do
		sleep 0.1
		tries=$((tries - 1))
	done
	sed -n 's/^ *\/email verify \([0-9]\{8\}\)$/\1/p' "$MAILS/out/mail.$1"
}

plain_email() {
	e2e_client p asha --plain && e2e_wait p "* connected to" || return 1
	e2e_say p "/email" && e2e_wait p "* you have no email address" &&
		e2e_say p "/digest daily" &&
		e2e_wait p "! not_found: you have no email address" &&
		e2e_say p "/email asha at school" && e2e_wait p "! bad_email:" &&
		e2e_say p "/email asha@school.org.uk" &&
		e2e_wait p "* a code went to asha@school.org.uk" || return 1
	code=$(mail_code 0)
	[ -n "$code" ] || { echo "no code in the mail"; return 1; }
	e2e_say p "/email verify 00000000x" && e2e_wait p "! wrong_code:" &&
		e2e_say p "/email verify $code" &&
		e2e_wait p "* your email address: asha@school.org.uk (verified); no digests:" &&
		e2e_say p "/digest weekly" &&
		e2e_wait p "(verified); a weekly digest of" &&
		e2e_say p "/email off" &&
		e2e_wait p "* your email address is removed"
}
itest_check "plain mode: /email sets an address, /email verify CODE proves it, /digest chooses, /email off removes" plain_email

full_screen_email() {
	e2e_client f ben && e2e_wait f "North East" || return 1
	e2e_say f "/email ben@school.org.uk" &&
		e2e_wait f "a code went to ben@school.org.uk" || return 1
	code=$(mail_code 1)
	[ -n "$code" ] || { echo "no code in the mail"; return 1; }
	e2e_say f "/email verify $code" && e2e_wait f "(verified)"
}
itest_check "full screen: the same commands, the answers on the status line" full_screen_email

rm -rf "$MAILS"
itest_done
