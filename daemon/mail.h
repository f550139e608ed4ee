/*
 * mail.h: email out of staffroom (mail.c): addresses we accept, the codes
 * that verify one, plain-text UTF-8 messages built in a bounded buffer, and
 * handing a message to sendmail. Used by staffroomd (verification codes)
 * and staffroomctl (digests).
 */
#ifndef STAFFROOM_MAIL_H
#define STAFFROOM_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define MAIL_SENDMAIL_DEFAULT	"/usr/sbin/sendmail"
#define MAIL_MAX		32768	/* a message's bytes, headers included */
#define MAIL_CODE_DIGITS	8
#define MAIL_CODE_TTL_MS	(60 * 60 * 1000)	/* a code works for an hour */
#define MAIL_CODE_TRIES		5	/* wrong codes before a new one is needed */
#define MAIL_CODE_GAP_MS	(60 * 1000)	/* between two codes sent */

/*
 * An address we send to: local@domain in ASCII, at most 254 bytes, a dotted
 * domain of letters, digits and hyphens; nothing a header could be split
 * on. Deliberately stricter than RFC 5322 (no quoted local parts).
 */
bool		 mail_address_valid(const char *address);

/* A new code of MAIL_CODE_DIGITS digits, and its hash for the store. */
void		 mail_code_new(int64_t user_id, char code[MAIL_CODE_DIGITS + 1],
		    uint8_t hash[STORE_EMAIL_CODE_HASH_BYTES]);
/* Whether code is the one hash was made from (in constant time). */
bool		 mail_code_matches(int64_t user_id, const char *code,
		    const uint8_t hash[STORE_EMAIL_CODE_HASH_BYTES]);

/* A message being written; once full, further text is dropped and noted. */
struct mail {
	char		 text[MAIL_MAX];
	size_t		 len;
	bool		 full;
};
/* From, To, Subject (ASCII), Date, MIME and Auto-Submitted headers. */
void		 mail_begin(struct mail *, const char *from, const char *to,
		    const char *subject, int64_t now_ms);
void		 mail_printf(struct mail *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/*
 * Runs `sendmail -oi -t` with the message on its stdin. wait: until it
 * exits, and only its exit status 0 is success; else the child is left to
 * the caller's SIGCHLD handling (the message is small enough for the pipe
 * not to block). false with the reason in why.
 */
bool		 mail_send(const char *sendmail, const struct mail *, bool wait,
		    char *why, size_t size);
/* Whether sendmail is there to run: a server without one sends no email. */
bool		 mail_transport_ready(const char *sendmail);
/* "staffroom@HOST" for this machine, when no sender is configured. */
void		 mail_default_from(char *buf, size_t size);

#endif
