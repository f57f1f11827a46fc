/* denoise_coarse.h — the coarse start of a large solve (denoise_coarse.c);
 * internal.
 *
 * Gradient descent on smoothed TV needs about sqrt(L) ~ sqrt(lambda / eps)
 * iterations to move the large, smooth part of the solution, although that
 * part is already fixed by a solve at half the resolution, which costs a
 * quarter per iteration.  So a large image is first box-averaged to half its
 * width and height, that problem is solved (itself from a coarser start, as
 * long as it is large enough), and its solution, interpolated back, is the
 * first iterate of the full solve.  The stop rule of the full solve is
 * unchanged (the duality gap certifies the output whatever the start), so
 * only the path changes, as with fg_gradient_denoise_warm.
 *
 * The half-size problem keeps the energy's balance: with pixels twice as
 * large, the sums of the fidelity shrink 4x, those of |grad u| 2x (a
 * difference over 2 pixels, a quarter of the terms) and of |grad u|^2 not
 * at all, so the coarse strength is lambda / 2 for TV and lambda / 4 for
 * Tikhonov, and the coarse epsilon 2 eps (it is compared with differences
 * over 2 pixels). */
#ifndef FG_DENOISE_COARSE_H
#define FG_DENOISE_COARSE_H

#include "internal.h"
#include "pool.h"
#include "fg/gradient_denoise.h"

/* The solution of the half-size problem, kept until the full solve has
 * taken its first iterate from it. */
typedef struct fg_coarse_start {
    float *data;            /* NULL: none */
    fg_image image;         /* (w + 1) / 2 x (h + 1) / 2, the input's channels and alpha */
    int levels;             /* half-size solves it took, this one included */
    double iterations;      /* their iterations, each weighted by its pixels over the full image's */
} fg_coarse_start;

/* Whether a solve of `in` with `params` (already checked; lambda > 0, the
 * solver resolved, RGB colour space, uniform noise) starts from a coarse
 * solve: params->coarse_start set, an iterative solver other than plain descent, and
 * both sides at least 2 FG_DENOISE_COARSE_MIN_SIDE. */
int fg_denoise_coarse_wanted(const fg_image *in, const fg_denoise_params *params, fg_solver solver);

/* Solves the half-size problem of `in` for strength `lambda` (the full
 * solve's, resolved) on `threads` threads (resolved) into *coarse.  The
 * callbacks of params see each of its iterations as iteration 0 (so that a
 * cancel is seen at once), with its own energy and gap.  On failure nothing
 * is held. */
fg_status fg_denoise_coarse_solve(const fg_image *in, const fg_denoise_params *params, double lambda, int threads,
                                  fg_coarse_start *coarse, fg_error *error);

/* The full solve's first iterate: the coarse solution interpolated
 * bilinearly (pixel centres aligned, edges clamped) to in's size, times in's
 * alpha when it has one, into n_c planes of in->width x in->height floats,
 * `plane` floats apart, on the pool's threads. */
void fg_denoise_coarse_upsample(const fg_coarse_start *coarse, const fg_image *in, float *planes, size_t plane,
                                fg_pool *pool);

void fg_denoise_coarse_free(fg_coarse_start *coarse);

#endif /* FG_DENOISE_COARSE_H */
