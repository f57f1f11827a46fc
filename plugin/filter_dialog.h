/* filter_dialog.h — what both filter dialogs do alike, written once: read the
 * selection, run the preview on a worker, keep the canvas preview following
 * the config, draw the newest result into the dialog's preview and keep it
 * up while scrolling, the "Output" frame, and the teardown.
 *
 * A filter's dialog is an FgFilterDialogClass (its computation, controls and
 * status text) and a state struct that starts with an FgFilterDialog. */
#ifndef FG_PLUGIN_FILTER_DIALOG_H
#define FG_PLUGIN_FILTER_DIALOG_H

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "canvas_preview.h"
#include "drawable_io.h"
#include "nde_filter.h"
#include "preview_worker.h"

typedef struct FgFilterDialog FgFilterDialog;

typedef struct
{
  /* The title and the settings: the filter's `op->count` first, then output,
   * extra layers and merge-filter, which the "Output" frame shows. */
  const FgNdeOperation *op;
  gsize                 size;          /* the state struct's, FgFilterDialog first */
  gint                  status_chars;  /* the status line's width */

  /* Makes `dialog->computation`, the filter's preview computation over
   * `dialog->region`; `close` frees it and the filter's own state. */
  void                (*open)             (FgFilterDialog *dialog);
  void                (*close)            (FgFilterDialog *dialog);
  FgPreviewWork         compute;         /* worker thread; data: the computation */
  GDestroyNotify        result_free;

  /* The filter's frames, above "Output"; `main_box` takes columns after them. */
  void                (*build)            (FgFilterDialog *dialog,
                                           GtkWidget      *controls);
  void                (*build_side)       (FgFilterDialog *dialog,
                                           GtkWidget      *main_box);  /* or NULL */
  /* After a change of the filter's settings (and once at the start): the
   * widgets that follow them. */
  void                (*update)           (FgFilterDialog *dialog);
  /* A request for the current settings, `update` being the Preview toggle;
   * NULL when there is nothing to compute, with an error when the settings
   * are invalid. */
  gpointer            (*request)          (FgFilterDialog *dialog,
                                           gboolean        update,
                                           GError        **error);
  /* Main thread: the newest result, to show (fg_filter_dialog_show) and
   * report (fg_filter_dialog_report). */
  void                (*done)             (FgFilterDialog *dialog,
                                           gpointer        result,
                                           gdouble         milliseconds);
  /* Whether the kept result still holds the visible area; NULL: it always
   * does (the whole selection).  A crop's dialog also asks again when the
   * view moves during a computation. */
  gboolean            (*covers_view)      (FgFilterDialog *dialog);
  /* What the dialog test does to the parameters after the first preview. */
  void                (*change_for_test)  (gpointer        dialog);
} FgFilterDialogClass;

struct FgFilterDialog
{
  const FgFilterDialogClass *klass;
  GimpProcedureConfig       *config;
  FgCanvasPreview           *canvas;       /* the filter on the canvas, or NULL */
  FgRegion                   region;       /* the selection's pixels, read once */
  const Babl                *u8_format;    /* the preview's 8-bit format, asked once */
  gpointer                   computation;  /* the filter's preview computation */
  FgPreviewWorker           *worker;
  GtkWidget                 *window;
  GtkWidget                 *preview;
  GtkWidget                 *status;

  /* The newest finished preview: `shown` (the region, or a crop of it) in
   * drawable layout. */
  FgRegion                   shown;
  guchar                    *shown_u8;
  gboolean                   shown_current; /* computed with the current settings */
  GdkRectangle               requested;     /* the view of the newest request */
};

/* Runs the dialog of `klass` (gimp_ui_init must have been called) until OK
 * or Cancel: FALSE when cancelled; the settings end up in `config`.  Without
 * a selection on `drawable` (or without memory for it) there is no dialog
 * and the run goes on: TRUE. */
gboolean fg_filter_dialog_run     (const FgFilterDialogClass *klass,
                                   GimpProcedure             *procedure,
                                   GimpProcedureConfig       *config,
                                   GimpDrawable              *drawable);

/* Asks for a preview with the current settings. */
void     fg_filter_dialog_request (FgFilterDialog *dialog);

/* Keeps `u8` (taken) as the result for `shown` and draws it; returns the
 * mean change drawn. */
gdouble  fg_filter_dialog_show    (FgFilterDialog *dialog,
                                   const FgRegion *shown,
                                   guchar         *u8);

/* The status line `before` the computing time `after`, and the test log. */
void     fg_filter_dialog_report  (FgFilterDialog *dialog,
                                   gdouble         milliseconds,
                                   gdouble         change,
                                   const gchar    *before,
                                   const gchar    *after);

#endif
