/* test_pool.c — the core's thread pool (core/src/pool.h): every task runs
 * exactly once on a valid worker, pools can be reused and limited to fewer
 * workers, destroying one stops its threads, ranges cover every item once,
 * row blocks cover the rows and do not depend on the thread count,
 * block-wise reductions give the same bits for any thread count, and the
 * thread-count parameter check. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../core/src/pool.h"
#include "check.h"

/* Threads of this process (Linux: the Threads: line of /proc/self/status),
 * -1 if unknown. */
static int process_threads(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    int n = -1;
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "Threads: %d", &n) == 1)
            break;
    fclose(f);
    return n;
}

/* The thread count once it is `expected`, waiting up to a second: a joined
 * thread may still be counted for a moment after pthread_join returns. */
static int threads_settled(int expected)
{
    int n = process_threads();
    for (int i = 0; i < 1000 && n != expected; i++) {
        nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
        n = process_threads();
    }
    return n;
}

typedef struct count_job {
    int *runs;          /* per task */
    int *bad_worker;    /* per task: worker index out of range */
    int threads;
} count_job;

static void count_task(void *context, int task, int worker)
{
    count_job *job = context;
    job->runs[task]++;
    if (worker < 0 || worker >= job->threads)
        job->bad_worker[task] = 1;
}

static void test_each_task_once(void)
{
    static const int thread_counts[] = { 1, 2, 3, 8 };
    static const int task_counts[] = { 0, 1, 5, 1000 };
    for (size_t t = 0; t < 4; t++)
        for (size_t n = 0; n < 4; n++) {
            int tasks = task_counts[n];
            int runs[1000] = { 0 }, bad[1000] = { 0 };
            count_job job = { runs, bad, thread_counts[t] };
            fg_error err;
            fg_status status = fg_parallel_for(thread_counts[t], tasks, count_task, &job, &err);
            int ok = status == FG_OK;
            for (int i = 0; i < tasks; i++)
                ok &= runs[i] == 1 && !bad[i];
            CHECK(ok, "%d tasks on %d threads: each ran once on a valid worker", tasks, thread_counts[t]);
        }
}

static void test_pool_reuse(void)
{
    fg_pool *pool = NULL;
    fg_error err;
    int before = process_threads();
    CHECK(fg_pool_create(4, &pool, &err) == FG_OK && pool, "pool of 4 created");
    int threads = fg_pool_threads(pool);
    CHECK(threads >= 1 && threads <= 4, "pool runs on 1..4 threads (%d)", threads);
    int during = threads_settled(before + threads - 1);
    CHECK(before < 0 || during == before + threads - 1,
          "the pool started %d workers besides the caller (%d -> %d threads)", threads - 1, before, during);
    int runs[64], bad[64], ok = 1;
    for (int round = 0; round < 300; round++) {
        memset(runs, 0, sizeof runs);
        memset(bad, 0, sizeof bad);
        count_job job = { runs, bad, threads };
        int tasks = 1 + round % 64;
        fg_pool_run(pool, tasks, count_task, &job);
        for (int i = 0; i < tasks; i++)
            ok &= runs[i] == 1 && !bad[i];
        for (int i = tasks; i < 64; i++)
            ok &= runs[i] == 0;
    }
    CHECK(ok, "300 runs of 1..64 tasks on one pool: each task exactly once, nothing else");

    /* Limited runs: only workers below the limit take part. */
    ok = 1;
    for (int limit = 1; limit <= threads + 1; limit++) {
        memset(runs, 0, sizeof runs);
        memset(bad, 0, sizeof bad);
        count_job job = { runs, bad, limit < threads ? limit : threads };
        fg_pool_run_on(pool, limit, 64, count_task, &job);
        for (int i = 0; i < 64; i++)
            ok &= runs[i] == 1 && !bad[i];
    }
    CHECK(ok, "runs limited to 1..%d workers: each task once, worker indices below the limit", threads + 1);

    fg_pool_destroy(pool);
    int after = threads_settled(before);
    CHECK(before < 0 || after == before, "destroying the pool stopped its workers (%d threads)", after);
    fg_pool_destroy(NULL);
    CHECK(before < 0 || process_threads() == before, "destroying NULL does nothing");
}

/* ---- Ranges ------------------------------------------------------------------------ */

typedef struct cover {
    int *hits;
    int workers;
    int bad_worker;
} cover;

static void cover_range(void *arg, size_t begin, size_t end, int worker)
{
    cover *c = arg;
    for (size_t i = begin; i < end; i++)
        c->hits[i]++;
    if (worker < 0 || worker >= c->workers)
        c->bad_worker = 1;
}

static void test_ranges(void)
{
    const size_t counts[] = { 0, 1, 2, 7, 100, 1000 };
    const int pool_threads[] = { 1, 2, 3, 8, FG_MAX_THREADS };
    const int workers[] = { 1, 2, 3, 8, 300 };
    int ok = 1;
    for (size_t p = 0; p < 5; p++) {
        fg_pool *pool = NULL;
        if (fg_pool_create(pool_threads[p], &pool, NULL) != FG_OK) {
            ok = 0;
            continue;
        }
        for (size_t i = 0; i < 6; i++)
            for (size_t w = 0; w < 5; w++) {
                cover c = { calloc(counts[i] + 1, sizeof(int)), workers[w], 0 };
                fg_pool_run_ranges(pool, workers[w], counts[i], cover_range, &c);
                for (size_t k = 0; k < counts[i]; k++)
                    ok &= c.hits[k] == 1;
                ok &= !c.bad_worker;
                free(c.hits);
            }
        fg_pool_destroy(pool);
    }
    CHECK(ok, "ranges cover every item exactly once (0..1000 items, pools of 1..%d, 1..300 workers)",
          FG_MAX_THREADS);
    CHECK(fg_pool_useful_workers(8, 10, 10) == 1, "tiny jobs use one worker");
    CHECK(fg_pool_useful_workers(8, 4096, 4096) == 8 && fg_pool_useful_workers(3, 4096, 4096) == 3,
          "big jobs use all threads");
    CHECK(fg_pool_useful_workers(8, 3, 1 << 20) == 3, "never more workers than items");
}

static void test_bad_arguments(void)
{
    fg_pool *pool = (fg_pool *)&pool;
    fg_error err;
    fg_status st = fg_pool_create(0, &pool, &err);
    CHECK(st == FG_ERR_PARAM && err.message[0] && pool == (fg_pool *)&pool,
          "0 threads refused, pool pointer untouched: %s", err.message);
    st = fg_pool_create(FG_MAX_THREADS + 1, &pool, &err);
    CHECK(st == FG_ERR_PARAM, "too many threads refused: %s", err.message);
    st = fg_pool_create(2, NULL, &err);
    CHECK(st == FG_ERR_NULL && err.message[0], "NULL pool pointer refused: %s", err.message);
    st = fg_parallel_for(2, 3, NULL, NULL, &err);
    CHECK(st == FG_ERR_NULL, "NULL task function refused: %s", err.message);
    st = fg_parallel_for(-1, 3, count_task, NULL, &err);
    CHECK(st == FG_ERR_PARAM, "negative threads refused: %s", err.message);
}

static void test_threads_check(void)
{
    fg_error err;
    int resolved = -7;
    CHECK(fg_threads_check(0, &resolved, &err) == FG_OK && resolved == fg_default_threads(),
          "threads 0: all cores (%d)", resolved);
    CHECK(fg_threads_check(3, &resolved, &err) == FG_OK && resolved == 3, "threads 3: 3");
    CHECK(fg_threads_check(FG_MAX_THREADS, &resolved, &err) == FG_OK && resolved == FG_MAX_THREADS,
          "threads %d: the largest accepted", FG_MAX_THREADS);
    resolved = -7;
    fg_status st = fg_threads_check(-1, &resolved, &err);
    CHECK(st == FG_ERR_PARAM && err.status == FG_ERR_PARAM && err.message[0] && resolved == -7,
          "threads -1 refused, count untouched: %s", err.message);
    st = fg_threads_check(FG_MAX_THREADS + 1, &resolved, &err);
    CHECK(st == FG_ERR_PARAM && resolved == -7, "threads %d refused: %s", FG_MAX_THREADS + 1, err.message);
    CHECK(fg_threads_check(2, NULL, NULL) == FG_OK && fg_threads_check(-2, NULL, NULL) == FG_ERR_PARAM,
          "resolved count and error are optional");
}

static void test_row_blocks(void)
{
    int ok = 1;
    for (int rows = 1; rows <= 300; rows += 7)
        for (size_t width = 1; width <= 5000; width = width * 3 + 1) {
            int per = 0;
            int blocks = fg_parallel_row_blocks(rows, width, 32768, 16, &per);
            ok &= per >= 1 && blocks >= 1;
            ok &= (blocks - 1) * per < rows && blocks * per >= rows;          /* covers, no empty block */
            ok &= per >= (rows < 16 ? rows : 16) || per == rows;             /* at least min rows */
        }
    CHECK(ok, "row blocks cover every row once, without empty blocks, with at least the minimum rows");
    int per = 0;
    int blocks = fg_parallel_row_blocks(4096, 12288, 32768, 16, &per);
    CHECK(blocks == 256 && per == 16, "4096 rows of 12288 floats: %d blocks of %d rows (256 of 16)", blocks, per);
    blocks = fg_parallel_row_blocks(17, 24, 32768, 16, &per);
    CHECK(blocks == 1 && per == 17, "a small image is one block of all its rows (%d of %d)", blocks, per);
}

/* Sum of a long vector, per block in double, blocks added in order. */
typedef struct sum_job {
    const float *v;
    size_t n;
    int per;
    double *partial;
} sum_job;

static void sum_task(void *context, int block, int worker)
{
    (void)worker;
    sum_job *job = context;
    size_t lo = (size_t)block * (size_t)job->per, hi = lo + (size_t)job->per;
    if (hi > job->n) hi = job->n;
    double s = 0.0;
    for (size_t i = lo; i < hi; i++)
        s += (double)job->v[i] * (double)job->v[i];
    job->partial[block] = s;
}

static double blocked_sum(const float *v, size_t n, int threads)
{
    int per = 1000;
    int blocks = (int)((n + (size_t)per - 1) / (size_t)per);
    double *partial = calloc((size_t)blocks, sizeof *partial);
    sum_job job = { v, n, per, partial };
    fg_parallel_for(threads, blocks, sum_task, &job, NULL);
    double total = 0.0;
    for (int b = 0; b < blocks; b++)
        total += partial[b];
    free(partial);
    return total;
}

static void test_reproducible_reduction(void)
{
    size_t n = 123457;
    float *v = malloc(n * sizeof *v);
    uint32_t state = 12345u;
    for (size_t i = 0; i < n; i++) {
        state = state * 1664525u + 1013904223u;
        v[i] = (float)((state >> 8) / 16777216.0 - 0.5) * 1e3f;
    }
    double s1 = blocked_sum(v, n, 1), s2 = blocked_sum(v, n, 2), s3 = blocked_sum(v, n, 3);
    double s7 = blocked_sum(v, n, 7);
    CHECK(memcmp(&s1, &s2, sizeof s1) == 0 && memcmp(&s1, &s3, sizeof s1) == 0
          && memcmp(&s1, &s7, sizeof s1) == 0,
          "block-wise sum identical bits for 1, 2, 3, 7 threads (%.17g)", s1);
    free(v);
}

int main(void)
{
    test_each_task_once();
    test_pool_reuse();
    test_ranges();
    test_bad_arguments();
    test_threads_check();
    test_row_blocks();
    test_reproducible_reduction();
    return check_done();
}
