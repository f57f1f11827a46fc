/* calibrate_util.h — what the calibrations on photographs and scenes share
 * (calibrate_photos.c, calibrate_chroma.c, calibrate_lambda.c): the search
 * for the PSNR-best strength, the solve settings the searches use, and the
 * set-up of a photo (crop, seeds, clipping, names, options). */
#ifndef FG_CALIBRATE_UTIL_H
#define FG_CALIBRATE_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "fg/gradient_denoise.h"

/* Golden-section search for the maximum of objective(context, lambda) over
 * log lambda in [lo, hi], until the bracket is narrower than log_width in
 * log lambda (0.04: lambda to within 4%).  Returns the best lambda seen in
 * the last bracket, and its objective in *best_value (if not NULL). */
double calib_golden_search(double (*objective)(void *context, double lambda), void *context, double lo,
                           double hi, double log_width, double *best_value);

/* The search width of the calibrations on photographs: lambda to within 4%. */
#define CALIB_PHOTO_LOG_WIDTH 0.04

/* The solve the searches on photographs measure: fg_denoise_params_init
 * with the energy, the automatic solver, stopped at a relative duality gap
 * of 1e-4 (at most 5000 iterations), on `threads` threads. */
fg_denoise_params calib_solve_params(fg_energy energy, int threads);

/* "tv" or "tikhonov". */
const char *calib_model_name(fg_energy energy);

/* The file name of a path (after its last '/'). */
const char *calib_base_name(const char *path);

/* A seed made from a name (FNV-1a, 64 bits): the noise of a photo depends on
 * its file name, not on its place on the command line. */
uint64_t calib_name_seed(const char *name);

/* v clipped to 0..1 (in double, then rounded to float), as a camera clips. */
static inline float calib_clip_unit(double v)
{
    return (float)(v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v);
}

/* The rectangle of a width x height photo the calibrations use: its centre
 * crop x crop (all of a side that is not larger than crop; crop <= 0: the
 * whole photo). */
void calib_centre_crop(int width, int height, int crop, int *x0, int *y0, int *crop_width, int *crop_height);

/* The crop_width x crop_height pixels at (x0, y0) of `full` (packed, width
 * pixels per row, `channels` floats each), in a new malloc'd packed buffer;
 * exits with status 1 when out of memory. */
float *calib_copy_crop(const float *full, int width, int channels, int x0, int y0, int crop_width,
                       int crop_height);

/* The values of --sigmas S1,S2,..: at most max integers into sigmas; returns
 * how many. */
int calib_parse_sigmas(const char *text, int *sigmas, int max);

/* The value of --models tv,tikhonov: use[energy] is whether the name of that
 * model appears in text. */
void calib_parse_models(const char *text, int use[2]);

#endif
