/* TEMP_declarations.c — TEMPORARY copy of the PDB arguments of
 * plug-in-frequency-smooth and plug-in-gradient-denoise (names, ranges,
 * defaults, labels, tooltips, choice nicks), in the shape op_properties.h
 * expects.  To be replaced by plugin/<filter>_settings.c. */
#include "TEMP_declarations.h"

static const FgParamChoice fs_filters[] = {
  { "ideal",       "Ideal (sharp cutoff, may ring)",     FG_LOWPASS_IDEAL },
  { "gaussian",    "Gaussian (no ringing)",              FG_LOWPASS_GAUSSIAN },
  { "butterworth", "Butterworth (adjustable sharpness)", FG_LOWPASS_BUTTERWORTH },
  { NULL, NULL, 0 }
};
static const FgParamChoice fs_boundaries[] = {
  { "mirror",   "Mirror (no wrap-around)",          FG_BOUNDARY_MIRROR },
  { "periodic", "Periodic (plain FFT, edges wrap)", FG_BOUNDARY_PERIODIC },
  { NULL, NULL, 0 }
};
static const FgParamChoice fs_outputs[] = {
  { "replace", "Replace the layer", 0 }, { "new-layer", "New layer above", 1 }, { NULL, NULL, 0 }
};
static const FgParamChoice fs_spectra[] = {
  { "none", "None", 0 }, { "spectra", "Input and result spectra", 1 },
  { "spectra-and-transfer", "Spectra and transfer function", 2 }, { NULL, NULL, 0 }
};

const FgParamDecl fs_param_decls[] = {
  { .name = "filter", .type = FG_PARAM_CHOICE, .choices = fs_filters, .default_nick = "gaussian",
    .label = "_Filter type", .tooltip = "Shape of the low-pass filter", .op = TRUE },
  { .name = "cutoff", .type = FG_PARAM_DOUBLE,
    .minimum = 1.0, .maximum = 100000.0, .default_value = FG_SMOOTH_DEFAULT_CUTOFF,
    .ui_minimum = 1.0, .ui_maximum = 200.0, .ui_gamma = 2.0, .ui_digits = 1,
    .unit = "pixel-distance",
    .label = "C_utoff period (px)",
    .tooltip = "Spatial period, in pixels, at the cutoff: detail finer than this is smoothed away "
               "(cutoff frequency = 1 / period cycles per pixel)", .op = TRUE },
  { .name = "order", .type = FG_PARAM_INT, .minimum = 1, .maximum = 10, .default_value = 2,
    .ui_minimum = 1, .ui_maximum = 10,
    .label = "Butterworth or_der",
    .tooltip = "Butterworth order: higher is a sharper cutoff (ignored by the other filters)",
    .sensitive = "filter {butterworth}", .op = TRUE },
  { .name = "boundary", .type = FG_PARAM_CHOICE, .choices = fs_boundaries, .default_nick = "mirror",
    .label = "_Boundary", .tooltip = "How the image continues past its edges", .op = TRUE },
  { .name = "output", .type = FG_PARAM_CHOICE, .choices = fs_outputs, .default_nick = "replace",
    .label = "Out_put", .tooltip = "Replace the layer's pixels, or put the result on a new layer above it" },
  { .name = "spectra", .type = FG_PARAM_CHOICE, .choices = fs_spectra, .default_nick = "none",
    .label = "Spectrum la_yers",
    .tooltip = "Add layers showing the centred log-magnitude spectrum of the input and the result, "
               "and optionally the transfer function" },
  { .name = NULL }
};

static const FgParamChoice gd_energies[] = {
  { "tv",       "Total variation (keeps edges)",      FG_ENERGY_TV },
  { "tikhonov", "Quadratic / Tikhonov (blurs edges)", FG_ENERGY_TIKHONOV },
  { NULL, NULL, 0 }
};
static const FgParamChoice gd_colours[] = {
  { "coupled",     "Coupled (no colour fringes)", FG_COLOUR_COUPLED },
  { "per-channel", "Per channel",                 FG_COLOUR_PER_CHANNEL },
  { NULL, NULL, 0 }
};
static const FgParamChoice gd_solvers[] = {
  { "accelerated", "Accelerated (Nesterov)", FG_SOLVER_ACCELERATED },
  { "plain",       "Plain gradient descent", FG_SOLVER_PLAIN },
  { NULL, NULL, 0 }
};
static const FgParamChoice gd_outputs[] = {
  { "replace", "Replace the layer", 0 }, { "new-layer", "New layer above", 1 }, { NULL, NULL, 0 }
};
static const FgParamChoice gd_gradmaps[] = {
  { "none", "None", 0 }, { "input", "Of the input", 1 }, { "result", "Of the result", 2 },
  { NULL, NULL, 0 }
};

const FgParamDecl gd_param_decls[] = {
  { .name = "energy", .type = FG_PARAM_CHOICE, .choices = gd_energies, .default_nick = "tv",
    .label = "_Energy", .tooltip = "Smoothness energy R(u)", .op = TRUE },
  { .name = "auto-strength", .type = FG_PARAM_BOOLEAN, .default_value = 1,
    .label = "_Automatic strength",
    .tooltip = "Estimate the noise level from the image and choose the strength from it", .op = TRUE },
  { .name = "strength", .type = FG_PARAM_DOUBLE,
    .minimum = 0.0, .maximum = 100.0, .default_value = FG_DENOISE_DEFAULT_LAMBDA,
    .ui_minimum = 0.0, .ui_maximum = 2.0, .ui_gamma = 2.0, .ui_digits = 3,
    .label = "S_trength (lambda)",
    .tooltip = "Weight of the smoothness energy (used when automatic strength is off); "
               "pixel values are on a 0..1 scale",
    .sensitive = "! auto-strength", .op = TRUE },
  { .name = "epsilon", .type = FG_PARAM_DOUBLE,
    .minimum = 0.0001, .maximum = 1.0, .default_value = FG_DENOISE_DEFAULT_EPSILON,
    .ui_minimum = 0.001, .ui_maximum = 0.1, .ui_gamma = 2.0, .ui_digits = 4,
    .label = "Eps_ilon",
    .tooltip = "Smoothing of total variation near flat areas (0..1 pixel-value scale): "
               "smaller keeps edges crisper but converges more slowly",
    .sensitive = "energy {tv}", .op = TRUE },
  { .name = "color-mode", .type = FG_PARAM_CHOICE, .choices = gd_colours, .default_nick = "coupled",
    .label = "Color _mode", .tooltip = "Treat colour channels separately or together", .op = TRUE },
  { .name = "solver", .type = FG_PARAM_CHOICE, .choices = gd_solvers, .default_nick = "accelerated",
    .label = "Sol_ver", .tooltip = "Descent method", .op = TRUE },
  { .name = "max-iterations", .type = FG_PARAM_INT,
    .minimum = 1, .maximum = 10000, .default_value = FG_DENOISE_DEFAULT_MAX_ITERATIONS,
    .ui_minimum = 1, .ui_maximum = 1000, .ui_gamma = 2.0,
    .label = "Ma_ximum iterations", .tooltip = "Stop after this many iterations at most", .op = TRUE },
  { .name = "tolerance", .type = FG_PARAM_DOUBLE,
    .minimum = 0.0, .maximum = 1.0, .default_value = FG_DENOISE_DEFAULT_TOLERANCE,
    .ui_minimum = 0.0, .ui_maximum = 0.001, .ui_gamma = 3.0, .ui_digits = 7,
    .label = "Tolera_nce",
    .tooltip = "Stop early when the relative energy decrease per iteration falls below this "
               "(0 = always run the maximum iterations)", .op = TRUE },
  { .name = "step", .type = FG_PARAM_DOUBLE,
    .minimum = 0.0, .maximum = 2.0, .default_value = 0.0,
    .ui_minimum = 0.0, .ui_maximum = 2.0, .ui_digits = 4,
    .label = "Ste_p", .tooltip = "Gradient step; 0 = automatic (the largest step that cannot diverge)",
    .op = TRUE },
  { .name = "output", .type = FG_PARAM_CHOICE, .choices = gd_outputs, .default_nick = "replace",
    .label = "Outp_ut", .tooltip = "Replace the layer's pixels, or put the result on a new layer above it" },
  { .name = "gradient-map", .type = FG_PARAM_CHOICE, .choices = gd_gradmaps, .default_nick = "none",
    .label = "Gra_dient map layer", .tooltip = "Add a layer showing the gradient magnitude |grad u|" },
  { .name = NULL }
};

gboolean
fs_params_from_object (GObject          *object,
                       fg_smooth_params *params,
                       GError          **error)
{
  gint filter, boundary;

  fg_smooth_params_init (params);
  if ((filter = fg_param_get_choice (object, fs_param_decls, "filter", error)) < 0
      || (boundary = fg_param_get_choice (object, fs_param_decls, "boundary", error)) < 0)
    return FALSE;
  params->filter   = (fg_lowpass) filter;
  params->boundary = (fg_boundary) boundary;
  g_object_get (object, "cutoff", &params->cutoff, "order", &params->order, NULL);
  return TRUE;
}

gboolean
gd_params_from_object (GObject           *object,
                       fg_denoise_params *params,
                       GError           **error)
{
  gint     energy, colour, solver;
  gboolean auto_strength;

  fg_denoise_params_init (params);
  if ((energy = fg_param_get_choice (object, gd_param_decls, "energy", error)) < 0
      || (colour = fg_param_get_choice (object, gd_param_decls, "color-mode", error)) < 0
      || (solver = fg_param_get_choice (object, gd_param_decls, "solver", error)) < 0)
    return FALSE;
  params->energy = (fg_energy) energy;
  params->colour = (fg_colour_mode) colour;
  params->solver = (fg_solver) solver;
  g_object_get (object,
                "auto-strength",  &auto_strength,
                "strength",       &params->lambda,
                "epsilon",        &params->epsilon,
                "max-iterations", &params->max_iterations,
                "tolerance",      &params->tolerance,
                "step",           &params->step,
                NULL);
  params->auto_strength = auto_strength;
  return TRUE;
}
