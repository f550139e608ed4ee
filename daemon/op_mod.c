/*
 * op_mod.c: moderation — the mod.* ops. Reports (msg.report, post.report)
 * gather per item in one entry of the queue of the item's scope; the
 * moderators of that scope list their queue (mod.queue) and resolve an
 * entry (mod.resolve): dismiss, hide, warn, mute, suspend or ban, with a
 * reason the person sees; mod.lift ends a sanction early. Reporters hear
 * only whether action was taken. Who may do what is policy.c's; this file
 * also holds what sanctions do elsewhere: the mute check before speaking,
 * and the suspension or ban that ends a session at its start.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "op.h"
#include "boards.h"

#define MOD_MAX_REASON		1000	/* characters */
#define MOD_CONTEXT		5	/* items before and after the reported one */
#define MOD_QUEUE_PAGE		20
#define MOD_QUEUE_MAX		50
#define MOD_MAX_REPORTS		50	/* of one entry, in the queue */
#define MOD_HISTORY		20	/* the author's earlier sanctions shown */
#define MOD_MAX_MINUTES		(366 * 24 * 60)
#define MOD_SANCTIONS_OPEN	50	/* looked at when deciding */
#define MOD_UNTOLD		50	/* report outcomes told at one login */

/* enum report kind: the stored number is the index (MOD_REPORT_OTHER, the default). */
static const char *const mod_report_kinds[] = {
	"pupil_information", "safeguarding", "abusive", "spam", "other",
};

enum mod_action {
	MOD_DISMISS,
	MOD_HIDE,
	MOD_WARN,
	MOD_MUTE,
	MOD_SUSPEND,
	MOD_BAN,
	MOD_NACTIONS
};
static const char *const mod_action_names[MOD_NACTIONS] = {
	"dismiss", "hide", "warn", "mute", "suspend", "ban",
};

static const char *const mod_sanction_names[SANCTION_COUNT] = {
	"warn", "mute", "suspend", "ban",
};

static int
mod_name_index(const char *const *names, int n, const char *name)
{
	int	i;

	for (i = 0; i < n; i++) {
		if (strcmp(names[i], name) == 0)
			return (i);
	}
	return (-1);
}

/* "2026-12-05 14:02 UTC", for the words people read. */
static void
mod_time_words(int64_t ms, char *buf, size_t size)
{
	time_t		t = (time_t)(ms / 1000);
	struct tm	tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M UTC", &tm);
}

static bool
mod_blank(const char *s)
{
	for (; *s != '\0'; s++) {
		if (!isspace((unsigned char)*s))
			return (false);
	}
	return (true);
}

/* A reason people read: 1 to MOD_MAX_REASON characters, not blank. */
enum proto_error
mod_reason_arg(struct op_ctx *ctx, bool required, const char **reason)
{
	enum proto_error	err;

	*reason = NULL;
	if ((err = proto_get_text(ctx->req, "reason", required, MOD_MAX_REASON,
	    reason)) != PROTO_OK)
		return (op_fail(ctx, err, "\"reason\" is text of 1 to %d "
		    "characters", MOD_MAX_REASON));
	if (*reason != NULL && mod_blank(*reason)) {
		if (!required) {
			*reason = NULL;
			return (PROTO_OK);
		}
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "the reason is empty"));
	}
	return (PROTO_OK);
}

/* Reports */

/* A new report, told to the online moderators of its scope. */
struct mod_new_report {
	const struct store_mod_scope	*scope;
	struct blob			*event;
};

static void
mod_tell_moderator_conn(struct conn *c, void *arg)
{
	struct mod_new_report	*n = arg;

	/* Each session asks with the record it holds (scopes change live). */
	if (policy_can_moderate_scope(session_user(c), n->scope))
		conn_send_blob(c, n->event, true);
}

static void
mod_tell_moderator(int64_t user_id, void *arg)
{
	hub_foreach_user_conn(user_id, mod_tell_moderator_conn, arg);
}

/* An event (taken) about entry, for the online moderators of scope. */
static void
mod_tell_scope(const struct store_mod_scope *scope, int64_t entry,
    json_t *ev)
{
	struct mod_new_report	n;

	n.scope = scope;
	n.event = blob_encode(ev);
	if (store_moderator_ids(server.store, mod_tell_moderator, &n) !=
	    STORE_OK)
		log_warn("moderators not told of entry %lld", (long long)entry);
	blob_unref(n.event);
}

/*
 * {"ev":"mod.entry","entry":{id, scope, item, kind}}: fetch it with
 * mod.queue. Not "queue": that is the meeting floor's event.
 */
void
mod_tell_moderators(const struct store_mod_scope *scope, int64_t entry,
    const char *item, int kind)
{
	mod_tell_scope(scope, entry, json_pack("{s:s, s:{s:I, s:o, s:s, s:s}}",
	    "ev", "mod.entry", "entry", "id", (json_int_t)entry, "scope",
	    chat_scope_json(scope), "item", item, "kind",
	    mod_report_kinds[kind]));
}

/*
 * {"ev":"mod.resolved","entry":{id, scope, by}}: whoever shows the queue
 * drops it, so no two moderators act on one entry.
 */
void
mod_tell_resolved(const struct store_mod_scope *scope, int64_t entry,
    const char *by)
{
	mod_tell_scope(scope, entry, json_pack("{s:s, s:{s:I, s:o, s:s}}",
	    "ev", "mod.resolved", "entry", "id", (json_int_t)entry, "scope",
	    chat_scope_json(scope), "by", by));
}

enum proto_error
mod_report(struct op_ctx *ctx, enum store_item_kind item, int64_t item_id,
    int64_t author_id, const struct store_mod_scope *scope)
{
	struct store_report_new	 r;
	const char		*kind = NULL;
	enum store_result	 res;
	enum proto_error	 err;
	int64_t			 id, entry;

	memset(&r, 0, sizeof r);
	r.kind = MOD_REPORT_OTHER;
	if ((err = proto_get_string(ctx->req, "kind", false, &kind)) !=
	    PROTO_OK || (kind != NULL && (r.kind = mod_name_index(
	    mod_report_kinds, MOD_REPORT_OTHER + 1, kind)) < 0))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"kind\" is one of "
		    "pupil_information, safeguarding, abusive, spam or other"));
	if ((err = mod_reason_arg(ctx, true, &r.reason)) != PROTO_OK)
		return (err);
	r.item_kind = item;
	r.item_id = item_id;
	r.author_id = author_id;
	r.scope = *scope;
	r.reporter_id = ctx->me->id;
	r.now_ms = now_ms();
	res = store_report_add(server.store, &r, &id, &entry);
	if (res == STORE_EXISTS)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "you reported this already"));
	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the report was not saved"));
	mod_tell_moderators(&r.scope, entry, item == STORE_ITEM_MSG ? "msg" :
	    "post", r.kind);
	json_object_set_new(ctx->reply, "report", json_integer(id));
	return (PROTO_OK);
}

/* Sanctions */

json_t *
mod_sanction_json(const struct store_sanction *s)
{
	json_t	*obj;

	obj = json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)s->id,
	    "kind", mod_sanction_names[s->kind], "reason", s->reason,
	    "ts", (json_int_t)s->created_ms);
	if (s->kind != SANCTION_WARN)
		json_object_set_new(obj, "until", s->until_ms != 0 ?
		    json_integer(s->until_ms) : json_null());
	if (s->room != NULL)
		json_object_set_new(obj, "room", json_string(s->room));
	if (s->lifted_ms != 0)
		json_object_set_new(obj, "lifted", json_integer(s->lifted_ms));
	return (obj);
}

static void
mod_sanction_add_json(const struct store_sanction *s, void *arg)
{
	json_array_append_new(arg, mod_sanction_json(s));
}

/* The first sanction in force that the test holds for, copied. */
struct mod_find {
	bool			(*holds)(const struct store_sanction *,
				    int64_t room_id, int64_t now);
	int64_t			 room_id;
	int64_t			 now;
	bool			 found;
	struct store_sanction	 s;
	char			 reason[MOD_MAX_REASON * 4 + 1];
	char			 room[80];
};

static void
mod_find_one(const struct store_sanction *s, void *arg)
{
	struct mod_find	*f = arg;

	/* Of several, the first found; but a ban outranks a suspension. */
	if (!f->holds(s, f->room_id, f->now) || (f->found &&
	    (s->kind != SANCTION_BAN || f->s.kind == SANCTION_BAN)))
		return;
	f->found = true;
	f->s = *s;
	snprintf(f->reason, sizeof f->reason, "%s", s->reason);
	snprintf(f->room, sizeof f->room, "%s", s->room != NULL ? s->room : "");
	f->s.reason = f->reason;
	f->s.room = s->room != NULL ? f->room : NULL;
}

static bool
mod_bars(const struct store_sanction *s, int64_t room_id, int64_t now)
{
	return (policy_bars_login(s, now));
}

/* False when the sanctions cannot be read: then nothing is refused. */
static bool
mod_find(int64_t user_id, struct mod_find *f)
{
	f->found = false;
	if (store_sanctions_of(server.store, user_id, true, f->now,
	    MOD_SANCTIONS_OPEN, mod_find_one, f) != STORE_OK) {
		log_warn("sanctions of user %lld unavailable", (long long)user_id);
		return (false);
	}
	return (true);
}

/* The bar on a person's sessions, a ban first: true when there is one. */
static bool
mod_barred(int64_t user_id, struct mod_find *f)
{
	memset(f, 0, sizeof *f);
	f->now = now_ms();
	f->holds = mod_bars;
	return (mod_find(user_id, f) && f->found);
}

/* {"ev":"bye","reason":"suspended"|"banned","message":reason,"until":ms|null} */
static void
mod_bye(struct conn *c, void *arg)
{
	const struct store_sanction	*s = arg;

	conn_close_fields(c, s->kind == SANCTION_BAN ? "banned" : "suspended",
	    json_pack("{s:s, s:o}", "message", s->reason, "until",
	    s->until_ms != 0 ? json_integer(s->until_ms) : json_null()));
}

/*
 * A session starts: a suspended or banned person hears why and goes (true);
 * anyone else is shown the warnings and mutes made while they were away.
 */
bool
mod_session_barred(struct conn *c, const struct store_user *u)
{
	struct mod_find	f;

	if (!mod_barred(u->id, &f))
		return (false);
	mod_bye(c, &f.s);
	return (true);
}

/* The sanctions a session starts with: what is shown, and whether to mark. */
struct mod_unseen {
	struct conn	*conn;
	int		 rows;
	int		 unseen;
};

static void
mod_unseen_one(const struct store_sanction *s, void *arg)
{
	struct mod_unseen	*u = arg;

	u->rows++;
	if (s->seen_ms != 0)
		return;
	u->unseen++;
	if (s->kind == SANCTION_WARN || policy_sanction_in_force(s, now_ms()))
		conn_send_json(u->conn, json_pack("{s:s, s:o}", "ev", "sanction",
		    "sanction", mod_sanction_json(s)), true);
}

/* {"ev":"report","report":{id, outcome}}: never what was done. */
static json_t *
mod_outcome_json(int64_t report_id, int action)
{
	return (json_pack("{s:s, s:{s:I, s:s}}", "ev", "report", "report",
	    "id", (json_int_t)report_id, "outcome", action == MOD_DISMISS ?
	    "no_action" : "action_taken"));
}

/* The reporters were told of these reports; frees the list. */
static void
mod_mark_told(struct store_ids *ids, int64_t now)
{
	size_t	i;

	for (i = 0; i < ids->n; i++) {
		if (store_report_told(server.store, ids->v[i], now) != STORE_OK)
			log_warn("report %lld not marked told",
			    (long long)ids->v[i]);
	}
	free(ids->v);
}

struct mod_untold {
	struct conn	*conn;
	struct store_ids ids;
};

static void
mod_untold_one(int64_t report_id, int action, void *arg)
{
	struct mod_untold	*u = arg;

	conn_send_json(u->conn, mod_outcome_json(report_id, action), true);
	u->ids.v = xrealloc(u->ids.v, (u->ids.n + 1) * sizeof *u->ids.v);
	u->ids.v[u->ids.n++] = report_id;
}

/*
 * A session starts: the warnings and mutes made while the person was away,
 * and the outcomes of their reports and held messages decided meanwhile.
 */
void
mod_session_started(struct conn *c)
{
	const struct store_user	*me = session_user(c);
	struct mod_untold	 u = { c, { NULL, 0 } };
	struct mod_unseen	 unseen = { c, 0, 0 };
	int64_t			 now = now_ms();

	/*
	 * Its own op: the "seen" marks are writes of the group commit. Most
	 * logins have nothing unseen, and a write would cost them a commit:
	 * marked only when the newest sanctions hold one, or may hide one
	 * older than they reach.
	 */
	stage_begin(c, NULL, false);
	if (store_sanctions_of(server.store, me->id, false, now,
	    MOD_HISTORY, mod_unseen_one, &unseen) != STORE_OK ||
	    ((unseen.unseen > 0 || unseen.rows >= MOD_HISTORY) &&
	    store_sanctions_seen(server.store, me->id, now) != STORE_OK))
		log_warn("sanctions of %s unavailable", me->handle);
	if (store_reports_untold(server.store, me->id, MOD_UNTOLD, mod_untold_one,
	    &u) != STORE_OK)
		log_warn("report outcomes of %s unavailable", me->handle);
	mod_mark_told(&u.ids, now);
	words_held_untold(c, now);
	stage_done();
}

static bool
mod_mutes(const struct store_sanction *s, int64_t room_id, int64_t now)
{
	return (policy_mute_applies(s, room_id, now));
}

/* Writing in room_id (0: on the boards) while muted is refused: muted. */
enum proto_error
mod_check_muted(struct op_ctx *ctx, int64_t room_id)
{
	struct mod_find	f;
	char		until[40];

	memset(&f, 0, sizeof f);
	f.now = now_ms();
	f.holds = mod_mutes;
	f.room_id = room_id;
	if (!mod_find(ctx->me->id, &f) || !f.found)
		return (PROTO_OK);
	ctx->muted_until = f.s.until_ms;
	if (f.s.until_ms == 0)
		return (op_fail(ctx, PROTO_ERR_MUTED, "you are muted%s%s until "
		    "a moderator lifts it: %s", f.s.room != NULL ? " in " : "",
		    f.s.room != NULL ? f.s.room : "", f.s.reason));
	mod_time_words(f.s.until_ms, until, sizeof until);
	return (op_fail(ctx, PROTO_ERR_MUTED, "you are muted%s%s until %s: %s",
	    f.s.room != NULL ? " in " : "", f.s.room != NULL ? f.s.room : "",
	    until, f.s.reason));
}

/* The queue */

/* A page of items around the reported one, as the moderator may read them. */
struct mod_context {
	json_t	*before;
	json_t	*after;
	int64_t	 item_id;
};

static void
mod_msg_add(const struct store_msg *m, void *arg)
{
	struct mod_context	*mc = arg;

	json_array_append_new(m->id < mc->item_id ? mc->before : mc->after,
	    chat_msg_json(m));
}

static void
mod_post_add(const struct store_post *p, void *arg)
{
	struct mod_context	*mc = arg;

	/* Before comes newest first: each goes in front. */
	if (p->id < mc->item_id)
		json_array_insert_new(mc->before, 0, boards_post_json(p));
	else
		json_array_append_new(mc->after, boards_post_json(p));
}

static void
mod_msg_copy(const struct store_msg *m, void *arg)
{
	json_t	*obj = chat_msg_json(m);

	json_object_set_new(obj, "hidden", json_boolean(m->hidden));
	json_object_set_new(arg, "msg", obj);
	json_object_set_new(arg, "room_id", json_integer(m->room_id));
}

static void
mod_post_copy(const struct store_post *p, void *arg)
{
	json_t	*obj = boards_post_json(p);

	json_object_set_new(obj, "hidden", json_boolean(p->hidden));
	json_object_set_new(arg, "post", obj);
}

/* The reported message, and the messages around it if the moderator reads the room. */
static void
mod_msg_item(struct op_ctx *ctx, const struct store_mod_entry *e, json_t *obj,
    struct mod_context *mc)
{
	struct store_room	room;
	bool			more;

	if (store_msg_get(server.store, e->item_id, mod_msg_copy, obj) !=
	    STORE_OK)
		return;
	if (store_room_by_id(server.store, json_integer_value(json_object_get(
	    obj, "room_id")), &room) == STORE_OK && chat_room_allowed(
	    ctx->me, &room, POLICY_READ_ROOM) &&
	    e->item_id > room.visible_from) {
		store_history_page(server.store, room.id, room.visible_from,
		    e->item_id, MOD_CONTEXT, false, mod_msg_add, mc, &more);
		store_msgs_since(server.store, &room.id, NULL, NULL, 1,
		    e->item_id, MOD_CONTEXT, mod_msg_add, mc, &more);
	}
	json_object_del(obj, "room_id");
}

static void
mod_post_item(struct op_ctx *ctx, const struct store_mod_entry *e, json_t *obj,
    struct mod_context *mc)
{
	struct boards_scope	s;
	json_t			*post;
	bool			more;

	if (store_post_get(server.store, e->item_id, mod_post_copy, obj) !=
	    STORE_OK || (post = json_object_get(obj, "post")) == NULL)
		return;
	if (boards_resolve_board(ctx, json_integer_value(json_object_get(post,
	    "board")), &s) != PROTO_OK)
		return;
	store_post_before(server.store, json_integer_value(json_object_get(
	    post, "thread")), e->item_id, MOD_CONTEXT, mod_post_add, mc);
	store_post_page(server.store, json_integer_value(json_object_get(post,
	    "thread")), e->item_id, MOD_CONTEXT, false, mod_post_add, mc, &more);
}

/* enum store_report_source, as mod.queue names who filed a report. */
static const char *const mod_report_sources[] = { "person", "guard", "words" };

static void
mod_report_json(const struct store_report *r, void *arg)
{
	json_t	*obj;

	obj = json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)r->id,
	    "source", mod_report_sources[r->source], "kind", r->kind >= 0 &&
	    r->kind <= MOD_REPORT_OTHER ? mod_report_kinds[r->kind] : "other",
	    "reason", r->reason, "ts", (json_int_t)r->ts);
	/* A system report has no person behind it. */
	if (r->reporter != NULL)
		json_object_set_new(obj, "from", json_string(r->reporter));
	json_array_append_new(arg, obj);
}

static json_t *
mod_entry_json(struct op_ctx *ctx, const struct store_mod_entry *e)
{
	struct mod_context	 mc;
	struct store_user	 author;
	json_t			*obj, *reports, *history;

	mc.before = json_array();
	mc.after = json_array();
	mc.item_id = e->item_id;
	obj = json_pack("{s:I, s:o, s:I}", "id", (json_int_t)e->id,
	    "scope", chat_scope_json(&e->scope), "ts", (json_int_t)e->created_ms);
	if (e->held_id != 0)
		words_held_item(e->held_id, obj);
	else if (e->item_kind == STORE_ITEM_MSG)
		mod_msg_item(ctx, e, obj, &mc);
	else
		mod_post_item(ctx, e, obj, &mc);
	json_object_set_new(obj, "context", json_pack("{s:o, s:o}",
	    "before", mc.before, "after", mc.after));
	reports = json_array();
	if (store_mod_reports(server.store, e->id, MOD_MAX_REPORTS,
	    mod_report_json, reports) != STORE_OK)
		log_warn("reports of entry %lld unavailable", (long long)e->id);
	json_object_set_new(obj, "reports", reports);
	history = json_array();
	if (store_user_by_id(server.store, e->author_id, &author) == STORE_OK &&
	    store_sanctions_of(server.store, e->author_id, false, 0,
	    MOD_HISTORY, mod_sanction_add_json, history) == STORE_OK)
		json_object_set_new(obj, "author", json_pack("{s:s, s:o}",
		    "handle", author.handle, "sanctions", history));
	else
		json_decref(history);
	return (obj);
}

struct mod_entries {
	struct store_mod_entry	*v;
	size_t			 n;
};

static void
mod_entry_keep(const struct store_mod_entry *e, void *arg)
{
	struct mod_entries	*l = arg;

	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = *e;
}

static enum proto_error
mod_queue(struct op_ctx *ctx)
{
	struct store_mod_reach	 reach;
	struct mod_entries	 l = { NULL, 0 };
	enum proto_error	 err;
	int64_t			 after = 0, limit = MOD_QUEUE_PAGE;
	json_t			*entries;
	bool			 more = false;
	size_t			 i;

	if (!policy_mod_reach(ctx->me, &reach))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only moderators have a report queue"));
	if ((err = proto_get_int(ctx->req, "after", false, 0, INT64_MAX,
	    &after)) != PROTO_OK ||
	    (err = proto_get_int(ctx->req, "limit", false, 1, MOD_QUEUE_MAX,
	    &limit)) != PROTO_OK)
		return (op_fail(ctx, err, "\"after\" is an entry id and \"limit\" "
		    "1 to %d", MOD_QUEUE_MAX));
	if (store_mod_queue(server.store, &reach, after, (int)limit,
	    mod_entry_keep, &l, &more) != STORE_OK) {
		free(l.v);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the queue is unavailable"));
	}
	entries = json_array();
	for (i = 0; i < l.n; i++)
		json_array_append_new(entries, mod_entry_json(ctx, &l.v[i]));
	free(l.v);
	json_object_set_new(ctx->reply, "entries", entries);
	json_object_set_new(ctx->reply, "more", json_boolean(more));
	return (PROTO_OK);
}

/* Resolving */

/*
 * A suspension or ban ends the person's sessions once it is committed,
 * even if the moderator's own connection has gone by then.
 */
static void
mod_kick_now(void *arg, bool committed)
{
	int64_t		*user_id = arg;
	struct mod_find	 f;

	if (committed && mod_barred(*user_id, &f))
		hub_foreach_user_conn(*user_id, mod_bye, &f.s);
	free(user_id);
}

static void
mod_kick_later(int64_t user_id)
{
	int64_t	*arg = xmalloc(sizeof *arg);

	*arg = user_id;
	stage_after_commit(mod_kick_now, arg);
}

/*
 * What the reporters of an entry learn: that action was taken, or not.
 * Those online now are told (and it is marked); the rest at next login.
 */
struct mod_told {
	int			 action;
	struct store_ids	 ids;	/* the reports told now */
};

static void
mod_tell_reporter(const struct store_report *r, void *arg)
{
	struct mod_told	*t = arg;

	/* The guard and watched words are told nothing. */
	if (r->source != STORE_REPORT_PERSON ||
	    session_count(r->reporter_id) == 0)
		return;
	hub_publish_user_json(r->reporter_id, mod_outcome_json(r->id,
	    t->action));
	t->ids.v = xrealloc(t->ids.v, (t->ids.n + 1) * sizeof *t->ids.v);
	t->ids.v[t->ids.n++] = r->id;
}

static void
mod_tell_reporters(int64_t entry_id, int action, int64_t now)
{
	struct mod_told	t = { action, { NULL, 0 } };

	if (store_mod_reports(server.store, entry_id, MOD_MAX_REPORTS,
	    mod_tell_reporter, &t) != STORE_OK)
		log_warn("reporters of entry %lld not told", (long long)entry_id);
	mod_mark_told(&t.ids, now);
}

static enum proto_error
mod_hide_item(struct op_ctx *ctx, const struct store_mod_entry *e)
{
	struct store_room	room;
	struct boards_scope	s;
	struct boards_post	bp;
	json_t			*msg = json_object();
	enum proto_error	err = PROTO_OK;

	if (e->item_kind == STORE_ITEM_MSG) {
		if (store_msg_get(server.store, e->item_id, mod_msg_copy, msg) !=
		    STORE_OK || store_room_by_id(server.store, json_integer_value(
		    json_object_get(msg, "room_id")), &room) != STORE_OK)
			err = op_fail(ctx, PROTO_ERR_INTERNAL,
			    "the message is unavailable");
		else if (!json_is_true(json_object_get(json_object_get(msg,
		    "msg"), "hidden")) &&
		    store_msg_hide(server.store, e->item_id,
		    ctx->me->id) == STORE_OK)
			msg_publish_hidden(ctx, &room, e->item_id, true);
		json_decref(msg);
		return (err);
	}
	json_decref(msg);
	memset(&bp, 0, sizeof bp);
	if (store_post_get(server.store, e->item_id, boards_post_copy, &bp) !=
	    STORE_OK || store_board_get(server.store, bp.p.board_id, 0,
	    &s.board) != STORE_OK)
		err = op_fail(ctx, PROTO_ERR_INTERNAL, "the post is unavailable");
	else if (!bp.p.hidden && store_post_set_hidden(server.store, bp.p.id,
	    true, ctx->me->id) == STORE_OK)
		boards_publish_hidden(ctx, &s.board, &bp.p);
	boards_post_free(&bp);
	return (err);
}

/* "minutes" for mutes and suspensions: required, 1 to a year and a day. */
static enum proto_error
mod_until_arg(struct op_ctx *ctx, enum mod_action action, int64_t now,
    int64_t *until)
{
	enum proto_error	err;
	int64_t			minutes = 0;

	*until = 0;
	if (action != MOD_MUTE && action != MOD_SUSPEND)
		return (PROTO_OK);
	if ((err = proto_get_int(ctx->req, "minutes", true, 1, MOD_MAX_MINUTES,
	    &minutes)) != PROTO_OK)
		return (op_fail(ctx, err, "\"minutes\" (1 to %d) says how long "
		    "a %s lasts", MOD_MAX_MINUTES, mod_action_names[action]));
	*until = now + minutes * 60000;
	return (PROTO_OK);
}

/* A mute's "where": "everywhere" (the default), or "room", the item's room. */
static enum proto_error
mod_where_arg(struct op_ctx *ctx, const struct store_mod_entry *e,
    enum mod_action action, int64_t *room_id)
{
	const char		*where = NULL;
	enum proto_error	 err;
	json_t			*msg;

	*room_id = 0;
	if ((err = proto_get_string(ctx->req, "where", false, &where)) !=
	    PROTO_OK || (where != NULL && strcmp(where, "everywhere") != 0 &&
	    strcmp(where, "room") != 0))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"where\" is \"room\" or \"everywhere\""));
	if (where == NULL || strcmp(where, "everywhere") == 0)
		return (PROTO_OK);
	if (action != MOD_MUTE || e->item_kind != STORE_ITEM_MSG)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "only a mute for a chat message can hold in its room alone"));
	msg = json_object();
	if (store_msg_get(server.store, e->item_id, mod_msg_copy, msg) ==
	    STORE_OK)
		*room_id = json_integer_value(json_object_get(msg, "room_id"));
	json_decref(msg);
	if (*room_id == 0)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the message is unavailable"));
	return (PROTO_OK);
}

/* The entry named, open, in a scope the person moderates: else not_found. */
static enum proto_error
mod_entry_arg(struct op_ctx *ctx, struct store_mod_entry *e)
{
	struct store_mod_reach	reach;
	enum proto_error	err;
	int64_t			id;

	if (!policy_mod_reach(ctx->me, &reach))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only moderators resolve reports"));
	if ((err = proto_get_int(ctx->req, "entry", true, 1, INT64_MAX, &id)) !=
	    PROTO_OK)
		return (op_fail(ctx, err, "\"entry\" must be a queue entry id"));
	if (store_mod_entry_get(server.store, id, e) != STORE_OK || e->resolved ||
	    !policy_can_moderate_scope(ctx->me, &e->scope))
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
		    "no open entry %lld in your queue", (long long)id));
	/* Nothing of it is stored anywhere to hide or keep: it is decided. */
	if (e->held_id != 0)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "entry %lld is a "
		    "held message: held.approve or held.reject decides it",
		    (long long)id));
	return (PROTO_OK);
}

/* Tells the person of a sanction now, and ends their sessions for a bar. */
static void
mod_sanction_tell(const struct store_sanction *s, void *arg)
{
	hub_publish_user_json(s->user_id, json_pack("{s:s, s:o}", "ev",
	    "sanction", "sanction", mod_sanction_json(s)));
	if (s->kind == SANCTION_SUSPEND || s->kind == SANCTION_BAN)
		mod_kick_later(s->user_id);
	else if (session_count(s->user_id) > 0 &&
	    store_sanctions_seen(server.store, s->user_id, s->created_ms) !=
	    STORE_OK)
		log_warn("sanctions of user %lld not marked seen",
		    (long long)s->user_id);
}

static enum proto_error
mod_resolve(struct op_ctx *ctx)
{
	struct store_mod_entry	 e;
	struct store_sanction	 s;
	struct store_user	 author;
	const char		*action_name = NULL;
	enum proto_error	 err;
	int			 action;
	int64_t			 now = now_ms(), id = 0;
	json_t			*hide;

	memset(&s, 0, sizeof s);
	if ((err = mod_entry_arg(ctx, &e)) != PROTO_OK)
		return (err);
	if (proto_get_string(ctx->req, "action", true, &action_name) !=
	    PROTO_OK || (action = mod_name_index(mod_action_names,
	    MOD_NACTIONS, action_name)) < 0)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"action\" is one of "
		    "dismiss, hide, warn, mute, suspend or ban"));
	hide = json_object_get(ctx->req, "hide");
	if (hide != NULL && !json_is_boolean(hide))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"hide\" must be true or false"));
	if ((err = mod_reason_arg(ctx, action != MOD_DISMISS, &s.reason)) !=
	    PROTO_OK ||
	    (err = mod_until_arg(ctx, action, now, &s.until_ms)) != PROTO_OK ||
	    (err = mod_where_arg(ctx, &e, action, &s.room_id)) != PROTO_OK)
		return (err);
	if (action >= MOD_WARN && (store_user_by_id(server.store, e.author_id,
	    &author) != STORE_OK || !policy_can_sanction(ctx->me,
	    &author, &e.scope)))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "you may not sanction this person"));
	/* The item's author is the target; the item by id, never its text. */
	op_audit_target(ctx, "user", e.author_id);
	op_audit_detail(ctx, "entry %lld: %s%s of %s %lld", (long long)e.id,
	    mod_action_names[action], json_is_true(hide) ? " and hide" : "",
	    e.item_kind == STORE_ITEM_MSG ? "msg" : "post",
	    (long long)e.item_id);
	ctx->audit.reason = s.reason;
	if (store_mod_resolve(server.store, e.id, ctx->me->id, action,
	    s.reason, now) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the entry was not saved"));
	if ((action == MOD_HIDE || json_is_true(hide)) &&
	    (err = mod_hide_item(ctx, &e)) != PROTO_OK)
		return (err);
	if (action >= MOD_WARN) {
		s.user_id = e.author_id;
		s.kind = (enum sanction_kind)(action - MOD_WARN);
		s.by_id = ctx->me->id;
		s.entry_id = e.id;
		s.created_ms = now;
		if (store_sanction_add(server.store, &s, &id) != STORE_OK)
			return (op_fail(ctx, PROTO_ERR_INTERNAL,
			    "the sanction was not saved"));
		if (store_sanction_get(server.store, id, mod_sanction_tell,
		    NULL) != STORE_OK)
			return (op_fail(ctx, PROTO_ERR_INTERNAL,
			    "the sanction was not saved"));
		json_object_set_new(ctx->reply, "sanction", json_integer(id));
	}
	mod_tell_reporters(e.id, action, now);
	mod_tell_resolved(&e.scope, e.id, ctx->me->handle);
	json_object_set_new(ctx->reply, "entry", json_integer(e.id));
	return (PROTO_OK);
}

/* Lifting: the moderators of the scope of the entry the sanction came from. */
struct mod_lift {
	struct store_sanction	 s;
	bool			 found;
};

static void
mod_lift_copy(const struct store_sanction *s, void *arg)
{
	struct mod_lift	*l = arg;

	l->s = *s;
	l->s.reason = NULL;
	l->s.room = NULL;
	l->found = true;
}

static void
mod_lifted_tell(const struct store_sanction *s, void *arg)
{
	hub_publish_user_json(s->user_id, json_pack("{s:s, s:o}", "ev",
	    "sanction", "sanction", mod_sanction_json(s)));
}

/*
 * A sanction from the queue is its entry's scope's to lift; one made
 * without a report (an operator's, staffroomctl mute) is for whoever
 * oversees the person: the moderators of their region, and admins.
 */
static bool
mod_lift_allowed(struct op_ctx *ctx, const struct store_sanction *s)
{
	struct store_mod_entry	e;
	struct store_user	u;

	if (s->entry_id != 0)
		return (store_mod_entry_get(server.store, s->entry_id, &e) ==
		    STORE_OK && policy_can_moderate_scope(ctx->me, &e.scope));
	return (store_user_by_id(server.store, s->user_id, &u) == STORE_OK &&
	    policy_can_oversee_person(ctx->me, &u, true));
}

static enum proto_error
mod_lift(struct op_ctx *ctx)
{
	struct store_mod_reach	 reach;
	struct mod_lift		 l;
	enum proto_error	 err;
	int64_t			 id;

	memset(&l, 0, sizeof l);
	if (!policy_mod_reach(ctx->me, &reach))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only moderators lift sanctions"));
	if ((err = proto_get_int(ctx->req, "sanction", true, 1, INT64_MAX,
	    &id)) != PROTO_OK)
		return (op_fail(ctx, err, "\"sanction\" must be a sanction id"));
	if (store_sanction_get(server.store, id, mod_lift_copy, &l) != STORE_OK ||
	    l.s.lifted_ms != 0 || l.s.kind == SANCTION_WARN ||
	    !mod_lift_allowed(ctx, &l.s))
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
		    "no sanction %lld in force in your scopes", (long long)id));
	op_audit_target(ctx, "user", l.s.user_id);
	if (l.s.entry_id != 0)
		op_audit_detail(ctx, "sanction %lld (%s) of entry %lld",
		    (long long)id, mod_sanction_names[l.s.kind],
		    (long long)l.s.entry_id);
	else
		op_audit_detail(ctx, "sanction %lld (%s), not from a report",
		    (long long)id, mod_sanction_names[l.s.kind]);
	if (store_sanction_lift(server.store, id, now_ms()) != STORE_OK ||
	    store_sanction_get(server.store, id, mod_lifted_tell, NULL) !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the sanction was not lifted"));
	return (PROTO_OK);
}

static const struct op_entry mod_ops[] = {
	{ "mod.queue",	mod_queue,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "mod.resolve",	mod_resolve,	OP_AUDIT | OP_GUARD_REASON,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "mod.lift",	mod_lift,	OP_AUDIT,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const mod_owns[] = { "mod", NULL };

const struct op_file op_mod_file = { mod_owns, mod_ops };
