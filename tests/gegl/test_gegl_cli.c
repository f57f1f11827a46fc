/* test_gegl_cli.c — both filters through the `gegl` command-line tool, as a
 * user without GIMP runs them (TAP).
 *
 *   GEGL_PATH=<module dir>:<GEGL's own> test_gegl_cli PHOTO OUTDIR
 *
 * Runs `gegl PHOTO -o OUT.png -- freqgrad:<op> <properties>`, then checks
 * that the output differs from the photo and equals the core's result on
 * the photo's pixels within one 8-bit level. */
#include <string.h>

#include <gegl.h>

#include "fg/frequency_smooth.h"
#include "fg/gradient_denoise.h"
#include "../core/check.h"
#include "gegl_test_util.h"

static int
run_gegl (const char *photo, const char *out, const char *const *chain)
{
  const char *argv[16] = { "gegl", photo, "-o", out, "--" };
  int         n = 5, status = -1;
  gchar      *errors = NULL;
  GError     *error = NULL;

  for (int i = 0; chain[i] && n < 15; i++)
    argv[n++] = chain[i];
  if (! g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, NULL, &errors, &status, &error))
    {
      printf ("# could not run gegl: %s\n", error->message);
      g_error_free (error);
      return 0;
    }
  if (errors && *errors)
    printf ("# gegl said: %s\n", g_strstrip (errors));
  g_free (errors);
  return g_spawn_check_wait_status (status, NULL);
}

static void
check_result (const char *what, const char *out, const TestImage *photo, const TestImage *want)
{
  TestImage got = test_load (out);
  TestImage clamped = test_image_copy (want);
  double    worst, changed;

  /* A PNG holds 0..1 only; the ringing of sharp low-passes leaves it. */
  for (size_t i = 0; i < (size_t) clamped.width * clamped.height * clamped.channels; i++)
    clamped.data[i] = CLAMP (clamped.data[i], 0.0f, 1.0f);

  CHECK (got.width == photo->width && got.height == photo->height,
         "%s: output is %dx%d", what, got.width, got.height);
  if (got.width != photo->width || got.height != photo->height)
    {
      g_free (clamped.data);
      return;
    }
  changed = test_max_diff (&got, photo, NULL);
  CHECK (changed > 2.0 / 255.0, "%s: output differs from the input (max %.3g)", what, changed);
  worst = test_max_diff (&got, &clamped, NULL);
  g_free (clamped.data);
  CHECK (worst <= 1.0 / 255.0 + 1e-6, "%s: output equals the core's result within one 8-bit level (max %.3g)",
         what, worst);
  g_free (got.data);
}

int
main (int argc, char **argv)
{
  TestImage         photo, want;
  fg_image          in, out;
  fg_smooth_params  smooth;
  fg_denoise_params denoise;
  fg_error          error;
  gchar            *path;

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s PHOTO OUTDIR\n", argv[0]);
      return 2;
    }
  gegl_init (&argc, &argv);
  photo = test_load (argv[1]);
  want  = test_image_new (photo.width, photo.height, 3, 0);
  in    = test_view (&photo);
  out   = test_view (&want);

  {
    const char *const chain[] = { "freqgrad:frequency-smooth", "cutoff=6", "filter=butterworth",
                                  "order=3", NULL };

    path = g_build_filename (argv[2], "cli-frequency-smooth.png", NULL);
    CHECK (run_gegl (argv[1], path, chain), "gegl ... -- freqgrad:frequency-smooth cutoff=6 filter=butterworth order=3");
    fg_smooth_params_init (&smooth);
    smooth.cutoff = 6.0;
    smooth.filter = FG_LOWPASS_BUTTERWORTH;
    smooth.order  = 3;
    CHECK (fg_frequency_smooth (NULL, &in, &out, &smooth, &error) == FG_OK, "core frequency smooth");
    check_result ("frequency-smooth", path, &photo, &want);
    g_free (path);
  }
  {
    /* A fixed strength: the automatic one barely changes the clean photo. */
    const char *const chain[] = { "freqgrad:gradient-denoise", "energy=tv", "color-mode=coupled",
                                  "auto-strength=false", "strength=0.08", NULL };

    path = g_build_filename (argv[2], "cli-gradient-denoise.png", NULL);
    CHECK (run_gegl (argv[1], path, chain),
           "gegl ... -- freqgrad:gradient-denoise energy=tv color-mode=coupled auto-strength=false strength=0.08");
    fg_denoise_params_init (&denoise);
    denoise.auto_strength = 0;
    denoise.lambda = 0.08;
    CHECK (fg_gradient_denoise (&in, &out, &denoise, NULL, &error) == FG_OK, "core gradient denoise");
    check_result ("gradient-denoise", path, &photo, &want);
    g_free (path);
  }

  g_free (photo.data);
  g_free (want.data);
  gegl_exit ();
  return check_done ();
}
