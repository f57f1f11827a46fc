/* test_denoise_warm.c — fg_gradient_denoise_warm: a warm start from the
 * minimiser stops at once with the gap below the tolerance; a warm start
 * from another strength's result reaches the same minimiser as a cold solve
 * within the bound the duality gap gives (|u - u*|^2 / 2 <= gap E), in fewer
 * iterations; NULL start is the cold solve bit for bit; errors; threads. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fg/gradient_denoise.h"
#include "check.h"
#include "test_random.h"

#include "denoise_reference.h"

#define W 96
#define H 160     /* more than one row block for RGB: the primal-dual halo rows */

typedef struct solver_case {
    fg_solver solver;
    fg_energy energy;
    fg_colour_mode colour;
    int ch;
    double lambda, eps;
    const char *name;
} solver_case;

static const solver_case cases[] = {
    { FG_SOLVER_PRIMAL_DUAL, FG_ENERGY_TV, FG_COLOUR_COUPLED, 3, 0.08, 0.01, "primal-dual TV coupled RGB" },
    { FG_SOLVER_PRIMAL_DUAL, FG_ENERGY_TV, FG_COLOUR_PER_CHANNEL, 3, 0.08, 0.01, "primal-dual TV per channel RGB" },
    { FG_SOLVER_PRIMAL_DUAL, FG_ENERGY_TV, FG_COLOUR_COUPLED, 1, 0.08, 0.01, "primal-dual TV grey" },
    { FG_SOLVER_PRIMAL_DUAL, FG_ENERGY_TIKHONOV, FG_COLOUR_COUPLED, 3, 1.0, 0.01, "primal-dual Tikhonov RGB" },
    { FG_SOLVER_ACCELERATED, FG_ENERGY_TV, FG_COLOUR_COUPLED, 3, 0.03, 0.02, "accelerated TV coupled RGB" },
    { FG_SOLVER_ACCELERATED, FG_ENERGY_TIKHONOV, FG_COLOUR_COUPLED, 3, 1.0, 0.01, "accelerated Tikhonov RGB" },
    { FG_SOLVER_PLAIN, FG_ENERGY_TIKHONOV, FG_COLOUR_COUPLED, 1, 0.5, 0.01, "plain Tikhonov grey" },
};
#define CASES (sizeof cases / sizeof cases[0])

static fg_denoise_params case_params(const solver_case *c, double lambda, double tolerance)
{
    fg_denoise_params p = explicit_params(c->energy, lambda);
    p.solver = c->solver;
    p.colour = c->colour;
    p.epsilon = c->eps;
    p.stop = FG_STOP_GAP;
    p.tolerance = tolerance;
    p.max_iterations = 20000;
    return p;
}

static double l2_diff(const float *a, const float *b, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
    return sqrt(s);
}

/* Warm start from a tightly converged result: stops at once. */
static void test_from_minimiser(void)
{
    for (size_t k = 0; k < CASES; k++) {
        const solver_case *c = &cases[k];
        size_t n = (size_t)W * H * c->ch;
        float *f = scene(W, H, c->ch, 0.08), *u = malloc(n * sizeof *u), *o = malloc(n * sizeof *o);
        fg_image in = fg_image_make(f, W, H, c->ch, 0), iu = fg_image_make(u, W, H, c->ch, 0),
                 io = fg_image_make(o, W, H, c->ch, 0);
        fg_denoise_params p = case_params(c, c->lambda, 1e-8);
        fg_denoise_report r, rw;
        fg_error err;
        fg_status s = fg_gradient_denoise(&in, &iu, &p, &r, &err);
        p.tolerance = FG_DENOISE_DEFAULT_TOLERANCE;
        fg_status sw = fg_gradient_denoise_warm(&in, &iu, &io, &p, &rw, &err);
        CHECK(s == FG_OK && sw == FG_OK && rw.converged && rw.gap <= p.tolerance && rw.iterations <= 2,
              "%s: warm from the minimiser (%d cold iterations to 1e-8) stops after %d <= 2, gap %.2e <= %g",
              c->name, r.iterations, rw.iterations, rw.gap, p.tolerance);
        free(f);
        free(u);
        free(o);
    }
}

/* Warm start from the result for lambda / 1.5: the same minimiser as cold
 * within the gap's bound, fewer iterations. */
static void test_strength_change(void)
{
    for (size_t k = 0; k < CASES; k++) {
        const solver_case *c = &cases[k];
        size_t n = (size_t)W * H * c->ch;
        float *f = scene(W, H, c->ch, 0.08), *a = malloc(n * sizeof *a), *cold = malloc(n * sizeof *cold),
              *warm = malloc(n * sizeof *warm);
        fg_image in = fg_image_make(f, W, H, c->ch, 0), ia = fg_image_make(a, W, H, c->ch, 0),
                 ic = fg_image_make(cold, W, H, c->ch, 0), iw = fg_image_make(warm, W, H, c->ch, 0);
        double tol = FG_DENOISE_DEFAULT_TOLERANCE;
        fg_denoise_params pa = case_params(c, c->lambda / 1.5, tol), pb = case_params(c, c->lambda, tol);
        fg_denoise_report ra, rc, rw;
        fg_error err;
        fg_status s = fg_gradient_denoise(&in, &ia, &pa, &ra, &err);
        fg_status sc = fg_gradient_denoise(&in, &ic, &pb, &rc, &err);
        fg_status sw = fg_gradient_denoise_warm(&in, &ia, &iw, &pb, &rw, &err);
        CHECK(s == FG_OK && sc == FG_OK && sw == FG_OK && rc.converged && rw.converged && rw.gap <= tol,
              "%s: strength x1.5, warm converged, gap %.2e <= %g", c->name, rw.gap, tol);
        CHECK(rw.iterations < rc.iterations, "  warm %d < cold %d iterations", rw.iterations, rc.iterations);
        /* Both within tol E of min E: |E_w - E_c| <= tol max E, and
         * |u - u*| <= sqrt(2 gap E) for each, so |u_w - u_c| <= the sum. */
        double e = fmax(rw.energy, rc.energy);
        CHECK(fabs(rw.energy - rc.energy) <= tol * e, "  energies %.9g and %.9g within %g relative", rw.energy,
              rc.energy, tol);
        double d = l2_diff(warm, cold, n), bound = sqrt(2.0 * rw.gap * rw.energy) + sqrt(2.0 * rc.gap * rc.energy);
        CHECK(d <= bound * (1.0 + 1e-6) + 1e-6, "  |u_warm - u_cold| = %.3e <= %.3e (the gaps' bound)", d, bound);
        /* the gap certifies against the true minimum: a tight solve */
        fg_denoise_params pt = case_params(c, c->lambda, 1e-9);
        fg_denoise_report rt;
        float *tight = malloc(n * sizeof *tight);
        fg_image it = fg_image_make(tight, W, H, c->ch, 0);
        fg_gradient_denoise(&in, &it, &pt, &rt, &err);
        double dt = l2_diff(warm, tight, n), bt = sqrt(2.0 * rw.gap * rw.energy) + sqrt(2.0 * rt.gap * rt.energy);
        CHECK(dt <= bt * (1.0 + 1e-6) + 1e-6, "  |u_warm - u*| = %.3e <= %.3e", dt, bt);
        free(tight);
        free(f);
        free(a);
        free(cold);
        free(warm);
    }
}

/* NULL start is the cold solve, bit for bit; start may be the output; threads. */
static void test_identities(void)
{
    size_t n = (size_t)W * H * 3;
    float *f = scene(W, H, 3, 0.08), *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b),
          *s1 = malloc(n * sizeof *s1), *s3 = malloc(n * sizeof *s3);
    fg_image in = fg_image_make(f, W, H, 3, 0), ia = fg_image_make(a, W, H, 3, 0), ib = fg_image_make(b, W, H, 3, 0),
             i1 = fg_image_make(s1, W, H, 3, 0), i3 = fg_image_make(s3, W, H, 3, 0);
    fg_error err;
    for (size_t k = 0; k < CASES; k++) {
        const solver_case *c = &cases[k];
        if (c->ch != 3)
            continue;
        fg_denoise_params p = case_params(c, c->lambda, FG_DENOISE_DEFAULT_TOLERANCE);
        fg_denoise_report ra, rb, r1, r3;
        fg_gradient_denoise(&in, &ia, &p, &ra, &err);
        fg_gradient_denoise_warm(&in, NULL, &ib, &p, &rb, &err);
        CHECK(memcmp(a, b, n * sizeof *a) == 0 && ra.iterations == rb.iterations,
              "%s: NULL start is fg_gradient_denoise bit for bit", c->name);
        fg_denoise_params q = case_params(c, c->lambda * 1.5, FG_DENOISE_DEFAULT_TOLERANCE);
        q.threads = 1;
        fg_status t1 = fg_gradient_denoise_warm(&in, &ia, &i1, &q, &r1, &err);
        q.threads = 3;
        fg_status t3 = fg_gradient_denoise_warm(&in, &ia, &i3, &q, &r3, &err);
        CHECK(t1 == FG_OK && t3 == FG_OK && memcmp(s1, s3, n * sizeof *s1) == 0 && r1.iterations == r3.iterations,
              "  warm with 1 and 3 threads: the same output bit for bit");
        memcpy(b, a, n * sizeof *a);
        fg_denoise_report rin;
        fg_status tin = fg_gradient_denoise_warm(&in, &ib, &ib, &q, &rin, &err);
        CHECK(tin == FG_OK && memcmp(b, s3, n * sizeof *b) == 0, "  start == out gives the same output");
    }
    free(f);
    free(a);
    free(b);
    free(s1);
    free(s3);
}

static void test_errors(void)
{
    size_t n = (size_t)W * H * 4;
    float *f = scene(W, H, 3, 0.08), *o = malloc(n * sizeof *o), *st = calloc(n, sizeof *st);
    fg_image in = fg_image_make(f, W, H, 3, 0), out = fg_image_make(o, W, H, 3, 0);
    fg_denoise_params p = case_params(&cases[0], 0.08, FG_DENOISE_DEFAULT_TOLERANCE);
    fg_error err;
    for (size_t i = 0; i < n; i++)
        o[i] = 0.25f;
    fg_image wrong_w = fg_image_make(st, W - 1, H, 3, 0), wrong_c = fg_image_make(st, W, H, 1, 0),
             wrong_a = fg_image_make(st, W, H, 4, 1);
    CHECK(fg_gradient_denoise_warm(&in, &wrong_w, &out, &p, NULL, &err) == FG_ERR_MISMATCH
          && err.status == FG_ERR_MISMATCH && err.message[0], "start of another width: FG_ERR_MISMATCH (%s)",
          err.message);
    CHECK(fg_gradient_denoise_warm(&in, &wrong_c, &out, &p, NULL, &err) == FG_ERR_MISMATCH,
          "start with other channels: FG_ERR_MISMATCH");
    CHECK(fg_gradient_denoise_warm(&in, &wrong_a, &out, &p, NULL, &err) == FG_ERR_MISMATCH,
          "start with alpha, input without: FG_ERR_MISMATCH");
    fg_image nan_start = fg_image_make(st, W, H, 3, 0);
    st[100] = NAN;
    CHECK(fg_gradient_denoise_warm(&in, &nan_start, &out, &p, NULL, &err) == FG_ERR_NONFINITE,
          "NaN in start: FG_ERR_NONFINITE");
    st[100] = INFINITY;
    CHECK(fg_gradient_denoise_warm(&in, &nan_start, &out, &p, NULL, &err) == FG_ERR_NONFINITE,
          "infinity in start: FG_ERR_NONFINITE");
    fg_image bad = fg_image_make(NULL, W, H, 3, 0);
    CHECK(fg_gradient_denoise_warm(&in, &bad, &out, &p, NULL, &err) != FG_OK, "start with NULL data refused");
    int untouched = 1;
    for (size_t i = 0; i < (size_t)W * H * 3; i++)
        untouched &= o[i] == 0.25f;
    CHECK(untouched, "output untouched on every error");
    free(f);
    free(o);
    free(st);
}

int main(void)
{
    test_seed(13);
    test_from_minimiser();
    test_strength_change();
    test_identities();
    test_errors();
    return check_done();
}
