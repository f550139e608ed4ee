/*
 * store_mod.h: moderation's part of store.h (store_mod.c, store_words.c):
 * reports and their queue, moderator scopes, sanctions, watched words and
 * what a hold rule keeps back. Included by store.h, at its place there.
 */
#ifndef STAFFROOM_STORE_MOD_H
#define STAFFROOM_STORE_MOD_H

/*
 * Moderation (store_mod.c). Reports of one item gather in one open queue
 * entry, kept in the item's scope so each moderator sees their scopes'
 * entries only; resolving closes it (a later report opens a new one).
 * Sanctions of a person end at until_ms (0: when lifted).
 */
enum store_item_kind {
	STORE_ITEM_MSG,
	STORE_ITEM_POST,
};

enum store_result store_room_mod_scope(struct store *st, int64_t room_id,
		    struct store_mod_scope *out);

/*
 * Who moderates what (the moderators table). Adding a scope to a member
 * makes them a moderator; removing their last makes them a member again;
 * a person made a moderator without scopes gets the national scope and
 * their region's, as the role meant before the table (migration 17).
 * STORE_EXISTS: they have the scope already; STORE_NOT_FOUND on removing
 * one they do not have.
 */
enum store_result store_moderator_add(struct store *st, int64_t user_id,
		    const struct store_mod_scope *scope);
enum store_result store_moderator_remove(struct store *st, int64_t user_id,
		    const struct store_mod_scope *scope);
struct store_moderator {
	int64_t			 user_id;
	const char		*handle;
	struct store_mod_scope	 scope;
	const char		*ref;		/* "national", "region:<slug>", "trust:<id>" */
	const char		*name;		/* the region's or trust's name, "" for national */
};
/* Every scope of user_id (0: of everyone), by handle and scope. */
enum store_result store_moderator_list(struct store *st, int64_t user_id,
		    void (*cb)(const struct store_moderator *, void *), void *arg);
/*
 * The enabled people whose scopes cover scope (a trust's: its own and its
 * region's), by handle, at most limit; admins, who moderate every scope,
 * are not listed.
 */
enum store_result store_moderators_of(struct store *st,
		    const struct store_mod_scope *scope, int limit,
		    void (*cb)(const struct store_moderator *, void *), void *arg);
/* Enabled admins. */
enum store_result store_admins_count(struct store *st, int64_t *n);
/* Everyone who moderates anything: with a scope, or an admin. */
enum store_result store_moderator_ids(struct store *st,
		    void (*cb)(int64_t user_id, void *), void *arg);

/* Who filed a report: a person, or the system (no reporter). */
enum store_report_source {
	STORE_REPORT_PERSON,
	STORE_REPORT_GUARD,		/* the pupil-data guard's scan */
	STORE_REPORT_WORDS,		/* a watched word's rule */
};
struct store_report_new {
	enum store_item_kind	 item_kind;
	int64_t			 item_id;
	int64_t			 author_id;
	struct store_mod_scope	 scope;
	enum store_report_source source;
	int64_t			 reporter_id;	/* STORE_REPORT_PERSON's; else 0 */
	const char		*rule;		/* the guard: what it read; words: the rule */
	int			 kind;		/* the op layer names them */
	const char		*reason;
	int64_t			 now_ms;
};
/*
 * STORE_EXISTS when this person reported the item's open entry already,
 * or (a system report) the same source and rule reported the item at any
 * time, its entry open or resolved; else the report's id and its entry's.
 */
enum store_result store_report_add(struct store *st,
		    const struct store_report_new *r, int64_t *id,
		    int64_t *entry_id);
/* The reporter has been told the outcome of the report. */
enum store_result store_report_told(struct store *st, int64_t report_id,
		    int64_t now_ms);
/*
 * Up to limit of the person's reports whose entry was resolved and who
 * was not told: each with the entry's action (0: dismissed).
 */
enum store_result store_reports_untold(struct store *st, int64_t user_id,
		    int limit, void (*cb)(int64_t report_id, int action, void *),
		    void *arg);

/* The open entries a moderator sees: every one, or their scopes'. */
struct store_mod_reach {
	bool		 all;
	bool		 national;
	int		 nregions;
	int64_t		 regions[STORE_MOD_SCOPES_MAX];	/* and their trusts */
	int		 ntrusts;
	int64_t		 trusts[STORE_MOD_SCOPES_MAX];
};
struct store_mod_entry {
	int64_t			 id;
	enum store_item_kind	 item_kind;
	int64_t			 item_id;
	int64_t			 author_id;
	struct store_mod_scope	 scope;
	int64_t			 created_ms;
	bool			 resolved;
	int64_t			 held_id;	/* a held message's (item_id 0) */
};
/* Open entries with id > after, oldest first. */
enum store_result store_mod_queue(struct store *st,
		    const struct store_mod_reach *reach, int64_t after, int limit,
		    void (*cb)(const struct store_mod_entry *, void *), void *arg,
		    bool *more);
enum store_result store_mod_entry_get(struct store *st, int64_t id,
		    struct store_mod_entry *out);
struct store_report {
	int64_t			 id;
	enum store_report_source source;
	int64_t			 reporter_id;	/* 0: the system's */
	const char		*reporter;	/* handle, or NULL */
	const char		*rule;		/* the guard: what it read; words: the rule */
	int		 kind;
	const char	*reason;
	int64_t		 ts;
};
/* The entry's reports, oldest first, at most limit. */
enum store_result store_mod_reports(struct store *st, int64_t entry_id,
		    int limit, void (*cb)(const struct store_report *, void *),
		    void *arg);
/*
 * Closes an open entry (by 0: the operator): STORE_NOT_FOUND when it is
 * closed already.
 */
enum store_result store_mod_resolve(struct store *st, int64_t entry_id,
		    int64_t by, int action, const char *reason, int64_t now_ms);

/*
 * Watched words (store_words.c): rules of a scope (national, a region, a
 * trust), each a word or phrase as typed (rule), its folded key (words.c),
 * an action and a label people may read in its stead.
 */
enum store_words_action {
	WORDS_BLOCK,
	WORDS_HOLD,
	WORDS_FLAG,
	WORDS_NACTIONS
};
struct store_word {
	int64_t			 id;
	struct store_mod_scope	 scope;		/* a trust's with its region */
	const char		*rule;
	const char		*key;
	enum store_words_action	 action;
	const char		*label;		/* "" when none */
	int64_t			 by_id;		/* 0: the operator */
	const char		*by;		/* handle, or NULL */
	int64_t			 created_ms;
};
/* How many rules the scope has (the op layer bounds it). */
enum store_result store_words_count(struct store *st,
		    const struct store_mod_scope *scope, int64_t *n);
/* STORE_EXISTS when the scope has a rule of that key already. */
enum store_result store_word_add(struct store *st, const struct store_word *w,
		    int64_t *id);
/* The scope's rules with id > after, oldest first. */
enum store_result store_words_list(struct store *st,
		    const struct store_mod_scope *scope, int64_t after, int limit,
		    void (*cb)(const struct store_word *, void *), void *arg,
		    bool *more);
enum store_result store_word_get(struct store *st, int64_t id,
		    void (*cb)(const struct store_word *, void *), void *arg);
enum store_result store_word_remove(struct store *st, int64_t id);
/*
 * The rules an item in scope meets: the national ones, its region's and
 * its trust's (none for a private scope).
 */
enum store_result store_words_for(struct store *st,
		    const struct store_mod_scope *scope,
		    void (*cb)(const struct store_word *, void *), void *arg);
/*
 * Messages a hold rule keeps back (store_words.c), each with its open
 * queue entry (one report: source words, rule "word:ID") until decided.
 */
/* A chat message (room_id) or a board post (board_id) a hold rule met. */
struct store_held {
	int64_t			 id;
	int64_t			 room_id;	/* 0: a post */
	int64_t			 board_id;	/* 0: a chat message */
	int64_t			 thread_id;	/* a reply's; 0: a new thread */
	const char		*title;		/* a new thread's; else "" */
	uint32_t		 tags;
	int64_t			 quote_post;	/* a reply's quote; 0: none */
	const char		*quote_text;
	int64_t			 user_id;
	const char		*body;
	bool			 personal_data;
	int64_t			 word_id;
	const char		*label;
	int64_t			 ts;
	int64_t			 decided_ms;	/* 0: waiting */
	int64_t			 msg_id;	/* approved: the message it became */
	int64_t			 post_id;	/* approved: the post it became */
	const char		*reason;	/* rejected: the moderator's, or NULL */
};
/* The held message, its entry in scope and the entry's report. */
enum store_result store_held_add(struct store *st, const struct store_held *h,
		    const struct store_mod_scope *scope, const char *reason,
		    int64_t *id, int64_t *entry_id);
enum store_result store_held_get(struct store *st, int64_t id,
		    void (*cb)(const struct store_held *, void *), void *arg);
/*
 * Decided: approved as the message or post item_id became (as the held row
 * is one or the other), or rejected (0) with the reason its author reads,
 * or NULL; told_ms 0 while the author is still to be told.
 * STORE_NOT_FOUND when it was decided already.
 */
enum store_result store_held_decide(struct store *st, int64_t id,
		    int64_t item_id, const char *reason, int64_t now_ms,
		    int64_t told_ms);
/* Up to limit of the person's decided items not yet told, oldest first. */
enum store_result store_held_untold(struct store *st, int64_t user_id,
		    int limit, void (*cb)(const struct store_held *, void *),
		    void *arg);
/* The person was told of their outcomes up to held message upto. */
enum store_result store_held_told(struct store *st, int64_t user_id,
		    int64_t upto, int64_t now_ms);

/* The region a trust is in; STORE_NOT_FOUND for no such trust. */
enum store_result store_trust_region(struct store *st, int64_t trust_id,
		    int64_t *region_id);

enum sanction_kind {
	SANCTION_WARN,
	SANCTION_MUTE,
	SANCTION_SUSPEND,
	SANCTION_BAN,
	SANCTION_COUNT
};
struct store_sanction {
	int64_t			 id;
	int64_t			 user_id;
	enum sanction_kind	 kind;
	int64_t			 room_id;	/* a mute in one room; 0: everywhere */
	const char		*room;		/* its ref, or NULL */
	const char		*reason;
	int64_t			 by_id;		/* 0: the operator (staffroomctl) */
	int64_t			 entry_id;	/* 0: not from a report */
	int64_t			 created_ms;
	int64_t			 until_ms;	/* 0: until lifted (warnings: never in force) */
	int64_t			 lifted_ms;	/* 0: not lifted */
	int64_t			 seen_ms;	/* 0: not shown to the person yet */
};
enum store_result store_sanction_add(struct store *st,
		    const struct store_sanction *s, int64_t *id);
/* A person's sanctions, newest first; open_only: not lifted, not ended by now_ms. */
enum store_result store_sanctions_of(struct store *st, int64_t user_id,
		    bool open_only, int64_t now_ms, int limit,
		    void (*cb)(const struct store_sanction *, void *), void *arg);
enum store_result store_sanction_get(struct store *st, int64_t id,
		    void (*cb)(const struct store_sanction *, void *), void *arg);
/* STORE_NOT_FOUND when it was lifted already. */
enum store_result store_sanction_lift(struct store *st, int64_t id,
		    int64_t now_ms);
/* The person has been shown every sanction made up to now_ms. */
enum store_result store_sanctions_seen(struct store *st, int64_t user_id,
		    int64_t now_ms);

#endif
