/*
 * errors.c: the closed list of protocol error codes, their wire names and
 * default messages, in enum proto_error order.
 */
#include <string.h>

#include "staffroom/proto.h"

struct proto_error_entry {
	const char	*code;
	const char	*message;
};

static const struct proto_error_entry proto_error_table[] = {
	[PROTO_OK] = { "ok", "success" },
	[PROTO_ERR_BAD_JSON] = { "bad_json", "the line is not a JSON object" },
	[PROTO_ERR_BAD_REQUEST] = { "bad_request",
	    "a field is missing, of the wrong type or out of range" },
	[PROTO_ERR_UNKNOWN_OP] = { "unknown_op", "no such op" },
	[PROTO_ERR_BAD_TEXT] = { "bad_text",
	    "text is not valid UTF-8, or has control characters" },
	[PROTO_ERR_LINE_TOO_LONG] = { "line_too_long",
	    "the line passed 65536 bytes and was discarded" },
	[PROTO_ERR_TOO_LONG] = { "too_long", "the text is too long" },
	[PROTO_ERR_FORBIDDEN] = { "forbidden", "not allowed" },
	[PROTO_ERR_NOT_FOUND] = { "not_found", "no such thing" },
	[PROTO_ERR_RATE_LIMITED] = { "rate_limited",
	    "too many requests; try again later" },
	[PROTO_ERR_INTERNAL] = { "internal",
	    "the server failed; nothing was changed" },
	[PROTO_ERR_INVITE_UNKNOWN] = { "invite_unknown",
	    "no invite has this code" },
	[PROTO_ERR_INVITE_USED] = { "invite_used",
	    "the invite was already used" },
	[PROTO_ERR_INVITE_EXPIRED] = { "invite_expired",
	    "the invite expired or was revoked" },
	[PROTO_ERR_HANDLE_TAKEN] = { "handle_taken",
	    "someone already has this handle" },
	[PROTO_ERR_BAD_HANDLE] = { "bad_handle",
	    "handles are 2-32 of a-z 0-9 . _ -, starting with a letter" },
	[PROTO_ERR_BAD_KEY] = { "bad_key",
	    "not a public key we accept (ed25519, ecdsa, rsa of 2048 bits or more)" },
	[PROTO_ERR_KEY_EXISTS] = { "key_exists",
	    "that key is already registered" },
	[PROTO_ERR_WRONG_PASSWORD] = { "wrong_password",
	    "the old password does not match" },
	[PROTO_ERR_WEAK_PASSWORD] = { "weak_password",
	    "passwords need at least 10 characters" },
	[PROTO_ERR_LAST_LOGIN_METHOD] = { "last_login_method",
	    "that is the only way you can log in" },
	[PROTO_ERR_LOCKED] = { "locked",
	    "the thread is locked or the board archived: no new posts" },
	[PROTO_ERR_TOO_BROAD] = { "too_broad",
	    "the search took too long; add words or narrow it" },
	[PROTO_ERR_PERSONAL_DATA_SUSPECTED] = { "personal_data_suspected",
	    "this looks like pupil data (an identifier, or a name with a date "
	    "of birth); it was not sent" },
	[PROTO_ERR_UNAVAILABLE] = { "unavailable",
	    "the server cannot store anything right now; try again later" },
	[PROTO_ERR_MUTED] = { "muted",
	    "a moderator muted you here for now; nothing was sent" },
	[PROTO_ERR_BAD_EMAIL] = { "bad_email",
	    "that is not an email address this server sends to" },
	[PROTO_ERR_WRONG_CODE] = { "wrong_code",
	    "that is not the code sent to your email address" },
	[PROTO_ERR_CODE_EXPIRED] = { "code_expired",
	    "the code has expired or was tried too often; ask for a new one" },
	[PROTO_ERR_ANNOUNCE_ONLY] = { "announce_only",
	    "this room is for announcements: only its moderators post here" },
	[PROTO_ERR_UNKNOWN_SCHOOL] = { "unknown_school",
	    "no school has that URN in this server's schools register" },
	[PROTO_ERR_WORD_BLOCKED] = { "word_blocked",
	    "this uses a word or phrase the moderators do not allow here; "
	    "nothing was sent" },
	[PROTO_ERR_EMAIL_OFF] = { "email_off",
	    "this server sends no email: its operator has not set it up" },
};

/* A new enum value without a row here fails the build, not a reply. */
_Static_assert(sizeof proto_error_table / sizeof proto_error_table[0] ==
    PROTO_ERR_COUNT, "proto_error_table must cover every enum proto_error");

static const struct proto_error_entry *
proto_error_entry(enum proto_error err)
{
	if ((unsigned int)err >= PROTO_ERR_COUNT)
		return NULL;
	return &proto_error_table[err];
}

const char *
proto_error_code(enum proto_error err)
{
	const struct proto_error_entry	*e = proto_error_entry(err);

	return e != NULL ? e->code : NULL;
}

const char *
proto_error_message(enum proto_error err)
{
	const struct proto_error_entry	*e = proto_error_entry(err);

	return e != NULL ? e->message : NULL;
}

enum proto_error
proto_error_from_code(const char *code)
{
	unsigned int	i;

	if (code == NULL)
		return PROTO_ERR_COUNT;
	for (i = PROTO_ERR_BAD_JSON; i < PROTO_ERR_COUNT; i++) {
		if (strcmp(proto_error_table[i].code, code) == 0)
			return i;
	}
	return PROTO_ERR_COUNT;
}
