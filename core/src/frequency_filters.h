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

/* The transfer function sampled on a layout's spectrum, times the
 * normalisation of the unnormalised transform pair.  Made from per-axis
 * tables: the Gaussian is separable, the others depend on ux^2 + uy^2. */
typedef struct fg_mask {
    fg_lowpass filter;
    int order;
    size_t cols, rows;
    double scale;
    double *col;     /* Gaussian: exp(-ux^2/2); else ux^2 */
    double *row;     /* Gaussian: exp(-uy^2/2); else uy^2 */
} fg_mask;

/* The mask of `params` (filter, cutoff, order) on `layout`.  FG_ERR_NOMEM. */
fg_status fg_mask_init(fg_mask *mask, const fg_smooth_params *params, const fg_layout *layout, fg_error *error);

/* values[k * rows + y] = scale * H at spectrum row y, column first + k
 * (column after column, like a gathered block). */
void fg_mask_block(const fg_mask *mask, size_t first, size_t count, float *values);

/* Frees the tables; a zeroed or freed mask is allowed. */
void fg_mask_free(fg_mask *mask);

#endif /* FG_FREQUENCY_FILTERS_H */
