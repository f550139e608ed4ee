/*
 * ctl_invite.c: staffroomctl's invite commands. The code itself is shown
 * once, at creation, and only its hash is stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ctl.h"

#define CTL_INVITE_EXPIRES	"7d"

bool
ctl_invite_new(struct ctl *ctl, int64_t region_id, int64_t school_urn,
    enum role role, int64_t now, int64_t expires_ms, char code[INVITE_CODE_MAX],
    char short_id[12])
{
	enum store_result	res;

	res = invite_issue(ctl->st, region_id, school_urn, role, now,
	    expires_ms, code, short_id);
	if (res != STORE_OK) {
		ctl_store_fail(ctl, res, "invite");
		return (false);
	}
	return (true);
}

int
ctl_invite_create(struct ctl *ctl, struct ctl_args *args)
{
	const char		*region = ctl_opt(ctl, args, "region");
	const char		*school = ctl_opt(ctl, args, "school");
	const char		*csv = ctl_opt(ctl, args, "csv");
	const char		*expires = ctl_opt(ctl, args, "expires");
	const char		*role_arg = ctl_opt(ctl, args, "role");
	char			 code[INVITE_CODE_MAX], short_id[12], when[32];
	enum role		 role = ROLE_MEMBER;
	int64_t			 region_id, school_urn = 0, lifetime, now = now_ms();

	if ((region == NULL && school == NULL) == (csv == NULL))
		return (ctl_usage_fail(ctl, "give --region SLUG or --school URN "
		    "for one invite, or --csv FILE for one a row"));
	if (expires == NULL)
		expires = CTL_INVITE_EXPIRES;
	if ((lifetime = parse_duration(expires)) == -1 || lifetime > INT64_MAX - now)
		return (ctl_fail(ctl, "--expires \"%s\" is not a duration such "
		    "as 30m, 12h or 7d", expires));
	if (role_arg != NULL && !ctl_role(ctl, role_arg, &role))
		return (CTL_EXIT_FAIL);
	if (csv != NULL)
		return (ctl_invite_csv(ctl, args, csv, role, now, now + lifetime));
	/* The school's region unless --region names another. */
	if (school != NULL && !ctl_school(ctl, school, &school_urn, &region_id))
		return (CTL_EXIT_FAIL);
	if (region == NULL && region_id == 0)
		return (ctl_fail(ctl, "the register does not hold URN %s: give "
		    "--region too", school));
	if ((region != NULL && !ctl_region(ctl, region, &region_id)) ||
	    !ctl_invite_new(ctl, region_id, school_urn, role, now,
	    now + lifetime, code, short_id))
		return (CTL_EXIT_FAIL);
	snprintf(ctl->audit_note, sizeof ctl->audit_note, "invite %s",
	    short_id);
	/* The code alone on stdout, so scripts can capture it. */
	ctl_time(now + lifetime, when, sizeof when);
	printf("%s\n", code);
	fprintf(stderr, "invite %s: %s %s, role %s, expires %s\n", short_id,
	    region != NULL ? "region" : "school", region != NULL ? region :
	    school, role_name(role), when);
	sodium_memzero(code, sizeof code);
	return (CTL_EXIT_OK);
}

struct ctl_invite_list {
	struct ctl_list	list;
	int64_t		now;
};

static void
ctl_invite_list_cb(const struct store_invite *inv, void *arg)
{
	struct ctl_invite_list	*il = arg;
	const char		*status = invite_status(inv, il->now);
	char			 created[32], expires[32], school[16];
	char			*used = NULL;
	json_t			*o;

	if (il->list.json != NULL) {
		o = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s}", "id",
		    inv->short_id, "region", inv->region, "role",
		    role_name(inv->role), "created", (json_int_t)inv->created_ms,
		    "expires", (json_int_t)inv->expires_ms, "status", status);
		if (inv->used_by != NULL)
			json_object_set_new(o, "used_by", json_string(inv->used_by));
		if (inv->school_urn != 0)
			json_object_set_new(o, "school", json_sprintf("%06lld",
			    (long long)inv->school_urn));
		json_array_append_new(il->list.json, o);
		return;
	}
	if (inv->school_urn != 0)
		snprintf(school, sizeof school, "%06lld",
		    (long long)inv->school_urn);
	else
		snprintf(school, sizeof school, "-");
	ctl_time(inv->created_ms, created, sizeof created);
	ctl_time(inv->expires_ms, expires, sizeof expires);
	if (strcmp(status, "used") == 0 && inv->used_by != NULL)
		xasprintf(&used, "used by %s", inv->used_by);
	ctl_table_add(il->list.table, inv->short_id, inv->region, school,
	    role_name(inv->role), created, expires, used != NULL ? used : status);
	free(used);
}

int
ctl_invite_list(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_invite_list	il = { .now = now_ms() };

	ctl_list_init(&il.list, ctl_flag(ctl, args, "json"), 7, "ID", "REGION",
	    "SCHOOL", "ROLE", "CREATED", "EXPIRES", "STATUS");
	return (ctl_list_finish(ctl, &il.list,
	    store_invite_list(ctl->st, ctl_invite_list_cb, &il), "invites"));
}

int
ctl_invite_revoke(struct ctl *ctl, struct ctl_args *args)
{
	char			id[INVITE_SHORT_MAX];
	enum store_result	res;

	if (!invite_short_id(args->argv[0], id))
		return (ctl_fail(ctl, "no invite \"%s\"", args->argv[0]));
	res = store_invite_revoke(ctl->st, id);
	if (res == STORE_NOT_FOUND)
		return (ctl_fail(ctl, "no invite \"%s\"", args->argv[0]));
	if (res == STORE_INVITE_USED)
		return (ctl_fail(ctl, "invite %s was already used", id));
	if (res != STORE_OK)
		return (ctl_store_fail(ctl, res, id));
	return (CTL_EXIT_OK);
}
