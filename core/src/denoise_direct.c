/* denoise_direct.c — the Tikhonov minimiser by the DCT (denoise_direct.h):
 * the solver's planes go through the frequency engine with the resolvent
 * mask of frequency_filters.h, where they are when their rows have the
 * transforms' padding, else through a copy, and come back in place. */
#include <string.h>

#include "denoise_direct.h"
#include "frequency_engine.h"
#include "frequency_filters.h"

/* The transforms' layout of the planes; 1 when they are already laid out
 * that way (the rows padded to 16 floats are the rows themselves). */
static int planes_are_layout(const fg_layout *layout, int width, size_t plane)
{
    return layout->row_floats == (size_t)width && plane >= layout->plane_floats;
}

size_t fg_denoise_direct_work_floats(int width, int height, int channels, size_t plane)
{
    fg_layout layout;
    if (fg_layout_init(&layout, width, height, FG_BOUNDARY_MIRROR, channels, NULL) != FG_OK
        || planes_are_layout(&layout, width, plane))
        return 0;
    return fg_mul_size(layout.plane_floats, (size_t)channels);
}

typedef struct direct_rows {
    float *planes;
    size_t plane;
    int width, channels;
    fg_direct_cancel_fn cancel;
    void *cancel_arg;
} direct_rows;

static int load_row(void *arg, int y, float *const *rows)
{
    const direct_rows *d = arg;
    for (int c = 0; c < d->channels; c++)
        memcpy(rows[c], d->planes + (size_t)c * d->plane + (size_t)y * (size_t)d->width,
               (size_t)d->width * sizeof(float));
    return 0;       /* the solver's planes are finite */
}

static int store_row(void *arg, int y, float *const *rows)
{
    const direct_rows *d = arg;
    for (int c = 0; c < d->channels; c++)
        memcpy(d->planes + (size_t)c * d->plane + (size_t)y * (size_t)d->width, rows[c],
               (size_t)d->width * sizeof(float));
    return 0;
}

static int progress(void *arg, double fraction)
{
    (void)fraction;
    const direct_rows *d = arg;
    return d->cancel ? d->cancel(d->cancel_arg) : 0;
}

fg_status fg_denoise_direct_solve(float *planes, size_t plane, int width, int height, int channels, double lambda,
                                  float *work, fg_pool *pool, int threads, fg_direct_cancel_fn cancel,
                                  void *cancel_arg, fg_error *error)
{
    fg_layout layout;
    fg_status status = fg_layout_init(&layout, width, height, FG_BOUNDARY_MIRROR, channels, error);
    if (status != FG_OK)
        return status;
    fg_mask mask;
    if ((status = fg_mask_init_resolvent(&mask, lambda, &layout, error)) != FG_OK)
        return status;
    direct_rows rows = { planes, plane, width, channels, cancel, cancel_arg };
    fg_smooth_params params;            /* only for its progress callback */
    fg_smooth_params_init(&params);
    params.progress = progress;
    params.progress_data = &rows;

    fg_engine_job job;
    memset(&job, 0, sizeof job);
    job.layout = &layout;
    job.planes = channels;
    job.threads = threads;
    if (planes_are_layout(&layout, width, plane)) {
        layout.plane_floats = plane;    /* transformed where they are */
        job.buffer = planes;
    } else {
        job.buffer = work;
        job.load = load_row;
        job.load_arg = &rows;
        job.store = store_row;
        job.store_arg = &rows;
    }
    job.params = &params;
    job.mask = &mask;
    job.pool = pool;
    job.progress_from = 0.0;
    job.progress_to = 1.0;
    status = fg_engine_run(&job, error);
    fg_mask_free(&mask);
    return status;
}
