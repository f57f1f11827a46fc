/* fg/noise_estimate.h — the standard deviation of white Gaussian noise in an
 * image, as used by the automatic strength of fg/gradient_denoise.h.
 *
 * Follows fg/common.h: FG_OK or an error status with a message, inputs never
 * modified, no printing, no global mutable state, thread-safe.
 *
 * The estimate is on the 0..1 scale, averaged over the colour channels
 * (alpha is not measured).
 *
 * Method: Immerkaer's mask N = [1 -2 1]^T [1 -2 1] responds to noise with
 * standard deviation 6 sigma and not at all to locally linear content.
 * Texture, edges and corners do reach it, and Immerkaer's mean |N * I|
 * overestimates on them.  Here every 3x3 window is also expanded in the
 * other seven non-constant outer products of the orthogonal bases [1 1 1],
 * [1 0 -1], [1 -2 1]; their energy measures structure and, for white noise, is
 * independent of the N response.  Only the 35% of windows with the least
 * structure are kept, and sigma = median |N * I| / (6 * 0.6745) over them:
 * unbiased on noise, and what texture and edges remain is outvoted by the
 * median.  Exactly constant windows (clipped highlights, synthetic flat
 * areas) are skipped, so they cannot pull the estimate to 0.  Measured
 * (tests/core/test_noise_estimate.c, 256x256, sigma 5..50/255): within 1.5%
 * on smooth shading, within 3% on an image half covered by a fine grating
 * (period ~3 px, amplitude 0.15) where plain Immerkaer reads 57% too high at
 * sigma 5/255.  Texture covering most of the image at a period of 2..4 pixels
 * with an amplitude above the noise cannot be told from noise by any 3x3
 * estimator and still raises the estimate.
 *
 * Transparency: only windows whose 9 pixels all have alpha >= 0.5 count
 * (colour straight, not premultiplied).  Images narrower or shorter than 3
 * pixels use windows of 3 along the other axis ([1 -2 1], standard deviation
 * sqrt(6) sigma, structure from [1 0 -1]); with no window at all (e.g. 2x2,
 * fully transparent or constant) the estimate is 0.  Beyond 2^19 windows per
 * channel only every k-th row of windows is used (a fixed choice; the median
 * of half a million samples is within ~0.3%).  Histograms on integer counts:
 * the result does not depend on the thread count.
 */
#ifndef FG_NOISE_ESTIMATE_H
#define FG_NOISE_ESTIMATE_H

#include "fg/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes the estimate to *sigma (only on success).  Errors: FG_ERR_NULL,
 * FG_ERR_SIZE, FG_ERR_PARAM (threads), FG_ERR_NONFINITE, FG_ERR_NOMEM. */
fg_status fg_noise_estimate(const fg_image *in, double *sigma, fg_error *error);

/* The same with a thread count (0 = all cores, else 1..FG_MAX_THREADS). */
fg_status fg_noise_estimate_threads(const fg_image *in, int threads, double *sigma, fg_error *error);

#ifdef __cplusplus
}
#endif
#endif /* FG_NOISE_ESTIMATE_H */
