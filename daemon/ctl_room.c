/*
 * ctl_room.c: staffroomctl room: the moderators' room tools for operators
 * to script (lock, slow mode, announcement-only, the pinned announcement),
 * the same settings room.lock, room.slow, room.announce and room.pin make.
 * The daemon reads a room's settings for every message, so a change holds
 * for the next one; open clients see it when they next list their rooms.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl.h"
#include "guard.h"

/*
 * The room named (national, region:SLUG, trust:ID): one that moderators
 * look after. Buddy chats, DMs and meetings are their people's.
 */
static bool
ctl_room(struct ctl *ctl, const char *ref, struct store_room *room)
{
	struct store_mod_scope	scope;
	enum store_result	res;

	if ((res = store_room_by_ref(ctl->st, ref, room)) != STORE_OK) {
		ctl_store_fail(ctl, res, ref);
		return (false);
	}
	if ((res = store_room_mod_scope(ctl->st, room->id, &scope)) !=
	    STORE_OK) {
		ctl_store_fail(ctl, res, ref);
		return (false);
	}
	if (scope.scope == BOARD_PRIVATE) {
		ctl_fail(ctl, "%s is a private room: no moderator's tool reaches "
		    "it; give national, region:SLUG or trust:ID", ref);
		return (false);
	}
	ctl_audit_target(ctl, "room", room->id);
	return (true);
}

static int
ctl_room_done(struct ctl *ctl, enum store_result res, const char *ref)
{
	if (res != STORE_OK)
		return (ctl_store_fail(ctl, res, ref));
	return (CTL_EXIT_OK);
}

int
ctl_room_lock(struct ctl *ctl, struct ctl_args *args)
{
	struct store_room	room;

	if (!ctl_room(ctl, args->argv[0], &room))
		return (CTL_EXIT_FAIL);
	return (ctl_room_done(ctl, store_room_set_locked(ctl->st, room.id,
	    !ctl_flag(ctl, args, "off")), room.ref));
}

int
ctl_room_slow(struct ctl *ctl, struct ctl_args *args)
{
	struct store_room	 room;
	char			*end;
	long			 seconds;

	seconds = strtol(args->argv[1], &end, 10);
	if (*args->argv[1] == '\0' || *end != '\0' || seconds < 0 ||
	    seconds > PROTO_SLOW_MAX_S)
		return (ctl_usage_fail(ctl, "SECONDS is 0 (off) to %d",
		    PROTO_SLOW_MAX_S));
	if (!ctl_room(ctl, args->argv[0], &room))
		return (CTL_EXIT_FAIL);
	return (ctl_room_done(ctl, store_room_set_slow(ctl->st, room.id,
	    (int)seconds), room.ref));
}

int
ctl_room_announce(struct ctl *ctl, struct ctl_args *args)
{
	struct store_room	room;

	if (!ctl_room(ctl, args->argv[0], &room))
		return (CTL_EXIT_FAIL);
	return (ctl_room_done(ctl, store_room_set_announce_only(ctl->st,
	    room.id, !ctl_flag(ctl, args, "off")), room.ref));
}

/*
 * TEXT pins an announcement, as room.pin checks it: text people read, at
 * most PROTO_MAX_PIN characters, and nothing the pupil-data guard flags;
 * --off takes it down. Pinned by the operator (no person).
 */
int
ctl_room_pin(struct ctl *ctl, struct ctl_args *args)
{
	struct store_room	 room;
	const char		*text = args->argc > 1 ? args->argv[1] : NULL;
	size_t			 chars;
	char			 kinds[128];
	unsigned		 found;

	if ((text == NULL) == !ctl_flag(ctl, args, "off"))
		return (ctl_usage_fail(ctl, "give the announcement's TEXT, or "
		    "--off to take it down"));
	if (text != NULL && (proto_text_check(text, strlen(text), &chars) !=
	    PROTO_OK || chars < 1 || chars > PROTO_MAX_PIN))
		return (ctl_fail(ctl, "an announcement is 1-%d characters of "
		    "text", PROTO_MAX_PIN));
	if (text != NULL && (found = guard_scan(text, strlen(text),
	    (time_t)(now_ms() / 1000))) != 0) {
		guard_kinds_format(found, true, kinds, sizeof kinds);
		return (ctl_fail(ctl, "this looks like it contains %s: not "
		    "pinned", kinds));
	}
	if (!ctl_room(ctl, args->argv[0], &room))
		return (CTL_EXIT_FAIL);
	return (ctl_room_done(ctl, store_room_pin_set(ctl->st, room.id, text, 0,
	    now_ms()), room.ref));
}
