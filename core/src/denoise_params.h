/* denoise_params.h — checks of the denoising parameters (denoise_params.c;
 * the ranges are documented in fg/gradient_denoise.h); internal. */
#ifndef FG_DENOISE_PARAMS_H
#define FG_DENOISE_PARAMS_H

#include "internal.h"
#include "fg/gradient_denoise.h"

/* What fg_denoise_energy needs: the model (energy, colour, epsilon). */
fg_status fg_denoise_check_model(const fg_denoise_params *params, fg_error *error);

/* lambda in 0 .. FG_DENOISE_MAX_LAMBDA. */
fg_status fg_denoise_check_lambda(double lambda, fg_error *error);

/* What fg_gradient_denoise can check before it knows lambda: all but the
 * step's upper limit, and lambda itself only when auto_strength is off.  On
 * success *threads is the resolved thread count. */
fg_status fg_denoise_check_params(const fg_denoise_params *params, int *threads, fg_error *error);

/* fg_gradient_denoise with noise = FG_NOISE_SIGNAL_DEPENDENT, after its
 * checks (denoise_stabilise.c). */
fg_status fg_denoise_stabilised(const fg_image *in, const fg_image *out, const fg_denoise_params *params,
                                fg_denoise_report *report, fg_error *error);

/* fg_gradient_denoise with colour_space = FG_COLOUR_SPACE_LUMA_CHROMA on
 * three colour channels, after its checks (denoise_luma_chroma.c). */
fg_status fg_denoise_luma_chroma(const fg_image *in, const fg_image *out, const fg_denoise_params *params,
                                 fg_denoise_report *report, fg_error *error);

/* Floats per pixel of the opponent copy of an RGB (has_alpha 0) or RGBA
 * image (denoise_luma_chroma.c). */
int fg_denoise_opponent_floats(int has_alpha);

/* Floats per pixel of the stabilised copy of an image of `channels`
 * channels, which fg_denoise_stabilised holds while it solves, when the
 * noise model calls for it (denoise_stabilise.c). */
int fg_denoise_stabilised_floats(int channels);

/* fg_denoise_margin for that case (three colour channels, valid model). */
int fg_denoise_luma_chroma_margin(const fg_denoise_params *params, double lambda, double value_range,
                                  double tolerance);

#endif /* FG_DENOISE_PARAMS_H */
