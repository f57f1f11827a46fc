/* fg/common.h — what every freqgrad core function shares: status codes and
 * error messages, the image view, and the progress/cancel callback.
 *
 * The core is a plain C11 library (libc, libm, threads, FFTW3 single
 * precision).  It never prints, never aborts and keeps no mutable global
 * state of its own; every function is safe to call from several threads at
 * once on different outputs.
 *
 * Conventions of every entry point:
 *   - it returns FG_OK or an error status, and, when the caller passed a
 *     non-NULL fg_error, writes a one-line English message into it;
 *   - on any error the output image is left exactly as it was;
 *   - inputs are never modified.
 */
#ifndef FG_COMMON_H
#define FG_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Status codes -------------------------------------------------------- */

typedef enum fg_status {
    FG_OK = 0,
    FG_ERR_NULL,        /* a required pointer argument is NULL */
    FG_ERR_SIZE,        /* width, height, channels or stride invalid, or a size overflows */
    FG_ERR_PARAM,       /* a parameter is NaN, infinite, out of range, or an unknown enum value */
    FG_ERR_NONFINITE,   /* an input pixel is NaN or infinite */
    FG_ERR_MISMATCH,    /* input and output images differ in geometry, or overlap partially */
    FG_ERR_NOMEM,       /* a memory allocation failed */
    FG_ERR_TOO_LARGE,   /* the working set would exceed the documented memory limit */
    FG_ERR_CANCELLED,   /* the progress callback asked to stop */
    FG_ERR_INTERNAL     /* a library call failed unexpectedly (e.g. FFTW could not plan) */
} fg_status;

/* A short constant description of a status ("out of memory", ...).  Never NULL. */
const char *fg_status_string(fg_status status);

/* Room for a detailed message, filled by the function that failed. */
#define FG_ERROR_MESSAGE_SIZE 256
typedef struct fg_error {
    fg_status status;
    char message[FG_ERROR_MESSAGE_SIZE];   /* NUL-terminated, no trailing newline */
} fg_error;

/* ---- Image view ----------------------------------------------------------- */

/* A view of interleaved float pixels owned by the caller.
 *
 *   pixel (x, y), channel c  is  data[y * stride + x * channels + c]
 *
 * Values are on a 0..1 scale by convention (others are allowed and kept).
 * When has_alpha is set the last channel is straight (not premultiplied)
 * alpha; filters treat colour as premultiplied by it internally, so fully
 * transparent pixels never bleed colour into their neighbours, and they
 * leave alpha itself unchanged.
 *
 * Valid views: data != NULL, width >= 1, height >= 1, channels 1..4
 * (has_alpha needs channels >= 2), stride >= width * channels, and
 * height * stride must fit in memory sizes (checked, never wraps). */
typedef struct fg_image {
    float    *data;
    int       width;
    int       height;
    int       channels;
    ptrdiff_t stride;       /* floats from one row start to the next */
    int       has_alpha;
} fg_image;

/* A view of a tightly packed buffer (stride = width * channels). */
fg_image fg_image_make(float *data, int width, int height, int channels, int has_alpha);

/* Checks a view as described above. */
fg_status fg_image_check(const fg_image *image, fg_error *error);

/* Checks that `in` and `out` are valid and have the same width, height,
 * channels and alpha flag, and that they are either the very same buffer
 * (in-place: same data and stride) or do not overlap at all. */
fg_status fg_image_check_pair(const fg_image *in, const fg_image *out, fg_error *error);

/* Checks that every value of the view's pixels is finite (no NaN, no ±inf).
 * Returns FG_ERR_NONFINITE with the first offending pixel in the message. */
fg_status fg_image_check_finite(const fg_image *image, fg_error *error);

/* Copies `in` to `out` (same geometry; padding between rows untouched). */
fg_status fg_image_copy(const fg_image *in, const fg_image *out, fg_error *error);

/* ---- Progress and cancel -------------------------------------------------- */

/* Called from the thread that called the core function, with `fraction`
 * rising from 0 to 1.  Return 0 to go on, non-zero to cancel: the function
 * then stops soon, returns FG_ERR_CANCELLED and leaves the output untouched. */
typedef int (*fg_progress_fn)(void *user_data, double fraction);

/* ---- Threads ---------------------------------------------------------------- */

/* The number of threads used when a parameter struct says 0 ("all cores"). */
int fg_default_threads(void);

/* Largest thread count accepted anywhere. */
#define FG_MAX_THREADS 256

#ifdef __cplusplus
}
#endif
#endif /* FG_COMMON_H */
