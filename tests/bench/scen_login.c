/*
 * scen_login.c: scenario 1, logins. A login is TCP connect, key exchange
 * (curve25519, ed25519 host key), public-key authentication, a session
 * channel with the staffroom subsystem, and the first line back (hello;
 * for OpenSSH's sshd running cat, the echo of a line we send). Then the
 * session closes and the next starts: one at a time, then 8 at once. The
 * same client code logs in to sshd in the same run as the baseline.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define LOGIN_USERS		100	/* keys rotated through; sshd accepts these too */
#define LOGIN_MAX		200000	/* a bound on count, beside the bound on time */
#define LOGIN_DRAIN_MS		10000

struct login_run {
	struct bench		*b;
	struct bsess_target	 target;
	int			 parallel;
	int			 inflight;
	long			 done;
	long			 failed;
	uint64_t		 until_us;
	int			 next_user;
};

static void	login_more(struct login_run *);

static void
login_ready(struct bsess *bs, void *arg)
{
	struct login_run	*r = arg;

	r->done++;
	r->inflight--;
	bsess_close(bs);
	login_more(r);
}

static void
login_line(struct bsess *bs, char *line, size_t len, void *arg)
{
	/* Nothing follows the first line in this scenario. */
}

static void
login_gone(struct bsess *bs, const char *why, void *arg)
{
	struct login_run	*r = arg;

	r->failed++;
	r->inflight--;
	login_more(r);
}

static const struct bsess_ops login_ops = { login_ready, login_line, login_gone };

static void
login_more(struct login_run *r)
{
	while (r->inflight < r->parallel && bench_now_us() < r->until_us &&
	    r->done + r->failed + r->inflight < LOGIN_MAX) {
		if (bsess_open(r->b, &r->target, r->next_user, &login_ops, r) != NULL)
			r->inflight++;
		else
			r->failed++;
		r->next_user = (r->next_user + 1) % LOGIN_USERS;
	}
}

static bool
login_idle(void *arg)
{
	struct login_run	*r = arg;

	return (r->inflight == 0);
}

/* One phase: logins for seconds with parallel in flight. */
static json_t *
login_phase(struct bench *b, const struct bsess_target *t, pid_t pid,
    bool children, int parallel, int seconds)
{
	struct login_run	r;
	struct usage		u0, u1;
	double			wall, cpu;

	memset(&r, 0, sizeof r);
	r.b = b;
	r.target = *t;
	r.parallel = parallel;
	usage_take(pid, children, &u0);
	r.until_us = u0.wall_us + (uint64_t)seconds * 1000000;
	login_more(&r);
	bench_wait(b, login_idle, &r, seconds * 1000 + LOGIN_DRAIN_MS);
	usage_take(pid, children, &u1);
	wall = (double)(u1.wall_us - u0.wall_us) / 1e6;
	cpu = usage_daemon_cpu(&u0, &u1);
	fprintf(stderr, "staffroom-bench: logins %s x%d: %ld in %.1f s, %ld failed%s%s\n",
	    t->echo ? "sshd" : "staffroomd", parallel, r.done, wall, r.failed,
	    r.failed > 0 ? ": " : "", r.failed > 0 ? b->last_error : "");
	return (json_pack("{s:i, s:I, s:I, s:f, s:f, s:o}",
	    "parallel", parallel, "logins", (json_int_t)r.done,
	    "failed", (json_int_t)r.failed,
	    "logins_per_s", (double)r.done / wall,
	    "logins_per_cpu_s", cpu > 0 ? (double)r.done / cpu : 0.0,
	    "usage", usage_json(&u0, &u1)));
}

static json_t *
login_target(struct bench *b, const struct bsess_target *t, pid_t pid,
    bool children, int seconds)
{
	json_t	*o = json_object();

	/* One after the other: arguments of one call run in no fixed order. */
	json_object_set_new(o, "sequential",
	    login_phase(b, t, pid, children, 1, seconds));
	json_object_set_new(o, "parallel8",
	    login_phase(b, t, pid, children, 8, seconds));
	return (o);
}

static double
login_rate(json_t *target, const char *phase)
{
	return (json_real_value(json_object_get(json_object_get(target, phase),
	    "logins_per_s")));
}

int
scen_logins(struct bench *b, json_t *out)
{
	struct bsess_target	 t = bench_target(b);
	struct passwd		*pw;
	json_t			*ours, *sshd;
	int			 seconds = b->size == SIZE_QUICK ? 3 : 8;

	ours = login_target(b, &t, b->pid, false, seconds);
	json_object_set_new(out, "staffroomd", ours);
	if (b->sshd_port == 0)
		return (0);
	/* sshd runs as us, so it lets in only us (with the bench keys). */
	if ((pw = getpwuid(getuid())) == NULL)
		return (1);
	t.port = b->sshd_port;
	t.login = pw->pw_name;
	t.echo = true;
	/* sshd's work happens in forked children; count them as they are reaped. */
	sshd = login_target(b, &t, b->sshd_pid, true, seconds);
	json_object_set_new(out, "sshd", sshd);
	if (login_rate(sshd, "parallel8") > 0)
		json_object_set_new(out, "ratio_parallel8", json_real(
		    login_rate(ours, "parallel8") / login_rate(sshd, "parallel8")));
	if (login_rate(sshd, "sequential") > 0)
		json_object_set_new(out, "ratio_sequential", json_real(
		    login_rate(ours, "sequential") / login_rate(sshd, "sequential")));
	return (0);
}
