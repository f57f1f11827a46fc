/* procedure_run.h — what both procedures' run does alike around its own
 * computation: the dialog in interactive mode, the plug-in's choices read
 * from the config, and the non-destructive filter when merge-filter is off. */
#ifndef FG_PLUGIN_PROCEDURE_RUN_H
#define FG_PLUGIN_PROCEDURE_RUN_H

#include <libgimp/gimp.h>

#include "filter_dialog.h"
#include "nde_filter.h"
#include "output_mode.h"

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
