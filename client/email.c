/*
 * email.c: /email and /digest — the person's own email address (only they
 * ever see it), proved by the code the server mails to it, and the digest
 * of what waits for them, sent there daily or weekly. The same commands
 * and the same lines in both frontends.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

static void
email_say(struct client *c, json_t *email)
{
	const char	*address, *digest;

	if (!json_is_object(email)) {
		fe_notice(c, "you have no email address; /email ADDRESS sets "
		    "one (only you ever see it)");
		return;
	}
	address = json_string_value(json_object_get(email, "address"));
	digest = json_string_value(json_object_get(email, "digest"));
	if (address == NULL || digest == NULL)
		return;
	if (!json_is_true(json_object_get(email, "verified")))
		fe_notice(c, "your email address: %s, not verified yet: type "
		    "/email verify CODE with the code sent to it", address);
	else if (strcmp(digest, "off") == 0)
		fe_notice(c, "your email address: %s (verified); no digests: "
		    "/digest daily or /digest weekly sends what waits for you",
		    address);
	else
		fe_notice(c, "your email address: %s (verified); a %s digest "
		    "of what waits for you goes there (/digest off stops it)",
		    address, digest);
}

static void
email_cb(struct client *c, json_t *reply, void *arg)
{
	const char	*said = arg;
	json_t		*email;

	if (people_failed(c, reply, "send email") != PROTO_OK)
		return;
	email = json_object_get(reply, "email");
	if (said != NULL && strcmp(said, "set") == 0 && json_is_object(email) &&
	    !json_is_true(json_object_get(email, "verified"))) {
		fe_notice(c, "a code went to %s: type /email verify CODE "
		    "within an hour", json_string_value(json_object_get(email,
		    "address")));
		return;
	}
	if (said != NULL && strcmp(said, "off") == 0) {
		fe_notice(c, "your email address is removed: nothing more is "
		    "sent to it");
		return;
	}
	email_say(c, email);
}

/* /email, /email ADDRESS, /email verify CODE, /email off. */
void
email_command(struct client *c, const char *arg)
{
	if (*arg == '\0')
		rpc_send(c, json_pack("{s:s}", "op", "email.get"), email_cb,
		    NULL);
	else if (strncmp(arg, "verify", 6) == 0 && (arg[6] == ' ' ||
	    arg[6] == '\0')) {
		arg += 6;
		arg += strspn(arg, " ");
		if (*arg == '\0') {
			c->fe->error(c, "bad_command", "/email verify CODE: the "
			    "code from the email");
			return;
		}
		rpc_send(c, json_pack("{s:s, s:s}", "op", "email.verify",
		    "code", arg), email_cb, "verify");
	} else if (strcmp(arg, "off") == 0)
		rpc_send(c, json_pack("{s:s, s:n}", "op", "email.set",
		    "address"), email_cb, "off");
	else
		rpc_send(c, json_pack("{s:s, s:s}", "op", "email.set",
		    "address", arg), email_cb, "set");
}

/* /digest daily|weekly|off; the server says which words it takes. */
void
email_digest_command(struct client *c, const char *arg)
{
	rpc_send(c, json_pack("{s:s, s:s}", "op", "email.digest", "every",
	    arg), email_cb, NULL);
}
