/* test_gegl_ops.c — the freqgrad GEGL operations against the core (TAP).
 *
 *   GEGL_PATH=<module dir>:<GEGL's own> GEGL_THREADS=4 test_gegl_ops PHOTO
 *
 * Renders each op in 64-pixel blits, as a display does, and compares with
 * the core run on the whole image: within one 8-bit level everywhere, for
 * both energies, both colour modes, automatic strength, alpha and grey.
 * Counts, through the op's debug log, how often the expensive parts run:
 * Frequency Smooth's forward transform once per input (not per tile, not
 * per property change), Gradient Denoise's whole-input statistics once per
 * input, one solve per tile.  NaN input passes through with one warning. */
#include <string.h>

#include <gegl.h>

#include "fg/frequency_smooth.h"
#include "fg/periodic_noise.h"
#include "fg/gradient_denoise.h"
#include "../core/check.h"
#include "gegl_test_util.h"

#define TILE  64
#define LEVEL (1.0 / 255.0)

static int onepass_count, forward_count, apply_count, stats_count, solve_count, warning_count, detect_count;
static int solved_iterations, warm_count;   /* sums over "gradient-denoise: solved" messages */

static void
log_handler (const gchar    *domain,
             GLogLevelFlags  level,
             const gchar    *message,
             gpointer        data)
{
  (void) domain;
  (void) data;
  if (level & G_LOG_LEVEL_WARNING)
    {
      warning_count++;
      printf ("# warning: %s\n", message);
    }
  else if (strstr (message, "frequency-smooth: detecting peaks"))
    detect_count++;
  else if (strstr (message, "frequency-smooth: one pass"))
    onepass_count++;
  else if (strstr (message, "forward transform"))
    forward_count++;
  else if (strstr (message, "frequency-smooth: apply"))
    apply_count++;
  else if (strstr (message, "input statistics"))
    stats_count++;
  else if (strstr (message, "gradient-denoise: solve "))
    solve_count++;
  else if (strstr (message, "gradient-denoise: solved in "))
    {
      const char *at = strstr (message, " ms, ");

      if (at)
        solved_iterations += atoi (at + 5);
      if (strstr (message, "(warm start)"))
        warm_count++;
    }
}

typedef struct
{
  GeglNode   *graph, *source, *op;
  GeglBuffer *buffer;
} Graph;

static Graph
graph_new (const TestImage *image, const char *operation)
{
  Graph g;

  g.graph  = gegl_node_new ();
  g.buffer = test_buffer (image);
  g.source = gegl_node_new_child (g.graph, "operation", "gegl:buffer-source", "buffer", g.buffer, NULL);
  g.op     = gegl_node_new_child (g.graph, "operation", operation, NULL);
  gegl_node_link (g.source, g.op);
  return g;
}

static void
graph_free (Graph *g)
{
  g_object_unref (g->graph);
  g_object_unref (g->buffer);
}

/* Writes `image` into the graph's source buffer (GEGL sees a changed input). */
static void
graph_set_input (Graph *g, const TestImage *image)
{
  GeglRectangle rect = { 0, 0, image->width, image->height };

  gegl_buffer_set (g->buffer, &rect, 0, test_format (image), image->data, GEGL_AUTO_ROWSTRIDE);
}

static int
tiles_of (const TestImage *image)
{
  return ((image->width + TILE - 1) / TILE) * ((image->height + TILE - 1) / TILE);
}

/* ------------------------------------------------------------ Frequency Smooth */

static TestImage
core_smooth (const TestImage *in, const fg_smooth_params *params)
{
  TestImage out = test_image_new (in->width, in->height, in->channels, in->has_alpha);
  fg_image  vi = test_view (in), vo = test_view (&out);
  fg_error  error;

  if (fg_frequency_smooth (NULL, &vi, &vo, params, &error) != FG_OK)
    printf ("# core failed: %s\n", error.message);
  return out;
}

static void
compare (const TestImage *got, const TestImage *want, double tolerance, const char *what)
{
  double share;
  double worst = test_max_diff (got, want, &share);

  CHECK (worst <= tolerance, "%s: max |op - core| %.3g <= %.3g (%.4f %% of values beyond half a level)",
         what, worst, tolerance, 100.0 * share);
}

/* The op's tiled render (of `geometry`'s size) against the core smoothing
 * `input` with `params`. */
static void
compare_smooth (GeglNode *op, const TestImage *geometry, const TestImage *input,
                const fg_smooth_params *params, const char *what)
{
  TestImage got  = test_render_tiles (op, geometry, TILE);
  TestImage want = core_smooth (input, params);

  compare (&got, &want, 1e-5, what);
  g_free (got.data); g_free (want.data);
}

static void
test_frequency_smooth (const TestImage *photo)
{
  fg_smooth_params params;
  Graph            g = graph_new (photo, "freqgrad:frequency-smooth");
  TestImage        changed;

  fg_smooth_params_init (&params);
  params.cutoff = 6.0;
  gegl_node_set (g.op, "cutoff", 6.0, NULL);
  onepass_count = forward_count = apply_count = 0;
  compare_smooth (g.op, photo, photo, &params, "frequency-smooth, 64 px blits");
  CHECK (onepass_count == 0 && forward_count == 1 && apply_count == 0,
         "frequency-smooth: %d tiles, one smoothing of the whole that keeps the transform "
         "(%d one-pass, %d forward, %d apply)", tiles_of (photo), onepass_count, forward_count, apply_count);

  /* Only the mask changes: no new forward transform. */
  gegl_node_set (g.op, "filter", FG_LOWPASS_BUTTERWORTH, "order", 4, "cutoff", 12.0, NULL);
  params.filter = FG_LOWPASS_BUTTERWORTH; params.order = 4; params.cutoff = 12.0;
  compare_smooth (g.op, photo, photo, &params, "frequency-smooth after a filter/order/cutoff change");
  CHECK (onepass_count == 0 && forward_count == 1 && apply_count == 1,
         "frequency-smooth: the first property change re-applies only (forward %d, apply %d)",
         forward_count, apply_count);

  /* Only the mask changes again: no new forward transform. */
  gegl_node_set (g.op, "filter", FG_LOWPASS_IDEAL, "cutoff", 9.0, NULL);
  params.filter = FG_LOWPASS_IDEAL; params.cutoff = 9.0;
  compare_smooth (g.op, photo, photo, &params, "frequency-smooth after a second filter/cutoff change");
  CHECK (onepass_count == 0 && forward_count == 1 && apply_count == 2,
         "frequency-smooth: later property changes re-apply only (forward %d, apply %d)",
         forward_count, apply_count);

  /* A changed input is noticed. */
  changed = test_image_copy (photo);
  for (int y = 100; y < 140; y++)
    for (int x = 200; x < 260; x++)
      changed.data[((size_t) y * photo->width + x) * 3 + 1] = 1.0f;
  graph_set_input (&g, &changed);
  compare_smooth (g.op, photo, &changed, &params, "frequency-smooth after the input changed");
  CHECK (forward_count == 2 && apply_count == 2,
         "frequency-smooth: a changed input is noticed (forward %d, apply %d)", forward_count, apply_count);

  /* The boundary is part of the key. */
  gegl_node_set (g.op, "boundary", FG_BOUNDARY_PERIODIC, NULL);
  params.boundary = FG_BOUNDARY_PERIODIC;
  compare_smooth (g.op, photo, &changed, &params, "frequency-smooth, periodic boundary");
  CHECK (forward_count == 3 && apply_count == 2,
         "frequency-smooth: a boundary change does not use the kept transform (forward %d, apply %d)",
         forward_count, apply_count);
  g_free (changed.data);
  graph_free (&g);
}

/* Alpha and grey keep their layout and match the core. */
static void
test_frequency_smooth_formats (const TestImage *rgba, const TestImage *grey)
{
  const TestImage *images[] = { rgba, grey };
  const char      *names[]  = { "RGBA", "grey" };

  for (int i = 0; i < 2; i++)
    {
      fg_smooth_params params;
      Graph            g = graph_new (images[i], "freqgrad:frequency-smooth");
      TestImage        got, want;
      char             what[64];

      fg_smooth_params_init (&params);
      got  = test_render_tiles (g.op, images[i], TILE);
      want = core_smooth (images[i], &params);
      snprintf (what, sizeof what, "frequency-smooth, %s", names[i]);
      compare (&got, &want, 1e-5, what);
      g_free (got.data); g_free (want.data);
      graph_free (&g);
    }
}

/* The shapes through the op's properties (the notch list a string of fx fy
 * pairs), on RGB, RGBA and grey, against the core with the same shape. */
static void
test_frequency_smooth_shapes (const TestImage *photo, const TestImage *rgba, const TestImage *grey)
{
  const TestImage *images[] = { photo, rgba, grey };
  const char      *names[]  = { "RGB", "RGBA", "grey" };
  const fg_notch   notches[2] = { { 0.1, 0.05, 0.01 }, { 0.2, -0.1, 0.01 } };

  for (int i = 0; i < 3; i++)
    for (int shape = FG_SHAPE_HIGHPASS; shape <= FG_SHAPE_NOTCH; shape++)
      {
        fg_smooth_params params;
        Graph            g = graph_new (images[i], "freqgrad:frequency-smooth");
        char             what[96];

        fg_smooth_params_init (&params);
        params.shape       = shape;
        params.filter      = FG_LOWPASS_BUTTERWORTH;
        params.order       = 3;
        params.cutoff      = 5.0;
        params.band_period = 11.0;
        params.notches     = notches;
        params.notch_count = 2;
        gegl_node_set (g.op, "shape", shape, "filter", FG_LOWPASS_BUTTERWORTH, "order", 3, "cutoff", 5.0,
                       "band-period", 11.0, "notches", "0.1 0.05, 0.2 -0.1", "notch-radius", 0.01, NULL);
        snprintf (what, sizeof what, "frequency-smooth shape %d, %s", shape, names[i]);
        compare_smooth (g.op, images[i], images[i], &params, what);
        graph_free (&g);
      }

  /* Notch radius 0: two frequency bins of the shorter side. */
  {
    fg_smooth_params params;
    fg_notch         automatic = { -0.15, 0.2, 2.0 / MIN (photo->width, photo->height) };
    Graph            g = graph_new (photo, "freqgrad:frequency-smooth");

    fg_smooth_params_init (&params);
    params.shape       = FG_SHAPE_NOTCH;
    params.notches     = &automatic;
    params.notch_count = 1;
    gegl_node_set (g.op, "shape", FG_SHAPE_NOTCH, "notches", "-0.15 0.2", "notch-radius", 0.0, NULL);
    compare_smooth (g.op, photo, photo, &params, "frequency-smooth notch of radius 0 (automatic 2 / min(W, H))");
    graph_free (&g);
  }

  /* A bad list: one warning, the input passed through. */
  {
    Graph     g = graph_new (photo, "freqgrad:frequency-smooth");
    TestImage got;

    gegl_node_set (g.op, "shape", FG_SHAPE_NOTCH, "notches", "0.1 0.2 0.3", NULL);
    warning_count = 0;
    got = test_render_tiles (g.op, photo, TILE);
    CHECK (warning_count == 1 && test_max_diff (&got, photo, NULL) == 0.0,
           "frequency-smooth: an odd notch list warns once (%d) and passes the input through", warning_count);
    g_free (got.data);
    graph_free (&g);
  }
}

/* Periodic noise: the op detects the peaks on its whole input, as the core
 * does, and keeps them with the input's key and the detection settings. */
static void
test_frequency_smooth_periodic (const TestImage *photo)
{
  TestImage          wavy = test_image_copy (photo), want, got, changed;
  fg_image           vi, vo;
  fg_periodic_params periodic;
  fg_error           error;
  int                used = 0;
  fg_status          status;
  Graph              g;

  for (int y = 0; y < photo->height; y++)
    for (int x = 0; x < photo->width; x++)
      for (int c = 0; c < 3; c++)
        {
          float *v = &wavy.data[((size_t) y * photo->width + x) * 3 + c];

          *v = 0.8f * *v + 0.1f + 0.1f * (float) cos (2 * G_PI * (x / 8.0 - y / 16.0));
        }
  fg_periodic_params_init (&periodic);
  periodic.max_notches = FG_MAX_NOTCHES;
  want = test_image_new (photo->width, photo->height, 3, 0);
  vi = test_view (&wavy); vo = test_view (&want);
  status = fg_remove_periodic_noise (NULL, &vi, &vo, &periodic, &used, &error);
  CHECK (status == FG_OK && used > 0, "periodic noise: the core finds %d notches on the photo with a sinusoid",
         used);

  g = graph_new (&wavy, "freqgrad:frequency-smooth");
  gegl_node_set (g.op, "shape", 100 /* FS_SHAPE_PERIODIC_NOISE */, NULL);
  detect_count = 0;
  got = test_render_tiles (g.op, &wavy, TILE);
  compare (&got, &want, 1e-5, "frequency-smooth periodic-noise equals fg_remove_periodic_noise");
  CHECK (detect_count == 1, "frequency-smooth periodic-noise: one detection for %d tiles (%d)",
         tiles_of (photo), detect_count);
  g_free (got.data);

  /* A boundary change keeps the notches; a change of profile (the notches'
   * width depends on it), of sensitivity or of the input detects again. */
  gegl_node_set (g.op, "boundary", FG_BOUNDARY_PERIODIC, NULL);
  g_free (test_render_tiles (g.op, &wavy, TILE).data);
  CHECK (detect_count == 1, "frequency-smooth periodic-noise: a boundary change does not detect again (%d)",
         detect_count);
  gegl_node_set (g.op, "filter", FG_LOWPASS_IDEAL, NULL);
  g_free (test_render_tiles (g.op, &wavy, TILE).data);
  CHECK (detect_count == 2, "frequency-smooth periodic-noise: a profile change detects again (%d)",
         detect_count);
  gegl_node_set (g.op, "sensitivity", 20.0, NULL);
  g_free (test_render_tiles (g.op, &wavy, TILE).data);
  CHECK (detect_count == 3, "frequency-smooth periodic-noise: a sensitivity change detects again (%d)",
         detect_count);
  changed = test_image_copy (photo);
  graph_set_input (&g, &changed);
  got = test_render_tiles (g.op, &changed, TILE);
  CHECK (detect_count == 4, "frequency-smooth periodic-noise: a changed input detects again (%d)", detect_count);
  g_free (got.data);
  g_free (changed.data); g_free (wavy.data); g_free (want.data);
  graph_free (&g);
}

/* ------------------------------------------------------------ Gradient Denoise */

#define OP_TILE_TOLERANCE_FACTOR 0.1   /* TILE_TOLERANCE_FACTOR of op_gradient_denoise.c */

typedef struct
{
  const char    *name;
  fg_energy      energy;
  fg_colour_mode colour;
  fg_solver      solver;
  int            auto_strength;
  double         strength;
  int            image;          /* 0 RGB, 1 RGBA, 2 grey */
  fg_colour_space space;         /* the rest 0 (RGB) unless given */
  int            auto_chroma;
  double         chroma;
} DenoiseCase;

static TestImage
core_denoise (const TestImage *in, const fg_denoise_params *params, fg_denoise_report *report)
{
  TestImage out = test_image_new (in->width, in->height, in->channels, in->has_alpha);
  fg_image  vi = test_view (in), vo = test_view (&out);
  fg_error  error;

  if (fg_gradient_denoise (&vi, &vo, params, report, &error) != FG_OK)
    printf ("# core failed: %s\n", error.message);
  return out;
}

static void
set_denoise (GeglNode *op, const fg_denoise_params *p)
{
  gegl_node_set (op, "energy", p->energy, "color-mode", p->colour, "solver", p->solver,
                 "auto-strength", p->auto_strength, "strength", p->lambda,
                 "epsilon", p->epsilon, "max-iterations", p->max_iterations,
                 "tolerance", p->tolerance, "color-space", p->colour_space,
                 "auto-chroma-strength", p->auto_chroma_strength, "chroma-strength", p->lambda_chroma, NULL);
}

static void
test_denoise_case (const DenoiseCase *c, const TestImage *images[3])
{
  const TestImage  *image = images[c->image];
  fg_denoise_params params;
  fg_denoise_report report;
  Graph             g = graph_new (image, "freqgrad:gradient-denoise");
  TestImage         got, want;
  char              what[160];

  fg_denoise_params_init (&params);
  params.energy = c->energy;
  params.colour = c->colour;
  params.solver = c->solver;
  params.auto_strength = c->auto_strength;
  params.lambda = c->strength;
  params.colour_space = c->space;
  params.auto_chroma_strength = c->auto_chroma;
  params.lambda_chroma = c->chroma > 0.0 ? c->chroma : FG_DENOISE_DEFAULT_LAMBDA;
  set_denoise (g.op, &params);

  /* Each tile solved on its own (see get_cached_region in the op). */
  g_setenv ("FREQGRAD_GEGL_SOLVE_BLOCK", "0", TRUE);
  stats_count = solve_count = 0;
  got  = test_render_tiles (g.op, image, TILE);
  g_unsetenv ("FREQGRAD_GEGL_SOLVE_BLOCK");
  /* Against the whole image solved as tightly as the op solves each tile
   * (TILE_TOLERANCE_FACTOR in op_gradient_denoise.c): what is compared is
   * the cut, not the stopping error of the looser whole-image solve (at the
   * default gap of 1e-4 that alone is up to ~1.2 levels at 0.1 % of values). */
  {
    fg_denoise_params tight = params;

    tight.tolerance *= OP_TILE_TOLERANCE_FACTOR;
    want = core_denoise (image, &tight, &report);
  }
  snprintf (what, sizeof what, "gradient-denoise %s (lambda %.4g, chroma %.4g, %d iterations whole), 64 px blits",
            c->name, report.lambda, report.lambda_chroma, report.iterations);
  compare (&got, &want, LEVEL, what);
  CHECK (solve_count == tiles_of (image), "gradient-denoise %s: one solve per tile (%d for %d tiles)",
         c->name, solve_count, tiles_of (image));
  if (c->auto_strength || c->energy == FG_ENERGY_TIKHONOV
      || (c->space == FG_COLOUR_SPACE_LUMA_CHROMA && c->auto_chroma))
    CHECK (stats_count == 1, "gradient-denoise %s: whole-input statistics once (%d)", c->name, stats_count);
  else
    CHECK (stats_count == 0, "gradient-denoise %s: no whole-input read (%d)", c->name, stats_count);
  {
    GeglRectangle box = gegl_node_get_bounding_box (g.op);

    CHECK (box.x == 0 && box.y == 0 && box.width == image->width && box.height == image->height,
           "gradient-denoise %s: the output covers the input and no more (%d,%d %dx%d for %dx%d)",
           c->name, box.x, box.y, box.width, box.height, image->width, image->height);
  }
  g_free (got.data); g_free (want.data);
  graph_free (&g);
}

/* How the op batches GEGL's tile requests (get_cached_region): a small
 * input is solved once whatever the tiles; with N-pixel blocks, once per
 * block the tiles touch; the result stays the core's either way. */
static void
test_denoise_batching (const TestImage *noisy)
{
  fg_denoise_params params;
  fg_denoise_report report;
  Graph             g = graph_new (noisy, "freqgrad:gradient-denoise");
  TestImage         got, want;
  gint              blocks = ((noisy->width + 127) / 128) * ((noisy->height + 127) / 128);

  fg_denoise_params_init (&params);
  set_denoise (g.op, &params);
  want = core_denoise (noisy, &params, &report);
  solve_count = 0;
  got = test_render_tiles (g.op, noisy, TILE);
  /* the whole input at once, at the asked tolerance: the core's solve itself */
  compare (&got, &want, 0.0, "gradient-denoise, default batching, 64 px blits (bit for bit)");
  CHECK (solve_count == 1, "gradient-denoise: a %dx%d input is solved once for %d tiles (%d)",
         noisy->width, noisy->height, tiles_of (noisy), solve_count);
  g_free (got.data);
  graph_free (&g);

  g = graph_new (noisy, "freqgrad:gradient-denoise");
  set_denoise (g.op, &params);
  g_setenv ("FREQGRAD_GEGL_SOLVE_BLOCK", "128", TRUE);
  solve_count = 0;
  got = test_render_tiles (g.op, noisy, TILE);
  g_unsetenv ("FREQGRAD_GEGL_SOLVE_BLOCK");
  compare (&got, &want, LEVEL, "gradient-denoise, 128 px blocks, 64 px blits");
  CHECK (solve_count == blocks, "gradient-denoise: 128 px blocks, one solve per block (%d for %d blocks)",
         solve_count, blocks);
  g_free (got.data); g_free (want.data);
  graph_free (&g);
}

/* A property change keeps the noise estimate; an input change renews it. */
static void
test_denoise_changes (const TestImage *noisy)
{
  fg_denoise_params params;
  Graph             g = graph_new (noisy, "freqgrad:gradient-denoise");
  TestImage         got, want, changed;

  fg_denoise_params_init (&params);
  set_denoise (g.op, &params);
  stats_count = 0;
  got = test_render_tiles (g.op, noisy, TILE);
  g_free (got.data);

  params.epsilon = 0.02;
  set_denoise (g.op, &params);
  got  = test_render_tiles (g.op, noisy, TILE);
  want = core_denoise (noisy, &params, NULL);
  compare (&got, &want, LEVEL, "gradient-denoise after an epsilon change");
  CHECK (stats_count == 1, "gradient-denoise: a property change keeps the noise estimate (%d)", stats_count);
  g_free (got.data); g_free (want.data);

  /* Less noise in the input: a new estimate, a new lambda everywhere. */
  changed = test_image_copy (noisy);
  for (size_t i = 0; i < (size_t) noisy->width * noisy->height * 3 / 2; i++)
    changed.data[i] = 0.5f * (changed.data[i] + changed.data[i + 3 < (size_t) noisy->width * noisy->height * 3 ? i + 3 : i]);
  graph_set_input (&g, &changed);
  got  = test_render_tiles (g.op, noisy, TILE);
  want = core_denoise (&changed, &params, NULL);
  compare (&got, &want, LEVEL, "gradient-denoise after the input changed");
  CHECK (stats_count == 2, "gradient-denoise: a changed input is estimated again (%d)", stats_count);
  g_free (got.data); g_free (want.data); g_free (changed.data);
  graph_free (&g);
}

/* E(got) no more than `params`' tolerance above E(near), the near-minimiser
 * (relative, the duality gap's promise: E - E* <= E - D <= tolerance E). */
static void
check_gap_bound (const TestImage *got, const TestImage *near, const TestImage *f,
                 const fg_denoise_params *params, const char *name)
{
  fg_image vg = test_view (got), vn = test_view (near), vf = test_view (f);
  double   e_got = NAN, e_near = NAN;
  fg_error error;

  if (fg_denoise_energy (&vg, &vf, params, params->lambda, &e_got, &error) != FG_OK
      || fg_denoise_energy (&vn, &vf, params, params->lambda, &e_near, &error) != FG_OK)
    printf ("# energy failed: %s\n", error.message);
  CHECK (e_got - e_near <= params->tolerance * e_got,
         "gradient-denoise warm %s (whole input): energy %.9g within the tolerance %.1e of the tight solve's %.9g "
         "(relative excess %.2e)", name, e_got, params->tolerance, e_near, (e_got - e_near) / e_got);
}

/* Warm start (op_gradient_denoise.c): after a strength change (x1.5) the
 * solves start from the previous results, take fewer iterations and still
 * match the core's cold solve within one level; an input change never
 * starts from the old results; FREQGRAD_GEGL_WARM_START=0 turns it off. */
static void
test_denoise_warm (const TestImage *noisy, fg_solver solver, const char *block)
{
  fg_denoise_params params;
  Graph             g = graph_new (noisy, "freqgrad:gradient-denoise"), cold;
  TestImage         got, want, changed;
  char              what[200];
  int               solves, warm_iterations, cold_iterations;
  const char       *name = solver == FG_SOLVER_PRIMAL_DUAL ? "primal-dual" : "accelerated";

  if (block)
    g_setenv ("FREQGRAD_GEGL_SOLVE_BLOCK", block, TRUE);
  fg_denoise_params_init (&params);
  params.auto_strength = 0;
  params.lambda = 0.06;
  params.solver = solver;
  set_denoise (g.op, &params);
  got = test_render_tiles (g.op, noisy, TILE);
  g_free (got.data);

  params.lambda *= 1.5;
  set_denoise (g.op, &params);
  solve_count = warm_count = solved_iterations = 0;
  got = test_render_tiles (g.op, noisy, TILE);
  solves = solve_count;
  warm_iterations = solved_iterations;
  {
    fg_denoise_params tight = params;

    tight.tolerance *= OP_TILE_TOLERANCE_FACTOR;
    want = core_denoise (noisy, &tight, NULL);
  }
  if (block)
    {
      snprintf (what, sizeof what, "gradient-denoise warm %s (blocks %s): strength x1.5 against the core's cold solve",
                name, block);
      compare (&got, &want, LEVEL, what);
    }
  else
    {
      /* The whole input, solved at the asked tolerance like the core's
       * cold solve: the gap certifies the energy of each, not the same
       * pixels (two stops on different paths).  So: the energy within the
       * tolerance of the tight solve's, and the pixels near it. */
      check_gap_bound (&got, &want, noisy, &params, name);
      snprintf (what, sizeof what, "gradient-denoise warm %s (whole input): strength x1.5 against the core's "
                "tight cold solve, within two levels", name);
      compare (&got, &want, 2.0 * LEVEL, what);
      g_free (want.data);
      want = core_denoise (noisy, &params, NULL);   /* what the cold op below gives */
    }
  CHECK (solves > 0 && warm_count == solves, "  every solve of the re-render started warm (%d of %d)", warm_count,
         solves);
  g_free (got.data);

  /* the same render cold, on a fresh graph */
  g_setenv ("FREQGRAD_GEGL_WARM_START", "0", TRUE);
  cold = graph_new (noisy, "freqgrad:gradient-denoise");
  set_denoise (cold.op, &params);
  solve_count = warm_count = solved_iterations = 0;
  got = test_render_tiles (cold.op, noisy, TILE);
  cold_iterations = solved_iterations;
  compare (&got, &want, block ? LEVEL : 0.0, block ? "  the same cold" : "  the same cold: the core's solve, bit for bit");
  CHECK (warm_count == 0 && solve_count == solves, "  FREQGRAD_GEGL_WARM_START=0: no warm start (%d), %d solves",
         warm_count, solve_count);
  CHECK (warm_iterations < cold_iterations, "  iterations warm %d < cold %d", warm_iterations, cold_iterations);
  g_free (got.data);
  graph_free (&cold);
  g_unsetenv ("FREQGRAD_GEGL_WARM_START");

  /* an input change: no warm start from the old input's results */
  changed = test_image_copy (noisy);
  for (size_t i = 0; i < (size_t) noisy->width * noisy->height * 3; i++)
    changed.data[i] = 1.0f - changed.data[i];
  graph_set_input (&g, &changed);
  solve_count = warm_count = 0;
  got  = test_render_tiles (g.op, &changed, TILE);
  {
    fg_denoise_params tight = params;

    if (block)
      tight.tolerance *= OP_TILE_TOLERANCE_FACTOR;
    want = core_denoise (&changed, &tight, NULL);
  }
  compare (&got, &want, LEVEL, "  after an input change");
  CHECK (solve_count > 0 && warm_count == 0, "  an input change starts cold (%d warm of %d)", warm_count, solve_count);
  g_free (got.data); g_free (want.data);

  /* then a property change warms from the new input's results */
  params.lambda /= 1.5;
  set_denoise (g.op, &params);
  solve_count = warm_count = 0;
  got = test_render_tiles (g.op, &changed, TILE);
  {
    fg_denoise_params tight = params;

    if (block)
      tight.tolerance *= OP_TILE_TOLERANCE_FACTOR;
    want = core_denoise (&changed, &tight, NULL);
  }
  compare (&got, &want, LEVEL, "  a property change after the input change");
  CHECK (warm_count == solve_count && solve_count > 0, "  ... starts warm (%d of %d)", warm_count, solve_count);
  g_free (got.data); g_free (want.data); g_free (changed.data);
  if (block)
    g_unsetenv ("FREQGRAD_GEGL_SOLVE_BLOCK");
  graph_free (&g);
}

/* ------------------------------------------------------------ refusals */

static void
test_nonfinite (const TestImage *photo, const char *operation)
{
  TestImage bad = test_image_copy (photo);
  Graph     g;
  TestImage got;
  int       same = 1;
  size_t    n = (size_t) photo->width * photo->height * photo->channels;

  bad.data[(size_t) 37 * photo->width * 3 + 3 * 41] = NAN;
  g = graph_new (&bad, operation);
  warning_count = 0;
  got = test_render_tiles (g.op, &bad, TILE);
  g_free (got.data);
  got = test_render_tiles (g.op, &bad, TILE);
  for (size_t i = 0; i < n; i++)
    same &= isnan (bad.data[i]) ? isnan (got.data[i]) : got.data[i] == bad.data[i];
  CHECK (same, "%s: NaN input is passed through unchanged", operation);
  CHECK (warning_count == 1, "%s: one warning for two renders of %d tiles (%d)",
         operation, tiles_of (photo), warning_count);
  g_free (got.data); g_free (bad.data);
  graph_free (&g);
}

int
main (int argc, char **argv)
{
  TestImage photo, noisy, rgba, grey, grey_noisy;
  gint      threads = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s PHOTO\n", argv[0]);
      return 2;
    }
  gegl_init (&argc, &argv);
  g_log_set_handler ("freqgrad-gegl", G_LOG_LEVEL_MASK, log_handler, NULL);

  g_object_get (gegl_config (), "threads", &threads, NULL);
  CHECK (threads > 1, "GEGL renders with %d threads", threads);
  CHECK (gegl_has_operation ("freqgrad:frequency-smooth") && gegl_has_operation ("freqgrad:gradient-denoise"),
         "the module's operations are found");

  photo = test_load (argv[1]);
  noisy = test_image_copy (&photo);
  test_add_noise (&noisy, 0.05, 1);
  rgba = test_image_new (photo.width, photo.height, 4, 1);
  grey = test_image_new (photo.width, photo.height, 1, 0);
  for (int i = 0; i < photo.width * photo.height; i++)
    {
      int x = i % photo.width;

      memcpy (rgba.data + 4 * i, noisy.data + 3 * i, 3 * sizeof (float));
      rgba.data[4 * i + 3] = x < photo.width / 3 ? 1.0f : x < 2 * photo.width / 3 ? 0.5f : (x % 7 ? 1.0f : 0.0f);
      grey.data[i] = 0.3f * photo.data[3 * i] + 0.6f * photo.data[3 * i + 1] + 0.1f * photo.data[3 * i + 2];
    }
  grey_noisy = test_image_copy (&grey);
  test_add_noise (&grey_noisy, 0.05, 2);

  test_frequency_smooth (&photo);
  test_frequency_smooth_formats (&rgba, &grey);
  test_frequency_smooth_shapes (&photo, &rgba, &grey);
  test_frequency_smooth_periodic (&photo);

  {
    const TestImage  *images[3] = { &noisy, &rgba, &grey_noisy };
    const DenoiseCase cases[] = {
      { "TV coupled auto",        FG_ENERGY_TV,       FG_COLOUR_COUPLED,     FG_SOLVER_ACCELERATED, 1, 0.1, 0, FG_COLOUR_SPACE_RGB, 0, 0.0 },
      { "TV per-channel auto",    FG_ENERGY_TV,       FG_COLOUR_PER_CHANNEL, FG_SOLVER_ACCELERATED, 1, 0.1, 0, FG_COLOUR_SPACE_RGB, 0, 0.0 },
      { "Tikhonov coupled auto",  FG_ENERGY_TIKHONOV, FG_COLOUR_COUPLED,     FG_SOLVER_ACCELERATED, 1, 0.1, 0, FG_COLOUR_SPACE_RGB, 0, 0.0 },
      { "Tikhonov per-channel auto", FG_ENERGY_TIKHONOV, FG_COLOUR_PER_CHANNEL, FG_SOLVER_ACCELERATED, 1, 0.1, 0, FG_COLOUR_SPACE_RGB, 0, 0.0 },
      { "TV coupled strength 0.08", FG_ENERGY_TV,     FG_COLOUR_COUPLED,     FG_SOLVER_ACCELERATED, 0, 0.08, 0, FG_COLOUR_SPACE_RGB, 0, 0.0 },
      { "TV coupled auto solver (primal-dual)", FG_ENERGY_TV, FG_COLOUR_COUPLED, FG_SOLVER_AUTO,   1, 0.1, 0, FG_COLOUR_SPACE_RGB, 0, 0.0 },
      { "TV per-channel primal-dual strength 0.08", FG_ENERGY_TV, FG_COLOUR_PER_CHANNEL, FG_SOLVER_PRIMAL_DUAL, 0, 0.08, 1, FG_COLOUR_SPACE_RGB, 0, 0.0 },
      { "TV coupled plain auto",  FG_ENERGY_TV,       FG_COLOUR_COUPLED,     FG_SOLVER_PLAIN,       1, 0.1, 0, FG_COLOUR_SPACE_RGB, 0, 0.0 },
      { "TV coupled auto RGBA",   FG_ENERGY_TV,       FG_COLOUR_COUPLED,     FG_SOLVER_ACCELERATED, 1, 0.1, 1, FG_COLOUR_SPACE_RGB, 0, 0.0 },
      { "TV auto grey",           FG_ENERGY_TV,       FG_COLOUR_COUPLED,     FG_SOLVER_ACCELERATED, 1, 0.1, 2, FG_COLOUR_SPACE_RGB, 0, 0.0 },
      { "TV luma-chroma auto",    FG_ENERGY_TV,       FG_COLOUR_COUPLED,     FG_SOLVER_ACCELERATED, 1, 0.1, 0,
        FG_COLOUR_SPACE_LUMA_CHROMA, 1, 0.0 },
      { "TV luma-chroma by hand", FG_ENERGY_TV,       FG_COLOUR_COUPLED,     FG_SOLVER_ACCELERATED, 0, 0.05, 0,
        FG_COLOUR_SPACE_LUMA_CHROMA, 0, 0.2 },
      { "TV luma auto, chroma by hand", FG_ENERGY_TV, FG_COLOUR_COUPLED,     FG_SOLVER_ACCELERATED, 1, 0.1, 0,
        FG_COLOUR_SPACE_LUMA_CHROMA, 0, 0.2 },
      { "Tikhonov luma-chroma auto", FG_ENERGY_TIKHONOV, FG_COLOUR_COUPLED,  FG_SOLVER_ACCELERATED, 1, 0.1, 0,
        FG_COLOUR_SPACE_LUMA_CHROMA, 1, 0.0 },
      { "TV luma-chroma auto RGBA", FG_ENERGY_TV,     FG_COLOUR_COUPLED,     FG_SOLVER_ACCELERATED, 1, 0.1, 1,
        FG_COLOUR_SPACE_LUMA_CHROMA, 1, 0.0 },
      { "TV luma-chroma auto grey", FG_ENERGY_TV,     FG_COLOUR_COUPLED,     FG_SOLVER_ACCELERATED, 1, 0.1, 2,
        FG_COLOUR_SPACE_LUMA_CHROMA, 1, 0.0 },
    };

    for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
      test_denoise_case (&cases[i], images);
  }
  test_denoise_changes (&noisy);
  test_denoise_warm (&noisy, FG_SOLVER_PRIMAL_DUAL, NULL);
  test_denoise_warm (&noisy, FG_SOLVER_ACCELERATED, NULL);
  test_denoise_warm (&noisy, FG_SOLVER_PRIMAL_DUAL, "128");
  test_denoise_batching (&noisy);

  test_nonfinite (&photo, "freqgrad:frequency-smooth");
  test_nonfinite (&photo, "freqgrad:gradient-denoise");

  g_free (photo.data); g_free (noisy.data); g_free (rgba.data); g_free (grey.data); g_free (grey_noisy.data);
  gegl_exit ();
  return check_done ();
}
