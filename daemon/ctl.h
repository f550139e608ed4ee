/*
 * ctl.h: staffroomctl's own pieces, shared by ctl*.c. Commands are found
 * through one table (ctl_cmds in ctl.c); each entry's usage and --help are
 * generated from its fields, so what a command accepts is written once.
 */
#ifndef STAFFROOM_CTL_H
#define STAFFROOM_CTL_H

#include <stdio.h>

#include "staffroomd.h"

/* Exit codes. */
#define CTL_EXIT_OK	0
#define CTL_EXIT_FAIL	1
#define CTL_EXIT_USAGE	2

#define CTL_MAX_OPTS	8
#define CTL_BUSY_MS	5000	/* wait this long for the daemon's write lock */

struct ctl_opt {
	const char	*name;		/* "region" for --region; NULL ends a list */
	const char	*arg;		/* value's name in usage; NULL for a flag */
	bool		 required;
	const char	*help;
};

struct ctl;
struct ctl_args;

#define CTL_CMD_CREATES	0x1	/* makes the store itself (init) */
#define CTL_CMD_NO_STORE	0x2	/* needs no state directory (guard check) */
#define CTL_CMD_NO_OPEN	0x4	/* the directory's owner, but no store opened */
#define CTL_CMD_NAMELESS	0x10	/* its audit row keeps ids, not its words (erase) */
#define CTL_CMD_ACTS	0x8	/* changes the running daemon, not the store, or reads
				   personal data (export): audited all the same */

struct ctl_cmd {
	const char		*name;		/* "user add" */
	const char		*args;		/* positionals for the usage line */
	int			 min_args;
	int			 max_args;
	const struct ctl_opt	*opts;
	const char		*help;
	unsigned		 flags;
	int			(*exec)(struct ctl *, struct ctl_args *);
};

struct ctl {
	const char		*dir;
	const struct ctl_cmd	*cmd;
	struct store		*st;
	struct ctl_args		*args;

	/* The command's audit row: what it changed (ctl_audit.c). */
	const char		*audit_kind;	/* "user", "board", ...; NULL: none */
	int64_t			 audit_id;
	char			 audit_note[128];	/* added to the detail */
	char			 audit_detail[STORE_AUDIT_TEXT_MAX + 1];
	/* Runs once the command's transaction committed (erase's checkpoint). */
	int			(*after_commit)(struct ctl *);
};

struct ctl_args {
	int		 argc;		/* positionals, options removed */
	char		**argv;
	const char	*opt[CTL_MAX_OPTS];	/* by index in cmd->opts; "" for flags */
};

/* ctl.c: errors, options and output shared by every command. */
int		 ctl_fail(struct ctl *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
int		 ctl_usage_fail(struct ctl *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
int		 ctl_store_fail(struct ctl *, enum store_result, const char *what);
const char	*ctl_opt(const struct ctl *, const struct ctl_args *, const char *name);
bool		 ctl_flag(const struct ctl *, const struct ctl_args *, const char *name);
/*
 * A CSV reader over a buffer of text (quotes, "" for a quote, commas and
 * newlines inside quotes, LF or CRLF), unquoting fields in place: set at,
 * end and line (1), then each ctl_csv_next cuts a record into field[0..n).
 */
struct ctl_csv {
	char		*at;
	char		*end;
	size_t		 line;		/* of the next record */
	char		**field;	/* freed by the caller */
	size_t		 n;
	size_t		 cap;
	size_t		 record_line;	/* of the record just cut */
};
bool		 ctl_csv_next(struct ctl_csv *);
/* Reads a whole file, or stdin for "-", up to max bytes; NULL after ctl_fail. */
char		*ctl_read_file(struct ctl *, const char *path, size_t max);
void		 ctl_time(int64_t ms, char *buf, size_t size);

/* Aligned columns for people; cells are copied. */
struct ctl_table;
void		 ctl_table_add(struct ctl_table *, ...);
/* One list's output: a JSON array with --json, else a table. */
struct ctl_list {
	json_t			*json;
	struct ctl_table	*table;
};
/* The variadic arguments are the ncols column headers. */
void		 ctl_list_init(struct ctl_list *, bool json, size_t ncols, ...);
/* Prints the list when res is STORE_OK, else fails naming what; frees it. */
int		 ctl_list_finish(struct ctl *, struct ctl_list *,
		    enum store_result res, const char *what);

/* Lookups that fail with one line naming what was not found. */
bool		 ctl_user(struct ctl *, const char *handle, struct store_user *);
bool		 ctl_region(struct ctl *, const char *slug, int64_t *id);
/* A --school URN; false after ctl_fail. */
bool		 ctl_school(struct ctl *, const char *urn, int64_t *school_urn,
		    int64_t *region_id);
bool		 ctl_role(struct ctl *, const char *name, enum role *);
/* A positive decimal id with nothing after it; false otherwise. */
bool		 ctl_id_parse(const char *text, int64_t *id);

/* ctl_audit.c */
/* What the command changed, for its audit row (ctl_user sets the person). */
void		 ctl_audit_target(struct ctl *, const char *kind, int64_t id);
/* Appends the command's row before its commit; false after ctl_fail. */
bool		 ctl_audit(struct ctl *);
void		 ctl_audit_log(const struct ctl *);
int		 ctl_audit_tail(struct ctl *, struct ctl_args *);
int		 ctl_audit_search(struct ctl *, struct ctl_args *);
int		 ctl_audit_verify(struct ctl *, struct ctl_args *);

/* ctl_live.c: the running daemon, through its control socket */
int		 ctl_who(struct ctl *, struct ctl_args *);
int		 ctl_stats(struct ctl *, struct ctl_args *);
int		 ctl_kick(struct ctl *, struct ctl_args *);
/* Ends the person's sessions now: how many, or -1 after ctl_fail. */
json_int_t	 ctl_live_end_sessions(struct ctl *, const char *handle);

/* ctl_invite.c */
/* A new invite: its code (shown once, stored hashed) and short id; false after ctl_fail. */
bool		 ctl_invite_new(struct ctl *, int64_t region_id,
		    int64_t school_urn, enum role,
		    int64_t now, int64_t expires_ms, char code[INVITE_CODE_MAX],
		    char short_id[12]);
/* ctl_invite_csv.c: invite create --csv */
int		 ctl_invite_csv(struct ctl *, struct ctl_args *, const char *csv,
		    enum role, int64_t now, int64_t expires_ms);

/* ctl_user.c */
/* A full, board or trust name: 1-100 characters on one line. */
bool		 ctl_name_check(struct ctl *, const char *name);
int		 ctl_user_add(struct ctl *, struct ctl_args *);
int		 ctl_user_list(struct ctl *, struct ctl_args *);
int		 ctl_user_disable(struct ctl *, struct ctl_args *);
int		 ctl_user_enable(struct ctl *, struct ctl_args *);
int		 ctl_user_set(struct ctl *, struct ctl_args *);
int		 ctl_user_passwd(struct ctl *, struct ctl_args *);
int		 ctl_key_add(struct ctl *, struct ctl_args *);
int		 ctl_key_list(struct ctl *, struct ctl_args *);
int		 ctl_key_remove(struct ctl *, struct ctl_args *);

/* ctl_invite.c */
int		 ctl_invite_create(struct ctl *, struct ctl_args *);
int		 ctl_invite_list(struct ctl *, struct ctl_args *);
int		 ctl_invite_revoke(struct ctl *, struct ctl_args *);

/* ctl_region.c */
int		 ctl_init(struct ctl *, struct ctl_args *);
int		 ctl_region_list(struct ctl *, struct ctl_args *);
int		 ctl_region_load(struct ctl *, struct ctl_args *);
int		 ctl_backup(struct ctl *, struct ctl_args *);

/* ctl_guard.c */
int		 ctl_guard_check(struct ctl *, struct ctl_args *);
int		 ctl_guard_set(struct ctl *, struct ctl_args *);
int		 ctl_guard_list(struct ctl *, struct ctl_args *);
int		 ctl_guard_scan(struct ctl *, struct ctl_args *);

/* ctl_mod.c */
int		 ctl_mod_add(struct ctl *, struct ctl_args *);
int		 ctl_mod_remove(struct ctl *, struct ctl_args *);
int		 ctl_mod_list(struct ctl *, struct ctl_args *);

/* ctl_report.c: the report queue, and lifting bars */
int		 ctl_report_list(struct ctl *, struct ctl_args *);
int		 ctl_report_close(struct ctl *, struct ctl_args *);
int		 ctl_unban(struct ctl *, struct ctl_args *);
int		 ctl_unmute(struct ctl *, struct ctl_args *);
int		 ctl_mute(struct ctl *, struct ctl_args *);
int		 ctl_suspend(struct ctl *, struct ctl_args *);
int		 ctl_ban(struct ctl *, struct ctl_args *);

/* ctl_room.c: the room tools */
int		 ctl_room_lock(struct ctl *, struct ctl_args *);
int		 ctl_room_slow(struct ctl *, struct ctl_args *);
int		 ctl_room_announce(struct ctl *, struct ctl_args *);
int		 ctl_room_pin(struct ctl *, struct ctl_args *);

/* ctl_words.c: watched words */
int		 ctl_words_add(struct ctl *, struct ctl_args *);
int		 ctl_words_list(struct ctl *, struct ctl_args *);
int		 ctl_words_remove(struct ctl *, struct ctl_args *);

/* ctl_state.c */
/* The host keys' fingerprints as `ssh-keygen -lf` prints them. */
int		 ctl_hostkeys_print(struct ctl *);
/* The host key name (HOSTKEY_ED25519 ...) as read from its .pub; false after ctl_fail. */
struct sshkey_info;
bool		 ctl_hostkey(struct ctl *, const char *name, struct sshkey_info *);
int		 ctl_hostkeys(struct ctl *, struct ctl_args *);
int		 ctl_restore(struct ctl *, struct ctl_args *);

/* ctl_privacy.c */
int		 ctl_export_person(struct ctl *, struct ctl_args *);
int		 ctl_erase_person(struct ctl *, struct ctl_args *);

/* ctl_digest.c */
int		 ctl_digest_send(struct ctl *, struct ctl_args *);
/* ctl_retention.c */
int		 ctl_retention_set(struct ctl *, struct ctl_args *);
int		 ctl_retention_show(struct ctl *, struct ctl_args *);

/* ctl_board.c */
/* "national", "region:SLUG", "trust:ID" or "private"; else CTL_EXIT_*. */
int		 ctl_scope(struct ctl *, const char *text, enum board_scope *,
		    int64_t *region_id, int64_t *trust_id);
int		 ctl_board_add(struct ctl *, struct ctl_args *);
int		 ctl_board_list(struct ctl *, struct ctl_args *);
int		 ctl_board_archive(struct ctl *, struct ctl_args *);
int		 ctl_trust_add(struct ctl *, struct ctl_args *);
int		 ctl_trust_list(struct ctl *, struct ctl_args *);
int		 ctl_trust_member(struct ctl *, struct ctl_args *);

#endif
