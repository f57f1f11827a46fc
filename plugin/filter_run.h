/* filter_run.h — the run of a filter over the selected drawables, shared by
 * both procedures: read every region, compute every result, and only then
 * write them all in one undo group, so a failure or cancel changes nothing. */
#ifndef FG_PLUGIN_FILTER_RUN_H
#define FG_PLUGIN_FILTER_RUN_H

#include "drawable_io.h"
#include "output_mode.h"

/* What a procedure's compute function gets for one drawable. */
typedef struct
{
  const FgRegion *region;
  fg_image        in;              /* the region's pixels (read only) */
  fg_image        out;             /* where the result goes (same geometry) */
  GPtrArray      *extra_layers;    /* FgExtraLayer*, see fg_job_add_grey_layer */
  fg_progress_fn  progress;        /* pass to the core: drives GIMP's progress bar */
  void           *progress_data;
} FgJob;

typedef struct
{
  gchar  *name;
  gfloat *grey;                    /* region width * height values in 0..1 */
} FgExtraLayer;

typedef gboolean (*FgComputeFunc) (FgJob    *job,
                                   gpointer  user_data,
                                   GError  **error);

/* A new region-sized grey buffer, or NULL with an error. */
gfloat  *fg_job_new_grey           (FgJob        *job,
                                    GError      **error);

/* Asks for a grey layer named `name` above the result; takes `grey`. */
void     fg_job_add_grey_layer     (FgJob        *job,
                                    const gchar  *name,
                                    gfloat       *grey);

/* Puts a non-destructive filter on `target` (the drawable, or its new-layer
 * copy) and returns it, appended; NULL with an error when GIMP refuses. */
typedef GimpDrawableFilter *(*FgAttachFunc) (GimpDrawable *target,
                                             gpointer      user_data,
                                             GError      **error);

/* Runs `compute` on each selected drawable.  `label` names the filter in
 * messages, the progress bar and the new layers ("Frequency Smooth").
 * Every drawable is checked first (fg_drawables_check: same image, not
 * locked, ...).  `working_copies` is how many float copies of a region the
 * computation needs besides the pixels read and the result: a run whose
 * memory would exceed what the system has available (MemAvailable, the
 * cgroup's memory.max, the address space left under RLIMIT_AS, counting
 * GEGL's tiles and GIMP's side) is refused up front with a message, before
 * anything is read or computed.  Every write into the image is checked; when
 * GIMP refuses one, the writes already made are undone and the error says
 * whether the image is unchanged.
 *
 * With `attach` (merge-filter off) the result is not written: `attach`
 * puts a filter on each target instead, in the same undo group, before the
 * extra layers; `compute` then only has to make the extra layers, and may
 * be NULL when there are none (nothing is read or computed). */
gboolean fg_run_filter             (GimpImage     *image,
                                    GimpDrawable **drawables,
                                    const gchar   *label,
                                    FgOutputMode   output,
                                    gdouble        working_copies,
                                    FgComputeFunc  compute,
                                    FgAttachFunc   attach,
                                    gpointer       user_data,
                                    GError       **error);

/* FALSE for FG_OK; otherwise sets `error` from the core's status and
 * message, prefixed with `label` (a cancel becomes G_IO_ERROR_CANCELLED,
 * see fg_failure_values) and returns TRUE. */
gboolean fg_core_failed (const gchar *label,
                         fg_status    status,
                         fg_error    *core_error,
                         GError     **error);

/* For RUN_INTERACTIVE, before the dialog: FALSE with an error
 * (FG_CALLING_ERROR) when no display can be opened (gimp-console, a batch
 * script), where GTK's start-up would exit the plug-in. */
gboolean fg_interactive_check (const gchar  *label,
                               GError      **error);

/* The return values of a failed run: CANCEL when the error is a cancel
 * (G_IO_ERROR_CANCELLED), CALLING_ERROR for FG_CALLING_ERROR,
 * EXECUTION_ERROR with the message otherwise. */
GimpValueArray *fg_failure_values (GimpProcedure *procedure,
                                   GError        *error);

#endif
