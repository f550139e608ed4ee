/*
 * auth.c: logging in. The order is what people expect from ssh: a key given
 * with -i, then the agent, then ~/.ssh/id_ed25519, id_ecdsa and id_rsa, then
 * the key staffroom made for them at join; a password (or keyboard-
 * interactive) prompt is the last resort. Whatever worked is remembered so
 * that a reconnect can log in again without asking anything: the loaded
 * key, the agent, or the password in sodium's guarded memory.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "staffroom.h"

#define AUTH_PASSWORD_TRIES	3

/*
 * The private key files to try, in order (the -i file first when given).
 * The caller frees each path and the array.
 */
char **
auth_key_paths(const char *identity, size_t *n)
{
	static const char	*defaults[] = {
		".ssh/id_ed25519", ".ssh/id_ecdsa", ".ssh/id_rsa"
	};
	char			**paths, *dir;
	size_t			  i;

	paths = xreallocarray(NULL, 5, sizeof *paths);
	*n = 0;
	if (identity != NULL)
		paths[(*n)++] = xstrdup(identity);
	for (i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		paths[(*n)++] = path_home_file(defaults[i]);
	dir = path_config_dir();
	xasprintf(&paths[(*n)++], "%s/id_ed25519", dir);
	free(dir);
	return (paths);
}

static void
auth_free_paths(char **paths, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

/* libssh asks this for the passphrase of an encrypted private key. */
static int
auth_passphrase_cb(const char *prompt, char *buf, size_t len, int echo,
    int verify, void *userdata)
{
	const char	*path = userdata;
	char		*q, *answer;

	xasprintf(&q, "Passphrase for %s: ", path);
	answer = tty_prompt(q, 0);
	free(q);
	if (answer == NULL)
		return (-1);
	if (strlen(answer) >= len) {
		explicit_bzero(answer, strlen(answer));
		free(answer);
		return (-1);
	}
	strcpy(buf, answer);
	explicit_bzero(answer, strlen(answer));
	free(answer);
	return (0);
}

/*
 * Tries one key file. The public half is offered first when it is there, so
 * a passphrase is only asked for a key the server would take.
 */
static int
auth_try_file(ssh_session s, struct auth *a, const char *path)
{
	ssh_key	 pub = NULL, priv = NULL;
	char	*pubpath;
	int	 rc;

	if (access(path, R_OK) != 0)
		return (-1);
	xasprintf(&pubpath, "%s.pub", path);
	if (ssh_pki_import_pubkey_file(pubpath, &pub) == SSH_OK) {
		rc = ssh_userauth_try_publickey(s, NULL, pub);
		ssh_key_free(pub);
		if (rc != SSH_AUTH_SUCCESS) {
			free(pubpath);
			return (-1);
		}
	}
	free(pubpath);
	if (ssh_pki_import_privkey_file(path, NULL, auth_passphrase_cb,
	    (void *)path, &priv) != SSH_OK)
		return (-1);
	if (ssh_userauth_publickey(s, NULL, priv) != SSH_AUTH_SUCCESS) {
		ssh_key_free(priv);
		return (-1);
	}
	a->method = AUTH_KEY;
	a->key = priv;
	return (0);
}

static void
auth_keep_secret(struct auth *a, const char *secret, int kbdint)
{
	size_t	len = strlen(secret);

	a->method = AUTH_PASSWORD;
	a->kbdint = kbdint;
	a->secret = sodium_malloc(len + 1);
	if (a->secret == NULL) {
		fputs("staffroom: out of memory\n", stderr);
		exit(1);
	}
	memcpy(a->secret, secret, len + 1);
}

/*
 * Answers keyboard-interactive prompts: with secret when given (a reconnect,
 * or the join login), else by asking on the terminal.
 */
static int
auth_kbdint(ssh_session s, const char *secret)
{
	const char	*prompt;
	char		*answer;
	char		 echo;
	int		 rc, i, n;

	while ((rc = ssh_userauth_kbdint(s, NULL, NULL)) == SSH_AUTH_INFO) {
		n = ssh_userauth_kbdint_getnprompts(s);
		for (i = 0; i < n; i++) {
			prompt = ssh_userauth_kbdint_getprompt(s, i, &echo);
			if (secret != NULL) {
				ssh_userauth_kbdint_setanswer(s, i, secret);
				continue;
			}
			if ((answer = tty_prompt(prompt, echo)) == NULL)
				return (SSH_AUTH_DENIED);
			ssh_userauth_kbdint_setanswer(s, i, answer);
			explicit_bzero(answer, strlen(answer));
			free(answer);
		}
	}
	return (rc);
}

static int
auth_password(ssh_session s, struct auth *a, int methods, const char *user,
    const char *host)
{
	char	*q, *pw;
	int	 i, rc;

	if (a->password != NULL) {
		if ((methods & SSH_AUTH_METHOD_PASSWORD) &&
		    ssh_userauth_password(s, NULL, a->password) ==
		    SSH_AUTH_SUCCESS)
			return (0);
		if ((methods & SSH_AUTH_METHOD_INTERACTIVE) &&
		    auth_kbdint(s, a->password) == SSH_AUTH_SUCCESS)
			return (0);
		return (-1);
	}
	xasprintf(&q, "%s@%s's password: ", user, host);
	for (i = 0; i < AUTH_PASSWORD_TRIES; i++) {
		if ((pw = tty_prompt(q, 0)) == NULL)
			break;
		if (methods & SSH_AUTH_METHOD_PASSWORD)
			rc = ssh_userauth_password(s, NULL, pw);
		else
			rc = auth_kbdint(s, pw);
		if (rc == SSH_AUTH_SUCCESS) {
			auth_keep_secret(a, pw,
			    !(methods & SSH_AUTH_METHOD_PASSWORD));
			explicit_bzero(pw, strlen(pw));
			free(pw);
			free(q);
			return (0);
		}
		explicit_bzero(pw, strlen(pw));
		free(pw);
		fputs("Permission denied, please try again.\n", stderr);
		methods = ssh_userauth_list(s, NULL);
	}
	free(q);
	return (-1);
}

/*
 * The first login, in blocking mode, asking on the terminal when needed.
 * Returns 0 when logged in.
 */
int
auth_interactive(ssh_session s, struct auth *a, const char *user,
    const char *host)
{
	char	**paths;
	size_t	  n, i;
	int	  methods, rc;

	rc = ssh_userauth_none(s, NULL);
	if (rc == SSH_AUTH_SUCCESS) {
		a->method = AUTH_NONE;
		return (0);
	}
	if (rc == SSH_AUTH_ERROR)
		return (-1);
	methods = ssh_userauth_list(s, NULL);

	if ((methods & SSH_AUTH_METHOD_PUBLICKEY) && a->password == NULL) {
		paths = auth_key_paths(a->identity, &n);
		for (i = 0; i < n; i++) {
			if (i == (a->identity != NULL ? 1 : 0) &&
			    getenv("SSH_AUTH_SOCK") != NULL &&
			    ssh_userauth_agent(s, NULL) == SSH_AUTH_SUCCESS) {
				a->method = AUTH_AGENT;
				break;
			}
			if (auth_try_file(s, a, paths[i]) == 0)
				break;
		}
		auth_free_paths(paths, n);
		if (a->method != AUTH_NONE)
			return (0);
	}
	if (methods & (SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_INTERACTIVE))
		return (auth_password(s, a, methods, user, host));
	return (-1);
}

/*
 * Logs in again with what worked before; the session may be non-blocking,
 * so this returns SSH_AUTH_AGAIN until libssh has an answer.
 */
int
auth_again(ssh_session s, struct auth *a)
{
	int	rc;

	switch (a->method) {
	case AUTH_NONE:
		return (ssh_userauth_none(s, NULL));
	case AUTH_KEY:
		return (ssh_userauth_publickey(s, NULL, a->key));
	case AUTH_AGENT:
		return (ssh_userauth_agent(s, NULL));
	case AUTH_PASSWORD:
		if (!a->kbdint)
			return (ssh_userauth_password(s, NULL, a->secret));
		rc = ssh_userauth_kbdint(s, NULL, NULL);
		if (rc == SSH_AUTH_INFO) {
			for (int i = 0; i < ssh_userauth_kbdint_getnprompts(s);
			    i++)
				ssh_userauth_kbdint_setanswer(s, i, a->secret);
			return (SSH_AUTH_AGAIN);
		}
		return (rc);
	}
	return (SSH_AUTH_ERROR);
}

void
auth_free(struct auth *a)
{
	if (a->key != NULL)
		ssh_key_free(a->key);
	if (a->secret != NULL)
		sodium_free(a->secret);
	a->key = NULL;
	a->secret = NULL;
	a->method = AUTH_NONE;
}

/* "type base64" for a key, the start of an authorized_keys line. */
static char *
auth_pubkey_line(ssh_key key)
{
	const char	*type;
	char		*b64, *line;

	if (ssh_pki_export_pubkey_base64(key, &b64) != SSH_OK)
		return (NULL);
	switch (ssh_key_type(key)) {
	case SSH_KEYTYPE_ECDSA_P256:
	case SSH_KEYTYPE_ECDSA_P384:
	case SSH_KEYTYPE_ECDSA_P521:
		type = ssh_pki_key_ecdsa_name(key);
		break;
	default:
		type = ssh_key_type_to_char(ssh_key_type(key));
		break;
	}
	xasprintf(&line, "%s %s", type, b64);
	ssh_string_free_char(b64);
	return (line);
}

/*
 * The public key line of the first key the person has (for the join
 * registration), or NULL when they have none.
 */
char *
auth_find_pubkey(const char *identity)
{
	ssh_key	  key;
	char	**paths, *pubpath, *line = NULL;
	size_t	  n, i;

	paths = auth_key_paths(identity, &n);
	for (i = 0; i < n && line == NULL; i++) {
		if (access(paths[i], R_OK) != 0)
			continue;
		xasprintf(&pubpath, "%s.pub", paths[i]);
		if (ssh_pki_import_pubkey_file(pubpath, &key) == SSH_OK) {
			line = auth_pubkey_line(key);
			ssh_key_free(key);
		}
		free(pubpath);
	}
	auth_free_paths(paths, n);
	return (line);
}

/*
 * Makes an ed25519 key in the config directory for someone who has none:
 * private half 0600 in a 0700 directory. Returns its public key line.
 */
char *
auth_make_key(void)
{
	ssh_key	 key = NULL;
	char	*dir, *path, *pubpath, *line = NULL;
	mode_t	 old;

	if ((dir = path_config_mkdir()) == NULL)
		return (NULL);
	xasprintf(&path, "%s/id_ed25519", dir);
	xasprintf(&pubpath, "%s.pub", path);
	if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK) {
		fputs("staffroom: cannot generate a key\n", stderr);
		goto out;
	}
	old = umask(077);
	if (ssh_pki_export_privkey_file(key, NULL, NULL, NULL, path) !=
	    SSH_OK || chmod(path, 0600) == -1) {
		umask(old);
		fprintf(stderr, "staffroom: cannot write %s\n", path);
		goto out;
	}
	umask(old);
	if (ssh_pki_export_pubkey_file(key, pubpath) != SSH_OK) {
		fprintf(stderr, "staffroom: cannot write %s\n", pubpath);
		goto out;
	}
	line = auth_pubkey_line(key);
	fprintf(stderr, "Made a new key for you: %s\n", path);
out:
	if (key != NULL)
		ssh_key_free(key);
	free(pubpath);
	free(path);
	free(dir);
	return (line);
}
