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

bool
proto_char_is_hidden(uint32_t cp)
{
	return cp == 0xad ||			/* soft hyphen */
	    cp == 0x34f ||			/* combining grapheme joiner */
	    cp == 0x61c ||			/* Arabic letter mark */
	    cp == 0x115f || cp == 0x1160 ||	/* Hangul fillers */
	    cp == 0x17b4 || cp == 0x17b5 ||	/* Khmer inherent vowels */
	    cp == 0x180e ||			/* Mongolian vowel separator */
	    (cp >= 0x200b && cp <= 0x200f) ||	/* zero-width, LRM, RLM */
	    (cp >= 0x2028 && cp <= 0x202e) ||	/* separators, embeddings, overrides */
	    (cp >= 0x2060 && cp <= 0x206f) ||	/* word joiner, isolates, ... */
	    cp == 0x3164 || cp == 0xffa0 ||	/* Hangul fillers */
	    cp == 0xfeff ||			/* zero-width no-break space */
	    (cp >= 0xfff9 && cp <= 0xfffb) ||	/* interlinear annotation */
	    (cp >= 0x1bca0 && cp <= 0x1bca3) ||	/* shorthand format controls */
	    (cp >= 0x1d173 && cp <= 0x1d17a) ||	/* musical format controls */
	    (cp >= 0xe0000 && cp <= 0xe007f);	/* tags */
}

static bool
text_is_pictograph(uint32_t cp)
{
	return (cp >= 0x2600 && cp <= 0x27bf) || (cp >= 0x1f000 && cp <= 0x1faff);
}

/*
 * The hidden characters a name keeps because they only build one emoji: a
 * joiner between two pictographs (a teacher: woman, joiner, school) and the
 * tags of a flag (England: black flag, tags "gbeng", cancel tag).
 */
static bool
text_hidden_in_emoji(uint32_t prev, uint32_t cp, const char *rest,
    size_t len)
{
	uint32_t	next;

	if (cp == 0x200d)
		return (text_is_pictograph(prev) || prev == 0xfe0f) &&
		    len > 0 && proto_utf8_decode(rest, len, &next) != 0 &&
		    text_is_pictograph(next);
	if (cp >= 0xe0020 && cp <= 0xe007f)
		return (prev >= 0xe0020 && prev <= 0xe007e) ||
		    (prev == 0x1f3f4 && cp != 0xe007f);
	return false;
}

enum text_kind {
	TEXT_LINES,	/* bodies: newline and tab allowed */
	TEXT_LINE,	/* one line */
	TEXT_NAME,	/* one line, nothing hidden */
};

static enum proto_error
text_check(const char *s, size_t len, enum text_kind kind, size_t *chars)
{
	size_t		 off = 0, count = 0, n;
	uint32_t	 cp, prev = 0;

	while (off < len) {
		n = proto_utf8_decode(s + off, len - off, &cp);
		if (n == 0 || text_is_refused_control(cp, kind == TEXT_LINES))
			return PROTO_ERR_BAD_TEXT;
		off += n;
		if (kind == TEXT_NAME && proto_char_is_hidden(cp) &&
		    !text_hidden_in_emoji(prev, cp, s + off, len - off))
			return PROTO_ERR_BAD_TEXT;
		prev = cp;
		count++;
	}
	if (chars != NULL)
		*chars = count;
	return PROTO_OK;
}

enum proto_error
proto_text_check(const char *s, size_t len, size_t *chars)
{
	return text_check(s, len, TEXT_LINES, chars);
}

enum proto_error
proto_line_check(const char *s, size_t len, size_t *chars)
{
	return text_check(s, len, TEXT_LINE, chars);
}

enum proto_error
proto_name_check(const char *s, size_t len, size_t *chars)
{
	return text_check(s, len, TEXT_NAME, chars);
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
