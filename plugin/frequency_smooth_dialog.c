/* frequency_smooth_dialog.c — the "Frequency Smooth" dialog.
 *
 * The filter is global: every output pixel depends on the whole selection.
 * So the preview computes the whole selection, exactly as OK will: the
 * forward transform is made once (again only if the boundary changes) and
 * kept, so a parameter change costs one mask and one inverse transform, on
 * a worker thread, cancelled by any newer change.  Scrolling the preview
 * redraws from the kept result. */
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "preview.h"
#include "preview_worker.h"
#include "procedures.h"
#include "spectrum_view.h"


typedef struct
{
  GimpProcedureConfig *config;
  FgRegion             region;        /* the selection's pixels, read once */
  const Babl          *u8_format;     /* the preview's 8-bit format, asked once */
  fg_image             in;
  fg_fft_context      *fft;

  /* Worker-thread state (one computation at a time). */
  fg_smooth_prepared  *prepared;
  fg_boundary          prepared_boundary;
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

typedef struct
{
  fg_smooth_params params;
  gboolean         want_spectrum;
} Request;

typedef struct
{
  guchar *u8;
  gfloat *spectrum;
} Result;

static void
result_free (gpointer data)
{
  Result *result = data;

  g_free (result->u8);
  g_free (result->spectrum);
  g_free (result);
}

static gboolean
set_core_error (fg_status  status,
                fg_error  *core_error,
                GError   **error)
{
  if (status == FG_OK || status == FG_ERR_CANCELLED)
    return status == FG_OK;
  g_set_error (error, GIMP_PLUG_IN_ERROR, 0, "%s", core_error->message);
  return FALSE;
}

/* Worker thread. */
static gpointer
compute_preview (gpointer      data,
                 GCancellable *cancellable,
                 gpointer      user_data,
                 GError      **error)
{
  Request         *request = data;
  Dialog          *dialog  = user_data;
  fg_smooth_params params  = request->params;
  fg_error         core_error;
  gfloat          *out;
  fg_image         out_view;
  Result          *result;

  if (! dialog->prepared || dialog->prepared_boundary != params.boundary)
    {
      g_clear_pointer (&dialog->prepared, fg_smooth_prepared_free);
      if (! set_core_error (fg_smooth_prepare (dialog->fft, &dialog->in, params.boundary, 0,
                                               &dialog->prepared, &core_error),
                            &core_error, error))
        return NULL;
      dialog->prepared_boundary = params.boundary;
    }
  if (g_cancellable_is_cancelled (cancellable))
    return NULL;

  out = g_try_malloc ((gsize) dialog->region.width * dialog->region.height
                      * dialog->region.channels * sizeof (gfloat));
  if (! out)
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0, "Not enough memory for the preview.");
      return NULL;
    }
  out_view = fg_region_view (&dialog->region, out);
  params.progress      = fg_preview_cancelled;
  params.progress_data = cancellable;
  if (! set_core_error (fg_smooth_apply (dialog->prepared, &params, &out_view, &core_error),
                        &core_error, error))
    {
      g_free (out);
      return NULL;
    }

  result = g_new0 (Result, 1);
  result->u8 = fg_region_to_u8 (&dialog->region, dialog->u8_format, out);
  g_free (out);

  if (request->want_spectrum)
    {
      gfloat  *spectrum = g_try_malloc ((gsize) dialog->region.width * dialog->region.height
                                        * sizeof (gfloat));
      fg_image view;

      if (spectrum)
        {
          view = fg_image_make (spectrum, dialog->region.width, dialog->region.height, 1, 0);
          if (fg_frequency_spectra (dialog->fft, &dialog->in, &params, &view, NULL, NULL,
                                    &core_error) == FG_OK)
            result->spectrum = spectrum;
          else
            g_free (spectrum);
        }
    }
  if (! result->u8)
    {
      result_free (result);
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0, "Not enough memory for the preview.");
      return NULL;
    }
  return result;
}

/* What the dialog test does to the parameters: a coarser cutoff. */
static void
change_cutoff (gpointer data)
{
  Dialog *dialog = data;
  gdouble cutoff;

  g_object_get (dialog->config, "cutoff", &cutoff, NULL);
  g_object_set (dialog->config, "cutoff", cutoff * 1.5, NULL);
}

/* Main thread: the newest preview is ready. */
static void
preview_done (gpointer      data,
              const GError *error,
              gdouble       milliseconds,
              gpointer      user_data)
{
  Result *result = data;
  Dialog *dialog = user_data;
  gchar  *time;
  gchar  *text;
  gdouble change;

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
  fg_dialog_test_hook (dialog->window, "frequency-smooth", milliseconds, change,
                       change_cutoff, dialog);
}

static void
request_preview (Dialog *dialog)
{
  Request *request;
  GError  *error = NULL;

  dialog->result_current = FALSE;
  if (! gimp_preview_get_update (GIMP_PREVIEW (dialog->preview)) && dialog->spectrum_done)
    return;
  request = g_new0 (Request, 1);
  if (! fs_config_to_params (dialog->config, &request->params, &error))
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

  if (! fs_config_to_params (dialog->config, &params, NULL))
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
  if (! g_strcmp0 (name, "output") || ! g_strcmp0 (name, "spectra"))
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
  GtkWidget *cutoff;
  gboolean   empty;
  gboolean   run;
  GError    *error = NULL;

  gimp_ui_init (PLUG_IN_BINARY);

  state.config = config;
  if (! fg_region_read (drawable, &state.region, &empty, &error))
    {
      /* Nothing selected on this drawable, or no memory: run without a preview. */
      g_clear_error (&error);
      return TRUE;
    }
  state.u8_format = fg_preview_format (drawable);
  state.in  = fg_region_view (&state.region, state.region.pixels);
  state.fft = fg_fft_context_new ();
  state.worker = fg_preview_worker_new (compute_preview, g_free, preview_done, result_free,
                                        FG_PREVIEW_DEBOUNCE_MS, dialog);

  window = gimp_procedure_dialog_new (procedure, config, "Frequency Smooth");
  state.window = window;

  /* Left: the preview and its status line. */
  main_box = fg_dialog_layout_new (window, drawable, 40, &state.preview, &state.status);

  /* Middle: the parameters. */
  controls = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  filter_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_pack_start (GTK_BOX (filter_box), fg_choice_combo_new (config, "filter", fs_filter_items),
                      FALSE, FALSE, 0);
  cutoff = gimp_procedure_dialog_get_scale_entry (GIMP_PROCEDURE_DIALOG (window), "cutoff", 1.0);
  gimp_scale_entry_set_bounds (GIMP_SCALE_ENTRY (cutoff), 1.0, 256.0, FALSE);
  gimp_scale_entry_set_logarithmic (GIMP_SCALE_ENTRY (cutoff), TRUE);
  gimp_label_spin_set_digits (GIMP_LABEL_SPIN (cutoff), 1);
  gtk_box_pack_start (GTK_BOX (filter_box), cutoff, FALSE, FALSE, 0);
  state.order = gimp_procedure_dialog_get_scale_entry (GIMP_PROCEDURE_DIALOG (window), "order", 1.0);
  gtk_box_pack_start (GTK_BOX (filter_box), state.order, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (filter_box), fg_choice_combo_new (config, "boundary", fs_boundary_items),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (controls), fg_frame_new ("Low-pass filter", filter_box),
                      FALSE, FALSE, 0);

  output_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_pack_start (GTK_BOX (output_box), fg_choice_combo_new (config, "output", fs_output_items),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (output_box), fg_choice_combo_new (config, "spectra", fs_spectra_items),
                      FALSE, FALSE, 0);
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

  g_signal_connect (state.preview, "invalidated", G_CALLBACK (preview_invalidated), dialog);
  g_signal_connect (config, "notify", G_CALLBACK (config_changed), dialog);
  request_preview (dialog);

  gtk_widget_show (window);
  run = gimp_procedure_dialog_run (GIMP_PROCEDURE_DIALOG (window));

  g_signal_handlers_disconnect_by_data (config, dialog);
  fg_preview_worker_free (state.worker);
  gtk_widget_destroy (window);
  g_clear_pointer (&state.prepared, fg_smooth_prepared_free);
  fg_fft_context_free (state.fft);
  g_free (state.result_u8);
  fg_region_clear (&state.region);
  return run;
}
