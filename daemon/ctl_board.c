/*
 * ctl_board.c: staffroomctl board and trust commands. Boards are scoped
 * (national, region:SLUG, trust:ID, private); trusts are multi-academy
 * trusts, each with a board and a chat room, and a person belongs to at
 * most one. Membership is the operator's to set, never the person's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

static bool
ctl_trust(struct ctl *ctl, const char *text, int64_t *id)
{
	enum store_result	res;

	if (!ctl_id_parse(text, id)) {
		ctl_fail(ctl, "\"%s\" is not a trust id (see trust list)", text);
		return (false);
	}
	if ((res = store_trust_exists(ctl->st, *id)) == STORE_NOT_FOUND)
		ctl_fail(ctl, "no trust %s (see trust list)", text);
	else if (res != STORE_OK)
		ctl_store_fail(ctl, res, "trust");
	return (res == STORE_OK);
}

/* Reads a scope; CTL_EXIT_OK, or the exit code after saying what is wrong. */
int
ctl_scope(struct ctl *ctl, const char *text, enum board_scope *scope,
    int64_t *region_id, int64_t *trust_id)
{
	bool	ok = true;

	*region_id = *trust_id = 0;
	if (strcmp(text, "national") == 0)
		*scope = BOARD_NATIONAL;
	else if (strcmp(text, "private") == 0)
		*scope = BOARD_PRIVATE;
	else if (strncmp(text, "region:", 7) == 0) {
		*scope = BOARD_REGION;
		ok = ctl_region(ctl, text + 7, region_id);
	} else if (strncmp(text, "trust:", 6) == 0) {
		*scope = BOARD_TRUST;
		ok = ctl_trust(ctl, text + 6, trust_id);
	} else
		return (ctl_usage_fail(ctl, "scope is national, region:SLUG, "
		    "trust:ID or private, not \"%s\"", text));
	return (ok ? CTL_EXIT_OK : CTL_EXIT_FAIL);
}

/* Adds each handle of a comma-separated list as a member of the board. */
static bool
ctl_board_members(struct ctl *ctl, int64_t board_id, const char *list)
{
	struct store_user	 u;
	enum store_result	 res;
	char			*copy, *word, *next;
	bool			 ok = true;

	copy = xstrdup(list);
	for (word = copy; ok && word != NULL; word = next) {
		if ((next = strchr(word, ',')) != NULL)
			*next++ = '\0';
		if (*word == '\0')
			continue;
		if (!(ok = ctl_user(ctl, word, &u)))
			break;
		if ((res = store_board_member_add(ctl->st, board_id, u.id)) !=
		    STORE_OK) {
			ctl_store_fail(ctl, res, word);
			ok = false;
		}
	}
	free(copy);
	return (ok);
}

int
ctl_board_add(struct ctl *ctl, struct ctl_args *args)
{
	const char		*name = args->argv[0];
	const char		*members = ctl_opt(ctl, args, "members");
	enum board_scope	 scope;
	enum store_result	 res;
	int64_t			 region_id, trust_id, id;
	int			 rc;

	if (!ctl_name_check(ctl, name))
		return (CTL_EXIT_FAIL);
	if ((rc = ctl_scope(ctl, ctl_opt(ctl, args, "scope"), &scope,
	    &region_id, &trust_id)) != CTL_EXIT_OK)
		return (rc);
	if (members != NULL && scope != BOARD_PRIVATE)
		return (ctl_usage_fail(ctl, "--members is for private boards; "
		    "the others are read by their whole scope"));
	if ((res = store_board_add(ctl->st, name, scope, region_id, trust_id,
	    now_ms(), &id)) != STORE_OK)
		return (ctl_store_fail(ctl, res, name));
	if (members != NULL && !ctl_board_members(ctl, id, members))
		return (CTL_EXIT_FAIL);
	ctl_audit_target(ctl, "board", id);
	printf("%lld\n", (long long)id);
	return (CTL_EXIT_OK);
}

static void
ctl_board_list_cb(const struct store_board *b, void *arg)
{
	struct ctl_list	*l = arg;
	char		 id[24];

	if (l->json != NULL) {
		json_array_append_new(l->json, json_pack("{s:I, s:s, s:s, s:b}",
		    "id", (json_int_t)b->id, "name", b->name, "scope",
		    b->scope_ref, "archived", b->archived));
		return;
	}
	snprintf(id, sizeof id, "%lld", (long long)b->id);
	ctl_table_add(l->table, id, b->name, b->scope_ref,
	    b->archived ? "archived" : "open");
}

int
ctl_board_list(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_list	l;

	ctl_list_init(&l, ctl_flag(ctl, args, "json"), 4, "ID", "NAME", "SCOPE",
	    "STATUS");
	return (ctl_list_finish(ctl, &l,
	    store_board_list(ctl->st, 0, ctl_board_list_cb, &l), "boards"));
}

int
ctl_board_archive(struct ctl *ctl, struct ctl_args *args)
{
	enum store_result	res;
	int64_t			id;

	if (!ctl_id_parse(args->argv[0], &id))
		return (ctl_usage_fail(ctl, "\"%s\" is not a board id",
		    args->argv[0]));
	ctl_audit_target(ctl, "board", id);
	res = store_board_set_archived(ctl->st, id, !ctl_flag(ctl, args, "undo"));
	if (res == STORE_NOT_FOUND)
		return (ctl_fail(ctl, "no board %s (see board list)",
		    args->argv[0]));
	return (res == STORE_OK ? CTL_EXIT_OK :
	    ctl_store_fail(ctl, res, args->argv[0]));
}

int
ctl_trust_add(struct ctl *ctl, struct ctl_args *args)
{
	const char		*name = args->argv[0];
	enum store_result	 res;
	int64_t			 region_id, id;

	if (!ctl_name_check(ctl, name) ||
	    !ctl_region(ctl, ctl_opt(ctl, args, "region"), &region_id))
		return (CTL_EXIT_FAIL);
	res = store_trust_add(ctl->st, name, region_id, now_ms(), &id);
	if (res == STORE_EXISTS)
		return (ctl_fail(ctl, "a trust is already called \"%s\"", name));
	if (res != STORE_OK)
		return (ctl_store_fail(ctl, res, name));
	ctl_audit_target(ctl, "trust", id);
	printf("%lld\n", (long long)id);
	return (CTL_EXIT_OK);
}

static void
ctl_trust_list_cb(const struct store_trust *t, void *arg)
{
	struct ctl_list	*l = arg;
	char		 id[24], members[24];

	if (l->json != NULL) {
		json_array_append_new(l->json, json_pack("{s:I, s:s, s:s, s:I}",
		    "id", (json_int_t)t->id, "name", t->name, "region",
		    t->region, "members", (json_int_t)t->members));
		return;
	}
	snprintf(id, sizeof id, "%lld", (long long)t->id);
	snprintf(members, sizeof members, "%lld", (long long)t->members);
	ctl_table_add(l->table, id, t->name, t->region, members);
}

int
ctl_trust_list(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_list	l;

	ctl_list_init(&l, ctl_flag(ctl, args, "json"), 4, "ID", "NAME",
	    "REGION", "MEMBERS");
	return (ctl_list_finish(ctl, &l,
	    store_trust_list(ctl->st, ctl_trust_list_cb, &l), "trusts"));
}

int
ctl_trust_member(struct ctl *ctl, struct ctl_args *args)
{
	struct store_user	u;
	enum store_result	res;
	int64_t			trust_id = 0;

	if (!ctl_user(ctl, args->argv[0], &u))
		return (CTL_EXIT_FAIL);
	if (strcmp(args->argv[1], "none") != 0 &&
	    !ctl_trust(ctl, args->argv[1], &trust_id))
		return (CTL_EXIT_FAIL);
	if ((res = store_trust_member_set(ctl->st, u.id, trust_id)) != STORE_OK)
		return (ctl_store_fail(ctl, res, args->argv[0]));
	return (CTL_EXIT_OK);
}
