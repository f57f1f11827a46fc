/* frequency_engine.c — the frequency-domain engine (frequency_engine.h):
 *   1. rows: load a row into the planes (a callback: pixels deinterleaved
 *      and premultiplied, finiteness checked) and transform it;
 *   2. column blocks: transform a block, multiply it by the mask (H times
 *      the normalisation), transform it back, all in cache;
 *   3. rows: transform a row back and hand it to the store callback.
 * Only phase 3 gives rows out, after the last check and the last chance to
 * cancel. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "frequency_engine.h"
#include "frequency_filters.h"
#include "pool.h"

fg_status fg_engine_progress(const fg_smooth_params *params, double fraction, fg_error *error)
{
    if (params->progress && params->progress(params->progress_data, fraction) != 0)
        return fg_fail(error, FG_ERR_CANCELLED, "cancelled by the progress callback");
    return FG_OK;
}

typedef struct engine {
    fg_engine_job *job;
    fg_pool *pool;
    float *buffer;           /* the planes: job->buffer, or the engine's own */
    fg_plans plans;
    fg_mask own_mask;
    const fg_mask *mask;     /* job->mask, or own_mask made from job->params */
    float *scratch;          /* per worker: block area, DCT temp, mask values */
    size_t scratch_floats;   /* floats of scratch per worker */
    size_t temp_at, mask_at; /* offsets of the DCT temp and the mask values */
    size_t base;             /* first row or block of the current chunk */
    int bad[FG_MAX_THREADS]; /* per worker: non-finite values seen */
} engine;

static void plane_rows(const engine *e, float *buffer, size_t y, float **rows)
{
    const fg_layout *layout = e->job->layout;
    for (int p = 0; p < e->job->planes; p++)
        rows[p] = fg_layout_plane(layout, buffer, p) + y * layout->row_floats;
}

/* block *= mask over a gathered block; 1 when a result is not finite. */
static int multiply_block(const fg_layout *layout, const float *m, size_t count, float *block)
{
    const size_t rows = (size_t)layout->height, cf = layout->column_floats;
    int bad = 0;
    for (size_t k = 0; k < count; k++, m += rows) {
        float *c = block + k * cf;
        if (layout->value_floats == 2) {
            for (size_t y = 0; y < rows; y++) {
                float re = c[2 * y] * m[y], im = c[2 * y + 1] * m[y];
                c[2 * y] = re;
                c[2 * y + 1] = im;
                /* NaN fails the comparison: catches forward overflow. */
                bad |= !(fabsf(re) <= FLT_MAX) | !(fabsf(im) <= FLT_MAX);
            }
        } else {
            for (size_t y = 0; y < rows; y++) {
                float v = c[y] * m[y];
                c[y] = v;
                bad |= !(fabsf(v) <= FLT_MAX);
            }
        }
    }
    return bad;
}

/* Phase 2: each column block goes forward, through the mask and back while
 * it is in cache (apply: starting from the prepared spectra; forward only:
 * the spectrum is stored). */
static void blocks_filter(void *arg, size_t begin, size_t end, int worker)
{
    engine *e = arg;
    const fg_engine_job *job = e->job;
    const fg_layout *layout = job->layout;
    float *block = e->scratch + (size_t)worker * e->scratch_floats;
    float *temp = block + e->temp_at, *m = block + e->mask_at;
    int bad = 0;
    for (size_t b = e->base + begin; b < e->base + end; b++) {
        const size_t count = fg_layout_block_count(layout, b);
        if (job->params)
            fg_mask_block(e->mask, b * layout->block_cols, count, m);
        for (int p = 0; p < job->planes; p++) {
            float *plane = fg_layout_plane(layout, e->buffer, p);
            if (job->spectra) {
                fg_block_load(layout, job->spectra + (size_t)p * layout->plane_floats, b, block);
            } else {
                fg_block_forward(&e->plans, layout, plane, b, block, temp);
                if (job->keep && job->params)   /* one pass that keeps the forward transform */
                    fg_block_store(layout, block, b, fg_layout_plane(layout, job->keep, p));
            }
            if (!job->params) {
                fg_block_store(layout, block, b, plane);
                continue;
            }
            bad |= multiply_block(layout, m, count, block);
            fg_block_inverse(&e->plans, layout, block, b, plane, temp);
        }
    }
    e->bad[worker] |= bad;
}

/* Phases 1 and 3: rows [begin, end) of the current chunk, a row (or, with
 * band callbacks, a band of rows) at a time, so that each is loaded and
 * transformed (forward), or transformed back and stored, while it is in
 * cache. */
static void rows_pass(engine *e, size_t begin, size_t end, int worker, int forward)
{
    const fg_engine_job *job = e->job;
    float *temp = e->scratch + (size_t)worker * e->scratch_floats + e->temp_at;
    const size_t stride = job->layout->row_floats, last = e->base + end;
    const size_t band = (forward ? job->load_band != NULL : job->store_band != NULL) ? FG_ROW_BAND : 1;
    float *rows[4];
    int bad = 0;
    for (size_t y = e->base + begin; y < last; y += band) {
        const size_t count = last - y < band ? last - y : band;
        plane_rows(e, e->buffer, y, rows);
        if (forward && job->load_band)
            bad |= job->load_band(job->load_arg, worker, (int)y, (int)count, rows, stride);
        else if (forward && job->load)
            bad |= job->load(job->load_arg, (int)y, rows);
        for (size_t r = 0; r < count; r++)
            for (int p = 0; p < job->planes; p++) {
                if (forward)
                    fg_row_forward(&e->plans, job->layout, rows[p] + r * stride, temp);
                else
                    fg_row_inverse(&e->plans, job->layout, rows[p] + r * stride, temp);
            }
        if (!forward && job->store_band)
            job->store_band(job->store_arg, worker, (int)y, (int)count, rows, stride);
        else if (!forward && job->store)
            job->store(job->store_arg, (int)y, rows);
    }
    e->bad[worker] |= bad;
}

static void rows_forward(void *arg, size_t begin, size_t end, int worker)
{
    rows_pass(arg, begin, end, worker, 1);
}

static void rows_inverse(void *arg, size_t begin, size_t end, int worker)
{
    rows_pass(arg, begin, end, worker, 0);
}

/* Runs fn over [0, n) in `chunks` parts, reporting progress from `from` to
 * `to` after each (when there are params); stops on cancel. */
static fg_status run_chunks(engine *e, fg_range_fn fn, size_t n, size_t item_cost, int chunks, double from,
                            double to, fg_error *error)
{
    const fg_engine_job *job = e->job;
    if ((size_t)chunks > n)
        chunks = n > 0 ? (int)n : 1;
    int workers = fg_pool_useful_workers(job->threads, (n + (size_t)chunks - 1) / (size_t)chunks, item_cost);
    memset(e->bad, 0, sizeof e->bad);
    for (int c = 0; c < chunks; c++) {
        size_t begin = n * (size_t)c / (size_t)chunks, end = n * (size_t)(c + 1) / (size_t)chunks;
        e->base = begin;
        fg_pool_run_ranges(e->pool, workers, end - begin, fn, e);
        if (job->params) {
            fg_status status = fg_engine_progress(job->params, from + (to - from) * (c + 1) / chunks, error);
            if (status != FG_OK)
                return status;
        }
    }
    e->base = 0;
    return FG_OK;
}

static int any_bad(const engine *e)
{
    int bad = 0;
    for (int w = 0; w < FG_MAX_THREADS; w++)
        bad |= e->bad[w];
    return bad;
}

fg_status fg_engine_run(fg_engine_job *job, fg_error *error)
{
    engine e;
    memset(&e, 0, sizeof e);
    e.job = job;
    job->load_failed = 0;
    const fg_layout *layout = job->layout;
    const size_t rows = (size_t)layout->height, blocks = fg_layout_blocks(layout);
    const int filter = job->params != NULL;
    const size_t row_cost = layout->row_floats * (size_t)job->planes * 2;
    const size_t block_cost = layout->block_floats * (size_t)job->planes * 4;
    /* No phase uses more workers than the largest of these. */
    int workers = fg_pool_useful_workers(job->threads, blocks, block_cost);
    int row_workers = fg_pool_useful_workers(job->threads, rows, row_cost);
    if (row_workers > workers)
        workers = row_workers;

    fg_status status = FG_OK;
    fg_buffer_cache *cache = fg_fft_context_buffers(job->ctx);
    size_t buffer_capacity = 0;
    e.buffer = job->buffer;
    if (!e.buffer && !(e.buffer = fg_buffer_take(cache, layout->plane_floats * (size_t)job->planes, &buffer_capacity)))
        status = fg_fail(error, FG_ERR_NOMEM, "out of memory for the %dx%d working planes", layout->width,
                         layout->height);

    /* Per worker, 64-byte aligned: block area (also where plans are made),
     * DCT temp, mask values of a block. */
    e.temp_at = fg_layout_plan_floats(layout);
    e.mask_at = e.temp_at + layout->temp_floats;
    e.scratch_floats = (e.mask_at + (filter ? layout->block_cols * rows : 0) + 15) & ~(size_t)15;
    size_t capacity = 0, floats = fg_mul_size((size_t)workers, e.scratch_floats);
    if (status == FG_OK && (!floats || !(e.scratch = fg_buffer_take(cache, floats, &capacity))))
        status = fg_fail(error, FG_ERR_NOMEM, "out of memory for the column blocks");
    if (status == FG_OK && !(e.pool = job->pool))
        status = fg_pool_create(workers, &e.pool, error);
    if (status == FG_OK)
        status = fg_plans_acquire(job->ctx, layout, e.scratch, !job->spectra, filter, &e.plans, error);
    e.mask = job->mask ? job->mask : &e.own_mask;
    if (status == FG_OK && filter && !job->mask)
        status = fg_mask_init(&e.own_mask, job->params, layout, error);

    /* Progress: rows forward ~30 %, column blocks ~60 %, rows back ~10 %;
     * big images report (and can be cancelled) four times per pass. */
    const double from = job->progress_from, span = job->progress_to - job->progress_from;
    const double rows_done = from + span * (job->spectra ? 0.0 : 0.3);
    const int chunks = layout->plane_floats * (size_t)job->planes >= ((size_t)1 << 22) ? 4 : 1;
    if (status == FG_OK && !job->spectra) {
        status = run_chunks(&e, rows_forward, rows, row_cost, chunks, from, rows_done, error);
        if (status == FG_OK && any_bad(&e)) {
            job->load_failed = 1;
            status = fg_fail(error, FG_ERR_NONFINITE, "the image has NaN or infinite values");
        }
        if (status == FG_OK && job->loaded)
            job->loaded(job->load_arg);
    }
    if (status == FG_OK) {
        status = run_chunks(&e, blocks_filter, blocks, block_cost, chunks, rows_done, from + span * 0.9, error);
        if (status == FG_OK && any_bad(&e))
            status = fg_fail(error, FG_ERR_NONFINITE, "pixel values too large: the transform overflows to infinity");
    }
    if (status == FG_OK && filter) {
        /* Last chance to cancel: from here on the result is being written. */
        status = fg_engine_progress(job->params, job->progress_to, error);
        if (status == FG_OK)
            fg_pool_run_ranges(e.pool, row_workers, rows, rows_inverse, &e);
    }
    fg_mask_free(&e.own_mask);
    fg_plans_release(&e.plans);
    if (e.pool != job->pool)
        fg_pool_destroy(e.pool);
    fg_buffer_give(cache, e.scratch, capacity);
    if (!job->buffer)
        fg_buffer_give(cache, e.buffer, buffer_capacity);
    return status;
}
