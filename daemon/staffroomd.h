/*
 * staffroomd.h: the one header of the daemon and of staffroomctl, which share
 * the store, keys, passwords, logging and policy (libstaffroom.a).
 */
#ifndef STAFFROOMD_H
#define STAFFROOMD_H

#include <sys/types.h>
#include <sys/queue.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include <jansson.h>

#include "staffroom/proto.h"
#include "staffroom/common.h"
#include "store.h"
#include "guard.h"
#include "log.h"
#include "util.h"
#include "transport.h"
#include "session.h"

/* sshkey.c: public keys as authorized_keys lines and SHA256 fingerprints. */
struct sshkey_info {
	char	type[32];		/* "ssh-ed25519" */
	char	blob[8192];		/* base64 */
	char	comment[256];
	char	fingerprint[64];	/* "SHA256:..." as ssh-keygen -lf prints */
	int	bits;
};
/* Parses "TYPE BASE64 [COMMENT]"; refuses DSA and RSA under 2048 bits. */
enum proto_error sshkey_parse(const char *line, struct sshkey_info *out);
/* Generates the host keys in dir (0600) unless present. */
bool		 sshkey_generate_host_keys(const char *dir);

/*
 * mod_roles.c: a person's role and moderator scopes, as admin.role and
 * admin.scope change them and staffroomctl user set --role and mod
 * add|remove do.
 */
enum mod_change {
	MOD_CHANGED,
	MOD_SAME_ROLE,		/* the role they have */
	MOD_LAST_ADMIN,		/* the last enabled admin giving up the role */
	MOD_IS_ADMIN,		/* admins moderate every scope already */
	MOD_PRIVATE_SCOPE,	/* not national, a region or a trust */
	MOD_SCOPES_FULL,	/* STORE_MOD_SCOPES_MAX */
	MOD_HAS_SCOPE,
	MOD_LACKS_SCOPE,
	MOD_STORE_FAILED,
};
/* policy.c's decision: MOD_CHANGED, MOD_SAME_ROLE or MOD_LAST_ADMIN. */
enum mod_change	 policy_role_change(const struct store_user *, enum role,
		    int64_t enabled_admins, bool operator);
/* operator: staffroomctl's, which may leave no admin. */
enum mod_change	 mod_role_change(struct store *, const struct store_user *,
		    enum role, bool operator);
enum mod_change	 mod_scope_change(struct store *, const struct store_user *,
		    const struct store_mod_scope *, bool add);
/* What a change came to, in words; asked is the role's or the scope's name. */
void		 mod_change_text(enum mod_change, const struct store_user *,
		    const char *asked, char *buf, size_t size);

/* invite.c: codes are 128 random bits shown as grouped base32. */
#define INVITE_CODE_MAX		40
void		 invite_code_new(char code[INVITE_CODE_MAX], char short_id[12]);
/* Normalises case, spaces and dashes before hashing, so typing is forgiving. */
void		 invite_code_hash(const char *code, uint8_t hash[STORE_INVITE_HASH_BYTES]);
/* Makes a code and stores its hash; on failure the code is wiped. */
enum store_result invite_issue(struct store *, int64_t region_id,
		    int64_t school_urn, enum role, int64_t now, int64_t expires_ms,
		    char code[INVITE_CODE_MAX], char short_id[12]);
#define INVITE_SHORT_MAX	12
bool		 invite_short_id(const char *typed, char id[INVITE_SHORT_MAX]);
/* "open", "used", "expired" or "revoked". */
const char	*invite_status(const struct store_invite *, int64_t now);

/* policy.c: every read and write asks here first. Default deny. */
/* The questions an op table row asks (op.h), answered by policy_allows_*. */
enum policy_question {
	POLICY_NONE,		/* the row asks nothing; its handler does */
	POLICY_READ_ROOM,
	POLICY_POST_ROOM,
	POLICY_MANAGE_ROOM,	/* who is in a buddy chat, and its name */
	POLICY_LEAVE_ROOM,
	POLICY_READ_BOARD,
	POLICY_MODERATE_BOARD,
	POLICY_EDIT_MSG,	/* a chat message: its author, who may still post there */
	POLICY_CHAIR_SERIES,	/* a series (or its meeting): its chairs */
};
/* The row's question about a board, as the person (v) sees it. */
bool		 policy_allows_board(enum policy_question, const struct store_viewer *,
		    const struct store_board *);
/* The row's question about a series, where the person has role. */
bool		 policy_allows_series(enum policy_question, const struct store_user *,
		    enum series_role);
/* The row's question about a message by author_id; can_post: in its room. */
bool		 policy_allows_msg(enum policy_question, const struct store_user *,
		    int64_t author_id, bool can_post);
/* The row's question about a room; member: the person is listed in it. */
bool		 policy_allows_room(enum policy_question, const struct store_user *,
		    const struct store_room *, bool member);
/* Not disabled: a disabled account is nobody, wherever it is asked for. */
bool		 policy_is_somebody(const struct store_user *);
bool		 policy_can_read_room(const struct store_user *, const struct store_room *,
		    bool explicit_member);
bool		 policy_can_post_room(const struct store_user *, const struct store_room *,
		    bool explicit_member);
/* Meeting series: the person's role in the series decides (store.h). */
bool		 policy_can_see_series(const struct store_user *, enum series_role);
bool		 policy_can_chair_series(const struct store_user *, enum series_role);
bool		 policy_can_add_trust(const struct store_user *, enum series_role);
bool		 policy_can_record(const struct store_user *, enum series_role,
		    enum proto_record_kind);
bool		 policy_can_edit_record(const struct store_user *, enum series_role);
bool		 policy_can_take_floor(const struct store_user *, enum series_role);
bool		 policy_can_close_action(const struct store_user *, enum series_role,
		    int64_t owner_id);
bool		 policy_can_contact(const struct store_user *from,
		    const struct store_user *to, bool blocked);
bool		 policy_can_mention_in_room(const struct store_user *from,
		    const struct store_user *to, bool to_can_read, bool blocked);
bool		 policy_can_see_email(const struct store_user *viewer,
		    int64_t owner_id);
bool		 policy_can_see_presence(const struct store_profile *subject,
		    bool blocked);
bool		 policy_can_see_member_presence(const struct store_member *);
bool		 policy_can_manage_room(const struct store_user *,
		    const struct store_room *, bool member);
bool		 policy_can_leave_room(const struct store_user *,
		    const struct store_room *, bool member);
bool		 policy_can_edit_msg(const struct store_user *, int64_t author_id,
		    bool can_post);
bool		 policy_can_hide_msg(const struct store_user *, int64_t author_id,
		    bool can_read);
bool		 policy_can_read_board(const struct store_viewer *, const struct store_board *);
/* A yes or no that may also be "not now, for anyone". */
enum policy_answer {
	POLICY_NO,
	POLICY_YES,
	POLICY_LOCKED,		/* an archived board or a locked thread */
};
enum policy_answer policy_can_post_board(const struct store_viewer *,
		    const struct store_board *, const struct store_thread *thread);
bool		 policy_can_moderate_board(const struct store_viewer *,
		    const struct store_board *);
bool		 policy_can_moderate_scope(const struct store_user *,
		    const struct store_mod_scope *);
bool		 policy_can_moderate_room(const struct store_user *,
		    const struct store_mod_scope *);
bool		 policy_can_keep_words(const struct store_user *,
		    const struct store_mod_scope *);
bool		 policy_mod_reach(const struct store_user *, struct store_mod_reach *);
bool		 policy_takes_mod_scopes(const struct store_user *);
bool		 policy_can_give_roles(const struct store_user *actor);
bool		 policy_can_list_moderators(const struct store_user *,
		    const struct store_mod_scope *);
bool		 policy_room_writable(const struct store_room *);
bool		 policy_slow_mode_holds(const struct store_user *,
		    const struct store_room *, const struct store_mod_scope *);
bool		 policy_can_post_announcements(const struct store_user *,
		    const struct store_room *, const struct store_mod_scope *);
bool		 policy_can_sanction(const struct store_user *actor,
		    const struct store_user *target, const struct store_mod_scope *);
bool		 policy_can_oversee_person(const struct store_user *actor,
		    const struct store_user *target, bool act);
bool		 policy_can_see_address(const struct store_user *actor);
bool		 policy_can_read_audit(const struct store_user *actor);
bool		 policy_can_invite(const struct store_user *actor,
		    int64_t region_id, enum role);
bool		 policy_sanction_in_force(const struct store_sanction *, int64_t now);
bool		 policy_mute_applies(const struct store_sanction *, int64_t room_id,
		    int64_t now);
bool		 policy_bars_login(const struct store_sanction *, int64_t now);
bool		 policy_mute_in_force(const struct store_sanction *, int64_t now);
bool		 policy_can_see_hidden(const struct store_viewer *, const struct store_board *);
bool		 policy_can_edit_post(const struct store_viewer *, const struct store_board *,
		    int64_t author_id);
bool		 policy_can_hide_post(const struct store_viewer *, const struct store_board *,
		    int64_t author_id);
bool		 policy_can_mention(const struct store_viewer *target,
		    const struct store_board *, int64_t author_id,
		    bool blocked);
/* Whether text with these guard kinds (guard.h) goes through under rule. */
bool		 policy_guard(enum guard_rule, unsigned kinds, bool confirmed);

/*
 * Everything below is staffroomd's own (not linked into staffroomctl).
 */

/*
 * The op layer (op.h) answers what conn.c decodes; a conn holds the op that
 * runs off the loop for it, if any, and reads no further until it is done.
 */
struct op_ctx;
struct op_async {
	struct conn		*conn;		/* NULL once the conn is gone */
	json_t			*id;
	json_t			*reply;		/* success fields */
	enum proto_error	 err;
	char			 message[256];
	void			*data;		/* the op's own state */
	bool			 resumed;	/* op_async_resume began its stage */
};


/* chat.c */
/* The hello: the person, or NULL in a join session. */
json_t		*chat_hello(const struct store_user *);
/* The "me" object: handle, name, region and role. */
json_t		*chat_user_json(const struct store_user *);
json_t		*chat_scope_json(const struct store_mod_scope *);
/*
 * Room ids the person belongs to (for hub subscriptions and sync), and per
 * room the id after which they see messages; caller frees both.
 */
int64_t		*chat_user_rooms(const struct store_user *, uint32_t *n,
		    int64_t **floors);
/* Fills room->visible_from as well. */
bool		 chat_room_allowed(const struct store_user *, struct store_room *,
		    enum policy_question);
/* The "room" field: any existing room, or one the person may read (or post in). */
enum proto_error chat_room_lookup(struct op_ctx *, struct store_room *);
/* The one refusal for a room that is not there or not the person's. */
enum proto_error chat_room_refuse(struct op_ctx *, const char *ref);
enum proto_error chat_room_arg(struct op_ctx *, bool post, struct store_room *);
/* Whether the person moderates the room (sees its hidden messages). */
bool		 chat_moderates_room(const struct store_user *, int64_t room_id);
/*
 * The request's "hidden": with true, hidden messages come too in each of
 * the rooms the person moderates; *with says which (NULL when not asked;
 * the caller frees it). Someone who moderates nothing: forbidden.
 */
enum proto_error chat_hidden_arg(struct op_ctx *, const int64_t *rooms,
		    size_t n, bool **with);
/* {id, name, kind, with?} as the person sees it; with counts and last_id. */
json_t		*chat_room_brief(const struct store_user *, const struct store_room *);
json_t		*chat_room_json(const struct store_user *, const struct store_room *);
json_t		*chat_msg_json(const struct store_msg *);
/* A message or post body in field key: text, not blank, not too long. */
enum proto_error chat_body_arg(struct op_ctx *, const char *key, const char **body);
/* "limit" (1..PROTO_MAX_PAGE), dflt when absent. */
enum proto_error chat_limit_arg(struct op_ctx *, int64_t dflt, int64_t *limit);
/* Every room of the person as rooms.list gives them; NULL on failure. */
json_t		*chat_rooms_json(const struct store_user *);

/* buddy.c: private rooms, the helpers of op_room.c, op_buddy.c and op_dm.c. */
#define BUDDY_MAX_PEOPLE	12	/* members and pending invitations */
/* Every member watching the room hears of a membership change. */
void		 buddy_tell_members(const struct store_room *, const char *handle,
		    const char *change);
/*
 * Invites someone to an existing buddy chat the caller may manage: they
 * must be reachable, not in it already, and the room must have space.
 */
enum proto_error buddy_invite(struct op_ctx *, const struct store_room *,
		    const struct store_user *who, int64_t now);
void		 buddy_tell_invited(const struct store_room *,
		    const struct store_user *from, const struct store_user *who,
		    int64_t now);
enum proto_error buddy_can_invite(struct op_ctx *, const struct store_user *who);
json_t		*buddy_invitation_json(const struct store_invitation *);
/* Tells the person's sessions of a room that appeared or changed, or went. */
void		 buddy_tell_room(const struct store_user *, const struct store_room *);
void		 buddy_tell_gone(int64_t user_id, const struct store_room *,
		    const char *reason);
/* The person's pending buddy-chat invitations; NULL on failure. */
json_t		*buddy_invitations_json(const struct store_user *);
/* A buddy chat of two, owned by owner, both members from the start; both are told. */
enum store_result buddy_room_of_two(const struct store_user *owner,
		    const struct store_user *other, const char *name,
		    struct store_room *room);

/* people.c: profiles and the directory. */
/* Applies profile.set's fields to p; *name is a new name, or NULL. */
enum proto_error people_profile_apply(struct op_ctx *, struct store_profile *p,
		    const char **name);
/* The optional "need" and "phase" fields of a search, as bits. */
enum proto_error people_need_arg(struct op_ctx *, uint32_t *need, uint32_t *exact);
uint32_t	 people_need_words(const char *q);
enum proto_error people_phase_arg(struct op_ctx *, uint32_t *phases);
bool		 people_role_known(const char *title);
/* A school's URN as written: 6 digits. */
bool		 people_urn_valid(const char *urn);
enum store_result people_school_lookup(int64_t urn, int64_t *region_id,
		    char *name, size_t size);
/* Answers a directory query with the "people" of the reply. */
enum proto_error people_find(struct op_ctx *, const struct store_people_query *);
json_t		*people_request_json(const struct store_buddy_request *);
/* The person's incoming (or outgoing) buddy requests; NULL on failure. */
json_t		*people_requests_json(const struct store_user *, bool incoming);
/* The profile as others see it (only the fields shown), or in full (self). */
json_t		*people_profile_json(const struct store_profile *, bool self);
json_t		*people_member_json(const struct store_member *, bool self);
/* Neither blocks the other, and policy lets from reach to. */
bool		 people_can_contact(const struct store_user *from,
		    const struct store_user *to);
/* people_can_contact as the caller's refusal: not_found from a blocker. */
enum proto_error people_reach(struct op_ctx *, const struct store_user *who,
		    const char *verb);
/* not_found when who blocks the caller (and the caller does not block them). */
enum proto_error people_known(struct op_ctx *, const struct store_user *who);

/* report.c */

/* presence.c: online, away and offline, told to DM and buddy-chat partners. */
/* {handle, status}: the status as others see it ("hidden" if the person hides it). */
json_t		*presence_json(const struct store_profile *);
void		 presence_put(json_t *, int64_t user_id, bool hidden, bool away,
		    int64_t last_seen_ms);
struct event_base;
struct presence_mark;
void		 presence_init(void);
void		 presence_shutdown(void);
/*
 * Around a change that may alter a person's presence: before, then after
 * it; presence_after_set after the person's own away and hidden changed.
 */
struct presence_mark *presence_before(int64_t user_id);
void		 presence_after(struct presence_mark *);
void		 presence_after_set(struct presence_mark *, bool away, bool hidden);
/* boards.c */
/* Ids of the boards the person can read; caller frees *ids. False on failure. */
bool		 boards_readable(const struct store_user *, int64_t **ids, size_t *n);
/* The optional "board" field: 0 when absent, else a board the person can read. */
enum proto_error boards_search_board_arg(struct op_ctx *, int64_t *id);
/* The optional "tag" field as a tag mask (0 when absent). */
enum proto_error boards_tag_arg(struct op_ctx *, uint32_t *tags);

/* flood.c: per-person flood limits, each a burst then a rate a second. */
#define SEARCH_BURST		20
#define SEARCH_RATE		2
#define NOTIFY_BURST		20
#define NOTIFY_RATE		0.2
enum flood_kind {
	FLOOD_POST,		/* messages, posts and edits (--post-burst, --post-rate) */
	FLOOD_SEARCH,		/* searches, the dearest reads */
	FLOOD_NOTIFY,		/* writes that send someone else an event */
	FLOOD_NKINDS,
	FLOOD_NONE = FLOOD_NKINDS	/* an op table row that takes no token */
};
/* What every session of one person shares, from their first to their last (hub.c). */
struct person {
	int64_t			user_id;
	struct token_bucket	flood[FLOOD_NKINDS];
};
struct person	*person_new(int64_t user_id);
void		 person_free(struct person *);
/*
 * The op table's limiter (op.c): flood_check before the handler (rate_limited
 * when the person's bucket of that kind is empty; it takes nothing), and
 * flood_spend after a handler that did its work, so a refused request costs
 * no token.
 */
enum proto_error flood_check(struct op_ctx *, enum flood_kind);
void		 flood_spend(struct op_ctx *, enum flood_kind);
/*
 * Slow mode, for the dispatcher's room.send: flood_slow_check refuses
 * rate_limited (with the wait) a person who wrote in the room less than
 * its interval ago, and flood_slow_spend notes a message sent. When people
 * last wrote is kept per room and person, whatever their sessions do; a
 * restart forgets it (the setting is stored).
 */
enum proto_error flood_slow_check(struct op_ctx *, const struct store_mod_scope *);
void		 flood_slow_spend(struct op_ctx *);

/* hub.c: who watches which room, and which conns belong to which person. */
void		 hub_init(void);
void		 hub_subscribe(struct conn *, int64_t room_id);
void		 hub_unsubscribe(struct conn *, const int64_t *room_ids, uint32_t n);
/* Every conn watching the room but except (NULL: everyone) gets the event. */
void		 hub_publish_room(int64_t room_id, struct blob *, struct conn *except);
/* Whether any conn but except watches the room. */
bool		 hub_room_watched(int64_t room_id, const struct conn *except);
/* The conn is one of the person's sessions: what they share (hub_remove...). */
struct person	*hub_add_user_conn(struct conn *, int64_t user_id);
void		 hub_remove_user_conn(struct conn *, int64_t user_id);
void		 hub_publish_user(int64_t user_id, struct blob *);
void		 hub_publish_user_except(int64_t user_id, struct blob *,
		    struct conn *except);
void		 hub_publish_user_json(int64_t user_id, json_t *ev);	/* steals ev */
void		 hub_foreach_user_conn(int64_t user_id, void (*)(struct conn *, void *), void *);
size_t		 hub_user_conn_count(int64_t user_id);

/*
 * search.c: searches run on their own worker threads, each with a read-only
 * store connection to dir's database, never on the loop.
 */
bool		 search_init(struct event_base *, const char *dir);
/* reminders.c: meeting reminders; poke after scheduling a meeting. */
void		 reminders_start(void);
void		 reminders_poke(void);
void		 reminders_stop(void);
/* retention.c: the hourly purge of what is older than its period. */
void		 retention_start(void);
void		 retention_stop(void);
void		 search_shutdown(void);

#endif
