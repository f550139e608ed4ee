/*
 * console.c: the moderators' and admins' console, what both frontends
 * share: who may open it, the report queue as last fetched, and the
 * requests its keys and commands make. The full screen draws it
 * (console_screen.c: F5 or /mod); plain mode prints the same as lines and
 * acts through commands (/mod, /queue, /resolve, /lift; held messages:
 * console_held.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
	if ((strcmp(ev, "mod.entry") == 0 || strcmp(ev, "mod.resolved") == 0) &&
	    console.open)
		console_queue_load(c);
}

void
console_free(void)
{
	json_decref(console.online);
	json_decref(console.person);
	json_decref(console.rooms);
	json_decref(console.audit);
	json_decref(console.entries);
	free(console.verified);
	console_invites_free();
	console_rooms_words_free();
	memset(&console, 0, sizeof console);
}

/* --- people: who is online, one person, ending their sessions --------------- */

/* "14:02, idle 3 min" */
static void
console_since_words(json_t *obj, char *buf, size_t size)
{
	char		hm[16];
	json_int_t	idle = json_integer_value(json_object_get(obj, "idle_ms"));

	clock_hm(json_integer_value(json_object_get(obj, "since")), hm,
	    sizeof hm);
	if (idle >= 60000)
		snprintf(buf, size, "since %s, idle %lld min", hm,
		    (long long)(idle / 60000));
	else
		snprintf(buf, size, "since %s, active", hm);
}

/* One line for a person online: "amy (Amy Reed, north-east): 2 sessions since 14:02, active" */
char *
console_online_line(json_t *p)
{
	char	*name = text_safe_utf8(json_string_value(json_object_get(p,
		    "name")), 0), *line, since[64];
	json_int_t n = json_integer_value(json_object_get(p, "sessions"));

	console_since_words(p, since, sizeof since);
	xasprintf(&line, "%s (%s, %s): %lld session%s %s",
	    json_string_value(json_object_get(p, "handle")), name,
	    region_name(json_string_value(json_object_get(p, "region"))),
	    (long long)n, n == 1 ? "" : "s", since);
	free(name);
	return (line);
}

/* A person as admin.person tells: who, their sessions, their sanctions. */
void
console_person_text(json_t *p, mod_line_fn emit, void *arg)
{
	json_t		*s;
	const char	*room, *kind;
	char		*name = text_safe_utf8(json_string_value(json_object_get(p,
			    "name")), 0), *reason, *line, since[64], when[64];
	char		 until[80];
	size_t		 i;

	xasprintf(&line, "%s (%s), %s, %s", json_string_value(json_object_get(p,
	    "handle")), name, region_name(json_string_value(json_object_get(p,
	    "region"))), json_string_value(json_object_get(p, "role")));
	emit(arg, MOD_LINE_HEAD, line);
	free(line);
	free(name);
	console_person_scopes_text(p, emit, arg);
	if (json_array_size(json_object_get(p, "sessions")) == 0)
		emit(arg, MOD_LINE_CONTEXT, "  not online");
	json_array_foreach(json_object_get(p, "sessions"), i, s) {
		console_since_words(s, since, sizeof since);
		xasprintf(&line, "  online: %s %s%s%s", json_string_value(
		    json_object_get(s, "kind")), since, json_object_get(s,
		    "address") != NULL ? " from " : "", json_object_get(s,
		    "address") != NULL ? json_string_value(json_object_get(s,
		    "address")) : "");
		emit(arg, MOD_LINE_CONTEXT, line);
		free(line);
	}
	if (json_array_size(json_object_get(p, "sanctions")) == 0)
		emit(arg, MOD_LINE_HISTORY, "  no warnings or sanctions");
	json_array_foreach(json_object_get(p, "sanctions"), i, s) {
		reason = text_safe_utf8(json_string_value(json_object_get(s,
		    "reason")), 0);
		room = json_string_value(json_object_get(s, "room"));
		kind = json_string_value(json_object_get(s, "kind"));
		clock_short_text(json_integer_value(json_object_get(s, "ts")),
		    when, sizeof when);
		until[0] = '\0';
		if (json_integer_value(json_object_get(s, "until")) > 0) {
			memcpy(until, " until ", 8);
			clock_short_text(json_integer_value(json_object_get(s,
			    "until")), until + 7, sizeof until - 7);
		}
		/* Lifted said early: the reason may run past the screen's edge. */
		xasprintf(&line, "  sanction %lld: %s%s%s%s on %s%s: %s",
		    (long long)json_integer_value(json_object_get(s, "id")), kind,
		    json_object_get(s, "lifted") != NULL ? " (lifted)" : "",
		    room != NULL ? " in " : "", room != NULL ? room : "", when,
		    until, reason);
		emit(arg, MOD_LINE_HISTORY, line);
		free(line);
		free(reason);
	}
}

static void
console_who_cb(struct client *c, json_t *reply, void *arg)
{
	if (people_failed(c, reply, "say who is online") != PROTO_OK ||
	    reply == NULL)
		return;
	json_decref(console.online);
	console.online = json_incref(json_object_get(reply, "people"));
	if (console.online_sel >= json_array_size(console.online))
		console.online_sel = 0;
	c->fe->status(c);
}

void
console_who_load(struct client *c)
{
	rpc_send(c, json_pack("{s:s}", "op", "admin.who"), console_who_cb,
	    NULL);
}

static void
console_person_cb(struct client *c, json_t *reply, void *arg)
{
	if (people_failed(c, reply, "show a person's record") != PROTO_OK ||
	    reply == NULL)
		return;
	json_decref(console.person);
	console.person = json_incref(json_object_get(reply, "person"));
	c->fe->status(c);
}

void
console_person_load(struct client *c, const char *handle)
{
	rpc_send(c, json_pack("{s:s, s:s}", "op", "admin.person", "handle",
	    handle), console_person_cb, NULL);
}

static void
console_kicked_cb(struct client *c, json_t *reply, void *arg)
{
	json_int_t	n;

	if (people_failed(c, reply, "end sessions") != PROTO_OK || reply == NULL)
		return;
	n = json_integer_value(json_object_get(reply, "sessions"));
	fe_notice(c, "ended %s's %lld session%s", json_string_value(
	    json_object_get(reply, "handle")), (long long)n, n == 1 ? "" : "s");
	if (console.open)
		console_who_load(c);
}

void
console_kick(struct client *c, const char *handle, const char *reason)
{
	json_t	*req = json_pack("{s:s, s:s}", "op", "admin.kick", "handle",
	    handle);

	if (reason != NULL && *reason != '\0')
		json_object_set_new(req, "reason", json_string(reason));
	rpc_send(c, req, console_kicked_cb, NULL);
}

/* --- the commands (plain mode's console; they work on the full screen too) --- */

static void
console_online_print_cb(struct client *c, json_t *reply, void *arg)
{
	json_t	*p;
	char	*line;
	size_t	 i;

	if (people_failed(c, reply, "say who is online") != PROTO_OK ||
	    reply == NULL)
		return;
	if (json_array_size(json_object_get(reply, "people")) == 0)
		fe_notice(c, "nobody is online in your regions");
	json_array_foreach(json_object_get(reply, "people"), i, p) {
		line = console_online_line(p);
		fe_notice(c, "%s", line);
		free(line);
	}
}

/* /online */
void
console_online_command(struct client *c, const char *arg)
{
	rpc_send(c, json_pack("{s:s}", "op", "admin.who"),
	    console_online_print_cb, NULL);
}

static void
console_person_print_cb(struct client *c, json_t *reply, void *arg)
{
	if (people_failed(c, reply, "show a person's record") != PROTO_OK ||
	    reply == NULL)
		return;
	console_person_text(json_object_get(reply, "person"),
	    mod_notice_line, c);
}

/* /person HANDLE */
void
console_person_command(struct client *c, const char *arg)
{
	rpc_send(c, json_pack("{s:s, s:s}", "op", "admin.person", "handle",
	    arg), console_person_print_cb, NULL);
}

/* /kick HANDLE [REASON] */
void
console_kick_command(struct client *c, const char *arg)
{
	size_t	 n = strcspn(arg, " \t");
	char	*handle = xstrndup(arg, n);

	console_kick(c, handle, arg + n + strspn(arg + n, " \t"));
	free(handle);
}

/* --- rooms: lock, slow mode, announcements (the room tools' ops) ------------- */

/* The rooms a moderator may tend: national, region and trust rooms. */
static bool
console_tended(json_t *room)
{
	const char	*kind = json_string_value(json_object_get(room, "kind"));

	return (kind != NULL && (strcmp(kind, "national") == 0 ||
	    strcmp(kind, "region") == 0 || strcmp(kind, "trust") == 0));
}

static void
console_rooms_cb(struct client *c, json_t *reply, void *arg)
{
	json_t	*r;
	size_t	 i;

	if (people_failed(c, reply, "list rooms") != PROTO_OK || reply == NULL)
		return;
	json_decref(console.rooms);
	console.rooms = json_array();
	json_array_foreach(json_object_get(reply, "rooms"), i, r) {
		if (console_tended(r))
			json_array_append(console.rooms, r);
	}
	console_rooms_scopes_add(c);
	if (console.room_sel >= json_array_size(console.rooms))
		console.room_sel = 0;
	if (console.open)
		console_scope_follow(c);
	c->fe->status(c);
}

void
console_rooms_load(struct client *c)
{
	rpc_send(c, json_pack("{s:s}", "op", "rooms.list"), console_rooms_cb,
	    NULL);
}

/* "North East: locked, slow 30 s, announcements only; pinned: TEXT" */
char *
console_room_line(json_t *r)
{
	char		*name = text_safe_utf8(json_string_value(json_object_get(r,
			    "name")), 0), *pin = NULL, *line, slow[32] = "";
	const char	*pinned = json_string_value(json_object_get(
			    json_object_get(r, "pinned"), "text"));
	json_int_t	 secs = json_integer_value(json_object_get(r, "slow"));

	if (json_is_true(json_object_get(r, "scope_only"))) {
		xasprintf(&line, "%s: a scope you moderate (its room is not "
		    "one of yours)", name);
		free(name);
		return (line);
	}
	if (secs > 0)
		snprintf(slow, sizeof slow, ", slow: %lld s", (long long)secs);
	if (pinned != NULL)
		pin = text_safe_utf8(pinned, 0);
	xasprintf(&line, "%s: %s%s%s%s%s", name, json_is_true(json_object_get(r,
	    "locked")) ? "locked" : "open", slow, json_is_true(json_object_get(r,
	    "announce_only")) ? ", announcements only" : "", pin != NULL ?
	    "; pinned: " : "", pin != NULL ? pin : "");
	free(pin);
	free(name);
	return (line);
}

static void
console_room_done_cb(struct client *c, json_t *reply, void *arg)
{
	char	*line;

	if (people_failed(c, reply, "change rooms") != PROTO_OK || reply == NULL)
		return;
	line = console_room_line(json_object_get(reply, "room"));
	fe_notice(c, "%s", line);
	free(line);
	if (console.open)
		console_rooms_load(c);
}

/* A room tool (room.lock, room.slow, ...) on room, its fields in req (taken). */
void
console_room_op(struct client *c, const char *op, const char *room,
    json_t *req)
{
	json_object_set_new(req, "op", json_string(op));
	json_object_set_new(req, "room", json_string(room));
	rpc_send(c, req, console_room_done_cb, NULL);
}

/* Plain mode's room tools act on the room on screen. */
static const char *
console_here(struct client *c)
{
	struct room	*r = session_current(c);

	if (r == NULL) {
		c->fe->error(c, "no_room", "no room is open");
		return (NULL);
	}
	return (r->id);
}

/* /lockroom [off], /announceonly [off] */
void
console_room_toggle_command(struct client *c, const char *arg, int announce)
{
	const char	*room = console_here(c);
	bool		 on = strcmp(arg, "off") != 0;

	if (room == NULL)
		return;
	if (announce)
		console_room_op(c, "room.announce", room, json_pack("{s:b}",
		    "only", on));
	else
		console_room_op(c, "room.lock", room, json_pack("{s:b}",
		    "locked", on));
}

/* /slow SECONDS|off */
void
console_slow_command(struct client *c, const char *arg)
{
	const char	*room = console_here(c);
	char		*end;
	long long	 secs = strcmp(arg, "off") == 0 ? 0 : strtoll(arg, &end, 10);

	if (room == NULL)
		return;
	if (strcmp(arg, "off") != 0 && (secs <= 0 || *end != '\0')) {
		c->fe->error(c, "bad_command", "/slow SECONDS (one message per "
		    "person that often) or /slow off");
		return;
	}
	console_room_op(c, "room.slow", room, json_pack("{s:I}", "seconds",
	    (json_int_t)secs));
}

/* /announce TEXT pins it in the room's header; /announce off takes it down. */
void
console_announce_command(struct client *c, const char *arg)
{
	const char	*room = console_here(c);

	if (room == NULL)
		return;
	if (strcmp(arg, "off") == 0)
		console_room_op(c, "room.unpin", room, json_object());
	else
		console_room_op(c, "room.pin", room, json_pack("{s:s}", "body",
		    arg));
}

/* --- the audit log (admins) ---------------------------------------------------- */

/*
 * "actor:HANDLE target:HANDLE since:YYYY-MM-DD" (any, in any order) as
 * admin.audit's fields; false (and said) for a word it does not know.
 */
static bool
console_audit_filters(struct client *c, const char *arg, json_t *req)
{
	const char	*p = arg;
	char		*word;
	struct tm	 tm;
	size_t		 n;
	bool		 ok = true;

	while (ok && *(p += strspn(p, " \t")) != '\0') {
		n = strcspn(p, " \t");
		word = xstrndup(p, n);
		p += n;
		memset(&tm, 0, sizeof tm);
		if (strncmp(word, "actor:", 6) == 0 && word[6] != '\0')
			json_object_set_new(req, "actor", json_string(word + 6));
		else if (strncmp(word, "target:", 7) == 0 && word[7] != '\0')
			json_object_set_new(req, "target", json_string(word + 7));
		else if (strncmp(word, "since:", 6) == 0 &&
		    strptime(word + 6, "%Y-%m-%d", &tm) != NULL) {
			tm.tm_isdst = -1;
			json_object_set_new(req, "since", json_integer(
			    (json_int_t)mktime(&tm) * 1000));
		} else {
			c->fe->error(c, "bad_command", "audit filters are "
			    "actor:HANDLE (or actor:operator), target:HANDLE and "
			    "since:YYYY-MM-DD");
			ok = false;
		}
		free(word);
	}
	return (ok);
}

/* "#12 5 Dec 14:02 mo: admin.kick amy: take a break (1 session)" */
char *
console_audit_line(json_t *row)
{
	const char	*target = json_string_value(json_object_get(row, "target"));
	const char	*reason = json_string_value(json_object_get(row, "reason"));
	const char	*detail = json_string_value(json_object_get(row, "detail"));
	char		*r = text_safe_utf8(reason != NULL ? reason : "", 0);
	char		*d = text_safe_utf8(detail != NULL ? detail : "", 0);
	char		*line, when[64], what[64];

	clock_short_text(json_integer_value(json_object_get(row, "ts")), when,
	    sizeof when);
	if (target != NULL)
		snprintf(what, sizeof what, "%s", target);
	else if (json_integer_value(json_object_get(row, "target_id")) > 0)
		snprintf(what, sizeof what, "%s %lld", json_string_value(
		    json_object_get(row, "target_kind")), (long long)
		    json_integer_value(json_object_get(row, "target_id")));
	else
		what[0] = '\0';
	xasprintf(&line, "#%lld %s %s: %s %s%s%s%s%s%s", (long long)
	    json_integer_value(json_object_get(row, "id")), when,
	    json_string_value(json_object_get(row, "actor")), json_string_value(
	    json_object_get(row, "act")), what, *r != '\0' ? ": " : "", r,
	    *d != '\0' ? " (" : "", d, *d != '\0' ? ")" : "");
	free(r);
	free(d);
	return (line);
}

static void
console_audit_cb(struct client *c, json_t *reply, void *arg)
{
	if (people_failed(c, reply, "show the audit log") != PROTO_OK ||
	    reply == NULL)
		return;
	json_decref(console.audit);
	console.audit = json_incref(json_object_get(reply, "rows"));
	console.audit_more = json_is_true(json_object_get(reply, "more"));
	c->fe->status(c);
}

static void
console_audit_print_cb(struct client *c, json_t *reply, void *arg)
{
	json_t	*row;
	char	*line;
	size_t	 i;

	if (people_failed(c, reply, "show the audit log") != PROTO_OK ||
	    reply == NULL)
		return;
	if (json_array_size(json_object_get(reply, "rows")) == 0)
		fe_notice(c, "no audit rows match");
	json_array_foreach(json_object_get(reply, "rows"), i, row) {
		line = console_audit_line(row);
		fe_notice(c, "%s", line);
		free(line);
	}
	if (json_is_true(json_object_get(reply, "more")))
		fe_notice(c, "more rows follow: narrow it with since:YYYY-MM-DD");
}

static void
console_audit_send(struct client *c, const char *filters, rpc_cb cb)
{
	json_t	*req = json_pack("{s:s, s:i}", "op", "admin.audit", "limit",
	    CONSOLE_AUDIT_PAGE);

	if (!console_audit_filters(c, filters, req)) {
		json_decref(req);
		return;
	}
	rpc_send(c, req, cb, NULL);
}

void
console_audit_load(struct client *c, const char *filters)
{
	console_audit_send(c, filters, console_audit_cb);
}

/*
 * admin.audit_verify a slice at a time, each reply asking for the next,
 * until the chain's end or a fault: the result is said and kept for the
 * Audit tab.
 */
static void
console_verify_cb(struct client *c, json_t *reply, void *arg)
{
	const char	*message;

	if (people_failed(c, reply, "verify the audit log") != PROTO_OK ||
	    reply == NULL)
		return;
	if (json_is_true(json_object_get(reply, "more"))) {
		console_audit_verify(c, json_integer_value(json_object_get(reply,
		    "last")));
		return;
	}
	message = json_string_value(json_object_get(reply, "message"));
	free(console.verified);
	xasprintf(&console.verified, "%s%s", json_is_true(json_object_get(
	    reply, "sound")) ? "" : "BROKEN: ", message != NULL ? message : "?");
	fe_notice(c, "%s", console.verified);
}

void
console_audit_verify(struct client *c, int64_t after)
{
	rpc_send(c, json_pack("{s:s, s:I}", "op", "admin.audit_verify", "after",
	    (json_int_t)after), console_verify_cb, NULL);
}

/* /audit [actor:HANDLE] [target:HANDLE] [since:YYYY-MM-DD], or /audit verify */
void
console_audit_command(struct client *c, const char *arg)
{
	if (strcmp(arg, "verify") == 0)
		console_audit_verify(c, 0);
	else
		console_audit_send(c, arg, console_audit_print_cb);
}
