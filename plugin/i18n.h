/* i18n.h — the plug-in's gettext domain: _() translates, N_() marks a
 * string for translation where it is shown later (the settings declaration).
 * GIMP binds the domain to the plug-in's locale/ folder (plugin.c, set_i18n);
 * the catalogues are plugin/po. */
#ifndef FG_PLUGIN_I18N_H
#define FG_PLUGIN_I18N_H

#define GETTEXT_PACKAGE "freqgrad"
#include <glib/gi18n-lib.h>

#endif
