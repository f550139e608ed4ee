/*
 * stats.c: latency samples and percentiles, the CPU time and memory of the
 * daemon (from /proc) and of the bench itself, and recognising the bench's
 * own messages on the wire.
 */
#include <sys/resource.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define LAT_MAX_US	UINT32_MAX

void
lat_add(struct lat *l, uint64_t us)
{
	if (l->n == l->cap) {
		l->cap = l->cap * 2 + 1024;
		if ((l->us = realloc(l->us, l->cap * sizeof *l->us)) == NULL)
			abort();
	}
	l->us[l->n++] = us > LAT_MAX_US ? LAT_MAX_US : (uint32_t)us;
}

void
lat_free(struct lat *l)
{
	free(l->us);
	memset(l, 0, sizeof *l);
}

static int
lat_cmp(const void *a, const void *b)
{
	uint32_t	x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x < y ? -1 : x > y);
}

/* Nearest-rank quantile; sorting on each call is cheap beside a run. */
double
lat_ms(struct lat *l, double q)
{
	size_t	i;

	if (l->n == 0)
		return (0);
	qsort(l->us, l->n, sizeof *l->us, lat_cmp);
	i = (size_t)(q * (double)l->n);
	if (i >= l->n)
		i = l->n - 1;
	return (l->us[i] / 1000.0);
}

json_t *
lat_json(struct lat *l)
{
	return (json_pack("{s:I, s:f, s:f, s:f}", "n", (json_int_t)l->n,
	    "p50_ms", lat_ms(l, 0.5), "p99_ms", lat_ms(l, 0.99),
	    "max_ms", lat_ms(l, 1.0)));
}

/* utime, stime, cutime, cstime from /proc/PID/stat, in seconds. */
static double
usage_proc_cpu(pid_t pid, bool children)
{
	char		 path[64], buf[4096], *p;
	unsigned long	 ut, st;
	long		 cut, cst;
	FILE		*f;
	size_t		 n;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return (0);
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The command name may hold spaces: fields count from its ')'. */
	if ((p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu %ld %ld",
	    &ut, &st, &cut, &cst) != 4)
		return (0);
	return ((double)(ut + st + (children ? (unsigned long)(cut + cst) : 0)) /
	    (double)sysconf(_SC_CLK_TCK));
}

long
usage_rss_kib(pid_t pid)
{
	char	 path[64], line[256];
	long	 kib = 0;
	FILE	*f;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return (0);
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	}
	fclose(f);
	return (kib);
}

void
usage_take(pid_t pid, bool children, struct usage *u)
{
	struct rusage	ru;

	u->wall_us = bench_now_us();
	u->daemon_cpu_s = pid > 0 ? usage_proc_cpu(pid, children) : 0;
	u->daemon_rss_kib = pid > 0 ? usage_rss_kib(pid) : 0;
	getrusage(RUSAGE_SELF, &ru);
	u->gen_cpu_s = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	u->gen_rss_kib = usage_rss_kib(getpid());
}

double
usage_daemon_cpu(const struct usage *from, const struct usage *to)
{
	return (to->daemon_cpu_s - from->daemon_cpu_s);
}

json_t *
usage_json(const struct usage *from, const struct usage *to)
{
	double	wall = (double)(to->wall_us - from->wall_us) / 1e6;
	double	dcpu = usage_daemon_cpu(from, to);
	double	gcpu = to->gen_cpu_s - from->gen_cpu_s;

	if (wall <= 0)
		wall = 1e-9;
	return (json_pack("{s:f, s:f, s:f, s:I, s:f, s:f, s:I}",
	    "wall_s", wall,
	    "daemon_cpu_s", dcpu,
	    "daemon_cpu_pct", 100.0 * dcpu / wall,
	    "daemon_rss_kib", (json_int_t)to->daemon_rss_kib,
	    "gen_cpu_s", gcpu,
	    "gen_cpu_pct", 100.0 * gcpu / wall,
	    "gen_rss_kib", (json_int_t)to->gen_rss_kib));
}

bool
bench_is_ok_reply(const char *line)
{
	return (strstr(line, "\"re\":") != NULL &&
	    strstr(line, "\"ok\":true") != NULL);
}

/*
 * A bench message reaching a session: a msg event, or on the sending
 * session the ok reply to room.send, which carries the same msg object
 * (the daemon sends the event to the sender's other sessions only).
 */
bool
bench_parse_msg(const char *line, uint64_t *seq, uint64_t *sent_us)
{
	const char	*p;

	if ((strstr(line, "\"ev\":\"msg\"") == NULL &&
	    !bench_is_ok_reply(line)) ||
	    (p = strstr(line, "\"body\":\"bench ")) == NULL)
		return (false);
	return (sscanf(p + 14, "%" SCNu64 " t%" SCNu64, seq, sent_us) == 2);
}
