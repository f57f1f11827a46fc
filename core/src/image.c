/* image.c — validation and copying of image views. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

fg_image fg_image_make(float *data, int width, int height, int channels, int has_alpha)
{
    fg_image image = { data, width, height, channels,
                       (ptrdiff_t)width * (ptrdiff_t)channels, has_alpha };
    return image;
}

fg_status fg_image_check(const fg_image *image, fg_error *error)
{
    if (!image)
        return fg_fail(error, FG_ERR_NULL, "image view is NULL");
    if (!image->data)
        return fg_fail(error, FG_ERR_NULL, "image data pointer is NULL");
    if (image->width < 1 || image->height < 1)
        return fg_fail(error, FG_ERR_SIZE, "image size %dx%d: width and height must be at least 1",
                       image->width, image->height);
    if (image->channels < 1 || image->channels > 4)
        return fg_fail(error, FG_ERR_SIZE, "%d channels: must be 1 to 4", image->channels);
    if (image->has_alpha && image->channels < 2)
        return fg_fail(error, FG_ERR_SIZE, "an image with alpha needs at least 2 channels");
    size_t row = fg_mul_size((size_t)image->width, (size_t)image->channels);
    if (row == 0 || row > (size_t)PTRDIFF_MAX)
        return fg_fail(error, FG_ERR_SIZE, "image row of %d pixels is too large", image->width);
    if (image->stride < (ptrdiff_t)row)
        return fg_fail(error, FG_ERR_SIZE, "stride %td is smaller than width x channels (%zu)",
                       image->stride, row);
    /* The whole span, in bytes, must be addressable. */
    size_t span = fg_mul_size3((size_t)image->height - 1, (size_t)image->stride, sizeof(float));
    if (image->height > 1 && (span == 0 || span > (size_t)PTRDIFF_MAX / 2))
        return fg_fail(error, FG_ERR_SIZE, "image of %d rows with stride %td is too large",
                       image->height, image->stride);
    return fg_succeed(error);
}

/* Byte range [begin, end) covered by a valid view. */
static void image_span(const fg_image *image, uintptr_t *begin, uintptr_t *end)
{
    *begin = (uintptr_t)image->data;
    *end = (uintptr_t)fg_pixel(image, image->width - 1, image->height - 1)
           + (uintptr_t)image->channels * sizeof(float);
}

int fg_image_overlap(const fg_image *a, const fg_image *b)
{
    uintptr_t a_begin, a_end, b_begin, b_end;
    image_span(a, &a_begin, &a_end);
    image_span(b, &b_begin, &b_end);
    return a_begin < b_end && b_begin < a_end;
}

fg_status fg_image_check_pair(const fg_image *in, const fg_image *out, fg_error *error)
{
    fg_status status = fg_image_check(in, error);
    if (status != FG_OK)
        return status;
    if ((status = fg_image_check(out, error)) != FG_OK)
        return status;
    if (in->width != out->width || in->height != out->height || in->channels != out->channels
        || !in->has_alpha != !out->has_alpha)
        return fg_fail(error, FG_ERR_MISMATCH,
                       "input is %dx%d with %d channels%s, output is %dx%d with %d channels%s",
                       in->width, in->height, in->channels, in->has_alpha ? " (alpha)" : "",
                       out->width, out->height, out->channels, out->has_alpha ? " (alpha)" : "");
    if (in->data == out->data && in->stride == out->stride)
        return fg_succeed(error);
    if (fg_image_overlap(in, out))
        return fg_fail(error, FG_ERR_MISMATCH,
                       "input and output overlap without being the same buffer");
    return fg_succeed(error);
}

fg_status fg_image_check_finite(const fg_image *image, fg_error *error)
{
    fg_status status = fg_image_check(image, error);
    if (status != FG_OK)
        return status;
    size_t row = (size_t)image->width * (size_t)image->channels;
    for (int y = 0; y < image->height; y++) {
        const float *p = fg_pixel(image, 0, y);
        /* A whole row without an early exit (the loop vectorises: this scan
         * runs over every input of every filter), then the culprit. */
        int bad = 0;
        for (size_t i = 0; i < row; i++)
            bad |= !(fabsf(p[i]) <= FLT_MAX);
        for (size_t i = 0; bad && i < row; i++)
            if (!isfinite(p[i]))
                return fg_fail(error, FG_ERR_NONFINITE,
                               "pixel (%zu, %d) channel %zu is %s", i / (size_t)image->channels, y,
                               i % (size_t)image->channels, isnan(p[i]) ? "NaN" : "infinite");
    }
    return fg_succeed(error);
}

fg_status fg_image_copy(const fg_image *in, const fg_image *out, fg_error *error)
{
    fg_status status = fg_image_check_pair(in, out, error);
    if (status != FG_OK)
        return status;
    if (in->data != out->data) {
        size_t row = (size_t)in->width * (size_t)in->channels * sizeof(float);
        for (int y = 0; y < in->height; y++)
            memcpy(fg_pixel(out, 0, y), fg_pixel(in, 0, y), row);
    }
    return fg_succeed(error);
}
