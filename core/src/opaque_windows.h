/* opaque_windows.h — which 3x3 windows the noise and texture estimates
 * measure, and how they sample the rows of windows of a large image.
 *
 * Both estimates (noise_estimate.c, texture_estimate.c) look at the same
 * windows on purpose: the texture measure is read at the noise estimate's
 * sigma, so both must see the same pixels.  A window counts only when
 * every pixel in it is opaque enough: pixels of low alpha carry colour that
 * is not shown (often left-over or made-up values), and one of them would
 * pass for structure or noise.  Beyond FG_WINDOWS_MAX windows per channel
 * only every step-th row of windows is taken: that many samples already
 * pin a median or a quantile down far below its statistical error, and the
 * estimates stay cheap on large images.  Rows rather than single windows,
 * so the loops stay simple and memory is read in order. */
#ifndef FG_OPAQUE_WINDOWS_H
#define FG_OPAQUE_WINDOWS_H

#include <stddef.h>

#include "internal.h"

#define FG_WINDOW_MIN_ALPHA 0.5f            /* a pixel is opaque enough with alpha >= this */
#define FG_WINDOWS_MAX ((size_t)1 << 19)    /* per channel; beyond, rows of windows are sampled */

/* Whether the pixel (x, y) is opaque enough (always, without alpha). */
static inline int fg_pixel_opaque(const fg_image *im, int x, int y)
{
    return !im->has_alpha || fg_pixel(im, x, y)[im->channels - 1] >= FG_WINDOW_MIN_ALPHA;
}

/* Whether all 9 pixels of the 3x3 window centred on (x, y) are opaque
 * enough; (x, y) must be at least 1 pixel inside the image. */
static inline int fg_window_opaque(const fg_image *im, int x, int y)
{
    if (!im->has_alpha)
        return 1;
    int ok = 1;
    for (int dy = -1; dy <= 1 && ok; dy++)
        for (int dx = -1; dx <= 1 && ok; dx++)
            ok = fg_pixel_opaque(im, x + dx, y + dy);
    return ok;
}

/* The sampling of `*rows` rows (or lines) of `per_row` windows each: on
 * return *step is 1 and *rows unchanged when there are at most
 * FG_WINDOWS_MAX windows; otherwise every *step-th row is taken, and *rows
 * is the number of rows taken (row s of the sample is the first one plus
 * s * step). */
static inline void fg_windows_sample_rows(size_t per_row, int *rows, int *step)
{
    size_t total = per_row * (size_t)*rows;
    *step = 1;
    if (total > FG_WINDOWS_MAX) {
        size_t every = (total + FG_WINDOWS_MAX - 1) / FG_WINDOWS_MAX;
        *step = every > (size_t)*rows ? *rows : (int)every;
        *rows = (*rows + *step - 1) / *step;
    }
}

#endif
