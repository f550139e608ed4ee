/*
 * search.c: /search and the boards' "/" key. The query may carry filters
 * (board:ID room:ID author:HANDLE tag:TAG); the rest is the text, which
 * the server treats as words, never as query syntax. Hits are posts and
 * room messages the person can see, best first, each with a snippet whose
 * highlighted words the server marks by offsets. Enter on a hit opens it
 * in place: a post opens its thread at that post, a message switches to
 * its room. Plain mode prints the hits with the command that opens each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"


static struct {
	json_t		*hits;
	char		*query;
	size_t		 sel;
	bool		 loading;
	const struct ui_mode	*back;
} sr;

void
search_free(void)
{
	json_decref(sr.hits);
	free(sr.query);
	memset(&sr, 0, sizeof sr);
}

static const char *
search_str(json_t *o, const char *k)
{
	const char	*s = json_string_value(json_object_get(o, k));

	return (s != NULL ? s : "");
}

/* The room id or thread id of a hit, printable. */
static char *
search_where(json_t *hit, int *is_post)
{
	json_t	*v;
	char	*where;

	*is_post = strcmp(search_str(hit, "kind"), "msg") != 0;
	v = json_object_get(hit, *is_post ? "thread" : "room");
	if ((where = rpc_id_text(v)) == NULL)
		where = xstrdup("?");
	return (where);
}

/*
 * Which bytes of the snippet (n of them) are highlighted: the server's
 * "highlights" are [start, end) byte offsets into the UTF-8 snippet. A
 * mark never starts or ends inside a character: the ends are moved to
 * the character's first byte.
 */
unsigned char *
search_marks(const char *snip, json_t *hl)
{
	size_t		 n = strlen(snip), i;
	unsigned char	*m = xcalloc(n + 1, 1);
	json_t		*h;
	json_int_t	 st, e;

	json_array_foreach(hl, i, h) {
		st = json_integer_value(json_array_get(h, 0));
		e = json_integer_value(json_array_get(h, 1));
		if (st < 0)
			st = 0;
		if (e > (json_int_t)n)
			e = (json_int_t)n;
		while (st > 0 && (snip[st] & 0xc0) == 0x80)
			st--;
		while (e < (json_int_t)n && (snip[e] & 0xc0) == 0x80)
			e++;
		for (; st < e; st++)
			m[st] = 1;
	}
	return (m);
}

void
search_print(struct client *c)
{
	json_t	*hit;
	size_t	 i;
	char	*where, *title, *who, *snip, when[64];
	int	 post;

	if (json_array_size(sr.hits) == 0)
		fe_notice(c, "nothing found");
	json_array_foreach(sr.hits, i, hit) {
		where = search_where(hit, &post);
		title = text_safe_utf8(search_str(hit, "title"), 0);
		who = text_safe_utf8(search_str(hit, "author"), 0);
		snip = text_safe_utf8(search_str(hit, "snippet"), 0);
		clock_day_text(json_integer_value(json_object_get(hit, "ts")),
		    when, sizeof when);
		if (post)
			fe_notice(c, "hit %zu. post #%lld in thread %s \"%s\" by "
			    "%s, %s: %s (/thread %s %lld)", i + 1,
			    (long long)json_integer_value(json_object_get(hit,
			    "id")), where, title, who, when, snip, where,
			    (long long)json_integer_value(json_object_get(hit,
			    "id")));
		else
			fe_notice(c, "hit %zu. message in [%s] by %s, %s: %s "
			    "(/join %s)", i + 1, where, who, when, snip, where);
		free(snip);
		free(who);
		free(title);
		free(where);
	}
}

static void
search_cb(struct client *c, json_t *reply, void *arg)
{
	const char		*code, *message;
	enum proto_error	 err;

	sr.loading = 0;
	if ((err = rpc_error(reply, &code, &message)) != PROTO_OK) {
		if (reply == NULL)
			return;
		if (err == PROTO_ERR_UNKNOWN_OP)
			c->fe->error(c, "unavailable", "search is not available "
			    "on this server");
		else
			c->fe->error(c, code, message);
		c->fe->people->changed(c);
		return;
	}
	json_decref(sr.hits);
	sr.hits = json_incref(json_object_get(reply, "hits"));
	sr.sel = 0;
	c->fe->people->hits(c);
}

/* Splits filters (word:value) from the text of the query. */
static json_t *
search_request(const char *q)
{
	static const char	*filters[] = { "board", "room", "author", "tag" };
	json_t			*req;
	char			*text, *copy, *w, *save, *colon;
	size_t			 i, len;
	int			 taken;

	req = json_pack("{s:s, s:i}", "op", "search", "limit",
	    PROTO_MAX_HITS);
	copy = xstrdup(q);
	text = xcalloc(strlen(q) + 1, 1);
	for (w = strtok_r(copy, " \t\n", &save); w != NULL;
	    w = strtok_r(NULL, " \t\n", &save)) {
		taken = 0;
		if ((colon = strchr(w, ':')) != NULL && colon[1] != '\0') {
			len = (size_t)(colon - w);
			for (i = 0; i < sizeof filters / sizeof filters[0]; i++) {
				if (strlen(filters[i]) == len &&
				    strncmp(filters[i], w, len) == 0) {
					json_object_set_new(req, filters[i],
					    i == 0 ? boards_board_idv(colon + 1) :
					    json_string(colon + 1));
					taken = 1;
				}
			}
		}
		if (!taken) {
			if (*text != '\0')
				strcat(text, " ");
			strcat(text, w);
		}
	}
	json_object_set_new(req, "q", json_string(text));
	free(text);
	free(copy);
	return (req);
}

void
search_run(struct client *c, const char *q)
{
	c->fe->people->searching(c);
	free(sr.query);
	sr.query = xstrdup(q);
	json_decref(sr.hits);
	sr.hits = NULL;
	if (rpc_send(c, search_request(q), search_cb, NULL) != -1)
		sr.loading = 1;
	c->fe->people->changed(c);
}

/* The results screen, where a search shows its hits. */
void
search_screen_open(struct client *c)
{
	if (ui.mode != &search_mode) {
		sr.back = ui.mode;
		ui.mode = &search_mode;
	}
}

void
cmd_search(struct client *c, const char *arg)
{
	search_run(c, arg);
}

/* --- the results screen ----------------------------------------------------- */

/* The snippet, its highlighted words bold and underlined. */
static void
search_draw_snippet(int y, int x, int w, json_t *hit, attr_t base)
{
	const char	*snip = search_str(hit, "snippet");
	unsigned char	*marks;
	wchar_t		*t;
	size_t		 n = strlen(snip), i, run, tn;
	int		 used;

	marks = search_marks(snip, json_object_get(hit, "highlights"));
	for (i = 0; i < n && w > 0; i += run) {
		for (run = 1; i + run < n && marks[i + run] == marks[i]; run++)
			;
		t = text_neutralise(snip + i, run, 0, &tn);
		used = ui_put_w(y, x, t, tn, w, base | (marks[i] ?
		    A_BOLD | A_UNDERLINE : 0));
		free(t);
		x += used;
		w -= used;
	}
	free(marks);
}

static void
search_draw(struct client *c)
{
	json_t	*hit;
	size_t	 i, n = json_array_size(sr.hits), first = 0;
	int	 y, h = LINES - 4, post, x;
	char	*s, *where, when[32];
	attr_t	 attr;

	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	attroff(A_REVERSE);
	xasprintf(&s, "Search: %s", sr.query != NULL ? sr.query : "");
	ui_put(0, 1, s, COLS - 1, A_REVERSE | A_BOLD);
	free(s);
	if (sr.loading)
		ui_put(1, 1, "searching...", COLS - 1, A_DIM);
	else if (n == 0)
		ui_put(1, 1, "nothing found", COLS - 1, A_DIM);
	if (sr.sel >= n && n > 0)
		sr.sel = n - 1;
	if (h / 2 > 0 && sr.sel >= (size_t)(h / 2))
		first = sr.sel - (size_t)(h / 2) + 1;
	for (i = first, y = 1; i < n && y + 1 < 1 + h; i++, y += 2) {
		hit = json_array_get(sr.hits, i);
		where = search_where(hit, &post);
		clock_hm(json_integer_value(json_object_get(hit, "ts")), when,
		    sizeof when);
		attr = i == sr.sel ? A_REVERSE : 0;
		if (attr) {
			attron(A_REVERSE);
			mvhline(y, 0, ' ', COLS);
			mvhline(y + 1, 0, ' ', COLS);
			attroff(A_REVERSE);
		}
		if (post)
			xasprintf(&s, "post in thread %s: %s", where,
			    search_str(hit, "title"));
		else
			xasprintf(&s, "message in [%s]", where);
		x = 1 + ui_put(y, 1, s, COLS - 20, attr | A_BOLD);
		free(s);
		xasprintf(&s, "  %s  %s", search_str(hit, "author"), when);
		ui_put(y, x, s, COLS - x, attr);
		free(s);
		search_draw_snippet(y + 1, 3, COLS - 4, hit, attr);
		free(where);
	}
	ui_put(LINES - 3, 0, "Enter: open  Up/Down: choose  /: search again  "
	    "Esc: back", COLS, A_DIM);
	ui_draw_status(c, LINES - 2);
	ui.cursor_y = LINES - 1;
	ui.cursor_x = 0;
}

static void
search_open(struct client *c, json_t *hit)
{
	char	*where;
	int	 post, i;

	where = search_where(hit, &post);
	if (post) {
		boards_open_thread(c, strtoll(where, NULL, 10),
		    json_integer_value(json_object_get(hit, "id")));
	} else if ((i = session_find(c, where)) == -1)
		c->fe->error(c, "no_room", "that room is not one of yours");
	else {
		session_switch(c, (size_t)i);
		ui.mode = &rooms_mode;
	}
	free(where);
}

static void
search_key(struct client *c, int key)
{
	size_t	n = json_array_size(sr.hits);

	switch (key) {
	case KEYC_UP:
	case 'k':
		if (sr.sel > 0)
			sr.sel--;
		break;
	case KEYC_DOWN:
	case 'j':
		if (sr.sel + 1 < n)
			sr.sel++;
		break;
	case '\r':
	case '\n':
	case KEYC_RIGHT:
		if (sr.sel < n)
			search_open(c, json_array_get(sr.hits, sr.sel));
		break;
	case '/':
		ui.mode = &rooms_mode;
		input_set(&ui.input, "/search ");
		break;
	case KEYC_F1:
		ui.mode = &help_mode;
		ui.help_top = 0;
		break;
	case 'q':
	case KEYC_ESC:
	case KEYC_LEFT:
		ui.mode = sr.back == &search_mode ? &rooms_mode : sr.back;
		break;
	}
}

const struct ui_mode search_mode = {
	.name = "search",
	.draw = search_draw,
	.key = search_key,
};
