/* gradient_denoise_procedure.c — arguments and run of "Gradient Denoise". */
#include <libgimp/gimp.h>

#include "fg/gradient_denoise.h"
#include "filter_run.h"
#include "choice_argument.h"
#include "procedures.h"

#define LABEL "Gradient Denoise"


const FgChoiceItem gd_energy_items[] = {
  { "tv",       "Total variation (keeps edges)" },
  { "tikhonov", "Quadratic / Tikhonov (blurs edges)" },
  { NULL, NULL }
};
const FgChoiceItem gd_colour_items[] = {
  { "coupled",     "Coupled (no colour fringes)" },
  { "per-channel", "Per channel" },
  { NULL, NULL }
};
const FgChoiceItem gd_solver_items[] = {
  { "accelerated", "Accelerated (Nesterov)" },
  { "plain",       "Plain gradient descent" },
  { NULL, NULL }
};
const FgChoiceItem gd_output_items[] = {
  { "replace",   "Replace the layer" },
  { "new-layer", "New layer above" },
  { NULL, NULL }
};
const FgChoiceItem gd_gradmap_items[] = {
  { "none",   "None" },
  { "input",  "Of the input" },
  { "result", "Of the result" },
  { NULL, NULL }
};

typedef struct
{
  gint     energy;
  gboolean auto_strength;
  gdouble  strength;
  gdouble  epsilon;
  gint     colour;
  gint     solver;
  gint     max_iterations;
  gdouble  tolerance;
  gdouble  step;
  gint     output;
  gint     gradient_map;
} Settings;

static gboolean
read_settings (GimpProcedureConfig *config,
               Settings            *settings,
               GError             **error)
{
  g_object_get (config,
                "auto-strength",  &settings->auto_strength,
                "strength",       &settings->strength,
                "epsilon",        &settings->epsilon,
                "max-iterations", &settings->max_iterations,
                "tolerance",      &settings->tolerance,
                "step",           &settings->step,
                NULL);
  return (settings->energy = fg_config_get_choice (config, "energy", gd_energy_items, error)) >= 0
      && (settings->colour = fg_config_get_choice (config, "color-mode", gd_colour_items, error)) >= 0
      && (settings->solver = fg_config_get_choice (config, "solver", gd_solver_items, error)) >= 0
      && (settings->output = fg_config_get_choice (config, "output", gd_output_items, error)) >= 0
      && (settings->gradient_map = fg_config_get_choice (config, "gradient-map", gd_gradmap_items, error)) >= 0;
}

/* Choice indices (the item tables' order) to core enums. */
static const fg_energy      energy_of[] = { FG_ENERGY_TV, FG_ENERGY_TIKHONOV };
static const fg_colour_mode colour_of[] = { FG_COLOUR_COUPLED, FG_COLOUR_PER_CHANNEL };
static const fg_solver      solver_of[] = { FG_SOLVER_ACCELERATED, FG_SOLVER_PLAIN };

/* Iterations drive the progress bar. */
static int
on_iteration (void   *data,
              int     iteration,
              int     max_iterations,
              double  energy)
{
  FgJob *job = data;

  return job->progress (job->progress_data, (double) iteration / MAX (1, max_iterations));
}

static void
settings_to_params (const Settings    *settings,
                    fg_denoise_params *params)
{
  fg_denoise_params_init (params);
  params->energy         = energy_of[settings->energy];
  params->auto_strength  = settings->auto_strength;
  params->lambda         = settings->strength;
  params->epsilon        = settings->epsilon;
  params->colour         = colour_of[settings->colour];
  params->solver         = solver_of[settings->solver];
  params->max_iterations = settings->max_iterations;
  params->tolerance      = settings->tolerance;
  params->step           = settings->step;
  params->threads        = 0;
}

gboolean
gd_config_to_params (GimpProcedureConfig *config,
                     fg_denoise_params   *params,
                     GError             **error)
{
  Settings settings;

  if (! read_settings (config, &settings, error))
    return FALSE;
  settings_to_params (&settings, params);
  return TRUE;
}

/* Adds the gradient-map layer of `image` (the input or the result). */
static gboolean
add_gradient_map (FgJob          *job,
                  const fg_image *image,
                  const gchar    *name,
                  GError        **error)
{
  gfloat  *grey = fg_job_new_grey (job, error);
  fg_image view;
  fg_error core_error;

  if (! grey)
    return FALSE;
  view = fg_image_make (grey, job->region->width, job->region->height, 1, 0);
  if (fg_core_failed (LABEL, fg_gradient_map (image, &view, 1, 0, &core_error),
                      &core_error, error))
    {
      g_free (grey);
      return FALSE;
    }
  fg_job_add_grey_layer (job, name, grey);
  return TRUE;
}

static gboolean
compute (FgJob    *job,
         gpointer  data,
         GError  **error)
{
  const Settings   *settings = data;
  fg_denoise_params params;
  fg_denoise_report report;
  fg_error          core_error;

  settings_to_params (settings, &params);
  params.on_iteration = on_iteration;
  params.user_data    = job;

  if (fg_core_failed (LABEL,
                      fg_gradient_denoise (&job->in, &job->out, &params, &report, &core_error),
                      &core_error, error))
    return FALSE;

  if (settings->gradient_map == 1)
    return add_gradient_map (job, &job->in, "Gradient map of the input", error);
  if (settings->gradient_map == 2)
    return add_gradient_map (job, &job->out, "Gradient map of the result", error);
  return TRUE;
}

static GimpValueArray *
run (GimpProcedure        *procedure,
     GimpRunMode           run_mode,
     GimpImage            *image,
     GimpDrawable        **drawables,
     GimpProcedureConfig  *config,
     gpointer              run_data)
{
  Settings settings;
  GError  *error = NULL;

  gegl_init (NULL, NULL);

  if (run_mode == GIMP_RUN_INTERACTIVE)
    {
      if (! fg_interactive_check (LABEL, &error)
          || ! fg_drawables_check (image, drawables, LABEL, &error))
        return fg_failure_values (procedure, error);
      if (! gradient_denoise_dialog (procedure, config, drawables[0]))
        return gimp_procedure_new_return_values (procedure, GIMP_PDB_CANCEL, NULL);
    }

  if (! read_settings (config, &settings, &error))
    return gimp_procedure_new_return_values (procedure, GIMP_PDB_CALLING_ERROR, error);

  if (! fg_run_filter (image, drawables, LABEL,
                       settings.output == 1 ? FG_OUTPUT_NEW_LAYER : FG_OUTPUT_REPLACE,
                       3.0, /* the accelerated solver keeps 3 copies */
                       compute, &settings, &error))
    return fg_failure_values (procedure, error);

  if (run_mode != GIMP_RUN_NONINTERACTIVE)
    gimp_displays_flush ();
  return gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS, NULL);
}

GimpProcedure *
gradient_denoise_procedure_new (GimpPlugIn *plug_in)
{
  GimpProcedure    *procedure;
  fg_denoise_params defaults;

  fg_denoise_params_init (&defaults);
  procedure = gimp_image_procedure_new (plug_in, GRADIENT_DENOISE_PROC,
                                        GIMP_PDB_PROC_TYPE_PLUGIN, run, NULL, NULL);

  gimp_procedure_set_image_types (procedure, "RGB*, GRAY*");
  gimp_procedure_set_sensitivity_mask (procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE
                                                  | GIMP_PROCEDURE_SENSITIVE_DRAWABLES);
  gimp_procedure_set_menu_label (procedure, "_Gradient Denoise...");
  gimp_procedure_add_menu_path (procedure, "<Image>/Filters/Enhance");
  gimp_procedure_set_documentation (procedure,
      "Remove noise by minimising a smoothness energy with gradient descent",
      "Finds the image u closest to the original f that is also smooth, by minimising "
      "E(u) = 1/2 |u - f|^2 + strength * R(u) with (accelerated) gradient descent. "
      "R is total variation, which keeps edges sharp, or the quadratic (Tikhonov) "
      "energy, which blurs them. Colour channels can be coupled so colour edges stay "
      "aligned. With automatic strength the noise level is estimated from the image. "
      "Optionally adds a layer with the gradient magnitude of the input or the result.",
      GRADIENT_DENOISE_PROC);
  gimp_procedure_set_attribution (procedure, PLUG_IN_AUTHOR, PLUG_IN_COPYRIGHT, PLUG_IN_DATE);

  fg_add_choice_argument (procedure, "energy", "_Energy",
      "Smoothness energy R(u)",
      gd_energy_items, "tv");
  gimp_procedure_add_boolean_argument (procedure, "auto-strength", "_Automatic strength",
      "Estimate the noise level from the image and choose the strength from it",
      TRUE, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "strength", "S_trength (lambda)",
      "Weight of the smoothness energy (used when automatic strength is off); "
      "pixel values are on a 0..1 scale",
      0.0, 100.0, defaults.lambda, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "epsilon", "Eps_ilon",
      "Smoothing of total variation near flat areas (0..1 pixel-value scale): "
      "smaller keeps edges crisper but converges more slowly",
      0.0001, 1.0, defaults.epsilon, G_PARAM_READWRITE);
  fg_add_choice_argument (procedure, "color-mode", "Color _mode",
      "Treat colour channels separately or together",
      gd_colour_items, "coupled");
  fg_add_choice_argument (procedure, "solver", "Sol_ver",
      "Descent method",
      gd_solver_items, "accelerated");
  gimp_procedure_add_int_argument (procedure, "max-iterations", "Ma_ximum iterations",
      "Stop after this many iterations at most",
      1, 10000, defaults.max_iterations, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "tolerance", "Tolera_nce",
      "Stop early when the relative energy decrease per iteration falls below this "
      "(0 = stop only at an exact fixed point, else run the maximum iterations)",
      0.0, 1.0, defaults.tolerance, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "step", "Ste_p",
      "Gradient step; 0 = automatic (the largest step that cannot diverge)",
      0.0, 2.0, 0.0, G_PARAM_READWRITE);
  fg_add_choice_argument (procedure, "output", "Outp_ut",
      "Replace the layer's pixels, or put the result on a new layer above it",
      gd_output_items, "replace");
  fg_add_choice_argument (procedure, "gradient-map", "Gra_dient map layer",
      "Add a layer showing the gradient magnitude |grad u|",
      gd_gradmap_items, "none");

  return procedure;
}
