#!/bin/sh
# console_invites.sh: invites from the console (issue 19), as a regional
# lead would make them. The moderator opens the Invites tab, makes two codes
# for her region (the prompt offers it), reads them once, and revokes one;
# the other brings a newcomer into the region with `staffroom --join`, and
# the list says who used it. In --plain the same through /invite, /invites
# and /revoke; another region's invites are refused.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person mo "Mo Khan" north-east
itest_ctl user set mo --role moderator >/dev/null || exit 1
itest_daemon_start --client "$STAFFROOM"

# The code shown on line N of the tab's "New codes" box (1: the first).
shown_code() {
	e2e_screen m | grep -o -E '[0-9A-Z]{4}(-[0-9A-Z]{4}){5}-[0-9A-Z]{2}' |
		sed -n "${1}p"
}

console_makes_and_revokes() {
	e2e_client m mo && e2e_wait m "2 North East" && e2e_keys m F5 &&
		e2e_wait m "Console:" && e2e_keys m 5 &&
		e2e_wait m "Invites of your regions, newest first:" &&
		e2e_wait m "none yet: n makes some" || return 1
	e2e_keys m n && e2e_wait m "new invites - region or school URN" &&
		e2e_wait m "days:N: north-east" &&
		e2e_type m " 2" && e2e_keys m Enter &&
		e2e_wait m "New codes, shown this once" &&
		e2e_wait m "2 new invite codes, shown this once above the list" ||
		return 1
	first=$(shown_code 1) second=$(shown_code 2)
	[ -n "$first" ] && [ -n "$second" ] && [ "$first" != "$second" ] ||
		{ echo "codes: '$first' '$second'"; e2e_screen m; return 1; }
	[ "$(e2e_count m 'North East member: open, until')" -ge 2 ] ||
		{ e2e_screen m; return 1; }
	# The newest is selected: revoke it after Enter.
	e2e_keys m x && e2e_wait m "Enter revokes it, Esc keeps it" &&
		e2e_keys m Enter && e2e_wait m "is revoked: its code no longer" &&
		e2e_wait m "North East member: revoked" || return 1
	echo "$first" >"$ITEST_TMP/kept" && echo "$second" >"$ITEST_TMP/gone"
}
itest_check "Invites: two codes made once on screen, one revoked" console_makes_and_revokes

# `staffroom --join CODE` in window WIN with a fresh home, the host key trusted.
join_start() {
	win=$1 code=$2
	mkdir -p "$ITEST_TMP/home/$win"
	e2e_run "$win" 80x24 "$ITEST_TMP/home/$win" "$STAFFROOM" --join "$code" \
	    -p "$ITEST_PORT" 127.0.0.1 &&
		e2e_wait "$win" "(yes/no)?" && e2e_say "$win" yes
}

the_codes_work_as_listed() {
	join_start gone "$(cat "$ITEST_TMP/gone")" &&
		e2e_wait gone "That invite has expired or was" || return 1
	join_start new "$(cat "$ITEST_TMP/kept")" &&
		e2e_wait new "Choose a handle" && e2e_say new dana &&
		e2e_wait new "Your full name" && e2e_say new "New Person" &&
		e2e_wait new "North East [region:north-east]" || return 1
	e2e_keys m r && e2e_wait m "used by dana"
}
itest_check "the kept code brings dana into the region; the revoked one is refused" the_codes_work_as_listed

plain_invites() {
	e2e_client p mo --plain && e2e_wait p "* connected to" || return 1
	e2e_say p "/invite london" &&
		e2e_wait p "! forbidden: moderators invite members to the regions" &&
		e2e_say p "/invite north-east days:3" &&
		e2e_wait p "* 1 new invite code, shown this once" || return 1
	id=$(e2e_screen p | grep -o -E '\(([0-9A-Z]{6}) North East member: open' |
		tail -1 | cut -c2-7)
	[ -n "$id" ] || { e2e_screen p; return 1; }
	e2e_say p "/invites" && e2e_wait p "* $id North East member: open" &&
		e2e_wait p "used by dana" &&
		e2e_say p "/revoke $id" && e2e_wait p "* invite $id is revoked"
}
itest_check "plain mode: /invite, /invites and /revoke; another region's refused" plain_invites

itest_done
