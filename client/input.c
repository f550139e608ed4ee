/*
 * input.c: the line editor under the message view, in the spirit of
 * readline's emacs mode. It is pure: keys come in as input_key values (the
 * UI maps terminal keys to them), so every editing rule can be tested
 * without a terminal. The buffer is wide characters; a message may contain
 * newlines (Alt-Enter, or a paste) and is still sent as one.
 */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "staffroom.h"

#define INPUT_HISTORY_MAX	500

void
input_init(struct input *in, int masked)
{
	memset(in, 0, sizeof *in);
	in->masked = masked;
}

void
input_free(struct input *in)
{
	size_t	i;

	for (i = 0; i < in->nhist; i++)
		free(in->hist[i]);
	free(in->hist);
	if (in->masked && in->buf != NULL)
		wmemset(in->buf, L'\0', in->cap);
	free(in->buf);
	free(in->kill);
	free(in->saved);
	memset(in, 0, sizeof *in);
}

static void
input_reserve(struct input *in, size_t extra)
{
	if (in->len + extra + 1 <= in->cap)
		return;
	in->cap = (in->len + extra + 1) * 2;
	in->buf = xreallocarray(in->buf, in->cap, sizeof *in->buf);
}

/* Replaces the whole buffer; the cursor goes to the end. */
static void
input_replace(struct input *in, const wchar_t *s, size_t len)
{
	in->len = 0;
	input_reserve(in, len);
	wmemcpy(in->buf, s, len);
	in->len = in->cur = len;
	in->buf[len] = L'\0';
}

static wchar_t *
input_copy(const wchar_t *s, size_t len)
{
	wchar_t	*p;

	p = xreallocarray(NULL, len + 1, sizeof *p);
	wmemcpy(p, s, len);
	p[len] = L'\0';
	return (p);
}

/* Cuts [from, to) into the kill buffer, for Ctrl-Y to put back. */
static void
input_cut(struct input *in, size_t from, size_t to)
{
	if (from >= to)
		return;
	free(in->kill);
	in->kill = input_copy(in->buf + from, to - from);
	in->killlen = to - from;
	wmemmove(in->buf + from, in->buf + to, in->len - to);
	in->len -= to - from;
	in->buf[in->len] = L'\0';
	in->cur = from;
}

static void
input_insert_n(struct input *in, const wchar_t *s, size_t n)
{
	input_reserve(in, n);
	wmemmove(in->buf + in->cur + n, in->buf + in->cur, in->len - in->cur);
	wmemcpy(in->buf + in->cur, s, n);
	in->len += n;
	in->cur += n;
	in->buf[in->len] = L'\0';
}

/* Replaces the text from start to the cursor with s (a completion). */
void
input_complete(struct input *in, size_t start, const char *s)
{
	wchar_t	*w;
	size_t	 n;

	if (start > in->cur)
		return;
	wmemmove(in->buf + start, in->buf + in->cur, in->len - in->cur);
	in->len -= in->cur - start;
	in->cur = start;
	in->buf[in->len] = L'\0';
	w = text_neutralise(s, strlen(s), 0, &n);
	input_insert_n(in, w, n);
	free(w);
}

/* Inserts one typed or pasted character at the cursor. */
void
input_insert(struct input *in, wchar_t c)
{
	/* Control characters other than newline never enter a message. */
	if (c == L'\0' || (c < 0x20 && c != L'\n' && c != L'\t') ||
	    (c >= 0x7f && c < 0xa0))
		return;
	if (in->masked && c == L'\n')
		return;
	input_insert_n(in, &c, 1);
}

/* Word characters for Alt-b, Alt-f and Alt-d, as readline has them. */
static int
input_is_word(wchar_t c)
{
	return (iswalnum((wint_t)c));
}

static size_t
input_word_left(const struct input *in)
{
	size_t	i = in->cur;

	while (i > 0 && !input_is_word(in->buf[i - 1]))
		i--;
	while (i > 0 && input_is_word(in->buf[i - 1]))
		i--;
	return (i);
}

static size_t
input_word_right(const struct input *in)
{
	size_t	i = in->cur;

	while (i < in->len && !input_is_word(in->buf[i]))
		i++;
	while (i < in->len && input_is_word(in->buf[i]))
		i++;
	return (i);
}

/* Ctrl-W: back to the previous whitespace, like a shell's werase. */
static size_t
input_space_left(const struct input *in)
{
	size_t	i = in->cur;

	while (i > 0 && iswspace((wint_t)in->buf[i - 1]))
		i--;
	while (i > 0 && !iswspace((wint_t)in->buf[i - 1]))
		i--;
	return (i);
}

static void
input_history_show(struct input *in, size_t pos)
{
	if (in->hpos == in->nhist) {
		free(in->saved);
		in->saved = input_copy(in->buf, in->len);
		in->savedlen = in->len;
	}
	in->hpos = pos;
	if (pos == in->nhist)
		input_replace(in, in->saved, in->savedlen);
	else
		input_replace(in, in->hist[pos], wcslen(in->hist[pos]));
}

void
input_key(struct input *in, enum input_key key)
{
	switch (key) {
	case INPUT_LEFT:
		if (in->cur > 0)
			in->cur--;
		break;
	case INPUT_RIGHT:
		if (in->cur < in->len)
			in->cur++;
		break;
	case INPUT_HOME:
		in->cur = 0;
		break;
	case INPUT_END:
		in->cur = in->len;
		break;
	case INPUT_WORD_LEFT:
		in->cur = input_word_left(in);
		break;
	case INPUT_WORD_RIGHT:
		in->cur = input_word_right(in);
		break;
	case INPUT_BACKSPACE:
		if (in->cur > 0) {
			wmemmove(in->buf + in->cur - 1, in->buf + in->cur,
			    in->len - in->cur);
			in->cur--;
			in->buf[--in->len] = L'\0';
		}
		break;
	case INPUT_DELETE:
		if (in->cur < in->len) {
			wmemmove(in->buf + in->cur, in->buf + in->cur + 1,
			    in->len - in->cur - 1);
			in->buf[--in->len] = L'\0';
		}
		break;
	case INPUT_KILL_WORD_LEFT:
		input_cut(in, input_space_left(in), in->cur);
		break;
	case INPUT_KILL_WORD_RIGHT:
		input_cut(in, in->cur, input_word_right(in));
		break;
	case INPUT_KILL_TO_START:
		input_cut(in, 0, in->cur);
		break;
	case INPUT_KILL_TO_END:
		input_cut(in, in->cur, in->len);
		break;
	case INPUT_YANK:
		if (in->kill != NULL)
			input_insert_n(in, in->kill, in->killlen);
		break;
	case INPUT_HISTORY_UP:
		if (!in->masked && in->hpos > 0)
			input_history_show(in, in->hpos - 1);
		break;
	case INPUT_HISTORY_DOWN:
		if (!in->masked && in->hpos < in->nhist)
			input_history_show(in, in->hpos + 1);
		break;
	case INPUT_NEWLINE:
		input_insert(in, L'\n');
		break;
	}
}

/* Sets the buffer from UTF-8 (a form field's old value, say). */
void
input_set(struct input *in, const char *s)
{
	wchar_t	*w;
	size_t	 n;

	w = text_neutralise(s, strlen(s), TEXT_BODY, &n);
	input_replace(in, w, n);
	free(w);
}

void
input_clear(struct input *in)
{
	/* A password leaves nothing behind in memory. */
	if (in->masked && in->buf != NULL)
		wmemset(in->buf, L'\0', in->cap);
	in->len = in->cur = in->first = 0;
	if (in->buf != NULL)
		in->buf[0] = L'\0';
	in->hpos = in->nhist;
}

static void
input_history_add(struct input *in)
{
	if (in->masked || in->len == 0)
		return;
	if (in->nhist > 0 && wcscmp(in->hist[in->nhist - 1], in->buf) == 0)
		return;
	if (in->nhist == INPUT_HISTORY_MAX) {
		free(in->hist[0]);
		memmove(in->hist, in->hist + 1, (in->nhist - 1) * sizeof *in->hist);
		in->nhist--;
	}
	in->hist = xreallocarray(in->hist, in->nhist + 1, sizeof *in->hist);
	in->hist[in->nhist++] = input_copy(in->buf, in->len);
}

/*
 * Takes the finished line: returns it as UTF-8 (caller frees), remembers it
 * in the history unless masked, and leaves an empty line.
 */
char *
input_take(struct input *in)
{
	char	*s;

	s = text_to_utf8(in->buf, in->len);
	input_history_add(in);
	input_clear(in);
	return (s);
}

/* Columns a character takes on the input line: a newline shows as one. */
static int
input_cell_width(wchar_t c)
{
	return (c == L'\n' ? 1 : text_cwidth(c));
}

/*
 * The first character to show so that the cursor stays visible in cols
 * columns, starting from the previous choice so the line does not jump
 * around while the cursor moves inside the visible part.
 */
size_t
input_scroll(const struct input *in, int cols, size_t first)
{
	size_t	i;
	int	w;

	if (cols < 2)
		cols = 2;
	if (first > in->cur)
		first = in->cur;
	for (;;) {
		w = 0;
		for (i = first; i < in->cur; i++)
			w += input_cell_width(in->buf[i]);
		/* One cell is kept for the cursor itself. */
		if (w + 1 <= cols)
			break;
		first++;
		while (first < in->cur && input_cell_width(in->buf[first]) == 0)
			first++;
	}
	return (first);
}
