/* denoise_stabilise.c — Gradient Denoise for noise that grows with
 * brightness (fg_denoise_params.noise = FG_NOISE_SIGNAL_DEPENDENT, see
 * fg/gradient_denoise.h): the model variance a x + b is estimated
 * (fg_noise_model_estimate), the colour is mapped through the generalized
 * Anscombe transform, which makes that noise about uniform, denoised there
 * as usual, and mapped back.
 *
 * Transform, for a > 0:  T(x) = s (2 / a) sqrt(a x + 3/8 a^2 + b)  with the
 * scale s = sigma(xm), the model's sigma at the mean brightness xm of the
 * colour, so that T'(xm) = 1 (T is close to x around xm and the noise in T
 * has about the standard deviation s everywhere: the usual strength and
 * epsilon keep their meaning).  Below x0 = max(0, the x where the square
 * root's argument is 0.01 a) T continues as its tangent at x0, so that it
 * stays invertible for any value (noise takes dark pixels below 0); the
 * inverse is the algebraic one, x = ((T a / 2 s)^2 - 3/8 a^2 - b) / a, and
 * the tangent's below T(x0).
 * With a <= 0.05 |b| (the variance changes by less than 5% over 0..1) or
 * nothing measured, the plain denoiser runs unchanged. */
#include <math.h>
#include <string.h>

#include "denoise_params.h"
#include "fg/noise_estimate.h"

/* a below this times |b|: the variance changes by less than that fraction
 * over 0..1, and the plain solve runs (T would be a huge near-constant). */
#define FLAT_MODEL 0.05

typedef struct stabiliser {
    double a, b, scale;
    double x0, t0, slope;       /* below x0, T continues as its tangent there */
} stabiliser;

static double root_part(const stabiliser *st, double x)
{
    return st->scale * (2.0 / st->a) * sqrt(st->a * x + 0.375 * st->a * st->a + st->b);
}

static void stabiliser_init(stabiliser *st, double a, double b, double scale)
{
    st->a = a;
    st->b = b;
    st->scale = scale;
    /* the square root's argument at least 0.01 a, and x0 >= 0 */
    st->x0 = fmax(0.0, (0.01 * a - 0.375 * a * a - b) / a);
    st->t0 = root_part(st, st->x0);
    st->slope = scale / sqrt(a * st->x0 + 0.375 * a * a + b);
}

static double forward(const stabiliser *st, double x)
{
    return x >= st->x0 ? root_part(st, x) : st->t0 + st->slope * (x - st->x0);
}

static double inverse(const stabiliser *st, double t)
{
    if (t < st->t0)
        return st->x0 + (t - st->t0) / st->slope;
    double r = t * st->a / (2.0 * st->scale);
    return (r * r - 0.375 * st->a * st->a - st->b) / st->a;
}

int fg_denoise_stabilised_floats(int channels)
{
    return channels;            /* T of the colour, alpha as it is */
}

fg_status fg_denoise_stabilised(const fg_image *in, const fg_image *out, const fg_denoise_params *params,
                                fg_denoise_report *report, fg_error *error)
{
    fg_denoise_params plain = *params;
    plain.noise = FG_NOISE_UNIFORM;
    fg_noise_model model;
    fg_status status = fg_noise_model_estimate(in, params->threads, &model, error);
    if (status != FG_OK)
        return status;
    int colour = fg_colour_channels(in);
    /* the mean colour over the image (alpha ignored): where T'(x) = 1 */
    double sum = 0.0;
    for (int y = 0; y < in->height; y++)
        for (int x = 0; x < in->width; x++)
            for (int c = 0; c < colour; c++)
                sum += fg_pixel(in, x, y)[c];
    double mean = sum / ((double)in->width * in->height * colour);
    double scale = fg_noise_model_sigma(&model, mean);
    if (model.bins < 2 || !(model.a > FLAT_MODEL * fabs(model.b)) || !(scale > 0.0))
        return fg_gradient_denoise(in, out, &plain, report, error);
    stabiliser st;
    stabiliser_init(&st, model.a, model.b, scale);

    size_t n = fg_mul_size3((size_t)in->width, (size_t)in->height,
                            (size_t)fg_denoise_stabilised_floats(in->channels));
    float *work = n ? fg_alloc_array(n, sizeof(float)) : NULL;
    if (!work)
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for the stabilised copy");
    fg_image t = fg_image_make(work, in->width, in->height, in->channels, in->has_alpha);
    for (int y = 0; y < in->height; y++)
        for (int x = 0; x < in->width; x++) {
            const float *p = fg_pixel(in, x, y);
            float *q = fg_pixel(&t, x, y);
            for (int c = 0; c < in->channels; c++)
                q[c] = c < colour ? (float)forward(&st, p[c]) : p[c];
        }
    status = fg_gradient_denoise(&t, &t, &plain, report, error);
    if (status == FG_OK)
        for (int y = 0; y < in->height; y++)
            for (int x = 0; x < in->width; x++) {
                const float *q = fg_pixel(&t, x, y);
                float *o = fg_pixel(out, x, y);
                for (int c = 0; c < in->channels; c++)
                    o[c] = c < colour ? (float)inverse(&st, q[c]) : q[c];
            }
    fg_free(work);
    return status;
}
