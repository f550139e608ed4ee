/*
 * pty.c: the full-screen client for people who type plain `ssh -t`. The
 * daemon runs `staffroom --spawned` on a pseudo-terminal, with a clean
 * environment, and hands it an already-authenticated protocol connection on
 * fd 3 (a socketpair; no second SSH login). The terminal's bytes go to and
 * from the SSH channel through the ops the SSH layer gives.
 *
 * The spawned client is untrusted territory: it runs as the daemon's user,
 * so it is capped per person and in total (join forms, which nobody owns yet,
 * to half of the total, so newcomers never crowd out the people), and it is
 * expected never to start another program (the client enforces that in spawn
 * mode).
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <event2/event.h>

#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "transport.h"

#define SPAWN_INPUT_MAX		(64 * 1024)	/* keystrokes waiting for the pty */
#define SPAWN_PROTOCOL_FD	3

struct spawn {
	pid_t			 pid;
	int			 master;
	int			 sock;
	int64_t			 user_id;	/* 0 for a join form */
	struct conn		*conn;
	struct event		*master_read;
	struct event		*master_write;
	struct event		*sock_read;
	struct event		*sock_write;
	char			 out[4096];	/* terminal output not yet taken by SSH */
	size_t			 out_len;
	size_t			 out_off;
	char			*in;		/* keystrokes not yet taken by the pty */
	size_t			 in_len;
	const struct spawn_ops	*ops;
	void			*ctx;
	bool			 ended;
	LIST_ENTRY(spawn)	 entry;
};

static struct {
	struct event_base	*base;
	struct event		*sigchld;
	const char		*client_path;
	int			 max_total;
	int			 max_per_user;
	int			 count;
	LIST_HEAD(, spawn)	 all;
} spawns;

static const char spawn_exec_failed[] = "\r\nThis server cannot start its "
    "client program; please tell the server's operator.\r\n";

static void
spawn_reap(evutil_socket_t fd, short events, void *arg)
{
	int	status;

	while (waitpid(-1, &status, WNOHANG) > 0) {
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			log_error("the client %s could not be started for an "
			    "`ssh -t` user (is it still installed?)",
			    spawns.client_path);
	}
}

void
spawn_init(struct event_base *base, const char *client_path, int max_total,
    int max_per_user)
{
	spawns.base = base;
	spawns.client_path = client_path;
	spawn_set_limits(max_total, max_per_user);
	LIST_INIT(&spawns.all);
	spawns.sigchld = evsignal_new(base, SIGCHLD, spawn_reap, NULL);
	event_add(spawns.sigchld, NULL);
}

void
spawn_set_limits(int max_total, int max_per_user)
{
	spawns.max_total = max_total;
	spawns.max_per_user = max_per_user;
}

void
spawn_shutdown(void)
{
	struct spawn	*s;

	while ((s = LIST_FIRST(&spawns.all)) != NULL)
		spawn_free(s);
	if (spawns.sigchld != NULL)
		event_free(spawns.sigchld);
}

/* user_id 0: the join forms. */
static int
spawn_count_user(int64_t user_id)
{
	struct spawn	*s;
	int		 n = 0;

	LIST_FOREACH(s, &spawns.all, entry) {
		if (s->user_id == user_id)
			n++;
	}
	return (n);
}

/* The child: a new session on the pty's slave, fd 3 the protocol, nothing else. */
static void
spawn_child(int slave, int sock, const char *term)
{
	char	 termvar[96];
	char	*const argv[] = { "staffroom", "--spawned", NULL };
	char	*const envp[] = { "LANG=C.UTF-8", "LC_ALL=C.UTF-8",
		    "TZ=Europe/London", termvar, "HOME=/nonexistent", NULL };
	int	 fd;

	snprintf(termvar, sizeof termvar, "TERM=%s", term);
	setsid();
	ioctl(slave, TIOCSCTTY, 0);
	if (dup2(slave, 0) == -1 || dup2(slave, 1) == -1 ||
	    dup2(slave, 2) == -1 || dup2(sock, SPAWN_PROTOCOL_FD) == -1)
		_exit(127);
	for (fd = SPAWN_PROTOCOL_FD + 1; fd < 1024; fd++)
		close(fd);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	execve(spawns.client_path, argv, envp);
	/* Else the person sees only their connection close. */
	(void)write(2, spawn_exec_failed, sizeof spawn_exec_failed - 1);
	_exit(127);
}

static void	spawn_pump_output(struct spawn *);

/* Terminal output: read only while the SSH side has taken what we had. */
static void
spawn_master_readable(evutil_socket_t fd, short events, void *arg)
{
	struct spawn	*s = arg;
	ssize_t		 n;

	if (s->out_len > 0)
		return;
	n = read(s->master, s->out, sizeof s->out);
	if (n > 0) {
		s->out_len = n;
		s->out_off = 0;
		spawn_pump_output(s);
		return;
	}
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	/* EIO: the client closed the terminal, i.e. it exited. */
	event_del(s->master_read);
	if (!s->ended) {
		s->ended = true;
		s->ops->exited(s->ctx, 0);
	}
}

static void
spawn_pump_output(struct spawn *s)
{
	ssize_t	n;

	while (s->out_len > 0) {
		n = s->ops->write(s->ctx, s->out + s->out_off, s->out_len);
		if (n <= 0)
			break;
		s->out_off += n;
		s->out_len -= n;
	}
	if (s->out_len == 0 && !s->ended)
		event_add(s->master_read, NULL);
	else
		event_del(s->master_read);
}

void
spawn_output_ready(struct spawn *s)
{
	spawn_pump_output(s);
}

static void
spawn_master_writable(evutil_socket_t fd, short events, void *arg)
{
	struct spawn	*s = arg;
	ssize_t		 n;

	while (s->in_len > 0) {
		n = write(s->master, s->in, s->in_len);
		if (n <= 0)
			break;
		memmove(s->in, s->in + n, s->in_len - n);
		s->in_len -= n;
	}
	if (s->in_len == 0) {
		free(s->in);
		s->in = NULL;
		event_del(s->master_write);
	} else
		event_add(s->master_write, NULL);
}

void
spawn_input(struct spawn *s, const void *buf, size_t len)
{
	if (s->in_len + len > SPAWN_INPUT_MAX)
		len = SPAWN_INPUT_MAX - s->in_len;	/* typing faster than a terminal reads */
	if (len == 0)
		return;
	s->in = xrealloc(s->in, s->in_len + len);
	memcpy(s->in + s->in_len, buf, len);
	s->in_len += len;
	event_add(s->master_write, NULL);
}

void
spawn_resize(struct spawn *s, int cols, int rows)
{
	struct winsize	ws = { .ws_row = rows, .ws_col = cols };

	if (cols > 0 && rows > 0)
		ioctl(s->master, TIOCSWINSZ, &ws);
}

/* The conn's transport: the daemon's end of the socketpair. */
static ssize_t
spawn_sock_write(void *ctx, const char *buf, size_t len)
{
	struct spawn	*s = ctx;
	ssize_t		 n;

	n = write(s->sock, buf, len);
	if (n >= 0)
		return (n);
	if (errno == EAGAIN || errno == EINTR) {
		event_add(s->sock_write, NULL);
		return (0);
	}
	return (-1);
}

static void
spawn_sock_finish(void *ctx)
{
	struct spawn	*s = ctx;

	shutdown(s->sock, SHUT_WR);
}

/* The join form registered: the client counts as that person's from now on. */
static void
spawn_became_user(void *ctx, const struct store_user *user)
{
	struct spawn	*s = ctx;

	s->user_id = user->id;
	s->ops->registered(s->ctx, user);
}

static const struct conn_transport spawn_transport = {
	"spawn",
	spawn_sock_write,
	spawn_sock_finish,
	spawn_became_user,
	NULL,		/* unpaced: one person's terminal, typing */
};

static void
spawn_sock_writable(evutil_socket_t fd, short events, void *arg)
{
	struct spawn	*s = arg;

	conn_flush(s->conn);
}

static void
spawn_sock_readable(evutil_socket_t fd, short events, void *arg)
{
	struct spawn	*s = arg;
	char		 buf[16384];
	ssize_t		 n;

	n = read(s->sock, buf, sizeof buf);
	if (n > 0)
		conn_input(s->conn, buf, n);
	else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
		event_del(s->sock_read);
		conn_peer_eof(s->conn);
	}
}

struct spawn *
spawn_client(const struct store_user *user, const char *term, int cols,
    int rows, const char *addr, const struct spawn_ops *ops, void *ctx,
    char *err, size_t errlen)
{
	struct winsize	 ws = { .ws_row = rows > 0 ? rows : 24,
			    .ws_col = cols > 0 ? cols : 80 };
	struct spawn	*s;
	int		 master, slave, pair[2];
	int64_t		 user_id = user != NULL ? user->id : 0;
	pid_t		 pid;

	if (spawns.count >= spawns.max_total || (user != NULL ?
	    spawn_count_user(user_id) >= spawns.max_per_user :
	    spawn_count_user(0) >= spawns.max_total / 2)) {
		snprintf(err, errlen, "too many full-screen sessions are open; "
		    "close one, or use the staffroom client");
		return (NULL);
	}
	if (openpty(&master, &slave, NULL, NULL, &ws) == -1) {
		snprintf(err, errlen, "no terminal available");
		return (NULL);
	}
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == -1) {
		close(master);
		close(slave);
		snprintf(err, errlen, "no socket available");
		return (NULL);
	}
	if ((pid = fork()) == -1) {
		close(master);
		close(slave);
		close(pair[0]);
		close(pair[1]);
		snprintf(err, errlen, "cannot start the client");
		return (NULL);
	}
	if (pid == 0) {
		close(master);
		close(pair[0]);
		spawn_child(slave, pair[1], term != NULL && *term != '\0' ?
		    term : "xterm");
	}
	close(slave);
	close(pair[1]);
	fcntl(master, F_SETFD, FD_CLOEXEC);
	fcntl(pair[0], F_SETFD, FD_CLOEXEC);
	evutil_make_socket_nonblocking(master);
	evutil_make_socket_nonblocking(pair[0]);

	s = xcalloc(1, sizeof *s);
	s->pid = pid;
	s->master = master;
	s->sock = pair[0];
	s->user_id = user_id;
	s->ops = ops;
	s->ctx = ctx;
	s->master_read = event_new(spawns.base, master, EV_READ | EV_PERSIST,
	    spawn_master_readable, s);
	s->master_write = event_new(spawns.base, master, EV_WRITE,
	    spawn_master_writable, s);
	s->sock_read = event_new(spawns.base, s->sock, EV_READ | EV_PERSIST,
	    spawn_sock_readable, s);
	s->sock_write = event_new(spawns.base, s->sock, EV_WRITE,
	    spawn_sock_writable, s);
	event_add(s->master_read, NULL);
	event_add(s->sock_read, NULL);
	s->conn = conn_new(&spawn_transport, s, user != NULL ? CONN_USER :
	    CONN_JOIN, user, addr);
	conn_set_kind(s->conn, "plain ssh");
	LIST_INSERT_HEAD(&spawns.all, s, entry);
	spawns.count++;
	log_info("%s: started the full-screen client (pid %d) for %s", addr,
	    (int)pid, user != NULL ? user->handle : PROTO_JOIN_HANDLE);
	return (s);
}

void
spawn_free(struct spawn *s)
{
	LIST_REMOVE(s, entry);
	spawns.count--;
	/* The SIGCHLD handler reaps it; SIGHUP is what a closing terminal sends. */
	kill(s->pid, SIGHUP);
	conn_free(s->conn);
	event_free(s->master_read);
	event_free(s->master_write);
	event_free(s->sock_read);
	event_free(s->sock_write);
	close(s->master);
	close(s->sock);
	free(s->in);
	free(s);
}
