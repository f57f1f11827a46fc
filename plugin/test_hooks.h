/* test_hooks.h — what the tests switch on through the environment.
 *
 * Nothing here acts unless its variable is set, and no user sets them:
 *   FREQGRAD_TEST_CANCEL_FILE   a run cancels while this file exists
 *   FREQGRAD_DIALOG_LOG         the dialogs log each preview (and save the
 *                               last one drawn) to this file
 *   FREQGRAD_DIALOG_RESPONSE    "ok" or "cancel": the dialog answers itself
 *   FREQGRAD_DIALOG_RESPONSE_DELAY_MS   ... after this long (default 1500)
 *   FREQGRAD_DIALOG_PREVIEW     "1": the in-dialog preview starts on also
 *                               when the filter is on the canvas
 *   FREQGRAD_DIALOG_CHANGE_DELAY_MS     the dialog changes a parameter this
 *                               long after its first preview (default 300)
 *   FREQGRAD_TEST_CANVAS_LOG    the canvas preview logs each change asked
 *                               for and each filter update, with the
 *                               monotonic clock's time (µs); the GEGL ops,
 *                               in GIMP's process, each render
 *   FREQGRAD_DIALOG_VIEW        "centre": the preview starts scrolled to the
 *                               middle of the image
 *   FREQGRAD_DIALOG_EXPAND      "1": expanders start open (their fields are
 *                               then painted, and logged)
 *   FREQGRAD_TEST_PROGRESS_LOG  denoise runs append the progress they
 *                               report to this file, a line per iteration
 *   FREQGRAD_DIALOG_SPECTRUM_CLICKS  "fx fy, fx fy, ...": instead of its
 *                               parameter change, the Frequency Smooth
 *                               dialog clicks its spectrum at these
 *                               frequencies (through the click's handler) */
#ifndef FG_PLUGIN_TEST_HOOKS_H
#define FG_PLUGIN_TEST_HOOKS_H

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

/* FREQGRAD_DIALOG_PREVIEW=1: the dialog's own preview starts on even with
 * the filter on the canvas (the GUI tests compare it with OK's result). */
gboolean     fg_test_dialog_preview     (void);

/* FREQGRAD_DIALOG_SPECTRUM_CLICKS, or NULL when unset or empty. */
const gchar *fg_test_spectrum_clicks    (void);

/* The file whose existence cancels a run, or NULL. */
const gchar *fg_test_cancel_file        (void);

/* A drawable preview was made: scrolls it to the middle once it has its
 * size, with FREQGRAD_DIALOG_VIEW=centre, so latencies are measured with a
 * margin on every side (the preview opens at the top left).  With
 * FREQGRAD_DIALOG_LOG set, every time the preview area is painted, what it
 * shows (read back from the area itself, whoever drew it) goes to
 * "<log>.shown" (as "<log>.preview", RGB), and a JSON line "shown" with its
 * mean absolute difference from the unfiltered drawable is logged. */
void         fg_test_preview_created    (GtkWidget    *preview);

/* A number field (a GtkSpinButton) for the setting `name` was made: with
 * FREQGRAD_DIALOG_LOG set, its first paint logs a JSON line "field" with
 * its text, its value, and whether the text fits in the entry. */
void         fg_test_field_created      (GtkWidget    *spin,
                                         const gchar  *name);

/* An expander was made: opened with FREQGRAD_DIALOG_EXPAND=1. */
void         fg_test_expander_created   (GtkWidget    *expander);

/* With FREQGRAD_DIALOG_LOG set, logs the JSON line
 * {"dialog": name, "event": event, "value": value, "expected": expected}. */
void         fg_test_log_value          (const gchar  *name,
                                         const gchar  *event,
                                         gdouble       value,
                                         gdouble       expected);

/* A frame titled `text` was made: with FREQGRAD_DIALOG_LOG set, logs the
 * JSON line {"event": "label", "text": text} (the German GUI test). */
void         fg_test_log_label          (const gchar  *text);

/* A denoise run reported `fraction` (0..1) of its work done after
 * `iteration` of at most `max_iterations`: with FREQGRAD_TEST_PROGRESS_LOG
 * set, the line "iteration max_iterations fraction" is appended to that
 * file. */
void         fg_test_progress           (gint          iteration,
                                         gint          max_iterations,
                                         gdouble       fraction);

/* The preview's visible rectangle was drawn: with FREQGRAD_DIALOG_LOG set it
 * goes to "<log>.preview" (a line "x y width height bpp", then the 8-bit
 * pixels), for the GUI test to compare with what OK produces. */
void         fg_test_preview_drawn      (const guchar *visible,
                                         gint          x,
                                         gint          y,
                                         gint          width,
                                         gint          height,
                                         gint          bpp);

/* A preview finished: with FREQGRAD_DIALOG_LOG set, logs it as a JSON line
 * (dialog `name`, latency, mean change drawn).  After the first preview it
 * calls `change_parameter` (which alters a parameter, as a user would) and
 * logs the next preview's latency as the latency after a parameter change;
 * then, if FREQGRAD_DIALOG_RESPONSE is "ok" or "cancel", it answers the
 * dialog that way after FREQGRAD_DIALOG_RESPONSE_DELAY_MS. */
void         fg_test_preview_finished   (GtkWidget    *dialog,
                                         const gchar  *name,
                                         gdouble       milliseconds,
                                         gdouble       change,
                                         void        (*change_parameter) (gpointer data),
                                         gpointer      data);

/* The dialog's "Show the filter on the canvas" toggle was made: with
 * FREQGRAD_DIALOG_CANVAS_HIDE=1 it is switched off (the canvas shows the
 * original). */
void         fg_test_canvas_toggle_created (GtkWidget   *toggle);

/* With FREQGRAD_DIALOG_MERGE_FILTER "1" or "0", sets the dialog's
 * merge-filter property `name` of `config` so. */
void         fg_test_merge_filter          (GObject     *config,
                                            const gchar *name);

#endif
