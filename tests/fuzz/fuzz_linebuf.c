/*
 * fuzz_linebuf.c: libFuzzer target for line framing. The first input byte
 * picks how the rest is chopped into feeds; whatever the chopping, the lines
 * that come out must be exactly those a plain split on "\n" gives, with
 * oversize ones reported once each and the buffer never above its limit.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom/proto.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_LINE	64	/* small, so oversize lines are common */

/* The next line a plain split expects; advances *pos past its newline. */
static void
fuzz_expect(const char *in, size_t size, size_t *pos,
    enum linebuf_result r, const char *line, size_t len)
{
	const char	*start = in + *pos, *nl;
	size_t		 raw;

	nl = memchr(start, '\n', size - *pos);
	if (nl == NULL)
		abort();	/* a line came out that was never finished */
	raw = nl - start;
	*pos += raw + 1;
	if (raw > FUZZ_MAX_LINE) {
		if (r != LINEBUF_TOO_LONG)
			abort();
		return;
	}
	if (raw > 0 && start[raw - 1] == '\r')
		raw--;
	if (r != LINEBUF_LINE || len != raw || memcmp(line, start, raw) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct linebuf		 lb;
	enum linebuf_result	 r;
	const char		*in, *buf, *line;
	size_t			 chunk, len, n, left, pos = 0, ll, tail;

	if (size == 0)
		return 0;
	chunk = data[0] % 97 + 1;
	in = (const char *)data + 1;
	size--;
	linebuf_init(&lb, FUZZ_MAX_LINE);
	for (buf = in, left = size; left > 0; buf += len, left -= len) {
		len = left < chunk ? left : chunk;
		n = 0;
		while (n < len) {
			n += linebuf_feed(&lb, buf + n, len - n);
			while ((r = linebuf_next(&lb, &line, &ll)) !=
			    LINEBUF_NONE)
				fuzz_expect(in, size, &pos, r, line, ll);
			if (lb.cap > FUZZ_MAX_LINE || lb.len > FUZZ_MAX_LINE)
				abort();
		}
	}
	/* Everything after the last newline is a partial line, not lost. */
	if (memchr(in + pos, '\n', size - pos) != NULL)
		abort();
	tail = size - pos;
	if (lb.discarding != (tail > FUZZ_MAX_LINE) ||
	    lb.len != (lb.discarding ? 0 : tail))
		abort();
	linebuf_free(&lb);
	return 0;
}
