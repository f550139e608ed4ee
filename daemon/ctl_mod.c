/*
 * ctl_mod.c: staffroomctl's moderation commands: who moderates what. A
 * scope is national, a region (with the trusts in it) or a trust; open
 * sessions of the person pick a change up within a second (user_changes).
 */
#include <stdio.h>
#include <string.h>

#include "ctl.h"

/*
 * HANDLE and SCOPE: a person who is not an admin, and a moderated scope,
 * given (add) or taken, as admin.scope does (mod_roles.c).
 */
static int
ctl_mod_change(struct ctl *ctl, struct ctl_args *args, bool add)
{
	struct store_user	u;
	struct store_mod_scope	scope;
	enum mod_change		done;
	char			text[256];
	int			rc;

	memset(&scope, 0, sizeof scope);
	if (!ctl_user(ctl, args->argv[0], &u))
		return (CTL_EXIT_FAIL);
	if ((rc = ctl_scope(ctl, args->argv[1], &scope.scope,
	    &scope.region_id, &scope.trust_id)) != CTL_EXIT_OK)
		return (rc);
	if ((done = mod_scope_change(ctl->st, &u, &scope, add)) == MOD_CHANGED)
		return (CTL_EXIT_OK);
	mod_change_text(done, &u, args->argv[1], text, sizeof text);
	if (done == MOD_PRIVATE_SCOPE)
		return (ctl_usage_fail(ctl, "%s", text));
	return (ctl_fail(ctl, "%s", text));
}

int
ctl_mod_add(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_mod_change(ctl, args, true));
}

int
ctl_mod_remove(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_mod_change(ctl, args, false));
}

static void
ctl_mod_list_cb(const struct store_moderator *m, void *arg)
{
	struct ctl_list	*l = arg;

	if (l->json != NULL) {
		json_array_append_new(l->json, json_pack("{s:s, s:s, s:s}",
		    "handle", m->handle, "scope", m->ref, "name", m->name));
		return;
	}
	ctl_table_add(l->table, m->handle, m->ref, m->name);
}

int
ctl_mod_list(struct ctl *ctl, struct ctl_args *args)
{
	struct store_user	u;
	struct ctl_list		l;

	memset(&u, 0, sizeof u);
	if (args->argc > 0 && !ctl_user(ctl, args->argv[0], &u))
		return (CTL_EXIT_FAIL);
	ctl_list_init(&l, ctl_flag(ctl, args, "json"), 3, "HANDLE", "SCOPE",
	    "NAME");
	return (ctl_list_finish(ctl, &l, store_moderator_list(ctl->st, u.id,
	    ctl_mod_list_cb, &l), "moderators"));
}
