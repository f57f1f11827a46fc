/* core_reference.c — runs a core filter on raw float pixels, for the plug-in
 * tests to compare what GIMP produced with the core on the same pixels.
 *
 *   core_reference OP IN.f32 OUT.f32 WIDTH HEIGHT CHANNELS HAS_ALPHA [name=value ...]
 *
 * OP: frequency-smooth | gradient-denoise.  Parameter names and values are
 * those of the PDB procedures (core_params.h).  In periodic-noise mode the
 * number of notches placed is printed on stderr ("notches N"). */
#include "core_params.h"

static int write_floats(const char *path, const float *data, size_t count)
{
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(data, sizeof *data, count, f) == count;
    if (f && fclose(f) != 0) ok = 0;
    if (!ok) fprintf(stderr, "cannot write %s\n", path);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 8) {
        fprintf(stderr, "usage: core_reference OP IN OUT WIDTH HEIGHT CHANNELS HAS_ALPHA [name=value ...]\n");
        return 2;
    }
    const char *op = argv[1];
    int width = atoi(argv[4]), height = atoi(argv[5]), channels = atoi(argv[6]), alpha = atoi(argv[7]);
    size_t count = (size_t)width * (size_t)height * (size_t)channels;
    float *in = read_floats(argv[2], count);
    float *out = malloc(count * sizeof *out);
    if (!in || !out)
        return 1;
    fg_image in_view = fg_image_make(in, width, height, channels, alpha);
    fg_image out_view = fg_image_make(out, width, height, channels, alpha);
    fg_error error = { FG_OK, "" };
    fg_status status;

    fg_smooth_params smooth_params;
    smooth_extra extra;
    fg_denoise_params denoise_params;
    if (!core_params_parse(op, argc, argv, 8, &smooth_params, &extra, &denoise_params))
        return 2;
    if (!strcmp(op, "frequency-smooth")) {
        int used = 0;
        status = core_smooth_run(NULL, &in_view, &out_view, &smooth_params, &extra, &used, &error);
        if (status == FG_OK && extra.periodic_noise)
            fprintf(stderr, "notches %d\n", used);
    } else {
        status = fg_gradient_denoise(&in_view, &out_view, &denoise_params, NULL, &error);
    }
    if (status != FG_OK) {
        fprintf(stderr, "%s: %s\n", fg_status_string(status), error.message);
        return 1;
    }
    int ok = write_floats(argv[3], out, count);
    free(in);
    free(out);
    return ok ? 0 : 1;
}
