/* output_mode.c — the values of both procedures' "output" argument. */
#include "output_mode.h"

const FgChoice fg_output_choices[] = {
  { "replace",   FG_OUTPUT_REPLACE,   "Replace the layer" },
  { "new-layer", FG_OUTPUT_NEW_LAYER, "New layer above" },
  { NULL, 0, NULL }
};
