/* output_mode.c — the values of both procedures' "output" argument. */
#include "output_mode.h"
#include "i18n.h"

const FgChoice fg_output_choices[] = {
  { "replace",   FG_OUTPUT_REPLACE,   N_("Replace the layer") },
  { "new-layer", FG_OUTPUT_NEW_LAYER, N_("New layer above") },
  { NULL, 0, NULL }
};
