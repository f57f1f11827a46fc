/* denoise_coarse.c — the coarse start of a large solve: box average to half
 * size, solve there, interpolate back (see denoise_coarse.h). */
#include <math.h>
#include <string.h>

#include "denoise_coarse.h"

/* Rows per task of the resampling loops: about this many floats. */
#define RESAMPLE_BLOCK_FLOATS 65536
#define RESAMPLE_MIN_ROWS 8

int fg_denoise_coarse_wanted(const fg_image *in, const fg_denoise_params *params, fg_solver solver)
{
    return params->coarse_start && solver != FG_SOLVER_PLAIN && solver != FG_SOLVER_DIRECT && in->width >= 2 * FG_DENOISE_COARSE_MIN_SIDE
           && in->height >= 2 * FG_DENOISE_COARSE_MIN_SIDE;
}

/* ---- Box average to half size ------------------------------------------------------- */

typedef struct downsample_job {
    const fg_image *in, *out;
    int rows_per_task;
} downsample_job;

/* Coarse pixel (X, Y) averages fine pixels 2X, 2X + 1 of rows 2Y, 2Y + 1
 * (the last row or column repeated for odd sizes); with alpha, the colour is
 * that of the average premultiplied colour, so that the coarse solve, which
 * premultiplies by the average alpha, sees the average of the fine f. */
static void downsample_task(void *context, int task, int worker)
{
    (void)worker;
    const downsample_job *job = context;
    const fg_image *in = job->in, *out = job->out;
    int ch = in->channels, alpha = in->has_alpha, n_c = ch - (alpha ? 1 : 0);
    int y0 = task * job->rows_per_task;
    int y1 = y0 + job->rows_per_task < out->height ? y0 + job->rows_per_task : out->height;
    for (int y = y0; y < y1; y++) {
        int ya = 2 * y, yb = 2 * y + 1 < in->height ? 2 * y + 1 : 2 * y;
        const float *ra = fg_pixel(in, 0, ya), *rb = fg_pixel(in, 0, yb);
        float *d = fg_pixel(out, 0, y);
        for (int x = 0; x < out->width; x++, d += ch) {
            size_t xa = (size_t)(2 * x) * (size_t)ch;
            size_t xb = (size_t)(2 * x + 1 < in->width ? 2 * x + 1 : 2 * x) * (size_t)ch;
            const float *p[4] = { ra + xa, ra + xb, rb + xa, rb + xb };
            if (!alpha) {
                for (int c = 0; c < ch; c++)
                    d[c] = (float)(0.25 * ((double)p[0][c] + p[1][c] + p[2][c] + p[3][c]));
                continue;
            }
            double a = 0.25 * ((double)p[0][n_c] + p[1][n_c] + p[2][n_c] + p[3][n_c]);
            for (int c = 0; c < n_c; c++) {
                double straight = 0.25 * ((double)p[0][c] + p[1][c] + p[2][c] + p[3][c]);
                double premultiplied = 0.25 * ((double)p[0][c] * p[0][n_c] + (double)p[1][c] * p[1][n_c]
                                               + (double)p[2][c] * p[2][n_c] + (double)p[3][c] * p[3][n_c]);
                d[c] = (float)(a > FG_DENOISE_ALPHA_TINY ? premultiplied / a : straight);
            }
            d[n_c] = (float)a;
        }
    }
}

/* ---- The half-size solve ------------------------------------------------------------- */

/* Passes the coarse solve's iterations on as iteration 0 of the full one. */
static int relay_iteration(void *user_data, int iteration, int max_iterations, double energy)
{
    (void)iteration;
    (void)max_iterations;
    const fg_denoise_params *outer = user_data;
    return outer->on_iteration(outer->user_data, 0, outer->max_iterations, energy);
}

static int relay_iteration_gap(void *user_data, int iteration, int max_iterations, double energy, double gap)
{
    (void)iteration;
    (void)max_iterations;
    const fg_denoise_params *outer = user_data;
    return outer->on_iteration_gap(outer->user_data, 0, outer->max_iterations, energy, gap);
}

void fg_denoise_coarse_free(fg_coarse_start *coarse)
{
    fg_free(coarse->data);
    memset(coarse, 0, sizeof *coarse);
}

fg_status fg_denoise_coarse_solve(const fg_image *in, const fg_denoise_params *params, double lambda, int threads,
                                  fg_coarse_start *coarse, fg_error *error)
{
    memset(coarse, 0, sizeof *coarse);
    int width = (in->width + 1) / 2, height = (in->height + 1) / 2, ch = in->channels;
    size_t floats = fg_mul_size(fg_mul_size((size_t)width, (size_t)height), (size_t)ch);
    if (floats == 0)
        return fg_fail(error, FG_ERR_TOO_LARGE, "image of %dx%d is too large", in->width, in->height);
    if (!(coarse->data = fg_alloc_array(floats, sizeof(float))))
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for the half-size copy of a %dx%d image",
                       in->width, in->height);
    coarse->image = fg_image_make(coarse->data, width, height, ch, in->has_alpha);

    downsample_job job = { in, &coarse->image, 0 };
    int tasks = fg_parallel_row_blocks(height, (size_t)width * (size_t)ch, RESAMPLE_BLOCK_FLOATS,
                                       RESAMPLE_MIN_ROWS, &job.rows_per_task);
    fg_status status = fg_parallel_for(threads, tasks, downsample_task, &job, error);

    fg_denoise_params sub = *params;
    sub.auto_strength = 0;
    sub.lambda = params->energy == FG_ENERGY_TV ? lambda / 2.0 : lambda / 4.0;
    sub.epsilon = 2.0 * params->epsilon < FG_DENOISE_MAX_EPSILON ? 2.0 * params->epsilon : FG_DENOISE_MAX_EPSILON;
    sub.step = 0.0;             /* the coarse problem's own automatic step */
    sub.on_iteration = params->on_iteration ? relay_iteration : NULL;
    sub.on_iteration_gap = params->on_iteration_gap ? relay_iteration_gap : NULL;
    sub.user_data = (void *)params;
    fg_denoise_report report;
    if (status == FG_OK)        /* in place: the solve reads f before it writes */
        status = fg_gradient_denoise(&coarse->image, &coarse->image, &sub, &report, error);
    if (status != FG_OK) {
        fg_denoise_coarse_free(coarse);
        return status;
    }
    coarse->levels = 1 + report.coarse_levels;
    coarse->iterations = ((double)report.iterations + report.coarse_iterations) * ((double)width * height)
                         / ((double)in->width * in->height);
    return fg_succeed(error);
}

/* ---- Back to full size --------------------------------------------------------------- */

typedef struct upsample_job {
    const fg_image *coarse, *in;
    float *planes;
    size_t plane;
    int rows_per_block;
} upsample_job;

/* Fine pixel x sits at coarse coordinate x / 2 - 1/4: an even x takes 3/4 of
 * coarse pixel x / 2 and 1/4 of the one before, an odd x 3/4 of (x - 1) / 2
 * and 1/4 of the one after (clamped at the edges). */
static void taps(int x, int size, int *near, int *far)
{
    *near = x / 2;
    *far = x % 2 == 0 ? *near - 1 : *near + 1;
    if (*far < 0)
        *far = 0;
    if (*far > size - 1)
        *far = size - 1;
}

static void upsample_task(void *context, int block, int worker)
{
    (void)worker;
    const upsample_job *job = context;
    const fg_image *coarse = job->coarse, *in = job->in;
    int ch = in->channels, alpha = in->has_alpha, n_c = ch - (alpha ? 1 : 0), w = in->width;
    int j0 = block * job->rows_per_block;
    int j1 = j0 + job->rows_per_block < in->height ? j0 + job->rows_per_block : in->height;
    for (int j = j0; j < j1; j++) {
        int yn, yf;
        taps(j, coarse->height, &yn, &yf);
        const float *rn = fg_pixel(coarse, 0, yn), *rf = fg_pixel(coarse, 0, yf);
        const float *src = fg_pixel(in, 0, j);
        for (int x = 0; x < w; x++) {
            int xn, xf;
            taps(x, coarse->width, &xn, &xf);
            const float *nn = rn + (size_t)xn * ch, *nf = rn + (size_t)xf * ch;
            const float *fn = rf + (size_t)xn * ch, *ff = rf + (size_t)xf * ch;
            float a = alpha ? src[(size_t)x * ch + (size_t)n_c] : 1.0f;
            for (int c = 0; c < n_c; c++) {
                float v = 0.5625f * nn[c] + 0.1875f * (nf[c] + fn[c]) + 0.0625f * ff[c];
                job->planes[(size_t)c * job->plane + (size_t)j * (size_t)w + (size_t)x] = alpha ? v * a : v;
            }
        }
    }
}

void fg_denoise_coarse_upsample(const fg_coarse_start *coarse, const fg_image *in, float *planes, size_t plane,
                                fg_pool *pool)
{
    upsample_job job = { &coarse->image, in, planes, plane, 0 };
    int blocks = fg_parallel_row_blocks(in->height, (size_t)in->width * (size_t)in->channels,
                                        RESAMPLE_BLOCK_FLOATS, RESAMPLE_MIN_ROWS, &job.rows_per_block);
    fg_pool_run(pool, blocks, upsample_task, &job);
}
