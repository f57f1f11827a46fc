/* gradient_denoise_dialog.c — the "Gradient Denoise" dialog.
 *
 * The preview is a crop around the visible area (gradient_denoise_preview.c),
 * computed on a worker thread that any newer change cancels; with a
 * tolerance > 0 on a crop the status line says it is approximate. */
#include <math.h>

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "canvas_preview.h"
#include "dialog_widgets.h"
#include "nde_filter.h"
#include "gradient_denoise_dialog.h"
#include "gradient_denoise_preview.h"
#include "gradient_denoise_settings.h"
#include "preview_drawing.h"
#include "preview_worker.h"
#include "test_hooks.h"

#define PLOT_WIDTH   240
#define PLOT_HEIGHT  90

/* The settings under "Advanced", in their order there. */
static const GdSettingId advanced_settings[] = {
  GD_EPSILON, GD_SOLVER, GD_MAX_ITERATIONS, GD_TOLERANCE, GD_STEP
};

typedef struct
{
  GimpProcedureConfig *config;
  FgCanvasPreview     *canvas;        /* the filter on the canvas, or NULL */
  FgRegion             region;        /* the selection's pixels, read once */
  const Babl          *u8_format;     /* the preview's 8-bit format, asked once */
  GdPreview           *computation;

  FgPreviewWorker     *worker;
  GtkWidget           *preview;
  GtkWidget           *status;
  GtkWidget           *noise_label;
  GtkWidget           *plot;
  GtkWidget           *strength;
  GtkWidget           *window;

  /* The newest finished preview: a crop of the region, in drawable layout. */
  FgRegion             crop;
  gint                 crop_margin;
  guchar              *crop_u8;
  gboolean             crop_current;  /* computed with the current parameters */
  GArray              *energies;      /* gdouble per iteration, for the plot */
  GdkRectangle         requested;     /* the view of the newest request */
} Dialog;

/* Worker thread. */
static gpointer
compute (gpointer      request,
         GCancellable *cancellable,
         gpointer      data,
         GError      **error)
{
  Dialog *dialog = data;

  return gd_preview_compute (dialog->computation, request, cancellable, error);
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
  fg_denoise_params params;
  gdouble           lambda;

  if (! gd_settings_to_params (G_OBJECT (dialog->config), &params, NULL))
    return;
  if (params.auto_strength)
    {
      gdouble automatic = gd_preview_auto_lambda (dialog->computation, &params);

      g_object_set (dialog->config, gd_settings[GD_AUTO_STRENGTH].name, FALSE, NULL);
      g_object_get (dialog->config, gd_settings[GD_STRENGTH].name, &lambda, NULL);
      fg_test_log_value ("gradient-denoise", "manual-strength-start", lambda, automatic);
    }
  else
    lambda = params.lambda;
  g_object_set (dialog->config, gd_settings[GD_STRENGTH].name, MAX (lambda, 0.01) * 1.5, NULL);
}

static void request_preview (Dialog *dialog);

/* Whether a computed crop still holds the visible area with its margin: the
 * preview may have been resized or scrolled since it was requested. */
static gboolean
crop_covers_view (Dialog         *dialog,
                  const FgRegion *crop,
                  gint            margin)
{
  gint x, y, width, height;

  gimp_preview_get_position (GIMP_PREVIEW (dialog->preview), &x, &y);
  gimp_preview_get_size (GIMP_PREVIEW (dialog->preview), &width, &height);
  return gd_preview_crop_covers (dialog->computation, crop, margin, x, y, width, height);
}

/* Main thread: the newest preview is ready. */
static void
preview_done (gpointer      data,
              const GError *error,
              gdouble       milliseconds,
              gpointer      user_data)
{
  GdPreviewResult *result = data;
  Dialog          *dialog = user_data;
  gchar           *time, *text;
  gboolean         whole;
  gdouble          tolerance = 0.0;
  gdouble          change;

  if (! result)
    {
      gtk_label_set_text (GTK_LABEL (dialog->status), error ? error->message : "Preview failed.");
      return;
    }
  if (! crop_covers_view (dialog, &result->crop, result->margin))
    {
      request_preview (dialog);     /* the view moved meanwhile: near its edges this is inexact */
      return;
    }
  g_free (dialog->crop_u8);
  dialog->crop_u8      = g_steal_pointer (&result->u8);
  dialog->crop_margin  = result->margin;
  dialog->crop         = result->crop;
  dialog->crop_current = TRUE;
  if (dialog->energies)
    g_array_unref (dialog->energies);
  dialog->energies = g_array_ref (result->energies);
  change = fg_preview_draw_region (GIMP_PREVIEW (dialog->preview), &dialog->crop, dialog->u8_format,
                                   dialog->crop_u8);
  gtk_widget_queue_draw (dialog->plot);

  whole = dialog->crop.width == dialog->region.width && dialog->crop.height == dialog->region.height;
  g_object_get (dialog->config, gd_settings[GD_TOLERANCE].name, &tolerance, NULL);
  time = fg_format_ms (milliseconds);
  text = g_strdup_printf ("Preview: %d iterations%s, strength %.4g, %s%s",
                          result->report.iterations,
                          result->report.converged ? " (converged)" : "",
                          result->report.lambda, time,
                          (! whole && tolerance > 0.0)
                            ? "\nApproximate: early stopping is judged on the visible area and its margin." : "");
  gtk_label_set_text (GTK_LABEL (dialog->status), text);
  g_free (text);
  g_free (time);
  fg_test_preview_finished (dialog->window, "gradient-denoise", milliseconds, change,
                            change_strength, dialog);
}

/* The noise estimate and the strength.  While automatic strength is on,
 * the (insensitive) strength field follows the automatic value, so that it
 * shows the strength used and unticking starts the manual strength from it
 * rather than from whatever number was left there.  Settings loaded with
 * automatic strength off keep their strength. */
static void
update_strength (Dialog *dialog)
{
  const FgSetting  *strength = &gd_settings[GD_STRENGTH];
  fg_denoise_params params;
  gdouble           automatic;
  gchar            *text;

  if (! gd_settings_to_params (G_OBJECT (dialog->config), &params, NULL))
    return;
  automatic = gd_preview_auto_lambda (dialog->computation, &params);
  gtk_widget_set_sensitive (dialog->strength, ! params.auto_strength);
  text = g_strdup_printf ("Estimated noise \xcf\x83 = %.2f / 255 \xe2\x86\x92 "
                          "automatic strength %.4g",
                          gd_preview_sigma (dialog->computation) * 255.0, automatic);
  gtk_label_set_text (GTK_LABEL (dialog->noise_label), text);
  g_free (text);

  automatic = CLAMP (automatic, strength->minimum, strength->maximum);
  if (params.auto_strength && isfinite (automatic) && automatic != params.lambda)
    g_object_set (dialog->config, strength->name, automatic, NULL);   /* notifies again, then equal */
}

static void
request_preview (Dialog *dialog)
{
  fg_denoise_params params;
  GError           *error = NULL;
  gint              x, y, width, height;

  dialog->crop_current = FALSE;
  if (! gimp_preview_get_update (GIMP_PREVIEW (dialog->preview)))
    return;
  if (! gd_settings_to_params (G_OBJECT (dialog->config), &params, &error))
    {
      gtk_label_set_text (GTK_LABEL (dialog->status), error->message);
      g_error_free (error);
      return;
    }
  gimp_preview_get_position (GIMP_PREVIEW (dialog->preview), &x, &y);
  gimp_preview_get_size (GIMP_PREVIEW (dialog->preview), &width, &height);
  dialog->requested = (GdkRectangle) { x, y, width, height };

  gtk_label_set_text (GTK_LABEL (dialog->status), "Computing preview\xe2\x80\xa6");
  fg_preview_worker_submit (dialog->worker,
                            gd_preview_request (dialog->computation, &params, x, y, width, height));
}

/* Where GimpPreview would draw the unfiltered image: the last crop (the
 * unfiltered image only where the view has left it). */
static gboolean
redraw_last (GimpPreview *preview,
             gpointer     data)
{
  Dialog *dialog = data;

  if (! dialog->crop_u8)
    return FALSE;
  fg_preview_draw_region (preview, &dialog->crop, dialog->u8_format, dialog->crop_u8);
  return TRUE;
}

/* Scrolling, or the Preview toggle. */
static void
preview_invalidated (GimpPreview *preview,
                     Dialog      *dialog)
{
  GdkRectangle view;

  gimp_preview_get_position (preview, &view.x, &view.y);
  gimp_preview_get_size (preview, &view.width, &view.height);

  /* A crop holds only the view it was computed for, with its margin. */
  if (dialog->crop_current && dialog->crop_u8
      && crop_covers_view (dialog, &dialog->crop, dialog->crop_margin))
    fg_preview_draw_region (preview, &dialog->crop, dialog->u8_format, dialog->crop_u8);
  else if (! fg_preview_worker_busy (dialog->worker)
           || ! gdk_rectangle_equal (&view, &dialog->requested))
    request_preview (dialog);   /* not when the one under way is for this view */
}

static void
config_changed (GObject    *config,
                GParamSpec *pspec,
                Dialog     *dialog)
{
  const gchar *name = g_param_spec_get_name (pspec);

  for (gint i = 0; i < GD_N_FILTER_SETTINGS; i++)
    if (! g_strcmp0 (name, gd_settings[i].name))
      fg_canvas_preview_changed (dialog->canvas);
  if (! g_strcmp0 (name, gd_settings[GD_MERGE_FILTER].name)
      || ! g_strcmp0 (name, gd_settings[GD_OUTPUT].name)
      || ! g_strcmp0 (name, gd_settings[GD_GRADIENT_MAP].name))
    return;
  update_strength (dialog);
  request_preview (dialog);
}

gboolean
gradient_denoise_dialog (GimpProcedure       *procedure,
                         GimpProcedureConfig *config,
                         GimpDrawable        *drawable)
{
  Dialog          state = { 0 };
  Dialog         *dialog = &state;
  GtkWidget      *window;
  GtkWidget      *main_box, *controls, *model_box, *advanced, *expander, *output_box;
  GimpProcedureDialog *pd;
  gboolean        empty;
  gboolean        run;
  GError         *error = NULL;

  state.config = config;
  if (! fg_region_read (drawable, &state.region, &empty, &error))
    {
      /* Nothing selected on this drawable, or no memory: run without a preview. */
      g_clear_error (&error);
      return TRUE;
    }
  state.u8_format   = fg_drawable_format (drawable, "u8");
  state.computation = gd_preview_new (&state.region, state.u8_format);
  state.worker = fg_preview_worker_new (compute, g_free, preview_done, gd_preview_result_free,
                                        FG_PREVIEW_DEBOUNCE_MS, dialog);

  window = gimp_procedure_dialog_new (procedure, config, "Gradient Denoise");
  state.window = window;
  /* The preview on the canvas, drawn by GIMP; without the GEGL module the
   * dialog's own preview alone, and the result is merged. */
  state.canvas = fg_canvas_preview_new (drawable, &fg_nde_gradient_denoise, G_OBJECT (config), &error);
  pd = GIMP_PROCEDURE_DIALOG (window);

  main_box = fg_dialog_layout_new (window, drawable, 44, &state.preview, &state.status);

  controls = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  model_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_pack_start (GTK_BOX (model_box), fg_setting_widget_new (config, &gd_settings[GD_ENERGY]),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (model_box), fg_setting_widget_new (config, &gd_settings[GD_AUTO_STRENGTH]),
                      FALSE, FALSE, 0);
  state.strength = fg_setting_widget_new (config, &gd_settings[GD_STRENGTH]);
  gtk_box_pack_start (GTK_BOX (model_box), state.strength, FALSE, FALSE, 0);
  state.noise_label = gtk_label_new ("");
  gtk_label_set_xalign (GTK_LABEL (state.noise_label), 0.0);
  gtk_box_pack_start (GTK_BOX (model_box), state.noise_label, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (model_box), fg_setting_widget_new (config, &gd_settings[GD_COLOR_MODE]),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (controls), fg_frame_new ("Model", model_box), FALSE, FALSE, 0);

  advanced = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  for (guint i = 0; i < G_N_ELEMENTS (advanced_settings); i++)
    gtk_box_pack_start (GTK_BOX (advanced),
                        fg_setting_widget_new (config, &gd_settings[advanced_settings[i]]),
                        FALSE, FALSE, 0);
  state.plot = gtk_drawing_area_new ();
  gtk_widget_set_size_request (state.plot, PLOT_WIDTH, PLOT_HEIGHT);
  gtk_widget_set_tooltip_text (state.plot, "Energy E(u) of the preview computation at each iteration "
                                           "(logarithmic, relative to its lowest value)");
  g_signal_connect (state.plot, "draw", G_CALLBACK (draw_plot), dialog);
  gtk_box_pack_start (GTK_BOX (advanced), state.plot, FALSE, FALSE, 0);
  expander = gtk_expander_new_with_mnemonic ("_Advanced: solver and convergence");
  gtk_container_add (GTK_CONTAINER (expander), advanced);
  fg_test_expander_created (expander);
  gtk_box_pack_start (GTK_BOX (controls), expander, FALSE, FALSE, 0);

  output_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_pack_start (GTK_BOX (output_box), fg_setting_widget_new (config, &gd_settings[GD_OUTPUT]),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (output_box), fg_setting_widget_new (config, &gd_settings[GD_GRADIENT_MAP]),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (output_box),
                      fg_canvas_controls_new (config, &gd_settings[GD_MERGE_FILTER], state.canvas,
                                              error ? error->message : NULL),
                      FALSE, FALSE, 0);
  g_clear_error (&error);
  gtk_box_pack_start (GTK_BOX (controls), fg_frame_new ("Output", output_box), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (main_box), controls, FALSE, FALSE, 0);

  gtk_widget_show_all (main_box);
  update_strength (dialog);

  fg_preview_keep_drawn (GIMP_PREVIEW (state.preview), redraw_last, dialog);
  g_signal_connect (state.preview, "invalidated", G_CALLBACK (preview_invalidated), dialog);
  g_signal_connect (config, "notify", G_CALLBACK (config_changed), dialog);

  gtk_widget_show (window);
  request_preview (dialog);
  run = gimp_procedure_dialog_run (pd);

  g_signal_handlers_disconnect_by_data (config, dialog);
  /* Always the dialog's own: the procedure writes pixels or appends its
   * filter afterwards, as in batch mode. */
  fg_canvas_preview_free (state.canvas);
  fg_preview_keep_drawn (GIMP_PREVIEW (state.preview), NULL, NULL);
  fg_preview_worker_free (state.worker);
  gtk_widget_destroy (window);
  g_free (state.crop_u8);
  if (state.energies)
    g_array_unref (state.energies);
  gd_preview_free (state.computation);
  fg_region_clear (&state.region);
  return run;
}
