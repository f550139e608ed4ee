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

/*
 * Meeting series, meetings, agendas and records (store_meetings.c). Who is
 * in a series: its named people who accepted, with their role, and everyone
 * in a trust that joined it, as members (the named role wins).
 */
enum series_role {
	SERIES_NONE = -1,	/* not in the series */
	SERIES_OBSERVER = 0,	/* reads only */
	SERIES_MEMBER = 1,
	SERIES_MINUTES = 2,	/* the minute taker */
	SERIES_CHAIR = 3,
};

struct store_series {
	int64_t		 id;
	char		 name[PROTO_MAX_NAME * 4 + 1];
	int64_t		 owner_id;
	char		 owner[PROTO_HANDLE_MAX + 1];
	int64_t		 board_id;
	int64_t		 created_ms;
};

/* A new series owned (and chaired) by owner_id, with its board; *id. */
enum store_result store_series_add(struct store *st, const char *name,
		    int64_t owner_id, int64_t now_ms, int64_t *id);
enum store_result store_series_get(struct store *st, int64_t id,
		    struct store_series *out);
/*
 * The person's role in the series: SERIES_NONE when not in it, and when
 * the store fails (logged), so a failure denies.
 */
enum series_role store_series_role(struct store *st, int64_t series_id,
		    int64_t user_id);
/* A named person: invited (accepted false) or in, with a role; replaces a row. */
enum store_result store_series_person_set(struct store *st, int64_t series_id,
		    int64_t user_id, enum series_role role, bool accepted,
		    int64_t inviter_id, int64_t now_ms);
/* The person's row (named or invited): STORE_NOT_FOUND when none. */
enum store_result store_series_person(struct store *st, int64_t series_id,
		    int64_t user_id, enum series_role *role, bool *accepted);
enum store_result store_series_person_remove(struct store *st,
		    int64_t series_id, int64_t user_id);
/* A trust invited through invitee_id (accepted false), or in. */
enum store_result store_series_trust_set(struct store *st, int64_t series_id,
		    int64_t trust_id, bool accepted, int64_t invitee_id,
		    int64_t inviter_id, int64_t now_ms);
enum store_result store_series_trust_remove(struct store *st,
		    int64_t series_id, int64_t trust_id);
/* The trust a person is in; 0 when none. */
enum store_result store_user_trust(struct store *st, int64_t user_id,
		    int64_t *trust_id);
enum store_result store_trust_member_ids(struct store *st, int64_t trust_id,
		    int limit, void (*cb)(int64_t user_id, void *), void *arg);
/* Drops the trust invitations in the series made through invitee_id. */
enum store_result store_series_trust_decline(struct store *st,
		    int64_t series_id, int64_t invitee_id, bool *declined);
/* Accepts every trust invitation in the series made through invitee_id. */
enum store_result store_series_trust_accept(struct store *st,
		    int64_t series_id, int64_t invitee_id, int64_t *accepted);

struct store_series_person {
	int64_t		 user_id;
	const char	*handle;
	const char	*name;
	enum series_role role;
	bool		 accepted;
};
/* The named people of a series, chairs first, then by handle. */
enum store_result store_series_people(struct store *st, int64_t series_id,
		    void (*cb)(const struct store_series_person *, void *),
		    void *arg);
struct store_series_trust {
	int64_t		 trust_id;
	const char	*name;
	bool		 accepted;
	const char	*invitee;	/* handle, or "" */
};
enum store_result store_series_trusts(struct store *st, int64_t series_id,
		    void (*cb)(const struct store_series_trust *, void *),
		    void *arg);
/* Ids of everyone in the series (at most limit), for telling them. */
enum store_result store_series_member_ids(struct store *st, int64_t series_id,
		    int limit, void (*cb)(int64_t user_id, void *), void *arg);
/*
 * The series a person is in (role set) or is invited to, by person or for
 * their trust (role SERIES_NONE, invited true), by id.
 */
enum store_result store_series_of(struct store *st, int64_t user_id,
		    void (*cb)(const struct store_series *, enum series_role,
		    bool invited, void *), void *arg);

struct store_meeting {
	int64_t		 id;		/* also its room's id: "meeting:<id>" */
	int64_t		 series_id;
	char		 series[PROTO_MAX_NAME * 4 + 1];
	char		 title[PROTO_MAX_TITLE * 4 + 1];
	int64_t		 start_ms;
	int		 length_min;
	int64_t		 started_ms;	/* 0: not started */
	int64_t		 ended_ms;	/* 0: not ended */
	int64_t		 item_id;	/* the current agenda item, 0: none */
	int64_t		 item_since_ms;
	char		 topic[PROTO_MAX_TITLE * 4 + 1];
	int64_t		 thread_id;	/* the minutes, once posted */
	int64_t		 created_ms;
	int64_t		 sequence;	/* raised by each change a calendar shows */
};

/* A meeting with its room; *id is both. */
enum store_result store_meeting_add(struct store *st, int64_t series_id,
		    const char *title, int64_t start_ms, int length_min,
		    int64_t created_by, int64_t now_ms, int64_t *id);
enum store_result store_meeting_get(struct store *st, int64_t id,
		    struct store_meeting *out);
enum store_result store_meeting_start(struct store *st, int64_t id,
		    int64_t now_ms);
enum store_result store_meeting_end(struct store *st, int64_t id,
		    int64_t now_ms, int64_t thread_id);
/* Moves to item_id (0: none), adding the time since the last move to the item left. */
enum store_result store_meeting_set_item(struct store *st, int64_t id,
		    int64_t item_id, int64_t now_ms);
enum store_result store_meeting_set_thread(struct store *st, int64_t id,
		    int64_t thread_id);
/*
 * A meeting not ended, and its room, as now titled, timed and long; its
 * SEQUENCE rises (trigger), and a moved start is reminded of again.
 */
enum store_result store_meeting_edit(struct store *st, int64_t id,
		    const char *title, int64_t start_ms, int length_min);
/* Handles of everyone who has a visible message in the room, by handle. */
enum store_result store_room_authors(struct store *st, int64_t room_id,
		    void (*cb)(const char *handle, void *), void *arg);
/* store_meeting_live.c: the person joined the live meeting's room (once counts). */
enum store_result store_meeting_join(struct store *st, int64_t meeting_id,
		    int64_t user_id, bool observer, int64_t now_ms);
/* Who joined the meeting's room, by handle; observer: joined to read only. */
enum store_result store_meeting_attendees(struct store *st, int64_t meeting_id,
		    void (*cb)(const char *handle, bool observer, void *), void *arg);
/* The speaker queue, in the order people asked; asking again keeps the place. */
struct store_queued {
	int64_t		 user_id;
	const char	*handle;
	const char	*note;
};
enum store_result store_queue_add(struct store *st, int64_t meeting_id,
		    int64_t user_id, const char *note);
/* STORE_NOT_FOUND when the person was not queued. */
enum store_result store_queue_remove(struct store *st, int64_t meeting_id,
		    int64_t user_id);
/* Empties the queue and takes the floor back: each item starts afresh. */
enum store_result store_queue_clear(struct store *st, int64_t meeting_id);
enum store_result store_queue(struct store *st, int64_t meeting_id,
		    void (*cb)(const struct store_queued *, void *), void *arg);
/* Who a chair gave the floor to, until the item moves or the meeting ends. */
enum store_result store_floor_give(struct store *st, int64_t meeting_id,
		    int64_t user_id, int64_t by_id);
/* The handles of who has the floor and who gave it; STORE_NOT_FOUND: nobody. */
enum store_result store_floor(struct store *st, int64_t meeting_id,
		    char *handle, char *by, size_t size);
/* A vote in a meeting, with how many have voted so far. */
struct store_vote {
	int64_t		 id;
	int64_t		 meeting_id;
	int64_t		 item_id;	/* 0: before the first item */
	const char	*question;
	bool		 anonymous;
	int64_t		 opened_by;	/* store_vote_open */
	char		 opener[PROTO_HANDLE_MAX + 1];	/* read back */
	int64_t		 opened_ms;
	int64_t		 closed_ms;	/* 0: open */
	int64_t		 voters;
	int		 noptions;	/* read back */
	char		 question_buf[PROTO_MAX_TITLE * 4 + 1];
};
/* Options are numbered 1..noptions; *id. */
enum store_result store_vote_open(struct store *st, const struct store_vote *,
		    const char *const *options, size_t noptions, int64_t *id);
enum store_result store_vote_get(struct store *st, int64_t id,
		    struct store_vote *out);
enum store_result store_votes(struct store *st, int64_t meeting_id,
		    void (*cb)(const struct store_vote *, void *), void *arg);
/* Each option with its count so far. */
enum store_result store_vote_options(struct store *st, int64_t vote_id,
		    void (*cb)(int n, const char *text, int64_t count, void *),
		    void *arg);
/* A named vote's choices, by option then handle (an anonymous one has none). */
enum store_result store_vote_choices(struct store *st, int64_t vote_id,
		    void (*cb)(int n, const char *handle, void *), void *arg);
/*
 * A named vote: the person's choice, replacing any earlier one. An
 * anonymous vote: STORE_EXISTS when they have voted, else they are marked
 * as having voted and option n's counter goes up.
 */
enum store_result store_vote_cast(struct store *st, const struct store_vote *,
		    int64_t user_id, int n, int64_t now_ms);
/* STORE_NOT_FOUND when it was closed already. */
enum store_result store_vote_close(struct store *st, int64_t id,
		    int64_t now_ms);
/*
 * Reminders of meetings not started: reminded is 0 (none sent), 1 (the
 * one ahead_ms before the start) or 2 (the one at the start too). Due:
 * those whose next reminder's time has come by now_ms, soonest first.
 */
enum store_result store_reminders_due(struct store *st, int64_t now_ms,
		    int64_t ahead_ms, int limit,
		    void (*cb)(int64_t id, int reminded, int64_t start_ms, void *),
		    void *arg);
enum store_result store_meeting_reminded(struct store *st, int64_t id,
		    int reminded);
/* When the next reminder is due; 0: none is. */
enum store_result store_reminder_next(struct store *st, int64_t ahead_ms,
		    int64_t *when_ms);
enum store_result store_meeting_set_topic(struct store *st, int64_t id,
		    const char *topic);
/* A meeting room as one person finds it: their role in its series, and live. */
enum store_result store_meeting_room(struct store *st, int64_t room_id,
		    int64_t user_id, enum series_role *role, bool *live);
/* Meetings not ended of every series the person is in, by start time. */
enum store_result store_meetings_ahead(struct store *st, int64_t user_id,
		    int limit, void (*cb)(const struct store_meeting *, void *),
		    void *arg);
/* Up to limit meetings of the series by start time, after meeting after (0: all). */
enum store_result store_series_meetings(struct store *st, int64_t series_id,
		    int64_t after, int limit,
		    void (*cb)(const struct store_meeting *, void *), void *arg);
/* The series' meeting before this one (by start time), or STORE_NOT_FOUND. */
enum store_result store_meeting_previous(struct store *st,
		    const struct store_meeting *m, int64_t *id);

struct store_agenda_item {
	int64_t		 id;
	int		 position;	/* 1..n */
	const char	*title;
	int64_t		 owner_id;	/* 0: none */
	const char	*owner;		/* handle, or "" */
	int		 minutes;
	int64_t		 used_ms;
};
enum store_result store_agenda_add(struct store *st, int64_t meeting_id,
		    const char *title, int64_t owner_id, int minutes,
		    int64_t *id);
/* Items in order; dropped ones are not listed. */
enum store_result store_agenda(struct store *st, int64_t meeting_id,
		    void (*cb)(const struct store_agenda_item *, void *),
		    void *arg);
/* Position 0 drops the item. */
enum store_result store_agenda_set_position(struct store *st, int64_t item_id,
		    int position);

struct store_record {
	int64_t		 id;
	int64_t		 meeting_id;
	int64_t		 item_id;	/* 0: before the first item */
	enum proto_record_kind kind;
	int64_t		 user_id;
	const char	*author;
	int64_t		 msg_id;	/* 0: not typed in the room */
	const char	*body;
	int64_t		 owner_id;	/* actions */
	const char	*owner;
	const char	*due;		/* "" when none */
	bool		 withheld;
	bool		 struck;
	int64_t		 ts;
	int64_t		 edited_ms;
	int64_t		 done_ms;	/* actions: 0 while open */
	const char	*done_by;
	const char	*done_note;
	const char	*meeting_title;	/* store_actions_* only */
	int64_t		 meeting_start_ms;
	int64_t		 series_id;
	int64_t		 vote_id;	/* PROTO_RECORD_VOTE: the vote closed */
};
enum store_result store_record_add(struct store *st,
		    const struct store_record *r, int64_t *id);
enum store_result store_record_get(struct store *st, int64_t id,
		    void (*cb)(const struct store_record *, void *), void *arg);
/* A meeting's records, oldest first. */
enum store_result store_records(struct store *st, int64_t meeting_id,
		    void (*cb)(const struct store_record *, void *), void *arg);
/* The old text is kept as a version (trigger). */
enum store_result store_record_edit(struct store *st, int64_t id,
		    const char *body, int64_t owner_id, const char *due,
		    bool withheld, int64_t now_ms);
/* Earlier versions, oldest first (the current one is the record itself). */
struct store_record_version {
	int64_t		 ts;
	const char	*body;
	const char	*owner;		/* handle, or "" */
	const char	*due;		/* "" when none */
	bool		 struck;
};
enum store_result store_record_versions(struct store *st, int64_t id,
		    void (*cb)(const struct store_record_version *, void *),
		    void *arg);
enum store_result store_record_strike(struct store *st, int64_t id,
		    int64_t now_ms);
enum store_result store_action_done(struct store *st, int64_t id,
		    int64_t by, const char *note, int64_t now_ms);
/*
 * Actions carried into a meeting: those of the series' earlier meetings
 * open when it started (or now, when it has not), not struck.
 */
enum store_result store_actions_carried(struct store *st,
		    const struct store_meeting *m,
		    void (*cb)(const struct store_record *, void *), void *arg);
/* A person's open actions in every series, overdue (by today) first. */
enum store_result store_actions_of(struct store *st, int64_t owner_id,
		    const char *today, int limit,
		    void (*cb)(const struct store_record *, void *), void *arg);

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
