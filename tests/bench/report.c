/*
 * report.c: gathers the scenarios' JSON files (DIR/scen-NAME.json) into
 * bench-results.json and prints one readable table: every figure beside
 * the baseline daemon's (--baseline) and the reference (sshd, raw SQLite)
 * where the run measured them, and beside its goal.
 */
#include <sys/utsname.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "bench.h"

enum goal_op { GOAL_NONE, GOAL_MAX, GOAL_MIN };

struct report_row {
	const char	*label;
	const char	*path;		/* "scenario.field.field" in the document */
	const char	*reference;	/* the same figure of sshd, raw SQLite..., or NULL */
	const char	*unit;
	enum goal_op	 op;
	double		 goal;
};

/* A fanout room's three figures; goals where issue 25 set them. */
#define REPORT_FANOUT(n, p50op, p50, p99op, p99)				\
	{ "fanout " #n ", last member p50",					\
	  "fanout.room" #n ".last_member.p50_ms", NULL, "ms", p50op, p50 },	\
	{ "fanout " #n ", last member p99",					\
	  "fanout.room" #n ".last_member.p99_ms", NULL, "ms", p99op, p99 },	\
	{ "fanout " #n ", last member max",					\
	  "fanout.room" #n ".last_member.max_ms", NULL, "ms", GOAL_NONE, 0 }

/* The daemon's disk syncs while a room's messages went round (each waits for one). */
#define REPORT_DISK_SYNC(n)							\
	{ "  disk sync p50 beside fanout " #n,					\
	  "fanout.room" #n ".disk_sync.p50_ms", NULL, "ms", GOAL_NONE, 0 },	\
	{ "  disk sync p99 beside fanout " #n,					\
	  "fanout.room" #n ".disk_sync.p99_ms", NULL, "ms", GOAL_NONE, 0 }

static const struct report_row report_rows[] = {
	{ "logins/s, one at a time", "logins.staffroomd.sequential.logins_per_s",
	  "logins.sshd.sequential.logins_per_s", "/s", GOAL_NONE, 0 },
	{ "logins/s, 8 in parallel", "logins.staffroomd.parallel8.logins_per_s",
	  "logins.sshd.parallel8.logins_per_s", "/s", GOAL_NONE, 0 },
	{ "  ... times sshd (8 in parallel)", "logins.ratio_parallel8", NULL, "x",
	  GOAL_MIN, 50 },
	{ "logins per daemon CPU-second, 8 par.",
	  "logins.staffroomd.parallel8.logins_per_cpu_s",
	  "logins.sshd.parallel8.logins_per_cpu_s", "", GOAL_MIN, 3000 },
	{ "  daemon CPU, 8 in parallel", "logins.staffroomd.parallel8.usage.daemon_cpu_pct",
	  "logins.sshd.parallel8.usage.daemon_cpu_pct", "%", GOAL_NONE, 0 },
	{ "  bench CPU, 8 in parallel", "logins.staffroomd.parallel8.usage.gen_cpu_pct",
	  "logins.sshd.parallel8.usage.gen_cpu_pct", "%", GOAL_NONE, 0 },
	{ "idle session, daemon RSS", "idle.kib_per_session", NULL, "KiB",
	  GOAL_MAX, 20 },
	{ "  sessions held", "idle.sessions", NULL, "", GOAL_NONE, 0 },
	{ "  daemon RSS with them held", "idle.rss_after_kib", NULL, "KiB",
	  GOAL_NONE, 0 },
	{ "  ping p99 while held", "idle.ping.p99_ms", NULL, "ms", GOAL_NONE, 0 },
	REPORT_FANOUT(10, GOAL_NONE, 0, GOAL_NONE, 0),
	REPORT_FANOUT(50, GOAL_MAX, 1, GOAL_MAX, 3),
	REPORT_FANOUT(100, GOAL_NONE, 0, GOAL_MAX, 5),
	REPORT_FANOUT(200, GOAL_MAX, 2.5, GOAL_MAX, 6),
	REPORT_FANOUT(1000, GOAL_NONE, 0, GOAL_MAX, 20),
	REPORT_DISK_SYNC(50),
	REPORT_DISK_SYNC(200),
	{ "  daemon CPU, fanout 1000", "fanout.room1000.usage.daemon_cpu_pct", NULL,
	  "%", GOAL_NONE, 0 },
	{ "  daemon CPU per delivery, fanout 200",
	  "fanout.room200.daemon_cpu_us_per_delivery", NULL, "us", GOAL_NONE, 0 },
	{ "  daemon CPU per delivery, fanout 1000",
	  "fanout.room1000.daemon_cpu_us_per_delivery", NULL, "us", GOAL_NONE, 0 },
	{ "deliveries/s, p99 <= 100 ms", "throughput.best.deliveries_per_s", NULL,
	  "/s", GOAL_MIN, 100000 },
	{ "  per daemon CPU-second", "throughput.best.deliveries_per_cpu_s", NULL,
	  "", GOAL_MIN, 500000 },
	{ "  messages/s at that step", "throughput.best.msgs_per_s", NULL, "/s",
	  GOAL_NONE, 0 },
	{ "  p99 at that step", "throughput.best.latency.p99_ms", NULL, "ms",
	  GOAL_NONE, 0 },
	{ "  SSH packets per delivery there", "throughput.best.packets_per_delivery",
	  NULL, "", GOAL_NONE, 0 },
	{ "  daemon CPU at that step", "throughput.best.usage.daemon_cpu_pct", NULL,
	  "%", GOAL_NONE, 0 },
	{ "  bench CPU at that step", "throughput.best.usage.gen_cpu_pct", NULL,
	  "%", GOAL_NONE, 0 },
	{ "deliveries/s, all delivered, any p99",
	  "throughput.best_any_latency.deliveries_per_s", NULL, "/s", GOAL_NONE, 0 },
	{ "  per daemon CPU-second", "throughput.best_any_latency.deliveries_per_cpu_s",
	  NULL, "", GOAL_NONE, 0 },
	{ "ingest, acked messages/s", "ingest.acked_per_s", "ingest.raw_rows_per_s",
	  "/s", GOAL_NONE, 0 },
	{ "  ... times raw SQLite", "ingest.ratio", NULL, "x", GOAL_MIN, 0.5 },
	{ "  daemon CPU during ingest", "ingest.usage.daemon_cpu_pct", NULL, "%",
	  GOAL_NONE, 0 },
	{ "ingest, guard on (reference: off)", "ingest.acked_per_s",
	  "ingest_guard_off.acked_per_s", "/s", GOAL_NONE, 0 },
	{ "  ... guard on / guard off", "ingest.guard_ratio", NULL, "x",
	  GOAL_MIN, 0.95 },
	{ "  daemon CPU per acked message", "ingest.cpu_us_per_msg",
	  "ingest_guard_off.cpu_us_per_msg", "us", GOAL_NONE, 0 },
	{ "slow disk (fsync +50 ms): ping p99 alone", "slowdisk.alone.ping.p99_ms",
	  NULL, "ms", GOAL_NONE, 0 },
	{ "  ping p50 beside writers", "slowdisk.beside_writers.ping.p50_ms",
	  NULL, "ms", GOAL_NONE, 0 },
	{ "  ping p99 beside writers", "slowdisk.beside_writers.ping.p99_ms",
	  NULL, "ms", GOAL_NONE, 0 },
	{ "  history p50 beside writers", "slowdisk.beside_writers.history.p50_ms",
	  NULL, "ms", GOAL_NONE, 0 },
	{ "  history p99 beside writers", "slowdisk.beside_writers.history.p99_ms",
	  NULL, "ms", GOAL_NONE, 0 },
	{ "  ingest, acked messages/s", "slowdisk.acked_per_s", NULL, "/s",
	  GOAL_NONE, 0 },
	{ "history newest page p99", "reads.history_newest.p99_ms", NULL, "ms",
	  GOAL_MAX, 5 },
	{ "history deep page p99", "reads.history_deep.p99_ms", NULL, "ms",
	  GOAL_MAX, 5 },
	{ "sync page p99", "reads.sync_random.p99_ms", NULL, "ms", GOAL_MAX, 10 },
	{ "board thread page p99", "reads.board_threads.p99_ms", NULL, "ms",
	  GOAL_MAX, 5 },
	{ "board deep thread page p99", "reads.board_threads_deep.p99_ms", NULL,
	  "ms", GOAL_MAX, 5 },
	{ "search, rare word p99", "reads.search_rare.p99_ms", NULL, "ms",
	  GOAL_MAX, 50 },
	{ "search, word in every post p99", "reads.search_common.p99_ms", NULL,
	  "ms", GOAL_MAX, 50 },
	{ "  messages in that store", "reads.last_id", NULL, "", GOAL_NONE, 0 },
	{ "  daemon RSS on that store", "reads.usage.daemon_rss_kib", NULL, "KiB",
	  GOAL_NONE, 0 },
};

/*
 * Follows a dotted path, its first step (the scenario) with suffix added
 * ("_baseline": the baseline daemon's run); NULL when any step is missing.
 */
static json_t *
report_get_run(json_t *doc, const char *path, const char *suffix)
{
	char	 buf[256], *word, *next;
	json_t	*at = doc;
	size_t	 scenario = strcspn(path, ".");

	snprintf(buf, sizeof buf, "%.*s%s%s", (int)scenario, path, suffix,
	    path + scenario);
	for (word = buf; word != NULL && at != NULL; word = next) {
		if ((next = strchr(word, '.')) != NULL)
			*next++ = '\0';
		at = json_object_get(at, word);
	}
	return (json_is_number(at) ? at : NULL);
}

static json_t *
report_get(json_t *doc, const char *path)
{
	return (report_get_run(doc, path, ""));
}

static void
report_number(char *buf, size_t size, json_t *v, const char *unit)
{
	double	x;

	if (v == NULL) {
		snprintf(buf, size, "-");
		return;
	}
	x = json_number_value(v);
	snprintf(buf, size, x >= 1000 ? "%.0f%s" : x >= 10 ? "%.1f%s" : "%.2f%s",
	    x, *unit == '/' || *unit == '%' || *unit == 'x' ? unit : "");
	if (*unit != '\0' && *unit != '/' && *unit != '%' && *unit != 'x')
		snprintf(buf + strlen(buf), size - strlen(buf), " %s", unit);
}

static const char *
report_status(const struct report_row *r, json_t *v)
{
	if (r->op == GOAL_NONE)
		return ("");
	if (v == NULL)
		return ("not measured");
	return ((r->op == GOAL_MAX ? json_number_value(v) <= r->goal :
	    json_number_value(v) >= r->goal) ? "met" : "NOT MET");
}

/*
 * Prints the table: each figure, the baseline daemon's in the same run
 * (--baseline), the reference measured beside it (sshd, raw SQLite), the
 * goal. Adds {"figure", "op", "value", "baseline", "goal", "status"} rows
 * to goals.
 */
static void
report_table(json_t *scen, json_t *goals)
{
	const struct report_row	*r;
	char			 value[32], base[32], ref[32], goal[32], name[64];
	json_t			*v, *bv;
	size_t			 i;

	printf("\n%-37s %11s %11s %11s %10s  %s\n", "figure", "staffroomd",
	    "baseline", "reference", "goal", "");
	for (i = 0; i < sizeof report_rows / sizeof report_rows[0]; i++) {
		r = &report_rows[i];
		/* A scenario left out of the run (--only) has no rows. */
		snprintf(name, sizeof name, "%.*s", (int)strcspn(r->path, "."),
		    r->path);
		if (json_object_get(scen, name) == NULL)
			continue;
		v = report_get(scen, r->path);
		bv = report_get_run(scen, r->path, "_baseline");
		report_number(value, sizeof value, v, r->unit);
		report_number(base, sizeof base, bv, r->unit);
		report_number(ref, sizeof ref, r->reference != NULL ?
		    report_get(scen, r->reference) : NULL, r->unit);
		snprintf(goal, sizeof goal, "-");
		if (r->op != GOAL_NONE) {
			snprintf(goal, sizeof goal, "%s %g", r->op == GOAL_MAX ?
			    "<=" : ">=", r->goal);
			json_array_append_new(goals, json_pack(
			    "{s:s, s:s, s:o, s:o, s:f, s:s}",
			    "figure", r->label, "op", r->op == GOAL_MAX ? "<=" : ">=",
			    "value", v != NULL ? json_incref(v) : json_null(),
			    "baseline", bv != NULL ? json_incref(bv) : json_null(),
			    "goal", r->goal, "status", report_status(r, v)));
		}
		printf("%-37s %11s %11s %11s %10s  %s\n", r->label, value, base,
		    ref, goal, report_status(r, v));
	}
}

static json_t *
report_machine(void)
{
	struct utsname	 u;
	char		 line[512], model[256] = "unknown", *p;
	long		 mem_kib = 0;
	FILE		*f;

	if ((f = fopen("/proc/cpuinfo", "r")) != NULL) {
		while (fgets(line, sizeof line, f) != NULL) {
			if (strncmp(line, "model name", 10) == 0 &&
			    (p = strchr(line, ':')) != NULL) {
				snprintf(model, sizeof model, "%s", p + 2);
				model[strcspn(model, "\n")] = '\0';
				break;
			}
		}
		fclose(f);
	}
	if ((f = fopen("/proc/meminfo", "r")) != NULL) {
		if (fscanf(f, "MemTotal: %ld kB", &mem_kib) != 1)
			mem_kib = 0;
		fclose(f);
	}
	uname(&u);
	return (json_pack("{s:s, s:I, s:I, s:s, s:s, s:s}", "cpu", model,
	    "cores", (json_int_t)sysconf(_SC_NPROCESSORS_ONLN),
	    "mem_mib", (json_int_t)(mem_kib / 1024), "kernel", u.release,
	    "libssh", ssh_version(0), "sqlite", sqlite3_libversion()));
}

/*
 * The pupil-data guard's cost: ingest's rate with the guard on over the
 * rate of the same run with it off (run.sh's ingest_guard_off).
 */
static void
report_guard_ratio(json_t *scen)
{
	static const char *const runs[] = { "ingest", "ingest_guard_off",
	    "ingest_baseline" };
	json_t	*on = report_get(scen, "ingest.acked_per_s");
	json_t	*off = report_get(scen, "ingest_guard_off.acked_per_s");
	json_t	*cpu, *run;
	char	 path[64];
	size_t	 i;

	if (on != NULL && off != NULL && json_number_value(off) > 0)
		json_object_set_new(json_object_get(scen, "ingest"),
		    "guard_ratio", json_real(json_number_value(on) /
		    json_number_value(off)));
	/* Less at the disk's mercy than the rates: CPU per message. */
	for (i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		run = json_object_get(scen, runs[i]);
		snprintf(path, sizeof path, "%s.usage.daemon_cpu_s", runs[i]);
		cpu = report_get(scen, path);
		if (cpu != NULL && json_integer_value(json_object_get(run,
		    "acked")) > 0)
			json_object_set_new(run, "cpu_us_per_msg",
			    json_real(json_number_value(cpu) * 1e6 /
			    (double)json_integer_value(json_object_get(run,
			    "acked"))));
	}
}

/*
 * Reads DIR/scen-NAME.json into {NAME: result} (NAME is the scenario's,
 * or a variant's such as ingest_guard_off); the size of the last one read.
 */
static json_t *
report_load(const char *dir, json_t *runs)
{
	DIR		*d;
	struct dirent	*e;
	json_t		*scen = json_object(), *doc;
	char		 path[4096];

	if ((d = opendir(dir)) == NULL)
		return (scen);
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "scen-", 5) != 0 ||
		    strstr(e->d_name, ".json") == NULL)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if ((doc = json_load_file(path, 0, NULL)) == NULL)
			continue;
		snprintf(path, sizeof path, "%.*s", (int)(strstr(e->d_name,
		    ".json") - e->d_name - 5), e->d_name + 5);
		json_object_set(scen, path, json_object_get(doc, "result"));
		json_array_append_new(runs, json_pack("{s:O, s:O, s:O, s:O}",
		    "scenario", json_object_get(doc, "scenario"),
		    "size", json_object_get(doc, "size"),
		    "rc", json_object_get(doc, "rc"),
		    "nofile", json_object_get(doc, "nofile")));
		json_decref(doc);
	}
	closedir(d);
	return (scen);
}

static const char *
report_text(json_t *obj, const char *key)
{
	const char	*s = json_string_value(json_object_get(obj, key));

	return (s != NULL ? s : "?");
}

int
report_run(const char *dir, const char *json_path)
{
	json_t		*runs = json_array(), *goals = json_array(), *scen, *doc, *how;
	const char	*base;
	char		 when[64], path[4096];
	time_t		 now = time(NULL);
	int		 rc;

	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	/* run.sh's own account of the run: size, pinning, daemon flags. */
	snprintf(path, sizeof path, "%s/run.json", dir);
	if ((how = json_load_file(path, 0, NULL)) == NULL)
		how = json_object();
	scen = report_load(dir, runs);
	report_guard_ratio(scen);
	printf("\nstaffroom-bench, %s run, %s; staffroomd %s\n",
	    report_text(how, "size"), report_text(how, "pinning"),
	    report_text(how, "daemon_flags"));
	base = json_string_value(json_object_get(how, "baseline"));
	if (base != NULL && *base != '\0')
		printf("baseline: %s/daemon/staffroomd, each scenario run just "
		    "before ours\n", base);
	report_table(scen, goals);
	doc = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "date", when,
	    "machine", report_machine(), "run", how, "runs", runs,
	    "goals", goals, "scenarios", scen);
	rc = json_dump_file(doc, json_path, JSON_INDENT(2)) == 0 ? 0 : 1;
	json_decref(doc);
	printf("\nwrote %s\n", json_path);
	return (rc);
}
