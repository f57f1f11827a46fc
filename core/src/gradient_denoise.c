/* gradient_denoise.c — variational denoising by (accelerated) gradient descent,
 * the energy it minimises, and the gradient map.  The model is documented in
 * fg/gradient_denoise.h.
 *
 * Layout.  The iterate is kept planar (one plane per colour channel,
 * premultiplied by alpha), so that four neighbouring pixels of a channel fill
 * one SIMD register and the coupled colour norm is lane-wise arithmetic.
 * f is not copied: each sweep reads it from the input view, one row at a
 * time, into per-thread scratch.  An accelerated solve keeps x_k and x_{k-1}
 * and writes x_{k+1} into a third buffer (3 image copies); plain descent
 * needs two.
 *
 * One sweep does a whole iteration in a single pass over memory, row by row
 * with rolling rows in per-thread scratch (see the row kernel below):
 *     y       = x_k + beta_k (x_k - x_{k-1})          (on the fly; y = x_k when beta_k = 0)
 *     p       = grad y / sqrt(|grad y|^2 + eps^2)     (TV; p = grad y for Tikhonov)
 *     x_{k+1} = y - tau ((y - f) - lambda div p)
 * and, from the same quantities, E(y) and the restart measure
 * <y - x_{k+1}, x_{k+1} - x_k>.  The energy is thus that of the point the
 * gradient is taken at, y_k; the solver returns that y_k, so the reported
 * energy is exactly the output's (for plain descent y_k is x_k).
 *
 * Work is split into row blocks that depend only on the image geometry; each
 * block writes its own rows and its own partial sums, which are added in
 * block order, so results do not depend on the thread count. */
#include <float.h>
#include <math.h>
#include <string.h>

/* FG_NO_SIMD builds the portable scalar code only (it gives the same floats). */
#if !defined(FG_NO_SIMD) \
    && (defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2))
#define FG_SSE2 1
#include <emmintrin.h>
#endif

#include "fg/gradient_denoise.h"
#include "internal.h"
#include "pool.h"

/* Rows per block: about this many floats, but at least this many rows, so the
 * one extra row a block recomputes at its top stays a small overhead. */
#define BLOCK_FLOATS 32768
#define BLOCK_MIN_ROWS 16

/* ---- Parameters ----------------------------------------------------------- */

void fg_denoise_params_init(fg_denoise_params *params)
{
    if (!params)
        return;
    params->energy = FG_ENERGY_TV;
    params->auto_strength = 1;
    params->lambda = FG_DENOISE_DEFAULT_LAMBDA;
    params->epsilon = FG_DENOISE_DEFAULT_EPSILON;
    params->colour = FG_COLOUR_COUPLED;
    params->solver = FG_SOLVER_ACCELERATED;
    params->max_iterations = FG_DENOISE_DEFAULT_MAX_ITERATIONS;
    params->tolerance = FG_DENOISE_DEFAULT_TOLERANCE;
    params->step = 0.0;
    params->threads = 0;
    params->on_iteration = NULL;
    params->user_data = NULL;
}

double fg_denoise_lipschitz(fg_energy energy, double lambda, double epsilon)
{
    if (!(lambda >= 0.0) || !isfinite(lambda))
        return NAN;
    if (energy == FG_ENERGY_TIKHONOV)
        return 1.0 + 8.0 * lambda;
    if (energy == FG_ENERGY_TV && epsilon > 0.0 && isfinite(epsilon))
        return 1.0 + 8.0 * lambda / epsilon;
    return NAN;
}

double fg_denoise_max_step(fg_energy energy, fg_solver solver, double lambda, double epsilon)
{
    double lipschitz = fg_denoise_lipschitz(energy, lambda, epsilon);
    if (solver == FG_SOLVER_ACCELERATED)
        return 1.0 / lipschitz;
    if (solver == FG_SOLVER_PLAIN)
        return 2.0 / lipschitz;
    return NAN;
}

/* Checks what fg_denoise_energy needs: the model (energy, colour, epsilon). */
static fg_status check_model(const fg_denoise_params *params, fg_error *error)
{
    if (params->energy != FG_ENERGY_TIKHONOV && params->energy != FG_ENERGY_TV)
        return fg_fail(error, FG_ERR_PARAM, "unknown energy model %d", (int)params->energy);
    if (params->colour != FG_COLOUR_PER_CHANNEL && params->colour != FG_COLOUR_COUPLED)
        return fg_fail(error, FG_ERR_PARAM, "unknown colour mode %d", (int)params->colour);
    if (!(params->epsilon >= FG_DENOISE_MIN_EPSILON && params->epsilon <= FG_DENOISE_MAX_EPSILON))
        return fg_fail(error, FG_ERR_PARAM, "epsilon %g: must be between %g and %g",
                       params->epsilon, FG_DENOISE_MIN_EPSILON, FG_DENOISE_MAX_EPSILON);
    return fg_succeed(error);
}

static fg_status check_lambda(double lambda, fg_error *error)
{
    if (!(lambda >= 0.0 && lambda <= FG_DENOISE_MAX_LAMBDA))
        return fg_fail(error, FG_ERR_PARAM, "lambda %g: must be between 0 and %g",
                       lambda, FG_DENOISE_MAX_LAMBDA);
    return fg_succeed(error);
}

static fg_status check_params(const fg_denoise_params *params, fg_error *error)
{
    fg_status status = check_model(params, error);
    if (status != FG_OK)
        return status;
    if (params->solver != FG_SOLVER_ACCELERATED && params->solver != FG_SOLVER_PLAIN)
        return fg_fail(error, FG_ERR_PARAM, "unknown solver %d", (int)params->solver);
    if (!params->auto_strength && (status = check_lambda(params->lambda, error)) != FG_OK)
        return status;
    if (params->max_iterations < 1 || params->max_iterations > FG_DENOISE_MAX_ITERATIONS_LIMIT)
        return fg_fail(error, FG_ERR_PARAM, "max_iterations %d: must be 1 to %d",
                       params->max_iterations, FG_DENOISE_MAX_ITERATIONS_LIMIT);
    if (!(params->tolerance >= 0.0) || !isfinite(params->tolerance))
        return fg_fail(error, FG_ERR_PARAM, "tolerance %g: must be finite and >= 0", params->tolerance);
    if (!(params->step >= 0.0) || !isfinite(params->step))
        return fg_fail(error, FG_ERR_PARAM, "step %g: must be finite and >= 0 (0 = automatic)",
                       params->step);
    if ((status = fg_threads_check(params->threads, NULL, error)) != FG_OK)
        return status;
    return fg_succeed(error);
}

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

#if defined(__GNUC__)
#define FG_ALWAYS_INLINE static inline __attribute__((always_inline))
#elif defined(_MSC_VER)
#define FG_ALWAYS_INLINE static __forceinline
#else
#define FG_ALWAYS_INLINE static inline
#endif

#define SEGMENT 64

enum { MODEL_TIKHONOV, MODEL_TV_COUPLED, MODEL_TV_SEPARATE };
enum { SUM_REGULARISER, SUM_FIDELITY, SUM_RESTART, SUMS };

/* What a row pass does: only sum the energy; only store py (for the row above
 * a block); a descent step; a descent step and the restart measure. */
enum { MODE_ENERGY, MODE_PY, MODE_STEP, MODE_STEP_RESTART };

static double lanes_total(const double lanes[4])
{
    return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
}

/* One row of a sweep.  u is the point the gradient and energy are taken at
 * (y_k), f the data. */
typedef struct row_io {
    const float *cur[4];        /* u of this row, per channel */
    const float *next[4];       /* u of the row below; NULLs in the last row */
    const float *f[4];
    const float *x[4];          /* x_k, for the restart measure */
    float *out[4];              /* x_{k+1} */
    float *py_prev;             /* channels x width: py of the row above, replaced by this row's */
} row_io;

typedef struct kernel_constants {
    int width;
    float eps2, lambda, tau;
} kernel_constants;

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
            } else {
                for (int c = 0; c < channels; c++) {
                    __m128 root = _mm_sqrt_ps(_mm_add_ps(v_eps2, _mm_add_ps(_mm_mul_ps(gx[c], gx[c]),
                                                                             _mm_mul_ps(gy[c], gy[c]))));
                    acc[SUM_REGULARISER] = _mm_add_ps(acc[SUM_REGULARISER], root);
                    w[c] = mode == MODE_ENERGY ? v_one : _mm_div_ps(v_one, root);
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
                __m128 d = _mm_sub_ps(y[c], _mm_loadu_ps(f[c] + k));
                __m128 o = _mm_sub_ps(y[c], _mm_mul_ps(v_tau, _mm_sub_ps(d, _mm_mul_ps(v_lambda, div))));
                _mm_storeu_ps(out[c] + k, o);
                acc[SUM_FIDELITY] = _mm_add_ps(acc[SUM_FIDELITY], _mm_mul_ps(d, d));
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
        } else {
            for (int c = 0; c < channels; c++) {
                float root = sqrtf(eps2 + (gx[c] * gx[c] + gy[c] * gy[c]));
                partial[SUM_REGULARISER][lane] += root;
                w[c] = mode == MODE_ENERGY ? 1.0f : 1.0f / root;
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
            float d = y[c] - f[c][k];
            float o = y[c] - tau * (d - lambda * div);
            out[c][k] = o;
            partial[SUM_FIDELITY][lane] += d * d;
            if (mode == MODE_STEP_RESTART)
                partial[SUM_RESTART][lane] += (y[c] - o) * (o - xk[c][k]);
        }
        if (((k + 1) & (SEGMENT - 1)) == 0)
            flush_segment(lanes, partial);
    }
    flush_segment(lanes, partial);
}

typedef void (*row_kernel_fn)(const kernel_constants *kc, const row_io *io, double lanes[SUMS][4]);

#define ROW_KERNEL(name, channels, model, mode) \
    static void name(const kernel_constants *kc, const row_io *io, double lanes[SUMS][4]) \
    { row_kernel(kc, io, lanes, channels, model, mode); }

/* Generic kernels read the channel count and the model at run time. */
typedef struct generic_constants {
    kernel_constants kc;
    int channels, model;
} generic_constants;

#define GENERIC_KERNEL(name, mode) \
    static void name(const kernel_constants *kc, const row_io *io, double lanes[SUMS][4]) \
    { const generic_constants *g = (const generic_constants *)kc; \
      row_kernel(kc, io, lanes, g->channels, g->model, mode); }

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

#ifdef FG_SSE2
/* Four interleaved pixels -> planar, for 3 and 4 channels. */
FG_ALWAYS_INLINE void split3(__m128 a, __m128 b, __m128 c, __m128 *r, __m128 *g, __m128 *bl)
{
    /* a = r0 g0 b0 r1, b = g1 b1 r2 g2, c = b2 r3 g3 b3 */
    __m128 t_r = _mm_shuffle_ps(b, c, _MM_SHUFFLE(1, 1, 2, 2));   /* r2 r2 r3 r3 */
    *r = _mm_shuffle_ps(a, t_r, _MM_SHUFFLE(2, 0, 3, 0));          /* r0 r1 r2 r3 */
    __m128 t_g0 = _mm_shuffle_ps(a, b, _MM_SHUFFLE(0, 0, 1, 1));   /* g0 g0 g1 g1 */
    __m128 t_g1 = _mm_shuffle_ps(b, c, _MM_SHUFFLE(2, 2, 3, 3));   /* g2 g2 g3 g3 */
    *g = _mm_shuffle_ps(t_g0, t_g1, _MM_SHUFFLE(2, 0, 2, 0));      /* g0 g1 g2 g3 */
    __m128 t_b0 = _mm_shuffle_ps(a, b, _MM_SHUFFLE(1, 1, 2, 2));   /* b0 b0 b1 b1 */
    __m128 t_b1 = _mm_shuffle_ps(c, c, _MM_SHUFFLE(3, 3, 0, 0));   /* b2 b2 b3 b3 */
    *bl = _mm_shuffle_ps(t_b0, t_b1, _MM_SHUFFLE(2, 0, 2, 0));     /* b0 b1 b2 b3 */
}
#endif

/* f of one row, planar and premultiplied.  `channels` is a literal at each
 * call, so the interleaved loads form one group and vectorise. */
FG_ALWAYS_INLINE void deinterleave_fixed(float *restrict dst, const float *restrict src, int width,
                                         int channels, int alpha)
{
    size_t w = (size_t)width, stride = (size_t)(channels + alpha), x = 0;
#ifdef FG_SSE2
    if (channels == 3 && !alpha)
        for (; x + 4 <= w; x += 4) {
            __m128 r, g, b;
            split3(_mm_loadu_ps(src + 3 * x), _mm_loadu_ps(src + 3 * x + 4), _mm_loadu_ps(src + 3 * x + 8),
                   &r, &g, &b);
            _mm_storeu_ps(dst + x, r);
            _mm_storeu_ps(dst + w + x, g);
            _mm_storeu_ps(dst + 2 * w + x, b);
        }
    if (channels == 3 && alpha)
        for (; x + 4 <= w; x += 4) {
            __m128 p0 = _mm_loadu_ps(src + 4 * x), p1 = _mm_loadu_ps(src + 4 * x + 4);
            __m128 p2 = _mm_loadu_ps(src + 4 * x + 8), p3 = _mm_loadu_ps(src + 4 * x + 12);
            _MM_TRANSPOSE4_PS(p0, p1, p2, p3);      /* now p0 = r, p1 = g, p2 = b, p3 = a */
            _mm_storeu_ps(dst + x, _mm_mul_ps(p0, p3));
            _mm_storeu_ps(dst + w + x, _mm_mul_ps(p1, p3));
            _mm_storeu_ps(dst + 2 * w + x, _mm_mul_ps(p2, p3));
        }
#endif
    for (; x < w; x++) {
        const float *pixel = src + x * stride;
        float a = alpha ? pixel[channels] : 1.0f;
        for (int c = 0; c < channels; c++)
            dst[(size_t)c * w + x] = alpha ? pixel[c] * a : pixel[c];
    }
}

static void deinterleave(float *dst, const float *src, int width, int channels, int alpha)
{
    switch (channels * 2 + (alpha != 0)) {
    case 2: deinterleave_fixed(dst, src, width, 1, 0); break;
    case 3: deinterleave_fixed(dst, src, width, 1, 1); break;
    case 4: deinterleave_fixed(dst, src, width, 2, 0); break;
    case 5: deinterleave_fixed(dst, src, width, 2, 1); break;
    case 6: deinterleave_fixed(dst, src, width, 3, 0); break;
    case 7: deinterleave_fixed(dst, src, width, 3, 1); break;
    default: deinterleave_fixed(dst, src, width, 4, 0); break;
    }
}

/* y = x + beta (x - x_prev) over n floats. */
#define EXTRAPOLATE_BODY \
    { for (size_t k = 0; k < n; k++) y[k] = x[k] + beta * (x[k] - x_prev[k]); }
typedef void (*extrapolate_fn)(float *restrict y, const float *restrict x,
                               const float *restrict x_prev, float beta, size_t n);
static void extrapolate(float *restrict y, const float *restrict x, const float *restrict x_prev,
                        float beta, size_t n)
EXTRAPOLATE_BODY
#ifdef FG_AVX_VARIANT
__attribute__((target("avx")))
static void extrapolate_avx(float *restrict y, const float *restrict x, const float *restrict x_prev,
                            float beta, size_t n)
EXTRAPOLATE_BODY
#endif

/* ---- The solver state and its sweeps --------------------------------------- */

typedef struct solver {
    const fg_image *f;          /* the input: f, read in place */
    int width, height, channels;    /* channels = colour channels */
    size_t plane;               /* floats per plane (width x height) */
    int tv;
    generic_constants constants;    /* generic kernels read channels and model here */
    kernel_set kernels;
    extrapolate_fn extrapolate;
    int rows_per_block, blocks;
    size_t scratch_floats;      /* per worker */
    float *scratch;
    double *block_sums;         /* SUMS per block */
} solver;

typedef struct sweep {
    const solver *s;
    const float *x;             /* x_k */
    const float *x_prev;        /* x_{k-1}, NULL when beta == 0 */
    float *x_new;               /* receives x_{k+1}; NULL for an energy-only sweep */
    float beta;
} sweep;

/* Per-worker scratch: rolling rows of y, py of the row above, f's row. */
static size_t scratch_floats(int width, int channels)
{
    return 4 * (size_t)width * (size_t)channels;
}

/* Row j of f, planar (rows[c] is channel c). */
static void f_rows(const solver *s, float *buffer, int j, const float *rows[4])
{
    const float *src = fg_pixel(s->f, 0, j);
    if (s->channels == 1 && !s->f->has_alpha) {
        rows[0] = src;
        return;
    }
    deinterleave(buffer, src, s->width, s->channels, s->f->has_alpha);
    for (int c = 0; c < s->channels; c++)
        rows[c] = buffer + (size_t)c * (size_t)s->width;
}

/* Row j of each plane of a planar image. */
static void plane_rows(const solver *s, const float *base, int j, const float *rows[4])
{
    for (int c = 0; c < s->channels; c++)
        rows[c] = base + (size_t)c * s->plane + (size_t)j * (size_t)s->width;
}

/* Row j of y; x itself without momentum. */
static void y_rows(const sweep *sw, float *buffer, int j, const float *rows[4])
{
    const solver *s = sw->s;
    plane_rows(s, sw->x, j, rows);
    if (!sw->x_prev)
        return;
    const float *prev[4];
    plane_rows(s, sw->x_prev, j, prev);
    for (int c = 0; c < s->channels; c++) {
        float *dst = buffer + (size_t)c * (size_t)s->width;
        s->extrapolate(dst, rows[c], prev[c], sw->beta, (size_t)s->width);
        rows[c] = dst;
    }
}

/* One block of rows of a sweep: its energy sums, and x_{k+1} and the restart
 * measure when updating. */
static void sweep_task(void *context, int block, int worker)
{
    const sweep *sw = context;
    const solver *s = sw->s;
    size_t row = (size_t)s->width * (size_t)s->channels;
    float *scratch = s->scratch + (size_t)worker * s->scratch_floats;
    float *y_buffer[2] = { scratch, scratch + row }, *f_buffer = scratch + 3 * row;
    int n_c = s->channels;
    int r0 = block * s->rows_per_block;
    int r1 = r0 + s->rows_per_block < s->height ? r0 + s->rows_per_block : s->height;
    int update = sw->x_new != NULL, slot = 0;
    int mode = !update ? MODE_ENERGY : sw->x_prev ? MODE_STEP_RESTART : MODE_STEP;
    double lanes[SUMS][4] = { { 0.0 } };
    row_io io;
    memset(&io, 0, sizeof io);
    io.py_prev = scratch + 2 * row;

    if (update && r0 > 0) {
        /* The row above the block: only its py is needed, for the divergence. */
        double unused[SUMS][4] = { { 0.0 } };
        y_rows(sw, y_buffer[0], r0 - 1, io.cur);
        y_rows(sw, y_buffer[1], r0, io.next);
        s->kernels.mode[MODE_PY](&s->constants.kc, &io, unused);
        for (int c = 0; c < n_c; c++)
            io.cur[c] = io.next[c];
        slot = 1;
    } else {
        if (update)
            memset(io.py_prev, 0, row * sizeof(float));
        y_rows(sw, y_buffer[0], r0, io.cur);
    }

    for (int j = r0; j < r1; j++) {
        if (j + 1 < s->height)
            y_rows(sw, y_buffer[1 - slot], j + 1, io.next);
        else
            for (int c = 0; c < n_c; c++)
                io.next[c] = NULL;
        f_rows(s, f_buffer, j, io.f);
        if (sw->x_prev)
            plane_rows(s, sw->x, j, io.x);
        if (update)
            for (int c = 0; c < n_c; c++)
                io.out[c] = sw->x_new + (size_t)c * s->plane + (size_t)j * (size_t)s->width;
        s->kernels.mode[mode](&s->constants.kc, &io, lanes);
        for (int c = 0; c < n_c; c++)
            io.cur[c] = io.next[c];
        slot = 1 - slot;
    }
    for (int i = 0; i < SUMS; i++)
        s->block_sums[(size_t)block * SUMS + (size_t)i] = lanes_total(lanes[i]);
}

/* Runs one sweep; returns E(y) and the restart measure. */
static void run_sweep(fg_pool *pool, const solver *s, const float *x, const float *x_prev,
                      float *x_new, float beta, double *energy, double *restart)
{
    sweep sw = { s, x, beta != 0.0f ? x_prev : NULL, x_new, beta };
    fg_pool_run(pool, s->blocks, sweep_task, &sw);
    double sums[SUMS] = { 0.0, 0.0, 0.0 };
    for (int b = 0; b < s->blocks; b++)
        for (int i = 0; i < SUMS; i++)
            sums[i] += s->block_sums[(size_t)b * SUMS + (size_t)i];
    /* The kernels sum |grad u|^2 for Tikhonov, whose R has a factor 1/2. */
    double regulariser = s->tv ? sums[SUM_REGULARISER] : 0.5 * sums[SUM_REGULARISER];
    *energy = 0.5 * sums[SUM_FIDELITY] + (double)s->constants.kc.lambda * regulariser;
    if (restart)
        *restart = sums[SUM_RESTART];
}

/* Copies an image view's colour, premultiplied, into planes. */
typedef struct pack_job {
    const solver *s;
    const fg_image *image;
    float *planes;
} pack_job;

static void pack_task(void *context, int block, int worker)
{
    (void)worker;
    const pack_job *job = context;
    const solver *s = job->s;
    int r0 = block * s->rows_per_block;
    int r1 = r0 + s->rows_per_block < s->height ? r0 + s->rows_per_block : s->height;
    for (int j = r0; j < r1; j++) {
        const float *src = fg_pixel(job->image, 0, j);
        float *dst = job->planes + (size_t)j * (size_t)s->width;
        for (int c = 0; c < s->channels; c++) {
            float *d = dst + (size_t)c * s->plane;
            int stride = job->image->channels;
            for (int x = 0; x < s->width; x++) {
                const float *pixel = src + (size_t)x * (size_t)stride;
                d[x] = job->image->has_alpha ? pixel[c] * pixel[s->channels] : pixel[c];
            }
        }
    }
}

/* Writes y = x + beta (x - x_prev) to the output: un-premultiplied by the
 * input's alpha where alpha > FG_DENOISE_ALPHA_TINY, the input's colour
 * elsewhere, alpha copied. */
typedef struct unpack_job {
    const solver *s;
    const fg_image *in, *out;
    const float *x, *x_prev;
    float beta;
} unpack_job;

static void unpack_task(void *context, int block, int worker)
{
    (void)worker;
    const unpack_job *job = context;
    const solver *s = job->s;
    const fg_image *in = job->in, *out = job->out;
    int n_c = s->channels, ch = in->channels;
    int r0 = block * s->rows_per_block;
    int r1 = r0 + s->rows_per_block < s->height ? r0 + s->rows_per_block : s->height;
    for (int j = r0; j < r1; j++) {
        const float *orig = fg_pixel(in, 0, j);
        float *dst = fg_pixel(out, 0, j);
        const float *x[4], *xp[4];
        plane_rows(s, job->x, j, x);
        plane_rows(s, job->x_prev, j, xp);
        for (int i = 0; i < s->width; i++) {
            const float *o = orig + (size_t)i * (size_t)ch;
            float *d = dst + (size_t)i * (size_t)ch;
            float y[4];
            for (int c = 0; c < n_c; c++)    /* the very expression of extrapolate() */
                y[c] = job->beta != 0.0f ? x[c][i] + job->beta * (x[c][i] - xp[c][i]) : x[c][i];
            if (!in->has_alpha) {
                for (int c = 0; c < n_c; c++)
                    d[c] = y[c];
                continue;
            }
            float a = o[n_c];          /* read before writing: in-place safe */
            if (a > (float)FG_DENOISE_ALPHA_TINY)
                for (int c = 0; c < n_c; c++)
                    d[c] = y[c] / a;
            else if (d != o)
                for (int c = 0; c < n_c; c++)
                    d[c] = o[c];
            d[n_c] = a;
        }
    }
}

/* Owns everything a solve allocates. */
typedef struct workspace {
    fg_pool *pool;
    float *buffers[3];
    float *scratch;
    double *block_sums;
} workspace;

static void workspace_free(workspace *ws)
{
    fg_pool_destroy(ws->pool);
    for (int i = 0; i < 3; i++)
        fg_free(ws->buffers[i]);
    fg_free(ws->scratch);
    fg_free(ws->block_sums);
    memset(ws, 0, sizeof *ws);
}

/* Sets up the solver for image f and allocates `images` planar copies. */
static fg_status workspace_init(workspace *ws, solver *s, const fg_image *f, int threads,
                                int images, fg_error *error)
{
    memset(ws, 0, sizeof *ws);
    memset(s, 0, sizeof *s);
    s->f = f;
    s->width = f->width;
    s->height = f->height;
    s->channels = fg_colour_channels(f);
    s->plane = fg_mul_size((size_t)f->width, (size_t)f->height);
    size_t total = fg_mul_size(s->plane, (size_t)s->channels);
    s->scratch_floats = scratch_floats(f->width, s->channels);
    if (total == 0 || fg_mul_size(s->scratch_floats, (size_t)threads) == 0)
        return fg_fail(error, FG_ERR_TOO_LARGE, "image of %dx%d is too large", f->width, f->height);
    s->blocks = fg_parallel_row_blocks(f->height, (size_t)f->width * (size_t)s->channels, BLOCK_FLOATS,
                                       BLOCK_MIN_ROWS, &s->rows_per_block);

    fg_status status = fg_pool_create(threads, &ws->pool, error);
    if (status != FG_OK)
        return status;
    for (int i = 0; i < images; i++)
        if (!(ws->buffers[i] = fg_alloc_array(total, sizeof(float))))
            goto nomem;
    /* Scratch only for the threads the pool really got. */
    if (!(ws->scratch = fg_alloc_array(s->scratch_floats * (size_t)fg_pool_threads(ws->pool), sizeof(float))))
        goto nomem;
    if (!(ws->block_sums = fg_alloc_array((size_t)s->blocks * SUMS, sizeof(double))))
        goto nomem;
    s->scratch = ws->scratch;
    s->block_sums = ws->block_sums;
    return fg_succeed(error);
nomem:
    workspace_free(ws);
    return fg_fail(error, FG_ERR_NOMEM, "out of memory for %d working copies of a %dx%d image",
                   images, f->width, f->height);
}

static void set_model(solver *s, const fg_denoise_params *params, double lambda, double tau)
{
    s->tv = params->energy == FG_ENERGY_TV;
    int coupled = params->colour == FG_COLOUR_COUPLED;
    s->kernels = pick_kernels(s->tv, coupled, s->channels);
    s->extrapolate = extrapolate;
#ifdef FG_AVX_VARIANT
    if (use_avx())
        s->extrapolate = extrapolate_avx;
#endif
    s->constants.kc.width = s->width;
    s->constants.kc.eps2 = (float)(params->epsilon * params->epsilon);
    s->constants.kc.lambda = (float)lambda;
    s->constants.kc.tau = (float)tau;
    s->constants.channels = s->channels;
    s->constants.model = !s->tv ? MODEL_TIKHONOV : coupled && s->channels > 1 ? MODEL_TV_COUPLED
                                                                                : MODEL_TV_SEPARATE;
}

/* ---- Public entry points ----------------------------------------------------- */

fg_status fg_denoise_energy(const fg_image *u, const fg_image *f, const fg_denoise_params *params,
                            double lambda, double *energy, fg_error *error)
{
    if (!params || !energy)
        return fg_fail(error, FG_ERR_NULL, "%s is NULL", params ? "energy" : "params");
    fg_status status = fg_image_check(u, error);
    if (status != FG_OK || (status = fg_image_check(f, error)) != FG_OK)
        return status;
    if (u->width != f->width || u->height != f->height || u->channels != f->channels
        || !u->has_alpha != !f->has_alpha)
        return fg_fail(error, FG_ERR_MISMATCH, "u is %dx%d with %d channels, f is %dx%d with %d channels",
                       u->width, u->height, u->channels, f->width, f->height, f->channels);
    int threads;
    if ((status = check_model(params, error)) != FG_OK || (status = check_lambda(lambda, error)) != FG_OK
        || (status = fg_threads_check(params->threads, &threads, error)) != FG_OK)
        return status;
    if ((status = fg_image_check_finite(u, error)) != FG_OK
        || (status = fg_image_check_finite(f, error)) != FG_OK)
        return status;

    workspace ws;
    solver s;
    if ((status = workspace_init(&ws, &s, f, threads, 1, error)) != FG_OK)
        return status;
    set_model(&s, params, lambda, 0.0);
    pack_job pack = { &s, u, ws.buffers[0] };
    fg_pool_run(ws.pool, s.blocks, pack_task, &pack);
    double e;
    run_sweep(ws.pool, &s, ws.buffers[0], NULL, NULL, 0.0f, &e, NULL);
    workspace_free(&ws);
    if (!isfinite(e))
        return fg_fail(error, FG_ERR_NONFINITE, "the energy overflows: pixel values are too large");
    *energy = e;
    return fg_succeed(error);
}

fg_status fg_gradient_denoise(const fg_image *in, const fg_image *out, const fg_denoise_params *params,
                              fg_denoise_report *report, fg_error *error)
{
    if (!params)
        return fg_fail(error, FG_ERR_NULL, "params is NULL");
    fg_status status = fg_image_check_pair(in, out, error);
    int threads;
    if (status != FG_OK || (status = check_params(params, error)) != FG_OK
        || (status = fg_threads_check(params->threads, &threads, error)) != FG_OK)
        return status;
    if ((status = fg_image_check_finite(in, error)) != FG_OK)
        return status;

    double sigma = NAN, lambda = params->lambda;
    if (params->auto_strength) {
        if ((status = fg_noise_estimate_threads(in, params->threads, &sigma, error)) != FG_OK)
            return status;
        lambda = fg_auto_lambda_colour(params->energy, params->colour, fg_colour_channels(in), sigma,
                                       params->epsilon);
        if ((status = check_lambda(lambda, error)) != FG_OK)
            return status;
    }
    double limit = fg_denoise_max_step(params->energy, params->solver, lambda, params->epsilon);
    double tau = params->step > 0.0 ? params->step : 1.0 / fg_denoise_lipschitz(params->energy, lambda,
                                                                                  params->epsilon);
    /* Plain descent needs step < 2/L strictly; the accelerated one allows 1/L itself. */
    int too_big = params->solver == FG_SOLVER_PLAIN ? tau >= limit : tau > limit * (1.0 + 1e-12);
    if (too_big)
        return fg_fail(error, FG_ERR_PARAM, "step %g is too large: with lambda %g and epsilon %g the %s "
                       "solver needs step %s %g", tau, lambda, params->epsilon,
                       params->solver == FG_SOLVER_PLAIN ? "plain" : "accelerated",
                       params->solver == FG_SOLVER_PLAIN ? "<" : "<=", limit);

    fg_denoise_report result = { 0, 0.0, 1, lambda, tau, sigma };
    if (lambda == 0.0) {
        /* E = |u - f|^2 / 2 is minimised by f itself: copy, bit for bit. */
        fg_image_copy(in, out, NULL);
        if (report)
            *report = result;
        return fg_succeed(error);
    }

    int accelerated = params->solver == FG_SOLVER_ACCELERATED;
    workspace ws;
    solver s;
    if ((status = workspace_init(&ws, &s, in, threads, accelerated ? 3 : 2, error)) != FG_OK)
        return status;
    set_model(&s, params, lambda, tau);

    /* Plain descent never reads x_prev: it gets the x_new buffer, harmlessly. */
    float *x = ws.buffers[0], *x_new = ws.buffers[1], *x_prev = ws.buffers[accelerated ? 2 : 1];
    pack_job pack = { &s, in, x };
    fg_pool_run(ws.pool, s.blocks, pack_task, &pack);

    /* Sweep k takes the gradient at y_k = x_k + beta_k (x_k - x_{k-1}),
     * yields E(y_k) and x_{k+1}; the last sweep only E(y_max). */
    double t = 1.0, beta = 0.0, previous = 0.0;
    int small_steps = 0;
    status = FG_OK;
    for (int k = 0;; k++) {
        int last = k == params->max_iterations;
        double energy, restart;
        run_sweep(ws.pool, &s, x, x_prev, last ? NULL : x_new, (float)beta, &energy, &restart);
        if (!isfinite(energy)) {
            status = fg_fail(error, FG_ERR_NONFINITE,
                             "the energy overflowed at iteration %d: pixel values are too large", k);
            break;
        }
        if (params->on_iteration
            && params->on_iteration(params->user_data, k, params->max_iterations, energy)) {
            status = fg_fail(error, FG_ERR_CANCELLED, "cancelled at iteration %d", k);
            break;
        }
        result.energy = energy;
        result.iterations = k;
        if (k > 0) {
            small_steps = fabs(energy - previous) <= params->tolerance * energy ? small_steps + 1 : 0;
            if (small_steps >= FG_DENOISE_STOP_WINDOW)
                break;          /* converged: y_k is the output */
        }
        if (last) {
            result.converged = 0;
            break;
        }
        previous = energy;
        if (accelerated) {
            /* FISTA momentum with the gradient restart of O'Donoghue and
             * Candes: when the step went against the momentum, start over. */
            if (restart > 0.0)
                t = 1.0;
            double t_next = 0.5 * (1.0 + sqrt(1.0 + 4.0 * t * t));
            beta = (t - 1.0) / t_next;
            t = t_next;
            float *old = x_prev;
            x_prev = x;
            x = x_new;
            x_new = old;
        } else {
            float *old = x;
            x = x_new;
            x_new = old;
        }
    }

    if (status == FG_OK) {
        unpack_job job = { &s, in, out, x, x_prev, (float)beta };
        fg_pool_run(ws.pool, s.blocks, unpack_task, &job);
        if (report)
            *report = result;
    }
    workspace_free(&ws);
    return status == FG_OK ? fg_succeed(error) : status;
}

/* ---- Gradient map ---------------------------------------------------------- */

typedef struct gradient_job {
    const fg_image *in;
    float *dst;                 /* packed 1-channel result, or NULL: write to out */
    const fg_image *out;
    int rows_per_block, colour;
    float *scratch;             /* 3 packed rows per worker */
    float *block_max;
    float scale;                /* pass 2: divide by this (0: copy) */
} gradient_job;

static float *gradient_row_out(const gradient_job *job, int j)
{
    return job->dst ? job->dst + (size_t)j * (size_t)job->in->width : fg_pixel(job->out, 0, j);
}

static void premultiplied_row(const fg_image *im, int colour, int j, float *dst)
{
    const float *src = fg_pixel(im, 0, j);
    for (int x = 0; x < im->width; x++)
        for (int c = 0; c < colour; c++) {
            const float *pixel = src + (size_t)x * (size_t)im->channels;
            dst[(size_t)x * (size_t)colour + (size_t)c] = im->has_alpha ? pixel[c] * pixel[colour] : pixel[c];
        }
}

static void gradient_task(void *context, int block, int worker)
{
    const gradient_job *job = context;
    const fg_image *in = job->in;
    int colour = job->colour;
    size_t n = (size_t)in->width * (size_t)colour;
    float *cur = job->scratch + (size_t)worker * 3 * n, *next = cur + n, *q = next + n;
    int r0 = block * job->rows_per_block;
    int r1 = r0 + job->rows_per_block < in->height ? r0 + job->rows_per_block : in->height;
    float peak = 0.0f;
    premultiplied_row(in, colour, r0, cur);
    for (int j = r0; j < r1; j++) {
        int has_next = j + 1 < in->height;
        if (has_next)
            premultiplied_row(in, colour, j + 1, next);
        float *dst = gradient_row_out(job, j);
        for (int x = 0; x < in->width; x++) {
            float s = 0.0f;
            for (int c = 0; c < colour; c++) {
                size_t i = (size_t)x * (size_t)colour + (size_t)c;
                float gx = x + 1 < in->width ? cur[i + (size_t)colour] - cur[i] : 0.0f;
                float gy = has_next ? next[i] - cur[i] : 0.0f;
                s += gx * gx + gy * gy;
            }
            q[x] = s;
        }
        for (int x = 0; x < in->width; x++) {
            float g = sqrtf(q[x]);
            /* Finite inputs near the float limit can overflow the squares (or
             * the premultiplication): such magnitudes saturate at FLT_MAX. */
            if (!(g <= FLT_MAX))
                g = FLT_MAX;
            dst[x] = g;
            peak = g > peak ? g : peak;
        }
        float *t = cur; cur = next; next = t;
    }
    job->block_max[block] = peak;
}

static void gradient_scale_task(void *context, int block, int worker)
{
    (void)worker;
    const gradient_job *job = context;
    int r0 = block * job->rows_per_block;
    int r1 = r0 + job->rows_per_block < job->in->height ? r0 + job->rows_per_block : job->in->height;
    for (int j = r0; j < r1; j++) {
        float *dst = fg_pixel(job->out, 0, j);
        const float *src = gradient_row_out(job, j);
        for (int x = 0; x < job->in->width; x++)
            dst[x] = job->scale != 0.0f ? src[x] / job->scale : src[x];
    }
}

fg_status fg_gradient_map(const fg_image *in, const fg_image *out, int normalise, int threads,
                          fg_error *error)
{
    fg_status status = fg_image_check(in, error);
    if (status != FG_OK || (status = fg_image_check(out, error)) != FG_OK)
        return status;
    if (out->channels != 1 || out->has_alpha || out->width != in->width || out->height != in->height)
        return fg_fail(error, FG_ERR_MISMATCH,
                       "the gradient map of a %dx%d image needs a %dx%d 1-channel output without alpha "
                       "(got %dx%d with %d channels%s)", in->width, in->height, in->width, in->height,
                       out->width, out->height, out->channels, out->has_alpha ? ", alpha" : "");
    /* The views may only share memory as the very same 1-channel buffer. */
    int in_place = 0;
    if (in->data == out->data && in->stride == out->stride && in->channels == 1) {
        in_place = 1;
    } else if (fg_image_overlap(in, out)) {
        return fg_fail(error, FG_ERR_MISMATCH, "input and output overlap");
    }
    int resolved;
    if ((status = fg_threads_check(threads, &resolved, error)) != FG_OK)
        return status;
    if ((status = fg_image_check_finite(in, error)) != FG_OK)
        return status;

    gradient_job job;
    memset(&job, 0, sizeof job);
    job.in = in;
    job.out = out;
    job.colour = fg_colour_channels(in);
    size_t n = (size_t)in->width * (size_t)job.colour;
    int blocks = fg_parallel_row_blocks(in->height, n, BLOCK_FLOATS, BLOCK_MIN_ROWS, &job.rows_per_block);
    fg_pool *pool = NULL;
    if ((status = fg_pool_create(resolved, &pool, error)) != FG_OK)
        return status;
    size_t scratch = fg_mul_size3(n, 3, (size_t)fg_pool_threads(pool));
    size_t pixels = fg_mul_size((size_t)in->width, (size_t)in->height);
    job.scratch = fg_alloc_array(scratch, sizeof(float));
    job.block_max = fg_alloc_array((size_t)blocks, sizeof(float));
    /* In place, a row is still needed as the row below of its neighbour. */
    if (in_place)
        job.dst = fg_alloc_array(pixels, sizeof(float));
    if (!job.scratch || !job.block_max || (in_place && !job.dst)) {
        fg_free(job.scratch);
        fg_free(job.block_max);
        fg_free(job.dst);
        fg_pool_destroy(pool);
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for the gradient map of a %dx%d image",
                       in->width, in->height);
    }
    fg_pool_run(pool, blocks, gradient_task, &job);
    float peak = 0.0f;
    for (int b = 0; b < blocks; b++)
        peak = job.block_max[b] > peak ? job.block_max[b] : peak;
    job.scale = normalise ? peak : 0.0f;
    if (job.dst || job.scale != 0.0f)
        fg_pool_run(pool, blocks, gradient_scale_task, &job);
    fg_free(job.scratch);
    fg_free(job.block_max);
    fg_free(job.dst);
    fg_pool_destroy(pool);
    return fg_succeed(error);
}
