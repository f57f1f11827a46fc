/* gradient_denoise.c — placeholder until its issue lands. */
#include "internal.h"
typedef int fg_gradient_denoise_placeholder;
