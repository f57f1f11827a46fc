/* core_params.h — the PDB procedures' parameter names and values mapped onto
 * the core's parameter structs, the way the plug-in maps them: for the test
 * and benchmark programs that run the core on the plug-in's pixels
 * (tests/plugin/core_reference.c, tests/bench/bench_core_call.c). */
#ifndef FG_TESTS_CORE_PARAMS_H
#define FG_TESTS_CORE_PARAMS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fg/frequency_smooth.h"
#include "fg/gradient_denoise.h"
#include "fg/periodic_noise.h"

/* What Frequency Smooth's parameters hold besides fg_smooth_params: shape
 * "periodic-noise" is the core's fg_remove_periodic_noise(); "notches" is fx
 * fy pairs separated by spaces or commas, each notch of radius notch-radius
 * (0: 2 / min(W, H)). */
typedef struct {
    int periodic_noise;                /* shape "periodic-noise" */
    double numbers[2 * FG_MAX_NOTCHES];
    int count;                         /* of numbers */
    double radius;                     /* notch-radius */
    double min_strength;               /* sensitivity */
    int harmonics;
    fg_notch notches[FG_MAX_NOTCHES];  /* made by core_smooth_run */
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

/* Frequency Smooth as the plug-in runs it: the listed notches, or in
 * periodic-noise mode the core's own detection (*used: notches placed). */
static fg_status core_smooth_run(fg_fft_context *fft, const fg_image *in, const fg_image *out,
                                 fg_smooth_params *p, smooth_extra *x, int *used, fg_error *error)
{
    double radius = x->radius > 0 ? x->radius : fg_periodic_default_radius(in->width, in->height);
    for (int i = 0; i < x->count / 2; i++)
        x->notches[i] = (fg_notch){ x->numbers[2 * i], x->numbers[2 * i + 1], radius };
    p->notches = x->notches;
    p->notch_count = x->count / 2;
    *used = p->notch_count;
    if (!x->periodic_noise)
        return fg_frequency_smooth(fft, in, out, p, error);
    fg_periodic_params periodic;
    fg_periodic_params_init(&periodic);
    periodic.detect.min_strength = x->min_strength;
    periodic.detect.threads = p->threads;
    periodic.harmonics = x->harmonics;
    periodic.notch_radius = x->radius;
    periodic.profile = p->filter;
    periodic.order = p->order;
    periodic.boundary = p->boundary;
    periodic.max_notches = FG_MAX_NOTCHES;
    return fg_remove_periodic_noise(fft, in, out, &periodic, used, error);
}

static int set_denoise(fg_denoise_params *p, const char *name, const char *value)
{
    static const char *const energies[] = { "tv", "tikhonov", NULL };
    static const char *const colours[] = { "coupled", "per-channel", NULL };
    static const char *const solvers[] = { "auto", "primal-dual", "accelerated", "plain", NULL };
    static const char *const stop_rules[] = { "gap", "energy-change", NULL };
    static const fg_stop_rule stop_of[] = { FG_STOP_GAP, FG_STOP_ENERGY_CHANGE };
    static const fg_energy energy_of[] = { FG_ENERGY_TV, FG_ENERGY_TIKHONOV };
    static const fg_colour_mode colour_of[] = { FG_COLOUR_COUPLED, FG_COLOUR_PER_CHANNEL };
    static const fg_solver solver_of[] = { FG_SOLVER_AUTO, FG_SOLVER_PRIMAL_DUAL, FG_SOLVER_ACCELERATED,
                                           FG_SOLVER_PLAIN };
    static const char *const spaces[] = { "rgb", "luma-chroma", NULL };
    static const fg_colour_space space_of[] = { FG_COLOUR_SPACE_RGB, FG_COLOUR_SPACE_LUMA_CHROMA };
    int i;
    if (!strcmp(name, "energy") && (i = choice(value, energies)) >= 0) p->energy = energy_of[i];
    else if (!strcmp(name, "color-mode") && (i = choice(value, colours)) >= 0) p->colour = colour_of[i];
    else if (!strcmp(name, "solver") && (i = choice(value, solvers)) >= 0) p->solver = solver_of[i];
    else if (!strcmp(name, "stop-rule") && (i = choice(value, stop_rules)) >= 0) p->stop = stop_of[i];
    else if (!strcmp(name, "auto-strength")) p->auto_strength = atoi(value);
    else if (!strcmp(name, "strength")) p->lambda = strtod(value, NULL);
    else if (!strcmp(name, "epsilon")) p->epsilon = strtod(value, NULL);
    else if (!strcmp(name, "max-iterations")) p->max_iterations = atoi(value);
    else if (!strcmp(name, "tolerance")) p->tolerance = strtod(value, NULL);
    else if (!strcmp(name, "step")) p->step = strtod(value, NULL);
    else if (!strcmp(name, "color-space") && (i = choice(value, spaces)) >= 0) p->colour_space = space_of[i];
    else if (!strcmp(name, "auto-chroma-strength")) p->auto_chroma_strength = atoi(value);
    else if (!strcmp(name, "chroma-strength")) p->lambda_chroma = strtod(value, NULL);
    else return 0;
    return 1;
}

/* `count` floats read from the file at `path` (malloc), or NULL with a message. */
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

/* Applies every "name=value" of argv[first..argc-1] to the parameters of
 * `op` ("frequency-smooth" or "gradient-denoise"), after their defaults;
 * 0 with a message on stderr for an unknown op, name or value. */
static int core_params_parse(const char *op, int argc, char **argv, int first, fg_smooth_params *smooth_params,
                             smooth_extra *extra, fg_denoise_params *denoise_params)
{
    int smooth = !strcmp(op, "frequency-smooth"), denoise = !strcmp(op, "gradient-denoise");
    fg_smooth_params_init(smooth_params);
    fg_denoise_params_init(denoise_params);
    *extra = (smooth_extra){ .min_strength = FG_PEAK_DEFAULT_MIN_STRENGTH, .harmonics = 1 };
    if (!smooth && !denoise) {
        fprintf(stderr, "unknown op %s\n", op);
        return 0;
    }
    for (int i = first; i < argc; i++) {
        char name[64];
        const char *eq = strchr(argv[i], '=');
        size_t len = eq ? (size_t)(eq - argv[i]) : 0;
        if (!eq || len >= sizeof name) {
            fprintf(stderr, "bad parameter %s\n", argv[i]);
            return 0;
        }
        memcpy(name, argv[i], len);
        name[len] = '\0';
        if (!(smooth ? set_smooth(smooth_params, extra, name, eq + 1) : set_denoise(denoise_params, name, eq + 1))) {
            fprintf(stderr, "unknown parameter or value %s\n", argv[i]);
            return 0;
        }
    }
    return 1;
}

#endif
