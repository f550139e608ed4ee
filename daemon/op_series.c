/*
 * op_series.c: the series.* ops — meeting series, their people (named, or
 * whole trusts that follow their later members), invitations and roles.
 * Everyone outside a series gets not_found for it, as for one that does not
 * exist; whoever's membership changes follows the series' live meeting
 * rooms at once.
 */
#include "config.h"

#include <string.h>

#include "meeting.h"

#define SERIES_LIST_MAX		200

static enum proto_error
series_create(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
	struct series_view	 sv;
	const char		*name;
	enum proto_error	 err;
	int64_t			 id, trust_id = 0, now = now_ms();
	bool			 with_trust = false;

	if ((err = op_line_arg(ctx, "name", PROTO_MAX_NAME, &name)) !=
	    PROTO_OK)
		return (err);
	if (proto_get_bool(ctx->req, "trust", &with_trust) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"trust\" must be true or false"));
	if (with_trust) {
		if (store_user_trust(server.store, me->id, &trust_id) !=
		    STORE_OK || trust_id == 0)
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
			    "you are in no trust to bring"));
	}
	if ((err = op_guard(ctx, GUARD_SCOPE_MEETING, name)) != PROTO_OK)
		return (err);
	if (store_series_add(server.store, name, me->id, now, &id) != STORE_OK ||
	    (trust_id != 0 && store_series_trust_set(server.store, id, trust_id,
	    true, 0, me->id, now) != STORE_OK) ||
	    series_find(ctx, id, &sv) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the series was not made"));
	if (trust_id != 0)
		series_tell(id, NULL, true);
	json_object_set_new(ctx->reply, "series", series_json(&sv, true));
	return (PROTO_OK);
}

struct series_list {
	struct store_user	 me;
	json_t			*series;
	json_t			*invitations;
};

static void
series_list_add(const struct store_series *s, enum series_role role,
    bool invited, void *arg)
{
	struct series_list	*l = arg;
	struct series_view	 sv = { *s, role };

	if (invited)
		json_array_append_new(l->invitations, json_pack("{s:I, s:s}",
		    "id", (json_int_t)s->id, "name", s->name));
	if (policy_can_see_series(&l->me, sv.role) &&
	    json_array_size(l->series) < SERIES_LIST_MAX)
		json_array_append_new(l->series, series_json(&sv, false));
}

static enum proto_error
series_list(struct op_ctx *ctx)
{
	struct series_list	l = { *ctx->me, json_array(), json_array() };

	if (store_series_of(server.store, ctx->me->id, series_list_add,
	    &l) != STORE_OK) {
		json_decref(l.series);
		json_decref(l.invitations);
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "series are unavailable"));
	}
	json_object_set_new(ctx->reply, "series", l.series);
	json_object_set_new(ctx->reply, "invitations", l.invitations);
	return (PROTO_OK);
}

static enum proto_error
series_get(struct op_ctx *ctx)
{
	json_object_set_new(ctx->reply, "series",
	    series_json(&ctx->meeting.series, true));
	return (PROTO_OK);
}

/* The optional "role" field: member when absent. */
static enum proto_error
series_role_arg(struct op_ctx *ctx, enum series_role *out, const char *key)
{
	const char	*name = NULL;

	*out = SERIES_MEMBER;
	if (proto_get_string(ctx->req, key, false, &name) != PROTO_OK ||
	    (name != NULL && !series_role_parse(name, out)))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"%s\" must be "
		    "chair, minutes, member or observer", key));
	return (PROTO_OK);
}

static void
series_tell_invited(const struct series_view *sv, const struct store_user *who,
    const char *from, const char *trust)
{
	json_t	*ev;

	ev = json_pack("{s:s, s:{s:I, s:s}, s:s}", "ev", "series_invitation",
	    "series", "id", (json_int_t)sv->s.id, "name", sv->s.name,
	    "from", from);
	if (trust != NULL)
		json_object_set_new(ev, "for_trust", json_string(trust));
	hub_publish_user_json(who->id, ev);
}

/*
 * Invites a person by name, with a role; or, with "for_trust", a person to
 * accept for their whole trust. Someone in the series already has their
 * role changed instead (series.role).
 */
static enum proto_error
series_invite(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
	struct series_view	*sv = &ctx->meeting.series;
	struct store_user	 who;
	struct store_profile	 prof;
	enum series_role	 role, now_role;
	enum proto_error	 err;
	bool			 for_trust = false, accepted;
	int64_t			 trust_id = 0;

	if ((err = op_user_arg(ctx, "handle", &who)) != PROTO_OK ||
	    (err = series_role_arg(ctx, &role, "role")) != PROTO_OK)
		return (err);
	if (proto_get_bool(ctx->req, "for_trust", &for_trust) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"for_trust\" must be true or false"));
	if (!people_can_contact(me, &who))
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
		    "nobody has the handle %s", who.handle));
	if (for_trust && (store_user_trust(server.store, who.id, &trust_id) !=
	    STORE_OK || trust_id == 0))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "%s is in no trust", who.handle));
	if (!for_trust && store_series_person(server.store, sv->s.id, who.id,
	    &now_role, &accepted) == STORE_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, accepted ?
		    "%s is in the series already (series.role changes a role)" :
		    "%s is invited already", who.handle));
	if ((for_trust ? store_series_trust_set(server.store, sv->s.id, trust_id,
	    false, who.id, me->id, now_ms()) :
	    store_series_person_set(server.store, sv->s.id, who.id, role, false,
	    me->id, now_ms())) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the invitation was not saved"));
	memset(&prof, 0, sizeof prof);
	if (for_trust && store_profile_get(server.store, who.id, &prof) !=
	    STORE_OK)
		log_warn("the trust of %s is unknown", who.handle);
	series_tell_invited(sv, &who, me->handle, for_trust ? prof.trust : NULL);
	json_object_set_new(ctx->reply, "invited", json_string(who.handle));
	return (PROTO_OK);
}

/* Accepts what the person was invited to: for themselves, for their trust, or both. */
static enum proto_error
series_accept(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
	struct series_view	 sv;
	struct store_series	 s;
	enum series_role	 role;
	bool			 accepted = true;
	int64_t			 id, trusts = 0;

	if (proto_get_int(ctx->req, "series", true, 1, INT64_MAX, &id) !=
	    PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"series\" must be a series number"));
	if (store_series_get(server.store, id, &s) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
		    "you have no invitation to series %lld", (long long)id));
	if (store_series_person(server.store, id, me->id, &role, &accepted) ==
	    STORE_OK && !accepted &&
	    store_series_person_set(server.store, id, me->id, role, true, 0,
	    now_ms()) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "not accepted"));
	if (store_series_trust_accept(server.store, id, me->id, &trusts) !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "not accepted"));
	if (accepted && trusts == 0)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
		    "you have no invitation to series %lld", (long long)id));
	if (series_find(ctx, id, &sv) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "not accepted"));
	/* A trust brings all its people: each follows the live rooms. */
	if (trusts > 0)
		series_tell(id, NULL, true);
	else
		session_follow_user(me->id);
	json_object_set_new(ctx->reply, "series", series_json(&sv, true));
	return (PROTO_OK);
}

static enum proto_error
series_decline(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
	enum series_role	 role;
	bool			 accepted = true, declined = false;
	int64_t			 id;

	if (proto_get_int(ctx->req, "series", true, 1, INT64_MAX, &id) !=
	    PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"series\" must be a series number"));
	if (store_series_person(server.store, id, me->id, &role, &accepted) ==
	    STORE_OK && !accepted) {
		if (store_series_person_remove(server.store, id, me->id) !=
		    STORE_OK)
			return (op_fail(ctx, PROTO_ERR_INTERNAL, "not declined"));
		declined = true;
	}
	if (store_series_trust_decline(server.store, id, me->id, &declined) !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "not declined"));
	if (!declined)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
		    "you have no invitation to series %lld", (long long)id));
	return (PROTO_OK);
}

/* Sets a named person's role (chair, minutes, member, observer). */
static enum proto_error
series_set_role(struct op_ctx *ctx)
{
	struct series_view	*sv = &ctx->meeting.series;
	struct store_user	 who;
	enum series_role	 role, old;
	enum proto_error	 err;

	if ((err = op_user_arg(ctx, "handle", &who)) != PROTO_OK ||
	    (err = series_role_arg(ctx, &role, "role")) != PROTO_OK)
		return (err);
	old = store_series_role(server.store, sv->s.id, who.id);
	if (!policy_can_see_series(&who, old))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "%s is not in the series; invite them first", who.handle));
	/* The owner stays a chair: a series always has one. */
	if (who.id == sv->s.owner_id && !policy_can_chair_series(&who, role))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "the owner of a series stays its chair"));
	if (store_series_person_set(server.store, sv->s.id, who.id, role, true,
	    ctx->me->id, now_ms()) != STORE_OK ||
	    series_find(ctx, sv->s.id, sv) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the role was not saved"));
	hub_publish_user_json(who.id, json_pack("{s:s, s:o}", "ev", "series",
	    "series", series_json(&(struct series_view){ sv->s, role }, false)));
	json_object_set_new(ctx->reply, "series", series_json(sv, true));
	return (PROTO_OK);
}

static void
series_resubscribe_one(int64_t user_id, void *arg)
{
	(void)arg;
	session_follow_user(user_id);
}

/* Takes a named person (or an invitation) or a whole trust out of the series. */
static enum proto_error
series_remove(struct op_ctx *ctx)
{
	struct series_view	*sv = &ctx->meeting.series;
	struct store_user	 who;
	enum proto_error	 err;
	int64_t			 trust_id = 0;

	if (json_object_get(ctx->req, "trust") != NULL) {
		if (proto_get_int(ctx->req, "trust", true, 1, INT64_MAX,
		    &trust_id) != PROTO_OK)
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
			    "\"trust\" must be a trust number"));
		/* Its people lose the rooms: tell them before they go. */
		if (store_series_trust_remove(server.store, sv->s.id,
		    trust_id) != STORE_OK)
			return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
			    "trust %lld is not in the series",
			    (long long)trust_id));
		if (store_trust_member_ids(server.store, trust_id,
		    SERIES_TELL_MAX, series_resubscribe_one, NULL) != STORE_OK)
			log_warn("trust %lld: its people still follow series "
			    "%lld", (long long)trust_id, (long long)sv->s.id);
		return (PROTO_OK);
	}
	if ((err = op_user_arg(ctx, "handle", &who)) != PROTO_OK)
		return (err);
	if (who.id == sv->s.owner_id)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "the owner of a series cannot be removed from it"));
	if (store_series_person_remove(server.store, sv->s.id, who.id) !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
		    "%s is not named in the series", who.handle));
	session_follow_user(who.id);
	return (PROTO_OK);
}

/* An admin adds a whole trust, without an invitation. */
static enum proto_error
series_add_trust(struct op_ctx *ctx)
{
	struct series_view	 sv;
	enum series_role	 role = SERIES_NONE;
	int64_t			 id, trust_id;

	if (proto_get_int(ctx->req, "series", true, 1, INT64_MAX, &id) !=
	    PROTO_OK || proto_get_int(ctx->req, "trust", true, 1, INT64_MAX,
	    &trust_id) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"series\" and \"trust\" must be numbers"));
	if (store_series_get(server.store, id, &sv.s) == STORE_OK)
		role = store_series_role(server.store, id, ctx->me->id);
	/* Those who see the series are told openly, as for the chairs' acts. */
	if (!policy_can_add_trust(ctx->me, role) &&
	    policy_can_see_series(ctx->me, role))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only the chairs of %s may do that", sv.s.name));
	if (!policy_can_add_trust(ctx->me, role))
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "no series %lld",
		    (long long)id));
	if (store_trust_exists(server.store, trust_id) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "no trust %lld",
		    (long long)trust_id));
	if (store_series_trust_set(server.store, id, trust_id, true, 0,
	    ctx->me->id, now_ms()) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the trust was not added"));
	series_tell(id, NULL, true);
	sv.role = role;
	/* An admin outside it is told it is done, not who is in it. */
	json_object_set_new(ctx->reply, "series", series_json(&sv,
	    policy_can_see_series(ctx->me, role)));
	return (PROTO_OK);
}

static const struct op_entry series_ops[] = {
	{ "series.create",	series_create,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NOTIFY },
	{ "series.list",	series_list,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "series.get",	series_get,	0,
	    OP_TARGET_SERIES,	POLICY_NONE,	FLOOD_NONE },
	{ "series.invite",	series_invite,	0,
	    OP_TARGET_SERIES,	POLICY_CHAIR_SERIES,	FLOOD_NOTIFY },
	{ "series.accept",	series_accept,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "series.decline",	series_decline,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "series.role",	series_set_role,	0,
	    OP_TARGET_SERIES,	POLICY_CHAIR_SERIES,	FLOOD_NONE },
	{ "series.remove",	series_remove,	0,
	    OP_TARGET_SERIES,	POLICY_CHAIR_SERIES,	FLOOD_NONE },
	{ "series.add_trust",	series_add_trust,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const series_owns[] = { "series", NULL };

const struct op_file op_series_file = { series_owns, series_ops };
