/*
 * policy.c: who may read and post where. Every room operation asks here
 * first; anything not allowed below is refused (default deny). Admins and
 * moderators read nothing extra: moderation is its own, audited path. The
 * one thing an admin may do beyond a member is manage who is in a buddy
 * chat, without reading it. (Moderators read the boards they moderate;
 * a meeting series' board is moderated through reports alone.)
 */
#include <string.h>

#include "staffroomd.h"

/*
 * A disabled account is nobody: it reads, posts and reaches nothing, and
 * nobody reaches it (its handle is not found, wherever it is asked for).
 */
bool
policy_is_somebody(const struct store_user *user)
{
	return (user != NULL && !user->disabled);
}

bool
policy_can_read_room(const struct store_user *user,
    const struct store_room *room, bool explicit_member)
{
	if (!policy_is_somebody(user) || room == NULL)
		return (false);
	switch (room->kind) {
	case ROOM_NATIONAL:
		return (true);
	case ROOM_REGION:
		return (room->region_id != 0 &&
		    user->region_id == room->region_id);
	case ROOM_DM:
		/* A block between the two closes their DM to both. */
		return (explicit_member && !room->dm_blocked);
	case ROOM_TRUST:
	case ROOM_BUDDY:
	case ROOM_MEETING:
		return (explicit_member);
	}
	return (false);
}

/*
 * A meeting room takes messages from its series' people, not its
 * observers, while the meeting runs; other rooms from whoever reads them.
 */
bool
policy_can_post_room(const struct store_user *user,
    const struct store_room *room, bool explicit_member)
{
	if (!policy_can_read_room(user, room, explicit_member))
		return (false);
	if (room->kind == ROOM_MEETING)
		return (room->live && room->series_role >= SERIES_MEMBER);
	return (true);
}

/*
 * Meeting series. Their owner and chairs run them: they invite and remove
 * people and trusts, set roles, schedule meetings, start and end them and
 * move the agenda; an admin may add a whole trust. Records: decisions and
 * actions from the chairs and the minute taker; notes and attendance from
 * any member; observers only read. Everyone outside sees nothing.
 */
bool
policy_can_see_series(const struct store_user *user, enum series_role role)
{
	return (policy_is_somebody(user) && role != SERIES_NONE);
}

bool
policy_can_chair_series(const struct store_user *user, enum series_role role)
{
	return (policy_is_somebody(user) && role == SERIES_CHAIR);
}

bool
policy_can_add_trust(const struct store_user *user, enum series_role role)
{
	return (policy_can_chair_series(user, role) ||
	    (policy_is_somebody(user) && user->role == ROLE_ADMIN));
}

bool
policy_can_record(const struct store_user *user, enum series_role role,
    enum proto_record_kind kind)
{
	if (!policy_is_somebody(user))
		return (false);
	switch (kind) {
	case PROTO_RECORD_AGREED:
	case PROTO_RECORD_ACTION:
		return (role >= SERIES_MINUTES);
	case PROTO_RECORD_INFO:
	case PROTO_RECORD_PRESENT:
	case PROTO_RECORD_REGRETS:
		return (role >= SERIES_MEMBER);
	case PROTO_RECORD_NONE:
	case PROTO_RECORD_VOTE:		/* the server's, when a vote closes */
		break;
	}
	return (false);
}

/* The speaker queue and votes: everyone in the series but its observers. */
bool
policy_can_take_floor(const struct store_user *user, enum series_role role)
{
	return (policy_is_somebody(user) && role >= SERIES_MEMBER);
}

/* Editing and striking records: the chairs and the minute taker. */
bool
policy_can_edit_record(const struct store_user *user, enum series_role role)
{
	return (policy_is_somebody(user) && role >= SERIES_MINUTES);
}

/* Closing an action: its owner, while in the series, or a chair. */
bool
policy_can_close_action(const struct store_user *user, enum series_role role,
    int64_t owner_id)
{
	if (!policy_can_see_series(user, role))
		return (false);
	return (role == SERIES_CHAIR || user->id == owner_id);
}

bool
policy_allows_room(enum policy_question q, const struct store_user *user,
    const struct store_room *room, bool member)
{
	switch (q) {
	case POLICY_READ_ROOM:
		return (policy_can_read_room(user, room, member));
	case POLICY_POST_ROOM:
		return (policy_can_post_room(user, room, member));
	case POLICY_MANAGE_ROOM:
		return (policy_can_manage_room(user, room, member));
	case POLICY_LEAVE_ROOM:
		return (policy_can_leave_room(user, room, member));
	case POLICY_READ_BOARD:
	case POLICY_MODERATE_BOARD:
	case POLICY_EDIT_MSG:
	case POLICY_CHAIR_SERIES:
	case POLICY_NONE:
		break;
	}
	return (false);
}

bool
policy_allows_series(enum policy_question q, const struct store_user *user,
    enum series_role role)
{
	if (q == POLICY_CHAIR_SERIES)
		return (policy_can_chair_series(user, role));
	return (false);
}

bool
policy_allows_msg(enum policy_question q, const struct store_user *user,
    int64_t author_id, bool can_post)
{
	if (q == POLICY_EDIT_MSG)
		return (policy_can_edit_msg(user, author_id, can_post));
	return (false);
}

/*
 * Reaching another person at all: a DM, an invitation, a buddy request.
 * blocked: either of the two blocks the other.
 */
bool
policy_can_contact(const struct store_user *from, const struct store_user *to,
    bool blocked)
{
	if (!policy_is_somebody(from) || !policy_is_somebody(to) || blocked)
		return (false);
	return (from->id != to->id);
}

/*
 * Whether an @mention in a room tells the person named: only if they may
 * read the room, and not while either blocks the other (a mention is
 * contact, as a DM is: the one who blocks reaches the other no more than
 * the other reaches them).
 */
bool
policy_can_mention_in_room(const struct store_user *from,
    const struct store_user *to, bool to_can_read, bool blocked)
{
	if (from == NULL || !policy_is_somebody(to))
		return (false);
	return (from->id != to->id && to_can_read && !blocked);
}

/*
 * Whether watcher may know of subject's presence at all: never across a
 * block. (A presence its owner hides shows as "hidden": presence.c.)
 */
bool
policy_can_see_presence(const struct store_profile *subject, bool blocked)
{
	return (subject != NULL && !subject->disabled && !blocked);
}

/*
 * In a room's member list, everyone who may read the room is listed to
 * everyone else who may (their messages name them anyway), with their
 * presence as presence.get gives it: never across a block.
 */
bool
policy_can_see_member_presence(const struct store_member *m)
{
	return (m != NULL && !m->blocked);
}

/*
 * A person's email address: its owner alone, whoever else asks (admins
 * and moderators included). Nothing shows it to others: not profiles, the
 * directory, search or an export.
 */
bool
policy_can_see_email(const struct store_user *viewer, int64_t owner_id)
{
	return (policy_is_somebody(viewer) && viewer->id == owner_id);
}

/* Adding, removing and renaming in a buddy chat: its owner, or an admin. */
bool
policy_can_manage_room(const struct store_user *user,
    const struct store_room *room, bool member)
{
	if (!policy_is_somebody(user) || room == NULL ||
	    room->kind != ROOM_BUDDY)
		return (false);
	if (user->role == ROLE_ADMIN)
		return (true);
	return (member && room->owner_id == user->id);
}

/* Only buddy chats can be left; region, national and DM rooms cannot. */
bool
policy_can_leave_room(const struct store_user *user,
    const struct store_room *room, bool member)
{
	if (!policy_is_somebody(user) || room == NULL)
		return (false);
	return (member && room->kind == ROOM_BUDDY);
}

/*
 * Editing a message: its author, while they may still post in the room;
 * hiding it: its author, while they may still read it. (Moderators hide
 * through their own, audited path.)
 */
bool
policy_can_edit_msg(const struct store_user *user, int64_t author_id,
    bool can_post)
{
	return (policy_is_somebody(user) && user->id == author_id && can_post);
}

bool
policy_can_hide_msg(const struct store_user *user, int64_t author_id,
    bool can_read)
{
	return (policy_is_somebody(user) && user->id == author_id && can_read);
}

/*
 * Whether one scope a person moderates covers an item's scope: national
 * the national scope; a region its region and the trusts in it; a trust
 * itself.
 */
static bool
policy_scope_covers(const struct store_mod_scope *mine,
    enum board_scope scope, int64_t region_id, int64_t trust_id)
{
	switch (mine->scope) {
	case BOARD_NATIONAL:
		return (scope == BOARD_NATIONAL);
	case BOARD_REGION:
		return ((scope == BOARD_REGION || scope == BOARD_TRUST) &&
		    region_id != 0 && region_id == mine->region_id);
	case BOARD_TRUST:
		return (scope == BOARD_TRUST && trust_id != 0 &&
		    trust_id == mine->trust_id);
	case BOARD_PRIVATE:
	case BOARD_SERIES:
		break;
	}
	return (false);
}

/*
 * Who moderates a scope: admins every scope; anyone else the scopes of
 * their rows in the moderators table. The private scope (private boards,
 * and the reported messages of buddy chats and DMs) is the admins' alone.
 * A series' board is nobody's to read from outside the series, admins'
 * included: its reported posts reach the admins' queue as private
 * entries, and they act on those alone.
 */
static bool
policy_moderates(enum role role, bool disabled,
    const struct store_mod_scopes *mods, enum board_scope scope,
    int64_t region_id, int64_t trust_id)
{
	int	i;

	if (disabled || scope == BOARD_SERIES)
		return (false);
	if (role == ROLE_ADMIN)
		return (true);
	for (i = 0; i < mods->n; i++) {
		if (policy_scope_covers(&mods->v[i], scope, region_id, trust_id))
			return (true);
	}
	return (false);
}

/*
 * Boards follow the scopes: private boards are for their named members and
 * admins. Whoever moderates a board may read it.
 */
bool
policy_can_moderate_board(const struct store_viewer *v,
    const struct store_board *board)
{
	if (v == NULL || board == NULL)
		return (false);
	return (policy_moderates(v->role, v->disabled, &v->mods,
	    board->scope, board->region_id, board->trust_id));
}

/* A report's queue entry, resolving it, and sanctions from it. */
bool
policy_can_moderate_scope(const struct store_user *user,
    const struct store_mod_scope *scope)
{
	if (!policy_is_somebody(user) || scope == NULL)
		return (false);
	return (policy_moderates(user->role, user->disabled, &user->mods,
	    scope->scope, scope->region_id, scope->trust_id));
}

/*
 * Hiding and showing chat messages as a moderator (msg.delete of another's
 * message, msg.restore): rooms of a scope they moderate, never buddy chats
 * or DMs, which no moderator reads (their reports are resolved from the
 * queue, where an admin sees only the reported message).
 */
bool
policy_can_moderate_room(const struct store_user *user,
    const struct store_mod_scope *scope)
{
	return (scope != NULL && scope->scope != BOARD_PRIVATE &&
	    policy_can_moderate_scope(user, scope));
}

/*
 * Keeping a scope's watched words: its moderators and admins; only
 * national, region and trust scopes have them.
 */
bool
policy_can_keep_words(const struct store_user *user,
    const struct store_mod_scope *scope)
{
	return (scope != NULL && (scope->scope == BOARD_NATIONAL ||
	    scope->scope == BOARD_REGION || scope->scope == BOARD_TRUST) &&
	    policy_can_moderate_scope(user, scope));
}

/* Whether scopes to moderate mean anything for the person: admins have all. */
bool
policy_takes_mod_scopes(const struct store_user *user)
{
	return (user->role != ROLE_ADMIN);
}

/* Roles and moderator scopes are the admins' to give, as staffroomctl's. */
bool
policy_can_give_roles(const struct store_user *actor)
{
	return (policy_is_somebody(actor) && actor->role == ROLE_ADMIN);
}

/*
 * Giving someone a role: the one they have is no change, and from the
 * console the last enabled admin (admins counts the enabled ones) never
 * gives the role up, so that someone can still give roles there. The
 * operator may leave none: staffroomctl gives the role back.
 */
enum mod_change
policy_role_change(const struct store_user *target, enum role role,
    int64_t admins, bool operator)
{
	if (target->role == role)
		return (MOD_SAME_ROLE);
	if (!operator && target->role == ROLE_ADMIN && !target->disabled &&
	    admins <= 1)
		return (MOD_LAST_ADMIN);
	return (MOD_CHANGED);
}

/* Who moderates a scope is for its moderators and admins, as its words are. */
bool
policy_can_list_moderators(const struct store_user *user,
    const struct store_mod_scope *scope)
{
	return (policy_can_keep_words(user, scope));
}

/* Which open entries a person's queue holds; false: no queue at all. */
bool
policy_mod_reach(const struct store_user *user, struct store_mod_reach *reach)
{
	const struct store_mod_scope	*m;
	int				 i;

	memset(reach, 0, sizeof *reach);
	if (!policy_is_somebody(user))
		return (false);
	if (user->role == ROLE_ADMIN) {
		reach->all = true;
		return (true);
	}
	for (i = 0; i < user->mods.n; i++) {
		m = &user->mods.v[i];
		if (m->scope == BOARD_NATIONAL)
			reach->national = true;
		else if (m->scope == BOARD_REGION)
			reach->regions[reach->nregions++] = m->region_id;
		else if (m->scope == BOARD_TRUST)
			reach->trusts[reach->ntrusts++] = m->trust_id;
	}
	return (user->mods.n > 0);
}

/*
 * A person in the moderators' console (their sanctions and sessions, who
 * is online) and ending their sessions: admins anyone; a moderator the
 * people of a region they moderate (a person's scope is their region's).
 * Acting on them never on oneself, and on an admin only by an admin.
 */
bool
policy_can_oversee_person(const struct store_user *actor,
    const struct store_user *target, bool act)
{
	struct store_mod_scope	scope = { BOARD_REGION, 0, 0 };

	if (target == NULL)
		return (false);
	scope.region_id = target->region_id;
	if (!policy_can_moderate_scope(actor, &scope))
		return (false);
	if (!act)
		return (true);
	return (actor->id != target->id && (target->role != ROLE_ADMIN ||
	    actor->role == ROLE_ADMIN));
}

/*
 * Invite codes: admins for any region and role; a moderator for a region
 * they moderate, and only for members (more is an admin's to give).
 */
bool
policy_can_invite(const struct store_user *actor, int64_t region_id,
    enum role role)
{
	struct store_mod_scope	scope = { BOARD_REGION, 0, 0 };

	if (!policy_is_somebody(actor))
		return (false);
	if (actor->role == ROLE_ADMIN)
		return (true);
	scope.region_id = region_id;
	return (role == ROLE_MEMBER && policy_can_moderate_scope(actor, &scope));
}

/* The audit log is the admins' to read, as it is the operators'. */
bool
policy_can_read_audit(const struct store_user *actor)
{
	return (policy_is_somebody(actor) && actor->role == ROLE_ADMIN);
}

/* Where people connect from is for admins: moderators see sessions without it. */
bool
policy_can_see_address(const struct store_user *actor)
{
	return (policy_is_somebody(actor) && actor->role == ROLE_ADMIN);
}

/*
 * Sanctioning the author of an entry's item: its scope's moderators, never
 * themselves, and an admin only by an admin.
 */
bool
policy_can_sanction(const struct store_user *actor,
    const struct store_user *target, const struct store_mod_scope *scope)
{
	if (!policy_can_moderate_scope(actor, scope) || target == NULL ||
	    actor->id == target->id)
		return (false);
	return (target->role != ROLE_ADMIN || actor->role == ROLE_ADMIN);
}

/*
 * A locked room takes no messages or edits from anyone, its moderators
 * included (they unlock first), as a locked thread takes no posts.
 */
bool
policy_room_writable(const struct store_room *room)
{
	return (!room->locked);
}

/*
 * Slow mode holds for everyone in the room but the moderators of its
 * scope, who must be able to answer and steer at any pace.
 */
bool
policy_slow_mode_holds(const struct store_user *user,
    const struct store_room *room, const struct store_mod_scope *scope)
{
	return (room->slow_s > 0 && !policy_can_moderate_room(user, scope));
}

/* An announcement-only room takes new messages from its scope's moderators alone. */
bool
policy_can_post_announcements(const struct store_user *user,
    const struct store_room *room, const struct store_mod_scope *scope)
{
	return (!room->announce_only || policy_can_moderate_room(user, scope));
}

/* A mute, suspension or ban holds from its making until its end or lifting. */
bool
policy_sanction_in_force(const struct store_sanction *s, int64_t now)
{
	if (s == NULL || s->kind == SANCTION_WARN || s->lifted_ms != 0 ||
	    now < s->created_ms)
		return (false);
	return (s->until_ms == 0 || now < s->until_ms);
}

/* A mute in force, everywhere or in one room. */
bool
policy_mute_in_force(const struct store_sanction *s, int64_t now)
{
	return (s->kind == SANCTION_MUTE && policy_sanction_in_force(s, now));
}

/* A mute holds everywhere, or in its one room (room_id 0: not a room). */
bool
policy_mute_applies(const struct store_sanction *s, int64_t room_id,
    int64_t now)
{
	return (policy_mute_in_force(s, now) &&
	    (s->room_id == 0 || s->room_id == room_id));
}

/* A suspension or a ban ends every session at its start. */
bool
policy_bars_login(const struct store_sanction *s, int64_t now)
{
	return ((s->kind == SANCTION_SUSPEND || s->kind == SANCTION_BAN) &&
	    policy_sanction_in_force(s, now));
}

bool
policy_can_read_board(const struct store_viewer *v,
    const struct store_board *board)
{
	if (v == NULL || board == NULL || v->disabled)
		return (false);
	if (policy_can_moderate_board(v, board))
		return (true);
	switch (board->scope) {
	case BOARD_NATIONAL:
		return (true);
	case BOARD_REGION:
		return (board->region_id != 0 && v->region_id == board->region_id);
	case BOARD_TRUST:
		return (board->trust_id != 0 && v->trust_id == board->trust_id);
	case BOARD_PRIVATE:
	case BOARD_SERIES:
		return (v->member);
	}
	return (false);
}

/*
 * New threads (thread NULL) and replies: readers of the board, while the
 * board is not archived and the thread not locked. Those two hold for
 * everyone, moderators too (they unlock first): "locked", not "no".
 */
enum policy_answer
policy_can_post_board(const struct store_viewer *v,
    const struct store_board *board, const struct store_thread *thread)
{
	if (board->archived || (thread != NULL && thread->locked))
		return (POLICY_LOCKED);
	/* A series' observers read its board and post nothing. */
	if (board->scope == BOARD_SERIES && v->observer)
		return (POLICY_NO);
	return (policy_can_read_board(v, board) ? POLICY_YES : POLICY_NO);
}

bool
policy_allows_board(enum policy_question q, const struct store_viewer *v,
    const struct store_board *board)
{
	switch (q) {
	case POLICY_READ_BOARD:
		return (policy_can_read_board(v, board));
	case POLICY_MODERATE_BOARD:
		return (policy_can_moderate_board(v, board));
	case POLICY_READ_ROOM:
	case POLICY_POST_ROOM:
	case POLICY_MANAGE_ROOM:
	case POLICY_LEAVE_ROOM:
	case POLICY_EDIT_MSG:
	case POLICY_CHAIR_SERIES:
	case POLICY_NONE:
		break;
	}
	return (false);
}

/* Only the author edits, and only while they can still read the board. */
bool
policy_can_edit_post(const struct store_viewer *v,
    const struct store_board *board, int64_t author_id)
{
	return (policy_can_read_board(v, board) && v->user_id == author_id);
}

/* The author hides their own post; the board's moderators hide any. */
bool
policy_can_hide_post(const struct store_viewer *v,
    const struct store_board *board, int64_t author_id)
{
	return (policy_can_edit_post(v, board, author_id) ||
	    policy_can_moderate_board(v, board));
}

/*
 * Seeing hidden posts, showing them again, pinning, locking and moving
 * threads (from and to): the board's moderators.
 */
bool
policy_can_see_hidden(const struct store_viewer *v,
    const struct store_board *board)
{
	return (policy_can_moderate_board(v, board));
}

/*
 * Whether an @mention of target in a post by author on this board tells
 * target: only if they can read the board and neither blocks the other,
 * and never for oneself.
 */
bool
policy_can_mention(const struct store_viewer *target,
    const struct store_board *board, int64_t author_id, bool blocked)
{
	return (target->user_id != author_id && !blocked &&
	    policy_can_read_board(target, board));
}

/*
 * The pupil-data guard's decision: clean text always passes; flagged text
 * passes under off, and under confirm once the author has confirmed it.
 */
bool
policy_guard(enum guard_rule rule, unsigned kinds, bool confirmed)
{
	switch (rule) {
	case GUARD_RULE_OFF:
		return (true);
	case GUARD_RULE_CONFIRM:
		return (kinds == 0 || confirmed);
	case GUARD_RULE_BLOCK:
	case GUARD_RULE_COUNT:
		break;
	}
	return (kinds == 0);
}
