/* bench_util.h — timing, statistics and test-image helpers shared by the
 * benchmark cases (bench_frequency.c, bench_denoise.c). */
#ifndef FG_BENCH_UTIL_H
#define FG_BENCH_UTIL_H

#include <stddef.h>

/* Monotonic wall-clock time in milliseconds. */
double bench_now_ms(void);

/* Median of n values (sorts a copy). */
double bench_median(const double *values, int n);

/* Peak resident set size of this process so far, in bytes (getrusage). */
size_t bench_peak_rss_bytes(void);

/* Current resident set size in bytes (/proc/self/statm), 0 if unknown. */
size_t bench_current_rss_bytes(void);

/* Deterministic test content in [0,1]: smooth shapes + fine texture + a little
 * noise, different per channel.  `data` is packed width*height*channels. */
void bench_fill_image(float *data, int width, int height, int channels, unsigned seed);

/* Options parsed by bench.c and passed to every case. */
typedef struct bench_options {
    int threads;        /* 0 = all cores */
    int repeats;        /* timed repetitions per case (median reported), >= 5 */
    int max_size;       /* largest square size to run (512, 2048, 4096) */
    const char *only;   /* "frequency", "denoise" or NULL for both */
} bench_options;

/* Each op prints one JSON object per line on stdout and returns 0 on success. */
int bench_frequency_smooth(const bench_options *options);
int bench_gradient_denoise(const bench_options *options);

#endif
