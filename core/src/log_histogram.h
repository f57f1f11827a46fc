/* log_histogram.h — histograms of non-negative floats in logarithmic bins,
 * as the noise and texture estimates use them for their medians and
 * quantiles.
 *
 * Bins: 2^FG_LOG_SUB_BITS per octave from 2^low_exponent up; bin 0 holds 0
 * and everything below 2^low_exponent, the last of `bins` bins everything
 * from its lower edge up.  Positive floats order like their bit patterns,
 * so the bin is the exponent and the top bits of the mantissa: no log, and
 * exact.  Counts are integers, so histograms filled per thread and added up
 * give the same result whatever the thread count.  The quantile is
 * interpolated linearly inside its bin (a relative resolution of 2^-7 at
 * worst, far below the statistical error of the samples). */
#ifndef FG_LOG_HISTOGRAM_H
#define FG_LOG_HISTOGRAM_H

#include <stdint.h>
#include <string.h>

#define FG_LOG_SUB_BITS 7                   /* 128 bins per octave */

/* The number of bins for values from 2^low_exponent to 2^high_exponent. */
#define FG_LOG_BINS(low_exponent, high_exponent) ((((high_exponent) - (low_exponent)) << FG_LOG_SUB_BITS) + 1)

static inline uint32_t fg_log_first_bits(int low_exponent)
{
    return (uint32_t)(127 + low_exponent) << 23;
}

/* The bin of v (0 for v <= 0, NaN, or below 2^low_exponent). */
static inline int fg_log_bin_of(float v, int low_exponent, int bins)
{
    uint32_t bits, low = fg_log_first_bits(low_exponent);
    memcpy(&bits, &v, sizeof bits);
    if (!(v > 0.0f) || bits < low)
        return 0;
    uint32_t bin = 1 + ((bits - low) >> (23 - FG_LOG_SUB_BITS));
    return bin >= (uint32_t)bins ? bins - 1 : (int)bin;
}

/* The lower edge of a bin (0 for bin 0). */
static inline double fg_log_bin_low(int bin, int low_exponent)
{
    if (bin == 0)
        return 0.0;
    uint32_t bits = fg_log_first_bits(low_exponent) + ((uint32_t)(bin - 1) << (23 - FG_LOG_SUB_BITS));
    float v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

/* The value below which the fraction q of the counts lies, interpolated in
 * its bin; `empty` when the histogram has no counts; 0 when it falls in
 * bin 0. */
static inline double fg_log_quantile(const uint64_t *counts, int low_exponent, int bins, double q, double empty)
{
    uint64_t total = 0;
    for (int b = 0; b < bins; b++)
        total += counts[b];
    if (total == 0)
        return empty;
    double target = q * (double)total, below = 0.0;
    for (int b = 0; b < bins; b++) {
        if (counts[b] > 0 && below + (double)counts[b] >= target) {
            if (b == 0)
                return 0.0;
            double lo = fg_log_bin_low(b, low_exponent), hi = b + 1 < bins ? fg_log_bin_low(b + 1, low_exponent) : lo;
            return lo + (hi - lo) * (target - below) / (double)counts[b];
        }
        below += (double)counts[b];
    }
    return fg_log_bin_low(bins - 1, low_exponent);
}

#endif
