/*
 * rpc.c: requests out, replies and events in. Each request gets a fresh
 * integer id and a callback; the reply with that "re" calls it. When the
 * connection drops, every callback still waiting is called with a NULL
 * reply, so no caller waits forever and the outbox can tell what may not
 * have arrived.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

/*
 * Sends req (taking its reference) and calls cb with the reply. Returns the
 * request id, or -1 when there is no connection (cb is not called then).
 */
int64_t
rpc_send(struct client *c, json_t *req, rpc_cb cb, void *arg)
{
	struct rpc_pending	*p;
	char			*line;
	size_t			 len;

	if (c->net.state != NET_READY) {
		json_decref(req);
		return (-1);
	}
	p = xcalloc(1, sizeof *p);
	p->id = ++c->next_id;
	p->cb = cb;
	p->arg = arg;
	json_object_set_new(req, "id", json_integer(p->id));
	line = proto_encode_line(req, &len);
	json_decref(req);
	if (line == NULL) {
		free(p);
		return (-1);
	}
	TAILQ_INSERT_TAIL(&c->pending, p, entry);
	net_send(&c->net, line, len);
	free(line);
	return (p->id);
}

static void
rpc_reply(struct client *c, json_t *root, json_t *re)
{
	struct rpc_pending	*p;

	if (!json_is_integer(re)) {
		/* "re":null: the server could not read one of our lines. */
		rpc_failed(c, root);
		return;
	}
	TAILQ_FOREACH(p, &c->pending, entry) {
		if (p->id == json_integer_value(re))
			break;
	}
	if (p == NULL)
		return;
	TAILQ_REMOVE(&c->pending, p, entry);
	if (p->cb != NULL)
		p->cb(c, root, p->arg);
	free(p);
}

/* One line from the server: an event or a reply. */
void
rpc_line(struct client *c, const char *line, size_t len)
{
	json_t		*root, *re;
	const char	*ev;

	if ((root = json_loadb(line, len, 0, NULL)) == NULL)
		return;
	if (!json_is_object(root)) {
		json_decref(root);
		return;
	}
	if ((ev = json_string_value(json_object_get(root, "ev"))) != NULL) {
		if (strcmp(ev, "hello") == 0)
			session_hello(c, root);
		else
			session_event(c, ev, root);
	} else if ((re = json_object_get(root, "re")) != NULL)
		rpc_reply(c, root, re);
	json_decref(root);
}

/* The connection went: every waiting callback hears it (reply NULL). */
void
rpc_fail_all(struct client *c)
{
	struct rpc_pending	*p;

	while ((p = TAILQ_FIRST(&c->pending)) != NULL) {
		TAILQ_REMOVE(&c->pending, p, entry);
		if (p->cb != NULL)
			p->cb(c, NULL, p->arg);
		free(p);
	}
}

/*
 * The error of a reply: PROTO_OK when it succeeded, else proto's code for
 * it, or PROTO_ERR_COUNT for a code this client does not know and for a
 * NULL reply (the connection was lost: the local code "disconnected").
 * *code and *message, when not NULL, receive what to show the person.
 */
enum proto_error
rpc_error(json_t *reply, const char **code, const char **message)
{
	json_t		*err;
	const char	*name, *text;

	if (reply == NULL) {
		if (code != NULL)
			*code = "disconnected";
		if (message != NULL)
			*message = "the connection was lost before the answer came";
		return (PROTO_ERR_COUNT);
	}
	if ((err = json_object_get(reply, "error")) == NULL)
		return (PROTO_OK);
	if ((name = json_string_value(json_object_get(err, "code"))) == NULL)
		name = "internal";
	if ((text = json_string_value(json_object_get(err, "message"))) == NULL)
		text = name;
	if (code != NULL)
		*code = name;
	if (message != NULL)
		*message = text;
	return (proto_error_from_code(name));
}

/*
 * True when a reply is an error; the person is told unless the connection
 * was lost (the status line says that).
 */
bool
rpc_failed(struct client *c, json_t *reply)
{
	const char	*code, *message;

	if (rpc_error(reply, &code, &message) == PROTO_OK)
		return (false);
	if (reply != NULL)
		c->fe->error(c, code, message);
	return (true);
}

/* A printable form of an id that may be a string or a number; NULL if neither. */
char *
rpc_id_text(json_t *v)
{
	char	*s;

	if (json_is_string(v))
		return (xstrdup(json_string_value(v)));
	if (!json_is_integer(v))
		return (NULL);
	xasprintf(&s, "%lld", (long long)json_integer_value(v));
	return (s);
}

/* The guard's kinds (proto/PROTOCOL.md) as a person reads them. */
static const struct {
	const char	*kind;
	const char	*words;
} rpc_guard_kinds[] = {
	{ "upn", "a UPN (a pupil's unique pupil number)" },
	{ "uln", "a ULN (a learner's unique learner number)" },
	{ "nhs", "an NHS number" },
	{ "name_dob", "a pupil's name with a date of birth" },
};

char *
rpc_guard_text(json_t *reply, bool *confirmable)
{
	json_t		*err = json_object_get(reply, "error"), *k;
	const char	*name, *words[4];
	char		*what, *s;
	size_t		 i, j, n = 0;

	*confirmable = json_is_true(json_object_get(err, "confirmable"));
	json_array_foreach(json_object_get(err, "kinds"), i, k) {
		name = json_string_value(k);
		for (j = 0; name != NULL && n < 4 &&
		    j < sizeof rpc_guard_kinds / sizeof rpc_guard_kinds[0]; j++) {
			if (strcmp(name, rpc_guard_kinds[j].kind) == 0)
				words[n++] = rpc_guard_kinds[j].words;
		}
	}
	if (n == 0)
		what = xstrdup("pupil data");
	else {
		what = xstrdup(words[0]);
		for (j = 1; j < n; j++) {
			xasprintf(&s, "%s%s%s", what, j == n - 1 ? " and " : ", ",
			    words[j]);
			free(what);
			what = s;
		}
	}
	xasprintf(&s, "not sent: it looks like it contains %s. %s", what,
	    *confirmable ? "Edit it, or send it anyway if you are sure: "
	    "everyone here will see it marked as confirmed personal data" :
	    "Pupil data may not be shared here: edit it to take that out");
	free(what);
	return (s);
}
