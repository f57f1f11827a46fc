/* test_denoise_locality.c — fg_denoise_margin: its arguments, how it grows,
 * and its guarantee, checked by solving crops and whole images to
 * convergence and comparing them inside the region; plus the locality of the
 * iterates (k plain steps read only k pixels around, bit for bit). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fg/gradient_denoise.h"
#include "check.h"
#include "test_random.h"

#define W 128
#define H 128
#define REGION 16             /* the centred region R, REGION x REGION */
#define R0 ((W - REGION) / 2)

static fg_denoise_params model(fg_energy energy, fg_colour_mode colour, double epsilon)
{
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.energy = energy;
    p.colour = colour;
    p.epsilon = epsilon;
    p.auto_strength = 0;
    return p;
}

/* Edges in every direction around the region, and noise: the kind of input
 * whose far-away content a cut does change. */
static float *noisy_scene(int channels)
{
    float *d = malloc((size_t)W * H * channels * sizeof *d);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            for (int c = 0; c < channels; c++) {
                double u = (double)x / W, v = (double)y / H, value = 0.3 + 0.1 * c;
                if ((x / 16 + y / 16) % 2)
                    value = 0.65 - 0.1 * c;
                if ((u - 0.5) * (u - 0.5) + (v - 0.5) * (v - 0.5) < 0.02)
                    value = 0.5 + 0.15 * (c == 1);
                d[((size_t)y * W + x) * channels + c] = (float)(value + 0.1 * test_gauss());
            }
    return d;
}

/* Denoises the rectangle [x0, x1) x [y0, y1) of `f` on its own; returns it
 * packed. */
static float *solve_crop(const float *f, int channels, const fg_denoise_params *p, int x0, int y0,
                         int x1, int y1)
{
    int cw = x1 - x0, ch = y1 - y0;
    fg_image in = fg_image_make((float *)f + ((size_t)y0 * W + x0) * channels, cw, ch, channels, 0);
    in.stride = (ptrdiff_t)W * channels;
    float *out = malloc((size_t)cw * ch * channels * sizeof *out);
    fg_image o = fg_image_make(out, cw, ch, channels, 0);
    fg_error e;
    if (fg_gradient_denoise(&in, &o, p, NULL, &e) != FG_OK) {
        printf("# %s\n", e.message);
        free(out);
        return NULL;
    }
    return out;
}

/* max |crop - whole| over the region, for a crop grown by `margin`. */
static double region_difference(const float *f, const float *whole, int channels, const fg_denoise_params *p,
                                int margin)
{
    int x0 = R0 - margin < 0 ? 0 : R0 - margin, x1 = R0 + REGION + margin > W ? W : R0 + REGION + margin;
    int y0 = x0, y1 = x1;
    float *crop = solve_crop(f, channels, p, x0, y0, x1, y1);
    if (!crop)
        return INFINITY;
    double worst = 0.0;
    for (int y = R0; y < R0 + REGION; y++)
        for (int x = R0; x < R0 + REGION; x++)
            for (int c = 0; c < channels; c++) {
                double a = whole[((size_t)y * W + x) * channels + c];
                double b = crop[((size_t)(y - y0) * (x1 - x0) + (x - x0)) * channels + c];
                worst = fmax(worst, fabs(a - b));
            }
    free(crop);
    return worst;
}

static void test_arguments(void)
{
    fg_denoise_params p = model(FG_ENERGY_TV, FG_COLOUR_COUPLED, 0.01);
    CHECK(fg_denoise_margin(NULL, 3, 0.1, 1.0, 1e-3) == -1, "NULL params: -1");
    CHECK(fg_denoise_margin(&p, 0, 0.1, 1.0, 1e-3) == -1, "0 channels: -1");
    CHECK(fg_denoise_margin(&p, 5, 0.1, 1.0, 1e-3) == -1, "5 channels: -1");
    CHECK(fg_denoise_margin(&p, 3, -0.1, 1.0, 1e-3) == -1, "negative lambda: -1");
    CHECK(fg_denoise_margin(&p, 3, NAN, 1.0, 1e-3) == -1, "NaN lambda: -1");
    CHECK(fg_denoise_margin(&p, 3, 0.1, -1.0, 1e-3) == -1, "negative range: -1");
    CHECK(fg_denoise_margin(&p, 3, 0.1, 1.0, 0.0) == -1, "tolerance 0: -1");
    CHECK(fg_denoise_margin(&p, 3, 0.1, 1.0, INFINITY) == -1, "infinite tolerance: -1");
    fg_denoise_params bad = p;
    bad.energy = (fg_energy)7;
    CHECK(fg_denoise_margin(&bad, 3, 0.1, 1.0, 1e-3) == -1, "unknown energy: -1");
    bad = p;
    bad.colour = (fg_colour_mode)7;
    CHECK(fg_denoise_margin(&bad, 3, 0.1, 1.0, 1e-3) == -1, "unknown colour mode: -1");
    bad = p;
    bad.epsilon = 0.0;
    CHECK(fg_denoise_margin(&bad, 3, 0.1, 1.0, 1e-3) == -1, "TV with epsilon 0: -1");
    CHECK(fg_denoise_margin(&p, 3, 0.0, 1.0, 1e-3) == 0, "lambda 0: margin 0");
    fg_denoise_params tik = model(FG_ENERGY_TIKHONOV, FG_COLOUR_COUPLED, 0.01);
    CHECK(fg_denoise_margin(&tik, 3, 5.0, 0.0, 1e-3) == 0, "Tikhonov on a constant image: margin 0");
    fg_denoise_params stiff = p;
    stiff.epsilon = FG_DENOISE_MIN_EPSILON;
    int huge = fg_denoise_margin(&stiff, 3, FG_DENOISE_MAX_LAMBDA, 1.0, 1e-12);
    CHECK(huge > 1000000 && huge <= 1 << 30, "largest lambda, smallest eps: a margin beyond any image (%d)", huge);
}

/* More smoothing, less tolerance, more coupled channels: a wider margin. */
static void test_growth(void)
{
    fg_denoise_params tv = model(FG_ENERGY_TV, FG_COLOUR_COUPLED, 0.01);
    fg_denoise_params sep = model(FG_ENERGY_TV, FG_COLOUR_PER_CHANNEL, 0.01);
    fg_denoise_params tik = model(FG_ENERGY_TIKHONOV, FG_COLOUR_COUPLED, 0.01);
    int last = 0, rising = 1;
    for (double lambda = 0.001; lambda < 10.0; lambda *= 2.0) {
        int m = fg_denoise_margin(&tv, 3, lambda, 1.0, 1e-3);
        rising = rising && m >= last;
        last = m;
    }
    CHECK(rising && last > 100, "TV margin rises with lambda (%d at lambda ~8)", last);
    CHECK(fg_denoise_margin(&tv, 3, 0.14, 1.0, 1e-4) > fg_denoise_margin(&tv, 3, 0.14, 1.0, 1e-2),
          "a smaller tolerance needs a wider margin");
    fg_denoise_params wide = tv;
    wide.epsilon = 0.1;
    CHECK(fg_denoise_margin(&wide, 3, 0.14, 1.0, 1e-3) < fg_denoise_margin(&tv, 3, 0.14, 1.0, 1e-3),
          "a larger epsilon (less stiff TV) needs a narrower margin");
    CHECK(fg_denoise_margin(&tv, 3, 0.14, 1.0, 1e-3) >= fg_denoise_margin(&sep, 3, 0.14, 1.0, 1e-3),
          "coupled colour needs at least the per-channel margin");
    CHECK(fg_denoise_margin(&tik, 3, 2.0, 2.0, 1e-3) >= fg_denoise_margin(&tik, 3, 2.0, 1.0, 1e-3),
          "Tikhonov: a wider value range needs at least as wide a margin");
    /* sqrt(L) growth: L = 1 + 8 lambda / eps, so 100x lambda is 10x the
     * margin times a log factor (the residual grows with lambda too), not 100x. */
    double ratio = (double)fg_denoise_margin(&tv, 1, 10.0, 1.0, 1e-3) / fg_denoise_margin(&tv, 1, 0.1, 1.0, 1e-3);
    CHECK(ratio > 10.0 && ratio < 20.0, "100x lambda gives 10 to 20x the margin (%.2f)", ratio);
    int quoted = fg_denoise_margin(&tv, 3, 0.14, 1.0, 1e-3);
    CHECK(quoted == 71, "the header's example: margin %d for lambda 0.14, RGB, tolerance 1e-3", quoted);
}

/* The guarantee: minimisers of crop and whole image agree within the
 * tolerance in the region.  Both are solved to convergence (tolerance 0,
 * enough iterations that the float iterate stops changing), so what remains
 * is the cut's effect.  A crop without margin must miss the tolerance, or
 * the case would prove nothing. */
static void test_guarantee(void)
{
    static const struct {
        fg_energy energy;
        fg_colour_mode colour;
        int channels;
        double lambda, epsilon;
    } cases[] = {
        { FG_ENERGY_TV, FG_COLOUR_COUPLED, 3, 0.03, 0.01 },
        { FG_ENERGY_TV, FG_COLOUR_COUPLED, 3, 0.12, 0.05 },
        { FG_ENERGY_TV, FG_COLOUR_PER_CHANNEL, 1, 0.05, 0.02 },
        { FG_ENERGY_TV, FG_COLOUR_PER_CHANNEL, 2, 0.015, 0.005 },
        { FG_ENERGY_TIKHONOV, FG_COLOUR_COUPLED, 3, 1.0, 0.01 },
        { FG_ENERGY_TIKHONOV, FG_COLOUR_PER_CHANNEL, 1, 3.0, 0.01 },
    };
    const double tolerance = 1e-4;
    const double float_slack = 2e-6;    /* both solutions are float iterates */
    /* Every case with the default (accelerated) solver, then with the
     * primal-dual one: the bound is about minimisers, whoever finds them. */
    for (size_t run = 0; run < 2 * (sizeof cases / sizeof cases[0]); run++) {
        size_t i = run % (sizeof cases / sizeof cases[0]);
        if (check_quick() && i >= 1)
            continue;
        fg_denoise_params p = model(cases[i].energy, cases[i].colour, cases[i].epsilon);
        int primal_dual = run >= sizeof cases / sizeof cases[0];
        if (primal_dual) {
            p.solver = FG_SOLVER_PRIMAL_DUAL;
            p.stop = FG_STOP_GAP;
        }
        p.lambda = cases[i].lambda;
        p.tolerance = 0.0;
        p.max_iterations = 800;
        int ch = cases[i].channels;
        float *f = noisy_scene(ch);
        float *whole = solve_crop(f, ch, &p, 0, 0, W, H);
        int margin = fg_denoise_margin(&p, ch, p.lambda, 1.0, tolerance);
        const char *name = p.energy == FG_ENERGY_TIKHONOV ? "Tikhonov"
                           : p.colour == FG_COLOUR_COUPLED ? "TV coupled" : "TV per channel";
        CHECK(whole && margin > 0 && margin < R0, "%s%s, %d channels, lambda %g, eps %g: margin %d fits the image",
              name, primal_dual ? " (primal-dual)" : "", ch, p.lambda, p.epsilon, margin);
        if (whole && margin > 0 && margin < R0) {
            double with_margin = region_difference(f, whole, ch, &p, margin);
            double without = region_difference(f, whole, ch, &p, 0);
            CHECK(with_margin <= tolerance + float_slack,
                  "  margin %d: crop and whole differ by %.2e <= %.0e in the region", margin, with_margin,
                  tolerance);
            CHECK(without > tolerance, "  no margin: they differ by %.2e > %.0e (the cut matters)", without,
                  tolerance);
        }
        free(whole);
        free(f);
    }
}

/* k plain steps (no momentum, no stopping test) read only k pixels around:
 * a crop grown by k gives the whole image's floats in the region, bit for
 * bit; grown by k - 1 it does not.  (The far end of a chain of k steps weighs
 * about (1/8)^k -- with step 1/L each neighbour enters with ~ 1/8, and for TV with far less
 * where |grad u| >> eps -- so beyond a few steps it drops below float
 * resolution; hence few steps, Tikhonov and a large eps.) */
/* The region's largest difference after k iterations of `solver` from `p`,
 * the crop grown by k; with `short_by_one`, also grown by k - 1. */
static double iterates_difference(fg_denoise_params p, fg_solver solver, int k, double *short_by_one)
{
    p.lambda = 1.0;
    p.solver = solver;
    p.tolerance = 0.0;
    p.max_iterations = k;
    float *f = noisy_scene(3);
    float *whole = solve_crop(f, 3, &p, 0, 0, W, H);
    double exact = region_difference(f, whole, 3, &p, k);
    if (short_by_one)
        *short_by_one = region_difference(f, whole, 3, &p, k - 1);
    free(whole);
    free(f);
    return exact;
}

static void test_iterates(void)
{
    /* The primal-dual solver: a fixed step schedule, no restart -- its k
     * iterations read only k pixels around too. */
    for (int k = 1; k <= 4; k += 3) {
        double exact = iterates_difference(model(FG_ENERGY_TV, FG_COLOUR_COUPLED, 0.5),
                                           FG_SOLVER_PRIMAL_DUAL, k, NULL);
        CHECK(exact == 0.0, "TV (eps 0.5), %d primal-dual iterations, margin %d: the region's floats are "
              "the whole image's (max diff %.2e)", k, k, exact);
    }
    fg_denoise_params models[2] = { model(FG_ENERGY_TIKHONOV, FG_COLOUR_COUPLED, 0.01),
                                    model(FG_ENERGY_TV, FG_COLOUR_COUPLED, 0.5) };
    for (int i = 0; i < 2; i++) {
        for (int k = 1; k <= 4; k += 3) {
            double short_by_one;
            double exact = iterates_difference(models[i], FG_SOLVER_PLAIN, k, &short_by_one);
            const char *name = i ? "TV (eps 0.5)" : "Tikhonov";
            CHECK(exact == 0.0, "%s, %d plain iterations, margin %d: the region's floats are the whole "
                  "image's (max diff %.2e)", name, k, k, exact);
            CHECK(short_by_one > 0.0, "%s, %d plain iterations, margin %d: they differ (%.2e)", name, k, k - 1,
                  short_by_one);
        }
    }
}

int main(void)
{
    test_seed(11);
    test_arguments();
    test_growth();
    test_guarantee();
    test_iterates();
    return check_done();
}
