/* test_frequency_smooth.c — the frequency-domain smoothing engine: transfer
 * functions, cosines scaled by H, stop-band energy, a spatial-convolution
 * reference, a double-precision transform reference, sizes, channels,
 * strides, in-place, alpha, prepared/apply, bad input, cancel, threads. */
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <fftw3.h>

#include "fg/frequency_smooth.h"
#include "check.h"
#include "smooth_params.h"

#define PI 3.14159265358979323846

/* ---- Helpers ------------------------------------------------------------------- */

static unsigned rng_state = 12345u;
static double rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return (rng_state >> 8) / 16777216.0;
}

static float *new_floats(size_t n)
{
    float *p = malloc((n ? n : 1) * sizeof *p);
    if (!p) {
        printf("Bail out! out of memory\n");
        exit(1);
    }
    return p;
}

static void fill_random(float *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (float)rnd();
}

static const char *filter_name(fg_lowpass f)
{
    return f == FG_LOWPASS_IDEAL ? "ideal" : f == FG_LOWPASS_GAUSSIAN ? "gaussian" : "butterworth";
}
static const char *boundary_name(fg_boundary b)
{
    return b == FG_BOUNDARY_MIRROR ? "mirror" : "periodic";
}

/* H written out again here (independently of the library). */
static double H_ref(fg_lowpass filter, int order, double rho, double rho_c)
{
    switch (filter) {
    case FG_LOWPASS_IDEAL:       return rho <= rho_c ? 1.0 : 0.0;
    case FG_LOWPASS_GAUSSIAN:    return exp(-rho * rho / (2 * rho_c * rho_c));
    case FG_LOWPASS_BUTTERWORTH: return 1.0 / (1.0 + pow(rho / rho_c, 2.0 * order));
    }
    return NAN;
}

/* ---- Double-precision reference filter (naive separable transforms) ----------- */

/* Naive DFT along lines of n samples, `count` lines; element j of line l is
 * at l * dist + j * stride.  sign = -1 forward, +1 inverse (unnormalised). */
static void dft_lines(double *re, double *im, int n, int count, ptrdiff_t stride, ptrdiff_t dist, int sign)
{
    double *c = malloc(sizeof(double) * (size_t)n * 4), *s = c + n, *tr = c + 2 * n, *ti = c + 3 * n;
    for (int j = 0; j < n; j++) {
        c[j] = cos(2 * PI * j / n);
        s[j] = sign * sin(2 * PI * j / n);
    }
    for (int l = 0; l < count; l++) {
        double *lr = re + l * dist, *li = im + l * dist;
        for (int k = 0; k < n; k++) {
            double ar = 0, ai = 0;
            for (int j = 0; j < n; j++) {
                int t = (int)(((long long)k * j) % n);
                double xr = lr[j * stride], xi = li[j * stride];
                ar += xr * c[t] - xi * s[t];
                ai += xr * s[t] + xi * c[t];
            }
            tr[k] = ar;
            ti[k] = ai;
        }
        for (int k = 0; k < n; k++) {
            lr[k * stride] = tr[k];
            li[k * stride] = ti[k];
        }
    }
    free(c);
}

/* Naive DCT-II (X_k = sum x_j cos(pi k (2j+1) / 2n)) or its inverse
 * (x_j = X_0/n + 2/n sum_{k>=1} X_k cos(...)) along lines. */
static void dct_lines(double *v, int n, int count, ptrdiff_t stride, ptrdiff_t dist, int inverse)
{
    double *c = malloc(sizeof(double) * (size_t)n * 5), *t = c + 4 * n;
    for (int j = 0; j < 4 * n; j++)
        c[j] = cos(PI * j / (2.0 * n));
    for (int l = 0; l < count; l++) {
        double *x = v + l * dist;
        for (int a = 0; a < n; a++) {
            double sum = 0;
            for (int b = 0; b < n; b++) {
                int k = inverse ? b : a, j = inverse ? a : b;
                double w = inverse ? (k == 0 ? 1.0 / n : 2.0 / n) : 1.0;
                sum += w * x[b * stride] * c[((long long)k * (2 * j + 1)) % (4 * n)];
            }
            t[a] = sum;
        }
        for (int a = 0; a < n; a++)
            x[a * stride] = t[a];
    }
    free(c);
}

/* Low-pass filters one W x H plane of doubles in place, the textbook way. */
static void ref_filter_plane(double *p, int W, int H, const fg_smooth_params *params)
{
    double rho_c = 1.0 / params->cutoff;
    if (params->boundary == FG_BOUNDARY_PERIODIC) {
        double *im = calloc((size_t)W * H, sizeof *im);
        dft_lines(p, im, W, H, 1, W, -1);
        dft_lines(p, im, H, W, W, 1, -1);
        for (int ky = 0; ky < H; ky++)
            for (int kx = 0; kx < W; kx++) {
                double fx = (kx <= W / 2 ? kx : kx - W) / (double)W;
                double fy = (ky <= H / 2 ? ky : ky - H) / (double)H;
                double h = H_ref(params->filter, params->order, sqrt(fx * fx + fy * fy), rho_c);
                p[ky * W + kx] *= h;
                im[ky * W + kx] *= h;
            }
        dft_lines(p, im, H, W, W, 1, +1);
        dft_lines(p, im, W, H, 1, W, +1);
        for (size_t i = 0; i < (size_t)W * H; i++)
            p[i] /= (double)W * H;
        free(im);
    } else {
        dct_lines(p, W, H, 1, W, 0);
        dct_lines(p, H, W, W, 1, 0);
        for (int ky = 0; ky < H; ky++)
            for (int kx = 0; kx < W; kx++) {
                double fx = kx / (2.0 * W), fy = ky / (2.0 * H);
                p[ky * W + kx] *= H_ref(params->filter, params->order, sqrt(fx * fx + fy * fy), rho_c);
            }
        dct_lines(p, H, W, W, 1, 1);
        dct_lines(p, W, H, 1, W, 1);
    }
}

/* The documented result for an interleaved image (packed), in doubles:
 * colour premultiplied, F(a c) / F(a) where F(a) > 1e-6, else the original;
 * the quotient limited to the visible (a > 0) range of each colour. */
static void ref_smooth(const float *in, int W, int H, int C, int alpha, const fg_smooth_params *params,
                       double *out)
{
    size_t n = (size_t)W * H;
    double *planes = malloc(sizeof(double) * n * (size_t)C);
    for (int c = 0; c < C; c++)
        for (size_t i = 0; i < n; i++) {
            double v = in[i * C + c];
            if (alpha && c < C - 1)
                v *= in[i * C + C - 1];
            planes[c * n + i] = v;
        }
    for (int c = 0; c < C; c++)
        ref_filter_plane(planes + c * n, W, H, params);
    double lo[4] = { -HUGE_VAL, -HUGE_VAL, -HUGE_VAL, -HUGE_VAL };
    double hi[4] = { HUGE_VAL, HUGE_VAL, HUGE_VAL, HUGE_VAL };
    if (alpha) {
        for (int c = 0; c < C - 1; c++) {
            lo[c] = HUGE_VAL;
            hi[c] = -HUGE_VAL;
        }
        for (size_t i = 0; i < n; i++)
            for (int c = 0; in[i * C + C - 1] > 0 && c < C - 1; c++) {
                lo[c] = fmin(lo[c], in[i * C + c]);
                hi[c] = fmax(hi[c], in[i * C + c]);
            }
    }
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < C; c++) {
            if (!alpha)
                out[i * C + c] = planes[c * n + i];
            else if (c == C - 1)
                out[i * C + c] = in[i * C + c];
            else {
                double fa = planes[(size_t)(C - 1) * n + i];
                out[i * C + c] = fa > 1e-6 ? fmin(fmax(planes[c * n + i] / fa, lo[c]), hi[c]) : in[i * C + c];
            }
        }
    free(planes);
}

static double max_diff_to_ref(const float *got, const double *ref, size_t n)
{
    double worst = 0;
    for (size_t i = 0; i < n; i++)
        worst = fmax(worst, fabs(got[i] - ref[i]));
    return worst;
}

/* Smooths a packed image into a new packed buffer; NULL on failure. */
static float *smooth_new(fg_fft_context *ctx, const float *in, int W, int H, int C, int alpha,
                         const fg_smooth_params *params, fg_status *status)
{
    float *out = new_floats((size_t)W * H * C);
    fg_image vin = fg_image_make((float *)in, W, H, C, alpha), vout = fg_image_make(out, W, H, C, alpha);
    fg_error err;
    *status = fg_frequency_smooth(ctx, &vin, &vout, params, &err);
    if (*status != FG_OK) {
        printf("# smooth failed: %s\n", err.message);
        free(out);
        return NULL;
    }
    return out;
}

/* ---- Transfer functions and defaults --------------------------------------------- */

static void test_defaults_and_transfer(void)
{
    fg_smooth_params p;
    memset(&p, 0x5a, sizeof p);
    fg_smooth_params_init(&p);
    CHECK(p.filter == FG_LOWPASS_GAUSSIAN && p.cutoff == 8.0 && p.order == 2 && p.boundary == FG_BOUNDARY_MIRROR
          && p.threads == 0 && p.progress == NULL && p.progress_data == NULL, "defaults: gaussian, 8 px, order 2, mirror, all cores");
    CHECK_SURVIVES(fg_smooth_params_init(NULL), "fg_smooth_params_init(NULL) is harmless");

    double rc = 0.125;
    for (int f = 0; f < 3; f++)
        CHECK_CLOSE(fg_lowpass_transfer((fg_lowpass)f, 2, 0.0, rc), 1.0, 0.0, "%s H(0) = 1", filter_name((fg_lowpass)f));
    CHECK_CLOSE(fg_lowpass_transfer(FG_LOWPASS_IDEAL, 2, rc, rc), 1.0, 0.0, "ideal H(rho_c) = 1 (rho <= rho_c passes)");
    CHECK_CLOSE(fg_lowpass_transfer(FG_LOWPASS_IDEAL, 2, rc * 1.000001, rc), 0.0, 0.0, "ideal H just above cutoff = 0");
    CHECK_CLOSE(fg_lowpass_transfer(FG_LOWPASS_GAUSSIAN, 2, rc, rc), exp(-0.5), 1e-15, "gaussian H(rho_c) = e^-1/2");
    CHECK_CLOSE(fg_lowpass_transfer(FG_LOWPASS_BUTTERWORTH, 3, rc, rc), 0.5, 1e-15, "butterworth H(rho_c) = 1/2");
    int ok = 1;
    for (int f = 0; f < 3; f++)
        for (int n = 1; n <= 10; n++)
            for (double rho = 0; rho <= 0.75; rho += 0.01) {
                double got = fg_lowpass_transfer((fg_lowpass)f, n, rho, 0.17);
                double want = H_ref((fg_lowpass)f, n, rho, 0.17);
                ok &= fabs(got - want) <= 1e-12;
            }
    CHECK(ok, "fg_lowpass_transfer matches the textbook formulas (all filters, orders 1-10)");
    CHECK_CLOSE(fg_lowpass_transfer(FG_LOWPASS_GAUSSIAN, 2, 0.1, 1.0 / (2 * PI * 2.0)),
                exp(-2 * PI * PI * 4.0 * 0.01), 1e-15, "gaussian: sigma = 1/(2 pi rho_c) matches exp(-2 pi^2 sigma^2 rho^2)");
    CHECK(isnan(fg_lowpass_transfer((fg_lowpass)7, 2, 0.1, 0.1)), "unknown filter -> NaN");
    CHECK(isnan(fg_lowpass_transfer(FG_LOWPASS_BUTTERWORTH, 0, 0.1, 0.1))
          && isnan(fg_lowpass_transfer(FG_LOWPASS_BUTTERWORTH, 11, 0.1, 0.1)), "butterworth order 0 / 11 -> NaN");
    CHECK(!isnan(fg_lowpass_transfer(FG_LOWPASS_GAUSSIAN, 0, 0.1, 0.1)), "order ignored by gaussian");
    CHECK(isnan(fg_lowpass_transfer(FG_LOWPASS_GAUSSIAN, 2, 0.1, 0.0)) && isnan(fg_lowpass_transfer(FG_LOWPASS_GAUSSIAN, 2, 0.1, -1))
          && isnan(fg_lowpass_transfer(FG_LOWPASS_GAUSSIAN, 2, 0.1, INFINITY))
          && isnan(fg_lowpass_transfer(FG_LOWPASS_GAUSSIAN, 2, 0.1, NAN)), "rho_c <= 0, inf, NaN -> NaN");
    CHECK(isnan(fg_lowpass_transfer(FG_LOWPASS_GAUSSIAN, 2, -0.1, 0.1)) && isnan(fg_lowpass_transfer(FG_LOWPASS_GAUSSIAN, 2, NAN, 0.1)),
          "negative or NaN rho -> NaN");
    CHECK(fg_lowpass_transfer(FG_LOWPASS_BUTTERWORTH, 10, INFINITY, 0.1) == 0.0
          && fg_lowpass_transfer(FG_LOWPASS_GAUSSIAN, 2, INFINITY, 0.1) == 0.0
          && fg_lowpass_transfer(FG_LOWPASS_IDEAL, 2, INFINITY, 0.1) == 0.0, "rho = inf -> 0");
}

/* ---- Constant images and the mean ---------------------------------------------- */

static void test_constant_and_mean(fg_fft_context *ctx)
{
    const int W = 33, H = 20;
    for (int b = 0; b < 2; b++)
        for (int f = 0; f < 3; f++) {
            fg_smooth_params p = make_params((fg_lowpass)f, 6.0, 3, (fg_boundary)b);
            fg_status st;
            float in[33 * 20 * 3];
            for (int i = 0; i < W * H * 3; i++)
                in[i] = i % 3 == 0 ? 0.25f : i % 3 == 1 ? 0.5f : 0.875f;
            float *out = smooth_new(ctx, in, W, H, 3, 0, &p, &st);
            double worst = 0;
            for (int i = 0; out && i < W * H * 3; i++)
                worst = fmax(worst, fabs(out[i] - in[i]));
            CHECK(out && worst <= 2e-6, "%s %s: constant RGB image unchanged (max diff %.2g <= 2e-6)",
                  filter_name(p.filter), boundary_name(p.boundary), worst);
            free(out);

            fill_random(in, (size_t)W * H);
            out = smooth_new(ctx, in, W, H, 1, 0, &p, &st);
            double mean_in = 0, mean_out = 0;
            for (int i = 0; out && i < W * H; i++) {
                mean_in += in[i];
                mean_out += out[i];
            }
            CHECK(out && fabs(mean_in - mean_out) / (W * H) <= 1e-6, "%s %s: mean (DC) preserved: %.9f vs %.9f",
                  filter_name(p.filter), boundary_name(p.boundary), mean_in / (W * H), mean_out / (W * H));
            free(out);
        }
}

/* ---- Cosines are scaled by H ------------------------------------------------------ */

/* Periodic: an exactly periodic 2-D cosine at (kx/W, ky/H).  Mirror: a DCT-II
 * basis product cos(pi kx (x+.5)/W) cos(pi ky (y+.5)/H) at (kx/2W, ky/2H). */
static double cosine_at(fg_boundary b, int W, int H, int kx, int ky, int x, int y)
{
    if (b == FG_BOUNDARY_PERIODIC)
        return cos(2 * PI * ((double)kx * x / W + (double)ky * y / H));
    return cos(PI * kx * (x + 0.5) / W) * cos(PI * ky * (y + 0.5) / H);
}

static void test_cosines(fg_fft_context *ctx)
{
    struct { fg_lowpass f; double cutoff; int order; } cases[] = {
        { FG_LOWPASS_GAUSSIAN, 8.0, 2 }, { FG_LOWPASS_BUTTERWORTH, 8.0, 2 }, { FG_LOWPASS_BUTTERWORTH, 11.0, 5 },
        { FG_LOWPASS_IDEAL, 8.0, 2 },    { FG_LOWPASS_IDEAL, 12.0, 2 },      { FG_LOWPASS_GAUSSIAN, 3.0, 2 },
    };
    for (int periodic = 1; periodic >= 0; periodic--) {
        const fg_boundary b = periodic ? FG_BOUNDARY_PERIODIC : FG_BOUNDARY_MIRROR;
        const int W = periodic ? 64 : 40, H = periodic ? 48 : 30, kx = periodic ? 5 : 6, ky = periodic ? 3 : 4;
        double rho = periodic ? sqrt(pow(kx / (double)W, 2) + pow(ky / (double)H, 2))
                              : sqrt(pow(kx / (2.0 * W), 2) + pow(ky / (2.0 * H), 2));
        float *in = new_floats((size_t)W * H);
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                in[y * W + x] = (float)(0.5 + 0.25 * cosine_at(b, W, H, kx, ky, x, y));
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            fg_smooth_params p = make_params(cases[i].f, cases[i].cutoff, cases[i].order, b);
            double h = H_ref(p.filter, p.order, rho, 1.0 / p.cutoff);
            fg_status st;
            float *out = smooth_new(ctx, in, W, H, 1, 0, &p, &st);
            double worst = 0;
            for (int y = 0; out && y < H; y++)
                for (int x = 0; x < W; x++) {
                    double want = 0.5 + 0.25 * h * cosine_at(b, W, H, kx, ky, x, y);
                    worst = fmax(worst, fabs(out[y * W + x] - want));
                }
            CHECK(out && worst <= 1e-5, "%s %s cutoff %g: %s scaled by H = %.4f (max err %.2g <= 1e-5)",
                  periodic ? "periodic" : "mirror", filter_name(p.filter), p.cutoff,
                  periodic ? "cosine" : "DCT cosine", h, worst);
            free(out);
        }
        free(in);
    }
}

/* ---- Ideal filter: nothing above the cutoff ------------------------------------- */

static void test_ideal_stopband(fg_fft_context *ctx)
{
    const int W = 32, H = 24;
    const double cutoff = 5.3, rho_c = 1.0 / cutoff;   /* no sample exactly at the cutoff */
    float *in = new_floats((size_t)W * H);
    fill_random(in, (size_t)W * H);
    for (int b = 0; b < 2; b++) {
        fg_smooth_params p = make_params(FG_LOWPASS_IDEAL, cutoff, 2, (fg_boundary)b);
        fg_status st;
        float *out = smooth_new(ctx, in, W, H, 1, 0, &p, &st);
        if (!out) {
            CHECK(0, "ideal %s smoothing ran", boundary_name(p.boundary));
            continue;
        }
        /* Independent double transforms of input and result. */
        double *ri = malloc(sizeof(double) * W * H * 4), *ii = ri + W * H, *ro = ri + 2 * W * H, *io = ri + 3 * W * H;
        for (int i = 0; i < W * H; i++) {
            ri[i] = in[i];
            ro[i] = out[i];
            ii[i] = io[i] = 0;
        }
        if (b == FG_BOUNDARY_PERIODIC) {
            dft_lines(ri, ii, W, H, 1, W, -1);
            dft_lines(ri, ii, H, W, W, 1, -1);
            dft_lines(ro, io, W, H, 1, W, -1);
            dft_lines(ro, io, H, W, W, 1, -1);
        } else {
            dct_lines(ri, W, H, 1, W, 0);
            dct_lines(ri, H, W, W, 1, 0);
            dct_lines(ro, W, H, 1, W, 0);
            dct_lines(ro, H, W, W, 1, 0);
        }
        double stop_in = 0, stop_out = 0, pass_err = 0;
        for (int ky = 0; ky < H; ky++)
            for (int kx = 0; kx < W; kx++) {
                double fx, fy;
                if (b == FG_BOUNDARY_PERIODIC) {
                    fx = (kx <= W / 2 ? kx : W - kx) / (double)W;
                    fy = (ky <= H / 2 ? ky : H - ky) / (double)H;
                } else {
                    fx = kx / (2.0 * W);
                    fy = ky / (2.0 * H);
                }
                int i = ky * W + kx;
                double mag_in = hypot(ri[i], ii[i]) / (W * H), mag_out = hypot(ro[i], io[i]) / (W * H);
                if (sqrt(fx * fx + fy * fy) > rho_c) {
                    stop_in = fmax(stop_in, mag_in);
                    stop_out = fmax(stop_out, mag_out);
                } else {
                    pass_err = fmax(pass_err, hypot(ro[i] - ri[i], io[i] - ii[i]) / (W * H));
                }
            }
        CHECK(stop_in > 1e-3 && stop_out <= 1e-6,
              "ideal %s: no energy above the cutoff (max |F|/N %.2g -> %.2g <= 1e-6)", boundary_name(p.boundary),
              stop_in, stop_out);
        CHECK(pass_err <= 1e-6, "ideal %s: pass band unchanged (max |dF|/N %.2g <= 1e-6)", boundary_name(p.boundary),
              pass_err);
        free(ri);
        free(out);
    }
    free(in);
}

/* ---- Mirror Gaussian = spatial Gaussian convolution with reflected borders ----- */

/* Half-sample-symmetric reflection of index i into 0..n-1 (period 2n). */
static int reflect(int i, int n)
{
    int period = 2 * n;
    i %= period;
    if (i < 0)
        i += period;
    return i < n ? i : period - 1 - i;
}

static void test_gaussian_vs_spatial(fg_fft_context *ctx)
{
    /* Why a direct convolution is a fair reference: the frequency-domain
     * Gaussian on the 2W x 2H mirrored extension is a circular convolution
     * of that extension with the inverse DFT of the sampled H.  The infinite
     * reflected extension is itself 2W x 2H-periodic, so the two agree up to
     * (a) the kernel's tails wrapping around the period: exp(-W^2 / 2 s^2),
     *     nil for W, H >= 20 s (here >= 26 s);
     * (b) H being cut at Nyquist instead of aliased: the sampled continuous
     *     Gaussian's spectrum differs from H by about H(0.5) =
     *     exp(-pi^2 s^2 / 2) = 3e-9 for s = 2;
     * (c) the reference kernel truncated at 12 s (1e-32).
     * What is left is float32 rounding, so 1e-4 holds everywhere, borders
     * included. */
    const int W = 96, H = 80;
    float *in = new_floats((size_t)W * H);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            double v = (double)x / W * 0.6 + 0.2 * sin(0.3 * y) + (((x / 9 + y / 7) % 2) ? 0.15 : 0.0) + 0.05 * rnd();
            in[y * W + x] = (float)(v < 0 ? 0 : v > 1 ? 1 : v);
        }
    const double sigmas[2] = { 2.0, 3.0 };
    for (int s = 0; s < 2; s++) {
        double sigma = sigmas[s];
        int radius = (int)ceil(12 * sigma);
        double *k = malloc(sizeof(double) * (2 * radius + 1)), *tmp = malloc(sizeof(double) * W * H),
               *ref = malloc(sizeof(double) * W * H);
        for (int i = -radius; i <= radius; i++)
            k[i + radius] = exp(-(double)i * i / (2 * sigma * sigma)) / (sqrt(2 * PI) * sigma);
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                double sum = 0;
                for (int i = -radius; i <= radius; i++)
                    sum += k[i + radius] * in[y * W + reflect(x + i, W)];
                tmp[y * W + x] = sum;
            }
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                double sum = 0;
                for (int i = -radius; i <= radius; i++)
                    sum += k[i + radius] * tmp[reflect(y + i, H) * W + x];
                ref[y * W + x] = sum;
            }
        double cutoff = 2 * PI * sigma;   /* sigma = cutoff / (2 pi) */
        fg_smooth_params p = make_params(FG_LOWPASS_GAUSSIAN, cutoff, 2, FG_BOUNDARY_MIRROR);
        fg_status st;
        float *out = smooth_new(ctx, in, W, H, 1, 0, &p, &st);
        double worst = out ? max_diff_to_ref(out, ref, (size_t)W * H) : 1;
        double border = 0;
        for (int y = 0; out && y < H; y++)
            for (int x = 0; x < W; x++)
                if (x < 2 || y < 2 || x >= W - 2 || y >= H - 2)
                    border = fmax(border, fabs(out[y * W + x] - ref[y * W + x]));
        CHECK(out && worst <= 1e-4, "mirror gaussian sigma %g = reflected spatial convolution (max err %.2g <= 1e-4)",
              sigma, worst);
        CHECK(out && border <= 1e-4, "... also on the border rows and columns (max err %.2g)", border);
        free(out);
        p.boundary = FG_BOUNDARY_PERIODIC;
        out = smooth_new(ctx, in, W, H, 1, 0, &p, &st);
        double edge = 0, centre = 0;
        for (int y = 0; out && y < H; y++)
            for (int x = 0; x < W; x++) {
                double d = fabs(out[y * W + x] - ref[y * W + x]);
                if (x == 0 || x == W - 1)
                    edge = fmax(edge, d);
                if (x > W / 3 && x < 2 * W / 3 && y > H / 3 && y < 2 * H / 3)
                    centre = fmax(centre, d);
            }
        CHECK(out && edge > 1e-2 && centre <= 1e-4,
              "periodic gaussian sigma %g wraps around: edge error %.3g >> 1e-4, centre %.2g", sigma, edge, centre);
        free(out);
        free(k);
        free(tmp);
        free(ref);
    }
    free(in);
}

/* ---- float32 against the double reference: filters, sizes, channels ------------- */

static void test_against_reference(fg_fft_context *ctx)
{
    struct { int W, H; } sizes[] = { { 1, 1 }, { 1, 9 }, { 9, 1 }, { 2, 2 }, { 15, 9 }, { 40, 30 }, { 17, 32 } };
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (int b = 0; b < 2; b++)
            for (int f = 0; f < 3; f++)
                for (int C = 1; C <= 4; C++)
                    for (int alpha = 0; alpha <= (C >= 2); alpha++) {
                        int W = sizes[s].W, H = sizes[s].H;
                        /* All combinations on one size, one per channel layout elsewhere. */
                        if (!(sizes[s].W == 40 || (f == FG_LOWPASS_GAUSSIAN && b == (C % 2))))
                            continue;
                        float *in = new_floats((size_t)W * H * C);
                        fill_random(in, (size_t)W * H * C);
                        if (alpha)
                            for (size_t i = 0; i < (size_t)W * H; i++)
                                in[i * C + C - 1] = (float)(0.2 + 0.8 * rnd());
                        fg_smooth_params p = make_params((fg_lowpass)f, 3.7, 3, (fg_boundary)b);
                        double *ref = malloc(sizeof(double) * W * H * C);
                        ref_smooth(in, W, H, C, alpha, &p, ref);
                        fg_status st;
                        float *out = smooth_new(ctx, in, W, H, C, alpha, &p, &st);
                        double worst = out ? max_diff_to_ref(out, ref, (size_t)W * H * C) : 1;
                        CHECK(out && worst <= 1e-5, "%dx%d %d ch%s %s %s: float32 within 1e-5 of double reference (%.2g)",
                              W, H, C, alpha ? "+alpha" : "", filter_name(p.filter), boundary_name(p.boundary), worst);
                        free(out);
                        free(ref);
                        free(in);
                    }
    /* A prime-sized image, both boundaries. */
    {
        const int W = 127, H = 509;
        float *in = new_floats((size_t)W * H);
        fill_random(in, (size_t)W * H);
        for (int b = 0; b < 2; b++) {
            fg_smooth_params p = make_params(FG_LOWPASS_GAUSSIAN, 6.0, 2, (fg_boundary)b);
            double *ref = malloc(sizeof(double) * W * H);
            ref_smooth(in, W, H, 1, 0, &p, ref);
            fg_status st;
            float *out = smooth_new(ctx, in, W, H, 1, 0, &p, &st);
            double worst = out ? max_diff_to_ref(out, ref, (size_t)W * H) : 1;
            CHECK(out && worst <= 1e-5, "prime 127x509 %s: within 1e-5 of double reference (%.2g)", boundary_name(p.boundary), worst);
            free(out);
            free(ref);
        }
        free(in);
    }
    /* 1x1: the only frequency is 0, H(0) = 1. */
    {
        float px[4] = { 0.3f, 0.6f, 0.9f, 0.5f }, out[4];
        fg_image vin = fg_image_make(px, 1, 1, 4, 1), vout = fg_image_make(out, 1, 1, 4, 1);
        int ok = 1;
        for (int b = 0; b < 2; b++)
            for (int f = 0; f < 3; f++) {
                fg_smooth_params p = make_params((fg_lowpass)f, 0.5, 10, (fg_boundary)b);
                ok &= fg_frequency_smooth(NULL, &vin, &vout, &p, NULL) == FG_OK;
                for (int c = 0; c < 4; c++)
                    ok &= fabsf(out[c] - px[c]) <= 1e-6f;
            }
        CHECK(ok, "1x1 RGBA pixel unchanged by every filter and boundary");
    }
}

/* ---- Strides, in-place, context or not -------------------------------------------- */

static void test_layouts(fg_fft_context *ctx)
{
    const int W = 37, H = 23;
    for (int C = 1; C <= 4; C++)
        for (int b = 0; b < 2; b++) {
            int alpha = C >= 2 && b == 1;
            fg_smooth_params p = make_params(FG_LOWPASS_BUTTERWORTH, 5.0, 2, (fg_boundary)b);
            float *packed_in = new_floats((size_t)W * H * C);
            fill_random(packed_in, (size_t)W * H * C);
            fg_status st;
            float *expect = smooth_new(ctx, packed_in, W, H, C, alpha, &p, &st);

            /* Padded strides for input and output; sentinels in the padding. */
            ptrdiff_t in_stride = W * C + 5, out_stride = W * C + 3;
            float *pin = new_floats((size_t)in_stride * H), *pout = new_floats((size_t)out_stride * H);
            for (size_t i = 0; i < (size_t)in_stride * H; i++)
                pin[i] = -7.0f;
            for (size_t i = 0; i < (size_t)out_stride * H; i++)
                pout[i] = -9.0f;
            for (int y = 0; y < H; y++)
                memcpy(pin + y * in_stride, packed_in + (size_t)y * W * C, sizeof(float) * W * C);
            fg_image vin = fg_image_make(pin, W, H, C, alpha), vout = fg_image_make(pout, W, H, C, alpha);
            vin.stride = in_stride;
            vout.stride = out_stride;
            fg_error err;
            int ok = fg_frequency_smooth(ctx, &vin, &vout, &p, &err) == FG_OK && expect;
            int pad_ok = 1;
            for (int y = 0; ok && y < H; y++) {
                ok &= memcmp(pout + y * out_stride, expect + (size_t)y * W * C, sizeof(float) * W * C) == 0;
                for (int x = W * C; x < out_stride; x++)
                    pad_ok &= pout[y * out_stride + x] == -9.0f;
            }
            CHECK(ok && pad_ok, "%d ch%s %s: padded strides give the packed result bitwise, padding untouched", C,
                  alpha ? "+alpha" : "", boundary_name(p.boundary));

            /* In place in the padded buffer. */
            ok = fg_frequency_smooth(ctx, &vin, &vin, &p, &err) == FG_OK && expect;
            for (int y = 0; ok && y < H; y++) {
                ok &= memcmp(pin + y * in_stride, expect + (size_t)y * W * C, sizeof(float) * W * C) == 0;
                for (int x = W * C; x < in_stride; x++)
                    ok &= pin[y * in_stride + x] == -7.0f;
            }
            CHECK(ok, "%d ch%s %s: in-place gives the same result bitwise", C, alpha ? "+alpha" : "", boundary_name(p.boundary));

            /* Without a context (temporary plans). */
            float *noctx = smooth_new(NULL, packed_in, W, H, C, alpha, &p, &st);
            CHECK(noctx && expect && memcmp(noctx, expect, sizeof(float) * W * H * C) == 0,
                  "%d ch %s: NULL context gives the same result bitwise", C, boundary_name(p.boundary));
            free(noctx);
            free(pin);
            free(pout);
            free(expect);
            free(packed_in);
        }
}

/* ---- Alpha --------------------------------------------------------------------------- */

static void test_alpha(fg_fft_context *ctx)
{
    /* Opaque varying colour on the left, fully transparent garbage on the right. */
    const int W = 48, H = 32, C = 4, edge = 20;
    float *in = new_floats((size_t)W * H * C);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            float *p = in + ((size_t)y * W + x) * C;
            int opaque = x < edge;
            for (int c = 0; c < 3; c++)
                p[c] = opaque ? (float)(0.3 + 0.2 * sin(0.2 * x + c) * cos(0.3 * y)) : (float)(50 + 100 * rnd());
            p[3] = opaque ? 1.0f : 0.0f;
        }
    for (int b = 0; b < 2; b++) {
        fg_smooth_params p = make_params(FG_LOWPASS_GAUSSIAN, 8.0, 2, (fg_boundary)b);
        double *ref = malloc(sizeof(double) * W * H * C);
        ref_smooth(in, W, H, C, 1, &p, ref);
        fg_status st;
        float *out = smooth_new(ctx, in, W, H, C, 1, &p, &st);
        double worst = 0, largest = 0;
        int alpha_same = out != NULL;
        for (int y = 0; out && y < H; y++)
            for (int x = 0; x < W; x++) {
                size_t i = ((size_t)y * W + x) * C;
                alpha_same &= out[i + 3] == in[i + 3];
                if (x < edge)
                    for (int c = 0; c < 3; c++) {
                        worst = fmax(worst, fabs(out[i + c] - ref[i + c]));
                        largest = fmax(largest, out[i + c]);
                    }
            }
        CHECK(out && worst <= 1e-5, "alpha %s: opaque area = F(a c)/F(a) (alpha-weighted) within 1e-5 (%.2g)",
              boundary_name(p.boundary), worst);
        CHECK(out && largest <= 0.51, "alpha %s: transparent garbage (50..150) does not bleed (max opaque colour %.3f)",
              boundary_name(p.boundary), largest);
        CHECK(alpha_same, "alpha %s: alpha channel unchanged bitwise", boundary_name(p.boundary));
        free(out);
        free(ref);
    }
    free(in);

    /* Far from any opacity F(a) is ~0: the original (invisible) colour is kept. */
    const int W2 = 128, H2 = 16;
    float *far = new_floats((size_t)W2 * H2 * 2);
    for (int y = 0; y < H2; y++)
        for (int x = 0; x < W2; x++) {
            far[(y * W2 + x) * 2] = x < 8 ? 0.5f : (float)(3 + rnd());
            far[(y * W2 + x) * 2 + 1] = x < 8 ? 1.0f : 0.0f;
        }
    fg_smooth_params p = make_params(FG_LOWPASS_GAUSSIAN, 8.0, 2, FG_BOUNDARY_MIRROR);
    fg_status st;
    float *out = smooth_new(ctx, far, W2, H2, 2, 1, &p, &st);
    int kept = out != NULL, near_ok = out != NULL;
    for (int y = 0; out && y < H2; y++)
        for (int x = 0; x < W2; x++) {
            if (x >= 64)
                kept &= out[(y * W2 + x) * 2] == far[(y * W2 + x) * 2];
            if (x < 8)
                near_ok &= fabsf(out[(y * W2 + x) * 2] - 0.5f) <= 1e-5f;
        }
    CHECK(kept, "grey+alpha: colour far from opaque pixels (F(a) <= 1e-6) keeps its original value");
    CHECK(near_ok, "grey+alpha: constant opaque colour stays 0.5 next to transparent garbage");
    free(out);
    free(far);
}

/* A ringing filter can leave F(a) just above the threshold under a huge
 * colour: the quotient would overflow, the original colour is kept. */
static void test_alpha_overflow(fg_fft_context *ctx)
{
    /* 8 x 1 periodic, ideal keeping |k| <= 1: F(delta)(3) = (1 - sqrt 2) / 8 < 0.
     * a = delta + eps with eps making F(a)(3) = 5e-6; colour 1e35 at x = 0. */
    const double d3 = (1.0 - sqrt(2.0)) / 8.0, eps = -d3 + 5e-6;
    float px[16], out[16];
    for (int x = 0; x < 8; x++) {
        px[2 * x] = x == 0 ? 1e35f : 0.0f;
        px[2 * x + 1] = (float)((x == 0 ? 1.0 : 0.0) + eps);
    }
    fg_image vin = fg_image_make(px, 8, 1, 2, 1), vout = fg_image_make(out, 8, 1, 2, 1);
    fg_smooth_params p = make_params(FG_LOWPASS_IDEAL, 6.0, 2, FG_BOUNDARY_PERIODIC);
    fg_status st = fg_frequency_smooth(ctx, &vin, &vout, &p, NULL);
    int finite = st == FG_OK;
    for (int i = 0; i < 16; i++)
        finite &= isfinite(out[i]);
    CHECK(finite && out[6] == 0.0f, "huge colour, F(a) barely above 1e-6: outputs finite, original colour kept (%g)",
          (double)out[6]);
}

/* ---- Prepared / apply ------------------------------------------------------------- */

static void test_prepared(fg_fft_context *ctx)
{
    const int W = 45, H = 31;
    struct { fg_lowpass f; double cutoff; int order; } sets[] = {
        { FG_LOWPASS_GAUSSIAN, 8.0, 2 }, { FG_LOWPASS_IDEAL, 5.0, 2 }, { FG_LOWPASS_BUTTERWORTH, 12.0, 4 },
        { FG_LOWPASS_GAUSSIAN, 2.5, 1 },
    };
    for (int b = 0; b < 2; b++)
        for (int C = 3; C <= 4; C++) {
            int alpha = C == 4;
            float *in = new_floats((size_t)W * H * C);
            fill_random(in, (size_t)W * H * C);
            fg_image vin = fg_image_make(in, W, H, C, alpha);
            fg_smooth_prepared *prep = NULL;
            fg_error err;
            fg_status st = fg_smooth_prepare(b ? NULL : ctx, &vin, (fg_boundary)b, 2, &prep, &err);
            CHECK(st == FG_OK && prep, "prepare %s %d ch (%s context)", boundary_name((fg_boundary)b), C, b ? "own" : "shared");
            for (size_t i = 0; prep && i < sizeof sets / sizeof sets[0]; i++) {
                fg_smooth_params p = make_params(sets[i].f, sets[i].cutoff, sets[i].order, (fg_boundary)b);
                float *want = smooth_new(ctx, in, W, H, C, alpha, &p, &st);
                float *got = new_floats((size_t)W * H * C);
                fg_image vout = fg_image_make(got, W, H, C, alpha);
                st = fg_smooth_apply(prep, &p, &vout, &err);
                double worst = 0;
                for (size_t k = 0; want && st == FG_OK && k < (size_t)W * H * C; k++)
                    worst = fmax(worst, fabs(got[k] - want[k]));
                CHECK(st == FG_OK && want && worst <= 1e-6, "apply %s %s cutoff %g %d ch = fg_frequency_smooth (max diff %.2g)",
                      filter_name(p.filter), boundary_name(p.boundary), p.cutoff, C, worst);
                free(want);
                free(got);
            }
            if (prep) {
                float *got = new_floats((size_t)W * H * C);
                for (size_t k = 0; k < (size_t)W * H * C; k++)
                    got[k] = 42.0f;
                fg_image vout = fg_image_make(got, W, H, C, alpha);
                fg_smooth_params p = make_params(FG_LOWPASS_GAUSSIAN, 8.0, 2, (fg_boundary)!b);
                st = fg_smooth_apply(prep, &p, &vout, &err);
                CHECK(st == FG_ERR_PARAM && err.message[0] && got[0] == 42.0f, "apply with the other boundary refused: %s", err.message);
                p.boundary = (fg_boundary)b;
                fg_image wrong = fg_image_make(got, W - 1, H, C, alpha);
                st = fg_smooth_apply(prep, &p, &wrong, &err);
                CHECK(st == FG_ERR_MISMATCH && err.message[0] && got[0] == 42.0f, "apply to a wrong geometry refused: %s", err.message);
                p.cutoff = -1;
                st = fg_smooth_apply(prep, &p, &vout, &err);
                CHECK(st == FG_ERR_PARAM && got[0] == 42.0f, "apply with a bad cutoff refused");
                CHECK(fg_smooth_apply(NULL, &p, &vout, &err) == FG_ERR_NULL, "apply with NULL prepared refused");
                p.cutoff = 8;
                CHECK(fg_smooth_apply(prep, NULL, &vout, &err) == FG_ERR_NULL, "apply with NULL params refused");
                CHECK(fg_smooth_apply(prep, &p, NULL, &err) == FG_ERR_NULL, "apply with NULL output refused");
                free(got);
            }
            fg_smooth_prepared_free(prep);
            free(in);
        }
    /* prepare's own argument checks */
    float px[4 * 4 * 3] = { 0 };
    fg_image v = fg_image_make(px, 4, 4, 3, 0);
    fg_smooth_prepared *prep = (fg_smooth_prepared *)&px;   /* must stay as it is on errors */
    fg_error err;
    /* (CHECK formats its message first, so results are taken beforehand.) */
    fg_status st = fg_smooth_prepare(ctx, &v, (fg_boundary)5, 0, &prep, &err);
    CHECK(st == FG_ERR_PARAM && prep == (fg_smooth_prepared *)&px,
          "prepare: unknown boundary refused, *prepared not written: %s", err.message);
    CHECK(fg_smooth_prepare(ctx, &v, FG_BOUNDARY_MIRROR, -1, &prep, &err) == FG_ERR_PARAM, "prepare: threads -1 refused");
    CHECK(fg_smooth_prepare(ctx, &v, FG_BOUNDARY_MIRROR, FG_MAX_THREADS + 1, &prep, &err) == FG_ERR_PARAM, "prepare: too many threads refused");
    CHECK(fg_smooth_prepare(ctx, NULL, FG_BOUNDARY_MIRROR, 0, &prep, &err) == FG_ERR_NULL, "prepare: NULL image refused");
    CHECK(fg_smooth_prepare(ctx, &v, FG_BOUNDARY_MIRROR, 0, NULL, &err) == FG_ERR_NULL, "prepare: NULL result pointer refused");
    px[5] = NAN;
    st = fg_smooth_prepare(ctx, &v, FG_BOUNDARY_MIRROR, 0, &prep, &err);
    CHECK(st == FG_ERR_NONFINITE && prep == (fg_smooth_prepared *)&px, "prepare: NaN pixel refused: %s", err.message);
    CHECK_SURVIVES(fg_smooth_prepared_free(NULL), "fg_smooth_prepared_free(NULL) is harmless");
}

/* ---- Bad input matrix ------------------------------------------------------------ */

static void expect_refused(const char *what, fg_fft_context *ctx, const fg_image *in, const fg_image *out,
                           const fg_smooth_params *p, fg_status expected, const float *out_data, size_t out_count)
{
    float *before = new_floats(out_count);
    memcpy(before, out_data, out_count * sizeof(float));
    fg_error err = { FG_OK, "" };
    fg_status st = fg_frequency_smooth(ctx, in, out, p, &err);
    CHECK(st == expected && err.status == expected && err.message[0] != '\0'
          && memcmp(before, out_data, out_count * sizeof(float)) == 0,
          "%s -> %s, output untouched: \"%s\"", what, fg_status_string(expected), err.message);
    free(before);
}

static void test_bad_input(fg_fft_context *ctx)
{
    const int W = 12, H = 10, C = 3;
    const size_t n = (size_t)W * H * C;
    float *a = new_floats(n), *o = new_floats(n);
    fill_random(a, n);
    for (size_t i = 0; i < n; i++)
        o[i] = -3.5f;
    fg_image in = fg_image_make(a, W, H, C, 0), out = fg_image_make(o, W, H, C, 0);
    fg_smooth_params good = make_params(FG_LOWPASS_BUTTERWORTH, 8, 2, FG_BOUNDARY_MIRROR), p;

    expect_refused("NULL input", ctx, NULL, &out, &good, FG_ERR_NULL, o, n);
    expect_refused("NULL output", ctx, &in, NULL, &good, FG_ERR_NULL, o, n);
    expect_refused("NULL params", ctx, &in, &out, NULL, FG_ERR_NULL, o, n);
    fg_image bad = in; bad.data = NULL;
    expect_refused("NULL input data", ctx, &bad, &out, &good, FG_ERR_NULL, o, n);
    bad = in; bad.width = 0;
    expect_refused("zero width", ctx, &bad, &out, &good, FG_ERR_SIZE, o, n);
    fg_image bad_out = out; bad_out.height = 0;
    expect_refused("zero output height", ctx, &in, &bad_out, &good, FG_ERR_SIZE, o, n);
    bad = in; bad.width = INT32_MAX; bad.height = INT32_MAX; bad.stride = PTRDIFF_MAX;
    expect_refused("overflowing size", ctx, &bad, &out, &good, FG_ERR_SIZE, o, n);
    bad = in; bad.channels = 5;
    expect_refused("5 channels", ctx, &bad, &out, &good, FG_ERR_SIZE, o, n);
    bad = in; bad.width = W - 1;
    expect_refused("mismatched geometry", ctx, &bad, &out, &good, FG_ERR_MISMATCH, o, n);
    bad = fg_image_make(o + 3, W - 1, H, C, 0); bad.stride = W * C;
    fg_image part = fg_image_make(o, W - 1, H, C, 0); part.stride = W * C;
    expect_refused("partially overlapping in/out", ctx, &bad, &part, &good, FG_ERR_MISMATCH, o, n);

    /* Each bad cutoff, then each bad order, refused in turn. */
    const double bad_cutoffs[] = { 0.0, -1.0, NAN, INFINITY, -INFINITY };
    const int bad_orders[] = { 0, -1, 11, INT32_MAX };
    fg_smooth_params refused[9];
    char what[9][64];
    int count = 0;
    for (int i = 0; i < 5; i++, count++) {
        refused[count] = good;
        refused[count].cutoff = bad_cutoffs[i];
        snprintf(what[count], sizeof what[count], "cutoff %g", bad_cutoffs[i]);
    }
    for (int i = 0; i < 4; i++, count++) {
        refused[count] = good;
        refused[count].order = bad_orders[i];
        snprintf(what[count], sizeof what[count], "butterworth order %d", bad_orders[i]);
    }
    for (int k = 0; k < count; k++)
        expect_refused(what[k], ctx, &in, &out, &refused[k], FG_ERR_PARAM, o, n);
    p = good; p.filter = (fg_lowpass)3;
    expect_refused("filter 3", ctx, &in, &out, &p, FG_ERR_PARAM, o, n);
    p = good; p.filter = (fg_lowpass)-1;
    expect_refused("filter -1", ctx, &in, &out, &p, FG_ERR_PARAM, o, n);
    p = good; p.boundary = (fg_boundary)2;
    expect_refused("boundary 2", ctx, &in, &out, &p, FG_ERR_PARAM, o, n);
    p = good; p.boundary = (fg_boundary)-1;
    expect_refused("boundary -1", ctx, &in, &out, &p, FG_ERR_PARAM, o, n);
    p = good; p.threads = -1;
    expect_refused("threads -1", ctx, &in, &out, &p, FG_ERR_PARAM, o, n);
    p = good; p.threads = FG_MAX_THREADS + 1;
    expect_refused("threads > FG_MAX_THREADS", ctx, &in, &out, &p, FG_ERR_PARAM, o, n);

    const float bad_values[] = { NAN, INFINITY, -INFINITY };
    for (int i = 0; i < 3; i++)
        for (int b = 0; b < 2; b++) {
            a[(size_t)(H - 1) * W * C + 5] = bad_values[i];
            p = good;
            p.boundary = (fg_boundary)b;
            char what[64];
            snprintf(what, sizeof what, "%s pixel (%s)", i == 0 ? "NaN" : i == 1 ? "+inf" : "-inf", boundary_name(p.boundary));
            expect_refused(what, ctx, &in, &out, &p, FG_ERR_NONFINITE, o, n);
            /* in place: the input itself must stay as it was */
            float *copy = new_floats(n);
            memcpy(copy, a, n * sizeof(float));
            fg_error err;
            fg_status st = fg_frequency_smooth(ctx, &in, &in, &p, &err);
            CHECK(st == FG_ERR_NONFINITE && memcmp(copy, a, n * sizeof(float)) == 0, "%s in place: refused, image untouched", what);
            free(copy);
        }
    a[(size_t)(H - 1) * W * C + 5] = 0.5f;
    /* Values so large that colour x alpha overflows. */
    float big[4 * 4 * 2];
    for (int i = 0; i < 32; i++)
        big[i] = FLT_MAX;
    float big_out[32];
    for (int i = 0; i < 32; i++)
        big_out[i] = 1.0f;
    fg_image vbig = fg_image_make(big, 4, 4, 2, 1), vbig_out = fg_image_make(big_out, 4, 4, 2, 1);
    expect_refused("FLT_MAX colour x FLT_MAX alpha (overflow)", ctx, &vbig, &vbig_out, &good, FG_ERR_NONFINITE, big_out, 32);
    fg_image vbig1 = fg_image_make(big, 4, 4, 1, 0), vbig1_out = fg_image_make(big_out, 4, 4, 1, 0);
    expect_refused("FLT_MAX everywhere (transform overflow)", ctx, &vbig1, &vbig1_out, &good, FG_ERR_NONFINITE, big_out, 16);

    /* Order is only checked for Butterworth. */
    p = good; p.filter = FG_LOWPASS_GAUSSIAN; p.order = 0;
    fg_error err;
    CHECK(fg_frequency_smooth(ctx, &in, &out, &p, &err) == FG_OK, "order 0 ignored by the gaussian filter");
    p.filter = FG_LOWPASS_IDEAL; p.order = 99;
    CHECK(fg_frequency_smooth(ctx, &in, &out, &p, NULL) == FG_OK, "order 99 ignored by the ideal filter; NULL error allowed");
    p = good; p.cutoff = 1e300;
    CHECK(fg_frequency_smooth(ctx, &in, &out, &p, &err) == FG_OK && isfinite(o[0]), "huge cutoff: only the mean, finite");
    p = good; p.cutoff = 1e-300;
    CHECK(fg_frequency_smooth(ctx, &in, &out, &p, &err) == FG_OK && fabsf(o[7] - a[7]) <= 1e-5f,
          "tiny cutoff (all frequencies pass): image unchanged");
    free(a);
    free(o);
}

/* ---- Progress and cancel --------------------------------------------------------- */

typedef struct progress_log {
    int calls, cancel_at;
    double last;
    int monotonic, in_range;
    double first;
} progress_log;

static int progress_cb(void *data, double fraction)
{
    progress_log *log = data;
    if (log->calls == 0)
        log->first = fraction;
    log->calls++;
    log->monotonic &= fraction >= log->last;
    log->in_range &= fraction >= 0 && fraction <= 1;
    log->last = fraction;
    return log->cancel_at == log->calls;
}

static void test_progress(fg_fft_context *ctx)
{
    const int W = 20, H = 14, C = 4;
    const size_t n = (size_t)W * H * C;
    float *a = new_floats(n), *o = new_floats(n);
    fill_random(a, n);
    fg_image in = fg_image_make(a, W, H, C, 1), out = fg_image_make(o, W, H, C, 1);
    for (int b = 0; b < 2; b++) {
        fg_smooth_params p = make_params(FG_LOWPASS_GAUSSIAN, 4, 2, (fg_boundary)b);
        progress_log log = { 0, 0, 0.0, 1, 1, -1 };
        p.progress = progress_cb;
        p.progress_data = &log;
        fg_error err;
        fg_status done = fg_frequency_smooth(ctx, &in, &out, &p, &err);
        CHECK(done == FG_OK && log.calls >= 4 && log.monotonic && log.in_range && log.first == 0.0 && log.last == 1.0,
              "%s: progress from 0 to 1, non-decreasing, between steps (%d calls)", boundary_name(p.boundary), log.calls);
        int total = log.calls, all_ok = 1;
        for (int k = 1; k <= total; k++) {
            for (size_t i = 0; i < n; i++)
                o[i] = 7.0f;
            progress_log cancel = { 0, k, 0.0, 1, 1, -1 };
            p.progress_data = &cancel;
            fg_status st = fg_frequency_smooth(ctx, &in, &out, &p, &err);
            int untouched = 1;
            for (size_t i = 0; i < n; i++)
                untouched &= o[i] == 7.0f;
            all_ok &= st == FG_ERR_CANCELLED && untouched && cancel.calls == k && err.message[0];
        }
        CHECK(all_ok, "%s: cancelling at each of the %d progress calls -> FG_ERR_CANCELLED, output untouched",
              boundary_name(p.boundary), total);

        fg_smooth_prepared *prep = NULL;
        CHECK(fg_smooth_prepare(ctx, &in, (fg_boundary)b, 1, &prep, &err) == FG_OK, "prepared for cancel test");
        progress_log alog = { 0, 0, 0.0, 1, 1, -1 };
        p.progress_data = &alog;
        done = prep ? fg_smooth_apply(prep, &p, &out, &err) : FG_ERR_NULL;
        CHECK(done == FG_OK && alog.monotonic && alog.first == 0.0
              && alog.last == 1.0, "apply reports progress 0..1 (%d calls)", alog.calls);
        all_ok = prep != NULL;
        for (int k = 1; prep && k <= alog.calls; k++) {
            for (size_t i = 0; i < n; i++)
                o[i] = 7.0f;
            progress_log cancel = { 0, k, 0.0, 1, 1, -1 };
            p.progress_data = &cancel;
            fg_status st = fg_smooth_apply(prep, &p, &out, &err);
            int untouched = 1;
            for (size_t i = 0; i < n; i++)
                untouched &= o[i] == 7.0f;
            all_ok &= st == FG_ERR_CANCELLED && untouched;
        }
        CHECK(all_ok, "apply: cancelling at each progress call -> FG_ERR_CANCELLED, output untouched");
        fg_smooth_prepared_free(prep);
    }
    free(a);
    free(o);
}

/* Big images report progress several times per pass and can be cancelled
 * in the middle of one. */
static void test_progress_big(fg_fft_context *ctx)
{
    const int W = 1024, H = 1024, C = 4;   /* 4 planes of 1M floats */
    const size_t n = (size_t)W * H * C;
    float *a = new_floats(n), *o = new_floats(n);
    fill_random(a, n);
    fg_image in = fg_image_make(a, W, H, C, 1), out = fg_image_make(o, W, H, C, 1);
    fg_smooth_params p = make_params(FG_LOWPASS_GAUSSIAN, 8, 2, FG_BOUNDARY_MIRROR);
    progress_log log = { 0, 0, 0.0, 1, 1, -1 };
    p.progress = progress_cb;
    p.progress_data = &log;
    fg_error err;
    fg_status st = fg_frequency_smooth(ctx, &in, &out, &p, &err);
    CHECK(st == FG_OK && log.calls >= 10 && log.monotonic && log.in_range && log.last == 1.0,
          "1024^2 RGBA: progress reported during the passes (%d calls)", log.calls);
    const int cancel_at[2] = { 3, 7 };   /* within the row pass, within the column pass */
    for (int i = 0; i < 2; i++) {
        for (size_t k = 0; k < n; k++)
            o[k] = 2.0f;
        progress_log cancel = { 0, cancel_at[i], 0.0, 1, 1, -1 };
        p.progress_data = &cancel;
        p.boundary = (fg_boundary)i;
        st = fg_frequency_smooth(ctx, &in, &out, &p, &err);
        int untouched = 1;
        for (size_t k = 0; k < n; k++)
            untouched &= o[k] == 2.0f;
        CHECK(st == FG_ERR_CANCELLED && untouched && cancel.calls == cancel_at[i],
              "1024^2 RGBA %s: cancelled at progress call %d, output untouched", boundary_name(p.boundary), cancel_at[i]);
    }
    free(a);
    free(o);
}

/* ---- Threads sharing a context ------------------------------------------------- */

typedef struct thread_case {
    fg_fft_context *ctx;
    int W, H, C, alpha;
    fg_smooth_params p;
    float *in, *expect;
    int ok;
} thread_case;

static void *thread_main(void *arg)
{
    thread_case *tc = arg;
    size_t n = (size_t)tc->W * tc->H * tc->C;
    float *out = malloc(n * sizeof *out);
    tc->ok = out != NULL;
    for (int rep = 0; out && rep < 3; rep++) {
        fg_image vin = fg_image_make(tc->in, tc->W, tc->H, tc->C, tc->alpha), vout = fg_image_make(out, tc->W, tc->H, tc->C, tc->alpha);
        tc->ok &= fg_frequency_smooth(tc->ctx, &vin, &vout, &tc->p, NULL) == FG_OK
                  && memcmp(out, tc->expect, n * sizeof(float)) == 0;
    }
    free(out);
    return NULL;
}

static void test_threads(void)
{
    fg_fft_context *ctx = fg_fft_context_new();
    thread_case cases[6] = {
        { ctx, 64, 64, 3, 0, make_params(FG_LOWPASS_GAUSSIAN, 6, 2, FG_BOUNDARY_MIRROR), NULL, NULL, 0 },
        { ctx, 96, 50, 1, 0, make_params(FG_LOWPASS_IDEAL, 5, 2, FG_BOUNDARY_PERIODIC), NULL, NULL, 0 },
        { ctx, 260, 256, 4, 1, make_params(FG_LOWPASS_BUTTERWORTH, 9, 3, FG_BOUNDARY_MIRROR), NULL, NULL, 0 },
        { ctx, 64, 64, 3, 0, make_params(FG_LOWPASS_GAUSSIAN, 6, 2, FG_BOUNDARY_MIRROR), NULL, NULL, 0 },
        { ctx, 33, 17, 2, 1, make_params(FG_LOWPASS_GAUSSIAN, 3, 2, FG_BOUNDARY_PERIODIC), NULL, NULL, 0 },
        { ctx, 256, 257, 1, 0, make_params(FG_LOWPASS_GAUSSIAN, 10, 2, FG_BOUNDARY_PERIODIC), NULL, NULL, 0 },
    };
    int serial_ok = ctx != NULL;
    for (int i = 0; i < 6; i++) {
        size_t n = (size_t)cases[i].W * cases[i].H * cases[i].C;
        cases[i].p.threads = 2;
        cases[i].in = new_floats(n);
        fill_random(cases[i].in, n);
        fg_status st;
        cases[i].expect = smooth_new(ctx, cases[i].in, cases[i].W, cases[i].H, cases[i].C, cases[i].alpha, &cases[i].p, &st);
        serial_ok &= cases[i].expect != NULL;
    }
    CHECK(serial_ok, "serial reference results computed");
    /* The engine splits rows and column blocks among threads without
     * changing any arithmetic: results do not depend on the thread count. */
    int same = serial_ok;
    for (int i = 0; same && i < 6; i++)
        for (int t = 0; t <= 3; t += 2) {
            fg_smooth_params p = cases[i].p;
            p.threads = t == 0 ? 1 : t;
            fg_status st;
            float *other = smooth_new(ctx, cases[i].in, cases[i].W, cases[i].H, cases[i].C, cases[i].alpha, &p, &st);
            same &= other && memcmp(other, cases[i].expect, sizeof(float) * cases[i].W * cases[i].H * cases[i].C) == 0;
            free(other);
        }
    CHECK(same, "1, 2 and 3 threads give bitwise the same results");
    pthread_t ids[6];
    int started[6];
    for (int i = 0; i < 6; i++)
        started[i] = serial_ok && pthread_create(&ids[i], NULL, thread_main, &cases[i]) == 0;
    int ok = serial_ok;
    for (int i = 0; i < 6; i++) {
        if (started[i])
            pthread_join(ids[i], NULL);
        ok &= started[i] && cases[i].ok;
    }
    CHECK(ok, "6 threads x 3 calls sharing one context give the serial results bitwise");
    for (int i = 0; i < 6; i++) {
        free(cases[i].in);
        free(cases[i].expect);
    }
    fg_fft_context_free(ctx);
}

int main(void)
{
    fg_fft_context *ctx = fg_fft_context_new();
    CHECK(ctx != NULL, "context created");
    test_defaults_and_transfer();
    test_constant_and_mean(ctx);
    test_cosines(ctx);
    test_ideal_stopband(ctx);
    test_gaussian_vs_spatial(ctx);
    test_against_reference(ctx);
    test_layouts(ctx);
    test_alpha(ctx);
    test_alpha_overflow(ctx);
    test_prepared(ctx);
    test_bad_input(ctx);
    test_progress(ctx);
    test_progress_big(ctx);
    test_threads();
    fg_fft_context_free(ctx);
    /* Only a test may reset FFTW's process-wide state: this stops FFTW's
     * worker threads, which valgrind would otherwise report as possibly lost. */
    fftwf_cleanup_threads();
    return check_done();
}
