/*
 * meeting_floor.c: the floor of a meeting in both frontends. q+, q- and q?
 * are lines typed in the meeting room like any other; this file says the
 * queue and who has the floor as they change, shows votes as they open,
 * move and close, and adds /ack [HANDLE] and /closevote [VOTE] for chairs
 * and /vote [VOTE] N for everyone (the vote is the newest open one of the
 * meeting room on screen unless named). It keeps each live meeting's floor
 * as last heard (the catch-up, then the queue and vote events) for the
 * full meeting view's standing panel. A reminder of a meeting goes on the
 * status line with the terminal bell, once.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

/*
 * Each live meeting's floor: "ID" -> {"item": n, "queue": [{handle, note}],
 * "floor"?: {handle, by}, "votes": {"VOTE": vote}}. Who has the floor is
 * the last ack heard (or the catch-up's), until the item moves.
 */
static json_t	*floors;

void
floor_free(void)
{
	json_decref(floors);
	floors = NULL;
}

static json_t *
floor_of(json_int_t meeting, bool make)
{
	char	 key[32];
	json_t	*f;

	snprintf(key, sizeof key, "%lld", (long long)meeting);
	if ((f = json_object_get(floors, key)) != NULL || !make)
		return (f);
	if (floors == NULL)
		floors = json_object();
	f = json_pack("{s:I, s:[], s:{}}", "item", (json_int_t)0, "queue",
	    "votes");
	json_object_set_new(floors, key, f);
	return (f);
}

static void
floor_keep_vote(json_t *f, json_t *v)
{
	char	key[32];

	snprintf(key, sizeof key, "%lld", (long long)json_integer_value(
	    json_object_get(v, "id")));
	json_object_set(json_object_get(f, "votes"), key, v);
}

/*
 * A meeting as it is now: a live one's floor is kept (who has it goes with
 * the item it was given in); one not live has none.
 */
void
floor_meeting(const json_t *m)
{
	json_int_t	 id = json_integer_value(json_object_get(m, "id"));
	json_int_t	 item = json_integer_value(json_object_get(
			    json_object_get(m, "item"), "n"));
	const char	*state = json_string_value(json_object_get(m, "state"));
	json_t		*f;
	char		 key[32];

	if (id == 0)
		return;
	if (state == NULL || strcmp(state, "live") != 0) {
		snprintf(key, sizeof key, "%lld", (long long)id);
		json_object_del(floors, key);
		return;
	}
	f = floor_of(id, true);
	if (json_integer_value(json_object_get(f, "item")) != item)
		json_object_del(f, "floor");
	json_object_set_new(f, "item", json_integer(item));
}

/* meeting.get's or meeting.join's reply: the queue and the votes as they stand. */
void
floor_catch_up(const json_t *reply)
{
	const json_t	*m = json_object_get(reply, "meeting"), *v, *floor;
	json_t		*f;
	size_t		 i;

	floor_meeting(m);
	if ((f = floor_of(json_integer_value(json_object_get(m, "id")),
	    false)) == NULL)
		return;
	json_object_set(f, "queue", json_object_get(reply, "queue"));
	if ((floor = json_object_get(reply, "floor")) != NULL)
		json_object_set(f, "floor", (json_t *)floor);
	json_array_foreach(json_object_get(reply, "votes"), i, v)
		floor_keep_vote(f, (json_t *)v);
}

static void
floor_say_queue(struct client *c, const json_t *root)
{
	const json_t	*floor = json_object_get(root, "floor"), *q;
	json_t		*f;
	char		*s = xstrdup(""), *t;
	size_t		 i;

	json_array_foreach(json_object_get(root, "queue"), i, q) {
		const char *note = json_string_value(json_object_get(q, "note"));

		xasprintf(&t, "%s%s%s%s%s%s", s, i > 0 ? ", " : "",
		    json_string_value(json_object_get(q, "handle")),
		    note != NULL && *note != '\0' ? " (" : "",
		    note != NULL ? note : "",
		    note != NULL && *note != '\0' ? ")" : "");
		free(s);
		s = t;
	}
	/* Only a live meeting's room has a queue. */
	f = floor_of(json_integer_value(json_object_get(root, "meeting")), true);
	json_object_set(f, "queue", json_object_get(root, "queue"));
	if (floor != NULL)
		json_object_set(f, "floor", (json_t *)floor);
	/* One notice: the status line shows the last one. */
	if (floor != NULL)
		fe_notice(c, "%s gives the floor to %s; queue: %s",
		    json_string_value(json_object_get(floor, "by")),
		    json_string_value(json_object_get(floor, "handle")),
		    *s != '\0' ? s : "nobody");
	else
		fe_notice(c, "queue: %s", *s != '\0' ? s : "nobody");
	free(s);
}

/* "2. Ours: 1 (ben, dan)": an option, its count and who chose it when shown. */
static char *
floor_option_text(const json_t *o)
{
	const json_t	*voters = json_object_get(o, "voters");
	char		*s, *t;
	size_t		 j;

	xasprintf(&s, "%lld. %s", (long long)json_integer_value(
	    json_object_get(o, "n")), json_string_value(json_object_get(o,
	    "text")));
	if (json_object_get(o, "count") != NULL) {
		xasprintf(&t, "%s: %lld", s, (long long)json_integer_value(
		    json_object_get(o, "count")));
		free(s);
		s = t;
	}
	for (j = 0; j < json_array_size(voters); j++) {
		xasprintf(&t, "%s%s%s%s", s, j == 0 ? " (" : ", ",
		    json_string_value(json_array_get(voters, j)),
		    j + 1 == json_array_size(voters) ? ")" : "");
		free(s);
		s = t;
	}
	return (s);
}

/* "vote 3 by asha (named, open, 2 voted): Which? 1. LA's: 1 (dan); 2. Ours: 1 (ben)" */
static void
floor_say_vote(struct client *c, const json_t *v)
{
	const json_t	*o;
	json_t		*f;
	char		*s = xstrdup(""), *t, *opt;
	const char	*state = json_string_value(json_object_get(v, "state"));
	size_t		 i;

	json_array_foreach(json_object_get(v, "options"), i, o) {
		opt = floor_option_text(o);
		xasprintf(&t, "%s%s%s", s, i > 0 ? "; " : "", opt);
		free(opt);
		free(s);
		s = t;
	}
	fe_notice(c, "vote %lld by %s (%s, %s, %lld voted): %s %s%s",
	    (long long)json_integer_value(json_object_get(v, "id")),
	    json_string_value(json_object_get(v, "by")),
	    json_string_value(json_object_get(v, "kind")), state,
	    (long long)json_integer_value(json_object_get(v, "voters")),
	    json_string_value(json_object_get(v, "question")), s,
	    strcmp(state, "open") == 0 ? "; /vote N" : "");
	free(s);
	f = floor_of(json_integer_value(json_object_get(v, "meeting")), true);
	floor_keep_vote(f, (json_t *)v);
}

/*
 * The full meeting view's standing panel for a live meeting: who has the
 * floor, who waits (with their notes), and each open vote with its options
 * and counts (a named vote's names too). NULL when the meeting is not live.
 */
json_t *
floor_panel(json_int_t meeting)
{
	const json_t	*f = floor_of(meeting, false), *floor, *q, *v, *o;
	const char	*key, *note;
	json_t		*lines;
	char		*opt;
	size_t		 i;

	if (f == NULL)
		return (NULL);
	lines = json_array();
	if ((floor = json_object_get(f, "floor")) != NULL)
		meeting_line(lines, "heading", "Floor: %s (given by %s)",
		    json_string_value(json_object_get(floor, "handle")),
		    json_string_value(json_object_get(floor, "by")));
	else
		meeting_line(lines, "heading", "Floor: nobody has it yet");
	if (json_array_size(json_object_get(f, "queue")) == 0)
		meeting_line(lines, NULL, "Queue: nobody waits (q+ to ask)");
	else
		meeting_line(lines, "heading", "Queue:");
	json_array_foreach(json_object_get(f, "queue"), i, q) {
		note = json_string_value(json_object_get(q, "note"));
		meeting_line(lines, NULL, "  %zu. %s%s%s", i + 1,
		    json_string_value(json_object_get(q, "handle")),
		    note != NULL && *note != '\0' ? ": " : "",
		    note != NULL ? note : "");
	}
	json_object_foreach(json_object_get(f, "votes"), key, v) {
		if (strcmp(json_string_value(json_object_get(v, "state")),
		    "open") != 0)
			continue;
		meeting_line(lines, "heading", "Vote %lld (%s, %lld voted%s): %s",
		    (long long)json_integer_value(json_object_get(v, "id")),
		    json_string_value(json_object_get(v, "kind")),
		    (long long)json_integer_value(json_object_get(v, "voters")),
		    strcmp(json_string_value(json_object_get(v, "kind")),
		    "anonymous") == 0 ? "; counts when closed" : "",
		    json_string_value(json_object_get(v, "question")));
		json_array_foreach(json_object_get(v, "options"), i, o) {
			opt = floor_option_text(o);
			meeting_line(lines, NULL, "  %s", opt);
			free(opt);
		}
	}
	return (lines);
}

bool
floor_event(struct client *c, const char *ev, json_t *root)
{
	if (strcmp(ev, "queue") == 0)
		floor_say_queue(c, root);
	else if (strcmp(ev, "vote") == 0)
		floor_say_vote(c, json_object_get(root, "vote"));
	else
		return (false);
	return (true);
}

void
floor_reminder(struct client *c, const json_t *m, const char *which)
{
	fe_notice(c, "meeting %lld: %s %s (%s); /join %s",
	    (long long)json_integer_value(json_object_get(m, "id")),
	    json_string_value(json_object_get(m, "title")),
	    strcmp(which, "soon") == 0 ? "starts in 15 minutes" : "starts now",
	    json_string_value(json_object_get(m, "start_local")),
	    json_string_value(json_object_get(m, "room")));
	session_bell(c, NULL);
}

/* /ack [HANDLE]: chairs give the floor, to the first in the queue by default. */
void
floor_ack(struct client *c, const char *arg)
{
	json_int_t	 n = meeting_number(c, "");
	json_t		*req;

	if (n == 0)
		return;
	req = json_pack("{s:s, s:I}", "op", "queue.ack", "meeting", n);
	if (*arg != '\0')
		json_object_set_new(req, "handle", json_string(*arg == '@' ?
		    arg + 1 : arg));
	meeting_send(c, req, NULL);
}

/* The newest open vote of a meeting's floor; 0: none. */
static json_int_t
floor_newest_vote(const json_t *f)
{
	const char	*key;
	json_t		*v;
	json_int_t	 newest = 0, id;

	json_object_foreach(json_object_get(f, "votes"), key, v) {
		id = json_integer_value(json_object_get(v, "id"));
		if (strcmp(json_string_value(json_object_get(v, "state")),
		    "open") == 0 && id > newest)
			newest = id;
	}
	return (newest);
}

/* The vote named first in arg, else the newest open one of this meeting room. */
static json_int_t
floor_vote_number(struct client *c, const char **arg)
{
	json_int_t	 n;
	char		*end;
	long long	 v = strtoll(*arg, &end, 10);

	/* "/vote 7 2": vote 7, option 2. */
	if (end != *arg && *end == ' ' && v > 0) {
		*arg = end + 1;
		return (v);
	}
	if ((n = meeting_number(c, "")) == 0)
		return (0);
	if ((v = floor_newest_vote(floor_of(n, false))) == 0)
		c->fe->error(c, "bad_command", "no vote is open here: name one, "
		    "/vote VOTE N");
	return (v);
}

/* /vote [VOTE] N */
void
floor_vote(struct client *c, const char *arg)
{
	json_int_t	 vote = floor_vote_number(c, &arg);
	long long	 option;

	if (vote == 0)
		return;
	if (sscanf(arg, "%lld", &option) != 1) {
		c->fe->error(c, "bad_command", "/vote [VOTE] N: N is the "
		    "option's number");
		return;
	}
	meeting_send(c, json_pack("{s:s, s:I, s:I}", "op", "vote.cast", "vote",
	    vote, "option", (json_int_t)option), "voted");
}

/* /closevote [VOTE] */
void
floor_closevote(struct client *c, const char *arg)
{
	char		*buf;
	const char	*p;
	json_int_t	 vote;

	/* A lone number names the vote. */
	xasprintf(&buf, "%s ", arg);
	p = buf;
	vote = floor_vote_number(c, &p);
	free(buf);
	if (vote != 0)
		meeting_send(c, json_pack("{s:s, s:I}", "op", "vote.close",
		    "vote", vote), NULL);
}
