/* canvas_preview.h — a dialog's preview drawn on the canvas by GIMP itself.
 *
 * While a dialog is open, the freqgrad:* GEGL operation sits on the
 * drawable as a non-destructive filter whose properties follow the dialog's
 * config: GIMP renders it at every zoom, with the selection, and only where
 * it is visible.  The filter is the dialog's own: it is always removed when
 * the dialog closes (the procedure then writes pixels or appends its own
 * filter, as in batch mode), so Cancel leaves the layer as it was. */
#ifndef FG_PLUGIN_CANVAS_PREVIEW_H
#define FG_PLUGIN_CANVAS_PREVIEW_H

#include <libgimp/gimp.h>

#include "nde_filter.h"

typedef struct FgCanvasPreview FgCanvasPreview;

/* The filter on `drawable`, set from `config`, appended and shown; NULL with
 * an error when the GEGL module is missing (in this process, or GIMP
 * refuses the operation). */
FgCanvasPreview *fg_canvas_preview_new         (GimpDrawable         *drawable,
                                                const FgNdeOperation *op,
                                                GObject              *config,
                                                GError              **error);

/* The config changed: send the new properties to GIMP (from an idle, so a
 * burst of changes is one update). */
void             fg_canvas_preview_changed     (FgCanvasPreview *preview);

/* Shows the filtered or the original image on the canvas. */
void             fg_canvas_preview_set_visible (FgCanvasPreview *preview,
                                                gboolean         visible);

/* Milliseconds the last update took: properties sent, GIMP's update and
 * gimp_displays_flush returned (not the projection's render). */
gdouble          fg_canvas_preview_last_ms     (FgCanvasPreview *preview);

/* Removes the filter from the drawable and frees `preview`. */
void             fg_canvas_preview_free        (FgCanvasPreview *preview);

#endif
