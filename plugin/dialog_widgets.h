/* dialog_widgets.h — the pieces both dialogs are built from: a widget for
 * each declared setting, bound to the config, and the common layout. */
#ifndef FG_PLUGIN_DIALOG_WIDGETS_H
#define FG_PLUGIN_DIALOG_WIDGETS_H

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "canvas_preview.h"
#include "setting.h"

/* The widget for `setting`, kept in sync both ways with the config's
 * property of that name: a scale entry for numbers (the slider over the
 * setting's ui range, the entry limited to its valid range, whatever the
 * range of the PDB argument), a check button for booleans, a labelled combo
 * box for choices.  Label and tooltip come from the declaration; shown. */
GtkWidget *fg_setting_widget_new (GimpProcedureConfig *config,
                                  const FgSetting     *setting);

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
/* The "Merge filter" check box of `merge_setting` and, with a canvas
 * preview, a "Show the filter on the canvas" toggle for comparing with the
 * original.  With a canvas preview, merge-filter starts off (as in GIMP's own
 * filter dialogs); without one, a line says why (`why_not`) and merging is
 * forced on. */
GtkWidget *fg_canvas_controls_new (GimpProcedureConfig *config,
                                   const FgSetting     *merge_setting,
                                   FgCanvasPreview     *canvas,
                                   const gchar         *why_not);

gchar     *fg_format_ms          (gdouble milliseconds);

#endif
