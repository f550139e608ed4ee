/*
 * store_records.h: what is kept about people and how it is searched,
 * checked and let go (store_search.c, store_guard.c, store_email.c,
 * store_audit.c, store_privacy.c, store_retention.c). Included by store.h,
 * at its place there.
 */
#ifndef STAFFROOM_STORE_RECORDS_H
#define STAFFROOM_STORE_RECORDS_H

/*
 * Search (FTS5). match is an expression from proto_fts_query. Hits come
 * best first (bm25); snippets carry STORE_MARK_OPEN / STORE_MARK_CLOSE
 * around matched words (control characters user text can never hold).
 * A search that uses more than budget_ms of its thread's CPU time, or runs
 * longer than wall_ms by the clock (waiting on the disk), is stopped:
 * STORE_INTERRUPTED. CPU time makes "too broad" a property of the search,
 * not of how busy the machine is.
 */
#define STORE_MARK_OPEN		'\002'
#define STORE_MARK_CLOSE	'\003'

struct store_hit {
	int64_t		 id;		/* post or message id */
	int64_t		 where;		/* thread id or room id */
	const char	*room;		/* messages: canonical room id */
	const char	*title;		/* posts: the thread's title */
	const char	*author;
	int64_t		 ts;
	const char	*snippet;
	double		 rank;		/* bm25: lower is better */
	bool		 hidden;	/* messages: only with with_hidden */
};

struct store_search {
	const char	*match;
	const int64_t	*ids;		/* boards (posts) or rooms (messages) allowed */
	const int64_t	*floors;	/* messages: only ids above floors[i] in room ids[i] */
	const bool	*with_hidden;	/* messages: room ids[i]'s hidden ones too (NULL: none) */
	size_t		 nids;
	int64_t		 author_id;	/* 0: anyone */
	uint32_t	 tags;		/* posts only; 0: any */
	int		 limit;
	int		 budget_ms;
	int		 wall_ms;
};
enum store_result store_search_posts(struct store *st,
		    const struct store_search *q,
		    void (*cb)(const struct store_hit *, void *), void *arg);
enum store_result store_search_msgs(struct store *st,
		    const struct store_search *q,
		    void (*cb)(const struct store_hit *, void *), void *arg);
/*
 * A connection for searching only, off the loop: it reads committed data and
 * can write nothing (query_only); only store_search_* and store_close may be
 * called on it, from one thread at a time.
 */
enum store_result store_search_open(const char *dir, int busy_timeout_ms,
		    struct store **out);

/*
 * The pupil-data guard's rule per scope ("region", "dm", ...: see guard.h),
 * where an operator set one; a scope without a row has its default. Scope
 * and rule are checked by the schema: a bad one is STORE_ERROR.
 */
enum store_result store_guard_rule_set(struct store *st, const char *scope,
		    const char *rule, int64_t now_ms);
enum store_result store_guard_rules(struct store *st,
		    void (*cb)(const char *scope, const char *rule,
		    int64_t changed_ms, void *), void *arg);

/*
 * Stored user text, for staffroomctl guard scan: one page of at most limit
 * items with ids above after, in id order. Messages come with their room's
 * ref and kind; posts and thread titles with "board:<id>" and kind -1.
 * Each comes with what a queue entry about it needs: the item (a title's:
 * its thread's first post, 0 if none), its author and its scope.
 */
enum store_guard_source {
	STORE_GUARD_MESSAGES,
	STORE_GUARD_POSTS,
	STORE_GUARD_TITLES,
};
struct store_guard_text {
	int64_t			 id;
	const char		*where;
	int			 room_kind;	/* enum room_kind, or -1 */
	const char		*text;
	enum store_item_kind	 item_kind;
	int64_t			 item_id;
	int64_t			 author_id;
	struct store_mod_scope	 scope;
	bool			 hidden;	/* the item, by its author or a moderator */
};
enum store_result store_guard_texts(struct store *st,
		    enum store_guard_source source, int64_t after, int limit,
		    void (*cb)(const struct store_guard_text *, void *),
		    void *arg);


/*
 * Email (store_email.c): a person's address, never anyone else's to see;
 * verified by a code sent to it (kept hashed, with an expiry and a count of
 * tries), and the digest they chose.
 */
#define STORE_EMAIL_CODE_HASH_BYTES	STORE_INVITE_HASH_BYTES	/* bound as 'h' */
#define STORE_EMAIL_MAX			254	/* an address's bytes (RFC 5321) */

enum digest_every {
	DIGEST_OFF,
	DIGEST_DAILY,
	DIGEST_WEEKLY,
};
const char	*digest_every_name(enum digest_every);
bool		 digest_every_parse(const char *name, enum digest_every *out);

struct store_email {
	char		 address[STORE_EMAIL_MAX + 1];
	int64_t		 verified_ms;		/* 0: not verified */
	bool		 has_code;
	uint8_t		 code_hash[STORE_EMAIL_CODE_HASH_BYTES];
	int64_t		 code_expires_ms;
	int		 code_tries;
	int64_t		 code_sent_ms;
	enum digest_every digest;
};
/* STORE_NOT_FOUND: the person has no address. */
enum store_result store_email_get(struct store *st, int64_t user_id,
		    struct store_email *out);
/* A new (or the same) address, unverified, with a new code. */
enum store_result store_email_set(struct store *st, int64_t user_id,
		    const char *address,
		    const uint8_t code_hash[STORE_EMAIL_CODE_HASH_BYTES],
		    int64_t expires_ms, int64_t now_ms);
enum store_result store_email_clear(struct store *st, int64_t user_id);
enum store_result store_email_code_tried(struct store *st, int64_t user_id);
enum store_result store_email_verified(struct store *st, int64_t user_id,
		    int64_t now_ms);
/* STORE_NOT_FOUND: the person has no address. */
enum store_result store_digest_set(struct store *st, int64_t user_id,
		    enum digest_every every);
/*
 * Up to limit active people with user id > after, a verified address and
 * this digest, who have none sent (or being sent) for period, by user id.
 */
enum store_result store_digest_due(struct store *st, enum digest_every every,
		    const char *period, int64_t after, int limit,
		    void (*cb)(int64_t user_id, const char *address, void *),
		    void *arg);
/* Marks the person's digest for period as sent: STORE_EXISTS if it was. */
enum store_result store_digest_claim(struct store *st, int64_t user_id,
		    const char *period, int64_t now_ms);
/* Undoes a claim whose mail could not be handed over. */
enum store_result store_digest_unclaim(struct store *st, int64_t user_id,
		    const char *period);
/*
 * Up to limit threads the person watches with visible posts by others
 * after their marker, newest activity first, posts counted up to cap.
 * policy.c decides whether they may still read each thread's board.
 */
struct store_watched {
	int64_t		 thread_id;
	int64_t		 board_id;
	const char	*title;
	int64_t		 posts;		/* new posts by others */
};
enum store_result store_watched_news(struct store *st, int64_t user_id,
		    int limit, int64_t cap,
		    void (*cb)(const struct store_watched *, void *), void *arg);
/*
 * New posts by others on a board the person watches, counted up to cap
 * (0 when they do not watch it); policy.c decides whether they may read it.
 */
enum store_result store_watched_board_news(struct store *st, int64_t board_id,
		    int64_t user_id, int64_t cap, int64_t *posts);

/*
 * The audit log (store_audit.c): every moderator's and admin's act and
 * every change staffroomctl makes, one row each, chained by BLAKE2b-256:
 * a row's hash covers the previous row's hash and the row's canonical
 * encoding (its exact bytes are defined in store_audit.c and in
 * staffroomctl(8)). Actor and target are ids, not references, so erasing a
 * person keeps the chain. Rows never hold a hidden message's text.
 *
 * After each commit that appended a row, the head (last id and hash) is
 * logged and written to STORE_AUDIT_HEAD_FILE in the state directory, so
 * rows deleted from the end are caught by store_audit_verify.
 */
#define STORE_AUDIT_HASH_BYTES	32
#define STORE_AUDIT_OPERATOR	0	/* actor id of staffroomctl's operator */
#define STORE_AUDIT_HEAD_FILE	"audit.head"
#define STORE_AUDIT_TEXT_MAX	4096	/* bytes of reason or detail kept (1,000 characters of any script) */

struct store_audit {
	int64_t		 id;		/* set by store_audit_append */
	int64_t		 ts;		/* UTC milliseconds */
	int64_t		 actor_id;	/* a user id, or STORE_AUDIT_OPERATOR */
	const char	*target_kind;	/* "user", "post", "thread", ... or "" */
	int64_t		 target_id;	/* 0: none */
	const char	*act;		/* the op ("thread.lock") or command ("user add") */
	const char	*reason;	/* "" when none */
	const char	*detail;	/* "" when none */
	uint8_t		 prev[STORE_AUDIT_HASH_BYTES];
	uint8_t		 hash[STORE_AUDIT_HASH_BYTES];
};

/*
 * Appends a row inside the open transaction (the op's savepoint, so it
 * commits with the act or not at all): fills in id, prev and hash. NULL
 * strings are stored as ""; reason and detail are cut to
 * STORE_AUDIT_TEXT_MAX bytes (at a character boundary).
 */
enum store_result store_audit_append(struct store *st, struct store_audit *a);
/* The row's hash over a->prev and its canonical encoding (no I/O). */
void		store_audit_hash(const struct store_audit *a,
		    uint8_t out[STORE_AUDIT_HASH_BYTES]);
/* The last row's id and hash; id 0 (and zeros) when the log is empty. */
enum store_result store_audit_head(struct store *st, int64_t *id,
		    uint8_t hash[STORE_AUDIT_HASH_BYTES]);
/*
 * Logs the head when it is not the one this store logged last (another
 * process appended): the daemon calls it at start and when staffroomctl
 * commits, so its log holds every head. Logs an error when audit.head
 * names a row past the last (rows removed from the end).
 */
void		store_audit_log_head(struct store *st);
/* The newest limit rows, oldest first. */
enum store_result store_audit_tail(struct store *st, int limit,
		    void (*cb)(const struct store_audit *, void *), void *arg);

/* Rows matching every filter given, in id order, one bounded page. */
struct store_audit_query {
	int64_t		 actor_id;	/* -1: anyone (0 is the operator) */
	const char	*target_kind;	/* NULL: any */
	int64_t		 target_id;	/* with target_kind: 0 any of the kind */
	int64_t		 since_ms;	/* 0: from the start */
	int64_t		 after_id;	/* the previous page's last id, or 0 */
	int		 limit;
};
enum store_result store_audit_search(struct store *st,
		    const struct store_audit_query *q,
		    void (*cb)(const struct store_audit *, void *), void *arg,
		    bool *more);

/*
 * Recomputes the chain from the first row and compares the last row with
 * the recorded head. The first fault found is reported; rows after a
 * fault are not judged.
 */
enum store_audit_fault {
	STORE_AUDIT_SOUND,
	STORE_AUDIT_EDITED,	/* bad_id's contents do not give its hash */
	STORE_AUDIT_MISSING,	/* rows expected_id .. bad_id - 1 are gone */
	STORE_AUDIT_UNLINKED,	/* bad_id does not follow the row before it */
	STORE_AUDIT_HEAD_GONE,	/* rows after last_id, up to head_id, are gone */
	STORE_AUDIT_HEAD_DIFFERS, /* row head_id is not the head recorded */
	STORE_AUDIT_NO_HEAD,	/* rows exist but audit.head does not */
	STORE_AUDIT_BAD_HEAD,	/* audit.head cannot be read */
};
struct store_audit_check {
	enum store_audit_fault	 fault;
	int64_t			 rows;		/* rows read */
	int64_t			 last_id;	/* the last row read (0: none) */
	int64_t			 bad_id;
	int64_t			 expected_id;
	int64_t			 head_id;	/* audit.head's row (0: none) */
	bool			 head_behind;	/* rows after head_id: appended, head not yet written */
};
enum store_result store_audit_verify(struct store *st,
		    struct store_audit_check *out);
/*
 * The same a bounded step at a time, for the daemon's loop: up to pages
 * pages (of 500 rows; 0: to the end) after row after (0: the start), the
 * rows up to after judged already. *more: ask again from out->last_id; the
 * head is judged on the last page.
 */
enum store_result store_audit_verify_page(struct store *st, int64_t after,
		    int pages, struct store_audit_check *out, bool *more);
/* The check's outcome in words: "audit log sound: ..." or the fault. */
void		store_audit_fault_text(const struct store_audit_check *c,
		    char *buf, size_t size);

/*
 * Subject access (store_privacy.c): what is held about one person, in
 * sections of rows read a page at a time (bounded memory whatever they
 * wrote, safe while the daemon runs). A row is its columns as named values;
 * the first is the section's page key.
 */
#define STORE_EXPORT_MAX_COLUMNS	16
enum store_value_type {
	STORE_VALUE_NULL,
	STORE_VALUE_INT,
	STORE_VALUE_TEXT,
};
struct store_value {
	const char		*name;
	enum store_value_type	 type;
	int64_t			 i;
	const char		*s;
};
struct store_export_section {
	const char	*name;		/* "messages": a JSON key */
	const char	*title;		/* a heading in words */
};
int		 store_export_section_count(void);
/* NULL past the last one. */
const struct store_export_section *store_export_section(int section);
/*
 * Up to limit rows of a section with keys after after; *last is the last
 * row's key (after when none) and *rows how many came.
 */
enum store_result store_export_page(struct store *st, int section,
		    int64_t user_id, int64_t after, int limit,
		    void (*cb)(const struct store_value *, int ncols, void *),
		    void *arg, int64_t *last, int *rows);
/*
 * Erasure: everything the person wrote becomes marker, what identifies them
 * goes (profile, keys, memberships, their reports' reasons, sanctions, edit
 * histories), the search index is rebuilt without them, and the account row
 * stays as handle, disabled, so ids elsewhere (the audit log's) hold.
 */
enum store_result store_person_erase(struct store *st, int64_t user_id,
		    const char *marker, const char *handle);
/* Up to limit of their messages after *after, for short transactions. */
enum store_result store_person_erase_messages(struct store *st,
		    int64_t user_id, const char *marker, int limit,
		    int64_t *after, int *changed);
/* After its commit: the WAL, still holding the old pages, is emptied. */
enum store_result store_person_erase_settle(struct store *st);

/*
 * Retention (store_retention.c): how many days each kind of room's
 * messages, and boards' posts, are kept (0: kept; meeting rooms and a
 * series' board are never purged), and the purge, a bounded page at a time.
 */
#define STORE_RETENTION_KINDS	6	/* national region trust buddy dm board */
#define STORE_RETENTION_BOARD	5
/* What takes the place of words that are gone (erasure, a purged quote). */
#define STORE_REMOVED_MARKER	"[removed]"
/* "national" ... "board"; NULL past the end. */
const char	*store_retention_kind_name(int kind);
/* The kind named, or -1. */
int		 store_retention_kind_parse(const char *name);
struct store_retention {
	int	days[STORE_RETENTION_KINDS];		/* 0: kept */
	int64_t	changed_ms[STORE_RETENTION_KINDS];	/* 0: never set */
};
/* days 0: kept again. */
enum store_result store_retention_set(struct store *st, int kind, int days,
		    int64_t now_ms);
enum store_result store_retention_get(struct store *st,
		    struct store_retention *out);
/*
 * The next room (or board) after after whose kind has a period, its kind
 * and the time before which its items go; *id 0 when there is none.
 */
enum store_result store_retention_next(struct store *st, bool boards,
		    int64_t after, int64_t now_ms, int64_t *id, int *kind,
		    int64_t *cutoff_ms);
/* One page of a room's messages or a board's posts. */
struct store_retention_page {
	int64_t	target;		/* the room or board */
	int64_t	cutoff_ms;	/* items written before it go */
	int	limit;		/* rows read at most */
	int64_t	after;		/* in: where the page starts; out: where it ended */
	bool	done;		/* out: nothing old is left after it */
	int	removed;	/* out: messages or posts */
	int	threads_removed;	/* out: threads left without posts */
};
/*
 * Removes the page's old items: a message with its versions and mentions
 * (its index row by trigger); a post with its index row, versions and
 * mentions, quotes of it becoming marker, and its thread when empty.
 * Items with an open report stay. In the caller's transaction.
 */
enum store_result store_retention_purge_messages(struct store *st,
		    struct store_retention_page *p);
enum store_result store_retention_purge_posts(struct store *st,
		    struct store_retention_page *p, const char *marker);
/* A bounded merge of a search index; *worked false once it has none to do. */
enum store_result store_retention_merge(struct store *st, bool posts,
		    bool *worked);

#endif
