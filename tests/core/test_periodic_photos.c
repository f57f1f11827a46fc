/* test_periodic_photos.c — periodic-noise removal on real photographs
 * (tests/data/photos, and tests/data/chelsea.png as an independent check
 * of the clean case only): the clean photographs come out unchanged (no
 * false peaks); a photo plus sinusoidal interference or square-profile
 * banding is descreened automatically at least 3 dB above the best Gaussian
 * low-pass, with the detected frequencies within half a bin of the truth;
 * an amplitude-modulated halftone (grey, and CMY screens at three angles),
 * blurred like a scan, comes out at least as good as the best low-pass,
 * with the screens' fundamentals found within half a bin and the image's
 * mean kept within half an 8-bit level (the notches pass zero frequency).
 * The notches on the true screen lattice are reported for comparison.
 *
 *   test_periodic_photos DATA_DIR      (DATA_DIR: tests/data)
 *
 * The PNGs are read by png_io.h (on top of zlib). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fg/frequency_smooth.h"
#include "fg/periodic_noise.h"
#include "check.h"
#include "periodic_util.h"
#include "png_io.h"

/* ---- Photographs ----------------------------------------------------------------- */

static const char *data_dir = "tests/data";

static const char *const photos[] = {
    "bythewater", "coldripple", "colorfulcups", "dune", "eveningglow", "fallenleaf",
    "garden", "greenmeadow", "grey", "ladybird", "onestandsout", "path",
};
#define PHOTOS (int)(sizeof photos / sizeof photos[0])

/* Photo `name` of tests/data/photos (or tests/data itself when `top`). */
static float *load_photo(const char *name, int top, int *w, int *h)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s%s.png", data_dir, top ? "" : "photos/", name);
    float *rgb = png_read(path, w, h);
    if (!rgb)
        printf("# cannot read %s\n", path);
    return rgb;
}

/* A crop (x0, y0, cw, ch) of an RGB image, as RGB or as grey (Rec. 601 luma). */
static float *crop(const float *rgb, int w, int x0, int y0, int cw, int ch, int grey)
{
    float *out = image_new(cw, ch, grey ? 1 : 3);
    for (int y = 0; y < ch; y++)
        for (int x = 0; x < cw; x++) {
            const float *p = rgb + 3 * ((size_t)(y0 + y) * w + x0 + x);
            if (grey)
                out[(size_t)y * cw + x] = 0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2];
            else
                memcpy(out + 3 * ((size_t)y * cw + x), p, 3 * sizeof(float));
        }
    return out;
}

/* The crop of a photo for a case, or NULL (a failed check). */
static float *clean_crop(const char *what, const char *photo, int x0, int y0, int w, int h, int grey)
{
    int pw, ph;
    float *rgb = load_photo(photo, 0, &pw, &ph);
    float *clean = rgb && x0 + w <= pw && y0 + h <= ph ? crop(rgb, pw, x0, y0, w, h, grey) : NULL;
    if (!clean)
        CHECK(0, "%s: read %s", what, photo);
    free(rgb);
    return clean;
}

/* ---- Clean photographs: unchanged ------------------------------------------------ */

static void test_clean(fg_fft_context *ctx)
{
    for (int k = 0; k <= PHOTOS; k++) {
        if (check_quick() && k % 4)   /* valgrind: four of the photos */
            continue;
        const char *name = k < PHOTOS ? photos[k] : "chelsea";
        int w, h;
        float *rgb = load_photo(name, k == PHOTOS, &w, &h);
        if (!rgb) {
            CHECK(0, "%s: read", name);
            continue;
        }
        const size_t n = (size_t)w * h * 3;
        float *out = image_new(w, h, 3);
        fg_image vin = fg_image_make(rgb, w, h, 3, 0), vout = fg_image_make(out, w, h, 3, 0);
        fg_peak peaks[4];
        int count = -1, notches = -1;
        fg_peak_params pp;
        fg_peak_params_init(&pp);
        fg_periodic_params p;
        fg_periodic_params_init(&p);
        fg_status st = fg_find_periodic_peaks(ctx, &vin, &pp, peaks, 4, &count, NULL);
        fg_status st2 = fg_remove_periodic_noise(ctx, &vin, &vout, &p, &notches, NULL);
        for (int i = 0; st == FG_OK && i < count; i++)
            printf("#   false peak (%.4f, %.4f) strength %.1f\n", peaks[i].fx, peaks[i].fy, peaks[i].strength);
        double diff = max_diff(rgb, out, n);
        CHECK(st == FG_OK && st2 == FG_OK && count == 0 && diff <= 1.0 / 255,
              "clean %s (%dx%d%s): %d peaks, %d notches, max change %.2g", name, w, h,
              k == PHOTOS ? ", independent check" : "", count, notches, diff);
        free(rgb);
        free(out);
    }
}

/* ---- Sinusoids and banding ------------------------------------------------------- */

/* Square-ish stripes: amplitude * tanh(3 sin(phase)) / tanh(3), odd harmonics. */
static void add_banding(float *d, int w, int h, int channels, const wave *band)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double v = band->amplitude * tanh(3.0 * sin(2 * PI * (band->fx * x + band->fy * y) + 0.4)) / tanh(3.0);
            for (int c = 0; c < channels; c++)
                d[((size_t)y * w + x) * channels + c] += (float)v;
        }
}

typedef struct photo_case {
    const char *what, *photo;
    int x0, y0, w, h, grey, banding;   /* banding: the waves have the square profile */
    wave waves[2];
    int n;
} photo_case;

/* Not among the cases, a limit of a detector with a local background:
 * banding of period 21 px and amplitude 0.04 on eveningglow (512x300) is
 * not found, because the photo's own spectrum at those bins along the fy
 * axis (its sky and horizon) is as strong as the banding's fundamental
 * (log-magnitudes 6.2-6.6 against 6.8), so nothing stands out there. */
static void test_interference(fg_fft_context *ctx)
{
    static const photo_case cases[] = {
        { "two sinusoids", "bythewater", 0, 0, 512, 320, 1, 0, { { 0.1314, 0.0712, 0.06 }, { 0.2133, -0.1577, 0.04 } }, 2 },
        { "one sinusoid, low frequency", "coldripple", 57, 21, 397, 283, 1, 0, { { 0.0583, -0.0437, 0.05 } }, 1 },
        { "two sinusoids, colour", "ladybird", 100, 60, 301, 211, 0, 0, { { 0.0871, 0.2219, 0.05 }, { 0.3102, -0.0405, 0.03 } }, 2 },
        { "horizontal banding", "greenmeadow", 0, 0, 640, 512, 1, 1, { { 0.0, 1.0 / 9.3, 0.05 } }, 1 },
        { "vertical banding", "dune", 0, 0, 560, 350, 1, 1, { { 1.0 / 5.7, 0.0, 0.04 } }, 1 },
        { "vertical banding, colour", "fallenleaf", 31, 0, 451, 317, 0, 1, { { 1.0 / 12.5, 0.0, 0.04 } }, 1 },
    };
    const int quick = check_quick();
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        if (quick && c)   /* valgrind: the first case */
            continue;
        const photo_case *q = &cases[c];
        float *clean = clean_crop(q->what, q->photo, q->x0, q->y0, q->w, q->h, q->grey);
        if (!clean)
            continue;
        const int w = q->w, h = q->h, channels = q->grey ? 1 : 3;
        const size_t n = (size_t)w * h * channels;
        float *noisy = image_new(w, h, channels);
        float *out = image_new(w, h, channels);
        if (q->banding) {
            memcpy(noisy, clean, n * sizeof(float));
            add_banding(noisy, w, h, channels, &q->waves[0]);
        } else {
            add_waves_channels(clean, noisy, w, h, channels, q->waves, q->n);
        }
        fg_image vin = fg_image_make(noisy, w, h, channels, 0), vout = fg_image_make(out, w, h, channels, 0);

        fg_peak peaks[FG_MAX_NOTCHES];
        int count = 0, extra = 0;
        fg_peak_params pp;
        fg_peak_params_init(&pp);
        fg_status st = fg_find_periodic_peaks(ctx, &vin, &pp, peaks, FG_MAX_NOTCHES, &count, NULL);
        double error_bins = st == FG_OK ? peak_error(peaks, count, q->waves, q->n, w, h, q->banding ? 7 : 1, &extra) : -1;
        printf("# %s (%s %dx%d): %d peaks, worst frequency error %.3f bins, %d extra\n", q->what, q->photo, w, h, count,
               error_bins, extra);
        for (int p = 0; p < count; p++)
            printf("#   peak (%.4f, %.4f) strength %.1f amplitude %.3f\n", peaks[p].fx, peaks[p].fy, peaks[p].strength,
                   peaks[p].amplitude);
        CHECK(st == FG_OK && error_bins >= 0 && error_bins <= 0.5, "%s (%s): every wave found within half a bin (%.3f)",
              q->what, q->photo, error_bins);
        CHECK(extra == 0, "%s (%s): no false peaks (%d)", q->what, q->photo, extra);

        double cutoff, low = best_lowpass(ctx, clean, noisy, w, h, channels, &cutoff);
        fg_periodic_params p;
        fg_periodic_params_init(&p);
        int notches = -1;
        st = fg_remove_periodic_noise(ctx, &vin, &vout, &p, &notches, NULL);
        double got = psnr(clean, out, n);
        printf("# %s (%s): noisy %.2f dB, best low-pass %.2f dB (cutoff %.1f px), notches %.2f dB (%d notches), "
               "gain %.2f dB\n", q->what, q->photo, psnr(clean, noisy, n), low, cutoff, got, notches, got - low);
        CHECK(st == FG_OK && got >= low + 3.0, "%s (%s): PSNR %.2f dB >= best low-pass %.2f dB + 3", q->what, q->photo,
              got, low);
        free(clean);
        free(noisy);
        free(out);
    }
}

/* ---- Halftones ------------------------------------------------------------------- */

/* An amplitude-modulated dot screen: period (px) and angle (degrees).  The
 * spot function s = cos(2 pi u / P) + cos(2 pi v / P) in the screen's
 * rotated coordinates (u, v) is turned into a threshold by its own
 * distribution over a cell (the fraction of the cell where s is larger), so
 * a flat tone t covers exactly the fraction t of every cell with ink. */
typedef struct screen {
    double period, angle;
} screen;

#define SPOT_SAMPLES 256

static int compare_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

static double spot(const screen *s, double x, double y)
{
    double a = s->angle * PI / 180.0, u = x * cos(a) + y * sin(a), v = -x * sin(a) + y * cos(a);
    return cos(2 * PI * u / s->period) + cos(2 * PI * v / s->period);
}

/* ink[i] in 0..1 -> the screened ink coverage, 4 x 4 samples per pixel. */
static void halftone(const float *ink, float *coverage, int w, int h, int channels, const screen *screens)
{
    float *sorted = malloc(sizeof(float) * SPOT_SAMPLES * SPOT_SAMPLES);
    for (int j = 0; j < SPOT_SAMPLES; j++)
        for (int i = 0; i < SPOT_SAMPLES; i++)
            sorted[j * SPOT_SAMPLES + i] = (float)(cos(2 * PI * (i + 0.5) / SPOT_SAMPLES) + cos(2 * PI * (j + 0.5) / SPOT_SAMPLES));
    qsort(sorted, SPOT_SAMPLES * SPOT_SAMPLES, sizeof(float), compare_float);
    for (int c = 0; c < channels; c++)
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                const size_t i = ((size_t)y * w + x) * channels + c;
                int covered = 0;
                for (int sy = 0; sy < 4; sy++)
                    for (int sx = 0; sx < 4; sx++) {
                        float s = (float)spot(&screens[c], x + (sx + 0.5) / 4.0, y + (sy + 0.5) / 4.0);
                        /* Fraction of the cell where the spot function is above s. */
                        int lo = 0, hi = SPOT_SAMPLES * SPOT_SAMPLES;
                        while (lo < hi) {
                            int mid = (lo + hi) / 2;
                            if (sorted[mid] <= s)
                                lo = mid + 1;
                            else
                                hi = mid;
                        }
                        double threshold = (double)(SPOT_SAMPLES * SPOT_SAMPLES - lo) / (SPOT_SAMPLES * SPOT_SAMPLES);
                        covered += threshold < ink[i];
                    }
                coverage[i] = covered / 16.0f;
            }
    free(sorted);
}

/* A scanner's optics: a separable Gaussian blur of sigma px, edges clamped. */
static void blur(float *d, int w, int h, int channels, double sigma)
{
    const int r = (int)ceil(3 * sigma);
    double k[32], sum = 0;
    for (int i = -r; i <= r; i++)
        sum += k[i + r] = exp(-0.5 * i * i / (sigma * sigma));
    float *tmp = image_new(w, h, channels);
    for (int pass = 0; pass < 2; pass++)
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < channels; c++) {
                    double v = 0;
                    for (int i = -r; i <= r; i++) {
                        int xx = pass ? x : x + i, yy = pass ? y + i : y;
                        xx = xx < 0 ? 0 : xx >= w ? w - 1 : xx;
                        yy = yy < 0 ? 0 : yy >= h ? h - 1 : yy;
                        v += k[i + r] * (pass ? tmp : d)[((size_t)yy * w + xx) * channels + c];
                    }
                    (pass ? d : tmp)[((size_t)y * w + x) * channels + c] = (float)(v / sum);
                }
    free(tmp);
}

/* Notches on the true screen lattices: i a + j b, 0 < max(|i|, |j|) <= 3,
 * with a, b the screen's basis frequencies, aliased, one of each twin pair;
 * the radius the automatic removal gives a screen's notches (Gaussian). */
static int lattice_notches(const screen *screens, int count, int w, int h, fg_notch *notches, int room)
{
    int n = 0;
    const double small = 2.0 / (w < h ? w : h), clearance = sqrt(2.0 * log(1000.0));
    for (int s = 0; s < count; s++) {
        double a = screens[s].angle * PI / 180.0, f = 1.0 / screens[s].period;
        for (int i = -3; i <= 3; i++)
            for (int j = -3; j <= 3; j++) {
                if (!i && !j)
                    continue;
                double fx = f * (i * cos(a) - j * sin(a)), fy = f * (i * sin(a) + j * cos(a));
                fx -= nearbyint(fx);
                fy -= nearbyint(fy);
                if (fx < 0 || (fx == 0 && fy < 0))
                    continue;
                int dup = 0;
                for (int k = 0; k < n && !dup; k++)
                    dup = fabs(notches[k].fx - fx) * w < 1 && fabs(notches[k].fy - fy) * h < 1;
                double radius = fmax(small, fmin(FG_PERIODIC_SCREEN_RADIUS / screens[s].period, hypot(fx, fy) / clearance));
                if (!dup && n < room)
                    notches[n++] = (fg_notch){ fx, fy, radius };
            }
    }
    return n;
}

typedef struct halftone_case {
    const char *what, *photo;
    int x0, y0, w, h, grey;
    screen screens[3];   /* grey: the first; colour: cyan, magenta, yellow */
    double blur;
} halftone_case;

static void test_halftones(fg_fft_context *ctx)
{
    static const halftone_case cases[] = {
        { "grey halftone, 7 px at 15 degrees", "path", 0, 0, 512, 320, 1, { { 7.0, 15.0 } }, 1.0 },
        { "grey halftone, 6 px at 45 degrees", "greenmeadow", 40, 30, 480, 400, 1, { { 6.0, 45.0 } }, 0.8 },
        { "grey halftone, 2.9 px at 0 degrees (aliased harmonics)", "garden", 0, 0, 512, 320, 1, { { 2.9, 0.0 } }, 0.7 },
        { "CMY halftone, 7 px at 15/75/0 degrees", "colorfulcups", 0, 0, 512, 320, 0,
          { { 7.0, 15.0 }, { 7.0, 75.0 }, { 7.0, 0.0 } }, 1.0 },
    };
    const int quick = check_quick();
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        if (quick && c != 1)   /* valgrind: one case */
            continue;
        const halftone_case *q = &cases[c];
        float *clean = clean_crop(q->what, q->photo, q->x0, q->y0, q->w, q->h, q->grey);
        if (!clean)
            continue;
        const int w = q->w, h = q->h, channels = q->grey ? 1 : 3;
        const size_t n = (size_t)w * h * channels;
        float *ink = image_new(w, h, channels), *scan = image_new(w, h, channels), *out = image_new(w, h, channels);
        for (size_t i = 0; i < n; i++)
            ink[i] = 1.0f - clean[i];
        halftone(ink, scan, w, h, channels, q->screens);
        for (size_t i = 0; i < n; i++)
            scan[i] = 1.0f - scan[i];
        blur(scan, w, h, channels, q->blur);
        fg_image vin = fg_image_make(scan, w, h, channels, 0), vout = fg_image_make(out, w, h, channels, 0);

        /* The screens' fundamentals, found within half a bin. */
        fg_peak peaks[FG_MAX_NOTCHES];
        int count = 0;
        fg_peak_params pp;
        fg_peak_params_init(&pp);
        fg_status st = fg_find_periodic_peaks(ctx, &vin, &pp, peaks, FG_MAX_NOTCHES, &count, NULL);
        double worst = 0;
        for (int s = 0; s < channels; s++) {
            double a = q->screens[s].angle * PI / 180.0, f = 1.0 / q->screens[s].period;
            const wave basis[2] = { { f * cos(a), f * sin(a), 0 }, { -f * sin(a), f * cos(a), 0 } };
            for (int b = 0; b < 2; b++) {
                double best = 1e9;
                for (int p = 0; p < count; p++)
                    best = fmin(best, wave_distance(&peaks[p], &basis[b], 1, w, h));
                worst = fmax(worst, best);
            }
        }
        printf("# %s (%s %dx%d): %d peaks, worst fundamental error %.3f bins\n", q->what, q->photo, w, h, count, worst);
        for (int p = 0; p < count && p < 8; p++)
            printf("#   peak (%.4f, %.4f) strength %.1f\n", peaks[p].fx, peaks[p].fy, peaks[p].strength);
        CHECK(st == FG_OK && worst <= 0.5, "%s: the screen fundamentals found within half a bin (%.3f)", q->what, worst);

        double cutoff, low = best_lowpass(ctx, clean, scan, w, h, channels, &cutoff);
        fg_periodic_params p;
        fg_periodic_params_init(&p);
        int notches = -1;
        st = fg_remove_periodic_noise(ctx, &vin, &vout, &p, &notches, NULL);
        double got = psnr(clean, out, n);

        fg_notch ideal[FG_MAX_NOTCHES];
        fg_smooth_params sp;
        fg_smooth_params_init(&sp);
        sp.shape = FG_SHAPE_NOTCH;
        sp.notches = ideal;
        sp.notch_count = lattice_notches(q->screens, channels, w, h, ideal, FG_MAX_NOTCHES);
        fg_status st2 = fg_frequency_smooth(ctx, &vin, &vout, &sp, NULL);
        double truth = psnr(clean, out, n);
        printf("# %s: scan %.2f dB, best low-pass %.2f dB (cutoff %.1f px), automatic %.2f dB (%d notches, %+.2f dB), "
               "notches on the true lattice %.2f dB (%d notches, %+.2f dB)\n", q->what, psnr(clean, scan, n), low, cutoff,
               got, notches, got - low, truth, sp.notch_count, truth - low);
        CHECK(st == FG_OK && st2 == FG_OK && got >= low, "%s: automatic %.2f dB >= best low-pass %.2f dB", q->what, got,
              low);
        /* The notches leave the zero frequency alone: the mean is kept. */
        st = fg_remove_periodic_noise(ctx, &vin, &vout, &p, NULL, NULL);
        double mean_in = 0, mean_out = 0;
        for (size_t i = 0; i < n; i++) {
            mean_in += scan[i];
            mean_out += out[i];
        }
        CHECK(st == FG_OK && fabs(mean_out - mean_in) / n <= 0.5 / 255, "%s: mean kept (%.5f -> %.5f)", q->what,
              mean_in / n, mean_out / n);
        free(clean);
        free(ink);
        free(scan);
        free(out);
    }
}

int main(int argc, char **argv)
{
    if (argc > 1)
        data_dir = argv[1];
    fg_fft_context *ctx = fg_fft_context_new();
    test_clean(ctx);
    test_interference(ctx);
    test_halftones(ctx);
    fg_fft_context_free(ctx);
    return check_done();
}
