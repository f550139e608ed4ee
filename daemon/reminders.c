/*
 * reminders.c: a meeting's people get a "meeting" event with "reminder":
 * "soon" 15 minutes before its start and "start" at it, unless a chair
 * started it already. One libevent timer, armed for the next reminder due
 * (the store knows it) and again whenever a meeting is scheduled. What was
 * sent is stored, so a restart sends nothing twice; a reminder whose time
 * passed long ago while the daemon was down is dropped, not sent late.
 */
#include "config.h"

#include <event2/event.h>

#include "meeting.h"

#define REMINDER_AHEAD_MS	(15 * 60 * 1000)
#define REMINDER_LATE_MS	(15 * 60 * 1000)	/* a start reminder, at most */
#define REMINDER_BATCH		50
#define REMINDER_MAX_WAIT_MS	(60 * 60 * 1000)

static struct event	*reminders_timer;

struct reminder_due {
	int64_t	id;
	int	reminded;
	int64_t	start_ms;
};

struct reminders_batch {
	struct reminder_due	v[REMINDER_BATCH];
	size_t			n;
};

static void
reminders_keep(int64_t id, int reminded, int64_t start_ms, void *arg)
{
	struct reminders_batch	*b = arg;

	if (b->n < REMINDER_BATCH)
		b->v[b->n++] = (struct reminder_due){ id, reminded, start_ms };
}

/* Sends one meeting's due reminder (if still worth sending) and stores it. */
static enum proto_error
reminders_send(const struct reminder_due *d, int64_t now)
{
	struct store_meeting	 m;
	const char		*which = NULL;
	int			 reminded = 2;

	if (now < d->start_ms) {
		reminded = 1;
		which = "soon";
	} else if (now < d->start_ms + REMINDER_LATE_MS)
		which = "start";
	if (store_meeting_reminded(server.store, d->id, reminded) != STORE_OK ||
	    store_meeting_get(server.store, d->id, &m) != STORE_OK)
		return (PROTO_ERR_INTERNAL);
	if (which != NULL)
		series_tell(m.series_id, json_pack("{s:s, s:o, s:s}", "ev",
		    "meeting", "meeting", meeting_json(&m), "reminder", which),
		    false);
	return (PROTO_OK);
}

static void
reminders_arm(void)
{
	struct timeval	tv = { 0, 0 };
	int64_t		when = 0, wait;

	if (store_reminder_next(server.store, REMINDER_AHEAD_MS, &when) !=
	    STORE_OK)
		when = now_ms() + 60 * 1000;	/* try again in a minute */
	if (when == 0)
		return;
	wait = when - now_ms();
	if (wait < 0)
		wait = 0;
	if (wait > REMINDER_MAX_WAIT_MS)
		wait = REMINDER_MAX_WAIT_MS;
	tv.tv_sec = (time_t)(wait / 1000);
	tv.tv_usec = (suseconds_t)(wait % 1000) * 1000;
	evtimer_add(reminders_timer, &tv);
}

static void
reminders_fire(void *arg)
{
	static const struct timeval again = { 60, 0 };
	struct reminders_batch	 b = { .n = 0 };
	enum proto_error	 err = PROTO_OK;
	char			 message[160];
	uint64_t		 retry;
	int64_t			 now = now_ms();
	size_t			 i;

	/* The loop's own op: its writes commit with the turn, its events after. */
	stage_begin(NULL, NULL, false);
	if (store_reminders_due(server.store, now, REMINDER_AHEAD_MS,
	    REMINDER_BATCH, reminders_keep, &b) != STORE_OK)
		err = PROTO_ERR_INTERNAL;
	for (i = 0; i < b.n && err == PROTO_OK; i++)
		err = reminders_send(&b.v[i], now);
	stage_close(err, message, sizeof message, &retry);
	stage_done();
	if (err == PROTO_OK) {
		reminders_arm();
		return;
	}
	/* Not again at once: the store is failing. */
	log_warn("meeting reminders were not sent");
	evtimer_add(reminders_timer, &again);
}

void
reminders_start(void)
{
	reminders_timer = server_timer_new(0, reminders_fire, NULL);
	/* At once: whatever fell due while the daemon was down. */
	reminders_poke();
}

void
reminders_poke(void)
{
	struct timeval	tv = { 0, 0 };

	if (reminders_timer != NULL)
		evtimer_add(reminders_timer, &tv);
}

void
reminders_stop(void)
{
	server_timer_free(reminders_timer);
	reminders_timer = NULL;
}
