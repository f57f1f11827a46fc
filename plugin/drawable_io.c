/* drawable_io.c — drawable ⇄ core image view. */
#include "drawable_io.h"

#include <string.h>

const Babl *
fg_drawable_format (GimpDrawable *drawable,
                    const gchar  *type)
{
  gboolean     alpha = gimp_drawable_has_alpha (drawable);
  const gchar *layout;
  gchar       *name;
  const Babl  *format;

  if (! gimp_item_is_layer (GIMP_ITEM (drawable)))
    layout = "Y";         /* channels and masks hold linear coverage, not tones */
  else if (gimp_drawable_is_rgb (drawable))
    layout = alpha ? "R'G'B'A" : "R'G'B'";
  else
    layout = alpha ? "Y'A" : "Y'";

  name   = g_strdup_printf ("%s %s", layout, type);
  format = babl_format_with_space (name, gimp_drawable_get_format (drawable));
  g_free (name);
  return format;
}

gboolean
fg_drawables_check (GimpDrawable **drawables,
                    const gchar   *procedure_label,
                    GError       **error)
{
  gsize n = drawables ? gimp_core_object_array_get_length ((GObject **) drawables) : 0;

  if (n == 0)
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   "%s needs at least one selected layer or channel.", procedure_label);
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    {
      GimpDrawable *drawable = drawables[i];
      const gchar  *name     = gimp_item_get_name (GIMP_ITEM (drawable));

      if (gimp_drawable_is_indexed (drawable))
        {
          g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                       "%s works on RGB and grayscale images; \"%s\" is indexed. "
                       "Convert the image with Image > Mode > RGB first.",
                       procedure_label, name);
          return FALSE;
        }
      if (gimp_item_is_group (GIMP_ITEM (drawable)))
        {
          g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                       "%s cannot filter the layer group \"%s\": select a layer inside it.",
                       procedure_label, name);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
fg_region_read (GimpDrawable *drawable,
                FgRegion     *region,
                gboolean     *empty,
                GError      **error)
{
  GeglBuffer *buffer;
  gsize       count = 0;

  memset (region, 0, sizeof *region);
  *empty = FALSE;
  region->drawable = drawable;

  if (! gimp_drawable_mask_intersect (drawable, &region->x, &region->y,
                                      &region->width, &region->height)
      || region->width < 1 || region->height < 1)
    {
      *empty = TRUE;
      return FALSE;
    }

  region->format    = fg_drawable_format (drawable, "float");
  region->channels  = babl_format_get_n_components (region->format);
  region->has_alpha = babl_format_has_alpha (region->format);

  if (! g_size_checked_mul (&count, (gsize) region->width, (gsize) region->height)
      || ! g_size_checked_mul (&count, count, (gsize) region->channels * sizeof (gfloat))
      || ! (region->pixels = g_try_malloc (count)))
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   "Not enough memory to read %d x %d pixels of \"%s\".",
                   region->width, region->height,
                   gimp_item_get_name (GIMP_ITEM (drawable)));
      return FALSE;
    }

  buffer = gimp_drawable_get_buffer (drawable);
  gegl_buffer_get (buffer,
                   GEGL_RECTANGLE (region->x, region->y, region->width, region->height),
                   1.0, region->format, region->pixels,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref (buffer);
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

void
fg_region_write (const FgRegion *region,
                 GimpDrawable   *target,
                 const gfloat   *pixels)
{
  GeglBuffer *shadow = gimp_drawable_get_shadow_buffer (target);

  gegl_buffer_set (shadow,
                   GEGL_RECTANGLE (region->x, region->y, region->width, region->height),
                   0, region->format, pixels, GEGL_AUTO_ROWSTRIDE);
  /* The shadow must be flushed (unreffed) before GIMP merges it. */
  g_object_unref (shadow);
  gimp_drawable_merge_shadow (target, TRUE);
  gimp_drawable_update (target, region->x, region->y, region->width, region->height);
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

  if (! gimp_item_is_layer (GIMP_ITEM (region->drawable)))
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   "\"%s\" is not a layer: a new layer can only be made from a layer. "
                   "Use the \"replace\" output for channels and masks.",
                   gimp_item_get_name (GIMP_ITEM (region->drawable)));
      return NULL;
    }
  layer = GIMP_LAYER (region->drawable);
  copy  = gimp_layer_copy (layer);
  if (! copy || ! insert_above (copy, layer))
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0, "Could not add a new layer to the image.");
      return NULL;
    }
  name = g_strdup_printf ("%s (%s)", gimp_item_get_name (GIMP_ITEM (layer)), suffix);
  gimp_item_set_name (GIMP_ITEM (copy), name);
  g_free (name);
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
  if (! layer || ! insert_above (layer, above))
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0, "Could not add the layer \"%s\".", name);
      return NULL;
    }
  gimp_drawable_get_offsets (region->drawable, &off_x, &off_y);
  gimp_layer_set_offsets (layer, off_x + region->x, off_y + region->y);

  buffer = gimp_drawable_get_buffer (GIMP_DRAWABLE (layer));
  gegl_buffer_set (buffer, GEGL_RECTANGLE (0, 0, region->width, region->height), 0,
                   babl_format_with_space ("Y' float",
                                           gimp_drawable_get_format (GIMP_DRAWABLE (layer))),
                   grey, GEGL_AUTO_ROWSTRIDE);
  g_object_unref (buffer);
  gimp_drawable_update (GIMP_DRAWABLE (layer), 0, 0, region->width, region->height);
  return layer;
}
