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

#include <string.h>

typedef struct
{
  FgFilterDialog       base;          /* computation: an FsPreview */
  gboolean             spectrum_done;
  GtkWidget           *spectrum;
  GtkWidget           *widgets[FS_N_FILTER_SETTINGS];   /* of the filter's settings */
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

/* Periodic noise: the spectrum shows the notches the preview found. */
static void
show_notches_used (Dialog                *dialog,
                   const FsPreviewResult *result)
{
  FsFilter filter;

  if (! fs_settings_to_filter (G_OBJECT (dialog->base.config), &filter, NULL) || ! filter.detect)
    return;
  memcpy (filter.notches, result->notches, sizeof result->notches);
  filter.smooth.notch_count = result->notch_count;
  fg_spectrum_view_set_filter (dialog->spectrum, &filter.smooth, TRUE);
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
  show_notches_used (dialog, result);
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
  if (! fs_settings_to_filter (G_OBJECT (base->config), &request->filter, error))
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
  FsFilter         filter;

  if (! fs_settings_to_filter (G_OBJECT (base->config), &filter, NULL))
    return;
  fs_filter_set_size (&filter, base->region.width, base->region.height);
  /* Periodic noise: the notches found come with the preview (show_notches_used). */
  if (! filter.detect)
    fg_spectrum_view_set_filter (dialog->spectrum, &filter.smooth, FALSE);
  for (gint i = 0; i < FS_N_FILTER_SETTINGS; i++)
    gtk_widget_set_sensitive (dialog->widgets[i],
                              fg_setting_sensitive (&fs_settings[i], G_OBJECT (base->config)));
}

/* Middle: the filter's parameters, in the declaration's order but the shape first. */
static void
build (FgFilterDialog *base,
       GtkWidget      *controls)
{
  static const FsSettingId order[FS_N_FILTER_SETTINGS] = {
    FS_SHAPE, FS_FILTER, FS_ORDER, FS_CUTOFF, FS_BAND_PERIOD, FS_NOTCHES, FS_NOTCH_RADIUS,
    FS_SENSITIVITY, FS_HARMONICS, FS_BOUNDARY
  };
  Dialog    *dialog = (Dialog *) base;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  for (gint i = 0; i < FS_N_FILTER_SETTINGS; i++)
    {
      dialog->widgets[order[i]] = fg_setting_widget_new (base->config, &fs_settings[order[i]]);
      gtk_box_pack_start (GTK_BOX (box), dialog->widgets[order[i]], FALSE, FALSE, 0);
    }
  gtk_box_pack_start (GTK_BOX (controls), fg_frame_new (_("Filter"), box), FALSE, FALSE, 0);
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

