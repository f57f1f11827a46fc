/* test_hooks.c — the tests' switches (see test_hooks.h). */
#include "test_hooks.h"

#include <stdio.h>

const gchar *
fg_test_cancel_file (void)
{
  return g_getenv ("FREQGRAD_TEST_CANCEL_FILE");
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
  if (! g_strcmp0 (g_getenv ("FREQGRAD_DIALOG_VIEW"), "centre"))
    g_signal_connect (preview, "size-allocate", G_CALLBACK (centre_view_once), NULL);
}

void
fg_test_preview_drawn (const guchar *visible,
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
      g_timeout_add (300, hook_change, call);
    }
  else if (count == 2 && response && *response)
    {
      const gchar *delay = g_getenv ("FREQGRAD_DIALOG_RESPONSE_DELAY_MS");

      g_timeout_add (delay ? (guint) g_ascii_strtoull (delay, NULL, 10) : 1500, hook_respond, dialog);
    }
}
