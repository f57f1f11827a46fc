/* gradient_denoise_dialog.h — the "Gradient Denoise" dialog. */
#ifndef FG_PLUGIN_GRADIENT_DENOISE_DIALOG_H
#define FG_PLUGIN_GRADIENT_DENOISE_DIALOG_H

#include "filter_dialog.h"

/* For fg_filter_dialog_run. */
extern const FgFilterDialogClass fg_gradient_denoise_dialog;

#endif
