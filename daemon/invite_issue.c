/*
 * invite_issue.c: issuing an invite code into the store. Apart from
 * invite.c, whose code parsing the fuzz target links without a store.
 */
#include <sodium.h>

#include "staffroomd.h"

/*
 * A new code for one account, only its hash stored: the code is the
 * caller's to show once (and to wipe); nobody can read it back later.
 */
enum store_result
invite_issue(struct store *st, int64_t region_id, int64_t school_urn,
    enum role role, int64_t now, int64_t expires_ms,
    char code[INVITE_CODE_MAX], char short_id[12])
{
	uint8_t			hash[STORE_INVITE_HASH_BYTES];
	enum store_result	res;

	invite_code_new(code, short_id);
	invite_code_hash(code, hash);
	res = store_invite_add(st, hash, short_id, region_id, school_urn, role,
	    now, expires_ms);
	if (res != STORE_OK)
		sodium_memzero(code, INVITE_CODE_MAX);
	return (res);
}
