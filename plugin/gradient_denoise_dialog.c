/* gradient_denoise_dialog.c — the "Gradient Denoise" dialog.
 *
 * The preview is a crop around the visible area (gradient_denoise_preview.c),
 * computed on a worker thread that any newer change cancels; the dialog's
 * lifecycle is filter_dialog.c's.  With a tolerance > 0 on a crop the status
 * line says it is approximate. */
#include <math.h>

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "dialog_widgets.h"
#include "filter_dialog.h"
#include "gradient_denoise_dialog.h"
#include "gradient_denoise_preview.h"
#include "gradient_denoise_settings.h"
#include "test_hooks.h"
#include "i18n.h"

#define PLOT_WIDTH   240
#define PLOT_HEIGHT  90

/* The settings under "Advanced", in their order there. */
static const GdSettingId advanced_settings[] = {
  GD_EPSILON, GD_SOLVER, GD_MAX_ITERATIONS, GD_STOP_RULE, GD_TOLERANCE, GD_STEP
};

typedef struct
{
  FgFilterDialog       base;          /* computation: a GdPreview; shown: a crop */
  gint                 margin;        /* the shown crop's, beyond the view it was for */
  GArray              *energies;      /* gdouble per iteration, for the plot */
  GtkWidget           *noise_label;
  GtkWidget           *plot;
  GtkWidget           *strength;
  GtkWidget           *auto_chroma;
  GtkWidget           *chroma_strength;
} Dialog;

static void
preview_open (FgFilterDialog *base)
{
  base->computation = gd_preview_new (&base->region, base->u8_format);
}

static void
preview_close (FgFilterDialog *base)
{
  Dialog *dialog = (Dialog *) base;

  if (dialog->energies)
    g_array_unref (dialog->energies);
  gd_preview_free (base->computation);
}

/* Worker thread. */
static gpointer
compute (gpointer request, GCancellable *cancellable, gpointer computation, GError **error)
{
  return gd_preview_compute (computation, request, cancellable, error);
}

static gboolean
draw_plot (GtkWidget *widget,
           cairo_t   *cr,
           Dialog    *dialog)
{
  GArray *e = dialog->energies;
  gint    width  = gtk_widget_get_allocated_width (widget);
  gint    height = gtk_widget_get_allocated_height (widget);
  gdouble low, high;

  cairo_set_source_rgb (cr, 0.12, 0.12, 0.12);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
  cairo_set_font_size (cr, 10.0);
  cairo_move_to (cr, 6, 13);
  cairo_show_text (cr, "energy per iteration (preview)");
  if (! e || e->len < 2)
    return TRUE;

  /* Plot log(E - E_min + small) so the tail of the convergence shows. */
  low = high = g_array_index (e, gdouble, 0);
  for (guint i = 0; i < e->len; i++)
    {
      low  = MIN (low, g_array_index (e, gdouble, i));
      high = MAX (high, g_array_index (e, gdouble, i));
    }
  if (high <= low)
    high = low + 1e-12;

  cairo_set_source_rgb (cr, 0.35, 0.75, 1.0);
  cairo_set_line_width (cr, 1.5);
  for (guint i = 0; i < e->len; i++)
    {
      gdouble v  = (g_array_index (e, gdouble, i) - low) / (high - low);
      gdouble lv = log10 (v + 1e-4) / 4.0 + 1.0;         /* 1e-4..1 -> 0..1 */
      gdouble px = 4 + (width - 8) * (gdouble) i / (e->len - 1);
      gdouble py = height - 4 - (height - 22) * CLAMP (lv, 0.0, 1.0);

      if (i == 0)
        cairo_move_to (cr, px, py);
      else
        cairo_line_to (cr, px, py);
    }
  cairo_stroke (cr);
  return TRUE;
}

/* What the dialog test does to the parameters, as a user would: untick
 * automatic strength (logging the strength the field then starts from, and
 * the automatic value it should be), then a stronger strength. */
static void
change_strength (gpointer data)
{
  Dialog           *dialog = data;
  GObject          *config = G_OBJECT (dialog->base.config);
  fg_denoise_params params;
  gdouble           lambda;

  if (! gd_settings_to_params (config, &params, NULL))
    return;
  if (params.auto_strength)
    {
      gdouble automatic = gd_preview_auto_lambda (dialog->base.computation, &params);

      g_object_set (config, gd_settings[GD_AUTO_STRENGTH].name, FALSE, NULL);
      g_object_get (config, gd_settings[GD_STRENGTH].name, &lambda, NULL);
      fg_test_log_value ("gradient-denoise", "manual-strength-start", lambda, automatic);
    }
  else
    lambda = params.lambda;
  g_object_set (config, gd_settings[GD_STRENGTH].name, MAX (lambda, 0.01) * 1.5, NULL);
}

/* Whether a crop still holds the visible area with its margin: the preview
 * may have been resized or scrolled since it was requested. */
static gboolean
crop_covers (FgFilterDialog *base,
             const FgRegion *crop,
             gint            margin)
{
  gint x, y, width, height;

  gimp_preview_get_position (GIMP_PREVIEW (base->preview), &x, &y);
  gimp_preview_get_size (GIMP_PREVIEW (base->preview), &width, &height);
  return gd_preview_crop_covers (base->computation, crop, margin, x, y, width, height);
}

static gboolean
shown_covers_view (FgFilterDialog *base)
{
  return crop_covers (base, &base->shown, ((Dialog *) base)->margin);
}

/* Main thread: the newest preview is ready. */
static void
preview_done (FgFilterDialog *base,
              gpointer        data,
              gdouble         milliseconds)
{
  GdPreviewResult *result = data;
  Dialog          *dialog = (Dialog *) base;
  gchar           *text;
  gboolean         whole;
  gdouble          tolerance = 0.0;
  gdouble          change;

  if (! crop_covers (base, &result->crop, result->margin))
    {
      fg_filter_dialog_request (base);  /* the view moved meanwhile: near its edges this is inexact */
      return;
    }
  dialog->margin = result->margin;
  if (dialog->energies)
    g_array_unref (dialog->energies);
  dialog->energies = g_array_ref (result->energies);
  change = fg_filter_dialog_show (base, &result->crop, g_steal_pointer (&result->u8));
  gtk_widget_queue_draw (dialog->plot);

  whole = base->shown.width == base->region.width && base->shown.height == base->region.height;
  g_object_get (base->config, gd_settings[GD_TOLERANCE].name, &tolerance, NULL);
  if (isfinite (result->report.lambda_chroma))
    text = g_strdup_printf (_("Preview: %d iterations%s, strength %.4g, color strength %.4g, "),
                            result->report.iterations,
                            result->report.converged ? _(" (converged)") : "",
                            result->report.lambda, result->report.lambda_chroma);
  else
    text = g_strdup_printf (_("Preview: %d iterations%s, strength %.4g, "),
                            result->report.iterations,
                            result->report.converged ? _(" (converged)") : "",
                            result->report.lambda);
  fg_filter_dialog_report (base, milliseconds, change, text,
                           (! whole && tolerance > 0.0)
                             ? _("\nApproximate: early stopping is judged on the visible area and its margin.") : "");
  g_free (text);
}

/* The noise estimate and the strength.  While automatic strength is on,
 * the (insensitive) strength field follows the automatic value, so that it
 * shows the strength used and unticking starts the manual strength from it
 * rather than from whatever number was left there.  Settings loaded with
 * automatic strength off keep their strength. */
static void
update_strength (FgFilterDialog *base)
{
  Dialog           *dialog = (Dialog *) base;
  const FgSetting  *strength = &gd_settings[GD_STRENGTH];
  const FgSetting  *chroma_strength = &gd_settings[GD_CHROMA_STRENGTH];
  fg_denoise_params params;
  gdouble           automatic, automatic_chroma;
  gboolean          luma_chroma;
  gchar            *text;

  if (! gd_settings_to_params (G_OBJECT (base->config), &params, NULL))
    return;
  automatic = gd_preview_auto_lambda (base->computation, &params);
  automatic_chroma = gd_preview_auto_lambda_chroma (base->computation, &params);
  luma_chroma = isfinite (automatic_chroma);   /* luma-chroma on an RGB layer */
  gtk_widget_set_sensitive (dialog->strength, ! params.auto_strength);
  gtk_widget_set_sensitive (dialog->auto_chroma, luma_chroma);
  gtk_widget_set_sensitive (dialog->chroma_strength, luma_chroma && ! params.auto_chroma_strength);
  if (luma_chroma)
    text = g_strdup_printf (_("Estimated noise \xcf\x83 = %.2f / 255 \xe2\x86\x92 "
                              "automatic strength %.4g\n"
                              "Color noise \xcf\x83 = %.2f / 255 \xe2\x86\x92 "
                              "automatic color strength %.4g"),
                            gd_preview_sigma (base->computation) * 255.0, automatic,
                            gd_preview_sigma_chroma (base->computation) * 255.0, automatic_chroma);
  else
    text = g_strdup_printf (_("Estimated noise \xcf\x83 = %.2f / 255 \xe2\x86\x92 "
                              "automatic strength %.4g"),
                            gd_preview_sigma (base->computation) * 255.0, automatic);
  gtk_label_set_text (GTK_LABEL (dialog->noise_label), text);
  g_free (text);

  automatic = CLAMP (automatic, strength->minimum, strength->maximum);
  if (params.auto_strength && isfinite (automatic) && automatic != params.lambda)
    g_object_set (base->config, strength->name, automatic, NULL);   /* notifies again, then equal */
  automatic_chroma = CLAMP (automatic_chroma, chroma_strength->minimum, chroma_strength->maximum);
  if (luma_chroma && params.auto_chroma_strength && isfinite (automatic_chroma)
      && automatic_chroma != params.lambda_chroma)
    g_object_set (base->config, chroma_strength->name, automatic_chroma, NULL);
}

/* A crop around the view (the Preview toggle off: none). */
static gpointer
request_preview (FgFilterDialog *base,
                 gboolean        update,
                 GError        **error)
{
  fg_denoise_params params;
  gint              x, y, width, height;

  if (! update)
    return NULL;
  if (! gd_settings_to_params (G_OBJECT (base->config), &params, error))
    return NULL;
  gimp_preview_get_position (GIMP_PREVIEW (base->preview), &x, &y);
  gimp_preview_get_size (GIMP_PREVIEW (base->preview), &width, &height);
  return gd_preview_request (base->computation, &params, x, y, width, height);
}

/* Middle: the model, then the solver under "Advanced" with the energy plot. */
static void
build (FgFilterDialog *base,
       GtkWidget      *controls)
{
  Dialog              *dialog = (Dialog *) base;
  GimpProcedureConfig *config = base->config;
  GtkWidget           *model_box, *advanced, *expander;

  model_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_pack_start (GTK_BOX (model_box), fg_setting_widget_new (config, &gd_settings[GD_ENERGY]),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (model_box), fg_setting_widget_new (config, &gd_settings[GD_AUTO_STRENGTH]),
                      FALSE, FALSE, 0);
  dialog->strength = fg_setting_widget_new (config, &gd_settings[GD_STRENGTH]);
  gtk_box_pack_start (GTK_BOX (model_box), dialog->strength, FALSE, FALSE, 0);
  dialog->noise_label = gtk_label_new ("");
  gtk_label_set_xalign (GTK_LABEL (dialog->noise_label), 0.0);
  gtk_box_pack_start (GTK_BOX (model_box), dialog->noise_label, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (model_box), fg_setting_widget_new (config, &gd_settings[GD_COLOR_MODE]),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (model_box), fg_setting_widget_new (config, &gd_settings[GD_COLOR_SPACE]),
                      FALSE, FALSE, 0);
  dialog->auto_chroma = fg_setting_widget_new (config, &gd_settings[GD_AUTO_CHROMA_STRENGTH]);
  gtk_box_pack_start (GTK_BOX (model_box), dialog->auto_chroma, FALSE, FALSE, 0);
  dialog->chroma_strength = fg_setting_widget_new (config, &gd_settings[GD_CHROMA_STRENGTH]);
  gtk_box_pack_start (GTK_BOX (model_box), dialog->chroma_strength, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (controls), fg_frame_new (_("Model"), model_box), FALSE, FALSE, 0);

  advanced = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  for (guint i = 0; i < G_N_ELEMENTS (advanced_settings); i++)
    gtk_box_pack_start (GTK_BOX (advanced),
                        fg_setting_widget_new (config, &gd_settings[advanced_settings[i]]),
                        FALSE, FALSE, 0);
  dialog->plot = gtk_drawing_area_new ();
  gtk_widget_set_size_request (dialog->plot, PLOT_WIDTH, PLOT_HEIGHT);
  gtk_widget_set_tooltip_text (dialog->plot, _("Energy E(u) of the preview computation at each iteration "
                                               "(logarithmic, relative to its lowest value)"));
  g_signal_connect (dialog->plot, "draw", G_CALLBACK (draw_plot), dialog);
  gtk_box_pack_start (GTK_BOX (advanced), dialog->plot, FALSE, FALSE, 0);
  expander = gtk_expander_new_with_mnemonic (_("_Advanced: solver and convergence"));
  gtk_container_add (GTK_CONTAINER (expander), advanced);
  fg_test_expander_created (expander);
  gtk_box_pack_start (GTK_BOX (controls), expander, FALSE, FALSE, 0);
}

const FgFilterDialogClass fg_gradient_denoise_dialog = {
  .op              = &fg_nde_gradient_denoise,
  .size            = sizeof (Dialog),
  .status_chars    = 44,
  .open            = preview_open,
  .close           = preview_close,
  .compute         = compute,
  .result_free     = gd_preview_result_free,
  .build           = build,
  .update          = update_strength,
  .request         = request_preview,
  .done            = preview_done,
  .covers_view     = shown_covers_view,
  .change_for_test = change_strength,
};

