/*
 * scen_idle.c: scenario 2, idle sessions. Holds 1,000 signed-in sessions
 * (10,000 with --large), each with its subsystem channel open and its hello
 * read, and reads the daemon's RSS before and after: the growth divided by
 * the sessions held is the memory an idle person costs. While they are
 * held, one of them times ping round trips.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"

#define IDLE_PINGS		200
#define IDLE_SETTLE_MS		1000
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
	struct bench_fill	 *f;
	struct idle_ping	  p;
	struct usage		  u0, u1;
	int			  n = b->size == SIZE_LARGE ? 10000 : 1000;
	int			  ready;
	long			  rss0, rss1, gen0;

	if (n > b->layout.total)
		n = b->layout.total;
	memset(&p, 0, sizeof p);
	usage_take(b->pid, false, &u0);
	rss0 = u0.daemon_rss_kib;
	gen0 = u0.gen_rss_kib;
	f = bench_fill(b, 0, n, BENCH_CONNECT_PARALLEL, &idle_ops, NULL,
	    30000 + n * 20);
	ready = f->ready;
	bench_sleep(b, IDLE_SETTLE_MS);
	usage_take(b->pid, false, &u1);
	rss1 = u1.daemon_rss_kib;
	fprintf(stderr, "staffroom-bench: idle: %d of %d sessions held, daemon RSS "
	    "%ld -> %ld KiB%s%s\n", ready, n, rss0, rss1,
	    b->failed > 0 ? "; last failure: " : "", b->last_error);
	if (f->v[0] != NULL) {
		p.bs = &f->v[0];
		f->v[0]->data = &p;
		idle_ping_send(&p);
		bench_wait(b, idle_pings_done, &p, IDLE_PING_TIMEOUT_MS);
	}
	json_object_set_new(out, "sessions", json_integer(ready));
	json_object_set_new(out, "wanted", json_integer(n));
	json_object_set_new(out, "rss_before_kib", json_integer(rss0));
	json_object_set_new(out, "rss_after_kib", json_integer(rss1));
	json_object_set_new(out, "kib_per_session",
	    json_real(ready > 0 ? (double)(rss1 - rss0) / ready : 0));
	json_object_set_new(out, "gen_kib_per_session",
	    json_real(ready > 0 ? (double)(u1.gen_rss_kib - gen0) / ready : 0));
	json_object_set_new(out, "ping", lat_json(&p.lat));
	json_object_set_new(out, "usage", usage_json(&u0, &u1));
	lat_free(&p.lat);
	bench_fill_close(f);
	return (ready == n ? 0 : 1);
}
