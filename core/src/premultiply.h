/* premultiply.h — one row of an interleaved image view into planar rows,
 * colour premultiplied by alpha; internal.
 *
 * Every filter of the core works on planar, premultiplied colour (see
 * fg/common.h: transparent pixels must not bleed colour), so this is the
 * first step of each: the frequency engine's row loader, the denoiser's
 * packing and its per-sweep reads of f, and the gradient map.  The product
 * is the same float whichever loop computes it (a * c, correctly rounded),
 * so SIMD and scalar code give the same bits. */
#ifndef FG_PREMULTIPLY_H
#define FG_PREMULTIPLY_H

#include <float.h>
#include <math.h>
#include <stddef.h>

#include "simd.h"

#ifdef FG_SSE2
/* Four interleaved RGB pixels -> planar. */
FG_ALWAYS_INLINE void fg_split3(__m128 a, __m128 b, __m128 c, __m128 *r, __m128 *g, __m128 *bl)
{
    /* a = r0 g0 b0 r1, b = g1 b1 r2 g2, c = b2 r3 g3 b3 */
    __m128 t_r = _mm_shuffle_ps(b, c, _MM_SHUFFLE(1, 1, 2, 2));   /* r2 r2 r3 r3 */
    *r = _mm_shuffle_ps(a, t_r, _MM_SHUFFLE(2, 0, 3, 0));          /* r0 r1 r2 r3 */
    __m128 t_g0 = _mm_shuffle_ps(a, b, _MM_SHUFFLE(0, 0, 1, 1));   /* g0 g0 g1 g1 */
    __m128 t_g1 = _mm_shuffle_ps(b, c, _MM_SHUFFLE(2, 2, 3, 3));   /* g2 g2 g3 g3 */
    *g = _mm_shuffle_ps(t_g0, t_g1, _MM_SHUFFLE(2, 0, 2, 0));      /* g0 g1 g2 g3 */
    __m128 t_b0 = _mm_shuffle_ps(a, b, _MM_SHUFFLE(1, 1, 2, 2));   /* b0 b0 b1 b1 */
    __m128 t_b1 = _mm_shuffle_ps(c, c, _MM_SHUFFLE(3, 3, 0, 0));   /* b2 b2 b3 b3 */
    *bl = _mm_shuffle_ps(t_b0, t_b1, _MM_SHUFFLE(2, 0, 2, 0));     /* b0 b1 b2 b3 */
}

/* Lanes of v that are NaN or infinite, or-ed into *bad. */
FG_ALWAYS_INLINE void fg_flag_nonfinite(__m128 *bad, __m128 v)
{
    const __m128 magnitude = _mm_and_ps(v, _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff)));
    *bad = _mm_or_ps(*bad, _mm_cmpnle_ps(magnitude, _mm_set1_ps(FLT_MAX)));   /* NaN fails <= too */
}
#endif

/* Row `src` of `width` pixels with `colours` colour channels (then alpha
 * when `alpha`) into planes[c][x], c < colours: colour times alpha with
 * alpha, else copied.  With `alpha_plane`, alpha also goes to
 * planes[colours][x].  With `check`, returns non-zero when a value written
 * is not finite (a NaN or infinite input, or a product that overflows),
 * else 0.  Meant for literal arguments: each combination compiles to its
 * own loop, and the unused parts vanish. */
FG_ALWAYS_INLINE int fg_premultiply_row_fixed(float *const *planes, const float *restrict src, int width,
                                              int colours, int alpha, int alpha_plane, int check)
{
    const size_t w = (size_t)width, stride = (size_t)(colours + alpha);
    float *restrict d[4] = { NULL, NULL, NULL, NULL };
    for (int c = 0; c < colours + (alpha && alpha_plane); c++)
        d[c] = planes[c];
    size_t x = 0;
    int bad = 0;
#ifdef FG_SSE2
    __m128 bad_lanes = _mm_setzero_ps();
    if (colours == 3 && !alpha)
        for (; x + 4 <= w; x += 4) {
            __m128 r, g, b;
            fg_split3(_mm_loadu_ps(src + 3 * x), _mm_loadu_ps(src + 3 * x + 4), _mm_loadu_ps(src + 3 * x + 8),
                      &r, &g, &b);
            _mm_storeu_ps(d[0] + x, r);
            _mm_storeu_ps(d[1] + x, g);
            _mm_storeu_ps(d[2] + x, b);
            if (check) {
                fg_flag_nonfinite(&bad_lanes, r);
                fg_flag_nonfinite(&bad_lanes, g);
                fg_flag_nonfinite(&bad_lanes, b);
            }
        }
    if (colours == 3 && alpha)
        for (; x + 4 <= w; x += 4) {
            __m128 p0 = _mm_loadu_ps(src + 4 * x), p1 = _mm_loadu_ps(src + 4 * x + 4);
            __m128 p2 = _mm_loadu_ps(src + 4 * x + 8), p3 = _mm_loadu_ps(src + 4 * x + 12);
            _MM_TRANSPOSE4_PS(p0, p1, p2, p3);      /* now p0 = r, p1 = g, p2 = b, p3 = a */
            const __m128 r = _mm_mul_ps(p0, p3), g = _mm_mul_ps(p1, p3), b = _mm_mul_ps(p2, p3);
            _mm_storeu_ps(d[0] + x, r);
            _mm_storeu_ps(d[1] + x, g);
            _mm_storeu_ps(d[2] + x, b);
            if (alpha_plane)
                _mm_storeu_ps(d[3] + x, p3);
            if (check) {
                fg_flag_nonfinite(&bad_lanes, r);
                fg_flag_nonfinite(&bad_lanes, g);
                fg_flag_nonfinite(&bad_lanes, b);
                fg_flag_nonfinite(&bad_lanes, p3);
            }
        }
    if (check)
        bad = _mm_movemask_ps(bad_lanes) != 0;
#endif
    for (; x < w; x++) {
        const float *pixel = src + x * stride;
        const float a = alpha ? pixel[colours] : 1.0f;
        for (int c = 0; c < colours; c++) {
            const float v = alpha ? pixel[c] * a : pixel[c];
            d[c][x] = v;
            if (check)
                bad |= !(fabsf(v) <= FLT_MAX);
        }
        if (alpha && alpha_plane) {
            d[colours][x] = a;
            if (check)
                bad |= !(fabsf(a) <= FLT_MAX);
        }
    }
    return bad;
}

/* The colour of a row into planes[0 .. colours-1] (no alpha plane, no
 * check), for any colour count 1..4, with or without alpha. */
static inline void fg_premultiply_row(float *const *planes, const float *src, int width, int colours, int alpha)
{
    switch (colours * 2 + (alpha != 0)) {
    case 2: fg_premultiply_row_fixed(planes, src, width, 1, 0, 0, 0); break;
    case 3: fg_premultiply_row_fixed(planes, src, width, 1, 1, 0, 0); break;
    case 4: fg_premultiply_row_fixed(planes, src, width, 2, 0, 0, 0); break;
    case 5: fg_premultiply_row_fixed(planes, src, width, 2, 1, 0, 0); break;
    case 6: fg_premultiply_row_fixed(planes, src, width, 3, 0, 0, 0); break;
    case 7: fg_premultiply_row_fixed(planes, src, width, 3, 1, 0, 0); break;
    default: fg_premultiply_row_fixed(planes, src, width, 4, 0, 0, 0); break;
    }
}

/* One row of the mean of the colour channels, premultiplied by alpha and
 * times `scale` (and times wx[x] when wx is not NULL), into d: what the
 * spectrum images and the peak search transform.  Returns non-zero when a
 * value or an alpha is not finite. */
static inline int fg_mean_colour_row(const float *src, int width, int channels, int colours, int has_alpha,
                                     float scale, const float *wx, float *d)
{
    int bad = 0;
    for (int x = 0; x < width; x++) {
        const float *p = src + (size_t)x * (size_t)channels;
        float sum = 0.0f;
        for (int c = 0; c < colours; c++)
            sum += p[c];
        float v = (has_alpha ? p[colours] * sum : sum) * scale;
        bad |= !(fabsf(v) <= FLT_MAX) | !(fabsf(p[channels - 1]) <= FLT_MAX);
        d[x] = wx ? v * wx[x] : v;
    }
    return bad;
}

#endif /* FG_PREMULTIPLY_H */
