/* compare_stop_rules.c — what the solvers and stopping rules cost and give
 * with the automatic strength: for each photo (its centre 512 x 512 at
 * most), noise sigma 10, 25, 50 of 255 (seeded, clipped to 0..1) and energy
 * (TV, Tikhonov), the iterations, time and PSNR of
 *     ref          the primal-dual solver run to a relative duality gap of 1e-8
 *     acc_e1e-6    the accelerated solver with the energy-change rule at 1e-6
 *                  (the defaults of earlier versions)
 *     default      fg_denoise_params_init's (FG_SOLVER_AUTO, the gap rule)
 *     acc_g*, pd_g* the accelerated and primal-dual solvers at gaps of 1e-4,
 *                  3e-5, 1e-5
 * and the PSNR difference to ref (the minimiser's PSNR).  The figures in
 * fg/gradient_denoise.h (FG_SOLVER_AUTO, "Defaults and why") and README
 * come from the twelve calibration photos of tests/data/photos converted to
 * PPM (see README).  One JSON line per case. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_util.h"
#include "fg/gradient_denoise.h"

int main(int argc, char **argv)
{
    static const int sigmas[] = { 10, 25, 50 };
    static const struct { fg_solver solver; fg_stop_rule stop; double tolerance; const char *name; } rules[] = {
        { FG_SOLVER_PRIMAL_DUAL, FG_STOP_GAP, 1e-8, "ref" },
        { FG_SOLVER_ACCELERATED, FG_STOP_ENERGY_CHANGE, 1e-6, "acc_e1e-6" },
        { FG_SOLVER_AUTO, FG_STOP_GAP, FG_DENOISE_DEFAULT_TOLERANCE, "default" },
        { FG_SOLVER_ACCELERATED, FG_STOP_GAP, 1e-4, "acc_g1e-4" },
        { FG_SOLVER_PRIMAL_DUAL, FG_STOP_GAP, 1e-4, "pd_g1e-4" },
        { FG_SOLVER_ACCELERATED, FG_STOP_GAP, 3e-5, "acc_g3e-5" },
        { FG_SOLVER_PRIMAL_DUAL, FG_STOP_GAP, 3e-5, "pd_g3e-5" },
        { FG_SOLVER_ACCELERATED, FG_STOP_GAP, 1e-5, "acc_g1e-5" },
        { FG_SOLVER_PRIMAL_DUAL, FG_STOP_GAP, 1e-5, "pd_g1e-5" },
    };
    if (argc < 2) {
        fprintf(stderr, "usage: compare_stop_rules FILE.ppm|FILE.pgm ...\n");
        return 2;
    }
    for (int a = 1; a < argc; a++) {
        int w, h, c;
        float *full = bench_read_pnm(argv[a], &w, &h, &c);
        if (!full) {
            fprintf(stderr, "compare_stop_rules: cannot read %s\n", argv[a]);
            return 1;
        }
        int cw = w < 512 ? w : 512, ch = h < 512 ? h : 512, x0 = (w - cw) / 2, y0 = (h - ch) / 2;
        size_t n = (size_t)cw * ch * c;
        float *clean = malloc(n * sizeof *clean), *noisy = malloc(n * sizeof *noisy), *out = malloc(n * sizeof *out);
        if (!clean || !noisy || !out)
            return 1;
        for (int y = 0; y < ch; y++)
            for (int x = 0; x < cw * c; x++)
                clean[(size_t)y * cw * c + x] = full[((size_t)(y + y0) * w + x0) * c + x];
        for (int s = 0; s < 3; s++) {
            bench_add_noise(clean, noisy, n, sigmas[s] / 255.0, 1234 + s);
            for (size_t i = 0; i < n; i++)
                noisy[i] = noisy[i] < 0.0f ? 0.0f : noisy[i] > 1.0f ? 1.0f : noisy[i];
            fg_image in = fg_image_make(noisy, cw, ch, c, 0), o = fg_image_make(out, cw, ch, c, 0);
            for (int e = 0; e < 2; e++) {
                double ref = 0.0;
                for (size_t k = 0; k < sizeof rules / sizeof rules[0]; k++) {
                    fg_denoise_params p;
                    fg_denoise_params_init(&p);
                    p.energy = e ? FG_ENERGY_TIKHONOV : FG_ENERGY_TV;
                    p.solver = rules[k].solver;
                    p.stop = rules[k].stop;
                    p.tolerance = rules[k].tolerance;
                    p.max_iterations = k ? FG_DENOISE_DEFAULT_MAX_ITERATIONS : 20000;
                    fg_denoise_report r;
                    fg_error err;
                    double start = bench_now_ms();
                    if (fg_gradient_denoise(&in, &o, &p, &r, &err) != FG_OK) {
                        fprintf(stderr, "compare_stop_rules: %s\n", err.message);
                        return 1;
                    }
                    double ms = bench_now_ms() - start, q = bench_psnr(clean, out, n);
                    if (k == 0)
                        ref = q;
                    printf("{\"photo\":\"%s\",\"sigma_255\":%d,\"energy\":\"%s\",\"rule\":\"%s\",\"solver\":\"%s\","
                           "\"lambda\":%.5f,\"iterations\":%d,\"ms\":%.1f,\"psnr\":%.3f,\"psnr_minus_ref\":%.3f,"
                           "\"gap\":%.2e}\n", argv[a], sigmas[s], e ? "tikhonov" : "tv", rules[k].name,
                           bench_solver_name(r.solver), r.lambda, r.iterations,
                           ms, q, q - ref, r.gap);
                    fflush(stdout);
                }
            }
        }
        free(full);
        free(clean);
        free(noisy);
        free(out);
    }
    return 0;
}
