/*
 * msgedit.c: editing and deleting chat messages (msg.edit, msg.delete,
 * msg.history), by their author, in both frontends. What arrives (our own
 * reply or another's msg.edit event) changes the message in its room and
 * the frontend shows it again: "(edited)", or the message gone.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

/*
 * The message's body and its drawn text; an edited one says so, one
 * marked personal_data (set before) is tagged for everyone, and an action
 * ("/me waves") is drawn without its "/me ".
 */
void
msg_set_body(struct msg *m, const char *body, bool edited)
{
	char	*shown;

	free(m->body);
	free(m->text);
	m->body = xstrdup(body);
	m->edited = edited;
	m->action = strncmp(body, MSG_ACTION, strlen(MSG_ACTION)) == 0;
	if (m->action)
		body += strlen(MSG_ACTION);
	xasprintf(&shown, "%s%s%s", m->personal_data ?
	    MSG_PERSONAL_DATA_TAG " " : "", body, edited ? " (edited)" : "");
	m->text = text_neutralise(shown, strlen(shown), TEXT_BODY, &m->textlen);
	free(shown);
}

static size_t
msgedit_find(struct room *r, int64_t id)
{
	size_t	lo = 0, hi = r->nmsgs, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (r->msgs[mid]->id == id)
			return (mid);
		if (r->msgs[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (r->nmsgs);
}

/* A msg.edit object (an event or our reply): change or drop the message. */
void
msgedit_apply(struct client *c, json_t *obj)
{
	struct room	*r;
	struct msg	*m;
	const char	*body;
	size_t		 i;

	if ((r = session_room(c, json_string_value(json_object_get(obj,
	    "room")))) == NULL)
		return;
	i = msgedit_find(r, json_integer_value(json_object_get(obj, "id")));
	if (i == r->nmsgs)
		return;		/* not loaded here: history brings it as it is */
	m = r->msgs[i];
	if (json_is_true(json_object_get(obj, "hidden"))) {
		memmove(r->msgs + i, r->msgs + i + 1,
		    (r->nmsgs - i - 1) * sizeof *r->msgs);
		r->nmsgs--;
		c->fe->message(c, r, m, json_is_true(json_object_get(obj,
		    "moderated")) ? MSG_REMOVED : MSG_DELETED);
		msg_free(m);
		return;
	}
	if ((body = json_string_value(json_object_get(obj, "body"))) == NULL)
		return;
	m->personal_data = json_is_true(json_object_get(obj, "personal_data"));
	msg_set_body(m, body, true);
	c->fe->message(c, r, m, MSG_EDITED);
}

/* Your newest message in r older than message id before (0: any). */
static struct msg *
msgedit_own_before(struct client *c, struct room *r, int64_t before)
{
	size_t	i;

	if (r == NULL || c->handle == NULL)
		return (NULL);
	for (i = r->nmsgs; i > 0; i--) {
		if ((before == 0 || r->msgs[i - 1]->id < before) &&
		    strcmp(r->msgs[i - 1]->from, c->handle) == 0)
			return (r->msgs[i - 1]);
	}
	return (NULL);
}

static void
msgedit_none(struct client *c)
{
	c->fe->error(c, "no_message", "you have no message in this room "
	    "to change (only your own are edited or deleted)");
}

/* Your newest message in the room on screen, or NULL after saying why. */
static struct msg *
msgedit_own(struct client *c, struct room **rp)
{
	struct msg	*m;

	*rp = session_current(c);
	if ((m = msgedit_own_before(c, *rp, 0)) == NULL)
		msgedit_none(c);
	return (m);
}

struct msgedit_req {
	char	*room;
	int64_t	 id;
};

static struct msgedit_req *
msgedit_req(struct room *r, struct msg *m)
{
	struct msgedit_req	*q = xcalloc(1, sizeof *q);

	q->room = xstrdup(r->id);
	q->id = m->id;
	return (q);
}

static void
msgedit_req_free(struct msgedit_req *q)
{
	free(q->room);
	free(q);
}

/* Sends a request about q's message; q goes to cb, or is freed here. */
static void
msgedit_send(struct client *c, json_t *req, rpc_cb cb, struct msgedit_req *q)
{
	if (rpc_send(c, req, cb, q) == -1)
		msgedit_req_free(q);
}

/* Says a refusal; true when the request went through. */
static bool
msgedit_ok(struct client *c, json_t *reply)
{
	const char	*code, *message;

	if (rpc_error(reply, &code, &message) == PROTO_OK)
		return (true);
	if (reply != NULL)
		c->fe->error(c, code, message);
	else
		c->fe->error(c, "offline", "the connection went; try again");
	return (false);
}

static void
msgedit_edit_cb(struct client *c, json_t *reply, void *arg)
{
	struct msgedit_req	*q = arg;

	if (msgedit_ok(c, reply))
		msgedit_apply(c, json_object_get(reply, "msg"));
	msgedit_req_free(q);
}

static void
msgedit_delete_cb(struct client *c, json_t *reply, void *arg)
{
	struct msgedit_req	*q = arg;
	json_t			*gone;

	if (msgedit_ok(c, reply)) {
		gone = json_pack("{s:I, s:s, s:b}", "id", (json_int_t)q->id,
		    "room", q->room, "hidden", 1);
		msgedit_apply(c, gone);
		json_decref(gone);
	}
	msgedit_req_free(q);
}

/* Asks op about message m of room r (with body, when not NULL). */
static void
msgedit_request(struct client *c, struct room *r, struct msg *m,
    const char *op, const char *body, rpc_cb cb)
{
	json_t	*req;

	req = json_pack("{s:s, s:I}", "op", op, "msg", (json_int_t)m->id);
	if (body != NULL)
		json_object_set_new(req, "body", json_string(body));
	msgedit_send(c, req, cb, msgedit_req(r, m));
}

/* Asks op about your newest message in this room. */
static void
msgedit_own_send(struct client *c, const char *op, const char *body, rpc_cb cb)
{
	struct room	*r;
	struct msg	*m;

	if ((m = msgedit_own(c, &r)) != NULL)
		msgedit_request(c, r, m, op, body, cb);
}

/* /edit TEXT: your newest message in this room now says TEXT. */
void
msgedit_edit(struct client *c, const char *arg)
{
	msgedit_own_send(c, "msg.edit", arg, msgedit_edit_cb);
}

/* /delete: your newest message in this room is hidden from everyone. */
void
msgedit_delete(struct client *c, const char *arg)
{
	msgedit_own_send(c, "msg.delete", NULL, msgedit_delete_cb);
}

static void
msgedit_versions_cb(struct client *c, json_t *reply, void *arg)
{
	struct msgedit_req	*q = arg;
	json_t			*v;
	size_t			 i, n;
	char			 hm[16];

	if (msgedit_ok(c, reply)) {
		n = json_array_size(json_object_get(reply, "versions"));
		fe_notice(c, "%zu versions of the message, oldest first:", n);
		json_array_foreach(json_object_get(reply, "versions"), i, v) {
			clock_hm(json_integer_value(json_object_get(v, "ts")),
			    hm, sizeof hm);
			fe_notice(c, "%zu. %s %s", i + 1, hm,
			    json_string_value(json_object_get(v, "body")));
		}
	}
	msgedit_req_free(q);
}

/* /edits: every version of the newest edited message in this room. */
void
msgedit_versions(struct client *c, const char *arg)
{
	struct room		*r = session_current(c);
	struct msgedit_req	*q;
	size_t			 i;

	for (i = r != NULL ? r->nmsgs : 0; i > 0; i--) {
		if (r->msgs[i - 1]->edited)
			break;
	}
	if (i == 0) {
		c->fe->error(c, "no_message", "no message in this room has "
		    "been edited");
		return;
	}
	q = msgedit_req(r, r->msgs[i - 1]);
	msgedit_send(c, json_pack("{s:s, s:I}", "op", "msg.history", "msg",
	    (json_int_t)q->id), msgedit_versions_cb, q);
}

/*
 * The full client's Alt-e: the message line holds the text of one of your
 * messages, and Enter changes that message, whatever was said since (/edit
 * TEXT takes the newest when it is sent). Alt-e again steps back to your
 * message before it.
 */
static struct {
	char	*room;
	int64_t	 id;
} msgedit_line;

bool
msgedit_line_active(void)
{
	return (msgedit_line.id != 0);
}

/* Stops editing; the line is cleared when in is not NULL. */
void
msgedit_line_cancel(struct input *in)
{
	free(msgedit_line.room);
	msgedit_line.room = NULL;
	msgedit_line.id = 0;
	if (in != NULL)
		input_clear(in);
}

void
msgedit_line_begin(struct client *c, struct input *in)
{
	struct room	*r;
	struct msg	*m;
	char		 hm[16];

	if (msgedit_line.id != 0) {
		r = session_room(c, msgedit_line.room);
		if ((m = msgedit_own_before(c, r, msgedit_line.id)) == NULL) {
			c->fe->error(c, "no_message", "no earlier message of "
			    "yours is loaded in this room (PgUp loads more)");
			return;
		}
	} else {
		/* What was typed is never lost to an edit. */
		if (in->len > 0) {
			fe_notice(c, "send or clear (Ctrl-C) the line first; "
			    "then Alt-e puts your last message on it");
			return;
		}
		r = session_current(c);
		if ((m = msgedit_own_before(c, r, 0)) == NULL) {
			msgedit_none(c);
			return;
		}
	}
	free(msgedit_line.room);
	msgedit_line.room = xstrdup(r->id);
	msgedit_line.id = m->id;
	input_set(in, m->body);
	clock_hm(m->ts, hm, sizeof hm);
	fe_notice(c, "editing your message of %s: Enter saves, Esc cancels",
	    hm);
}

/* Enter while editing: the line becomes the message's new text. */
void
msgedit_line_submit(struct client *c, struct input *in)
{
	struct room	*r = session_room(c, msgedit_line.room);
	char		*body = input_take(in);
	size_t		 i = r != NULL ? msgedit_find(r, msgedit_line.id) : 0;

	if (r == NULL || i == r->nmsgs)
		c->fe->error(c, "no_message", "that message is gone (deleted "
		    "or removed) while you edited it");
	else if (body[strspn(body, " \t\n")] == '\0')
		fe_notice(c, "the message is as it was (/delete deletes it)");
	else if (strcmp(body, r->msgs[i]->body) == 0)
		fe_notice(c, "the message is as it was: nothing changed");
	else
		msgedit_request(c, r, r->msgs[i], "msg.edit", body,
		    msgedit_edit_cb);
	free(body);
	msgedit_line_cancel(NULL);
}
