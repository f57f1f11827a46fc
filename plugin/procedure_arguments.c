/* procedure_arguments.c — one PDB argument per declared setting. */
#include "procedure_arguments.h"
#include "i18n.h"
#include "procedures.h"

static void
add_argument (GimpProcedure   *procedure,
              const FgSetting *declared)
{
  /* The label and the blurb in the user's language; names and values stay. */
  FgSetting        translated = *declared;
  const FgSetting *setting    = &translated;
  gchar           *description;

  translated.label = _(declared->label);
  translated.blurb = _(declared->blurb);
  description      = fg_setting_description (setting);

  switch (setting->type)
    {
    case FG_SETTING_DOUBLE:
      /* Lax validation: the caller's GLib stores ±inf as ±G_MAXDOUBLE and
       * keeps NaN, instead of keeping the default; GIMP passes them on. */
      gimp_procedure_add_double_argument (procedure, setting->name, setting->label, description,
                                          -G_MAXDOUBLE, G_MAXDOUBLE, setting->default_value,
                                          G_PARAM_READWRITE | G_PARAM_LAX_VALIDATION
                                          | GIMP_PARAM_NO_VALIDATE);
      break;
    case FG_SETTING_INT:
      gimp_procedure_add_int_argument (procedure, setting->name, setting->label, description,
                                       G_MININT, G_MAXINT, (gint) setting->default_value,
                                       G_PARAM_READWRITE);
      break;
    case FG_SETTING_BOOLEAN:
      gimp_procedure_add_boolean_argument (procedure, setting->name, setting->label, description,
                                           setting->default_value != 0.0, G_PARAM_READWRITE);
      break;
    case FG_SETTING_CHOICE:
      gimp_procedure_add_string_argument (procedure, setting->name, setting->label, description,
                                          fg_setting_default_nick (setting), G_PARAM_READWRITE);
      break;
    case FG_SETTING_NUMBERS:
      /* A string, not a double array: the same text from Script-Fu and
       * Python on GIMP 3.0 and 3.2, and in a GEGL op's config. */
      gimp_procedure_add_string_argument (procedure, setting->name, setting->label, description,
                                          "", G_PARAM_READWRITE);
      break;
    }
  g_free (description);
}

void
fg_procedure_add_settings (GimpProcedure   *procedure,
                           const FgSetting *settings,
                           gint             count)
{
  for (gint i = 0; i < count; i++)
    add_argument (procedure, &settings[i]);
}

GimpProcedure *
fg_procedure_new (GimpPlugIn            *plug_in,
                  const FgProcedureInfo *info,
                  GimpRunImageFunc       run)
{
  GimpProcedure *procedure = gimp_image_procedure_new (plug_in, info->name, GIMP_PDB_PROC_TYPE_PLUGIN,
                                                       run, NULL, NULL);

  gimp_procedure_set_image_types (procedure, "RGB*, GRAY*");
  gimp_procedure_set_sensitivity_mask (procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE
                                                  | GIMP_PROCEDURE_SENSITIVE_DRAWABLES);
  gimp_procedure_set_menu_label (procedure, _(info->menu_label));
  gimp_procedure_add_menu_path (procedure, info->menu_path);
  gimp_procedure_set_documentation (procedure, _(info->blurb), _(info->help), info->name);
  gimp_procedure_set_attribution (procedure, PLUG_IN_AUTHOR, PLUG_IN_COPYRIGHT, PLUG_IN_DATE);
  fg_procedure_add_settings (procedure, info->settings, info->n_settings);
  return procedure;
}

