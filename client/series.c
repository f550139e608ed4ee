/*
 * series.c: meeting series in both frontends — /series lists the person's
 * series and invitations, shows one with its people, creates one (with the
 * person's trust as a whole), and accepts, declines, invites and sets roles.
 */
#include <stdio.h>
#include <string.h>

#include "staffroom.h"

static void
series_list_cb(struct client *c, json_t *reply, void *arg)
{
	json_t	*s;
	size_t	 i;

	if (rpc_failed(c, reply))
		return;
	json_array_foreach(json_object_get(reply, "series"), i, s)
		fe_notice(c, "series %lld: %s (%s; board %lld)",
		    (long long)json_integer_value(json_object_get(s, "id")),
		    json_string_value(json_object_get(s, "name")),
		    json_string_value(json_object_get(s, "role")),
		    (long long)json_integer_value(json_object_get(s, "board")));
	json_array_foreach(json_object_get(reply, "invitations"), i, s)
		fe_notice(c, "invited to series %lld: %s; /series accept %lld",
		    (long long)json_integer_value(json_object_get(s, "id")),
		    json_string_value(json_object_get(s, "name")),
		    (long long)json_integer_value(json_object_get(s, "id")));
	if (json_array_size(json_object_get(reply, "series")) == 0 &&
	    json_array_size(json_object_get(reply, "invitations")) == 0)
		fe_notice(c, "you are in no meeting series yet");
}

static void
series_names(struct client *c, const char *label, json_t *list)
{
	json_t	*v;
	size_t	 i;
	char	*s = xstrdup(""), *t;

	json_array_foreach(list, i, v) {
		xasprintf(&t, "%s%s%s", s, i > 0 ? ", " : "",
		    json_is_string(v) ? json_string_value(v) :
		    json_string_value(json_object_get(v, "name")) != NULL ?
		    json_string_value(json_object_get(v, "name")) :
		    json_string_value(json_object_get(v, "handle")));
		free(s);
		s = t;
	}
	if (*s != '\0')
		fe_notice(c, "  %s: %s", label, s);
	free(s);
}

static void
series_get_cb(struct client *c, json_t *reply, void *arg)
{
	json_t	*s;

	if (rpc_failed(c, reply))
		return;
	s = json_object_get(reply, "series");
	fe_notice(c, "series %lld: %s (you: %s; owner %s; board %lld)",
	    (long long)json_integer_value(json_object_get(s, "id")),
	    json_string_value(json_object_get(s, "name")),
	    json_string_value(json_object_get(s, "role")),
	    json_string_value(json_object_get(s, "owner")),
	    (long long)json_integer_value(json_object_get(s, "board")));
	series_names(c, "chairs", json_object_get(s, "chairs"));
	series_names(c, "minute takers", json_object_get(s, "minute_takers"));
	series_names(c, "members", json_object_get(s, "members"));
	series_names(c, "observers", json_object_get(s, "observers"));
	series_names(c, "trusts", json_object_get(s, "trusts"));
	series_names(c, "invited", json_object_get(s, "invited"));
}

/*
 * /series                     the series you are in, and invitations
 * /series N                   one series and its people
 * /series create [trust] NAME a new series (with your trust as a whole)
 * /series accept N, decline N
 * /series invite N HANDLE [chair|minutes|member|observer|trust]
 * /series role N HANDLE ROLE
 */
void
meeting_series(struct client *c, const char *arg)
{
	char		 verb[16] = "", handle[64] = "", role[16] = "";
	long long	 n = 0;
	const char	*rest;
	int		 used = 0;

	if (*arg == '\0') {
		rpc_send(c, json_pack("{s:s}", "op", "series.list"),
		    series_list_cb, NULL);
		return;
	}
	if (sscanf(arg, "%lld", &n) == 1) {
		rpc_send(c, json_pack("{s:s, s:I}", "op", "series.get",
		    "series", (json_int_t)n), series_get_cb, NULL);
		return;
	}
	sscanf(arg, "%15s %n", verb, &used);
	rest = arg + used;
	if (strcmp(verb, "create") == 0 && *rest != '\0') {
		bool trust = strncmp(rest, "trust ", 6) == 0;

		rpc_send(c, json_pack("{s:s, s:s, s:b}", "op", "series.create",
		    "name", trust ? rest + 6 : rest, "trust", trust),
		    series_get_cb, NULL);
	} else if (strcmp(verb, "accept") == 0 && sscanf(rest, "%lld", &n) == 1)
		rpc_send(c, json_pack("{s:s, s:I}", "op", "series.accept",
		    "series", (json_int_t)n), series_get_cb, NULL);
	else if (strcmp(verb, "decline") == 0 && sscanf(rest, "%lld", &n) == 1)
		meeting_send(c, json_pack("{s:s, s:I}", "op", "series.decline",
		    "series", (json_int_t)n), "declined");
	else if (strcmp(verb, "invite") == 0 &&
	    sscanf(rest, "%lld %63s %15s", &n, handle, role) >= 2) {
		json_t *req = json_pack("{s:s, s:I, s:s}", "op", "series.invite",
		    "series", (json_int_t)n, "handle", handle);

		if (strcmp(role, "trust") == 0)
			json_object_set_new(req, "for_trust", json_true());
		else if (role[0] != '\0')
			json_object_set_new(req, "role", json_string(role));
		meeting_send(c, req, "invited");
	} else if (strcmp(verb, "role") == 0 &&
	    sscanf(rest, "%lld %63s %15s", &n, handle, role) == 3)
		rpc_send(c, json_pack("{s:s, s:I, s:s, s:s}", "op", "series.role",
		    "series", (json_int_t)n, "handle", handle, "role", role),
		    series_get_cb, NULL);
	else
		c->fe->error(c, "bad_command", "/series [N | create [trust] NAME "
		    "| accept N | decline N | invite N HANDLE [ROLE|trust] | role "
		    "N HANDLE ROLE]");
}
