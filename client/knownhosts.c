/*
 * knownhosts.c: whether to trust the server's host key. The key is looked
 * up in ~/.ssh/known_hosts and in the client's own known_hosts (libssh's
 * "global" and "user" files, so that a key the person accepts is written to
 * our file and never to their ssh configuration). The decision itself is a
 * pure function of libssh's answer; the asking and the explaining are here
 * too, because they must say the same thing everywhere.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "staffroom.h"

enum kh_verdict
kh_decide(enum ssh_known_hosts_e state)
{
	switch (state) {
	case SSH_KNOWN_HOSTS_OK:
		return (KH_ACCEPT);
	case SSH_KNOWN_HOSTS_UNKNOWN:
	case SSH_KNOWN_HOSTS_NOT_FOUND:	/* no known_hosts file yet */
		return (KH_ASK);
	case SSH_KNOWN_HOSTS_CHANGED:
		return (KH_REFUSE_CHANGED);
	case SSH_KNOWN_HOSTS_OTHER:
		return (KH_REFUSE_OTHER);
	case SSH_KNOWN_HOSTS_ERROR:
		break;
	}
	return (KH_ERROR);
}

static int
kh_read_u32(const unsigned char **p, size_t *left, uint32_t *v)
{
	if (*left < 4)
		return (-1);
	*v = ((uint32_t)(*p)[0] << 24) | ((uint32_t)(*p)[1] << 16) |
	    ((uint32_t)(*p)[2] << 8) | (*p)[3];
	*p += 4;
	*left -= 4;
	return (0);
}

/* Skips one SSH "string"; its start and length go to *s and *n. */
static int
kh_read_string(const unsigned char **p, size_t *left,
    const unsigned char **s, uint32_t *n)
{
	if (kh_read_u32(p, left, n) == -1 || *n > *left)
		return (-1);
	*s = *p;
	*p += *n;
	*left -= *n;
	return (0);
}

/*
 * The modulus size of an ssh-rsa public key blob (string "ssh-rsa", mpint
 * e, mpint n), as ssh-keygen counts it; -1 when the blob is not one.
 */
int
kh_rsa_bits(const unsigned char *blob, size_t len)
{
	const unsigned char	*s;
	uint32_t		 n;
	int			 bits;

	if (kh_read_string(&blob, &len, &s, &n) == -1 ||
	    n != 7 || memcmp(s, "ssh-rsa", 7) != 0)
		return (-1);
	if (kh_read_string(&blob, &len, &s, &n) == -1 ||
	    kh_read_string(&blob, &len, &s, &n) == -1)
		return (-1);
	while (n > 0 && *s == 0) {
		s++;
		n--;
	}
	if (n == 0)
		return (0);
	bits = (int)(n - 1) * 8;
	for (unsigned char top = *s; top != 0; top >>= 1)
		bits++;
	return (bits);
}

static int
kh_bits(ssh_key key)
{
	unsigned char	*blob;
	char		*b64;
	size_t		 len, binlen;
	int		 bits = 0;

	switch (ssh_key_type(key)) {
	case SSH_KEYTYPE_ED25519:
	case SSH_KEYTYPE_ECDSA_P256:
		return (256);
	case SSH_KEYTYPE_ECDSA_P384:
		return (384);
	case SSH_KEYTYPE_ECDSA_P521:
		return (521);
	case SSH_KEYTYPE_RSA:
		break;
	default:
		return (0);
	}
	if (ssh_pki_export_pubkey_base64(key, &b64) != SSH_OK)
		return (0);
	len = strlen(b64);
	blob = xmalloc(len);
	if (sodium_base642bin(blob, len, b64, len, NULL, &binlen, NULL,
	    sodium_base64_VARIANT_ORIGINAL) == 0)
		bits = kh_rsa_bits(blob, binlen);
	free(blob);
	ssh_string_free_char(b64);
	return (bits < 0 ? 0 : bits);
}

static const char *
kh_type_label(ssh_key key)
{
	switch (ssh_key_type(key)) {
	case SSH_KEYTYPE_ED25519:
		return ("ED25519");
	case SSH_KEYTYPE_ECDSA_P256:
	case SSH_KEYTYPE_ECDSA_P384:
	case SSH_KEYTYPE_ECDSA_P521:
		return ("ECDSA");
	case SSH_KEYTYPE_RSA:
		return ("RSA");
	default:
		return ("UNKNOWN");
	}
}

/*
 * One line in the form "ssh-keygen -lf" prints: bits, SHA256 fingerprint,
 * a name, key type. The operator can compare it with the same command run
 * on the server's host key.
 */
char *
kh_describe(ssh_key key, const char *name)
{
	unsigned char	*hash;
	size_t		 hlen;
	char		*fp, *line;

	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
	    &hlen) != SSH_OK)
		return (xstrdup("(no fingerprint)"));
	fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
	ssh_clean_pubkey_hash(&hash);
	xasprintf(&line, "%d %s %s (%s)", kh_bits(key), fp, name,
	    kh_type_label(key));
	ssh_string_free_char(fp);
	return (line);
}

static void
kh_warn_changed(const char *host, const char *line, const char *own,
    enum kh_verdict v)
{
	char	*global = path_home_file(".ssh/known_hosts");

	fprintf(stderr,
	    "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
	    "@    WARNING: THE SERVER'S HOST KEY HAS CHANGED!          @\n"
	    "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
	    "staffroom: %s is not showing the key it showed before%s.\n"
	    "Someone could be intercepting this connection, or the server\n"
	    "may have been reinstalled. Nothing was sent to it.\n"
	    "The key it shows now is:\n"
	    "  %s\n"
	    "Ask the server's operator for the fingerprint of its host key.\n"
	    "Only if it matches, remove the old entry for %s from\n"
	    "  %s\n"
	    "or\n"
	    "  %s\n"
	    "and connect again.\n",
	    host, v == KH_REFUSE_OTHER ? " (it has a key of another type)" : "",
	    line, host, own, global);
	free(global);
}

static int
kh_remember(ssh_session s, const char *host, const char *own)
{
	char	*dir;

	if ((dir = path_config_mkdir()) == NULL)
		return (-1);
	free(dir);
	if (ssh_session_update_known_hosts(s) != SSH_OK) {
		fprintf(stderr, "staffroom: cannot write %s: %s\n", own,
		    ssh_get_error(s));
		return (-1);
	}
	fprintf(stderr, "Added %s to %s.\n", host, own);
	return (0);
}

/*
 * Checks the key of a connected session. own is the client's known_hosts
 * (where accepted keys are written). Asks on first contact; refuses loudly
 * when the key changed. Returns 0 to go on, -1 to stop.
 */
int
kh_check(ssh_session s, const char *host, const char *own)
{
	ssh_key		 key;
	enum kh_verdict	 v;
	char		*line, *q;
	int		 rc = -1;

	if (ssh_get_server_publickey(s, &key) != SSH_OK) {
		fprintf(stderr, "staffroom: %s sent no host key\n", host);
		return (-1);
	}
	line = kh_describe(key, host);
	switch ((v = kh_decide(ssh_session_is_known_server(s)))) {
	case KH_ACCEPT:
		rc = 0;
		break;
	case KH_ASK:
		fprintf(stderr,
		    "This is the first time you connect to %s.\n"
		    "Its host key is:\n  %s\n"
		    "Check this fingerprint with the server's operator.\n",
		    host, line);
		xasprintf(&q, "Trust %s and connect (yes/no)? ", host);
		if (tty_confirm(q))
			rc = kh_remember(s, host, own);
		else
			fprintf(stderr, "staffroom: host key not accepted\n");
		free(q);
		break;
	case KH_REFUSE_CHANGED:
	case KH_REFUSE_OTHER:
		kh_warn_changed(host, line, own, v);
		break;
	case KH_ERROR:
		fprintf(stderr, "staffroom: cannot read known_hosts: %s\n",
		    ssh_get_error(s));
		break;
	}
	free(line);
	ssh_key_free(key);
	return (rc);
}
