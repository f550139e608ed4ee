/*
 * retention.c: the purge of messages and posts older than the periods an
 * operator set (staffroomctl retention set; none set: nothing goes). A pass
 * starts when the daemon does and every hour after: it walks the rooms of
 * each kind with a period, then the boards, one bounded page a loop turn
 * (the next turn at once while there is more), so the loop never waits
 * behind it; then merges the search indexes a bounded step a turn until
 * the purged words have left their pages; then logs what it removed.
 * store_retention.c says what is kept (reported items, meetings).
 */
#include "config.h"

#include <event2/event.h>

#include <string.h>

#include "op.h"

#define RETENTION_PAGE		500	/* rows a turn reads at most */
#define RETENTION_EVERY_S	(60 * 60)
#define RETENTION_RETRY_S	60	/* after a store failure */
#define RETENTION_MERGE_TURNS	10000	/* a bound, should merging never end */

enum retention_phase {
	RETENTION_ROOMS,
	RETENTION_BOARDS,
	RETENTION_MERGE_MESSAGES,
	RETENTION_MERGE_POSTS,
	RETENTION_REPORT,
	RETENTION_IDLE,		/* until the next pass */
};

static struct {
	struct event		*timer;
	enum retention_phase	 phase;
	int64_t			 now;		/* the pass's, so its cutoffs hold still */
	int64_t			 target;	/* the room or board; 0: find the next */
	int			 kind;		/* its retention kind */
	int64_t			 cutoff_ms;
	int64_t			 after;		/* the page's start in it */
	int			 merges;
	long			 removed[STORE_RETENTION_KINDS];
	long			 threads;
} retention;

static void
retention_pass_start(void)
{
	memset(&retention.removed, 0, sizeof retention.removed);
	retention.threads = 0;
	retention.phase = RETENTION_ROOMS;
	retention.target = 0;
	retention.after = 0;
	retention.merges = 0;
	retention.now = now_ms();
}

/* Merging is worth its turns only when something left the index. */
static bool
retention_removed_any(void)
{
	int	k;

	for (k = 0; k < STORE_RETENTION_KINDS; k++) {
		if (retention.removed[k] > 0)
			return (true);
	}
	return (false);
}

/* "removed 3 messages (dm 2, buddy 1), 4 posts and 1 threads". */
static void
retention_report(void)
{
	char	kinds[160] = "";
	long	messages = 0;
	size_t	len;
	int	k;

	for (k = 0; k < STORE_RETENTION_BOARD; k++) {
		if (retention.removed[k] == 0)
			continue;
		messages += retention.removed[k];
		len = strlen(kinds);
		snprintf(kinds + len, sizeof kinds - len, "%s%s %ld",
		    len > 0 ? ", " : "", store_retention_kind_name(k),
		    retention.removed[k]);
	}
	if (!retention_removed_any())
		return;
	log_info("retention: removed %ld messages%s%s%s, %ld posts and %ld "
	    "threads older than their periods", messages,
	    messages > 0 ? " (" : "", kinds, messages > 0 ? ")" : "",
	    retention.removed[STORE_RETENTION_BOARD], retention.threads);
}

/* Finds the next room or board with a period; false when there is none. */
static enum store_result
retention_next_target(bool *found)
{
	enum store_result	res;
	bool			boards = retention.phase == RETENTION_BOARDS;

	res = store_retention_next(server.store, boards, retention.target,
	    retention.now, &retention.target, &retention.kind,
	    &retention.cutoff_ms);
	*found = res == STORE_OK && retention.target != 0;
	retention.after = 0;
	return (res);
}

/* One page of the current room or board; on to the next when it is done. */
static enum store_result
retention_page(void)
{
	struct store_retention_page	p = { 0 };
	enum store_result		res;

	p.target = retention.target;
	p.cutoff_ms = retention.cutoff_ms;
	p.limit = RETENTION_PAGE;
	p.after = retention.after;
	if (retention.phase == RETENTION_BOARDS)
		res = store_retention_purge_posts(server.store, &p,
		    STORE_REMOVED_MARKER);
	else
		res = store_retention_purge_messages(server.store, &p);
	if (res != STORE_OK)
		return (res);
	retention.removed[retention.kind] += p.removed;
	retention.threads += p.threads_removed;
	retention.after = p.after;
	if (p.done)
		retention.after = -1;	/* this one is finished */
	return (STORE_OK);
}

/* One turn's work; *more when the pass has more to do at once. */
static enum store_result
retention_step(bool *more)
{
	enum store_result	res = STORE_OK;
	bool			found, worked;

	*more = true;
	switch (retention.phase) {
	case RETENTION_ROOMS:
	case RETENTION_BOARDS:
		if (retention.after < 0 || retention.target == 0) {
			if ((res = retention_next_target(&found)) != STORE_OK)
				return (res);
			if (!found) {
				retention.phase++;
				retention.target = 0;
				return (STORE_OK);
			}
		}
		return (retention_page());
	case RETENTION_MERGE_MESSAGES:
	case RETENTION_MERGE_POSTS:
		if (!retention_removed_any()) {
			retention.phase = RETENTION_REPORT;
			return (STORE_OK);
		}
		res = store_retention_merge(server.store,
		    retention.phase == RETENTION_MERGE_POSTS, &worked);
		if (res == STORE_OK && (!worked ||
		    ++retention.merges >= RETENTION_MERGE_TURNS)) {
			retention.phase++;
			retention.merges = 0;
		}
		return (res);
	case RETENTION_REPORT:
	case RETENTION_IDLE:
		break;
	}
	retention_report();
	retention.phase = RETENTION_IDLE;
	*more = false;
	return (res);
}

static void
retention_fire(void *arg)
{
	struct timeval		 tv = { RETENTION_EVERY_S, 0 };
	enum proto_error	 err = PROTO_OK;
	char			 message[160];
	uint64_t		 retry;
	bool			 more = false;

	if (retention.phase == RETENTION_IDLE)
		retention_pass_start();
	/* The loop's own op: its writes commit with the turn. */
	stage_begin(NULL, NULL, false);
	if (retention_step(&more) != STORE_OK)
		err = PROTO_ERR_INTERNAL;
	stage_close(err, message, sizeof message, &retry);
	stage_done();
	if (err != PROTO_OK) {
		log_warn("retention: the purge stopped; it tries again in a "
		    "minute");
		retention.phase = RETENTION_IDLE;
		tv.tv_sec = RETENTION_RETRY_S;
	} else if (more)
		tv.tv_sec = 0;
	evtimer_add(retention.timer, &tv);
}

void
retention_start(void)
{
	static const struct timeval now = { 0, 0 };

	retention.timer = server_timer_new(0, retention_fire, NULL);
	retention.phase = RETENTION_IDLE;
	evtimer_add(retention.timer, &now);
}

void
retention_stop(void)
{
	server_timer_free(retention.timer);
	retention.timer = NULL;
}
