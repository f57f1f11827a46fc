/* simd.h — what the core's hand-vectorised loops share; internal.
 *
 * FG_SSE2 is defined where SSE2 intrinsics are available (all x86-64);
 * FG_NO_SIMD builds the portable scalar code only, which gives the same
 * floats (the AVX2/FMA code paths of the denoiser differ by rounding, see
 * fg/gradient_denoise.h).  FG_ALWAYS_INLINE marks the loops that are compiled once per
 * channel count: with the count a literal, each copy becomes a tight loop. */
#ifndef FG_SIMD_H
#define FG_SIMD_H

#if !defined(FG_NO_SIMD) \
    && (defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2))
#define FG_SSE2 1
#include <emmintrin.h>
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>          /* AVX / AVX2 / FMA, for functions compiled for them */
#endif
#endif

#if defined(__GNUC__)
#define FG_ALWAYS_INLINE static inline __attribute__((always_inline))
#elif defined(_MSC_VER)
#define FG_ALWAYS_INLINE static __forceinline
#else
#define FG_ALWAYS_INLINE static inline
#endif

#endif /* FG_SIMD_H */
