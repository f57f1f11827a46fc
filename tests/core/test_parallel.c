/* test_parallel.c — the per-computation thread pool (core/src/parallel.h):
 * every task runs exactly once on a valid worker, pools can be reused, row
 * blocks cover the rows and do not depend on the thread count, and block-wise
 * reductions give the same bits for any thread count. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/src/parallel.h"
#include "check.h"

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
    CHECK(fg_pool_create(4, &pool, &err) == FG_OK && pool, "pool of 4 created");
    int threads = fg_pool_threads(pool);
    CHECK(threads >= 1 && threads <= 4, "pool runs on 1..4 threads (%d)", threads);
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
    fg_pool_destroy(pool);
    fg_pool_destroy(NULL);
    CHECK(1, "destroying a pool and NULL is fine");
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
    test_bad_arguments();
    test_row_blocks();
    test_reproducible_reduction();
    return check_done();
}
