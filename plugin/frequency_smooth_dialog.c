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
#include "test_hooks.h"
#include "i18n.h"

#include <string.h>

typedef struct
{
  FgFilterDialog       base;          /* computation: an FsPreview */
  gboolean             spectrum_done;
  GtkWidget           *spectrum;
  GtkWidget           *widgets[FS_N_FILTER_SETTINGS];   /* of the filter's settings */
  gchar               *detected;      /* periodic noise: the notches found, as a notch list */
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
  g_clear_pointer (&((Dialog *) base)->detected, g_free);
}

/* Worker thread. */
static gpointer
compute (gpointer request, GCancellable *cancellable, gpointer computation, GError **error)
{
  return fs_preview_compute (computation, request, cancellable, error);
}

/* A click on the spectrum: a notch there (with its twin), or, on a notch,
 * that notch removed.  Any other shape becomes the notch shape, periodic
 * noise with the notches it found. */
static void
spectrum_clicked (gdouble  fx,
                  gdouble  fy,
                  gdouble  resolution,
                  gpointer data)
{
  Dialog   *dialog = data;
  GObject  *config = G_OBJECT (dialog->base.config);
  FsFilter  filter;
  GError   *error = NULL;
  gchar    *text = NULL, *toggled = NULL;
  gdouble   reach;

  if (fs_settings_to_filter (config, &filter, &error))
    {
      if (filter.detect)
        text = g_strdup (dialog->detected ? dialog->detected : "");
      else if (filter.smooth.shape == FG_SHAPE_NOTCH)
        g_object_get (config, fs_settings[FS_NOTCHES].name, &text, NULL);
      else
        text = g_strdup ("");
      /* What the click reaches: the notch's radius, at least 4 screen pixels. */
      reach = filter.notch_radius > 0.0
                ? filter.notch_radius
                : fg_periodic_default_radius (dialog->base.region.width, dialog->base.region.height);
      toggled = fs_notches_toggle (text, filter.smooth.boundary, fx, fy, MAX (reach, 4 * resolution),
                                   &error);
    }
  if (toggled)
    g_object_set (config, fs_settings[FS_SHAPE].name, fg_setting_choice_by_value (&fs_settings[FS_SHAPE],
                                                                                   FG_SHAPE_NOTCH)->nick,
                  fs_settings[FS_NOTCHES].name, toggled, NULL);
  else
    g_message ("%s", error->message);
  g_clear_error (&error);
  g_free (text);
  g_free (toggled);
}

/* What the dialog test does to the parameters: a coarser cutoff, or the
 * clicks on the spectrum FREQGRAD_DIALOG_SPECTRUM_CLICKS lists. */
static void
change_cutoff (gpointer data)
{
  Dialog      *dialog = data;
  const gchar *clicks = fg_test_spectrum_clicks ();
  gdouble      cutoff;

  if (clicks)
    {
      gdouble numbers[FG_SETTING_MAX_NUMBERS];
      gint    count = 0;

      if (fg_setting_parse_numbers (&fs_settings[FS_NOTCHES], clicks, numbers, &count, NULL))
        for (gint i = 0; i < count; i += 2)
          fg_spectrum_view_click (dialog->spectrum, numbers[i], numbers[i + 1]);
      return;
    }
  g_object_get (dialog->base.config, fs_settings[FS_CUTOFF].name, &cutoff, NULL);
  g_object_set (dialog->base.config, fs_settings[FS_CUTOFF].name, cutoff * 1.5, NULL);
}

/* Periodic noise: the spectrum shows the notches the preview found. */
static void
show_notches_used (Dialog                *dialog,
                   const FsPreviewResult *result)
{
  FsFilter filter;

  gdouble  numbers[2 * FG_MAX_NOTCHES];

  if (! fs_settings_to_filter (G_OBJECT (dialog->base.config), &filter, NULL) || ! filter.detect)
    return;
  memcpy (filter.notches, result->notches, sizeof result->notches);
  filter.smooth.notch_count = result->notch_count;
  fg_spectrum_view_set_filter (dialog->spectrum, &filter.smooth, TRUE);
  for (gint i = 0; i < result->notch_count; i++)
    {
      numbers[2 * i]     = result->notches[i].fx;
      numbers[2 * i + 1] = result->notches[i].fy;
    }
  g_free (dialog->detected);
  dialog->detected = fg_setting_numbers_text (&fs_settings[FS_NOTCHES], numbers, 2 * result->notch_count);
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
  gtk_box_pack_start (GTK_BOX (controls), fg_frame_new (_("Frequency filter"), box), FALSE, FALSE, 0);
}

/* Right: the spectrum with the filter over it. */
static void
build_side (FgFilterDialog *base,
            GtkWidget      *main_box)
{
  Dialog    *dialog = (Dialog *) base;
  GtkWidget *right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  dialog->spectrum = fg_spectrum_view_new ();
  fg_spectrum_view_set_click (dialog->spectrum, spectrum_clicked, dialog);
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

