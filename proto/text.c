/*
 * text.c: strict UTF-8 validation for user text. Every byte sequence that a
 * terminal or another decoder could read differently (overlongs, surrogates,
 * truncated sequences, control characters) is refused, so what is stored is
 * what every reader sees.
 */
#include <limits.h>

#include "staffroom/proto.h"

/*
 * The one UTF-8 decoder of the daemon and the client: the client's drawing
 * (client/text.c) reads text exactly as the daemon validated it.
 */
size_t
proto_utf8_decode(const char *p, size_t len, uint32_t *cp)
{
	static const uint32_t	 min_by_length[] = { 0, 0, 0x80, 0x800, 0x10000 };
	const unsigned char	*s = (const unsigned char *)p;
	size_t			 n, i;
	uint32_t		 c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;	/* a continuation byte or 0xf8..0xff */
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min_by_length[n] || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* C0, DEL and C1; newline and tab only when the text may span lines. */
static bool
text_is_refused_control(uint32_t cp, bool layout_allowed)
{
	if (layout_allowed && (cp == '\n' || cp == '\t'))
		return false;
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

static enum proto_error
text_check(const char *s, size_t len, bool layout_allowed, size_t *chars)
{
	size_t		 off = 0, count = 0, n;
	uint32_t	 cp;

	while (off < len) {
		n = proto_utf8_decode(s + off, len - off, &cp);
		if (n == 0 || text_is_refused_control(cp, layout_allowed))
			return PROTO_ERR_BAD_TEXT;
		off += n;
		count++;
	}
	if (chars != NULL)
		*chars = count;
	return PROTO_OK;
}

enum proto_error
proto_text_check(const char *s, size_t len, size_t *chars)
{
	return text_check(s, len, true, chars);
}

enum proto_error
proto_line_check(const char *s, size_t len, size_t *chars)
{
	return text_check(s, len, false, chars);
}

int
proto_text_cut(const char *s, size_t max)
{
	size_t		 off = 0, n;
	uint32_t	 cp;

	while (off < max && s[off] != '\0') {
		n = proto_utf8_decode(s + off, max - off, &cp);
		if (n == 0)
			break;
		off += n;
	}
	return off > INT_MAX ? INT_MAX : (int)off;
}
