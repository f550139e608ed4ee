/*
 * scen_idle.c: scenario 2, idle sessions. Holds 1,000 signed-in sessions
 * (10,000 with --large), each with its subsystem channel open and its hello
 * read, and reads the daemon's RSS after the first 100 and after all: the
 * growth divided by the sessions added is the memory an idle person costs.
 * While they are held, one of them times ping round trips.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"

#define IDLE_PINGS		200
#define IDLE_SETTLE_MS		1000
#define IDLE_WARM		100	/* sessions before the first measurement */
#define IDLE_PING_TIMEOUT_MS	20000

struct idle_ping {
	struct bsess	**bs;		/* the fill's slot: NULL once gone */
	struct lat	 lat;
	int		 sent;
	int		 answered;
	uint64_t	 sent_us;
};

static void
idle_ping_send(struct idle_ping *p)
{
	p->sent_us = bench_now_us();
	p->sent++;
	bsess_sendf(*p->bs, "{\"id\":%d,\"op\":\"ping\"}", p->sent);
}

static void
idle_line(struct bsess *bs, char *line, size_t len, void *arg)
{
	struct idle_ping	*p = bs->data;

	if (p == NULL || strstr(line, "\"re\":") == NULL)
		return;
	lat_add(&p->lat, bench_now_us() - p->sent_us);
	if (++p->answered < IDLE_PINGS)
		idle_ping_send(p);
}

static const struct bsess_ops idle_ops = { NULL, idle_line, NULL };

static bool
idle_pings_done(void *arg)
{
	struct idle_ping	*p = arg;

	return (p->answered == IDLE_PINGS || *p->bs == NULL);
}

int
scen_idle(struct bench *b, json_t *out)
{
	struct bench_fill	 *warm, *f;
	struct idle_ping	  p;
	struct usage		  u0, uw, u1;
	int			  n = b->size == SIZE_LARGE ? 10000 : 1000;
	int			  ready;

	if (n > b->layout.total)
		n = b->layout.total;
	memset(&p, 0, sizeof p);
	usage_take(b->pid, false, &u0);
	/*
	 * The first sessions also pay for what the daemon sets up once (crypto
	 * library state, pages of code first touched): the figure is the growth
	 * from IDLE_WARM sessions to all of them.
	 */
	warm = bench_fill(b, 0, IDLE_WARM, BENCH_CONNECT_PARALLEL, &idle_ops,
	    NULL, 30000);
	bench_sleep(b, IDLE_SETTLE_MS);
	usage_take(b->pid, false, &uw);
	f = bench_fill(b, IDLE_WARM, n - IDLE_WARM, BENCH_CONNECT_PARALLEL,
	    &idle_ops, NULL, 30000 + n * 20);
	ready = warm->ready + f->ready;
	bench_sleep(b, IDLE_SETTLE_MS);
	usage_take(b->pid, false, &u1);
	fprintf(stderr, "staffroom-bench: idle: %d of %d sessions held, daemon RSS "
	    "%ld -> %ld (%d sessions) -> %ld KiB%s%s\n", ready, n,
	    u0.daemon_rss_kib, uw.daemon_rss_kib, warm->ready, u1.daemon_rss_kib,
	    b->failed > 0 ? "; last failure: " : "", b->last_error);
	if (warm->v[0] != NULL) {
		p.bs = &warm->v[0];
		warm->v[0]->data = &p;
		idle_ping_send(&p);
		bench_wait(b, idle_pings_done, &p, IDLE_PING_TIMEOUT_MS);
	}
	json_object_set_new(out, "sessions", json_integer(ready));
	json_object_set_new(out, "wanted", json_integer(n));
	json_object_set_new(out, "rss_before_kib", json_integer(u0.daemon_rss_kib));
	json_object_set_new(out, "rss_warm_kib", json_integer(uw.daemon_rss_kib));
	json_object_set_new(out, "rss_after_kib", json_integer(u1.daemon_rss_kib));
	json_object_set_new(out, "kib_per_session", json_real(f->ready > 0 ?
	    (double)(u1.daemon_rss_kib - uw.daemon_rss_kib) / f->ready : 0));
	json_object_set_new(out, "kib_per_session_from_empty", json_real(ready > 0 ?
	    (double)(u1.daemon_rss_kib - u0.daemon_rss_kib) / ready : 0));
	json_object_set_new(out, "gen_kib_per_session", json_real(f->ready > 0 ?
	    (double)(u1.gen_rss_kib - uw.gen_rss_kib) / f->ready : 0));
	json_object_set_new(out, "ping", lat_json(&p.lat));
	json_object_set_new(out, "usage", usage_json(&u0, &u1));
	lat_free(&p.lat);
	bench_fill_close(f);
	bench_fill_close(warm);
	return (ready == n ? 0 : 1);
}
