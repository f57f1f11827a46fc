/* frequency_smooth_dialog.c — the "Frequency Smooth" dialog.
 *
 * The preview is the whole layer's result (frequency_smooth_preview.c),
 * computed on a worker thread that any newer change cancels; the dialog's
 * lifecycle is filter_dialog.c's.  Scrolling the preview redraws from the
 * kept result. */
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "dialog_widgets.h"
#include "filter_dialog.h"
#include "frequency_smooth_dialog.h"
#include "frequency_smooth_preview.h"
#include "frequency_smooth_settings.h"
#include "spectrum_view.h"
#include "i18n.h"

typedef struct
{
  FgFilterDialog       base;          /* computation: an FsPreview */
  gboolean             spectrum_done;
  GtkWidget           *spectrum;
  GtkWidget           *order;
} Dialog;

static void
preview_open (FgFilterDialog *base)
{
  base->computation = fs_preview_new (&base->region, base->u8_format);
}

static void
preview_close (FgFilterDialog *base)
{
  fs_preview_free (base->computation);
}

/* Worker thread. */
static gpointer
compute (gpointer request, GCancellable *cancellable, gpointer computation, GError **error)
{
  return fs_preview_compute (computation, request, cancellable, error);
}

/* What the dialog test does to the parameters: a coarser cutoff. */
static void
change_cutoff (gpointer data)
{
  Dialog *dialog = data;
  gdouble cutoff;

  g_object_get (dialog->base.config, fs_settings[FS_CUTOFF].name, &cutoff, NULL);
  g_object_set (dialog->base.config, fs_settings[FS_CUTOFF].name, cutoff * 1.5, NULL);
}

/* Main thread: the newest preview is ready. */
static void
preview_done (FgFilterDialog *base,
              gpointer        data,
              gdouble         milliseconds)
{
  FsPreviewResult *result = data;
  Dialog          *dialog = (Dialog *) base;
  gchar           *text;
  gdouble          change;

  change = fg_filter_dialog_show (base, &base->region, g_steal_pointer (&result->u8));
  if (result->spectrum)
    {
      fg_spectrum_view_set_spectrum (dialog->spectrum, result->spectrum,
                                     base->region.width, base->region.height);
      dialog->spectrum_done = TRUE;
    }
  text = g_strdup_printf (_("Preview of the whole %d \xc3\x97 %d layer: "),
                          base->region.width, base->region.height);
  fg_filter_dialog_report (base, milliseconds, change, text, "");
  g_free (text);
}

/* Without the Preview toggle, only the first request, for the spectrum. */
static gpointer
request_preview (FgFilterDialog *base,
                 gboolean        update,
                 GError        **error)
{
  Dialog           *dialog = (Dialog *) base;
  FsPreviewRequest *request;

  if (! update && dialog->spectrum_done)
    return NULL;
  request = g_new0 (FsPreviewRequest, 1);
  if (! fs_settings_to_params (G_OBJECT (base->config), &request->params, error))
    {
      g_free (request);
      return NULL;
    }
  request->want_spectrum = ! dialog->spectrum_done;
  return request;
}

static void
update_filter_widgets (FgFilterDialog *base)
{
  Dialog          *dialog = (Dialog *) base;
  fg_smooth_params params;

  if (! fs_settings_to_params (G_OBJECT (base->config), &params, NULL))
    return;
  fg_spectrum_view_set_filter (dialog->spectrum, params.filter, params.order, params.cutoff);
  gtk_widget_set_sensitive (dialog->order, params.filter == FG_LOWPASS_BUTTERWORTH);
}

/* Middle: the low-pass filter's parameters. */
static void
build (FgFilterDialog *base,
       GtkWidget      *controls)
{
  Dialog    *dialog = (Dialog *) base;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_box_pack_start (GTK_BOX (box), fg_setting_widget_new (base->config, &fs_settings[FS_FILTER]),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), fg_setting_widget_new (base->config, &fs_settings[FS_CUTOFF]),
                      FALSE, FALSE, 0);
  dialog->order = fg_setting_widget_new (base->config, &fs_settings[FS_ORDER]);
  gtk_box_pack_start (GTK_BOX (box), dialog->order, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), fg_setting_widget_new (base->config, &fs_settings[FS_BOUNDARY]),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (controls), fg_frame_new (_("Low-pass filter"), box), FALSE, FALSE, 0);
}

/* Right: the spectrum with the filter over it. */
static void
build_side (FgFilterDialog *base,
            GtkWidget      *main_box)
{
  Dialog    *dialog = (Dialog *) base;
  GtkWidget *right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  dialog->spectrum = fg_spectrum_view_new ();
  gtk_box_pack_start (GTK_BOX (right), fg_frame_new (_("Spectrum and filter"), dialog->spectrum),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (main_box), right, FALSE, FALSE, 0);
}

const FgFilterDialogClass fg_frequency_smooth_dialog = {
  .op              = &fg_nde_frequency_smooth,
  .size            = sizeof (Dialog),
  .status_chars    = 40,
  .open            = preview_open,
  .close           = preview_close,
  .compute         = compute,
  .result_free     = fs_preview_result_free,
  .build           = build,
  .build_side      = build_side,
  .update          = update_filter_widgets,
  .request         = request_preview,
  .done            = preview_done,
  .change_for_test = change_cutoff,
};

