/* test_denoise_stabilise.c — fg_gradient_denoise with noise =
 * FG_NOISE_SIGNAL_DEPENDENT (core/src/denoise_stabilise.c): the parameter
 * check, the transform's round trip (lambda 0 gives the input back), the
 * plain solve when the noise does not depend on brightness, and a solve on
 * Poisson-Gaussian noise. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fg/gradient_denoise.h"
#include "check.h"
#include "test_random.h"

enum { W = 160, H = 128 };

/* Shading over 0.05 .. 0.95 plus a few shapes, per channel a little apart. */
static double scene(int x, int y, int c)
{
    double u = (double)x / W, v = (double)y / H, s = 0.5 + 0.4 * sin(4.0 * u + 0.3 * c) * cos(2.5 * v);
    if (u > 0.2 && u < 0.4 && v > 0.3 && v < 0.7) s = 0.15;
    if ((u - 0.7) * (u - 0.7) + (v - 0.5) * (v - 0.5) < 0.02) s = 0.85;
    return s;
}

static void fill(float *clean, float *noisy, int ch, double a, double b)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            for (int c = 0; c < ch; c++) {
                size_t i = ((size_t)y * W + x) * ch + c;
                double s = scene(x, y, c);
                clean[i] = (float)s;
                noisy[i] = (float)(s + sqrt(a * s + b) * test_gauss());
            }
}

static double max_difference(const float *p, const float *q, size_t n)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++)
        m = fmax(m, fabs((double)p[i] - (double)q[i]));
    return m;
}

static double psnr(const float *p, const float *q, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += ((double)p[i] - q[i]) * ((double)p[i] - q[i]);
    return 10.0 * log10((double)n / s);
}

int main(void)
{
    test_seed(11);
    int ch = 3;
    size_t n = (size_t)W * H * ch;
    float *clean = malloc(n * sizeof *clean), *noisy = malloc(n * sizeof *noisy);
    float *out = malloc(n * sizeof *out), *plain = malloc(n * sizeof *plain);
    fg_image in = fg_image_make(noisy, W, H, ch, 0), result = fg_image_make(out, W, H, ch, 0);
    fg_image plain_view = fg_image_make(plain, W, H, ch, 0);
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    fg_error err;
    CHECK(p.noise == FG_NOISE_UNIFORM, "the default is uniform noise");

    fill(clean, noisy, ch, 0.02, 1e-4);
    for (size_t i = 0; i < n; i++)
        out[i] = -7.0f;
    p.noise = (fg_noise_mode)3;
    fg_status st = fg_gradient_denoise(&in, &result, &p, NULL, &err);
    CHECK(st == FG_ERR_PARAM && out[0] == -7.0f && out[n - 1] == -7.0f, "unknown noise mode: %s, output untouched",
          err.message);

    /* lambda 0: the transform and its inverse only. */
    p.noise = FG_NOISE_SIGNAL_DEPENDENT;
    p.auto_strength = 0;
    p.lambda = 0.0;
    st = fg_gradient_denoise(&in, &result, &p, NULL, &err);
    double round_trip = max_difference(out, noisy, n);
    CHECK(st == FG_OK && round_trip <= 1e-5, "lambda 0: the input back through T and its inverse (max error %.2g)",
          round_trip);

    /* Poisson-Gaussian noise, automatic strength: a solve in the transformed
     * domain, different from the plain one, and better than the noisy input. */
    p.auto_strength = 1;
    fg_denoise_report report;
    st = fg_gradient_denoise(&in, &result, &p, &report, &err);
    fg_denoise_params q = p;
    q.noise = FG_NOISE_UNIFORM;
    fg_status st2 = fg_gradient_denoise(&in, &plain_view, &q, NULL, &err);
    double d = max_difference(out, plain, n), before = psnr(clean, noisy, n), after = psnr(clean, out, n);
    CHECK(st == FG_OK && st2 == FG_OK && d > 1e-3 && after > before + 3.0 && report.iterations > 0,
          "Poisson-Gaussian: stabilised solve %.2f dB (noisy %.2f, plain %.2f), differs from plain by %.3f", after,
          before, psnr(clean, plain, n), d);

    /* Noise that does not depend on brightness: the plain solve, bit for bit. */
    fill(clean, noisy, ch, 0.0, 0.0025);
    fg_noise_model model;
    fg_noise_model_estimate(&in, 0, &model, &err);
    st = fg_gradient_denoise(&in, &result, &p, NULL, &err);
    st2 = fg_gradient_denoise(&in, &plain_view, &q, NULL, &err);
    CHECK(st == FG_OK && st2 == FG_OK && memcmp(out, plain, n * sizeof *out) == 0 && model.a <= 0.05 * model.b,
          "uniform noise (fitted a %.2g, b %.3g): the plain solve, bit for bit", model.a, model.b);

    /* in == out */
    fill(clean, noisy, ch, 0.02, 1e-4);
    st = fg_gradient_denoise(&in, &result, &p, NULL, &err);
    st2 = fg_gradient_denoise(&in, &in, &p, NULL, &err);
    CHECK(st == FG_OK && st2 == FG_OK && memcmp(out, noisy, n * sizeof *out) == 0, "in place: the same result");
    free(clean);
    free(noisy);
    free(out);
    free(plain);
    return check_done();
}
