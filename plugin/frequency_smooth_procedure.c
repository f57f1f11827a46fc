/* frequency_smooth_procedure.c — arguments and run of "Frequency Smooth". */
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "filter_run.h"
#include "i18n.h"
#include "frequency_smooth_dialog.h"
#include "merge_in_gimp.h"
#include "frequency_smooth_settings.h"
#include "procedure_arguments.h"
#include "procedure_run.h"
#include "procedures.h"

#define LABEL (_(fg_nde_frequency_smooth.title))   /* in messages */


/* What one run asks for, read from the config once. */
typedef struct
{
  FgRunChoices     choices;     /* first: fg_run_attach's; extra_layers is an FsSpectra */
  FsFilter         filter;      /* as asked; each drawable gets its copy (notch radius, detection) */
  fg_fft_context  *fft;         /* plans shared by every drawable of the run */
} Run;

/* The spectrum layers: input, result and (optionally) transfer function. */
static gboolean
add_spectra (FgJob                  *job,
             Run                    *run,
             const fg_smooth_params *params,
             GError                **error)
{
  static const gchar *names[3] = { N_("Spectrum of the input"), N_("Spectrum of the result"),
                                   N_("Transfer function") };
  gint      count = run->choices.extra_layers == FS_SPECTRA_AND_TRANSFER ? 3 : 2;
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
        fg_job_add_grey_layer (job, _(names[i]), grey[i]);
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
  Run      *run = data;
  FsFilter  filter;
  fg_error  core_error;

  fs_filter_copy (&filter, &run->filter);
  filter.smooth.progress      = job->progress;
  filter.smooth.progress_data = job->progress_data;

  /* Periodic-noise mode detects on this drawable's pixels; the spectra
   * then show the notches found. */
  if (fg_core_failed (LABEL, fs_filter_detect (&filter, run->fft, &job->in, &core_error),
                      &core_error, error)
      || fg_core_failed (LABEL,
                         fg_frequency_smooth (run->fft, &job->in, &job->out, &filter.smooth, &core_error),
                         &core_error, error))
    return FALSE;
  if (run->choices.extra_layers != FS_SPECTRA_NONE)
    return add_spectra (job, run, &filter.smooth, error);
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
  Run             run = { 0 };
  GError         *error = NULL;
  GimpValueArray *ended;
  gboolean        ok;

  fg_run_gegl_init (run_mode, G_OBJECT (config), &fg_nde_frequency_smooth);

  if (run_mode == GIMP_RUN_INTERACTIVE
      && (ended = fg_run_dialog (procedure, image, drawables, config,
                                 &fg_frequency_smooth_dialog)))
    return ended;

  if (! fs_settings_to_filter (G_OBJECT (config), &run.filter, &error)
      || ! fg_run_choices_read (G_OBJECT (config), &fg_nde_frequency_smooth, &run.choices, &error))
    return gimp_procedure_new_return_values (procedure, GIMP_PDB_CALLING_ERROR, error);

  /* The operation computes the whole image at once, as the core call
   * here does: GIMP can merge it (merge_in_gimp.h), spectra aside. */
  if (run.choices.extra_layers == FS_SPECTRA_NONE
      && fg_merge_in_gimp_possible (run_mode, image, drawables, &run.choices))
    ok = fg_run_filter (image, drawables, LABEL, run.choices.output, 0.0, NULL,
                        fg_merge_in_gimp_attach, &run, &error);
  else if (! (run.fft = fg_fft_context_new ()))
    {
      g_set_error (&error, GIMP_PLUG_IN_ERROR, 0, _("%s: out of memory."), LABEL);
      return gimp_procedure_new_return_values (procedure, GIMP_PDB_EXECUTION_ERROR, error);
    }
  else
    ok = fg_run_filter (image, drawables, LABEL,
                        run.choices.output,
                        1.5, /* the core needs ~1 float copy, plus spectra */
                        run.choices.merge_filter || run.choices.extra_layers != FS_SPECTRA_NONE
                          ? compute : NULL,
                        run.choices.merge_filter ? NULL : fg_run_attach, &run, &error);
  if (ok && run_mode != GIMP_RUN_NONINTERACTIVE)
    gimp_displays_flush ();
  fg_fft_context_free (run.fft);

  if (! ok)
    return fg_failure_values (procedure, error);
  return gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS, NULL);
}

static const FgProcedureInfo info = {
  FREQUENCY_SMOOTH_PROC,
  N_("_Frequency Smooth..."), "<Image>/Filters/Blur",
  N_("Filter in the frequency domain: low-pass, high-pass, band-pass, band-reject, notch "
      "reject, or automatic periodic-noise removal"),
  N_("Transforms the layer with FFTW, multiplies its spectrum by a filter and transforms "
      "back. The low-pass (default) attenuates spatial frequencies above the cutoff with an "
      "ideal, Gaussian or Butterworth profile; the other shapes are made from the same profile: "
      "high-pass, band-pass and band-reject between two periods, notches at listed "
      "frequencies, or notches on the spectrum peaks it finds itself (periodic noise: "
      "interference, banding, halftone screens). The cutoff is a spatial period in pixels: "
      "structures smaller than it are smoothed away, whatever the image size. The mirror "
      "boundary filters the image's mirrored extension so nothing wraps around from the "
      "opposite edge. Optionally adds layers with the log-magnitude spectrum before and "
      "after, and the filter's transfer function."),
  fs_settings, FS_N_SETTINGS
};

GimpProcedure *
frequency_smooth_procedure_new (GimpPlugIn *plug_in)
{
  return fg_procedure_new (plug_in, &info, run);
}
