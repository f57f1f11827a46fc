/* bench_denoise.c — speed, memory and convergence of fg_gradient_denoise.
 *
 * Speed cases (one JSON line each): size x channels x model x colour x solver.
 * Every case runs in a forked child so that its peak memory is its own:
 *   ms_per_iteration  the marginal cost of one iteration: the median time of
 *                     calls doing ITER_HI iterations minus that of calls doing
 *                     ITER_LO, divided by the difference (set-up, the final
 *                     energy sweep and the output write cancel out);
 *   floor_ms          median time of a STREAM-like triad a = b + s c over the
 *                     same number of floats (width x height x colour channels)
 *                     on the same threads, in the same child, its passes
 *                     interleaved with the timed calls so both see the same
 *                     machine load;
 *   ratio             ms_per_iteration / floor_ms (target: TV <= 3);
 *   peak_extra_copies peak RSS growth during the calls, beyond the input and
 *                     output already allocated and touched, in units of the
 *                     input's float size (target <= 4).
 * BENCH_DENOISE_CASES selects speed cases by name (see case_selected).
 * Convergence cases: piecewise-constant scenes + Gaussian noise, default
 * parameters (auto strength, tolerance), iterations, time and PSNR. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_util.h"
#include "fg/gradient_denoise.h"

#define ITER_LO 2
#define ITER_HI 12
#define TRIAD_MAX_THREADS 256

/* ---- STREAM-like triad floor ------------------------------------------------
 * A persistent team of threads, each owning a fixed slice (first-touched by
 * it), so that triad passes can be interleaved with the denoising runs and
 * both see the same machine load. */

typedef struct triad_team triad_team;

typedef struct triad_member {
    triad_team *team;
    int index;
} triad_member;

struct triad_team {
    float *a, *b, *c;
    size_t n;
    int threads, started, stop;
    pthread_barrier_t start, done;
    pthread_t ids[TRIAD_MAX_THREADS];
    triad_member members[TRIAD_MAX_THREADS];
};

static void triad_slice(triad_team *t, int index, int first)
{
    size_t lo = t->n * (size_t)index / (size_t)t->threads;
    size_t hi = t->n * (size_t)(index + 1) / (size_t)t->threads;
    float *restrict a = t->a;
    const float *restrict b = t->b, *restrict c = t->c;
    if (first)
        for (size_t i = lo; i < hi; i++) {
            t->a[i] = 0.0f;
            t->b[i] = (float)(i % 7);
            t->c[i] = (float)(i % 5);
        }
    const float s = 0.5f;
    for (size_t i = lo; i < hi; i++)
        a[i] = b[i] + s * c[i];
}

static void *triad_thread(void *argument)
{
    triad_member *m = argument;
    triad_team *t = m->team;
    for (int pass = 0;; pass++) {
        pthread_barrier_wait(&t->start);
        if (t->stop)
            return NULL;
        triad_slice(t, m->index, pass == 0);
        pthread_barrier_wait(&t->done);
    }
}

/* One pass a = b + s c over all n floats; ms.  The first pass also touches
 * the arrays (call it once untimed). */
static double triad_pass(triad_team *t, int first)
{
    double start = bench_now_ms();
    pthread_barrier_wait(&t->start);
    triad_slice(t, 0, first);
    pthread_barrier_wait(&t->done);
    return bench_now_ms() - start;
}

static int triad_start(triad_team *t, size_t n, int threads)
{
    memset(t, 0, sizeof *t);
    t->n = n;
    t->threads = threads < 1 ? 1 : threads > TRIAD_MAX_THREADS ? TRIAD_MAX_THREADS : threads;
    t->a = malloc(n * sizeof(float));
    t->b = malloc(n * sizeof(float));
    t->c = malloc(n * sizeof(float));
    if (!t->a || !t->b || !t->c)
        return -1;
    if (pthread_barrier_init(&t->start, NULL, (unsigned)t->threads) != 0
        || pthread_barrier_init(&t->done, NULL, (unsigned)t->threads) != 0)
        return -1;
    for (int i = 1; i < t->threads; i++) {
        t->members[i] = (triad_member){ t, i };
        if (pthread_create(&t->ids[i], NULL, triad_thread, &t->members[i]) != 0)
            return -1;      /* a partial team would deadlock: the child exits */
        t->started++;
    }
    triad_pass(t, 1);
    return 0;
}

static void triad_stop(triad_team *t)
{
    t->stop = 1;
    pthread_barrier_wait(&t->start);
    for (int i = 1; i <= t->started; i++)
        pthread_join(t->ids[i], NULL);
    pthread_barrier_destroy(&t->start);
    pthread_barrier_destroy(&t->done);
    free(t->a);
    free(t->b);
    free(t->c);
}

/* ---- Cases ------------------------------------------------------------------------ */

typedef struct speed_case {
    int size, channels;
    fg_energy energy;
    fg_colour_mode colour;
    fg_solver solver;
} speed_case;

static const char *energy_name(fg_energy e) { return e == FG_ENERGY_TV ? "tv" : "tikhonov"; }
static const char *colour_name(fg_colour_mode c) { return c == FG_COLOUR_COUPLED ? "coupled" : "per_channel"; }

/* Runs in the child: prints one JSON line, returns the exit status. */
static int run_speed_case(const speed_case *sc, const bench_options *options)
{
    int w = sc->size, h = sc->size, ch = sc->channels;
    int threads = options->threads > 0 ? options->threads : fg_default_threads();
    size_t n = (size_t)w * (size_t)h * (size_t)ch;
    float *in = malloc(n * sizeof *in), *out = malloc(n * sizeof *out);
    if (!in || !out) {
        fprintf(stderr, "bench: out of memory\n");
        return 1;
    }
    bench_fill_image(in, w, h, ch, 7u);
    memcpy(out, in, n * sizeof *out);
    size_t baseline = bench_current_rss_bytes();

    fg_image vin = fg_image_make(in, w, h, ch, 0), vout = fg_image_make(out, w, h, ch, 0);
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.energy = sc->energy;
    p.colour = sc->colour;
    p.solver = sc->solver;
    p.auto_strength = 0;
    p.lambda = sc->energy == FG_ENERGY_TV ? 0.05 : 0.5;
    p.tolerance = 0.0;              /* always run the asked iterations */
    p.coarse_start = 0;             /* the kernel alone: a coarse start would run
                                       max_iterations at every coarser level too */
    p.threads = options->threads;
    fg_error err;
    /* Warm-up; the peak memory is read before the triad arrays exist. */
    for (int k = 0; k < 2; k++) {
        p.max_iterations = k ? ITER_HI : ITER_LO;
        if (fg_gradient_denoise(&vin, &vout, &p, NULL, &err) != FG_OK) {
            fprintf(stderr, "bench: %s\n", err.message);
            return 1;
        }
    }
    size_t peak = bench_peak_rss_bytes();
    double extra = peak > baseline ? (double)(peak - baseline) / ((double)n * sizeof(float)) : 0.0;

    triad_team team;
    if (triad_start(&team, n, threads) != 0) {
        fprintf(stderr, "bench: could not set up the triad\n");
        exit(1);
    }
    int repeats = options->repeats;
    double *lo = malloc((size_t)repeats * sizeof *lo), *hi = malloc((size_t)repeats * sizeof *hi);
    double *floors = malloc((size_t)repeats * 3 * sizeof *floors);
    if (!lo || !hi || !floors)
        return 1;
    for (int r = 0; r < repeats; r++) {      /* interleaved: the same load for all */
        for (int k = 0; k < 2; k++) {
            p.max_iterations = k ? ITER_HI : ITER_LO;
            double start = bench_now_ms();
            fg_gradient_denoise(&vin, &vout, &p, NULL, &err);
            (k ? hi : lo)[r] = bench_now_ms() - start;
        }
        for (int k = 0; k < 3; k++)
            floors[3 * r + k] = triad_pass(&team, 0);
    }
    triad_stop(&team);
    double per_iteration = (bench_median(hi, repeats) - bench_median(lo, repeats)) / (ITER_HI - ITER_LO);
    double floor_ms = bench_median(floors, 3 * repeats);
    printf("{\"op\":\"gradient_denoise\",\"model\":\"%s\",\"colour\":\"%s\",\"solver\":\"%s\","
           "\"width\":%d,\"height\":%d,\"channels\":%d,\"threads\":%d,"
           "\"ms_per_iteration\":%.3f,\"floor_ms\":%.3f,\"ratio\":%.2f,\"peak_extra_copies\":%.2f,"
           "\"ms_call_%d_iterations\":%.2f}\n",
           energy_name(sc->energy), colour_name(sc->colour), bench_solver_name(sc->solver), w, h, ch, threads,
           per_iteration, floor_ms, per_iteration / floor_ms, extra, ITER_HI, bench_median(hi, repeats));
    fflush(stdout);
    free(in);
    free(out);
    free(lo);
    free(hi);
    free(floors);
    return 0;
}

static int run_convergence_case(int size, int channels, double sigma, const bench_options *options)
{
    size_t n = (size_t)size * (size_t)size * (size_t)channels;
    float *clean = malloc(n * sizeof *clean), *noisy = malloc(n * sizeof *noisy), *out = malloc(n * sizeof *out);
    if (!clean || !noisy || !out)
        return 1;
    bench_scene(clean, size, size, channels, 0);
    bench_add_noise(clean, noisy, n, sigma, 2024u + (uint64_t)size);
    fg_image vin = fg_image_make(noisy, size, size, channels, 0);
    fg_image vout = fg_image_make(out, size, size, channels, 0);
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.threads = options->threads;
    fg_denoise_report report;
    fg_error err;
    double start = bench_now_ms();
    fg_status status = fg_gradient_denoise(&vin, &vout, &p, &report, &err);
    double ms = bench_now_ms() - start;
    if (status != FG_OK) {
        fprintf(stderr, "bench: %s\n", err.message);
        return 1;
    }
    printf("{\"op\":\"gradient_denoise_convergence\",\"model\":\"%s\",\"colour\":\"%s\",\"solver\":\"%s\","
           "\"width\":%d,\"height\":%d,\"channels\":%d,\"threads\":%d,\"sigma\":%.3f,\"sigma_estimate\":%.4f,"
           "\"lambda\":%.4f,\"iterations\":%d,\"converged\":%d,\"ms\":%.1f,"
           "\"psnr_before\":%.2f,\"psnr_after\":%.2f}\n",
           energy_name(p.energy), colour_name(p.colour), bench_solver_name(p.solver), size, size, channels,
           options->threads > 0 ? options->threads : fg_default_threads(), sigma,
           report.sigma, report.lambda, report.iterations, report.converged, ms,
           bench_psnr(clean, noisy, n), bench_psnr(clean, out, n));
    fflush(stdout);
    free(clean);
    free(noisy);
    free(out);
    return 0;
}

/* Runs fn in a forked child; returns non-zero if it failed. */
typedef struct child_job {
    const speed_case *speed;
    int size, channels;
    double sigma;
} child_job;

static int in_child(const child_job *job, const bench_options *options)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("bench: fork");
        return 1;
    }
    if (pid == 0)
        _exit(job->speed ? run_speed_case(job->speed, options)
                         : run_convergence_case(job->size, job->channels, job->sigma, options));
    int status = 0;
    if (waitpid(pid, &status, 0) < 0)
        return 1;
    return !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* BENCH_DENOISE_CASES (environment, for running a few cases by hand): a
 * comma-separated list of case names "SIZExCHANNELS-MODEL-COLOUR-SOLVER",
 * e.g. "4096x3-tv-coupled-accelerated"; prefixes match.  Unset: every case,
 * and the convergence cases; set: only the speed cases named. */
static int case_selected(const speed_case *sc, const char *only)
{
    if (!only)
        return 1;
    char name[96];
    snprintf(name, sizeof name, "%dx%d-%s-%s-%s", sc->size, sc->channels, energy_name(sc->energy),
             colour_name(sc->colour), bench_solver_name(sc->solver));
    for (const char *p = only; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > 0 && len <= strlen(name) && strncmp(name, p, len) == 0)
            return 1;
        p += len + (end != NULL);
    }
    return 0;
}

int bench_gradient_denoise(const bench_options *options)
{
    static const int sizes[] = { 512, 1024, 2048, 4096 };
    const char *only = getenv("BENCH_DENOISE_CASES");
    int failed = 0;
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        if (sizes[s] > options->max_size || (sizes[s] == 1024 && !only))
            continue;       /* 1024 (1 MP, the preview's size) only when named */
        for (int ch = 1; ch <= 3; ch += 2)
            for (int model = 0; model < 2; model++)
                for (int colour = 0; colour < 2; colour++) {
                    fg_energy energy = model ? FG_ENERGY_TV : FG_ENERGY_TIKHONOV;
                    fg_colour_mode mode = colour ? FG_COLOUR_COUPLED : FG_COLOUR_PER_CHANNEL;
                    /* Coupling only exists for TV on colour images. */
                    if (mode == FG_COLOUR_COUPLED && (ch == 1 || energy != FG_ENERGY_TV))
                        continue;
                    static const fg_solver solvers[] = { FG_SOLVER_ACCELERATED, FG_SOLVER_PLAIN,
                                                         FG_SOLVER_PRIMAL_DUAL };
                    for (int solver = 0; solver < 3; solver++) {
                        if (solvers[solver] == FG_SOLVER_PRIMAL_DUAL && energy != FG_ENERGY_TV)
                            continue;       /* auto picks the accelerated solver for Tikhonov */
                        speed_case sc = { sizes[s], ch, energy, mode, solvers[solver] };
                        if (!case_selected(&sc, only))
                            continue;
                        child_job job = { &sc, 0, 0, 0.0 };
                        failed |= in_child(&job, options);
                    }
                }
    }
    if (only)
        return failed;
    static const int conv_sizes[] = { 512, 2048 };
    static const double sigmas[] = { 0.1, 0.05 };
    for (size_t s = 0; s < 2; s++) {
        if (conv_sizes[s] > options->max_size)
            continue;
        for (int ch = 1; ch <= 3; ch += 2)
            for (size_t k = 0; k < 2; k++) {
                child_job job = { NULL, conv_sizes[s], ch, sigmas[k] };
                failed |= in_child(&job, options);
            }
    }
    return failed;
}
