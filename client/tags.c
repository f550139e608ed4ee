/*
 * tags.c: the pure parts of the boards, kept apart so they can be tested
 * without a terminal or a server: reading tags as people type them (the
 * tags themselves are proto's, proto/tags.c), the
 * excerpt a follow-up quotes, the "/new" command line, and the layout of
 * one post into header, quote block and body lines.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "staffroom.h"

/* Other spellings people type, mapped to the canonical id. */
static const struct {
	const char	*alias;
	const char	*id;
} board_tag_aliases[] = {
	{ "ey", "early-years" },
	{ "eyfs", "early-years" },
	{ "earlyyears", "early-years" },
	{ "early_years", "early-years" },
	{ "post16", "post-16" },
	{ "post_16", "post-16" },
	{ "ks5", "post-16" },
	{ "autism", "asd" },
	{ "asc", "asd" },
};

/*
 * The tag named by s (len bytes), any case, with or without '#', or one of
 * its other spellings; false when it is none of proto's tags.
 */
bool
board_tag_find(const char *s, size_t len, unsigned *bit)
{
	const char	*id;
	size_t		 j;
	unsigned	 i;

	if (len > 0 && s[0] == '#') {
		s++;
		len--;
	}
	for (i = 0; (id = proto_tag_name(i)) != NULL; i++) {
		if (strlen(id) == len && strncasecmp(id, s, len) == 0) {
			*bit = i;
			return (true);
		}
	}
	for (j = 0; j < sizeof board_tag_aliases / sizeof board_tag_aliases[0];
	    j++) {
		if (strlen(board_tag_aliases[j].alias) == len &&
		    strncasecmp(board_tag_aliases[j].alias, s, len) == 0)
			return (proto_tag_parse(board_tag_aliases[j].id, bit));
	}
	return (false);
}

void
board_strv_free(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * Reads tags separated by spaces or commas, each with or without a '#'
 * ("#semh, asd Primary"), into canonical ids without repeats. Returns 0,
 * or -1 with *bad set to the first word that is not a tag (the caller
 * frees it); *out is then NULL.
 */
int
board_tags_parse(const char *s, char ***out, size_t *n, char **bad)
{
	char		**v = NULL;
	size_t		  nv = 0, len, i;
	unsigned	  t;
	bool		  dup;

	*out = NULL;
	*n = 0;
	if (bad != NULL)
		*bad = NULL;
	for (;;) {
		s += strspn(s, " \t\n,");
		if (*s == '\0')
			break;
		len = strcspn(s, " \t\n,");
		if (!board_tag_find(s, len, &t) || nv == PROTO_MAX_TAGS) {
			if (bad != NULL)
				*bad = xstrndup(s, len);
			board_strv_free(v, nv);
			return (-1);
		}
		for (dup = false, i = 0; i < nv; i++)
			dup |= strcmp(v[i], proto_tag_name(t)) == 0;
		if (!dup) {
			v = xreallocarray(v, nv + 1, sizeof *v);
			v[nv++] = xstrdup(proto_tag_name(t));
		}
		s += len;
	}
	*out = v;
	*n = nv;
	return (0);
}

/*
 * What a follow-up quotes from body: the first run of its own lines (not
 * lines it quoted itself, "> ..."), trimmed, at most max characters, cut
 * at a word when longer. The server keeps a quote only when its text
 * appears exactly in the quoted post, so this is always a piece of body,
 * never rewritten; the reader is shown that it was cut by the drawing.
 * Never splits a UTF-8 character. Empty when the post has no own text.
 */
char *
board_quote_excerpt(const char *body, size_t max)
{
	const char	*p = body, *start, *end, *nl;
	size_t		 i, chars, lastsp;
	wchar_t		 wc;

	/* Skip quoted lines and blank space to the first own line. */
	for (;;) {
		p += strspn(p, " \t\n");
		if (*p != '>')
			break;
		if ((nl = strchr(p, '\n')) == NULL)
			return (xstrdup(""));
		p = nl + 1;
	}
	start = p;
	/* The run ends before the next quoted line. */
	for (end = start; *end != '\0'; end = nl + 1) {
		if ((nl = strchr(end, '\n')) == NULL) {
			end += strlen(end);
			break;
		}
		if (nl[1] == '>') {
			end = nl;
			break;
		}
	}
	for (i = chars = 0, lastsp = 0; start + i < end; chars++) {
		if (chars == max) {
			if (lastsp > 0 && lastsp > i / 2)
				i = lastsp;
			end = start + i;
			break;
		}
		if (start[i] == ' ' || start[i] == '\n')
			lastsp = i;
		i += text_decode(start + i, (size_t)(end - start) - i, &wc);
		if (start + i > end)
			i = (size_t)(end - start);
	}
	while (end > start && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\n'))
		end--;
	return (xstrndup(start, (size_t)(end - start)));
}

/*
 * The argument of /new: "BOARD [#tag ...] Title words", then the body on
 * the following lines (a plain-mode "\" continuation or Alt-Enter). Every
 * word starting with '#' before the title is a tag. Returns 0, or -1 when
 * there is no board or no title, or a tag is unknown (*title is then the
 * bad word so the caller can name it). The body may be empty ("").
 */
int
board_parse_new(const char *arg, char **board, char ***tags, size_t *ntags,
    char **title, char **body)
{
	const char	*nl, *p;
	char		*first, *tagtext, *bad;
	size_t		 len, tlen;

	*board = *title = *body = NULL;
	*tags = NULL;
	*ntags = 0;
	nl = strchr(arg, '\n');
	first = nl != NULL ? xstrndup(arg, nl - arg) : xstrdup(arg);
	*body = xstrdup(nl != NULL ? nl + 1 : "");

	p = first + strspn(first, " \t");
	len = strcspn(p, " \t");
	if (len == 0)
		goto fail;
	*board = xstrndup(p, len);
	p += len;
	p += strspn(p, " \t");
	/* The run of #words is the tag list. */
	for (tlen = 0; p[tlen] == '#'; ) {
		tlen += strcspn(p + tlen, " \t");
		tlen += strspn(p + tlen, " \t");
	}
	tagtext = xstrndup(p, tlen);
	if (board_tags_parse(tagtext, tags, ntags, &bad) == -1) {
		free(tagtext);
		free(first);
		free(*board);
		free(*body);
		*board = *body = NULL;
		*title = bad;
		return (-1);
	}
	free(tagtext);
	p += tlen;
	len = strlen(p);
	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	if (len == 0)
		goto fail;
	*title = xstrndup(p, len);
	free(first);
	return (0);
fail:
	free(first);
	free(*board);
	free(*body);
	board_strv_free(*tags, *ntags);
	*tags = NULL;
	*ntags = 0;
	*board = *body = NULL;
	return (-1);
}

/* --- the layout of a post ------------------------------------------------- */

static size_t
post_add(struct post_line *out, size_t max, size_t n, enum post_line_kind k,
    const wchar_t *text, size_t off, size_t len)
{
	if (n < max) {
		out[n].kind = k;
		out[n].text = text;
		out[n].off = off;
		out[n].len = len;
	}
	return (n + 1);
}

/* Wraps text[off, off+len) to width into lines of kind k. */
static size_t
post_wrap(struct post_line *out, size_t max, size_t n, enum post_line_kind k,
    const wchar_t *text, size_t off, size_t len, int width)
{
	struct wrap_line	*wl;
	size_t			 nl, i;

	nl = wrap_text(text + off, len, width, NULL, 0);
	wl = xreallocarray(NULL, nl, sizeof *wl);
	wrap_text(text + off, len, width, wl, nl);
	for (i = 0; i < nl; i++)
		n = post_add(out, max, n, k, text, off + wl[i].off, wl[i].len);
	free(wl);
	return (n);
}

/*
 * Lays post p out for a view width columns wide: a header line, then the
 * quote it carries (a "wrote:" line and its text, which the caller draws
 * behind a bar, so quote lines are wrapped 2 columns narrower), then its
 * body, where runs of lines starting with '>' are quotes too, then a gap.
 * Fills at most max entries and returns how many lines the post needs.
 * The text pointers point into p.
 */
size_t
post_layout(const struct post *p, int width, struct post_line *out,
    size_t max)
{
	const wchar_t	*t = p->text;
	size_t		 n = 0, i, start, end;
	int		 qw = width - 2 > 1 ? width - 2 : 1;

	n = post_add(out, max, n, PL_HEAD, NULL, 0, 0);
	if (p->deleted && p->textlen == 0)
		return (post_add(out, max, n, PL_GAP, NULL, 0, 0));
	if (p->quote != NULL && p->quotelen > 0) {
		n = post_add(out, max, n, PL_QUOTE_HEAD, NULL, 0, 0);
		n = post_wrap(out, max, n, PL_QUOTE, p->quote, 0, p->quotelen,
		    qw);
	}
	for (start = 0; start <= p->textlen; start = end + 1) {
		for (end = start; end < p->textlen && t[end] != L'\n'; end++)
			;
		if (end - start > 0 && t[start] == L'>') {
			i = start + 1;
			if (i < end && t[i] == L' ')
				i++;
			n = post_wrap(out, max, n, PL_QUOTE, t, i, end - i, qw);
		} else
			n = post_wrap(out, max, n, PL_BODY, t, start,
			    end - start, width);
		if (end >= p->textlen)
			break;
	}
	return (post_add(out, max, n, PL_GAP, NULL, 0, 0));
}
