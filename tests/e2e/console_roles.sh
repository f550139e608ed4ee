#!/bin/sh
# console_roles.sh: roles and watched words from the console (issue 19), as
# a trust leader and a new regional lead would use them. The admin finds
# amy on the People tab and lets her moderate the North East; amy, who a
# moment before was told the console was not hers, opens it in the same
# session (told in words that she now moderates it), finds her region's
# room on the Rooms tab with who moderates it and its watched words, and
# watches a word. In --plain the admin makes
# ben a moderator with /scope and takes it back with /role; ben lists,
# watches and stops watching words meanwhile, and is refused after.
. "$(dirname "$0")/lib.sh"

e2e_setup
e2e_person amy "Amy Reed" north-east
e2e_person ben "Ben Okafor" north-east
e2e_person ada "Ada Shah" london
itest_ctl user set ada --role admin >/dev/null || exit 1
itest_daemon_start --client "$STAFFROOM"

admin_promotes_from_people() {
	e2e_client m amy && e2e_wait m "2 North East" || return 1
	e2e_keys m F5 && e2e_wait m "the console is for moderators and admins" &&
		e2e_keys m Escape || return 1
	e2e_client a ada && e2e_wait a "London" && e2e_keys a F5 &&
		e2e_wait a "Console:" && e2e_keys a 2 &&
		e2e_wait a "Online now in your regions:" || return 1
	e2e_keys a / && e2e_wait a "whose record? handle:" &&
		e2e_type a amy && e2e_keys a Enter &&
		e2e_wait a "amy (Amy Reed), North East, member" &&
		e2e_wait a "moderates nothing" || return 1
	e2e_keys a + && e2e_wait a "amy moderates also (national, region:SLUG" &&
		e2e_type a "region:north-east" && e2e_keys a Enter &&
		e2e_wait a "amy (Amy Reed), North East, moderator" &&
		e2e_wait a "moderates: region:north-east"
}
itest_check "an admin lets amy moderate the North East from the People tab" admin_promotes_from_people

new_moderator_keeps_words() {
	e2e_wait m "your role is now moderator: you moderate region:north-east" &&
		e2e_keys m F5 && e2e_wait m "Console:" && e2e_keys m 3 &&
		e2e_wait m "Rooms (the server says which" || return 1
	# The national room comes first: not hers; her region's is.
	e2e_wait m "only the moderators of national and admins" &&
		e2e_keys m Down &&
		e2e_wait m "region:north-east: its room and board" &&
		e2e_wait m "moderators: amy (region:north-east), and the admins" &&
		e2e_wait m "watched words (0): none" || return 1
	e2e_keys m w && e2e_wait m "watch in region:north-east the word or" &&
		e2e_type m "gammon" && e2e_keys m Enter &&
		e2e_wait m "what a message with it gets (block, hold or flag): hold" &&
		e2e_keys m Enter && e2e_wait m "watched words (1):" &&
		e2e_wait m '"gammon": hold, by amy'
}
itest_check "amy is told, opens the console in the same session, sees her region's words and watches one" new_moderator_keeps_words

plain_roles_and_words() {
	e2e_client pa ada --plain && e2e_wait pa "* connected to" &&
		e2e_client pb ben --plain && e2e_wait pb "* connected to" ||
		return 1
	e2e_say pb "/words region:north-east" &&
		e2e_wait pb "! forbidden: only the moderators of region:north-east" ||
		return 1
	e2e_say pa "/scope ben add region:north-east" &&
		e2e_wait pa "* ben is now a moderator" &&
		e2e_wait pa "*   moderates: region:north-east" &&
		e2e_wait pb "* your role is now moderator: you moderate region:north-east (F5 or" ||
		return 1
	e2e_say pb "/words region:north-east" &&
		e2e_wait pb '"gammon": hold, by amy' &&
		e2e_say pb "/watchword region:north-east flag snowflake" &&
		e2e_wait pb '* watching in region:north-east: #' &&
		e2e_say pb "/moderators region:north-east" &&
		e2e_wait pb "* moderators: amy (region:north-east), ben (region:north-east), and the admins" ||
		return 1
	id=$(e2e_screen pb | grep -o -E '#[0-9]+ "snowflake"' | tail -1 |
		cut -d' ' -f1 | tr -d '#')
	[ -n "$id" ] || { e2e_screen pb; return 1; }
	e2e_say pb "/unwatchword $id" &&
		e2e_wait pb "* word $id is no longer watched" || return 1
	e2e_say pa "/role ben member" && e2e_wait pa "* ben is now a member" &&
		e2e_wait pa "*   moderates nothing" &&
		e2e_wait pb "* your role is now member" &&
		e2e_say pb "/words region:north-east" &&
		e2e_wait pb "! forbidden: only the moderators of region:north-east" &&
		e2e_say pa "/role ada member" && e2e_wait pa "ada is the last admin"
}
itest_check "plain mode: /scope and /role; /words, /watchword, /unwatchword, /moderators" plain_roles_and_words

# A lead of many trusts: the scopes beyond the screen's half scroll into sight.
to_the_last_scope() {
	e2e_keys m r Down Down Down Down Down Down Down Down Down Down Down \
	    Down Down Down Down Down Down Down Down Down &&
		sleep 0.5 && e2e_has m "trust:$last: its room and board"
}

many_scopes_scroll() {
	i=0 last=
	while [ $i -lt 10 ]; do
		last=$(itest_ctl trust add "Lea MAT $i" --region london) &&
			itest_ctl mod add amy "trust:$last" >/dev/null || return 1
		i=$((i + 1))
	done
	# amy's session takes the scopes within a second; r lists them.
	e2e_has m "Rooms (the server says which" &&
		e2e_until m "trust:$last to be chosen" to_the_last_scope &&
		e2e_wait m "trust:$last: a scope you moderate"
}
itest_check "the Rooms tab lists the trusts amy moderates and scrolls to the last" many_scopes_scroll

itest_done
