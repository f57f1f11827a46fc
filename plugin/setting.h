/* setting.h — one declaration of a filter parameter, read by every front end.
 *
 * A filter's parameters are a table of FgSetting (see
 * frequency_smooth_settings.h, gradient_denoise_settings.h).  The PDB
 * arguments are registered from it (procedure_arguments.c), the dialogs
 * build their widgets from it (dialog_widgets.c), and the GEGL operations
 * install their properties from it (gegl/op_properties.c).  Values are
 * read back through GObject property names, so the same readers work on a
 * GimpProcedureConfig and on a GeglOperation.
 *
 * Labels and blurbs are marked N_() (i18n.h) and translated where they are
 * shown, so the GEGL module and the help pages read them in English.
 *
 * Only GLib and GObject: no libgimp, no GTK. */
#ifndef FG_PLUGIN_SETTING_H
#define FG_PLUGIN_SETTING_H

#include <glib-object.h>

typedef enum
{
  FG_SETTING_DOUBLE,
  FG_SETTING_INT,
  FG_SETTING_BOOLEAN,
  FG_SETTING_CHOICE,      /* one of a fixed set of nicks, each a core enum value */
  FG_SETTING_NUMBERS      /* a list of numbers, as a string property ("0.1 0.05, 0.2 0"):
                           * each in minimum..maximum, in groups of list_group, at most
                           * list_max groups; the default is the empty list */
} FgSettingType;

typedef struct
{
  const gchar *nick;      /* what scripts pass, e.g. "gaussian" */
  gint         value;     /* the core's enum value, e.g. FG_LOWPASS_GAUSSIAN */
  const gchar *label;     /* what the dialog shows (N_(): translated where shown) */
} FgChoice;               /* arrays end with { NULL } */

typedef struct
{
  const gchar    *name;           /* the property / PDB argument name */
  FgSettingType   type;
  const gchar    *label;          /* with a mnemonic: "C_utoff period (px)" */
  const gchar    *blurb;          /* what it does; the valid values are added where shown */

  /* Numbers and lists of numbers: the valid range (inclusive) of each.
   * Booleans and choices: unused. */
  gdouble         minimum;
  gdouble         maximum;
  /* Numbers and booleans (0 or 1): the value; choices: the choice's value. */
  gdouble         default_value;

  /* The dialog's slider (0, 0: the valid range), the digits shown, steps
   * (0: GIMP's own) and a logarithmic slider.  The field shows `digits`
   * decimals, or with `ui_significant` > 0 that many significant digits
   * ("%g": 0.004072, 1e-06) for values spanning decades; it is made wide
   * enough for any value in the valid range. */
  gdouble         ui_minimum;
  gdouble         ui_maximum;
  gint            digits;
  gint            ui_significant;
  gdouble         ui_step_small;
  gdouble         ui_step_big;
  gboolean        ui_logarithmic;

  const FgChoice *choices;        /* choices only */

  /* Optional; NULL or 0: none.  Read by the GEGL operations (plugin/gegl),
   * whose GIMP dialog GIMP generates from the property, and free for the
   * plug-in's own dialog to use. */
  gdouble         ui_gamma;       /* numbers: the slider's gamma (0: 1.0, linear);
                                   * the plug-in's dialog has ui_logarithmic */
  const gchar    *unit;           /* numbers: what the value measures, as a GEGL
                                   * "unit" key: "pixel-distance" (a length in pixels) */
  const gchar    *sensitive;      /* when the setting matters, as a GIMP "sensitive"
                                   * expression over other settings' names:
                                   * "! auto-strength", "filter {butterworth}" */

  /* Lists of numbers: how many numbers make one item (2: fx fy pairs) and
   * the most items. */
  gint            list_group;
  gint            list_max;       /* list_group * list_max <= FG_SETTING_MAX_NUMBERS */
} FgSetting;

/* The settings every filter's table has after the filter's own, in this
 * order: where the results go.  They are the plug-in's (PDB arguments and
 * dialog), not the GEGL operation's; fg_nde_run_setting finds them. */
typedef enum
{
  FG_RUN_OUTPUT,          /* replace the drawable or add a layer (FgOutputMode) */
  FG_RUN_EXTRA_LAYERS,    /* the filter's extra layers (spectra, gradient maps) */
  FG_RUN_MERGE_FILTER,    /* write the pixels, or keep a non-destructive filter */
  FG_RUN_N_SETTINGS
} FgRunSettingId;

/* The most numbers a list setting holds. */
#define FG_SETTING_MAX_NUMBERS 128

#define FG_SETTING_ERROR (fg_setting_error_quark ())
GQuark          fg_setting_error_quark     (void);

/* The choice with `nick` / with core `value`, or NULL. */
const FgChoice *fg_setting_choice_by_nick  (const FgSetting *setting,
                                            const gchar     *nick);
const FgChoice *fg_setting_choice_by_value (const FgSetting *setting,
                                            gint             value);

/* The default choice's nick. */
const gchar    *fg_setting_default_nick    (const FgSetting *setting);

/* The valid values as text: "1 to 100000", "\"mirror\" or \"periodic\"". */
gchar          *fg_setting_valid_values    (const FgSetting *setting);

/* The blurb with the valid values, for the PDB browser. */
gchar          *fg_setting_description     (const FgSetting *setting);

/* Read the property `setting->name` of `object` and check it against the
 * declaration: FALSE with an FG_SETTING_ERROR naming the setting, the value
 * and the valid values when it is outside them (NaN included).  A choice is
 * read from a string property (its nick) or an enum property (its value)
 * and returned as the core's value. */
gboolean        fg_setting_get_double      (GObject         *object,
                                            const FgSetting *setting,
                                            gdouble         *value,
                                            GError         **error);
gboolean        fg_setting_get_int         (GObject         *object,
                                            const FgSetting *setting,
                                            gint            *value,
                                            GError         **error);
gboolean        fg_setting_get_boolean     (GObject         *object,
                                            const FgSetting *setting,
                                            gboolean        *value,
                                            GError         **error);
gboolean        fg_setting_get_choice      (GObject         *object,
                                            const FgSetting *setting,
                                            gint            *value,
                                            GError         **error);

/* A list of numbers (a string of numbers separated by spaces or commas)
 * read from the string property `setting->name` and checked: FALSE with an
 * FG_SETTING_ERROR when a word is not a number, a number is NaN or outside
 * the range, the count is not a multiple of list_group or more than
 * list_group * list_max.  `values` has room for list_group * list_max;
 * *count receives the numbers' count. */
gboolean        fg_setting_get_numbers     (GObject         *object,
                                            const FgSetting *setting,
                                            gdouble         *values,
                                            gint            *count,
                                            GError         **error);

/* The same check of a text, without an object. */
gboolean        fg_setting_parse_numbers   (const FgSetting *setting,
                                            const gchar     *text,
                                            gdouble         *values,
                                            gint            *count,
                                            GError         **error);

/* Numbers as the text fg_setting_parse_numbers reads back exactly,
 * list_group numbers a group, groups separated by ", ". */
gchar          *fg_setting_numbers_text    (const FgSetting *setting,
                                            const gdouble   *values,
                                            gint             count);

/* Whether `setting` matters with `object`'s current values: its
 * `sensitive` expression ("name", "! name", "name {nick, nick}") evaluated
 * over the boolean, string or enum properties it names; TRUE without one. */
gboolean        fg_setting_sensitive       (const FgSetting *setting,
                                            GObject         *object);

/* The choices as GEnumValues for g_enum_register_static: value, label as
 * value_name, nick.  A new array on each call, strings included, for a
 * static type to keep (GLib never frees it): it does not point into the
 * table, so the type outlives a GEGL module that is unloaded. */
const GEnumValue *fg_setting_enum_values   (const FgSetting *setting);

#endif
