/* test_noise_estimate.c — fg_noise_estimate on smooth and textured synthetic
 * images for sigma in {5, 10, 25, 50}/255 (within what fg/noise_estimate.h
 * promises: 1.5% smooth, 3% half textured), transparency, clipping, small
 * sizes, thread independence, errors, and the auto-strength rule.
 *
 * Noise is added without clamping (values may leave 0..1), so the true sigma
 * is exactly the generated one. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fg/gradient_denoise.h"
#include "check.h"
#include "test_random.h"

/* The accuracy fg/noise_estimate.h states (relative error of sigma). */
#define SMOOTH_PROMISE 0.015
#define TEXTURED_PROMISE 0.03
#define CLIPPED_PROMISE 0.05
#define MODEL_PROMISE 0.05

/* Smooth shading, a little different per channel. */
static double smooth(int x, int y, int w, int h, int c)
{
    double u = (double)x / w, v = (double)y / h;
    return 0.5 + 0.2 * sin(8.2 * u + c) * cos(4.4 * v) + 0.1 * u;
}

/* Regions with edges in several directions, and on half of the image (a
 * checkerboard of patches) a fine grating of period ~3 pixels, amplitude
 * 0.15, whose orientation changes with the region: plain Immerkaer reads it
 * as noise. */
static double textured(int x, int y, int w, int h, int c)
{
    double u = (double)x / w, v = (double)y / h, value = 0.45 + 0.05 * c;
    if (u > 0.1 && u < 0.45 && v > 0.1 && v < 0.5) value = 0.65;
    double dx = u - 0.7, dy = v - 0.3;
    if (dx * dx + dy * dy < 0.04) value = 0.3;
    if (v > 0.8 * u + 0.5) value = 0.6 - 0.05 * c;
    if (u + 0.3 * v > 0.9 && v > 0.6) value = 0.35;
    if (((int)(u * 5) + (int)(v * 5)) % 2 == 0) {
        double angle = value * 7.0, f = 2.2;
        value += 0.15 * sin(f * (x * cos(angle) + y * sin(angle)));
        value += 0.075 * sin(0.37 * f * x) * sin(0.29 * f * y);
    }
    return value;
}

static float *make(int w, int h, int ch, int kind, double sigma)
{
    float *d = malloc((size_t)w * h * ch * sizeof *d);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            for (int c = 0; c < ch; c++)
                d[((size_t)y * w + x) * ch + c] =
                    (float)((kind ? textured(x, y, w, h, c) : smooth(x, y, w, h, c)) + sigma * test_gauss());
    return d;
}

/* Immerkaer's original estimator (channel 0), to show the texture is hard. */
static double immerkaer(const float *d, int w, int h, int ch)
{
    double sum = 0.0;
    for (int y = 1; y + 1 < h; y++)
        for (int x = 1; x + 1 < w; x++) {
#define P(a, b) ((double)d[((size_t)(y + (b)) * w + (x + (a))) * ch])
            sum += fabs(P(-1, -1) - 2 * P(0, -1) + P(1, -1) - 2 * (P(-1, 0) - 2 * P(0, 0) + P(1, 0))
                        + P(-1, 1) - 2 * P(0, 1) + P(1, 1));
#undef P
        }
    return sqrt(3.14159265358979323846 / 2.0) / (6.0 * (w - 2) * (h - 2)) * sum;
}

static void test_accuracy(void)
{
    static const double levels[] = { 5.0, 10.0, 25.0, 50.0 };
    int w = 256, h = 256;
    for (int kind = 0; kind < 2; kind++)
        for (int ch = 1; ch <= 3; ch += 2)
            for (int k = 0; k < 4; k++) {
                double sigma = levels[k] / 255.0, estimate = -1.0;
                float *d = make(w, h, ch, kind, sigma);
                fg_image im = fg_image_make(d, w, h, ch, 0);
                fg_error err;
                fg_status s = fg_noise_estimate(&im, &estimate, &err);
                double promise = kind ? TEXTURED_PROMISE : SMOOTH_PROMISE;
                CHECK(s == FG_OK && fabs(estimate / sigma - 1.0) <= promise,
                      "%s %s, sigma %g/255: estimate %.5f, ratio %.4f (within %g%%)", kind ? "textured" : "smooth",
                      ch == 1 ? "grey" : "RGB", levels[k], estimate, estimate / sigma, 100.0 * promise);
                if (kind == 1 && ch == 1 && k == 0) {
                    double plain = immerkaer(d, w, h, 1);
                    CHECK(plain / sigma > 1.15, "the textured image defeats plain Immerkaer at 5/255: ratio %.3f",
                          plain / sigma);
                }
                free(d);
            }
}

/* Large images sample rows of windows (more than 2^19 windows per channel). */
static void test_large(void)
{
    int w = 1100, h = 900;
    double sigma = 10.0 / 255.0;
    float *d = make(w, h, 1, 1, sigma);
    fg_image im = fg_image_make(d, w, h, 1, 0);
    double s1 = -1.0, s3 = -2.0;
    fg_error err;
    fg_status st = fg_noise_estimate_threads(&im, 1, &s1, &err);
    fg_noise_estimate_threads(&im, 3, &s3, &err);
    CHECK(st == FG_OK && fabs(s1 / sigma - 1.0) <= TEXTURED_PROMISE && s1 == s3,
          "1100x900 textured (rows of windows sampled): %.5f, ratio %.3f; 1 and 3 threads agree", s1, s1 / sigma);
    free(d);
}

static void test_special_images(void)
{
    fg_error err;
    double s = -1.0;
    float flat[64 * 48];
    for (size_t i = 0; i < 64 * 48; i++)
        flat[i] = 0.25f;
    fg_image im = fg_image_make(flat, 64, 48, 1, 0);
    CHECK(fg_noise_estimate(&im, &s, &err) == FG_OK && s == 0.0, "noise-free constant image: 0");
    float ramp[64 * 48];
    for (int y = 0; y < 48; y++)
        for (int x = 0; x < 64; x++)
            ramp[y * 64 + x] = 0.01f * x + 0.005f * y;
    im = fg_image_make(ramp, 64, 48, 1, 0);
    fg_noise_estimate(&im, &s, &err);
    CHECK(s < 1e-6, "noise-free ramp: %.2g", s);

    float one[4] = { 0.5f, 0.1f, 0.9f, 0.3f };
    im = fg_image_make(one, 1, 1, 1, 0);
    CHECK(fg_noise_estimate(&im, &s, &err) == FG_OK && s == 0.0, "1x1: 0 (no window)");
    im = fg_image_make(one, 2, 2, 1, 0);
    CHECK(fg_noise_estimate(&im, &s, &err) == FG_OK && s == 0.0, "2x2: 0 (no window)");

    /* A single row or column: windows of 3 along it. */
    int n = 20000;
    float *line = malloc((size_t)n * sizeof *line);
    for (int i = 0; i < n; i++)
        line[i] = (float)(0.5 + 0.1 * sin(0.01 * i) + 0.05 * test_gauss());
    im = fg_image_make(line, n, 1, 1, 0);
    fg_status st = fg_noise_estimate(&im, &s, &err);
    /* The header gives no figure for lines; 15% only guards the scale (sqrt 6). */
    CHECK(st == FG_OK && fabs(s / 0.05 - 1.0) <= 0.15, "1x%d row: %.4f (true 0.05)", n, s);
    im = fg_image_make(line, 1, n, 1, 0);
    double s2 = -1.0;
    st = fg_noise_estimate(&im, &s2, &err);
    CHECK(st == FG_OK && s2 == s, "%dx1 column: the same %.4f", n, s2);
    free(line);
}

/* Clipped (exactly constant) areas must not pull the estimate to 0. */
static void test_clipped(void)
{
    int w = 200, h = 160;
    double sigma = 0.04;
    float *d = make(w, h, 1, 0, sigma);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (x < w * 6 / 10)
                d[(size_t)y * w + x] = 1.0f;        /* 60% blown out to white */
    fg_image im = fg_image_make(d, w, h, 1, 0);
    double s = -1.0;
    fg_error err;
    fg_status st = fg_noise_estimate(&im, &s, &err);
    CHECK(st == FG_OK && fabs(s / sigma - 1.0) <= SMOOTH_PROMISE, "60%% clipped to a constant: %.4f (true %.4f)",
          s, sigma);
    free(d);
}

static float clip01(double v)
{
    return (float)(v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v);
}

/* Noise clipped to 0..1 as a camera clips it, on up to half the image at or
 * near the clip levels: flat grey 0.5 with a white band (10, 25, 50%), grey
 * with a white and a black band (25% each), and smooth shading whose
 * highlights and shadows clip (about a quarter of the signal beyond each end,
 * more near them).  The true sigma is the generated one. */
static double clipped_scene(int kind, int x, int y, int w, int h, int c)
{
    double u = (double)x / w, v = (double)y / h;
    switch (kind) {
    case 0: return u < 0.10 ? 1.0 : 0.5;
    case 1: return u < 0.25 ? 1.0 : 0.5;
    case 2: return u < 0.50 ? 1.0 : 0.5;
    case 3: return u < 0.25 ? 1.0 : u < 0.5 ? 0.0 : 0.45;
    default: return 0.5 + 0.75 * sin(6.0 * u + 0.5 * c) * cos(3.1 * v);
    }
}

static void test_clipping(void)
{
    static const char *names[] = { "white band 10%", "white band 25%", "white band 50%",
                                   "white and black bands 25% each", "shading clipped at both ends" };
    static const double levels[] = { 2.0, 5.0, 10.0, 25.0, 50.0 };
    int w = 256, h = 256;
    for (int kind = 0; kind < 5; kind++)
        for (int ch = 1; ch <= 3; ch += 2)
            for (int k = 0; k < 5; k++) {
                double sigma = levels[k] / 255.0, estimate = -1.0;
                float *d = malloc((size_t)w * h * ch * sizeof *d);
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                        for (int c = 0; c < ch; c++)
                            d[((size_t)y * w + x) * ch + c] =
                                clip01(clipped_scene(kind, x, y, w, h, c) + sigma * test_gauss());
                fg_image im = fg_image_make(d, w, h, ch, 0);
                fg_error err;
                fg_status s = fg_noise_estimate(&im, &estimate, &err);
                CHECK(s == FG_OK && fabs(estimate / sigma - 1.0) <= CLIPPED_PROMISE,
                      "clipped: %s, %s, sigma %g/255: estimate %.2f/255, ratio %.4f (within %g%%)", names[kind],
                      ch == 1 ? "grey" : "RGB", levels[k], 255.0 * estimate, estimate / sigma,
                      100.0 * CLIPPED_PROMISE);
                if (kind == 4 && k == 3) {
                    double s1 = -1.0, s3 = -2.0;
                    fg_noise_estimate_threads(&im, 1, &s1, &err);
                    fg_noise_estimate_threads(&im, 3, &s3, &err);
                    CHECK(memcmp(&s1, &s3, sizeof s1) == 0 && memcmp(&s1, &estimate, sizeof s1) == 0,
                          "clipped %s: 1, 3 and all threads give identical bits", ch == 1 ? "grey" : "RGB");
                    fg_noise_model m1, m3;
                    fg_noise_model_estimate(&im, 1, &m1, &err);
                    fg_noise_model_estimate(&im, 3, &m3, &err);
                    CHECK(m1.a == m3.a && m1.b == m3.b && m1.bins == m3.bins && m1.x_min == m3.x_min
                              && m1.x_max == m3.x_max, "clipped %s: the model, 1 and 3 threads identical",
                          ch == 1 ? "grey" : "RGB");
                }
                free(d);
            }
}

/* Poisson-Gaussian noise of known a, b on shading that covers most of the
 * range: the model's sigma(x) against sqrt(a x + b) over the measured
 * brightness (x 0.1 .. 0.9), within MODEL_PROMISE.  `clip`: noise clipped
 * to 0..1 and the shading reaching both ends (x 0.1 .. 0.8: the brightest
 * bins are mostly clipped windows, left out). */
static void test_model(void)
{
    static const double ab[][2] = { { 0.004, 1e-4 }, { 0.01, 4e-4 }, { 0.0, 0.0016 }, { 0.02, 0.0 },
                                    { 0.002, 2.5e-5 } };
    int w = 320, h = 320;
    for (int clip = 0; clip < 2; clip++)
        for (int ch = 1; ch <= 3; ch += 2)
            for (int k = 0; k < 5; k++) {
                double a = ab[k][0], b = ab[k][1];
                float *d = malloc((size_t)w * h * ch * sizeof *d);
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                        for (int c = 0; c < ch; c++) {
                            double u = (double)x / w, v = (double)y / h;
                            double span = clip ? 0.6 : 0.45;
                            double s = 0.5 + span * sin(5.0 * u + 0.4 * c) * cos(2.0 * v);
                            s = s < 0.0 ? 0.0 : s > 1.0 ? 1.0 : s;
                            double value = s + sqrt(a * s + b) * test_gauss();
                            d[((size_t)y * w + x) * ch + c] = clip ? clip01(value) : (float)value;
                        }
                fg_image im = fg_image_make(d, w, h, ch, 0);
                fg_noise_model model;
                fg_error err;
                fg_status st = fg_noise_model_estimate(&im, 0, &model, &err);
                double worst = 0.0, worst_x = 0.0, top = clip ? 0.8 : 0.9;
                for (double x = 0.1; x <= top + 1e-9; x += 0.05) {
                    double e = fabs(fg_noise_model_sigma(&model, x) / sqrt(a * x + b) - 1.0);
                    if (e > worst) { worst = e; worst_x = x; }
                }
                CHECK(st == FG_OK && model.bins >= 8 && model.x_min < 0.15 && model.x_max > top - 0.05
                          && worst <= MODEL_PROMISE,
                      "model%s, %s, a %g b %g: fitted a %.5f b %.3g over %d bins (x %.2f .. %.2f), "
                      "sigma(x) worst error %.2f%% at x %.2f (within %g%%)", clip ? " (clipped)" : "",
                      ch == 1 ? "grey" : "RGB", a, b, model.a, model.b, model.bins, model.x_min, model.x_max,
                      100.0 * worst, worst_x, 100.0 * MODEL_PROMISE);
                free(d);
            }
    /* Errors and the degenerate cases. */
    fg_noise_model model = { 1, 2, 3, 4, 5 };
    fg_error err;
    float flat[64 * 48];
    for (size_t i = 0; i < 64 * 48; i++)
        flat[i] = 0.25f;
    fg_image im = fg_image_make(flat, 64, 48, 1, 0);
    CHECK(fg_noise_model_estimate(&im, 1, &model, &err) == FG_OK && model.bins == 0 && model.a == 0.0
              && model.b == 0.0, "model of a constant image: no bins, a = b = 0");
    fg_status st = fg_noise_model_estimate(&im, 1, NULL, &err);
    CHECK(st == FG_ERR_NULL, "NULL model: %s", err.message);
    model.a = 42.0;
    st = fg_noise_model_estimate(NULL, 1, &model, &err);
    CHECK(st == FG_ERR_NULL && model.a == 42.0, "model, NULL image: %s", err.message);
    st = fg_noise_model_estimate(&im, -2, &model, &err);
    CHECK(st == FG_ERR_PARAM && model.a == 42.0, "model, threads -2: %s", err.message);
    CHECK(isnan(fg_noise_model_sigma(NULL, 0.5)) && isnan(fg_noise_model_sigma(&model, NAN)),
          "fg_noise_model_sigma: NAN for NULL or NaN");
}

static void test_alpha(void)
{
    int w = 200, h = 160;
    double sigma = 10.0 / 255.0;
    float *rgba = malloc((size_t)w * h * 4 * sizeof *rgba);
    float *d = make(w, h, 3, 0, sigma);
    for (size_t i = 0; i < (size_t)w * h; i++) {
        memcpy(rgba + i * 4, d + i * 3, 3 * sizeof *d);
        rgba[i * 4 + 3] = 1.0f;
    }
    fg_image im = fg_image_make(rgba, w, h, 4, 1), rgb = fg_image_make(d, w, h, 3, 0);
    double s_rgba, s_rgb;
    fg_error err;
    fg_noise_estimate(&im, &s_rgba, &err);
    fg_noise_estimate(&rgb, &s_rgb, &err);
    CHECK(s_rgba == s_rgb, "opaque RGBA estimates like RGB (alpha not measured): %.5f", s_rgba);
    /* The top half transparent with wild colour, alpha itself noisy: ignored. */
    for (int y = 0; y < h / 2; y++)
        for (int x = 0; x < w; x++) {
            float *px = rgba + ((size_t)y * w + x) * 4;
            px[0] = (float)(test_uniform() * 10.0);
            px[1] = (float)(test_uniform() * 10.0);
            px[3] = (float)(0.4 * test_uniform());
        }
    fg_noise_estimate(&im, &s_rgba, &err);
    CHECK(fabs(s_rgba / sigma - 1.0) <= SMOOTH_PROMISE, "windows with alpha < 0.5 are skipped: %.5f (true %.5f)",
          s_rgba, sigma);
    for (size_t i = 0; i < (size_t)w * h; i++)
        rgba[i * 4 + 3] = 0.0f;
    CHECK(fg_noise_estimate(&im, &s_rgba, &err) == FG_OK && s_rgba == 0.0, "fully transparent: 0");
    free(rgba);
    free(d);
}

static void test_threads_and_errors(void)
{
    int w = 150, h = 97;
    float *d = make(w, h, 3, 1, 0.05);
    fg_image im = fg_image_make(d, w, h, 3, 0);
    double s1, s2, s3;
    fg_error err;
    fg_noise_estimate_threads(&im, 1, &s1, &err);
    fg_noise_estimate_threads(&im, 2, &s2, &err);
    fg_noise_estimate_threads(&im, 3, &s3, &err);
    CHECK(memcmp(&s1, &s2, sizeof s1) == 0 && memcmp(&s1, &s3, sizeof s1) == 0, "1, 2, 3 threads: identical bits");
    double s = 42.0;
    fg_status st = fg_noise_estimate(NULL, &s, &err);
    CHECK(st == FG_ERR_NULL && err.message[0] && s == 42.0, "NULL image: %s", err.message);
    st = fg_noise_estimate(&im, NULL, &err);
    CHECK(st == FG_ERR_NULL && err.message[0], "NULL sigma: %s", err.message);
    st = fg_noise_estimate_threads(&im, -1, &s, &err);
    CHECK(st == FG_ERR_PARAM && s == 42.0, "threads -1: %s", err.message);
    fg_image bad = im;
    bad.width = 0;
    st = fg_noise_estimate(&bad, &s, &err);
    CHECK(st == FG_ERR_SIZE && s == 42.0, "zero width: %s", err.message);
    d[100] = NAN;
    st = fg_noise_estimate(&im, &s, &err);
    CHECK(st == FG_ERR_NONFINITE && s == 42.0, "NaN pixel: %s", err.message);
    free(d);
}

static void test_auto_lambda(void)
{
    double eps = FG_DENOISE_DEFAULT_EPSILON;
    double a = fg_auto_lambda(FG_ENERGY_TV, 0.05, eps), b = fg_auto_lambda(FG_ENERGY_TV, 0.1, eps);
    CHECK(a > 0.0 && fabs(b / a - pow(2.0, 1.0 + FG_AUTO_PHOTO_TV_Q)) < 1e-12,
          "TV: lambda ~ sigma^(1 + Q) (%.4f at 0.05, %.4f at 0.1)", a, b);
    CHECK_CLOSE(a, 0.05 * (FG_AUTO_TV_A + FG_AUTO_TV_B * eps) * FG_AUTO_PHOTO_TV_K * pow(0.05, FG_AUTO_PHOTO_TV_Q),
                1e-15, "TV: sigma (A + B eps) K sigma^Q");
    CHECK(fg_auto_lambda(FG_ENERGY_TV, 0.05, 0.05) > a, "TV: larger eps, larger lambda");
    double t1 = fg_auto_lambda(FG_ENERGY_TIKHONOV, 0.05, eps), t2 = fg_auto_lambda(FG_ENERGY_TIKHONOV, 0.1, eps);
    CHECK(fabs(t2 / t1 - pow(2.0, FG_AUTO_TIKHONOV_P + FG_AUTO_PHOTO_TIKHONOV_Q)) < 1e-12,
          "Tikhonov: lambda ~ sigma^(P + Q) = sigma^%g", FG_AUTO_TIKHONOV_P + FG_AUTO_PHOTO_TIKHONOV_Q);
    CHECK_CLOSE(t1, FG_AUTO_TIKHONOV_T * FG_AUTO_PHOTO_TIKHONOV_K * pow(0.05, FG_AUTO_TIKHONOV_P + FG_AUTO_PHOTO_TIKHONOV_Q),
                1e-12, "Tikhonov: T K sigma^(P + Q)");
    CHECK(fg_auto_lambda(FG_ENERGY_TIKHONOV, 0.0, eps) == 0.0, "Tikhonov, sigma 0: lambda 0");
    double c3 = fg_auto_lambda_colour(FG_ENERGY_TV, FG_COLOUR_COUPLED, 3, 0.05, eps);
    CHECK_CLOSE(c3 / a, pow(3.0, FG_AUTO_TV_G), 1e-12, "coupled RGB: times 3^G");
    CHECK(fg_auto_lambda_colour(FG_ENERGY_TV, FG_COLOUR_PER_CHANNEL, 3, 0.05, eps) == a
          && fg_auto_lambda_colour(FG_ENERGY_TIKHONOV, FG_COLOUR_COUPLED, 3, 0.05, eps) == t1,
          "per-channel TV and Tikhonov do not depend on the channels");
    CHECK(fg_auto_lambda(FG_ENERGY_TV, 0.0, eps) == 0.0, "sigma 0: lambda 0");
    CHECK(isnan(fg_auto_lambda(FG_ENERGY_TV, -0.1, eps)) && isnan(fg_auto_lambda(FG_ENERGY_TV, NAN, eps))
          && isnan(fg_auto_lambda(FG_ENERGY_TV, INFINITY, eps)) && isnan(fg_auto_lambda((fg_energy)5, 0.1, eps))
          && isnan(fg_auto_lambda(FG_ENERGY_TV, 0.1, 0.0))
          && isnan(fg_auto_lambda_colour(FG_ENERGY_TV, FG_COLOUR_COUPLED, 5, 0.1, eps))
          && isnan(fg_auto_lambda_colour(FG_ENERGY_TV, (fg_colour_mode)4, 3, 0.1, eps)),
          "invalid arguments: NAN");
}

int main(void)
{
    test_seed(7);
    test_accuracy();
    test_large();
    test_special_images();
    test_clipped();
    test_clipping();
    test_model();
    test_alpha();
    test_threads_and_errors();
    test_auto_lambda();
    return check_done();
}
