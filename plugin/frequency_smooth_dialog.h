/* frequency_smooth_dialog.h — the "Frequency Smooth" dialog. */
#ifndef FG_PLUGIN_FREQUENCY_SMOOTH_DIALOG_H
#define FG_PLUGIN_FREQUENCY_SMOOTH_DIALOG_H

#include "filter_dialog.h"

/* For fg_filter_dialog_run. */
extern const FgFilterDialogClass fg_frequency_smooth_dialog;

#endif
