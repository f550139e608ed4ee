/*
 * fuzz_guard.c: libFuzzer target for the pupil-data guard. Any bytes must
 * be scanned without crashing, reading out of bounds or leaking, give only
 * known kinds, and give the same kinds when zero-width spaces are put around
 * the text or every space is a no-break space (the guard ignores the one and
 * reads the other as a space).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"

#define FUZZ_TODAY	((time_t)1796428800)	/* 2026-12-05 */

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char zero_width[] = "\xe2\x80\x8b";	/* U+200B */
static const char nbsp[] = "\xc2\xa0";			/* U+00A0 */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*text = (const char *)data;
	unsigned	 kinds, again;
	char		*buf;
	size_t		 i, n = 0;

	kinds = guard_scan(text, size, FUZZ_TODAY);
	if ((kinds & ~GUARD_KINDS_ALL) != 0)
		abort();

	/* Room for the text with every byte a no-break space, or wrapped. */
	if ((buf = malloc(2 * size + 2 * sizeof zero_width)) == NULL)
		return (0);
	memcpy(buf, zero_width, sizeof zero_width - 1);
	memcpy(buf + sizeof zero_width - 1, text, size);
	memcpy(buf + sizeof zero_width - 1 + size, zero_width,
	    sizeof zero_width - 1);
	again = guard_scan(buf, size + 2 * (sizeof zero_width - 1), FUZZ_TODAY);
	if (again != kinds)
		abort();

	/* Without a space that text is the input again, already scanned. */
	if (memchr(text, ' ', size) == NULL) {
		free(buf);
		return (0);
	}
	for (i = 0; i < size; i++) {
		if (text[i] == ' ') {
			memcpy(buf + n, nbsp, sizeof nbsp - 1);
			n += sizeof nbsp - 1;
		} else
			buf[n++] = text[i];
	}
	again = guard_scan(buf, n, FUZZ_TODAY);
	free(buf);
	if (again != kinds)
		abort();
	return (0);
}
