/* noise_estimate.c — the noise sigma estimate (fg/noise_estimate.h).
 *
 * Estimator (documented in fg/noise_estimate.h): Immerkaer's mask
 * N = [1 -2 1]^T [1 -2 1], made robust.  For white Gaussian noise N * I is
 * Gaussian with standard deviation 6 sigma, so sigma = median |N * I| /
 * (6 * 0.6745).  Structure reaches N only where the image is not locally
 * (bi)linear -- edges, corners, fine texture -- and there it also excites the
 * other coefficients of the 3x3 window in the orthogonal basis built from
 * [1 1 1], [1 0 -1], [1 -2 1].  For noise those coefficients are independent
 * of the N coefficient (orthogonal masks, jointly Gaussian), so keeping the
 * windows where they are smallest removes most structure without biasing the
 * estimate, and the median outvotes what is left.
 *
 * Quantiles come from histograms on the float bit pattern (128 bins per
 * octave), filled per worker and merged as integer counts: the result does
 * not depend on the thread count. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "fg/noise_estimate.h"
#include "internal.h"
#include "pool.h"

#define SUB_BITS 7                          /* 2^7 = 128 bins per octave */
#define LOW_EXPONENT (-30)                  /* values below 2^-30 count as 0 (bin 0) */
#define HIGH_EXPONENT 12                    /* values from 2^12 up share the last bin */
#define BINS ((((HIGH_EXPONENT) - (LOW_EXPONENT)) << SUB_BITS) + 1)
#define MEDIAN_ABS_NORMAL 0.6744897501960817   /* median |Z| for Z ~ N(0, 1) */
#define OPAQUE_ENOUGH 0.5f                  /* windows need alpha >= this at every pixel */
#define KEEP_FRACTION 0.35                  /* of the windows, those with the least structure */
#define MAX_WINDOWS ((size_t)1 << 19)       /* per channel; beyond, rows of windows are sampled */

static uint32_t float_bits(float v)
{
    uint32_t bits;
    memcpy(&bits, &v, sizeof bits);
    return bits;
}

static float bits_float(uint32_t bits)
{
    float v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

/* Positive floats order like their bit patterns; the top bits of the
 * mantissa subdivide each octave. */
static uint32_t first_bin_bits(void) { return (uint32_t)(127 + LOW_EXPONENT) << 23; }

static int bin_of(float v)
{
    uint32_t bits = float_bits(v), low = first_bin_bits();
    if (!(v > 0.0f) || bits < low)
        return 0;
    uint32_t bin = 1 + ((bits - low) >> (23 - SUB_BITS));
    return bin >= BINS ? BINS - 1 : (int)bin;
}

static float bin_low(int bin)
{
    return bin == 0 ? 0.0f : bits_float(first_bin_bits() + ((uint32_t)(bin - 1) << (23 - SUB_BITS)));
}

/* The value below which the fraction q of the histogram lies, interpolated
 * in its bin. */
static double histogram_quantile(const uint64_t *counts, double q)
{
    uint64_t total = 0;
    for (int b = 0; b < BINS; b++)
        total += counts[b];
    if (total == 0)
        return 0.0;
    double target = q * (double)total, below = 0.0;
    for (int b = 0; b < BINS; b++) {
        if (below + (double)counts[b] >= target && counts[b] > 0) {
            if (b == 0)
                return 0.0;     /* bin 0 holds zeros (and values below 2^-30) */
            double lo = bin_low(b), hi = b + 1 < BINS ? bin_low(b + 1) : lo;
            return lo + (hi - lo) * (target - below) / (double)counts[b];
        }
        below += (double)counts[b];
    }
    return bin_low(BINS - 1);
}

typedef struct estimate_job {
    const fg_image *in;
    int colour, two_d, along_x;     /* along_x: 1-D windows run along rows */
    int rows_per_block, first, count;   /* sampled centre rows (2-D) or lines (1-D) */
    int step;                       /* sampled row s is first + s * step */
    int pass;                       /* 1: structure histogram, 2: N histogram of the kept windows */
    float threshold[4];             /* pass 2: keep windows whose structure energy <= this, per channel */
    uint64_t *histograms;           /* per worker: colour x BINS */
} estimate_job;

static int opaque(const fg_image *im, int x, int y)
{
    return !im->has_alpha || fg_pixel(im, x, y)[im->channels - 1] >= OPAQUE_ENOUGH;
}

/* Exactly constant windows (r = g = 0) are skipped: they are clipped or
 * synthetic areas, which would otherwise pass for noise-free structure-free
 * windows and pull the estimate to 0. */
static void add_window(const estimate_job *job, uint64_t *hist, int c, float r, float g)
{
    if (r == 0.0f && g == 0.0f)
        return;
    if (job->pass == 1)
        hist[(size_t)c * BINS + (size_t)bin_of(g)]++;
    else if (g <= job->threshold[c])
        hist[(size_t)c * BINS + (size_t)bin_of(r)]++;
}

/* The 3x3 window around `mid` (rows above/below at `up`/`down`, pixels `ps`
 * floats apart) in the orthogonal basis B0 = [1 1 1], B1 = [1 0 -1],
 * B2 = [1 -2 1] (outer products across rows and columns): r = |B2 x B2|, the
 * Immerkaer mask, and g = the energy of the seven other non-constant
 * coefficients, each scaled to unit noise gain.  For white noise the nine
 * coefficients are independent, so selecting windows by g does not bias r. */
static void window_2d(const float *up, const float *mid, const float *down, ptrdiff_t ps,
                      float *r, float *g)
{
    const float *rows[3] = { up, mid, down };
    float a[3][3];      /* a[row][j]: row filtered with B_j */
    for (int i = 0; i < 3; i++) {
        float l = rows[i][-ps], m = rows[i][0], h = rows[i][ps];
        a[i][0] = l + m + h;
        a[i][1] = l - h;
        a[i][2] = l - 2.0f * m + h;
    }
    float c[3][3];      /* c[i][j]: B_i across rows, B_j along them */
    for (int j = 0; j < 3; j++) {
        c[0][j] = a[0][j] + a[1][j] + a[2][j];
        c[1][j] = a[0][j] - a[2][j];
        c[2][j] = a[0][j] - 2.0f * a[1][j] + a[2][j];
    }
    static const float inv_gain[3] = { 1.0f / 3.0f, 1.0f / 2.0f, 1.0f / 6.0f };   /* 1/|B_i|^2 */
    float energy = 0.0f;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            if ((i | j) != 0 && !(i == 2 && j == 2))
                energy += c[i][j] * c[i][j] * inv_gain[i] * inv_gain[j];
    *r = fabsf(c[2][2]);
    *g = energy;
}

static void estimate_task(void *context, int block, int worker)
{
    const estimate_job *job = context;
    const fg_image *im = job->in;
    uint64_t *hist = job->histograms + (size_t)worker * (size_t)job->colour * BINS;
    int b0 = block * job->rows_per_block;
    int b1 = b0 + job->rows_per_block < job->count ? b0 + job->rows_per_block : job->count;
    ptrdiff_t ps = im->channels;

    if (job->two_d) {
        for (int sample = b0; sample < b1; sample++) {
            int y = job->first + sample * job->step;
            for (int x = 1; x + 1 < im->width; x++) {
                if (im->has_alpha) {
                    int ok = 1;
                    for (int dy = -1; dy <= 1 && ok; dy++)
                        for (int dx = -1; dx <= 1 && ok; dx++)
                            ok = opaque(im, x + dx, y + dy);
                    if (!ok)
                        continue;
                }
                for (int c = 0; c < job->colour; c++) {
                    float r, g;
                    window_2d(fg_pixel(im, x, y - 1) + c, fg_pixel(im, x, y) + c, fg_pixel(im, x, y + 1) + c,
                              ps, &r, &g);
                    add_window(job, hist, c, r, g);
                }
            }
        }
        return;
    }
    /* 1-D: one line of the image (a row when along_x, else a column), windows of 3. */
    for (int sample = b0; sample < b1; sample++) {
        int line = job->first + sample * job->step;
        int length = job->along_x ? im->width : im->height;
        for (int i = 1; i + 1 < length; i++) {
            int x0 = job->along_x ? i - 1 : line, y0 = job->along_x ? line : i - 1;
            int x1 = job->along_x ? i : line, y1 = job->along_x ? line : i;
            int x2 = job->along_x ? i + 1 : line, y2 = job->along_x ? line : i + 1;
            if (!opaque(im, x0, y0) || !opaque(im, x1, y1) || !opaque(im, x2, y2))
                continue;
            for (int c = 0; c < job->colour; c++) {
                float p = fg_pixel(im, x0, y0)[c], q = fg_pixel(im, x1, y1)[c], s = fg_pixel(im, x2, y2)[c];
                float g = s - p;
                add_window(job, hist, c, fabsf(p - 2.0f * q + s), g * g);
            }
        }
    }
}

fg_status fg_noise_estimate_threads(const fg_image *in, int threads, double *sigma, fg_error *error)
{
    fg_status status = fg_image_check(in, error);
    if (status != FG_OK)
        return status;
    if (!sigma)
        return fg_fail(error, FG_ERR_NULL, "sigma is NULL");
    int resolved;
    if ((status = fg_threads_check(threads, &resolved, error)) != FG_OK)
        return status;
    if ((status = fg_image_check_finite(in, error)) != FG_OK)
        return status;

    estimate_job job;
    memset(&job, 0, sizeof job);
    job.in = in;
    job.colour = fg_colour_channels(in);
    double norm;            /* standard deviation of the mask's response to unit noise */
    if (in->width >= 3 && in->height >= 3) {
        job.two_d = 1;
        job.first = 1;
        job.count = in->height - 2;
        norm = 6.0;         /* sqrt(sum of N^2) = sqrt(36) */
    } else if (in->width >= 3 || in->height >= 3) {
        job.along_x = in->width >= 3;
        job.count = job.along_x ? in->height : in->width;
        norm = sqrt(6.0);   /* [1 -2 1] */
    } else {
        *sigma = 0.0;       /* no 3-pixel window: nothing to measure */
        return fg_succeed(error);
    }
    /* Large images: every step-th row (or line) of windows is plenty. */
    size_t length = (size_t)(job.along_x || job.two_d ? in->width : in->height);
    size_t per_line = length - 2, total = per_line * (size_t)job.count;
    job.step = 1;
    if (total > MAX_WINDOWS) {
        size_t step = (total + MAX_WINDOWS - 1) / MAX_WINDOWS;
        job.step = step > (size_t)job.count ? job.count : (int)step;
        job.count = (job.count + job.step - 1) / job.step;
    }
    int blocks = fg_parallel_row_blocks(job.count, length * (size_t)job.colour, 65536, 8, &job.rows_per_block);

    fg_pool *pool = NULL;
    if ((status = fg_pool_create(resolved, &pool, error)) != FG_OK)
        return status;
    int workers = fg_pool_threads(pool);
    size_t per_worker = (size_t)job.colour * BINS;
    job.histograms = fg_alloc_array(per_worker * (size_t)workers, sizeof(uint64_t));
    if (!job.histograms) {
        fg_pool_destroy(pool);
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for noise histograms");
    }

    double medians[2][4];
    for (int pass = 1; pass <= 2; pass++) {
        job.pass = pass;
        memset(job.histograms, 0, per_worker * (size_t)workers * sizeof(uint64_t));
        fg_pool_run(pool, blocks, estimate_task, &job);
        for (int w = 1; w < workers; w++)
            for (size_t i = 0; i < per_worker; i++)
                job.histograms[i] += job.histograms[(size_t)w * per_worker + i];
        for (int c = 0; c < job.colour; c++) {
            medians[pass - 1][c] = histogram_quantile(job.histograms + (size_t)c * BINS,
                                                      pass == 1 ? KEEP_FRACTION : 0.5);
            job.threshold[c] = (float)medians[0][c];
        }
    }
    fg_free(job.histograms);
    fg_pool_destroy(pool);

    double sum = 0.0;
    for (int c = 0; c < job.colour; c++)
        sum += medians[1][c] / (norm * MEDIAN_ABS_NORMAL);
    *sigma = sum / job.colour;
    return fg_succeed(error);
}

fg_status fg_noise_estimate(const fg_image *in, double *sigma, fg_error *error)
{
    return fg_noise_estimate_threads(in, 0, sigma, error);
}
