/* gradient_denoise_preview.c — the visible area and its margin, denoised. */
#include <math.h>

#include "gradient_denoise_preview.h"
#include "gradient_denoise_settings.h"
#include "preview_drawing.h"
#include "preview_worker.h"

/* What a cut may change in the preview: a quarter of an 8-bit level. */
#define PREVIEW_TOLERANCE (0.25 / 255.0)

struct _GdPreview
{
  const FgRegion *region;
  const Babl     *u8;
  gdouble         sigma;         /* noise estimate of the whole layer */
  gdouble         texture;       /* its texture measure (NAN: not defined) */
  gdouble         sigma_luma;    /* luma-chroma: those of Y and of the chroma pair; < 0 until needed */
  gdouble         sigma_chroma;
  gdouble         texture_luma;  /* and their texture measures (NAN: not defined) */
  gdouble         texture_chroma;
  gdouble         value_range;   /* max - min of its premultiplied colour; < 0 until needed */
};

typedef struct
{
  GCancellable *cancellable;
  GArray       *energies;
} IterationState;

static gint
colour_channels (const FgRegion *region)
{
  return region->channels - (region->has_alpha ? 1 : 0);
}

GdPreview *
gd_preview_new (const FgRegion *region,
                const Babl     *u8)
{
  GdPreview *preview = g_new0 (GdPreview, 1);
  fg_image   in      = fg_region_view (region, region->pixels);
  fg_error   core_error;

  preview->region      = region;
  preview->u8          = u8;
  preview->value_range = -1.0;
  preview->sigma_luma = preview->sigma_chroma = -1.0;
  preview->texture_luma = preview->texture_chroma = NAN;
  fg_denoise_params defaults;

  /* sigma and the texture measure do not depend on the parameters: the
   * automatic strength of any energy and colour mode follows from them as in
   * the core (fg_denoise_auto_lambda) */
  fg_denoise_params_init (&defaults);
  if (fg_denoise_auto_lambda (&in, &defaults, NULL, &preview->sigma, &preview->texture,
                              &core_error) != FG_OK)
    {
      preview->sigma   = 0.0;
      preview->texture = NAN;
    }
  return preview;
}

void
gd_preview_free (GdPreview *preview)
{
  g_free (preview);
}

gdouble
gd_preview_sigma (const GdPreview *preview)
{
  return preview->sigma;
}

/* The luma-chroma estimates, the first time they are needed (RGB layers only). */
static void
ensure_luma_chroma (GdPreview *preview)
{
  fg_image in = fg_region_view (preview->region, preview->region->pixels);
  fg_error core_error;

  if (preview->sigma_luma >= 0.0 || colour_channels (preview->region) != 3)
    return;
  if (fg_estimate_luma_chroma (&in, 0, &preview->sigma_luma, &preview->sigma_chroma, &preview->texture_luma,
                               &preview->texture_chroma, &core_error) != FG_OK)
    {
      preview->sigma_luma = preview->sigma_chroma = 0.0;
      preview->texture_luma = preview->texture_chroma = NAN;
    }
}

gdouble
gd_preview_sigma_chroma (GdPreview *preview)
{
  ensure_luma_chroma (preview);
  return preview->sigma_chroma;
}

/* params with the strengths made explicit, as the run picks them for the whole layer. */
static fg_denoise_params
fixed_params (GdPreview               *preview,
              const fg_denoise_params *params)
{
  fg_denoise_params fixed = *params;
  gint              colour = colour_channels (preview->region);

  if (gd_params_luma_chroma (params, colour) && (params->auto_strength || params->auto_chroma_strength))
    ensure_luma_chroma (preview);
  gd_params_fix_strengths (&fixed, colour, preview->sigma, preview->texture, preview->sigma_luma,
                           preview->sigma_chroma, preview->texture_luma, preview->texture_chroma);
  return fixed;
}

gdouble
gd_preview_auto_lambda (GdPreview               *preview,
                        const fg_denoise_params *params)
{
  fg_denoise_params automatic = *params;

  automatic.auto_strength = 1;
  return fixed_params (preview, &automatic).lambda;
}

gdouble
gd_preview_auto_lambda_chroma (GdPreview               *preview,
                               const fg_denoise_params *params)
{
  fg_denoise_params automatic = *params;

  if (! gd_params_luma_chroma (params, colour_channels (preview->region)))
    return NAN;
  automatic.auto_chroma_strength = 1;
  return fixed_params (preview, &automatic).lambda_chroma;
}

/* max - min over the region's colour values, premultiplied by alpha as the
 * solver sees them (fg_denoise_margin's Tikhonov bound needs it). */
static gdouble
colour_value_range (const FgRegion *region)
{
  gint    colour = colour_channels (region);
  gsize   count  = (gsize) region->width * (gsize) region->height;
  gdouble low    = G_MAXDOUBLE, high = -G_MAXDOUBLE;

  for (gsize i = 0; i < count; i++)
    {
      const gfloat *pixel = region->pixels + i * region->channels;
      gdouble       alpha = region->has_alpha ? pixel[colour] : 1.0;

      for (gint c = 0; c < colour; c++)
        {
          low  = MIN (low, pixel[c] * alpha);
          high = MAX (high, pixel[c] * alpha);
        }
    }
  return high > low ? high - low : 0.0;
}

/* The margin the preview needs: the locality bound, or the iteration count
 * when that is smaller and the solver iterates (fg_denoise_crop_margin). */
static gint
margin_for (GdPreview               *preview,
            const fg_denoise_params *params)
{
  /* Only Tikhonov's bound reads the value range: scan the selection for it
   * the first time a Tikhonov preview is asked for. */
  if (params->energy == FG_ENERGY_TIKHONOV && preview->value_range < 0.0)
    preview->value_range = colour_value_range (preview->region);
  return fg_denoise_crop_margin (params, colour_channels (preview->region), params->lambda,
                                 MAX (preview->value_range, 0.0), PREVIEW_TOLERANCE);
}

/* The crop to compute for a visible rectangle: it plus the margin, in the region. */
static void
crop_for (const GdPreview  *preview,
          gint              x,
          gint              y,
          gint              width,
          gint              height,
          gint              margin,
          GdPreviewRequest *request)
{
  const FgRegion *r = preview->region;

  request->x      = CLAMP (x - margin, r->x, r->x + r->width - 1);
  request->y      = CLAMP (y - margin, r->y, r->y + r->height - 1);
  request->width  = CLAMP (x + width + margin, r->x + 1, r->x + r->width) - request->x;
  request->height = CLAMP (y + height + margin, r->y + 1, r->y + r->height) - request->y;
  request->margin = margin;
  request->whole  = request->width == r->width && request->height == r->height;
}

GdPreviewRequest *
gd_preview_request (GdPreview               *preview,
                    const fg_denoise_params *params,
                    gint                     x,
                    gint                     y,
                    gint                     width,
                    gint                     height)
{
  GdPreviewRequest *request = g_new0 (GdPreviewRequest, 1);

  request->params = fixed_params (preview, params);
  crop_for (preview, x, y, width, height, margin_for (preview, &request->params), request);
  return request;
}

gboolean
gd_preview_crop_covers (const GdPreview *preview,
                        const FgRegion  *crop,
                        gint             margin,
                        gint             x,
                        gint             y,
                        gint             width,
                        gint             height)
{
  GdPreviewRequest wanted;

  crop_for (preview, x, y, width, height, margin, &wanted);
  return wanted.x >= crop->x && wanted.y >= crop->y
         && wanted.x + wanted.width <= crop->x + crop->width
         && wanted.y + wanted.height <= crop->y + crop->height;
}

void
gd_preview_result_free (gpointer data)
{
  GdPreviewResult *result = data;

  g_free (result->u8);
  if (result->energies)
    g_array_unref (result->energies);
  g_free (result);
}

static int
on_iteration (void   *data,
              int     iteration,
              int     max_iterations,
              double  energy)
{
  IterationState *state = data;

  g_array_append_val (state->energies, energy);
  return g_cancellable_is_cancelled (state->cancellable) ? 1 : 0;
}

GdPreviewResult *
gd_preview_compute (GdPreview              *preview,
                    const GdPreviewRequest *request,
                    GCancellable           *cancellable,
                    GError                **error)
{
  const FgRegion   *region = preview->region;
  FgRegion          crop   = *region;
  fg_denoise_params params = request->params;
  fg_image          in, out;
  gfloat           *pixels;
  fg_error          core_error;
  fg_status         status;
  IterationState    state;
  GdPreviewResult  *result;

  crop.x      = request->x;
  crop.y      = request->y;
  crop.width  = request->width;
  crop.height = request->height;

  /* A view into the region's pixels: no copy. */
  in = fg_image_make (region->pixels
                        + ((gsize) (crop.y - region->y) * region->width + (crop.x - region->x))
                          * region->channels,
                      crop.width, crop.height, region->channels, region->has_alpha);
  in.stride = (ptrdiff_t) region->width * region->channels;

  pixels = g_try_malloc ((gsize) crop.width * crop.height * crop.channels * sizeof (gfloat));
  if (! pixels)
    {
      fg_preview_no_memory (error);
      return NULL;
    }
  out = fg_region_view (&crop, pixels);

  state.cancellable   = cancellable;
  state.energies      = g_array_new (FALSE, FALSE, sizeof (gdouble));
  params.on_iteration = on_iteration;
  params.user_data    = &state;

  result = g_new0 (GdPreviewResult, 1);
  result->crop        = crop;
  result->crop.pixels = NULL;
  result->margin      = request->margin;
  status = fg_gradient_denoise (&in, &out, &params, &result->report, &core_error);
  result->energies = state.energies;
  if (status == FG_OK)
    result->u8 = fg_region_to_u8 (&crop, preview->u8, pixels);
  g_free (pixels);

  if (! fg_preview_core_ok (status, &core_error, error) || ! result->u8)
    {
      if (status == FG_OK)
        fg_preview_no_memory (error);
      gd_preview_result_free (result);
      return NULL;
    }
  return result;
}
