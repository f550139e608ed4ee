/*
 * op_session.c: the ops without a namespace that are about the session as
 * a whole: ping, and the summary of what waits for the person.
 */
#include "config.h"

#include <string.h>

#include "op.h"
#include "meeting.h"

#define SUMMARY_MEETINGS	10
#define SUMMARY_ACTIONS		20

static enum proto_error
chat_ping(struct op_ctx *ctx)
{
	return (PROTO_OK);
}

static bool
people_room_is(const json_t *room, const char *kind)
{
	return (strcmp(json_string_value(json_object_get(room, "kind")),
	    kind) == 0);
}

/* What happened while the person was away, each item with where it leads. */
static enum proto_error
people_summary(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
	json_t			*rooms, *room, *dms, *mention_rooms, *others;
	json_t			*invitations, *requests, *meetings, *actions;
	json_int_t		 mentions = 0;
	size_t			 i;

	if ((rooms = chat_rooms_json(me)) == NULL)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "rooms are unavailable"));
	if ((invitations = buddy_invitations_json(me)) == NULL) {
		json_decref(rooms);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "invitations are unavailable"));
	}
	if ((requests = people_requests_json(me, true)) == NULL) {
		json_decref(rooms);
		json_decref(invitations);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "requests are unavailable"));
	}
	dms = json_array();
	mention_rooms = json_array();
	others = json_array();
	json_array_foreach(rooms, i, room) {
		mentions += json_integer_value(json_object_get(room, "mentions"));
		if (json_integer_value(json_object_get(room, "mentions")) > 0)
			json_array_append(mention_rooms, room);
		if (json_integer_value(json_object_get(room, "unread")) == 0)
			continue;
		json_array_append(people_room_is(room, "dm") ? dms : others, room);
	}
	json_decref(rooms);
	json_object_set_new(ctx->reply, "dms", dms);
	json_object_set_new(ctx->reply, "mentions", json_integer(mentions));
	json_object_set_new(ctx->reply, "mention_rooms", mention_rooms);
	json_object_set_new(ctx->reply, "invitations", invitations);
	json_object_set_new(ctx->reply, "requests", requests);
	json_object_set_new(ctx->reply, "rooms", others);
	/* Meetings ahead and the person's open actions (meeting.h). */
	if ((meetings = meeting_ahead_json(me, SUMMARY_MEETINGS)) != NULL)
		json_object_set_new(ctx->reply, "meetings", meetings);
	if ((actions = meeting_actions_json(me, SUMMARY_ACTIONS)) != NULL)
		json_object_set_new(ctx->reply, "actions", actions);
	return (PROTO_OK);
}

static const struct op_entry session_ops[] = {
	{ "ping",	chat_ping,	OP_IN_JOIN | OP_READS,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "summary",	people_summary,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const session_owns[] = { "ping", "summary", NULL };

const struct op_file op_session_file = { session_owns, session_ops };
