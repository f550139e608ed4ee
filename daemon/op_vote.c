/*
 * op_vote.c: the floor of a live meeting — the speaker queue (q+, q-, q?
 * typed in the room; a chair's queue.ack gives the floor) and votes (a
 * chair's "#vote [anonymous] QUESTION | option | ..." line opens one,
 * members vote with vote.cast, a chair closes it with vote.close; the
 * meeting's end closes any left open). The queue is cleared per agenda
 * item, and so is who has the floor (kept so that a late joiner sees it).
 * An anonymous vote shows no counts until it closes: counts moving
 * as people vote would pair a voter with a choice.
 */
#include "config.h"

#include <string.h>

#include "meeting.h"

/* The queue */

static void
floor_queued_add(const struct store_queued *q, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:s}", "handle", q->handle,
	    "note", q->note));
}

json_t *
floor_queue_json(int64_t meeting_id)
{
	json_t	*queue = json_array();

	if (store_queue(server.store, meeting_id, floor_queued_add, queue) !=
	    STORE_OK)
		log_warn("the queue of meeting %lld is unavailable",
		    (long long)meeting_id);
	return (queue);
}

/* Who has the floor and who gave it ({handle, by}); NULL: nobody has. */
json_t *
floor_holder_json(int64_t meeting_id)
{
	char	handle[PROTO_HANDLE_MAX + 1], by[PROTO_HANDLE_MAX + 1];

	if (store_floor(server.store, meeting_id, handle, by, sizeof handle) !=
	    STORE_OK)
		return (NULL);
	return (json_pack("{s:s, s:s}", "handle", handle, "by", by));
}

/* Whoever has the room open gets the queue as it is now (and who has the floor). */
static void
floor_queue_tell(int64_t meeting_id, const char *floor, const char *by)
{
	struct blob	*ev;
	json_t		*o;

	o = json_pack("{s:s, s:I, s:o}", "ev", "queue", "meeting",
	    (json_int_t)meeting_id, "queue", floor_queue_json(meeting_id));
	if (floor != NULL)
		json_object_set_new(o, "floor", json_pack("{s:s, s:s}",
		    "handle", floor, "by", by));
	ev = blob_encode(o);
	hub_publish_room(meeting_id, ev, NULL);
	blob_unref(ev);
}

enum proto_error
floor_queue_clear(struct op_ctx *ctx, int64_t meeting_id)
{
	if (store_queue_clear(server.store, meeting_id) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the queue was not cleared"));
	floor_queue_tell(meeting_id, NULL, NULL);
	return (PROTO_OK);
}

/* Votes */

struct floor_options {
	json_t	*options;
	bool	 counts;
};

static void
floor_option_add(int n, const char *text, int64_t count, void *arg)
{
	struct floor_options	*fo = arg;
	json_t			*o;

	o = json_pack("{s:i, s:s}", "n", n, "text", text);
	if (fo->counts)
		json_object_set_new(o, "count", json_integer(count));
	json_array_append_new(fo->options, o);
}

static void
floor_choice_add(int n, const char *handle, void *arg)
{
	json_t	*o = json_array_get(arg, (size_t)n - 1), *voters;

	if (o == NULL)
		return;
	if ((voters = json_object_get(o, "voters")) == NULL)
		json_object_set_new(o, "voters", (voters = json_array()));
	json_array_append_new(voters, json_string(handle));
}

json_t *
floor_vote_json(const struct store_vote *v)
{
	struct floor_options	 fo;
	json_t			*o;

	/* An anonymous vote's counts only once it is closed. */
	fo.options = json_array();
	fo.counts = !v->anonymous || v->closed_ms != 0;
	if (store_vote_options(server.store, v->id, floor_option_add, &fo) !=
	    STORE_OK || (!v->anonymous && store_vote_choices(server.store,
	    v->id, floor_choice_add, fo.options) != STORE_OK))
		log_warn("the results of vote %lld are unavailable",
		    (long long)v->id);
	o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:o}",
	    "id", (json_int_t)v->id, "meeting", (json_int_t)v->meeting_id,
	    "question", v->question, "kind", v->anonymous ? "anonymous" :
	    "named", "by", v->opener, "state", v->closed_ms != 0 ? "closed" :
	    "open", "voters", (json_int_t)v->voters, "options", fo.options);
	return (o);
}

/* The vote as stored now, to whoever has the room open; into the reply too. */
static enum proto_error
floor_vote_changed(struct op_ctx *ctx, int64_t id)
{
	struct store_vote	 v;
	struct blob		*ev;
	json_t			*o;

	if (store_vote_get(server.store, id, &v) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the vote is unavailable"));
	o = floor_vote_json(&v);
	ev = blob_encode(json_pack("{s:s, s:O}", "ev", "vote", "vote", o));
	hub_publish_room(v.meeting_id, ev, NULL);
	blob_unref(ev);
	json_object_set_new(ctx->reply, "vote", o);
	return (PROTO_OK);
}

/*
 * Closes a vote: whoever has the room open sees its results, which become
 * a record of the item it was opened in (by whoever closed it).
 */
static enum proto_error
floor_vote_end(struct op_ctx *ctx, int64_t vote_id)
{
	struct store_vote	 v;
	struct store_record	 r;
	enum proto_error	 err;
	char			*text;
	int64_t			 id;

	if (store_vote_close(server.store, vote_id, now_ms()) != STORE_OK ||
	    store_vote_get(server.store, vote_id, &v) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the vote was not closed"));
	if ((err = floor_vote_changed(ctx, vote_id)) != PROTO_OK)
		return (err);
	text = minutes_vote_text(json_object_get(ctx->reply, "vote"));
	memset(&r, 0, sizeof r);
	r.meeting_id = v.meeting_id;
	r.item_id = v.item_id;
	r.kind = PROTO_RECORD_VOTE;
	r.body = text;
	r.owner = r.due = "";
	r.vote_id = vote_id;
	err = meeting_record_keep(ctx, &r, &id);
	free(text);
	return (err);
}

static void
floor_vote_add(const struct store_vote *v, void *arg)
{
	json_array_append_new(arg, floor_vote_json(v));
}

json_t *
floor_votes_json(int64_t meeting_id)
{
	json_t	*votes = json_array();

	if (store_votes(server.store, meeting_id, floor_vote_add, votes) !=
	    STORE_OK)
		log_warn("the votes of meeting %lld are unavailable",
		    (long long)meeting_id);
	return (votes);
}

struct floor_open {
	int64_t	 ids[64];
	size_t	 n;
};

static void
floor_open_add(const struct store_vote *v, void *arg)
{
	struct floor_open	*fo = arg;

	if (v->closed_ms == 0 && fo->n < sizeof fo->ids / sizeof fo->ids[0])
		fo->ids[fo->n++] = v->id;
}

enum proto_error
floor_close_votes(struct op_ctx *ctx, int64_t meeting_id)
{
	struct floor_open	fo = { .n = 0 };
	enum proto_error	err;
	size_t			i;

	if (store_votes(server.store, meeting_id, floor_open_add, &fo) !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the votes are unavailable"));
	for (i = 0; i < fo.n; i++) {
		if ((err = floor_vote_end(ctx, fo.ids[i])) != PROTO_OK)
			return (err);
	}
	/* The reply is the meeting's: the votes and records went out as events. */
	json_object_del(ctx->reply, "vote");
	json_object_del(ctx->reply, "record");
	return (PROTO_OK);
}

/* Lines typed in the room */

enum proto_error
floor_line_check(struct op_ctx *ctx, struct meeting_line *ml)
{
	enum series_role	role = ml->mv.series.role;

	if (ml->floor.kind == PROTO_FLOOR_VOTE) {
		if (!policy_can_chair_series(ctx->me, role))
			return (op_fail(ctx, PROTO_ERR_FORBIDDEN, "no vote "
			    "opened: only the chairs open votes"));
		if (proto_text_cut(ml->floor.question.s, PROTO_MAX_TITLE) <
		    (int)ml->floor.question.len)
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "no vote "
			    "opened: the question is over %d bytes",
			    PROTO_MAX_TITLE));
	} else if (!policy_can_take_floor(ctx->me, role))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "observers do not join the queue"));
	return (PROTO_OK);
}

static enum proto_error
floor_vote_open(struct op_ctx *ctx, struct meeting_line *ml)
{
	struct store_vote	 v;
	const char		*options[PROTO_VOTE_MAX_OPTIONS];
	char			 question[PROTO_MAX_TITLE * 4 + 1];
	enum proto_error	 err = PROTO_OK;
	int64_t			 id;
	size_t			 i;

	memset(&v, 0, sizeof v);
	snprintf(question, sizeof question, "%.*s",
	    (int)ml->floor.question.len, ml->floor.question.s);
	for (i = 0; i < ml->floor.noptions; i++)
		options[i] = xstrndup(ml->floor.options[i].s,
		    ml->floor.options[i].len);
	v.meeting_id = ml->mv.m.id;
	v.item_id = ml->mv.m.item_id;
	v.question = question;
	v.anonymous = ml->floor.anonymous;
	v.opened_by = ctx->me->id;
	v.opened_ms = now_ms();
	if (store_vote_open(server.store, &v, options, ml->floor.noptions,
	    &id) != STORE_OK)
		err = op_fail(ctx, PROTO_ERR_INTERNAL, "the vote was not saved");
	for (i = 0; i < ml->floor.noptions; i++)
		free((char *)options[i]);
	if (err != PROTO_OK)
		return (err);
	return (floor_vote_changed(ctx, id));
}

enum proto_error
floor_line_keep(struct op_ctx *ctx, struct meeting_line *ml)
{
	char	note[PROTO_MAX_BODY * 4 + 1];

	switch (ml->floor.kind) {
	case PROTO_FLOOR_QUEUE_ADD:
		snprintf(note, sizeof note, "%.*s", (int)ml->floor.note.len,
		    ml->floor.note.s != NULL ? ml->floor.note.s : "");
		if (store_queue_add(server.store, ml->mv.m.id, ctx->me->id,
		    note) != STORE_OK)
			return (op_fail(ctx, PROTO_ERR_INTERNAL,
			    "you were not queued"));
		break;
	case PROTO_FLOOR_QUEUE_REMOVE:
		/* Not queued: nothing to take back, and no harm. */
		if (store_queue_remove(server.store, ml->mv.m.id,
		    ctx->me->id) == STORE_ERROR)
			return (op_fail(ctx, PROTO_ERR_INTERNAL,
			    "you were not taken off the queue"));
		break;
	case PROTO_FLOOR_QUEUE_LIST:
		break;
	case PROTO_FLOOR_VOTE:
		return (floor_vote_open(ctx, ml));
	case PROTO_FLOOR_NONE:
		return (PROTO_OK);
	}
	floor_queue_tell(ml->mv.m.id, NULL, NULL);
	json_object_set_new(ctx->reply, "queue", floor_queue_json(ml->mv.m.id));
	return (PROTO_OK);
}

/* Ops */

struct floor_first {
	char	handle[PROTO_HANDLE_MAX + 1];
	int64_t	user_id;
};

static void
floor_first_keep(const struct store_queued *q, void *arg)
{
	struct floor_first	*f = arg;

	if (f->user_id == 0) {
		f->user_id = q->user_id;
		snprintf(f->handle, sizeof f->handle, "%s", q->handle);
	}
}

/* A chair gives the floor: to the person named, or the first in the queue. */
static enum proto_error
queue_ack(struct op_ctx *ctx)
{
	const struct meeting_view	*mv = &ctx->meeting;
	struct floor_first		 f;
	struct store_user		 u;
	enum proto_error		 err;
	json_t				*handle;

	memset(&f, 0, sizeof f);
	if (mv->m.started_ms == 0 || mv->m.ended_ms != 0)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "meeting %lld is not live", (long long)mv->m.id));
	if ((handle = json_object_get(ctx->req, "handle")) != NULL) {
		if ((err = op_handle_arg(ctx, handle, &u)) != PROTO_OK)
			return (err);
		f.user_id = u.id;
		snprintf(f.handle, sizeof f.handle, "%s", u.handle);
		if (!policy_can_take_floor(&u, store_series_role(server.store,
		    mv->m.series_id, u.id)))
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "%s is not a "
			    "member of this series", u.handle));
	} else if (store_queue(server.store, mv->m.id, floor_first_keep, &f) !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the queue is unavailable"));
	if (f.user_id == 0)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "nobody is queued: q+ joins the queue"));
	if (store_queue_remove(server.store, mv->m.id, f.user_id) ==
	    STORE_ERROR || store_floor_give(server.store, mv->m.id, f.user_id,
	    ctx->me->id) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the queue was not changed"));
	floor_queue_tell(mv->m.id, f.handle, ctx->me->handle);
	json_object_set_new(ctx->reply, "floor", json_string(f.handle));
	json_object_set_new(ctx->reply, "queue", floor_queue_json(mv->m.id));
	return (PROTO_OK);
}

/* The "vote" field: a vote of a meeting in a series the person is in. */
static enum proto_error
floor_vote_arg(struct op_ctx *ctx, struct store_vote *v,
    struct meeting_view *mv)
{
	int64_t	id;

	if (proto_get_int(ctx->req, "vote", true, 1, INT64_MAX, &id) !=
	    PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"vote\" must be a vote number"));
	if (store_vote_get(server.store, id, v) != STORE_OK ||
	    store_meeting_get(server.store, v->meeting_id, &mv->m) !=
	    STORE_OK || series_find(ctx, mv->m.series_id, &mv->series) !=
	    PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "no vote %lld",
		    (long long)id));
	if (v->closed_ms != 0)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "vote %lld is closed", (long long)id));
	return (PROTO_OK);
}

static enum proto_error
vote_cast(struct op_ctx *ctx)
{
	struct store_vote	v;
	struct meeting_view	mv;
	enum proto_error	err;
	enum store_result	res;
	int64_t			n;

	if ((err = floor_vote_arg(ctx, &v, &mv)) != PROTO_OK)
		return (err);
	if (!policy_can_take_floor(ctx->me, mv.series.role))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "observers do not vote"));
	if (proto_get_int(ctx->req, "option", true, 1, v.noptions, &n) !=
	    PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"option\" must be "
		    "an option's number, 1 to %d", v.noptions));
	res = store_vote_cast(server.store, &v, ctx->me->id, (int)n, now_ms());
	if (res == STORE_EXISTS)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "you have voted: "
		    "an anonymous vote cannot be changed"));
	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "your vote was not saved"));
	return (floor_vote_changed(ctx, v.id));
}

static enum proto_error
vote_close(struct op_ctx *ctx)
{
	struct store_vote	v;
	struct meeting_view	mv;
	enum proto_error	err;

	if ((err = floor_vote_arg(ctx, &v, &mv)) != PROTO_OK)
		return (err);
	if (!policy_can_chair_series(ctx->me, mv.series.role))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only the chairs of %s close votes", mv.series.s.name));
	return (floor_vote_end(ctx, v.id));
}

static const struct op_entry vote_ops[] = {
	{ "queue.ack",	queue_ack,	0,
	    OP_TARGET_MEETING,	POLICY_CHAIR_SERIES,	FLOOD_NONE },
	{ "vote.cast",	vote_cast,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "vote.close",	vote_close,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const vote_owns[] = { "vote", "queue", NULL };

const struct op_file op_vote_file = { vote_owns, vote_ops };
