/*
 * console_held_screen.c: held messages on the console's Reports tab. On
 * the selected held message, a approves it (it is sent to its room at
 * once) and x rejects it, asking first for the reason its author reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

static struct {
	int64_t	 entry;		/* the one being rejected */
	char	 author[PROTO_HANDLE_MAX + 1];
} held;

static void console_held_ask_reason(void);

static void
console_held_reason(struct client *c, const char *text)
{
	if (*text == '\0') {
		ui_notice_set("say why: its author reads the reason", 1);
		console_held_ask_reason();
		return;
	}
	console_held_reject(c, held.entry, text);
}

static void
console_held_ask_reason(void)
{
	char	*prompt;

	xasprintf(&prompt, "reject entry %lld - reason %s reads: ",
	    (long long)held.entry, held.author);
	console_screen_ask(prompt, "", console_held_reason);
	free(prompt);
}

/* The Reports tab's keys for held messages: true when the key was one. */
bool
console_held_key(struct client *c, json_t *e, int key)
{
	const char	*author;

	if (key != 'a' && key != 'x')
		return (false);
	if (e == NULL) {
		ui_notice_set("no report is waiting", 1);
		return (true);
	}
	if (!console_held_entry(e)) {
		ui_notice_set("a and x decide held messages; this entry is a "
		    "report", 1);
		return (true);
	}
	held.entry = json_integer_value(json_object_get(e, "id"));
	if (key == 'a') {
		console_held_approve(c, held.entry);
		return (true);
	}
	author = json_string_value(json_object_get(json_object_get(e,
	    "author"), "handle"));
	snprintf(held.author, sizeof held.author, "%s", author != NULL ?
	    author : "the author");
	console_held_ask_reason();
	return (true);
}
