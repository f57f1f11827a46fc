/* nde_filter.h — the filters as GIMP non-destructive filters: a freqgrad:*
 * GEGL operation (plugin/gegl) put on a drawable with libgimp's
 * drawable-filter API, its properties copied from a procedure config. */
#ifndef FG_PLUGIN_NDE_FILTER_H
#define FG_PLUGIN_NDE_FILTER_H

#include <libgimp/gimp.h>

#include "setting.h"

#define FG_OP_FREQUENCY_SMOOTH "freqgrad:frequency-smooth"
#define FG_OP_GRADIENT_DENOISE "freqgrad:gradient-denoise"

/* TRUE when this process's GEGL knows `operation`: GIMP (which loads the
 * same GEGL plug-in directories) then has it too.  Call after gegl_init. */
gboolean            fg_nde_available  (const gchar        *operation);

/* Copies the `count` filter settings from `config` (a procedure config:
 * choices as nicks) into `filter`'s config and sends them to GIMP
 * (gimp_drawable_filter_update).  FALSE with an error for a value outside
 * its declaration. */
gboolean            fg_nde_filter_set (GimpDrawableFilter *filter,
                                       GObject            *config,
                                       const FgSetting    *settings,
                                       gint                count,
                                       GError            **error);

/* A new filter running `operation` on `drawable`, titled `title` in the
 * Layers dialog, set from `config` (see fg_nde_filter_set); not yet
 * appended.  NULL with an error when GIMP refuses (no such operation). */
GimpDrawableFilter *fg_nde_filter_new (GimpDrawable       *drawable,
                                       const gchar        *operation,
                                       const gchar        *title,
                                       GObject            *config,
                                       const FgSetting    *settings,
                                       gint                count,
                                       GError            **error);

#endif
