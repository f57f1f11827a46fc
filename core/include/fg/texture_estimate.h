/* fg/texture_estimate.h — how much image structure a noisy image has beyond
 * its noise, as used by the automatic strength of fg/gradient_denoise.h.
 *
 * Follows fg/common.h: FG_OK or an error status with a message, inputs never
 * modified, no printing, no global mutable state, thread-safe.
 *
 * Why.  At the same noise sigma the PSNR-best strength differs from photo to
 * photo (README, "Noise estimate and automatic strength"): photos with many
 * strong edges or much fine detail want less smoothing than smooth ones.  The
 * texture measure tau says, in units of the noise variance, how strong the
 * image's own gradients are where it has structure.
 *
 * Measure.  Every 3x3 window (the same windows as fg/noise_estimate.h) is
 * expanded in the outer products of [1 1 1] and [1 0 -1]; the two first-order
 * coefficients (a horizontal and a vertical difference, each scaled to unit
 * noise gain) give the window's gradient energy d.  For white Gaussian noise
 * of standard deviation sigma alone, d / sigma^2 is chi-square with 2 degrees
 * of freedom, whose 90% quantile is q = 2 ln 10 = 4.605.  Per colour channel
 * the 90% quantile of d over the windows, D90, gives
 *     tau = 1/4 + mean over the colour channels of max(D90 / sigma^2 - q, 0),
 * so tau is 1/4 for noise on a flat (or linear) image and grows with the
 * gradient energy of the image's strongest tenth of windows.  The quantile,
 * not the mean, keeps a few very strong edges from dominating; 1/4 keeps
 * log tau finite where the noise hides all structure.  Which quantile and
 * which offset was chosen on the calibration photos of tests/data/photos
 * (least squares of the log of the best strength; README).
 *
 * Promise (tests/core/test_texture_estimate.c, 256x256, 1 and 3 channels):
 * on flat grey with white Gaussian noise tau is within 0.1 of 1/4 (the
 * sample quantile's error, about 1%, is what can lift it; at most 0.086
 * over 40 seeds, measured); on a ramp of slope
 * a per pixel plus noise of sigma, D90 / sigma^2 (= tau - 1/4 + q) is within
 * 5% of the 90% quantile of the noncentral chi-square with 2 degrees of
 * freedom and noncentrality 6 a^2 / sigma^2 (measured: within 0.5% for
 * noncentrality 4, 25, 100); without noise it is 6 a^2 / sigma^2 within a
 * histogram bin (0.54%).  tau does not depend on the thread count
 * (histograms on integer counts), and it does not see structure under
 * transparent pixels.  Cost: one pass over at most 2^19 windows per channel
 * (a few ms at any image size).
 *
 * Windows: only those whose 9 pixels all have alpha >= 0.5 (colour straight);
 * exactly constant windows are left out.  Beyond 2^19 windows per channel
 * only every k-th row of windows is used (as the noise estimate).  Images
 * narrower or shorter than 3 pixels, with no usable window, or sigma <= 0:
 * tau = NAN (the automatic strength then uses the rule of sigma alone).
 */
#ifndef FG_TEXTURE_ESTIMATE_H
#define FG_TEXTURE_ESTIMATE_H

#include "fg/common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FG_TEXTURE_QUANTILE 0.9     /* of the windows' gradient energy */
#define FG_TEXTURE_NOISE_Q 4.605170185988091   /* that quantile of chi-square(2): 2 ln 10 */
#define FG_TEXTURE_FLOOR 0.25       /* tau of noise on a flat image */

/* Writes tau (above) for the noise sigma (0..1 scale, e.g. fg_noise_estimate)
 * to *texture, only on success; NAN when it is not defined (see above).
 * threads: 0 = all cores, else 1..FG_MAX_THREADS.  Errors: FG_ERR_NULL,
 * FG_ERR_SIZE, FG_ERR_PARAM (threads, sigma negative or not finite),
 * FG_ERR_NONFINITE, FG_ERR_NOMEM. */
fg_status fg_texture_estimate(const fg_image *in, double sigma, int threads, double *texture, fg_error *error);

#ifdef __cplusplus
}
#endif
#endif /* FG_TEXTURE_ESTIMATE_H */
