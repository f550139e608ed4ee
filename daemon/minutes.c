/*
 * minutes.c: a meeting's minutes in Markdown — title, date and time, chairs,
 * present and regrets, the actions carried over with their status, then
 * per agenda item its notes, decisions and actions — as parts of at most
 * 8,000 characters (one post each; a long item is split into numbered
 * parts; with their votes' results), and posting them as a thread on the series' board, where search
 * finds them. Struck records are left out; records confirmed past the
 * pupil-data guard read "[withheld]".
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meeting.h"

#define MINUTES_PART_MAX	PROTO_MAX_BODY	/* bytes, so never over in characters */

/* A growing Markdown text. */
struct minutes_text {
	char	*s;
	size_t	 len;
	size_t	 size;
};

static void
minutes_printf(struct minutes_text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
minutes_printf(struct minutes_text *t, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (t->len + (size_t)n + 1 > t->size) {
		t->size = (t->len + (size_t)n + 1) * 2;
		t->s = xrealloc(t->s, t->size);
	}
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, t->size - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

static const char *
minutes_text_of(const struct store_record *r)
{
	return (r->withheld ? "[withheld]" : r->body);
}

/* The records of the meeting, copied (the store's strings live only in the call). */
struct minutes_record {
	int64_t			 item_id;
	enum proto_record_kind	 kind;
	char			*author;
	char			*text;
	char			*owner;
	char			*due;
};

struct minutes_records {
	struct minutes_record	*v;
	size_t			 n;
};

static void
minutes_record_copy(const struct store_record *r, void *arg)
{
	struct minutes_records	*mr = arg;
	struct minutes_record	*copy;

	if (r->struck)
		return;
	mr->v = xreallocarray(mr->v, mr->n + 1, sizeof *mr->v);
	copy = &mr->v[mr->n++];
	copy->item_id = r->item_id;
	copy->kind = r->kind;
	copy->author = xstrdup(r->author);
	copy->text = xstrdup(minutes_text_of(r));
	copy->owner = xstrdup(r->owner);
	copy->due = xstrdup(r->due);
}

static void
minutes_records_free(struct minutes_records *mr)
{
	size_t	i;

	for (i = 0; i < mr->n; i++) {
		free(mr->v[i].author);
		free(mr->v[i].text);
		free(mr->v[i].owner);
		free(mr->v[i].due);
	}
	free(mr->v);
}

/* Handles, each once, written out in order. */
struct minutes_names {
	char	**v;
	size_t	  n;
};

static bool
minutes_names_has(const struct minutes_names *n, const char *handle)
{
	size_t	i;

	for (i = 0; i < n->n; i++) {
		if (strcmp(n->v[i], handle) == 0)
			return (true);
	}
	return (false);
}

static void
minutes_names_add(struct minutes_names *n, const char *handle)
{
	if (minutes_names_has(n, handle))
		return;
	n->v = xreallocarray(n->v, n->n + 1, sizeof *n->v);
	n->v[n->n++] = xstrdup(handle);
}

static int
minutes_name_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* "a, b, c" sorted, or dflt when empty; frees the list. */
static void
minutes_names_print(struct minutes_text *t, const char *label,
    struct minutes_names *n, const char *dflt)
{
	size_t	i;

	if (n->n == 0 && dflt == NULL)
		return;
	if (n->n > 1)	/* qsort must not be passed NULL, even for none */
		qsort(n->v, n->n, sizeof *n->v, minutes_name_cmp);
	minutes_printf(t, "- **%s:** ", label);
	for (i = 0; i < n->n; i++) {
		minutes_printf(t, "%s%s", i > 0 ? ", " : "", n->v[i]);
		free(n->v[i]);
	}
	minutes_printf(t, "%s\n", n->n == 0 ? dflt : "");
	free(n->v);
	n->v = NULL;
	n->n = 0;
}

static void
minutes_author_add(const char *handle, void *arg)
{
	minutes_names_add(arg, handle);
}

struct minutes_attendance {
	struct minutes_names	*present;
	struct minutes_names	*observing;
};

static void
minutes_attendee_add(const char *handle, bool observer, void *arg)
{
	struct minutes_attendance	*a = arg;

	minutes_names_add(observer ? a->observing : a->present, handle);
}

struct minutes_roles {
	struct minutes_names	chairs;
	struct minutes_names	takers;
};

static void
minutes_role_add(const struct store_series_person *p, void *arg)
{
	struct minutes_roles	*r = arg;

	if (!p->accepted)
		return;
	if (policy_can_chair_series(&(struct store_user){ .id = p->user_id },
	    p->role))
		minutes_names_add(&r->chairs, p->handle);
	else if (policy_can_edit_record(&(struct store_user){ .id = p->user_id },
	    p->role))
		minutes_names_add(&r->takers, p->handle);
}

static void
minutes_carried_add(const struct store_record *r, void *arg)
{
	struct minutes_text	*t = arg;

	minutes_printf(t, "- [%s] @%s: %s%s%s%s (from %s)", r->done_ms != 0 ?
	    "done" : "open", r->owner, minutes_text_of(r),
	    r->due[0] != '\0' ? " (due " : "", r->due,
	    r->due[0] != '\0' ? ")" : "", r->meeting_title);
	if (r->done_ms != 0)
		minutes_printf(t, " — closed by %s%s%s", r->done_by,
		    r->done_note[0] != '\0' ? ": " : "", r->done_note);
	minutes_printf(t, "\n");
}

/* Adds text as parts of at most MINUTES_PART_MAX bytes, cut between lines. */
static void
minutes_add_parts(json_t *parts, const char *title, const char *text)
{
	size_t	 len = strlen(text), at = 0, cut, nparts = 0, i;
	json_t	*mine = json_array();
	char	 name[PROTO_MAX_TITLE * 4 + 32];

	while (at < len) {
		cut = len - at;
		if (cut > MINUTES_PART_MAX) {
			cut = MINUTES_PART_MAX;
			while (cut > 0 && text[at + cut - 1] != '\n')
				cut--;
			/* One line longer than a part: cut between characters. */
			if (cut == 0)
				cut = (size_t)proto_text_cut(text + at,
				    MINUTES_PART_MAX);
		}
		json_array_append_new(mine, json_stringn(text + at, cut));
		at += cut;
	}
	nparts = json_array_size(mine);
	for (i = 0; i < nparts; i++) {
		if (nparts > 1)
			snprintf(name, sizeof name, "%s (part %zu of %zu)", title,
			    i + 1, nparts);
		else
			snprintf(name, sizeof name, "%s", title);
		json_array_append_new(parts, json_pack("{s:I, s:s, s:O}", "n",
		    (json_int_t)json_array_size(parts) + 1, "title", name,
		    "text", json_array_get(mine, i)));
	}
	json_decref(mine);
}

static void
minutes_records_of(struct minutes_text *t, const struct minutes_records *mr,
    int64_t item_id, enum proto_record_kind kind, const char *heading)
{
	size_t	i;
	bool	any = false;

	for (i = 0; i < mr->n; i++) {
		const struct minutes_record *r = &mr->v[i];

		if (r->item_id != item_id || r->kind != kind)
			continue;
		if (!any)
			minutes_printf(t, "\n**%s**\n\n", heading);
		any = true;
		if (kind == PROTO_RECORD_ACTION)
			minutes_printf(t, "- @%s: %s%s%s%s\n", r->owner, r->text,
			    r->due[0] != '\0' ? " (due " : "", r->due,
			    r->due[0] != '\0' ? ")" : "");
		else
			minutes_printf(t, "- %s\n", r->text);
	}
}

/* "QUESTION (named vote, 3 voted): yes 2 (asha, ben), no 1 (cara)"; counts only when anonymous. */
char *
minutes_vote_text(const json_t *vote)
{
	struct minutes_text	 t = { NULL, 0, 0 };
	const json_t		*o, *voters;
	size_t			 i, j;

	minutes_printf(&t, "%s (%s vote, %lld voted): ",
	    json_string_value(json_object_get(vote, "question")),
	    json_string_value(json_object_get(vote, "kind")),
	    (long long)json_integer_value(json_object_get(vote, "voters")));
	json_array_foreach(json_object_get(vote, "options"), i, o) {
		minutes_printf(&t, "%s%s %lld", i > 0 ? ", " : "",
		    json_string_value(json_object_get(o, "text")),
		    (long long)json_integer_value(json_object_get(o, "count")));
		voters = json_object_get(o, "voters");
		for (j = 0; j < json_array_size(voters); j++)
			minutes_printf(&t, "%s%s%s", j == 0 ? " (" : ", ",
			    json_string_value(json_array_get(voters, j)),
			    j + 1 == json_array_size(voters) ? ")" : "");
	}
	return (t.s);
}

static void
minutes_vote_print(struct minutes_text *t, const json_t *vote)
{
	char	*text = minutes_vote_text(vote);

	minutes_printf(t, "- %s\n", text);
	free(text);
}

struct minutes_votes {
	struct minutes_text	*t;
	int64_t			 item_id;
	bool			 any;
};

static void
minutes_vote_add(const struct store_vote *v, void *arg)
{
	struct minutes_votes	*mv = arg;
	json_t			*vote;

	if (v->item_id != mv->item_id)
		return;
	if (!mv->any)
		minutes_printf(mv->t, "\n**Votes**\n\n");
	mv->any = true;
	vote = floor_vote_json(v);
	minutes_vote_print(mv->t, vote);
	json_decref(vote);
}

static void
minutes_votes_of(struct minutes_text *t, int64_t meeting_id, int64_t item_id)
{
	struct minutes_votes	mv = { t, item_id, false };

	if (store_votes(server.store, meeting_id, minutes_vote_add, &mv) !=
	    STORE_OK)
		log_warn("minutes of %lld: the votes are unavailable",
		    (long long)meeting_id);
}

static void
minutes_item_body(struct minutes_text *t, const struct minutes_records *mr,
    int64_t meeting_id, int64_t item_id)
{
	minutes_records_of(t, mr, item_id, PROTO_RECORD_INFO, "Notes");
	minutes_records_of(t, mr, item_id, PROTO_RECORD_AGREED, "Decisions");
	minutes_records_of(t, mr, item_id, PROTO_RECORD_ACTION, "Actions");
	minutes_votes_of(t, meeting_id, item_id);
	if (t->len == 0)
		minutes_printf(t, "\nNothing was recorded.\n");
}

struct minutes_items {
	json_t				*parts;
	int64_t				 meeting_id;
	const struct minutes_records	*mr;
};

static void
minutes_item_add(const struct store_agenda_item *a, void *arg)
{
	struct minutes_items	*mi = arg;
	struct minutes_text	 t = { NULL, 0, 0 }, body = { NULL, 0, 0 };
	char			 title[PROTO_MAX_TITLE * 4 + 16];

	snprintf(title, sizeof title, "%d. %s", a->position, a->title);
	minutes_printf(&t, "## %s\n\n", title);
	if (a->owner[0] != '\0')
		minutes_printf(&t, "Led by %s. ", a->owner);
	minutes_printf(&t, "%d minutes allotted, %lld used.\n", a->minutes,
	    (long long)((a->used_ms + 30000) / 60000));
	minutes_item_body(&body, mi->mr, mi->meeting_id, a->id);
	minutes_printf(&t, "%s", body.s);
	minutes_add_parts(mi->parts, title, t.s);
	free(body.s);
	free(t.s);
}

static void
minutes_header(struct minutes_text *t, const struct store_meeting *m,
    const struct minutes_records *mr)
{
	struct minutes_roles	 roles;
	struct minutes_names	 present, regrets, observing;
	struct minutes_attendance att = { &present, &observing };
	char			 when[32], from[32], to[32];
	size_t			 i;

	memset(&roles, 0, sizeof roles);
	memset(&present, 0, sizeof present);
	memset(&regrets, 0, sizeof regrets);
	memset(&observing, 0, sizeof observing);
	proto_uk_format(m->start_ms, when, sizeof when, true);
	minutes_printf(t, "# %s\n\n", m->title);
	minutes_printf(t, "- **Series:** %s\n", m->series);
	minutes_printf(t, "- **Date and time:** %s, %d minutes\n", when,
	    m->length_min);
	if (m->started_ms != 0) {
		proto_uk_format(m->started_ms, from, sizeof from, false);
		proto_uk_format(m->ended_ms != 0 ? m->ended_ms : now_ms(), to,
		    sizeof to, false);
		minutes_printf(t, "- **Held:** %s to %s\n", from + 11, to + 11);
	}
	if (store_series_people(server.store, m->series_id, minutes_role_add,
	    &roles) != STORE_OK)
		log_warn("minutes of %lld: the chairs are unknown",
		    (long long)m->id);
	for (i = 0; i < mr->n; i++) {
		if (mr->v[i].kind == PROTO_RECORD_PRESENT)
			minutes_names_add(&present, mr->v[i].author);
	}
	/* Who joined or spoke in the room was there, present+ or not. */
	if (store_room_authors(server.store, m->id, minutes_author_add,
	    &present) != STORE_OK || store_meeting_attendees(server.store,
	    m->id, minutes_attendee_add, &att) != STORE_OK)
		log_warn("minutes of %lld: who was in the room is unknown",
		    (long long)m->id);
	for (i = 0; i < mr->n; i++) {
		if (mr->v[i].kind == PROTO_RECORD_REGRETS &&
		    !minutes_names_has(&present, mr->v[i].author))
			minutes_names_add(&regrets, mr->v[i].author);
	}
	minutes_names_print(t, "Chairs", &roles.chairs, "none");
	minutes_names_print(t, "Minute taker", &roles.takers, NULL);
	minutes_names_print(t, "Present", &present, "none recorded");
	minutes_names_print(t, "Observing", &observing, NULL);
	minutes_names_print(t, "Regrets", &regrets, "none");
}

json_t *
minutes_parts(const struct store_meeting *m)
{
	struct minutes_records	 mr = { NULL, 0 };
	struct minutes_text	 t = { NULL, 0, 0 }, before = { NULL, 0, 0 };
	struct minutes_items	 mi;
	json_t			*parts = json_array();
	size_t			 start;

	if (store_records(server.store, m->id, minutes_record_copy, &mr) !=
	    STORE_OK)
		log_warn("minutes of %lld: the records are unavailable",
		    (long long)m->id);
	minutes_header(&t, m, &mr);
	minutes_printf(&t, "\n## Actions carried over\n\n");
	start = t.len;
	if (store_actions_carried(server.store, m, minutes_carried_add, &t) !=
	    STORE_OK)
		log_warn("minutes of %lld: carried actions are unavailable",
		    (long long)m->id);
	if (t.len == start)
		minutes_printf(&t, "None.\n");
	/* Records made before the first item moved on. */
	minutes_records_of(&before, &mr, 0, PROTO_RECORD_INFO, "Notes");
	minutes_records_of(&before, &mr, 0, PROTO_RECORD_AGREED, "Decisions");
	minutes_records_of(&before, &mr, 0, PROTO_RECORD_ACTION, "Actions");
	minutes_votes_of(&before, m->id, 0);
	if (before.len > 0)
		minutes_printf(&t, "\n## Before the agenda\n%s", before.s);
	minutes_add_parts(parts, m->title, t.s);
	mi.parts = parts;
	mi.meeting_id = m->id;
	mi.mr = &mr;
	if (store_agenda(server.store, m->id, minutes_item_add, &mi) !=
	    STORE_OK)
		log_warn("minutes of %lld: the agenda is unavailable",
		    (long long)m->id);
	free(before.s);
	free(t.s);
	minutes_records_free(&mr);
	return (parts);
}

enum proto_error
minutes_post(struct op_ctx *ctx, const struct meeting_view *mv,
    int64_t *thread_id)
{
	struct store_post	 p;
	json_t			*parts, *part;
	char			 title[PROTO_MAX_TITLE * 4 + 64], day[32];
	size_t			 i;
	int64_t			 id;

	parts = minutes_parts(&mv->m);
	proto_uk_format(mv->m.start_ms, day, sizeof day, false);
	day[10] = '\0';
	snprintf(title, sizeof title, "Minutes: %s, %s", mv->m.title, day);
	title[proto_text_cut(title, PROTO_MAX_TITLE)] = '\0';
	json_array_foreach(parts, i, part) {
		memset(&p, 0, sizeof p);
		p.board_id = mv->series.s.board_id;
		p.user_id = ctx->me->id;
		p.body = json_string_value(json_object_get(part, "text"));
		p.ts = now_ms();
		if ((i == 0 ? store_thread_create(server.store, title, 0, &p,
		    thread_id) : (p.thread_id = *thread_id,
		    store_post_add(server.store, &p, &id))) != STORE_OK) {
			json_decref(parts);
			return (op_fail(ctx, PROTO_ERR_INTERNAL,
			    "the minutes were not posted"));
		}
	}
	json_decref(parts);
	if (store_meeting_set_thread(server.store, mv->m.id, *thread_id) !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the minutes were not posted"));
	return (PROTO_OK);
}
