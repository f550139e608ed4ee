/*
 * op_presence.c: presence.set and presence.get — a person's own status
 * (online or away, hidden or not), and that of people they may know of.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "op.h"

static enum proto_error
presence_set(struct op_ctx *ctx)
{
	struct presence_mark	*m;
	struct store_profile	 p;
	const char		*status = NULL;
	bool			 away, hidden;
	enum proto_error	 err;

	if (store_profile_get(server.store, ctx->me->id, &p) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "presence is unavailable"));
	away = p.presence_away;
	hidden = p.presence_hidden;
	if ((err = proto_get_string(ctx->req, "status", false, &status)) !=
	    PROTO_OK || (err = proto_get_bool(ctx->req, "hidden", &hidden)) !=
	    PROTO_OK)
		return (op_fail(ctx, err, "\"status\" is online or away, and "
		    "\"hidden\" true or false"));
	if (status != NULL) {
		if (strcmp(status, "online") != 0 && strcmp(status, "away") != 0)
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
			    "\"status\" is online or away"));
		away = strcmp(status, "away") == 0;
	}
	m = presence_before(p.user_id);
	if (store_presence_set(server.store, p.user_id, away, hidden) !=
	    STORE_OK) {
		free(m);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "presence was not saved"));
	}
	presence_after_set(m, away, hidden);
	p.presence_away = away;
	p.presence_hidden = hidden;
	json_object_set_new(ctx->reply, "presence", presence_json(&p));
	return (PROTO_OK);
}

/* Unknown and disabled people, and people across a block, are left out. */
static enum proto_error
presence_get(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
	struct store_profile	 p;
	struct store_user	 who;
	json_t			*handles, *value, *list;
	const char		*handle;
	size_t			 i, n;
	bool			 blocked;

	handles = json_object_get(ctx->req, "handles");
	n = json_array_size(handles);
	if (!json_is_array(handles) || n == 0 || n > PROTO_MAX_PRESENCE_ASK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"handles\" must be "
		    "a list of 1 to %d handles", PROTO_MAX_PRESENCE_ASK));
	json_array_foreach(handles, i, value) {
		handle = json_string_value(value);
		if (handle == NULL || !proto_handle_valid(handle))
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
			    "\"handles\" must hold handles"));
	}
	list = json_array();
	json_array_foreach(handles, i, value) {
		if (store_user_by_handle(server.store, json_string_value(value),
		    &who) != STORE_OK ||
		    store_blocked_between(server.store, me->id, who.id,
		    &blocked) != STORE_OK ||
		    store_profile_get(server.store, who.id, &p) != STORE_OK ||
		    !policy_can_see_presence(&p, blocked))
			continue;
		json_array_append_new(list, presence_json(&p));
	}
	json_object_set_new(ctx->reply, "presence", list);
	return (PROTO_OK);
}

static const struct op_entry presence_ops[] = {
	{ "presence.set",	presence_set,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NOTIFY },
	{ "presence.get",	presence_get,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const presence_owns[] = { "presence", NULL };

const struct op_file op_presence_file = { presence_owns, presence_ops };
