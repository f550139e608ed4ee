/*
 * away.c: "while you were away". On login the client shows what waits for
 * the person: buddy invitations and requests, unread direct messages,
 * mentions, the rooms with unread messages and the boards whose posts name
 * them (from the board list). Each line jumps to its place
 * with Enter; invitations and requests are answered with a and d.
 *
 * The counts come from rooms.list, kept current by the session; the
 * server's summary op adds what rooms.list cannot say (the invitations and
 * requests waiting, the mention messages). Without that op the summary is
 * built from the rooms alone. The lines are rebuilt each time they are
 * drawn, so what has been read drops out.
 *
 * Full screen: any key the summary does not use closes it and goes on to
 * the main screen, so typing straight away is never lost.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

static struct {
	json_t	*mentions;	/* mention messages from the summary op */
	size_t	 sel;		/* selected line (an index into lines) */
	bool	 asked;		/* the summary op was sent this login */
} away;

static void
away_add(struct away_line **l, size_t *n, enum away_kind kind,
    const char *room, const char *handle, char *text, size_t pending)
{
	*l = xreallocarray(*l, *n + 1, sizeof **l);
	(*l)[*n].kind = kind;
	(*l)[*n].room = room != NULL ? xstrdup(room) : NULL;
	(*l)[*n].handle = handle != NULL ? xstrdup(handle) : NULL;
	(*l)[*n].text = text;
	(*l)[*n].pending = pending;
	(*n)++;
}

static const char *away_titles[] = {
	[AWAY_TITLE] = "",
	[AWAY_PENDING] = "Buddy invitations and requests",
	[AWAY_DM] = "Unread direct messages",
	[AWAY_MENTION] = "Mentions",
	[AWAY_ROOM] = "Rooms with unread messages",
	[AWAY_BOARD] = "Boards with posts naming you",
};

static void
away_title(struct away_line **l, size_t *n, enum away_kind kind, int *done)
{
	if (!*done)
		away_add(l, n, AWAY_TITLE, NULL, NULL, xstrdup(
		    away_titles[kind]), 0);
	*done = 1;
}

static struct room *
away_room(struct room **rooms, size_t nrooms, const char *id)
{
	size_t	i;

	for (i = 0; id != NULL && i < nrooms; i++) {
		if (strcmp(rooms[i]->id, id) == 0)
			return (rooms[i]);
	}
	return (NULL);
}

/*
 * The summary's lines, titles included: waiting invitations and requests,
 * DMs with unread messages, mentions (the messages when known, else the
 * rooms' counts), then the other rooms with unread messages.
 */
size_t
away_lines(struct room **rooms, size_t nrooms, struct pending *p, size_t np,
    json_t *mentions, struct away_line **out)
{
	struct away_line	*l = NULL;
	struct room		*r;
	json_t			*m;
	const char		*from, *body;
	char			*text;
	size_t			 n = 0, i, shown;
	int			 done;

	for (done = 0, i = 0; i < np; i++) {
		away_title(&l, &n, AWAY_PENDING, &done);
		away_add(&l, &n, AWAY_PENDING, p[i].room, p[i].from,
		    buddy_pending_text(&p[i]), i);
	}
	for (done = 0, i = 0; i < nrooms; i++) {
		r = rooms[i];
		if (r->kind != ROOM_DM || r->unread <= 0)
			continue;
		away_title(&l, &n, AWAY_DM, &done);
		xasprintf(&text, "%s: %d unread", r->name, r->unread);
		away_add(&l, &n, AWAY_DM, r->id, NULL, text, 0);
	}
	done = 0;
	json_array_foreach(mentions, i, m) {
		r = away_room(rooms, nrooms, json_string_value(json_object_get(
		    m, "room")));
		from = json_string_value(json_object_get(m, "from"));
		body = json_string_value(json_object_get(m, "body"));
		/* Read since: gone from the summary. */
		if (r == NULL || r->mentions <= 0 || from == NULL || body == NULL)
			continue;
		away_title(&l, &n, AWAY_MENTION, &done);
		xasprintf(&text, "%s, %s: %s", r->name, from, body);
		away_add(&l, &n, AWAY_MENTION, r->id, NULL, text, 0);
	}
	for (i = 0; i < nrooms; i++) {
		r = rooms[i];
		if (r->mentions <= 0)
			continue;
		for (shown = 0; shown < n; shown++) {
			if (l[shown].kind == AWAY_MENTION &&
			    strcmp(l[shown].room, r->id) == 0)
				break;
		}
		if (shown < n)
			continue;
		away_title(&l, &n, AWAY_MENTION, &done);
		xasprintf(&text, "%s: mentioned you %d time%s", r->name,
		    r->mentions, r->mentions == 1 ? "" : "s");
		away_add(&l, &n, AWAY_MENTION, r->id, NULL, text, 0);
	}
	for (done = 0, i = 0; i < nrooms; i++) {
		r = rooms[i];
		if (r->kind == ROOM_DM || r->unread <= 0)
			continue;
		away_title(&l, &n, AWAY_ROOM, &done);
		xasprintf(&text, "%s: %d unread", r->name, r->unread);
		away_add(&l, &n, AWAY_ROOM, r->id, NULL, text, 0);
	}
	*out = l;
	return (n);
}

void
away_lines_free(struct away_line *l, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(l[i].room);
		free(l[i].handle);
		free(l[i].text);
	}
	free(l);
}

static size_t
away_build(struct client *c, struct away_line **l)
{
	struct pending	*p;
	size_t		 np = buddy_pending(&p), n, i;
	const char	*id, *name;
	int		 mentions, done = 0;
	char		*text;

	n = away_lines(c->rooms, c->nrooms, p, np, away.mentions, l);
	for (i = 0; boards_mention_at(i, &id, &name, &mentions); i++) {
		away_title(l, &n, AWAY_BOARD, &done);
		xasprintf(&text, "%s: %d post%s naming you", name, mentions,
		    mentions == 1 ? "" : "s");
		away_add(l, &n, AWAY_BOARD, id, NULL, text, 0);
	}
	return (n);
}

/* Plain mode: the summary as lines, with the command for each. */
void
away_print(struct client *c, bool always)
{
	struct away_line	*l;
	size_t			 n, i;
	int			 num;

	n = away_build(c, &l);
	if (n == 0 && !always) {
		away_lines_free(l, n);
		return;
	}
	if (n == 0)
		fe_notice(c, "while you were away: nothing new");
	else
		fe_notice(c, "while you were away:");
	for (i = 0; i < n; i++) {
		if (l[i].kind == AWAY_TITLE) {
			fe_notice(c, "%s:", l[i].text);
			continue;
		}
		if (l[i].kind == AWAY_PENDING) {
			fe_notice(c, "  %s (/accept %s or /decline %s)", l[i].text,
			    l[i].room != NULL ? l[i].room : l[i].handle,
			    l[i].room != NULL ? l[i].room : l[i].handle);
			continue;
		}
		if (l[i].kind == AWAY_BOARD) {
			fe_notice(c, "  %s (/boards)", l[i].text);
			continue;
		}
		num = session_find(c, l[i].room) + 1;
		fe_notice(c, "  %s (/join %d)", l[i].text, num);
	}
	away_lines_free(l, n);
}

void
away_screen_open(struct client *c, bool always)
{
	struct away_line	*l;
	size_t			 n;

	n = away_build(c, &l);
	away_lines_free(l, n);
	if (n == 0 && !always)
		return;
	if (n == 0) {
		fe_notice(c, "while you were away: nothing new");
		return;
	}
	/* Never over a screen the person opened themselves. */
	if (!always && ui.mode != &rooms_mode)
		return;
	away.sel = 1;
	ui.mode = &away_mode;
	ui.dirty = 1;
}

struct away_ask {
	int	always;
};

static void	away_ask_lists(struct client *, int);

/* The lists one by one: invitations, then requests, then the summary. */
static void
away_requests_cb(struct client *c, json_t *reply, void *arg)
{
	struct away_ask	*a = arg;
	int		 always = a->always;

	free(a);
	if (reply == NULL)
		return;
	if (rpc_error(reply, NULL, NULL) == PROTO_OK)
		buddy_pending_json(NULL, json_object_get(reply, "incoming"));
	c->fe->people->summary(c, always);
}

static void
away_invitations_cb(struct client *c, json_t *reply, void *arg)
{
	struct away_ask	*a = arg;

	if (reply == NULL) {
		free(a);
		return;
	}
	if (rpc_error(reply, NULL, NULL) == PROTO_OK)
		buddy_pending_json(json_object_get(reply, "invitations"), NULL);
	if (rpc_send(c, json_pack("{s:s}", "op", "buddy.requests"),
	    away_requests_cb, a) == -1)
		free(a);
}

static void
away_ask_lists(struct client *c, int always)
{
	struct away_ask	*a = xcalloc(1, sizeof *a);

	a->always = always;
	if (rpc_send(c, json_pack("{s:s}", "op", "buddy.invitations"),
	    away_invitations_cb, a) == -1)
		free(a);
}

static void
away_summary_cb(struct client *c, json_t *reply, void *arg)
{
	struct away_ask	*a = arg;
	enum proto_error err;
	json_t		*invites, *requests;
	int		 always = a->always;

	free(a);
	err = rpc_error(reply, NULL, NULL);
	if (reply == NULL)
		return;
	if (err == PROTO_OK) {
		if ((invites = json_object_get(reply, "invitations")) == NULL)
			invites = json_object_get(reply, "invites");
		if ((requests = json_object_get(reply, "requests")) == NULL)
			requests = json_object_get(reply, "buddy_requests");
		buddy_pending_json(invites, requests);
		meeting_summary(c, reply);
		json_decref(away.mentions);
		away.mentions = json_incref(json_object_get(reply, "mentions"));
		if (!json_is_array(away.mentions)) {
			json_decref(away.mentions);
			away.mentions = NULL;
		}
	}
	if (err == PROTO_ERR_UNKNOWN_OP) {
		/* An older server: ask for the invitations and requests alone. */
		away_ask_lists(c, always);
		return;
	}
	c->fe->people->summary(c, always);
}

/* Asks the server what waits, then shows the summary. */
void
away_summary(struct client *c, int always)
{
	struct away_ask	*a = xcalloc(1, sizeof *a);

	a->always = always;
	if (rpc_send(c, json_pack("{s:s}", "op", "summary"), away_summary_cb,
	    a) == -1) {
		free(a);
		c->fe->people->summary(c, always);
	}
}

/* The first rooms.list of this run: show what waits, once. */
void
away_login(struct client *c)
{
	if (away.asked)
		return;
	away.asked = 1;
	/* The board list's mentions, answered before the summary. */
	boards_ask(c);
	away_summary(c, 0);
}

/* Something waiting came or went. */
void
away_changed(struct client *c)
{
	c->fe->people->changed(c);
}

/* --- the summary screen ---------------------------------------------------- */

static bool
away_selectable(const struct away_line *l, size_t n, size_t i)
{
	return (i < n && l[i].kind != AWAY_TITLE);
}

static void
away_draw(struct client *c)
{
	struct away_line	*l;
	size_t			 n, i, first = 0;
	int			 y, h = LINES - 4;
	attr_t			 attr;

	n = away_build(c, &l);
	if (away.sel >= n || !away_selectable(l, n, away.sel)) {
		for (away.sel = 0; away.sel < n &&
		    !away_selectable(l, n, away.sel); away.sel++)
			;
	}
	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	attroff(A_REVERSE);
	ui_put(0, 1, "While you were away: Enter goes there, a accepts, "
	    "d declines, Esc closes", COLS - 1, A_REVERSE | A_BOLD);
	if (n == 0)
		ui_put(2, 1, "Nothing new. Esc goes back.", COLS - 1, A_DIM);
	if (away.sel >= (size_t)h)
		first = away.sel - (size_t)h + 1;
	for (y = 0, i = first; i < n && y < h; i++, y++) {
		if (l[i].kind == AWAY_TITLE) {
			ui_put(2 + y, 1, l[i].text, COLS - 1, A_BOLD);
			continue;
		}
		attr = i == away.sel ? A_REVERSE : 0;
		ui_put(2 + y, 1, i == away.sel ? ">" : " ", 1, attr);
		ui_put(2 + y, 3, l[i].text, COLS - 3, attr);
	}
	away_lines_free(l, n);
	ui_draw_status(c, LINES - 2);
	ui.cursor_y = LINES - 1;
	ui.cursor_x = 0;
}

/* Returns -1 for a key the summary does not use (the main screen's). */
static int
away_key(struct client *c, int key)
{
	struct away_line	*l;
	struct pending		*p;
	size_t			 n, i, np;
	int			 rc = 0, idx;

	n = away_build(c, &l);
	switch (key) {
	case KEYC_UP:
		for (i = away.sel; i > 0; i--) {
			if (away_selectable(l, n, i - 1)) {
				away.sel = i - 1;
				break;
			}
		}
		break;
	case KEYC_DOWN:
		for (i = away.sel + 1; i < n; i++) {
			if (away_selectable(l, n, i)) {
				away.sel = i;
				break;
			}
		}
		break;
	case KEYC_ESC:
		ui.mode = &rooms_mode;
		break;
	case 'a':
	case 'd':
		/* The summary's own keys: never passed on to the input line. */
		if (!away_selectable(l, n, away.sel) ||
		    l[away.sel].kind != AWAY_PENDING) {
			ui_notice_set("a and d answer a buddy invitation or "
			    "request: pick one with the arrows", 0);
			break;
		}
		np = buddy_pending(&p);
		if (l[away.sel].pending < np)
			buddy_answer(c, &p[l[away.sel].pending], key == 'a');
		break;
	case '\r':
	case '\n':
		if (!away_selectable(l, n, away.sel)) {
			ui.mode = &rooms_mode;
			break;
		}
		if (l[away.sel].kind == AWAY_PENDING) {
			if (l[away.sel].room == NULL)
				people_whois(c, l[away.sel].handle);
			else
				ui_notice_set("a accepts the invitation and "
				    "goes there; d declines it", 0);
			break;
		}
		ui.mode = &rooms_mode;
		if (l[away.sel].kind == AWAY_BOARD)
			boards_open(c);
		else if ((idx = session_find(c, l[away.sel].room)) != -1)
			session_switch(c, (size_t)idx);
		break;
	default:
		rc = -1;
		break;
	}
	away_lines_free(l, n);
	return (rc);
}

void
away_free(void)
{
	json_decref(away.mentions);
	memset(&away, 0, sizeof away);
}

/* Any key the summary does not use closes it and does its usual job. */
static void
away_mode_key(struct client *c, int key)
{
	if (away_key(c, key) == -1) {
		ui.mode = &rooms_mode;
		rooms_mode.key(c, key);
	}
}

const struct ui_mode away_mode = {
	.name = "summary",
	.draw = away_draw,
	.key = away_mode_key,
};
