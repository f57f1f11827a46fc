/* test_denoise_direct.c — FG_SOLVER_DIRECT, Tikhonov's minimiser by the DCT
 * (fg/gradient_denoise.h, "The solvers"): against an independent
 * double-precision solve of (I - lambda div grad) u = f by conjugate
 * gradients, within FG_DENOISE_DIRECT_TOLERANCE on every value; the report
 * (one iteration, converged, the gap, the energy of the output), the
 * callbacks and cancel, alpha, threads, in place, odd sizes, bad
 * parameters, FG_SOLVER_AUTO choosing it by size and strength, and the crop margin it needs
 * (fg_denoise_crop_margin). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "denoise_reference.h"

/* (I - lambda div grad) u in double, one plane. */
static void apply_system(const double *u, int w, int h, double lambda, double *out, double *gx, double *gy)
{
    size_t n = (size_t)w * h;
    ref_grad(u, w, h, gx, gy);
    ref_div(gx, gy, w, h, out);
    for (size_t i = 0; i < n; i++)
        out[i] = u[i] - lambda * out[i];
}

/* The minimiser for one plane by conjugate gradients (the system is
 * symmetric positive definite, eigenvalues in [1, 1 + 8 lambda]), to a
 * residual of 1e-13 of |f|. */
static void reference_solve(const double *f, int w, int h, double lambda, double *u)
{
    size_t n = (size_t)w * h;
    double *r = malloc(n * sizeof *r), *p = malloc(n * sizeof *p), *ap = malloc(n * sizeof *ap);
    double *gx = malloc(n * sizeof *gx), *gy = malloc(n * sizeof *gy);
    double ff = 0.0;
    for (size_t i = 0; i < n; i++) {
        u[i] = f[i];
        ff += f[i] * f[i];
    }
    apply_system(u, w, h, lambda, ap, gx, gy);
    double rr = 0.0;
    for (size_t i = 0; i < n; i++) {
        r[i] = f[i] - ap[i];
        p[i] = r[i];
        rr += r[i] * r[i];
    }
    for (int k = 0; k < 20000 && rr > 1e-26 * ff; k++) {
        apply_system(p, w, h, lambda, ap, gx, gy);
        double pap = 0.0;
        for (size_t i = 0; i < n; i++)
            pap += p[i] * ap[i];
        double alpha = rr / pap, rr_next = 0.0;
        for (size_t i = 0; i < n; i++) {
            u[i] += alpha * p[i];
            r[i] -= alpha * ap[i];
            rr_next += r[i] * r[i];
        }
        for (size_t i = 0; i < n; i++)
            p[i] = r[i] + rr_next / rr * p[i];
        rr = rr_next;
    }
    free(r); free(p); free(ap); free(gx); free(gy);
}

/* The shared explicit parameters (their stop rule and tolerance are ignored
 * by the direct solver) with the direct solver. */
static fg_denoise_params direct_params(double lambda)
{
    fg_denoise_params p = explicit_params(FG_ENERGY_TIKHONOV, lambda);
    p.solver = FG_SOLVER_DIRECT;
    return p;
}

/* Largest |output - reference| over the colour values (premultiplied
 * reference divided by alpha where the solver divides). */
static double error_against_reference(const float *in, const float *out, int w, int h, int ch, int has_alpha,
                                      double lambda)
{
    int n_c = ch - (has_alpha ? 1 : 0);
    size_t n = (size_t)w * h;
    double *f = malloc(n * sizeof *f), *u = malloc(n * sizeof *u), worst = 0.0;
    for (int c = 0; c < n_c; c++) {
        for (size_t i = 0; i < n; i++)
            f[i] = in[i * ch + c] * (has_alpha ? in[i * ch + n_c] : 1.0f);
        reference_solve(f, w, h, lambda, u);
        for (size_t i = 0; i < n; i++) {
            double a = has_alpha ? in[i * ch + n_c] : 1.0;
            double expect = has_alpha ? (a > FG_DENOISE_ALPHA_TINY ? u[i] / a : in[i * ch + c]) : u[i];
            double d = fabs(out[i * ch + c] - expect) * (has_alpha ? a : 1.0);   /* premultiplied, as promised */
            if (d > worst)
                worst = d;
        }
    }
    free(f);
    free(u);
    return worst;
}

static void test_against_reference(void)
{
    const struct { int w, h, ch, alpha; double lambda; } cases[] = {
        { 40, 30, 1, 0, 0.5 }, { 40, 30, 3, 0, 2.0 }, { 33, 17, 4, 1, 1.0 }, { 64, 48, 2, 1, 0.1 },
        { 1, 1, 1, 0, 3.0 }, { 1, 25, 3, 0, 5.0 }, { 25, 1, 1, 0, 5.0 }, { 2, 2, 3, 0, 1000.0 },
        { 97, 61, 3, 0, 30.0 }, { 128, 96, 1, 0, 0.01 },
    };
    test_seed(2026);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        int w = cases[k].w, h = cases[k].h, ch = cases[k].ch;
        size_t n = (size_t)w * h * ch;
        float *in = scene(w, h, ch, 0.08), *out = malloc(n * sizeof *out);
        if (cases[k].alpha)     /* alpha from 0 (some transparent; 2 channels) or 0.1 (4) to 1 */
            for (size_t i = 0; i < (size_t)w * h; i++)
                in[i * ch + ch - 1] = (float)((i * 37 % 11 + (ch == 4)) / (10.0 + (ch == 4)));
        fg_image fi = fg_image_make(in, w, h, ch, cases[k].alpha), fo = fg_image_make(out, w, h, ch, cases[k].alpha);
        fg_denoise_params p = direct_params(cases[k].lambda);
        fg_denoise_report report;
        fg_error err;
        fg_status status = fg_gradient_denoise(&fi, &fo, &p, &report, &err);
        double worst = status == FG_OK
                           ? error_against_reference(in, out, w, h, ch, cases[k].alpha, cases[k].lambda) : INFINITY;
        CHECK(status == FG_OK && worst <= FG_DENOISE_DIRECT_TOLERANCE,
              "%dx%d, %d channels%s, lambda %g: within %g of the conjugate-gradient minimiser (%.2e)", w, h, ch,
              cases[k].alpha ? " (alpha)" : "", cases[k].lambda, FG_DENOISE_DIRECT_TOLERANCE, worst);
        /* The energy of the output is the report's where no colour was
         * discarded (alpha > FG_DENOISE_ALPHA_TINY everywhere). */
        int opaque_enough = 1;
        for (size_t i = 0; cases[k].alpha && i < (size_t)w * h; i++)
            opaque_enough &= in[i * ch + ch - 1] > FG_DENOISE_ALPHA_TINY;
        double energy = NAN;
        if (status == FG_OK)
            fg_denoise_energy(&fo, &fi, &p, cases[k].lambda, &energy, &err);
        CHECK(status == FG_OK && report.solver == FG_SOLVER_DIRECT && report.iterations == 1 && report.converged
              && report.gap >= 0.0 && report.gap <= 1e-6 && report.step == 0.0 && report.coarse_levels == 0
              && (!opaque_enough || fabs(energy - report.energy) <= 1e-5 * report.energy),
              "%dx%d, %d channels: report (direct, 1 iteration, converged, gap %.2e, energy %.8g against %.8g)",
              w, h, ch, status == FG_OK ? report.gap : NAN, status == FG_OK ? report.energy : NAN, energy);
        free(in);
        free(out);
    }
}

typedef struct calls {
    int count, zeros, ones, cancel_on;
    double first_energy;
} calls;

static int count_call(void *user, int iteration, int max_iterations, double energy)
{
    (void)max_iterations;
    calls *c = user;
    if (c->count == 0)
        c->first_energy = energy;
    c->count++;
    c->zeros += iteration == 0;
    c->ones += iteration == 1;
    return c->cancel_on > 0 && c->count >= c->cancel_on;
}

static void test_callbacks_and_cancel(void)
{
    int w = 300, h = 200, ch = 3;
    size_t n = (size_t)w * h * ch;
    test_seed(7);
    float *in = scene(w, h, ch, 0.1), *out = malloc(n * sizeof *out), *keep = malloc(n * sizeof *keep);
    fg_image fi = fg_image_make(in, w, h, ch, 0), fo = fg_image_make(out, w, h, ch, 0);
    fg_denoise_params p = direct_params(1.0);
    calls c = { 0, 0, 0, 0, 0.0 };
    p.on_iteration = count_call;
    p.user_data = &c;
    fg_denoise_report report;
    fg_error err;
    fg_status status = fg_gradient_denoise(&fi, &fo, &p, &report, &err);
    double ef = NAN;
    fg_denoise_energy(&fi, &fi, &p, 1.0, &ef, &err);
    CHECK(status == FG_OK && c.zeros >= 2 && c.ones == 1 && c.count == c.zeros + 1
          && fabs(c.first_energy - ef) <= 1e-6 * ef,
          "callbacks: iteration 0 (E(f) = %.8g, expected %.8g) at the start and during the transform (%d calls), "
          "then iteration 1 once (%d)", c.first_energy, ef, c.zeros, c.ones);
    int calls_in_all = c.count;
    for (int cancel_on = 1; cancel_on <= calls_in_all; cancel_on++) {
        for (size_t i = 0; i < n; i++)
            out[i] = keep[i] = -1.0f;
        c = (calls){ 0, 0, 0, cancel_on, 0.0 };
        status = fg_gradient_denoise(&fi, &fo, &p, &report, &err);
        CHECK(status == FG_ERR_CANCELLED && !memcmp(out, keep, n * sizeof *out) && err.message[0],
              "cancel at call %d of %d: FG_ERR_CANCELLED, output untouched (%s)", cancel_on, calls_in_all,
              err.message);
    }
    free(in);
    free(out);
    free(keep);
}

static void test_threads_and_in_place(void)
{
    int w = 257, h = 131, ch = 3;
    size_t n = (size_t)w * h * ch;
    test_seed(11);
    float *in = scene(w, h, ch, 0.1), *one = malloc(n * sizeof *one), *more = malloc(n * sizeof *more);
    fg_image fi = fg_image_make(in, w, h, ch, 0), fo1 = fg_image_make(one, w, h, ch, 0);
    fg_image fo = fg_image_make(more, w, h, ch, 0);
    fg_denoise_params p = direct_params(0.7);
    fg_error err;
    p.threads = 1;
    fg_status s1 = fg_gradient_denoise(&fi, &fo1, &p, NULL, &err);
    for (int t = 2; t <= 4; t++) {
        p.threads = t;
        fg_status st = fg_gradient_denoise(&fi, &fo, &p, NULL, &err);
        CHECK(s1 == FG_OK && st == FG_OK && !memcmp(one, more, n * sizeof *one),
              "%d threads: bit for bit the result of 1", t);
    }
    memcpy(more, in, n * sizeof *more);
    p.threads = 2;
    fg_status sp = fg_gradient_denoise(&fo, &fo, &p, NULL, &err);
    CHECK(sp == FG_OK && !memcmp(one, more, n * sizeof *one), "in place (in == out): the same result");
    free(in);
    free(one);
    free(more);
}

static void test_parameters_and_auto(void)
{
    int w = 20, h = 10, ch = 1;
    float in[200], out[200], keep[200];
    for (int i = 0; i < 200; i++)
        in[i] = (float)((i * 13) % 7) / 7.0f;
    fg_image fi = fg_image_make(in, w, h, ch, 0), fo = fg_image_make(out, w, h, ch, 0);
    fg_error err;
    fg_denoise_params p = direct_params(0.5);
    p.energy = FG_ENERGY_TV;
    for (int i = 0; i < 200; i++)
        out[i] = keep[i] = 2.0f;
    fg_status status = fg_gradient_denoise(&fi, &fo, &p, NULL, &err);
    CHECK(status == FG_ERR_PARAM && strstr(err.message, "Tikhonov") && !memcmp(out, keep, sizeof out),
          "TV with the direct solver: FG_ERR_PARAM, output untouched (%s)", err.message);
    CHECK(isnan(fg_denoise_working_copies(&p, 1, 0)) && isnan(fg_denoise_max_step(FG_ENERGY_TV, FG_SOLVER_DIRECT,
                                                                                  0.5, 0.01)),
          "TV with the direct solver: working copies and max step NAN");

    p = direct_params(0.5);
    p.solver = FG_SOLVER_AUTO;
    CHECK(fg_denoise_resolve_solver(&p, 0.5, 1024, 1024) == FG_SOLVER_DIRECT
          && fg_denoise_resolve_solver(&p, 0.5, 1024, 1023) == FG_SOLVER_ACCELERATED
          && fg_denoise_resolve_solver(&p, FG_DENOISE_DIRECT_MIN_LAMBDA, 20, 10) == FG_SOLVER_DIRECT
          && fg_denoise_resolve_solver(&p, 0.99 * FG_DENOISE_DIRECT_MIN_LAMBDA, 20, 10) == FG_SOLVER_ACCELERATED,
          "auto resolves to direct for Tikhonov from %d pixels or lambda %g, else to accelerated",
          FG_DENOISE_DIRECT_MIN_PIXELS, FG_DENOISE_DIRECT_MIN_LAMBDA);
    CHECK(fg_denoise_working_copies(&p, 3, 0) == 3.0 && fg_denoise_working_copies(&p, 4, 1) == 2.25,
          "working copies with auto: the accelerated solver's, the larger (RGB 3, RGBA 2.25: %g, %g)",
          fg_denoise_working_copies(&p, 3, 0), fg_denoise_working_copies(&p, 4, 1));
    p.solver = FG_SOLVER_DIRECT;
    CHECK(fg_denoise_working_copies(&p, 3, 0) == 2.0 && fg_denoise_working_copies(&p, 4, 1) == 1.5,
          "working copies, direct: 2 per colour channel (RGB 2, RGBA 1.5: %g, %g)",
          fg_denoise_working_copies(&p, 3, 0), fg_denoise_working_copies(&p, 4, 1));
    p.solver = FG_SOLVER_AUTO;
    p.lambda = 1.5 * FG_DENOISE_DIRECT_MIN_LAMBDA;     /* direct on this small image too */
    fg_denoise_report report;
    fg_status sa = fg_gradient_denoise(&fi, &fo, &p, &report, &err);
    float direct[200];
    memcpy(direct, out, sizeof out);
    p.solver = FG_SOLVER_DIRECT;
    p.step = 123.0;             /* ignored */
    p.max_iterations = 1;
    p.tolerance = 0.0;
    fg_status sd = fg_gradient_denoise(&fi, &fo, &p, NULL, &err);
    CHECK(sa == FG_OK && sd == FG_OK && report.solver == FG_SOLVER_DIRECT && !memcmp(direct, out, sizeof out),
          "auto takes the direct solver; step, tolerance and max_iterations 1 change nothing");

    /* A warm start is checked, then ignored. */
    float start[200];
    for (int i = 0; i < 200; i++)
        start[i] = 0.5f;
    fg_image fs = fg_image_make(start, w, h, ch, 0);
    fg_status sw = fg_gradient_denoise_warm(&fi, &fs, &fo, &p, NULL, &err);
    CHECK(sw == FG_OK && !memcmp(direct, out, sizeof out), "a warm start: the same result");
    start[3] = NAN;
    sw = fg_gradient_denoise_warm(&fi, &fs, &fo, &p, NULL, &err);
    CHECK(sw == FG_ERR_NONFINITE, "a non-finite warm start: FG_ERR_NONFINITE");

    /* A constant image is its own minimiser. */
    for (int i = 0; i < 200; i++)
        in[i] = 0.25f;
    sd = fg_gradient_denoise(&fi, &fo, &p, &report, &err);
    double worst = 0.0;
    for (int i = 0; i < 200; i++)
        worst = fmax(worst, fabs(out[i] - 0.25));
    CHECK(sd == FG_OK && worst <= 1e-6, "a constant image stays constant (%.2e)", worst);
}

/* A crop grown by fg_denoise_crop_margin agrees with the whole image inside
 * the region, within the tolerance asked (plus the solves' own rounding). */
static void test_crop_margin(void)
{
    int w = 160, h = 120, ch = 3;
    size_t n = (size_t)w * h * ch;
    test_seed(5);
    float *in = scene(w, h, ch, 0.1), *whole = malloc(n * sizeof *whole);
    fg_image fi = fg_image_make(in, w, h, ch, 0), fw = fg_image_make(whole, w, h, ch, 0);
    const double tolerance = 1e-3;
    const double lambdas[] = { 0.3, 3.0, 30.0 };
    for (size_t k = 0; k < sizeof lambdas / sizeof lambdas[0]; k++) {
        fg_denoise_params p = direct_params(lambdas[k]);
        p.max_iterations = 2;   /* no cap for the direct solver */
        int bound = fg_denoise_margin(&p, ch, lambdas[k], 1.0, tolerance);
        int margin = fg_denoise_crop_margin(&p, ch, lambdas[k], 1.0, tolerance);
        fg_denoise_params q = p, a = p;
        q.solver = FG_SOLVER_ACCELERATED;
        a.solver = FG_SOLVER_AUTO;
        CHECK(bound > 2 && margin == bound && fg_denoise_crop_margin(&a, ch, lambdas[k], 1.0, tolerance) == bound
              && fg_denoise_crop_margin(&q, ch, lambdas[k], 1.0, tolerance) == 2,
              "lambda %g: the crop margin is the bound (%d) for the direct and the automatic solver, the "
              "iteration limit (2) for the accelerated one", lambdas[k], bound);
        fg_error err;
        fg_status status = fg_gradient_denoise(&fi, &fw, &p, NULL, &err);
        /* Region: 20x16 at (70, 50); the crop is it grown by the margin. */
        int x0 = 70 - margin, y0 = 50 - margin, x1 = 90 + margin, y1 = 66 + margin;
        x0 = x0 < 0 ? 0 : x0;
        y0 = y0 < 0 ? 0 : y0;
        x1 = x1 > w ? w : x1;
        y1 = y1 > h ? h : y1;
        int cw = x1 - x0, chh = y1 - y0;
        float *crop = malloc((size_t)cw * chh * ch * sizeof *crop), *out = malloc((size_t)cw * chh * ch * sizeof *out);
        for (int y = 0; y < chh; y++)
            memcpy(crop + (size_t)y * cw * ch, in + ((size_t)(y0 + y) * w + x0) * ch, (size_t)cw * ch * sizeof *crop);
        fg_image fc = fg_image_make(crop, cw, chh, ch, 0), fo = fg_image_make(out, cw, chh, ch, 0);
        fg_status sc = fg_gradient_denoise(&fc, &fo, &p, NULL, &err);
        double worst = 0.0;
        for (int y = 50; y < 66; y++)
            for (int x = 70; x < 90; x++)
                for (int c = 0; c < ch; c++)
                    worst = fmax(worst, fabs(out[((size_t)(y - y0) * cw + (x - x0)) * ch + c]
                                             - whole[((size_t)y * w + x) * ch + c]));
        CHECK(status == FG_OK && sc == FG_OK && worst <= tolerance + 2 * FG_DENOISE_DIRECT_TOLERANCE,
              "lambda %g: a crop with margin %d agrees with the whole image inside the region (%.2e <= %g)",
              lambdas[k], margin, worst, tolerance);
        free(crop);
        free(out);
    }
    free(in);
    free(whole);
}

int main(void)
{
    test_against_reference();
    test_callbacks_and_cancel();
    test_threads_and_in_place();
    test_parameters_and_auto();
    test_crop_margin();
    return check_done();
}
