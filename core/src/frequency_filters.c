/* frequency_filters.c — the smoothing parameters, the low-pass transfer
 * functions (ideal, Gaussian, Butterworth) and their masks on a spectrum
 * (frequency_filters.h; the formulas are in fg/frequency_smooth.h). */
#include <math.h>
#include <string.h>

#include "frequency_filters.h"
#include "pool.h"

#define HALF_PI 1.57079632679489661923   /* pi / 2 */

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
    params->shape = FG_SHAPE_LOWPASS;
    params->band_period = FG_SMOOTH_DEFAULT_BAND_PERIOD;
    params->notches = NULL;
    params->notch_count = 0;
}

static int filter_known(fg_lowpass filter)
{
    return (int)filter >= (int)FG_LOWPASS_IDEAL && (int)filter <= (int)FG_LOWPASS_BUTTERWORTH;
}

static int shape_known(fg_filter_shape shape)
{
    return (int)shape >= (int)FG_SHAPE_LOWPASS && (int)shape <= (int)FG_SHAPE_NOTCH;
}

static int is_band(fg_filter_shape shape)
{
    return shape == FG_SHAPE_BANDPASS || shape == FG_SHAPE_BANDREJECT;
}

fg_status fg_filter_params_check(const fg_smooth_params *params, fg_error *error)
{
    if (!params)
        return fg_fail(error, FG_ERR_NULL, "smoothing parameters are NULL");
    if (!filter_known(params->filter))
        return fg_fail(error, FG_ERR_PARAM, "unknown low-pass filter %d", (int)params->filter);
    if (!shape_known(params->shape))
        return fg_fail(error, FG_ERR_PARAM, "unknown filter shape %d", (int)params->shape);
    if (params->shape != FG_SHAPE_NOTCH && (!isfinite(params->cutoff) || !(params->cutoff > 0)))
        return fg_fail(error, FG_ERR_PARAM, "cutoff %g px: must be a finite period > 0 pixels", params->cutoff);
    if (params->filter == FG_LOWPASS_BUTTERWORTH
        && (params->order < FG_BUTTERWORTH_MIN_ORDER || params->order > FG_BUTTERWORTH_MAX_ORDER))
        return fg_fail(error, FG_ERR_PARAM, "Butterworth order %d: must be %d to %d", params->order,
                       FG_BUTTERWORTH_MIN_ORDER, FG_BUTTERWORTH_MAX_ORDER);
    if (is_band(params->shape)) {
        if (!isfinite(params->band_period) || !(params->band_period > 0))
            return fg_fail(error, FG_ERR_PARAM, "band period %g px: must be a finite period > 0 pixels",
                           params->band_period);
        if (params->band_period == params->cutoff)
            return fg_fail(error, FG_ERR_PARAM, "band period %g px equals the cutoff: the band is empty",
                           params->band_period);
    }
    if (params->shape == FG_SHAPE_NOTCH) {
        if (params->notch_count < 0 || params->notch_count > FG_MAX_NOTCHES)
            return fg_fail(error, FG_ERR_PARAM, "%d notches: must be 0 to %d", params->notch_count, FG_MAX_NOTCHES);
        if (params->notch_count > 0 && !params->notches)
            return fg_fail(error, FG_ERR_NULL, "%d notches but the notch array is NULL", params->notch_count);
        for (int i = 0; i < params->notch_count; i++) {
            const fg_notch *n = &params->notches[i];
            if (!(n->fx >= -0.5 && n->fx <= 0.5) || !(n->fy >= -0.5 && n->fy <= 0.5))
                return fg_fail(error, FG_ERR_PARAM, "notch %d at (%g, %g) cycles/px: must be within -0.5..0.5", i,
                               n->fx, n->fy);
            if (!(n->radius > 0 && n->radius <= 0.5))
                return fg_fail(error, FG_ERR_PARAM, "notch %d radius %g cycles/px: must be > 0 and <= 0.5", i,
                               n->radius);
        }
    }
    return FG_OK;
}

fg_status fg_smooth_params_check(const fg_smooth_params *params, int *threads, fg_error *error)
{
    fg_status status = fg_filter_params_check(params, error);
    if (status != FG_OK)
        return status;
    if (!fg_boundary_known(params->boundary))
        return fg_fail(error, FG_ERR_PARAM, "unknown boundary %d", (int)params->boundary);
    status = fg_threads_check(params->threads, threads, error);
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

/* ---- Shapes --------------------------------------------------------------------- */

/* A spot's reject part g(t) is cut where it drops below this. */
#define SPOT_CUT 1e-6

static double spot_cut_t(fg_lowpass filter, int order)
{
    switch (filter) {
    case FG_LOWPASS_IDEAL:
        return 1.0;
    case FG_LOWPASS_GAUSSIAN:
        return -2.0 * log(SPOT_CUT);                       /* exp(-t/2) = cut */
    case FG_LOWPASS_BUTTERWORTH:
        return pow(1.0 / SPOT_CUT - 1.0, 1.0 / order);     /* 1 / (1 + t^n) = cut */
    }
    return 0.0;
}

int fg_notch_spots(const fg_smooth_params *params, fg_boundary boundary, fg_spot *spots)
{
    if (params->shape != FG_SHAPE_NOTCH)
        return 0;
    const double t = spot_cut_t(params->filter, params->order);
    int count = 0;
    for (int i = 0; i < params->notch_count; i++) {
        const fg_notch *n = &params->notches[i];
        const double inverse_r2 = 1.0 / (n->radius * n->radius), reach = n->radius * sqrt(t);
        /* Periodic: the notch and its twin; mirror: the four sign combinations. */
        const double sx[4] = { n->fx, -n->fx, -n->fx, n->fx }, sy[4] = { n->fy, -n->fy, n->fy, -n->fy };
        const int copies = boundary == FG_BOUNDARY_MIRROR ? 4 : 2;
        for (int c = 0; c < copies; c++)
            spots[count++] = (fg_spot){ sx[c], sy[c], inverse_r2, reach };
    }
    return count;
}

void fg_shape_init(fg_shape *shape, const fg_smooth_params *params, fg_boundary boundary, fg_spot *spots)
{
    memset(shape, 0, sizeof *shape);
    shape->shape = params->shape;
    shape->filter = params->filter;
    shape->order = params->order;
    shape->cutoff2 = params->cutoff * params->cutoff;
    if (is_band(params->shape)) {
        double longer = fmax(params->cutoff, params->band_period), shorter = fmin(params->cutoff, params->band_period);
        shape->rho1 = 1.0 / longer;
        shape->rho2 = 1.0 / shorter;
    }
    shape->spot_t = spot_cut_t(params->filter, params->order);
    shape->spots = fg_notch_spots(params, boundary, spots);
    shape->spot = spots;
}

/* d - round(d): the signed distance modulo 1, in -0.5..0.5. */
static double wrap(double d)
{
    return d - nearbyint(d);
}

/* g(t) of one spot at distance (dx, dy), 0 beyond its cut. */
static double spot_reject(const fg_shape *shape, const fg_spot *spot, double dx, double dy)
{
    double t = (dx * dx + dy * dy) * spot->inverse_r2;
    return t <= shape->spot_t ? fg_transfer_u2(shape->filter, shape->order, t) : 0.0;
}

static double band_t(const fg_shape *shape, double rho2)
{
    if (!(rho2 > 0))
        return INFINITY;
    const double num = rho2 - shape->rho1 * shape->rho2, width = shape->rho2 - shape->rho1;
    return num * num / (rho2 * width * width);
}

double fg_shape_eval(const fg_shape *shape, double fx, double fy)
{
    const double rho2 = fx * fx + fy * fy;
    switch (shape->shape) {
    case FG_SHAPE_LOWPASS:
        return fg_transfer_u2(shape->filter, shape->order, rho2 * shape->cutoff2);
    case FG_SHAPE_HIGHPASS:
        return 1.0 - fg_transfer_u2(shape->filter, shape->order, rho2 * shape->cutoff2);
    case FG_SHAPE_BANDPASS:
        return fg_transfer_u2(shape->filter, shape->order, band_t(shape, rho2));
    case FG_SHAPE_BANDREJECT:
        return 1.0 - fg_transfer_u2(shape->filter, shape->order, band_t(shape, rho2));
    case FG_SHAPE_NOTCH: {
        double reject = 0.0;
        for (int s = 0; s < shape->spots; s++) {
            const fg_spot *spot = &shape->spot[s];
            reject = fmax(reject, spot_reject(shape, spot, wrap(fx - spot->fx), wrap(fy - spot->fy)));
        }
        return 1.0 - reject;
    }
    }
    return NAN;
}

double fg_filter_transfer(const fg_smooth_params *params, double fx, double fy)
{
    if (fg_filter_params_check(params, NULL) != FG_OK || !fg_boundary_known(params->boundary) || !isfinite(fx)
        || !isfinite(fy))
        return NAN;
    if (params->shape == FG_SHAPE_LOWPASS)
        return fg_lowpass_transfer(params->filter, params->order, hypot(fx, fy), 1.0 / params->cutoff);
    fg_spot spots[FG_MAX_SPOTS];
    fg_shape shape;
    fg_shape_init(&shape, params, params->boundary, spots);
    return fg_shape_eval(&shape, fx, fy);
}

/* ---- Masks --------------------------------------------------------------------- */

/* A zeroed mask with the layout's sizes, normalisation and per-axis tables. */
static fg_status mask_tables(fg_mask *mask, const fg_layout *layout, fg_error *error)
{
    memset(mask, 0, sizeof *mask);
    mask->cols = layout->spec_cols;
    mask->rows = (size_t)layout->height;
    /* Both pairs return W H times their input (transforms.h). */
    mask->scale = 1.0 / ((double)layout->width * layout->height);
    double *tables = fg_alloc_array(mask->cols + mask->rows, sizeof(double));
    if (!tables)
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for the filter tables");
    mask->col = tables;
    mask->row = tables + mask->cols;
    return FG_OK;
}

fg_status fg_mask_init(fg_mask *mask, const fg_smooth_params *params, const fg_layout *layout, fg_error *error)
{
    fg_status status = mask_tables(mask, layout, error);
    if (status != FG_OK)
        return status;
    const int periodic = layout->boundary == FG_BOUNDARY_PERIODIC;
    const double w = layout->width, h = layout->height;
    mask->filter = params->filter;
    mask->order = params->order;
    if (params->shape != FG_SHAPE_LOWPASS) {
        if (params->shape == FG_SHAPE_NOTCH && !(mask->spots = fg_alloc_array(FG_MAX_SPOTS, sizeof(fg_spot)))) {
            fg_mask_free(mask);
            return fg_fail(error, FG_ERR_NOMEM, "out of memory for the notch table");
        }
        fg_shape_init(&mask->shape, params, layout->boundary, mask->spots);
        /* The signed frequencies of the spectrum's columns and rows. */
        for (size_t k = 0; k < mask->cols; k++)
            mask->col[k] = periodic ? (double)k / w : (double)k / (2.0 * w);
        for (size_t k = 0; k < mask->rows; k++)
            mask->row[k] = !periodic ? (double)k / (2.0 * h)
                         : k > mask->rows / 2 ? -(double)(mask->rows - k) / h : (double)k / h;
        return FG_OK;
    }

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

fg_status fg_mask_init_resolvent(fg_mask *mask, double lambda, const fg_layout *layout, fg_error *error)
{
    if (layout->boundary != FG_BOUNDARY_MIRROR) {
        memset(mask, 0, sizeof *mask);
        return fg_fail(error, FG_ERR_PARAM, "the Tikhonov resolvent needs the mirror boundary");
    }
    fg_status status = mask_tables(mask, layout, error);
    if (status != FG_OK)
        return status;
    mask->resolvent = 1;
    /* 2 - 2 cos(pi k / N) = 4 sin^2(pi k / 2N): the path graph's Laplacian. */
    for (size_t k = 0; k < mask->cols; k++) {
        double s = sin(HALF_PI * (double)k / layout->width);
        mask->col[k] = 4.0 * lambda * s * s;
    }
    for (size_t k = 0; k < mask->rows; k++) {
        double s = sin(HALF_PI * (double)k / layout->height);
        mask->row[k] = 4.0 * lambda * s * s;
    }
    return FG_OK;
}

/* A notch mask column: only the spots that reach column fx are looked at. */
static void notch_column(const fg_mask *mask, double fx, float *values)
{
    const fg_shape *shape = &mask->shape;
    int near[FG_MAX_SPOTS];
    double dx[FG_MAX_SPOTS];
    int n = 0;
    for (int s = 0; s < shape->spots; s++) {
        double d = wrap(fx - shape->spot[s].fx);
        if (fabs(d) <= shape->spot[s].reach) {
            near[n] = s;
            dx[n++] = d;
        }
    }
    const float pass = (float)mask->scale;
    for (size_t y = 0; y < mask->rows; y++) {
        double reject = 0.0;
        for (int i = 0; i < n; i++) {
            const fg_spot *spot = &shape->spot[near[i]];
            double dy = wrap(mask->row[y] - spot->fy);
            if (fabs(dy) <= spot->reach)
                reject = fmax(reject, spot_reject(shape, spot, dx[i], dy));
        }
        values[y] = reject > 0.0 ? (float)(mask->scale * (1.0 - reject)) : pass;
    }
}

void fg_mask_block(const fg_mask *mask, size_t first, size_t count, float *values)
{
    const size_t rows = mask->rows;
    const double *row = mask->row;
    if (mask->resolvent) {
        for (size_t k = 0; k < count; k++, values += rows) {
            const double cx = 1.0 + mask->col[first + k];
            for (size_t y = 0; y < rows; y++)
                values[y] = (float)(mask->scale / (cx + row[y]));
        }
        return;
    }
    if (mask->shape.shape != FG_SHAPE_LOWPASS) {
        for (size_t k = 0; k < count; k++, values += rows) {
            const double fx = mask->col[first + k];
            if (mask->shape.shape == FG_SHAPE_NOTCH) {
                notch_column(mask, fx, values);
                continue;
            }
            for (size_t y = 0; y < rows; y++)
                values[y] = (float)(mask->scale * fg_shape_eval(&mask->shape, fx, row[y]));
        }
        return;
    }
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
    fg_free(mask->spots);
    mask->col = mask->row = NULL;
    mask->spots = NULL;
}
