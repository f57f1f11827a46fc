/* frequency_filters.h — the low-pass transfer functions (ideal, Gaussian,
 * Butterworth) and their masks on a transform layout; the smoothing
 * parameters that choose them.  Internal; the formulas are documented in
 * fg/frequency_smooth.h. */
#ifndef FG_FREQUENCY_FILTERS_H
#define FG_FREQUENCY_FILTERS_H

#include "transforms.h"

/* Validates smoothing parameters; on success *threads is the resolved thread
 * count (>= 1). */
fg_status fg_smooth_params_check(const fg_smooth_params *params, int *threads, fg_error *error);

/* H as a function of t = u^2 = (rho / rho_c)^2 (see the public header). */
double fg_transfer_u2(fg_lowpass filter, int order, double t);

/* The filter parameters (shape, profile, cutoff, band, notches; not the
 * boundary or threads) alone.  FG_ERR_NULL, FG_ERR_PARAM. */
fg_status fg_filter_params_check(const fg_smooth_params *params, fg_error *error);

/* One spot of a notch filter: its centre, 1 / r^2, and how far (in cycles
 * per pixel along each axis) its reject part reaches before it is cut. */
typedef struct fg_spot {
    double fx, fy, inverse_r2, reach;
} fg_spot;

/* Most spots a filter has: four per notch (mirror). */
#define FG_MAX_SPOTS (4 * FG_MAX_NOTCHES)

/* The spots of `params`' notches on `boundary` into spots[FG_MAX_SPOTS];
 * returns their number.  Parameters already checked. */
int fg_notch_spots(const fg_smooth_params *params, fg_boundary boundary, fg_spot *spots);

/* A compiled filter: the shape and what it needs, evaluated at signed
 * frequencies (fx, fy) by fg_shape_eval.  Parameters already checked. */
typedef struct fg_shape {
    fg_filter_shape shape;
    fg_lowpass filter;
    int order;
    double cutoff2;          /* cutoff^2 (low- and high-pass) */
    double rho1, rho2;       /* band: 1 / longer period, 1 / shorter period */
    double spot_t;           /* notch: t beyond which a spot's reject part is cut */
    int spots;
    const fg_spot *spot;
} fg_shape;

/* `spots` must hold FG_MAX_SPOTS entries and outlive the shape. */
void fg_shape_init(fg_shape *shape, const fg_smooth_params *params, fg_boundary boundary, fg_spot *spots);
double fg_shape_eval(const fg_shape *shape, double fx, double fy);

/* The transfer function sampled on a layout's spectrum, times the
 * normalisation of the unnormalised transform pair.  Made from per-axis
 * tables: the low-pass Gaussian is separable, the low-pass ideal and
 * Butterworth depend on ux^2 + uy^2; the other shapes are evaluated from
 * the signed frequencies. */
typedef struct fg_mask {
    fg_lowpass filter;
    int order;
    size_t cols, rows;
    double scale;
    double *col;     /* low-pass Gaussian: exp(-ux^2/2); low-pass: ux^2; else fx */
    double *row;     /* low-pass Gaussian: exp(-uy^2/2); low-pass: uy^2; else fy */
    fg_shape shape;
    fg_spot *spots;  /* notch: FG_MAX_SPOTS */
    int resolvent;   /* fg_mask_init_resolvent: col, row hold lambda times the axes' eigenvalues */
} fg_mask;

/* The mask of `params` (filter, cutoff, order) on `layout`.  FG_ERR_NOMEM. */
fg_status fg_mask_init(fg_mask *mask, const fg_smooth_params *params, const fg_layout *layout, fg_error *error);

/* The mask of the Tikhonov resolvent on a mirror layout:
 *     H = 1 / (1 + lambda (4 sin^2(pi fx) + 4 sin^2(pi fy))),
 * the eigenvalues of I - lambda div grad (forward differences, Neumann
 * boundary; fg/gradient_denoise.h) on the DCT-II basis, whose frequencies
 * are fx = k / 2W, fy = l / 2H: the exact solve of (I - lambda div grad) u = f.
 * lambda >= 0 finite; FG_ERR_PARAM for a periodic layout, FG_ERR_NOMEM. */
fg_status fg_mask_init_resolvent(fg_mask *mask, double lambda, const fg_layout *layout, fg_error *error);

/* values[k * rows + y] = scale * H at spectrum row y, column first + k
 * (column after column, like a gathered block). */
void fg_mask_block(const fg_mask *mask, size_t first, size_t count, float *values);

/* Frees the tables; a zeroed or freed mask is allowed. */
void fg_mask_free(fg_mask *mask);

#endif /* FG_FREQUENCY_FILTERS_H */
