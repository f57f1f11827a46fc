/* test_smooth_rows.c — smoothing through row callbacks (fg_row_io,
 * core/src/frequency_rows.c) against the fg_image calls on the same
 * pixels: equal results for every layout, boundary, filter and thread
 * count; each row read and written as documented; failures reported with
 * the image calls' messages and nothing written. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "smooth_params.h"
#include "test_random.h"

/* The caller's side: an image read and written row band by row band, with
 * counts of what the core asked for (callbacks run on several threads, so
 * the counters are atomic). */
typedef struct rows_side {
    const fg_image *in;
    fg_image *out;
    int fail_read_at, fail_write_at;   /* a row whose band fails, or -1 */
    int max_band;
    _Atomic int reads[512], writes[512];
    _Atomic int bands_too_big;
} rows_side;

static float *row_of(const fg_image *image, int y)
{
    return image->data + (ptrdiff_t)y * image->stride;
}

/* Rows [y, y + count) between the caller's image and the core's band. */
static int side_copy(rows_side *s, int y, int count, float *band, size_t stride, int writing)
{
    const fg_image *image = writing ? s->out : s->in;
    const size_t row = sizeof(float) * (size_t)image->width * (size_t)image->channels;
    if (count < 1 || count > FG_ROW_BAND)
        s->bands_too_big++;
    if ((writing ? s->fail_write_at : s->fail_read_at) >= y && (writing ? s->fail_write_at : s->fail_read_at) < y + count)
        return 1;
    for (int r = 0; r < count; r++) {
        if (writing) {
            s->writes[y + r]++;
            memcpy(row_of(image, y + r), band + (size_t)r * stride, row);
        } else {
            s->reads[y + r]++;
            memcpy(band + (size_t)r * stride, row_of(image, y + r), row);
        }
    }
    return 0;
}

static int side_read(void *user, int y, int count, float *rows, size_t stride)
{
    return side_copy(user, y, count, rows, stride, 0);
}

static int side_write(void *user, int y, int count, const float *rows, size_t stride)
{
    return side_copy(user, y, count, (float *)rows, stride, 1);
}

static fg_row_io side_io(rows_side *s, const fg_image *in, fg_image *out)
{
    memset(s, 0, sizeof *s);
    s->in = in;
    s->out = out;
    s->fail_read_at = s->fail_write_at = -1;
    fg_row_io io = { in->width, in->height, in->channels, in->has_alpha, side_read, side_write, s };
    return io;
}

/* Pixels with noise and edges; with alpha, some transparent and some
 * half-transparent areas (where the un-premultiplying and the colour range
 * matter). */
static float *make_pixels(int w, int h, int channels, int alpha)
{
    float *data = malloc(sizeof(float) * (size_t)w * (size_t)h * (size_t)channels);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            float *p = data + ((size_t)y * w + x) * channels;
            for (int c = 0; c < channels; c++)
                p[c] = (float)(0.3 + 0.2 * ((x / 5 + y / 3 + c) % 3) + 0.05 * test_gauss());
            if (alpha)
                p[channels - 1] = x < w / 4 ? 0.0f : y < h / 3 ? 0.5f : 1.0f;
        }
    return data;
}

static int same_floats(const float *a, const float *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(a[i] == b[i]))
            return 0;
    return 1;
}

static int rows_written(const rows_side *s, int h)
{
    int written = 0;
    for (int y = 0; y < h; y++)
        written += s->writes[y];
    return written;
}

static int rows_counted(const rows_side *s, int h, int reads, int writes)
{
    for (int y = 0; y < h; y++)
        if (s->reads[y] != reads || s->writes[y] != writes)
            return 0;
    return s->bands_too_big == 0;
}

static void check_layout(int w, int h, int channels, int alpha, fg_boundary boundary, fg_lowpass filter,
                         int threads)
{
    char what[160];
    const size_t n = (size_t)w * h * channels;
    float *pixels = make_pixels(w, h, channels, alpha);
    float *expect = malloc(sizeof(float) * n), *got = malloc(sizeof(float) * n);
    fg_image in = fg_image_make(pixels, w, h, channels, alpha);
    fg_image ref = fg_image_make(expect, w, h, channels, alpha), out = fg_image_make(got, w, h, channels, alpha);
    fg_smooth_params params = make_params(filter, 7.0, 3, boundary);
    fg_fft_context *ctx = fg_fft_context_new();
    fg_error error;
    rows_side *side = malloc(sizeof *side);
    params.threads = threads;
    snprintf(what, sizeof what, "%dx%d, %d channels%s, boundary %d, filter %d, %d threads", w, h, channels,
             alpha ? " (alpha)" : "", (int)boundary, (int)filter, threads);

    fg_status ref_status = fg_frequency_smooth(ctx, &in, &ref, &params, &error);
    fg_row_io io = side_io(side, &in, &out);
    memset(got, 0xff, sizeof(float) * n);
    fg_status status = fg_frequency_smooth_rows(ctx, &io, &params, &error);
    char line[240];
    snprintf(line, sizeof line, "smooth_rows equals fg_frequency_smooth: %s", what);
    CHECK(ref_status == FG_OK && status == FG_OK && same_floats(expect, got, n), "%s", line);
    snprintf(line, sizeof line, "smooth_rows reads each row %d time(s), writes it once: %s", alpha ? 2 : 1, what);
    CHECK(rows_counted(side, h, alpha ? 2 : 1, 1), "%s", line);

    /* Prepared from rows, applied to rows (with another cutoff), against the image calls. */
    fg_smooth_prepared *from_image = NULL, *from_rows = NULL;
    params.cutoff = 11.0;
    fg_status a = fg_smooth_prepare(ctx, &in, boundary, threads, &from_image, &error);
    fg_status b = a == FG_OK ? fg_smooth_apply(from_image, &params, &ref, &error) : a;
    io = side_io(side, &in, &out);
    fg_status c = fg_smooth_prepare_rows(ctx, &io, boundary, threads, &from_rows, &error);
    snprintf(line, sizeof line, "prepare_rows reads each row %d time(s), writes none: %s", alpha ? 2 : 1, what);
    CHECK(c == FG_OK && rows_counted(side, h, alpha ? 2 : 1, 0), "%s", line);
    io = side_io(side, &in, &out);
    memset(got, 0xff, sizeof(float) * n);
    fg_status d = c == FG_OK ? fg_smooth_apply_rows(from_rows, &params, &io, &error) : c;
    snprintf(line, sizeof line, "prepare_rows + apply_rows equal prepare + apply: %s", what);
    CHECK(a == FG_OK && b == FG_OK && d == FG_OK && same_floats(expect, got, n), "%s", line);
    snprintf(line, sizeof line, "apply_rows reads nothing, writes each row once: %s", what);
    CHECK(rows_counted(side, h, 0, 1), "%s", line);

    /* One pass that keeps the transform: the one-pass result, then the
     * prepared state's result at the second cutoff. */
    fg_smooth_prepared *kept = NULL;
    params.cutoff = 7.0;
    io = side_io(side, &in, &out);
    memset(got, 0xff, sizeof(float) * n);
    fg_status e = fg_frequency_smooth_rows_prepared(ctx, &io, &params, &kept, &error);
    fg_status f = fg_frequency_smooth(ctx, &in, &ref, &params, &error);
    snprintf(line, sizeof line, "smooth_rows_prepared equals fg_frequency_smooth: %s", what);
    CHECK(e == FG_OK && f == FG_OK && kept && same_floats(expect, got, n), "%s", line);
    params.cutoff = 11.0;
    fg_status g = fg_smooth_apply(from_image, &params, &ref, &error);
    fg_status k = kept ? fg_smooth_apply(kept, &params, &out, &error) : FG_ERR_NULL;
    snprintf(line, sizeof line, "the state smooth_rows_prepared keeps applies as prepare's: %s", what);
    CHECK(g == FG_OK && k == FG_OK && same_floats(expect, got, n), "%s", line);
    fg_smooth_prepared_free(kept);

    fg_smooth_prepared_free(from_image);
    fg_smooth_prepared_free(from_rows);
    fg_fft_context_free(ctx);
    free(side);
    free(pixels);
    free(expect);
    free(got);
}

/* What goes wrong: the image call's message for a NaN, a failing reader or
 * writer, a cancel at the last progress call; no row written before the
 * last chance to stop. */
static int cancel_at_one(void *data, double fraction)
{
    (void)data;
    return fraction >= 1.0;
}

static void check_failures(void)
{
    const int w = 40, h = 37, channels = 4;
    const size_t n = (size_t)w * h * channels;
    float *pixels = make_pixels(w, h, channels, 1), *got = malloc(sizeof(float) * n);
    fg_image in = fg_image_make(pixels, w, h, channels, 1), out = fg_image_make(got, w, h, channels, 1);
    fg_smooth_params params = make_params(FG_LOWPASS_GAUSSIAN, 5.0, 2, FG_BOUNDARY_MIRROR);
    rows_side *side = malloc(sizeof *side);
    fg_error expect, error;

    pixels[((size_t)29 * w + 17) * channels + 2] = NAN;
    fg_status ref = fg_frequency_smooth(NULL, &in, &in, &params, &expect);
    fg_row_io io = side_io(side, &in, &out);
    fg_status status = fg_frequency_smooth_rows(NULL, &io, &params, &error);
    CHECK(ref == FG_ERR_NONFINITE && status == FG_ERR_NONFINITE && strcmp(expect.message, error.message) == 0,
          "a NaN: FG_ERR_NONFINITE with the image call's message (the pixel located)");
    CHECK(rows_written(side, h) == 0, "a NaN: no row written");
    pixels[((size_t)29 * w + 17) * channels + 2] = 0.5f;

    io = side_io(side, &in, &out);
    side->fail_read_at = 20;
    status = fg_frequency_smooth_rows(NULL, &io, &params, &error);
    CHECK(status == FG_ERR_INTERNAL && strstr(error.message, "reader") != NULL, "a failing reader: FG_ERR_INTERNAL");
    CHECK(rows_written(side, h) == 0, "a failing reader: no row written");

    io = side_io(side, &in, &out);
    side->fail_write_at = 30;
    status = fg_frequency_smooth_rows(NULL, &io, &params, &error);
    CHECK(status == FG_ERR_INTERNAL && strstr(error.message, "writer") != NULL, "a failing writer: FG_ERR_INTERNAL");

    io = side_io(side, &in, &out);
    params.progress = cancel_at_one;
    status = fg_frequency_smooth_rows(NULL, &io, &params, &error);
    CHECK(status == FG_ERR_CANCELLED && rows_written(side, h) == 0, "cancelled at the last progress call: no row written");
    params.progress = NULL;

    /* Arguments. */
    CHECK(fg_frequency_smooth_rows(NULL, NULL, &params, &error) == FG_ERR_NULL, "NULL io: FG_ERR_NULL");
    io = side_io(side, &in, &out);
    io.read = NULL;
    CHECK(fg_frequency_smooth_rows(NULL, &io, &params, &error) == FG_ERR_NULL, "NULL reader: FG_ERR_NULL");
    io = side_io(side, &in, &out);
    io.channels = 5;
    CHECK(fg_frequency_smooth_rows(NULL, &io, &params, &error) == FG_ERR_SIZE, "5 channels: FG_ERR_SIZE");
    io = side_io(side, &in, &out);
    io.height = 0;
    CHECK(fg_frequency_smooth_rows(NULL, &io, &params, &error) == FG_ERR_SIZE, "height 0: FG_ERR_SIZE");
    io = side_io(side, &in, &out);
    params.cutoff = -1.0;
    CHECK(fg_frequency_smooth_rows(NULL, &io, &params, &error) == FG_ERR_PARAM, "cutoff -1: FG_ERR_PARAM");
    params.cutoff = 5.0;

    fg_smooth_prepared *prepared = NULL;
    io = side_io(side, &in, &out);
    CHECK(fg_smooth_prepare_rows(NULL, &io, FG_BOUNDARY_MIRROR, 1, &prepared, &error) == FG_OK,
          "prepare_rows on 40x37 RGBA");
    io.width = 39;
    CHECK(fg_smooth_apply_rows(prepared, &params, &io, &error) == FG_ERR_MISMATCH,
          "apply_rows to another width: FG_ERR_MISMATCH");
    io = side_io(side, &in, &out);
    io.read = NULL;   /* the prepared copy holds the originals: apply needs no reader */
    CHECK(fg_smooth_apply_rows(prepared, &params, &io, &error) == FG_OK, "apply_rows with alpha needs no reader");
    CHECK(fg_smooth_apply_rows(prepared, &params, NULL, &error) == FG_ERR_NULL, "apply_rows NULL io: FG_ERR_NULL");
    CHECK(fg_smooth_apply_rows(NULL, &params, &io, &error) == FG_ERR_NULL, "apply_rows NULL state: FG_ERR_NULL");
    CHECK(fg_smooth_prepare_rows(NULL, NULL, FG_BOUNDARY_MIRROR, 1, &prepared, &error) == FG_ERR_NULL,
          "prepare_rows NULL io: FG_ERR_NULL");
    io = side_io(side, &in, &out);
    CHECK(fg_frequency_smooth_rows_prepared(NULL, &io, &params, NULL, &error) == FG_ERR_NULL,
          "smooth_rows_prepared NULL state pointer: FG_ERR_NULL");
    fg_smooth_prepared *untouched = (fg_smooth_prepared *)&side;
    pixels[((size_t)3 * w + 5) * channels] = INFINITY;
    CHECK(fg_frequency_smooth_rows_prepared(NULL, &io, &params, &untouched, &error) == FG_ERR_NONFINITE
              && untouched == (fg_smooth_prepared *)&side,
          "smooth_rows_prepared on an infinity: FG_ERR_NONFINITE, *prepared not written");
    pixels[((size_t)3 * w + 5) * channels] = 0.5f;
    fg_smooth_prepared_free(prepared);

    free(side);
    free(pixels);
    free(got);
}

int main(void)
{
    test_seed(11);
    static const int sizes[][2] = { { 37, 23 }, { 64, 48 }, { 50, 9 }, { 33, 65 } };
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (int channels = 1; channels <= 4; channels++)
            for (int alpha = 0; alpha <= (channels > 1); alpha++)
                check_layout(sizes[s][0], sizes[s][1], channels, alpha,
                             s % 2 ? FG_BOUNDARY_PERIODIC : FG_BOUNDARY_MIRROR,
                             (fg_lowpass)(s % 3), 1 + (int)(s + channels) % 3);
    check_failures();
    return check_done();
}
