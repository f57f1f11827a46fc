/* frequency_smooth_settings.h — the parameters of "Frequency Smooth", declared once.
 *
 * fs_settings[] lists the PDB arguments in their order: first the filter's
 * own parameters (what fg_smooth_params holds, and what a GEGL operation
 * would have), then the plug-in's choice of where results go. */
#ifndef FG_PLUGIN_FREQUENCY_SMOOTH_SETTINGS_H
#define FG_PLUGIN_FREQUENCY_SMOOTH_SETTINGS_H

#include "fg/frequency_smooth.h"
#include "setting.h"

typedef enum
{
  FS_FILTER,
  FS_CUTOFF,
  FS_ORDER,
  FS_BOUNDARY,
  FS_N_FILTER_SETTINGS,           /* the filter's parameters end here */
  FS_OUTPUT = FS_N_FILTER_SETTINGS,
  FS_SPECTRA,
  FS_MERGE_FILTER,                /* PDB/dialog only: write pixels or keep a filter */
  FS_N_SETTINGS
} FsSettingId;

/* The values of FS_SPECTRA. */
typedef enum
{
  FS_SPECTRA_NONE,
  FS_SPECTRA_INPUT_AND_RESULT,
  FS_SPECTRA_AND_TRANSFER
} FsSpectra;

extern const FgSetting fs_settings[FS_N_SETTINGS];

/* The core parameters `object`'s properties ask for (the filter's settings,
 * by name), each checked against its declaration: FALSE with an
 * FG_SETTING_ERROR for the first invalid one.  Callbacks and threads are
 * left at the core's defaults. */
gboolean fs_settings_to_params (GObject          *object,
                                fg_smooth_params *params,
                                GError          **error);

#endif
