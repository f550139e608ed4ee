/*
 * ssh.c: staffroomd's SSH sessions (with ssh_auth.c for authentication and
 * ssh_channel.c for channels, the only files of it that speak libssh).
 * libevent owns the sockets; each session is driven by its fd events with
 * non-blocking libssh steps (key exchange, then ssh_event_dopoll).
 * Requests (authentication, channels) are taken as messages from libssh's
 * queue after each step and handled outside libssh's callbacks; channel
 * data goes straight to the conn. See
 * shared/notes/libssh-on-libevent.md for why it is done this way.
 */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <event2/event.h>
#include <event2/listener.h>
#include <libssh/libssh.h>
#include <libssh/server.h>
#include <libssh/callbacks.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ssh_private.h"

/* Out of file descriptors: stop accepting for this long instead of spinning. */
#define SSH_ACCEPT_PAUSE_MS	500

static struct {
	struct event_base	*base;
	ssh_bind		 bind;
	struct evconnlistener	*listener;
	struct event		*accept_pause;	/* re-enables the listener */
	bool			 accept_paused;
	struct ssh_client_list	 clients;
	struct ssh_client_pumps	 pump_list;	/* to pump at the next turn */
	struct event		*pump_timer;
	int			 port;
} ssh_srv;

/* Waits for the socket to be writable while libssh holds unsent bytes. */
static void
ssh_client_update_interest(struct ssh_client *sc)
{
	bool	pending;

	if (sc->dead)
		return;
	/* During key exchange libssh's own flag; see ssh_client_flush after. */
	pending = sc->kex_done ? sc->out_blocked :
	    (ssh_get_poll_flags(sc->session) & SSH_WRITE_PENDING) != 0;
	if (pending && !event_pending(sc->ev_write, EV_WRITE, NULL))
		event_add(sc->ev_write, NULL);
	else if (!pending && event_pending(sc->ev_write, EV_WRITE, NULL))
		event_del(sc->ev_write);
}

void
ssh_client_set_user(struct ssh_client *sc, const struct store_user *u)
{
	sc->user_id = u->id;
	snprintf(sc->handle, sizeof sc->handle, "%s", u->handle);
}

void
ssh_client_schedule(struct ssh_client *sc)
{
	event_active(sc->ev_read, EV_READ, 0);
}

/*
 * Pumps the client at the next turn of the loop, after its poll, not in this
 * one: a pump reads what has come, and what it reads may write to other
 * clients, whose pumps would read and write back within the same pass of
 * the loop for as long as people keep sending, starving the poll, the
 * other sockets and the group commit. One zero-time timer serves them all.
 */
void
ssh_client_pump_next_turn(struct ssh_client *sc)
{
	struct timeval	now = { 0, 0 };

	if (sc->pump_listed)
		return;
	sc->pump_listed = true;
	TAILQ_INSERT_TAIL(&ssh_srv.pump_list, sc, pump_entry);
	if (!evtimer_pending(ssh_srv.pump_timer, NULL))
		evtimer_add(ssh_srv.pump_timer, &now);
}

static void	ssh_client_event(evutil_socket_t, short, void *);

static void
ssh_server_pump_turn(evutil_socket_t fd, short events, void *arg)
{
	struct ssh_client_pumps	 now = TAILQ_HEAD_INITIALIZER(now);
	struct ssh_client	*sc;

	/* Those listed from here on wait for the next turn. */
	TAILQ_CONCAT(&now, &ssh_srv.pump_list, pump_entry);
	while ((sc = TAILQ_FIRST(&now)) != NULL) {
		TAILQ_REMOVE(&now, sc, pump_entry);
		sc->pump_listed = false;
		ssh_client_event(sc->evfd, EV_WRITE, sc);
	}
}

size_t
ssh_client_write_room(struct ssh_client *sc)
{
	/* The write event brings the pump that sends it. */
	if (sc->out_blocked)
		return (0);
	if (sc->out_unflushed >= SSH_FLUSH_BYTES) {
		sc->out_more = true;
		return (0);
	}
	return (SSH_FLUSH_BYTES - sc->out_unflushed);
}

void
ssh_client_wrote(struct ssh_client *sc, size_t len)
{
	sc->out_unflushed += len;
	sc->out_dirty = true;
	/* A pump sends it before it returns. */
	if (!sc->pumping)
		ssh_client_pump_next_turn(sc);
}

bool
ssh_client_output_pending(const struct ssh_client *sc)
{
	return (sc->out_blocked || sc->out_dirty);
}

/*
 * Sends what libssh holds for the socket; only at a safe point of the pump.
 * libssh 0.10 flags POLLOUT after every send, whole or not, so its poll
 * flags cannot tell whether bytes wait; ssh_blocking_flush with no timeout
 * can: holding nothing, it returns at once without a system call; else it
 * polls once and sends what the socket takes. Arming the write event only
 * while bytes are held saves each delivery two epoll_ctl, a loop turn and
 * a poll().
 */
static void
ssh_client_flush(struct ssh_client *sc)
{
	uint64_t	in = sc->counter.in_bytes;

	sc->out_blocked = ssh_blocking_flush(sc->session, 0) == SSH_AGAIN;
	sc->out_dirty = false;
	sc->out_unflushed = 0;
	/* Its poll may have read requests: the next pump takes them. */
	if (sc->counter.in_bytes != in)
		ssh_client_pump_next_turn(sc);
}

int
ssh_server_port(void)
{
	return (ssh_srv.port);
}

void
ssh_client_release(struct ssh_client *sc, bool login, bool join)
{
	if (login && sc->holds_login) {
		auth_hold_release(sc->addr, AUTH_HOLD_LOGIN);
		sc->holds_login = false;
	}
	if (join && sc->holds_join) {
		auth_hold_release(sc->addr, AUTH_HOLD_JOIN);
		sc->holds_join = false;
	}
}

static void
ssh_client_free(struct ssh_client *sc)
{
	int	i;

	TAILQ_REMOVE(&ssh_srv.clients, sc, entry);
	if (sc->pump_listed)
		TAILQ_REMOVE(&ssh_srv.pump_list, sc, pump_entry);
	/* The conns first: what they left unrun is logged before the logout. */
	for (i = 0; i < SSH_MAX_CHANNELS; i++) {
		if (sc->chans[i] != NULL)
			ssh_chan_free(sc->chans[i]);
	}
	ssh_auth_log_end(sc);
	ssh_client_release(sc, true, true);
	ssh_auth_forget(sc);
	event_free(sc->ev_read);
	event_free(sc->ev_write);
	event_free(sc->timer);
	if (sc->sevent != NULL) {
		ssh_event_remove_session(sc->sevent, sc->session);
		ssh_event_free(sc->sevent);
	}
	ssh_disconnect(sc->session);
	ssh_free(sc->session);
	close(sc->evfd);
	free(sc);
}

/* Answers the requests libssh has queued, one at a time while a password is checked. */
static void
ssh_client_messages(struct ssh_client *sc)
{
	ssh_message	msg;
	bool		handled;

	/*
	 * Requests come only in packets. With no byte read since the queue was
	 * last emptied, ssh_message_get would find nothing and cost a poll():
	 * one more syscall for every event delivered.
	 */
	if (sc->counter.in_bytes == sc->drained_at)
		return;
	/* An account and its key, a session's start: one read transaction. */
	store_read_hold(server.store);
	while (!sc->dead && sc->password_job == NULL &&
	    (msg = ssh_message_get(sc->session)) != NULL) {
		switch (ssh_message_type(msg)) {
		case SSH_REQUEST_AUTH:
			ssh_handle_auth(sc, msg);
			continue;
		case SSH_REQUEST_CHANNEL_OPEN:
			handled = ssh_handle_channel_open(sc, msg);
			break;
		case SSH_REQUEST_CHANNEL:
			handled = ssh_handle_channel_request(sc, msg);
			break;
		default:
			handled = false;
			break;
		}
		if (!handled)
			ssh_message_reply_default(msg);
		ssh_message_free(msg);
	}
	store_read_release(server.store);
	/* Stopped for a password check: the rest waits for its answer. */
	if (sc->password_job == NULL)
		sc->drained_at = sc->counter.in_bytes;
}

/*
 * A client that leaves closes its channels first (OpenSSH sends no
 * disconnect message); a connection that drops leaves them open.
 */
static bool
ssh_client_lost(const struct ssh_client *sc)
{
	int	i;

	for (i = 0; i < SSH_MAX_CHANNELS; i++) {
		if (sc->chans[i] != NULL && !sc->chans[i]->closed)
			return (true);
	}
	return (false);
}

/* The connection is over: closed, reset or disconnected by the peer. */
static bool
ssh_client_ended(const struct ssh_client *sc, int rc)
{
	return (rc == SSH_ERROR || !ssh_is_connected(sc->session) ||
	    (ssh_get_status(sc->session) & (SSH_CLOSED | SSH_CLOSED_ERROR)));
}

/*
 * Reads what has come. While requests wait for their conn's turn, all that
 * has come is read, so that a peer gone since sending them (its channel
 * closed, a disconnect, a reset, the end of the connection) is known before
 * they run: then they never do (nobody is left to answer, and none was
 * answered). Reading waits while a conn has enough waiting to run.
 */
static int
ssh_client_read(struct ssh_client *sc)
{
	uint64_t	in;
	int		rc;

	if (ssh_client_read_advice(sc) == CONN_READ_LATER)
		return (SSH_OK);
	do {
		in = sc->counter.in_bytes;
		rc = ssh_event_dopoll(sc->sevent, 0);
	} while (!ssh_client_ended(sc, rc) && sc->counter.in_bytes != in &&
	    ssh_client_read_advice(sc) == CONN_READ_AHEAD);
	return (rc);
}

static void
ssh_client_pump(struct ssh_client *sc)
{
	int	rc, draining;

	if (!sc->kex_done) {
		rc = ssh_handle_key_exchange(sc->session);
		if (rc == SSH_AGAIN) {
			ssh_client_update_interest(sc);
			return;
		}
		if (rc != SSH_OK) {
			log_info("%s: key exchange failed: %s", sc->addr,
			    ssh_get_error(sc->session));
			sc->dead = true;
			return;
		}
		sc->kex_done = true;
		sc->sevent = ssh_event_new();
		ssh_event_add_session(sc->sevent, sc->session);
		ssh_set_auth_methods(sc->session, SSH_AUTH_METHODS);
	}
	sc->pumping = true;
	sc->out_more = false;
	rc = ssh_client_read(sc);
	ssh_client_flush(sc);
	ssh_client_messages(sc);
	draining = ssh_client_channels(sc, !ssh_client_ended(sc, rc));
	ssh_client_flush(sc);
	sc->pumping = false;
	/*
	 * Output left behind for this flush's bound, and finished channels
	 * whose last bytes have left, are the next turn's; output the socket
	 * did not take waits for the write event.
	 */
	if ((sc->out_more || draining > 0) && !sc->out_blocked)
		ssh_client_pump_next_turn(sc);
	if (ssh_client_ended(sc, rc)) {
		sc->dead = true;
		if (sc->end_reason == NULL)
			sc->end_reason = ssh_client_lost(sc) ? "connection lost" :
			    "closed by the client";
	}
	ssh_client_update_interest(sc);
}

static void
ssh_client_event(evutil_socket_t fd, short events, void *arg)
{
	struct ssh_client	*sc = arg;

	if (!sc->dead)
		ssh_client_pump(sc);
	if (sc->dead)
		ssh_client_free(sc);
}

/* Before login: the grace period is over. After: time for a keepalive. */
static void
ssh_client_timer(evutil_socket_t fd, short events, void *arg)
{
	struct ssh_client	*sc = arg;
	struct timeval		 tv = { server.cfg.keepalive_s, 0 };

	if (sc->leaving) {
		ssh_client_free(sc);
		return;
	}
	if (!sc->authed) {
		log_info("%s did not log in within %d s; dropped", sc->addr,
		    server.cfg.login_grace_s);
		ssh_client_free(sc);
		return;
	}
	ssh_send_keepalive(sc->session);
	event_add(sc->timer, &tv);
	ssh_client_event(sc->evfd, EV_WRITE, sc);
}

/*
 * Set on the listening socket, which Linux copies to each connection it
 * accepts: five system calls once instead of at every login. A peer that
 * vanished (laptop lid shut, network gone) is found within a couple of
 * minutes instead of the kernel's default two hours; without TCP_NODELAY
 * small interactive writes can wait 40 to 80 ms for a delayed ACK.
 */
static void
ssh_listener_options(int fd)
{
	int	one = 1, idle = 60, interval = 15, count = 4;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
}

/*
 * One address has its cap of connections still logging in: say so in the
 * one line an SSH client shows before the version exchange, and close.
 */
static void
ssh_refuse_connection(struct ssh_client *sc)
{
	static const char	line[] = "Too many connections from your address "
				    "are logging in; try again in a minute.\r\n";

	log_debug("%s: too many connections logging in from there", sc->addr);
	if (send(sc->fd, line, sizeof line - 1, MSG_DONTWAIT | MSG_NOSIGNAL) == -1)
		log_debug("%s: %s", sc->addr, strerror(errno));
	close(sc->fd);
	free(sc);
}

/*
 * accept() failed for want of file descriptors (or memory): the waiting
 * connection stays readable, so accepting again at once would spin. Pause
 * the listener instead; connections wait in the backlog meanwhile.
 */
static void
ssh_server_accept_pause(int err)
{
	struct timeval	tv = { 0, SSH_ACCEPT_PAUSE_MS * 1000 };

	if (!ssh_srv.accept_paused)
		log_warn("cannot accept connections (%s); trying again every "
		    "%d ms", strerror(err), SSH_ACCEPT_PAUSE_MS);
	ssh_srv.accept_paused = true;
	evconnlistener_disable(ssh_srv.listener);
	evtimer_add(ssh_srv.accept_pause, &tv);
}

static void
ssh_server_accept_error(struct evconnlistener *l, void *arg)
{
	ssh_server_accept_pause(EVUTIL_SOCKET_ERROR());
}

static void
ssh_server_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
    int salen, void *arg)
{
	struct ssh_client	*sc;
	struct timeval		 grace = { server.cfg.login_grace_s, 0 };

	if (ssh_srv.accept_paused) {
		log_info("accepting connections again");
		ssh_srv.accept_paused = false;
	}
	sc = xcalloc(1, sizeof *sc);
	sc->fd = fd;
	sockaddr_text(sa, false, sc->addr, sizeof sc->addr);
	if (!auth_hold_take(sc->addr, AUTH_HOLD_LOGIN)) {
		ssh_refuse_connection(sc);
		return;
	}
	sc->holds_login = true;
	/*
	 * libssh closes fd by itself when it finds the peer gone, maybe in a
	 * write for someone else's fanout; the events wait on a descriptor of
	 * ours, so none is ever left registered on a closed (or reused) number.
	 */
	if ((sc->evfd = fcntl(fd, F_DUPFD_CLOEXEC, 0)) == -1) {
		int	err = errno;

		close(fd);
		ssh_client_release(sc, true, false);
		free(sc);
		if (err == EMFILE || err == ENFILE)
			ssh_server_accept_pause(err);
		else
			log_warn("cannot take a connection: %s", strerror(err));
		return;
	}
	if ((sc->session = ssh_new()) == NULL ||
	    ssh_bind_accept_fd(ssh_srv.bind, sc->session, fd) != SSH_OK) {
		log_warn("%s: cannot start a session: %s", sc->addr,
		    sc->session != NULL ? ssh_get_error(ssh_srv.bind) : "ssh_new");
		if (sc->session != NULL)
			ssh_free(sc->session);
		else
			close(fd);
		close(sc->evfd);
		ssh_client_release(sc, true, false);
		free(sc);
		return;
	}
	/* Non-blocking already: the listener accepts it so. */
	ssh_set_blocking(sc->session, 0);
	ssh_set_counters(sc->session, &sc->counter, NULL);
	sc->ev_read = event_new(ssh_srv.base, sc->evfd, EV_READ | EV_PERSIST,
	    ssh_client_event, sc);
	sc->ev_write = event_new(ssh_srv.base, sc->evfd, EV_WRITE | EV_PERSIST,
	    ssh_client_event, sc);
	sc->timer = evtimer_new(ssh_srv.base, ssh_client_timer, sc);
	event_add(sc->ev_read, NULL);
	event_add(sc->timer, &grace);
	TAILQ_INSERT_TAIL(&ssh_srv.clients, sc, entry);
	ssh_client_event(sc->evfd, EV_READ, sc);
}

static void
ssh_server_accept_resume(evutil_socket_t fd, short events, void *arg)
{
	evconnlistener_enable(ssh_srv.listener);
}

static bool
ssh_bind_set(enum ssh_bind_options_e opt, const void *value, const char *what)
{
	if (ssh_bind_options_set(ssh_srv.bind, opt, value) == SSH_OK)
		return (true);
	log_error("ssh: cannot set %s: %s", what, ssh_get_error(ssh_srv.bind));
	return (false);
}

/*
 * What libssh offers. Every current client (OpenSSH >= 6.5, Windows' and
 * macOS's among them, PuTTY >= 0.68, libssh) speaks curve25519, ssh-ed25519
 * and an AEAD cipher (whose MAC is implicit, so the MAC list goes unused);
 * --rsa-host-key serves older clients, which may need the older exchanges,
 * ciphers and MACs too. Each session keeps copies of these lists and of
 * the KEXINIT made of them, and libssh copies every loaded host key into
 * every session (~5 KiB and a key build at each login for RSA): offering
 * less keeps an idle session smaller.
 */
struct ssh_offer {
	const char	*kex;
	const char	*hostkeys;
	const char	*ciphers;
	const char	*macs;
};

static const struct ssh_offer ssh_offer_current = {
	"curve25519-sha256,curve25519-sha256@libssh.org",
	"ssh-ed25519",
	"chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,"
	    "aes128-gcm@openssh.com",
	"hmac-sha2-256-etm@openssh.com,hmac-sha2-256",
};

static const struct ssh_offer ssh_offer_older = {
	"curve25519-sha256,curve25519-sha256@libssh.org,"
	    "ecdh-sha2-nistp256,diffie-hellman-group16-sha512,"
	    "diffie-hellman-group14-sha256",
	"ssh-ed25519,rsa-sha2-512,rsa-sha2-256",
	"chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,"
	    "aes128-gcm@openssh.com,aes256-ctr,aes128-ctr",
	"hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,"
	    "hmac-sha2-256,hmac-sha2-512",
};

static bool
ssh_bind_configure(const char *dir, bool rsa_host_key)
{
	const struct ssh_offer	*o = rsa_host_key ? &ssh_offer_older :
				    &ssh_offer_current;
	char			 ed25519[4096], rsa[4096];
	bool			 no = false;

	if (!path_join(ed25519, sizeof ed25519, dir, HOSTKEY_ED25519) ||
	    !path_join(rsa, sizeof rsa, dir, HOSTKEY_RSA))
		return (false);
	return (ssh_bind_set(SSH_BIND_OPTIONS_PROCESS_CONFIG, &no, "config") &&
	    ssh_bind_set(SSH_BIND_OPTIONS_HOSTKEY, ed25519, ed25519) &&
	    (!rsa_host_key ||
	    ssh_bind_set(SSH_BIND_OPTIONS_HOSTKEY, rsa, rsa)) &&
	    ssh_bind_set(SSH_BIND_OPTIONS_KEY_EXCHANGE, o->kex, "key exchange") &&
	    ssh_bind_set(SSH_BIND_OPTIONS_HOSTKEY_ALGORITHMS, o->hostkeys,
	    "host key algorithms") &&
	    ssh_bind_set(SSH_BIND_OPTIONS_CIPHERS_C_S, o->ciphers, "ciphers") &&
	    ssh_bind_set(SSH_BIND_OPTIONS_CIPHERS_S_C, o->ciphers, "ciphers") &&
	    ssh_bind_set(SSH_BIND_OPTIONS_HMAC_C_S, o->macs, "macs") &&
	    ssh_bind_set(SSH_BIND_OPTIONS_HMAC_S_C, o->macs, "macs"));
}

/*
 * Binds the listening socket. Called before privileges are dropped; the
 * host keys are loaded by ssh_server_keys afterwards.
 */
bool
ssh_server_listen(struct event_base *base, const char *addr, int port,
    char *bound, size_t boundlen)
{
	struct sockaddr_storage	 ss;
	struct sockaddr_in	*sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t		 sslen;

	if (!sockaddr_parse(addr, port, &ss, &sslen)) {
		log_error("not an IP address: %s", addr);
		return (false);
	}
	ssh_srv.base = base;
	TAILQ_INIT(&ssh_srv.clients);
	TAILQ_INIT(&ssh_srv.pump_list);
	ssh_srv.pump_timer = evtimer_new(base, ssh_server_pump_turn, NULL);
	ssh_srv.listener = evconnlistener_new_bind(base, ssh_server_accept, NULL,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC |
	    LEV_OPT_DISABLED, 1024, (struct sockaddr *)&ss, sslen);
	if (ssh_srv.listener == NULL) {
		log_error("cannot listen on %s:%d: %s", addr, port,
		    strerror(errno));
		return (false);
	}
	evconnlistener_set_error_cb(ssh_srv.listener, ssh_server_accept_error);
	ssh_listener_options(evconnlistener_get_fd(ssh_srv.listener));
	ssh_srv.accept_pause = evtimer_new(base, ssh_server_accept_resume, NULL);
	sslen = sizeof ss;
	getsockname(evconnlistener_get_fd(ssh_srv.listener),
	    (struct sockaddr *)&ss, &sslen);
	ssh_srv.port = ntohs(ss.ss_family == AF_INET6 ? sin6->sin6_port :
	    sin->sin_port);
	sockaddr_text((struct sockaddr *)&ss, true, bound, boundlen);
	return (true);
}

bool
ssh_server_start(const char *dir, bool rsa_host_key)
{
	if ((ssh_srv.bind = ssh_bind_new()) == NULL ||
	    !ssh_bind_configure(dir, rsa_host_key))
		return (false);
	evconnlistener_enable(ssh_srv.listener);
	return (true);
}

void
ssh_server_stop_listening(void)
{
	if (ssh_srv.listener != NULL) {
		evconnlistener_free(ssh_srv.listener);
		ssh_srv.listener = NULL;
		event_free(ssh_srv.accept_pause);
	}
}

void
ssh_server_stop(void)
{
	struct ssh_client	*sc;

	ssh_server_stop_listening();
	while ((sc = TAILQ_FIRST(&ssh_srv.clients)) != NULL) {
		if (sc->end_reason == NULL)
			sc->end_reason = "server stopping";
		ssh_client_free(sc);
	}
	if (ssh_srv.bind != NULL)
		ssh_bind_free(ssh_srv.bind);
	if (ssh_srv.pump_timer != NULL)
		event_free(ssh_srv.pump_timer);
}

size_t
ssh_server_kick_user(int64_t user_id, const char *reason)
{
	struct ssh_client	*sc;
	size_t			 n = 0;
	int			 i;

	TAILQ_FOREACH(sc, &ssh_srv.clients, entry) {
		if (!sc->authed || sc->is_join || sc->user_id != user_id ||
		    sc->kicked)
			continue;
		n++;
		sc->kicked = true;
		sc->end_reason = reason;
		for (i = 0; i < SSH_MAX_CHANNELS; i++) {
			if (sc->chans[i] == NULL)
				continue;
			if (sc->chans[i]->conn != NULL)
				conn_close(sc->chans[i]->conn, reason);
			else
				ssh_chan_end(sc->chans[i], 1);
		}
		ssh_client_schedule(sc);
	}
	return (n);
}
