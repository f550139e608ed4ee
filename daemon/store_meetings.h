/*
 * store_meetings.h: meetings' part of store.h (store_meetings.c,
 * store_meeting_live.c): series, meetings, agendas, records, the floor and
 * reminders. Included by store.h, at its place there.
 */
#ifndef STAFFROOM_STORE_MEETINGS_H
#define STAFFROOM_STORE_MEETINGS_H

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

#endif
