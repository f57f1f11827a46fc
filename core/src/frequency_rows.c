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

/* store_row for a row of any layout: constant arguments let each case
 * compile to its own tight loop. */
static void store_row_of(float *const *s, const float *orig, float *dst, int width, int channels, int alpha,
                         const float *lo, const float *hi)
{
    switch (channels * 2 + (alpha ? 1 : 0)) {
    case 2:  store_row(s, orig, dst, width, 1, 0, lo, hi); break;
    case 4:  store_row(s, orig, dst, width, 2, 0, lo, hi); break;
    case 5:  store_row(s, orig, dst, width, 2, 1, lo, hi); break;
    case 6:  store_row(s, orig, dst, width, 3, 0, lo, hi); break;
    case 7:  store_row(s, orig, dst, width, 3, 1, lo, hi); break;
    case 8:  store_row(s, orig, dst, width, 4, 0, lo, hi); break;
    default: store_row(s, orig, dst, width, 4, 1, lo, hi); break;
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
    store_row_of(rows, orig, dst, out->width, out->channels, out->has_alpha, t->lo, t->hi);
    return 0;
}

/* ---- Row streams ------------------------------------------------------------------ */

fg_status fg_row_stream_init(fg_row_stream *stream, const fg_row_io *io, const fg_image *orig, int threads,
                             int needs, fg_error *error)
{
    memset(stream, 0, sizeof *stream);
    if (!io)
        return fg_fail(error, FG_ERR_NULL, "row io is NULL");
    /* Alpha results are written against their original rows, read again. */
    if ((needs & FG_STREAM_WRITE) && io->has_alpha && !orig)
        needs |= FG_STREAM_READ;
    if (((needs & FG_STREAM_READ) && !io->read) || ((needs & FG_STREAM_WRITE) && !io->write))
        return fg_fail(error, FG_ERR_NULL, "the row %s is NULL", (needs & FG_STREAM_READ) && !io->read ? "reader" : "writer");
    float unused;   /* the geometry is checked as an image view's, without pixels */
    fg_image shape = fg_image_make(&unused, io->width, io->height, io->channels, io->has_alpha);
    fg_status status = fg_image_check(&shape, error);
    if (status != FG_OK)
        return status;
    stream->io = io;
    stream->orig = orig;
    stream->workers = threads;
    stream->band_floats = fg_mul_size3(FG_ROW_BAND, (size_t)io->width, (size_t)io->channels);
    if (!(stream->bands = fg_alloc_array(fg_mul_size(stream->band_floats, (size_t)threads), sizeof(float))))
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for the row bands");
    for (int w = 0; w < threads; w++) {
        struct fg_stream_worker *k = &stream->worker[w];
        k->bad_y = -1;
        for (int c = 0; c < 3; c++) {
            k->lo[c] = FLT_MAX;
            k->hi[c] = -FLT_MAX;
        }
    }
    return fg_succeed(error);
}

void fg_row_stream_free(fg_row_stream *stream)
{
    fg_free(stream->bands);
    stream->bands = NULL;
}

/* The first non-finite value of a band's row, for the message. */
static void locate_nonfinite(struct fg_stream_worker *k, const float *row, int width, int channels, int y)
{
    if (k->bad_y >= 0 && k->bad_y <= y)
        return;
    for (int i = 0; i < width * channels; i++)
        if (!isfinite(row[i])) {
            k->bad_y = y;
            k->bad_x = i / channels;
            k->bad_c = i % channels;
            k->bad_nan = isnan(row[i]) != 0;
            return;
        }
    k->overflow = 1;
}

/* A worker's band buffer, and row r of a band of the engine's planes. */
static float *worker_band(const fg_row_stream *s, int worker)
{
    return s->bands + (size_t)worker * s->band_floats;
}

static void band_row(float *const *rows, size_t stride, int r, int planes, float *row[4])
{
    for (int p = 0; p < planes; p++)
        row[p] = rows[p] + (size_t)r * stride;
}

int fg_stream_load_band(void *arg, int worker, int y, int count, float *const *rows, size_t stride)
{
    fg_row_stream *s = arg;
    const fg_row_io *io = s->io;
    struct fg_stream_worker *k = &s->worker[worker];
    float *band = worker_band(s, worker);
    const size_t row_floats = (size_t)io->width * (size_t)io->channels;
    if (io->read(io->user, y, count, band, row_floats) != 0) {
        k->failed = 1;
        return 1;
    }
    const fg_image view = fg_image_make(band, io->width, count, io->channels, io->has_alpha);
    const int colours = io->channels - (io->has_alpha ? 1 : 0);
    int bad = 0;
    for (int r = 0; r < count; r++) {
        float *planes[4];
        band_row(rows, stride, r, io->channels, planes);
        const float *src = band + (size_t)r * row_floats;
        if (fg_load_image_row((void *)&view, r, planes)) {
            bad = 1;
            locate_nonfinite(k, src, io->width, io->channels, y + r);
            continue;
        }
        if (io->has_alpha)   /* the visible colour range, as visible_colour_range() */
            for (int x = 0; x < io->width; x++, src += io->channels) {
                if (!(src[colours] > 0.0f))
                    continue;
                k->any = 1;
                for (int c = 0; c < colours; c++) {
                    k->lo[c] = src[c] < k->lo[c] ? src[c] : k->lo[c];
                    k->hi[c] = src[c] > k->hi[c] ? src[c] : k->hi[c];
                }
            }
    }
    return bad;
}

void fg_stream_loaded(void *arg)
{
    fg_row_stream *s = arg;
    int any = 0;
    for (int c = 0; c < 3; c++) {
        s->lo[c] = FLT_MAX;
        s->hi[c] = -FLT_MAX;
    }
    for (int w = 0; w < s->workers; w++) {
        const struct fg_stream_worker *k = &s->worker[w];
        if (!k->any)
            continue;
        any = 1;
        for (int c = 0; c < 3; c++) {
            s->lo[c] = k->lo[c] < s->lo[c] ? k->lo[c] : s->lo[c];
            s->hi[c] = k->hi[c] > s->hi[c] ? k->hi[c] : s->hi[c];
        }
    }
    if (!any)
        for (int c = 0; c < 3; c++) {
            s->lo[c] = -FLT_MAX;
            s->hi[c] = FLT_MAX;
        }
}

int fg_stream_store_band(void *arg, int worker, int y, int count, float *const *rows, size_t stride)
{
    fg_row_stream *s = arg;
    const fg_row_io *io = s->io;
    struct fg_stream_worker *k = &s->worker[worker];
    float *band = worker_band(s, worker);
    const size_t row_floats = (size_t)io->width * (size_t)io->channels;
    const int alpha = io->has_alpha != 0;
    if (k->failed)
        return 1;
    if (alpha && !s->orig && io->read(io->user, y, count, band, row_floats) != 0) {
        k->failed = 1;
        return 1;
    }
    for (int r = 0; r < count; r++) {
        float *planes[4];
        band_row(rows, stride, r, io->channels, planes);
        float *dst = band + (size_t)r * row_floats;
        const float *orig = !alpha ? NULL : s->orig ? fg_pixel(s->orig, 0, y + r) : dst;
        store_row_of(planes, orig, dst, io->width, io->channels, alpha, s->lo, s->hi);
    }
    if (io->write(io->user, y, count, band, row_floats) != 0) {
        k->failed = 2;
        return 1;
    }
    return 0;
}

fg_status fg_row_stream_explain(const fg_row_stream *s, fg_status status, fg_error *error)
{
    int failed = 0, bad = -1, overflow = 0;
    for (int w = 0; w < s->workers; w++) {
        const struct fg_stream_worker *k = &s->worker[w];
        failed |= k->failed;
        overflow |= k->overflow;
        if (k->bad_y >= 0 && (bad < 0 || k->bad_y < s->worker[bad].bad_y))
            bad = w;
    }
    if (failed & 1)
        return fg_fail(error, FG_ERR_INTERNAL, "the row reader failed");
    if (failed & 2)
        return fg_fail(error, FG_ERR_INTERNAL, "the row writer failed");
    if (bad >= 0) {
        const struct fg_stream_worker *k = &s->worker[bad];
        return fg_fail(error, FG_ERR_NONFINITE, "pixel (%d, %d) channel %d is %s", k->bad_x, k->bad_y, k->bad_c,
                       k->bad_nan ? "NaN" : "infinite");
    }
    if (overflow)
        return fg_fail(error, FG_ERR_NONFINITE, "pixel values too large: colour times alpha overflows to infinity");
    return status;
}
