/*
 * fuzz_invite.c: libFuzzer target for reading an invite code as people
 * type it. Case, dashes and spaces never change which code it is, nor do
 * O for 0 and I or L for 1; and a new code, however it is retyped that way,
 * hashes as itself.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "staffroomd.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Retypes code: lower case, a space or dash after some characters. */
static char *
fuzz_retype(const char *code, const uint8_t *how, size_t howlen)
{
	size_t	 len = strlen(code), i, n = 0;
	char	*out, c;

	if ((out = malloc(len * 2 + 1)) == NULL)
		abort();
	for (i = 0; i < len; i++) {
		c = code[i];
		if (howlen > 0 && (how[i % howlen] & 1))
			c = tolower((unsigned char)c);
		if (howlen > 0 && c == '0' && (how[i % howlen] & 8))
			c = 'o';
		if (howlen > 0 && c == '1' && (how[i % howlen] & 16))
			c = 'l';
		out[n++] = c;
		if (howlen > 0 && (how[i % howlen] & 2))
			out[n++] = how[i % howlen] & 4 ? ' ' : '-';
	}
	out[n] = '\0';
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t	 a[STORE_INVITE_HASH_BYTES], b[STORE_INVITE_HASH_BYTES];
	char	 code[INVITE_CODE_MAX], short_id[12], *text, *again;

	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	invite_code_hash(text, a);
	again = fuzz_retype(text, data, size);
	invite_code_hash(again, b);
	if (memcmp(a, b, sizeof a) != 0)
		abort();
	free(again);

	invite_code_new(code, short_id);
	if (strlen(code) >= INVITE_CODE_MAX || strlen(short_id) >= 12)
		abort();
	invite_code_hash(code, a);
	again = fuzz_retype(code, data, size);
	invite_code_hash(again, b);
	if (memcmp(a, b, sizeof a) != 0)
		abort();
	free(again);
	free(text);
	return 0;
}
