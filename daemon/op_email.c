/*
 * op_email.c: email.get, email.set, email.verify and email.digest — a
 * person's own email address, proved theirs by a code sent to it, and the
 * digest (daily, weekly or off) `staffroomctl digest send` mails to it.
 * Only its owner ever sees an address (policy_can_see_email).
 */
#include "config.h"

#include <string.h>

#include "op.h"
#include "mail.h"

/* The person's address as they see it, or null. */
static enum proto_error
email_reply(struct op_ctx *ctx)
{
	struct store_email	e;
	enum store_result	res;

	if (!policy_can_see_email(ctx->me, ctx->me->id))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN, "addresses are "
		    "their owners' alone"));
	res = store_email_get(server.store, ctx->me->id, &e);
	if (res == STORE_NOT_FOUND) {
		json_object_set_new(ctx->reply, "email", json_null());
		return (PROTO_OK);
	}
	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "your email address "
		    "is unavailable"));
	json_object_set_new(ctx->reply, "email", json_pack("{s:s, s:b, s:s}",
	    "address", e.address, "verified", e.verified_ms != 0,
	    "digest", digest_every_name(e.digest)));
	return (PROTO_OK);
}

static enum proto_error
email_get(struct op_ctx *ctx)
{
	return (email_reply(ctx));
}

/* The code goes out now; should the turn's commit fail, it never matches. */
static bool
email_send_code(const struct store_user *me, const char *address,
    const char *code)
{
	static struct mail	m;	/* 32 KiB: not on the loop's stack */
	char			from[300], why[200];

	if (server.cfg.mail_from != NULL)
		snprintf(from, sizeof from, "%s", server.cfg.mail_from);
	else
		mail_default_from(from, sizeof from);
	mail_begin(&m, from, address, "Your staffroom email code", now_ms());
	mail_printf(&m, "Hello %s,\n\n"
	    "You (%s on staffroom) asked for staffroom's digests to come to "
	    "this address.\nTo confirm it, type this in staffroom within an "
	    "hour:\n\n"
	    "    /email verify %s\n\n"
	    "If it was not you, ignore this email: nothing more comes here "
	    "unless the code is entered.\n", me->name, me->handle, code);
	if (!mail_send(server.cfg.sendmail_path, &m, false, why, sizeof why)) {
		log_error("email: the code for %s was not sent: %s", me->handle,
		    why);
		return (false);
	}
	log_info("email: a verification code went to %s's address", me->handle);
	return (true);
}

static enum proto_error
email_set(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
	struct store_email	 old;
	const char		*address = NULL;
	char			 code[MAIL_CODE_DIGITS + 1];
	uint8_t			 hash[STORE_EMAIL_CODE_HASH_BYTES];
	int64_t			 now = now_ms();
	enum store_result	 res;
	enum proto_error	 err;

	if ((err = proto_get_string(ctx->req, "address", false, &address)) !=
	    PROTO_OK)
		return (op_fail(ctx, err, "\"address\" must be an email address, "
		    "or null to remove yours"));
	if (address == NULL) {
		if (store_email_clear(server.store, me->id) != STORE_OK)
			return (op_fail(ctx, PROTO_ERR_INTERNAL, "your email "
			    "address was not removed"));
		return (email_reply(ctx));
	}
	if (!mail_address_valid(address))
		return (op_fail(ctx, PROTO_ERR_BAD_EMAIL, "\"%.*s\" is not an "
		    "email address this server sends to (like name@school.org.uk)",
		    proto_text_cut(address, 80), address));
	if (!mail_transport_ready(server.cfg.sendmail_path))
		return (op_fail(ctx, PROTO_ERR_EMAIL_OFF, "this server sends no "
		    "email (it has no %s): ask its operator; nothing was saved",
		    server.cfg.sendmail_path));
	res = store_email_get(server.store, me->id, &old);
	if (res != STORE_OK && res != STORE_NOT_FOUND)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "your email address "
		    "is unavailable"));
	if (res == STORE_OK && old.verified_ms != 0 &&
	    strcmp(old.address, address) == 0)
		return (email_reply(ctx));	/* nothing to prove again */
	/* Each code is a mail to someone: not more than one a minute. */
	if (res == STORE_OK && old.code_sent_ms != 0 &&
	    now - old.code_sent_ms < MAIL_CODE_GAP_MS) {
		ctx->retry_after_ms = (uint64_t)(old.code_sent_ms +
		    MAIL_CODE_GAP_MS - now);
		return (op_fail(ctx, PROTO_ERR_RATE_LIMITED, "a code was sent "
		    "less than a minute ago; wait for it, or try again soon"));
	}
	mail_code_new(me->id, code, hash);
	if (store_email_set(server.store, me->id, address, hash,
	    now + MAIL_CODE_TTL_MS, now) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "your email address "
		    "was not saved"));
	if (!email_send_code(me, address, code))
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the server could not "
		    "send email just now; nothing was saved"));
	return (email_reply(ctx));
}

static enum proto_error
email_verify(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
	struct store_email	 e;
	const char		*code;
	enum store_result	 res;
	enum proto_error	 err;
	int			 left;

	if ((err = proto_get_string(ctx->req, "code", true, &code)) != PROTO_OK)
		return (op_fail(ctx, err, "\"code\" must be the code from the "
		    "email"));
	res = store_email_get(server.store, me->id, &e);
	if (res == STORE_NOT_FOUND)
		return (op_fail(ctx, PROTO_ERR_CODE_EXPIRED, "no code was sent: "
		    "set your address first (/email ADDRESS)"));
	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "your email address "
		    "is unavailable"));
	if (e.verified_ms != 0)
		return (email_reply(ctx));	/* a second try of a right code */
	if (!e.has_code || e.code_tries >= MAIL_CODE_TRIES ||
	    now_ms() >= e.code_expires_ms)
		return (op_fail(ctx, PROTO_ERR_CODE_EXPIRED, "that code has "
		    "expired or was tried too often; set your address again "
		    "for a new one (/email %s)", e.address));
	if (!mail_code_matches(me->id, code, e.code_hash)) {
		/* The wrong try counts, though the op fails. */
		if (store_email_code_tried(server.store, me->id) != STORE_OK)
			return (op_fail(ctx, PROTO_ERR_INTERNAL, "your email "
			    "address is unavailable"));
		stage_keep_writes();
		left = MAIL_CODE_TRIES - e.code_tries - 1;
		if (left == 0)
			return (op_fail(ctx, PROTO_ERR_CODE_EXPIRED, "that is not "
			    "the code, and it was the last try; set your "
			    "address again for a new one (/email %s)",
			    e.address));
		return (op_fail(ctx, PROTO_ERR_WRONG_CODE, "that is not the "
		    "code sent to %s; %d %s left", e.address, left,
		    left == 1 ? "try" : "tries"));
	}
	if (store_email_verified(server.store, me->id, now_ms()) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "your email address "
		    "was not verified"));
	log_info("email: %s verified their address", me->handle);
	return (email_reply(ctx));
}

static enum proto_error
email_digest(struct op_ctx *ctx)
{
	enum digest_every	every;
	enum store_result	res;
	const char		*name;
	enum proto_error	err;

	if ((err = proto_get_string(ctx->req, "every", true, &name)) !=
	    PROTO_OK || !digest_every_parse(name, &every))
		return (op_fail(ctx, err != PROTO_OK ? err :
		    PROTO_ERR_BAD_REQUEST, "\"every\" is daily, weekly or off"));
	res = store_digest_set(server.store, ctx->me->id, every);
	if (res == STORE_NOT_FOUND)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "you have no email "
		    "address for digests; set one first (/email ADDRESS)"));
	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "your digest choice "
		    "was not saved"));
	return (email_reply(ctx));
}

static const struct op_entry email_ops[] = {
	{ "email.get",		email_get,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "email.set",		email_set,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NOTIFY },
	{ "email.verify",	email_verify,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "email.digest",	email_digest,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const email_owns[] = { "email", NULL };

const struct op_file op_email_file = { email_owns, email_ops };
