/* preview_drawing.c — computed pixels into a GimpDrawablePreview.
 *
 * With a selection, gimp_preview_draw_buffer () masks the buffer with the
 * selection itself, but finds the first selected row of the buffer with the
 * masked width where the buffer's rowstride belongs (libgimp's
 * gimp_drawable_preview_draw_area; seen in GIMP 3.2.6): wherever the
 * selection starts below the preview's top edge, the drawn content is shifted
 * sideways and wraps around, with a vertical seam.  So the selection is
 * applied here, as OK's merge applies it, and the finished rectangle is drawn
 * straight into the preview area.
 *
 * GimpPreview draws the unfiltered drawable (its class's draw) on every size
 * allocation, scroll and invalidation, and only then asks the plug-in for a
 * new preview: the unfiltered image showed until the next result, e.g. for
 * 200 ms (GimpPreview's invalidation delay) after every preview whose status
 * line reflowed the dialog, and all through a dragged slider.
 * fg_preview_keep_drawn () lets a dialog draw its last result there instead. */
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

static GimpImageType
image_type (const Babl *u8)
{
  gboolean alpha = babl_format_has_alpha (u8);

  if (babl_format_get_n_components (u8) >= 3)
    return alpha ? GIMP_RGBA_IMAGE : GIMP_RGB_IMAGE;
  return alpha ? GIMP_GRAYA_IMAGE : GIMP_GRAY_IMAGE;
}

/* The selection's coverage (0..1) of the drawable's rectangle x, y, w, h;
 * NULL when nothing is selected (everything is then covered) or out of
 * memory. */
static gfloat *
selection_mask (GimpDrawable *drawable,
                gint          x,
                gint          y,
                gint          width,
                gint          height)
{
  GimpImage   *image = gimp_item_get_image (GIMP_ITEM (drawable));
  GimpDrawable *selection;
  GeglBuffer  *buffer;
  gfloat      *mask;
  gint         off_x = 0, off_y = 0;

  if (gimp_selection_is_empty (image))
    return NULL;
  mask = g_try_malloc ((gsize) width * (gsize) height * sizeof (gfloat));
  if (! mask)
    return NULL;
  gimp_drawable_get_offsets (drawable, &off_x, &off_y);
  selection = GIMP_DRAWABLE (gimp_image_get_selection (image));
  buffer = gimp_drawable_get_buffer (selection);
  gegl_buffer_get (buffer, GEGL_RECTANGLE (x + off_x, y + off_y, width, height), 1.0,
                   babl_format ("Y float"), mask, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref (buffer);
  return mask;
}

/* original := original blended towards filtered by mask, in linear light
 * with alpha, the way GIMP's merge of the shadow buffer (the "replace" layer
 * mode, composited in linear RGB) applies a selection: coverage m gives
 * alpha a + (a' - a) m and colour c + (c' - c) a' m / alpha. */
static gboolean
blend_masked (const Babl   *u8,
              guchar       *original,
              const guchar *filtered,
              const gfloat *mask,
              gint          count)
{
  const Babl *linear = babl_format_with_space (babl_format_get_n_components (u8) >= 3
                                               ? "RGBA float" : "YA float", u8);
  gint        n      = babl_format_get_n_components (linear);
  gfloat     *a      = g_try_malloc ((gsize) count * n * sizeof (gfloat));
  gfloat     *b      = g_try_malloc ((gsize) count * n * sizeof (gfloat));

  if (! a || ! b)
    {
      g_free (a);
      g_free (b);
      return FALSE;
    }
  babl_process (babl_fish (u8, linear), original, a, count);
  babl_process (babl_fish (u8, linear), filtered, b, count);
  for (gint i = 0; i < count; i++)
    {
      gfloat *in    = a + (gsize) i * n;
      gfloat *layer = b + (gsize) i * n;
      gfloat  m     = CLAMP (mask[i], 0.0f, 1.0f);
      gfloat  alpha = in[n - 1] + (layer[n - 1] - in[n - 1]) * m;
      gfloat  ratio = alpha > 0.0f ? layer[n - 1] * m / alpha : 0.0f;

      for (gint c = 0; c < n - 1; c++)
        in[c] += (layer[c] - in[c]) * ratio;
      in[n - 1] = alpha;
    }
  babl_process (babl_fish (linear, u8), a, original, count);
  g_free (a);
  g_free (b);
  return TRUE;
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
  guchar     *original;
  GeglBuffer *buffer;

  gimp_preview_get_position (preview, &x, &y);
  gimp_preview_get_size (preview, &width, &height);
  if (width < 1 || height < 1)
    return 0.0;
  visible  = g_try_malloc ((gsize) width * (gsize) height * (gsize) bpp);
  original = g_try_malloc ((gsize) width * (gsize) height * (gsize) bpp);
  if (! visible || ! original)
    {
      g_free (visible);
      g_free (original);
      return 0.0;
    }

  buffer = gimp_drawable_get_buffer (region->drawable);
  gegl_buffer_get (buffer, GEGL_RECTANGLE (x, y, width, height), 1.0, u8, original,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref (buffer);
  memcpy (visible, original, (gsize) width * height * bpp);

  if (gimp_rectangle_intersect (x, y, width, height,
                                region->x, region->y, region->width, region->height,
                                &ix, &iy, &iw, &ih))
    {
      gfloat *mask = selection_mask (region->drawable, ix, iy, iw, ih);
      guchar *filtered = mask ? g_try_malloc ((gsize) iw * ih * bpp) : NULL;

      /* The computed rectangle, packed (with a selection, into `filtered`
       * first, to be blended with the original). */
      for (gint row = iy; row < iy + ih; row++)
        {
          guchar       *dest = filtered ? filtered + (gsize) (row - iy) * iw * bpp
                                        : visible + ((gsize) (row - y) * width + (ix - x)) * bpp;
          const guchar *src  = region_u8
                               + ((gsize) (row - region->y) * region->width + (ix - region->x)) * bpp;

          memcpy (dest, src, (gsize) iw * bpp);
        }
      if (filtered)
        {
          guchar *packed = g_try_malloc ((gsize) iw * ih * bpp);

          if (packed)
            {
              for (gint row = 0; row < ih; row++)
                memcpy (packed + (gsize) row * iw * bpp,
                        original + ((gsize) (iy - y + row) * width + (ix - x)) * bpp,
                        (gsize) iw * bpp);
              if (blend_masked (u8, packed, filtered, mask, iw * ih))
                for (gint row = 0; row < ih; row++)
                  memcpy (visible + ((gsize) (iy - y + row) * width + (ix - x)) * bpp,
                          packed + (gsize) row * iw * bpp, (gsize) iw * bpp);
              g_free (packed);
            }
          g_free (filtered);
        }
      g_free (mask);
    }

  for (gsize i = 0; i < (gsize) width * height * bpp; i++)
    total += (guint64) ABS ((gint) visible[i] - (gint) original[i]);

  /* Straight into the area: its top left is the preview's position (what
   * gimp_preview_draw_buffer does without a selection). */
  gimp_preview_area_draw (GIMP_PREVIEW_AREA (gimp_preview_get_area (preview)),
                          0, 0, width, height, image_type (u8), visible, width * bpp);
  fg_test_preview_drawn (visible, x, y, width, height, bpp);
  g_free (visible);
  g_free (original);
  return total / (255.0 * width * height * bpp);
}

/* ---- keeping the last result on screen ---------------------------------- */

#define KEEP_DRAWN_KEY "fg-preview-keep-drawn"

typedef struct
{
  FgPreviewRedraw redraw;
  gpointer        data;
} KeepDrawn;

static void (*unfiltered_draw) (GimpPreview *preview);

/* The preview class's draw: the dialog's last result where it has one. */
static void
draw_kept (GimpPreview *preview)
{
  KeepDrawn *keep = g_object_get_data (G_OBJECT (preview), KEEP_DRAWN_KEY);
  gint       xoff, yoff, xmin, ymin, xmax, ymax, width, height;

  if (! keep || ! gimp_preview_get_update (preview))
    {
      /* Not ours, or the Preview toggle is off: the unfiltered drawable. */
      unfiltered_draw (preview);
      return;
    }
  /* What GIMP's draw does besides drawing: keep the offsets in bounds
   * after a resize. */
  gimp_preview_get_offsets (preview, &xoff, &yoff);
  gimp_preview_get_bounds (preview, &xmin, &ymin, &xmax, &ymax);
  gimp_preview_get_size (preview, &width, &height);
  xoff = CLAMP (xoff, 0, MAX (0, xmax - xmin - width));
  yoff = CLAMP (yoff, 0, MAX (0, ymax - ymin - height));
  gimp_preview_set_offsets (preview, xoff, yoff);

  if (! keep->redraw (preview, keep->data))
    unfiltered_draw (preview);
}

void
fg_preview_keep_drawn (GimpPreview     *preview,
                       FgPreviewRedraw  redraw,
                       gpointer         data)
{
  GimpPreviewClass *klass = GIMP_PREVIEW_GET_CLASS (preview);
  KeepDrawn        *keep;

  if (! redraw)
    {
      g_object_set_data (G_OBJECT (preview), KEEP_DRAWN_KEY, NULL);
      return;
    }

  /* GimpDrawablePreview is a final type, so its draw cannot be overridden
   * by subclassing; its class's draw is wrapped once instead, and the
   * wrapper falls back to GIMP's draw for previews that did not ask. */
  if (klass->draw != draw_kept)
    {
      unfiltered_draw = klass->draw;
      klass->draw     = draw_kept;
    }
  keep = g_new0 (KeepDrawn, 1);
  keep->redraw = redraw;
  keep->data   = data;
  g_object_set_data_full (G_OBJECT (preview), KEEP_DRAWN_KEY, keep, g_free);
}
