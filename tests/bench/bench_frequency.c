/* bench_frequency.c — placeholder until its issue lands. */
#include "bench_util.h"
int bench_frequency_smooth(const bench_options *options) { (void)options; return 0; }
