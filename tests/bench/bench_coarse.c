/* bench_coarse.c — what the coarse start does for fg_gradient_denoise on
 * large photos (bench --only coarse --photo A.ppm[,B.ppm,...]).  On noisy
 * copies of each photo (seeded Gaussian noise, sigma 10, 25 and 50 of 255;
 * coupled TV, or Tikhonov with --energy tikhonov; the automatic strength, as
 * users run it), for four set-ups
 *     accelerated / primal-dual without the coarse start (cold),
 *     auto without it (the default before the coarse start),
 *     the default (auto with the coarse start),
 * one JSON line each with what the default stop rule (gap 3e-5) gives: the
 * iterations of the full solve, those of the coarse solves in full-size
 * iterations (report.coarse_iterations), their sum, the wall time and the
 * PSNR against the converged one (the default set-up to a gap of 1e-8);
 * then the time to quality of the old and the new default: the fewest
 * iterations (max_iterations, the coarse solves' included) whose PSNR is
 * within 0.05 dB of the converged one, their cost in full-size iterations
 * and the median time of that call.  Summary lines per sigma (medians over
 * the photos) follow.  Larger photos than tests/data/photos: e.g. the same
 * wallpapers halved (tools/photo_set.py --width 1280 ROOT DIR). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "quality_search.h"
#include "fg/gradient_denoise.h"

#define WITHIN_DB 0.05
#define MAX_PHOTOS 64

enum { SETUP_ACCELERATED, SETUP_PRIMAL_DUAL, SETUP_AUTO_COLD, SETUP_DEFAULT, SETUPS };
static const char *const setup_names[SETUPS] = { "accelerated_cold", "primal_dual_cold", "auto_cold", "default" };

typedef struct problem {
    bench_solve solve;
    fg_energy energy;
    double lambda;
    int threads;
} problem;

static fg_denoise_params setup_params(const problem *pb, int setup)
{
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.energy = pb->energy;
    p.auto_strength = 0;
    p.lambda = pb->lambda;
    p.threads = pb->threads;
    p.solver = setup == SETUP_ACCELERATED ? FG_SOLVER_ACCELERATED
               : setup == SETUP_PRIMAL_DUAL ? FG_SOLVER_PRIMAL_DUAL : FG_SOLVER_AUTO;
    p.coarse_start = setup == SETUP_DEFAULT;
    return p;
}

typedef struct tally {
    double cost[SETUPS][MAX_PHOTOS], ms[SETUPS][MAX_PHOTOS], loss[SETUPS][MAX_PHOTOS];
    double quality_cost[2][MAX_PHOTOS], quality_ms[2][MAX_PHOTOS];
    int photos;
} tally;

static int coarse_photo(const char *path, const bench_options *options, fg_energy energy, tally tallies[3])
{
    int w, h, channels = 0;
    float *clean = bench_read_pnm(path, &w, &h, &channels);
    if (!clean || channels != 3) {
        free(clean);
        fprintf(stderr, "bench: cannot read %s as an 8-bit binary PPM\n", path);
        return 1;
    }
    size_t n = (size_t)w * (size_t)h * 3;
    float *noisy = malloc(n * sizeof *noisy), *out = malloc(n * sizeof *out);
    if (!noisy || !out) {
        free(clean);
        free(noisy);
        free(out);
        return 1;
    }
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    int threads = options->threads > 0 ? options->threads : fg_default_threads();
    static const int sigmas[] = { 10, 25, 50 };
    for (int s = 0; s < 3; s++) {
        tally *t = &tallies[s];
        int slot = t->photos < MAX_PHOTOS ? t->photos++ : MAX_PHOTOS - 1;
        bench_add_noise(clean, noisy, n, sigmas[s] / 255.0, 4242u + (uint64_t)sigmas[s]);
        problem pb = { { clean, fg_image_make(noisy, w, h, 3, 0), fg_image_make(out, w, h, 3, 0), n }, energy, 0.0,
                       options->threads };
        fg_denoise_params automatic;
        fg_denoise_params_init(&automatic);
        automatic.energy = energy;
        automatic.threads = options->threads;
        fg_error err;
        double sigma, texture;
        if (fg_denoise_auto_lambda(&pb.solve.noisy, &automatic, &pb.lambda, &sigma, &texture, &err) != FG_OK) {
            fprintf(stderr, "bench: %s\n", err.message);
            return 1;
        }
        fg_denoise_params ref = setup_params(&pb, SETUP_DEFAULT);
        ref.tolerance = 1e-8;
        ref.max_iterations = 100000;
        fg_denoise_report rr;
        double converged = bench_solve_psnr(&pb.solve, &ref, &rr, NULL);
        const char *common = "{\"op\":\"denoise_coarse_start\",\"photo\":\"%s\",\"width\":%d,\"height\":%d,"
                             "\"threads\":%d,\"energy\":\"%s\",\"sigma_255\":%d,\"lambda\":%.4f,"
                             "\"psnr_noisy\":%.2f,\"psnr_converged\":%.3f,";
#define COMMON name, w, h, threads, energy == FG_ENERGY_TV ? "tv" : "tikhonov", sigmas[s], pb.lambda, \
               bench_psnr(clean, noisy, n), converged
        printf(common, COMMON);
        printf("\"case\":\"reference\",\"iterations\":%d,\"coarse_iterations\":%.1f,\"gap\":%.2e}\n",
               rr.iterations, rr.coarse_iterations, rr.gap);
        fflush(stdout);

        for (int v = 0; v < SETUPS; v++) {
            fg_denoise_params p = setup_params(&pb, v);
            fg_denoise_report r;
            double q;
            double ms = bench_solve_median_ms(&pb.solve, &p, options->repeats, &r, &q);
            double cost = r.iterations + r.coarse_iterations;
            t->cost[v][slot] = cost;
            t->ms[v][slot] = ms;
            t->loss[v][slot] = converged - q;
            printf(common, COMMON);
            printf("\"case\":\"stop_gap_3e-5\",\"setup\":\"%s\",\"solver\":\"%s\",\"iterations\":%d,"
                   "\"coarse_levels\":%d,\"coarse_iterations\":%.1f,\"cost_iterations\":%.1f,\"ms\":%.1f,"
                   "\"psnr\":%.3f,\"psnr_loss\":%.3f,\"gap\":%.2e}\n", setup_names[v],
                   bench_solver_name(r.solver), r.iterations,
                   r.coarse_levels, r.coarse_iterations, cost, ms, q, converged - q, r.gap);
            fflush(stdout);
        }
        for (int v = 0; v < 2; v++) {
            int setup = v ? SETUP_DEFAULT : SETUP_AUTO_COLD;
            fg_denoise_params p = setup_params(&pb, setup);
            int k = bench_iterations_to_quality(&pb.solve, &p, converged, WITHIN_DB, 1);
            p.tolerance = 0.0;
            p.max_iterations = k > 0 ? k : 1;
            fg_denoise_report r;
            double q;
            double ms = bench_solve_median_ms(&pb.solve, &p, options->repeats, &r, &q);
            double cost = r.iterations + r.coarse_iterations;
            t->quality_cost[v][slot] = cost;
            t->quality_ms[v][slot] = ms;
            printf(common, COMMON);
            printf("\"case\":\"within_%.2f_db\",\"setup\":\"%s\",\"max_iterations\":%d,\"iterations\":%d,"
                   "\"coarse_iterations\":%.1f,\"cost_iterations\":%.1f,\"ms\":%.1f,\"psnr\":%.3f}\n",
                   WITHIN_DB, setup_names[setup], k, r.iterations, r.coarse_iterations, cost, ms, q);
            fflush(stdout);
        }
#undef COMMON
    }
    free(clean);
    free(noisy);
    free(out);
    return 0;
}

int bench_denoise_coarse(const bench_options *options)
{
    if (!options->photo) {
        fprintf(stderr, "bench: --only coarse needs --photo FILE.ppm[,FILE.ppm...]\n");
        return 1;
    }
    fg_energy energy = options->energy && !strcmp(options->energy, "tikhonov") ? FG_ENERGY_TIKHONOV : FG_ENERGY_TV;
    static tally tallies[3];
    char *list = strdup(options->photo);
    if (!list)
        return 1;
    int failed = 0;
    for (char *path = strtok(list, ","); path; path = strtok(NULL, ","))
        failed |= coarse_photo(path, options, energy, tallies);
    free(list);
    static const int sigmas[] = { 10, 25, 50 };
    for (int s = 0; s < 3 && !failed; s++) {
        tally *t = &tallies[s];
        printf("{\"op\":\"denoise_coarse_start_summary\",\"photos\":%d,\"energy\":\"%s\",\"sigma_255\":%d",
               t->photos, energy == FG_ENERGY_TV ? "tv" : "tikhonov", sigmas[s]);
        for (int v = 0; v < SETUPS; v++)
            printf(",\"%s\":{\"cost_iterations\":%.1f,\"ms\":%.1f,\"psnr_loss\":%.3f}", setup_names[v],
                   bench_median(t->cost[v], t->photos), bench_median(t->ms[v], t->photos),
                   bench_median(t->loss[v], t->photos));
        printf(",\"within_%.2f_db\":{\"auto_cold\":{\"cost_iterations\":%.1f,\"ms\":%.1f},"
               "\"default\":{\"cost_iterations\":%.1f,\"ms\":%.1f}}}\n", WITHIN_DB,
               bench_median(t->quality_cost[0], t->photos), bench_median(t->quality_ms[0], t->photos),
               bench_median(t->quality_cost[1], t->photos), bench_median(t->quality_ms[1], t->photos));
    }
    return failed;
}
