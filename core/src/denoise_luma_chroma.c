/* denoise_luma_chroma.c — Gradient Denoise in an opponent colour space
 * (fg_denoise_params.colour_space = FG_COLOUR_SPACE_LUMA_CHROMA, see
 * fg/gradient_denoise.h, "Luma and chroma"): the colour is rotated by the
 * orthonormal M into luma Y and chroma (C1, C2), each part is denoised by
 * the usual solver with its own strength, and the result is rotated back
 * by M^T.
 *
 * Alpha.  The rotation is linear, so the straight colour is rotated and
 * kept with its alpha: the solver premultiplies (alpha M c = M (alpha c)),
 * solves and divides by alpha as for RGB; where alpha <= FG_DENOISE_ALPHA_TINY
 * the original colour is copied, as the RGB path does. */
#include <math.h>
#include <string.h>

#include "denoise_params.h"
#include "pool.h"

#define SQRT1_3 0.57735026918962576451
#define SQRT1_2 0.70710678118654752440
#define SQRT1_6 0.40824829046386301637

/* The largest sum of |entries| of a row of M^T: how much a per-channel
 * error in Y, C1, C2 can grow back in R, G or B (1/sqrt3 + 1/sqrt2 + 1/sqrt6). */
#define INVERSE_ROW_SUM (SQRT1_3 + SQRT1_2 + SQRT1_6)
/* The largest sum of |entries| of a row of M (sqrt 3, for Y): how much the
 * range of the values can grow. */
#define FORWARD_ROW_SUM 1.7320508075688772935

void fg_rgb_to_luma_chroma(const double rgb[3], double ylc[3])
{
    double r = rgb[0], g = rgb[1], b = rgb[2];
    ylc[0] = (r + g + b) * SQRT1_3;
    ylc[1] = (r - g) * SQRT1_2;
    ylc[2] = (r + g - 2.0 * b) * SQRT1_6;
}

void fg_luma_chroma_to_rgb(const double ylc[3], double rgb[3])
{
    double y = ylc[0] * SQRT1_3, c1 = ylc[1] * SQRT1_2, c2 = ylc[2] * SQRT1_6;
    rgb[0] = y + c1 + c2;
    rgb[1] = y - c1 + c2;
    rgb[2] = y - 2.0 * c2;
}

/* ---- Auto strength of the two parts ----------------------------------------- */

double fg_auto_lambda_luma(fg_energy energy, fg_colour_mode colour, double sigma_luma, double epsilon)
{
    double lambda = fg_auto_lambda_colour(energy, colour, 1, sigma_luma, epsilon);
    if (energy == FG_ENERGY_TIKHONOV)
        return lambda * FG_AUTO_LUMA_TIKHONOV_K * pow(sigma_luma, FG_AUTO_LUMA_TIKHONOV_Q);
    return lambda * FG_AUTO_LUMA_TV_K * pow(sigma_luma, FG_AUTO_LUMA_TV_Q);
}

double fg_auto_lambda_chroma(fg_energy energy, fg_colour_mode colour, double sigma_chroma, double epsilon)
{
    double lambda = fg_auto_lambda_colour(energy, colour, 2, sigma_chroma, epsilon);
    if (energy == FG_ENERGY_TIKHONOV)
        return lambda * FG_AUTO_CHROMA_TIKHONOV_K * pow(sigma_chroma, FG_AUTO_CHROMA_TIKHONOV_Q);
    return lambda * FG_AUTO_CHROMA_TV_K * pow(sigma_chroma, FG_AUTO_CHROMA_TV_Q);
}

/* The texture rules: the part's rule for its channel count times
 * K sigma^Q tau^S (fg/gradient_denoise.h, "Auto strength"); tau NAN: the
 * rule of sigma alone above. */
static double part_texture_rule(fg_energy energy, fg_colour_mode colour, int channels, double sigma, double tau,
                                double epsilon, const double kqs[2][3])
{
    if (!(tau >= FG_TEXTURE_FLOOR) || !isfinite(tau))
        return NAN;
    double lambda = fg_auto_lambda_colour(energy, colour, channels, sigma, epsilon);
    const double *c = kqs[energy == FG_ENERGY_TIKHONOV ? 1 : 0];
    return lambda * c[0] * pow(sigma, c[1]) * pow(tau, c[2]);
}

double fg_auto_lambda_luma_texture(fg_energy energy, fg_colour_mode colour, double sigma_luma, double tau_luma,
                                   double epsilon)
{
    static const double kqs[2][3] = {
        { FG_AUTO_LUMA_TEXTURE_TV_K, FG_AUTO_LUMA_TEXTURE_TV_Q, FG_AUTO_LUMA_TEXTURE_TV_S },
        { FG_AUTO_LUMA_TEXTURE_TIKHONOV_K, FG_AUTO_LUMA_TEXTURE_TIKHONOV_Q, FG_AUTO_LUMA_TEXTURE_TIKHONOV_S },
    };
    if (isnan(tau_luma))
        return fg_auto_lambda_luma(energy, colour, sigma_luma, epsilon);
    return part_texture_rule(energy, colour, 1, sigma_luma, tau_luma, epsilon, kqs);
}

double fg_auto_lambda_chroma_texture(fg_energy energy, fg_colour_mode colour, double sigma_chroma,
                                     double tau_chroma, double epsilon)
{
    static const double kqs[2][3] = {
        { FG_AUTO_CHROMA_TEXTURE_TV_K, FG_AUTO_CHROMA_TEXTURE_TV_Q, FG_AUTO_CHROMA_TEXTURE_TV_S },
        { FG_AUTO_CHROMA_TEXTURE_TIKHONOV_K, FG_AUTO_CHROMA_TEXTURE_TIKHONOV_Q, FG_AUTO_CHROMA_TEXTURE_TIKHONOV_S },
    };
    if (isnan(tau_chroma))
        return fg_auto_lambda_chroma(energy, colour, sigma_chroma, epsilon);
    return part_texture_rule(energy, colour, 2, sigma_chroma, tau_chroma, epsilon, kqs);
}

/* ---- The opponent copy and the two solves ----------------------------------- */

/* The opponent copy of an RGB(A) image: Y (+ alpha) and C1, C2 (+ alpha),
 * straight colour, each a tightly packed view into one allocation. */
typedef struct opponent {
    float *buffer;
    fg_image luma, chroma;
} opponent;

int fg_denoise_opponent_floats(int has_alpha)
{
    return 3 + 2 * (has_alpha ? 1 : 0);     /* Y (+ alpha), C1, C2 (+ alpha) */
}

static fg_status opponent_make(const fg_image *in, opponent *op, fg_error *error)
{
    int a = in->has_alpha ? 1 : 0;
    size_t pixels = fg_mul_size((size_t)in->width, (size_t)in->height);
    size_t floats = fg_mul_size(pixels, (size_t)fg_denoise_opponent_floats(a));
    op->buffer = floats ? fg_alloc_array(floats, sizeof(float)) : NULL;
    if (!op->buffer)
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for the luma-chroma copy of a %dx%d image",
                       in->width, in->height);
    float *luma = op->buffer, *chroma = op->buffer + pixels * (size_t)(1 + a);
    op->luma = fg_image_make(luma, in->width, in->height, 1 + a, a);
    op->chroma = fg_image_make(chroma, in->width, in->height, 2 + a, a);
    for (int y = 0; y < in->height; y++)
        for (int x = 0; x < in->width; x++) {
            const float *p = fg_pixel(in, x, y);
            double rgb[3] = { p[0], p[1], p[2] }, ylc[3];
            fg_rgb_to_luma_chroma(rgb, ylc);
            float *l = fg_pixel(&op->luma, x, y), *c = fg_pixel(&op->chroma, x, y);
            l[0] = (float)ylc[0];
            c[0] = (float)ylc[1];
            c[1] = (float)ylc[2];
            if (a)
                l[1] = c[2] = p[3];
        }
    return fg_succeed(error);
}

/* The noise estimates of the parts wanted (non-NULL sigma), and, where
 * tau is non-NULL too, the part's texture measure at its sigma. */
static fg_status opponent_sigmas(const opponent *op, int threads, double *sigma_luma, double *sigma_chroma,
                                 double *tau_luma, double *tau_chroma, fg_error *error)
{
    fg_status status = FG_OK;
    if (sigma_luma && (status = fg_noise_estimate_threads(&op->luma, threads, sigma_luma, error)) != FG_OK)
        return status;
    if (sigma_chroma && (status = fg_noise_estimate_threads(&op->chroma, threads, sigma_chroma, error)) != FG_OK)
        return status;
    if (sigma_luma && tau_luma
        && (status = fg_texture_estimate(&op->luma, *sigma_luma, threads, tau_luma, error)) != FG_OK)
        return status;
    if (sigma_chroma && tau_chroma
        && (status = fg_texture_estimate(&op->chroma, *sigma_chroma, threads, tau_chroma, error)) != FG_OK)
        return status;
    return fg_succeed(error);
}

static fg_status luma_chroma_estimate(const fg_image *in, int threads, double *sigma_luma, double *sigma_chroma,
                                      double *tau_luma, double *tau_chroma, fg_error *error)
{
    fg_status status = fg_image_check(in, error);
    if (status != FG_OK)
        return status;
    if (fg_colour_channels(in) != 3)
        return fg_fail(error, FG_ERR_SIZE, "luma-chroma needs 3 colour channels, the image has %d",
                       fg_colour_channels(in));
    int resolved;
    if ((status = fg_threads_check(threads, &resolved, error)) != FG_OK
        || (status = fg_image_check_finite(in, error)) != FG_OK)
        return status;
    opponent op;
    if ((status = opponent_make(in, &op, error)) != FG_OK)
        return status;
    double sl, sc, tl = NAN, tc = NAN;
    status = opponent_sigmas(&op, threads, &sl, &sc, tau_luma ? &tl : NULL, tau_chroma ? &tc : NULL, error);
    fg_free(op.buffer);
    if (status == FG_OK) {
        *sigma_luma = sl;
        *sigma_chroma = sc;
        if (tau_luma)
            *tau_luma = tl;
        if (tau_chroma)
            *tau_chroma = tc;
    }
    return status;
}

fg_status fg_noise_estimate_luma_chroma(const fg_image *in, int threads, double *sigma_luma,
                                        double *sigma_chroma, fg_error *error)
{
    if (!sigma_luma || !sigma_chroma)
        return fg_fail(error, FG_ERR_NULL, "%s is NULL", sigma_luma ? "sigma_chroma" : "sigma_luma");
    return luma_chroma_estimate(in, threads, sigma_luma, sigma_chroma, NULL, NULL, error);
}

fg_status fg_estimate_luma_chroma(const fg_image *in, int threads, double *sigma_luma, double *sigma_chroma,
                                  double *tau_luma, double *tau_chroma, fg_error *error)
{
    if (!sigma_luma || !sigma_chroma || !tau_luma || !tau_chroma)
        return fg_fail(error, FG_ERR_NULL, "%s is NULL",
                       !sigma_luma ? "sigma_luma" : !sigma_chroma ? "sigma_chroma" : !tau_luma ? "tau_luma"
                                                                                                : "tau_chroma");
    return luma_chroma_estimate(in, threads, sigma_luma, sigma_chroma, tau_luma, tau_chroma, error);
}

/* Passes a sub-solve's iterations on, numbered after the earlier solve's. */
typedef struct relay {
    const fg_denoise_params *outer;
    int offset;
} relay;

static int relay_iteration(void *user_data, int iteration, int max_iterations, double energy)
{
    const relay *r = user_data;
    return r->outer->on_iteration(r->outer->user_data, r->offset + iteration, 2 * max_iterations + 1, energy);
}

static int relay_iteration_gap(void *user_data, int iteration, int max_iterations, double energy, double gap)
{
    const relay *r = user_data;
    return r->outer->on_iteration_gap(r->outer->user_data, r->offset + iteration, 2 * max_iterations + 1,
                                      energy, gap);
}

fg_status fg_denoise_luma_chroma(const fg_image *in, const fg_image *out, const fg_denoise_params *params,
                                 fg_denoise_report *report, fg_error *error)
{
    opponent op;
    fg_status status = opponent_make(in, &op, error);
    if (status != FG_OK)
        return status;
    double sigma = NAN, sigma_chroma = NAN, lambda = params->lambda, lambda_chroma = params->lambda_chroma;
    double tau = NAN, tau_chroma = NAN;
    status = opponent_sigmas(&op, params->threads, params->auto_strength ? &sigma : NULL,
                             params->auto_chroma_strength ? &sigma_chroma : NULL, &tau, &tau_chroma, error);
    if (status == FG_OK && params->auto_strength) {
        lambda = fg_auto_lambda_luma_texture(params->energy, params->colour, sigma, tau, params->epsilon);
        status = fg_denoise_check_lambda(lambda, error);
    }
    if (status == FG_OK && params->auto_chroma_strength) {
        lambda_chroma = fg_auto_lambda_chroma_texture(params->energy, params->colour, sigma_chroma, tau_chroma,
                                                      params->epsilon);
        status = fg_denoise_check_lambda(lambda_chroma, error);
    }

    fg_denoise_params sub = *params;
    sub.colour_space = FG_COLOUR_SPACE_RGB;
    sub.noise = FG_NOISE_UNIFORM;
    sub.auto_strength = 0;
    relay r = { params, 0 };
    sub.on_iteration = params->on_iteration ? relay_iteration : NULL;
    sub.on_iteration_gap = params->on_iteration_gap ? relay_iteration_gap : NULL;
    sub.user_data = &r;
    fg_denoise_report luma_report, chroma_report;
    if (status == FG_OK) {
        sub.lambda = lambda;
        status = fg_gradient_denoise(&op.luma, &op.luma, &sub, &luma_report, error);
    }
    if (status == FG_OK) {
        sub.lambda = lambda_chroma;
        r.offset = luma_report.iterations + 1;
        status = fg_gradient_denoise(&op.chroma, &op.chroma, &sub, &chroma_report, error);
    }
    if (status != FG_OK) {
        fg_free(op.buffer);
        return status;
    }

    int a = in->has_alpha;
    for (int y = 0; y < in->height; y++)
        for (int x = 0; x < in->width; x++) {
            const float *p = fg_pixel(in, x, y);
            float *o = fg_pixel(out, x, y);
            if (a && !(p[3] > FG_DENOISE_ALPHA_TINY)) {
                if (o != p)
                    memcpy(o, p, 4 * sizeof *o);
                continue;
            }
            const float *l = fg_pixel(&op.luma, x, y), *c = fg_pixel(&op.chroma, x, y);
            double ylc[3] = { l[0], c[0], c[1] }, rgb[3];
            fg_luma_chroma_to_rgb(ylc, rgb);
            float alpha = a ? p[3] : 0.0f;
            o[0] = (float)rgb[0];
            o[1] = (float)rgb[1];
            o[2] = (float)rgb[2];
            if (a)
                o[3] = alpha;
        }
    fg_free(op.buffer);

    if (report) {
        fg_denoise_report result;
        memset(&result, 0, sizeof result);
        result.iterations = luma_report.iterations + chroma_report.iterations;
        result.energy = luma_report.energy + chroma_report.energy;
        result.converged = luma_report.converged && chroma_report.converged;
        result.lambda = lambda;
        result.step = luma_report.step;
        result.sigma = sigma;
        result.solver = luma_report.solver;
        double absolute_gap = luma_report.gap * luma_report.energy + chroma_report.gap * chroma_report.energy;
        result.gap = result.energy > 0.0 ? absolute_gap / result.energy : 0.0;
        result.texture = tau;               /* NAN without auto strength */
        result.texture_chroma = tau_chroma; /* NAN without auto chroma strength */
        result.lambda_chroma = lambda_chroma;
        result.sigma_chroma = sigma_chroma;
        *report = result;
    }
    return fg_succeed(error);
}

int fg_denoise_luma_chroma_margin(const fg_denoise_params *params, double lambda, double value_range,
                                  double tolerance)
{
    fg_denoise_params sub = *params;
    sub.colour_space = FG_COLOUR_SPACE_RGB;
    /* Errors per opponent channel grow by at most INVERSE_ROW_SUM in R, G, B;
     * the opponent values span at most FORWARD_ROW_SUM times the range. */
    double t = tolerance / INVERSE_ROW_SUM, range = value_range * FORWARD_ROW_SUM;
    int luma = fg_denoise_margin(&sub, 1, lambda, range, t);
    int chroma = fg_denoise_margin(&sub, 2, params->lambda_chroma, range, t);
    if (luma < 0 || chroma < 0)
        return -1;
    return luma > chroma ? luma : chroma;
}
