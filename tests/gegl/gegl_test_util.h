/* gegl_test_util.h — what the GEGL operation tests and the benchmark share:
 * images as float arrays, GEGL graphs over them, comparisons. */
#ifndef FG_GEGL_TEST_UTIL_H
#define FG_GEGL_TEST_UTIL_H

#include <math.h>
#include <stdint.h>
#include <gegl.h>

#include "fg/common.h"

typedef struct
{
  float *data;
  int    width, height, channels, has_alpha;
} TestImage;

static inline TestImage
test_image_new (int width, int height, int channels, int has_alpha)
{
  TestImage image = { g_new0 (float, (gsize) width * height * channels), width, height,
                      channels, has_alpha };
  return image;
}

static inline TestImage
test_image_copy (const TestImage *image)
{
  TestImage copy = test_image_new (image->width, image->height, image->channels, image->has_alpha);

  memcpy (copy.data, image->data, sizeof (float) * image->width * image->height * image->channels);
  return copy;
}

static inline fg_image
test_view (const TestImage *image)
{
  return fg_image_make (image->data, image->width, image->height, image->channels, image->has_alpha);
}

static inline const Babl *
test_format (const TestImage *image)
{
  if (image->channels >= 3)
    return babl_format (image->has_alpha ? "R'G'B'A float" : "R'G'B' float");
  return babl_format (image->has_alpha ? "Y'A float" : "Y' float");
}

/* Loads an image file with gegl:load, as R'G'B' float (sRGB). */
static inline TestImage
test_load (const char *path)
{
  GeglNode     *graph = gegl_node_new ();
  GeglNode     *load  = gegl_node_new_child (graph, "operation", "gegl:load", "path", path, NULL);
  GeglRectangle rect  = gegl_node_get_bounding_box (load);
  TestImage     image = test_image_new (MAX (rect.width, 1), MAX (rect.height, 1), 3, 0);

  gegl_node_blit (load, 1.0, &rect, test_format (&image), image.data, GEGL_AUTO_ROWSTRIDE,
                  GEGL_BLIT_DEFAULT);
  g_object_unref (graph);
  return image;
}

/* Adds Gaussian noise of standard deviation sigma (deterministic). */
static inline void
test_add_noise (TestImage *image, double sigma, uint64_t seed)
{
  uint64_t state = seed * 6364136223846793005u + 1442695040888963407u;
  size_t   n     = (size_t) image->width * image->height * image->channels;

  for (size_t i = 0; i < n; i++)
    {
      double u1, u2;

      if (image->has_alpha && i % image->channels == (size_t) image->channels - 1)
        continue;
      state = state * 6364136223846793005u + 1442695040888963407u;
      u1 = ((state >> 11) + 1.0) / 9007199254740993.0;
      state = state * 6364136223846793005u + 1442695040888963407u;
      u2 = (state >> 11) / 9007199254740992.0;
      image->data[i] += (float) (sigma * sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2));
    }
}

/* A GeglBuffer holding the image (its own copy). */
static inline GeglBuffer *
test_buffer (const TestImage *image)
{
  GeglRectangle rect   = { 0, 0, image->width, image->height };
  GeglBuffer   *buffer = gegl_buffer_new (&rect, test_format (image));

  gegl_buffer_set (buffer, &rect, 0, test_format (image), image->data, GEGL_AUTO_ROWSTRIDE);
  return buffer;
}

/* Renders `node` in tile x tile blits, as a display would, into a new image. */
static inline TestImage
test_render_tiles (GeglNode *node, const TestImage *like, int tile)
{
  TestImage out = test_image_new (like->width, like->height, like->channels, like->has_alpha);

  for (int y = 0; y < like->height; y += tile)
    for (int x = 0; x < like->width; x += tile)
      {
        GeglRectangle rect = { x, y, MIN (tile, like->width - x), MIN (tile, like->height - y) };

        gegl_node_blit (node, 1.0, &rect, test_format (like),
                        out.data + ((size_t) y * like->width + x) * like->channels,
                        like->width * like->channels * sizeof (float), GEGL_BLIT_DEFAULT);
      }
  return out;
}

/* Largest |a - b| over all values, and the share of values differing by
 * more than half an 8-bit level. */
static inline double
test_max_diff (const TestImage *a, const TestImage *b, double *share_over_half_level)
{
  size_t n = (size_t) a->width * a->height * a->channels, over = 0;
  double worst = 0.0;

  for (size_t i = 0; i < n; i++)
    {
      double d = fabs ((double) a->data[i] - b->data[i]);

      if (! (d <= worst))
        worst = isnan (d) ? INFINITY : d;
      over += d > 0.5 / 255.0;
    }
  if (share_over_half_level)
    *share_over_half_level = (double) over / n;
  return worst;
}

#endif
