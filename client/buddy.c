/*
 * buddy.c: buddy chats from the client's side. Creating one (/buddy NAME
 * HANDLE...), the invitations and buddy requests waiting for an answer
 * (kept here, shown as notices when they come and in the "while you were
 * away" summary), accepting and declining them, and the member ops on the
 * current room (/leave, /add, /remove, /rename).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "staffroom.h"

static struct pending	*pendings;
static size_t		 npendings;

size_t
buddy_pending(struct pending **out)
{
	*out = pendings;
	return (npendings);
}

static void
buddy_pending_free(struct pending *p)
{
	free(p->room);
	free(p->name);
	free(p->from);
	free(p->id);
}

/* Adds an invitation or a request unless it is already known. */
static struct pending *
buddy_pending_add(enum pending_kind kind, const char *room, const char *name,
    const char *from, const char *id)
{
	struct pending	*p;
	size_t		 i;

	for (i = 0; i < npendings; i++) {
		p = &pendings[i];
		if (p->kind != kind)
			continue;
		if (kind == PENDING_INVITE && room != NULL && p->room != NULL &&
		    strcmp(p->room, room) == 0)
			return (NULL);
		if (kind == PENDING_REQUEST && from != NULL && p->from != NULL &&
		    strcmp(p->from, from) == 0)
			return (NULL);
	}
	pendings = xreallocarray(pendings, npendings + 1, sizeof *pendings);
	p = &pendings[npendings++];
	p->kind = kind;
	p->room = room != NULL ? xstrdup(room) : NULL;
	p->name = name != NULL ? xstrdup(name) : NULL;
	p->from = from != NULL ? xstrdup(from) : NULL;
	p->id = id != NULL ? xstrdup(id) : NULL;
	return (p);
}

static void
buddy_pending_remove(struct pending *p)
{
	size_t	i = (size_t)(p - pendings);

	buddy_pending_free(p);
	memmove(pendings + i, pendings + i + 1,
	    (npendings - i - 1) * sizeof *pendings);
	npendings--;
}

static const char *
buddy_from(json_t *obj)
{
	const char	*from;
	json_t		*v;

	if ((v = json_object_get(obj, "from")) == NULL &&
	    (v = json_object_get(obj, "by")) == NULL)
		v = json_object_get(obj, "inviter");
	if ((from = json_string_value(v)) == NULL)
		from = json_string_value(json_object_get(v, "handle"));
	return (from);
}

/*
 * An invitation object: {"room": id or {"id","name"}, "name"?, "from"?}.
 * Returns the entry when it is new.
 */
struct pending *
buddy_invite_json(json_t *obj)
{
	json_t		*room = json_object_get(obj, "room");
	const char	*id, *name;

	if (json_is_object(room)) {
		id = json_string_value(json_object_get(room, "id"));
		name = json_string_value(json_object_get(room, "name"));
	} else {
		id = json_string_value(room);
		name = NULL;
	}
	if (name == NULL)
		name = json_string_value(json_object_get(obj, "name"));
	if (id == NULL)
		return (NULL);
	return (buddy_pending_add(PENDING_INVITE, id, name, buddy_from(obj),
	    NULL));
}

/* A request object: {"from": handle or person, "id"?, "note"?}. */
struct pending *
buddy_request_json(json_t *obj)
{
	const char	*from = buddy_from(obj);
	char		*id;
	struct pending	*p;

	if (from == NULL)
		from = json_string_value(json_object_get(obj, "handle"));
	if (from == NULL)
		return (NULL);
	id = rpc_id_text(json_object_get(obj, "id"));
	p = buddy_pending_add(PENDING_REQUEST, NULL, json_string_value(
	    json_object_get(obj, "note")), from, id);
	free(id);
	return (p);
}

/* Words for one waiting item, for notices and the summary. */
char *
buddy_pending_text(const struct pending *p)
{
	char	*s;

	if (p->kind == PENDING_INVITE)
		xasprintf(&s, "%s invites you to %s",
		    p->from != NULL ? p->from : "someone",
		    p->name != NULL ? p->name : p->room);
	else if (p->name != NULL && *p->name != '\0')
		xasprintf(&s, "%s asks to be buddies: %s", p->from, p->name);
	else
		xasprintf(&s, "%s asks to be buddies", p->from);
	return (s);
}

static void
buddy_announce(struct client *c, struct pending *p)
{
	char	*s;

	if (p == NULL)
		return;
	s = buddy_pending_text(p);
	fe_notice(c, "%s (/accept %s or /decline %s)", s,
	    p->kind == PENDING_INVITE ? p->room : p->from,
	    p->kind == PENDING_INVITE ? p->room : p->from);
	free(s);
	away_changed(c);
}

/* Invitation and request events; 0 when ev is neither. */
bool
buddy_event(struct client *c, const char *ev, json_t *root)
{
	json_t	*obj;

	if (strcmp(ev, "invitation") == 0) {
		if ((obj = json_object_get(root, "invitation")) == NULL)
			obj = root;
		buddy_announce(c, buddy_invite_json(obj));
		return (true);
	}
	if (strcmp(ev, "buddy_request") == 0) {
		if ((obj = json_object_get(root, "request")) == NULL)
			obj = root;
		buddy_announce(c, buddy_request_json(obj));
		return (true);
	}
	if (strcmp(ev, "room") == 0) {
		/* A room appeared (a DM, an accepted chat) or was renamed. */
		session_goto(c, NULL);
		return (true);
	}
	return (false);
}

/* Takes in the waiting items a summary (or a list op) reports. */
void
buddy_pending_json(json_t *invites, json_t *requests)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(invites, i, v)
		buddy_invite_json(v);
	json_array_foreach(requests, i, v)
		buddy_request_json(v);
}

/*
 * The item /accept or /decline means: the one named (a handle, a room id or
 * name), or, with no name, the only one waiting. NULL when none or unclear.
 */
struct pending *
buddy_pending_find(const char *what)
{
	struct pending	*p, *found = NULL;
	size_t		 i;

	if (what != NULL && *what == '@')
		what++;
	if (what == NULL || *what == '\0')
		return (npendings == 1 ? &pendings[0] : NULL);
	for (i = 0; i < npendings; i++) {
		p = &pendings[i];
		if ((p->room != NULL && strcmp(p->room, what) == 0) ||
		    (p->from != NULL && strcmp(p->from, what) == 0) ||
		    (p->kind == PENDING_INVITE && p->name != NULL &&
		    strcasecmp(p->name, what) == 0)) {
			if (found != NULL)
				return (NULL);
			found = p;
		}
	}
	return (found);
}

struct buddy_answer {
	enum pending_kind	 kind;
	char			*room;
	char			*from;
	int			 accept;
};

static void
buddy_answer_cb(struct client *c, json_t *reply, void *arg)
{
	struct buddy_answer	*a = arg;
	struct pending		*p;
	const char		*room;
	enum proto_error	 err;
	size_t			 i;

	err = people_failed(c, reply, "answer buddy invitations");
	/* Answered, or gone on the server: either way it waits no more. */
	if (err == PROTO_OK || err == PROTO_ERR_NOT_FOUND ||
	    err == PROTO_ERR_FORBIDDEN) {
		for (i = 0; i < npendings; i++) {
			p = &pendings[i];
			if (p->kind == a->kind && ((a->room != NULL &&
			    p->room != NULL && strcmp(a->room, p->room) == 0) ||
			    (a->from != NULL && p->from != NULL &&
			    strcmp(a->from, p->from) == 0))) {
				buddy_pending_remove(p);
				break;
			}
		}
		away_changed(c);
	}
	if (err == PROTO_OK) {
		if (!a->accept)
			fe_notice(c, "declined");
		else {
			fe_notice(c, a->kind == PENDING_INVITE ?
			    "you joined the buddy chat" :
			    "you are buddies now");
			if ((room = people_reply_room(reply)) == NULL)
				room = a->room;
			if (room != NULL)
				c->fe->people->room_opened(c);
			session_goto(c, room);
		}
	}
	free(a->room);
	free(a->from);
	free(a);
}

/* Accepts or declines a waiting invitation or request. */
void
buddy_answer(struct client *c, struct pending *p, int accept)
{
	struct buddy_answer	*a;
	json_t			*req;

	a = xcalloc(1, sizeof *a);
	a->kind = p->kind;
	a->accept = accept;
	a->room = p->room != NULL ? xstrdup(p->room) : NULL;
	a->from = p->from != NULL ? xstrdup(p->from) : NULL;
	if (p->kind == PENDING_INVITE)
		req = json_pack("{s:s, s:s}", "op", accept ? "buddy.accept" :
		    "buddy.decline", "room", p->room);
	else {
		req = json_pack("{s:s, s:s}", "op", accept ?
		    "buddy.request.accept" : "buddy.request.decline", "from",
		    p->from);
		if (p->id != NULL)
			json_object_set_new(req, "request", json_string(p->id));
	}
	rpc_send(c, req, buddy_answer_cb, a);
}

/* /accept and /decline. */
void
buddy_answer_named(struct client *c, const char *what, int accept)
{
	struct pending	*p;

	if ((p = buddy_pending_find(what)) != NULL) {
		buddy_answer(c, p, accept);
		return;
	}
	if (npendings == 0)
		fe_notice(c, "no invitations or buddy requests are waiting");
	else
		c->fe->error(c, "which", "say which: /accept HANDLE (a request) "
		    "or /accept ROOM (an invitation); /summary lists them");
}

/*
 * "/buddy NAME handle1 handle2": the name is one word, several in double
 * quotes, or every word before the first @handle ("/buddy ASD leads @ben
 * @cara"), so a name of several words needs no quotes. Returns -1 when
 * there is no name or no member.
 */
int
buddy_parse_create(const char *arg, char **name, json_t **members)
{
	const char	*p = arg, *end, *at;
	char		*copy, *word, *save = NULL;

	*name = NULL;
	*members = NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '"') {
		if ((end = strchr(p + 1, '"')) == NULL || end == p + 1)
			return (-1);
		*name = xstrndup(p + 1, (size_t)(end - p - 1));
		p = end + 1;
	} else {
		end = p + strcspn(p, " \t");
		if (end == p || *p == '@')
			return (-1);
		/* The first word starting with @ ends the name. */
		for (at = end; *at != '\0'; at++) {
			if (*at == '@' && (at[-1] == ' ' || at[-1] == '\t' ||
			    at[-1] == ',')) {
				for (end = at; end > p && strchr(" \t,",
				    end[-1]) != NULL; end--)
					;
				break;
			}
		}
		*name = xstrndup(p, (size_t)(end - p));
		p = end;
	}
	*members = json_array();
	copy = xstrdup(p);
	for (word = strtok_r(copy, " \t,", &save); word != NULL;
	    word = strtok_r(NULL, " \t,", &save))
		json_array_append_new(*members, json_string(*word == '@' ?
		    word + 1 : word));
	free(copy);
	if (json_array_size(*members) == 0) {
		free(*name);
		json_decref(*members);
		*name = NULL;
		*members = NULL;
		return (-1);
	}
	return (0);
}

static void
buddy_room_cb(struct client *c, json_t *reply, void *arg)
{
	char		*done = arg;
	const char	*room;

	if (people_failed(c, reply, "do that with buddy chats") == PROTO_OK) {
		fe_notice(c, "%s", done);
		room = people_reply_room(reply);
		session_goto(c, room);
	}
	free(done);
}

void
buddy_create(struct client *c, const char *arg)
{
	json_t	*members;
	char	*name, *done;

	if (buddy_parse_create(arg, &name, &members) == -1) {
		c->fe->error(c, "bad_command", "/buddy NAME HANDLE... (a name "
		    "of several words goes in double quotes, or before "
		    "@handles: /buddy ASD leads @ben @cara)");
		return;
	}
	xasprintf(&done, "buddy chat %s made; the people you named are invited",
	    name);
	rpc_send(c, json_pack("{s:s, s:s, s:o}", "op", "buddy.create", "name",
	    name, "members", members), buddy_room_cb, done);
	free(name);
}

/* Asks someone to be buddies. */
void
buddy_request(struct client *c, const char *handle)
{
	char	*done;

	if (*handle == '@')
		handle++;
	xasprintf(&done, "asked %s to be buddies", handle);
	rpc_send(c, json_pack("{s:s, s:s}", "op", "buddy.request", "handle",
	    handle), buddy_room_cb, done);
}

/* The room a member op is about: the current one, if it is private. */
static struct room *
buddy_current(struct client *c)
{
	struct room	*r = session_current(c);

	if (r == NULL || (r->kind != ROOM_BUDDY && r->kind != ROOM_DM)) {
		c->fe->error(c, "not_buddy", "go to the buddy chat first "
		    "(this works in buddy chats and DMs)");
		return (NULL);
	}
	return (r);
}

void
buddy_room_op(struct client *c, const char *arg, int op)
{
	static const char	*ops[] = {
		[BUDDY_LEAVE] = "room.leave",
		[BUDDY_ADD] = "room.add",
		[BUDDY_REMOVE] = "room.remove",
		[BUDDY_RENAME] = "room.rename",
	};
	struct room		*r;
	json_t			*req;
	char			*done;

	if ((r = buddy_current(c)) == NULL)
		return;
	if (*arg == '@')
		arg++;
	req = json_pack("{s:s, s:s}", "op", ops[op], "room", r->id);
	switch (op) {
	case BUDDY_LEAVE:
		xasprintf(&done, "you left %s", r->name);
		break;
	case BUDDY_RENAME:
		json_object_set_new(req, "name", json_string(arg));
		xasprintf(&done, "renamed to %s", arg);
		break;
	default:
		json_object_set_new(req, "handle", json_string(arg));
		if (op == BUDDY_ADD)
			xasprintf(&done, "%s invited", arg);
		else
			xasprintf(&done, "%s removed", arg);
		break;
	}
	rpc_send(c, req, buddy_room_cb, done);
}

void
buddy_free(void)
{
	size_t	i;

	for (i = 0; i < npendings; i++)
		buddy_pending_free(&pendings[i]);
	free(pendings);
	pendings = NULL;
	npendings = 0;
}
