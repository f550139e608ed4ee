/*
 * conn.c: bytes, lines and queues. Splits a transport's bytes into lines,
 * hands decoded requests up (struct conn_upper: who is speaking and what
 * they ask is the business of session.c and op.c), and keeps a bounded
 * output queue of shared blobs (an event is encoded once for every
 * recipient).
 *
 * Output never leaves from here directly: queued bytes are flushed at the end
 * of the loop turn, after the group commit (server.c), so a reply about a
 * write is only sent once the write is durable.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "transport.h"

#define CONN_QUEUE_MIN	8
/* When a request refused for arriving behind too much input may come again. */
#define CONN_HELD_RETRY_MS	1000
/* Lines queued together leave in one write (one SSH packet), up to this. */
#define CONN_GATHER_MAX	(32 * 1024)

TAILQ_HEAD(conn_list, conn);
struct held_line;

static const struct conn_upper	*conn_upper;
static struct conn_list		 conn_all = TAILQ_HEAD_INITIALIZER(conn_all);
static struct conn_list		 conn_dirty = TAILQ_HEAD_INITIALIZER(conn_dirty);
/* Conns whose next request writes, or reads what they wrote: after the commit. */
static struct conn_list		 conn_awaiting = TAILQ_HEAD_INITIALIZER(conn_awaiting);
static size_t			 conn_ndirty;
static uint64_t			 conn_next_id;

struct conn {
	uint64_t		 id;
	char			 addr[64];
	const char		*kind;		/* "client", "plain ssh", ... (static) */
	void			*owner;		/* the layer above's (session.c) */

	struct linebuf		 in;

	/* Output queue: a ring of shared blobs, allocated only while non-empty. */
	struct conn_out		*q;
	uint32_t		 q_head;
	uint32_t		 q_len;
	uint32_t		 q_cap;
	size_t			 q_offset;	/* bytes of the head blob already written */
	size_t			 q_bytes;
	size_t			 q_reply_bytes;	/* of them, replies (not events) */

	/*
	 * Requests read while an op runs off the loop, while the peer has not
	 * read its replies, or past its turn's share, wait here, in order.
	 */
	bool			 paused;
	size_t			 run_budget;	/* requests it may run now (paced: in its turn) */
	bool			 awaits_commit;	/* paused until the store's commit returns */
	TAILQ_HEAD(held_list, held_line) held;
	size_t			 held_bytes;
	size_t			 held_count;

	bool			 lagging;	/* over the soft limit: live events stop until sync */
	bool			 eof;		/* the peer sends no more */
	bool			 gone;		/* the peer is gone: nothing more runs or is sent */
	bool			 closing;	/* we say no more: finish once the queue drains */
	bool			 finished;	/* transport told to finish */
	bool			 dirty;		/* on the flush list */
	uint32_t		 staged;	/* lines staged for it (stage.c) */
	size_t			 staged_reply_bytes;

	const struct conn_transport *transport;
	void			*transport_ctx;

	TAILQ_ENTRY(conn)	 entry;
	TAILQ_ENTRY(conn)	 dirty_entry;
	TAILQ_ENTRY(conn)	 commit_entry;
};

struct conn_out {
	struct blob		*blob;
	bool			 is_event;
};

/*
 * A request read while an op runs off the loop: the line to run later, or,
 * past the bound, only its id and the error it will be answered with.
 */
struct held_line {
	TAILQ_ENTRY(held_line)	 entry;
	size_t			 cost;		/* counted in held_bytes */
	json_t			*id;		/* refused ones */
	enum proto_error	 err;		/* PROTO_OK: run line */
	size_t			 len;
	char			 line[];
};

void
conn_init(const struct conn_upper *up)
{
	conn_upper = up;
}

void
conn_foreach(void (*fn)(struct conn *, void *), void *arg)
{
	struct conn	*c;

	TAILQ_FOREACH(c, &conn_all, entry)
		fn(c, arg);
}

/* Flushes the conn at the end of this loop turn, after the group commit. */
static void
conn_mark_dirty(struct conn *c)
{
	if (!c->dirty) {
		c->dirty = true;
		TAILQ_INSERT_TAIL(&conn_dirty, c, dirty_entry);
		conn_ndirty++;
	}
	conn_upper->wake();
}

static void	conn_run_held(struct conn *);

static void
conn_forget_dirty(struct conn *c)
{
	if (c->dirty) {
		TAILQ_REMOVE(&conn_dirty, c, dirty_entry);
		conn_ndirty--;
		c->dirty = false;
	}
}

/*
 * Only the conns marked so far: a flush may run libssh, which may read
 * requests whose writes open the next transaction, and the conns they touch
 * wait for the next turn (and its commit) instead of being walked again and
 * again here.
 */
void
conn_flush_marked(void)
{
	struct conn	*c;
	size_t		 n;

	for (n = conn_ndirty; n > 0 && (c = TAILQ_FIRST(&conn_dirty)) != NULL;
	    n--) {
		conn_forget_dirty(c);
		conn_flush(c);
	}
}

struct conn *
conn_new(const struct conn_transport *tp, void *ctx, enum conn_mode mode,
    const struct store_user *user, const char *addr)
{
	struct conn	*c;

	c = xcalloc(1, sizeof *c);
	c->id = ++conn_next_id;
	c->transport = tp;
	c->transport_ctx = ctx;
	snprintf(c->addr, sizeof c->addr, "%s", addr);
	linebuf_init(&c->in, PROTO_MAX_LINE);
	/* A paced conn runs requests only in its turns (conn_take_turn). */
	c->run_budget = tp->input_waiting != NULL ? 0 : SIZE_MAX;
	TAILQ_INIT(&c->held);
	TAILQ_INSERT_TAIL(&conn_all, c, entry);
	conn_upper->open(c, mode, user);
	return (c);
}

bool
conn_can_become_user(const struct conn *c)
{
	return (c->transport->became_user != NULL);
}

void
conn_set_owner(struct conn *c, void *owner)
{
	c->owner = owner;
}

void *
conn_owner(const struct conn *c)
{
	return (c->owner);
}

const char *
conn_addr(const struct conn *c)
{
	return (c->addr);
}

void
conn_set_kind(struct conn *c, const char *kind)
{
	c->kind = kind;
}

const char *
conn_kind(const struct conn *c)
{
	return (c->kind != NULL ? c->kind : c->transport->name);
}

/* A walk over every conn: only staffroomctl stats and the metrics ask. */
void
conn_stats(struct conn_stats *st)
{
	struct conn	*c;

	memset(st, 0, sizeof *st);
	TAILQ_FOREACH(c, &conn_all, entry) {
		st->conns++;
		st->queued_bytes += c->q_bytes;
		if (c->q_bytes > st->queued_max)
			st->queued_max = c->q_bytes;
		if (c->lagging)
			st->lagging++;
	}
}

void
conn_clear_lagging(struct conn *c)
{
	c->lagging = false;
}

void
conn_staged_add(struct conn *c, const struct blob *b, bool is_event)
{
	c->staged++;
	if (!is_event)
		c->staged_reply_bytes += b->len;
}

/*
 * Its output, and the requests waiting for the output to drain, go on at
 * the turn's end.
 */
void
conn_staged_remove(struct conn *c, const struct blob *b, bool is_event)
{
	c->staged--;
	if (!is_event)
		c->staged_reply_bytes -= b->len;
	if (c->staged == 0 || !TAILQ_EMPTY(&c->held))
		conn_mark_dirty(c);
}

void
conn_became_user(struct conn *c, const struct store_user *user)
{
	if (c->transport->became_user != NULL)
		c->transport->became_user(c->transport_ctx, user);
}

static void
conn_queue_clear(struct conn *c)
{
	while (c->q_len > 0) {
		blob_unref(c->q[c->q_head].blob);
		c->q_head = (c->q_head + 1) % c->q_cap;
		c->q_len--;
	}
	free(c->q);
	c->q = NULL;
	c->q_cap = c->q_head = 0;
	c->q_offset = c->q_bytes = c->q_reply_bytes = 0;
}

/*
 * The requests still waiting when the peer went for good (or was closed as
 * too slow): nobody is left to answer, and none was acknowledged, so none
 * is carried out.
 */
static void
conn_drop_held(struct conn *c)
{
	struct held_line	*h;
	size_t			 n = c->held_count;

	while ((h = TAILQ_FIRST(&c->held)) != NULL) {
		TAILQ_REMOVE(&c->held, h, entry);
		json_decref(h->id);
		free(h);
	}
	c->held_bytes = c->held_count = 0;
	if (n > 0)
		log_info("conn %llu (%s) ended; %zu requests it sent were not "
		    "carried out", (unsigned long long)c->id,
		    conn_upper->name(c), n);
}

void
conn_free(struct conn *c)
{
	conn_drop_held(c);
	conn_upper->close(c);
	conn_forget_dirty(c);
	if (c->awaits_commit)
		TAILQ_REMOVE(&conn_awaiting, c, commit_entry);
	TAILQ_REMOVE(&conn_all, c, entry);
	conn_queue_clear(c);
	linebuf_free(&c->in);
	free(c);
}

/*
 * Past the soft limit of unread replies (counting those the turn's ops
 * staged for it) the peer is not reading what it asked for: its requests
 * wait unrun until it reads, so a client that stalls costs no more work than
 * its bounded queue. Events do not count: past the same limit they stop
 * (lagging), and a busy room must not hold up its readers' requests.
 */
static bool
conn_output_full(const struct conn *c)
{
	return (c->q_reply_bytes + c->staged_reply_bytes >
	    server.cfg.out_soft_limit);
}

static void
conn_queue_push(struct conn *c, struct blob *b, bool is_event)
{
	struct conn_out	*q;
	uint32_t	 cap, i;

	if (c->q_len == c->q_cap) {
		cap = c->q_cap == 0 ? CONN_QUEUE_MIN : c->q_cap * 2;
		q = xcalloc(cap, sizeof *q);
		for (i = 0; i < c->q_len; i++)
			q[i] = c->q[(c->q_head + i) % c->q_cap];
		free(c->q);
		c->q = q;
		c->q_cap = cap;
		c->q_head = 0;
	}
	blob_ref(b);
	q = &c->q[(c->q_head + c->q_len) % c->q_cap];
	q->blob = b;
	q->is_event = is_event;
	c->q_len++;
	c->q_bytes += b->len;
	if (!is_event)
		c->q_reply_bytes += b->len;
}

/*
 * Past the soft limit a reader is lagging: its live events stop and it is
 * told to resync, so memory stays bounded however slowly it reads. Past the
 * hard limit (replies it keeps asking for without reading) it is closed.
 */
static void
conn_mark_lagging(struct conn *c)
{
	json_t	*ev;

	c->lagging = true;
	ev = json_pack("{s:s}", "ev", "resync");
	log_info("conn %llu (%s) is lagging: %zu bytes queued",
	    (unsigned long long)c->id, conn_upper->name(c), c->q_bytes);
	conn_send_json(c, ev, false);
}

/* While an op runs, or earlier ops wait for the commit, output is staged. */
void
conn_send_blob(struct conn *c, struct blob *b, bool is_event)
{
	if (b == NULL || c->finished || c->gone ||
	    conn_upper->stage(c, b, is_event))
		return;
	conn_deliver(c, b, is_event);
}

void
conn_deliver(struct conn *c, struct blob *b, bool is_event)
{
	if (c->finished || c->gone)
		return;
	if (is_event && (c->lagging || c->closing))
		return;
	if (c->q_bytes + b->len > server.cfg.out_hard_limit) {
		log_warn("conn %llu (%s) passed the output limit; closing",
		    (unsigned long long)c->id, conn_upper->name(c));
		c->lagging = true;
		conn_close(c, "too_slow");
		return;
	}
	if (is_event && c->q_bytes + b->len > server.cfg.out_soft_limit) {
		conn_mark_lagging(c);
		return;
	}
	conn_queue_push(c, b, is_event);
	conn_mark_dirty(c);
}

void
conn_send_json(struct conn *c, json_t *obj, bool is_event)
{
	struct blob	*b;

	if (obj == NULL)
		return;
	if ((b = blob_encode(obj)) == NULL) {
		log_error("conn %llu: cannot encode a line",
		    (unsigned long long)c->id);
		return;
	}
	conn_send_blob(c, b, is_event);
	blob_unref(b);
}

/*
 * The bye goes last whatever the output limit (it may pass it by this one
 * line), so a peer closed for reading too slowly learns why.
 */
void
conn_close(struct conn *c, const char *reason)
{
	conn_close_fields(c, reason, NULL);
}

void
conn_close_fields(struct conn *c, const char *reason, json_t *fields)
{
	struct blob	*b;
	json_t		*bye;

	if (c->closing) {
		json_decref(fields);
		return;
	}
	c->closing = true;
	bye = json_pack("{s:s, s:s}", "ev", "bye", "reason", reason);
	if (bye != NULL && fields != NULL)
		json_object_update(bye, fields);
	json_decref(fields);
	b = blob_encode(bye);
	if (b != NULL && !c->finished)
		conn_queue_push(c, b, true);
	blob_unref(b);
	conn_mark_dirty(c);
}

void
conn_peer_eof(struct conn *c)
{
	/* The end of input ends its last line, as a newline would. */
	conn_input(c, "\n", 1);
	c->eof = true;
	conn_mark_dirty(c);
}

void
conn_peer_gone(struct conn *c)
{
	/*
	 * What it sent before it went runs as it would have with no commit in
	 * flight (a kick, then hanging up): its turn, once the commit is back.
	 */
	if (c->awaits_commit) {
		conn_upper->commit_wait();
		conn_take_turn(c, CONN_TURN_REQUESTS);
	}
	c->gone = c->eof = true;
	conn_drop_held(c);
	conn_mark_dirty(c);
}

void
conn_take_turn(struct conn *c, size_t n)
{
	if (TAILQ_EMPTY(&c->held))
		return;
	c->run_budget = n;
	conn_run_held(c);
	c->run_budget = 0;
}

/* Requests it read wait only for their turn (not for an op or its reader). */
static bool
conn_waits_its_turn(const struct conn *c)
{
	return (!TAILQ_EMPTY(&c->held) && !c->paused && !c->closing &&
	    !c->gone && !conn_output_full(c));
}

/* Requests read ahead of their turn, at most (then reading waits). */
static size_t
conn_ahead_max(void)
{
	return (server.cfg.out_soft_limit / 2);
}

enum conn_read
conn_read_advice(const struct conn *c)
{
	if (!conn_waits_its_turn(c))
		return (CONN_READ_ONCE);
	return (c->held_bytes < conn_ahead_max() ? CONN_READ_AHEAD :
	    CONN_READ_LATER);
}

bool
conn_has_output(const struct conn *c)
{
	return (c->q_len > 0);
}

/*
 * The bytes to offer next: the head line itself, or, when more wait, as
 * many whole lines as fit copied into one buffer. A reader behind by
 * several events then costs one SSH packet and one send, not one each.
 */
static const char *
conn_next_bytes(const struct conn *c, size_t *len)
{
	static char	 gather[CONN_GATHER_MAX];
	struct blob	*b = c->q[c->q_head].blob;
	uint32_t	 i;

	*len = b->len - c->q_offset;
	if (c->q_len == 1 || *len + c->q[(c->q_head + 1) % c->q_cap].blob->len >
	    sizeof gather)
		return (b->data + c->q_offset);
	memcpy(gather, b->data + c->q_offset, *len);
	for (i = 1; i < c->q_len; i++) {
		b = c->q[(c->q_head + i) % c->q_cap].blob;
		if (*len + b->len > sizeof gather)
			break;
		memcpy(gather + *len, b->data, b->len);
		*len += b->len;
	}
	return (gather);
}

/* Drops n bytes the transport took from the head of the queue. */
static void
conn_consume(struct conn *c, size_t n)
{
	struct conn_out	*head;
	size_t		 left;

	c->q_bytes -= n;
	while (n > 0) {
		head = &c->q[c->q_head];
		left = head->blob->len - c->q_offset;
		if (n < left) {
			c->q_offset += n;
			return;
		}
		n -= left;
		if (!head->is_event)
			c->q_reply_bytes -= head->blob->len;
		blob_unref(head->blob);
		c->q_head = (c->q_head + 1) % c->q_cap;
		c->q_len--;
		c->q_offset = 0;
	}
}

void
conn_flush(struct conn *c)
{
	const char	*bytes;
	size_t		 len;
	ssize_t		 n;

	/*
	 * Nothing leaves before the turn's writes are committed (server.c);
	 * what is queued came before anything staged, so it may leave while
	 * the writer thread commits, but the conn does not finish while lines
	 * staged for it wait (stage.c; the last one's delivery flushes again).
	 */
	if (!conn_upper->can_send()) {
		conn_mark_dirty(c);
		return;
	}
	/* Nobody reads what is queued: the transport goes at once. */
	if (c->gone && !c->finished) {
		conn_queue_clear(c);
		c->finished = true;
		c->transport->finish(c->transport_ctx);
		return;
	}
	while (c->q_len > 0 && !c->finished) {
		bytes = conn_next_bytes(c, &len);
		n = c->transport->write(c->transport_ctx, bytes, len);
		if (n <= 0) {
			c->finished = n < 0;
			break;
		}
		conn_consume(c, (size_t)n);
	}
	if (c->finished)
		return;
	if (c->q_len == 0 && c->q != NULL)
		conn_queue_clear(c);
	/* The peer reads again: the requests that waited for that run now. */
	conn_run_held(c);
	/* Done once we said so, or the peer did and every answer is out. */
	if (c->q_len == 0 && c->staged == 0 && (c->closing ||
	    (c->eof && !c->paused && TAILQ_EMPTY(&c->held)))) {
		c->finished = true;
		c->transport->finish(c->transport_ctx);
	}
}

/* The reply's line; internal, with the request's id, if it cannot be encoded. */
static struct blob *
conn_reply_blob(json_t *id, json_t *reply)
{
	struct blob	*b;

	if ((b = blob_encode(reply)) == NULL) {
		log_error("cannot encode a reply; sent internal");
		b = blob_encode(json_pack("{s:O?, s:{s:s, s:s}}", "re", id,
		    "error", "code", proto_error_code(PROTO_ERR_INTERNAL),
		    "message", proto_error_message(PROTO_ERR_INTERNAL)));
	}
	return (b);
}

/*
 * Every request gets exactly one reply: one that cannot be built or encoded
 * becomes an internal error with the request's id, never silence.
 */
void
conn_send_reply(struct conn *c, json_t *id, json_t *reply)
{
	struct blob	*b = conn_reply_blob(id, reply);

	conn_send_blob(c, b, false);
	blob_unref(b);
}

struct blob *
conn_error_blob(json_t *id, enum proto_error err, const char *message,
    uint64_t retry_after_ms)
{
	return (conn_error_blob_fields(id, err, message, retry_after_ms, NULL));
}

struct blob *
conn_error_blob_fields(json_t *id, enum proto_error err, const char *message,
    uint64_t retry_after_ms, json_t *fields)
{
	json_t	*reply, *error;

	error = json_pack("{s:s, s:s}", "code", proto_error_code(err),
	    "message", message != NULL && *message != '\0' ? message :
	    proto_error_message(err));
	if (error != NULL && fields != NULL)
		json_object_update(error, fields);
	json_decref(fields);
	reply = json_pack("{s:O?, s:o}", "re", id, "error", error);
	if (reply != NULL && retry_after_ms > 0)
		json_object_set_new(reply, "retry_after_ms",
		    json_integer((json_int_t)retry_after_ms));
	return (conn_reply_blob(id, reply));
}

void
conn_reply_error(struct conn *c, json_t *id, enum proto_error err,
    const char *message, uint64_t retry_after_ms)
{
	conn_reply_error_fields(c, id, err, message, retry_after_ms, NULL);
}

void
conn_reply_error_fields(struct conn *c, json_t *id, enum proto_error err,
    const char *message, uint64_t retry_after_ms, json_t *fields)
{
	struct blob	*b = conn_error_blob_fields(id, err, message,
			    retry_after_ms, fields);

	conn_send_blob(c, b, false);
	blob_unref(b);
}

static void
conn_dispatch(struct conn *c, const char *line, size_t len)
{
	struct proto_request	 req;
	enum proto_error	 err;

	if ((err = proto_request_decode(line, len, &req)) != PROTO_OK)
		conn_reply_error(c, req.id, err, NULL, 0);
	else
		conn_upper->request(c, &req);
	proto_request_free(&req);
}

/*
 * Asking on and on without reading (PROTO_MAX_WAITING requests waiting
 * behind unread replies, however early they were sent): what the hard
 * limit ended before. A stalled client's work ends here, not when its
 * whole pipeline has been carried out into a queue nobody reads.
 */
static bool
conn_asks_without_reading(struct conn *c)
{
	if (!conn_output_full(c) || c->held_count < PROTO_MAX_WAITING)
		return (false);
	log_warn("conn %llu (%s) has %zu requests waiting behind replies it "
	    "does not read; closing", (unsigned long long)c->id,
	    conn_upper->name(c), c->held_count);
	conn_close(c, "too_slow");
	return (true);
}

/*
 * Keeps a request read while an op runs off the loop, while the peer does
 * not read its replies or past its turn's share, in order. The lines kept
 * are bounded like output (the soft limit); past it a request is kept only
 * as its id (and so is every later one until the queue drains), answered
 * rate_limited in its turn: every request still gets one reply, in order.
 * Past twice the limit, or PROTO_MAX_WAITING requests on top of unread
 * replies, the peer is too_slow.
 */
static void
conn_hold(struct conn *c, enum linebuf_result r, const char *line,
    size_t len)
{
	struct proto_request	 req;
	struct held_line	*h, *last = TAILQ_LAST(&c->held, held_list);
	enum proto_error	 err = PROTO_OK;
	json_t			*id = NULL;
	size_t			 cost;

	if (r == LINEBUF_TOO_LONG)
		err = PROTO_ERR_LINE_TOO_LONG;
	else if (c->held_bytes + len > server.cfg.out_soft_limit ||
	    (last != NULL && last->err == PROTO_ERR_RATE_LIMITED)) {
		proto_request_decode(line, len, &req);
		id = json_incref(req.id);
		proto_request_free(&req);
		err = PROTO_ERR_RATE_LIMITED;
	}
	if (err != PROTO_OK)
		len = 0;
	cost = sizeof *h + len +
	    (json_is_string(id) ? json_string_length(id) : 0);
	if (c->held_bytes + cost > 2 * server.cfg.out_soft_limit) {
		log_warn("conn %llu (%s) sent too much while waiting; closing",
		    (unsigned long long)c->id, conn_upper->name(c));
		json_decref(id);
		conn_close(c, "too_slow");
		return;
	}
	if (conn_asks_without_reading(c)) {
		json_decref(id);
		return;
	}
	h = xmalloc(sizeof *h + len);
	h->cost = cost;
	h->id = id;
	h->err = err;
	h->len = len;
	/* A line too long is kept as its error alone (no bytes, no pointer). */
	if (len > 0)
		memcpy(h->line, line, len);
	TAILQ_INSERT_TAIL(&c->held, h, entry);
	c->held_bytes += cost;
	c->held_count++;
}

/*
 * While the store's commit is in flight, a request that may write (or read
 * what this conn wrote) waits for it, and every later one behind it: the
 * conn is paused until conn_commit_returned.
 */
static bool
conn_awaits_commit(struct conn *c, const char *line, size_t len)
{
	if (!conn_upper->must_wait(c, line, len))
		return (false);
	conn_pause(c);
	if (!c->awaits_commit)
		TAILQ_INSERT_TAIL(&conn_awaiting, c, commit_entry);
	c->awaits_commit = true;
	return (true);
}

void
conn_commit_returned(void)
{
	struct conn	*c;

	while ((c = TAILQ_FIRST(&conn_awaiting)) != NULL) {
		TAILQ_REMOVE(&conn_awaiting, c, commit_entry);
		c->awaits_commit = false;
		conn_resume(c);
	}
}

static void
conn_spend_turn(struct conn *c)
{
	if (c->run_budget > 0 && c->run_budget != SIZE_MAX)
		c->run_budget--;
}

static void
conn_line(struct conn *c, enum linebuf_result r, const char *line,
    size_t len)
{
	if (c->gone || (r == LINEBUF_LINE && len == 0))
		return;
	if (c->paused || c->run_budget == 0 || !TAILQ_EMPTY(&c->held) ||
	    conn_output_full(c) ||
	    (r == LINEBUF_LINE && conn_awaits_commit(c, line, len))) {
		conn_hold(c, r, line, len);
		return;
	}
	conn_spend_turn(c);
	if (r == LINEBUF_TOO_LONG)
		conn_reply_error(c, NULL, PROTO_ERR_LINE_TOO_LONG, NULL, 0);
	else
		conn_dispatch(c, line, len);
}

/*
 * Runs the requests held behind an op, until one of them goes off the loop
 * or the turn's share is spent; the rest wait for the conn's next turn. A
 * peer that sends faster than its share (the transport reads some bytes
 * whatever it is told) has more run, down to the read-ahead bound: its
 * requests are never refused for waiting their turn.
 */
static void
conn_run_held(struct conn *c)
{
	struct held_line	*h;

	while (!c->paused && !c->closing && !conn_output_full(c) &&
	    (c->run_budget > 0 || c->held_bytes > conn_ahead_max()) &&
	    (h = TAILQ_FIRST(&c->held)) != NULL) {
		if (h->err == PROTO_OK && conn_awaits_commit(c, h->line, h->len))
			break;
		conn_spend_turn(c);
		TAILQ_REMOVE(&c->held, h, entry);
		c->held_bytes -= h->cost;
		c->held_count--;
		if (h->err == PROTO_ERR_RATE_LIMITED)
			conn_reply_error(c, h->id, h->err, "too much input "
			    "while an earlier request ran; send it again",
			    CONN_HELD_RETRY_MS);
		else if (h->err != PROTO_OK)
			conn_reply_error(c, h->id, h->err, NULL, 0);
		else
			conn_dispatch(c, h->line, h->len);
		json_decref(h->id);
		free(h);
	}
	if (!c->closing && !TAILQ_EMPTY(&c->held) && conn_asks_without_reading(c))
		return;
	if (c->run_budget == 0 && conn_waits_its_turn(c) &&
	    c->transport->input_waiting != NULL)
		c->transport->input_waiting(c->transport_ctx);
}

void
conn_input(struct conn *c, const char *buf, size_t len)
{
	enum linebuf_result	 r;
	const char		*line;
	size_t			 n, linelen;

	while (len > 0 && !c->closing && !c->gone) {
		n = linebuf_feed(&c->in, buf, len);
		buf += n;
		len -= n;
		while (!c->closing &&
		    (r = linebuf_next(&c->in, &line, &linelen)) != LINEBUF_NONE)
			conn_line(c, r, line, linelen);
	}
}

void
conn_pause(struct conn *c)
{
	c->paused = true;
}

void
conn_resume(struct conn *c)
{
	c->paused = false;
	/* Requests that arrived meanwhile run now, in order. */
	conn_run_held(c);
	conn_mark_dirty(c);
}
