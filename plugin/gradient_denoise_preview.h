/* gradient_denoise_preview.h — computing the Gradient Denoise preview.
 *
 * The result at a pixel depends on far-away pixels only weakly: the core's
 * fg_denoise_margin gives the margin beyond which a cut changes the
 * minimiser by less than a quarter of an 8-bit level, and n iterations read
 * at most n pixels around in any case.  So the preview denoises the visible
 * area plus the smaller of the two margins, or the whole layer when
 * that is smaller.  "Automatic strength" estimates the noise once, on the
 * whole layer as OK does, and the preview passes the resulting strength
 * explicitly.  Beyond the margin's tolerance the preview can differ from OK
 * through what the solver decides for the image as a whole: when momentum
 * restarts, and when the tolerance stops it.
 *
 * gd_preview_compute runs on the preview worker's thread (see
 * preview_worker.h) and talks to no GIMP; the rest is for the main thread. */
#ifndef FG_PLUGIN_GRADIENT_DENOISE_PREVIEW_H
#define FG_PLUGIN_GRADIENT_DENOISE_PREVIEW_H

#include <gio/gio.h>

#include "drawable_io.h"
#include "fg/gradient_denoise.h"

typedef struct _GdPreview GdPreview;

typedef struct
{
  fg_denoise_params params;                /* with an explicit strength */
  gint              x, y, width, height;   /* the crop, drawable coordinates */
  gint              margin;                /* beyond the visible area */
  gboolean          whole;                 /* the crop is the whole layer */
} GdPreviewRequest;                        /* g_free() it */

typedef struct
{
  FgRegion          crop;        /* the computed rectangle (pixels unused) */
  gint              margin;
  guchar           *u8;          /* the crop denoised, in the preview's 8-bit format */
  GArray           *energies;    /* gdouble per iteration */
  fg_denoise_report report;
} GdPreviewResult;

/* Keeps `region` (which must outlive the preview) and `u8`, the 8-bit
 * format results are made in; estimates the region's noise. */
GdPreview *gd_preview_new          (const FgRegion *region,
                                    const Babl     *u8);
void       gd_preview_free         (GdPreview      *preview);

/* The noise estimate of the whole layer (0..1 scale). */
gdouble    gd_preview_sigma        (const GdPreview *preview);

/* The strength "automatic" picks for the whole layer, as the run does (the
 * luma strength in luma-chroma), and the color strength (NAN unless
 * luma-chroma on an RGB layer); the luma-chroma estimates are made the first
 * time they are needed. */
gdouble    gd_preview_auto_lambda  (GdPreview               *preview,
                                    const fg_denoise_params *params);
gdouble    gd_preview_auto_lambda_chroma (GdPreview               *preview,
                                          const fg_denoise_params *params);

/* The color noise estimate of the whole layer (luma-chroma; RGB layers only, else -1). */
gdouble    gd_preview_sigma_chroma (GdPreview *preview);

/* The request for showing the visible rectangle x, y, width, height with
 * `params`: the strength made explicit, the crop with its margin. */
GdPreviewRequest *gd_preview_request (GdPreview               *preview,
                                      const fg_denoise_params *params,
                                      gint                     x,
                                      gint                     y,
                                      gint                     width,
                                      gint                     height);

/* Whether a computed crop (with `margin`) still holds the visible
 * rectangle with that margin: the view may have moved since. */
gboolean   gd_preview_crop_covers  (const GdPreview *preview,
                                    const FgRegion  *crop,
                                    gint             margin,
                                    gint             x,
                                    gint             y,
                                    gint             width,
                                    gint             height);

/* The result for `request`; NULL when cancelled or failed (then *error may
 * be set). */
GdPreviewResult *gd_preview_compute (GdPreview              *preview,
                                     const GdPreviewRequest *request,
                                     GCancellable           *cancellable,
                                     GError                **error);
void       gd_preview_result_free  (gpointer result);

#endif
