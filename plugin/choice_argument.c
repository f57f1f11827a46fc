/* choice_argument.c — string arguments with a fixed set of values. */
#include "choice_argument.h"

static gchar *
valid_values (const FgChoiceItem *items)
{
  GString *text = g_string_new (NULL);

  for (gint i = 0; items[i].nick; i++)
    g_string_append_printf (text, "%s\"%s\"",
                            i == 0 ? "" : items[i + 1].nick ? ", " : " or ",
                            items[i].nick);
  return g_string_free (text, FALSE);
}

void
fg_add_choice_argument (GimpProcedure      *procedure,
                        const gchar        *name,
                        const gchar        *nick,
                        const gchar        *blurb,
                        const FgChoiceItem *items,
                        const gchar        *default_nick)
{
  gchar *values = valid_values (items);
  gchar *full   = g_strdup_printf ("%s: %s", blurb, values);

  gimp_procedure_add_string_argument (procedure, name, nick, full, default_nick,
                                      G_PARAM_READWRITE);
  g_free (full);
  g_free (values);
}

gint
fg_config_get_choice (GimpProcedureConfig *config,
                      const gchar         *name,
                      const FgChoiceItem  *items,
                      GError             **error)
{
  gchar *value = NULL;
  gint   found = -1;

  g_object_get (config, name, &value, NULL);
  for (gint i = 0; value && items[i].nick; i++)
    if (g_strcmp0 (value, items[i].nick) == 0)
      found = i;

  if (found < 0)
    {
      gchar *values = valid_values (items);

      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   "Unknown %s \"%s\": use %s.", name, value ? value : "", values);
      g_free (values);
    }
  g_free (value);
  return found;
}
