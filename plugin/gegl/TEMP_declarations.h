/* TEMP_declarations.h — TEMPORARY: the parameter declarations of both
 * filters, mirroring today's PDB arguments (plugin/frequency_smooth_procedure.c and
 * plugin/gradient_denoise_procedure.c), until
 * plugin/<filter>_settings.c/.h provide the real, single table.  Delete this
 * file and TEMP_declarations.c then, and point the ops at the real table
 * (see op_properties.h for what they expect). */
#ifndef FG_GEGL_TEMP_DECLARATIONS_H
#define FG_GEGL_TEMP_DECLARATIONS_H

#include "op_properties.h"
#include "fg/frequency_smooth.h"
#include "fg/gradient_denoise.h"

extern const FgParamDecl fs_param_decls[];
extern const FgParamDecl gd_param_decls[];

/* config -> core parameters (threads and callbacks left at their defaults). */
gboolean fs_params_from_object (GObject           *object,
                                fg_smooth_params  *params,
                                GError           **error);
gboolean gd_params_from_object (GObject           *object,
                                fg_denoise_params *params,
                                GError           **error);

#endif
