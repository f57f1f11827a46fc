/* fg/gradient_map.h — the magnitude of the image gradient, |grad u|, as an
 * image: what the TV denoiser of fg/gradient_denoise.h sees as edges.
 *
 * Follows fg/common.h: FG_OK or an error status with a message, output
 * untouched on any error, inputs never modified, no printing, no global
 * mutable state, thread-safe.
 *
 * The differences are those of the denoiser's model: forward differences
 * with the Neumann boundary,
 *     dx u(x, y) = u(x+1, y) - u(x, y),  0 in the last column,
 *     dy u(x, y) = u(x, y+1) - u(x, y),  0 in the last row,
 * of the colour channels premultiplied by alpha (alpha itself is not
 * included), and per pixel
 *     |grad u| = sqrt(sum_c dx u_c^2 + dy u_c^2).
 */
#ifndef FG_GRADIENT_MAP_H
#define FG_GRADIENT_MAP_H

#include "fg/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes |grad u| of `in` to `out`, a 1-channel view without alpha of the
 * same width and height.  normalise != 0 divides by the maximum, so the map
 * spans 0..1 (an all-zero map stays zero).  Magnitudes beyond the float
 * range (finite inputs near FLT_MAX) saturate at FLT_MAX, so the map is
 * always finite.  The views may share memory only as the very same buffer
 * (a 1-channel input without alpha, in place).  `threads`: 0 = all cores,
 * else 1..FG_MAX_THREADS; the result does not depend on it.  Errors:
 * FG_ERR_NULL, FG_ERR_SIZE, FG_ERR_MISMATCH (out not 1-channel, other size,
 * overlap), FG_ERR_PARAM (threads), FG_ERR_NONFINITE, FG_ERR_NOMEM. */
fg_status fg_gradient_map(const fg_image *in, const fg_image *out, int normalise, int threads,
                          fg_error *error);

#ifdef __cplusplus
}
#endif
#endif /* FG_GRADIENT_MAP_H */
