/* test_spectrum.c — fg_frequency_spectra: centred peaks of a cosine, the
 * log scale, result spectra (periodic: H |F|; mirror: the DFT of the mirror
 * smoothing, checked with a naive DFT), the transfer image, the 0..1 range,
 * alpha, and bad arguments. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <fftw3.h>

#include "fg/frequency_smooth.h"
#include "check.h"
#include "smooth_params.h"

#define PI 3.14159265358979323846

static unsigned rng_state = 4242u;
static double rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return (rng_state >> 8) / 16777216.0;
}

typedef struct spectra {
    float *in, *res, *tf;
    fg_image vin, vres, vtf;
} spectra;

static void spectra_alloc(spectra *s, int W, int H)
{
    s->in = malloc(sizeof(float) * W * H);
    s->res = malloc(sizeof(float) * W * H);
    s->tf = malloc(sizeof(float) * W * H);
    s->vin = fg_image_make(s->in, W, H, 1, 0);
    s->vres = fg_image_make(s->res, W, H, 1, 0);
    s->vtf = fg_image_make(s->tf, W, H, 1, 0);
}

static void spectra_free(spectra *s)
{
    free(s->in);
    free(s->res);
    free(s->tf);
}

/* |DFT| of a W x H real plane at signed indices, naive double. */
static double naive_dft_mag(const double *x, int W, int H, int kx, int ky)
{
    double re = 0, im = 0;
    for (int y = 0; y < H; y++)
        for (int xx = 0; xx < W; xx++) {
            double ph = -2 * PI * ((double)kx * xx / W + (double)ky * y / H);
            re += x[y * W + xx] * cos(ph);
            im += x[y * W + xx] * sin(ph);
        }
    return hypot(re, im);
}

static void test_cosine_peaks(fg_fft_context *ctx)
{
    const int sizes[2][2] = { { 64, 48 }, { 45, 27 } };
    for (int s = 0; s < 2; s++) {
        const int W = sizes[s][0], H = sizes[s][1], kx = 5, ky = 3, C = 3;
        float *img = malloc(sizeof(float) * W * H * C);
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                for (int c = 0; c < C; c++)
                    img[(y * W + x) * C + c] = (float)(0.5 + 0.25 * cos(2 * PI * ((double)kx * x / W + (double)ky * y / H)));
        fg_image v = fg_image_make(img, W, H, C, 0);
        fg_smooth_params p = make_params(FG_LOWPASS_GAUSSIAN, 8.0, 2, FG_BOUNDARY_PERIODIC);
        spectra sp;
        spectra_alloc(&sp, W, H);
        fg_error err;
        fg_status st = fg_frequency_spectra(ctx, &v, &p, &sp.vin, &sp.vres, &sp.vtf, &err);
        CHECK(st == FG_OK, "%dx%d RGB cosine: spectra computed", W, H);
        const int cx = W / 2, cy = H / 2;
        const double N = (double)W * H;
        double dc = log1p(0.5 * N), peak = log1p(0.25 * N / 2) / dc;
        float at_dc = sp.in[cy * W + cx], at_p1 = sp.in[(cy + ky) * W + cx + kx], at_p2 = sp.in[(cy - ky) * W + cx - kx];
        CHECK_CLOSE(at_dc, 1.0, 1e-6, "%dx%d: zero frequency at the centre (%d, %d) = 1", W, H, cx, cy);
        CHECK_CLOSE(at_p1, peak, 1e-4, "%dx%d: peak at (+%d, +%d) from the centre = log(1+|F|)/log(1+|F(0)|)", W, H, kx, ky);
        CHECK_CLOSE(at_p2, peak, 1e-4, "%dx%d: mirror peak at (-%d, -%d)", W, H, kx, ky);
        double others = 0;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                if (i != cy * W + cx && i != (cy + ky) * W + cx + kx && i != (cy - ky) * W + cx - kx)
                    others = fmax(others, sp.in[i]);
            }
        CHECK(others < 0.01, "%dx%d: nothing else in the input spectrum (max %.3g)", W, H, others);

        double rho = sqrt(pow((double)kx / W, 2) + pow((double)ky / H, 2));
        double h = fg_lowpass_transfer(p.filter, p.order, rho, 1.0 / p.cutoff);
        CHECK_CLOSE(sp.res[(cy + ky) * W + cx + kx], log1p(h * 0.25 * N / 2) / dc, 1e-4,
                    "%dx%d periodic result spectrum at the peak = log(1 + H |F|), same scale", W, H);
        CHECK_CLOSE(sp.res[cy * W + cx], 1.0, 1e-6, "%dx%d result spectrum: DC kept", W, H);
        spectra_free(&sp);
        free(img);
    }
}

static void test_transfer_image(fg_fft_context *ctx)
{
    const int W = 50, H = 35;
    float *img = malloc(sizeof(float) * W * H * 2);
    for (int i = 0; i < W * H * 2; i++)
        img[i] = (float)rnd();
    fg_image v = fg_image_make(img, W, H, 2, 1);
    struct { fg_lowpass f; double cutoff; int order; } cases[] = {
        { FG_LOWPASS_GAUSSIAN, 8.0, 2 }, { FG_LOWPASS_IDEAL, 6.3, 2 }, { FG_LOWPASS_BUTTERWORTH, 5.0, 4 },
        { FG_LOWPASS_BUTTERWORTH, 30.0, 1 },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        for (int b = 0; b < 2; b++) {
            fg_smooth_params p = make_params(cases[c].f, cases[c].cutoff, cases[c].order, (fg_boundary)b);
            float *tf = malloc(sizeof(float) * W * H);
            fg_image vtf = fg_image_make(tf, W, H, 1, 0);
            fg_error err;
            fg_status st = fg_frequency_spectra(ctx, &v, &p, NULL, NULL, &vtf, &err);
            double worst = 0;
            for (int y = 0; st == FG_OK && y < H; y++)
                for (int x = 0; x < W; x++) {
                    double fx = (x - W / 2) / (double)W, fy = (y - H / 2) / (double)H;
                    double rho = sqrt(fx * fx + fy * fy);
                    if (p.filter == FG_LOWPASS_IDEAL && fabs(rho * p.cutoff - 1) < 1e-9)
                        continue;   /* exactly on the edge: rounding decides */
                    worst = fmax(worst, fabs(tf[y * W + x] - fg_lowpass_transfer(p.filter, p.order, rho, 1.0 / p.cutoff)));
                }
            CHECK(st == FG_OK && worst <= 1e-6, "transfer image = H(rho) at every pixel (filter %d, cutoff %g, %s): %.2g",
                  (int)p.filter, p.cutoff, b ? "periodic" : "mirror", worst);
            free(tf);
        }
    free(img);
}

static void test_mirror_result(fg_fft_context *ctx)
{
    const int W = 24, H = 18, C = 3;
    float *img = malloc(sizeof(float) * W * H * C), *smooth = malloc(sizeof(float) * W * H * C);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            for (int c = 0; c < C; c++)
                img[(y * W + x) * C + c] = (float)((double)x / W * (c + 1) / 3 + 0.3 * rnd());
    fg_image v = fg_image_make(img, W, H, C, 0), vs = fg_image_make(smooth, W, H, C, 0);
    fg_smooth_params p = make_params(FG_LOWPASS_BUTTERWORTH, 5.0, 2, FG_BOUNDARY_MIRROR);
    spectra sp;
    spectra_alloc(&sp, W, H);
    fg_error err;
    CHECK(fg_frequency_spectra(ctx, &v, &p, &sp.vin, &sp.vres, NULL, &err) == FG_OK
          && fg_frequency_smooth(ctx, &v, &vs, &p, &err) == FG_OK, "mirror spectra and smoothing computed");
    /* Independent: naive DFTs of the colour means. */
    double *s_in = malloc(sizeof(double) * W * H), *s_out = malloc(sizeof(double) * W * H);
    for (int i = 0; i < W * H; i++) {
        s_in[i] = (img[i * C] + img[i * C + 1] + img[i * C + 2]) / 3.0;
        s_out[i] = (smooth[i * C] + smooth[i * C + 1] + smooth[i * C + 2]) / 3.0;
    }
    double largest = 0;
    for (int ky = 0; ky < H; ky++)
        for (int kx = 0; kx < W; kx++)
            largest = fmax(largest, naive_dft_mag(s_in, W, H, kx, ky));
    double norm = log1p(largest), worst_in = 0, worst_res = 0, differs = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            int kx = x - W / 2, ky = y - H / 2;
            double want_in = log1p(naive_dft_mag(s_in, W, H, kx, ky)) / norm;
            double want_res = log1p(naive_dft_mag(s_out, W, H, kx, ky)) / norm;
            worst_in = fmax(worst_in, fabs(sp.in[y * W + x] - want_in));
            worst_res = fmax(worst_res, fabs(sp.res[y * W + x] - want_res));
            differs = fmax(differs, fabs(sp.res[y * W + x] - sp.in[y * W + x]));
        }
    CHECK(worst_in <= 1e-4, "input spectrum = log(1+|DFT of the colour mean|)/log(1+max) (naive DFT, err %.2g)", worst_in);
    CHECK(worst_res <= 1e-4, "mirror result spectrum = the DFT of the mirror-smoothed image, same scale (err %.2g)", worst_res);
    CHECK(differs > 0.05, "the result spectrum differs from the input's (%.3g)", differs);
    free(s_in);
    free(s_out);
    spectra_free(&sp);
    free(img);
    free(smooth);
}

static void test_range_and_alpha(fg_fft_context *ctx)
{
    const int W = 31, H = 22;
    float *img = malloc(sizeof(float) * W * H * 4);
    for (int i = 0; i < W * H * 4; i++)
        img[i] = (float)(2 * rnd() - 0.5);
    int ok = 1;
    for (int f = 0; f < 3; f++)
        for (int b = 0; b < 2; b++) {
            fg_image v = fg_image_make(img, W, H, 3 + (f == 1), f == 1);
            fg_smooth_params p = make_params((fg_lowpass)f, 4.0, 3, (fg_boundary)b);
            spectra sp;
            spectra_alloc(&sp, W, H);
            ok &= fg_frequency_spectra(ctx, &v, &p, &sp.vin, &sp.vres, &sp.vtf, NULL) == FG_OK;
            for (int i = 0; i < W * H; i++)
                ok &= sp.in[i] >= 0 && sp.in[i] <= 1 && sp.res[i] >= 0 && sp.res[i] <= 1 && sp.tf[i] >= 0 && sp.tf[i] <= 1;
            spectra_free(&sp);
        }
    CHECK(ok, "all spectra values in 0..1 (values outside 0..1 in the image, every filter and boundary)");

    /* With alpha the signal is the premultiplied colour mean. */
    float *grey = malloc(sizeof(float) * W * H);
    for (int i = 0; i < W * H; i++) {
        img[i * 4 + 3] = (float)rnd();
        grey[i] = img[i * 4 + 3] * (img[i * 4] + img[i * 4 + 1] + img[i * 4 + 2]) / 3.0f;
    }
    fg_image v = fg_image_make(img, W, H, 4, 1), vg = fg_image_make(grey, W, H, 1, 0);
    fg_smooth_params p = make_params(FG_LOWPASS_GAUSSIAN, 6.0, 2, FG_BOUNDARY_MIRROR);
    spectra a, g;
    spectra_alloc(&a, W, H);
    spectra_alloc(&g, W, H);
    double worst = 0;
    if (fg_frequency_spectra(ctx, &v, &p, &a.vin, &a.vres, NULL, NULL) == FG_OK
        && fg_frequency_spectra(ctx, &vg, &p, &g.vin, &g.vres, NULL, NULL) == FG_OK)
        for (int i = 0; i < W * H; i++)
            worst = fmax(worst, fmax(fabs(a.in[i] - g.in[i]), fabs(a.res[i] - g.res[i])));
    else
        worst = 1;
    CHECK(worst <= 1e-5, "RGBA spectra = spectra of alpha x colour mean (%.2g)", worst);
    for (int i = 0; i < W * H; i++)
        img[i * 4 + 3] = 0.0f;
    ok = fg_frequency_spectra(ctx, &v, &p, &a.vin, &a.vres, NULL, NULL) == FG_OK;
    for (int i = 0; i < W * H; i++)
        ok &= a.in[i] == 0.0f && a.res[i] == 0.0f;
    CHECK(ok, "a fully transparent image has all-zero spectra");
    spectra_free(&a);
    spectra_free(&g);
    free(grey);
    free(img);
}

typedef struct counter {
    int calls, cancel_at;
} counter;

static int count_progress(void *data, double fraction)
{
    (void)fraction;
    counter *c = data;
    return ++c->calls == c->cancel_at;
}

static void test_errors(fg_fft_context *ctx)
{
    const int W = 16, H = 12;
    float img[16 * 12 * 3], buf[3][16 * 12 + 16], copy[3][16 * 12 + 16];
    for (int i = 0; i < W * H * 3; i++)
        img[i] = (float)rnd();
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < W * H + 16; i++)
            buf[k][i] = -5.0f;
    memcpy(copy, buf, sizeof buf);
    fg_image v = fg_image_make(img, W, H, 3, 0);
    fg_image o0 = fg_image_make(buf[0], W, H, 1, 0), o1 = fg_image_make(buf[1], W, H, 1, 0), o2 = fg_image_make(buf[2], W, H, 1, 0);
    fg_smooth_params p = make_params(FG_LOWPASS_GAUSSIAN, 8.0, 2, FG_BOUNDARY_MIRROR);
    fg_error err;
#define UNTOUCHED (memcmp(buf, copy, sizeof buf) == 0)
    CHECK(fg_frequency_spectra(ctx, NULL, &p, &o0, &o1, &o2, &err) == FG_ERR_NULL && err.message[0] && UNTOUCHED, "NULL input refused");
    CHECK(fg_frequency_spectra(ctx, &v, NULL, &o0, &o1, &o2, &err) == FG_ERR_NULL && UNTOUCHED, "NULL params refused");
    CHECK(fg_frequency_spectra(ctx, &v, &p, NULL, NULL, NULL, &err) == FG_OK, "no outputs: nothing to do, FG_OK");
    fg_image two = fg_image_make(buf[0], W / 2, H, 2, 0);
    /* (CHECK formats its message first, so results are taken beforehand.) */
    fg_status st = fg_frequency_spectra(ctx, &v, &p, &two, &o1, &o2, &err);
    CHECK(st == FG_ERR_MISMATCH && err.message[0] && UNTOUCHED, "2-channel output refused: %s", err.message);
    fg_image small = fg_image_make(buf[1], W - 1, H, 1, 0);
    CHECK(fg_frequency_spectra(ctx, &v, &p, &o0, &small, &o2, &err) == FG_ERR_MISMATCH && UNTOUCHED, "wrong-size output refused");
    fg_image shifted = fg_image_make(buf[0] + 3, W, H, 1, 0);
    st = fg_frequency_spectra(ctx, &v, &p, &o0, NULL, &shifted, &err);
    CHECK(st == FG_ERR_MISMATCH && UNTOUCHED, "overlapping outputs refused: %s", err.message);
    fg_image grey_in = fg_image_make(buf[2], W, H, 1, 0);
    st = fg_frequency_spectra(ctx, &grey_in, &p, &o0, &o1, &grey_in, &err);
    CHECK(st == FG_ERR_MISMATCH && UNTOUCHED, "output overlapping the input refused: %s", err.message);
    fg_image bad = o0; bad.data = NULL;
    CHECK(fg_frequency_spectra(ctx, &v, &p, &bad, &o1, &o2, &err) == FG_ERR_NULL && UNTOUCHED, "output with NULL data refused");
    fg_smooth_params q = p; q.cutoff = NAN;
    CHECK(fg_frequency_spectra(ctx, &v, &q, &o0, &o1, &o2, &err) == FG_ERR_PARAM && UNTOUCHED, "NaN cutoff refused");
    q = p; q.order = 0; q.filter = FG_LOWPASS_BUTTERWORTH;
    CHECK(fg_frequency_spectra(ctx, &v, &q, &o0, &o1, &o2, &err) == FG_ERR_PARAM && UNTOUCHED, "order 0 refused");
    q = p; q.threads = -1;
    CHECK(fg_frequency_spectra(ctx, &v, &q, &o0, &o1, &o2, &err) == FG_ERR_PARAM && UNTOUCHED, "threads -1 refused");
    img[7] = INFINITY;
    st = fg_frequency_spectra(ctx, &v, &p, &o0, &o1, &o2, &err);
    CHECK(st == FG_ERR_NONFINITE && UNTOUCHED, "infinite pixel refused: %s", err.message);
    img[7] = 0.5f;
    q = p;
    q.progress = count_progress;
    counter c = { 0, 0 };
    q.progress_data = &c;
    st = fg_frequency_spectra(ctx, &v, &q, &o0, &o1, &o2, &err);
    CHECK(st == FG_OK && c.calls >= 2, "progress reported (%d calls)", c.calls);
    memcpy(buf, copy, sizeof buf);
    int total = c.calls, ok = 1;
    for (int k = 1; k <= total; k++) {
        counter cc = { 0, k };
        q.progress_data = &cc;
        ok &= fg_frequency_spectra(ctx, &v, &q, &o0, &o1, &o2, &err) == FG_ERR_CANCELLED && UNTOUCHED;
    }
    CHECK(ok, "cancel at each of %d progress calls -> FG_ERR_CANCELLED, outputs untouched", total);
    float one = 0.25f, s1 = -1, s2 = -1, s3 = -1;
    fg_image v1 = fg_image_make(&one, 1, 1, 1, 0), a1 = fg_image_make(&s1, 1, 1, 1, 0), b1 = fg_image_make(&s2, 1, 1, 1, 0),
             c1 = fg_image_make(&s3, 1, 1, 1, 0);
    CHECK(fg_frequency_spectra(NULL, &v1, &p, &a1, &b1, &c1, &err) == FG_OK && s1 == 1.0f && s2 == 1.0f && s3 == 1.0f,
          "1x1 image without a context: DC only (1, 1, H(0) = 1)");
#undef UNTOUCHED
}

int main(void)
{
    fg_fft_context *ctx = fg_fft_context_new();
    test_cosine_peaks(ctx);
    test_transfer_image(ctx);
    test_mirror_result(ctx);
    test_range_and_alpha(ctx);
    test_errors(ctx);
    fg_fft_context_free(ctx);
    /* Only a test may reset FFTW's process-wide state: this stops FFTW's
     * worker threads, which valgrind would otherwise report as possibly lost. */
    fftwf_cleanup_threads();
    return check_done();
}
