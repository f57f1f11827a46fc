/* gradient_denoise_settings.h — the parameters of "Gradient Denoise", declared once.
 *
 * gd_settings[] lists the PDB arguments in their order: first the filter's
 * own parameters (what fg_denoise_params holds, and what a GEGL operation
 * would have), then the plug-in's choice of where results go. */
#ifndef FG_PLUGIN_GRADIENT_DENOISE_SETTINGS_H
#define FG_PLUGIN_GRADIENT_DENOISE_SETTINGS_H

#include "fg/gradient_denoise.h"
#include "setting.h"

typedef enum
{
  GD_ENERGY,
  GD_AUTO_STRENGTH,
  GD_STRENGTH,
  GD_EPSILON,
  GD_COLOR_MODE,
  GD_SOLVER,
  GD_MAX_ITERATIONS,
  GD_STOP_RULE,
  GD_TOLERANCE,
  GD_STEP,
  GD_N_FILTER_SETTINGS,           /* the filter's parameters end here */
  GD_OUTPUT = GD_N_FILTER_SETTINGS,
  GD_GRADIENT_MAP,
  GD_MERGE_FILTER,                /* PDB/dialog only: write pixels or keep a filter */
  GD_N_SETTINGS
} GdSettingId;

/* The values of GD_GRADIENT_MAP. */
typedef enum
{
  GD_GRADIENT_MAP_NONE,
  GD_GRADIENT_MAP_INPUT,
  GD_GRADIENT_MAP_RESULT
} GdGradientMap;

extern const FgSetting gd_settings[GD_N_SETTINGS];

/* The core parameters `object`'s properties ask for (the filter's settings,
 * by name), each checked against its declaration: FALSE with an
 * FG_SETTING_ERROR for the first invalid one.  Callbacks and threads are
 * left at the core's defaults. */
gboolean gd_settings_to_params (GObject           *object,
                                fg_denoise_params *params,
                                GError           **error);

/* The core's working memory for `params`, in float copies of the image at
 * most (for the plug-in's memory check before a run). */
gdouble  gd_working_copies      (const fg_denoise_params *params);

#endif
