/* bench_denoise.c — placeholder until its issue lands. */
#include "bench_util.h"
int bench_gradient_denoise(const bench_options *options) { (void)options; return 0; }
