/*
 * metrics_http.c: the optional Prometheus endpoint (--metrics ADDR:PORT):
 * GET /metrics in Prometheus' text format, the figures of staffroomctl
 * stats (control.c) as gauges, counters and a histogram. libevent's evhttp
 * speaks the HTTP; we bound it: header and body sizes, a timeout, GET only,
 * and a cap on connections that the daemon keeps itself, since libevent 2.1
 * has none (evhttp is bound to our own listener, disabled at the cap).
 */
#include "config.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"
#include "metrics_http.h"

#define METRICS_HTTP_CONNS_MAX		16
#define METRICS_HTTP_TIMEOUT_S		10
#define METRICS_HTTP_HEADERS_MAX	8192
#define METRICS_HTTP_BODY_MAX		1024	/* a GET has none */
#define METRICS_HTTP_SWEEP_MS		250

static struct {
	struct evhttp		*http;
	struct evconnlistener	*listener;
	struct event		*sweep;
	/*
	 * Each connection's bufferevent, with a reference of ours: evhttp
	 * frees it (clearing its callbacks) when the connection ends, and
	 * the sweep then lets go, which closes the socket and frees a place.
	 */
	struct bufferevent	*held[METRICS_HTTP_CONNS_MAX];
	size_t			 nheld;
} mh;

static void
metrics_http_sweep(evutil_socket_t fd, short events, void *arg)
{
	bufferevent_event_cb	 eventcb;
	size_t			 i = 0;

	while (i < mh.nheld) {
		bufferevent_getcb(mh.held[i], NULL, NULL, &eventcb, NULL);
		if (eventcb != NULL) {
			i++;
			continue;
		}
		bufferevent_decref(mh.held[i]);
		mh.held[i] = mh.held[--mh.nheld];
	}
	if (mh.nheld < METRICS_HTTP_CONNS_MAX && mh.listener != NULL)
		evconnlistener_enable(mh.listener);
	if (mh.nheld == 0)
		event_del(mh.sweep);
}

/* evhttp asks for each new connection's bufferevent: the count is kept here. */
static struct bufferevent *
metrics_http_new_conn(struct event_base *base, void *arg)
{
	struct timeval		 tv = { 0, METRICS_HTTP_SWEEP_MS * 1000 };
	struct bufferevent	*bev;

	if ((bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE)) ==
	    NULL)
		return (NULL);
	/* Accepted in the same turn as the one that reached the cap: not held. */
	if (mh.nheld == METRICS_HTTP_CONNS_MAX)
		return (bev);
	bufferevent_incref(bev);
	mh.held[mh.nheld++] = bev;
	if (mh.nheld == METRICS_HTTP_CONNS_MAX) {
		evconnlistener_disable(mh.listener);
		log_warn("metrics: %d connections open; no more until one ends",
		    METRICS_HTTP_CONNS_MAX);
	}
	if (!event_pending(mh.sweep, EV_TIMEOUT, NULL))
		event_add(mh.sweep, &tv);
	return (bev);
}

static void
metrics_http_family(struct evbuffer *out, const char *name, const char *type,
    const char *help)
{
	evbuffer_add_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help,
	    name, type);
}

static void
metrics_http_gauge(struct evbuffer *out, const char *name, const char *type,
    const char *help, double value)
{
	metrics_http_family(out, name, type, help);
	evbuffer_add_printf(out, "%s %.17g\n", name, value);
}

static void
metrics_http_histogram(struct evbuffer *out, const struct metrics_commits *c)
{
	uint64_t	cumulative = 0;
	size_t		b;

	metrics_http_family(out, "staffroom_commit_seconds", "histogram",
	    "Time of each group commit (one per loop turn that wrote).");
	for (b = 0; b < METRICS_COMMIT_BUCKETS; b++) {
		cumulative += c->buckets[b];
		evbuffer_add_printf(out, "staffroom_commit_seconds_bucket"
		    "{le=\"%g\"} %llu\n", metrics_commit_bounds_us[b] / 1e6,
		    (unsigned long long)cumulative);
	}
	cumulative += c->buckets[METRICS_COMMIT_BUCKETS];
	evbuffer_add_printf(out, "staffroom_commit_seconds_bucket{le=\"+Inf\"} "
	    "%llu\nstaffroom_commit_seconds_sum %.6f\n"
	    "staffroom_commit_seconds_count %llu\n",
	    (unsigned long long)cumulative, c->sum_us / 1e6,
	    (unsigned long long)c->count);
}

static void
metrics_http_serve(struct evhttp_request *req, void *arg)
{
	struct control_figures	 f;
	struct evbuffer		*out = evhttp_request_get_output_buffer(req);

	control_figures(&f);
	metrics_http_gauge(out, "staffroom_up_seconds", "gauge",
	    "Seconds since staffroomd started.", f.uptime_ms / 1000.0);
	metrics_http_gauge(out, "staffroom_sessions", "gauge",
	    "Sessions of signed-in people open now.", (double)f.sessions);
	metrics_http_gauge(out, "staffroom_join_sessions", "gauge",
	    "Sessions registering with an invite now.", (double)f.join_sessions);
	metrics_http_gauge(out, "staffroom_messages_total", "counter",
	    "Chat messages stored since the start.",
	    (double)metrics_total(METRIC_MESSAGES));
	metrics_http_gauge(out, "staffroom_logins_total", "counter",
	    "Successful logins since the start.",
	    (double)metrics_total(METRIC_LOGINS));
	metrics_http_gauge(out, "staffroom_output_queued_bytes", "gauge",
	    "Bytes waiting in every connection's output queue.",
	    (double)f.conns.queued_bytes);
	metrics_http_gauge(out, "staffroom_output_queue_longest_bytes", "gauge",
	    "Bytes waiting in the longest output queue.",
	    (double)f.conns.queued_max);
	metrics_http_gauge(out, "staffroom_lagging_connections", "gauge",
	    "Connections sent resync whose reader has not caught up.",
	    (double)f.conns.lagging);
	metrics_http_gauge(out, "staffroom_database_bytes", "gauge",
	    "Size of the database and its write-ahead log.",
	    (double)f.db_bytes);
	metrics_http_histogram(out, &f.commits);
	metrics_http_gauge(out, "staffroom_commit_waits_total", "counter",
	    "Times the loop stopped for a commit in flight (the disk).",
	    (double)f.commit_waits);
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
	evhttp_send_reply(req, HTTP_OK, "OK", NULL);
}

static void
metrics_http_not_found(struct evhttp_request *req, void *arg)
{
	evbuffer_add_printf(evhttp_request_get_output_buffer(req),
	    "staffroomd serves only /metrics here\n");
	evhttp_send_reply(req, HTTP_NOTFOUND, "Not Found", NULL);
}

static bool
metrics_http_loopback(const struct sockaddr_storage *ss)
{
	const struct sockaddr_in	*sin = (const struct sockaddr_in *)ss;
	const struct sockaddr_in6	*sin6 = (const struct sockaddr_in6 *)ss;

	if (ss->ss_family == AF_INET)
		return ((ntohl(sin->sin_addr.s_addr) >> 24) == 127);
	return (ss->ss_family == AF_INET6 &&
	    IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr));
}

bool
metrics_http_start(struct event_base *base, const char *addr, int port)
{
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
	char			 bound[128];

	if (!sockaddr_parse(addr, port, &ss, &sslen)) {
		log_error("metrics: not an IP address: %s", addr);
		return (false);
	}
	if (!metrics_http_loopback(&ss))
		log_warn("metrics: %s is not a loopback address: whoever can "
		    "reach it reads the figures (firewall it)", addr);
	mh.listener = evconnlistener_new_bind(base, NULL, NULL,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC | LEV_OPT_REUSEABLE,
	    64, (struct sockaddr *)&ss, sslen);
	if (mh.listener == NULL) {
		log_error("metrics: cannot listen on %s:%d: %s", addr, port,
		    strerror(errno));
		return (false);
	}
	mh.http = evhttp_new(base);
	mh.sweep = event_new(base, -1, EV_PERSIST, metrics_http_sweep, NULL);
	evhttp_set_max_headers_size(mh.http, METRICS_HTTP_HEADERS_MAX);
	evhttp_set_max_body_size(mh.http, METRICS_HTTP_BODY_MAX);
	evhttp_set_timeout(mh.http, METRICS_HTTP_TIMEOUT_S);
	evhttp_set_allowed_methods(mh.http, EVHTTP_REQ_GET);
	evhttp_set_bevcb(mh.http, metrics_http_new_conn, NULL);
	evhttp_set_cb(mh.http, "/metrics", metrics_http_serve, NULL);
	evhttp_set_gencb(mh.http, metrics_http_not_found, NULL);
	if (evhttp_bind_listener(mh.http, mh.listener) == NULL) {
		log_error("metrics: cannot serve on %s:%d", addr, port);
		metrics_http_stop();
		return (false);
	}
	/* The port given may be 0: say which one it is. */
	sslen = sizeof ss;
	if (getsockname(evconnlistener_get_fd(mh.listener),
	    (struct sockaddr *)&ss, &sslen) == 0) {
		sockaddr_text((struct sockaddr *)&ss, true, bound, sizeof bound);
		log_info("metrics: serving http://%s/metrics", bound);
	}
	return (true);
}

void
metrics_http_stop(void)
{
	if (mh.http != NULL)
		/* Frees the listener bound to it, and every connection. */
		evhttp_free(mh.http);
	else if (mh.listener != NULL)
		evconnlistener_free(mh.listener);
	mh.http = NULL;
	mh.listener = NULL;
	if (mh.sweep != NULL) {
		metrics_http_sweep(-1, 0, NULL);
		event_free(mh.sweep);
		mh.sweep = NULL;
	}
}
