/* drawable_io.h — moving pixels between GIMP drawables and core image views.
 *
 * Everything GIMP-specific about pixels lives here: which float format a
 * drawable is read in, the selection bounds, the shadow buffer and merge,
 * and new layers for results, spectra and gradient maps. */
#ifndef FG_PLUGIN_DRAWABLE_IO_H
#define FG_PLUGIN_DRAWABLE_IO_H

#include <libgimp/gimp.h>

#include "fg/common.h"

/* The plug-in's debug log domain: G_MESSAGES_DEBUG=freqgrad makes each run
 * log how long its phases took (fg_timings_log). */
#define FG_LOG_DOMAIN "freqgrad"

/* Wall time per phase of one run, summed over its drawables, in the order
 * the phases first occurred. */
#define FG_TIMINGS_MAX 16
typedef struct
{
  gint64       start;            /* g_get_monotonic_time () of the run's start */
  gdouble      age_ms;           /* the process's age then (its start-up), or -1 */
  gint64       last;             /* of the last mark */
  gint         count;
  const gchar *names[FG_TIMINGS_MAX];
  gint64       spent[FG_TIMINGS_MAX];   /* microseconds */
} FgTimings;

/* Starts the clock. */
void     fg_timings_start     (FgTimings      *timings);

/* Adds the time since the last mark (or the start) to phase `name`, a
 * static string; `timings` may be NULL. */
void     fg_timings_mark      (FgTimings      *timings,
                               const gchar    *name);

/* Logs (g_log, FG_LOG_DOMAIN, debug level) one line "timings {JSON}" with
 * `label`, each phase's milliseconds, the total, the process's age at the
 * start (Linux: from its start time) and its peak resident set (VmHWM) in
 * bytes. */
void     fg_timings_log       (const FgTimings *timings,
                               const gchar     *label);

/* Errors that are the caller's mistake (GIMP_PDB_CALLING_ERROR), not the
 * run's: see fg_failure_values. */
#define FG_CALLING_ERROR      G_IO_ERROR
#define FG_CALLING_ERROR_CODE G_IO_ERROR_INVALID_ARGUMENT

/* A drawable as a filter sees it: the whole drawable as packed float
 * pixels in its own colour space (with the perceptual, gamma-encoded TRC
 * for integer layers, the layer's own TRC for float layers, exact for HDR
 * values, linear for channels and masks), and the part the result is
 * written to: the selection's bounding box clipped to the drawable (GIMP's
 * merge then applies the selection's mask).  The filters read the whole
 * drawable, as GIMP's canvas preview of a non-destructive filter does, so
 * that OK gives what the canvas showed, also near the selection's edge. */
typedef struct
{
  GimpDrawable *drawable;
  gint          x, y, width, height;   /* the pixels read: the whole drawable */
  gint          target_x, target_y;    /* the part written: the selection's bounds, */
  gint          target_width, target_height;   /* in drawable coordinates */
  gint          channels;              /* 1..4: Y', Y'A, R'G'B', R'G'B'A */
  gboolean      has_alpha;
  const Babl   *format;
  gfloat       *pixels;                /* width * height * channels, packed */
} FgRegion;

/* The format a drawable's pixels are read and written in, with components
 * of `type` ("float", "u8"): its own colour space (babl_format_with_space
 * keeps the image's profile), with or without alpha.  Float components of
 * float, half and double layers keep the layer's own TRC (so HDR values
 * round-trip exactly); other layers use the perceptual TRC (where noise and
 * smoothing are judged by eye), channels and masks linear values.  Main thread only: it asks GIMP. */
const Babl *fg_drawable_format (GimpDrawable  *drawable,
                                const gchar   *type);

/* Refuses what the filters cannot work on, naming the drawable: a drawable
 * of another image than `image` (FG_CALLING_ERROR), indexed drawables (GIMP
 * only greys the menu; batch calls still arrive), layer groups, locked
 * pixels (the drawable's, its group's, a mask's layer's), and an empty
 * drawable list.  All drawables are checked before anything is done.
 * `procedure_label` is used in the messages, e.g. "Frequency Smooth". */
gboolean fg_drawables_check   (GimpImage      *image,
                               GimpDrawable  **drawables,
                               const gchar    *procedure_label,
                               GError        **error);

/* Reads `drawable` and its selection bounds.  Returns FALSE with `*empty` =
 * TRUE and no error when the selection does not touch the drawable
 * (nothing to do); FALSE with an error when memory runs out. */
gboolean fg_region_read       (GimpDrawable   *drawable,
                               FgRegion       *region,
                               gboolean       *empty,
                               GError        **error);

/* fg_region_read, marking its phases in `timings` (may be NULL). */
gboolean fg_region_read_timed (GimpDrawable   *drawable,
                               FgRegion       *region,
                               gboolean       *empty,
                               FgTimings      *timings,
                               GError        **error);

/* Frees the region's pixels. */
void     fg_region_clear      (FgRegion       *region);

/* A core view of `pixels`, which must have the region's geometry. */
fg_image fg_region_view       (const FgRegion *region,
                               gfloat         *pixels);

/* Writes the target part of `pixels` (the region's geometry) through the
 * shadow buffer of `target` (the region's own drawable, or a copy of it made
 * by fg_region_new_layer_copy), merges it (which applies the selection mask)
 * and updates the display there, marking its phases in `timings` (may be
 * NULL).  With `free_pixels` it frees `pixels` (g_free) once they are in
 * the shadow, in another thread while GIMP takes the shadow's tiles (the
 * unmapping of a large buffer costs about as much as a part of the
 * transfer), whatever the outcome.  FALSE with an error when GIMP refuses. */
gboolean fg_region_write      (const FgRegion *region,
                               GimpDrawable   *target,
                               gfloat         *pixels,
                               gboolean        free_pixels,
                               FgTimings      *timings,
                               GError        **error);

/* Puts the pixels read back into the target part of the region's drawable
 * (after a later write of the same run failed); FALSE when GIMP refuses. */
gboolean fg_region_restore    (const FgRegion *region);

/* Inserts a copy of the region's layer just above it, named
 * "<layer name> (<suffix>)", and returns it; NULL with an error (and no layer
 * left behind) when the drawable is not a layer (channels and masks can only
 * be replaced) or GIMP refuses. */
GimpLayer *fg_region_new_layer_copy (const FgRegion *region,
                                     const gchar    *suffix,
                                     GError        **error);

/* Inserts a new layer above `above`, covering the region's rectangle in
 * image coordinates, holding the 1-channel `grey` values (0..1, packed
 * width * height) shown as grey; NULL with an error (and no layer left
 * behind) when GIMP refuses. */
GimpLayer *fg_region_new_grey_layer (const FgRegion *region,
                                     GimpLayer      *above,
                                     const gchar    *name,
                                     const gfloat   *grey,
                                     GError        **error);

#endif
