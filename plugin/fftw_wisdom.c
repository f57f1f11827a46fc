/* fftw_wisdom.c — FFTW wisdom in the GIMP profile. */
#include "fftw_wisdom.h"

/* Planning time allowed per size after a run (FFTW_MEASURE with a limit). */
#define MEASURE_SECONDS 2.0

static gchar *
wisdom_path (void)
{
  return g_build_filename (gimp_directory (), "freqgrad", "fftw-wisdom", NULL);
}

void
fg_wisdom_load (void)
{
  gchar   *path = wisdom_path ();
  fg_error error;

  if (fg_fft_wisdom_import (path, &error) != FG_OK)
    g_printerr ("freqgrad: ignoring FFTW wisdom %s: %s\n", path, error.message);
  g_free (path);
}

void
fg_wisdom_learn (fg_fft_context  *fft,
                 GimpDrawable   **drawables,
                 gboolean         periodic)
{
  gchar   *path = wisdom_path ();
  gchar   *dir  = g_path_get_dirname (path);
  fg_error error;
  gsize    count = gimp_core_object_array_get_length ((GObject **) drawables);

  for (gsize i = 0; i < count; i++)
    {
      gint x, y, width, height;

      if (gimp_drawable_mask_intersect (drawables[i], &x, &y, &width, &height))
        fg_fft_plan_measured (fft, width, height,
                              periodic ? FG_BOUNDARY_PERIODIC : FG_BOUNDARY_MIRROR,
                              0, MEASURE_SECONDS, &error);
    }
  if (g_mkdir_with_parents (dir, 0755) != 0
      || fg_fft_wisdom_export (path, &error) != FG_OK)
    g_printerr ("freqgrad: could not save FFTW wisdom to %s\n", path);
  g_free (dir);
  g_free (path);
}
