/* op_properties.c — GObject properties of the GEGL operations, made from a
 * filter's FgSetting table (see op_properties.h). */
#include "op_properties.h"

#include <gegl.h>
#include <gegl-paramspecs.h>

#define FLAGS ((GParamFlags) (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | GEGL_PARAM_PAD_INPUT))

/* An instance's values, one per setting of its table. */
typedef struct
{
  guint  n;
  GValue values[];
} Values;

static GQuark
table_quark (void)            /* type qdata of an op type: its FgOpSettings */
{
  return g_quark_from_static_string ("freqgrad-op-settings");
}

static GQuark
values_quark (void)           /* object qdata of an op instance: its Values */
{
  return g_quark_from_static_string ("freqgrad-op-values");
}

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
choice_enum_type (const FgSetting *setting,
                  const gchar     *type_prefix)
{
  gchar *type_name = g_strconcat (type_prefix, "-", setting->name, NULL);
  GType  type      = g_type_from_name (type_name);

  /* fg_setting_enum_values copies the strings: a static type outlives the
   * module's code and data if GEGL ever unloads it. */
  if (! type)
    type = g_enum_register_static (g_intern_string (type_name), fg_setting_enum_values (setting));
  g_free (type_name);
  return type;
}

static GParamSpec *
make_pspec (const FgSetting *setting,
            const gchar     *type_prefix)
{
  gchar      *nick    = strip_mnemonic (setting->label);
  gdouble     gamma   = setting->ui_gamma > 0.0 ? setting->ui_gamma : 1.0;
  gboolean    ui_full = setting->ui_minimum == 0.0 && setting->ui_maximum == 0.0;
  gdouble     ui_min  = ui_full ? setting->minimum : setting->ui_minimum;
  gdouble     ui_max  = ui_full ? setting->maximum : setting->ui_maximum;
  gboolean    steps   = setting->ui_step_small > 0.0;
  GParamSpec *pspec   = NULL;

  switch (setting->type)
    {
    case FG_SETTING_DOUBLE:
      pspec = gegl_param_spec_double (setting->name, nick, setting->blurb,
                                      setting->minimum, setting->maximum, setting->default_value,
                                      ui_min, ui_max, gamma, FLAGS);
      gegl_param_spec_double_set_digits (GEGL_PARAM_SPEC_DOUBLE (pspec), setting->digits);
      if (steps)
        gegl_param_spec_double_set_steps (GEGL_PARAM_SPEC_DOUBLE (pspec),
                                          setting->ui_step_small, setting->ui_step_big);
      break;
    case FG_SETTING_INT:
      pspec = gegl_param_spec_int (setting->name, nick, setting->blurb,
                                   (gint) setting->minimum, (gint) setting->maximum,
                                   (gint) setting->default_value,
                                   (gint) ui_min, (gint) ui_max, gamma, FLAGS);
      if (steps)
        gegl_param_spec_int_set_steps (GEGL_PARAM_SPEC_INT (pspec),
                                       (gint) setting->ui_step_small, (gint) setting->ui_step_big);
      break;
    case FG_SETTING_BOOLEAN:
      pspec = g_param_spec_boolean (setting->name, nick, setting->blurb,
                                    setting->default_value != 0.0, FLAGS);
      break;
    case FG_SETTING_CHOICE:
      /* A GEGL enum spec, not a plain GLib one: GIMP passes those to plug-ins
       * as choices (strings), which the plug-in's process can deserialise. */
      pspec = gegl_param_spec_enum (setting->name, nick, setting->blurb,
                                    choice_enum_type (setting, type_prefix),
                                    (gint) setting->default_value, FLAGS);
      break;
    case FG_SETTING_NUMBERS:
      /* A string of numbers: GIMP's filter configs pass strings on both
       * 3.0 and 3.2, and GIMP's generated dialog shows a text entry. */
      pspec = g_param_spec_string (setting->name, nick, setting->blurb, "", FLAGS);
      break;
    }
  if (setting->unit)
    gegl_param_spec_set_property_key (pspec, "unit", setting->unit);
  if (setting->sensitive)
    gegl_param_spec_set_property_key (pspec, "sensitive", setting->sensitive);
  g_free (nick);
  return pspec;
}

static void
values_free (gpointer data)
{
  Values *values = data;

  for (guint i = 0; i < values->n; i++)
    g_value_unset (&values->values[i]);
  g_free (values);
}

/* The slot of `property_id` in the instance's values, made with every
 * property's default on first use (while GObject sets the construct
 * properties, so before any other thread sees the instance); NULL if the id
 * is not one of the table's. */
static GValue *
value_slot (GObject    *object,
            guint       property_id,
            GParamSpec *pspec)
{
  const FgOpSettings *table  = g_type_get_qdata (pspec->owner_type, table_quark ());
  Values             *values = g_object_get_qdata (object, values_quark ());

  if (! table || property_id < 1 || property_id > table->n_settings)
    return NULL;
  if (! values)
    {
      GObjectClass *klass = g_type_class_peek (pspec->owner_type);

      values    = g_malloc0 (sizeof (Values) + table->n_settings * sizeof (GValue));
      values->n = table->n_settings;
      for (guint i = 0; i < values->n; i++)
        {
          GParamSpec *spec = g_object_class_find_property (klass, table->settings[i].name);

          g_value_init (&values->values[i], G_PARAM_SPEC_VALUE_TYPE (spec));
          g_param_value_set_default (spec, &values->values[i]);
        }
      g_object_set_qdata_full (object, values_quark (), values, values_free);
    }
  return &values->values[property_id - 1];
}

/* Setting and getting are one copy through the property's slot: into it
 * from `from`, or out of it into `to`. */
static void
copy_property (GObject      *object,
               guint         property_id,
               GParamSpec   *pspec,
               const GValue *from,
               GValue       *to)
{
  GValue *slot = value_slot (object, property_id, pspec);

  if (! slot)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, property_id, pspec);
  else if (from)
    g_value_copy (from, slot);
  else
    g_value_copy (slot, to);
}

static void
set_property (GObject      *object,
              guint         property_id,
              const GValue *value,
              GParamSpec   *pspec)
{
  copy_property (object, property_id, pspec, value, NULL);
}

static void
get_property (GObject    *object,
              guint       property_id,
              GValue     *value,
              GParamSpec *pspec)
{
  copy_property (object, property_id, pspec, NULL, value);
}

void
fg_op_properties_register_types (const FgOpSettings *table)
{
  for (guint i = 0; i < table->n_settings; i++)
    if (table->settings[i].type == FG_SETTING_CHOICE)
      choice_enum_type (&table->settings[i], table->type_prefix);
}

void
fg_op_properties_install (GObjectClass       *klass,
                          const FgOpSettings *table)
{
  g_type_set_qdata (G_OBJECT_CLASS_TYPE (klass), table_quark (), (gpointer) table);
  klass->set_property = set_property;
  klass->get_property = get_property;
  for (guint i = 0; i < table->n_settings; i++)
    g_object_class_install_property (klass, i + 1,
                                     make_pspec (&table->settings[i], table->type_prefix));
}
