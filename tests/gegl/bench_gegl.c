/* bench_gegl.c — the GEGL operations against the core on a 24 MP RGB float
 * image (run by hand; one JSON line per case).
 *
 *   GEGL_PATH=<module dir>:<GEGL's own> bench_gegl [--width W --height H] [--whole]
 *
 * frequency-smooth: the whole image through GEGL (buffer-source -> op,
 *   gegl_node_blit of the whole), first render and after a cutoff change,
 *   against fg_frequency_smooth on the same pixels (warm plans), the two
 *   interleaved, medians of 5; GEGL's tile cache 4 GB unless GEGL_CACHE_SIZE.
 * gradient-denoise: a 1000x1000 region in the middle, rendered after a
 *   property change (the noise estimate is already cached), against the
 *   core on that region plus the op's margin, with the lambda the op uses;
 *   --whole also times the core on the whole image.
 * --strength-change (only this): gradient-denoise on the whole image (as the
 *   canvas preview solves an input of up to 2 MP), strength set by hand to
 *   the automatic one, then x1.5; the render after that change with the
 *   warm start and without (FREQGRAD_GEGL_WARM_START=0), interleaved,
 *   medians of ROUNDS, and the solve's iterations (from the op's debug log). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gegl.h>

#include "fg/frequency_smooth.h"
#include "fg/gradient_denoise.h"
#include "gegl_test_util.h"

static double
now_ms (void)
{
  struct timespec t;

  clock_gettime (CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* CPU time of the whole process (every thread): under a load that comes and
 * goes, a steadier measure of work than the wall clock. */
static double
cpu_ms (void)
{
  struct timespec t;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Smooth shapes and shading with noise sigma 0.05, like a noisy photo. */
static TestImage
scene (int width, int height)
{
  TestImage image = test_image_new (width, height, 3, 0);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        float *p = image.data + ((size_t) y * width + x) * 3;
        int    disc = ((x % 700) - 350) * ((x % 700) - 350) + ((y % 500) - 250) * ((y % 500) - 250) < 150 * 150;

        p[0] = 0.2f + 0.5f * x / width + (disc ? 0.2f : 0.0f);
        p[1] = 0.3f + 0.4f * y / height;
        p[2] = disc ? 0.7f : 0.4f + 0.1f * ((x / 40 + y / 40) % 2);
      }
  test_add_noise (&image, 0.05, 7);
  return image;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
blit_ms (GeglNode *op, const GeglRectangle *rect, const TestImage *like, float *out)
{
  double t = now_ms ();

  gegl_node_blit (op, 1.0, rect, test_format (like), out, GEGL_AUTO_ROWSTRIDE, GEGL_BLIT_DEFAULT);
  return now_ms () - t;
}

static double
median (double *v, int n)
{
  qsort (v, n, sizeof (double), cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* The core warm against GEGL's renders, interleaved (core, first render,
 * core, property change, ...) so that a load that comes and goes on a shared
 * machine hits both alike; medians of ROUNDS.  A first render is that of a
 * new input (the boundary is part of the op's key, so switching it gives one;
 * one pass), a later change re-applies the kept transform. */
#define ROUNDS 5

static void
bench_smooth (const TestImage *image, int threads)
{
  fg_fft_context  *ctx = fg_fft_context_new ();
  fg_smooth_params params;
  TestImage        out = test_image_new (image->width, image->height, 3, 0);
  fg_image         vi = test_view (image), vo = test_view (&out);
  GeglNode        *graph, *source, *op;
  GeglBuffer      *buffer = test_buffer (image);
  GeglRectangle    whole = { 0, 0, image->width, image->height };
  double           core[2 * ROUNDS], first[ROUNDS], later[ROUNDS], cold, first_change, t, c;
  double           core_cpu[2 * ROUNDS], first_cpu[ROUNDS], later_cpu[ROUNDS];
  fg_error         error;

  fg_smooth_params_init (&params);
  params.threads = threads;
  fg_frequency_smooth (ctx, &vi, &vo, &params, &error);          /* warm plans and pages */

  graph  = gegl_node_new ();
  source = gegl_node_new_child (graph, "operation", "gegl:buffer-source", "buffer", buffer, NULL);
  op     = gegl_node_new_child (graph, "operation", "freqgrad:frequency-smooth", NULL);
  gegl_node_link (source, op);
  cold = blit_ms (op, &whole, image, out.data);
  gegl_node_set (op, "cutoff", 12.0, NULL);
  first_change = blit_ms (op, &whole, image, out.data);
  for (int i = 0; i < ROUNDS; i++)
    {
      t = now_ms (), c = cpu_ms ();
      fg_frequency_smooth (ctx, &vi, &vo, &params, &error);
      core[2 * i] = now_ms () - t, core_cpu[2 * i] = cpu_ms () - c;
      gegl_node_set (op, "cutoff", 9.0 + i, NULL);
      c = cpu_ms ();
      later[i] = blit_ms (op, &whole, image, out.data);
      later_cpu[i] = cpu_ms () - c;

      t = now_ms (), c = cpu_ms ();
      fg_frequency_smooth (ctx, &vi, &vo, &params, &error);
      core[2 * i + 1] = now_ms () - t, core_cpu[2 * i + 1] = cpu_ms () - c;
      gegl_node_set (op, "boundary", i % 2 ? FG_BOUNDARY_MIRROR : FG_BOUNDARY_PERIODIC, NULL);
      c = cpu_ms ();
      first[i] = blit_ms (op, &whole, image, out.data);
      first_cpu[i] = cpu_ms () - c;
      gegl_node_set (op, "boundary", FG_BOUNDARY_MIRROR, NULL);   /* a first render again, untimed */
      blit_ms (op, &whole, image, out.data);
      gegl_node_set (op, "cutoff", 12.0, NULL);                  /* the next change re-applies */
      blit_ms (op, &whole, image, out.data);
    }
  fg_fft_context_free (ctx);

  {
    guint64 cache = 0;
    double  core_ms = median (core, 2 * ROUNDS), first_ms = median (first, ROUNDS), later_ms = median (later, ROUNDS);
    double  core_c = median (core_cpu, 2 * ROUNDS), first_c = median (first_cpu, ROUNDS);
    double  later_c = median (later_cpu, ROUNDS);

    g_object_get (gegl_config (), "tile-cache-size", &cache, NULL);
    printf ("{\"op\": \"frequency-smooth\", \"width\": %d, \"height\": %d, \"threads\": %d, "
            "\"tile_cache_mb\": %" G_GUINT64_FORMAT ", \"rounds\": %d, "
            "\"core_ms\": %.1f, \"gegl_first_render_cold_ms\": %.1f, \"gegl_first_render_ms\": %.1f, "
            "\"gegl_first_change_ms\": %.1f, \"gegl_later_change_ms\": %.1f, "
            "\"ratio_first_render\": %.3f, \"ratio_later_change\": %.3f, "
            "\"core_cpu_ms\": %.1f, \"gegl_first_render_cpu_ms\": %.1f, \"gegl_later_change_cpu_ms\": %.1f, "
            "\"cpu_ratio_first_render\": %.3f, \"cpu_ratio_later_change\": %.3f}\n",
            image->width, image->height, threads, cache >> 20, ROUNDS, core_ms, cold, first_ms,
            first_change, later_ms, first_ms / core_ms, later_ms / core_ms,
            core_c, first_c, later_c, first_c / core_c, later_c / core_c);
  }
  fflush (stdout);
  g_object_unref (graph);
  g_object_unref (buffer);
  g_free (out.data);
}

static void
bench_denoise (const TestImage *image, int threads, int whole_too)
{
  GeglNode         *graph, *source, *op;
  GeglBuffer       *buffer = test_buffer (image);
  GeglRectangle     region = { image->width / 2 - 500, image->height / 2 - 500, 1000, 1000 };
  TestImage         out = test_image_new (1000, 1000, 3, 0);
  fg_denoise_params params;
  fg_denoise_report report;
  fg_error          error;
  fg_image          vi = test_view (image);
  double            t, stats_ms, change_ms, sigma, lambda, core_ms, core_tile_tol_ms, whole_ms = -1;
  int               margin;

  graph  = gegl_node_new ();
  source = gegl_node_new_child (graph, "operation", "gegl:buffer-source", "buffer", buffer, NULL);
  op     = gegl_node_new_child (graph, "operation", "freqgrad:gradient-denoise", NULL);
  gegl_node_link (source, op);
  t = now_ms ();
  gegl_node_blit (op, 1.0, &region, test_format (image), out.data, GEGL_AUTO_ROWSTRIDE, GEGL_BLIT_DEFAULT);
  stats_ms = now_ms () - t;                       /* includes the whole-input noise estimate */
  gegl_node_set (op, "epsilon", 0.012, NULL);
  t = now_ms ();
  gegl_node_blit (op, 1.0, &region, test_format (image), out.data, GEGL_AUTO_ROWSTRIDE, GEGL_BLIT_DEFAULT);
  change_ms = now_ms () - t;

  /* The core on the region plus the margin the op uses (same rule). */
  fg_denoise_params_init (&params);
  params.epsilon = 0.012;
  params.threads = threads;
  fg_denoise_auto_lambda (&vi, &params, &lambda, &sigma, NULL, &error);
  margin = fg_denoise_margin (&params, 3, lambda, 1.0, 0.25 / 255.0);
  margin = margin < 0 ? params.max_iterations : MIN (margin, params.max_iterations);
  {
    int       x0 = MAX (region.x - margin, 0), y0 = MAX (region.y - margin, 0);
    int       x1 = MIN (region.x + region.width + margin, image->width);
    int       y1 = MIN (region.y + region.height + margin, image->height);
    TestImage crop = test_image_new (x1 - x0, y1 - y0, 3, 0);
    fg_image  vc;

    for (int y = y0; y < y1; y++)
      memcpy (crop.data + (size_t) (y - y0) * crop.width * 3,
              image->data + ((size_t) y * image->width + x0) * 3, sizeof (float) * 3 * crop.width);
    vc = test_view (&crop);
    params.auto_strength = 0;
    params.lambda = lambda;
    t = now_ms ();
    fg_gradient_denoise (&vc, &vc, &params, &report, &error);
    core_ms = now_ms () - t;
    int iterations = report.iterations;
    for (int y = y0; y < y1; y++)
      memcpy (crop.data + (size_t) (y - y0) * crop.width * 3,
              image->data + ((size_t) y * image->width + x0) * 3, sizeof (float) * 3 * crop.width);
    params.tolerance *= 0.1;                      /* the op's tile tolerance */
    t = now_ms ();
    fg_gradient_denoise (&vc, &vc, &params, &report, &error);
    core_tile_tol_ms = now_ms () - t;
    params.tolerance *= 10.0;

    if (whole_too)
      {
        TestImage whole = test_image_new (image->width, image->height, 3, 0);
        fg_image  vw = test_view (&whole);

        params.auto_strength = 1;
        t = now_ms ();
        fg_gradient_denoise (&vi, &vw, &params, NULL, &error);
        whole_ms = now_ms () - t;
        g_free (whole.data);
      }
    printf ("{\"op\": \"gradient-denoise\", \"width\": %d, \"height\": %d, \"threads\": %d, "
            "\"region\": \"1000x1000\", \"margin\": %d, \"crop\": \"%dx%d\", \"lambda\": %.4g, "
            "\"gegl_first_render_ms\": %.1f, \"gegl_after_change_ms\": %.1f, "
            "\"core_crop_ms\": %.1f, \"core_crop_iterations\": %d, \"core_crop_tile_tolerance_ms\": %.1f, "
            "\"core_crop_tile_tolerance_iterations\": %d, \"ratio\": %.3f, \"ratio_same_tolerance\": %.3f, "
            "\"core_whole_ms\": %.1f}\n",
            image->width, image->height, threads, margin, crop.width, crop.height, lambda,
            stats_ms, change_ms, core_ms, iterations, core_tile_tol_ms, report.iterations,
            change_ms / core_ms, change_ms / core_tile_tol_ms, whole_ms);
    g_free (crop.data);
  }
  g_object_unref (graph);
  g_object_unref (buffer);
  g_free (out.data);
}

static int solved_iterations;

static void
count_iterations (const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
  const char *at = strstr (message, " ms, ");

  (void) domain; (void) level; (void) data;
  if (strstr (message, "gradient-denoise: solved in ") && at)
    solved_iterations += atoi (at + 5);
}

/* One strength change (x1.5) after a first render; returns its wall time,
 * *iterations the solves' iterations. */
static double
strength_change_ms (const TestImage *image, double lambda, int warm, int *iterations)
{
  GeglBuffer   *buffer = test_buffer (image);
  GeglNode     *graph  = gegl_node_new ();
  GeglNode     *source = gegl_node_new_child (graph, "operation", "gegl:buffer-source", "buffer", buffer, NULL);
  GeglNode     *op     = gegl_node_new_child (graph, "operation", "freqgrad:gradient-denoise",
                                              "auto-strength", FALSE, "strength", lambda, NULL);
  GeglRectangle whole  = { 0, 0, image->width, image->height };
  TestImage     out    = test_image_new (image->width, image->height, 3, 0);
  double        ms;

  if (! warm)
    g_setenv ("FREQGRAD_GEGL_WARM_START", "0", TRUE);
  gegl_node_link (source, op);
  blit_ms (op, &whole, image, out.data);
  gegl_node_set (op, "strength", 1.5 * lambda, NULL);
  solved_iterations = 0;
  ms = blit_ms (op, &whole, image, out.data);
  *iterations = solved_iterations;
  g_unsetenv ("FREQGRAD_GEGL_WARM_START");
  g_object_unref (graph);
  g_object_unref (buffer);
  g_free (out.data);
  return ms;
}

static void
bench_strength_change (const TestImage *image, int threads)
{
  fg_denoise_params params;
  fg_image          vi = test_view (image);
  fg_error          error;
  double            lambda, sigma, warm[ROUNDS], cold[ROUNDS];
  int               warm_it = 0, cold_it = 0;

  fg_denoise_params_init (&params);
  params.threads = threads;
  fg_denoise_auto_lambda (&vi, &params, &lambda, &sigma, NULL, &error);
  g_log_set_handler ("freqgrad-gegl", G_LOG_LEVEL_MASK, count_iterations, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "freqgrad-gegl", TRUE);
  for (int i = 0; i < ROUNDS; i++)
    {
      cold[i] = strength_change_ms (image, lambda, 0, &cold_it);
      warm[i] = strength_change_ms (image, lambda, 1, &warm_it);
    }
  printf ("{\"op\": \"gradient-denoise\", \"case\": \"strength x1.5\", \"width\": %d, \"height\": %d, "
          "\"threads\": %d, \"lambda\": %.4g, \"rounds\": %d, \"cold_ms\": %.1f, \"cold_iterations\": %d, "
          "\"warm_ms\": %.1f, \"warm_iterations\": %d}\n",
          image->width, image->height, threads, lambda, ROUNDS, median (cold, ROUNDS), cold_it,
          median (warm, ROUNDS), warm_it);
}

int
main (int argc, char **argv)
{
  int       width = 6000, height = 4000, whole = 0, strength_change = 0, threads;
  TestImage image;

  gegl_init (&argc, &argv);
  /* GIMP sizes GEGL's tile cache from its preferences (by default a large
   * part of the memory); GEGL's own default can be too small to hold a 24 MP
   * float image and its result, and then tiles go to swap in the middle of a
   * render.  Unless GEGL_CACHE_SIZE says otherwise, give it 4 GB. */
  if (! g_getenv ("GEGL_CACHE_SIZE"))
    g_object_set (gegl_config (), "tile-cache-size", (guint64) 4 << 30, NULL);
  for (int i = 1; i < argc; i++)
    {
      if (! strcmp (argv[i], "--width") && i + 1 < argc)
        width = atoi (argv[++i]);
      else if (! strcmp (argv[i], "--height") && i + 1 < argc)
        height = atoi (argv[++i]);
      else if (! strcmp (argv[i], "--whole"))
        whole = 1;
      else if (! strcmp (argv[i], "--strength-change"))
        strength_change = 1;
    }
  g_object_get (gegl_config (), "threads", &threads, NULL);
  image = scene (width, height);
  if (strength_change)
    {
      bench_strength_change (&image, threads);
      g_free (image.data);
      gegl_exit ();
      return 0;
    }
  bench_smooth (&image, threads);
  bench_denoise (&image, threads, whole);
  g_free (image.data);
  gegl_exit ();
  return 0;
}
