/* canvas_preview.c — the dialog's filter on the canvas (see canvas_preview.h). */
#include "canvas_preview.h"
#include "i18n.h"

struct FgCanvasPreview
{
  GimpImage            *image;    /* its undo stack frozen while the preview lives */
  GimpDrawableFilter   *filter;
  const FgNdeOperation *op;
  GObject              *config;
  guint                 idle;
  gdouble               last_ms;
};

FgCanvasPreview *
fg_canvas_preview_new (GimpDrawable         *drawable,
                       const FgNdeOperation *op,
                       GObject              *config,
                       GError              **error)
{
  FgCanvasPreview    *preview;
  GimpDrawableFilter *filter;
  GimpImage          *image = gimp_item_get_image (GIMP_ITEM (drawable));

  if (g_getenv ("FREQGRAD_TEST_NO_GEGL_MODULE") || ! fg_nde_available (op->operation))
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   _("The freqgrad GEGL module is not installed: no preview on the canvas, "
                     "and the result is merged into the layer."));
      return NULL;
    }
  /* Adding, configuring and removing the preview's filter are not the
   * user's edits: with the undo stack frozen they leave no undo steps, so
   * that OK merged is one step, an unmerged OK one "add filter" (made after
   * the dialog, as in batch mode) and Cancel none.  Frozen, not disabled:
   * the user's earlier steps stay; the filter is gone again before the thaw,
   * as GIMP asks of in-situ previews. */
  if (! gimp_image_undo_freeze (image))
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   _("GIMP could not hold the undo history for the preview: no preview on the canvas."));
      return NULL;
    }
  filter = fg_nde_filter_new (drawable, op, config, error);
  if (! filter)
    {
      gimp_image_undo_thaw (image);
      return NULL;
    }
  gimp_drawable_append_filter (drawable, filter);
  gimp_displays_flush ();

  preview = g_new0 (FgCanvasPreview, 1);
  preview->image    = image;
  preview->filter   = filter;
  preview->op       = op;
  preview->config   = config;
  return preview;
}

/* FREQGRAD_TEST_CANVAS_LOG (test_hooks.h): "event milliseconds time_us",
 * the time on the monotonic clock, for the canvas latency benchmark. */
static void
canvas_log (const gchar *event,
            gdouble      milliseconds)
{
  const gchar *path = g_getenv ("FREQGRAD_TEST_CANVAS_LOG");
  FILE        *log  = path ? fopen (path, "a") : NULL;

  if (log)
    {
      fprintf (log, "%s %.3f %" G_GINT64_FORMAT "\n", event, milliseconds, g_get_monotonic_time ());
      fclose (log);
    }
}

static gboolean
update (gpointer data)
{
  FgCanvasPreview *preview = data;
  gint64           start   = g_get_monotonic_time ();
  GError          *error   = NULL;

  preview->idle = 0;
  if (! fg_nde_filter_set (preview->filter, preview->op, preview->config, &error))
    {
      g_message ("%s", error->message);
      g_error_free (error);
      return G_SOURCE_REMOVE;
    }
  gimp_displays_flush ();
  preview->last_ms = (g_get_monotonic_time () - start) / 1000.0;
  canvas_log ("update", preview->last_ms);
  return G_SOURCE_REMOVE;
}

void
fg_canvas_preview_changed (FgCanvasPreview *preview)
{
  if (! preview)
    return;
  canvas_log ("change", 0.0);
  if (! preview->idle)
    preview->idle = g_idle_add (update, preview);
}

void
fg_canvas_preview_set_visible (FgCanvasPreview *preview,
                               gboolean         visible)
{
  if (! preview)
    return;
  gimp_drawable_filter_set_visible (preview->filter, visible);
  gimp_displays_flush ();
}

gdouble
fg_canvas_preview_last_ms (FgCanvasPreview *preview)
{
  return preview ? preview->last_ms : 0.0;
}

void
fg_canvas_preview_free (FgCanvasPreview *preview)
{
  if (! preview)
    return;
  canvas_log ("free", 0.0);
  if (preview->idle)
    g_source_remove (preview->idle);
  if (gimp_drawable_filter_is_valid (preview->filter))
    gimp_drawable_filter_delete (preview->filter);
  gimp_image_undo_thaw (preview->image);
  gimp_displays_flush ();
  g_free (preview);
}
