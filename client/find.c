/*
 * find.c: searching the room on screen for a piece of text, in any case
 * (/find TEXT), in the messages the client holds and older pages that
 * backfill.c fetches up to its bound. The full screen shows one match at a
 * time, highlighted, and Ctrl-R and Ctrl-S step to older and newer ones;
 * plain mode lists every matching message with its day and time.
 */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "staffroom.h"

static struct {
	char	*room;
	char	*typed;		/* as typed, for the notices */
	wchar_t	*text;		/* lower case */
	size_t	 len;
	int64_t	 at;		/* the current match's message id (0: none) */
} fd;

void
find_end(void)
{
	free(fd.room);
	free(fd.typed);
	free(fd.text);
	memset(&fd, 0, sizeof fd);
}

/* Where text[from..len) next holds what is searched for, or -1. */
long
find_next(const wchar_t *text, size_t len, size_t from, size_t *mlen)
{
	size_t	i, j;

	*mlen = fd.len;
	for (i = from; fd.len > 0 && i + fd.len <= len; i++) {
		for (j = 0; j < fd.len &&
		    (wchar_t)towlower((wint_t)text[i + j]) == fd.text[j]; j++)
			;
		if (j == fd.len)
			return ((long)i);
	}
	return (-1);
}

static bool
find_matches(const struct msg *m)
{
	size_t	mlen;

	return (find_next(m->text, m->textlen, 0, &mlen) >= 0);
}

/* Whether a search is on in room r. */
bool
find_active(const struct room *r)
{
	return (fd.room != NULL && r != NULL && strcmp(fd.room, r->id) == 0);
}

int64_t
find_current(void)
{
	return (fd.at);
}

const char *
find_text(void)
{
	return (fd.typed);
}

/* Search everything backfill.c will fetch: counts cover the same ground. */
static bool
find_enough(struct room *r)
{
	return (false);
}

static void
find_loaded(struct client *c, struct room *r)
{
	struct msg	**found;
	size_t		  i, n = 0;

	if (!find_active(r))
		return;
	found = xreallocarray(NULL, r->nmsgs + 1, sizeof *found);
	for (i = 0; i < r->nmsgs; i++) {
		if (find_matches(r->msgs[i]))
			found[n++] = r->msgs[i];
	}
	fd.at = n > 0 ? found[n - 1]->id : 0;
	c->fe->found(c, r, found, n);
	free(found);
}

/* /find TEXT: the newest match first (the full screen), or all (plain). */
void
find_command(struct client *c, const char *arg)
{
	struct room	*r = cmd_room(c);
	size_t		 i;

	if (r == NULL)
		return;
	find_end();
	fd.room = xstrdup(r->id);
	fd.typed = xstrdup(arg);
	fd.text = text_neutralise(arg, strlen(arg), 0, &fd.len);
	for (i = 0; i < fd.len; i++)
		fd.text[i] = (wchar_t)towlower((wint_t)fd.text[i]);
	backfill(c, r, find_enough, find_loaded);
}

/*
 * The full screen: the match older (dir -1) or newer (+1) than the
 * current one becomes current; *pos (from 1) and *count place it among
 * all. NULL when there is none further that way.
 */
struct msg *
find_step(struct room *r, int dir, size_t *pos, size_t *count)
{
	struct msg	*m, *to = NULL;
	size_t		 i;

	*pos = *count = 0;
	if (!find_active(r))
		return (NULL);
	for (i = 0; i < r->nmsgs; i++) {
		m = r->msgs[i];
		if (!find_matches(m))
			continue;
		(*count)++;
		if ((dir < 0 && m->id < fd.at) ||
		    (dir > 0 && m->id > fd.at && to == NULL)) {
			to = m;
			*pos = *count;
		}
	}
	if (to == NULL)
		return (NULL);
	fd.at = to->id;
	return (to);
}
