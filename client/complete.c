/*
 * complete.c: Tab in the message line completes the word before the
 * cursor, as irssi and weechat do: a /command at the start of the line, a
 * room's name after /join, a thread tag after "#", and otherwise a handle:
 * the people who spoke in the room on screen first, newest first, then its
 * members (names.c's list once /names has shown it), then those who spoke
 * in the other rooms.
 * In a message a handle becomes a mention ("@ben "); in a command, where
 * handles are arguments, it stays as typed. Tab again gives the next match,
 * round to the word as it was typed; any other key keeps what is there.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "staffroom.h"

static struct {
	bool	 active;	/* the line holds a completion from the last Tab */
	size_t	 start;		/* where the completed word starts */
	char	*typed;		/* the word as typed, before any Tab */
	char   **cands;
	size_t	 n;
	size_t	 next;		/* the candidate the next Tab gives */
} cp;

static void
complete_add(char ***v, size_t *n, const char *s)
{
	size_t	i;

	for (i = 0; i < *n; i++) {
		if (strcmp((*v)[i], s) == 0)
			return;
	}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

/* The speakers of r, newest first, who start with prefix (any case). */
static void
complete_speakers(struct client *c, struct room *r, const char *prefix,
    size_t plen, char ***v, size_t *n)
{
	size_t	i;

	for (i = r->nmsgs; i > 0; i--) {
		const char	*from = r->msgs[i - 1]->from;

		if (strncasecmp(from, prefix, plen) == 0 &&
		    (c->handle == NULL || strcmp(from, c->handle) != 0))
			complete_add(v, n, from);
	}
}

/*
 * The members of r who start with prefix: a DM's or buddy chat's, or any
 * room's once /names has listed them.
 */
static void
complete_members(struct client *c, struct room *r, const char *prefix,
    size_t plen, char ***v, size_t *n)
{
	const struct names_list	*l = names_of(r);
	char			**h;
	size_t			  i, nh;

	nh = people_room_members(r, &h);
	for (i = 0; i < nh; i++) {
		if (strncasecmp(h[i], prefix, plen) == 0)
			complete_add(v, n, h[i]);
	}
	for (i = 0; l != NULL && i < l->n; i++) {
		if (strncasecmp(l->people[i].handle, prefix, plen) == 0 &&
		    (c->handle == NULL || strcmp(l->people[i].handle,
		    c->handle) != 0))
			complete_add(v, n, l->people[i].handle);
	}
}

/*
 * The completions of word, the end of line (the text before the cursor:
 * a command, "/join ...", or a message). Each is the whole replacement.
 */
static void
complete_find(struct client *c, const char *line, const char *word,
    char ***v, size_t *n)
{
	const struct cmd_entry	*ce;
	const char		*p = word, *name;
	struct room		*cur = session_current(c);
	size_t			 i, plen, j, first;
	char			*s;
	bool			 command = line[0] == '/', at = *p == '@';

	if (command && word == line) {
		for (ce = cmd_table; ce->name != NULL; ce++) {
			if (strncmp(ce->name, line + 1, strlen(line + 1)) == 0) {
				xasprintf(&s, "/%s ", ce->name);
				complete_add(v, n, s);
				free(s);
			}
		}
		return;
	}
	if (strncmp(line, "/join ", 6) == 0 && word == line + 6) {
		for (i = 0; i < c->nrooms; i++) {
			if (strncasecmp(c->rooms[i]->name, word,
			    strlen(word)) == 0)
				complete_add(v, n, c->rooms[i]->name);
		}
		return;
	}
	/* A thread tag, as /new and the boards take them: "#semh ". */
	if (*p == '#') {
		for (i = 0; (name = proto_tag_name((unsigned)i)) != NULL; i++) {
			if (strncasecmp(name, p + 1, strlen(p + 1)) == 0) {
				xasprintf(&s, "#%s ", name);
				complete_add(v, n, s);
				free(s);
			}
		}
		return;
	}
	if (at)
		p++;
	plen = strlen(p);
	first = *n;
	if (cur != NULL) {
		complete_speakers(c, cur, p, plen, v, n);
		complete_members(c, cur, p, plen, v, n);
	}
	for (i = 0; i < c->nrooms; i++) {
		if (c->rooms[i] != cur)
			complete_speakers(c, c->rooms[i], p, plen, v, n);
	}
	/* A mention in a message; a bare handle as a command's argument. */
	for (j = first; j < *n; j++) {
		xasprintf(&s, "%s%s ", at || !command ? "@" : "", (*v)[j]);
		free((*v)[j]);
		(*v)[j] = s;
	}
}

static void
complete_reset(void)
{
	size_t	i;

	for (i = 0; i < cp.n; i++)
		free(cp.cands[i]);
	free(cp.cands);
	free(cp.typed);
	memset(&cp, 0, sizeof cp);
}

/* A key other than Tab: the line keeps what the last Tab put there. */
void
complete_done(void)
{
	if (cp.active)
		complete_reset();
}

/* Tab: completes the word before the cursor, or gives the next match. */
void
complete_tab(struct client *c, struct input *in)
{
	char	*line, *word;
	size_t	 start;

	if (!cp.active) {
		for (start = in->cur; start > 0 && in->buf[start - 1] != L' ' &&
		    in->buf[start - 1] != L'\n'; start--)
			;
		line = text_to_utf8(in->buf, in->cur);
		word = text_to_utf8(in->buf + start, in->cur - start);
		complete_find(c, line, line + strlen(line) - strlen(word),
		    &cp.cands, &cp.n);
		free(line);
		if (cp.n == 0) {
			free(word);
			ui_notice_set("nothing to complete that with", 0);
			return;
		}
		cp.active = 1;
		cp.start = start;
		cp.typed = word;
	}
	/* After the last match, the word as typed; then round again. */
	if (cp.next == cp.n) {
		input_complete(in, cp.start, cp.typed);
		cp.next = 0;
		return;
	}
	input_complete(in, cp.start, cp.cands[cp.next++]);
}
