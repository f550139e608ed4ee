/*
 * choices.c: the profile fields whose values come from a list (the role
 * title, phases, expertise), each value with the label people read and
 * pick ("Assistant SENCO", not assistant_senco). The values are
 * PROTOCOL.md's; the form, the profile, the directory and plain mode's
 * /profile all go through here, so a value reads the same everywhere.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "staffroom.h"

static const struct choice choices_roles[] = {
	{ "senco", "SENCO" },
	{ "assistant_senco", "Assistant SENCO" },
	{ "mat_send_lead", "MAT SEND lead" },
	{ "regional_send_lead", "Regional SEND lead" },
	{ "specialist_teacher", "Specialist teacher" },
	{ "other", "Other" },
	{ NULL, NULL }
};

static const struct choice choices_phases[] = {
	{ "early_years", "Early years" },
	{ "primary", "Primary" },
	{ "middle", "Middle" },
	{ "secondary", "Secondary" },
	{ "post_16", "Post-16" },
	{ "all_through", "All-through" },
	{ "special", "Special school" },
	{ "alternative_provision", "Alternative provision" },
	{ NULL, NULL }
};

/* The four broad areas of need, then the census codes, code first. */
static const struct choice choices_expertise[] = {
	{ "communication_and_interaction", "Communication and interaction" },
	{ "cognition_and_learning", "Cognition and learning" },
	{ "social_emotional_and_mental_health",
	    "Social, emotional and mental health" },
	{ "sensory_and_physical", "Sensory and physical" },
	{ "SPLD", "SPLD: specific learning difficulty" },
	{ "MLD", "MLD: moderate learning difficulty" },
	{ "SLD", "SLD: severe learning difficulty" },
	{ "PMLD", "PMLD: profound and multiple learning difficulty" },
	{ "SEMH", "SEMH: social, emotional and mental health" },
	{ "SLCN", "SLCN: speech, language and communication" },
	{ "HI", "HI: hearing impairment" },
	{ "VI", "VI: vision impairment" },
	{ "MSI", "MSI: multi-sensory impairment" },
	{ "PD", "PD: physical disability" },
	{ "ASD", "ASD: autistic spectrum" },
	{ "OTH", "OTH: other" },
	{ NULL, NULL }
};

/* How near a directory result is (people.search's tier). */
static const struct choice choices_tiers[] = {
	{ "region", "your region" },
	{ "neighbour", "a neighbouring region" },
	{ "national", "elsewhere in England" },
	{ NULL, NULL }
};

/* The list a profile field's values come from; NULL for free text. */
const struct choice *
choices_for(const char *key)
{
	if (strcmp(key, "role_title") == 0 || strcmp(key, "role") == 0)
		return (choices_roles);
	if (strcmp(key, "phases") == 0 || strcmp(key, "phase") == 0)
		return (choices_phases);
	if (strcmp(key, "expertise") == 0 || strcmp(key, "need") == 0)
		return (choices_expertise);
	if (strcmp(key, "tier") == 0)
		return (choices_tiers);
	return (NULL);
}

size_t
choices_count(const struct choice *list)
{
	size_t	n = 0;

	while (list[n].value != NULL)
		n++;
	return (n);
}

/* The label of a value; the value itself when the list lacks it. */
const char *
choices_label(const struct choice *list, const char *value)
{
	size_t	i;

	for (i = 0; list[i].value != NULL; i++) {
		if (strcmp(list[i].value, value) == 0)
			return (list[i].label);
	}
	return (value);
}

/* The index of what someone typed: a value or its label, in any case; -1. */
int
choices_find(const struct choice *list, const char *text)
{
	size_t	i;

	for (i = 0; list[i].value != NULL; i++) {
		if (strcasecmp(list[i].value, text) == 0 ||
		    strcasecmp(list[i].label, text) == 0)
			return ((int)i);
	}
	return (-1);
}

/*
 * A profile value of key as people read it: labels joined by "; " (a
 * label may hold a comma). NULL when key is not a field with a list.
 */
char *
choices_text(const char *key, json_t *v)
{
	const struct choice	*list = choices_for(key);
	json_t			*e;
	size_t			 i;
	char			*out = NULL, *tmp;
	const char		*label;

	if (list == NULL)
		return (NULL);
	if (json_is_string(v))
		return (xstrdup(choices_label(list, json_string_value(v))));
	json_array_foreach(v, i, e) {
		if (!json_is_string(e))
			continue;
		label = choices_label(list, json_string_value(e));
		if (out == NULL)
			out = xstrdup(label);
		else {
			xasprintf(&tmp, "%s; %s", out, label);
			free(out);
			out = tmp;
		}
	}
	return (out != NULL ? out : xstrdup(""));
}
