/*
 * scen_load.c: the scenarios that push messages as fast as they go.
 *
 * Scenario 4, throughput: rooms of 50 with every member online and several
 * senders in each. The offered rate rises in steps; each step records the
 * latency of every delivery (send to receipt). The figure is the highest
 * step whose p99 stayed within 100 ms with every delivery made; stepping
 * stops after three steps in a row past that, or at the first step that
 * leaves deliveries undone (past capacity, more would only flood).
 *
 * Scenario 5, ingest: senders alone in their rooms keep a window of
 * room.send requests outstanding; acknowledged messages per second is what
 * the store takes in (an ack means committed). Before and after, 50,000
 * rows like theirs go straight into a copy of the database with raw SQLite;
 * the baseline is the mean of the two, as the disk's fsync time drifts.
 *
 * Scenario 7, slowdisk: run.sh starts the daemon with tests/bench's
 * fsync-delay.so preloaded (every fsync 50 ms slower). One person asks,
 * one request at a time, ping and the newest history page of their room,
 * first alone and then while the ingest's senders write as fast as they
 * are acknowledged (16 in flight each): whether reads wait for the
 * writes' disk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define LOAD_BODY_LEN		100	/* characters in each message body */
#define LOAD_SETTLE_MS		500

#define TP_SENDERS_PER_ROOM	5
#define TP_FIRST_RATE		100.0	/* messages per second at the first step */
#define TP_RATE_STEP		1.4
#define TP_MAX_STEPS		20
#define TP_MAX_MISSES		3	/* steps past the goal in a row before stopping */
#define TP_P99_GOAL_MS		100.0
#define TP_DRAIN_MS		1500
#define TP_MAX_BURST		500	/* sends per tick, so a late tick cannot flood */

#define INGEST_SENDERS		10
#define INGEST_WINDOW		128
#define INGEST_RAW_BATCH	100
#define INGEST_RAW_ROWS		50000	/* each time, before and after the daemon */

#define SLOW_QUIET_ASKS		100	/* each kind, before the writers start */
/*
 * room.send in flight per writer: enough to fill every commit, few enough
 * that the daemon waits on the disk, not on a CPU shared with other work.
 */
#define SLOW_WINDOW		16

/* Sends one bench message: its body carries seq and the send time. */
static void
load_send(struct bsess *bs, const char *room, uint64_t seq)
{
	uint64_t	now = bench_now_us();

	bsess_sendf(bs, "{\"id\":%lu,\"op\":\"room.send\",\"room\":\"%s\","
	    "\"body\":\"bench %lu t%lu %0*d\"}", (unsigned long)seq, room,
	    (unsigned long)seq, (unsigned long)now, LOAD_BODY_LEN - 32, 0);
}

static void
load_room_of(const struct bench *b, int user, char *buf, size_t size)
{
	char	region[48];

	layout_region(&b->layout, user, region, sizeof region);
	snprintf(buf, size, "region:%s", region);
}

/* --- throughput ------------------------------------------------------------------ */

struct tp_step {
	double		 rate;		/* offered, messages per second */
	uint64_t	 first_seq;
	uint64_t	 sent;
	uint64_t	 delivered;
	uint64_t	 packets;	/* SSH packets the members received */
	struct lat	 lat;
};

struct tp {
	struct bench	 *b;
	struct bench_fill *fill;
	int		  n;
	int		  rooms;
	struct tp_step	  steps[TP_MAX_STEPS];
	int		  step;		/* the step sending now */
	bool		  sending;
	uint64_t	  step_start_us;
	uint64_t	  seq;		/* last sent */
	int		  next_sender;
	long		  resyncs;
	long		  errors;
};

static struct tp_step *
tp_step_of(struct tp *t, uint64_t seq)
{
	int	i;

	for (i = t->step; i >= 0; i--) {
		if (seq >= t->steps[i].first_seq)
			return (&t->steps[i]);
	}
	return (NULL);
}

static void
tp_line(struct bsess *bs, char *line, size_t len, void *arg)
{
	struct tp	*t = arg;
	struct tp_step	*st;
	uint64_t	 seq, sent_us;

	if (bench_parse_msg(line, &seq, &sent_us)) {
		if ((st = tp_step_of(t, seq)) != NULL) {
			st->delivered++;
			lat_add(&st->lat, bench_now_us() - sent_us);
		}
	} else if (strstr(line, "\"ev\":\"resync\"") != NULL)
		t->resyncs++;
	else if (strstr(line, "\"error\"") != NULL)
		t->errors++;
}

static const struct bsess_ops tp_ops = { NULL, tp_line, NULL };

/* The k-th sender: TP_SENDERS_PER_ROOM per room, taken round robin over rooms. */
static struct bsess *
tp_sender(struct tp *t, int k)
{
	int	room = k % t->rooms, which = k / t->rooms;

	return (t->fill->v[room * BENCH_T_ROOM + which]);
}

static void
tp_tick(struct bench *b, void *arg)
{
	struct tp	*t = arg;
	struct tp_step	*st = &t->steps[t->step];
	struct bsess	*bs;
	double		 elapsed;
	uint64_t	 due;
	char		 room[64];
	int		 burst = 0, nsenders = t->rooms * TP_SENDERS_PER_ROOM;

	if (!t->sending)
		return;
	elapsed = (double)(bench_now_us() - t->step_start_us) / 1e6;
	due = (uint64_t)(elapsed * st->rate);
	while (st->sent < due && burst++ < TP_MAX_BURST) {
		bs = tp_sender(t, t->next_sender);
		t->next_sender = (t->next_sender + 1) % nsenders;
		if (bs == NULL)
			continue;
		load_room_of(b, bs->user, room, sizeof room);
		load_send(bs, room, ++t->seq);
		st->sent++;
	}
}

static bool
tp_drained(void *arg)
{
	struct tp	*t = arg;
	struct tp_step	*st = &t->steps[t->step];

	return (st->delivered >= st->sent * BENCH_T_ROOM);
}

/* Step i of the steps array (a new reference), or null. */
static json_t *
tp_step_of_steps(json_t *steps, int i)
{
	return (i >= 0 ? json_incref(json_array_get(steps, (size_t)i)) :
	    json_null());
}

static json_t *
tp_step_json(struct tp_step *st, double seconds)
{
	double	expected = (double)st->sent * BENCH_T_ROOM;

	/* Below 1: the deliveries of one commit left together (one packet). */
	return (json_pack("{s:f, s:f, s:f, s:f, s:f, s:o}",
	    "offered_msgs_per_s", st->rate,
	    "msgs_per_s", (double)st->sent / seconds,
	    "deliveries_per_s", (double)st->delivered / seconds,
	    "delivered_fraction", expected > 0 ? st->delivered / expected : 0.0,
	    "packets_per_delivery", st->delivered > 0 ?
	    (double)st->packets / st->delivered : 0.0,
	    "latency", lat_json(&st->lat)));
}

/*
 * Runs one step; true when it kept within the goal and delivered everything.
 * *full is the last step that delivered everything, whatever its latency.
 */
static bool
tp_run_step(struct tp *t, int seconds, json_t *steps, int *best, int *full)
{
	struct tp_step	*st = &t->steps[t->step];
	struct usage	 u0, u1, u2;
	json_t		*o;
	bool		 complete, ok;
	uint64_t	 packets = bench_fill_packets_in(t->fill);

	st->first_seq = t->seq + 1;
	usage_take(t->b->pid, false, &u0);
	t->step_start_us = u0.wall_us;
	t->sending = true;
	bench_sleep(t->b, seconds * 1000);
	t->sending = false;
	usage_take(t->b->pid, false, &u1);
	bench_wait(t->b, tp_drained, t, TP_DRAIN_MS);
	usage_take(t->b->pid, false, &u2);
	st->packets = bench_fill_packets_in(t->fill) - packets;
	o = tp_step_json(st, seconds);
	json_object_set_new(o, "usage", usage_json(&u0, &u1));
	/*
	 * What a delivery costs the daemon, whatever else the machine runs:
	 * its CPU until the step's last delivery left, the drain included.
	 */
	json_object_set_new(o, "deliveries_per_cpu_s", json_real(
	    usage_daemon_cpu(&u0, &u2) > 0 ? (double)st->delivered /
	    usage_daemon_cpu(&u0, &u2) : 0.0));
	json_array_append_new(steps, o);
	complete = st->sent > 0 && st->delivered >= st->sent * BENCH_T_ROOM;
	ok = complete && lat_ms(&st->lat, 0.99) <= TP_P99_GOAL_MS;
	fprintf(stderr, "staffroom-bench: throughput step %d: %.0f msg/s offered, "
	    "%.0f deliveries/s, p99 %.1f ms%s\n", t->step, st->rate,
	    (double)st->delivered / seconds, lat_ms(&st->lat, 0.99),
	    ok ? "" : " (past the goal)");
	if (complete)
		*full = t->step;
	if (ok)
		*best = t->step;
	return (ok);
}

int
scen_throughput(struct bench *b, json_t *out)
{
	struct tp	 t;
	json_t		*steps = json_array();
	int		 best = -1, full = -1, misses = 0, i;
	int		 seconds = b->size == SIZE_QUICK ? 2 : 5;
	double		 rate = TP_FIRST_RATE;

	memset(&t, 0, sizeof t);
	t.b = b;
	t.rooms = b->layout.t_rooms;
	t.n = b->layout.count[GROUP_T];
	if (t.rooms == 0)
		return (1);
	t.fill = bench_fill(b, b->layout.first[GROUP_T], t.n,
	    BENCH_CONNECT_PARALLEL, &tp_ops, &t, 30000 + t.n * 20);
	bench_sleep(b, LOAD_SETTLE_MS);
	b->on_tick = tp_tick;
	b->tick_arg = &t;
	/* One step past the goal may be a hiccup of the machine: try the next. */
	for (t.step = 0; t.step < TP_MAX_STEPS && misses < TP_MAX_MISSES;
	    t.step++, rate *= TP_RATE_STEP) {
		t.steps[t.step].rate = rate;
		misses = tp_run_step(&t, seconds, steps, &best, &full) ? 0 :
		    misses + 1;
		if (full != t.step)
			break;
	}
	b->on_tick = NULL;
	json_object_set_new(out, "rooms", json_integer(t.rooms));
	json_object_set_new(out, "members_per_room", json_integer(BENCH_T_ROOM));
	json_object_set_new(out, "senders", json_integer(t.rooms * TP_SENDERS_PER_ROOM));
	json_object_set_new(out, "sessions", json_integer(t.fill->ready));
	json_object_set_new(out, "step_seconds", json_integer(seconds));
	json_object_set_new(out, "resyncs", json_integer(t.resyncs));
	json_object_set_new(out, "errors", json_integer(t.errors));
	json_object_set_new(out, "best", tp_step_of_steps(steps, best));
	json_object_set_new(out, "best_any_latency", tp_step_of_steps(steps, full));
	json_object_set_new(out, "steps", steps);
	for (i = 0; i < TP_MAX_STEPS; i++)
		lat_free(&t.steps[i].lat);
	i = t.fill->ready;
	bench_fill_close(t.fill);
	return (i == t.n ? 0 : 1);
}

/* --- ingest ------------------------------------------------------------------------ */

struct ingest {
	struct bench	*b;
	int		 nsenders;
	struct bench_fill *fills[INGEST_SENDERS];	/* one sender each */
	char		 rooms[INGEST_SENDERS][64];
	char		 handles[INGEST_SENDERS][16];
	int		 outstanding[INGEST_SENDERS];
	bool		 stop;
	uint64_t	 seq;
	long		 acked;
	long		 errors;
};

static void
ingest_line(struct bsess *bs, char *line, size_t len, void *arg)
{
	struct ingest	*in = arg;
	int		 i = (int)(intptr_t)bs->data;

	if (strstr(line, "\"re\":") == NULL)
		return;
	if (bench_is_ok_reply(line))
		in->acked++;
	else
		in->errors++;
	in->outstanding[i]--;
	if (!in->stop) {
		load_send(bs, in->rooms[i], ++in->seq);
		in->outstanding[i]++;
	}
}

/* A sender that went has nothing outstanding any more. */
static void
ingest_gone(struct bsess *bs, const char *why, void *arg)
{
	struct ingest	*in = arg;

	in->outstanding[(int)(intptr_t)bs->data] = 0;
}

static const struct bsess_ops ingest_ops = { NULL, ingest_line, ingest_gone };

static bool
ingest_quiet(void *arg)
{
	struct ingest	*in = arg;
	int		 i, n = 0;

	for (i = 0; i < in->nsenders; i++)
		n += in->outstanding[i];
	return (n == 0);
}

/* One sender per throughput room (or the fanout-10 room): each alone there. */
static void
ingest_connect(struct bench *b, struct ingest *in)
{
	struct bench_fill	*f;
	int			 i, user;
	bool			 own_rooms = b->layout.t_rooms >= INGEST_SENDERS;

	for (i = 0; i < INGEST_SENDERS; i++) {
		user = own_rooms ? b->layout.first[GROUP_T] + i * BENCH_T_ROOM :
		    b->layout.first[GROUP_F10] + i;
		f = bench_fill(b, user, 1, 1, &ingest_ops, in, 30000);
		if (f->v[0] == NULL) {
			bench_fill_close(f);
			continue;
		}
		f->v[0]->data = (void *)(intptr_t)in->nsenders;
		load_room_of(b, user, in->rooms[in->nsenders], 64);
		layout_handle(user, in->handles[in->nsenders], 16);
		in->fills[in->nsenders++] = f;
	}
}

/* Each sender fills its window; each ack sends the next (ingest_line). */
static void
ingest_start(struct ingest *in, int window)
{
	int	i, w;

	for (i = 0; i < in->nsenders; i++) {
		for (w = 0; w < window && in->fills[i]->v[0] != NULL; w++) {
			load_send(in->fills[i]->v[0], in->rooms[i], ++in->seq);
			in->outstanding[i]++;
		}
	}
}

/* Raw SQLite inserting rows like the senders' into a copy of the store: rows/s. */
static double
ingest_raw(struct bench *b, struct ingest *in)
{
	const char	*rooms[INGEST_SENDERS], *handles[INGEST_SENDERS];
	double		 raw;
	int		 i;

	for (i = 0; i < in->nsenders; i++) {
		rooms[i] = in->rooms[i];
		handles[i] = in->handles[i];
	}
	raw = sqlgen_raw_ingest(b->raw_db, rooms, handles, (size_t)in->nsenders,
	    LOAD_BODY_LEN, INGEST_RAW_ROWS, INGEST_RAW_BATCH);
	fprintf(stderr, "staffroom-bench: ingest: raw SQLite %.0f rows/s\n", raw);
	return (raw);
}

int
scen_ingest(struct bench *b, json_t *out)
{
	struct ingest	 in;
	struct usage	 u0, u1;
	double		 wall, rate, raw[2] = { 0, 0 };
	long		 acked;
	int		 i, seconds = b->size == SIZE_QUICK ? 3 : 8;

	memset(&in, 0, sizeof in);
	in.b = b;
	ingest_connect(b, &in);
	/* The disk's fsync time drifts: raw SQLite runs before and after us. */
	if (b->raw_db != NULL && in.nsenders > 0)
		raw[0] = ingest_raw(b, &in);
	bench_sleep(b, LOAD_SETTLE_MS);
	usage_take(b->pid, false, &u0);
	ingest_start(&in, INGEST_WINDOW);
	bench_sleep(b, seconds * 1000);
	in.stop = true;
	usage_take(b->pid, false, &u1);
	acked = in.acked;	/* within the window; the rest drain unmeasured */
	bench_wait(b, ingest_quiet, &in, 10000);
	wall = (double)(u1.wall_us - u0.wall_us) / 1e6;
	rate = (double)acked / wall;
	fprintf(stderr, "staffroom-bench: ingest: %ld acked in %.1f s (%.0f/s), "
	    "%ld errors\n", acked, wall, rate, in.errors);
	json_object_set_new(out, "senders", json_integer(in.nsenders));
	json_object_set_new(out, "window", json_integer(INGEST_WINDOW));
	json_object_set_new(out, "body_chars", json_integer(LOAD_BODY_LEN));
	json_object_set_new(out, "acked", json_integer(acked));
	json_object_set_new(out, "errors", json_integer(in.errors));
	json_object_set_new(out, "acked_per_s", json_real(rate));
	json_object_set_new(out, "usage", usage_json(&u0, &u1));
	if (raw[0] > 0 && (raw[1] = ingest_raw(b, &in)) > 0) {
		json_object_set_new(out, "raw_rows_per_s",
		    json_real((raw[0] + raw[1]) / 2));
		json_object_set_new(out, "raw_before_rows_per_s", json_real(raw[0]));
		json_object_set_new(out, "raw_after_rows_per_s", json_real(raw[1]));
		json_object_set_new(out, "raw_rows", json_integer(INGEST_RAW_ROWS));
		json_object_set_new(out, "raw_batch_rows",
		    json_integer(INGEST_RAW_BATCH));
		json_object_set_new(out, "ratio", json_real(rate * 2 /
		    (raw[0] + raw[1])));
	}
	for (i = 0; i < in.nsenders; i++)
		bench_fill_close(in.fills[i]);
	return (in.nsenders == INGEST_SENDERS ? 0 : 1);
}

/* --- slowdisk ----------------------------------------------------------------------- */

enum slow_kind { SLOW_PING, SLOW_HISTORY, SLOW_KINDS };

struct slow {
	struct bench	*b;
	struct bsess	**bs;		/* the asker's fill slot */
	char		 room[64];
	struct lat	 lat[2][SLOW_KINDS];	/* alone, under the writers */
	int		 phase;
	int		 asked;
	long		 failed;
	bool		 stop;
	uint64_t	 sent_us;
};

/* One request at a time, ping and history in turn. */
static void
slow_ask(struct slow *sl)
{
	if (sl->stop || *sl->bs == NULL)
		return;
	sl->sent_us = bench_now_us();
	if (sl->asked % 2 == SLOW_PING)
		bsess_sendf(*sl->bs, "{\"id\":%d,\"op\":\"ping\"}", sl->asked);
	else
		bsess_sendf(*sl->bs, "{\"id\":%d,\"op\":\"room.history\","
		    "\"room\":\"%s\"}", sl->asked, sl->room);
}

static void
slow_line(struct bsess *bs, char *line, size_t len, void *arg)
{
	struct slow	*sl = arg;

	if (strstr(line, "\"re\":") == NULL)
		return;
	if (bench_is_ok_reply(line))
		lat_add(&sl->lat[sl->phase][sl->asked % 2],
		    bench_now_us() - sl->sent_us);
	else
		sl->failed++;
	sl->asked++;
	slow_ask(sl);
}

static const struct bsess_ops slow_ops = { NULL, slow_line, NULL };

static bool
slow_quiet_done(void *arg)
{
	struct slow	*sl = arg;

	return (sl->asked >= 2 * SLOW_QUIET_ASKS || *sl->bs == NULL);
}

static const char *const slow_names[SLOW_KINDS] = { "ping", "history" };

int
scen_slowdisk(struct bench *b, json_t *out)
{
	struct slow		 sl;
	struct ingest		 in;
	struct bench_fill	*f;
	struct usage		 u0, u1;
	json_t			*phase;
	double			 rate;
	long			 acked;
	int			 i, k, user = b->layout.first[GROUP_F10];
	int			 seconds = b->size == SIZE_QUICK ? 3 : 8;

	memset(&sl, 0, sizeof sl);
	memset(&in, 0, sizeof in);
	sl.b = in.b = b;
	f = bench_fill(b, user, 1, 1, &slow_ops, &sl, 30000);
	if (*(sl.bs = &f->v[0]) == NULL) {
		bench_fill_close(f);
		return (1);
	}
	load_room_of(b, user, sl.room, sizeof sl.room);
	ingest_connect(b, &in);
	bench_sleep(b, LOAD_SETTLE_MS);
	slow_ask(&sl);
	bench_wait(b, slow_quiet_done, &sl, 60000);
	/* The asker goes on, now beside the writers. */
	sl.phase = 1;
	usage_take(b->pid, false, &u0);
	ingest_start(&in, SLOW_WINDOW);
	bench_sleep(b, seconds * 1000);
	in.stop = sl.stop = true;
	usage_take(b->pid, false, &u1);
	acked = in.acked;
	bench_wait(b, ingest_quiet, &in, 10000);
	rate = (double)acked / ((double)(u1.wall_us - u0.wall_us) / 1e6);
	fprintf(stderr, "staffroom-bench: slowdisk: %.0f acked/s; ping p99 "
	    "%.1f ms alone, %.1f ms beside them; history p99 %.1f / %.1f ms\n",
	    rate, lat_ms(&sl.lat[0][SLOW_PING], 0.99),
	    lat_ms(&sl.lat[1][SLOW_PING], 0.99),
	    lat_ms(&sl.lat[0][SLOW_HISTORY], 0.99),
	    lat_ms(&sl.lat[1][SLOW_HISTORY], 0.99));
	for (i = 0; i < 2; i++) {
		phase = json_object();
		for (k = 0; k < SLOW_KINDS; k++) {
			json_object_set_new(phase, slow_names[k],
			    lat_json(&sl.lat[i][k]));
			lat_free(&sl.lat[i][k]);
		}
		json_object_set_new(out, i == 0 ? "alone" : "beside_writers",
		    phase);
	}
	json_object_set_new(out, "senders", json_integer(in.nsenders));
	json_object_set_new(out, "window", json_integer(SLOW_WINDOW));
	json_object_set_new(out, "acked", json_integer(acked));
	json_object_set_new(out, "acked_per_s", json_real(rate));
	json_object_set_new(out, "errors", json_integer(in.errors));
	json_object_set_new(out, "failed_reads", json_integer(sl.failed));
	json_object_set_new(out, "usage", usage_json(&u0, &u1));
	for (i = 0; i < in.nsenders; i++)
		bench_fill_close(in.fills[i]);
	bench_fill_close(f);
	return (in.nsenders == INGEST_SENDERS && sl.failed == 0 ? 0 : 1);
}
