/* quality_search.c — see quality_search.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_util.h"
#include "quality_search.h"

double bench_solve_psnr(const bench_solve *b, const fg_denoise_params *p, fg_denoise_report *report, double *ms)
{
    fg_error err;
    double start = bench_now_ms();
    if (fg_gradient_denoise(&b->noisy, &b->out, p, report, &err) != FG_OK) {
        fprintf(stderr, "bench: %s\n", err.message);
        exit(1);
    }
    if (ms)
        *ms = bench_now_ms() - start;
    return bench_psnr(b->clean, b->out.data, b->n);
}

double bench_solve_median_ms(const bench_solve *b, const fg_denoise_params *p, int repeats,
                             fg_denoise_report *report, double *psnr)
{
    double times[16], q = 0.0;
    fg_denoise_report r;
    if (repeats > 16)
        repeats = 16;
    for (int i = 0; i < repeats; i++)
        q = bench_solve_psnr(b, p, &r, &times[i]);
    if (report)
        *report = r;
    if (psnr)
        *psnr = q;
    return bench_median(times, repeats);
}

static int good_enough(const bench_solve *b, const fg_denoise_params *p, int iterations, double converged,
                       double within_db, int two_sided)
{
    fg_denoise_params q = *p;
    q.tolerance = 0.0;
    q.max_iterations = iterations;
    fg_denoise_report r;
    double psnr = bench_solve_psnr(b, &q, &r, NULL);
    return two_sided ? fabs(psnr - converged) <= within_db : psnr >= converged - within_db;
}

int bench_iterations_to_quality(const bench_solve *b, const fg_denoise_params *p, double converged, double within_db,
                                int two_sided)
{
    int hi = 1;
    while (!good_enough(b, p, hi, converged, within_db, two_sided)) {
        if (hi >= 1 << 14)
            return -1;
        hi *= 2;
    }
    int lo = hi / 2;        /* not good enough (or 0) */
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        if (good_enough(b, p, mid, converged, within_db, two_sided))
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}
