/* drawable_io.c — drawable ⇄ core image view. */
#include "drawable_io.h"

#include <string.h>
#include <time.h>
#ifdef G_OS_UNIX
#include <unistd.h>
#endif
#include "i18n.h"

/* Integer layers are read with the perceptual TRC (noise and smoothing are
 * judged by eye); their values lie in 0..1, where babl's TRC conversion is
 * exact to well below one level, so an unchanged value is stored back as it
 * was.  Float, half and double layers are processed in their own TRC instead
 * ("RGBA float" for linear ones, "R'G'B'A float" for perceptual ones), so
 * nothing is converted: babl's perceptual conversion is lossy for large
 * values (100 -> 99.71 and 1000 -> 979.4 per run), and HDR values must come
 * back untouched.  So a linear float layer is filtered in linear light.
 * Display formats (8-bit previews) stay perceptual.  Channels and masks hold
 * linear coverage, not tones. */
const Babl *
fg_drawable_format (GimpDrawable *drawable,
                    const gchar  *type)
{
  const Babl  *native = gimp_drawable_get_format (drawable);
  gboolean     alpha  = gimp_drawable_has_alpha (drawable);
  const gchar *native_type = babl_get_name (babl_format_get_type (native, 0));
  gchar       *name;
  const Babl  *format;

  if (! gimp_item_is_layer (GIMP_ITEM (drawable)))
    name = g_strdup_printf ("Y %s", type);
  else if (g_str_equal (type, "float")
           && (g_str_equal (native_type, "float") || g_str_equal (native_type, "half")
               || g_str_equal (native_type, "double")))
    {
      /* The native encoding is "<model> <type>", e.g. "RGBA half". */
      const gchar *encoding = babl_format_get_encoding (native);
      const gchar *blank    = strrchr (encoding, ' ');

      name = g_strdup_printf ("%.*s float",
                              (int) (blank ? blank - encoding : (gssize) strlen (encoding)),
                              encoding);
    }
  else if (gimp_drawable_is_rgb (drawable))
    name = g_strdup_printf ("%s %s", alpha ? "R'G'B'A" : "R'G'B'", type);
  else
    name = g_strdup_printf ("%s %s", alpha ? "Y'A" : "Y'", type);

  format = babl_format_with_space (name, native);
  g_free (name);
  return format;
}

/* The item whose content lock stops writes to `item`, or NULL: the item
 * itself, a layer group it is in, or for a layer mask its layer (GIMP
 * refuses a merge into any of these). */
static GimpItem *
locking_item (GimpItem *item)
{
  if (GIMP_IS_LAYER_MASK (item))
    {
      GimpLayer *layer = gimp_layer_from_mask (GIMP_LAYER_MASK (item));

      if (gimp_item_get_lock_content (item))
        return item;
      return layer ? locking_item (GIMP_ITEM (layer)) : NULL;
    }
  for (GimpItem *it = item; it; it = gimp_item_get_parent (it))
    if (gimp_item_get_lock_content (it))
      return it;
  return NULL;
}

gboolean
fg_drawables_check (GimpImage     *image,
                    GimpDrawable **drawables,
                    const gchar   *procedure_label,
                    GError       **error)
{
  gsize n = drawables ? gimp_core_object_array_get_length ((GObject **) drawables) : 0;

  if (n == 0)
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   _("%s needs at least one selected layer or channel."), procedure_label);
      return FALSE;
    }

  /* Every drawable is checked before anything is read or computed, so a
   * call is refused as a whole rather than half done. */
  for (gsize i = 0; i < n; i++)
    {
      GimpDrawable *drawable = drawables[i];
      const gchar  *name     = gimp_item_get_name (GIMP_ITEM (drawable));
      GimpImage    *owner    = gimp_item_get_image (GIMP_ITEM (drawable));
      GimpItem     *locked;

      /* The undo group, new layers and the display flush all go to `image`. */
      if (! image || owner != image)
        {
          g_set_error (error, FG_CALLING_ERROR, FG_CALLING_ERROR_CODE,
                       _("%s: \"%s\" belongs to another image than the one passed "
                         "(image %d, drawable of image %d)."),
                       procedure_label, name,
                       image ? gimp_image_get_id (image) : -1,
                       owner ? gimp_image_get_id (owner) : -1);
          return FALSE;
        }
      if (gimp_drawable_is_indexed (drawable))
        {
          g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                       _("%s works on RGB and grayscale images; \"%s\" is indexed. "
                         "Convert the image with Image > Mode > RGB first."),
                       procedure_label, name);
          return FALSE;
        }
      if (gimp_item_is_group (GIMP_ITEM (drawable)))
        {
          g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                       _("%s cannot filter the layer group \"%s\": select a layer inside it."),
                       procedure_label, name);
          return FALSE;
        }
      /* GIMP refuses the merge into locked pixels, and a new layer inside a
       * locked group: both outputs are refused up front. */
      if ((locked = locking_item (GIMP_ITEM (drawable))))
        {
          if (locked == GIMP_ITEM (drawable))
            g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                         _("%s cannot change \"%s\": its pixels are locked. "
                           "Unlock them (Lock pixels in the Layers dialog) and run it again."),
                         procedure_label, name);
          else
            g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                         _("%s cannot change \"%s\": the pixels of \"%s\" are locked. "
                           "Unlock them (Lock pixels in the Layers dialog) and run it again."),
                         procedure_label, name, gimp_item_get_name (locked));
          return FALSE;
        }
    }
  return TRUE;
}

/* Milliseconds since this process started, or -1 where unknown: Linux's
 * start time (field 22 of /proc/self/stat, clock ticks after boot) against
 * CLOCK_BOOTTIME. */
static gdouble
process_age_ms (void)
{
  gdouble age = -1.0;
#if defined(__linux__) && defined(CLOCK_BOOTTIME)
  gchar          *stat = NULL;
  const gchar    *fields;
  gchar         **parts = NULL;
  struct timespec now;

  if (g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL)
      && (fields = strrchr (stat, ')'))
      && (parts = g_strsplit (fields + 1, " ", 0))
      && g_strv_length (parts) > 20
      && clock_gettime (CLOCK_BOOTTIME, &now) == 0)
    /* parts[0] is empty (the blank after ')'), parts[1] field 3. */
    age = 1000.0 * (now.tv_sec + now.tv_nsec * 1e-9
                    - g_ascii_strtod (parts[20], NULL) / sysconf (_SC_CLK_TCK));
  g_strfreev (parts);
  g_free (stat);
#endif
  return age;
}

void
fg_timings_start (FgTimings *timings)
{
  memset (timings, 0, sizeof *timings);
  timings->start = timings->last = g_get_monotonic_time ();
  timings->age_ms = g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, FG_LOG_DOMAIN)
                    ? -1.0 : process_age_ms ();
}

void
fg_timings_mark (FgTimings   *timings,
                 const gchar *name)
{
  gint64 now;
  gint   i;

  if (! timings)
    return;
  now = g_get_monotonic_time ();
  for (i = 0; i < timings->count && strcmp (timings->names[i], name) != 0; i++)
    ;
  if (i == timings->count && i < FG_TIMINGS_MAX)
    timings->names[timings->count++] = name;
  if (i < timings->count)
    timings->spent[i] += now - timings->last;
  timings->last = now;
}

void
fg_timings_log (const FgTimings *timings,
                const gchar     *label)
{
  GString *text;
  gchar   *status = NULL;
  gint64   peak   = -1;

  /* Cheap when the domain is not asked for: nothing to gather. */
  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, FG_LOG_DOMAIN))
    return;
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      const gchar *line = strstr (status, "\nVmHWM:");

      if (line)
        peak = g_ascii_strtoll (line + strlen ("\nVmHWM:"), NULL, 10) * 1024;
      g_free (status);
    }
  text = g_string_new (NULL);
  g_string_append_printf (text, "timings {\"filter\": \"%s\", \"ms\": {", label);
  for (gint i = 0; i < timings->count; i++)
    g_string_append_printf (text, "%s\"%s\": %.1f", i ? ", " : "", timings->names[i],
                            timings->spent[i] / 1000.0);
  g_string_append_printf (text, "}, \"total_ms\": %.1f, \"process_age_ms\": %.0f, "
                          "\"peak_rss\": %" G_GINT64_FORMAT "}",
                          (g_get_monotonic_time () - timings->start) / 1000.0, timings->age_ms, peak);
  g_log (FG_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "%s", text->str);
  g_string_free (text, TRUE);
}

/* The first target pixel of a region-sized buffer, and its row stride. */
static const gfloat *
target_pixels (const FgRegion *region,
               const gfloat   *pixels)
{
  return pixels + ((gsize) (region->target_y - region->y) * region->width
                   + (gsize) (region->target_x - region->x)) * region->channels;
}

static gint
region_stride (const FgRegion *region)
{
  return region->width * region->channels * (gint) sizeof (gfloat);
}

/* A rectangle moved between a GEGL buffer and packed pixels in bands of
 * whole tile rows, by several threads at once: each band is converted
 * (babl) in the thread that moves it, while the tiles of other bands go to
 * or come from GIMP (one at a time: libgimp's wire has one lock), so the
 * conversions run beside the transfers and each other.  Every pixel goes
 * through the same babl conversion as in one call over the rectangle. */
typedef struct
{
  GeglBuffer    *buffer;
  gboolean       write;            /* gegl_buffer_set, else gegl_buffer_get */
  GeglRectangle  area;
  const Babl    *format;
  guchar        *pixels;           /* the area's first pixel */
  gint           stride;           /* bytes per row of `pixels` */
  gint           tile_height;
  gint           bands;
  gint           next;             /* the next band to move (atomic) */
} Bands;

static void
band_rows (const Bands *bands,
           gint         band,
           gint        *first,
           gint        *end)
{
  /* Band 0 runs from the area's top to the first tile row boundary. */
  gint top = bands->area.y - bands->area.y % bands->tile_height;

  *first = MAX (bands->area.y, top + band * bands->tile_height);
  *end   = MIN (bands->area.y + bands->area.height, top + (band + 1) * bands->tile_height);
}

static gpointer
bands_work (gpointer data)
{
  Bands *bands = data;
  gint   band;

  while ((band = g_atomic_int_add (&bands->next, 1)) < bands->bands)
    {
      gint    first, end;
      guchar *row;

      band_rows (bands, band, &first, &end);
      row = bands->pixels + (gsize) (first - bands->area.y) * bands->stride;
      if (bands->write)
        gegl_buffer_set (bands->buffer,
                         GEGL_RECTANGLE (bands->area.x, first, bands->area.width, end - first),
                         0, bands->format, row, bands->stride);
      else
        gegl_buffer_get (bands->buffer,
                         GEGL_RECTANGLE (bands->area.x, first, bands->area.width, end - first),
                         1.0, bands->format, row, bands->stride, GEGL_ABYSS_NONE);
    }
  return NULL;
}

/* Moves `area` of `buffer` from or to `pixels` (in `format`, rows `stride`
 * bytes apart) with the core's number of threads. */
static void
bands_move (GeglBuffer          *buffer,
            gboolean             write,
            const GeglRectangle *area,
            const Babl          *format,
            gpointer             pixels,
            gint                 stride)
{
  Bands    bands   = { buffer, write, *area, format, pixels, stride, 0, 0, 0 };
  gint     threads = CLAMP (fg_default_threads (), 1, FG_MAX_THREADS);
  GThread *workers[FG_MAX_THREADS];
  gint     started = 0;

  g_object_get (buffer, "tile-height", &bands.tile_height, NULL);
  if (bands.tile_height < 1)
    bands.tile_height = 64;
  bands.bands = (area->y % bands.tile_height + area->height + bands.tile_height - 1)
                / bands.tile_height;
  /* A thread that cannot be started leaves its bands to the others. */
  for (gint i = 1; i < MIN (threads, bands.bands); i++)
    if ((workers[started] = g_thread_try_new ("freqgrad-io", bands_work, &bands, NULL)))
      started++;
  bands_work (&bands);
  for (gint i = 0; i < started; i++)
    g_thread_join (workers[i]);
}

gboolean
fg_region_read (GimpDrawable *drawable,
                FgRegion     *region,
                gboolean     *empty,
                GError      **error)
{
  return fg_region_read_timed (drawable, region, empty, NULL, error);
}

gboolean
fg_region_read_timed (GimpDrawable *drawable,
                      FgRegion     *region,
                      gboolean     *empty,
                      FgTimings    *timings,
                      GError      **error)
{
  GeglBuffer *buffer;
  gsize       count = 0;

  memset (region, 0, sizeof *region);
  *empty = FALSE;
  region->drawable = drawable;

  if (! gimp_drawable_mask_intersect (drawable, &region->target_x, &region->target_y,
                                      &region->target_width, &region->target_height)
      || region->target_width < 1 || region->target_height < 1)
    {
      *empty = TRUE;
      return FALSE;
    }
  region->width  = gimp_drawable_get_width (drawable);
  region->height = gimp_drawable_get_height (drawable);

  region->format    = fg_drawable_format (drawable, "float");
  region->channels  = babl_format_get_n_components (region->format);
  region->has_alpha = babl_format_has_alpha (region->format);

  if (! g_size_checked_mul (&count, (gsize) region->width, (gsize) region->height)
      || ! g_size_checked_mul (&count, count, (gsize) region->channels * sizeof (gfloat))
      || ! (region->pixels = g_try_malloc (count)))
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   _("Not enough memory to read %d x %d pixels of \"%s\"."),
                   region->width, region->height,
                   gimp_item_get_name (GIMP_ITEM (drawable)));
      return FALSE;
    }
  fg_timings_mark (timings, "read_setup");

  buffer = gimp_drawable_get_buffer (drawable);
  bands_move (buffer, FALSE,
              GEGL_RECTANGLE (region->x, region->y, region->width, region->height),
              region->format, region->pixels, region_stride (region));
  g_object_unref (buffer);
  fg_timings_mark (timings, "read");
  return TRUE;
}

void
fg_region_clear (FgRegion *region)
{
  g_clear_pointer (&region->pixels, g_free);
}

fg_image
fg_region_view (const FgRegion *region,
                gfloat         *pixels)
{
  return fg_image_make (pixels, region->width, region->height,
                        region->channels, region->has_alpha);
}

static gpointer
free_in_thread (gpointer data)
{
  g_free (data);
  return NULL;
}

gboolean
fg_region_write (const FgRegion *region,
                 GimpDrawable   *target,
                 gfloat         *pixels,
                 gboolean        free_pixels,
                 FgTimings      *timings,
                 GError        **error)
{
  GeglBuffer *shadow = gimp_drawable_get_shadow_buffer (target);
  GThread    *freeing = NULL;

  fg_timings_mark (timings, "shadow_get");
  if (! shadow)
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0, _("GIMP could not give a buffer to write \"%s\"."),
                   gimp_item_get_name (GIMP_ITEM (target)));
      if (free_pixels)
        g_free (pixels);
      return FALSE;
    }
  bands_move (shadow, TRUE,
              GEGL_RECTANGLE (region->target_x, region->target_y,
                              region->target_width, region->target_height),
              region->format, (gpointer) target_pixels (region, pixels), region_stride (region));
  fg_timings_mark (timings, "write");
  if (free_pixels && ! (freeing = g_thread_try_new ("freqgrad-free", free_in_thread, pixels, NULL)))
    g_free (pixels);
  /* The shadow must be flushed (unreffed) before GIMP merges it. */
  g_object_unref (shadow);
  if (freeing)
    g_thread_join (freeing);
  fg_timings_mark (timings, "shadow_flush");
  /* GIMP refuses the merge for locked pixels (and may for other reasons):
   * unchecked, the run would report success with nothing written. */
  if (! gimp_drawable_merge_shadow (target, TRUE))
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0, _("GIMP refused to write the result into \"%s\"%s."),
                   gimp_item_get_name (GIMP_ITEM (target)),
                   gimp_item_get_lock_content (GIMP_ITEM (target)) ? _(": its pixels are locked") : "");
      return FALSE;
    }
  fg_timings_mark (timings, "merge_shadow");
  if (! gimp_drawable_update (target, region->target_x, region->target_y,
                              region->target_width, region->target_height))
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0, _("GIMP could not update \"%s\"."),
                   gimp_item_get_name (GIMP_ITEM (target)));
      return FALSE;
    }
  fg_timings_mark (timings, "update");
  return TRUE;
}

gboolean
fg_region_restore (const FgRegion *region)
{
  GeglBuffer *buffer = gimp_drawable_get_buffer (region->drawable);

  if (! buffer)
    return FALSE;
  /* Straight into the drawable, not through the shadow: a merge would apply
   * the selection's mask a second time. */
  gegl_buffer_set (buffer, GEGL_RECTANGLE (region->target_x, region->target_y,
                                           region->target_width, region->target_height),
                   0, region->format, target_pixels (region, region->pixels), region_stride (region));
  g_object_unref (buffer);
  return gimp_drawable_update (region->drawable, region->target_x, region->target_y,
                               region->target_width, region->target_height);
}

/* Where a new layer goes: just above `layer`, in the same group. */
static gboolean
insert_above (GimpLayer *new_layer,
              GimpLayer *layer)
{
  GimpImage *image  = gimp_item_get_image (GIMP_ITEM (layer));
  GimpItem  *parent = gimp_item_get_parent (GIMP_ITEM (layer));
  gint       position = gimp_image_get_item_position (image, GIMP_ITEM (layer));

  return gimp_image_insert_layer (image, new_layer,
                                  parent ? GIMP_LAYER (parent) : NULL, position);
}

GimpLayer *
fg_region_new_layer_copy (const FgRegion *region,
                          const gchar    *suffix,
                          GError        **error)
{
  GimpLayer *layer;
  GimpLayer *copy;
  gchar     *name;
  gboolean   named;

  if (! gimp_item_is_layer (GIMP_ITEM (region->drawable)))
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   _("\"%s\" is not a layer: a new layer can only be made from a layer. "
                     "Use the \"replace\" output for channels and masks."),
                   gimp_item_get_name (GIMP_ITEM (region->drawable)));
      return NULL;
    }
  layer = GIMP_LAYER (region->drawable);
  copy  = gimp_layer_copy (layer);
  if (! copy)
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0, _("GIMP could not copy the layer \"%s\"."),
                   gimp_item_get_name (GIMP_ITEM (layer)));
      return NULL;
    }
  if (! insert_above (copy, layer))
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0, _("GIMP could not add a new layer to the image."));
      gimp_item_delete (GIMP_ITEM (copy));   /* not in the image: ours to free */
      return NULL;
    }
  name  = g_strdup_printf ("%s (%s)", gimp_item_get_name (GIMP_ITEM (layer)), suffix);
  named = gimp_item_set_name (GIMP_ITEM (copy), name);
  g_free (name);
  if (! named)
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0, _("GIMP could not name the new layer."));
      gimp_image_remove_layer (gimp_item_get_image (GIMP_ITEM (layer)), copy);
      return NULL;
    }
  return copy;
}

GimpLayer *
fg_region_new_grey_layer (const FgRegion *region,
                          GimpLayer      *above,
                          const gchar    *name,
                          const gfloat   *grey,
                          GError        **error)
{
  GimpImage  *image = gimp_item_get_image (GIMP_ITEM (region->drawable));
  gboolean    rgb   = gimp_image_get_base_type (image) == GIMP_RGB;
  GimpLayer  *layer;
  GeglBuffer *buffer;
  gint        off_x = 0, off_y = 0;

  layer = gimp_layer_new (image, name, region->width, region->height,
                          rgb ? GIMP_RGB_IMAGE : GIMP_GRAY_IMAGE,
                          100.0, GIMP_LAYER_MODE_NORMAL);
  if (! layer)
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0, _("GIMP could not make the layer \"%s\"."), name);
      return NULL;
    }
  if (! insert_above (layer, above))
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0, _("GIMP could not add the layer \"%s\"."), name);
      gimp_item_delete (GIMP_ITEM (layer));
      return NULL;
    }
  /* From here on the layer is in the image: the caller removes it on failure
   * through the layers it was told about, so remove it here ourselves. */
  if (! gimp_drawable_get_offsets (region->drawable, &off_x, &off_y)
      || ! gimp_layer_set_offsets (layer, off_x + region->x, off_y + region->y)
      || ! (buffer = gimp_drawable_get_buffer (GIMP_DRAWABLE (layer))))
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0, _("GIMP could not place the layer \"%s\"."), name);
      gimp_image_remove_layer (image, layer);
      return NULL;
    }
  gegl_buffer_set (buffer, GEGL_RECTANGLE (0, 0, region->width, region->height), 0,
                   babl_format_with_space ("Y' float",
                                           gimp_drawable_get_format (GIMP_DRAWABLE (layer))),
                   grey, GEGL_AUTO_ROWSTRIDE);
  g_object_unref (buffer);
  if (! gimp_drawable_update (GIMP_DRAWABLE (layer), 0, 0, region->width, region->height))
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0, _("GIMP could not update the layer \"%s\"."), name);
      gimp_image_remove_layer (image, layer);
      return NULL;
    }
  return layer;
}
