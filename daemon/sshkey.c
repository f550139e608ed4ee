/*
 * sshkey.c: public keys given as authorized_keys lines, and the host keys.
 * Fingerprints are SHA256 as `ssh-keygen -lf` prints them, so an operator can
 * compare what staffroom shows with what their own tools show.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libssh/libssh.h>
#include <sodium.h>

#include "staffroomd.h"

#define SSHKEY_RSA_MIN_BITS	2048
#define SSHKEY_RSA_HOST_BITS	3072

static const struct sshkey_type {
	const char		*name;
	enum ssh_keytypes_e	 type;
	int			 bits;	/* 0: read from the key (RSA) */
} sshkey_types[] = {
	{ "ssh-ed25519", SSH_KEYTYPE_ED25519, 256 },
	{ "ecdsa-sha2-nistp256", SSH_KEYTYPE_ECDSA_P256, 256 },
	{ "ecdsa-sha2-nistp384", SSH_KEYTYPE_ECDSA_P384, 384 },
	{ "ecdsa-sha2-nistp521", SSH_KEYTYPE_ECDSA_P521, 521 },
	{ "ssh-rsa", SSH_KEYTYPE_RSA, 0 },
};

static const struct sshkey_type *
sshkey_type_find(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof sshkey_types / sizeof sshkey_types[0]; i++) {
		if (strcmp(sshkey_types[i].name, name) == 0)
			return (&sshkey_types[i]);
	}
	return (NULL);
}

/* Reads one SSH wire string (uint32 length, bytes) from *p. */
static bool
sshkey_wire_string(const uint8_t **p, const uint8_t *end,
    const uint8_t **s, size_t *len)
{
	uint32_t	n;

	if (end - *p < 4)
		return (false);
	n = (uint32_t)(*p)[0] << 24 | (uint32_t)(*p)[1] << 16 |
	    (uint32_t)(*p)[2] << 8 | (*p)[3];
	*p += 4;
	if ((size_t)(end - *p) < n)
		return (false);
	*s = *p;
	*len = n;
	*p += n;
	return (true);
}

/*
 * Checks the blob's own type name matches the line's and, for RSA, counts
 * the modulus bits (libssh 0.10 has no ssh_key_size). Returns 0 when the
 * blob is malformed.
 */
static int
sshkey_blob_bits(const char *b64, const struct sshkey_type *kt)
{
	uint8_t		 raw[sizeof ((struct sshkey_info *)0)->blob];
	const uint8_t	*p = raw, *end, *s, *n;
	size_t		 rawlen, slen, nlen;
	int		 bits;

	if (sodium_base642bin(raw, sizeof raw, b64, strlen(b64), NULL,
	    &rawlen, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
		return (0);
	end = raw + rawlen;
	if (!sshkey_wire_string(&p, end, &s, &slen) ||
	    slen != strlen(kt->name) || memcmp(s, kt->name, slen) != 0)
		return (0);
	if (kt->bits != 0)
		return (kt->bits);
	/* RSA: string "ssh-rsa", mpint e, mpint n. */
	if (!sshkey_wire_string(&p, end, &s, &slen) ||
	    !sshkey_wire_string(&p, end, &n, &nlen))
		return (0);
	while (nlen > 0 && *n == 0) {
		n++;
		nlen--;
	}
	if (nlen == 0)
		return (0);
	bits = (int)nlen * 8;
	for (slen = 0x80; slen != 0 && (*n & slen) == 0; slen >>= 1)
		bits--;
	return (bits);
}

static enum proto_error
sshkey_fingerprint(const char *b64, const struct sshkey_type *kt,
    char *out, size_t size)
{
	ssh_key		 key = NULL;
	unsigned char	*hash = NULL;
	size_t		 hlen;
	char		*fp = NULL;
	enum proto_error err = PROTO_ERR_BAD_KEY;

	if (ssh_pki_import_pubkey_base64(b64, kt->type, &key) != SSH_OK)
		return (PROTO_ERR_BAD_KEY);
	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
	    &hlen) == 0 &&
	    (fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash,
	    hlen)) != NULL &&
	    (size_t)snprintf(out, size, "%s", fp) < size)
		err = PROTO_OK;
	ssh_string_free_char(fp);
	ssh_clean_pubkey_hash(&hash);
	ssh_key_free(key);
	return (err);
}

/* Copies a comment, cut to fit on a UTF-8 character boundary. */
static enum proto_error
sshkey_comment(const char *s, size_t len, char *out, size_t size)
{
	if (proto_line_check(s, len, NULL) != PROTO_OK)
		return (PROTO_ERR_BAD_TEXT);
	if (len >= size) {
		len = size - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(out, s, len);
	out[len] = '\0';
	return (PROTO_OK);
}

/* Copies the next space-separated word of *p into out. */
static bool
sshkey_word(const char **p, char *out, size_t size)
{
	size_t	len;

	while (**p == ' ' || **p == '\t')
		(*p)++;
	len = strcspn(*p, " \t");
	if (len == 0 || len >= size)
		return (false);
	memcpy(out, *p, len);
	out[len] = '\0';
	*p += len;
	return (true);
}

enum proto_error
sshkey_parse(const char *line, struct sshkey_info *out)
{
	const struct sshkey_type	*kt;
	const char			*p = line;
	size_t				 len;
	enum proto_error		 err;

	memset(out, 0, sizeof *out);
	if (!sshkey_word(&p, out->type, sizeof out->type) ||
	    (kt = sshkey_type_find(out->type)) == NULL ||
	    !sshkey_word(&p, out->blob, sizeof out->blob))
		return (PROTO_ERR_BAD_KEY);

	out->bits = sshkey_blob_bits(out->blob, kt);
	if (out->bits == 0 ||
	    (kt->type == SSH_KEYTYPE_RSA && out->bits < SSHKEY_RSA_MIN_BITS))
		return (PROTO_ERR_BAD_KEY);
	if ((err = sshkey_fingerprint(out->blob, kt, out->fingerprint,
	    sizeof out->fingerprint)) != PROTO_OK)
		return (err);

	/* The comment is the rest of the line, trimmed; files end in "\n". */
	while (*p == ' ' || *p == '\t')
		p++;
	len = strlen(p);
	while (len > 0 && isspace((unsigned char)p[len - 1]))
		len--;
	return (sshkey_comment(p, len, out->comment, sizeof out->comment));
}

/* Writes text to a new file in dir with mode 0600; never replaces one. */
static bool
sshkey_write_new(const char *dir, const char *name, const char *text)
{
	char	path[4096];
	size_t	len = strlen(text);
	int	fd;

	if (!path_join(path, sizeof path, dir, name)) {
		log_error("%s/%s: path too long", dir, name);
		return (false);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1) {
		log_error("%s: %s", path, strerror(errno));
		return (false);
	}
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) != 0) {
		log_error("%s: write: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return (false);
	}
	close(fd);
	return (true);
}

static bool
sshkey_write_pair(const char *dir, const char *name, ssh_key key)
{
	char	*priv = NULL, *pub = NULL, *line = NULL, pubname[256];
	bool	 ok = false;

	if (ssh_pki_export_privkey_base64(key, NULL, NULL, NULL, &priv) != SSH_OK ||
	    ssh_pki_export_pubkey_base64(key, &pub) != SSH_OK) {
		log_error("%s: cannot export the generated key", name);
		goto out;
	}
	xasprintf(&line, "%s %s staffroomd\n",
	    ssh_key_type_to_char(ssh_key_type(key)), pub);
	snprintf(pubname, sizeof pubname, "%s.pub", name);
	ok = sshkey_write_new(dir, name, priv) &&
	    sshkey_write_new(dir, pubname, line);
out:
	free(line);
	ssh_string_free_char(pub);
	if (priv != NULL) {
		sodium_memzero(priv, strlen(priv));
		ssh_string_free_char(priv);
	}
	return (ok);
}

static bool
sshkey_generate_one(const char *dir, const char *name,
    enum ssh_keytypes_e type, int bits)
{
	char		path[4096];
	ssh_key		key;
	bool		ok;

	if (path_join(path, sizeof path, dir, name) && access(path, F_OK) == 0)
		return (true);
	if (ssh_pki_generate(type, bits, &key) != SSH_OK) {
		log_error("%s: key generation failed", name);
		return (false);
	}
	ok = sshkey_write_pair(dir, name, key);
	ssh_key_free(key);
	if (ok)
		log_info("generated host key %s/%s", dir, name);
	return (ok);
}

bool
sshkey_generate_host_keys(const char *dir)
{
	return (sshkey_generate_one(dir, HOSTKEY_ED25519, SSH_KEYTYPE_ED25519, 0) &&
	    sshkey_generate_one(dir, HOSTKEY_RSA, SSH_KEYTYPE_RSA,
	    SSHKEY_RSA_HOST_BITS));
}
