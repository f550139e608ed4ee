/*
 * chat.c: rooms and their messages — rooms.list, room.send, room.history,
 * room.read, sync — and the hello every session starts with. Every read and
 * write asks policy.c first; a room the person may not see is "forbidden"
 * whether or not it exists.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "op.h"

#define CHAT_COUNT_CAP		9999
/* "national", "region:<slug>", "trust:<n>" or "private". */
json_t *
chat_scope_json(const struct store_mod_scope *s)
{
	char	slug[65], ref[80];

	switch (s->scope) {
	case BOARD_NATIONAL:
		return (json_string("national"));
	case BOARD_REGION:
		if (store_region_slug(server.store, s->region_id, slug,
		    sizeof slug) != STORE_OK)
			return (json_string("region"));
		snprintf(ref, sizeof ref, "region:%s", slug);
		return (json_string(ref));
	case BOARD_TRUST:
		snprintf(ref, sizeof ref, "trust:%lld", (long long)s->trust_id);
		return (json_string(ref));
	case BOARD_PRIVATE:
	case BOARD_SERIES:	/* queued as private (op_post.c) */
		break;
	}
	return (json_string("private"));
}

/* The person as they see themselves; a moderator with the scopes they moderate. */
json_t *
chat_user_json(const struct store_user *u)
{
	json_t	*me, *mods;
	int	 i;

	me = json_pack("{s:s, s:s, s:s, s:s}", "handle", u->handle,
	    "name", u->name, "region", u->region, "role", role_name(u->role));
	if (u->mods.n > 0) {
		mods = json_array();
		for (i = 0; i < u->mods.n; i++)
			json_array_append_new(mods, chat_scope_json(&u->mods.v[i]));
		json_object_set_new(me, "moderates", mods);
	}
	return (me);
}

json_t *
chat_hello(const struct store_user *me)
{
	json_t	*hello;

	hello = json_pack("{s:s, s:i, s:s, s:s, s:o, s:{s:i, s:i, s:i}}",
	    "ev", "hello",
	    "proto", PROTO_VERSION,
	    "server", "staffroomd " STAFFROOM_VERSION,
	    "mode", me == NULL ? "join" : "user",
	    "me", me == NULL ? json_null() : chat_user_json(me),
	    "limits", "body", PROTO_MAX_BODY, "line", PROTO_MAX_LINE,
	    "page", PROTO_MAX_PAGE);
	if (server.cfg.motd != NULL)
		json_object_set_new(hello, "motd", json_string(server.cfg.motd));
	return (hello);
}

static bool
chat_room_is_implicit(enum room_kind kind)
{
	return (kind == ROOM_NATIONAL || kind == ROOM_REGION);
}

/*
 * Whether the person may read (or post in) the room, asking the store for
 * membership; room->visible_from becomes the first message id they may see.
 */
bool
chat_room_allowed(const struct store_user *u, struct store_room *room,
    enum policy_question q)
{
	bool	member = false;

	room->visible_from = 0;
	room->dm_blocked = false;
	room->series_role = SERIES_NONE;
	room->live = false;
	if (!chat_room_is_implicit(room->kind) &&
	    store_room_member(server.store, room->id, u->id, &member,
	    &room->visible_from) != STORE_OK)
		return (false);
	if (room->kind == ROOM_DM &&
	    store_dm_blocked(server.store, room->id, &room->dm_blocked) !=
	    STORE_OK)
		return (false);
	if (room->kind == ROOM_MEETING && member) {
		enum series_role	role;

		if (store_meeting_room(server.store, room->id, u->id, &role,
		    &room->live) != STORE_OK)
			return (false);
		room->series_role = role;
	}
	return (policy_allows_room(q, u, room, member));
}

struct chat_room_list {
	const struct store_user	*user;
	int64_t			*ids;
	int64_t			*floors;
	uint32_t		 n;
	json_t			*rooms;		/* rooms.list builds the full objects */
};

/* "pinned": {text, by, ts}. */
static void
chat_room_pin_json(const char *text, const char *by, int64_t ms, void *arg)
{
	json_t	*pin;

	pin = json_pack("{s:s, s:I}", "text", text, "ts", (json_int_t)ms);
	/* An operator's pin (staffroomctl room pin) is nobody's. */
	if (*by != '\0')
		json_object_set_new(pin, "by", json_string(by));
	json_object_set_new(arg, "pinned", pin);
}

/*
 * The room as the person sees it: a DM is named for the other person and
 * says who that is.
 */
json_t *
chat_room_brief(const struct store_user *u, const struct store_room *room)
{
	struct store_user	 other;
	int64_t			 other_id;
	const char		*name = room->name;
	json_t			*obj;

	obj = json_object();
	if (room->kind == ROOM_DM) {
		if (store_dm_partner(server.store, room->id, u->id, &other_id) ==
		    STORE_OK && store_user_by_id(server.store, other_id,
		    &other) == STORE_OK) {
			name = other.name;
			json_object_set_new(obj, "with", json_string(other.handle));
		} else
			log_warn("the partner of %s in %s is unknown", u->handle,
			    room->ref);
	}
	json_object_set_new(obj, "id", json_string(room->ref));
	json_object_set_new(obj, "name", json_string(name));
	json_object_set_new(obj, "kind",
	    json_string(proto_room_kind_name(room->kind)));
	if (room->locked)
		json_object_set_new(obj, "locked", json_true());
	if (room->slow_s > 0)
		json_object_set_new(obj, "slow", json_integer(room->slow_s));
	if (room->announce_only)
		json_object_set_new(obj, "announce_only", json_true());
	if (room->pinned && store_room_pin_get(server.store, room->id,
	    chat_room_pin_json, obj) != STORE_OK)
		log_warn("the pinned announcement of %s is unavailable", room->ref);
	return (obj);
}

static void
chat_room_counts(const struct store_user *u, const struct store_room *room,
    json_t *obj)
{
	struct store_unread	n;

	if (store_room_unread(server.store, u->id, room, CHAT_COUNT_CAP, &n) !=
	    STORE_OK)
		log_warn("counts for %s in %s failed", u->handle, room->ref);
	json_object_set_new(obj, "unread", json_integer(n.messages));
	json_object_set_new(obj, "mentions", json_integer(n.mentions));
	json_object_set_new(obj, "read_upto", json_integer(n.upto));
}

/* The room with the person's counts, as rooms.list and room replies give it. */
json_t *
chat_room_json(const struct store_user *u, const struct store_room *room)
{
	json_t	*obj = chat_room_brief(u, room);

	json_object_set_new(obj, "last_id", json_integer(room->last_msg_id));
	chat_room_counts(u, room, obj);
	return (obj);
}

static void
chat_room_list_cb(const struct store_room *room, void *arg)
{
	struct chat_room_list	*l = arg;

	/* store_rooms_for_user returns explicit memberships only for private kinds. */
	if (!policy_can_read_room(l->user, room,
	    !chat_room_is_implicit(room->kind)))
		return;
	if (l->rooms == NULL) {
		l->ids = xrealloc(l->ids, (l->n + 1) * sizeof *l->ids);
		l->floors = xrealloc(l->floors, (l->n + 1) * sizeof *l->floors);
		l->ids[l->n] = room->id;
		l->floors[l->n++] = room->visible_from;
		return;
	}
	json_array_append_new(l->rooms, chat_room_json(l->user, room));
}

int64_t *
chat_user_rooms(const struct store_user *u, uint32_t *n, int64_t **floors)
{
	struct chat_room_list	l = { .user = u };

	if (store_rooms_for_user(server.store, u, chat_room_list_cb, &l) !=
	    STORE_OK)
		log_warn("listing rooms of %s failed", u->handle);
	*n = l.n;
	*floors = l.floors;
	return (l.ids);
}

bool
chat_moderates_room(const struct store_user *u, int64_t room_id)
{
	struct store_mod_scope	scope;

	return (store_room_mod_scope(server.store, room_id, &scope) ==
	    STORE_OK && policy_can_moderate_room(u, &scope));
}

enum proto_error
chat_hidden_arg(struct op_ctx *ctx, const int64_t *rooms, size_t n,
    bool **with)
{
	struct store_mod_reach	 reach;
	json_t			*hidden;
	size_t			 i;

	*with = NULL;
	hidden = json_object_get(ctx->req, "hidden");
	if (hidden != NULL && !json_is_boolean(hidden))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"hidden\" must be true or false"));
	if (!json_is_true(hidden))
		return (PROTO_OK);
	if (!policy_mod_reach(ctx->me, &reach))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only moderators see hidden messages"));
	*with = xcalloc(n > 0 ? n : 1, sizeof **with);
	for (i = 0; i < n; i++)
		(*with)[i] = chat_moderates_room(ctx->me, rooms[i]);
	return (PROTO_OK);
}

/*
 * Reads the "room" field and finds the room, whoever asks: a malformed id is
 * bad_request, a room that does not exist forbidden (like one the person may
 * not use, so the answer never tells which).
 */
enum proto_error
chat_room_refuse(struct op_ctx *ctx, const char *ref)
{
	return (op_fail(ctx, PROTO_ERR_FORBIDDEN, "you are not a member of room %s",
	    ref));
}

enum proto_error
chat_room_lookup(struct op_ctx *ctx, struct store_room *room)
{
	struct room_ref		 ref;
	const char		*id;
	char			 canon[80];
	enum proto_error	 err;

	if ((err = proto_get_string(ctx->req, "room", true, &id)) != PROTO_OK)
		return (op_fail(ctx, err, "\"room\" must be a room id"));
	if (!proto_room_parse(id, &ref))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"%.*s\" is not a room id", proto_text_cut(id, 80), id));
	proto_room_format(&ref, canon, sizeof canon);
	if (store_room_by_ref(server.store, canon, room) != STORE_OK)
		return (chat_room_refuse(ctx, canon));
	return (PROTO_OK);
}

/* The "room" field, resolved to a room the person may read (or post in). */
enum proto_error
chat_room_arg(struct op_ctx *ctx, bool post, struct store_room *room)
{
	enum proto_error	err;

	if ((err = chat_room_lookup(ctx, room)) != PROTO_OK)
		return (err);
	if (!chat_room_allowed(ctx->me, room, post ?
	    POLICY_POST_ROOM : POLICY_READ_ROOM))
		return (chat_room_refuse(ctx, room->ref));
	return (PROTO_OK);
}

enum proto_error
chat_limit_arg(struct op_ctx *ctx, int64_t dflt, int64_t *limit)
{
	*limit = dflt;
	return (proto_get_int(ctx->req, "limit", false, 1, PROTO_MAX_PAGE,
	    limit));
}

/*
 * "edited" and "edited_ts" appear only on an edited message, and
 * "personal_data" only on one its author confirmed past the guard.
 */
json_t *
chat_msg_json(const struct store_msg *m)
{
	json_t	*obj;

	obj = json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)m->id,
	    "room", m->room, "from", m->from, "body", m->body,
	    "ts", (json_int_t)m->ts);
	if (m->edited_ms != 0) {
		json_object_set_new(obj, "edited", json_true());
		json_object_set_new(obj, "edited_ts", json_integer(m->edited_ms));
	}
	/* Only moderators are ever given a hidden one (room.history "hidden"). */
	if (m->hidden)
		json_object_set_new(obj, "hidden", json_true());
	if (m->personal_data)
		json_object_set_new(obj, "personal_data", json_true());
	return (obj);
}

static bool
chat_body_blank(const char *body)
{
	for (; *body != '\0'; body++) {
		if (!isspace((unsigned char)*body))
			return (false);
	}
	return (true);
}

enum proto_error
chat_body_arg(struct op_ctx *ctx, const char *key, const char **body)
{
	enum proto_error	err;

	err = proto_get_text(ctx->req, key, true, PROTO_MAX_BODY, body);
	if (err == PROTO_ERR_TOO_LONG)
		return (op_fail(ctx, err, "a message is at most %d characters",
		    PROTO_MAX_BODY));
	if (err == PROTO_ERR_BAD_TEXT)
		return (op_fail(ctx, err, "the message is not valid UTF-8 text"));
	if (err != PROTO_OK)
		return (op_fail(ctx, err, "\"%s\" must be a string", key));
	if (chat_body_blank(*body))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "the message is empty"));
	return (PROTO_OK);
}

json_t *
chat_rooms_json(const struct store_user *u)
{
	struct chat_room_list	l = { .user = u };

	l.rooms = json_array();
	if (store_rooms_for_user(server.store, u, chat_room_list_cb, &l) !=
	    STORE_OK) {
		json_decref(l.rooms);
		return (NULL);
	}
	return (l.rooms);
}
