/*
 * worker.c: small pools of threads for work that must not run on the loop
 * (argon2id, full-text search). A job's work runs on a pool thread and
 * touches nothing but its argument (and what worker_index gives that thread
 * alone); its done runs back on the loop, woken through a pipe. Each pool
 * bounds its queue, so a flood of jobs is refused, not stored.
 */
#include "config.h"

#include <event2/event.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "transport.h"

struct worker_job {
	void			(*work)(void *);
	void			(*done)(void *);
	void			 *arg;
	struct worker_job	 *next;
};

struct worker_thread {
	struct worker_pool	*pool;
	int			 index;
	pthread_t		 thread;
};

struct worker_pool {
	const char		*name;
	struct worker_thread	*threads;
	int			 nthreads;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	struct worker_job	*todo, **todo_tail;
	struct worker_job	*done, **done_tail;
	size_t			 queued;	/* submitted, done not yet run (loop only) */
	size_t			 queue_max;
	bool			 stopping;
	int			 notify[2];	/* worker → loop */
	struct event		*ev;
};

static __thread int worker_thread_index = -1;

int
worker_index(void)
{
	return (worker_thread_index);
}

static void *
worker_main(void *arg)
{
	struct worker_thread	*t = arg;
	struct worker_pool	*pool = t->pool;
	struct worker_job	*job;
	char			 byte = 1;

	worker_thread_index = t->index;
	pthread_mutex_lock(&pool->lock);
	for (;;) {
		while (pool->todo == NULL && !pool->stopping)
			pthread_cond_wait(&pool->cond, &pool->lock);
		if (pool->stopping)
			break;
		job = pool->todo;
		if ((pool->todo = job->next) == NULL)
			pool->todo_tail = &pool->todo;
		pthread_mutex_unlock(&pool->lock);

		job->work(job->arg);

		pthread_mutex_lock(&pool->lock);
		job->next = NULL;
		*pool->done_tail = job;
		pool->done_tail = &job->next;
		if (write(pool->notify[1], &byte, 1) == -1 && errno != EAGAIN)
			log_error("%s worker: cannot wake the loop: %s",
			    pool->name, strerror(errno));
	}
	pthread_mutex_unlock(&pool->lock);
	return (NULL);
}

static void
worker_collect(evutil_socket_t fd, short events, void *arg)
{
	struct worker_pool	*pool = arg;
	struct worker_job	*list, *job;
	char			 buf[64];

	while (read(fd, buf, sizeof buf) > 0)
		;
	pthread_mutex_lock(&pool->lock);
	list = pool->done;
	pool->done = NULL;
	pool->done_tail = &pool->done;
	pthread_mutex_unlock(&pool->lock);
	while ((job = list) != NULL) {
		list = job->next;
		pool->queued--;
		job->done(job->arg);
		free(job);
	}
}

bool
worker_pool_submit(struct worker_pool *pool, void (*work)(void *),
    void (*done)(void *), void *arg)
{
	struct worker_job	*job;

	if (pool->queued >= pool->queue_max)
		return (false);
	job = xcalloc(1, sizeof *job);
	job->work = work;
	job->done = done;
	job->arg = arg;
	pool->queued++;
	pthread_mutex_lock(&pool->lock);
	*pool->todo_tail = job;
	pool->todo_tail = &job->next;
	pthread_cond_signal(&pool->cond);
	pthread_mutex_unlock(&pool->lock);
	return (true);
}

struct worker_pool *
worker_pool_new(struct event_base *base, const char *name, int nthreads,
    size_t queue_max)
{
	struct worker_pool	*pool = xcalloc(1, sizeof *pool);
	int			 i;

	pool->name = name;
	pool->queue_max = queue_max;
	pool->todo_tail = &pool->todo;
	pool->done_tail = &pool->done;
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->cond, NULL);
	if (pipe2(pool->notify, O_NONBLOCK | O_CLOEXEC) == -1) {
		log_error("%s worker: pipe: %s", name, strerror(errno));
		pool->notify[0] = pool->notify[1] = -1;
		worker_pool_free(pool);
		return (NULL);
	}
	pool->ev = event_new(base, pool->notify[0], EV_READ | EV_PERSIST,
	    worker_collect, pool);
	event_add(pool->ev, NULL);
	pool->threads = xcalloc(nthreads, sizeof *pool->threads);
	for (i = 0; i < nthreads; i++) {
		pool->threads[i].pool = pool;
		pool->threads[i].index = i;
		if (pthread_create(&pool->threads[i].thread, NULL, worker_main,
		    &pool->threads[i]) != 0) {
			log_error("cannot start a %s worker thread", name);
			worker_pool_free(pool);
			return (NULL);
		}
		pool->nthreads++;
	}
	return (pool);
}

void
worker_pool_free(struct worker_pool *pool)
{
	struct worker_job	*job;
	int			 i;

	if (pool == NULL)
		return;
	pthread_mutex_lock(&pool->lock);
	pool->stopping = true;
	pthread_cond_broadcast(&pool->cond);
	pthread_mutex_unlock(&pool->lock);
	for (i = 0; i < pool->nthreads; i++)
		pthread_join(pool->threads[i].thread, NULL);
	/* Jobs still queued belong to sessions that are going away too. */
	if (pool->notify[0] != -1)
		worker_collect(pool->notify[0], 0, pool);
	while ((job = pool->todo) != NULL) {
		pool->todo = job->next;
		job->done(job->arg);
		free(job);
	}
	if (pool->ev != NULL)
		event_free(pool->ev);
	if (pool->notify[0] != -1) {
		close(pool->notify[0]);
		close(pool->notify[1]);
	}
	pthread_mutex_destroy(&pool->lock);
	pthread_cond_destroy(&pool->cond);
	free(pool->threads);
	free(pool);
}
