/* test_random.h — the core tests' reproducible random numbers: SplitMix64
 * uniforms and Box-Muller Gaussians, from a seed each test program sets. */
#ifndef FG_TEST_RANDOM_H
#define FG_TEST_RANDOM_H

#include <math.h>
#include <stdint.h>

static uint64_t test_rng_state;

static inline void test_seed(uint64_t seed)
{
    test_rng_state = seed;
}

/* Uniform in (0, 1), never 0 or 1. */
static inline double test_uniform(void)
{
    uint64_t z = (test_rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}

/* Standard normal. */
static inline double test_gauss(void)
{
    double u = test_uniform(), v = test_uniform();
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

#endif
