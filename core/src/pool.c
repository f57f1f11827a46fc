/* pool.c — the per-computation thread pool of pool.h, and thread-count
 * parameters.
 *
 * The caller's thread takes part in every run, so a pool of n threads starts
 * n - 1 workers.  Workers sleep on a condition variable between runs; a run
 * publishes (fn, context, tasks, participants), bumps a generation counter
 * and wakes them.  Tasks are claimed with an atomic counter, which balances
 * uneven blocks. */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "pool.h"

/* ---- Thread-count parameters ------------------------------------------------ */

int fg_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > FG_MAX_THREADS ? FG_MAX_THREADS : (int)n;
}

fg_status fg_threads_check(int threads, int *resolved, fg_error *error)
{
    if (threads < 0 || threads > FG_MAX_THREADS)
        return fg_fail(error, FG_ERR_PARAM, "threads %d: must be 0 (all cores) or 1 to %d", threads,
                       FG_MAX_THREADS);
    if (resolved)
        *resolved = threads == 0 ? fg_default_threads() : threads;
    return FG_OK;
}

/* ---- The pool ------------------------------------------------------------------ */

typedef struct fg_worker {
    struct fg_pool *pool;
    int index;                  /* 1 .. threads-1; the caller is worker 0 */
    pthread_t id;
} fg_worker;

struct fg_pool {
    int threads;                /* caller + started workers */
    int workers_started;
    int synchronised;           /* lock and condition variables exist */
    fg_worker workers[FG_MAX_THREADS - 1];

    pthread_mutex_t lock;
    pthread_cond_t wake;        /* a new run (or stop) was published */
    pthread_cond_t done;        /* the last worker finished the run */
    unsigned long generation;   /* guarded by lock */
    int busy_workers;           /* workers still in the current run; guarded by lock */
    int participants;           /* threads taking part in the current run; guarded by lock */
    int stop;                   /* guarded by lock */

    /* The current run: written by the caller before the generation bump,
     * read by workers after it (the mutex orders both). */
    fg_task_fn fn;
    void *context;
    int tasks;
    atomic_int next_task;
};

static void run_tasks(fg_pool *pool, int worker)
{
    for (;;) {
        int task = atomic_fetch_add_explicit(&pool->next_task, 1, memory_order_relaxed);
        if (task >= pool->tasks)
            return;
        pool->fn(pool->context, task, worker);
    }
}

static void *worker_main(void *argument)
{
    fg_worker *self = argument;
    fg_pool *pool = self->pool;
    unsigned long seen = 0;

    pthread_mutex_lock(&pool->lock);
    for (;;) {
        while (pool->generation == seen && !pool->stop)
            pthread_cond_wait(&pool->wake, &pool->lock);
        if (pool->stop)
            break;
        seen = pool->generation;
        if (self->index >= pool->participants)
            continue;           /* sits this run out (still holding the lock) */
        pthread_mutex_unlock(&pool->lock);

        run_tasks(pool, self->index);

        pthread_mutex_lock(&pool->lock);
        if (--pool->busy_workers == 0)
            pthread_cond_signal(&pool->done);
    }
    pthread_mutex_unlock(&pool->lock);
    return NULL;
}

fg_status fg_pool_create(int threads, fg_pool **pool_out, fg_error *error)
{
    if (!pool_out)
        return fg_fail(error, FG_ERR_NULL, "pool pointer is NULL");
    if (threads < 1 || threads > FG_MAX_THREADS)   /* a resolved count: 0 is not "all cores" here */
        return fg_fail(error, FG_ERR_PARAM, "thread count %d: must be 1 to %d", threads, FG_MAX_THREADS);
    fg_pool *pool = fg_alloc(sizeof *pool);
    if (!pool)
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for a thread pool");
    pool->threads = 1;
    pool->workers_started = 0;
    pool->synchronised = 0;
    pool->generation = 0;
    pool->busy_workers = 0;
    pool->participants = 1;
    pool->stop = 0;
    pool->fn = NULL;
    pool->context = NULL;
    pool->tasks = 0;
    atomic_init(&pool->next_task, 0);

    if (threads > 1) {
        if (pthread_mutex_init(&pool->lock, NULL) != 0) {
            fg_free(pool);
            return fg_fail(error, FG_ERR_INTERNAL, "could not create a mutex");
        }
        if (pthread_cond_init(&pool->wake, NULL) != 0) {
            pthread_mutex_destroy(&pool->lock);
            fg_free(pool);
            return fg_fail(error, FG_ERR_INTERNAL, "could not create a condition variable");
        }
        if (pthread_cond_init(&pool->done, NULL) != 0) {
            pthread_cond_destroy(&pool->wake);
            pthread_mutex_destroy(&pool->lock);
            fg_free(pool);
            return fg_fail(error, FG_ERR_INTERNAL, "could not create a condition variable");
        }
        pool->synchronised = 1;
        /* A refused thread just means fewer threads: results never depend
         * on the count. */
        for (int i = 0; i < threads - 1; i++) {
            fg_worker *worker = &pool->workers[i];
            worker->pool = pool;
            worker->index = i + 1;
            if (pthread_create(&worker->id, NULL, worker_main, worker) != 0)
                break;
            pool->workers_started++;
        }
        pool->threads = 1 + pool->workers_started;
    }
    *pool_out = pool;
    return fg_succeed(error);
}

int fg_pool_threads(const fg_pool *pool)
{
    return pool ? pool->threads : 1;
}

void fg_pool_run_on(fg_pool *pool, int workers, int tasks, fg_task_fn fn, void *context)
{
    if (tasks <= 0)
        return;
    if (workers > pool->threads)
        workers = pool->threads;
    if (workers > tasks)
        workers = tasks;
    if (workers <= 1) {
        for (int t = 0; t < tasks; t++)
            fn(context, t, 0);
        return;
    }
    pthread_mutex_lock(&pool->lock);
    pool->fn = fn;
    pool->context = context;
    pool->tasks = tasks;
    atomic_store_explicit(&pool->next_task, 0, memory_order_relaxed);
    pool->participants = workers;
    pool->busy_workers = workers - 1;
    pool->generation++;
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->lock);

    run_tasks(pool, 0);

    /* Wait until every participant has left the run, so the next run cannot
     * overwrite fn/context under a late worker. */
    pthread_mutex_lock(&pool->lock);
    while (pool->busy_workers > 0)
        pthread_cond_wait(&pool->done, &pool->lock);
    pthread_mutex_unlock(&pool->lock);
}

void fg_pool_run(fg_pool *pool, int tasks, fg_task_fn fn, void *context)
{
    fg_pool_run_on(pool, pool->threads, tasks, fn, context);
}

void fg_pool_destroy(fg_pool *pool)
{
    if (!pool)
        return;
    if (pool->synchronised) {
        pthread_mutex_lock(&pool->lock);
        pool->stop = 1;
        pthread_cond_broadcast(&pool->wake);
        pthread_mutex_unlock(&pool->lock);
        for (int i = 0; i < pool->workers_started; i++)
            pthread_join(pool->workers[i].id, NULL);
        pthread_cond_destroy(&pool->done);
        pthread_cond_destroy(&pool->wake);
        pthread_mutex_destroy(&pool->lock);
    }
    fg_free(pool);
}

fg_status fg_parallel_for(int threads, int tasks, fg_task_fn fn, void *context, fg_error *error)
{
    if (!fn)
        return fg_fail(error, FG_ERR_NULL, "task function is NULL");
    fg_pool *pool = NULL;
    fg_status status = fg_pool_create(threads, &pool, error);
    if (status != FG_OK)
        return status;
    fg_pool_run(pool, tasks, fn, context);
    fg_pool_destroy(pool);
    return fg_succeed(error);
}

int fg_parallel_row_blocks(int rows, size_t floats_per_row, size_t target_floats, int min_rows,
                           int *rows_per_block)
{
    if (rows < 1)
        rows = 1;
    if (floats_per_row < 1)
        floats_per_row = 1;
    if (min_rows < 1)
        min_rows = 1;
    size_t per = target_floats / floats_per_row;
    if (per < (size_t)min_rows)
        per = (size_t)min_rows;
    if (per > (size_t)rows)
        per = (size_t)rows;
    *rows_per_block = (int)per;
    return (int)(((size_t)rows + per - 1) / per);
}

/* ---- Ranges ------------------------------------------------------------------- */

typedef struct range_job {
    fg_range_fn fn;
    void *context;
    size_t n, grain;
} range_job;

static void range_task(void *context, int task, int worker)
{
    const range_job *job = context;
    size_t begin = (size_t)task * job->grain;
    size_t end = job->n - begin > job->grain ? begin + job->grain : job->n;
    job->fn(job->context, begin, end, worker);
}

void fg_pool_run_ranges(fg_pool *pool, int workers, size_t n, fg_range_fn fn, void *context)
{
    if (workers > pool->threads)
        workers = pool->threads;
    if (workers <= 1 || n < 2) {
        fn(context, 0, n, 0);
        return;
    }
    if ((size_t)workers > n)
        workers = (int)n;
    /* Small ranges, so a thread that gets less CPU (another process on its
     * core) simply does less. */
    range_job job = { fn, context, n, n / ((size_t)workers * 8) };
    if (job.grain < 1)
        job.grain = 1;
    fg_pool_run_on(pool, workers, (int)((n + job.grain - 1) / job.grain), range_task, &job);
}

int fg_pool_useful_workers(int threads, size_t n, size_t item_cost)
{
    const double min_per_worker = 65536.0;   /* floats of traffic worth a thread */
    double total = (double)n * (double)(item_cost ? item_cost : 1);
    int workers = (int)(total / min_per_worker);
    if (workers > threads)
        workers = threads;
    if ((size_t)workers > n)
        workers = (int)n;
    return workers < 1 ? 1 : workers;
}
