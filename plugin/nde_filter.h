/* nde_filter.h — the filters as GIMP non-destructive filters: a freqgrad:*
 * GEGL operation (plugin/gegl) put on a drawable with libgimp's
 * drawable-filter API, its properties copied from a procedure config. */
#ifndef FG_PLUGIN_NDE_FILTER_H
#define FG_PLUGIN_NDE_FILTER_H

#include <libgimp/gimp.h>

#include "setting.h"

/* A filter as a GEGL operation.  Its settings table has the operation's
 * properties first (`count` of them), then the plug-in's run settings
 * (FgRunSettingId: output, extra layers, merge-filter). */
typedef struct
{
  const gchar     *operation;     /* "freqgrad:frequency-smooth" */
  const gchar     *title;         /* the filter's label: "Frequency Smooth" */
  const FgSetting *settings;
  gint             count;
} FgNdeOperation;

/* The run setting `which` of `op`'s table. */
const FgSetting    *fg_nde_run_setting (const FgNdeOperation *op,
                                        FgRunSettingId        which);

extern const FgNdeOperation fg_nde_frequency_smooth;
extern const FgNdeOperation fg_nde_gradient_denoise;

/* TRUE when this process's GEGL knows `operation`: GIMP (which loads the
 * same GEGL plug-in directories) then has it too.  Call after gegl_init. */
gboolean            fg_nde_available  (const gchar        *operation);

/* Copies `op`'s properties from `config` (a procedure config: choices as
 * nicks) into `filter`'s config and sends them to GIMP
 * (gimp_drawable_filter_update).  FALSE with an error for a value outside
 * its declaration. */
gboolean            fg_nde_filter_set (GimpDrawableFilter   *filter,
                                       const FgNdeOperation *op,
                                       GObject              *config,
                                       GError              **error);

/* A new filter running `op` on `drawable`, titled in the Layers dialog,
 * set from `config` (see fg_nde_filter_set); not yet appended.  NULL with
 * an error when GIMP refuses (no such operation). */
GimpDrawableFilter *fg_nde_filter_new (GimpDrawable         *drawable,
                                       const FgNdeOperation *op,
                                       GObject              *config,
                                       GError              **error);

#endif
