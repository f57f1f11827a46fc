/* test_hooks.c — the tests' switches (see test_hooks.h). */
#include "test_hooks.h"
#include "drawable_io.h"

#include <stdio.h>

/* Appends a line to the dialog log, if there is one. */
static void
log_line (const gchar *line)
{
  const gchar *path = g_getenv ("FREQGRAD_DIALOG_LOG");
  FILE        *log;

  if (! path || ! *path || ! (log = fopen (path, "a")))
    return;
  fprintf (log, "%s\n", line);
  fclose (log);
}

static void
write_pixels (const gchar  *suffix,
              const guchar *pixels,
              gint          x,
              gint          y,
              gint          width,
              gint          height,
              gint          bpp)
{
  const gchar *log = g_getenv ("FREQGRAD_DIALOG_LOG");
  gchar       *path;
  FILE        *file;

  if (! log || ! *log)
    return;
  path = g_strconcat (log, suffix, NULL);
  file = fopen (path, "wb");
  if (file)
    {
      fprintf (file, "%d %d %d %d %d\n", x, y, width, height, bpp);
      fwrite (pixels, (gsize) bpp, (gsize) width * (gsize) height, file);
      fclose (file);
    }
  g_free (path);
}

void
fg_test_log_value (const gchar *name,
                   const gchar *event,
                   gdouble      value,
                   gdouble      expected)
{
  gchar *line = g_strdup_printf ("{\"dialog\": \"%s\", \"event\": \"%s\", "
                                 "\"value\": %.9g, \"expected\": %.9g}",
                                 name, event, value, expected);

  log_line (line);
  g_free (line);
}

void
fg_test_log_label (const gchar *text)
{
  GString *line = g_string_new ("{\"event\": \"label\", \"text\": \"");

  for (const gchar *c = text; *c; c++)   /* JSON: UTF-8 as it is, quotes escaped */
    {
      if (*c == '"' || *c == '\\')
        g_string_append_c (line, '\\');
      g_string_append_c (line, *c);
    }
  g_string_append (line, "\"}");
  log_line (line->str);
  g_string_free (line, TRUE);
}

void
fg_test_progress (gint    iteration,
                  gint    max_iterations,
                  gdouble fraction)
{
  const gchar *path = g_getenv ("FREQGRAD_TEST_PROGRESS_LOG");
  FILE        *file;

  if (! path || ! *path || ! (file = fopen (path, "a")))
    return;
  fprintf (file, "%d %d %.6f\n", iteration, max_iterations, fraction);
  fclose (file);
}

static gboolean
field_painted (GtkWidget   *spin,
               cairo_t     *cr,
               const gchar *name)
{
  GdkRectangle area;
  gint         text_width;
  gchar       *line;

  g_signal_handlers_disconnect_by_func (spin, field_painted, (gpointer) name);
  gtk_entry_get_text_area (GTK_ENTRY (spin), &area);
  pango_layout_get_pixel_size (gtk_entry_get_layout (GTK_ENTRY (spin)), &text_width, NULL);
  line = g_strdup_printf ("{\"dialog\": \"field\", \"event\": \"field\", \"name\": \"%s\", "
                          "\"text\": \"%s\", \"value\": %.9g, \"fits\": %s}",
                          name, gtk_entry_get_text (GTK_ENTRY (spin)),
                          gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)),
                          text_width <= area.width ? "true" : "false");
  log_line (line);
  g_free (line);
  return FALSE;
}

void
fg_test_field_created (GtkWidget   *spin,
                       const gchar *name)
{
  const gchar *log = g_getenv ("FREQGRAD_DIALOG_LOG");

  if (log && *log)
    g_signal_connect_after (spin, "draw", G_CALLBACK (field_painted), (gpointer) name);
}

void
fg_test_expander_created (GtkWidget *expander)
{
  if (! g_strcmp0 (g_getenv ("FREQGRAD_DIALOG_EXPAND"), "1"))
    gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
}

/* The preview area was painted: read back what it shows, by running the
 * area's own draw into an image surface, and log how far that is from the
 * unfiltered drawable. */
static gboolean
area_painted (GtkWidget   *area,
              cairo_t     *cr,
              GimpPreview *preview)
{
  static gboolean  inside = FALSE;
  GtkAllocation    allocation;
  GimpDrawable    *drawable;
  cairo_surface_t *surface;
  cairo_t         *snapshot;
  const guchar    *data;
  guchar          *shown, *original;
  GeglBuffer      *buffer;
  gint             x, y, width, height, stride, ox, oy;
  guint64          total = 0;
  gchar           *line;

  if (inside)
    return FALSE;
  gimp_preview_get_position (preview, &x, &y);
  gimp_preview_get_size (preview, &width, &height);
  gtk_widget_get_allocation (area, &allocation);
  if (width < 1 || height < 1 || allocation.width < width || allocation.height < height)
    return FALSE;

  surface  = cairo_image_surface_create (CAIRO_FORMAT_RGB24, allocation.width, allocation.height);
  snapshot = cairo_create (surface);
  inside   = TRUE;
  GTK_WIDGET_GET_CLASS (area)->draw (area, snapshot);
  inside   = FALSE;
  cairo_destroy (snapshot);
  cairo_surface_flush (surface);
  data   = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  /* GimpPreviewArea centres its width x height in its allocation. */
  ox = (allocation.width - width) / 2;
  oy = (allocation.height - height) / 2;

  shown    = g_malloc ((gsize) width * height * 3);
  original = g_malloc ((gsize) width * height * 3);
  for (gint row = 0; row < height; row++)
    for (gint col = 0; col < width; col++)
      {
        guint32 p = *(const guint32 *) (data + (gsize) (oy + row) * stride + (gsize) (ox + col) * 4);
        guchar *d = shown + ((gsize) row * width + col) * 3;

        d[0] = (p >> 16) & 0xff;
        d[1] = (p >> 8) & 0xff;
        d[2] = p & 0xff;
      }
  cairo_surface_destroy (surface);

  drawable = gimp_drawable_preview_get_drawable (GIMP_DRAWABLE_PREVIEW (preview));
  buffer   = gimp_drawable_get_buffer (drawable);
  gegl_buffer_get (buffer, GEGL_RECTANGLE (x, y, width, height), 1.0,
                   babl_format_with_space ("R'G'B' u8", fg_drawable_format (drawable, "u8")),
                   original, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref (buffer);
  for (gsize i = 0; i < (gsize) width * height * 3; i++)
    total += (guint64) ABS ((gint) shown[i] - (gint) original[i]);

  write_pixels (".shown", shown, x, y, width, height, 3);
  line = g_strdup_printf ("{\"dialog\": \"preview\", \"event\": \"shown\", \"time\": %.1f, "
                          "\"x\": %d, \"y\": %d, \"mean_abs_change\": %.6f}",
                          g_get_monotonic_time () / 1000.0, x, y,
                          total / (255.0 * width * height * 3));
  log_line (line);
  g_free (line);
  g_free (shown);
  g_free (original);
  return FALSE;
}

const gchar *
fg_test_cancel_file (void)
{
  return g_getenv ("FREQGRAD_TEST_CANCEL_FILE");
}

const gchar *
fg_test_spectrum_clicks (void)
{
  const gchar *clicks = g_getenv ("FREQGRAD_DIALOG_SPECTRUM_CLICKS");

  return clicks && *clicks ? clicks : NULL;
}

static gboolean
centre_view (gpointer data)
{
  GimpPreview *preview = data;
  gint         xmin, ymin, xmax, ymax, width, height;

  gimp_preview_get_bounds (preview, &xmin, &ymin, &xmax, &ymax);
  gimp_preview_get_size (preview, &width, &height);
  gimp_scrolled_preview_set_position (GIMP_SCROLLED_PREVIEW (preview),
                                      (xmin + xmax - width) / 2, (ymin + ymax - height) / 2);
  g_object_unref (preview);
  return G_SOURCE_REMOVE;
}

static void
centre_view_once (GtkWidget     *preview,
                  GtkAllocation *allocation,
                  gpointer       data)
{
  g_signal_handlers_disconnect_by_func (preview, centre_view_once, data);
  g_idle_add (centre_view, g_object_ref (preview));
}

void
fg_test_preview_created (GtkWidget *preview)
{
  const gchar *log = g_getenv ("FREQGRAD_DIALOG_LOG");

  if (! g_strcmp0 (g_getenv ("FREQGRAD_DIALOG_VIEW"), "centre"))
    g_signal_connect (preview, "size-allocate", G_CALLBACK (centre_view_once), NULL);
  if (log && *log)
    g_signal_connect_after (gimp_preview_get_area (GIMP_PREVIEW (preview)), "draw",
                            G_CALLBACK (area_painted), preview);
}

void
fg_test_preview_drawn (const guchar *visible,
                       gint          x,
                       gint          y,
                       gint          width,
                       gint          height,
                       gint          bpp)
{
  write_pixels (".preview", visible, x, y, width, height, bpp);
}

typedef struct
{
  GtkWidget *dialog;
  void     (*change) (gpointer data);
  gpointer   data;
} HookCall;

static gboolean
hook_change (gpointer data)
{
  HookCall *call = data;

  call->change (call->data);
  g_free (call);
  return G_SOURCE_REMOVE;
}

static gboolean
hook_respond (gpointer data)
{
  GtkWidget   *dialog   = data;
  const gchar *response = g_getenv ("FREQGRAD_DIALOG_RESPONSE");

  gtk_dialog_response (GTK_DIALOG (dialog),
                       g_strcmp0 (response, "ok") == 0 ? GTK_RESPONSE_OK : GTK_RESPONSE_CANCEL);
  return G_SOURCE_REMOVE;
}

void
fg_test_preview_finished (GtkWidget   *dialog,
                          const gchar *name,
                          gdouble      milliseconds,
                          gdouble      change,
                          void       (*change_parameter) (gpointer data),
                          gpointer     data)
{
  const gchar *path = g_getenv ("FREQGRAD_DIALOG_LOG");
  const gchar *response = g_getenv ("FREQGRAD_DIALOG_RESPONSE");
  gint         count;
  FILE        *log;

  if (! path || ! *path)
    return;
  count = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "fg-preview-count")) + 1;
  g_object_set_data (G_OBJECT (dialog), "fg-preview-count", GINT_TO_POINTER (count));

  log = fopen (path, "a");
  if (log)
    {
      fprintf (log, "{\"dialog\": \"%s\", \"event\": \"%s\", \"ms\": %.1f, "
                    "\"mean_abs_change\": %.6f}\n",
               name, count == 1 ? "first-preview" : count == 2 ? "preview-after-change" : "preview",
               milliseconds, change);
      fclose (log);
    }
  if (count == 1 && change_parameter)
    {
      HookCall *call = g_new0 (HookCall, 1);

      call->dialog = dialog;
      call->change = change_parameter;
      call->data   = data;
      const gchar *delay = g_getenv ("FREQGRAD_DIALOG_CHANGE_DELAY_MS");

      g_timeout_add (delay ? (guint) g_ascii_strtoull (delay, NULL, 10) : 300, hook_change, call);
    }
  else if (count == 2 && response && *response)
    {
      const gchar *delay = g_getenv ("FREQGRAD_DIALOG_RESPONSE_DELAY_MS");

      g_timeout_add (delay ? (guint) g_ascii_strtoull (delay, NULL, 10) : 1500, hook_respond, dialog);
    }
}

void
fg_test_canvas_toggle_created (GtkWidget *toggle)
{
  if (! g_strcmp0 (g_getenv ("FREQGRAD_DIALOG_CANVAS_HIDE"), "1"))
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
}

void
fg_test_merge_filter (GObject     *config,
                      const gchar *name)
{
  const gchar *merge = g_getenv ("FREQGRAD_DIALOG_MERGE_FILTER");

  if (merge && *merge)
    g_object_set (config, name, (gboolean) (g_strcmp0 (merge, "1") == 0), NULL);
}

gboolean
fg_test_dialog_preview (void)
{
  return g_strcmp0 (g_getenv ("FREQGRAD_DIALOG_PREVIEW"), "1") == 0;
}
