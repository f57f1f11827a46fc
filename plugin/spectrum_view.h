/* spectrum_view.h — the live spectrum panel of the Frequency Smooth dialog.
 *
 * Shows the image's centred log-magnitude spectrum in frequency
 * coordinates (both axes −0.5..0.5 cycles/pixel, so circles are circles),
 * with the low-pass filter drawn over it: frequencies the filter removes
 * are dimmed and tinted in proportion to 1 − H, the cutoff is a dashed
 * circle, and a plot below shows H against the radial frequency. */
#ifndef FG_PLUGIN_SPECTRUM_VIEW_H
#define FG_PLUGIN_SPECTRUM_VIEW_H

#include <gtk/gtk.h>

#include "fg/frequency_smooth.h"

GtkWidget *fg_spectrum_view_new          (void);

/* Sets the spectrum image (values 0..1, `width` x `height`, zero frequency
 * at (width/2, height/2)); copied.  NULL shows "computing...". */
void       fg_spectrum_view_set_spectrum (GtkWidget    *view,
                                          const gfloat *spectrum,
                                          gint          width,
                                          gint          height);

/* Sets the filter drawn over the spectrum (any shape; its notches are
 * copied; `detected`: they are the peaks the periodic-noise mode found). */
void       fg_spectrum_view_set_filter   (GtkWidget              *view,
                                          const fg_smooth_params *params,
                                          gboolean                detected);

/* Called with the frequency (cycles/pixel, -0.5..0.5) clicked on the
 * spectrum map, and the map's resolution there (cycles/pixel per screen
 * pixel), for the caller to pick what the click reaches. */
typedef void (*FgSpectrumClick) (gdouble fx, gdouble fy, gdouble resolution, gpointer data);

void       fg_spectrum_view_set_click    (GtkWidget       *view,
                                          FgSpectrumClick  callback,
                                          gpointer         data);

/* What a click at the frequency (fx, fy) does (the tests' way in). */
void       fg_spectrum_view_click        (GtkWidget       *view,
                                          gdouble          fx,
                                          gdouble          fy);

#endif
