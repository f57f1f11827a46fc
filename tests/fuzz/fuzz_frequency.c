/* fuzz_frequency.c — libFuzzer target over the Frequency Smooth API and the
 * image helpers: random geometry, parameters and pixels.  Any crash,
 * sanitizer report or leak is a failure; so is an output changed by a call
 * that reported an error, or a result that is not finite after success. */
#include <stdio.h>

#include "fg/frequency_smooth.h"
#include "fg/periodic_noise.h"
#include "fuzz_input.h"

static void fail(const char *what)
{
    fprintf(stderr, "fuzz_frequency: %s\n", what);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_bytes in = { data, size };
    fg_smooth_params params;
    fg_error error;
    fg_image image, out;
    float *owned, *out_data = NULL;
    uint8_t op = fuzz_u8(&in);

    fg_smooth_params_init(&params);
    if (fuzz_u8(&in) & 1) params.filter = (fg_lowpass)fuzz_int(&in);
    if (fuzz_u8(&in) & 1) params.cutoff = fuzz_double(&in);
    if (fuzz_u8(&in) & 1) params.order = fuzz_int(&in);
    if (fuzz_u8(&in) & 1) params.boundary = (fg_boundary)fuzz_int(&in);
    params.threads = fuzz_u8(&in) % 4;
    if ((fuzz_u8(&in) & 3) == 0) params.threads = fuzz_int(&in);

    int real = fuzz_image(&in, &image, &owned);
    if (real < 0)
        return 0;
    size_t out_count = fuzz_output_for(real, &image, &out, &out_data);

    /* Shapes: band and notches, out-of-range ones too (read after the image,
     * so that older corpus entries keep their geometry). */
    fg_notch notches[FG_MAX_NOTCHES + 2];
    if (fuzz_u8(&in) & 1) params.shape = (fg_filter_shape)(fuzz_u8(&in) & 7);
    if (fuzz_u8(&in) & 1) params.band_period = fuzz_double(&in);
    int notch_count = fuzz_u8(&in) % (FG_MAX_NOTCHES + 2);
    for (int i = 0; i < notch_count; i++) {
        notches[i].fx = (fuzz_u8(&in) & 3) ? (fuzz_u8(&in) - 128) / 255.0 : fuzz_double(&in);
        notches[i].fy = (fuzz_u8(&in) & 3) ? (fuzz_u8(&in) - 128) / 255.0 : fuzz_double(&in);
        notches[i].radius = (fuzz_u8(&in) & 3) ? fuzz_u8(&in) / 510.0 : fuzz_double(&in);
    }
    params.notches = (fuzz_u8(&in) & 15) ? notches : NULL;
    params.notch_count = notch_count;

    fg_status status = FG_OK;
    switch (op % 8) {
    case 6: {
        /* Peak detection. */
        fg_peak_params pp;
        fg_peak_params_init(&pp);
        pp.threads = params.threads;
        if (fuzz_u8(&in) & 1) pp.max_period = fuzz_double(&in);
        if (fuzz_u8(&in) & 1) pp.min_strength = fuzz_double(&in);
        fg_peak peaks[8];
        int count = -1, max_peaks = (int)(fuzz_u8(&in) % 10) - 1;
        status = fg_find_periodic_peaks(NULL, &image, &pp, max_peaks > 0 ? peaks : NULL, max_peaks, &count, &error);
        if (status == FG_OK) {
            if (count < 0 || count > (max_peaks > 0 ? max_peaks : 0))
                fail("peak count out of range");
            for (int i = 0; i < count; i++)
                if (!(fabs(peaks[i].fx) <= 0.5 && fabs(peaks[i].fy) <= 0.5 && peaks[i].strength >= pp.min_strength
                      && isfinite(peaks[i].amplitude)))
                    fail("peak out of range");
        }
        out_count = 0;
        break;
    }
    case 7: {
        /* Periodic noise removal. */
        fg_periodic_params pn;
        fg_periodic_params_init(&pn);
        pn.detect.threads = params.threads;
        pn.boundary = params.boundary;
        pn.profile = params.filter;
        pn.order = params.order;
        if (fuzz_u8(&in) & 1) pn.max_notches = fuzz_int(&in);
        if (fuzz_u8(&in) & 1) pn.notch_radius = fuzz_double(&in);
        if (fuzz_u8(&in) & 1) pn.harmonic_strength = fuzz_double(&in);
        if (fuzz_u8(&in) & 1) pn.detect.min_strength = 1.0 + fuzz_u8(&in) / 16.0;
        int used = -1;
        status = fg_remove_periodic_noise(NULL, &image, &out, &pn, &used, &error);
        if (status == FG_OK && (used < 0 || used > pn.max_notches))
            fail("notch count out of range");
        break;
    }
    case 0:
        status = fg_frequency_smooth(NULL, &image, &out, &params, &error);
        break;
    case 1: {
        fg_fft_context *ctx = fg_fft_context_new();
        fg_smooth_prepared *prepared = NULL;
        status = fg_smooth_prepare(ctx, &image, params.boundary, params.threads, &prepared, &error);
        if (status == FG_OK) {
            status = fg_smooth_apply(prepared, &params, &out, &error);
            fg_smooth_prepared_free(prepared);
        }
        fg_fft_context_free(ctx);
        break;
    }
    case 2: {
        /* Spectra: 1-channel outputs of the image's size. */
        fg_image spectrum = image;
        float *spectrum_data = NULL;
        if (real) {
            spectrum_data = malloc((size_t)image.width * image.height * sizeof(float));
            spectrum = fg_image_make(spectrum_data, image.width, image.height, 1, 0);
        }
        status = fg_frequency_spectra(NULL, &image, &params, &spectrum, NULL, &spectrum, &error);
        if (status == FG_OK && spectrum_data)
            for (size_t i = 0; i < (size_t)image.width * image.height; i++)
                if (!(spectrum_data[i] >= 0.0f && spectrum_data[i] <= 1.0f))
                    fail("spectrum value outside 0..1");
        free(spectrum_data);
        out_count = 0;
        break;
    }
    case 3:
        status = fg_image_copy(&image, &out, &error);
        break;
    case 4: {
        double h = fg_lowpass_transfer(params.filter, params.order, fuzz_double(&in), 1.0 / params.cutoff);
        if (!isnan(h) && !(h >= 0.0 && h <= 1.0))
            fail("transfer function outside 0..1");
        h = fg_filter_transfer(&params, fuzz_double(&in), fuzz_double(&in));
        if (!isnan(h) && !(h >= 0.0 && h <= 1.0))
            fail("shape transfer function outside 0..1");
        status = fg_image_check_finite(&image, &error);
        out_count = 0;
        break;
    }
    default:
        /* In place. */
        if (real) {
            status = fg_frequency_smooth(NULL, &image, &image, &params, &error);
            out_count = 0;
        }
        break;
    }

    const char *broken = fuzz_contract_broken(status, &error, &out, out_data, out_count, op % 8 != 3);
    if (broken)
        fail(broken);
    free(out_data);
    free(owned);
    return 0;
}
