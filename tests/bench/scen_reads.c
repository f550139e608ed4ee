/*
 * scen_reads.c: scenario 6, read paths on a big store. run.sh fills a store
 * with gen-messages (1M messages over every room) and gen-posts (1M posts
 * in threads on the national board) before its daemon starts; one person
 * then asks, one request at a time, for the newest history page of their
 * region room, for pages deep in its past, for sync pages from random
 * points, for the board's first and deeper thread pages, and searches for a
 * rare word and for one in every post. Each sample is a round trip over SSH
 * on loopback.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define READS_PER_KIND		200
#define READS_TIMEOUT_MS	60000

struct reads {
	struct bsess	**bs;		/* the fill's slot: NULL once gone */
	char		*reply;		/* the last reply line, copied */
	bool		 answered;
	uint64_t	 sent_us;
	uint64_t	 rtt_us;
};

static void
reads_line(struct bsess *bs, char *line, size_t len, void *arg)
{
	struct reads	*r = arg;

	if (strstr(line, "\"re\":") == NULL)
		return;
	r->rtt_us = bench_now_us() - r->sent_us;
	free(r->reply);
	r->reply = strdup(line);
	r->answered = true;
}

static const struct bsess_ops reads_ops = { NULL, reads_line, NULL };

static bool
reads_answered(void *arg)
{
	struct reads	*r = arg;

	return (r->answered || *r->bs == NULL);
}

/* Sends one request and waits for its reply; false when none came. */
static bool
reads_ask(struct bench *b, struct reads *r, const char *req)
{
	r->answered = false;
	r->sent_us = bench_now_us();
	return (*r->bs != NULL && bsess_send(*r->bs, req) &&
	    bench_wait(b, reads_answered, r, READS_TIMEOUT_MS) && r->answered &&
	    bench_is_ok_reply(r->reply));
}

/* The highest "last_id" in a rooms.list reply. */
static long
reads_last_id(const char *reply)
{
	const char	*p = reply;
	long		 id, max = 0;

	while ((p = strstr(p, "\"last_id\":")) != NULL) {
		p += 10;
		if ((id = strtol(p, NULL, 10)) > max)
			max = id;
	}
	return (max);
}

/* gen-posts: threads of ten posts, "topicN" for N < 1000 in each. */
#define READS_POSTS_PER_THREAD	10
#define READS_TOPICS		1000

enum reads_kind {
	READS_HISTORY_NEWEST, READS_HISTORY_DEEP, READS_SYNC,
	READS_BOARD_THREADS, READS_BOARD_DEEP, READS_SEARCH_RARE,
	READS_SEARCH_COMMON, READS_KINDS
};

static const char *const reads_names[READS_KINDS] = {
	"history_newest", "history_deep", "sync_random", "board_threads",
	"board_threads_deep", "search_rare", "search_common"
};

/* The national board's thread count, from its boards.list entry. */
static long
reads_threads(const char *reply)
{
	const char	*p = strstr(reply, "\"scope\":\"national\"");

	if (p == NULL || (p = strstr(p, "\"threads\":")) == NULL)
		return (0);
	return (strtol(p + 10, NULL, 10));
}

static void
reads_request(enum reads_kind k, const char *room, long last_id,
    long threads, int i, char *buf, size_t size)
{
	/* A fixed seed sequence, so runs ask for the same pages. */
	long	at = last_id > 1 ? 1 + (long)((unsigned long)random() %
	    (unsigned long)last_id) : 1;
	long	thread = threads > 1 ? 1 + (long)((unsigned long)random() %
	    (unsigned long)threads) : 1;

	switch (k) {
	case READS_BOARD_THREADS:
		snprintf(buf, size, "{\"id\":%d,\"op\":\"board.threads\","
		    "\"board\":1}", i);
		break;
	case READS_BOARD_DEEP:
		snprintf(buf, size, "{\"id\":%d,\"op\":\"board.threads\","
		    "\"board\":1,\"before\":%ld}", i, thread);
		break;
	case READS_SEARCH_RARE:
		snprintf(buf, size, "{\"id\":%d,\"op\":\"search\","
		    "\"q\":\"topic%ld\",\"board\":1}", i, thread % READS_TOPICS);
		break;
	case READS_SEARCH_COMMON:
		snprintf(buf, size, "{\"id\":%d,\"op\":\"search\","
		    "\"q\":\"pupil\"}", i);
		break;
	case READS_HISTORY_NEWEST:
		snprintf(buf, size, "{\"id\":%d,\"op\":\"room.history\","
		    "\"room\":\"%s\"}", i, room);
		break;
	case READS_HISTORY_DEEP:
		snprintf(buf, size, "{\"id\":%d,\"op\":\"room.history\","
		    "\"room\":\"%s\",\"before\":%ld}", i, room, at);
		break;
	default:
		snprintf(buf, size, "{\"id\":%d,\"op\":\"sync\",\"since\":%ld}",
		    i, at);
		break;
	}
}

int
scen_reads(struct bench *b, json_t *out)
{
	struct reads	  r;
	struct bench_fill *f;
	struct lat	  lat[READS_KINDS];
	struct usage	  u0, u1;
	char		  room[64], region[48], req[256];
	long		  last_id = 0, threads = 0, failed = 0;
	int		  k, i;

	memset(&r, 0, sizeof r);
	memset(lat, 0, sizeof lat);
	srandom(1);
	f = bench_fill(b, 0, 1, 1, &reads_ops, &r, 30000);
	if (*(r.bs = &f->v[0]) == NULL) {
		bench_fill_close(f);
		return (1);
	}
	layout_region(&b->layout, 0, region, sizeof region);
	snprintf(room, sizeof room, "region:%s", region);
	if (reads_ask(b, &r, "{\"id\":0,\"op\":\"rooms.list\"}"))
		last_id = reads_last_id(r.reply);
	if (reads_ask(b, &r, "{\"id\":0,\"op\":\"boards.list\"}"))
		threads = reads_threads(r.reply);
	usage_take(b->pid, false, &u0);
	for (k = 0; k < READS_KINDS; k++) {
		for (i = 0; i < READS_PER_KIND; i++) {
			reads_request((enum reads_kind)k, room, last_id,
			    threads, i + 1, req, sizeof req);
			if (reads_ask(b, &r, req))
				lat_add(&lat[k], r.rtt_us);
			else
				failed++;
		}
	}
	usage_take(b->pid, false, &u1);
	json_object_set_new(out, "last_id", json_integer(last_id));
	json_object_set_new(out, "threads", json_integer(threads));
	json_object_set_new(out, "room", json_string(room));
	json_object_set_new(out, "failed", json_integer(failed));
	for (k = 0; k < READS_KINDS; k++) {
		fprintf(stderr, "staffroom-bench: reads %s: p50 %.2f ms, p99 %.2f ms\n",
		    reads_names[k], lat_ms(&lat[k], 0.5), lat_ms(&lat[k], 0.99));
		json_object_set_new(out, reads_names[k], lat_json(&lat[k]));
		lat_free(&lat[k]);
	}
	json_object_set_new(out, "usage", usage_json(&u0, &u1));
	free(r.reply);
	bench_fill_close(f);
	return (failed == 0 ? 0 : 1);
}
