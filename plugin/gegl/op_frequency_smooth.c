/* op_frequency_smooth.c — freqgrad:frequency-smooth, the core's Frequency
 * Smooth as a GEGL operation.
 *
 * The filter is global, so the op asks for the whole input and renders the
 * whole output in one process() call (required and cached region = the
 * input's bounding box, no thread split: the core runs GEGL's thread count
 * itself).  The forward transform (fg_smooth_prepare) is kept between
 * renders, so a change of filter, cutoff or order only re-applies the mask
 * and the inverse transform.  Preparing and applying separately costs about
 * 1.5 times the core's one-pass fg_frequency_smooth, so the first render of
 * an input runs the one-pass smoothing and only records the input's key; a
 * second render of the same input (a property change) prepares, and later
 * ones only apply.
 *
 * When is the kept transform still that of the input?  GEGL's invalidation
 * signals say when the graph thinks the input changed, but not whether a
 * new render brings the same pixels (a reconnected source, an undo, an
 * upstream cache dropped and recomputed), and a missed signal would show a
 * stale image.  So the key is the content itself: a 64-bit hash of the
 * input pixels as read for the core, with the size, format and boundary.
 * Reading and hashing is one pass over memory, a small part of the
 * transforms it saves. */
#include "op_common.h"
#include "op_properties.h"
#include "frequency_smooth_settings.h"

#include "fg/frequency_smooth.h"

typedef struct
{
  GeglOperationFilter parent_instance;

  guint               warned;

  GMutex              lock;             /* guards what follows */
  fg_fft_context     *fft;
  fg_smooth_prepared *prepared;         /* NULL until the key's input is seen twice */
  gboolean            key_valid;
  guint64             key_hash;
  gint                key_width, key_height;
  const Babl         *key_format;
  fg_boundary         key_boundary;
} FgOpFrequencySmooth;

typedef struct
{
  GeglOperationFilterClass parent_class;
} FgOpFrequencySmoothClass;

G_DEFINE_DYNAMIC_TYPE (FgOpFrequencySmooth, fg_op_frequency_smooth, GEGL_TYPE_OPERATION_FILTER)

static const FgOpSettings properties = {
  fs_settings, FS_N_FILTER_SETTINGS, "FreqgradFrequencySmooth"
};

/* Four independent multiply-xor lanes over 64-bit words: memory speed, and
 * any changed bit changes the result with overwhelming probability. */
static guint64
content_hash (const fg_image *view)
{
  const guchar *bytes = (const guchar *) view->data;
  gsize         size  = (gsize) view->height * view->stride * sizeof (gfloat);
  guint64       lane[4] = { 0x9e3779b97f4a7c15u, 0xc2b2ae3d27d4eb4fu,
                            0x165667b19e3779f9u, 0x27d4eb2f165667c5u };
  gsize         i = 0;

  for (; i + 32 <= size; i += 32)
    for (gint k = 0; k < 4; k++)
      {
        guint64 word;

        memcpy (&word, bytes + i + 8 * k, 8);
        lane[k] = (lane[k] ^ word) * 0x100000001b3u;
        lane[k] ^= lane[k] >> 29;
      }
  for (; i < size; i++)
    lane[0] = (lane[0] ^ bytes[i]) * 0x100000001b3u;
  return lane[0] ^ (lane[1] * 31) ^ (lane[2] * 961) ^ (lane[3] * 29791) ^ size;
}

static GeglRectangle
whole_input (GeglOperation       *operation,
             const GeglRectangle *fallback)
{
  const GeglRectangle *in = gegl_operation_source_get_bounding_box (operation, "input");

  if (in && ! gegl_rectangle_is_infinite_plane (in))
    return *in;
  return *fallback;
}

static GeglRectangle
get_cached_region (GeglOperation       *operation,
                   const GeglRectangle *roi)
{
  return whole_input (operation, roi);
}

/* Any output needs the whole input, and a change anywhere in the input
 * changes the output everywhere: get_required_for_output and
 * get_invalidated_by_change alike. */
static GeglRectangle
whole_input_for_pad (GeglOperation       *operation,
                     const gchar         *input_pad,
                     const GeglRectangle *rect)
{
  return whole_input (operation, rect);
}

/* Smooths `view` in place: with the kept forward transform when the key
 * matches, else in one pass (first sight of an input) or by preparing the
 * transform (second sight).  Called with the lock held. */
static fg_status
smooth (FgOpFrequencySmooth    *self,
        const fg_image         *view,
        const Babl             *format,
        const fg_smooth_params *params,
        fg_error               *error)
{
  guint64   hash = content_hash (view);
  gboolean  same = self->key_valid && self->key_hash == hash && self->key_width == view->width
                   && self->key_height == view->height && self->key_format == format
                   && self->key_boundary == params->boundary;
  fg_status status;

  if (! same)
    {
      g_clear_pointer (&self->prepared, fg_smooth_prepared_free);
      self->key_valid    = TRUE;
      self->key_hash     = hash;
      self->key_width    = view->width;
      self->key_height   = view->height;
      self->key_format   = format;
      self->key_boundary = params->boundary;
      g_log (FG_GEGL_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "frequency-smooth: one pass %dx%d",
             view->width, view->height);
      status = fg_frequency_smooth (self->fft, view, view, params, error);
      if (status != FG_OK)
        self->key_valid = FALSE;
      return status;
    }

  if (! self->prepared)
    {
      g_log (FG_GEGL_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "frequency-smooth: forward transform %dx%d",
             view->width, view->height);
      status = fg_smooth_prepare (self->fft, view, params->boundary, params->threads,
                                  &self->prepared, error);
      if (status != FG_OK)
        return status;
    }
  g_log (FG_GEGL_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "frequency-smooth: apply %dx%d",
         view->width, view->height);
  return fg_smooth_apply (self->prepared, params, view, error);
}

static gboolean
process (GeglOperation       *operation,
         GeglBuffer          *input,
         GeglBuffer          *output,
         const GeglRectangle *roi,
         gint                 level)
{
  FgOpFrequencySmooth *self   = (FgOpFrequencySmooth *) operation;
  const Babl          *format = gegl_operation_get_format (operation, "output");
  const FgOpCall       call   = { operation, &self->warned, input, output, roi, format };
  GeglRectangle        area   = whole_input (operation, roi);
  fg_smooth_params     params;
  fg_image             view;
  fg_error             error  = { FG_OK, "" };
  GError              *gerror = NULL;
  gfloat              *pixels;
  fg_status            status;

  if (! fs_settings_to_params (G_OBJECT (operation), &params, &gerror))
    {
      fg_op_fail_settings (&call, gerror);
      return TRUE;
    }
  params.threads = fg_op_threads ();

  pixels = fg_op_read (input, &area, format, &view);
  if (! pixels)
    {
      fg_op_fail (&call, FG_ERR_NOMEM, NULL);
      return TRUE;
    }

  /* The core refuses NaN and infinities itself, with the plug-in's message. */
  g_mutex_lock (&self->lock);
  status = FG_OK;
  if (! self->fft && ! (self->fft = fg_fft_context_new ()))
    status = FG_ERR_NOMEM;
  if (status == FG_OK)
    status = smooth (self, &view, format, &params, &error);
  g_mutex_unlock (&self->lock);

  fg_op_finish (&call, status, &error, &area, &view);
  g_free (pixels);
  return TRUE;
}

static void
finalize (GObject *object)
{
  FgOpFrequencySmooth *self = (FgOpFrequencySmooth *) object;

  fg_smooth_prepared_free (self->prepared);
  fg_fft_context_free (self->fft);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (fg_op_frequency_smooth_parent_class)->finalize (object);
}

static void
fg_op_frequency_smooth_init (FgOpFrequencySmooth *self)
{
  g_mutex_init (&self->lock);
}

static void
fg_op_frequency_smooth_class_init (FgOpFrequencySmoothClass *klass)
{
  GeglOperationClass *operation_class = GEGL_OPERATION_CLASS (klass);

  fg_op_class_init (GEGL_OPERATION_FILTER_CLASS (klass), &properties, finalize, fg_op_set_formats,
                    process);
  operation_class->get_required_for_output   = whole_input_for_pad;
  operation_class->get_cached_region         = get_cached_region;
  operation_class->get_invalidated_by_change = whole_input_for_pad;

  gegl_operation_class_set_keys (operation_class,
    "name",            "freqgrad:frequency-smooth",
    "title",           "Frequency Smooth",
    "categories",      "blur",
    "description",     "Smooth in the frequency domain (FFTW) with an ideal, Gaussian or "
                       "Butterworth low-pass; the cutoff is a spatial period in pixels. "
                       "The whole image is filtered at once.",
    "gimp:menu-path",  "<Image>/Filters/Blur",
    "gimp:menu-label", "Frequency Smooth (GEGL)...",
    NULL);
}

static void
fg_op_frequency_smooth_class_finalize (FgOpFrequencySmoothClass *klass)
{
}

void
fg_op_frequency_smooth_register (GTypeModule *module)
{
  fg_op_properties_register_types (&properties);
  fg_op_frequency_smooth_register_type (module);
}
