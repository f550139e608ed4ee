/*
 * unread.c: back to the first message that was new when the person came
 * to the room (where the "-- new messages --" line is): the full screen's
 * Alt-u and /unread. Older pages come first (backfill.c) when that message
 * is older than what the client holds.
 */
#include "staffroom.h"

/* Held: the last message read before this visit, or the room's first. */
static bool
unread_reached(struct room *r)
{
	return (r->nmsgs > 0 && r->msgs[0]->id <= r->marker);
}

static void
unread_loaded(struct client *c, struct room *r)
{
	size_t	i;

	if (r != session_current(c))
		return;
	for (i = 0; i < r->nmsgs && r->msgs[i]->id <= r->marker; i++)
		;
	c->fe->unread(c, r, i);
}

void
unread_command(struct client *c, const char *arg)
{
	struct room	*r = cmd_room(c);

	if (r == NULL)
		return;
	backfill(c, r, unread_reached, unread_loaded);
}
