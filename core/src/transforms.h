/* transforms.h — the transforms of the frequency-domain engine; internal.
 * transforms.c owns everything FFTW: the planner lock, the plan cache of an
 * FFT context, and the row and column-block DFTs and DCTs on the plane
 * layouts below.  The engine that drives them
 * (forward, mask, inverse) is frequency_engine.h.
 *
 * The 2-D transforms are done as 1-D transforms along rows and then along
 * blocks of columns, so that a column block can be transformed, masked and
 * transformed back while it is in cache, and so that copying pixels in and
 * out happens row by row next to the row transforms: about three passes
 * over memory per plane where 2-D plans plus separate copy and mask passes
 * need seven.  The engine runs the row and column loops on its own threads;
 * every FFTW plan is single-threaded and executed concurrently with FFTW's
 * new-array functions.  Results therefore do not depend on the thread
 * count, and every plan is FFTW's estimate made from an empty planner (see
 * fg_tx_acquire), so they do not depend on what the process planned or
 * measured before either. */
#ifndef FG_TRANSFORMS_H
#define FG_TRANSFORMS_H

#include <fftw3.h>

#include "buffer_cache.h"
#include "internal.h"
#include "fg/frequency_smooth.h"

static inline int fg_boundary_known(fg_boundary boundary)
{
    return (int)boundary == (int)FG_BOUNDARY_MIRROR || (int)boundary == (int)FG_BOUNDARY_PERIODIC;
}

/* The working buffers an FFT context keeps (buffer_cache.h); NULL for a
 * NULL context, which the cache functions accept. */
fg_buffer_cache *fg_fft_context_buffers(fg_fft_context *ctx);

/* ---- FFTW planner serialisation --------------------------------------------
 *
 * FFTW's planner (plan creation and destruction, wisdom, the thread count
 * and time limit settings) is process-global and not thread-safe.  Every
 * such call in the core goes between fg_fftw_lock() and fg_fftw_unlock():
 * one static mutex, the core's single piece of global mutable state besides
 * the once-flag of FFTW's thread initialisation.  fg_fftw_lock() also runs
 * that initialisation (fftwf_init_threads, fftwf_make_planner_thread_safe)
 * the first time.  Executing a plan needs no lock. */
void fg_fftw_lock(void);
void fg_fftw_unlock(void);

/* ---- Plane layouts ------------------------------------------------------------- */

/* One real plane per channel, transformed in place.  Rows are padded to 16
 * floats (64 bytes), so every row has the SIMD alignment plans are made for.
 *   periodic  a row holds W reals, then its r2c transform: W/2 + 1 complex
 *             values; the spectrum is H rows of W/2 + 1 complex values
 *   mirror    a row holds W reals, then their W DCT-II coefficients; the
 *             spectrum is H rows of W real coefficients
 * Columns of the spectrum are transformed in blocks of block_cols columns
 * (the last block may be narrower): a block is gathered into a scratch
 * buffer where each column is contiguous (column_floats apart), transformed
 * there in cache with unit-stride plans (which FFTW plans well even by
 * estimate, unlike long strided columns), and scattered back.
 *
 * DCT-II / DCT-III (FFTW's REDFT10 / REDFT01 coefficients) are computed
 * with a real DFT of the same length (Makhoul's method: even samples
 * forward, odd samples backward, then a quarter-sample twiddle), which
 * runs at r2c speed where FFTW's own r2r DCTs are about 2.5 times slower.
 * The inverse gives N x where REDFT01 gives 2N x. */
typedef struct fg_layout {
    int width, height;
    fg_boundary boundary;
    size_t row_floats;     /* floats from one row to the next (multiple of 16) */
    size_t spec_cols;      /* spectrum columns: W/2 + 1 complex or W reals */
    size_t value_floats;   /* floats per spectrum value: 2 (complex) or 1 */
    size_t plane_floats;   /* floats from one plane to the next */
    size_t block_cols;     /* spectrum columns per column block */
    size_t column_floats;  /* floats from one gathered column to the next (multiple of 16) */
    size_t block_floats;   /* block_cols * column_floats: one gathered block */
    size_t temp_floats;    /* per-thread scratch of the DCTs (0 for periodic) */
} fg_layout;

/* Fills `layout` for width x height (>= 1) and a known boundary, and checks
 * that `planes` planes fit in memory sizes and FFTW's int sizes
 * (FG_ERR_TOO_LARGE otherwise). */
fg_status fg_layout_init(fg_layout *layout, int width, int height, fg_boundary boundary, int planes,
                         fg_error *error);

static inline float *fg_layout_plane(const fg_layout *layout, float *buffer, int plane)
{
    return buffer + (size_t)plane * layout->plane_floats;
}

static inline size_t fg_layout_blocks(const fg_layout *layout)
{
    return (layout->spec_cols + layout->block_cols - 1) / layout->block_cols;
}

/* Columns in block `block` (block_cols, or fewer for the last). */
static inline size_t fg_layout_block_count(const fg_layout *layout, size_t block)
{
    size_t first = block * layout->block_cols;
    return first + layout->block_cols <= layout->spec_cols ? layout->block_cols : layout->spec_cols - first;
}

/* ---- Plans ---------------------------------------------------------------------- */

typedef enum fg_tx_kind {
    FG_TX_ROW_R2C,      /* one row, real to half-complex, in place */
    FG_TX_ROW_C2R,      /* one row, back */
    FG_TX_COL_FORWARD,  /* complex DFTs of a gathered column block (FFTW_FORWARD) */
    FG_TX_COL_BACKWARD, /* ... FFTW_BACKWARD */
    FG_TX_COL_R2C,      /* real DFTs of a gathered column block (for the DCT) */
    FG_TX_COL_C2R       /* ... back */
} fg_tx_kind;

/* A transform problem: `howmany` contiguous transforms of length n, `dist`
 * floats apart. */
typedef struct fg_tx_problem {
    fg_tx_kind kind;
    int n, howmany, dist;
} fg_tx_problem;

struct fg_plan_entry;

/* A plan in use: borrowed from a context's cache or, without a context,
 * made for this use only.  Release every acquired plan exactly once. */
typedef struct fg_tx_plan {
    fftwf_plan plan;
    fg_tx_kind kind;
    fg_fft_context *ctx;
    struct fg_plan_entry *entry;   /* NULL: temporary, destroyed on release */
} fg_tx_plan;

/* FFTW's plan for `problem` with `flags`, straight from the planner (no
 * cache, no wisdom set aside: fg_tx_acquire does that); NULL when FFTW
 * cannot plan.  The planner lock (fg_fftw_lock) must be held. */
fftwf_plan fg_tx_plan_problem(const fg_tx_problem *problem, float *data, unsigned flags);

/* Gets the plan for `problem`: FFTW_ESTIMATE, planned with the process's
 * FFTW wisdom set aside (exported, forgotten, and imported again after),
 * because FFTW's estimate planner would otherwise use measured wisdom, and
 * measured plans round differently.  `data` is a 64-byte-aligned buffer big
 * enough for the problem (from fg_alloc, or at a multiple of 16 floats in
 * one); it is not written.  The plan then runs on any data of the same
 * alignment.  Errors: FG_ERR_NOMEM, FG_ERR_INTERNAL (FFTW could not plan, or
 * misaligned data). */
fg_status fg_tx_acquire(fg_fft_context *ctx, const fg_tx_problem *problem, float *data, fg_tx_plan *plan,
                        fg_error *error);

/* Benchmarks only (tests/bench/bench_plans.c), never the filters: plans
 * that `ctx` makes from now on are measured (FFTW_MEASURE, at most
 * `seconds` each, using and adding to FFTW's wisdom) instead of estimated;
 * 0 goes back to estimating.  Plans already cached are kept, so call it on
 * a new context.  Its results then differ from every other context's in
 * the last bits: that is what the benchmark shows, with what measuring
 * would buy. */
void fg_fft_context_measure(fg_fft_context *ctx, double seconds);

/* Returns an acquired plan (a zeroed fg_tx_plan is ignored). */
void fg_tx_release(fg_tx_plan *plan);

/* Runs a plan in place on `data` (same alignment as planned). */
void fg_tx_execute(const fg_tx_plan *plan, float *data);

/* Everything one layout needs for the directions asked for: row plans,
 * full-block and last-block plans, and the DCT twiddles. */
typedef struct fg_plans {
    fg_tx_plan row[2];     /* [0] forward, [1] inverse */
    fg_tx_plan block[2];   /* block_cols columns */
    fg_tx_plan last[2];    /* spec_cols % block_cols columns */
    float *twiddle;        /* mirror: cos, sin of pi k / 2W (k <= W/2), then of pi k / 2H */
} fg_plans;

/* The problems of a layout in one direction: row, full block, last block
 * (howmany 0 when there is no such block). */
void fg_layout_problems(const fg_layout *layout, int inverse, fg_tx_problem problems[3]);

/* Floats of an aligned area big enough to plan any of a layout's
 * transforms on: a gathered block or one row's r2c. */
static inline size_t fg_layout_plan_floats(const fg_layout *layout)
{
    size_t row = (2 * ((size_t)layout->width / 2 + 1) + 15) & ~(size_t)15;
    return layout->block_floats > row ? layout->block_floats : row;
}

/* Acquires the forward and/or inverse plans of a layout; `scratch` is one
 * 64-byte-aligned area of fg_layout_plan_floats floats (not written).
 * Errors: FG_ERR_NOMEM, FG_ERR_INTERNAL. */
fg_status fg_plans_acquire(fg_fft_context *ctx, const fg_layout *layout, float *scratch, int forward, int inverse,
                           fg_plans *plans, fg_error *error);
void fg_plans_release(fg_plans *plans);

/* A row (its first float) to its spectrum in place, and back.  `temp`:
 * temp_floats floats, 64-byte aligned, per thread. */
void fg_row_forward(const fg_plans *plans, const fg_layout *layout, float *row, float *temp);
void fg_row_inverse(const fg_plans *plans, const fg_layout *layout, float *row, float *temp);

/* Column block `block` of `plane` (rows already transformed) transformed
 * into `scratch` (block_floats floats; column k's spectrum values from
 * k * column_floats), and back into the plane.  `temp` as above. */
void fg_block_forward(const fg_plans *plans, const fg_layout *layout, const float *plane, size_t block,
                      float *scratch, float *temp);
void fg_block_inverse(const fg_plans *plans, const fg_layout *layout, float *scratch, size_t block, float *plane,
                      float *temp);

/* Moves a block's spectrum values between a plane holding a whole
 * spectrum and the scratch layout, untransformed. */
void fg_block_load(const fg_layout *layout, const float *plane, size_t block, float *scratch);
void fg_block_store(const fg_layout *layout, const float *scratch, size_t block, float *plane);

#endif /* FG_TRANSFORMS_H */
