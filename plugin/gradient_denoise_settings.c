/* gradient_denoise_settings.c — the one declaration of Gradient Denoise's parameters.
 *
 * The valid ranges lie inside the core's (fg/gradient_denoise.h, "Parameter
 * ranges"); where the plug-in's are narrower, the wider values are not
 * useful on 0..1 images and were never accepted by the plug-in. */
#include "gradient_denoise_settings.h"
#include "output_mode.h"
#include "i18n.h"

/* The plug-in's limits where they are narrower than the core's. */
#define STRENGTH_MAX        100.0
#define EPSILON_MIN         0.0001
#define EPSILON_MAX         1.0
#define ITERATIONS_MAX      10000

G_STATIC_ASSERT (STRENGTH_MAX <= FG_DENOISE_MAX_LAMBDA);
G_STATIC_ASSERT (EPSILON_MIN >= FG_DENOISE_MIN_EPSILON && EPSILON_MAX <= FG_DENOISE_MAX_EPSILON);
G_STATIC_ASSERT (ITERATIONS_MAX <= FG_DENOISE_MAX_ITERATIONS_LIMIT);

static const FgChoice energy_choices[] = {
  { "tv",       FG_ENERGY_TV,       N_("Total variation (keeps edges)") },
  { "tikhonov", FG_ENERGY_TIKHONOV, N_("Quadratic / Tikhonov (blurs edges)") },
  { NULL, 0, NULL }
};

static const FgChoice colour_choices[] = {
  { "coupled",     FG_COLOUR_COUPLED,     N_("Coupled (no color fringes)") },
  { "per-channel", FG_COLOUR_PER_CHANNEL, N_("Per channel") },
  { NULL, 0, NULL }
};

static const FgChoice solver_choices[] = {
  { "auto",        FG_SOLVER_AUTO,         N_("Automatic (the faster for the strength)") },
  { "primal-dual", FG_SOLVER_PRIMAL_DUAL,  N_("Primal-dual (Chambolle-Pock)") },
  { "accelerated", FG_SOLVER_ACCELERATED,  N_("Accelerated (Nesterov)") },
  { "plain",       FG_SOLVER_PLAIN,        N_("Plain gradient descent") },
  { NULL, 0, NULL }
};

static const FgChoice stop_rule_choices[] = {
  { "gap",           FG_STOP_GAP,           N_("Duality gap (the same accuracy for every solver)") },
  { "energy-change", FG_STOP_ENERGY_CHANGE, N_("Energy change per iteration") },
  { NULL, 0, NULL }
};

static const FgChoice color_space_choices[] = {
  { "rgb",         FG_COLOUR_SPACE_RGB,         N_("RGB") },
  { "luma-chroma", FG_COLOUR_SPACE_LUMA_CHROMA, N_("Luminance and color (separate color strength)") },
  { NULL, 0, NULL }
};

static const FgChoice gradient_map_choices[] = {
  { "none",   GD_GRADIENT_MAP_NONE,   N_("None") },
  { "input",  GD_GRADIENT_MAP_INPUT,  N_("Of the input") },
  { "result", GD_GRADIENT_MAP_RESULT, N_("Of the result") },
  { NULL, 0, NULL }
};

const FgSetting gd_settings[GD_N_SETTINGS] = {
  [GD_ENERGY] = {
    .name = "energy", .type = FG_SETTING_CHOICE, .label = N_("_Energy"),
    .blurb = N_("Smoothness energy R(u)"),
    .choices = energy_choices, .default_value = FG_ENERGY_TV },

  [GD_AUTO_STRENGTH] = {
    .name = "auto-strength", .type = FG_SETTING_BOOLEAN, .label = N_("_Automatic strength"),
    .blurb = N_("Estimate the noise level from the image and choose the strength from it"),
    .default_value = TRUE },

  [GD_STRENGTH] = {
    .name = "strength", .type = FG_SETTING_DOUBLE, .label = N_("S_trength (lambda)"),
    .blurb = N_("Weight of the smoothness energy (used when automatic strength is off); "
             "pixel values are on a 0..1 scale"),
    .minimum = 0.0, .maximum = STRENGTH_MAX, .default_value = FG_DENOISE_DEFAULT_LAMBDA,
    .ui_minimum = 0.0, .ui_maximum = 1.0, .digits = 6, .ui_significant = 4,
    .ui_gamma = 2.0, .sensitive = "! auto-strength" },

  [GD_EPSILON] = {
    .name = "epsilon", .type = FG_SETTING_DOUBLE, .label = N_("Eps_ilon"),
    .blurb = N_("Smoothing of total variation near flat areas (0..1 pixel-value scale): "
             "smaller keeps edges crisper but converges more slowly"),
    .minimum = EPSILON_MIN, .maximum = EPSILON_MAX, .default_value = FG_DENOISE_DEFAULT_EPSILON,
    .ui_minimum = EPSILON_MIN, .ui_maximum = 0.2, .digits = 6, .ui_significant = 4,
    .ui_logarithmic = TRUE, .ui_gamma = 2.0, .sensitive = "energy {tv}" },

  [GD_COLOR_MODE] = {
    .name = "color-mode", .type = FG_SETTING_CHOICE, .label = N_("Color _mode"),
    .blurb = N_("Treat color channels separately or together"),
    .choices = colour_choices, .default_value = FG_COLOUR_COUPLED },

  [GD_SOLVER] = {
    .name = "solver", .type = FG_SETTING_CHOICE, .label = N_("Sol_ver"),
    .blurb = N_("How the energy is minimized; automatic: for quadratic on images of a megapixel or "
             "more the exact result in one step (a cosine transform), for total variation primal-dual "
             "where it is strong (its iterations do not grow with strength / epsilon), else accelerated "
             "descent"),
    .choices = solver_choices, .default_value = FG_SOLVER_AUTO },

  [GD_MAX_ITERATIONS] = {
    .name = "max-iterations", .type = FG_SETTING_INT, .label = N_("Ma_ximum iterations"),
    .blurb = N_("Stop after this many iterations at most"),
    .minimum = 1, .maximum = ITERATIONS_MAX, .default_value = FG_DENOISE_DEFAULT_MAX_ITERATIONS,
    .ui_minimum = 1, .ui_maximum = 1000, .ui_gamma = 2.0 },

  [GD_STOP_RULE] = {
    .name = "stop-rule", .type = FG_SETTING_CHOICE, .label = N_("Stop _rule"),
    .blurb = N_("What the tolerance bounds: the relative duality gap, which bounds the result's "
             "distance from the minimum energy whatever the solver, or the relative energy change "
             "per iteration (the rule of earlier versions)"),
    .choices = stop_rule_choices, .default_value = FG_STOP_GAP },

  [GD_TOLERANCE] = {
    .name = "tolerance", .type = FG_SETTING_DOUBLE, .label = N_("Tolera_nce"),
    .blurb = N_("Stop early when the stop rule's measure falls below this: the relative duality gap "
             "(default 0.00003), or the relative energy change per iteration (earlier versions "
             "used 0.000001); 0 = stop only at an exact fixed point, else run the maximum iterations"),
    .minimum = 0.0, .maximum = 1.0, .default_value = FG_DENOISE_DEFAULT_TOLERANCE,
    .ui_minimum = 0.0, .ui_maximum = 0.01, .digits = 9, .ui_significant = 3,
    .ui_step_small = 1e-5, .ui_step_big = 1e-4, .ui_gamma = 3.0 },

  /* Up to 2: the plain solver's limit 2/L with L >= 1; the core checks
   * the exact limit, which depends on the strength. */
  [GD_STEP] = {
    .name = "step", .type = FG_SETTING_DOUBLE, .label = N_("Ste_p"),
    .blurb = N_("Gradient step (primal-dual: the first primal step); 0 = automatic "
             "(for descent the largest step that cannot diverge)"),
    .minimum = 0.0, .maximum = 2.0, .default_value = 0.0 /* automatic, as the core's */,
    .digits = 4 },

  [GD_COLOR_SPACE] = {
    .name = "color-space", .type = FG_SETTING_CHOICE, .label = N_("Color _space"),
    .blurb = N_("Smooth red, green and blue, or luminance and color apart, each with its own "
             "strength (color noise blotches can then be smoothed harder than detail); "
             "no effect on grayscale images"),
    .choices = color_space_choices, .default_value = FG_COLOUR_SPACE_RGB },

  [GD_AUTO_CHROMA_STRENGTH] = {
    .name = "auto-chroma-strength", .type = FG_SETTING_BOOLEAN, .label = N_("Automatic co_lor strength"),
    .blurb = N_("Estimate the color noise from the image and choose the color strength from it "
             "(luminance and color only)"),
    .default_value = TRUE, .sensitive = "color-space {luma-chroma}" },

  [GD_CHROMA_STRENGTH] = {
    .name = "chroma-strength", .type = FG_SETTING_DOUBLE, .label = N_("Color stren_gth (lambda)"),
    .blurb = N_("Weight of the smoothness energy of the color channels (luminance and color only, "
             "when automatic color strength is off); the strength above is then that of "
             "luminance"),
    .minimum = 0.0, .maximum = STRENGTH_MAX, .default_value = FG_DENOISE_DEFAULT_LAMBDA,
    .ui_minimum = 0.0, .ui_maximum = 1.0, .digits = 6, .ui_significant = 4,
    .ui_gamma = 2.0, .sensitive = "! auto-chroma-strength" },

  [GD_OUTPUT] = {
    .name = "output", .type = FG_SETTING_CHOICE, .label = N_("Outp_ut"),
    .blurb = N_("Replace the layer's pixels, or put the result on a new layer above it"),
    .choices = fg_output_choices, .default_value = FG_OUTPUT_REPLACE },

  [GD_GRADIENT_MAP] = {
    .name = "gradient-map", .type = FG_SETTING_CHOICE, .label = N_("Gra_dient map layer"),
    .blurb = N_("Add a layer showing the gradient magnitude |grad u|"),
    .choices = gradient_map_choices, .default_value = GD_GRADIENT_MAP_NONE },

  [GD_MERGE_FILTER] = {
    .name = "merge-filter", .type = FG_SETTING_BOOLEAN, .label = N_("_Merge filter"),
    .blurb = N_("Write the result into the layer's pixels (one undo step); off: keep a non-destructive "
             "freqgrad:gradient-denoise filter on the layer, editable later from the Layers dialog"),
    .default_value = TRUE },
};

gboolean
gd_settings_to_params (GObject           *object,
                       fg_denoise_params *params,
                       GError           **error)
{
  gint energy, colour, solver, stop, space;

  fg_denoise_params_init (params);
  if (! fg_setting_get_choice (object, &gd_settings[GD_ENERGY], &energy, error)
      || ! fg_setting_get_boolean (object, &gd_settings[GD_AUTO_STRENGTH], &params->auto_strength, error)
      || ! fg_setting_get_double (object, &gd_settings[GD_STRENGTH], &params->lambda, error)
      || ! fg_setting_get_double (object, &gd_settings[GD_EPSILON], &params->epsilon, error)
      || ! fg_setting_get_choice (object, &gd_settings[GD_COLOR_MODE], &colour, error)
      || ! fg_setting_get_choice (object, &gd_settings[GD_SOLVER], &solver, error)
      || ! fg_setting_get_int (object, &gd_settings[GD_MAX_ITERATIONS], &params->max_iterations, error)
      || ! fg_setting_get_choice (object, &gd_settings[GD_STOP_RULE], &stop, error)
      || ! fg_setting_get_double (object, &gd_settings[GD_TOLERANCE], &params->tolerance, error)
      || ! fg_setting_get_double (object, &gd_settings[GD_STEP], &params->step, error)
      || ! fg_setting_get_choice (object, &gd_settings[GD_COLOR_SPACE], &space, error)
      || ! fg_setting_get_boolean (object, &gd_settings[GD_AUTO_CHROMA_STRENGTH],
                                   &params->auto_chroma_strength, error)
      || ! fg_setting_get_double (object, &gd_settings[GD_CHROMA_STRENGTH], &params->lambda_chroma, error))
    return FALSE;
  params->energy = energy;
  params->colour = colour;
  params->solver = solver;
  params->stop   = stop;
  params->colour_space = space;
  return TRUE;
}

gboolean
gd_params_luma_chroma (const fg_denoise_params *params,
                       gint                     colour)
{
  return params->colour_space == FG_COLOUR_SPACE_LUMA_CHROMA && colour == 3;
}

void
gd_params_fix_strengths (fg_denoise_params *params,
                         gint               colour,
                         gdouble            sigma,
                         gdouble            texture,
                         gdouble            sigma_luma,
                         gdouble            sigma_chroma,
                         gdouble            texture_luma,
                         gdouble            texture_chroma)
{
  if (gd_params_luma_chroma (params, colour))
    {
      if (params->auto_strength)
        params->lambda = fg_auto_lambda_luma_texture (params->energy, params->colour, sigma_luma, texture_luma,
                                                      params->epsilon);
      if (params->auto_chroma_strength)
        params->lambda_chroma = fg_auto_lambda_chroma_texture (params->energy, params->colour, sigma_chroma,
                                                               texture_chroma, params->epsilon);
    }
  else if (params->auto_strength)
    params->lambda = fg_auto_lambda_texture (params->energy, params->colour, colour, sigma, texture,
                                             params->epsilon);
  params->auto_strength = 0;
  params->auto_chroma_strength = 0;
}
