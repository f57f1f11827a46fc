/* merge_in_gimp.h — a merged run done by GIMP itself: the freqgrad GEGL
 * operation put on the layer as a filter and merged at once, instead of the
 * plug-in reading the layer, calling the core and writing the result.
 *
 * Why: a plug-in moves pixels to and from GIMP tile by tile, each tile a
 * round trip through GIMP's main loop; on a 24-megapixel photo reading and
 * writing took about as long as Frequency Smooth's own computation.  GIMP
 * merging the operation reads its own buffers in its own process.  The
 * operation computes the same thing with the same core (the GEGL tests
 * hold the two within one 8-bit level).
 *
 * Only where the result is the same as the plug-in's and a failure is
 * caught: see fg_merge_in_gimp_possible. */
#ifndef FG_PLUGIN_MERGE_IN_GIMP_H
#define FG_PLUGIN_MERGE_IN_GIMP_H

#include <libgimp/gimp.h>

#include "procedure_run.h"

/* TRUE when this run can be merged by GIMP: non-interactive (the dialog's
 * runs keep the plug-in's progress and cancel), merge-filter TRUE, one
 * drawable, a layer that is not a group and carries no filter (merging
 * ours must not depend on, or bake, another), of an image whose precision
 * is an integer one (u8, u16, u32: no NaN or infinity, which the plug-in
 * refuses with a message), with no selection (GIMP merges a filter only
 * within the selection's bounding box, so a filter that looks at the whole
 * layer would differ), and GIMP makes the operation (the GEGL module is
 * installed; asked without GIMP showing an error when it is not).  The
 * caller adds its own conditions (no extra layers; an operation that
 * computes the whole image at once).  FREQGRAD_TEST_NO_GEGL_MODULE set:
 * always FALSE. */
gboolean            fg_merge_in_gimp_possible (GimpRunMode          run_mode,
                                               GimpImage           *image,
                                               GimpDrawable       **drawables,
                                               const FgRunChoices  *choices);

/* An FgAttachFunc for fg_run_filter (whose undo group then holds the
 * merge): `choices`' operation appended to `target` and merged.  Returns
 * the filter, merged (GIMP no longer has it on the layer), or NULL with an
 * error and the layer as it was. */
GimpDrawableFilter *fg_merge_in_gimp_attach   (GimpDrawable        *target,
                                               gpointer             choices,
                                               GError             **error);

#endif
