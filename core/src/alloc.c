/* alloc.c — the core's single allocation point.
 *
 * Built with FG_ALLOC_FAILURE_INJECTION (tests only), fg_alloc consults a
 * thread-local countdown so a test can make the k-th allocation fail, and
 * counts the bytes the calling thread holds (each block carries its size in
 * a header in front of it), so a test can measure a call's peak. */
#include <stdint.h>
#include <string.h>
#include <fftw3.h>

#include "internal.h"

#ifdef FG_ALLOC_FAILURE_INJECTION
#include "alloc_injection.h"
static _Thread_local long fail_countdown = -1;   /* per thread: tests only */
static _Thread_local size_t held_bytes, peak_bytes;

/* In front of each block: its size; 64 bytes keep fftwf_malloc's alignment. */
#define HEADER_BYTES 64

void fg_test_fail_allocation_after(long n) { fail_countdown = n; }
long fg_test_allocations_left(void) { return fail_countdown; }
size_t fg_test_allocated_bytes(void) { return held_bytes; }
size_t fg_test_peak_allocated_bytes(void) { return peak_bytes; }
void fg_test_reset_peak_allocated_bytes(void) { peak_bytes = held_bytes; }
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
#ifdef FG_ALLOC_FAILURE_INJECTION
    unsigned char *block = fftwf_malloc(size + HEADER_BYTES);
    if (!block)
        return NULL;
    memcpy(block, &size, sizeof size);
    held_bytes += size;
    if (held_bytes > peak_bytes)
        peak_bytes = held_bytes;
    return block + HEADER_BYTES;
#else
    return fftwf_malloc(size);
#endif
}

void *fg_alloc_array(size_t n, size_t size)
{
    size_t total = fg_mul_size(n, size);
    return total ? fg_alloc(total) : NULL;
}

void fg_free(void *pointer)
{
    if (!pointer)
        return;
#ifdef FG_ALLOC_FAILURE_INJECTION
    unsigned char *block = (unsigned char *)pointer - HEADER_BYTES;
    size_t size;
    memcpy(&size, block, sizeof size);
    held_bytes -= size;     /* a block freed by another thread than its own: the counts are off, nothing else */
    fftwf_free(block);
#else
    fftwf_free(pointer);
#endif
}
