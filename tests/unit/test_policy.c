/*
 * test_policy.c: the permission decisions of daemon/policy.c (who may
 * read, write and moderate which rooms and boards), one behaviour per test.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "staffroomd.h"

#define LONDON		3
#define NORTH_EAST	4

static struct store_user
user_in(int64_t region_id, bool disabled)
{
	struct store_user	u;

	memset(&u, 0, sizeof u);
	u.id = 1;
	u.region_id = region_id;
	u.disabled = disabled;
	return (u);
}

static struct store_room
room_of(enum room_kind kind, int64_t region_id)
{
	struct store_room	r;

	memset(&r, 0, sizeof r);
	r.id = 9;
	r.kind = kind;
	r.region_id = region_id;
	/* A meeting room as its members find it while it runs. */
	r.series_role = SERIES_MEMBER;
	r.live = kind == ROOM_MEETING;
	return (r);
}

static const enum room_kind member_kinds[] = {
	ROOM_TRUST, ROOM_BUDDY, ROOM_DM, ROOM_MEETING,
};
#define NMEMBER_KINDS	(sizeof member_kinds / sizeof member_kinds[0])

static void
policy_national_room_is_open_to_every_enabled_user(void **state)
{
	struct store_user	u = user_in(LONDON, false);
	struct store_room	r = room_of(ROOM_NATIONAL, 0);

	assert_true(policy_can_read_room(&u, &r, false));
	assert_true(policy_can_post_room(&u, &r, false));
}

static void
policy_region_room_is_open_to_its_region(void **state)
{
	struct store_user	u = user_in(LONDON, false);
	struct store_room	r = room_of(ROOM_REGION, LONDON);

	assert_true(policy_can_read_room(&u, &r, false));
	assert_true(policy_can_post_room(&u, &r, false));
}

static void
policy_region_room_is_closed_to_other_regions(void **state)
{
	struct store_user	u = user_in(NORTH_EAST, false);
	struct store_room	r = room_of(ROOM_REGION, LONDON);

	assert_false(policy_can_read_room(&u, &r, false));
	assert_false(policy_can_post_room(&u, &r, false));
}

static void
policy_region_room_is_closed_even_to_an_explicit_member_elsewhere(void **state)
{
	struct store_user	u = user_in(NORTH_EAST, false);
	struct store_room	r = room_of(ROOM_REGION, LONDON);

	assert_false(policy_can_read_room(&u, &r, true));
}

static void
policy_member_rooms_are_open_to_explicit_members(void **state)
{
	struct store_user	u = user_in(LONDON, false);
	struct store_room	r;
	size_t			i;

	for (i = 0; i < NMEMBER_KINDS; i++) {
		r = room_of(member_kinds[i], 0);
		assert_true(policy_can_read_room(&u, &r, true));
		assert_true(policy_can_post_room(&u, &r, true));
	}
}

static void
policy_meeting_rooms_take_messages_from_members_while_live(void **state)
{
	struct store_user	u = user_in(LONDON, false);
	struct store_room	r = room_of(ROOM_MEETING, 0);

	(void)state;
	r.series_role = SERIES_OBSERVER;
	assert_true(policy_can_read_room(&u, &r, true));
	assert_false(policy_can_post_room(&u, &r, true));
	r.series_role = SERIES_CHAIR;
	r.live = false;
	assert_true(policy_can_read_room(&u, &r, true));
	assert_false(policy_can_post_room(&u, &r, true));
}

static void
policy_records_follow_the_series_role(void **state)
{
	struct store_user	u = user_in(LONDON, false);
	static const enum proto_record_kind all[] = { PROTO_RECORD_INFO,
	    PROTO_RECORD_AGREED, PROTO_RECORD_ACTION, PROTO_RECORD_PRESENT,
	    PROTO_RECORD_REGRETS };
	/* chair, minute taker, member, observer, outside: may they? */
	static const bool want[5][5] = {
		{ true, true, true, true, true },
		{ true, true, true, true, true },
		{ true, false, false, true, true },
		{ false, false, false, false, false },
		{ false, false, false, false, false },
	};
	static const enum series_role roles[] = { SERIES_CHAIR, SERIES_MINUTES,
	    SERIES_MEMBER, SERIES_OBSERVER, SERIES_NONE };
	size_t	i, k;

	(void)state;
	for (i = 0; i < 5; i++) {
		for (k = 0; k < 5; k++)
			assert_int_equal(policy_can_record(&u, roles[i], all[k]),
			    want[i][k]);
		assert_int_equal(policy_can_edit_record(&u, roles[i]), i < 2);
		assert_int_equal(policy_can_chair_series(&u, roles[i]), i == 0);
		assert_int_equal(policy_can_see_series(&u, roles[i]), i < 4);
	}
	/* An action closes by its owner or a chair, never from outside. */
	assert_true(policy_can_close_action(&u, SERIES_MEMBER, u.id));
	assert_false(policy_can_close_action(&u, SERIES_MEMBER, u.id + 1));
	assert_true(policy_can_close_action(&u, SERIES_CHAIR, u.id + 1));
	assert_false(policy_can_close_action(&u, SERIES_NONE, u.id));
	u.disabled = true;
	assert_false(policy_can_see_series(&u, SERIES_CHAIR));
}

static void
policy_member_rooms_are_closed_to_everyone_else(void **state)
{
	struct store_user	u = user_in(LONDON, false);
	struct store_room	r;
	size_t			i;

	for (i = 0; i < NMEMBER_KINDS; i++) {
		r = room_of(member_kinds[i], LONDON);
		assert_false(policy_can_read_room(&u, &r, false));
		assert_false(policy_can_post_room(&u, &r, false));
	}
}

static void
policy_admins_get_no_extra_room_access(void **state)
{
	struct store_user	u = user_in(LONDON, false);
	struct store_room	r = room_of(ROOM_BUDDY, 0);
	struct store_room	other = room_of(ROOM_REGION, NORTH_EAST);

	u.role = ROLE_ADMIN;
	assert_false(policy_can_read_room(&u, &r, false));
	assert_false(policy_can_read_room(&u, &other, false));
}

static void
policy_disabled_users_get_nothing(void **state)
{
	struct store_user	u = user_in(LONDON, true);
	struct store_room	national = room_of(ROOM_NATIONAL, 0);
	struct store_room	region = room_of(ROOM_REGION, LONDON);
	struct store_room	r;
	size_t			i;

	assert_false(policy_is_somebody(&u));
	assert_false(policy_can_read_room(&u, &national, false));
	assert_false(policy_can_post_room(&u, &national, false));
	assert_false(policy_can_read_room(&u, &region, false));
	for (i = 0; i < NMEMBER_KINDS; i++) {
		r = room_of(member_kinds[i], 0);
		assert_false(policy_can_read_room(&u, &r, true));
		assert_false(policy_can_post_room(&u, &r, true));
	}
}

static void
policy_unknown_room_kind_is_denied(void **state)
{
	struct store_user	u = user_in(LONDON, false);
	struct store_room	r = room_of((enum room_kind)99, LONDON);

	assert_false(policy_can_read_room(&u, &r, true));
}

static void
policy_a_block_closes_a_dm_to_its_members(void **state)
{
	struct store_user	u = user_in(LONDON, false);
	struct store_room	r = room_of(ROOM_DM, 0);

	r.dm_blocked = true;
	assert_false(policy_can_read_room(&u, &r, true));
	assert_false(policy_can_post_room(&u, &r, true));
}

static void
policy_contact_is_refused_across_a_block_to_oneself_and_to_disabled(void **state)
{
	struct store_user	a = user_in(LONDON, false), b = user_in(LONDON, false);
	struct store_user	gone = user_in(LONDON, true);

	b.id = 2;
	gone.id = 3;
	assert_true(policy_can_contact(&a, &b, false));
	assert_false(policy_can_contact(&a, &b, true));
	assert_false(policy_can_contact(&a, &a, false));
	assert_false(policy_can_contact(&a, &gone, false));
	assert_false(policy_can_contact(&gone, &a, false));
}

static void
policy_buddy_chats_are_managed_by_their_owner_or_an_admin(void **state)
{
	struct store_user	owner = user_in(LONDON, false), other = user_in(LONDON, false);
	struct store_user	admin = user_in(NORTH_EAST, false), mod = user_in(LONDON, false);
	struct store_room	r = room_of(ROOM_BUDDY, 0), dm = room_of(ROOM_DM, 0);

	other.id = 2;
	admin.id = 3;
	admin.role = ROLE_ADMIN;
	mod.id = 4;
	mod.role = ROLE_MODERATOR;
	r.owner_id = owner.id;
	assert_true(policy_can_manage_room(&owner, &r, true));
	assert_false(policy_can_manage_room(&owner, &r, false));
	assert_false(policy_can_manage_room(&other, &r, true));
	assert_false(policy_can_manage_room(&mod, &r, false));
	assert_true(policy_can_manage_room(&admin, &r, false));
	assert_false(policy_can_manage_room(&admin, &dm, false));
	/* Managing is not reading. */
	assert_false(policy_can_read_room(&admin, &r, false));
	assert_true(policy_can_leave_room(&other, &r, true));
	assert_false(policy_can_leave_room(&other, &r, false));
	assert_false(policy_can_leave_room(&owner, &dm, true));
}

static void
policy_mentions_need_a_reader_and_no_block_either_way(void **state)
{
	struct store_user	from = user_in(LONDON, false), to = user_in(LONDON, false);

	to.id = 2;
	assert_true(policy_can_mention_in_room(&from, &to, true, false));
	assert_false(policy_can_mention_in_room(&from, &to, false, false));
	assert_false(policy_can_mention_in_room(&from, &to, true, true));
	assert_false(policy_can_mention_in_room(&from, &from, true, false));
}

/*
 * Boards: a person as policy sees them, and boards of each scope. A
 * moderator moderates what the store gives one made without scopes: the
 * national scope and their region (store_migrations.c, migration 17).
 */
static struct store_viewer
viewer(int64_t id, int64_t region, int64_t trust, enum role role, bool member)
{
	struct store_viewer	v;

	memset(&v, 0, sizeof v);
	v.user_id = id;
	v.region_id = region;
	v.trust_id = trust;
	v.role = role;
	v.member = member;
	if (role == ROLE_MODERATOR) {
		v.mods.n = 2;
		v.mods.v[0].scope = BOARD_NATIONAL;
		v.mods.v[1].scope = BOARD_REGION;
		v.mods.v[1].region_id = region;
	}
	return (v);
}

static struct store_board
board_of(enum board_scope scope, int64_t region, int64_t trust)
{
	struct store_board	b;

	memset(&b, 0, sizeof b);
	b.id = 1;
	b.scope = scope;
	b.region_id = region;
	b.trust_id = trust;
	return (b);
}

#define OAK	7	/* a trust in London */
#define ELM	8

static void
policy_boards_are_read_by_their_scope_moderators_and_admins(void **state)
{
	struct store_board	national = board_of(BOARD_NATIONAL, 0, 0);
	struct store_board	london = board_of(BOARD_REGION, LONDON, 0);
	struct store_board	oak = board_of(BOARD_TRUST, LONDON, OAK);
	struct store_board	priv = board_of(BOARD_PRIVATE, 0, 0);
	struct store_board	series = board_of(BOARD_SERIES, 0, 0);
	struct store_viewer	asha = viewer(1, LONDON, OAK, ROLE_MEMBER, false);
	struct store_viewer	ben = viewer(2, LONDON, ELM, ROLE_MEMBER, false);
	struct store_viewer	cara = viewer(3, NORTH_EAST, 0, ROLE_MEMBER, true);
	struct store_viewer	lena = viewer(4, LONDON, 0, ROLE_MODERATOR, false);
	struct store_viewer	nia = viewer(5, NORTH_EAST, 0, ROLE_MODERATOR, false);
	struct store_viewer	ada = viewer(6, NORTH_EAST, 0, ROLE_ADMIN, false);
	struct store_viewer	gone = viewer(7, LONDON, OAK, ROLE_ADMIN, true);

	gone.disabled = true;
	assert_true(policy_can_read_board(&cara, &national));
	assert_true(policy_can_read_board(&asha, &london));
	assert_false(policy_can_read_board(&cara, &london));
	assert_true(policy_can_read_board(&asha, &oak));
	assert_false(policy_can_read_board(&ben, &oak));
	assert_true(policy_can_read_board(&cara, &priv));
	assert_false(policy_can_read_board(&asha, &priv));
	/* Moderators read what they moderate: their region and its trusts. */
	assert_true(policy_can_read_board(&lena, &oak));
	assert_true(policy_can_moderate_board(&lena, &london));
	assert_false(policy_can_read_board(&nia, &london));
	assert_false(policy_can_moderate_board(&nia, &oak));
	assert_true(policy_can_moderate_board(&nia, &national));
	assert_false(policy_can_read_board(&lena, &priv));
	assert_true(policy_can_read_board(&ada, &priv));
	assert_true(policy_can_moderate_board(&ada, &oak));
	assert_false(policy_can_moderate_board(&asha, &oak));
	/* A series' board: its people's alone; admins act on its reports only. */
	assert_true(policy_can_read_board(&cara, &series));
	assert_false(policy_can_read_board(&ada, &series));
	assert_false(policy_can_moderate_board(&ada, &series));
	assert_false(policy_can_read_board(&gone, &national));
	assert_false(policy_can_moderate_board(&gone, &national));
}

/*
 * An archived board and a locked thread take no new posts from anyone,
 * moderators included ("locked", not "no"); a reader may post otherwise,
 * and one who cannot read the board may not.
 */
static void
policy_an_archived_board_or_a_locked_thread_is_locked_for_everyone(void **state)
{
	struct store_board	london = board_of(BOARD_REGION, LONDON, 0);
	struct store_viewer	asha = viewer(1, LONDON, 0, ROLE_MEMBER, false);
	struct store_viewer	lena = viewer(4, LONDON, 0, ROLE_MODERATOR, false);
	struct store_viewer	cara = viewer(3, NORTH_EAST, 0, ROLE_MEMBER, false);
	struct store_thread	open, locked;

	memset(&open, 0, sizeof open);
	locked = open;
	locked.locked = true;
	assert_int_equal(policy_can_post_board(&asha, &london, NULL), POLICY_YES);
	assert_int_equal(policy_can_post_board(&asha, &london, &open), POLICY_YES);
	assert_int_equal(policy_can_post_board(&cara, &london, NULL), POLICY_NO);
	assert_int_equal(policy_can_post_board(&lena, &london, &locked),
	    POLICY_LOCKED);
	london.archived = true;
	assert_int_equal(policy_can_post_board(&asha, &london, NULL),
	    POLICY_LOCKED);
	assert_int_equal(policy_can_post_board(&lena, &london, &open),
	    POLICY_LOCKED);
}

static void
policy_posts_are_edited_by_their_author_and_hidden_by_moderators_too(void **state)
{
	struct store_board	london = board_of(BOARD_REGION, LONDON, 0);
	struct store_viewer	asha = viewer(1, LONDON, 0, ROLE_MEMBER, false);
	struct store_viewer	ben = viewer(2, LONDON, 0, ROLE_MEMBER, false);
	struct store_viewer	lena = viewer(4, LONDON, 0, ROLE_MODERATOR, false);
	struct store_viewer	cara = viewer(3, NORTH_EAST, 0, ROLE_MEMBER, false);

	assert_true(policy_can_edit_post(&asha, &london, asha.user_id));
	assert_false(policy_can_edit_post(&ben, &london, asha.user_id));
	assert_false(policy_can_edit_post(&lena, &london, asha.user_id));
	assert_true(policy_can_hide_post(&lena, &london, asha.user_id));
	assert_false(policy_can_hide_post(&ben, &london, asha.user_id));
	/* One who can no longer read the board can do nothing there. */
	cara.user_id = asha.user_id;
	assert_false(policy_can_edit_post(&cara, &london, asha.user_id));
	assert_int_equal(policy_can_post_board(&asha, &london, NULL), POLICY_YES);
	london.archived = true;
	assert_int_equal(policy_can_post_board(&asha, &london, NULL),
	    POLICY_LOCKED);
	assert_true(policy_can_read_board(&asha, &london));
	assert_true(policy_can_see_hidden(&lena, &london));
	assert_false(policy_can_see_hidden(&asha, &london));
}

static void
policy_guard_blocks_flagged_text_and_confirm_needs_the_authors_word(void **state)
{
	(void)state;
	assert_true(policy_guard(GUARD_RULE_BLOCK, 0, false));
	assert_false(policy_guard(GUARD_RULE_BLOCK, GUARD_UPN, false));
	assert_false(policy_guard(GUARD_RULE_BLOCK, GUARD_UPN, true));
	assert_true(policy_guard(GUARD_RULE_CONFIRM, 0, false));
	assert_false(policy_guard(GUARD_RULE_CONFIRM, GUARD_NHS, false));
	assert_true(policy_guard(GUARD_RULE_CONFIRM, GUARD_NHS, true));
	assert_true(policy_guard(GUARD_RULE_OFF, GUARD_KINDS_ALL, false));
}

static void
policy_board_mentions_need_a_reader_and_no_block_either_way(void **state)
{
	struct store_board	london = board_of(BOARD_REGION, LONDON, 0);
	struct store_viewer	ben = viewer(2, LONDON, 0, ROLE_MEMBER, false);
	struct store_viewer	cara = viewer(3, NORTH_EAST, 0, ROLE_MEMBER, false);

	assert_true(policy_can_mention(&ben, &london, 1, false));
	assert_false(policy_can_mention(&ben, &london, 1, true));
	assert_false(policy_can_mention(&cara, &london, 1, false));
	assert_false(policy_can_mention(&ben, &london, ben.user_id, false));
}

static void
policy_messages_are_edited_and_hidden_by_their_author_only(void **state)
{
	struct store_user	asha = user_in(LONDON, false), ben = user_in(LONDON, false);

	ben.id = 2;
	assert_true(policy_can_edit_msg(&asha, asha.id, true));
	assert_false(policy_can_edit_msg(&asha, asha.id, false));
	assert_false(policy_can_edit_msg(&ben, asha.id, true));
	assert_true(policy_can_hide_msg(&asha, asha.id, true));
	assert_false(policy_can_hide_msg(&ben, asha.id, true));
	asha.disabled = true;
	assert_false(policy_can_hide_msg(&asha, asha.id, true));
}

static void
policy_roles_are_the_admins_to_give_and_the_last_admin_stays(void **state)
{
	struct store_user	ada = user_in(LONDON, false), mo = user_in(LONDON,
				    false);

	(void)state;
	ada.role = ROLE_ADMIN;
	mo.role = ROLE_MODERATOR;
	assert_true(policy_can_give_roles(&ada));
	assert_false(policy_can_give_roles(&mo));
	ada.disabled = true;
	assert_false(policy_can_give_roles(&ada));
	ada.disabled = false;
	assert_int_equal(policy_role_change(&ada, ROLE_MEMBER, 1, false),
	    MOD_LAST_ADMIN);
	assert_int_equal(policy_role_change(&ada, ROLE_MODERATOR, 1, false),
	    MOD_LAST_ADMIN);
	assert_int_equal(policy_role_change(&ada, ROLE_MEMBER, 2, false),
	    MOD_CHANGED);
	assert_int_equal(policy_role_change(&ada, ROLE_ADMIN, 1, false),
	    MOD_SAME_ROLE);
	assert_int_equal(policy_role_change(&mo, ROLE_ADMIN, 1, false),
	    MOD_CHANGED);
	assert_int_equal(policy_role_change(&mo, ROLE_MEMBER, 1, false),
	    MOD_CHANGED);
	/* The operator may leave none. */
	assert_int_equal(policy_role_change(&ada, ROLE_MEMBER, 1, true),
	    MOD_CHANGED);
	/* A disabled admin is not one of the enabled ones counted. */
	ada.disabled = true;
	assert_int_equal(policy_role_change(&ada, ROLE_MEMBER, 1, false),
	    MOD_CHANGED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(policy_national_room_is_open_to_every_enabled_user),
		cmocka_unit_test(policy_roles_are_the_admins_to_give_and_the_last_admin_stays),
		cmocka_unit_test(policy_region_room_is_open_to_its_region),
		cmocka_unit_test(policy_region_room_is_closed_to_other_regions),
		cmocka_unit_test(policy_region_room_is_closed_even_to_an_explicit_member_elsewhere),
		cmocka_unit_test(policy_member_rooms_are_open_to_explicit_members),
		cmocka_unit_test(policy_member_rooms_are_closed_to_everyone_else),
		cmocka_unit_test(policy_meeting_rooms_take_messages_from_members_while_live),
		cmocka_unit_test(policy_records_follow_the_series_role),
		cmocka_unit_test(policy_admins_get_no_extra_room_access),
		cmocka_unit_test(policy_disabled_users_get_nothing),
		cmocka_unit_test(policy_unknown_room_kind_is_denied),
		cmocka_unit_test(policy_a_block_closes_a_dm_to_its_members),
		cmocka_unit_test(policy_contact_is_refused_across_a_block_to_oneself_and_to_disabled),
		cmocka_unit_test(policy_buddy_chats_are_managed_by_their_owner_or_an_admin),
		cmocka_unit_test(policy_mentions_need_a_reader_and_no_block_either_way),
		cmocka_unit_test(policy_boards_are_read_by_their_scope_moderators_and_admins),
		cmocka_unit_test(policy_an_archived_board_or_a_locked_thread_is_locked_for_everyone),
		cmocka_unit_test(policy_posts_are_edited_by_their_author_and_hidden_by_moderators_too),
		cmocka_unit_test(policy_board_mentions_need_a_reader_and_no_block_either_way),
		cmocka_unit_test(policy_messages_are_edited_and_hidden_by_their_author_only),
		cmocka_unit_test(policy_guard_blocks_flagged_text_and_confirm_needs_the_authors_word),

	};

	return (cmocka_run_group_tests_name("policy", tests, NULL, NULL) != 0);
}
