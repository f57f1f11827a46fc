/* test_denoise_coarse.c — the coarse start of fg_gradient_denoise (see "The
 * coarse start" in fg/gradient_denoise.h): on images with both sides at
 * least 2 FG_DENOISE_COARSE_MIN_SIDE the output is within the stop rule's
 * promise of the minimiser (E - E* <= tolerance E, |u - u*|^2 / 2 <= gap E)
 * for every solver, model, channel layout and alpha; the accelerated TV solve
 * costs fewer full-size iterations than without it; the levels are as
 * documented; auto takes the accelerated solver there; plain descent, small
 * images, a warm start and coarse_start = 0 do without it; callbacks see the
 * coarse iterations as iteration 0 and a cancel during them leaves the output
 * untouched; results do not depend on the thread count and in place equals
 * out of place, bit for bit. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fg/gradient_denoise.h"
#include "check.h"
#include "test_random.h"

#include "denoise_reference.h"

/* Odd sides: the box average repeats the last row and column. */
#define W 521
#define H 537

typedef struct coarse_case {
    fg_solver solver;
    fg_energy energy;
    fg_colour_mode colour;
    int ch, alpha;
    double lambda;
    const char *name;
} coarse_case;

static const coarse_case cases[] = {
    { FG_SOLVER_ACCELERATED, FG_ENERGY_TV, FG_COLOUR_COUPLED, 3, 0, 0.15, "accelerated TV coupled RGB" },
    { FG_SOLVER_ACCELERATED, FG_ENERGY_TV, FG_COLOUR_PER_CHANNEL, 1, 0, 0.15, "accelerated TV grey" },
    { FG_SOLVER_PRIMAL_DUAL, FG_ENERGY_TV, FG_COLOUR_COUPLED, 3, 0, 0.15, "primal-dual TV coupled RGB" },
    { FG_SOLVER_ACCELERATED, FG_ENERGY_TIKHONOV, FG_COLOUR_COUPLED, 3, 0, 1.0, "accelerated Tikhonov RGB" },
    { FG_SOLVER_AUTO, FG_ENERGY_TV, FG_COLOUR_COUPLED, 4, 1, 0.15, "auto TV coupled RGBA" },
};
#define CASES (sizeof cases / sizeof cases[0])

static fg_denoise_params case_params(const coarse_case *c, double tolerance)
{
    fg_denoise_params p = explicit_params(c->energy, c->lambda);
    p.solver = c->solver;
    p.colour = c->colour;
    p.stop = FG_STOP_GAP;
    p.tolerance = tolerance;
    p.max_iterations = 20000;
    p.coarse_start = 1;
    return p;
}

/* A noisy scene; with alpha, a smooth ramp with a fully transparent corner. */
static float *noisy_image(int w, int h, int ch, int alpha)
{
    float *f = scene(w, h, ch, 0.1);
    if (alpha)
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                f[((size_t)y * w + x) * ch + (size_t)(ch - 1)] =
                    x < w / 8 && y < h / 8 ? 0.0f : (float)(0.3 + 0.7 * x / (w - 1.0));
    return f;
}

/* The output against the minimiser (a solve to a gap of 1e-9). */
static void test_accuracy(void)
{
    for (size_t k = 0; k < CASES; k++) {
        const coarse_case *c = &cases[k];
        if (check_quick() && k > 0)
            break;
        size_t n = (size_t)W * H * c->ch;
        float *f = noisy_image(W, H, c->ch, c->alpha);
        float *star = malloc(n * sizeof *star), *u = malloc(n * sizeof *u), *cold = malloc(n * sizeof *cold);
        fg_image in = fg_image_make(f, W, H, c->ch, c->alpha), is = fg_image_make(star, W, H, c->ch, c->alpha),
                 iu = fg_image_make(u, W, H, c->ch, c->alpha), ic = fg_image_make(cold, W, H, c->ch, c->alpha);
        fg_denoise_params p = case_params(c, 1e-9);
        fg_denoise_report rs, ru, rc;
        fg_error err;
        fg_status ss = fg_gradient_denoise(&in, &is, &p, &rs, &err);
        p.tolerance = FG_DENOISE_DEFAULT_TOLERANCE;
        fg_status su = fg_gradient_denoise(&in, &iu, &p, &ru, &err);
        p.coarse_start = 0;
        fg_status sc = fg_gradient_denoise(&in, &ic, &p, &rc, &err);
        CHECK(ss == FG_OK && su == FG_OK && sc == FG_OK, "%s: the three solves succeed", c->name);
        if (ss != FG_OK || su != FG_OK || sc != FG_OK)
            continue;
        CHECK(ru.coarse_levels == 1 && ru.coarse_iterations > 0.0 && rc.coarse_levels == 0
                  && rc.coarse_iterations == 0.0,
              "%s: %dx%d takes one coarse level (%d, %.1f iterations), none with coarse_start 0 (%d)", c->name,
              W, H, ru.coarse_levels, ru.coarse_iterations, rc.coarse_levels);
        CHECK(ru.converged && ru.gap <= p.tolerance, "%s: converged, gap %.2e <= %g", c->name, ru.gap,
              p.tolerance);
        /* E - E* <= gap E, and E* itself is within 1e-9 E* (float slack 1e-7). */
        double slack = 1e-7 * rs.energy;
        CHECK(ru.energy - rs.energy <= ru.gap * ru.energy + slack,
              "%s: E - E* = %.3g <= gap E = %.3g", c->name, ru.energy - rs.energy, ru.gap * ru.energy);
        /* The distance the energy's strong convexity bounds: that of the
         * premultiplied colour, a (u - u*) with the input's alpha a. */
        double d2 = 0.0;
        for (size_t i = 0; i < (size_t)W * H; i++) {
            int colours = c->ch - c->alpha;
            double a = c->alpha ? f[i * c->ch + (size_t)colours] : 1.0;
            for (int j = 0; j < colours; j++) {
                double e = a * ((double)u[i * c->ch + (size_t)j] - star[i * c->ch + (size_t)j]);
                d2 += e * e;
            }
        }
        CHECK(d2 / 2.0 <= ru.gap * ru.energy + rs.energy * 1e-9 + slack,
              "%s: |u - u*|^2 / 2 = %.3g <= gap E = %.3g", c->name, d2 / 2.0, ru.gap * ru.energy);
        if (c->solver == FG_SOLVER_ACCELERATED && c->energy == FG_ENERGY_TV)
            CHECK(ru.iterations + ru.coarse_iterations < 0.8 * rc.iterations,
                  "%s: %d + %.1f coarse iterations < 0.8 x %d without the coarse start", c->name, ru.iterations,
                  ru.coarse_iterations, rc.iterations);
        free(f);
        free(star);
        free(u);
        free(cold);
    }
}

/* Levels: halving while both sides of the next level stay >= 2 MIN_SIDE. */
static void test_levels(void)
{
    struct { int w, h, levels; } sizes[] = {
        { 2 * FG_DENOISE_COARSE_MIN_SIDE, 2 * FG_DENOISE_COARSE_MIN_SIDE, 1 },
        { 2 * FG_DENOISE_COARSE_MIN_SIDE - 1, 3 * FG_DENOISE_COARSE_MIN_SIDE, 0 },
        { 3 * FG_DENOISE_COARSE_MIN_SIDE, 2 * FG_DENOISE_COARSE_MIN_SIDE - 1, 0 },
        { 4 * FG_DENOISE_COARSE_MIN_SIDE - 1, 4 * FG_DENOISE_COARSE_MIN_SIDE - 1, 2 },  /* (w + 1) / 2 = 512 */
        { 4 * FG_DENOISE_COARSE_MIN_SIDE - 3, 4 * FG_DENOISE_COARSE_MIN_SIDE, 1 },      /* 511 */
    };
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        if (check_quick() && sizes[k].w > 1000)
            continue;
        int w = sizes[k].w, h = sizes[k].h;
        float *f = scene(w, h, 1, 0.1), *u = malloc((size_t)w * h * sizeof *u);
        fg_image in = fg_image_make(f, w, h, 1, 0), out = fg_image_make(u, w, h, 1, 0);
        fg_denoise_params p = case_params(&cases[1], 1e-3);
        fg_denoise_report r;
        fg_error err;
        fg_status s = fg_gradient_denoise(&in, &out, &p, &r, &err);
        CHECK(s == FG_OK && r.coarse_levels == sizes[k].levels, "%dx%d grey: %d coarse levels (expected %d)", w,
              h, s == FG_OK ? r.coarse_levels : -1, sizes[k].levels);
        free(f);
        free(u);
    }
}

/* Where the coarse start is not used, and auto's solver where it is. */
static void test_when(void)
{
    size_t n = (size_t)W * H * 3;
    float *f = noisy_image(W, H, 3, 0), *u = malloc(n * sizeof *u);
    fg_image in = fg_image_make(f, W, H, 3, 0), out = fg_image_make(u, W, H, 3, 0);
    fg_denoise_report r;
    fg_error err;

    fg_denoise_params p = case_params(&cases[0], 1e-3);
    p.solver = FG_SOLVER_PLAIN;
    p.stop = FG_STOP_ENERGY_CHANGE;
    p.max_iterations = 20;
    fg_status s = fg_gradient_denoise(&in, &out, &p, &r, &err);
    CHECK(s == FG_OK && r.coarse_levels == 0 && r.solver == FG_SOLVER_PLAIN, "plain descent: no coarse start");

    p = case_params(&cases[0], 1e-3);
    s = fg_gradient_denoise_warm(&in, &in, &out, &p, &r, &err);
    CHECK(s == FG_OK && r.coarse_levels == 0, "a warm start: no coarse start");

    /* lambda / eps = 30: cold auto takes primal-dual, the coarse start the
     * accelerated solver (see "The coarse start"). */
    p = case_params(&cases[0], FG_DENOISE_DEFAULT_TOLERANCE);
    p.solver = FG_SOLVER_AUTO;
    p.lambda = 0.3;
    s = fg_gradient_denoise(&in, &out, &p, &r, &err);
    CHECK(s == FG_OK && r.solver == FG_SOLVER_ACCELERATED && r.coarse_levels == 1,
          "auto, lambda / eps = 30, %dx%d: accelerated from a coarse start", W, H);
    p.coarse_start = 0;
    s = fg_gradient_denoise(&in, &out, &p, &r, &err);
    CHECK(s == FG_OK && r.solver == FG_SOLVER_PRIMAL_DUAL && r.coarse_levels == 0,
          "auto, lambda / eps = 30, coarse_start 0: primal-dual, cold");
    free(f);
    free(u);

    int w = 300, h = 2 * W;
    float *g = scene(w, h, 3, 0.1), *v = malloc((size_t)w * h * 3 * sizeof *v);
    fg_image gi = fg_image_make(g, w, h, 3, 0), go = fg_image_make(v, w, h, 3, 0);
    p = case_params(&cases[0], FG_DENOISE_DEFAULT_TOLERANCE);
    p.solver = FG_SOLVER_AUTO;
    p.lambda = 0.3;
    s = fg_gradient_denoise(&gi, &go, &p, &r, &err);
    CHECK(s == FG_OK && r.solver == FG_SOLVER_PRIMAL_DUAL && r.coarse_levels == 0,
          "auto, lambda / eps = 30, %dx%d (a side < %d): primal-dual, cold", w, h, 2 * FG_DENOISE_COARSE_MIN_SIDE);

    /* lambda 0: f itself, bit for bit. */
    p.lambda = 0.0;
    s = fg_gradient_denoise(&gi, &go, &p, &r, &err);
    CHECK(s == FG_OK && r.coarse_levels == 0 && !memcmp(g, v, (size_t)w * h * 3 * sizeof *v),
          "lambda 0: f, no coarse start");
    free(g);
    free(v);
}

typedef struct calls {
    int count, zeros, after_zero_nonzero, cancel_at;
    int last;
} calls;

static int on_gap(void *user, int iteration, int max_iterations, double energy, double gap)
{
    (void)max_iterations;
    (void)energy;
    (void)gap;
    calls *c = user;
    c->count++;
    if (iteration == 0)
        c->zeros++;
    if (iteration < c->last)
        c->after_zero_nonzero++;        /* iterations went backwards */
    c->last = iteration;
    return c->cancel_at > 0 && c->count >= c->cancel_at;
}

static void test_callbacks(void)
{
    size_t n = (size_t)W * H * 3;
    float *f = noisy_image(W, H, 3, 0), *u = malloc(n * sizeof *u), *sentinel = malloc(n * sizeof *sentinel);
    for (size_t i = 0; i < n; i++)
        sentinel[i] = u[i] = -7.0f;
    fg_image in = fg_image_make(f, W, H, 3, 0), out = fg_image_make(u, W, H, 3, 0);
    fg_denoise_params p = case_params(&cases[0], 1e-3);
    calls c = { 0, 0, 0, 0, 0 };
    p.on_iteration_gap = on_gap;
    p.user_data = &c;
    fg_denoise_report r;
    fg_error err;
    fg_status s = fg_gradient_denoise(&in, &out, &p, &r, &err);
    int coarse_calls = c.zeros - 1;     /* the full solve's own iteration 0 */
    CHECK(s == FG_OK && coarse_calls >= 2 && c.count == coarse_calls + r.iterations + 1
              && c.after_zero_nonzero == 0,
          "callbacks: %d coarse calls at iteration 0, then 0 .. %d in order (%d calls)", coarse_calls,
          r.iterations, c.count);

    calls cancel = { 0, 0, 0, 2, 0 };   /* during the coarse solve */
    p.user_data = &cancel;
    memcpy(u, sentinel, n * sizeof *u);
    s = fg_gradient_denoise(&in, &out, &p, &r, &err);
    CHECK(s == FG_ERR_CANCELLED && !memcmp(u, sentinel, n * sizeof *u),
          "a cancel during the coarse solve: FG_ERR_CANCELLED (%d), output untouched", (int)s);
    free(f);
    free(u);
    free(sentinel);
}

/* Threads and in place: bit for bit. */
static void test_determinism(void)
{
    size_t n = (size_t)W * H * 4;
    float *f = noisy_image(W, H, 4, 1);
    float *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = copy_floats(f, n);
    fg_image in = fg_image_make(f, W, H, 4, 1), ia = fg_image_make(a, W, H, 4, 1), ib = fg_image_make(b, W, H, 4, 1),
             ic = fg_image_make(c, W, H, 4, 1);
    fg_denoise_params p = case_params(&cases[4], 1e-3);
    fg_denoise_report ra, rb, rc;
    fg_error err;
    p.threads = 1;
    fg_status sa = fg_gradient_denoise(&in, &ia, &p, &ra, &err);
    p.threads = 3;
    fg_status sb = fg_gradient_denoise(&in, &ib, &p, &rb, &err);
    fg_status sc = fg_gradient_denoise(&ic, &ic, &p, &rc, &err);
    CHECK(sa == FG_OK && sb == FG_OK && sc == FG_OK && ra.coarse_levels == 1, "RGBA solves succeed");
    CHECK(!memcmp(a, b, n * sizeof *a) && ra.iterations == rb.iterations,
          "1 and 3 threads: the same floats (%d, %d iterations)", ra.iterations, rb.iterations);
    CHECK(!memcmp(b, c, n * sizeof *b), "in place: the same floats as out of place");
    free(f);
    free(a);
    free(b);
    free(c);
}

int main(void)
{
    test_seed(20261203u);
    test_accuracy();
    test_levels();
    test_when();
    test_callbacks();
    test_determinism();
    return check_done();
}
