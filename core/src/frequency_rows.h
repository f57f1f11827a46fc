/* frequency_rows.h — image rows into the frequency engine's planes and
 * back out, with the alpha rules of fg/frequency_smooth.h: colour is
 * filtered premultiplied, F(a c) / F(a) comes back (limited to the visible
 * colour range), alpha itself is kept; internal. */
#ifndef FG_FREQUENCY_ROWS_H
#define FG_FREQUENCY_ROWS_H

#include "internal.h"

/* An fg_row_fn loader (frequency_engine.h): row y of the image `arg` (a
 * const fg_image *) into one plane per channel, colour premultiplied,
 * alpha as it is; non-zero when a value is not finite. */
int fg_load_image_row(void *arg, int y, float *const *rows);

/* Where smoothed rows go: `out`, un-premultiplied against `orig` (the
 * original pixels: alpha, and the colour where F(a) is ~0; read only with
 * alpha; may be `out` itself). */
typedef struct fg_store_target {
    const fg_image *orig;
    const fg_image *out;
    float lo[3], hi[3];     /* visible colour range (with alpha) */
} fg_store_target;

/* Sets up a target; with alpha this scans `orig` for its visible colour
 * range (per channel, over the pixels with alpha > 0). */
void fg_store_target_init(fg_store_target *target, const fg_image *orig, const fg_image *out);

/* An fg_row_fn store: the planes' row y into the target's output. */
int fg_store_image_row(void *target, int y, float *const *rows);

#endif /* FG_FREQUENCY_ROWS_H */
