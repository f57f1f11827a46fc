/* texture_estimate.c — the texture measure tau (fg/texture_estimate.h).
 *
 * Per colour channel, a histogram of d / sigma^2 over the (sampled) 3x3
 * windows, d the energy of the two first-order coefficients of the window in
 * the basis [1 1 1], [1 0 -1] (each scaled to unit noise gain):
 *     c10 = sum over the window of (row weight [1 0 -1]) x (column weight [1 1 1]) / sqrt(6),
 *     c01 the same transposed,   d = c10^2 + c01^2.
 * Histograms on the float bit pattern (128 bins per octave), filled per
 * worker and merged as integer counts, so the result does not depend on the
 * thread count; the quantile is interpolated inside its bin. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "fg/texture_estimate.h"
#include "internal.h"
#include "log_histogram.h"
#include "opaque_windows.h"
#include "pool.h"

#define LOW_EXPONENT (-24)                  /* d / sigma^2 below 2^-24 counts as 0 (bin 0) */
#define HIGH_EXPONENT 40                    /* from 2^40 up: the last bin */
#define BINS FG_LOG_BINS(LOW_EXPONENT, HIGH_EXPONENT)

typedef struct texture_job {
    const fg_image *in;
    int colour;
    int rows_per_block, count, step;    /* sampled centre rows: 1 + s * step, s < count */
    float inv_variance;                 /* 1 / sigma^2 */
    uint64_t *histograms;               /* per worker: colour x BINS */
} texture_job;

static void texture_task(void *context, int block, int worker)
{
    const texture_job *job = context;
    const fg_image *im = job->in;
    uint64_t *hist = job->histograms + (size_t)worker * (size_t)job->colour * BINS;
    int s0 = block * job->rows_per_block;
    int s1 = s0 + job->rows_per_block < job->count ? s0 + job->rows_per_block : job->count;
    ptrdiff_t ps = im->channels;
    const float inv6 = 1.0f / 6.0f;     /* |[1 0 -1]|^2 |[1 1 1]|^2 = 2 * 3 */
    for (int s = s0; s < s1; s++) {
        int y = 1 + s * job->step;
        for (int x = 1; x + 1 < im->width; x++) {
            if (!fg_window_opaque(im, x, y))
                continue;
            for (int c = 0; c < job->colour; c++) {
                const float *up = fg_pixel(im, x, y - 1) + c, *mid = fg_pixel(im, x, y) + c,
                            *down = fg_pixel(im, x, y + 1) + c;
                /* row sums and row differences of the three rows */
                float su = up[-ps] + up[0] + up[ps],
                      sd = down[-ps] + down[0] + down[ps];
                float du = up[-ps] - up[ps], dm = mid[-ps] - mid[ps], dd = down[-ps] - down[ps];
                float c10 = su - sd;            /* [1 0 -1] across rows, [1 1 1] along */
                float c01 = du + dm + dd;       /* [1 1 1] across rows, [1 0 -1] along */
                float d = (c10 * c10 + c01 * c01) * inv6;
                if (d == 0.0f) {
                    /* left out if exactly constant */
                    float v = mid[0];
                    int constant = 1;
                    for (int k = -1; k <= 1 && constant; k++)
                        constant = up[k * ps] == v && mid[k * ps] == v && down[k * ps] == v;
                    if (constant)
                        continue;
                }
                hist[(size_t)c * BINS + (size_t)fg_log_bin_of(d * job->inv_variance, LOW_EXPONENT, BINS)]++;
            }
        }
    }
}

fg_status fg_texture_estimate(const fg_image *in, double sigma, int threads, double *texture, fg_error *error)
{
    if (!texture && in)
        return fg_fail(error, FG_ERR_NULL, "texture is NULL");
    fg_status status = fg_image_check(in, error);
    if (status != FG_OK)
        return status;
    if (!texture)
        return fg_fail(error, FG_ERR_NULL, "texture is NULL");
    if (!(sigma >= 0.0) || !isfinite(sigma))
        return fg_fail(error, FG_ERR_PARAM, "noise sigma %g must be finite and >= 0", sigma);
    int resolved;
    if ((status = fg_threads_check(threads, &resolved, error)) != FG_OK)
        return status;
    if ((status = fg_image_check_finite(in, error)) != FG_OK)
        return status;
    float inv_variance = (float)(1.0 / (sigma * sigma));
    if (in->width < 3 || in->height < 3 || !(sigma > 0.0) || !isfinite(inv_variance)) {
        *texture = NAN;
        return fg_succeed(error);
    }
    texture_job job;
    memset(&job, 0, sizeof job);
    job.in = in;
    job.colour = fg_colour_channels(in);
    job.inv_variance = inv_variance;
    job.count = in->height - 2;
    fg_windows_sample_rows((size_t)(in->width - 2), &job.count, &job.step);
    int blocks = fg_parallel_row_blocks(job.count, (size_t)in->width * (size_t)job.colour, 65536, 8,
                                        &job.rows_per_block);
    fg_pool *pool;
    if ((status = fg_pool_create(resolved, &pool, error)) != FG_OK)
        return status;
    int workers = fg_pool_threads(pool);
    size_t per_worker = (size_t)job.colour * BINS;
    job.histograms = fg_alloc_array(per_worker * (size_t)workers, sizeof(uint64_t));
    if (!job.histograms) {
        fg_pool_destroy(pool);
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for texture histograms");
    }
    memset(job.histograms, 0, per_worker * (size_t)workers * sizeof(uint64_t));
    fg_pool_run(pool, blocks, texture_task, &job);
    for (int w = 1; w < workers; w++)
        for (size_t i = 0; i < per_worker; i++)
            job.histograms[i] += job.histograms[(size_t)w * per_worker + i];
    double sum = 0.0;
    int measured = 0;
    for (int c = 0; c < job.colour; c++) {
        double q = fg_log_quantile(job.histograms + (size_t)c * BINS, LOW_EXPONENT, BINS, FG_TEXTURE_QUANTILE, NAN);
        if (isnan(q))
            continue;
        sum += fmax(q - FG_TEXTURE_NOISE_Q, 0.0);
        measured++;
    }
    fg_free(job.histograms);
    fg_pool_destroy(pool);
    *texture = measured ? FG_TEXTURE_FLOOR + sum / measured : NAN;
    return fg_succeed(error);
}
