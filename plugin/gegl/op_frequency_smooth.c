/* op_frequency_smooth.c — freqgrad:frequency-smooth, the core's Frequency
 * Smooth as a GEGL operation.
 *
 * The filter is global, so the op asks for the whole input and renders the
 * whole output in one process() call (required and cached region = the
 * input's bounding box, no thread split: the core runs GEGL's thread count
 * itself).  Pixels go between GEGL's buffers and the core through the core's
 * row callbacks (fg_row_io): the core's workers read and write bands of rows
 * themselves, so no copy of the whole image is made on either side.
 *
 * The forward transform is kept between renders, so a change of filter,
 * cutoff or order only re-applies the mask and the inverse transform.  The
 * first render of an input smooths in one pass that also keeps the
 * transform (fg_frequency_smooth_rows_prepared: a little dearer than the
 * plain one-pass smoothing, by storing the spectra as they pass, and far
 * cheaper than preparing and applying) and records the input's key, so
 * that already the first property change of a canvas preview only applies.
 * (Keeping only from the second render on made that first change, the one
 * a user notices, cost a whole pass.)  The kept transform holds about one
 * float copy of the input while the op lives; without memory for it the
 * render is the plain pass.
 *
 * When is the kept transform still that of the input?  GEGL's invalidation
 * signals say when the graph thinks the input changed, but not whether a
 * new render brings the same pixels (a reconnected source, an undo, an
 * upstream cache dropped and recomputed), and a missed signal would show a
 * stale image.  So the key is the content itself: a 64-bit hash of the
 * input pixels as read for the core, with the size, format and boundary.
 * The first render hashes the rows as the core reads them; later renders
 * hash the input in one parallel pass before deciding.
 *
 * Shape "periodic-noise": the notches come from the peaks detected on the
 * whole input (fg_periodic_noise_notches on a float copy of it, made only
 * when the input or the settings differ: a hash-only pass decides), kept with
 * the input's key and the detection settings (fs_same_detection), so a
 * change of boundary or a re-render does not detect again. */
#include "op_common.h"
#include "op_properties.h"
#include "frequency_smooth_settings.h"

#include "fg/frequency_smooth.h"
#include "fg/periodic_noise.h"

typedef struct
{
  GeglOperationFilter parent_instance;

  guint               warned;

  GMutex              lock;             /* guards what follows */
  fg_fft_context     *fft;
  fg_smooth_prepared *prepared;         /* the key's forward transform, from its second sight */
  gboolean            key_valid;
  guint64             key_hash;
  gint                key_width, key_height;
  const Babl         *key_format;
  fg_boundary         key_boundary;

  /* Periodic-noise mode: the notches detected on the input of this key. */
  gboolean            notches_valid;
  guint64             notches_hash;
  gint                notches_width, notches_height;
  const Babl         *notches_format;
  fg_periodic_params  notches_with;     /* the detection settings they were found with */
  gint                notch_count;
  fg_notch            notches[FG_MAX_NOTCHES];
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
row_hash (const gfloat *row,
          gsize         floats)
{
  const guchar *bytes = (const guchar *) row;
  gsize         size  = floats * sizeof (gfloat);
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

/* The image's key from its rows' hashes, in row order (whatever bands and
 * threads read them). */
static guint64
image_hash (const guint64 *rows,
            gint           height)
{
  guint64 hash = 0xcbf29ce484222325u;

  for (gint y = 0; y < height; y++)
    hash = (hash ^ rows[y]) * 0x100000001b3u;
  return hash;
}

/* GEGL's buffers as the core's rows: `area` (the whole input) is read from
 * `input` and written to `output` (only the part inside `roi`); each row read
 * leaves its hash in row_hashes (a row read twice, for alpha, gives the same
 * hash). */
typedef struct
{
  GeglBuffer          *input;
  GeglBuffer          *output;
  const GeglRectangle *area;
  const GeglRectangle *roi;
  const Babl          *format;
  gint                 channels;
  guint64             *row_hashes;
} Rows;

static int
read_rows (void   *user,
           int     y,
           int     count,
           float  *rows,
           size_t  stride)
{
  const Rows    *io   = user;
  GeglRectangle  rect = { io->area->x, io->area->y + y, io->area->width, count };

  gegl_buffer_get (io->input, &rect, 1.0, io->format, rows, stride * sizeof (gfloat), GEGL_ABYSS_CLAMP);
  for (gint r = 0; r < count; r++)
    io->row_hashes[y + r] = row_hash (rows + (gsize) r * stride, (gsize) io->area->width * io->channels);
  return 0;
}

static int
write_rows (void        *user,
            int          y,
            int          count,
            const float *rows,
            size_t       stride)
{
  const Rows    *io   = user;
  GeglRectangle  rect = { io->area->x, io->area->y + y, io->area->width, count };
  GeglRectangle  part;

  if (gegl_rectangle_intersect (&part, &rect, io->roi))
    gegl_buffer_set (io->output, &part, 0, io->format,
                     rows + (gsize) (part.y - rect.y) * stride + (gsize) (part.x - rect.x) * io->channels,
                     stride * sizeof (gfloat));
  return 0;
}

/* A hash-only pass over the input, on GEGL's threads: is it the kept key's? */
static void
hash_band (gsize    offset,
           gsize    size,
           gpointer user_data)
{
  const Rows *io     = user_data;
  gsize       floats = (gsize) io->area->width * io->channels;
  gfloat     *band   = g_try_malloc_n (FG_ROW_BAND * floats, sizeof (gfloat));

  for (gsize y = offset; y < offset + size; y += FG_ROW_BAND)
    {
      gint count = (gint) MIN ((gsize) FG_ROW_BAND, offset + size - y);

      if (band)
        read_rows ((void *) io, (int) y, count, band, floats);
      else   /* no memory for a band: a key that matches nothing */
        for (gint r = 0; r < count; r++)
          io->row_hashes[y + r] = (guint64) g_random_int () << 32 | g_random_int ();
    }
  g_free (band);
}

static guint64
hash_input (const Rows *io)
{
  gegl_parallel_distribute_range ((gsize) io->area->height, 64.0, hash_band, (gpointer) io);
  return image_hash (io->row_hashes, io->area->height);
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

/* Smooths the input into the output: with the kept forward transform when
 * the key matches, else in one pass that keeps the transform (the plain
 * pass when there is no memory for it).  Called with the lock held. */
static fg_status
smooth (FgOpFrequencySmooth    *self,
        const fg_row_io        *rows,
        const Rows             *io,
        const fg_smooth_params *params,
        fg_error               *error)
{
  gboolean  seen = self->key_valid && self->key_width == rows->width && self->key_height == rows->height
                   && self->key_format == io->format && self->key_boundary == params->boundary;
  fg_status status;

  if (seen && hash_input (io) != self->key_hash)
    seen = FALSE;

  if (! seen)
    {
      g_clear_pointer (&self->prepared, fg_smooth_prepared_free);
      self->key_valid = FALSE;
      g_log (FG_GEGL_LOG_DOMAIN, G_LOG_LEVEL_DEBUG,
             "frequency-smooth: smoothing that keeps the forward transform %dx%d", rows->width, rows->height);
      status = fg_frequency_smooth_rows_prepared (self->fft, rows, params, &self->prepared, error);
      if (status == FG_ERR_NOMEM)   /* the plain pass needs less, and writes every row again */
        {
          g_log (FG_GEGL_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "frequency-smooth: one pass %dx%d",
                 rows->width, rows->height);
          *error = (fg_error) { FG_OK, "" };
          status = fg_frequency_smooth_rows (self->fft, rows, params, error);
        }
      if (status == FG_OK)
        {
          self->key_valid    = TRUE;
          self->key_hash     = image_hash (io->row_hashes, rows->height);
          self->key_width    = rows->width;
          self->key_height   = rows->height;
          self->key_format   = io->format;
          self->key_boundary = params->boundary;
        }
      return status;
    }

  if (! self->prepared)
    {
      g_log (FG_GEGL_LOG_DOMAIN, G_LOG_LEVEL_DEBUG,
             "frequency-smooth: smoothing that keeps the forward transform %dx%d", rows->width, rows->height);
      return fg_frequency_smooth_rows_prepared (self->fft, rows, params, &self->prepared, error);
    }
  g_log (FG_GEGL_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "frequency-smooth: apply %dx%d",
         rows->width, rows->height);
  return fg_smooth_apply_rows (self->prepared, params, rows, error);
}

/* Periodic-noise mode: filter->smooth gets the notches of the peaks on the
 * whole input, detected again only when the input or the detection
 * settings differ from the kept ones.  Called with the lock held. */
static fg_status
detected_notches (FgOpFrequencySmooth *self,
                  const Rows          *io,
                  gboolean             has_alpha,
                  FsFilter            *filter,
                  fg_error            *error)
{
  gint    width = io->area->width, height = io->area->height;
  guint64 hash  = hash_input (io);   /* a hash-only pass: no copy when the notches are kept */

  if (! (self->notches_valid && self->notches_hash == hash && self->notches_width == width
         && self->notches_height == height && self->notches_format == io->format
         && fs_same_detection (&self->notches_with, &filter->periodic)))
    {
      gsize     floats = (gsize) width * io->channels;
      gfloat   *pixels = g_try_malloc_n ((gsize) height * floats, sizeof (gfloat));
      fg_image  image;
      fg_status status;
      gint      count = 0;

      if (! pixels)
        return FG_ERR_NOMEM;
      g_log (FG_GEGL_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "frequency-smooth: detecting peaks %dx%d",
             width, height);
      read_rows ((void *) io, 0, height, pixels, floats);
      self->notches_valid = FALSE;
      image = fg_image_make (pixels, width, height, io->channels, has_alpha);
      status = fg_periodic_noise_notches (self->fft, &image, &filter->periodic, self->notches,
                                          FG_MAX_NOTCHES, &count, error);
      g_free (pixels);
      if (status != FG_OK)
        return status;
      self->notches_valid  = TRUE;
      self->notches_hash   = hash;
      self->notches_width  = width;
      self->notches_height = height;
      self->notches_format = io->format;
      self->notches_with   = filter->periodic;
      self->notch_count    = count;
    }
  memcpy (filter->notches, self->notches, sizeof self->notches);
  filter->smooth.notches     = filter->notches;
  filter->smooth.notch_count = self->notch_count;
  return FG_OK;
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
  FsFilter             filter;
  fg_error             error  = { FG_OK, "" };
  GError              *gerror = NULL;
  gint                 channels;
  gboolean             has_alpha;
  Rows                 io;
  fg_row_io            rows;
  fg_status            status = FG_OK;
  gint64               start;

  if (! fs_settings_to_filter (G_OBJECT (operation), &filter, &gerror))
    {
      fg_op_fail_settings (&call, gerror);
      return TRUE;
    }
  filter.smooth.threads = fg_op_threads ();
  filter.periodic.detect.threads = filter.smooth.threads;
  fs_filter_set_size (&filter, area.width, area.height);

  fg_op_format_layout (format, &channels, &has_alpha);
  io   = (Rows) { input, output, &area, roi, format, channels,
                  g_try_new (guint64, MAX (area.height, 1)) };
  rows = (fg_row_io) { area.width, area.height, channels, has_alpha, read_rows, write_rows, &io };
  if (! io.row_hashes)
    status = FG_ERR_NOMEM;

  /* The core refuses NaN and infinities itself, with the plug-in's message,
   * before it writes anything. */
  g_mutex_lock (&self->lock);
  start = g_get_monotonic_time ();
  if (status == FG_OK && ! self->fft && ! (self->fft = fg_fft_context_new ()))
    status = FG_ERR_NOMEM;
  if (status == FG_OK && filter.detect)
    status = detected_notches (self, &io, has_alpha, &filter, &error);
  if (status == FG_OK)
    status = smooth (self, &rows, &io, &filter.smooth, &error);
  g_log (FG_GEGL_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "frequency-smooth: done in %.1f ms",
         (g_get_monotonic_time () - start) / 1e3);
  g_mutex_unlock (&self->lock);

  if (status != FG_OK)
    fg_op_fail (&call, status, error.message[0] ? error.message : NULL);
  g_free (io.row_hashes);
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
    "description",     "Filter in the frequency domain (FFTW): low-pass, high-pass, band-pass, "
                       "band-reject or notch reject with an ideal, Gaussian or Butterworth "
                       "profile, or automatic periodic-noise removal; the cutoff is a spatial "
                       "period in pixels. The whole image is filtered at once.",
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
