/* frequency_smooth_preview.c — the whole layer, with the forward transform kept. */
#include "frequency_smooth_preview.h"
#include "preview_drawing.h"
#include "preview_worker.h"

#include <string.h>

struct _FsPreview
{
  const FgRegion     *region;
  const Babl         *u8;
  fg_image            in;
  fg_fft_context     *fft;
  fg_smooth_prepared *prepared;            /* the forward transform, for ... */
  fg_boundary         prepared_boundary;   /* ... this boundary */
  gboolean            detected;            /* periodic noise: the notches found ... */
  fg_periodic_params  detected_with;       /* ... with these settings */
  gint                notch_count;
  fg_notch            notches[FG_MAX_NOTCHES];
};

FsPreview *
fs_preview_new (const FgRegion *region,
                const Babl     *u8)
{
  FsPreview *preview = g_new0 (FsPreview, 1);

  preview->region = region;
  preview->u8     = u8;
  preview->in     = fg_region_view (region, region->pixels);
  preview->fft    = fg_fft_context_new ();
  return preview;
}

void
fs_preview_free (FsPreview *preview)
{
  if (! preview)
    return;
  g_clear_pointer (&preview->prepared, fg_smooth_prepared_free);
  fg_fft_context_free (preview->fft);
  g_free (preview);
}

void
fs_preview_result_free (gpointer data)
{
  FsPreviewResult *result = data;

  g_free (result->u8);
  g_free (result->spectrum);
  g_free (result);
}

static gfloat *
input_spectrum (FsPreview              *preview,
                const fg_smooth_params *params)
{
  const FgRegion *region   = preview->region;
  gfloat         *spectrum = g_try_malloc ((gsize) region->width * region->height * sizeof (gfloat));
  fg_image        view;
  fg_error        core_error;

  if (! spectrum)
    return NULL;
  view = fg_image_make (spectrum, region->width, region->height, 1, 0);
  if (fg_frequency_spectra (preview->fft, &preview->in, params, &view, NULL, NULL,
                            &core_error) != FG_OK)
    g_clear_pointer (&spectrum, g_free);
  return spectrum;
}

/* The notches `filter` uses on the preview's image: periodic noise detects
 * them (again only when a detection setting changed), manual ones get
 * their radius. */
static gboolean
find_notches (FsPreview    *preview,
              FsFilter     *filter,
              GCancellable *cancellable,
              GError      **error)
{
  fg_periodic_params *with = &preview->detected_with;
  fg_error            core_error;

  if (filter->detect && preview->detected && fs_same_detection (with, &filter->periodic))
    {
      memcpy (filter->notches, preview->notches, sizeof preview->notches);
      filter->smooth.notch_count = preview->notch_count;
      return TRUE;
    }
  filter->smooth.progress      = fg_preview_cancelled;
  filter->smooth.progress_data = cancellable;
  if (! fg_preview_core_ok (fs_filter_detect (filter, preview->fft, &preview->in, &core_error),
                            &core_error, error))
    return FALSE;
  if (filter->detect)
    {
      preview->detected      = TRUE;
      preview->detected_with = filter->periodic;
      preview->notch_count   = filter->smooth.notch_count;
      memcpy (preview->notches, filter->notches, sizeof preview->notches);
    }
  return TRUE;
}

FsPreviewResult *
fs_preview_compute (FsPreview              *preview,
                    const FsPreviewRequest *request,
                    GCancellable           *cancellable,
                    GError                **error)
{
  const FgRegion  *region = preview->region;
  FsFilter         filter;
  fg_smooth_params params;
  fg_error         core_error;
  gfloat          *out;
  fg_image         out_view;
  FsPreviewResult *result;

  fs_filter_copy (&filter, &request->filter);
  if (! find_notches (preview, &filter, cancellable, error))
    return NULL;
  params = filter.smooth;

  if (! preview->prepared || preview->prepared_boundary != params.boundary)
    {
      g_clear_pointer (&preview->prepared, fg_smooth_prepared_free);
      if (! fg_preview_core_ok (fg_smooth_prepare (preview->fft, &preview->in, params.boundary, 0,
                                                   &preview->prepared, &core_error),
                                &core_error, error))
        return NULL;
      preview->prepared_boundary = params.boundary;
    }
  if (g_cancellable_is_cancelled (cancellable))
    return NULL;

  out = g_try_malloc ((gsize) region->width * region->height * region->channels * sizeof (gfloat));
  if (! out)
    {
      fg_preview_no_memory (error);
      return NULL;
    }
  out_view = fg_region_view (region, out);
  params.progress      = fg_preview_cancelled;
  params.progress_data = cancellable;
  if (! fg_preview_core_ok (fg_smooth_apply (preview->prepared, &params, &out_view, &core_error),
                            &core_error, error))
    {
      g_free (out);
      return NULL;
    }

  result = g_new0 (FsPreviewResult, 1);
  result->notch_count = params.notch_count;
  memcpy (result->notches, params.notches, params.notch_count * sizeof (fg_notch));
  result->u8 = fg_region_to_u8 (region, preview->u8, out);
  g_free (out);
  if (! result->u8)
    {
      fs_preview_result_free (result);
      fg_preview_no_memory (error);
      return NULL;
    }
  if (request->want_spectrum)
    result->spectrum = input_spectrum (preview, &params);
  return result;
}
