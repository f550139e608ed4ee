/*
 * linebuf.c: splits a byte stream into lines. A server holds thousands of
 * these at once, mostly idle, so an empty linebuf owns no memory and a full
 * one never more than max bytes. The limit counts every byte before the
 * newline, a "\r" of a CRLF ending included, so that no byte past max ever
 * needs to be kept.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom/proto.h"

#define LINEBUF_FIRST_CAP	256

void
linebuf_init(struct linebuf *lb, size_t max)
{
	memset(lb, 0, sizeof *lb);
	lb->max = max;
}

static void
linebuf_release(struct linebuf *lb)
{
	free(lb->data);
	lb->data = NULL;
	lb->len = 0;
	lb->cap = 0;
}

void
linebuf_free(struct linebuf *lb)
{
	linebuf_release(lb);
	lb->discarding = false;
	lb->ready = false;
}

/* Grows the buffer geometrically to hold need bytes, never past max. */
static bool
linebuf_reserve(struct linebuf *lb, size_t need)
{
	size_t	 cap;
	char	*data;

	if (need <= lb->cap)
		return true;
	cap = lb->cap != 0 ? lb->cap : LINEBUF_FIRST_CAP;
	while (cap < need && cap <= lb->max / 2)
		cap *= 2;
	if (cap < need || cap > lb->max)
		cap = lb->max;
	if ((data = realloc(lb->data, cap)) == NULL)
		return false;
	lb->data = data;
	lb->cap = cap;
	return true;
}

static void
linebuf_append(struct linebuf *lb, const char *buf, size_t n)
{
	if (lb->discarding || n == 0)
		return;
	/*
	 * Out of memory is handled like an oversize line: the line is lost
	 * either way, and the peer hears about it instead of hanging.
	 */
	if (n > lb->max - lb->len || !linebuf_reserve(lb, lb->len + n)) {
		linebuf_release(lb);
		lb->discarding = true;
		return;
	}
	memcpy(lb->data + lb->len, buf, n);
	lb->len += n;
}

size_t
linebuf_feed(struct linebuf *lb, const char *buf, size_t len)
{
	const char	*nl;
	size_t		 take;

	/* The waiting line must be taken first: there is room for one. */
	if (lb->ready || len == 0)
		return 0;
	nl = memchr(buf, '\n', len);
	take = nl != NULL ? (size_t)(nl - buf) : len;
	linebuf_append(lb, buf, take);
	if (nl == NULL)
		return take;
	if (!lb->discarding && lb->len > 0 && lb->data[lb->len - 1] == '\r')
		lb->len--;
	lb->ready = true;
	return take + 1;
}

enum linebuf_result
linebuf_next(struct linebuf *lb, const char **line, size_t *len)
{
	if (!lb->ready) {
		/* The line handed out last time is done with now. */
		if (lb->len == 0)
			linebuf_release(lb);
		return LINEBUF_NONE;
	}
	lb->ready = false;
	if (lb->discarding) {
		lb->discarding = false;
		*line = NULL;
		*len = 0;
		return LINEBUF_TOO_LONG;
	}
	*line = lb->data != NULL ? lb->data : "";
	*len = lb->len;
	/* Keep data: *line stays valid until the next call. */
	lb->len = 0;
	return LINEBUF_LINE;
}
