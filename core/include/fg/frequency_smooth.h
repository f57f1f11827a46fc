/* fg/frequency_smooth.h — low-pass smoothing in the frequency domain (FFTW3,
 * single precision), the spectrum views of the interactive dialog, and the
 * FFT context that caches plans and buffers.
 *
 * Everything here follows the conventions of fg/common.h: a status return and
 * an optional fg_error message, the output left untouched on any error
 * (results are computed in internal buffers and `out` is written last, so
 * in-place operation, in == out, works), inputs never modified, no printing,
 * no aborting, safe to call from several threads at once.
 *
 * ---- Frequencies and the transfer function ---------------------------------
 *
 * Frequencies are spatial frequencies in cycles per pixel (0 .. 0.5 along an
 * axis; Nyquist is 0.5).  The filters are isotropic: they depend on the radial
 * frequency
 *
 *     rho = sqrt(fx^2 + fy^2)
 *
 * only, with the same scale along x and y whatever the image's aspect ratio.
 * The cutoff is given as a spatial PERIOD in pixels, `cutoff`, so that it
 * means the same on every image size:
 *
 *     rho_c = 1 / cutoff                      (cycles per pixel)
 *
 * With u = rho / rho_c (= rho * cutoff) the transfer functions are
 *
 *     ideal        H = 1 if u <= 1, else 0
 *     Gaussian     H = exp(-u^2 / 2)          = exp(-rho^2 / (2 rho_c^2))
 *     Butterworth  H = 1 / (1 + u^(2n))       n = order, 1..10
 *
 * so H(0) = 1 (the mean is kept), and at the cutoff H = 1 (ideal), e^-1/2 ≈
 * 0.607 (Gaussian) and 1/2 (Butterworth).  fg_lowpass_transfer() evaluates
 * exactly these formulas.  (The engine evaluates the Gaussian as the product
 * exp(-ux^2/2) * exp(-uy^2/2) of per-axis factors; this equals the above up
 * to rounding.)
 *
 * The Gaussian low-pass is a convolution with a spatial Gaussian of standard
 * deviation
 *
 *     sigma = 1 / (2 pi rho_c) = cutoff / (2 pi) pixels
 *
 * (the default cutoff of 8 px is sigma ≈ 1.27 px).
 *
 * Textbook notebooks write these filters with a distance D0 in samples of
 * the centred spectrum: H = exp(-D^2 / (2 D0^2)) with D the distance from
 * the spectrum's centre in index units.  On a spectrum of N samples per axis
 * (an N-pixel axis, unpadded) one index step is 1/N cycles per pixel, so
 *
 *     D0 = N * rho_c = N / cutoff.
 *
 * (On a zero-padded spectrum of P samples per axis, D0 = P * rho_c.)  For a
 * non-square image a single D0 in index units is anisotropic; the cutoff here
 * is isotropic in cycles per pixel.
 *
 * ---- Filter shapes -------------------------------------------------------------
 *
 * fg_smooth_params.shape chooses what the profile above (ideal, Gaussian or
 * Butterworth, written g(t) with t = u^2 so that the low-pass is H = g(u^2))
 * is turned into.  All shapes are real, even (H(-fx, -fy) = H(fx, fy)) and
 * between 0 and 1:
 *
 *   FG_SHAPE_LOWPASS    H = g(u^2),      u = rho * cutoff (the above; default)
 *   FG_SHAPE_HIGHPASS   H = 1 - g(u^2)   periods shorter than `cutoff` pass;
 *                                        H(0) = 0, so the mean goes too
 *   FG_SHAPE_BANDPASS   H = g(v^2)       a ring between two periods passes
 *   FG_SHAPE_BANDREJECT H = 1 - g(v^2)   that ring is removed (mean kept)
 *   FG_SHAPE_NOTCH      H = min over the notch spots s of 1 - g(d_s^2 / r^2)
 *
 * Band shapes: the ring lies between the periods `cutoff` and `band_period`
 * (either order, they must differ): rho_1 = 1 / (the longer period) and
 * rho_2 = 1 / (the shorter) cycles per pixel, and
 *
 *     v = (rho^2 - rho_1 rho_2) / (rho (rho_2 - rho_1))
 *
 * which is -1 at rho_1, 0 at the ring's (geometric) centre sqrt(rho_1 rho_2),
 * +1 at rho_2 and infinite at rho = 0 (the textbook band filters of
 * Gonzalez & Woods with D0^2 = rho_1 rho_2 and width W = rho_2 - rho_1).  So
 * the ideal band-pass passes exactly rho_1 <= rho <= rho_2, and at the
 * ring's edges the Gaussian band-pass is e^-1/2, the Butterworth 1/2.
 *
 * Notch reject: `notches` lists notch_count (0..FG_MAX_NOTCHES) spots, each
 * a frequency (fx, fy) in cycles per pixel in the DFT sense (fx, fy in
 * -0.5..0.5; a sinusoid cos(2 pi (fx x + fy y) + phase) has its energy at
 * (fx, fy) and its conjugate twin (-fx, -fy)) and a radius r in cycles per
 * pixel (0 < r <= 0.5).  d_s is the distance from the frequency to spot s,
 * taken modulo 1 along each axis (the DFT is periodic in frequency), and the
 * spots of one notch are
 *     periodic boundary  (fx, fy) and its twin (-fx, -fy)
 *     mirror boundary    the four (±fx, ±fy): the mirrored extension holds
 *                        the mirror images of every sinusoid, so a DCT
 *                        coefficient at (kx / 2W, ky / 2H) sees a notch at
 *                        (|fx|, |fy|); (fx, fy) and (fx, -fy) are then the
 *                        same notch.
 * Taking the minimum (not the product) means that overlapping or repeated
 * spots do not reject twice.  H = 0 at a spot's centre for every profile,
 * and at the distance r it is 0 (ideal), 1 - e^-1/2 ≈ 0.39 (Gaussian) or
 * 1/2 (Butterworth).  A spot's reject part is cut off where it is below
 * 1e-6 (Gaussian beyond about 5.3 r, Butterworth of order n beyond
 * 1000^(1/n) r), far below float resolution.  No notches: H = 1.
 *
 * fg_filter_transfer() evaluates H for any shape at (fx, fy).
 *
 * ---- Boundaries ----------------------------------------------------------------
 *
 * FG_BOUNDARY_MIRROR (default): the filter is applied to the image's even,
 * half-sample-symmetric extension (…c b a | a b c … x y z | z y x…), computed
 * with a DCT-II forward and a DCT-III back (the coefficients of FFTW's
 * REDFT10 / REDFT01, normalised by 2W * 2H; see "How it runs" for how they
 * are computed).  DCT index k along an axis of N pixels is the frequency
 * k / (2N) cycles per pixel.  Nothing wraps around from the
 * opposite edge; the result equals convolving the mirrored image with the
 * filter's kernel (periodised over the 2W x 2H extension).
 *
 * FG_BOUNDARY_PERIODIC: a plain real DFT (FFTW r2c / c2r); DFT index k along
 * an axis of N pixels is the frequency min(k, N - k) / N.  The image is
 * treated as one tile of a periodic pattern, so the smoothing mixes opposite
 * edges (wrap-around).
 *
 * Any width and height >= 1 work, prime sizes included (FFTW handles every
 * size, small prime factors are fastest).
 *
 * ---- Channels and alpha ----------------------------------------------------------
 *
 * Every channel is filtered the same way.  With alpha (fg_image.has_alpha,
 * last channel) colour is filtered premultiplied so that transparent pixels,
 * whose colour is invisible and often garbage, never bleed into their
 * neighbours:
 *
 *     out_colour = F(a * colour) / F(a)   where F(a) > FG_SMOOTH_ALPHA_EPSILON
 *     out_colour = colour                 elsewhere (far from any opacity, or
 *                                         where the quotient would overflow)
 *     out_alpha  = a                      (alpha itself is left unchanged)
 *
 * where F is the low-pass filter and a the original alpha.  The result is the
 * alpha-weighted average of the neighbourhood's visible colour.  The quotient
 * is limited to the range of the visible input colour (per channel, over the
 * pixels with a > 0): the Gaussian never leaves that range anyway, but the
 * ringing of the ideal and Butterworth filters can make F(a) tiny where a is
 * not, and the quotient would explode.
 *
 * The ideal and Butterworth filters ring (overshoot near edges), so results
 * may leave the input's 0..1 range.  The Gaussian does not, except slightly
 * for cutoffs below about 6 px, where H is still sizeable at Nyquist (0.5
 * cycles per pixel) and the cut there rings.  Callers that need 0..1 clamp.
 *
 * ---- Values ----------------------------------------------------------------------
 *
 * Input values must be finite: an image with NaN or infinite values is
 * refused with FG_ERR_NONFINITE (see fg_image_check_finite).  The same
 * status is returned when finite values are so large (beyond about 1e30)
 * that premultiplication or the transform overflows.  After success every
 * output value is finite.
 *
 * ---- How it runs: threads, memory, speed ---------------------------------------
 *
 * The 2-D transforms are done as 1-D FFTW transforms along the rows, then
 * along blocks of columns.  Pixels are deinterleaved (and premultiplied)
 * row by row right before each row's transform; each column block goes
 * forward, through the mask and back while it is in cache; each row goes
 * back and is interleaved (and un-premultiplied) into the output right
 * after.  That is about three passes over memory per channel, less than
 * FFTW's own 2-D transforms alone.
 *
 * `threads` (0 = all cores, else 1..FG_MAX_THREADS) is the number of threads
 * the engine runs rows and column blocks on (small images use fewer); FFTW's
 * plans are single-threaded.  Results do not depend on the thread count.
 *
 * Memory: one internal buffer of one float plane per channel (rows padded
 * to a multiple of 16 floats, 2(W/2+1) values for periodic), i.e. about one
 * float copy of the image, plus about 1.5 MB of cache-sized scratch per
 * thread and small tables.
 *
 * The mirror boundary's DCTs are computed from real DFTs of the same
 * length (even samples forward, odd samples backward, then a quarter-sample
 * twiddle), so both boundaries cost about the same.
 */
#ifndef FG_FREQUENCY_SMOOTH_H
#define FG_FREQUENCY_SMOOTH_H

#include "fg/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Parameters ------------------------------------------------------------------ */

typedef enum fg_lowpass {
    FG_LOWPASS_IDEAL,        /* sharp cutoff; rings */
    FG_LOWPASS_GAUSSIAN,     /* smooth, no ringing (default) */
    FG_LOWPASS_BUTTERWORTH   /* in between; sharper with higher order */
} fg_lowpass;

typedef enum fg_boundary {
    FG_BOUNDARY_MIRROR,      /* DCT: filter the mirrored extension, no wrap-around (default) */
    FG_BOUNDARY_PERIODIC     /* DFT: the image tiles periodically, edges wrap */
} fg_boundary;

typedef enum fg_filter_shape {
    FG_SHAPE_LOWPASS,        /* keep periods longer than `cutoff` (default) */
    FG_SHAPE_HIGHPASS,       /* keep periods shorter than `cutoff` */
    FG_SHAPE_BANDPASS,       /* keep the ring between `cutoff` and `band_period` */
    FG_SHAPE_BANDREJECT,     /* remove that ring */
    FG_SHAPE_NOTCH           /* remove small spots around `notches` */
} fg_filter_shape;

/* One notch of FG_SHAPE_NOTCH (see "Filter shapes"). */
typedef struct fg_notch {
    double fx, fy;           /* cycles per pixel, each in -0.5 .. 0.5 (DFT sense) */
    double radius;           /* cycles per pixel, 0 < radius <= 0.5 */
} fg_notch;

/* Most notches one filter takes. */
#define FG_MAX_NOTCHES 64

/* Butterworth order range. */
#define FG_BUTTERWORTH_MIN_ORDER 1
#define FG_BUTTERWORTH_MAX_ORDER 10

/* Filtered alpha at or below this keeps the original colour (see above). */
#define FG_SMOOTH_ALPHA_EPSILON 1e-6

/* Default cutoff period in pixels (Gaussian sigma ≈ 1.27 px): visible but
 * moderate smoothing of a photograph. */
#define FG_SMOOTH_DEFAULT_CUTOFF 8.0

typedef struct fg_smooth_params {
    fg_lowpass  filter;      /* default FG_LOWPASS_GAUSSIAN */
    double      cutoff;      /* cutoff period in pixels, finite and > 0; rho_c = 1 / cutoff
                                cycles per pixel.  Default FG_SMOOTH_DEFAULT_CUTOFF (8).
                                Below 2 px the cutoff lies above Nyquist and little is
                                removed; very large values keep only the mean. */
    int         order;       /* Butterworth order 1..10, default 2.  Checked and used only
                                when filter is FG_LOWPASS_BUTTERWORTH, ignored otherwise. */
    fg_boundary boundary;    /* default FG_BOUNDARY_MIRROR */
    int         threads;     /* 0 = all cores (default), else 1..FG_MAX_THREADS */
    fg_progress_fn progress; /* may be NULL (default) */
    void       *progress_data;
    fg_filter_shape shape;   /* default FG_SHAPE_LOWPASS; `filter` and `order` give the
                                profile of every shape.  `cutoff` is checked and used by
                                every shape but FG_SHAPE_NOTCH. */
    double      band_period; /* band shapes: the ring's other period in pixels, finite,
                                > 0 and != cutoff.  Default FG_SMOOTH_DEFAULT_BAND_PERIOD.
                                Checked and used only by the band shapes. */
    const fg_notch *notches; /* FG_SHAPE_NOTCH: notch_count notches (not copied; read
                                during the call, or until fg_smooth_apply returns) */
    int         notch_count; /* 0..FG_MAX_NOTCHES, default 0 */
} fg_smooth_params;

/* Default second period of the band shapes (with the default cutoff of 8:
 * the ring of periods 4 to 8 px). */
#define FG_SMOOTH_DEFAULT_BAND_PERIOD 4.0

/* Fills `params` with the defaults above.  NULL is ignored. */
void fg_smooth_params_init(fg_smooth_params *params);

/* H(rho) for a filter: the formulas above with u = rho / rho_c.  `order` is
 * looked at only for Butterworth.  Returns NaN for an unknown filter, a
 * Butterworth order outside 1..10, rho_c not finite and > 0, or rho NaN or
 * negative (rho = +inf gives 0). */
double fg_lowpass_transfer(fg_lowpass filter, int order, double rho, double rho_c);

/* H at the frequency (fx, fy) (cycles per pixel, any finite values; the
 * spectrum is periodic with period 1) for the shape, profile, cutoff, band
 * and notches of `params`, with the notch spots of params->boundary (see
 * "Filter shapes"); the low-pass gives exactly
 * fg_lowpass_transfer(filter, order, hypot(fx, fy), 1 / cutoff).  Returns
 * NaN for parameters fg_frequency_smooth() refuses (threads and progress
 * aside), NULL params, or fx or fy not finite. */
double fg_filter_transfer(const fg_smooth_params *params, double fx, double fy);

/* ---- FFT context: plan cache ----------------------------------------------------- */

/* Caches FFTW plans by transform problem (kind, length, count, distance:
 * rows of a given width, column blocks of a given height), so calls on
 * images of the same geometry plan only once (six plans per geometry and
 * boundary at most; up to 32 kept, least recently used dropped first), plus
 * the working buffers of the most recent call (about one float copy of its
 * image, and the per-thread scratch) so that the next call does not fault
 * in fresh pages; fg_fft_context_trim() releases those buffers.
 *
 * Planning policy: every plan is FFTW_ESTIMATE (instant; no call waits for
 * measurements), made with the process's FFTW wisdom set aside, so results
 * are bitwise the same whatever was planned, measured or imported as
 * wisdom in the process before (FFTW's estimate planner would otherwise
 * use measured wisdom, whose plans round differently), whatever the thread
 * count (plans are single-threaded, the core splits rows and columns), and
 * with or without a context.  Any wisdom the process has is kept: exported
 * to text, forgotten while the core plans, and imported back (another FFTW
 * user planning at that very moment without the core's lock could still
 * slip wisdom in).  The core never measures, imports or saves wisdom.  The price: measured plans
 * would make the engine faster on some sizes, periodic ones mostly, and
 * not on mirror ones (tests/bench/bench_plans.c; figures in the README).
 *
 * A context may be shared by any number of threads calling functions of this
 * header at once.  It must outlive every call and prepared state using it.
 * Passing NULL where a context is taken is allowed: plans are then made for
 * the call and destroyed after it. */
typedef struct fg_fft_context fg_fft_context;

/* A new empty context, or NULL when out of memory. */
fg_fft_context *fg_fft_context_new(void);

/* Destroys the plans and buffers of `ctx`; NULL is allowed.  No call may be
 * using the context. */
void fg_fft_context_free(fg_fft_context *ctx);

/* Frees the context's cached working buffers (plans are kept).  NULL is allowed. */
void fg_fft_context_trim(fg_fft_context *ctx);

/* ---- Smoothing ------------------------------------------------------------------ */

/* Smooths `in` into `out` (same width, height, channels and alpha flag; any
 * strides; in-place allowed).  ctx may be NULL (temporary plans).
 *
 * The progress callback, if any, is called from the calling thread with
 * fractions rising from 0 to 1 between steps (parts of the row pass, parts
 * of the column pass); the last call, with 1.0, comes just before the
 * output is written (by the final row pass), and cancelling there still
 * leaves it untouched.
 *
 * Errors: FG_ERR_NULL (in, out or params NULL), FG_ERR_SIZE / FG_ERR_MISMATCH
 * (see fg_image_check_pair), FG_ERR_PARAM (cutoff not finite and > 0,
 * Butterworth order outside 1..10, unknown filter or boundary, threads
 * outside 0..FG_MAX_THREADS, unknown shape, band_period not finite, > 0
 * and != cutoff for a band shape, notch_count outside 0..FG_MAX_NOTCHES,
 * a notch frequency outside -0.5..0.5 or radius outside (0, 0.5] or not
 * finite), FG_ERR_NULL also for notches NULL with notch_count > 0,
 * FG_ERR_NONFINITE (NaN or infinite pixels, or
 * overflow), FG_ERR_TOO_LARGE (a size beyond FFTW's int sizes, width about
 * 2^31 or height about 2^30, or a working buffer beyond memory sizes),
 * FG_ERR_NOMEM, FG_ERR_CANCELLED, FG_ERR_INTERNAL (FFTW could not plan). */
fg_status fg_frequency_smooth(fg_fft_context *ctx, const fg_image *in, const fg_image *out,
                              const fg_smooth_params *params, fg_error *error);

/* ---- Prepared smoothing for interactive previews -------------------------------- */

/* The forward transform of an image, kept so that a parameter change only
 * re-applies the mask and the inverse transform (about half the work).
 * Holds one float copy of the image (the transformed planes), plus a copy of
 * the original pixels when it has alpha (for the output alpha and the
 * far-from-opaque colour).  `in` is not referenced after preparing. */
typedef struct fg_smooth_prepared fg_smooth_prepared;

/* Transforms `in` for later fg_smooth_apply() calls with the same boundary.
 * ctx may be NULL: the prepared state then owns a private context; otherwise
 * ctx must outlive it.  `threads`: 0 = all cores, else 1..FG_MAX_THREADS.
 * On success *prepared receives the new state; on error it is not written.
 * Errors: FG_ERR_NULL, FG_ERR_SIZE, FG_ERR_PARAM (boundary, threads),
 * FG_ERR_NONFINITE, FG_ERR_TOO_LARGE, FG_ERR_NOMEM, FG_ERR_INTERNAL. */
fg_status fg_smooth_prepare(fg_fft_context *ctx, const fg_image *in, fg_boundary boundary, int threads,
                            fg_smooth_prepared **prepared, fg_error *error);

/* Writes the smoothing of the prepared image with `params` to `out`, which
 * must have the prepared image's width, height, channels and alpha flag (any
 * stride).  params->boundary must be the prepared boundary (else
 * FG_ERR_PARAM); params->threads and the progress callback apply to this
 * call.  The result equals fg_frequency_smooth() on the original image.
 * `prepared` is only read, so several threads may apply it at once.
 * Errors: as fg_frequency_smooth(), FG_ERR_MISMATCH for a wrong geometry. */
fg_status fg_smooth_apply(fg_smooth_prepared *prepared, const fg_smooth_params *params,
                          const fg_image *out, fg_error *error);

/* Frees a prepared state; NULL is allowed. */
void fg_smooth_prepared_free(fg_smooth_prepared *prepared);

/* ---- Pixels through row callbacks ------------------------------------------------ */

/* For pixels that are not one array in memory (GEGL's tiled buffers, an
 * image read in strips): the same smoothing, with the input read and the
 * result written a band of rows at a time, so that neither side copies the
 * whole image.  The results are bitwise those of the fg_image calls on the
 * same pixels.
 *
 * Rows are interleaved floats, `channels` per pixel (the last one alpha when
 * has_alpha), row r of a band at rows + r * stride.  The callbacks run on the
 * core's worker threads, several at once for different bands of at most
 * FG_ROW_BAND rows.  `read` is called once for every input row by the
 * forward transform and, with alpha, once more just before that row's result
 * is written (the original alpha and the colour where the filtered alpha is
 * ~0 come from it); `write` is called once for every result row, only after
 * the last progress call.  A callback returns 0, or non-zero to stop the
 * run with FG_ERR_INTERNAL (rows already written stay written). */
#define FG_ROW_BAND 16

typedef struct fg_row_io {
    int width, height;
    int channels;            /* 1..4 */
    int has_alpha;
    int (*read)(void *user, int y, int count, float *rows, size_t stride);
    int (*write)(void *user, int y, int count, const float *rows, size_t stride);
    void *user;
} fg_row_io;

/* fg_frequency_smooth() from io->read to io->write.  Errors: as
 * fg_frequency_smooth() (FG_ERR_NULL also for a NULL callback, FG_ERR_SIZE
 * for a bad geometry; the non-finite message locates the pixel), and
 * FG_ERR_INTERNAL when a callback fails. */
fg_status fg_frequency_smooth_rows(fg_fft_context *ctx, const fg_row_io *io, const fg_smooth_params *params,
                                   fg_error *error);

/* fg_frequency_smooth_rows() that also keeps the forward transform it makes:
 * on success *prepared receives the state fg_smooth_prepare_rows() would
 * have made (for fg_smooth_apply[_rows] with params->boundary), at the
 * price of storing the spectra as they pass (about a tenth of the time;
 * the memory of fg_smooth_prepare), not of a second forward transform.
 * ctx as for fg_smooth_prepare.  On error *prepared is not written.
 * Errors: as fg_frequency_smooth_rows(), FG_ERR_NULL for prepared NULL. */
fg_status fg_frequency_smooth_rows_prepared(fg_fft_context *ctx, const fg_row_io *io,
                                            const fg_smooth_params *params, fg_smooth_prepared **prepared,
                                            fg_error *error);

/* fg_smooth_prepare() reading io->read (io->write is not used). */
fg_status fg_smooth_prepare_rows(fg_fft_context *ctx, const fg_row_io *io, fg_boundary boundary, int threads,
                                 fg_smooth_prepared **prepared, fg_error *error);

/* fg_smooth_apply() writing to io->write (io->read is not used; the
 * geometry must be the prepared image's). */
fg_status fg_smooth_apply_rows(fg_smooth_prepared *prepared, const fg_smooth_params *params,
                               const fg_row_io *io, fg_error *error);

/* ---- Spectrum views ------------------------------------------------------------- */

/* Display images for the dialog: 1-channel float images (has_alpha 0) of the
 * input's width x height, values in 0..1, zero frequency at pixel (W/2, H/2)
 * (integer division; the classic centred view, numpy's fftshift order):
 * pixel (x, y) shows the DFT frequency fx = (x - W/2) / W, fy = (y - H/2) / H.
 *
 * The spectra are of the signal the filter works on: the mean of the colour
 * channels, premultiplied by alpha when there is alpha.  With F its
 * (unnormalised) DFT and M = max |F| (usually the zero frequency):
 *
 *   input_spectrum   log(1 + |F|) / log(1 + M)
 *   result_spectrum  log(1 + |G|) / log(1 + M), G the DFT of the smoothed
 *                    signal (same scale as the input's so the two compare;
 *                    clamped to 1).  Periodic: G = H F exactly; mirror: the
 *                    DFT of the mirror-boundary smoothing.
 *   transfer         H at the pixel's frequency, fg_filter_transfer()
 *                    (independent of the image content, and of the
 *                    boundary except for the notches' mirror spots).
 *
 * An all-zero signal gives all-zero spectra.  Any of the three outputs may be
 * NULL (all NULL: only validation).  Outputs must not overlap the input or
 * each other.  params gives the filter (result spectrum, transfer image), the
 * boundary (result spectrum), the threads and the progress callback, whose
 * last call (1.0) precedes the writes.
 * Errors: FG_ERR_NULL (ctx may be NULL, in and params may not),
 * FG_ERR_SIZE, FG_ERR_MISMATCH (an output not 1-channel W x H without alpha,
 * or overlapping), FG_ERR_PARAM, FG_ERR_NONFINITE, FG_ERR_TOO_LARGE,
 * FG_ERR_NOMEM, FG_ERR_CANCELLED, FG_ERR_INTERNAL. */
fg_status fg_frequency_spectra(fg_fft_context *ctx, const fg_image *in, const fg_smooth_params *params,
                               const fg_image *input_spectrum, const fg_image *result_spectrum,
                               const fg_image *transfer, fg_error *error);

#ifdef __cplusplus
}
#endif
#endif /* FG_FREQUENCY_SMOOTH_H */
