/*
 * people_cmd.c: the slash commands of people.c, buddy.c and away.c (their
 * entries are in cmd.c's table). Each works in both frontends: the full
 * screen opens a screen where there is one, plain mode prints lines.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "staffroom.h"

/* Profile fields that hold lists, typed comma-separated. */
static const char *people_list_keys[] = { "phases", "needs", "expertise",
    "areas", "visible", NULL };

/* The fields /profile sets, as profile.set names them. */
static const char *people_settable[] = { "name", "role_title",
    "job_title", "school", "phases", "years_in_role", "nasenco", "npq_senco",
    "expertise", "bio", "visible", "buddy_available", NULL };
#define PEOPLE_PROFILE_FIELDS "name, role_title, job_title, school, " \
    "phases, years_in_role, nasenco, npq_senco, expertise (or needs), " \
    "bio, visible, buddy_available"

/* Fields of free text: "yes" or "12" there are words, not values. */
static const char *people_text_keys[] = { "name", "job_title", "school",
    "bio", NULL };

/* A word for a field with a list: its value, as typed or by label. */
static json_t *
people_choice_value(const char *key, const char *word)
{
	const struct choice	*list = choices_for(key);
	int			 k;

	if (list != NULL && (k = choices_find(list, word)) >= 0)
		word = list[k].value;
	return (json_string(word));
}

/*
 * The JSON for "/profile FIELD VALUE": yes/no as booleans, whole numbers as
 * integers, list fields as arrays, the rest as text; "-" clears a field.
 */
json_t *
people_field_value(const char *key, const char *text)
{
	json_t	*list;
	char	*copy, *word, *save = NULL, *end;
	long	 n;
	size_t	 i;

	for (i = 0; people_list_keys[i] != NULL; i++) {
		if (strcmp(people_list_keys[i], key) != 0)
			continue;
		list = json_array();
		copy = xstrdup(text);
		for (word = strtok_r(copy, ",", &save); word != NULL;
		    word = strtok_r(NULL, ",", &save)) {
			word += strspn(word, " \t");
			end = word + strlen(word);
			while (end > word && (end[-1] == ' ' || end[-1] == '\t'))
				*--end = '\0';
			if (*word != '\0' && strcmp(word, "-") != 0)
				json_array_append_new(list,
				    people_choice_value(key, word));
		}
		free(copy);
		return (list);
	}
	if (strcmp(text, "-") == 0)
		return (json_null());
	for (i = 0; people_text_keys[i] != NULL; i++) {
		if (strcmp(people_text_keys[i], key) == 0)
			return (json_string(text));
	}
	if (choices_for(key) != NULL)
		return (people_choice_value(key, text));
	if (strcasecmp(text, "yes") == 0 || strcasecmp(text, "true") == 0 ||
	    strcasecmp(text, "on") == 0)
		return (json_true());
	if (strcasecmp(text, "no") == 0 || strcasecmp(text, "false") == 0 ||
	    strcasecmp(text, "off") == 0)
		return (json_false());
	n = strtol(text, &end, 10);
	if (*text != '\0' && *end == '\0')
		return (json_integer(n));
	return (json_string(text));
}

void
cmd_people_profile(struct client *c, const char *arg)
{
	size_t	 len = strcspn(arg, " \t"), i;
	char	*key;
	json_t	*req, *v;

	if (*arg == '\0') {
		c->fe->people->own_profile(c);
		return;
	}
	if (arg[len] == '\0') {
		c->fe->error(c, "bad_command", "/profile FIELD VALUE, e.g. "
		    "/profile expertise ASD, SLCN or /profile bio - to clear "
		    "it; fields: " PEOPLE_PROFILE_FIELDS);
		return;
	}
	key = xstrndup(arg, len);
	if (strcmp(key, "needs") == 0) {
		free(key);
		key = xstrdup("expertise");
	}
	for (i = 0; people_settable[i] != NULL; i++) {
		if (strcmp(people_settable[i], key) == 0)
			break;
	}
	if (people_settable[i] == NULL) {
		c->fe->error(c, "bad_command", "no profile field is called "
		    "that; fields: " PEOPLE_PROFILE_FIELDS);
		free(key);
		return;
	}
	arg += len + strspn(arg + len, " \t");
	v = people_field_value(key, arg);
	if (strcmp(key, "school") == 0 && !json_is_null(v)) {
		json_decref(v);	/* a school is an object: its name here */
		v = json_pack("{s:s}", "name", arg);
	}
	req = json_object();
	json_object_set_new(req, key, v);
	people_profile_set(c, req);
	free(key);
}

void
cmd_people_people(struct client *c, const char *arg)
{
	c->fe->people->directory(c, arg);
}

void
cmd_people_suggest(struct client *c, const char *arg)
{
	json_t	*req = json_object();

	if (people_filter_parse(arg, req) == -1) {
		json_decref(req);
		c->fe->error(c, "bad_command", "/suggest need:CODE phase:PHASE");
		return;
	}
	json_object_del(req, "q");
	c->fe->people->suggesting(c);
	people_suggest(c, req);
}

/* /away and /back: value is 1 for away. */
void
cmd_people_away(struct client *c, const char *arg, int away)
{
	people_set_away(c, away);
}

void
cmd_people_summary(struct client *c, const char *arg)
{
	away_summary(c, 1);
}
