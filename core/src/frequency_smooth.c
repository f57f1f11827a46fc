/* frequency_smooth.c — the public entry points of fg/frequency_smooth.h:
 * fg_frequency_smooth and the prepared smoothing (prepare, apply, free).
 * The work is done by the frequency engine (frequency_engine.h) with the
 * masks of frequency_filters.h and the image rows of frequency_rows.h. */
#include <string.h>

#include "frequency_engine.h"
#include "frequency_filters.h"
#include "frequency_rows.h"
#include "pool.h"

/* The engine's message for a failed load, made precise. */
static fg_status explain_load_failure(const fg_image *in, fg_error *error)
{
    fg_status status = fg_image_check_finite(in, error);   /* locates the pixel */
    if (status != FG_OK)
        return status;
    return fg_fail(error, FG_ERR_NONFINITE, "pixel values too large: colour times alpha overflows to infinity");
}

/* One engine pass over `layout`: rows are loaded from `in`, or, when
 * `spectra` is given, filtered from those forward-transformed planes; the
 * results go to `out`, colour un-premultiplied against `orig` (the input's
 * pixels; read only when it has alpha).  With a `stream`, pixels come from
 * and go to its callbacks instead of `in` and `out`. */
static fg_status smooth_pass(fg_fft_context *ctx, const fg_layout *layout, int planes, int threads,
                             const fg_smooth_params *params, const fg_image *in, const float *spectra,
                             const fg_image *orig, const fg_image *out, fg_row_stream *stream, float *keep,
                             fg_error *error)
{
    fg_store_target target;
    fg_engine_job job;
    memset(&job, 0, sizeof job);
    job.ctx = ctx;
    job.layout = layout;
    job.planes = planes;
    job.threads = threads;
    if (stream) {
        if (spectra) {
            job.spectra = spectra;
            fg_store_target_init(&target, orig, orig);   /* the colour range of the prepared pixels */
            memcpy(stream->lo, target.lo, sizeof stream->lo);
            memcpy(stream->hi, target.hi, sizeof stream->hi);
        } else {
            job.load_band = fg_stream_load_band;
            job.loaded = fg_stream_loaded;
            job.load_arg = stream;
        }
        job.store_band = fg_stream_store_band;
        job.store_arg = stream;
    } else {
        fg_store_target_init(&target, orig, out);
        if (spectra) {
            job.spectra = spectra;
        } else {
            job.load = fg_load_image_row;
            job.load_arg = (void *)in;
        }
        job.store = fg_store_image_row;
        job.store_arg = &target;
    }
    job.params = params;
    job.keep = keep;
    job.progress_from = 0.0;
    job.progress_to = 1.0;
    fg_status status = fg_engine_progress(params, 0.0, error);
    if (status == FG_OK)
        status = fg_engine_run(&job, error);
    if (stream && (status == FG_OK || job.load_failed))
        status = fg_row_stream_explain(stream, status, error);
    else if (job.load_failed)
        status = explain_load_failure(in, error);
    return status == FG_OK ? fg_succeed(error) : status;
}

/* ---- fg_frequency_smooth --------------------------------------------------------- */

fg_status fg_frequency_smooth(fg_fft_context *ctx, const fg_image *in, const fg_image *out,
                              const fg_smooth_params *params, fg_error *error)
{
    if (!in || !out)
        return fg_fail(error, FG_ERR_NULL, "%s image is NULL", !in ? "input" : "output");
    int threads;
    fg_status status = fg_image_check_pair(in, out, error);
    if (status != FG_OK)
        return status;
    if ((status = fg_smooth_params_check(params, &threads, error)) != FG_OK)
        return status;

    fg_layout layout;
    const int planes = in->channels;
    if ((status = fg_layout_init(&layout, in->width, in->height, params->boundary, planes, error)) != FG_OK)
        return status;
    return smooth_pass(ctx, &layout, planes, threads, params, in, NULL, in, out, NULL, NULL, error);
}

/* What both one-pass row calls check and set up first: the parameters
 * (resolving the thread count) and a stream that reads and writes. */
static fg_status rows_start(const fg_row_io *io, const fg_smooth_params *params, int *threads,
                            fg_row_stream *stream, fg_error *error)
{
    fg_status status = fg_smooth_params_check(params, threads, error);
    if (status != FG_OK)
        return status;
    return fg_row_stream_init(stream, io, NULL, *threads, FG_STREAM_READ | FG_STREAM_WRITE, error);
}

fg_status fg_frequency_smooth_rows(fg_fft_context *ctx, const fg_row_io *io, const fg_smooth_params *params,
                                   fg_error *error)
{
    int threads;
    fg_row_stream stream;
    fg_status status = rows_start(io, params, &threads, &stream, error);
    if (status != FG_OK)
        return status;
    fg_layout layout;
    if ((status = fg_layout_init(&layout, io->width, io->height, params->boundary, io->channels, error)) == FG_OK)
        status = smooth_pass(ctx, &layout, io->channels, threads, params, NULL, NULL, NULL, NULL, &stream, NULL,
                             error);
    fg_row_stream_free(&stream);
    return status;
}

/* ---- Prepared smoothing ---------------------------------------------------------- */

struct fg_smooth_prepared {
    fg_fft_context *ctx;
    int owns_ctx;
    fg_layout layout;
    int channels;
    int has_alpha;
    float *spectra;       /* `channels` forward-transformed planes */
    float *original;      /* packed copy of the input when it has alpha, else NULL */
};

void fg_smooth_prepared_free(fg_smooth_prepared *prepared)
{
    if (!prepared)
        return;
    if (prepared->owns_ctx)
        fg_fft_context_free(prepared->ctx);
    fg_free(prepared->spectra);
    fg_free(prepared->original);
    fg_free(prepared);
}

/* A prepared state for a width x height image with `channels` (alpha:
 * the last): its spectra, and room for the originals when it has alpha.
 * On error *state is NULL. */
static fg_status prepared_new(fg_fft_context *ctx, int width, int height, int channels, int has_alpha,
                              fg_boundary boundary, fg_smooth_prepared **out, fg_error *error)
{
    *out = NULL;
    fg_smooth_prepared *state = fg_alloc(sizeof *state);
    if (!state)
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for the prepared state");
    memset(state, 0, sizeof *state);
    state->channels = channels;
    state->has_alpha = has_alpha;
    fg_status status = fg_layout_init(&state->layout, width, height, boundary, channels, error);
    if (status == FG_OK) {
        state->ctx = ctx;
        if (!ctx) {
            state->owns_ctx = 1;
            if (!(state->ctx = fg_fft_context_new()))
                status = fg_fail(error, FG_ERR_NOMEM, "out of memory for an FFT context");
        }
    }
    if (status == FG_OK
        && !(state->spectra = fg_alloc_array(state->layout.plane_floats * (size_t)channels, sizeof(float))))
        status = fg_fail(error, FG_ERR_NOMEM, "out of memory for the %dx%d spectra", width, height);
    if (status == FG_OK && has_alpha) {
        size_t count = fg_mul_size3((size_t)width, (size_t)height, (size_t)channels);
        if (!(state->original = fg_alloc_array(count, sizeof(float))))
            status = fg_fail(error, FG_ERR_NOMEM, "out of memory for a copy of the %dx%d image", width, height);
    }
    if (status != FG_OK) {
        fg_smooth_prepared_free(state);
        return status;
    }
    *out = state;
    return FG_OK;
}

/* The originals of a stream into the prepared copy (alpha images): read
 * once more, for the alpha of every later result. */
static fg_status read_originals(const fg_row_io *io, fg_smooth_prepared *state, fg_error *error)
{
    fg_image copy = fg_image_make(state->original, io->width, io->height, io->channels, 1);
    for (int y = 0; y < io->height; y += FG_ROW_BAND) {
        int count = io->height - y < FG_ROW_BAND ? io->height - y : FG_ROW_BAND;
        if (io->read(io->user, y, count, fg_pixel(&copy, 0, y), (size_t)copy.stride) != 0)
            return fg_fail(error, FG_ERR_INTERNAL, "the row reader failed");
    }
    return FG_OK;
}

/* fg_smooth_prepare from `in`, or (in NULL) from a stream. */
static fg_status prepare(fg_fft_context *ctx, const fg_image *in, const fg_row_io *io, fg_boundary boundary,
                         int threads, fg_smooth_prepared **prepared, fg_error *error)
{
    if (!prepared)
        return fg_fail(error, FG_ERR_NULL, "prepared-state pointer is NULL");
    fg_row_stream stream;
    memset(&stream, 0, sizeof stream);
    fg_status status = !io ? fg_image_check(in, error) : FG_OK;
    if (status != FG_OK)
        return status;
    if (!fg_boundary_known(boundary))
        return fg_fail(error, FG_ERR_PARAM, "unknown boundary %d", (int)boundary);
    int resolved;
    if ((status = fg_threads_check(threads, &resolved, error)) != FG_OK)
        return status;
    if (io && (status = fg_row_stream_init(&stream, io, NULL, resolved, FG_STREAM_READ, error)) != FG_OK)
        return status;
    const int width = !io ? in->width : io->width, height = !io ? in->height : io->height;
    const int channels = !io ? in->channels : io->channels, has_alpha = !io ? in->has_alpha : io->has_alpha;

    fg_smooth_prepared *state = NULL;
    status = prepared_new(ctx, width, height, channels, has_alpha, boundary, &state, error);
    if (status == FG_OK) {
        fg_engine_job job;
        memset(&job, 0, sizeof job);
        job.ctx = state->ctx;
        job.layout = &state->layout;
        job.planes = channels;
        job.threads = resolved;
        job.buffer = state->spectra;
        if (!io) {
            job.load = fg_load_image_row;
            job.load_arg = (void *)in;
        } else {
            job.load_band = fg_stream_load_band;
            job.load_arg = &stream;
        }
        status = fg_engine_run(&job, error);
        if (io && (status == FG_OK || job.load_failed))
            status = fg_row_stream_explain(&stream, status, error);
        else if (job.load_failed)
            status = explain_load_failure(in, error);
    }
    if (status == FG_OK && state->original) {
        fg_image copy = fg_image_make(state->original, width, height, channels, 1);
        status = !io ? fg_image_copy(in, &copy, error) : read_originals(io, state, error);
    }
    fg_row_stream_free(&stream);
    if (status != FG_OK) {
        fg_smooth_prepared_free(state);
        return status;
    }
    *prepared = state;
    return fg_succeed(error);
}

fg_status fg_smooth_prepare(fg_fft_context *ctx, const fg_image *in, fg_boundary boundary, int threads,
                            fg_smooth_prepared **prepared, fg_error *error)
{
    return prepare(ctx, in, NULL, boundary, threads, prepared, error);
}

fg_status fg_smooth_prepare_rows(fg_fft_context *ctx, const fg_row_io *io, fg_boundary boundary, int threads,
                                 fg_smooth_prepared **prepared, fg_error *error)
{
    if (!io && prepared)
        return fg_fail(error, FG_ERR_NULL, "row io is NULL");
    return prepare(ctx, NULL, io, boundary, threads, prepared, error);
}

/* fg_smooth_apply to `out`, or (out NULL) to a stream. */
static fg_status apply(fg_smooth_prepared *prepared, const fg_smooth_params *params, const fg_image *out,
                       const fg_row_io *io, fg_error *error)
{
    if (!prepared)
        return fg_fail(error, FG_ERR_NULL, "prepared state is NULL");
    fg_status status = !io ? fg_image_check(out, error) : FG_OK;
    if (status != FG_OK)
        return status;
    const fg_layout *layout = &prepared->layout;
    const int width = !io ? out->width : io->width, height = !io ? out->height : io->height;
    const int channels = !io ? out->channels : io->channels, has_alpha = !io ? out->has_alpha : io->has_alpha;
    if (width != layout->width || height != layout->height || channels != prepared->channels
        || !has_alpha != !prepared->has_alpha)
        return fg_fail(error, FG_ERR_MISMATCH,
                       "output is %dx%d with %d channels%s, the prepared image %dx%d with %d channels%s",
                       width, height, channels, has_alpha ? " (alpha)" : "", layout->width,
                       layout->height, prepared->channels, prepared->has_alpha ? " (alpha)" : "");
    int threads;
    if ((status = fg_smooth_params_check(params, &threads, error)) != FG_OK)
        return status;
    if (params->boundary != layout->boundary)
        return fg_fail(error, FG_ERR_PARAM, "boundary %d differs from the prepared boundary %d",
                       (int)params->boundary, (int)layout->boundary);

    fg_image orig = { 0 };
    if (prepared->has_alpha)
        orig = fg_image_make(prepared->original, layout->width, layout->height, prepared->channels, 1);
    if (!io)
        return smooth_pass(prepared->ctx, layout, prepared->channels, threads, params, NULL, prepared->spectra,
                           &orig, out, NULL, NULL, error);
    fg_row_stream stream;
    if ((status = fg_row_stream_init(&stream, io, prepared->has_alpha ? &orig : NULL, threads, FG_STREAM_WRITE,
                                     error)) != FG_OK)
        return status;
    status = smooth_pass(prepared->ctx, layout, prepared->channels, threads, params, NULL, prepared->spectra,
                         &orig, NULL, &stream, NULL, error);
    fg_row_stream_free(&stream);
    return status;
}

fg_status fg_smooth_apply(fg_smooth_prepared *prepared, const fg_smooth_params *params, const fg_image *out,
                          fg_error *error)
{
    return apply(prepared, params, out, NULL, error);
}

fg_status fg_smooth_apply_rows(fg_smooth_prepared *prepared, const fg_smooth_params *params,
                               const fg_row_io *io, fg_error *error)
{
    if (!io && prepared)
        return fg_fail(error, FG_ERR_NULL, "row io is NULL");
    return apply(prepared, params, NULL, io, error);
}

/* ---- One pass that keeps the transform ------------------------------------------ */

fg_status fg_frequency_smooth_rows_prepared(fg_fft_context *ctx, const fg_row_io *io,
                                            const fg_smooth_params *params, fg_smooth_prepared **prepared,
                                            fg_error *error)
{
    if (!prepared)
        return fg_fail(error, FG_ERR_NULL, "prepared-state pointer is NULL");
    int threads;
    fg_row_stream stream;
    fg_status status = rows_start(io, params, &threads, &stream, error);
    if (status != FG_OK)
        return status;
    fg_smooth_prepared *state = NULL;
    status = prepared_new(ctx, io->width, io->height, io->channels, io->has_alpha, params->boundary, &state, error);
    if (status == FG_OK)
        status = smooth_pass(state->ctx, &state->layout, io->channels, threads, params, NULL, NULL, NULL, NULL,
                             &stream, state->spectra, error);
    if (status == FG_OK && state->original)
        status = read_originals(io, state, error);
    fg_row_stream_free(&stream);
    if (status != FG_OK) {
        fg_smooth_prepared_free(state);
        return status;
    }
    *prepared = state;
    return fg_succeed(error);
}
