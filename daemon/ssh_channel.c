/*
 * ssh_channel.c: the channels of an SSH session: opening them, their
 * requests (the staffroom subsystem becomes a conn, a shell with a terminal
 * the spawned client, anything else the help text), their data both ways
 * and freeing them once libssh has sent everything.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "ssh_private.h"

#define SSH_KICK_LINGER_S	2
/*
 * The spawned client's memory grows with its screen: a window larger than
 * any real terminal is drawn as this much of it.
 */
#define SSH_PTY_MAX_COLS	500
#define SSH_PTY_MAX_ROWS	300

static const char ssh_help_text[] =
    "This is a staffroom server: it has no shell and runs no commands.\r\n"
    "  The full-screen client:   ssh -t -p %d HANDLE@HOST\r\n"
    "  The protocol, for scripts: ssh -p %d -s HANDLE@HOST staffroom\r\n"
    "  Or install the client:    staffroom HANDLE@HOST:%d\r\n";

static ssize_t
ssh_chan_write(void *ctx, const char *buf, size_t len)
{
	struct ssh_chan		*chan = ctx;
	struct ssh_client	*sc = chan->client;
	size_t			 n, room;
	int			 rc;

	if (sc->dead || chan->closed || chan->done)
		return (-1);
	/* A closed window opens with the peer's adjust, which a read brings. */
	n = ssh_channel_window_size(chan->channel);
	if (n > len)
		n = len;
	if (n > 0 && (room = ssh_client_write_room(sc)) < n)
		n = room;
	if (n == 0)
		return (0);
	rc = ssh_channel_write(chan->channel, buf, n);
	ssh_client_wrote(sc, n);
	if (rc == SSH_ERROR) {
		if (ssh_is_connected(sc->session))
			return (0);
		/* libssh closed the socket: no fd event will come to free us. */
		ssh_client_schedule(sc);
		return (-1);
	}
	return (rc);
}

void
ssh_chan_end(struct ssh_chan *chan, int status)
{
	if (!chan->closed) {
		ssh_channel_request_send_exit_status(chan->channel, status);
		ssh_channel_send_eof(chan->channel);
		ssh_channel_close(chan->channel);
		ssh_client_wrote(chan->client, 0);
	}
	chan->done = true;
}

static void
ssh_chan_finish(void *ctx)
{
	struct ssh_chan	*chan = ctx;

	ssh_chan_end(chan, 0);
	ssh_client_schedule(chan->client);
}

static void
ssh_chan_input_waiting(void *ctx)
{
	struct ssh_chan	*chan = ctx;

	ssh_client_pump_next_turn(chan->client);
}

static const struct conn_transport ssh_transport = {
	"ssh",
	ssh_chan_write,
	ssh_chan_finish,
	NULL,		/* a join session here closes once it has registered */
	ssh_chan_input_waiting,
};

static int
ssh_chan_data_cb(ssh_session session, ssh_channel channel, void *data,
    uint32_t len, int is_stderr, void *arg)
{
	struct ssh_chan	*chan = arg;

	/* Always consume: bytes left in libssh would stall the window. */
	if (is_stderr || chan->done)
		return ((int)len);
	if (chan->conn != NULL)
		conn_input(chan->conn, data, len);
	else if (chan->spawn != NULL)
		spawn_input(chan->spawn, data, len);
	else if (chan->early_len + len <= PROTO_MAX_LINE) {
		chan->early = xrealloc(chan->early, chan->early_len + len);
		memcpy(chan->early + chan->early_len, data, len);
		chan->early_len += len;
	} else
		chan->done = true;	/* freed (and so closed) at the next pump */
	return ((int)len);
}

static void
ssh_chan_eof_cb(ssh_session session, ssh_channel channel, void *arg)
{
	struct ssh_chan	*chan = arg;

	if (chan->conn != NULL)
		conn_peer_eof(chan->conn);
	else if (chan->spawn == NULL)
		chan->early_eof = true;
}

static void
ssh_chan_close_cb(ssh_session session, ssh_channel channel, void *arg)
{
	struct ssh_chan	*chan = arg;

	chan->closed = true;
	/* No answer can go on a closed channel: what waits never runs. */
	if (chan->conn != NULL)
		conn_peer_gone(chan->conn);
	else if (chan->spawn != NULL)
		chan->done = true;	/* the terminal is gone: free (and hang up) at the pump */
	else
		chan->early_eof = true;
}

/* Read ahead for any channel that wants it; later only when one has enough. */
enum conn_read
ssh_client_read_advice(const struct ssh_client *sc)
{
	enum conn_read	advice = CONN_READ_ONCE, a;
	int		i;

	for (i = 0; i < SSH_MAX_CHANNELS; i++) {
		if (sc->chans[i] == NULL || sc->chans[i]->conn == NULL)
			continue;
		if ((a = conn_read_advice(sc->chans[i]->conn)) == CONN_READ_LATER)
			return (a);
		if (a == CONN_READ_AHEAD)
			advice = a;
	}
	return (advice);
}

void
ssh_chan_free(struct ssh_chan *chan)
{
	if (chan->conn != NULL)
		conn_free(chan->conn);
	if (chan->spawn != NULL)
		spawn_free(chan->spawn);
	/* libssh keeps a channel until the peer's close arrives: unhook us first. */
	ssh_remove_channel_callbacks(chan->channel, &chan->cb);
	ssh_channel_free(chan->channel);
	free(chan->early);
	free(chan);
}

static void
ssh_print_help(struct ssh_chan *chan)
{
	char	text[sizeof ssh_help_text + 32];
	int	len, port;

	port = ssh_server_port();
	len = snprintf(text, sizeof text, ssh_help_text, port, port, port);
	ssh_channel_write(chan->channel, text, len);
	ssh_chan_end(chan, 1);
}

static struct ssh_chan *
ssh_client_find_chan(struct ssh_client *sc, ssh_channel channel)
{
	int	i;

	for (i = 0; i < SSH_MAX_CHANNELS; i++) {
		if (sc->chans[i] != NULL && sc->chans[i]->channel == channel)
			return (sc->chans[i]);
	}
	return (NULL);
}

/*
 * The account's record as it is now, in u (zeroed in a join session);
 * false once the session may not go on: kicked, or the account disabled.
 */
static bool
ssh_client_account(struct ssh_client *sc, struct store_user *u)
{
	memset(u, 0, sizeof *u);
	if (!sc->authed || sc->kicked)
		return (false);
	if (sc->is_join)
		return (true);
	return (store_user_by_id(server.store, sc->user_id, u) == STORE_OK &&
	    !u->disabled);
}

bool
ssh_handle_channel_open(struct ssh_client *sc, ssh_message msg)
{
	struct store_user	 u;
	struct ssh_chan		*chan;
	int			 i;

	if (ssh_message_subtype(msg) != SSH_CHANNEL_SESSION ||
	    !ssh_client_account(sc, &u))
		return (false);
	for (i = 0; i < SSH_MAX_CHANNELS && sc->chans[i] != NULL; i++)
		;
	if (i == SSH_MAX_CHANNELS)
		return (false);
	chan = xcalloc(1, sizeof *chan);
	chan->client = sc;
	if ((chan->channel = ssh_message_channel_request_open_reply_accept(msg)) ==
	    NULL) {
		free(chan);
		return (true);
	}
	ssh_callbacks_init(&chan->cb);
	chan->cb.userdata = chan;
	chan->cb.channel_data_function = ssh_chan_data_cb;
	chan->cb.channel_eof_function = ssh_chan_eof_cb;
	chan->cb.channel_close_function = ssh_chan_close_cb;
	ssh_set_channel_callbacks(chan->channel, &chan->cb);
	sc->chans[i] = chan;
	return (true);
}

/*
 * What the session is, for the operator's log: the staffroom client (libssh
 * is its SSH library), a script on the subsystem, plain ssh with a terminal,
 * or a join session.
 */
static const char *
ssh_log_session(const struct ssh_client *sc, const char *kind)
{
	const char	*software = ssh_get_clientbanner(sc->session);

	if (strcmp(kind, "subsystem") == 0 && software != NULL &&
	    strstr(software, "libssh") != NULL)
		kind = "client";
	log_info("session: %s from %s: %s%s",
	    sc->is_join ? PROTO_JOIN_HANDLE : sc->handle, sc->addr,
	    sc->is_join ? "join, " : "", kind);
	return (kind);
}

static bool
ssh_request_subsystem(struct ssh_client *sc, struct ssh_chan *chan,
    ssh_message msg, const struct store_user *u)
{
	const char	*name = ssh_message_channel_request_subsystem(msg);
	const char	*kind;

	if (name == NULL || strcmp(name, PROTO_SUBSYSTEM) != 0 ||
	    chan->conn != NULL || chan->pty)
		return (false);
	if (!sc->is_join && server.cfg.max_conns_per_user > 0 &&
	    session_count(sc->user_id) >=
	    (size_t)server.cfg.max_conns_per_user) {
		log_warn("%s: %s has too many sessions", sc->addr, sc->handle);
		return (false);
	}
	ssh_message_channel_request_reply_success(msg);
	kind = ssh_log_session(sc, "subsystem");
	chan->conn = conn_new(&ssh_transport, chan,
	    sc->is_join ? CONN_JOIN : CONN_USER, u, sc->addr);
	conn_set_kind(chan->conn, kind);
	if (chan->early != NULL) {
		conn_input(chan->conn, chan->early, chan->early_len);
		free(chan->early);
		chan->early = NULL;
		chan->early_len = 0;
	}
	if (chan->early_eof)
		conn_peer_eof(chan->conn);
	return (true);
}

/* A window size from the peer (a uint32 that libssh hands over as int). */
static int
ssh_pty_dimension(int asked, int max)
{
	return (asked < 0 || asked > max ? max : asked);
}

static void
ssh_chan_window(struct ssh_chan *chan, ssh_message msg)
{
	chan->cols = ssh_pty_dimension(ssh_message_channel_request_pty_width(msg),
	    SSH_PTY_MAX_COLS);
	chan->rows = ssh_pty_dimension(ssh_message_channel_request_pty_height(msg),
	    SSH_PTY_MAX_ROWS);
}

static bool
ssh_request_pty(struct ssh_client *sc, struct ssh_chan *chan, ssh_message msg,
    const struct store_user *u)
{
	const char	*term = ssh_message_channel_request_pty_term(msg);

	if (chan->conn != NULL || chan->spawn != NULL)
		return (false);
	chan->pty = true;
	snprintf(chan->term, sizeof chan->term, "%s", term != NULL ? term : "");
	ssh_chan_window(chan, msg);
	ssh_message_channel_request_reply_success(msg);
	return (true);
}

static bool
ssh_request_window_change(struct ssh_client *sc, struct ssh_chan *chan,
    ssh_message msg, const struct store_user *u)
{
	ssh_chan_window(chan, msg);
	if (chan->spawn != NULL)
		spawn_resize(chan->spawn, chan->cols, chan->rows);
	return (true);
}

/* No shell and no commands: say how to use the server instead. */
static bool
ssh_request_help(struct ssh_client *sc, struct ssh_chan *chan, ssh_message msg,
    const struct store_user *u)
{
	if (chan->conn != NULL || chan->spawn != NULL)
		return (false);
	ssh_message_channel_request_reply_success(msg);
	ssh_print_help(chan);
	return (true);
}

static void
ssh_spawn_exited(void *ctx, int status)
{
	struct ssh_chan	*chan = ctx;

	ssh_chan_end(chan, status);
	ssh_client_schedule(chan->client);
}

/*
 * The join form on this session registered someone: the session is theirs
 * from now on, so disabling them ends it like any of their sessions.
 */
static void
ssh_spawn_registered(void *ctx, const struct store_user *user)
{
	struct ssh_chan		*chan = ctx;
	struct ssh_client	*sc = chan->client;

	if (!sc->is_join)
		return;
	sc->is_join = false;
	ssh_client_set_user(sc, user);
	ssh_client_release(sc, false, true);
	log_info("%s: the join session is %s's now", sc->addr, user->handle);
}

static const struct spawn_ops ssh_spawn_ops = {
	ssh_chan_write,
	ssh_spawn_exited,
	ssh_spawn_registered,
};

/* A shell with a terminal gets the full-screen client; without one, help. */
static bool
ssh_request_shell(struct ssh_client *sc, struct ssh_chan *chan, ssh_message msg,
    const struct store_user *u)
{
	char	err[160];

	if (!chan->pty)
		return (ssh_request_help(sc, chan, msg, u));
	if (chan->conn != NULL || chan->spawn != NULL)
		return (false);
	ssh_message_channel_request_reply_success(msg);
	ssh_log_session(sc, "plain ssh");
	chan->spawn = spawn_client(sc->is_join ? NULL : u, chan->term,
	    chan->cols, chan->rows, sc->addr, &ssh_spawn_ops, chan, err,
	    sizeof err);
	if (chan->spawn == NULL) {
		log_warn("%s: %s", sc->addr, err);
		ssh_channel_write(chan->channel, err, strlen(err));
		ssh_channel_write(chan->channel, "\r\n", 2);
		ssh_chan_end(chan, 1);
	}
	return (true);
}

static const struct {
	int	 type;
	bool	(*handle)(struct ssh_client *, struct ssh_chan *, ssh_message,
		    const struct store_user *);
} ssh_channel_requests[] = {
	{ SSH_CHANNEL_REQUEST_SUBSYSTEM,	ssh_request_subsystem },
	{ SSH_CHANNEL_REQUEST_PTY,		ssh_request_pty },
	{ SSH_CHANNEL_REQUEST_WINDOW_CHANGE,	ssh_request_window_change },
	{ SSH_CHANNEL_REQUEST_SHELL,		ssh_request_shell },
	{ SSH_CHANNEL_REQUEST_EXEC,		ssh_request_help },
};

bool
ssh_handle_channel_request(struct ssh_client *sc, ssh_message msg)
{
	struct store_user	 u;
	struct ssh_chan		*chan;
	size_t			 i;

	chan = ssh_client_find_chan(sc,
	    ssh_message_channel_request_channel(msg));
	if (chan == NULL || chan->done || !ssh_client_account(sc, &u))
		return (false);
	for (i = 0; i < sizeof ssh_channel_requests /
	    sizeof ssh_channel_requests[0]; i++) {
		if (ssh_channel_requests[i].type == ssh_message_subtype(msg))
			return (ssh_channel_requests[i].handle(sc, chan, msg, &u));
	}
	return (false);
}

/*
 * Gives each conn its turn (the requests read so far) while the connection
 * lasts, flushes conns, frees finished channels; a kicked client goes once
 * none are
 * left. A finished channel is kept until libssh has sent everything (the
 * last reply and the goodbye would be lost otherwise); returns how many
 * finished channels wait for that.
 */
int
ssh_client_channels(struct ssh_client *sc, bool connected)
{
	struct ssh_chan	*chan;
	int		 i, open = 0, draining = 0;
	bool		 drained;

	for (i = 0; i < SSH_MAX_CHANNELS; i++) {
		if ((chan = sc->chans[i]) == NULL)
			continue;
		if (chan->conn != NULL && !chan->done) {
			/* Gone (reset, disconnected): what waits never runs. */
			if (connected)
				conn_take_turn(chan->conn, CONN_TURN_REQUESTS);
			conn_flush(chan->conn);
		}
		if (chan->spawn != NULL && !chan->done)
			spawn_output_ready(chan->spawn);
		drained = !ssh_client_output_pending(sc);
		if ((chan->done && (drained || chan->closed)) ||
		    (chan->closed && chan->conn == NULL && chan->spawn == NULL)) {
			sc->chans[i] = NULL;
			ssh_chan_free(chan);
			continue;
		}
		open++;
		if (chan->done)
			draining++;
	}
	/*
	 * A kicked client is disconnected a little after its channels closed,
	 * not at once: a client reading slowly would lose the goodbye that is
	 * still in its buffers when the session goes.
	 */
	if (sc->kicked && open == 0 && !sc->leaving) {
		struct timeval	tv = { SSH_KICK_LINGER_S, 0 };

		sc->leaving = true;
		event_del(sc->timer);
		event_add(sc->timer, &tv);
	}
	return (draining);
}
