/* frequency_smooth_settings.c — the one declaration of Frequency Smooth's parameters. */
#include "frequency_smooth_settings.h"
#include "output_mode.h"
#include "i18n.h"

static const FgChoice filter_choices[] = {
  { "ideal",       FG_LOWPASS_IDEAL,       N_("Ideal (sharp cutoff, may ring)") },
  { "gaussian",    FG_LOWPASS_GAUSSIAN,    N_("Gaussian (no ringing)") },
  { "butterworth", FG_LOWPASS_BUTTERWORTH, N_("Butterworth (adjustable sharpness)") },
  { NULL, 0, NULL }
};

static const FgChoice boundary_choices[] = {
  { "mirror",   FG_BOUNDARY_MIRROR,   N_("Mirror (no wrap-around)") },
  { "periodic", FG_BOUNDARY_PERIODIC, N_("Periodic (plain FFT, edges wrap)") },
  { NULL, 0, NULL }
};

static const FgChoice spectra_choices[] = {
  { "none",                 FS_SPECTRA_NONE,             N_("None") },
  { "spectra",              FS_SPECTRA_INPUT_AND_RESULT, N_("Input and result spectra") },
  { "spectra-and-transfer", FS_SPECTRA_AND_TRANSFER,     N_("Spectra and transfer function") },
  { NULL, 0, NULL }
};

const FgSetting fs_settings[FS_N_SETTINGS] = {
  [FS_FILTER] = {
    .name = "filter", .type = FG_SETTING_CHOICE, .label = N_("_Filter type"),
    .blurb = N_("Shape of the low-pass filter"),
    .choices = filter_choices, .default_value = FG_LOWPASS_GAUSSIAN },

  /* The core takes any finite period > 0; below 1 px nothing more is removed. */
  [FS_CUTOFF] = {
    .name = "cutoff", .type = FG_SETTING_DOUBLE, .label = N_("C_utoff period (px)"),
    .blurb = N_("Spatial period, in pixels, at the cutoff: detail finer than this is smoothed away "
             "(cutoff frequency = 1 / period cycles per pixel)"),
    .minimum = 1.0, .maximum = 100000.0, .default_value = FG_SMOOTH_DEFAULT_CUTOFF,
    .ui_minimum = 1.0, .ui_maximum = 256.0, .digits = 1, .ui_logarithmic = TRUE,
    .ui_gamma = 2.0, .unit = "pixel-distance" },

  [FS_ORDER] = {
    .name = "order", .type = FG_SETTING_INT, .label = N_("Butterworth or_der"),
    .blurb = N_("Butterworth order: higher is a sharper cutoff (ignored by the other filters)"),
    .minimum = FG_BUTTERWORTH_MIN_ORDER, .maximum = FG_BUTTERWORTH_MAX_ORDER,
    .default_value = 2 /* fg_smooth_params_init's */,
    .sensitive = "filter {butterworth}" },

  [FS_BOUNDARY] = {
    .name = "boundary", .type = FG_SETTING_CHOICE, .label = N_("_Boundary"),
    .blurb = N_("How the image continues past its edges"),
    .choices = boundary_choices, .default_value = FG_BOUNDARY_MIRROR },

  [FS_OUTPUT] = {
    .name = "output", .type = FG_SETTING_CHOICE, .label = N_("Out_put"),
    .blurb = N_("Replace the layer's pixels, or put the result on a new layer above it"),
    .choices = fg_output_choices, .default_value = FG_OUTPUT_REPLACE },

  [FS_SPECTRA] = {
    .name = "spectra", .type = FG_SETTING_CHOICE, .label = N_("Spectrum la_yers"),
    .blurb = N_("Add layers showing the centered log-magnitude spectrum of the input and the result, "
             "and optionally the transfer function"),
    .choices = spectra_choices, .default_value = FS_SPECTRA_NONE },

  [FS_MERGE_FILTER] = {
    .name = "merge-filter", .type = FG_SETTING_BOOLEAN, .label = N_("_Merge filter"),
    .blurb = N_("Write the result into the layer's pixels (one undo step); off: keep a non-destructive "
             "freqgrad:frequency-smooth filter on the layer, editable later from the Layers dialog"),
    .default_value = TRUE },
};

gboolean
fs_settings_to_params (GObject          *object,
                       fg_smooth_params *params,
                       GError          **error)
{
  gint filter, boundary;

  fg_smooth_params_init (params);
  if (! fg_setting_get_choice (object, &fs_settings[FS_FILTER], &filter, error)
      || ! fg_setting_get_double (object, &fs_settings[FS_CUTOFF], &params->cutoff, error)
      || ! fg_setting_get_int (object, &fs_settings[FS_ORDER], &params->order, error)
      || ! fg_setting_get_choice (object, &fs_settings[FS_BOUNDARY], &boundary, error))
    return FALSE;
  params->filter   = filter;
  params->boundary = boundary;
  return TRUE;
}
