/* test_denoise_memory.c — fg_denoise_working_copies against the bytes
 * fg_gradient_denoise really allocates.
 *
 * Linked against the core built with FG_ALLOC_FAILURE_INJECTION, whose
 * allocator counts the bytes the calling thread holds (alloc_injection.h);
 * threads = 1, so every allocation is the calling thread's.  For each
 * solver choice (accelerated, plain, primal-dual, automatic with a strength
 * on either side of its threshold), model (coupled TV, per-channel TV,
 * Tikhonov), channel layout (grey, grey + alpha, RGB, RGBA), colour space
 * and noise mode, the peak of a solve above what was held before it must be
 * the function's copies times the image, up to what the function leaves
 * out: a few rows per thread and per row block, plane padding, the noise
 * estimate's histograms (SLACK_ROWS rows of the image and SLACK_BYTES),
 * and for the direct solver (Tikhonov) its transform's column blocks.  (At
 * 2048 x 256 the automatic solver takes the accelerated one for Tikhonov.)
 * The image is 2048 pixels wide, so the row blocks have their least height
 * and the primal-dual halo its largest size, which the function counts.  With
 * an automatic strength the function is an upper bound, reached when the
 * run picks the primal-dual solver. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fg/gradient_denoise.h"
#include "alloc_injection.h"
#include "check.h"
#include "test_random.h"

#define W 2048
#define H 256
#define SLACK_ROWS 8
#define SLACK_BYTES ((size_t)64 << 10)

static float pixels[(size_t)W * H * 4], result[(size_t)W * H * 4];

/* A ramp from 0.1 to 0.9 across the image with Poisson-Gaussian noise of
 * variance 0.01 x + 1e-4 (so the signal-dependent transform applies);
 * alpha 1. */
static fg_image make_image(int channels, int has_alpha)
{
    test_seed(12345);
    int colour = channels - (has_alpha ? 1 : 0);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            for (int c = 0; c < channels; c++) {
                float *p = pixels + ((size_t)y * W + (size_t)x) * (size_t)channels + (size_t)c;
                if (c >= colour) {
                    *p = 1.0f;
                    continue;
                }
                double v = 0.1 + 0.8 * x / (W - 1) + 0.05 * c;
                *p = (float)(v + sqrt(0.01 * v + 1e-4) * test_gauss());
            }
    return fg_image_make(pixels, W, H, channels, has_alpha);
}

typedef struct model {
    const char *name;
    fg_energy energy;
    fg_colour_mode colour;
} model;

static const model models[] = {
    { "coupled TV", FG_ENERGY_TV, FG_COLOUR_COUPLED },
    { "per-channel TV", FG_ENERGY_TV, FG_COLOUR_PER_CHANNEL },
    { "Tikhonov", FG_ENERGY_TIKHONOV, FG_COLOUR_COUPLED },
};

typedef struct choice {
    const char *name;
    fg_solver solver;
    double lambda;      /* < 0: automatic strength */
} choice;

/* With the default eps and tolerance FG_SOLVER_AUTO picks the primal-dual
 * solver for TV from lambda 0.145 up. */
static const choice choices[] = {
    { "accelerated", FG_SOLVER_ACCELERATED, 0.2 },
    { "plain", FG_SOLVER_PLAIN, 0.2 },
    { "primal-dual", FG_SOLVER_PRIMAL_DUAL, 0.2 },
    { "auto, lambda 0.05", FG_SOLVER_AUTO, 0.05 },
    { "auto, lambda 0.5", FG_SOLVER_AUTO, 0.5 },
    { "auto, automatic strength", FG_SOLVER_AUTO, -1.0 },
    { "accelerated, lambda 0", FG_SOLVER_ACCELERATED, 0.0 },
    { "direct", FG_SOLVER_DIRECT, 0.2 },      /* Tikhonov only */
};

static void measure(const fg_image *in, const model *m, const choice *ch, fg_colour_space space,
                    fg_noise_mode noise)
{
    if (ch->solver == FG_SOLVER_DIRECT && m->energy != FG_ENERGY_TIKHONOV)
        return;                 /* FG_ERR_PARAM, tested in test_denoise_direct.c */
    int direct = ch->solver == FG_SOLVER_DIRECT;
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.energy = m->energy;
    p.colour = m->colour;
    p.solver = ch->solver;
    p.auto_strength = p.auto_chroma_strength = ch->lambda < 0.0;
    p.lambda = p.lambda_chroma = ch->lambda < 0.0 ? 0.0 : ch->lambda;
    p.colour_space = space;
    p.noise = noise;
    p.max_iterations = 1;       /* the peak does not depend on the iterations */
    p.threads = 1;
    double copies = fg_denoise_working_copies(&p, in->channels, in->has_alpha);
    fg_image out = fg_image_make(result, W, H, in->channels, in->has_alpha);

    size_t before = fg_test_allocated_bytes();
    fg_test_reset_peak_allocated_bytes();
    fg_denoise_report report;
    fg_error err;
    fg_status status = fg_gradient_denoise(in, &out, &p, &report, &err);
    double measured = (double)(fg_test_peak_allocated_bytes() - before);
    double copy = (double)W * H * (double)in->channels * sizeof(float);
    double predicted = copies * copy;
    double slack = (double)SLACK_ROWS * W * (double)in->channels * sizeof(float) + (double)SLACK_BYTES;
    /* The direct solver's transform scratch, per thread: three column blocks
     * of at most 64 columns of the image's height (the DCT's, padded). */
    if (direct)
        slack += 3.0 * 64 * (H + 16) * sizeof(float);
    char what[160];
    snprintf(what, sizeof what, "%d channels%s, %s, %s%s%s", in->channels, in->has_alpha ? " (alpha)" : "",
             m->name, ch->name, space == FG_COLOUR_SPACE_LUMA_CHROMA ? ", luma-chroma" : "",
             noise == FG_NOISE_SIGNAL_DEPENDENT ? ", signal-dependent" : "");
    CHECK(status == FG_OK, "%s: solves (%.200s)", what, status == FG_OK ? "" : err.message);
    CHECK(fg_test_allocated_bytes() == before, "%s: frees all it allocates", what);
    CHECK(measured <= predicted + slack, "%s: peak %.4f copies <= %.4f", what, measured / copy, copies);
    /* Exact unless the strength is automatic: then exact when the run (both
     * runs, in luma-chroma) took the primal-dual solver, as the function
     * assumes. */
    /* The direct solver's count is an upper bound: at this width (a multiple
     * of 16) it transforms its one copy in place. */
    int exact = !direct && (ch->lambda >= 0.0 || m->energy == FG_ENERGY_TIKHONOV);
    if (ch->lambda < 0.0 && status == FG_OK && report.solver == FG_SOLVER_PRIMAL_DUAL
        && space == FG_COLOUR_SPACE_RGB)
        exact = 1;
    if (exact)
        CHECK(measured >= predicted - slack, "%s: peak %.4f copies >= %.4f", what, measured / copy, copies);
    if (direct && space == FG_COLOUR_SPACE_RGB && noise == FG_NOISE_UNIFORM)
        CHECK(fabs(measured - predicted / 2) <= slack, "%s: in place, peak %.4f copies = half the bound %.4f",
              what, measured / copy, copies);
}

int main(void)
{
    static const int layouts[][2] = { { 1, 0 }, { 2, 1 }, { 3, 0 }, { 4, 1 } };
    for (size_t l = 0; l < sizeof layouts / sizeof layouts[0]; l++) {
        fg_image in = make_image(layouts[l][0], layouts[l][1]);
        int colour = layouts[l][0] - layouts[l][1];
        for (size_t m = 0; m < sizeof models / sizeof models[0]; m++)
            for (size_t c = 0; c < sizeof choices / sizeof choices[0]; c++) {
                measure(&in, &models[m], &choices[c], FG_COLOUR_SPACE_RGB, FG_NOISE_UNIFORM);
                if (colour == 3)
                    measure(&in, &models[m], &choices[c], FG_COLOUR_SPACE_LUMA_CHROMA, FG_NOISE_UNIFORM);
            }
        /* Signal-dependent noise: the transformed copy on top. */
        for (size_t m = 0; m < sizeof models / sizeof models[0]; m += 2)
            for (size_t c = 0; c < 3; c += 2) {
                measure(&in, &models[m], &choices[c], FG_COLOUR_SPACE_RGB, FG_NOISE_SIGNAL_DEPENDENT);
                if (colour == 3)
                    measure(&in, &models[m], &choices[c], FG_COLOUR_SPACE_LUMA_CHROMA, FG_NOISE_SIGNAL_DEPENDENT);
            }
    }

    /* The figures the header gives, and invalid arguments. */
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    CHECK_CLOSE(fg_denoise_working_copies(&p, 4, 1), (9 + 7 + 0.375) / 4.0, 1e-12,
                "coupled TV on RGBA, defaults (automatic strength and solver)");
    p.solver = FG_SOLVER_ACCELERATED;
    CHECK_CLOSE(fg_denoise_working_copies(&p, 4, 1), 9 / 4.0, 1e-12, "accelerated coupled TV on RGBA");
    CHECK(isnan(fg_denoise_working_copies(NULL, 4, 1)), "NULL params: NAN");
    CHECK(isnan(fg_denoise_working_copies(&p, 0, 0)), "0 channels: NAN");
    CHECK(isnan(fg_denoise_working_copies(&p, 5, 0)), "5 channels: NAN");
    CHECK(isnan(fg_denoise_working_copies(&p, 1, 1)), "alpha alone: NAN");
    p.solver = (fg_solver)7;
    CHECK(isnan(fg_denoise_working_copies(&p, 3, 0)), "unknown solver: NAN");
    return check_done();
}
