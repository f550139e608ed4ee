/*
 * net.c: the byte stream that carries protocol lines. Normally an SSH
 * channel on the "staffroom" subsystem; when the daemon spawned us for a
 * plain ssh user, a socketpair already wired to an authenticated connection
 * on file descriptor 3. The first SSH connection is made in blocking mode,
 * because it may need to ask questions on the terminal; after that the
 * session is non-blocking and driven by the event loop, and reconnecting is
 * a small state machine that never waits, so the screen stays live while
 * the network is slow.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "staffroom.h"

#define NET_CONNECT_TIMEOUT	15000	/* ms a reconnect may take */
#define NET_READ_SIZE		16384
#define NET_WRITE_CHUNK		32768

enum net_stage {
	NET_STAGE_CONNECT,
	NET_STAGE_HOSTKEY,
	NET_STAGE_AUTH,
	NET_STAGE_CHANNEL,
	NET_STAGE_SUBSYSTEM,
};

/* libssh's global state, once for the program (libssh is net.c's alone). */
bool
net_library_init(void)
{
	return (ssh_init() == SSH_OK);
}

void
net_library_free(void)
{
	ssh_finalize();
}

void
net_set_error(struct net *n, const char *why)
{
	free(n->error);
	n->error = xstrdup(why);
}

/* The host as known_hosts and ssh-keygen name it: "[host]:port" unless 22. */
static char *
net_known_name(const struct target *t)
{
	char	*s;

	if (t->port == 22)
		return (xstrdup(t->host));
	xasprintf(&s, "[%s]:%d", t->host, t->port);
	return (s);
}

static ssh_session
net_new_session(struct net *n)
{
	struct target	*t = n->target;
	ssh_session	 s;
	unsigned int	 port = t->port;
	long		 timeout = NET_CONNECT_TIMEOUT / 1000;
	int		 no = 0, one = 1;
	char		*dir, *own, *global;

	if ((s = ssh_new()) == NULL) {
		fputs("staffroom: cannot start an SSH session\n", stderr);
		exit(1);
	}
	dir = path_config_dir();
	xasprintf(&own, "%s/known_hosts", dir);
	global = path_home_file(".ssh/known_hosts");
	ssh_options_set(s, SSH_OPTIONS_HOST, t->host);
	ssh_options_set(s, SSH_OPTIONS_PORT, &port);
	ssh_options_set(s, SSH_OPTIONS_USER, t->user);
	/* Only what we are told: ~/.ssh/config could reroute the session. */
	ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &no);
	/* libssh writes accepted keys to the "user" file: make it ours. */
	ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, own);
	ssh_options_set(s, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, global);
	ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &timeout);
	/*
	 * Each request is one small line: with Nagle's algorithm it waits
	 * for the previous one's ACK, a delayed ACK of ~40 ms per request.
	 */
	ssh_options_set(s, SSH_OPTIONS_NODELAY, &one);
	free(global);
	free(own);
	free(dir);
	return (s);
}

static void
net_ready(struct net *n, int fd)
{
	n->fd = fd;
	n->state = NET_READY;
	n->outlen = 0;
	linebuf_free(&n->in);
	linebuf_init(&n->in, PROTO_MAX_LINE);
}

/*
 * The first connection: connects, checks the host key (asking on first
 * contact), logs in (asking for a password if nothing else works) and opens
 * the subsystem. Prints why on failure and returns -1.
 */
int
net_open(struct net *n, struct target *t)
{
	ssh_session	 s;
	char		*name, *own, *dir;
	int		 rc = -1;

	n->target = t;
	n->fatal = 0;
	if (n->hostkey != NULL) {
		ssh_key_free(n->hostkey);
		n->hostkey = NULL;
	}
	n->session = s = net_new_session(n);
	name = net_known_name(t);
	dir = path_config_dir();
	xasprintf(&own, "%s/known_hosts", dir);
	if (ssh_connect(s) != SSH_OK) {
		fprintf(stderr, "staffroom: cannot connect to %s: %s\n", name,
		    ssh_get_error(s));
		goto out;
	}
	if (kh_check(s, name, own) != 0) {
		n->fatal = 1;
		goto out;
	}
	if (ssh_get_server_publickey(s, &n->hostkey) != SSH_OK)
		goto out;
	if (auth_interactive(s, &n->auth, t->user, t->host) != 0) {
		fprintf(stderr, "staffroom: %s@%s: permission denied\n",
		    t->user, name);
		n->fatal = 1;
		goto out;
	}
	if ((n->channel = ssh_channel_new(s)) == NULL ||
	    ssh_channel_open_session(n->channel) != SSH_OK ||
	    ssh_channel_request_subsystem(n->channel, PROTO_SUBSYSTEM) !=
	    SSH_OK) {
		fprintf(stderr, "staffroom: %s has no staffroom service: %s\n",
		    name, ssh_get_error(s));
		goto out;
	}
	ssh_set_blocking(s, 0);
	net_ready(n, ssh_get_fd(s));
	rc = 0;
out:
	if (rc != 0)
		net_close(n);
	free(own);
	free(dir);
	free(name);
	return (rc);
}

/* Spawned by the daemon: the connection is already there on fd. */
int
net_open_fd(struct net *n, int fd)
{
	struct stat	sb;

	if (fstat(fd, &sb) == -1) {
		fprintf(stderr, "staffroom: no connection on descriptor %d\n",
		    fd);
		return (-1);
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	n->spawned = 1;
	net_ready(n, fd);
	return (0);
}

/* Starts a reconnect; net_reconnect_step moves it on. */
void
net_reconnect_start(struct net *n)
{
	net_close(n);
	n->session = net_new_session(n);
	ssh_set_blocking(n->session, 0);
	n->stage = NET_STAGE_CONNECT;
	n->state = NET_CONNECTING;
	n->fd = -1;
	n->deadline = mono_ms() + NET_CONNECT_TIMEOUT;
}

static int
net_step_hostkey(struct net *n)
{
	ssh_key	key;
	int	same;

	if (ssh_get_server_publickey(n->session, &key) != SSH_OK) {
		net_set_error(n, "the server sent no host key");
		return (-1);
	}
	same = ssh_key_cmp(key, n->hostkey, SSH_KEY_CMP_PUBLIC) == 0;
	ssh_key_free(key);
	if (!same) {
		/* Never log in to a server that changed its key under us. */
		n->fatal = 1;
		net_set_error(n, "THE SERVER'S HOST KEY HAS CHANGED "
		    "since you connected: not reconnecting. Ask the "
		    "operator, then start staffroom again");
		return (-1);
	}
	return (0);
}

/*
 * One step of a reconnect, called whenever the socket stirs or the loop
 * times out. Returns 1 when ready, 0 to be called again, -1 on failure
 * (n->error says why; n->fatal when trying again would be wrong).
 */
int
net_reconnect_step(struct net *n)
{
	ssh_session	s = n->session;
	int		rc;

	if (mono_ms() > n->deadline) {
		net_set_error(n, "timed out");
		return (-1);
	}
	switch (n->stage) {
	case NET_STAGE_CONNECT:
		rc = ssh_connect(s);
		n->fd = ssh_get_fd(s);
		if (rc == SSH_AGAIN)
			return (0);
		if (rc != SSH_OK)
			goto fail;
		n->stage = NET_STAGE_HOSTKEY;
		/* FALLTHROUGH */
	case NET_STAGE_HOSTKEY:
		if (net_step_hostkey(n) != 0)
			return (-1);
		n->stage = NET_STAGE_AUTH;
		/* FALLTHROUGH */
	case NET_STAGE_AUTH:
		rc = auth_again(s, &n->auth);
		if (rc == SSH_AUTH_AGAIN)
			return (0);
		if (rc != SSH_AUTH_SUCCESS) {
			net_set_error(n, "the server refused the login");
			return (-1);
		}
		n->stage = NET_STAGE_CHANNEL;
		if ((n->channel = ssh_channel_new(s)) == NULL)
			goto fail;
		/* FALLTHROUGH */
	case NET_STAGE_CHANNEL:
		rc = ssh_channel_open_session(n->channel);
		if (rc == SSH_AGAIN)
			return (0);
		if (rc != SSH_OK)
			goto fail;
		n->stage = NET_STAGE_SUBSYSTEM;
		/* FALLTHROUGH */
	case NET_STAGE_SUBSYSTEM:
		rc = ssh_channel_request_subsystem(n->channel, PROTO_SUBSYSTEM);
		if (rc == SSH_AGAIN)
			return (0);
		if (rc != SSH_OK)
			goto fail;
		break;
	}
	net_ready(n, ssh_get_fd(s));
	return (1);
fail:
	net_set_error(n, ssh_get_error(s));
	return (-1);
}

/* Drops the connection (keeping what is needed to make it again). */
void
net_close(struct net *n)
{
	if (n->channel != NULL) {
		ssh_channel_free(n->channel);
		n->channel = NULL;
	}
	if (n->session != NULL) {
		ssh_disconnect(n->session);
		ssh_free(n->session);
		n->session = NULL;
	} else if (n->spawned && n->fd != -1)
		close(n->fd);
	n->fd = -1;
	n->state = NET_OFFLINE;
	n->outlen = 0;
	linebuf_free(&n->in);
}

void
net_free(struct net *n)
{
	net_close(n);
	if (n->hostkey != NULL)
		ssh_key_free(n->hostkey);
	n->hostkey = NULL;
	auth_free(&n->auth);
	free(n->out);
	free(n->error);
	n->out = n->error = NULL;
	n->outcap = 0;
}

/* What to poll the descriptor for. */
short
net_events(struct net *n)
{
	short	events = POLLIN;

	if (n->state != NET_READY)
		return (events);
	if (n->outlen > 0)
		events |= POLLOUT;
	if (n->session != NULL &&
	    (ssh_get_poll_flags(n->session) & SSH_WRITE_PENDING))
		events |= POLLOUT;
	return (events);
}

/* Queues bytes and sends what the connection takes now. */
void
net_send(struct net *n, const char *buf, size_t len)
{
	if (n->outlen + len > n->outcap) {
		n->outcap = (n->outlen + len) * 2;
		n->out = xreallocarray(n->out, n->outcap, 1);
	}
	memcpy(n->out + n->outlen, buf, len);
	n->outlen += len;
	net_flush(n);
}

static void
net_consume(struct net *n, size_t done)
{
	memmove(n->out, n->out + done, n->outlen - done);
	n->outlen -= done;
}

/*
 * Writes queued bytes without waiting: what the SSH window or the socket
 * does not take now stays queued for the next POLLOUT. -1 when the
 * connection is broken.
 */
int
net_flush(struct net *n)
{
	ssize_t	w;
	size_t	chunk;

	if (n->state != NET_READY)
		return (0);
	while (n->outlen > 0) {
		chunk = n->outlen < NET_WRITE_CHUNK ? n->outlen : NET_WRITE_CHUNK;
		if (n->session == NULL) {
			w = write(n->fd, n->out, chunk);
			if (w == -1 && (errno == EAGAIN || errno == EINTR))
				break;
		} else
			w = ssh_channel_write(n->channel, n->out, chunk);
		if (w < 0)
			return (-1);
		if (w == 0)
			break;
		net_consume(n, w);
	}
	if (n->session != NULL && ssh_blocking_flush(n->session, 0) == SSH_ERROR)
		return (-1);
	return (0);
}

static int
net_read(struct net *n, char *buf, size_t size)
{
	ssize_t	r;

	if (n->session == NULL) {
		r = read(n->fd, buf, size);
		if (r == -1 && (errno == EAGAIN || errno == EINTR))
			return (0);
		if (r <= 0)
			net_set_error(n, "the server closed the connection");
		return (r <= 0 ? -1 : (int)r);
	}
	r = ssh_channel_read_nonblocking(n->channel, buf, size, 0);
	if (r == SSH_ERROR) {
		net_set_error(n, ssh_get_error(n->session));
		return (-1);
	}
	if (r == SSH_EOF || (r == 0 && (ssh_channel_is_closed(n->channel) ||
	    !ssh_is_connected(n->session)))) {
		net_set_error(n, "the server closed the connection");
		return (-1);
	}
	return ((int)r);
}

/* Splits what came in into lines for rpc_line. */
static void
net_feed(struct net *n, struct client *c, const char *buf, size_t len)
{
	enum linebuf_result	 r;
	const char		*line;
	size_t			 off = 0, llen;

	while (off < len) {
		off += linebuf_feed(&n->in, buf + off, len - off);
		while ((r = linebuf_next(&n->in, &line, &llen)) != LINEBUF_NONE) {
			if (r == LINEBUF_LINE)
				rpc_line(c, line, llen);
			else
				c->fe->error(c, "line_too_long",
				    "the server sent a line that is too long");
			/* A handler may have closed the connection. */
			if (n->state != NET_READY)
				return;
		}
	}
}

/*
 * Moves data both ways once the descriptor is ready (or just to drain what
 * libssh already buffered). Returns -1 when the connection has gone.
 */
int
net_service(struct net *n, struct client *c)
{
	char	buf[NET_READ_SIZE];
	int	r;

	if (n->state != NET_READY)
		return (0);
	if (net_flush(n) == -1)
		return (-1);
	for (;;) {
		if ((r = net_read(n, buf, sizeof buf)) < 0)
			return (-1);
		if (r == 0)
			break;
		net_feed(n, c, buf, r);
		if (n->state != NET_READY)
			return (0);
	}
	return (net_flush(n));
}
