/*
 * op_meeting.c: the meeting.* and agenda.* ops — scheduling a meeting of a
 * series in UK local time, starting it (its room opens to the series),
 * moving through the agenda, and ending it (the minutes go to the series'
 * board). Only chairs change a meeting; everyone in the series reads it;
 * everyone else gets not_found, as for a meeting that does not exist.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "meeting.h"

#define MEETING_LIST_MAX	100
#define MINUTES_PAGE		20	/* parts of the minutes in one reply */

/* The meeting may still change: it has not ended. */
static enum proto_error
meeting_open(struct op_ctx *ctx, const struct meeting_view *mv)
{
	if (mv->m.ended_ms != 0)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "meeting %lld has ended", (long long)mv->m.id));
	return (PROTO_OK);
}

/* An agenda item's fields in obj: title, owner (a member) and minutes. */
static enum proto_error
meeting_item_fields(struct op_ctx *ctx, const struct meeting_view *mv,
    json_t *obj, const char **title, int64_t *owner_id, int64_t *minutes)
{
	struct store_user	 u;
	enum series_role	 role;
	enum proto_error	 err;
	json_t			*owner;

	*owner_id = 0;
	*minutes = 0;
	if ((err = op_line_field(ctx, obj, "title", PROTO_MAX_TITLE, title)) !=
	    PROTO_OK)
		return (err);
	if (proto_get_int(obj, "minutes", false, 0, MEETING_MAX_MINUTES,
	    minutes) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "an item's "
		    "\"minutes\" must be 0 to %d", MEETING_MAX_MINUTES));
	if ((owner = json_object_get(obj, "owner")) != NULL) {
		if ((err = op_handle_arg(ctx, owner, &u)) != PROTO_OK)
			return (err);
		role = store_series_role(server.store, mv->m.series_id, u.id);
		if (!policy_can_see_series(&u, role))
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "%s is not in "
			    "the series, and an item's owner must be", u.handle));
		*owner_id = u.id;
	}
	return (op_guard(ctx, GUARD_SCOPE_MEETING, *title));
}

static enum proto_error
meeting_item_add(struct op_ctx *ctx, const struct meeting_view *mv, json_t *obj)
{
	const char	*title;
	int64_t		 owner_id, minutes, id;
	enum proto_error err;

	if ((err = meeting_item_fields(ctx, mv, obj, &title, &owner_id,
	    &minutes)) != PROTO_OK)
		return (err);
	if (store_agenda_add(server.store, mv->m.id, title, owner_id,
	    (int)minutes, &id) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the agenda was not saved"));
	return (PROTO_OK);
}

/* The reply and the series' people get the meeting as it is now. */
static enum proto_error
meeting_changed(struct op_ctx *ctx, int64_t id, bool resubscribe)
{
	struct store_meeting	m;

	if (store_meeting_get(server.store, id, &m) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the meeting is unavailable"));
	meeting_tell(&m, resubscribe);
	json_object_set_new(ctx->reply, "meeting", meeting_json(&m));
	return (PROTO_OK);
}

/* The "start" field: "YYYY-MM-DD HH:MM" in UK time, as UTC milliseconds. */
static enum proto_error
meeting_start_arg(struct op_ctx *ctx, int64_t *start_ms)
{
	const char	*start;

	if (proto_get_string(ctx->req, "start", true, &start) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"start\" must be "
		    "\"YYYY-MM-DD HH:MM\" in UK time"));
	switch (proto_uk_parse(start, start_ms)) {
	case PROTO_UK_OK:
		break;
	case PROTO_UK_MISSING:
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "%s does not exist "
		    "in UK time: the clocks go forward then", start));
	case PROTO_UK_MALFORMED:
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"start\" must be "
		    "\"YYYY-MM-DD HH:MM\" in UK time"));
	}
	return (PROTO_OK);
}

/* The optional "minutes" field, the meeting's length: *length kept when absent. */
static enum proto_error
meeting_length_arg(struct op_ctx *ctx, int64_t *length)
{
	if (proto_get_int(ctx->req, "minutes", false, 1, MEETING_MAX_MINUTES,
	    length) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"minutes\" must be 1 to %d", MEETING_MAX_MINUTES));
	return (PROTO_OK);
}

static enum proto_error
meeting_create(struct op_ctx *ctx)
{
	struct meeting_view	*mv = &ctx->meeting;	/* its series */
	const char		*title;
	json_t			*agenda, *item;
	enum proto_error	 err;
	int64_t			 length, start_ms, id;
	size_t			 i;

	if ((err = op_line_arg(ctx, "title", PROTO_MAX_TITLE, &title)) !=
	    PROTO_OK)
		return (err);
	if ((err = meeting_start_arg(ctx, &start_ms)) != PROTO_OK)
		return (err);
	length = 60;
	if ((err = meeting_length_arg(ctx, &length)) != PROTO_OK)
		return (err);
	agenda = json_object_get(ctx->req, "agenda");
	if (agenda != NULL && (!json_is_array(agenda) ||
	    json_array_size(agenda) > MEETING_MAX_ITEMS))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"agenda\" must be "
		    "a list of at most %d items", MEETING_MAX_ITEMS));
	if ((err = op_guard(ctx, GUARD_SCOPE_MEETING, title)) != PROTO_OK)
		return (err);
	if (store_meeting_add(server.store, mv->series.s.id, title, start_ms,
	    (int)length, ctx->me->id, now_ms(), &id) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the meeting was not saved"));
	mv->m.id = id;
	mv->m.series_id = mv->series.s.id;
	json_array_foreach(agenda, i, item) {
		if (!json_is_object(item))
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
			    "each agenda item is {\"title\", \"owner\"?, "
			    "\"minutes\"?}"));
		if ((err = meeting_item_add(ctx, mv, item)) != PROTO_OK)
			return (err);
	}
	/* It may start within 15 minutes: its reminder is due now. */
	reminders_poke();
	return (meeting_changed(ctx, id, false));
}

/*
 * A chair retitles, moves or lengthens a meeting until it ends (moves it
 * only until it starts). Each change raises its calendar SEQUENCE (a store
 * trigger), so calendars that imported it take the new version; the
 * series is told with what it was, so people see what moved.
 */
static enum proto_error
meeting_edit(struct op_ctx *ctx)
{
	struct meeting_view	*mv = &ctx->meeting;
	const struct store_meeting *m = &mv->m;
	const char		*title = m->title;
	int64_t			 start_ms = m->start_ms, length = m->length_min;
	enum proto_error	 err;
	char			 local[32];
	json_t			*was, *ev;

	if ((err = meeting_open(ctx, mv)) != PROTO_OK)
		return (err);
	if (json_object_get(ctx->req, "title") == NULL &&
	    json_object_get(ctx->req, "start") == NULL &&
	    json_object_get(ctx->req, "minutes") == NULL)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "say what to change: "
		    "\"title\", \"start\" or \"minutes\""));
	if (json_object_get(ctx->req, "title") != NULL &&
	    ((err = op_line_arg(ctx, "title", PROTO_MAX_TITLE, &title)) !=
	    PROTO_OK || (err = op_guard(ctx, GUARD_SCOPE_MEETING, title)) !=
	    PROTO_OK))
		return (err);
	if (json_object_get(ctx->req, "start") != NULL &&
	    (err = meeting_start_arg(ctx, &start_ms)) != PROTO_OK)
		return (err);
	if ((err = meeting_length_arg(ctx, &length)) != PROTO_OK)
		return (err);
	if (start_ms != m->start_ms && m->started_ms != 0)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "meeting %lld has "
		    "started: its start cannot move", (long long)m->id));
	was = json_object();
	if (strcmp(title, m->title) != 0)
		json_object_set_new(was, "title", json_string(m->title));
	if (start_ms != m->start_ms) {
		proto_uk_format(m->start_ms, local, sizeof local, true);
		json_object_set_new(was, "start_local", json_string(local));
	}
	if (length != m->length_min)
		json_object_set_new(was, "minutes", json_integer(m->length_min));
	/* The same again is no new version for anyone's calendar. */
	if (json_object_size(was) == 0) {
		json_decref(was);
		json_object_set_new(ctx->reply, "meeting", meeting_json(m));
		return (PROTO_OK);
	}
	if (store_meeting_edit(server.store, m->id, title, start_ms,
	    (int)length) != STORE_OK ||
	    store_meeting_get(server.store, m->id, &mv->m) != STORE_OK) {
		json_decref(was);
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the meeting was not changed"));
	}
	/* Moved to within 15 minutes: its reminder is due now. */
	if (json_object_get(was, "start_local") != NULL)
		reminders_poke();
	ev = json_pack("{s:s, s:o, s:{s:s, s:o}}", "ev", "meeting", "meeting",
	    meeting_json(m), "edited", "by", ctx->me->handle, "was", was);
	series_tell(m->series_id, ev, false);
	json_object_set_new(ctx->reply, "meeting", meeting_json(m));
	return (PROTO_OK);
}

static enum proto_error
meeting_start(struct op_ctx *ctx)
{
	struct meeting_view	*mv = &ctx->meeting;
	enum proto_error	err;
	int64_t			now = now_ms();

	if ((err = meeting_open(ctx, mv)) != PROTO_OK)
		return (err);
	if (mv->m.started_ms != 0)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "meeting %lld has started already", (long long)mv->m.id));
	if (store_meeting_start(server.store, mv->m.id, now) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the meeting did not start"));
	/* Its room opens to everyone in the series, sessions and all. */
	return (meeting_changed(ctx, mv->m.id, true));
}

static enum proto_error
meeting_end(struct op_ctx *ctx)
{
	struct meeting_view	*mv = &ctx->meeting;
	enum proto_error	err;
	int64_t			thread_id = 0;

	if ((err = meeting_open(ctx, mv)) != PROTO_OK)
		return (err);
	if (mv->m.started_ms == 0)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "meeting %lld has not started", (long long)mv->m.id));
	/* Votes left open close with it: their results go in the minutes. */
	if ((err = floor_close_votes(ctx, mv->m.id)) != PROTO_OK ||
	    (err = floor_queue_clear(ctx, mv->m.id)) != PROTO_OK)
		return (err);
	if (store_meeting_end(server.store, mv->m.id, now_ms(), 0) != STORE_OK ||
	    store_meeting_get(server.store, mv->m.id, &mv->m) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the meeting did not end"));
	if ((err = minutes_post(ctx, mv, &thread_id)) != PROTO_OK)
		return (err);
	json_object_set_new(ctx->reply, "thread", json_integer(thread_id));
	return (meeting_changed(ctx, mv->m.id, false));
}

static enum proto_error
meeting_list(struct op_ctx *ctx)
{
	json_t	*meetings;

	if ((meetings = meeting_ahead_json(ctx->me, MEETING_LIST_MAX)) == NULL)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "meetings are unavailable"));
	json_object_set_new(ctx->reply, "meetings", meetings);
	return (PROTO_OK);
}

static void
meeting_record_list_add(const struct store_record *r, void *arg)
{
	json_array_append_new(arg, record_json(r));
}

/* The meeting, its records so far and the actions carried into it: a catch-up. */
static enum proto_error
meeting_catch_up(struct op_ctx *ctx, const struct meeting_view *mv)
{
	json_t	*records, *carried, *floor;

	records = json_array();
	carried = json_array();
	if (store_records(server.store, mv->m.id, meeting_record_list_add,
	    records) != STORE_OK || store_actions_carried(server.store, &mv->m,
	    meeting_record_list_add, carried) != STORE_OK) {
		json_decref(records);
		json_decref(carried);
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the records are unavailable"));
	}
	json_object_set_new(ctx->reply, "meeting", meeting_json(&mv->m));
	json_object_set_new(ctx->reply, "records", records);
	json_object_set_new(ctx->reply, "carried", carried);
	json_object_set_new(ctx->reply, "queue", floor_queue_json(mv->m.id));
	json_object_set_new(ctx->reply, "votes", floor_votes_json(mv->m.id));
	if ((floor = floor_holder_json(mv->m.id)) != NULL)
		json_object_set_new(ctx->reply, "floor", floor);
	json_object_set_new(ctx->reply, "role",
	    json_string(series_role_name(mv->series.role)));
	return (PROTO_OK);
}

static enum proto_error
meeting_get(struct op_ctx *ctx)
{
	return (meeting_catch_up(ctx, &ctx->meeting));
}

/*
 * Opening the meeting's room: while it runs, the person is counted as
 * there (the minutes' attendance), and gets the catch-up either way.
 */
static enum proto_error
meeting_join(struct op_ctx *ctx)
{
	struct meeting_view	*mv = &ctx->meeting;
	bool			live;

	live = mv->m.started_ms != 0 && mv->m.ended_ms == 0;
	/* Who may not say present+ (observers) is listed as observing. */
	if (live && store_meeting_join(server.store, mv->m.id, ctx->me->id,
	    !policy_can_record(ctx->me, mv->series.role, PROTO_RECORD_PRESENT),
	    now_ms()) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "your attendance was not saved"));
	json_object_set_new(ctx->reply, "joined", json_boolean(live));
	return (meeting_catch_up(ctx, mv));
}

/* The minutes as they stand (final once the meeting has ended), in pages of parts. */
static enum proto_error
meeting_minutes(struct op_ctx *ctx)
{
	struct meeting_view	*mv = &ctx->meeting;
	json_t			*parts, *page;
	int64_t			 after = 0;
	size_t			 i;

	if (proto_get_int(ctx->req, "after", false, 0, INT64_MAX, &after) !=
	    PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"after\" must be a part number"));
	parts = minutes_parts(&mv->m);
	page = json_array();
	for (i = (size_t)after; i < json_array_size(parts) &&
	    json_array_size(page) < MINUTES_PAGE; i++)
		json_array_append(page, json_array_get(parts, i));
	json_object_set_new(ctx->reply, "parts", page);
	json_object_set_new(ctx->reply, "more",
	    json_boolean(i < json_array_size(parts)));
	json_object_set_new(ctx->reply, "final",
	    json_boolean(mv->m.ended_ms != 0));
	json_decref(parts);
	return (PROTO_OK);
}

#define MEETING_ICS_PAGE	10	/* meetings a page of meeting.ics */

struct meeting_ics_page {
	struct store_meeting	m[MEETING_ICS_PAGE + 1];	/* one more: is there a next page */
	size_t			n;
};

static void
meeting_ics_add(const struct store_meeting *m, void *arg)
{
	struct meeting_ics_page	*page = arg;

	if (page->n < MEETING_ICS_PAGE + 1)
		page->m[page->n++] = *m;
}

/* The meeting, or a page of its series' meetings by start time, as iCalendar. */
static enum proto_error
meeting_ics(struct op_ctx *ctx)
{
	struct meeting_view	*mv = &ctx->meeting;
	struct meeting_ics_page	*page;
	int64_t			 after = 0;
	char			*text = NULL;
	bool			 more = false;

	if (proto_get_int(ctx->req, "after", false, 0, INT64_MAX, &after) !=
	    PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"after\" must be a meeting id"));
	page = xcalloc(1, sizeof *page);
	if (mv->m.id != 0)
		page->m[page->n++] = mv->m;
	if (mv->m.id != 0 || store_series_meetings(server.store,
	    mv->series.s.id, after, MEETING_ICS_PAGE + 1, meeting_ics_add,
	    page) == STORE_OK) {
		if ((more = page->n > MEETING_ICS_PAGE))
			page->n = MEETING_ICS_PAGE;
		text = calendar_ics(page->m, page->n, now_ms());
	}
	if (text == NULL) {
		free(page);
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the calendar is unavailable"));
	}
	json_object_set_new(ctx->reply, "ics", json_string(text));
	json_object_set_new(ctx->reply, "next", more ?
	    json_integer(page->m[page->n - 1].id) : json_null());
	free(text);
	free(page);
	return (PROTO_OK);
}

/* agenda.* */

struct meeting_items {
	int64_t		 ids[MEETING_MAX_ITEMS * 2];
	size_t		 n;
	size_t		 current;	/* index of the current item, or n */
	int64_t		 current_id;
};

static void
meeting_items_add(const struct store_agenda_item *a, void *arg)
{
	struct meeting_items	*mi = arg;

	if (mi->n >= sizeof mi->ids / sizeof mi->ids[0])
		return;
	if (a->id == mi->current_id)
		mi->current = mi->n;
	mi->ids[mi->n++] = a->id;
}

static enum proto_error
meeting_items(struct op_ctx *ctx, const struct meeting_view *mv,
    struct meeting_items *mi)
{
	memset(mi, 0, sizeof *mi);
	mi->current_id = mv->m.item_id;
	mi->current = SIZE_MAX;
	if (store_agenda(server.store, mv->m.id, meeting_items_add, mi) !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the agenda is unavailable"));
	return (PROTO_OK);
}

/* The "key" field: an item number of the agenda (1..n). */
static enum proto_error
meeting_item_number(struct op_ctx *ctx, const char *key,
    const struct meeting_items *mi, size_t *index)
{
	int64_t	n;

	if (proto_get_int(ctx->req, key, true, 1, MEETING_MAX_ITEMS * 2, &n) !=
	    PROTO_OK || (size_t)n > mi->n)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"%s\" must be an "
		    "item number, 1 to %zu", key, mi->n));
	*index = (size_t)n - 1;
	return (PROTO_OK);
}

/* Writes the positions 1..n of the items in this order. */
static enum proto_error
meeting_items_save(struct op_ctx *ctx, const struct meeting_items *mi)
{
	size_t	i;

	for (i = 0; i < mi->n; i++) {
		if (store_agenda_set_position(server.store, mi->ids[i],
		    (int)i + 1) != STORE_OK)
			return (op_fail(ctx, PROTO_ERR_INTERNAL,
			    "the agenda was not saved"));
	}
	return (PROTO_OK);
}

static enum proto_error
agenda_add(struct op_ctx *ctx)
{
	struct meeting_view	*mv = &ctx->meeting;
	struct meeting_items	mi;
	enum proto_error	err;

	if ((err = meeting_open(ctx, mv)) != PROTO_OK ||
	    (err = meeting_items(ctx, mv, &mi)) != PROTO_OK)
		return (err);
	if (mi.n >= MEETING_MAX_ITEMS)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "an agenda has at "
		    "most %d items", MEETING_MAX_ITEMS));
	if ((err = meeting_item_add(ctx, mv, ctx->req)) != PROTO_OK)
		return (err);
	return (meeting_changed(ctx, mv->m.id, false));
}

static enum proto_error
agenda_move(struct op_ctx *ctx)
{
	struct meeting_view	*mv = &ctx->meeting;
	struct meeting_items	mi;
	enum proto_error	err;
	size_t			from, to;
	int64_t			id;

	if ((err = meeting_open(ctx, mv)) != PROTO_OK ||
	    (err = meeting_items(ctx, mv, &mi)) != PROTO_OK ||
	    (err = meeting_item_number(ctx, "item", &mi, &from)) != PROTO_OK ||
	    (err = meeting_item_number(ctx, "to", &mi, &to)) != PROTO_OK)
		return (err);
	id = mi.ids[from];
	if (from < to)
		memmove(&mi.ids[from], &mi.ids[from + 1],
		    (to - from) * sizeof mi.ids[0]);
	else
		memmove(&mi.ids[to + 1], &mi.ids[to],
		    (from - to) * sizeof mi.ids[0]);
	mi.ids[to] = id;
	if ((err = meeting_items_save(ctx, &mi)) != PROTO_OK)
		return (err);
	return (meeting_changed(ctx, mv->m.id, false));
}

static enum proto_error
agenda_drop(struct op_ctx *ctx)
{
	struct meeting_view	*mv = &ctx->meeting;
	struct meeting_items	mi;
	enum proto_error	err;
	size_t			at;

	if ((err = meeting_open(ctx, mv)) != PROTO_OK ||
	    (err = meeting_items(ctx, mv, &mi)) != PROTO_OK ||
	    (err = meeting_item_number(ctx, "item", &mi, &at)) != PROTO_OK)
		return (err);
	if (mi.ids[at] == mv->m.item_id)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "item %zu is the "
		    "current one: move on first", at + 1));
	if (store_agenda_set_position(server.store, mi.ids[at], 0) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the agenda was not saved"));
	memmove(&mi.ids[at], &mi.ids[at + 1], (mi.n - at - 1) * sizeof mi.ids[0]);
	mi.n--;
	if ((err = meeting_items_save(ctx, &mi)) != PROTO_OK)
		return (err);
	return (meeting_changed(ctx, mv->m.id, false));
}

/* Moving through the agenda: only while the meeting runs. */
static enum proto_error
meeting_live(struct op_ctx *ctx, struct meeting_view *mv,
    struct meeting_items *mi)
{
	enum proto_error	err;

	if ((err = meeting_open(ctx, mv)) != PROTO_OK)
		return (err);
	if (mv->m.started_ms == 0)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "meeting %lld has not started", (long long)mv->m.id));
	return (meeting_items(ctx, mv, mi));
}

static enum proto_error
meeting_go_to(struct op_ctx *ctx, const struct meeting_view *mv, int64_t item)
{
	enum proto_error	err;

	if (store_meeting_set_item(server.store, mv->m.id, item, now_ms()) !=
	    STORE_OK || store_meeting_set_topic(server.store, mv->m.id, "") !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the agenda did not move"));
	/* Each item starts with an empty queue. */
	if ((err = floor_queue_clear(ctx, mv->m.id)) != PROTO_OK)
		return (err);
	return (meeting_changed(ctx, mv->m.id, false));
}

static enum proto_error
agenda_next(struct op_ctx *ctx)
{
	struct meeting_view	*mv = &ctx->meeting;
	struct meeting_items	mi;
	enum proto_error	err;
	size_t			next;

	if ((err = meeting_live(ctx, mv, &mi)) != PROTO_OK)
		return (err);
	next = mi.current == SIZE_MAX ? 0 : mi.current + 1;
	if (next >= mi.n)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "that was the last item: /endmeeting ends the meeting"));
	return (meeting_go_to(ctx, mv, mi.ids[next]));
}

static enum proto_error
agenda_item(struct op_ctx *ctx)
{
	struct meeting_view	*mv = &ctx->meeting;
	struct meeting_items	mi;
	enum proto_error	err;
	size_t			at;

	if ((err = meeting_live(ctx, mv, &mi)) != PROTO_OK ||
	    (err = meeting_item_number(ctx, "item", &mi, &at)) != PROTO_OK)
		return (err);
	return (meeting_go_to(ctx, mv, mi.ids[at]));
}

static enum proto_error
agenda_topic(struct op_ctx *ctx)
{
	struct meeting_view	*mv = &ctx->meeting;
	struct meeting_items	mi;
	enum proto_error	err;
	const char		*topic;

	if ((err = meeting_live(ctx, mv, &mi)) != PROTO_OK ||
	    (err = op_line_arg(ctx, "topic", PROTO_MAX_TITLE, &topic)) !=
	    PROTO_OK ||
	    (err = op_guard(ctx, GUARD_SCOPE_MEETING, topic)) != PROTO_OK)
		return (err);
	if (store_meeting_set_topic(server.store, mv->m.id, topic) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the topic was not set"));
	return (meeting_changed(ctx, mv->m.id, false));
}

static const struct op_entry meeting_ops[] = {
	{ "meeting.create",	meeting_create,	0,
	    OP_TARGET_SERIES,	POLICY_CHAIR_SERIES,	FLOOD_NOTIFY },
	{ "meeting.edit",	meeting_edit,	0,
	    OP_TARGET_MEETING,	POLICY_CHAIR_SERIES,	FLOOD_NONE },
	{ "meeting.start",	meeting_start,	0,
	    OP_TARGET_MEETING,	POLICY_CHAIR_SERIES,	FLOOD_NONE },
	{ "meeting.end",	meeting_end,	0,
	    OP_TARGET_MEETING,	POLICY_CHAIR_SERIES,	FLOOD_NONE },
	{ "meeting.list",	meeting_list,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "meeting.get",	meeting_get,	0,
	    OP_TARGET_MEETING,	POLICY_NONE,	FLOOD_NONE },
	{ "meeting.join",	meeting_join,	0,
	    OP_TARGET_MEETING,	POLICY_NONE,	FLOOD_NONE },
	{ "meeting.minutes",	meeting_minutes,	0,
	    OP_TARGET_MEETING,	POLICY_NONE,	FLOOD_NONE },
	{ "meeting.ics",	meeting_ics,	0,
	    OP_TARGET_CALENDAR,	POLICY_NONE,	FLOOD_NONE },
	{ "agenda.add",	agenda_add,	0,
	    OP_TARGET_MEETING,	POLICY_CHAIR_SERIES,	FLOOD_NONE },
	{ "agenda.move",	agenda_move,	0,
	    OP_TARGET_MEETING,	POLICY_CHAIR_SERIES,	FLOOD_NONE },
	{ "agenda.drop",	agenda_drop,	0,
	    OP_TARGET_MEETING,	POLICY_CHAIR_SERIES,	FLOOD_NONE },
	{ "agenda.next",	agenda_next,	0,
	    OP_TARGET_MEETING,	POLICY_CHAIR_SERIES,	FLOOD_NONE },
	{ "agenda.item",	agenda_item,	0,
	    OP_TARGET_MEETING,	POLICY_CHAIR_SERIES,	FLOOD_NONE },
	{ "agenda.topic",	agenda_topic,	0,
	    OP_TARGET_MEETING,	POLICY_CHAIR_SERIES,	FLOOD_NONE },
	OP_END
};

static const char *const meeting_owns[] = { "meeting", "agenda", NULL };

const struct op_file op_meeting_file = { meeting_owns, meeting_ops };
