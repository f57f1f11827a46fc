/* bench_peaks.c — what periodic-noise detection and removal cost, against
 * a plain low-pass of the same image in the same run.  Run by hand:
 *
 *   build/tests/bench/bench_peaks [--repeats N] [--threads N] [--quick]
 *
 * --quick runs the 1 MP case only.  Per case (W x H RGB float: smooth
 * shading and soft-edged discs, nothing periodic, plus two sinusoids of
 * amplitude 0.04, so that there are peaks to find and notches to filter),
 * one JSON line:
 *   smooth_ms     median warm fg_frequency_smooth time (Gaussian low-pass,
 *                 cutoff 8 px, mirror boundary)
 *   peaks_ms      median warm fg_find_periodic_peaks time
 *   remove_ms     median warm fg_remove_periodic_noise time (defaults:
 *                 detection, harmonics, notches, mirror boundary)
 *   peaks_ratio, remove_ratio   peaks_ms / smooth_ms, remove_ms / smooth_ms
 *   peaks, notches              what was found
 * The three calls alternate within each repetition (one shared context,
 * after a warm-up call of each), so load from elsewhere on the machine hits
 * them alike. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "bench_util.h"
#include "fg/frequency_smooth.h"
#include "fg/periodic_noise.h"

#define PI 3.14159265358979323846
#define MAX_REPEATS 64

static int run_case(fg_fft_context *ctx, int w, int h, int repeats, int threads)
{
    const int channels = 3;
    const size_t n = (size_t)w * h * channels;
    float *in = malloc(n * sizeof(float)), *out = malloc(n * sizeof(float));
    if (!in || !out) {
        fprintf(stderr, "bench_peaks: out of memory for %dx%d\n", w, h);
        free(in);
        free(out);
        return 1;
    }
    /* Smooth shading, twelve seeded discs with soft edges and a little noise
     * (nothing periodic), plus the two sinusoids. */
    uint64_t state = 17u;
    double disc[12][4];
    for (int k = 0; k < 12; k++) {
        disc[k][0] = w * (bench_random(&state) >> 11) / 9007199254740992.0;
        disc[k][1] = h * (bench_random(&state) >> 11) / 9007199254740992.0;
        disc[k][2] = (0.03 + 0.15 * (bench_random(&state) >> 11) / 9007199254740992.0) * (w < h ? w : h);
        disc[k][3] = 0.3 * ((bench_random(&state) >> 11) / 9007199254740992.0 - 0.5);
    }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double u = (double)x / w, v = (double)y / h, value = 0.5 + 0.15 * sin(6.0 * u) * cos(4.0 * v);
            for (int k = 0; k < 12; k++) {
                double inside = disc[k][2] - hypot(x - disc[k][0], y - disc[k][1]);
                value += disc[k][3] * fmin(1.0, fmax(0.0, inside / 2.0 + 0.5));
            }
            value += 0.04 * cos(2 * PI * (0.1314 * x + 0.0712 * y)) + 0.04 * cos(2 * PI * (0.2133 * x - 0.1577 * y) + 1.0);
            for (int c = 0; c < channels; c++)
                in[((size_t)y * w + x) * channels + c] = (float)(value + 0.01 * bench_gauss(&state) + 0.05 * c);
        }
    fg_image vin = fg_image_make(in, w, h, channels, 0), vout = fg_image_make(out, w, h, channels, 0);
    fg_smooth_params sp;
    fg_smooth_params_init(&sp);
    sp.threads = threads;
    fg_peak_params pp;
    fg_peak_params_init(&pp);
    pp.threads = threads;
    fg_periodic_params rp;
    fg_periodic_params_init(&rp);
    rp.detect.threads = threads;
    fg_peak peaks[FG_MAX_NOTCHES];
    int count = 0, notches = 0, failed = 0;
    double smooth[MAX_REPEATS], find[MAX_REPEATS], removal[MAX_REPEATS];
    for (int r = -1; r < repeats && !failed; r++) {   /* r = -1: warm-up */
        double t0 = bench_now_ms();
        failed |= fg_frequency_smooth(ctx, &vin, &vout, &sp, NULL) != FG_OK;
        double t1 = bench_now_ms();
        failed |= fg_find_periodic_peaks(ctx, &vin, &pp, peaks, FG_MAX_NOTCHES, &count, NULL) != FG_OK;
        double t2 = bench_now_ms();
        failed |= fg_remove_periodic_noise(ctx, &vin, &vout, &rp, &notches, NULL) != FG_OK;
        double t3 = bench_now_ms();
        if (r >= 0) {
            smooth[r] = t1 - t0;
            find[r] = t2 - t1;
            removal[r] = t3 - t2;
        }
    }
    if (!failed) {
        double s = bench_median(smooth, repeats), p = bench_median(find, repeats), m = bench_median(removal, repeats);
        printf("{\"op\":\"periodic_noise\",\"width\":%d,\"height\":%d,\"channels\":%d,\"threads\":%d,\"repeats\":%d,"
               "\"smooth_ms\":%.1f,\"peaks_ms\":%.1f,\"remove_ms\":%.1f,\"peaks_ratio\":%.2f,\"remove_ratio\":%.2f,"
               "\"peaks\":%d,\"notches\":%d}\n",
               w, h, channels, threads, repeats, s, p, m, p / s, m / s, count, notches);
        fflush(stdout);
    } else {
        fprintf(stderr, "bench_peaks: a call failed at %dx%d\n", w, h);
    }
    free(in);
    free(out);
    return failed;
}

int main(int argc, char **argv)
{
    int repeats = 5, threads = 0, quick = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--repeats") && i + 1 < argc)
            repeats = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--quick"))
            quick = 1;
        else {
            fprintf(stderr, "usage: bench_peaks [--repeats N] [--threads N] [--quick]\n");
            return 2;
        }
    }
    if (repeats < 1 || repeats > MAX_REPEATS) {
        fprintf(stderr, "bench_peaks: --repeats must be 1 to %d\n", MAX_REPEATS);
        return 2;
    }
    fg_fft_context *ctx = fg_fft_context_new();
    if (!ctx)
        return 1;
    int failed = run_case(ctx, 1000, 1000, repeats, threads);
    if (!quick && !failed)
        failed = run_case(ctx, 6000, 4000, repeats, threads);
    fg_fft_context_free(ctx);
    return failed;
}
