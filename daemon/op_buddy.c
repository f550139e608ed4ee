/*
 * op_buddy.c: the buddy.* ops — buddy chats of 2 to 12 people who accepted
 * an invitation, and the buddy requests and suggestions that lead to them.
 * Membership changes reach the hub at once: a person who joins is watching
 * the room before the reply leaves.
 */
#include "config.h"

#include <string.h>

#include "op.h"

#define PEOPLE_MAX_NOTE		500	/* characters in a buddy request */
#define PEOPLE_SUGGEST_PAGE	10
/* Experience that complements: new to the role, and long in it. */
#define PEOPLE_NEW_YEARS	2	/* under this */
#define PEOPLE_SEASONED_YEARS	5	/* this or more */
#define PEOPLE_SUGGEST_MAX	20

static enum proto_error
buddy_create(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
	struct store_user	 people[BUDDY_MAX_PEOPLE - 1];
	struct store_room	 room;
	const char		*name;
	json_t			*members, *value, *invited;
	enum proto_error	 err;
	size_t			 i, j, n;
	int64_t			 id, now = now_ms();

	if ((err = op_line_arg(ctx, "name", PROTO_MAX_NAME, &name)) != PROTO_OK)
		return (err);
	members = json_object_get(ctx->req, "members");
	n = json_array_size(members);
	if (!json_is_array(members) || n == 0 || n >= BUDDY_MAX_PEOPLE)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"members\" must be "
		    "a list of 1 to %d handles", BUDDY_MAX_PEOPLE - 1));
	json_array_foreach(members, i, value) {
		if ((err = op_handle_arg(ctx, value, &people[i])) != PROTO_OK)
			return (err);
		if (people[i].id == me->id)
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
			    "you are in your own buddy chat already"));
		for (j = 0; j < i; j++) {
			if (people[j].id == people[i].id)
				return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
				    "%s is named twice", people[i].handle));
		}
		if ((err = buddy_can_invite(ctx, &people[i])) != PROTO_OK)
			return (err);
	}
	if (store_private_room_add(server.store, ROOM_BUDDY, name, me->id, now,
	    &id) != STORE_OK ||
	    store_member_add(server.store, id, me->id, 0, now) != STORE_OK ||
	    store_room_by_id(server.store, id, &room) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the room was not made"));
	for (i = 0; i < n; i++) {
		if (store_room_invite_add(server.store, room.id, people[i].id,
		    me->id, now) != STORE_OK)
			return (op_fail(ctx, PROTO_ERR_INTERNAL,
			    "the invitations were not saved"));
	}
	invited = json_array();
	for (i = 0; i < n; i++) {
		buddy_tell_invited(&room, me, &people[i], now);
		json_array_append_new(invited, json_string(people[i].handle));
	}
	session_resubscribe_user(me->id);
	buddy_tell_room(me, &room);
	json_object_set_new(ctx->reply, "room", chat_room_json(me, &room));
	json_object_set_new(ctx->reply, "invited", invited);
	return (PROTO_OK);
}

static enum proto_error
buddy_invitations(struct op_ctx *ctx)
{
	json_t	*items;

	if ((items = buddy_invitations_json(ctx->me)) == NULL)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "invitations are unavailable"));
	json_object_set_new(ctx->reply, "invitations", items);
	return (PROTO_OK);
}

/* A new member sees what is posted from now on, and starts with nothing unread. */
static enum proto_error
buddy_accept(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
	struct store_room	 room = ctx->room;

	if (store_room_invite_remove(server.store, room.id, me->id) !=
	    STORE_OK ||
	    store_member_add(server.store, room.id, me->id, room.last_msg_id,
	    now_ms()) != STORE_OK ||
	    store_read_marker_set(server.store, me->id, room.id,
	    room.last_msg_id) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "you were not added"));
	room.visible_from = room.last_msg_id;
	session_resubscribe_user(me->id);
	buddy_tell_members(&room, me->handle, "joined");
	buddy_tell_room(me, &room);
	json_object_set_new(ctx->reply, "room", chat_room_json(me, &room));
	return (PROTO_OK);
}

static enum proto_error
buddy_decline(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
	const struct store_room	*room = &ctx->room;

	if (store_room_invite_remove(server.store, room->id, me->id) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the invitation stays"));
	buddy_tell_members(room, me->handle, "declined");
	buddy_tell_gone(me->id, room, "declined");
	return (PROTO_OK);
}

/*
 * Opted-in buddies, nearest first; someone new to the role is offered
 * people long in it, and the other way round.
 */
static enum proto_error
people_suggest(struct op_ctx *ctx)
{
	const struct store_user		*me = ctx->me;
	struct store_people_query	 query;
	struct store_profile		 mine;
	enum proto_error		 err;
	int64_t				 limit = PEOPLE_SUGGEST_PAGE;

	memset(&query, 0, sizeof query);
	if ((err = people_need_arg(ctx, &query.need, &query.need_exact)) !=
	    PROTO_OK || (err = people_phase_arg(ctx, &query.phases)) != PROTO_OK)
		return (err);
	if ((err = proto_get_int(ctx->req, "limit", false, 1, PEOPLE_SUGGEST_MAX,
	    &limit)) != PROTO_OK)
		return (op_fail(ctx, err, "\"limit\" is 1 to %d",
		    PEOPLE_SUGGEST_MAX));
	if (store_profile_get(server.store, me->id, &mine) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "your profile is unavailable"));
	query.asker_id = me->id;
	query.asker_region_id = me->region_id;
	query.buddies = true;
	query.min_years = query.max_years = -1;
	if (mine.years_in_role >= 0 && mine.years_in_role < PEOPLE_NEW_YEARS)
		query.min_years = PEOPLE_SEASONED_YEARS;
	else if (mine.years_in_role >= PEOPLE_SEASONED_YEARS)
		query.max_years = PEOPLE_NEW_YEARS - 1;
	query.limit = (int)limit;
	return (people_find(ctx, &query));
}

static enum proto_error
people_request(struct op_ctx *ctx)
{
	const struct store_user		*me = ctx->me;
	struct store_buddy_request	 r;
	const struct store_user		*who = &ctx->who;
	const char			*note = "";
	enum store_result		 res;
	enum proto_error		 err;

	if ((err = proto_get_text(ctx->req, "note", false, PEOPLE_MAX_NOTE,
	    &note)) != PROTO_OK)
		return (op_fail(ctx, err, "\"note\" is text of at most %d "
		    "characters", PEOPLE_MAX_NOTE));
	if (who->id == me->id)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "you cannot ask yourself"));
	if ((err = people_reach(ctx, who, "ask")) != PROTO_OK)
		return (err);
	r.from = me->handle;
	r.to = who->handle;
	r.note = note;
	r.ts = now_ms();
	res = store_buddy_request_add(server.store, me->id, who->id, note, r.ts);
	if (res == STORE_EXISTS)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "you have asked %s already", who->handle));
	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the request was not saved"));
	hub_publish_user_json(who->id, json_pack("{s:s, s:o}", "ev",
	    "buddy_request", "request", people_request_json(&r)));
	json_object_set_new(ctx->reply, "request", people_request_json(&r));
	return (PROTO_OK);
}

static enum proto_error
people_requests(struct op_ctx *ctx)
{
	json_t	*in, *out;

	if ((in = people_requests_json(ctx->me, true)) == NULL)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "requests are unavailable"));
	if ((out = people_requests_json(ctx->me, false)) == NULL) {
		json_decref(in);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "requests are unavailable"));
	}
	json_object_set_new(ctx->reply, "incoming", in);
	json_object_set_new(ctx->reply, "outgoing", out);
	return (PROTO_OK);
}

/*
 * The request from "from" to the person, taken out of the pending list (to
 * be accepted: only while the two may still reach each other; to anyone
 * "from" blocks, they are nobody either way).
 */
static enum proto_error
people_request_take(struct op_ctx *ctx, struct store_user *from, bool accept)
{
	enum store_result	res;
	enum proto_error	err;

	if ((err = op_user_arg(ctx, "from", from)) != PROTO_OK)
		return (err);
	if ((err = accept ? people_reach(ctx, from, "reach") :
	    people_known(ctx, from)) != PROTO_OK)
		return (err);
	res = store_buddy_request_remove(server.store, from->id,
	    ctx->me->id);
	if (res == STORE_NOT_FOUND)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
		    "%s has not asked you", from->handle));
	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the request stays"));
	return (PROTO_OK);
}

static enum proto_error
people_request_accept(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
	struct store_user	 from;
	struct store_room	 room;
	enum proto_error	 err;
	char			 name[PROTO_HANDLE_MAX * 2 + 8];

	if ((err = people_request_take(ctx, &from, true)) != PROTO_OK)
		return (err);
	snprintf(name, sizeof name, "%s & %s", from.handle, me->handle);
	if (buddy_room_of_two(&from, me, name, &room) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the buddy chat was not made"));
	json_object_set_new(ctx->reply, "room", chat_room_json(me, &room));
	return (PROTO_OK);
}

static enum proto_error
people_request_decline(struct op_ctx *ctx)
{
	struct store_user	from;

	return (people_request_take(ctx, &from, false));
}

static const struct op_entry buddy_ops[] = {
	{ "buddy.create",	buddy_create,	OP_GUARD_NAME,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NOTIFY },
	{ "buddy.invitations",	buddy_invitations,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "buddy.accept",	buddy_accept,	0,
	    OP_TARGET_INVITATION,	POLICY_NONE,	FLOOD_NONE },
	{ "buddy.decline",	buddy_decline,	0,
	    OP_TARGET_INVITATION,	POLICY_NONE,	FLOOD_NONE },
	{ "buddy.suggest",	people_suggest,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "buddy.request",	people_request,	OP_GUARD_NOTE,
	    OP_TARGET_PERSON,	POLICY_NONE,	FLOOD_NOTIFY },
	{ "buddy.requests",	people_requests,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "buddy.request.accept",	people_request_accept,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "buddy.request.decline",	people_request_decline,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const buddy_owns[] = { "buddy", NULL };

const struct op_file op_buddy_file = { buddy_owns, buddy_ops };
