/* alloc.c — the core's single allocation point.
 *
 * Built with FG_ALLOC_FAILURE_INJECTION (tests only), fg_alloc consults a
 * thread-local countdown so a test can make the k-th allocation fail. */
#include <stdint.h>
#include <fftw3.h>

#include "internal.h"

#ifdef FG_ALLOC_FAILURE_INJECTION
#include "alloc_injection.h"
static _Thread_local long fail_countdown = -1;   /* per thread: tests only */

void fg_test_fail_allocation_after(long n) { fail_countdown = n; }
long fg_test_allocations_left(void) { return fail_countdown; }
#endif

size_t fg_mul_size(size_t a, size_t b)
{
    if (a != 0 && b > SIZE_MAX / a)
        return 0;
    return a * b;
}

size_t fg_mul_size3(size_t a, size_t b, size_t c)
{
    size_t ab = fg_mul_size(a, b);
    return ab ? fg_mul_size(ab, c) : 0;
}

void *fg_alloc(size_t size)
{
#ifdef FG_ALLOC_FAILURE_INJECTION
    if (fail_countdown == 0)
        return NULL;
    if (fail_countdown > 0)
        fail_countdown--;
#endif
    if (size == 0 || size > (size_t)PTRDIFF_MAX)
        return NULL;
    return fftwf_malloc(size);
}

void *fg_alloc_array(size_t n, size_t size)
{
    size_t total = fg_mul_size(n, size);
    return total ? fg_alloc(total) : NULL;
}

void fg_free(void *pointer)
{
    if (pointer)
        fftwf_free(pointer);
}
