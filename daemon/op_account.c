/*
 * account.c: a person's own account — registering through an invite, keys
 * and password. Password hashing runs on the worker (auth.c) so argon2id's
 * deliberate cost never stalls the loop.
 */
#include "config.h"

#include <sodium.h>

#include <stdlib.h>
#include <string.h>

#include "op.h"

/* State of an op that hashes or verifies a password off the loop. */
struct account_job {
	struct op_async	*async;
	char		*password;	/* new password, wiped after hashing */
	char		*old;		/* old password to verify, or NULL */
	char		 old_hash[PASSWORD_HASH_MAX];
	char		 hash[PASSWORD_HASH_MAX];
	bool		 old_ok;
	bool		 hashed;
	char		 addr[64];	/* where old came from: auth_password_end */

	/* account.register */
	char		 code[INVITE_CODE_MAX + 8];
	char		 handle[PROTO_HANDLE_MAX + 1];
	char		 name[PROTO_MAX_NAME * 4 + 1];
	struct sshkey_info *key;
	void		(*complete)(struct account_job *);
};

static void
account_wipe(char *s)
{
	if (s != NULL) {
		sodium_memzero(s, strlen(s));
		free(s);
	}
}

static void
account_job_free(struct account_job *job)
{
	account_wipe(job->password);
	account_wipe(job->old);
	sodium_memzero(job->hash, sizeof job->hash);
	free(job->key);
	free(job);
}

static void
account_job_work(void *arg)
{
	struct account_job	*job = arg;

	if (job->old != NULL)
		job->old_ok = password_verify(job->old_hash, job->old);
	if (job->old == NULL || job->old_ok)
		job->hashed = password_hash(job->password, job->hash);
}

static void
account_job_done(void *arg)
{
	struct account_job	*job = arg;
	struct op_async		*a = job->async;

	if (job->old != NULL)
		auth_password_end(job->addr, job->handle, job->old_ok);
	if (a->conn != NULL) {
		op_async_resume(a);
		job->complete(job);
	}
	op_async_finish(a);
	account_job_free(job);
}

static enum proto_error
account_job_start(struct op_ctx *ctx, struct account_job *job)
{
	job->async = op_async_begin(ctx, job);
	if (!worker_submit(account_job_work, account_job_done, job)) {
		op_async_cancel(job->async);
		if (job->old != NULL)	/* not checked: no guess */
			auth_password_end(job->addr, job->handle, true);
		account_job_free(job);
		return (op_fail(ctx, PROTO_ERR_RATE_LIMITED,
		    "the server is busy; try again in a moment"));
	}
	return (OP_PENDING);
}

static enum proto_error
account_async_fail(struct op_async *a, enum proto_error err, const char *msg)
{
	a->err = err;
	snprintf(a->message, sizeof a->message, "%s", msg);
	return (err);
}


static enum proto_error
account_pubkey_arg(struct op_ctx *ctx, bool required, struct sshkey_info **key)
{
	const char		*line = NULL;
	enum proto_error	 err;

	*key = NULL;
	if ((err = proto_get_string(ctx->req, "pubkey", required, &line)) !=
	    PROTO_OK)
		return (op_fail(ctx, err, "\"pubkey\" must be a public key line"));
	if (line == NULL)
		return (PROTO_OK);
	*key = xcalloc(1, sizeof **key);
	if ((err = sshkey_parse(line, *key)) != PROTO_OK) {
		free(*key);
		*key = NULL;
		return (op_fail(ctx, err, "that is not a public key we accept "
		    "(ed25519, ecdsa, or rsa of 2048 bits or more)"));
	}
	return (PROTO_OK);
}

static enum proto_error
account_password_arg(struct op_ctx *ctx, const char *key, bool required,
    const char **password)
{
	enum proto_error	err;

	*password = NULL;	/* the getter leaves it alone when the field is absent */
	if ((err = proto_get_string(ctx->req, key, required, password)) !=
	    PROTO_OK)
		return (op_fail(ctx, err, "\"%s\" must be a string", key));
	if (*password != NULL && strcmp(key, "old") != 0 &&
	    (err = password_acceptable(*password)) != PROTO_OK)
		return (op_fail(ctx, err, err == PROTO_ERR_WEAK_PASSWORD ?
		    "a password needs at least %d characters" :
		    "a password is one line of text", PROTO_PASSWORD_MIN));
	return (PROTO_OK);
}

static enum proto_error
account_invite_error(struct op_ctx *ctx, enum store_result r)
{
	switch (r) {
	case STORE_INVITE_USED:
		return (op_fail(ctx, PROTO_ERR_INVITE_USED,
		    "this invite code has already been used"));
	case STORE_INVITE_EXPIRED:
	case STORE_INVITE_REVOKED:
		return (op_fail(ctx, PROTO_ERR_INVITE_EXPIRED,
		    "this invite code has expired; ask for a new one"));
	case STORE_NOT_FOUND:
		auth_invite_failed(conn_addr(ctx->conn));
		return (op_fail(ctx, PROTO_ERR_INVITE_UNKNOWN,
		    "no invite has this code; check it and try again"));
	default:
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "invites are unavailable"));
	}
}

/*
 * The invite code of a join session's request; unknown codes draw on a
 * budget per address, so a guesser is slowed down (auth.c).
 */
static enum proto_error
account_code_arg(struct op_ctx *ctx, const char **code)
{
	enum proto_error	err;

	ctx->retry_after_ms = auth_invite_wait_ms(conn_addr(ctx->conn));
	if (ctx->retry_after_ms > 0)
		return (op_fail(ctx, PROTO_ERR_RATE_LIMITED,
		    "too many unknown invite codes from your address; "
		    "try again later"));
	if ((err = proto_get_string(ctx->req, "code", true, code)) != PROTO_OK)
		return (op_fail(ctx, err, "\"code\" (your invite code) is required"));
	return (PROTO_OK);
}

/* The invite a code redeems now, or the refusal registering would get. */
struct account_invite {
	int64_t		id;
	int64_t		region_id;
	int64_t		school_urn;
	enum role	role;
};

static enum proto_error
account_invite_find(struct op_ctx *ctx, const char *code,
    struct account_invite *inv)
{
	uint8_t			hash[STORE_INVITE_HASH_BYTES];
	enum store_result	r;

	invite_code_hash(code, hash);
	r = store_invite_check(server.store, hash, now_ms(), &inv->id,
	    &inv->region_id, &inv->school_urn, &inv->role);
	if (r != STORE_OK)
		return (account_invite_error(ctx, r));
	return (PROTO_OK);
}

/*
 * Checks the code and the handle, then creates the person with their key
 * and/or password hash. Runs on the loop; called again after hashing, since
 * another session may have taken the code or handle meanwhile.
 */
static enum proto_error
account_create(struct op_ctx *ctx, const char *code, const char *handle,
    const char *name, const struct sshkey_info *key, const char *pwhash)
{
	struct account_invite	inv;
	int64_t			user_id;
	enum proto_error	err;
	enum store_result	r;
	struct store_user	u;

	if ((err = account_invite_find(ctx, code, &inv)) != PROTO_OK)
		return (err);
	if (store_user_by_handle(server.store, handle, &u) == STORE_OK)
		return (op_fail(ctx, PROTO_ERR_HANDLE_TAKEN,
		    "the handle \"%s\" is taken; choose another", handle));
	if (pwhash == NULL && key == NULL)
		return (PROTO_OK);	/* checks only: hashing comes next */
	/* A failure undoes this op's writes alone (its savepoint, stage.c). */
	if ((r = store_user_add(server.store, handle, name, inv.region_id,
	    inv.role, pwhash, now_ms(), &user_id)) != STORE_OK ||
	    (key != NULL && (r = store_key_add(server.store, user_id,
	    key->fingerprint, key->type, key->blob, key->comment, now_ms())) !=
	    STORE_OK) ||
	    (inv.school_urn != 0 && (r = store_profile_school_set(server.store,
	    user_id, inv.school_urn)) != STORE_OK) ||
	    (r = store_invite_mark_used(server.store, inv.id, user_id,
	    now_ms())) != STORE_OK ||
	    (r = store_user_by_id(server.store, user_id, &u)) != STORE_OK) {
		if (r == STORE_EXISTS && key != NULL)
			return (op_fail(ctx, PROTO_ERR_KEY_EXISTS, "that key is "
			    "already registered; register with another key"));
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the account was not created"));
	}
	log_info("%s registered %s (%s) in %s", conn_addr(ctx->conn), u.handle,
	    u.name, u.region);
	json_object_set_new(ctx->reply, "handle", json_string(u.handle));
	json_object_set_new(ctx->reply, "region", json_string(u.region));
	session_registered(ctx->conn, &u);
	return (PROTO_OK);
}

static void
account_register_complete(struct account_job *job)
{
	struct op_async	*a = job->async;
	struct op_ctx	 ctx = { .conn = a->conn, .reply = a->reply,
	    .me = session_user(a->conn) };

	if (!job->hashed) {
		account_async_fail(a, PROTO_ERR_INTERNAL, "hashing failed");
		return;
	}
	a->err = account_create(&ctx, job->code, job->handle, job->name,
	    job->key, job->hash);
	memcpy(a->message, ctx.message, sizeof a->message);
}

/*
 * account.check_invite: whether a code would register someone now, asked
 * before the newcomer's other questions. It says only what registering
 * with it would say of the code, and unknown codes draw on the same
 * budget per address.
 */
static enum proto_error
account_check_invite(struct op_ctx *ctx)
{
	struct account_invite	inv;
	const char		*code;
	enum proto_error	err;

	if ((err = account_code_arg(ctx, &code)) != PROTO_OK)
		return (err);
	return (account_invite_find(ctx, code, &inv));
}

static enum proto_error
account_register(struct op_ctx *ctx)
{
	const char		*code, *handle, *name, *password;
	struct sshkey_info	*key = NULL;
	struct account_job	*job;
	enum proto_error	 err;

	if ((err = account_code_arg(ctx, &code)) != PROTO_OK)
		return (err);
	if ((err = proto_get_string(ctx->req, "handle", true, &handle)) !=
	    PROTO_OK)
		return (op_fail(ctx, err, "\"handle\" is required"));
	if (!proto_handle_valid(handle) || strcmp(handle, PROTO_JOIN_HANDLE) == 0)
		return (op_fail(ctx, PROTO_ERR_BAD_HANDLE, "a handle is 2 to 32 "
		    "of a-z 0-9 . _ -, starting with a letter"));
	if ((err = op_line_arg(ctx, "name", PROTO_MAX_NAME, &name)) != PROTO_OK ||
	    (err = account_password_arg(ctx, "password", false, &password)) !=
	    PROTO_OK ||
	    (err = account_pubkey_arg(ctx, false, &key)) != PROTO_OK)
		return (err);
	if (key == NULL && password == NULL)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "give a public key or a password to log in with"));
	if (password == NULL) {
		err = account_create(ctx, code, handle, name, key, NULL);
		free(key);
		return (err);
	}
	if ((err = account_create(ctx, code, handle, name, NULL, NULL)) !=
	    PROTO_OK) {
		free(key);
		return (err);
	}
	job = xcalloc(1, sizeof *job);
	job->password = xstrdup(password);
	snprintf(job->code, sizeof job->code, "%s", code);
	snprintf(job->handle, sizeof job->handle, "%s", handle);
	snprintf(job->name, sizeof job->name, "%s", name);
	job->key = key;
	job->complete = account_register_complete;
	return (account_job_start(ctx, job));
}

static json_t *
account_key_json(const struct store_key *k)
{
	return (json_pack("{s:s, s:s, s:s, s:I}", "fingerprint", k->fingerprint,
	    "type", k->type, "comment", k->comment,
	    "added", (json_int_t)k->created_ms));
}

static void
account_keys_cb(const struct store_key *k, void *arg)
{
	json_array_append_new(arg, account_key_json(k));
}

static enum proto_error
account_keys(struct op_ctx *ctx)
{
	json_t	*keys = json_array();

	if (store_key_list(server.store, ctx->me->id, account_keys_cb,
	    keys) != STORE_OK) {
		json_decref(keys);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "keys are unavailable"));
	}
	json_object_set_new(ctx->reply, "keys", keys);
	return (PROTO_OK);
}

static enum proto_error
account_key_add(struct op_ctx *ctx)
{
	struct sshkey_info	*key;
	struct store_key	 k;
	enum proto_error	 err;
	enum store_result	 r;
	int64_t			 now = now_ms();

	if ((err = account_pubkey_arg(ctx, true, &key)) != PROTO_OK)
		return (err);
	r = store_key_add(server.store, ctx->me->id, key->fingerprint,
	    key->type, key->blob, key->comment, now);
	if (r == STORE_OK) {
		memset(&k, 0, sizeof k);
		k.fingerprint = key->fingerprint;
		k.type = key->type;
		k.comment = key->comment;
		k.created_ms = now;
		json_object_set_new(ctx->reply, "key", account_key_json(&k));
		log_info("%s added key %s", ctx->me->handle,
		    key->fingerprint);
	}
	free(key);
	if (r == STORE_EXISTS)
		return (op_fail(ctx, PROTO_ERR_KEY_EXISTS,
		    "that key is already registered"));
	if (r != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the key was not saved"));
	return (PROTO_OK);
}

static enum proto_error
account_key_remove(struct op_ctx *ctx)
{
	struct store_user	 u;
	const char		*fp;
	char			 full[80];
	int64_t			 count = 0, owner = 0;
	enum proto_error	 err;

	if ((err = proto_get_string(ctx->req, "fingerprint", true, &fp)) !=
	    PROTO_OK)
		return (op_fail(ctx, err, "\"fingerprint\" is required"));
	snprintf(full, sizeof full, "%s%s",
	    strncmp(fp, "SHA256:", 7) == 0 ? "" : "SHA256:", fp);
	if (store_key_owner(server.store, full, &owner) != STORE_OK ||
	    owner != ctx->me->id)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
		    "you have no key with that fingerprint"));
	if (store_user_by_id(server.store, owner, &u) != STORE_OK ||
	    store_key_count(server.store, owner, &count) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "keys are unavailable"));
	if (count <= 1 && !u.has_password)
		return (op_fail(ctx, PROTO_ERR_LAST_LOGIN_METHOD, "this is your "
		    "only way to log in: add another key or a password first"));
	if (store_key_remove(server.store, owner, full) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the key was not removed"));
	log_info("%s removed key %s", u.handle, full);
	return (PROTO_OK);
}

static void
account_passwd_complete(struct account_job *job)
{
	struct op_async		*a = job->async;
	const struct store_user	*me = session_user(a->conn);

	if (job->old != NULL && !job->old_ok) {
		account_async_fail(a, PROTO_ERR_WRONG_PASSWORD,
		    "the old password is not right");
	} else if (!job->hashed ||
	    store_user_set_password(server.store, me->id, job->hash) != STORE_OK)
		account_async_fail(a, PROTO_ERR_INTERNAL,
		    "the password was not changed");
	else
		log_info("%s changed their password", me->handle);
}

static enum proto_error
account_passwd(struct op_ctx *ctx)
{
	const struct store_user	*me = ctx->me;
	const char		*addr = conn_addr(ctx->conn);
	struct account_job	*job;
	const char		*old, *new;
	enum proto_error	 err;
	bool			 has_old;

	if ((err = account_password_arg(ctx, "new", true, &new)) != PROTO_OK ||
	    (err = account_password_arg(ctx, "old", false, &old)) != PROTO_OK)
		return (err);
	job = xcalloc(1, sizeof *job);
	has_old = store_user_password(server.store, me->id, job->old_hash,
	    sizeof job->old_hash) == STORE_OK;
	if (has_old && old == NULL) {
		account_job_free(job);
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"old\" (your current password) is required"));
	}
	if (has_old && !auth_password_begin(addr, me->handle)) {
		account_job_free(job);
		return (op_fail(ctx, PROTO_ERR_RATE_LIMITED,
		    "too many wrong passwords; try again later"));
	}
	snprintf(job->addr, sizeof job->addr, "%s", addr);
	snprintf(job->handle, sizeof job->handle, "%s", me->handle);
	job->password = xstrdup(new);
	job->old = has_old ? xstrdup(old) : NULL;
	job->complete = account_passwd_complete;
	return (account_job_start(ctx, job));
}

static const struct op_entry account_ops[] = {
	{ "account.register",	account_register,
	    OP_IN_JOIN | OP_JOIN_ONLY | OP_GUARD_NAME,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "account.check_invite", account_check_invite,	OP_IN_JOIN | OP_JOIN_ONLY,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "account.keys",	account_keys,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "account.key_add",	account_key_add,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "account.key_remove",	account_key_remove,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "account.passwd",	account_passwd,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const account_owns[] = { "account", NULL };

const struct op_file op_account_file = { account_owns, account_ops };
