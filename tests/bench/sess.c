/*
 * sess.c: client sessions driven by fd events, and the bench's loop.
 *
 * Every step after socket() is non-blocking: ssh_connect (key exchange),
 * ssh_userauth_publickey, channel open and the subsystem request each
 * return SSH_AGAIN until the fd brings what they wait for, and are called
 * again from the fd's event. libssh reads into its own buffers, so after
 * each event the channel is drained until it has nothing more; the write
 * event is armed only while libssh holds unsent bytes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "bench.h"

#define BSESS_READ_CHUNK	65536

/* Pinned so every server compared does the same crypto for a login. */
#define BSESS_KEX	"curve25519-sha256"
#define BSESS_HOSTKEY	"ssh-ed25519"
#define BSESS_CIPHER	"chacha20-poly1305@openssh.com"

uint64_t
bench_now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000);
}

static void
bsess_free(struct bsess *bs)
{
	if (bs->rev != NULL)
		event_free(bs->rev);
	if (bs->wev != NULL)
		event_free(bs->wev);
	if (bs->s != NULL) {
		if (ssh_is_connected(bs->s))
			ssh_disconnect(bs->s);
		ssh_free(bs->s);	/* frees the channel too */
	}
	free(bs->in);
	free(bs);
}

/* Frees now, or once the event handler that is running returns. */
void
bsess_close(struct bsess *bs)
{
	bs->state = BSESS_DEAD;
	if (bs->in_handler)
		bs->doomed = true;
	else
		bsess_free(bs);
}

/* A session that never became ready counts as a failure, with its reason. */
static void
bsess_note(struct bsess *bs, const char *why)
{
	if (bs->state < BSESS_READY) {
		bs->b->failed++;
		snprintf(bs->b->last_error, sizeof bs->b->last_error,
		    "user %d: %s: %s", bs->user, why,
		    bs->s != NULL ? ssh_get_error(bs->s) : "no session");
	}
}

static void
bsess_fail(struct bsess *bs, const char *why)
{
	bsess_note(bs, why);
	if (bs->ops->gone != NULL)
		bs->ops->gone(bs, why, bs->arg);
	bsess_close(bs);
}

static void
bsess_arm_write(struct bsess *bs)
{
	if (bs->state != BSESS_DEAD &&
	    (ssh_get_poll_flags(bs->s) & SSH_WRITE_PENDING) != 0)
		event_add(bs->wev, NULL);
}

bool
bsess_send(struct bsess *bs, const char *line)
{
	size_t	len = strlen(line);

	if (bs->state < BSESS_HELLO || bs->state == BSESS_DEAD)
		return (false);
	if (ssh_channel_write(bs->ch, line, (uint32_t)len) != (int)len ||
	    ssh_channel_write(bs->ch, "\n", 1) != 1) {
		bsess_fail(bs, "write");
		return (false);
	}
	bsess_arm_write(bs);
	return (true);
}

bool
bsess_sendf(struct bsess *bs, const char *fmt, ...)
{
	char	buf[4096];
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof buf)
		return (false);
	return (bsess_send(bs, buf));
}

/* Hands every complete line to the scenario; keeps the partial rest. */
static void
bsess_lines(struct bsess *bs)
{
	char	*start = bs->in, *nl;
	size_t	 left = bs->in_len;

	while (bs->state != BSESS_DEAD &&
	    (nl = memchr(start, '\n', left)) != NULL) {
		*nl = '\0';
		if (bs->state == BSESS_HELLO) {
			bs->state = BSESS_READY;
			if (bs->ops->ready != NULL)
				bs->ops->ready(bs, bs->arg);
		} else if (bs->ops->line != NULL)
			bs->ops->line(bs, start, (size_t)(nl - start), bs->arg);
		left -= (size_t)(nl + 1 - start);
		start = nl + 1;
	}
	memmove(bs->in, start, left);
	bs->in_len = left;
}

/* Reads what libssh has for the channel; false when the session ended. */
static bool
bsess_read(struct bsess *bs)
{
	int	n;

	for (;;) {
		if (bs->in_cap - bs->in_len < BSESS_READ_CHUNK) {
			if (bs->in_cap >= BENCH_LINE_MAX) {
				bsess_fail(bs, "line too long");
				return (false);
			}
			bs->in_cap = bs->in_cap * 2 + BSESS_READ_CHUNK;
			if ((bs->in = realloc(bs->in, bs->in_cap)) == NULL)
				abort();
		}
		n = ssh_channel_read_nonblocking(bs->ch, bs->in + bs->in_len,
		    BSESS_READ_CHUNK, 0);
		if (n < 0 || (n == 0 && ssh_channel_is_eof(bs->ch))) {
			bsess_fail(bs, n < 0 ? "read" : "eof");
			return (false);
		}
		if (n == 0)
			return (true);
		bs->in_len += (size_t)n;
		bsess_lines(bs);
		if (bs->state == BSESS_DEAD)
			return (false);
	}
}

/* Moves the handshake on as far as the bytes at hand allow. */
static void
bsess_step(struct bsess *bs)
{
	int	rc;

	switch (bs->state) {
	case BSESS_CONNECTING:
		if ((rc = ssh_connect(bs->s)) == SSH_AGAIN)
			break;
		if (rc != SSH_OK) {
			bsess_fail(bs, "connect");
			break;
		}
		bs->state = BSESS_AUTH;
		/* FALLTHROUGH */
	case BSESS_AUTH:
		rc = ssh_userauth_publickey(bs->s, NULL,
		    layout_key(bs->b->keydir, bs->user));
		if (rc == SSH_AUTH_AGAIN)
			break;
		if (rc != SSH_AUTH_SUCCESS || (bs->ch = ssh_channel_new(bs->s)) == NULL) {
			bsess_fail(bs, "auth");
			break;
		}
		bs->state = BSESS_CHANNEL;
		/* FALLTHROUGH */
	case BSESS_CHANNEL:
		if ((rc = ssh_channel_open_session(bs->ch)) == SSH_AGAIN)
			break;
		if (rc != SSH_OK) {
			bsess_fail(bs, "channel");
			break;
		}
		bs->state = BSESS_SUBSYSTEM;
		/* FALLTHROUGH */
	case BSESS_SUBSYSTEM:
		rc = ssh_channel_request_subsystem(bs->ch, BENCH_SUBSYSTEM);
		if (rc == SSH_AGAIN)
			break;
		if (rc != SSH_OK) {
			bsess_fail(bs, "subsystem");
			break;
		}
		bs->state = BSESS_HELLO;
		if (bs->echo && !bsess_send(bs, "hello"))
			break;
		/* FALLTHROUGH */
	case BSESS_HELLO:
	case BSESS_READY:
		bsess_read(bs);
		break;
	case BSESS_DEAD:
		break;
	}
}

static void
bsess_event(evutil_socket_t fd, short what, void *arg)
{
	struct bsess	*bs = arg;

	bs->in_handler = true;
	bsess_step(bs);
	bs->in_handler = false;
	if (bs->doomed)
		bsess_free(bs);
	else
		bsess_arm_write(bs);
}

static bool
bsess_options(ssh_session s, const struct bsess_target *t, const char *login)
{
	int		 no = 0, yes = 1;
	unsigned	 port = (unsigned)t->port;

	return (ssh_options_set(s, SSH_OPTIONS_HOST, "127.0.0.1") == 0 &&
	    ssh_options_set(s, SSH_OPTIONS_PORT, &port) == 0 &&
	    ssh_options_set(s, SSH_OPTIONS_USER, login) == 0 &&
	    ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &no) == 0 &&
	    ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, "/dev/null") == 0 &&
	    ssh_options_set(s, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null") == 0 &&
	    ssh_options_set(s, SSH_OPTIONS_NODELAY, &yes) == 0 &&
	    ssh_options_set(s, SSH_OPTIONS_KEY_EXCHANGE, BSESS_KEX) == 0 &&
	    ssh_options_set(s, SSH_OPTIONS_HOSTKEYS, BSESS_HOSTKEY) == 0 &&
	    ssh_options_set(s, SSH_OPTIONS_CIPHERS_C_S, BSESS_CIPHER) == 0 &&
	    ssh_options_set(s, SSH_OPTIONS_CIPHERS_S_C, BSESS_CIPHER) == 0);
}

struct bsess *
bsess_open(struct bench *b, const struct bsess_target *t, int user,
    const struct bsess_ops *ops, void *arg)
{
	struct bsess	*bs;
	char		 handle[16];
	socket_t	 fd;

	if ((bs = calloc(1, sizeof *bs)) == NULL)
		abort();
	bs->b = b;
	bs->user = user;
	bs->ops = ops;
	bs->arg = arg;
	bs->echo = t->echo;
	layout_handle(user, handle, sizeof handle);
	/* Failing here, the caller learns it from NULL, not from ops->gone. */
	if ((bs->s = ssh_new()) == NULL ||
	    !bsess_options(bs->s, t, t->login != NULL ? t->login : handle)) {
		bsess_note(bs, "options");
		bsess_free(bs);
		return (NULL);
	}
	ssh_set_blocking(bs->s, 0);
	ssh_set_counters(bs->s, NULL, &bs->received);
	if (ssh_connect(bs->s) == SSH_ERROR ||
	    (fd = ssh_get_fd(bs->s)) == SSH_INVALID_SOCKET) {
		bsess_note(bs, "connect");
		bsess_free(bs);
		return (NULL);
	}
	bs->rev = event_new(b->base, fd, EV_READ | EV_PERSIST, bsess_event, bs);
	bs->wev = event_new(b->base, fd, EV_WRITE, bsess_event, bs);
	event_add(bs->rev, NULL);
	bsess_arm_write(bs);
	return (bs);
}

/* --- the loop ------------------------------------------------------------------ */

static void
bench_tick(evutil_socket_t fd, short what, void *arg)
{
	struct bench	*b = arg;

	if (b->on_tick != NULL)
		b->on_tick(b, b->tick_arg);
}

void
bench_init(struct bench *b)
{
	struct timeval	tv = { 0, BENCH_TICK_US };

	if ((b->base = event_base_new()) == NULL)
		abort();
	b->tick = event_new(b->base, -1, EV_PERSIST, bench_tick, b);
	event_add(b->tick, &tv);
}

void
bench_free(struct bench *b)
{
	event_free(b->tick);
	event_base_free(b->base);
}

bool
bench_wait(struct bench *b, bool (*done)(void *), void *arg, int timeout_ms)
{
	uint64_t	deadline = bench_now_us() + (uint64_t)timeout_ms * 1000;

	while (done == NULL || !done(arg)) {
		if (bench_now_us() >= deadline)
			return (done == NULL);
		event_base_loop(b->base, EVLOOP_ONCE);
	}
	return (true);
}

void
bench_sleep(struct bench *b, int ms)
{
	bench_wait(b, NULL, NULL, ms);
}

struct bsess_target
bench_target(const struct bench *b)
{
	struct bsess_target	t = { b->port, NULL, false };

	return (t);
}

/* --- filling: many sessions, a bounded number of handshakes at once ---------------- */

static void
bench_fill_more(struct bench_fill *f)
{
	struct bsess_target	t = bench_target(f->b);

	while (f->pending < f->parallel && f->next < f->n) {
		f->v[f->next] = bsess_open(f->b, &t, f->first + f->next,
		    &f->fill_ops, f);
		if (f->v[f->next] != NULL) {
			f->v[f->next]->slot = &f->v[f->next];
			f->pending++;
		}
		f->next++;
	}
}

static void
bench_fill_ready(struct bsess *bs, void *arg)
{
	struct bench_fill	*f = arg;

	f->pending--;
	f->ready++;
	bench_fill_more(f);
}

static void
bench_fill_line(struct bsess *bs, char *line, size_t len, void *arg)
{
	struct bench_fill	*f = arg;

	if (f->ops->line != NULL)
		f->ops->line(bs, line, len, f->arg);
}

static void
bench_fill_gone(struct bsess *bs, const char *why, void *arg)
{
	struct bench_fill	*f = arg;

	*bs->slot = NULL;
	if (f->ops->gone != NULL)
		f->ops->gone(bs, why, f->arg);
	if (bs->state < BSESS_READY) {
		f->pending--;
		bench_fill_more(f);
	}
}

static bool
bench_fill_done(void *arg)
{
	struct bench_fill	*f = arg;

	return (f->next == f->n && f->pending == 0);
}

struct bench_fill *
bench_fill(struct bench *b, int first, int n, int parallel,
    const struct bsess_ops *ops, void *arg, int timeout_ms)
{
	struct bench_fill	*f;

	if ((f = calloc(1, sizeof *f)) == NULL ||
	    (f->v = calloc((size_t)n, sizeof *f->v)) == NULL)
		abort();
	f->b = b;
	f->first = first;
	f->n = n;
	f->parallel = parallel;
	f->ops = ops;
	f->arg = arg;
	f->fill_ops.ready = bench_fill_ready;
	f->fill_ops.line = bench_fill_line;
	f->fill_ops.gone = bench_fill_gone;
	bench_fill_more(f);
	bench_wait(b, bench_fill_done, f, timeout_ms);
	return (f);
}

void
bench_fill_close(struct bench_fill *f)
{
	static const struct bsess_ops	quiet = { NULL, NULL, NULL };
	int				i;

	for (i = 0; i < f->n; i++) {
		if (f->v[i] != NULL) {
			f->v[i]->ops = &quiet;
			bsess_close(f->v[i]);
		}
	}
	free(f->v);
	free(f);
}

uint64_t
bench_fill_packets_in(const struct bench_fill *f)
{
	uint64_t	n = 0;
	int		i;

	for (i = 0; i < f->n; i++) {
		if (f->v[i] != NULL)
			n += f->v[i]->received.in_packets;
	}
	return (n);
}
