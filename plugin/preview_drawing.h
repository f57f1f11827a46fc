/* preview_drawing.h — drawing computed pixels into a GimpDrawablePreview,
 * shared by both dialogs. */
#ifndef FG_PLUGIN_PREVIEW_DRAWING_H
#define FG_PLUGIN_PREVIEW_DRAWING_H

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "drawable_io.h"

/* The region's float pixels in `u8` (fg_drawable_format (drawable, "u8"),
 * the layout gimp_preview_draw_buffer wants); NULL if out of memory.  Safe
 * on a worker thread: libgimp's calls to GIMP are not, so nothing here
 * talks to GIMP. */
guchar    *fg_region_to_u8        (const FgRegion *region,
                                   const Babl     *u8,
                                   const gfloat   *pixels);

/* Draws the preview's visible rectangle as OK will leave it: `region_u8`
 * (the computed region, from fg_region_to_u8 in the same format `u8`) where
 * it covers it, blended with the drawable's own pixels by the selection's
 * coverage as GIMP's merge does, the drawable's own pixels elsewhere.
 * Returns the mean absolute change drawn (0..1, over the visible
 * rectangle's values). */
gdouble    fg_preview_draw_region (GimpPreview    *preview,
                                   const FgRegion *region,
                                   const Babl     *u8,
                                   const guchar   *region_u8);

/* Draws the dialog's last result into `preview`; FALSE when it has none yet
 * (the unfiltered drawable is drawn then). */
typedef gboolean (*FgPreviewRedraw) (GimpPreview *preview,
                                     gpointer     data);

/* From now on, wherever GimpPreview would draw the unfiltered drawable
 * (size allocation, scrolling, invalidation) `redraw` is called instead, so
 * the last preview stays up until a new one is ready; with the Preview
 * toggle off the unfiltered drawable is drawn as before.  A NULL `redraw`
 * ends this (call it before `data` goes away). */
void       fg_preview_keep_drawn  (GimpPreview     *preview,
                                   FgPreviewRedraw  redraw,
                                   gpointer         data);

#endif
