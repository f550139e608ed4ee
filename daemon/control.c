/*
 * control.c: the control socket in the state directory (STATE_CONTROL_SOCKET),
 * for staffroomctl who, stats and kick. One JSON request line a connection,
 * one JSON reply line, then the daemon closes it. Only the daemon's own user
 * (and root) gets in: the socket is 0600 in a 0700 directory, and the
 * peer's uid is checked too. Requests, replies, time and connections are
 * bounded, and nothing blocks: it is one more socket on the loop.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "control.h"
#include "metrics.h"
#include "session.h"

#define CONTROL_REQUEST_MAX	1024	/* bytes of a request line */
#define CONTROL_CONNS_MAX	8	/* at once; more wait in the backlog */
#define CONTROL_TIMEOUT_S	10	/* to send the request, or to read the reply */
#define CONTROL_WHO_MAX		10000	/* sessions listed; "more" counts the rest */

struct control_client {
	struct bufferevent		*bev;
	LIST_ENTRY(control_client)	 entry;
};

static struct {
	struct evconnlistener		*listener;
	char				 path[sizeof ((struct sockaddr_un *)0)->sun_path];
	const char			*dir;
	int64_t				 started_ms;
	size_t				 nclients;
	LIST_HEAD(, control_client)	 clients;
} control;

static void
control_client_free(struct control_client *cl)
{
	LIST_REMOVE(cl, entry);
	bufferevent_free(cl->bev);
	free(cl);
	/* Below the cap again: take the next one waiting. */
	if (control.nclients-- == CONTROL_CONNS_MAX && control.listener != NULL)
		evconnlistener_enable(control.listener);
}

/* The reply has left: the connection is done. */
static void
control_written(struct bufferevent *bev, void *arg)
{
	if (evbuffer_get_length(bufferevent_get_output(bev)) == 0)
		control_client_free(arg);
}

static void
control_event(struct bufferevent *bev, short what, void *arg)
{
	control_client_free(arg);
}

static void
control_send(struct control_client *cl, json_t *reply)
{
	char	*text = json_dumps(reply, JSON_COMPACT);

	json_decref(reply);
	bufferevent_disable(cl->bev, EV_READ);
	bufferevent_setcb(cl->bev, NULL, control_written, control_event, cl);
	if (text == NULL) {
		control_client_free(cl);
		return;
	}
	evbuffer_add_printf(bufferevent_get_output(cl->bev), "%s\n", text);
	free(text);
}

static json_t *
control_error(enum proto_error err, const char *message)
{
	return (json_pack("{s:{s:s, s:s}}", "error", "code",
	    proto_error_code(err), "message", message));
}

static void
control_who_one(struct conn *c, void *arg)
{
	json_t			*who = arg, *list = json_object_get(who, "sessions");
	struct session_info	 info;

	if (!session_describe(c, &info))
		return;
	if (json_array_size(list) == CONTROL_WHO_MAX) {
		json_object_set_new(who, "more", json_integer(
		    json_integer_value(json_object_get(who, "more")) + 1));
		return;
	}
	json_array_append_new(list, json_pack("{s:s, s:s, s:I, s:s, s:I}",
	    "handle", info.handle, "address", conn_addr(c),
	    "since", (json_int_t)info.opened_ms, "kind", info.join ? "join" :
	    conn_kind(c), "idle_ms", (json_int_t)info.idle_ms));
}

static json_t *
control_who(void)
{
	json_t	*who = json_pack("{s:b, s:[], s:i}", "ok", 1, "sessions",
	    "more", 0);

	conn_foreach(control_who_one, who);
	return (who);
}

static void
control_count_one(struct conn *c, void *arg)
{
	struct control_figures	*f = arg;
	struct session_info	 info;

	if (!session_describe(c, &info))
		return;
	if (info.join)
		f->join_sessions++;
	else
		f->sessions++;
}

/* The database with its write-ahead log, as the disk holds them. */
static uint64_t
control_db_bytes(void)
{
	static const char *const	 files[] = { STORE_DB_FILE,
					    STORE_DB_FILE "-wal" };
	struct stat			 sb;
	char				 path[4096];
	uint64_t			 n = 0;
	size_t				 i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		if (path_join(path, sizeof path, control.dir, files[i]) &&
		    stat(path, &sb) == 0)
			n += (uint64_t)sb.st_size;
	}
	return (n);
}

void
control_figures(struct control_figures *f)
{
	memset(f, 0, sizeof *f);
	f->uptime_ms = now_ms() - control.started_ms;
	conn_foreach(control_count_one, f);
	conn_stats(&f->conns);
	metrics_commits(&f->commits);
	f->commit_waits = store_commit_waits(server.store);
	f->db_bytes = control_db_bytes();
}

static json_t *
control_stats(void)
{
	struct control_figures	f;

	control_figures(&f);
	return (json_pack("{s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
	    "s:I, s:I, s:f, s:f, s:I, s:I, s:I}", "ok", 1,
	    "uptime_ms", (json_int_t)f.uptime_ms,
	    "sessions", (json_int_t)f.sessions,
	    "join_sessions", (json_int_t)f.join_sessions,
	    "messages_per_minute",
	    (json_int_t)metrics_last_minute(METRIC_MESSAGES),
	    "logins_per_minute", (json_int_t)metrics_last_minute(METRIC_LOGINS),
	    "messages", (json_int_t)metrics_total(METRIC_MESSAGES),
	    "logins", (json_int_t)metrics_total(METRIC_LOGINS),
	    "queued_bytes", (json_int_t)f.conns.queued_bytes,
	    "queued_max_bytes", (json_int_t)f.conns.queued_max,
	    "lagging", (json_int_t)f.conns.lagging,
	    "commits", (json_int_t)f.commits.count,
	    "commit_p50_ms", f.commits.p50_us / 1000.0,
	    "commit_p99_ms", f.commits.p99_us / 1000.0,
	    "commits_sampled", (json_int_t)f.commits.recent,
	    "commit_waits", (json_int_t)f.commit_waits,
	    "database_bytes", (json_int_t)f.db_bytes));
}

/* Ends every session of the person, with bye "kicked"; how many there were. */
static json_t *
control_kick(json_t *req)
{
	const char		*handle = json_string_value(json_object_get(req,
				    "handle"));
	struct store_user	 u;
	enum store_result	 res;
	char			 message[PROTO_HANDLE_MAX + 64];
	size_t			 n;

	if (handle == NULL)
		return (control_error(PROTO_ERR_BAD_REQUEST,
		    "kick needs a handle"));
	if ((res = store_user_by_handle(server.store, handle, &u)) ==
	    STORE_NOT_FOUND) {
		snprintf(message, sizeof message, "nobody has the handle %.*s",
		    PROTO_HANDLE_MAX, handle);
		return (control_error(PROTO_ERR_NOT_FOUND, message));
	}
	if (res != STORE_OK)
		return (control_error(PROTO_ERR_INTERNAL,
		    "cannot read the account"));
	n = ssh_server_kick_user(u.id, "kicked");
	log_info("kick: %s: %zu session%s ended by staffroomctl", u.handle, n,
	    n == 1 ? "" : "s");
	return (json_pack("{s:b, s:s, s:I}", "ok", 1, "handle", u.handle,
	    "sessions", (json_int_t)n));
}

static json_t *
control_answer(const char *line)
{
	json_error_t	 jerr;
	json_t		*req, *reply;
	const char	*op;

	if ((req = json_loads(line, 0, &jerr)) == NULL || !json_is_object(req)) {
		json_decref(req);
		return (control_error(PROTO_ERR_BAD_JSON,
		    "the request is not a JSON object"));
	}
	if ((op = json_string_value(json_object_get(req, "op"))) == NULL)
		reply = control_error(PROTO_ERR_BAD_REQUEST,
		    "the request has no op");
	else if (strcmp(op, "who") == 0)
		reply = control_who();
	else if (strcmp(op, "stats") == 0)
		reply = control_stats();
	else if (strcmp(op, "kick") == 0)
		reply = control_kick(req);
	else
		reply = control_error(PROTO_ERR_UNKNOWN_OP,
		    "the control socket knows who, stats and kick");
	json_decref(req);
	return (reply);
}

static void
control_readable(struct bufferevent *bev, void *arg)
{
	struct control_client	*cl = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	char			*line;
	size_t			 len;

	if ((line = evbuffer_readln(in, &len, EVBUFFER_EOL_LF)) == NULL) {
		if (evbuffer_get_length(in) > CONTROL_REQUEST_MAX)
			control_send(cl, control_error(PROTO_ERR_LINE_TOO_LONG,
			    "a control request is one line of at most 1024 bytes"));
		return;
	}
	control_send(cl, len > CONTROL_REQUEST_MAX ?
	    control_error(PROTO_ERR_LINE_TOO_LONG,
	    "a control request is one line of at most 1024 bytes") :
	    control_answer(line));
	free(line);
}

/* The daemon's own user, and root, who could read its state anyway. */
static bool
control_peer_allowed(evutil_socket_t fd)
{
	struct ucred	cred;
	socklen_t	len = sizeof cred;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
		log_warn("control: cannot tell who connected: %s",
		    strerror(errno));
		return (false);
	}
	if (cred.uid != geteuid() && cred.uid != 0) {
		log_warn("control: refused uid %ld (only uid %ld and root may "
		    "use it)",
		    (long)cred.uid, (long)geteuid());
		return (false);
	}
	return (true);
}

static void
control_accept(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct timeval		 tv = { CONTROL_TIMEOUT_S, 0 };
	struct control_client	*cl;

	if (!control_peer_allowed(fd)) {
		evutil_closesocket(fd);
		return;
	}
	cl = xcalloc(1, sizeof *cl);
	cl->bev = bufferevent_socket_new(evconnlistener_get_base(l), fd,
	    BEV_OPT_CLOSE_ON_FREE);
	if (cl->bev == NULL) {
		evutil_closesocket(fd);
		free(cl);
		return;
	}
	LIST_INSERT_HEAD(&control.clients, cl, entry);
	if (++control.nclients == CONTROL_CONNS_MAX)
		evconnlistener_disable(l);
	bufferevent_setcb(cl->bev, control_readable, NULL, control_event, cl);
	bufferevent_set_timeouts(cl->bev, &tv, &tv);
	/* Reads stop at the bound: a longer line is refused, not gathered. */
	bufferevent_setwatermark(cl->bev, EV_READ, 0, CONTROL_REQUEST_MAX + 2);
	bufferevent_enable(cl->bev, EV_READ);
}

bool
control_start(struct event_base *base, const char *dir)
{
	struct sockaddr_un	 sun;
	struct stat		 sb;

	control.dir = dir;
	control.started_ms = now_ms();
	LIST_INIT(&control.clients);
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (!path_join(sun.sun_path, sizeof sun.sun_path, dir,
	    STATE_CONTROL_SOCKET)) {
		log_error("control socket %s/%s: path too long for a socket "
		    "(at most %zu bytes): use a shorter state directory", dir,
		    STATE_CONTROL_SOCKET, sizeof sun.sun_path - 1);
		return (false);
	}
	/* We hold the state lock: a socket left there is a dead daemon's. */
	if (lstat(sun.sun_path, &sb) == 0 && S_ISSOCK(sb.st_mode))
		unlink(sun.sun_path);
	control.listener = evconnlistener_new_bind(base, control_accept, NULL,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 16,
	    (struct sockaddr *)&sun, sizeof sun);
	if (control.listener == NULL) {
		log_error("control socket %s: %s", sun.sun_path, strerror(errno));
		return (false);
	}
	if (chmod(sun.sun_path, 0600) != 0) {
		log_error("control socket %s: %s", sun.sun_path, strerror(errno));
		control_stop();
		return (false);
	}
	snprintf(control.path, sizeof control.path, "%s", sun.sun_path);
	return (true);
}

void
control_stop(void)
{
	struct control_client	*cl;

	while ((cl = LIST_FIRST(&control.clients)) != NULL)
		control_client_free(cl);
	if (control.listener != NULL) {
		evconnlistener_free(control.listener);
		control.listener = NULL;
	}
	if (*control.path != '\0') {
		unlink(control.path);
		*control.path = '\0';
	}
}
