/* core_reference.c — runs a core filter on raw float pixels, for the plug-in
 * tests to compare what GIMP produced with the core on the same pixels.
 *
 *   core_reference OP IN.f32 OUT.f32 WIDTH HEIGHT CHANNELS HAS_ALPHA [name=value ...]
 *
 * OP: frequency-smooth | gradient-denoise.  Parameter names and values are
 * those of the PDB procedures.  Frequency Smooth's shape "periodic-noise" is
 * the core's fg_remove_periodic_noise(); "notches" is fx fy pairs separated
 * by spaces or commas, each notch of radius notch-radius (0: 2 / min(W, H)). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include "fg/common.h"
#include "fg/frequency_smooth.h"
#include "fg/gradient_denoise.h"
#include "fg/periodic_noise.h"

/* What Frequency Smooth's parameters hold besides fg_smooth_params. */
typedef struct {
    int periodic_noise;                /* shape "periodic-noise" */
    double numbers[2 * FG_MAX_NOTCHES];
    int count;                         /* of numbers */
    double radius;                     /* notch-radius */
    double min_strength;               /* sensitivity */
    int harmonics;
} smooth_extra;

/* Looks up a choice the way the plug-in maps it; -1 if unknown. */
static int choice(const char *value, const char *const *nicks)
{
    for (int i = 0; nicks[i]; i++)
        if (!strcmp(value, nicks[i]))
            return i;
    return -1;
}

static int set_notches(smooth_extra *x, const char *value)
{
    const char *p = value;
    x->count = 0;
    for (;;) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            return x->count % 2 == 0;
        char *end;
        double v = strtod(p, &end);
        if (end == p || x->count == 2 * FG_MAX_NOTCHES)
            return 0;
        x->numbers[x->count++] = v;
        p = end;
    }
}

static int set_smooth(fg_smooth_params *p, smooth_extra *x, const char *name, const char *value)
{
    static const char *const shapes[] = { "lowpass", "highpass", "bandpass", "bandreject", "notch",
                                          "periodic-noise", NULL };
    static const fg_filter_shape shape_of[] = { FG_SHAPE_LOWPASS, FG_SHAPE_HIGHPASS, FG_SHAPE_BANDPASS,
                                                FG_SHAPE_BANDREJECT, FG_SHAPE_NOTCH, FG_SHAPE_NOTCH };
    static const char *const filters[] = { "ideal", "gaussian", "butterworth", NULL };
    static const char *const boundaries[] = { "mirror", "periodic", NULL };
    static const fg_lowpass filter_of[] = { FG_LOWPASS_IDEAL, FG_LOWPASS_GAUSSIAN, FG_LOWPASS_BUTTERWORTH };
    static const fg_boundary boundary_of[] = { FG_BOUNDARY_MIRROR, FG_BOUNDARY_PERIODIC };
    int i;
    if (!strcmp(name, "filter") && (i = choice(value, filters)) >= 0) p->filter = filter_of[i];
    else if (!strcmp(name, "boundary") && (i = choice(value, boundaries)) >= 0) p->boundary = boundary_of[i];
    else if (!strcmp(name, "cutoff")) p->cutoff = strtod(value, NULL);
    else if (!strcmp(name, "order")) p->order = atoi(value);
    else if (!strcmp(name, "shape") && (i = choice(value, shapes)) >= 0) {
        p->shape = shape_of[i];
        x->periodic_noise = i == 5;
    }
    else if (!strcmp(name, "band-period")) p->band_period = strtod(value, NULL);
    else if (!strcmp(name, "notches")) return set_notches(x, value);
    else if (!strcmp(name, "notch-radius")) x->radius = strtod(value, NULL);
    else if (!strcmp(name, "sensitivity")) x->min_strength = strtod(value, NULL);
    else if (!strcmp(name, "harmonics")) x->harmonics = atoi(value);
    else return 0;
    return 1;
}

static int set_denoise(fg_denoise_params *p, const char *name, const char *value)
{
    static const char *const energies[] = { "tv", "tikhonov", NULL };
    static const char *const colours[] = { "coupled", "per-channel", NULL };
    static const char *const solvers[] = { "accelerated", "plain", NULL };
    static const fg_energy energy_of[] = { FG_ENERGY_TV, FG_ENERGY_TIKHONOV };
    static const fg_colour_mode colour_of[] = { FG_COLOUR_COUPLED, FG_COLOUR_PER_CHANNEL };
    static const fg_solver solver_of[] = { FG_SOLVER_ACCELERATED, FG_SOLVER_PLAIN };
    int i;
    if (!strcmp(name, "energy") && (i = choice(value, energies)) >= 0) p->energy = energy_of[i];
    else if (!strcmp(name, "color-mode") && (i = choice(value, colours)) >= 0) p->colour = colour_of[i];
    else if (!strcmp(name, "solver") && (i = choice(value, solvers)) >= 0) p->solver = solver_of[i];
    else if (!strcmp(name, "auto-strength")) p->auto_strength = atoi(value);
    else if (!strcmp(name, "strength")) p->lambda = strtod(value, NULL);
    else if (!strcmp(name, "epsilon")) p->epsilon = strtod(value, NULL);
    else if (!strcmp(name, "max-iterations")) p->max_iterations = atoi(value);
    else if (!strcmp(name, "tolerance")) p->tolerance = strtod(value, NULL);
    else if (!strcmp(name, "step")) p->step = strtod(value, NULL);
    else return 0;
    return 1;
}

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

    int smooth = !strcmp(op, "frequency-smooth"), denoise = !strcmp(op, "gradient-denoise");
    fg_smooth_params smooth_params;
    smooth_extra extra = { 0, { 0 }, 0, 0.0, FG_PEAK_DEFAULT_MIN_STRENGTH, 1 };
    fg_notch notches[FG_MAX_NOTCHES];
    fg_denoise_params denoise_params;
    fg_smooth_params_init(&smooth_params);
    fg_denoise_params_init(&denoise_params);
    if (!smooth && !denoise) {
        fprintf(stderr, "unknown op %s\n", op);
        return 2;
    }
    for (int i = 8; i < argc; i++) {
        char name[64];
        const char *eq = strchr(argv[i], '=');
        size_t len = eq ? (size_t)(eq - argv[i]) : 0;
        if (!eq || len >= sizeof name) {
            fprintf(stderr, "bad parameter %s\n", argv[i]);
            return 2;
        }
        memcpy(name, argv[i], len);
        name[len] = '\0';
        if (!(smooth ? set_smooth(&smooth_params, &extra, name, eq + 1)
                     : set_denoise(&denoise_params, name, eq + 1))) {
            fprintf(stderr, "unknown parameter or value %s\n", argv[i]);
            return 2;
        }
    }
    double radius = extra.radius > 0 ? extra.radius : fmin(0.5, 2.0 / (width < height ? width : height));
    for (int i = 0; i < extra.count / 2; i++)
        notches[i] = (fg_notch){ extra.numbers[2 * i], extra.numbers[2 * i + 1], radius };
    smooth_params.notches = notches;
    smooth_params.notch_count = extra.count / 2;
    if (smooth && extra.periodic_noise) {
        fg_periodic_params periodic;
        int used = 0;
        fg_periodic_params_init(&periodic);
        periodic.detect.min_strength = extra.min_strength;
        periodic.harmonics = extra.harmonics;
        periodic.notch_radius = extra.radius;
        periodic.profile = smooth_params.filter;
        periodic.order = smooth_params.order;
        periodic.boundary = smooth_params.boundary;
        periodic.max_notches = FG_MAX_NOTCHES;
        status = fg_remove_periodic_noise(NULL, &in_view, &out_view, &periodic, &used, &error);
        if (status == FG_OK)
            fprintf(stderr, "notches %d\n", used);
    } else {
        status = smooth ? fg_frequency_smooth(NULL, &in_view, &out_view, &smooth_params, &error)
                        : fg_gradient_denoise(&in_view, &out_view, &denoise_params, NULL, &error);
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
