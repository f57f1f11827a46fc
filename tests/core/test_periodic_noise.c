/* test_periodic_noise.c — the filter shapes of Frequency Smooth (high-pass,
 * band-pass, band-reject, notch reject) on both boundaries, automatic peak
 * detection and the periodic-noise removal: known answers (sinusoids on
 * exact bins and DCT basis functions), quality against synthetic scenes with
 * sinusoidal interference, banding and a halftone (PSNR against the clean
 * scene, compared with the best Gaussian low-pass), detected frequencies,
 * images without periodic noise, and the error contract. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fg/frequency_smooth.h"
#include "fg/periodic_noise.h"
#include "check.h"
#include "periodic_util.h"
#include "smooth_params.h"
#include "test_random.h"

#define PI 3.14159265358979323846

/* ---- Helpers ------------------------------------------------------------------- */

static fg_smooth_params shape_params(fg_filter_shape shape, fg_lowpass filter, fg_boundary boundary)
{
    fg_smooth_params p = make_params(filter, 8.0, 2, boundary);
    p.shape = shape;
    return p;
}

static const char *boundary_name(fg_boundary b)
{
    return b == FG_BOUNDARY_MIRROR ? "mirror" : "periodic";
}

/* ---- Transfer functions --------------------------------------------------------- */

static void test_transfer(void)
{
    for (int f = FG_LOWPASS_IDEAL; f <= FG_LOWPASS_BUTTERWORTH; f++) {
        fg_smooth_params low = shape_params(FG_SHAPE_LOWPASS, (fg_lowpass)f, FG_BOUNDARY_MIRROR);
        fg_smooth_params high = shape_params(FG_SHAPE_HIGHPASS, (fg_lowpass)f, FG_BOUNDARY_MIRROR);
        double worst = 0.0, worst_low = 0.0;
        for (int i = 0; i <= 50; i++) {
            double fx = 0.01 * i - 0.2, fy = 0.007 * i;
            double l = fg_filter_transfer(&low, fx, fy), h = fg_filter_transfer(&high, fx, fy);
            worst = fmax(worst, fabs(l + h - 1.0));
            worst_low = fmax(worst_low, fabs(l - fg_lowpass_transfer(low.filter, 2, hypot(fx, fy), 1.0 / 8.0)));
        }
        CHECK(worst <= 1e-12, "high-pass = 1 - low-pass (filter %d): %.2g", f, worst);
        CHECK(worst_low == 0.0, "low-pass transfer = fg_lowpass_transfer exactly (filter %d)", f);
        CHECK(fg_filter_transfer(&high, 0, 0) == 0.0, "high-pass removes the mean (filter %d)", f);

        /* Band between the periods 4 and 16 px: 1/16 .. 1/4 cycles/px. */
        fg_smooth_params bp = shape_params(FG_SHAPE_BANDPASS, (fg_lowpass)f, FG_BOUNDARY_PERIODIC);
        fg_smooth_params br = bp;
        br.shape = FG_SHAPE_BANDREJECT;
        bp.cutoff = br.cutoff = 4.0;
        bp.band_period = br.band_period = 16.0;
        double edge = f == FG_LOWPASS_IDEAL ? 1.0 : f == FG_LOWPASS_GAUSSIAN ? exp(-0.5) : 0.5;
        CHECK_CLOSE(fg_filter_transfer(&bp, 1.0 / 16, 0), edge, 1e-12, "band-pass at the long edge (filter %d)", f);
        CHECK_CLOSE(fg_filter_transfer(&bp, 0, 1.0 / 4), edge, 1e-12, "band-pass at the short edge (filter %d)", f);
        CHECK_CLOSE(fg_filter_transfer(&bp, 0.6 / 8, 0.8 / 8), 1.0, 1e-12, "band-pass 1 at the centre (filter %d)", f);
        CHECK(fg_filter_transfer(&bp, 0, 0) == 0.0 && fg_filter_transfer(&br, 0, 0) == 1.0,
              "band-pass removes, band-reject keeps the mean (filter %d)", f);
        CHECK_CLOSE(fg_filter_transfer(&bp, 0.1, 0.05) + fg_filter_transfer(&br, 0.1, 0.05), 1.0, 1e-12,
                    "band-reject = 1 - band-pass (filter %d)", f);
        bp.cutoff = 16.0;
        bp.band_period = 4.0;
        CHECK_CLOSE(fg_filter_transfer(&bp, 1.0 / 16, 0), edge, 1e-12, "band periods in either order (filter %d)", f);

        /* Notches: zero at the spot and its twin; mirror also at the reflections. */
        fg_notch n = { 0.2, 0.1, 0.02 };
        fg_smooth_params np = shape_params(FG_SHAPE_NOTCH, (fg_lowpass)f, FG_BOUNDARY_PERIODIC);
        np.notches = &n;
        np.notch_count = 1;
        CHECK(fg_filter_transfer(&np, 0.2, 0.1) == 0.0 && fg_filter_transfer(&np, -0.2, -0.1) == 0.0,
              "periodic notch rejects its spot and twin (filter %d)", f);
        double tail = f == FG_LOWPASS_BUTTERWORTH ? 2e-4 : 0.0;   /* 1 / (1 + 10^4): ten radii away */
        CHECK(fg_filter_transfer(&np, 0.2, -0.1) >= 1.0 - tail && fg_filter_transfer(&np, 0.0, 0.0) >= 1.0 - tail,
              "periodic notch passes the reflection and the mean (filter %d)", f);
        double at_r = f == FG_LOWPASS_IDEAL ? 0.0 : f == FG_LOWPASS_GAUSSIAN ? 1.0 - exp(-0.5) : 0.5;
        CHECK_CLOSE(fg_filter_transfer(&np, 0.2 + 0.02, 0.1), at_r, 1e-9, "notch at its radius (filter %d)", f);
        np.boundary = FG_BOUNDARY_MIRROR;
        CHECK(fg_filter_transfer(&np, 0.2, -0.1) == 0.0 && fg_filter_transfer(&np, -0.2, 0.1) == 0.0,
              "mirror notch rejects all four sign combinations (filter %d)", f);
        /* Wrap-around at Nyquist. */
        fg_notch edge_notch = { 0.5, 0.0, 0.03 };
        np.notches = &edge_notch;
        CHECK_CLOSE(fg_filter_transfer(&np, -0.49, 0.0), fg_filter_transfer(&np, 0.49, 0.0), 1e-12,
                    "notch distance wraps at Nyquist (filter %d)", f);
        np.notch_count = 0;
        CHECK(fg_filter_transfer(&np, 0.1, 0.3) == 1.0, "no notches: H = 1 (filter %d)", f);
    }
}

/* ---- Shapes on images: known answers --------------------------------------------- */

/* A periodic test image: mean 0.5 + a cosine on an exact DFT bin. */
static void periodic_cosine(float *d, int w, int h, int kx, int ky, double amplitude)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            d[(size_t)y * w + x] = (float)(0.5 + amplitude * cos(2 * PI * ((double)kx * x / w + (double)ky * y / h)));
}

/* A DCT-II basis function (mirror layout): frequency (kx / 2W, ky / 2H). */
static void dct_cosine(float *d, int w, int h, int kx, int ky, double amplitude)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            d[(size_t)y * w + x] = (float)(0.5 + amplitude * cos(PI * kx * (x + 0.5) / w) * cos(PI * ky * (y + 0.5) / h));
}

/* max |out - (0.5 + h (in - 0.5))|: a cosine around 0.5 scaled by H = h. */
static double scaled_diff(const float *in, const float *out, size_t n, double h)
{
    double worst = 0.0;
    for (size_t i = 0; i < n; i++)
        worst = fmax(worst, fabs(out[i] - (0.5 + h * (in[i] - 0.5))));
    return worst;
}

static void fill(float *d, size_t n, float v)
{
    for (size_t i = 0; i < n; i++)
        d[i] = v;
}

static void test_shapes_on_images(fg_fft_context *ctx)
{
    const int w = 60, h = 45;   /* not powers of two, not square */
    const size_t n = (size_t)w * h;
    float *in = image_new(w, h, 1), *out = image_new(w, h, 1), *flat = image_new(w, h, 1);
    fill(flat, n, 0.5f);
    fg_image vin = fg_image_make(in, w, h, 1, 0), vout = fg_image_make(out, w, h, 1, 0);
    fg_error err;

    for (int f = FG_LOWPASS_IDEAL; f <= FG_LOWPASS_BUTTERWORTH; f++) {
        /* Periodic: a cosine at bin (9, -5), i.e. (0.15, -0.111) cycles/px. */
        periodic_cosine(in, w, h, 9, -5, 0.2);
        fg_notch twin = { -9.0 / w, 5.0 / h, 0.01 };
        fg_smooth_params p = shape_params(FG_SHAPE_NOTCH, (fg_lowpass)f, FG_BOUNDARY_PERIODIC);
        p.notches = &twin;
        p.notch_count = 1;
        fg_status st = fg_frequency_smooth(ctx, &vin, &vout, &p, &err);
        CHECK(st == FG_OK && max_diff(out, flat, n) <= 1e-5, "periodic notch on the twin removes a cosine (filter %d): %.2g",
              f, max_diff(out, flat, n));
        fg_notch reflection = { 9.0 / w, 5.0 / h, 0.01 };
        p.notches = &reflection;
        st = fg_frequency_smooth(ctx, &vin, &vout, &p, &err);
        double keep = fg_filter_transfer(&p, 9.0 / w, -5.0 / h);
        CHECK(st == FG_OK && scaled_diff(in, out, n, keep) <= 1e-5 && keep > 0.999,
              "periodic notch on the reflection keeps it (filter %d): %.2g", f, scaled_diff(in, out, n, keep));

        /* Mirror: a DCT basis function at (14/2W, 6/2H); a notch given with any signs removes it. */
        dct_cosine(in, w, h, 14, 6, 0.2);
        fg_notch signs = { -14.0 / (2 * w), 6.0 / (2 * h), 0.005 };
        p.boundary = FG_BOUNDARY_MIRROR;
        p.notches = &signs;
        st = fg_frequency_smooth(ctx, &vin, &vout, &p, &err);
        CHECK(st == FG_OK && max_diff(out, flat, n) <= 1e-5, "mirror notch removes a DCT cosine (filter %d): %.2g", f,
              max_diff(out, flat, n));
        fg_notch off = { 20.0 / (2 * w), 6.0 / (2 * h), 0.005 };
        p.notches = &off;
        st = fg_frequency_smooth(ctx, &vin, &vout, &p, &err);
        keep = fg_filter_transfer(&p, 14.0 / (2 * w), 6.0 / (2 * h));
        CHECK(st == FG_OK && scaled_diff(in, out, n, keep) <= 1e-5 && keep > 0.999,
              "mirror notch elsewhere keeps it (filter %d): %.2g", f, scaled_diff(in, out, n, keep));

        for (int b = 0; b < 2; b++) {
            fg_boundary boundary = b ? FG_BOUNDARY_PERIODIC : FG_BOUNDARY_MIRROR;
            /* Period 60/9 = 6.67 px (periodic) or 2W/14 = 8.57 px (mirror): inside the ring 5..12 px. */
            if (b)
                periodic_cosine(in, w, h, 9, 0, 0.2);
            else
                dct_cosine(in, w, h, 14, 0, 0.2);
            fg_smooth_params q = shape_params(FG_SHAPE_BANDREJECT, (fg_lowpass)f, boundary);
            q.cutoff = 12.0;
            q.band_period = 5.0;
            fg_smooth_params bp = q;
            bp.shape = FG_SHAPE_BANDPASS;
            double at = 1.0 / (b ? 60.0 / 9 : 2.0 * w / 14), atten = fg_filter_transfer(&q, at, 0);
            st = fg_frequency_smooth(ctx, &vin, &vout, &q, &err);
            double worst = 0.0;
            for (size_t i = 0; i < n; i++)
                worst = fmax(worst, fabs(out[i] - (0.5 + atten * (in[i] - 0.5))));
            CHECK(st == FG_OK && worst <= 1e-5, "band-reject scales a cosine by H (filter %d, %s): %.2g", f,
                  boundary_name(boundary), worst);
            st = fg_frequency_smooth(ctx, &vin, &vout, &bp, &err);
            worst = 0.0;
            for (size_t i = 0; i < n; i++)
                worst = fmax(worst, fabs(out[i] - (1.0 - atten) * (in[i] - 0.5)));
            CHECK(st == FG_OK && worst <= 1e-5, "band-pass keeps the ring, drops the mean (filter %d, %s): %.2g", f,
                  boundary_name(boundary), worst);
            fg_smooth_params hp = shape_params(FG_SHAPE_HIGHPASS, (fg_lowpass)f, boundary);
            hp.cutoff = 3.0;
            double hatt = fg_filter_transfer(&hp, at, 0);
            st = fg_frequency_smooth(ctx, &vin, &vout, &hp, &err);
            worst = 0.0;
            for (size_t i = 0; i < n; i++)
                worst = fmax(worst, fabs(out[i] - hatt * (in[i] - 0.5)));
            CHECK(st == FG_OK && worst <= 1e-5, "high-pass: mean gone, cosine times H (filter %d, %s): %.2g", f,
                  boundary_name(boundary), worst);
        }
    }

    /* Colour with alpha: an opaque image filters each colour channel alike. */
    {
        float *rgba = image_new(w, h, 4), *res = image_new(w, h, 4);
        periodic_cosine(in, w, h, 9, -5, 0.2);
        for (size_t i = 0; i < n; i++) {
            rgba[4 * i] = in[i];
            rgba[4 * i + 1] = 0.3f;
            rgba[4 * i + 2] = 1.0f - in[i];
            rgba[4 * i + 3] = 1.0f;
        }
        fg_notch notch = { 9.0 / w, -5.0 / h, 0.01 };
        fg_smooth_params p = shape_params(FG_SHAPE_NOTCH, FG_LOWPASS_GAUSSIAN, FG_BOUNDARY_PERIODIC);
        p.notches = &notch;
        p.notch_count = 1;
        fg_image a = fg_image_make(rgba, w, h, 4, 1), r = fg_image_make(res, w, h, 4, 1);
        fg_status st = fg_frequency_smooth(ctx, &a, &r, &p, &err);
        double worst = 0.0;
        for (size_t i = 0; i < n; i++)
            worst = fmax(worst, fmax(fabs(res[4 * i] - 0.5), fmax(fabs(res[4 * i + 1] - 0.3), fabs(res[4 * i + 2] - 0.5))));
        CHECK(st == FG_OK && worst <= 1e-5 && res[3] == 1.0f, "RGBA: the notch removes the cosine from every colour: %.2g",
              worst);
        free(rgba);
        free(res);
    }
    free(in);
    free(out);
    free(flat);
}

/* ---- Error contract --------------------------------------------------------------- */

static void test_shape_errors(void)
{
    const int w = 16, h = 12;
    float *in = image_new(w, h, 1), *out = image_new(w, h, 1);
    fill(out, (size_t)w * h, -7.0f);
    fg_image vin = fg_image_make(in, w, h, 1, 0), vout = fg_image_make(out, w, h, 1, 0);
    fg_error err;
    fg_notch notches[FG_MAX_NOTCHES + 1];
    for (int i = 0; i <= FG_MAX_NOTCHES; i++)
        notches[i] = (fg_notch){ 0.1, 0.1, 0.01 };

    struct { const char *what; fg_status expect; fg_smooth_params p; fg_notch bad; } cases[12];
    int count = 0;
#define CASE(name, status, setup) do { \
        cases[count].what = name; cases[count].expect = status; \
        cases[count].p = shape_params(FG_SHAPE_NOTCH, FG_LOWPASS_GAUSSIAN, FG_BOUNDARY_MIRROR); \
        cases[count].p.notches = notches; cases[count].p.notch_count = 1; \
        cases[count].bad = notches[0]; \
        { fg_smooth_params *P = &cases[count].p; fg_notch *N = &cases[count].bad; (void)P; (void)N; setup; } \
        count++; } while (0)
    CASE("unknown shape", FG_ERR_PARAM, P->shape = (fg_filter_shape)99);
    CASE("NaN notch frequency", FG_ERR_PARAM, N->fx = NAN);
    CASE("notch frequency beyond Nyquist", FG_ERR_PARAM, N->fy = 0.51);
    CASE("notch radius 0", FG_ERR_PARAM, N->radius = 0.0);
    CASE("notch radius above 0.5", FG_ERR_PARAM, N->radius = 0.6);
    CASE("notch radius NaN", FG_ERR_PARAM, N->radius = NAN);
    CASE("too many notches", FG_ERR_PARAM, P->notch_count = FG_MAX_NOTCHES + 1);
    CASE("negative notch count", FG_ERR_PARAM, P->notch_count = -1);
    CASE("NULL notches", FG_ERR_NULL, P->notches = NULL);
    CASE("band period equal to the cutoff", FG_ERR_PARAM, (P->shape = FG_SHAPE_BANDREJECT, P->band_period = 8.0));
    CASE("band period NaN", FG_ERR_PARAM, (P->shape = FG_SHAPE_BANDPASS, P->band_period = NAN));
    CASE("high-pass cutoff 0", FG_ERR_PARAM, (P->shape = FG_SHAPE_HIGHPASS, P->cutoff = 0.0));
#undef CASE
    for (int i = 0; i < count; i++) {
        fg_notch saved = notches[0];
        notches[0] = cases[i].bad;
        fg_status st = fg_frequency_smooth(NULL, &vin, &vout, &cases[i].p, &err);
        CHECK(st == cases[i].expect && err.status == st && err.message[0] && out[0] == -7.0f
                  && isnan(fg_filter_transfer(&cases[i].p, 0.1, 0.1)),
              "refused: %s (%s)", cases[i].what, err.message);
        notches[0] = saved;
    }
    /* Parameters only a band or notch shape uses are ignored by the others. */
    fg_smooth_params p = shape_params(FG_SHAPE_LOWPASS, FG_LOWPASS_GAUSSIAN, FG_BOUNDARY_MIRROR);
    p.band_period = NAN;
    p.notch_count = 1000;
    CHECK(fg_frequency_smooth(NULL, &vin, &vout, &p, &err) == FG_OK, "low-pass ignores band and notch fields");
    p.shape = FG_SHAPE_NOTCH;
    p.notch_count = FG_MAX_NOTCHES;
    p.notches = notches;
    p.cutoff = NAN;
    CHECK(fg_frequency_smooth(NULL, &vin, &vout, &p, &err) == FG_OK, "notch reject takes %d notches, ignores the cutoff",
          FG_MAX_NOTCHES);
    free(in);
    free(out);
}

/* ---- Synthetic scenes ------------------------------------------------------------ */

/* A smooth scene with edges: a gradient, antialiased rectangles and discs of
 * random grey levels, and a little seeded noise; values 0.1 .. 0.9. */
static void scene(float *d, int w, int h, uint64_t seed)
{
    test_seed(seed);
    const double gx = 0.3 * (test_uniform() - 0.5), gy = 0.3 * (test_uniform() - 0.5);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            d[(size_t)y * w + x] = (float)(0.5 + gx * (x - w / 2.0) / w + gy * (y - h / 2.0) / h);
    for (int k = 0; k < 8; k++) {
        double cx = test_uniform() * w, cy = test_uniform() * h;
        double rx = (0.05 + 0.2 * test_uniform()) * w, ry = (0.05 + 0.2 * test_uniform()) * h;
        double level = 0.15 + 0.7 * test_uniform();
        int disc = k & 1;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                /* Signed distance (px) inside the shape, antialiased over a pixel. */
                double inside = disc ? (1.0 - hypot((x - cx) / rx, (y - cy) / ry)) * fmin(rx, ry)
                                     : fmin(rx - fabs(x - cx), ry - fabs(y - cy));
                double a = fmin(1.0, fmax(0.0, inside + 0.5));
                float *v = &d[(size_t)y * w + x];
                *v = (float)((1.0 - a) * *v + a * level);
            }
    }
    for (size_t i = 0; i < (size_t)w * h; i++)
        d[i] = (float)fmin(0.9, fmax(0.1, d[i] + 0.004 * test_gauss()));
}

typedef struct quality_case {
    const char *name;
    int w, h;
    wave waves[3];
    int n;
} quality_case;

static void test_quality(fg_fft_context *ctx)
{
    static const quality_case cases[] = {
        { "two sinusoids", 200, 150, { { 0.1314, 0.0712, 0.08 }, { 0.2133, -0.1577, 0.05 } }, 2 },
        { "one sinusoid, low frequency", 181, 240, { { 0.0583, -0.0437, 0.06 } }, 1 },
        { "horizontal banding", 220, 160, { { 0.0, 1.0 / 9.3, 0.06 } }, 1 },
        { "vertical banding", 160, 130, { { 1.0 / 5.7, 0.0, 0.05 } }, 1 },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const quality_case *q = &cases[c];
        const int w = q->w, h = q->h;
        const size_t n = (size_t)w * h;
        float *clean = image_new(w, h, 1), *noisy = image_new(w, h, 1), *out = image_new(w, h, 1);
        scene(clean, w, h, 1000u + c);
        add_waves(clean, noisy, w, h, q->waves, q->n);
        fg_image vin = fg_image_make(noisy, w, h, 1, 0), vout = fg_image_make(out, w, h, 1, 0);

        fg_peak peaks[FG_MAX_NOTCHES];
        int count = 0, extra = 0;
        fg_peak_params pp;
        fg_peak_params_init(&pp);
        fg_status st = fg_find_periodic_peaks(ctx, &vin, &pp, peaks, FG_MAX_NOTCHES, &count, NULL);
        double error_bins = st == FG_OK ? peak_error(peaks, count, q->waves, q->n, w, h, 1, &extra) : -1.0;
        printf("# %s: %d peaks, worst frequency error %.3f bins, %d extra\n", q->name, count, error_bins, extra);
        for (int p = 0; p < count; p++)
            printf("#   peak (%.4f, %.4f) strength %.1f amplitude %.3f\n", peaks[p].fx, peaks[p].fy, peaks[p].strength,
                   peaks[p].amplitude);
        CHECK(st == FG_OK && error_bins >= 0 && error_bins <= 0.5, "%s: every wave found within half a bin (%.3f)",
              q->name, error_bins);
        CHECK(extra == 0, "%s: no false peaks (%d)", q->name, extra);

        double cutoff, low = best_lowpass(ctx, clean, noisy, w, h, 1, &cutoff);
        for (int b = 0; b < 2; b++) {
            fg_periodic_params p;
            fg_periodic_params_init(&p);
            p.boundary = b ? FG_BOUNDARY_PERIODIC : FG_BOUNDARY_MIRROR;
            int notches = -1;
            st = fg_remove_periodic_noise(ctx, &vin, &vout, &p, &notches, NULL);
            double got = psnr(clean, out, n);
            printf("# %s, %s: noisy %.2f dB, best low-pass %.2f dB (cutoff %.1f px), notches %.2f dB (%d notches), gain %.2f dB\n",
                   q->name, boundary_name(p.boundary), psnr(clean, noisy, n), low, cutoff, got, notches, got - low);
            CHECK(st == FG_OK && got >= low + 3.0, "%s, %s: PSNR %.2f dB >= best low-pass %.2f dB + 3", q->name,
                  boundary_name(p.boundary), got, low);
        }
        free(clean);
        free(noisy);
        free(out);
    }
}

static void test_no_noise(fg_fft_context *ctx)
{
    const int sizes[][2] = { { 200, 150 }, { 97, 131 }, { 256, 256 } };
    for (int s = 0; s < 3; s++) {
        for (uint64_t seed = 0; seed < 4; seed++) {
            const int w = sizes[s][0], h = sizes[s][1];
            const size_t n = (size_t)w * h;
            float *clean = image_new(w, h, 1), *out = image_new(w, h, 1);
            scene(clean, w, h, 77u + seed + 10u * s);
            fg_image vin = fg_image_make(clean, w, h, 1, 0), vout = fg_image_make(out, w, h, 1, 0);
            fg_peak peaks[8];
            int count = -1, notches = -1;
            fg_peak_params pp;
            fg_peak_params_init(&pp);
            fg_status st = fg_find_periodic_peaks(ctx, &vin, &pp, peaks, 8, &count, NULL);
            fg_periodic_params p;
            fg_periodic_params_init(&p);
            fg_status st2 = fg_remove_periodic_noise(ctx, &vin, &vout, &p, &notches, NULL);
            double diff = max_diff(clean, out, n);
            if (count > 0)
                printf("#   false peak (%.4f, %.4f) strength %.1f\n", peaks[0].fx, peaks[0].fy, peaks[0].strength);
            CHECK(st == FG_OK && st2 == FG_OK && count == 0 && diff <= 1.0 / 255,
                  "no periodic noise (%dx%d, scene %d): %d peaks, %d notches, max change %.2g", w, h, (int)seed, count,
                  notches, diff);
            free(clean);
            free(out);
        }
    }
}

/* RGBA with varying alpha: the colour channels carry the same interference. */
static void test_rgba(fg_fft_context *ctx)
{
    const int w = 150, h = 110;
    const size_t n = (size_t)w * h;
    float *grey = image_new(w, h, 1), *noisy = image_new(w, h, 1);
    float *clean = image_new(w, h, 4), *in = image_new(w, h, 4), *out = image_new(w, h, 4);
    scene(grey, w, h, 555u);
    const wave waves[1] = { { 0.161, -0.093, 0.07 } };
    add_waves(grey, noisy, w, h, waves, 1);
    for (size_t i = 0; i < n; i++) {
        float a = i % (size_t)w < (size_t)w / 2 ? 1.0f : 0.6f;
        const float tint[3] = { 1.0f, 0.8f, 0.6f };
        for (int c = 0; c < 3; c++) {
            clean[4 * i + c] = grey[i] * tint[c];
            in[4 * i + c] = clean[4 * i + c] + (noisy[i] - grey[i]);
        }
        clean[4 * i + 3] = in[4 * i + 3] = a;
    }
    fg_image vin = fg_image_make(in, w, h, 4, 1), vout = fg_image_make(out, w, h, 4, 1);
    fg_periodic_params p;
    fg_periodic_params_init(&p);
    int notches = 0;
    fg_status st = fg_remove_periodic_noise(ctx, &vin, &vout, &p, &notches, NULL);
    double before = psnr(clean, in, 4 * n), after = psnr(clean, out, 4 * n);
    printf("# RGBA: noisy %.2f dB, after %.2f dB, %d notches\n", before, after, notches);
    CHECK(st == FG_OK && notches >= 1 && after >= before + 8.0, "RGBA with alpha: %.2f dB -> %.2f dB", before, after);
    int alpha_kept = 1;
    for (size_t i = 0; i < n; i++)
        alpha_kept &= out[4 * i + 3] == in[4 * i + 3];
    CHECK(alpha_kept, "RGBA: alpha unchanged");
    free(grey);
    free(noisy);
    free(clean);
    free(in);
    free(out);
}

static int cancel_at_half(void *data, double fraction)
{
    (void)data;
    return fraction >= 0.5;
}

static void test_periodic_errors(fg_fft_context *ctx)
{
    const int w = 40, h = 30;
    float *in = image_new(w, h, 1), *out = image_new(w, h, 1);
    fg_image vin = fg_image_make(in, w, h, 1, 0), vout = fg_image_make(out, w, h, 1, 0);
    periodic_cosine(in, w, h, 7, 5, 0.3);
    fg_peak peaks[4];
    fg_notch notches[4];
    memset(peaks, 0, sizeof peaks);   /* CHECK formats its message before the call */
    memset(notches, 0, sizeof notches);
    int count = -5;
    fg_error err;
    fg_peak_params pp;
    fg_peak_params_init(&pp);
    CHECK(fg_find_periodic_peaks(ctx, NULL, &pp, peaks, 4, &count, &err) == FG_ERR_NULL && count == -5, "peaks: NULL image");
    CHECK(fg_find_periodic_peaks(ctx, &vin, NULL, peaks, 4, &count, &err) == FG_ERR_NULL, "peaks: NULL params");
    CHECK(fg_find_periodic_peaks(ctx, &vin, &pp, NULL, 4, &count, &err) == FG_ERR_NULL, "peaks: NULL array");
    CHECK(fg_find_periodic_peaks(ctx, &vin, &pp, peaks, 4, NULL, &err) == FG_ERR_NULL, "peaks: NULL count");
    CHECK(fg_find_periodic_peaks(ctx, &vin, &pp, peaks, -1, &count, &err) == FG_ERR_PARAM, "peaks: max_peaks < 0");
    fg_peak_params bad = pp;
    bad.min_strength = NAN;
    CHECK(fg_find_periodic_peaks(ctx, &vin, &bad, peaks, 4, &count, &err) == FG_ERR_PARAM, "peaks: NaN strength (%s)", err.message);
    bad = pp;
    bad.max_period = 1.0;
    CHECK(fg_find_periodic_peaks(ctx, &vin, &bad, peaks, 4, &count, &err) == FG_ERR_PARAM, "peaks: max period < 2");
    bad = pp;
    bad.threads = -1;
    CHECK(fg_find_periodic_peaks(ctx, &vin, &bad, peaks, 4, &count, &err) == FG_ERR_PARAM, "peaks: bad threads");
    bad = pp;
    bad.progress = cancel_at_half;
    CHECK(fg_find_periodic_peaks(ctx, &vin, &bad, peaks, 4, &count, &err) == FG_ERR_CANCELLED && count == -5, "peaks: cancel");
    CHECK(fg_find_periodic_peaks(ctx, &vin, &pp, NULL, 0, &count, &err) == FG_OK && count == 0, "peaks: max_peaks 0");
    CHECK(fg_find_periodic_peaks(ctx, &vin, &pp, peaks, 4, &count, &err) == FG_OK && count == 1
              && fabs(peaks[0].fx - 7.0 / w) < 1e-3 && fabs(peaks[0].fy - 5.0 / h) < 1e-3
              && fabs(peaks[0].amplitude - 0.3) < 0.05,
          "peaks: an on-bin cosine of amplitude 0.3 (%d peaks, %.4f %.4f, amplitude %.3f)", count, peaks[0].fx,
          peaks[0].fy, peaks[0].amplitude);
    in[5] = NAN;
    CHECK(fg_find_periodic_peaks(ctx, &vin, &pp, peaks, 4, &count, &err) == FG_ERR_NONFINITE, "peaks: NaN pixel");

    fill(out, (size_t)w * h, -7.0f);
    fg_periodic_params p;
    fg_periodic_params_init(&p);
    CHECK(fg_remove_periodic_noise(ctx, &vin, &vout, &p, NULL, &err) == FG_ERR_NONFINITE && out[0] == -7.0f,
          "remove: NaN pixel, output untouched");
    in[5] = 0.5f;
    struct { const char *what; fg_periodic_params p; } cases[8];
    for (int i = 0; i < 8; i++)
        cases[i].p = p;
    cases[0].what = "max_notches 0"; cases[0].p.max_notches = 0;
    cases[1].what = "too many notches"; cases[1].p.max_notches = FG_MAX_NOTCHES + 1;
    cases[2].what = "notch radius NaN"; cases[2].p.notch_radius = NAN;
    cases[3].what = "notch radius above 0.5"; cases[3].p.notch_radius = 0.7;
    cases[4].what = "negative notch radius"; cases[4].p.notch_radius = -0.01;
    cases[5].what = "harmonics 2"; cases[5].p.harmonics = 2;
    cases[6].what = "Butterworth order 0"; cases[6].p.profile = FG_LOWPASS_BUTTERWORTH; cases[6].p.order = 0;
    cases[7].what = "unknown boundary"; cases[7].p.boundary = (fg_boundary)7;
    for (int i = 0; i < 8; i++) {
        fg_status st = fg_remove_periodic_noise(ctx, &vin, &vout, &cases[i].p, NULL, &err);
        fg_status st2 = fg_periodic_noise_notches(ctx, &vin, &cases[i].p, notches, 4, &count, &err);
        CHECK(st == FG_ERR_PARAM && st2 == FG_ERR_PARAM && out[0] == -7.0f && err.message[0], "remove: refused %s (%s)",
              cases[i].what, err.message);
    }
    CHECK(fg_remove_periodic_noise(ctx, NULL, &vout, &p, NULL, &err) == FG_ERR_NULL, "remove: NULL input");
    CHECK(fg_remove_periodic_noise(ctx, &vin, &vout, NULL, NULL, &err) == FG_ERR_NULL, "remove: NULL params");
    CHECK(fg_periodic_noise_notches(ctx, &vin, &p, NULL, 4, &count, &err) == FG_ERR_NULL, "notches: NULL array");
    fg_periodic_params c = p;
    c.detect.progress = cancel_at_half;
    CHECK(fg_remove_periodic_noise(ctx, &vin, &vout, &c, NULL, &err) == FG_ERR_CANCELLED && out[0] == -7.0f,
          "remove: cancelled, output untouched");
    CHECK(fg_periodic_noise_notches(ctx, &vin, &p, notches, 4, &count, &err) == FG_OK && count >= 1
              && notches[0].radius == 2.0 / h,
          "notches: found, automatic radius 2 / min(W, H)");
    /* In place. */
    periodic_cosine(in, w, h, 7, 5, 0.3);
    memcpy(out, in, sizeof(float) * (size_t)w * h);
    int used = 0;
    p.boundary = FG_BOUNDARY_PERIODIC;   /* an on-bin cosine: removed exactly */
    fg_status st = fg_remove_periodic_noise(ctx, &vout, &vout, &p, &used, &err);
    double sum = 0.0;
    for (size_t i = 0; i < (size_t)w * h; i++)
        sum += (out[i] - 0.5) * (out[i] - 0.5);
    double rms = sqrt(sum / ((double)w * h));
    CHECK(st == FG_OK && used >= 1 && rms < 1e-3, "remove in place: the cosine is gone (%d notches, rms %.4f of 0.21)",
          used, rms);
    free(in);
    free(out);
}

int main(void)
{
    test_seed(20250611u);
    fg_fft_context *ctx = fg_fft_context_new();
    test_transfer();
    test_shapes_on_images(ctx);
    test_shape_errors();
    test_quality(ctx);
    test_no_noise(ctx);
    test_rgba(ctx);
    test_periodic_errors(ctx);
    fg_fft_context_free(ctx);
    return check_done();
}
