/*
 * meeting.h: what op_series.c, op_meeting.c and op_record.c share — a
 * series or meeting found as the person sees it (not_found for everyone
 * outside the series, exactly as for one that does not exist), their JSON,
 * telling a series' people, record lines typed in a meeting room, and the
 * minutes (minutes.c).
 */
#ifndef MEETING_H
#define MEETING_H

#include "op.h"

#define MEETING_MAX_ITEMS	30	/* agenda items of one meeting */
#define MEETING_MAX_MINUTES	600	/* minutes of one meeting or item */
#define SERIES_TELL_MAX		10000	/* people told of a change */

const char	*series_role_name(enum series_role);
bool		 series_role_parse(const char *, enum series_role *);
/* The series numbered by the request's key, as the person sees it. */
enum proto_error series_arg(struct op_ctx *, const char *key,
		    struct series_view *);
enum proto_error series_find(struct op_ctx *, int64_t id, struct series_view *);
/* {id, name, owner, board, role}, and with people and trusts when full. */
json_t		*series_json(const struct series_view *, bool full);
/* Each person of the series gets ev (stolen); their sessions follow its rooms first. */
void		 series_tell(int64_t series_id, json_t *ev, bool resubscribe);

/* The "meeting" field: a meeting of a series the person is in. */
enum proto_error meeting_arg(struct op_ctx *, struct meeting_view *);
/* The meeting with its agenda and current item, for anyone in the series. */
json_t		*meeting_json(const struct store_meeting *);
const char	*meeting_state(const struct store_meeting *);
json_t		*record_json(const struct store_record *);
/* A store_record_get callback: *(json_t **)arg becomes the record's JSON. */
void		 record_json_into(const struct store_record *, void *arg);
/* Upcoming and live meetings of the person's series, soonest first; NULL on failure. */
json_t		*meeting_ahead_json(const struct store_user *, int limit);
/* The person's open actions in every series, overdue first (marked); NULL on failure. */
json_t		*meeting_actions_json(const struct store_user *, int limit);
/*
 * calendar.c: the meetings as one RFC 5545 VCALENDAR text (malloc'd), or
 * NULL when their agendas could not be read.
 */
char		*calendar_ics(const struct store_meeting *, size_t n, int64_t now);
/* Tells the series' people of the meeting as it is now ("meeting" event). */
void		 meeting_tell(const struct store_meeting *, bool resubscribe);

/*
 * A record line typed in a meeting room (room.send): checked before the
 * message is stored (a refused line stores nothing), kept after it.
 */
struct meeting_line {
	struct proto_record	 rec;
	struct proto_floor	 floor;		/* when rec is no record */
	struct meeting_view	 mv;
	struct store_user	 owner;		/* #action */
	bool			 withheld;	/* confirmed past the guard */
};
enum proto_error meeting_line_check(struct op_ctx *, const struct store_room *,
		    const char *body, struct meeting_line *);
enum proto_error meeting_line_keep(struct op_ctx *, struct meeting_line *,
		    int64_t msg_id);
/* Who may make the record, and an action's owner in the series. */
enum proto_error meeting_line_validate(struct op_ctx *, struct meeting_line *);
/* Text the guard flagged and its author confirmed: the minutes withhold it. */
bool		 meeting_withheld(struct op_ctx *, const char *body);
/* Checks a record for the meeting and stores it: record.add and typed lines. */
enum proto_error meeting_record_add(struct op_ctx *, struct meeting_line *,
		    int64_t msg_id, int64_t *id);
/*
 * Stores r (its meeting, item, kind, text...) as the person's, now; tells
 * whoever has the room open and puts it in the reply. *id.
 */
enum proto_error meeting_record_keep(struct op_ctx *, struct store_record *,
		    int64_t *id);

/*
 * op_vote.c: the floor of a live meeting. Its lines (q+, q-, q?, #vote),
 * checked before the message is stored and acted on after; the queue and
 * the votes as JSON; clearing the queue (a new item) and closing the votes
 * (the end), each telling whoever has the room open.
 */
enum proto_error floor_line_check(struct op_ctx *, struct meeting_line *);
enum proto_error floor_line_keep(struct op_ctx *, struct meeting_line *);
json_t		*floor_queue_json(int64_t meeting_id);
json_t		*floor_holder_json(int64_t meeting_id);
json_t		*floor_votes_json(int64_t meeting_id);
json_t		*floor_vote_json(const struct store_vote *);
enum proto_error floor_queue_clear(struct op_ctx *, int64_t meeting_id);
enum proto_error floor_close_votes(struct op_ctx *, int64_t meeting_id);

/*
 * minutes.c: a closed vote's result as one line (malloc'd): "QUESTION
 * (named vote, N voted): option count (handles), ..." (anonymous: counts).
 */
char		*minutes_vote_text(const json_t *vote);
/* minutes.c: the minutes in Markdown, one part per post (at most 8,000 characters). */
json_t		*minutes_parts(const struct store_meeting *);
/* Posts them as a thread on the series' board; *thread_id. */
enum proto_error minutes_post(struct op_ctx *, const struct meeting_view *,
		    int64_t *thread_id);

#endif
