/* denoise_direct.h — the Tikhonov minimiser in one step, by the discrete
 * cosine transform (FG_SOLVER_DIRECT, see fg/gradient_denoise.h); internal.
 *
 * For Tikhonov the minimiser of 1/2 |u - f|^2 + lambda/2 sum |grad u|^2
 * solves the linear system (I - lambda div grad) u = f.  With forward
 * differences and the Neumann boundary, -div grad is the Laplacian of the
 * path graph along each axis, which the DCT-II diagonalises: its
 * eigenvalues are 4 sin^2(pi k / 2W) + 4 sin^2(pi l / 2H) on the cosine of
 * frequencies (k / 2W, l / 2H) -- the mirror boundary of Frequency Smooth.
 * So u is f filtered by the transfer function 1 / (1 + lambda (...)): a
 * forward and an inverse transform through the frequency engine, with no
 * iterations and no tolerance (the error is float rounding, about 1e-6 of
 * the values' range). */
#ifndef FG_DENOISE_DIRECT_H
#define FG_DENOISE_DIRECT_H

#include "internal.h"
#include "pool.h"

/* Floats of the working buffer fg_denoise_direct_solve needs for `channels`
 * planes of width x height, `plane` floats apart: 0 when they can be
 * transformed where they are (rows of a multiple of 16 floats, the
 * transforms' alignment), else about one copy of them; also 0 when the
 * size is too large for the transforms (the solve then says so). */
size_t fg_denoise_direct_work_floats(int width, int height, int channels, size_t plane);

/* Called at the engine's progress points; non-zero cancels. */
typedef int (*fg_direct_cancel_fn)(void *arg);

/* Replaces `channels` planes of width x height floats (rows `width` floats
 * apart, planes `plane` floats apart, the first 64-byte aligned; finite) by
 * the Tikhonov minimiser for the data they hold and strength lambda > 0, in
 * place, using `work` (fg_denoise_direct_work_floats floats; NULL when that
 * is 0) and the pool's threads (at most `threads`).  `cancel` may be NULL.  FG_ERR_NOMEM, FG_ERR_INTERNAL (a plan
 * failed), FG_ERR_NONFINITE (overflow), FG_ERR_CANCELLED; on failure the
 * planes may hold anything. */
fg_status fg_denoise_direct_solve(float *planes, size_t plane, int width, int height, int channels, double lambda,
                                  float *work, fg_pool *pool, int threads, fg_direct_cancel_fn cancel,
                                  void *cancel_arg, fg_error *error);

#endif /* FG_DENOISE_DIRECT_H */
