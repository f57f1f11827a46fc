/* setting.c — reading and checking values against a setting's declaration. */
#include "setting.h"

#include <math.h>
#include <string.h>
#include "i18n.h"

G_DEFINE_QUARK (fg-setting-error-quark, fg_setting_error)

const FgChoice *
fg_setting_choice_by_nick (const FgSetting *setting,
                           const gchar     *nick)
{
  for (const FgChoice *choice = setting->choices; nick && choice->nick; choice++)
    if (g_strcmp0 (choice->nick, nick) == 0)
      return choice;
  return NULL;
}

const FgChoice *
fg_setting_choice_by_value (const FgSetting *setting,
                            gint             value)
{
  for (const FgChoice *choice = setting->choices; choice->nick; choice++)
    if (choice->value == value)
      return choice;
  return NULL;
}

const gchar *
fg_setting_default_nick (const FgSetting *setting)
{
  const FgChoice *choice = fg_setting_choice_by_value (setting, (gint) setting->default_value);

  return choice ? choice->nick : setting->choices[0].nick;
}

/* A number as short as it can be and still read back the same. */
static gchar *
number_text (gdouble value)
{
  gchar *text = g_strdup_printf ("%.15g", value);

  if (isfinite (value) && g_ascii_strtod (text, NULL) != value)
    {
      g_free (text);
      text = g_strdup_printf ("%.17g", value);
    }
  return text;
}

gchar *
fg_setting_valid_values (const FgSetting *setting)
{
  GString *text = g_string_new (NULL);

  if (setting->type == FG_SETTING_CHOICE)
    {
      const FgChoice *choices = setting->choices;

      for (gint i = 0; choices[i].nick; i++)
        g_string_append_printf (text, "%s\"%s\"",
                                i == 0 ? "" : choices[i + 1].nick ? ", " : " or ",
                                choices[i].nick);
    }
  else if (setting->type == FG_SETTING_BOOLEAN)
    {
      g_string_append (text, "TRUE or FALSE");
    }
  else if (setting->type == FG_SETTING_NUMBERS)
    {
      gchar *low  = number_text (setting->minimum);
      gchar *high = number_text (setting->maximum);

      g_string_append_printf (text, "groups of %d numbers, each %s to %s, at most %d groups",
                              setting->list_group, low, high, setting->list_max);
      g_free (low);
      g_free (high);
    }
  else
    {
      gchar *low  = number_text (setting->minimum);
      gchar *high = number_text (setting->maximum);

      g_string_append_printf (text, "%s to %s", low, high);
      g_free (low);
      g_free (high);
    }
  return g_string_free (text, FALSE);
}

gchar *
fg_setting_description (const FgSetting *setting)
{
  gchar *values = fg_setting_valid_values (setting);
  gchar *text;

  if (setting->type == FG_SETTING_CHOICE)
    text = g_strdup_printf ("%s: %s", setting->blurb, values);
  else if (setting->type == FG_SETTING_BOOLEAN)
    text = g_strdup (setting->blurb);
  else if (setting->type == FG_SETTING_NUMBERS)
    text = g_strdup_printf ("%s; valid: %s", setting->blurb, values);
  else
    text = g_strdup_printf ("%s; valid range %s", setting->blurb, values);
  g_free (values);
  return text;
}

static gboolean
in_range (const FgSetting *setting,
          gdouble          value,
          GError         **error)
{
  gchar *values;
  gchar *shown;

  /* Written so that NaN fails too. */
  if (value >= setting->minimum && value <= setting->maximum)
    return TRUE;

  values = fg_setting_valid_values (setting);
  shown  = number_text (value);
  g_set_error (error, FG_SETTING_ERROR, 0, _("%s %s is out of range: use %s from %s."),
               setting->name, shown,
               setting->type == FG_SETTING_INT ? _("a whole number") : _("a number"), values);
  g_free (shown);
  g_free (values);
  return FALSE;
}

/* Reads a number property of any numeric type as a double. */
static gboolean
get_number (GObject         *object,
            const FgSetting *setting,
            gdouble         *value,
            GError         **error)
{
  GValue number = G_VALUE_INIT;

  g_value_init (&number, G_TYPE_DOUBLE);
  g_object_get_property (object, setting->name, &number);
  *value = g_value_get_double (&number);
  return in_range (setting, *value, error);
}

gboolean
fg_setting_get_double (GObject         *object,
                       const FgSetting *setting,
                       gdouble         *value,
                       GError         **error)
{
  g_return_val_if_fail (setting->type == FG_SETTING_DOUBLE, FALSE);

  return get_number (object, setting, value, error);
}

gboolean
fg_setting_get_int (GObject         *object,
                    const FgSetting *setting,
                    gint            *value,
                    GError         **error)
{
  gdouble number;

  g_return_val_if_fail (setting->type == FG_SETTING_INT, FALSE);

  if (! get_number (object, setting, &number, error))
    return FALSE;
  *value = (gint) number;     /* in range, so it fits */
  return TRUE;
}

gboolean
fg_setting_get_boolean (GObject         *object,
                        const FgSetting *setting,
                        gboolean        *value,
                        GError         **error)
{
  g_return_val_if_fail (setting->type == FG_SETTING_BOOLEAN, FALSE);

  (void) error;         /* every boolean is valid */
  g_object_get (object, setting->name, value, NULL);
  *value = *value != FALSE;
  return TRUE;
}

gboolean
fg_setting_get_choice (GObject         *object,
                       const FgSetting *setting,
                       gint            *value,
                       GError         **error)
{
  GParamSpec     *pspec;
  const FgChoice *choice;
  gchar          *nick = NULL;

  g_return_val_if_fail (setting->type == FG_SETTING_CHOICE, FALSE);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), setting->name);
  g_return_val_if_fail (pspec != NULL, FALSE);

  if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      g_object_get (object, setting->name, value, NULL);
      choice = fg_setting_choice_by_value (setting, *value);
      nick   = g_strdup_printf ("%d", *value);
    }
  else
    {
      g_object_get (object, setting->name, &nick, NULL);
      choice = fg_setting_choice_by_nick (setting, nick);
    }

  if (choice)
    {
      *value = choice->value;
    }
  else
    {
      gchar *values = fg_setting_valid_values (setting);

      g_set_error (error, FG_SETTING_ERROR, 0, _("Unknown %s \"%s\": use %s."),
                   setting->name, nick ? nick : "", values);
      g_free (values);
    }
  g_free (nick);
  return choice != NULL;
}

static gboolean
numbers_error (const FgSetting *setting,
               const gchar     *text,
               const gchar     *why,
               GError         **error)
{
  gchar *values = fg_setting_valid_values (setting);

  g_set_error (error, FG_SETTING_ERROR, 0, _("%s \"%s\": %s; use %s."),
               setting->name, text, why, values);
  g_free (values);
  return FALSE;
}

gboolean
fg_setting_parse_numbers (const FgSetting *setting,
                          const gchar     *text,
                          gdouble         *values,
                          gint            *count,
                          GError         **error)
{
  gint         most = setting->list_group * setting->list_max;
  gint         n    = 0;
  const gchar *p    = text ? text : "";

  g_return_val_if_fail (setting->type == FG_SETTING_NUMBERS, FALSE);

  for (;;)
    {
      gchar  *end;
      gdouble value;

      while (*p == ' ' || *p == ',' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ';')
        p++;
      if (! *p)
        break;
      value = g_ascii_strtod (p, &end);
      if (end == p || (*end && ! strchr (" ,\t\n\r;", *end)))
        return numbers_error (setting, text, _("not a list of numbers"), error);
      if (! (value >= setting->minimum && value <= setting->maximum))
        {
          gchar *shown = number_text (value);
          gchar *why   = g_strdup_printf (_("%s is out of range"), shown);
          gboolean ok  = numbers_error (setting, text, why, error);

          g_free (why);
          g_free (shown);
          return ok;
        }
      if (n == most)
        return numbers_error (setting, text, _("too many numbers"), error);
      values[n++] = value;
      p = end;
    }
  if (n % setting->list_group != 0)
    return numbers_error (setting, text, _("the count of numbers is not a multiple of the group"),
                          error);
  *count = n;
  return TRUE;
}

gboolean
fg_setting_get_numbers (GObject         *object,
                        const FgSetting *setting,
                        gdouble         *values,
                        gint            *count,
                        GError         **error)
{
  gchar   *text = NULL;
  gboolean ok;

  g_return_val_if_fail (setting->type == FG_SETTING_NUMBERS, FALSE);

  g_object_get (object, setting->name, &text, NULL);
  ok = fg_setting_parse_numbers (setting, text, values, count, error);
  g_free (text);
  return ok;
}

gchar *
fg_setting_numbers_text (const FgSetting *setting,
                         const gdouble   *values,
                         gint             count)
{
  GString *text = g_string_new (NULL);

  for (gint i = 0; i < count; i++)
    {
      gchar shown[G_ASCII_DTOSTR_BUF_SIZE];

      /* 15 digits where they read back the same, else the exact form;
       * always with a point, whatever the locale. */
      g_ascii_formatd (shown, sizeof shown, "%.15g", values[i]);
      if (g_ascii_strtod (shown, NULL) != values[i])
        g_ascii_dtostr (shown, sizeof shown, values[i]);
      if (i > 0)
        g_string_append (text, i % setting->list_group == 0 ? ", " : " ");
      g_string_append (text, shown);
    }
  return g_string_free (text, FALSE);
}

/* The nick of a string or enum property's value (NULL for other types). */
static gchar *
property_nick (GObject    *object,
               GParamSpec *pspec)
{
  gchar *nick = NULL;

  if (G_IS_PARAM_SPEC_STRING (pspec))
    {
      g_object_get (object, pspec->name, &nick, NULL);
    }
  else if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      GEnumClass *klass = g_type_class_ref (pspec->value_type);
      GEnumValue *value;
      gint        n;

      g_object_get (object, pspec->name, &n, NULL);
      value = g_enum_get_value (klass, n);
      nick  = value ? g_strdup (value->value_nick) : NULL;
      g_type_class_unref (klass);
    }
  return nick;
}

gboolean
fg_setting_sensitive (const FgSetting *setting,
                      GObject         *object)
{
  const gchar *expression = setting->sensitive;
  gboolean     negate, result = TRUE;
  gchar       *name, **set = NULL;
  const gchar *brace;
  GParamSpec  *pspec;

  if (! expression)
    return TRUE;
  while (*expression == ' ')
    expression++;
  negate = *expression == '!';
  if (negate)
    expression++;
  brace = strchr (expression, '{');
  name  = g_strstrip (brace ? g_strndup (expression, brace - expression) : g_strdup (expression));
  if (brace)
    {
      gchar *inside = g_strndup (brace + 1, strcspn (brace + 1, "}"));

      set = g_strsplit (inside, ",", -1);
      for (gint i = 0; set[i]; i++)
        g_strstrip (set[i]);
      g_free (inside);
    }

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), name);
  if (pspec && set)
    {
      gchar *nick = property_nick (object, pspec);

      result = nick && g_strv_contains ((const gchar * const *) set, nick);
      g_free (nick);
    }
  else if (pspec && G_IS_PARAM_SPEC_BOOLEAN (pspec))
    {
      g_object_get (object, name, &result, NULL);
    }
  g_strfreev (set);
  g_free (name);
  return negate ? ! result : result;
}

const GEnumValue *
fg_setting_enum_values (const FgSetting *setting)
{
  GEnumValue *values;
  gint        count = 0;

  g_return_val_if_fail (setting->type == FG_SETTING_CHOICE, NULL);

  while (setting->choices[count].nick)
    count++;
  values = g_new0 (GEnumValue, count + 1);
  for (gint i = 0; i < count; i++)
    {
      values[i].value      = setting->choices[i].value;
      values[i].value_name = g_strdup (setting->choices[i].label);
      values[i].value_nick = g_strdup (setting->choices[i].nick);
    }
  return values;
}
