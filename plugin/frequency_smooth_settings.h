/* frequency_smooth_settings.h — the parameters of "Frequency Smooth", declared once.
 *
 * fs_settings[] lists the PDB arguments in their order: first the filter's
 * own parameters (what fg_smooth_params holds, and what a GEGL operation
 * would have), then the plug-in's choice of where results go. */
#ifndef FG_PLUGIN_FREQUENCY_SMOOTH_SETTINGS_H
#define FG_PLUGIN_FREQUENCY_SMOOTH_SETTINGS_H

#include "fg/frequency_smooth.h"
#include "fg/periodic_noise.h"
#include "setting.h"

typedef enum
{
  FS_FILTER,
  FS_CUTOFF,
  FS_ORDER,
  FS_BOUNDARY,
  FS_SHAPE,
  FS_BAND_PERIOD,
  FS_NOTCHES,
  FS_NOTCH_RADIUS,
  FS_SENSITIVITY,
  FS_HARMONICS,
  FS_N_FILTER_SETTINGS,           /* the filter's parameters end here */
  /* then the run's (FgRunSettingId), in its order */
  FS_OUTPUT       = FS_N_FILTER_SETTINGS + FG_RUN_OUTPUT,
  FS_SPECTRA      = FS_N_FILTER_SETTINGS + FG_RUN_EXTRA_LAYERS,
  FS_MERGE_FILTER = FS_N_FILTER_SETTINGS + FG_RUN_MERGE_FILTER,
  FS_N_SETTINGS   = FS_N_FILTER_SETTINGS + FG_RUN_N_SETTINGS
} FsSettingId;

/* The values of FS_SPECTRA. */
typedef enum
{
  FS_SPECTRA_NONE,
  FS_SPECTRA_INPUT_AND_RESULT,
  FS_SPECTRA_AND_TRANSFER
} FsSpectra;

/* The values of FS_SHAPE: the core's shapes, and the plug-in's automatic
 * periodic-noise removal (notches placed on the detected peaks). */
#define FS_SHAPE_PERIODIC_NOISE 100

extern const FgSetting fs_settings[FS_N_SETTINGS];

/* What the filter's settings ask for.  `smooth` is ready for the core
 * except in periodic-noise mode (`detect`), where fs_filter_detect() puts
 * the notches found on an image into it.  smooth.notches points into
 * `notches`: copy an FsFilter with fs_filter_copy(), not by assignment. */
typedef struct
{
  fg_smooth_params   smooth;
  fg_notch           notches[FG_MAX_NOTCHES];
  gboolean           detect;         /* shape "periodic-noise" */
  fg_periodic_params periodic;       /* its detection (profile, boundary, radius as smooth's) */
  gdouble            notch_radius;   /* the radius setting: 0 = automatic */
} FsFilter;

/* The filter `object`'s properties ask for (the filter's settings, by
 * name), each checked against its declaration, the notch list parsed: FALSE
 * with an FG_SETTING_ERROR for the first invalid one.  Callbacks and
 * threads are left at the core's defaults.  Manual notches with radius 0
 * get their automatic radius from fs_filter_set_size(). */
gboolean fs_settings_to_filter (GObject  *object,
                                FsFilter *filter,
                                GError  **error);

/* Whether detections with `a` and `b` place the same notches on one image
 * (the settings the declaration lets differ: sensitivity, harmonics, radius). */
gboolean fs_same_detection     (const fg_periodic_params *a,
                                const fg_periodic_params *b);

/* Gives manual notches of radius 0 (automatic) the radius for an image of
 * width x height. */
void     fs_filter_set_size    (FsFilter *filter,
                                gint      width,
                                gint      height);

/* Periodic-noise mode: detects the notches on `image` (fg_periodic_noise_notches)
 * into filter->smooth (shape notch); other modes: nothing.  fs_filter_set_size
 * is done here too. */
fg_status fs_filter_detect     (FsFilter       *filter,
                                fg_fft_context *ctx,
                                const fg_image *image,
                                fg_error       *error);

/* A click on the spectrum at (fx, fy): the notch list `text` without the
 * notches one of whose spots (the notch, its twin and, with the mirror
 * boundary, their mirror images) lies within `reach` cycles per pixel of
 * it, or, if there is none, with the notch (fx, fy) added.  A new string;
 * NULL with an FG_SETTING_ERROR when `text` is not a valid list or the
 * list is full. */
gchar   *fs_notches_toggle     (const gchar *text,
                                fg_boundary  boundary,
                                gdouble      fx,
                                gdouble      fy,
                                gdouble      reach,
                                GError     **error);

/* *to = *from, with to->smooth.notches pointing into `to`. */
void     fs_filter_copy        (FsFilter       *to,
                                const FsFilter *from);

#endif
