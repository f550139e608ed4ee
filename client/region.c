/*
 * region.c: regions by name. Replies name a region by its slug
 * ("north-east"); people read "North East". The names come from
 * regions.list at each login, since an operator may rename a region; until
 * they come, or for a region not listed, the slug is what there is.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

static json_t	*region_names;	/* slug -> name */

static void
region_names_got(struct client *c, json_t *reply, void *arg)
{
	json_t		*r;
	const char	*slug, *name;
	size_t		 i;

	/* A server without the op keeps its slugs: nothing to tell anyone. */
	if (!json_is_array(json_object_get(reply, "regions")))
		return;
	json_decref(region_names);
	region_names = json_object();
	json_array_foreach(json_object_get(reply, "regions"), i, r) {
		slug = json_string_value(json_object_get(r, "slug"));
		name = json_string_value(json_object_get(r, "name"));
		if (slug != NULL && name != NULL)
			json_object_set_new(region_names, slug,
			    json_string(name));
	}
}

void
region_names_ask(struct client *c)
{
	rpc_send(c, json_pack("{s:s}", "op", "regions.list"), region_names_got,
	    NULL);
}

/* The region's name, or the slug itself while none is known. */
const char *
region_name(const char *slug)
{
	const char	*name;

	if (slug == NULL)
		return (NULL);
	name = json_string_value(json_object_get(region_names, slug));
	return (name != NULL ? name : slug);
}

void
region_names_free(void)
{
	json_decref(region_names);
	region_names = NULL;
}

/*
 * A scope or a room id in words ("region:north-east": "North East",
 * "national": "National", "trust:3": "trust 3", "buddy:7": "a buddy
 * chat"), for lines people read. Allocated.
 */
char *
region_scope_words(const char *id)
{
	static const struct {
		const char	*prefix, *words;
	} kinds[] = {
		{ "buddy:", "a buddy chat" },
		{ "dm:", "a DM" },
		{ "meeting:", "a meeting room" },
	};
	char	*s, *safe;
	size_t	 i;

	if (id == NULL)
		return (xstrdup("?"));
	if (strcmp(id, "national") == 0)
		return (xstrdup("National"));
	if (strncmp(id, "region:", 7) == 0)
		return (text_safe_utf8(region_name(id + 7), 0));
	if (strncmp(id, "trust:", 6) == 0) {
		xasprintf(&s, "trust %s", id + 6);
		safe = text_safe_utf8(s, 0);
		free(s);
		return (safe);
	}
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (strncmp(id, kinds[i].prefix, strlen(kinds[i].prefix)) == 0)
			return (xstrdup(kinds[i].words));
	}
	return (text_safe_utf8(id, 0));
}
