/*
 * authz.h: what the authorization matrix's files share (issue 24):
 * itest_authz.c builds the world and checks each row; itest_authz_see.c
 * holds the pseudo-ops that read one thing through every path.
 */
#ifndef AUTHZ_H
#define AUTHZ_H

#include "harness.h"

#define MATRIX_ROWS	2048
#define MATRIX_OPS	192
#define LINE_MAX_LEN	512
#define MISMATCH_MAX	256

/* Who asks. "disabled" never gets a session: its rows say "refused". */
enum role { MEMBER, MOD_HERE, MOD_OTHER, ADMIN, JOIN, DISABLED, ROLES };
extern const char *const role_names[ROLES];
/* Their handles, for mentioning them (a join session has none). */
extern const char *const role_handles[ROLES];

/*
 * What is asked about, seen from the member (amy, North East, in the Tyne
 * trust). Room targets serve $room and (their message) $msg; message-only
 * targets serve $msg alone; board targets serve $board, $thread (one of
 * the board's threads) and $post (a reply in it); post-only targets $post.
 */
enum target {
	T_NATIONAL, T_REGION_OWN, T_REGION_OTHER, T_TRUST_OWN, T_TRUST_OTHER,
	T_BUDDY_IN, T_BUDDY_OUT, T_BUDDY_REMOVED, T_DM_PARTY, T_DM_OTHER,
	T_DM_BLOCKED,
	T_ROOM_TARGETS,
	T_MINE = T_ROOM_TARGETS, T_HIDDEN, T_DELETED, T_BEFORE_JOIN,
	T_MSG_TARGETS,
	T_BOARD_NATIONAL = T_MSG_TARGETS, T_BOARD_REGION_OWN, T_BOARD_REGION_OTHER,
	T_BOARD_TRUST_OWN, T_BOARD_TRUST_OTHER,
	T_BOARD_TARGETS,
	T_POST_MINE = T_BOARD_TARGETS, T_POST_HIDDEN,
	T_POST_TARGETS,
	T_SERIES_CHAIR = T_POST_TARGETS, T_SERIES_MEMBER, T_SERIES_OBSERVER,
	T_SERIES_TRUST, T_SERIES_INVITED, T_SERIES_OUT,
	T_SERIES_TARGETS,
	T_PERSON_OTHER = T_SERIES_TARGETS, T_PERSON_SELF, T_PERSON_BLOCKED,
	T_PERSON_BLOCKER, T_PERSON_DISABLED,
	TARGETS
};
extern const char *const target_names[TARGETS];

struct op_row {
	char	name[48];
	char	tmpl[LINE_MAX_LEN];	/* the request, with $room and $msg */
	bool	fresh;			/* changes its target: a new message each time */
};

struct rule {
	char	op[48], role[16], target[24], expect[32];
	int	line;
};

struct target_state {
	char			 room[80];	/* "region:north-east", "buddy:7" */
	char			 missing[80];	/* a room of the same kind that is not there */
	json_int_t		 msg;
	json_int_t		 board, thread, post;	/* board targets */
	json_int_t		 series, meeting, record, vote;	/* series targets */
	json_int_t		 action;	/* an action of ben's in the meeting */
	char			 handle[40];	/* person targets: who, */
	char			 fp[80];	/* and a key of theirs */
	struct itest_client	*owner;		/* posts its messages */
	struct itest_client	*hider;		/* hides them (hidden, deleted), or NULL */
	bool			 fixed;		/* no new message can be made there */
	char			 word[32];	/* the word only its message holds */
};

/* The world, the matrix and what was found: one, shared by the files. */
struct authz {
	struct itest_server	*srv;
	struct itest_client	*as[ROLES];
	struct itest_client	*amy, *ben, *cal, *dee, *mo, *fay, *eve_c;
	const struct itest_user	*eve;
	int			 seq;		/* makes each $seq new */
	json_int_t		 thames;	/* the other trust's id */
	struct target_state	 t[TARGETS];
	struct op_row		 ops[MATRIX_OPS];
	size_t			 nops;
	struct rule		 rules[MATRIX_ROWS];
	size_t			 nrules;
	char			 mismatch[MISMATCH_MAX][LINE_MAX_LEN];
	size_t			 nmismatch, checked;
};
extern struct authz authz;

void	 mismatch(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The world's makers the reads use (itest_authz.c). */
json_int_t	 post(struct target_state *, const char *body);
json_int_t	 board_post(struct target_state *, const char *body);
const char	*buddy_create(struct itest_client *owner, const char *name,
		    json_t *members);
void		 buddy_accept(struct itest_client *, const char *room);
json_int_t	 fresh_entry(struct itest_client *author);

/* The pseudo-ops (itest_authz_see.c): each says what it found by mismatch(). */
void	 check_see(const char *who, struct itest_client *,
	    struct target_state *, const char *tname, const char *expect);
void	 check_see_post(const char *who, struct itest_client *,
	    struct target_state *, const char *tname, const char *expect);
void	 check_see_person(const char *who, struct itest_client *,
	    struct target_state *, const char *tname, const char *expect);
void	 check_see_mentions(const char *who, enum role, enum target,
	    const char *expect);
void	 check_see_quote(const char *who, struct itest_client *,
	    struct target_state *, const char *tname, const char *expect);
void	 check_see_events(const char *who, struct itest_client *, enum target,
	    const char *expect);
void	 check_see_members(const char *who, struct itest_client *,
	    struct target_state *, const char *tname, const char *expect);
void	 check_see_reports(const char *who, struct itest_client *,
	    const char *expect);

#endif
