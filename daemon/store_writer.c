/*
 * store_writer.c: staffroomd's COMMIT off the loop. The turn's COMMIT (and
 * the fsync in it) runs on a thread of its own while the loop goes on; the
 * loop hands it over with store_commit_start and takes the result back with
 * store_commit_done when the thread's pipe says it is there.
 *
 * Ownership of the write connection: from store_commit_start until the
 * loop settles the result, the thread alone uses it. Every loop path to it
 * waits for the thread first (store_run, store_begin, store_db and the
 * other entry points call store_commit_wait), so a path that nobody
 * thought of waits as the whole loop used to, and is never wrong. The only
 * reads that do not wait are those inside a read scope (the ops that only
 * read, op.c, and the read holds of logins and logouts, store_read_hold):
 * they go to the reader, a query_only connection that sees the
 * last commit that returned (WAL); the thread's commit is not visible to it
 * until its fsync is done, and nobody has been told of it before that.
 *
 * The thread touches nothing of the store but the write connection and
 * its COMMIT and ROLLBACK statements, and the writer's fields below under
 * its mutex; the loop never reads the connection while `committing`.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "staffroom/common.h"
#include "log.h"
#include "util.h"
#include "store.h"
#include "store_private.h"

struct store_writer {
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	sqlite3		*db;		/* the write connection */
	sqlite3_stmt	*commit;
	sqlite3_stmt	*rollback;
	int		 notify[2];	/* thread -> loop: a commit returned */

	/* Under lock. */
	bool		 handed;	/* a COMMIT handed over, not yet taken */
	bool		 done;		/* it returned: rc, errcode, errmsg */
	bool		 quit;
	int		 rc;
	int		 errcode;
	char		 errmsg[256];

	/* The loop's own. */
	bool		 unreported;	/* settled; store_commit_done owes res */
	enum store_result res;
	uint64_t	 waits;		/* times the loop stopped for a commit */
};

/* The thread: COMMIT, and ROLLBACK when it fails (as store_commit does). */
static void
store_writer_commit(struct store_writer *w)
{
	int	rc, errcode = SQLITE_OK;
	char	errmsg[sizeof w->errmsg] = "";

	rc = sqlite3_step(w->commit);
	if (rc != SQLITE_DONE) {
		errcode = sqlite3_extended_errcode(w->db);
		snprintf(errmsg, sizeof errmsg, "%s", sqlite3_errmsg(w->db));
	}
	sqlite3_reset(w->commit);
	if (rc != SQLITE_DONE && !sqlite3_get_autocommit(w->db)) {
		sqlite3_step(w->rollback);
		sqlite3_reset(w->rollback);
	}
	pthread_mutex_lock(&w->lock);
	w->rc = rc;
	w->errcode = errcode;
	memcpy(w->errmsg, errmsg, sizeof errmsg);
	w->done = true;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	/* The pipe holds far more than the one commit in flight can write. */
	(void)write(w->notify[1], "", 1);
}

static void *
store_writer_main(void *arg)
{
	struct store_writer	*w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->handed && !w->quit)
			pthread_cond_wait(&w->cond, &w->lock);
		if (!w->handed)
			break;
		w->handed = false;
		pthread_mutex_unlock(&w->lock);
		store_writer_commit(w);
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return (NULL);
}

enum store_result
store_writer_start(struct store *st, const char *dir, int busy_timeout_ms,
    int *notify_fd)
{
	struct store_writer	*w;
	int			 i;

	if (store_open_query_only(dir, busy_timeout_ms, STORE_MODULE_COUNT,
	    &st->reader) != STORE_OK)
		return (STORE_ERROR);
	w = xcalloc(1, sizeof *w);
	w->db = st->db;
	store_commit_statements(st, &w->commit, &w->rollback);
	if (pipe(w->notify) == -1) {
		log_error("store: pipe: %s", strerror(errno));
		free(w);
		return (STORE_ERROR);
	}
	for (i = 0; i < 2; i++) {
		fcntl(w->notify[i], F_SETFL, O_NONBLOCK);
		fcntl(w->notify[i], F_SETFD, FD_CLOEXEC);
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	if ((errno = pthread_create(&w->thread, NULL, store_writer_main, w)) !=
	    0) {
		log_error("store: cannot start the writer thread: %s",
		    strerror(errno));
		close(w->notify[0]);
		close(w->notify[1]);
		free(w);
		return (STORE_ERROR);
	}
	st->writer = w;
	*notify_fd = w->notify[0];
	return (STORE_OK);
}

/* After the last commit returned: the thread ends. */
void
store_writer_stop(struct store *st)
{
	struct store_writer	*w = st->writer;

	if (w == NULL)
		return;
	store_commit_wait(st);
	pthread_mutex_lock(&w->lock);
	w->quit = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	close(w->notify[0]);
	close(w->notify[1]);
	free(w);
	st->writer = NULL;
	store_close(st->reader);
	st->reader = NULL;
}

/* The result the thread left, taken into the store (its disk state, audit). */
static void
store_writer_settle(struct store *st)
{
	struct store_writer	*w = st->writer;

	st->committing = false;
	w->done = false;
	if (w->rc == SQLITE_DONE) {
		store_committed(st);
		w->res = STORE_OK;
	} else {
		store_commit_failed(st, w->errcode, w->errmsg);
		w->res = STORE_ERROR;
	}
	w->unreported = true;
}

void
store_commit_wait(struct store *st)
{
	struct store_writer	*w = st->writer;

	if (!st->committing)
		return;
	w->waits++;
	pthread_mutex_lock(&w->lock);
	while (!w->done)
		pthread_cond_wait(&w->cond, &w->lock);
	pthread_mutex_unlock(&w->lock);
	store_writer_settle(st);
}

enum store_result
store_commit_start(struct store *st)
{
	struct store_writer	*w = st->writer;

	/* SQLite ended the transaction by itself (full disk, I/O error). */
	if (sqlite3_get_autocommit(st->db)) {
		store_rollback(st);
		return (STORE_ERROR);
	}
	/* The loop's next writes open a transaction after this one. */
	st->txn = false;
	st->committing = true;
	pthread_mutex_lock(&w->lock);
	w->handed = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	return (STORE_OK);
}

bool
store_commit_done(struct store *st, bool wait, enum store_result *res)
{
	struct store_writer	*w = st->writer;
	char			 drain[16];
	bool			 done;

	if (w == NULL)
		return (false);
	while (read(w->notify[0], drain, sizeof drain) > 0)
		;
	if (wait)
		store_commit_wait(st);
	if (st->committing) {
		pthread_mutex_lock(&w->lock);
		done = w->done;
		pthread_mutex_unlock(&w->lock);
		if (!done)
			return (false);
		store_writer_settle(st);
	}
	if (!w->unreported)
		return (false);
	w->unreported = false;
	*res = w->res;
	return (true);
}

bool
store_committing(const struct store *st)
{
	return (st->committing);
}

uint64_t
store_commit_waits(const struct store *st)
{
	return (st->writer != NULL ? st->writer->waits : 0);
}

void
store_read_scope_enter(struct store *st)
{
	if (st->read_scopes++ == 0 && st->committing && st->reader != NULL)
		st->reader_open = store_read_begin(st->reader) == STORE_OK;
}

void
store_read_scope_leave(struct store *st)
{
	if (--st->read_scopes > 0 || !st->reader_open)
		return;
	st->reader_open = false;
	store_read_end(st->reader);
}
