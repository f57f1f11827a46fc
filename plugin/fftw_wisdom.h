/* fftw_wisdom.h — FFTW wisdom kept in the user's GIMP profile.
 *
 * GIMP starts a new plug-in process for every call, so plans measured in one
 * run are lost unless saved.  A run plans from this wisdom when it knows the
 * size (measured plans, instantly) and with FFTW's estimate otherwise (also
 * instant); after its result is written it measures plans for the sizes it
 * just used, within a time limit, and saves them for the next run. */
#ifndef FG_PLUGIN_FFTW_WISDOM_H
#define FG_PLUGIN_FFTW_WISDOM_H

#include <libgimp/gimp.h>

#include "fg/frequency_smooth.h"

/* Imports <profile>/freqgrad/fftw-wisdom, if any: only a regular file of
 * bounded size, waiting at most a few seconds for it.  Failure only costs
 * speed. */
void fg_wisdom_load  (void);

/* Measures plans for each drawable's selection size and saves the wisdom
 * (atomically, replacing whatever is at the path); a failed save is a
 * message that says why. */
void fg_wisdom_learn (fg_fft_context  *fft,
                      GimpDrawable   **drawables,
                      gboolean         periodic);

#endif
