/* alloc_injection.h — test-only control of allocation failures (built only
 * with FG_ALLOC_FAILURE_INJECTION).  After fg_test_fail_allocation_after(n),
 * the calling thread's next n allocations succeed and every later one fails,
 * until the countdown is reset with -1. */
#ifndef FG_ALLOC_INJECTION_H
#define FG_ALLOC_INJECTION_H
void fg_test_fail_allocation_after(long n);
long fg_test_allocations_left(void);
#endif
