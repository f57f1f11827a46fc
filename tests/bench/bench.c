/* bench.c — the benchmark program.  One JSON line per case on stdout.
 *
 *   bench [--threads N] [--repeats N] [--max-size 512|2048|4096] [--only frequency|denoise]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

#include "bench_util.h"

double bench_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec * 1e-6;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(const double *values, int n)
{
    double *sorted = malloc((size_t)n * sizeof *sorted);
    if (!sorted || n < 1) { free(sorted); return NAN; }
    memcpy(sorted, values, (size_t)n * sizeof *sorted);
    qsort(sorted, (size_t)n, sizeof *sorted, compare_doubles);
    double m = n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    free(sorted);
    return m;
}

size_t bench_peak_rss_bytes(void)
{
    struct rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return 0;
    return (size_t)usage.ru_maxrss * 1024u;   /* Linux reports KiB */
}

size_t bench_current_rss_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages_total = 0, pages_resident = 0;
    if (!f)
        return 0;
    int n = fscanf(f, "%lu %lu", &pages_total, &pages_resident);
    fclose(f);
    return n == 2 ? (size_t)pages_resident * 4096u : 0;
}

void bench_fill_image(float *data, int width, int height, int channels, unsigned seed)
{
    unsigned state = seed * 2654435761u + 1u;
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            for (int c = 0; c < channels; c++) {
                state = state * 1664525u + 1013904223u;
                double noise = ((state >> 8) / 16777216.0 - 0.5) * 0.1;
                double u = (double)x / width, v = (double)y / height;
                double shape = ((x / 64 + y / 64 + c) % 2) ? 0.7 : 0.3;
                double smooth = 0.2 * sin(6.0 * u + c) * cos(4.0 * v);
                double fine = 0.05 * sin(0.9 * x + 0.7 * y);
                double value = shape + smooth + fine + noise;
                data[((size_t)y * width + x) * channels + c] =
                    (float)(value < 0 ? 0 : value > 1 ? 1 : value);
            }
}

uint64_t bench_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);     /* SplitMix64 */
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

double bench_gauss(uint64_t *state)
{
    double u = ((double)(bench_random(state) >> 11) + 0.5) / 9007199254740992.0;
    double v = (double)(bench_random(state) >> 11) / 9007199254740992.0;
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);    /* Box-Muller */
}

void bench_scene(float *data, int width, int height, int channels, int kind)
{
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            for (int c = 0; c < channels; c++) {
                double u = (double)x / width, v = (double)y / height, value = 0.35 + 0.05 * c;
                if (kind == 1)          /* smooth shading under the shapes */
                    value = 0.42 + 0.12 * sin(5.0 * u + c) * cos(3.0 * v) + 0.08 * (u - v);
                if (u > 0.15 && u < 0.5 && v > 0.1 && v < 0.6)
                    value = 0.65 - 0.1 * c + (kind == 1 ? 0.1 * (v - 0.35) : 0.0);
                double dx = u - 0.7, dy = v - 0.35;
                if (dx * dx + dy * dy < 0.04)
                    value = 0.5 + 0.15 * (c == 1);
                if (v > 0.75 * u + 0.55)
                    value = 0.25 + 0.1 * c;
                if (((int)(u * 8) + (int)(v * 8)) % 2 && u > 0.55 && v > 0.65)
                    value += 0.15;
                if (kind == 2 && u < 0.5 && v > 0.65)   /* a patch of mild texture */
                    value += 0.04 * sin(0.9 * x + 0.4 * y) * cos(0.3 * x - 0.7 * y);
                data[((size_t)y * (size_t)width + (size_t)x) * (size_t)channels + (size_t)c] = (float)value;
            }
}

void bench_add_noise(const float *clean, float *noisy, size_t n, double sigma, uint64_t seed)
{
    uint64_t state = seed;
    for (size_t i = 0; i < n; i++)
        noisy[i] = clean[i] + (float)(sigma * bench_gauss(&state));
}

const char *bench_solver_name(int solver)
{
    static const char *const names[] = { "accelerated", "plain", "primal_dual", "auto", "direct" };
    return solver >= 0 && solver < (int)(sizeof names / sizeof names[0]) ? names[solver] : "unknown";
}

double bench_psnr(const float *a, const float *b, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = (double)a[i] - (double)b[i];
        s += d * d;
    }
    return s > 0.0 ? 10.0 * log10((double)n / s) : INFINITY;
}

float *bench_read_pnm(const char *path, int *width, int *height, int *channels)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    int w = 0, h = 0, maxval = 0;
    char kind = 0;
    float *data = NULL;
    if (fscanf(file, "P%c %d %d %d", &kind, &w, &h, &maxval) == 4 && (kind == '5' || kind == '6')
        && w > 0 && h > 0 && maxval == 255 && fgetc(file) != EOF) {
        int c = kind == '6' ? 3 : 1;
        size_t n = (size_t)w * (size_t)h * (size_t)c;
        unsigned char *bytes = malloc(n);
        data = malloc(n * sizeof *data);
        if (bytes && data && fread(bytes, 1, n, file) == n) {
            for (size_t i = 0; i < n; i++)
                data[i] = (float)bytes[i] / 255.0f;
            *width = w;
            *height = h;
            *channels = c;
        } else {
            free(data);
            data = NULL;
        }
        free(bytes);
    }
    fclose(file);
    return data;
}

#ifndef BENCH_NO_MAIN
static void usage(void)
{
    fprintf(stderr, "usage: bench [--threads N] [--repeats N] [--max-size 512|2048|4096] "
                    "[--only frequency|denoise|quality|coarse] [--photo FILE.ppm[,...]] [--energy tv|tikhonov]\n");
}

int main(int argc, char **argv)
{
    bench_options options = { 0, 5, 4096, NULL, NULL, NULL };
    for (int i = 1; i < argc; i++) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "--threads") && value) options.threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--repeats") && value) options.repeats = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--max-size") && value) options.max_size = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--only") && value) options.only = argv[++i];
        else if (!strcmp(argv[i], "--photo") && value) options.photo = argv[++i];
        else if (!strcmp(argv[i], "--energy") && value) options.energy = argv[++i];
        else { usage(); return 2; }
    }
    if (options.repeats < 5) options.repeats = 5;
    int failed = 0;
    if (!options.only || !strcmp(options.only, "frequency"))
        failed |= bench_frequency_smooth(&options);
    if (!options.only || !strcmp(options.only, "denoise"))
        failed |= bench_gradient_denoise(&options);
    if (options.only && !strcmp(options.only, "quality"))
        failed |= bench_denoise_quality(&options);
    if (options.only && !strcmp(options.only, "coarse"))
        failed |= bench_denoise_coarse(&options);
    return failed ? 1 : 0;
}
#endif /* BENCH_NO_MAIN */
