/*
 * console_invites_screen.c: the console's Invites tab: the new codes of
 * this console's creates above the invites of one's regions, n to make
 * more, x to revoke the one selected (console_invites.c asks the server).
 */
#include <stdlib.h>

#include "staffroom.h"

static void
console_invites_open(struct client *c)
{
	console_invites_load(c);
}

static void
console_invites_draw(struct client *c, int top, int h)
{
	size_t	n = json_array_size(console.invites), i, first = 0;
	int	y = 0, list;
	json_t	*m;
	char	*s;

	if (json_array_size(console.invites_made) > 0) {
		ui_put(top + y++, 1, "New codes, shown this once - send each to "
		    "one person:", COLS - 2, A_BOLD);
		json_array_foreach(console.invites_made, i, m) {
			if (y >= h / 2)
				break;
			s = console_invite_line(m);
			ui_put(top + y, 3, json_string_value(json_object_get(m,
			    "code")), COLS - 4, A_BOLD);
			ui_put(top + y++, 48, s, COLS - 49, A_DIM);
			free(s);
		}
		mvhline(top + y++, 0, ACS_HLINE, COLS);
	}
	ui_put(top + y++, 1, "Invites of your regions, newest first:", COLS - 2,
	    A_BOLD);
	if (n == 0)
		ui_put(top + y++, 1, "  none yet: n makes some", COLS - 2, A_DIM);
	list = h - y;
	if (list > 0 && console.invite_sel >= (size_t)list)
		first = console.invite_sel - (size_t)list + 1;
	for (i = first; i < n && y < h; i++) {
		s = console_invite_line(json_array_get(console.invites, i));
		ui_put(top + y++, 1, s, COLS - 2, i == console.invite_sel ? A_REVERSE : 0);
		free(s);
	}
}

static void
console_revoke_answer(struct client *c, const char *text)
{
	const char	*id = json_string_value(json_object_get(json_array_get(
			    console.invites, console.invite_sel), "id"));

	if (id != NULL)
		console_invite_revoke(c, id);
}

static void
console_invites_key(struct client *c, int key)
{
	json_t	*sel = json_array_get(console.invites, console.invite_sel);
	char	*prompt;

	switch (key) {
	case KEYC_UP:
	case 'k':
		if (console.invite_sel > 0)
			console.invite_sel--;
		break;
	case KEYC_DOWN:
	case 'j':
		if (console.invite_sel + 1 < json_array_size(console.invites))
			console.invite_sel++;
		break;
	case 'n':
		console_screen_ask("new invites - region or school URN, how "
		    "many, role, days:N: ", console_invite_region(c),
		    console_invite_create);
		break;
	case 'x':
		if (sel == NULL) {
			ui_notice_set("no invite is chosen", 1);
			break;
		}
		xasprintf(&prompt, "revoke invite %s? Enter revokes it, Esc "
		    "keeps it ", json_string_value(json_object_get(sel, "id")));
		console_screen_ask(prompt, "", console_revoke_answer);
		free(prompt);
		break;
	case 'r':
		console_invites_load(c);
		break;
	}
}

const struct console_tab console_invites_tab = {
	"Invites", console_invites_open, console_invites_draw,
	console_invites_key,
	"Up/Down choose  n new invites (one or many)  x revoke  r refresh"
};
