/*
 * meeting_screen.c: a meeting on the full screen — its agenda with the
 * current item marked, the actions from last time and the records so far
 * (underlined) — or its minutes, as a screen of its own (/meeting, /agenda,
 * /minutes; opening a meeting room shows it once). While the meeting is
 * live a standing panel above them shows the floor, the speaker queue and
 * the open votes, redrawn from the queue and vote events as they come.
 * Up/Down/PgUp/PgDn scroll; Esc, q or Enter go back. Also the sidebar's
 * meetings ahead.
 */
#include <stdlib.h>

#include "staffroom.h"

static struct {
	const struct ui_mode	*back;
	json_int_t		 meeting;	/* 0: the minutes */
	char			*title;
	json_t			*lines;
	int			 top;
} mv;

/*
 * Below the rooms in the sidebar: the meetings ahead, each until it starts
 * (its room is among the rooms then).
 */
void
meeting_sidebar(int top, int h, int w)
{
	char	**labels;
	size_t	  n, i;
	int	  y = 0;

	labels = meeting_upcoming(&n);
	if (n > 0 && h >= 2) {
		ui_put(top + y++, 0, "Meetings", w, A_DIM | A_UNDERLINE);
		for (i = 0; i < n && y < h; i++)
			ui_put(top + y++, 2, labels[i], w - 2, 0);
	}
	for (i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
}

void
meeting_screen_free(void)
{
	free(mv.title);
	json_decref(mv.lines);
	mv.title = NULL;
	mv.lines = NULL;
}

void
meeting_screen_open(struct client *c, json_int_t meeting, const char *title,
    json_t *lines)
{
	meeting_screen_free();
	mv.meeting = meeting;
	mv.title = xstrdup(title);
	mv.lines = json_incref(lines);
	if (ui.mode != &meeting_mode)
		mv.back = ui.mode;
	mv.top = 0;
	ui.mode = &meeting_mode;
	ui.dirty = 1;
}

static attr_t
meeting_line_attr(const json_t *l)
{
	attr_t	attr = 0;

	if (json_is_true(json_object_get(l, "current")))
		attr |= A_REVERSE | A_BOLD;
	if (json_is_true(json_object_get(l, "record")))
		attr |= A_UNDERLINE;
	if (json_is_true(json_object_get(l, "heading")))
		attr |= A_BOLD;
	return (attr);
}

/* The floor's panel from row 1, at most half of h rows and a rule; the rows it took. */
static int
meeting_screen_panel(int h)
{
	json_t	*panel = mv.meeting != 0 ? floor_panel(mv.meeting) : NULL;
	int	 n, y, max = h / 2;

	if (panel == NULL)
		return (0);
	n = (int)json_array_size(panel);
	for (y = 0; y < n && y < max; y++)
		ui_put(1 + y, 1, y + 1 == max && n > max ? "  ..." :
		    json_string_value(json_object_get(json_array_get(panel,
		    (size_t)y), "text")), COLS - 2, meeting_line_attr(
		    json_array_get(panel, (size_t)y)));
	json_decref(panel);
	attron(A_DIM);
	mvhline(1 + y, 0, ACS_HLINE, COLS);
	attroff(A_DIM);
	return (y + 1);
}

static void
meeting_screen_draw(struct client *c)
{
	int	h = LINES - 3, top, y, n = (int)json_array_size(mv.lines);
	json_t	*l;

	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	attroff(A_REVERSE);
	ui_put(0, 1, mv.title != NULL ? mv.title : "", COLS - 1,
	    A_REVERSE | A_BOLD);
	top = meeting_screen_panel(h);
	h -= top;
	if (mv.top > n - h)
		mv.top = n - h;
	if (mv.top < 0)
		mv.top = 0;
	for (y = 0; y < h && mv.top + y < n; y++) {
		l = json_array_get(mv.lines, (size_t)(mv.top + y));
		ui_put(1 + top + y, 1, json_string_value(json_object_get(l,
		    "text")), COLS - 2, meeting_line_attr(l));
	}
	ui_draw_status(c, LINES - 2);
	ui.cursor_y = LINES - 1;
	ui.cursor_x = 0;
}

static void
meeting_screen_key(struct client *c, int key)
{
	int	page = LINES - 4 > 1 ? LINES - 4 : 1;

	switch (key) {
	case KEYC_UP:
		mv.top--;
		break;
	case KEYC_DOWN:
		mv.top++;
		break;
	case KEYC_PGUP:
		mv.top -= page;
		break;
	case KEYC_PGDN:
	case ' ':
		mv.top += page;
		break;
	case KEYC_ESC:
	case 'q':
	case '\r':
	case '\n':
		ui.mode = mv.back != NULL ? mv.back : &rooms_mode;
		break;
	}
}

const struct ui_mode meeting_mode = {
	.name = "meeting",
	.draw = meeting_screen_draw,
	.key = meeting_screen_key,
};
