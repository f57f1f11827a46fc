/* frequency_smooth_procedure.c — arguments and run of "Frequency Smooth". */
#include <libgimp/gimp.h>

#include "filter_run.h"
#include "choice_argument.h"
#include "procedures.h"

#define LABEL "Frequency Smooth"


static const FgChoiceItem filter_items[] = {
  { "ideal",       "Ideal (sharp cutoff, may ring)" },
  { "gaussian",    "Gaussian (no ringing)" },
  { "butterworth", "Butterworth (adjustable sharpness)" },
  { NULL, NULL }
};
static const FgChoiceItem boundary_items[] = {
  { "mirror",   "Mirror (no wrap-around)" },
  { "periodic", "Periodic (plain FFT, edges wrap)" },
  { NULL, NULL }
};
static const FgChoiceItem output_items[] = {
  { "replace",   "Replace the layer" },
  { "new-layer", "New layer above" },
  { NULL, NULL }
};
static const FgChoiceItem spectra_items[] = {
  { "none",                 "None" },
  { "spectra",              "Input and result spectra" },
  { "spectra-and-transfer", "Spectra and transfer function" },
  { NULL, NULL }
};

typedef struct
{
  gint    filter;
  gdouble cutoff;
  gint    order;
  gint    boundary;
  gint    output;
  gint    spectra;
} Settings;

static gboolean
read_settings (GimpProcedureConfig *config,
               Settings            *settings,
               GError             **error)
{
  g_object_get (config, "cutoff", &settings->cutoff, "order", &settings->order, NULL);
  return (settings->filter   = fg_config_get_choice (config, "filter", filter_items, error)) >= 0
      && (settings->boundary = fg_config_get_choice (config, "boundary", boundary_items, error)) >= 0
      && (settings->output   = fg_config_get_choice (config, "output", output_items, error)) >= 0
      && (settings->spectra  = fg_config_get_choice (config, "spectra", spectra_items, error)) >= 0;
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
frequency_smooth_procedure_new (GimpPlugIn *plug_in)
{
  GimpProcedure *procedure;

  procedure = gimp_image_procedure_new (plug_in, FREQUENCY_SMOOTH_PROC,
                                        GIMP_PDB_PROC_TYPE_PLUGIN, run, NULL, NULL);

  gimp_procedure_set_image_types (procedure, "RGB*, GRAY*");
  gimp_procedure_set_sensitivity_mask (procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE
                                                  | GIMP_PROCEDURE_SENSITIVE_DRAWABLES);
  gimp_procedure_set_menu_label (procedure, "_Frequency Smooth...");
  gimp_procedure_add_menu_path (procedure, "<Image>/Filters/Blur");
  gimp_procedure_set_documentation (procedure,
      "Smooth in the frequency domain with an ideal, Gaussian or Butterworth low-pass",
      "Transforms the selection with FFTW, attenuates spatial frequencies above the "
      "cutoff with an ideal, Gaussian or Butterworth low-pass filter, and transforms "
      "back. The cutoff is a spatial period in pixels: structures smaller than it are "
      "smoothed away, whatever the image size. The mirror boundary filters the image's "
      "mirrored extension so nothing wraps around from the opposite edge. Optionally "
      "adds layers with the log-magnitude spectrum before and after, and the filter's "
      "transfer function.",
      FREQUENCY_SMOOTH_PROC);
  gimp_procedure_set_attribution (procedure, PLUG_IN_AUTHOR, PLUG_IN_COPYRIGHT, PLUG_IN_DATE);

  fg_add_choice_argument (procedure, "filter", "_Filter type",
      "Shape of the low-pass filter",
      filter_items, "gaussian");
  gimp_procedure_add_double_argument (procedure, "cutoff", "C_utoff period (px)",
      "Spatial period, in pixels, at the cutoff: detail finer than this is smoothed away "
      "(cutoff frequency = 1 / period cycles per pixel)",
      1.0, 100000.0, 8.0, G_PARAM_READWRITE);
  gimp_procedure_add_int_argument (procedure, "order", "_Order",
      "Butterworth order: higher is a sharper cutoff (ignored by the other filters)",
      1, 10, 2, G_PARAM_READWRITE);
  fg_add_choice_argument (procedure, "boundary", "_Boundary",
      "How the image continues past its edges",
      boundary_items, "mirror");
  fg_add_choice_argument (procedure, "output", "Out_put",
      "Replace the layer's pixels, or put the result on a new layer above it",
      output_items, "replace");
  fg_add_choice_argument (procedure, "spectra", "Spectrum la_yers",
      "Add layers showing the centred log-magnitude spectrum of the input and the result, "
      "and optionally the transfer function",
      spectra_items, "none");

  return procedure;
}
