/*
 * fuzz_text.c: libFuzzer target for text validation. The three checks
 * nest (a valid name is a valid line is valid text) and count the same
 * code points; proto_text_cut never passes its limit and cuts only on a
 * character boundary of valid UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom/proto.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Code points as proto_utf8_decode sees them, or (size_t)-1 if invalid. */
static size_t
fuzz_count(const char *s, size_t len)
{
	size_t		off = 0, n, count = 0;
	uint32_t	cp;

	while (off < len) {
		n = proto_utf8_decode(s + off, len - off, &cp);
		if (n == 0)
			return (size_t)-1;
		if (n > len - off || n > 4 || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			abort();
		off += n;
		count++;
	}
	return count;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data;
	size_t		 text = 0, line = 0, name = 0, decoded, max;
	bool		 text_ok, line_ok, name_ok;
	char		*copy;
	int		 cut;

	text_ok = proto_text_check(s, size, &text) == PROTO_OK;
	line_ok = proto_line_check(s, size, &line) == PROTO_OK;
	name_ok = proto_name_check(s, size, &name) == PROTO_OK;
	if ((name_ok && !line_ok) || (line_ok && !text_ok))
		abort();
	if (line_ok && memchr(s, '\n', size) != NULL)
		abort();
	decoded = fuzz_count(s, size);
	if (text_ok && (decoded != text || (line_ok && line != text) ||
	    (name_ok && name != text)))
		abort();

	/* proto_text_cut reads a C string: give it one. */
	if ((copy = malloc(size + 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	max = size > 0 ? data[0] % (size + 1) : 0;
	cut = proto_text_cut(copy, max);
	if (cut < 0 || (size_t)cut > max || fuzz_count(copy, cut) == (size_t)-1)
		abort();
	free(copy);
	return 0;
}
