/* frequency_smooth_dialog.h — the "Frequency Smooth" dialog. */
#ifndef FG_PLUGIN_FREQUENCY_SMOOTH_DIALOG_H
#define FG_PLUGIN_FREQUENCY_SMOOTH_DIALOG_H

#include <libgimp/gimp.h>

/* Shows the dialog (gimp_ui_init must have been called); FALSE when the
 * user cancelled.  The settings end up in `config`. */
gboolean frequency_smooth_dialog (GimpProcedure       *procedure,
                                  GimpProcedureConfig *config,
                                  GimpDrawable        *drawable);

#endif
