/* op_properties.h — the one place where the GEGL operations meet the filter
 * parameter declarations: it installs an operation's GObject properties from
 * a declaration table and stores their values, so the ops carry no ranges,
 * defaults or labels of their own.
 *
 * What the adapter expects of a declaration table (FgParamDecl below; today
 * it comes from TEMP_declarations.c, later from plugin/<filter>_settings.c):
 *   - an array of FgParamDecl ending with an entry whose name is NULL;
 *   - per entry: name (the PDB argument name), type, for numbers minimum,
 *     maximum, default and the dialog's ui range, ui gamma (0 = 1.0), digits
 *     (doubles) and unit ("pixel-distance" or NULL); for booleans the default;
 *     for choices a { nick, label, core value } array ending with nick NULL
 *     and the default nick;
 *   - label (the dialog label, may hold a '_' mnemonic, which is dropped) and
 *     tooltip; optionally a GUM "sensitive" expression (GIMP's dialog greys
 *     the widget out when it is false, e.g. "! auto-strength");
 *   - op = FALSE for PDB-only arguments (outputs: output, spectra,
 *     gradient-map), which the ops skip;
 *   - a conversion `gboolean X_params_from_object (GObject *object,
 *     fg_X_params *params, GError **error)` that reads the properties with
 *     g_object_get and fg_param_get_choice (works on a GimpProcedureConfig,
 *     whose choices are strings, and on an operation, whose choices are
 *     enums).
 */
#ifndef FG_GEGL_OP_PROPERTIES_H
#define FG_GEGL_OP_PROPERTIES_H

#include <glib-object.h>

typedef enum
{
  FG_PARAM_DOUBLE,
  FG_PARAM_INT,
  FG_PARAM_BOOLEAN,
  FG_PARAM_CHOICE
} FgParamType;

typedef struct
{
  const gchar *nick;        /* what scripts pass, e.g. "gaussian" */
  const gchar *label;       /* what the combo box shows */
  gint         core_value;  /* the fg_* enum value */
} FgParamChoice;            /* arrays end with nick NULL */

typedef struct
{
  const gchar         *name;
  FgParamType          type;
  gdouble              minimum, maximum, default_value;      /* numbers, boolean default */
  gdouble              ui_minimum, ui_maximum, ui_gamma;      /* doubles and ints */
  gint                 ui_digits;                             /* doubles */
  const gchar         *unit;                                  /* GEGL "unit" key or NULL */
  const FgParamChoice *choices;                               /* FG_PARAM_CHOICE */
  const gchar         *default_nick;                          /* FG_PARAM_CHOICE */
  const gchar         *label;
  const gchar         *tooltip;
  const gchar         *sensitive;                             /* GUM expression or NULL */
  gboolean             op;                                    /* FALSE: PDB only */
} FgParamDecl;

/* The values of an operation instance's table-driven properties. */
typedef struct
{
  const FgParamDecl *table;
  guint              first_id;   /* property id of table entry 0 */
  GValue            *values;     /* one per table entry (unset for PDB-only) */
} FgParamValues;

/* Installs one property per op entry of `table` on `klass`, with ids
 * first_id + index, as GEGL param specs (ui ranges, digits, unit,
 * "sensitive" key); choices become enum types named type_prefix + name. */
void      fg_param_install        (GObjectClass      *klass,
                                   const FgParamDecl *table,
                                   guint              first_id,
                                   const gchar       *type_prefix);

/* Registers the enum types of the table's choices.  Called when the module
 * is registered, not only when an op class is first used: GIMP sends the
 * op's param specs to plug-ins (libgimp's GimpDrawableFilterConfig), whose
 * process must know the enum types by name before any op class exists. */
void      fg_param_register_types (const FgParamDecl *table,
                                   const gchar       *type_prefix);

/* Sets every value to the default of its property. */
void      fg_param_values_init    (FgParamValues     *values,
                                   GObject           *object,
                                   const FgParamDecl *table,
                                   guint              first_id);
void      fg_param_values_clear   (FgParamValues     *values);

/* For set_property / get_property; FALSE if the id is not the table's. */
gboolean  fg_param_values_set     (FgParamValues     *values,
                                   guint              property_id,
                                   const GValue      *value);
gboolean  fg_param_values_get     (FgParamValues     *values,
                                   guint              property_id,
                                   GValue            *value);

/* The core value of a choice property, whether `object` holds it as an enum
 * (an operation) or as a string nick (a GimpProcedureConfig); -1 with an
 * error naming the valid nicks if unknown. */
gint      fg_param_get_choice     (GObject           *object,
                                   const FgParamDecl *table,
                                   const gchar       *name,
                                   GError           **error);

#endif
