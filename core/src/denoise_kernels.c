/* denoise_kernels.c — the fused row kernels of the gradient denoiser
 * (denoise_kernels.h): TV and Tikhonov, SSE2 with an exact scalar mirror,
 * specialised per channel count, AVX variants, and the energy from their
 * sums. */
#include <math.h>
#include <string.h>

#include "denoise_kernels.h"
#include "simd.h"

/* ---- The fused row kernel ---------------------------------------------------
 * One pass over a row does, for every pixel, everything of an iteration:
 * differences, dual field, divergence, descent step and the energy sums, all
 * in registers.  SSE2 code handles groups of four pixels and an exact scalar
 * mirror the rest (and everything without SSE2): both do the same IEEE
 * operations in the same order -- sqrt and division are correctly rounded --
 * so they give the same floats.  (Written out because compilers do not
 * vectorise errno-setting sqrtf.)
 *
 * Sums: pixel k goes to lane k % 4; within a segment of SEGMENT pixels a lane
 * sums in float (channels in order), then the segment's float sums are added
 * to double lanes.  A fixed order, so reproducible; the float part keeps the
 * inner loop short, the double part keeps the total accurate. */

#define SEGMENT 64

FG_ALWAYS_INLINE void flush_segment(double lanes[SUMS][4], float partial[SUMS][4])
{
    for (int i = 0; i < SUMS; i++)
        for (int l = 0; l < 4; l++) {
            lanes[i][l] += (double)partial[i][l];
            partial[i][l] = 0.0f;
        }
}

FG_ALWAYS_INLINE void row_kernel(const kernel_constants *kc, const row_io *io, double lanes[SUMS][4],
                                 const int channels, const int model, const int mode)
{
    const int width = kc->width, has_next = io->next[0] != NULL;
    const float eps2 = kc->eps2, lambda = kc->lambda, tau = kc->tau;
    const float *cur[4], *next[4], *f[4], *xk[4];
    float *out[4], *py_prev[4];
    for (int c = 0; c < channels; c++) {
        cur[c] = io->cur[c];
        next[c] = io->next[c];
        f[c] = io->f[c];
        xk[c] = io->x[c];
        out[c] = io->out[c];
        py_prev[c] = io->py_prev + (size_t)c * (size_t)width;
    }
    float partial[SUMS][4] = { { 0.0f } };
    float carry[4] = { 0.0f, 0.0f, 0.0f, 0.0f };    /* px of the pixel to the left */
    int k = 0;
#ifdef FG_SSE2
    {
        const __m128 v_eps2 = _mm_set1_ps(eps2), v_lambda = _mm_set1_ps(lambda);
        const __m128 v_tau = _mm_set1_ps(tau), v_one = _mm_set1_ps(1.0f), zero = _mm_setzero_ps();
        const __m128 v_eps = _mm_set1_ps(kc->eps), v_half_lambda = _mm_set1_ps(kc->half_lambda);
        __m128d low[SUMS], high[SUMS];
        __m128 acc[SUMS], v_carry[4];
        for (int i = 0; i < SUMS; i++) {
            low[i] = _mm_loadu_pd(lanes[i]);
            high[i] = _mm_loadu_pd(lanes[i] + 2);
            acc[i] = zero;
        }
        for (int c = 0; c < channels; c++)
            v_carry[c] = zero;
        for (; k + 4 < width; k += 4) {      /* all four pixels have a right neighbour */
            __m128 y[4], gx[4], gy[4], w[4];
            for (int c = 0; c < channels; c++) {
                y[c] = _mm_loadu_ps(cur[c] + k);
                gx[c] = _mm_sub_ps(_mm_loadu_ps(cur[c] + k + 1), y[c]);
                gy[c] = has_next ? _mm_sub_ps(_mm_loadu_ps(next[c] + k), y[c]) : zero;
            }
            if (model == MODEL_TIKHONOV) {
                for (int c = 0; c < channels; c++) {
                    w[c] = v_one;
                    if (mode != MODE_PY)
                        acc[SUM_REGULARISER] = _mm_add_ps(acc[SUM_REGULARISER],
                            _mm_add_ps(_mm_mul_ps(gx[c], gx[c]), _mm_mul_ps(gy[c], gy[c])));
                }
            } else if (model == MODEL_TV_COUPLED) {
                __m128 q = v_eps2;
                for (int c = 0; c < channels; c++)
                    q = _mm_add_ps(q, _mm_add_ps(_mm_mul_ps(gx[c], gx[c]), _mm_mul_ps(gy[c], gy[c])));
                __m128 root = _mm_sqrt_ps(q);
                acc[SUM_REGULARISER] = _mm_add_ps(acc[SUM_REGULARISER], root);
                __m128 weight = mode == MODE_ENERGY ? v_one : _mm_div_ps(v_one, root);
                for (int c = 0; c < channels; c++)
                    w[c] = weight;
                if (mode == MODE_STEP || mode == MODE_STEP_RESTART)
                    acc[SUM_DUAL_Q] = _mm_add_ps(acc[SUM_DUAL_Q], _mm_mul_ps(v_eps, weight));
            } else {
                for (int c = 0; c < channels; c++) {
                    __m128 root = _mm_sqrt_ps(_mm_add_ps(v_eps2, _mm_add_ps(_mm_mul_ps(gx[c], gx[c]),
                                                                             _mm_mul_ps(gy[c], gy[c]))));
                    acc[SUM_REGULARISER] = _mm_add_ps(acc[SUM_REGULARISER], root);
                    w[c] = mode == MODE_ENERGY ? v_one : _mm_div_ps(v_one, root);
                    if (mode == MODE_STEP || mode == MODE_STEP_RESTART)
                        acc[SUM_DUAL_Q] = _mm_add_ps(acc[SUM_DUAL_Q], _mm_mul_ps(v_eps, w[c]));
                }
            }
            for (int c = 0; c < channels; c++) {
                if (mode == MODE_ENERGY) {
                    __m128 d = _mm_sub_ps(y[c], _mm_loadu_ps(f[c] + k));
                    acc[SUM_FIDELITY] = _mm_add_ps(acc[SUM_FIDELITY], _mm_mul_ps(d, d));
                    continue;
                }
                __m128 px = model == MODEL_TIKHONOV ? gx[c] : _mm_mul_ps(gx[c], w[c]);
                __m128 py = model == MODEL_TIKHONOV ? gy[c] : _mm_mul_ps(gy[c], w[c]);
                if (mode == MODE_PY) {
                    _mm_storeu_ps(py_prev[c] + k, py);
                    continue;
                }
                /* px of the pixels to the left: (carry[3], px[0], px[1], px[2]) */
                __m128 t = _mm_shuffle_ps(v_carry[c], px, _MM_SHUFFLE(0, 0, 3, 3));
                __m128 px_left = _mm_shuffle_ps(t, px, _MM_SHUFFLE(2, 1, 2, 0));
                v_carry[c] = px;
                __m128 div = _mm_add_ps(_mm_sub_ps(px, px_left), _mm_sub_ps(py, _mm_loadu_ps(py_prev[c] + k)));
                _mm_storeu_ps(py_prev[c] + k, py);
                __m128 fv = _mm_loadu_ps(f[c] + k);
                __m128 d = _mm_sub_ps(y[c], fv);
                __m128 o = _mm_sub_ps(y[c], _mm_mul_ps(v_tau, _mm_sub_ps(d, _mm_mul_ps(v_lambda, div))));
                _mm_storeu_ps(out[c] + k, o);
                acc[SUM_FIDELITY] = _mm_add_ps(acc[SUM_FIDELITY], _mm_mul_ps(d, d));
                acc[SUM_DUAL_DIV] = _mm_add_ps(acc[SUM_DUAL_DIV],
                    _mm_mul_ps(div, _mm_add_ps(fv, _mm_mul_ps(v_half_lambda, div))));
                if (mode == MODE_STEP_RESTART)
                    acc[SUM_RESTART] = _mm_add_ps(acc[SUM_RESTART],
                        _mm_mul_ps(_mm_sub_ps(y[c], o), _mm_sub_ps(o, _mm_loadu_ps(xk[c] + k))));
            }
            if (((k + 4) & (SEGMENT - 1)) == 0 && mode != MODE_PY)
                for (int i = 0; i < SUMS; i++) {
                    low[i] = _mm_add_pd(low[i], _mm_cvtps_pd(acc[i]));
                    high[i] = _mm_add_pd(high[i], _mm_cvtps_pd(_mm_movehl_ps(acc[i], acc[i])));
                    acc[i] = zero;
                }
        }
        /* Hand the open segment and the carries over to the scalar code. */
        for (int i = 0; i < SUMS; i++) {
            _mm_storeu_pd(lanes[i], low[i]);
            _mm_storeu_pd(lanes[i] + 2, high[i]);
            _mm_storeu_ps(partial[i], acc[i]);
        }
        for (int c = 0; c < channels; c++) {
            float v[4];
            _mm_storeu_ps(v, v_carry[c]);
            carry[c] = v[3];
        }
    }
#endif
    for (; k < width; k++) {
        const int lane = k & 3;
        float y[4], gx[4], gy[4], w[4];
        for (int c = 0; c < channels; c++) {
            y[c] = cur[c][k];
            gx[c] = k + 1 < width ? cur[c][k + 1] - y[c] : 0.0f;
            gy[c] = has_next ? next[c][k] - y[c] : 0.0f;
        }
        if (model == MODEL_TIKHONOV) {
            for (int c = 0; c < channels; c++) {
                w[c] = 1.0f;
                if (mode != MODE_PY)
                    partial[SUM_REGULARISER][lane] += gx[c] * gx[c] + gy[c] * gy[c];
            }
        } else if (model == MODEL_TV_COUPLED) {
            float q = eps2;
            for (int c = 0; c < channels; c++)
                q = q + (gx[c] * gx[c] + gy[c] * gy[c]);
            float root = sqrtf(q);
            partial[SUM_REGULARISER][lane] += root;
            float weight = mode == MODE_ENERGY ? 1.0f : 1.0f / root;
            for (int c = 0; c < channels; c++)
                w[c] = weight;
            if (mode == MODE_STEP || mode == MODE_STEP_RESTART)
                partial[SUM_DUAL_Q][lane] += kc->eps * weight;
        } else {
            for (int c = 0; c < channels; c++) {
                float root = sqrtf(eps2 + (gx[c] * gx[c] + gy[c] * gy[c]));
                partial[SUM_REGULARISER][lane] += root;
                w[c] = mode == MODE_ENERGY ? 1.0f : 1.0f / root;
                if (mode == MODE_STEP || mode == MODE_STEP_RESTART)
                    partial[SUM_DUAL_Q][lane] += kc->eps * w[c];
            }
        }
        for (int c = 0; c < channels; c++) {
            if (mode == MODE_ENERGY) {
                float d = y[c] - f[c][k];
                partial[SUM_FIDELITY][lane] += d * d;
                continue;
            }
            float px = model == MODEL_TIKHONOV ? gx[c] : gx[c] * w[c];
            float py = model == MODEL_TIKHONOV ? gy[c] : gy[c] * w[c];
            if (mode == MODE_PY) {
                py_prev[c][k] = py;
                continue;
            }
            float div = (px - carry[c]) + (py - py_prev[c][k]);
            carry[c] = px;
            py_prev[c][k] = py;
            float fk = f[c][k];
            float d = y[c] - fk;
            float o = y[c] - tau * (d - lambda * div);
            out[c][k] = o;
            partial[SUM_FIDELITY][lane] += d * d;
            partial[SUM_DUAL_DIV][lane] += div * (fk + kc->half_lambda * div);
            if (mode == MODE_STEP_RESTART)
                partial[SUM_RESTART][lane] += (y[c] - o) * (o - xk[c][k]);
        }
        if (((k + 1) & (SEGMENT - 1)) == 0)
            flush_segment(lanes, partial);
    }
    flush_segment(lanes, partial);
}

#define ROW_KERNEL(name, channels, model, mode) \
    static void name(const kernel_constants *kc, const row_io *io, double lanes[SUMS][4]) \
    { row_kernel(kc, io, lanes, channels, model, mode); }

/* Generic kernels read the channel count and the model at run time. */
#define GENERIC_KERNEL(name, mode) \
    static void name(const kernel_constants *kc, const row_io *io, double lanes[SUMS][4]) \
    { row_kernel(kc, io, lanes, kc->channels, kc->model, mode); }

/* Descent steps on grey and RGB(A) -- what GIMP drawables have -- get
 * kernels specialised for their channel count; everything else (2 or 4
 * colour channels, energy-only passes, the row above a block) uses the
 * generic ones. */
#define KERNEL_FAMILY(ROW, GENERIC, suffix) \
    ROW(tikhonov_1_step##suffix, 1, MODEL_TIKHONOV, MODE_STEP) \
    ROW(tikhonov_1_restart##suffix, 1, MODEL_TIKHONOV, MODE_STEP_RESTART) \
    ROW(tv_1_step##suffix, 1, MODEL_TV_SEPARATE, MODE_STEP) \
    ROW(tv_1_restart##suffix, 1, MODEL_TV_SEPARATE, MODE_STEP_RESTART) \
    ROW(tikhonov_3_step##suffix, 3, MODEL_TIKHONOV, MODE_STEP) \
    ROW(tikhonov_3_restart##suffix, 3, MODEL_TIKHONOV, MODE_STEP_RESTART) \
    ROW(coupled_3_step##suffix, 3, MODEL_TV_COUPLED, MODE_STEP) \
    ROW(coupled_3_restart##suffix, 3, MODEL_TV_COUPLED, MODE_STEP_RESTART) \
    ROW(separate_3_step##suffix, 3, MODEL_TV_SEPARATE, MODE_STEP) \
    ROW(separate_3_restart##suffix, 3, MODEL_TV_SEPARATE, MODE_STEP_RESTART) \
    GENERIC(generic_energy##suffix, MODE_ENERGY) \
    GENERIC(generic_py##suffix, MODE_PY) \
    GENERIC(generic_step##suffix, MODE_STEP) \
    GENERIC(generic_restart##suffix, MODE_STEP_RESTART)

KERNEL_FAMILY(ROW_KERNEL, GENERIC_KERNEL, )

/* Where the compiler targets plain x86-64 but the CPU has AVX, the same
 * kernels compiled for AVX run faster: the three-operand VEX encoding saves
 * the many register copies of SSE2.  Same instructions otherwise, so the
 * same results. */
#if defined(FG_SSE2) && !defined(FG_NO_AVX_VARIANT) && defined(__GNUC__) \
    && (defined(__x86_64__) || defined(__i386__)) \
    && !defined(__AVX__)
#define FG_AVX_VARIANT 1
#define ROW_KERNEL_AVX(name, channels, model, mode) \
    __attribute__((target("avx"))) ROW_KERNEL(name, channels, model, mode)
#define GENERIC_KERNEL_AVX(name, mode) __attribute__((target("avx"))) GENERIC_KERNEL(name, mode)
KERNEL_FAMILY(ROW_KERNEL_AVX, GENERIC_KERNEL_AVX, _avx)
#endif

typedef struct kernel_set {
    row_kernel_fn mode[4];      /* by MODE_* */
} kernel_set;

#define KERNEL_SET(prefix, suffix) \
    { { generic_energy##suffix, generic_py##suffix, prefix##_step##suffix, prefix##_restart##suffix } }
#define KERNEL_SETS(suffix) \
    { KERNEL_SET(tikhonov_1, suffix), KERNEL_SET(tv_1, suffix), KERNEL_SET(tikhonov_3, suffix), \
      KERNEL_SET(coupled_3, suffix), KERNEL_SET(separate_3, suffix), KERNEL_SET(generic, suffix) }

#ifdef FG_AVX_VARIANT
static int use_avx(void)
{
    return __builtin_cpu_supports("avx");
}
#endif

static kernel_set pick_kernels(int tv, int coupled, int channels)
{
    enum { TIKHONOV_1, TV_1, TIKHONOV_3, COUPLED_3, SEPARATE_3, GENERIC };
    static const kernel_set plain[6] = KERNEL_SETS();
    const kernel_set *sets = plain;
#ifdef FG_AVX_VARIANT
    static const kernel_set avx[6] = KERNEL_SETS(_avx);
    if (use_avx())
        sets = avx;
#endif
    /* For Tikhonov, and for one channel, coupling changes nothing. */
    if (channels == 1)
        return sets[tv ? TV_1 : TIKHONOV_1];
    if (channels == 3)
        return sets[!tv ? TIKHONOV_3 : coupled ? COUPLED_3 : SEPARATE_3];
    return sets[GENERIC];
}

/* y = x + beta (x - x_prev) over n floats. */
#define EXTRAPOLATE_BODY \
    { for (size_t k = 0; k < n; k++) y[k] = x[k] + beta * (x[k] - x_prev[k]); }
static void extrapolate(float *restrict y, const float *restrict x, const float *restrict x_prev,
                        float beta, size_t n)
EXTRAPOLATE_BODY
#ifdef FG_AVX_VARIANT
__attribute__((target("avx")))
static void extrapolate_avx(float *restrict y, const float *restrict x, const float *restrict x_prev,
                            float beta, size_t n)
EXTRAPOLATE_BODY
#endif

/* ---- A solve's kernels ------------------------------------------------------- */

void fg_denoise_kernels_init(denoise_kernels *k, int tv, int coupled, int channels, int width, double epsilon,
                             double lambda, double tau)
{
    memset(k, 0, sizeof *k);
    k->tv = tv;
    kernel_set set = pick_kernels(tv, coupled, channels);
    memcpy(k->mode, set.mode, sizeof k->mode);
    k->extrapolate = extrapolate;
#ifdef FG_AVX_VARIANT
    if (use_avx())
        k->extrapolate = extrapolate_avx;
#endif
    k->constants.width = width;
    k->constants.eps2 = (float)(epsilon * epsilon);
    k->constants.lambda = (float)lambda;
    k->constants.tau = (float)tau;
    k->constants.eps = (float)epsilon;
    k->constants.half_lambda = (float)(0.5 * lambda);
    k->constants.channels = channels;
    k->constants.model = !tv ? MODEL_TIKHONOV : coupled && channels > 1 ? MODEL_TV_COUPLED : MODEL_TV_SEPARATE;
}

double fg_denoise_kernels_energy(const denoise_kernels *k, const double sums[SUMS])
{
    /* The kernels sum |grad u|^2 for Tikhonov, whose R has a factor 1/2. */
    double regulariser = k->tv ? sums[SUM_REGULARISER] : 0.5 * sums[SUM_REGULARISER];
    return 0.5 * sums[SUM_FIDELITY] + (double)k->constants.lambda * regulariser;
}

double fg_denoise_kernels_dual(const denoise_kernels *k, const double sums[SUMS], int primal_dual)
{
    /* D(q) = -lambda sum div q (f + lambda/2 div q) + lambda eps sum sqrt(1 - |q|^2)   (TV)
     *      = -lambda sum div q (f + lambda/2 div q) - lambda/2 sum |q|^2           (Tikhonov) */
    double lambda = (double)k->constants.lambda;
    double d = -lambda * sums[SUM_DUAL_DIV];
    if (k->tv)
        return d + lambda * (double)k->constants.eps * sums[SUM_DUAL_Q];
    return d - 0.5 * lambda * (primal_dual ? sums[SUM_DUAL_Q] : sums[SUM_REGULARISER]);
}

/* ---- The primal-dual row kernel (denoise_kernels.h) ----------------------------
 * Scalar code; the energy of u_n uses the very operations, in the same order
 * and with the same lanes and segments, as the descent kernels' energy pass,
 * so E(u_n) here is bit for bit fg_denoise_energy's. */
FG_ALWAYS_INLINE void pd_row(const kernel_constants *kc, const pd_constants *pc, const pd_row_io *io,
                             double lanes[SUMS][4], const int channels, const int model)
{
    const int width = kc->width, has_next = io->u_next[0] != NULL;
    const float eps2 = kc->eps2, half_lambda = kc->half_lambda;
    const float sl = pc->sigma_lambda, sle = pc->sigma_lambda_eps, tau = pc->tau;
    const float tau_lambda = pc->tau_lambda, inv_one_tau = pc->inv_one_tau, shrink = pc->tikhonov_shrink;
    float *py_prev[4];
    for (int c = 0; c < channels; c++)
        py_prev[c] = io->py_prev + (size_t)c * (size_t)width;
    float partial[SUMS][4] = { { 0.0f } };
    float carry[4] = { 0.0f, 0.0f, 0.0f, 0.0f };
    for (int k = 0; k < width; k++) {
        const int lane = k & 3;
        const int right = k + 1 < width;
        float y[4], gx[4], gy[4], qx[4], qy[4];
        /* E(u_n): the descent kernels' energy pass, operation for operation. */
        for (int c = 0; c < channels; c++) {
            y[c] = io->u_cur[c][k];
            gx[c] = right ? io->u_cur[c][k + 1] - y[c] : 0.0f;
            gy[c] = has_next ? io->u_next[c][k] - y[c] : 0.0f;
        }
        if (model == MODEL_TIKHONOV) {
            for (int c = 0; c < channels; c++)
                partial[SUM_REGULARISER][lane] += gx[c] * gx[c] + gy[c] * gy[c];
        } else if (model == MODEL_TV_COUPLED) {
            float q = eps2;
            for (int c = 0; c < channels; c++)
                q = q + (gx[c] * gx[c] + gy[c] * gy[c]);
            partial[SUM_REGULARISER][lane] += sqrtf(q);
        } else {
            for (int c = 0; c < channels; c++)
                partial[SUM_REGULARISER][lane] += sqrtf(eps2 + (gx[c] * gx[c] + gy[c] * gy[c]));
        }
        for (int c = 0; c < channels; c++) {
            float d = y[c] - io->f[c][k];
            partial[SUM_FIDELITY][lane] += d * d;
        }
        /* The dual ascent step at grad ubar_n, then the projection. */
        for (int c = 0; c < channels; c++) {
            float b = io->b_cur[c][k];
            float bx = right ? io->b_cur[c][k + 1] - b : 0.0f;
            float by = has_next ? io->b_next[c][k] - b : 0.0f;
            qx[c] = io->qx[c][k] + sl * bx;
            qy[c] = io->qy[c][k] + sl * by;
        }
        if (model == MODEL_TIKHONOV) {
            for (int c = 0; c < channels; c++) {
                qx[c] *= shrink;
                qy[c] *= shrink;
                partial[SUM_DUAL_Q][lane] += qx[c] * qx[c] + qy[c] * qy[c];
            }
        } else if (model == MODEL_TV_COUPLED) {
            float z0 = io->q0[0][k] + sle;
            float n2 = z0 * z0;
            for (int c = 0; c < channels; c++)
                n2 = n2 + (qx[c] * qx[c] + qy[c] * qy[c]);
            float s = n2 > 1.0f ? 1.0f / sqrtf(n2) : 1.0f;
            for (int c = 0; c < channels; c++) {
                qx[c] *= s;
                qy[c] *= s;
            }
            z0 *= s;
            io->q0[0][k] = z0;
            partial[SUM_DUAL_Q][lane] += z0;
        } else {
            for (int c = 0; c < channels; c++) {
                float z0 = io->q0[c][k] + sle;
                float n2 = z0 * z0 + (qx[c] * qx[c] + qy[c] * qy[c]);
                float s = n2 > 1.0f ? 1.0f / sqrtf(n2) : 1.0f;
                qx[c] *= s;
                qy[c] *= s;
                z0 *= s;
                io->q0[c][k] = z0;
                partial[SUM_DUAL_Q][lane] += z0;
            }
        }
        /* The primal step: the proximal map of the fidelity at u_n + tau lambda div q_{n+1}. */
        for (int c = 0; c < channels; c++) {
            io->qx[c][k] = qx[c];
            io->qy[c][k] = qy[c];
            float div = (qx[c] - carry[c]) + (qy[c] - py_prev[c][k]);
            carry[c] = qx[c];
            py_prev[c][k] = qy[c];
            float fk = io->f[c][k];
            io->out[c][k] = (y[c] + (tau_lambda * div + tau * fk)) * inv_one_tau;
            partial[SUM_DUAL_DIV][lane] += div * (fk + half_lambda * div);
        }
        if (((k + 1) & (SEGMENT - 1)) == 0)
            flush_segment(lanes, partial);
    }
    flush_segment(lanes, partial);
}

#define PD_KERNEL(name, channels, model) \
    static void name(const kernel_constants *kc, const pd_constants *pc, const pd_row_io *io, \
                     double lanes[SUMS][4]) \
    { pd_row(kc, pc, io, lanes, channels, model); }

PD_KERNEL(pd_tikhonov_1, 1, MODEL_TIKHONOV)
PD_KERNEL(pd_tv_1, 1, MODEL_TV_SEPARATE)
PD_KERNEL(pd_tikhonov_3, 3, MODEL_TIKHONOV)
PD_KERNEL(pd_coupled_3, 3, MODEL_TV_COUPLED)
PD_KERNEL(pd_separate_3, 3, MODEL_TV_SEPARATE)

static void pd_generic(const kernel_constants *kc, const pd_constants *pc, const pd_row_io *io,
                       double lanes[SUMS][4])
{
    pd_row(kc, pc, io, lanes, kc->channels, kc->model);
}

void fg_denoise_pd_row(const denoise_kernels *k, const pd_constants *pc, const pd_row_io *io,
                       double lanes[SUMS][4])
{
    const kernel_constants *kc = &k->constants;
    if (kc->channels == 1)
        (kc->model == MODEL_TIKHONOV ? pd_tikhonov_1 : pd_tv_1)(kc, pc, io, lanes);
    else if (kc->channels == 3)
        (kc->model == MODEL_TIKHONOV ? pd_tikhonov_3
         : kc->model == MODEL_TV_COUPLED ? pd_coupled_3 : pd_separate_3)(kc, pc, io, lanes);
    else
        pd_generic(kc, pc, io, lanes);
}
