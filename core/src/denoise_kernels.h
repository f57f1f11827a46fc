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
 * without the factor 1/2), |u - f|^2, the restart measure
 * <y - x_{k+1}, x_{k+1} - x_k>, and the two parts of the dual value of the
 * dual field q (unit scale, see fg/gradient_denoise.h, "The duality gap"):
 * sum div q (f + lambda/2 div q), and for TV sum sqrt(1 - |q|^2) (the
 * accelerated kernels: eps / root; the primal-dual one: its q0), for
 * Tikhonov sum |q|^2 (primal-dual only; gradient descent has it as the
 * regulariser). */
enum { SUM_REGULARISER, SUM_FIDELITY, SUM_RESTART, SUM_DUAL_DIV, SUM_DUAL_Q, SUMS };

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
    float eps2, lambda, tau, eps, half_lambda;
    int channels, model;        /* read at run time by the generic kernels only */
} kernel_constants;

/* Adds a row's sums into lanes[SUMS][4] (pixel k into lane k % 4). */
typedef void (*row_kernel_fn)(const kernel_constants *kc, const row_io *io, double lanes[SUMS][4]);

/* y = x + beta (x - x_prev) over n floats: the momentum step. */
typedef void (*extrapolate_fn)(float *restrict y, const float *restrict x, const float *restrict x_prev,
                               float beta, size_t n);

/* The code paths, in order of preference (see fg/gradient_denoise.h, "Code
 * paths"): portable scalar; SSE2; SSE2 compiled for AVX (the same floats as
 * both); AVX2 with FMA (eight pixels at a time, fused multiply-adds: the
 * same within rounding). */
enum { FG_CODE_PATH_SCALAR, FG_CODE_PATH_SSE2, FG_CODE_PATH_AVX, FG_CODE_PATH_AVX2 };

/* The path a solve starting now uses: the best the build and the CPU have,
 * or the one the environment variable FG_DENOISE_CODE_PATH ("scalar",
 * "sse2", "avx", "avx2") asks for, if available, else the best below it. */
int fg_denoise_code_path(void);

struct pd_constants;
struct pd_row_io;

/* The kernels of one solve: its constants, a kernel per MODE_* and the
 * primal-dual one, chosen for the channel count, the model and the code
 * path. */
typedef struct denoise_kernels {
    kernel_constants constants;
    row_kernel_fn mode[4];
    void (*primal_dual)(const kernel_constants *kc, const struct pd_constants *pc, const struct pd_row_io *io,
                        double lanes[SUMS][4]);
    extrapolate_fn extrapolate;
    int tv;
    int path;                   /* FG_CODE_PATH_* */
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

/* The dual value D(q) <= min E from the sums of a whole image (a descent
 * step's or a primal-dual step's; `primal_dual` says which). */
double fg_denoise_kernels_dual(const denoise_kernels *k, const double sums[SUMS], int primal_dual);

/* ---- The primal-dual row kernel ----------------------------------------------
 * One row of a Chambolle-Pock iteration (denoise_solver.c): from u = u_n,
 * b = the extrapolated u (ubar_n), f and the dual field q_n = (qx, qy, q0),
 *     z       = q_n + sigma lambda (grad b, eps)          (TV; no q0 for Tikhonov)
 *     q_{n+1} = z / max(1, |z|)                           (TV, |.| per pixel or per channel)
 *             = z / (1 + sigma lambda)                    (Tikhonov)
 *     u_{n+1} = (u + tau (lambda div q_{n+1} + f)) / (1 + tau)
 * q in place, u_{n+1} into out; sums E(u_n) (SUM_REGULARISER, SUM_FIDELITY,
 * exactly as the descent kernels' energy pass) and D(q_{n+1}). */
typedef struct pd_row_io {
    const float *u_cur[4], *u_next[4];  /* u_n, rows j and j + 1 (NULLs in the last row) */
    const float *b_cur[4], *b_next[4];  /* ubar_n, likewise */
    const float *f[4];
    float *qx[4], *qy[4], *q0[4];       /* q0: one plane if coupled, none for Tikhonov */
    float *out[4];
    float *py_prev;                     /* channels x width: qy of the row above, replaced */
} pd_row_io;

typedef struct pd_constants {
    float sigma_lambda, sigma_lambda_eps, tau_lambda, tau, inv_one_tau, tikhonov_shrink;
} pd_constants;

void fg_denoise_pd_row(const denoise_kernels *k, const pd_constants *pc, const pd_row_io *io,
                       double lanes[SUMS][4]);

#endif /* FG_DENOISE_KERNELS_H */
