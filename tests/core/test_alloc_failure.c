/* test_alloc_failure.c — every allocation of every entry point may fail.
 *
 * Linked against the core built with FG_ALLOC_FAILURE_INJECTION: for each
 * operation and each k = 0, 1, 2, ... the k-th allocation (of the calling
 * thread) fails, until the operation needs fewer than k allocations and
 * succeeds.  Each failure must be FG_ERR_NOMEM with a message and leave the
 * output untouched; leaks are caught by the ASan and valgrind runs of this
 * test.  Threads = 1, so every allocation happens on the calling thread. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fg/frequency_smooth.h"
#include "fg/gradient_denoise.h"
#include "fg/periodic_noise.h"
#include "alloc_injection.h"
#include "check.h"

#define W 23
#define H 17
#define C 4
#define MARKER -5.0f

typedef fg_status (*operation)(const fg_image *in, const fg_image *out, fg_error *error);

/* The smoothing defaults on one thread (so that every allocation is the
 * calling thread's). */
static fg_smooth_params one_thread_params(void)
{
    fg_smooth_params p;
    fg_smooth_params_init(&p);
    p.threads = 1;
    return p;
}

static fg_status smooth(const fg_image *in, const fg_image *out, fg_error *error)
{
    fg_smooth_params p = one_thread_params();
    return fg_frequency_smooth(NULL, in, out, &p, error);
}

static fg_status smooth_periodic_context(const fg_image *in, const fg_image *out, fg_error *error)
{
    fg_smooth_params p = one_thread_params();
    p.boundary = FG_BOUNDARY_PERIODIC;
    p.filter = FG_LOWPASS_BUTTERWORTH;
    fg_fft_context *ctx = fg_fft_context_new();
    if (!ctx) {
        snprintf(error->message, sizeof error->message, "no context");
        return error->status = FG_ERR_NOMEM;
    }
    fg_status status = fg_frequency_smooth(ctx, in, out, &p, error);
    fg_fft_context_free(ctx);
    return status;
}

static fg_status prepared(const fg_image *in, const fg_image *out, fg_error *error)
{
    fg_smooth_params p = one_thread_params();
    fg_smooth_prepared *state = NULL;
    fg_status status = fg_smooth_prepare(NULL, in, p.boundary, 1, &state, error);
    if (status == FG_OK) {
        status = fg_smooth_apply(state, &p, out, error);
        fg_smooth_prepared_free(state);
    }
    return status;
}

/* Row callbacks over the image views. */
static int view_read(void *user, int y, int count, float *rows, size_t stride)
{
    const fg_image *in = ((const fg_image *const *)user)[0];
    for (int r = 0; r < count; r++)
        memcpy(rows + (size_t)r * stride, in->data + (ptrdiff_t)(y + r) * in->stride,
               sizeof(float) * (size_t)in->width * (size_t)in->channels);
    return 0;
}

static int view_write(void *user, int y, int count, const float *rows, size_t stride)
{
    const fg_image *out = ((const fg_image *const *)user)[1];
    for (int r = 0; r < count; r++)
        memcpy(out->data + (ptrdiff_t)(y + r) * out->stride, rows + (size_t)r * stride,
               sizeof(float) * (size_t)out->width * (size_t)out->channels);
    return 0;
}

/* The row calls over the image views: one pass, one pass keeping the
 * transform, or prepare then apply. */
enum rows_call { ROWS_SMOOTH, ROWS_KEPT, ROWS_PREPARED };

static fg_status rows_call(const fg_image *in, const fg_image *out, enum rows_call call, fg_error *error)
{
    fg_smooth_params p = one_thread_params();
    const fg_image *views[2] = { in, out };
    fg_row_io io = { in->width, in->height, in->channels, in->has_alpha, view_read, view_write, (void *)views };
    fg_smooth_prepared *state = NULL;
    fg_status status;
    switch (call) {
    case ROWS_SMOOTH:
        return fg_frequency_smooth_rows(NULL, &io, &p, error);
    case ROWS_KEPT:
        status = fg_frequency_smooth_rows_prepared(NULL, &io, &p, &state, error);
        break;
    default:
        status = fg_smooth_prepare_rows(NULL, &io, p.boundary, 1, &state, error);
        if (status == FG_OK)
            status = fg_smooth_apply_rows(state, &p, &io, error);
        break;
    }
    fg_smooth_prepared_free(state);
    return status;
}

static fg_status smooth_rows(const fg_image *in, const fg_image *out, fg_error *error)
{
    return rows_call(in, out, ROWS_SMOOTH, error);
}

static fg_status smooth_rows_kept(const fg_image *in, const fg_image *out, fg_error *error)
{
    return rows_call(in, out, ROWS_KEPT, error);
}

static fg_status prepared_rows(const fg_image *in, const fg_image *out, fg_error *error)
{
    return rows_call(in, out, ROWS_PREPARED, error);
}

static fg_status spectra(const fg_image *in, const fg_image *out, fg_error *error)
{
    /* The three spectra go into the first three quarters of `out`'s buffer
     * (W x H floats each, out has W x H x 4). */
    fg_smooth_params p = one_thread_params();
    fg_image s[3];
    for (int i = 0; i < 3; i++)
        s[i] = fg_image_make(out->data + (size_t)i * W * H, W, H, 1, 0);
    return fg_frequency_spectra(NULL, in, &p, &s[0], &s[1], &s[2], error);
}

static fg_status denoise(const fg_image *in, const fg_image *out, fg_error *error)
{
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.threads = 1;
    p.max_iterations = 4;
    return fg_gradient_denoise(in, out, &p, NULL, error);
}

/* The coarse start needs both sides >= 2 FG_DENOISE_COARSE_MIN_SIDE: its own
 * image; its output reaches `out` only on success, and a failure that
 * touched it marks out (so "output untouched" covers it too). */
#define COARSE_SIDE (2 * FG_DENOISE_COARSE_MIN_SIDE)
static fg_status denoise_coarse_start(const fg_image *in, const fg_image *out, fg_error *error)
{
    (void)in;
    static float data[COARSE_SIDE * COARSE_SIDE], result[COARSE_SIDE * COARSE_SIDE];
    for (int i = 0; i < COARSE_SIDE * COARSE_SIDE; i++) {
        data[i] = (float)((i * 7919) % 1000) / 1000.0f;
        result[i] = MARKER;
    }
    fg_image big = fg_image_make(data, COARSE_SIDE, COARSE_SIDE, 1, 0);
    fg_image big_out = fg_image_make(result, COARSE_SIDE, COARSE_SIDE, 1, 0);
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.auto_strength = 0;
    p.lambda = 0.1;
    p.tolerance = 0.0;
    p.max_iterations = 3;
    p.threads = 1;
    fg_denoise_report report;
    fg_status status = fg_gradient_denoise(&big, &big_out, &p, &report, error);
    if (status == FG_OK && report.coarse_levels != 1) {
        snprintf(error->message, sizeof error->message, "no coarse start");
        return error->status = FG_ERR_INTERNAL;
    }
    if (status == FG_OK)
        memcpy(out->data, result, (size_t)W * H * C * sizeof *result);
    for (int i = 0; status != FG_OK && i < COARSE_SIDE * COARSE_SIDE; i++)
        if (result[i] != MARKER) {
            out->data[0] = 0.0f;
            break;
        }
    return status;
}

static fg_status denoise_plain_tikhonov(const fg_image *in, const fg_image *out, fg_error *error)
{
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.threads = 1;
    p.max_iterations = 4;
    p.energy = FG_ENERGY_TIKHONOV;
    p.solver = FG_SOLVER_PLAIN;
    p.colour = FG_COLOUR_PER_CHANNEL;
    return fg_gradient_denoise(in, out, &p, NULL, error);
}

/* Tikhonov with the direct solver (the transform's buffers, plans and
 * masks). */
static fg_status denoise_direct_tikhonov(const fg_image *in, const fg_image *out, fg_error *error)
{
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.threads = 1;
    p.energy = FG_ENERGY_TIKHONOV;
    p.solver = FG_SOLVER_DIRECT;
    fg_denoise_report report;
    fg_status status = fg_gradient_denoise(in, out, &p, &report, error);
    if (status == FG_OK && report.solver != FG_SOLVER_DIRECT) {
        snprintf(error->message, sizeof error->message, "not the direct solver");
        return error->status = FG_ERR_INTERNAL;
    }
    return status;
}

static fg_status denoise_primal_dual(const fg_image *in, const fg_image *out, fg_error *error)
{
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.threads = 1;
    p.max_iterations = 4;
    p.solver = FG_SOLVER_PRIMAL_DUAL;
    p.stop = FG_STOP_GAP;
    return fg_gradient_denoise(in, out, &p, NULL, error);
}

/* The noise-model estimate of the signal-dependent mode (its own input:
 * shading plus a hashed pseudo-noise of variance 0.02 x; at 23 x 17 no
 * brightness bin has enough windows, so the plain solve follows). */
static fg_status denoise_signal_dependent(const fg_image *in, const fg_image *out, fg_error *error)
{
    static float data[W * H * C];
    for (int i = 0; i < W * H * C; i++) {
        double s = 0.1 + 0.8 * (double)((i / C) % W) / W;
        uint32_t z = (uint32_t)i * 2654435761u;
        double u = (double)((z >> 8) & 0xffff) / 65536.0 - 0.5;
        data[i] = i % C == C - 1 ? 1.0f : (float)(s + sqrt(0.02 * s) * 3.46 * u);
    }
    fg_image noisy = fg_image_make(data, W, H, C, in->has_alpha);
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.threads = 1;
    p.max_iterations = 4;
    p.noise = FG_NOISE_SIGNAL_DEPENDENT;
    return fg_gradient_denoise(&noisy, out, &p, NULL, error);
}

static fg_status gradient_map(const fg_image *in, const fg_image *out, fg_error *error)
{
    fg_image map = fg_image_make(out->data, W, H, 1, 0);
    return fg_gradient_map(in, &map, 1, 1, error);
}

static fg_status notch_smooth(const fg_image *in, const fg_image *out, fg_error *error)
{
    static const fg_notch notches[2] = { { 0.25, 0.1, 0.05 }, { -0.1, 0.3, 0.02 } };
    fg_smooth_params p = one_thread_params();
    p.shape = FG_SHAPE_NOTCH;
    p.notches = notches;
    p.notch_count = 2;
    return fg_frequency_smooth(NULL, in, out, &p, error);
}

static fg_status band_reject(const fg_image *in, const fg_image *out, fg_error *error)
{
    fg_smooth_params p = one_thread_params();
    p.shape = FG_SHAPE_BANDREJECT;
    p.boundary = FG_BOUNDARY_PERIODIC;
    return fg_frequency_smooth(NULL, in, out, &p, error);
}

/* The input with a strong cosine, so that peaks are found and notched. */
static const fg_image *with_cosine(const fg_image *in)
{
    static float data[W * H * C];
    static fg_image image;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            for (int c = 0; c < C; c++) {
                size_t i = ((size_t)y * W + x) * C + c;
                data[i] = c == C - 1 ? 1.0f : 0.3f * in->data[i] + 0.5f * (float)cos(2.0 * 3.14159265 * (0.27 * x + 0.2 * y));
            }
    image = fg_image_make(data, W, H, C, 1);
    return &image;
}

static fg_status find_peaks(const fg_image *in, const fg_image *out, fg_error *error)
{
    fg_peak_params p;
    fg_peak_params_init(&p);
    p.threads = 1;
    fg_peak peaks[4];
    int count = 0;
    fg_status status = fg_find_periodic_peaks(NULL, with_cosine(in), &p, peaks, 4, &count, error);
    if (status == FG_OK && count < 1) {
        snprintf(error->message, sizeof error->message, "no peak found");
        return error->status = FG_ERR_INTERNAL;
    }
    if (status == FG_OK)
        out->data[0] = (float)peaks[0].fx;   /* written only on success */
    return status;
}

static fg_status remove_periodic(const fg_image *in, const fg_image *out, fg_error *error)
{
    fg_periodic_params p;
    fg_periodic_params_init(&p);
    p.detect.threads = 1;
    int notches = 0;
    fg_status status = fg_remove_periodic_noise(NULL, with_cosine(in), out, &p, &notches, error);
    if (status == FG_OK && notches < 1) {
        snprintf(error->message, sizeof error->message, "no notch placed");
        return error->status = FG_ERR_INTERNAL;
    }
    return status;
}

static void run(const char *name, operation op, const fg_image *in, const fg_image *out)
{
    size_t count = (size_t)W * H * C;
    int failures = 0, bad_status = 0, touched = 0, no_message = 0, succeeded = 0;
    for (long k = 0; k < 2000 && !succeeded; k++) {
        fg_error error = { FG_OK, "" };
        for (size_t i = 0; i < count; i++)
            out->data[i] = MARKER;
        fg_test_fail_allocation_after(k);
        fg_status status = op(in, out, &error);
        long left = fg_test_allocations_left();
        fg_test_fail_allocation_after(-1);
        if (status == FG_OK && left != 0) {
            succeeded = 1;      /* fewer than k allocations needed: done */
            break;
        }
        if (status == FG_OK)
            continue;           /* the failed allocation had a fallback */
        failures++;
        bad_status += status != FG_ERR_NOMEM;
        no_message += error.message[0] == '\0';
        for (size_t i = 0; i < count; i++)
            touched += out->data[i] != MARKER;
    }
    CHECK(succeeded, "%s: succeeds once allocations stop failing", name);
    CHECK(failures >= 1, "%s: %d injected allocation failures reported", name, failures);
    CHECK(bad_status == 0, "%s: every failure is FG_ERR_NOMEM (%d were not)", name, bad_status);
    CHECK(no_message == 0, "%s: every failure has a message", name);
    CHECK(touched == 0, "%s: output untouched on every failure (%d values changed)", name, touched);
}

int main(void)
{
    static float in_data[W * H * C], out_data[W * H * C];
    for (int i = 0; i < W * H * C; i++)
        in_data[i] = (float)((i * 7919) % 1000) / 1000.0f;
    for (int i = C - 1; i < W * H * C; i += C)
        in_data[i] = 0.5f + 0.5f * (float)((i / C) % 3) / 2.0f;     /* alpha */
    fg_image in = fg_image_make(in_data, W, H, C, 1);
    fg_image out = fg_image_make(out_data, W, H, C, 1);

    run("fg_frequency_smooth (mirror)", smooth, &in, &out);
    run("fg_frequency_smooth (periodic, context)", smooth_periodic_context, &in, &out);
    run("fg_smooth_prepare + apply", prepared, &in, &out);
    run("fg_frequency_smooth_rows", smooth_rows, &in, &out);
    run("fg_smooth_prepare_rows + apply_rows", prepared_rows, &in, &out);
    run("fg_frequency_smooth_rows_prepared", smooth_rows_kept, &in, &out);
    run("fg_frequency_spectra", spectra, &in, &out);
    run("fg_frequency_smooth (notch reject)", notch_smooth, &in, &out);
    run("fg_frequency_smooth (band reject, periodic)", band_reject, &in, &out);
    run("fg_find_periodic_peaks", find_peaks, &in, &out);
    run("fg_remove_periodic_noise", remove_periodic, &in, &out);
    run("fg_gradient_denoise (TV, accelerated)", denoise, &in, &out);
    run("fg_gradient_denoise (Tikhonov, plain)", denoise_plain_tikhonov, &in, &out);
    run("fg_gradient_denoise (Tikhonov, direct)", denoise_direct_tikhonov, &in, &out);
    run("fg_gradient_denoise (TV, primal-dual)", denoise_primal_dual, &in, &out);
    run("fg_gradient_denoise (coarse start)", denoise_coarse_start, &in, &out);
    run("fg_gradient_denoise (signal-dependent noise)", denoise_signal_dependent, &in, &out);
    run("fg_gradient_map", gradient_map, &in, &out);
    return check_done();
}
