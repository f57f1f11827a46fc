/* filter_run.c — compute everything first, then write in one undo group. */
#include "filter_run.h"
#include "memory_check.h"
#include "test_hooks.h"

#include <string.h>
#include <gdk/gdk.h>
#include "i18n.h"

typedef struct
{
  FgRegion   region;
  gfloat    *result;
  GPtrArray *extra_layers;
  gboolean   merged;       /* the result was merged into region.drawable */
  gboolean   todo;         /* the selection touches the drawable */
  GimpDrawableFilter *filter;  /* attached instead of writing (merge-filter off) */
} Pending;

typedef struct
{
  FgTimings   *timings;        /* the run's phases */
  gint         index;          /* drawable being computed */
  gint         count;          /* drawables in all */
  gdouble      last_shown;
  gint64       last_time;      /* g_get_monotonic_time () of the last update */
  const gchar *cancel_file;    /* tests: cancel while this file exists */
} Progress;

static int
report_progress (void   *data,
                 double  fraction)
{
  Progress *progress = data;
  gdouble   overall  = (progress->index + CLAMP (fraction, 0.0, 1.0)) / progress->count;

  /* Each update is a round trip to GIMP: send one per percent and per
   * 40 ms at most (25 a second still move smoothly), and the last. */
  if ((overall - progress->last_shown >= 0.01
       && g_get_monotonic_time () - progress->last_time >= 40000)
      || (overall >= 1.0 && progress->last_shown < 1.0))
    {
      /* Called from the thread that called the core: the time around the
       * message is split off the core's. */
      fg_timings_mark (progress->timings, "compute");
      gimp_progress_update (overall);
      progress->last_shown = overall;
      progress->last_time  = g_get_monotonic_time ();
      fg_timings_mark (progress->timings, "progress_updates");
    }
  /* The tests drive the core's cancel path through this, as a user's
   * cancel would: the computation stops and nothing is written. */
  if (progress->cancel_file && fraction > 0.0
      && g_file_test (progress->cancel_file, G_FILE_TEST_EXISTS))
    return 1;
  return 0;
}

static void
extra_layer_free (gpointer data)
{
  FgExtraLayer *extra = data;

  g_free (extra->name);
  g_free (extra->grey);
  g_free (extra);
}

gfloat *
fg_job_new_grey (FgJob   *job,
                 GError **error)
{
  gsize   count = 0;
  gfloat *grey  = NULL;

  if (g_size_checked_mul (&count, (gsize) job->region->width, (gsize) job->region->height)
      && g_size_checked_mul (&count, count, sizeof (gfloat)))
    grey = g_try_malloc0 (count);
  if (! grey)
    g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                 _("Not enough memory for a %d x %d layer."),
                 job->region->width, job->region->height);
  return grey;
}

void
fg_job_add_grey_layer (FgJob       *job,
                       const gchar *name,
                       gfloat      *grey)
{
  FgExtraLayer *extra = g_new0 (FgExtraLayer, 1);

  extra->name = g_strdup (name);
  extra->grey = grey;
  g_ptr_array_add (job->extra_layers, extra);
}

static void
pending_clear (Pending *pending)
{
  fg_region_clear (&pending->region);
  g_clear_pointer (&pending->result, g_free);
  g_clear_pointer (&pending->extra_layers, g_ptr_array_unref);
}

/* Writes one computed result and its extra layers; every layer it inserts
 * goes into `added` at once, so a later failure can take it out again. */
static gboolean
write_pending (Pending      *pending,
               const gchar  *label,
               FgOutputMode  output,
               gboolean      lock_first,
               FgAttachFunc  attach,
               gpointer      user_data,
               GPtrArray    *added,
               FgTimings    *timings,
               GError      **error)
{
  GimpDrawable *target = pending->region.drawable;
  GimpLayer    *top;

  if (output == FG_OUTPUT_NEW_LAYER)
    {
      GimpLayer *copy = fg_region_new_layer_copy (&pending->region, label, error);

      if (! copy)
        return FALSE;
      g_ptr_array_add (added, copy);
      target = GIMP_DRAWABLE (copy);
      fg_timings_mark (timings, "layer_copy");
    }
  /* Test hook (FREQGRAD_TEST_LOCK_FILE): lock the target as another
   * process might, so GIMP really refuses this merge. */
  if (lock_first)
    gimp_item_set_lock_content (GIMP_ITEM (target), TRUE);
  if (attach)
    {
      if (! (pending->filter = attach (target, user_data, error)))
        return FALSE;
      fg_timings_mark (timings, "attach");
    }
  else
    {
      /* The result is not needed once it is in the shadow (a roll-back
       * puts back the pixels read). */
      gboolean written = fg_region_write (&pending->region, target, pending->result, TRUE,
                                          timings, error);

      pending->result = NULL;
      if (! written)
        return FALSE;
      pending->merged = output == FG_OUTPUT_REPLACE;
    }

  top = GIMP_IS_LAYER (target) ? GIMP_LAYER (target) : NULL;
  for (guint i = 0; i < pending->extra_layers->len; i++)
    {
      FgExtraLayer *extra = g_ptr_array_index (pending->extra_layers, i);
      GimpLayer    *above = top;

      /* Extra layers of a channel or mask go on top of the layer stack. */
      if (! above)
        {
          GimpLayer **layers = gimp_image_get_layers (gimp_item_get_image (GIMP_ITEM (target)));
          above = layers && layers[0] ? layers[0] : NULL;
          g_free (layers);
        }
      if (! above)
        continue;
      top = fg_region_new_grey_layer (&pending->region, above, extra->name, extra->grey, error);
      if (! top)
        return FALSE;
      g_ptr_array_add (added, top);
      fg_timings_mark (timings, "extra_layers");
    }
  return TRUE;
}

/* Undoes what the writes of a failed run did: removes the layers they
 * added, newest first, and puts the pixels read back where a result was
 * merged.  FALSE if GIMP refused any of it. */
static gboolean
roll_back (GimpImage *image,
           Pending   *pending,
           gsize      count,
           GPtrArray *added)
{
  gboolean ok = TRUE;

  for (gsize i = 0; i < count; i++)
    if (pending[i].filter)
      ok = gimp_drawable_filter_delete (pending[i].filter) && ok;
  for (guint i = added->len; i > 0; i--)
    ok = gimp_image_remove_layer (image, g_ptr_array_index (added, i - 1)) && ok;
  for (gsize i = 0; i < count; i++)
    if (pending[i].merged)
      ok = fg_region_restore (&pending[i].region) && ok;
  return ok;
}

/* Writes every computed result as one undo step; on failure undoes the
 * writes already made and says whether the image is as it was. */
static gboolean
write_all (GimpImage    *image,
           Pending      *pending,
           gsize         count,
           const gchar  *label,
           FgOutputMode  output,
           FgAttachFunc  attach,
           gpointer      user_data,
           FgTimings    *timings,
           GError      **error)
{
  const gchar *lock_file = g_getenv ("FREQGRAD_TEST_LOCK_FILE");
  gboolean     lock_last = lock_file && g_file_test (lock_file, G_FILE_TEST_EXISTS);
  GPtrArray   *added     = g_ptr_array_new ();
  GError      *write_error = NULL;
  gsize        last = 0;
  gboolean     ok = TRUE;

  for (gsize i = 0; i < count; i++)
    if (pending[i].todo)
      last = i;

  if (! gimp_image_undo_group_start (image))
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   _("%s: GIMP could not start an undo step; nothing was written."), label);
      g_ptr_array_unref (added);
      return FALSE;
    }
  fg_timings_mark (timings, "undo_start");
  for (gsize i = 0; ok && i < count; i++)
    if (pending[i].todo)
      ok = write_pending (&pending[i], label, output, lock_last && i == last, attach, user_data,
                          added, timings, &write_error);
  if (! ok)
    {
      gboolean restored = roll_back (image, pending, count, added);

      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   restored ? _("%s could not write its result: %s The image was left unchanged.")
                            : _("%s could not write its result: %s Undoing what was written failed "
                                "too: use Edit > Undo to get the image back."),
                   label, write_error->message);
      g_clear_error (&write_error);
    }
  gimp_image_undo_group_end (image);
  fg_timings_mark (timings, "undo_end");
  g_ptr_array_unref (added);
  return ok;
}

gboolean
fg_interactive_check (const gchar  *label,
                      GError      **error)
{
  /* gimp_ui_init() opens this display with gtk_init(), which exits the
   * process when it cannot ("Plug-in crashed").  gdk_display_open() fails
   * instead; on Windows and macOS it always succeeds. */
  GdkDisplay *display = gdk_display_open (gimp_display_name ());

  if (! display)
    {
      g_set_error (error, FG_CALLING_ERROR, FG_CALLING_ERROR_CODE,
                   _("%s cannot show its dialog: no display could be opened (%s). "
                     "In batch mode call it with RUN-NONINTERACTIVE."),
                   label, gimp_display_name () ? gimp_display_name () : "none set");
      return FALSE;
    }
  gdk_display_close (display);
  return TRUE;
}

gboolean
fg_run_filter (GimpImage     *image,
               GimpDrawable **drawables,
               const gchar   *label,
               FgOutputMode   output,
               gdouble        working_copies,
               FgComputeFunc  compute,
               FgAttachFunc   attach,
               gpointer       user_data,
               GError       **error)
{
  gsize     count;
  Pending  *pending;
  Progress  progress = { 0 };
  FgTimings timings;
  gboolean  ok = TRUE;

  fg_timings_start (&timings);
  if (! fg_drawables_check (image, drawables, label, error))
    return FALSE;

  count = gimp_core_object_array_get_length ((GObject **) drawables);
  if (output == FG_OUTPUT_NEW_LAYER)
    for (gsize i = 0; i < count; i++)
      if (! gimp_item_is_layer (GIMP_ITEM (drawables[i])))
        {
          g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                       _("\"%s\" is not a layer: a new layer can only be made from a layer. "
                         "Use the \"replace\" output for channels and masks."),
                       gimp_item_get_name (GIMP_ITEM (drawables[i])));
          return FALSE;
        }

  if (compute && ! fg_memory_check (drawables, count, label, working_copies, error))
    return FALSE;

  pending = g_new0 (Pending, count);
  progress.timings     = &timings;
  progress.count       = (gint) count;
  progress.cancel_file = fg_test_cancel_file ();
  fg_timings_mark (&timings, "checks");
  gimp_progress_init_printf ("%s", label);
  fg_timings_mark (&timings, "progress");

  /* Phase 1: compute every result; the image is not touched. */
  for (gsize i = 0; ok && i < count; i++)
    {
      gboolean empty;
      FgJob    job;
      gsize    bytes = 0;

      progress.index = (gint) i;
      if (! compute)
        {
          gint x, y, w, h;

          pending[i].region.drawable = drawables[i];
          pending[i].todo = gimp_drawable_mask_intersect (drawables[i], &x, &y, &w, &h);
          pending[i].extra_layers = g_ptr_array_new_with_free_func (extra_layer_free);
          continue;
        }
      if (! fg_region_read_timed (drawables[i], &pending[i].region, &empty, &timings, error))
        {
          ok = empty;       /* an untouched drawable is fine, an error is not */
          continue;
        }
      if (g_size_checked_mul (&bytes, (gsize) pending[i].region.width,
                              (gsize) pending[i].region.height)
          && g_size_checked_mul (&bytes, bytes,
                                 (gsize) pending[i].region.channels * sizeof (gfloat)))
        pending[i].result = g_try_malloc (bytes);
      if (! pending[i].result)
        {
          g_set_error (error, GIMP_PLUG_IN_ERROR, 0, _("Not enough memory for the result."));
          ok = FALSE;
          break;
        }
      pending[i].extra_layers = g_ptr_array_new_with_free_func (extra_layer_free);
      pending[i].todo = TRUE;

      job.region        = &pending[i].region;
      job.in            = fg_region_view (&pending[i].region, pending[i].region.pixels);
      job.out           = fg_region_view (&pending[i].region, pending[i].result);
      job.extra_layers  = pending[i].extra_layers;
      job.progress      = report_progress;
      job.progress_data = &progress;
      fg_timings_mark (&timings, "result_alloc");
      ok = compute (&job, user_data, error);
      fg_timings_mark (&timings, "compute");
    }

  /* Phase 2: write everything as one undo step. */
  if (ok)
    ok = write_all (image, pending, count, label, output, attach, user_data, &timings, error);

  for (gsize i = 0; i < count; i++)
    pending_clear (&pending[i]);
  g_free (pending);
  fg_timings_mark (&timings, "free");
  gimp_progress_end ();
  fg_timings_mark (&timings, "progress");
  fg_timings_log (&timings, label);
  return ok;
}

GimpValueArray *
fg_failure_values (GimpProcedure *procedure,
                   GError        *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return gimp_procedure_new_return_values (procedure, GIMP_PDB_CANCEL, NULL);
    }
  if (g_error_matches (error, FG_CALLING_ERROR, FG_CALLING_ERROR_CODE))
    return gimp_procedure_new_return_values (procedure, GIMP_PDB_CALLING_ERROR, error);
  return gimp_procedure_new_return_values (procedure, GIMP_PDB_EXECUTION_ERROR, error);
}

gboolean
fg_core_failed (const gchar *label,
                fg_status    status,
                fg_error    *core_error,
                GError     **error)
{
  if (status == FG_OK)
    return FALSE;
  if (status == FG_ERR_CANCELLED)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("%s: cancelled."), label);
  else
    g_set_error (error, GIMP_PLUG_IN_ERROR, 0, "%s: %s", label,
                 core_error->message[0] ? core_error->message : fg_status_string (status));
  return TRUE;
}
