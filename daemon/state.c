/*
 * state.c: the state directory holds the database and the host keys, so it
 * must be private to the daemon's user: the directory 0700, files 0600.
 * staffroomd refuses to start on modes open to others (someone may already
 * have read the host keys: the operator must know); staffroomctl init
 * tightens those of a directory it is making the state in.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "staffroomd.h"

#define STATE_DIR_MODE	0700
#define STATE_FILE_MODE	0600
#define STATE_OPEN_BITS	077	/* group and others */

static bool
state_fail(char *err, size_t errlen, const char *dir, const char *what)
{
	snprintf(err, errlen, "%s: %s", dir, what);
	return (false);
}

/*
 * A mode open to group or others: tightened to want when repair is set,
 * otherwise refused with the path, the mode and the fix. *ok is cleared on
 * a refusal or a failed chmod.
 */
static void
state_mode(const char *dir, const char *name, int dfd, mode_t mode,
    mode_t want, bool repair, bool *ok, char *err, size_t errlen)
{
	const char	*sep = name != NULL ? "/" : "";

	if (name == NULL)
		name = "";
	if ((mode & STATE_OPEN_BITS) == 0)
		return;
	if (!repair) {
		snprintf(err, errlen, "%s%s%s: mode %04o lets others in; run "
		    "chmod %04o %s%s%s", dir, sep, name, (unsigned)mode,
		    (unsigned)want, dir, sep, name);
		*ok = false;
	} else if ((*name != '\0' ? fchmodat(dfd, name, want, 0) :
	    fchmod(dfd, want)) != 0) {
		snprintf(err, errlen, "%s%s%s: chmod: %s", dir, sep, name,
		    strerror(errno));
		*ok = false;
	} else
		log_info("state: %s%s%s: mode %04o changed to %04o", dir, sep,
		    name, (unsigned)mode, (unsigned)want);
}

/* Checks (or tightens) every regular file directly in the directory. */
static bool
state_files(const char *dir, int dfd, bool repair, char *err, size_t errlen)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	bool		 ok = true;
	int		 fd;

	if ((fd = dup(dfd)) == -1 || (d = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		return (state_fail(err, errlen, dir, strerror(errno)));
	}
	while (ok && (de = readdir(d)) != NULL) {
		if (fstatat(dfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(sb.st_mode))
			continue;
		state_mode(dir, de->d_name, dfd, sb.st_mode & 07777,
		    STATE_FILE_MODE, repair, &ok, err, errlen);
	}
	closedir(d);
	return (ok);
}

bool
state_dir_check(const char *dir, bool repair, char *err, size_t errlen)
{
	struct stat	sb;
	bool		ok;
	int		dfd;

	if (mkdir(dir, STATE_DIR_MODE) == 0)
		log_info("state: created %s", dir);
	else if (errno != EEXIST)
		return (state_fail(err, errlen, dir, strerror(errno)));

	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		if (errno == ENOTDIR)
			return (state_fail(err, errlen, dir, "not a directory"));
		return (state_fail(err, errlen, dir, strerror(errno)));
	}
	if (fstat(dfd, &sb) != 0) {
		close(dfd);
		return (state_fail(err, errlen, dir, strerror(errno)));
	}
	if (sb.st_uid != geteuid()) {
		close(dfd);
		snprintf(err, errlen, "%s: owned by uid %ld, not by uid %ld",
		    dir, (long)sb.st_uid, (long)geteuid());
		return (false);
	}
	ok = true;
	state_mode(dir, NULL, dfd, sb.st_mode & 07777, STATE_DIR_MODE, repair,
	    &ok, err, errlen);
	if (ok)
		ok = state_files(dir, dfd, repair, err, errlen);
	close(dfd);
	return (ok);
}

int
state_lock(const char *dir, bool *busy, char *err, size_t errlen)
{
	char	path[4096];
	int	fd;

	*busy = false;
	if (!path_join(path, sizeof path, dir, STATE_LOCK_FILE)) {
		state_fail(err, errlen, dir, "path too long");
		return (-1);
	}
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    STATE_FILE_MODE)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		*busy = errno == EWOULDBLOCK;
		snprintf(err, errlen, "%s: %s", path, *busy ?
		    "held by a running staffroomd (or staffroomctl restore)" :
		    strerror(errno));
		close(fd);
		return (-1);
	}
	return (fd);
}
