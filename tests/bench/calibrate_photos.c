/* calibrate_photos.c — the automatic strength on real photographs: for each
 * photo, noise level and model, the PSNR-best lambda of fg_gradient_denoise
 * against what the automatic strength picks, and the fit of the rule in
 * core/src/denoise_params.c (README, "Automatic strength").
 *
 *   calibrate_photos [--threads N] [--crop N] [--sigmas S1,S2,..] [--models tv,tikhonov] [--fit] FILE.ppm|FILE.pgm ...
 *   calibrate_photos --estimate [--sigmas ..] FILE ...
 *   calibrate_photos --check FILE ...
 *
 * --poisson A,B compares, per photo and model, the automatic strength with
 * noise = FG_NOISE_UNIFORM and FG_NOISE_SIGNAL_DEPENDENT on Poisson-Gaussian
 * noise of variance A x + B (seeded, clipped to 0..1): PSNR of each.
 *
 * --estimate measures only the noise estimate: per photo and sigma (noise
 * made as below) fg_noise_estimate / true sigma, and that of the clean photo
 * (its own noise and texture), then per sigma the mean and worst error.
 *
 * Every case: the photo (8-bit PPM or PGM, 0..1; --crop N: its centre N x N,
 * default 256, 0 = whole) plus seeded Gaussian noise
 * of sigma S/255, clipped to 0..1 as a camera would (the seed depends on the
 * file name and S only); the noise estimate of the noisy image
 * (fg_noise_estimate); a golden-section search over log lambda for the best
 * PSNR (lambda to within 4%; coupled TV, eps 0.01, or Tikhonov; primal-dual
 * for TV, accelerated for Tikhonov, stopped at a relative duality gap of
 * 1e-4, which the README's bench puts within 0.12 dB of the minimiser's PSNR,
 * the same way for every lambda); and the PSNR of the automatic strength (fg_auto_lambda_colour of the
 * estimate, the compiled-in rule).  One JSON line per case, then per model
 * and sigma the mean and worst loss of the automatic strength against the
 * best (dB).
 *
 * The automatic strength is fg_denoise_auto_lambda (the compiled-in texture
 * rule); the rule of sigma alone (fg_auto_lambda_colour) is shown next to it
 * ("loss_sigma_only_db", summary "sigma_only").
 *
 * --fit also fits the rule the library uses,
 *     lambda = R(sigma_est) K sigma_est^Q tau^S
 * where R is the synthetic-scene rule (fg/gradient_denoise.h: TV
 * sigma (A + B eps) C^G, Tikhonov T sigma^P), tau the texture measure of the
 * noisy image (fg/texture_estimate.h) and K, Q, S come from least squares
 * of log(best lambda / R) on log sigma_est and log tau over the cases, and
 * prints K, Q, S and the losses the fitted rule would have (one more solve
 * per case; cases whose tau is NAN are left out of the fit).
 * Use the calibration photos (tests/data/photos) for --fit, never the
 * independent check images.
 *
 * --check (a test: the calibration reproduces the compiled rule) does the
 * searches and the fit, writes the JSON lines to stderr and prints TAP: per
 * model, K, Q and S of the fit against the constants compiled into the
 * library (FG_AUTO_TEXTURE_*), equal to CHECK_DIGITS (as documented).
 * Built with zlib, FILE may also be an 8-bit PNG (tests/data/photos). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "calibrate_util.h"
#include "fg/gradient_denoise.h"
#include "fg/texture_estimate.h"
#ifdef CALIBRATE_PNG
#include "../core/png_io.h"
#endif

#define MAX_CASES 1024
#define MAX_SIGMAS 16
#define MAX_FILES 256
#define CHECK_DIGITS 4      /* the constants' decimals in fg/gradient_denoise.h */

typedef struct photo_case {
    const char *name;
    fg_energy energy;
    int sigma255, channels;
    double sigma_est, texture, best_lambda, best_psnr, auto_lambda, auto_psnr, noisy_psnr, sigma_only_psnr;
} photo_case;

static int threads = 0, crop = 256;
static FILE *json;          /* where the JSON lines go: stdout, or stderr with --check */

typedef struct photo {
    float *clean, *noisy, *out;
    int width, height, channels;
    size_t n;
} photo;

static double psnr_mode(const photo *ph, fg_energy energy, double lambda, fg_noise_mode noise)
{
    fg_image in = fg_image_make(ph->noisy, ph->width, ph->height, ph->channels, 0);
    fg_image result = fg_image_make(ph->out, ph->width, ph->height, ph->channels, 0);
    fg_denoise_params p = calib_solve_params(energy, threads);
    p.auto_strength = lambda < 0.0;
    p.lambda = lambda < 0.0 ? 0.0 : lambda;
    p.noise = noise;
    fg_error err;
    if (fg_gradient_denoise(&in, &result, &p, NULL, &err) != FG_OK) {
        fprintf(stderr, "calibrate_photos: %s\n", err.message);
        exit(1);
    }
    return bench_psnr(ph->clean, ph->out, ph->n);
}

/* lambda < 0: the automatic strength. */
static double psnr_at(const photo *ph, fg_energy energy, double lambda)
{
    return psnr_mode(ph, energy, lambda, FG_NOISE_UNIFORM);
}

typedef struct search_context {
    const photo *ph;
    fg_energy energy;
} search_context;

static double search_objective(void *context, double lambda)
{
    const search_context *sc = context;
    return psnr_at(sc->ph, sc->energy, lambda);
}

/* The PSNR maximum over log lambda in [lo, hi] (golden-section search). */
static void search(const photo *ph, photo_case *pc, double lo, double hi)
{
    search_context sc = { ph, pc->energy };
    pc->best_lambda = calib_golden_search(search_objective, &sc, lo, hi, CALIB_PHOTO_LOG_WIDTH, &pc->best_psnr);
}

/* Poisson-Gaussian noise of variance a x + b, seeded, clipped to 0..1. */
static void make_poisson(photo *ph, double a, double b)
{
    uint64_t state = 77;
    for (size_t i = 0; i < ph->n; i++) {
        double x = ph->clean[i], v = x + sqrt(a * x + b) * bench_gauss(&state);
        ph->noisy[i] = calib_clip_unit(v);
    }
}

/* Seeded noise, clipped to 0..1. */
static void make_noisy(photo *ph, const char *name, int sigma255)
{
    bench_add_noise(ph->clean, ph->noisy, ph->n, sigma255 / 255.0, calib_name_seed(name) + (uint64_t)sigma255);
    for (size_t i = 0; i < ph->n; i++)
        ph->noisy[i] = calib_clip_unit(ph->noisy[i]);
}

/* The photo's name in the JSON lines and the noise seed: its file name,
 * with a PNG's ".png" read as ".ppm", so that a PNG of tests/data/photos
 * gives the same cases as the PPM converted from it (README's commands). */
static void case_name(const char *path, char name[static 256])
{
    const char *base = calib_base_name(path);
    size_t length = strlen(base);
    snprintf(name, 256, "%s", base);
    if (length > 4 && length < 256 && !strcmp(base + length - 4, ".png"))
        memcpy(name + length - 4, ".ppm", 4);
}

/* The synthetic-scene rule R(sigma) (coupled colour). */
static double synthetic_rule(fg_energy energy, int channels, double sigma)
{
    double eps = FG_DENOISE_DEFAULT_EPSILON;
    if (energy == FG_ENERGY_TIKHONOV)
        return FG_AUTO_TIKHONOV_T * pow(sigma, FG_AUTO_TIKHONOV_P);
    return sigma * (FG_AUTO_TV_A + FG_AUTO_TV_B * eps) * pow((double)channels, FG_AUTO_TV_G);
}

/* Mean and worst loss per model and sigma of `loss` (best - other). */
static void summary(const char *label, const photo_case *cases, const double *loss, int n,
                    const int *sigmas, int n_sigmas)
{
    for (int m = 0; m < 2; m++)
        for (int s = 0; s < n_sigmas; s++) {
            double sum = 0.0, worst = 0.0;
            int count = 0;
            const char *worst_name = "";
            for (int i = 0; i < n; i++)
                if ((int)cases[i].energy == m && cases[i].sigma255 == sigmas[s]) {
                    sum += loss[i];
                    count++;
                    if (loss[i] > worst) { worst = loss[i]; worst_name = cases[i].name; }
                }
            if (count)
                fprintf(json, "{\"summary\":\"%s\",\"model\":\"%s\",\"sigma\":%d,\"photos\":%d,"
                       "\"loss_mean_db\":%.3f,\"loss_worst_db\":%.3f,\"worst\":\"%s\"}\n",
                       label, calib_model_name((fg_energy)m), sigmas[s], count, sum / count, worst, worst_name);
        }
}

/* The photo (its centre crop x crop), with room for the noisy copy and the result. */
static int load(photo *ph, const char *path)
{
    int w, h, c = 3;
    size_t length = strlen(path);
    float *full;
#ifdef CALIBRATE_PNG
    if (length > 4 && !strcmp(path + length - 4, ".png"))
        full = png_read(path, &w, &h);
    else
#endif
        full = bench_read_pnm(path, &w, &h, &c);
    (void)length;
    if (!full) {
        fprintf(stderr, "calibrate_photos: cannot read %s as an 8-bit PPM, PGM or PNG\n", path);
        return 0;
    }
    int x0, y0, cw, ch;
    calib_centre_crop(w, h, crop, &x0, &y0, &cw, &ch);
    ph->width = cw;
    ph->height = ch;
    ph->channels = c;
    ph->n = (size_t)cw * (size_t)ch * (size_t)c;
    ph->clean = calib_copy_crop(full, w, c, x0, y0, cw, ch);
    ph->noisy = malloc(ph->n * sizeof *ph->noisy);
    ph->out = malloc(ph->n * sizeof *ph->out);
    if (!ph->noisy || !ph->out)
        exit(1);
    free(full);
    return 1;
}

static void unload(photo *ph)
{
    free(ph->clean);
    free(ph->noisy);
    free(ph->out);
}

int main(int argc, char **argv)
{
    int sigmas[MAX_SIGMAS] = { 10, 17, 25, 35, 50 }, n_sigmas = 5, fit = 0, use[2] = { 1, 1 }, estimate = 0;
    int check = 0;
    double poisson[2] = { -1.0, 0.0 };
    int first_file = argc;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--crop") && i + 1 < argc) crop = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--sigmas") && i + 1 < argc)
            n_sigmas = calib_parse_sigmas(argv[++i], sigmas, MAX_SIGMAS);
        else if (!strcmp(argv[i], "--models") && i + 1 < argc)
            calib_parse_models(argv[++i], use);
        else if (!strcmp(argv[i], "--fit")) fit = 1;
        else if (!strcmp(argv[i], "--check")) fit = check = 1;
        else if (!strcmp(argv[i], "--estimate")) estimate = 1;
        else if (!strcmp(argv[i], "--poisson") && i + 1 < argc) {
            if (sscanf(argv[++i], "%lf,%lf", &poisson[0], &poisson[1]) != 2 || poisson[0] < 0.0) return 2;
        }
        else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: calibrate_photos [--threads N] [--sigmas S1,S2,..] "
                            "[--models tv,tikhonov] [--fit | --check] FILE.ppm ...\n");
            return 2;
        } else { first_file = i; break; }
    }
    json = check ? stderr : stdout;
    static char names[MAX_FILES][256];
    if (argc - first_file > MAX_FILES) {
        fprintf(stderr, "calibrate_photos: at most %d photos\n", MAX_FILES);
        return 2;
    }
    for (int f = first_file; f < argc; f++)
        case_name(argv[f], names[f - first_file]);
    if (check && (estimate || poisson[0] >= 0.0 || first_file >= argc)) {
        fprintf(stderr, "calibrate_photos: --check takes photos and no --estimate or --poisson\n");
        return 2;
    }
    static photo_case cases[MAX_CASES];
    static double loss[MAX_CASES], sigma_only_loss[MAX_CASES];
    int n = 0;
    double ratio_sum[MAX_SIGMAS] = { 0 }, ratio_worst[MAX_SIGMAS] = { 0 };
    int ratio_count[MAX_SIGMAS] = { 0 };
    for (int f = first_file; f < argc; f++) {
        photo ph;
        if (!load(&ph, argv[f]))
            return 1;
        if (poisson[0] >= 0.0) {
            make_poisson(&ph, poisson[0], poisson[1]);
            fg_noise_model model;
            fg_image in = fg_image_make(ph.noisy, ph.width, ph.height, ph.channels, 0);
            fg_error e;
            if (fg_noise_model_estimate(&in, threads, &model, &e) != FG_OK)
                return 1;
            for (int m = 0; m < 2; m++) {
                if (!use[m])
                    continue;
                double uniform = psnr_mode(&ph, (fg_energy)m, -1.0, FG_NOISE_UNIFORM);
                double dependent = psnr_mode(&ph, (fg_energy)m, -1.0, FG_NOISE_SIGNAL_DEPENDENT);
                fprintf(json, "{\"photo\":\"%s\",\"model\":\"%s\",\"a\":%g,\"b\":%g,\"fitted_a\":%.5f,"
                       "\"fitted_b\":%.3g,\"psnr_noisy\":%.2f,\"psnr_uniform\":%.3f,\"psnr_signal_dependent\":%.3f,"
                       "\"gain_db\":%.3f}\n", names[f - first_file], calib_model_name((fg_energy)m), poisson[0],
                       poisson[1], model.a, model.b, bench_psnr(ph.clean, ph.noisy, ph.n), uniform, dependent,
                       dependent - uniform);
                fflush(stdout);
            }
            unload(&ph);
            continue;
        }
        fg_error err;
        double clean_est = 0.0;
        fg_image clean_view = fg_image_make(ph.clean, ph.width, ph.height, ph.channels, 0);
        if (estimate && fg_noise_estimate_threads(&clean_view, threads, &clean_est, &err) != FG_OK)
            return 1;
        for (int s = 0; s < n_sigmas; s++) {
            make_noisy(&ph, names[f - first_file], sigmas[s]);
            fg_image in = fg_image_make(ph.noisy, ph.width, ph.height, ph.channels, 0);
            double sigma_est = 0.0;
            if (fg_noise_estimate_threads(&in, threads, &sigma_est, &err) != FG_OK) {
                fprintf(stderr, "calibrate_photos: %s\n", err.message);
                return 1;
            }
            if (estimate) {
                double ratio = 255.0 * sigma_est / sigmas[s];
                fprintf(json, "{\"photo\":\"%s\",\"sigma\":%d,\"sigma_est\":%.3f,\"ratio\":%.4f,\"clean_est\":%.3f}\n",
                       names[f - first_file], sigmas[s], 255.0 * sigma_est, ratio, 255.0 * clean_est);
                ratio_sum[s] += fabs(ratio - 1.0);
                ratio_worst[s] = fmax(ratio_worst[s], fabs(ratio - 1.0));
                ratio_count[s]++;
                continue;
            }
            for (int m = 0; m < 2; m++) {
                if (!use[m] || n >= MAX_CASES)
                    continue;
                photo_case *pc = &cases[n++];
                pc->name = names[f - first_file];
                pc->energy = (fg_energy)m;
                pc->sigma255 = sigmas[s];
                pc->channels = ph.channels;
                pc->sigma_est = sigma_est;
                pc->noisy_psnr = bench_psnr(ph.clean, ph.noisy, ph.n);
                double centre = synthetic_rule(pc->energy, ph.channels, sigmas[s] / 255.0);
                if (m == FG_ENERGY_TV)
                    search(&ph, pc, 0.12 * centre, 3.0 * centre);
                else
                    search(&ph, pc, 0.03 * centre, 3.0 * centre);
                fg_denoise_params ap;
                fg_denoise_params_init(&ap);
                ap.energy = pc->energy;
                ap.threads = threads;
                double auto_sigma;
                if (fg_denoise_auto_lambda(&in, &ap, &pc->auto_lambda, &auto_sigma, &pc->texture, &err) != FG_OK) {
                    fprintf(stderr, "calibrate_photos: %s\n", err.message);
                    return 1;
                }
                pc->auto_psnr = psnr_at(&ph, pc->energy, pc->auto_lambda);
                loss[n - 1] = pc->best_psnr - pc->auto_psnr;
                /* the rule of sigma alone, for comparison */
                pc->sigma_only_psnr = psnr_at(&ph, pc->energy,
                                              fg_auto_lambda_colour(pc->energy, FG_COLOUR_COUPLED, ph.channels,
                                                                    sigma_est, FG_DENOISE_DEFAULT_EPSILON));
                sigma_only_loss[n - 1] = pc->best_psnr - pc->sigma_only_psnr;
                fprintf(json, "{\"photo\":\"%s\",\"channels\":%d,\"model\":\"%s\",\"sigma\":%d,\"sigma_est\":%.3f,"
                       "\"texture\":%.4f,\"psnr_noisy\":%.2f,\"best_lambda\":%.5g,\"best_over_synthetic\":%.4f,"
                       "\"psnr_best\":%.3f,\"auto_lambda\":%.5g,\"psnr_auto\":%.3f,\"loss_db\":%.3f,"
                       "\"loss_sigma_only_db\":%.3f}\n",
                       pc->name, ph.channels, calib_model_name(pc->energy), pc->sigma255, 255.0 * sigma_est,
                       pc->texture, pc->noisy_psnr, pc->best_lambda,
                       pc->best_lambda / synthetic_rule(pc->energy, ph.channels, sigma_est), pc->best_psnr,
                       pc->auto_lambda, pc->auto_psnr, loss[n - 1], sigma_only_loss[n - 1]);
                fflush(stdout);
            }
        }
        unload(&ph);
    }
    for (int s = 0; estimate && s < n_sigmas; s++)
        if (ratio_count[s])
            fprintf(json, "{\"summary\":\"estimate\",\"sigma\":%d,\"photos\":%d,\"mean_abs_error\":%.4f,"
                   "\"worst_abs_error\":%.4f}\n", sigmas[s], ratio_count[s], ratio_sum[s] / ratio_count[s],
                   ratio_worst[s]);
    if (estimate || poisson[0] >= 0.0)
        return 0;
    summary("sigma_only", cases, sigma_only_loss, n, sigmas, n_sigmas);
    summary("automatic", cases, loss, n, sigmas, n_sigmas);
    double fitted_k[2] = { 1, 1 }, fitted_q[2] = { 0, 0 }, fitted_s[2] = { 0, 0 };
    int have_fit[2] = { 0, 0 };
    for (int m = 0; fit && m < 2; m++) {
        /* log(best / R(sigma_est)) = log K + Q log sigma_est + S log tau,
         * least squares (normal equations, 3 x 3). */
        double a[3][4] = { { 0 } };
        int count = 0;
        for (int i = 0; i < n; i++)
            if ((int)cases[i].energy == m && cases[i].sigma_est > 0.0 && isfinite(cases[i].texture)) {
                double x[3] = { 1.0, log(cases[i].sigma_est), log(cases[i].texture) };
                double y = log(cases[i].best_lambda
                               / synthetic_rule(cases[i].energy, cases[i].channels, cases[i].sigma_est));
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 3; c++)
                        a[r][c] += x[r] * x[c];
                    a[r][3] += x[r] * y;
                }
                count++;
            }
        if (count < 3)
            continue;
        /* Gaussian elimination with partial pivoting */
        int singular = 0;
        for (int col = 0; col < 3; col++) {
            int piv = col;
            for (int r = col + 1; r < 3; r++)
                if (fabs(a[r][col]) > fabs(a[piv][col])) piv = r;
            for (int c = 0; c < 4; c++) { double t = a[col][c]; a[col][c] = a[piv][c]; a[piv][c] = t; }
            if (fabs(a[col][col]) < 1e-12) { singular = 1; break; }
            for (int r = 0; r < 3; r++)
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int c = col; c < 4; c++)
                        a[r][c] -= f * a[col][c];
                }
        }
        if (singular)
            continue;
        double log_k = a[0][3] / a[0][0], q = a[1][3] / a[1][1], sl = a[2][3] / a[2][2];
        double rms = 0.0;
        for (int i = 0; i < n; i++)
            if ((int)cases[i].energy == m && cases[i].sigma_est > 0.0 && isfinite(cases[i].texture)) {
                double y = log(cases[i].best_lambda
                               / synthetic_rule(cases[i].energy, cases[i].channels, cases[i].sigma_est));
                double e = y - log_k - q * log(cases[i].sigma_est) - sl * log(cases[i].texture);
                rms += e * e;
            }
        fprintf(json, "{\"fit\":\"%s\",\"cases\":%d,\"K\":%.4f,\"Q\":%.4f,\"S\":%.4f,\"rms_log\":%.4f,"
               "\"rule\":\"lambda = R(sigma_est) K sigma_est^Q tau^S\"}\n",
               calib_model_name((fg_energy)m), count, exp(log_k), q, sl, sqrt(rms / count));
        fitted_k[m] = exp(log_k);
        fitted_q[m] = q;
        fitted_s[m] = sl;
        have_fit[m] = 1;
    }
    if (check) {
        double compiled[2][3];       /* indexed by fg_energy */
        compiled[FG_ENERGY_TV][0] = FG_AUTO_TEXTURE_TV_K;
        compiled[FG_ENERGY_TV][1] = FG_AUTO_TEXTURE_TV_Q;
        compiled[FG_ENERGY_TV][2] = FG_AUTO_TEXTURE_TV_S;
        compiled[FG_ENERGY_TIKHONOV][0] = FG_AUTO_TEXTURE_TIKHONOV_K;
        compiled[FG_ENERGY_TIKHONOV][1] = FG_AUTO_TEXTURE_TIKHONOV_Q;
        compiled[FG_ENERGY_TIKHONOV][2] = FG_AUTO_TEXTURE_TIKHONOV_S;
        const char *names[3] = { "K", "Q", "S" };
        double scale = pow(10.0, CHECK_DIGITS);
        int test = 0, failed = 0;
        printf("1..6\n");
        for (int m = 0; m < 2; m++)
            for (int k = 0; k < 3; k++) {
                double got = k == 0 ? fitted_k[m] : k == 1 ? fitted_q[m] : fitted_s[m];
                int same = have_fit[m] && round(got * scale) == round(compiled[m][k] * scale);
                failed += !same;
                printf("%s %d - %s %s: the fit on %d photos gives %.*f, the library has %.*f\n", same ? "ok" : "not ok",
                       ++test, calib_model_name((fg_energy)m), names[k], argc - first_file, CHECK_DIGITS + 2, got,
                       CHECK_DIGITS, compiled[m][k]);
            }
        return failed ? 1 : 0;
    }
    /* The fitted rule's losses: one more solve per case. */
    if (fit && (have_fit[0] || have_fit[1])) {
        int i = 0;
        for (int f = first_file; f < argc; f++) {
            photo ph;
            if (!load(&ph, argv[f]))
                return 1;
            for (int s = 0; s < n_sigmas; s++) {
                make_noisy(&ph, names[f - first_file], sigmas[s]);
                for (int m = 0; m < 2; m++) {
                    if (!use[m] || i >= n)
                        continue;
                    photo_case *pc = &cases[i];
                    double lambda = have_fit[m] ? synthetic_rule(pc->energy, pc->channels, pc->sigma_est)
                                                      * fitted_k[m] * pow(pc->sigma_est, fitted_q[m])
                                                      * pow(pc->texture, fitted_s[m])
                                                : pc->auto_lambda;
                    loss[i++] = pc->best_psnr - psnr_at(&ph, pc->energy, lambda);
                }
            }
            unload(&ph);
        }
        summary("fitted", cases, loss, n, sigmas, n_sigmas);
    }
    return 0;
}
