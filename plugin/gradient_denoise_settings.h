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
  GD_COLOR_SPACE,
  GD_AUTO_CHROMA_STRENGTH,
  GD_CHROMA_STRENGTH,
  GD_N_FILTER_SETTINGS,           /* the filter's parameters end here */
  /* then the run's (FgRunSettingId), in its order */
  GD_OUTPUT       = GD_N_FILTER_SETTINGS + FG_RUN_OUTPUT,
  GD_GRADIENT_MAP = GD_N_FILTER_SETTINGS + FG_RUN_EXTRA_LAYERS,
  GD_MERGE_FILTER = GD_N_FILTER_SETTINGS + FG_RUN_MERGE_FILTER,
  GD_N_SETTINGS   = GD_N_FILTER_SETTINGS + FG_RUN_N_SETTINGS
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

/* Makes the strengths of `params` explicit (auto flags off) for solving
 * part of an image with `colour` colour channels whose whole-image noise
 * estimates are `sigma` and `texture` (fg_denoise_auto_lambda: the texture
 * rule fg_auto_lambda_texture) and, for luma-chroma on three
 * colour channels, `sigma_luma`, `sigma_chroma`, `texture_luma` and
 * `texture_chroma` (fg_estimate_luma_chroma: the texture rules
 * fg_auto_lambda_luma_texture and fg_auto_lambda_chroma_texture; ignored
 * otherwise): what the core's automatic strengths would pick for the whole image. */
void     gd_params_fix_strengths (fg_denoise_params *params,
                                  gint               colour,
                                  gdouble            sigma,
                                  gdouble            texture,
                                  gdouble            sigma_luma,
                                  gdouble            sigma_chroma,
                                  gdouble            texture_luma,
                                  gdouble            texture_chroma);

/* Whether `params` solve in luma-chroma on an image with `colour` colour channels. */
gboolean gd_params_luma_chroma   (const fg_denoise_params *params,
                                  gint                     colour);

#endif
