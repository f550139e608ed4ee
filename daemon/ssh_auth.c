/*
 * ssh_auth.c: how a session logs in: a registered key, a password (checked
 * on the worker, the answer sent when it comes back), or `join` with any
 * password for a join session while its address has room for one. The
 * limits on guessing and on what one address holds are auth.c's.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ssh_private.h"

struct ssh_password_job {
	struct ssh_client	*client;	/* NULL once the client is gone */
	ssh_message		 msg;		/* answered when the check is done */
	char			 addr[64];
	char			 handle[PROTO_HANDLE_MAX + 8];
	char			 hash[PASSWORD_HASH_MAX];
	char			*password;
	bool			 account_ok;	/* exists, enabled, has a password */
	bool			 ok;
};

static void
ssh_auth_succeed(struct ssh_client *sc, ssh_message msg)
{
	struct timeval	tv = { server.cfg.keepalive_s, 0 };

	ssh_message_auth_reply_success(msg, 0);
	sc->authed = true;
	ssh_client_release(sc, true, false);
	event_del(sc->timer);
	event_add(sc->timer, &tv);
	log_info("%s logged in as %s", sc->addr,
	    sc->is_join ? PROTO_JOIN_HANDLE : sc->user.handle);
}

static void
ssh_auth_refuse(ssh_message msg)
{
	ssh_message_auth_set_methods(msg, SSH_AUTH_METHODS);
	ssh_message_reply_default(msg);
}

/* Looks up an enabled account by handle. */
static bool
ssh_account(const char *handle, struct store_user *u)
{
	return (handle != NULL && proto_handle_valid(handle) &&
	    store_user_by_handle(server.store, handle, u) == STORE_OK &&
	    !u->disabled);
}

static void
ssh_auth_pubkey(struct ssh_client *sc, ssh_message msg)
{
	const char		*handle = ssh_message_auth_user(msg);
	enum ssh_publickey_state_e state = ssh_message_auth_publickey_state(msg);
	ssh_key			 key = ssh_message_auth_pubkey(msg);
	struct store_user	 u;
	unsigned char		*hash = NULL;
	size_t			 hlen;
	char			*fp = NULL;
	int64_t			 owner = 0;
	bool			 match = false;

	if (ssh_account(handle, &u) &&
	    ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
	    &hlen) == 0 &&
	    (fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash,
	    hlen)) != NULL &&
	    store_key_owner(server.store, fp, &owner) == STORE_OK)
		match = owner == u.id;
	ssh_clean_pubkey_hash(&hash);
	ssh_string_free_char(fp);

	if (!match)
		ssh_auth_refuse(msg);
	else if (state == SSH_PUBLICKEY_STATE_NONE)
		ssh_message_auth_reply_pk_ok_simple(msg);
	else if (state == SSH_PUBLICKEY_STATE_VALID) {
		sc->user = u;
		ssh_auth_succeed(sc, msg);
	} else
		ssh_auth_refuse(msg);
	ssh_message_free(msg);
}

/* Any password opens a join session, while the address has room for one. */
static void
ssh_auth_join(struct ssh_client *sc, ssh_message msg)
{
	static const char	 full[] = "Too many people are joining from your "
				    "address at once; try again in a few minutes.\r\n";
	ssh_string		 banner;

	if (!sc->holds_join && !auth_hold_take(sc->addr, AUTH_HOLD_JOIN)) {
		log_info("%s: too many join sessions from there", sc->addr);
		if ((banner = ssh_string_from_char(full)) != NULL) {
			ssh_send_issue_banner(sc->session, banner);
			ssh_string_free(banner);
		}
		ssh_auth_refuse(msg);
		return;
	}
	sc->holds_join = true;
	sc->is_join = true;
	ssh_auth_succeed(sc, msg);
}

static void
ssh_password_work(void *arg)
{
	struct ssh_password_job	*job = arg;

	job->ok = password_verify(job->hash, job->password);
}

static void
ssh_password_job_free(struct ssh_password_job *job)
{
	if (job->password != NULL) {
		memset(job->password, 0, strlen(job->password));
		free(job->password);
	}
	free(job);
}

static void
ssh_password_done(void *arg)
{
	struct ssh_password_job	*job = arg;
	struct ssh_client	*sc = job->client;
	struct store_user	 u;

	auth_password_end(job->addr, job->handle, job->ok && job->account_ok);
	if (sc == NULL) {
		ssh_message_free(job->msg);
		ssh_password_job_free(job);
		return;
	}
	sc->password_job = NULL;
	if (job->ok && job->account_ok && ssh_account(job->handle, &u)) {
		sc->user = u;
		ssh_auth_succeed(sc, job->msg);
	} else {
		log_info("%s failed a password login as %s", sc->addr,
		    job->handle);
		ssh_auth_refuse(job->msg);
	}
	ssh_message_free(job->msg);
	ssh_password_job_free(job);
	ssh_client_schedule(sc);
}

/*
 * Checks a password (from "password" or "keyboard-interactive") on the
 * worker and answers msg when done. Unknown accounts are checked against a
 * dummy hash so the answer takes as long whether or not the handle exists.
 * The guess counts from now, not from the answer: a burst of parallel
 * guesses gets no more checks than the limits allow.
 */
static void
ssh_auth_password(struct ssh_client *sc, ssh_message msg, const char *handle,
    const char *password)
{
	struct ssh_password_job	*job;
	struct store_user	 u;

	if (handle != NULL && password != NULL &&
	    strcmp(handle, PROTO_JOIN_HANDLE) == 0) {
		ssh_auth_join(sc, msg);
		ssh_message_free(msg);
		return;
	}
	if (handle == NULL || password == NULL ||
	    !auth_password_begin(sc->addr, handle)) {
		if (handle != NULL)
			log_debug("%s: too many password guesses for %s or "
			    "from here; refused unchecked", sc->addr, handle);
		ssh_auth_refuse(msg);
		ssh_message_free(msg);
		return;
	}
	job = xcalloc(1, sizeof *job);
	job->client = sc;
	job->msg = msg;
	snprintf(job->addr, sizeof job->addr, "%s", sc->addr);
	snprintf(job->handle, sizeof job->handle, "%s", handle);
	job->password = xstrdup(password);
	job->account_ok = ssh_account(handle, &u) &&
	    store_user_password(server.store, u.id, job->hash,
	    sizeof job->hash) == STORE_OK;
	if (!job->account_ok)
		snprintf(job->hash, sizeof job->hash, "%s", auth_dummy_hash());
	if (!worker_submit(ssh_password_work, ssh_password_done, job)) {
		auth_password_end(job->addr, job->handle, true);	/* not checked */
		ssh_auth_refuse(msg);
		ssh_message_free(msg);
		ssh_password_job_free(job);
		return;
	}
	sc->password_job = job;
}

static void
ssh_auth_interactive(struct ssh_client *sc, ssh_message msg)
{
	const char	*prompts[] = { "Password: " };
	char		 echo[] = { 0 };
	const char	*user;

	if (!ssh_message_auth_kbdint_is_response(msg)) {
		user = ssh_message_auth_user(msg);
		snprintf(sc->kbdint_user, sizeof sc->kbdint_user, "%s",
		    user != NULL ? user : "");
		ssh_message_auth_interactive_request(msg, "staffroom", "", 1,
		    prompts, echo);
		ssh_message_free(msg);
		return;
	}
	if (ssh_userauth_kbdint_getnanswers(sc->session) != 1) {
		ssh_auth_refuse(msg);
		ssh_message_free(msg);
		return;
	}
	ssh_auth_password(sc, msg, sc->kbdint_user,
	    ssh_userauth_kbdint_getanswer(sc->session, 0));
}

void
ssh_handle_auth(struct ssh_client *sc, ssh_message msg)
{
	if (sc->authed) {
		ssh_message_reply_default(msg);
		ssh_message_free(msg);
		return;
	}
	switch (ssh_message_subtype(msg)) {
	case SSH_AUTH_METHOD_PUBLICKEY:
		ssh_auth_pubkey(sc, msg);
		break;
	case SSH_AUTH_METHOD_PASSWORD:
		ssh_auth_password(sc, msg, ssh_message_auth_user(msg),
		    ssh_message_auth_password(msg));
		break;
	case SSH_AUTH_METHOD_INTERACTIVE:
		ssh_auth_interactive(sc, msg);
		break;
	default:
		ssh_auth_refuse(msg);
		ssh_message_free(msg);
		break;
	}
}

void
ssh_auth_forget(struct ssh_client *sc)
{
	if (sc->password_job != NULL)
		sc->password_job->client = NULL;
}
