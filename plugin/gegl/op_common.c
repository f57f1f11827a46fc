/* op_common.c — shared plumbing of the GEGL operations. */
#include "op_common.h"

#include <stdio.h>

/* The plug-in's rule (plugin/drawable_io.c): integer input is computed with
 * the perceptual TRC; float, half and double input keeps its own TRC, so
 * linear HDR values are neither converted lossily nor filtered differently
 * from the plug-in's result on the same layer. */
const Babl *
fg_op_format_for (const Babl *source_format)
{
  const Babl  *space  = source_format ? babl_format_get_space (source_format) : NULL;
  gboolean     alpha  = source_format ? babl_format_has_alpha (source_format) : TRUE;
  BablModelFlag flags = source_format ? babl_get_model_flags (source_format) : 0;
  gboolean     grey   = (flags & BABL_MODEL_FLAG_GRAY) != 0;
  const gchar *type   = source_format ? babl_get_name (babl_format_get_type (source_format, 0)) : "";
  gboolean     linear = (flags & BABL_MODEL_FLAG_LINEAR)
                        && (g_str_equal (type, "float") || g_str_equal (type, "half")
                            || g_str_equal (type, "double"));
  const gchar *name;

  if (grey)
    name = linear ? (alpha ? "YA float" : "Y float") : (alpha ? "Y'A float" : "Y' float");
  else
    name = linear ? (alpha ? "RGBA float" : "RGB float") : (alpha ? "R'G'B'A float" : "R'G'B' float");
  return babl_format_with_space (name, space);
}

void
fg_op_format_layout (const Babl *format,
                     gint       *channels,
                     gboolean   *has_alpha)
{
  *channels  = babl_format_get_n_components (format);
  *has_alpha = babl_format_has_alpha (format);
}

gint
fg_op_threads (void)
{
  gint threads = 1;

  g_object_get (gegl_config (), "threads", &threads, NULL);
  return CLAMP (threads, 1, FG_MAX_THREADS);
}

/* Large reads and writes are split into bands of rows, one per GEGL
 * thread: babl's conversion of a 24 MP buffer on one thread costs as much as
 * a fifth of the core's own work. */
typedef struct
{
  GeglBuffer          *buffer;
  const GeglRectangle *rect;
  const Babl          *format;
  gfloat              *data;       /* row 0 of rect */
  gsize                stride;     /* floats per row */
  gboolean             write;
} Band;

static void
band_copy (gsize    offset,
           gsize    size,
           gpointer user_data)
{
  const Band    *band = user_data;
  GeglRectangle  rows = { band->rect->x, band->rect->y + (gint) offset,
                          band->rect->width, (gint) size };
  gfloat        *data = band->data + offset * band->stride;

  if (band->write)
    gegl_buffer_set (band->buffer, &rows, 0, band->format, data, band->stride * sizeof (gfloat));
  else
    gegl_buffer_get (band->buffer, &rows, 1.0, band->format, data, band->stride * sizeof (gfloat),
                     GEGL_ABYSS_CLAMP);
}

static void
copy_in_bands (Band *band)
{
  /* thread_cost in rows: below a few dozen rows a thread does not pay. */
  gegl_parallel_distribute_range ((gsize) band->rect->height, 32.0, band_copy, band);
}

gfloat *
fg_op_read (GeglBuffer          *buffer,
            const GeglRectangle *rect,
            const Babl          *format,
            fg_image            *view)
{
  gint     channels;
  gboolean has_alpha;
  gsize    count = (gsize) rect->width * (gsize) rect->height;
  gfloat  *pixels;
  Band     band;

  fg_op_format_layout (format, &channels, &has_alpha);
  pixels = g_try_malloc_n (count, sizeof (gfloat) * channels);
  if (! pixels)
    return NULL;
  band = (Band) { buffer, rect, format, pixels, (gsize) rect->width * channels, FALSE };
  copy_in_bands (&band);
  *view = fg_image_make (pixels, rect->width, rect->height, channels, has_alpha);
  return pixels;
}

/* Writes the part `roi` of a packed image covering `area` into `buffer`. */
static void
write_part (GeglBuffer          *buffer,
            const GeglRectangle *area,
            const GeglRectangle *roi,
            const Babl          *format,
            const fg_image      *view)
{
  GeglRectangle part;
  Band          band;

  if (! gegl_rectangle_intersect (&part, area, roi))
    return;
  band = (Band) { buffer, &part, format,
                  view->data + (gsize) (part.y - area->y) * view->stride
                             + (gsize) (part.x - area->x) * view->channels,
                  (gsize) view->stride, TRUE };
  copy_in_bands (&band);
}

void
fg_op_set_formats (GeglOperation *operation)
{
  const Babl *format = fg_op_format_for (gegl_operation_get_source_format (operation, "input"));

  gegl_operation_set_format (operation, "input", format);
  gegl_operation_set_format (operation, "output", format);
}

GeglRectangle
fg_op_grown (const GeglRectangle *rect,
             gint                 margin)
{
  return (GeglRectangle) { rect->x - margin, rect->y - margin,
                           rect->width + 2 * margin, rect->height + 2 * margin };
}

void
fg_op_fail (const FgOpCall *call,
            fg_status       status,
            const gchar    *message)
{
  guint bit = 1u << MIN ((guint) status, 31u);

  if (! (g_atomic_int_or (call->warned, bit) & bit))
    g_log (FG_GEGL_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
           "%s: %s; the input is passed through unchanged.",
           gegl_operation_get_name (call->operation), message ? message : fg_status_string (status));
  gegl_buffer_copy (call->input, call->roi, GEGL_ABYSS_NONE, call->output, call->roi);
}

void
fg_op_fail_settings (const FgOpCall *call,
                     GError         *error)
{
  fg_op_fail (call, FG_ERR_PARAM, error->message);
  g_error_free (error);
}

void
fg_op_finish (const FgOpCall      *call,
              fg_status            status,
              const fg_error      *error,
              const GeglRectangle *area,
              const fg_image      *view)
{
  if (status == FG_OK)
    write_part (call->output, area, call->roi, call->format, view);
  else
    fg_op_fail (call, status, error->message[0] ? error->message : NULL);
}

/* The canvas latency benchmark (tests/bench/canvas_latency.py) sets
 * FREQGRAD_TEST_CANVAS_LOG in GIMP's environment: each process() call then
 * appends "render <milliseconds> <end time µs>" to it (the monotonic clock,
 * as the plug-in's own lines), so the benchmark can tell the op's share of
 * the latency from GIMP's.  Whether process() is wrapped at all is decided
 * once, when the class is made, so without the variable renders pay nothing. */
static GQuark
process_quark (void)
{
  return g_quark_from_static_string ("freqgrad-process");
}

static gboolean
logged_process (GeglOperation       *operation,
                GeglBuffer          *input,
                GeglBuffer          *output,
                const GeglRectangle *roi,
                gint                 level)
{
  FgOpProcessFunc process = g_type_get_qdata (G_OBJECT_TYPE (operation), process_quark ());
  gint64          start   = g_get_monotonic_time ();
  gboolean        done    = process (operation, input, output, roi, level);
  const gchar    *path    = g_getenv ("FREQGRAD_TEST_CANVAS_LOG");
  FILE           *log     = path ? fopen (path, "a") : NULL;

  if (log)
    {
      gint64 end = g_get_monotonic_time ();

      fprintf (log, "render %.3f %" G_GINT64_FORMAT "\n", (end - start) / 1e3, end);
      fclose (log);
    }
  return done;
}

void
fg_op_class_init (GeglOperationFilterClass *klass,
                  const FgOpSettings       *table,
                  void (*finalize) (GObject *object),
                  void (*prepare)  (GeglOperation *operation),
                  FgOpProcessFunc           process)
{
  GObjectClass       *object_class    = G_OBJECT_CLASS (klass);
  GeglOperationClass *operation_class = GEGL_OPERATION_CLASS (klass);

  object_class->finalize = finalize;
  fg_op_properties_install (object_class, table);
  operation_class->prepare  = prepare;
  operation_class->threaded = FALSE;
  klass->process            = process;
  if (g_getenv ("FREQGRAD_TEST_CANVAS_LOG"))
    {
      g_type_set_qdata (G_OBJECT_CLASS_TYPE (klass), process_quark (), (gpointer) process);
      klass->process = logged_process;
    }
}
