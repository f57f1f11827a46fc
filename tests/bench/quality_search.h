/* quality_search.h — what the time-to-quality benchmarks share
 * (bench_quality.c, bench_coarse.c): a solve's PSNR and time, the median
 * time of repeated solves, and the fewest iterations within a PSNR band. */
#ifndef FG_BENCH_QUALITY_SEARCH_H
#define FG_BENCH_QUALITY_SEARCH_H

#include <stddef.h>

#include "fg/gradient_denoise.h"

/* A noisy copy of a clean image (n floats each) and where its solves go. */
typedef struct bench_solve {
    const float *clean;
    fg_image noisy, out;
    size_t n;
} bench_solve;

/* Solves with p (exits with a message on failure); returns the PSNR of the
 * output against the clean image, *ms (if non-NULL) the call's wall time. */
double bench_solve_psnr(const bench_solve *b, const fg_denoise_params *p, fg_denoise_report *report, double *ms);

/* The median wall time of `repeats` solves with p (at most 16); *report and
 * *psnr (if non-NULL) those of the last. */
double bench_solve_median_ms(const bench_solve *b, const fg_denoise_params *p, int repeats,
                             fg_denoise_report *report, double *psnr);

/* The fewest iterations (p with tolerance 0 and that max_iterations) whose
 * PSNR is within within_db of `converged` (two_sided) or at most within_db
 * below it (an iterate may beat the minimiser's PSNR): doubling, then
 * bisection (assumes that once good enough, it stays so -- a crossing of
 * the band on the way can end the search early).  -1 beyond 2^14. */
int bench_iterations_to_quality(const bench_solve *b, const fg_denoise_params *p, double converged, double within_db,
                                int two_sided);

#endif
