/* procedure_run.h — what both procedures' run does alike around its own
 * computation: the dialog in interactive mode, the plug-in's choices read
 * from the config, and the non-destructive filter when merge-filter is off. */
#ifndef FG_PLUGIN_PROCEDURE_RUN_H
#define FG_PLUGIN_PROCEDURE_RUN_H

#include <libgimp/gimp.h>

#include "filter_dialog.h"
#include "nde_filter.h"
#include "output_mode.h"

/* gegl_init for a run.  A run that merges its result without a dialog
 * (non-interactive, merge-filter TRUE) needs GEGL's buffers and babl, not
 * its operations, and loading every GEGL plug-in took 100-200 ms of such a
 * run (24 ms without them), so GEGL is started with GEGL_PATH pointing at
 * nothing (the variable is put back afterwards).  The dialog (its canvas
 * preview, fg_nde_available) and merge-filter FALSE need this module's
 * operation types in the process, and get GEGL's modules as usual.  Logs
 * one debug line "gegl_init {"ms": .., "modules": 0|1}" (FG_LOG_DOMAIN;
 * modules: whether GEGL then knows gegl:gaussian-blur, one of its modules'). */
void             fg_run_gegl_init (GimpRunMode           run_mode,
                                   GObject              *config,
                                   const FgNdeOperation *op);

/* For RUN_INTERACTIVE: checks that a dialog can be shown on these
 * drawables, then shows the filter's `dialog`.  NULL when the run goes on;
 * else the return values to end it with (a cancel, or the failure). */
GimpValueArray *fg_run_dialog (GimpProcedure             *procedure,
                               GimpImage                 *image,
                               GimpDrawable             **drawables,
                               GimpProcedureConfig       *config,
                               const FgFilterDialogClass *dialog);

/* The settings after the filter's own: where the results go. */
typedef struct
{
  const FgNdeOperation *op;
  GObject              *config;
  FgOutputMode          output;
  gint                  extra_layers;   /* the filter's extra-layers choice */
  gboolean              merge_filter;   /* FALSE: keep a non-destructive filter */
} FgRunChoices;

/* Reads them from `config`; FALSE with an FG_SETTING_ERROR. */
gboolean fg_run_choices_read (GObject              *config,
                              const FgNdeOperation *op,
                              FgRunChoices         *choices,
                              GError              **error);

/* An FgAttachFunc for fg_run_filter: `op` on `target` from the config,
 * appended.  `choices` is the run's FgRunChoices (or a struct starting with
 * one). */
GimpDrawableFilter *fg_run_attach (GimpDrawable *target,
                                   gpointer      choices,
                                   GError      **error);

#endif
