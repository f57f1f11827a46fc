/* filter_dialog.c — the lifecycle both filter dialogs share (see
 * filter_dialog.h); what differs between them comes from their class. */
#include <string.h>

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "dialog_widgets.h"
#include "filter_dialog.h"
#include "preview_drawing.h"
#include "test_hooks.h"
#include "i18n.h"

/* Worker thread. */
static gpointer
compute (gpointer      request,
         GCancellable *cancellable,
         gpointer      data,
         GError      **error)
{
  FgFilterDialog *dialog = data;

  return dialog->klass->compute (request, cancellable, dialog->computation, error);
}

/* Main thread: the newest preview is ready. */
static void
preview_done (gpointer      result,
              const GError *error,
              gdouble       milliseconds,
              gpointer      data)
{
  FgFilterDialog *dialog = data;

  if (! result)
    {
      gtk_label_set_text (GTK_LABEL (dialog->status), error ? error->message : _("Preview failed."));
      return;
    }
  dialog->klass->done (dialog, result, milliseconds);
}

void
fg_filter_dialog_request (FgFilterDialog *dialog)
{
  GimpPreview *preview = GIMP_PREVIEW (dialog->preview);
  GdkRectangle view;
  gpointer     request;
  GError      *error = NULL;

  dialog->shown_current = FALSE;
  gimp_preview_get_position (preview, &view.x, &view.y);
  gimp_preview_get_size (preview, &view.width, &view.height);
  request = dialog->klass->request (dialog, gimp_preview_get_update (preview), &error);
  if (! request)
    {
      if (error)
        gtk_label_set_text (GTK_LABEL (dialog->status), error->message);
      else if (dialog->canvas)
        gtk_label_set_text (GTK_LABEL (dialog->status),
                            _("The preview is on the canvas; tick Preview to see it here too."));
      if (! error)   /* nothing to compute: as far as the test hooks go, a preview round */
        fg_test_preview_finished (dialog->window, strchr (dialog->klass->op->operation, ':') + 1,
                                  0.0, 0.0, dialog->klass->change_for_test, dialog);
      g_clear_error (&error);
      return;
    }
  dialog->requested = view;
  gtk_label_set_text (GTK_LABEL (dialog->status), _("Computing preview\xe2\x80\xa6"));
  fg_preview_worker_submit (dialog->worker, request);
}

gdouble
fg_filter_dialog_show (FgFilterDialog *dialog,
                       const FgRegion *shown,
                       guchar         *u8)
{
  g_free (dialog->shown_u8);
  dialog->shown_u8      = u8;
  dialog->shown         = *shown;
  dialog->shown_current = TRUE;
  return fg_preview_draw_region (GIMP_PREVIEW (dialog->preview), &dialog->shown, dialog->u8_format,
                                 dialog->shown_u8);
}

void
fg_filter_dialog_report (FgFilterDialog *dialog,
                         gdouble         milliseconds,
                         gdouble         change,
                         const gchar    *before,
                         const gchar    *after)
{
  /* The test log names the dialog by its operation, without "freqgrad:". */
  const gchar *name = strchr (dialog->klass->op->operation, ':') + 1;
  gchar       *time = fg_format_ms (milliseconds);
  gchar       *text = g_strconcat (before, time, after, NULL);

  gtk_label_set_text (GTK_LABEL (dialog->status), text);
  g_free (text);
  g_free (time);
  fg_test_preview_finished (dialog->window, name, milliseconds, change,
                            dialog->klass->change_for_test, dialog);
}

static gboolean
covers_view (FgFilterDialog *dialog)
{
  return ! dialog->klass->covers_view || dialog->klass->covers_view (dialog);
}

/* Where GimpPreview would draw the unfiltered image: the last result (the
 * unfiltered image only where the view has left a crop). */
static gboolean
redraw_last (GimpPreview *preview,
             gpointer     data)
{
  FgFilterDialog *dialog = data;

  if (! dialog->shown_u8)
    return FALSE;
  fg_preview_draw_region (preview, &dialog->shown, dialog->u8_format, dialog->shown_u8);
  return TRUE;
}

/* Scrolling, or the Preview toggle: redraw what we have, or compute. */
static void
preview_invalidated (GimpPreview    *preview,
                     FgFilterDialog *dialog)
{
  GdkRectangle view;

  gimp_preview_get_position (preview, &view.x, &view.y);
  gimp_preview_get_size (preview, &view.width, &view.height);
  if (dialog->shown_current && dialog->shown_u8 && covers_view (dialog))
    fg_preview_draw_region (preview, &dialog->shown, dialog->u8_format, dialog->shown_u8);
  else if (! fg_preview_worker_busy (dialog->worker)
           || (dialog->klass->covers_view && ! gdk_rectangle_equal (&view, &dialog->requested)))
    fg_filter_dialog_request (dialog);   /* not when the one under way is for this view */
}

static void
config_changed (GObject        *config,
                GParamSpec     *pspec,
                FgFilterDialog *dialog)
{
  const FgNdeOperation *op = dialog->klass->op;
  const gchar          *name = g_param_spec_get_name (pspec);

  for (gint i = 0; i < op->count; i++)
    if (! g_strcmp0 (name, op->settings[i].name))
      fg_canvas_preview_changed (dialog->canvas);
  /* Output, extra layers and merge-filter do not change the preview. */
  for (gint i = 0; i < FG_RUN_N_SETTINGS; i++)
    if (! g_strcmp0 (name, fg_nde_run_setting (op, i)->name))
      return;
  dialog->klass->update (dialog);
  fg_filter_dialog_request (dialog);
}

/* The output choice, the extra layers and merge-filter, in a frame. */
static GtkWidget *
output_frame_new (FgFilterDialog *dialog,
                  const gchar    *why_no_canvas)
{
  const FgNdeOperation *op     = dialog->klass->op;
  const FgSetting      *output = fg_nde_run_setting (op, FG_RUN_OUTPUT);
  const FgSetting      *extra  = fg_nde_run_setting (op, FG_RUN_EXTRA_LAYERS);
  const FgSetting      *merge  = fg_nde_run_setting (op, FG_RUN_MERGE_FILTER);
  GtkWidget            *box    = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_box_pack_start (GTK_BOX (box), fg_setting_widget_new (dialog->config, output),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), fg_setting_widget_new (dialog->config, extra),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box),
                      fg_canvas_controls_new (dialog->config, merge, dialog->canvas, why_no_canvas),
                      FALSE, FALSE, 0);
  return fg_frame_new (_("Output"), box);
}

gboolean
fg_filter_dialog_run (const FgFilterDialogClass *klass,
                      GimpProcedure             *procedure,
                      GimpProcedureConfig       *config,
                      GimpDrawable              *drawable)
{
  FgFilterDialog *dialog = g_malloc0 (klass->size);
  GtkWidget      *main_box, *controls;
  gboolean        empty;
  gboolean        run;
  GError         *error = NULL;

  dialog->klass  = klass;
  dialog->config = config;
  if (! fg_region_read (drawable, &dialog->region, &empty, &error))
    {
      /* Nothing selected on this drawable, or no memory: run without a preview. */
      g_clear_error (&error);
      g_free (dialog);
      return TRUE;
    }
  dialog->u8_format   = fg_drawable_format (drawable, "u8");
  klass->open (dialog);
  dialog->worker = fg_preview_worker_new (compute, g_free, preview_done, klass->result_free,
                                          FG_PREVIEW_DEBOUNCE_MS, dialog);

  dialog->window = gimp_procedure_dialog_new (procedure, config, _(klass->op->title));
  /* The preview on the canvas, drawn by GIMP; without the GEGL module the
   * dialog's own preview alone, and the result is merged. */
  dialog->canvas = fg_canvas_preview_new (drawable, klass->op, G_OBJECT (config), &error);

  /* Left: the preview and its status line; then the parameters. */
  main_box = fg_dialog_layout_new (dialog->window, drawable, klass->status_chars,
                                   &dialog->preview, &dialog->status);
  controls = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  klass->build (dialog, controls);
  gtk_box_pack_start (GTK_BOX (controls), output_frame_new (dialog, error ? error->message : NULL),
                      FALSE, FALSE, 0);
  g_clear_error (&error);
  gtk_box_pack_start (GTK_BOX (main_box), controls, FALSE, FALSE, 0);
  if (klass->build_side)
    klass->build_side (dialog, main_box);

  gtk_widget_show_all (main_box);
  klass->update (dialog);
  /* With the filter on the canvas, GIMP's canvas is the preview: the
   * dialog's own starts switched off (its Preview toggle), so that the two
   * do not compute at once on the same cores; ticking it brings it back. */
  if (dialog->canvas && ! fg_test_dialog_preview ())
    gimp_preview_set_update (GIMP_PREVIEW (dialog->preview), FALSE);

  fg_preview_keep_drawn (GIMP_PREVIEW (dialog->preview), redraw_last, dialog);
  g_signal_connect (dialog->preview, "invalidated", G_CALLBACK (preview_invalidated), dialog);
  g_signal_connect (config, "notify", G_CALLBACK (config_changed), dialog);

  gtk_widget_show (dialog->window);
  fg_filter_dialog_request (dialog);
  run = gimp_procedure_dialog_run (GIMP_PROCEDURE_DIALOG (dialog->window));

  g_signal_handlers_disconnect_by_data (config, dialog);
  /* Always the dialog's own: the procedure writes pixels or appends its
   * filter afterwards, as in batch mode. */
  fg_canvas_preview_free (dialog->canvas);
  fg_preview_keep_drawn (GIMP_PREVIEW (dialog->preview), NULL, NULL);
  fg_preview_worker_free (dialog->worker);
  gtk_widget_destroy (dialog->window);
  klass->close (dialog);
  g_free (dialog->shown_u8);
  fg_region_clear (&dialog->region);
  g_free (dialog);
  return run;
}
