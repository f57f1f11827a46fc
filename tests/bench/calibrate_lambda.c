/* calibrate_lambda.c — measures how the PSNR-best strength lambda of
 * fg_gradient_denoise depends on the noise level, epsilon and colour
 * coupling; the constants of fg_auto_lambda come from its output (see
 * fg/gradient_denoise.h, "Auto strength").
 *
 *   calibrate_lambda [--size N] [--threads N]
 *
 * For every case -- model, epsilon, scene (bench_scene kinds 0, 1, 2), number
 * of coupled colour channels, noise sigma on a grid -- a golden-section
 * search over log lambda finds the lambda whose converged result has the
 * highest PSNR against the clean scene (one JSON line each).  Then it fits
 *   TV, one channel:        lambda = sigma (A + B epsilon)
 *   TV, C coupled channels: the same times C^G
 *   Tikhonov:               lambda = T sigma^P
 * and prints the constants, and the PSNR the fitted rules lose against the
 * best lambda of every case (mean and worst). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "calibrate_util.h"
#include "fg/gradient_denoise.h"

typedef struct problem {
    fg_energy energy;
    double epsilon, sigma;
    int kind, channels;     /* channels > 1: coupled TV */
    double best_lambda, best_psnr;
} problem;

static int size = 192, threads = 0;
static float *clean, *noisy, *out;

static size_t floats(const problem *pb)
{
    return (size_t)size * (size_t)size * (size_t)pb->channels;
}

/* The noisy scene of a case (same seed for the same scene and sigma). */
static void prepare(const problem *pb)
{
    bench_scene(clean, size, size, pb->channels, pb->kind);
    bench_add_noise(clean, noisy, floats(pb), pb->sigma,
                    1000u + (uint64_t)(pb->sigma * 1e4) * 7u + (uint64_t)pb->kind * 131u
                        + (uint64_t)pb->channels);
}

static double psnr_at(const problem *pb, double lambda)
{
    fg_image in = fg_image_make(noisy, size, size, pb->channels, 0);
    fg_image result = fg_image_make(out, size, size, pb->channels, 0);
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.energy = pb->energy;
    p.epsilon = pb->epsilon;
    p.colour = FG_COLOUR_COUPLED;
    p.auto_strength = 0;
    p.lambda = lambda;
    p.max_iterations = 3000;
    p.tolerance = 1e-7;
    p.threads = threads;
    fg_error err;
    if (fg_gradient_denoise(&in, &result, &p, NULL, &err) != FG_OK) {
        fprintf(stderr, "calibrate_lambda: %s\n", err.message);
        exit(1);
    }
    return bench_psnr(clean, out, floats(pb));
}

static double search_objective(void *context, double lambda)
{
    return psnr_at(context, lambda);
}

/* The PSNR maximum over log lambda in [lo, hi] (golden-section search). */
static void search(problem *pb, double lo, double hi)
{
    prepare(pb);
    pb->best_lambda = calib_golden_search(search_objective, pb, lo, hi, 0.01, &pb->best_psnr);   /* within 1% */
    printf("{\"model\":\"%s\",\"epsilon\":%g,\"scene\":%d,\"channels\":%d,\"sigma\":%g,"
           "\"best_lambda\":%.5g,\"lambda_over_sigma\":%.4f,\"psnr_noisy\":%.2f,\"psnr_best\":%.2f}\n",
           pb->energy == FG_ENERGY_TV ? "tv" : "tikhonov", pb->epsilon, pb->kind, pb->channels,
           pb->sigma, pb->best_lambda, pb->best_lambda / pb->sigma,
           bench_psnr(clean, noisy, floats(pb)), pb->best_psnr);
    fflush(stdout);
}

/* Least squares y = c0 + c1 x. */
static void line_fit(const double *x, const double *y, int n, double *c0, double *c1)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
        sx += x[i]; sy += y[i]; sxx += x[i] * x[i]; sxy += x[i] * y[i];
    }
    *c1 = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    *c0 = (sy - *c1 * sx) / n;
}

#define MAX_CASES 256

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--size") && i + 1 < argc) size = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
        else { fprintf(stderr, "usage: calibrate_lambda [--size N] [--threads N]\n"); return 2; }
    }
    static const double sigmas[] = { 0.02, 0.035, 0.05, 0.075, 0.1, 0.15, 0.2 };
    static const double epsilons[] = { 0.005, 0.01, 0.02, 0.05 };
    enum { N_SIGMA = sizeof sigmas / sizeof sigmas[0], N_EPS = sizeof epsilons / sizeof epsilons[0] };
    size_t max_n = (size_t)size * (size_t)size * 4;
    clean = malloc(max_n * sizeof *clean);
    noisy = malloc(max_n * sizeof *noisy);
    out = malloc(max_n * sizeof *out);
    if (!clean || !noisy || !out)
        return 1;
    static problem cases[MAX_CASES];
    int n = 0;

    /* TV, one channel: lambda / sigma against epsilon. */
    double x[MAX_CASES], y[MAX_CASES];
    int n_fit = 0;
    for (int e = 0; e < N_EPS; e++)
        for (int kind = 0; kind < 3; kind++)
            for (int s = 0; s < N_SIGMA; s++) {
                problem *pb = &cases[n++];
                *pb = (problem){ FG_ENERGY_TV, epsilons[e], sigmas[s], kind, 1, 0, 0 };
                search(pb, 0.1 * pb->sigma, 10.0 * pb->sigma);
                x[n_fit] = pb->epsilon;
                y[n_fit++] = pb->best_lambda / pb->sigma;
            }
    double tv_a, tv_b;
    line_fit(x, y, n_fit, &tv_a, &tv_b);

    /* TV, C coupled channels at the default epsilon: the factor over one channel. */
    double lx[MAX_CASES], ly[MAX_CASES];
    int n_c = 0;
    for (int channels = 2; channels <= 4; channels++)
        for (int s = 0; s < N_SIGMA; s++) {
            problem *pb = &cases[n++];
            *pb = (problem){ FG_ENERGY_TV, FG_DENOISE_DEFAULT_EPSILON, sigmas[s], 0, channels, 0, 0 };
            search(pb, 0.1 * pb->sigma, 20.0 * pb->sigma);
            lx[n_c] = log((double)channels);
            ly[n_c++] = log(pb->best_lambda / (pb->sigma * (tv_a + tv_b * pb->epsilon)));
        }
    double tv_g = 0.0;      /* fit log factor = G log C through the origin */
    {
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n_c; i++) { sxy += lx[i] * ly[i]; sxx += lx[i] * lx[i]; }
        tv_g = sxy / sxx;
    }

    /* Tikhonov: log lambda against log sigma. */
    n_fit = 0;
    for (int kind = 0; kind < 3; kind++)
        for (int s = 0; s < N_SIGMA; s++) {
            problem *pb = &cases[n++];
            *pb = (problem){ FG_ENERGY_TIKHONOV, FG_DENOISE_DEFAULT_EPSILON, sigmas[s], kind, 1, 0, 0 };
            search(pb, 0.01, 100.0);
            x[n_fit] = log(pb->sigma);
            y[n_fit++] = log(pb->best_lambda);
        }
    double log_t, tik_p;
    line_fit(x, y, n_fit, &log_t, &tik_p);
    double tik_t = exp(log_t);

    printf("{\"fit\":\"tv\",\"A\":%.4f,\"B\":%.3f,\"G\":%.4f,\"rule\":\"lambda = sigma (A + B eps) C^G\"}\n",
           tv_a, tv_b, tv_g);
    printf("{\"fit\":\"tikhonov\",\"T\":%.3f,\"P\":%.4f,\"rule\":\"lambda = T sigma^P\"}\n", tik_t, tik_p);

    /* What the library's rule (compiled-in constants) loses against the best lambdas. */
    double loss_sum[2] = { 0, 0 }, loss_worst[2] = { 0, 0 };
    int counted[2] = { 0, 0 };
    for (int i = 0; i < n; i++) {
        problem *pb = &cases[i];
        prepare(pb);
        double lambda = fg_auto_lambda_colour(pb->energy, pb->channels > 1 ? FG_COLOUR_COUPLED
                                                                          : FG_COLOUR_PER_CHANNEL,
                                              pb->channels, pb->sigma, pb->epsilon);
        double loss = pb->best_psnr - psnr_at(pb, lambda);
        int m = pb->energy == FG_ENERGY_TV;
        loss_sum[m] += loss;
        loss_worst[m] = loss > loss_worst[m] ? loss : loss_worst[m];
        counted[m]++;
    }
    printf("{\"library_rule\":\"tv\",\"cases\":%d,\"psnr_loss_mean_db\":%.3f,\"psnr_loss_worst_db\":%.3f}\n",
           counted[1], loss_sum[1] / counted[1], loss_worst[1]);
    printf("{\"library_rule\":\"tikhonov\",\"cases\":%d,\"psnr_loss_mean_db\":%.3f,\"psnr_loss_worst_db\":%.3f}\n",
           counted[0], loss_sum[0] / counted[0], loss_worst[0]);
    free(clean);
    free(noisy);
    free(out);
    return 0;
}
