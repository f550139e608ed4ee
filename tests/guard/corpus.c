/*
 * corpus.c: expands a set's templates into lines. Fields:
 *
 *   {F} {F2} {L}     a first name, another first name, a last name
 *   {PLACE}          a local authority, school or town
 *   {UPN} {ULN} {NHS}  a valid identifier, in one of its written forms
 *   {MISS}           a near miss: a UPN, ULN or NHS number with a wrong check
 *                    character, a digit too many or too few, or inside a
 *                    longer run of letters or digits
 *   {DOB}            a birth date 3-18 years ago, in one of the date forms
 *   {DOBW}           the same, 0-25 years ago (only after a date-of-birth word)
 *   {RECENT} {SOON}  a date in the past or next 11 months
 *   {YEARS}          a date 2-19 years ago (a policy, a start date)
 *   {TIME} {PHONE} {URN} {PC} {MONEY} {PCT} {ROOM} {ORDER}
 *   {N} {Y} {AGE} {KS} {WEEKS}  small numbers: count, year group, age,
 *                    key stage, weeks
 *
 * The identifiers are computed here from their published check rules, not
 * with the guard's code, so a mistake in one does not hide in the other.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "corpus.h"

#define DAY	86400

static const char upn_alphabet[] = "ABCDEFGHJKLMNPQRTUVWXYZ";

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

static const char *const class_names[CORPUS_CLASS_COUNT] = {
	"upn", "uln", "nhs", "name_dob", "near_miss", "ordinary",
};

struct out {
	char	*buf;
	size_t	 size;
	size_t	 len;
};

/* xorshift64*: small, fixed, the same on every machine. */
static uint64_t
rnd(struct corpus *c)
{
	c->rng ^= c->rng >> 12;
	c->rng ^= c->rng << 25;
	c->rng ^= c->rng >> 27;
	return (c->rng * 0x2545f4914f6cdd1dULL);
}

/* A number in [lo, hi]. */
static int
pick(struct corpus *c, int lo, int hi)
{
	return (lo + (int)(rnd(c) % (uint64_t)(hi - lo + 1)));
}

static bool
chance(struct corpus *c, int percent)
{
	return (pick(c, 1, 100) <= percent);
}

static const char *
pick_from(struct corpus *c, const char *const *list)
{
	size_t	n = 0;

	while (list[n] != NULL)
		n++;
	return (list[rnd(c) % n]);
}

static void
put(struct out *o, const char *s)
{
	size_t	n = strlen(s);

	if (o->len + n >= o->size)
		n = o->size - o->len - 1;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static void
putf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
putf(struct out *o, const char *fmt, ...)
{
	char	tmp[256];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	put(o, tmp);
}

static void
digits(struct corpus *c, char *s, int n)
{
	int	i;

	for (i = 0; i < n; i++)
		s[i] = (char)('0' + pick(c, 0, 9));
	s[n] = '\0';
}

/* --- identifiers --------------------------------------------------------- */

/* s[1..12]: the check letter's index, or -1 when s[12] is not allowed. */
static int
upn_check(const char *s)
{
	const char	*p;
	int		 k, sum = 0, v;

	for (k = 1; k <= 12; k++) {
		if (s[k] >= '0' && s[k] <= '9')
			v = s[k] - '0';
		else if ((p = strchr(upn_alphabet, s[k])) != NULL)
			v = (int)(p - upn_alphabet);
		else
			return (-1);
		sum += (k + 1) * v;
	}
	return (sum % 23);
}

/* A valid UPN (a temporary one in 1 of 5) into s[14]. */
static void
make_upn(struct corpus *c, char *s)
{
	/* Real UPNs: LA code, school number, year, serial. */
	snprintf(s + 1, 13, "%03d%04d%02d%03d", pick(c, 201, 938),
	    pick(c, 1000, 7999), pick(c, 8, 24), pick(c, 0, 999));
	if (chance(c, 20))
		s[12] = upn_alphabet[pick(c, 0, 22)];
	s[0] = upn_alphabet[upn_check(s)];
	s[13] = '\0';
}

static int
mod11(const char *s)
{
	int	k, sum = 0;

	for (k = 0; k < 9; k++)
		sum += (10 - k) * (s[k] - '0');
	return (sum % 11);
}

/* Ten digits: a valid ULN (S = 0 is never valid: draw again). */
static void
make_uln(struct corpus *c, char *s)
{
	do {
		s[0] = (char)('0' + pick(c, 1, 9));
		digits(c, s + 1, 8);
	} while (mod11(s) == 0);
	s[9] = (char)('0' + 10 - mod11(s));
	s[10] = '\0';
}

/* Ten digits: a valid NHS number (check 10 is never valid: draw again). */
static void
make_nhs(struct corpus *c, char *s)
{
	int	check;

	do {
		s[0] = (char)('0' + pick(c, 4, 9));
		digits(c, s + 1, 8);
		check = (11 - mod11(s)) % 11;
	} while (check == 10);
	s[9] = (char)('0' + check);
	s[10] = '\0';
}

/* A zero-width space inside the identifier, as pasted from a web form. */
static void
put_with_zero_width(struct corpus *c, struct out *o, const char *id)
{
	size_t	at = (size_t)pick(c, 1, (int)strlen(id) - 1);
	char	head[32];

	snprintf(head, sizeof head, "%.*s", (int)at, id);
	put(o, head);
	put(o, "\xe2\x80\x8b");
	put(o, id + at);
}

static void
put_upn(struct corpus *c, struct out *o)
{
	char	s[14];
	int	i;

	make_upn(c, s);
	if (chance(c, 10)) {
		for (i = 0; s[i] != '\0'; i++)
			s[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	}
	if (chance(c, 5))
		put_with_zero_width(c, o, s);
	else
		put(o, s);
}

static void
put_uln(struct corpus *c, struct out *o)
{
	char	s[11];

	make_uln(c, s);
	if (chance(c, 5))
		put_with_zero_width(c, o, s);
	else
		put(o, s);
}

/* Plain, 3-3-4 with spaces, hyphens or no-break spaces. */
static void
put_nhs_digits(struct corpus *c, struct out *o, const char *s)
{
	static const char *const gaps[] = { " ", "-", "\xc2\xa0" };
	const char	*gap;
	int		 form = pick(c, 0, 9);

	if (form < 3) {
		if (chance(c, 10))
			put_with_zero_width(c, o, s);
		else
			put(o, s);
		return;
	}
	gap = gaps[form < 7 ? 0 : form < 9 ? 1 : 2];
	putf(o, "%.3s%s%.3s%s%.4s", s, gap, s + 3, gap, s + 6);
}

static void
put_nhs(struct corpus *c, struct out *o)
{
	char	s[11];

	make_nhs(c, s);
	put_nhs_digits(c, o, s);
}

/* Ten digits valid as neither a ULN nor an NHS number. */
static void
make_ten_wrong(struct corpus *c, char *s)
{
	int	r, d;

	digits(c, s, 9);
	r = mod11(s);
	do
		d = pick(c, 0, 9);
	while ((r != 0 && d == 10 - r) || d == (11 - r) % 11);
	s[9] = (char)('0' + d);
	s[10] = '\0';
}

static void
put_near_miss(struct corpus *c, struct out *o)
{
	char	s[24];
	int	check;

	switch (pick(c, 0, 8)) {
	case 0:		/* UPN with a wrong check letter */
		make_upn(c, s);
		check = upn_check(s);
		s[0] = upn_alphabet[(check + pick(c, 1, 22)) % 23];
		put(o, s);
		break;
	case 1:		/* UPN with a digit too many */
		make_upn(c, s);
		s[12] = (char)('0' + pick(c, 0, 9));
		putf(o, "%s%d", s, pick(c, 0, 9));
		break;
	case 2:		/* UPN inside a longer reference */
		make_upn(c, s);
		putf(o, "%s%s", chance(c, 50) ? "REF" : "X", s);
		break;
	case 3:		/* ten digits, wrong check for both */
	case 4:
		make_ten_wrong(c, s);
		if (chance(c, 50))
			put(o, s);
		else
			putf(o, "%.3s %.3s %.4s", s, s + 3, s + 6);
		break;
	case 5:		/* a ULN with a digit too many */
		make_uln(c, s);
		putf(o, "%s%d", s, pick(c, 0, 9));
		break;
	case 6:		/* an NHS number with a digit too few */
		make_nhs(c, s);
		putf(o, "%.3s %.3s %.3s", s, s + 3, s + 6);
		break;
	case 7:		/* inside a longer run of letters */
		make_nhs(c, s);
		putf(o, "%s%s", chance(c, 50) ? "ID" : "NHS", s);
		break;
	default:	/* grouped 4-3-3, not 3-3-4 */
		make_nhs(c, s);
		putf(o, "%.4s %.3s %.3s", s, s + 4, s + 7);
		break;
	}
}

/* --- dates ------------------------------------------------------------------ */

static void
civil(time_t t, int *y, int *m, int *d)
{
	struct tm	tm;

	gmtime_r(&t, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

static const char *
ordinal(int d)
{
	if (d % 10 == 1 && d != 11)
		return ("st");
	if (d % 10 == 2 && d != 12)
		return ("nd");
	if (d % 10 == 3 && d != 13)
		return ("rd");
	return ("th");
}

/* The day `days` before today in one of the forms people write. */
static void
put_date(struct corpus *c, struct out *o, long days)
{
	const char	*mon;
	int		 y, m, d;

	civil(c->today - (time_t)days * DAY, &y, &m, &d);
	mon = month_names[m - 1];
	switch (pick(c, 0, 9)) {
	case 0:
	case 1:
		putf(o, "%02d/%02d/%04d", d, m, y);
		break;
	case 2:
		putf(o, "%d.%d.%02d", d, m, y % 100);
		break;
	case 3:
		putf(o, "%02d-%02d-%04d", d, m, y);
		break;
	case 4:
		putf(o, "%d %s %d", d, mon, y);
		break;
	case 5:
		putf(o, "%d%s %s %d", d, ordinal(d), mon, y);
		break;
	case 6:
		putf(o, "%s %d %d", mon, d, y);
		break;
	case 7:
		putf(o, "%s %d, %d", mon, d, y);
		break;
	case 8:
		putf(o, "%d %.3s %d", d, mon, y);
		break;
	default:
		putf(o, "%d/%d/%02d", d, m, y % 100);
		break;
	}
}

/* --- ordinary numbers ------------------------------------------------------- */

static void
put_phone(struct corpus *c, struct out *o)
{
	switch (pick(c, 0, 6)) {
	case 0:
		putf(o, "0161 496 %04d", pick(c, 0, 9999));
		break;
	case 1:
		putf(o, "01632 960%03d", pick(c, 0, 999));
		break;
	case 2:
		putf(o, "07700 900%03d", pick(c, 0, 999));
		break;
	case 3:
		putf(o, "+44 %d 496 %04d", pick(c, 113, 191), pick(c, 0, 9999));
		break;
	case 4:
		putf(o, "020 7946 %04d", pick(c, 0, 9999));
		break;
	case 5:
		putf(o, "0800 %03d %04d", pick(c, 100, 999), pick(c, 0, 9999));
		break;
	default:
		putf(o, "07700900%03d", pick(c, 0, 999));
		break;
	}
}

static void
put_money(struct corpus *c, struct out *o)
{
	switch (pick(c, 0, 3)) {
	case 0:
		putf(o, "\xc2\xa3%d,%03d", pick(c, 1, 250), pick(c, 0, 999));
		break;
	case 1:
		putf(o, "\xc2\xa3%d", pick(c, 20, 950));
		break;
	case 2:
		putf(o, "\xc2\xa3%d.%dm", pick(c, 1, 9), pick(c, 0, 9));
		break;
	default:
		putf(o, "\xc2\xa3%d.%02d", pick(c, 1, 99), pick(c, 0, 99));
		break;
	}
}

static void
put_postcode(struct corpus *c, struct out *o)
{
	static const char *const areas[] = { "M", "B", "LS", "NE", "SW",
	    "BS", "L", "S", "CF", "EH", NULL };

	putf(o, "%s%d %d%c%c", pick_from(c, areas), pick(c, 1, 29),
	    pick(c, 1, 9), 'A' + pick(c, 0, 25), 'A' + pick(c, 0, 25));
}

static void
put_time(struct corpus *c, struct out *o)
{
	switch (pick(c, 0, 3)) {
	case 0:
		putf(o, "%d:%02d", pick(c, 8, 17), 15 * pick(c, 0, 3));
		break;
	case 1:
		putf(o, "%dpm", pick(c, 1, 6));
		break;
	case 2:
		putf(o, "%d.%02dam", pick(c, 8, 11), 15 * pick(c, 0, 3));
		break;
	default:
		putf(o, "%02d%02d", pick(c, 8, 17), 15 * pick(c, 0, 3));
		break;
	}
}

/* --- expansion -------------------------------------------------------------- */

static bool
field(struct corpus *c, struct out *o, const char *name, size_t len)
{
#define IS(s)	(len == sizeof(s) - 1 && strncmp(name, s, len) == 0)
	if (IS("F") || IS("F2"))
		put(o, pick_from(c, c->set->first_names));
	else if (IS("L"))
		put(o, pick_from(c, c->set->last_names));
	else if (IS("PLACE"))
		put(o, pick_from(c, c->set->places));
	else if (IS("UPN"))
		put_upn(c, o);
	else if (IS("ULN"))
		put_uln(c, o);
	else if (IS("NHS"))
		put_nhs(c, o);
	else if (IS("MISS"))
		put_near_miss(c, o);
	else if (IS("DOB"))
		put_date(c, o, pick(c, 3 * 365 + 1, 18 * 365));
	else if (IS("DOBW"))
		put_date(c, o, pick(c, 0, 25 * 365));
	else if (IS("RECENT"))
		put_date(c, o, pick(c, 0, 330));
	else if (IS("SOON"))
		put_date(c, o, -pick(c, 1, 330));
	else if (IS("YEARS"))
		put_date(c, o, pick(c, 2 * 365 + 1, 19 * 365));
	else if (IS("TIME"))
		put_time(c, o);
	else if (IS("PHONE"))
		put_phone(c, o);
	else if (IS("URN"))
		putf(o, "%06d", pick(c, 100000, 149999));
	else if (IS("PC"))
		put_postcode(c, o);
	else if (IS("MONEY"))
		put_money(c, o);
	else if (IS("PCT"))
		putf(o, "%d%%", pick(c, 1, 100));
	else if (IS("ROOM"))
		putf(o, "%d", pick(c, 1, 40) + 100 * pick(c, 0, 3));
	else if (IS("ORDER"))
		putf(o, "%d", pick(c, 10000, 99999999));
	else if (IS("N"))
		putf(o, "%d", pick(c, 2, 30));
	else if (IS("Y"))
		putf(o, "%d", pick(c, 1, 13));
	else if (IS("AGE"))
		putf(o, "%d", pick(c, 4, 18));
	else if (IS("KS"))
		putf(o, "%d", pick(c, 1, 5));
	else if (IS("WEEKS"))
		putf(o, "%d", chance(c, 50) ? 20 : pick(c, 2, 16));
	else
		return (false);
	return (true);
#undef IS
}

void
corpus_init(struct corpus *c, const struct corpus_set *set, uint64_t seed,
    time_t today)
{
	c->set = set;
	c->rng = seed != 0 ? seed : 0x9e3779b97f4a7c15ULL;
	c->today = today;
}

void
corpus_line(struct corpus *c, enum corpus_class cls, char *buf, size_t size)
{
	struct out	 o = { buf, size, 0 };
	const char	*t = pick_from(c, c->set->templates[cls]), *end;
	char		 ch[2] = { 0, 0 };

	buf[0] = '\0';
	while (*t != '\0') {
		if (*t == '{' && (end = strchr(t, '}')) != NULL &&
		    field(c, &o, t + 1, (size_t)(end - t - 1))) {
			t = end + 1;
			continue;
		}
		ch[0] = *t++;
		put(&o, ch);
	}
}

const char *
corpus_class_name(enum corpus_class cls)
{
	return (class_names[cls]);
}
