/*
 * mod_roles.c: giving a person a role and moderator scopes, the one way
 * both the admins' console (admin.role, admin.scope) and staffroomctl
 * (user set --role, mod add|remove) do it, so they refuse the same things
 * in the same words. The moderators table's triggers keep role and scopes
 * in step (migration 17): a member given a scope becomes a moderator, a
 * moderator losing the last becomes a member, and a moderator made without
 * scopes gets the national scope and their region's.
 */
#include <stdio.h>
#include <string.h>

#include "staffroomd.h"

enum mod_change
mod_role_change(struct store *st, const struct store_user *u, enum role role,
    bool operator)
{
	enum mod_change		done;
	enum store_result	res;
	int64_t			admins;

	if (store_admins_count(st, &admins) != STORE_OK)
		return (MOD_STORE_FAILED);
	if ((done = policy_role_change(u, role, admins, operator)) != MOD_CHANGED)
		return (done);
	res = store_user_update(st, u->id, NULL, 0, (int)role);
	return (res == STORE_OK ? MOD_CHANGED : MOD_STORE_FAILED);
}

enum mod_change
mod_scope_change(struct store *st, const struct store_user *u,
    const struct store_mod_scope *scope, bool add)
{
	enum store_result	res;

	if (scope->scope != BOARD_NATIONAL && scope->scope != BOARD_REGION &&
	    scope->scope != BOARD_TRUST)
		return (MOD_PRIVATE_SCOPE);
	if (!policy_takes_mod_scopes(u))
		return (MOD_IS_ADMIN);
	if (add && u->mods.n >= STORE_MOD_SCOPES_MAX)
		return (MOD_SCOPES_FULL);
	res = add ? store_moderator_add(st, u->id, scope) :
	    store_moderator_remove(st, u->id, scope);
	if (res == STORE_EXISTS)
		return (MOD_HAS_SCOPE);
	if (res == STORE_NOT_FOUND)
		return (MOD_LACKS_SCOPE);
	return (res == STORE_OK ? MOD_CHANGED : MOD_STORE_FAILED);
}

void
mod_change_text(enum mod_change what, const struct store_user *u,
    const char *asked, char *buf, size_t size)
{
	switch (what) {
	case MOD_CHANGED:
		snprintf(buf, size, "%s is now %s", u->handle, asked);
		break;
	case MOD_SAME_ROLE:
		snprintf(buf, size, "%s is %s %s already", u->handle,
		    asked[0] == 'a' ? "an" : "a", asked);
		break;
	case MOD_LAST_ADMIN:
		snprintf(buf, size, "%s is the last admin: make someone else "
		    "an admin first, so that someone can still give roles",
		    u->handle);
		break;
	case MOD_IS_ADMIN:
		snprintf(buf, size, "%s is an admin and moderates every scope "
		    "already", u->handle);
		break;
	case MOD_PRIVATE_SCOPE:
		snprintf(buf, size, "private boards and chats are the admins' "
		    "to moderate; give national, region:SLUG or trust:ID");
		break;
	case MOD_SCOPES_FULL:
		snprintf(buf, size, "%s moderates %d scopes, the most one "
		    "person can; remove one first, or give a region for its "
		    "trusts", u->handle, STORE_MOD_SCOPES_MAX);
		break;
	case MOD_HAS_SCOPE:
		snprintf(buf, size, "%s moderates %s already", u->handle, asked);
		break;
	case MOD_LACKS_SCOPE:
		snprintf(buf, size, "%s does not moderate %s", u->handle, asked);
		break;
	case MOD_STORE_FAILED:
		snprintf(buf, size, "%s: the change was not saved", u->handle);
		break;
	}
}
