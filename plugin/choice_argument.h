/* choice_argument.h — choice-like PDB arguments that refuse unknown values.
 *
 * GIMP 3.0's own choice arguments cannot do that: the caller's side
 * silently replaces an unknown nick with the default before the plug-in
 * runs (checked on 3.0.4).  So these arguments are strings whose valid
 * values are listed in their description and checked when the plug-in
 * runs; the dialogs show them as combo boxes. */
#ifndef FG_PLUGIN_CHOICE_ARGUMENT_H
#define FG_PLUGIN_CHOICE_ARGUMENT_H

#include <libgimp/gimp.h>

typedef struct
{
  const gchar *nick;      /* the value scripts pass, e.g. "gaussian" */
  const gchar *label;     /* what the dialog shows */
} FgChoiceItem;           /* arrays end with { NULL, NULL } */

void  fg_add_choice_argument (GimpProcedure      *procedure,
                              const gchar        *name,
                              const gchar        *nick,
                              const gchar        *blurb,
                              const FgChoiceItem *items,
                              const gchar        *default_nick);

/* The index of the config's value in `items`, or -1 with an error that
 * names the valid values. */
gint  fg_config_get_choice   (GimpProcedureConfig *config,
                              const gchar         *name,
                              const FgChoiceItem  *items,
                              GError             **error);

#endif
