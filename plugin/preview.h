/* preview.h — dialog pieces shared by both filters: choice combo boxes and
 * drawing computed pixels into a GimpDrawablePreview. */
#ifndef FG_PLUGIN_PREVIEW_H
#define FG_PLUGIN_PREVIEW_H

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "choice_argument.h"
#include "drawable_io.h"

/* A labelled combo box for a choice argument, kept in sync both ways with
 * the config's string property. */
GtkWidget *fg_choice_combo_new   (GimpProcedureConfig *config,
                                  const gchar         *property,
                                  const FgChoiceItem  *items);

/* The 8-bit format of the drawable's own layout, what
 * gimp_preview_draw_buffer wants.  Main thread only: it asks GIMP. */
const Babl *fg_preview_format    (GimpDrawable   *drawable);

/* The region's float pixels in `u8` (from fg_preview_format); NULL if out
 * of memory.  Safe on a worker thread: libgimp's calls to GIMP are not, so
 * nothing here talks to GIMP. */
guchar    *fg_region_to_u8       (const FgRegion *region,
                                  const Babl     *u8,
                                  const gfloat   *pixels);

/* Draws the preview's visible rectangle: `region_u8` (the computed region,
 * from fg_region_to_u8 in the same format `u8`) where it covers it, the
 * drawable's own pixels elsewhere.  The preview applies the selection mask
 * itself.  Returns the mean absolute change drawn (0..1, over the visible
 * rectangle's values). */
gdouble    fg_preview_draw_region (GimpPreview    *preview,
                                   const FgRegion *region,
                                   const Babl     *u8,
                                   const guchar   *region_u8);

/* Test support, active only when FREQGRAD_DIALOG_LOG names a file (which
 * also makes fg_preview_draw_region save what it draws, see preview.c): logs
 * each finished preview as a JSON line (dialog, latency, change drawn).
 * After the first preview it calls `change` (which alters a parameter, as
 * a user would) and logs the next preview's latency as the latency after a
 * parameter change; then, if FREQGRAD_DIALOG_RESPONSE is "ok" or "cancel",
 * it answers the dialog that way, after FREQGRAD_DIALOG_RESPONSE_DELAY_MS
 * (default 1500) milliseconds. */
void       fg_dialog_test_hook   (GtkWidget   *dialog,
                                  const gchar *name,
                                  gdouble      milliseconds,
                                  gdouble      change,
                                  void       (*change_parameter) (gpointer data),
                                  gpointer     data);

/* The frame both dialogs share: the content of `window` (a
 * GimpProcedureDialog) becomes a horizontal box whose left column holds the
 * drawable preview over a wrapping status line `status_chars` wide.  Returns
 * the box, for the caller's controls. */
GtkWidget *fg_dialog_layout_new  (GtkWidget    *window,
                                  GimpDrawable *drawable,
                                  gint          status_chars,
                                  GtkWidget   **preview,
                                  GtkWidget   **status);

/* A titled GIMP frame around `child`, shown. */
GtkWidget *fg_frame_new          (const gchar *title,
                                  GtkWidget   *child);

/* Formats a duration for the dialogs' status lines: "85 ms", "1.4 s". */
gchar     *fg_format_ms          (gdouble milliseconds);

#endif
