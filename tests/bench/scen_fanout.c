/*
 * scen_fanout.c: scenario 3, fanout latency. Every member of a region room
 * of 10, 50, 100, 200 and 1,000 people is online; one of them sends a
 * message, and the time from sending to the last member's receipt (the
 * sender's own copy of the event included) is one sample. Messages are paced: the next
 * leaves a short gap after the previous one reached everybody. With the
 * daemon's disk syncs logged (run.sh preloads fsync_delay.c with no delay),
 * their times during the room's messages are reported beside: each message
 * leaves only after its commit, so they are the disk's share of a sample.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"

#define FANOUT_MESSAGES		200	/* per room; the standard run sends more */
#define FANOUT_MESSAGES_STANDARD 500
#define FANOUT_GAP_US		2000
#define FANOUT_LOST_US		5000000	/* a message not everywhere by then is lost */
#define FANOUT_SETTLE_MS	500
#define FANOUT_MAX_MS		60000	/* for all the messages of one room */

struct fanout {
	struct bench	*b;
	struct bsess	**sender;	/* the fill's slot: NULL once gone */
	char		 room[64];
	int		 members;	/* online */
	int		 messages;	/* to send */
	uint64_t	 seq;		/* of the message in flight; 0 before the first */
	uint64_t	 sent_us;
	int		 got;
	bool		 inflight;
	uint64_t	 next_us;	/* when the next may leave */
	int		 sent;
	int		 complete;
	int		 lost;
	long		 dup_or_stale;
	struct lat	 last;		/* send to the last member's receipt */
	struct lat	 each;		/* send to every receipt */
};

static void
fanout_line(struct bsess *bs, char *line, size_t len, void *arg)
{
	struct fanout	*f = arg;
	uint64_t	 seq, sent_us, now;

	if (!bench_parse_msg(line, &seq, &sent_us))
		return;
	if (!f->inflight || seq != f->seq) {
		f->dup_or_stale++;
		return;
	}
	now = bench_now_us();
	lat_add(&f->each, now - sent_us);
	if (++f->got < f->members)
		return;
	lat_add(&f->last, now - sent_us);
	f->complete++;
	f->inflight = false;
	f->next_us = now + FANOUT_GAP_US;
}

static const struct bsess_ops fanout_ops = { NULL, fanout_line, NULL };

/* The daemon's disk syncs that began between from_us and to_us, or null. */
static json_t *
fanout_disk_syncs(const struct bench *b, uint64_t from_us, uint64_t to_us)
{
	struct lat		 syncs;
	FILE			*f;
	unsigned long long	 start, us;
	json_t			*o;

	if (b->fsync_log == NULL || (f = fopen(b->fsync_log, "r")) == NULL)
		return (json_null());
	memset(&syncs, 0, sizeof syncs);
	while (fscanf(f, "%llu %llu", &start, &us) == 2) {
		if (start >= from_us && start < to_us)
			lat_add(&syncs, us);
	}
	fclose(f);
	o = lat_json(&syncs);
	lat_free(&syncs);
	return (o);
}

static void
fanout_tick(struct bench *b, void *arg)
{
	struct fanout	*f = arg;
	uint64_t	 now = bench_now_us();

	if (f->inflight && now - f->sent_us > FANOUT_LOST_US) {
		f->lost++;
		f->inflight = false;
	}
	if (f->inflight || now < f->next_us || f->sent == f->messages ||
	    *f->sender == NULL)
		return;
	f->seq++;
	f->got = 0;
	f->sent++;
	f->inflight = true;
	f->sent_us = now;
	bsess_sendf(*f->sender, "{\"id\":%d,\"op\":\"room.send\",\"room\":\"%s\","
	    "\"body\":\"bench %lu t%lu\"}", f->sent, f->room,
	    (unsigned long)f->seq, (unsigned long)now);
}

static bool
fanout_done(void *arg)
{
	struct fanout	*f = arg;

	return ((f->sent == f->messages || *f->sender == NULL) &&
	    !f->inflight);
}

static json_t *
fanout_room(struct bench *b, enum bench_group g)
{
	struct fanout	  f;
	struct bench_fill *fill;
	struct usage	  u0, u1;
	json_t		 *o;
	int		  n = b->layout.count[g], first = b->layout.first[g], i;
	double		  deliveries, cpu_us;
	char		  region[48];

	memset(&f, 0, sizeof f);
	f.b = b;
	f.messages = b->size == SIZE_QUICK ? FANOUT_MESSAGES :
	    FANOUT_MESSAGES_STANDARD;
	layout_region(&b->layout, first, region, sizeof region);
	snprintf(f.room, sizeof f.room, "region:%s", region);
	fill = bench_fill(b, first, n, BENCH_CONNECT_PARALLEL, &fanout_ops, &f,
	    30000 + n * 20);
	f.members = fill->ready;
	for (i = 0; i < n && f.sender == NULL; i++) {
		if (fill->v[i] != NULL)
			f.sender = &fill->v[i];
	}
	bench_sleep(b, FANOUT_SETTLE_MS);
	usage_take(b->pid, false, &u0);
	if (f.sender != NULL) {
		b->on_tick = fanout_tick;
		b->tick_arg = &f;
		bench_wait(b, fanout_done, &f, FANOUT_MAX_MS);
		b->on_tick = NULL;
	}
	usage_take(b->pid, false, &u1);
	fprintf(stderr, "staffroom-bench: fanout %s: %d online, %d/%d messages "
	    "everywhere, p99 %.2f ms\n", f.room, f.members, f.complete, f.sent,
	    lat_ms(&f.last, 0.99));
	/* Less at the mercy of the machine's load than the latencies. */
	deliveries = (double)f.complete * f.members;
	cpu_us = deliveries > 0 ? usage_daemon_cpu(&u0, &u1) * 1e6 /
	    deliveries : 0.0;
	o = json_pack("{s:s, s:i, s:i, s:i, s:i, s:I, s:f, s:o, s:o, s:o, s:o}",
	    "room", f.room, "members_online", f.members, "messages", f.sent,
	    "complete", f.complete, "lost", f.lost,
	    "unexpected", (json_int_t)f.dup_or_stale,
	    "daemon_cpu_us_per_delivery", cpu_us,
	    "last_member", lat_json(&f.last), "every_delivery", lat_json(&f.each),
	    "disk_sync", fanout_disk_syncs(b, u0.wall_us, u1.wall_us),
	    "usage", usage_json(&u0, &u1));
	lat_free(&f.last);
	lat_free(&f.each);
	bench_fill_close(fill);
	bench_sleep(b, FANOUT_SETTLE_MS);
	return (o);
}

int
scen_fanout(struct bench *b, json_t *out)
{
	static const enum bench_group groups[] = { GROUP_F10, GROUP_F50,
	    GROUP_F100, GROUP_F200, GROUP_F1000 };
	static const char *const names[] = { "room10", "room50", "room100",
	    "room200", "room1000" };
	size_t	i;

	for (i = 0; i < sizeof groups / sizeof groups[0]; i++) {
		if (b->layout.count[groups[i]] > 0)
			json_object_set_new(out, names[i], fanout_room(b, groups[i]));
	}
	return (0);
}
