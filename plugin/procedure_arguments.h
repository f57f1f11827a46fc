/* procedure_arguments.h — PDB arguments from a table of settings.
 *
 * Two choices here are about what a caller sees when a value is wrong.
 * GLib checks a value against the argument's range on the caller's side,
 * where a script only gets a warning and the run goes on with the default
 * (checked on GIMP 3.0.4).  So numbers are registered with the widest
 * range their type has, and the plug-in refuses a value outside the
 * declared range itself when it runs, with a message naming it; the
 * description states the valid range for the PDB browser.  Likewise GIMP
 * 3.0's own choice arguments silently replace an unknown nick with the
 * default: choices are strings whose valid values are listed in their
 * description and checked when the plug-in runs; the dialogs show them as
 * combo boxes. */
#ifndef FG_PLUGIN_PROCEDURE_ARGUMENTS_H
#define FG_PLUGIN_PROCEDURE_ARGUMENTS_H

#include <libgimp/gimp.h>

#include "setting.h"

/* What a filter's procedure is registered with: strings marked N_() and
 * translated here. */
typedef struct
{
  const gchar     *name;          /* the PDB name, also the help id */
  const gchar     *menu_label;
  const gchar     *menu_path;
  const gchar     *blurb;
  const gchar     *help;
  const FgSetting *settings;      /* its arguments, in order */
  gint             n_settings;
} FgProcedureInfo;

/* An image procedure for RGB and grey drawables (one or several), with
 * `info`'s menu entry, documentation and arguments. */
GimpProcedure *fg_procedure_new (GimpPlugIn            *plug_in,
                                 const FgProcedureInfo *info,
                                 GimpRunImageFunc       run);

/* Adds an argument to `procedure` for each of the `count` settings, in order. */
void fg_procedure_add_settings (GimpProcedure   *procedure,
                                const FgSetting *settings,
                                gint             count);

#endif
