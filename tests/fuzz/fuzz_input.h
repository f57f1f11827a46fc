/* fuzz_input.h — turns fuzzer bytes into image geometry, parameters and
 * pixels for the fuzz targets.  Geometry comes in three kinds: small images
 * whose buffer is really allocated (every pixel value, NaN and ±inf
 * included), images whose size overflows (the core must refuse them before
 * touching the data), and broken views (zero or negative sizes, bad channel
 * counts, short strides, NULL data). */
#ifndef FG_FUZZ_INPUT_H
#define FG_FUZZ_INPUT_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fg/common.h"

typedef struct {
    const uint8_t *data;
    size_t size;
} fuzz_bytes;

static inline uint8_t fuzz_u8(fuzz_bytes *in)
{
    if (in->size == 0)
        return 0;
    uint8_t v = in->data[0];
    in->data++;
    in->size--;
    return v;
}

static inline uint32_t fuzz_u32(fuzz_bytes *in)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v = (v << 8) | fuzz_u8(in);
    return v;
}

/* Any double: a few special values are made likely, others are raw bits. */
static inline double fuzz_double(fuzz_bytes *in)
{
    static const double special[] = { 0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 8.0, 1e-9, 1e9, 1e308,
                                      INFINITY, -INFINITY, NAN, 4.9e-324, 0.05, 0.01 };
    uint8_t pick = fuzz_u8(in);
    if (pick < 128)
        return special[pick % (sizeof special / sizeof special[0])];
    if (pick < 200)
        return (double)fuzz_u32(in) / 65536.0;     /* ordinary values 0 .. 65536 */
    uint64_t bits = ((uint64_t)fuzz_u32(in) << 32) | fuzz_u32(in);
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

/* Any int, with the interesting ones likely. */
static inline int fuzz_int(fuzz_bytes *in)
{
    static const int special[] = { 0, 1, 2, 3, -1, 10, 11, 127, 256, INT32_MAX, INT32_MIN, 100000, 4, 5 };
    uint8_t pick = fuzz_u8(in);
    if (pick < 160)
        return special[pick % (sizeof special / sizeof special[0])];
    return (int)fuzz_u32(in);
}

#define FUZZ_MAX_FLOATS 4096

/* Floats a valid view spans: full rows with their padding, and the last row
 * without it. */
static inline size_t fuzz_span(const fg_image *image)
{
    return (size_t)(image->height - 1) * (size_t)image->stride
           + (size_t)image->width * (size_t)image->channels;
}

/* An image view made from the input; *owned is the buffer to free (or NULL).
 * Returns 1 when the view's buffer really holds its pixels (safe to pass as
 * input or output), 0 when only a refusal is acceptable (overflowing or
 * broken geometry: the data must not be touched), -1 when the input makes
 * no usable case (a valid view too large to back with memory here). */
static inline int fuzz_image(fuzz_bytes *in, fg_image *image, float **owned)
{
    uint8_t kind = fuzz_u8(in);
    *owned = NULL;
    memset(image, 0, sizeof *image);
    if (kind < 200) {
        /* A real image of up to FUZZ_MAX_FLOATS floats. */
        int width = 1 + fuzz_u8(in) % 64, height = 1 + fuzz_u8(in) % 64;
        int channels = 1 + fuzz_u8(in) % 4;
        int pad = fuzz_u8(in) % 3;
        while ((size_t)width * height * channels + (size_t)pad * height > FUZZ_MAX_FLOATS)
            (width > height ? width : height) == width ? (width = (width + 1) / 2) : (height = (height + 1) / 2);
        size_t count = (size_t)(width * channels + pad) * height;
        float *data = malloc(count * sizeof *data);
        if (!data)
            return 0;
        for (size_t i = 0; i < count; i++) {
            uint8_t b = fuzz_u8(in);
            data[i] = b < 240 ? b / 239.0f : b == 240 ? NAN : b == 241 ? INFINITY : b == 242 ? -INFINITY
                    : b == 243 ? 1e30f : b == 244 ? -3.0f : 0.5f;
        }
        *owned = data;
        *image = fg_image_make(data, width, height, channels, channels >= 2 && (fuzz_u8(in) & 1));
        image->stride += pad;
        return 1;
    }
    /* Geometry the core must refuse without reading: a one-float dummy buffer
     * behind sizes that are zero, negative, inconsistent or overflowing. */
    static float dummy[4];
    image->data = (fuzz_u8(in) & 7) ? dummy : NULL;
    image->width = fuzz_int(in);
    image->height = fuzz_int(in);
    image->channels = fuzz_int(in);
    image->stride = (ptrdiff_t)fuzz_int(in) * (fuzz_u8(in) & 1 ? 1 : 65536);
    image->has_alpha = fuzz_u8(in) & 1;
    if (fg_image_check(image, NULL) != FG_OK)
        return 0;
    /* A valid view after all: it needs real memory behind it, or no call. */
    size_t span = fuzz_span(image);
    if (span > (1u << 18))
        return -1;
    float *data = malloc(span * sizeof *data);
    if (!data)
        return -1;
    for (size_t i = 0; i < span; i++)
        data[i] = 0.25f;
    *owned = data;
    image->data = data;
    return 1;
}

/* A second view of the same geometry as `like` (for outputs). */
static inline float *fuzz_output_like(const fg_image *like, fg_image *out)
{
    size_t count = fuzz_span(like);
    float *data = malloc(count * sizeof *data);
    if (!data)
        return NULL;
    for (size_t i = 0; i < count; i++)
        data[i] = -7.0f;            /* a marker: must survive every refusal */
    *out = *like;
    out->data = data;
    return data;
}

/* The output view for a case made by fuzz_image (`real` is its result):
 * for a real image a marked buffer of the same geometry, *out_data, which
 * the caller frees; otherwise (or without memory) the input's own view.
 * Returns how many floats of *out_data must survive a refused call. */
static inline size_t fuzz_output_for(int real, const fg_image *image, fg_image *out, float **out_data)
{
    *out_data = real ? fuzz_output_like(image, out) : NULL;
    if (!*out_data)
        *out = *image;
    return *out_data ? fuzz_span(image) : 0;
}

static inline int fuzz_untouched(const float *data, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (data[i] != -7.0f)
            return 0;
    return 1;
}

/* After a successful call: every pixel of `out` finite, its row padding untouched. */
static inline int fuzz_output_sane(const fg_image *out)
{
    size_t row = (size_t)out->width * (size_t)out->channels;
    for (int y = 0; y < out->height; y++) {
        const float *p = out->data + (ptrdiff_t)y * out->stride;
        for (size_t i = 0; i < row; i++)
            if (!isfinite(p[i]))
                return 0;
        for (size_t i = row; y + 1 < out->height && i < (size_t)out->stride; i++)
            if (p[i] != -7.0f)
                return 0;
    }
    return 1;
}

/* The error contract of fg/common.h after a call that wrote to `out` (when
 * out_data and out_count): on success a sane output (when check_result), on
 * error a message and an untouched output.  NULL when kept, else what broke. */
static inline const char *fuzz_contract_broken(fg_status status, const fg_error *error, const fg_image *out,
                                               const float *out_data, size_t out_count, int check_result)
{
    if (status == FG_OK && check_result && out_data && out_count && !fuzz_output_sane(out))
        return "a successful result has non-finite pixels or changed padding";
    if (status != FG_OK) {
        if (error->message[0] == '\0' || error->status != status)
            return "error without a message";
        if (out_data && out_count && !fuzz_untouched(out_data, out_count))
            return "output changed by a call that failed";
    }
    return NULL;
}

#endif
