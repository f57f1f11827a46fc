/* test_texture_estimate.c — fg_texture_estimate (fg/texture_estimate.h) on
 * analytic cases, and the automatic strength built on it,
 * fg_denoise_auto_lambda and fg_auto_lambda_texture (fg/gradient_denoise.h).
 *
 * References: for a ramp u = a x plus white Gaussian noise of standard
 * deviation sigma every 3x3 window has the same first-order coefficients
 * (horizontal -6a / sqrt 6, vertical 0), so d / sigma^2 is noncentral
 * chi-square with 2 degrees of freedom and noncentrality 6 a^2 / sigma^2; its
 * 90% quantile is computed here by integrating
 *     P(d <= t) = integral phi(x) erf(sqrt((t - (x + nu)^2) / 2)) dx,  nu = sqrt(6) a / sigma,
 * and bisection.  Tolerance 5% on D90 / sigma^2: the sample quantile of
 * ~64k overlapping windows (about 1.5%) plus the histogram bins (0.55%). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "test_random.h"
#include "fg/gradient_denoise.h"
#include "fg/noise_estimate.h"
#include "fg/texture_estimate.h"

static double ncx2_cdf(double t, double nu)
{
    /* Simpson over x in the range where (x + nu)^2 < t */
    double r = sqrt(t), lo = -nu - r, hi = -nu + r;
    int n = 4000;
    double h = (hi - lo) / n, sum = 0.0;
    for (int i = 0; i <= n; i++) {
        double x = lo + i * h, w = (i == 0 || i == n) ? 1.0 : (i % 2 ? 4.0 : 2.0);
        double rest = t - (x + nu) * (x + nu);
        double f = exp(-0.5 * x * x) / 2.5066282746310002 * (rest > 0.0 ? erf(sqrt(rest / 2.0)) : 0.0);
        sum += w * f;
    }
    return sum * h / 3.0;
}

static double ncx2_quantile(double p, double nu)
{
    double lo = 0.0, hi = (nu + 10.0) * (nu + 10.0);
    for (int i = 0; i < 100; i++) {
        double mid = 0.5 * (lo + hi);
        if (ncx2_cdf(mid, nu) < p) lo = mid; else hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* w x h x c: value base + slope * x (+ the same per channel) plus noise. */
static float *ramp(int w, int h, int c, double base, double slope, double sigma, uint64_t seed)
{
    float *d = malloc((size_t)w * h * c * sizeof *d);
    test_seed(seed);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            for (int k = 0; k < c; k++)
                d[((size_t)y * w + x) * c + k] = (float)(base + slope * x + sigma * test_gauss());
    return d;
}

static void test_flat_noise(void)
{
    for (int c = 1; c <= 3; c += 2) {
        double sigma = 0.05;
        float *d = ramp(256, 256, c, 0.5, 0.0, sigma, 11 + c);
        fg_image im = fg_image_make(d, 256, 256, c, 0);
        double tau = -1.0;
        fg_error err;
        fg_status st = fg_texture_estimate(&im, sigma, 1, &tau, &err);
        CHECK(st == FG_OK, "flat + noise, %d channel(s): ok", c);
        CHECK(tau >= FG_TEXTURE_FLOOR && tau <= FG_TEXTURE_FLOOR + 0.1,
              "flat + noise, %d channel(s): tau %.4f within 0.1 of 1/4", c, tau);
        free(d);
    }
    /* a linear ramp has a gradient (the noise estimate does not see it, the
     * texture measure does): without noise tau = 1/4 + 6 a^2 / sigma^2 - q */
    double a = 0.01, sigma = 0.01;
    float *d = ramp(128, 128, 1, 0.0, a, 0.0, 1);
    fg_image im = fg_image_make(d, 128, 128, 1, 0);
    double tau = 0.0;
    fg_error err;
    fg_texture_estimate(&im, sigma, 0, &tau, &err);
    /* every window has d / sigma^2 = 6 a^2 / sigma^2 = 6; the histogram's
     * bins are 2^(1/128) - 1 = 0.54% wide */
    CHECK_CLOSE(tau - FG_TEXTURE_FLOOR + FG_TEXTURE_NOISE_Q, 6.0 * a * a / (sigma * sigma), 0.0055 * 6.0,
                "noise-free ramp: tau = 1/4 + 6 a^2 / sigma^2 - q (within a histogram bin)");
    free(d);
}

static void test_ramp_noise(void)
{
    double sigma = 0.02;
    double slopes[] = { 0.0163, 0.0408, 0.0816 };   /* noncentrality 4, 25, 100 */
    for (int i = 0; i < 3; i++) {
        double a = slopes[i];
        float *d = ramp(256, 256, 3, 0.1, a, sigma, 100 + i);
        fg_image im = fg_image_make(d, 256, 256, 3, 0);
        double tau = 0.0;
        fg_error err;
        CHECK(fg_texture_estimate(&im, sigma, 0, &tau, &err) == FG_OK, "ramp + noise: ok");
        double d90 = ncx2_quantile(0.9, sqrt(6.0) * a / sigma);
        double got = tau - FG_TEXTURE_FLOOR + FG_TEXTURE_NOISE_Q;
        CHECK_CLOSE(got, d90, 0.05 * d90, "ramp slope %.4f + noise: D90 / sigma^2 vs noncentral chi-square", a);
        free(d);
    }
    /* the reference itself: central chi-square(2) 90% quantile is 2 ln 10 */
    CHECK_CLOSE(ncx2_quantile(0.9, 0.0), FG_TEXTURE_NOISE_Q, 1e-4, "reference: chi-square(2) 90%% quantile");
}

/* A textured image: tau rises with the structure, and does not depend on threads. */
static void test_threads_and_order(void)
{
    int w = 300, h = 220;
    float *d = malloc((size_t)w * h * 3 * sizeof *d);
    test_seed(5);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            for (int k = 0; k < 3; k++)
                d[((size_t)y * w + x) * 3 + k] = (float)(0.5 + 0.2 * sin(x * 0.7 + k) * cos(y * 0.3)
                                                         + 0.03 * test_gauss());
    fg_image im = fg_image_make(d, w, h, 3, 0);
    double t1 = 0, t2 = 0, t3 = 0;
    fg_error err;
    fg_texture_estimate(&im, 0.03, 1, &t1, &err);
    fg_texture_estimate(&im, 0.03, 2, &t2, &err);
    fg_texture_estimate(&im, 0.03, 3, &t3, &err);
    CHECK(t1 == t2 && t1 == t3, "same tau for 1, 2, 3 threads (%.6f %.6f %.6f)", t1, t2, t3);
    CHECK(t1 > 1.0, "textured image: tau %.3f well above the flat value", t1);
    double l1, l3, s1, s3, x1, x3;
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.threads = 1;
    fg_denoise_auto_lambda(&im, &p, &l1, &s1, &x1, &err);
    p.threads = 3;
    fg_denoise_auto_lambda(&im, &p, &l3, &s3, &x3, &err);
    CHECK(l1 == l3 && s1 == s3 && x1 == x3, "fg_denoise_auto_lambda: same for 1 and 3 threads");
    /* a larger sigma assumed: less excess */
    double tl;
    fg_texture_estimate(&im, 0.06, 0, &tl, &err);
    CHECK(tl < t1, "tau falls as the assumed sigma rises (%.3f < %.3f)", tl, t1);
    free(d);
}

static void test_alpha_and_tiny(void)
{
    fg_error err;
    /* RGBA: left half flat + noise, opaque; right half strong structure, transparent */
    int w = 200, h = 160;
    float *d = malloc((size_t)w * h * 4 * sizeof *d);
    test_seed(9);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            float *p = d + ((size_t)y * w + x) * 4;
            int right = x >= w / 2;
            for (int k = 0; k < 3; k++)
                p[k] = (float)(right ? ((x + y) % 2) : 0.5 + 0.04 * test_gauss());
            p[3] = right ? 0.0f : 1.0f;
        }
    fg_image im = fg_image_make(d, w, h, 4, 1);
    double tau = 0;
    fg_status st = fg_texture_estimate(&im, 0.04, 0, &tau, &err);
    CHECK(st == FG_OK && tau >= FG_TEXTURE_FLOOR && tau <= FG_TEXTURE_FLOOR + 0.1,
          "transparent structure is not measured (tau %.3f)", tau);
    for (size_t i = 0; i < (size_t)w * h; i++)
        d[i * 4 + 3] = 0.0f;
    CHECK(fg_texture_estimate(&im, 0.04, 0, &tau, &err) == FG_OK && isnan(tau), "fully transparent: NAN");
    free(d);

    float small[64];
    test_seed(3);
    for (int i = 0; i < 64; i++)
        small[i] = (float)(0.5 + 0.1 * test_gauss());
    fg_image two = fg_image_make(small, 2, 2, 1, 0), line = fg_image_make(small, 40, 1, 1, 0),
             column = fg_image_make(small, 1, 40, 1, 0), three = fg_image_make(small, 3, 3, 1, 0);
    CHECK(fg_texture_estimate(&two, 0.1, 0, &tau, &err) == FG_OK && isnan(tau), "2x2: NAN");
    CHECK(fg_texture_estimate(&line, 0.1, 0, &tau, &err) == FG_OK && isnan(tau), "40x1: NAN");
    CHECK(fg_texture_estimate(&column, 0.1, 0, &tau, &err) == FG_OK && isnan(tau), "1x40: NAN");
    CHECK(fg_texture_estimate(&three, 0.1, 0, &tau, &err) == FG_OK && isfinite(tau), "3x3: one window");
    CHECK(fg_texture_estimate(&three, 0.0, 0, &tau, &err) == FG_OK && isnan(tau), "sigma 0: NAN");
    float flat[100];
    for (int i = 0; i < 100; i++)
        flat[i] = 0.25f;
    fg_image constant = fg_image_make(flat, 10, 10, 1, 0);
    CHECK(fg_texture_estimate(&constant, 0.1, 0, &tau, &err) == FG_OK && isnan(tau), "constant: NAN");

    /* the automatic strength on them: the rule of sigma alone, or 0 */
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    double lambda = -1, sigma = -1, texture = -1;
    CHECK(fg_denoise_auto_lambda(&constant, &p, &lambda, &sigma, &texture, &err) == FG_OK && lambda == 0.0
              && sigma == 0.0 && isnan(texture), "constant: sigma 0, lambda 0, texture NAN");
    CHECK(fg_denoise_auto_lambda(&line, &p, &lambda, &sigma, &texture, &err) == FG_OK && isnan(texture)
              && sigma > 0.0 && lambda == fg_auto_lambda_colour(p.energy, p.colour, 1, sigma, p.epsilon),
          "40x1: texture NAN, the rule of sigma alone (lambda %g)", lambda);
    CHECK(fg_denoise_auto_lambda(&two, &p, NULL, NULL, NULL, &err) == FG_OK, "outputs may be NULL");
}

static void test_rule(void)
{
    /* fg_auto_lambda_texture against the documented formula */
    double sigma = 0.07, tau = 3.5, eps = 0.02;
    double tv = sigma * (FG_AUTO_TV_A + FG_AUTO_TV_B * eps) * pow(3.0, FG_AUTO_TV_G) * FG_AUTO_TEXTURE_TV_K
                * pow(sigma, FG_AUTO_TEXTURE_TV_Q) * pow(tau, FG_AUTO_TEXTURE_TV_S);
    CHECK_CLOSE(fg_auto_lambda_texture(FG_ENERGY_TV, FG_COLOUR_COUPLED, 3, sigma, tau, eps), tv, 1e-12 * tv,
                "TV coupled: R K sigma^Q tau^S");
    CHECK_CLOSE(fg_auto_lambda_texture(FG_ENERGY_TV, FG_COLOUR_PER_CHANNEL, 3, sigma, tau, eps),
                tv / pow(3.0, FG_AUTO_TV_G), 1e-12 * tv, "TV per channel: no C^G");
    double tik = FG_AUTO_TIKHONOV_T * pow(sigma, FG_AUTO_TIKHONOV_P) * FG_AUTO_TEXTURE_TIKHONOV_K
                 * pow(sigma, FG_AUTO_TEXTURE_TIKHONOV_Q) * pow(tau, FG_AUTO_TEXTURE_TIKHONOV_S);
    CHECK_CLOSE(fg_auto_lambda_texture(FG_ENERGY_TIKHONOV, FG_COLOUR_COUPLED, 3, sigma, tau, eps), tik,
                1e-12 * tik, "Tikhonov: R K sigma^Q tau^S");
    CHECK(FG_AUTO_TEXTURE_TV_S < 0.0 && FG_AUTO_TEXTURE_TIKHONOV_S < 0.0
              && fg_auto_lambda_texture(FG_ENERGY_TV, FG_COLOUR_COUPLED, 3, sigma, 10.0, eps)
                     < fg_auto_lambda_texture(FG_ENERGY_TV, FG_COLOUR_COUPLED, 3, sigma, 1.0, eps),
          "more texture, less smoothing");
    CHECK(fg_auto_lambda_texture(FG_ENERGY_TV, FG_COLOUR_COUPLED, 3, sigma, NAN, eps)
              == fg_auto_lambda_colour(FG_ENERGY_TV, FG_COLOUR_COUPLED, 3, sigma, eps),
          "tau NAN: the rule of sigma alone");
    CHECK(fg_auto_lambda_texture(FG_ENERGY_TV, FG_COLOUR_COUPLED, 3, 0.0, tau, eps) == 0.0, "sigma 0: 0");
    CHECK(isnan(fg_auto_lambda_texture(FG_ENERGY_TV, FG_COLOUR_COUPLED, 3, sigma, 0.1, eps))
              && isnan(fg_auto_lambda_texture(FG_ENERGY_TV, FG_COLOUR_COUPLED, 3, sigma, INFINITY, eps))
              && isnan(fg_auto_lambda_texture(FG_ENERGY_TV, FG_COLOUR_COUPLED, 3, -1.0, tau, eps))
              && isnan(fg_auto_lambda_texture(FG_ENERGY_TV, FG_COLOUR_COUPLED, 5, sigma, tau, eps))
              && isnan(fg_auto_lambda_texture(FG_ENERGY_TV, (fg_colour_mode)7, 3, sigma, tau, eps))
              && isnan(fg_auto_lambda_texture((fg_energy)9, FG_COLOUR_COUPLED, 3, sigma, tau, eps))
              && isnan(fg_auto_lambda_texture(FG_ENERGY_TV, FG_COLOUR_COUPLED, 3, sigma, tau, 0.0)),
          "invalid arguments: NAN");

    /* fg_denoise_auto_lambda = the rule of its own estimates */
    float *d = ramp(120, 90, 3, 0.3, 0.002, 0.05, 77);
    fg_image im = fg_image_make(d, 120, 90, 3, 0);
    fg_error err;
    for (int e = 0; e < 2; e++) {
        fg_denoise_params p;
        fg_denoise_params_init(&p);
        p.energy = (fg_energy)e;
        double lambda, s, t, s_ref, t_ref;
        CHECK(fg_denoise_auto_lambda(&im, &p, &lambda, &s, &t, &err) == FG_OK, "auto lambda: ok");
        fg_noise_estimate_threads(&im, 0, &s_ref, &err);
        fg_texture_estimate(&im, s_ref, 0, &t_ref, &err);
        CHECK(s == s_ref && t == t_ref
                  && lambda == fg_auto_lambda_texture(p.energy, p.colour, 3, s_ref, t_ref, p.epsilon),
              "%s: lambda %g is the rule of fg_noise_estimate %g and fg_texture_estimate %g",
              e ? "Tikhonov" : "TV", lambda, s, t);
    }
    free(d);
}

static void test_errors(void)
{
    float data[16 * 16];
    for (int i = 0; i < 256; i++)
        data[i] = (float)(i % 5) * 0.1f;
    fg_image im = fg_image_make(data, 16, 16, 1, 0);
    double tau = 42.0;
    fg_error err;
    CHECK(fg_texture_estimate(NULL, 0.1, 0, &tau, &err) == FG_ERR_NULL && tau == 42.0, "NULL image");
    CHECK(fg_texture_estimate(&im, 0.1, 0, NULL, &err) == FG_ERR_NULL, "NULL texture");
    CHECK(fg_texture_estimate(&im, -0.1, 0, &tau, &err) == FG_ERR_PARAM && tau == 42.0 && err.message[0],
          "negative sigma: %s", err.message);
    CHECK(fg_texture_estimate(&im, NAN, 0, &tau, &err) == FG_ERR_PARAM && tau == 42.0, "NaN sigma");
    CHECK(fg_texture_estimate(&im, INFINITY, 0, &tau, &err) == FG_ERR_PARAM && tau == 42.0, "infinite sigma");
    CHECK(fg_texture_estimate(&im, 0.1, -1, &tau, &err) == FG_ERR_PARAM && tau == 42.0, "threads -1");
    fg_image bad = im;
    bad.width = 0;
    CHECK(fg_texture_estimate(&bad, 0.1, 0, &tau, &err) == FG_ERR_SIZE && tau == 42.0, "width 0");
    data[37] = NAN;
    CHECK(fg_texture_estimate(&im, 0.1, 0, &tau, &err) == FG_ERR_NONFINITE && tau == 42.0, "NaN pixel");

    double lambda = 42.0, sigma = 42.0, texture = 42.0;
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    CHECK(fg_denoise_auto_lambda(&im, &p, &lambda, &sigma, &texture, &err) == FG_ERR_NONFINITE
              && lambda == 42.0 && sigma == 42.0 && texture == 42.0, "auto lambda, NaN pixel: untouched");
    data[37] = 0.2f;
    CHECK(fg_denoise_auto_lambda(&im, NULL, &lambda, &sigma, &texture, &err) == FG_ERR_NULL && lambda == 42.0,
          "auto lambda: NULL params");
    CHECK(fg_denoise_auto_lambda(NULL, &p, &lambda, &sigma, &texture, &err) == FG_ERR_NULL && lambda == 42.0,
          "auto lambda: NULL image");
    p.energy = (fg_energy)7;
    CHECK(fg_denoise_auto_lambda(&im, &p, &lambda, &sigma, &texture, &err) == FG_ERR_PARAM && lambda == 42.0,
          "auto lambda: unknown energy: %s", err.message);
    fg_denoise_params_init(&p);
    p.epsilon = 0.0;
    CHECK(fg_denoise_auto_lambda(&im, &p, &lambda, &sigma, &texture, &err) == FG_ERR_PARAM && lambda == 42.0,
          "auto lambda: epsilon 0");
    fg_denoise_params_init(&p);
    p.threads = FG_MAX_THREADS + 1;
    CHECK(fg_denoise_auto_lambda(&im, &p, &lambda, &sigma, &texture, &err) == FG_ERR_PARAM && lambda == 42.0,
          "auto lambda: too many threads");
    fg_denoise_params_init(&p);
    p.auto_strength = 0;
    p.lambda = -5.0;        /* not looked at */
    CHECK(fg_denoise_auto_lambda(&im, &p, &lambda, &sigma, &texture, &err) == FG_OK && lambda >= 0.0,
          "auto lambda: params->lambda is not looked at");
}

int main(void)
{
    test_flat_noise();
    test_ramp_noise();
    test_threads_and_order();
    test_alpha_and_tiny();
    test_rule();
    test_errors();
    return check_done();
}
