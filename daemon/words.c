/*
 * words.c: the watched-words matcher (see words.h). Folding first means a
 * rule is compared with one spelling of the text: "Café", "CAFE" and
 * "cafe\u0301" are all "cafe"; "well-being" is "well being"; a zero-width
 * space cannot split a word to slip it past. Whole words only, so "ass"
 * is not found in "class" or "assessment", nor "cock" in "Hitchcock".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom/common.h"
#include "staffroom/proto.h"
#include "words.h"

/*
 * Latin-1 Supplement letters U+00C0-U+00FF and Latin Extended-A
 * U+0100-U+017F by their base letter; '#' is a separator (x and /),
 * '*' one of the two-letter folds in words_latin_pair.
 */
static const char words_latin1[] =
	"aaaaaa*ceeeeiiii" "dnooooo#ouuuuy**"	/* U+00C0 */
	"aaaaaa*ceeeeiiii" "dnooooo#ouuuuy*y";	/* U+00E0 */
static const char words_latin_ext_a[] =
	"aaaaaaccccccccdd" "ddeeeeeeeeeegggg"	/* U+0100 */
	"gggghhhhiiiiiiii" "ii**jjkkklllllll"	/* U+0120 */
	"lllnnnnnnnnnoooo" "oo**rrrrrrssssss"	/* U+0140 */
	"ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";	/* U+0160 */

static const struct {
	uint32_t	 cp;
	const char	*fold;
} words_latin_pair[] = {
	{ 0xc6, "ae" }, { 0xde, "th" }, { 0xdf, "ss" }, { 0xe6, "ae" },
	{ 0xfe, "th" }, { 0x132, "ij" }, { 0x133, "ij" }, { 0x152, "oe" },
	{ 0x153, "oe" },
};

/* Characters that show nothing: dropped, so they cannot split a word. */
static bool
words_invisible(uint32_t cp)
{
	return ((cp >= 0x300 && cp <= 0x36f) ||	/* combining accents */
	    cp == 0xad || cp == 0x34f || cp == 0x61c || cp == 0x180e ||
	    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff ||
	    (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0000 && cp <= 0xe01ef));
}

/* Spaces, punctuation, symbols and pictographs: what separates words. */
static bool
words_separator(uint32_t cp)
{
	return ((cp >= 0x80 && cp <= 0xbf) || cp == 0xd7 || cp == 0xf7 ||
	    cp == 0x1680 || (cp >= 0x2000 && cp <= 0x2bff) ||
	    (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xfe10 && cp <= 0xfe6f) ||
	    (cp >= 0xff00 && cp <= 0xff0f) || (cp >= 0x1f000 &&
	    cp <= 0x1faff) || cp == 0xfffd);
}

struct words_out {
	char	*buf;
	size_t	 len;
};

static void
words_put(struct words_out *o, char ch)
{
	/* One space between words, however many separators. */
	if (ch == ' ' && o->len > 0 && o->buf[o->len - 1] == ' ')
		return;
	o->buf[o->len++] = ch;
}

/* A code point under U+0800 as its two bytes (Greek and Cyrillic). */
static void
words_put_cp(struct words_out *o, uint32_t cp)
{
	o->buf[o->len++] = (char)(0xc0 | (cp >> 6));
	o->buf[o->len++] = (char)(0x80 | (cp & 0x3f));
}

/*
 * One character of a word folded into o. src/used: its bytes, kept as
 * they are for letters of other scripts. Never longer than its bytes, so
 * the output is at most the input's length plus the two outer spaces.
 */
static void
words_fold_cp(struct words_out *o, uint32_t cp, const char *src, size_t used)
{
	const char	*fold;
	size_t		 i;

	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			words_put(o, (char)cp);
		else if (cp >= 'A' && cp <= 'Z')
			words_put(o, (char)(cp - 'A' + 'a'));
		else
			words_put(o, ' ');
		return;
	}
	if (words_invisible(cp))
		return;
	if (cp >= 0xc0 && cp <= 0x17f) {
		fold = cp <= 0xff ? &words_latin1[cp - 0xc0] :
		    &words_latin_ext_a[cp - 0x100];
		if (*fold == '#')
			words_put(o, ' ');
		else if (*fold != '*')
			words_put(o, *fold);
		else {
			for (i = 0; i < sizeof words_latin_pair /
			    sizeof words_latin_pair[0]; i++) {
				if (words_latin_pair[i].cp == cp) {
					words_put(o, words_latin_pair[i].fold[0]);
					words_put(o, words_latin_pair[i].fold[1]);
				}
			}
		}
		return;
	}
	if (words_separator(cp)) {
		words_put(o, ' ');
		return;
	}
	if (cp >= 0xff10 && cp <= 0xff19)	/* fullwidth digits */
		words_put(o, (char)('0' + (cp - 0xff10)));
	else if (cp >= 0xff21 && cp <= 0xff3a)	/* fullwidth letters */
		words_put(o, (char)('a' + (cp - 0xff21)));
	else if (cp >= 0xff41 && cp <= 0xff5a)
		words_put(o, (char)('a' + (cp - 0xff41)));
	else if ((cp >= 0x391 && cp <= 0x3a9) || (cp >= 0x410 && cp <= 0x42f))
		words_put_cp(o, cp + 0x20);	/* Greek and Cyrillic capitals */
	else if (cp >= 0x400 && cp <= 0x40f)
		words_put_cp(o, cp + 0x50);
	else {
		for (i = 0; i < used; i++)
			words_put(o, src[i]);
	}
}

char *
words_fold(const char *text, size_t len)
{
	struct words_out	o;
	size_t			i = 0, used;
	uint32_t		cp;

	o.buf = xmalloc(len + 3);
	o.len = 0;
	words_put(&o, ' ');
	while (i < len) {
		if ((unsigned char)text[i] < 0x80) {
			cp = (unsigned char)text[i];
			used = 1;
		} else if ((used = proto_utf8_decode(text + i, len - i,
		    &cp)) == 0) {
			cp = 0xfffd;
			used = 1;
		}
		words_fold_cp(&o, cp, text + i, used);
		i += used;
	}
	words_put(&o, ' ');
	o.buf[o.len] = '\0';
	return (o.buf);
}

bool
words_fold_rule(const char *rule, char *key, size_t size)
{
	char	*folded;
	size_t	 n;
	bool	 ok;

	folded = words_fold(rule, strlen(rule));
	/* " " alone: nothing to match. */
	n = strlen(folded);
	ok = n > 2 && n - 2 < size;
	if (ok) {
		memcpy(key, folded + 1, n - 2);
		key[n - 2] = '\0';
	}
	free(folded);
	return (ok);
}

bool
words_match(const char *folded_text, const char *key)
{
	const char	*p = folded_text;
	size_t		 n = strlen(key);

	if (n == 0)
		return (false);
	/* The folded text starts with a space, so p[-1] is always there. */
	while ((p = strstr(p + 1, key)) != NULL) {
		if (p[-1] == ' ' && (p[n] == ' ' || p[n] == '\0'))
			return (true);
	}
	return (false);
}
