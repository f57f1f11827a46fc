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
 * Clipping.  Noise clipped at the ends of the range (blown highlights at 1,
 * crushed shadows at 0, as a camera clips) is smaller than the noise of the
 * rest, and clipped windows have little structure, so a plain estimate runs
 * low (on flat grey 0.5 with sigma 25/255 and a white band over 10 / 25 / 50%
 * of it the previous version read 21.2 / 16.3 / 12.4).  Per channel, the
 * lowest (highest) value is a clip level when at least 0.05% of the pixels
 * (and 8) sit exactly at it.  Windows with a pixel at a clip level are left
 * out.  The others near a clip level see noise truncated there: for the
 * window's mean m, the signal s whose truncated-normal mean is m, and the
 * variance ratio v(s) of Gaussian noise of the current sigma truncated to
 * the open range, the response is scaled by v^-1/4 (half the variance
 * correction, in log: the structure selection already favours truncated
 * windows with a large response; the full correction reads up to 9% high),
 * and windows with v < 0.5 are left out; two rounds, each from the previous
 * sigma.  Without a clip level nothing changes.  Promised, and tested
 * (tests/core/test_noise_estimate.c, 256x256 grey and RGB, sigma 2, 5, 10,
 * 25, 50 of 255, noise clipped to 0..1): within 5% of the true sigma on flat
 * grey with a white band over 10, 25 or 50% of it, with a white and a black
 * band (25% each), and on smooth shading clipped at both ends.  On the
 * photographs of tests/data/photos with seeded noise clipped to 0..1 (README,
 * "Noise estimate"), the mean error is 1.2% at sigma 25 and 1.7% at 50
 * (worst photo 3.3% and 8.4%); at sigma 2..10 the photos' own grain and fine
 * texture (0.25 .. 2.5/255 on the clean photos) add to it.
 *
 * Signal-dependent model (fg_noise_model_estimate).  Camera noise grows with
 * brightness: variance a x + b (photon noise a x, read noise b).  The same
 * windows, with the clip handling above, are grouped by their mean into 16
 * brightness bins of 0..1 (colour channels pooled); per bin, the 35% with
 * the least structure and the median response give sigma(bin), and a, b are
 * the least-squares fit of sigma^2 against the bins' mean brightness,
 * weighted by count / sigma^4 (the variance of a variance estimate), over
 * the bins with at least 200 kept windows.  Promised, and tested
 * (tests/core/test_noise_estimate.c, 320x320 grey and RGB shading over
 * 0.05 .. 0.95, Poisson-Gaussian noise with a from 0 to 0.02 and b from 0 to
 * 0.0016): sqrt(a x + b) within 5% of the true sigma(x) for x in 0.1 .. 0.9;
 * with the noise clipped to 0..1 and the shading reaching both ends, for x
 * in 0.1 .. 0.8.  Texture biases each bin as it biases the single sigma.
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

/* A signal-dependent noise model: the noise variance at brightness x (0..1)
 * is a x + b (Poisson-Gaussian: a from photon noise, b from read noise). */
typedef struct fg_noise_model {
    double a, b;            /* variance = a x + b (either may come out slightly negative) */
    int bins;               /* brightness bins the fit used (0: nothing measured, a = b = 0) */
    double x_min, x_max;    /* mean brightness of the first and last of them: the range measured */
} fg_noise_model;

/* Estimates the model from the image (see "Signal-dependent model" above).
 * Writes *model only on success.  Errors as fg_noise_estimate_threads. */
fg_status fg_noise_model_estimate(const fg_image *in, int threads, fg_noise_model *model, fg_error *error);

/* sqrt(max(a x + b, 0)); NAN for a NULL model or a non-finite x. */
double fg_noise_model_sigma(const fg_noise_model *model, double x);

#ifdef __cplusplus
}
#endif
#endif /* FG_NOISE_ESTIMATE_H */
