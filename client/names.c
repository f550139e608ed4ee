/*
 * names.c: /names (and /who): who may read the room on screen, with their
 * presence, from room.members a page at a time (at most NAMES_MAX people),
 * online first. The full screen shows them in a panel beside the messages
 * (names_screen.c) that follows the room on screen until /names closes it;
 * plain mode says them as lines, presence in words.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

#define NAMES_MAX	1000	/* people asked for in one room: five pages */

static struct names_list	names;
static bool			names_shown;	/* the full screen's panel */

static void
names_clear(void)
{
	size_t	i;

	for (i = 0; i < names.n; i++) {
		free(names.people[i].handle);
		free(names.people[i].name);
	}
	free(names.people);
	free(names.room);
	free(names.room_name);
	memset(&names, 0, sizeof names);
}

/* Online, then away, then the rest; by handle within each. */
static int
names_rank(const struct names_person *p)
{
	switch (p->state) {
	case PRESENCE_ONLINE:
		return (0);
	case PRESENCE_AWAY:
		return (1);
	default:
		return (2);
	}
}

static int
names_cmp(const void *a, const void *b)
{
	const struct names_person	*p = a, *q = b;

	if (names_rank(p) != names_rank(q))
		return (names_rank(p) - names_rank(q));
	return (strcmp(p->handle, q->handle));
}

/*
 * Presence in words: "online", "away", "offline, last seen ...", "hides
 * their presence"; none across a block.
 */
char *
names_presence_words(const struct names_person *p)
{
	char	*s;

	if (p->unseen)
		return (xstrdup("presence not shown"));
	if (p->hidden)
		return (xstrdup("hides their presence"));
	if ((s = people_presence_text(p->handle)) == NULL)
		s = xstrdup(presence_word(p->state));
	return (s);
}

static void	names_ask(struct client *, const char *, const char *);

static void
names_page_cb(struct client *c, json_t *reply, void *arg)
{
	struct names_person	*p;
	char			*room = arg;
	const char		*h, *st;
	json_t			*list, *v;
	size_t			 i;

	if (names.room == NULL || strcmp(room, names.room) != 0) {
		free(room);		/* another room was asked for since */
		return;
	}
	free(room);
	if (rpc_failed(c, reply)) {
		names.loading = false;
		return;
	}
	list = json_object_get(reply, "members");
	json_array_foreach(list, i, v) {
		if ((h = json_string_value(json_object_get(v, "handle"))) ==
		    NULL || names.n == NAMES_MAX)
			continue;
		names.people = xreallocarray(names.people, names.n + 1,
		    sizeof *names.people);
		p = &names.people[names.n++];
		memset(p, 0, sizeof *p);
		p->handle = text_safe_utf8(h, 0);
		if (json_is_string(json_object_get(v, "name")))
			p->name = text_safe_utf8(json_string_value(
			    json_object_get(v, "name")), 0);
		st = json_string_value(json_object_get(v, "status"));
		p->unseen = st == NULL;
		p->hidden = st != NULL && strcmp(st, "hidden") == 0;
		p->state = presence_parse(st);
		p->last_seen = json_integer_value(json_object_get(v,
		    "last_seen"));
		if (p->state != PRESENCE_UNKNOWN)
			people_presence_set(h, p->state, p->last_seen);
	}
	if (json_is_true(json_object_get(reply, "more")) && names.n > 0) {
		if (names.n < NAMES_MAX) {
			names_ask(c, names.room, names.people[names.n - 1].handle);
			return;
		}
		names.cut = true;
	}
	names.loading = false;
	if (names.n > 0)
		qsort(names.people, names.n, sizeof *names.people, names_cmp);
	c->fe->names(c, &names);
}

static void
names_ask(struct client *c, const char *room, const char *after)
{
	json_t	*req;

	req = json_pack("{s:s, s:s, s:i}", "op", "room.members", "room", room,
	    "limit", PROTO_MAX_PAGE);
	if (after != NULL)
		json_object_set_new(req, "after", json_string(after));
	if (rpc_send(c, req, names_page_cb, xstrdup(room)) == -1)
		names.loading = false;
}

static void
names_fetch(struct client *c, struct room *r)
{
	names_clear();
	names.room = xstrdup(r->id);
	names.room_name = xstrdup(r->name);
	names.loading = true;
	names_ask(c, r->id, NULL);
}

/*
 * /names: plain mode says who is here; the full screen opens the panel, or
 * closes it when it shows this room already.
 */
void
names_command(struct client *c, const char *arg)
{
	struct room	*r = cmd_room(c);

	if (r == NULL)
		return;
	if (c->fe->names_panel) {
		if (names_shown && names.room != NULL &&
		    strcmp(names.room, r->id) == 0) {
			names_shown = false;
			c->fe->names(c, NULL);
			return;
		}
		names_shown = true;
	}
	names_fetch(c, r);
}

/* The full screen moved to another room: the open panel follows. */
void
names_follow(struct client *c)
{
	struct room	*r = session_current(c);

	if (names_shown && r != NULL && c->net.state == NET_READY &&
	    (names.room == NULL || strcmp(names.room, r->id) != 0))
		names_fetch(c, r);
}

/*
 * A presence event (they come from DM partners and buddies): the list
 * follows it, so the panel, drawn again with the rooms, shows who is online
 * now. Hidden and unseen presence stays so.
 */
void
names_presence(const char *handle)
{
	struct names_person	*p;
	size_t			 i;

	for (i = 0; i < names.n; i++) {
		p = &names.people[i];
		if (strcmp(p->handle, handle) != 0)
			continue;
		if (!p->unseen && !p->hidden) {
			p->state = people_presence(handle, &p->last_seen);
			qsort(names.people, names.n, sizeof *names.people,
			    names_cmp);
		}
		return;
	}
}

/* Who may read room r, once /names has listed them; else NULL. */
const struct names_list *
names_of(const struct room *r)
{
	if (names.room == NULL || names.loading || strcmp(names.room, r->id) != 0)
		return (NULL);
	return (&names);
}

/* The list the full screen's panel shows, or NULL when it is closed. */
const struct names_list *
names_panel(void)
{
	return (names_shown ? &names : NULL);
}

void
names_free(void)
{
	names_clear();
	names_shown = false;
}
