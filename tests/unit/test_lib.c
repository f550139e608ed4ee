/*
 * test_lib.c: the daemon library's contract (durations, paths, logging,
 * passwords, SSH keys, invite codes, the state directory), one behaviour
 * per test. Room and board policy is in test_policy.c.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sodium.h>

#include "staffroomd.h"

#define MINUTE	(60 * 1000LL)

/* --- util --------------------------------------------------------------- */

static void
duration_reads_minutes_hours_and_days(void **state)
{
	assert_int_equal(parse_duration("30m"), 30 * MINUTE);
	assert_int_equal(parse_duration("12h"), 12 * 60 * MINUTE);
	assert_int_equal(parse_duration("7d"), 7 * 24 * 60 * MINUTE);
}

static void
duration_refuses_zero(void **state)
{
	assert_int_equal(parse_duration("0m"), -1);
	assert_int_equal(parse_duration("000d"), -1);
}

static void
duration_refuses_negatives_and_signs(void **state)
{
	assert_int_equal(parse_duration("-5m"), -1);
	assert_int_equal(parse_duration("+5m"), -1);
}

static void
duration_refuses_overflow(void **state)
{
	assert_int_equal(parse_duration("9223372036854775807d"), -1);
	assert_int_equal(parse_duration("99999999999999999999999m"), -1);
	assert_int_equal(parse_duration("106751991168d"), -1);
}

static void
duration_refuses_junk(void **state)
{
	assert_int_equal(parse_duration(""), -1);
	assert_int_equal(parse_duration("m"), -1);
	assert_int_equal(parse_duration("30"), -1);
	assert_int_equal(parse_duration("30x"), -1);
	assert_int_equal(parse_duration("30mm"), -1);
	assert_int_equal(parse_duration(" 30m"), -1);
	assert_int_equal(parse_duration("30 m"), -1);
	assert_int_equal(parse_duration("1.5h"), -1);
}

static void
path_join_puts_one_slash_between(void **state)
{
	char	buf[64];

	assert_true(path_join(buf, sizeof buf, "/var/lib/staffroom", "db"));
	assert_string_equal(buf, "/var/lib/staffroom/db");
	assert_true(path_join(buf, sizeof buf, "/var/lib/staffroom/", "db"));
	assert_string_equal(buf, "/var/lib/staffroom/db");
}

static void
path_join_refuses_what_does_not_fit(void **state)
{
	char	buf[8];

	assert_false(path_join(buf, sizeof buf, "/var/lib", "db"));
	assert_true(path_join(buf, sizeof buf, "/var", "db"));
}

/* --- log ---------------------------------------------------------------- */

/* Runs fn with stderr captured into buf. */
static void
capture_stderr(void (*fn)(void), char *buf, size_t size)
{
	FILE	*f = tmpfile();
	int	 saved = dup(STDERR_FILENO);
	size_t	 n;

	assert_non_null(f);
	fflush(stderr);
	dup2(fileno(f), STDERR_FILENO);
	fn();
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static void
log_one_info_line(void)
{
	log_set_level(LOG_LEVEL_INFO);
	log_info("hello %d", 42);
	log_set_level(LOG_LEVEL_WARN);
}

static void
log_info_below_warn(void)
{
	log_set_level(LOG_LEVEL_WARN);
	log_info("quiet");
	log_warn("loud");
}

static void
log_line_has_utc_time_program_pid_and_level(void **state)
{
	char	buf[256], expect[64];

	capture_stderr(log_one_info_line, buf, sizeof buf);
	/* 2026-11-23T10:00:00.123Z */
	assert_true(strlen(buf) > 25);
	assert_int_equal(buf[4], '-');
	assert_int_equal(buf[10], 'T');
	assert_int_equal(buf[19], '.');
	assert_int_equal(buf[23], 'Z');
	snprintf(expect, sizeof expect, " test_lib[%ld] info: hello 42\n",
	    (long)getpid());
	assert_string_equal(buf + 24, expect);
}

static void
log_level_filters_out_lower_levels(void **state)
{
	char	buf[256];

	capture_stderr(log_info_below_warn, buf, sizeof buf);
	assert_null(strstr(buf, "quiet"));
	assert_non_null(strstr(buf, " warn: loud\n"));
}

/*
 * stderr as a datagram socket: each write(2) is a datagram of its own, so
 * what comes out says how many system calls a line cost.
 */
static void
log_lines_are_one_write_each(void **state)
{
	char	 long_text[3000], buf[4096];
	int	 sv[2], saved = dup(STDERR_FILENO);
	ssize_t	 n;

	memset(long_text, 'x', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	fflush(stderr);
	dup2(sv[1], STDERR_FILENO);
	log_set_level(LOG_LEVEL_INFO);
	log_info("login: %s from %s", "amy", "127.0.0.1");
	log_info("long: %s", long_text);
	log_set_level(LOG_LEVEL_WARN);
	dup2(saved, STDERR_FILENO);
	close(saved);

	n = recv(sv[0], buf, sizeof buf, MSG_DONTWAIT);
	assert_true(n > 0);
	assert_non_null(memmem(buf, (size_t)n, " info: login: amy from 127.0.0.1\n",
	    strlen(" info: login: amy from 127.0.0.1\n")));
	/* A line longer than the daemon's line buffer is still whole, and one write. */
	n = recv(sv[0], buf, sizeof buf, MSG_DONTWAIT);
	assert_true(n > (ssize_t)sizeof long_text);
	assert_int_equal(buf[n - 1], '\n');
	assert_non_null(memmem(buf, (size_t)n, long_text, strlen(long_text)));
	assert_int_equal(recv(sv[0], buf, sizeof buf, MSG_DONTWAIT), -1);
	close(sv[0]);
	close(sv[1]);
}

/* --- password ----------------------------------------------------------- */

static void
password_hash_is_argon2id_and_verifies(void **state)
{
	char	hash[PASSWORD_HASH_MAX];

	assert_true(password_hash("correct horse battery", hash));
	assert_int_equal(strncmp(hash, "$argon2id$", 10), 0);
	assert_true(password_verify(hash, "correct horse battery"));
}

static void
password_verify_refuses_a_wrong_password(void **state)
{
	char	hash[PASSWORD_HASH_MAX];

	assert_true(password_hash("correct horse battery", hash));
	assert_false(password_verify(hash, "correct horse battery "));
	assert_false(password_verify(hash, ""));
}

/* Checking a password against the dummy costs what a real check does. */
static void
password_dummy_has_the_real_limits_and_matches_nothing(void **state)
{
	char	dummy[PASSWORD_HASH_MAX], other[PASSWORD_HASH_MAX];

	assert_true(password_dummy(dummy));
	assert_true(password_dummy(other));
	assert_string_not_equal(dummy, other);
	/* 0: a well-formed argon2id string with exactly password_hash's limits. */
	assert_int_equal(crypto_pwhash_str_needs_rehash(dummy,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	assert_false(password_verify(dummy, "staffroom dummy password"));
	assert_false(password_verify(dummy, ""));
}

static void
password_hashes_are_salted(void **state)
{
	char	a[PASSWORD_HASH_MAX], b[PASSWORD_HASH_MAX];

	assert_true(password_hash("correct horse battery", a));
	assert_true(password_hash("correct horse battery", b));
	assert_string_not_equal(a, b);
}

static void
password_of_ten_to_1024_bytes_is_acceptable(void **state)
{
	char	long_pw[PROTO_PASSWORD_MAX + 1];

	memset(long_pw, 'x', PROTO_PASSWORD_MAX);
	long_pw[PROTO_PASSWORD_MAX] = '\0';
	assert_int_equal(password_acceptable("0123456789"), PROTO_OK);
	assert_int_equal(password_acceptable(long_pw), PROTO_OK);
	assert_int_equal(password_acceptable("pâté pâté pâté"), PROTO_OK);
}

static void
password_shorter_than_ten_bytes_is_weak(void **state)
{
	assert_int_equal(password_acceptable("012345678"), PROTO_ERR_WEAK_PASSWORD);
	assert_int_equal(password_acceptable(""), PROTO_ERR_WEAK_PASSWORD);
}

static void
password_longer_than_1024_bytes_is_weak(void **state)
{
	char	pw[PROTO_PASSWORD_MAX + 2];

	memset(pw, 'x', PROTO_PASSWORD_MAX + 1);
	pw[PROTO_PASSWORD_MAX + 1] = '\0';
	assert_int_equal(password_acceptable(pw), PROTO_ERR_WEAK_PASSWORD);
}

static void
password_with_control_characters_is_bad_text(void **state)
{
	assert_int_equal(password_acceptable("0123456789\n"), PROTO_ERR_BAD_TEXT);
	assert_int_equal(password_acceptable("01234\t56789"), PROTO_ERR_BAD_TEXT);
	assert_int_equal(password_acceptable("01234\x1b[2J56789"), PROTO_ERR_BAD_TEXT);
}

static void
password_with_invalid_utf8_is_bad_text(void **state)
{
	assert_int_equal(password_acceptable("0123456789\xff"), PROTO_ERR_BAD_TEXT);
}

/* --- sshkey ------------------------------------------------------------- */

/*
 * Keys made once with ssh-keygen; the fingerprints are what
 * `ssh-keygen -lf` printed for them.
 */
#define ED25519_BLOB	"AAAAC3NzaC1lZDI1NTE5AAAAIDhOuEquJJMIF9sG2exwwHefn0QUwwLoZYf8CWAXhE9u"
#define ED25519_FP	"SHA256:rbMAYHVWeO+oiR+8ILa2innMF5Ixxm+Skdk07aQ34gM"
#define ECDSA_LINE	"ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBKGOeQsubSYl65GOOK0Yby+pzfyZh/Ue7cxbXPDfoky+ySUOqNbuqa4L/CS1NYLFU2/OOJebOxh1Rdiwc+nPRC8= ec"
#define ECDSA_FP	"SHA256:K75udLJSNpuydP0Gph+YTw0pGIjdD8GibWHTJryPM1I"
#define RSA2048_LINE	"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDGo2+4QsN0PT/wgzFJTr1Y0iE2tzYI25ANoRzcsVl1hbB9cuHJYSI10xYAMMJvUxxGBTL33d2aAooYodfTF1mUUc4nOLZCLwTzUCxPcw1J8DuMcx15153qppE75dXO6LRGJijHzSjI3WcOZzkmVNTWJoMurnKr8a+yDu06D9kiZG2awY9ctsG/ZIl0onqUsPcytCLEzeE9sqk1qzJvY196jpi2GT2bEqFS1338XwfSbZZFtebYltwGsjxTGpcNDK6JJXHjYK3YMXWNFJPQqp3pgIaSFBufh57gFV+vZCeFZzAa2Eyz2teuVnqXy3cCqcRHCSPdTB/C6vE1LF3aS47Z"
#define RSA2048_FP	"SHA256:AlxJ0xyW+TtwOuL2kS/xWcUwqPvQbnBcrzxaz1+n/5M"
#define RSA1024_LINE	"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDXP8F3IsF2qE+xkBIaDDdQ7t2qK/rNoZG4+oxb9/0xxeqkb2wn1YhfUThUVH67eV+RM+OXoJypRT8QPevU2vn6MeRaasXSqpxHDYzHe6FexKgdyMKTwqj5uUnLsveARV+hQq6jxuZ+Bg5i7EUv7TD8d8W2ThAflcXIvknsephEiw== old"
#define DSA_LINE	"ssh-dss AAAAB3NzaC1kc3MAAACBAN/mrFgcXT9PEG+24jt5QUqZNexfb1nqfdIjqNHrtb42vsPleGJOAiHsaet3cykKHuASXjPo+i5ZzVpQ0vq3T1cr4ssqbQpo4WC3TZGTBGBJiMOLIwVI+ENmXD0mo3plsDc1G+RKGXgJcaDaTRSdb3pX0HMnkM80+KLXNSyr8XWBAAAAFQC8lhbjRZ1kBLU1HxBl3h97pJDz2QAAAIEA2GNMy8/U057GI+YbmJUjy88UbOqxcgKyUeHFWIpLxoBogIWBrOPar8+FRw5DyPGcrqZL3YjAUhv7MpjiWOpmuGhm3yTxXFaHCVf/9z5ccTC/ol5QT5BRZha4Je7sTx/oLLCWqA8eil/T7gZrwwAl1v9hHcch8AS24QRhthQt1rwAAACAZIxfsbn95AV0sBG5yMh4xKDkg1xV7aVbDYEIb11udGrZmqnMMKSAGie/OekXmD29mE3RwUFaj20pPbsFq9gd34DMvHsVSF4sH5vEbf+hTCUVL1jmNjqXca/tzvAsH0aWZNgBNKPDNSmEo4CdS1SFzb9phJUnbWSn5IVYFt2JM+4= dsa"

static void
sshkey_ed25519_parses_with_ssh_keygen_fingerprint(void **state)
{
	struct sshkey_info	k;

	assert_int_equal(sshkey_parse("ssh-ed25519 " ED25519_BLOB " asha@laptop",
	    &k), PROTO_OK);
	assert_string_equal(k.type, "ssh-ed25519");
	assert_string_equal(k.blob, ED25519_BLOB);
	assert_string_equal(k.comment, "asha@laptop");
	assert_string_equal(k.fingerprint, ED25519_FP);
	assert_int_equal(k.bits, 256);
}

static void
sshkey_ecdsa_parses_with_ssh_keygen_fingerprint(void **state)
{
	struct sshkey_info	k;

	assert_int_equal(sshkey_parse(ECDSA_LINE, &k), PROTO_OK);
	assert_string_equal(k.type, "ecdsa-sha2-nistp256");
	assert_string_equal(k.fingerprint, ECDSA_FP);
	assert_int_equal(k.bits, 256);
}

static void
sshkey_rsa_2048_parses_with_its_size(void **state)
{
	struct sshkey_info	k;

	assert_int_equal(sshkey_parse(RSA2048_LINE, &k), PROTO_OK);
	assert_string_equal(k.fingerprint, RSA2048_FP);
	assert_int_equal(k.bits, 2048);
	assert_string_equal(k.comment, "");
}

static void
sshkey_rsa_under_2048_bits_is_refused(void **state)
{
	struct sshkey_info	k;

	assert_int_equal(sshkey_parse(RSA1024_LINE, &k), PROTO_ERR_BAD_KEY);
}

static void
sshkey_dsa_is_refused(void **state)
{
	struct sshkey_info	k;

	assert_int_equal(sshkey_parse(DSA_LINE, &k), PROTO_ERR_BAD_KEY);
}

static void
sshkey_garbage_is_refused(void **state)
{
	struct sshkey_info	k;

	assert_int_equal(sshkey_parse("", &k), PROTO_ERR_BAD_KEY);
	assert_int_equal(sshkey_parse("ssh-ed25519", &k), PROTO_ERR_BAD_KEY);
	assert_int_equal(sshkey_parse("ssh-ed25519 !!!!", &k), PROTO_ERR_BAD_KEY);
	assert_int_equal(sshkey_parse("ssh-ed25519 AAAA", &k), PROTO_ERR_BAD_KEY);
	assert_int_equal(sshkey_parse("hello world", &k), PROTO_ERR_BAD_KEY);
	assert_int_equal(sshkey_parse("ssh-ed25519 " ED25519_BLOB "xx", &k),
	    PROTO_ERR_BAD_KEY);
}

static void
sshkey_type_must_match_the_key_inside(void **state)
{
	struct sshkey_info	k;

	assert_int_equal(sshkey_parse("ssh-rsa " ED25519_BLOB, &k),
	    PROTO_ERR_BAD_KEY);
	assert_int_equal(sshkey_parse("ecdsa-sha2-nistp384 " ED25519_BLOB, &k),
	    PROTO_ERR_BAD_KEY);
}

static void
sshkey_comment_keeps_inner_spaces_and_drops_the_newline(void **state)
{
	struct sshkey_info	k;

	assert_int_equal(sshkey_parse("ssh-ed25519 " ED25519_BLOB
	    "   my school  laptop \r\n", &k), PROTO_OK);
	assert_string_equal(k.comment, "my school  laptop");
}

static void
sshkey_comment_with_control_characters_is_bad_text(void **state)
{
	struct sshkey_info	k;

	assert_int_equal(sshkey_parse("ssh-ed25519 " ED25519_BLOB " a\x1b[31mb",
	    &k), PROTO_ERR_BAD_TEXT);
	assert_int_equal(sshkey_parse("ssh-ed25519 " ED25519_BLOB " a\tb", &k),
	    PROTO_ERR_BAD_TEXT);
}

static void
sshkey_long_comment_is_cut_on_a_character_boundary(void **state)
{
	struct sshkey_info	k;
	char			line[1024];
	int			n, i;

	n = snprintf(line, sizeof line, "ssh-ed25519 %s ", ED25519_BLOB);
	for (i = 0; i < 200; i++)
		n += snprintf(line + n, sizeof line - (size_t)n, "é");
	assert_int_equal(sshkey_parse(line, &k), PROTO_OK);
	assert_int_equal(strlen(k.comment), 254);
	assert_int_equal(proto_line_check(k.comment, strlen(k.comment), NULL),
	    PROTO_OK);
}

static void
sshkey_host_keys_are_made_0600_and_kept(void **state)
{
	char			dir[] = "/tmp/test_lib.XXXXXX", path[256];
	char			line[1024];
	struct sshkey_info	k;
	struct stat		sb, again;
	FILE			*f;
	const char		*names[] = { HOSTKEY_ED25519, HOSTKEY_ED25519 ".pub",
				    HOSTKEY_RSA, HOSTKEY_RSA ".pub" };
	size_t			i;

	assert_non_null(mkdtemp(dir));
	assert_true(sshkey_generate_host_keys(dir));
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		assert_int_equal(stat(path, &sb), 0);
		assert_int_equal(sb.st_mode & 07777, 0600);
	}
	snprintf(path, sizeof path, "%s/%s.pub", dir, HOSTKEY_RSA);
	assert_non_null(f = fopen(path, "r"));
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	assert_int_equal(sshkey_parse(line, &k), PROTO_OK);
	assert_int_equal(k.bits, 3072);

	snprintf(path, sizeof path, "%s/%s", dir, HOSTKEY_ED25519);
	assert_int_equal(stat(path, &sb), 0);
	assert_true(sshkey_generate_host_keys(dir));
	assert_int_equal(stat(path, &again), 0);
	assert_int_equal(sb.st_ino, again.st_ino);

	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* --- invite ------------------------------------------------------------- */

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void
invite_code_is_26_base32_chars_in_groups_of_four(void **state)
{
	char	code[INVITE_CODE_MAX], id[12];
	size_t	i;

	invite_code_new(code, id);
	assert_int_equal(strlen(code), 26 + 6);
	for (i = 0; code[i] != '\0'; i++) {
		if (i % 5 == 4)
			assert_int_equal(code[i], '-');
		else
			assert_non_null(strchr(crockford, code[i]));
	}
}

static void
invite_short_id_is_six_base32_chars(void **state)
{
	char	code[INVITE_CODE_MAX], id[12];
	size_t	i;

	invite_code_new(code, id);
	assert_int_equal(strlen(id), 6);
	for (i = 0; id[i] != '\0'; i++)
		assert_non_null(strchr(crockford, id[i]));
}

static void
invite_codes_differ_each_time(void **state)
{
	char	a[INVITE_CODE_MAX], b[INVITE_CODE_MAX], ida[12], idb[12];

	invite_code_new(a, ida);
	invite_code_new(b, idb);
	assert_string_not_equal(a, b);
	assert_string_not_equal(ida, idb);
}

static void
invite_hash_ignores_case_dashes_and_spaces(void **state)
{
	uint8_t	a[STORE_INVITE_HASH_BYTES], b[STORE_INVITE_HASH_BYTES];

	invite_code_hash("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-23", a);
	invite_code_hash("abcd efgh jkmnpqrs-tvwx-yz0123", b);
	assert_memory_equal(a, b, sizeof a);
}

static void
invite_hash_reads_o_as_zero_and_i_l_as_one(void **state)
{
	uint8_t	a[STORE_INVITE_HASH_BYTES], b[STORE_INVITE_HASH_BYTES];

	invite_code_hash("1010-0101", a);
	invite_code_hash("IoLo-oiol", b);
	assert_memory_equal(a, b, sizeof a);
}

static void
invite_hash_differs_for_different_codes(void **state)
{
	uint8_t	a[STORE_INVITE_HASH_BYTES], b[STORE_INVITE_HASH_BYTES];

	invite_code_hash("ABCD-EFGH", a);
	invite_code_hash("ABCD-EFGJ", b);
	assert_memory_not_equal(a, b, sizeof a);
}

/* --- state -------------------------------------------------------------- */

static mode_t
mode_of(const char *path)
{
	struct stat	sb;

	assert_int_equal(stat(path, &sb), 0);
	return (sb.st_mode & 07777);
}

static void
state_dir_is_created_0700(void **state)
{
	char	parent[] = "/tmp/test_lib.XXXXXX", dir[256], err[256];

	assert_non_null(mkdtemp(parent));
	snprintf(dir, sizeof dir, "%s/state", parent);
	assert_true(state_dir_check(dir, false, err, sizeof err));
	assert_int_equal(mode_of(dir), 0700);
	rmdir(dir);
	rmdir(parent);
}

/* A directory 0755 holding a file 0644, as a careless copy leaves them. */
static void
state_dir_open_to_others(char *dir, char *file, size_t filelen)
{
	FILE	*f;

	assert_non_null(mkdtemp(dir));
	chmod(dir, 0755);
	snprintf(file, filelen, "%s/staffroom.db", dir);
	assert_non_null(f = fopen(file, "w"));
	fclose(f);
	chmod(file, 0644);
}

static void
state_dir_and_files_are_tightened_on_repair(void **state)
{
	char	dir[] = "/tmp/test_lib.XXXXXX", file[256], err[256];

	state_dir_open_to_others(dir, file, sizeof file);
	assert_true(state_dir_check(dir, true, err, sizeof err));
	assert_int_equal(mode_of(dir), 0700);
	assert_int_equal(mode_of(file), 0600);
	unlink(file);
	rmdir(dir);
}

/* The daemon refuses, naming the path, its mode and the fix; changes none. */
static void
state_modes_open_to_others_are_refused_in_one_line(void **state)
{
	char	dir[] = "/tmp/test_lib.XXXXXX", file[256], err[512];

	state_dir_open_to_others(dir, file, sizeof file);
	assert_false(state_dir_check(dir, false, err, sizeof err));
	assert_non_null(strstr(err, dir));
	assert_non_null(strstr(err, "mode 0755"));
	assert_non_null(strstr(err, "chmod 0700"));
	assert_null(strchr(err, '\n'));
	assert_int_equal(mode_of(dir), 0755);

	chmod(dir, 0700);
	assert_false(state_dir_check(dir, false, err, sizeof err));
	assert_non_null(strstr(err, file));
	assert_non_null(strstr(err, "mode 0644"));
	assert_non_null(strstr(err, "chmod 0600"));
	assert_int_equal(mode_of(file), 0644);

	chmod(file, 0600);
	assert_true(state_dir_check(dir, false, err, sizeof err));
	unlink(file);
	rmdir(dir);
}

static void
state_dir_that_is_a_file_is_refused_in_one_line(void **state)
{
	char	file[] = "/tmp/test_lib.XXXXXX", err[256];
	int	fd;

	assert_true((fd = mkstemp(file)) != -1);
	close(fd);
	err[0] = '\0';
	assert_false(state_dir_check(file, false, err, sizeof err));
	assert_non_null(strstr(err, file));
	assert_null(strchr(err, '\n'));
	unlink(file);
}

static void
state_dir_owned_by_someone_else_is_refused(void **state)
{
	char	dir[] = "/tmp/test_lib.XXXXXX", err[256];

	if (geteuid() != 0)
		skip();
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chown(dir, 1, 1), 0);
	assert_false(state_dir_check(dir, true, err, sizeof err));
	assert_non_null(strstr(err, "owned by"));
	rmdir(dir);
}

int
main(void)
{
	/* One group: the TAP driver accepts one plan per program. */
	const struct CMUnitTest tests[] = {
		/* util */
		cmocka_unit_test(duration_reads_minutes_hours_and_days),
		cmocka_unit_test(duration_refuses_zero),
		cmocka_unit_test(duration_refuses_negatives_and_signs),
		cmocka_unit_test(duration_refuses_overflow),
		cmocka_unit_test(duration_refuses_junk),
		cmocka_unit_test(path_join_puts_one_slash_between),
		cmocka_unit_test(path_join_refuses_what_does_not_fit),

		/* log */
		cmocka_unit_test(log_line_has_utc_time_program_pid_and_level),
		cmocka_unit_test(log_level_filters_out_lower_levels),
		cmocka_unit_test(log_lines_are_one_write_each),

		/* password */
		cmocka_unit_test(password_hash_is_argon2id_and_verifies),
		cmocka_unit_test(password_verify_refuses_a_wrong_password),
		cmocka_unit_test(password_hashes_are_salted),
		cmocka_unit_test(password_dummy_has_the_real_limits_and_matches_nothing),
		cmocka_unit_test(password_of_ten_to_1024_bytes_is_acceptable),
		cmocka_unit_test(password_shorter_than_ten_bytes_is_weak),
		cmocka_unit_test(password_longer_than_1024_bytes_is_weak),
		cmocka_unit_test(password_with_control_characters_is_bad_text),
		cmocka_unit_test(password_with_invalid_utf8_is_bad_text),

		/* sshkey */
		cmocka_unit_test(sshkey_ed25519_parses_with_ssh_keygen_fingerprint),
		cmocka_unit_test(sshkey_ecdsa_parses_with_ssh_keygen_fingerprint),
		cmocka_unit_test(sshkey_rsa_2048_parses_with_its_size),
		cmocka_unit_test(sshkey_rsa_under_2048_bits_is_refused),
		cmocka_unit_test(sshkey_dsa_is_refused),
		cmocka_unit_test(sshkey_garbage_is_refused),
		cmocka_unit_test(sshkey_type_must_match_the_key_inside),
		cmocka_unit_test(sshkey_comment_keeps_inner_spaces_and_drops_the_newline),
		cmocka_unit_test(sshkey_comment_with_control_characters_is_bad_text),
		cmocka_unit_test(sshkey_long_comment_is_cut_on_a_character_boundary),
		cmocka_unit_test(sshkey_host_keys_are_made_0600_and_kept),

		/* invite */
		cmocka_unit_test(invite_code_is_26_base32_chars_in_groups_of_four),
		cmocka_unit_test(invite_short_id_is_six_base32_chars),
		cmocka_unit_test(invite_codes_differ_each_time),
		cmocka_unit_test(invite_hash_ignores_case_dashes_and_spaces),
		cmocka_unit_test(invite_hash_reads_o_as_zero_and_i_l_as_one),
		cmocka_unit_test(invite_hash_differs_for_different_codes),

		/* state */
		cmocka_unit_test(state_dir_is_created_0700),
		cmocka_unit_test(state_dir_and_files_are_tightened_on_repair),
		cmocka_unit_test(state_modes_open_to_others_are_refused_in_one_line),
		cmocka_unit_test(state_dir_that_is_a_file_is_refused_in_one_line),
		cmocka_unit_test(state_dir_owned_by_someone_else_is_refused),
	};

	/* state_dir_check logs what it fixes; keep the TAP output clean. */
	log_set_level(LOG_LEVEL_WARN);
	return (cmocka_run_group_tests_name("lib", tests, NULL, NULL) != 0);
}
