/* nde_filter.c — freqgrad:* operations as GIMP drawable filters. */
#include "nde_filter.h"

#include <gegl.h>

#include "frequency_smooth_settings.h"
#include "gradient_denoise_settings.h"
#include "i18n.h"

const FgNdeOperation fg_nde_frequency_smooth = {
  "freqgrad:frequency-smooth", N_("Frequency Smooth"), fs_settings, FS_N_FILTER_SETTINGS
};

const FgNdeOperation fg_nde_gradient_denoise = {
  "freqgrad:gradient-denoise", N_("Gradient Denoise"), gd_settings, GD_N_FILTER_SETTINGS
};

const FgSetting *
fg_nde_run_setting (const FgNdeOperation *op,
                    FgRunSettingId        which)
{
  g_return_val_if_fail ((guint) which < FG_RUN_N_SETTINGS, NULL);
  return &op->settings[op->count + which];
}

gboolean
fg_nde_available (const gchar *operation)
{
  return gegl_has_operation (operation);
}

gboolean
fg_nde_filter_set (GimpDrawableFilter   *filter,
                   const FgNdeOperation *op,
                   GObject              *config,
                   GError              **error)
{
  GObject *target = G_OBJECT (gimp_drawable_filter_get_config (filter));

  for (gint i = 0; i < op->count; i++)
    {
      const FgSetting *setting = &op->settings[i];
      GParamSpec      *pspec   = g_object_class_find_property (G_OBJECT_GET_CLASS (target),
                                                               setting->name);
      gdouble          d;
      gint             n;
      gboolean         b;

      if (! pspec)
        {
          g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                       _("The GEGL filter has no property \"%s\": the installed freqgrad GEGL "
                         "module does not match the plug-in."), setting->name);
          return FALSE;
        }
      switch (setting->type)
        {
        case FG_SETTING_DOUBLE:
          if (! fg_setting_get_double (config, setting, &d, error))
            return FALSE;
          g_object_set (target, setting->name, d, NULL);
          break;
        case FG_SETTING_INT:
          if (! fg_setting_get_int (config, setting, &n, error))
            return FALSE;
          g_object_set (target, setting->name, n, NULL);
          break;
        case FG_SETTING_BOOLEAN:
          if (! fg_setting_get_boolean (config, setting, &b, error))
            return FALSE;
          g_object_set (target, setting->name, b, NULL);
          break;
        case FG_SETTING_CHOICE:
          if (! fg_setting_get_choice (config, setting, &n, error))
            return FALSE;
          /* libgimp shows a GEGL enum as a choice (its nick) or an enum. */
          if (G_IS_PARAM_SPEC_ENUM (pspec))
            g_object_set (target, setting->name, n, NULL);
          else
            g_object_set (target, setting->name,
                          fg_setting_choice_by_value (setting, n)->nick, NULL);
          break;
        case FG_SETTING_NUMBERS:
          {
            gdouble numbers[FG_SETTING_MAX_NUMBERS];
            gchar  *text;

            g_return_val_if_fail (setting->list_group * setting->list_max <= FG_SETTING_MAX_NUMBERS, FALSE);
            if (! fg_setting_get_numbers (config, setting, numbers, &n, error))
              return FALSE;
            text = fg_setting_numbers_text (setting, numbers, n);
            g_object_set (target, setting->name, text, NULL);
            g_free (text);
          }
          break;
        }
    }
  gimp_drawable_filter_update (filter);
  return TRUE;
}

GimpDrawableFilter *
fg_nde_filter_new (GimpDrawable         *drawable,
                   const FgNdeOperation *op,
                   GObject              *config,
                   GError              **error)
{
  GimpDrawableFilter *filter = gimp_drawable_filter_new (drawable, op->operation, op->title);

  if (! filter)
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   _("GIMP could not make a \"%s\" filter (%s): is the freqgrad GEGL module "
                     "installed?"), op->operation, gimp_pdb_get_last_error (gimp_get_pdb ()));
      return NULL;
    }
  if (! fg_nde_filter_set (filter, op, config, error))
    {
      gimp_drawable_filter_delete (filter);
      return NULL;
    }
  return filter;
}
