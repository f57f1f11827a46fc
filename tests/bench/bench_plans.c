/* bench_plans.c — what FFTW's measured plans buy the frequency engine, and
 * whether results depend on the plans or on the thread count.  Run by hand:
 *
 *   build/tests/bench/bench_plans [--repeats N] [--threads N] [--limit SECONDS]
 *                                 [--quick | --size WxH]
 *
 * --quick runs the 1000x1000 cases only, --size WxH both boundaries at that
 * size instead of the list below.
 *
 * Per case (W x H RGB float, mirror or periodic boundary, Gaussian), one
 * JSON line:
 *   estimate_ms   median warm fg_frequency_smooth time with FFTW_ESTIMATE
 *                 plans (a context that planned before anything was measured)
 *   measure_ms    the same with FFTW_MEASURE plans (a second context that
 *                 measures its plans, fg_fft_context_measure, at most
 *                 --limit s per plan; default 2 s)
 *   ratio         estimate_ms / measure_ms (> 1: measuring pays)
 *   plan_ms       the measuring context's first call minus a warm call: the
 *                 time spent measuring
 *   max_diff, differing   largest |estimate - measure| over the output floats
 *                 and how many differ (bitwise); levels8: how many would
 *                 land on another 8-bit level (round(v * 255))
 *   threads_identical   1 when the ESTIMATE outputs with 1, 2 and 3 threads
 *                 are bitwise identical (fresh contexts, same process)
 *   fresh_context_after_measuring_identical   1 when a new context, once
 *                 the process has measured wisdom, still gives the estimated
 *                 output bitwise
 * The two contexts' calls alternate, so load from elsewhere on the machine
 * hits both alike.  Each case runs in a forked child of its own, and its
 * ESTIMATE plans are made before anything is measured there.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/wait.h>
#include <unistd.h>

#include "bench_util.h"
#include "fg/frequency_smooth.h"
#include "../../core/src/transforms.h"   /* fg_fft_context_measure */

typedef struct plan_case {
    int width, height;
    fg_boundary boundary;
} plan_case;

static int smooth(fg_fft_context *ctx, const fg_image *in, const fg_image *out, fg_boundary boundary, int threads)
{
    fg_smooth_params params;
    fg_smooth_params_init(&params);
    params.filter = FG_LOWPASS_GAUSSIAN;
    params.cutoff = 8.0;
    params.boundary = boundary;
    params.threads = threads;
    fg_error err;
    if (fg_frequency_smooth(ctx, in, out, &params, &err) != FG_OK) {
        fprintf(stderr, "bench_plans: fg_frequency_smooth failed: %s\n", err.message);
        return 0;
    }
    return 1;
}

static long level(float v)
{
    double c = v < 0 ? 0 : v > 1 ? 1 : v;
    return lround(c * 255.0);
}

static int run_case(const plan_case *pc, int threads, int repeats, double limit)
{
    const int w = pc->width, h = pc->height, channels = 3;
    const size_t count = (size_t)w * h * channels, bytes = count * sizeof(float);
    float *in = malloc(bytes), *est = malloc(bytes), *mea = malloc(bytes), *alt = malloc(bytes);
    double *t = malloc(sizeof(double) * 2 * (size_t)repeats);
    fg_fft_context *ce = fg_fft_context_new(), *cm = fg_fft_context_new();
    int ok = in && est && mea && alt && t && ce && cm;
    if (!ok) {
        fprintf(stderr, "bench_plans: out of memory for %dx%d\n", w, h);
        goto done;
    }
    bench_fill_image(in, w, h, channels, 7u);
    fg_image vin = fg_image_make(in, w, h, channels, 0);
    fg_image vest = fg_image_make(est, w, h, channels, 0), vmea = fg_image_make(mea, w, h, channels, 0);
    fg_image valt = fg_image_make(alt, w, h, channels, 0);

    /* Thread counts first, while the process has no measured wisdom. */
    int threads_identical = 1;
    ok = smooth(ce, &vin, &vest, pc->boundary, threads);
    for (int n = 1; ok && n <= 3; n++) {
        fg_fft_context *fresh = fg_fft_context_new();
        ok = fresh && smooth(fresh, &vin, &valt, pc->boundary, n);
        threads_identical &= ok && memcmp(alt, est, bytes) == 0;
        fg_fft_context_free(fresh);
    }

    fg_fft_context_measure(cm, limit);
    double p0 = bench_now_ms();
    ok = ok && smooth(cm, &vin, &vmea, pc->boundary, threads);   /* measures, warms cm's buffers */
    double first_ms = bench_now_ms() - p0;
    for (int r = 0; ok && r < repeats; r++) {
        double s = bench_now_ms();
        ok = smooth(ce, &vin, &vest, pc->boundary, threads);
        t[r] = bench_now_ms() - s;
        s = bench_now_ms();
        ok = ok && smooth(cm, &vin, &vmea, pc->boundary, threads);
        t[repeats + r] = bench_now_ms() - s;
    }
    if (!ok)
        goto done;
    /* The estimate context keeps its estimated plans; check that its
     * output did not change now that the process has measured wisdom. */
    fg_fft_context *fresh = fg_fft_context_new();
    int fresh_same = fresh && smooth(fresh, &vin, &valt, pc->boundary, threads) && memcmp(alt, est, bytes) == 0;
    fg_fft_context_free(fresh);

    double max_diff = 0;
    size_t differing = 0, levels = 0;
    for (size_t i = 0; i < count; i++) {
        double d = fabs((double)est[i] - (double)mea[i]);
        differing += memcmp(&est[i], &mea[i], sizeof(float)) != 0;
        levels += level(est[i]) != level(mea[i]);
        if (d > max_diff)
            max_diff = d;
    }
    double e_ms = bench_median(t, repeats), m_ms = bench_median(t + repeats, repeats);
    double plan_ms = first_ms - m_ms;
    printf("{\"op\":\"plans\",\"width\":%d,\"height\":%d,\"channels\":3,\"boundary\":\"%s\",\"threads\":%d,"
           "\"repeats\":%d,\"estimate_ms\":%.1f,\"measure_ms\":%.1f,\"ratio\":%.3f,\"plan_ms\":%.0f,"
           "\"max_diff\":%.3g,\"differing\":%zu,\"levels8\":%zu,\"threads_identical\":%d,"
           "\"fresh_context_after_measuring_identical\":%d}\n",
           w, h, pc->boundary == FG_BOUNDARY_MIRROR ? "mirror" : "periodic", threads, repeats, e_ms, m_ms,
           e_ms / m_ms, plan_ms, max_diff, differing, levels, threads_identical, fresh_same);
    fflush(stdout);
done:
    fg_fft_context_free(ce);
    fg_fft_context_free(cm);
    free(in);
    free(est);
    free(mea);
    free(alt);
    free(t);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    int repeats = 5, threads = 0, quick = 0, size_w = 0, size_h = 0;
    double limit = 2.0;
    for (int i = 1; i < argc; i++) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "--repeats") && value) repeats = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--threads") && value) threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--limit") && value) limit = atof(argv[++i]);
        else if (!strcmp(argv[i], "--quick")) quick = 1;
        else if (!strcmp(argv[i], "--size") && value && sscanf(argv[i + 1], "%dx%d", &size_w, &size_h) == 2
                 && size_w > 0 && size_h > 0) i++;
        else {
            fprintf(stderr, "usage: bench_plans [--repeats N] [--threads N] [--limit SECONDS] [--quick | --size WxH]\n");
            return 2;
        }
    }
    if (repeats < 3)
        repeats = 3;
    if (threads <= 0)
        threads = fg_default_threads();
    plan_case cases[] = {
        { 1000, 1000, FG_BOUNDARY_MIRROR },  { 1000, 1000, FG_BOUNDARY_PERIODIC },
        { 4001, 2999, FG_BOUNDARY_MIRROR },  { 4001, 2999, FG_BOUNDARY_PERIODIC },
        { 6000, 4000, FG_BOUNDARY_MIRROR },  { 6000, 4000, FG_BOUNDARY_PERIODIC },
    };
    size_t count = sizeof cases / sizeof cases[0];
    if (size_w > 0) {
        cases[0] = (plan_case){ size_w, size_h, FG_BOUNDARY_MIRROR };
        cases[1] = (plan_case){ size_w, size_h, FG_BOUNDARY_PERIODIC };
        count = 2;
    }
    int failed = 0;
    for (size_t i = 0; i < count; i++)
        if (!quick || cases[i].width == 1000) {
            fflush(stdout);
            pid_t pid = fork();
            if (pid == 0)
                _exit(run_case(&cases[i], threads, repeats, limit));
            int status = 0;
            if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
                failed = 1;
        }
    return failed;
}
