/* bench_core_call.c — times one core filter call on raw float pixels, as
 * tools/bench-gimp compares it with the same call through GIMP.
 *
 *   bench_core_call OP IN.f32 WIDTH HEIGHT CHANNELS HAS_ALPHA REPEATS [name=value ...]
 *
 * OP and the parameters as for tests/plugin/core_reference (the PDB
 * procedures' names and values; `threads=N` sets the core's thread count,
 * default all cores).  Each repetition runs the call from the same input
 * into a fresh output with a fresh FFT context (as each plug-in run does);
 * prints one JSON line: every repetition's wall time, their median, the
 * iterations of Gradient Denoise, and the process's peak RSS. */
#define _POSIX_C_SOURCE 200809L
#include <time.h>

#include "core_params.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The process's peak resident set (VmHWM) in bytes, or -1. */
static long long peak_rss(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6))
            kib = atoll(line + 6);
    if (f) fclose(f);
    return kib < 0 ? -1 : kib * 1024;
}

int main(int argc, char **argv)
{
    if (argc < 8 || atoi(argv[7]) < 1) {
        fprintf(stderr, "usage: bench_core_call OP IN.f32 WIDTH HEIGHT CHANNELS HAS_ALPHA REPEATS [name=value ...]\n");
        return 2;
    }
    const char *op = argv[1];
    int width = atoi(argv[3]), height = atoi(argv[4]), channels = atoi(argv[5]), alpha = atoi(argv[6]);
    int repeats = atoi(argv[7]), threads = 0, first = 8;
    if (argc > 8 && !strncmp(argv[8], "threads=", 8))
        threads = atoi(argv[first++] + 8);

    fg_smooth_params smooth_params;
    smooth_extra extra;
    fg_denoise_params denoise_params;
    if (!core_params_parse(op, argc, argv, first, &smooth_params, &extra, &denoise_params))
        return 2;
    smooth_params.threads = denoise_params.threads = threads;
    int smooth = !strcmp(op, "frequency-smooth");

    size_t count = (size_t)width * (size_t)height * (size_t)channels;
    float *in = read_floats(argv[2], count);
    float *out = malloc(count * sizeof *out);
    double *seconds = malloc((size_t)repeats * sizeof *seconds);
    if (!in || !out || !seconds)
        return 1;
    fg_image in_view = fg_image_make(in, width, height, channels, alpha);
    fg_image out_view = fg_image_make(out, width, height, channels, alpha);
    fg_denoise_report report = { 0 };

    printf("{\"op\": \"%s\", \"width\": %d, \"height\": %d, \"channels\": %d, \"threads\": %d, \"seconds\": [",
           op, width, height, channels, threads ? threads : fg_default_threads());
    for (int r = 0; r < repeats; r++) {
        fg_error error = { FG_OK, "" };
        fg_fft_context *fft = smooth ? fg_fft_context_new() : NULL;
        double start = now();
        int used = 0;
        fg_status status = smooth ? core_smooth_run(fft, &in_view, &out_view, &smooth_params, &extra, &used, &error)
                                  : fg_gradient_denoise(&in_view, &out_view, &denoise_params, &report, &error);
        seconds[r] = now() - start;
        fg_fft_context_free(fft);
        if (status != FG_OK) {
            fprintf(stderr, "%s: %s\n", fg_status_string(status), error.message);
            return 1;
        }
        printf("%s%.4f", r ? ", " : "", seconds[r]);
    }
    qsort(seconds, (size_t)repeats, sizeof *seconds, by_value);
    printf("], \"median\": %.4f", repeats % 2 ? seconds[repeats / 2]
                                              : 0.5 * (seconds[repeats / 2 - 1] + seconds[repeats / 2]));
    if (!smooth)
        printf(", \"iterations\": %d", report.iterations);
    printf(", \"peak_rss\": %lld}\n", peak_rss());
    free(in);
    free(out);
    free(seconds);
    return 0;
}
