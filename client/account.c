/*
 * account.c: the person's own login methods on the server: their keys and
 * their password. The frontends draw the answers (the account screen, or
 * lines in plain mode); this file only asks and keeps the key list.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

static void
account_keys_cb(struct client *c, json_t *reply, void *arg)
{
	if (rpc_failed(c, reply))
		return;
	json_decref(c->keys);
	c->keys = json_incref(json_object_get(reply, "keys"));
	c->fe->keys(c);
}

void
account_keys(struct client *c)
{
	rpc_send(c, json_pack("{s:s}", "op", "account.keys"), account_keys_cb,
	    NULL);
}

/* After a change: say what happened and show the list again. */
static void
account_changed_cb(struct client *c, json_t *reply, void *arg)
{
	const char	*done = arg;

	if (rpc_failed(c, reply))
		return;
	fe_notice(c, "%s", done);
	account_keys(c);
}

void
account_key_add(struct client *c, const char *pubkey)
{
	rpc_send(c, json_pack("{s:s, s:s}", "op", "account.key_add", "pubkey",
	    pubkey), account_changed_cb, "key added");
}

void
account_key_remove(struct client *c, const char *fingerprint)
{
	rpc_send(c, json_pack("{s:s, s:s}", "op", "account.key_remove",
	    "fingerprint", fingerprint), account_changed_cb, "key removed");
}

static void
account_passwd_cb(struct client *c, json_t *reply, void *arg)
{
	if (rpc_failed(c, reply))
		return;
	fe_notice(c, "password changed");
}

/* old may be empty when no password was set yet. */
void
account_passwd(struct client *c, const char *old, const char *new)
{
	json_t	*req;

	req = json_pack("{s:s, s:s}", "op", "account.passwd", "new", new);
	if (*old != '\0')
		json_object_set_new(req, "old", json_string(old));
	rpc_send(c, req, account_passwd_cb, NULL);
}

/*
 * The account screen (/account): the key list with a selection, and one
 * prompt at a time at the bottom for adding a key, confirming a removal or
 * the three password questions.
 */
enum account_step {
	ACCOUNT_LIST,
	ACCOUNT_ADD,
	ACCOUNT_REMOVE,
	ACCOUNT_PW_OLD,
	ACCOUNT_PW_NEW,
	ACCOUNT_PW_AGAIN,
};

static struct {
	enum account_step	 mode;
	size_t			 sel;
	struct input		 line;
	char			*old;
	char			*new;
} acc;

static void
account_wipe(char **secret)
{
	if (*secret != NULL) {
		explicit_bzero(*secret, strlen(*secret));
		free(*secret);
		*secret = NULL;
	}
}

static void
account_step(enum account_step mode)
{
	acc.mode = mode;
	input_free(&acc.line);
	input_init(&acc.line, mode >= ACCOUNT_PW_OLD);
	if (mode == ACCOUNT_LIST) {
		account_wipe(&acc.old);
		account_wipe(&acc.new);
	}
}

void
account_screen_open(struct client *c, int passwd)
{
	account_step(passwd ? ACCOUNT_PW_OLD : ACCOUNT_LIST);
	acc.sel = 0;
	ui.mode = &account_mode;
	account_keys(c);
}

void
account_screen_free(void)
{
	account_step(ACCOUNT_LIST);
	input_free(&acc.line);
}

static const char *
account_key_field(json_t *key, const char *name)
{
	const char	*s = json_string_value(json_object_get(key, name));

	return (s != NULL ? s : "");
}

static const char *
account_prompt(void)
{
	switch (acc.mode) {
	case ACCOUNT_ADD:
		return ("Paste a public key line: ");
	case ACCOUNT_PW_OLD:
		return ("Current password (empty if none): ");
	case ACCOUNT_PW_NEW:
		return ("New password (10 characters or more): ");
	case ACCOUNT_PW_AGAIN:
		return ("New password again: ");
	default:
		return (NULL);
	}
}

static void
account_draw(struct client *c)
{
	json_t		*key;
	size_t		 i, nkeys = json_array_size(c->keys);
	char		*s, day[64];
	int		 y = 4, last = LINES - 5;

	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	attroff(A_REVERSE);
	ui_put(0, 1, "Your account: Esc goes back", COLS - 1,
	    A_REVERSE | A_BOLD);
	xasprintf(&s, "%s (%s), %s, %s", c->handle != NULL ? c->handle : "",
	    c->name != NULL ? c->name : "", c->region != NULL ? region_name(c->region) :
	    "no region", c->role != NULL ? c->role : "member");
	ui_put(1, 1, s, COLS - 1, 0);
	free(s);
	ui_put(3, 1, "Keys you log in with:", COLS - 1, A_BOLD);
	if (acc.sel >= nkeys && nkeys > 0)
		acc.sel = nkeys - 1;
	if (nkeys == 0)
		ui_put(y, 3, c->keys == NULL ? "loading..." : "(none)",
		    COLS - 3, A_DIM);
	json_array_foreach(c->keys, i, key) {
		if (y > last)
			break;
		clock_day_text(json_integer_value(json_object_get(key, "added")),
		    day, sizeof day);
		xasprintf(&s, "%s %s %s %s, added %s", i == acc.sel ? ">" : " ",
		    account_key_field(key, "fingerprint"),
		    account_key_field(key, "type"),
		    account_key_field(key, "comment"), day);
		ui_put(y++, 1, s, COLS - 1, i == acc.sel ? A_REVERSE : 0);
		free(s);
	}
	if (acc.mode == ACCOUNT_REMOVE && nkeys > 0) {
		xasprintf(&s, "Remove the key %s? (y/n)", account_key_field(
		    json_array_get(c->keys, acc.sel), "fingerprint"));
		ui_put(LINES - 3, 1, s, COLS - 1, A_BOLD);
		free(s);
	} else
		ui_put(LINES - 3, 1, "a: add a key  d: remove the selected key"
		    "  p: set or change your password  Up/Down: select",
		    COLS - 1, A_DIM);
	ui_draw_status(c, LINES - 2);
	if (account_prompt() != NULL)
		ui_draw_input(LINES - 1, 0, COLS, account_prompt(), &acc.line);
	else {
		ui.cursor_y = LINES - 1;
		ui.cursor_x = 0;
	}
}

static void
account_key_list(struct client *c, int key)
{
	size_t	nkeys = json_array_size(c->keys);

	switch (key) {
	case KEYC_UP:
		if (acc.sel > 0)
			acc.sel--;
		break;
	case KEYC_DOWN:
		if (acc.sel + 1 < nkeys)
			acc.sel++;
		break;
	case 'a':
		account_step(ACCOUNT_ADD);
		break;
	case 'd':
	case KEYC_DELETE:
		if (nkeys > 0)
			account_step(ACCOUNT_REMOVE);
		break;
	case 'p':
		account_step(ACCOUNT_PW_OLD);
		break;
	case 'q':
	case KEYC_ESC:
		ui.mode = &rooms_mode;
		break;
	}
}

/* Enter on the prompt: the next question, or the request. */
static void
account_submit(struct client *c)
{
	char	*text = input_take(&acc.line);

	switch (acc.mode) {
	case ACCOUNT_ADD:
		if (*text != '\0')
			account_key_add(c, text);
		account_step(ACCOUNT_LIST);
		break;
	case ACCOUNT_PW_OLD:
		account_step(ACCOUNT_PW_NEW);
		acc.old = text;
		return;
	case ACCOUNT_PW_NEW:
		account_step(ACCOUNT_PW_AGAIN);
		acc.new = text;
		return;
	case ACCOUNT_PW_AGAIN:
		if (strcmp(text, acc.new) != 0)
			ui_notice_set("the two new passwords differ; not changed",
			    1);
		else
			account_passwd(c, acc.old, acc.new);
		account_wipe(&text);
		account_step(ACCOUNT_LIST);
		return;
	default:
		break;
	}
	free(text);
}

static void
account_key(struct client *c, int key)
{
	enum input_key	action;

	switch (acc.mode) {
	case ACCOUNT_LIST:
		account_key_list(c, key);
		return;
	case ACCOUNT_REMOVE:
		if (key == 'y' || key == 'Y')
			account_key_remove(c, account_key_field(json_array_get(
			    c->keys, acc.sel), "fingerprint"));
		account_step(ACCOUNT_LIST);
		return;
	default:
		break;
	}
	if (key == KEYC_ESC)
		account_step(ACCOUNT_LIST);
	else if (key == '\r' || key == '\n')
		account_submit(c);
	else if (keys_edit(key, &action) == 0)
		input_key(&acc.line, action);
	else
		ui_key_insert(&acc.line, key);
}

const struct ui_mode account_mode = {
	.name = "account",
	.draw = account_draw,
	.key = account_key,
};
