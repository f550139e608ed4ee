/*
 * tags_screen.c: the thread tags and what each means, as a screen of its
 * own (/tags on the full screen; plain mode prints them as lines). The
 * list is proto's, so it is the one the daemon checks. Up/Down/PgUp/PgDn
 * scroll; Esc, q or Enter go back to the screen it was opened from.
 */
#include "staffroom.h"

#define TAGS_SCREEN_ID_COLS	14	/* "early-years" and a gap */

static struct {
	const struct ui_mode	*back;
	int			 top;
} tv;

void
tags_screen_open(struct client *c)
{
	if (ui.mode != &tags_mode)
		tv.back = ui.mode;
	tv.top = 0;
	ui.mode = &tags_mode;
	ui.dirty = 1;
}

static void
tags_screen_draw(struct client *c)
{
	int		h = LINES - 3, y;
	unsigned	bit;

	if (tv.top > PROTO_TAG_COUNT - h)
		tv.top = PROTO_TAG_COUNT - h;
	if (tv.top < 0)
		tv.top = 0;
	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	attroff(A_REVERSE);
	ui_put(0, 1, "Thread tags: Up/Down scroll, Esc closes", COLS - 1,
	    A_REVERSE | A_BOLD);
	for (y = 0; y < h && tv.top + y < PROTO_TAG_COUNT; y++) {
		bit = (unsigned)(tv.top + y);
		ui_put(1 + y, 1, proto_tag_name(bit), TAGS_SCREEN_ID_COLS,
		    A_BOLD);
		ui_put(1 + y, 1 + TAGS_SCREEN_ID_COLS, proto_tag_label(bit),
		    COLS - 1 - TAGS_SCREEN_ID_COLS, 0);
	}
	ui_draw_status(c, LINES - 2);
	ui.cursor_y = LINES - 1;
	ui.cursor_x = 0;
}

static void
tags_screen_key(struct client *c, int key)
{
	int	page = LINES - 4 > 1 ? LINES - 4 : 1;

	switch (key) {
	case KEYC_UP:
		tv.top--;
		break;
	case KEYC_DOWN:
		tv.top++;
		break;
	case KEYC_PGUP:
		tv.top -= page;
		break;
	case KEYC_PGDN:
	case ' ':
		tv.top += page;
		break;
	case KEYC_ESC:
	case 'q':
	case '\r':
	case '\n':
		ui.mode = tv.back != NULL ? tv.back : &rooms_mode;
		break;
	}
}

const struct ui_mode tags_mode = {
	.name = "tags",
	.draw = tags_screen_draw,
	.key = tags_screen_key,
};
