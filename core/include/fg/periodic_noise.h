/* fg/periodic_noise.h — periodic noise: automatic detection of the isolated
 * peaks of an image's spectrum (sinusoidal interference, banding, halftone
 * screens) and their removal with the notch-reject filter of
 * fg/frequency_smooth.h.  Conventions of fg/common.h (status and message,
 * outputs untouched on error, inputs never modified, no printing, no
 * aborting, thread-safe); an fg_fft_context may be shared, or NULL.
 *
 * ---- What is detected ---------------------------------------------------------
 *
 * The signal is the one the spectrum views show: the mean of the colour
 * channels, premultiplied by alpha when there is alpha.  It is multiplied by
 * a separable Hann window (so the image's edges make no cross of leakage
 * through the spectrum) and transformed with a DFT of the image's own size
 * (any size; no padding).  With L = log |F| on that spectrum, a bin is a
 * peak when
 *   - it is above every other bin of its 5 x 5 neighbourhood;
 *   - it stands out of its surroundings: L minus the largest L at Chebyshev
 *     distance 3..4 bins is at least log 2 (an isolated spot, not a ridge:
 *     the lines that straight edges put through the spectrum fail this);
 *   - it is as narrow as a stationary sinusoid's peak: L minus the largest L
 *     2 bins away along x or y is at least log 2 (the Hann window's main
 *     lobe ends 2 bins from the frequency, where a sinusoid keeps at most
 *     0.21 of the peak bin's magnitude; the broad bump of a photograph's
 *     texture, a band of frequencies, keeps much more);
 *   - its strength, exp(L - the median of L at Chebyshev distance 3..8
 *     bins), is at least min_strength: the median of that annulus is the
 *     local background, which follows the image's own radially decaying
 *     spectrum (no global threshold);
 *   - its frequency rho = hypot(fx, fy) is at least 1 / max_period and it
 *     is at least 4 bins from the zero frequency along x or y: the low
 *     frequencies carry the picture.
 * The frequency is refined to a fraction of a bin by a parabola through the
 * log magnitudes of the peak and its neighbours, along x and along y
 * (typically within 0.1 bin; a bin is 1/W cycles per pixel along x, 1/H
 * along y).
 *
 * A peak (fx, fy) stands for the sinusoid cos(2 pi (fx x + fy y) + phase),
 * whose energy sits at (fx, fy) and at its twin (-fx, -fy); each is
 * reported once, as the twin with fx >= 0 (fx a little below 0 can come out
 * of the refinement of a peak on the fy axis).
 *
 * ---- Periodic noise removal ------------------------------------------------
 *
 * fg_periodic_noise_notches() detects peaks, optionally adds their
 * harmonics, and turns them into notches.  Harmonics are looked for on
 * halftone screens and for non-sinusoidal banding: a screen is a pair of
 * detected peaks p, q, not parallel (more than about 11.5 degrees apart),
 * whose sum or difference stands out too (a screen multiplies the picture,
 * so its whole lattice carries energy; two independent sinusoids add and
 * have none at p +- q); up to four screens are found, strongest first.
 * Candidates are the lattice points i p + j q, |i|, |j| <= 3, of every
 * screen and the multiples 2 p, 3 p of every peak, kept where the spectrum
 * has a strength of at least harmonic_strength against its local
 * background there.  With notch_radius 0 (automatic) a notch has the radius
 * 2 / min(W, H) (two bins of the shorter side: a sinusoid's peak), except
 * the notches on a screen's lattice: a screen replicates the picture's
 * spectrum around each of its lattice points, so their notches scale with
 * the lattice, FG_PERIODIC_SCREEN_RADIUS (0.3) times the shorter of |p|,
 * |q|, but small enough that the notch takes at most 1/1000 off the zero
 * frequency (the picture's mean: for the Gaussian profile the notch's
 * frequency is at least sqrt(2 ln 1000) = 3.7 radii away, which also
 * holds for lattice points aliased close to zero), and at least the small
 * radius.  A notch_radius above 0 applies to all.  fg_remove_periodic_noise()
 * then filters the image with those notches (FG_SHAPE_NOTCH with the given
 * profile and boundary); without any notch the output is an exact copy of
 * the input.
 */
#ifndef FG_PERIODIC_NOISE_H
#define FG_PERIODIC_NOISE_H

#include "fg/frequency_smooth.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A detected peak. */
typedef struct fg_peak {
    double fx, fy;       /* cycles per pixel, in -0.5 .. 0.5 (DFT sense; see above) */
    double strength;     /* peak magnitude / local background magnitude (>= min_strength) */
    double amplitude;    /* estimated amplitude of the sinusoid in the signal (pixel
                            value units, e.g. 0.05 for a +-0.05 ripple), roughly */
} fg_peak;

/* Default detection thresholds. */
#define FG_PEAK_DEFAULT_MAX_PERIOD 32.0
#define FG_PEAK_DEFAULT_MIN_STRENGTH 8.0

typedef struct fg_peak_params {
    double max_period;     /* px, finite and >= 2: periods longer than this (frequencies
                              below 1 / max_period) are never peaks.  Default 32. */
    double min_strength;   /* finite and > 1: how far a peak must stand above its local
                              background (a magnitude ratio).  Default 8 (18 dB). */
    int threads;           /* 0 = all cores (default), else 1..FG_MAX_THREADS */
    fg_progress_fn progress;   /* may be NULL (default); last call 1.0 before the results */
    void *progress_data;
} fg_peak_params;

void fg_peak_params_init(fg_peak_params *params);

/* Finds the peaks of `image`'s spectrum (see above) and writes the strongest
 * min(found, max_peaks) of them, strongest first, to peaks[0 ..], their
 * number to *count.  max_peaks >= 0; peaks may be NULL when it is 0 (the
 * call then only validates and sets *count = 0).
 * Memory: about two float copies of one W x H plane.
 * Errors: FG_ERR_NULL (image, params, count, or peaks with max_peaks > 0),
 * FG_ERR_SIZE, FG_ERR_PARAM (max_period, min_strength, threads, max_peaks < 0),
 * FG_ERR_NONFINITE, FG_ERR_TOO_LARGE, FG_ERR_NOMEM, FG_ERR_CANCELLED,
 * FG_ERR_INTERNAL. */
fg_status fg_find_periodic_peaks(fg_fft_context *ctx, const fg_image *image, const fg_peak_params *params,
                                 fg_peak *peaks, int max_peaks, int *count, fg_error *error);

/* Default harmonic threshold and notch count of the removal. */
#define FG_PERIODIC_DEFAULT_HARMONIC_STRENGTH 4.0
#define FG_PERIODIC_DEFAULT_MAX_NOTCHES 32
/* The automatic radius of a halftone screen's notches, as a fraction of the
 * screen's shortest basis frequency (see above): of 0.2, 0.3, 0.4 and 0.5,
 * the one that did best for notches on the true lattices of the halftoned
 * photographs of tests/core/test_periodic_photos.c (Gaussian profile). */
#define FG_PERIODIC_SCREEN_RADIUS 0.3

typedef struct fg_periodic_params {
    fg_peak_params detect;     /* detection; its threads and progress are used by the whole call */
    int max_notches;           /* 1..FG_MAX_NOTCHES, default 32: peaks and harmonics kept */
    int harmonics;             /* 0 or 1 (default 1): add the harmonics that stand out */
    double harmonic_strength;  /* finite and > 1, default 4: a harmonic's strength threshold */
    double notch_radius;       /* cycles per pixel, 0 < r <= 0.5; or 0 (default): automatic,
                                  2 / min(W, H), two frequency bins of the shorter side, and
                                  wider on halftone screens (see above) */
    fg_lowpass profile;        /* the notches' profile, default FG_LOWPASS_GAUSSIAN */
    int order;                 /* Butterworth order 1..10, default 2 */
    fg_boundary boundary;      /* of the filtering, default FG_BOUNDARY_MIRROR */
} fg_periodic_params;

void fg_periodic_params_init(fg_periodic_params *params);

/* Detection and notch placement only: writes up to min(max_notches,
 * params->max_notches) notches to notches[] and their number to *count
 * (fewer when fewer peaks stand out; 0 for an image without periodic
 * noise).  The notches are ready for FG_SHAPE_NOTCH with params->profile,
 * params->order and params->boundary.  Errors: as fg_find_periodic_peaks(),
 * and FG_ERR_PARAM for the fields of fg_periodic_params. */
/* The automatic notch radius of a width x height image (notch_radius 0):
 * 2 / min(width, height) cycles per pixel, two frequency bins of the
 * shorter side, at most 0.5.  Also what callers placing their own notches
 * use for "automatic". */
double fg_periodic_default_radius(int width, int height);

fg_status fg_periodic_noise_notches(fg_fft_context *ctx, const fg_image *image, const fg_periodic_params *params,
                                    fg_notch *notches, int max_notches, int *count, fg_error *error);

/* Removes the periodic noise of `in` into `out` (same geometry; in place
 * allowed): the notches of fg_periodic_noise_notches(), then
 * fg_frequency_smooth().  *notch_count (may be NULL) receives the number
 * of notches used.  Errors: as both calls, and those of
 * fg_image_check_pair(). */
fg_status fg_remove_periodic_noise(fg_fft_context *ctx, const fg_image *in, const fg_image *out,
                                   const fg_periodic_params *params, int *notch_count, fg_error *error);

#ifdef __cplusplus
}
#endif
#endif /* FG_PERIODIC_NOISE_H */
