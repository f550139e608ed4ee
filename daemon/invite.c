/*
 * invite.c: invite codes. A code is 128 random bits, shown as Crockford
 * base32 in groups of four so it can be read out over the phone. Only its
 * BLAKE2b hash is stored: with 128 bits of entropy nobody can guess a code
 * from its hash, so a slow password hash would add cost and no safety.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "staffroomd.h"

#define INVITE_CODE_BYTES	16
#define INVITE_GROUP		4
#define INVITE_SHORT_CHARS	6

static const char invite_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* Writes the first nchars base32 characters of the bits in in[]. */
static void
invite_base32(const uint8_t *in, size_t inlen, char *out, size_t nchars)
{
	size_t		i, bit, byte;
	unsigned	v;

	for (i = 0; i < nchars; i++) {
		bit = i * 5;
		byte = bit / 8;
		v = (unsigned)in[byte] << 8;
		if (byte + 1 < inlen)
			v |= in[byte + 1];
		out[i] = invite_alphabet[(v >> (11 - bit % 8)) & 0x1f];
	}
	out[nchars] = '\0';
}

static void
invite_random(uint8_t *buf, size_t len)
{
	if (sodium_init() < 0)
		abort();	/* no entropy source: nothing safe to do */
	randombytes_buf(buf, len);
}

void
invite_code_new(char code[INVITE_CODE_MAX], char short_id[12])
{
	uint8_t	bytes[INVITE_CODE_BYTES], id[4];
	char	plain[(INVITE_CODE_BYTES * 8 + 4) / 5 + 1];
	size_t	i, n = 0;

	invite_random(bytes, sizeof bytes);
	invite_base32(bytes, sizeof bytes, plain, sizeof plain - 1);
	for (i = 0; plain[i] != '\0'; i++) {
		if (i > 0 && i % INVITE_GROUP == 0)
			code[n++] = '-';
		code[n++] = plain[i];
	}
	code[n] = '\0';
	sodium_memzero(bytes, sizeof bytes);
	sodium_memzero(plain, sizeof plain);

	/* Separate bits, so a listed short id tells nothing about the code. */
	invite_random(id, sizeof id);
	invite_base32(id, sizeof id, short_id, INVITE_SHORT_CHARS);
}

/* The character as it would be written in a code, or 0 to skip it. */
static int
invite_normal_char(int c)
{
	c = toupper((unsigned char)c);
	switch (c) {
	case '-':
	case ' ':
		return (0);
	case 'O':
		return ('0');
	case 'I':
	case 'L':
		return ('1');
	}
	return (c);
}

void
invite_code_hash(const char *code, uint8_t hash[STORE_INVITE_HASH_BYTES])
{
	crypto_generichash_state	state;
	unsigned char			c;

	/* Streamed a character at a time: the code's length is the caller's. */
	crypto_generichash_init(&state, NULL, 0, STORE_INVITE_HASH_BYTES);
	for (; *code != '\0'; code++) {
		if ((c = invite_normal_char(*code)) != 0)
			crypto_generichash_update(&state, &c, 1);
	}
	crypto_generichash_final(&state, hash, STORE_INVITE_HASH_BYTES);
}

/* Revoked outranks used, which outranks expired: the most final state. */
const char *
invite_status(const struct store_invite *inv, int64_t now)
{
	if (inv->revoked)
		return ("revoked");
	if (inv->used_ms != 0)
		return ("used");
	if (inv->expires_ms <= now)
		return ("expired");
	return ("open");
}

/* A short id as typed (upper-case base32, taken in any case); false: too long. */
bool
invite_short_id(const char *typed, char id[INVITE_SHORT_MAX])
{
	size_t	i;

	for (i = 0; i + 1 < INVITE_SHORT_MAX && typed[i] != '\0'; i++)
		id[i] = (char)toupper((unsigned char)typed[i]);
	id[i] = '\0';
	return (typed[i] == '\0');
}
