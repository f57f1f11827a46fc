/* alloc_injection.h — test-only control of allocation failures and count of
 * allocated bytes (built only with FG_ALLOC_FAILURE_INJECTION).
 *
 * After fg_test_fail_allocation_after(n), the calling thread's next n
 * allocations succeed and every later one fails, until the countdown is
 * reset with -1.
 *
 * The bytes the calling thread's fg_alloc blocks hold now (requested sizes,
 * without the allocator's own overhead), and the most they held since the
 * last reset of the peak (which sets it to the bytes held now).  Blocks
 * freed on another thread than the one that allocated them make the counts
 * meaningless: measure calls with threads = 1. */
#ifndef FG_ALLOC_INJECTION_H
#define FG_ALLOC_INJECTION_H
#include <stddef.h>
void fg_test_fail_allocation_after(long n);
long fg_test_allocations_left(void);
size_t fg_test_allocated_bytes(void);
size_t fg_test_peak_allocated_bytes(void);
void fg_test_reset_peak_allocated_bytes(void);
#endif
