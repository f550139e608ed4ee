/*
 * text.c: turning text from the network into something safe to draw, and
 * measuring it. Every string that came over the wire passes through
 * text_neutralise before it reaches the terminal: the server already refuses
 * control characters, but a terminal that receives ESC from a compromised or
 * buggy server can be made to retitle windows, rewrite the screen or worse,
 * so the client never trusts that. Control characters become visible Unicode
 * "control pictures" (ESC shows as U+241B), anything the terminal could not
 * draw becomes U+FFFD, and what is left has a known column width.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "staffroom.h"

#define TEXT_REPLACEMENT	0xfffd	/* U+FFFD REPLACEMENT CHARACTER */
#define TEXT_PICTURE_BASE	0x2400	/* U+2400 SYMBOL FOR NULL .. U+241F */
#define TEXT_PICTURE_DEL	0x2421	/* U+2421 SYMBOL FOR DELETE */
#define TEXT_PICTURE_NL		0x2424	/* U+2424 SYMBOL FOR NEWLINE */
#define TEXT_DOTTED_CIRCLE	0x25cc	/* base for a combining mark with none */
#define TEXT_TAB_WIDTH		4

/*
 * Decodes one UTF-8 sequence with proto's decoder, but never refuses:
 * a byte that does not start a valid sequence decodes to U+FFFD and
 * consumes one byte, so decoding always makes progress and shows the reader
 * that something was wrong.
 */
size_t
text_decode(const char *p, size_t len, wchar_t *out)
{
	uint32_t	c;
	size_t		n;

	if ((n = proto_utf8_decode(p, len, &c)) == 0) {
		*out = TEXT_REPLACEMENT;
		return (1);
	}
	*out = (wchar_t)c;
	return (n);
}

/*
 * Direction marks, overrides and isolates can make text read differently
 * from what it is ("Trojan Source"), and zero-width characters hide where
 * one word ends; bodies may hold them, so they are shown as U+FFFD. Kept:
 * the joiners that shape scripts and build emoji, a soft hyphen (drawn as a
 * hyphen) and the tags of flags, none of which reorders or hides text.
 */
static int
text_is_hidden(wchar_t c)
{
	if (c == 0x200c || c == 0x200d || c == 0xad ||
	    (c >= 0xe0020 && c <= 0xe007f))
		return (0);
	return (proto_char_is_hidden((uint32_t)c));
}

/* The safe stand-in for one decoded character, or the character itself. */
static wchar_t
text_safe_char(wchar_t c, int flags)
{
	if (c == L'\n')
		return ((flags & TEXT_BODY) ? c : TEXT_PICTURE_NL);
	if (c < 0x20)
		return (TEXT_PICTURE_BASE + c);
	if (c == 0x7f)
		return (TEXT_PICTURE_DEL);
	if (c >= 0x80 && c < 0xa0)
		return (TEXT_REPLACEMENT);
	if (text_is_hidden(c) || wcwidth(c) < 0)
		return (TEXT_REPLACEMENT);
	return (c);
}

/*
 * Decodes len bytes of UTF-8 into a new wide string holding only characters
 * the terminal can draw safely. With TEXT_BODY, newlines are kept (the
 * wrapper breaks lines there) and tabs become spaces; otherwise both show as
 * control pictures, for one-line fields such as names. A combining mark with
 * no base character in front of it gets a dotted circle to sit on, so it
 * cannot merge into whatever the terminal drew before.
 */
wchar_t *
text_neutralise(const char *s, size_t len, int flags, size_t *outlen)
{
	wchar_t	*out, c;
	size_t	 n = 0, off = 0, i;
	int	 at_start = 1;

	/* At most TEXT_TAB_WIDTH characters out per byte in, plus a base. */
	out = xreallocarray(NULL, len * TEXT_TAB_WIDTH + 1, sizeof *out);
	while (off < len) {
		off += text_decode(s + off, len - off, &c);
		if (c == L'\t' && (flags & TEXT_BODY)) {
			for (i = 0; i < TEXT_TAB_WIDTH; i++)
				out[n++] = L' ';
			at_start = 0;
			continue;
		}
		c = text_safe_char(c, flags);
		if (c == L'\n') {
			out[n++] = c;
			at_start = 1;
			continue;
		}
		if (at_start && wcwidth(c) == 0)
			out[n++] = TEXT_DOTTED_CIRCLE;
		out[n++] = c;
		at_start = 0;
	}
	out[n] = L'\0';
	if (outlen != NULL)
		*outlen = n;
	return (out);
}

/* Columns one neutralised character takes: 0 (combining), 1 or 2. */
int
text_cwidth(wchar_t c)
{
	int	w;

	if (c == L'\n')
		return (0);
	w = wcwidth(c);
	return (w < 0 ? 1 : w);
}

int
text_width(const wchar_t *s, size_t len)
{
	size_t	i;
	int	w = 0;

	for (i = 0; i < len; i++)
		w += text_cwidth(s[i]);
	return (w);
}

/*
 * The longest prefix of s that fits in cols columns without splitting a
 * character from the combining marks that follow it. *used (when not NULL)
 * receives its width.
 */
size_t
text_fit(const wchar_t *s, size_t len, int cols, int *used)
{
	size_t	i = 0, end;
	int	w = 0, cw;

	while (i < len && s[i] != L'\n') {
		cw = text_cwidth(s[i]);
		if (w + cw > cols)
			break;
		w += cw;
		for (end = i + 1; end < len && s[end] != L'\n' &&
		    text_cwidth(s[end]) == 0; end++)
			;
		i = end;
	}
	if (used != NULL)
		*used = w;
	return (i);
}

/* Encodes a wide string as UTF-8 (what goes back on the wire). */
char *
text_to_utf8(const wchar_t *s, size_t len)
{
	char		*out, *p;
	size_t		 i;
	uint32_t	 c;

	p = out = xmalloc(len * 4 + 1);
	for (i = 0; i < len; i++) {
		c = (uint32_t)s[i];
		if (c < 0x80)
			*p++ = (char)c;
		else if (c < 0x800) {
			*p++ = (char)(0xc0 | (c >> 6));
			*p++ = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			*p++ = (char)(0xe0 | (c >> 12));
			*p++ = (char)(0x80 | ((c >> 6) & 0x3f));
			*p++ = (char)(0x80 | (c & 0x3f));
		} else {
			*p++ = (char)(0xf0 | (c >> 18));
			*p++ = (char)(0x80 | ((c >> 12) & 0x3f));
			*p++ = (char)(0x80 | ((c >> 6) & 0x3f));
			*p++ = (char)(0x80 | (c & 0x3f));
		}
	}
	*p = '\0';
	return (out);
}

/*
 * Neutralised UTF-8 for line-oriented output (plain mode): the same rules as
 * text_neutralise, encoded back to bytes.
 */
char *
text_safe_utf8(const char *s, int flags)
{
	wchar_t	*w;
	size_t	 n;
	char	*out;

	w = text_neutralise(s, strlen(s), flags, &n);
	out = text_to_utf8(w, n);
	free(w);
	return (out);
}
