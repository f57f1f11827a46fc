/* op_properties.h — the one place where the GEGL operations meet the filter
 * parameter declarations (plugin/setting.h): it installs an operation's
 * GObject properties from the filter's FgSetting table and stores their
 * values, so the ops carry no ranges, defaults or labels of their own.
 *
 * An operation has the filter's own settings, the first
 * FS_N_FILTER_SETTINGS / GD_N_FILTER_SETTINGS entries of fs_settings[] /
 * gd_settings[], not the PDB-only outputs after them; property ids are
 * index + 1.  Each becomes a GEGL param spec: the valid range, default and
 * blurb, the label without its mnemonic as nick, the dialog's ui range
 * (0, 0: the valid range), digits, steps and ui_gamma, and the optional
 * "unit" and "sensitive" keys.  Choices become GEGL enum properties of an
 * enum type "<type_prefix>-<name>" whose values are the core's.  The
 * values are read back with fs_settings_to_params / gd_settings_to_params,
 * which take an enum property as the core value. */
#ifndef FG_GEGL_OP_PROPERTIES_H
#define FG_GEGL_OP_PROPERTIES_H

#include <glib-object.h>

#include "setting.h"

typedef struct
{
  const FgSetting *settings;
  guint            n_settings;    /* the filter's own: the first n of the table */
  const gchar     *type_prefix;   /* of the choices' enum type names */
} FgOpSettings;

/* Registers the enum types of the choices.  Called when the module is
 * registered, not only when an op class is first used: GIMP sends the op's
 * param specs to plug-ins (libgimp's GimpDrawableFilterConfig), whose
 * process must know the enum types by name before any op class exists. */
void fg_op_properties_register_types (const FgOpSettings *table);

/* Installs the properties on `klass` and its set_property / get_property,
 * which keep the values with the instance (the op's own instance struct
 * needs nothing for them). */
void fg_op_properties_install        (GObjectClass       *klass,
                                      const FgOpSettings *table);

#endif
