/*
 * metrics_http.h: the Prometheus endpoint (metrics_http.c), started when
 * staffroomd is given --metrics ADDR:PORT.
 */
#ifndef STAFFROOM_METRICS_HTTP_H
#define STAFFROOM_METRICS_HTTP_H

#include <stdbool.h>

struct event_base;

/* Serves GET /metrics on addr:port; false (logged) when it cannot. */
bool		 metrics_http_start(struct event_base *, const char *addr, int port);
void		 metrics_http_stop(void);

#endif
