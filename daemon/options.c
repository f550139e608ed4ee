/*
 * options.c: staffroomd's settings. One table names every setting once: its
 * long option, its key in the config file (the same name), where its value
 * goes and whether a running daemon takes a new value on SIGHUP. The file is
 * "key = value" lines, '#' starting a comment line; a mistake stops the
 * start with FILE:LINE and the reason, as the command line stops with the
 * option's name.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom/common.h"
#include "mail.h"
#include "options.h"
#include "util.h"

#define OPTIONS_DEFAULT_LISTEN	"0.0.0.0:2222"
#define OPTIONS_COUNT_MAX	1e9

enum option_kind {
	OPTION_CLI,		/* the command line's own: help, version, ... */
	OPTION_TEXT,		/* a path or a name */
	OPTION_LISTEN,		/* ADDR:PORT */
	OPTION_COUNT,		/* a whole number from min */
	OPTION_RATE,		/* a number from min */
	OPTION_GUARD,		/* on or off, kept as guard_off */
	OPTION_LEVEL,		/* error, warn, info or debug */
	OPTION_SWITCH,		/* no value on the command line; yes or no in the file */
};

struct option_row {
	const char		*name;
	int			 ch;
	enum option_kind	 kind;
	size_t			 offset;	/* in struct server_settings */
	double			 min;
	bool			 live;		/* SIGHUP applies a new value */
};

#define CFG(field)	offsetof(struct server_settings, cfg.field)
#define SET(field)	offsetof(struct server_settings, field)

static const struct option_row option_rows[] = {
	{ "dir",		'd', OPTION_TEXT,	CFG(dir), 0, false },
	{ "listen",		'l', OPTION_LISTEN,	SET(listen), 0, false },
	{ "user",		'u', OPTION_TEXT,	SET(user), 0, false },
	{ "log-level",		'L', OPTION_LEVEL,	SET(log_level), 0, false },
	{ "syslog",		'Y', OPTION_SWITCH,	SET(syslog), 0, false },
	{ "post-burst",		'B', OPTION_RATE,	CFG(post_burst), 0, true },
	{ "post-rate",		'R', OPTION_RATE,	CFG(post_rate), 0.001, true },
	{ "auth-fail-account",	'A', OPTION_COUNT,	CFG(auth_fail_account), 0, true },
	{ "auth-fail-address",	'a', OPTION_COUNT,	CFG(auth_fail_address), 0, true },
	{ "auth-address-refill", 'F', OPTION_COUNT,	CFG(auth_address_refill_s), 1, true },
	{ "invite-fail-address", 'I', OPTION_COUNT,	CFG(invite_fail_address), 1, true },
	{ "max-unauthenticated-per-address", 'U', OPTION_COUNT,
	    CFG(max_unauthenticated_per_address), 1, true },
	{ "max-join-per-address", 'J', OPTION_COUNT,	CFG(max_join_per_address), 1, true },
	{ "max-sessions-per-user", 'S', OPTION_COUNT,	CFG(max_conns_per_user), 0, true },
	{ "login-grace",	'g', OPTION_COUNT,	CFG(login_grace_s), 0, true },
	{ "keepalive",		'k', OPTION_COUNT,	CFG(keepalive_s), 0, false },
	{ "client",		'c', OPTION_TEXT,	CFG(client_path), 0, false },
	{ "motd",		'O', OPTION_TEXT,	CFG(motd), 0, false },
	{ "sendmail",		'E', OPTION_TEXT,	CFG(sendmail_path), 0, false },
	{ "mail-from",		'f', OPTION_TEXT,	CFG(mail_from), 0, false },
	{ "max-spawned",	'M', OPTION_COUNT,	CFG(max_spawned), 0, true },
	{ "max-spawned-per-user", 'm', OPTION_COUNT,	CFG(max_spawned_per_user), 0, true },
	{ "guard",		'G', OPTION_GUARD,	CFG(guard_off), 0, false },
	{ "metrics",		'P', OPTION_LISTEN,	SET(metrics), 0, false },
	{ "rsa-host-key",	'H', OPTION_SWITCH,	CFG(rsa_host_key), 0, false },
	{ "config",		'C', OPTION_CLI,	0, 0, false },
	{ "verbose",		'v', OPTION_CLI,	0, 0, false },
	{ "help",		'h', OPTION_CLI,	0, 0, false },
	{ "version",		'V', OPTION_CLI,	0, 0, false },
	/* Tests only, so not in the usage: see clock_set_offset_ms. */
	{ "test-clock-offset",	'T', OPTION_CLI,	0, 0, false },
};
#define OPTION_NROWS	(sizeof option_rows / sizeof option_rows[0])

static const char *option_levels[] = {
	[LOG_LEVEL_ERROR] = "error",
	[LOG_LEVEL_WARN] = "warn",
	[LOG_LEVEL_INFO] = "info",
	[LOG_LEVEL_DEBUG] = "debug",
};

/* What options_reload needs to read everything again. */
static struct {
	int		  argc;
	char		**argv;
	char		**texts;	/* the file's values, which settings point into */
	size_t		  ntexts;
} options;

static void
options_usage(FILE *f)
{
	fprintf(f,
"usage: staffroomd [-d DIR] [-l ADDR:PORT] [--user NAME] [--config FILE] [options]\n"
"\n"
"Serves staffroom over SSH from the state directory DIR (or $STAFFROOM_STATE),\n"
"made by `staffroomctl init`. Runs in the foreground and logs to stderr.\n"
"Every option can be a line \"name = value\" of the config file (default\n"
"%s, read when it exists); the command line wins.\n"
"\n"
"  -d, --dir DIR              state directory\n"
"  -l, --listen ADDR:PORT     where to listen (default %s; port 0 picks one)\n"
"  -u, --user NAME            run as NAME (required when started as root)\n"
"      --config FILE          read FILE instead of the default config file\n"
"  -v, --verbose              log debugging detail (--log-level debug)\n"
"      --log-level LEVEL      error, warn, info (default) or debug\n"
"      --syslog               log to syslog (facility daemon), not stderr\n"
"      --post-burst N         messages a person may send at once (default 10)\n"
"      --post-rate R          messages per second refilled (default 1)\n"
"      --auth-fail-account N  failed logins per account before lockout (default 5)\n"
"      --auth-fail-address N  failed logins per address before lockout (default 30)\n"
"      --auth-address-refill S  seconds until an address gets one attempt back\n"
"                             (default 2; the same for unknown invite codes)\n"
"      --invite-fail-address N  unknown invite codes per address (default 30)\n"
"      --max-unauthenticated-per-address N  connections from one address\n"
"                             not yet logged in (default 32)\n"
"      --max-join-per-address N  join sessions from one address (default 10)\n"
"      --max-sessions-per-user N  (default 16; 0 for no limit)\n"
"      --login-grace S        seconds to authenticate (default 30)\n"
"      --keepalive S          seconds between keepalives (default 60)\n"
"      --client PATH          the client spawned for `ssh -t` (default %s)\n"
"      --motd TEXT            a line every client shows at login\n"
"      --sendmail PATH        sends the codes that verify email addresses\n"
"                             (run as PATH -oi -t; default %s)\n"
"      --mail-from ADDRESS    their sender (default staffroom@ this host)\n"
"      --max-spawned N        spawned clients in all (default 64)\n"
"      --max-spawned-per-user N  spawned clients per person (default 3)\n"
"      --guard on|off         the pupil-data guard (default on; off is for\n"
"                             benchmarking only)\n""      --metrics ADDR:PORT    serve Prometheus metrics at http://ADDR:PORT/metrics\n"
"                             (default off; use a loopback address such as\n"
"                             127.0.0.1:9187)\n"
"      --rsa-host-key         also serve clients older than OpenSSH 6.5: the RSA\n"
"                             host key, older key exchanges and ciphers\n"
"                             (default off)\n"
"  -h, --help                 this text\n"
"  -V, --version              the version\n", STAFFROOM_CONFIG_PATH,
	    OPTIONS_DEFAULT_LISTEN, STAFFROOM_CLIENT_PATH, MAIL_SENDMAIL_DEFAULT);
}

static void
options_defaults(struct server_settings *s)
{
	struct server_config	*cfg = &s->cfg;

	memset(s, 0, sizeof *s);
	s->listen = OPTIONS_DEFAULT_LISTEN;
	s->log_level = LOG_LEVEL_INFO;
	cfg->dir = getenv("STAFFROOM_STATE");
	cfg->post_burst = 10;
	cfg->post_rate = 1;
	cfg->auth_fail_account = 5;
	cfg->auth_fail_address = 30;
	cfg->auth_address_refill_s = 2;
	cfg->invite_fail_address = 30;
	cfg->max_unauthenticated_per_address = 32;
	cfg->max_join_per_address = 10;
	cfg->login_grace_s = 30;
	cfg->keepalive_s = 60;
	cfg->out_soft_limit = 256 * 1024;
	cfg->out_hard_limit = 2 * 1024 * 1024;
	cfg->max_conns_per_user = 16;
	cfg->client_path = STAFFROOM_CLIENT_PATH;
	cfg->sendmail_path = MAIL_SENDMAIL_DEFAULT;
	cfg->max_spawned = 64;
	cfg->max_spawned_per_user = 3;
}

static bool
options_number(const char *text, double min, double max, double *out)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(text, &end);
	if (errno != 0 || end == text || *end != '\0' || v < min || v > max)
		return (false);
	*out = v;
	return (true);
}

bool
options_listen(const char *text, char *addr, size_t size, int *port)
{
	const char	*colon;
	double		 p;
	size_t		 len;

	if ((colon = strrchr(text, ':')) == NULL ||
	    !options_number(colon + 1, 0, 65535, &p) || p != (int)p)
		return (false);
	len = colon - text;
	if (len >= 2 && text[0] == '[' && text[len - 1] == ']') {
		text++;
		len -= 2;
	}
	if (len == 0 || len >= size)
		return (false);
	memcpy(addr, text, len);
	addr[len] = '\0';
	*port = (int)p;
	return (true);
}

/*
 * Puts one value in its place; false with the reason in why. The text is
 * kept (a path or a name points into it).
 */
static bool
options_set(const struct option_row *row, const char *text,
    struct server_settings *s, char *why, size_t size)
{
	char	*at = (char *)s + row->offset, addr[64];
	double	 v;
	int	 port;
	size_t	 i;

	switch (row->kind) {
	case OPTION_TEXT:
		if (*text == '\0') {
			snprintf(why, size, "empty");
			return (false);
		}
		*(const char **)at = text;
		return (true);
	case OPTION_LISTEN:
		if (!options_listen(text, addr, sizeof addr, &port)) {
			snprintf(why, size, "expected ADDR:PORT, not %s", text);
			return (false);
		}
		*(const char **)at = text;
		return (true);
	case OPTION_COUNT:
		if (!options_number(text, row->min, OPTIONS_COUNT_MAX, &v) ||
		    v != (int)v) {
			snprintf(why, size, "not a count of at least %d: %s",
			    (int)row->min, text);
			return (false);
		}
		*(int *)at = (int)v;
		return (true);
	case OPTION_RATE:
		if (!options_number(text, row->min, OPTIONS_COUNT_MAX, &v)) {
			snprintf(why, size, "not a number of at least %g: %s",
			    row->min, text);
			return (false);
		}
		*(double *)at = v;
		return (true);
	case OPTION_GUARD:
		if (strcmp(text, "on") != 0 && strcmp(text, "off") != 0) {
			snprintf(why, size, "on or off, not %s", text);
			return (false);
		}
		*(bool *)at = strcmp(text, "off") == 0;
		return (true);
	case OPTION_SWITCH:
		if (strcmp(text, "yes") != 0 && strcmp(text, "no") != 0) {
			snprintf(why, size, "yes or no, not %s", text);
			return (false);
		}
		*(bool *)at = strcmp(text, "yes") == 0;
		return (true);
	case OPTION_LEVEL:
		for (i = 0; i < sizeof option_levels / sizeof *option_levels; i++) {
			if (strcmp(text, option_levels[i]) == 0) {
				*(enum log_level *)at = (enum log_level)i;
				return (true);
			}
		}
		snprintf(why, size, "error, warn, info or debug, not %s", text);
		return (false);
	case OPTION_CLI:
		break;
	}
	snprintf(why, size, "only on the command line");
	return (false);
}

/* The value as the file would say it, to compare and to log. */
static void
options_format(const struct option_row *row, const struct server_settings *s,
    char *buf, size_t size)
{
	const char	*at = (const char *)s + row->offset;

	switch (row->kind) {
	case OPTION_TEXT:
	case OPTION_LISTEN:
		snprintf(buf, size, "%s", *(const char *const *)at != NULL ?
		    *(const char *const *)at : "");
		break;
	case OPTION_COUNT:
		snprintf(buf, size, "%d", *(const int *)at);
		break;
	case OPTION_RATE:
		snprintf(buf, size, "%g", *(const double *)at);
		break;
	case OPTION_GUARD:
		snprintf(buf, size, "%s", *(const bool *)at ? "off" : "on");
		break;
	case OPTION_SWITCH:
		snprintf(buf, size, "%s", *(const bool *)at ? "yes" : "no");
		break;
	case OPTION_LEVEL:
		snprintf(buf, size, "%s", option_levels[*(const enum log_level *)at]);
		break;
	case OPTION_CLI:
		*buf = '\0';
		break;
	}
}

static const struct option_row *
options_find(const char *name)
{
	size_t	i;

	for (i = 0; i < OPTION_NROWS; i++) {
		if (strcmp(option_rows[i].name, name) == 0)
			return (&option_rows[i]);
	}
	return (NULL);
}

static char *
options_trim(char *s)
{
	char	*end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\n' || end[-1] == '\r'))
		end--;
	*end = '\0';
	return (s);
}

static void
options_keep_text(char *text)
{
	options.texts = xreallocarray(options.texts, options.ntexts + 1,
	    sizeof *options.texts);
	options.texts[options.ntexts++] = text;
}

static void
options_free_texts(char **texts, size_t n)
{
	while (n > 0)
		free(texts[--n]);
	free(texts);
}

/*
 * Reads the file's lines into s; false after one line FILE:LINE: reason in
 * err. missing_ok: a file that is not there is no error (the default one).
 */
static bool
options_read_file(const char *path, bool missing_ok, struct server_settings *s,
    char *err, size_t errsize)
{
	FILE			*f;
	char			*line = NULL, *key, *value, *eq;
	char			 why[256], reason[160];
	unsigned		 seen[OPTION_NROWS] = { 0 };
	const struct option_row	*row;
	size_t			 cap = 0;
	unsigned		 n = 0;
	bool			 ok = true;

	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT && missing_ok)
			return (true);
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return (false);
	}
	s->config = path;
	while (ok && getline(&line, &cap, f) != -1) {
		n++;
		key = options_trim(line);
		if (*key == '\0' || *key == '#')
			continue;
		if ((eq = strchr(key, '=')) == NULL) {
			snprintf(why, sizeof why, "expected NAME = VALUE");
			ok = false;
			break;
		}
		*eq = '\0';
		key = options_trim(key);
		value = options_trim(eq + 1);
		row = options_find(key);
		if (row == NULL || row->kind == OPTION_CLI) {
			snprintf(why, sizeof why, "unknown setting \"%s\" "
			    "(see staffroomd(8))", key);
			ok = false;
		} else if (seen[row - option_rows] != 0) {
			snprintf(why, sizeof why, "%s is set already on line %u",
			    key, seen[row - option_rows]);
			ok = false;
		} else {
			seen[row - option_rows] = n;
			value = xstrdup(value);
			options_keep_text(value);
			if (!options_set(row, value, s, reason, sizeof reason)) {
				snprintf(why, sizeof why, "%s: %s", key, reason);
				ok = false;
			}
		}
	}
	if (ok && ferror(f)) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		ok = false;
	} else if (!ok)
		snprintf(err, errsize, "%s:%u: %s", path, n, why);
	free(line);
	fclose(f);
	return (ok);
}

static struct option *
options_getopt_table(void)
{
	static struct option	table[OPTION_NROWS + 1];
	size_t			i;

	for (i = 0; i < OPTION_NROWS; i++) {
		table[i].name = option_rows[i].name;
		table[i].has_arg = option_rows[i].kind == OPTION_SWITCH ||
		    option_rows[i].ch == 'h' || option_rows[i].ch == 'V' ||
		    option_rows[i].ch == 'v' ? no_argument : required_argument;
		table[i].val = option_rows[i].ch;
	}
	return (table);
}

static const struct option_row *
options_row_of(int ch)
{
	size_t	i;

	for (i = 0; i < OPTION_NROWS; i++) {
		if (option_rows[i].ch == ch)
			return (&option_rows[i]);
	}
	return (NULL);
}

/*
 * One pass over the command line. config_only: only look for --config (and
 * --help, --version), before the file is read. Returns -1 to go on, else
 * the exit status. first: the start (not a reload), which may print and set
 * the test clock.
 */
static int
options_scan(int argc, char **argv, bool config_only, bool first,
    struct server_settings *s, const char **config)
{
	const struct option_row	*row;
	char			 why[160];
	int64_t			 offset;
	int			 ch;

	optind = 0;	/* a fresh scan, GNU getopt's way */
	opterr = config_only && first;
	while ((ch = getopt_long(argc, argv, "d:l:u:vhV", options_getopt_table(),
	    NULL)) != -1) {
		if (ch == '?' || (row = options_row_of(ch)) == NULL) {
			if (config_only && first)
				options_usage(stderr);
			return (2);
		}
		if (config_only) {
			if (ch == 'C')
				*config = optarg;
			else if (ch == 'h' && first) {
				options_usage(stdout);
				return (0);
			} else if (ch == 'V' && first) {
				printf("staffroomd %s\n", STAFFROOM_VERSION);
				return (0);
			}
			continue;
		}
		switch (ch) {
		case 'C':
		case 'h':
		case 'V':
			break;
		case 'v':
			s->log_level = LOG_LEVEL_DEBUG;
			break;
		case 'Y':
			s->syslog = true;
			break;
		case 'H':
			s->cfg.rsa_host_key = true;
			break;
		case 'T':
			if ((offset = parse_duration(optarg)) == -1) {
				fprintf(stderr, "staffroomd: --test-clock-offset: "
				    "not a duration: %s\n", optarg);
				return (2);
			}
			if (first) {
				clock_set_offset_ms(offset);
				log_warn("clock: %s ahead of the real clock "
				    "(--test-clock-offset, for tests only)", optarg);
			}
			break;
		default:
			if (!options_set(row, optarg, s, why, sizeof why)) {
				if (first)
					fprintf(stderr, "staffroomd: --%s: %s\n",
					    row->name, why);
				else
					log_error("--%s: %s", row->name, why);
				return (2);
			}
		}
	}
	if (optind != argc) {
		if (first)
			options_usage(stderr);
		return (2);
	}
	return (-1);
}

/* Everything from the start: defaults, file, command line. */
static int
options_read_all(struct server_settings *s, bool first)
{
	const char	*config = NULL;
	char		 err[PATH_MAX + 256];
	int		 rc;

	options_defaults(s);
	if ((rc = options_scan(options.argc, options.argv, true, first, s,
	    &config)) != -1)
		return (rc);
	if (!options_read_file(config != NULL ? config : STAFFROOM_CONFIG_PATH,
	    config == NULL, s, err, sizeof err)) {
		if (first)
			fprintf(stderr, "staffroomd: %s\n", err);
		else
			log_error("%s", err);
		return (2);
	}
	return (options_scan(options.argc, options.argv, false, first, s, NULL));
}

int
options_load(int argc, char **argv, struct server_settings *s)
{
	int	rc;

	options.argc = argc;
	options.argv = argv;
	if ((rc = options_read_all(s, true)) != -1)
		return (rc);
	if (s->cfg.dir == NULL) {
		fprintf(stderr, "staffroomd: no state directory: give -d DIR, "
		    "dir = DIR in the config file, or set STAFFROOM_STATE\n");
		return (2);
	}
	return (-1);
}

void
options_free(void)
{
	options_free_texts(options.texts, options.ntexts);
	options.texts = NULL;
	options.ntexts = 0;
}

bool
options_reload(struct server_settings *s)
{
	struct server_settings	 fresh;
	char			 before[PATH_MAX], after[PATH_MAX];
	char			**old = options.texts;
	size_t			 i, nold = options.ntexts;
	bool			 changed = false;

	options.texts = NULL;
	options.ntexts = 0;
	if (options_read_all(&fresh, false) != -1) {
		options_free_texts(options.texts, options.ntexts);
		options.texts = old;
		options.ntexts = nold;
		log_error("config: not reloaded; the settings stay as they were");
		return (false);
	}
	for (i = 0; i < OPTION_NROWS; i++) {
		if (option_rows[i].kind == OPTION_CLI)
			continue;
		options_format(&option_rows[i], s, before, sizeof before);
		options_format(&option_rows[i], &fresh, after, sizeof after);
		if (strcmp(before, after) == 0)
			continue;
		changed = true;
		if (!option_rows[i].live) {
			log_warn("config: %s = %s takes a restart; still %s",
			    option_rows[i].name, after, before);
			continue;
		}
		log_info("config: %s = %s (was %s)", option_rows[i].name, after,
		    before);
		memcpy((char *)s + option_rows[i].offset,
		    (char *)&fresh + option_rows[i].offset,
		    option_rows[i].kind == OPTION_RATE ? sizeof(double) :
		    sizeof(int));
	}
	/*
	 * Live settings are numbers; the texts the old ones pointed into are
	 * still those of every setting a restart would change.
	 */
	options_free_texts(options.texts, options.ntexts);
	options.texts = old;
	options.ntexts = nold;
	log_info("config: reloaded %s%s", fresh.config != NULL ? fresh.config :
	    "the command line", changed ? "" : ", nothing changed");
	return (true);
}
