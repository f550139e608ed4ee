/*
 * meeting.c: series and meetings as a person sees them, their JSON, telling
 * a series' people, and the record lines typed in a meeting room. Everyone
 * outside a series gets not_found for it and its meetings, the answer for
 * ones that do not exist, so a refusal never tells which.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "meeting.h"

static const char *const series_role_names[] = {
	[SERIES_OBSERVER] = "observer",
	[SERIES_MEMBER] = "member",
	[SERIES_MINUTES] = "minutes",
	[SERIES_CHAIR] = "chair",
};
#define SERIES_ROLES	(sizeof series_role_names / sizeof series_role_names[0])

const char *
series_role_name(enum series_role r)
{
	if ((size_t)r >= SERIES_ROLES)
		return (NULL);
	return (series_role_names[r]);
}

bool
series_role_parse(const char *name, enum series_role *out)
{
	size_t	i;

	for (i = 0; i < SERIES_ROLES; i++) {
		if (strcmp(series_role_names[i], name) == 0) {
			*out = (enum series_role)i;
			return (true);
		}
	}
	return (false);
}

enum proto_error
series_find(struct op_ctx *ctx, int64_t id, struct series_view *sv)
{
	memset(sv, 0, sizeof *sv);
	sv->role = SERIES_NONE;
	if (store_series_get(server.store, id, &sv->s) == STORE_OK)
		sv->role = store_series_role(server.store, id,
		    ctx->me->id);
	if (sv->s.id == 0 || !policy_can_see_series(ctx->me, sv->role))
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "no series %lld",
		    (long long)id));
	return (PROTO_OK);
}

enum proto_error
series_arg(struct op_ctx *ctx, const char *key, struct series_view *sv)
{
	int64_t	id;

	if (proto_get_int(ctx->req, key, true, 1, INT64_MAX, &id) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"%s\" must be a series number", key));
	return (series_find(ctx, id, sv));
}

struct series_people {
	json_t	*by_role[4];
	json_t	*invited;
};

static void
series_person_add(const struct store_series_person *p, void *arg)
{
	struct series_people	*sp = arg;
	const char		*name = series_role_name(p->role);

	if (name == NULL)
		return;
	if (!p->accepted)
		json_array_append_new(sp->invited, json_pack("{s:s, s:s}",
		    "handle", p->handle, "role", name));
	else
		json_array_append_new(sp->by_role[(size_t)p->role],
		    json_string(p->handle));
}

static void
series_trust_add(const struct store_series_trust *t, void *arg)
{
	json_t	*trusts = arg, *o;

	o = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)t->trust_id,
	    "name", t->name, "state", t->accepted ? "member" : "invited");
	if (!t->accepted && t->invitee[0] != '\0')
		json_object_set_new(o, "invitee", json_string(t->invitee));
	json_array_append_new(trusts, o);
}

json_t *
series_json(const struct series_view *sv, bool full)
{
	struct series_people	 sp;
	json_t			*o, *trusts;
	size_t			 i;

	o = json_pack("{s:I, s:s, s:s, s:I, s:s?}", "id", (json_int_t)sv->s.id,
	    "name", sv->s.name, "owner", sv->s.owner,
	    "board", (json_int_t)sv->s.board_id,
	    "role", series_role_name(sv->role));
	if (!full)
		return (o);
	for (i = 0; i < 4; i++)
		sp.by_role[i] = json_array();
	sp.invited = json_array();
	trusts = json_array();
	if (store_series_people(server.store, sv->s.id, series_person_add,
	    &sp) != STORE_OK || store_series_trusts(server.store, sv->s.id,
	    series_trust_add, trusts) != STORE_OK)
		log_warn("the people of series %lld are unavailable",
		    (long long)sv->s.id);
	json_object_set_new(o, "chairs", sp.by_role[SERIES_CHAIR]);
	json_object_set_new(o, "minute_takers", sp.by_role[SERIES_MINUTES]);
	json_object_set_new(o, "members", sp.by_role[SERIES_MEMBER]);
	json_object_set_new(o, "observers", sp.by_role[SERIES_OBSERVER]);
	json_object_set_new(o, "invited", sp.invited);
	json_object_set_new(o, "trusts", trusts);
	return (o);
}

struct series_tell {
	struct blob	*ev;
	bool		 resubscribe;
};

static void
series_tell_one(int64_t user_id, void *arg)
{
	struct series_tell	*t = arg;

	if (t->resubscribe)
		session_follow_user(user_id);
	if (t->ev != NULL)
		hub_publish_user(user_id, t->ev);
}

void
series_tell(int64_t series_id, json_t *ev, bool resubscribe)
{
	struct series_tell	t = { NULL, resubscribe };

	/* Encoded once for all of them. */
	if (ev != NULL && (t.ev = blob_encode(ev)) == NULL)
		log_warn("series %lld: event not encoded", (long long)series_id);
	if (store_series_member_ids(server.store, series_id, SERIES_TELL_MAX,
	    series_tell_one, &t) != STORE_OK)
		log_warn("series %lld: its people were not told",
		    (long long)series_id);
	blob_unref(t.ev);
}

/* Meetings. */

enum proto_error
meeting_arg(struct op_ctx *ctx, struct meeting_view *mv)
{
	int64_t	id;

	memset(mv, 0, sizeof *mv);
	if (proto_get_int(ctx->req, "meeting", true, 1, INT64_MAX, &id) !=
	    PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"meeting\" must be a meeting number"));
	if (store_meeting_get(server.store, id, &mv->m) != STORE_OK ||
	    series_find(ctx, mv->m.series_id, &mv->series) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "no meeting %lld",
		    (long long)id));
	return (PROTO_OK);
}

const char *
meeting_state(const struct store_meeting *m)
{
	if (m->ended_ms != 0)
		return ("ended");
	return (m->started_ms != 0 ? "live" : "upcoming");
}

struct meeting_agenda {
	const struct store_meeting	*m;
	json_t				*items;
	json_t				*current;
};

static void
meeting_item_add(const struct store_agenda_item *a, void *arg)
{
	struct meeting_agenda	*ma = arg;
	json_t			*o;
	int64_t			 used = a->used_ms;

	if (a->id == ma->m->item_id && ma->m->ended_ms == 0 &&
	    ma->m->started_ms != 0)
		used += now_ms() - ma->m->item_since_ms;
	o = json_pack("{s:i, s:s, s:i, s:I}", "n", a->position,
	    "title", a->title, "minutes", a->minutes,
	    "used_s", (json_int_t)(used / 1000));
	if (a->owner[0] != '\0')
		json_object_set_new(o, "owner", json_string(a->owner));
	if (a->id == ma->m->item_id)
		ma->current = json_incref(o);
	json_array_append_new(ma->items, o);
}

json_t *
meeting_json(const struct store_meeting *m)
{
	struct meeting_agenda	 ma = { m, json_array(), NULL };
	char			 room[32], local[32];
	json_t			*o;

	snprintf(room, sizeof room, "meeting:%lld", (long long)m->id);
	proto_uk_format(m->start_ms, local, sizeof local, true);
	if (store_agenda(server.store, m->id, meeting_item_add, &ma) !=
	    STORE_OK)
		log_warn("the agenda of meeting %lld is unavailable",
		    (long long)m->id);
	o = json_pack("{s:I, s:s, s:{s:I, s:s}, s:s, s:I, s:s, s:i, s:s,"
	    " s:o, s:s, s:o}", "id", (json_int_t)m->id, "room", room,
	    "series", "id", (json_int_t)m->series_id, "name", m->series,
	    "title", m->title, "start", (json_int_t)m->start_ms,
	    "start_local", local, "minutes", m->length_min,
	    "state", meeting_state(m), "item", ma.current ? ma.current :
	    json_null(), "topic", m->topic, "agenda", ma.items);
	if (m->thread_id != 0)
		json_object_set_new(o, "minutes_thread",
		    json_integer(m->thread_id));
	return (o);
}

json_t *
record_json(const struct store_record *r)
{
	json_t	*o;

	o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)r->id,
	    "meeting", (json_int_t)r->meeting_id,
	    "kind", proto_record_kind_name(r->kind), "by", r->author,
	    "text", r->withheld ? "[withheld]" : r->body, "ts", (json_int_t)r->ts);
	if (r->owner[0] != '\0')
		json_object_set_new(o, "owner", json_string(r->owner));
	if (r->due[0] != '\0')
		json_object_set_new(o, "due", json_string(r->due));
	if (r->struck)
		json_object_set_new(o, "struck", json_true());
	if (r->edited_ms != 0)
		json_object_set_new(o, "edited", json_true());
	if (r->kind == PROTO_RECORD_ACTION) {
		json_object_set_new(o, "status", json_string(r->done_ms != 0 ?
		    "done" : "open"));
		if (r->done_ms != 0)
			json_object_set_new(o, "done", json_pack("{s:s, s:s, s:I}",
			    "by", r->done_by, "note", r->done_note,
			    "ts", (json_int_t)r->done_ms));
	}
	if (r->msg_id != 0)
		json_object_set_new(o, "msg", json_integer(r->msg_id));
	if (r->kind == PROTO_RECORD_VOTE)
		json_object_set_new(o, "vote", json_integer(r->vote_id));
	return (o);
}

void
record_json_into(const struct store_record *r, void *arg)
{
	*(json_t **)arg = record_json(r);
}

void
meeting_tell(const struct store_meeting *m, bool resubscribe)
{
	series_tell(m->series_id, json_pack("{s:s, s:o}", "ev", "meeting",
	    "meeting", meeting_json(m)), resubscribe);
}

static void
meeting_ahead_add(const struct store_meeting *m, void *arg)
{
	json_array_append_new(arg, meeting_json(m));
}

json_t *
meeting_ahead_json(const struct store_user *u, int limit)
{
	json_t	*meetings = json_array();

	if (store_meetings_ahead(server.store, u->id, limit, meeting_ahead_add,
	    meetings) != STORE_OK) {
		json_decref(meetings);
		return (NULL);
	}
	return (meetings);
}

struct meeting_actions {
	json_t		*actions;
	const char	*today;
};

static void
meeting_actions_add(const struct store_record *r, void *arg)
{
	struct meeting_actions	*l = arg;
	json_t			*o = record_json(r);

	json_object_set_new(o, "meeting_title", json_string(r->meeting_title));
	if (r->due[0] != '\0' && strcmp(r->due, l->today) < 0)
		json_object_set_new(o, "overdue", json_true());
	json_array_append_new(l->actions, o);
}

json_t *
meeting_actions_json(const struct store_user *u, int limit)
{
	struct meeting_actions	l;
	char			today[32];

	/* Overdue by the UK date: due dates are UK days. */
	proto_uk_format(now_ms(), today, sizeof today, false);
	today[10] = '\0';
	l.actions = json_array();
	l.today = today;
	if (store_actions_of(server.store, u->id, today, limit,
	    meeting_actions_add, &l) != STORE_OK) {
		json_decref(l.actions);
		return (NULL);
	}
	return (l.actions);
}

/* Record lines. */

static enum proto_error
meeting_line_parse(struct op_ctx *ctx, const char *body,
    struct meeting_line *ml)
{
	char	why[160];

	if (!proto_record_parse(body, &ml->rec, why, sizeof why))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "not recorded: %s", why));
	return (PROTO_OK);
}

enum proto_error
meeting_line_validate(struct op_ctx *ctx, struct meeting_line *ml)
{
	enum series_role	owner_role;

	if (!policy_can_record(ctx->me, ml->mv.series.role,
	    ml->rec.kind))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN, "not recorded: "
		    "decisions and actions are recorded by the chairs and the "
		    "minute taker, notes and attendance by members; observers "
		    "only read"));
	if (ml->rec.kind != PROTO_RECORD_ACTION)
		return (PROTO_OK);
	owner_role = SERIES_NONE;
	if (store_user_by_handle(server.store, ml->rec.owner, &ml->owner) ==
	    STORE_OK)
		owner_role = store_series_role(server.store, ml->mv.m.series_id,
		    ml->owner.id);
	if (!policy_can_record(&ml->owner, owner_role, PROTO_RECORD_INFO))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "not recorded: @%s "
		    "is not a member of this series, and an action's owner must "
		    "be", ml->rec.owner));
	return (PROTO_OK);
}

enum proto_error
meeting_record_add(struct op_ctx *ctx, struct meeting_line *ml,
    int64_t msg_id, int64_t *id)
{
	struct store_record	 r;
	char			 text[PROTO_MAX_BODY * 4 + 1];
	enum proto_error	 err;

	if ((err = meeting_line_validate(ctx, ml)) != PROTO_OK)
		return (err);
	memset(&r, 0, sizeof r);
	r.meeting_id = ml->mv.m.id;
	r.item_id = ml->mv.m.item_id;
	r.kind = ml->rec.kind;
	r.msg_id = msg_id;
	snprintf(text, sizeof text, "%.*s", (int)ml->rec.text_len,
	    ml->rec.text != NULL ? ml->rec.text : "");
	r.body = text;
	r.owner_id = ml->rec.kind == PROTO_RECORD_ACTION ? ml->owner.id : 0;
	r.due = ml->rec.due;
	r.withheld = ml->withheld;
	r.owner = ml->rec.kind == PROTO_RECORD_ACTION ? ml->owner.handle : "";
	return (meeting_record_keep(ctx, &r, id));
}

enum proto_error
meeting_record_keep(struct op_ctx *ctx, struct store_record *r, int64_t *id)
{
	struct blob	*ev;

	r->user_id = ctx->me->id;
	r->ts = now_ms();
	if (store_record_add(server.store, r, id) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the record was not saved"));
	r->id = *id;
	r->author = ctx->me->handle;
	r->done_by = r->done_note = "";
	/* Whoever has the room open sees it highlighted as it is made. */
	ev = blob_encode(json_pack("{s:s, s:o}", "ev", "record", "record",
	    record_json(r)));
	hub_publish_room(r->meeting_id, ev, NULL);
	blob_unref(ev);
	json_object_set_new(ctx->reply, "record", record_json(r));
	return (PROTO_OK);
}

bool
meeting_withheld(struct op_ctx *ctx, const char *body)
{
	return (json_is_true(json_object_get(ctx->req,
	    "confirm_personal_data")) &&
	    guard_scan(body, strlen(body), (time_t)(now_ms() / 1000)) != 0);
}

enum proto_error
meeting_line_check(struct op_ctx *ctx, const struct store_room *room,
    const char *body, struct meeting_line *ml)
{
	enum proto_error	err;

	char			why[160];

	memset(ml, 0, sizeof *ml);
	if ((err = meeting_line_parse(ctx, body, ml)) != PROTO_OK)
		return (err);
	if (ml->rec.kind == PROTO_RECORD_NONE &&
	    !proto_floor_parse(body, &ml->floor, why, sizeof why))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "no vote opened: %s",
		    why));
	if (ml->rec.kind == PROTO_RECORD_NONE &&
	    ml->floor.kind == PROTO_FLOOR_NONE)
		return (PROTO_OK);
	if (store_meeting_get(server.store, room->id, &ml->mv.m) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the meeting is unavailable"));
	ml->mv.series.role = (enum series_role)room->series_role;
	/* Checked now, so a refused line stores no message either. */
	if (ml->rec.kind == PROTO_RECORD_NONE)
		return (floor_line_check(ctx, ml));
	ml->withheld = meeting_withheld(ctx, body);
	return (meeting_line_validate(ctx, ml));
}

enum proto_error
meeting_line_keep(struct op_ctx *ctx, struct meeting_line *ml, int64_t msg_id)
{
	int64_t	id;

	if (ml->rec.kind == PROTO_RECORD_NONE)
		return (floor_line_keep(ctx, ml));
	return (meeting_record_add(ctx, ml, msg_id, &id));
}
