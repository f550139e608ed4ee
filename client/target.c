/*
 * target.c: where to connect ("[handle@]host[:port]", as typed) and where
 * the person's own files live. The handle defaults to the local login name,
 * as ssh does, so "staffroom host" works for someone whose handle matches.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "staffroom.h"

static char *
target_local_user(void)
{
	struct passwd	*pw;
	const char	*user;

	if ((user = getenv("USER")) != NULL && *user != '\0')
		return (xstrdup(user));
	if ((pw = getpwuid(getuid())) != NULL)
		return (xstrdup(pw->pw_name));
	return (xstrdup("unknown"));
}

static int
target_port(const char *s)
{
	char	*end;
	long	 n;

	if (*s < '0' || *s > '9')
		return (-1);
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || n < 1 || n > 65535)
		return (-1);
	return ((int)n);
}

/*
 * Parses spec into t; port is used when spec names none. An IPv6 address
 * with a port is written in brackets: "[::1]:2222". Returns -1 when spec is
 * not a target.
 */
int
target_parse(const char *spec, int port, struct target *t)
{
	const char	*at, *host, *colon, *close;
	size_t		 hostlen;

	memset(t, 0, sizeof *t);
	t->port = port;
	if ((at = strrchr(spec, '@')) != NULL) {
		if (at == spec)
			return (-1);
		t->user = xstrndup(spec, at - spec);
		host = at + 1;
	} else {
		t->user = target_local_user();
		host = spec;
	}

	if (*host == '[') {
		if ((close = strchr(host, ']')) == NULL)
			goto fail;
		host++;
		hostlen = close - host;
		colon = close[1] == ':' ? close + 1 : NULL;
		if (colon == NULL && close[1] != '\0')
			goto fail;
	} else {
		colon = strchr(host, ':');
		/* More than one colon and no brackets: a bare IPv6 address. */
		if (colon != NULL && strchr(colon + 1, ':') != NULL)
			colon = NULL;
		hostlen = colon != NULL ? (size_t)(colon - host) : strlen(host);
	}
	if (hostlen == 0)
		goto fail;
	if (colon != NULL && (t->port = target_port(colon + 1)) == -1)
		goto fail;
	t->host = xstrndup(host, hostlen);
	return (0);
fail:
	target_free(t);
	return (-1);
}

void
target_free(struct target *t)
{
	free(t->user);
	free(t->host);
	memset(t, 0, sizeof *t);
}

/* "host:port" as people write it (brackets around an IPv6 address). */
char *
target_display(const struct target *t)
{
	char	*s;

	if (strchr(t->host, ':') != NULL)
		xasprintf(&s, "[%s]:%d", t->host, t->port);
	else
		xasprintf(&s, "%s:%d", t->host, t->port);
	return (s);
}

static const char *
path_home(void)
{
	struct passwd	*pw;
	const char	*home;

	if ((home = getenv("HOME")) != NULL && *home != '\0')
		return (home);
	if ((pw = getpwuid(getuid())) != NULL)
		return (pw->pw_dir);
	return ("/");
}

/* $XDG_CONFIG_HOME/staffroom, or ~/.config/staffroom. */
char *
path_config_dir(void)
{
	const char	*xdg;

	char		*dir;

	if ((xdg = getenv("XDG_CONFIG_HOME")) != NULL && *xdg == '/')
		xasprintf(&dir, "%s/staffroom", xdg);
	else
		xasprintf(&dir, "%s/.config/staffroom", path_home());
	return (dir);
}

/*
 * The config directory, made (with ~/.config on a fresh account) if it is
 * not there yet. Prints why and returns NULL when it cannot be.
 */
char *
path_config_mkdir(void)
{
	char	*dir, *p;

	dir = path_config_dir();
	for (p = strchr(dir + 1, '/');; p = strchr(p + 1, '/')) {
		if (p != NULL)
			*p = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
			fprintf(stderr, "staffroom: cannot create %s: %s\n",
			    dir, strerror(errno));
			free(dir);
			return (NULL);
		}
		if (p == NULL)
			return (dir);
		*p = '/';
	}
}

/* A path under the person's home directory, e.g. ".ssh/known_hosts". */
char *
path_home_file(const char *rel)
{
	char	*path;

	xasprintf(&path, "%s/%s", path_home(), rel);
	return (path);
}
