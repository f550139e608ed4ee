/*
 * guard.h: the pupil-data guard. Looks through user text for pupil
 * identifiers (UPN, ULN, NHS number) and for a pupil's name beside a date of
 * birth. Pure code: no I/O, no state, nothing kept. Callers must never store
 * or log what was found, only the kinds.
 */
#ifndef STAFFROOM_GUARD_H
#define STAFFROOM_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* One bit per kind; guard_scan returns their union. */
#define GUARD_UPN		0x1u	/* unique pupil number, or a temporary one */
#define GUARD_ULN		0x2u	/* unique learner number */
#define GUARD_NHS		0x4u	/* NHS number, plain or 3-3-4 */
#define GUARD_NAME_DOB		0x8u	/* a capitalised name and a birth date */
#define GUARD_KIND_COUNT	4
#define GUARD_KINDS_ALL		0xfu

/*
 * The kinds of pupil data in len bytes of UTF-8 text (0: none). now is
 * "today" for the name-with-date rule (a birth date is judged by the age it
 * gives). Invalid UTF-8 is read as symbols, never an error.
 */
unsigned	 guard_scan(const char *text, size_t len, time_t now);

/* "upn", "uln", "nhs", "name_dob" for one kind bit; NULL for anything else. */
const char	*guard_kind_name(unsigned kind);
/* The same kind in plain words: "a UPN", "an NHS number", ... */
const char	*guard_kind_phrase(unsigned kind);
/*
 * Writes the kinds' names joined by commas ("upn,nhs"), or their phrases in a
 * plain-words list ("a UPN and an NHS number") when phrases is true, into
 * buf. Returns false when it did not fit (buf then holds a prefix).
 */
bool		 guard_kinds_format(unsigned kinds, bool phrases, char *buf,
		    size_t size);

/*
 * What happens to text the guard flags, per scope (one per kind of room, and
 * boards): refused, refused unless the author confirms (then stored marked),
 * or let through. Operators change a scope's rule with staffroomctl guard set.
 */
enum guard_scope {
	GUARD_SCOPE_NATIONAL,
	GUARD_SCOPE_REGION,
	GUARD_SCOPE_TRUST,
	GUARD_SCOPE_BOARD,
	GUARD_SCOPE_DM,
	GUARD_SCOPE_BUDDY,
	GUARD_SCOPE_MEETING,
	GUARD_SCOPE_COUNT
};

enum guard_rule {
	GUARD_RULE_BLOCK,
	GUARD_RULE_CONFIRM,
	GUARD_RULE_OFF,
	GUARD_RULE_COUNT
};

/* "national", "region", "trust", "board", "dm", "buddy", "meeting". */
const char	*guard_scope_name(enum guard_scope);
bool		 guard_scope_from_name(const char *, enum guard_scope *);
/* "block", "confirm", "off". */
const char	*guard_rule_name(enum guard_rule);
bool		 guard_rule_from_name(const char *, enum guard_rule *);
/* block for shared rooms and boards, confirm for DMs, buddy chats, meetings. */
enum guard_rule	 guard_rule_default(enum guard_scope);

/* guard_dob.c, for guard_scan: a name and a birth date in one sentence. */
bool		 guard_name_dob(const char *norm, size_t len, time_t now);

#endif
