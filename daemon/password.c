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

/*
 * A hash that no password matches, with password_hash's limits, so that
 * checking a password against it costs what checking a real one does (a
 * login to an account without a password takes no less time). Made from
 * random bytes, not by hashing, which would cost a start 64 MB and most of
 * its time.
 */
bool
password_dummy(char out[PASSWORD_HASH_MAX])
{
	unsigned char	salt[crypto_pwhash_SALTBYTES], hash[32];
	char		salt64[sodium_base64_ENCODED_LEN(sizeof salt,
			    sodium_base64_VARIANT_ORIGINAL_NO_PADDING)];
	char		hash64[sodium_base64_ENCODED_LEN(sizeof hash,
			    sodium_base64_VARIANT_ORIGINAL_NO_PADDING)];
	int		n;

	if (!password_sodium_ready())
		return (false);
	randombytes_buf(salt, sizeof salt);
	randombytes_buf(hash, sizeof hash);
	sodium_bin2base64(salt64, sizeof salt64, salt, sizeof salt,
	    sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	sodium_bin2base64(hash64, sizeof hash64, hash, sizeof hash,
	    sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	/* v=19: argon2 1.3, the version libsodium writes and reads. */
	n = snprintf(out, PASSWORD_HASH_MAX, "%sv=19$m=%zu,t=%llu,p=1$%s$%s",
	    crypto_pwhash_STRPREFIX,
	    (size_t)(crypto_pwhash_MEMLIMIT_INTERACTIVE / 1024),
	    (unsigned long long)crypto_pwhash_OPSLIMIT_INTERACTIVE, salt64,
	    hash64);
	return (n > 0 && n < PASSWORD_HASH_MAX);
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
