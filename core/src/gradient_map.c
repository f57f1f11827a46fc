/* gradient_map.c — |grad u| images (fg/gradient_map.h): the forward
 * differences of the denoiser's model, of premultiplied colour, in row
 * blocks; the maximum for normalising is combined over blocks in order. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "fg/gradient_map.h"
#include "internal.h"
#include "pool.h"
#include "premultiply.h"

/* Rows per block, as in the denoiser: about this many floats, at least this
 * many rows. */
#define BLOCK_FLOATS 32768
#define BLOCK_MIN_ROWS 16

typedef struct gradient_job {
    const fg_image *in;
    float *dst;                 /* packed 1-channel result, or NULL: write to out */
    const fg_image *out;
    int rows_per_block, colour;
    float *scratch;             /* per worker: 2 planar rows, then the squared magnitudes */
    float *block_max;
    float scale;                /* pass 2: divide by this (0: copy) */
} gradient_job;

static float *gradient_row_out(const gradient_job *job, int j)
{
    return job->dst ? job->dst + (size_t)j * (size_t)job->in->width : fg_pixel(job->out, 0, j);
}

/* Row j's colour, premultiplied, into dst: one row of `width` floats per channel. */
static void premultiplied_row(const fg_image *im, int colour, int j, float *dst)
{
    float *planes[4];
    for (int c = 0; c < colour; c++)
        planes[c] = dst + (size_t)c * (size_t)im->width;
    fg_premultiply_row(planes, fg_pixel(im, 0, j), im->width, colour, im->has_alpha);
}

static void gradient_task(void *context, int block, int worker)
{
    const gradient_job *job = context;
    const fg_image *in = job->in;
    int colour = job->colour;
    size_t n = (size_t)in->width * (size_t)colour;
    float *cur = job->scratch + (size_t)worker * 3 * n, *next = cur + n, *q = next + n;
    int r0 = block * job->rows_per_block;
    int r1 = r0 + job->rows_per_block < in->height ? r0 + job->rows_per_block : in->height;
    float peak = 0.0f;
    premultiplied_row(in, colour, r0, cur);
    for (int j = r0; j < r1; j++) {
        int has_next = j + 1 < in->height;
        if (has_next)
            premultiplied_row(in, colour, j + 1, next);
        float *dst = gradient_row_out(job, j);
        const size_t width = (size_t)in->width;
        for (size_t x = 0; x < width; x++) {
            float s = 0.0f;
            for (int c = 0; c < colour; c++) {
                const float *u = cur + (size_t)c * width, *below = next + (size_t)c * width;
                float gx = x + 1 < width ? u[x + 1] - u[x] : 0.0f;
                float gy = has_next ? below[x] - u[x] : 0.0f;
                s += gx * gx + gy * gy;
            }
            q[x] = s;
        }
        for (int x = 0; x < in->width; x++) {
            float g = sqrtf(q[x]);
            /* Finite inputs near the float limit can overflow the squares (or
             * the premultiplication): such magnitudes saturate at FLT_MAX. */
            if (!(g <= FLT_MAX))
                g = FLT_MAX;
            dst[x] = g;
            peak = g > peak ? g : peak;
        }
        float *t = cur; cur = next; next = t;
    }
    job->block_max[block] = peak;
}

static void gradient_scale_task(void *context, int block, int worker)
{
    (void)worker;
    const gradient_job *job = context;
    int r0 = block * job->rows_per_block;
    int r1 = r0 + job->rows_per_block < job->in->height ? r0 + job->rows_per_block : job->in->height;
    for (int j = r0; j < r1; j++) {
        float *dst = fg_pixel(job->out, 0, j);
        const float *src = gradient_row_out(job, j);
        for (int x = 0; x < job->in->width; x++)
            dst[x] = job->scale != 0.0f ? src[x] / job->scale : src[x];
    }
}

fg_status fg_gradient_map(const fg_image *in, const fg_image *out, int normalise, int threads,
                          fg_error *error)
{
    fg_status status = fg_image_check(in, error);
    if (status != FG_OK || (status = fg_image_check(out, error)) != FG_OK)
        return status;
    if (out->channels != 1 || out->has_alpha || out->width != in->width || out->height != in->height)
        return fg_fail(error, FG_ERR_MISMATCH,
                       "the gradient map of a %dx%d image needs a %dx%d 1-channel output without alpha "
                       "(got %dx%d with %d channels%s)", in->width, in->height, in->width, in->height,
                       out->width, out->height, out->channels, out->has_alpha ? ", alpha" : "");
    /* The views may only share memory as the very same 1-channel buffer. */
    int in_place = 0;
    if (in->data == out->data && in->stride == out->stride && in->channels == 1) {
        in_place = 1;
    } else if (fg_image_overlap(in, out)) {
        return fg_fail(error, FG_ERR_MISMATCH, "input and output overlap");
    }
    int resolved;
    if ((status = fg_threads_check(threads, &resolved, error)) != FG_OK)
        return status;
    if ((status = fg_image_check_finite(in, error)) != FG_OK)
        return status;

    gradient_job job;
    memset(&job, 0, sizeof job);
    job.in = in;
    job.out = out;
    job.colour = fg_colour_channels(in);
    size_t n = (size_t)in->width * (size_t)job.colour;
    int blocks = fg_parallel_row_blocks(in->height, n, BLOCK_FLOATS, BLOCK_MIN_ROWS, &job.rows_per_block);
    fg_pool *pool = NULL;
    if ((status = fg_pool_create(resolved, &pool, error)) != FG_OK)
        return status;
    size_t scratch = fg_mul_size3(n, 3, (size_t)fg_pool_threads(pool));
    size_t pixels = fg_mul_size((size_t)in->width, (size_t)in->height);
    job.scratch = fg_alloc_array(scratch, sizeof(float));
    job.block_max = fg_alloc_array((size_t)blocks, sizeof(float));
    /* In place, a row is still needed as the row below of its neighbour. */
    if (in_place)
        job.dst = fg_alloc_array(pixels, sizeof(float));
    if (!job.scratch || !job.block_max || (in_place && !job.dst)) {
        fg_free(job.scratch);
        fg_free(job.block_max);
        fg_free(job.dst);
        fg_pool_destroy(pool);
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for the gradient map of a %dx%d image",
                       in->width, in->height);
    }
    fg_pool_run(pool, blocks, gradient_task, &job);
    float peak = 0.0f;
    for (int b = 0; b < blocks; b++)
        peak = job.block_max[b] > peak ? job.block_max[b] : peak;
    job.scale = normalise ? peak : 0.0f;
    if (job.dst || job.scale != 0.0f)
        fg_pool_run(pool, blocks, gradient_scale_task, &job);
    fg_free(job.scratch);
    fg_free(job.block_max);
    fg_free(job.dst);
    fg_pool_destroy(pool);
    return fg_succeed(error);
}
