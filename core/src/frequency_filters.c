/* frequency_filters.c — the smoothing parameters, the low-pass transfer
 * functions (ideal, Gaussian, Butterworth) and their masks on a spectrum
 * (frequency_filters.h; the formulas are in fg/frequency_smooth.h). */
#include <math.h>
#include <string.h>

#include "frequency_filters.h"
#include "pool.h"

/* ---- Parameters ------------------------------------------------------------------ */

void fg_smooth_params_init(fg_smooth_params *params)
{
    if (!params)
        return;
    memset(params, 0, sizeof *params);
    params->filter = FG_LOWPASS_GAUSSIAN;
    params->cutoff = FG_SMOOTH_DEFAULT_CUTOFF;
    params->order = 2;
    params->boundary = FG_BOUNDARY_MIRROR;
    params->threads = 0;
    params->progress = NULL;
    params->progress_data = NULL;
}

static int filter_known(fg_lowpass filter)
{
    return (int)filter >= (int)FG_LOWPASS_IDEAL && (int)filter <= (int)FG_LOWPASS_BUTTERWORTH;
}

fg_status fg_smooth_params_check(const fg_smooth_params *params, int *threads, fg_error *error)
{
    if (!params)
        return fg_fail(error, FG_ERR_NULL, "smoothing parameters are NULL");
    if (!filter_known(params->filter))
        return fg_fail(error, FG_ERR_PARAM, "unknown low-pass filter %d", (int)params->filter);
    if (!isfinite(params->cutoff) || !(params->cutoff > 0))
        return fg_fail(error, FG_ERR_PARAM, "cutoff %g px: must be a finite period > 0 pixels", params->cutoff);
    if (params->filter == FG_LOWPASS_BUTTERWORTH
        && (params->order < FG_BUTTERWORTH_MIN_ORDER || params->order > FG_BUTTERWORTH_MAX_ORDER))
        return fg_fail(error, FG_ERR_PARAM, "Butterworth order %d: must be %d to %d", params->order,
                       FG_BUTTERWORTH_MIN_ORDER, FG_BUTTERWORTH_MAX_ORDER);
    if (!fg_boundary_known(params->boundary))
        return fg_fail(error, FG_ERR_PARAM, "unknown boundary %d", (int)params->boundary);
    fg_status status = fg_threads_check(params->threads, threads, error);
    return status == FG_OK ? fg_succeed(error) : status;
}

/* ---- Transfer functions ------------------------------------------------------------ */

double fg_transfer_u2(fg_lowpass filter, int order, double t)
{
    switch (filter) {
    case FG_LOWPASS_IDEAL:
        return t <= 1.0 ? 1.0 : 0.0;
    case FG_LOWPASS_GAUSSIAN:
        return exp(-0.5 * t);
    case FG_LOWPASS_BUTTERWORTH: {
        double power = 1.0;   /* t^n = u^(2n); an integer power, no pow() */
        for (int i = 0; i < order; i++)
            power *= t;
        return 1.0 / (1.0 + power);
    }
    }
    return NAN;
}

double fg_lowpass_transfer(fg_lowpass filter, int order, double rho, double rho_c)
{
    if (!filter_known(filter) || !(rho_c > 0) || !isfinite(rho_c) || !(rho >= 0))
        return NAN;
    if (filter == FG_LOWPASS_BUTTERWORTH && (order < FG_BUTTERWORTH_MIN_ORDER || order > FG_BUTTERWORTH_MAX_ORDER))
        return NAN;
    double u = rho / rho_c;
    return fg_transfer_u2(filter, order, u * u);
}

/* ---- Masks --------------------------------------------------------------------- */

fg_status fg_mask_init(fg_mask *mask, const fg_smooth_params *params, const fg_layout *layout, fg_error *error)
{
    memset(mask, 0, sizeof *mask);
    const int periodic = layout->boundary == FG_BOUNDARY_PERIODIC;
    const double w = layout->width, h = layout->height;
    mask->filter = params->filter;
    mask->order = params->order;
    mask->cols = layout->spec_cols;
    mask->rows = (size_t)layout->height;
    /* Both pairs return W H times their input (transforms.h). */
    mask->scale = 1.0 / (w * h);
    double *tables = fg_alloc_array(mask->cols + mask->rows, sizeof(double));
    if (!tables)
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for the filter tables");
    mask->col = tables;
    mask->row = tables + mask->cols;

    /* u = f * cutoff (= rho / rho_c per axis), which stays finite and exact
     * at f = 0 however large the cutoff. */
    const int gaussian = params->filter == FG_LOWPASS_GAUSSIAN;
    for (size_t k = 0; k < mask->cols; k++) {
        double f = periodic ? (double)k / w : (double)k / (2.0 * w);
        double u = f * params->cutoff;
        mask->col[k] = gaussian ? exp(-0.5 * u * u) : u * u;
    }
    for (size_t k = 0; k < mask->rows; k++) {
        /* Periodic rows hold the frequencies 0, 1/H, ..., then the negative ones. */
        size_t index = periodic && k > mask->rows / 2 ? mask->rows - k : k;
        double f = periodic ? (double)index / h : (double)k / (2.0 * h);
        double u = f * params->cutoff;
        mask->row[k] = gaussian ? exp(-0.5 * u * u) : u * u;
    }
    return FG_OK;
}

void fg_mask_block(const fg_mask *mask, size_t first, size_t count, float *values)
{
    const size_t rows = mask->rows;
    const double *row = mask->row;
    for (size_t k = 0; k < count; k++, values += rows) {
        const double ux = mask->col[first + k];
        switch (mask->filter) {
        case FG_LOWPASS_GAUSSIAN: {
            /* Separable: exp(-(ux^2 + uy^2)/2) = exp(-ux^2/2) exp(-uy^2/2). */
            const double g = ux * mask->scale;
            for (size_t y = 0; y < rows; y++)
                values[y] = (float)(row[y] * g);
            break;
        }
        case FG_LOWPASS_IDEAL: {
            const float pass = (float)mask->scale;
            for (size_t y = 0; y < rows; y++)
                values[y] = ux + row[y] <= 1.0 ? pass : 0.0f;
            break;
        }
        case FG_LOWPASS_BUTTERWORTH:
            for (size_t y = 0; y < rows; y++)
                values[y] = (float)(mask->scale * fg_transfer_u2(FG_LOWPASS_BUTTERWORTH, mask->order, ux + row[y]));
            break;
        }
    }
}

void fg_mask_free(fg_mask *mask)
{
    fg_free(mask->col);
    mask->col = mask->row = NULL;
}
