/*
 * staffroomd.h: the one header of the daemon and of staffroomctl, which share
 * the store, keys, passwords, logging and policy (libstaffroom.a).
 */
#ifndef STAFFROOMD_H
#define STAFFROOMD_H

#include <sys/types.h>
#include <sys/queue.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include <jansson.h>

#include "staffroom/proto.h"
#include "store.h"

#define STAFFROOM_VERSION	PACKAGE_VERSION
#define HOSTKEY_ED25519		"ssh_host_ed25519_key"
#define HOSTKEY_RSA		"ssh_host_rsa_key"

/* util.c */
int64_t		 now_ms(void);		/* UTC wall clock, milliseconds */
uint64_t	 mono_ms(void);		/* monotonic, milliseconds */
void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
char		*xstrdup(const char *);
int		 xasprintf(char **, const char *, ...) __attribute__((format(printf, 2, 3)));
/* "30m", "12h", "7d" → milliseconds; -1 when malformed. */
int64_t		 parse_duration(const char *text);
/* Joins dir and name into buf; false when it does not fit. */
bool		 path_join(char *buf, size_t size, const char *dir, const char *name);

/* log.c: one line per event on stderr, with a level. */
enum log_level { LOG_LEVEL_ERROR, LOG_LEVEL_WARN, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };
void		 log_set_level(enum log_level);
void		 log_msg(enum log_level, const char *, ...) __attribute__((format(printf, 2, 3)));
#define log_error(...)	log_msg(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

/* password.c: argon2id through libsodium. */
#define PASSWORD_HASH_MAX	128	/* >= crypto_pwhash_STRBYTES */
bool		 password_hash(const char *password, char out[PASSWORD_HASH_MAX]);
bool		 password_verify(const char *hash, const char *password);
enum proto_error password_acceptable(const char *password);

/* sshkey.c: public keys as authorized_keys lines and SHA256 fingerprints. */
struct sshkey_info {
	char	type[32];		/* "ssh-ed25519" */
	char	blob[8192];		/* base64 */
	char	comment[256];
	char	fingerprint[64];	/* "SHA256:..." as ssh-keygen -lf prints */
	int	bits;
};
/* Parses "TYPE BASE64 [COMMENT]"; refuses DSA and RSA under 2048 bits. */
enum proto_error sshkey_parse(const char *line, struct sshkey_info *out);
/* Generates the host keys in dir (0600) unless present. */
bool		 sshkey_generate_host_keys(const char *dir);

/* invite.c: codes are 128 random bits shown as grouped base32. */
#define INVITE_CODE_MAX		40
void		 invite_code_new(char code[INVITE_CODE_MAX], char short_id[12]);
/* Normalises case, spaces and dashes before hashing, so typing is forgiving. */
void		 invite_code_hash(const char *code, uint8_t hash[STORE_INVITE_HASH_BYTES]);

/* policy.c: every read and write asks here first. Default deny. */
bool		 policy_can_read_room(const struct store_user *, const struct store_room *,
		    bool explicit_member);
bool		 policy_can_post_room(const struct store_user *, const struct store_room *,
		    bool explicit_member);

/* state.c: the state directory. */
/* Makes dir (0700) and checks or fixes the modes of what is in it. */
bool		 state_dir_check(const char *dir, char *err, size_t errlen);

#endif
