/*
 * op_invite.c: the invite.* ops, the console's twins of staffroomctl invite
 * create|list|revoke. Admins invite to any region with any role; moderators
 * to the regions they moderate, members only (policy_can_invite). A code is
 * in its create reply alone: only its hash is stored (invite.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "op.h"

#define INVITE_DAYS_DEFAULT	7
#define INVITE_LIST_PAGE	50
#define DAY_MS			(24LL * 60 * 60 * 1000)

static json_t *
invite_json(const struct store_invite *inv, int64_t now)
{
	json_t	*o;
	char	 urn[24];

	o = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s}", "id", inv->short_id,
	    "region", inv->region, "role", role_name(inv->role), "created",
	    (json_int_t)inv->created_ms, "expires", (json_int_t)inv->expires_ms,
	    "status", invite_status(inv, now));
	if (inv->id > 0)
		json_object_set_new(o, "n", json_integer((json_int_t)inv->id));
	if (inv->school_urn > 0) {
		snprintf(urn, sizeof urn, "%06lld", (long long)inv->school_urn);
		json_object_set_new(o, "school", json_string(urn));
	}
	if (inv->used_by != NULL)
		json_object_set_new(o, "used_by", json_string(inv->used_by));
	return (o);
}

/* --- creating ----------------------------------------------------------------- */

/* Where the invites are for: "region" (a slug), or "school"'s region. */
static enum proto_error
invite_place(struct op_ctx *ctx, int64_t *region_id, int64_t *school_urn)
{
	const char		*region = NULL, *school = NULL;
	char			 name[PROTO_MAX_NAME * 4 + 1];
	int64_t			 school_region = 0;
	enum store_result	 res;

	if (proto_get_string(ctx->req, "region", false, &region) != PROTO_OK ||
	    proto_get_string(ctx->req, "school", false, &school) != PROTO_OK ||
	    (region == NULL && school == NULL))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "say where the "
		    "invites are for: \"region\" (a slug) or \"school\" (a URN)"));
	*school_urn = 0;
	if (school != NULL) {
		if (!people_urn_valid(school))
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "a school URN "
			    "is 6 digits"));
		*school_urn = strtoll(school, NULL, 10);
		res = people_school_lookup(*school_urn, &school_region, name,
		    sizeof name);
		if (res == STORE_NOT_FOUND)
			return (op_fail(ctx, PROTO_ERR_UNKNOWN_SCHOOL, "no school "
			    "has URN %s in this server's register: nothing made",
			    school));
		if (res != STORE_OK)
			return (op_fail(ctx, PROTO_ERR_INTERNAL,
			    "the schools register is unavailable"));
	}
	/* The school's region unless "region" names another. */
	if (region == NULL) {
		if (school_region == 0)
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "the register "
			    "does not place URN %s in a region: give \"region\" "
			    "too", school));
		*region_id = school_region;
		return (PROTO_OK);
	}
	res = store_region_by_slug(server.store, region, region_id);
	if (res == STORE_NOT_FOUND)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "no region \"%.*s\"",
		    PROTO_HANDLE_MAX, region));
	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the regions are unavailable"));
	return (PROTO_OK);
}

static enum proto_error
invite_create(struct op_ctx *ctx)
{
	struct store_invite	 inv = { 0 };
	enum proto_error	 err;
	enum role		 role = ROLE_MEMBER;
	const char		*role_arg = NULL;
	char			 code[INVITE_CODE_MAX], short_id[12], slug[64];
	int64_t			 region_id = 0, school_urn = 0, count = 1;
	int64_t			 days = INVITE_DAYS_DEFAULT, now = now_ms(), i;
	json_t			*list, *o;
	size_t			 len;

	if ((err = invite_place(ctx, &region_id, &school_urn)) != PROTO_OK)
		return (err);
	if (proto_get_string(ctx->req, "role", false, &role_arg) != PROTO_OK ||
	    (role_arg != NULL && !role_parse(role_arg, &role)))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"role\" is member, "
		    "moderator or admin"));
	if (proto_get_int(ctx->req, "count", false, 1, PROTO_INVITE_BATCH,
	    &count) != PROTO_OK ||
	    proto_get_int(ctx->req, "days", false, 1, PROTO_INVITE_DAYS_MAX,
	    &days) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"count\" is 1 to %d "
		    "invites, \"days\" 1 to %d", PROTO_INVITE_BATCH,
		    PROTO_INVITE_DAYS_MAX));
	if (!policy_can_invite(ctx->me, region_id, role))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN, "moderators invite "
		    "members to the regions they moderate; admins anyone "
		    "anywhere"));
	if (store_region_slug(server.store, region_id, slug, sizeof slug) !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the regions are unavailable"));
	inv = (struct store_invite){ .region = slug, .role = role,
	    .created_ms = now, .expires_ms = now + days * DAY_MS,
	    .school_urn = school_urn };
	list = json_array();
	op_audit_target(ctx, "region", region_id);
	len = (size_t)snprintf(ctx->audit.detail, sizeof ctx->audit.detail,
	    "%lld %s invite%s:", (long long)count, role_name(role), count == 1 ?
	    "" : "s");
	for (i = 0; i < count; i++) {
		if (invite_issue(server.store, region_id, school_urn, role, now,
		    inv.expires_ms, code, short_id) != STORE_OK) {
			json_decref(list);
			return (op_fail(ctx, PROTO_ERR_INTERNAL,
			    "the invite could not be stored"));
		}
		inv.short_id = short_id;
		o = invite_json(&inv, now);
		json_object_set_new(o, "code", json_string(code));
		sodium_memzero(code, sizeof code);
		json_array_append_new(list, o);
		/* Short ids only, never a code: they are cut off when long. */
		if (len < sizeof ctx->audit.detail)
			len += (size_t)snprintf(ctx->audit.detail + len,
			    sizeof ctx->audit.detail - len, " %s", short_id);
	}
	json_object_set_new(ctx->reply, "invites", list);
	return (PROTO_OK);
}

/* --- listing and revoking ------------------------------------------------------- */

struct invite_page {
	json_t	*list;
	int64_t	 now;
};

static void
invite_page_row(const struct store_invite *inv, void *arg)
{
	struct invite_page	*p = arg;

	json_array_append_new(p->list, invite_json(inv, p->now));
}

static enum proto_error
invite_list(struct op_ctx *ctx)
{
	struct store_mod_reach	reach;
	struct invite_page	page = { NULL, now_ms() };
	int64_t			before = 0, limit = INVITE_LIST_PAGE;
	bool			more = false;

	/* A moderator's invites are those of the regions they moderate. */
	if (!policy_mod_reach(ctx->me, &reach) || (!reach.all &&
	    reach.nregions == 0))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN, "invites are for "
		    "admins and the moderators of a region"));
	if (proto_get_int(ctx->req, "before", false, 0, INT64_MAX, &before) !=
	    PROTO_OK ||
	    proto_get_int(ctx->req, "limit", false, 1, PROTO_MAX_PAGE, &limit) !=
	    PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"before\" is an "
		    "invite's number, \"limit\" 1 to %d", PROTO_MAX_PAGE));
	page.list = json_array();
	if (store_invite_page(server.store, &reach, before, (int)limit,
	    invite_page_row, &page, &more) != STORE_OK) {
		json_decref(page.list);
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the invites are unavailable"));
	}
	json_object_set_new(ctx->reply, "invites", page.list);
	json_object_set_new(ctx->reply, "more", json_boolean(more));
	return (PROTO_OK);
}

struct invite_found {
	int64_t		 id;
	int64_t		 region_id;
	enum role	 role;
	char		 status[16];
};

static void
invite_found_row(const struct store_invite *inv, void *arg)
{
	struct invite_found	*f = arg;

	f->id = inv->id;
	f->region_id = inv->region_id;
	f->role = inv->role;
	snprintf(f->status, sizeof f->status, "%s", invite_status(inv,
	    now_ms()));
}

static enum proto_error
invite_revoke(struct op_ctx *ctx)
{
	struct invite_found	 f = { 0 };
	const char		*arg = NULL;
	char			 id[INVITE_SHORT_MAX];
	enum store_result	 res;

	if (proto_get_string(ctx->req, "invite", true, &arg) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"invite\" is an "
		    "invite's id, as invite.list shows it"));
	res = !invite_short_id(arg, id) ? STORE_NOT_FOUND : store_invite_find(server.store,
	    id, invite_found_row, &f);
	/* Another region's invite is as absent as none. */
	if (res == STORE_NOT_FOUND || (res == STORE_OK &&
	    !policy_can_invite(ctx->me, f.region_id, f.role)))
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "no invite \"%.*s\" "
		    "in your regions", (int)sizeof id, arg));
	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the invites are unavailable"));
	if (strcmp(f.status, "used") == 0)
		return (op_fail(ctx, PROTO_ERR_INVITE_USED, "invite %s was "
		    "already used: the person it made is a member now", id));
	if (strcmp(f.status, "revoked") != 0 &&
	    store_invite_revoke(server.store, id) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the invite could not be revoked"));
	op_audit_target(ctx, "invite", f.id);
	op_audit_detail(ctx, "invite %s", id);
	json_object_set_new(ctx->reply, "invite", json_string(id));
	return (PROTO_OK);
}

static const struct op_entry invite_ops[] = {
	{ "invite.create",	invite_create,	OP_AUDIT,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "invite.list",	invite_list,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "invite.revoke",	invite_revoke,	OP_AUDIT,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const invite_owns[] = { "invite", NULL };

const struct op_file op_invite_file = { invite_owns, invite_ops };
