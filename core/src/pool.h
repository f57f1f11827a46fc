/* pool.h — the core's one thread pool, running "for each task" loops, and
 * the checking of thread-count parameters; internal.
 *
 * A pool belongs to one computation (one call of a core function, or one
 * pass of the frequency engine): it is created at the start, reused for
 * every pass of that computation and destroyed at the end, so no state
 * outlives the call and nothing is global.
 *
 * Determinism: tasks are handed out dynamically, so which worker runs which
 * task varies from run to run.  Callers therefore split their work into tasks
 * that depend only on the problem (e.g. fixed row blocks, see
 * fg_parallel_row_blocks), let every task write its own disjoint outputs, and
 * combine per-task partial results (sums, maxima) serially in task order
 * afterwards.  Then results do not depend on the thread count.  `worker` (0 ..
 * threads-1) may only select per-thread scratch memory. */
#ifndef FG_POOL_H
#define FG_POOL_H

#include "internal.h"

/* ---- Thread-count parameters ------------------------------------------------ */

/* Checks a `threads` parameter of a public entry point: 0 means all cores
 * (fg_default_threads()), else 1..FG_MAX_THREADS.  On success *resolved (if
 * non-NULL) is the count to use (>= 1); otherwise FG_ERR_PARAM with the
 * message every entry point gives. */
fg_status fg_threads_check(int threads, int *resolved, fg_error *error);

/* ---- The pool ------------------------------------------------------------------ */

typedef void (*fg_task_fn)(void *context, int task, int worker);

typedef struct fg_pool fg_pool;

/* Creates a pool that runs tasks on `threads` threads (1..FG_MAX_THREADS),
 * the calling thread included.  If the system refuses to start some threads
 * the pool simply uses fewer (results do not change).  Returns FG_OK,
 * FG_ERR_PARAM for a bad count or FG_ERR_NOMEM. */
fg_status fg_pool_create(int threads, fg_pool **pool, fg_error *error);

/* Threads the pool actually runs on (>= 1); size per-worker scratch by it. */
int fg_pool_threads(const fg_pool *pool);

/* Runs fn(context, t, worker) for t = 0 .. tasks-1 and returns when all are
 * done.  Must be called from the thread that created the pool, never from
 * inside a task. */
void fg_pool_run(fg_pool *pool, int tasks, fg_task_fn fn, void *context);

/* The same on at most `workers` of the pool's threads (the caller
 * included): the others sit this run out, for work too small to be worth
 * waking them.  Worker indices stay below min(workers, threads). */
void fg_pool_run_on(fg_pool *pool, int workers, int tasks, fg_task_fn fn, void *context);

/* Stops and joins the workers and frees the pool; NULL is allowed. */
void fg_pool_destroy(fg_pool *pool);

/* One-shot convenience: create a pool, run the tasks, destroy it. */
fg_status fg_parallel_for(int threads, int tasks, fg_task_fn fn, void *context, fg_error *error);

/* ---- Splitting work --------------------------------------------------------------- */

/* Splits `rows` rows into blocks for tasks.  The split depends only on the
 * image geometry (rows and floats per row), never on the thread count, so
 * per-block partial sums are reproducible: every block has about
 * `target_floats` floats but at least `min_rows` rows.  Returns the number of
 * blocks; block b covers rows [b * rows_per_block, min(rows, (b+1) * rows_per_block)). */
int fg_parallel_row_blocks(int rows, size_t floats_per_row, size_t target_floats, int min_rows,
                           int *rows_per_block);

/* Calls fn(context, begin, end, worker) on ranges covering [0, n) once, on at
 * most `workers` threads of the pool, which take small ranges (about n / (8
 * workers) items) as they go, so a thread that gets less CPU simply does
 * less.  For work whose results do not depend on how it is split (each item
 * written on its own); with one worker or fewer than two items, fn runs once
 * on [0, n) in the caller. */
typedef void (*fg_range_fn)(void *context, size_t begin, size_t end, int worker);
void fg_pool_run_ranges(fg_pool *pool, int workers, size_t n, fg_range_fn fn, void *context);

/* Workers worth using for n items of `item_cost` floats of memory traffic
 * each with `threads` threads: at least 64k floats per worker, never more
 * workers than items, at least 1. */
int fg_pool_useful_workers(int threads, size_t n, size_t item_cost);

#endif /* FG_POOL_H */
