/* fuzz_denoise.c — libFuzzer target over the Gradient Denoise API (solver,
 * energy, noise estimate, gradient map): random geometry, parameters and
 * pixels.  Any crash, sanitizer report or leak is a failure; so is an
 * output changed by a call that reported an error, or a non-finite result
 * after success. */
#include <stdio.h>

#include "fg/gradient_denoise.h"
#include "fuzz_input.h"

static void fail(const char *what)
{
    fprintf(stderr, "fuzz_denoise: %s\n", what);
    abort();
}

/* Cancels after a fuzzer-chosen number of iterations (0: never). */
static int stop_after(void *data, int iteration, int max_iterations, double energy)
{
    int limit = *(const int *)data;
    (void)max_iterations;
    (void)energy;
    return limit > 0 && iteration >= limit;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_bytes in = { data, size };
    fg_denoise_params params;
    fg_denoise_report report;
    fg_error error;
    fg_image image, out;
    float *owned, *out_data = NULL;
    int cancel_after = 0;
    uint8_t op = fuzz_u8(&in);

    fg_denoise_params_init(&params);
    params.max_iterations = 1 + fuzz_u8(&in) % 24;      /* keep each run short */
    if (fuzz_u8(&in) & 1) params.energy = (fg_energy)fuzz_int(&in);
    if (fuzz_u8(&in) & 1) params.auto_strength = fuzz_u8(&in) & 1;
    if (fuzz_u8(&in) & 1) params.lambda = fuzz_double(&in);
    if (fuzz_u8(&in) & 1) params.epsilon = fuzz_double(&in);
    if (fuzz_u8(&in) & 1) params.colour = (fg_colour_mode)fuzz_int(&in);
    uint8_t solver_choice = fuzz_u8(&in);
    if (solver_choice & 1)      /* mostly a known solver and stopping rule, sometimes any int */
        params.solver = (solver_choice & 2) ? (fg_solver)fuzz_int(&in) : (fg_solver)(fuzz_u8(&in) % 5);
    if (solver_choice & 4)
        params.stop = (solver_choice & 8) ? (fg_stop_rule)fuzz_int(&in) : FG_STOP_GAP;
    if (fuzz_u8(&in) & 1) params.tolerance = fuzz_double(&in);
    if (fuzz_u8(&in) & 1) params.step = fuzz_double(&in);
    if ((fuzz_u8(&in) & 15) == 0) params.max_iterations = fuzz_int(&in) % 64;
    params.threads = fuzz_u8(&in) % 4;
    if ((fuzz_u8(&in) & 3) == 0) params.threads = fuzz_int(&in);
    cancel_after = fuzz_u8(&in) % 8;
    params.on_iteration = stop_after;
    params.user_data = &cancel_after;

    int real = fuzz_image(&in, &image, &owned);
    if (real < 0)
        return 0;
    size_t out_count = fuzz_output_for(real, &image, &out, &out_data);

    fg_status status = FG_OK;
    int check_result = 0;
    switch (op % 5) {
    case 0:
        status = fg_gradient_denoise(&image, &out, &params, &report, &error);
        check_result = 1;
        break;
    case 1:
        if (real) {
            status = fg_gradient_denoise(&image, &image, &params, NULL, &error);   /* in place */
            out_count = 0;
        }
        break;
    case 2: {
        double energy = 0.0;
        status = fg_denoise_energy(&image, &image, &params, fuzz_double(&in), &energy, &error);
        if (status == FG_OK && !(energy >= 0.0))
            fail("energy negative or NaN after success");
        out_count = 0;
        break;
    }
    case 3: {
        double sigma = -1.0;
        status = fg_noise_estimate(&image, &sigma, &error);
        if (status == FG_OK && !(sigma >= 0.0 && isfinite(sigma)))
            fail("noise estimate negative or not finite after success");
        double lambda = fg_auto_lambda(params.energy, fuzz_double(&in), params.epsilon);
        (void)lambda;
        /* The locality margin: -1 or 0 .. 2^30, and never narrower for a smaller tolerance. */
        int channels = fuzz_int(&in), margin_lambda_bits = fuzz_u8(&in);
        double margin_lambda = (margin_lambda_bits & 1) ? fuzz_double(&in) : params.lambda;
        double range = fuzz_double(&in), tolerance = fuzz_double(&in);
        int wide = fg_denoise_margin(&params, channels, margin_lambda, range, tolerance);
        int narrow = fg_denoise_margin(&params, channels, margin_lambda, range, tolerance * 2.0);
        if (wide < -1 || wide > (1 << 30) || narrow < -1 || narrow > (1 << 30))
            fail("denoise margin out of range");
        if (wide >= 0 && narrow >= 0 && narrow > wide)
            fail("denoise margin wider for a larger tolerance");
        out_count = 0;
        break;
    }
    default: {
        fg_image map = image;
        float *map_data = NULL;
        if (real) {
            map_data = malloc((size_t)image.width * image.height * sizeof(float));
            map = fg_image_make(map_data, image.width, image.height, 1, 0);
        }
        status = fg_gradient_map(&image, &map, fuzz_u8(&in) & 1, params.threads, &error);
        if (status == FG_OK && map_data)
            for (size_t i = 0; i < (size_t)image.width * image.height; i++)
                if (!(map_data[i] >= 0.0f) || !isfinite(map_data[i]))
                    fail("gradient map negative or not finite");
        free(map_data);
        out_count = 0;
        break;
    }
    }

    const char *broken = fuzz_contract_broken(status, &error, &out, out_data, out_count, check_result);
    if (broken)
        fail(broken);
    free(out_data);
    free(owned);
    return 0;
}
