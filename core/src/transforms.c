/* transforms.c — placeholder until its issue lands. */
#include "internal.h"
typedef int fg_transforms_placeholder;
