/*
 * loop.c: the one event loop. poll() watches the terminal, the protocol
 * connection and a pipe that signal handlers write to (SIGWINCH, and the
 * signals that end us), so a resize or a slow network never stops the
 * other two. Timers (the next reconnect, a rate-limited message) set the
 * poll timeout; nothing here sleeps.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "staffroom.h"

#define LOOP_BACKOFF_MAX	30	/* seconds between reconnect attempts */
#define LOOP_CONNECTING_POLL	50	/* ms: libssh wants calling back */
#define LOOP_TICK		1000	/* ms: the countdown on the status line */
#define LOOP_FINISH_WAIT	2000	/* ms: for answers owed when leaving */

static int			loop_pipe[2] = { -1, -1 };
static volatile sig_atomic_t	loop_winch;
static volatile sig_atomic_t	loop_term;

static void
loop_signal(int sig)
{
	int	saved = errno;

	if (sig == SIGWINCH)
		loop_winch = 1;
	else
		loop_term = 1;
	if (write(loop_pipe[1], "", 1) == -1) {
		/* The pipe is full: the loop is awake anyway. */
	}
	errno = saved;
}

static void
loop_signals(void)
{
	struct sigaction	sa;

	if (pipe2(loop_pipe, O_CLOEXEC | O_NONBLOCK) == -1)
		return;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = loop_signal;
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

static void
loop_drain(void)
{
	char	buf[64];

	while (read(loop_pipe[0], buf, sizeof buf) > 0)
		;
}

/*
 * The connection is gone: a spawned client ends with it (the daemon owns
 * the session); otherwise wait, longer each time, and try again.
 */
void
loop_schedule_reconnect(struct client *c)
{
	if (c->spawned || c->net.fatal) {
		c->quit = 1;
		return;
	}
	c->backoff = c->backoff == 0 ? 1 : c->backoff * 2;
	if (c->backoff > LOOP_BACKOFF_MAX)
		c->backoff = LOOP_BACKOFF_MAX;
	c->retry_at = mono_ms() + (uint64_t)c->backoff * 1000;
	c->fe->status(c);
}

/*
 * What the status line says while offline: what happened, when, and when
 * the next attempt is ("lost at 14:02: the server closed the connection;
 * reconnecting in 4 s"). NULL while connected.
 */
char *
loop_offline_text(struct client *c)
{
	uint64_t	 now = mono_ms();
	char		 hm[16], *s, *when;
	const char	*why = c->net.error != NULL ? c->net.error : "";

	if (c->net.state == NET_READY || c->lost_at == 0)
		return (NULL);
	clock_hm(c->lost_at, hm, sizeof hm);
	if (c->net.state == NET_CONNECTING)
		xasprintf(&when, "reconnecting now (try %d)...",
		    c->attempts + 1);
	else if (c->retry_at == 0)
		when = xstrdup("not reconnecting");
	else
		xasprintf(&when, "reconnecting in %d s",
		    c->retry_at <= now ? 0 :
		    (int)((c->retry_at - now + 999) / 1000));
	if (c->attempts == 0)
		xasprintf(&s, "lost at %s: %s; %s", hm, why, when);
	else
		xasprintf(&s, "offline since %s, try %d: %s; %s", hm,
		    c->attempts, why, when);
	free(when);
	return (s);
}

/* The server's bye reason in words, for the status line and the exit. */
static const char *
loop_bye_text(const char *reason)
{
	if (strcmp(reason, "shutdown") == 0)
		return ("server restarting or shut down");
	if (strcmp(reason, "too_slow") == 0)
		return ("the server closed a connection too slow to keep up");
	if (strcmp(reason, "account_disabled") == 0)
		return ("your account has been disabled; ask your administrator");
	return (NULL);
}

static void
loop_lost(struct client *c)
{
	const char	*why = c->bye;
	char		*s;

	if (why != NULL) {
		if (loop_bye_text(why) != NULL)
			net_set_error(&c->net, loop_bye_text(why));
		else {
			xasprintf(&s, "the server ended the session: %s", why);
			net_set_error(&c->net, s);
			free(s);
		}
	}
	session_lost(c);
	c->lost_at = now_ms();
	c->attempts = 0;
	/* Shut out (disabled, suspended, banned, kicked): the frontend ends it. */
	if (mod_bye_words(c)) {
		c->net.fatal = 1;
		c->exit_code = 1;
		return;
	}
	loop_schedule_reconnect(c);
}

static void
loop_connecting(struct client *c)
{
	int	rc;

	if ((rc = net_reconnect_step(&c->net)) == 0)
		return;
	if (rc == 1) {
		c->fe->status(c);
		return;
	}
	net_close(&c->net);
	c->attempts++;
	if (c->net.fatal)
		c->fe->error(c, "host_key_changed", c->net.error);
	loop_schedule_reconnect(c);
}

static int
loop_timeout(struct client *c, uint64_t now)
{
	uint64_t	next = 0, due;

	if (c->net.state == NET_CONNECTING)
		return (LOOP_CONNECTING_POLL);
	if (c->net.state == NET_OFFLINE && c->retry_at != 0)
		next = c->retry_at;
	if ((due = session_outbox_due(c)) != 0 && (next == 0 || due < next))
		next = due;
	if (next == 0)
		return (-1);
	if (next <= now)
		return (0);
	/* Wake each second so the countdown on the status line moves. */
	return (next - now > LOOP_TICK ? LOOP_TICK : (int)(next - now));
}

static void
loop_timers(struct client *c)
{
	uint64_t	now = mono_ms(), due;

	if (c->net.state == NET_OFFLINE && c->retry_at != 0 &&
	    now >= c->retry_at) {
		c->retry_at = 0;
		net_reconnect_start(&c->net);
		c->fe->status(c);
		loop_connecting(c);
	}
	if ((due = session_outbox_due(c)) != 0 && now >= due)
		session_outbox_flush(c);
}

/*
 * Leaving: let the server have what is queued (a message sent just before
 * /quit, the read marker of the room on screen) and wait a little for its
 * answers, so that quitting right after Enter loses nothing.
 */
static void
loop_finish(struct client *c)
{
	struct pollfd	pfd;
	uint64_t	deadline = mono_ms() + LOOP_FINISH_WAIT, now;

	while (c->net.state == NET_READY && !TAILQ_EMPTY(&c->pending) &&
	    (now = mono_ms()) < deadline) {
		pfd.fd = c->net.fd;
		pfd.events = net_events(&c->net);
		if (poll(&pfd, 1, (int)(deadline - now)) == -1 &&
		    errno != EINTR)
			break;
		if (net_service(&c->net, c) == -1)
			break;
	}
}

/*
 * A terminal that hung up without the SIGHUP a controlling terminal sends
 * (the client under setsid or nohup), or a descriptor that broke, stays
 * "ready" for poll forever: reading ends there, or the loop would spin.
 * A pipe's POLLHUP with POLLIN still has lines to give.
 */
static void
loop_input(struct client *c, short revents)
{
	if (revents & (POLLIN | POLLHUP))
		c->fe->input(c);
	if ((revents & (POLLERR | POLLNVAL)) ||
	    ((revents & POLLHUP) && !(revents & POLLIN)))
		c->stdin_eof = 1;
}

int
loop_run(struct client *c)
{
	struct pollfd	pfd[3];
	int		npfd, netidx, inidx;

	loop_signals();
	while (!c->quit) {
		npfd = 0;
		pfd[npfd].fd = loop_pipe[0];
		pfd[npfd++].events = POLLIN;
		inidx = netidx = -1;
		if (c->input_on && !c->stdin_eof) {
			inidx = npfd;
			pfd[npfd].fd = STDIN_FILENO;
			pfd[npfd++].events = POLLIN;
		}
		if (c->net.state != NET_OFFLINE && c->net.fd != -1) {
			netidx = npfd;
			pfd[npfd].fd = c->net.fd;
			pfd[npfd++].events = net_events(&c->net);
		}
		if (poll(pfd, npfd, loop_timeout(c, mono_ms())) == -1 &&
		    errno != EINTR)
			break;
		loop_drain();
		if (loop_term)
			break;
		if (loop_winch) {
			loop_winch = 0;
			c->fe->resize(c);
		}

		if (c->net.state == NET_CONNECTING)
			loop_connecting(c);
		else if (c->net.state == NET_READY &&
		    net_service(&c->net, c) == -1)
			loop_lost(c);

		if (inidx != -1)
			loop_input(c, pfd[inidx].revents);
		loop_timers(c);
		c->fe->tick(c);
	}
	if (c->quit)
		loop_finish(c);
	return (c->exit_code);
}

/*
 * Runs only the connection until *done is set or the connection drops
 * (the join registration, before any screen exists). -1 when it dropped.
 */
int
loop_wait(struct client *c, bool *done)
{
	struct pollfd	pfd;

	while (!*done) {
		if (c->net.state != NET_READY)
			return (-1);
		pfd.fd = c->net.fd;
		pfd.events = net_events(&c->net);
		if (poll(&pfd, 1, LOOP_TICK) == -1 && errno != EINTR)
			return (-1);
		if (net_service(&c->net, c) == -1) {
			session_lost(c);
			return (*done ? 0 : -1);
		}
	}
	return (0);
}
