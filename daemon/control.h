/*
 * control.h: the control socket (control.c) and the live figures it and
 * the metrics endpoint (metrics_http.c) report.
 */
#ifndef STAFFROOM_CONTROL_H
#define STAFFROOM_CONTROL_H

#include "transport.h"
#include "metrics.h"

struct event_base;

/* Listens on dir/STATE_CONTROL_SOCKET; false (logged) when it cannot. */
bool		 control_start(struct event_base *, const char *dir);
/* Closes it and removes the socket file. */
void		 control_stop(void);

/* What the daemon is doing now, gathered for one answer. */
struct control_figures {
	int64_t			 uptime_ms;
	size_t			 sessions;	/* signed-in people's */
	size_t			 join_sessions;	/* registering with an invite */
	struct conn_stats	 conns;
	struct metrics_commits	 commits;
	uint64_t		 commit_waits;	/* the loop stopped for one */
	uint64_t		 db_bytes;	/* the database and its WAL */
};
void		 control_figures(struct control_figures *);

#endif
