/* denoise_kernels.h — the fused row kernels of the gradient denoiser: one
 * pass over a row does a whole iteration for TV or Tikhonov (differences,
 * dual field, divergence, descent step) and the energy sums; internal.
 * The model is documented in fg/gradient_denoise.h, the loops that drive
 * the kernels in denoise_solver.c. */
#ifndef FG_DENOISE_KERNELS_H
#define FG_DENOISE_KERNELS_H

#include <stddef.h>

enum { MODEL_TIKHONOV, MODEL_TV_COUPLED, MODEL_TV_SEPARATE };

/* The sums a row pass adds to: the regulariser (for Tikhonov |grad u|^2,
 * without the factor 1/2), |u - f|^2, and the restart measure
 * <y - x_{k+1}, x_{k+1} - x_k>. */
enum { SUM_REGULARISER, SUM_FIDELITY, SUM_RESTART, SUMS };

/* What a row pass does: only sum the energy; only store py (for the row above
 * a block); a descent step; a descent step and the restart measure. */
enum { MODE_ENERGY, MODE_PY, MODE_STEP, MODE_STEP_RESTART };

/* One row of a sweep.  u is the point the gradient and energy are taken at
 * (y_k), f the data; all rows planar, one pointer per colour channel. */
typedef struct row_io {
    const float *cur[4];        /* u of this row */
    const float *next[4];       /* u of the row below; NULLs in the last row */
    const float *f[4];
    const float *x[4];          /* x_k, for the restart measure */
    float *out[4];              /* x_{k+1} */
    float *py_prev;             /* channels x width: py of the row above, replaced by this row's */
} row_io;

typedef struct kernel_constants {
    int width;
    float eps2, lambda, tau;
    int channels, model;        /* read at run time by the generic kernels only */
} kernel_constants;

/* Adds a row's sums into lanes[SUMS][4] (pixel k into lane k % 4). */
typedef void (*row_kernel_fn)(const kernel_constants *kc, const row_io *io, double lanes[SUMS][4]);

/* y = x + beta (x - x_prev) over n floats: the momentum step. */
typedef void (*extrapolate_fn)(float *restrict y, const float *restrict x, const float *restrict x_prev,
                               float beta, size_t n);

/* The kernels of one solve: its constants, a kernel per MODE_*, chosen for
 * the channel count, the model and the CPU (AVX where it has it). */
typedef struct denoise_kernels {
    kernel_constants constants;
    row_kernel_fn mode[4];
    extrapolate_fn extrapolate;
    int tv;
} denoise_kernels;

void fg_denoise_kernels_init(denoise_kernels *k, int tv, int coupled, int channels, int width, double epsilon,
                             double lambda, double tau);

/* The lanes of one sum, added in a fixed order. */
static inline double fg_lanes_total(const double lanes[4])
{
    return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
}

/* E = 1/2 |u - f|^2 + lambda R(u) from the sums of a whole image. */
double fg_denoise_kernels_energy(const denoise_kernels *k, const double sums[SUMS]);

#endif /* FG_DENOISE_KERNELS_H */
