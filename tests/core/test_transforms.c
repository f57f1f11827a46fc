/* test_transforms.c — transforms.c: plane layouts, the r2c/c2r and DCT-II/III
 * plans against naive double transforms (sizes 1 included), the plan cache
 * (eviction, measured plans replacing estimated ones while in use), the
 * working buffers a context keeps, and FFTW wisdom import/export. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* ---- Measured plans ------------------------------------------------------------- */

static void test_measured(void)
{
    fg_fft_context *ctx = fg_fft_context_new();
    fg_error err;
    fg_status st = fg_fft_plan_measured(ctx, 0, 5, FG_BOUNDARY_MIRROR, 1, 1.0, &err);
    CHECK(st == FG_ERR_SIZE && err.message[0], "measured: width 0 refused: %s", err.message);
    CHECK(fg_fft_plan_measured(ctx, 5, -2, FG_BOUNDARY_MIRROR, 1, 1.0, &err) == FG_ERR_SIZE, "measured: height -2 refused");
    st = fg_fft_plan_measured(ctx, 5, 5, (fg_boundary)9, 1, 1.0, &err);
    CHECK(st == FG_ERR_PARAM && err.message[0], "measured: unknown boundary refused: %s", err.message);
    CHECK(fg_fft_plan_measured(ctx, 5, 5, FG_BOUNDARY_MIRROR, -1, 1.0, &err) == FG_ERR_PARAM, "measured: threads -1 refused");
    CHECK(fg_fft_plan_measured(ctx, 5, 5, FG_BOUNDARY_MIRROR, FG_MAX_THREADS + 1, 1.0, &err) == FG_ERR_PARAM,
          "measured: too many threads refused");
    const double limits[] = { 0.0, -1.0, NAN, INFINITY };
    int ok = 1;
    for (int i = 0; i < 4; i++)
        ok &= fg_fft_plan_measured(ctx, 5, 5, FG_BOUNDARY_MIRROR, 1, limits[i], &err) == FG_ERR_PARAM && err.message[0];
    CHECK(ok, "measured: time limits 0, -1, NaN, inf refused");
    st = fg_fft_plan_measured(ctx, 1 << 30, 1 << 30, FG_BOUNDARY_PERIODIC, 1, 1.0, &err);
    CHECK(st == FG_ERR_TOO_LARGE || st == FG_ERR_NOMEM, "measured: 2^30 x 2^30 cannot be planned: %s", err.message);

    /* Estimated first, then measured: the results stay the same to rounding. */
    const int W = 24, H = 18;
    float in[24 * 18];
    for (int i = 0; i < W * H; i++)
        in[i] = (float)rnd();
    for (int b = 0; b < 2; b++) {
        fg_status s1, s2, s3;
        float *before = smooth_copy(ctx, in, W, H, (fg_boundary)b, &s1);
        s2 = fg_fft_plan_measured(ctx, W, H, (fg_boundary)b, 1, 2.0, &err);
        CHECK(s2 == FG_OK && err.status == FG_OK, "measured plans for %dx%d %s", W, H, b ? "periodic" : "mirror");
        CHECK(fg_fft_plan_measured(ctx, W, H, (fg_boundary)b, 1, 2.0, &err) == FG_OK, "measuring again is a no-op");
        CHECK(fg_fft_plan_measured(NULL, W, H, (fg_boundary)b, 1, 2.0, &err) == FG_OK, "measuring without a context (wisdom only)");
        float *after = smooth_copy(ctx, in, W, H, (fg_boundary)b, &s3);
        double worst = 0;
        for (int i = 0; i < W * H; i++)
            worst = fmax(worst, fabs(after[i] - before[i]));
        CHECK(s1 == FG_OK && s3 == FG_OK && worst <= 1e-6, "results with measured plans equal estimated ones (%.2g)", worst);
        free(before);
        free(after);
    }
    fg_fft_context_free(ctx);
}

/* Measuring while other threads smooth with the plans being replaced. */
typedef struct race {
    fg_fft_context *ctx;
    const float *in;
    const float *expect;
    int W, H;
    fg_boundary b;
    int ok;
} race;

static void *race_smooth(void *arg)
{
    race *r = arg;
    r->ok = 1;
    for (int i = 0; i < 20; i++) {
        fg_status st;
        float *out = smooth_copy(r->ctx, r->in, r->W, r->H, r->b, &st);
        double worst = 0;
        for (int k = 0; k < r->W * r->H; k++)
            worst = fmax(worst, fabs(out[k] - r->expect[k]));
        r->ok &= st == FG_OK && worst <= 1e-6;
        free(out);
    }
    return NULL;
}

static void *race_measure(void *arg)
{
    race *r = arg;
    r->ok = fg_fft_plan_measured(r->ctx, r->W, r->H, r->b, 1, 1.0, NULL) == FG_OK;
    return NULL;
}

static void test_measure_race(void)
{
    fg_fft_context *ctx = fg_fft_context_new();
    const int W = 40, H = 36;
    float *in = malloc(sizeof(float) * W * H);
    for (int i = 0; i < W * H; i++)
        in[i] = (float)rnd();
    int ok = 1;
    for (int b = 0; b < 2; b++) {
        fg_status st;
        float *expect = smooth_copy(NULL, in, W, H, (fg_boundary)b, &st);
        race r[3] = { { ctx, in, expect, W, H, (fg_boundary)b, 0 }, { ctx, in, expect, W, H, (fg_boundary)b, 0 },
                      { ctx, in, expect, W, H, (fg_boundary)b, 0 } };
        pthread_t t[3];
        int started[3];
        started[0] = pthread_create(&t[0], NULL, race_smooth, &r[0]) == 0;
        started[1] = pthread_create(&t[1], NULL, race_measure, &r[1]) == 0;
        started[2] = pthread_create(&t[2], NULL, race_smooth, &r[2]) == 0;
        for (int i = 0; i < 3; i++) {
            if (started[i])
                pthread_join(t[i], NULL);
            ok &= started[i] && r[i].ok;
        }
        free(expect);
    }
    CHECK(ok, "plans measured while two threads smooth with the same context: all calls correct");
    free(in);
    fg_fft_context_free(ctx);
}

/* ---- Wisdom ------------------------------------------------------------------------ */

static int write_text(const char *path, const char *text, size_t length)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    int ok = fwrite(text, 1, length, f) == length;
    return fclose(f) == 0 && ok;
}

static char *read_text(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = malloc(1 << 20);
    *length = fread(text, 1, (1 << 20) - 1, f);
    text[*length] = '\0';
    fclose(f);
    return text;
}

/* Files in `dir` other than "." and "..". */
static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return -1;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void test_wisdom(void)
{
    char dir[] = "/tmp/fg-wisdom-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0, "temporary directory: %s", strerror(errno));
        return;
    }
    char path[256], missing[256], corrupt[256], nodir[256];
    snprintf(path, sizeof path, "%s/wisdom", dir);
    snprintf(missing, sizeof missing, "%s/no-such-file", dir);
    snprintf(corrupt, sizeof corrupt, "%s/corrupt", dir);
    snprintf(nodir, sizeof nodir, "%s/no-such-dir/wisdom", dir);
    fg_error err;

    /* Something worth saving. */
    fg_fft_context *ctx = fg_fft_context_new();
    CHECK(fg_fft_plan_measured(ctx, 30, 20, FG_BOUNDARY_MIRROR, 1, 1.0, &err) == FG_OK, "measured a 30x20 mirror plan");
    fg_fft_context_free(ctx);

    CHECK(fg_fft_wisdom_export(path, &err) == FG_OK && err.status == FG_OK && err.message[0] == '\0', "wisdom exported");
    size_t length = 0;
    char *text = read_text(path, &length);
    CHECK(text && strncmp(text, "(fftw-3", 7) == 0 && strstr(text, "fftwf_wisdom") && length > 20,
          "the file holds FFTW single-precision wisdom (%zu bytes)", length);
    CHECK(count_files(dir) == 1, "no temporary file left behind");
    CHECK(fg_fft_wisdom_import(path, &err) == FG_OK && err.status == FG_OK, "wisdom imported back");
    CHECK(fg_fft_wisdom_export(path, &err) == FG_OK && count_files(dir) == 1, "export over an existing file replaces it");
    struct stat info;
    CHECK(stat(path, &info) == 0 && S_ISREG(info.st_mode), "the target is a regular file");

    CHECK(fg_fft_wisdom_import(missing, &err) == FG_OK && err.status == FG_OK && err.message[0] == '\0',
          "a missing wisdom file is FG_OK (nothing imported)");
    const char *garbage = "this is not wisdom\n";
    fg_status st = write_text(corrupt, garbage, strlen(garbage)) ? fg_fft_wisdom_import(corrupt, &err) : FG_OK;
    CHECK(st == FG_ERR_PARAM && err.message[0], "a corrupt file -> FG_ERR_PARAM: %s", err.message);
    CHECK(text && write_text(corrupt, text, length / 2) && fg_fft_wisdom_import(corrupt, &err) == FG_ERR_PARAM,
          "a truncated wisdom file -> FG_ERR_PARAM");
    CHECK(write_text(corrupt, "", 0) && fg_fft_wisdom_import(corrupt, &err) == FG_ERR_PARAM, "an empty file -> FG_ERR_PARAM");
    CHECK(fg_fft_wisdom_import(path, &err) == FG_OK, "the good file still imports after failed imports");
    st = fg_fft_wisdom_import(dir, &err);
    CHECK(st != FG_OK && err.message[0], "a directory is not a wisdom file: %s", err.message);
    /* Files that never end: each refused at once (before, a FIFO blocked
     * open() and /dev/zero was read for ever). */
    char fifo[300], zero[300], huge[300];
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    snprintf(zero, sizeof zero, "%s/zero", dir);
    snprintf(huge, sizeof huge, "%s/huge", dir);
    if (mkfifo(fifo, 0600) == 0) {
        st = fg_fft_wisdom_import(fifo, &err);
        CHECK(st == FG_ERR_PARAM && strstr(err.message, "regular file"), "a FIFO is refused without blocking: %s",
              err.message);
    }
    if (symlink("/dev/zero", zero) == 0) {
        st = fg_fft_wisdom_import(zero, &err);
        CHECK(st == FG_ERR_PARAM && strstr(err.message, "regular file"), "a symlink to /dev/zero is refused: %s",
              err.message);
    }
    int fd = open(huge, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
        CHECK(ftruncate(fd, (off_t)FG_WISDOM_MAX_BYTES + 1) == 0, "a sparse file just over the size limit");
        close(fd);
        st = fg_fft_wisdom_import(huge, &err);
        CHECK(st == FG_ERR_PARAM && strstr(err.message, "MiB"), "a file over %d MiB is refused: %s",
              FG_WISDOM_MAX_BYTES >> 20, err.message);
    }
    char link_to_good[300];
    snprintf(link_to_good, sizeof link_to_good, "%s/link", dir);
    if (symlink(path, link_to_good) == 0)
        CHECK(fg_fft_wisdom_import(link_to_good, &err) == FG_OK, "a symlink to a good file still imports");
    unlink(fifo);
    unlink(zero);
    unlink(huge);
    unlink(link_to_good);
    CHECK(fg_fft_wisdom_import(NULL, &err) == FG_ERR_NULL && err.message[0], "import(NULL) -> FG_ERR_NULL");
    CHECK(fg_fft_wisdom_import("", &err) == FG_ERR_PARAM, "import(\"\") -> FG_ERR_PARAM");
    CHECK(fg_fft_wisdom_export(NULL, &err) == FG_ERR_NULL, "export(NULL) -> FG_ERR_NULL");
    CHECK(fg_fft_wisdom_export("", &err) == FG_ERR_PARAM, "export(\"\") -> FG_ERR_PARAM");
    st = fg_fft_wisdom_export(nodir, &err);
    CHECK(st == FG_ERR_INTERNAL && err.message[0], "export into a missing directory -> FG_ERR_INTERNAL: %s", err.message);
    char subdir[300];
    snprintf(subdir, sizeof subdir, "%s/sub", dir);
    int before = (mkdir(subdir, 0700), count_files(dir));
    st = fg_fft_wisdom_export(subdir, &err);
    CHECK(st == FG_ERR_INTERNAL && count_files(dir) == before,
          "export over a directory fails and removes its temporary file: %s", err.message);

    free(text);
    rmdir(subdir);
    unlink(path);
    unlink(corrupt);
    rmdir(dir);
}

int main(void)
{
    test_layouts();
    test_transforms();
    test_cache();
    test_measured();
    test_measure_race();
    test_wisdom();
    /* Only a test may reset FFTW's process-wide state: this stops FFTW's
     * worker threads, which valgrind would otherwise report as possibly lost. */
    fftwf_cleanup_threads();
    return check_done();
}
