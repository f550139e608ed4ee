/*
 * password.c: argon2id hashes through libsodium's crypto_pwhash_str, which
 * embeds the algorithm, limits and salt in the string it returns, so old
 * hashes still verify if the limits are raised later.
 */
#include <string.h>

#include <sodium.h>

#include "staffroomd.h"

_Static_assert(PASSWORD_HASH_MAX >= crypto_pwhash_STRBYTES,
    "PASSWORD_HASH_MAX too small for crypto_pwhash_str");

/* sodium_init is idempotent and thread safe; it only fails without entropy. */
static bool
password_sodium_ready(void)
{
	return (sodium_init() >= 0);
}

bool
password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
	if (!password_sodium_ready())
		return (false);
	return (crypto_pwhash_str(out, password, strlen(password),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0);
}

bool
password_verify(const char *hash, const char *password)
{
	if (!password_sodium_ready())
		return (false);
	return (crypto_pwhash_str_verify(hash, password, strlen(password)) == 0);
}

enum proto_error
password_acceptable(const char *password)
{
	size_t	len = strlen(password);

	if (len < PROTO_PASSWORD_MIN || len > PROTO_PASSWORD_MAX)
		return (PROTO_ERR_WEAK_PASSWORD);
	/* Control characters would not survive a terminal prompt intact. */
	return (proto_line_check(password, len, NULL));
}
