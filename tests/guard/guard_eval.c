/*
 * guard_eval.c: the pupil-data guard measured on generated lines (corpus.c),
 * as TAP. For each template set it reports recall per kind and the lines of
 * near misses and ordinary talk flagged (per kind), and checks the goals of
 * issue 15: at least 99% of UPN, ULN and NHS-number lines flagged, at least
 * 90% of name-with-date-of-birth lines, at most 1% of ordinary lines (and
 * of near misses). Ratios only; the seed and "today" are fixed.
 *
 * usage: guard_eval [-n LINES] [-s SEED] [-t dev|heldout|fresh] [-b|-p] [-v]
 *   -n  lines per class (default 2000)     -s  seed (default 1)
 *   -t  one set only (default both)        -p  print "class<TAB>line", no test
 *   -b  the guard's CPU time per line and per 100 characters, per class
 *   -v  show each line judged wrong (as TAP comments)
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "staffroom/common.h"
#include "corpus.h"
#include "guard.h"

#define TODAY	((time_t)1796428800)	/* 2026-12-05 */
#define nitems(a)	(sizeof (a) / sizeof (a)[0])

/* The kind each class should be flagged with; 0: must pass. */
static const unsigned class_kind[CORPUS_CLASS_COUNT] = {
	GUARD_UPN, GUARD_ULN, GUARD_NHS, GUARD_NAME_DOB, 0, 0,
};

/* Goals in per cent: positives at least, negatives at most. */
static const int class_goal[CORPUS_CLASS_COUNT] = { 99, 99, 99, 90, 1, 1 };

struct counts {
	long	lines;
	long	hits;			/* positives: right kind; else any flag */
	long	by_kind[GUARD_KIND_COUNT];	/* lines flagged with each kind */
};

static int	test_number;
static int	failed;

static void
tap(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
tap(bool ok, const char *fmt, ...)
{
	va_list	ap;

	printf("%sok %d - ", ok ? "" : "not ", ++test_number);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	failed += !ok;
}

static double
percent(long part, long whole)
{
	return (whole == 0 ? 0.0 : 100.0 * (double)part / (double)whole);
}

static void
judge(const struct corpus_set *set, enum corpus_class cls, long n,
    uint64_t seed, bool verbose)
{
	struct corpus	 c;
	struct counts	 k = { 0 };
	char		 line[1024], kinds[64];
	unsigned	 found, want = class_kind[cls];
	bool		 right;
	long		 i;
	int		 b;

	/* Each class its own stream, so adding lines to one leaves the rest. */
	corpus_init(&c, set, seed * 1000003u + (uint64_t)cls + 1, TODAY);
	for (i = 0; i < n; i++) {
		corpus_line(&c, cls, line, sizeof line);
		found = guard_scan(line, strlen(line), TODAY);
		right = want != 0 ? (found & want) != 0 : found == 0;
		k.lines++;
		k.hits += want != 0 ? right : found != 0;
		for (b = 0; b < GUARD_KIND_COUNT; b++)
			k.by_kind[b] += (found & (1u << b)) != 0;
		if (verbose && !right) {
			guard_kinds_format(found, false, kinds, sizeof kinds);
			printf("# %s missed: [%s] %s\n", corpus_class_name(cls),
			    kinds, line);
		}
	}
	printf("# %s/%s: %ld lines,", set->name, corpus_class_name(cls),
	    k.lines);
	for (b = 0; b < GUARD_KIND_COUNT; b++)
		printf(" %s %ld%s", guard_kind_name(1u << b), k.by_kind[b],
		    b + 1 < GUARD_KIND_COUNT ? "," : "\n");
	if (want != 0)
		tap(k.hits * 100 >= class_goal[cls] * k.lines,
		    "%s: %s lines flagged %s: %.2f%% (goal >= %d%%)", set->name,
		    corpus_class_name(cls), guard_kind_name(want),
		    percent(k.hits, k.lines), class_goal[cls]);
	else
		tap(k.hits * 100 <= class_goal[cls] * k.lines,
		    "%s: %s lines flagged: %.2f%% (goal <= %d%%)", set->name,
		    corpus_class_name(cls), percent(k.hits, k.lines),
		    class_goal[cls]);
}

static void
print_corpus(const struct corpus_set *set, long n, uint64_t seed)
{
	struct corpus	c;
	char		line[1024];
	int		cls;
	long		i;

	for (cls = 0; cls < CORPUS_CLASS_COUNT; cls++) {
		corpus_init(&c, set, seed * 1000003u + (uint64_t)cls + 1, TODAY);
		for (i = 0; i < n; i++) {
			corpus_line(&c, cls, line, sizeof line);
			printf("%s\t%s\n", corpus_class_name(cls), line);
		}
	}
}

static double
cpu_seconds(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

#define BENCH_ROUNDS	20	/* each line scanned this often: a stable figure */

/*
 * The guard's CPU cost per class: the lines are made first, so only
 * guard_scan is timed. A figure to set beside the daemon's CPU per message
 * (docs/BENCHMARKS.md), not a test.
 */
static void
bench_corpus(const struct corpus_set *set, long n, uint64_t seed)
{
	struct corpus	  c;
	char		(*lines)[1024] = xcalloc((size_t)n, sizeof *lines);
	size_t		  chars;
	unsigned	  sink = 0;
	double		  start, used;
	long		  i;
	int		  cls, r;

	for (cls = 0; cls < CORPUS_CLASS_COUNT; cls++) {
		corpus_init(&c, set, seed * 1000003u + (uint64_t)cls + 1, TODAY);
		chars = 0;
		for (i = 0; i < n; i++) {
			corpus_line(&c, cls, lines[i], sizeof lines[i]);
			chars += strlen(lines[i]);
		}
		start = cpu_seconds();
		for (r = 0; r < BENCH_ROUNDS; r++) {
			for (i = 0; i < n; i++)
				sink |= guard_scan(lines[i], strlen(lines[i]),
				    TODAY);
		}
		used = (cpu_seconds() - start) / BENCH_ROUNDS;
		printf("%s\t%s\t%.3f us/line\t%.3f us/100 chars\t(%zu chars "
		    "a line)\n", set->name, corpus_class_name(cls),
		    used * 1e6 / (double)n, used * 1e8 / (double)chars,
		    chars / (size_t)n);
	}
	free(lines);
	if (sink == GUARD_KINDS_ALL + 1)	/* never: keeps the calls */
		printf("\n");
}

int
main(int argc, char **argv)
{
	const struct corpus_set	*sets[] = { &corpus_fresh, &corpus_heldout,
				    &corpus_dev };
	const struct corpus_set	*only = NULL;
	uint64_t		 seed = 1;
	long			 n = 2000;
	bool			 bench = false, print = false, verbose = false;
	size_t			 s;
	int			 ch, cls;

	while ((ch = getopt(argc, argv, "bn:ps:t:v")) != -1) {
		switch (ch) {
		case 'b':
			bench = true;
			break;
		case 'n':
			n = atol(optarg);
			break;
		case 'p':
			print = true;
			break;
		case 's':
			seed = strtoull(optarg, NULL, 10);
			break;
		case 't':
			for (s = 0; s < nitems(sets); s++) {
				if (strcmp(optarg, sets[s]->name) == 0)
					only = sets[s];
			}
			if (only == NULL)
				goto usage;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			goto usage;
		}
	}
	if (n <= 0)
		goto usage;
	for (s = 0; s < nitems(sets); s++) {
		if (only != NULL && sets[s] != only)
			continue;
		if (print || bench) {
			(print ? print_corpus : bench_corpus)(sets[s], n, seed);
			continue;
		}
		for (cls = 0; cls < CORPUS_CLASS_COUNT; cls++)
			judge(sets[s], cls, n, seed, verbose);
	}
	if (!print && !bench)
		printf("1..%d\n", test_number);
	return (failed == 0 ? 0 : 1);
usage:
	fprintf(stderr, "usage: guard_eval [-n LINES] [-s SEED] "
	    "[-t dev|heldout|fresh] [-b|-p] [-v]\n");
	return (2);
}
