/*
 * join.c: redeeming an invite. From the command line (staffroom --join CODE
 * host) it runs before any screen: it finds or makes a key, logs in as
 * "join" (any password), has the code checked, asks for a handle and a
 * full name, sends account.register and, once registered, leaves the caller to log in as the
 * new handle with that key. A spawned client does the same through the
 * join form on its screen, with a password instead of a key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

/* What to tell a person whose registration was refused. */
const char *
join_explain(enum proto_error err)
{
	static const struct {
		enum proto_error	 err;
		const char		*text;
	} texts[] = {
		{ PROTO_ERR_INVITE_UNKNOWN, "That invite code is not known. "
		    "Check it for typing mistakes and try again." },
		{ PROTO_ERR_INVITE_USED, "That invite has already been used. "
		    "Ask the person who invited you for a new one." },
		{ PROTO_ERR_INVITE_EXPIRED, "That invite has expired or was "
		    "withdrawn. Ask the person who invited you for a new one." },
		{ PROTO_ERR_HANDLE_TAKEN, "Someone already has that handle. "
		    "Please choose another." },
		{ PROTO_ERR_BAD_HANDLE, "A handle is " CLIENT_XSTR(PROTO_HANDLE_MIN)
		    " to " CLIENT_XSTR(PROTO_HANDLE_MAX) " of a-z, 0-9, '.', '_' "
		    "and '-', starting with a letter." },
		{ PROTO_ERR_KEY_EXISTS, "Your key already belongs to an "
		    "account: log in with it instead of joining again." },
		{ PROTO_ERR_WEAK_PASSWORD, "Passwords need at least "
		    CLIENT_XSTR(PROTO_PASSWORD_MIN) " characters." },
		{ PROTO_ERR_BAD_TEXT, "Names cannot contain control "
		    "characters." },
		{ PROTO_ERR_TOO_LONG, "That name is too long (at most "
		    CLIENT_XSTR(PROTO_MAX_NAME) " characters)." },
	};
	size_t	i;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		if (texts[i].err == err)
			return (texts[i].text);
	}
	return (NULL);
}

/* A refusal the person can fix by choosing another handle. */
bool
join_retry_handle(enum proto_error err)
{
	return (err == PROTO_ERR_HANDLE_TAKEN || err == PROTO_ERR_BAD_HANDLE);
}

/* Sends account.register; pubkey or password may be NULL (not both). */
void
join_register(struct client *c, const struct join_form *f, rpc_cb cb,
    void *arg)
{
	json_t	*req;

	req = json_pack("{s:s, s:s, s:s, s:s}", "op", "account.register",
	    "code", f->code, "handle", f->handle, "name", f->name);
	if (f->pubkey != NULL)
		json_object_set_new(req, "pubkey", json_string(f->pubkey));
	if (f->password != NULL)
		json_object_set_new(req, "password", json_string(f->password));
	rpc_send(c, req, cb, arg);
}

/* Checks a handle the way the server will, to ask again at once. */
static char *
join_ask_handle(void)
{
	char	*handle;

	for (;;) {
		if ((handle = tty_prompt("Choose a handle (like asha or "
		    "j.smith): ", 1)) == NULL)
			return (NULL);
		if (proto_handle_valid(handle) &&
		    strcmp(handle, PROTO_JOIN_HANDLE) != 0)
			return (handle);
		fprintf(stderr, "%s\n", join_explain(PROTO_ERR_BAD_HANDLE));
		free(handle);
	}
}

static char *
join_ask_name(void)
{
	char	*name;
	size_t	 chars;

	for (;;) {
		if ((name = tty_prompt("Your full name: ", 1)) == NULL)
			return (NULL);
		if (*name != '\0' && proto_name_check(name, strlen(name),
		    &chars) == PROTO_OK && chars <= PROTO_MAX_NAME)
			return (name);
		fprintf(stderr, "Please give your name: at most %d "
		    "characters, " PROTO_NAME_RULE ".\n", PROTO_MAX_NAME);
		free(name);
	}
}

struct join_wait {
	bool	 done;
	json_t	*reply;
};

static void
join_reply_cb(struct client *c, json_t *reply, void *arg)
{
	struct join_wait	*w = arg;

	w->reply = reply != NULL ? json_incref(reply) : NULL;
	w->done = 1;
}

/*
 * Waits for the answer to the request just sent; says why when it is
 * refused. Returns its error, PROTO_ERR_COUNT when the connection went.
 */
static enum proto_error
join_answer(struct client *c, struct join_wait *w)
{
	const char		*message, *text;
	enum proto_error	 err;

	if (loop_wait(c, &w->done) == -1 && !w->done) {
		fputs("staffroom: the server closed the connection\n", stderr);
		return (PROTO_ERR_COUNT);
	}
	if ((err = rpc_error(w->reply, NULL, &message)) != PROTO_OK) {
		text = join_explain(err);
		fprintf(stderr, "staffroom: %s\n", text != NULL ? text : message);
	}
	json_decref(w->reply);
	return (err);
}

/* Whether the server takes the code, asked before any other question. */
static int
join_check_code(struct client *c, const char *code)
{
	struct join_wait	w;

	memset(&w, 0, sizeof w);
	rpc_send(c, json_pack("{s:s, s:s}", "op", "account.check_invite",
	    "code", code), join_reply_cb, &w);
	return (join_answer(c, &w) == PROTO_OK ? 0 : -1);
}

/* Registers over the open join session; asks again for a taken handle. */
static int
join_exchange(struct client *c, struct join_form *f)
{
	struct join_wait	 w;
	enum proto_error	 err;

	for (;;) {
		memset(&w, 0, sizeof w);
		join_register(c, f, join_reply_cb, &w);
		if ((err = join_answer(c, &w)) == PROTO_OK) {
			fprintf(stderr, "Welcome, %s! You are registered.\n",
			    f->handle);
			return (0);
		}
		if (!join_retry_handle(err))
			return (-1);
		free(f->handle);
		if ((f->handle = join_ask_handle()) == NULL)
			return (-1);
	}
}

/*
 * staffroom --join CODE host: registers, then sets c->target's user to the
 * new handle so the normal login follows. Returns 0 when registered.
 */
int
join_command_line(struct client *c, const char *code)
{
	struct target	 jt;
	struct join_form f;
	int		 rc = -1;

	memset(&f, 0, sizeof f);
	f.code = xstrdup(code);
	if ((f.pubkey = auth_find_pubkey(c->net.auth.identity)) == NULL &&
	    (f.pubkey = auth_make_key()) == NULL)
		return (-1);
	fprintf(stderr, "Joining %s. Your key: %.40s...\n", c->target.host,
	    f.pubkey);

	jt = c->target;
	jt.user = PROTO_JOIN_HANDLE;
	c->net.auth.password = "join";
	c->joining = 1;
	if (net_open(&c->net, &jt) != 0)
		goto out;
	/* The hello of a join session says mode "join". */
	if (loop_wait(c, &c->join_session) == -1) {
		fputs("staffroom: the server did not start a join session\n",
		    stderr);
		goto out;
	}
	/* A mistyped or spent code is said before anything is asked. */
	if (join_check_code(c, f.code) == -1 ||
	    (f.handle = join_ask_handle()) == NULL ||
	    (f.name = join_ask_name()) == NULL)
		goto out;
	rc = join_exchange(c, &f);
	if (rc == 0) {
		free(c->target.user);
		c->target.user = xstrdup(f.handle);
		c->newcomer = 1;
	}
out:
	net_close(&c->net);
	rpc_fail_all(c);
	auth_free(&c->net.auth);
	c->net.auth.password = NULL;
	c->net.target = &c->target;
	c->joining = c->join_session = 0;
	free(f.code);
	free(f.pubkey);
	free(f.handle);
	free(f.name);
	return (rc);
}

/*
 * The join form, for a spawned client whose login was "join": a plain ssh
 * user has no key to give, so they choose a password (asked twice).
 * Registration upgrades the same connection: the server sends a new hello
 * as the new person and the normal screens follow.
 */
enum {
	JOIN_CODE,
	JOIN_HANDLE,
	JOIN_NAME,
	JOIN_PASSWORD,
	JOIN_AGAIN,
	JOIN_FIELDS
};

static const struct {
	const char	*label;
	const char	*hint;
} join_fields[JOIN_FIELDS] = {
	{ "Invite code: ", "as you were given it" },
	{ "Handle:      ", CLIENT_XSTR(PROTO_HANDLE_MIN) " to "
	    CLIENT_XSTR(PROTO_HANDLE_MAX) " of a-z 0-9 . _ - (starts with a "
	    "letter)" },
	{ "Full name:   ", "as colleagues know you" },
	{ "Password:    ", CLIENT_XSTR(PROTO_PASSWORD_MIN) " characters or more" },
	{ "Again:       ", "the same password" },
};

static struct {
	struct input	 in[JOIN_FIELDS];
	int		 field;
	bool		 busy;		/* account.register is out */
	char		*message;
	bool		 open;
} jf;

static void
join_form_say(const char *text)
{
	free(jf.message);
	jf.message = text != NULL ? xstrdup(text) : NULL;
	ui.dirty = 1;
}

void
join_form_open(struct client *c)
{
	int	i;

	if (!jf.open) {
		for (i = 0; i < JOIN_FIELDS; i++)
			input_init(&jf.in[i], i >= JOIN_PASSWORD);
		jf.open = 1;
	}
	jf.field = JOIN_CODE;
	jf.busy = 0;
	join_form_say(NULL);
}

void
join_form_free(void)
{
	int	i;

	if (!jf.open)
		return;
	for (i = 0; i < JOIN_FIELDS; i++)
		input_free(&jf.in[i]);
	free(jf.message);
	jf.message = NULL;
	jf.open = 0;
}

/* A refusal: explain it and put the cursor where the fix goes. */
static void
join_form_error(enum proto_error err, const char *message)
{
	const char	*text = join_explain(err);

	jf.busy = 0;
	join_form_say(text != NULL ? text : message);
	if (err == PROTO_ERR_INVITE_UNKNOWN || err == PROTO_ERR_INVITE_USED ||
	    err == PROTO_ERR_INVITE_EXPIRED)
		jf.field = JOIN_CODE;
	else if (join_retry_handle(err))
		jf.field = JOIN_HANDLE;
	else if (err == PROTO_ERR_WEAK_PASSWORD)
		jf.field = JOIN_PASSWORD;
	else if (err == PROTO_ERR_BAD_TEXT || err == PROTO_ERR_TOO_LONG)
		jf.field = JOIN_NAME;
}

static void
join_form_draw(struct client *c)
{
	int	i, y, w = COLS - 16 < 44 ? COLS - 2 : 44 + 14;

	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	attroff(A_REVERSE);
	ui_put(0, 1, "Welcome to staffroom", COLS - 1, A_REVERSE | A_BOLD);
	ui_put(2, 1, "You were given an invite code. Fill this in to make "
	    "your account.", COLS - 1, 0);
	for (i = 0, y = 4; i < JOIN_FIELDS; i++, y += 2) {
		ui_put(y + 1, 15, join_fields[i].hint, COLS - 15, A_DIM);
		if (i != jf.field)
			ui_draw_input(y, 1, w, join_fields[i].label, &jf.in[i]);
	}
	ui_put(y, 1, "Tab/Down: next field  Up: previous  Enter on the last "
	    "field: register  Esc: leave", COLS - 1, A_DIM);
	if (jf.busy)
		ui_put(y + 2, 1, "registering...", COLS - 1, A_BOLD);
	else if (jf.message != NULL)
		ui_put(y + 2, 1, jf.message, COLS - 1, A_BOLD);
	ui_draw_status(c, LINES - 2);
	/* The field being edited last, so the cursor is left in it. */
	ui_draw_input(4 + 2 * jf.field, 1, w, join_fields[jf.field].label,
	    &jf.in[jf.field]);
}

static void
join_form_cb(struct client *c, json_t *reply, void *arg)
{
	const char		*message;
	enum proto_error	 err;

	jf.busy = 0;
	if ((err = rpc_error(reply, NULL, &message)) != PROTO_OK) {
		join_form_error(err, message);
		return;
	}
	c->newcomer = 1;
	join_form_say("Registered. Signing you in...");
}

/* Checks the form as the server will, so mistakes are shown at once. */
static int
join_form_check(char **v)
{
	size_t	chars;

	if (*v[JOIN_CODE] == '\0') {
		jf.field = JOIN_CODE;
		join_form_say("Please type your invite code.");
	} else if (!proto_handle_valid(v[JOIN_HANDLE]) ||
	    strcmp(v[JOIN_HANDLE], PROTO_JOIN_HANDLE) == 0) {
		jf.field = JOIN_HANDLE;
		join_form_say(join_explain(PROTO_ERR_BAD_HANDLE));
	} else if (*v[JOIN_NAME] == '\0' || proto_name_check(v[JOIN_NAME],
	    strlen(v[JOIN_NAME]), &chars) != PROTO_OK ||
	    chars > PROTO_MAX_NAME) {
		jf.field = JOIN_NAME;
		join_form_say("Please give your full name: at most "
		    CLIENT_XSTR(PROTO_MAX_NAME) " characters, " PROTO_NAME_RULE
		    ".");
	} else if (strlen(v[JOIN_PASSWORD]) < PROTO_PASSWORD_MIN) {
		jf.field = JOIN_PASSWORD;
		join_form_say(join_explain(PROTO_ERR_WEAK_PASSWORD));
	} else if (strcmp(v[JOIN_PASSWORD], v[JOIN_AGAIN]) != 0) {
		jf.field = JOIN_AGAIN;
		join_form_say("The two passwords differ.");
	} else
		return (0);
	return (-1);
}

static void
join_form_submit(struct client *c)
{
	struct join_form	 f;
	char			*v[JOIN_FIELDS];
	int			 i;

	for (i = 0; i < JOIN_FIELDS; i++)
		v[i] = text_to_utf8(jf.in[i].buf, jf.in[i].len);
	if (join_form_check(v) == 0) {
		memset(&f, 0, sizeof f);
		f.code = v[JOIN_CODE];
		f.handle = v[JOIN_HANDLE];
		f.name = v[JOIN_NAME];
		f.password = v[JOIN_PASSWORD];
		join_register(c, &f, join_form_cb, NULL);
		jf.busy = 1;
		join_form_say(NULL);
	}
	for (i = 0; i < JOIN_FIELDS; i++) {
		explicit_bzero(v[i], strlen(v[i]));
		free(v[i]);
	}
}

static void
join_form_key(struct client *c, int key)
{
	enum input_key	action;

	if (jf.busy)
		return;
	switch (key) {
	case KEYC_ESC:
		c->quit = 1;
		return;
	case '\t':
	case KEYC_DOWN:
		jf.field = (jf.field + 1) % JOIN_FIELDS;
		return;
	case KEYC_BTAB:
	case KEYC_UP:
		jf.field = (jf.field + JOIN_FIELDS - 1) % JOIN_FIELDS;
		return;
	case '\r':
	case '\n':
		if (jf.field < JOIN_AGAIN)
			jf.field++;
		else
			join_form_submit(c);
		return;
	}
	if (keys_edit(key, &action) == 0)
		input_key(&jf.in[jf.field], action);
	else
		ui_key_insert(&jf.in[jf.field], key);
}

/* The server refused the form: the form says why, by the field to fix. */
static bool
join_form_refused(struct client *c, enum proto_error err, const char *message)
{
	join_form_error(err, message);
	return (true);
}

/* Registered and signed in: on to the rooms. */
static void
join_form_done(struct client *c)
{
	ui.mode = &rooms_mode;
}

const struct ui_mode join_mode = {
	.name = "join",
	.draw = join_form_draw,
	.key = join_form_key,
	.error = join_form_refused,
	.ready = join_form_done,
};
