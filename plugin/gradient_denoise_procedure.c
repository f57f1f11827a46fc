/* gradient_denoise_procedure.c — arguments and run of "Gradient Denoise". */
#include <libgimp/gimp.h>

#include "filter_run.h"
#include "choice_argument.h"
#include "procedures.h"

#define LABEL "Gradient Denoise"


static const FgChoiceItem energy_items[] = {
  { "tv",       "Total variation (keeps edges)" },
  { "tikhonov", "Quadratic / Tikhonov (blurs edges)" },
  { NULL, NULL }
};
static const FgChoiceItem colour_items[] = {
  { "coupled",     "Coupled (no colour fringes)" },
  { "per-channel", "Per channel" },
  { NULL, NULL }
};
static const FgChoiceItem solver_items[] = {
  { "accelerated", "Accelerated (Nesterov)" },
  { "plain",       "Plain gradient descent" },
  { NULL, NULL }
};
static const FgChoiceItem output_items[] = {
  { "replace",   "Replace the layer" },
  { "new-layer", "New layer above" },
  { NULL, NULL }
};
static const FgChoiceItem gradmap_items[] = {
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
  return (settings->energy = fg_config_get_choice (config, "energy", energy_items, error)) >= 0
      && (settings->colour = fg_config_get_choice (config, "color-mode", colour_items, error)) >= 0
      && (settings->solver = fg_config_get_choice (config, "solver", solver_items, error)) >= 0
      && (settings->output = fg_config_get_choice (config, "output", output_items, error)) >= 0
      && (settings->gradient_map = fg_config_get_choice (config, "gradient-map", gradmap_items, error)) >= 0;
}

static gboolean
compute (FgJob    *job,
         gpointer  data,
         GError  **error)
{
  fg_error core_error;

  (void) data;
  if (fg_image_copy (&job->in, &job->out, &core_error) != FG_OK)
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0, LABEL ": %s", core_error.message);
      return FALSE;
    }
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

  if (! read_settings (config, &settings, &error))
    return gimp_procedure_new_return_values (procedure, GIMP_PDB_CALLING_ERROR, error);

  if (! fg_run_filter (image, drawables, LABEL,
                       settings.output == 1 ? FG_OUTPUT_NEW_LAYER : FG_OUTPUT_REPLACE,
                       compute, &settings, &error))
    return gimp_procedure_new_return_values (procedure, GIMP_PDB_EXECUTION_ERROR, error);

  if (run_mode != GIMP_RUN_NONINTERACTIVE)
    gimp_displays_flush ();
  return gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS, NULL);
}

GimpProcedure *
gradient_denoise_procedure_new (GimpPlugIn *plug_in)
{
  GimpProcedure *procedure;

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
      energy_items, "tv");
  gimp_procedure_add_boolean_argument (procedure, "auto-strength", "_Automatic strength",
      "Estimate the noise level from the image and choose the strength from it",
      TRUE, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "strength", "S_trength (lambda)",
      "Weight of the smoothness energy (used when automatic strength is off); "
      "pixel values are on a 0..1 scale",
      0.0, 100.0, 0.05, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "epsilon", "Ep_silon",
      "Smoothing of total variation near flat areas (0..1 pixel-value scale): "
      "smaller keeps edges crisper but converges more slowly",
      0.0001, 1.0, 0.01, G_PARAM_READWRITE);
  fg_add_choice_argument (procedure, "color-mode", "_Color mode",
      "Treat colour channels separately or together",
      colour_items, "coupled");
  fg_add_choice_argument (procedure, "solver", "Sol_ver",
      "Descent method",
      solver_items, "accelerated");
  gimp_procedure_add_int_argument (procedure, "max-iterations", "_Maximum iterations",
      "Stop after this many iterations at most",
      1, 10000, 200, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "tolerance", "Tolera_nce",
      "Stop early when the relative energy decrease per iteration falls below this "
      "(0 = always run the maximum iterations)",
      0.0, 1.0, 1e-4, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "step", "Ste_p",
      "Gradient step; 0 = automatic (the largest step that cannot diverge)",
      0.0, 1.0, 0.0, G_PARAM_READWRITE);
  fg_add_choice_argument (procedure, "output", "Out_put",
      "Replace the layer's pixels, or put the result on a new layer above it",
      output_items, "replace");
  fg_add_choice_argument (procedure, "gradient-map", "Gra_dient map layer",
      "Add a layer showing the gradient magnitude |grad u|",
      gradmap_items, "none");

  return procedure;
}
