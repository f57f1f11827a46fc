/* op_properties.c — GObject properties of the GEGL operations, made from a
 * filter's parameter declarations (see op_properties.h). */
#include "op_properties.h"

#include <string.h>

#include <gegl.h>
#include <gegl-paramspecs.h>

#define FG_PARAM_ERROR (g_quark_from_static_string ("freqgrad-param-error"))
#define FLAGS ((GParamFlags) (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | GEGL_PARAM_PAD_INPUT))

/* "C_utoff period (px)" -> "Cutoff period (px)": GIMP's generated dialog
 * shows the nick as it is, mnemonics are the PDB dialog's business. */
static gchar *
strip_mnemonic (const gchar *label)
{
  GString *text = g_string_new (NULL);

  for (const gchar *p = label; *p; p++)
    if (*p != '_')
      g_string_append_c (text, *p);
  return g_string_free (text, FALSE);
}

/* An enum type for a choice, values = core values, in the table's order
 * (the combo box's order).  Registered once; modules stay resident. */
static GType
choice_enum_type (const FgParamDecl *decl,
                  const gchar       *type_prefix)
{
  gchar      *type_name = g_strconcat (type_prefix, "-", decl->name, NULL);
  GType       type      = g_type_from_name (type_name);
  GEnumValue *values;
  gint        n = 0;

  if (type)
    {
      g_free (type_name);
      return type;
    }
  while (decl->choices[n].nick)
    n++;
  /* A static type outlives the module's code and data if GEGL ever unloads
   * it, so its strings are copies on the heap, kept for the type's life. */
  values = g_new0 (GEnumValue, n + 1);
  for (gint i = 0; i < n; i++)
    {
      values[i].value      = decl->choices[i].core_value;
      values[i].value_name = g_strdup (decl->choices[i].label);
      values[i].value_nick = g_strdup (decl->choices[i].nick);
    }
  type = g_enum_register_static (g_intern_string (type_name), values);
  g_free (type_name);
  return type;
}

static gint
choice_default (const FgParamDecl *decl)
{
  for (gint i = 0; decl->choices[i].nick; i++)
    if (g_strcmp0 (decl->choices[i].nick, decl->default_nick) == 0)
      return decl->choices[i].core_value;
  return decl->choices[0].core_value;
}

static GParamSpec *
make_pspec (const FgParamDecl *decl,
            const gchar       *type_prefix)
{
  gchar      *nick  = strip_mnemonic (decl->label);
  gdouble     gamma = decl->ui_gamma > 0.0 ? decl->ui_gamma : 1.0;
  GParamSpec *pspec = NULL;

  switch (decl->type)
    {
    case FG_PARAM_DOUBLE:
      pspec = gegl_param_spec_double (decl->name, nick, decl->tooltip,
                                      decl->minimum, decl->maximum, decl->default_value,
                                      decl->ui_minimum, decl->ui_maximum, gamma, FLAGS);
      gegl_param_spec_double_set_digits (GEGL_PARAM_SPEC_DOUBLE (pspec), decl->ui_digits);
      break;
    case FG_PARAM_INT:
      pspec = gegl_param_spec_int (decl->name, nick, decl->tooltip,
                                   (gint) decl->minimum, (gint) decl->maximum,
                                   (gint) decl->default_value,
                                   (gint) decl->ui_minimum, (gint) decl->ui_maximum, gamma, FLAGS);
      break;
    case FG_PARAM_BOOLEAN:
      pspec = g_param_spec_boolean (decl->name, nick, decl->tooltip,
                                    decl->default_value != 0.0, FLAGS);
      break;
    case FG_PARAM_CHOICE:
      /* A GEGL enum spec, not a plain GLib one: GIMP passes those to plug-ins
       * as choices (strings), which the plug-in's process can deserialise. */
      pspec = gegl_param_spec_enum (decl->name, nick, decl->tooltip,
                                    choice_enum_type (decl, type_prefix), choice_default (decl), FLAGS);
      break;
    }
  /* The property keys copy nothing: the table's strings are static. */
  if (decl->unit)
    gegl_param_spec_set_property_key (pspec, "unit", decl->unit);
  if (decl->sensitive)
    gegl_param_spec_set_property_key (pspec, "sensitive", decl->sensitive);
  g_free (nick);
  return pspec;
}

void
fg_param_register_types (const FgParamDecl *table,
                         const gchar       *type_prefix)
{
  for (guint i = 0; table[i].name; i++)
    if (table[i].op && table[i].type == FG_PARAM_CHOICE)
      choice_enum_type (&table[i], type_prefix);
}

void
fg_param_install (GObjectClass      *klass,
                  const FgParamDecl *table,
                  guint              first_id,
                  const gchar       *type_prefix)
{
  for (guint i = 0; table[i].name; i++)
    if (table[i].op)
      g_object_class_install_property (klass, first_id + i, make_pspec (&table[i], type_prefix));
}

void
fg_param_values_init (FgParamValues     *values,
                      GObject           *object,
                      const FgParamDecl *table,
                      guint              first_id)
{
  guint n = 0;

  while (table[n].name)
    n++;
  values->table    = table;
  values->first_id = first_id;
  values->values   = g_new0 (GValue, n);
  for (guint i = 0; i < n; i++)
    if (table[i].op)
      {
        GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object),
                                                          table[i].name);

        g_value_init (&values->values[i], G_PARAM_SPEC_VALUE_TYPE (pspec));
        g_param_value_set_default (pspec, &values->values[i]);
      }
}

void
fg_param_values_clear (FgParamValues *values)
{
  for (guint i = 0; values->table && values->table[i].name; i++)
    if (G_IS_VALUE (&values->values[i]))
      g_value_unset (&values->values[i]);
  g_clear_pointer (&values->values, g_free);
}

static GValue *
value_for (FgParamValues *values,
           guint          property_id)
{
  guint n = 0;

  while (values->table[n].name)
    n++;
  if (property_id < values->first_id || property_id >= values->first_id + n
      || ! G_IS_VALUE (&values->values[property_id - values->first_id]))
    return NULL;
  return &values->values[property_id - values->first_id];
}

gboolean
fg_param_values_set (FgParamValues *values,
                     guint          property_id,
                     const GValue  *value)
{
  GValue *slot = value_for (values, property_id);

  if (slot)
    g_value_copy (value, slot);
  return slot != NULL;
}

gboolean
fg_param_values_get (FgParamValues *values,
                     guint          property_id,
                     GValue        *value)
{
  GValue *slot = value_for (values, property_id);

  if (slot)
    g_value_copy (slot, value);
  return slot != NULL;
}

gint
fg_param_get_choice (GObject           *object,
                     const FgParamDecl *table,
                     const gchar       *name,
                     GError           **error)
{
  GParamSpec        *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), name);
  const FgParamDecl *decl  = NULL;
  gchar             *nick  = NULL;
  gint               found = -1;

  for (guint i = 0; table[i].name && ! decl; i++)
    if (strcmp (table[i].name, name) == 0 && table[i].type == FG_PARAM_CHOICE)
      decl = &table[i];
  if (! decl || ! pspec)
    {
      g_set_error (error, FG_PARAM_ERROR, 0, "No choice \"%s\".", name);
      return -1;
    }

  if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      gint value;

      g_object_get (object, name, &value, NULL);
      for (gint i = 0; decl->choices[i].nick; i++)
        if (decl->choices[i].core_value == value)
          return value;
    }
  else if (G_IS_PARAM_SPEC_STRING (pspec))
    {
      g_object_get (object, name, &nick, NULL);
      for (gint i = 0; nick && decl->choices[i].nick && found < 0; i++)
        if (strcmp (nick, decl->choices[i].nick) == 0)
          found = decl->choices[i].core_value;
      if (found >= 0)
        {
          g_free (nick);
          return found;
        }
    }

  {
    GString *valid = g_string_new (NULL);

    for (gint i = 0; decl->choices[i].nick; i++)
      g_string_append_printf (valid, "%s\"%s\"", i ? ", " : "", decl->choices[i].nick);
    g_set_error (error, FG_PARAM_ERROR, 0,
                 "Unknown %s \"%s\": use %s.", name, nick ? nick : "", valid->str);
    g_string_free (valid, TRUE);
  }
  g_free (nick);
  return -1;
}
