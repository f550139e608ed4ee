/*
 * tags.c: the pure parts of the boards, kept apart so they can be tested
 * without a terminal or a server: the canonical thread tags (the ids are
 * fixed by proto/PROTOCOL.md), reading tags as people type them, the
 * excerpt a follow-up quotes, the "/new" command line, and the layout of
 * one post into header, quote block and body lines.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "staffroom.h"

#define TAGS_MAX	8	/* the server's limit for a thread */

const struct board_tag board_tags[] = {
	/* The four broad areas of need (SEND Code of Practice 6.28). */
	{ "ci", "Communication and interaction" },
	{ "cl", "Cognition and learning" },
	{ "semh", "Social, emotional and mental health" },
	{ "sp", "Sensory and/or physical" },
	/* The school census primary need codes. */
	{ "spld", "Specific learning difficulty" },
	{ "mld", "Moderate learning difficulty" },
	{ "sld", "Severe learning difficulty" },
	{ "pmld", "Profound and multiple learning difficulty" },
	{ "slcn", "Speech, language and communication needs" },
	{ "hi", "Hearing impairment" },
	{ "vi", "Vision impairment" },
	{ "msi", "Multi-sensory impairment" },
	{ "pd", "Physical disability" },
	{ "asd", "Autistic spectrum disorder" },
	{ "oth", "Other difficulty or disability" },
	/* Phase. */
	{ "early-years", "Early years" },
	{ "primary", "Primary" },
	{ "secondary", "Secondary" },
	{ "post-16", "Post-16" },
	{ "special", "Special school" },
	{ "ap", "Alternative provision" },
	{ NULL, NULL }
};

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

size_t
board_tag_count(void)
{
	return sizeof board_tags / sizeof board_tags[0] - 1;
}

/* The index of the tag named by s (len bytes), any case, or -1. */
int
board_tag_find(const char *s, size_t len)
{
	size_t	i, j;

	if (len > 0 && s[0] == '#') {
		s++;
		len--;
	}
	for (i = 0; board_tags[i].id != NULL; i++) {
		if (strlen(board_tags[i].id) == len &&
		    strncasecmp(board_tags[i].id, s, len) == 0)
			return (int)i;
	}
	for (j = 0; j < sizeof board_tag_aliases / sizeof board_tag_aliases[0];
	    j++) {
		if (strlen(board_tag_aliases[j].alias) != len ||
		    strncasecmp(board_tag_aliases[j].alias, s, len) != 0)
			continue;
		for (i = 0; board_tags[i].id != NULL; i++) {
			if (strcmp(board_tags[i].id, board_tag_aliases[j].id) == 0)
				return (int)i;
		}
	}
	return -1;
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
	int		  t, dup;

	*out = NULL;
	*n = 0;
	if (bad != NULL)
		*bad = NULL;
	for (;;) {
		s += strspn(s, " \t\n,");
		if (*s == '\0')
			break;
		len = strcspn(s, " \t\n,");
		if ((t = board_tag_find(s, len)) == -1 || nv == TAGS_MAX) {
			if (bad != NULL)
				*bad = xstrndup(s, len);
			board_strv_free(v, nv);
			return -1;
		}
		for (dup = 0, i = 0; i < nv; i++)
			dup |= strcmp(v[i], board_tags[t].id) == 0;
		if (!dup) {
			v = xreallocarray(v, nv + 1, sizeof *v);
			v[nv++] = xstrdup(board_tags[t].id);
		}
		s += len;
	}
	*out = v;
	*n = nv;
	return 0;
}

/* Bytes of the UTF-8 character starting at s (1 for a stray byte). */
static size_t
tags_utf8_len(const unsigned char *s)
{
	if (*s < 0xc0)
		return 1;
	if (*s < 0xe0)
		return 2;
	if (*s < 0xf0)
		return 3;
	return 4;
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

	/* Skip quoted lines and blank space to the first own line. */
	for (;;) {
		p += strspn(p, " \t\n");
		if (*p != '>')
			break;
		if ((nl = strchr(p, '\n')) == NULL)
			return xstrdup("");
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
		i += tags_utf8_len((const unsigned char *)start + i);
		if (start + i > end)
			i = (size_t)(end - start);
	}
	while (end > start && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\n'))
		end--;
	return xstrndup(start, (size_t)(end - start));
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
		return -1;
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
	return 0;
fail:
	free(first);
	free(*board);
	free(*body);
	board_strv_free(*tags, *ntags);
	*tags = NULL;
	*ntags = 0;
	*board = *body = NULL;
	return -1;
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
	return n + 1;
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
	return n;
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
		return post_add(out, max, n, PL_GAP, NULL, 0, 0);
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
	return post_add(out, max, n, PL_GAP, NULL, 0, 0);
}
