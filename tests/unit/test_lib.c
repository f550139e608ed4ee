/*
 * test_lib.c: the daemon library's contract (durations, paths, logging,
 * passwords, SSH keys, invite codes, room policy, the state directory),
 * one behaviour per test.
 */
#include "config.h"

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

/* --- policy ------------------------------------------------------------- */

#define LONDON		3
#define NORTH_EAST	4

static struct store_user
user_in(int64_t region_id, bool disabled)
{
	struct store_user	u;

	memset(&u, 0, sizeof u);
	u.id = 1;
	u.region_id = region_id;
	u.disabled = disabled;
	return (u);
}

static struct store_room
room_of(enum room_kind kind, int64_t region_id)
{
	struct store_room	r;

	memset(&r, 0, sizeof r);
	r.id = 9;
	r.kind = kind;
	r.region_id = region_id;
	/* A meeting room as its members find it while it runs. */
	r.series_role = SERIES_MEMBER;
	r.live = kind == ROOM_MEETING;
	return (r);
}

static const enum room_kind member_kinds[] = {
	ROOM_TRUST, ROOM_BUDDY, ROOM_DM, ROOM_MEETING,
};
#define NMEMBER_KINDS	(sizeof member_kinds / sizeof member_kinds[0])

static void
policy_national_room_is_open_to_every_enabled_user(void **state)
{
	struct store_user	u = user_in(LONDON, false);
	struct store_room	r = room_of(ROOM_NATIONAL, 0);

	assert_true(policy_can_read_room(&u, &r, false));
	assert_true(policy_can_post_room(&u, &r, false));
}

static void
policy_region_room_is_open_to_its_region(void **state)
{
	struct store_user	u = user_in(LONDON, false);
	struct store_room	r = room_of(ROOM_REGION, LONDON);

	assert_true(policy_can_read_room(&u, &r, false));
	assert_true(policy_can_post_room(&u, &r, false));
}

static void
policy_region_room_is_closed_to_other_regions(void **state)
{
	struct store_user	u = user_in(NORTH_EAST, false);
	struct store_room	r = room_of(ROOM_REGION, LONDON);

	assert_false(policy_can_read_room(&u, &r, false));
	assert_false(policy_can_post_room(&u, &r, false));
}

static void
policy_region_room_is_closed_even_to_an_explicit_member_elsewhere(void **state)
{
	struct store_user	u = user_in(NORTH_EAST, false);
	struct store_room	r = room_of(ROOM_REGION, LONDON);

	assert_false(policy_can_read_room(&u, &r, true));
}

static void
policy_member_rooms_are_open_to_explicit_members(void **state)
{
	struct store_user	u = user_in(LONDON, false);
	struct store_room	r;
	size_t			i;

	for (i = 0; i < NMEMBER_KINDS; i++) {
		r = room_of(member_kinds[i], 0);
		assert_true(policy_can_read_room(&u, &r, true));
		assert_true(policy_can_post_room(&u, &r, true));
	}
}

static void
policy_meeting_rooms_take_messages_from_members_while_live(void **state)
{
	struct store_user	u = user_in(LONDON, false);
	struct store_room	r = room_of(ROOM_MEETING, 0);

	(void)state;
	r.series_role = SERIES_OBSERVER;
	assert_true(policy_can_read_room(&u, &r, true));
	assert_false(policy_can_post_room(&u, &r, true));
	r.series_role = SERIES_CHAIR;
	r.live = false;
	assert_true(policy_can_read_room(&u, &r, true));
	assert_false(policy_can_post_room(&u, &r, true));
}

static void
policy_records_follow_the_series_role(void **state)
{
	struct store_user	u = user_in(LONDON, false);
	static const enum proto_record_kind all[] = { PROTO_RECORD_INFO,
	    PROTO_RECORD_AGREED, PROTO_RECORD_ACTION, PROTO_RECORD_PRESENT,
	    PROTO_RECORD_REGRETS };
	/* chair, minute taker, member, observer, outside: may they? */
	static const bool want[5][5] = {
		{ true, true, true, true, true },
		{ true, true, true, true, true },
		{ true, false, false, true, true },
		{ false, false, false, false, false },
		{ false, false, false, false, false },
	};
	static const enum series_role roles[] = { SERIES_CHAIR, SERIES_MINUTES,
	    SERIES_MEMBER, SERIES_OBSERVER, SERIES_NONE };
	size_t	i, k;

	(void)state;
	for (i = 0; i < 5; i++) {
		for (k = 0; k < 5; k++)
			assert_int_equal(policy_can_record(&u, roles[i], all[k]),
			    want[i][k]);
		assert_int_equal(policy_can_edit_record(&u, roles[i]), i < 2);
		assert_int_equal(policy_can_chair_series(&u, roles[i]), i == 0);
		assert_int_equal(policy_can_see_series(&u, roles[i]), i < 4);
	}
	/* An action closes by its owner or a chair, never from outside. */
	assert_true(policy_can_close_action(&u, SERIES_MEMBER, u.id));
	assert_false(policy_can_close_action(&u, SERIES_MEMBER, u.id + 1));
	assert_true(policy_can_close_action(&u, SERIES_CHAIR, u.id + 1));
	assert_false(policy_can_close_action(&u, SERIES_NONE, u.id));
	u.disabled = true;
	assert_false(policy_can_see_series(&u, SERIES_CHAIR));
}

static void
policy_member_rooms_are_closed_to_everyone_else(void **state)
{
	struct store_user	u = user_in(LONDON, false);
	struct store_room	r;
	size_t			i;

	for (i = 0; i < NMEMBER_KINDS; i++) {
		r = room_of(member_kinds[i], LONDON);
		assert_false(policy_can_read_room(&u, &r, false));
		assert_false(policy_can_post_room(&u, &r, false));
	}
}

static void
policy_admins_get_no_extra_room_access(void **state)
{
	struct store_user	u = user_in(LONDON, false);
	struct store_room	r = room_of(ROOM_BUDDY, 0);
	struct store_room	other = room_of(ROOM_REGION, NORTH_EAST);

	u.role = ROLE_ADMIN;
	assert_false(policy_can_read_room(&u, &r, false));
	assert_false(policy_can_read_room(&u, &other, false));
}

static void
policy_disabled_users_get_nothing(void **state)
{
	struct store_user	u = user_in(LONDON, true);
	struct store_room	national = room_of(ROOM_NATIONAL, 0);
	struct store_room	region = room_of(ROOM_REGION, LONDON);
	struct store_room	r;
	size_t			i;

	assert_false(policy_is_somebody(&u));
	assert_false(policy_can_read_room(&u, &national, false));
	assert_false(policy_can_post_room(&u, &national, false));
	assert_false(policy_can_read_room(&u, &region, false));
	for (i = 0; i < NMEMBER_KINDS; i++) {
		r = room_of(member_kinds[i], 0);
		assert_false(policy_can_read_room(&u, &r, true));
		assert_false(policy_can_post_room(&u, &r, true));
	}
}

static void
policy_unknown_room_kind_is_denied(void **state)
{
	struct store_user	u = user_in(LONDON, false);
	struct store_room	r = room_of((enum room_kind)99, LONDON);

	assert_false(policy_can_read_room(&u, &r, true));
}

static void
policy_a_block_closes_a_dm_to_its_members(void **state)
{
	struct store_user	u = user_in(LONDON, false);
	struct store_room	r = room_of(ROOM_DM, 0);

	r.dm_blocked = true;
	assert_false(policy_can_read_room(&u, &r, true));
	assert_false(policy_can_post_room(&u, &r, true));
}

static void
policy_contact_is_refused_across_a_block_to_oneself_and_to_disabled(void **state)
{
	struct store_user	a = user_in(LONDON, false), b = user_in(LONDON, false);
	struct store_user	gone = user_in(LONDON, true);

	b.id = 2;
	gone.id = 3;
	assert_true(policy_can_contact(&a, &b, false));
	assert_false(policy_can_contact(&a, &b, true));
	assert_false(policy_can_contact(&a, &a, false));
	assert_false(policy_can_contact(&a, &gone, false));
	assert_false(policy_can_contact(&gone, &a, false));
}

static void
policy_buddy_chats_are_managed_by_their_owner_or_an_admin(void **state)
{
	struct store_user	owner = user_in(LONDON, false), other = user_in(LONDON, false);
	struct store_user	admin = user_in(NORTH_EAST, false), mod = user_in(LONDON, false);
	struct store_room	r = room_of(ROOM_BUDDY, 0), dm = room_of(ROOM_DM, 0);

	other.id = 2;
	admin.id = 3;
	admin.role = ROLE_ADMIN;
	mod.id = 4;
	mod.role = ROLE_MODERATOR;
	r.owner_id = owner.id;
	assert_true(policy_can_manage_room(&owner, &r, true));
	assert_false(policy_can_manage_room(&owner, &r, false));
	assert_false(policy_can_manage_room(&other, &r, true));
	assert_false(policy_can_manage_room(&mod, &r, false));
	assert_true(policy_can_manage_room(&admin, &r, false));
	assert_false(policy_can_manage_room(&admin, &dm, false));
	/* Managing is not reading. */
	assert_false(policy_can_read_room(&admin, &r, false));
	assert_true(policy_can_leave_room(&other, &r, true));
	assert_false(policy_can_leave_room(&other, &r, false));
	assert_false(policy_can_leave_room(&owner, &dm, true));
}

static void
policy_mentions_need_a_reader_who_does_not_block_the_author(void **state)
{
	struct store_user	from = user_in(LONDON, false), to = user_in(LONDON, false);

	to.id = 2;
	assert_true(policy_can_mention_in_room(&from, &to, true, false));
	assert_false(policy_can_mention_in_room(&from, &to, false, false));
	assert_false(policy_can_mention_in_room(&from, &to, true, true));
	assert_false(policy_can_mention_in_room(&from, &from, true, false));
}

/*
 * Boards: a person as policy sees them, and boards of each scope. A
 * moderator moderates what the store gives one made without scopes: the
 * national scope and their region (store_migrations.c, migration 17).
 */
static struct store_viewer
viewer(int64_t id, int64_t region, int64_t trust, enum role role, bool member)
{
	struct store_viewer	v;

	memset(&v, 0, sizeof v);
	v.user_id = id;
	v.region_id = region;
	v.trust_id = trust;
	v.role = role;
	v.member = member;
	if (role == ROLE_MODERATOR) {
		v.mods.n = 2;
		v.mods.v[0].scope = BOARD_NATIONAL;
		v.mods.v[1].scope = BOARD_REGION;
		v.mods.v[1].region_id = region;
	}
	return (v);
}

static struct store_board
board_of(enum board_scope scope, int64_t region, int64_t trust)
{
	struct store_board	b;

	memset(&b, 0, sizeof b);
	b.id = 1;
	b.scope = scope;
	b.region_id = region;
	b.trust_id = trust;
	return (b);
}

#define OAK	7	/* a trust in London */
#define ELM	8

static void
policy_boards_are_read_by_their_scope_moderators_and_admins(void **state)
{
	struct store_board	national = board_of(BOARD_NATIONAL, 0, 0);
	struct store_board	london = board_of(BOARD_REGION, LONDON, 0);
	struct store_board	oak = board_of(BOARD_TRUST, LONDON, OAK);
	struct store_board	priv = board_of(BOARD_PRIVATE, 0, 0);
	struct store_board	series = board_of(BOARD_SERIES, 0, 0);
	struct store_viewer	asha = viewer(1, LONDON, OAK, ROLE_MEMBER, false);
	struct store_viewer	ben = viewer(2, LONDON, ELM, ROLE_MEMBER, false);
	struct store_viewer	cara = viewer(3, NORTH_EAST, 0, ROLE_MEMBER, true);
	struct store_viewer	lena = viewer(4, LONDON, 0, ROLE_MODERATOR, false);
	struct store_viewer	nia = viewer(5, NORTH_EAST, 0, ROLE_MODERATOR, false);
	struct store_viewer	ada = viewer(6, NORTH_EAST, 0, ROLE_ADMIN, false);
	struct store_viewer	gone = viewer(7, LONDON, OAK, ROLE_ADMIN, true);

	gone.disabled = true;
	assert_true(policy_can_read_board(&cara, &national));
	assert_true(policy_can_read_board(&asha, &london));
	assert_false(policy_can_read_board(&cara, &london));
	assert_true(policy_can_read_board(&asha, &oak));
	assert_false(policy_can_read_board(&ben, &oak));
	assert_true(policy_can_read_board(&cara, &priv));
	assert_false(policy_can_read_board(&asha, &priv));
	/* Moderators read what they moderate: their region and its trusts. */
	assert_true(policy_can_read_board(&lena, &oak));
	assert_true(policy_can_moderate_board(&lena, &london));
	assert_false(policy_can_read_board(&nia, &london));
	assert_false(policy_can_moderate_board(&nia, &oak));
	assert_true(policy_can_moderate_board(&nia, &national));
	assert_false(policy_can_read_board(&lena, &priv));
	assert_true(policy_can_read_board(&ada, &priv));
	assert_true(policy_can_moderate_board(&ada, &oak));
	assert_false(policy_can_moderate_board(&asha, &oak));
	/* A series' board: its people's alone; admins act on its reports only. */
	assert_true(policy_can_read_board(&cara, &series));
	assert_false(policy_can_read_board(&ada, &series));
	assert_false(policy_can_moderate_board(&ada, &series));
	assert_false(policy_can_read_board(&gone, &national));
	assert_false(policy_can_moderate_board(&gone, &national));
}

/*
 * An archived board and a locked thread take no new posts from anyone,
 * moderators included ("locked", not "no"); a reader may post otherwise,
 * and one who cannot read the board may not.
 */
static void
policy_an_archived_board_or_a_locked_thread_is_locked_for_everyone(void **state)
{
	struct store_board	london = board_of(BOARD_REGION, LONDON, 0);
	struct store_viewer	asha = viewer(1, LONDON, 0, ROLE_MEMBER, false);
	struct store_viewer	lena = viewer(4, LONDON, 0, ROLE_MODERATOR, false);
	struct store_viewer	cara = viewer(3, NORTH_EAST, 0, ROLE_MEMBER, false);
	struct store_thread	open, locked;

	memset(&open, 0, sizeof open);
	locked = open;
	locked.locked = true;
	assert_int_equal(policy_can_post_board(&asha, &london, NULL), POLICY_YES);
	assert_int_equal(policy_can_post_board(&asha, &london, &open), POLICY_YES);
	assert_int_equal(policy_can_post_board(&cara, &london, NULL), POLICY_NO);
	assert_int_equal(policy_can_post_board(&lena, &london, &locked),
	    POLICY_LOCKED);
	london.archived = true;
	assert_int_equal(policy_can_post_board(&asha, &london, NULL),
	    POLICY_LOCKED);
	assert_int_equal(policy_can_post_board(&lena, &london, &open),
	    POLICY_LOCKED);
}

static void
policy_posts_are_edited_by_their_author_and_hidden_by_moderators_too(void **state)
{
	struct store_board	london = board_of(BOARD_REGION, LONDON, 0);
	struct store_viewer	asha = viewer(1, LONDON, 0, ROLE_MEMBER, false);
	struct store_viewer	ben = viewer(2, LONDON, 0, ROLE_MEMBER, false);
	struct store_viewer	lena = viewer(4, LONDON, 0, ROLE_MODERATOR, false);
	struct store_viewer	cara = viewer(3, NORTH_EAST, 0, ROLE_MEMBER, false);

	assert_true(policy_can_edit_post(&asha, &london, asha.user_id));
	assert_false(policy_can_edit_post(&ben, &london, asha.user_id));
	assert_false(policy_can_edit_post(&lena, &london, asha.user_id));
	assert_true(policy_can_hide_post(&lena, &london, asha.user_id));
	assert_false(policy_can_hide_post(&ben, &london, asha.user_id));
	/* One who can no longer read the board can do nothing there. */
	cara.user_id = asha.user_id;
	assert_false(policy_can_edit_post(&cara, &london, asha.user_id));
	assert_int_equal(policy_can_post_board(&asha, &london, NULL), POLICY_YES);
	london.archived = true;
	assert_int_equal(policy_can_post_board(&asha, &london, NULL),
	    POLICY_LOCKED);
	assert_true(policy_can_read_board(&asha, &london));
	assert_true(policy_can_see_hidden(&lena, &london));
	assert_false(policy_can_see_hidden(&asha, &london));
}

static void
policy_guard_blocks_flagged_text_and_confirm_needs_the_authors_word(void **state)
{
	(void)state;
	assert_true(policy_guard(GUARD_RULE_BLOCK, 0, false));
	assert_false(policy_guard(GUARD_RULE_BLOCK, GUARD_UPN, false));
	assert_false(policy_guard(GUARD_RULE_BLOCK, GUARD_UPN, true));
	assert_true(policy_guard(GUARD_RULE_CONFIRM, 0, false));
	assert_false(policy_guard(GUARD_RULE_CONFIRM, GUARD_NHS, false));
	assert_true(policy_guard(GUARD_RULE_CONFIRM, GUARD_NHS, true));
	assert_true(policy_guard(GUARD_RULE_OFF, GUARD_KINDS_ALL, false));
}

static void
policy_board_mentions_need_a_reader_who_does_not_block_the_author(void **state)
{
	struct store_board	london = board_of(BOARD_REGION, LONDON, 0);
	struct store_viewer	ben = viewer(2, LONDON, 0, ROLE_MEMBER, false);
	struct store_viewer	cara = viewer(3, NORTH_EAST, 0, ROLE_MEMBER, false);

	assert_true(policy_can_mention(&ben, &london, 1, false));
	assert_false(policy_can_mention(&ben, &london, 1, true));
	assert_false(policy_can_mention(&cara, &london, 1, false));
	assert_false(policy_can_mention(&ben, &london, ben.user_id, false));
}

static void
policy_messages_are_edited_and_hidden_by_their_author_only(void **state)
{
	struct store_user	asha = user_in(LONDON, false), ben = user_in(LONDON, false);

	ben.id = 2;
	assert_true(policy_can_edit_msg(&asha, asha.id, true));
	assert_false(policy_can_edit_msg(&asha, asha.id, false));
	assert_false(policy_can_edit_msg(&ben, asha.id, true));
	assert_true(policy_can_hide_msg(&asha, asha.id, true));
	assert_false(policy_can_hide_msg(&ben, asha.id, true));
	asha.disabled = true;
	assert_false(policy_can_hide_msg(&asha, asha.id, true));
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

		/* password */
		cmocka_unit_test(password_hash_is_argon2id_and_verifies),
		cmocka_unit_test(password_verify_refuses_a_wrong_password),
		cmocka_unit_test(password_hashes_are_salted),
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

		/* policy */
		cmocka_unit_test(policy_national_room_is_open_to_every_enabled_user),
		cmocka_unit_test(policy_region_room_is_open_to_its_region),
		cmocka_unit_test(policy_region_room_is_closed_to_other_regions),
		cmocka_unit_test(policy_region_room_is_closed_even_to_an_explicit_member_elsewhere),
		cmocka_unit_test(policy_member_rooms_are_open_to_explicit_members),
		cmocka_unit_test(policy_member_rooms_are_closed_to_everyone_else),
		cmocka_unit_test(policy_meeting_rooms_take_messages_from_members_while_live),
		cmocka_unit_test(policy_records_follow_the_series_role),
		cmocka_unit_test(policy_admins_get_no_extra_room_access),
		cmocka_unit_test(policy_disabled_users_get_nothing),
		cmocka_unit_test(policy_unknown_room_kind_is_denied),
		cmocka_unit_test(policy_a_block_closes_a_dm_to_its_members),
		cmocka_unit_test(policy_contact_is_refused_across_a_block_to_oneself_and_to_disabled),
		cmocka_unit_test(policy_buddy_chats_are_managed_by_their_owner_or_an_admin),
		cmocka_unit_test(policy_mentions_need_a_reader_who_does_not_block_the_author),
		cmocka_unit_test(policy_boards_are_read_by_their_scope_moderators_and_admins),
		cmocka_unit_test(policy_an_archived_board_or_a_locked_thread_is_locked_for_everyone),
		cmocka_unit_test(policy_posts_are_edited_by_their_author_and_hidden_by_moderators_too),
		cmocka_unit_test(policy_board_mentions_need_a_reader_who_does_not_block_the_author),
		cmocka_unit_test(policy_messages_are_edited_and_hidden_by_their_author_only),
		cmocka_unit_test(policy_guard_blocks_flagged_text_and_confirm_needs_the_authors_word),

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
