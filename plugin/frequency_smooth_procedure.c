/* frequency_smooth_procedure.c — arguments and run of "Frequency Smooth". */
#include <libgimp/gimp.h>

#include "fg/frequency_smooth.h"
#include "filter_run.h"
#include "fftw_wisdom.h"
#include "choice_argument.h"
#include "procedures.h"

#define LABEL "Frequency Smooth"


const FgChoiceItem fs_filter_items[] = {
  { "ideal",       "Ideal (sharp cutoff, may ring)" },
  { "gaussian",    "Gaussian (no ringing)" },
  { "butterworth", "Butterworth (adjustable sharpness)" },
  { NULL, NULL }
};
const FgChoiceItem fs_boundary_items[] = {
  { "mirror",   "Mirror (no wrap-around)" },
  { "periodic", "Periodic (plain FFT, edges wrap)" },
  { NULL, NULL }
};
const FgChoiceItem fs_output_items[] = {
  { "replace",   "Replace the layer" },
  { "new-layer", "New layer above" },
  { NULL, NULL }
};
const FgChoiceItem fs_spectra_items[] = {
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
  return (settings->filter   = fg_config_get_choice (config, "filter", fs_filter_items, error)) >= 0
      && (settings->boundary = fg_config_get_choice (config, "boundary", fs_boundary_items, error)) >= 0
      && (settings->output   = fg_config_get_choice (config, "output", fs_output_items, error)) >= 0
      && (settings->spectra  = fg_config_get_choice (config, "spectra", fs_spectra_items, error)) >= 0;
}

/* Choice indices (the item tables' order) to core enums. */
static const fg_lowpass  filter_of[]   = { FG_LOWPASS_IDEAL, FG_LOWPASS_GAUSSIAN, FG_LOWPASS_BUTTERWORTH };
static const fg_boundary boundary_of[] = { FG_BOUNDARY_MIRROR, FG_BOUNDARY_PERIODIC };

typedef struct
{
  Settings        settings;
  fg_fft_context *fft;          /* plans shared by every drawable of the run */
} Run;

static void
settings_to_params (const Settings   *settings,
                    fg_smooth_params *params)
{
  fg_smooth_params_init (params);
  params->filter   = filter_of[settings->filter];
  params->cutoff   = settings->cutoff;
  params->order    = settings->order;
  params->boundary = boundary_of[settings->boundary];
  params->threads  = 0;
}

gboolean
fs_config_to_params (GimpProcedureConfig *config,
                     fg_smooth_params    *params,
                     GError             **error)
{
  Settings settings;

  if (! read_settings (config, &settings, error))
    return FALSE;
  settings_to_params (&settings, params);
  return TRUE;
}

/* The spectrum layers: input, result and (optionally) transfer function. */
static gboolean
add_spectra (FgJob                  *job,
             Run                    *run,
             const fg_smooth_params *params,
             GError                **error)
{
  static const gchar *names[3] = { "Spectrum of the input", "Spectrum of the result",
                                   "Transfer function" };
  gint      count = run->settings.spectra == 2 ? 3 : 2;
  gfloat   *grey[3] = { NULL, NULL, NULL };
  fg_image  views[3];
  fg_error  core_error;
  gboolean  ok = TRUE;

  for (gint i = 0; ok && i < count; i++)
    {
      ok = (grey[i] = fg_job_new_grey (job, error)) != NULL;
      if (ok)
        views[i] = fg_image_make (grey[i], job->region->width, job->region->height, 1, 0);
    }
  if (ok)
    {
      fg_status status = fg_frequency_spectra (run->fft, &job->in, params, &views[0], &views[1],
                                               count == 3 ? &views[2] : NULL, &core_error);

      ok = ! fg_core_failed (LABEL, status, &core_error, error);
    }
  for (gint i = 0; i < count; i++)
    {
      if (ok)
        fg_job_add_grey_layer (job, names[i], grey[i]);
      else
        g_free (grey[i]);
    }
  return ok;
}

static gboolean
compute (FgJob    *job,
         gpointer  data,
         GError  **error)
{
  Run             *run = data;
  fg_smooth_params params;
  fg_error         core_error;

  settings_to_params (&run->settings, &params);
  params.progress      = job->progress;
  params.progress_data = job->progress_data;

  if (fg_core_failed (LABEL,
                      fg_frequency_smooth (run->fft, &job->in, &job->out, &params, &core_error),
                      &core_error, error))
    return FALSE;
  if (run->settings.spectra > 0)
    return add_spectra (job, run, &params, error);
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
  Run       run = { 0 };
  GError   *error = NULL;
  gboolean  ok;

  gegl_init (NULL, NULL);

  if (run_mode == GIMP_RUN_INTERACTIVE)
    {
      if (! fg_interactive_check (LABEL, &error)
          || ! fg_drawables_check (image, drawables, LABEL, &error))
        return fg_failure_values (procedure, error);
      if (! frequency_smooth_dialog (procedure, config, drawables[0]))
        return gimp_procedure_new_return_values (procedure, GIMP_PDB_CANCEL, NULL);
    }

  if (! read_settings (config, &run.settings, &error))
    return gimp_procedure_new_return_values (procedure, GIMP_PDB_CALLING_ERROR, error);

  run.fft = fg_fft_context_new ();
  if (! run.fft)
    {
      g_set_error (&error, GIMP_PLUG_IN_ERROR, 0, LABEL ": out of memory.");
      return gimp_procedure_new_return_values (procedure, GIMP_PDB_EXECUTION_ERROR, error);
    }
  fg_wisdom_load ();

  ok = fg_run_filter (image, drawables, LABEL,
                      run.settings.output == 1 ? FG_OUTPUT_NEW_LAYER : FG_OUTPUT_REPLACE,
                      1.5, /* the core needs ~1 float copy, plus spectra */
                      compute, &run, &error);
  if (ok)
    {
      if (run_mode != GIMP_RUN_NONINTERACTIVE)
        gimp_displays_flush ();
      /* The result is in place; now measure plans for the next run of this size. */
      fg_wisdom_learn (run.fft, drawables, run.settings.boundary == 1);
    }
  fg_fft_context_free (run.fft);

  if (! ok)
    return fg_failure_values (procedure, error);
  return gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS, NULL);
}

GimpProcedure *
frequency_smooth_procedure_new (GimpPlugIn *plug_in)
{
  GimpProcedure   *procedure;
  fg_smooth_params defaults;

  fg_smooth_params_init (&defaults);
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
      fs_filter_items, "gaussian");
  gimp_procedure_add_double_argument (procedure, "cutoff", "C_utoff period (px)",
      "Spatial period, in pixels, at the cutoff: detail finer than this is smoothed away "
      "(cutoff frequency = 1 / period cycles per pixel)",
      1.0, 100000.0, defaults.cutoff, G_PARAM_READWRITE);
  gimp_procedure_add_int_argument (procedure, "order", "Butterworth or_der",
      "Butterworth order: higher is a sharper cutoff (ignored by the other filters)",
      1, 10, defaults.order, G_PARAM_READWRITE);
  fg_add_choice_argument (procedure, "boundary", "_Boundary",
      "How the image continues past its edges",
      fs_boundary_items, "mirror");
  fg_add_choice_argument (procedure, "output", "Out_put",
      "Replace the layer's pixels, or put the result on a new layer above it",
      fs_output_items, "replace");
  fg_add_choice_argument (procedure, "spectra", "Spectrum la_yers",
      "Add layers showing the centred log-magnitude spectrum of the input and the result, "
      "and optionally the transfer function",
      fs_spectra_items, "none");

  return procedure;
}
