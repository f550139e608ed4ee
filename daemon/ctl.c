/*
 * ctl.c: staffroomctl, the operator's tool. It works on the state directory
 * directly (the same store the daemon uses, safe while it runs thanks to WAL
 * and a busy timeout). This file holds the command table, argument parsing,
 * generated help, privileges, and the output helpers every command shares.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"

static const struct ctl_opt ctl_opts_json[] = {
	{ "json", NULL, false, "print JSON instead of columns" },
	{ NULL, NULL, false, NULL }
};

static const struct ctl_opt ctl_opts_init[] = {
	{ "owner", "USER", false,
	    "give the directory and its files to USER (as root only)" },
	{ "regions", "dfe|rsc|FILE.csv", false,
	    "regions to create: the DfE nine (default), the eight RSC areas, or a CSV file" },
	{ NULL, NULL, false, NULL }
};

static const struct ctl_opt ctl_opts_user_add[] = {
	{ "name", "NAME", true, "full name as others see it (1-100 characters)" },
	{ "region", "SLUG", true, "the person's region (see region list)" },
	{ "school", "URN", false,
	    "the person's school (one of the register's once it has schools)" },
	{ "role", "ROLE", false, "member (default), moderator or admin" },
	{ "password-stdin", NULL, false,
	    "read a password from stdin (else the account signs in with keys only)" },
	{ NULL, NULL, false, NULL }
};

static const struct ctl_opt ctl_opts_user_set[] = {
	{ "name", "NAME", false, "new full name" },
	{ "region", "SLUG", false, "new region" },
	{ "role", "ROLE", false, "new role: member, moderator or admin" },
	{ "school", "URN", false,
	    "new school (one of the register's once it has schools)" },
	{ NULL, NULL, false, NULL }
};

static const struct ctl_opt ctl_opts_invite_create[] = {
	{ "region", "SLUG", false, "region the new person joins (one invite)" },
	{ "school", "URN", false,
	    "the new person's school (one invite; its region unless --region)" },
	{ "csv", "FILE", false,
	    "one invite a row \"email,name,place\" (place: a region slug or a "
	    "school's URN, also the joiner's school); needs --host" },
	{ "host", "HOST[:PORT]", false, "the server people join, for --csv's texts" },
	{ "out", "DIR", false, "write --csv's ready-to-send texts to DIR" },
	{ "sendmail", NULL, false, "hand --csv's texts to sendmail -oi -t" },
	{ "expires", "DURATION", false, "lifetime such as 30m, 12h or 7d (default 7d)" },
	{ "role", "ROLE", false, "member (default), moderator or admin" },
	{ NULL, NULL, false, NULL }
};

static const struct ctl_opt ctl_opts_board_add[] = {
	{ "scope", "SCOPE", true,
	    "national, region:SLUG, trust:ID or private" },
	{ "members", "HANDLE,...", false, "the named members of a private board" },
	{ NULL, NULL, false, NULL }
};

static const struct ctl_opt ctl_opts_board_archive[] = {
	{ "undo", NULL, false, "open an archived board for posts again" },
	{ NULL, NULL, false, NULL }
};

static const struct ctl_opt ctl_opts_trust_add[] = {
	{ "region", "SLUG", true, "the region the trust works in (its moderators')" },
	{ NULL, NULL, false, NULL }
};

static const struct ctl_opt ctl_opts_guard_set[] = {
	{ "force", NULL, false, "needed to turn the guard off" },
	{ NULL, NULL, false, NULL }
};

static const struct ctl_opt ctl_opts_audit_search[] = {
	{ "actor", "HANDLE", false, "rows of this person's acts (operator: staffroomctl's)" },
	{ "target", "HANDLE|KIND:ID", false,
	    "rows about this person, or this post:ID, thread:ID, board:ID ..." },
	{ "since", "DATE", false,
	    "rows from this local time on (YYYY-MM-DD [HH:MM]), or this long ago (7d)" },
	{ "after", "ID", false, "the next page: rows after this id" },
	{ "limit", "N", false, "rows a page (1-1000, default 100)" },
	{ "json", NULL, false, "print JSON instead of columns" },
	{ NULL, NULL, false, NULL }
};

static const struct ctl_opt ctl_opts_import_gias[] = {
	{ "la-map", "FILE.csv", false,
	    "regions by local authority (rows \"LA name,region-slug\") for a "
	    "region set other than the DfE nine" },
	{ "strict", NULL, false, "import nothing when any row is bad" },
	{ NULL, NULL, false, NULL }
};

static const struct ctl_opt ctl_opts_digest_send[] = {
	{ "period", "daily|weekly|all", false,
	    "whose digests: those who chose daily, weekly, or both (default all)" },
	{ "host", "HOST[:PORT]", false,
	    "the server people open, for the mails' commands (default this machine)" },
	{ "from", "ADDRESS", false, "the sender (default staffroom@ this machine)" },
	{ "sendmail", "PATH", false, "the sendmail to hand mails to (default "
	    "/usr/sbin/sendmail), run as PATH -oi -t" },
	{ "dry-run", NULL, false, "print what would be sent; send and record nothing" },
	{ NULL, NULL, false, NULL }
};

static const struct ctl_opt ctl_opts_room_tool[] = {
	{ "off", NULL, false, "undo it: open the room again, or take the "
	    "announcement down" },
	{ "reason", "TEXT", false, "why, for the audit log" },
	{ NULL, NULL, false, NULL }
};

static const struct ctl_opt ctl_opts_words_add[] = {
	{ "action", "block|hold|flag", true, "refuse it, keep it back for a "
	    "moderator, or let it through and queue it for them" },
	{ "label", "TEXT", false, "what authors and moderators read instead of "
	    "the word (1-100 characters)" },
	{ NULL, NULL, false, NULL }
};

static const struct ctl_opt ctl_opts_sanction_for[] = {
	{ "minutes", "N", true, "how long it lasts (1-527040)" },
	{ "reason", "TEXT", true, "why, in words the person reads" },
	{ NULL, NULL, false, NULL }
};

static const struct ctl_opt ctl_opts_sanction[] = {
	{ "reason", "TEXT", true, "why, in words the person reads" },
	{ NULL, NULL, false, NULL }
};

static const struct ctl_opt ctl_opts_reason[] = {
	{ "reason", "TEXT", false, "why, for the audit log" },
	{ NULL, NULL, false, NULL }
};

static const struct ctl_opt ctl_opts_none[] = {
	{ NULL, NULL, false, NULL }
};

int	ctl_user_import(struct ctl *, struct ctl_args *);	/* ctl_import.c */
int	ctl_import_gias(struct ctl *, struct ctl_args *);	/* ctl_gias.c */

static const struct ctl_cmd ctl_cmds[] = {
	{ "init", "", 0, 0, ctl_opts_init,
	  "Create the state directory, database, host keys, regions and rooms.",
	  CTL_CMD_CREATES, ctl_init },
	{ "user add", "HANDLE", 1, 1, ctl_opts_user_add,
	  "Create an account.", 0, ctl_user_add },
	{ "user list", "", 0, 0, ctl_opts_json,
	  "List every account.", 0, ctl_user_list },
	{ "user disable", "HANDLE", 1, 1, ctl_opts_none,
	  "Stop an account from signing in and end its sessions.",
	  0, ctl_user_disable },
	{ "user enable", "HANDLE", 1, 1, ctl_opts_none,
	  "Let a disabled account sign in again.", 0, ctl_user_enable },
	{ "user set", "HANDLE", 1, 1, ctl_opts_user_set,
	  "Change an account's name, region or role.", 0, ctl_user_set },
	{ "user passwd", "HANDLE", 1, 1, ctl_opts_none,
	  "Set a password (asked twice on a terminal, else read from stdin).",
	  0, ctl_user_passwd },
	{ "user import", "FILE.csv", 1, 1, ctl_opts_none,
	  "Create key-only accounts from CSV rows handle,name,region,pubkey-line "
	  "(FILE - reads stdin), all or none.", 0, ctl_user_import },
	{ "import gias", "FILE.csv", 1, 1, ctl_opts_import_gias,
	  "Read the schools register and its trusts from a GIAS establishment "
	  "export (Windows-1252 CSV); again to update it. Bad rows are named "
	  "and skipped.", 0, ctl_import_gias },
	{ "key add", "HANDLE FILE.pub", 2, 2, ctl_opts_none,
	  "Register an SSH public key (FILE - reads stdin) and print its "
	  "fingerprint.", 0, ctl_key_add },
	{ "key list", "HANDLE", 1, 1, ctl_opts_json,
	  "List an account's keys.", 0, ctl_key_list },
	{ "key remove", "HANDLE FINGERPRINT", 2, 2, ctl_opts_none,
	  "Remove a key named by its fingerprint (SHA256: prefix optional).",
	  0, ctl_key_remove },
	{ "invite create", "", 0, 0, ctl_opts_invite_create,
	  "Print a new single-use invite code (details go to stderr), or with "
	  "--csv one a row with a ready-to-send text each.",
	  0, ctl_invite_create },
	{ "invite list", "", 0, 0, ctl_opts_json,
	  "List invites with their status.", 0, ctl_invite_list },
	{ "invite revoke", "SHORTID", 1, 1, ctl_opts_none,
	  "Revoke an unused invite.", 0, ctl_invite_revoke },
	{ "region list", "", 0, 0, ctl_opts_json,
	  "List the regions.", 0, ctl_region_list },
	{ "region load", "FILE.csv", 1, 1, ctl_opts_none,
	  "Add or update regions from CSV: slug,name,\"neighbour,...\".",
	  0, ctl_region_load },
	{ "board add", "NAME", 1, 1, ctl_opts_board_add,
	  "Create a board and print its id.", 0, ctl_board_add },
	{ "board list", "", 0, 0, ctl_opts_json,
	  "List every board with its scope.", 0, ctl_board_list },
	{ "board archive", "ID", 1, 1, ctl_opts_board_archive,
	  "Close a board for new posts; it stays readable.", 0,
	  ctl_board_archive },
	{ "trust add", "NAME", 1, 1, ctl_opts_trust_add,
	  "Create a multi-academy trust with its board and room; print its id.",
	  0, ctl_trust_add },
	{ "trust list", "", 0, 0, ctl_opts_json,
	  "List the trusts.", 0, ctl_trust_list },
	{ "trust member", "HANDLE ID|none", 2, 2, ctl_opts_none,
	  "Put a person in a trust (one trust each), or in none.", 0,
	  ctl_trust_member },
	{ "mod add", "HANDLE SCOPE", 2, 2, ctl_opts_none,
	  "Let a person moderate a scope: national, region:SLUG (with its "
	  "trusts) or trust:ID; a member becomes a moderator.", 0,
	  ctl_mod_add },
	{ "mod remove", "HANDLE SCOPE", 2, 2, ctl_opts_none,
	  "Take a scope from a moderator; without scopes they are a member "
	  "again.", 0, ctl_mod_remove },
	{ "mod list", "[HANDLE]", 0, 1, ctl_opts_json,
	  "List who moderates what (admins moderate every scope).", 0,
	  ctl_mod_list },
	{ "report list", "", 0, 0, ctl_opts_json,
	  "List the open entries of every scope's report queue: the item, "
	  "its author, how many reports and the first.", 0, ctl_report_list },
	{ "report close", "ENTRY", 1, 1, ctl_opts_reason,
	  "Close an open queue entry with no action (mod.resolve's dismiss); "
	  "its reporters hear so.", 0, ctl_report_close },
	{ "mute", "HANDLE", 1, 1, ctl_opts_sanction_for,
	  "Mute a person everywhere for N minutes: what they write is refused "
	  "with the reason; told at their next login.", 0, ctl_mute },
	{ "suspend", "HANDLE", 1, 1, ctl_opts_sanction_for,
	  "Suspend a person for N minutes: their sessions end and they cannot "
	  "sign in, told the reason.", 0, ctl_suspend },
	{ "ban", "HANDLE", 1, 1, ctl_opts_sanction,
	  "Ban a person until unbanned: their sessions end and they cannot "
	  "sign in, told the reason.", 0, ctl_ban },
	{ "unban", "HANDLE", 1, 1, ctl_opts_reason,
	  "Lift a person's ban and suspension: they may sign in again.", 0,
	  ctl_unban },
	{ "unmute", "HANDLE", 1, 1, ctl_opts_reason,
	  "Lift a person's mutes (everywhere and in rooms), the operator's "
	  "or a moderator's: they may write again at once.", 0, ctl_unmute },
	{ "room lock", "ROOM", 1, 1, ctl_opts_room_tool,
	  "Lock a national, region or trust room: read, not written in, by "
	  "anyone (room.lock).", 0, ctl_room_lock },
	{ "room slow", "ROOM SECONDS", 2, 2, ctl_opts_reason,
	  "Slow mode: one message per person every SECONDS (1-21600; 0 turns "
	  "it off); the room's moderators are exempt (room.slow).", 0,
	  ctl_room_slow },
	{ "room announce", "ROOM", 1, 1, ctl_opts_room_tool,
	  "Keep a room for announcements: only its moderators post "
	  "(room.announce).", 0, ctl_room_announce },
	{ "room pin", "ROOM [TEXT]", 1, 2, ctl_opts_room_tool,
	  "Pin an announcement (1-500 characters) at the head of a room, or "
	  "take it down with --off (room.pin).", 0, ctl_room_pin },
	{ "words add", "SCOPE WORD", 2, 2, ctl_opts_words_add,
	  "Watch a word or phrase in a scope (national, region:SLUG, trust:ID): "
	  "block, hold or flag the messages and posts that use it "
	  "(words.add); print its id.", 0, ctl_words_add },
	{ "words list", "SCOPE", 1, 1, ctl_opts_json,
	  "List a scope's watched words (words.list).", 0, ctl_words_list },
	{ "words remove", "ID", 1, 1, ctl_opts_none,
	  "Stop watching a word (words.remove).", 0, ctl_words_remove },
	{ "backup", "FILE", 1, 1, ctl_opts_none,
	  "Copy the live database to a new FILE, safely while the daemon runs.",
	  0, ctl_backup },
	{ "restore", "FILE", 1, 1, ctl_opts_none,
	  "Put a backup in place of the database, with staffroomd stopped; "
	  "the database before is kept beside it.", CTL_CMD_NO_OPEN,
	  ctl_restore },
	{ "hostkeys", "", 0, 0, ctl_opts_none,
	  "Print the host keys' fingerprints, for people to check when they "
	  "first connect.", CTL_CMD_NO_OPEN, ctl_hostkeys },
	{ "guard set", "SCOPE block|confirm|off", 2, 2, ctl_opts_guard_set,
	  "Set what happens to pupil data posted in a scope: national, region, "
	  "trust, board, dm, buddy or meeting.", 0, ctl_guard_set },
	{ "guard list", "", 0, 0, ctl_opts_json,
	  "List each scope's pupil-data rule.", 0, ctl_guard_list },
	{ "guard scan", "", 0, 0, ctl_opts_none,
	  "List stored messages, posts and thread titles the guard flags and "
	  "file each in its scope's moderators' queue, once whatever its "
	  "entry became (those in DMs and buddy chats only counted), safely "
	  "while the daemon runs.", CTL_CMD_ACTS, ctl_guard_scan },
	{ "export person", "HANDLE DIR", 2, 2, ctl_opts_none,
	  "Write everything held about a person to DIR/HANDLE.json and "
	  "DIR/HANDLE.md, for a subject access request; safely while the "
	  "daemon runs.", CTL_CMD_ACTS, ctl_export_person },
	{ "erase person", "HANDLE", 1, 1, ctl_opts_none,
	  "Erase a person: their account, keys and profile go, what they "
	  "wrote becomes [removed] for everyone, the search index and the "
	  "database's free pages forget it; their sessions end. Safe while "
	  "the daemon runs; cannot be undone.", CTL_CMD_NAMELESS,
	  ctl_erase_person },
	{ "digest send", "", 0, 0, ctl_opts_digest_send,
	  "Email each person with a verified address the daily or weekly "
	  "digest they chose, when something waits for them and none went "
	  "this period (a UK day, an ISO week); safe while the daemon runs "
	  "and to run again.", CTL_CMD_ACTS, ctl_digest_send },
	{ "retention set", "KIND DAYS|keep", 2, 2, ctl_opts_none,
	  "Keep a kind of room's messages (national, region, trust, buddy, "
	  "dm) or boards' posts (board) for DAYS, or always (keep, the "
	  "default); the daemon removes older ones within the hour. Meeting "
	  "rooms, records and minutes are always kept.", 0, ctl_retention_set },
	{ "retention show", "", 0, 0, ctl_opts_json,
	  "Show how long each kind of room's messages are kept.", 0,
	  ctl_retention_show },
	{ "audit tail", "[N]", 0, 1, ctl_opts_json,
	  "Show the audit log's last N rows (default 20, at most 1000).", 0,
	  ctl_audit_tail },
	{ "audit search", "", 0, 0, ctl_opts_audit_search,
	  "Show audit rows by actor, target and time, a page at a time.", 0,
	  ctl_audit_search },
	{ "audit verify", "", 0, 0, ctl_opts_none,
	  "Recompute the audit log's hash chain and compare its end with "
	  "audit.head; name the first bad row and exit 1 if any.", 0,
	  ctl_audit_verify },
	{ "who", "", 0, 0, ctl_opts_json,
	  "List who is online now: handle, address, since, kind of session, "
	  "idle time (asks the running daemon).", CTL_CMD_NO_OPEN, ctl_who },
	{ "stats", "", 0, 0, ctl_opts_json,
	  "Show the running daemon's figures: sessions, messages and logins "
	  "per minute, output queues, commit time, database size.",
	  CTL_CMD_NO_OPEN, ctl_stats },
	{ "kick", "HANDLE", 1, 1, ctl_opts_none,
	  "End every session of a person now (they may sign in again).",
	  CTL_CMD_ACTS, ctl_kick },
	{ "guard check", "[FILE]", 0, 1, ctl_opts_none,
	  "For each line of FILE (default stdin) print pass, or flag, a tab "
	  "and the kinds of pupil data found.", CTL_CMD_NO_STORE,
	  ctl_guard_check },
};
#define CTL_NCMDS	(sizeof ctl_cmds / sizeof ctl_cmds[0])

static void
ctl_vmessage(struct ctl *ctl, const char *fmt, va_list ap)
{
	fprintf(stderr, "staffroomctl: ");
	if (ctl != NULL && ctl->cmd != NULL)
		fprintf(stderr, "%s: ", ctl->cmd->name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int
ctl_fail(struct ctl *ctl, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	ctl_vmessage(ctl, fmt, ap);
	va_end(ap);
	return (CTL_EXIT_FAIL);
}

int
ctl_usage_fail(struct ctl *ctl, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	ctl_vmessage(ctl, fmt, ap);
	va_end(ap);
	return (CTL_EXIT_USAGE);
}

int
ctl_store_fail(struct ctl *ctl, enum store_result res, const char *what)
{
	switch (res) {
	case STORE_NOT_FOUND:
		return (ctl_fail(ctl, "%s: not found", what));
	case STORE_EXISTS:
		return (ctl_fail(ctl, "%s: already exists", what));
	case STORE_INVITE_USED:
		return (ctl_fail(ctl, "%s: already used", what));
	case STORE_INVITE_EXPIRED:
		return (ctl_fail(ctl, "%s: expired", what));
	case STORE_INVITE_REVOKED:
		return (ctl_fail(ctl, "%s: revoked", what));
	case STORE_INTERRUPTED:
		return (ctl_fail(ctl, "%s: the database stayed busy (the "
		    "daemon is under load); try again", what));
	default:
		return (ctl_fail(ctl, "%s: database error", what));
	}
}

static int
ctl_opt_index(const struct ctl_cmd *cmd, const char *name, size_t len)
{
	int	i;

	for (i = 0; cmd->opts[i].name != NULL; i++) {
		if (strlen(cmd->opts[i].name) == len &&
		    strncmp(cmd->opts[i].name, name, len) == 0)
			return (i);
	}
	return (-1);
}

const char *
ctl_opt(const struct ctl *ctl, const struct ctl_args *args, const char *name)
{
	int	i = ctl_opt_index(ctl->cmd, name, strlen(name));

	return (i == -1 ? NULL : args->opt[i]);
}

bool
ctl_flag(const struct ctl *ctl, const struct ctl_args *args, const char *name)
{
	return (ctl_opt(ctl, args, name) != NULL);
}

static void
ctl_print_usage(FILE *f, const struct ctl_cmd *cmd)
{
	const struct ctl_opt	*o;

	fprintf(f, "usage: staffroomctl [-d DIR] %s", cmd->name);
	if (*cmd->args != '\0')
		fprintf(f, " %s", cmd->args);
	for (o = cmd->opts; o->name != NULL; o++) {
		fprintf(f, " %s--%s%s%s%s", o->required ? "" : "[", o->name,
		    o->arg != NULL ? " " : "", o->arg != NULL ? o->arg : "",
		    o->required ? "" : "]");
	}
	fputc('\n', f);
}

static void
ctl_print_help(const struct ctl_cmd *cmd)
{
	const struct ctl_opt	*o;
	char			 left[64];

	ctl_print_usage(stdout, cmd);
	printf("\n%s\n", cmd->help);
	if (cmd->opts[0].name != NULL)
		printf("\n");
	for (o = cmd->opts; o->name != NULL; o++) {
		snprintf(left, sizeof left, "--%s%s%s", o->name,
		    o->arg != NULL ? " " : "", o->arg != NULL ? o->arg : "");
		printf("  %-26s %s\n", left, o->help);
	}
}

/* Lists the commands, or those of one group ("user"), with their help. */
static void
ctl_print_commands(FILE *f, const char *group)
{
	const struct ctl_cmd	*cmd;
	char			 left[64];
	size_t			 i, glen = group != NULL ? strlen(group) : 0;

	if (group == NULL)
		fprintf(f, "usage: staffroomctl [-d DIR] [-v] COMMAND [ARGS]\n\n"
		    "DIR defaults to $STAFFROOM_STATE. Commands (each has --help):\n");
	else
		fprintf(f, "usage: staffroomctl [-d DIR] %s COMMAND [ARGS]\n\n"
		    "Commands (each has --help):\n", group);
	for (i = 0; i < CTL_NCMDS; i++) {
		cmd = &ctl_cmds[i];
		if (group != NULL && (strncmp(cmd->name, group, glen) != 0 ||
		    cmd->name[glen] != ' '))
			continue;
		snprintf(left, sizeof left, "%s%s%s", cmd->name,
		    *cmd->args != '\0' ? " " : "", cmd->args);
		fprintf(f, "  %-30s %s\n", left, cmd->help);
	}
}

static bool
ctl_is_group(const char *word)
{
	size_t	i, len = strlen(word);

	for (i = 0; i < CTL_NCMDS; i++) {
		if (strncmp(ctl_cmds[i].name, word, len) == 0 &&
		    ctl_cmds[i].name[len] == ' ')
			return (true);
	}
	return (false);
}

/* Finds the command named by one or two words; *used says how many. */
static const struct ctl_cmd *
ctl_find(int argc, char **argv, int *used)
{
	size_t	i, len = strlen(argv[0]);

	for (i = 0; i < CTL_NCMDS; i++) {
		if (strcmp(ctl_cmds[i].name, argv[0]) == 0) {
			*used = 1;
			return (&ctl_cmds[i]);
		}
		if (argc > 1 && strncmp(ctl_cmds[i].name, argv[0], len) == 0 &&
		    ctl_cmds[i].name[len] == ' ' &&
		    strcmp(ctl_cmds[i].name + len + 1, argv[1]) == 0) {
			*used = 2;
			return (&ctl_cmds[i]);
		}
	}
	return (NULL);
}

/*
 * Sorts argv into options and positionals. Returns -1 when the command
 * ran (--help), else an exit code (0 to go on).
 */
static int
ctl_parse(struct ctl *ctl, int argc, char **argv, struct ctl_args *args)
{
	const struct ctl_cmd	*cmd = ctl->cmd;
	const char		*name, *eq;
	bool			 options = true;
	int			 i, idx;

	memset(args, 0, sizeof *args);
	args->argv = xcalloc((size_t)argc + 1, sizeof *args->argv);
	for (i = 0; i < argc; i++) {
		if (!options || strncmp(argv[i], "--", 2) != 0) {
			args->argv[args->argc++] = argv[i];
			continue;
		}
		if (argv[i][2] == '\0') {
			options = false;
			continue;
		}
		if (strcmp(argv[i], "--help") == 0) {
			ctl_print_help(cmd);
			return (-1);
		}
		name = argv[i] + 2;
		eq = strchr(name, '=');
		idx = ctl_opt_index(cmd, name, eq != NULL ? (size_t)(eq - name) :
		    strlen(name));
		if (idx == -1)
			return (ctl_usage_fail(ctl, "unknown option %s (see --help)",
			    argv[i]));
		if (cmd->opts[idx].arg == NULL) {
			if (eq != NULL)
				return (ctl_usage_fail(ctl, "--%s takes no value",
				    cmd->opts[idx].name));
			args->opt[idx] = "";
		} else if (eq != NULL)
			args->opt[idx] = eq + 1;
		else if (i + 1 < argc)
			args->opt[idx] = argv[++i];
		else
			return (ctl_usage_fail(ctl, "--%s needs a value (%s)",
			    cmd->opts[idx].name, cmd->opts[idx].arg));
	}
	if (args->argc < cmd->min_args || args->argc > cmd->max_args) {
		if (*cmd->args == '\0')
			return (ctl_usage_fail(ctl, "takes no arguments"));
		return (ctl_usage_fail(ctl, "expected %s", cmd->args));
	}
	for (idx = 0; cmd->opts[idx].name != NULL; idx++) {
		if (cmd->opts[idx].required && args->opt[idx] == NULL)
			return (ctl_usage_fail(ctl, "--%s %s is required",
			    cmd->opts[idx].name, cmd->opts[idx].arg));
	}
	return (CTL_EXIT_OK);
}

/*
 * Run as root on a directory someone else owns, become that owner first, so
 * whatever is created (-wal and -shm files, backups) stays readable by the
 * daemon's user.
 */
static int
ctl_drop_privileges(struct ctl *ctl)
{
	struct stat	 sb;
	struct passwd	*pw;
	gid_t		 gid;
	int		 rc;

	if (geteuid() != 0 || stat(ctl->dir, &sb) != 0 || sb.st_uid == 0)
		return (CTL_EXIT_OK);
	pw = getpwuid(sb.st_uid);
	gid = pw != NULL ? pw->pw_gid : sb.st_gid;
	rc = pw != NULL ? initgroups(pw->pw_name, gid) : setgroups(0, NULL);
	if (rc != 0 || setgid(gid) != 0 || setuid(sb.st_uid) != 0)
		return (ctl_fail(ctl, "cannot become uid %ld, the owner of %s: %s",
		    (long)sb.st_uid, ctl->dir, strerror(errno)));
	return (CTL_EXIT_OK);
}

static int
ctl_open_store(struct ctl *ctl)
{
	char			path[4096];
	enum store_result	res;

	if (!path_join(path, sizeof path, ctl->dir, STORE_DB_FILE))
		return (ctl_fail(ctl, "%s: path too long", ctl->dir));
	if (access(path, F_OK) != 0)
		return (ctl_fail(ctl, "no database in %s (run staffroomctl init)",
		    ctl->dir));
	if ((res = store_open(ctl->dir, false, CTL_BUSY_MS, &ctl->st)) != STORE_OK)
		return (ctl_store_fail(ctl, res, path));
	return (CTL_EXIT_OK);
}

/* Runs the command; the store commits only when it succeeded. */
static int
ctl_run(struct ctl *ctl, struct ctl_args *args)
{
	enum store_result	res;
	int			rc;

	if ((ctl->cmd->flags & CTL_CMD_NO_STORE) != 0)
		return (ctl->cmd->exec(ctl, args));
	if ((rc = ctl_drop_privileges(ctl)) != CTL_EXIT_OK)
		return (rc);
	if ((ctl->cmd->flags & (CTL_CMD_CREATES | CTL_CMD_NO_OPEN)) == 0 &&
	    (rc = ctl_open_store(ctl)) != CTL_EXIT_OK)
		return (rc);
	ctl->args = args;
	rc = ctl->cmd->exec(ctl, args);
	if (ctl->st == NULL)
		return (rc);
	/* A command that wrote is recorded, in the same transaction. */
	if (rc == CTL_EXIT_OK && (store_in_transaction(ctl->st) ||
	    (ctl->cmd->flags & CTL_CMD_ACTS) != 0) && !ctl_audit(ctl))
		rc = CTL_EXIT_FAIL;
	if (rc == CTL_EXIT_OK && store_in_transaction(ctl->st)) {
		if ((res = store_commit(ctl->st)) != STORE_OK)
			rc = ctl_store_fail(ctl, res, "commit");
		else {
			ctl_audit_log(ctl);
			if (ctl->after_commit != NULL)
				rc = ctl->after_commit(ctl);
		}
	}
	if (rc != CTL_EXIT_OK && store_in_transaction(ctl->st))
		store_rollback(ctl->st);
	store_close(ctl->st);
	ctl->st = NULL;
	return (rc);
}

static int
ctl_main_usage(void)
{
	ctl_print_commands(stdout, NULL);
	return (CTL_EXIT_OK);
}

/* "staffroomctl user" alone or with --help lists the group's commands. */
static int
ctl_group_usage(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		ctl_print_commands(stdout, argv[0]);
		return (CTL_EXIT_OK);
	}
	if (argc > 1)
		fprintf(stderr, "staffroomctl: %s: unknown command \"%s\"\n",
		    argv[0], argv[1]);
	else
		fprintf(stderr, "staffroomctl: %s: which command? "
		    "(see staffroomctl %s --help)\n", argv[0], argv[0]);
	return (CTL_EXIT_USAGE);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctl	 ctl = { 0 };
	struct ctl_args	 args;
	int		 ch, used, rc;

	/* Nothing staffroomctl writes should be readable by others. */
	umask(077);
	log_set_level(LOG_LEVEL_WARN);
	ctl.dir = getenv("STAFFROOM_STATE");
	opterr = 0;	/* our own one-line message instead */
	while ((ch = getopt_long(argc, argv, "+:d:hvV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			ctl.dir = optarg;
			break;
		case 'h':
			return (ctl_main_usage());
		case 'v':
			log_set_level(LOG_LEVEL_INFO);
			break;
		case 'V':
			printf("staffroomctl %s\n", STAFFROOM_VERSION);
			return (CTL_EXIT_OK);
		case ':':
			return (ctl_usage_fail(NULL, "-%c needs a value", optopt));
		default:
			return (ctl_usage_fail(NULL, "unknown option %s (see "
			    "staffroomctl --help)", argv[optind - 1]));
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		return (ctl_usage_fail(NULL, "which command? (see staffroomctl "
		    "--help)"));
	if (strcmp(argv[0], "help") == 0)
		return (ctl_main_usage());
	if ((ctl.cmd = ctl_find(argc, argv, &used)) == NULL) {
		if (ctl_is_group(argv[0]))
			return (ctl_group_usage(argc, argv));
		return (ctl_usage_fail(NULL, "unknown command \"%s\" (see --help)",
		    argv[0]));
	}
	rc = ctl_parse(&ctl, argc - used, argv + used, &args);
	if (rc == CTL_EXIT_OK && (ctl.cmd->flags & CTL_CMD_NO_STORE) == 0 &&
	    (ctl.dir == NULL || *ctl.dir == '\0'))
		rc = ctl_usage_fail(&ctl, "no state directory: use -d DIR or "
		    "set STAFFROOM_STATE");
	if (rc == CTL_EXIT_OK)
		rc = ctl_run(&ctl, &args);
	free(args.argv);
	return (rc == -1 ? CTL_EXIT_OK : rc);
}
