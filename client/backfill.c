/*
 * backfill.c: older pages of a room, fetched quietly (the frontend is not
 * handed them as /history's are, so plain mode does not read them out)
 * until a caller has what it needs, such as the first unread message or
 * every match of a search, or BACKFILL_MAX messages are held; then the
 * caller goes on. One backfill at a time: a new one replaces the last.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

#define BACKFILL_MAX	1000	/* messages held before a backfill gives up */

static struct {
	char		*room;
	backfill_done	 enough;
	backfill_cb	 then;
	bool		 asked;		/* a page is on its way */
} bf;

static void	backfill_page(struct client *, struct room *);

static void
backfill_cb_page(struct client *c, json_t *reply, void *arg)
{
	struct room	 *r;
	struct msg	**added;
	char		 *id = arg;

	if (bf.room == NULL || strcmp(bf.room, id) != 0 ||
	    (r = session_room(c, id)) == NULL) {
		free(id);	/* replaced, or the room went */
		return;
	}
	free(id);
	bf.asked = false;
	if (rpc_failed(c, reply)) {
		backfill_cancel();
		return;
	}
	session_history_take(c, r, reply, &added);
	free(added);
	backfill_page(c, r);
}

/* The next page, or the caller's turn when it has enough. */
static void
backfill_page(struct client *c, struct room *r)
{
	backfill_cb	 then = bf.then;
	json_t		*req;

	if (bf.enough(r) || (r->loaded && !r->more) ||
	    r->nmsgs >= BACKFILL_MAX || c->net.state != NET_READY) {
		backfill_cancel();
		then(c, r);
		return;
	}
	req = json_pack("{s:s, s:s, s:i}", "op", "room.history", "room", r->id,
	    "limit", PROTO_MAX_PAGE);
	if (r->nmsgs > 0)
		json_object_set_new(req, "before", json_integer(r->msgs[0]->id));
	if (rpc_send(c, req, backfill_cb_page, xstrdup(r->id)) != -1)
		bf.asked = true;
	else {
		backfill_cancel();
		then(c, r);
	}
}

/*
 * Fetches older pages of r until enough(r) holds, then calls then(c, r).
 * Asked again for the room while a page is on its way, the page goes on
 * to the new caller.
 */
void
backfill(struct client *c, struct room *r, backfill_done enough,
    backfill_cb then)
{
	if (bf.asked && strcmp(bf.room, r->id) == 0) {
		bf.enough = enough;
		bf.then = then;
		return;
	}
	backfill_cancel();
	bf.room = xstrdup(r->id);
	bf.enough = enough;
	bf.then = then;
	backfill_page(c, r);
}

void
backfill_cancel(void)
{
	free(bf.room);
	memset(&bf, 0, sizeof bf);
}
