/* transforms.c — plane layouts, FFTW plans (estimated from an empty planner,
 * cached per context, planning serialised), the row and column-block
 * transforms (DFT, and DCT-II/III by Makhoul's method), for the
 * frequency-domain engine. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "transforms.h"

/* ---- Planner serialisation ------------------------------------------------------
 *
 * The one exception to "no global mutable state": FFTW's planner is global,
 * so all planner calls of the process must be serialised somewhere. */
static pthread_mutex_t planner_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t fftw_once = PTHREAD_ONCE_INIT;
static int fftw_threads_ok;   /* written once under fftw_once, then read-only */

static void fftw_initialise(void)
{
    fftw_threads_ok = fftwf_init_threads() != 0;
    /* Also guards FFTW's planner against other FFTW users in the process
     * (e.g. a host application) that do not know our mutex. */
    if (fftw_threads_ok)
        fftwf_make_planner_thread_safe();
}

void fg_fftw_lock(void)
{
    pthread_once(&fftw_once, fftw_initialise);
    pthread_mutex_lock(&planner_mutex);
}

void fg_fftw_unlock(void)
{
    pthread_mutex_unlock(&planner_mutex);
}

/* ---- Layouts -------------------------------------------------------------------- */

/* Column blocks of about this many bytes stay in L2 while they go forward,
 * through the mask and back. */
#define BLOCK_BYTES (512u * 1024u)
#define MAX_BLOCK_COLS 64

static size_t round16(size_t floats)
{
    return (floats + 15) & ~(size_t)15;
}

fg_status fg_layout_init(fg_layout *layout, int width, int height, fg_boundary boundary, int planes,
                         fg_error *error)
{
    const int periodic = boundary == FG_BOUNDARY_PERIODIC;
    layout->width = width;
    layout->height = height;
    layout->boundary = boundary;
    layout->spec_cols = periodic ? (size_t)width / 2 + 1 : (size_t)width;
    layout->value_floats = periodic ? 2 : 1;
    /* FFTW takes sizes and distances as int. */
    if ((size_t)width > (size_t)INT32_MAX - 32 || (size_t)height > (size_t)INT32_MAX / 2 - 32)
        return fg_fail(error, FG_ERR_TOO_LARGE, "image size %dx%d is too large for the transforms", width, height);
    const size_t half_complex = 2 * ((size_t)width / 2 + 1);   /* floats of an r2c row */
    layout->row_floats = round16(periodic ? half_complex : (size_t)width);
    layout->plane_floats = fg_mul_size(layout->row_floats, (size_t)height);
    size_t total = fg_mul_size3(layout->plane_floats, (size_t)(planes > 0 ? planes : 1), sizeof(float));
    if (layout->plane_floats == 0 || total == 0 || total > (size_t)PTRDIFF_MAX)
        return fg_fail(error, FG_ERR_TOO_LARGE, "the working buffer for %d planes of %dx%d is too large", planes,
                       width, height);

    /* A gathered column: H complex values, or H reals that also hold their
     * r2c transform (2 (H/2 + 1) floats) for the DCT. */
    layout->column_floats = round16(periodic ? 2 * (size_t)height : 2 * ((size_t)height / 2 + 1));
    size_t cols = BLOCK_BYTES / (layout->column_floats * sizeof(float));
    if (cols > MAX_BLOCK_COLS)
        cols = MAX_BLOCK_COLS;
    if (cols < 2)
        cols = 2;
    layout->block_cols = cols < layout->spec_cols ? cols : layout->spec_cols;
    layout->block_floats = layout->block_cols * layout->column_floats;
    layout->temp_floats = 0;
    if (!periodic)
        layout->temp_floats = layout->block_floats > round16(half_complex) ? layout->block_floats : round16(half_complex);
    return FG_OK;
}

void fg_layout_problems(const fg_layout *layout, int inverse, fg_tx_problem problems[3])
{
    const int periodic = layout->boundary == FG_BOUNDARY_PERIODIC;
    problems[0].kind = inverse ? FG_TX_ROW_C2R : FG_TX_ROW_R2C;
    problems[0].n = layout->width;
    problems[0].howmany = 1;
    problems[0].dist = 0;
    problems[1].kind = periodic ? (inverse ? FG_TX_COL_BACKWARD : FG_TX_COL_FORWARD)
                                : (inverse ? FG_TX_COL_C2R : FG_TX_COL_R2C);
    problems[1].n = layout->height;
    problems[1].howmany = (int)layout->block_cols;
    problems[1].dist = (int)layout->column_floats;
    problems[2] = problems[1];
    problems[2].howmany = (int)(layout->spec_cols % layout->block_cols);
}

/* ---- Plan cache ------------------------------------------------------------------ */

#define MAX_CACHED_PLANS 32

typedef struct fg_plan_entry {
    struct fg_plan_entry *next;
    fftwf_plan plan;
    fg_tx_problem problem;
    int refs;            /* calls currently executing it */
    unsigned long last_use;
} fg_plan_entry;

struct fg_fft_context {
    pthread_mutex_t lock;    /* guards the plans; taken before the planner lock */
    fg_plan_entry *entries;  /* newest first */
    int count;
    unsigned long clock;
    double measure_seconds;  /* > 0: benchmarks only, see fg_fft_context_measure */
    /* Working buffers of recent calls (the engine's planes and scratch). */
    fg_buffer_cache buffers;
};

fg_fft_context *fg_fft_context_new(void)
{
    fg_fft_context *ctx = fg_alloc(sizeof *ctx);
    if (!ctx)
        return NULL;
    memset(ctx, 0, sizeof *ctx);
    if (pthread_mutex_init(&ctx->lock, NULL) != 0) {
        fg_free(ctx);
        return NULL;
    }
    if (fg_buffer_cache_init(&ctx->buffers) != 0) {
        pthread_mutex_destroy(&ctx->lock);
        fg_free(ctx);
        return NULL;
    }
    return ctx;
}

fg_buffer_cache *fg_fft_context_buffers(fg_fft_context *ctx)
{
    return ctx ? &ctx->buffers : NULL;
}

void fg_fft_context_free(fg_fft_context *ctx)
{
    if (!ctx)
        return;
    fg_fftw_lock();
    for (fg_plan_entry *e = ctx->entries, *next; e; e = next) {
        next = e->next;
        fftwf_destroy_plan(e->plan);
        fg_free(e);
    }
    fg_fftw_unlock();
    fg_buffer_cache_destroy(&ctx->buffers);
    pthread_mutex_destroy(&ctx->lock);
    fg_free(ctx);
}

void fg_fft_context_trim(fg_fft_context *ctx)
{
    fg_buffer_cache_trim(fg_fft_context_buffers(ctx));
}

/* Plans are single-threaded: the engine runs them on its own threads.
 * Columns: `dist` floats apart, that is dist / 2 complex values. */
fftwf_plan fg_tx_plan_problem(const fg_tx_problem *problem, float *data, unsigned flags)
{
    int n = problem->n, howmany = problem->howmany, dist = problem->dist;
    fftwf_complex *z = (fftwf_complex *)data;
    if (fftw_threads_ok)
        fftwf_plan_with_nthreads(1);
    switch (problem->kind) {
    case FG_TX_ROW_R2C:
        return fftwf_plan_many_dft_r2c(1, &n, 1, data, NULL, 1, 0, z, NULL, 1, 0, flags);
    case FG_TX_ROW_C2R:
        return fftwf_plan_many_dft_c2r(1, &n, 1, z, NULL, 1, 0, data, NULL, 1, 0, flags);
    case FG_TX_COL_FORWARD:
        return fftwf_plan_many_dft(1, &n, howmany, z, NULL, 1, dist / 2, z, NULL, 1, dist / 2, FFTW_FORWARD, flags);
    case FG_TX_COL_BACKWARD:
        return fftwf_plan_many_dft(1, &n, howmany, z, NULL, 1, dist / 2, z, NULL, 1, dist / 2, FFTW_BACKWARD, flags);
    case FG_TX_COL_R2C:
        return fftwf_plan_many_dft_r2c(1, &n, howmany, data, NULL, 1, dist, z, NULL, 1, dist / 2, flags);
    case FG_TX_COL_C2R:
        return fftwf_plan_many_dft_c2r(1, &n, howmany, z, NULL, 1, dist / 2, data, NULL, 1, dist, flags);
    }
    return NULL;
}

static const char *kind_name(fg_tx_kind kind)
{
    switch (kind) {
    case FG_TX_ROW_R2C:      return "row r2c";
    case FG_TX_ROW_C2R:      return "row c2r";
    case FG_TX_COL_FORWARD:  return "column DFT";
    case FG_TX_COL_BACKWARD: return "column inverse DFT";
    case FG_TX_COL_R2C:      return "column r2c";
    case FG_TX_COL_C2R:      return "column c2r";
    }
    return "?";
}

static fg_status plan_failed(fg_error *error, const fg_tx_problem *problem)
{
    return fg_fail(error, FG_ERR_INTERNAL, "FFTW could not plan %d %s transform(s) of length %d",
                   problem->howmany, kind_name(problem->kind), problem->n);
}

/* FFTW's estimate, made from an empty planner: instant, does not touch the
 * arrays, and the same plan whatever the process planned before.  FFTW's
 * estimate planner otherwise uses any wisdom the process has, measured
 * plans included (whoever measured them, or imported them from a file), and
 * a measured plan rounds differently: results would then depend on the
 * planning history, a few 8-bit values one level apart (issue 14).  So the
 * planner's wisdom is set aside for the plan and given back after it: kept
 * as text, forgotten, re-imported.  *nomem when that text could not be had
 * (nothing is then planned or forgotten).
 *
 * With ctx->measure_seconds > 0 (benchmarks only) the plan is measured
 * instead, within that time, using and adding to the wisdom. */
static fftwf_plan make_core_plan(const fg_fft_context *ctx, const fg_tx_problem *problem, float *data, int *nomem)
{
    fftwf_plan plan = NULL;
    *nomem = 0;
    fg_fftw_lock();
    if (ctx && ctx->measure_seconds > 0) {
        fftwf_set_timelimit(ctx->measure_seconds);
        plan = fg_tx_plan_problem(problem, data, FFTW_MEASURE);
        fftwf_set_timelimit(FFTW_NO_TIMELIMIT);
        fg_fftw_unlock();
        return plan;
    }
    char *wisdom = fftwf_export_wisdom_to_string();
    if (!wisdom) {
        *nomem = 1;
    } else {
        fftwf_forget_wisdom();
        plan = fg_tx_plan_problem(problem, data, FFTW_ESTIMATE);
        fftwf_forget_wisdom();   /* leave the planner with what it had */
        fftwf_import_wisdom_from_string(wisdom);
        free(wisdom);            /* FFTW's string is malloc'd */
    }
    fg_fftw_unlock();
    return plan;
}

static fg_status make_failed(fg_error *error, const fg_tx_problem *problem, int nomem);

static void destroy_plan(fftwf_plan plan)
{
    fg_fftw_lock();
    fftwf_destroy_plan(plan);
    fg_fftw_unlock();
}

static int entry_matches(const fg_plan_entry *e, const fg_tx_problem *problem)
{
    return e->problem.kind == problem->kind && e->problem.n == problem->n
           && e->problem.howmany == problem->howmany && e->problem.dist == problem->dist;
}

/* Unlinks and destroys `victim`; ctx->lock held. */
static void remove_entry(fg_fft_context *ctx, fg_plan_entry *victim)
{
    for (fg_plan_entry **link = &ctx->entries; *link; link = &(*link)->next)
        if (*link == victim) {
            *link = victim->next;
            ctx->count--;
            destroy_plan(victim->plan);
            fg_free(victim);
            return;
        }
}

/* Drops least recently used idle plans beyond the cache size; ctx->lock held. */
static void evict(fg_fft_context *ctx)
{
    while (ctx->count > MAX_CACHED_PLANS) {
        fg_plan_entry *oldest = NULL;
        for (fg_plan_entry *e = ctx->entries; e; e = e->next)
            if (e->refs == 0 && (!oldest || e->last_use < oldest->last_use))
                oldest = e;
        if (!oldest)
            return;
        remove_entry(ctx, oldest);
    }
}

/* Inserts a new entry holding `plan`, with one reference.  The caller
 * found no entry for the problem and held ctx->lock since. */
static void insert_entry(fg_fft_context *ctx, fg_plan_entry *entry, fftwf_plan plan, const fg_tx_problem *problem)
{
    entry->plan = plan;
    entry->problem = *problem;
    entry->refs = 1;
    entry->last_use = ++ctx->clock;
    entry->next = ctx->entries;
    ctx->entries = entry;
    ctx->count++;
    evict(ctx);
}

static fg_status make_failed(fg_error *error, const fg_tx_problem *problem, int nomem)
{
    if (nomem)
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for FFTW's wisdom while planning");
    return plan_failed(error, problem);
}

fg_status fg_tx_acquire(fg_fft_context *ctx, const fg_tx_problem *problem, float *data, fg_tx_plan *plan,
                        fg_error *error)
{
    int nomem;
    memset(plan, 0, sizeof *plan);
    /* Plans are made on fg_alloc'd, 64-byte-aligned layouts and run on
     * others of the same alignment; anything else would need its own plan. */
    if (fftwf_alignment_of(data) != 0)
        return fg_fail(error, FG_ERR_INTERNAL, "transform data is not SIMD-aligned");

    if (!ctx) {
        fftwf_plan p = make_core_plan(NULL, problem, data, &nomem);
        if (!p)
            return make_failed(error, problem, nomem);
        plan->plan = p;
        plan->kind = problem->kind;
        return FG_OK;
    }

    fg_status status = FG_OK;
    pthread_mutex_lock(&ctx->lock);
    fg_plan_entry *found = NULL;
    for (fg_plan_entry *e = ctx->entries; e && !found; e = e->next)
        if (entry_matches(e, problem))
            found = e;
    if (found) {
        found->refs++;
        found->last_use = ++ctx->clock;
    } else {
        fg_plan_entry *entry = fg_alloc(sizeof *entry);
        fftwf_plan p = entry ? make_core_plan(ctx, problem, data, &nomem) : NULL;
        if (!entry)
            status = fg_fail(error, FG_ERR_NOMEM, "out of memory for an FFTW plan entry");
        else if (!p) {
            fg_free(entry);
            status = make_failed(error, problem, nomem);
        } else {
            insert_entry(ctx, entry, p, problem);
            found = entry;
        }
    }
    pthread_mutex_unlock(&ctx->lock);
    if (status != FG_OK)
        return status;
    plan->plan = found->plan;
    plan->kind = problem->kind;
    plan->ctx = ctx;
    plan->entry = found;
    return FG_OK;
}

void fg_tx_release(fg_tx_plan *plan)
{
    if (!plan->plan)
        return;
    if (!plan->entry) {
        destroy_plan(plan->plan);
    } else {
        fg_fft_context *ctx = plan->ctx;
        pthread_mutex_lock(&ctx->lock);
        plan->entry->refs--;
        evict(ctx);
        pthread_mutex_unlock(&ctx->lock);
    }
    memset(plan, 0, sizeof *plan);
}

void fg_tx_execute(const fg_tx_plan *plan, float *data)
{
    /* New-array execution: one plan serves every row, block and plane of
     * the same alignment, from any number of threads at once. */
    fftwf_complex *z = (fftwf_complex *)data;
    switch (plan->kind) {
    case FG_TX_ROW_R2C:
    case FG_TX_COL_R2C:
        fftwf_execute_dft_r2c(plan->plan, data, z);
        break;
    case FG_TX_ROW_C2R:
    case FG_TX_COL_C2R:
        fftwf_execute_dft_c2r(plan->plan, z, data);
        break;
    case FG_TX_COL_FORWARD:
    case FG_TX_COL_BACKWARD:
        fftwf_execute_dft(plan->plan, z, z);
        break;
    }
}

/* ---- A layout's plans and transforms --------------------------------------------- */

fg_status fg_plans_acquire(fg_fft_context *ctx, const fg_layout *layout, float *scratch, int forward, int inverse,
                           fg_plans *plans, fg_error *error)
{
    fg_status status = FG_OK;
    memset(plans, 0, sizeof *plans);
    for (int dir = 0; dir < 2 && status == FG_OK; dir++) {
        if (!(dir ? inverse : forward))
            continue;
        fg_tx_problem problems[3];
        fg_layout_problems(layout, dir, problems);
        fg_tx_plan *slots[3] = { &plans->row[dir], &plans->block[dir], &plans->last[dir] };
        for (int i = 0; i < 3 && status == FG_OK; i++)
            if (problems[i].howmany > 0)
                status = fg_tx_acquire(ctx, &problems[i], scratch, slots[i], error);
    }
    if (status == FG_OK && layout->boundary == FG_BOUNDARY_MIRROR) {
        /* w_k = exp(-i pi k / 2N) for k = 0 .. N/2, both axes. */
        const size_t nw = (size_t)layout->width / 2 + 1, nh = (size_t)layout->height / 2 + 1;
        if (!(plans->twiddle = fg_alloc_array(2 * (nw + nh), sizeof(float))))
            status = fg_fail(error, FG_ERR_NOMEM, "out of memory for the DCT twiddles");
        for (size_t k = 0; status == FG_OK && k < nw + nh; k++) {
            double n = k < nw ? layout->width : layout->height, j = (double)(k < nw ? k : k - nw);
            double angle = 3.14159265358979323846 * j / (2.0 * n);
            plans->twiddle[2 * k] = (float)cos(angle);
            plans->twiddle[2 * k + 1] = (float)sin(angle);
        }
    }
    if (status != FG_OK)
        fg_plans_release(plans);
    return status;
}

void fg_plans_release(fg_plans *plans)
{
    for (int dir = 0; dir < 2; dir++) {
        fg_tx_release(&plans->row[dir]);
        fg_tx_release(&plans->block[dir]);
        fg_tx_release(&plans->last[dir]);
    }
    fg_free(plans->twiddle);
    plans->twiddle = NULL;
}

/* Makhoul's DCT.  Sample x_j goes to v at position j/2 (even j) or
 * N - 1 - j/2 (odd j).  With V = DFT(v) and z_k = exp(-i pi k / 2N) V_k:
 * REDFT10(x)_k = 2 Re z_k and REDFT10(x)_{N-k} = -2 Im z_k, k = 0 .. N/2.
 * Back: z_k = (Y_k - i Y_{N-k}) / 2 (Y_N = 0), V_k = conj(w_k) z_k, and the
 * inverse real DFT gives N v. */
static inline size_t dct_position(size_t j, size_t n)
{
    return j % 2 ? n - 1 - j / 2 : j / 2;
}

/* Half-complex V (k = 0 .. n/2) to the n DCT coefficients. */
static void dct_finish(const float *restrict w, const float *restrict v, size_t n, float *restrict y)
{
    y[0] = 2.0f * v[0];   /* w_0 = 1, V_0 real */
    const size_t pairs = (n - 1) / 2;   /* k = 1 .. pairs give Y_k and Y_{n-k} */
    for (size_t k = 1; k <= pairs; k++) {
        const float c = w[2 * k], s = w[2 * k + 1], vr = v[2 * k], vi = v[2 * k + 1];
        y[k] = 2.0f * (c * vr + s * vi);
        y[n - k] = -2.0f * (c * vi - s * vr);
    }
    if (n % 2 == 0 && n > 1) {   /* k = n/2: Y_{n/2} once */
        const size_t k = n / 2;
        y[k] = 2.0f * (w[2 * k] * v[2 * k] + w[2 * k + 1] * v[2 * k + 1]);
    }
}

/* The n DCT coefficients to half-complex V. */
static void dct_start(const float *restrict w, const float *restrict y, size_t n, float *restrict v)
{
    v[0] = 0.5f * y[0];
    v[1] = 0.0f;
    const size_t pairs = (n - 1) / 2;
    for (size_t k = 1; k <= pairs; k++) {
        const float c = w[2 * k], s = w[2 * k + 1], zr = 0.5f * y[k], zi = -0.5f * y[n - k];
        v[2 * k] = c * zr - s * zi;
        v[2 * k + 1] = c * zi + s * zr;
    }
    if (n % 2 == 0 && n > 1) {
        const size_t k = n / 2;
        const float c = w[2 * k], s = w[2 * k + 1], zr = 0.5f * y[k], zi = -0.5f * y[k];
        v[2 * k] = c * zr - s * zi;
        v[2 * k + 1] = c * zi + s * zr;
    }
}

/* x in DCT order: even samples forward, then odd samples backward. */
static void dct_permute(const float *restrict x, size_t n, float *restrict v)
{
    const size_t evens = (n + 1) / 2;
    for (size_t j = 0; j < evens; j++)
        v[j] = x[2 * j];
    for (size_t j = 0; j < n / 2; j++)
        v[n - 1 - j] = x[2 * j + 1];
}

static void dct_unpermute(const float *restrict v, size_t n, float *restrict x)
{
    const size_t evens = (n + 1) / 2;
    for (size_t j = 0; j < evens; j++)
        x[2 * j] = v[j];
    for (size_t j = 0; j < n / 2; j++)
        x[2 * j + 1] = v[n - 1 - j];
}

void fg_row_forward(const fg_plans *plans, const fg_layout *layout, float *row, float *temp)
{
    if (layout->boundary == FG_BOUNDARY_PERIODIC) {
        fg_tx_execute(&plans->row[0], row);
        return;
    }
    const size_t n = (size_t)layout->width;
    dct_permute(row, n, temp);
    fg_tx_execute(&plans->row[0], temp);
    dct_finish(plans->twiddle, temp, n, row);
}

void fg_row_inverse(const fg_plans *plans, const fg_layout *layout, float *row, float *temp)
{
    if (layout->boundary == FG_BOUNDARY_PERIODIC) {
        fg_tx_execute(&plans->row[1], row);
        return;
    }
    const size_t n = (size_t)layout->width;
    dct_start(plans->twiddle, row, n, temp);
    fg_tx_execute(&plans->row[1], temp);
    dct_unpermute(temp, n, row);
}

static const fg_tx_plan *block_plan(const fg_plans *plans, const fg_layout *layout, int inverse, size_t block)
{
    return fg_layout_block_count(layout, block) == layout->block_cols ? &plans->block[inverse]
                                                                       : &plans->last[inverse];
}

void fg_block_load(const fg_layout *layout, const float *plane, size_t block, float *scratch)
{
    const size_t count = fg_layout_block_count(layout, block), rows = (size_t)layout->height;
    const size_t cf = layout->column_floats;
    if (layout->value_floats == 2) {
        const float *src = plane + 2 * block * layout->block_cols;
        for (size_t y = 0; y < rows; y++, src += layout->row_floats)
            for (size_t k = 0; k < count; k++) {
                scratch[k * cf + 2 * y] = src[2 * k];
                scratch[k * cf + 2 * y + 1] = src[2 * k + 1];
            }
    } else {
        const float *src = plane + block * layout->block_cols;
        for (size_t y = 0; y < rows; y++, src += layout->row_floats)
            for (size_t k = 0; k < count; k++)
                scratch[k * cf + y] = src[k];
    }
}

void fg_block_store(const fg_layout *layout, const float *scratch, size_t block, float *plane)
{
    const size_t count = fg_layout_block_count(layout, block), rows = (size_t)layout->height;
    const size_t cf = layout->column_floats;
    if (layout->value_floats == 2) {
        float *dst = plane + 2 * block * layout->block_cols;
        for (size_t y = 0; y < rows; y++, dst += layout->row_floats)
            for (size_t k = 0; k < count; k++) {
                dst[2 * k] = scratch[k * cf + 2 * y];
                dst[2 * k + 1] = scratch[k * cf + 2 * y + 1];
            }
    } else {
        float *dst = plane + block * layout->block_cols;
        for (size_t y = 0; y < rows; y++, dst += layout->row_floats)
            for (size_t k = 0; k < count; k++)
                dst[k] = scratch[k * cf + y];
    }
}

void fg_block_forward(const fg_plans *plans, const fg_layout *layout, const float *plane, size_t block,
                      float *scratch, float *temp)
{
    if (layout->boundary == FG_BOUNDARY_PERIODIC) {
        fg_block_load(layout, plane, block, scratch);
        fg_tx_execute(block_plan(plans, layout, 0, block), scratch);
        return;
    }
    /* Gather in DCT order into temp, real DFT there, coefficients into scratch. */
    const size_t count = fg_layout_block_count(layout, block), rows = (size_t)layout->height;
    const size_t cf = layout->column_floats;
    const float *src = plane + block * layout->block_cols;
    for (size_t y = 0; y < rows; y++, src += layout->row_floats) {
        const size_t at = dct_position(y, rows);
        for (size_t k = 0; k < count; k++)
            temp[k * cf + at] = src[k];
    }
    fg_tx_execute(block_plan(plans, layout, 0, block), temp);
    const float *w = plans->twiddle + 2 * ((size_t)layout->width / 2 + 1);
    for (size_t k = 0; k < count; k++)
        dct_finish(w, temp + k * cf, rows, scratch + k * cf);
}

void fg_block_inverse(const fg_plans *plans, const fg_layout *layout, float *scratch, size_t block, float *plane,
                      float *temp)
{
    if (layout->boundary == FG_BOUNDARY_PERIODIC) {
        fg_tx_execute(block_plan(plans, layout, 1, block), scratch);
        fg_block_store(layout, scratch, block, plane);
        return;
    }
    const size_t count = fg_layout_block_count(layout, block), rows = (size_t)layout->height;
    const size_t cf = layout->column_floats;
    const float *w = plans->twiddle + 2 * ((size_t)layout->width / 2 + 1);
    for (size_t k = 0; k < count; k++)
        dct_start(w, scratch + k * cf, rows, temp + k * cf);
    fg_tx_execute(block_plan(plans, layout, 1, block), temp);
    float *dst = plane + block * layout->block_cols;
    for (size_t y = 0; y < rows; y++, dst += layout->row_floats) {
        const size_t at = dct_position(y, rows);
        for (size_t k = 0; k < count; k++)
            dst[k] = temp[k * cf + at];
    }
}

/* ---- Measured plans, for benchmarks ---------------------------------------------- */

void fg_fft_context_measure(fg_fft_context *ctx, double seconds)
{
    pthread_mutex_lock(&ctx->lock);
    ctx->measure_seconds = seconds > 0 && isfinite(seconds) ? seconds : 0;
    pthread_mutex_unlock(&ctx->lock);
}
