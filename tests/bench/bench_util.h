/* bench_util.h — timing, statistics and test-image helpers shared by the
 * benchmark cases (bench_frequency.c, bench_denoise.c). */
#ifndef FG_BENCH_UTIL_H
#define FG_BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* The name a JSON line gives a solver (fg_solver): "accelerated", "plain",
 * "primal_dual", "auto", "direct". */
const char *bench_solver_name(int solver);

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

/* Deterministic pseudo-random numbers (SplitMix64) and standard normal
 * numbers (Box-Muller) from a caller-held state. */
uint64_t bench_random(uint64_t *state);
double bench_gauss(uint64_t *state);

/* Synthetic scenes for denoising, packed, values inside 0.2..0.85 so that
 * noise up to sigma 0.1 rarely leaves 0..1 (nothing is clamped):
 * kind 0 piecewise-constant shapes (rectangle, disc, slanted edge, checker),
 * kind 1 the shapes over smooth shading, kind 2 the shapes plus a patch of
 * mild texture.  Channels differ slightly, so colour edges exist. */
void bench_scene(float *data, int width, int height, int channels, int kind);

/* noisy = clean + N(0, sigma^2), i.i.d., not clamped. */
void bench_add_noise(const float *clean, float *noisy, size_t n, double sigma, uint64_t seed);

/* PSNR in dB for a peak of 1 (INFINITY for identical images). */
double bench_psnr(const float *a, const float *b, size_t n);

/* An 8-bit binary PGM (P5, *channels = 1) or PPM (P6, 3) as packed floats
 * on 0..1 (malloc'd), or NULL if it cannot be read. */
float *bench_read_pnm(const char *path, int *width, int *height, int *channels);

/* Options parsed by bench.c and passed to every case. */
typedef struct bench_options {
    int threads;        /* 0 = all cores */
    int repeats;        /* timed repetitions per case (median reported), >= 5 */
    int max_size;       /* largest square size to run (512, 2048, 4096) */
    const char *only;   /* "frequency", "denoise", "quality", "coarse" or NULL for the first two */
    const char *photo;  /* binary PPMs (P6, 8 bit) for "quality" and "coarse"; NULL: those modes do not run */
    const char *energy; /* "tv" (NULL) or "tikhonov", for "coarse" */
} bench_options;

/* Each op prints one JSON object per line on stdout and returns 0 on success. */
int bench_frequency_smooth(const bench_options *options);
int bench_gradient_denoise(const bench_options *options);
int bench_denoise_quality(const bench_options *options);
int bench_denoise_coarse(const bench_options *options);

#endif
