/* internal.h — helpers shared by the core's source files; not installed. */
#ifndef FG_INTERNAL_H
#define FG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "fg/common.h"

/* Records `status` and a printf-style message in `error` (if non-NULL) and
 * returns `status`, so callers can write `return fg_fail (error, ...);`. */
fg_status fg_fail(fg_error *error, fg_status status, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Clears `error` to FG_OK / "" (if non-NULL) and returns FG_OK. */
fg_status fg_succeed(fg_error *error);

/* All core allocations go through these, so that tests can make the k-th
 * allocation fail and check every error path.  fg_alloc_array checks n * size
 * for overflow.  Memory is suitably aligned for SIMD (FFTW's allocator). */
void *fg_alloc(size_t size);
void *fg_alloc_array(size_t n, size_t size);
void  fg_free(void *pointer);

/* a * b and a * b * c without wrapping; 0 on overflow (callers treat 0 as
 * "too large" since every real factor is >= 1). */
size_t fg_mul_size(size_t a, size_t b);
size_t fg_mul_size3(size_t a, size_t b, size_t c);

/* Pointer to the first channel of pixel (x, y). */
static inline float *fg_pixel(const fg_image *image, int x, int y)
{
    return image->data + (ptrdiff_t)y * image->stride + (ptrdiff_t)x * image->channels;
}

/* The number of colour channels (channels without the alpha channel). */
static inline int fg_colour_channels(const fg_image *image)
{
    return image->has_alpha ? image->channels - 1 : image->channels;
}

/* Whether the memory spans of two valid views share any byte; a span runs
 * from the first pixel to the end of the last, padding between rows
 * included (so interleaved views of one buffer count as overlapping). */
int fg_image_overlap(const fg_image *a, const fg_image *b);

#endif /* FG_INTERNAL_H */
