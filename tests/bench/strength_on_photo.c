/* strength_on_photo.c — the automatic strength on one noisy photo against
 * its clean original: for TV and Tikhonov, the lambda of the texture-aware
 * rule (fg_denoise_auto_lambda), of the rule of sigma alone
 * (fg_auto_lambda_colour), and half and twice the first, each solved with
 * the defaults; prints lambda, the solver auto chose, iterations, time and
 * PSNR against the clean photo.
 *
 *   strength_on_photo CLEAN.ppm NOISY.f32
 *
 * NOISY.f32: the same size as CLEAN.ppm, packed float RGB on 0..1 (e.g. the
 * photo.f32 tools/bench-gimp leaves in build/tmp/bench-gimp); CLEAN.ppm:
 * for that one `tools/noisy_photo.py tests/data/chelsea.png clean.png 6000
 * 4000 0`, converted to PPM (README, Performance). */
#include <stdio.h>
#include <stdlib.h>

#include "bench_util.h"
#include "fg/gradient_denoise.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: strength_on_photo CLEAN.ppm NOISY.f32\n");
        return 2;
    }
    int w, h, c;
    float *clean = bench_read_pnm(argv[1], &w, &h, &c);
    if (!clean || c != 3) {
        fprintf(stderr, "strength_on_photo: cannot read %s as an RGB PPM\n", argv[1]);
        return 1;
    }
    size_t n = (size_t)w * h * c;
    float *noisy = malloc(n * sizeof *noisy), *out = malloc(n * sizeof *out);
    FILE *f = fopen(argv[2], "rb");
    if (!noisy || !out || !f || fread(noisy, sizeof *noisy, n, f) != n) {
        fprintf(stderr, "strength_on_photo: cannot read %zu floats from %s\n", n, argv[2]);
        return 1;
    }
    fclose(f);
    fg_image in = fg_image_make(noisy, w, h, c, 0), o = fg_image_make(out, w, h, c, 0);
    printf("{\"noisy_psnr\":%.3f}\n", bench_psnr(clean, noisy, n));
    for (int e = 0; e < 2; e++) {
        fg_denoise_params p;
        fg_denoise_params_init(&p);
        p.energy = e ? FG_ENERGY_TIKHONOV : FG_ENERGY_TV;
        double lambda, sigma, texture;
        fg_error err;
        if (fg_denoise_auto_lambda(&in, &p, &lambda, &sigma, &texture, &err) != FG_OK) {
            fprintf(stderr, "strength_on_photo: %s\n", err.message);
            return 1;
        }
        const double lambdas[4] = { lambda, fg_auto_lambda_colour(p.energy, p.colour, c, sigma, p.epsilon),
                                    0.5 * lambda, 2.0 * lambda };
        static const char *const names[4] = { "texture_rule", "sigma_rule", "half_texture_rule",
                                              "twice_texture_rule" };
        for (int k = 0; k < 4; k++) {
            p.auto_strength = 0;
            p.lambda = lambdas[k];
            fg_denoise_report r;
            double start = bench_now_ms();
            if (fg_gradient_denoise(&in, &o, &p, &r, &err) != FG_OK) {
                fprintf(stderr, "strength_on_photo: %s\n", err.message);
                return 1;
            }
            printf("{\"energy\":\"%s\",\"lambda_from\":\"%s\",\"sigma_255\":%.2f,\"texture\":%.3f,\"lambda\":%.4f,"
                   "\"solver\":\"%s\",\"iterations\":%d,\"ms\":%.0f,\"psnr\":%.3f}\n", e ? "tikhonov" : "tv",
                   names[k], sigma * 255.0, texture, lambdas[k],
                   bench_solver_name(r.solver), r.iterations,
                   bench_now_ms() - start, bench_psnr(clean, out, n));
            fflush(stdout);
        }
    }
    free(clean);
    free(noisy);
    free(out);
    return 0;
}
