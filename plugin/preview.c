/* preview.c — choice combos and preview drawing shared by both dialogs. */
#include "preview.h"

#include <string.h>

const Babl *
fg_preview_format (GimpDrawable *drawable)
{
  gboolean     alpha = gimp_drawable_has_alpha (drawable);
  const gchar *name;

  if (! gimp_item_is_layer (GIMP_ITEM (drawable)))
    name = "Y u8";
  else if (gimp_drawable_is_rgb (drawable))
    name = alpha ? "R'G'B'A u8" : "R'G'B' u8";
  else
    name = alpha ? "Y'A u8" : "Y' u8";
  return babl_format_with_space (name, gimp_drawable_get_format (drawable));
}

GtkWidget *
fg_choice_combo_new (GimpProcedureConfig *config,
                     const gchar         *property,
                     const FgChoiceItem  *items)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (config), property);
  GtkWidget  *box   = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget  *label = gtk_label_new_with_mnemonic (g_param_spec_get_nick (pspec));
  GtkWidget  *combo = gtk_combo_box_text_new ();

  for (gint i = 0; items[i].nick; i++)
    gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), items[i].nick, items[i].label);
  g_object_bind_property (config, property, combo, "active-id",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), combo);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_tooltip_text (combo, g_param_spec_get_blurb (pspec));
  gtk_box_pack_start (GTK_BOX (box), label, FALSE, FALSE, 0);
  gtk_box_pack_end (GTK_BOX (box), combo, FALSE, FALSE, 0);
  gtk_widget_show_all (box);
  return box;
}

guchar *
fg_region_to_u8 (const FgRegion *region,
                 const Babl     *u8,
                 const gfloat   *pixels)
{
  gsize       count  = (gsize) region->width * (gsize) region->height;
  guchar     *result = g_try_malloc (count * (gsize) babl_format_get_bytes_per_pixel (u8));

  if (result)
    babl_process (babl_fish (region->format, u8), pixels, result, (glong) count);
  return result;
}

/* Test support: with FREQGRAD_DIALOG_LOG set, the visible rectangle just
 * drawn goes to "<log>.preview" (a line "x y width height bpp", then the
 * 8-bit pixels), for the GUI test to compare with what OK produces. */
static void
dump_visible (const guchar *visible,
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
  path = g_strconcat (log, ".preview", NULL);
  file = fopen (path, "wb");
  if (file)
    {
      fprintf (file, "%d %d %d %d %d\n", x, y, width, height, bpp);
      fwrite (visible, (gsize) bpp, (gsize) width * (gsize) height, file);
      fclose (file);
    }
  g_free (path);
}

gdouble
fg_preview_draw_region (GimpPreview    *preview,
                        const FgRegion *region,
                        const Babl     *u8,
                        const guchar   *region_u8)
{
  guint64     total = 0;
  gint        bpp = babl_format_get_bytes_per_pixel (u8);
  gint        x, y, width, height;
  gint        ix, iy, iw, ih;
  guchar     *visible;
  GeglBuffer *buffer;

  gimp_preview_get_position (preview, &x, &y);
  gimp_preview_get_size (preview, &width, &height);
  if (width < 1 || height < 1)
    return 0.0;
  visible = g_try_malloc ((gsize) width * (gsize) height * (gsize) bpp);
  if (! visible)
    return 0.0;

  buffer = gimp_drawable_get_buffer (region->drawable);
  gegl_buffer_get (buffer, GEGL_RECTANGLE (x, y, width, height), 1.0, u8, visible,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref (buffer);

  if (gimp_rectangle_intersect (x, y, width, height,
                                region->x, region->y, region->width, region->height,
                                &ix, &iy, &iw, &ih))
    for (gint row = iy; row < iy + ih; row++)
      {
        guchar       *dest = visible + ((gsize) (row - y) * width + (ix - x)) * bpp;
        const guchar *src  = region_u8
                             + ((gsize) (row - region->y) * region->width + (ix - region->x)) * bpp;

        for (gint i = 0; i < iw * bpp; i++)
          total += (guint64) ABS ((gint) dest[i] - (gint) src[i]);
        memcpy (dest, src, (gsize) iw * bpp);
      }

  gimp_preview_draw_buffer (preview, visible, width * bpp);
  dump_visible (visible, x, y, width, height, bpp);
  g_free (visible);
  return total / (255.0 * width * height * bpp);
}

/* Test support: FREQGRAD_DIALOG_VIEW=centre scrolls the preview to the
 * middle of the image once it has its size, so latencies can be measured
 * with a margin on every side (the preview opens at the top left). */
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

GtkWidget *
fg_dialog_layout_new (GtkWidget    *window,
                      GimpDrawable *drawable,
                      gint          status_chars,
                      GtkWidget   **preview,
                      GtkWidget   **status)
{
  GtkWidget *main_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *left     = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_container_set_border_width (GTK_CONTAINER (main_box), 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (window))),
                      main_box, TRUE, TRUE, 0);

  *preview = gimp_procedure_dialog_get_drawable_preview (GIMP_PROCEDURE_DIALOG (window),
                                                         "preview", drawable);
  gtk_widget_set_size_request (*preview, 320, 320);
  if (! g_strcmp0 (g_getenv ("FREQGRAD_DIALOG_VIEW"), "centre"))
    g_signal_connect (*preview, "size-allocate", G_CALLBACK (centre_view_once), NULL);
  *status = gtk_label_new ("");
  gtk_label_set_xalign (GTK_LABEL (*status), 0.0);
  gtk_label_set_line_wrap (GTK_LABEL (*status), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (*status), status_chars);
  gtk_box_pack_start (GTK_BOX (left), *preview, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (left), *status, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (main_box), left, TRUE, TRUE, 0);
  return main_box;
}

GtkWidget *
fg_frame_new (const gchar *title,
              GtkWidget   *child)
{
  GtkWidget *frame = gimp_frame_new (title);

  gtk_container_add (GTK_CONTAINER (frame), child);
  gtk_widget_show (frame);
  return frame;
}

gchar *
fg_format_ms (gdouble milliseconds)
{
  if (milliseconds < 1000.0)
    return g_strdup_printf ("%.0f ms", milliseconds);
  return g_strdup_printf ("%.1f s", milliseconds / 1000.0);
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
fg_dialog_test_hook (GtkWidget   *dialog,
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
      g_timeout_add (300, hook_change, call);
    }
  else if (count == 2 && response && *response)
    {
      const gchar *delay = g_getenv ("FREQGRAD_DIALOG_RESPONSE_DELAY_MS");

      g_timeout_add (delay ? (guint) g_ascii_strtoull (delay, NULL, 10) : 1500, hook_respond, dialog);
    }
}
