/*
 * store.h: the one interface to persistent state. Handlers and staffroomctl
 * call functions named for what they mean; only store*.c speaks SQL, so a
 * second backend is a new file, not a rewrite.
 *
 * Transactions: every write opens a transaction lazily (BEGIN IMMEDIATE) and
 * leaves it open; whoever owns the store commits. staffroomd commits once per
 * loop turn (group commit) before any reply or event leaves; staffroomctl
 * commits once per command. Reads see the open transaction's writes.
 *
 * Strings in the structs passed to callbacks are valid only during the call.
 */
#ifndef STAFFROOM_STORE_H
#define STAFFROOM_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "staffroom/proto.h"

struct store;

enum store_result {
	STORE_OK = 0,
	STORE_NOT_FOUND,
	STORE_EXISTS,		/* unique key taken (handle, fingerprint, slug) */
	STORE_INVITE_USED,
	STORE_INVITE_EXPIRED,
	STORE_INVITE_REVOKED,
	STORE_INTERRUPTED,	/* a bounded query ran out of time */
	STORE_ERROR,		/* logged with the SQLite message */
};

enum role {
	ROLE_MEMBER,
	ROLE_MODERATOR,
	ROLE_ADMIN,
};

const char	*role_name(enum role role);
bool		 role_parse(const char *name, enum role *out);

#define STORE_DB_FILE	"staffroom.db"

/*
 * Opens DIR/staffroom.db (create: make it, else it must exist), sets WAL,
 * synchronous=FULL, foreign keys and a busy timeout, applies pending numbered
 * migrations in order, and prepares every statement for the store's life.
 */
enum store_result store_open(const char *dir, bool create, int busy_timeout_ms,
		    struct store **out);
void		store_close(struct store *st);

/* Called once when a write opens a transaction (the daemon schedules its commit). */
void		store_set_write_hook(struct store *st, void (*hook)(void *), void *arg);
bool		store_in_transaction(const struct store *st);
/* Fails when SQLite ended the transaction by itself; either way it is over. */
enum store_result store_commit(struct store *st);
void		store_rollback(struct store *st);
/*
 * staffroomd's commits run off the loop (store_writer.c): store_writer_start
 * opens a second, query_only connection and starts a thread; its pipe
 * (notify_fd) becomes readable when a commit returns. store_commit_start
 * hands the open transaction to the thread (STORE_OK: in flight) or ends
 * it here when SQLite already had (an error); store_commit_done reports
 * the result of one in flight once, when there is one (wait: waiting for
 * it). While a commit is in flight
 * the loop may run reads inside a read scope, on the last commit that
 * returned; any other use of the store waits for the commit first.
 */
enum store_result store_writer_start(struct store *st, const char *dir,
		    int busy_timeout_ms, int *notify_fd);
enum store_result store_commit_start(struct store *st);
bool		store_commit_done(struct store *st, bool wait,
		    enum store_result *res);
bool		store_committing(const struct store *st);
/* How often the loop had to stop for a commit in flight (the disk). */
uint64_t	store_commit_waits(const struct store *st);
void		store_read_scope_enter(struct store *st);
void		store_read_scope_leave(struct store *st);

/*
 * One snapshot for a series of reads (staffroomctl's digest of a person):
 * whatever the daemon commits meanwhile, every read between the two sees
 * the database as it was at the first. No write may come between them.
 */
enum store_result store_read_begin(struct store *st);
void		store_read_end(struct store *st);
/*
 * The reads between a hold and its release share one read transaction
 * (holds nest), where each would otherwise take and drop SQLite's read
 * locks by itself. A write ends it and goes into the turn's transaction as
 * ever, so the reads before a write are no more atomic with it than now.
 * While a commit is in flight a hold is a read scope: its reads go to the
 * reader (the last commit that returned) and only a write waits.
 */
void		store_read_hold(struct store *st);
void		store_read_release(struct store *st);

/*
 * One op inside the turn's transaction: its writes go in a savepoint of
 * their own (opened at its first write), kept or undone at its end alone.
 * LOST: SQLite ended the whole transaction (full disk, I/O error), taking
 * every write of the turn with it; the owner must store_rollback.
 */
enum store_op_result {
	STORE_OP_KEPT,
	STORE_OP_UNDONE,
	STORE_OP_LOST,
};
void		store_op_begin(struct store *st);
enum store_op_result store_op_end(struct store *st, bool keep);
/* The op met a full, read-only or failing disk (or writes refused for one). */
bool		store_op_met_disk(const struct store *st);
/* The last failure was the disk's; writes are refused for a while after one. */
bool		store_disk_failed(const struct store *st);
uint64_t	store_retry_after_ms(const struct store *st);
#define STORE_DISK_RETRY_MS	2000
/* PRAGMA data_version: changes when another connection commits. */
int64_t		store_data_version(struct store *st);
/* Schema version after migrations (PRAGMA user_version). */
int		store_schema_version(struct store *st);
/*
 * Copies the live database, as one snapshot, into path: an empty file the
 * caller made (and removes on failure); anything else is STORE_EXISTS. Safe
 * while the daemon runs.
 */
enum store_result store_backup(struct store *st, const char *path);
/*
 * A database file to restore, read without changing it: whole (SQLite's
 * integrity check passes) and a staffroom database; its schema version in
 * *version. STORE_ERROR with the reason in why otherwise.
 */
enum store_result store_file_check(const char *path, int *version, char *why,
		    size_t size);
/* The schema version this program migrates to. */
int		 store_schema_latest(void);

/* Regions. Adding a region also creates its room "region:<slug>". */
struct store_region {
	int64_t		 id;
	const char	*slug;
	const char	*name;
	const char	*neighbours;	/* comma-separated slugs, may be "" */
};

enum store_result store_region_add(struct store *st, const char *slug,
		    const char *name, const char *neighbours);
/* Renames a region and replaces its neighbours (staffroomctl region load). */
enum store_result store_region_update(struct store *st, int64_t id,
		    const char *name, const char *neighbours);
enum store_result store_region_by_slug(struct store *st, const char *slug, int64_t *id);
/* A region by its slug or by its name in any case ("North East", "north east"). */
enum store_result store_region_find(struct store *st, const char *what, int64_t *id);
enum store_result store_region_slug(struct store *st, int64_t id, char *slug, size_t size);
enum store_result store_region_list(struct store *st,
		    void (*cb)(const struct store_region *, void *), void *arg);

/* Scopes: of boards, of what is moderated, of who moderates it. */
enum board_scope {
	BOARD_NATIONAL,
	BOARD_REGION,
	BOARD_TRUST,
	BOARD_PRIVATE,
	BOARD_SERIES,		/* a meeting series' board: its people */
};

/* Where an item is moderated: a board's scope, or a room's as one. */
struct store_mod_scope {
	enum board_scope scope;		/* buddy chats, DMs, meetings: private */
	int64_t		 region_id;	/* a region's, or the trust's region */
	int64_t		 trust_id;	/* BOARD_TRUST */
};

/*
 * The scopes a person moderates (the moderators table; admins moderate
 * every scope without rows): national, a region (region_id) or a trust
 * (trust_id).
 */
#define STORE_MOD_SCOPES_MAX	16
struct store_mod_scopes {
	int			 n;
	struct store_mod_scope	 v[STORE_MOD_SCOPES_MAX];
};

/* Users. */
struct store_user {
	int64_t		id;
	char		handle[PROTO_HANDLE_MAX + 1];
	char		name[PROTO_MAX_NAME * 4 + 1];
	int64_t		region_id;
	char		region[65];	/* slug */
	enum role	role;
	bool		disabled;
	bool		has_password;
	int64_t		created_ms;
	struct store_mod_scopes mods;	/* what they moderate */
};

/* pwhash may be NULL (key-only account). STORE_EXISTS when the handle is taken. */
enum store_result store_user_add(struct store *st, const char *handle,
		    const char *name, int64_t region_id, enum role role,
		    const char *pwhash, int64_t now_ms, int64_t *id);
enum store_result store_user_by_handle(struct store *st, const char *handle,
		    struct store_user *out);
enum store_result store_user_by_id(struct store *st, int64_t id,
		    struct store_user *out);
enum store_result store_user_list(struct store *st,
		    void (*cb)(const struct store_user *, void *), void *arg);
enum store_result store_user_set_disabled(struct store *st, int64_t id, bool disabled);
/* Any of name, region_id (> 0), role (>= 0) may be left out with NULL / 0 / -1. */
enum store_result store_user_update(struct store *st, int64_t id,
		    const char *name, int64_t region_id, int role);
enum store_result store_user_set_password(struct store *st, int64_t id,
		    const char *pwhash);
/* Copies the argon2id string (crypto_pwhash_STRBYTES); STORE_NOT_FOUND if none set. */
enum store_result store_user_password(struct store *st, int64_t id,
		    char *buf, size_t size);
/* Ids of every disabled account, for ending their live sessions. */
enum store_result store_users_disabled(struct store *st,
		    void (*cb)(int64_t id, void *), void *arg);

/* Public keys, found by "SHA256:<base64>" fingerprint. */
struct store_key {
	int64_t		 id;
	int64_t		 user_id;
	const char	*fingerprint;
	const char	*type;		/* "ssh-ed25519", ... */
	const char	*blob;		/* base64 public key */
	const char	*comment;
	int64_t		 created_ms;
};

enum store_result store_key_add(struct store *st, int64_t user_id,
		    const char *fingerprint, const char *type, const char *blob,
		    const char *comment, int64_t now_ms);
enum store_result store_key_owner(struct store *st, const char *fingerprint,
		    int64_t *user_id);
enum store_result store_key_list(struct store *st, int64_t user_id,
		    void (*cb)(const struct store_key *, void *), void *arg);
enum store_result store_key_remove(struct store *st, int64_t user_id,
		    const char *fingerprint);
enum store_result store_key_count(struct store *st, int64_t user_id, int64_t *count);

/* Invites: only a BLAKE2b hash of the code is kept. */
#define STORE_INVITE_HASH_BYTES	32

struct store_invite {
	int64_t		 id;
	const char	*short_id;
	int64_t		 region_id;
	const char	*region;
	enum role	 role;
	int64_t		 created_ms;
	int64_t		 expires_ms;
	int64_t		 used_ms;	/* 0 while unused */
	const char	*used_by;	/* handle, or NULL */
	bool		 revoked;
	int64_t		 school_urn;	/* 0: none */
};

enum store_result store_invite_add(struct store *st,
		    const uint8_t hash[STORE_INVITE_HASH_BYTES], const char *short_id,
		    int64_t region_id, int64_t school_urn, enum role role,
		    int64_t now_ms, int64_t expires_ms);	/* school_urn 0: none */
/*
 * Checks the invite with this hash is usable at now_ms: STORE_OK with its
 * region, school (0: none) and role, or STORE_NOT_FOUND / _USED / _EXPIRED
 * / _REVOKED.
 */
enum store_result store_invite_check(struct store *st,
		    const uint8_t hash[STORE_INVITE_HASH_BYTES], int64_t now_ms,
		    int64_t *invite_id, int64_t *region_id, int64_t *school_urn,
		    enum role *role);
enum store_result store_invite_mark_used(struct store *st, int64_t invite_id,
		    int64_t user_id, int64_t now_ms);
enum store_result store_invite_list(struct store *st,
		    void (*cb)(const struct store_invite *, void *), void *arg);
enum store_result store_invite_revoke(struct store *st, const char *short_id);
struct store_mod_reach;
/* Newest first, ids below before (0: from the newest), in reach's regions. */
enum store_result store_invite_page(struct store *st,
		    const struct store_mod_reach *reach, int64_t before, int limit,
		    void (*cb)(const struct store_invite *, void *), void *arg,
		    bool *more);
/* The invite with this short id (STORE_NOT_FOUND: none), to cb. */
enum store_result store_invite_find(struct store *st, const char *short_id,
		    void (*cb)(const struct store_invite *, void *), void *arg);

/* Rooms. */
struct store_room {
	int64_t		id;
	char		ref[80];	/* canonical id: "national", "region:london" */
	enum room_kind	kind;
	char		name[PROTO_MAX_NAME * 4 + 1];
	int64_t		region_id;	/* ROOM_REGION, else 0 */
	int64_t		last_msg_id;	/* 0 when empty */
	int64_t		owner_id;	/* ROOM_BUDDY: its owner, else 0 */
	bool		locked;		/* by its moderators: read, not written in */
	int		slow_s;		/* slow mode: a message per person per slow_s s; 0: off */
	bool		announce_only;	/* only its scope's moderators post */
	bool		pinned;		/* it has a pinned announcement (store_room_pin_get) */
	int64_t		visible_from;	/* store_rooms_for_user: the person sees ids above it */
	bool		dm_blocked;	/* store_rooms_for_user, store_dm_blocked */
	/* ROOM_MEETING, as chat_room_allowed found it for the person. */
	int		series_role;	/* enum series_role */
	bool		live;		/* started and not ended */
};

enum store_result store_room_add(struct store *st, const char *ref,
		    enum room_kind kind, const char *name, int64_t region_id,
		    int64_t now_ms, int64_t *id);
enum store_result store_room_by_ref(struct store *st, const char *ref,
		    struct store_room *out);
enum store_result store_room_by_id(struct store *st, int64_t id,
		    struct store_room *out);
enum store_result store_room_set_locked(struct store *st, int64_t room_id,
		    bool locked);
enum store_result store_room_set_slow(struct store *st, int64_t room_id,
		    int seconds);
enum store_result store_room_set_announce_only(struct store *st,
		    int64_t room_id, bool on);
/* The room's pinned announcement, by a person, or none (text NULL). */
enum store_result store_room_pin_set(struct store *st, int64_t room_id,
		    const char *text, int64_t by, int64_t now_ms);
/*
 * The pinned announcement, and who pinned it ("": the operator) when;
 * STORE_NOT_FOUND: none.
 */
enum store_result store_room_pin_get(struct store *st, int64_t room_id,
		    void (*cb)(const char *text, const char *by, int64_t ms,
		    void *), void *arg);
/*
 * Rooms a user may belong to: national, their region's room, and rooms they
 * are an explicit member of. policy.c has the last word.
 */
enum store_result store_rooms_for_user(struct store *st,
		    const struct store_user *user,
		    void (*cb)(const struct store_room *, void *), void *arg);
/* *visible_from: the member sees messages with larger ids (0: all). */
enum store_result store_room_member(struct store *st, int64_t room_id,
		    int64_t user_id, bool *member, int64_t *visible_from);

/* Messages. */
struct store_msg {
	int64_t		 id;
	int64_t		 room_id;
	const char	*room;		/* canonical room id */
	int64_t		 user_id;
	const char	*from;		/* author's handle */
	const char	*body;
	int64_t		 ts;		/* UTC milliseconds */
	int64_t		 edited_ms;	/* 0: never edited */
	bool		 hidden;	/* only store_msg_get returns hidden ones */
	bool		 personal_data;	/* sent past the guard, confirmed */
};

enum store_result store_msg_append(struct store *st, int64_t room_id,
		    int64_t user_id, const char *body, int64_t ts_ms,
		    bool personal_data, int64_t *id);
/*
 * Up to limit messages of a room with after < id < before (before = 0: the
 * newest), passed to cb oldest first; hidden ones only with_hidden. *more
 * is set when older ones exist.
 */
enum store_result store_history_page(struct store *st, int64_t room_id,
		    int64_t after, int64_t before, int limit, bool with_hidden,
		    void (*cb)(const struct store_msg *, void *), void *arg, bool *more);
/*
 * Up to limit messages with id > since (and id > floors[i] in room i, when
 * floors is not NULL) in any of the rooms, oldest first (by id); hidden ones
 * only in room i with with_hidden[i] (with_hidden NULL: none). *more is
 * set when more remain.
 */
enum store_result store_msgs_since(struct store *st, const int64_t *room_ids,
		    const int64_t *floors, const bool *with_hidden, size_t nrooms,
		    int64_t since, int limit,
		    void (*cb)(const struct store_msg *, void *), void *arg, bool *more);
/* Messages in room with id > after, counted up to cap (the count is min(n, cap)). */
enum store_result store_room_count_after(struct store *st, int64_t room_id,
		    int64_t after, int64_t cap, int64_t *count);

/*
 * Editing and hiding messages: every earlier body is kept; hidden ones
 * leave history, sync, counts and search.
 */
enum store_result store_msg_get(struct store *st, int64_t id,
		    void (*cb)(const struct store_msg *, void *), void *arg);
/* personal_data marks it (a mark once made stays: earlier versions keep it). */
enum store_result store_msg_edit(struct store *st, int64_t id,
		    const char *body, int64_t now_ms, bool personal_data);
/* by: who hid it (the author, or a moderator). */
enum store_result store_msg_hide(struct store *st, int64_t id, int64_t by);
enum store_result store_msg_show(struct store *st, int64_t id);
/* Every version, oldest first, the current one last. */
enum store_result store_msg_versions(struct store *st, int64_t id,
		    void (*cb)(int64_t ts, const char *body, void *), void *arg);
/* Up to limit members of a room (with members) who see message msg_id. */
enum store_result store_msg_audience(struct store *st, int64_t room_id,
		    int64_t msg_id, int limit, void (*cb)(int64_t user_id, void *),
		    void *arg);

/* Read markers only move forward. */
enum store_result store_read_marker(struct store *st, int64_t user_id,
		    int64_t room_id, int64_t *upto);
enum store_result store_read_marker_set(struct store *st, int64_t user_id,
		    int64_t room_id, int64_t upto);

/* Mentions of a person in a room's messages. */
enum store_result store_mention_add(struct store *st, int64_t user_id,
		    int64_t room_id, int64_t msg_id);
enum store_result store_mention_count_after(struct store *st, int64_t user_id,
		    int64_t room_id, int64_t after, int64_t cap, int64_t *count);
/*
 * What waits for the person in a room they may read (room as
 * store_rooms_for_user gives it): messages and mentions after their read
 * marker (or the room's visible_from for them), each counted up to cap.
 */
struct store_unread {
	int64_t		 upto;		/* the marker the counts start after */
	int64_t		 messages;
	int64_t		 mentions;
};
enum store_result store_room_unread(struct store *st, int64_t user_id,
		    const struct store_room *room, int64_t cap,
		    struct store_unread *out);

/*
 * Profiles (store_people.c). Every account has one; phases, expertise and
 * visible are bit sets whose bits people.c names.
 */
#define STORE_BIO_MAX			500	/* characters */

/* Fields a person shows or hides: bit n of store_profile.visible. */
#define STORE_FIELD_NAME		0
#define STORE_FIELD_ROLE_TITLE		1
#define STORE_FIELD_SCHOOL		2
#define STORE_FIELD_TRUST		3
#define STORE_FIELD_REGION		4
#define STORE_FIELD_PHASES		5
#define STORE_FIELD_YEARS		6
#define STORE_FIELD_QUALIFICATIONS	7
#define STORE_FIELD_EXPERTISE		8
#define STORE_FIELD_BIO			9
#define STORE_FIELD_COUNT		10
#define STORE_PROFILE_VISIBLE_ALL	1023	/* every field: the schema's default */

struct store_profile {
	int64_t		user_id;
	char		handle[PROTO_HANDLE_MAX + 1];
	char		name[PROTO_MAX_NAME * 4 + 1];
	int64_t		region_id;
	char		region[65];
	bool		disabled;
	char		role_title[32];		/* "" when not given */
	char		job_title[PROTO_MAX_JOB_TITLE * 4 + 1];	/* shown with role_title */
	char		school_name[PROTO_MAX_NAME * 4 + 1];
	char		school_urn[8];
	char		trust[PROTO_MAX_NAME * 4 + 1];	/* "" when in none; operators set it */
	uint32_t	phases;
	int		years_in_role;		/* -1 when not given */
	bool		nasenco;
	bool		npq_senco;
	uint32_t	expertise;
	char		bio[STORE_BIO_MAX * 4 + 1];
	uint32_t	visible;
	bool		buddy_available;
	bool		presence_hidden;
	bool		presence_away;
	int64_t		last_seen_ms;		/* 0: never */
};

enum store_result store_profile_get(struct store *st, int64_t user_id,
		    struct store_profile *out);
/* Saves what a person may set themselves (not name, region or presence). */
enum store_result store_profile_set(struct store *st, const struct store_profile *p);
/*
 * Puts the school with this URN in the person's profile, with its name as
 * the register has it ("" when the register does not hold it).
 */
enum store_result store_profile_school_set(struct store *st, int64_t user_id,
		    int64_t urn);
enum store_result store_presence_set(struct store *st, int64_t user_id,
		    bool away, bool hidden);
enum store_result store_last_seen_set(struct store *st, int64_t user_id,
		    int64_t ms);
/*
 * People who share a buddy chat or DM with user_id (at most limit), each
 * with whether a block stands between the two.
 */
enum store_result store_presence_watchers(struct store *st, int64_t user_id,
		    int limit, void (*cb)(int64_t watcher, bool blocked, void *),
		    void *arg);

/*
 * Finding people (the directory and buddy suggestions). Only active
 * accounts other than the asker, with no block either way, and each filter
 * only on a field its owner shows. Passed to cb in order, each with its
 * region closeness to the asker: 0 same region, 1 neighbouring, 2 other.
 */
struct store_people_query {
	int64_t		 asker_id;
	int64_t		 asker_region_id;
	const char	*q;		/* NULL: anyone; else handle, name, school, bio */
	uint32_t	 q_need;	/* ... or this expertise (the need q names) */
	int64_t		 region_id;	/* 0: any */
	uint32_t	 need;		/* expertise bits, any of them (0: any) */
	uint32_t	 need_exact;	/* ranked first */
	uint32_t	 phases;	/* any of them (0: any) */
	const char	*role_title;	/* NULL: any */
	const char	*school_urn;	/* NULL: any */
	int64_t		 trust_id;	/* 0: any */
	bool		 buddies;	/* opted-in buddies only, closest region first */
	int		 min_years;	/* -1: no bound */
	int		 max_years;	/* -1: no bound */
	int		 limit;
};
enum store_result store_people_find(struct store *st,
		    const struct store_people_query *query,
		    void (*cb)(const struct store_profile *, int tier, void *),
		    void *arg);

/* Buddy requests: one pending from a person to another. */
struct store_buddy_request {
	const char	*from;
	const char	*to;
	const char	*note;
	int64_t		 ts;
};
/* STORE_EXISTS when one is pending already. */
enum store_result store_buddy_request_add(struct store *st, int64_t from,
		    int64_t to, const char *note, int64_t now_ms);
enum store_result store_buddy_request_remove(struct store *st, int64_t from,
		    int64_t to);
/* Pending requests to (incoming) or from the person, oldest first, from active accounts. */
enum store_result store_buddy_requests(struct store *st, int64_t user_id,
		    bool incoming, int limit,
		    void (*cb)(const struct store_buddy_request *, void *), void *arg);


/* Blocks: a person blocking another (and dropping buddy requests between them). */
enum store_result store_block_add(struct store *st, int64_t blocker,
		    int64_t blocked, int64_t now_ms);
enum store_result store_block_remove(struct store *st, int64_t blocker,
		    int64_t blocked);
/* Whether blocker blocks blocked. */
enum store_result store_blocks(struct store *st, int64_t blocker,
		    int64_t blocked, bool *yes);
/* Whether either of the two blocks the other. */
enum store_result store_blocked_between(struct store *st, int64_t a, int64_t b,
		    bool *yes);
enum store_result store_blocks_of(struct store *st, int64_t blocker, int limit,
		    void (*cb)(const char *handle, int64_t since, void *), void *arg);

/*
 * Private rooms (store_rooms.c): buddy chats and DMs, their members, pending
 * invitations and owners, and the one DM room of each pair.
 */
enum store_result store_private_room_add(struct store *st, enum room_kind kind,
		    const char *name, int64_t owner_id, int64_t now_ms, int64_t *id);
enum store_result store_member_add(struct store *st, int64_t room_id,
		    int64_t user_id, int64_t visible_from, int64_t now_ms);
enum store_result store_member_remove(struct store *st, int64_t room_id,
		    int64_t user_id);
enum store_result store_room_invite_add(struct store *st, int64_t room_id,
		    int64_t user_id, int64_t inviter_id, int64_t now_ms);
enum store_result store_room_invite_remove(struct store *st, int64_t room_id,
		    int64_t user_id);
enum store_result store_room_invite_from(struct store *st, int64_t room_id,
		    int64_t user_id, int64_t *inviter_id);

struct store_invitation {
	const char	*room;		/* canonical room id */
	enum room_kind	 kind;
	const char	*name;
	const char	*from;		/* the inviter's handle */
	int64_t		 ts;
};
/* A person's pending invitations, oldest first, at most limit. */
enum store_result store_room_invites_of(struct store *st, int64_t user_id,
		    int limit, void (*cb)(const struct store_invitation *, void *),
		    void *arg);
/* Members and pending invitations together. */
enum store_result store_room_headcount(struct store *st, int64_t room_id,
		    int64_t *count);
/* Who belongs: for national and region rooms, everyone active there. */
enum store_result store_room_member_count(struct store *st,
		    const struct store_room *room, int64_t *count);

struct store_member {
	int64_t		 user_id;
	const char	*handle;
	const char	*name;
	bool		 accepted;	/* false: invited */
	uint32_t	 visible;	/* the fields they show (STORE_FIELD_) */
	bool		 presence_hidden;
	bool		 presence_away;
	int64_t		 last_seen_ms;	/* 0: never */
	bool		 blocked;	/* a block between them and the asker */
};
/*
 * A room's people by handle, those after `after` ("" for the first), at
 * most limit: for national and region rooms everyone active there, for
 * the others their members and pending invitations.
 */
enum store_result store_room_members(struct store *st,
		    const struct store_room *room, int64_t asker_id,
		    const char *after, int limit,
		    void (*cb)(const struct store_member *, void *), void *arg);
/* When the owner leaves, the longest-standing member becomes the owner. */
enum store_result store_room_owner_handover(struct store *st, int64_t room_id,
		    int64_t leaver_id);
enum store_result store_room_rename(struct store *st, int64_t room_id,
		    const char *name);
enum store_result store_dm_find(struct store *st, int64_t a, int64_t b,
		    int64_t *room_id);
enum store_result store_dm_add(struct store *st, int64_t a, int64_t b,
		    int64_t room_id);
/* Whether a block between its two people closes this DM room. */
enum store_result store_dm_blocked(struct store *st, int64_t room_id,
		    bool *blocked);
enum store_result store_dm_partner(struct store *st, int64_t room_id,
		    int64_t user_id, int64_t *partner_id);

/*
 * Trusts (multi-academy trusts). Adding a trust also creates its chat room
 * "trust:<id>" and its board; a person belongs to at most one trust, and
 * belonging makes them a member of the trust's room.
 */
struct store_trust {
	int64_t		 id;
	const char	*name;
	int64_t		 region_id;
	const char	*region;	/* slug */
	int64_t		 members;
};

enum store_result store_trust_add(struct store *st, const char *name,
		    int64_t region_id, int64_t now_ms, int64_t *id);
enum store_result store_trust_list(struct store *st,
		    void (*cb)(const struct store_trust *, void *), void *arg);
enum store_result store_trust_exists(struct store *st, int64_t id);
/* trust_id 0 takes the person out of their trust. */
enum store_result store_trust_member_set(struct store *st, int64_t user_id,
		    int64_t trust_id);
/* Ids the caller frees (v). */
struct store_ids {
	int64_t		*v;
	size_t		 n;
};
/*
 * Takes (and forgets) up to limit people whose trust, region, role or name
 * changed since the last take.
 */
enum store_result store_user_changes_take(struct store *st, int limit,
		    struct store_ids *out);

/*
 * The schools register (staffroomctl import gias). A school is put as the
 * export has it; changes says what that changed (0: nothing, so nothing
 * was written). Schools missing from an export stay as they were.
 */
struct store_school {
	int64_t		 urn;
	const char	*name;
	const char	*kind;		/* TypeOfEstablishment */
	const char	*phase;
	const char	*status;
	bool		 closed;
	const char	*la;		/* local authority */
	int64_t		 region_id;
	int64_t		 trust_id;	/* 0: none */
};
#define STORE_SCHOOL_ADDED	0x1
#define STORE_SCHOOL_UPDATED	0x2
#define STORE_SCHOOL_RENAMED	0x4	/* with UPDATED */
#define STORE_SCHOOL_MOVED	0x8	/* another trust or none; with UPDATED */
#define STORE_SCHOOL_CLOSED	0x10	/* open before; with UPDATED */
enum store_result store_school_put(struct store *st, const struct store_school *s,
		    int64_t now_ms, unsigned *changes);
/*
 * The trust with this GIAS code: found, or the uncoded trust of this name
 * (made by hand) taking the code, or made anew in region_id (*created).
 * STORE_EXISTS when another coded trust has the name.
 */
/*
 * The region, name and trust (0: none; trust_id may be NULL) of the school
 * with this URN (STORE_NOT_FOUND: none).
 */
enum store_result store_school_place(struct store *st, int64_t urn,
		    int64_t *region_id, char *name, size_t size,
		    int64_t *trust_id);
/* Whether the register holds any school (an import was made). */
enum store_result store_schools_any(struct store *st, bool *any);
/* The trust with this id, name (any case) or GIAS code; STORE_NOT_FOUND. */
enum store_result store_trust_find(struct store *st, const char *text,
		    int64_t *id);
enum store_result store_trust_for_code(struct store *st, const char *code,
		    const char *name, int64_t region_id, int64_t now_ms,
		    int64_t *id, bool *created);

/* Boards. */

struct store_board {
	int64_t		 id;
	char		 name[PROTO_MAX_NAME * 4 + 1];
	enum board_scope scope;
	char		 scope_ref[80];	/* "national", "region:<slug>", "trust:<id>", "private", "series:<id>" */
	int64_t		 region_id;	/* the region's board, or the trust's region */
	int64_t		 trust_id;	/* BOARD_TRUST */
	bool		 archived;
	bool		 member;	/* the person asked about is a named member (or in the series) */
};

/*
 * What policy needs to know of a person to decide about a board: who they
 * are, where, in which trust, and whether they are a named member of the
 * board the lookup was about.
 */
struct store_viewer {
	int64_t		 user_id;
	char		 handle[PROTO_HANDLE_MAX + 1];
	int64_t		 region_id;
	int64_t		 trust_id;	/* 0: none */
	enum role	 role;
	bool		 disabled;
	bool		 member;
	bool		 observer;	/* BOARD_SERIES: in the series to read only */
	struct store_mod_scopes mods;	/* what they moderate */
};

enum store_result store_board_add(struct store *st, const char *name,
		    enum board_scope scope, int64_t region_id, int64_t trust_id,
		    int64_t now_ms, int64_t *id);
enum store_result store_board_member_add(struct store *st, int64_t board_id,
		    int64_t user_id);
enum store_result store_board_set_archived(struct store *st, int64_t id,
		    bool archived);
/* The board, with member set for user_id (0: nobody). */
enum store_result store_board_get(struct store *st, int64_t id,
		    int64_t user_id, struct store_board *out);
/* Every board by id, member set for user_id; policy.c filters. */
enum store_result store_board_list(struct store *st, int64_t user_id,
		    void (*cb)(const struct store_board *, void *), void *arg);
/* Unread posts, unread mentions and threads with visible posts, each up to cap. */
struct store_board_counts {
	int64_t		 unread;
	int64_t		 mentions;
	int64_t		 threads;
};
enum store_result store_board_counts(struct store *st, int64_t board_id,
		    int64_t user_id, int64_t cap, struct store_board_counts *out);

/* The person (by id or handle), as a viewer of board_id. */
enum store_result store_viewer_by_id(struct store *st, int64_t user_id,
		    int64_t board_id, struct store_viewer *out);
enum store_result store_viewer_by_handle(struct store *st, const char *handle,
		    int64_t board_id, struct store_viewer *out);

/* Threads. */
struct store_thread {
	int64_t		 id;
	int64_t		 board_id;
	int64_t		 user_id;
	const char	*author;
	const char	*title;
	uint32_t	 tags;		/* bit i: proto_tag_name(i) */
	bool		 pinned;
	bool		 locked;
	int64_t		 posts;		/* visible posts */
	int64_t		 last_post_id;
	int64_t		 last_post_ts;
	int64_t		 created_ms;
	int64_t		 read_upto;	/* the viewer's, in pages */
	int64_t		 unread;	/* the viewer's, up to the page's cap */
};

enum store_result store_thread_get(struct store *st, int64_t id,
		    void (*cb)(const struct store_thread *, void *), void *arg);
/*
 * A board's threads in page order (pinned first, then newest post first)
 * after the cursor (pinned, last_post_id) of the previous page's last thread;
 * pass (1, INT64_MAX) for the first page. tags (0: any) keeps threads with
 * any of those tags; empty threads (every post hidden) only when with_empty.
 */
struct store_thread_page {
	int64_t		 board_id;
	int64_t		 user_id;	/* for read_upto and unread */
	int64_t		 after_pinned;
	int64_t		 after_last;
	uint32_t	 tags;
	bool		 with_empty;
	int		 limit;
	int64_t		 cap;		/* unread counts stop here */
};
enum store_result store_thread_page(struct store *st,
		    const struct store_thread_page *page,
		    void (*cb)(const struct store_thread *, void *), void *arg,
		    bool *more);
enum store_result store_thread_set_flags(struct store *st, int64_t id,
		    bool pinned, bool locked);
enum store_result store_thread_move(struct store *st, int64_t id,
		    int64_t board_id);
/* Read markers only move forward; *upto receives the marker after. */
enum store_result store_thread_read(struct store *st, int64_t user_id,
		    int64_t thread_id, int64_t upto, int64_t *after);

/* Posts. */
struct store_post {
	int64_t		 id;
	int64_t		 thread_id;
	int64_t		 board_id;
	int64_t		 user_id;
	const char	*author;
	const char	*body;
	int64_t		 quote_post;	/* 0: no quote */
	const char	*quote_text;
	int64_t		 ts;
	int64_t		 edited_ms;	/* 0: never edited */
	bool		 hidden;
	bool		 personal_data;	/* confirmed past the pupil-data guard */
};

/*
 * A new thread with its opening post p (board_id, user_id, body, ts set; its
 * thread_id and id are filled in), watched by its author; all or nothing.
 */
enum store_result store_thread_create(struct store *st, const char *title,
		    uint32_t tags, struct store_post *p, int64_t *thread_id);
/* The post's thread counters and search index follow (triggers). */
enum store_result store_post_add(struct store *st, const struct store_post *p,
		    int64_t *id);
enum store_result store_post_get(struct store *st, int64_t id,
		    void (*cb)(const struct store_post *, void *), void *arg);
/* Posts of a thread with id > after, oldest first; hidden ones only when asked. */
enum store_result store_post_page(struct store *st, int64_t thread_id,
		    int64_t after, int limit, bool with_hidden,
		    void (*cb)(const struct store_post *, void *), void *arg,
		    bool *more);
/* Up to limit visible posts of a thread with id < before, newest first. */
enum store_result store_post_before(struct store *st, int64_t thread_id,
		    int64_t before, int limit,
		    void (*cb)(const struct store_post *, void *), void *arg);
/* Hidden posts of a board, newest first, with id < before (0: the newest). */
enum store_result store_post_hidden_page(struct store *st, int64_t board_id,
		    int64_t before, int limit,
		    void (*cb)(const struct store_post *, void *), void *arg,
		    bool *more);
/*
 * The old body is kept as a version (trigger). personal_data marks the post;
 * an edit never takes a mark away (an earlier version still has the data).
 */
enum store_result store_post_edit(struct store *st, int64_t id,
		    const char *body, int64_t now_ms, bool personal_data);
/* Every version, oldest first, the current one last (ts, body). */
enum store_result store_post_versions(struct store *st, int64_t id,
		    void (*cb)(int64_t ts, const char *body, void *), void *arg);
/* by: who hid it (ignored when showing again). */
enum store_result store_post_set_hidden(struct store *st, int64_t id,
		    bool hidden, int64_t by);
enum store_result store_post_mention_add(struct store *st, int64_t user_id,
		    int64_t board_id, int64_t post_id);

/* Watching a board or a thread for live post events. */
enum watch_kind {
	WATCH_BOARD,
	WATCH_THREAD,
};
enum store_result store_watch_set(struct store *st, enum watch_kind kind,
		    int64_t target, int64_t user_id, bool on);
/*
 * Up to limit people watching the board or the thread, as viewers of the
 * board (so policy can check each before telling them anything).
 */
enum store_result store_watchers(struct store *st, int64_t board_id,
		    int64_t thread_id, int limit,
		    void (*cb)(const struct store_viewer *, void *), void *arg);

#include "store_mod.h"
#include "store_meetings.h"
#include "store_records.h"

#endif
