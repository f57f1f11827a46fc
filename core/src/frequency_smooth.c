/* frequency_smooth.c — placeholder until its issue lands. */
#include "internal.h"
typedef int fg_frequency_smooth_placeholder;
