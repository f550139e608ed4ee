/*
 * policy.c: who may read and post where. Every room operation asks here
 * first; anything not allowed below is refused (default deny). Admins and
 * moderators get nothing extra: moderation is its own, audited path.
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
	case ROOM_TRUST:
	case ROOM_BUDDY:
	case ROOM_DM:
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
