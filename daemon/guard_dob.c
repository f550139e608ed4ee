/*
 * guard_dob.c: a pupil's name with a date of birth. In one sentence, a
 * capitalised first and last name at most GUARD_DOB_GAP words from a date.
 * With a date-of-birth word in the sentence ("DOB", "born", "date of birth")
 * any date 0-25 years ago counts; without one only dates that make a pupil's
 * age, 2-19 years ago, so meeting dates and deadlines pass.
 *
 * The text is normalised (guard.c): ASCII, one byte a character. It is read
 * as words (runs between spaces and punctuation); a date may take several.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom/proto.h"
#include "guard.h"

#define GUARD_DOB_GAP		6	/* words between the name and the date */
#define GUARD_WORD_MAX		40	/* longer words are neither names nor dates */
#define GUARD_AGE_MIN		2	/* without a date-of-birth word */
#define GUARD_AGE_MAX		19
#define GUARD_DOB_AGE_MAX	25	/* with one */

/*
 * Capitalised words that are not names: words that start sentences, and
 * the SEND world's capitalised terms ("Annual Review", "North West").
 * Lower case, sorted (bsearch). Words that are as often names are in
 * guard_name_or_word instead.
 */
static const char *const guard_not_names[] = {
	"a", "about", "above", "across", "act", "action", "actions",
	"activities", "activity", "actually", "add", "added", "additional",
	"adhd", "admin", "after", "afternoon", "again", "agenda", "agreed",
	"ahh", "all", "allocated", "allocation", "also", "alternative",
	"always", "am", "among", "an", "and", "annual", "another", "any",
	"anybody", "anyone", "anything", "anyway", "apologies", "application",
	"applications", "apply", "approach", "area", "areas", "around",
	"arrangements", "art", "as", "asd", "ask", "asked", "assessment",
	"assessments", "assistant", "assistants", "at", "attached",
	"attendance", "attention", "authorities", "authority", "autism",
	"autistic", "autumn", "available", "away", "back", "bad", "band",
	"banding", "bank", "base", "based", "be", "because", "been", "before",
	"being", "below", "best", "better", "between", "board", "book",
	"booked", "books", "borough", "both", "box", "brief", "briefing",
	"brilliant", "british", "but", "by", "calendar", "call", "called",
	"calls", "camhs", "can", "cannot", "care", "carer", "carers", "case",
	"cases", "center", "central", "centre", "chair", "change", "changes",
	"charity", "chat", "check", "child", "children", "christmas", "city",
	"class", "classes", "classroom", "clinic", "close", "closed", "code",
	"cognition", "colleagues", "college", "come", "coming",
	"communication", "community", "condition", "conference", "confirmed",
	"contact", "contacts", "could", "council", "county", "course", "court",
	"cover", "covid", "cpd", "curriculum", "daily", "data", "date", "day",
	"days", "deadline", "dear", "december", "deficit", "delay",
	"department", "deputy", "designated", "development", "developmental",
	"did", "difficulties", "difficulty", "director", "disabilities",
	"disability", "discussion", "district", "do", "does", "doing", "done",
	"down", "draft", "drama", "drive", "during", "dyscalculia", "dyslexia",
	"dyspraxia", "each", "early", "easter", "eastern", "education",
	"educational", "either", "element", "email", "emails", "emotional",
	"end", "england", "english", "enough", "equality", "eta", "evening",
	"event", "events", "every", "everybody", "everyone", "everything",
	"evidence", "example", "excel", "exclusion", "exclusions", "extra",
	"fab", "families", "family", "february", "feedback", "few", "final",
	"finance", "find", "first", "floor", "following", "for", "form",
	"forms", "forum", "framework", "french", "friday", "friendly", "from",
	"full", "funding", "further", "general", "geography", "german", "get",
	"getting", "give", "global", "go", "going", "good", "google", "got",
	"government", "governor", "governors", "grant", "great", "greater",
	"group", "groups", "guidance", "had", "half", "happy", "has", "have",
	"having", "he", "head", "headteacher", "health", "hearing", "hello",
	"help", "her", "here", "hers", "hi", "high", "him", "his", "history",
	"holiday", "holidays", "home", "hospital", "how", "however", "hub",
	"i", "ideas", "if", "impairment", "important", "in", "inclusion",
	"inclusive", "independent", "infant", "infants", "info", "information",
	"inset", "interesting", "intervention", "interventions", "into", "is",
	"it", "its", "january", "join", "joined", "joint", "july", "junior",
	"juniors", "just", "keep", "key", "kind", "know", "la", "language",
	"last", "late", "later", "lead", "leader", "leaders", "leadership",
	"learning", "leave", "left", "less", "let", "lets", "letter", "level",
	"library", "like", "link", "list", "literacy", "little", "local",
	"london", "look", "looking", "lot", "lots", "lower", "made",
	"mainstream", "make", "making", "manager", "many", "march",
	"mathematics", "maths", "maybe", "me", "medical", "meet", "meeting",
	"meetings", "mental", "microsoft", "midlands", "might", "mind",
	"minutes", "moderate", "monday", "month", "months", "more", "morning",
	"most", "much", "multiple", "music", "must", "my", "name", "national",
	"need", "needed", "needs", "network", "never", "new", "news", "next",
	"nice", "no", "none", "northern", "not", "note", "notes",
	"nothing", "november", "now", "nurse", "nursery", "october", "of",
	"off", "offer", "office", "officer", "ofsted", "ok", "okay", "old",
	"on", "once", "one", "online", "only", "open", "or", "order", "other",
	"others", "our", "out", "outcome", "outcomes", "outlook", "outreach",
	"over", "paediatric", "paediatrician", "panel", "parent", "parents",
	"part", "pastoral", "pay", "pdf", "people", "per", "perhaps", "person",
	"phase", "phonics", "physical", "place", "plan", "planning", "plans",
	"please", "plus", "policies", "policy", "portal", "post", "practice",
	"premium", "present", "primary", "priority", "processing", "profound",
	"programme", "progress", "provision", "provisions", "psychiatrist",
	"psychologist", "psychology", "pupil", "pupils", "put", "quarter",
	"question", "questions", "quick", "quite", "re", "reading", "really",
	"reasonable", "received", "recent", "reception", "referral",
	"referrals", "regards", "region", "regional", "regulations",
	"reminder", "report", "reports", "request", "requests", "resource",
	"resources", "review", "reviews", "right", "road", "room", "rooms",
	"round", "said", "same", "saturday", "say", "school", "schools",
	"science", "scotland", "second", "secondary", "see", "seems", "senco",
	"sencos", "send", "sendco", "sendcos", "sensory", "september",
	"service", "services", "session", "sessions", "set", "several",
	"severe", "shall", "share", "shared", "she", "short", "should",
	"since", "small", "smart", "so", "social", "some", "someone",
	"something", "sometimes", "soon", "sorry", "southern",
	"spanish", "speaking", "special", "specialist", "specific", "spectrum",
	"speech", "spring", "staff", "stage", "start", "started", "statutory",
	"still", "strategies", "strategy", "street", "student", "students",
	"summary", "sunday", "support", "supported", "sure", "syndrome",
	"system", "table", "take", "talk", "target", "targets", "tea",
	"teacher", "teachers", "teaching", "team", "teams", "term", "terms",
	"than", "thank", "thanks", "that", "the", "their", "them", "then",
	"therapist", "therapy", "there", "these", "they", "thing", "things",
	"think", "third", "this", "those", "though", "thread", "through",
	"thursday", "tier", "time", "timeline", "to", "today", "together",
	"tomorrow", "too", "toolkit", "top", "tracker", "training",
	"transition", "tribunal", "trust", "trusts", "try", "tuesday", "under",
	"understanding", "unit", "university", "until", "up", "update",
	"updated", "updates", "upper", "urgent", "us", "use", "used", "useful",
	"very", "via", "visit", "visual", "wales", "want", "was", "we",
	"wednesday", "week", "weekend", "weekly", "weeks", "welcome", "well",
	"wellbeing", "went", "were", "western", "what", "when",
	"where", "whether", "which", "while", "who", "whole", "why", "winter",
	"with", "within", "without", "word", "work", "working", "workshop",
	"would", "wow", "writing", "year", "years", "yes", "yesterday", "yet",
	"you", "your", "yours",
};

/*
 * Common surnames and first names that are also capitalised words ("North
 * West", "Green Lane", "Summer Term"): a name only beside a plain name word,
 * so "Jack West" counts and "North West" does not.
 */
static const char *const guard_name_or_word[] = {
	"april", "august", "bank", "brook", "chase", "church", "cross", "dean",
	"east", "field", "grace", "green", "hall", "hill", "hope", "house",
	"june", "king", "lane", "long", "mark", "may", "north", "park", "rose",
	"south", "summer", "west", "will", "wood", "young",
};

/* Words before a name that make it an adult's: staff, not pupils. */
static const char *const guard_titles[] = {
	"cllr", "councillor", "dame", "dr", "father", "fr", "lady", "lord",
	"miss", "mr", "mrs", "ms", "mx", "prof", "professor", "rev", "revd",
	"reverend", "saint", "sir", "sister", "st",
};

/* Words ending in '.' that do not end a sentence. */
static const char *const guard_abbreviations[] = {
	"approx", "cllr", "dept", "dr", "ext", "fr", "jr", "mr", "mrs", "ms",
	"mx", "no", "prof", "ref", "rev", "sr", "st", "tel", "vs",
};

/* Date-of-birth words, compared without their dots ("d.o.b." is "dob"). */
static const char *const guard_dob_words[] = {
	"birth", "birthdate", "birthday", "born", "dob",
};

static const char *const guard_months[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};

#define nitems(a)	(sizeof (a) / sizeof (a)[0])

/* One word: its text without surrounding quotes or final dots. */
struct guard_word {
	const char	*s;
	size_t		 len;
	char		 folded[GUARD_WORD_MAX + 1];	/* lower case, no dots */
	bool		 letter_or_digit;	/* else a lone dash or symbol */
	bool		 ends_sentence;
};

/* A calendar date; the age it gives is judged against today. */
struct guard_date {
	int	year;
	int	month;
	int	day;
};

/* One sentence's state as its words go by. Word indexes count from 0. */
struct guard_sentence {
	long	word;			/* index of the next word */
	long	name_end;		/* last word of the latest name, or -1 */
	long	child_date_end;		/* latest date 2-19 years ago, or -1 */
	long	any_date_end;		/* latest date 0-25 years ago, or -1 */
	long	name_word;		/* index of the latest name word, or -1 */
	bool	adult_name;		/* that name word follows a title */
	bool	name_or_word;		/* that name word is also a word */
	bool	after_title;		/* the previous word is a title */
	bool	dob_word;
	bool	child_near;		/* a name near a 2-19 year old date */
	bool	any_near;		/* a name near a 0-25 year old date */
};

static bool
guard_space(char ch)
{
	return (ch == ' ' || ch == '\n');
}

/*
 * Punctuation between words; '.', '/', '-' and '\'' stay inside them. A
 * table: every character of every text is looked up here.
 */
static const bool guard_separators[256] = {
	[' '] = true, ['\n'] = true, [','] = true, [';'] = true, [':'] = true,
	['('] = true, [')'] = true, ['['] = true, [']'] = true, ['{'] = true,
	['}'] = true, ['"'] = true, ['!'] = true, ['?'] = true, ['*'] = true,
	['<'] = true, ['>'] = true, ['='] = true, ['|'] = true, ['~'] = true,
	['^'] = true, ['`'] = true,
};

static bool
guard_separator(char ch)
{
	return (guard_separators[(unsigned char)ch]);
}

static bool
guard_lower(char ch)
{
	return (ch >= 'a' && ch <= 'z');
}

static bool
guard_upper(char ch)
{
	return (ch >= 'A' && ch <= 'Z');
}

static bool
guard_letter(char ch)
{
	return (guard_lower(ch) || guard_upper(ch));
}

static bool
guard_is_digit(char ch)
{
	return (ch >= '0' && ch <= '9');
}

/* Copies a word in lower case without its dots into buf; false if too long. */
static bool
guard_fold(const char *s, size_t len, char *buf, size_t size)
{
	size_t	i, n = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '.')
			continue;
		if (n + 1 >= size)
			return (false);
		buf[n++] = guard_upper(s[i]) ? (char)(s[i] - 'A' + 'a') : s[i];
	}
	buf[n] = '\0';
	return (true);
}

static int
guard_strcmp(const void *key, const void *entry)
{
	return (strcmp(key, *(const char *const *)entry));
}

/* Whether a folded word is in the sorted list ("" never is). */
static bool
guard_in(const char *folded, const char *const *list, size_t n)
{
	return (*folded != '\0' &&
	    bsearch(folded, list, n, sizeof *list, guard_strcmp) != NULL);
}

static bool
guard_listed(const struct guard_word *w, const char *const *list, size_t n)
{
	return (guard_in(w->folded, list, n));
}

/* Whether a word ending in '.' ends its sentence: not "J.", "d.o.b.", "Mr." */
static bool
guard_full_stop(const char *s, size_t len)
{
	char	folded[GUARD_WORD_MAX + 1];
	size_t	i;
	bool	dots = false;

	if (len == 1 && guard_letter(s[0]))
		return (false);
	for (i = 0; i < len && (guard_letter(s[i]) || s[i] == '.'); i++)
		dots |= s[i] == '.';
	if (i == len && dots)
		return (false);
	return (!guard_fold(s, len, folded, sizeof folded) ||
	    !guard_in(folded, guard_abbreviations, nitems(guard_abbreviations)));
}

/*
 * The next word from b[*pos]. *boundary is set when a sentence ends before
 * it: '!' or '?', or a blank line. False at the end of the text.
 */
static bool
guard_next_word(const char *b, size_t n, size_t *pos, struct guard_word *w,
    bool *boundary)
{
	size_t	i = *pos, start, end, newlines = 0;

	*boundary = false;
	for (; i < n && guard_separator(b[i]); i++) {
		if (b[i] == '!' || b[i] == '?')
			*boundary = true;
		if (b[i] == '\n' && ++newlines == 2)
			*boundary = true;
		if (!guard_space(b[i]))
			newlines = 0;
	}
	if (i == n) {
		*pos = n;
		return (false);
	}
	for (start = i; i < n && !guard_separator(b[i]); i++)
		;
	*pos = end = i;
	while (end > start && b[end - 1] == '.')
		end--;
	w->ends_sentence = end < i && guard_full_stop(b + start, end - start);
	while (end > start && b[end - 1] == '\'')
		end--;
	while (start < end && b[start] == '\'')
		start++;
	w->s = b + start;
	w->len = end - start;
	if (!guard_fold(w->s, w->len, w->folded, sizeof w->folded))
		w->folded[0] = '\0';
	w->letter_or_digit = false;
	for (i = start; i < end; i++)
		w->letter_or_digit |= guard_letter(b[i]) || guard_is_digit(b[i]);
	return (true);
}

enum guard_name {
	GUARD_NOT_NAME,
	GUARD_NAME,		/* "Jamie", "O'Neill", "Mary-Jane", "McDonald's" */
	GUARD_NAME_OR_WORD,	/* "West", "Green": see guard_name_or_word */
};

/* Whether a word is a capitalised name word. */
static enum guard_name
guard_name_word(const struct guard_word *w)
{
	struct guard_word	bare = *w;
	char			folded[GUARD_WORD_MAX + 1];
	size_t			i;
	bool			lower = false, prev_upper = true;

	if (bare.len > 2 && bare.s[bare.len - 2] == '\'' &&
	    (bare.s[bare.len - 1] == 's' || bare.s[bare.len - 1] == 'S'))
		bare.len -= 2;
	if (bare.len < 2 || bare.len > GUARD_WORD_MAX || !guard_upper(bare.s[0]))
		return (GUARD_NOT_NAME);
	for (i = 1; i < bare.len; i++) {
		if (bare.s[i] == '\'' || bare.s[i] == '-') {
			if (i + 1 == bare.len || !guard_letter(bare.s[i + 1]) ||
			    !guard_letter(bare.s[i - 1]))
				return (GUARD_NOT_NAME);
			prev_upper = false;
		} else if (guard_upper(bare.s[i])) {
			if (prev_upper)
				return (GUARD_NOT_NAME);	/* SENCo, SEND */
			prev_upper = true;
		} else if (guard_lower(bare.s[i])) {
			lower = true;
			prev_upper = false;
		} else
			return (GUARD_NOT_NAME);
	}
	if (!lower)
		return (GUARD_NOT_NAME);
	/* Letters and inner ' or - only: the fold is the word in lower case. */
	memcpy(folded, w->folded, bare.len);
	folded[bare.len] = '\0';
	if (guard_in(folded, guard_not_names, nitems(guard_not_names)))
		return (GUARD_NOT_NAME);
	if (guard_in(folded, guard_name_or_word, nitems(guard_name_or_word)))
		return (GUARD_NAME_OR_WORD);
	return (GUARD_NAME);
}

/* --- dates ---------------------------------------------------------------- */

/* Reads 1..max digits s[0, len) as a number; -1 when not all digits. */
static int
guard_number(const char *s, size_t len, size_t max)
{
	size_t	i;
	int	v = 0;

	if (len == 0 || len > max)
		return (-1);
	for (i = 0; i < len; i++) {
		if (!guard_is_digit(s[i]))
			return (-1);
		v = v * 10 + (s[i] - '0');
	}
	return (v);
}

/* A month's name or its three-letter (or "Sept") short form: 1-12, else 0. */
static int
guard_month(const char *s, size_t len)
{
	char	buf[16];
	size_t	i, n;

	/* Most words are not months: no month starts with these letters. */
	if (len < 3 || len >= sizeof buf || strchr("adfjmnosADFJMNOS", s[0]) ==
	    NULL || !guard_fold(s, len, buf, sizeof buf))
		return (0);
	n = strlen(buf);
	for (i = 0; i < nitems(guard_months); i++) {
		/* Every word reaches here: tell most apart without a call. */
		if (n < 3 || buf[0] != guard_months[i][0] ||
		    buf[1] != guard_months[i][1] || buf[2] != guard_months[i][2])
			continue;
		if (strcmp(buf, guard_months[i]) == 0 ||
		    (n == 3 && strncmp(buf, guard_months[i], 3) == 0) ||
		    (i == 8 && strcmp(buf, "sept") == 0))
			return ((int)i + 1);
	}
	return (0);
}

/* A day of the month, "12" or "12th". */
static int
guard_day(const char *s, size_t len)
{
	char	suffix[3];

	if (len > 2 && guard_letter(s[len - 1]) && guard_letter(s[len - 2])) {
		suffix[0] = (char)(s[len - 2] | 0x20);
		suffix[1] = (char)(s[len - 1] | 0x20);
		suffix[2] = '\0';
		if (strcmp(suffix, "st") != 0 && strcmp(suffix, "nd") != 0 &&
		    strcmp(suffix, "rd") != 0 && strcmp(suffix, "th") != 0)
			return (-1);
		len -= 2;
	}
	return (guard_number(s, len, 2));
}

static bool
guard_leap(int y)
{
	return ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
}

static bool
guard_date_valid(const struct guard_date *d)
{
	static const int	mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
				    31, 30, 31 };

	if (d->year < 1900 || d->year > 2099 || d->month < 1 || d->month > 12 ||
	    d->day < 1 || d->day > mdays[d->month - 1])
		return (false);
	return (d->month != 2 || d->day < 29 || guard_leap(d->year));
}

/* Splits s at sep into exactly three non-empty parts. */
static bool
guard_split3(const char *s, size_t len, char sep, size_t part[3][2])
{
	size_t	i, k = 0, start = 0;

	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != sep)
			continue;
		if (k == 3 || i == start)
			return (false);
		part[k][0] = start;
		part[k][1] = i - start;
		k++;
		start = i + 1;
	}
	return (k == 3);
}

/*
 * One word that is a whole date: 12/03/2015, 12.3.15, 12-03-2015,
 * 2015-03-12 or 12-Mar-2015. A two-digit year is the latest one not after
 * this_year.
 */
static bool
guard_date_word(const struct guard_word *w, int this_year,
    struct guard_date *d)
{
	static const char	seps[] = "/.-";
	size_t			p[3][2], k;
	const char		*s = w->s;
	int			y;

	for (k = 0; k < sizeof seps - 1; k++) {
		if (!guard_split3(s, w->len, seps[k], p))
			continue;
		if (p[0][1] == 4) {		/* year first */
			d->year = guard_number(s + p[0][0], 4, 4);
			d->month = guard_number(s + p[1][0], p[1][1], 2);
			d->day = guard_number(s + p[2][0], p[2][1], 2);
			return (seps[k] != '.' && d->year != -1 &&
			    guard_date_valid(d));
		}
		d->day = guard_number(s + p[0][0], p[0][1], 2);
		if ((d->month = guard_number(s + p[1][0], p[1][1], 2)) == -1 &&
		    seps[k] == '-')
			d->month = guard_month(s + p[1][0], p[1][1]);
		if (p[2][1] != 2 && p[2][1] != 4)
			return (false);
		if ((y = guard_number(s + p[2][0], p[2][1], 4)) == -1)
			return (false);
		if (p[2][1] == 2)
			y += 2000 + y <= this_year ? 2000 : 1900;
		d->year = y;
		return (guard_date_valid(d));
	}
	return (false);
}

/*
 * The date in words from w[0]: "12 March 2015", "12th of March 2015",
 * "March 12 2015" (and "March 12, 2015"). Returns how many words it takes,
 * 0 when none.
 */
static int
guard_date_words(const struct guard_word *w, int nw, struct guard_date *d)
{
	int	i = 1;

	if ((d->day = guard_day(w[0].s, w[0].len)) != -1) {
		if (i < nw && w[i].len == 2 && (w[i].s[0] | 0x20) == 'o' &&
		    (w[i].s[1] | 0x20) == 'f')
			i++;
		if (i + 1 >= nw || (d->month = guard_month(w[i].s, w[i].len)) == 0)
			return (0);
		i++;
	} else if ((d->month = guard_month(w[0].s, w[0].len)) != 0) {
		if (nw < 3 || (d->day = guard_day(w[1].s, w[1].len)) == -1)
			return (0);
		i = 2;
	} else
		return (0);
	d->year = guard_number(w[i].s, w[i].len, 4);
	if (w[i].len != 4 || !guard_date_valid(d))
		return (0);
	return (i + 1);
}

static void
guard_today(time_t now, struct guard_date *t)
{
	proto_civil_date((int64_t)(now / 86400), &t->year, &t->month, &t->day);
}

/* Whole years from d to today; -1 when d is after today. */
static int
guard_age(const struct guard_date *d, const struct guard_date *today)
{
	int	age;

	if (proto_civil_days(d->year, d->month, d->day) >
	    proto_civil_days(today->year, today->month, today->day))
		return (-1);
	age = today->year - d->year;
	if (today->month < d->month ||
	    (today->month == d->month && today->day < d->day))
		age--;
	return (age);
}

/* --- sentences ------------------------------------------------------------ */

static void
guard_sentence_start(struct guard_sentence *st)
{
	memset(st, 0, sizeof *st);
	st->name_end = st->child_date_end = st->any_date_end = -1;
	st->name_word = -1;
}

static bool
guard_sentence_flags(const struct guard_sentence *st)
{
	return (st->child_near || (st->dob_word && st->any_near));
}

/* Words strictly between a (ends at a_end) and b (starts at b_start). */
static bool
guard_near(long a_end, long b_start)
{
	return (a_end >= 0 && b_start - a_end - 1 <= GUARD_DOB_GAP);
}

/* A date spans words [first, last]; age is -1 for a future date. */
static void
guard_sentence_date(struct guard_sentence *st, long first, long last, int age)
{
	bool	child = age >= GUARD_AGE_MIN && age <= GUARD_AGE_MAX;
	bool	any = age >= 0 && age <= GUARD_DOB_AGE_MAX;

	if (guard_near(st->name_end, first)) {
		st->child_near |= child;
		st->any_near |= any;
	}
	if (child)
		st->child_date_end = last;
	if (any)
		st->any_date_end = last;
	st->name_word = -1;
	st->after_title = false;
}

/* One word that is not part of a date. */
static void
guard_sentence_word(struct guard_sentence *st, const struct guard_word *w)
{
	enum guard_name	name;
	bool		title = false;

	if (guard_listed(w, guard_dob_words, nitems(guard_dob_words)))
		st->dob_word = true;
	else if (guard_listed(w, guard_titles, nitems(guard_titles)))
		title = true;
	else if (w->len == 1 && guard_upper(w->s[0]) && st->name_word >= 0 &&
	    st->name_word == st->word - 1)
		st->name_word = st->word;	/* a middle initial: "Jo T. Lee" */
	else if ((name = guard_name_word(w)) != GUARD_NOT_NAME) {
		if (st->name_word < 0 || st->name_word != st->word - 1)
			st->adult_name = st->after_title;	/* "Mrs Jo Lee" */
		else if (!st->adult_name && (!st->name_or_word ||
		    name != GUARD_NAME_OR_WORD)) {
			/* A first and last name: words [word - 1, word]. */
			st->child_near |= guard_near(st->child_date_end,
			    st->word - 1);
			st->any_near |= guard_near(st->any_date_end,
			    st->word - 1);
			st->name_end = st->word;
		}
		st->name_word = st->word;
		st->name_or_word = name == GUARD_NAME_OR_WORD;
	}
	if (st->name_word != st->word)
		st->name_word = -1;
	st->after_title = title;
	st->word++;
}

#define GUARD_DATE_WORDS	4	/* "12th of March 2015" */

bool
guard_name_dob(const char *b, size_t n, time_t now)
{
	struct guard_sentence	 st;
	struct guard_word	 win[GUARD_DATE_WORDS];
	struct guard_date	 today, d;
	size_t			 pos = 0, peek, after[GUARD_DATE_WORDS];
	bool			 boundary, next_boundary, ended = false;
	int			 nw, used;

	guard_today(now, &today);
	guard_sentence_start(&st);
	while (guard_next_word(b, n, &pos, &win[0], &boundary)) {
		/*
		 * A sentence ends here, unless it is a date-of-birth label,
		 * which belongs to the sentence before ("Anyone know Jo Lee?
		 * DOB 12/03/2015").
		 */
		if ((boundary || ended) && !guard_listed(&win[0],
		    guard_dob_words, nitems(guard_dob_words))) {
			if (guard_sentence_flags(&st))
				return (true);
			guard_sentence_start(&st);
		}
		after[0] = pos;
		ended = win[0].ends_sentence;
		if (!win[0].letter_or_digit)
			continue;
		used = 0;
		if (win[0].len > GUARD_WORD_MAX)
			;
		else if (guard_is_digit(win[0].s[0]) &&
		    guard_date_word(&win[0], today.year, &d))
			used = 1;
		else if (guard_day(win[0].s, win[0].len) != -1 ||
		    guard_month(win[0].s, win[0].len) != 0) {
			/* The words the date could take, in this sentence. */
			peek = pos;
			for (nw = 1; nw < GUARD_DATE_WORDS &&
			    !win[nw - 1].ends_sentence && guard_next_word(b, n,
			    &peek, &win[nw], &next_boundary) && !next_boundary;
			    nw++)
				after[nw] = peek;
			used = guard_date_words(win, nw, &d);
		}
		if (used == 0) {
			guard_sentence_word(&st, &win[0]);
			continue;
		}
		guard_sentence_date(&st, st.word, st.word + used - 1,
		    guard_age(&d, &today));
		st.word += used;
		pos = after[used - 1];
		ended = win[used - 1].ends_sentence;
	}
	return (guard_sentence_flags(&st));
}
