/*
 * ctl_region.c: staffroomctl init, the region commands and backup. Region
 * sets are CSV (slug,name,"neighbour,neighbour"); the two shipped sets are
 * compiled in, so init never depends on where data files were installed.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"

#define CTL_CSV_MAX		(1024 * 1024)
#define CTL_CSV_FIELDS		3
#define CTL_NATIONAL_REF	"national"
#define CTL_NATIONAL_NAME	"National"

/* The same content as data/regions-dfe.csv: the DfE's nine regions. */
static const char ctl_regions_dfe[] =
    "slug,name,neighbours\n"
    "east-midlands,East Midlands,"
	"\"west-midlands,yorkshire-and-the-humber,east-of-england\"\n"
    "east-of-england,East of England,\"east-midlands,london,south-east\"\n"
    "london,London,\"east-of-england,south-east\"\n"
    "north-east,North East,\"north-west,yorkshire-and-the-humber\"\n"
    "north-west,North West,"
	"\"north-east,yorkshire-and-the-humber,west-midlands\"\n"
    "south-east,South East,\"london,east-of-england,south-west\"\n"
    "south-west,South West,\"south-east,west-midlands\"\n"
    "west-midlands,West Midlands,\"north-west,east-midlands,south-west\"\n"
    "yorkshire-and-the-humber,Yorkshire and the Humber,"
	"\"north-east,north-west,east-midlands\"\n";

/* The same content as data/regions-rsc.csv: the eight older RSC areas. */
static const char ctl_regions_rsc[] =
    "slug,name,neighbours\n"
    "lancashire-and-west-yorkshire,Lancashire and West Yorkshire,"
	"\"north,east-midlands-and-the-humber,west-midlands\"\n"
    "north,North,"
	"\"lancashire-and-west-yorkshire,east-midlands-and-the-humber\"\n"
    "east-midlands-and-the-humber,East Midlands and the Humber,"
	"\"north,lancashire-and-west-yorkshire,west-midlands,"
	"east-of-england-and-north-east-london\"\n"
    "west-midlands,West Midlands,"
	"\"lancashire-and-west-yorkshire,east-midlands-and-the-humber,"
	"south-west,south-central-england-and-north-west-london\"\n"
    "south-central-england-and-north-west-london,"
	"South Central England and North West London,"
	"\"west-midlands,south-west,south-east-england-and-south-london,"
	"east-of-england-and-north-east-london\"\n"
    "east-of-england-and-north-east-london,"
	"East of England and North East London,"
	"\"east-midlands-and-the-humber,"
	"south-central-england-and-north-west-london,"
	"south-east-england-and-south-london\"\n"
    "south-east-england-and-south-london,"
	"South East England and South London,"
	"\"south-central-england-and-north-west-london,"
	"east-of-england-and-north-east-london,south-west\"\n"
    "south-west,South West,"
	"\"west-midlands,south-central-england-and-north-west-london,"
	"south-east-england-and-south-london\"\n";

struct ctl_region_row {
	char	*slug;
	char	*name;
	char	*neighbours;	/* normalised: "a,b,c" */
};

struct ctl_regions {
	struct ctl_region_row	*v;
	size_t			 n;
};

static void
ctl_regions_free(struct ctl_regions *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].slug);
		free(r->v[i].name);
		free(r->v[i].neighbours);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

/*
 * Splits one CSV line into at most CTL_CSV_FIELDS fields, in place. Quoted
 * fields may hold commas and "" for a quote. Returns the field count, or -1.
 */
static int
ctl_csv_split(char *line, char *fields[CTL_CSV_FIELDS])
{
	char	*in = line, *out;
	int	 n = 0;

	for (;;) {
		if (n == CTL_CSV_FIELDS)
			return (-1);
		fields[n++] = out = in;
		if (*in == '"') {
			for (in++; *in != '"' || in[1] == '"'; in++) {
				if (*in == '\0')
					return (-1);
				if (*in == '"')
					in++;
				*out++ = *in;
			}
			in++;
			if (*in != ',' && *in != '\0')
				return (-1);
		} else {
			in += strcspn(in, ",");
			out = in;
		}
		if (*in == '\0') {
			*out = '\0';
			return (n);
		}
		*out = '\0';
		in++;
	}
}

/* Checks a neighbour list and rewrites it without spaces; NULL if bad. */
static char *
ctl_neighbours(const char *list)
{
	char	*copy, *word, *next, *end, *out;

	out = xcalloc(1, strlen(list) + 1);
	if (list[strspn(list, " ")] == '\0')
		return (out);
	copy = xstrdup(list);
	for (word = copy; word != NULL; word = next) {
		if ((next = strchr(word, ',')) != NULL)
			*next++ = '\0';
		word += strspn(word, " ");
		for (end = word + strlen(word); end > word && end[-1] == ' '; end--)
			continue;
		*end = '\0';
		if (!proto_slug_valid(word)) {
			free(out);
			out = NULL;
			break;
		}
		if (*out != '\0')
			strcat(out, ",");
		strcat(out, word);
	}
	free(copy);
	return (out);
}

static bool
ctl_regions_seen(const struct ctl_regions *r, const char *slug)
{
	size_t	i;

	for (i = 0; i < r->n; i++) {
		if (strcmp(r->v[i].slug, slug) == 0)
			return (true);
	}
	return (false);
}

/* Checks one row's fields and appends it; an error message when bad. */
static const char *
ctl_regions_add_row(struct ctl_regions *r, char **f, int nf)
{
	struct ctl_region_row	*row;
	char			*neighbours;
	size_t			 chars;

	if (nf < 2)
		return ("expected slug,name[,neighbours]");
	if (!proto_slug_valid(f[0]))
		return ("the slug is not valid (a-z 0-9 -)");
	if (ctl_regions_seen(r, f[0]))
		return ("the slug appears twice");
	if (proto_name_check(f[1], strlen(f[1]), &chars) != PROTO_OK ||
	    chars < 1 || chars > PROTO_MAX_NAME)
		return ("the name must be 1-100 characters: " PROTO_NAME_RULE);
	if ((neighbours = ctl_neighbours(nf > 2 ? f[2] : "")) == NULL)
		return ("the neighbours must be region slugs separated by commas");
	r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
	row = &r->v[r->n++];
	row->slug = xstrdup(f[0]);
	row->name = xstrdup(f[1]);
	row->neighbours = neighbours;
	return (NULL);
}

/* Parses CSV text; source names it in errors. */
static bool
ctl_regions_parse(struct ctl *ctl, const char *source, const char *text,
    struct ctl_regions *r)
{
	char		*copy = xstrdup(text), *line, *next, *f[CTL_CSV_FIELDS];
	const char	*why = NULL;
	size_t		 lineno = 0, len;
	int		 nf;

	memset(r, 0, sizeof *r);
	for (line = copy; line != NULL && why == NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		len = strlen(line);
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (len == 0)
			continue;
		if ((nf = ctl_csv_split(line, f)) == -1)
			why = "bad quoting or too many columns";
		else if (r->n == 0 && strcmp(f[0], "slug") == 0)
			continue;	/* the optional header */
		else
			why = ctl_regions_add_row(r, f, nf);
	}
	free(copy);
	if (why == NULL && r->n == 0)
		ctl_fail(ctl, "%s: no regions", source);
	else if (why != NULL)
		ctl_fail(ctl, "%s:%zu: %s", source, lineno, why);
	if (why != NULL || r->n == 0) {
		ctl_regions_free(r);
		return (false);
	}
	return (true);
}

/* "dfe", "rsc" or a CSV file. */
static bool
ctl_regions_load(struct ctl *ctl, const char *which, struct ctl_regions *r)
{
	char	*text;
	bool	 ok;

	if (strcmp(which, "dfe") == 0)
		return (ctl_regions_parse(ctl, "dfe", ctl_regions_dfe, r));
	if (strcmp(which, "rsc") == 0)
		return (ctl_regions_parse(ctl, "rsc", ctl_regions_rsc, r));
	if ((text = ctl_read_file(ctl, which, CTL_CSV_MAX)) == NULL)
		return (false);
	ok = ctl_regions_parse(ctl, which, text, r);
	free(text);
	return (ok);
}

/* Adds new regions (with their rooms) and updates those that exist. */
static bool
ctl_regions_store(struct ctl *ctl, const struct ctl_regions *r,
    size_t *added, size_t *updated)
{
	const struct ctl_region_row	*row;
	enum store_result		 res;
	int64_t				 id;
	size_t				 i;

	*added = *updated = 0;
	for (i = 0; i < r->n; i++) {
		row = &r->v[i];
		res = store_region_by_slug(ctl->st, row->slug, &id);
		if (res == STORE_NOT_FOUND) {
			res = store_region_add(ctl->st, row->slug, row->name,
			    row->neighbours);
			(*added)++;
		} else if (res == STORE_OK) {
			res = store_region_update(ctl->st, id, row->name,
			    row->neighbours);
			(*updated)++;
		}
		if (res != STORE_OK) {
			ctl_store_fail(ctl, res, row->slug);
			return (false);
		}
	}
	return (true);
}

/* Gives the directory and the files in it to uid:gid. */
static int
ctl_chown_dir(struct ctl *ctl, uid_t uid, gid_t gid)
{
	DIR		*d;
	struct dirent	*de;
	int		 dfd, rc = CTL_EXIT_OK;

	if ((d = opendir(ctl->dir)) == NULL)
		return (ctl_fail(ctl, "%s: %s", ctl->dir, strerror(errno)));
	dfd = dirfd(d);
	while (rc == CTL_EXIT_OK && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, "..") == 0)
			continue;
		if (fchownat(dfd, de->d_name, uid, gid, AT_SYMLINK_NOFOLLOW) != 0)
			rc = ctl_fail(ctl, "chown %s/%s: %s", ctl->dir,
			    de->d_name, strerror(errno));
	}
	closedir(d);
	return (rc);
}

/* A failed init leaves no database behind, so it can simply be run again. */
static void
ctl_init_undo(struct ctl *ctl)
{
	static const char	*suffixes[] = { "", "-wal", "-shm", "-journal" };
	char			 path[4096];
	size_t			 i;

	if (ctl->st != NULL) {
		store_rollback(ctl->st);
		store_close(ctl->st);
		ctl->st = NULL;
	}
	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(path, sizeof path, "%s/%s%s", ctl->dir, STORE_DB_FILE,
		    suffixes[i]);
		unlink(path);
	}
}

static int
ctl_init_store(struct ctl *ctl, const struct ctl_regions *r)
{
	enum store_result	res;
	size_t			added, updated;
	int64_t			id;

	if ((res = store_open(ctl->dir, true, CTL_BUSY_MS, &ctl->st)) != STORE_OK)
		return (ctl_store_fail(ctl, res, ctl->dir));
	if (!ctl_regions_store(ctl, r, &added, &updated))
		return (CTL_EXIT_FAIL);
	res = store_room_add(ctl->st, CTL_NATIONAL_REF, ROOM_NATIONAL,
	    CTL_NATIONAL_NAME, 0, now_ms(), &id);
	/* The log's first row: the state directory was made. */
	if (res == STORE_OK && !ctl_audit(ctl))
		return (CTL_EXIT_FAIL);
	if (res == STORE_OK)
		res = store_commit(ctl->st);
	if (res != STORE_OK)
		return (ctl_store_fail(ctl, res, CTL_NATIONAL_REF));
	store_close(ctl->st);
	ctl->st = NULL;
	return (CTL_EXIT_OK);
}

int
ctl_init(struct ctl *ctl, struct ctl_args *args)
{
	const char		*owner = ctl_opt(ctl, args, "owner");
	const char		*regions = ctl_opt(ctl, args, "regions");
	struct passwd		*pw = NULL;
	struct ctl_regions	 r;
	char			 db[4096], err[512];
	int			 rc;

	if (!path_join(db, sizeof db, ctl->dir, STORE_DB_FILE))
		return (ctl_fail(ctl, "%s: path too long", ctl->dir));
	if (access(db, F_OK) == 0)
		return (ctl_fail(ctl, "%s already exists; nothing changed", db));
	if (owner != NULL) {
		if ((pw = getpwnam(owner)) == NULL)
			return (ctl_fail(ctl, "no user \"%s\" on this system", owner));
		if (geteuid() != 0 && geteuid() != pw->pw_uid)
			return (ctl_fail(ctl, "--owner needs root"));
	}
	if (!ctl_regions_load(ctl, regions != NULL ? regions : "dfe", &r))
		return (CTL_EXIT_FAIL);

	if (!state_dir_check(ctl->dir, true, err, sizeof err))
		rc = ctl_fail(ctl, "%s", err);
	else if (!sshkey_generate_host_keys(ctl->dir))
		rc = ctl_fail(ctl, "cannot make the host keys in %s", ctl->dir);
	else if ((rc = ctl_init_store(ctl, &r)) != CTL_EXIT_OK)
		ctl_init_undo(ctl);
	else if (pw != NULL && geteuid() != pw->pw_uid)
		rc = ctl_chown_dir(ctl, pw->pw_uid, pw->pw_gid);
	if (rc == CTL_EXIT_OK) {
		printf("initialised %s: %zu regions, host keys %s and %s\n"
		    "Their fingerprints, for people to check when they first "
		    "connect (staffroomctl hostkeys prints them again):\n",
		    ctl->dir, r.n, HOSTKEY_ED25519, HOSTKEY_RSA);
		rc = ctl_hostkeys_print(ctl);
	}
	ctl_regions_free(&r);
	return (rc);
}

static void
ctl_region_list_cb(const struct store_region *g, void *arg)
{
	struct ctl_list	*l = arg;
	json_t		*neighbours;
	char		*copy, *word, *next;

	if (l->table != NULL) {
		ctl_table_add(l->table, g->slug, g->name, g->neighbours);
		return;
	}
	neighbours = json_array();
	copy = xstrdup(g->neighbours != NULL ? g->neighbours : "");
	for (word = copy; word != NULL && *word != '\0'; word = next) {
		if ((next = strchr(word, ',')) != NULL)
			*next++ = '\0';
		json_array_append_new(neighbours, json_string(word));
	}
	free(copy);
	json_array_append_new(l->json, json_pack("{s:s, s:s, s:o}", "slug",
	    g->slug, "name", g->name, "neighbours", neighbours));
}

int
ctl_region_list(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_list	l;

	ctl_list_init(&l, ctl_flag(ctl, args, "json"), 3, "SLUG", "NAME",
	    "NEIGHBOURS");
	return (ctl_list_finish(ctl, &l,
	    store_region_list(ctl->st, ctl_region_list_cb, &l), "regions"));
}

int
ctl_region_load(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_regions	r;
	size_t			added, updated;
	bool			ok;

	if (!ctl_regions_load(ctl, args->argv[0], &r))
		return (CTL_EXIT_FAIL);
	if ((ok = ctl_regions_store(ctl, &r, &added, &updated)))
		printf("%zu regions added, %zu updated\n", added, updated);
	ctl_regions_free(&r);
	return (ok ? CTL_EXIT_OK : CTL_EXIT_FAIL);
}

/*
 * The copy is made as FILE.partial and moved into place when whole, so FILE
 * is only ever a complete backup. Whatever ends the command early removes
 * the partial file: a failure here, or one of these signals (a signal the
 * caller ignores, as nohup does, stays ignored).
 */
static const int ctl_backup_sigs[] = { SIGHUP, SIGINT, SIGTERM, SIGXFSZ };
static char ctl_backup_partial[PATH_MAX];
static volatile sig_atomic_t ctl_backup_made;

static void
ctl_backup_signal(int sig)
{
	if (ctl_backup_made)
		unlink(ctl_backup_partial);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Installs the handler and returns the signals, blocked until the file is made. */
static void
ctl_backup_signals(sigset_t *set)
{
	struct sigaction	sa, old;
	size_t			i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = ctl_backup_signal;
	sigemptyset(set);
	for (i = 0; i < sizeof ctl_backup_sigs / sizeof *ctl_backup_sigs; i++)
		sigaddset(set, ctl_backup_sigs[i]);
	sa.sa_mask = *set;
	for (i = 0; i < sizeof ctl_backup_sigs / sizeof *ctl_backup_sigs; i++) {
		if (sigaction(ctl_backup_sigs[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			sigaction(ctl_backup_sigs[i], &sa, NULL);
	}
}

/* The copy is durable in its file and its name in the directory. */
static bool
ctl_backup_sync(int fd, const char *path)
{
	char	*copy = xstrdup(path);
	int	 dirfd;
	bool	 ok;

	ok = fsync(fd) == 0 &&
	    (dirfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1;
	if (ok) {
		ok = fsync(dirfd) == 0;
		close(dirfd);
	}
	free(copy);
	return (ok);
}

int
ctl_backup(struct ctl *ctl, struct ctl_args *args)
{
	const char		*path = args->argv[0];
	char			*copy, *dir;
	enum store_result	 res;
	sigset_t		 set;
	int			 rc, fd;

	/* Never overwrite: an old backup may be the only good copy. */
	if (access(path, F_OK) == 0)
		return (ctl_fail(ctl, "%s already exists", path));
	/* Say why here, in one line, rather than as a store error. */
	copy = xstrdup(path);
	dir = dirname(copy);
	rc = access(dir, W_OK | X_OK) == 0 ? CTL_EXIT_OK :
	    ctl_fail(ctl, "cannot write in %s: %s", dir, strerror(errno));
	free(copy);
	if (rc != CTL_EXIT_OK)
		return (rc);
	if ((size_t)snprintf(ctl_backup_partial, sizeof ctl_backup_partial,
	    "%s.partial", path) >= sizeof ctl_backup_partial)
		return (ctl_fail(ctl, "%s: name too long", path));

	ctl_backup_signals(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);
	fd = open(ctl_backup_partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600);
	ctl_backup_made = fd != -1;
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	if (fd == -1 && errno == EEXIST)
		return (ctl_fail(ctl, "%s already exists: another backup is "
		    "running, or one was stopped; remove it", ctl_backup_partial));
	if (fd == -1)
		return (ctl_fail(ctl, "%s: %s", ctl_backup_partial,
		    strerror(errno)));

	if ((res = store_backup(ctl->st, ctl_backup_partial)) != STORE_OK)
		rc = ctl_store_fail(ctl, res, ctl_backup_partial);
	else if (link(ctl_backup_partial, path) == -1)
		rc = ctl_fail(ctl, "%s: %s", path, strerror(errno));
	else if (!ctl_backup_sync(fd, path))
		rc = ctl_fail(ctl, "%s: %s", path, strerror(errno));
	close(fd);
	unlink(ctl_backup_partial);
	ctl_backup_made = 0;
	return (rc);
}
