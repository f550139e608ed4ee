/*
 * meeting.c: meeting series and meetings in both frontends. Record lines
 * (#agreed, #action @handle ..., #info, present+, regrets) are ordinary
 * messages typed in a meeting room, so they work the same everywhere; this
 * file adds the commands (/meetings, /meeting, /schedule, /agenda,
 * /startmeeting, /endmeeting, /item, /topic, /actions, /done; /next moves
 * the agenda in a meeting room), shows the meeting, record and invitation
 * events as notices, and keeps each meeting's current item for the full
 * screen's header. /series is series.c's, /minutes minutes.c's.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

/* The newest state of each meeting the person was told of. */
static json_t	*meetings;	/* "meeting:<id>" -> meeting object */

static void
meeting_keep(json_t *m)
{
	const char	*room = json_string_value(json_object_get(m, "room"));

	if (room == NULL)
		return;
	if (meetings == NULL)
		meetings = json_object();
	json_object_set(meetings, room, m);
	floor_meeting(m);
}

void
meeting_free(void)
{
	json_decref(meetings);
	meetings = NULL;
}

static int
meeting_start_cmp(const void *a, const void *b)
{
	json_int_t	x = json_integer_value(json_object_get(*(json_t *const *)a,
			    "start"));
	json_int_t	y = json_integer_value(json_object_get(*(json_t *const *)b,
			    "start"));

	return (x < y ? -1 : x > y);
}

/*
 * The sidebar's entries for the meetings not started yet, soonest first:
 * "4 Mar 16:00 Spring network" (UK time, as scheduled); caller frees.
 */
char **
meeting_upcoming(size_t *n)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
		"May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	const char	*key, *local;
	json_t		*m, **v = NULL;
	char		**labels;
	size_t		 i;
	int		 y, mo, d;

	*n = 0;
	json_object_foreach(meetings, key, m) {
		if (strcmp(json_string_value(json_object_get(m, "state")),
		    "upcoming") != 0)
			continue;
		v = xreallocarray(v, *n + 1, sizeof *v);
		v[(*n)++] = m;
	}
	if (*n > 1)	/* qsort must not be passed NULL, even for none */
		qsort(v, *n, sizeof *v, meeting_start_cmp);
	labels = xreallocarray(NULL, *n + 1, sizeof *labels);
	for (i = 0; i < *n; i++) {
		local = json_string_value(json_object_get(v[i], "start_local"));
		if (local == NULL || sscanf(local, "%d-%d-%d", &y, &mo, &d) != 3 ||
		    mo < 1 || mo > 12 || strlen(local) < 16)
			xasprintf(&labels[i], "%s", json_string_value(
			    json_object_get(v[i], "title")));
		else
			xasprintf(&labels[i], "%d %s %.5s %s", d, months[mo - 1],
			    local + 11, json_string_value(json_object_get(v[i],
			    "title")));
	}
	free(v);
	return (labels);
}

/* "meeting:41" of the room open now, or NULL. */
static const char *
meeting_room_now(struct client *c)
{
	struct room	*r = session_current(c);

	if (r == NULL || strncmp(r->id, "meeting:", 8) != 0)
		return (NULL);
	return (r->id);
}

/* Whether body, in this room, is a record line (#agreed, #action, ...). */
bool
meeting_record_line(const char *room, const char *body)
{
	struct proto_record	rec;

	if (room == NULL || body == NULL || strncmp(room, "meeting:", 8) != 0)
		return (false);
	return (proto_record_parse(body, &rec, NULL, 0) &&
	    rec.kind != PROTO_RECORD_NONE);
}

bool
meeting_room_is_open(struct client *c)
{
	return (meeting_room_now(c) != NULL);
}

/* The meeting number from arg, or from the meeting room open now. */
json_int_t
meeting_number(struct client *c, const char *arg)
{
	const char	*room = meeting_room_now(c);
	char		*end;
	long long	 n;

	if (arg != NULL && *arg != '\0') {
		errno = 0;
		n = strtoll(arg, &end, 10);
		if (errno == 0 && n > 0 && (*end == '\0' || *end == ' '))
			return (n);
	} else if (room != NULL)
		return (strtoll(room + 8, NULL, 10));
	c->fe->error(c, "bad_command", "name a meeting by number (/meetings "
	    "lists them), or open its room");
	return (0);
}

/* "item 2/4: EHCP templates (3 of 15 min)", or "" before the first. */
char *
meeting_item_text(const json_t *m)
{
	const json_t	*item = json_object_get(m, "item");
	char		*s;

	if (!json_is_object(item)) {
		xasprintf(&s, "%s", "");
		return (s);
	}
	xasprintf(&s, "item %lld/%zu: %s (%lld of %lld min)",
	    (long long)json_integer_value(json_object_get(item, "n")),
	    json_array_size(json_object_get(m, "agenda")),
	    json_string_value(json_object_get(item, "title")),
	    (long long)json_integer_value(json_object_get(item, "used_s")) / 60,
	    (long long)json_integer_value(json_object_get(item, "minutes")));
	return (s);
}

/* For the full screen's title: the current item of this meeting room. */
char *
meeting_header(const char *room)
{
	json_t	*m = meetings != NULL ? json_object_get(meetings, room) : NULL;
	char	*item, *s;

	if (m == NULL)
		return (NULL);
	item = meeting_item_text(m);
	xasprintf(&s, "%s%s%s", json_string_value(json_object_get(m, "state")),
	    *item != '\0' ? ", " : "", item);
	free(item);
	return (s);
}

static void
meeting_say(struct client *c, const json_t *m)
{
	char	*item = meeting_item_text(m);

	fe_notice(c, "meeting %lld %s: %s, %s%s%s",
	    (long long)json_integer_value(json_object_get(m, "id")),
	    json_string_value(json_object_get(m, "title")),
	    json_string_value(json_object_get(m, "state")),
	    json_string_value(json_object_get(m, "start_local")),
	    *item != '\0' ? "; " : "", item);
	free(item);
}

static char	*meeting_record_text(const json_t *);

static void
meeting_say_record(struct client *c, const json_t *r, const char *prefix)
{
	char	*text = meeting_record_text(r);

	fe_notice(c, "%s%s", prefix, text);
	free(text);
}

/*
 * A chair's meeting.edit: "meeting 41: asha moved it from 2027-03-25 16:00
 * GMT to 2027-04-01 15:30 BST", one clause per change. A new title renames
 * its room here too.
 */
static void
meeting_say_edit(struct client *c, const json_t *m, const json_t *edited)
{
	const json_t	*was = json_object_get(edited, "was");
	const char	*old_title = json_string_value(json_object_get(was,
			    "title"));
	const char	*old_start = json_string_value(json_object_get(was,
			    "start_local"));
	const json_t	*old_length = json_object_get(was, "minutes");
	const char	*title = json_string_value(json_object_get(m, "title"));
	struct room	*r;
	char		*s = xstrdup(""), *t;

	if (old_title != NULL) {
		xasprintf(&t, "%s; retitled it \"%s\" (was \"%s\")", s, title,
		    old_title);
		free(s);
		s = t;
		r = session_room(c, json_string_value(json_object_get(m, "room")));
		if (r != NULL && title != NULL) {
			free(r->name);
			r->name = xstrdup(title);
		}
	}
	if (old_start != NULL) {
		xasprintf(&t, "%s; moved it to %s (was %s)", s,
		    json_string_value(json_object_get(m, "start_local")),
		    old_start);
		free(s);
		s = t;
	}
	if (old_length != NULL) {
		xasprintf(&t, "%s; made it %lld minutes long (was %lld)", s,
		    (long long)json_integer_value(json_object_get(m, "minutes")),
		    (long long)json_integer_value(old_length));
		free(s);
		s = t;
	}
	fe_notice(c, "meeting %lld \"%s\": %s%s",
	    (long long)json_integer_value(json_object_get(m, "id")), title,
	    json_string_value(json_object_get(edited, "by")), s + 1);
	free(s);
}

/* Events: true when it was one of ours. */
bool
meeting_event(struct client *c, const char *ev, json_t *root)
{
	json_t	*o;

	if (strcmp(ev, "meeting") == 0) {
		o = json_object_get(root, "meeting");
		meeting_keep(o);
		if (json_object_get(root, "reminder") != NULL)
			floor_reminder(c, o, json_string_value(json_object_get(
			    root, "reminder")));
		else if (json_object_get(root, "edited") != NULL)
			meeting_say_edit(c, o, json_object_get(root, "edited"));
		else
			meeting_say(c, o);
		c->fe->status(c);
	} else if (floor_event(c, ev, root))
		;
	else if (strcmp(ev, "record") == 0)
		meeting_say_record(c, json_object_get(root, "record"), "");
	else if (strcmp(ev, "series_invitation") == 0) {
		o = json_object_get(root, "series");
		fe_notice(c, "%s invites you to the series \"%s\"%s%s%s; "
		    "/series accept %lld",
		    json_string_value(json_object_get(root, "from")),
		    json_string_value(json_object_get(o, "name")),
		    json_object_get(root, "for_trust") != NULL ? " for " : "",
		    json_object_get(root, "for_trust") != NULL ?
		    json_string_value(json_object_get(root, "for_trust")) : "",
		    json_object_get(root, "for_trust") != NULL ? " as a whole" :
		    "", (long long)json_integer_value(json_object_get(o, "id")));
	} else if (strcmp(ev, "series") == 0) {
		o = json_object_get(root, "series");
		fe_notice(c, "you are now %s in the series \"%s\"",
		    json_string_value(json_object_get(o, "role")),
		    json_string_value(json_object_get(o, "name")));
	} else
		return (false);
	return (true);
}

void
meeting_summary(struct client *c, json_t *reply)
{
	json_t		*ahead = json_object_get(reply, "meetings");
	json_t		*actions = json_object_get(reply, "actions"), *v;
	const char	*live = NULL;
	size_t		 i, overdue = 0;

	json_array_foreach(ahead, i, v) {
		meeting_keep(v);
		if (live == NULL && strcmp(json_string_value(json_object_get(v,
		    "state")), "live") == 0)
			live = json_string_value(json_object_get(v, "title"));
	}
	json_array_foreach(actions, i, v)
		overdue += json_is_true(json_object_get(v, "overdue"));
	if (json_array_size(ahead) > 0)
		fe_notice(c, "%zu meeting%s ahead%s%s (/meetings)",
		    json_array_size(ahead), json_array_size(ahead) == 1 ? "" :
		    "s", live != NULL ? ", live now: " : "",
		    live != NULL ? live : "");
	if (json_array_size(actions) > 0)
		fe_notice(c, "%zu open action%s, %zu overdue (/actions)",
		    json_array_size(actions),
		    json_array_size(actions) == 1 ? "" : "s", overdue);
}

/* Replies that only need saying "done" or the error. */
static void
meeting_ok_cb(struct client *c, json_t *reply, void *arg)
{
	json_t	*m;

	if (rpc_failed(c, reply))
		return;
	/* A meeting's change comes as an event too, to every session: said then. */
	if ((m = json_object_get(reply, "meeting")) != NULL) {
		meeting_keep(m);
		c->fe->status(c);
	} else if (json_object_get(reply, "record") != NULL)
		meeting_say_record(c, json_object_get(reply, "record"), "");
	else if (arg != NULL)
		fe_notice(c, "%s", (const char *)arg);
}

void
meeting_send(struct client *c, json_t *req, const char *done)
{
	rpc_send(c, req, meeting_ok_cb, (void *)done);
}

/* --- meetings ------------------------------------------------------------ */

static void
meetings_cb(struct client *c, json_t *reply, void *arg)
{
	json_t	*m;
	size_t	 i;

	if (rpc_failed(c, reply))
		return;
	json_array_foreach(json_object_get(reply, "meetings"), i, m) {
		meeting_keep(m);
		meeting_say(c, m);
	}
	if (json_array_size(json_object_get(reply, "meetings")) == 0)
		fe_notice(c, "no meetings ahead");
}

void
meeting_meetings(struct client *c, const char *arg)
{
	rpc_send(c, json_pack("{s:s}", "op", "meeting.list"), meetings_cb, NULL);
}

void
meeting_line(json_t *lines, const char *flag, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	json_t	*l;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		s = NULL;
	va_end(ap);
	if (s == NULL)
		return;
	l = json_pack("{s:s}", "text", s);
	if (flag != NULL)
		json_object_set_new(l, flag, json_true());
	json_array_append_new(lines, l);
	free(s);
}

static char *
meeting_record_text(const json_t *r)
{
	const char	*owner = json_string_value(json_object_get(r, "owner"));
	const char	*due = json_string_value(json_object_get(r, "due"));
	const char	*status = json_string_value(json_object_get(r, "status"));
	char		*s;

	xasprintf(&s, "#%s %lld by %s: %s%s%s%s%s%s%s%s",
	    json_string_value(json_object_get(r, "kind")),
	    (long long)json_integer_value(json_object_get(r, "id")),
	    json_string_value(json_object_get(r, "by")),
	    owner != NULL ? "@" : "", owner != NULL ? owner : "",
	    owner != NULL ? " " : "",
	    json_string_value(json_object_get(r, "text")),
	    due != NULL ? " (due " : "", due != NULL ? due : "",
	    due != NULL ? ")" : "",
	    json_is_true(json_object_get(r, "struck")) ? " [struck]" :
	    status != NULL && strcmp(status, "done") == 0 ? " [done]" : "");
	return (s);
}

/* The meeting in full: agenda (current item marked), records so far, actions carried. */
struct meeting_get {
	bool	catch_up;	/* opening its room: only when there is something */
};

static void
meeting_get_cb(struct client *c, json_t *reply, void *arg)
{
	json_t		*m, *v, *lines;
	json_int_t	 current;
	size_t		 i;
	char		*title, *text;
	bool		 catch_up = arg != NULL;

	if (rpc_failed(c, reply))
		return;
	m = json_object_get(reply, "meeting");
	meeting_keep(m);
	floor_catch_up(reply);
	c->fe->status(c);
	if (catch_up && json_array_size(json_object_get(reply, "records")) == 0 &&
	    json_array_size(json_object_get(reply, "carried")) == 0) {
		meeting_say(c, m);
		return;
	}
	lines = json_array();
	text = meeting_item_text(m);
	xasprintf(&title, "Meeting %lld: %s (%s, %s)%s%s",
	    (long long)json_integer_value(json_object_get(m, "id")),
	    json_string_value(json_object_get(m, "title")),
	    json_string_value(json_object_get(m, "state")),
	    json_string_value(json_object_get(m, "start_local")),
	    *text != '\0' ? "; " : "", text);
	free(text);
	current = json_integer_value(json_object_get(json_object_get(m, "item"),
	    "n"));
	meeting_line(lines, "heading", "Agenda");
	json_array_foreach(json_object_get(m, "agenda"), i, v)
		meeting_line(lines, json_integer_value(json_object_get(v, "n")) ==
		    current ? "current" : NULL, "%lld. %s%s%s (%lld min)",
		    (long long)json_integer_value(json_object_get(v, "n")),
		    json_string_value(json_object_get(v, "title")),
		    json_object_get(v, "owner") != NULL ? ", " : "",
		    json_object_get(v, "owner") != NULL ?
		    json_string_value(json_object_get(v, "owner")) : "",
		    (long long)json_integer_value(json_object_get(v, "minutes")));
	if (json_array_size(json_object_get(reply, "carried")) > 0)
		meeting_line(lines, "heading", "Actions from last time");
	json_array_foreach(json_object_get(reply, "carried"), i, v) {
		text = meeting_record_text(v);
		meeting_line(lines, "record", "%s", text);
		free(text);
	}
	if (json_array_size(json_object_get(reply, "records")) > 0)
		meeting_line(lines, "heading", "Records so far");
	json_array_foreach(json_object_get(reply, "records"), i, v) {
		text = meeting_record_text(v);
		meeting_line(lines, "record", "%s", text);
		free(text);
	}
	c->fe->meeting(c, json_integer_value(json_object_get(m, "id")), title,
	    lines);
	free(title);
	json_decref(lines);
}

void
meeting_catch_up(struct client *c, const char *room)
{
	/*
	 * Opening the room is joining the meeting (the minutes count who
	 * did). Any non-NULL arg: a catch-up, shown only when there is
	 * something.
	 */
	rpc_send(c, json_pack("{s:s, s:I}", "op", "meeting.join", "meeting",
	    (json_int_t)strtoll(room + 8, NULL, 10)), meeting_get_cb,
	    (void *)room);
}

/*
 * /meeting edit [N] title TEXT | start YYYY-MM-DD HH:MM | minutes M: chairs
 * change a meeting of theirs (the one whose room is open unless N).
 */
static void
meeting_edit(struct client *c, const char *arg)
{
	char		 field[8] = "", day[16], hm[8], start[32];
	long long	 mins;
	const char	*rest;
	json_int_t	 n = 0;
	json_t		*req;
	int		 used = 0;

	if (sscanf(arg, "%lld %n", &mins, &used) == 1) {
		n = (json_int_t)mins;
		arg += used;
	}
	used = 0;
	sscanf(arg, "%7s %n", field, &used);
	rest = arg + used;
	req = json_pack("{s:s}", "op", "meeting.edit");
	if (strcmp(field, "title") == 0 && *rest != '\0')
		json_object_set_new(req, "title", json_string(rest));
	else if (strcmp(field, "start") == 0 &&
	    sscanf(rest, "%15s %7s", day, hm) == 2) {
		snprintf(start, sizeof start, "%s %s", day, hm);
		json_object_set_new(req, "start", json_string(start));
	} else if (strcmp(field, "minutes") == 0 &&
	    sscanf(rest, "%lld", &mins) == 1)
		json_object_set_new(req, "minutes", json_integer(mins));
	else {
		json_decref(req);
		c->fe->error(c, "bad_command", "/meeting edit [N] title TEXT | "
		    "start YYYY-MM-DD HH:MM | minutes M (UK time)");
		return;
	}
	if (n == 0 && (n = meeting_number(c, "")) == 0) {
		json_decref(req);
		return;
	}
	json_object_set_new(req, "meeting", json_integer(n));
	/* Said when the series' meeting event comes back, to every session. */
	meeting_send(c, req, NULL);
}

/* /meeting [N], /meeting edit ... */
void
meeting_meeting(struct client *c, const char *arg)
{
	json_int_t	n;

	if (strncmp(arg, "edit", 4) == 0 && (arg[4] == ' ' || arg[4] == '\0')) {
		meeting_edit(c, arg + 4 + (arg[4] == ' '));
		return;
	}
	n = meeting_number(c, arg);

	if (n > 0)
		rpc_send(c, json_pack("{s:s, s:I}", "op", "meeting.get",
		    "meeting", n), meeting_get_cb, NULL);
}

/* /schedule SERIES YYYY-MM-DD HH:MM MINUTES TITLE */
void
meeting_schedule(struct client *c, const char *arg)
{
	long long	 series, minutes;
	char		 day[16], hm[8], start[32];
	int		 used = 0;

	if (sscanf(arg, "%lld %15s %7s %lld %n", &series, day, hm, &minutes,
	    &used) != 4 || arg[used] == '\0') {
		c->fe->error(c, "bad_command", "/schedule SERIES YYYY-MM-DD HH:MM "
		    "MINUTES TITLE (UK time)");
		return;
	}
	snprintf(start, sizeof start, "%s %s", day, hm);
	rpc_send(c, json_pack("{s:s, s:I, s:s, s:s, s:I}", "op",
	    "meeting.create", "series", (json_int_t)series, "title", arg + used,
	    "start", start, "minutes", (json_int_t)minutes), meeting_ok_cb,
	    NULL);
}

/* /agenda [N], /agenda [N] add [@OWNER] [MINUTES] TITLE, move N TO, drop N */
void
meeting_agenda(struct client *c, const char *arg)
{
	char		 verb[8] = "", owner[64] = "";
	long long	 a = 0, b = 0, mins = 0;
	const char	*rest;
	json_int_t	 n;
	json_t		*req;
	int		 used = 0;

	/* "/agenda N add ...": a meeting not open yet (before it starts). */
	if (sscanf(arg, "%lld %7s %n", &a, verb, &used) == 2 &&
	    strcmp(verb, "add") == 0) {
		n = a;
		rest = arg + used;
		goto add;
	}
	used = 0;
	sscanf(arg, "%7s %n", verb, &used);
	rest = arg + used;
	n = 0;
	if (strcmp(verb, "add") == 0 && *rest != '\0') {
add:
		if (n == 0 && (n = meeting_number(c, "")) == 0)
			return;
		req = json_pack("{s:s, s:I}", "op", "agenda.add", "meeting", n);
		if (*rest == '@' && sscanf(rest + 1, "%63s %n", owner, &used) == 1) {
			json_object_set_new(req, "owner", json_string(owner));
			rest += used + 1;
		}
		if (sscanf(rest, "%lld %n", &mins, &used) == 1 && rest[used] != '\0') {
			json_object_set_new(req, "minutes", json_integer(mins));
			rest += used;
		}
		json_object_set_new(req, "title", json_string(rest));
		meeting_send(c, req, NULL);
	} else if (strcmp(verb, "move") == 0 &&
	    sscanf(rest, "%lld %lld", &a, &b) == 2) {
		if ((n = meeting_number(c, "")) != 0)
			meeting_send(c, json_pack("{s:s, s:I, s:I, s:I}", "op",
			    "agenda.move", "meeting", n, "item", (json_int_t)a,
			    "to", (json_int_t)b), NULL);
	} else if (strcmp(verb, "drop") == 0 && sscanf(rest, "%lld", &a) == 1) {
		if ((n = meeting_number(c, "")) != 0)
			meeting_send(c, json_pack("{s:s, s:I, s:I}", "op",
			    "agenda.drop", "meeting", n, "item", (json_int_t)a),
			    NULL);
	} else if (*arg == '\0' || (verb[0] >= '0' && verb[0] <= '9'))
		meeting_meeting(c, arg);
	else
		c->fe->error(c, "bad_command", "/agenda [N] | add [@OWNER] "
		    "[MINUTES] TITLE | move N TO | drop N");
}

static void
meeting_op(struct client *c, const char *arg, int which)
{
	static const char *const ops[] = { "meeting.end", "agenda.next" };
	json_int_t	n = meeting_number(c, which == 1 ? "" : arg);

	if (n > 0)
		meeting_send(c, json_pack("{s:s, s:I}", "op", ops[which],
		    "meeting", n), NULL);
}

/* The meeting has started: its room is where the chair goes. */
static void
meeting_started_cb(struct client *c, json_t *reply, void *arg)
{
	const char	*room = json_string_value(json_object_get(
			    json_object_get(reply, "meeting"), "room"));

	meeting_ok_cb(c, reply, arg);
	if (room != NULL)
		session_goto(c, room);
}

void
meeting_startmeeting(struct client *c, const char *arg)
{
	json_int_t	n = meeting_number(c, arg);

	if (n > 0)
		rpc_send(c, json_pack("{s:s, s:I}", "op", "meeting.start",
		    "meeting", n), meeting_started_cb, NULL);
}

void
meeting_endmeeting(struct client *c, const char *arg)
{
	meeting_op(c, arg, 0);
}

/* /next: the next agenda item in a meeting room, the next room elsewhere. */
void
meeting_next(struct client *c)
{
	meeting_op(c, "", 1);
}

void
meeting_item(struct client *c, const char *arg)
{
	json_int_t	n = meeting_number(c, "");
	long long	i;

	if (n == 0)
		return;
	if (sscanf(arg, "%lld", &i) != 1) {
		c->fe->error(c, "bad_command", "/item N: go to agenda item N");
		return;
	}
	meeting_send(c, json_pack("{s:s, s:I, s:I}", "op", "agenda.item",
	    "meeting", n, "item", (json_int_t)i), NULL);
}

void
meeting_topic(struct client *c, const char *arg)
{
	json_int_t	n = meeting_number(c, "");

	if (n > 0)
		meeting_send(c, json_pack("{s:s, s:I, s:s}", "op", "agenda.topic",
		    "meeting", n, "topic", arg), NULL);
}

static void
actions_cb(struct client *c, json_t *reply, void *arg)
{
	json_t	*a;
	size_t	 i;

	if (rpc_failed(c, reply))
		return;
	json_array_foreach(json_object_get(reply, "actions"), i, a)
		meeting_say_record(c, a, json_is_true(json_object_get(a,
		    "overdue")) ? "OVERDUE " : "");
	if (json_array_size(json_object_get(reply, "actions")) == 0)
		fe_notice(c, "you have no open actions");
}

void
meeting_actions(struct client *c, const char *arg)
{
	rpc_send(c, json_pack("{s:s}", "op", "actions.list"), actions_cb, NULL);
}

/* /done ACTION [NOTE] */
void
meeting_done(struct client *c, const char *arg)
{
	long long	 id;
	int		 used = 0;
	json_t		*req;

	if (sscanf(arg, "%lld %n", &id, &used) < 1) {
		c->fe->error(c, "bad_command", "/done ACTION [NOTE]");
		return;
	}
	req = json_pack("{s:s, s:I}", "op", "action.done", "action",
	    (json_int_t)id);
	if (used > 0 && arg[used] != '\0')
		json_object_set_new(req, "note", json_string(arg + used));
	meeting_send(c, req, NULL);
}
