/* op_common.h — what both GEGL operations share: the pixel format they
 * compute in, GEGL's thread count, linear copies of buffer rectangles, and
 * warnings given once. */
#ifndef FG_GEGL_OP_COMMON_H
#define FG_GEGL_OP_COMMON_H

#include <gegl.h>
#include <gegl-plugin.h>

#include "fg/common.h"
#include "op_properties.h"

#define FG_GEGL_LOG_DOMAIN "freqgrad-gegl"

/* The float format of the plug-in's layers: perceptual TRC, the input's own
 * colour space, straight alpha (the core premultiplies internally), alpha and
 * grey only when the input has them. */
const Babl *fg_op_format_for      (const Babl          *source_format);

/* Channels and alpha of such a format. */
void        fg_op_format_layout   (const Babl          *format,
                                   gint                *channels,
                                   gboolean            *has_alpha);

/* GEGL's configured thread count, as a core thread count. */
gint        fg_op_threads         (void);

/* `rect` of `buffer` in `format`, tightly packed, and a core view of it;
 * NULL when out of memory. */
gfloat     *fg_op_read            (GeglBuffer          *buffer,
                                   const GeglRectangle *rect,
                                   const Babl          *format,
                                   fg_image            *view);

/* Sets the input and output to fg_op_format_for the input's format. */
void        fg_op_set_formats     (GeglOperation       *operation);

/* `rect` grown by `margin` on every side. */
GeglRectangle fg_op_grown         (const GeglRectangle *rect,
                                   gint                 margin);

/* One process() call: what a failure passes through, and what the result is
 * written in. */
typedef struct
{
  GeglOperation       *operation;
  guint               *warned;     /* the instance's bit set, see fg_op_fail */
  GeglBuffer          *input;
  GeglBuffer          *output;
  const GeglRectangle *roi;
  const Babl          *format;     /* the output's */
} FgOpCall;

/* GEGL operations cannot fail: on an error the op copies its input to the
 * output and warns, once per instance and status (`warned` is the
 * instance's bit set). */
void        fg_op_fail            (const FgOpCall      *call,
                                   fg_status            status,
                                   const gchar         *message);

/* fg_op_fail for a settings error (FG_ERR_PARAM); frees `error`. */
void        fg_op_fail_settings   (const FgOpCall      *call,
                                   GError              *error);

/* The end of a process(): the core's result `view`, a packed image covering
 * `area`, written into the part `roi`; on an error fg_op_fail with the
 * core's message instead. */
void        fg_op_finish          (const FgOpCall      *call,
                                   fg_status            status,
                                   const fg_error      *error,
                                   const GeglRectangle *area,
                                   const fg_image      *view);

/* GeglOperationFilterClass's process. */
typedef gboolean (*FgOpProcessFunc) (GeglOperation *, GeglBuffer *, GeglBuffer *,
                                     const GeglRectangle *, gint);

/* What both operations' classes set alike: the properties from `table`,
 * `finalize`, fg_op_set_formats-based `prepare`, `process`, and no GEGL
 * threads around process (the core has its own). */
void        fg_op_class_init      (GeglOperationFilterClass *klass,
                                   const FgOpSettings       *table,
                                   void (*finalize) (GObject *object),
                                   void (*prepare)  (GeglOperation *operation),
                                   FgOpProcessFunc           process);

#endif
