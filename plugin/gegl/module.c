/* module.c — the freqgrad GEGL module: registers freqgrad:frequency-smooth
 * and freqgrad:gradient-denoise.  GEGL loads it from $GEGL_PATH or its
 * plug-ins directories. */
#include <gegl-plugin.h>

void fg_op_frequency_smooth_register (GTypeModule *module);
void fg_op_gradient_denoise_register (GTypeModule *module);

static const GeglModuleInfo module_info = { GEGL_MODULE_ABI_VERSION };

G_MODULE_EXPORT const GeglModuleInfo *
gegl_module_query (GTypeModule *module)
{
  return &module_info;
}

G_MODULE_EXPORT gboolean
gegl_module_register (GTypeModule *module)
{
  fg_op_frequency_smooth_register (module);
  fg_op_gradient_denoise_register (module);
  return TRUE;
}
