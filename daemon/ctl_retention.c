/*
 * ctl_retention.c: staffroomctl retention: how long each kind of room's
 * messages, and boards' posts, are kept. The daemon's hourly purge
 * (retention.c) reads the periods at the start of each pass.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

#define CTL_RETENTION_MAX_DAYS	36500	/* a hundred years: longer is "keep" */
#define CTL_RETENTION_KINDS	"national, region, trust, buddy, dm or board"

int
ctl_retention_set(struct ctl *ctl, struct ctl_args *args)
{
	const char		*what = args->argv[1];
	enum store_result	 res;
	char			*end;
	long			 days = 0;
	int			 kind;

	if ((kind = store_retention_kind_parse(args->argv[0])) < 0)
		return (ctl_usage_fail(ctl, "unknown kind \"%s\" ("
		    CTL_RETENTION_KINDS "; meeting rooms and minutes are "
		    "always kept)", args->argv[0]));
	if (strcmp(what, "keep") != 0) {
		days = strtol(what, &end, 10);
		if (*what < '0' || *what > '9' || *end != '\0' || days < 1 ||
		    days > CTL_RETENTION_MAX_DAYS)
			return (ctl_usage_fail(ctl, "\"%s\" is not a number of "
			    "days (1 to %d) or keep", what,
			    CTL_RETENTION_MAX_DAYS));
	}
	if ((res = store_retention_set(ctl->st, kind, (int)days, now_ms())) !=
	    STORE_OK)
		return (ctl_store_fail(ctl, res, "retention"));
	if (days > 0)
		fprintf(stderr, "%s: what is older than %ld days goes within the "
		    "hour (an item with an open report waits for its "
		    "moderator)\n", store_retention_kind_name(kind), days);
	return (CTL_EXIT_OK);
}

int
ctl_retention_show(struct ctl *ctl, struct ctl_args *args)
{
	struct store_retention	 r;
	struct ctl_list		 l;
	enum store_result	 res;
	const char		*kind;
	char			 kept[32], changed[32];
	int			 k;

	res = store_retention_get(ctl->st, &r);
	ctl_list_init(&l, ctl_flag(ctl, args, "json"), 3, "KIND", "KEPT",
	    "CHANGED");
	for (k = 0; res == STORE_OK && k < STORE_RETENTION_KINDS; k++) {
		kind = store_retention_kind_name(k);
		if (l.json != NULL) {
			json_array_append_new(l.json, json_pack("{s:s, s:o, s:I}",
			    "kind", kind, "days", r.days[k] > 0 ?
			    json_integer(r.days[k]) : json_null(), "changed_ms",
			    (json_int_t)r.changed_ms[k]));
			continue;
		}
		if (r.days[k] > 0)
			snprintf(kept, sizeof kept, "%d days", r.days[k]);
		else
			snprintf(kept, sizeof kept, "always");
		if (r.changed_ms[k] == 0)
			snprintf(changed, sizeof changed, "(default)");
		else
			ctl_time(r.changed_ms[k], changed, sizeof changed);
		ctl_table_add(l.table, kind, kept, changed);
	}
	/* Not a setting: said so that nobody looks for it. */
	if (res == STORE_OK && l.json == NULL)
		ctl_table_add(l.table, "meeting", "always (records, minutes)",
		    "(fixed)");
	return (ctl_list_finish(ctl, &l, res, "retention"));
}
