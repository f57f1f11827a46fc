/* op_common.h — what both GEGL operations share: the pixel format they
 * compute in, GEGL's thread count, linear copies of buffer rectangles, and
 * warnings given once. */
#ifndef FG_GEGL_OP_COMMON_H
#define FG_GEGL_OP_COMMON_H

#include <gegl.h>
#include <gegl-plugin.h>

#include "fg/common.h"

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

/* Writes the part `roi` of a packed image covering `area` into `buffer`. */
void        fg_op_write           (GeglBuffer          *buffer,
                                   const GeglRectangle *area,
                                   const GeglRectangle *roi,
                                   const Babl          *format,
                                   const fg_image      *view);

/* GEGL operations cannot fail: on an error the op copies its input to the
 * output and warns, once per instance and status (`warned` is the
 * instance's bit set). */
void        fg_op_fail            (GeglOperation       *operation,
                                   guint               *warned,
                                   fg_status            status,
                                   const gchar         *message,
                                   GeglBuffer          *input,
                                   GeglBuffer          *output,
                                   const GeglRectangle *roi);

#endif
