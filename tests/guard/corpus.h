/*
 * corpus.h: a generator of realistic lines for measuring the pupil-data
 * guard: generated identifiers (with their check characters) in SENCO
 * sentences, near misses, names with dates of birth, and ordinary SENCO
 * talk full of numbers. Template sets with their own sentences and names:
 * "dev", used while tuning the guard; "heldout", written before tuning and
 * measured once before the last two rule changes; "fresh", written after
 * them and never used for tuning.
 */
#ifndef STAFFROOM_CORPUS_H
#define STAFFROOM_CORPUS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum corpus_class {
	CORPUS_UPN,		/* a UPN or temporary UPN: should be flagged upn */
	CORPUS_ULN,
	CORPUS_NHS,
	CORPUS_NAME_DOB,
	CORPUS_NEAR_MISS,	/* right shape, wrong check or length: pass */
	CORPUS_ORDINARY,	/* SENCO talk with numbers and names: pass */
	CORPUS_CLASS_COUNT
};

/*
 * Templates are text with fields in braces, e.g. "UPN {UPN} please";
 * corpus.c lists the fields. Each list ends with NULL.
 */
struct corpus_set {
	const char		*name;
	const char *const	*templates[CORPUS_CLASS_COUNT];
	const char *const	*first_names;
	const char *const	*last_names;
	const char *const	*places;	/* authorities, schools, towns */
};

extern const struct corpus_set corpus_dev;
extern const struct corpus_set corpus_heldout;
extern const struct corpus_set corpus_fresh;

struct corpus {
	const struct corpus_set	*set;
	uint64_t		 rng;
	time_t			 today;
};

void		 corpus_init(struct corpus *, const struct corpus_set *,
		    uint64_t seed, time_t today);
/* Writes one line of the class into buf (NUL-terminated, cut to size). */
void		 corpus_line(struct corpus *, enum corpus_class, char *buf,
		    size_t size);
/* The class's name: "upn", ..., "near_miss", "ordinary". */
const char	*corpus_class_name(enum corpus_class);

#endif
