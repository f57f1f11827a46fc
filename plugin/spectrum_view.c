/* spectrum_view.c — spectrum with the transfer function over it, and H(rho). */
#include "spectrum_view.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "i18n.h"

#define MAP_SIZE     240      /* the spectrum square, in pixels */
#define PLOT_HEIGHT  84
#define MARGIN       8
#define RHO_MAX      0.7072   /* the corner of the spectrum: sqrt(0.5) */

typedef struct
{
  gfloat          *spectrum;         /* resampled to MAP_SIZE x MAP_SIZE */
  fg_smooth_params params;           /* the filter drawn; notches point to `notches` */
  gboolean         detected;         /* the notches are the peaks found */
  FgSpectrumClick  click;
  gpointer         click_data;
  fg_notch         notches[FG_MAX_NOTCHES];
  cairo_surface_t *map;              /* spectrum with the filter applied, cached */
} View;

static View *
view_of (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "fg-spectrum-view");
}

static void
view_free (gpointer data)
{
  View *view = data;

  g_free (view->spectrum);
  if (view->map)
    cairo_surface_destroy (view->map);
  g_free (view);
}

/* Frequency of map pixel i (0..MAP_SIZE-1) on one axis, cycles/pixel. */
static gdouble
map_frequency (gint i)
{
  return ((i + 0.5) / MAP_SIZE - 0.5);
}

/* H at a frequency; a NaN (parameters the core would refuse) shows as kept. */
static gdouble
transfer (const View *view,
          gdouble     fx,
          gdouble     fy)
{
  gdouble h = fg_filter_transfer (&view->params, fx, fy);

  return isnan (h) ? 1.0 : h;
}

static void
render_map (View *view)
{
  guchar *data;
  gint    stride;

  if (! view->map)
    view->map = cairo_image_surface_create (CAIRO_FORMAT_RGB24, MAP_SIZE, MAP_SIZE);
  cairo_surface_flush (view->map);
  data   = cairo_image_surface_get_data (view->map);
  stride = cairo_image_surface_get_stride (view->map);

  for (gint y = 0; y < MAP_SIZE; y++)
    {
      guint32 *row = (guint32 *) (data + (gsize) y * stride);
      gdouble  fy  = map_frequency (y);

      for (gint x = 0; x < MAP_SIZE; x++)
        {
          gdouble fx  = map_frequency (x);
          gdouble g   = view->spectrum ? view->spectrum[y * MAP_SIZE + x] : 0.15;
          gdouble h   = transfer (view, fx, fy);
          /* Kept frequencies stay grey; removed ones turn dim blue. */
          gdouble r   = g * (0.25 + 0.75 * h);
          gdouble gr  = g * (0.30 + 0.70 * h);
          gdouble b   = g * (0.55 + 0.45 * h) + 0.10 * (1.0 - h);
          guint32 ri  = (guint32) CLAMP (r * 255.0, 0, 255);
          guint32 gi  = (guint32) CLAMP (gr * 255.0, 0, 255);
          guint32 bi  = (guint32) CLAMP (b * 255.0, 0, 255);

          row[x] = (ri << 16) | (gi << 8) | bi;
        }
    }
  cairo_surface_mark_dirty (view->map);
}

static void
draw_plot (cairo_t *cr,
           View    *view,
           gdouble  left,
           gdouble  top,
           gdouble  width,
           gdouble  height)
{
  gdouble rho_c = 1.0 / view->params.cutoff;

  cairo_set_source_rgb (cr, 0.12, 0.12, 0.12);
  cairo_rectangle (cr, left, top, width, height);
  cairo_fill (cr);

  /* H(rho) for rho from 0 to the spectrum's corner, along the fx axis. */
  cairo_set_source_rgb (cr, 0.95, 0.75, 0.25);
  cairo_set_line_width (cr, 1.5);
  for (gint i = 0; i <= (gint) width; i++)
    {
      gdouble rho = RHO_MAX * i / width;
      gdouble h   = transfer (view, rho, 0.0);
      gdouble py  = top + height - 4 - (height - 8) * h;

      if (i == 0)
        cairo_move_to (cr, left + i, py);
      else
        cairo_line_to (cr, left + i, py);
    }
  cairo_stroke (cr);

  /* The cutoff and the Nyquist frequency. */
  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.5);
  for (gint k = 0; k < 2; k++)
    {
      gdouble rho = k == 0 ? rho_c : 0.5;
      gdouble px  = left + width * MIN (rho, RHO_MAX) / RHO_MAX;
      gdouble dash[] = { 3.0, 3.0 };

      if (k == 0 && view->params.shape == FG_SHAPE_NOTCH)
        continue;

      cairo_set_dash (cr, dash, k == 0 ? 0 : 2, 0);
      cairo_move_to (cr, px + 0.5, top);
      cairo_line_to (cr, px + 0.5, top + height);
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);

  cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
  cairo_set_font_size (cr, 10.0);
  cairo_move_to (cr, left + 4, top + 12);
  cairo_show_text (cr, "H(\xcf\x81)");
  cairo_move_to (cr, left + width * 0.5 / RHO_MAX - 44, top + height - 4);
  cairo_show_text (cr, "Nyquist 0.5");
}

/* Map coordinates of a frequency (cycles/pixel). */
static gdouble
map_x (gdouble f)
{
  return MARGIN + (f + 0.5) * MAP_SIZE;
}

/* The spots of notch i: 2 (periodic) or 4 (mirror) frequencies. */
static gint
notch_spots (const View *view,
             gint        i,
             gdouble     spots[4][2])
{
  const fg_notch *n = &view->params.notches[i];

  spots[0][0] = n->fx,  spots[0][1] = n->fy;
  spots[1][0] = -n->fx, spots[1][1] = -n->fy;
  if (view->params.boundary == FG_BOUNDARY_PERIODIC)
    return 2;
  spots[2][0] = n->fx,  spots[2][1] = -n->fy;
  spots[3][0] = -n->fx, spots[3][1] = n->fy;
  return 4;
}

static void
draw_circle (cairo_t *cr,
             gdouble  rho,
             gdouble  r,
             gdouble  g,
             gdouble  b)
{
  gdouble dash[] = { 5.0, 4.0 };

  cairo_set_dash (cr, dash, 2, 0);
  cairo_set_line_width (cr, 1.5);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_arc (cr, map_x (0.0), map_x (0.0), MAP_SIZE * rho, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static gboolean
on_draw (GtkWidget *widget,
         cairo_t   *cr,
         gpointer   data)
{
  View                   *view   = view_of (widget);
  const fg_smooth_params *params = &view->params;
  gdouble                 rho_c  = 1.0 / params->cutoff;
  gdouble                 cx     = map_x (0.0);
  gdouble                 cy     = map_x (0.0);
  gchar                  *text;

  if (! view->map)
    render_map (view);

  cairo_set_source_surface (cr, view->map, MARGIN, MARGIN);
  cairo_paint (cr);

  /* The cutoff circle(s), or the notches, clipped to the map. */
  cairo_save (cr);
  cairo_rectangle (cr, MARGIN, MARGIN, MAP_SIZE, MAP_SIZE);
  cairo_clip (cr);
  if (params->shape == FG_SHAPE_NOTCH)
    {
      cairo_set_line_width (cr, 1.5);
      for (gint i = 0; i < params->notch_count; i++)
        {
          gdouble spots[4][2];
          gint    n = notch_spots (view, i, spots);

          for (gint k = 0; k < n; k++)
            {
              /* The notch as given (and its twin) bright, mirror images dimmer. */
              cairo_set_source_rgba (cr, 1.0, 0.35, 0.2, k < 2 ? 1.0 : 0.55);
              cairo_arc (cr, map_x (spots[k][0]), map_x (spots[k][1]),
                         MAX (3.0, MAP_SIZE * params->notches[i].radius), 0, 2 * G_PI);
              cairo_stroke (cr);
            }
        }
    }
  else
    {
      draw_circle (cr, rho_c, 1.0, 0.62, 0.15);
      if (params->shape == FG_SHAPE_BANDPASS || params->shape == FG_SHAPE_BANDREJECT)
        draw_circle (cr, 1.0 / params->band_period, 1.0, 0.62, 0.15);
    }
  cairo_restore (cr);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_font_size (cr, 11.0);
  cairo_move_to (cr, MARGIN + 6, MARGIN + 16);
  if (params->shape == FG_SHAPE_NOTCH)
    text = g_strdup_printf (view->detected ? "%d notches on the peaks found" : "%d notches",
                            params->notch_count);
  else if (params->shape == FG_SHAPE_BANDPASS || params->shape == FG_SHAPE_BANDREJECT)
    text = g_strdup_printf ("band %.3g to %.3g px", MIN (params->cutoff, params->band_period),
                            MAX (params->cutoff, params->band_period));
  else
    text = g_strdup_printf ("cutoff %.3g px  (\xcf\x81\x63 = %.3g cycles/px)", params->cutoff, rho_c);
  cairo_show_text (cr, text);
  g_free (text);
  if (! view->spectrum)
    {
      cairo_move_to (cr, cx - 40, cy);
      cairo_show_text (cr, "computing\xe2\x80\xa6");
    }

  draw_plot (cr, view, MARGIN, MARGIN * 2 + MAP_SIZE, MAP_SIZE, PLOT_HEIGHT);
  return TRUE;
}

void
fg_spectrum_view_click (GtkWidget *widget,
                        gdouble    fx,
                        gdouble    fy)
{
  View *view = view_of (widget);

  if (view->click)
    view->click (fx, fy, 1.0 / MAP_SIZE, view->click_data);
}

static gboolean
on_button_press (GtkWidget      *widget,
                 GdkEventButton *event,
                 gpointer        data)
{
  gdouble fx = (event->x - MARGIN) / MAP_SIZE - 0.5;
  gdouble fy = (event->y - MARGIN) / MAP_SIZE - 0.5;

  if (event->button != 1 || event->type != GDK_BUTTON_PRESS || fabs (fx) > 0.5 || fabs (fy) > 0.5)
    return FALSE;
  fg_spectrum_view_click (widget, fx, fy);
  return TRUE;
}

void
fg_spectrum_view_set_click (GtkWidget       *widget,
                            FgSpectrumClick  callback,
                            gpointer         data)
{
  View *view = view_of (widget);

  view->click      = callback;
  view->click_data = data;
}

GtkWidget *
fg_spectrum_view_new (void)
{
  GtkWidget *area = gtk_drawing_area_new ();
  View      *view = g_new0 (View, 1);

  fg_smooth_params_init (&view->params);
  g_object_set_data_full (G_OBJECT (area), "fg-spectrum-view", view, view_free);
  gtk_widget_set_size_request (area, MAP_SIZE + 2 * MARGIN, MAP_SIZE + PLOT_HEIGHT + 3 * MARGIN);
  gtk_widget_set_tooltip_text (area,
      _("Centred log-magnitude spectrum of the image (zero frequency in the middle, "
        "\xc2\xb1" "0.5 cycles/pixel at the edges). Frequencies the filter removes are dimmed; "
        "the dashed circle is the cutoff. Below: the filter's transfer function H against "
        "the radial frequency. Click on a bright dot to put a notch there, on a notch to "
        "remove it."));
  g_signal_connect (area, "draw", G_CALLBACK (on_draw), NULL);
  gtk_widget_add_events (area, GDK_BUTTON_PRESS_MASK);
  g_signal_connect (area, "button-press-event", G_CALLBACK (on_button_press), NULL);
  return area;
}

static gint
compare_floats (gconstpointer a,
                gconstpointer b)
{
  gfloat x = *(const gfloat *) a, y = *(const gfloat *) b;

  return (x > y) - (x < y);
}

/* Log magnitudes of photos crowd into the upper part of 0..1: spread the
 * 2nd..99.8th percentiles over the whole grey range for display. */
static void
stretch_contrast (gfloat *values,
                  gint    count)
{
  gfloat *sorted = g_memdup2 (values, (gsize) count * sizeof (gfloat));
  gfloat  low, high;

  qsort (sorted, (gsize) count, sizeof (gfloat), compare_floats);
  low  = sorted[count / 50];
  high = sorted[count - 1 - count / 500];
  g_free (sorted);
  if (high <= low)
    return;
  for (gint i = 0; i < count; i++)
    values[i] = CLAMP ((values[i] - low) / (high - low), 0.0f, 1.0f);
}

void
fg_spectrum_view_set_spectrum (GtkWidget    *widget,
                               const gfloat *spectrum,
                               gint          width,
                               gint          height)
{
  View *view = view_of (widget);

  g_clear_pointer (&view->spectrum, g_free);
  if (spectrum && width > 0 && height > 0)
    {
      /* Nearest sample of the image's spectrum at each map frequency. */
      view->spectrum = g_new (gfloat, MAP_SIZE * MAP_SIZE);
      for (gint y = 0; y < MAP_SIZE; y++)
        {
          gint sy = CLAMP ((gint) floor (height / 2.0 + map_frequency (y) * height), 0, height - 1);

          for (gint x = 0; x < MAP_SIZE; x++)
            {
              gint sx = CLAMP ((gint) floor (width / 2.0 + map_frequency (x) * width), 0, width - 1);

              view->spectrum[y * MAP_SIZE + x] = spectrum[(gsize) sy * width + sx];
            }
        }
      stretch_contrast (view->spectrum, MAP_SIZE * MAP_SIZE);
    }
  render_map (view);
  gtk_widget_queue_draw (widget);
}

void
fg_spectrum_view_set_filter (GtkWidget              *widget,
                             const fg_smooth_params *params,
                             gboolean                detected)
{
  View *view = view_of (widget);
  gint  count = CLAMP (params->notch_count, 0, FG_MAX_NOTCHES);

  view->params = *params;
  view->params.progress = NULL;
  if (params->notches && count > 0)
    memcpy (view->notches, params->notches, (gsize) count * sizeof (fg_notch));
  view->params.notches     = view->notches;
  view->params.notch_count = params->notches ? count : 0;
  view->detected           = detected;
  render_map (view);
  gtk_widget_queue_draw (widget);
}
