/*
 * console_invites.c: invites in the console, for both frontends: making
 * one or many (invite.create), listing them (invite.list) and revoking one
 * (invite.revoke). A new code is shown once, as the server sends it: the
 * full screen keeps it on the Invites tab until the console closes
 * (console_invites_screen.c), plain mode prints it. Commands: /invite,
 * /invites, /revoke.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

/* "7KQ2MX North East member: open, until Sat 12 Dec 17:20" */
char *
console_invite_line(json_t *i)
{
	const char	*status = json_string_value(json_object_get(i, "status"));
	const char	*school = json_string_value(json_object_get(i, "school"));
	const char	*by = json_string_value(json_object_get(i, "used_by"));
	char		*line, until[64], how[96];

	clock_short_text(json_integer_value(json_object_get(i, "expires")),
	    until, sizeof until);
	if (by != NULL)
		snprintf(how, sizeof how, "used by %s", by);
	else if (status != NULL && strcmp(status, "open") == 0)
		snprintf(how, sizeof how, "open, until %s", until);
	else
		snprintf(how, sizeof how, "%s", status != NULL ? status : "?");
	xasprintf(&line, "%s %s%s%s %s: %s", json_string_value(json_object_get(
	    i, "id")), region_name(json_string_value(json_object_get(i,
	    "region"))),
	    school != NULL ? " school " : "", school != NULL ? school : "",
	    json_string_value(json_object_get(i, "role")), how);
	return (line);
}

/*
 * "REGION|URN [COUNT] [ROLE] [days:N]", in any order, as invite.create's
 * fields; false (and said) for a word it does not know.
 */
static bool
console_invite_fields(struct client *c, const char *arg, json_t *req)
{
	const char	*p = arg;
	char		*word, *end;
	long long	 n;
	size_t		 len;
	bool		 ok = true;

	while (ok && *(p += strspn(p, " \t")) != '\0') {
		len = strcspn(p, " \t");
		word = xstrndup(p, len);
		p += len;
		n = strtoll(word, &end, 10);
		if (len == 6 && *end == '\0')
			json_object_set_new(req, "school", json_string(word));
		else if (*end == '\0' && n > 0)
			json_object_set_new(req, "count", json_integer(n));
		else if (strncmp(word, "days:", 5) == 0 &&
		    (n = strtoll(word + 5, &end, 10)) > 0 && *end == '\0')
			json_object_set_new(req, "days", json_integer(n));
		else if (strcmp(word, "member") == 0 ||
		    strcmp(word, "moderator") == 0 || strcmp(word, "admin") == 0)
			json_object_set_new(req, "role", json_string(word));
		else if (json_object_get(req, "region") == NULL &&
		    strspn(word, "abcdefghijklmnopqrstuvwxyz-") == len)
			json_object_set_new(req, "region", json_string(word));
		else
			ok = false;
		free(word);
	}
	if (ok && json_object_get(req, "region") == NULL &&
	    json_object_get(req, "school") == NULL)
		ok = false;
	if (!ok)
		c->fe->error(c, "bad_command", "invites: a region (north-east) "
		    "or a school's 6-digit URN, then how many, a role and "
		    "days:N if not 1 member for 7 days");
	return (ok);
}

/* The region the person moderates first, for the prompt: "north-east". */
const char *
console_invite_region(struct client *c)
{
	const char	*s;
	size_t		 i;
	json_t		*m;

	json_array_foreach(c->moderates, i, m) {
		s = json_string_value(m);
		if (s != NULL && strncmp(s, "region:", 7) == 0)
			return (s + 7);
	}
	return (c->region != NULL ? c->region : "");
}

static void
console_invites_cb(struct client *c, json_t *reply, void *arg)
{
	if (people_failed(c, reply, "list invites") != PROTO_OK ||
	    reply == NULL)
		return;
	json_decref(console.invites);
	console.invites = json_incref(json_object_get(reply, "invites"));
	if (console.invite_sel >= json_array_size(console.invites))
		console.invite_sel = 0;
	c->fe->status(c);
}

void
console_invites_load(struct client *c)
{
	rpc_send(c, json_pack("{s:s}", "op", "invite.list"),
	    console_invites_cb, NULL);
}

/* Each new code with what it is for: the one time it is shown. */
static void
console_made_cb(struct client *c, json_t *reply, void *arg)
{
	json_t	*i;
	char	*line;
	size_t	 k, n;

	if (people_failed(c, reply, "make invites") != PROTO_OK ||
	    reply == NULL)
		return;
	if (console.invites_made == NULL)
		console.invites_made = json_array();
	n = json_array_size(json_object_get(reply, "invites"));
	fe_notice(c, "%zu new invite code%s, shown this once%s: send each to "
	    "one person", n, n == 1 ? "" : "s", console.open ? " above the list" :
	    "");
	json_array_foreach(json_object_get(reply, "invites"), k, i) {
		json_array_append(console.invites_made, i);
		/* The open console's tab shows them; elsewhere a line each. */
		if (console.open)
			continue;
		line = console_invite_line(i);
		fe_notice(c, "%s  (%s)", json_string_value(json_object_get(i,
		    "code")), line);
		free(line);
	}
	if (console.open)
		console_invites_load(c);
}

void
console_invite_create(struct client *c, const char *arg)
{
	json_t	*req = json_pack("{s:s}", "op", "invite.create");

	if (!console_invite_fields(c, arg, req)) {
		json_decref(req);
		return;
	}
	rpc_send(c, req, console_made_cb, NULL);
}

static void
console_revoked_cb(struct client *c, json_t *reply, void *arg)
{
	if (people_failed(c, reply, "revoke invites") != PROTO_OK ||
	    reply == NULL)
		return;
	fe_notice(c, "invite %s is revoked: its code no longer works",
	    json_string_value(json_object_get(reply, "invite")));
	if (console.open)
		console_invites_load(c);
}

void
console_invite_revoke(struct client *c, const char *id)
{
	rpc_send(c, json_pack("{s:s, s:s}", "op", "invite.revoke", "invite",
	    id), console_revoked_cb, NULL);
}

/* --- plain mode's commands (they work on the full screen too) --------------- */

/* /invite REGION|URN [COUNT] [ROLE] [days:N] */
void
console_invite_command(struct client *c, const char *arg)
{
	console_invite_create(c, arg);
}

static void
console_invites_print_cb(struct client *c, json_t *reply, void *arg)
{
	json_t	*i;
	char	*line;
	size_t	 k;

	if (people_failed(c, reply, "list invites") != PROTO_OK ||
	    reply == NULL)
		return;
	if (json_array_size(json_object_get(reply, "invites")) == 0)
		fe_notice(c, "no invites in your regions");
	json_array_foreach(json_object_get(reply, "invites"), k, i) {
		line = console_invite_line(i);
		fe_notice(c, "%s", line);
		free(line);
	}
	if (json_is_true(json_object_get(reply, "more")))
		fe_notice(c, "(older invites not shown)");
}

/* /invites */
void
console_invites_command(struct client *c, const char *arg)
{
	rpc_send(c, json_pack("{s:s}", "op", "invite.list"),
	    console_invites_print_cb, NULL);
}

/* /revoke ID */
void
console_revoke_command(struct client *c, const char *arg)
{
	console_invite_revoke(c, arg);
}

/* The codes go when the console closes: nobody reads them again. */
void
console_invites_free(void)
{
	json_decref(console.invites);
	json_decref(console.invites_made);
	console.invites = console.invites_made = NULL;
	console.invite_sel = 0;
}
