/*
 * proto.h: what the daemon, the client and the tests share about protocol v1:
 * limits, the closed list of error codes, line framing, text validation,
 * identifier grammars and the token bucket. Pure code, no I/O. See
 * proto/PROTOCOL.md for the wire format.
 */
#ifndef STAFFROOM_PROTO_H
#define STAFFROOM_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <jansson.h>

#define PROTO_VERSION		1
#define PROTO_SUBSYSTEM		"staffroom"

#define PROTO_MAX_LINE		65536	/* bytes, newline excluded */
#define PROTO_MAX_BODY		8000	/* characters (code points) in a message */
#define PROTO_MAX_PAGE		200	/* items in one history/sync page */
#define PROTO_DEFAULT_PAGE	50
#define PROTO_MAX_PAGE_BYTES	(256 * 1024) /* encoded items in one page */
#define PROTO_MAX_NAME		100	/* characters in a full name or room name */
#define PROTO_MAX_JOB_TITLE	100	/* characters in a profile's job title */
#define PROTO_HANDLE_MIN	2
#define PROTO_HANDLE_MAX	32
#define PROTO_PASSWORD_MIN	10	/* bytes */
#define PROTO_PASSWORD_MAX	1024
#define PROTO_JOIN_HANDLE	"join"	/* reserved login for invite redemption */
#define PROTO_MAX_TITLE		200	/* characters in a thread title */
#define PROTO_SLOW_MAX_S	21600	/* slow mode's longest interval: 6 hours */
#define PROTO_MAX_PIN		500	/* characters in a room's pinned announcement */
#define PROTO_MAX_QUOTE		1000	/* characters of quoted text in a post */
#define PROTO_MAX_TAGS		8	/* tags on one thread */
#define PROTO_MAX_QUERY		200	/* characters in a search query */
#define PROTO_MAX_HITS		50	/* search hits in one reply */
#define PROTO_DEFAULT_HITS	20
#define PROTO_MAX_PRESENCE_ASK	50	/* handles in one presence.get */
#define PROTO_INVITE_BATCH	50	/* invites made by one invite.create */
#define PROTO_INVITE_DAYS_MAX	90	/* the longest an invite lasts */
#define PROTO_WORDS_MAX_RULE	100	/* characters in a watched word or phrase */
#define PROTO_WORDS_MAX_LABEL	100	/* characters in a watched word's label */
#define PROTO_WORDS_PER_SCOPE	500	/* watched words and phrases of one scope */
#define PROTO_MAX_WAITING	100	/* requests held while replies go unread */
#define PROTO_MEMBERS_PAGE	100	/* room.members' page unless asked */

/*
 * Error codes. Each maps 1:1 to the "code" string on the wire; the order is
 * the table in proto/errors.c. Add at the end, document in PROTOCOL.md.
 */
enum proto_error {
	PROTO_OK = 0,
	PROTO_ERR_BAD_JSON,
	PROTO_ERR_BAD_REQUEST,
	PROTO_ERR_UNKNOWN_OP,
	PROTO_ERR_BAD_TEXT,
	PROTO_ERR_LINE_TOO_LONG,
	PROTO_ERR_TOO_LONG,
	PROTO_ERR_FORBIDDEN,
	PROTO_ERR_NOT_FOUND,
	PROTO_ERR_RATE_LIMITED,
	PROTO_ERR_INTERNAL,
	PROTO_ERR_INVITE_UNKNOWN,
	PROTO_ERR_INVITE_USED,
	PROTO_ERR_INVITE_EXPIRED,
	PROTO_ERR_HANDLE_TAKEN,
	PROTO_ERR_BAD_HANDLE,
	PROTO_ERR_BAD_KEY,
	PROTO_ERR_KEY_EXISTS,
	PROTO_ERR_WRONG_PASSWORD,
	PROTO_ERR_WEAK_PASSWORD,
	PROTO_ERR_LAST_LOGIN_METHOD,
	PROTO_ERR_LOCKED,
	PROTO_ERR_TOO_BROAD,
	PROTO_ERR_PERSONAL_DATA_SUSPECTED,
	PROTO_ERR_UNAVAILABLE,
	PROTO_ERR_MUTED,
	PROTO_ERR_BAD_EMAIL,
	PROTO_ERR_WRONG_CODE,
	PROTO_ERR_CODE_EXPIRED,
	PROTO_ERR_ANNOUNCE_ONLY,
	PROTO_ERR_UNKNOWN_SCHOOL,
	PROTO_ERR_WORD_BLOCKED,
	PROTO_ERR_EMAIL_OFF,
	PROTO_ERR_COUNT
};

/* "bad_json" for PROTO_ERR_BAD_JSON; NULL for out-of-range values. */
const char *proto_error_code(enum proto_error err);
/* A default human message for the code, used when a handler gives none. */
const char *proto_error_message(enum proto_error err);
/* Reverse lookup for clients: PROTO_ERR_COUNT when the code is unknown. */
enum proto_error proto_error_from_code(const char *code);

/*
 * Line framing. Bytes go in as they arrive; complete lines come out without
 * their newline. A line longer than PROTO_MAX_LINE is discarded up to its
 * newline and reported once as too long. The buffer holds at most one
 * partial line (bounded by PROTO_MAX_LINE) and allocates nothing while empty.
 */
struct linebuf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	size_t	 max;		/* longest accepted line */
	bool	 discarding;	/* inside an oversize line */
	bool	 ready;		/* a line (or a drop) awaits linebuf_next */
};

enum linebuf_result {
	LINEBUF_NONE,		/* no complete line yet */
	LINEBUF_LINE,		/* *line / *len hold a line until the next call */
	LINEBUF_TOO_LONG,	/* an oversize line was dropped */
};

void	linebuf_init(struct linebuf *lb, size_t max);
void	linebuf_free(struct linebuf *lb);
/*
 * Feed up to len bytes; returns how many were consumed (always stops right
 * after a complete line so the caller can handle it). Call linebuf_next
 * after each feed until it returns LINEBUF_NONE.
 */
size_t	linebuf_feed(struct linebuf *lb, const char *buf, size_t len);
enum linebuf_result linebuf_next(struct linebuf *lb, const char **line, size_t *len);

/*
 * Text. Valid user text is UTF-8 (no overlongs, surrogates or code points
 * above U+10FFFF) with no control characters except newline and tab (C0,
 * DEL and C1 are all refused). Returns PROTO_OK or PROTO_ERR_BAD_TEXT;
 * *chars receives the number of code points when not NULL.
 */
enum proto_error proto_text_check(const char *s, size_t len, size_t *chars);
/* Like proto_text_check, but newline and tab are refused too. */
enum proto_error proto_line_check(const char *s, size_t len, size_t *chars);
/*
 * Characters that draw nothing or reorder what is drawn around them:
 * direction marks, embeddings, overrides and isolates, zero-width spaces and
 * joiners, invisible fillers, tags. In a name they let one person or place
 * pass for another; bodies may hold them (clients draw them visibly).
 */
bool	proto_char_is_hidden(uint32_t cp);
/*
 * The rule for every name people read as an identity — people's names,
 * schools, rooms, boards, regions, trusts, thread titles: one line
 * (proto_line_check) without hidden characters, except a joiner between two
 * pictographs and the tags of a flag, which only build one emoji.
 */
enum proto_error proto_name_check(const char *s, size_t len, size_t *chars);
/* What to tell people whose name breaks the rule. */
#define PROTO_NAME_RULE	"one line of text without control, invisible or " \
	"direction-changing characters"
/*
 * The length in bytes of the longest prefix of s, at most max bytes, that
 * ends on a character boundary and is valid UTF-8: for quoting input in an
 * error message ("%.*s") without cutting a character in two.
 */
int	proto_text_cut(const char *s, size_t max);
/*
 * Decodes one code point at s (len > 0 bytes left). Returns its length in
 * bytes, or 0 when the sequence is not valid UTF-8 (overlong, surrogate,
 * above U+10FFFF, truncated).
 */
size_t	proto_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Handles: 2-32 of a-z 0-9 . _ -, starting with a letter. */
/* A letter, digit, '.', '_' or '-': what a handle is made of after its first. */
bool	proto_handle_char(char c);
bool	proto_handle_valid(const char *handle);
/* Region slugs: 1-64 of a-z 0-9 -, starting and ending with a letter or digit. */
bool	proto_slug_valid(const char *slug);

/* Room ids: "national", "region:<slug>", "<kind>:<n>" for trust/buddy/dm/meeting. */
enum room_kind {
	ROOM_NATIONAL,
	ROOM_REGION,
	ROOM_TRUST,
	ROOM_BUDDY,
	ROOM_DM,
	ROOM_MEETING,
};

struct room_ref {
	enum room_kind	kind;
	char		slug[65];	/* ROOM_REGION */
	int64_t		number;		/* ROOM_TRUST .. ROOM_MEETING, > 0 */
};

/* Parses a room id; false when it does not follow the grammar. */
bool		 proto_room_parse(const char *id, struct room_ref *out);
/* Writes the canonical id into buf (at least 80 bytes); returns buf. */
char		*proto_room_format(const struct room_ref *ref, char *buf, size_t size);
const char	*proto_room_kind_name(enum room_kind kind);

/*
 * Token bucket: capacity tokens, refilled at rate tokens per second. Time is
 * passed in (milliseconds, monotonic) so the code stays pure and testable.
 */
struct token_bucket {
	double		tokens;
	double		capacity;
	double		rate;
	uint64_t	last_ms;
};

void	token_bucket_init(struct token_bucket *tb, double capacity, double rate, uint64_t now_ms);
/* Takes cost tokens if available; false (and nothing taken) otherwise. */
bool	token_bucket_take(struct token_bucket *tb, double cost, uint64_t now_ms);
/* Milliseconds until cost tokens will be available (0 when they are now). */
uint64_t token_bucket_wait_ms(const struct token_bucket *tb, double cost, uint64_t now_ms);

/*
 * Request decoding. A request line is a JSON object with "op" (string) and
 * usually "id" (integer or string, echoed back as "re"). On failure req->id
 * is the id when it could be read (else NULL: reply "re":null). Call
 * proto_request_free after every decode, whether it succeeded or not.
 */
struct proto_request {
	json_t		*root;	/* owned; the whole object */
	json_t		*id;	/* borrowed from root, or NULL */
	const char	*op;	/* borrowed from root */
};

enum proto_error proto_request_decode(const char *line, size_t len, struct proto_request *req);
void	proto_request_free(struct proto_request *req);

/*
 * Field getters for handlers: they validate type and text, never abort. A
 * field that is absent or null is missing: PROTO_ERR_BAD_REQUEST when
 * required, else PROTO_OK with *out untouched (preset it to the default).
 */
enum proto_error proto_get_string(json_t *obj, const char *key, bool required,
	    const char **out);
enum proto_error proto_get_text(json_t *obj, const char *key, bool required,
	    size_t max_chars, const char **out);
enum proto_error proto_get_int(json_t *obj, const char *key, bool required,
	    int64_t min, int64_t max, int64_t *out);
enum proto_error proto_get_bool(json_t *obj, const char *key, bool *out);

/*
 * Thread tags: fixed lowercase ids (the four broad areas of need, the census
 * need codes, the phases), each one bit of a mask; see PROTOCOL.md.
 */
#define PROTO_TAG_COUNT		21
/* The tag with this bit index (0..PROTO_TAG_COUNT-1); NULL outside the range. */
const char	*proto_tag_name(unsigned bit);
/* What people read for that tag ("Hearing impairment"); NULL outside the range. */
const char	*proto_tag_label(unsigned bit);
/* Finds a tag id; false when it is not one of the fixed list. */
bool		 proto_tag_parse(const char *name, unsigned *bit);

/*
 * Search: turns what a person typed into an FTS5 MATCH expression that can
 * never be a syntax error. Each word becomes a quoted token ("a""b" for a
 * quote inside); a word ending in * (after at least two characters) is a
 * prefix; text in balanced double quotes is one phrase. Operators (AND, OR,
 * NOT, NEAR), brackets, ^, :, - and + are plain text. Words with no letter
 * or digit are dropped, and at most PROTO_FTS_MAX_TERMS terms are kept.
 * Returns the number of terms written (0: nothing to search for, out is "");
 * out needs PROTO_FTS_QUERY_SIZE bytes.
 */
#define PROTO_FTS_MAX_TERMS	16
#define PROTO_FTS_QUERY_SIZE	(PROTO_MAX_QUERY * 8 + 64)
int		 proto_fts_query(const char *text, char *out, size_t size);

/*
 * Mentions: finds the next "@handle" in body at or after *p, copies the
 * handle (valid by proto_handle_valid) and moves *p past it. A handle
 * glued to a word before the @ ("me@school") is not a mention; trailing
 * dots are punctuation ("thanks @asha."). False when there are no more.
 */
bool	proto_mention_next(const char *body, const char **p,
	    char handle[PROTO_HANDLE_MAX + 1]);

/*
 * Meetings (meeting.c). A line typed in a meeting room may be a record:
 * "#info TEXT", "#agreed TEXT", "#action @handle TEXT [due YYYY-MM-DD]",
 * "present+" or "regrets" alone on the line (keywords in any case). Other
 * lines, unknown #words included, are plain messages (PROTO_RECORD_NONE).
 */
enum proto_record_kind {
	PROTO_RECORD_NONE,
	PROTO_RECORD_INFO,
	PROTO_RECORD_AGREED,
	PROTO_RECORD_ACTION,
	PROTO_RECORD_PRESENT,
	PROTO_RECORD_REGRETS,
	PROTO_RECORD_VOTE,	/* a vote's result, made when it closes; never typed */
};
struct proto_record {
	enum proto_record_kind	 kind;
	const char		*text;		/* within the line; NULL for present+ and regrets */
	size_t			 text_len;
	char			 owner[PROTO_HANDLE_MAX + 1];	/* #action */
	char			 due[11];	/* #action: "YYYY-MM-DD" or "" */
};
/* False when the line is a record with a mistake: why says what to fix. */
bool		 proto_record_parse(const char *line, struct proto_record *,
		    char *why, size_t size);
const char	*proto_record_kind_name(enum proto_record_kind);
bool		 proto_record_kind_parse(const char *name, enum proto_record_kind *);
/*
 * Joins a page of meeting.ics onto calendar (NULL for the first page) and
 * returns the calendar: one VCALENDAR with every page's VEVENTs.
 */
char		*proto_ics_join(char *calendar, const char *page);
/*
 * The floor of a meeting room (meeting.c): the speaker queue, Zakim's way
 * ("q+" optionally with a note, "q-", "q?"), and "#vote [anonymous]
 * QUESTION | option | option ..." (2 to 10 options) from a chair.
 */
#define PROTO_VOTE_MIN_OPTIONS	2
#define PROTO_VOTE_MAX_OPTIONS	10
#define PROTO_VOTE_MAX_OPTION	100	/* characters in an option */
enum proto_floor_kind {
	PROTO_FLOOR_NONE,
	PROTO_FLOOR_QUEUE_ADD,
	PROTO_FLOOR_QUEUE_REMOVE,
	PROTO_FLOOR_QUEUE_LIST,
	PROTO_FLOOR_VOTE,
};
struct proto_span {
	const char	*s;		/* within the line */
	size_t		 len;
};
struct proto_floor {
	enum proto_floor_kind	 kind;
	struct proto_span	 note;		/* q+: may be empty */
	bool			 anonymous;	/* #vote */
	struct proto_span	 question;
	struct proto_span	 options[PROTO_VOTE_MAX_OPTIONS];
	size_t			 noptions;
};
/* False when the line is a #vote with a mistake: why says what to fix. */
bool		 proto_floor_parse(const char *line, struct proto_floor *,
		    char *why, size_t size);
/* Days since 1970-01-01 of a Gregorian date, and back. */
int64_t		 proto_civil_days(int y, int m, int d);
void		 proto_civil_date(int64_t days, int *y, int *m, int *d);
/* "YYYY-MM-DD", a real date from 1970 on. */
bool		 proto_date_parse(const char *s, int *y, int *m, int *d);
/*
 * "YYYY-MM-DD HH:MM" in UK local time to UTC milliseconds. A time the clocks
 * skip (01:30 on the day summer time starts) is MISSING; one they pass twice
 * (01:30 on the day it ends) takes the summer-time reading.
 */
enum proto_uk_time {
	PROTO_UK_OK,
	PROTO_UK_MALFORMED,
	PROTO_UK_MISSING,
};
enum proto_uk_time proto_uk_parse(const char *s, int64_t *utc_ms);
/* UTC milliseconds as "YYYY-MM-DD HH:MM" UK local time (" BST"/" GMT" with_zone). */
void		 proto_uk_format(int64_t utc_ms, char *buf, size_t size, bool with_zone);

/* Encodes obj compactly with a trailing newline; caller frees. NULL on failure. */
char	*proto_encode_line(json_t *obj, size_t *len);

/*
 * A blob is one encoded line, shared by every output queue it sits on: an
 * event is encoded once for all its recipients (the daemon's fanout).
 */
struct blob {
	unsigned	refs;
	size_t		len;
	char		data[];
};
/* The line of obj (compact, newline-terminated); steals obj. NULL on failure. */
struct blob	*blob_encode(json_t *obj);
void		 blob_ref(struct blob *);
void		 blob_unref(struct blob *);	/* NULL is fine */

#endif
