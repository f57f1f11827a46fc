/* spectrum.c — the centred log-magnitude spectra of the input and of the
 * smoothed result, and the transfer function, as display images (see
 * fg_frequency_spectra in fg/frequency_smooth.h). */
#include <float.h>
#include <math.h>
#include <string.h>

#include "frequency_engine.h"
#include "frequency_filters.h"
#include "premultiply.h"

static fg_status check_output(const fg_image *view, const char *name, const fg_image *in, fg_error *error)
{
    fg_status status = fg_image_check(view, error);
    if (status != FG_OK)
        return status;
    if (view->channels != 1 || view->has_alpha || view->width != in->width || view->height != in->height)
        return fg_fail(error, FG_ERR_MISMATCH, "%s must be a %dx%d 1-channel image without alpha, not %dx%d with "
                       "%d channels%s", name, in->width, in->height, view->width, view->height, view->channels,
                       view->has_alpha ? " (alpha)" : "");
    if (fg_image_overlap(view, in))
        return fg_fail(error, FG_ERR_MISMATCH, "%s overlaps the input image", name);
    return FG_OK;
}

/* Loads row y of the mean of the colour channels (premultiplied by alpha). */
static int load_signal_row(void *arg, int y, float *const *rows)
{
    const fg_image *in = arg;
    const int channels = in->channels, colours = fg_colour_channels(in);
    return fg_mean_colour_row(fg_pixel(in, 0, y), in->width, channels, colours, in->has_alpha,
                              1.0f / (float)colours, NULL, rows[0]);
}

/* Copies a smoothed row (mirror layout) into another plane (periodic layout). */
typedef struct row_copy {
    float *plane;
    size_t row_floats;
    int width;
} row_copy;

static int copy_row(void *arg, int y, float *const *rows)
{
    const row_copy *c = arg;
    memcpy(c->plane + (size_t)y * c->row_floats, rows[0], (size_t)c->width * sizeof(float));
    return 0;
}

/* |F| at the signed frequency indices (kx, ky) from a half spectrum (r2c
 * layout): F(-k) is the conjugate of F(k), with the same magnitude. */
static double magnitude_at(const float *half, const fg_layout *periodic, int kx, int ky)
{
    const int height = periodic->height;
    if (kx < 0) {
        kx = -kx;
        ky = -ky;
    }
    ky = ((ky % height) + height) % height;
    const float *z = half + (size_t)ky * periodic->row_floats + 2 * (size_t)kx;
    return hypot((double)z[0], (double)z[1]);
}

static double transfer_at(const fg_smooth_params *params, const fg_shape *shape, double fx, double fy)
{
    if (params->shape != FG_SHAPE_LOWPASS)
        return fg_shape_eval(shape, fx, fy);
    double ux = fx * params->cutoff, uy = fy * params->cutoff;
    return fg_transfer_u2(params->filter, params->order, ux * ux + uy * uy);
}

static float unit(double v)
{
    return (float)(v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v);
}

fg_status fg_frequency_spectra(fg_fft_context *ctx, const fg_image *in, const fg_smooth_params *params,
                               const fg_image *input_spectrum, const fg_image *result_spectrum,
                               const fg_image *transfer, fg_error *error)
{
    int threads;
    fg_status status = fg_image_check(in, error);
    if (status != FG_OK)
        return status;
    if ((status = fg_smooth_params_check(params, &threads, error)) != FG_OK)
        return status;
    const fg_image *outputs[3] = { input_spectrum, result_spectrum, transfer };
    static const char *const names[3] = { "input spectrum", "result spectrum", "transfer image" };
    for (int i = 0; i < 3; i++) {
        if (!outputs[i])
            continue;
        if ((status = check_output(outputs[i], names[i], in, error)) != FG_OK)
            return status;
        for (int j = 0; j < i; j++)
            if (outputs[j] && fg_image_overlap(outputs[i], outputs[j]))
                return fg_fail(error, FG_ERR_MISMATCH, "%s overlaps the %s", names[i], names[j]);
    }
    if (!input_spectrum && !result_spectrum && !transfer)
        return fg_succeed(error);

    const int width = in->width, height = in->height;
    const int mirror_result = result_spectrum && params->boundary == FG_BOUNDARY_MIRROR;
    fg_layout periodic, mirror;
    if ((status = fg_layout_init(&periodic, width, height, FG_BOUNDARY_PERIODIC, 2, error)) != FG_OK
        || (status = fg_layout_init(&mirror, width, height, FG_BOUNDARY_MIRROR, 1, error)) != FG_OK)
        return status;

    float *input_half = NULL;    /* half spectrum of the signal */
    float *result_half = NULL;   /* mirror only: half spectrum of the smoothed signal */
    float *smoothing = NULL;     /* mirror only: the signal smoothed in the DCT layout */
    double norm = 0.0;
    fg_engine_job job;
    memset(&job, 0, sizeof job);
    job.ctx = ctx;
    job.planes = 1;
    job.threads = threads;
    status = fg_engine_progress(params, 0.0, error);
    if (status == FG_OK && (input_spectrum || result_spectrum)) {
        if (!(input_half = fg_alloc_array(periodic.plane_floats, sizeof(float)))
            || (mirror_result && (!(result_half = fg_alloc_array(periodic.plane_floats, sizeof(float)))
                                  || !(smoothing = fg_alloc_array(mirror.plane_floats, sizeof(float))))))
            status = fg_fail(error, FG_ERR_NOMEM, "out of memory for %dx%d spectra", width, height);
        if (status == FG_OK) {
            job.layout = &periodic;
            job.buffer = input_half;
            job.load = load_signal_row;
            job.load_arg = (void *)in;
            status = fg_engine_run(&job, error);
        }
        if (status == FG_OK && mirror_result) {
            /* Smooth the signal with the mirror boundary, rows into a
             * periodic-layout plane, then its DFT. */
            row_copy copy = { result_half, periodic.row_floats, width };
            job.layout = &mirror;
            job.buffer = smoothing;
            job.params = params;
            job.store = copy_row;
            job.store_arg = &copy;
            job.progress_from = 0.1;
            job.progress_to = 0.7;
            status = fg_engine_run(&job, error);
            if (status == FG_OK) {
                memset(&job, 0, sizeof job);
                job.ctx = ctx;
                job.planes = 1;
                job.threads = threads;
                job.layout = &periodic;
                job.buffer = result_half;
                status = fg_engine_run(&job, error);
            }
        }
        if (job.load_failed) {
            status = fg_image_check_finite(in, error);
            if (status == FG_OK)
                status = fg_fail(error, FG_ERR_NONFINITE, "pixel values too large: the signal overflows");
        }
        if (status == FG_OK) {
            double largest = 0.0;
            for (int ky = 0; ky < height; ky++)
                for (int kx = 0; kx < (int)periodic.spec_cols; kx++)
                    largest = fmax(largest, magnitude_at(input_half, &periodic, kx, ky));
            norm = log1p(largest);
            status = fg_engine_progress(params, 0.9, error);
        }
    }
    if (status == FG_OK)
        status = fg_engine_progress(params, 1.0, error);

    if (status == FG_OK) {
        /* Centred: pixel (x, y) is the signed frequency index (x - W/2, y - H/2). */
        const int cx = width / 2, cy = height / 2;
        fg_spot spots[FG_MAX_SPOTS];
        fg_shape shape;
        fg_shape_init(&shape, params, params->boundary, spots);
        for (int y = 0; y < height; y++) {
            const int ky = y - cy;
            const double fy = (double)ky / height;
            for (int x = 0; x < width; x++) {
                const int kx = x - cx;
                const double fx = (double)kx / width;
                double h = (transfer || (result_spectrum && !mirror_result)) ? transfer_at(params, &shape, fx, fy) : 0.0;
                double magnitude = input_half ? magnitude_at(input_half, &periodic, kx, ky) : 0.0;
                if (input_spectrum)
                    *fg_pixel(input_spectrum, x, y) = norm > 0 ? unit(log1p(magnitude) / norm) : 0.0f;
                if (result_spectrum) {
                    double g = mirror_result ? magnitude_at(result_half, &periodic, kx, ky) : h * magnitude;
                    *fg_pixel(result_spectrum, x, y) = norm > 0 ? unit(log1p(g) / norm) : 0.0f;
                }
                if (transfer)
                    *fg_pixel(transfer, x, y) = unit(h);
            }
        }
    }
    fg_free(input_half);
    fg_free(result_half);
    fg_free(smoothing);
    return status == FG_OK ? fg_succeed(error) : status;
}
