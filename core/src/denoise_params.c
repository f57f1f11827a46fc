/* denoise_params.c — what a denoising solve is given: the defaults, the
 * parameter ranges, the Lipschitz bound and the step limits it implies,
 * and the automatic strength (fg/gradient_denoise.h). */
#include <math.h>

#include "denoise_params.h"
#include "fg/texture_estimate.h"
#include "pool.h"

void fg_denoise_params_init(fg_denoise_params *params)
{
    if (!params)
        return;
    params->energy = FG_ENERGY_TV;
    params->auto_strength = 1;
    params->lambda = FG_DENOISE_DEFAULT_LAMBDA;
    params->epsilon = FG_DENOISE_DEFAULT_EPSILON;
    params->colour = FG_COLOUR_COUPLED;
    params->solver = FG_SOLVER_AUTO;
    params->max_iterations = FG_DENOISE_DEFAULT_MAX_ITERATIONS;
    params->tolerance = FG_DENOISE_DEFAULT_TOLERANCE;
    params->stop = FG_STOP_GAP;
    params->step = 0.0;
    params->noise = FG_NOISE_UNIFORM;
    params->threads = 0;
    params->on_iteration = NULL;
    params->user_data = NULL;
    params->on_iteration_gap = NULL;
    params->colour_space = FG_COLOUR_SPACE_RGB;
    params->auto_chroma_strength = 1;
    params->lambda_chroma = FG_DENOISE_DEFAULT_LAMBDA;
    params->coarse_start = 1;
}

double fg_denoise_lipschitz(fg_energy energy, double lambda, double epsilon)
{
    if (!(lambda >= 0.0) || !isfinite(lambda))
        return NAN;
    if (energy == FG_ENERGY_TIKHONOV)
        return 1.0 + 8.0 * lambda;
    if (energy == FG_ENERGY_TV && epsilon > 0.0 && isfinite(epsilon))
        return 1.0 + 8.0 * lambda / epsilon;
    return NAN;
}

fg_solver fg_denoise_resolve_solver(const fg_denoise_params *params, double lambda, int width, int height)
{
    if (!params)
        return FG_SOLVER_AUTO;
    if (params->solver != FG_SOLVER_AUTO)
        return params->solver;
    if (params->energy == FG_ENERGY_TIKHONOV)
        return (double)width * height >= FG_DENOISE_DIRECT_MIN_PIXELS || lambda >= FG_DENOISE_DIRECT_MIN_LAMBDA
                   ? FG_SOLVER_DIRECT
                   : FG_SOLVER_ACCELERATED;
    if (params->energy != FG_ENERGY_TV || !(params->epsilon > 0.0))
        return FG_SOLVER_ACCELERATED;
    /* See "FG_SOLVER_AUTO" in fg/gradient_denoise.h. */
    return lambda / params->epsilon * pow(params->tolerance, FG_DENOISE_AUTO_TOLERANCE_EXPONENT)
                   >= FG_DENOISE_AUTO_THRESHOLD
               ? FG_SOLVER_PRIMAL_DUAL
               : FG_SOLVER_ACCELERATED;
}

double fg_denoise_max_step(fg_energy energy, fg_solver solver, double lambda, double epsilon)
{
    double lipschitz = fg_denoise_lipschitz(energy, lambda, epsilon);
    if (isnan(lipschitz))
        return NAN;
    if (solver == FG_SOLVER_PRIMAL_DUAL)
        return INFINITY;        /* any initial step: the dual one follows from it */
    if (solver == FG_SOLVER_DIRECT)
        return energy == FG_ENERGY_TIKHONOV ? INFINITY : NAN;    /* no steps */
    if (solver == FG_SOLVER_ACCELERATED || solver == FG_SOLVER_AUTO)
        return 1.0 / lipschitz; /* auto: a step either solver accepts */
    if (solver == FG_SOLVER_PLAIN)
        return 2.0 / lipschitz;
    return NAN;
}

fg_status fg_denoise_check_model(const fg_denoise_params *params, fg_error *error)
{
    if (params->energy != FG_ENERGY_TIKHONOV && params->energy != FG_ENERGY_TV)
        return fg_fail(error, FG_ERR_PARAM, "unknown energy model %d", (int)params->energy);
    if (params->colour != FG_COLOUR_PER_CHANNEL && params->colour != FG_COLOUR_COUPLED)
        return fg_fail(error, FG_ERR_PARAM, "unknown colour mode %d", (int)params->colour);
    if (!(params->epsilon >= FG_DENOISE_MIN_EPSILON && params->epsilon <= FG_DENOISE_MAX_EPSILON))
        return fg_fail(error, FG_ERR_PARAM, "epsilon %g: must be between %g and %g",
                       params->epsilon, FG_DENOISE_MIN_EPSILON, FG_DENOISE_MAX_EPSILON);
    return fg_succeed(error);
}

fg_status fg_denoise_check_lambda(double lambda, fg_error *error)
{
    if (!(lambda >= 0.0 && lambda <= FG_DENOISE_MAX_LAMBDA))
        return fg_fail(error, FG_ERR_PARAM, "lambda %g: must be between 0 and %g",
                       lambda, FG_DENOISE_MAX_LAMBDA);
    return fg_succeed(error);
}

fg_status fg_denoise_check_params(const fg_denoise_params *params, int *threads, fg_error *error)
{
    fg_status status = fg_denoise_check_model(params, error);
    if (status != FG_OK)
        return status;
    if (params->solver != FG_SOLVER_ACCELERATED && params->solver != FG_SOLVER_PLAIN
        && params->solver != FG_SOLVER_PRIMAL_DUAL && params->solver != FG_SOLVER_AUTO
        && params->solver != FG_SOLVER_DIRECT)
        return fg_fail(error, FG_ERR_PARAM, "unknown solver %d", (int)params->solver);
    if (params->solver == FG_SOLVER_DIRECT && params->energy != FG_ENERGY_TIKHONOV)
        return fg_fail(error, FG_ERR_PARAM, "the direct solver is for the Tikhonov energy only");
    if (params->stop != FG_STOP_ENERGY_CHANGE && params->stop != FG_STOP_GAP)
        return fg_fail(error, FG_ERR_PARAM, "unknown stopping rule %d", (int)params->stop);
    if (!params->auto_strength && (status = fg_denoise_check_lambda(params->lambda, error)) != FG_OK)
        return status;
    if (params->max_iterations < 1 || params->max_iterations > FG_DENOISE_MAX_ITERATIONS_LIMIT)
        return fg_fail(error, FG_ERR_PARAM, "max_iterations %d: must be 1 to %d",
                       params->max_iterations, FG_DENOISE_MAX_ITERATIONS_LIMIT);
    if (!(params->tolerance >= 0.0) || !isfinite(params->tolerance))
        return fg_fail(error, FG_ERR_PARAM, "tolerance %g: must be finite and >= 0", params->tolerance);
    if (!(params->step >= 0.0) || !isfinite(params->step))
        return fg_fail(error, FG_ERR_PARAM, "step %g: must be finite and >= 0 (0 = automatic)",
                       params->step);
    if (params->noise != FG_NOISE_UNIFORM && params->noise != FG_NOISE_SIGNAL_DEPENDENT)
        return fg_fail(error, FG_ERR_PARAM, "unknown noise mode %d", (int)params->noise);
    if (params->colour_space != FG_COLOUR_SPACE_RGB && params->colour_space != FG_COLOUR_SPACE_LUMA_CHROMA)
        return fg_fail(error, FG_ERR_PARAM, "unknown colour space %d", (int)params->colour_space);
    if (!params->auto_chroma_strength && !(params->lambda_chroma >= 0.0 && params->lambda_chroma <= FG_DENOISE_MAX_LAMBDA))
        return fg_fail(error, FG_ERR_PARAM, "lambda_chroma %g: must be between 0 and %g",
                       params->lambda_chroma, FG_DENOISE_MAX_LAMBDA);
    if ((status = fg_threads_check(params->threads, threads, error)) != FG_OK)
        return status;
    return fg_succeed(error);
}

/* ---- Auto strength ----------------------------------------------------------- */

double fg_auto_lambda_colour(fg_energy energy, fg_colour_mode colour, int colour_channels,
                             double sigma, double epsilon)
{
    if (!(sigma >= 0.0) || !isfinite(sigma) || colour_channels < 1 || colour_channels > 4)
        return NAN;
    /* the synthetic-scene rule times the photographs' factor K sigma^Q */
    if (energy == FG_ENERGY_TIKHONOV)
        return FG_AUTO_TIKHONOV_T * FG_AUTO_PHOTO_TIKHONOV_K * pow(sigma, FG_AUTO_TIKHONOV_P + FG_AUTO_PHOTO_TIKHONOV_Q);
    if (energy != FG_ENERGY_TV || !(epsilon > 0.0) || !isfinite(epsilon))
        return NAN;
    double lambda = pow(sigma, 1.0 + FG_AUTO_PHOTO_TV_Q) * FG_AUTO_PHOTO_TV_K * (FG_AUTO_TV_A + FG_AUTO_TV_B * epsilon);
    if (colour == FG_COLOUR_COUPLED)
        lambda *= pow((double)colour_channels, FG_AUTO_TV_G);
    else if (colour != FG_COLOUR_PER_CHANNEL)
        return NAN;
    return lambda;
}

double fg_auto_lambda(fg_energy energy, double sigma, double epsilon)
{
    return fg_auto_lambda_colour(energy, FG_COLOUR_PER_CHANNEL, 1, sigma, epsilon);
}

double fg_auto_lambda_texture(fg_energy energy, fg_colour_mode colour, int colour_channels,
                              double sigma, double tau, double epsilon)
{
    if (isnan(tau))
        return fg_auto_lambda_colour(energy, colour, colour_channels, sigma, epsilon);
    if (!(sigma >= 0.0) || !isfinite(sigma) || colour_channels < 1 || colour_channels > 4
        || !(tau >= FG_TEXTURE_FLOOR) || !isfinite(tau))
        return NAN;
    if (colour != FG_COLOUR_COUPLED && colour != FG_COLOUR_PER_CHANNEL)
        return NAN;
    /* the synthetic-scene rule R(sigma) times K sigma^Q tau^S */
    if (energy == FG_ENERGY_TIKHONOV)
        return FG_AUTO_TIKHONOV_T * FG_AUTO_TEXTURE_TIKHONOV_K
               * pow(sigma, FG_AUTO_TIKHONOV_P + FG_AUTO_TEXTURE_TIKHONOV_Q) * pow(tau, FG_AUTO_TEXTURE_TIKHONOV_S);
    if (energy != FG_ENERGY_TV || !(epsilon > 0.0) || !isfinite(epsilon))
        return NAN;
    double lambda = pow(sigma, 1.0 + FG_AUTO_TEXTURE_TV_Q) * FG_AUTO_TEXTURE_TV_K
                    * (FG_AUTO_TV_A + FG_AUTO_TV_B * epsilon) * pow(tau, FG_AUTO_TEXTURE_TV_S);
    if (colour == FG_COLOUR_COUPLED)
        lambda *= pow((double)colour_channels, FG_AUTO_TV_G);
    return lambda;
}

fg_status fg_denoise_auto_lambda(const fg_image *in, const fg_denoise_params *params, double *lambda,
                                 double *sigma, double *texture, fg_error *error)
{
    if (!params)
        return fg_fail(error, FG_ERR_NULL, "params is NULL");
    fg_status status = fg_image_check(in, error);
    if (status != FG_OK)
        return status;
    fg_denoise_params checked = *params;
    checked.auto_strength = 1;      /* lambda is what is computed here */
    int threads;
    if ((status = fg_denoise_check_params(&checked, &threads, error)) != FG_OK)
        return status;
    double s, tau;
    if ((status = fg_noise_estimate_threads(in, params->threads, &s, error)) != FG_OK)
        return status;
    if ((status = fg_texture_estimate(in, s, params->threads, &tau, error)) != FG_OK)
        return status;
    double l = fg_auto_lambda_texture(params->energy, params->colour, fg_colour_channels(in), s, tau,
                                      params->epsilon);
    if ((status = fg_denoise_check_lambda(l, error)) != FG_OK)
        return status;
    if (lambda)
        *lambda = l;
    if (sigma)
        *sigma = s;
    if (texture)
        *texture = tau;
    return fg_succeed(error);
}
