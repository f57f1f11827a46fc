/* frequency_smooth.c — low-pass transfer functions and the smoothing
 * pipeline (see transforms.h for the row / column-block scheme):
 *   1. rows: deinterleave and premultiply a row of pixels into the channel
 *      planes, checking finiteness, and transform it;
 *   2. column blocks: transform a block, multiply it by the mask (H times
 *      the normalisation), transform it back, all in cache;
 *   3. rows: transform a row back, un-premultiply and interleave it into
 *      the output.
 * Only phase 3 writes the output, after the last check and the last
 * chance to cancel.  See fg/frequency_smooth.h for the conventions. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "transforms.h"

/* ---- Parameters and transfer functions ----------------------------------------- */

void fg_smooth_params_init(fg_smooth_params *params)
{
    if (!params)
        return;
    memset(params, 0, sizeof *params);
    params->filter = FG_LOWPASS_GAUSSIAN;
    params->cutoff = FG_SMOOTH_DEFAULT_CUTOFF;
    params->order = 2;
    params->boundary = FG_BOUNDARY_MIRROR;
    params->threads = 0;
    params->progress = NULL;
    params->progress_data = NULL;
}

static int filter_known(fg_lowpass filter)
{
    return (int)filter >= (int)FG_LOWPASS_IDEAL && (int)filter <= (int)FG_LOWPASS_BUTTERWORTH;
}

static int boundary_known(fg_boundary boundary)
{
    return (int)boundary == (int)FG_BOUNDARY_MIRROR || (int)boundary == (int)FG_BOUNDARY_PERIODIC;
}

double fg_transfer_u2(fg_lowpass filter, int order, double t)
{
    switch (filter) {
    case FG_LOWPASS_IDEAL:
        return t <= 1.0 ? 1.0 : 0.0;
    case FG_LOWPASS_GAUSSIAN:
        return exp(-0.5 * t);
    case FG_LOWPASS_BUTTERWORTH: {
        double power = 1.0;   /* t^n = u^(2n); an integer power, no pow() */
        for (int i = 0; i < order; i++)
            power *= t;
        return 1.0 / (1.0 + power);
    }
    }
    return NAN;
}

double fg_lowpass_transfer(fg_lowpass filter, int order, double rho, double rho_c)
{
    if (!filter_known(filter) || !(rho_c > 0) || !isfinite(rho_c) || !(rho >= 0))
        return NAN;
    if (filter == FG_LOWPASS_BUTTERWORTH && (order < FG_BUTTERWORTH_MIN_ORDER || order > FG_BUTTERWORTH_MAX_ORDER))
        return NAN;
    double u = rho / rho_c;
    return fg_transfer_u2(filter, order, u * u);
}

fg_status fg_smooth_params_check(const fg_smooth_params *params, int *threads, fg_error *error)
{
    if (!params)
        return fg_fail(error, FG_ERR_NULL, "smoothing parameters are NULL");
    if (!filter_known(params->filter))
        return fg_fail(error, FG_ERR_PARAM, "unknown low-pass filter %d", (int)params->filter);
    if (!isfinite(params->cutoff) || !(params->cutoff > 0))
        return fg_fail(error, FG_ERR_PARAM, "cutoff %g px: must be a finite period > 0 pixels", params->cutoff);
    if (params->filter == FG_LOWPASS_BUTTERWORTH
        && (params->order < FG_BUTTERWORTH_MIN_ORDER || params->order > FG_BUTTERWORTH_MAX_ORDER))
        return fg_fail(error, FG_ERR_PARAM, "Butterworth order %d: must be %d to %d", params->order,
                       FG_BUTTERWORTH_MIN_ORDER, FG_BUTTERWORTH_MAX_ORDER);
    if (!boundary_known(params->boundary))
        return fg_fail(error, FG_ERR_PARAM, "unknown boundary %d", (int)params->boundary);
    int resolved = fg_resolve_threads(params->threads);
    if (resolved < 1)
        return fg_fail(error, FG_ERR_PARAM, "threads %d: must be 0 (all cores) or 1 to %d", params->threads,
                       FG_MAX_THREADS);
    *threads = resolved;
    return fg_succeed(error);
}

fg_status fg_report_progress(const fg_smooth_params *params, double fraction, fg_error *error)
{
    if (params->progress && params->progress(params->progress_data, fraction) != 0)
        return fg_fail(error, FG_ERR_CANCELLED, "cancelled by the progress callback");
    return FG_OK;
}

/* ---- Masks --------------------------------------------------------------------- */

/* The transfer function sampled on a layout's spectrum, times the
 * normalisation of the unnormalised transform pair. */
typedef struct fg_mask {
    fg_lowpass filter;
    int order;
    size_t cols, rows;
    double scale;
    double *col;     /* Gaussian: exp(-ux^2/2); else ux^2 */
    double *row;     /* Gaussian: exp(-uy^2/2); else uy^2 */
} fg_mask;

static fg_status mask_init(fg_mask *mask, const fg_smooth_params *params, const fg_layout *layout,
                           fg_error *error)
{
    memset(mask, 0, sizeof *mask);
    const int periodic = layout->boundary == FG_BOUNDARY_PERIODIC;
    const double w = layout->width, h = layout->height;
    mask->filter = params->filter;
    mask->order = params->order;
    mask->cols = layout->spec_cols;
    mask->rows = (size_t)layout->height;
    /* Both pairs return W H times their input (transforms.h). */
    mask->scale = 1.0 / (w * h);
    double *tables = fg_alloc_array(mask->cols + mask->rows, sizeof(double));
    if (!tables)
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for the filter tables");
    mask->col = tables;
    mask->row = tables + mask->cols;

    /* u = f * cutoff (= rho / rho_c per axis), which stays finite and exact
     * at f = 0 however large the cutoff. */
    const int gaussian = params->filter == FG_LOWPASS_GAUSSIAN;
    for (size_t k = 0; k < mask->cols; k++) {
        double f = periodic ? (double)k / w : (double)k / (2.0 * w);
        double u = f * params->cutoff;
        mask->col[k] = gaussian ? exp(-0.5 * u * u) : u * u;
    }
    for (size_t k = 0; k < mask->rows; k++) {
        /* Periodic rows hold the frequencies 0, 1/H, ..., then the negative ones. */
        size_t index = periodic && k > mask->rows / 2 ? mask->rows - k : k;
        double f = periodic ? (double)index / h : (double)k / (2.0 * h);
        double u = f * params->cutoff;
        mask->row[k] = gaussian ? exp(-0.5 * u * u) : u * u;
    }
    return FG_OK;
}

/* values[k * rows + y] = scale * H at spectrum row y, column first + k
 * (column after column, like a gathered block). */
static void mask_block(const fg_mask *mask, size_t first, size_t count, float *values)
{
    const size_t rows = mask->rows;
    const double *row = mask->row;
    for (size_t k = 0; k < count; k++, values += rows) {
        const double ux = mask->col[first + k];
        switch (mask->filter) {
        case FG_LOWPASS_GAUSSIAN: {
            /* Separable: exp(-(ux^2 + uy^2)/2) = exp(-ux^2/2) exp(-uy^2/2). */
            const double g = ux * mask->scale;
            for (size_t y = 0; y < rows; y++)
                values[y] = (float)(row[y] * g);
            break;
        }
        case FG_LOWPASS_IDEAL: {
            const float pass = (float)mask->scale;
            for (size_t y = 0; y < rows; y++)
                values[y] = ux + row[y] <= 1.0 ? pass : 0.0f;
            break;
        }
        case FG_LOWPASS_BUTTERWORTH:
            for (size_t y = 0; y < rows; y++)
                values[y] = (float)(mask->scale * fg_transfer_u2(FG_LOWPASS_BUTTERWORTH, mask->order, ux + row[y]));
            break;
        }
    }
}

static void mask_free(fg_mask *mask)
{
    fg_free(mask->col);
    mask->col = mask->row = NULL;
}

/* ---- The pipeline ---------------------------------------------------------------- */

typedef struct engine {
    fg_engine_job *job;
    fg_plans plans;
    fg_mask mask;
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

/* Phase 1: each row is loaded and transformed while it is in cache. */
static void rows_forward(void *arg, size_t begin, size_t end, int worker)
{
    engine *e = arg;
    const fg_engine_job *job = e->job;
    float *temp = e->scratch + (size_t)worker * e->scratch_floats + e->temp_at;
    float *rows[4];
    int bad = 0;
    for (size_t y = e->base + begin; y < e->base + end; y++) {
        plane_rows(e, job->buffer, y, rows);
        if (job->load)
            bad |= job->load(job->load_arg, (int)y, rows);
        for (int p = 0; p < job->planes; p++)
            fg_row_forward(&e->plans, job->layout, rows[p], temp);
    }
    e->bad[worker] |= bad;
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
            mask_block(&e->mask, b * layout->block_cols, count, m);
        for (int p = 0; p < job->planes; p++) {
            float *plane = fg_layout_plane(layout, job->buffer, p);
            if (job->spectra)
                fg_block_load(layout, job->spectra + (size_t)p * layout->plane_floats, b, block);
            else
                fg_block_forward(&e->plans, layout, plane, b, block, temp);
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

/* Phase 3: each row goes back and out while it is in cache. */
static void rows_inverse(void *arg, size_t begin, size_t end, int worker)
{
    engine *e = arg;
    const fg_engine_job *job = e->job;
    float *temp = e->scratch + (size_t)worker * e->scratch_floats + e->temp_at;
    float *rows[4];
    for (size_t y = e->base + begin; y < e->base + end; y++) {
        plane_rows(e, job->buffer, y, rows);
        for (int p = 0; p < job->planes; p++)
            fg_row_inverse(&e->plans, job->layout, rows[p], temp);
        if (job->store)
            job->store(job->store_arg, (int)y, rows);
    }
}

/* Runs fn over [0, n) in `chunks` parts, reporting progress from `from` to
 * `to` after each (when there are params); stops on cancel. */
static fg_status run_chunks(engine *e, fg_range_fn fn, size_t n, size_t item_cost, int chunks, double from,
                            double to, fg_error *error)
{
    const fg_engine_job *job = e->job;
    if ((size_t)chunks > n)
        chunks = n > 0 ? (int)n : 1;
    int workers = fg_tx_workers(job->threads, (n + (size_t)chunks - 1) / (size_t)chunks, item_cost);
    memset(e->bad, 0, sizeof e->bad);
    for (int c = 0; c < chunks; c++) {
        size_t begin = n * (size_t)c / (size_t)chunks, end = n * (size_t)(c + 1) / (size_t)chunks;
        e->base = begin;
        fg_tx_parallel(workers, end - begin, fn, e);
        if (job->params) {
            fg_status status = fg_report_progress(job->params, from + (to - from) * (c + 1) / chunks, error);
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
    int workers = fg_tx_workers(job->threads, blocks, block_cost);
    int row_workers = fg_tx_workers(job->threads, rows, row_cost);
    if (row_workers > workers)
        workers = row_workers;

    /* Per worker, 64-byte aligned: block area (also where plans are made),
     * DCT temp, mask values of a block. */
    fg_status status = FG_OK;
    e.temp_at = fg_layout_plan_floats(layout);
    e.mask_at = e.temp_at + layout->temp_floats;
    e.scratch_floats = (e.mask_at + (filter ? layout->block_cols * rows : 0) + 15) & ~(size_t)15;
    size_t capacity = 0, floats = fg_mul_size((size_t)workers, e.scratch_floats);
    if (!floats || !(e.scratch = fg_tx_buffer_take(job->ctx, floats, &capacity)))
        status = fg_fail(error, FG_ERR_NOMEM, "out of memory for the column blocks");
    if (status == FG_OK)
        status = fg_plans_acquire(job->ctx, layout, e.scratch, !job->spectra, filter, &e.plans, error);
    if (status == FG_OK && filter)
        status = mask_init(&e.mask, job->params, layout, error);

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
    }
    if (status == FG_OK) {
        status = run_chunks(&e, blocks_filter, blocks, block_cost, chunks, rows_done, from + span * 0.9, error);
        if (status == FG_OK && any_bad(&e))
            status = fg_fail(error, FG_ERR_NONFINITE, "pixel values too large: the transform overflows to infinity");
    }
    if (status == FG_OK && filter) {
        /* Last chance to cancel: from here on the result is being written. */
        status = fg_report_progress(job->params, job->progress_to, error);
        if (status == FG_OK)
            fg_tx_parallel(row_workers, rows, rows_inverse, &e);
    }
    mask_free(&e.mask);
    fg_plans_release(&e.plans);
    if (e.scratch)
        fg_tx_buffer_give(job->ctx, e.scratch, capacity);
    return status;
}

/* ---- Copy-in and copy-out ------------------------------------------------------- */

#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/* One row into the planes: deinterleave, premultiply colour by alpha, flag
 * non-finite results (which covers non-finite inputs and overflow). */
static ALWAYS_INLINE int load_row(const float *src, float *const *d, int width, int channels, int alpha)
{
    int bad = 0;
    if (!alpha) {
        for (int x = 0; x < width; x++)
            for (int c = 0; c < channels; c++) {
                float v = src[x * channels + c];
                d[c][x] = v;
                bad |= !(fabsf(v) <= FLT_MAX);
            }
    } else {
        const int colours = channels - 1;
        for (int x = 0; x < width; x++) {
            float a = src[x * channels + colours];
            for (int c = 0; c < colours; c++) {
                float v = a * src[x * channels + c];
                d[c][x] = v;
                bad |= !(fabsf(v) <= FLT_MAX);
            }
            d[colours][x] = a;
            bad |= !(fabsf(a) <= FLT_MAX);
        }
    }
    return bad;
}

static int load_image_row(void *arg, int y, float *const *rows)
{
    const fg_image *in = arg;
    const float *src = fg_pixel(in, 0, y);
    /* Constant arguments let each case compile to its own tight loop. */
    switch (in->channels * 2 + (in->has_alpha ? 1 : 0)) {
    case 2:  return load_row(src, rows, in->width, 1, 0);
    case 4:  return load_row(src, rows, in->width, 2, 0);
    case 5:  return load_row(src, rows, in->width, 2, 1);
    case 6:  return load_row(src, rows, in->width, 3, 0);
    case 7:  return load_row(src, rows, in->width, 3, 1);
    case 8:  return load_row(src, rows, in->width, 4, 0);
    default: return load_row(src, rows, in->width, 4, 1);
    }
}

/* One row from the planes: un-premultiply (F(a c) / F(a)) and interleave.
 * `orig` is the original row (alpha, and colour where F(a) is ~0); it may be
 * `dst` itself, so each pixel is read before it is written.  The quotient is
 * limited to [lo, hi], the range of the image's visible colour: for the
 * Gaussian (a positive kernel) it is a weighted mean of visible colours and
 * never leaves that range, but the ringing of the ideal and Butterworth
 * filters can make F(a) tiny where a is not, and the quotient explode. */
static ALWAYS_INLINE void store_row(float *const *s, const float *orig, float *dst, int width, int channels,
                                    int alpha, const float *lo, const float *hi)
{
    if (!alpha) {
        for (int x = 0; x < width; x++)
            for (int c = 0; c < channels; c++)
                dst[x * channels + c] = s[c][x];
        return;
    }
    const int colours = channels - 1;
    const float epsilon = (float)FG_SMOOTH_ALPHA_EPSILON;
    for (int x = 0; x < width; x++) {
        const float filtered_alpha = s[colours][x];
        const float a = orig[x * channels + colours];
        if (filtered_alpha > epsilon) {
            for (int c = 0; c < colours; c++) {
                /* A ringing filter can leave F(a) barely above epsilon under
                 * huge colour values: never let the quotient overflow. */
                const float q = s[c][x] / filtered_alpha;
                dst[x * channels + c] = !(fabsf(q) <= FLT_MAX) ? orig[x * channels + c]
                                        : q < lo[c] ? lo[c] : q > hi[c] ? hi[c] : q;
            }
        } else {
            for (int c = 0; c < colours; c++)
                dst[x * channels + c] = orig[x * channels + c];
        }
        dst[x * channels + colours] = a;
    }
}

typedef struct store_target {
    const fg_image *orig;   /* original pixels (read only with alpha) */
    const fg_image *out;
    float lo[3], hi[3];     /* visible colour range (with alpha), see store_row */
} store_target;

/* The range of each colour channel over the pixels with alpha > 0 (the
 * whole float range when nothing is visible, where it is never used). */
static void visible_colour_range(store_target *t)
{
    const fg_image *orig = t->orig;
    const int colours = orig->channels - 1;
    int any = 0;
    for (int c = 0; c < 3; c++) {
        t->lo[c] = FLT_MAX;
        t->hi[c] = -FLT_MAX;
    }
    for (int y = 0; y < orig->height; y++) {
        const float *p = fg_pixel(orig, 0, y);
        for (int x = 0; x < orig->width; x++, p += orig->channels) {
            if (!(p[colours] > 0.0f))
                continue;
            any = 1;
            for (int c = 0; c < colours; c++) {
                t->lo[c] = p[c] < t->lo[c] ? p[c] : t->lo[c];
                t->hi[c] = p[c] > t->hi[c] ? p[c] : t->hi[c];
            }
        }
    }
    if (!any)
        for (int c = 0; c < 3; c++) {
            t->lo[c] = -FLT_MAX;
            t->hi[c] = FLT_MAX;
        }
}

static int store_image_row(void *arg, int y, float *const *rows)
{
    const store_target *t = arg;
    const fg_image *out = t->out;
    float *dst = fg_pixel(out, 0, y);
    const float *orig = out->has_alpha ? fg_pixel(t->orig, 0, y) : NULL;
    switch (out->channels * 2 + (out->has_alpha ? 1 : 0)) {
    case 2:  store_row(rows, orig, dst, out->width, 1, 0, t->lo, t->hi); break;
    case 4:  store_row(rows, orig, dst, out->width, 2, 0, t->lo, t->hi); break;
    case 5:  store_row(rows, orig, dst, out->width, 2, 1, t->lo, t->hi); break;
    case 6:  store_row(rows, orig, dst, out->width, 3, 0, t->lo, t->hi); break;
    case 7:  store_row(rows, orig, dst, out->width, 3, 1, t->lo, t->hi); break;
    case 8:  store_row(rows, orig, dst, out->width, 4, 0, t->lo, t->hi); break;
    default: store_row(rows, orig, dst, out->width, 4, 1, t->lo, t->hi); break;
    }
    return 0;
}

/* The engine's message for a failed load, made precise. */
static fg_status explain_load_failure(const fg_image *in, fg_error *error)
{
    fg_status status = fg_image_check_finite(in, error);   /* locates the pixel */
    if (status != FG_OK)
        return status;
    return fg_fail(error, FG_ERR_NONFINITE, "pixel values too large: colour times alpha overflows to infinity");
}

/* One engine pass over `layout`: rows are loaded from `in`, or, when
 * `spectra` is given, filtered from those forward-transformed planes; the
 * results go to `out`, colour un-premultiplied against `orig` (the input's
 * pixels; read only when it has alpha). */
static fg_status smooth_pass(fg_fft_context *ctx, const fg_layout *layout, int planes, int threads,
                             const fg_smooth_params *params, const fg_image *in, const float *spectra,
                             const fg_image *orig, const fg_image *out, fg_error *error)
{
    size_t capacity;
    float *buffer = fg_tx_buffer_take(ctx, layout->plane_floats * (size_t)planes, &capacity);
    if (!buffer)
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for the %dx%d working planes", layout->width,
                       layout->height);
    store_target target = { orig, out, { 0 }, { 0 } };
    if (orig->has_alpha)
        visible_colour_range(&target);
    fg_engine_job job;
    memset(&job, 0, sizeof job);
    job.ctx = ctx;
    job.layout = layout;
    job.planes = planes;
    job.threads = threads;
    job.buffer = buffer;
    if (spectra) {
        job.spectra = spectra;
    } else {
        job.load = load_image_row;
        job.load_arg = (void *)in;
    }
    job.params = params;
    job.store = store_image_row;
    job.store_arg = &target;
    job.progress_from = 0.0;
    job.progress_to = 1.0;
    fg_status status = fg_report_progress(params, 0.0, error);
    if (status == FG_OK)
        status = fg_engine_run(&job, error);
    if (job.load_failed)
        status = explain_load_failure(in, error);
    fg_tx_buffer_give(ctx, buffer, capacity);
    return status == FG_OK ? fg_succeed(error) : status;
}

/* ---- fg_frequency_smooth --------------------------------------------------------- */

fg_status fg_frequency_smooth(fg_fft_context *ctx, const fg_image *in, const fg_image *out,
                              const fg_smooth_params *params, fg_error *error)
{
    if (!in || !out)
        return fg_fail(error, FG_ERR_NULL, "%s image is NULL", !in ? "input" : "output");
    int threads;
    fg_status status = fg_image_check_pair(in, out, error);
    if (status != FG_OK)
        return status;
    if ((status = fg_smooth_params_check(params, &threads, error)) != FG_OK)
        return status;

    fg_layout layout;
    const int planes = in->channels;
    if ((status = fg_layout_init(&layout, in->width, in->height, params->boundary, planes, error)) != FG_OK)
        return status;
    return smooth_pass(ctx, &layout, planes, threads, params, in, NULL, in, out, error);
}

/* ---- Prepared smoothing ---------------------------------------------------------- */

struct fg_smooth_prepared {
    fg_fft_context *ctx;
    int owns_ctx;
    fg_layout layout;
    int channels;
    int has_alpha;
    float *spectra;       /* `channels` forward-transformed planes */
    float *original;      /* packed copy of the input when it has alpha, else NULL */
};

void fg_smooth_prepared_free(fg_smooth_prepared *prepared)
{
    if (!prepared)
        return;
    if (prepared->owns_ctx)
        fg_fft_context_free(prepared->ctx);
    fg_free(prepared->spectra);
    fg_free(prepared->original);
    fg_free(prepared);
}

fg_status fg_smooth_prepare(fg_fft_context *ctx, const fg_image *in, fg_boundary boundary, int threads,
                            fg_smooth_prepared **prepared, fg_error *error)
{
    if (!prepared)
        return fg_fail(error, FG_ERR_NULL, "prepared-state pointer is NULL");
    fg_status status = fg_image_check(in, error);
    if (status != FG_OK)
        return status;
    if (!boundary_known(boundary))
        return fg_fail(error, FG_ERR_PARAM, "unknown boundary %d", (int)boundary);
    int resolved = fg_resolve_threads(threads);
    if (resolved < 1)
        return fg_fail(error, FG_ERR_PARAM, "threads %d: must be 0 (all cores) or 1 to %d", threads,
                       FG_MAX_THREADS);

    fg_smooth_prepared *state = fg_alloc(sizeof *state);
    if (!state)
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for the prepared state");
    memset(state, 0, sizeof *state);
    state->channels = in->channels;
    state->has_alpha = in->has_alpha;
    status = fg_layout_init(&state->layout, in->width, in->height, boundary, in->channels, error);
    if (status == FG_OK) {
        state->ctx = ctx;
        if (!ctx) {
            state->owns_ctx = 1;
            if (!(state->ctx = fg_fft_context_new()))
                status = fg_fail(error, FG_ERR_NOMEM, "out of memory for an FFT context");
        }
    }
    if (status == FG_OK
        && !(state->spectra = fg_alloc_array(state->layout.plane_floats * (size_t)in->channels, sizeof(float))))
        status = fg_fail(error, FG_ERR_NOMEM, "out of memory for the %dx%d spectra", in->width, in->height);
    if (status == FG_OK && in->has_alpha) {
        size_t count = fg_mul_size3((size_t)in->width, (size_t)in->height, (size_t)in->channels);
        if (!(state->original = fg_alloc_array(count, sizeof(float))))
            status = fg_fail(error, FG_ERR_NOMEM, "out of memory for a copy of the %dx%d image", in->width,
                             in->height);
    }
    if (status == FG_OK) {
        fg_engine_job job;
        memset(&job, 0, sizeof job);
        job.ctx = state->ctx;
        job.layout = &state->layout;
        job.planes = in->channels;
        job.threads = resolved;
        job.buffer = state->spectra;
        job.load = load_image_row;
        job.load_arg = (void *)in;
        status = fg_engine_run(&job, error);
        if (job.load_failed)
            status = explain_load_failure(in, error);
    }
    if (status == FG_OK && state->original) {
        fg_image copy = fg_image_make(state->original, in->width, in->height, in->channels, 1);
        status = fg_image_copy(in, &copy, error);
    }
    if (status != FG_OK) {
        fg_smooth_prepared_free(state);
        return status;
    }
    *prepared = state;
    return fg_succeed(error);
}

fg_status fg_smooth_apply(fg_smooth_prepared *prepared, const fg_smooth_params *params, const fg_image *out,
                          fg_error *error)
{
    if (!prepared)
        return fg_fail(error, FG_ERR_NULL, "prepared state is NULL");
    fg_status status = fg_image_check(out, error);
    if (status != FG_OK)
        return status;
    const fg_layout *layout = &prepared->layout;
    if (out->width != layout->width || out->height != layout->height || out->channels != prepared->channels
        || !out->has_alpha != !prepared->has_alpha)
        return fg_fail(error, FG_ERR_MISMATCH,
                       "output is %dx%d with %d channels%s, the prepared image %dx%d with %d channels%s",
                       out->width, out->height, out->channels, out->has_alpha ? " (alpha)" : "", layout->width,
                       layout->height, prepared->channels, prepared->has_alpha ? " (alpha)" : "");
    int threads;
    if ((status = fg_smooth_params_check(params, &threads, error)) != FG_OK)
        return status;
    if (params->boundary != layout->boundary)
        return fg_fail(error, FG_ERR_PARAM, "boundary %d differs from the prepared boundary %d",
                       (int)params->boundary, (int)layout->boundary);

    fg_image orig = { 0 };
    if (prepared->has_alpha)
        orig = fg_image_make(prepared->original, layout->width, layout->height, prepared->channels, 1);
    return smooth_pass(prepared->ctx, layout, prepared->channels, threads, params, NULL, prepared->spectra,
                       &orig, out, error);
}
