/* denoise_locality.c — how far apart pixels of a denoised image influence
 * each other: the margin a tile or preview crop needs (fg_denoise_margin).
 *
 * The argument (documented with the API in fg/gradient_denoise.h):
 *   Cut the image to a rectangle.  The whole image's minimiser u restricted
 *   to the rectangle is not the rectangle's minimiser v only because the
 *   energy terms that crossed the cut are gone; that makes the rectangle's
 *   gradient at u a residual r, nonzero only on the rectangle's outermost
 *   ring of pixels.  By the mean value theorem H (u - v) = r, with H the
 *   averaged Hessian of the rectangle's energy: symmetric, eigenvalues in
 *   [1, L] (L the Lipschitz bound), and coupling only pixels at Chebyshev
 *   distance <= 1.  A polynomial of degree t - 1 in H is zero between pixels
 *   t apart, and 1/x on [1, L] has such a polynomial within
 *   c q^t, q = (sqrt L - 1) / (sqrt L + 1), c = (1 + sqrt L)^2 / (2 L)
 *   (Chebyshev approximation; Demko, Moss and Smith 1984).  So
 *   |(H^-1)_ij| <= c q^t at distance t, and
 *   |u - v| <= sum over the ring of c q^t |r|.
 *   (H couples a pixel with its right, lower and anti-diagonal neighbours,
 *   so its graph distance is at least the Chebyshev distance used here.)
 *   Count the ring side by side.  A side at perpendicular distance d >= m
 *   from a pixel of the region has 2d + 1 pixels at Chebyshev distance d and
 *   exactly 2 at each distance t > d, so it adds at most
 *   c |r| q^d (2d + 1 + 2q / (1 - q)) <= c |r| q^m (2m + 1 + 2q / (1 - q)),
 *   and the four sides four times that. */
#include <math.h>

#include "denoise_params.h"
#include "fg/gradient_denoise.h"

/* Largest margin returned: beyond this the caller should take the whole image. */
#define MARGIN_CAP (1 << 30)

/* |r| per ring pixel, summed over the channels one channel's error depends on.
 * A pixel sits in three energy terms (its own, its left and its upper
 * neighbour's); each term's derivative with respect to the pixel's value is
 * lambda (p_x + p_y) or lambda p_x or lambda p_y, before and after the cut:
 *   TV:        |p| <= 1, so per channel at most 2 (sqrt 2 + 2) lambda < 7 lambda;
 *              coupled, the sum over C channels is at most sqrt(C) times that
 *              (Cauchy-Schwarz), and the channels' errors mix through H.
 *   Tikhonov:  p = grad u with |p_x|, |p_y| <= range (the minimiser stays
 *              within the data's range), so at most 2 (2 + 1 + 1) range
 *              lambda = 8 range lambda; channels do not mix. */
static double residual_bound(fg_energy energy, fg_colour_mode colour, int channels, double lambda,
                             double range)
{
    if (energy == FG_ENERGY_TIKHONOV)
        return 8.0 * range * lambda;
    return 7.0 * lambda * (colour == FG_COLOUR_COUPLED ? sqrt((double)channels) : 1.0);
}

/* log of 4 q^m (2m + 1 + 2q / (1 - q)) for m >= 1: the ring's sum above
 * without the factor c |r|.  In logarithms, so large L does not underflow. */
static double log_tail(int m, double q)
{
    return log(4.0) + (double)m * log(q) + log(2.0 * m + 1.0 + 2.0 * q / (1.0 - q));
}

int fg_denoise_margin(const fg_denoise_params *params, int colour_channels, double lambda,
                      double value_range, double tolerance)
{
    if (!params || colour_channels < 1 || colour_channels > 4)
        return -1;
    if (params->energy != FG_ENERGY_TIKHONOV && params->energy != FG_ENERGY_TV)
        return -1;
    if (params->colour != FG_COLOUR_PER_CHANNEL && params->colour != FG_COLOUR_COUPLED)
        return -1;
    if (!(value_range >= 0.0) || !isfinite(value_range) || !(tolerance > 0.0) || !isfinite(tolerance))
        return -1;
    double lipschitz = fg_denoise_lipschitz(params->energy, lambda, params->epsilon);
    if (!isfinite(lipschitz))
        return -1;

    if (params->colour_space == FG_COLOUR_SPACE_LUMA_CHROMA && colour_channels == 3)
        return fg_denoise_luma_chroma_margin(params, lambda, value_range, tolerance);
    if (lambda == 0.0)
        return 0;           /* u = f: no pixel depends on another */

    double rho = residual_bound(params->energy, params->colour, colour_channels, lambda, value_range);
    if (rho == 0.0)
        return 0;           /* Tikhonov on a constant image: nothing crosses the cut */
    double root = sqrt(lipschitz);
    double q = (root - 1.0) / (root + 1.0);
    if (!(q < 1.0) || !isfinite(rho))
        return MARGIN_CAP;  /* a decay too slow for doubles to resolve */
    double log_c = 2.0 * log1p(root) - log(2.0 * lipschitz);
    double log_goal = log(tolerance) - log(rho) - log_c;   /* tail(m) must not exceed this */

    /* Margin 0: a pixel of the region may lie on the ring itself, where only
     * |(H^-1)_ii| <= 1 holds; each side then has that one pixel at distance
     * 0 and two at every distance t >= 1. */
    if (rho * 4.0 * (1.0 + 2.0 * exp(log_c) * q / (1.0 - q)) <= tolerance)
        return 0;
    if (log_tail(1, q) <= log_goal)
        return 1;
    if (log_tail(MARGIN_CAP, q) > log_goal)
        return MARGIN_CAP;

    /* The tail shrinks as m grows: bisect for the smallest m that meets the goal. */
    int low = 1, high = MARGIN_CAP;
    while (high - low > 1) {
        int mid = low + (high - low) / 2;
        if (log_tail(mid, q) <= log_goal)
            high = mid;
        else
            low = mid;
    }
    return high;
}

int fg_denoise_crop_margin(const fg_denoise_params *params, int colour_channels, double lambda,
                           double value_range, double tolerance)
{
    if (!params)
        return -1;
    int margin = fg_denoise_margin(params, colour_channels, lambda, value_range, tolerance);
    if (margin < 0)
        return params->max_iterations;
    /* Tikhonov with the automatic solver may be solved directly, whatever
     * the crop's size turns out to be. */
    if (params->energy == FG_ENERGY_TIKHONOV
        && (params->solver == FG_SOLVER_DIRECT || params->solver == FG_SOLVER_AUTO))
        return margin;
    return margin < params->max_iterations ? margin : params->max_iterations;
}
