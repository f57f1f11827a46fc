/* frequency_smooth_settings.c — the one declaration of Frequency Smooth's parameters. */
#include "frequency_smooth_settings.h"
#include "output_mode.h"
#include "i18n.h"

#include <math.h>
#include <string.h>

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

static const FgChoice shape_choices[] = {
  { "lowpass",        FG_SHAPE_LOWPASS,        N_("Low-pass (smooth)") },
  { "highpass",       FG_SHAPE_HIGHPASS,       N_("High-pass (keep fine detail)") },
  { "bandpass",       FG_SHAPE_BANDPASS,       N_("Band-pass (keep a ring of periods)") },
  { "bandreject",     FG_SHAPE_BANDREJECT,     N_("Band-reject (remove a ring of periods)") },
  { "notch",          FG_SHAPE_NOTCH,          N_("Notch reject (remove chosen frequencies)") },
  { "periodic-noise", FS_SHAPE_PERIODIC_NOISE, N_("Periodic noise (find and remove peaks)") },
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
    .blurb = N_("Profile of the filter: the low-pass's shape, which every filter shape is made from"),
    .choices = filter_choices, .default_value = FG_LOWPASS_GAUSSIAN },

  /* The core takes any finite period > 0; below 1 px nothing more is removed. */
  [FS_CUTOFF] = {
    .name = "cutoff", .type = FG_SETTING_DOUBLE, .label = N_("C_utoff period (px)"),
    .blurb = N_("Spatial period, in pixels, at the cutoff: detail finer than this is smoothed away "
             "(cutoff frequency = 1 / period cycles per pixel)"),
    .minimum = 1.0, .maximum = 100000.0, .default_value = FG_SMOOTH_DEFAULT_CUTOFF,
    .ui_minimum = 1.0, .ui_maximum = 256.0, .digits = 1, .ui_logarithmic = TRUE,
    .ui_gamma = 2.0, .unit = "pixel-distance",
    .sensitive = "shape {lowpass, highpass, bandpass, bandreject}" },

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

  [FS_SHAPE] = {
    .name = "shape", .type = FG_SETTING_CHOICE, .label = N_("_Shape"),
    .blurb = N_("What the filter removes: fine detail (low-pass), coarse structure (high-pass), "
             "everything but a ring of periods (band-pass), a ring of periods (band-reject), "
             "the frequencies listed in notches (notch), or the periodic noise it finds itself "
             "(periodic-noise)"),
    .choices = shape_choices, .default_value = FG_SHAPE_LOWPASS },

  [FS_BAND_PERIOD] = {
    .name = "band-period", .type = FG_SETTING_DOUBLE, .label = N_("Second _period of the band (px)"),
    .blurb = N_("Band shapes: the ring lies between this period and the cutoff period (either "
             "order; they must differ)"),
    .minimum = 1.0, .maximum = 100000.0, .default_value = FG_SMOOTH_DEFAULT_BAND_PERIOD,
    .ui_minimum = 1.0, .ui_maximum = 256.0, .digits = 1, .ui_logarithmic = TRUE,
    .ui_gamma = 2.0, .unit = "pixel-distance",
    .sensitive = "shape {bandpass, bandreject}" },

  [FS_NOTCHES] = {
    .name = "notches", .type = FG_SETTING_NUMBERS, .label = N_("_Notches (fx fy, ...)"),
    .blurb = N_("Notch shape: the frequencies to remove, as pairs fx fy in cycles per pixel "
             "(DFT sense, -0.5 to 0.5; a sinusoid of period p px along x is 1/p 0), separated "
             "by spaces or commas; each pair also removes its twin -fx -fy"),
    .minimum = -0.5, .maximum = 0.5, .list_group = 2, .list_max = FG_MAX_NOTCHES,
    .sensitive = "shape {notch}" },

  [FS_NOTCH_RADIUS] = {
    .name = "notch-radius", .type = FG_SETTING_DOUBLE, .label = N_("Notch _radius (cycles/px)"),
    .blurb = N_("Notch and periodic-noise shapes: the radius of every notch in cycles per pixel; "
             "0: automatic, two frequency bins of the image's shorter side (2 / min(width, height))"),
    .minimum = 0.0, .maximum = 0.5, .default_value = 0.0,
    .ui_minimum = 0.0, .ui_maximum = 0.05, .digits = 4, .ui_step_small = 0.001, .ui_step_big = 0.005,
    .sensitive = "shape {notch, periodic-noise}" },

  [FS_SENSITIVITY] = {
    .name = "sensitivity", .type = FG_SETTING_DOUBLE, .label = N_("Peak _strength"),
    .blurb = N_("Periodic-noise shape: how far a spectrum peak must stand above its local "
             "background to be removed (a magnitude ratio; lower finds more peaks)"),
    .minimum = 1.5, .maximum = 1000.0, .default_value = FG_PEAK_DEFAULT_MIN_STRENGTH,
    .ui_minimum = 2.0, .ui_maximum = 100.0, .digits = 1, .ui_logarithmic = TRUE,
    .ui_gamma = 2.0,
    .sensitive = "shape {periodic-noise}" },

  [FS_HARMONICS] = {
    .name = "harmonics", .type = FG_SETTING_BOOLEAN, .label = N_("Also remove _harmonics"),
    .blurb = N_("Periodic-noise shape: also notch the multiples of the peaks found and the lattice "
             "of the two strongest (halftone screens, non-sinusoidal banding) where they stand out"),
    .default_value = TRUE,
    .sensitive = "shape {periodic-noise}" },

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
fs_settings_to_filter (GObject  *object,
                       FsFilter *filter,
                       GError  **error)
{
  fg_smooth_params   *params = &filter->smooth;
  fg_periodic_params *detect = &filter->periodic;
  gdouble             numbers[FG_SETTING_MAX_NUMBERS];
  gint                profile, boundary, shape, count;

  memset (filter, 0, sizeof *filter);
  fg_smooth_params_init (params);
  fg_periodic_params_init (detect);
  if (! fg_setting_get_choice (object, &fs_settings[FS_FILTER], &profile, error)
      || ! fg_setting_get_double (object, &fs_settings[FS_CUTOFF], &params->cutoff, error)
      || ! fg_setting_get_int (object, &fs_settings[FS_ORDER], &params->order, error)
      || ! fg_setting_get_choice (object, &fs_settings[FS_BOUNDARY], &boundary, error)
      || ! fg_setting_get_choice (object, &fs_settings[FS_SHAPE], &shape, error)
      || ! fg_setting_get_double (object, &fs_settings[FS_BAND_PERIOD], &params->band_period, error)
      || ! fg_setting_get_numbers (object, &fs_settings[FS_NOTCHES], numbers, &count, error)
      || ! fg_setting_get_double (object, &fs_settings[FS_NOTCH_RADIUS], &filter->notch_radius, error)
      || ! fg_setting_get_double (object, &fs_settings[FS_SENSITIVITY], &detect->detect.min_strength,
                                  error)
      || ! fg_setting_get_boolean (object, &fs_settings[FS_HARMONICS], &detect->harmonics, error))
    return FALSE;

  if ((shape == FG_SHAPE_BANDPASS || shape == FG_SHAPE_BANDREJECT) && params->band_period == params->cutoff)
    {
      g_set_error (error, FG_SETTING_ERROR, 0,
                   _("band-period %g equals cutoff: the band shapes need two different periods."),
                   params->band_period);
      return FALSE;
    }

  params->filter   = profile;
  params->boundary = boundary;
  filter->detect   = shape == FS_SHAPE_PERIODIC_NOISE;
  params->shape    = filter->detect ? FG_SHAPE_NOTCH : (fg_filter_shape) shape;
  if (params->shape == FG_SHAPE_NOTCH && ! filter->detect)
    {
      for (gint i = 0; i < count / 2; i++)
        filter->notches[i] = (fg_notch) { numbers[2 * i], numbers[2 * i + 1], filter->notch_radius };
      params->notch_count = count / 2;
    }
  params->notches = filter->notches;

  detect->profile      = params->filter;
  detect->order        = params->order;
  detect->boundary     = params->boundary;
  detect->notch_radius = filter->notch_radius;
  detect->max_notches  = FG_MAX_NOTCHES;
  return TRUE;
}

gboolean
fs_same_detection (const fg_periodic_params *a,
                   const fg_periodic_params *b)
{
  /* The profile (and a Butterworth order) set how wide a screen's notches
   * may be before they touch the zero frequency: the notches depend on them.
   * The boundary only matters to the filtering. */
  return a->detect.min_strength == b->detect.min_strength && a->harmonics == b->harmonics
         && a->notch_radius == b->notch_radius && a->profile == b->profile
         && (a->profile != FG_LOWPASS_BUTTERWORTH || a->order == b->order);
}

void
fs_filter_set_size (FsFilter *filter,
                    gint      width,
                    gint      height)
{
  if (filter->notch_radius > 0.0)
    return;
  for (gint i = 0; i < filter->smooth.notch_count; i++)
    filter->notches[i].radius = fg_periodic_default_radius (width, height);
}

fg_status
fs_filter_detect (FsFilter       *filter,
                  fg_fft_context *ctx,
                  const fg_image *image,
                  fg_error       *error)
{
  fg_periodic_params detect = filter->periodic;
  fg_status          status;
  gint               count = 0;

  if (! filter->detect)
    {
      fs_filter_set_size (filter, image->width, image->height);
      return FG_OK;
    }
  detect.detect.threads       = filter->smooth.threads;
  detect.detect.progress      = filter->smooth.progress;
  detect.detect.progress_data = filter->smooth.progress_data;
  status = fg_periodic_noise_notches (ctx, image, &detect, filter->notches, FG_MAX_NOTCHES, &count, error);
  if (status == FG_OK)
    filter->smooth.notch_count = count;
  filter->smooth.notches = filter->notches;
  return status;
}

gchar *
fs_notches_toggle (const gchar *text,
                   fg_boundary  boundary,
                   gdouble      fx,
                   gdouble      fy,
                   gdouble      reach,
                   GError     **error)
{
  const FgSetting *setting = &fs_settings[FS_NOTCHES];
  gdouble          numbers[FG_SETTING_MAX_NUMBERS];
  gint             count, kept = 0;

  if (! fg_setting_parse_numbers (setting, text, numbers, &count, error))
    return NULL;
  for (gint i = 0; i < count; i += 2)
    {
      /* Distances to the spots, modulo 1 along each axis as the DFT. */
      gdouble  nx = numbers[i], ny = numbers[i + 1];
      gboolean near = FALSE;

      for (gint s = 0; s < (boundary == FG_BOUNDARY_PERIODIC ? 2 : 4); s++)
        {
          gdouble sx = s == 1 || s == 3 ? -nx : nx;
          gdouble sy = s == 1 || s == 2 ? -ny : ny;
          gdouble dx = fabs (fx - sx), dy = fabs (fy - sy);

          dx = MIN (dx, 1.0 - dx);
          dy = MIN (dy, 1.0 - dy);
          near |= hypot (dx, dy) <= reach;
        }
      if (! near)
        {
          numbers[kept++] = nx;
          numbers[kept++] = ny;
        }
    }
  if (kept == count)
    {
      if (count == setting->list_group * setting->list_max)
        {
          g_set_error (error, FG_SETTING_ERROR, 0, _("At most %d notches."), setting->list_max);
          return NULL;
        }
      numbers[kept++] = CLAMP (fx, setting->minimum, setting->maximum);
      numbers[kept++] = CLAMP (fy, setting->minimum, setting->maximum);
    }
  return fg_setting_numbers_text (setting, numbers, kept);
}

void
fs_filter_copy (FsFilter       *to,
                const FsFilter *from)
{
  *to = *from;
  to->smooth.notches = to->notches;
}
