/*
 * op_admin.c: the admin.* ops, what the moderators' console asks of people
 * beyond reports: who is online in one's scopes (admin.who), a person's
 * sanctions and open sessions (admin.person), and ending those sessions
 * (admin.kick) the way a suspension does, with a bye that says why; and
 * for admins, the audit log a page at a time (admin.audit) and its chain
 * checked a bounded slice per request (admin.audit_verify); a person's
 * role and moderator scopes, given by admins (admin.role, admin.scope,
 * shared with staffroomctl in mod_roles.c), and who moderates a scope
 * (admin.moderators). Whose people are whose is policy.c's
 * (policy_can_oversee_person).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "op.h"
#include "session.h"

#define ADMIN_WHO_MAX		1000	/* people listed by admin.who */
#define ADMIN_SANCTIONS		50	/* a person's latest, in admin.person */
#define ADMIN_MODERATORS	200	/* listed by admin.moderators */

/* --- who is online ---------------------------------------------------------------- */

struct admin_who {
	const struct store_user	*me;
	json_t			*people;	/* handle -> person, as found */
	size_t			 more;		/* past ADMIN_WHO_MAX */
};

static void
admin_who_conn(struct conn *c, void *arg)
{
	struct admin_who	*w = arg;
	const struct store_user	*u = session_user(c);
	struct session_info	 info;
	json_t			*p;

	if (u == NULL || !session_describe(c, &info) || info.join ||
	    !policy_can_oversee_person(w->me, u, false))
		return;
	if ((p = json_object_get(w->people, u->handle)) == NULL) {
		if (json_object_size(w->people) == ADMIN_WHO_MAX) {
			w->more++;
			return;
		}
		p = json_pack("{s:s, s:s, s:s, s:i, s:I, s:I}", "handle",
		    u->handle, "name", u->name, "region", u->region,
		    "sessions", 0, "since", (json_int_t)info.opened_ms,
		    "idle_ms", (json_int_t)info.idle_ms);
		json_object_set_new(w->people, u->handle, p);
	}
	json_object_set_new(p, "sessions", json_integer(json_integer_value(
	    json_object_get(p, "sessions")) + 1));
	/* The person: online since their first session, idle as their busiest. */
	if (info.opened_ms < json_integer_value(json_object_get(p, "since")))
		json_object_set_new(p, "since", json_integer(info.opened_ms));
	if ((json_int_t)info.idle_ms < json_integer_value(json_object_get(p,
	    "idle_ms")))
		json_object_set_new(p, "idle_ms", json_integer(
		    (json_int_t)info.idle_ms));
}

static int
admin_by_handle(const void *a, const void *b)
{
	return (strcmp(json_string_value(json_object_get(*(json_t *const *)a,
	    "handle")), json_string_value(json_object_get(*(json_t *const *)b,
	    "handle"))));
}

static enum proto_error
admin_who(struct op_ctx *ctx)
{
	struct store_mod_reach	 reach;
	struct admin_who	 w = { ctx->me, json_object(), 0 };
	json_t			**v, *p, *list = json_array();
	const char		*key;
	size_t			 n = 0, i;

	if (!policy_mod_reach(ctx->me, &reach)) {
		json_decref(w.people);
		json_decref(list);
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only moderators and admins see who is online"));
	}
	conn_foreach(admin_who_conn, &w);
	v = xreallocarray(NULL, json_object_size(w.people) + 1, sizeof *v);
	json_object_foreach(w.people, key, p)
		v[n++] = p;
	if (n > 0)
		qsort(v, n, sizeof *v, admin_by_handle);
	for (i = 0; i < n; i++)
		json_array_append(list, v[i]);
	free(v);
	json_decref(w.people);
	json_object_set_new(ctx->reply, "people", list);
	json_object_set_new(ctx->reply, "more", json_integer((json_int_t)w.more));
	return (PROTO_OK);
}

/* --- one person ----------------------------------------------------------------- */

struct admin_sessions {
	json_t	*list;
	bool	 addresses;
};

static void
admin_session_json(struct conn *c, void *arg)
{
	struct admin_sessions	*s = arg;
	struct session_info	 info;
	json_t			*obj;

	if (!session_describe(c, &info) || info.join)
		return;
	obj = json_pack("{s:s, s:I, s:I}", "kind", conn_kind(c), "since",
	    (json_int_t)info.opened_ms, "idle_ms", (json_int_t)info.idle_ms);
	if (s->addresses)
		json_object_set_new(obj, "address", json_string(conn_addr(c)));
	json_array_append_new(s->list, obj);
}

static void
admin_sanction_add(const struct store_sanction *s, void *arg)
{
	json_array_append_new(arg, mod_sanction_json(s));
}

static enum proto_error
admin_person(struct op_ctx *ctx)
{
	struct admin_sessions	 s = { json_array(),
				    policy_can_see_address(ctx->me) };
	json_t			*sanctions = json_array(), *person;
	enum proto_error	 err;

	if (!policy_can_oversee_person(ctx->me, &ctx->who, false)) {
		json_decref(s.list);
		json_decref(sanctions);
		/* Someone who blocks the asker is nobody to them. */
		if ((err = people_known(ctx, &ctx->who)) != PROTO_OK)
			return (err);
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN, "%s is not in a region "
		    "you moderate", ctx->who.handle));
	}
	if (store_sanctions_of(server.store, ctx->who.id, false, 0,
	    ADMIN_SANCTIONS, admin_sanction_add, sanctions) != STORE_OK) {
		json_decref(s.list);
		json_decref(sanctions);
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the sanctions are unavailable"));
	}
	hub_foreach_user_conn(ctx->who.id, admin_session_json, &s);
	person = chat_user_json(&ctx->who);
	json_object_set_new(person, "sanctions", sanctions);
	json_object_set_new(person, "sessions", s.list);
	json_object_set_new(ctx->reply, "person", person);
	return (PROTO_OK);
}

/* --- kicking -------------------------------------------------------------------- */

/* {"ev":"bye","reason":"kicked","message":reason}: the moderator's words, if any. */
static void
admin_bye(struct conn *c, void *arg)
{
	const char	*reason = arg;

	conn_close_fields(c, "kicked", reason != NULL ?
	    json_pack("{s:s}", "message", reason) : NULL);
}

/*
 * Whom a kick ends once the act and its audit row are committed, even if
 * the moderator's own connection has gone by then.
 */
struct admin_kick {
	int64_t	 user_id;
	char	*reason;
};

static void
admin_kick_now(void *arg, bool committed)
{
	struct admin_kick	*k = arg;

	if (committed)
		hub_foreach_user_conn(k->user_id, admin_bye, k->reason);
	free(k->reason);
	free(k);
}

static enum proto_error
admin_kick(struct op_ctx *ctx)
{
	struct admin_kick	*k;
	enum proto_error	 err;
	const char		*reason;
	size_t			 n;

	if ((err = mod_reason_arg(ctx, false, &reason)) != PROTO_OK)
		return (err);
	if (!policy_can_oversee_person(ctx->me, &ctx->who, true)) {
		if ((err = people_known(ctx, &ctx->who)) != PROTO_OK)
			return (err);
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN, "you may not end %s's "
		    "sessions", ctx->who.handle));
	}
	if ((n = session_count(ctx->who.id)) == 0)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "%s is not online",
		    ctx->who.handle));
	op_audit_target(ctx, "user", ctx->who.id);
	op_audit_detail(ctx, "%zu session%s", n, n == 1 ? "" : "s");
	ctx->audit.reason = reason;
	k = xmalloc(sizeof *k);
	k->user_id = ctx->who.id;
	k->reason = reason != NULL ? xstrdup(reason) : NULL;
	stage_after_commit(admin_kick_now, k);
	json_object_set_new(ctx->reply, "handle", json_string(ctx->who.handle));
	json_object_set_new(ctx->reply, "sessions", json_integer((json_int_t)n));
	return (PROTO_OK);
}

/* --- roles and moderator scopes (admins) ------------------------------------------ */

/*
 * The person's sessions take the new record now, so their next op is
 * decided on it, and are told (me); the person's record is the reply.
 */
static enum proto_error
admin_role_done(struct op_ctx *ctx, enum mod_change done, const char *asked)
{
	struct store_user	u;
	char			text[256];

	if (done != MOD_CHANGED) {
		mod_change_text(done, &ctx->who, asked, text, sizeof text);
		return (op_fail(ctx, done == MOD_STORE_FAILED ?
		    PROTO_ERR_INTERNAL : done == MOD_LACKS_SCOPE ?
		    PROTO_ERR_NOT_FOUND : PROTO_ERR_BAD_REQUEST, "%s", text));
	}
	if (store_user_by_id(server.store, ctx->who.id, &u) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the change was not saved"));
	session_follow_user(u.id);
	json_object_set_new(ctx->reply, "person", chat_user_json(&u));
	return (PROTO_OK);
}

static enum proto_error
admin_role(struct op_ctx *ctx)
{
	const char		*name = NULL;
	enum role		 role;
	enum proto_error	 err;

	if (!policy_can_give_roles(ctx->me)) {
		/* Someone who blocks the asker is nobody to them. */
		if ((err = people_known(ctx, &ctx->who)) != PROTO_OK)
			return (err);
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "roles are the admins' to give"));
	}
	if (proto_get_string(ctx->req, "role", true, &name) != PROTO_OK ||
	    !role_parse(name, &role))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"role\" is member, moderator or admin"));
	op_audit_detail(ctx, "%s to %s", role_name(ctx->who.role), name);
	return (admin_role_done(ctx, mod_role_change(server.store, &ctx->who,
	    role, false), name));
}

static enum proto_error
admin_scope(struct op_ctx *ctx)
{
	struct store_mod_scope	 scope;
	enum proto_error	 err;
	const char		*action = NULL, *text;
	bool			 add;

	if (!policy_can_give_roles(ctx->me)) {
		if ((err = people_known(ctx, &ctx->who)) != PROTO_OK)
			return (err);
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "moderator scopes are the admins' to give"));
	}
	if (proto_get_string(ctx->req, "action", true, &action) != PROTO_OK ||
	    (strcmp(action, "add") != 0 && strcmp(action, "remove") != 0))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"action\" is add or remove"));
	add = strcmp(action, "add") == 0;
	if ((err = op_scope_arg(ctx, "scope", &scope)) != PROTO_OK)
		return (err);
	text = json_string_value(json_object_get(ctx->req, "scope"));
	op_audit_detail(ctx, "%s %s", action, text);
	return (admin_role_done(ctx, mod_scope_change(server.store, &ctx->who,
	    &scope, add), text));
}

static void
admin_moderator_add(const struct store_moderator *m, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:s, s:s}", "handle",
	    m->handle, "scope", m->ref, "name", m->name));
}

static enum proto_error
admin_moderators(struct op_ctx *ctx)
{
	struct store_mod_scope	 scope;
	enum proto_error	 err;
	json_t			*list;

	if ((err = op_scope_arg(ctx, "scope", &scope)) != PROTO_OK)
		return (err);
	if (!policy_can_list_moderators(ctx->me, &scope))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN, "only the moderators "
		    "of %s and admins see who moderates it", json_string_value(
		    json_object_get(ctx->req, "scope"))));
	list = json_array();
	if (store_moderators_of(server.store, &scope, ADMIN_MODERATORS,
	    admin_moderator_add, list) != STORE_OK) {
		json_decref(list);
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the moderators are unavailable"));
	}
	json_object_set_new(ctx->reply, "moderators", list);
	return (PROTO_OK);
}

/* --- the audit log ---------------------------------------------------------------- */

#define ADMIN_AUDIT_PAGE	50
#define ADMIN_AUDIT_MAX		200

/* A person's handle, "operator", or "#ID" for someone erased since. */
static json_t *
admin_audit_who(int64_t id)
{
	struct store_user	u;
	char			buf[32];

	if (id == STORE_AUDIT_OPERATOR)
		return (json_string("operator"));
	if (store_user_by_id(server.store, id, &u) == STORE_OK)
		return (json_string(u.handle));
	snprintf(buf, sizeof buf, "#%lld", (long long)id);
	return (json_string(buf));
}

static void
admin_audit_row(const struct store_audit *a, void *arg)
{
	json_t	*row;

	row = json_pack("{s:I, s:I, s:o, s:s, s:s, s:I, s:s, s:s}", "id",
	    (json_int_t)a->id, "ts", (json_int_t)a->ts, "actor",
	    admin_audit_who(a->actor_id), "act", a->act, "target_kind",
	    a->target_kind, "target_id", (json_int_t)a->target_id, "reason",
	    a->reason, "detail", a->detail);
	if (strcmp(a->target_kind, "user") == 0)
		json_object_set_new(row, "target", admin_audit_who(a->target_id));
	json_array_append_new(arg, row);
}

/* "actor" or "target": a handle (or "operator" as actor): its id in *id. */
static enum proto_error
admin_audit_person(struct op_ctx *ctx, const char *field, bool operator_ok,
    int64_t *id)
{
	struct store_user	 u;
	const char		*h = NULL;

	if (proto_get_string(ctx->req, field, false, &h) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"%s\" is a handle",
		    field));
	if (h == NULL)
		return (PROTO_OK);
	if (operator_ok && strcmp(h, "operator") == 0) {
		*id = STORE_AUDIT_OPERATOR;
		return (PROTO_OK);
	}
	if (store_user_by_handle(server.store, h, &u) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "nobody has the handle "
		    "%.*s", PROTO_HANDLE_MAX, h));
	*id = u.id;
	return (PROTO_OK);
}

static enum proto_error
admin_audit(struct op_ctx *ctx)
{
	struct store_audit_query q = { -1, NULL, 0, 0, 0, ADMIN_AUDIT_PAGE };
	enum proto_error	 err;
	int64_t			 target = -1, limit = ADMIN_AUDIT_PAGE;
	json_t			*rows;
	bool			 more = false;

	if (!policy_can_read_audit(ctx->me))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "the audit log is for admins"));
	if ((err = admin_audit_person(ctx, "actor", true, &q.actor_id)) !=
	    PROTO_OK ||
	    (err = admin_audit_person(ctx, "target", false, &target)) !=
	    PROTO_OK)
		return (err);
	if ((err = proto_get_int(ctx->req, "since", false, 0, INT64_MAX,
	    &q.since_ms)) != PROTO_OK ||
	    (err = proto_get_int(ctx->req, "after", false, 0, INT64_MAX,
	    &q.after_id)) != PROTO_OK ||
	    (err = proto_get_int(ctx->req, "limit", false, 1, ADMIN_AUDIT_MAX,
	    &limit)) != PROTO_OK)
		return (op_fail(ctx, err, "\"since\" is UTC ms, \"after\" a "
		    "row id, \"limit\" 1 to %d", ADMIN_AUDIT_MAX));
	if (target >= 0) {
		q.target_kind = "user";
		q.target_id = target;
	}
	q.limit = (int)limit;
	rows = json_array();
	if (store_audit_search(server.store, &q, admin_audit_row, rows,
	    &more) != STORE_OK) {
		json_decref(rows);
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the audit log is unavailable"));
	}
	json_object_set_new(ctx->reply, "rows", rows);
	json_object_set_new(ctx->reply, "more", json_boolean(more));
	return (PROTO_OK);
}

/* Pages of 500 rows one admin.audit_verify reads: a bounded slice of the loop. */
#define ADMIN_VERIFY_PAGES	4

static enum proto_error
admin_audit_verify(struct op_ctx *ctx)
{
	struct store_audit_check c;
	int64_t			 after = 0;
	bool			 more;
	char			 text[512];

	if (!policy_can_read_audit(ctx->me))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "the audit log is for admins"));
	if (proto_get_int(ctx->req, "after", false, 0, INT64_MAX, &after) !=
	    PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"after\" is the "
		    "\"last\" of the reply before"));
	if (store_audit_verify_page(server.store, after, ADMIN_VERIFY_PAGES, &c,
	    &more) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the audit log is unavailable"));
	more = more && c.fault == STORE_AUDIT_SOUND;
	json_object_set_new(ctx->reply, "sound", json_boolean(c.fault ==
	    STORE_AUDIT_SOUND));
	json_object_set_new(ctx->reply, "rows", json_integer((json_int_t)c.rows));
	json_object_set_new(ctx->reply, "last", json_integer(
	    (json_int_t)c.last_id));
	json_object_set_new(ctx->reply, "more", json_boolean(more));
	if (!more) {
		/* Said of the whole log: ids of a sound chain run 1 to last. */
		c.rows = c.last_id;
		store_audit_fault_text(&c, text, sizeof text);
		json_object_set_new(ctx->reply, "message", json_string(text));
	}
	if (c.fault != STORE_AUDIT_SOUND)
		json_object_set_new(ctx->reply, "row", json_integer(
		    (json_int_t)c.bad_id));
	return (PROTO_OK);
}

static const struct op_entry admin_ops[] = {
	{ "admin.audit_verify",	admin_audit_verify,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "admin.audit",	admin_audit,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "admin.who",		admin_who,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "admin.person",	admin_person,	0,
	    OP_TARGET_PERSON,	POLICY_NONE,	FLOOD_NONE },
	{ "admin.kick",		admin_kick,	OP_AUDIT | OP_GUARD_REASON,
	    OP_TARGET_PERSON,	POLICY_NONE,	FLOOD_NONE },
	{ "admin.role",		admin_role,	OP_AUDIT,
	    OP_TARGET_PERSON,	POLICY_NONE,	FLOOD_NONE },
	{ "admin.scope",	admin_scope,	OP_AUDIT,
	    OP_TARGET_PERSON,	POLICY_NONE,	FLOOD_NONE },
	{ "admin.moderators",	admin_moderators,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const admin_owns[] = { "admin", NULL };

const struct op_file op_admin_file = { admin_owns, admin_ops };
