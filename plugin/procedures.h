/* procedures.h — the two PDB procedures this plug-in registers. */
#ifndef FG_PLUGIN_PROCEDURES_H
#define FG_PLUGIN_PROCEDURES_H

#include <libgimp/gimp.h>

#include "fg/frequency_smooth.h"
#include "fg/gradient_denoise.h"
#include "choice_argument.h"

#define PLUG_IN_BINARY         "freqgrad"
#define PLUG_IN_AUTHOR         "freqgrad contributors"
#define PLUG_IN_COPYRIGHT      "MIT License, freqgrad contributors"
#define PLUG_IN_DATE           "2026"

#define FREQUENCY_SMOOTH_PROC  "plug-in-frequency-smooth"
#define GRADIENT_DENOISE_PROC  "plug-in-gradient-denoise"

GimpProcedure *frequency_smooth_procedure_new (GimpPlugIn *plug_in);
GimpProcedure *gradient_denoise_procedure_new (GimpPlugIn *plug_in);

/* The values of the choice arguments, in the order the code indexes them. */
extern const FgChoiceItem fs_filter_items[];
extern const FgChoiceItem fs_boundary_items[];
extern const FgChoiceItem fs_output_items[];
extern const FgChoiceItem fs_spectra_items[];
extern const FgChoiceItem gd_energy_items[];
extern const FgChoiceItem gd_colour_items[];
extern const FgChoiceItem gd_solver_items[];
extern const FgChoiceItem gd_output_items[];
extern const FgChoiceItem gd_gradmap_items[];

/* The core parameters a config asks for (FALSE with an error for an
 * unknown choice value).  Callbacks and threads are left at defaults. */
gboolean fs_config_to_params (GimpProcedureConfig    *config,
                              fg_smooth_params       *params,
                              GError                **error);
gboolean gd_config_to_params (GimpProcedureConfig     *config,
                              fg_denoise_params      *params,
                              GError                 **error);

/* The dialogs: FALSE when the user cancelled. */
gboolean frequency_smooth_dialog (GimpProcedure       *procedure,
                                  GimpProcedureConfig *config,
                                  GimpDrawable        *drawable);
gboolean gradient_denoise_dialog (GimpProcedure       *procedure,
                                  GimpProcedureConfig *config,
                                  GimpDrawable        *drawable);

#endif
