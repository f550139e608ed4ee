/*
 * op_profile.c: profile.get and profile.set — a person's own profile in
 * full, and other people's as far as they show it.
 */
#include "config.h"

#include <string.h>

#include "op.h"

static enum proto_error
people_profile_set(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
	struct store_profile	 p;
	const char		*name = NULL;
	enum proto_error	 err;

	if (store_profile_get(server.store, me->id, &p) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "your profile is unavailable"));
	if ((err = people_profile_apply(ctx, &p, &name)) != PROTO_OK)
		return (err);
	if (store_profile_set(server.store, &p) != STORE_OK ||
	    (name != NULL && store_user_update(server.store, me->id, name, 0,
	    -1) != STORE_OK))
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "your profile was not saved"));
	if (name != NULL) {
		snprintf(p.name, sizeof p.name, "%s", name);
		session_rename_user(me->id, p.name);
	}
	json_object_set_new(ctx->reply, "profile", people_profile_json(&p, true));
	return (PROTO_OK);
}

static enum proto_error
people_profile_get(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
	struct store_user	 who = *me;
	struct store_profile	 p;
	enum proto_error	 err;
	bool			 blocks = false;

	if (json_object_get(ctx->req, "handle") != NULL &&
	    (err = op_user_arg(ctx, "handle", &who)) != PROTO_OK)
		return (err);
	if (who.id != me->id && store_blocks(server.store, who.id, me->id,
	    &blocks) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "profiles are unavailable"));
	if (blocks)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "nobody has the handle %s",
		    who.handle));
	if (store_profile_get(server.store, who.id, &p) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "profiles are unavailable"));
	json_object_set_new(ctx->reply, "profile",
	    people_profile_json(&p, who.id == me->id));
	return (PROTO_OK);
}

static const struct op_entry profile_ops[] = {
	{ "profile.get",	people_profile_get,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "profile.set",	people_profile_set,
	    OP_GUARD_NAME | OP_GUARD_BIO | OP_GUARD_JOB_TITLE,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const profile_owns[] = { "profile", NULL };

const struct op_file op_profile_file = { profile_owns, profile_ops };
