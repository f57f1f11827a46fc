/* test_denoise_primal_dual.c — the primal-dual solver (FG_SOLVER_PRIMAL_DUAL,
 * FG_SOLVER_AUTO) and the duality-gap stopping rule (FG_STOP_GAP) of
 * fg_gradient_denoise, against an independent double-precision reference
 * (a long FISTA run in double, copied from test_gradient_denoise.c): the
 * converged energy and image for both colour modes and several lambda and
 * eps, the gap as a certificate and as a stopping rule that means the same
 * accuracy for every solver, the decay of energy and gap, iteration counts
 * that do not grow with lambda / eps, thread-count independence bit for bit,
 * alpha, in place, and the error paths. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fg/gradient_denoise.h"
#include "check.h"
#include "test_random.h"

#include "denoise_reference.h"

/* ---- Tests ------------------------------------------------------------------- */

static fg_denoise_params pd_params(fg_energy energy, fg_colour_mode colour, double lambda, double eps)
{
    fg_denoise_params p = explicit_params(energy, lambda);
    p.colour = colour;
    p.epsilon = eps;
    p.solver = FG_SOLVER_PRIMAL_DUAL;
    p.stop = FG_STOP_GAP;
    return p;
}

static double max_diff(const float *a, const float *b, size_t n)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++)
        m = fmax(m, fabs((double)a[i] - (double)b[i]));
    return m;
}

typedef struct pd_case {
    int w, h, ch;
    fg_energy energy;
    fg_colour_mode colour;
    double lambda, eps;
    int ref_iterations;
} pd_case;

static const pd_case cases[] = {
    { 32, 24, 1, FG_ENERGY_TV, FG_COLOUR_COUPLED, 0.12, 0.05, 3000 },
    { 20, 16, 3, FG_ENERGY_TV, FG_COLOUR_COUPLED, 0.15, 0.01, 8000 },
    { 20, 16, 3, FG_ENERGY_TV, FG_COLOUR_PER_CHANNEL, 0.1, 0.02, 6000 },
    { 24, 20, 3, FG_ENERGY_TV, FG_COLOUR_COUPLED, 0.3, 0.002, 30000 },
    { 24, 20, 2, FG_ENERGY_TV, FG_COLOUR_PER_CHANNEL, 0.05, 0.005, 15000 },
    { 24, 18, 3, FG_ENERGY_TIKHONOV, FG_COLOUR_COUPLED, 2.0, 0.01, 3000 },
};
#define CASES (sizeof cases / sizeof cases[0])

static const char *case_name(const pd_case *c, char *buffer, size_t size)
{
    snprintf(buffer, size, "%s %s %dx%dx%d lambda %g eps %g", c->energy == FG_ENERGY_TV ? "TV" : "Tikhonov",
             c->colour == FG_COLOUR_COUPLED ? "coupled" : "per channel", c->w, c->h, c->ch, c->lambda, c->eps);
    return buffer;
}

/* A case's scene f, an output buffer and the converged double reference:
 * du (its image) and e_ref (its energy). */
typedef struct pd_fixture {
    char name[128];
    size_t n;
    float *f, *out;
    dimage df, du;
    double e_ref;
} pd_fixture;

static void fixture_open(pd_fixture *x, const pd_case *c)
{
    case_name(c, x->name, sizeof x->name);
    x->n = (size_t)c->w * c->h * c->ch;
    x->f = scene(c->w, c->h, c->ch, 0.1);
    x->out = malloc(x->n * sizeof *x->out);
    model m = { c->energy == FG_ENERGY_TV, c->colour == FG_COLOUR_COUPLED, c->lambda, c->eps };
    x->df = dimage_from(x->f, c->w, c->h, c->ch);
    x->du = dimage_new(c->w, c->h, c->ch);
    x->e_ref = ref_fista(&x->du, &x->df, &m, c->ref_iterations);
}

static void fixture_close(pd_fixture *x)
{
    dimage_free(&x->df);
    dimage_free(&x->du);
    free(x->f);
    free(x->out);
}

/* Converged primal-dual results against the double reference: energy, image,
 * the gap as a certificate, and the report's energy as the output's. */
static void test_converges_to_reference(void)
{
    for (size_t k = 0; k < (check_quick() ? 2 : CASES); k++) {
        const pd_case *c = &cases[k];
        pd_fixture x;
        fixture_open(&x, c);
        float *uref = malloc(x.n * sizeof *uref);
        for (size_t i = 0; i < (size_t)c->w * c->h; i++)
            for (int ch = 0; ch < c->ch; ch++)
                uref[i * c->ch + ch] = (float)x.du.planes[ch][i];

        fg_image in = fg_image_make(x.f, c->w, c->h, c->ch, 0), o = fg_image_make(x.out, c->w, c->h, c->ch, 0);
        fg_denoise_params p = pd_params(c->energy, c->colour, c->lambda, c->eps);
        p.max_iterations = 20000;
        p.tolerance = 1e-7;
        fg_denoise_report r;
        fg_error err;
        fg_status s = fg_gradient_denoise(&in, &o, &p, &r, &err);
        CHECK(s == FG_OK && r.converged && r.gap <= 1e-7 && r.solver == FG_SOLVER_PRIMAL_DUAL,
              "%s: primal-dual converged, gap %.2e <= 1e-7 after %d iterations", x.name, r.gap, r.iterations);
        CHECK(fabs(r.energy - x.e_ref) <= 2e-6 * x.e_ref, "  E %.9g within 2e-6 of the double reference %.9g",
              r.energy, x.e_ref);
        /* 1-strong convexity: |u - u*|^2 / 2 <= E(u) - E* <= gap E. */
        double d = max_diff(x.out, uref, x.n);
        CHECK(d <= 2e-3, "  image within 2e-3 of the reference's in every value (max diff %.2e)", d);
        double e_out = 0.0;
        fg_denoise_energy(&o, &in, &p, c->lambda, &e_out, &err);
        CHECK(e_out == r.energy, "  the reported energy is the output's, bit for bit (%.12g, %.12g)", e_out,
              r.energy);
        /* The gap bounds the distance to the minimum (up to the reference's own error). */
        CHECK(r.energy - x.e_ref <= r.gap * r.energy + 1e-7 * x.e_ref, "  E - E_ref = %.2e <= gap E = %.2e",
              r.energy - x.e_ref, r.gap * r.energy);
        fixture_close(&x);
        free(uref);
    }
}

/* FG_STOP_GAP means the same accuracy whatever the solver: for every solver
 * stopped by a gap tolerance, E - E* <= tolerance E (E* from the reference);
 * and the report's gap is what stopped it. */
static void test_gap_rule_same_accuracy(void)
{
    const fg_solver solvers[] = { FG_SOLVER_PLAIN, FG_SOLVER_ACCELERATED, FG_SOLVER_PRIMAL_DUAL, FG_SOLVER_AUTO };
    const char *names[] = { "plain", "accelerated", "primal-dual", "auto" };
    const double tolerances[] = { 1e-3, 1e-5 };
    for (size_t k = 0; k < CASES; k += 2) {
        const pd_case *c = &cases[k];
        pd_fixture x;
        fixture_open(&x, c);
        fg_image in = fg_image_make(x.f, c->w, c->h, c->ch, 0), o = fg_image_make(x.out, c->w, c->h, c->ch, 0);
        for (size_t t = 0; t < 2; t++)
            for (size_t s = 0; s < 4; s++) {
                fg_denoise_params p = pd_params(c->energy, c->colour, c->lambda, c->eps);
                p.solver = solvers[s];
                p.tolerance = tolerances[t];
                p.max_iterations = 100000;
                fg_denoise_report r;
                fg_error err;
                fg_status st = fg_gradient_denoise(&in, &o, &p, &r, &err);
                CHECK(st == FG_OK && r.converged && r.gap <= tolerances[t]
                      && r.energy - x.e_ref <= tolerances[t] * r.energy + 1e-7 * x.e_ref,
                      "%s, %s, gap tolerance %g: stopped at gap %.2e, (E - E*) / E = %.2e, %d iterations",
                      x.name, names[s], tolerances[t], r.gap, (r.energy - x.e_ref) / r.energy, r.iterations);
            }
        fixture_close(&x);
    }
}

/* The energy comes down, the gap (of the best dual value so far) shrinks:
 * the gap after 2k iterations is below that after k. */
static void test_decay(void)
{
    for (size_t k = 0; k < CASES; k++) {
        const pd_case *c = &cases[k];
        char name[128];
        case_name(c, name, sizeof name);
        size_t n = (size_t)c->w * c->h * c->ch;
        float *f = scene(c->w, c->h, c->ch, 0.1), *out = malloc(n * sizeof *out);
        fg_image in = fg_image_make(f, c->w, c->h, c->ch, 0), o = fg_image_make(out, c->w, c->h, c->ch, 0);
        fg_denoise_params p = pd_params(c->energy, c->colour, c->lambda, c->eps);
        p.tolerance = 0.0;
        static recorder rec;
        p.on_iteration = record;
        p.user_data = &rec;
        double previous_gap = INFINITY;
        int gap_shrinks = 1;
        char trail[256] = "";
        for (int iterations = 8; iterations <= 512; iterations *= 2) {
            p.max_iterations = iterations;
            rec.count = 0;
            rec.cancel_at = -1;
            fg_denoise_report r;
            fg_error err;
            fg_gradient_denoise(&in, &o, &p, &r, &err);
            gap_shrinks = gap_shrinks && (r.gap < previous_gap || r.gap < 1e-7);
            previous_gap = r.gap;
            size_t used = strlen(trail);
            snprintf(trail + used, sizeof trail - used, " %.1e", r.gap);
        }
        CHECK(gap_shrinks, "%s: the gap shrinks with doubled iterations:%s", name, trail);
        /* The run of 512: E below E(f) after the first iteration, and E_k - E_512 at k = 16, 64 falling. */
        double e_end = rec.energy[rec.count - 1];
        CHECK(rec.count == 513 && rec.energy[1] < rec.energy[0] && rec.energy[64] - e_end < rec.energy[16] - e_end
              && rec.energy[16] - e_end < rec.energy[1] - e_end,
              "  energy: E_0 %.6g, E_1 %.6g, E_16 - E_512 %.2e, E_64 - E_512 %.2e", rec.energy[0], rec.energy[1],
              rec.energy[16] - e_end, rec.energy[64] - e_end);
        free(f);
        free(out);
    }
}

/* The point of the method: as eps shrinks 20x (lambda / eps grows 20x) the
 * iterations to a fixed gap grow far less than the accelerated descent's,
 * whose Lipschitz constant grows like lambda / eps. */
static void test_iterations_flat_in_eps(void)
{
    int w = 48, h = 40, ch = 3;
    float *f = scene(w, h, ch, 0.1), *out = malloc((size_t)w * h * ch * sizeof *out);
    fg_image in = fg_image_make(f, w, h, ch, 0), o = fg_image_make(out, w, h, ch, 0);
    int its[2][2];
    const double eps[2] = { 0.02, 0.001 };
    for (int s = 0; s < 2; s++)
        for (int e = 0; e < 2; e++) {
            fg_denoise_params p = pd_params(FG_ENERGY_TV, FG_COLOUR_COUPLED, 0.2, eps[e]);
            p.solver = s ? FG_SOLVER_PRIMAL_DUAL : FG_SOLVER_ACCELERATED;
            p.tolerance = 1e-4;
            p.max_iterations = 100000;
            fg_denoise_report r;
            fg_error err;
            fg_gradient_denoise(&in, &o, &p, &r, &err);
            its[s][e] = r.iterations;
        }
    CHECK(2 * its[1][1] * its[0][0] < its[0][1] * its[1][0] && its[1][1] * 3 < its[0][1],
          "gap 1e-4, eps 0.02 -> 0.001: primal-dual %d -> %d iterations, accelerated %d -> %d",
          its[1][0], its[1][1], its[0][0], its[0][1]);
    free(f);
    free(out);
}

/* Bit for bit the same whatever the thread count; in place; alpha = 1 is the
 * image without alpha; a crop's rows in blocks of their own. */
static void test_threads_layouts(void)
{
    const int sizes[][2] = { { 1, 1 }, { 7, 3 }, { 133, 70 }, { 40, 133 } };
    int all_ok = 1, runs = 0;
    for (size_t z = 0; z < 4; z++)
        for (int ch = 1; ch <= 4; ch++)
            for (int colour = 0; colour < 2; colour++) {
                int w = sizes[z][0], h = sizes[z][1];
                size_t n = (size_t)w * h * ch;
                float *f = scene(w, h, ch, 0.1);
                float *ref = malloc(n * sizeof *ref), *out = malloc(n * sizeof *out);
                fg_denoise_params p = pd_params(FG_ENERGY_TV, colour ? FG_COLOUR_COUPLED : FG_COLOUR_PER_CHANNEL,
                                                0.1, 0.01);
                p.max_iterations = 40;
                p.tolerance = 0.0;
                p.threads = 1;
                fg_image in = fg_image_make(f, w, h, ch, 0);
                fg_image o = fg_image_make(ref, w, h, ch, 0);
                fg_denoise_report r1, r;
                fg_error err;
                int ok = fg_gradient_denoise(&in, &o, &p, &r1, &err) == FG_OK;
                for (int t = 2; t <= 3; t++) {
                    p.threads = t;
                    o = fg_image_make(out, w, h, ch, 0);
                    ok = ok && fg_gradient_denoise(&in, &o, &p, &r, &err) == FG_OK
                         && !memcmp(out, ref, n * sizeof *out) && r.energy == r1.energy && r.gap == r1.gap;
                }
                /* in place */
                float *g = copy_floats(f, n);
                fg_image io = fg_image_make(g, w, h, ch, 0);
                ok = ok && fg_gradient_denoise(&io, &io, &p, &r, &err) == FG_OK && !memcmp(g, ref, n * sizeof *g);
                free(g);
                /* alpha = 1 everywhere */
                if (ch < 4) {
                    size_t na = (size_t)w * h * (ch + 1);
                    float *fa = malloc(na * sizeof *fa), *oa = malloc(na * sizeof *oa);
                    for (size_t i = 0; i < (size_t)w * h; i++) {
                        for (int c = 0; c < ch; c++)
                            fa[i * (ch + 1) + c] = f[i * ch + c];
                        fa[i * (ch + 1) + ch] = 1.0f;
                    }
                    fg_image ia = fg_image_make(fa, w, h, ch + 1, 1), ooa = fg_image_make(oa, w, h, ch + 1, 1);
                    ok = ok && fg_gradient_denoise(&ia, &ooa, &p, &r, &err) == FG_OK;
                    for (size_t i = 0; ok && i < (size_t)w * h; i++)
                        for (int c = 0; c < ch; c++)
                            ok = ok && oa[i * (ch + 1) + c] == ref[i * ch + c] && oa[i * (ch + 1) + ch] == 1.0f;
                    free(fa);
                    free(oa);
                }
                if (!ok)
                    printf("# failed: %dx%d, %d channels, %s\n", w, h, ch, colour ? "coupled" : "per channel");
                all_ok = all_ok && ok;
                runs++;
                free(f);
                free(ref);
                free(out);
            }
    CHECK(all_ok, "%d runs, sizes 1x1 .. 133x70, 1-4 channels, both colour modes: 1, 2, 3 threads, in place "
          "and alpha = 1 give the same floats", runs);
}

/* FG_SOLVER_AUTO: on this small image the accelerated solver for Tikhonov
 * (the direct one is tested in test_denoise_direct.c); for TV the
 * primal-dual one exactly when (lambda / eps) tol^(2/3) reaches the
 * threshold (fg/gradient_denoise.h), and then bit for bit that solver. */
static void test_auto(void)
{
    int w = 30, h = 20, ch = 3;
    size_t n = (size_t)w * h * ch;
    float *f = scene(w, h, ch, 0.1), *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    fg_image in = fg_image_make(f, w, h, ch, 0), oa = fg_image_make(a, w, h, ch, 0), ob = fg_image_make(b, w, h, ch, 0);
    /* tolerance 3e-5: the threshold lambda / eps = 0.014 / 3e-5^(2/3) = 14.5 */
    const struct { fg_energy energy; double lambda; fg_solver expect; } cases[] = {
        { FG_ENERGY_TIKHONOV, 0.2, FG_SOLVER_ACCELERATED }, { FG_ENERGY_TIKHONOV, 5.0, FG_SOLVER_ACCELERATED },
        { FG_ENERGY_TV, 0.10, FG_SOLVER_ACCELERATED }, { FG_ENERGY_TV, 0.20, FG_SOLVER_PRIMAL_DUAL },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        fg_denoise_params p = pd_params(cases[k].energy, FG_COLOUR_COUPLED, cases[k].lambda, 0.01);
        p.solver = FG_SOLVER_AUTO;
        p.tolerance = 3e-5;
        double rule = cases[k].lambda / 0.01 * pow(p.tolerance, FG_DENOISE_AUTO_TOLERANCE_EXPONENT);
        fg_denoise_report ra, rb;
        fg_error err;
        fg_status sa = fg_gradient_denoise(&in, &oa, &p, &ra, &err);
        fg_solver resolved = fg_denoise_resolve_solver(&p, cases[k].lambda, w, h);
        p.solver = cases[k].expect;
        fg_status sb = fg_gradient_denoise(&in, &ob, &p, &rb, &err);
        CHECK(sa == FG_OK && sb == FG_OK && resolved == cases[k].expect && ra.solver == cases[k].expect
              && rb.solver == cases[k].expect && !memcmp(a, b, n * sizeof *a) && ra.iterations == rb.iterations,
              "auto on %s, lambda %g ((lambda/eps) tol^(2/3) = %.4f, threshold %g): the %s solver, bit for bit",
              cases[k].energy == FG_ENERGY_TV ? "TV" : "Tikhonov", cases[k].lambda, rule,
              FG_DENOISE_AUTO_THRESHOLD, cases[k].expect == FG_SOLVER_PRIMAL_DUAL ? "primal-dual"
              : cases[k].expect == FG_SOLVER_DIRECT ? "direct" : "accelerated");
    }
    fg_denoise_params q = pd_params(FG_ENERGY_TV, FG_COLOUR_COUPLED, 100.0, 0.01);
    q.solver = FG_SOLVER_AUTO;
    q.tolerance = 0.0;
    CHECK(fg_denoise_resolve_solver(&q, 100.0, w, h) == FG_SOLVER_ACCELERATED
          && fg_denoise_resolve_solver(NULL, 1.0, w, h) == FG_SOLVER_AUTO,
          "auto with tolerance 0 is the accelerated solver; NULL params give FG_SOLVER_AUTO");
    double acc = fg_denoise_max_step(FG_ENERGY_TIKHONOV, FG_SOLVER_ACCELERATED, 0.3, 0.01);
    CHECK(fg_denoise_max_step(FG_ENERGY_TIKHONOV, FG_SOLVER_AUTO, 0.3, 0.01) == acc
          && fg_denoise_max_step(FG_ENERGY_TV, FG_SOLVER_AUTO, 0.3, 0.01)
             == fg_denoise_max_step(FG_ENERGY_TV, FG_SOLVER_ACCELERATED, 0.3, 0.01)
          && isinf(fg_denoise_max_step(FG_ENERGY_TV, FG_SOLVER_PRIMAL_DUAL, 0.3, 0.01))
          && isnan(fg_denoise_max_step(FG_ENERGY_TV, FG_SOLVER_PRIMAL_DUAL, NAN, 0.01)),
          "max step: the accelerated one for auto, unlimited for primal-dual, NAN for NaN lambda");
    fg_denoise_params d;
    fg_denoise_params_init(&d);
    CHECK(d.stop == FG_STOP_GAP && d.solver == FG_SOLVER_AUTO && d.tolerance == FG_DENOISE_DEFAULT_TOLERANCE,
          "defaults: the gap rule at FG_DENOISE_DEFAULT_TOLERANCE, the solver chosen automatically");
    free(f);
    free(a);
    free(b);
}

static int cancel_at_three(void *user, int iteration, int max_iterations, double energy)
{
    (void)user;
    (void)max_iterations;
    (void)energy;
    return iteration >= 3;
}

/* Errors follow fg/common.h: a status, a message, the output untouched. */
static void test_errors(void)
{
    int w = 16, h = 12, ch = 3;
    size_t n = (size_t)w * h * ch;
    float *f = scene(w, h, ch, 0.1), *out = malloc(n * sizeof *out), *keep = malloc(n * sizeof *keep);
    for (size_t i = 0; i < n; i++)
        out[i] = keep[i] = -7.0f;
    fg_image in = fg_image_make(f, w, h, ch, 0), o = fg_image_make(out, w, h, ch, 0);
    fg_error err;
    fg_denoise_params p = pd_params(FG_ENERGY_TV, FG_COLOUR_COUPLED, 0.1, 0.01);
    struct { const char *what; fg_denoise_params p; fg_status want; } bad[10];
    int nb = 0;
    bad[nb].what = "unknown solver 9"; bad[nb].p = p; bad[nb].p.solver = (fg_solver)9; bad[nb++].want = FG_ERR_PARAM;
    bad[nb].what = "unknown stop rule"; bad[nb].p = p; bad[nb].p.stop = (fg_stop_rule)5; bad[nb++].want = FG_ERR_PARAM;
    bad[nb].what = "NaN lambda"; bad[nb].p = p; bad[nb].p.lambda = NAN; bad[nb++].want = FG_ERR_PARAM;
    bad[nb].what = "NaN epsilon"; bad[nb].p = p; bad[nb].p.epsilon = NAN; bad[nb++].want = FG_ERR_PARAM;
    bad[nb].what = "NaN tolerance"; bad[nb].p = p; bad[nb].p.tolerance = NAN; bad[nb++].want = FG_ERR_PARAM;
    bad[nb].what = "NaN step"; bad[nb].p = p; bad[nb].p.step = NAN; bad[nb++].want = FG_ERR_PARAM;
    bad[nb].what = "infinite step"; bad[nb].p = p; bad[nb].p.step = INFINITY; bad[nb++].want = FG_ERR_PARAM;
    bad[nb].what = "0 iterations"; bad[nb].p = p; bad[nb].p.max_iterations = 0; bad[nb++].want = FG_ERR_PARAM;
    bad[nb].what = "cancelled"; bad[nb].p = p; bad[nb].p.on_iteration = cancel_at_three; bad[nb++].want = FG_ERR_CANCELLED;
    for (int i = 0; i < nb; i++) {
        memset(&err, 0, sizeof err);
        fg_status s = fg_gradient_denoise(&in, &o, &bad[i].p, NULL, &err);
        CHECK(s == bad[i].want && err.message[0] && !memcmp(out, keep, n * sizeof *out),
              "primal-dual, %s: status %d, \"%s\", output untouched", bad[i].what, (int)s, err.message);
    }
    f[5] = NAN;
    fg_status s = fg_gradient_denoise(&in, &o, &p, NULL, &err);
    CHECK(s == FG_ERR_NONFINITE && !memcmp(out, keep, n * sizeof *out), "NaN pixel: FG_ERR_NONFINITE, output untouched");
    f[5] = 1e30f;
    s = fg_gradient_denoise(&in, &o, &p, NULL, &err);
    CHECK(s == FG_ERR_NONFINITE && !memcmp(out, keep, n * sizeof *out),
          "a pixel of 1e30 (the energy overflows): FG_ERR_NONFINITE, output untouched (%s)", err.message);
    f[5] = 0.5f;
    fg_denoise_params big = p;
    big.step = 1e6;         /* any initial step is allowed, and still converges */
    big.max_iterations = 5000;
    big.tolerance = 1e-5;
    fg_denoise_report r;
    s = fg_gradient_denoise(&in, &o, &big, &r, &err);
    CHECK(s == FG_OK && r.converged && r.step == 1e6, "initial step 1e6: accepted, converges (%d iterations)",
          r.iterations);
    fg_denoise_params zero = p;
    zero.lambda = 0.0;
    s = fg_gradient_denoise(&in, &o, &zero, &r, &err);
    CHECK(s == FG_OK && !memcmp(out, f, n * sizeof *out) && r.iterations == 0 && r.gap == 0.0,
          "lambda 0: the input, gap 0");
    free(f);
    free(out);
    free(keep);
}

/* on_iteration_gap: called for every iteration with the gap the stopping
 * rule sees -- above the tolerance before the last iteration, the report's
 * gap at the last -- after on_iteration; a non-zero return cancels with the
 * output untouched. */
typedef struct gap_log {
    int calls, energy_calls, last_iteration, order_ok, cancel_at;
    double gap[4096], energy[4096];
} gap_log;

static int log_energy(void *data, int iteration, int max_iterations, double energy)
{
    gap_log *log = data;
    (void)max_iterations;
    (void)energy;
    log->energy_calls++;
    log->order_ok &= log->energy_calls == iteration + 1;
    return 0;
}

static int log_gap(void *data, int iteration, int max_iterations, double energy, double gap)
{
    gap_log *log = data;
    (void)max_iterations;
    log->order_ok &= log->calls == iteration && log->energy_calls == iteration + 1;
    if (iteration < 4096) {
        log->gap[iteration] = gap;
        log->energy[iteration] = energy;
    }
    log->calls++;
    log->last_iteration = iteration;
    return iteration == log->cancel_at;
}

static void test_gap_callback(void)
{
    const fg_solver solvers[] = { FG_SOLVER_ACCELERATED, FG_SOLVER_PRIMAL_DUAL };
    const char *names[] = { "accelerated", "primal-dual" };
    const pd_case *c = &cases[0];
    pd_fixture x;
    fixture_open(&x, c);
    size_t n = (size_t)c->w * c->h * c->ch;
    fg_image in = fg_image_make(x.f, c->w, c->h, c->ch, 0), o = fg_image_make(x.out, c->w, c->h, c->ch, 0);
    static gap_log log;
    for (size_t s = 0; s < 2; s++) {
        fg_denoise_params p = pd_params(c->energy, c->colour, c->lambda, c->eps);
        p.solver = solvers[s];
        p.tolerance = 1e-4;
        p.max_iterations = 4000;
        p.on_iteration = log_energy;
        p.on_iteration_gap = log_gap;
        p.user_data = &log;
        memset(&log, 0, sizeof log);
        log.order_ok = 1;
        log.cancel_at = -1;
        fg_denoise_report r;
        fg_error err;
        fg_status st = fg_gradient_denoise(&in, &o, &p, &r, &err);
        int before_above = 1;
        for (int k = 1; k < r.iterations && k < 4096; k++)
            before_above &= log.gap[k] > p.tolerance;
        CHECK(st == FG_OK && r.converged && log.order_ok && log.calls == r.iterations + 1
              && log.last_iteration == r.iterations && r.iterations < 4096
              && log.gap[r.iterations] == r.gap && log.energy[r.iterations] == r.energy
              && r.gap <= p.tolerance && before_above,
              "%s: on_iteration_gap called for iterations 0..%d after on_iteration, gap above %g before "
              "the last, the report's gap %.2e at it", names[s], r.iterations, p.tolerance, r.gap);

        for (size_t i = 0; i < n; i++)
            x.out[i] = -1.0f;
        memset(&log, 0, sizeof log);
        log.order_ok = 1;
        log.cancel_at = 2;
        st = fg_gradient_denoise(&in, &o, &p, &r, &err);
        int untouched = 1;
        for (size_t i = 0; i < n; i++)
            untouched &= x.out[i] == -1.0f;
        CHECK(st == FG_ERR_CANCELLED && untouched && log.calls == 3,
              "%s: on_iteration_gap returning non-zero at iteration 2 cancels, output untouched (%d calls)",
              names[s], log.calls);
    }
    fixture_close(&x);
}

int main(void)
{
    test_seed(5);
    test_converges_to_reference();
    test_gap_rule_same_accuracy();
    test_decay();
    test_iterations_flat_in_eps();
    test_threads_layouts();
    test_auto();
    test_errors();
    test_gap_callback();   /* last: its scene would change the others' random noise */
    return check_done();
}
