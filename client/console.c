/*
 * console.c: the moderators' and admins' console, what both frontends
 * share: who may open it, the report queue as last fetched, and the
 * requests its keys and commands make. The full screen draws it
 * (console_screen.c: F5 or /mod); plain mode prints the same as lines and
 * acts through commands (/mod, /queue, /resolve, /lift).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

struct console console;

/* The server decides every act; this only spares others a screen of refusals. */
bool
console_allowed(struct client *c)
{
	return ((c->role != NULL && strcmp(c->role, "admin") == 0) ||
	    json_array_size(c->moderates) > 0);
}

/* /mod [TAB]: the console, for those who moderate something. */
void
console_command(struct client *c, const char *arg)
{
	if (!console_allowed(c)) {
		c->fe->error(c, "not_moderator", "the console is for "
		    "moderators and admins");
		return;
	}
	c->fe->console(c, arg);
}

static void
console_queue_cb(struct client *c, json_t *reply, void *arg)
{
	console.loading = false;
	if (people_failed(c, reply, "list reports") != PROTO_OK ||
	    reply == NULL) {
		c->fe->status(c);
		return;
	}
	json_decref(console.entries);
	console.entries = json_incref(json_object_get(reply, "entries"));
	if (!json_is_array(console.entries)) {
		json_decref(console.entries);
		console.entries = json_array();
	}
	console.more = json_is_true(json_object_get(reply, "more"));
	console.loaded = true;
	if (console.sel >= json_array_size(console.entries))
		console.sel = json_array_size(console.entries) > 0 ?
		    json_array_size(console.entries) - 1 : 0;
	c->fe->status(c);
}

/* The first page of the queue, for the screen; a reload keeps the selection. */
void
console_queue_load(struct client *c)
{
	if (console.loading || c->net.state != NET_READY)
		return;
	console.loading = true;
	rpc_send(c, json_pack("{s:s, s:i}", "op", "mod.queue", "limit",
	    CONSOLE_QUEUE_PAGE), console_queue_cb, NULL);
}

json_t *
console_entry(size_t i)
{
	return (json_array_get(console.entries, i));
}

/* The words said when the server took an action, by mod.resolve's name. */
static const struct {
	const char	*action;
	const char	*done;
} console_done_words[] = {
	{ "dismiss", "dismissed: no action" },
	{ "hide", "the item is hidden" },
	{ "warn", "the author is warned" },
	{ "mute", "the author is muted" },
	{ "suspend", "the author is suspended" },
	{ "ban", "the author is banned" },
};

static void
console_resolved_cb(struct client *c, json_t *reply, void *arg)
{
	const char	*done = arg;

	if (people_failed(c, reply, "resolve reports") != PROTO_OK ||
	    reply == NULL)
		return;
	fe_notice(c, "entry %lld: %s", (long long)json_integer_value(
	    json_object_get(reply, "entry")), done);
	console_queue_load(c);
}

void
console_resolve(struct client *c, const struct mod_resolution *r)
{
	const char	*done = "resolved";
	size_t		 i;

	for (i = 0; i < sizeof console_done_words / sizeof
	    console_done_words[0]; i++) {
		if (strcmp(console_done_words[i].action, r->action) == 0)
			done = console_done_words[i].done;
	}
	mod_resolve_send(c, r, console_resolved_cb, (void *)done);
}

/* Events the console follows while open (moderation.c tells them too). */
void
console_heard(struct client *c, const char *ev)
{
	if (strcmp(ev, "mod.entry") == 0 && console.open)
		console_queue_load(c);
}

void
console_free(void)
{
	json_decref(console.entries);
	memset(&console, 0, sizeof console);
}
