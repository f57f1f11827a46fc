/* core_reference.c — runs a core filter on raw float pixels, for the plug-in
 * tests to compare what GIMP produced with the core on the same pixels.
 *
 *   core_reference OP IN.f32 OUT.f32 WIDTH HEIGHT CHANNELS HAS_ALPHA [name=value ...]
 *
 * OP: frequency-smooth | gradient-denoise.  Parameter names and values are
 * those of the PDB procedures. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fg/common.h"

static float *read_floats(const char *path, size_t count)
{
    FILE *f = fopen(path, "rb");
    float *data = malloc(count * sizeof *data);
    if (!f || !data || fread(data, sizeof *data, count, f) != count) {
        fprintf(stderr, "cannot read %zu floats from %s\n", count, path);
        free(data);
        data = NULL;
    }
    if (f) fclose(f);
    return data;
}

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

    if (!strcmp(op, "frequency-smooth") || !strcmp(op, "gradient-denoise"))
        status = fg_image_copy(&in_view, &out_view, &error);
    else {
        fprintf(stderr, "unknown op %s\n", op);
        return 2;
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
