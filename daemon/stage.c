/*
 * stage.c: what each op of a loop turn sends, held until the turn's commit
 * says whether its writes happened (see shared notes, "one op, one
 * savepoint").
 *
 * An op (a request, an async op's completion, the loop's own work) runs
 * between stage_begin and stage_done, in a savepoint of the turn's
 * transaction. Its reply and events are staged, not queued: a failed op's
 * are dropped with its savepoint and only its error reply stays. After the
 * turn's COMMIT, stage_deliver hands everything to the conns in order. If
 * SQLite ends the whole transaction by itself (full disk, I/O error), every
 * op that ran inside it failed: its output is replaced by an error reply.
 *
 * The COMMIT runs on the store's writer thread (store_writer.c): at the
 * turn's end the turn's ops move to the committing list, whose output
 * leaves when the commit returns (stage_commit_end), while the next turns
 * stage their own. Only ops that wrote nothing run meanwhile (op.c holds
 * the rest), so what they staged leaves at their turn's end; output made
 * outside any op waits behind the commit, as it waits behind a turn's ops.
 */
#include "config.h"

#include <event2/event.h>

#include <stdlib.h>
#include <string.h>

#include "op.h"

struct stage_item {
	struct conn	*conn;		/* NULL once the conn is gone */
	struct blob	*blob;
	bool		 is_event;
};

struct stage_then {
	stage_commit_fn	*fn;
	void		*arg;
};

struct stage_op {
	struct conn	*conn;		/* who asked; NULL for the loop's own work */
	json_t		*id;		/* the request's id, for an error reply */
	bool		 request;	/* it owes a reply */
	bool		 in_txn;	/* ran while the turn's transaction was open */
	bool		 keep_writes;	/* kept though the op fails (stage_keep_writes) */
	session_then_fn	*after_reply;
	struct stage_then *thens;	/* stage_after_commit, in order */
	size_t		 nthens;
	struct stage_item *items;
	size_t		 n;
	size_t		 cap;
	TAILQ_ENTRY(stage_op) entry;
};
TAILQ_HEAD(stage_list, stage_op);

static struct stage_list stage_turn = TAILQ_HEAD_INITIALIZER(stage_turn);
static struct stage_list stage_committing =
    TAILQ_HEAD_INITIALIZER(stage_committing);
static struct stage_op	*stage_current;

static struct stage_op *
stage_op_new(struct conn *c, json_t *id, bool request)
{
	struct stage_op	*op = xcalloc(1, sizeof *op);

	op->conn = c;
	op->id = json_incref(id);
	op->request = request;
	return (op);
}

static void
stage_op_drop_items(struct stage_op *op)
{
	size_t	i;

	for (i = 0; i < op->n; i++) {
		if (op->items[i].conn != NULL)
			conn_staged_remove(op->items[i].conn,
			    op->items[i].blob, op->items[i].is_event);
		blob_unref(op->items[i].blob);
	}
	op->n = 0;
}

static void
stage_op_run_thens(struct stage_op *op, bool committed)
{
	size_t	i;

	for (i = 0; i < op->nthens; i++)
		op->thens[i].fn(op->thens[i].arg, committed);
	free(op->thens);
	op->thens = NULL;
	op->nthens = 0;
}

/* The op's writes are undone: nothing it staged or left for later happens. */
static void
stage_op_undo(struct stage_op *op)
{
	stage_op_drop_items(op);
	stage_op_run_thens(op, false);
	op->after_reply = NULL;
}

static void
stage_op_free(struct stage_op *op)
{
	stage_op_drop_items(op);
	stage_op_run_thens(op, false);
	free(op->items);
	json_decref(op->id);
	free(op);
}

static void
stage_op_add(struct stage_op *op, struct conn *c, struct blob *b,
    bool is_event)
{
	if (b == NULL)
		return;
	if (op->n == op->cap) {
		op->cap = op->cap == 0 ? 8 : op->cap * 2;
		op->items = xrealloc(op->items, op->cap * sizeof *op->items);
	}
	blob_ref(b);
	conn_staged_add(c, b, is_event);
	op->items[op->n].conn = c;
	op->items[op->n].blob = b;
	op->items[op->n].is_event = is_event;
	op->n++;
}

void
stage_begin(struct conn *c, json_t *id, bool request)
{
	stage_current = stage_op_new(c, id, request);
	store_op_begin(server.store);
}

bool
stage_active(void)
{
	return (stage_current != NULL);
}

/*
 * Output while an op runs is the op's; output between ops, while earlier
 * ops of the turn wait for the commit, waits behind them to keep the order.
 */
bool
stage_take(struct conn *c, struct blob *b, bool is_event)
{
	struct stage_op		*op = stage_current;
	struct stage_list	*list;

	if (op == NULL) {
		if (!TAILQ_EMPTY(&stage_committing))
			list = &stage_committing;
		else if (!TAILQ_EMPTY(&stage_turn))
			list = &stage_turn;
		else
			return (false);
		op = TAILQ_LAST(list, stage_list);
		if (op->request || op->in_txn || op->conn != NULL) {
			op = stage_op_new(NULL, NULL, false);
			TAILQ_INSERT_TAIL(list, op, entry);
		}
	}
	stage_op_add(op, c, b, is_event);
	return (true);
}

static enum proto_error
stage_disk_error(char *message, size_t size, uint64_t *retry_after_ms)
{
	snprintf(message, size, "the server cannot store anything right now "
	    "(its disk is full or read-only); nothing was changed");
	*retry_after_ms = store_retry_after_ms(server.store);
	return (PROTO_ERR_UNAVAILABLE);
}

static enum proto_error
stage_lost_error(char *message, size_t size, uint64_t *retry_after_ms)
{
	if (store_disk_failed(server.store))
		return (stage_disk_error(message, size, retry_after_ms));
	snprintf(message, size, "the server failed to store this; nothing was "
	    "changed");
	*retry_after_ms = 0;
	return (PROTO_ERR_INTERNAL);
}

static void
stage_resubscribe(struct conn *c, void *arg)
{
	if (!session_is_join(c))
		session_subscribe_rooms(c);
}

static void
stage_resubscribe_all(void)
{
	conn_foreach(stage_resubscribe, NULL);
}

/*
 * A transaction is gone: each op of list that ran inside it answers with
 * an error instead of what it staged, and the sessions follow the rooms
 * the database has again (an op may have changed them in memory).
 */
static void
stage_fail_list(struct stage_list *list)
{
	struct stage_op	*op;
	struct blob	*b;
	enum proto_error err;
	char		 message[160];
	uint64_t	 retry;
	size_t		 failed = 0;

	err = stage_lost_error(message, sizeof message, &retry);
	TAILQ_FOREACH(op, list, entry) {
		if (!op->in_txn)
			continue;
		stage_op_undo(op);
		op->in_txn = false;
		if (op->request && op->conn != NULL) {
			b = conn_error_blob(op->id, err, message, retry);
			stage_op_add(op, op->conn, b, false);
			blob_unref(b);
		}
		failed++;
	}
	log_warn("the turn's writes were lost; %zu ops answered %s", failed,
	    proto_error_code(err));
	stage_resubscribe_all();
	server_watch_again();
}

/* The turn's transaction is gone, before its commit. */
void
stage_fail_turn(void)
{
	store_rollback(server.store);
	stage_fail_list(&stage_turn);
}

/*
 * Ends the current op's writes: kept when err is PROTO_OK or OP_PENDING,
 * undone otherwise, along with what it staged. Returns the error to
 * answer with: err, or `unavailable` when the disk refused the op's
 * writes, or the turn's error when SQLite ended the whole transaction.
 * The reply sent next is staged with the op, until stage_done.
 */
enum proto_error
stage_close(enum proto_error err, char *message, size_t size,
    uint64_t *retry_after_ms)
{
	struct stage_op		*op = stage_current;
	enum store_op_result	 r;
	bool			 keep = err == PROTO_OK || err == OP_PENDING ||
				    op->keep_writes;

	r = store_op_end(server.store, keep);
	op->in_txn = store_in_transaction(server.store);
	if (r == STORE_OP_LOST) {
		stage_op_undo(op);
		op->in_txn = false;
		stage_fail_turn();
		return (stage_lost_error(message, size, retry_after_ms));
	}
	if (keep)
		return (err);
	stage_op_undo(op);
	if (store_op_met_disk(server.store))
		return (stage_disk_error(message, size, retry_after_ms));
	return (err);
}

void
stage_keep_writes(void)
{
	stage_current->keep_writes = true;
}

void
stage_after_commit(stage_commit_fn *fn, void *arg)
{
	struct stage_op	*op = stage_current;

	op->thens = xreallocarray(op->thens, op->nthens + 1,
	    sizeof *op->thens);
	op->thens[op->nthens++] = (struct stage_then){ fn, arg };
}

/* The op is over: its output waits for the turn's commit. */
void
stage_done(void)
{
	struct stage_op	*op = stage_current;

	stage_current = NULL;
	if (op->conn != NULL)
		op->after_reply = session_take_after_reply(op->conn);
	if (op->n == 0 && op->after_reply == NULL && op->nthens == 0) {
		stage_op_free(op);
		return;
	}
	TAILQ_INSERT_TAIL(&stage_turn, op, entry);
	event_active(server.turn_end, EV_WRITE, 0);
}

/* Everything staged in from goes to its conns, in order. */
static void
stage_deliver_list(struct stage_list *from)
{
	struct stage_list	 list = TAILQ_HEAD_INITIALIZER(list);
	struct stage_op		*op;
	struct conn		*c;
	size_t			 i;

	TAILQ_CONCAT(&list, from, entry);
	while ((op = TAILQ_FIRST(&list)) != NULL) {
		TAILQ_REMOVE(&list, op, entry);
		for (i = 0; i < op->n; i++) {
			if ((c = op->items[i].conn) == NULL)
				continue;
			conn_staged_remove(c, op->items[i].blob,
			    op->items[i].is_event);
			op->items[i].conn = NULL;
			conn_deliver(c, op->items[i].blob, op->items[i].is_event);
		}
		if (op->after_reply != NULL && op->conn != NULL)
			op->after_reply(op->conn);
		stage_op_run_thens(op, true);
		stage_op_free(op);
	}
}

/* After the turn's commit, or with nothing to commit: its output leaves. */
void
stage_deliver(void)
{
	stage_deliver_list(&stage_turn);
}

/* The turn's COMMIT is handed to the writer thread: its output waits for it. */
void
stage_commit_begin(void)
{
	TAILQ_CONCAT(&stage_committing, &stage_turn, entry);
}

/*
 * Whether a reply to the conn waits for the commit in flight: a request of
 * its own is in it (its writes are), or an error given outside any op.
 */
bool
stage_conn_committing(const struct conn *c)
{
	struct stage_op	*op;
	size_t		 i;

	TAILQ_FOREACH(op, &stage_committing, entry) {
		if (op->conn == c && op->request)
			return (true);
		for (i = 0; op->conn == NULL && i < op->n; i++) {
			if (op->items[i].conn == c && !op->items[i].is_event)
				return (true);
		}
	}
	return (false);
}

/* The commit returned: its ops' output leaves, or their errors if it failed. */
void
stage_commit_end(bool committed)
{
	if (!committed)
		stage_fail_list(&stage_committing);
	stage_deliver_list(&stage_committing);
}

static void
stage_op_forget(struct stage_op *op, struct conn *c)
{
	size_t	i;

	if (op->conn == c)
		op->conn = NULL;
	for (i = 0; i < op->n; i++) {
		if (op->items[i].conn == c)
			op->items[i].conn = NULL;
	}
}

/* The conn is going: nothing staged may point at it. */
void
stage_forget(struct conn *c)
{
	struct stage_op	*op;

	if (stage_current != NULL)
		stage_op_forget(stage_current, c);
	TAILQ_FOREACH(op, &stage_turn, entry)
		stage_op_forget(op, c);
	TAILQ_FOREACH(op, &stage_committing, entry)
		stage_op_forget(op, c);
}
