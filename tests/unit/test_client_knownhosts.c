/*
 * test_client_knownhosts.c: whether the client trusts a server's host key,
 * and how it shows the key. The fingerprint line must read exactly as
 * `ssh-keygen -lf` prints it, so an operator can compare the two; the
 * expected lines below were printed by ssh-keygen for these keys.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../client/staffroom.h"

static const char ed25519_key[] =
    "AAAAC3NzaC1lZDI1NTE5AAAAIMEXfMIOyFUV2rTNT42G5vO+i9ETa646ji1yjpadHp4U";
static const char rsa3072_key[] =
    "AAAAB3NzaC1yc2EAAAADAQABAAABgQC8zW+xHq8NxVzmpf3MVUPUE6c7VCfOfkplrLO9"
    "PZiGZDFlwxuK0V0URgjLZzLVeXWCT0gRPGZVjHtcnlYEjlKRA/l0oWZdH+dJPbPMNVfs"
    "nwwqDt3cN4JD3i9e7nyYeSyMne7VY3hv8IgdbytQ3VJ2hT55yMAdPvTzKOU0XqGBK4e/"
    "GVaclxcpSgMH+ERklkOfNYilcnPDHIpu72FiH4NEIHyRlGAGinfvz4k8ihYf0jwDUfw0"
    "G45xpzEqpEVmkqc6Nhr0wszejApD1MSTuzmBugOcv1gB89htQHUCpHJq0My44jJGM1BB"
    "wPXB/FbzeQrAP4ioXQOhWi+RqneFjuFGab5e2ahhaLfxicOGLGGCa3QOT+Cdm6K9+2Lx"
    "G24jqCeTttHQT5yAWILRlNJxbee+cCL8mO+fzIJdQ0u9YoeJKNSDzMj7z5pDojzvbxG1"
    "V08zuuEAZcQksl5ci4u8+iQqCmR7Q6zeUMEn4GGldndQwtzdvjovLxwMljJP4b00tOE=";

static void
a_matching_key_is_accepted(void **state)
{
	assert_int_equal(kh_decide(SSH_KNOWN_HOSTS_OK), KH_ACCEPT);
}

static void
an_unknown_host_is_asked_about(void **state)
{
	assert_int_equal(kh_decide(SSH_KNOWN_HOSTS_UNKNOWN), KH_ASK);
	/* No known_hosts file at all: a first contact, not an error. */
	assert_int_equal(kh_decide(SSH_KNOWN_HOSTS_NOT_FOUND), KH_ASK);
}

static void
a_changed_key_is_refused(void **state)
{
	assert_int_equal(kh_decide(SSH_KNOWN_HOSTS_CHANGED), KH_REFUSE_CHANGED);
}

static void
a_key_of_another_type_is_refused(void **state)
{
	/* A downgrade to a type we never saw must not be asked about. */
	assert_int_equal(kh_decide(SSH_KNOWN_HOSTS_OTHER), KH_REFUSE_OTHER);
}

static void
an_unreadable_file_is_an_error(void **state)
{
	assert_int_equal(kh_decide(SSH_KNOWN_HOSTS_ERROR), KH_ERROR);
	assert_int_equal(kh_decide((enum ssh_known_hosts_e)42), KH_ERROR);
}

static void
assert_described(const char *b64, enum ssh_keytypes_e type, const char *want)
{
	ssh_key	 key;
	char	*line;

	assert_int_equal(ssh_pki_import_pubkey_base64(b64, type, &key), SSH_OK);
	line = kh_describe(key, "x");
	assert_string_equal(line, want);
	free(line);
	ssh_key_free(key);
}

static void
an_ed25519_key_reads_as_ssh_keygen_prints_it(void **state)
{
	assert_described(ed25519_key, SSH_KEYTYPE_ED25519,
	    "256 SHA256:uH8ssE8Q8wc2SQ1oQLXSZ1WfFXWp5LmJAVSdml40gZk x (ED25519)");
}

static void
an_rsa_key_reads_as_ssh_keygen_prints_it(void **state)
{
	assert_described(rsa3072_key, SSH_KEYTYPE_RSA,
	    "3072 SHA256:CkYBLmO6W3cc7lHcPHZ+KHwb8jpQrye/DSV1NqBYIBQ x (RSA)");
}

/* An ssh-rsa blob with exponent 65537 and the modulus given. */
static size_t
rsa_blob(unsigned char *b, const unsigned char *n, uint32_t nlen)
{
	static const unsigned char head[] = {
		0, 0, 0, 7, 's', 's', 'h', '-', 'r', 's', 'a',
		0, 0, 0, 3, 1, 0, 1,
	};
	size_t	len = sizeof head;

	memcpy(b, head, len);
	b[len++] = nlen >> 24;
	b[len++] = nlen >> 16;
	b[len++] = nlen >> 8;
	b[len++] = nlen;
	memcpy(b + len, n, nlen);
	return len + nlen;
}

static void
rsa_bits_ignore_the_sign_byte(void **state)
{
	unsigned char	n[257], b[300];
	size_t		len;

	memset(n, 0xab, sizeof n);
	n[0] = 0;			/* mpint: a zero keeps it positive */
	len = rsa_blob(b, n, sizeof n);
	assert_int_equal(kh_rsa_bits(b, len), 2048);
	n[1] = 0x01;			/* top byte 1: 2041 bits */
	len = rsa_blob(b, n, sizeof n);
	assert_int_equal(kh_rsa_bits(b, len), 2041);
}

static void
rsa_bits_reject_what_is_not_an_rsa_blob(void **state)
{
	unsigned char	n[4] = { 0x80, 0, 0, 1 }, b[64];
	size_t		len;

	len = rsa_blob(b, n, sizeof n);
	assert_int_equal(kh_rsa_bits(b, len), 32);
	/* Cut short anywhere, it is not a key. */
	assert_int_equal(kh_rsa_bits(b, len - 1), -1);
	assert_int_equal(kh_rsa_bits(b, 10), -1);
	assert_int_equal(kh_rsa_bits(b, 0), -1);
	b[7] = 'd';			/* "ssh-dsa" */
	assert_int_equal(kh_rsa_bits(b, len), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_matching_key_is_accepted),
		cmocka_unit_test(an_unknown_host_is_asked_about),
		cmocka_unit_test(a_changed_key_is_refused),
		cmocka_unit_test(a_key_of_another_type_is_refused),
		cmocka_unit_test(an_unreadable_file_is_an_error),
		cmocka_unit_test(an_ed25519_key_reads_as_ssh_keygen_prints_it),
		cmocka_unit_test(an_rsa_key_reads_as_ssh_keygen_prints_it),
		cmocka_unit_test(rsa_bits_ignore_the_sign_byte),
		cmocka_unit_test(rsa_bits_reject_what_is_not_an_rsa_blob),
	};

	return cmocka_run_group_tests_name("client known_hosts", tests,
	    NULL, NULL);
}
