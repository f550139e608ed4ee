/*
 * meeting_floor.c: the floor of a meeting in both frontends. q+, q- and q?
 * are lines typed in the meeting room like any other; this file says the
 * queue and who has the floor as they change, shows votes as they open,
 * move and close, and adds /ack [HANDLE] and /closevote [VOTE] for chairs
 * and /vote [VOTE] N for everyone (the vote is the newest open one of the
 * meeting room on screen unless named). A reminder of a meeting goes on the
 * status line with the terminal bell, once.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

/* The newest open vote of each meeting: "meeting id" -> vote id. */
static json_t	*open_votes;

void
floor_free(void)
{
	json_decref(open_votes);
	open_votes = NULL;
}

static void
floor_say_queue(struct client *c, const json_t *root)
{
	const json_t	*floor = json_object_get(root, "floor"), *q;
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

/* "vote 3 by asha (named, open, 2 voted): Which? 1. LA's 1 (dan); 2. Ours 1 (ben)" */
static void
floor_say_vote(struct client *c, const json_t *v)
{
	const json_t	*o, *voters;
	char		*s = xstrdup(""), *t, key[32];
	const char	*state = json_string_value(json_object_get(v, "state"));
	json_int_t	 id = json_integer_value(json_object_get(v, "id"));
	size_t		 i, j;

	json_array_foreach(json_object_get(v, "options"), i, o) {
		xasprintf(&t, "%s%s%lld. %s", s, i > 0 ? "; " : "",
		    (long long)json_integer_value(json_object_get(o, "n")),
		    json_string_value(json_object_get(o, "text")));
		free(s);
		s = t;
		if (json_object_get(o, "count") != NULL) {
			xasprintf(&t, "%s: %lld", s, (long long)json_integer_value(
			    json_object_get(o, "count")));
			free(s);
			s = t;
		}
		voters = json_object_get(o, "voters");
		for (j = 0; j < json_array_size(voters); j++) {
			xasprintf(&t, "%s%s%s%s", s, j == 0 ? " (" : ", ",
			    json_string_value(json_array_get(voters, j)),
			    j + 1 == json_array_size(voters) ? ")" : "");
			free(s);
			s = t;
		}
	}
	fe_notice(c, "vote %lld by %s (%s, %s, %lld voted): %s %s%s",
	    (long long)id, json_string_value(json_object_get(v, "by")),
	    json_string_value(json_object_get(v, "kind")), state,
	    (long long)json_integer_value(json_object_get(v, "voters")),
	    json_string_value(json_object_get(v, "question")), s,
	    strcmp(state, "open") == 0 ? "; /vote N" : "");
	free(s);
	snprintf(key, sizeof key, "%lld", (long long)json_integer_value(
	    json_object_get(v, "meeting")));
	if (open_votes == NULL)
		open_votes = json_object();
	if (strcmp(state, "open") == 0)
		json_object_set_new(open_votes, key, json_integer(id));
	else if (json_integer_value(json_object_get(open_votes, key)) == id)
		json_object_del(open_votes, key);
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

/* The vote named first in arg, else the newest open one of this meeting room. */
static json_int_t
floor_vote_number(struct client *c, const char **arg)
{
	json_int_t	 n;
	char		 key[32], *end;
	long long	 v = strtoll(*arg, &end, 10);

	/* "/vote 7 2": vote 7, option 2. */
	if (end != *arg && *end == ' ' && v > 0) {
		*arg = end + 1;
		return (v);
	}
	if ((n = meeting_number(c, "")) == 0)
		return (0);
	snprintf(key, sizeof key, "%lld", (long long)n);
	if ((v = json_integer_value(json_object_get(open_votes, key))) == 0)
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
