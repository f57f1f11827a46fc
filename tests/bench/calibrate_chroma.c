/* calibrate_chroma.c — the luma-chroma colour space of Gradient Denoise on
 * photographs (fg/gradient_denoise.h, "Luma and chroma"): for each photo,
 * noise kind, level and model, the PSNR-best chroma strength against the
 * rule, the fit of the chroma rule's constants, and the PSNR of the
 * automatic luma-chroma solve against the automatic RGB solve (README,
 * "Luma and chroma").
 *
 *   calibrate_chroma [--threads N] [--crop N] [--sigmas S1,S2,..] [--models tv,tikhonov]
 *                    [--kinds rgb,chroma2] [--fit] FILE.png ...
 *   calibrate_chroma --figure OUT.png X,Y,SIZE,SIGMA FILE.png
 *
 * Every case: the photo (8-bit PNG, 0..1; --crop N: its centre N x N, default
 * 256, 0 = whole) plus seeded Gaussian noise of one of two kinds, clipped
 * to 0..1 as a camera would (the seed depends on the file name, the kind
 * and S only):
 *   rgb      independent noise of sigma S/255 in R, G and B (so also in Y,
 *            C1 and C2: the rotation is orthonormal);
 *   chroma2  noise of sigma S/255 in Y and 2 S/255 in C1 and C2 (made in the
 *            opponent space and rotated back): colour noise stronger than
 *            brightness noise, as camera raw files after demosaicing have.
 * Then the noise estimates of Y and of (C1, C2) (fg_noise_estimate_luma_chroma);
 * golden-section searches over log lambda_chroma for the best PSNR of the
 * chroma channels alone and over log lambda for that of luma alone -- together
 * the best PSNR of the whole result, because the squared error splits into
 * that of Y plus that of (C1, C2) -- each to within 4% (coupled TV, eps 0.01, or Tikhonov; primal-dual
 * for TV, accelerated for Tikhonov, stopped at a relative duality gap of
 * 1e-4, the way calibrate_photos.c does); and the PSNR of three whole solves
 * with automatic strengths: RGB (today's default), luma-chroma with the
 * compiled-in rules, and luma-chroma with the best strengths; and the PSNR
 * of RGB at its own best lambda (a third search).  One JSON
 * line per case, then per model, kind and sigma the mean and the range of
 * the gain of luma-chroma over RGB (dB): automatic against automatic, best
 * against automatic, best against best, automatic against best.
 *
 * --fit also fits the luma and the chroma rule
 *     lambda = R1(sigma_luma) K_Y sigma_luma^Q_Y,  lambda_chroma = R2(sigma_chroma) K_C sigma_chroma^Q_C,
 * Rn = fg_auto_lambda_colour(energy, coupled, n channels, sigma, eps), by
 * least squares of log(best / Rn) on log sigma over the cases, and prints
 * K, Q of each and the gains the fitted rules would have (one more solve per
 * case).  Use the calibration photos (tests/data/photos) for --fit, never
 * the independent check images.
 *
 * --figure writes one PNG of four SIZE x SIZE crops at (X, Y) of the photo,
 * side by side and doubled: clean, with chroma2 noise of SIGMA, RGB coupled
 * TV (automatic) and luma-chroma coupled TV (automatic). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "calibrate_util.h"
#include "fg/gradient_denoise.h"
#include "../core/png_io.h"

#define MAX_CASES 2048
#define MAX_SIGMAS 16

enum { KIND_RGB, KIND_CHROMA2, KINDS };
static const char *kind_names[KINDS] = { "rgb", "chroma2" };

typedef struct photo {
    float *clean, *noisy, *out;
    float *clean_c, *noisy_c, *out_c;   /* the chroma pair of clean and noisy, and a result */
    float *clean_y, *noisy_y, *out_y;   /* the same for luma */
    int width, height;
    size_t pixels;
} photo;

typedef struct chroma_case {
    const char *name;
    fg_energy energy;
    int kind, sigma255;
    double sigma_luma, sigma_chroma, best_luma, best, psnr_rgb, psnr_lc, psnr_lc_best, psnr_rgb_best;
    double tau_luma, tau_chroma;        /* fg_texture_estimate of Y at sigma_luma, of (C1, C2) at sigma_chroma */
} chroma_case;

static int threads = 0, crop = 256;

static void run(const fg_image *in, const fg_image *out, const fg_denoise_params *p, fg_denoise_report *rep)
{
    fg_error err;
    if (fg_gradient_denoise(in, out, p, rep, &err) != FG_OK) {
        fprintf(stderr, "calibrate_chroma: %s\n", err.message);
        exit(1);
    }
}

/* PSNR of the chroma channels (chroma != 0) or of luma alone (peak 1), solved with lambda. */
static double part_psnr(const photo *ph, int chroma, fg_energy energy, double lambda)
{
    int ch = chroma ? 2 : 1;
    fg_image in = fg_image_make(chroma ? ph->noisy_c : ph->noisy_y, ph->width, ph->height, ch, 0);
    fg_image out = fg_image_make(chroma ? ph->out_c : ph->out_y, ph->width, ph->height, ch, 0);
    fg_denoise_params p = calib_solve_params(energy, threads);
    p.auto_strength = 0;
    p.lambda = lambda;
    run(&in, &out, &p, NULL);
    return bench_psnr(chroma ? ph->clean_c : ph->clean_y, chroma ? ph->out_c : ph->out_y, (size_t)ch * ph->pixels);
}

/* PSNR of a whole solve: RGB (space RGB) or luma-chroma, automatic
 * strengths; lambda_luma, lambda_chroma >= 0 fix a strength. */
static double whole_psnr(const photo *ph, fg_energy energy, fg_colour_space space, double lambda_luma,
                         double lambda_chroma, fg_denoise_report *rep)
{
    fg_image in = fg_image_make(ph->noisy, ph->width, ph->height, 3, 0);
    fg_image out = fg_image_make(ph->out, ph->width, ph->height, 3, 0);
    fg_denoise_params p = calib_solve_params(energy, threads);
    p.colour_space = space;
    if (lambda_luma >= 0.0) {
        p.auto_strength = 0;
        p.lambda = lambda_luma;
    }
    if (lambda_chroma >= 0.0) {
        p.auto_chroma_strength = 0;
        p.lambda_chroma = lambda_chroma;
    }
    run(&in, &out, &p, rep);
    return bench_psnr(ph->clean, ph->out, 3 * ph->pixels);
}

/* The rules the corrections multiply: for 1 (luma) and 2 (chroma) channels. */
static double rule_n(fg_energy energy, int channels, double sigma)
{
    return fg_auto_lambda_colour(energy, FG_COLOUR_COUPLED, channels, sigma, FG_DENOISE_DEFAULT_EPSILON);
}

/* PSNR of an RGB solve with lambda (chroma < 0 below: the whole RGB image). */
static double rgb_psnr(const photo *ph, fg_energy energy, double lambda)
{
    return whole_psnr(ph, energy, FG_COLOUR_SPACE_RGB, lambda, -1.0, NULL);
}

typedef struct search_context {
    const photo *ph;
    int chroma;
    fg_energy energy;
} search_context;

static double objective(void *context, double lambda)
{
    const search_context *sc = context;
    return sc->chroma < 0 ? rgb_psnr(sc->ph, sc->energy, lambda) : part_psnr(sc->ph, sc->chroma, sc->energy, lambda);
}

/* The lambda of the best PSNR of a part (chroma 1, luma 0, RGB -1) over log
 * lambda in [lo, hi] (golden-section search). */
static double search(const photo *ph, int chroma, fg_energy energy, double lo, double hi)
{
    search_context sc = { ph, chroma, energy };
    return calib_golden_search(objective, &sc, lo, hi, CALIB_PHOTO_LOG_WIDTH, NULL);
}

static void chroma_of(const float *rgb, float *luma, float *chroma, size_t pixels)
{
    for (size_t i = 0; i < pixels; i++) {
        double v[3] = { rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2] }, o[3];
        fg_rgb_to_luma_chroma(v, o);
        luma[i] = (float)o[0];
        chroma[2 * i] = (float)o[1];
        chroma[2 * i + 1] = (float)o[2];
    }
}

/* Seeded noise of the kind, clipped to 0..1; then the chroma pair. */
static void make_noisy(photo *ph, const char *name, int kind, int sigma255)
{
    uint64_t state = calib_name_seed(name);
    state += (uint64_t)sigma255 * 7919u + (uint64_t)kind * 104729u;
    double s = sigma255 / 255.0, chroma = kind == KIND_CHROMA2 ? 2.0 * s : s;
    for (size_t i = 0; i < ph->pixels; i++) {
        double n[3] = { s * bench_gauss(&state), chroma * bench_gauss(&state), chroma * bench_gauss(&state) }, d[3];
        fg_luma_chroma_to_rgb(n, d);
        for (int c = 0; c < 3; c++) {
            double v = ph->clean[3 * i + c] + d[c];
            ph->noisy[3 * i + c] = calib_clip_unit(v);
        }
    }
    chroma_of(ph->noisy, ph->noisy_y, ph->noisy_c, ph->pixels);
}

/* The photo (its centre crop x crop, or the x0, y0, size crop), with room for the rest. */
static int load(photo *ph, const char *path, int x0, int y0, int size)
{
    int w, h;
    float *full = png_read(path, &w, &h);
    if (!full) {
        fprintf(stderr, "calibrate_chroma: cannot read %s as an 8-bit PNG\n", path);
        return 0;
    }
    int cw, ch;
    if (size > 0) {
        cw = ch = size;
        if (x0 < 0 || y0 < 0 || x0 + size > w || y0 + size > h) {
            fprintf(stderr, "calibrate_chroma: the crop is outside the %dx%d photo\n", w, h);
            return 0;
        }
    } else
        calib_centre_crop(w, h, crop, &x0, &y0, &cw, &ch);
    ph->width = cw;
    ph->height = ch;
    ph->pixels = (size_t)cw * (size_t)ch;
    ph->clean = calib_copy_crop(full, w, 3, x0, y0, cw, ch);
    ph->noisy = malloc(ph->pixels * 3 * sizeof(float));
    ph->out = malloc(ph->pixels * 3 * sizeof(float));
    ph->clean_c = malloc(ph->pixels * 2 * sizeof(float));
    ph->noisy_c = malloc(ph->pixels * 2 * sizeof(float));
    ph->out_c = malloc(ph->pixels * 2 * sizeof(float));
    ph->clean_y = malloc(ph->pixels * sizeof(float));
    ph->noisy_y = malloc(ph->pixels * sizeof(float));
    ph->out_y = malloc(ph->pixels * sizeof(float));
    if (!ph->noisy || !ph->out || !ph->clean_c || !ph->noisy_c || !ph->out_c
        || !ph->clean_y || !ph->noisy_y || !ph->out_y)
        exit(1);
    free(full);
    chroma_of(ph->clean, ph->clean_y, ph->clean_c, ph->pixels);
    return 1;
}

static void unload(photo *ph)
{
    free(ph->clean); free(ph->noisy); free(ph->out);
    free(ph->clean_c); free(ph->noisy_c); free(ph->out_c);
    free(ph->clean_y); free(ph->noisy_y); free(ph->out_y);
}

/* Per model, kind and sigma: mean, smallest and largest of values[i]. */
static void summary(const char *label, const chroma_case *cases, const double *values, int n,
                    const int *sigmas, int n_sigmas)
{
    for (int m = 0; m < 2; m++)
        for (int k = 0; k < KINDS; k++)
            for (int s = 0; s < n_sigmas; s++) {
                double sum = 0.0, lo = INFINITY, hi = -INFINITY;
                int count = 0;
                for (int i = 0; i < n; i++)
                    if ((int)cases[i].energy == m && cases[i].kind == k && cases[i].sigma255 == sigmas[s]) {
                        sum += values[i];
                        lo = fmin(lo, values[i]);
                        hi = fmax(hi, values[i]);
                        count++;
                    }
                if (count)
                    printf("{\"summary\":\"%s\",\"model\":\"%s\",\"noise\":\"%s\",\"sigma\":%d,\"photos\":%d,"
                           "\"gain_mean_db\":%.3f,\"gain_min_db\":%.3f,\"gain_max_db\":%.3f}\n",
                           label, calib_model_name((fg_energy)m), kind_names[k], sigmas[s], count, sum / count, lo, hi);
            }
}

static int figure(const char *out_path, const char *spec, const char *path)
{
    int x0, y0, size, sigma255;
    if (sscanf(spec, "%d,%d,%d,%d", &x0, &y0, &size, &sigma255) != 4 || size < 8 || size > 1024)
        return 2;
    photo ph;
    if (!load(&ph, path, x0, y0, size))
        return 1;
    make_noisy(&ph, calib_base_name(path), KIND_CHROMA2, sigma255);
    int zoom = 2, panel = size * zoom, gap = 4, w = 4 * panel + 3 * gap;
    float *strip = calloc((size_t)w * panel * 3, sizeof(float));
    float *rgb = malloc(ph.pixels * 3 * sizeof(float));
    if (!strip || !rgb)
        return 1;
    fg_denoise_report rep_rgb, rep_lc;
    double psnr_rgb = whole_psnr(&ph, FG_ENERGY_TV, FG_COLOUR_SPACE_RGB, -1.0, -1.0, &rep_rgb);
    memcpy(rgb, ph.out, ph.pixels * 3 * sizeof(float));
    double psnr_lc = whole_psnr(&ph, FG_ENERGY_TV, FG_COLOUR_SPACE_LUMA_CHROMA, -1.0, -1.0, &rep_lc);
    const float *panels[4] = { ph.clean, ph.noisy, rgb, ph.out };
    for (int p = 0; p < 4; p++)
        for (int y = 0; y < panel; y++)
            for (int x = 0; x < panel; x++)
                memcpy(strip + ((size_t)y * w + (size_t)(p * (panel + gap) + x)) * 3,
                       panels[p] + ((size_t)(y / zoom) * size + (size_t)(x / zoom)) * 3, 3 * sizeof(float));
    for (int y = 0; y < panel; y++)     /* white gaps */
        for (int p = 1; p < 4; p++)
            for (int x = 0; x < gap; x++)
                for (int c = 0; c < 3; c++)
                    strip[((size_t)y * w + (size_t)(p * (panel + gap) - gap + x)) * 3 + c] = 1.0f;
    if (png_write(out_path, strip, w, panel, 3)) {
        fprintf(stderr, "calibrate_chroma: cannot write %s\n", out_path);
        return 1;
    }
    printf("{\"figure\":\"%s\",\"photo\":\"%s\",\"x\":%d,\"y\":%d,\"size\":%d,\"noise\":\"chroma2\",\"sigma\":%d,"
           "\"psnr_noisy\":%.2f,\"psnr_rgb\":%.3f,\"psnr_luma_chroma\":%.3f,\"lambda_rgb\":%.4g,"
           "\"lambda_luma\":%.4g,\"lambda_chroma\":%.4g}\n", out_path, calib_base_name(path), x0, y0, size, sigma255,
           bench_psnr(ph.clean, ph.noisy, 3 * ph.pixels), psnr_rgb, psnr_lc, rep_rgb.lambda, rep_lc.lambda,
           rep_lc.lambda_chroma);
    free(strip);
    free(rgb);
    unload(&ph);
    return 0;
}

int main(int argc, char **argv)
{
    int sigmas[MAX_SIGMAS] = { 10, 20, 35 }, n_sigmas = 3, fit = 0, use[2] = { 1, 1 }, kinds[KINDS] = { 1, 1 };
    int first_file = argc;
    const char *figure_out = NULL, *figure_spec = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--crop") && i + 1 < argc) crop = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--sigmas") && i + 1 < argc)
            n_sigmas = calib_parse_sigmas(argv[++i], sigmas, MAX_SIGMAS);
        else if (!strcmp(argv[i], "--models") && i + 1 < argc)
            calib_parse_models(argv[++i], use);
        else if (!strcmp(argv[i], "--kinds") && i + 1 < argc) {
            const char *k = argv[++i];
            kinds[KIND_RGB] = strstr(k, "rgb") != NULL;
            kinds[KIND_CHROMA2] = strstr(k, "chroma2") != NULL;
        } else if (!strcmp(argv[i], "--fit")) fit = 1;
        else if (!strcmp(argv[i], "--figure") && i + 2 < argc) {
            figure_out = argv[++i];
            figure_spec = argv[++i];
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: calibrate_chroma [--threads N] [--crop N] [--sigmas S1,S2,..] "
                            "[--models tv,tikhonov] [--kinds rgb,chroma2] [--fit] FILE.png ...\n"
                            "       calibrate_chroma --figure OUT.png X,Y,SIZE,SIGMA FILE.png\n");
            return 2;
        } else { first_file = i; break; }
    }
    if (figure_out)
        return first_file < argc ? figure(figure_out, figure_spec, argv[first_file]) : 2;

    static chroma_case cases[MAX_CASES];
    static double gain[MAX_CASES];
    int n = 0;
    for (int f = first_file; f < argc; f++) {
        photo ph;
        if (!load(&ph, argv[f], 0, 0, 0))
            return 1;
        for (int k = 0; k < KINDS; k++)
            for (int s = 0; kinds[k] && s < n_sigmas; s++) {
                make_noisy(&ph, calib_base_name(argv[f]), k, sigmas[s]);
                fg_image in = fg_image_make(ph.noisy, ph.width, ph.height, 3, 0);
                double sl, sc;
                fg_error err;
                if (fg_noise_estimate_luma_chroma(&in, threads, &sl, &sc, &err) != FG_OK) {
                    fprintf(stderr, "calibrate_chroma: %s\n", err.message);
                    return 1;
                }
                double tl, tc;
                fg_image y_img = fg_image_make(ph.noisy_y, ph.width, ph.height, 1, 0);
                fg_image c_img = fg_image_make(ph.noisy_c, ph.width, ph.height, 2, 0);
                if (fg_texture_estimate(&y_img, sl, threads, &tl, &err) != FG_OK
                    || fg_texture_estimate(&c_img, sc, threads, &tc, &err) != FG_OK) {
                    fprintf(stderr, "calibrate_chroma: %s\n", err.message);
                    return 1;
                }
                for (int m = 0; m < 2; m++) {
                    if (!use[m] || n >= MAX_CASES)
                        continue;
                    chroma_case *cc = &cases[n];
                    cc->name = calib_base_name(argv[f]);
                    cc->energy = (fg_energy)m;
                    cc->kind = k;
                    cc->sigma255 = sigmas[s];
                    cc->sigma_luma = sl;
                    cc->sigma_chroma = sc;
                    cc->tau_luma = tl;
                    cc->tau_chroma = tc;
                    double centre = rule_n(cc->energy, 2, sc), centre_y = rule_n(cc->energy, 1, sl);
                    double lo = m == FG_ENERGY_TV ? 0.2 : 0.05;
                    cc->best = search(&ph, 1, cc->energy, lo * centre, 20.0 * centre);
                    cc->best_luma = search(&ph, 0, cc->energy, lo * centre_y, 20.0 * centre_y);
                    double centre_rgb = rule_n(cc->energy, 3, 0.5 * (sl + sc));
                    cc->psnr_rgb_best = rgb_psnr(&ph, cc->energy,
                                                 search(&ph, -1, cc->energy, lo * centre_rgb, 20.0 * centre_rgb));
                    fg_denoise_report rep_rgb, rep_lc;
                    cc->psnr_rgb = whole_psnr(&ph, cc->energy, FG_COLOUR_SPACE_RGB, -1.0, -1.0, &rep_rgb);
                    cc->psnr_lc = whole_psnr(&ph, cc->energy, FG_COLOUR_SPACE_LUMA_CHROMA, -1.0, -1.0, &rep_lc);
                    cc->psnr_lc_best = whole_psnr(&ph, cc->energy, FG_COLOUR_SPACE_LUMA_CHROMA, cc->best_luma,
                                                  cc->best, NULL);
                    gain[n] = cc->psnr_lc - cc->psnr_rgb;
                    printf("{\"photo\":\"%s\",\"model\":\"%s\",\"noise\":\"%s\",\"sigma\":%d,"
                           "\"sigma_luma_est\":%.3f,\"sigma_chroma_est\":%.3f,\"tau_luma\":%.4g,\"tau_chroma\":%.4g,\"psnr_noisy\":%.2f,"
                           "\"best_lambda_luma\":%.5g,\"best_over_rule1\":%.4f,\"auto_lambda_luma\":%.5g,"
                           "\"best_lambda_chroma\":%.5g,\"best_over_rule2\":%.4f,\"auto_lambda_chroma\":%.5g,"
                           "\"lambda_rgb\":%.5g,\"psnr_rgb\":%.3f,\"psnr_luma_chroma\":%.3f,"
                           "\"psnr_luma_chroma_best\":%.3f,\"psnr_rgb_best\":%.3f,\"gain_db\":%.3f}\n",
                           cc->name, calib_model_name(cc->energy), kind_names[k], sigmas[s], 255.0 * sl, 255.0 * sc,
                           tl, tc, bench_psnr(ph.clean, ph.noisy, 3 * ph.pixels), cc->best_luma, cc->best_luma / centre_y,
                           rep_lc.lambda, cc->best, cc->best / centre, rep_lc.lambda_chroma, rep_rgb.lambda, cc->psnr_rgb, cc->psnr_lc,
                           cc->psnr_lc_best, cc->psnr_rgb_best, gain[n]);
                    fflush(stdout);
                    n++;
                }
            }
        unload(&ph);
    }
    summary("compiled rule: luma-chroma - rgb", cases, gain, n, sigmas, n_sigmas);
    for (int i = 0; i < n; i++)
        gain[i] = cases[i].psnr_lc_best - cases[i].psnr_rgb;
    summary("best strengths: luma-chroma - rgb (auto)", cases, gain, n, sigmas, n_sigmas);
    for (int i = 0; i < n; i++)
        gain[i] = cases[i].psnr_lc_best - cases[i].psnr_rgb_best;
    summary("best strengths: luma-chroma - rgb (best)", cases, gain, n, sigmas, n_sigmas);
    for (int i = 0; i < n; i++)
        gain[i] = cases[i].psnr_lc - cases[i].psnr_rgb_best;
    summary("compiled rule: luma-chroma - rgb (best)", cases, gain, n, sigmas, n_sigmas);
    for (int i = 0; i < n; i++)
        gain[i] = cases[i].psnr_lc_best - cases[i].psnr_lc;
    summary("compiled rule: loss of luma-chroma automatic against its best", cases, gain, n, sigmas, n_sigmas);
    if (!fit)
        return 0;
    /* [part][model]: the rule of sigma alone (K, Q) and the texture rule (K, Q, S) */
    double k_fit[2][2] = { { 1, 1 }, { 1, 1 } }, q_fit[2][2] = { { 0, 0 }, { 0, 0 } };
    double kt_fit[2][2] = { { 1, 1 }, { 1, 1 } }, qt_fit[2][2] = { { 0, 0 }, { 0, 0 } }, st_fit[2][2] = { { 0, 0 }, { 0, 0 } };
    int have[2] = { 0, 0 };
    for (int part = 0; part < 2; part++)
        for (int m = 0; m < 2; m++) {
            double sx = 0, sy = 0, sxx = 0, sxy = 0;
            double a[3][4] = { { 0 } };     /* normal equations of y = c0 + c1 log sigma + c2 log tau */
            int count = 0;
            for (int i = 0; i < n; i++) {
                double sigma = part ? cases[i].sigma_chroma : cases[i].sigma_luma;
                double tau = part ? cases[i].tau_chroma : cases[i].tau_luma;
                double best = part ? cases[i].best : cases[i].best_luma;
                if ((int)cases[i].energy == m && sigma > 0.0 && isfinite(tau)) {
                    double x = log(sigma), y = log(best / rule_n(cases[i].energy, part + 1, sigma));
                    sx += x; sy += y; sxx += x * x; sxy += x * y;
                    double v[3] = { 1.0, x, log(tau) };
                    for (int r = 0; r < 3; r++) {
                        for (int c = 0; c < 3; c++)
                            a[r][c] += v[r] * v[c];
                        a[r][3] += v[r] * y;
                    }
                    count++;
                }
            }
            if (count < 3)
                continue;
            double q = (count * sxy - sx * sy) / (count * sxx - sx * sx), log_k = (sy - q * sx) / count;
            for (int c = 0; c < 3; c++)         /* Gauss-Jordan with partial pivoting */
            {
                int piv = c;
                for (int r = c + 1; r < 3; r++)
                    if (fabs(a[r][c]) > fabs(a[piv][c]))
                        piv = r;
                for (int k = 0; k < 4; k++) {
                    double t = a[c][k]; a[c][k] = a[piv][k]; a[piv][k] = t;
                }
                for (int r = 0; r < 3; r++)
                    if (r != c) {
                        double f = a[r][c] / a[c][c];
                        for (int k = c; k < 4; k++)
                            a[r][k] -= f * a[c][k];
                    }
            }
            double c0 = a[0][3] / a[0][0], c1 = a[1][3] / a[1][1], c2 = a[2][3] / a[2][2];
            /* rms residuals of log(best / R) for both rules */
            double r1 = 0.0, r3 = 0.0;
            for (int i = 0; i < n; i++) {
                double sigma = part ? cases[i].sigma_chroma : cases[i].sigma_luma;
                double tau = part ? cases[i].tau_chroma : cases[i].tau_luma;
                double best = part ? cases[i].best : cases[i].best_luma;
                if ((int)cases[i].energy == m && sigma > 0.0 && isfinite(tau)) {
                    double x = log(sigma), y = log(best / rule_n(cases[i].energy, part + 1, sigma));
                    r1 += (y - log_k - q * x) * (y - log_k - q * x);
                    r3 += (y - c0 - c1 * x - c2 * log(tau)) * (y - c0 - c1 * x - c2 * log(tau));
                }
            }
            printf("{\"fit\":\"%s\",\"part\":\"%s\",\"cases\":%d,\"K\":%.4f,\"Q\":%.4f,\"rms_log\":%.3f,"
                   "\"rule\":\"lambda = R%d(sigma_%s) K sigma_%s^Q\"}\n",
                   calib_model_name((fg_energy)m), part ? "chroma" : "luma", count, exp(log_k), q, sqrt(r1 / count),
                   part + 1, part ? "chroma" : "luma", part ? "chroma" : "luma");
            printf("{\"fit\":\"%s\",\"part\":\"%s\",\"cases\":%d,\"K\":%.4f,\"Q\":%.4f,\"S\":%.4f,\"rms_log\":%.3f,"
                   "\"rule\":\"lambda = R%d(sigma_%s) K sigma_%s^Q tau_%s^S\"}\n",
                   calib_model_name((fg_energy)m), part ? "chroma" : "luma", count, exp(c0), c1, c2, sqrt(r3 / count),
                   part + 1, part ? "chroma" : "luma", part ? "chroma" : "luma", part ? "chroma" : "luma");
            k_fit[part][m] = exp(log_k);
            q_fit[part][m] = q;
            kt_fit[part][m] = exp(c0);
            qt_fit[part][m] = c1;
            st_fit[part][m] = c2;
            have[m] = 1;
        }
    /* the fitted rules' gains: two more solves per case, in the same order */
    static double gain_tex[MAX_CASES], loss_fit[MAX_CASES], loss_tex[MAX_CASES];
    int i = 0;
    for (int f = first_file; f < argc; f++) {
        photo ph;
        if (!load(&ph, argv[f], 0, 0, 0))
            return 1;
        for (int k = 0; k < KINDS; k++)
            for (int s = 0; kinds[k] && s < n_sigmas; s++) {
                make_noisy(&ph, calib_base_name(argv[f]), k, sigmas[s]);
                for (int m = 0; m < 2; m++) {
                    if (!use[m] || i >= n)
                        continue;
                    chroma_case *cc = &cases[i];
                    double ly = rule_n(cc->energy, 1, cc->sigma_luma) * k_fit[0][m] * pow(cc->sigma_luma, q_fit[0][m]);
                    double lc = rule_n(cc->energy, 2, cc->sigma_chroma) * k_fit[1][m]
                              * pow(cc->sigma_chroma, q_fit[1][m]);
                    double lyt = rule_n(cc->energy, 1, cc->sigma_luma) * kt_fit[0][m]
                               * pow(cc->sigma_luma, qt_fit[0][m]) * pow(cc->tau_luma, st_fit[0][m]);
                    double lct = rule_n(cc->energy, 2, cc->sigma_chroma) * kt_fit[1][m]
                               * pow(cc->sigma_chroma, qt_fit[1][m]) * pow(cc->tau_chroma, st_fit[1][m]);
                    double p1 = have[m] ? whole_psnr(&ph, cc->energy, FG_COLOUR_SPACE_LUMA_CHROMA, ly, lc, NULL)
                                        : cc->psnr_lc;
                    double p3 = have[m] ? whole_psnr(&ph, cc->energy, FG_COLOUR_SPACE_LUMA_CHROMA, lyt, lct, NULL)
                                        : cc->psnr_lc;
                    gain[i] = p1 - cc->psnr_rgb;
                    gain_tex[i] = p3 - cc->psnr_rgb;
                    loss_fit[i] = cc->psnr_lc_best - p1;
                    loss_tex[i] = cc->psnr_lc_best - p3;
                    i++;
                }
            }
        unload(&ph);
    }
    summary("fitted rule of sigma alone: luma-chroma - rgb", cases, gain, n, sigmas, n_sigmas);
    summary("fitted texture rule: luma-chroma - rgb", cases, gain_tex, n, sigmas, n_sigmas);
    summary("fitted rule of sigma alone: loss against best", cases, loss_fit, n, sigmas, n_sigmas);
    summary("fitted texture rule: loss against best", cases, loss_tex, n, sigmas, n_sigmas);
    return 0;
}
