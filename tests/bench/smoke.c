/*
 * smoke.c: staffroom-bench --smoke, run by tests/bench/smoke.sh inside the
 * test suite so the harness cannot rot. A few sessions in one room each
 * send a few messages through the same code the scenarios use; every
 * session must receive every message exactly once, each sender's in the
 * order sent, with message ids increasing. It never asserts speed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define SMOKE_SESSIONS		3
#define SMOKE_PER_SENDER	4
#define SMOKE_TOTAL		(SMOKE_SESSIONS * SMOKE_PER_SENDER)
#define SMOKE_TIMEOUT_MS	20000

struct smoke_seen {
	int	count[SMOKE_TOTAL];
	int	last_k[SMOKE_SESSIONS];	/* per sender: the last message index seen */
	long	last_id;
	int	got;
	int	acked;
	int	problems;
};

struct smoke {
	struct smoke_seen	seen[SMOKE_SESSIONS];
	char			room[64];
};

static void
smoke_problem(struct smoke_seen *s, int session, const char *what, const char *line)
{
	s->problems++;
	fprintf(stderr, "staffroom-bench: smoke: session %d: %s: %s\n", session,
	    what, line);
}

/* Message seq = sender * SMOKE_PER_SENDER + k: who sent it, and which. */
static void
smoke_line(struct bsess *bs, char *line, size_t len, void *arg)
{
	struct smoke		*sm = arg;
	int			 me = bs->user;
	struct smoke_seen	*s = &sm->seen[me];
	uint64_t		 seq, sent_us;
	const char		*idp;
	long			 id;
	int			 from, k;

	if (bench_is_ok_reply(line))
		s->acked++;
	if (!bench_parse_msg(line, &seq, &sent_us)) {
		smoke_problem(s, me, "unexpected line", line);
		return;
	}
	if (seq >= SMOKE_TOTAL) {
		smoke_problem(s, me, "unknown message", line);
		return;
	}
	from = (int)seq / SMOKE_PER_SENDER;
	k = (int)seq % SMOKE_PER_SENDER;
	idp = strstr(line, "\"id\":");
	id = idp != NULL ? strtol(idp + 5, NULL, 10) : 0;
	if (++s->count[seq] > 1)
		smoke_problem(s, me, "delivered twice", line);
	if (k != s->last_k[from] + 1)
		smoke_problem(s, me, "out of its sender's order", line);
	if (id <= s->last_id)
		smoke_problem(s, me, "message id not increasing", line);
	s->last_k[from] = k;
	s->last_id = id;
	s->got++;
}

static const struct bsess_ops smoke_ops = { NULL, smoke_line, NULL };

static bool
smoke_done(void *arg)
{
	struct smoke	*sm = arg;
	int		 i;

	for (i = 0; i < SMOKE_SESSIONS; i++) {
		if (sm->seen[i].got < SMOKE_TOTAL ||
		    sm->seen[i].acked < SMOKE_PER_SENDER)
			return (false);
	}
	return (true);
}

int
scen_smoke(struct bench *b, json_t *out)
{
	struct smoke	  sm;
	struct bench_fill *f;
	char		  region[48];
	int		  i, k, problems = 0, missing = 0;

	memset(&sm, 0, sizeof sm);
	for (i = 0; i < SMOKE_SESSIONS; i++)
		for (k = 0; k < SMOKE_SESSIONS; k++)
			sm.seen[i].last_k[k] = -1;
	layout_region(&b->layout, 0, region, sizeof region);
	snprintf(sm.room, sizeof sm.room, "region:%s", region);
	f = bench_fill(b, 0, SMOKE_SESSIONS, SMOKE_SESSIONS, &smoke_ops, &sm,
	    SMOKE_TIMEOUT_MS);
	if (f->ready != SMOKE_SESSIONS) {
		fprintf(stderr, "staffroom-bench: smoke: %d of %d sessions: %s\n",
		    f->ready, SMOKE_SESSIONS, b->last_error);
		bench_fill_close(f);
		return (1);
	}
	/* Interleaved, so the daemon sees several senders in each loop turn. */
	for (k = 0; k < SMOKE_PER_SENDER; k++)
		for (i = 0; i < SMOKE_SESSIONS; i++)
			bsess_sendf(f->v[i], "{\"id\":%d,\"op\":\"room.send\",\"room\":"
			    "\"%s\",\"body\":\"bench %d t%lu\"}", k + 1, sm.room,
			    i * SMOKE_PER_SENDER + k, (unsigned long)bench_now_us());
	bench_wait(b, smoke_done, &sm, SMOKE_TIMEOUT_MS);
	for (i = 0; i < SMOKE_SESSIONS; i++) {
		problems += sm.seen[i].problems;
		missing += SMOKE_TOTAL - sm.seen[i].got;
		missing += SMOKE_PER_SENDER - sm.seen[i].acked;
	}
	fprintf(stderr, "staffroom-bench: smoke: %d sessions, %d messages each, "
	    "%d missing, %d problems\n", SMOKE_SESSIONS, SMOKE_TOTAL, missing,
	    problems);
	json_object_set_new(out, "sessions", json_integer(f->ready));
	json_object_set_new(out, "messages", json_integer(SMOKE_TOTAL));
	json_object_set_new(out, "missing", json_integer(missing));
	json_object_set_new(out, "problems", json_integer(problems));
	bench_fill_close(f);
	return (missing == 0 && problems == 0 ? 0 : 1);
}
