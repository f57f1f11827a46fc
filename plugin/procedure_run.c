/* procedure_run.c — the procedures' shared run steps (see procedure_run.h). */
#include "procedure_run.h"

#include <libgimp/gimpui.h>

#include "drawable_io.h"
#include "filter_run.h"
#include "procedures.h"

/* Where GEGL is sent to look for operation modules when a run needs none:
 * a directory that does not exist (GEGL then loads nothing, silently). */
#define NO_MODULES_PATH "/nonexistent/freqgrad-needs-no-gegl-operations"

void
fg_run_gegl_init (GimpRunMode           run_mode,
                  GObject              *config,
                  const FgNdeOperation *op)
{
  const FgSetting *merge_setting = fg_nde_run_setting (op, FG_RUN_MERGE_FILTER);
  gboolean         merge_filter  = FALSE;
  gboolean         modules;
  gchar           *saved;
  gint64           start = g_get_monotonic_time ();

  modules = run_mode == GIMP_RUN_INTERACTIVE
            || ! fg_setting_get_boolean (config, merge_setting, &merge_filter, NULL)
            || ! merge_filter;
  if (modules)
    {
      gegl_init (NULL, NULL);
    }
  else
    {
      saved = g_strdup (g_getenv ("GEGL_PATH"));
      g_setenv ("GEGL_PATH", NO_MODULES_PATH, TRUE);
      gegl_init (NULL, NULL);
      if (saved)
        g_setenv ("GEGL_PATH", saved, TRUE);
      else
        g_unsetenv ("GEGL_PATH");
      g_free (saved);
    }
  /* What GEGL did, not what was asked: gegl:gaussian-blur lives in a module. */
  g_log (FG_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "gegl_init {\"ms\": %.1f, \"modules\": %d}",
         (g_get_monotonic_time () - start) / 1000.0, gegl_has_operation ("gegl:gaussian-blur") ? 1 : 0);
}

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
  gint output;

  choices->op     = op;
  choices->config = config;
  if (! fg_setting_get_boolean (config, fg_nde_run_setting (op, FG_RUN_MERGE_FILTER),
                                &choices->merge_filter, error)
      || ! fg_setting_get_choice (config, fg_nde_run_setting (op, FG_RUN_OUTPUT), &output, error)
      || ! fg_setting_get_choice (config, fg_nde_run_setting (op, FG_RUN_EXTRA_LAYERS),
                                  &choices->extra_layers, error))
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
