/* calibrate_util.c — see calibrate_util.h. */
#include "calibrate_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double calib_golden_search(double (*objective)(void *context, double lambda), void *context, double lo,
                           double hi, double log_width, double *best_value)
{
    const double g = 0.6180339887498949;
    double a = log(lo), b = log(hi);
    double c = b - g * (b - a), d = a + g * (b - a);
    double fc = objective(context, exp(c)), fd = objective(context, exp(d));
    while (b - a > log_width) {
        if (fc > fd) {
            b = d; d = c; fd = fc;
            c = b - g * (b - a);
            fc = objective(context, exp(c));
        } else {
            a = c; c = d; fc = fd;
            d = a + g * (b - a);
            fd = objective(context, exp(d));
        }
    }
    if (best_value)
        *best_value = fc > fd ? fc : fd;
    return exp(fc > fd ? c : d);
}

fg_denoise_params calib_solve_params(fg_energy energy, int threads)
{
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.energy = energy;
    p.solver = FG_SOLVER_AUTO;
    p.stop = FG_STOP_GAP;
    p.tolerance = 1e-4;
    p.max_iterations = 5000;
    p.threads = threads;
    return p;
}

const char *calib_model_name(fg_energy energy)
{
    return energy == FG_ENERGY_TV ? "tv" : "tikhonov";
}

const char *calib_base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

uint64_t calib_name_seed(const char *name)
{
    uint64_t seed = 1469598103934665603u;
    for (const char *s = name; *s; s++)
        seed = (seed ^ (unsigned char)*s) * 1099511628211u;
    return seed;
}

void calib_centre_crop(int width, int height, int crop, int *x0, int *y0, int *crop_width, int *crop_height)
{
    *crop_width = crop > 0 && crop < width ? crop : width;
    *crop_height = crop > 0 && crop < height ? crop : height;
    *x0 = (width - *crop_width) / 2;
    *y0 = (height - *crop_height) / 2;
}

float *calib_copy_crop(const float *full, int width, int channels, int x0, int y0, int crop_width,
                       int crop_height)
{
    size_t row = (size_t)crop_width * (size_t)channels;
    float *out = malloc(row * (size_t)crop_height * sizeof *out);
    if (!out)
        exit(1);
    for (int y = 0; y < crop_height; y++)
        memcpy(out + (size_t)y * row, full + ((size_t)(y + y0) * (size_t)width + (size_t)x0) * (size_t)channels,
               row * sizeof *out);
    return out;
}

int calib_parse_sigmas(const char *text, int *sigmas, int max)
{
    int n = 0;
    for (const char *s = text; *s && n < max; s++) {
        char *end;
        sigmas[n++] = (int)strtol(s, &end, 10);
        s = end;
        if (!*s)
            break;
    }
    return n;
}

void calib_parse_models(const char *text, int use[2])
{
    use[FG_ENERGY_TV] = strstr(text, "tv") != NULL;
    use[FG_ENERGY_TIKHONOV] = strstr(text, "tikhonov") != NULL;
}
