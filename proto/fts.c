/*
 * fts.c: what a person types into search, made into an FTS5 MATCH
 * expression. Everything becomes quoted strings, so FTS5's own syntax
 * (AND, OR, NOT, NEAR, brackets, ^, :, -, +, column filters) is only ever
 * text and the expression can never be a syntax error.
 */
#include <string.h>

#include "staffroom/proto.h"

struct fts_out {
	char	*buf;
	size_t	 size;
	size_t	 len;
	bool	 full;
};

static bool
fts_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\f' || ch == '\v';
}

/* Letters, digits and every non-ASCII byte: what the tokenizer keeps. */
static bool
fts_token_char(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch >= 0x80;
}

static size_t
fts_token_chars(const char *s, size_t len)
{
	size_t	i, n = 0;

	for (i = 0; i < len; i++) {
		if (fts_token_char((unsigned char)s[i]))
			n++;
	}
	return n;
}

static void
fts_put(struct fts_out *o, char ch)
{
	if (o->len + 1 >= o->size) {
		o->full = true;
		return;
	}
	o->buf[o->len++] = ch;
}

/* Appends one quoted term (and * for a prefix); all or nothing. */
static bool
fts_term(struct fts_out *o, const char *s, size_t len, bool prefix)
{
	size_t	start = o->len, i;

	if (start > 0)
		fts_put(o, ' ');
	fts_put(o, '"');
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			fts_put(o, '"');
		fts_put(o, s[i]);
	}
	fts_put(o, '"');
	if (prefix)
		fts_put(o, '*');
	if (o->full) {
		o->len = start;
		return false;
	}
	return true;
}

int
proto_fts_query(const char *text, char *out, size_t size)
{
	struct fts_out	 o = { out, size, 0, false };
	const char	*p = text, *start, *close;
	size_t		 len;
	bool		 prefix;
	int		 terms = 0;

	if (size == 0)
		return 0;
	while (*p != '\0' && terms < PROTO_FTS_MAX_TERMS && !o.full) {
		if (fts_space(*p)) {
			p++;
			continue;
		}
		prefix = false;
		if (*p == '"' && (close = strchr(p + 1, '"')) != NULL) {
			/* A balanced phrase, perhaps with a prefix star. */
			start = p + 1;
			len = close - start;
			p = close + 1;
			if (*p == '*') {
				prefix = true;
				while (*p == '*')
					p++;
			}
		} else {
			/* A word; an unbalanced quote in it is only text. */
			start = p;
			while (*p != '\0' && !fts_space(*p))
				p++;
			len = p - start;
			if (len > 0 && start[len - 1] == '*') {
				while (len > 0 && start[len - 1] == '*')
					len--;
				prefix = true;
			}
		}
		if (fts_token_chars(start, len) == 0)
			continue;
		/* A one-letter prefix would match half the dictionary. */
		if (fts_token_chars(start, len) < 2)
			prefix = false;
		if (fts_term(&o, start, len, prefix))
			terms++;
	}
	out[o.len] = '\0';
	return terms;
}
