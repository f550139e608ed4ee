/*
 * guard.c: the pupil-data guard's front: text normalised to one ASCII byte a
 * character, the check-digit identifiers (UPN, ULN, NHS number), and the
 * names of the kinds. Names with dates of birth are in guard_dob.c.
 *
 * Normalising first means each rule below sees one spelling of the text:
 * zero-width and other invisible characters are dropped (so they cannot split
 * an identifier), every Unicode space is a space, dashes are '-', other
 * letters are 'X' or 'x' (they still make a run of letters longer) and other
 * symbols are '#'.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom/common.h"
#include "staffroom/proto.h"
#include "guard.h"

/* The UPN check-letter alphabet: A-Z without I, O and S. */
static const char guard_upn_alphabet[] = "ABCDEFGHJKLMNPQRTUVWXYZ";

static const struct {
	unsigned	 kind;
	const char	*name;
	const char	*phrase;
} guard_kinds[GUARD_KIND_COUNT] = {
	{ GUARD_UPN, "upn", "a UPN" },
	{ GUARD_ULN, "uln", "a ULN" },
	{ GUARD_NHS, "nhs", "an NHS number" },
	{ GUARD_NAME_DOB, "name_dob", "a name with a date of birth" },
};

static const char *const guard_scope_names[GUARD_SCOPE_COUNT] = {
	[GUARD_SCOPE_NATIONAL] = "national",
	[GUARD_SCOPE_REGION] = "region",
	[GUARD_SCOPE_TRUST] = "trust",
	[GUARD_SCOPE_BOARD] = "board",
	[GUARD_SCOPE_DM] = "dm",
	[GUARD_SCOPE_BUDDY] = "buddy",
	[GUARD_SCOPE_MEETING] = "meeting",
};

static const char *const guard_rule_names[GUARD_RULE_COUNT] = {
	[GUARD_RULE_BLOCK] = "block",
	[GUARD_RULE_CONFIRM] = "confirm",
	[GUARD_RULE_OFF] = "off",
};

/* --- normalising --------------------------------------------------------- */

/* Characters that show nothing: dropped, so they cannot hide a number. */
static bool
guard_invisible(uint32_t cp)
{
	return (cp == 0xad || cp == 0x34f || cp == 0x61c || cp == 0x180e ||
	    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff ||
	    (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0000 && cp <= 0xe01ef));
}

static bool
guard_unicode_space(uint32_t cp)
{
	return (cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	    cp == 0x3000);
}

static bool
guard_unicode_symbol(uint32_t cp)
{
	return ((cp >= 0xa1 && cp <= 0xbf) || cp == 0xd7 || cp == 0xf7 ||
	    (cp >= 0x2016 && cp <= 0x205e) || (cp >= 0x20a0 && cp <= 0x2bff) ||
	    (cp >= 0x3001 && cp <= 0x303f) || (cp >= 0x1f000 && cp <= 0x1faff) ||
	    cp == 0xfffd);
}

/* What one code point becomes; 0 drops it. */
static char
guard_map(uint32_t cp)
{
	if (cp < 0x80) {
		if (cp == '\n')
			return ('\n');
		if (cp < 0x20 || cp == 0x7f)
			return (' ');
		return ((char)cp);
	}
	if (guard_invisible(cp))
		return (0);
	if (guard_unicode_space(cp))
		return (' ');
	if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xfe63 ||
	    cp == 0xff0d)
		return ('-');
	if (cp == 0x2018 || cp == 0x2019 || cp == 0x02bc || cp == 0xff07)
		return ('\'');
	if (cp == 0x2026)
		return ('.');
	if (cp >= 0xff10 && cp <= 0xff19)	/* fullwidth digits */
		return ((char)('0' + (cp - 0xff10)));
	if (cp >= 0xff21 && cp <= 0xff3a)
		return ((char)('A' + (cp - 0xff21)));
	if (cp >= 0xff41 && cp <= 0xff5a)
		return ((char)('a' + (cp - 0xff41)));
	if (guard_unicode_symbol(cp))
		return ('#');
	/* Letters: a rough case is enough for "a capitalised word". */
	if ((cp >= 0xc0 && cp <= 0xde) || (cp >= 0x391 && cp <= 0x3a9) ||
	    (cp >= 0x400 && cp <= 0x42f) ||
	    (cp >= 0x100 && cp <= 0x17f && cp % 2 == 0))
		return ('X');
	return ('x');
}

/*
 * What normalising saw, so guard_scan can skip the name-with-date rule (most
 * of its cost: word lookups) when it cannot match. Every date has a year of
 * two or four digits, and a name is two capitalised words.
 */
struct guard_norm {
	size_t	len;
	size_t	capitals;
	bool	digit_pair;
};

/* Normalises len bytes of text into out (at least len bytes). */
static void
guard_normalise(const char *text, size_t len, char *out, struct guard_norm *gn)
{
	size_t	i = 0, n = 0, used;
	uint32_t	cp;
	char		ch;

	gn->capitals = 0;
	gn->digit_pair = false;
	while (i < len) {
		if ((unsigned char)text[i] < 0x80) {
			/* Most text is ASCII: no decoder call a byte. */
			ch = guard_map((unsigned char)text[i++]);
		} else {
			/* A byte that is not valid UTF-8 reads as one symbol. */
			if ((used = proto_utf8_decode(text + i, len - i,
			    &cp)) == 0) {
				cp = 0xfffd;
				used = 1;
			}
			i += used;
			if ((ch = guard_map(cp)) == 0)
				continue;
		}
		gn->capitals += ch >= 'A' && ch <= 'Z';
		gn->digit_pair |= n > 0 && ch >= '0' && ch <= '9' &&
		    out[n - 1] >= '0' && out[n - 1] <= '9';
		out[n++] = ch;
	}
	gn->len = n;
}

/* --- identifiers with a check character ----------------------------------- */

static bool
guard_digit(char ch)
{
	return (ch >= '0' && ch <= '9');
}

static bool
guard_alnum(char ch)
{
	return (guard_digit(ch) || (ch >= 'a' && ch <= 'z') ||
	    (ch >= 'A' && ch <= 'Z'));
}

static int
guard_upn_value(char ch)
{
	const char	*p;

	if (ch >= 'a' && ch <= 'z')
		ch = (char)(ch - 'a' + 'A');
	if (ch < 'A' || ch > 'Z' || (p = strchr(guard_upn_alphabet, ch)) == NULL)
		return (-1);
	return ((int)(p - guard_upn_alphabet));
}

/*
 * A UPN is a check letter then 12 digits; a temporary UPN ends in a letter,
 * which counts by its place in the check alphabet. Weights 2..13, mod 23.
 */
static bool
guard_upn_valid(const char *s)
{
	int	check, v, k, sum = 0;

	if ((check = guard_upn_value(s[0])) == -1)
		return (false);
	for (k = 1; k <= 12; k++) {
		if (guard_digit(s[k]))
			v = s[k] - '0';
		else if (k == 12 && (v = guard_upn_value(s[k])) != -1)
			;
		else
			return (false);
		sum += (k + 1) * v;
	}
	return (sum % 23 == check);
}

/* S = the first nine digits weighted 10..2, mod 11. */
static int
guard_mod11(const char *s)
{
	int	k, sum = 0;

	for (k = 0; k < 9; k++)
		sum += (10 - k) * (s[k] - '0');
	return (sum % 11);
}

/* ULN: the last digit is 10 - S, and S = 0 is never valid. */
static bool
guard_uln_valid(const char *s)
{
	int	r = guard_mod11(s);

	return (r != 0 && s[9] - '0' == 10 - r);
}

/* NHS number: the last digit is 11 - S, 11 read as 0; 10 is never valid. */
static bool
guard_nhs_valid(const char *s)
{
	int	check = 11 - guard_mod11(s);

	if (check == 11)
		check = 0;
	return (check != 10 && s[9] - '0' == check);
}

static bool
guard_all_digits(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (!guard_digit(s[i]))
			return (false);
	}
	return (true);
}

static bool
guard_group_gap(char ch)
{
	return (ch == ' ' || ch == '-');
}

/*
 * Whether the digits b[start, end) go on past either end: a decimal point
 * with digits beyond it, or (for grouped numbers) another group of digits
 * after a space or hyphen. Then they are part of a longer number.
 */
static bool
guard_number_continues(const char *b, size_t n, size_t start, size_t end,
    bool grouped)
{
	if (start >= 2 && guard_digit(b[start - 2]) && (b[start - 1] == '.' ||
	    (grouped && guard_group_gap(b[start - 1]))))
		return (true);
	if (end + 1 < n && guard_digit(b[end + 1]) && (b[end] == '.' ||
	    (grouped && guard_group_gap(b[end]))))
		return (true);
	return (false);
}

/*
 * An NHS number written 3-3-4 with single spaces or hyphens, starting at
 * the run of three digits b[start, start + 3).
 */
static bool
guard_nhs_grouped(const char *b, size_t n, size_t start)
{
	char	digits[10];
	size_t	end = start + 12;

	if (end > n || !guard_group_gap(b[start + 3]) ||
	    !guard_group_gap(b[start + 7]) ||
	    !guard_all_digits(b + start + 4, 3) ||
	    !guard_all_digits(b + start + 8, 4) ||
	    (end < n && guard_alnum(b[end])) ||
	    guard_number_continues(b, n, start, end, true))
		return (false);
	memcpy(digits, b + start, 3);
	memcpy(digits + 3, b + start + 4, 3);
	memcpy(digits + 6, b + start + 8, 4);
	return (guard_nhs_valid(digits));
}

/* The identifiers in normalised text: each is a whole run of letters and digits. */
static unsigned
guard_identifiers(const char *b, size_t n)
{
	unsigned	kinds = 0;
	size_t		i = 0, start, len;

	while (i < n) {
		if (!guard_alnum(b[i])) {
			i++;
			continue;
		}
		start = i;
		while (i < n && guard_alnum(b[i]))
			i++;
		len = i - start;
		if (len == 13 && guard_upn_valid(b + start))
			kinds |= GUARD_UPN;
		else if (len == 10 && guard_all_digits(b + start, 10) &&
		    !guard_number_continues(b, n, start, i, false)) {
			if (guard_uln_valid(b + start))
				kinds |= GUARD_ULN;
			if (guard_nhs_valid(b + start))
				kinds |= GUARD_NHS;
		} else if (len == 3 && guard_all_digits(b + start, 3) &&
		    guard_nhs_grouped(b, n, start))
			kinds |= GUARD_NHS;
	}
	return (kinds);
}

/* --- the guard ------------------------------------------------------------- */

unsigned
guard_scan(const char *text, size_t len, time_t now)
{
	struct guard_norm	 gn;
	unsigned		 kinds;
	char			*norm;

	if (len == 0)
		return (0);
	norm = xmalloc(len);
	guard_normalise(text, len, norm, &gn);
	kinds = guard_identifiers(norm, gn.len);
	if (gn.digit_pair && gn.capitals >= 2 &&
	    guard_name_dob(norm, gn.len, now))
		kinds |= GUARD_NAME_DOB;
	free(norm);
	return (kinds);
}

static size_t
guard_kind_index(unsigned kind)
{
	size_t	i;

	for (i = 0; i < GUARD_KIND_COUNT; i++) {
		if (guard_kinds[i].kind == kind)
			break;
	}
	return (i);
}

const char *
guard_kind_name(unsigned kind)
{
	size_t	i = guard_kind_index(kind);

	return (i < GUARD_KIND_COUNT ? guard_kinds[i].name : NULL);
}

const char *
guard_kind_phrase(unsigned kind)
{
	size_t	i = guard_kind_index(kind);

	return (i < GUARD_KIND_COUNT ? guard_kinds[i].phrase : NULL);
}

bool
guard_kinds_format(unsigned kinds, bool phrases, char *buf, size_t size)
{
	size_t	i, done = 0, total = 0, len = 0;
	int	n;

	for (i = 0; i < GUARD_KIND_COUNT; i++)
		total += (kinds & guard_kinds[i].kind) != 0;
	if (size == 0)
		return (false);
	buf[0] = '\0';
	for (i = 0; i < GUARD_KIND_COUNT; i++) {
		if ((kinds & guard_kinds[i].kind) == 0)
			continue;
		done++;
		if (!phrases)
			n = snprintf(buf + len, size - len, "%s%s",
			    done > 1 ? "," : "", guard_kinds[i].name);
		else
			n = snprintf(buf + len, size - len, "%s%s",
			    done == 1 ? "" : done == total ? " and " : ", ",
			    guard_kinds[i].phrase);
		if (n < 0 || (size_t)n >= size - len)
			return (false);
		len += (size_t)n;
	}
	return (true);
}

/* --- rules per scope --------------------------------------------------------- */

/* The index of name in a table of n names; n when it is not there. */
static size_t
guard_name_index(const char *const *names, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; name != NULL && i < n; i++) {
		if (strcmp(names[i], name) == 0)
			break;
	}
	return (name != NULL ? i : n);
}

const char *
guard_scope_name(enum guard_scope scope)
{
	return ((unsigned)scope < GUARD_SCOPE_COUNT ?
	    guard_scope_names[scope] : NULL);
}

bool
guard_scope_from_name(const char *name, enum guard_scope *scope)
{
	size_t	i = guard_name_index(guard_scope_names, GUARD_SCOPE_COUNT, name);

	if (i == GUARD_SCOPE_COUNT)
		return (false);
	*scope = (enum guard_scope)i;
	return (true);
}

const char *
guard_rule_name(enum guard_rule rule)
{
	return ((unsigned)rule < GUARD_RULE_COUNT ?
	    guard_rule_names[rule] : NULL);
}

bool
guard_rule_from_name(const char *name, enum guard_rule *rule)
{
	size_t	i = guard_name_index(guard_rule_names, GUARD_RULE_COUNT, name);

	if (i == GUARD_RULE_COUNT)
		return (false);
	*rule = (enum guard_rule)i;
	return (true);
}

/*
 * Rooms and boards many people read refuse outright; in a DM, buddy chat or
 * meeting the few present may need to talk about one child, so the author
 * may confirm.
 */
enum guard_rule
guard_rule_default(enum guard_scope scope)
{
	switch (scope) {
	case GUARD_SCOPE_DM:
	case GUARD_SCOPE_BUDDY:
	case GUARD_SCOPE_MEETING:
		return (GUARD_RULE_CONFIRM);
	default:
		return (GUARD_RULE_BLOCK);
	}
}
