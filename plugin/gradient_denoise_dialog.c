/* gradient_denoise_dialog.c — the "Gradient Denoise" dialog.
 *
 * The result at a pixel depends on far-away pixels only weakly: the core's
 * fg_denoise_margin gives the margin beyond which a cut changes the
 * minimiser by less than PREVIEW_TOLERANCE (a quarter of an 8-bit level),
 * and n iterations read at most n pixels around in any case.  So the
 * preview denoises the visible area plus the smaller of the two margins, or
 * the whole selection when that is smaller, on a worker thread that any
 * newer change cancels.  "Automatic strength" estimates the noise once, on
 * the whole selection as OK does, and the preview passes the resulting
 * strength explicitly.  Beyond the margin's tolerance the preview can differ
 * from OK through what the solver decides for the image as a whole: when
 * momentum restarts, and when the tolerance stops it; with a tolerance > 0
 * on a crop the status line says so. */
#include <math.h>

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "preview.h"
#include "preview_worker.h"
#include "procedures.h"

#define PREVIEW_TOLERANCE (0.25 / 255.0)
#define PLOT_WIDTH   240
#define PLOT_HEIGHT  90

typedef struct
{
  GimpProcedureConfig *config;
  FgRegion             region;        /* the selection's pixels, read once */
  const Babl          *u8_format;     /* the preview's 8-bit format, asked once */
  gdouble              sigma;         /* noise estimate of the whole selection */
  gdouble              value_range;   /* max - min of its premultiplied colour; < 0 until needed */

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
} Dialog;

typedef struct
{
  fg_denoise_params params;
  gint              x, y, width, height;   /* crop, drawable coordinates */
  gint              margin;                /* beyond the visible area */
  gboolean          whole;
} Request;

typedef struct
{
  FgRegion          crop;        /* the computed rectangle (pixels unused) */
  gint              margin;
  guchar           *u8;
  GArray           *energies;
  fg_denoise_report report;
} Result;

typedef struct
{
  GCancellable *cancellable;
  GArray       *energies;
} IterationState;

/* The strength "automatic" picks for the whole selection, as the run does. */
static gdouble
auto_lambda (Dialog                  *dialog,
             const fg_denoise_params *params)
{
  return fg_auto_lambda_colour (params->energy, params->colour,
                                dialog->region.channels - (dialog->region.has_alpha ? 1 : 0),
                                dialog->sigma, params->epsilon);
}

static void
result_free (gpointer data)
{
  Result *result = data;

  g_free (result->u8);
  if (result->energies)
    g_array_unref (result->energies);
  g_free (result);
}

static int
on_iteration (void   *data,
              int     iteration,
              int     max_iterations,
              double  energy)
{
  IterationState *state = data;

  g_array_append_val (state->energies, energy);
  return g_cancellable_is_cancelled (state->cancellable) ? 1 : 0;
}

/* Worker thread. */
static gpointer
compute_preview (gpointer      data,
                 GCancellable *cancellable,
                 gpointer      user_data,
                 GError      **error)
{
  Request        *request = data;
  Dialog         *dialog  = user_data;
  const FgRegion *region  = &dialog->region;
  FgRegion        crop    = *region;
  fg_image        in, out;
  gfloat         *pixels;
  fg_error        core_error;
  fg_status       status;
  IterationState  state;
  Result         *result;

  crop.x = request->x;
  crop.y = request->y;
  crop.width  = request->width;
  crop.height = request->height;

  /* A view into the region's pixels: no copy. */
  in = fg_image_make (region->pixels
                        + ((gsize) (crop.y - region->y) * region->width + (crop.x - region->x))
                          * region->channels,
                      crop.width, crop.height, region->channels, region->has_alpha);
  in.stride = (ptrdiff_t) region->width * region->channels;

  pixels = g_try_malloc ((gsize) crop.width * crop.height * crop.channels * sizeof (gfloat));
  if (! pixels)
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0, "Not enough memory for the preview.");
      return NULL;
    }
  out = fg_region_view (&crop, pixels);

  state.cancellable = cancellable;
  state.energies    = g_array_new (FALSE, FALSE, sizeof (gdouble));
  request->params.on_iteration = on_iteration;
  request->params.user_data    = &state;

  result = g_new0 (Result, 1);
  result->crop = crop;
  result->crop.pixels = NULL;
  result->margin = request->margin;
  status = fg_gradient_denoise (&in, &out, &request->params, &result->report, &core_error);
  result->energies = state.energies;
  if (status == FG_OK)
    result->u8 = fg_region_to_u8 (&crop, dialog->u8_format, pixels);
  g_free (pixels);

  if (status != FG_OK || ! result->u8)
    {
      if (status != FG_ERR_CANCELLED)
        g_set_error (error, GIMP_PLUG_IN_ERROR, 0, "%s",
                     status == FG_OK ? "Not enough memory for the preview." : core_error.message);
      result_free (result);
      return NULL;
    }
  return result;
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

/* What the dialog test does to the parameters: a manual, stronger strength. */
static void
change_strength (gpointer data)
{
  Dialog           *dialog = data;
  fg_denoise_params params;
  gdouble           lambda;

  if (! gd_config_to_params (dialog->config, &params, NULL))
    return;
  lambda = params.auto_strength ? auto_lambda (dialog, &params) : params.lambda;
  g_object_set (dialog->config, "auto-strength", FALSE, "strength", MAX (lambda, 0.01) * 1.5, NULL);
}

static void     crop_for        (Dialog  *dialog,
                                 gint     margin,
                                 Request *request);
static void     request_preview (Dialog  *dialog);

/* Whether a computed crop still holds the visible area with its margin: the
 * preview may have been resized or scrolled since it was requested. */
static gboolean
crop_covers_view (Dialog         *dialog,
                  const FgRegion *crop,
                  gint            margin)
{
  Request wanted;

  crop_for (dialog, margin, &wanted);
  return wanted.x >= crop->x && wanted.y >= crop->y
         && wanted.x + wanted.width <= crop->x + crop->width
         && wanted.y + wanted.height <= crop->y + crop->height;
}

/* Main thread: the newest preview is ready. */
static void
preview_done (gpointer      data,
              const GError *error,
              gdouble       milliseconds,
              gpointer      user_data)
{
  Result  *result = data;
  Dialog  *dialog = user_data;
  gchar   *time, *text;
  gboolean whole;
  gdouble  tolerance = 0.0;
  gdouble  change;

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
  g_object_get (dialog->config, "tolerance", &tolerance, NULL);
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
  fg_dialog_test_hook (dialog->window, "gradient-denoise", milliseconds, change,
                       change_strength, dialog);
}

/* max - min over the region's colour values, premultiplied by alpha as the
 * solver sees them (fg_denoise_margin's Tikhonov bound needs it). */
static gdouble
colour_value_range (const FgRegion *region)
{
  gint    colour = region->channels - (region->has_alpha ? 1 : 0);
  gsize   count  = (gsize) region->width * (gsize) region->height;
  gdouble low    = G_MAXDOUBLE, high = -G_MAXDOUBLE;

  for (gsize i = 0; i < count; i++)
    {
      const gfloat *pixel = region->pixels + i * region->channels;
      gdouble       alpha = region->has_alpha ? pixel[colour] : 1.0;

      for (gint c = 0; c < colour; c++)
        {
          low  = MIN (low, pixel[c] * alpha);
          high = MAX (high, pixel[c] * alpha);
        }
    }
  return high > low ? high - low : 0.0;
}

/* The margin the preview needs: the locality bound, or the iteration count
 * when that is smaller (see the top of this file). */
static gint
preview_margin (Dialog                  *dialog,
                const fg_denoise_params *params)
{
  gint colour = dialog->region.channels - (dialog->region.has_alpha ? 1 : 0);
  gint margin;

  /* Only Tikhonov's bound reads the value range: scan the selection for it
   * the first time a Tikhonov preview is asked for. */
  if (params->energy == FG_ENERGY_TIKHONOV && dialog->value_range < 0.0)
    dialog->value_range = colour_value_range (&dialog->region);
  margin = fg_denoise_margin (params, colour, params->lambda, MAX (dialog->value_range, 0.0),
                              PREVIEW_TOLERANCE);

  return margin < 0 ? params->max_iterations : MIN (margin, params->max_iterations);
}

/* The crop to compute for the visible area: visible + margin, in the region. */
static void
crop_for (Dialog  *dialog,
          gint     margin,
          Request *request)
{
  const FgRegion *r = &dialog->region;
  gint x, y, w, h;

  gimp_preview_get_position (GIMP_PREVIEW (dialog->preview), &x, &y);
  gimp_preview_get_size (GIMP_PREVIEW (dialog->preview), &w, &h);
  request->x      = CLAMP (x - margin, r->x, r->x + r->width - 1);
  request->y      = CLAMP (y - margin, r->y, r->y + r->height - 1);
  request->width  = CLAMP (x + w + margin, r->x + 1, r->x + r->width) - request->x;
  request->height = CLAMP (y + h + margin, r->y + 1, r->y + r->height) - request->y;
  request->margin = margin;
  request->whole  = request->width == r->width && request->height == r->height;
}

static void
update_noise_label (Dialog *dialog)
{
  fg_denoise_params params;
  gchar            *text;

  if (! gd_config_to_params (dialog->config, &params, NULL))
    return;
  gtk_widget_set_sensitive (dialog->strength, ! params.auto_strength);
  text = g_strdup_printf ("Estimated noise \xcf\x83 = %.2f / 255 \xe2\x86\x92 "
                          "automatic strength %.4g",
                          dialog->sigma * 255.0, auto_lambda (dialog, &params));
  gtk_label_set_text (GTK_LABEL (dialog->noise_label), text);
  g_free (text);
}

static void
request_preview (Dialog *dialog)
{
  Request *request;
  GError  *error = NULL;

  dialog->crop_current = FALSE;
  if (! gimp_preview_get_update (GIMP_PREVIEW (dialog->preview)))
    return;
  request = g_new0 (Request, 1);
  if (! gd_config_to_params (dialog->config, &request->params, &error))
    {
      gtk_label_set_text (GTK_LABEL (dialog->status), error->message);
      g_error_free (error);
      g_free (request);
      return;
    }
  if (request->params.auto_strength)
    {
      request->params.auto_strength = 0;
      request->params.lambda = auto_lambda (dialog, &request->params);
    }
  crop_for (dialog, preview_margin (dialog, &request->params), request);

  gtk_label_set_text (GTK_LABEL (dialog->status), "Computing preview\xe2\x80\xa6");
  fg_preview_worker_submit (dialog->worker, request);
}

/* Scrolling, or the Preview toggle. */
static void
preview_invalidated (GimpPreview *preview,
                     Dialog      *dialog)
{
  /* A crop holds only the view it was computed for, with its margin. */
  if (dialog->crop_current && dialog->crop_u8
      && crop_covers_view (dialog, &dialog->crop, dialog->crop_margin))
    fg_preview_draw_region (preview, &dialog->crop, dialog->u8_format, dialog->crop_u8);
  else
    request_preview (dialog);
}

static void
config_changed (GObject    *config,
                GParamSpec *pspec,
                Dialog     *dialog)
{
  const gchar *name = g_param_spec_get_name (pspec);

  if (! g_strcmp0 (name, "output") || ! g_strcmp0 (name, "gradient-map"))
    return;
  update_noise_label (dialog);
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
  fg_image        in;
  fg_error        core_error;

  gimp_ui_init (PLUG_IN_BINARY);

  state.config = config;
  if (! fg_region_read (drawable, &state.region, &empty, &error))
    {
      g_clear_error (&error);
      return TRUE;
    }
  state.u8_format = fg_preview_format (drawable);
  in = fg_region_view (&state.region, state.region.pixels);
  if (fg_noise_estimate (&in, &state.sigma, &core_error) != FG_OK)
    state.sigma = 0.0;
  state.value_range = -1.0;
  state.worker = fg_preview_worker_new (compute_preview, g_free, preview_done, result_free,
                                        FG_PREVIEW_DEBOUNCE_MS, dialog);

  window = gimp_procedure_dialog_new (procedure, config, "Gradient Denoise");
  state.window = window;
  pd = GIMP_PROCEDURE_DIALOG (window);

  main_box = fg_dialog_layout_new (window, drawable, 44, &state.preview, &state.status);

  controls = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  model_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_pack_start (GTK_BOX (model_box), fg_choice_combo_new (config, "energy", gd_energy_items),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (model_box),
                      gimp_procedure_dialog_get_widget (pd, "auto-strength", GTK_TYPE_CHECK_BUTTON),
                      FALSE, FALSE, 0);
  state.strength = gimp_procedure_dialog_get_scale_entry (pd, "strength", 1.0);
  /* Digits before bounds throughout: with 0 digits GIMP forces a step of 1,
   * which it then finds wider than a narrow range (a CRITICAL). */
  gimp_label_spin_set_digits (GIMP_LABEL_SPIN (state.strength), 4);
  gimp_scale_entry_set_bounds (GIMP_SCALE_ENTRY (state.strength), 0.0, 1.0, FALSE);
  gtk_box_pack_start (GTK_BOX (model_box), state.strength, FALSE, FALSE, 0);
  state.noise_label = gtk_label_new ("");
  gtk_label_set_xalign (GTK_LABEL (state.noise_label), 0.0);
  gtk_box_pack_start (GTK_BOX (model_box), state.noise_label, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (model_box), fg_choice_combo_new (config, "color-mode", gd_colour_items),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (controls), fg_frame_new ("Model", model_box), FALSE, FALSE, 0);

  advanced = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  {
    GtkWidget *epsilon = gimp_procedure_dialog_get_scale_entry (pd, "epsilon", 1.0);

    gimp_label_spin_set_digits (GIMP_LABEL_SPIN (epsilon), 4);
    gimp_scale_entry_set_bounds (GIMP_SCALE_ENTRY (epsilon), 0.0001, 0.2, FALSE);
    gimp_scale_entry_set_logarithmic (GIMP_SCALE_ENTRY (epsilon), TRUE);
    gtk_box_pack_start (GTK_BOX (advanced), epsilon, FALSE, FALSE, 0);
  }
  gtk_box_pack_start (GTK_BOX (advanced), fg_choice_combo_new (config, "solver", gd_solver_items),
                      FALSE, FALSE, 0);
  {
    GtkWidget *iterations = gimp_procedure_dialog_get_scale_entry (pd, "max-iterations", 1.0);
    GtkWidget *tolerance  = gimp_procedure_dialog_get_scale_entry (pd, "tolerance", 1.0);
    GtkWidget *step       = gimp_procedure_dialog_get_scale_entry (pd, "step", 1.0);

    gimp_scale_entry_set_bounds (GIMP_SCALE_ENTRY (iterations), 1, 1000, FALSE);
    gimp_label_spin_set_digits (GIMP_LABEL_SPIN (tolerance), 6);
    gimp_scale_entry_set_bounds (GIMP_SCALE_ENTRY (tolerance), 0.0, 0.001, FALSE);
    gimp_label_spin_set_increments (GIMP_LABEL_SPIN (tolerance), 1e-6, 1e-5);
    gimp_label_spin_set_digits (GIMP_LABEL_SPIN (step), 4);
    gtk_box_pack_start (GTK_BOX (advanced), iterations, FALSE, FALSE, 0);
    gtk_box_pack_start (GTK_BOX (advanced), tolerance, FALSE, FALSE, 0);
    gtk_box_pack_start (GTK_BOX (advanced), step, FALSE, FALSE, 0);
  }
  state.plot = gtk_drawing_area_new ();
  gtk_widget_set_size_request (state.plot, PLOT_WIDTH, PLOT_HEIGHT);
  gtk_widget_set_tooltip_text (state.plot, "Energy E(u) of the preview computation at each iteration "
                                           "(logarithmic, relative to its lowest value)");
  g_signal_connect (state.plot, "draw", G_CALLBACK (draw_plot), dialog);
  gtk_box_pack_start (GTK_BOX (advanced), state.plot, FALSE, FALSE, 0);
  expander = gtk_expander_new_with_mnemonic ("_Advanced: solver and convergence");
  gtk_container_add (GTK_CONTAINER (expander), advanced);
  gtk_box_pack_start (GTK_BOX (controls), expander, FALSE, FALSE, 0);

  output_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_pack_start (GTK_BOX (output_box), fg_choice_combo_new (config, "output", gd_output_items),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (output_box), fg_choice_combo_new (config, "gradient-map", gd_gradmap_items),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (controls), fg_frame_new ("Output", output_box), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (main_box), controls, FALSE, FALSE, 0);

  gtk_widget_show_all (main_box);
  update_noise_label (dialog);

  g_signal_connect (state.preview, "invalidated", G_CALLBACK (preview_invalidated), dialog);
  g_signal_connect (config, "notify", G_CALLBACK (config_changed), dialog);

  gtk_widget_show (window);
  request_preview (dialog);
  run = gimp_procedure_dialog_run (pd);

  g_signal_handlers_disconnect_by_data (config, dialog);
  fg_preview_worker_free (state.worker);
  gtk_widget_destroy (window);
  g_free (state.crop_u8);
  if (state.energies)
    g_array_unref (state.energies);
  fg_region_clear (&state.region);
  return run;
}
