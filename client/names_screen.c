/*
 * names_screen.c: the full screen's panel of who may read the room on
 * screen (names.c fetches them): a count, then a person a row, presence
 * marked, right of the messages.
 */
#include <stdlib.h>

#include "staffroom.h"

#define NAMES_PANEL_W	22
#define NAMES_MIN_COLS	56	/* of the messages' columns: fewer, and they keep them */

/* Columns the panel takes from the messages' cols (0: it is closed). */
int
names_panel_width(int cols)
{
	return (names_panel() != NULL && cols >= NAMES_MIN_COLS ?
	    NAMES_PANEL_W : 0);
}

void
names_panel_draw(int top, int h, int x, int w)
{
	const struct names_list		*l = names_panel();
	const struct names_person	*p;
	char				*s;
	size_t				 i, online = 0;
	int				 y = 0, dx;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		online += l->people[i].state == PRESENCE_ONLINE;
	if (l->loading)
		s = xstrdup("people: loading...");
	else
		xasprintf(&s, "%zu%s people, %zu online", l->n, l->cut ? "+" : "",
		    online);
	ui_put(top + y++, x, s, w, A_DIM | A_UNDERLINE);
	free(s);
	for (i = 0; !l->loading && i < l->n && y < h; i++, y++) {
		p = &l->people[i];
		dx = ui_put(top + y, x, presence_mark(p->state), 2, 0) > 0 ?
		    2 : 0;
		dx += ui_put(top + y, x + dx, p->handle, w - dx,
		    p->state == PRESENCE_ONLINE ? A_BOLD : 0);
		if (p->name != NULL && dx + 2 < w)
			ui_put(top + y, x + dx + 1, p->name, w - dx - 1, A_DIM);
	}
}
