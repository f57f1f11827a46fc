/* procedure_run.c — the procedures' shared run steps (see procedure_run.h). */
#include "procedure_run.h"

#include <libgimp/gimpui.h>

#include "filter_run.h"
#include "procedures.h"

GimpValueArray *
fg_run_dialog (GimpProcedure             *procedure,
               GimpImage                 *image,
               GimpDrawable             **drawables,
               GimpProcedureConfig       *config,
               const FgFilterDialogClass *dialog)
{
  const FgNdeOperation *op    = dialog->op;
  GError               *error = NULL;

  if (! fg_interactive_check (op->title, &error)
      || ! fg_drawables_check (image, drawables, op->title, &error))
    return fg_failure_values (procedure, error);
  gimp_ui_init (PLUG_IN_BINARY);
  if (! fg_filter_dialog_run (dialog, procedure, config, drawables[0]))
    return gimp_procedure_new_return_values (procedure, GIMP_PDB_CANCEL, NULL);
  return NULL;
}

gboolean
fg_run_choices_read (GObject              *config,
                     const FgNdeOperation *op,
                     FgRunChoices         *choices,
                     GError              **error)
{
  const FgSetting *after = &op->settings[op->count];   /* output, extra layers, merge-filter */
  gint             output;

  choices->op     = op;
  choices->config = config;
  if (! fg_setting_get_boolean (config, &after[2], &choices->merge_filter, error)
      || ! fg_setting_get_choice (config, &after[0], &output, error)
      || ! fg_setting_get_choice (config, &after[1], &choices->extra_layers, error))
    return FALSE;
  choices->output = output;
  return TRUE;
}

GimpDrawableFilter *
fg_run_attach (GimpDrawable *target,
               gpointer      choices,
               GError      **error)
{
  const FgRunChoices *run    = choices;
  GimpDrawableFilter *filter = fg_nde_filter_new (target, run->op, run->config, error);

  if (filter)
    gimp_drawable_append_filter (target, filter);
  return filter;
}
