/*
 * policy.c: who may read and post where. Every room operation asks here
 * first; anything not allowed below is refused (default deny). Admins and
 * moderators read nothing extra: moderation is its own, audited path. The
 * one thing an admin may do beyond a member is manage who is in a buddy
 * chat, without reading it.
 */
#include "staffroomd.h"

bool
policy_can_read_room(const struct store_user *user,
    const struct store_room *room, bool explicit_member)
{
	if (user == NULL || room == NULL || user->disabled)
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

bool
policy_can_post_room(const struct store_user *user,
    const struct store_room *room, bool explicit_member)
{
	/* Until rooms can be read-only, whoever may read a room may post. */
	return (policy_can_read_room(user, room, explicit_member));
}

/*
 * Reaching another person at all: a DM, an invitation, a buddy request.
 * blocked: either of the two blocks the other.
 */
bool
policy_can_contact(const struct store_user *from, const struct store_user *to,
    bool blocked)
{
	if (from == NULL || to == NULL || from->disabled || to->disabled ||
	    blocked)
		return (false);
	return (from->id != to->id);
}

/*
 * Whether an @mention in a room tells the person named: only if they may
 * read the room, and not when they block the author.
 */
bool
policy_can_mention_in_room(const struct store_user *from,
    const struct store_user *to, bool to_can_read, bool to_blocks_from)
{
	if (from == NULL || to == NULL || to->disabled)
		return (false);
	return (from->id != to->id && to_can_read && !to_blocks_from);
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

/* Adding, removing and renaming in a buddy chat: its owner, or an admin. */
bool
policy_can_manage_room(const struct store_user *user,
    const struct store_room *room, bool member)
{
	if (user == NULL || room == NULL || user->disabled ||
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
	if (user == NULL || room == NULL || user->disabled)
		return (false);
	return (member && room->kind == ROOM_BUDDY);
}
