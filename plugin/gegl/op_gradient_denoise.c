/* op_gradient_denoise.c — freqgrad:gradient-denoise, the core's Gradient
 * Denoise as a GEGL area filter.
 *
 * Locality.  fg_denoise_margin gives the margin beyond which cutting the
 * image changes the minimiser by less than TILE_CUT_TOLERANCE; n iterations
 * of an iterative solver read at most n pixels around anyway, so the margin
 * is the smaller of the two there (fg_denoise_crop_margin, as in the
 * plug-in's preview; Tikhonov's direct solver takes the bound itself).  prepare() sets the area margins to it
 * and process() solves each requested rectangle plus the margin on its own:
 * a zoomed view of a large photo costs its own area, not the photo.
 *
 * What the core decides for the image as a whole is made tile-independent:
 *   - lambda: automatic strength estimates the noise and the texture ONCE
 *     on the whole input (fg_denoise_auto_lambda, as the core does) and every tile is solved
 *     with the resulting lambda; the Tikhonov margin likewise needs the
 *     whole input's value range.  These "input statistics" are cached; the
 *     op asks GEGL for the whole input only on the first render after the
 *     input changed (get_required_for_output), later renders read only the
 *     rectangle plus the margin.  The input counts as changed when GEGL
 *     reports a change of it (get_invalidated_by_change, which GEGL calls
 *     for input changes only, never for our own property changes) or when
 *     its producer node, bounding box or format differ.
 *   - early stopping: the stopping test is judged per tile, so each tile
 *     that is not the whole input (a crop, cut off from the rest) is
 *     solved to a tolerance TILE_TOLERANCE_FACTOR times tighter than asked,
 *     i.e. closer to the unique minimiser; neighbouring tiles then agree to
 *     the cut tolerance and the whole-image result (stopped at the asked
 *     tolerance) to within its own stopping error.
 *   - momentum restarts are per tile too; like the stopping they only move
 *     the iterate along its way to the same minimiser.
 * With automatic strength a change anywhere in the input changes lambda, so
 * it invalidates the whole output.  In luma-chroma (color-space) on RGB the
 * luma and the color noise are estimated once too
 * (fg_estimate_luma_chroma: noise and texture), the first time a render needs them, and
 * both strengths are fixed for every tile.
 *
 * Warm start.  Each solve's result (the crop plus margin, as solved) is kept
 * with the rectangle it was requested for and the input it was solved from
 * (generation, producer, bounding box, format).  When a property changes
 * and the same rectangle is rendered again from the same input, the solve
 * starts from that result (fg_gradient_denoise_warm; where the crops differ,
 * from the input) instead of the input: the minimiser and the duality-gap
 * stop are the same, the path is shorter.  An input change drops every kept
 * result (get_invalidated_by_change), and a kept result is used only when
 * its input matches the current one.  Results are kept for at most
 * WARM_BUDGET bytes, the oldest dropped first.  Luma-chroma (on RGB) and
 * signal-dependent noise are solved cold (the core solves them in another
 * space and ignores a start).  FREQGRAD_GEGL_WARM_START=0
 * turns it off (tests, benchmarks). */
#include <math.h>
#include <string.h>

#include "op_common.h"
#include "op_properties.h"
#include "gradient_denoise_settings.h"

#include "fg/gradient_denoise.h"

#define TILE_CUT_TOLERANCE    (0.25 / 255.0)
#define TILE_TOLERANCE_FACTOR 0.1

typedef struct
{
  gboolean       valid;
  guint          generation;
  GeglNode      *source;       /* compared only, never dereferenced */
  GeglRectangle  bbox;
  const Babl    *format;
  fg_status      status;       /* FG_OK, or why the input was refused */
  gchar          message[FG_ERROR_MESSAGE_SIZE];
  gdouble        sigma;
  gdouble        texture;      /* fg/texture_estimate.h; NAN where not defined */
  gdouble        value_range;
  gboolean       luma_chroma;  /* sigma_luma, sigma_chroma, texture_* measured (only when needed) */
  gdouble        sigma_luma;
  gdouble        sigma_chroma;
  gdouble        texture_luma;   /* NAN where not defined */
  gdouble        texture_chroma;
} InputStats;

/* A kept result (see "Warm start"). */
typedef struct
{
  GeglRectangle  roi;          /* the rectangle it was requested for */
  GeglRectangle  crop;         /* what was solved: pixels covers it */
  guint          generation;
  GeglNode      *source;       /* compared only, never dereferenced */
  GeglRectangle  bbox;
  const Babl    *format;
  gfloat        *pixels;
  gsize          bytes;
} WarmResult;

#define WARM_BUDGET ((gsize) 64 << 20)

typedef struct
{
  GeglOperationAreaFilter parent_instance;

  guint                   warned;
  gint                    generation;   /* bumped on every input change */

  GMutex                  lock;         /* guards stats and warm */
  InputStats              stats;
  GQueue                  warm;         /* WarmResult *, oldest first */
  gsize                   warm_bytes;
} FgOpGradientDenoise;

typedef struct
{
  GeglOperationAreaFilterClass parent_class;
} FgOpGradientDenoiseClass;

G_DEFINE_DYNAMIC_TYPE (FgOpGradientDenoise, fg_op_gradient_denoise, GEGL_TYPE_OPERATION_AREA_FILTER)

static const FgOpSettings properties = {
  gd_settings, GD_N_FILTER_SETTINGS, "FreqgradGradientDenoise"
};

static gboolean
needs_luma_chroma (const fg_denoise_params *params)
{
  return params->colour_space == FG_COLOUR_SPACE_LUMA_CHROMA
         && (params->auto_strength || params->auto_chroma_strength);
}

static gboolean
needs_stats (const fg_denoise_params *params)
{
  return params->auto_strength || params->energy == FG_ENERGY_TIKHONOV || needs_luma_chroma (params);
}

static GeglRectangle
input_bbox (GeglOperation *operation)
{
  const GeglRectangle *in = gegl_operation_source_get_bounding_box (operation, "input");
  GeglRectangle        empty = { 0, 0, 0, 0 };

  return in ? *in : empty;
}

/* Whether the cached statistics are those of the current input (with the
 * luma-chroma estimates when `params` need them).  Lock held. */
static gboolean
stats_current (FgOpGradientDenoise     *self,
               const fg_denoise_params *params)
{
  GeglOperation *operation = GEGL_OPERATION (self);
  GeglRectangle  bbox      = input_bbox (operation);

  return self->stats.valid
      && self->stats.generation == (guint) g_atomic_int_get (&self->generation)
      && self->stats.source == gegl_operation_get_source_node (operation, "input")
      && gegl_rectangle_equal (&self->stats.bbox, &bbox)
      && self->stats.format == gegl_operation_get_format (operation, "input")
      && (self->stats.luma_chroma || ! needs_luma_chroma (params));
}

static gint
colour_channels (const Babl *format)
{
  gint     channels;
  gboolean has_alpha;

  fg_op_format_layout (format, &channels, &has_alpha);
  return channels - (has_alpha ? 1 : 0);
}

/* params with the strengths every tile uses made explicit. */
static fg_denoise_params
tile_params (const fg_denoise_params *params,
             const InputStats        *stats,
             gint                     colour)
{
  fg_denoise_params fixed = *params;

  gd_params_fix_strengths (&fixed, colour, stats->sigma, stats->texture, stats->sigma_luma,
                           stats->sigma_chroma, stats->texture_luma, stats->texture_chroma);
  return fixed;
}

/* The margin for params with explicit strengths. */
static gint
tile_margin (const fg_denoise_params *params,
             gdouble                  value_range,
             gint                     colour)
{
  return fg_denoise_crop_margin (params, colour, params->lambda, value_range, TILE_CUT_TOLERANCE);
}

/* The margin for the current properties, or -1 when it needs statistics of
 * the input that are not cached (then the whole input is needed). */
static gint
current_margin (FgOpGradientDenoise *self)
{
  fg_denoise_params params;
  const Babl       *format = gegl_operation_get_format (GEGL_OPERATION (self), "input");
  gint              colour = format ? colour_channels (format) : 3;
  gint              margin = -1;

  if (! gd_settings_to_params (G_OBJECT (self), &params, NULL))
    return 0;
  g_mutex_lock (&self->lock);
  if (! needs_stats (&params))
    {
      InputStats none = { 0 };
      fg_denoise_params fixed = tile_params (&params, &none, colour);

      margin = tile_margin (&fixed, 1.0, colour);
    }
  else if (stats_current (self, &params))
    {
      fg_denoise_params fixed = tile_params (&params, &self->stats, colour);

      margin = self->stats.status != FG_OK ? 0 : tile_margin (&fixed, self->stats.value_range, colour);
    }
  g_mutex_unlock (&self->lock);
  return margin;
}

static void
set_area (GeglOperation *operation,
          gint           margin)
{
  GeglOperationAreaFilter *area = GEGL_OPERATION_AREA_FILTER (operation);

  area->left = area->right = area->top = area->bottom = MAX (margin, 0);
}

static void
prepare (GeglOperation *operation)
{
  fg_op_set_formats (operation);
  set_area (operation, current_margin ((FgOpGradientDenoise *) operation));
}

/* The result covers the input and no more: an area filter's default grows
 * the bounding box by its margins (right for a blur, not for a denoiser),
 * and GIMP would then enlarge the layer it renders or merges into. */
static GeglRectangle
get_bounding_box (GeglOperation *operation)
{
  return input_bbox (operation);
}

/* GIMP renders a view in many small chunks, and each would be solved with
 * its own margin (a 128 px chunk with a 50 px margin costs three times its
 * area) and its own start-up.  So GEGL is asked to compute and cache whole
 * blocks: the whole input up to WHOLE_SOLVE_PIXELS (one solve, as the
 * plug-in does), else for a request smaller than a block the
 * CACHE_BLOCK-pixel squares it touches, aligned on the input's corner, so
 * that a zoomed view of a large photo still costs about its own area (a
 * request of a block or more is solved as it is).  The tests set FREQGRAD_GEGL_SOLVE_BLOCK: 0 solves each requested
 * rectangle on its own (the locality checks), N > 0 uses N-pixel blocks
 * whatever the size. */
#define WHOLE_SOLVE_PIXELS (2 << 20)
#define CACHE_BLOCK        512

static gint
block_floor (gint value,
             gint origin,
             gint block)
{
  return origin + (gint) floor ((gdouble) (value - origin) / block) * block;
}

static GeglRectangle
get_cached_region (GeglOperation       *operation,
                   const GeglRectangle *roi)
{
  GeglRectangle bbox  = input_bbox (operation), blocks;
  const gchar  *test  = g_getenv ("FREQGRAD_GEGL_SOLVE_BLOCK");
  gint          block = test ? (gint) g_ascii_strtoll (test, NULL, 10) : CACHE_BLOCK;
  gint          x0, y0, x1, y1;

  if (gegl_rectangle_is_infinite_plane (&bbox) || bbox.width < 1 || bbox.height < 1 || block <= 0)
    return *roi;
  if (! test && (gdouble) bbox.width * bbox.height <= WHOLE_SOLVE_PIXELS)
    return bbox;
  if (roi->width >= block && roi->height >= block)   /* a large request is its own block */
    return *roi;
  x0 = block_floor (roi->x, bbox.x, block);
  y0 = block_floor (roi->y, bbox.y, block);
  x1 = block_floor (roi->x + roi->width + block - 1, bbox.x, block);
  y1 = block_floor (roi->y + roi->height + block - 1, bbox.y, block);
  blocks = (GeglRectangle) { x0, y0, x1 - x0, y1 - y0 };
  if (! gegl_rectangle_intersect (&blocks, &blocks, &bbox))
    return *roi;
  return blocks;
}

static GeglRectangle
get_required_for_output (GeglOperation       *operation,
                         const gchar         *input_pad,
                         const GeglRectangle *roi)
{
  gint margin = current_margin ((FgOpGradientDenoise *) operation);

  if (margin < 0)
    return input_bbox (operation);
  return fg_op_grown (roi, margin);
}

static void
warm_free (WarmResult *result)
{
  g_free (result->pixels);
  g_free (result);
}

/* Drops every kept result.  Lock held. */
static void
warm_clear (FgOpGradientDenoise *self)
{
  WarmResult *result;

  while ((result = g_queue_pop_head (&self->warm)))
    warm_free (result);
  self->warm_bytes = 0;
}

static gboolean
warm_enabled (void)
{
  const gchar *value = g_getenv ("FREQGRAD_GEGL_WARM_START");

  return ! value || g_ascii_strtoll (value, NULL, 10) != 0;
}

/* Takes the kept result for roi out of the cache if it was solved from the
 * current input (NULL if none); drops results of other inputs. */
static WarmResult *
warm_take (FgOpGradientDenoise *self,
           const GeglRectangle *roi,
           const Babl          *format)
{
  GeglOperation *operation = GEGL_OPERATION (self);
  GeglRectangle  bbox      = input_bbox (operation);
  GeglNode      *source    = gegl_operation_get_source_node (operation, "input");
  guint          generation = (guint) g_atomic_int_get (&self->generation);
  WarmResult    *found     = NULL;
  GList         *link, *next;

  g_mutex_lock (&self->lock);
  for (link = self->warm.head; link; link = next)
    {
      WarmResult *result = link->data;

      next = link->next;
      if (result->generation != generation || result->source != source
          || ! gegl_rectangle_equal (&result->bbox, &bbox) || result->format != format)
        {
          self->warm_bytes -= result->bytes;
          g_queue_delete_link (&self->warm, link);
          warm_free (result);
        }
      else if (! found && gegl_rectangle_equal (&result->roi, roi))
        {
          found = result;
          self->warm_bytes -= result->bytes;
          g_queue_delete_link (&self->warm, link);
        }
    }
  g_mutex_unlock (&self->lock);
  return found;
}

/* Keeps a copy of a solved crop for roi, unless the input changed since
 * `generation` was read; the oldest results go beyond WARM_BUDGET. */
static void
warm_keep (FgOpGradientDenoise *self,
           const GeglRectangle *roi,
           const GeglRectangle *crop,
           const Babl          *format,
           guint                generation,
           const fg_image      *view)
{
  GeglOperation *operation = GEGL_OPERATION (self);
  gsize          bytes     = (gsize) view->width * view->height * view->channels * sizeof (gfloat);
  WarmResult    *result;

  gfloat        *copy;

  if (bytes > WARM_BUDGET || ! (copy = g_try_malloc (bytes)))
    return;
  memcpy (copy, view->data, bytes);
  result = g_new0 (WarmResult, 1);
  result->roi        = *roi;
  result->crop       = *crop;
  result->generation = generation;
  result->source     = gegl_operation_get_source_node (operation, "input");
  result->bbox       = input_bbox (operation);
  result->format     = format;
  result->pixels     = copy;
  result->bytes      = bytes;
  g_mutex_lock (&self->lock);
  if (generation != (guint) g_atomic_int_get (&self->generation))
    {
      g_mutex_unlock (&self->lock);
      warm_free (result);
      return;
    }
  /* one result per rectangle */
  for (GList *link = self->warm.head; link; link = link->next)
    {
      WarmResult *old = link->data;

      if (gegl_rectangle_equal (&old->roi, roi))
        {
          self->warm_bytes -= old->bytes;
          g_queue_delete_link (&self->warm, link);
          warm_free (old);
          break;
        }
    }
  while (self->warm_bytes + bytes > WARM_BUDGET && ! g_queue_is_empty (&self->warm))
    {
      WarmResult *old = g_queue_pop_head (&self->warm);

      self->warm_bytes -= old->bytes;
      warm_free (old);
    }
  g_queue_push_tail (&self->warm, result);
  self->warm_bytes += bytes;
  g_mutex_unlock (&self->lock);
}

/* The start for a solve of `crop` (view holds its input): the kept result
 * where it covers the crop, the input elsewhere.  NULL when out of memory. */
static gfloat *
warm_start_pixels (const WarmResult    *result,
                   const GeglRectangle *crop,
                   const fg_image      *view)
{
  GeglRectangle common;
  gsize         pixel = (gsize) view->channels;
  gsize         count = (gsize) view->width * view->height * pixel;
  gfloat       *start = g_try_new (gfloat, count);

  if (! start)
    return NULL;
  memcpy (start, view->data, count * sizeof (gfloat));
  if (gegl_rectangle_intersect (&common, crop, &result->crop))
    for (gint y = common.y; y < common.y + common.height; y++)
      memcpy (start + ((gsize) (y - crop->y) * crop->width + (common.x - crop->x)) * pixel,
              result->pixels + ((gsize) (y - result->crop.y) * result->crop.width
                                + (common.x - result->crop.x)) * pixel,
              (gsize) common.width * pixel * sizeof (gfloat));
  return start;
}

static GeglRectangle
get_invalidated_by_change (GeglOperation       *operation,
                           const gchar         *input_pad,
                           const GeglRectangle *input_roi)
{
  FgOpGradientDenoise *self = (FgOpGradientDenoise *) operation;
  fg_denoise_params    params;
  gint                 margin;

  g_mutex_lock (&self->lock);
  g_atomic_int_inc (&self->generation);
  warm_clear (self);
  g_mutex_unlock (&self->lock);
  if (! gd_settings_to_params (G_OBJECT (operation), &params, NULL)
      || params.auto_strength || needs_luma_chroma (&params))
    return input_bbox (operation);
  margin = MAX (current_margin (self), GEGL_OPERATION_AREA_FILTER (operation)->left);
  return fg_op_grown (input_roi, margin);
}

/* Reads the whole input once for the statistics (with the luma-chroma
 * estimates when `luma_chroma`).  Lock held. */
static void
compute_stats (FgOpGradientDenoise *self,
               GeglBuffer          *input,
               const Babl          *format,
               gboolean             luma_chroma)
{
  GeglOperation *operation = GEGL_OPERATION (self);
  InputStats    *stats     = &self->stats;
  fg_error       error     = { FG_OK, "" };
  fg_image       view;
  gfloat        *pixels;
  fg_denoise_params defaults;

  stats->generation = (guint) g_atomic_int_get (&self->generation);
  stats->source     = gegl_operation_get_source_node (operation, "input");
  stats->bbox       = input_bbox (operation);
  stats->format     = format;
  stats->valid      = TRUE;
  stats->message[0] = '\0';
  stats->sigma      = 0.0;
  stats->texture    = NAN;
  stats->value_range = 0.0;
  stats->luma_chroma = luma_chroma;
  stats->sigma_luma = stats->sigma_chroma = 0.0;
  stats->texture_luma = stats->texture_chroma = NAN;

  g_log (FG_GEGL_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "gradient-denoise: input statistics %dx%d",
         stats->bbox.width, stats->bbox.height);
  if (stats->bbox.width < 1 || stats->bbox.height < 1)
    {
      stats->status = FG_ERR_SIZE;
      return;
    }
  pixels = fg_op_read (input, &stats->bbox, format, &view);
  if (! pixels)
    {
      stats->status = FG_ERR_NOMEM;
      stats->valid  = FALSE;   /* try again next time */
      return;
    }
  /* sigma and the texture measure of the whole input, as the core's
   * automatic strength takes them (fg_denoise_auto_lambda); the lambda of any
   * energy and colour mode follows from them (tile_params) */
  fg_denoise_params_init (&defaults);
  defaults.threads = fg_op_threads ();
  stats->status = fg_denoise_auto_lambda (&view, &defaults, NULL, &stats->sigma, &stats->texture, &error);
  if (stats->status == FG_OK && luma_chroma && view.channels - (view.has_alpha ? 1 : 0) == 3)
    stats->status = fg_estimate_luma_chroma (&view, fg_op_threads (), &stats->sigma_luma, &stats->sigma_chroma,
                                             &stats->texture_luma, &stats->texture_chroma, &error);
  if (stats->status == FG_OK)
    {
      /* max - min of the colour premultiplied by alpha, as the solver sees it */
      gint    colour = view.channels - (view.has_alpha ? 1 : 0);
      gdouble low = G_MAXDOUBLE, high = -G_MAXDOUBLE;
      gsize   count = (gsize) view.width * view.height;

      for (gsize i = 0; i < count; i++)
        {
          const gfloat *pixel = view.data + i * view.channels;
          gdouble       alpha = view.has_alpha ? pixel[colour] : 1.0;

          for (gint c = 0; c < colour; c++)
            {
              low  = MIN (low, pixel[c] * alpha);
              high = MAX (high, pixel[c] * alpha);
            }
        }
      stats->value_range = high > low ? high - low : 0.0;
    }
  else
    g_strlcpy (stats->message, error.message, sizeof stats->message);
  g_free (pixels);
}

static gboolean
process (GeglOperation       *operation,
         GeglBuffer          *input,
         GeglBuffer          *output,
         const GeglRectangle *roi,
         gint                 level)
{
  FgOpGradientDenoise *self   = (FgOpGradientDenoise *) operation;
  const Babl          *format = gegl_operation_get_format (operation, "output");
  const FgOpCall       call   = { operation, &self->warned, input, output, roi, format };
  GeglRectangle        bbox   = input_bbox (operation);
  gint                 colour = colour_channels (format);
  InputStats           stats  = { 0 };
  fg_denoise_params    params;
  fg_error             error  = { FG_OK, "" };
  GError              *gerror = NULL;
  GeglRectangle        crop;
  fg_image             view;
  gfloat              *pixels;
  fg_status            status;
  fg_denoise_report    report = { 0 };
  gint64               start;
  gint                 margin;
  guint                generation = (guint) g_atomic_int_get (&self->generation);
  gboolean             warm       = warm_enabled ();
  WarmResult          *kept       = NULL;
  gfloat              *first      = NULL;

  if (! gd_settings_to_params (G_OBJECT (operation), &params, &gerror))
    {
      fg_op_fail_settings (&call, gerror);
      return TRUE;
    }

  stats.value_range = 1.0;
  if (needs_stats (&params))
    {
      g_mutex_lock (&self->lock);
      if (! stats_current (self, &params))
        compute_stats (self, input, format, needs_luma_chroma (&params));
      stats = self->stats;
      g_mutex_unlock (&self->lock);
      if (stats.status != FG_OK)
        {
          fg_op_fail (&call, stats.status, stats.message[0] ? stats.message : NULL);
          return TRUE;
        }
    }

  params         = tile_params (&params, &stats, colour);
  params.threads = fg_op_threads ();
  margin = tile_margin (&params, stats.value_range, colour);
  set_area (operation, margin);

  crop = fg_op_grown (roi, margin);
  if (! gegl_rectangle_intersect (&crop, &crop, &bbox))
    return TRUE;
  /* Only a cut needs the tighter stop; the whole input solved at once is
   * the core's (and the plug-in's) solve, at the asked tolerance. */
  if (! gegl_rectangle_equal (&crop, &bbox))
    params.tolerance *= TILE_TOLERANCE_FACTOR;

  pixels = fg_op_read (input, &crop, format, &view);
  if (! pixels)
    {
      fg_op_fail (&call, FG_ERR_NOMEM, NULL);
      return TRUE;
    }
  g_log (FG_GEGL_LOG_DOMAIN, G_LOG_LEVEL_DEBUG,
         "gradient-denoise: solve %dx%d for %dx%d at %d,%d (lambda %g, lambda_chroma %g, margin %d)",
         crop.width, crop.height, roi->width, roi->height, roi->x, roi->y, params.lambda,
         gd_params_luma_chroma (&params, colour) ? params.lambda_chroma : NAN, margin);
  /* the core solves luma-chroma and signal-dependent noise cold anyway */
  if (warm && (gd_params_luma_chroma (&params, colour) || params.noise == FG_NOISE_SIGNAL_DEPENDENT))
    warm = FALSE;
  if (warm && (kept = warm_take (self, roi, format)))
    first = warm_start_pixels (kept, &crop, &view);
  start = g_get_monotonic_time ();
  if (first)
    {
      fg_image start_view = view;

      start_view.data = first;
      status = fg_gradient_denoise_warm (&view, &start_view, &view, &params, &report, &error);
    }
  else
    status = fg_gradient_denoise (&view, &view, &params, &report, &error);
  g_log (FG_GEGL_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "gradient-denoise: solved in %.1f ms, %d iterations%s",
         (g_get_monotonic_time () - start) / 1e3, report.iterations, first ? " (warm start)" : "");
  g_free (first);
  if (kept)
    warm_free (kept);
  if (status == FG_OK && warm)
    warm_keep (self, roi, &crop, format, generation, &view);
  fg_op_finish (&call, status, &error, &crop, &view);
  g_free (pixels);
  return TRUE;
}

static void
finalize (GObject *object)
{
  FgOpGradientDenoise *self = (FgOpGradientDenoise *) object;

  warm_clear (self);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (fg_op_gradient_denoise_parent_class)->finalize (object);
}

static void
fg_op_gradient_denoise_init (FgOpGradientDenoise *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->warm);
}

static void
fg_op_gradient_denoise_class_init (FgOpGradientDenoiseClass *klass)
{
  GeglOperationClass *operation_class = GEGL_OPERATION_CLASS (klass);

  /* Without GEGL threads: one solve per rectangle (the core has threads). */
  fg_op_class_init (GEGL_OPERATION_FILTER_CLASS (klass), &properties, finalize, prepare, process);
  operation_class->get_bounding_box          = get_bounding_box;
  operation_class->get_required_for_output   = get_required_for_output;
  operation_class->get_cached_region         = get_cached_region;
  operation_class->get_invalidated_by_change = get_invalidated_by_change;

  gegl_operation_class_set_keys (operation_class,
    "name",            "freqgrad:gradient-denoise",
    "title",           "Gradient Denoise",
    "categories",      "enhance:noise-reduction",
    "description",     "Remove noise by minimising E(u) = 1/2 |u - f|^2 + strength * R(u) with "
                       "(accelerated) gradient descent; R is total variation (keeps edges) or "
                       "Tikhonov (blurs them). Automatic strength estimates the noise of the "
                       "whole image once.",
    "gimp:menu-path",  "<Image>/Filters/Enhance",
    "gimp:menu-label", "Gradient Denoise (GEGL)...",
    NULL);
}

static void
fg_op_gradient_denoise_class_finalize (FgOpGradientDenoiseClass *klass)
{
}

void
fg_op_gradient_denoise_register (GTypeModule *module)
{
  fg_op_properties_register_types (&properties);
  fg_op_gradient_denoise_register_type (module);
}
