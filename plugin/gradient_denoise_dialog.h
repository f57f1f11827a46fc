/* gradient_denoise_dialog.h — the "Gradient Denoise" dialog. */
#ifndef FG_PLUGIN_GRADIENT_DENOISE_DIALOG_H
#define FG_PLUGIN_GRADIENT_DENOISE_DIALOG_H

#include <libgimp/gimp.h>

/* Shows the dialog (gimp_ui_init must have been called); FALSE when the
 * user cancelled.  The settings end up in `config`. */
gboolean gradient_denoise_dialog (GimpProcedure       *procedure,
                                  GimpProcedureConfig *config,
                                  GimpDrawable        *drawable);

#endif
