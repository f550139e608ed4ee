/*
 * people.c: the people on the server, as the client sees them: profiles
 * (/whois, /profile), the directory search (/people), direct messages
 * (/dm), blocks (/block, /unblock, /blocks), setting oneself away (/away,
 * /back) and reports. Presence marks and room members are presence.c's.
 *
 * This file asks and remembers; the screens are in directory.c, and plain
 * mode gets the same answers as lines. Every string from the server is
 * neutralised where it is drawn or printed (ui_put, text_safe_utf8).
 *
 * Ops the server does not know yet are answered with unknown_op: each says
 * so once, in words, and the rest of the client carries on.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "staffroom.h"

#define PEOPLE_SEARCH_LIMIT	50

static struct {
	bool	 away;			/* we set ourselves away */
	json_t	*profile;		/* the last one asked for */
	json_t	*results;		/* the last search */
} people;

/* --- answers --------------------------------------------------------------- */

/*
 * An error reply: unknown_op means this server has no such feature yet,
 * said in words; anything else as the server put it. Returns the code.
 */
enum proto_error
people_failed(struct client *c, json_t *reply, const char *what)
{
	const char		*code, *message;
	enum proto_error	 err;

	if ((err = rpc_error(reply, &code, &message)) == PROTO_OK || reply == NULL)
		return (err);
	if (err == PROTO_ERR_UNKNOWN_OP)
		fe_notice(c, "this server cannot %s yet", what);
	else
		c->fe->error(c, code, message);
	return (err);
}

/* A value from a profile as one line of text. */
char *
people_value_text(json_t *v)
{
	const char	*name, *urn;
	json_t		*e;
	size_t		 i, len = 0;
	char		*out = xstrdup(""), *part, *tmp;

	switch (json_typeof(v)) {
	case JSON_STRING:
		free(out);
		return (xstrdup(json_string_value(v)));
	case JSON_INTEGER:
		free(out);
		xasprintf(&out, "%lld", (long long)json_integer_value(v));
		return (out);
	case JSON_REAL:
		free(out);
		xasprintf(&out, "%g", json_real_value(v));
		return (out);
	case JSON_TRUE:
		free(out);
		return (xstrdup("yes"));
	case JSON_FALSE:
		free(out);
		return (xstrdup("no"));
	case JSON_ARRAY:
		json_array_foreach(v, i, e) {
			part = people_value_text(e);
			if (*part == '\0') {
				free(part);
				continue;
			}
			if (len == 0)
				tmp = xstrdup(part);
			else
				xasprintf(&tmp, "%s, %s", out, part);
			free(out);
			free(part);
			out = tmp;
			len++;
		}
		return (out);
	case JSON_OBJECT:
		if ((name = json_string_value(json_object_get(v, "name"))) ==
		    NULL && (name = json_string_value(json_object_get(v,
		    "code"))) == NULL)
			name = json_string_value(json_object_get(v, "handle"));
		urn = json_string_value(json_object_get(v, "urn"));
		if (urn == NULL && json_is_integer(json_object_get(v, "urn"))) {
			free(out);
			xasprintf(&out, "%s (URN %lld)", name != NULL ? name :
			    "", (long long)json_integer_value(json_object_get(v,
			    "urn")));
			return (out);
		}
		free(out);
		if (name != NULL && urn != NULL && *urn != '\0') {
			xasprintf(&out, "%s (URN %s)", name, urn);
			return (out);
		}
		return (xstrdup(name != NULL ? name : urn != NULL ? urn : ""));
	case JSON_NULL:
		break;
	}
	return (out);
}

/* The fields of a profile in the order people read them, with labels. */
static const struct {
	const char	*key;
	const char	*label;
} people_labels[] = {
	{ "handle", "Handle" },
	{ "name", "Name" },
	{ "status", "Presence" },
	{ "presence", "Presence" },
	{ "state", "Presence" },
	{ "last_seen", "Last seen" },
	{ "role_title", "Role" },
	{ "job_title", "Job title" },
	{ "role", "Role" },
	{ "school", "School" },
	{ "school_name", "School" },
	{ "urn", "School URN" },
	{ "school_urn", "School URN" },
	{ "trust", "Trust" },
	{ "region", "Region" },
	{ "phases", "Phases" },
	{ "phase", "Phase" },
	{ "years_in_role", "Years in role" },
	{ "nasenco", "NASENCO" },
	{ "npq_senco", "NPQ SENCO" },
	{ "npq", "NPQ SENCO" },
	{ "areas", "Broad areas" },
	{ "expertise", "Expertise" },
	{ "needs", "Expertise (need codes)" },
	{ "bio", "About" },
	{ "tier", "Where" },
	{ "buddy_available", "Open to buddying" },
	{ "presence_hidden", "Presence hidden" },
	{ "visible", "Shown to others" },
	{ "blocked", "Blocked by you" },
	{ NULL, NULL }
};

/* Keys that are not for reading (visible is shown on one's own only). */
static int
people_key_hidden(const char *key, int own)
{
	return (strcmp(key, "visible") == 0 ? !own :
	    strcmp(key, "id") == 0 || strcmp(key, "user_id") == 0);
}

static char *
people_label_of(const char *key)
{
	char	*s;
	size_t	 i;

	for (i = 0; people_labels[i].key != NULL; i++) {
		if (strcmp(people_labels[i].key, key) == 0)
			return (xstrdup(people_labels[i].label));
	}
	/* An unknown key: "some_field" reads "Some field". */
	s = xstrdup(key);
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '_')
			s[i] = ' ';
	}
	s[0] = (char)toupper((unsigned char)s[0]);
	return (s);
}

/* Field names read better without underscores ("years in role"). */
static bool
people_humane(const char *key)
{
	return (strcmp(key, "visible") == 0);
}

static void
people_humanise(char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '_')
			*s = ' ';
	}
}

/* A value as people read it: a listed value by its label. */
static char *
people_value_shown(const char *key, json_t *v)
{
	char	*text;

	if ((text = choices_text(key, v)) != NULL)
		return (text);
	if (strcmp(key, "region") == 0 && json_is_string(v))
		return (xstrdup(region_name(json_string_value(v))));
	text = people_value_text(v);
	if (people_humane(key))
		people_humanise(text);
	return (text);
}

static void
people_field_add(struct people_field **f, size_t *n, const char *key,
    json_t *v)
{
	char	*text, day[64], hm[16];

	if (json_is_null(v))
		return;
	if (strcmp(key, "last_seen") == 0 && json_is_integer(v)) {
		if (json_integer_value(v) <= 0)
			return;
		clock_day_text(json_integer_value(v), day, sizeof day);
		clock_hm(json_integer_value(v), hm, sizeof hm);
		xasprintf(&text, "%s %s", day, hm);
	} else if (strcmp(key, "visible") == 0 && json_is_array(v) &&
	    json_array_size(v) == 0)
		text = xstrdup("nothing but your handle");
	else
		text = people_value_shown(key, v);
	if (*text == '\0' && !json_is_string(v)) {
		free(text);
		return;
	}
	*f = xreallocarray(*f, *n + 1, sizeof **f);
	(*f)[*n].key = xstrdup(key);
	(*f)[*n].label = people_label_of(key);
	(*f)[*n].value = text;
	(*n)++;
}

/*
 * The fields a profile object holds, labelled, in reading order: the known
 * ones first, then anything newer the server sends. Only what the server
 * sent is shown: it leaves out what the person chose to hide.
 */
size_t
people_profile_fields(json_t *profile, int own, struct people_field **out)
{
	struct people_field	*f = NULL;
	const char		*key;
	json_t			*v;
	size_t			 n = 0, i;
	int			 known;

	for (i = 0; people_labels[i].key != NULL; i++) {
		if ((v = json_object_get(profile, people_labels[i].key)) !=
		    NULL && !people_key_hidden(people_labels[i].key, own))
			people_field_add(&f, &n, people_labels[i].key, v);
	}
	json_object_foreach(profile, key, v) {
		for (known = 0, i = 0; people_labels[i].key != NULL; i++) {
			if (strcmp(people_labels[i].key, key) == 0)
				known = 1;
		}
		if (!known && !people_key_hidden(key, own))
			people_field_add(&f, &n, key, v);
	}
	*out = f;
	return (n);
}

void
people_fields_free(struct people_field *f, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(f[i].key);
		free(f[i].label);
		free(f[i].value);
	}
	free(f);
}

/* Appends ", value" to *line for each of keys that p has. */
static void
people_values_append(json_t *p, const char *const *keys, char **line)
{
	char	*v, *tmp;
	size_t	 i;

	for (i = 0; keys[i] != NULL; i++) {
		if (json_object_get(p, keys[i]) == NULL)
			continue;
		v = people_value_shown(keys[i], json_object_get(p, keys[i]));
		if (*v != '\0') {
			if (strcmp(keys[i], "years_in_role") == 0)
				xasprintf(&tmp, "%s, %s year%s in role", *line, v,
				    strcmp(v, "1") == 0 ? "" : "s");
			else
				xasprintf(&tmp, "%s, %s", *line, v);
			free(*line);
			*line = tmp;
		}
		free(v);
	}
}

/* What a person does, as a result line tells it after who they are. */
static const char *const people_work_keys[] = { "role_title", "job_title",
    "school", "region", "phases", "years_in_role", "expertise", NULL };
static const char *const people_tier_key[] = { "tier", NULL };

/* "handle (Name)" */
static char *
people_who(json_t *p)
{
	const char	*handle = json_string_value(json_object_get(p, "handle"));
	const char	*name = json_string_value(json_object_get(p, "name"));
	char		*s;

	xasprintf(&s, "%s%s%s%s", handle != NULL ? handle : "?",
	    name != NULL ? " (" : "", name != NULL ? name : "",
	    name != NULL ? ")" : "");
	return (s);
}

/* " [online]" after a line, when the person's presence is known. */
static void
people_presence_append(json_t *p, char **line)
{
	const char		*handle = json_string_value(json_object_get(p,
				    "handle"));
	char			*tmp;
	int64_t			 seen;
	enum presence_state	 st;

	if (handle == NULL || (st = people_presence(handle, &seen)) ==
	    PRESENCE_UNKNOWN)
		return;
	xasprintf(&tmp, "%s [%s]", *line, presence_word(st));
	free(*line);
	*line = tmp;
}

/* One line about a person in a list: "handle (Name), role, region ...". */
char *
people_summary_line(json_t *p)
{
	char	*line = people_who(p);

	people_values_append(p, people_work_keys, &line);
	people_values_append(p, people_tier_key, &line);
	people_presence_append(p, &line);
	return (line);
}

/*
 * The same in two rows, for a screen whose width would cut the line: who,
 * how near and whether online first, so that a long school or expertise
 * list never hides them; what they do below. *work is "" for nobody's.
 */
void
people_summary_rows(json_t *p, char **who, char **work)
{
	char	*line = xstrdup("");

	*who = people_who(p);
	people_values_append(p, people_tier_key, who);
	people_presence_append(p, who);
	people_values_append(p, people_work_keys, &line);
	/* Without the ", " the first value brought. */
	*work = xstrdup(line[0] != '\0' ? line + 2 : line);
	free(line);
}

/*
 * A filter's value: the rest of the word, or, when it opens a quote, the
 * words up to the one that closes it (trust:"Ace Academies Trust").
 */
static char *
people_filter_value(char *value, char **save)
{
	char	*word, *v;
	size_t	 len;

	if (*value != '"')
		return (xstrdup(value));
	v = xstrdup(value + 1);
	while ((len = strlen(v)) == 0 || v[len - 1] != '"') {
		if ((word = strtok_r(NULL, " \t", save)) == NULL)
			return (v);	/* never closed: what there is */
		v = xrealloc(v, len + strlen(word) + 2);
		snprintf(v + len, strlen(word) + 2, " %s", word);
	}
	v[len - 1] = '\0';
	return (v);
}

/*
 * Directory filters as typed after /people: "need:ASD region:london
 * phase:primary role:senco school:100000 trust:\"Ace Trust\"" and any other
 * words as the free query.
 * Sets the request's fields; returns -1 on an unknown filter name.
 */
int
people_filter_parse(const char *arg, json_t *req)
{
	static const char *names[] = { "q", "region", "school", "trust",
	    "need", "phase", "role", NULL };
	char		*copy = xstrdup(arg), *word, *save = NULL, *colon;
	char		*q = NULL, *tmp;
	size_t		 i;
	int		 rc = 0;

	for (word = strtok_r(copy, " \t", &save); word != NULL;
	    word = strtok_r(NULL, " \t", &save)) {
		if ((colon = strchr(word, ':')) != NULL && colon != word) {
			*colon = '\0';
			for (i = 0; names[i] != NULL; i++) {
				if (strcasecmp(names[i], word) == 0)
					break;
			}
			if (names[i] == NULL) {
				rc = -1;
				break;
			}
			if (colon[1] != '\0') {
				tmp = people_filter_value(colon + 1, &save);
				if (*tmp != '\0')
					json_object_set_new(req, names[i],
					    json_string(tmp));
				free(tmp);
			}
			continue;
		}
		if (q == NULL)
			tmp = xstrdup(word);
		else
			xasprintf(&tmp, "%s %s", q, word);
		free(q);
		q = tmp;
	}
	if (rc == 0 && q != NULL && json_object_get(req, "q") == NULL)
		json_object_set_new(req, "q", json_string(q));
	free(q);
	free(copy);
	return (rc);
}

/* --- profile ---------------------------------------------------------------- */

json_t *
people_last_profile(void)
{
	return (people.profile);
}

json_t *
people_last_results(void)
{
	return (people.results);
}

void
people_profile_print(struct client *c, json_t *profile)
{
	struct people_field	*f;
	size_t			 n, i;
	const char		*h = json_string_value(json_object_get(profile,
				    "handle"));

	n = people_profile_fields(profile, h != NULL && c->handle != NULL &&
	    strcmp(h, c->handle) == 0, &f);
	for (i = 0; i < n; i++)
		fe_notice(c, "%s: %s", f[i].label, f[i].value);
	if (n == 0)
		fe_notice(c, "this person shows nothing on their profile");
	people_fields_free(f, n);
}


static void
people_profile_cb(struct client *c, json_t *reply, void *arg)
{
	json_t		*profile;
	const char	*state, *h;

	if (people_failed(c, reply, "show profiles") != PROTO_OK)
		return;
	if ((profile = json_object_get(reply, "profile")) == NULL)
		profile = reply;
	json_decref(people.profile);
	people.profile = json_deep_copy(profile);
	json_object_del(people.profile, "re");
	json_object_del(people.profile, "ok");
	if ((state = json_string_value(json_object_get(people.profile,
	    "presence"))) != NULL || (state = json_string_value(
	    json_object_get(people.profile, "state"))) != NULL)
		people_presence_set(json_string_value(json_object_get(
		    people.profile, "handle")), presence_parse(state),
		    json_integer_value(json_object_get(people.profile,
		    "last_seen")));
	c->fe->people->profile(c, people.profile);
	/* How they are now, for the profile's presence line. */
	if ((h = json_string_value(json_object_get(people.profile,
	    "handle"))) != NULL && (c->handle == NULL ||
	    strcmp(h, c->handle) != 0))
		people_presence_ask_one(c, h);
}

/* "online", "away", "offline, last seen ..." for a profile; NULL unknown. */
char *
people_presence_text(const char *handle)
{
	enum presence_state	 st;
	int64_t			 seen;
	char			 day[64], hm[16], *s;

	if (handle == NULL ||
	    (st = people_presence(handle, &seen)) == PRESENCE_UNKNOWN)
		return (NULL);
	if (st != PRESENCE_OFFLINE || seen <= 0)
		return (xstrdup(presence_word(st)));
	clock_day_text(seen, day, sizeof day);
	clock_hm(seen, hm, sizeof hm);
	xasprintf(&s, "offline, last seen %s %s", day, hm);
	return (s);
}

/* Asks for someone's profile (ours when handle is NULL). */
void
people_whois(struct client *c, const char *handle)
{
	if (handle == NULL || *handle == '\0')
		handle = c->handle;
	if (handle == NULL)
		return;
	if (*handle == '@')
		handle++;
	rpc_send(c, json_pack("{s:s, s:s}", "op", "profile.get", "handle",
	    handle), people_profile_cb, NULL);
}

static void
people_profile_set_cb(struct client *c, json_t *reply, void *arg)
{
	void		(*saved)(struct client *, const char *) =
			    c->fe->people->profile_saved;
	const char	*field;

	if (people_failed(c, reply, "change profiles") != PROTO_OK) {
		field = json_string_value(json_object_get(json_object_get(reply,
		    "error"), "field"));
		if (saved != NULL)
			saved(c, field != NULL ? field : "");
		return;
	}
	if (saved != NULL)
		saved(c, NULL);
	fe_notice(c, "profile saved");
	people_whois(c, NULL);
}

/* Sends the fields of set (taking it) as the new profile. */
void
people_profile_set(struct client *c, json_t *set)
{
	json_object_set_new(set, "op", json_string("profile.set"));
	rpc_send(c, set, people_profile_set_cb, NULL);
}

/* --- the directory ----------------------------------------------------------- */

static void
people_search_cb(struct client *c, json_t *reply, void *arg)
{
	json_t	*list;

	if (people_failed(c, reply, "search the directory") != PROTO_OK) {
		c->fe->people->search_failed(c);
		return;
	}
	if ((list = json_object_get(reply, "people")) == NULL)
		list = json_object_get(reply, "results");
	json_decref(people.results);
	people.results = json_is_array(list) ? json_incref(list) : json_array();
	c->fe->people->results(c, arg != NULL);
}

/* The directory's answer as lines (plain mode). */
void
people_print_results(struct client *c, bool suggested)
{
	json_t	*p;
	size_t	 i;
	char	*line;

	if (suggested)
		fe_notice(c, "%zu suggested %s", json_array_size(people.results),
		    json_array_size(people.results) == 1 ? "buddy" : "buddies");
	else
		fe_notice(c, "%zu %s found", json_array_size(people.results),
		    json_array_size(people.results) == 1 ? "person" : "people");
	json_array_foreach(people.results, i, p) {
		line = people_summary_line(p);
		fe_notice(c, "%zu. %s", i + 1, line);
		free(line);
	}
	if (json_array_size(people.results) > 0)
		fe_notice(c, "/whois HANDLE shows a profile; /dm HANDLE starts "
		    "a conversation; /ask HANDLE asks to be buddies");
}

/* req holds the filters (taken). */
void
people_search(struct client *c, json_t *req)
{
	json_object_set_new(req, "op", json_string("people.search"));
	if (json_object_get(req, "limit") == NULL)
		json_object_set_new(req, "limit",
		    json_integer(PEOPLE_SEARCH_LIMIT));
	rpc_send(c, req, people_search_cb, NULL);
}

/* buddy.suggest answers like a search. */
void
people_suggest(struct client *c, json_t *req)
{
	json_object_set_new(req, "op", json_string("buddy.suggest"));
	rpc_send(c, req, people_search_cb, "suggest");
}

/* --- direct messages ------------------------------------------------------------- */

/* A reply naming a room: "room" as an id or a room object, or "id". */
const char *
people_reply_room(json_t *reply)
{
	json_t	*room = json_object_get(reply, "room");

	if (json_is_string(room))
		return (json_string_value(room));
	if (json_is_object(room))
		return (json_string_value(json_object_get(room, "id")));
	return (json_string_value(json_object_get(reply, "room_id")));
}

/* The DM is open: go there, sending arg first (from /msg) if not NULL. */
static void
people_dm_cb(struct client *c, json_t *reply, void *arg)
{
	char		*text = arg;
	const char	*room;

	if (people_failed(c, reply, "open direct messages") == PROTO_OK &&
	    (room = people_reply_room(reply)) != NULL) {
		if (text != NULL)
			session_send_to(c, room, text);
		c->fe->people->room_opened(c);
		session_goto(c, room);
	}
	free(text);
}

static void
people_dm_open(struct client *c, const char *handle, const char *text)
{
	char	*arg = text != NULL ? xstrdup(text) : NULL;

	if (*handle == '@')
		handle++;
	if (rpc_send(c, json_pack("{s:s, s:s}", "op", "dm.open", "with",
	    handle), people_dm_cb, arg) == -1)
		free(arg);
}

void
people_dm(struct client *c, const char *handle)
{
	people_dm_open(c, handle, NULL);
}

/* /msg HANDLE TEXT: opens the DM with HANDLE and sends TEXT there. */
void
people_msg(struct client *c, const char *arg)
{
	char	*handle;
	size_t	 len = strcspn(arg, " \t");

	if (arg[len] == '\0') {
		c->fe->error(c, "bad_command", "/msg HANDLE TEXT: the text "
		    "comes after the handle");
		return;
	}
	handle = xstrndup(arg, len);
	people_dm_open(c, handle, arg + len + strspn(arg + len, " \t"));
	free(handle);
}

/* --- blocks ------------------------------------------------------------------------ */

static void
people_block_cb(struct client *c, json_t *reply, void *arg)
{
	char	*done = arg;

	if (people_failed(c, reply, "block people") == PROTO_OK)
		fe_notice(c, "%s", done);
	free(done);
}

void
people_block(struct client *c, const char *handle, int block)
{
	char	*done;

	if (*handle == '@')
		handle++;
	if (block)
		xasprintf(&done, "you block %s now", handle);
	else
		xasprintf(&done, "%s is no longer blocked", handle);
	rpc_send(c, json_pack("{s:s, s:s}", "op", block ? "user.block" :
	    "user.unblock", "handle", handle), people_block_cb, done);
}

static void
people_blocks_cb(struct client *c, json_t *reply, void *arg)
{
	json_t	*list, *v;
	size_t	 i;
	char	*s;

	if (people_failed(c, reply, "list blocks") != PROTO_OK)
		return;
	if ((list = json_object_get(reply, "blocks")) == NULL &&
	    (list = json_object_get(reply, "handles")) == NULL)
		list = json_object_get(reply, "people");
	if (json_array_size(list) == 0) {
		fe_notice(c, "you have blocked nobody");
		return;
	}
	s = people_value_text(list);
	/* A list of objects reads better by handle. */
	if (json_is_object(json_array_get(list, 0))) {
		free(s);
		s = xstrdup("");
		json_array_foreach(list, i, v) {
			char	*t;

			xasprintf(&t, "%s%s%s", s, i > 0 ? ", " : "",
			    people_member_handle(v) != NULL ?
			    people_member_handle(v) : "?");
			free(s);
			s = t;
		}
	}
	fe_notice(c, "blocked: %s", s);
	free(s);
}

void
people_blocks(struct client *c, const char *arg)
{
	rpc_send(c, json_pack("{s:s}", "op", "user.blocks"), people_blocks_cb,
	    NULL);
}

/* --- away and back ------------------------------------------------------------------ */

static void
people_away_cb(struct client *c, json_t *reply, void *arg)
{
	if (people_failed(c, reply, "set you away") != PROTO_OK)
		return;
	fe_notice(c, people.away ? "you show as away" :
	    "you show as online");
	if (c->handle != NULL)
		people_presence_set(c->handle, people.away ? PRESENCE_AWAY :
		    PRESENCE_ONLINE, 0);
}

void
people_set_away(struct client *c, int away)
{
	people.away = away;
	rpc_send(c, json_pack("{s:s, s:s}", "op", "presence.set", "status",
	    away ? "away" : "online"), people_away_cb, NULL);
}

static void
people_hide_cb(struct client *c, json_t *reply, void *arg)
{
	if (people_failed(c, reply, "hide presence") == PROTO_OK)
		fe_notice(c, arg != NULL ? "your presence is hidden" :
		    "your presence shows again");
}

void
people_hide_presence(struct client *c, int hidden)
{
	rpc_send(c, json_pack("{s:s, s:b}", "op", "presence.set", "hidden",
	    hidden), people_hide_cb, hidden ? "" : NULL);
}
/* presence, member and room_gone; the rest is buddy.c's. */
bool
people_event(struct client *c, const char *ev, json_t *root)
{
	json_t		*obj;
	const char	*h;

	if (strcmp(ev, "member") == 0) {
		presence_member_event(c, root);
		return (true);
	}
	if (strcmp(ev, "room_gone") == 0) {
		presence_room_gone_event(c, root);
		return (true);
	}
	if (strcmp(ev, "presence") == 0) {
		if ((obj = json_object_get(root, "presence")) == NULL)
			obj = root;
		people_presence_json(obj, NULL);
		if ((h = json_string_value(json_object_get(obj, "handle"))) !=
		    NULL) {
			names_presence(h);
			c->fe->people->presence(c, h);
		}
		c->fe->rooms(c);
		return (true);
	}
	return (buddy_event(c, ev, root));
}

void
people_free(void)
{
	presence_free();
	json_decref(people.profile);
	json_decref(people.results);
	memset(&people, 0, sizeof people);
}

/* --- reporting a message ------------------------------------------------------------ */

static void
people_report_cb(struct client *c, json_t *reply, void *arg)
{
	if (people_failed(c, reply, "take reports") == PROTO_OK)
		fe_notice(c, "reported to the moderators");
}

void
people_report(struct client *c, int64_t id, const char *reason)
{
	const char	*kind;
	json_t		*req;

	kind = reason != NULL ? mod_report_kind(&reason) : NULL;
	if (reason == NULL || *reason == '\0') {
		c->fe->error(c, "bad_command", "a report needs a reason");
		return;
	}
	req = json_pack("{s:s, s:I, s:s}", "op", "msg.report", "msg",
	    (json_int_t)id, "reason", reason);
	if (kind != NULL)
		json_object_set_new(req, "kind", json_string(kind));
	rpc_send(c, req, people_report_cb, NULL);
}

/*
 * /report [ID [REASON]]. Without an id: the full screen lets the person
 * pick the message; plain mode lists the room's last ones with their ids.
 */
void
people_report_command(struct client *c, const char *arg)
{
	char		*end;
	long long	 id;

	if (*arg != '\0') {
		id = strtoll(arg, &end, 10);
		if (id <= 0 || (*end != '\0' && *end != ' ' && *end != '\t')) {
			c->fe->error(c, "bad_command", "/report ID REASON (ids "
			    "come from /report with nothing after it)");
			return;
		}
		end += strspn(end, " \t");
		people_report(c, id, end);
		return;
	}
	c->fe->people->report(c);
}

/* The room's last messages to report, as lines (plain mode). */
void
people_report_list(struct client *c)
{
	struct room	*r = session_current(c);
	struct msg	*m;
	char		*body;
	size_t		 i;

	if (r == NULL || r->nmsgs == 0) {
		fe_notice(c, "no message here to report");
		return;
	}
	fe_notice(c, "report one of these with /report ID REASON:");
	for (i = r->nmsgs > 10 ? r->nmsgs - 10 : 0; i < r->nmsgs; i++) {
		m = r->msgs[i];
		body = xstrndup(m->body, strcspn(m->body, "\n"));
		fe_notice(c, "%lld %s: %s", (long long)m->id, m->from, body);
		free(body);
	}
}

/* /people FILTERS as lines (plain mode): the search, answered later. */
void
people_directory_search(struct client *c, const char *filters)
{
	json_t	*req = json_object();

	if (people_filter_parse(filters, req) == -1) {
		json_decref(req);
		c->fe->error(c, "bad_command", PEOPLE_FILTERS_HELP " (e.g. "
		    "/people need:ASD region:london)");
		return;
	}
	people_search(c, req);
}
