/* periodic_util.h — what the periodic-noise tests share: images, PSNR,
 * sinusoidal interference, the best Gaussian low-pass (its cutoff searched)
 * and the error of detected peaks against the true frequencies. */
#ifndef FG_TEST_PERIODIC_UTIL_H
#define FG_TEST_PERIODIC_UTIL_H

#include <math.h>
#include <stdlib.h>

#include "fg/frequency_smooth.h"
#include "fg/periodic_noise.h"
#include "smooth_params.h"

#ifndef PI
#define PI 3.14159265358979323846
#endif

static inline float *image_new(int w, int h, int c)
{
    return calloc((size_t)w * h * c, sizeof(float));
}

static inline double max_diff(const float *a, const float *b, size_t n)
{
    double worst = 0.0;
    for (size_t i = 0; i < n; i++)
        worst = fmax(worst, fabs((double)a[i] - b[i]));
    return worst;
}

/* PSNR (dB) for values in 0..1; 999 for identical data. */
static inline double psnr(const float *a, const float *b, size_t n)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = (double)a[i] - b[i];
        sum += d * d;
    }
    return sum > 0 ? 10.0 * log10((double)n / sum) : 999.0;
}

typedef struct wave {
    double fx, fy, amplitude;
} wave;

/* noisy = clean + the waves (wave k with phase 0.7 k + 0.3), on every channel. */
static inline void add_waves_channels(const float *clean, float *noisy, int w, int h, int channels, const wave *waves,
                                      int n)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double v = 0.0;
            for (int k = 0; k < n; k++)
                v += waves[k].amplitude * cos(2 * PI * (waves[k].fx * x + waves[k].fy * y) + 0.7 * k + 0.3);
            for (int c = 0; c < channels; c++) {
                size_t i = ((size_t)y * w + x) * channels + c;
                noisy[i] = (float)(clean[i] + v);
            }
        }
}

static inline void add_waves(const float *clean, float *noisy, int w, int h, const wave *waves, int n)
{
    add_waves_channels(clean, noisy, w, h, 1, waves, n);
}

/* The best PSNR a Gaussian low-pass (mirror boundary) reaches, its cutoff
 * searched from 1 to 64 px in steps of 5 % (25 % with check_quick()), and
 * that cutoff (0: no low-pass beats the noisy image). */
static inline double best_lowpass(fg_fft_context *ctx, const float *clean, const float *noisy, int w, int h,
                                   int channels, double *best_cutoff)
{
    const size_t n = (size_t)w * h * channels;
    const char *quick = getenv("FG_TEST_QUICK");
    const double step = quick && quick[0] == '1' ? 1.25 : 1.05;
    float *out = image_new(w, h, channels);
    fg_image vin = fg_image_make((float *)noisy, w, h, channels, 0), vout = fg_image_make(out, w, h, channels, 0);
    double best = psnr(clean, noisy, n);
    *best_cutoff = 0.0;
    for (double cutoff = 1.0; out && cutoff <= 64.0; cutoff *= step) {
        fg_smooth_params p = make_params(FG_LOWPASS_GAUSSIAN, cutoff, 2, FG_BOUNDARY_MIRROR);
        if (fg_frequency_smooth(ctx, &vin, &vout, &p, NULL) != FG_OK)
            continue;
        double q = psnr(clean, out, n);
        if (q > best) {
            best = q;
            *best_cutoff = cutoff;
        }
    }
    free(out);
    return best;
}

/* Bins (the larger of the x and y errors) between a peak and k times a
 * wave's frequency (or its twin), aliased into -0.5..0.5. */
static inline double wave_distance(const fg_peak *peak, const wave *wv, int k, int w, int h)
{
    double best = 1e9;
    for (int sign = -1; sign <= 1; sign += 2) {
        double dx = peak->fx - sign * k * wv->fx, dy = peak->fy - sign * k * wv->fy;
        dx -= nearbyint(dx);
        dy -= nearbyint(dy);
        best = fmin(best, fmax(fabs(dx) * w, fabs(dy) * h));
    }
    return best;
}

/* Largest error of the detected peaks against the true waves, in bins, over
 * the waves; -1 when one was missed (no peak within 2 bins).  *extra: the
 * detected peaks that match no wave, nor (for non-sinusoidal profiles,
 * max_multiple > 1) a multiple 2 .. max_multiple of one within a bin. */
static inline double peak_error(const fg_peak *peaks, int count, const wave *waves, int n, int w, int h,
                                int max_multiple, int *extra)
{
    double worst = 0.0;
    int used[FG_MAX_NOTCHES] = { 0 };
    for (int k = 0; k < n; k++) {
        double best = 1e9;
        int at = -1;
        for (int p = 0; p < count && p < FG_MAX_NOTCHES; p++) {
            double d = wave_distance(&peaks[p], &waves[k], 1, w, h);
            if (d < best) {
                best = d;
                at = p;
            }
        }
        if (at < 0 || best > 2.0)
            return -1.0;
        used[at] = 1;
        worst = fmax(worst, best);
    }
    *extra = 0;
    for (int p = 0; p < count && p < FG_MAX_NOTCHES; p++) {
        for (int k = 0; k < n && !used[p]; k++)
            for (int m = 2; m <= max_multiple && !used[p]; m++)
                used[p] = wave_distance(&peaks[p], &waves[k], m, w, h) <= 1.0;
        *extra += !used[p];
    }
    return worst;
}

#endif
