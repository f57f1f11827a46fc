/* procedures.h — the two PDB procedures this plug-in registers. */
#ifndef FG_PLUGIN_PROCEDURES_H
#define FG_PLUGIN_PROCEDURES_H

#include <libgimp/gimp.h>

#define PLUG_IN_BINARY         "freqgrad"
#define PLUG_IN_AUTHOR         "freqgrad contributors"
#define PLUG_IN_COPYRIGHT      "MIT License, freqgrad contributors"
#define PLUG_IN_DATE           "2026"
/* The help domain; its help ids are the procedure names (plugin/help). */
#define PLUG_IN_HELP_DOMAIN    "freqgrad-help"

#define FREQUENCY_SMOOTH_PROC  "plug-in-frequency-smooth"
#define GRADIENT_DENOISE_PROC  "plug-in-gradient-denoise"

GimpProcedure *frequency_smooth_procedure_new (GimpPlugIn *plug_in);
GimpProcedure *gradient_denoise_procedure_new (GimpPlugIn *plug_in);

#endif
