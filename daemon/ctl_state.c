/*
 * ctl_state.c: staffroomctl's commands on the state directory as a whole:
 * the host keys' fingerprints, and restoring a backup.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"

#define CTL_RESTORE_TEMP	STORE_DB_FILE ".restoring"

/* The files that make up the live database, moved aside together. */
static const char *const ctl_db_suffixes[] = { "", "-wal", "-shm" };

/* "ED25519" for "ssh-ed25519", as ssh-keygen -l names a key's type. */
static const char *
ctl_key_type_label(const char *type)
{
	if (strcmp(type, "ssh-ed25519") == 0)
		return ("ED25519");
	if (strcmp(type, "ssh-rsa") == 0)
		return ("RSA");
	if (strncmp(type, "ecdsa-", 6) == 0)
		return ("ECDSA");
	return (type);
}

bool
ctl_hostkey(struct ctl *ctl, const char *name, struct sshkey_info *key)
{
	char	path[4096], *line;
	bool	ok;

	if (snprintf(path, sizeof path, "%s/%s.pub", ctl->dir, name) >=
	    (int)sizeof path) {
		ctl_fail(ctl, "%s: path too long", ctl->dir);
		return (false);
	}
	if ((line = ctl_read_file(ctl, path, 16384)) == NULL)
		return (false);
	line[strcspn(line, "\n")] = '\0';
	if (!(ok = sshkey_parse(line, key) == PROTO_OK))
		ctl_fail(ctl, "%s: not a public key", path);
	free(line);
	return (ok);
}

int
ctl_hostkeys_print(struct ctl *ctl)
{
	static const char *const names[] = { HOSTKEY_ED25519, HOSTKEY_RSA };
	struct sshkey_info	 key;
	size_t			 i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!ctl_hostkey(ctl, names[i], &key))
			return (CTL_EXIT_FAIL);
		/* As `ssh-keygen -lf` prints it: bits, fingerprint, comment, type. */
		printf("%d %s %s (%s)\n", key.bits, key.fingerprint,
		    key.comment[0] != '\0' ? key.comment : "no comment",
		    ctl_key_type_label(key.type));
	}
	return (CTL_EXIT_OK);
}

int
ctl_hostkeys(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_hostkeys_print(ctl));
}

static bool
ctl_copy_fd(int from, int to)
{
	char	buf[65536];
	ssize_t	n, w, off;

	while ((n = read(from, buf, sizeof buf)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return (false);
		}
		for (off = 0; off < n; off += w) {
			if ((w = write(to, buf + off, n - off)) == -1) {
				if (errno != EINTR)
					return (false);
				w = 0;
			}
		}
	}
	return (fsync(to) == 0);
}

/* Copies the backup beside the database, whole and synced, or fails. */
static int
ctl_restore_copy(struct ctl *ctl, const char *file, const char *temp)
{
	int	from, to, rc = CTL_EXIT_OK;

	unlink(temp);	/* what a restore cut short left */
	if ((from = open(file, O_RDONLY | O_CLOEXEC)) == -1)
		return (ctl_fail(ctl, "%s: %s", file, strerror(errno)));
	if ((to = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1) {
		close(from);
		return (ctl_fail(ctl, "%s: %s", temp, strerror(errno)));
	}
	if (!ctl_copy_fd(from, to)) {
		rc = ctl_fail(ctl, "copying %s to %s: %s", file, temp,
		    strerror(errno));
		unlink(temp);
	}
	close(from);
	close(to);
	return (rc);
}

/*
 * Moves staffroom.db and its -wal and -shm to NAME.before-restore-STAMP,
 * and audit.head to NAME.before-restore-STAMP.audit.head.
 */
static int
ctl_restore_set_aside(struct ctl *ctl, char *aside, size_t size)
{
	char		 stamp[32], from[4096], to[4096 + 32];
	struct tm	 tm;
	time_t		 t = (time_t)(now_ms() / 1000);
	size_t		 i;

	gmtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	if ((size_t)snprintf(aside, size, "%s/%s.before-restore-%s", ctl->dir,
	    STORE_DB_FILE, stamp) >= size)
		return (ctl_fail(ctl, "%s: path too long", ctl->dir));
	for (i = 0; i < sizeof ctl_db_suffixes / sizeof *ctl_db_suffixes; i++) {
		snprintf(from, sizeof from, "%s/%s%s", ctl->dir, STORE_DB_FILE,
		    ctl_db_suffixes[i]);
		snprintf(to, sizeof to, "%s%s", aside, ctl_db_suffixes[i]);
		if (access(to, F_OK) == 0)
			return (ctl_fail(ctl, "%s already exists; try again in "
			    "a second", to));
		if (rename(from, to) == -1 && errno != ENOENT)
			return (ctl_fail(ctl, "moving %s aside: %s", from,
			    strerror(errno)));
	}
	/* The audit log's head names a row of that database, so goes with it. */
	snprintf(from, sizeof from, "%s/%s", ctl->dir, STORE_AUDIT_HEAD_FILE);
	snprintf(to, sizeof to, "%s.%s", aside, STORE_AUDIT_HEAD_FILE);
	if (rename(from, to) == -1 && errno != ENOENT)
		return (ctl_fail(ctl, "moving %s aside: %s", from,
		    strerror(errno)));
	return (CTL_EXIT_OK);
}

static void
ctl_sync_dir(const char *dir)
{
	int	fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(fd);
		close(fd);
	}
}

/*
 * The daemon must be stopped: restore takes the lock it holds while
 * running, and keeps it until done so no daemon starts meanwhile. The
 * current database is never deleted, only set aside.
 */
int
ctl_restore(struct ctl *ctl, struct ctl_args *args)
{
	const char	*file = args->argv[0];
	char		 why[512], temp[4096], db[4096], aside[4096];
	int		 version, latest = store_schema_latest(), lock, rc;
	bool		 busy;

	if (access(file, R_OK) != 0)
		return (ctl_fail(ctl, "%s: %s", file, strerror(errno)));
	if ((lock = state_lock(ctl->dir, &busy, why, sizeof why)) == -1)
		return (busy ? ctl_fail(ctl, "staffroomd is running on %s: stop "
		    "it first (systemctl stop staffroomd)", ctl->dir) :
		    ctl_fail(ctl, "%s", why));
	if (store_file_check(file, &version, why, sizeof why) != STORE_OK) {
		close(lock);
		return (ctl_fail(ctl, "%s: cannot restore: %s", file, why));
	}
	if (version > latest) {
		close(lock);
		return (ctl_fail(ctl, "%s: schema version %d is newer than this "
		    "staffroom's (%d): install the staffroom it came from, or "
		    "a newer one", file, version, latest));
	}
	snprintf(temp, sizeof temp, "%s/%s", ctl->dir, CTL_RESTORE_TEMP);
	snprintf(db, sizeof db, "%s/%s", ctl->dir, STORE_DB_FILE);
	if ((rc = ctl_restore_copy(ctl, file, temp)) == CTL_EXIT_OK &&
	    (rc = ctl_restore_set_aside(ctl, aside, sizeof aside)) == CTL_EXIT_OK &&
	    rename(temp, db) == -1)
		rc = ctl_fail(ctl, "%s: %s (the old database is %s)", db,
		    strerror(errno), aside);
	if (rc != CTL_EXIT_OK) {
		unlink(temp);
		close(lock);
		return (rc);
	}
	ctl_sync_dir(ctl->dir);
	/*
	 * Opening it applies the migrations a backup of an older staffroom
	 * needs. The restore is the restored audit log's next row, and its
	 * commit writes audit.head anew: the rows after the backup live on in
	 * the database set aside (with its audit.head), which the row names.
	 */
	snprintf(ctl->audit_note, sizeof ctl->audit_note,
	    "the database before is kept as %.80s", strrchr(aside, '/') + 1);
	if (store_open(ctl->dir, false, CTL_BUSY_MS, &ctl->st) != STORE_OK)
		rc = ctl_fail(ctl, "%s restored but cannot be opened; the old "
		    "database is %s", file, aside);
	else if (!ctl_audit(ctl) || store_commit(ctl->st) != STORE_OK)
		rc = ctl_fail(ctl, "%s restored but its audit log cannot be "
		    "written; the old database is %s", file, aside);
	else
		printf("restored %s (schema %d%s); the database before is "
		    "kept as %s\n", file, version, version < latest ?
		    ", migrated" : "", aside);
	close(lock);
	return (rc);
}
