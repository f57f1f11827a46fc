/* periodic_figure.c — the README's periodic-noise figure, made by the core:
 * automatic descreening of a PNG with fg_remove_periodic_noise() (defaults)
 * and its spectrum with the notches marked (fg_frequency_spectra()).
 *
 *   build/tests/bench/periodic_figure IN.png PREFIX [X Y W H [ZOOM]]
 *
 * writes PREFIX-before.png and PREFIX-after.png (the crop X Y W H of the
 * input and of the result, each pixel ZOOM x ZOOM; default: all, zoom 1)
 * and PREFIX-spectrum.png (the input's centred log spectrum in grey, red
 * where the notch filter's transfer function is below 1/2), and prints the
 * notches found. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fg/frequency_smooth.h"
#include "fg/periodic_noise.h"
#include "../core/png_io.h"

static int write_crop(const char *prefix, const char *what, const float *rgb, int w, int x0, int y0, int cw, int ch,
                      int zoom)
{
    char path[1024];
    snprintf(path, sizeof path, "%s-%s.png", prefix, what);
    float *out = malloc(sizeof(float) * 3 * (size_t)cw * ch * zoom * zoom);
    if (!out)
        return -1;
    for (int y = 0; y < ch * zoom; y++)
        for (int x = 0; x < cw * zoom; x++)
            for (int c = 0; c < 3; c++)
                out[3 * ((size_t)y * cw * zoom + x) + c] = rgb[3 * ((size_t)(y0 + y / zoom) * w + x0 + x / zoom) + c];
    int status = png_write(path, out, cw * zoom, ch * zoom, 3);
    free(out);
    return status;
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 7 && argc != 8) {
        fprintf(stderr, "usage: periodic_figure IN.png PREFIX [X Y W H [ZOOM]]\n");
        return 2;
    }
    int w, h;
    float *in = png_read(argv[1], &w, &h);
    if (!in) {
        fprintf(stderr, "periodic_figure: cannot read %s (8-bit PNG)\n", argv[1]);
        return 1;
    }
    int x0 = 0, y0 = 0, cw = w, ch = h, zoom = 1;
    if (argc >= 7) {
        x0 = atoi(argv[3]);
        y0 = atoi(argv[4]);
        cw = atoi(argv[5]);
        ch = atoi(argv[6]);
        zoom = argc == 8 ? atoi(argv[7]) : 1;
    }
    if (x0 < 0 || y0 < 0 || cw < 1 || ch < 1 || x0 + cw > w || y0 + ch > h || zoom < 1 || zoom > 8) {
        fprintf(stderr, "periodic_figure: the crop must lie inside the %dx%d image, zoom 1..8\n", w, h);
        free(in);
        return 2;
    }
    const size_t n = (size_t)w * h;
    float *out = malloc(sizeof(float) * 3 * n), *spectrum = malloc(sizeof(float) * n);
    float *transfer = malloc(sizeof(float) * n), *marked = malloc(sizeof(float) * 3 * n);
    fg_fft_context *ctx = fg_fft_context_new();
    int failed = !out || !spectrum || !transfer || !marked || !ctx;
    fg_image vin = fg_image_make(in, w, h, 3, 0), vout = fg_image_make(out, w, h, 3, 0);
    fg_image vspec = fg_image_make(spectrum, w, h, 1, 0), vtransfer = fg_image_make(transfer, w, h, 1, 0);
    fg_periodic_params p;
    fg_periodic_params_init(&p);
    fg_notch notches[FG_MAX_NOTCHES];
    int count = 0;
    fg_error err = { FG_OK, "" };
    failed = failed || fg_periodic_noise_notches(ctx, &vin, &p, notches, FG_MAX_NOTCHES, &count, &err) != FG_OK
             || fg_remove_periodic_noise(ctx, &vin, &vout, &p, NULL, &err) != FG_OK;
    if (!failed) {
        fg_smooth_params sp;
        fg_smooth_params_init(&sp);
        sp.shape = FG_SHAPE_NOTCH;
        sp.filter = p.profile;
        sp.order = p.order;
        sp.boundary = p.boundary;
        sp.notches = notches;
        sp.notch_count = count;
        failed = fg_frequency_spectra(ctx, &vin, &sp, &vspec, NULL, &vtransfer, &err) != FG_OK;
    }
    if (failed) {
        fprintf(stderr, "periodic_figure: %s\n", err.message[0] ? err.message : "out of memory");
    } else {
        printf("%s: %dx%d, %d notches\n", argv[1], w, h, count);
        for (int k = 0; k < count; k++)
            printf("  notch (%.4f, %.4f) radius %.4f cycles/px\n", notches[k].fx, notches[k].fy, notches[k].radius);
        for (size_t i = 0; i < n; i++) {
            float s = spectrum[i], rejected = transfer[i] < 0.5f;
            marked[3 * i] = rejected ? 0.35f + 0.65f * s : s;
            marked[3 * i + 1] = marked[3 * i + 2] = rejected ? 0.35f * s : s;
        }
        char path[1024];
        snprintf(path, sizeof path, "%s-spectrum.png", argv[2]);
        failed = write_crop(argv[2], "before", in, w, x0, y0, cw, ch, zoom) != 0
                 || write_crop(argv[2], "after", out, w, x0, y0, cw, ch, zoom) != 0
                 || png_write(path, marked, w, h, 3) != 0;
        if (failed)
            fprintf(stderr, "periodic_figure: cannot write %s-*.png\n", argv[2]);
    }
    fg_fft_context_free(ctx);
    free(in);
    free(out);
    free(spectrum);
    free(transfer);
    free(marked);
    return failed;
}
