/* gradient_denoise_procedure.c — arguments and run of "Gradient Denoise". */
#include <math.h>

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "filter_run.h"
#include "i18n.h"
#include "gradient_denoise_dialog.h"
#include "gradient_denoise_preview.h"
#include "gradient_denoise_settings.h"
#include "procedure_arguments.h"
#include "procedure_run.h"
#include "procedures.h"
#include "test_hooks.h"

#define LABEL (_(fg_nde_gradient_denoise.title))   /* in messages */


/* What one run asks for, read from the config once. */
typedef struct
{
  FgRunChoices      choices;    /* first: fg_run_attach's; extra_layers is a GdGradientMap */
  fg_denoise_params params;
} Run;

/* The progress bar.  Iterations counted towards max-iterations say little:
 * with a tolerance the solver usually stops on it long before (the bar stood
 * at a quarter when a 24 MP photo was done).  What the tolerance is
 * compared with -- the relative duality gap (the default stop rule), or the
 * relative energy change per iteration, |E_k - E_k-1| / E_k -- falls about
 * geometrically once the solver settles, so how far its logarithm has come
 * from iteration 1 towards the tolerance measures the work done.  The bar
 * shows the larger of the two measures, never going back. */
typedef struct
{
  FgJob       *job;
  fg_stop_rule stop;
  gdouble      tolerance;
  gdouble      previous_energy;
  gdouble      first;              /* the measure of iteration 1; 0 until then */
  gdouble      shown;              /* the highest fraction reported */
} Progress;

/* Below 1 until the solver stops (the energy-change rule needs
 * FG_DENOISE_STOP_WINDOW small changes in a row). */
#define PROGRESS_BEFORE_STOP 0.99

static int
on_iteration (void   *data,
              int     iteration,
              int     max_iterations,
              double  energy,
              double  gap)
{
  Progress *progress = data;
  gdouble   fraction = (gdouble) iteration / MAX (1, max_iterations);

  if (iteration > 0 && progress->tolerance > 0.0 && energy > 0.0)
    {
      gdouble measure = progress->stop == FG_STOP_GAP
                        ? gap : fabs (energy - progress->previous_energy) / energy;

      if (progress->first <= 0.0)
        progress->first = measure;
      else if (progress->first > progress->tolerance)
        {
          gdouble done = measure > 0.0
                         ? log (progress->first / measure)
                           / log (progress->first / progress->tolerance)
                         : 1.0;

          fraction = MAX (fraction, MIN (done, PROGRESS_BEFORE_STOP));
        }
    }
  progress->previous_energy = energy;
  progress->shown = CLAMP (fraction, progress->shown, 1.0);

  fg_test_progress (iteration, max_iterations, progress->shown);
  return progress->job->progress (progress->job->progress_data, progress->shown);
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

/* Denoises what the result is written to: the whole drawable, or with a
 * selection its bounding box plus the margin its pixels need
 * (fg_denoise_margin), with the automatic strength of the whole drawable,
 * as the GEGL operation on GIMP's canvas does.  The rest of the result is
 * the input (for a gradient map of the result). */
static gboolean
denoise_target (FgJob                   *job,
                const fg_denoise_params *params,
                fg_denoise_report       *report,
                fg_error                *core_error,
                GError                 **error)
{
  const FgRegion   *r = job->region;
  GdPreview        *stats;
  GdPreviewRequest *request;
  fg_image          in, out;
  gsize             offset;
  fg_status         status;

  if (r->target_width == r->width && r->target_height == r->height)
    return ! fg_core_failed (LABEL, fg_gradient_denoise (&job->in, &job->out, params, report, core_error),
                             core_error, error);

  stats   = gd_preview_new (r, NULL);
  request = gd_preview_request (stats, params, r->target_x, r->target_y,
                                r->target_width, r->target_height);
  request->params.on_iteration     = params->on_iteration;
  request->params.on_iteration_gap = params->on_iteration_gap;
  request->params.user_data        = params->user_data;
  memcpy (job->out.data, job->in.data,
          (gsize) r->width * r->height * r->channels * sizeof (gfloat));
  offset = ((gsize) (request->y - r->y) * r->width + (gsize) (request->x - r->x)) * r->channels;
  in  = job->in;
  out = job->out;
  in.data  += offset;
  out.data += offset;
  in.width  = out.width  = request->width;
  in.height = out.height = request->height;
  status = fg_gradient_denoise (&in, &out, &request->params, report, core_error);
  g_free (request);
  gd_preview_free (stats);
  return ! fg_core_failed (LABEL, status, core_error, error);
}

static gboolean
compute (FgJob    *job,
         gpointer  data,
         GError  **error)
{
  const Run        *run    = data;
  fg_denoise_params params = run->params;
  fg_denoise_report report;
  fg_error          core_error;
  Progress          progress = { job, params.stop, params.tolerance, 0.0, 0.0, 0.0 };

  params.on_iteration_gap = on_iteration;
  params.user_data        = &progress;

  if (! denoise_target (job, &params, &report, &core_error, error))
    return FALSE;

  if (run->choices.extra_layers == GD_GRADIENT_MAP_INPUT)
    return add_gradient_map (job, &job->in, _("Gradient map of the input"), error);
  if (run->choices.extra_layers == GD_GRADIENT_MAP_RESULT)
    return add_gradient_map (job, &job->out, _("Gradient map of the result"), error);
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
  Run             run;
  GError         *error = NULL;
  GimpValueArray *ended;

  fg_run_gegl_init (run_mode, G_OBJECT (config), &fg_nde_gradient_denoise);

  if (run_mode == GIMP_RUN_INTERACTIVE
      && (ended = fg_run_dialog (procedure, image, drawables, config,
                                 &fg_gradient_denoise_dialog)))
    return ended;

  if (! gd_settings_to_params (G_OBJECT (config), &run.params, &error)
      || ! fg_run_choices_read (G_OBJECT (config), &fg_nde_gradient_denoise, &run.choices, &error))
    return gimp_procedure_new_return_values (procedure, GIMP_PDB_CALLING_ERROR, error);

  /* The memory check counts RGBA float copies, 4 floats per pixel: what
   * the core needs for an RGBA image, in its copies, is the most any format
   * the plug-in reads needs per pixel. */
  if (! fg_run_filter (image, drawables, LABEL, run.choices.output,
                       fg_denoise_working_copies (&run.params, 4, TRUE),
                       run.choices.merge_filter || run.choices.extra_layers != GD_GRADIENT_MAP_NONE
                         ? compute : NULL,
                       run.choices.merge_filter ? NULL : fg_run_attach, &run, &error))
    return fg_failure_values (procedure, error);

  if (run_mode != GIMP_RUN_NONINTERACTIVE)
    gimp_displays_flush ();
  return gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS, NULL);
}

static const FgProcedureInfo info = {
  GRADIENT_DENOISE_PROC,
  N_("_Gradient Denoise..."), "<Image>/Filters/Enhance",
  N_("Remove noise by minimizing a smoothness energy with gradient descent"),
  N_("Finds the image u closest to the original f that is also smooth, by minimizing "
      "E(u) = 1/2 |u - f|^2 + strength * R(u) with (accelerated) gradient descent. "
      "R is total variation, which keeps edges sharp, or the quadratic (Tikhonov) "
      "energy, which blurs them. Color channels can be coupled so color edges stay "
      "aligned. With automatic strength the noise level is estimated from the image. "
      "Optionally adds a layer with the gradient magnitude of the input or the result."),
  gd_settings, GD_N_SETTINGS
};

GimpProcedure *
gradient_denoise_procedure_new (GimpPlugIn *plug_in)
{
  return fg_procedure_new (plug_in, &info, run);
}
