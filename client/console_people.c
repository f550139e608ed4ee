/*
 * console_people.c: a person's role and moderator scopes in the console,
 * for both frontends. The People tab shows them with the person's record
 * and changes them with R (role), + and - (a scope); plain mode has
 * /role and /scope. The server decides (admins only) and says why not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

/* "  moderates: national, region:north-east", as admin.person tells it. */
void
console_person_scopes_text(json_t *p, mod_line_fn emit, void *arg)
{
	const char	*role = json_string_value(json_object_get(p, "role"));
	json_t		*mods = json_object_get(p, "moderates"), *m;
	char		*line = xstrdup("  moderates:"), *more;
	size_t		 i;

	if (role != NULL && strcmp(role, "admin") == 0) {
		emit(arg, MOD_LINE_CONTEXT, "  moderates every scope (an admin)");
		free(line);
		return;
	}
	if (json_array_size(mods) == 0) {
		emit(arg, MOD_LINE_CONTEXT, "  moderates nothing");
		free(line);
		return;
	}
	json_array_foreach(mods, i, m) {
		xasprintf(&more, "%s%s %s", line, i > 0 ? "," : "",
		    json_string_value(m));
		free(line);
		line = more;
	}
	emit(arg, MOD_LINE_CONTEXT, line);
	free(line);
}

static void
console_roles_done_cb(struct client *c, json_t *reply, void *arg)
{
	json_t		*p;
	const char	*handle, *role;

	if (people_failed(c, reply, "give roles") != PROTO_OK || reply == NULL)
		return;
	p = json_object_get(reply, "person");
	handle = json_string_value(json_object_get(p, "handle"));
	if ((role = json_string_value(json_object_get(p, "role"))) == NULL)
		role = "member";
	fe_notice(c, "%s is now %s %s", handle, strcmp(role, "admin") == 0 ?
	    "an" : "a", role);
	console_person_scopes_text(p, mod_notice_line, c);
	/* The record on the People tab shows it too. */
	if (console.open && console.person != NULL && handle != NULL &&
	    strcmp(handle, json_string_value(json_object_get(console.person,
	    "handle"))) == 0)
		console_person_load(c, handle);
}

void
console_role_set(struct client *c, const char *handle, const char *role)
{
	rpc_send(c, json_pack("{s:s, s:s, s:s}", "op", "admin.role", "handle",
	    handle, "role", role), console_roles_done_cb, NULL);
}

/* action: "add" or "remove". */
void
console_scope_set(struct client *c, const char *handle, const char *action,
    const char *scope)
{
	rpc_send(c, json_pack("{s:s, s:s, s:s, s:s}", "op", "admin.scope",
	    "handle", handle, "action", action, "scope", scope),
	    console_roles_done_cb, NULL);
}

/* /role HANDLE member|moderator|admin */
void
console_role_command(struct client *c, const char *arg)
{
	char	*handle = mod_word(&arg);

	if (*arg == '\0' || strchr(arg, ' ') != NULL)
		c->fe->error(c, "bad_command", "/role HANDLE member, moderator "
		    "or admin");
	else
		console_role_set(c, handle, arg);
	free(handle);
}

/* /scope HANDLE add|remove SCOPE */
void
console_scope_command(struct client *c, const char *arg)
{
	char	*handle = mod_word(&arg), *action = mod_word(&arg);

	if ((strcmp(action, "add") != 0 && strcmp(action, "remove") != 0) ||
	    *arg == '\0' || strchr(arg, ' ') != NULL)
		c->fe->error(c, "bad_command", "/scope HANDLE add|remove SCOPE "
		    "(national, region:SLUG or trust:ID)");
	else
		console_scope_set(c, handle, action, arg);
	free(handle);
	free(action);
}

/* --- the People tab's keys --------------------------------------------------- */

static const char *
console_person_handle(void)
{
	return (json_string_value(json_object_get(console.person, "handle")));
}

static void
console_role_answer(struct client *c, const char *text)
{
	if (*text != '\0' && console_person_handle() != NULL)
		console_role_set(c, console_person_handle(), text);
}

static void
console_scope_add_answer(struct client *c, const char *text)
{
	if (*text != '\0' && console_person_handle() != NULL)
		console_scope_set(c, console_person_handle(), "add", text);
}

static void
console_scope_remove_answer(struct client *c, const char *text)
{
	if (*text != '\0' && console_person_handle() != NULL)
		console_scope_set(c, console_person_handle(), "remove", text);
}

/* R, + and - on the record shown; false for any other key. */
bool
console_people_roles_key(struct client *c, int key)
{
	char		*prompt;
	const char	*h = console_person_handle(), *initial;

	if (key != 'R' && key != '+' && key != '-')
		return (false);
	if (h == NULL) {
		ui_notice_set("show someone's record first (Enter or /)", 1);
		return (true);
	}
	if (key == 'R') {
		xasprintf(&prompt, "%s's role (member, moderator or admin): ", h);
		initial = json_string_value(json_object_get(console.person,
		    "role"));
		console_screen_ask(prompt, initial != NULL ? initial : "",
		    console_role_answer);
	} else if (key == '+') {
		xasprintf(&prompt, "%s moderates also (national, region:SLUG or "
		    "trust:ID): ", h);
		console_screen_ask(prompt, "", console_scope_add_answer);
	} else {
		xasprintf(&prompt, "%s no longer moderates: ", h);
		initial = json_string_value(json_array_get(json_object_get(
		    console.person, "moderates"), 0));
		console_screen_ask(prompt, initial != NULL ? initial : "",
		    console_scope_remove_answer);
	}
	free(prompt);
	return (true);
}
