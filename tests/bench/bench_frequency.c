/* bench_frequency.c — fg_frequency_smooth against FFTW's bare transforms.
 *
 * Every case runs in a forked child, so that its first call sees a process
 * without wisdom or warm plans and its memory high-water mark is its own.
 * The parent never touches FFTW (a fork would not carry FFTW's worker
 * threads along).  The floors' measured wisdom is passed from child to
 * child through a file, so FFTW_MEASURE planning of a size is paid once
 * (the engine's own plans are estimated with wisdom set aside, whatever the
 * process has).
 *
 * Per case, one JSON line:
 *   ms                 median of `repeats` warm calls (shared context, its
 *                      estimated plans cached)
 *   first_call_ms      fresh context, no wisdom: planning, allocation, all
 *   estimate_floor_ms  FFTW_ESTIMATE planning of FFTW's 2-D in-place transforms
 *                      (r2c/c2r or REDFT10/REDFT01) plus forward + inverse of
 *                      every channel plane, once, in a fresh process of its
 *                      own; data already in the planes (no copy, no page
 *                      faults: the first call pays both)
 *   dft_floor_ms       FFTW_MEASURE 2-D r2c + c2r of every channel plane, same
 *                      threads (median; the faster of in-place and
 *                      out-of-place, both shown)
 *   dct_floor_ms       the same for 2-D REDFT10 + REDFT01 (in place)
 *   floor_ms           the floor of the case's boundary (mirror: DCT,
 *                      periodic: DFT); ratio = ms / floor_ms
 *   first_call_ratio   first_call_ms / estimate_floor_ms
 *   peak_extra_copies  the largest growth of the peak RSS during a call above
 *                      input + output (first or warm calls; warm calls count
 *                      the context's cached buffer), in float copies of the
 *                      image
 */
#include <fftw3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_util.h"
#include "fg/frequency_smooth.h"
#include "../../core/src/transforms.h"   /* the core's FFTW planner lock */

/* VmHWM (peak RSS) in bytes from /proc/self/status, 0 if unknown. */
static size_t peak_rss(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    size_t kib = 0;
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %zu kB", &kib) == 1)
            break;
    fclose(f);
    return kib * 1024u;
}

/* Resets VmHWM to the current RSS (Linux >= 4.0); 0 if not possible. */
static int reset_peak_rss(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (!f)
        return 0;
    int ok = fputs("5", f) >= 0;
    return (fclose(f) == 0) && ok;
}

typedef struct bench_case {
    int size, channels;
    fg_lowpass filter;
    fg_boundary boundary;
} bench_case;

typedef struct floors {
    double dft_inplace, dft_outofplace, dct, estimate;
} floors;

static const char *filter_name(fg_lowpass f)
{
    return f == FG_LOWPASS_IDEAL ? "ideal" : f == FG_LOWPASS_GAUSSIAN ? "gaussian" : "butterworth";
}

static fftwf_plan plan_2d(int kind, int w, int h, float *a, float *b, int threads, unsigned flags)
{
    /* kind: 0 r2c, 1 c2r, 2 REDFT10, 3 REDFT01 */
    fg_fftw_lock();
    fftwf_plan_with_nthreads(threads);
    fftwf_plan p = kind == 0 ? fftwf_plan_dft_r2c_2d(h, w, a, (fftwf_complex *)b, flags)
                 : kind == 1 ? fftwf_plan_dft_c2r_2d(h, w, (fftwf_complex *)a, b, flags)
                 : fftwf_plan_r2r_2d(h, w, a, b, kind == 2 ? FFTW_REDFT10 : FFTW_REDFT01,
                                     kind == 2 ? FFTW_REDFT10 : FFTW_REDFT01, flags);
    fg_fftw_unlock();
    return p;
}

static void destroy(fftwf_plan p)
{
    fg_fftw_lock();
    fftwf_destroy_plan(p);
    fg_fftw_unlock();
}

/* Copies channel c of the packed image into a plane with rows of `row` floats. */
static void load_plane(const float *image, int w, int h, int channels, int c, float *plane, size_t row)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            plane[(size_t)y * row + x] = image[((size_t)y * w + x) * channels + c];
}

/* One forward + inverse of every channel plane, data reloaded first (untimed). */
typedef struct floor_pair {
    fftwf_plan fwd, inv;
    int kind;            /* 0 r2c in place, 1 r2c out of place, 2 DCT in place */
    float *planes;
    size_t plane_floats, row;
    float *spectrum;     /* out of place only */
} floor_pair;

static double time_floor(const floor_pair *fp, const float *image, int w, int h, int channels)
{
    for (int c = 0; c < channels; c++)
        load_plane(image, w, h, channels, c, fp->planes + (size_t)c * fp->plane_floats, fp->row);
    double t0 = bench_now_ms();
    for (int c = 0; c < channels; c++) {
        float *p = fp->planes + (size_t)c * fp->plane_floats;
        if (fp->kind == 2) {
            fftwf_execute_r2r(fp->fwd, p, p);
            fftwf_execute_r2r(fp->inv, p, p);
        } else if (fp->kind == 0) {
            fftwf_execute_dft_r2c(fp->fwd, p, (fftwf_complex *)p);
            fftwf_execute_dft_c2r(fp->inv, (fftwf_complex *)p, p);
        } else {
            fftwf_execute_dft_r2c(fp->fwd, p, (fftwf_complex *)fp->spectrum);
            fftwf_execute_dft_c2r(fp->inv, (fftwf_complex *)fp->spectrum, p);
        }
    }
    return bench_now_ms() - t0;
}

/* FFTW_ESTIMATE planning (no wisdom) + one forward/inverse per plane: what
 * a first call cannot go below. */
/* FFTW's own in-place layouts: padded r2c rows, or packed rows for the DCT;
 * planes rounded to 16 floats to keep their alignment. */
static size_t floor_row(int w, int periodic)
{
    return periodic ? 2 * ((size_t)w / 2 + 1) : (size_t)w;
}

static size_t floor_plane(int w, int h, int periodic)
{
    return (floor_row(w, periodic) * (size_t)h + 15) & ~(size_t)15;
}

static double estimate_floor(const float *image, int w, int h, int channels, fg_boundary boundary, int threads)
{
    int periodic = boundary == FG_BOUNDARY_PERIODIC;
    size_t plane = floor_plane(w, h, periodic), row = floor_row(w, periodic);
    float *planes = fftwf_malloc(sizeof(float) * plane * (size_t)channels);
    for (int c = 0; c < channels; c++)
        load_plane(image, w, h, channels, c, planes + (size_t)c * plane, row);
    double t0 = bench_now_ms();
    fftwf_plan fwd = plan_2d(periodic ? 0 : 2, w, h, planes, planes, threads, FFTW_ESTIMATE);
    fftwf_plan inv = plan_2d(periodic ? 1 : 3, w, h, planes, planes, threads, FFTW_ESTIMATE);
    for (int c = 0; c < channels; c++) {
        float *p = planes + (size_t)c * plane;
        if (periodic) {
            fftwf_execute_dft_r2c(fwd, p, (fftwf_complex *)p);
            fftwf_execute_dft_c2r(inv, (fftwf_complex *)p, p);
        } else {
            fftwf_execute_r2r(fwd, p, p);
            fftwf_execute_r2r(inv, p, p);
        }
    }
    double ms = bench_now_ms() - t0;
    destroy(fwd);
    destroy(inv);
    fftwf_free(planes);
    return ms;
}

/* The FFTW_MEASURE floors: plans on buffers of their own. */
static void plan_floors(int w, int h, int channels, int threads, floor_pair fp[3])
{
    size_t per = floor_plane(w, h, 1), mir = floor_plane(w, h, 0);
    size_t floats = per * (size_t)channels;
    float *planes = fftwf_malloc(sizeof(float) * floats), *spectrum = fftwf_malloc(sizeof(float) * per);
    memset(planes, 0, sizeof(float) * floats);
    memset(spectrum, 0, sizeof(float) * per);
    fp[0] = (floor_pair){ plan_2d(0, w, h, planes, planes, threads, FFTW_MEASURE),
                          plan_2d(1, w, h, planes, planes, threads, FFTW_MEASURE), 0, planes, per,
                          floor_row(w, 1), NULL };
    /* out of place: packed real planes */
    fp[1] = (floor_pair){ plan_2d(0, w, h, planes, spectrum, threads, FFTW_MEASURE),
                          plan_2d(1, w, h, spectrum, planes, threads, FFTW_MEASURE), 1, planes, (size_t)w * h,
                          (size_t)w, spectrum };
    fp[2] = (floor_pair){ plan_2d(2, w, h, planes, planes, threads, FFTW_MEASURE),
                          plan_2d(3, w, h, planes, planes, threads, FFTW_MEASURE), 2, planes, mir,
                          floor_row(w, 0), NULL };
}

static void free_floors(floor_pair fp[3])
{
    for (int i = 0; i < 3; i++) {
        destroy(fp[i].fwd);
        destroy(fp[i].inv);
    }
    fftwf_free(fp[0].planes);
    fftwf_free(fp[1].spectrum);
}

static int run_case(const bench_case *bc, const bench_options *options, const char *wisdom, double estimate_ms)
{
    const int w = bc->size, h = bc->size, channels = bc->channels;
    const int threads = options->threads > 0 ? options->threads : fg_default_threads();
    const size_t count = (size_t)w * h * channels, bytes = count * sizeof(float);
    float *in = malloc(bytes), *out = malloc(bytes);
    if (!in || !out)
        return 1;
    bench_fill_image(in, w, h, channels, 7u);
    memset(out, 0, bytes);
    fg_image vin = fg_image_make(in, w, h, channels, 0), vout = fg_image_make(out, w, h, channels, 0);
    fg_smooth_params params;
    fg_smooth_params_init(&params);
    params.filter = bc->filter;
    params.boundary = bc->boundary;
    params.threads = threads;
    fg_error err;

    /* First call: fresh process state, fresh context. */
    size_t base_rss = bench_current_rss_bytes(), hwm0 = peak_rss();
    double t0 = bench_now_ms();
    fg_fft_context *ctx = fg_fft_context_new();
    fg_status st = fg_frequency_smooth(ctx, &vin, &vout, &params, &err);
    double first_ms = bench_now_ms() - t0;
    size_t hwm1 = peak_rss();
    if (st != FG_OK) {
        fprintf(stderr, "bench: fg_frequency_smooth failed: %s\n", err.message);
        return 1;
    }
    double peak_first = (double)(hwm1 > hwm0 ? hwm1 - hwm0 : 0) / (double)bytes;

    /* The floors' measured plans (from the shared wisdom when known). */
    floors fl;
    fl.estimate = estimate_ms;
    fg_fftw_lock();
    if (access(wisdom, F_OK) == 0 && !fftwf_import_wisdom_from_filename(wisdom))
        fprintf(stderr, "bench: cannot import %s\n", wisdom);
    fg_fftw_unlock();
    floor_pair fp[3];
    plan_floors(w, h, channels, threads, fp);
    fg_fftw_lock();
    if (!fftwf_export_wisdom_to_filename(wisdom))
        fprintf(stderr, "bench: cannot export %s\n", wisdom);
    fg_fftw_unlock();

    /* Engine and floors take turns, so that load from elsewhere on the
     * machine hits both alike; medians of each. */
    int reset = reset_peak_rss();
    const int repeats = options->repeats;
    double *t = malloc(sizeof(double) * (size_t)repeats * 4);
    for (int r = 0; r < repeats; r++) {
        double s = bench_now_ms();
        fg_frequency_smooth(ctx, &vin, &vout, &params, NULL);
        t[r] = bench_now_ms() - s;
        for (int k = 0; k < 3; k++)
            t[(k + 1) * repeats + r] = time_floor(&fp[k], in, w, h, channels);
    }
    double warm_ms = bench_median(t, repeats);
    fl.dft_inplace = bench_median(t + repeats, repeats);
    fl.dft_outofplace = bench_median(t + 2 * repeats, repeats);
    fl.dct = bench_median(t + 3 * repeats, repeats);
    size_t hwm2 = peak_rss();
    /* The floors' buffers are not the engine's: count them out. */
    size_t floor_bytes = sizeof(float) * (fp[0].plane_floats * (size_t)channels + fp[0].plane_floats);
    double peak_warm = reset && hwm2 > base_rss + floor_bytes
                       ? (double)(hwm2 - base_rss - floor_bytes) / (double)bytes : -1;
    free(t);
    free_floors(fp);
    fg_fft_context_free(ctx);

    double dft = fl.dft_inplace < fl.dft_outofplace ? fl.dft_inplace : fl.dft_outofplace;
    double floor_ms = bc->boundary == FG_BOUNDARY_MIRROR ? fl.dct : dft;
    double peak = peak_first > peak_warm ? peak_first : peak_warm;
    printf("{\"op\":\"frequency_smooth\",\"filter\":\"%s\",\"boundary\":\"%s\",\"width\":%d,\"height\":%d,"
           "\"channels\":%d,\"threads\":%d,\"repeats\":%d,\"ms\":%.2f,\"first_call_ms\":%.2f,"
           "\"estimate_floor_ms\":%.2f,\"floor_ms\":%.2f,\"dft_floor_ms\":%.2f,\"dft_inplace_floor_ms\":%.2f,"
           "\"dft_outofplace_floor_ms\":%.2f,\"dct_floor_ms\":%.2f,\"ratio\":%.3f,\"ratio_vs_dft\":%.3f,"
           "\"first_call_ratio\":%.3f,\"peak_extra_copies\":%.3f,\"peak_extra_copies_first\":%.3f,"
           "\"peak_extra_copies_warm\":%.3f}\n",
           filter_name(bc->filter), bc->boundary == FG_BOUNDARY_MIRROR ? "mirror" : "periodic", w, h, channels,
           threads, options->repeats, warm_ms, first_ms, fl.estimate, floor_ms, dft, fl.dft_inplace,
           fl.dft_outofplace, fl.dct, warm_ms / floor_ms, warm_ms / dft, first_ms / fl.estimate, peak, peak_first,
           peak_warm);
    fflush(stdout);
    free(in);
    free(out);
    return 0;
}

int bench_frequency_smooth(const bench_options *options)
{
    char dir[] = "/tmp/fg-bench-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("bench: mkdtemp");
        return 1;
    }
    char wisdom[64];
    snprintf(wisdom, sizeof wisdom, "%s/wisdom", dir);

    bench_case cases[64];
    int n = 0;
    const int sizes[3] = { 512, 2048, 4096 };
    for (int s = 0; s < 3; s++) {
        if (sizes[s] > options->max_size)
            continue;
        for (int ch = 1; ch <= 3; ch += 2)
            for (int b = 0; b < 2; b++)
                for (int f = 0; f < 3; f++) {
                    if (f != FG_LOWPASS_GAUSSIAN && sizes[s] != 512)
                        continue;   /* the filter shape costs the same; one size shows it */
                    cases[n++] = (bench_case){ sizes[s], ch, (fg_lowpass)f, (fg_boundary)b };
                }
    }
    int failed = 0;
    fflush(stdout);
    for (int i = 0; i < n; i++) {
        /* The estimate floor in a process of its own, as fresh as the
         * first call's: no twiddles, threads or wisdom left by anything. */
        double estimate_ms = -1;
        int fds[2];
        if (pipe(fds) == 0) {
            pid_t pid = fork();
            if (pid == 0) {
                close(fds[0]);
                const int size = cases[i].size, ch = cases[i].channels;
                float *image = malloc(sizeof(float) * (size_t)size * size * ch);
                bench_fill_image(image, size, size, ch, 7u);
                double ms = estimate_floor(image, size, size, ch, cases[i].boundary,
                                           options->threads > 0 ? options->threads : fg_default_threads());
                ssize_t written = write(fds[1], &ms, sizeof ms);
                _exit(written == (ssize_t)sizeof ms ? 0 : 1);
            }
            close(fds[1]);
            if (pid > 0 && read(fds[0], &estimate_ms, sizeof estimate_ms) != (ssize_t)sizeof estimate_ms)
                estimate_ms = -1;
            close(fds[0]);
            if (pid > 0)
                waitpid(pid, NULL, 0);
        }
        pid_t pid = fork();
        if (pid < 0) {
            perror("bench: fork");
            failed = 1;
            break;
        }
        if (pid == 0)
            _exit(run_case(&cases[i], options, wisdom, estimate_ms));
        int status = 0;
        if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "bench: case %dx%d %d ch %s %s failed\n", cases[i].size, cases[i].size,
                    cases[i].channels, filter_name(cases[i].filter),
                    cases[i].boundary == FG_BOUNDARY_MIRROR ? "mirror" : "periodic");
            failed = 1;
        }
    }
    unlink(wisdom);
    rmdir(dir);
    return failed;
}
