/*
 * op.h: the op layer. Every request names an op; each op is one row of a
 * table in the op file that owns its namespace (op_room.c owns room.* and
 * rooms.*, ...). The dispatcher (op.c) does what every op needs, in this
 * order, before the op's handler runs:
 *
 *   1. join sessions run only rows flagged OP_IN_JOIN, and only they run
 *      rows flagged OP_JOIN_ONLY;
 *   2. the row's target is read from the request and resolved (OP_TARGET_*);
 *   3. policy.c answers the row's question about the person and the target,
 *      and a refusal is answered with the target kind's code (rooms
 *      forbidden; boards, threads and posts not_found) (op_target.c);
 *   4. user text (OP_TEXT: the "body" field) is validated — and this is
 *      where the pupil-data guard is asked (guard.c);
 *   5. rows with a flood kind: FLOOD_POST is refused muted while a mute
 *      holds in the target's room (boards: room 0), and any kind is refused
 *      rate_limited when the person has no token of it left (flood.c);
 *   6. the handler runs, in the op's own savepoint (stage.c): its writes
 *      and its output are kept or undone together;
 *   7. rows flagged OP_AUDIT: when the handler succeeded, the audit row
 *      (the person, the op, the target and what the handler put in
 *      ctx->audit) is appended in the same savepoint, so the act and its
 *      row are committed together or not at all. Handlers never write
 *      audit rows themselves.
 *   8. rows with a flood kind: the token is spent once the handler did its
 *      work (succeeded, or began it off the loop), so a request the handler
 *      refuses costs none. Handlers never call the limiter themselves.
 * A refused op never reaches its handler. While the turn before is being
 * committed (store_writer.c) only rows flagged OP_READS run, on the last
 * commit; the others wait for that commit (op_must_wait).
 *
 * Adding an op: a handler and a row in its owner's op_<area>.c, its store
 * function, proto/PROTOCOL.md and tests. Nothing in conn.c, hub.c,
 * server.c or ssh.c.
 */
#ifndef OP_H
#define OP_H

#include "staffroomd.h"
#include "guard.h"

enum op_target {
	OP_TARGET_NONE,		/* the handler reads its own fields */
	OP_TARGET_ROOM,		/* "room": a room id */
	OP_TARGET_BOARD,	/* "board": a board the person can read */
	OP_TARGET_THREAD,	/* "thread": a thread the person can read */
	OP_TARGET_POST,		/* "post": a post as the person sees it, with its thread */
	OP_TARGET_MSG,		/* "msg": a message the person can see, with its room */
	OP_TARGET_MSG_MODERATED,/* "msg": or one its room's moderators may see */
	OP_TARGET_PERSON,	/* "handle": an active account */
	OP_TARGET_ROOM_PERSON,	/* "room", then the person "handle" in ctx->who */
	OP_TARGET_THREAD_MOVE,	/* "thread", and the "board" it goes to (ctx->to) */
	OP_TARGET_INVITATION,	/* "room": a buddy chat the person is invited to */
	OP_TARGET_SERIES,	/* "series": a series the person is in (ctx->meeting.series) */
	OP_TARGET_MEETING,	/* "meeting": a meeting of a series the person is in */
	OP_TARGET_CALENDAR,	/* "meeting" as above, or else "series" (ctx->meeting.m.id 0) */
	OP_TARGET_COUNT
};

/* A thread copied out of its row, with the board it is on and who looks. */
struct boards_thread {
	struct store_thread	 t;
	char			 author[PROTO_HANDLE_MAX + 1];
	char			 title[PROTO_MAX_TITLE * 4 + 1];
};

/* A post copied out of its row. */
struct boards_post {
	struct store_post	 p;
	char			 author[PROTO_HANDLE_MAX + 1];
	char			*body;
	char			*quote_text;
};

/* A chat message copied out of its row (its strings in text). */
struct op_msg {
	struct store_msg	 m;
	char			*text;		/* room, from and body */
	bool			 found;
};

/* A series with the asking person's role in it. */
struct series_view {
	struct store_series	 s;
	enum series_role	 role;
};

struct meeting_view {
	struct store_meeting	 m;
	struct series_view	 series;
};

/* What an op works on: the board, how the person sees it, perhaps a thread. */
struct boards_scope {
	struct store_board	 board;
	struct store_viewer	 viewer;
	struct boards_thread	 thread;
};

struct op_ctx {
	struct conn		*conn;
	const struct store_user	*me;		/* who asks (session.c's) */
	json_t			*req;		/* the request object */
	json_t			*reply;		/* fields of the success reply */
	char			 message[256];	/* error message; the code's default when empty */
	uint64_t		 retry_after_ms;

	/* What the dispatcher resolved for the row, before the handler. */
	struct store_room	 room;		/* OP_TARGET_ROOM */
	struct boards_scope	 scope;		/* _BOARD, _THREAD, _POST, _THREAD_MOVE */
	struct boards_post	 post;		/* OP_TARGET_POST */
	struct op_msg		 msg;		/* OP_TARGET_MSG*, in ctx->room */
	struct store_user	 who;		/* OP_TARGET_PERSON */
	struct boards_scope	 to;		/* OP_TARGET_THREAD_MOVE: where it goes */
	struct meeting_view	 meeting;	/* OP_TARGET_MEETING; _SERIES: .series */
	const char		*text;		/* OP_TEXT: the validated "body" */

	/* The guard's refusal: what it found, and whether it may be confirmed. */
	unsigned		 guard_kinds;
	bool			 guard_confirmable;
	/* The guard let flagged text through because its author confirmed it. */
	bool			 guard_confirmed;

	/*
	 * OP_AUDIT: what the handler tells the audit row. Unset, the target
	 * is the row's resolved one (room, board or thread) and reason and
	 * detail are empty. Never a hidden message's or post's text.
	 */
	struct {
		const char	*target_kind;	/* "post", "msg", "user", ... */
		int64_t		 target_id;
		const char	*reason;	/* the moderator's; lives as long as req */
		char		 detail[256];	/* op_audit_detail */
		bool		 skip;		/* not a moderator's act (an author's own) */
	} audit;
	/* Slow mode held for the person (flood_slow_check): its interval. */
	int			 slow_s;
	/* A mute's refusal: when it ends (0: when lifted). */
	int64_t			 muted_until;
	/* The handler told nobody (dm.open of an open DM): no token is spent. */
	bool			 told_nobody;
	/* The request field a refusal is about ("school.urn"), for forms. */
	const char		*field;
	/* The strongest watched word the text met (words_admit); id 0: none. */
	struct {
		int64_t			 id;
		enum store_words_action	 action;
		char			 label[PROTO_WORDS_MAX_LABEL * 4 + 1];
		struct store_mod_scope	 scope;		/* where it was met */
	} words;
};

#define OP_IN_JOIN	0x1	/* allowed in a join session */
#define OP_TEXT		0x2	/* "body" is user text: validated (then guarded) */
#define OP_AUDIT	0x4	/* a moderator's or admin's act: an audit row */
#define OP_MEETING	0x8	/* with OP_TEXT: guarded by the meetings' rule, not the room's */
/*
 * Other fields of user text that people beyond any one room read (names,
 * a bio, report and moderation reasons, a request's note): guarded under
 * the national rule, before the handler runs.
 */
#define OP_GUARD_NAME	0x10	/* "name" */
#define OP_GUARD_BIO	0x20	/* "bio" */
#define OP_GUARD_REASON	0x40	/* "reason" */
#define OP_GUARD_NOTE	0x80	/* "note" */
#define OP_GUARD_JOB_TITLE 0x100	/* "job_title" */
/* Invite codes are for newcomers: someone with an account never redeems one. */
#define OP_JOIN_ONLY	0x200
/*
 * It only reads: it runs while the store's commit is in flight, on the
 * last committed state (store_writer.c); every other op waits for it.
 */
#define OP_READS	0x400

/*
 * One op. A row lists what the dispatcher does around the handler; rows
 * that do not name a target or a question (OP_TARGET_NONE, POLICY_NONE)
 * leave those steps to the handler.
 */
struct op_entry {
	const char		*name;
	enum proto_error	(*exec)(struct op_ctx *);
	unsigned		 flags;		/* OP_* */
	enum op_target		 target;
	enum policy_question	 ask;		/* about the person and the target */
	enum flood_kind		 flood;		/* a token to take, or FLOOD_NONE */
};
#define OP_END	{ NULL, NULL, 0, OP_TARGET_NONE, POLICY_NONE, FLOOD_NONE }

/* The ops of one file, and the namespaces ("room" for room.*) it owns. */
struct op_file {
	const char *const	*owns;		/* NULL-terminated; an op without a dot is its own */
	const struct op_entry	*ops;		/* ends with a NULL name */
};

extern const struct op_file op_room_file;
extern const struct op_file op_invite_file;
extern const struct op_file op_dm_file;
extern const struct op_file op_buddy_file;
extern const struct op_file op_session_file;
extern const struct op_file op_profile_file;
extern const struct op_file op_user_file;
extern const struct op_file op_people_file;
extern const struct op_file op_region_file;
extern const struct op_file op_account_file;
extern const struct op_file op_presence_file;
extern const struct op_file op_board_file;
extern const struct op_file op_thread_file;
extern const struct op_file op_post_file;
extern const struct op_file op_msg_file;
extern const struct op_file op_search_file;
extern const struct op_file op_mod_file;
extern const struct op_file op_admin_file;
extern const struct op_file op_series_file;
extern const struct op_file op_meeting_file;
extern const struct op_file op_record_file;
extern const struct op_file op_vote_file;
extern const struct op_file op_email_file;
extern const struct op_file op_words_file;

/*
 * op_target.c: steps 2 and 3 for the row's target kind (resolve, ask
 * policy, refuse with the kind's code), and what a resolved target holds
 * that must be freed after the handler.
 */
enum proto_error op_target_admit(struct op_ctx *, const struct op_entry *);
void		 op_target_free(struct op_ctx *);

/* Answers one decoded request on the conn (conn.c hands them up here). */
void		 op_dispatch(struct conn *, struct proto_request *);
/* Whether a request line must wait for the commit in flight (conn.c). */
bool		 op_must_wait(struct conn *, const char *line, size_t len);
/* The row of the op named, or NULL. */
const struct op_entry *op_find(const char *name);

enum proto_error op_fail(struct op_ctx *, enum proto_error, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
/* OP_AUDIT: the audit row's target, and a line of detail (ids, not text). */
void		 op_audit_target(struct op_ctx *, const char *kind, int64_t id);
void		 op_audit_detail(struct op_ctx *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/*
 * An op that must do slow work (argon2id) off the loop returns OP_PENDING
 * after op_async_begin; its connection reads no further requests until
 * op_async_finish sends the reply, so replies stay in request order.
 */
#define OP_PENDING	PROTO_ERR_COUNT

struct op_async	*op_async_begin(struct op_ctx *, void *data);
/* The work could not start: forget it before it began (no reply is sent). */
void		 op_async_cancel(struct op_async *a);
/* Before the completion writes anything on the loop (its own savepoint). */
void		 op_async_resume(struct op_async *a);
/* Sends the reply (or error) if the conn still exists, frees a, resumes the conn. */
void		 op_async_finish(struct op_async *a);

/*
 * The pupil-data guard for user text in scope: PROTO_OK, or the refusal
 * personal_data_suspected (its kinds and confirmable go in the error).
 * Ops call it after the text is valid and before the flood token.
 */
enum proto_error op_guard(struct op_ctx *, enum guard_scope, const char *text);
enum guard_scope op_guard_room_scope(const struct store_room *);
/* (Re)reads the guard's rules per scope: at start and after each ctl commit. */
void		 op_guard_load(struct store *);

/* "reason" (required or not): text people read, not blank (op_mod.c). */
enum proto_error mod_reason_arg(struct op_ctx *, bool required,
		    const char **reason);

/* op_mod.c: reports, and what sanctions do outside the mod.* ops. */
#define MOD_REPORT_OTHER	4	/* a report's kind "other": the default */
/* A new entry for the online moderators of scope (item: msg, post, held). */
void		 mod_tell_moderators(const struct store_mod_scope *, int64_t entry,
		    const char *item, int kind);
/* The entry left the queue (by: who decided): for the scope's online moderators. */
void		 mod_tell_resolved(const struct store_mod_scope *, int64_t entry,
		    const char *by);
/* Reads "kind" and "reason" and files the report in the item's queue entry. */
enum proto_error mod_report(struct op_ctx *, enum store_item_kind, int64_t item_id,
		    int64_t author_id, const struct store_mod_scope *);
enum proto_error mod_check_muted(struct op_ctx *, int64_t room_id);
/* A sanction as the protocol shows it (mod.queue, admin.person, the sanction event). */
json_t		*mod_sanction_json(const struct store_sanction *);
/* A suspended or banned person's session is told why and closed: true. */
bool		 mod_session_barred(struct conn *, const struct store_user *);
/* After the hello: the sanctions made while the person was away. */
void		 mod_session_started(struct conn *);
/*
 * op_msg.c: the "msg" field's message as the person sees it, with its room
 * (not_found otherwise); moderating, as a moderator of its room sees it.
 */
enum proto_error msg_find(struct op_ctx *, struct op_msg *, struct store_room *,
		    bool moderating);
/* op_msg.c: everyone who had the message learns it went. */
void		 msg_publish_hidden(struct op_ctx *, const struct store_room *,
		    int64_t msg_id, bool moderated);

/*
 * op_room.c: stores from's message in the room and tells everyone watching
 * it but except (may be NULL), and those it mentions; *msg is its object.
 */
enum store_result chat_deliver(const struct store_user *from,
		    const struct store_room *room, const char *body,
		    bool personal_data, struct conn *except, struct store_msg *m,
		    json_t **msg);

/*
 * op_words.c: the watched words of scope against texts (a title and a
 * body, or one body): word_blocked for a block rule, and for a hold rule
 * where holdable is false (edits are not held); otherwise the strongest
 * rule met is left in ctx->words for the handler.
 */
enum proto_error words_admit(struct op_ctx *, const struct store_mod_scope *,
		    const char *const *texts, size_t n, bool holdable);
/* The same for a post's text on a board (none on private boards). */
enum proto_error words_admit_board(struct op_ctx *, const struct store_board *,
		    const char *const *texts, size_t n, bool holdable);
/* room.send under a hold rule: the message waits in the queue. */
enum proto_error words_hold(struct op_ctx *);
/* Any held item (its room or board, thread, texts set): waits in the queue. */
enum proto_error words_hold_item(struct op_ctx *, struct store_held *);
/* After the item is stored: a flag rule's queue entry (else nothing). */
enum proto_error words_flag(struct op_ctx *, enum store_item_kind, int64_t id);
/* mod.queue: a held message's entry shows it as "held". */
void		 words_held_item(int64_t held_id, json_t *entry);
/* A session starts: the outcomes of held messages decided while away. */
void		 words_held_untold(struct conn *, int64_t now);

/* oparg.c: fields several op modules read. */
/* One line of text (a name), 1 to max characters, not starting with a space. */
enum proto_error op_line_arg(struct op_ctx *, const char *key, size_t max,
		    const char **out);
/* The same, for a field of another object of the request. */
enum proto_error op_line_field(struct op_ctx *, json_t *obj, const char *key,
		    size_t max, const char **out);
/* A handle naming an active account: bad_request, or not_found (disabled too). */
enum proto_error op_handle_arg(struct op_ctx *, json_t *value, struct store_user *);
enum proto_error op_user_arg(struct op_ctx *, const char *key, struct store_user *);
enum proto_error op_scope_arg(struct op_ctx *, const char *key,
		    struct store_mod_scope *);

#endif
