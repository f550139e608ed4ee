/*
 * wrap.c: breaking neutralised text into screen lines. Widths come from
 * wcwidth, so a CJK character or an emoji takes two columns and a combining
 * mark none; a character is never split from the marks that follow it and a
 * two-column character never straddles the edge. Lines break after the last
 * space that fits; a word longer than the line is broken where it must be.
 */
#include "staffroom.h"

/* End of the character starting at i: the next index that is not a mark. */
static size_t
wrap_cluster_end(const wchar_t *s, size_t len, size_t i)
{
	for (i++; i < len && s[i] != L'\n' && text_cwidth(s[i]) == 0; i++)
		;
	return (i);
}

static void
wrap_emit(struct wrap_line *out, size_t max, size_t n, size_t off,
    size_t end, const wchar_t *s)
{
	/* Spaces at a break belong to neither line. */
	while (end > off && s[end - 1] == L' ')
		end--;
	if (n < max) {
		out[n].off = off;
		out[n].len = end - off;
		out[n].cols = text_width(s + off, end - off);
	}
}

/*
 * Wraps s (len characters) to width columns. Fills at most max entries of
 * out and returns how many lines the text needs, so a caller can count
 * lines without storing them (out may be NULL when max is 0). Empty text is
 * one empty line; a newline always starts a new line.
 */
size_t
wrap_text(const wchar_t *s, size_t len, int width, struct wrap_line *out,
    size_t max)
{
	size_t	n = 0, pos = 0, start, i, next, brk;
	int	cols, cw;

	if (width < 1)
		width = 1;
	for (;;) {
		start = i = pos;
		cols = 0;
		brk = start;
		while (i < len && s[i] != L'\n') {
			cw = text_cwidth(s[i]);
			if (cols + cw > width)
				break;
			if (s[i] == L' ')
				brk = i;
			cols += cw;
			i = wrap_cluster_end(s, len, i);
		}
		if (i >= len || s[i] == L'\n') {
			wrap_emit(out, max, n++, start, i, s);
			if (i >= len)
				return (n);
			pos = i + 1;
			continue;
		}

		/* The character at i does not fit. */
		if (i == start) {
			/* Wider than the whole line: it goes alone. */
			next = wrap_cluster_end(s, len, i);
			wrap_emit(out, max, n++, start, next, s);
		} else if (s[i] == L' ') {
			next = i;
			wrap_emit(out, max, n++, start, i, s);
		} else if (brk > start) {
			next = brk;
			wrap_emit(out, max, n++, start, brk, s);
		} else {
			next = i;
			wrap_emit(out, max, n++, start, i, s);
		}
		while (next < len && s[next] == L' ')
			next++;
		/* A break that lands on a newline has already ended the line. */
		if (next < len && s[next] == L'\n')
			next++;
		if (next >= len)
			return (n);
		pos = next;
	}
}
