/*
 * main.c: staffroom-bench's commands. tests/bench/run.sh drives them:
 *
 *   setup --keys DIR --out DIR [--size S]      keys (cached), regions.csv, users.csv
 *   gen-messages --db FILE --count N           fill a store before its daemon starts
 *   gen-posts --db FILE --count N              the same with board posts
 *   run SCENARIO --port P --pid PID --keys DIR [--size S] [--out FILE]
 *       [--sshd-port P --sshd-pid PID] [--raw-db FILE] [--fsync-log FILE]
 *   report --dir DIR --json FILE               the table and bench-results.json
 *   --smoke --port P --keys DIR                a few sessions; asserts delivery
 *
 * Scenarios: logins, idle, fanout, throughput, ingest, reads, slowdisk, smoke.
 */
#include <sys/resource.h>

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

struct bench_scenario {
	const char	*name;
	int		(*run)(struct bench *, json_t *);
};

static const struct bench_scenario bench_scenarios[] = {
	{ "logins", scen_logins },
	{ "idle", scen_idle },
	{ "fanout", scen_fanout },
	{ "throughput", scen_throughput },
	{ "ingest", scen_ingest },
	{ "reads", scen_reads },
	{ "slowdisk", scen_slowdisk },
	{ "smoke", scen_smoke },
};

static const char *const bench_size_names[] = {
	[SIZE_SMOKE] = "smoke",
	[SIZE_QUICK] = "quick",
	[SIZE_STANDARD] = "standard",
	[SIZE_LARGE] = "large",
};

struct bench_args {
	const char	*keys;
	const char	*out;
	const char	*db;
	const char	*dir;
	const char	*json;
	long		 count;
	bool		 smoke;
};

static void
bench_usage(void)
{
	fprintf(stderr,
"usage: staffroom-bench setup --keys DIR --out DIR [--size S]\n"
"       staffroom-bench gen-messages --db FILE --count N\n"
"       staffroom-bench gen-posts --db FILE --count N\n"
"       staffroom-bench run SCENARIO --port P --pid PID --keys DIR [--size S]\n"
"           [--out FILE] [--sshd-port P --sshd-pid PID] [--raw-db FILE]\n"
"           [--fsync-log FILE]\n"
"       staffroom-bench report --dir DIR --json FILE\n"
"       staffroom-bench --smoke --port P --keys DIR\n"
"sizes: smoke, quick, standard (default), large\n"
"scenarios: logins, idle, fanout, throughput, ingest, reads, slowdisk, smoke\n");
	exit(2);
}

static enum bench_size
bench_size_parse(const char *s)
{
	size_t	i;

	for (i = 0; i < sizeof bench_size_names / sizeof bench_size_names[0]; i++) {
		if (strcmp(s, bench_size_names[i]) == 0)
			return ((enum bench_size)i);
	}
	bench_usage();
	return (SIZE_STANDARD);
}

/* Raises the soft limit on open files to the hard one; returns the limit. */
static long
bench_raise_nofile(void)
{
	struct rlimit	rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return (-1);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	getrlimit(RLIMIT_NOFILE, &rl);
	return ((long)rl.rlim_cur);
}

static void
bench_parse(int argc, char **argv, struct bench *b, struct bench_args *a)
{
	static const struct option opts[] = {
		{ "keys", required_argument, NULL, 'k' },
		{ "out", required_argument, NULL, 'o' },
		{ "size", required_argument, NULL, 's' },
		{ "port", required_argument, NULL, 'p' },
		{ "pid", required_argument, NULL, 'P' },
		{ "sshd-port", required_argument, NULL, 'q' },
		{ "sshd-pid", required_argument, NULL, 'Q' },
		{ "raw-db", required_argument, NULL, 'r' },
		{ "fsync-log", required_argument, NULL, 'F' },
		{ "db", required_argument, NULL, 'D' },
		{ "count", required_argument, NULL, 'n' },
		{ "dir", required_argument, NULL, 'd' },
		{ "json", required_argument, NULL, 'j' },
		{ "smoke", no_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};
	int	ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'k':
			a->keys = optarg;
			break;
		case 'o':
			a->out = optarg;
			break;
		case 's':
			b->size = bench_size_parse(optarg);
			break;
		case 'p':
			b->port = atoi(optarg);
			break;
		case 'P':
			b->pid = (pid_t)atol(optarg);
			break;
		case 'q':
			b->sshd_port = atoi(optarg);
			break;
		case 'Q':
			b->sshd_pid = (pid_t)atol(optarg);
			break;
		case 'r':
			b->raw_db = optarg;
			break;
		case 'F':
			b->fsync_log = optarg;
			break;
		case 'D':
			a->db = optarg;
			break;
		case 'n':
			a->count = atol(optarg);
			break;
		case 'd':
			a->dir = optarg;
			break;
		case 'j':
			a->json = optarg;
			break;
		case 'S':
			a->smoke = true;
			break;
		default:
			bench_usage();
		}
	}
}

static int
bench_write(json_t *doc, const char *path)
{
	int	rc;

	rc = path != NULL ? json_dump_file(doc, path, JSON_INDENT(2)) :
	    json_dumpf(doc, stdout, JSON_INDENT(2));
	if (path == NULL)
		fputc('\n', stdout);
	return (rc == 0 ? 0 : 1);
}

static int
bench_run(struct bench *b, const struct bench_args *a, const char *name)
{
	const struct bench_scenario	*sc = NULL;
	json_t				*doc, *result = json_object();
	size_t				 i;
	long				 nofile;
	int				 rc;

	for (i = 0; i < sizeof bench_scenarios / sizeof bench_scenarios[0]; i++) {
		if (strcmp(bench_scenarios[i].name, name) == 0)
			sc = &bench_scenarios[i];
	}
	if (sc == NULL || b->port <= 0 || a->keys == NULL)
		bench_usage();
	b->keydir = a->keys;
	layout_make(b->size, &b->layout);
	nofile = bench_raise_nofile();
	bench_init(b);
	rc = sc->run(b, result);
	bench_free(b);
	doc = json_pack("{s:s, s:s, s:i, s:I, s:o}", "scenario", sc->name,
	    "size", bench_size_names[b->size], "rc", rc,
	    "nofile", (json_int_t)nofile, "result", result);
	if (bench_write(doc, a->out) != 0)
		rc = 1;
	json_decref(doc);
	return (rc);
}

int
main(int argc, char **argv)
{
	struct bench		b;
	struct bench_args	a;
	const char		*cmd;

	memset(&b, 0, sizeof b);
	memset(&a, 0, sizeof a);
	b.size = SIZE_STANDARD;
	signal(SIGPIPE, SIG_IGN);
	ssh_init();
	if (argc < 2)
		bench_usage();
	/* --smoke stands alone; anything else is a command, then its options. */
	cmd = argv[1][0] == '-' ? "" : argv[1];
	if (*cmd == '\0')
		bench_parse(argc, argv, &b, &a);
	else
		bench_parse(argc - 1, argv + 1, &b, &a);
	if (a.smoke) {
		b.size = SIZE_SMOKE;
		return (bench_run(&b, &a, "smoke"));
	}
	if (strcmp(cmd, "setup") == 0 && a.keys != NULL && a.out != NULL)
		return (layout_setup(a.keys, a.out, b.size) == 0 ? 0 : 1);
	if (strcmp(cmd, "gen-messages") == 0 && a.db != NULL && a.count > 0)
		return (sqlgen_messages(a.db, a.count) == 0 ? 0 : 1);
	if (strcmp(cmd, "gen-posts") == 0 && a.db != NULL && a.count > 0)
		return (sqlgen_posts(a.db, a.count) == 0 ? 0 : 1);
	if (strcmp(cmd, "report") == 0 && a.dir != NULL && a.json != NULL)
		return (report_run(a.dir, a.json));
	if (strcmp(cmd, "run") == 0 && optind < argc - 1)
		return (bench_run(&b, &a, argv[optind + 1]));
	bench_usage();
	return (2);
}
