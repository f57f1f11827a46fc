/* denoise_kernels.c — the fused row kernels of the gradient denoiser
 * (denoise_kernels.h): TV and Tikhonov, descent and primal-dual, written once
 * (denoise_kernels_body.h) and compiled per code path -- portable scalar,
 * SSE2, SSE2 in AVX encoding, AVX2 with FMA -- and per channel count; the
 * choice of path at run time; the energy from the kernels' sums. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "denoise_kernels.h"
#include "simd.h"

/* ---- The fused row kernel ---------------------------------------------------
 * One pass over a row does, for every pixel, everything of an iteration:
 * differences, dual field, divergence, descent step and the energy sums, all
 * in registers.  Vector code handles groups of VW pixels and an exact scalar
 * mirror the rest (and everything on the portable path): without FMA both do
 * the same IEEE operations in the same order -- sqrt and division are
 * correctly rounded -- so they give the same floats.  (Written out because
 * compilers do not vectorise errno-setting sqrtf.)  The AVX2 path fuses
 * multiply-adds and so differs by rounding (fg/gradient_denoise.h, "Code
 * paths").
 *
 * Sums: pixel k goes to lane k % VW; within a segment of SEGMENT pixels a
 * lane sums in float (channels in order), then the segment's float sums are
 * added to double lanes (lane l to lane l % 4).  A fixed order, so
 * reproducible; the float part keeps the inner loop short, the double part
 * keeps the total accurate. */

#define SEGMENT 64

FG_ALWAYS_INLINE void flush_segment(double lanes[SUMS][4], float partial[SUMS][4])
{
    for (int i = 0; i < SUMS; i++)
        for (int l = 0; l < 4; l++) {
            lanes[i][l] += (double)partial[i][l];
            partial[i][l] = 0.0f;
        }
}

/* Descent steps on grey and RGB(A) -- what GIMP drawables have -- get
 * kernels specialised for their channel count; everything else (2 or 4
 * colour channels, energy-only passes, the row above a block) uses the
 * generic ones.  The same goes for the primal-dual kernel. */
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
#define KERNEL_FAMILY_X(ROW, GENERIC, suffix) KERNEL_FAMILY(ROW, GENERIC, suffix)

typedef void (*pd_row_fn)(const kernel_constants *kc, const pd_constants *pc, const pd_row_io *io,
                          double lanes[SUMS][4]);

typedef struct kernel_set {
    row_kernel_fn mode[4];      /* by MODE_* */
    pd_row_fn primal_dual;
} kernel_set;

enum { TIKHONOV_1, TV_1, TIKHONOV_3, COUPLED_3, SEPARATE_3, GENERIC, SETS };

#define KERNEL_SET(prefix, pd, suffix) \
    { { generic_energy##suffix, generic_py##suffix, prefix##_step##suffix, prefix##_restart##suffix }, \
      pd##suffix }
#define KERNEL_SETS(suffix) \
    { KERNEL_SET(tikhonov_1, pd_tikhonov_1, suffix), KERNEL_SET(tv_1, pd_tv_1, suffix), \
      KERNEL_SET(tikhonov_3, pd_tikhonov_3, suffix), KERNEL_SET(coupled_3, pd_coupled_3, suffix), \
      KERNEL_SET(separate_3, pd_separate_3, suffix), KERNEL_SET(generic, pd_generic, suffix) }
#define KERNEL_SETS_X(suffix) KERNEL_SETS(suffix)

/* ---- The code paths ------------------------------------------------------------ */

/* Portable: the scalar code alone. */
#define V_SUFFIX _scalar
#define VW 0
#include "denoise_kernels_body.h"
#undef V_SUFFIX
#undef VW

#ifdef FG_SSE2
/* SSE2: four pixels at a time, the scalar code's operations. */
#define VT __m128
#define V_LOAD(p) _mm_loadu_ps(p)
#define V_STORE(p, v) _mm_storeu_ps(p, v)
#define V_SET1(x) _mm_set1_ps(x)
#define V_ZERO() _mm_setzero_ps()
#define V_ADD(a, b) _mm_add_ps(a, b)
#define V_SUB(a, b) _mm_sub_ps(a, b)
#define V_MUL(a, b) _mm_mul_ps(a, b)
#define V_DIV(a, b) _mm_div_ps(a, b)
#define V_SQRT(a) _mm_sqrt_ps(a)
#define V_MAX(a, b) _mm_max_ps(a, b)
#define V_MADD(a, b, c) _mm_add_ps(_mm_mul_ps(a, b), c)
#define V_SHIFT_IN(c, v) \
    _mm_shuffle_ps(_mm_shuffle_ps(c, v, _MM_SHUFFLE(0, 0, 3, 3)), v, _MM_SHUFFLE(2, 1, 2, 0))
#define V_LAST(v) _mm_cvtss_f32(_mm_shuffle_ps(v, v, _MM_SHUFFLE(3, 3, 3, 3)))
#define V_FLUSH(d, v) do { \
        __m128 v_ = (v); \
        _mm_storeu_pd(d, _mm_add_pd(_mm_loadu_pd(d), _mm_cvtps_pd(v_))); \
        _mm_storeu_pd((d) + 2, _mm_add_pd(_mm_loadu_pd((d) + 2), _mm_cvtps_pd(_mm_movehl_ps(v_, v_)))); \
    } while (0)
#define V_FOLD4(f, v) _mm_storeu_ps(f, v)
#define VW 4
#define V_SUFFIX _sse2
#include "denoise_kernels_body.h"
#undef V_SUFFIX

/* Where the compiler targets plain x86-64 but the CPU has AVX, the same
 * kernels compiled for AVX run faster: the three-operand VEX encoding saves
 * the many register copies of SSE2.  Same instructions otherwise, so the
 * same results. */
#if !defined(FG_NO_AVX_VARIANT) && defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) \
    && !defined(__AVX__)
#define FG_AVX_VARIANT 1
/* Compiling a stretch of functions for another target: GCC's pragma, or
 * clang's (which ignores GCC's; the fuzzing build uses clang). */
#if defined(__clang__)
#define FG_TARGET_BEGIN_AVX _Pragma("clang attribute push (__attribute__((target(\"avx\"))), apply_to = function)")
#define FG_TARGET_BEGIN_AVX2 \
    _Pragma("clang attribute push (__attribute__((target(\"avx2,fma\"))), apply_to = function)")
#define FG_TARGET_END _Pragma("clang attribute pop")
#else
#define FG_TARGET_BEGIN_AVX _Pragma("GCC push_options") _Pragma("GCC target(\"avx\")")
#define FG_TARGET_BEGIN_AVX2 _Pragma("GCC push_options") _Pragma("GCC target(\"avx2,fma\")")
#define FG_TARGET_END _Pragma("GCC pop_options")
#endif
FG_TARGET_BEGIN_AVX
#define V_SUFFIX _avx
#include "denoise_kernels_body.h"
#undef V_SUFFIX
FG_TARGET_END
#endif
#undef VT
#undef V_LOAD
#undef V_STORE
#undef V_SET1
#undef V_ZERO
#undef V_ADD
#undef V_SUB
#undef V_MUL
#undef V_DIV
#undef V_SQRT
#undef V_MAX
#undef V_MADD
#undef V_SHIFT_IN
#undef V_LAST
#undef V_FLUSH
#undef V_FOLD4
#undef VW

/* AVX2 with FMA: eight pixels at a time, multiply-adds fused. */
#if defined(FG_AVX_VARIANT) && !defined(FG_NO_AVX2_VARIANT)
#define FG_AVX2_VARIANT 1
FG_TARGET_BEGIN_AVX2
#define VT __m256
#define V_LOAD(p) _mm256_loadu_ps(p)
#define V_STORE(p, v) _mm256_storeu_ps(p, v)
#define V_SET1(x) _mm256_set1_ps(x)
#define V_ZERO() _mm256_setzero_ps()
#define V_ADD(a, b) _mm256_add_ps(a, b)
#define V_SUB(a, b) _mm256_sub_ps(a, b)
#define V_MUL(a, b) _mm256_mul_ps(a, b)
#define V_DIV(a, b) _mm256_div_ps(a, b)
#define V_SQRT(a) _mm256_sqrt_ps(a)
#define V_MAX(a, b) _mm256_max_ps(a, b)
#define V_MADD(a, b, c) _mm256_fmadd_ps(a, b, c)
/* (c[7], v[0..6]): rotate both right by one lane, take lane 0 from c. */
#define V_SHIFT_IN(c, v) \
    _mm256_blend_ps(_mm256_permutevar8x32_ps(v, _mm256_setr_epi32(7, 0, 1, 2, 3, 4, 5, 6)), \
                    _mm256_permutevar8x32_ps(c, _mm256_set1_epi32(7)), 0x01)
#define V_LAST(v) _mm_cvtss_f32(_mm_permute_ps(_mm256_extractf128_ps(v, 1), _MM_SHUFFLE(3, 3, 3, 3)))
#define V_FLUSH(d, v) do { \
        __m256 v_ = (v); \
        __m256d d_ = _mm256_add_pd(_mm256_loadu_pd(d), _mm256_cvtps_pd(_mm256_castps256_ps128(v_))); \
        _mm256_storeu_pd(d, _mm256_add_pd(d_, _mm256_cvtps_pd(_mm256_extractf128_ps(v_, 1)))); \
    } while (0)
#define V_FOLD4(f, v) \
    _mm_storeu_ps(f, _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1)))
#define S_MADD(a, b, c) fmaf(a, b, c)
#define VW 8
#define V_SUFFIX _avx2
#include "denoise_kernels_body.h"
#undef V_SUFFIX
#undef VW
FG_TARGET_END
#endif
#endif /* FG_SSE2 */

/* ---- Choosing a code path ------------------------------------------------------
 * The best the CPU has, unless FG_DENOISE_CODE_PATH (read at every
 * fg_denoise_kernels_init, i.e. once per call) asks for another: "scalar",
 * "sse2", "avx" or "avx2"; a path the build or the CPU lacks gives the best
 * available one below it, anything else the default.  (The CPU check is
 * GCC's, initialised once before main.) */

static int path_available(int path)
{
    switch (path) {
    case FG_CODE_PATH_SCALAR:
        return 1;
#ifdef FG_SSE2
    case FG_CODE_PATH_SSE2:
        return 1;
#endif
#ifdef FG_AVX_VARIANT
    case FG_CODE_PATH_AVX:
        return __builtin_cpu_supports("avx");
#endif
#ifdef FG_AVX2_VARIANT
    case FG_CODE_PATH_AVX2:
        return __builtin_cpu_supports("avx") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
    default:
        return 0;
    }
}

int fg_denoise_code_path(void)
{
    static const char *const names[] = { "scalar", "sse2", "avx", "avx2" };
    int path = FG_CODE_PATH_AVX2;
    const char *asked = getenv("FG_DENOISE_CODE_PATH");
    if (asked)
        for (int i = 0; i < 4; i++)
            if (!strcmp(asked, names[i]))
                path = i;
    while (!path_available(path))
        path--;
    return path;
}

static kernel_set pick_kernels(int path, int tv, int coupled, int channels)
{
    const kernel_set *sets = kernel_sets_scalar;
#ifdef FG_SSE2
    if (path >= FG_CODE_PATH_SSE2)
        sets = kernel_sets_sse2;
#endif
#ifdef FG_AVX_VARIANT
    if (path >= FG_CODE_PATH_AVX)
        sets = kernel_sets_avx;
#endif
#ifdef FG_AVX2_VARIANT
    if (path >= FG_CODE_PATH_AVX2)
        sets = kernel_sets_avx2;
#endif
    /* For Tikhonov, and for one channel, coupling changes nothing. */
    if (channels == 1)
        return sets[tv ? TV_1 : TIKHONOV_1];
    if (channels == 3)
        return sets[!tv ? TIKHONOV_3 : coupled ? COUPLED_3 : SEPARATE_3];
    return sets[GENERIC];
}

/* y = x + beta (x - x_prev) over n floats; the AVX2 copy is only wider
 * (the expression is not contracted: C11 mode has no FP contraction). */
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
    k->path = fg_denoise_code_path();
    kernel_set set = pick_kernels(k->path, tv, coupled, channels);
    memcpy(k->mode, set.mode, sizeof k->mode);
    k->primal_dual = set.primal_dual;
    k->extrapolate = extrapolate;
#ifdef FG_AVX_VARIANT
    if (k->path >= FG_CODE_PATH_AVX)
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


void fg_denoise_pd_row(const denoise_kernels *k, const pd_constants *pc, const pd_row_io *io,
                       double lanes[SUMS][4])
{
    k->primal_dual(&k->constants, pc, io, lanes);
}
