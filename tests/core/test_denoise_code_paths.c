/* test_denoise_code_paths.c — every code path of the Gradient Denoise row
 * kernels (portable scalar, SSE2, AVX encoding, AVX2 with FMA; forced with
 * FG_DENOISE_CODE_PATH, see fg/gradient_denoise.h, "Code paths") on the same
 * inputs, against the portable scalar path as the reference: for 1..4 colour
 * channels (RGB with alpha too), TV coupled and per channel and Tikhonov,
 * and the plain, accelerated and primal-dual solvers, a fixed number of
 * iterations on an image wide enough for several sum segments with ragged
 * vector tails.  SSE2 and AVX must give the scalar path's floats bit for
 * bit; AVX2 must stay within FG_DENOISE_PATH_TOLERANCE of them (every value)
 * and its reported energy within FG_DENOISE_PATH_ENERGY_TOLERANCE (relative).
 * Paths the CPU lacks are reported as skipped. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fg/gradient_denoise.h"
#include "check.h"
#include "test_random.h"

/* Internal (core/src/denoise_kernels.h): the path a solve starting now uses,
 * 0 scalar, 1 SSE2, 2 AVX, 3 AVX2. */
int fg_denoise_code_path(void);

static const char *const path_names[] = { "scalar", "sse2", "avx", "avx2" };

typedef struct result {
    float *out;
    double energy;
    int iterations;
} result;

static result run_path(int path, const float *in, int w, int h, int ch, int alpha, const fg_denoise_params *p)
{
    setenv("FG_DENOISE_CODE_PATH", path_names[path], 1);
    size_t n = (size_t)w * h * ch;
    result r = { malloc(n * sizeof(float)), 0.0, 0 };
    fg_image vin = fg_image_make((float *)in, w, h, ch, alpha), vout = fg_image_make(r.out, w, h, ch, alpha);
    fg_denoise_report report;
    fg_error err;
    fg_status status = fg_gradient_denoise(&vin, &vout, p, &report, &err);
    CHECK(status == FG_OK, "the solve runs");
    r.energy = report.energy;
    r.iterations = report.iterations;
    unsetenv("FG_DENOISE_CODE_PATH");
    return r;
}

static void test_path_selection(int *available)
{
    unsetenv("FG_DENOISE_CODE_PATH");
    int best = fg_denoise_code_path();
    for (int path = 0; path < 4; path++) {
        setenv("FG_DENOISE_CODE_PATH", path_names[path], 1);
        int got = fg_denoise_code_path();
        available[path] = got == path;
        CHECK(got <= path && got <= best, "a forced path is never above the one asked for or the best");
        if (!available[path])
            printf("# code path %s: not on this CPU or build (runs %s)\n", path_names[path], path_names[got]);
    }
    CHECK(available[0], "the portable path is always available");
    setenv("FG_DENOISE_CODE_PATH", "no-such-path", 1);
    CHECK(fg_denoise_code_path() == best, "an unknown FG_DENOISE_CODE_PATH means the default");
    unsetenv("FG_DENOISE_CODE_PATH");
}

typedef struct model {
    fg_energy energy;
    fg_colour_mode colour;
    double lambda, eps;
    const char *name;
} model;

static void test_paths_agree(const int *available)
{
    static const model models[] = {
        { FG_ENERGY_TV, FG_COLOUR_COUPLED, 0.12, 0.01, "TV coupled" },
        { FG_ENERGY_TV, FG_COLOUR_PER_CHANNEL, 0.08, 0.02, "TV per channel" },
        { FG_ENERGY_TIKHONOV, FG_COLOUR_COUPLED, 1.5, 0.01, "Tikhonov" },
    };
    static const fg_solver solvers[] = { FG_SOLVER_PLAIN, FG_SOLVER_ACCELERATED, FG_SOLVER_PRIMAL_DUAL };
    static const char *const solver_names[] = { "plain", "accelerated", "primal-dual" };
    /* 1..4 colour channels; the last case is RGB with alpha. */
    static const int layouts[][2] = { { 1, 0 }, { 2, 0 }, { 3, 0 }, { 4, 0 }, { 4, 1 } };
    const int w = 157, h = 23;        /* 157 = 2 segments + 29: vector tails of every width */
    for (size_t l = 0; l < sizeof layouts / sizeof layouts[0]; l++) {
        int ch = layouts[l][0], alpha = layouts[l][1];
        if (check_quick() && (ch == 2 || (ch == 4 && !alpha)))
            continue;       /* valgrind: 1, 3 and 4 channels with alpha */
        size_t n = (size_t)w * h * ch;
        float *in = malloc(n * sizeof *in);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < ch; c++) {
                    float clean = (x / 19 + y / 7 + c) % 3 == 0 ? 0.7f : 0.3f;
                    in[((size_t)y * w + x) * ch + c] =
                        alpha && c == ch - 1 ? (float)(0.2 + 0.8 * test_uniform()) : clean + 0.1f * (float)test_gauss();
                }
        for (size_t m = 0; m < sizeof models / sizeof models[0]; m++)
            for (int s = 0; s < 3; s++) {
                fg_denoise_params p;
                fg_denoise_params_init(&p);
                p.auto_strength = 0;
                p.energy = models[m].energy;
                p.colour = models[m].colour;
                p.lambda = models[m].lambda;
                p.epsilon = models[m].eps;
                p.solver = solvers[s];
                p.stop = FG_STOP_ENERGY_CHANGE;   /* with tolerance 0: exactly max_iterations */
                p.tolerance = 0.0;
                p.max_iterations = 60;
                p.threads = 2;
                result ref = run_path(0, in, w, h, ch, alpha, &p);
                for (int path = 1; path < 4; path++) {
                    if (!available[path])
                        continue;
                    result r = run_path(path, in, w, h, ch, alpha, &p);
                    double diff = 0.0;
                    for (size_t i = 0; i < n; i++)
                        diff = fmax(diff, fabs((double)r.out[i] - (double)ref.out[i]));
                    double energy_diff = fabs(r.energy - ref.energy) / ref.energy;
                    char what[256];
                    if (path < 3) {
                        snprintf(what, sizeof what, "%s, %s, %d channels%s, %s: the scalar path's floats "
                                 "(max diff %.1e, energy %.1e)", path_names[path], models[m].name, ch,
                                 alpha ? " with alpha" : "", solver_names[s], diff, energy_diff);
                        CHECK(diff == 0.0 && r.energy == ref.energy, "%s", what);
                    } else {
                        snprintf(what, sizeof what, "%s, %s, %d channels%s, %s: max diff %.1e <= %.0e, "
                                 "energy %.1e <= %.0e", path_names[path], models[m].name, ch,
                                 alpha ? " with alpha" : "", solver_names[s], diff, FG_DENOISE_PATH_TOLERANCE,
                                 energy_diff, FG_DENOISE_PATH_ENERGY_TOLERANCE);
                        CHECK(diff <= FG_DENOISE_PATH_TOLERANCE && energy_diff <= FG_DENOISE_PATH_ENERGY_TOLERANCE,
                              "%s", what);
                        /* FMA rounds differently: the path must really have run. */
                        if (ch == 3 && s == 1 && m == 0)
                            CHECK(diff > 0.0, "avx2: fused multiply-adds change the rounding (the path ran)");
                    }
                    free(r.out);
                }
                free(ref.out);
            }
        free(in);
    }
}

int main(void)
{
    test_seed(16);
    int available[4];
    test_path_selection(available);
    test_paths_agree(available);
    return check_done();
}
