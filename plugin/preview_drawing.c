/* preview_drawing.c — computed pixels into a GimpDrawablePreview. */
#include "preview_drawing.h"
#include "test_hooks.h"

#include <string.h>

guchar *
fg_region_to_u8 (const FgRegion *region,
                 const Babl     *u8,
                 const gfloat   *pixels)
{
  gsize       count  = (gsize) region->width * (gsize) region->height;
  guchar     *result = g_try_malloc (count * (gsize) babl_format_get_bytes_per_pixel (u8));

  if (result)
    babl_process (babl_fish (region->format, u8), pixels, result, (glong) count);
  return result;
}

gdouble
fg_preview_draw_region (GimpPreview    *preview,
                        const FgRegion *region,
                        const Babl     *u8,
                        const guchar   *region_u8)
{
  guint64     total = 0;
  gint        bpp = babl_format_get_bytes_per_pixel (u8);
  gint        x, y, width, height;
  gint        ix, iy, iw, ih;
  guchar     *visible;
  GeglBuffer *buffer;

  gimp_preview_get_position (preview, &x, &y);
  gimp_preview_get_size (preview, &width, &height);
  if (width < 1 || height < 1)
    return 0.0;
  visible = g_try_malloc ((gsize) width * (gsize) height * (gsize) bpp);
  if (! visible)
    return 0.0;

  buffer = gimp_drawable_get_buffer (region->drawable);
  gegl_buffer_get (buffer, GEGL_RECTANGLE (x, y, width, height), 1.0, u8, visible,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref (buffer);

  if (gimp_rectangle_intersect (x, y, width, height,
                                region->x, region->y, region->width, region->height,
                                &ix, &iy, &iw, &ih))
    for (gint row = iy; row < iy + ih; row++)
      {
        guchar       *dest = visible + ((gsize) (row - y) * width + (ix - x)) * bpp;
        const guchar *src  = region_u8
                             + ((gsize) (row - region->y) * region->width + (ix - region->x)) * bpp;

        for (gint i = 0; i < iw * bpp; i++)
          total += (guint64) ABS ((gint) dest[i] - (gint) src[i]);
        memcpy (dest, src, (gsize) iw * bpp);
      }

  gimp_preview_draw_buffer (preview, visible, width * bpp);
  fg_test_preview_drawn (visible, x, y, width, height, bpp);
  g_free (visible);
  return total / (255.0 * width * height * bpp);
}
