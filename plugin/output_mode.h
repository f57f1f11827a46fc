/* output_mode.h — where a filter's result goes, and its choice values. */
#ifndef FG_PLUGIN_OUTPUT_MODE_H
#define FG_PLUGIN_OUTPUT_MODE_H

#include "setting.h"

typedef enum
{
  FG_OUTPUT_REPLACE,      /* write into the drawable (through its shadow) */
  FG_OUTPUT_NEW_LAYER     /* write into a copy of the layer, inserted above it */
} FgOutputMode;

/* The "output" argument's values, shared by both procedures. */
extern const FgChoice fg_output_choices[];

#endif
