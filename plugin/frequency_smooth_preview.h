/* frequency_smooth_preview.h — computing the Frequency Smooth preview.
 *
 * The filter is global: every output pixel depends on the whole layer.
 * So the preview computes the whole layer, exactly as OK will.  The
 * forward transform is made once (again only if the boundary changes) and
 * kept, so a parameter change costs one mask and one inverse transform.
 * In periodic-noise mode the notches detected are kept too, detected again
 * only when a detection setting changes.
 * fs_preview_compute runs on the preview worker's thread, one computation
 * at a time (see preview_worker.h), and talks to no GIMP. */
#ifndef FG_PLUGIN_FREQUENCY_SMOOTH_PREVIEW_H
#define FG_PLUGIN_FREQUENCY_SMOOTH_PREVIEW_H

#include <gio/gio.h>

#include "drawable_io.h"
#include "frequency_smooth_settings.h"

typedef struct _FsPreview FsPreview;

typedef struct
{
  FsFilter         filter;          /* read into place (its notches point into it) */
  gboolean         want_spectrum;   /* also the input's spectrum, for the spectrum view */
} FsPreviewRequest;                 /* g_free() it */

typedef struct
{
  guchar  *u8;                      /* the region smoothed, in the preview's 8-bit format */
  gfloat  *spectrum;                /* the input's spectrum, if asked for and computed */
  gint     notch_count;             /* the notches used (periodic noise: those detected) */
  fg_notch notches[FG_MAX_NOTCHES];
} FsPreviewResult;

/* Keeps views of `region` (which must outlive the preview) and `u8`, the
 * 8-bit format results are made in. */
FsPreview *fs_preview_new         (const FgRegion   *region,
                                   const Babl       *u8);
void       fs_preview_free        (FsPreview        *preview);

/* The result for `request`; NULL when cancelled or failed (then *error may
 * be set). */
FsPreviewResult *fs_preview_compute (FsPreview              *preview,
                                     const FsPreviewRequest *request,
                                     GCancellable           *cancellable,
                                     GError                **error);
void       fs_preview_result_free (gpointer          result);

#endif
