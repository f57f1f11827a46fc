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
#include "log_histogram.h"
#include "opaque_windows.h"
#include "pool.h"

#define LOW_EXPONENT (-30)                  /* values below 2^-30 count as 0 (bin 0) */
#define HIGH_EXPONENT 12                    /* values from 2^12 up share the last bin */
#define BINS FG_LOG_BINS(LOW_EXPONENT, HIGH_EXPONENT)
#define MEDIAN_ABS_NORMAL 0.6744897501960817   /* median |Z| for Z ~ N(0, 1) */
#define KEEP_FRACTION 0.35                  /* of the windows, those with the least structure */
#define CLIP_FRACTION 0.0005                /* a channel's min (max) is a clip level if this many pixels */
#define CLIP_MIN_PIXELS 8                   /* ... and at least this many sit exactly at it */
#define TABLE 1024                          /* truncation correction: entries over the channel's range */
#define SIGNAL_GRID 2048                    /* signal levels the correction table is made from */
#define MIN_VARIANCE_RATIO 0.5              /* windows whose noise the clipping halves are left out */
#define TRUNCATION_EXPONENT 0.25            /* noise scaled by ratio^-this: half the variance correction, in log */
#define CORRECTIONS 2                       /* rounds of the truncation correction */
#define MODEL_BINS 16                       /* brightness bins of the signal-dependent model */
#define MODEL_MIN_WINDOWS 200               /* a bin needs this many kept windows to count */
#define MEAN_SCALE 16777216.0               /* window means summed as integers of 2^-24 */
#define MEAN_LIMIT 4096.0                   /* ... of at most this */

typedef struct estimate_job {
    const fg_image *in;
    int colour, two_d, along_x;     /* along_x: 1-D windows run along rows */
    int rows_per_block, first, count;   /* sampled centre rows (2-D) or lines (1-D) */
    int step;                       /* sampled row s is first + s * step */
    int pass;                       /* 1: structure histogram, 2: N histogram of the kept windows */
    int bins;                       /* 0: a group per channel; else groups = brightness bins, channels pooled */
    int groups;
    float threshold[MODEL_BINS];    /* pass 2: keep windows whose structure energy <= this, per group */
    float clip_below[4], clip_above[4]; /* windows with a value <= / >= these are left out (+-inf: none) */
    float lo[4], scale[4];          /* table index = (mean - lo) * scale */
    const float *gain;              /* NULL, or per channel TABLE factors (0: leave the window out) */
    uint64_t *histograms;           /* per worker: groups x BINS */
    uint64_t *sums;                 /* per worker: groups x 2 (count, sum of quantised means), pass 2 */
} estimate_job;

/* One window of channel c: r = |N response|, g = structure energy, mean of
 * its values, lowest and highest value.  Exactly constant windows (r = g = 0)
 * are skipped: they are synthetic flat areas, which would otherwise pass for
 * noise-free structure-free windows and pull the estimate to 0.  Windows
 * touching a clip level are left out; near one, r is scaled by the
 * truncation correction (gain). */
static void add_window(const estimate_job *job, uint64_t *hist, uint64_t *sums, int c, float r, float g,
                       float mean, float low, float high)
{
    if ((r == 0.0f && g == 0.0f) || low <= job->clip_below[c] || high >= job->clip_above[c])
        return;
    if (job->gain) {
        float t = (mean - job->lo[c]) * job->scale[c];
        int i = t <= 0.0f ? 0 : t >= (float)(TABLE - 1) ? TABLE - 1 : (int)(t + 0.5f);
        float f = job->gain[(size_t)c * TABLE + (size_t)i];
        if (f == 0.0f)
            return;
        r *= f;     /* g is not scaled: the structure selection stays the same */
    }
    int group = c;
    if (job->bins) {
        float t = mean * (float)job->bins;
        group = t <= 0.0f ? 0 : t >= (float)(job->bins - 1) ? job->bins - 1 : (int)t;
    }
    if (job->pass == 1)
        hist[(size_t)group * BINS + (size_t)fg_log_bin_of(g, LOW_EXPONENT, BINS)]++;
    else if (g <= job->threshold[group]) {
        hist[(size_t)group * BINS + (size_t)fg_log_bin_of(r, LOW_EXPONENT, BINS)]++;
        /* Means beyond 2^12 (far outside any image's range) count as 2^12:
         * the integer (<= 2^36) stays representable, and the sampled windows
         * (<= 2^19 per channel) sum without wrapping. */
        double q = fmin((double)mean, MEAN_LIMIT) * MEAN_SCALE;
        sums[2 * group] += 1;
        sums[2 * group + 1] += q <= 0.0 ? 0u : (uint64_t)(q + 0.5);
    }
}

/* The 3x3 window around `mid` (rows above/below at `up`/`down`, pixels `ps`
 * floats apart) in the orthogonal basis B0 = [1 1 1], B1 = [1 0 -1],
 * B2 = [1 -2 1] (outer products across rows and columns): r = |B2 x B2|, the
 * Immerkaer mask, and g = the energy of the seven other non-constant
 * coefficients, each scaled to unit noise gain.  For white noise the nine
 * coefficients are independent, so selecting windows by g does not bias r. */
/* min and max of finite floats (the input is checked): plain comparisons
 * compile to single instructions, where fminf / fmaxf, which must handle
 * NaN, are library calls here. */
static inline float min_of(float a, float b) { return b < a ? b : a; }
static inline float max_of(float a, float b) { return b > a ? b : a; }

static void window_2d(const float *up, const float *mid, const float *down, ptrdiff_t ps,
                      float *r, float *g, float *mean, float *low, float *high)
{
    const float *rows[3] = { up, mid, down };
    float a[3][3];      /* a[row][j]: row filtered with B_j */
    float lo = rows[0][0], hi = lo;
    for (int i = 0; i < 3; i++) {
        float l = rows[i][-ps], m = rows[i][0], h = rows[i][ps];
        a[i][0] = l + m + h;
        a[i][1] = l - h;
        a[i][2] = l - 2.0f * m + h;
        lo = min_of(lo, min_of(l, min_of(m, h)));
        hi = max_of(hi, max_of(l, max_of(m, h)));
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
    *mean = c[0][0] / 9.0f;
    *low = lo;
    *high = hi;
}

static void estimate_task(void *context, int block, int worker)
{
    const estimate_job *job = context;
    const fg_image *im = job->in;
    uint64_t *hist = job->histograms + (size_t)worker * (size_t)job->groups * BINS;
    uint64_t *sums = job->sums + (size_t)worker * (size_t)job->groups * 2;
    int b0 = block * job->rows_per_block;
    int b1 = b0 + job->rows_per_block < job->count ? b0 + job->rows_per_block : job->count;
    ptrdiff_t ps = im->channels;

    if (job->two_d) {
        for (int sample = b0; sample < b1; sample++) {
            int y = job->first + sample * job->step;
            for (int x = 1; x + 1 < im->width; x++) {
                if (!fg_window_opaque(im, x, y))
                    continue;
                for (int c = 0; c < job->colour; c++) {
                    float r, g, mean, low, high;
                    window_2d(fg_pixel(im, x, y - 1) + c, fg_pixel(im, x, y) + c, fg_pixel(im, x, y + 1) + c,
                              ps, &r, &g, &mean, &low, &high);
                    add_window(job, hist, sums, c, r, g, mean, low, high);
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
            if (!fg_pixel_opaque(im, x0, y0) || !fg_pixel_opaque(im, x1, y1) || !fg_pixel_opaque(im, x2, y2))
                continue;
            for (int c = 0; c < job->colour; c++) {
                float p = fg_pixel(im, x0, y0)[c], q = fg_pixel(im, x1, y1)[c], s = fg_pixel(im, x2, y2)[c];
                float g = s - p;
                add_window(job, hist, sums, c, fabsf(p - 2.0f * q + s), g * g, (p + q + s) / 3.0f,
                           min_of(p, min_of(q, s)), max_of(p, max_of(q, s)));
            }
        }
    }
}

/* ---- Clip levels and the truncation correction --------------------------------- */

/* Per colour channel: the lowest and highest value over the opaque pixels,
 * and whether each is a clip level (enough pixels sit exactly at it).  One
 * pass over the image in row blocks on the pool; each block's extremes and
 * their counts are merged in block order (exact, so the same whatever the
 * threads). */
typedef struct clip_block {
    float lo[4], hi[4];
    size_t at_lo[4], at_hi[4], total;
} clip_block;

typedef struct clip_job {
    const fg_image *im;
    int colour, rows_per_block;
    clip_block *blocks;
} clip_job;

static void clip_task(void *context, int block, int worker)
{
    (void)worker;
    const clip_job *job = context;
    const fg_image *im = job->im;
    clip_block b;
    memset(&b, 0, sizeof b);
    for (int c = 0; c < 4; c++) {
        b.lo[c] = INFINITY;
        b.hi[c] = -INFINITY;
    }
    int y0 = block * job->rows_per_block;
    int y1 = y0 + job->rows_per_block < im->height ? y0 + job->rows_per_block : im->height;
    for (int y = y0; y < y1; y++)
        for (int x = 0; x < im->width; x++) {
            if (!fg_pixel_opaque(im, x, y))
                continue;
            const float *v = fg_pixel(im, x, y);
            b.total++;
            for (int c = 0; c < job->colour; c++) {
                if (v[c] < b.lo[c]) { b.lo[c] = v[c]; b.at_lo[c] = 0; }
                if (v[c] > b.hi[c]) { b.hi[c] = v[c]; b.at_hi[c] = 0; }
                b.at_lo[c] += v[c] == b.lo[c];
                b.at_hi[c] += v[c] == b.hi[c];
            }
        }
    job->blocks[block] = b;
}

static fg_status find_clip_levels(fg_pool *pool, const fg_image *im, int colour, float *lo, float *hi,
                                  int *clip_lo, int *clip_hi, fg_error *error)
{
    clip_job job = { im, colour, 0, NULL };
    int blocks = fg_parallel_row_blocks(im->height, (size_t)im->width * (size_t)im->channels, 262144, 8,
                                        &job.rows_per_block);
    if (!(job.blocks = fg_alloc_array((size_t)blocks, sizeof *job.blocks)))
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for noise histograms");
    fg_pool_run(pool, blocks, clip_task, &job);
    for (int c = 0; c < colour; c++) {
        float mn = INFINITY, mx = -INFINITY;
        size_t at_mn = 0, at_mx = 0, total = 0;
        for (int k = 0; k < blocks; k++) {
            const clip_block *b = &job.blocks[k];
            total += b->total;
            if (b->lo[c] < mn) { mn = b->lo[c]; at_mn = 0; }
            if (b->hi[c] > mx) { mx = b->hi[c]; at_mx = 0; }
            at_mn += b->lo[c] == mn ? b->at_lo[c] : 0;
            at_mx += b->hi[c] == mx ? b->at_hi[c] : 0;
        }
        double need = fmax((double)CLIP_MIN_PIXELS, CLIP_FRACTION * (double)total);
        lo[c] = total ? mn : 0.0f;
        hi[c] = total ? mx : 0.0f;
        clip_lo[c] = total && (double)at_mn >= need;
        clip_hi[c] = total && (double)at_mx >= need && mx > mn;
    }
    fg_free(job.blocks);
    return fg_succeed(error);
}

static double normal_pdf(double x) { return isinf(x) ? 0.0 : 0.3989422804014327 * exp(-0.5 * x * x); }
static double normal_cdf(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

/* Gaussian noise of standard deviation sigma on the signal s, seen only
 * where it stays strictly inside the clip levels (lo, hi; +-inf when a side
 * does not clip): its mean shift and its variance over sigma^2. */
static void truncated_normal(double s, double sigma, double lo, double hi, double *shift, double *ratio)
{
    double a = (lo - s) / sigma, b = (hi - s) / sigma;
    double z = normal_cdf(b) - normal_cdf(a);
    if (!(z > 1e-12)) {
        *shift = 0.0;
        *ratio = 0.0;
        return;
    }
    double pa = normal_pdf(a), pb = normal_pdf(b);
    double apa = isinf(a) ? 0.0 : a * pa, bpb = isinf(b) ? 0.0 : b * pb;
    double mu = (pa - pb) / z;
    *shift = sigma * mu;
    *ratio = 1.0 + (apa - bpb) / z - mu * mu;
}

/* The correction of one channel: for a window mean m (TABLE steps over
 * lo .. hi), 1 / sqrt(variance ratio) of the noise of the signal s whose
 * truncated mean is m; 0 where clipping leaves less than
 * MIN_VARIANCE_RATIO of the variance.  sigma_of(s) from the previous round:
 * one sigma (model = NULL) or a + b s of the model. */
static void correction_table(float *table, double lo, double hi, double clip_below, double clip_above,
                             double sigma, const double *model)
{
    double mean_prev = -INFINITY, ratio_prev = 0.0;
    int k = 0;
    double s = lo, mean = 0.0, ratio = 1.0;
    for (int j = 0; j < TABLE; j++) {
        double m = lo + (hi - lo) * (double)j / (TABLE - 1);
        /* advance the signal grid until its truncated mean passes m */
        while (k < SIGNAL_GRID) {
            s = lo + (hi - lo) * (double)k / (SIGNAL_GRID - 1);
            double sd = model ? sqrt(fmax(model[0] * s + model[1], 0.0)) : sigma;
            double shift = 0.0;
            if (sd > 0.0)
                truncated_normal(s, sd, clip_below, clip_above, &shift, &ratio);
            else
                ratio = 1.0;
            mean = s + shift;
            if (mean >= m)
                break;
            mean_prev = mean;
            ratio_prev = ratio;
            k++;
        }
        double r;
        if (k >= SIGNAL_GRID)
            r = ratio_prev;
        else if (k == 0 || !(mean > mean_prev))
            r = ratio;
        else
            r = ratio_prev + (ratio - ratio_prev) * (m - mean_prev) / (mean - mean_prev);
        table[j] = r >= MIN_VARIANCE_RATIO ? (float)pow(r, -TRUNCATION_EXPONENT) : 0.0f;
    }
}

/* ---- The passes ------------------------------------------------------------------- */

typedef struct estimate_run {
    estimate_job job;
    fg_pool *pool;
    int blocks, workers;
    double norm;            /* standard deviation of the mask's response to unit noise */
    float lo[4], hi[4];
    int clip_lo[4], clip_hi[4], any_clip;
    float *gain;
} estimate_run;

static fg_status run_open(const fg_image *in, int threads, int bins, estimate_run *run, int *windows,
                          fg_error *error)
{
    fg_status status = fg_image_check(in, error);
    if (status != FG_OK)
        return status;
    int resolved;
    if ((status = fg_threads_check(threads, &resolved, error)) != FG_OK)
        return status;
    if ((status = fg_image_check_finite(in, error)) != FG_OK)
        return status;
    memset(run, 0, sizeof *run);
    estimate_job *job = &run->job;
    job->in = in;
    job->colour = fg_colour_channels(in);
    job->bins = bins;
    job->groups = bins ? bins : job->colour;
    *windows = 1;
    if (in->width >= 3 && in->height >= 3) {
        job->two_d = 1;
        job->first = 1;
        job->count = in->height - 2;
        run->norm = 6.0;            /* sqrt(sum of N^2) = sqrt(36) */
    } else if (in->width >= 3 || in->height >= 3) {
        job->along_x = in->width >= 3;
        job->count = job->along_x ? in->height : in->width;
        run->norm = sqrt(6.0);      /* [1 -2 1] */
    } else {
        *windows = 0;               /* no 3-pixel window: nothing to measure */
        return fg_succeed(error);
    }
    /* Large images: every step-th row (or line) of windows is plenty. */
    size_t length = (size_t)(job->along_x || job->two_d ? in->width : in->height);
    fg_windows_sample_rows(length - 2, &job->count, &job->step);
    run->blocks = fg_parallel_row_blocks(job->count, length * (size_t)job->colour, 65536, 8, &job->rows_per_block);

    if ((status = fg_pool_create(resolved, &run->pool, error)) != FG_OK)
        return status;
    if ((status = find_clip_levels(run->pool, in, job->colour, run->lo, run->hi, run->clip_lo, run->clip_hi,
                                   error)) != FG_OK) {
        fg_pool_destroy(run->pool);
        return status;
    }
    for (int c = 0; c < job->colour; c++) {
        job->clip_below[c] = run->clip_lo[c] ? run->lo[c] : -INFINITY;
        job->clip_above[c] = run->clip_hi[c] ? run->hi[c] : INFINITY;
        job->lo[c] = run->lo[c];
        job->scale[c] = run->hi[c] > run->lo[c] ? (float)(TABLE - 1) / (run->hi[c] - run->lo[c]) : 0.0f;
        run->any_clip |= run->clip_lo[c] | run->clip_hi[c];
    }
    run->workers = fg_pool_threads(run->pool);
    job->histograms = fg_alloc_array((size_t)job->groups * BINS * (size_t)run->workers, sizeof(uint64_t));
    job->sums = fg_alloc_array((size_t)job->groups * 2 * (size_t)run->workers, sizeof(uint64_t));
    run->gain = run->any_clip ? fg_alloc_array((size_t)job->colour * TABLE, sizeof(float)) : NULL;
    if (!job->histograms || !job->sums || (run->any_clip && !run->gain)) {
        fg_free(job->histograms);
        fg_free(job->sums);
        fg_free(run->gain);
        fg_pool_destroy(run->pool);
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for noise histograms");
    }
    return fg_succeed(error);
}

static void run_close(estimate_run *run)
{
    fg_free(run->job.histograms);
    fg_free(run->job.sums);
    fg_free(run->gain);
    fg_pool_destroy(run->pool);
}

/* The two passes: per group, the median N response of the windows with the
 * least structure over (norm * median |Z|) -- the noise sigma -- and the
 * count and mean brightness of those windows. */
static void run_passes(estimate_run *run, int corrected, double *sigma, double *count, double *mean)
{
    estimate_job *job = &run->job;
    job->gain = corrected ? run->gain : NULL;
    size_t per_worker = (size_t)job->groups * BINS;
    for (int pass = 1; pass <= 2; pass++) {
        job->pass = pass;
        memset(job->histograms, 0, per_worker * (size_t)run->workers * sizeof(uint64_t));
        memset(job->sums, 0, (size_t)job->groups * 2 * (size_t)run->workers * sizeof(uint64_t));
        fg_pool_run(run->pool, run->blocks, estimate_task, job);
        for (int w = 1; w < run->workers; w++) {
            for (size_t i = 0; i < per_worker; i++)
                job->histograms[i] += job->histograms[(size_t)w * per_worker + i];
            for (int i = 0; i < 2 * job->groups; i++)
                job->sums[i] += job->sums[(size_t)w * (size_t)job->groups * 2 + (size_t)i];
        }
        for (int g = 0; g < job->groups; g++) {
            double q = fg_log_quantile(job->histograms + (size_t)g * BINS, LOW_EXPONENT, BINS,
                                       pass == 1 ? KEEP_FRACTION : 0.5, 0.0);
            if (pass == 1) {
                job->threshold[g] = (float)q;
            } else {
                sigma[g] = q / (run->norm * MEDIAN_ABS_NORMAL);
                count[g] = (double)job->sums[2 * g];
                mean[g] = count[g] > 0 ? (double)job->sums[2 * g + 1] / MEAN_SCALE / count[g] : 0.0;
            }
        }
    }
}

fg_status fg_noise_estimate_threads(const fg_image *in, int threads, double *sigma, fg_error *error)
{
    if (!sigma && in)
        return fg_fail(error, FG_ERR_NULL, "sigma is NULL");
    estimate_run run;
    int windows;
    fg_status status = run_open(in, threads, 0, &run, &windows, error);
    if (status != FG_OK)
        return status;
    if (!windows) {
        *sigma = 0.0;
        return fg_succeed(error);
    }
    int colour = run.job.colour;
    double s[4], n[4], m[4];
    run_passes(&run, 0, s, n, m);
    for (int round = 0; run.any_clip && round < CORRECTIONS; round++) {
        for (int c = 0; c < colour; c++)
            correction_table(run.gain + (size_t)c * TABLE, run.lo[c], run.hi[c], run.job.clip_below[c],
                             run.job.clip_above[c], s[c], NULL);
        run_passes(&run, 1, s, n, m);
    }
    run_close(&run);
    double sum = 0.0;
    for (int c = 0; c < colour; c++)
        sum += s[c];
    *sigma = sum / colour;
    return fg_succeed(error);
}

fg_status fg_noise_estimate(const fg_image *in, double *sigma, fg_error *error)
{
    return fg_noise_estimate_threads(in, 0, sigma, error);
}

/* ---- The signal-dependent model ----------------------------------------------------- */

/* Weighted least squares of variance = a x + b over the bins with enough
 * windows; weights n / variance^2 (the variance of a variance estimate). */
static int fit_model(const double *sigma, const double *count, const double *mean, int bins, fg_noise_model *model)
{
    double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, x_min = INFINITY, x_max = -INFINITY;
    int used = 0;
    for (int i = 0; i < bins; i++) {
        if (count[i] < MODEL_MIN_WINDOWS || !(sigma[i] > 0.0))
            continue;
        double v = sigma[i] * sigma[i], w = count[i] / (v * v), x = mean[i];
        sw += w; sx += w * x; sy += w * v; sxx += w * x * x; sxy += w * x * v;
        x_min = fmin(x_min, x);
        x_max = fmax(x_max, x);
        used++;
    }
    model->bins = used;
    if (used == 0) {
        model->a = model->b = 0.0;
        model->x_min = model->x_max = 0.0;
        return 0;
    }
    double det = sw * sxx - sx * sx;
    if (used >= 2 && det > 1e-12 * sw * sxx) {
        model->a = (sw * sxy - sx * sy) / det;
        model->b = (sy - model->a * sx) / sw;
    } else {
        model->a = 0.0;
        model->b = sy / sw;
    }
    model->x_min = x_min;
    model->x_max = x_max;
    return used;
}

fg_status fg_noise_model_estimate(const fg_image *in, int threads, fg_noise_model *model, fg_error *error)
{
    if (!model && in)
        return fg_fail(error, FG_ERR_NULL, "model is NULL");
    estimate_run run;
    int windows;
    fg_status status = run_open(in, threads, MODEL_BINS, &run, &windows, error);
    if (status != FG_OK)
        return status;
    fg_noise_model result;
    memset(&result, 0, sizeof result);
    if (windows) {
        double s[MODEL_BINS], n[MODEL_BINS], m[MODEL_BINS];
        run_passes(&run, 0, s, n, m);
        fit_model(s, n, m, MODEL_BINS, &result);
        for (int round = 0; run.any_clip && result.bins && round < CORRECTIONS; round++) {
            double ab[2] = { result.a, result.b };
            for (int c = 0; c < run.job.colour; c++)
                correction_table(run.gain + (size_t)c * TABLE, run.lo[c], run.hi[c], run.job.clip_below[c],
                                 run.job.clip_above[c], 0.0, ab);
            run_passes(&run, 1, s, n, m);
            fit_model(s, n, m, MODEL_BINS, &result);
        }
        run_close(&run);
    }
    *model = result;
    return fg_succeed(error);
}

double fg_noise_model_sigma(const fg_noise_model *model, double x)
{
    if (!model || !isfinite(x))
        return NAN;
    double v = model->a * x + model->b;
    return v > 0.0 ? sqrt(v) : 0.0;
}
