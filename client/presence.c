/*
 * presence.c: who is online, away or offline, as far as the client has
 * been told: the marks beside DM partners and buddy-chat members, the
 * members of each private room (from rooms.list and member events), and
 * asking the server for the presence of those people. people.c routes the
 * presence events here.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

/* --- presence marks ------------------------------------------------------------- */

struct presence_entry {
	char			*handle;
	enum presence_state	 state;
	int64_t			 last_seen;
};

/* Who is in each DM and buddy chat, from rooms.list. */
struct room_people {
	char	 *room;
	char	**handles;
	size_t	  n;
};

static struct {
	struct presence_entry	*presence;
	size_t			 npresence;
	struct room_people	*rooms;
	size_t			 nrooms;
	bool			 no_presence_get;	/* the server said unknown_op */
} people;

enum presence_state
presence_parse(const char *s)
{
	if (s == NULL)
		return (PRESENCE_UNKNOWN);
	if (strcmp(s, "online") == 0)
		return (PRESENCE_ONLINE);
	if (strcmp(s, "away") == 0 || strcmp(s, "idle") == 0)
		return (PRESENCE_AWAY);
	if (strcmp(s, "offline") == 0 || strcmp(s, "hidden") == 0)
		return (PRESENCE_OFFLINE);
	return (PRESENCE_UNKNOWN);
}

/* The sidebar's mark: filled, half, empty circle; nothing when unknown. */
const char *
presence_mark(enum presence_state st)
{
	switch (st) {
	case PRESENCE_ONLINE:
		return ("\xe2\x97\x8f");		/* U+25CF BLACK CIRCLE */
	case PRESENCE_AWAY:
		return ("\xe2\x97\x90");		/* U+25D0 CIRCLE WITH LEFT HALF BLACK */
	case PRESENCE_OFFLINE:
		return ("\xe2\x97\x8b");		/* U+25CB WHITE CIRCLE */
	case PRESENCE_UNKNOWN:
		break;
	}
	return ("");
}

const char *
presence_word(enum presence_state st)
{
	switch (st) {
	case PRESENCE_ONLINE:
		return ("online");
	case PRESENCE_AWAY:
		return ("away");
	case PRESENCE_OFFLINE:
		return ("offline");
	case PRESENCE_UNKNOWN:
		break;
	}
	return ("unknown");
}

static struct presence_entry *
people_presence_find(const char *handle)
{
	size_t	i;

	for (i = 0; i < people.npresence; i++) {
		if (strcmp(people.presence[i].handle, handle) == 0)
			return (&people.presence[i]);
	}
	return (NULL);
}

void
people_presence_set(const char *handle, enum presence_state st,
    int64_t last_seen)
{
	struct presence_entry	*p;

	if (handle == NULL)
		return;
	if ((p = people_presence_find(handle)) == NULL) {
		people.presence = xreallocarray(people.presence,
		    people.npresence + 1, sizeof *people.presence);
		p = &people.presence[people.npresence++];
		p->handle = xstrdup(handle);
		p->last_seen = 0;
	}
	p->state = st;
	if (last_seen > 0)
		p->last_seen = last_seen;
}

enum presence_state
people_presence(const char *handle, int64_t *last_seen)
{
	struct presence_entry	*p = people_presence_find(handle);

	if (last_seen != NULL)
		*last_seen = p != NULL ? p->last_seen : 0;
	return (p != NULL ? p->state : PRESENCE_UNKNOWN);
}

/* One presence object: {"handle","state" (or "presence"),"last_seen"}. */
void
people_presence_json(json_t *obj, const char *handle)
{
	const char	*st;

	if (handle == NULL)
		handle = json_string_value(json_object_get(obj, "handle"));
	if ((st = json_string_value(json_object_get(obj, "state"))) == NULL &&
	    (st = json_string_value(json_object_get(obj, "presence"))) == NULL)
		st = json_string_value(json_object_get(obj, "status"));
	people_presence_set(handle, presence_parse(st),
	    json_integer_value(json_object_get(obj, "last_seen")));
}

static struct room_people *
people_room_find(const char *id)
{
	size_t	i;

	for (i = 0; i < people.nrooms; i++) {
		if (strcmp(people.rooms[i].room, id) == 0)
			return (&people.rooms[i]);
	}
	return (NULL);
}

static void
people_room_add_handle(struct room_people *rp, const char *h)
{
	size_t	i;

	for (i = 0; i < rp->n; i++) {
		if (strcmp(rp->handles[i], h) == 0)
			return;
	}
	rp->handles = xreallocarray(rp->handles, rp->n + 1,
	    sizeof *rp->handles);
	rp->handles[rp->n++] = xstrdup(h);
}

/* The handle in a member entry: a string, or an object with "handle". */
const char *
people_member_handle(json_t *v)
{
	if (json_is_string(v))
		return (json_string_value(v));
	return (json_string_value(json_object_get(v, "handle")));
}

/*
 * A room object from rooms.list: a DM names its partner ("with"), a buddy
 * chat its members ("members"). Members may carry their presence.
 */
void
people_room_json(struct client *c, struct room *r, json_t *obj)
{
	struct room_people	*rp;
	json_t			*list, *v;
	const char		*h;
	size_t			 i;

	if (r->kind != ROOM_DM && r->kind != ROOM_BUDDY)
		return;
	if ((rp = people_room_find(r->id)) == NULL) {
		people.rooms = xreallocarray(people.rooms, people.nrooms + 1,
		    sizeof *people.rooms);
		rp = &people.rooms[people.nrooms++];
		memset(rp, 0, sizeof *rp);
		rp->room = xstrdup(r->id);
	}
	for (i = 0; i < rp->n; i++)
		free(rp->handles[i]);
	rp->n = 0;
	if ((v = json_object_get(obj, "with")) != NULL &&
	    (h = people_member_handle(v)) != NULL)
		people_room_add_handle(rp, h);
	list = json_object_get(obj, "members");
	json_array_foreach(list, i, v) {
		if ((h = people_member_handle(v)) == NULL ||
		    (c->handle != NULL && strcmp(h, c->handle) == 0))
			continue;
		people_room_add_handle(rp, h);
		if (json_is_object(v) && (json_object_get(v, "state") != NULL ||
		    json_object_get(v, "presence") != NULL))
			people_presence_json(v, h);
	}
	if (json_object_get(obj, "with") != NULL &&
	    json_is_object(json_object_get(obj, "with")))
		people_presence_json(json_object_get(obj, "with"),
		    people_member_handle(json_object_get(obj, "with")));
}

/* A room's people other than us, or 0 when we do not know them. */
size_t
people_room_members(struct room *r, char ***handles)
{
	struct room_people	*rp = people_room_find(r->id);

	if (rp == NULL) {
		*handles = NULL;
		return (0);
	}
	*handles = rp->handles;
	return (rp->n);
}

/* A DM: its partner's presence. A buddy chat: the liveliest member's. */
enum presence_state
people_room_presence(struct client *c, struct room *r)
{
	enum presence_state	 best = PRESENCE_UNKNOWN, st;
	char			**h;
	size_t			 n, i;

	if (r->kind != ROOM_DM && r->kind != ROOM_BUDDY)
		return (PRESENCE_UNKNOWN);
	n = people_room_members(r, &h);
	for (i = 0; i < n; i++) {
		st = people_presence(h[i], NULL);
		if (st > best)
			best = st;
	}
	return (best);
}

static void
people_presence_cb(struct client *c, json_t *reply, void *arg)
{
	const char		*key;
	enum proto_error	 err;
	json_t			*list, *v;
	size_t			 i;

	if ((err = rpc_error(reply, NULL, NULL)) != PROTO_OK) {
		if (err == PROTO_ERR_UNKNOWN_OP)
			people.no_presence_get = 1;
		return;
	}
	/* [{"handle","state"}...] or {"handle": {"state"} or "state"}. */
	list = json_object_get(reply, "presence");
	if (list == NULL)
		list = json_object_get(reply, "people");
	if (json_is_array(list)) {
		json_array_foreach(list, i, v)
			people_presence_json(v, NULL);
	} else if (json_is_object(list)) {
		json_object_foreach(list, key, v) {
			if (json_is_string(v))
				people_presence_set(key, presence_parse(
				    json_string_value(v)), 0);
			else
				people_presence_json(v, key);
		}
	}
	c->fe->rooms(c);
}

/* Asks for the presence of handles (taken), at most 50 at a time. */
static void
people_presence_ask(struct client *c, json_t *handles)
{
	json_t	*part;
	size_t	 i;

	while (!people.no_presence_get && json_array_size(handles) > 0) {
		part = json_array();
		for (i = 0; i < PROTO_MAX_PRESENCE_ASK &&
		    json_array_size(handles) > 0; i++) {
			json_array_append(part, json_array_get(handles, 0));
			json_array_remove(handles, 0);
		}
		rpc_send(c, json_pack("{s:s, s:o}", "op", "presence.get",
		    "handles", part), people_presence_cb, NULL);
	}
	json_decref(handles);
}

void
people_presence_ask_one(struct client *c, const char *handle)
{
	people_presence_ask(c, json_pack("[s]", handle));
}

/* The members of a buddy chat: {"owner","members":[member]}. */
static void
people_members_cb(struct client *c, json_t *reply, void *arg)
{
	struct room_people	*rp;
	char			*id = arg;
	json_t			*list, *v, *handles;
	const char		*h, *st;
	size_t			 i;

	rp = people_room_find(id);
	free(id);
	if (rpc_error(reply, NULL, NULL) != PROTO_OK || rp == NULL)
		return;
	for (i = 0; i < rp->n; i++)
		free(rp->handles[i]);
	rp->n = 0;
	handles = json_array();
	list = json_object_get(reply, "members");
	json_array_foreach(list, i, v) {
		h = people_member_handle(v);
		st = json_string_value(json_object_get(v, "state"));
		if (h == NULL || (st != NULL && strcmp(st, "member") != 0) ||
		    (c->handle != NULL && strcmp(h, c->handle) == 0))
			continue;
		people_room_add_handle(rp, h);
		json_array_append_new(handles, json_string(h));
	}
	people_presence_ask(c, handles);
	c->fe->rooms(c);
}

/* After rooms.list: ask who is in our buddy chats, and how our DM
 * partners and buddies are. */
void
people_rooms_listed(struct client *c)
{
	struct room	*r;
	json_t		*handles;
	size_t		 i, j;

	handles = json_array();
	for (i = 0; i < people.nrooms; i++) {
		if ((r = session_room(c, people.rooms[i].room)) == NULL)
			continue;
		if (r->kind == ROOM_BUDDY) {
			rpc_send(c, json_pack("{s:s, s:s}", "op",
			    "room.members", "room", r->id), people_members_cb,
			    xstrdup(r->id));
			continue;
		}
		for (j = 0; j < people.rooms[i].n; j++)
			json_array_append_new(handles,
			    json_string(people.rooms[i].handles[j]));
	}
	people_presence_ask(c, handles);
}

/* A member event: someone joined or left a buddy chat of ours. */
void
presence_member_event(struct client *c, json_t *root)
{
	struct room_people	*rp;
	struct room		*r;
	const char		*id, *h, *change;
	size_t			 i;

	id = json_string_value(json_object_get(root, "room"));
	if (id == NULL)
		id = json_string_value(json_object_get(json_object_get(root,
		    "room"), "id"));
	h = json_string_value(json_object_get(root, "handle"));
	change = json_string_value(json_object_get(root, "change"));
	if (id == NULL || h == NULL || change == NULL ||
	    (r = session_room(c, id)) == NULL)
		return;
	if (c->handle != NULL && strcmp(h, c->handle) != 0)
		fe_notice(c, "%s %s %s", h, strcmp(change, "invited") == 0 ?
		    "was invited to" : strcmp(change, "joined") == 0 ? "joined" :
		    strcmp(change, "declined") == 0 ? "declined to join" :
		    strcmp(change, "left") == 0 ? "left" :
		    strcmp(change, "removed") == 0 ? "was removed from" :
		    "changed in", r->name);
	if ((rp = people_room_find(id)) == NULL)
		return;
	if (strcmp(change, "joined") == 0) {
		people_room_add_handle(rp, h);
		people_presence_ask_one(c, h);
		return;
	}
	for (i = 0; i < rp->n; i++) {
		if (strcmp(rp->handles[i], h) == 0) {
			free(rp->handles[i]);
			rp->handles[i] = rp->handles[--rp->n];
			break;
		}
	}
	c->fe->rooms(c);
}

/* --- events ------------------------------------------------------------------------- */
/* A room_gone event: we are out of a room. */
void
presence_room_gone_event(struct client *c, json_t *root)
{
	struct room	*r;
	const char	*id, *why;

	id = json_string_value(json_object_get(root, "room"));
	if (id == NULL)
		id = json_string_value(json_object_get(json_object_get(root,
		    "room"), "id"));
	why = json_string_value(json_object_get(root, "reason"));
	if (id != NULL && (r = session_room(c, id)) != NULL && why != NULL &&
	    strcmp(why, "removed") == 0)
		fe_notice(c, "you were removed from %s", r->name);
	session_goto(c, NULL);
}

void
presence_free(void)
{
	size_t	i, j;

	for (i = 0; i < people.npresence; i++)
		free(people.presence[i].handle);
	free(people.presence);
	for (i = 0; i < people.nrooms; i++) {
		for (j = 0; j < people.rooms[i].n; j++)
			free(people.rooms[i].handles[j]);
		free(people.rooms[i].handles);
		free(people.rooms[i].room);
	}
	free(people.rooms);
	memset(&people, 0, sizeof people);
}
