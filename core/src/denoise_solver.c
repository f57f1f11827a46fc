/* denoise_solver.c — variational denoising by (accelerated) gradient descent:
 * the plain and accelerated loops, stopping, the report, and the energy of
 * an image (fg_gradient_denoise, fg_denoise_energy).  The model is
 * documented in fg/gradient_denoise.h, the row kernels are in
 * denoise_kernels.c.
 *
 * Layout.  The iterate is kept planar (one plane per colour channel,
 * premultiplied by alpha), so that four neighbouring pixels of a channel fill
 * one SIMD register and the coupled colour norm is lane-wise arithmetic.
 * f is not copied: each sweep reads it from the input view, one row at a
 * time, into per-thread scratch.  An accelerated solve keeps x_k and x_{k-1}
 * and writes x_{k+1} into a third buffer (3 image copies); plain descent
 * needs two.
 *
 * One sweep does a whole iteration in a single pass over memory, row by row
 * with rolling rows in per-thread scratch (see denoise_kernels.h):
 *     y       = x_k + beta_k (x_k - x_{k-1})          (on the fly; y = x_k when beta_k = 0)
 *     p       = grad y / sqrt(|grad y|^2 + eps^2)     (TV; p = grad y for Tikhonov)
 *     x_{k+1} = y - tau ((y - f) - lambda div p)
 * and, from the same quantities, E(y) and the restart measure
 * <y - x_{k+1}, x_{k+1} - x_k>.  The energy is thus that of the point the
 * gradient is taken at, y_k; the solver returns that y_k, so the reported
 * energy is exactly the output's (for plain descent y_k is x_k).
 *
 * Work is split into row blocks that depend only on the image geometry; each
 * block writes its own rows and its own partial sums, which are added in
 * block order, so results do not depend on the thread count. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "denoise_coarse.h"
#include "denoise_direct.h"
#include "denoise_kernels.h"
#include "denoise_params.h"
#include "pool.h"
#include "premultiply.h"

/* Rows per block: about this many floats, but at least this many rows, so the
 * one extra row a block recomputes at its top stays a small overhead. */
#define BLOCK_FLOATS 32768
#define BLOCK_MIN_ROWS 16

/* Plane placement.  The sweeps stream a dozen or more planes at once (three
 * per image copy, 2C + 1 for the dual field); where width x height is a
 * multiple of 1024 -- every power-of-two size -- they would all start at the
 * same address modulo 4 KiB, share the same L1 and L2 cache sets and evict
 * each other (the primal-dual sweep at 4096x4096 RGB ran 5x slower per pixel
 * than at 1024x1024).  So planes are padded to a stride of 1024k + PLANE_SKEW
 * floats and each buffer starts PLANE_SKEW floats per earlier plane further
 * into its allocation: plane g of the solve starts at 4 g PLANE_SKEW bytes
 * modulo 4 KiB (g < 21 for up to 4 colour channels: all distinct). */
#define PLANE_SKEW 48
#define PLANE_ALIGN 1024

/* ---- The solver state and its sweeps --------------------------------------- */

typedef struct solver_state {
    const fg_image *f;          /* the input: f, read in place */
    int width, height, channels;    /* channels = colour channels */
    size_t plane;               /* floats from one plane to the next: width x height, padded (PLANE_SKEW) */
    denoise_kernels k;
    int rows_per_block, blocks;
    size_t scratch_floats;      /* per worker */
    float *scratch;
    double *block_sums;         /* SUMS per block */
} solver_state;

typedef struct sweep {
    const solver_state *s;
    const float *x;             /* x_k */
    const float *x_prev;        /* x_{k-1}, NULL when beta == 0 */
    float *x_new;               /* receives x_{k+1}; NULL for an energy-only sweep */
    float beta;
    int discard_step;           /* with x_new NULL: the step goes to scratch (for its dual value) */
} sweep;

/* Per-worker scratch: rolling rows of y, py of the row above, f's row, a
 * discarded step's row. */
static size_t scratch_floats(int width, int channels)
{
    return 5 * (size_t)width * (size_t)channels;
}

/* A worker's scratch, cut into those rows (planar, `row` floats each): the
 * two rolling rows of the sweep's buffered term, py of the row above, f,
 * and the row a step nobody reads is written to. */
typedef struct worker_rows {
    size_t row;
    float *rolling[2], *py_prev, *f, *discard;
} worker_rows;

static worker_rows worker_rows_of(const solver_state *s, int worker)
{
    float *scratch = s->scratch + (size_t)worker * s->scratch_floats;
    size_t row = (size_t)s->width * (size_t)s->channels;
    worker_rows w = { row, { scratch, scratch + row }, scratch + 2 * row, scratch + 3 * row, scratch + 4 * row };
    return w;
}

/* The rows [*r0, *r1) of a block. */
static void block_range(const solver_state *s, int block, int *r0, int *r1)
{
    *r0 = block * s->rows_per_block;
    *r1 = *r0 + s->rows_per_block < s->height ? *r0 + s->rows_per_block : s->height;
}

/* Row j of f, planar (rows[c] is channel c), premultiplied. */
static void f_rows(const solver_state *s, float *buffer, int j, const float *rows[4])
{
    const float *src = fg_pixel(s->f, 0, j);
    if (s->channels == 1 && !s->f->has_alpha) {
        rows[0] = src;
        return;
    }
    float *planes[4];
    for (int c = 0; c < s->channels; c++)
        rows[c] = planes[c] = buffer + (size_t)c * (size_t)s->width;
    fg_premultiply_row(planes, src, s->width, s->channels, s->f->has_alpha);
}

/* Row j of each plane of a planar image. */
static void plane_rows(const solver_state *s, const float *base, int j, const float *rows[4])
{
    for (int c = 0; c < s->channels; c++)
        rows[c] = base + (size_t)c * s->plane + (size_t)j * (size_t)s->width;
}

/* Row j of x + beta (x - x_prev), into buffer; x itself when x_prev is NULL. */
static void extrapolated_rows(const solver_state *s, const float *x, const float *x_prev, float beta, float *buffer,
                              int j, const float *rows[4])
{
    plane_rows(s, x, j, rows);
    if (!x_prev)
        return;
    const float *prev[4];
    plane_rows(s, x_prev, j, prev);
    for (int c = 0; c < s->channels; c++) {
        float *dst = buffer + (size_t)c * (size_t)s->width;
        s->k.extrapolate(dst, rows[c], prev[c], beta, (size_t)s->width);
        rows[c] = dst;
    }
}

/* Row j of y; x itself without momentum. */
static void y_rows(const sweep *sw, float *buffer, int j, const float *rows[4])
{
    extrapolated_rows(sw->s, sw->x, sw->x_prev, sw->beta, buffer, j, rows);
}

/* One block of rows of a sweep: its energy sums, and x_{k+1} and the restart
 * measure when updating. */
static void sweep_task(void *context, int block, int worker)
{
    const sweep *sw = context;
    const solver_state *s = sw->s;
    worker_rows w = worker_rows_of(s, worker);
    int n_c = s->channels;
    int r0, r1;
    block_range(s, block, &r0, &r1);
    int update = sw->x_new != NULL || sw->discard_step, slot = 0;
    int mode = !update ? MODE_ENERGY : sw->x_prev ? MODE_STEP_RESTART : MODE_STEP;
    double lanes[SUMS][4] = { { 0.0 } };
    row_io io;
    memset(&io, 0, sizeof io);
    io.py_prev = w.py_prev;

    if (update && r0 > 0) {
        /* The row above the block: only its py is needed, for the divergence. */
        double unused[SUMS][4] = { { 0.0 } };
        y_rows(sw, w.rolling[0], r0 - 1, io.cur);
        y_rows(sw, w.rolling[1], r0, io.next);
        s->k.mode[MODE_PY](&s->k.constants, &io, unused);
        for (int c = 0; c < n_c; c++)
            io.cur[c] = io.next[c];
        slot = 1;
    } else {
        if (update)
            memset(io.py_prev, 0, w.row * sizeof(float));
        y_rows(sw, w.rolling[0], r0, io.cur);
    }

    for (int j = r0; j < r1; j++) {
        if (j + 1 < s->height)
            y_rows(sw, w.rolling[1 - slot], j + 1, io.next);
        else
            for (int c = 0; c < n_c; c++)
                io.next[c] = NULL;
        f_rows(s, w.f, j, io.f);
        if (sw->x_prev)
            plane_rows(s, sw->x, j, io.x);
        if (update)
            for (int c = 0; c < n_c; c++)
                io.out[c] = sw->x_new ? sw->x_new + (size_t)c * s->plane + (size_t)j * (size_t)s->width
                                      : w.discard + (size_t)c * (size_t)s->width;
        s->k.mode[mode](&s->k.constants, &io, lanes);
        for (int c = 0; c < n_c; c++)
            io.cur[c] = io.next[c];
        slot = 1 - slot;
    }
    for (int i = 0; i < SUMS; i++)
        s->block_sums[(size_t)block * SUMS + (size_t)i] = fg_lanes_total(lanes[i]);
}

/* The blocks' sums, added in block order. */
static void total_sums(const solver_state *s, double sums[SUMS])
{
    for (int i = 0; i < SUMS; i++)
        sums[i] = 0.0;
    for (int b = 0; b < s->blocks; b++)
        for (int i = 0; i < SUMS; i++)
            sums[i] += s->block_sums[(size_t)b * SUMS + (size_t)i];
}

/* Runs one sweep; returns E(y), the restart measure and (for a step) the
 * dual value of the step's dual field, else -INFINITY. */
static void run_sweep(fg_pool *pool, const solver_state *s, const float *x, const float *x_prev,
                      float *x_new, float beta, double *energy, double *restart, double *dual)
{
    sweep sw = { s, x, beta != 0.0f ? x_prev : NULL, x_new, beta, 0 };
    fg_pool_run(pool, s->blocks, sweep_task, &sw);
    double sums[SUMS];
    total_sums(s, sums);
    *energy = fg_denoise_kernels_energy(&s->k, sums);
    if (restart)
        *restart = sums[SUM_RESTART];
    if (dual)
        *dual = x_new ? fg_denoise_kernels_dual(&s->k, sums, 0) : -INFINITY;
}

/* E(x) and the dual value of x's dual field, without a new iterate (the
 * step is computed for its divergence and thrown away row by row). */
static void run_dual_sweep(fg_pool *pool, const solver_state *s, const float *x, double *energy, double *dual)
{
    sweep sw = { s, x, NULL, NULL, 0.0f, 1 };
    fg_pool_run(pool, s->blocks, sweep_task, &sw);
    double sums[SUMS];
    total_sums(s, sums);
    *energy = fg_denoise_kernels_energy(&s->k, sums);
    *dual = fg_denoise_kernels_dual(&s->k, sums, 0);
}

/* ---- The primal-dual sweep ---------------------------------------------------
 * Chambolle-Pock (see fg_gradient_denoise): u_n and u_{n-1} are read only,
 * u_{n+1} goes to a third buffer, the dual field q is updated in place.  The
 * divergence at a block's first row needs qy_{n+1} of the row above, which
 * the block above computes: each block hands its last row's qy_{n+1} to the
 * block below through a halo row, double-buffered by iteration parity, so no
 * block reads what another writes in the same sweep. */
typedef struct pd_sweep {
    const solver_state *s;
    const float *u, *u_prev;    /* u_n, u_{n-1} (NULL when theta == 0) */
    float *u_new;
    float *q;                   /* qx planes, qy planes, q0 planes */
    int q0_planes;
    const float *halo_in;       /* per block: qy_n of the row above */
    float *halo_out;            /* per block: receives qy_{n+1} of the row above */
    float theta;
    pd_constants pc;
} pd_sweep;

static void pd_task(void *context, int block, int worker)
{
    const pd_sweep *sw = context;
    const solver_state *s = sw->s;
    worker_rows w = worker_rows_of(s, worker);
    int n_c = s->channels, slot = 0;
    int r0, r1;
    block_range(s, block, &r0, &r1);
    double lanes[SUMS][4] = { { 0.0 } };
    pd_row_io io;
    memset(&io, 0, sizeof io);
    io.py_prev = w.py_prev;
    if (r0 > 0)
        memcpy(io.py_prev, sw->halo_in + (size_t)block * w.row, w.row * sizeof(float));
    else
        memset(io.py_prev, 0, w.row * sizeof(float));
    extrapolated_rows(s, sw->u, sw->u_prev, sw->theta, w.rolling[0], r0, io.b_cur);
    for (int j = r0; j < r1; j++) {
        plane_rows(s, sw->u, j, io.u_cur);
        if (j + 1 < s->height) {
            extrapolated_rows(s, sw->u, sw->u_prev, sw->theta, w.rolling[1 - slot], j + 1, io.b_next);
            plane_rows(s, sw->u, j + 1, io.u_next);
        } else {
            for (int c = 0; c < n_c; c++)
                io.b_next[c] = io.u_next[c] = NULL;
        }
        f_rows(s, w.f, j, io.f);
        size_t at = (size_t)j * (size_t)s->width;
        for (int c = 0; c < n_c; c++) {
            io.qx[c] = sw->q + (size_t)c * s->plane + at;
            io.qy[c] = sw->q + (size_t)(n_c + c) * s->plane + at;
            io.out[c] = sw->u_new + (size_t)c * s->plane + at;
        }
        for (int c = 0; c < sw->q0_planes; c++)
            io.q0[c] = sw->q + (size_t)(2 * n_c + c) * s->plane + at;
        fg_denoise_pd_row(&s->k, &sw->pc, &io, lanes);
        for (int c = 0; c < n_c; c++)
            io.b_cur[c] = io.b_next[c];
        slot = 1 - slot;
    }
    if (r1 < s->height)
        memcpy(sw->halo_out + (size_t)(block + 1) * w.row, io.py_prev, w.row * sizeof(float));
    for (int i = 0; i < SUMS; i++)
        s->block_sums[(size_t)block * SUMS + (size_t)i] = fg_lanes_total(lanes[i]);
}

/* Runs one primal-dual sweep; returns E(u_n) and D(q_{n+1}). */
static void run_pd_sweep(fg_pool *pool, const pd_sweep *sw, double *energy, double *dual)
{
    fg_pool_run(pool, sw->s->blocks, pd_task, (void *)sw);
    double sums[SUMS];
    total_sums(sw->s, sums);
    *energy = fg_denoise_kernels_energy(&sw->s->k, sums);
    *dual = fg_denoise_kernels_dual(&sw->s->k, sums, 1);
}

/* Copies an image view's colour, premultiplied, into planes. */
typedef struct pack_job {
    const solver_state *s;
    const fg_image *image;
    float *planes;
} pack_job;

static void pack_task(void *context, int block, int worker)
{
    (void)worker;
    const pack_job *job = context;
    const solver_state *s = job->s;
    int r0, r1;
    block_range(s, block, &r0, &r1);
    for (int j = r0; j < r1; j++) {
        float *planes[4] = { NULL, NULL, NULL, NULL };   /* GCC 14 -O3 cannot see c < channels */
        for (int c = 0; c < s->channels; c++)
            planes[c] = job->planes + (size_t)c * s->plane + (size_t)j * (size_t)s->width;
        fg_premultiply_row(planes, fg_pixel(job->image, 0, j), s->width, s->channels, job->image->has_alpha);
    }
}

/* Writes y = x + beta (x - x_prev) to the output: un-premultiplied by the
 * input's alpha where alpha > FG_DENOISE_ALPHA_TINY, the input's colour
 * elsewhere, alpha copied. */
typedef struct unpack_job {
    const solver_state *s;
    const fg_image *in, *out;
    const float *x, *x_prev;
    float beta;
} unpack_job;

static void unpack_task(void *context, int block, int worker)
{
    (void)worker;
    const unpack_job *job = context;
    const solver_state *s = job->s;
    const fg_image *in = job->in, *out = job->out;
    int n_c = s->channels, ch = in->channels;
    int r0, r1;
    block_range(s, block, &r0, &r1);
    for (int j = r0; j < r1; j++) {
        const float *orig = fg_pixel(in, 0, j);
        float *dst = fg_pixel(out, 0, j);
        const float *x[4], *xp[4];
        plane_rows(s, job->x, j, x);
        plane_rows(s, job->x_prev, j, xp);
        for (int i = 0; i < s->width; i++) {
            const float *o = orig + (size_t)i * (size_t)ch;
            float *d = dst + (size_t)i * (size_t)ch;
            float y[4];
            for (int c = 0; c < n_c; c++)    /* the very expression of extrapolate() */
                y[c] = job->beta != 0.0f ? x[c][i] + job->beta * (x[c][i] - xp[c][i]) : x[c][i];
            if (!in->has_alpha) {
                for (int c = 0; c < n_c; c++)
                    d[c] = y[c];
                continue;
            }
            float a = o[n_c];          /* read before writing: in-place safe */
            if (a > (float)FG_DENOISE_ALPHA_TINY)
                for (int c = 0; c < n_c; c++)
                    d[c] = y[c] / a;
            else if (d != o)
                for (int c = 0; c < n_c; c++)
                    d[c] = o[c];
            d[n_c] = a;
        }
    }
}

/* Owns everything a solve allocates. */
typedef struct workspace {
    fg_pool *pool;
    float *buffers[3];          /* into raw[0..2], skewed (PLANE_SKEW) */
    float *raw[4];              /* the allocations of buffers[] and dual */
    float *scratch;
    double *block_sums;
    float *dual;                /* primal-dual only: the dual field */
    float *halo;                /* primal-dual only: 2 x blocks halo rows */
    int images;                 /* buffers[] allocated */
} workspace;

static void workspace_free(workspace *ws)
{
    fg_pool_destroy(ws->pool);
    for (int i = 0; i < 4; i++)
        fg_free(ws->raw[i]);
    fg_free(ws->halo);
    fg_free(ws->scratch);
    fg_free(ws->block_sums);
    memset(ws, 0, sizeof *ws);
}

/* What a solve allocates in proportion to the image (fg_denoise_working_copies
 * adds these up, so they are stated once): */

/* the image copies of the colour planes: x_k, x_{k-1} and x_{k+1} for the
 * accelerated solver (u, u_prev, u_new for the primal-dual one), two for
 * plain descent, one for the direct solver (transformed where it is when
 * the width is a multiple of 16, else through one more copy, its rows
 * padded to 16 floats: counted, as the larger case); */
static int solver_images(fg_solver solver)
{
    return solver == FG_SOLVER_DIRECT ? 1 : solver == FG_SOLVER_PLAIN ? 2 : 3;
}

/* the q0 planes of the primal-dual dual field (qx, qy: one plane per colour
 * channel each): TV one for a coupled norm of several channels, else one
 * per channel; none for Tikhonov; */
static int dual_q0_planes(const fg_denoise_params *params, int n_c)
{
    return params->energy != FG_ENERGY_TV ? 0 : params->colour == FG_COLOUR_COUPLED && n_c > 1 ? 1 : n_c;
}

/* the primal-dual halo: two rows of the colour planes per row block, blocks
 * of at least BLOCK_MIN_ROWS rows (halo_rows * blocks rows in all). */
enum { HALO_ROWS = 2 };

/* Allocation `index` of a solve (the image copies 0..2, the dual field 3):
 * `floats` floats that start PLANE_SKEW floats per plane of the earlier
 * allocations into it (see PLANE_SKEW); NULL when out of memory. */
static float *skewed_alloc(workspace *ws, int index, const solver_state *s, size_t floats)
{
    size_t shift = (size_t)index * (size_t)s->channels * PLANE_SKEW % PLANE_ALIGN;
    if (floats > SIZE_MAX - PLANE_ALIGN || !(ws->raw[index] = fg_alloc_array(floats + PLANE_ALIGN, sizeof(float))))
        return NULL;
    return ws->raw[index] + shift;
}

/* Allocates the planar copies of a workspace up to `images` (a solve fills
 * its first iterate before it takes the others); s->plane and s->channels
 * set, their product checked. */
static fg_status workspace_add_images(workspace *ws, const solver_state *s, int images, fg_error *error)
{
    size_t total = s->plane * (size_t)s->channels;      /* checked by workspace_init */
    for (; ws->images < images; ws->images++)
        if (!(ws->buffers[ws->images] = skewed_alloc(ws, ws->images, s, total)))
            return fg_fail(error, FG_ERR_NOMEM, "out of memory for the working copies of a %dx%d image",
                           s->width, s->height);
    return fg_succeed(error);
}

/* Sets up the solver for image f and allocates `images` planar copies. */
static fg_status workspace_init(workspace *ws, solver_state *s, const fg_image *f, int threads,
                                int images, fg_error *error)
{
    memset(ws, 0, sizeof *ws);
    memset(s, 0, sizeof *s);
    s->f = f;
    s->width = f->width;
    s->height = f->height;
    s->channels = fg_colour_channels(f);
    size_t pixels = fg_mul_size((size_t)f->width, (size_t)f->height);
    s->plane = pixels > SIZE_MAX - 2 * PLANE_ALIGN ? 0 : (pixels + PLANE_ALIGN - 1) / PLANE_ALIGN * PLANE_ALIGN
                                                        + PLANE_SKEW;
    size_t total = fg_mul_size(s->plane, (size_t)s->channels);
    s->scratch_floats = scratch_floats(f->width, s->channels);
    if (total == 0 || fg_mul_size(s->scratch_floats, (size_t)threads) == 0)
        return fg_fail(error, FG_ERR_TOO_LARGE, "image of %dx%d is too large", f->width, f->height);
    s->blocks = fg_parallel_row_blocks(f->height, (size_t)f->width * (size_t)s->channels, BLOCK_FLOATS,
                                       BLOCK_MIN_ROWS, &s->rows_per_block);

    fg_status status = fg_pool_create(threads, &ws->pool, error);
    if (status != FG_OK)
        return status;
    if ((status = workspace_add_images(ws, s, images, error)) != FG_OK) {
        workspace_free(ws);
        return status;
    }
    /* Scratch only for the threads the pool really got. */
    if (!(ws->scratch = fg_alloc_array(s->scratch_floats * (size_t)fg_pool_threads(ws->pool), sizeof(float))))
        goto nomem;
    if (!(ws->block_sums = fg_alloc_array((size_t)s->blocks * SUMS, sizeof(double))))
        goto nomem;
    s->scratch = ws->scratch;
    s->block_sums = ws->block_sums;
    return fg_succeed(error);
nomem:
    workspace_free(ws);
    return fg_fail(error, FG_ERR_NOMEM, "out of memory for the working copies of a %dx%d image",
                   f->width, f->height);
}

static void set_model(solver_state *s, const fg_denoise_params *params, double lambda, double tau)
{
    fg_denoise_kernels_init(&s->k, params->energy == FG_ENERGY_TV, params->colour == FG_COLOUR_COUPLED,
                            s->channels, s->width, params->epsilon, lambda, tau);
}

/* ---- Public entry points ----------------------------------------------------- */

fg_status fg_denoise_energy(const fg_image *u, const fg_image *f, const fg_denoise_params *params,
                            double lambda, double *energy, fg_error *error)
{
    if (!params || !energy)
        return fg_fail(error, FG_ERR_NULL, "%s is NULL", params ? "energy" : "params");
    fg_status status = fg_image_check(u, error);
    if (status != FG_OK || (status = fg_image_check(f, error)) != FG_OK)
        return status;
    if (u->width != f->width || u->height != f->height || u->channels != f->channels
        || !u->has_alpha != !f->has_alpha)
        return fg_fail(error, FG_ERR_MISMATCH, "u is %dx%d with %d channels, f is %dx%d with %d channels",
                       u->width, u->height, u->channels, f->width, f->height, f->channels);
    int threads;
    if ((status = fg_denoise_check_model(params, error)) != FG_OK
        || (status = fg_denoise_check_lambda(lambda, error)) != FG_OK
        || (status = fg_threads_check(params->threads, &threads, error)) != FG_OK)
        return status;
    if ((status = fg_image_check_finite(u, error)) != FG_OK
        || (status = fg_image_check_finite(f, error)) != FG_OK)
        return status;

    workspace ws;
    solver_state s;
    if ((status = workspace_init(&ws, &s, f, threads, 1, error)) != FG_OK)
        return status;
    set_model(&s, params, lambda, 0.0);
    pack_job pack = { &s, u, ws.buffers[0] };
    fg_pool_run(ws.pool, s.blocks, pack_task, &pack);
    double e;
    run_sweep(ws.pool, &s, ws.buffers[0], NULL, NULL, 0.0f, &e, NULL, NULL);
    workspace_free(&ws);
    if (!isfinite(e))
        return fg_fail(error, FG_ERR_NONFINITE, "the energy overflows: pixel values are too large");
    *energy = e;
    return fg_succeed(error);
}

/* Relative gap (E - D) / E of the energy and the best dual value, clamped
 * at 0 (rounding can put D a hair above E at the minimiser). */
static double relative_gap(double energy, double dual)
{
    if (!(energy > 0.0))
        return 0.0;
    double gap = (energy - dual) / energy;
    return gap > 0.0 ? gap : 0.0;
}

/* The stopping test after iteration k with energy E_k and best dual value
 * so far; small_steps counts consecutive small energy changes. */
/* The caller's callbacks for iteration k; non-zero to cancel. */
static int report_iteration(const fg_denoise_params *params, int k, double energy, double gap)
{
    if (params->on_iteration && params->on_iteration(params->user_data, k, params->max_iterations, energy))
        return 1;
    return params->on_iteration_gap
           && params->on_iteration_gap(params->user_data, k, params->max_iterations, energy, gap);
}

static int should_stop(const fg_denoise_params *params, int k, double energy, double previous, double dual,
                       int *small_steps)
{
    if (k == 0)
        return 0;
    if (params->stop == FG_STOP_GAP)
        return energy - dual <= params->tolerance * energy;
    *small_steps = fabs(energy - previous) <= params->tolerance * energy ? *small_steps + 1 : 0;
    return *small_steps >= FG_DENOISE_STOP_WINDOW;
}

/* Warm start of the primal-dual solver: the dual field that is optimal
 * when u is the minimiser, q = grad u / sqrt(|grad u|^2 + eps^2) and
 * q0 = eps / sqrt(...) (TV; the norm per pixel when coupled, per channel
 * otherwise), q = grad u (Tikhonov); and each block's halo row (parity 0)
 * holding qy of the row above it, as the sweeps expect. */
static void init_dual(const solver_state *s, const float *u, float *q, int tv, int q0_planes, double epsilon,
                      float *halo)
{
    int n_c = s->channels, w = s->width, h = s->height;
    double eps2 = epsilon * epsilon;
    for (int j = 0; j < h; j++)
        for (int i = 0; i < w; i++) {
            size_t at = (size_t)j * (size_t)w + (size_t)i;
            double gx[4], gy[4], sum = 0.0;
            for (int c = 0; c < n_c; c++) {
                const float *uc = u + (size_t)c * s->plane;
                gx[c] = i + 1 < w ? (double)uc[at + 1] - uc[at] : 0.0;
                gy[c] = j + 1 < h ? (double)uc[at + (size_t)w] - uc[at] : 0.0;
                sum += gx[c] * gx[c] + gy[c] * gy[c];
            }
            for (int c = 0; c < n_c; c++) {
                double scale = 1.0;
                if (tv)
                    scale = 1.0 / sqrt((q0_planes == 1 ? sum : gx[c] * gx[c] + gy[c] * gy[c]) + eps2);
                q[(size_t)c * s->plane + at] = (float)(gx[c] * scale);
                q[(size_t)(n_c + c) * s->plane + at] = (float)(gy[c] * scale);
                if (tv && (q0_planes == n_c || c == 0))
                    q[(size_t)(2 * n_c + c) * s->plane + at] = (float)(epsilon * scale);
            }
        }
    size_t row = (size_t)w * (size_t)n_c;
    for (int b = 1; b < s->blocks; b++) {
        int r0, r1;
        block_range(s, b, &r0, &r1);
        for (int c = 0; c < n_c; c++)
            memcpy(halo + (size_t)b * row + (size_t)c * (size_t)w,
                   q + (size_t)(n_c + c) * s->plane + (size_t)(r0 - 1) * (size_t)w, (size_t)w * sizeof(float));
    }
}

/* The primal-dual solve (Chambolle and Pock 2011, Algorithm 2, for a
 * 1-strongly convex fidelity); x holds f, packed, on entry; on FG_OK *out_u
 * is the planes of the output. */
static fg_status solve_primal_dual(workspace *ws, solver_state *s, const fg_denoise_params *params, double lambda,
                                   double tau0, int warm, fg_denoise_report *result, const float **out_u,
                                   fg_error *error)
{
    int n_c = s->channels;
    int tv = params->energy == FG_ENERGY_TV;
    int q0_planes = dual_q0_planes(params, n_c);
    size_t row = (size_t)s->width * (size_t)n_c;
    size_t q_floats = fg_mul_size(s->plane, (size_t)(2 * n_c + q0_planes));
    size_t halo_floats = fg_mul_size(row, fg_mul_size(HALO_ROWS, (size_t)s->blocks));
    if (q_floats == 0 || halo_floats == 0)
        return fg_fail(error, FG_ERR_TOO_LARGE, "image of %dx%d is too large", s->width, s->height);
    if (!(ws->dual = skewed_alloc(ws, 3, s, q_floats))
        || !(ws->halo = fg_alloc_array(halo_floats, sizeof(float))))
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for the dual field of a %dx%d image",
                       s->width, s->height);
    memset(ws->dual, 0, q_floats * sizeof(float));
    memset(ws->halo, 0, halo_floats * sizeof(float));
    if (warm)
        init_dual(s, ws->buffers[0], ws->dual, tv, q0_planes, params->epsilon, ws->halo);

    /* K = lambda grad, |K|^2 <= 8 lambda^2; tau sigma |K|^2 = 1 throughout. */
    double norm2 = 8.0 * lambda * lambda, tau = tau0, sigma = 1.0 / (tau0 * norm2), theta = 0.0;
    float *u = ws->buffers[0], *u_new = ws->buffers[1], *u_prev = ws->buffers[2];
    double previous = 0.0, best_dual = -INFINITY;
    int small_steps = 0;
    for (int k = 0;; k++) {
        int last = k == params->max_iterations;
        double energy, dual = -INFINITY;
        if (last) {
            run_sweep(ws->pool, s, u, NULL, NULL, 0.0f, &energy, NULL, NULL);
        } else {
            pd_sweep sw;
            memset(&sw, 0, sizeof sw);
            sw.s = s;
            sw.u = u;
            sw.u_prev = theta != 0.0 ? u_prev : NULL;
            sw.u_new = u_new;
            sw.q = ws->dual;
            sw.q0_planes = q0_planes;
            sw.halo_in = ws->halo + (size_t)(k & 1) * (size_t)s->blocks * row;
            sw.halo_out = ws->halo + (size_t)(1 - (k & 1)) * (size_t)s->blocks * row;
            sw.theta = (float)theta;
            sw.pc.sigma_lambda = (float)(sigma * lambda);
            sw.pc.sigma_lambda_eps = (float)(sigma * lambda * params->epsilon);
            sw.pc.tau_lambda = (float)(tau * lambda);
            sw.pc.tau = (float)tau;
            sw.pc.inv_one_tau = (float)(1.0 / (1.0 + tau));
            sw.pc.tikhonov_shrink = (float)(1.0 / (1.0 + sigma * lambda));
            run_pd_sweep(ws->pool, &sw, &energy, &dual);
        }
        if (!isfinite(energy))
            return fg_fail(error, FG_ERR_NONFINITE,
                           "the energy overflowed at iteration %d: pixel values are too large", k);
        if (dual > best_dual)
            best_dual = dual;
        if (report_iteration(params, k, energy, relative_gap(energy, best_dual)))
            return fg_fail(error, FG_ERR_CANCELLED, "cancelled at iteration %d", k);
        result->energy = energy;
        result->iterations = k;
        result->gap = relative_gap(energy, best_dual);
        if (should_stop(params, k, energy, previous, best_dual, &small_steps))
            break;              /* u_k is the output */
        if (last) {
            result->converged = 0;
            break;
        }
        previous = energy;
        theta = 1.0 / sqrt(1.0 + 2.0 * tau);
        tau *= theta;
        sigma /= theta;
        float *old = u_prev;
        u_prev = u;
        u = u_new;
        u_new = old;
    }
    *out_u = u;
    return fg_succeed(error);
}

/* FG_SOLVER_DIRECT (denoise_direct.h): x holds f, packed, on entry and the
 * minimiser on FG_OK.  Iteration 0 is f, iteration 1 the output, each with
 * the dual value of its own dual field (grad x). */
typedef struct direct_cancel {
    const fg_denoise_params *params;
    double energy, gap;         /* of iteration 0 */
} direct_cancel;

static int direct_cancelled(void *arg)
{
    const direct_cancel *d = arg;
    return report_iteration(d->params, 0, d->energy, d->gap);
}

static fg_status solve_direct(workspace *ws, solver_state *s, const fg_denoise_params *params, double lambda,
                              int threads, fg_denoise_report *result, fg_error *error)
{
    size_t work_floats = fg_denoise_direct_work_floats(s->width, s->height, s->channels, s->plane);
    if (work_floats && !(ws->raw[3] = fg_alloc_array(work_floats, sizeof(float))))
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for the transform of a %dx%d image", s->width,
                       s->height);
    float *x = ws->buffers[0], *work = ws->raw[3];
    double best_dual = -INFINITY;
    for (int k = 0; k < 2; k++) {
        double energy, dual;
        run_dual_sweep(ws->pool, s, x, &energy, &dual);
        if (!isfinite(energy))
            return fg_fail(error, FG_ERR_NONFINITE, "the energy overflowed%s: pixel values are too large",
                           k ? " after the transform" : "");
        if (dual > best_dual)
            best_dual = dual;
        double gap = relative_gap(energy, best_dual);
        if (report_iteration(params, k, energy, gap))
            return fg_fail(error, FG_ERR_CANCELLED, "cancelled at iteration %d", k);
        result->energy = energy;
        result->iterations = k;
        result->gap = gap;
        if (k == 0) {
            direct_cancel cancel = { params, energy, gap };
            fg_status status = fg_denoise_direct_solve(x, s->plane, s->width, s->height, s->channels, lambda, work,
                                                       ws->pool, threads, direct_cancelled, &cancel, error);
            if (status == FG_ERR_CANCELLED)
                return fg_fail(error, status, "cancelled at iteration 0 (during the transform)");
            if (status != FG_OK)
                return status;
        }
    }
    result->converged = 1;
    return fg_succeed(error);
}

/* fg_gradient_denoise from the first iterate `start` (NULL: f). */
static fg_status denoise(const fg_image *in, const fg_image *start, const fg_image *out,
                         const fg_denoise_params *params, fg_denoise_report *report, fg_error *error)
{
    if (!params)
        return fg_fail(error, FG_ERR_NULL, "params is NULL");
    fg_status status = fg_image_check_pair(in, out, error);
    int threads;
    if (status != FG_OK || (status = fg_denoise_check_params(params, &threads, error)) != FG_OK)
        return status;
    if (start) {
        if ((status = fg_image_check(start, error)) != FG_OK)
            return status;
        if (start->width != in->width || start->height != in->height || start->channels != in->channels
            || !start->has_alpha != !in->has_alpha)
            return fg_fail(error, FG_ERR_MISMATCH,
                           "start is %dx%d with %d channels%s, the input %dx%d with %d channels%s",
                           start->width, start->height, start->channels, start->has_alpha ? " (alpha)" : "",
                           in->width, in->height, in->channels, in->has_alpha ? " (alpha)" : "");
    }
    if ((status = fg_image_check_finite(in, error)) != FG_OK)
        return status;
    if (start && (status = fg_image_check_finite(start, error)) != FG_OK)
        return status;
    if (params->noise == FG_NOISE_SIGNAL_DEPENDENT)     /* denoise_stabilise.c */
        return fg_denoise_stabilised(in, out, params, report, error);
    if (params->colour_space == FG_COLOUR_SPACE_LUMA_CHROMA && fg_colour_channels(in) == 3)
        return fg_denoise_luma_chroma(in, out, params, report, error);     /* denoise_luma_chroma.c */

    double sigma = NAN, texture = NAN, lambda = params->lambda;
    if (params->auto_strength
        && (status = fg_denoise_auto_lambda(in, params, &lambda, &sigma, &texture, error)) != FG_OK)
        return status;
    fg_solver solver = fg_denoise_resolve_solver(params, lambda, in->width, in->height);
    if (solver == FG_SOLVER_DIRECT)
        start = NULL;           /* checked above; the minimiser needs no start */
    /* A large solve starts from the solution at half size (denoise_coarse.h);
     * from there the accelerated solver needs about as few iterations as the
     * primal-dual one, each cheaper ("The coarse start"). */
    int coarse_start = !start && fg_denoise_coarse_wanted(in, params, solver);
    if (coarse_start && params->solver == FG_SOLVER_AUTO)
        solver = FG_SOLVER_ACCELERATED;
    int primal_dual = solver == FG_SOLVER_PRIMAL_DUAL;
    double limit = fg_denoise_max_step(params->energy, solver, lambda, params->epsilon);
    double tau;
    if (params->step > 0.0)
        tau = params->step;
    else if (primal_dual)
        tau = lambda > 0.0 ? FG_DENOISE_PD_STEP / sqrt(8.0 * lambda * lambda) : 0.0;
    else
        tau = 1.0 / fg_denoise_lipschitz(params->energy, lambda, params->epsilon);
    /* Plain descent needs step < 2/L strictly; the accelerated one allows
     * 1/L itself; the primal-dual one any step. */
    int too_big = solver == FG_SOLVER_PLAIN ? tau >= limit : tau > limit * (1.0 + 1e-12);
    if (too_big)
        return fg_fail(error, FG_ERR_PARAM, "step %g is too large: with lambda %g and epsilon %g the %s "
                       "solver needs step %s %g", tau, lambda, params->epsilon,
                       solver == FG_SOLVER_PLAIN ? "plain" : "accelerated",
                       solver == FG_SOLVER_PLAIN ? "<" : "<=", limit);

    if (solver == FG_SOLVER_DIRECT)
        tau = 0.0;              /* no steps */
    fg_denoise_report result = { 0, 0.0, 1, lambda, tau, sigma, solver, 0.0, texture, NAN, NAN, NAN, 0, 0.0 };
    if (lambda == 0.0) {
        /* E = |u - f|^2 / 2 is minimised by f itself: copy, bit for bit. */
        fg_image_copy(in, out, NULL);
        if (report)
            *report = result;
        return fg_succeed(error);
    }

    /* The first iterate is made before the other copies are taken, so the
     * half-size solution never adds to the solve's peak memory. */
    fg_coarse_start coarse = { 0 };
    if (coarse_start && (status = fg_denoise_coarse_solve(in, params, lambda, threads, &coarse, error)) != FG_OK)
        return status;
    result.coarse_levels = coarse.levels;
    result.coarse_iterations = coarse.iterations;
    int warm = start != NULL || coarse_start;

    int accelerated = solver == FG_SOLVER_ACCELERATED;
    workspace ws;
    solver_state s;
    if ((status = workspace_init(&ws, &s, in, threads, 1, error)) != FG_OK) {
        fg_denoise_coarse_free(&coarse);
        return status;
    }
    set_model(&s, params, lambda, primal_dual ? 0.0 : tau);
    if (coarse.data) {
        fg_denoise_coarse_upsample(&coarse, in, ws.buffers[0], s.plane, ws.pool);
        fg_denoise_coarse_free(&coarse);
    } else {
        pack_job pack = { &s, start ? start : in, ws.buffers[0] };
        fg_pool_run(ws.pool, s.blocks, pack_task, &pack);
    }
    if ((status = workspace_add_images(&ws, &s, solver_images(solver), error)) != FG_OK) {
        workspace_free(&ws);
        return status;
    }

    /* Plain descent never reads x_prev: it gets the x_new buffer, harmlessly. */
    float *x = ws.buffers[0], *x_new = ws.buffers[1], *x_prev = ws.buffers[accelerated ? 2 : 1];

    double beta = 0.0;
    if (solver == FG_SOLVER_DIRECT) {
        status = solve_direct(&ws, &s, params, lambda, threads, &result, error);
        x_prev = x;
    } else if (primal_dual) {
        const float *u = NULL;
        status = solve_primal_dual(&ws, &s, params, lambda, tau, warm, &result, &u, error);
        x = (float *)u;
        x_prev = (float *)u;
    } else {
        /* Sweep k takes the gradient at y_k = x_k + beta_k (x_k - x_{k-1}),
         * yields E(y_k), the dual value of q(y_k) and x_{k+1}; the last sweep
         * only E(y_max). */
        double t = 1.0, previous = 0.0, best_dual = -INFINITY;
        int small_steps = 0;
        status = FG_OK;
        for (int k = 0;; k++) {
            int last = k == params->max_iterations;
            double energy, restart, dual;
            run_sweep(ws.pool, &s, x, x_prev, last ? NULL : x_new, (float)beta, &energy, &restart, &dual);
            if (!isfinite(energy)) {
                status = fg_fail(error, FG_ERR_NONFINITE,
                                 "the energy overflowed at iteration %d: pixel values are too large", k);
                break;
            }
            if (dual > best_dual)
                best_dual = dual;
            if (report_iteration(params, k, energy, relative_gap(energy, best_dual))) {
                status = fg_fail(error, FG_ERR_CANCELLED, "cancelled at iteration %d", k);
                break;
            }
            result.energy = energy;
            result.iterations = k;
            result.gap = relative_gap(energy, best_dual);
            if (should_stop(params, k, energy, previous, best_dual, &small_steps))
                break;          /* converged: y_k is the output */
            if (last) {
                result.converged = 0;
                break;
            }
            previous = energy;
            if (accelerated) {
                /* FISTA momentum with the gradient restart of O'Donoghue and
                 * Candes: when the step went against the momentum, start over. */
                if (restart > 0.0)
                    t = 1.0;
                double t_next = 0.5 * (1.0 + sqrt(1.0 + 4.0 * t * t));
                beta = (t - 1.0) / t_next;
                t = t_next;
                float *old = x_prev;
                x_prev = x;
                x = x_new;
                x_new = old;
            } else {
                float *old = x;
                x = x_new;
                x_new = old;
            }
        }
    }

    if (status == FG_OK) {
        unpack_job job = { &s, in, out, x, x_prev, primal_dual ? 0.0f : (float)beta };
        fg_pool_run(ws.pool, s.blocks, unpack_task, &job);
        if (report)
            *report = result;
    }
    workspace_free(&ws);
    return status == FG_OK ? fg_succeed(error) : status;
}

fg_status fg_gradient_denoise(const fg_image *in, const fg_image *out, const fg_denoise_params *params,
                              fg_denoise_report *report, fg_error *error)
{
    return denoise(in, NULL, out, params, report, error);
}

fg_status fg_gradient_denoise_warm(const fg_image *in, const fg_image *start, const fg_image *out,
                                   const fg_denoise_params *params, fg_denoise_report *report, fg_error *error)
{
    return denoise(in, start, out, params, report, error);
}

/* ---- Working memory ------------------------------------------------------------ */

/* Floats per pixel a solve on n_c colour channels allocates in proportion to
 * the image (the halo at its largest), with the strength lambda, or an
 * automatic one when `automatic`. */
static double solve_floats(const fg_denoise_params *params, int n_c, double lambda, int automatic)
{
    if (!automatic && lambda == 0.0)
        return 0.0;             /* f is copied: no solve */
    /* FG_SOLVER_AUTO picks the primal-dual solver from some strength up
     * (fg_denoise_resolve_solver): an automatic strength may reach it
     * whenever the largest strength does.  For Tikhonov it picks the direct
     * or the accelerated solver by the image's size, not known here: the
     * accelerated one holds more. */
    fg_solver solver = params->solver == FG_SOLVER_AUTO && params->energy == FG_ENERGY_TIKHONOV
                           ? FG_SOLVER_ACCELERATED
                           : fg_denoise_resolve_solver(params, automatic ? FG_DENOISE_MAX_LAMBDA : lambda, 1, 1);
    double floats = (double)solver_images(solver) * n_c;
    if (solver == FG_SOLVER_DIRECT)
        floats += n_c;          /* the transform buffer */
    if (solver == FG_SOLVER_PRIMAL_DUAL)
        floats += 2 * n_c + dual_q0_planes(params, n_c) + (double)HALO_ROWS * n_c / BLOCK_MIN_ROWS;
    return floats;
}

double fg_denoise_working_copies(const fg_denoise_params *params, int channels, int has_alpha)
{
    if (!params || channels < 1 || channels > 4 || (has_alpha && channels < 2)
        || fg_denoise_check_model(params, NULL) != FG_OK || (unsigned)params->solver > FG_SOLVER_DIRECT
        || (params->solver == FG_SOLVER_DIRECT && params->energy != FG_ENERGY_TIKHONOV)
        || (unsigned)params->colour_space > FG_COLOUR_SPACE_LUMA_CHROMA
        || (unsigned)params->noise > FG_NOISE_SIGNAL_DEPENDENT)
        return NAN;
    int a = has_alpha ? 1 : 0, n_c = channels - a;
    double floats;
    if (params->colour_space == FG_COLOUR_SPACE_LUMA_CHROMA && n_c == 3) {
        /* the opponent copy, then the luma and the chroma solve one after
         * the other (denoise_luma_chroma.c) */
        double luma = solve_floats(params, 1, params->lambda, params->auto_strength);
        double chroma = solve_floats(params, 2, params->lambda_chroma, params->auto_chroma_strength);
        floats = fg_denoise_opponent_floats(a) + (luma > chroma ? luma : chroma);
    } else {
        floats = solve_floats(params, n_c, params->lambda, params->auto_strength);
    }
    if (params->noise == FG_NOISE_SIGNAL_DEPENDENT)
        floats += fg_denoise_stabilised_floats(channels);
    return floats / channels;
}
