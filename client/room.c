/*
 * room.c: a room and its messages as the client holds them: the kinds in
 * sidebar order, messages built from protocol objects and kept in id order,
 * each once.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

static const char *room_kind_titles[] = {
	[ROOM_NATIONAL] = "National",
	[ROOM_REGION] = "Regions",
	[ROOM_TRUST] = "Trusts",
	[ROOM_BUDDY] = "Buddy chats",
	[ROOM_DM] = "Direct messages",
	[ROOM_MEETING] = "Meetings",
};

const char *
room_kind_title(enum room_kind kind)
{
	return (room_kind_titles[kind]);
}

/* Sidebar order: the enum is already national, region, trust, buddy ... */
int
room_kind_order(enum room_kind kind)
{
	return ((int)kind);
}

/* Builds a message from a protocol "msg" object; NULL if it is not one. */
struct msg *
msg_from_json(json_t *obj)
{
	struct msg	*m;
	const char	*from, *body;
	json_int_t	 id;

	id = json_integer_value(json_object_get(obj, "id"));
	from = json_string_value(json_object_get(obj, "from"));
	body = json_string_value(json_object_get(obj, "body"));
	if (id <= 0 || from == NULL || body == NULL ||
	    json_string_value(json_object_get(obj, "room")) == NULL)
		return (NULL);
	m = xcalloc(1, sizeof *m);
	m->id = id;
	m->ts = json_integer_value(json_object_get(obj, "ts"));
	m->from = xstrdup(from);
	m->personal_data = json_is_true(json_object_get(obj, "personal_data"));
	msg_set_body(m, body, json_is_true(json_object_get(obj, "edited")));
	return (m);
}

void
msg_free(struct msg *m)
{
	free(m->from);
	free(m->body);
	free(m->text);
	free(m);
}

/*
 * Puts m in its place by id. Returns 1 when added, 0 when the room already
 * had it (the caller frees m): a message can arrive as our reply, as an
 * event and again in a sync, and is shown once.
 */
bool
room_insert(struct room *r, struct msg *m)
{
	size_t	lo = 0, hi = r->nmsgs, mid;

	/* Most messages are the newest: check the end first. */
	if (r->nmsgs == 0 || r->msgs[r->nmsgs - 1]->id < m->id)
		lo = r->nmsgs;
	else {
		while (lo < hi) {
			mid = (lo + hi) / 2;
			if (r->msgs[mid]->id == m->id)
				return (false);
			if (r->msgs[mid]->id < m->id)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	if (r->nmsgs == r->capmsgs) {
		r->capmsgs = r->capmsgs == 0 ? 64 : r->capmsgs * 2;
		r->msgs = xreallocarray(r->msgs, r->capmsgs, sizeof *r->msgs);
	}
	memmove(r->msgs + lo + 1, r->msgs + lo,
	    (r->nmsgs - lo) * sizeof *r->msgs);
	r->msgs[lo] = m;
	r->nmsgs++;
	if (m->id > r->last_id)
		r->last_id = m->id;
	return (true);
}

void
room_free(struct room *r)
{
	size_t	i;

	for (i = 0; i < r->nmsgs; i++)
		msg_free(r->msgs[i]);
	free(r->msgs);
	free(r->id);
	free(r->name);
	free(r->pinned);
	free(r);
}
