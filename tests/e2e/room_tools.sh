#!/bin/sh
# room_tools.sh: a region's moderator pins an announcement in the region
# room (over the protocol, as the console does); a member sees it in the
# full-screen client's title line while in the room, and plain mode says it
# on joining the room. Taken down, it goes from the title line.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person amy "Amy Reed" north-east
e2e_person mo "Mo Khan" north-east
itest_ctl user set mo --role moderator >/dev/null || exit 1
itest_daemon_start --client "$STAFFROOM"

NEWS="Network meeting on Thursday"

pin() {
	e2e_subsystem mo "{\"id\":1,\"op\":\"room.$1\",\"room\":\"region:north-east\"$2}" |
		grep -q '"ok":true'
}

pinned_in_the_title() {
	pin pin ",\"body\":\"$NEWS\"" || return 1
	e2e_client a amy && e2e_wait a "2 North East" && e2e_keys a M-2 &&
		e2e_wait a "North East [region:north-east] | pinned: $NEWS" ||
		return 1
	# Taken down while amy reads the room: the room event redraws it.
	pin unpin "" && e2e_wait_gone a "pinned: $NEWS"
}
itest_check "a pinned announcement heads the room in the full-screen client" \
    pinned_in_the_title

pinned_said_on_joining() {
	pin pin ",\"body\":\"$NEWS\"" || return 1
	e2e_client p amy --plain && e2e_wait p "* connected to" &&
		e2e_say p "/join 2" && e2e_wait p "* now in [North East]" &&
		e2e_wait p "* pinned in [North East]: $NEWS"
}
itest_check "plain mode says the pinned announcement on joining the room" \
    pinned_said_on_joining

itest_done
