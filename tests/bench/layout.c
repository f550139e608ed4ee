/*
 * layout.c: the bench's people. User i is "b%05d" with an ed25519 key kept
 * in the key directory (made once, reused by every later run: making 10,000
 * keys is quick, but the cache keeps runs comparable and cheap). Groups of
 * users are regions, so a region room holds exactly one group.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define LAYOUT_MAX_USERS	20000

static const char *const layout_group_slug[GROUP_COUNT] = {
	[GROUP_F10] = "bench-f10",
	[GROUP_F50] = "bench-f50",
	[GROUP_F100] = "bench-f100",
	[GROUP_F200] = "bench-f200",
	[GROUP_F1000] = "bench-f1000",
	[GROUP_T] = "bench-t",		/* + room number */
	[GROUP_IDLE] = "bench-idle",
};

/* Users per group for each size; GROUP_T is counted in rooms of 50. */
static const int layout_sizes[][GROUP_COUNT] = {
	[SIZE_SMOKE] = { 10, 0, 0, 0, 0, 0, 0 },
	[SIZE_QUICK] = { 10, 50, 100, 200, 1000, 10, 0 },
	[SIZE_STANDARD] = { 10, 50, 100, 200, 1000, 20, 0 },
	[SIZE_LARGE] = { 10, 50, 100, 200, 1000, 20, 8000 },
};

void
layout_make(enum bench_size size, struct bench_layout *l)
{
	int	g, next = 0;

	memset(l, 0, sizeof *l);
	for (g = 0; g < GROUP_COUNT; g++) {
		l->first[g] = next;
		l->count[g] = layout_sizes[size][g];
		if (g == GROUP_T) {
			l->t_rooms = l->count[g];
			l->count[g] *= BENCH_T_ROOM;
		}
		next += l->count[g];
	}
	l->total = next;
}

static int
layout_group_of(const struct bench_layout *l, int user)
{
	int	g;

	for (g = 0; g < GROUP_COUNT; g++) {
		if (user >= l->first[g] && user < l->first[g] + l->count[g])
			return (g);
	}
	return (GROUP_IDLE);
}

void
layout_region(const struct bench_layout *l, int user, char *buf, size_t size)
{
	int	g = layout_group_of(l, user);

	if (g == GROUP_T)
		snprintf(buf, size, "%s%d", layout_group_slug[g],
		    (user - l->first[g]) / BENCH_T_ROOM);
	else
		snprintf(buf, size, "%s", layout_group_slug[g]);
}

void
layout_handle(int user, char *buf, size_t size)
{
	snprintf(buf, size, "b%05d", user);
}

static void
layout_key_path(const char *dir, int user, const char *suffix, char *buf,
    size_t size)
{
	snprintf(buf, size, "%s/b%05d%s", dir, user, suffix);
}

/* Makes user i's key pair unless both files are there. */
static int
layout_keygen(const char *dir, int user)
{
	char	 priv[4096], pub[4096];
	char	*b64 = NULL;
	ssh_key	 key = NULL;
	FILE	*f;
	int	 rc = -1;

	layout_key_path(dir, user, "", priv, sizeof priv);
	layout_key_path(dir, user, ".pub", pub, sizeof pub);
	if (access(priv, R_OK) == 0 && access(pub, R_OK) == 0)
		return (0);
	if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK ||
	    ssh_pki_export_privkey_file(key, NULL, NULL, NULL, priv) != SSH_OK ||
	    chmod(priv, 0600) != 0 ||
	    ssh_pki_export_pubkey_base64(key, &b64) != SSH_OK)
		goto out;
	if ((f = fopen(pub, "w")) == NULL)
		goto out;
	fprintf(f, "ssh-ed25519 %s bench-%05d\n", b64, user);
	if (fclose(f) == 0)
		rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "staffroom-bench: cannot make the key %s\n", priv);
	ssh_string_free_char(b64);
	ssh_key_free(key);
	return (rc);
}

static int
layout_write_regions(const struct bench_layout *l, const char *path)
{
	FILE	*f = fopen(path, "w");
	int	 g, t;

	if (f == NULL)
		return (-1);
	fprintf(f, "slug,name,neighbours\n");
	for (g = 0; g < GROUP_COUNT; g++) {
		if (g == GROUP_T) {
			for (t = 0; t < l->t_rooms; t++)
				fprintf(f, "%s%d,Bench throughput room %d,\n",
				    layout_group_slug[g], t, t);
		} else if (l->count[g] > 0 || g == GROUP_F10)
			fprintf(f, "%s,Bench %s,\n", layout_group_slug[g],
			    layout_group_slug[g] + 6);
	}
	return (fclose(f) == 0 ? 0 : -1);
}

/* One CSV row per user: handle,name,region,pubkey-line (staffroomctl user import). */
static int
layout_write_users(const struct bench_layout *l, const char *keydir,
    const char *path)
{
	FILE	*f = fopen(path, "w"), *k;
	char	 pub[4096], line[1024], handle[16], region[64];
	int	 i, rc = 0;

	if (f == NULL)
		return (-1);
	fprintf(f, "handle,name,region,pubkey\n");
	for (i = 0; i < l->total && rc == 0; i++) {
		layout_key_path(keydir, i, ".pub", pub, sizeof pub);
		if ((k = fopen(pub, "r")) == NULL || fgets(line, sizeof line, k) == NULL)
			rc = -1;
		if (k != NULL)
			fclose(k);
		layout_handle(i, handle, sizeof handle);
		layout_region(l, i, region, sizeof region);
		if (rc == 0)
			fprintf(f, "%s,Bench user %d,%s,%s", handle, i, region, line);
	}
	if (fclose(f) != 0)
		rc = -1;
	return (rc);
}

int
layout_setup(const char *keydir, const char *outdir, enum bench_size size)
{
	struct bench_layout	l;
	char			path[4096];
	int			i;

	layout_make(size, &l);
	if (mkdir(keydir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "staffroom-bench: %s: %s\n", keydir, strerror(errno));
		return (-1);
	}
	for (i = 0; i < l.total; i++) {
		if (layout_keygen(keydir, i) != 0)
			return (-1);
	}
	snprintf(path, sizeof path, "%s/regions.csv", outdir);
	if (layout_write_regions(&l, path) != 0)
		return (-1);
	snprintf(path, sizeof path, "%s/users.csv", outdir);
	if (layout_write_users(&l, keydir, path) != 0)
		return (-1);
	fprintf(stderr, "staffroom-bench: %d users, keys in %s\n", l.total, keydir);
	return (0);
}

ssh_key
layout_key(const char *keydir, int user)
{
	static ssh_key	 keys[LAYOUT_MAX_USERS];
	char		 path[4096];

	if (user < 0 || user >= LAYOUT_MAX_USERS)
		return (NULL);
	if (keys[user] != NULL)
		return (keys[user]);
	layout_key_path(keydir, user, "", path, sizeof path);
	if (ssh_pki_import_privkey_file(path, NULL, NULL, NULL, &keys[user]) != SSH_OK)
		keys[user] = NULL;
	return (keys[user]);
}
