/* test_luma_chroma.c — fg_gradient_denoise with colour_space =
 * FG_COLOUR_SPACE_LUMA_CHROMA (core/src/denoise_luma_chroma.c): the
 * rotation is orthonormal and inverts; Tikhonov with equal strengths is the
 * RGB minimiser (the energy is rotation invariant), checked with the
 * duality-gap bound |u - u*| <= sqrt(2 (E - D)) (E - D at least the float
 * floor of 1e-8 E); chroma-only noise is
 * removed while luma detail stays; alpha; thread independence; reports,
 * callbacks and cancel; the parameter checks; and that the defaults and
 * grey images are unchanged bit for bit. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fg/gradient_denoise.h"
#include "check.h"
#include "test_random.h"

enum { W = 96, H = 80 };

/* Piecewise constant shapes over gentle shading, a little different per channel. */
static double scene(int x, int y, int c)
{
    double u = (double)x / W, v = (double)y / H, s = 0.45 + 0.25 * sin(3.0 * u + 0.7 * c) * cos(2.0 * v);
    if (u > 0.15 && u < 0.45 && v > 0.2 && v < 0.6) s = 0.2 + 0.25 * c;
    if ((u - 0.7) * (u - 0.7) + (v - 0.55) * (v - 0.55) < 0.03) s = 0.85 - 0.2 * c;
    return s;
}

/* Grey with luma detail: stripes of period 6 in the left half, a square. */
static double grey_scene(int x, int y)
{
    double s = 0.5;
    if (x < W / 2 && (x / 3) % 2 == 0) s = 0.75;
    if (x > W / 2 + 10 && x < W - 10 && y > 20 && y < 60) s = 0.25;
    return s;
}

static fg_denoise_params tight(fg_energy energy)
{
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.energy = energy;
    p.solver = FG_SOLVER_AUTO;
    p.stop = FG_STOP_GAP;
    p.tolerance = 1e-10;
    p.max_iterations = 20000;
    return p;
}

typedef struct counter {
    int calls, last, max, monotone, cancel_at;
} counter;

static int count_iteration(void *user_data, int iteration, int max_iterations, double energy)
{
    counter *c = user_data;
    (void)energy;
    if (iteration <= c->last)
        c->monotone = 0;
    c->last = iteration;
    c->max = max_iterations;
    c->calls++;
    return c->cancel_at >= 0 && iteration >= c->cancel_at;
}

static int count_gap(void *user_data, int iteration, int max_iterations, double energy, double gap)
{
    counter *c = user_data;
    (void)iteration; (void)max_iterations; (void)energy;
    if (!(gap >= 0.0))
        c->monotone = 0;
    c->cancel_at--;             /* counts down from -1: -1 - calls */
    return 0;
}

static void test_transform(void)
{
    /* M's rows, analytic */
    const double s3 = sqrt(3.0), s2 = sqrt(2.0), s6 = sqrt(6.0);
    const double m[3][3] = { { 1 / s3, 1 / s3, 1 / s3 }, { 1 / s2, -1 / s2, 0 }, { 1 / s6, 1 / s6, -2 / s6 } };
    double col[3][3];
    for (int j = 0; j < 3; j++) {
        double e[3] = { j == 0, j == 1, j == 2 };
        fg_rgb_to_luma_chroma(e, col[j]);
        for (int i = 0; i < 3; i++)
            CHECK_CLOSE(col[j][i], m[i][j], 1e-15, "M entry (%d, %d)", i, j);
    }
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double dot = 0.0;
            for (int k = 0; k < 3; k++)
                dot += col[i][k] * col[j][k];
            CHECK_CLOSE(dot, i == j, 1e-15, "M^T M (%d, %d) is the identity", i, j);
        }
    double worst = 0.0, worst_norm = 0.0;
    for (int t = 0; t < 1000; t++) {
        double rgb[3] = { 4 * test_uniform() - 2, 4 * test_uniform() - 2, 4 * test_uniform() - 2 }, ylc[3], back[3];
        fg_rgb_to_luma_chroma(rgb, ylc);
        fg_luma_chroma_to_rgb(ylc, back);
        double n0 = 0.0, n1 = 0.0;
        for (int c = 0; c < 3; c++) {
            worst = fmax(worst, fabs(back[c] - rgb[c]));
            n0 += rgb[c] * rgb[c];
            n1 += ylc[c] * ylc[c];
        }
        worst_norm = fmax(worst_norm, fabs(n1 - n0));
    }
    CHECK(worst <= 1e-14, "the inverse gives the colour back (worst %.3g)", worst);
    CHECK(worst_norm <= 1e-13, "the rotation keeps |c|^2 (worst %.3g)", worst_norm);
    double grey[3] = { 0.5, 0.5, 0.5 }, ylc[3];
    fg_rgb_to_luma_chroma(grey, ylc);
    CHECK(fabs(ylc[0] - 0.5 * s3) < 1e-15 && fabs(ylc[1]) < 1e-16 && fabs(ylc[2]) < 1e-16,
          "grey has no chroma and Y = sqrt3 grey");
}

/* Tikhonov, lambda_chroma = lambda: the RGB minimiser, within the sum of
 * both solves' gap bounds sqrt(2 (E - D)) in the 2-norm (premultiplied), plus
 * float rounding. */
static void test_tikhonov_equivalence(int alpha)
{
    int ch = 3 + alpha;
    size_t n = (size_t)W * H * ch;
    float *noisy = malloc(n * sizeof *noisy), *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            float *p = noisy + ((size_t)y * W + x) * ch;
            for (int c = 0; c < 3; c++)
                p[c] = (float)(scene(x, y, c) + 0.08 * test_gauss());
            if (alpha)
                p[3] = (float)(0.3 + 0.7 * test_uniform());
        }
    fg_image in = fg_image_make(noisy, W, H, ch, alpha);
    fg_image ra = fg_image_make(a, W, H, ch, alpha), rb = fg_image_make(b, W, H, ch, alpha);
    fg_denoise_params p = tight(FG_ENERGY_TIKHONOV);
    p.auto_strength = 0;
    p.lambda = 1.5;
    fg_denoise_report rep_rgb, rep_lc;
    fg_error err;
    CHECK(fg_gradient_denoise(&in, &ra, &p, &rep_rgb, &err) == FG_OK, "RGB Tikhonov");
    p.colour_space = FG_COLOUR_SPACE_LUMA_CHROMA;
    p.auto_chroma_strength = 0;
    p.lambda_chroma = 1.5;
    CHECK(fg_gradient_denoise(&in, &rb, &p, &rep_lc, &err) == FG_OK, "luma-chroma Tikhonov");
    double d2 = 0.0;
    for (size_t i = 0; i < (size_t)W * H; i++) {
        double al = alpha ? a[i * ch + 3] : 1.0;
        for (int c = 0; c < 3; c++) {
            double d = al * ((double)a[i * ch + c] - (double)b[i * ch + c]);
            d2 += d * d;
        }
    }
    /* The gap of a float iterate bottoms out where E itself wanders, about
     * 1e-8 relative (the header, "Stopping"): that is the floor of each bound. */
    double bound = sqrt(2.0 * fmax(rep_rgb.gap, 1e-8) * rep_rgb.energy)
                 + sqrt(2.0 * fmax(rep_lc.gap, 1e-8) * rep_lc.energy);
    CHECK(sqrt(d2) <= bound, "%s: |u_lc - u_rgb| %.3g <= the gap bound %.3g", alpha ? "RGBA" : "RGB",
          sqrt(d2), bound);
    CHECK_CLOSE(rep_lc.energy, rep_rgb.energy,
                rep_rgb.gap * rep_rgb.energy + rep_lc.gap * rep_lc.energy + 1e-7 * rep_rgb.energy,
                "%s: the energies agree", alpha ? "RGBA" : "RGB");
    CHECK(rep_lc.lambda == 1.5 && rep_lc.lambda_chroma == 1.5 && isnan(rep_lc.sigma) && isnan(rep_lc.sigma_chroma),
          "the report gives both strengths, no sigmas");
    CHECK(isnan(rep_rgb.lambda_chroma) && isnan(rep_rgb.sigma_chroma) && isnan(rep_rgb.texture_chroma), "RGB reports no chroma");
    /* its energy in RGB is its report's (the same function) */
    double e;
    fg_denoise_params model = tight(FG_ENERGY_TIKHONOV);
    CHECK(fg_denoise_energy(&rb, &in, &model, 1.5, &e, &err) == FG_OK, "energy of the luma-chroma output");
    CHECK_CLOSE(e, rep_lc.energy, 1e-5 * e, "%s: E_rgb(u_lc) is the reported sum of both energies",
                alpha ? "RGBA" : "RGB");
    free(noisy);
    free(a);
    free(b);
}

static void rotate_image(const float *src, float *dst, size_t pixels)
{
    for (size_t i = 0; i < pixels; i++) {
        double rgb[3] = { src[3 * i], src[3 * i + 1], src[3 * i + 2] }, ylc[3];
        fg_rgb_to_luma_chroma(rgb, ylc);
        for (int c = 0; c < 3; c++)
            dst[3 * i + c] = (float)ylc[c];
    }
}

/* rms over pixels of channel c (0 = Y) or of the chroma pair (c = 1: C1 and C2). */
static double rms_part(const float *p, const float *q, size_t pixels, int chroma)
{
    double s = 0.0;
    for (size_t i = 0; i < pixels; i++)
        for (int c = chroma ? 1 : 0; c < (chroma ? 3 : 1); c++) {
            double d = (double)p[3 * i + c] - q[3 * i + c];
            s += d * d;
        }
    return sqrt(s / (double)pixels / (chroma ? 2 : 1));
}

static void test_chroma_noise(void)
{
    size_t pixels = (size_t)W * H, n = pixels * 3;
    float *clean = malloc(n * sizeof *clean), *noisy = malloc(n * sizeof *noisy), *out = malloc(n * sizeof *out);
    float *rgb_out = malloc(n * sizeof *rgb_out);
    float *o_clean = malloc(n * sizeof *o_clean), *o_noisy = malloc(n * sizeof *o_noisy);
    float *o_out = malloc(n * sizeof *o_out), *o_rgb = malloc(n * sizeof *o_rgb);
    const double sigma = 0.08;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            size_t i = (size_t)y * W + x;
            double g = grey_scene(x, y), ylc[3] = { g * sqrt(3.0), sigma * test_gauss(), sigma * test_gauss() }, rgb[3];
            fg_luma_chroma_to_rgb(ylc, rgb);
            for (int c = 0; c < 3; c++) {
                clean[3 * i + c] = (float)g;
                noisy[3 * i + c] = (float)rgb[c];
            }
        }
    fg_image in = fg_image_make(noisy, W, H, 3, 0), result = fg_image_make(out, W, H, 3, 0);
    fg_image rgb_result = fg_image_make(rgb_out, W, H, 3, 0);
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.colour_space = FG_COLOUR_SPACE_LUMA_CHROMA;
    fg_denoise_report rep;
    fg_error err;
    CHECK(fg_gradient_denoise(&in, &result, &p, &rep, &err) == FG_OK, "chroma noise: luma-chroma, automatic");
    CHECK(rep.sigma < 0.1 * sigma, "chroma noise: luma sigma %.4f is small", rep.sigma);
    CHECK_CLOSE(rep.sigma_chroma, sigma, 0.1 * sigma, "chroma noise: chroma sigma within 10%%");
    CHECK(rep.lambda_chroma > 10.0 * rep.lambda, "chroma noise: lambda_chroma %.4g >> lambda %.4g",
          rep.lambda_chroma, rep.lambda);
    rotate_image(clean, o_clean, pixels);
    rotate_image(noisy, o_noisy, pixels);
    rotate_image(out, o_out, pixels);
    double before = rms_part(o_noisy, o_clean, pixels, 1), after = rms_part(o_out, o_clean, pixels, 1);
    double luma_error = rms_part(o_out, o_clean, pixels, 0);
    CHECK(after < 0.2 * before, "chroma noise: chroma error %.4f from %.4f (at most a fifth)", after, before);
    CHECK(luma_error < 0.01, "chroma noise: luma detail kept (rms luma error %.4f < 0.01)", luma_error);
    /* RGB coupled TV with its automatic strength blurs the luma stripes more */
    fg_denoise_params q;
    fg_denoise_params_init(&q);
    CHECK(fg_gradient_denoise(&in, &rgb_result, &q, NULL, &err) == FG_OK, "chroma noise: RGB");
    rotate_image(rgb_out, o_rgb, pixels);
    double rgb_luma = rms_part(o_rgb, o_clean, pixels, 0);
    CHECK(luma_error < rgb_luma, "chroma noise: luma error %.4f below RGB's %.4f", luma_error, rgb_luma);

    /* lambda 0 by hand: Y is the input's exactly (up to float rounding of the rotations) */
    p.auto_strength = 0;
    p.lambda = 0.0;
    CHECK(fg_gradient_denoise(&in, &result, &p, &rep, &err) == FG_OK, "chroma noise: lambda 0");
    rotate_image(out, o_out, pixels);
    double y_diff = 0.0;
    for (size_t i = 0; i < pixels; i++)
        y_diff = fmax(y_diff, fabs((double)o_out[3 * i] - o_noisy[3 * i]));
    CHECK(y_diff < 1e-6, "lambda 0: luma unchanged (max %.3g)", y_diff);
    CHECK(rep.lambda == 0.0 && isnan(rep.sigma) && rep.sigma_chroma > 0.0, "lambda 0: the report");

    /* threads: bit for bit */
    p.auto_strength = 1;
    for (int t = 1; t <= 3; t++) {
        p.threads = t;
        CHECK(fg_gradient_denoise(&in, t == 1 ? &rgb_result : &result, &p, NULL, &err) == FG_OK, "threads %d", t);
        if (t > 1)
            CHECK(memcmp(out, rgb_out, n * sizeof *out) == 0, "threads %d: the same bits as 1 thread", t);
    }
    free(clean); free(noisy); free(out); free(rgb_out);
    free(o_clean); free(o_noisy); free(o_out); free(o_rgb);
}

static void test_alpha_and_grey(void)
{
    size_t pixels = (size_t)W * H;
    float *rgba = malloc(pixels * 4 * sizeof *rgba), *out = malloc(pixels * 4 * sizeof *out);
    float *out2 = malloc(pixels * 4 * sizeof *out2);
    for (size_t i = 0; i < pixels; i++) {
        int x = (int)(i % W), y = (int)(i / W);
        for (int c = 0; c < 3; c++)
            rgba[4 * i + c] = (float)(scene(x, y, c) + 0.05 * test_gauss());
        rgba[4 * i + 3] = x < 10 ? 0.0f : x < 20 ? 0.0005f : (float)(0.5 + 0.5 * test_uniform());
    }
    fg_image in = fg_image_make(rgba, W, H, 4, 1), result = fg_image_make(out, W, H, 4, 1);
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.colour_space = FG_COLOUR_SPACE_LUMA_CHROMA;
    fg_error err;
    CHECK(fg_gradient_denoise(&in, &result, &p, NULL, &err) == FG_OK, "RGBA luma-chroma");
    int kept = 1, alpha_same = 1;
    for (size_t i = 0; i < pixels; i++) {
        if (rgba[4 * i + 3] <= FG_DENOISE_ALPHA_TINY && memcmp(rgba + 4 * i, out + 4 * i, 4 * sizeof *out))
            kept = 0;
        if (out[4 * i + 3] != rgba[4 * i + 3])
            alpha_same = 0;
    }
    CHECK(kept, "RGBA: colour at alpha <= FG_DENOISE_ALPHA_TINY is kept bit for bit");
    CHECK(alpha_same, "RGBA: alpha is copied");
    /* in place gives the same */
    memcpy(out2, rgba, pixels * 4 * sizeof *out2);
    fg_image inplace = fg_image_make(out2, W, H, 4, 1);
    CHECK(fg_gradient_denoise(&inplace, &inplace, &p, NULL, &err) == FG_OK, "RGBA in place");
    CHECK(memcmp(out, out2, pixels * 4 * sizeof *out) == 0, "RGBA: in place gives the same bits");

    /* grey and grey + alpha: the setting is ignored, bit for bit */
    for (int ch = 1; ch <= 2; ch++) {
        fg_image g_in = fg_image_make(rgba, W, H, ch, ch == 2), g_a = fg_image_make(out, W, H, ch, ch == 2);
        fg_image g_b = fg_image_make(out2, W, H, ch, ch == 2);
        fg_denoise_params q;
        fg_denoise_params_init(&q);
        fg_denoise_report ra, rb;
        CHECK(fg_gradient_denoise(&g_in, &g_a, &q, &ra, &err) == FG_OK, "%d channels: RGB", ch);
        q.colour_space = FG_COLOUR_SPACE_LUMA_CHROMA;
        q.auto_chroma_strength = 0;
        q.lambda_chroma = 5.0;
        CHECK(fg_gradient_denoise(&g_in, &g_b, &q, &rb, &err) == FG_OK, "%d channels: luma-chroma", ch);
        CHECK(memcmp(out, out2, (size_t)W * H * ch * sizeof *out) == 0, "%d channels: ignored, the same bits", ch);
        CHECK(isnan(rb.lambda_chroma) && isnan(rb.sigma_chroma) && rb.lambda == ra.lambda,
              "%d channels: the report has no chroma", ch);
        double sl, sc;
        CHECK(fg_noise_estimate_luma_chroma(&g_in, 0, &sl, &sc, &err) == FG_ERR_SIZE,
              "%d channels: no luma-chroma estimate (%s)", ch, err.message);
    }
    free(rgba); free(out); free(out2);
}

static void test_defaults_and_errors(void)
{
    fg_denoise_params p;
    memset(&p, 0x55, sizeof p);
    fg_denoise_params_init(&p);
    CHECK(p.colour_space == FG_COLOUR_SPACE_RGB && p.auto_chroma_strength == 1
          && p.lambda_chroma == FG_DENOISE_DEFAULT_LAMBDA, "the defaults");

    size_t n = (size_t)W * H * 3;
    float *noisy = malloc(n * sizeof *noisy), *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            for (int c = 0; c < 3; c++)
                noisy[((size_t)y * W + x) * 3 + c] = (float)(scene(x, y, c) + 0.06 * test_gauss());
    fg_image in = fg_image_make(noisy, W, H, 3, 0), ra = fg_image_make(a, W, H, 3, 0), rb = fg_image_make(b, W, H, 3, 0);
    fg_error err;
    fg_denoise_params q;
    fg_denoise_params_init(&q);
    CHECK(fg_gradient_denoise(&in, &ra, &q, NULL, &err) == FG_OK, "RGB defaults");
    q.auto_chroma_strength = 0;
    q.lambda_chroma = 3.0;
    CHECK(fg_gradient_denoise(&in, &rb, &q, NULL, &err) == FG_OK, "RGB with a chroma strength set");
    CHECK(memcmp(a, b, n * sizeof *a) == 0, "RGB ignores the chroma strength, bit for bit");

    /* callbacks: every iteration of both solves, numbered on; cancel */
    fg_denoise_params_init(&q);
    q.colour_space = FG_COLOUR_SPACE_LUMA_CHROMA;
    counter cnt = { 0, -1, 0, 1, -1 };
    q.on_iteration = count_iteration;
    q.user_data = &cnt;
    fg_denoise_report rep;
    CHECK(fg_gradient_denoise(&in, &rb, &q, &rep, &err) == FG_OK, "luma-chroma with a callback");
    CHECK(cnt.calls == rep.iterations + 2 && cnt.monotone && cnt.last == rep.iterations + 1
          && cnt.max == 2 * q.max_iterations + 1,
          "callback: %d calls for %d iterations of two solves, numbered on", cnt.calls, rep.iterations);
    counter gaps = { 0, -1, 0, 1, -1 };
    q.on_iteration = NULL;
    q.on_iteration_gap = count_gap;
    q.user_data = &gaps;
    fg_status gap_status = fg_gradient_denoise(&in, &rb, &q, &rep, &err);
    CHECK(gap_status == FG_OK && -1 - gaps.cancel_at == rep.iterations + 2
          && gaps.monotone, "gap callback alone: %d calls for %d iterations, gaps >= 0", -1 - gaps.cancel_at,
          rep.iterations);
    q.on_iteration_gap = NULL;
    q.on_iteration = count_iteration;
    CHECK(rep.lambda > 0.0 && rep.lambda_chroma > 0.0 && rep.sigma > 0.0 && rep.sigma_chroma > 0.0
          && rep.gap >= 0.0 && rep.energy > 0.0, "the report of an automatic luma-chroma solve");
    double sl, sc;
    CHECK(fg_noise_estimate_luma_chroma(&in, 0, &sl, &sc, &err) == FG_OK && sl == rep.sigma && sc == rep.sigma_chroma,
          "fg_noise_estimate_luma_chroma gives the solve's sigmas");
    /* the texture measures: of Y and of (C1, C2), made here independently of the core's copy */
    double sl2, sc2, tl, tc, tl_ref, tc_ref;
    CHECK(fg_estimate_luma_chroma(&in, 0, &sl2, &sc2, &tl, &tc, &err) == FG_OK && sl2 == sl && sc2 == sc,
          "fg_estimate_luma_chroma: the same sigmas");
    {
        float *yy = malloc((size_t)W * H * sizeof *yy), *cc = malloc((size_t)W * H * 2 * sizeof *cc);
        for (size_t i = 0; i < (size_t)W * H; i++) {
            double rgb[3] = { noisy[3 * i], noisy[3 * i + 1], noisy[3 * i + 2] }, ylc[3];
            fg_rgb_to_luma_chroma(rgb, ylc);
            yy[i] = (float)ylc[0];
            cc[2 * i] = (float)ylc[1];
            cc[2 * i + 1] = (float)ylc[2];
        }
        fg_image yi = fg_image_make(yy, W, H, 1, 0), ci = fg_image_make(cc, W, H, 2, 0);
        CHECK(fg_texture_estimate(&yi, sl, 1, &tl_ref, &err) == FG_OK
              && fg_texture_estimate(&ci, sc, 1, &tc_ref, &err) == FG_OK, "texture of Y and of (C1, C2)");
        free(yy);
        free(cc);
    }
    CHECK(tl == tl_ref && tc == tc_ref && tl > FG_TEXTURE_FLOOR && tc >= FG_TEXTURE_FLOOR,
          "fg_estimate_luma_chroma: tau_luma %g, tau_chroma %g those of Y and (C1, C2)", tl, tc);
    CHECK(rep.texture == tl && rep.texture_chroma == tc, "the report's texture measures");
    CHECK_CLOSE(rep.lambda, fg_auto_lambda_luma_texture(FG_ENERGY_TV, FG_COLOUR_COUPLED, sl, tl, 0.01), 1e-15,
                "auto lambda: the luma texture rule of the measured sigma and tau");
    CHECK_CLOSE(rep.lambda_chroma, fg_auto_lambda_chroma_texture(FG_ENERGY_TV, FG_COLOUR_COUPLED, sc, tc, 0.01),
                1e-15, "auto lambda_chroma: the chroma texture rule of the measured sigma and tau");
    /* the rules against their formula (header, "Luma and chroma, texture") */
    for (int e = 0; e < 2; e++) {
        fg_energy en = e ? FG_ENERGY_TIKHONOV : FG_ENERGY_TV;
        double ky = e ? FG_AUTO_LUMA_TEXTURE_TIKHONOV_K : FG_AUTO_LUMA_TEXTURE_TV_K;
        double qy = e ? FG_AUTO_LUMA_TEXTURE_TIKHONOV_Q : FG_AUTO_LUMA_TEXTURE_TV_Q;
        double sy = e ? FG_AUTO_LUMA_TEXTURE_TIKHONOV_S : FG_AUTO_LUMA_TEXTURE_TV_S;
        double kc = e ? FG_AUTO_CHROMA_TEXTURE_TIKHONOV_K : FG_AUTO_CHROMA_TEXTURE_TV_K;
        double qc = e ? FG_AUTO_CHROMA_TEXTURE_TIKHONOV_Q : FG_AUTO_CHROMA_TEXTURE_TV_Q;
        double scx = e ? FG_AUTO_CHROMA_TEXTURE_TIKHONOV_S : FG_AUTO_CHROMA_TEXTURE_TV_S;
        double s0 = 0.05, t0 = 7.5;
        double ly = fg_auto_lambda_colour(en, FG_COLOUR_COUPLED, 1, s0, 0.01) * ky * pow(s0, qy) * pow(t0, sy);
        double lc = fg_auto_lambda_colour(en, FG_COLOUR_COUPLED, 2, s0, 0.01) * kc * pow(s0, qc) * pow(t0, scx);
        CHECK_CLOSE(fg_auto_lambda_luma_texture(en, FG_COLOUR_COUPLED, s0, t0, 0.01), ly, 1e-14 * ly,
                    "%s luma texture rule: R1 K sigma^Q tau^S", e ? "Tikhonov" : "TV");
        CHECK_CLOSE(fg_auto_lambda_chroma_texture(en, FG_COLOUR_COUPLED, s0, t0, 0.01), lc, 1e-14 * lc,
                    "%s chroma texture rule: R2 K sigma^Q tau^S", e ? "Tikhonov" : "TV");
        CHECK(fg_auto_lambda_luma_texture(en, FG_COLOUR_COUPLED, s0, NAN, 0.01)
                  == fg_auto_lambda_luma(en, FG_COLOUR_COUPLED, s0, 0.01)
              && fg_auto_lambda_chroma_texture(en, FG_COLOUR_COUPLED, s0, NAN, 0.01)
                  == fg_auto_lambda_chroma(en, FG_COLOUR_COUPLED, s0, 0.01),
              "%s: tau NAN gives the rules of sigma alone", e ? "Tikhonov" : "TV");
        CHECK(isnan(fg_auto_lambda_luma_texture(en, FG_COLOUR_COUPLED, s0, 0.2, 0.01))
              && isnan(fg_auto_lambda_chroma_texture(en, FG_COLOUR_COUPLED, s0, INFINITY, 0.01))
              && isnan(fg_auto_lambda_luma_texture(en, FG_COLOUR_COUPLED, -1.0, t0, 0.01))
              && isnan(fg_auto_lambda_chroma_texture(en, FG_COLOUR_COUPLED, NAN, t0, 0.01)),
              "%s: tau below the floor, infinite, sigma invalid: NAN", e ? "Tikhonov" : "TV");
    }
    CHECK(fg_estimate_luma_chroma(&in, 0, &sl2, &sc2, NULL, &tc, &err) == FG_ERR_NULL,
          "fg_estimate_luma_chroma: NULL tau_luma");
    memcpy(b, a, n * sizeof *a);
    for (int at = 0; at < 2; at++) {
        counter cancel = { 0, -1, 0, 1, at == 0 ? 3 : rep.iterations };   /* in the luma, in the chroma solve */
        q.user_data = &cancel;
        CHECK(fg_gradient_denoise(&in, &rb, &q, NULL, &err) == FG_ERR_CANCELLED
              && memcmp(a, b, n * sizeof *a) == 0, "cancel in the %s solve: FG_ERR_CANCELLED, output untouched",
              at == 0 ? "luma" : "chroma");
    }
    q.on_iteration = NULL;

    struct { const char *what; fg_colour_space space; int auto_c; double lc; fg_status want; } bad[] = {
        { "colour space 2", (fg_colour_space)2, 1, 0.1, FG_ERR_PARAM },
        { "colour space -1", (fg_colour_space)-1, 1, 0.1, FG_ERR_PARAM },
        { "lambda_chroma -1", FG_COLOUR_SPACE_LUMA_CHROMA, 0, -1.0, FG_ERR_PARAM },
        { "lambda_chroma NaN", FG_COLOUR_SPACE_LUMA_CHROMA, 0, NAN, FG_ERR_PARAM },
        { "lambda_chroma 2e6", FG_COLOUR_SPACE_LUMA_CHROMA, 0, 2e6, FG_ERR_PARAM },
        { "lambda_chroma -1 in RGB", FG_COLOUR_SPACE_RGB, 0, -1.0, FG_ERR_PARAM },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fg_denoise_params_init(&q);
        q.colour_space = bad[i].space;
        q.auto_chroma_strength = bad[i].auto_c;
        q.lambda_chroma = bad[i].lc;
        err.message[0] = 0;
        fg_status st = fg_gradient_denoise(&in, &rb, &q, NULL, &err);
        CHECK(st == bad[i].want && memcmp(a, b, n * sizeof *a) == 0 && err.message[0],
              "%s: refused, output untouched (%s)", bad[i].what, err.message);
    }
    /* a step too large for the chroma strength is refused by that solve */
    fg_denoise_params_init(&q);
    q.colour_space = FG_COLOUR_SPACE_LUMA_CHROMA;
    q.auto_strength = q.auto_chroma_strength = 0;
    q.lambda = 0.01;
    q.lambda_chroma = 1.0;
    q.solver = FG_SOLVER_ACCELERATED;      /* (primal-dual takes any step) */
    q.step = 1.0 / fg_denoise_lipschitz(FG_ENERGY_TV, 0.01, 0.01);
    fg_status step_status = fg_gradient_denoise(&in, &rb, &q, NULL, &err);
    CHECK(step_status == FG_ERR_PARAM && memcmp(a, b, n * sizeof *a) == 0 && strstr(err.message, "lambda 1 "),
          "a step too large for lambda_chroma: refused, output untouched (%s)", err.message);
    CHECK(fg_noise_estimate_luma_chroma(&in, 0, NULL, &sc, &err) == FG_ERR_NULL, "estimate: NULL sigma");
    CHECK(fg_noise_estimate_luma_chroma(&in, -1, &sl, &sc, &err) == FG_ERR_PARAM, "estimate: threads -1");

    /* the margin: that of the larger strength, for the tolerance shared by the three channels */
    fg_denoise_params_init(&q);
    int rgb1 = fg_denoise_margin(&q, 1, 0.3, 1.0, 1e-3);
    q.colour_space = FG_COLOUR_SPACE_LUMA_CHROMA;
    q.lambda_chroma = 0.05;
    int m1 = fg_denoise_margin(&q, 3, 0.3, 1.0, 1e-3);
    q.lambda_chroma = 1.0;
    int m2 = fg_denoise_margin(&q, 3, 0.3, 1.0, 1e-3);
    fg_denoise_params rgbp;
    fg_denoise_params_init(&rgbp);
    int rgb2 = fg_denoise_margin(&rgbp, 2, 1.0, 1.0, 1e-3);
    CHECK(m1 >= rgb1 && m2 >= rgb2 && m2 > m1, "margin: %d >= %d, %d >= %d", m1, rgb1, m2, rgb2);
    q.lambda_chroma = -1.0;
    CHECK(fg_denoise_margin(&q, 3, 0.3, 1.0, 1e-3) == -1, "margin: invalid lambda_chroma gives -1");
    CHECK(fg_denoise_margin(&q, 1, 0.3, 1.0, 1e-3) == rgb1, "margin: one channel ignores the colour space");
    free(noisy); free(a); free(b);
}

int main(void)
{
    test_seed(15);
    test_transform();
    test_tikhonov_equivalence(0);
    test_tikhonov_equivalence(1);
    test_chroma_noise();
    test_alpha_and_grey();
    test_defaults_and_errors();
    return check_done();
}
