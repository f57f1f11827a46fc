/* frequency_smooth_dialog.c — the "Frequency Smooth" dialog.
 *
 * The preview is the whole layer's result (frequency_smooth_preview.c),
 * computed on a worker thread that any newer change cancels.  Scrolling
 * the preview redraws from the kept result. */
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "canvas_preview.h"
#include "dialog_widgets.h"
#include "nde_filter.h"
#include "frequency_smooth_dialog.h"
#include "frequency_smooth_preview.h"
#include "frequency_smooth_settings.h"
#include "preview_drawing.h"
#include "preview_worker.h"
#include "spectrum_view.h"
#include "test_hooks.h"


typedef struct
{
  GimpProcedureConfig *config;
  FgCanvasPreview     *canvas;        /* the filter on the canvas, or NULL */
  FgRegion             region;        /* the selection's pixels, read once */
  const Babl          *u8_format;     /* the preview's 8-bit format, asked once */
  FsPreview           *computation;   /* worker thread only, once started */
  gboolean             spectrum_done;

  FgPreviewWorker     *worker;
  GtkWidget           *preview;
  GtkWidget           *spectrum;
  GtkWidget           *order;
  GtkWidget           *status;
  GtkWidget           *window;
  guchar              *result_u8;     /* newest finished preview, drawable layout */
  gboolean             result_current;
} Dialog;

/* Worker thread. */
static gpointer
compute (gpointer      request,
         GCancellable *cancellable,
         gpointer      data,
         GError      **error)
{
  Dialog *dialog = data;

  return fs_preview_compute (dialog->computation, request, cancellable, error);
}

/* What the dialog test does to the parameters: a coarser cutoff. */
static void
change_cutoff (gpointer data)
{
  Dialog *dialog = data;
  gdouble cutoff;

  g_object_get (dialog->config, fs_settings[FS_CUTOFF].name, &cutoff, NULL);
  g_object_set (dialog->config, fs_settings[FS_CUTOFF].name, cutoff * 1.5, NULL);
}

/* Main thread: the newest preview is ready. */
static void
preview_done (gpointer      data,
              const GError *error,
              gdouble       milliseconds,
              gpointer      user_data)
{
  FsPreviewResult *result = data;
  Dialog          *dialog = user_data;
  gchar           *time;
  gchar           *text;
  gdouble          change;

  if (! result)
    {
      gtk_label_set_text (GTK_LABEL (dialog->status),
                          error ? error->message : "Preview failed.");
      return;
    }
  g_free (dialog->result_u8);
  dialog->result_u8      = g_steal_pointer (&result->u8);
  dialog->result_current = TRUE;
  change = fg_preview_draw_region (GIMP_PREVIEW (dialog->preview), &dialog->region, dialog->u8_format,
                                   dialog->result_u8);

  if (result->spectrum)
    {
      fg_spectrum_view_set_spectrum (dialog->spectrum, result->spectrum,
                                     dialog->region.width, dialog->region.height);
      dialog->spectrum_done = TRUE;
    }

  time = fg_format_ms (milliseconds);
  text = g_strdup_printf ("Preview of the whole %d \xc3\x97 %d selection: %s",
                          dialog->region.width, dialog->region.height, time);
  gtk_label_set_text (GTK_LABEL (dialog->status), text);
  g_free (text);
  g_free (time);
  fg_test_preview_finished (dialog->window, "frequency-smooth", milliseconds, change,
                            change_cutoff, dialog);
}

static void
request_preview (Dialog *dialog)
{
  FsPreviewRequest *request;
  GError           *error = NULL;

  dialog->result_current = FALSE;
  if (! gimp_preview_get_update (GIMP_PREVIEW (dialog->preview)) && dialog->spectrum_done)
    return;
  request = g_new0 (FsPreviewRequest, 1);
  if (! fs_settings_to_params (G_OBJECT (dialog->config), &request->params, &error))
    {
      gtk_label_set_text (GTK_LABEL (dialog->status), error->message);
      g_error_free (error);
      g_free (request);
      return;
    }
  request->want_spectrum = ! dialog->spectrum_done;
  gtk_label_set_text (GTK_LABEL (dialog->status), "Computing preview\xe2\x80\xa6");
  fg_preview_worker_submit (dialog->worker, request);
}

/* Where GimpPreview would draw the unfiltered image: the last result. */
static gboolean
redraw_last (GimpPreview *preview,
             gpointer     data)
{
  Dialog *dialog = data;

  if (! dialog->result_u8)
    return FALSE;
  fg_preview_draw_region (preview, &dialog->region, dialog->u8_format, dialog->result_u8);
  return TRUE;
}

/* Scrolling, or the Preview toggle: redraw what we have, or compute. */
static void
preview_invalidated (GimpPreview *preview,
                     Dialog      *dialog)
{
  if (dialog->result_current && dialog->result_u8)
    fg_preview_draw_region (preview, &dialog->region, dialog->u8_format, dialog->result_u8);
  else if (! fg_preview_worker_busy (dialog->worker))
    request_preview (dialog);
}

static void
update_filter_widgets (Dialog *dialog)
{
  fg_smooth_params params;

  if (! fs_settings_to_params (G_OBJECT (dialog->config), &params, NULL))
    return;
  fg_spectrum_view_set_filter (dialog->spectrum, params.filter, params.order, params.cutoff);
  gtk_widget_set_sensitive (dialog->order, params.filter == FG_LOWPASS_BUTTERWORTH);
}

static void
config_changed (GObject    *config,
                GParamSpec *pspec,
                Dialog     *dialog)
{
  const gchar *name = g_param_spec_get_name (pspec);

  /* Output and spectrum layers do not change the preview. */
  for (gint i = 0; i < FS_N_FILTER_SETTINGS; i++)
    if (! g_strcmp0 (name, fs_settings[i].name))
      fg_canvas_preview_changed (dialog->canvas);
  if (! g_strcmp0 (name, fs_settings[FS_MERGE_FILTER].name)
      || ! g_strcmp0 (name, fs_settings[FS_OUTPUT].name)
      || ! g_strcmp0 (name, fs_settings[FS_SPECTRA].name))
    return;
  update_filter_widgets (dialog);
  request_preview (dialog);
}

gboolean
frequency_smooth_dialog (GimpProcedure       *procedure,
                         GimpProcedureConfig *config,
                         GimpDrawable        *drawable)
{
  Dialog     state = { 0 };
  Dialog    *dialog = &state;
  GtkWidget *window;
  GtkWidget *main_box, *controls, *filter_box, *output_box, *right;
  gboolean   empty;
  gboolean   run;
  GError    *error = NULL;

  state.config = config;
  if (! fg_region_read (drawable, &state.region, &empty, &error))
    {
      /* Nothing selected on this drawable, or no memory: run without a preview. */
      g_clear_error (&error);
      return TRUE;
    }
  state.u8_format   = fg_drawable_format (drawable, "u8");
  state.computation = fs_preview_new (&state.region, state.u8_format);
  state.worker = fg_preview_worker_new (compute, g_free, preview_done, fs_preview_result_free,
                                        FG_PREVIEW_DEBOUNCE_MS, dialog);

  window = gimp_procedure_dialog_new (procedure, config, "Frequency Smooth");
  state.window = window;
  /* The preview on the canvas, drawn by GIMP; without the GEGL module the
   * dialog's own preview alone, and the result is merged. */
  state.canvas = fg_canvas_preview_new (drawable, &fg_nde_frequency_smooth, G_OBJECT (config), &error);

  /* Left: the preview and its status line. */
  main_box = fg_dialog_layout_new (window, drawable, 40, &state.preview, &state.status);

  /* Middle: the parameters. */
  controls = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  filter_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_pack_start (GTK_BOX (filter_box), fg_setting_widget_new (config, &fs_settings[FS_FILTER]),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (filter_box), fg_setting_widget_new (config, &fs_settings[FS_CUTOFF]),
                      FALSE, FALSE, 0);
  state.order = fg_setting_widget_new (config, &fs_settings[FS_ORDER]);
  gtk_box_pack_start (GTK_BOX (filter_box), state.order, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (filter_box), fg_setting_widget_new (config, &fs_settings[FS_BOUNDARY]),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (controls), fg_frame_new ("Low-pass filter", filter_box),
                      FALSE, FALSE, 0);

  output_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_pack_start (GTK_BOX (output_box), fg_setting_widget_new (config, &fs_settings[FS_OUTPUT]),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (output_box), fg_setting_widget_new (config, &fs_settings[FS_SPECTRA]),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (output_box),
                      fg_canvas_controls_new (config, &fs_settings[FS_MERGE_FILTER], state.canvas,
                                              error ? error->message : NULL),
                      FALSE, FALSE, 0);
  g_clear_error (&error);
  gtk_box_pack_start (GTK_BOX (controls), fg_frame_new ("Output", output_box), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (main_box), controls, FALSE, FALSE, 0);

  /* Right: the spectrum with the filter over it. */
  right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  state.spectrum = fg_spectrum_view_new ();
  gtk_box_pack_start (GTK_BOX (right), fg_frame_new ("Spectrum and filter", state.spectrum),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (main_box), right, FALSE, FALSE, 0);

  gtk_widget_show_all (main_box);
  update_filter_widgets (dialog);

  fg_preview_keep_drawn (GIMP_PREVIEW (state.preview), redraw_last, dialog);
  g_signal_connect (state.preview, "invalidated", G_CALLBACK (preview_invalidated), dialog);
  g_signal_connect (config, "notify", G_CALLBACK (config_changed), dialog);
  request_preview (dialog);

  gtk_widget_show (window);
  run = gimp_procedure_dialog_run (GIMP_PROCEDURE_DIALOG (window));

  g_signal_handlers_disconnect_by_data (config, dialog);
  /* Always the dialog's own: the procedure writes pixels or appends its
   * filter afterwards, as in batch mode. */
  fg_canvas_preview_free (state.canvas);
  fg_preview_keep_drawn (GIMP_PREVIEW (state.preview), NULL, NULL);
  fg_preview_worker_free (state.worker);
  gtk_widget_destroy (window);
  fs_preview_free (state.computation);
  g_free (state.result_u8);
  fg_region_clear (&state.region);
  return run;
}
