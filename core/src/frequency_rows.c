/* frequency_rows.c — image rows in and out of the frequency engine
 * (frequency_rows.h). */
#include <float.h>
#include <math.h>
#include <string.h>

#include "fg/frequency_smooth.h"
#include "frequency_rows.h"
#include "premultiply.h"

/* One row into the planes: deinterleave, premultiply colour by alpha, keep
 * alpha, flag non-finite results (which covers non-finite inputs and
 * overflow). */
int fg_load_image_row(void *arg, int y, float *const *rows)
{
    const fg_image *in = arg;
    const float *src = fg_pixel(in, 0, y);
    /* Constant arguments let each case compile to its own tight loop. */
    switch (in->channels * 2 + (in->has_alpha ? 1 : 0)) {
    case 2:  return fg_premultiply_row_fixed(rows, src, in->width, 1, 0, 1, 1);
    case 4:  return fg_premultiply_row_fixed(rows, src, in->width, 2, 0, 1, 1);
    case 5:  return fg_premultiply_row_fixed(rows, src, in->width, 1, 1, 1, 1);
    case 6:  return fg_premultiply_row_fixed(rows, src, in->width, 3, 0, 1, 1);
    case 7:  return fg_premultiply_row_fixed(rows, src, in->width, 2, 1, 1, 1);
    case 8:  return fg_premultiply_row_fixed(rows, src, in->width, 4, 0, 1, 1);
    default: return fg_premultiply_row_fixed(rows, src, in->width, 3, 1, 1, 1);
    }
}

/* One row from the planes: un-premultiply (F(a c) / F(a)) and interleave.
 * `orig` is the original row (alpha, and colour where F(a) is ~0); it may be
 * `dst` itself, so each pixel is read before it is written.  The quotient is
 * limited to [lo, hi], the range of the image's visible colour: for the
 * Gaussian (a positive kernel) it is a weighted mean of visible colours and
 * never leaves that range, but the ringing of the ideal and Butterworth
 * filters can make F(a) tiny where a is not, and the quotient explode. */
FG_ALWAYS_INLINE void store_row(float *const *s, const float *orig, float *dst, int width, int channels,
                                int alpha, const float *lo, const float *hi)
{
    if (!alpha) {
        for (int x = 0; x < width; x++)
            for (int c = 0; c < channels; c++)
                dst[x * channels + c] = s[c][x];
        return;
    }
    const int colours = channels - 1;
    const float epsilon = (float)FG_SMOOTH_ALPHA_EPSILON;
    for (int x = 0; x < width; x++) {
        const float filtered_alpha = s[colours][x];
        const float a = orig[x * channels + colours];
        if (filtered_alpha > epsilon) {
            for (int c = 0; c < colours; c++) {
                /* A ringing filter can leave F(a) barely above epsilon under
                 * huge colour values: never let the quotient overflow. */
                const float q = s[c][x] / filtered_alpha;
                dst[x * channels + c] = !(fabsf(q) <= FLT_MAX) ? orig[x * channels + c]
                                        : q < lo[c] ? lo[c] : q > hi[c] ? hi[c] : q;
            }
        } else {
            for (int c = 0; c < colours; c++)
                dst[x * channels + c] = orig[x * channels + c];
        }
        dst[x * channels + colours] = a;
    }
}

/* The range of each colour channel over the pixels with alpha > 0 (the
 * whole float range when nothing is visible, where it is never used). */
static void visible_colour_range(fg_store_target *t)
{
    const fg_image *orig = t->orig;
    const int colours = orig->channels - 1;
    int any = 0;
    for (int c = 0; c < 3; c++) {
        t->lo[c] = FLT_MAX;
        t->hi[c] = -FLT_MAX;
    }
    for (int y = 0; y < orig->height; y++) {
        const float *p = fg_pixel(orig, 0, y);
        for (int x = 0; x < orig->width; x++, p += orig->channels) {
            if (!(p[colours] > 0.0f))
                continue;
            any = 1;
            for (int c = 0; c < colours; c++) {
                t->lo[c] = p[c] < t->lo[c] ? p[c] : t->lo[c];
                t->hi[c] = p[c] > t->hi[c] ? p[c] : t->hi[c];
            }
        }
    }
    if (!any)
        for (int c = 0; c < 3; c++) {
            t->lo[c] = -FLT_MAX;
            t->hi[c] = FLT_MAX;
        }
}

void fg_store_target_init(fg_store_target *target, const fg_image *orig, const fg_image *out)
{
    memset(target, 0, sizeof *target);
    target->orig = orig;
    target->out = out;
    if (orig->has_alpha)
        visible_colour_range(target);
}

int fg_store_image_row(void *arg, int y, float *const *rows)
{
    const fg_store_target *t = arg;
    const fg_image *out = t->out;
    float *dst = fg_pixel(out, 0, y);
    const float *orig = out->has_alpha ? fg_pixel(t->orig, 0, y) : NULL;
    switch (out->channels * 2 + (out->has_alpha ? 1 : 0)) {
    case 2:  store_row(rows, orig, dst, out->width, 1, 0, t->lo, t->hi); break;
    case 4:  store_row(rows, orig, dst, out->width, 2, 0, t->lo, t->hi); break;
    case 5:  store_row(rows, orig, dst, out->width, 2, 1, t->lo, t->hi); break;
    case 6:  store_row(rows, orig, dst, out->width, 3, 0, t->lo, t->hi); break;
    case 7:  store_row(rows, orig, dst, out->width, 3, 1, t->lo, t->hi); break;
    case 8:  store_row(rows, orig, dst, out->width, 4, 0, t->lo, t->hi); break;
    default: store_row(rows, orig, dst, out->width, 4, 1, t->lo, t->hi); break;
    }
    return 0;
}
