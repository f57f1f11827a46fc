/* smooth_params.h — smoothing parameters for the frequency tests: the
 * defaults of fg_smooth_params_init with the filter, cutoff, order and
 * boundary a test case names. */
#ifndef FG_TEST_SMOOTH_PARAMS_H
#define FG_TEST_SMOOTH_PARAMS_H

#include "fg/frequency_smooth.h"

static inline fg_smooth_params make_params(fg_lowpass filter, double cutoff, int order, fg_boundary boundary)
{
    fg_smooth_params p;
    fg_smooth_params_init(&p);
    p.filter = filter;
    p.cutoff = cutoff;
    p.order = order;
    p.boundary = boundary;
    return p;
}

#endif
