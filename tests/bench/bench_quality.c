/* bench_quality.c — time to quality of fg_gradient_denoise (bench --only
 * quality --photo FILE.ppm): on noisy copies of one photo (seeded Gaussian
 * noise, sigma 10, 25 and 50 of 255; colour coupled TV, eps 0.01, the fixed
 * lambda auto strength would pick for the true sigma), the iterations and
 * the time each solver needs to come within 0.05 dB of the converged PSNR
 * (the PSNR of the minimiser, from a primal-dual run to a relative gap of
 * 1e-8), and what the stopping rules give: the default energy-change rule
 * and gap tolerances.  One JSON line per case; with several photos
 * (--photo A.ppm,B.ppm,...) summary lines per sigma follow.  The photos are
 * the PNGs in tests/data/photos (and the demo photo tests/data/chelsea.png);
 * convert them to PPM first, e.g.
 *     python3 -c "from PIL import Image; Image.open('in.png').convert('RGB').save('out.ppm')" */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "quality_search.h"
#include "fg/gradient_denoise.h"

#define WITHIN_DB 0.05

typedef struct problem {
    bench_solve solve;
    double lambda;
    int threads;
} problem;

static fg_denoise_params params_for(const problem *pb, fg_solver solver)
{
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.auto_strength = 0;
    p.lambda = pb->lambda;
    p.solver = solver;
    p.threads = pb->threads;
    p.coarse_start = 0;         /* the solvers themselves (bench_coarse.c for the coarse start) */
    return p;
}

/* Per sigma, over the photos: the iteration and time ratios (accelerated over
 * primal-dual) of each criterion, for the summary lines. */
enum { CRIT_AT_MOST_BELOW, CRIT_WITHIN, CRIT_GAP_1E3, CRIT_GAP_1E4, CRITERIA };
static const char *const criterion_names[CRITERIA] = { "at_most_below_0.05_db", "within_0.05_db", "gap_1e-3",
                                                        "gap_1e-4" };
#define MAX_PHOTOS 64

typedef struct tally {
    double iterations[CRITERIA][MAX_PHOTOS], time[CRITERIA][MAX_PHOTOS];
    int photos;
} tally;

/* One photo: every line of the mode; its ratios into tallies[sigma]. */
static int quality_photo(const char *path, const bench_options *options, tally tallies[3])
{
    int w, h;
    int channels = 0;
    float *clean = bench_read_pnm(path, &w, &h, &channels);
    if (!clean || channels != 3) {
        free(clean);
        fprintf(stderr, "bench: cannot read %s as an 8-bit binary PPM\n", path);
        return 1;
    }
    size_t n = (size_t)w * (size_t)h * 3;
    float *noisy = malloc(n * sizeof *noisy), *out = malloc(n * sizeof *out);
    if (!noisy || !out)
        return 1;
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    int threads = options->threads > 0 ? options->threads : fg_default_threads();
    static const int sigmas[] = { 10, 25, 50 };
    for (int s = 0; s < 3; s++) {
        double sigma = sigmas[s] / 255.0;
        tally *t = &tallies[s];
        int slot = t->photos < MAX_PHOTOS ? t->photos++ : MAX_PHOTOS - 1;
        bench_add_noise(clean, noisy, n, sigma, 4242u + (uint64_t)sigmas[s]);
        problem pb = { { clean, fg_image_make(noisy, w, h, 3, 0), fg_image_make(out, w, h, 3, 0), n },
                       fg_auto_lambda_colour(FG_ENERGY_TV, FG_COLOUR_COUPLED, 3, sigma, FG_DENOISE_DEFAULT_EPSILON),
                       options->threads };
        /* The converged PSNR: a primal-dual run to a gap of 1e-8. */
        fg_denoise_params ref = params_for(&pb, FG_SOLVER_PRIMAL_DUAL);
        ref.stop = FG_STOP_GAP;
        ref.tolerance = 1e-8;
        ref.max_iterations = 100000;
        fg_denoise_report rr;
        double converged = bench_solve_psnr(&pb.solve, &ref, &rr, NULL);
        const char *common = "{\"op\":\"denoise_time_to_quality\",\"photo\":\"%s\",\"width\":%d,"
                             "\"height\":%d,\"channels\":3,\"threads\":%d,\"sigma_255\":%d,\"lambda\":%.4f,"
                             "\"psnr_noisy\":%.2f,\"psnr_converged\":%.3f,";
        printf(common, name, w, h, threads, sigmas[s], pb.lambda, bench_psnr(clean, noisy, n), converged);
        printf("\"case\":\"reference\",\"solver\":\"primal_dual\",\"iterations\":%d,\"gap\":%.2e}\n",
               rr.iterations, rr.gap);
        fflush(stdout);

        const fg_solver solvers[2] = { FG_SOLVER_ACCELERATED, FG_SOLVER_PRIMAL_DUAL };
        for (int two_sided = 0; two_sided < 2; two_sided++) {
            int k_solver[2];
            double ms_solver[2];
            for (int v = 0; v < 2; v++) {
                fg_denoise_params p = params_for(&pb, solvers[v]);
                int k = bench_iterations_to_quality(&pb.solve, &p, converged, WITHIN_DB, two_sided);
                p.tolerance = 0.0;
                p.max_iterations = k > 0 ? k : 1;
                fg_denoise_report r;
                double q;
                double ms = bench_solve_median_ms(&pb.solve, &p, options->repeats, &r, &q);
                k_solver[v] = k;
                ms_solver[v] = ms;
                printf(common, name, w, h, threads, sigmas[s], pb.lambda, bench_psnr(clean, noisy, n), converged);
                printf("\"case\":\"%s_%.2f_db\",\"solver\":\"%s\",\"iterations\":%d,\"ms\":%.1f,"
                       "\"ms_per_iteration\":%.2f,\"psnr\":%.3f,\"gap\":%.2e}\n",
                       two_sided ? "within" : "at_most_below", WITHIN_DB, bench_solver_name(solvers[v]), k, ms,
                       ms / p.max_iterations, q, r.gap);
                fflush(stdout);
            }
            printf(common, name, w, h, threads, sigmas[s], pb.lambda, bench_psnr(clean, noisy, n), converged);
            printf("\"case\":\"ratio_%s\",\"iterations_accelerated_over_primal_dual\":%.2f,"
                   "\"time_accelerated_over_primal_dual\":%.2f}\n", two_sided ? "within" : "at_most_below",
                   (double)k_solver[0] / k_solver[1], ms_solver[0] / ms_solver[1]);
            int crit = two_sided ? CRIT_WITHIN : CRIT_AT_MOST_BELOW;
            t->iterations[crit][slot] = (double)k_solver[0] / k_solver[1];
            t->time[crit][slot] = ms_solver[0] / ms_solver[1];
        }

        /* What the stopping rules give. */
        struct { fg_solver solver; fg_stop_rule stop; double tolerance; } rules[] = {
            { FG_SOLVER_ACCELERATED, FG_STOP_ENERGY_CHANGE, FG_DENOISE_DEFAULT_TOLERANCE },
            { FG_SOLVER_PRIMAL_DUAL, FG_STOP_ENERGY_CHANGE, FG_DENOISE_DEFAULT_TOLERANCE },
            { FG_SOLVER_ACCELERATED, FG_STOP_GAP, 1e-3 },
            { FG_SOLVER_PRIMAL_DUAL, FG_STOP_GAP, 1e-3 },
            { FG_SOLVER_ACCELERATED, FG_STOP_GAP, 3e-4 },
            { FG_SOLVER_PRIMAL_DUAL, FG_STOP_GAP, 3e-4 },
            { FG_SOLVER_ACCELERATED, FG_STOP_GAP, 1e-4 },
            { FG_SOLVER_PRIMAL_DUAL, FG_STOP_GAP, 1e-4 },
        };
        int k_rule[8];
        double ms_rule[8];
        for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
            fg_denoise_params p = params_for(&pb, rules[i].solver);
            p.stop = rules[i].stop;
            p.tolerance = rules[i].tolerance;
            p.max_iterations = 100000;
            fg_denoise_report r;
            double ms;
            double q = bench_solve_psnr(&pb.solve, &p, &r, &ms);
            k_rule[i] = r.iterations;
            ms_rule[i] = ms;
            printf(common, name, w, h, threads, sigmas[s], pb.lambda, bench_psnr(clean, noisy, n), converged);
            printf("\"case\":\"stop_%s_%g\",\"solver\":\"%s\",\"iterations\":%d,\"ms\":%.1f,\"psnr\":%.3f,"
                   "\"psnr_loss\":%.3f,\"gap\":%.2e}\n", rules[i].stop == FG_STOP_GAP ? "gap" : "energy_change",
                   rules[i].tolerance, bench_solver_name(rules[i].solver), r.iterations, ms, q, converged - q, r.gap);
            fflush(stdout);
        }
        t->iterations[CRIT_GAP_1E3][slot] = (double)k_rule[2] / k_rule[3];
        t->time[CRIT_GAP_1E3][slot] = ms_rule[2] / ms_rule[3];
        t->iterations[CRIT_GAP_1E4][slot] = (double)k_rule[6] / k_rule[7];
        t->time[CRIT_GAP_1E4][slot] = ms_rule[6] / ms_rule[7];
    }
    free(clean);
    free(noisy);
    free(out);
    return 0;
}

static double min_of(const double *v, int n)
{
    double m = v[0];
    for (int i = 1; i < n; i++)
        m = v[i] < m ? v[i] : m;
    return m;
}

/* --photo takes one PPM or a comma-separated list; with more than one, a
 * summary line per sigma and criterion follows: the median and the smallest
 * ratio (accelerated over primal-dual) of iterations and of time. */
int bench_denoise_quality(const bench_options *options)
{
    if (!options->photo) {
        fprintf(stderr, "bench: --only quality needs --photo FILE.ppm[,FILE.ppm...]\n");
        return 1;
    }
    static tally tallies[3];
    memset(tallies, 0, sizeof tallies);
    int failed = 0, photos = 0;
    char path[4096];
    for (const char *p = options->photo; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > 0 && len < sizeof path) {
            memcpy(path, p, len);
            path[len] = '\0';
            failed |= quality_photo(path, options, tallies);
            photos++;
        }
        p += len + (end != NULL);
    }
    static const int sigmas[] = { 10, 25, 50 };
    for (int s = 0; photos > 1 && s < 3; s++)
        for (int c = 0; c < CRITERIA; c++) {
            const tally *t = &tallies[s];
            printf("{\"op\":\"denoise_time_to_quality_summary\",\"photos\":%d,\"sigma_255\":%d,\"criterion\":\"%s\","
                   "\"iterations_accelerated_over_primal_dual_median\":%.2f,\"iterations_min\":%.2f,"
                   "\"time_accelerated_over_primal_dual_median\":%.2f,\"time_min\":%.2f}\n",
                   t->photos, sigmas[s], criterion_names[c], bench_median(t->iterations[c], t->photos),
                   min_of(t->iterations[c], t->photos), bench_median(t->time[c], t->photos),
                   min_of(t->time[c], t->photos));
        }
    return failed;
}
