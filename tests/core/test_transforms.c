/* test_transforms.c — transforms.c: plane layouts, the r2c/c2r and DCT-II/III
 * plans against naive double transforms (sizes 1 included), the plan cache
 * (eviction), the working buffers a context keeps, the benchmarks' measured
 * plans, and results bitwise independent of FFTW wisdom in the process and
 * of the thread count. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fftw3.h>

#include "fg/frequency_smooth.h"
#include "../../core/src/transforms.h"   /* the internal interface under test */
#include "check.h"

#define PI 3.14159265358979323846

/* One test asks for an impossible allocation and expects FG_ERR_NOMEM;
 * AddressSanitizer would abort on it instead of returning NULL. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}

static unsigned rng_state = 777u;
static double rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return (rng_state >> 8) / 16777216.0;
}

/* ---- Layouts --------------------------------------------------------------------- */

static void test_layouts(void)
{
    fg_layout l;
    fg_error err;
    CHECK(fg_layout_init(&l, 7, 5, FG_BOUNDARY_PERIODIC, 3, &err) == FG_OK && l.spec_cols == 4 && l.value_floats == 2
          && l.row_floats == 16 && l.plane_floats == 80 && l.block_cols == 4 && l.column_floats == 16 && l.temp_floats == 0,
          "periodic 7x5: 4 complex columns, rows padded to 16 floats, one block");
    CHECK(fg_layout_init(&l, 8, 5, FG_BOUNDARY_PERIODIC, 1, &err) == FG_OK && l.spec_cols == 5 && l.row_floats == 16
          && l.block_cols == 5, "periodic 8x5: 5 complex columns");
    CHECK(fg_layout_init(&l, 7, 5, FG_BOUNDARY_MIRROR, 4, &err) == FG_OK && l.spec_cols == 7 && l.value_floats == 1
          && l.row_floats == 16 && l.plane_floats == 80 && l.column_floats == 16 && l.temp_floats == 7 * 16,
          "mirror 7x5: 7 real columns, rows of 16 floats, DCT temp of one block");
    CHECK(fg_layout_init(&l, 4096, 4096, FG_BOUNDARY_PERIODIC, 3, &err) == FG_OK && l.spec_cols == 2049
          && l.row_floats == 4112 && l.block_cols == 16 && fg_layout_blocks(&l) == 129,
          "periodic 4096^2: 2049 columns in 128 blocks of 16 (512 KiB) and one of 1");
    CHECK(fg_layout_init(&l, 4096, 4096, FG_BOUNDARY_MIRROR, 3, &err) == FG_OK && l.row_floats == 4096
          && l.column_floats == 4112 && l.block_cols == 31 && fg_layout_blocks(&l) == 133,
          "mirror 4096^2: blocks of 31 real columns (r2c room in each)");
    CHECK(fg_layout_init(&l, 300, 100000, FG_BOUNDARY_MIRROR, 1, &err) == FG_OK && l.block_cols == 2,
          "very tall images: blocks of at least 2 columns");
    fg_tx_problem pr[3];
    fg_layout_init(&l, 300, 7, FG_BOUNDARY_PERIODIC, 1, NULL);
    fg_layout_problems(&l, 1, pr);
    CHECK(pr[0].kind == FG_TX_ROW_C2R && pr[0].n == 300 && pr[0].howmany == 1 && pr[1].kind == FG_TX_COL_BACKWARD
          && pr[1].n == 7 && pr[1].howmany == 64 && pr[1].dist == 16 && pr[2].howmany == 151 % 64 && l.row_floats == 304
          && l.column_floats == 16 && l.block_floats == 64 * 16,
          "periodic 300x7 inverse problems: row c2r, gathered blocks of 64 columns 16 floats apart, a last block of 23");
    /* (CHECK formats its message first, so results are taken beforehand.) */
    fg_status st = fg_layout_init(&l, INT32_MAX, 5, FG_BOUNDARY_MIRROR, 1, &err);
    CHECK(st == FG_ERR_TOO_LARGE && err.message[0], "width INT_MAX exceeds FFTW's int sizes: %s", err.message);
    CHECK(fg_layout_init(&l, 1 << 30, 1 << 30, FG_BOUNDARY_MIRROR, 4, &err) == FG_ERR_TOO_LARGE,
          "2^30 x 2^30 x 4 planes of floats -> FG_ERR_TOO_LARGE");
}

/* ---- Transforms against naive double sums -------------------------------------- */

/* Row transforms of every row, then every column block: the 2-D transform
 * (forward: spectrum left in the plane; inverse: from it). */
static void transform_2d(const fg_plans *plans, const fg_layout *l, int inverse, float *plane, float *scratch,
                         float *temp)
{
    if (!inverse)
        for (int y = 0; y < l->height; y++)
            fg_row_forward(plans, l, plane + (size_t)y * l->row_floats, temp);
    for (size_t b = 0; b < fg_layout_blocks(l); b++) {
        if (!inverse) {
            fg_block_forward(plans, l, plane, b, scratch, temp);
            fg_block_store(l, scratch, b, plane);
        } else {
            fg_block_load(l, plane, b, scratch);
            fg_block_inverse(plans, l, scratch, b, plane, temp);
        }
    }
    if (inverse)
        for (int y = 0; y < l->height; y++)
            fg_row_inverse(plans, l, plane + (size_t)y * l->row_floats, temp);
}

/* The inverse of the spectrum in `plane`, divided by W * H: how far from the
 * transformed samples `x` (W * H, packed). */
static double roundtrip_error(const fg_plans *plans, const fg_layout *l, float *plane, float *scratch, float *temp,
                              const double *x)
{
    int W = l->width, H = l->height;
    double worst = 0;
    transform_2d(plans, l, 1, plane, scratch, temp);
    for (int y = 0; y < H; y++)
        for (int xx = 0; xx < W; xx++)
            worst = fmax(worst, fabs(plane[y * l->row_floats + xx] / ((double)W * H) - x[y * W + xx]));
    return worst;
}

static void check_transforms(fg_fft_context *ctx, int W, int H)
{
    fg_error err;
    fg_layout per, mir;
    if (fg_layout_init(&per, W, H, FG_BOUNDARY_PERIODIC, 1, &err) != FG_OK
        || fg_layout_init(&mir, W, H, FG_BOUNDARY_MIRROR, 1, &err) != FG_OK) {
        CHECK(0, "layouts for %dx%d", W, H);
        return;
    }
    double *x = malloc(sizeof(double) * W * H);
    for (int i = 0; i < W * H; i++)
        x[i] = rnd() - 0.3;
    float *buf = fg_alloc_array(per.plane_floats > mir.plane_floats ? per.plane_floats : mir.plane_floats, sizeof(float));
    size_t plan_floats = fg_layout_plan_floats(&per) > fg_layout_plan_floats(&mir) ? fg_layout_plan_floats(&per)
                                                                                  : fg_layout_plan_floats(&mir);
    float *scratch = fg_alloc_array(plan_floats, sizeof(float)), *temp = fg_alloc_array(mir.temp_floats, sizeof(float));
    fg_plans plans;
    double worst = 0, scale = 0;

    /* r2c: the half spectrum F(kx, ky) = sum x e^{-2 pi i (kx x / W + ky y / H)} */
    for (int y = 0; y < H; y++)
        for (int xx = 0; xx < W; xx++)
            buf[y * per.row_floats + xx] = (float)x[y * W + xx];
    fg_status st = fg_plans_acquire(ctx, &per, scratch, 1, 1, &plans, &err);
    if (st == FG_OK) {
        transform_2d(&plans, &per, 0, buf, scratch, temp);
        /* Separable naive sums with twiddle tables: rows first, then columns. */
        double *tcw = malloc(sizeof(double) * 2 * (W + H)), *tsw = tcw + W, *tch = tsw + W, *tsh = tch + H;
        for (int j = 0; j < W; j++) { tcw[j] = cos(2 * PI * j / W); tsw[j] = sin(2 * PI * j / W); }
        for (int j = 0; j < H; j++) { tch[j] = cos(2 * PI * j / H); tsh[j] = sin(2 * PI * j / H); }
        double *rr = malloc(sizeof(double) * H * per.spec_cols * 2), *ri = rr + H * per.spec_cols;
        for (int y = 0; y < H; y++)
            for (int kx = 0; kx < (int)per.spec_cols; kx++) {
                double re = 0, im = 0;
                for (int xx = 0; xx < W; xx++) {
                    int t = (kx * xx) % W;
                    re += x[y * W + xx] * tcw[t];
                    im -= x[y * W + xx] * tsw[t];
                }
                rr[y * per.spec_cols + kx] = re;
                ri[y * per.spec_cols + kx] = im;
            }
        for (int ky = 0; ky < H; ky++)
            for (int kx = 0; kx < (int)per.spec_cols; kx++) {
                double re = 0, im = 0;
                for (int y = 0; y < H; y++) {
                    int t = (ky * y) % H;
                    double c = tch[t], sn = -tsh[t];
                    double ar = rr[y * per.spec_cols + kx], ai = ri[y * per.spec_cols + kx];
                    re += ar * c - ai * sn;
                    im += ar * sn + ai * c;
                }
                const float *z = buf + ky * per.row_floats + 2 * kx;
                worst = fmax(worst, hypot(z[0] - re, z[1] - im));
                scale = fmax(scale, hypot(re, im));
            }
        free(rr);
        free(tcw);
        CHECK(worst <= 1e-5 * (scale + 1), "%dx%d rows r2c + column blocks = naive 2-D DFT (err %.2g of %.3g, %zu blocks)",
              W, H, worst, scale, fg_layout_blocks(&per));
        worst = roundtrip_error(&plans, &per, buf, scratch, temp, x);
        CHECK(worst <= 1e-5, "%dx%d inverse(forward(x)) / WH = x (err %.2g)", W, H, worst);
        fg_plans_release(&plans);
    } else {
        CHECK(0, "%dx%d periodic plans: %s", W, H, err.message);
    }

    /* DCT-II (FFTW's REDFT10) on both axes: Y = 4 sum x cos(pi kx (2x+1)/2W) cos(pi ky (2y+1)/2H) */
    for (int y = 0; y < H; y++)
        for (int xx = 0; xx < W; xx++)
            buf[y * mir.row_floats + xx] = (float)x[y * W + xx];
    st = fg_plans_acquire(ctx, &mir, scratch, 1, 1, &plans, &err);
    if (st == FG_OK) {
        transform_2d(&plans, &mir, 0, buf, scratch, temp);
        double *rows = malloc(sizeof(double) * W * H), *cw = malloc(sizeof(double) * W * W), *ch = malloc(sizeof(double) * H * H);
        for (int k = 0; k < W; k++)
            for (int j = 0; j < W; j++)
                cw[k * W + j] = cos(PI * k * (2 * j + 1) / (2.0 * W));
        for (int k = 0; k < H; k++)
            for (int j = 0; j < H; j++)
                ch[k * H + j] = cos(PI * k * (2 * j + 1) / (2.0 * H));
        for (int y = 0; y < H; y++)
            for (int kx = 0; kx < W; kx++) {
                double sum = 0;
                for (int xx = 0; xx < W; xx++)
                    sum += x[y * W + xx] * cw[kx * W + xx];
                rows[y * W + kx] = sum;
            }
        worst = 0;
        scale = 0;
        for (int ky = 0; ky < H; ky++)
            for (int kx = 0; kx < W; kx++) {
                double sum = 0;
                for (int y = 0; y < H; y++)
                    sum += rows[y * W + kx] * ch[ky * H + y];
                worst = fmax(worst, fabs(buf[ky * mir.row_floats + kx] - 4 * sum));
                scale = fmax(scale, fabs(4 * sum));
            }
        free(rows);
        free(cw);
        free(ch);
        CHECK(worst <= 1e-5 * (scale + 1), "%dx%d rows + column blocks DCT-II = naive (err %.2g of %.3g, %zu blocks)", W, H,
              worst, scale, fg_layout_blocks(&mir));
        worst = roundtrip_error(&plans, &mir, buf, scratch, temp, x);
        CHECK(worst <= 1e-5, "%dx%d inverse(DCT-II(x)) / WH = x (err %.2g)", W, H, worst);
        fg_plans_release(&plans);
    } else {
        CHECK(0, "%dx%d mirror plans: %s", W, H, err.message);
    }
    fg_free(buf);
    fg_free(scratch);
    fg_free(temp);
    free(x);
}

static void test_transforms(void)
{
    fg_fft_context *ctx = fg_fft_context_new();
    const int sizes[][2] = { { 1, 1 }, { 1, 5 }, { 5, 1 }, { 2, 2 }, { 7, 3 }, { 16, 9 }, { 31, 17 }, { 300, 7 }, { 7, 300 },
                             { 257, 256 } };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        check_transforms(ctx, sizes[i][0], sizes[i][1]);
        if (sizes[i][0] * sizes[i][1] < 4096)
            check_transforms(NULL, sizes[i][0], sizes[i][1]);
    }

    /* Data at another SIMD alignment cannot use the cached plans. */
    fg_layout l;
    fg_layout_init(&l, 8, 8, FG_BOUNDARY_MIRROR, 1, NULL);
    fg_tx_problem pr[3];
    fg_layout_problems(&l, 0, pr);
    float *buf = fg_alloc_array(l.plane_floats + 1, sizeof(float));
    fg_tx_plan plan;
    fg_error err;
    fg_status st = fg_tx_acquire(ctx, &pr[0], buf + 1, &plan, &err);
    CHECK(st == FG_ERR_INTERNAL && plan.plan == NULL, "misaligned data refused: %s", err.message);
    fg_tx_release(&plan);   /* a zeroed plan is ignored */
    fg_free(buf);
    fg_fft_context_free(ctx);
}

/* ---- Plan cache ---------------------------------------------------------------------- */

static float *smooth_copy(fg_fft_context *ctx, const float *in, int W, int H, fg_boundary b, fg_status *st)
{
    float *out = malloc(sizeof(float) * W * H);
    fg_image vin = fg_image_make((float *)in, W, H, 1, 0), vout = fg_image_make(out, W, H, 1, 0);
    fg_smooth_params p;
    fg_smooth_params_init(&p);
    p.boundary = b;
    p.cutoff = 4;
    *st = fg_frequency_smooth(ctx, &vin, &vout, &p, NULL);
    return out;
}

static void test_cache(void)
{
    /* More geometries than the cache holds: old plans are evicted and made
     * again when needed; results never change. */
    fg_fft_context *ctx = fg_fft_context_new();
    int ok = ctx != NULL;
    for (int round = 0; round < 2; round++)
        for (int k = 0; k < 24; k++) {
            int W = 5 + k, H = 3 + (k * 7) % 11;
            float *in = malloc(sizeof(float) * W * H);
            for (int i = 0; i < W * H; i++)
                in[i] = (float)rnd();
            fg_status s1, s2;
            float *a = smooth_copy(ctx, in, W, H, (fg_boundary)(k % 2), &s1);
            float *b = smooth_copy(NULL, in, W, H, (fg_boundary)(k % 2), &s2);
            ok &= s1 == FG_OK && s2 == FG_OK && memcmp(a, b, sizeof(float) * W * H) == 0;
            free(a);
            free(b);
            free(in);
        }
    CHECK(ok, "24 geometries x 2 rounds through a 16-plan cache: same results as temporary plans");

    fg_fft_context_free(ctx);

    /* Working buffers are cached (the two most recent) and reused; trim releases them. */
    ctx = fg_fft_context_new();
    fg_buffer_cache *cache = fg_fft_context_buffers(ctx);
    CHECK(cache && !fg_fft_context_buffers(NULL), "a context has a buffer cache, NULL has none");
    size_t cap1, cap2, cap3;
    float *b1 = fg_buffer_take(cache, 1000, &cap1);
    fg_buffer_give(cache, b1, cap1);
    float *b2 = fg_buffer_take(cache, 500, &cap2);
    CHECK(b1 && b2 == b1 && cap2 == 1000, "a cached working buffer big enough is reused");
    float *b3 = fg_buffer_take(cache, 2000, &cap3);
    CHECK(b3 && b3 != b2 && cap3 == 2000, "a bigger request gets a new buffer");
    fg_buffer_give(cache, b2, cap2);
    fg_buffer_give(cache, b3, cap3);
    float *b4 = fg_buffer_take(cache, 1500, &cap1), *b5 = fg_buffer_take(cache, 100, &cap2);
    CHECK(b4 == b3 && b5 == b2 && cap1 == 2000 && cap2 == 1000, "both cached; the smallest that fits is taken");
    float *b6 = fg_buffer_take(cache, 10, &cap3);
    fg_buffer_give(cache, b4, cap1);
    fg_buffer_give(cache, b5, 1000);
    fg_buffer_give(cache, b6, cap3);   /* a third: the least recently given is freed */
    float *b7 = fg_buffer_take(cache, 5, &cap1);
    CHECK(b7 == b6 && cap1 == 10, "the cache kept the two most recent (10 floats for a request of 5)");
    fg_buffer_give(cache, b7, cap1);
    fg_fft_context_trim(ctx);
    float *b8 = fg_buffer_take(cache, 5, &cap2);
    CHECK(b8 && cap2 == 5, "after trim nothing is cached: a request of 5 gets a new buffer of 5 (%zu)", cap2);
    fg_buffer_give(cache, b8, cap2);
    fg_fft_context_trim(ctx);
    fg_fft_context_trim(ctx);
    float *b9 = fg_buffer_take(cache, 5, &cap3);
    CHECK(b9 && cap3 == 5, "trimming twice leaves the cache empty and usable");
    fg_buffer_give(cache, b9, cap3);
    fg_fft_context_free(ctx);
    /* After the free, so that valgrind's leak check in the child finds
     * nothing of this test alive. */
    CHECK_SURVIVES(fg_fft_context_trim(NULL), "fg_fft_context_trim(NULL) is harmless");
    CHECK_SURVIVES(fg_fft_context_free(NULL), "fg_fft_context_free(NULL) is harmless");
}

/* ---- Measured plans (benchmarks only) ------------------------------------------ */

static void test_measured(void)
{
    /* A measuring context gives the estimated results to rounding. */
    const int W = 24, H = 18;
    float in[24 * 18];
    for (int i = 0; i < W * H; i++)
        in[i] = (float)rnd();
    for (int b = 0; b < 2; b++) {
        fg_status s1, s2;
        fg_fft_context *ctx = fg_fft_context_new();
        fg_fft_context_measure(ctx, 1.0);
        float *before = smooth_copy(NULL, in, W, H, (fg_boundary)b, &s1);
        float *after = smooth_copy(ctx, in, W, H, (fg_boundary)b, &s2);
        double worst = 0;
        for (int i = 0; i < W * H; i++)
            worst = fmax(worst, fabs(after[i] - before[i]));
        CHECK(s1 == FG_OK && s2 == FG_OK && worst <= 1e-6, "%s: results with measured plans equal estimated ones "
              "to rounding (%.2g)", b ? "periodic" : "mirror", worst);
        free(before);
        free(after);
        fg_fft_context_free(ctx);
    }
}

/* ---- Results independent of the planning history -------------------------------- */

enum { FOREIGN_ESTIMATE, FOREIGN_MEASURE, FOREIGN_WISDOM_ONLY };

/* The transforms of a W x H layout (up to six problems) planned outside the
 * core, then dropped:
 *   FOREIGN_ESTIMATE     FFTW_ESTIMATE, the plans' texts (fftwf_sprint_plan)
 *                        compared with `texts` (returns how many differ) or,
 *                        without `compare`, stored there
 *   FOREIGN_MEASURE      FFTW_MEASURE: FFTW keeps them as wisdom
 *   FOREIGN_WISDOM_ONLY  FFTW_MEASURE | FFTW_WISDOM_ONLY: returns how many
 *                        the wisdom knows */
static int foreign_plans(int W, int H, fg_boundary b, int mode, char *texts[6], int compare)
{
    fg_layout layout;
    fg_tx_problem problems[6];
    if (fg_layout_init(&layout, W, H, b, 1, NULL) != FG_OK)
        return -1;
    fg_layout_problems(&layout, 0, problems);
    fg_layout_problems(&layout, 1, problems + 3);
    size_t floats = fg_layout_plan_floats(&layout);
    float *data = fftwf_malloc(sizeof(float) * floats);
    memset(data, 0, sizeof(float) * floats);
    static const unsigned flags[3] = { FFTW_ESTIMATE, FFTW_MEASURE, FFTW_MEASURE | FFTW_WISDOM_ONLY };
    int differ = 0;
    fg_fftw_lock();
    for (int i = 0; i < 6; i++) {
        if (problems[i].howmany == 0)
            continue;
        /* Outside the core's cache and its wisdom handling: as another FFTW
         * user in the process would plan. */
        fftwf_plan p = fg_tx_plan_problem(&problems[i], data, flags[mode]);
        differ += mode == FOREIGN_WISDOM_ONLY && p;
        if (p && mode == FOREIGN_ESTIMATE) {
            char *text = fftwf_sprint_plan(p);
            if (compare) {
                differ += strcmp(text, texts[i]) != 0;
                free(text);
            } else {
                texts[i] = text;
            }
        }
        if (p)
            fftwf_destroy_plan(p);
    }
    fg_fftw_unlock();
    fftwf_free(data);
    return differ;
}

static float *smooth_threads(fg_fft_context *ctx, const float *in, int W, int H, fg_boundary b, int threads,
                             fg_status *st)
{
    float *out = malloc(sizeof(float) * W * H * 3);
    fg_image vin = fg_image_make((float *)in, W, H, 3, 0), vout = fg_image_make(out, W, H, 3, 0);
    fg_smooth_params p;
    fg_smooth_params_init(&p);
    p.boundary = b;
    p.cutoff = 3;
    p.threads = threads;
    *st = fg_frequency_smooth(ctx, &vin, &vout, &p, NULL);
    return out;
}

/* The same smoothing gives bitwise the same floats whatever FFTW wisdom the
 * process has (measured plans of exactly the core's transforms, from any
 * FFTW user of the process or imported from a file) and whatever the thread
 * count: 8-bit results one level apart after saved wisdom changed the plans
 * were issue 14. */
static void test_plan_independence(void)
{
    static const int sizes[][2] = { { 250, 200 }, { 97, 61 }, { 160, 128 } };
    const int cases = check_quick() ? 1 : 3;
    int changed_total = 0;
    for (int c = 0; c < cases; c++)
        for (int b = 0; b < 2; b++) {
            const int W = sizes[c][0], H = sizes[c][1];
            const size_t bytes = sizeof(float) * W * H * 3;
            const char *name = b ? "periodic" : "mirror";
            float *in = malloc(bytes);
            for (int i = 0; i < W * H * 3; i++)
                in[i] = (float)rnd();
            fg_fft_context *warm = fg_fft_context_new();
            fg_status st;
            float *ref = smooth_threads(warm, in, W, H, (fg_boundary)b, 2, &st);
            CHECK(st == FG_OK, "%dx%d %s: smoothed before any measuring", W, H, name);
            char *estimate[6] = { 0 };
            foreign_plans(W, H, (fg_boundary)b, FOREIGN_ESTIMATE, estimate, 0);

            /* Measure the core's very transforms, and save and re-import
             * the wisdom as a later run would. */
            foreign_plans(W, H, (fg_boundary)b, FOREIGN_MEASURE, NULL, 0);
            fg_fftw_lock();
            char *wisdom = fftwf_export_wisdom_to_string();
            fftwf_forget_wisdom();
            int imported = wisdom && fftwf_import_wisdom_from_string(wisdom);
            fg_fftw_unlock();
            free(wisdom);
            int known = foreign_plans(W, H, (fg_boundary)b, FOREIGN_WISDOM_ONLY, NULL, 0);
            int changed = foreign_plans(W, H, (fg_boundary)b, FOREIGN_ESTIMATE, estimate, 1);
            changed_total += changed;
            printf("# %dx%d %s: the measured wisdom changes FFTW's own estimate of %d transform(s)\n", W, H, name,
                   changed);
            CHECK(imported && known > 0, "%dx%d %s: wisdom of %d measured transform(s) exported and re-imported", W,
                  H, name, known);

            int same = 1;
            float *out = smooth_threads(warm, in, W, H, (fg_boundary)b, 2, &st);
            same &= st == FG_OK && memcmp(out, ref, bytes) == 0;
            free(out);
            CHECK(same, "%dx%d %s: a context that planned before: bitwise the same", W, H, name);
            for (int threads = 1; threads <= 3; threads++) {
                fg_fft_context *fresh = fg_fft_context_new();
                float *a = smooth_threads(fresh, in, W, H, (fg_boundary)b, threads, &st);
                int ok = st == FG_OK && memcmp(a, ref, bytes) == 0;
                float *n = smooth_threads(NULL, in, W, H, (fg_boundary)b, threads, &st);
                ok &= st == FG_OK && memcmp(n, ref, bytes) == 0;
                double worst = 0;
                for (int i = 0; i < W * H * 3; i++)
                    worst = fmax(worst, fmax(fabs(a[i] - ref[i]), fabs(n[i] - ref[i])));
                CHECK(ok, "%dx%d %s, %d thread(s), after measuring: a new context and none give bitwise the "
                      "result of before (largest difference %.3g)", W, H, name, threads, worst);
                free(a);
                free(n);
                fg_fft_context_free(fresh);
            }
            CHECK(foreign_plans(W, H, (fg_boundary)b, FOREIGN_WISDOM_ONLY, NULL, 0) == known,
                  "%dx%d %s: the process's wisdom survives the core's planning", W, H, name);
            for (int i = 0; i < 6; i++)
                free(estimate[i]);
            free(ref);
            free(in);
            fg_fft_context_free(warm);
        }
    /* Measuring is timing: it may pick FFTW's estimate again, but not for
     * every one of these transforms, or the checks above proved nothing. */
    CHECK(changed_total > 0, "the measured wisdom changed FFTW's own estimate of %d transform(s) in all",
          changed_total);
    /* Leave no wisdom to the tests after this one. */
    fg_fftw_lock();
    fftwf_forget_wisdom();
    fg_fftw_unlock();
}

int main(void)
{
    test_layouts();
    test_transforms();
    test_cache();
    test_measured();
    test_plan_independence();
    /* Only a test may reset FFTW's process-wide state: this stops FFTW's
     * worker threads, which valgrind would otherwise report as possibly lost. */
    fftwf_cleanup_threads();
    return check_done();
}
