/* plugin.c — the GimpPlugIn: registers "Frequency Smooth" and "Gradient Denoise". */
#include <libgimp/gimp.h>

#include "i18n.h"
#include "procedures.h"

typedef struct _FreqGrad      FreqGrad;
typedef struct _FreqGradClass FreqGradClass;

struct _FreqGrad
{
  GimpPlugIn parent_instance;
};

struct _FreqGradClass
{
  GimpPlugInClass parent_class;
};

#define FREQGRAD_TYPE (freqgrad_get_type ())

GType freqgrad_get_type (void) G_GNUC_CONST;

G_DEFINE_TYPE (FreqGrad, freqgrad, GIMP_TYPE_PLUG_IN)

GIMP_MAIN (FREQGRAD_TYPE)

/* The help pages are installed beside the binary, in help/<language>/
 * (plugin/help), so the domain follows the plug-in wherever it is installed:
 * system-wide, in a profile, or anywhere GIMP's plug-in path points. */
static void
register_help (GimpPlugIn *plug_in)
{
  gchar *folder = g_path_get_dirname (gimp_get_progname ());
  gchar *help   = g_build_filename (folder, "help", NULL);
  GFile *uri    = g_file_new_for_path (help);

  gimp_plug_in_set_help_domain (plug_in, PLUG_IN_HELP_DOMAIN, uri);
  g_object_unref (uri);
  g_free (help);
  g_free (folder);
}

static GList *
freqgrad_query_procedures (GimpPlugIn *plug_in)
{
  GList *names = NULL;

  register_help (plug_in);

  names = g_list_append (names, g_strdup (FREQUENCY_SMOOTH_PROC));
  names = g_list_append (names, g_strdup (GRADIENT_DENOISE_PROC));
  return names;
}

static GimpProcedure *
freqgrad_create_procedure (GimpPlugIn  *plug_in,
                           const gchar *name)
{
  if (g_strcmp0 (name, FREQUENCY_SMOOTH_PROC) == 0)
    return frequency_smooth_procedure_new (plug_in);
  if (g_strcmp0 (name, GRADIENT_DENOISE_PROC) == 0)
    return gradient_denoise_procedure_new (plug_in);
  return NULL;
}

/* Our own domain, catalogues in locale/ beside the binary (plugin/po). */
static gboolean
freqgrad_set_i18n (GimpPlugIn   *plug_in,
                   const gchar  *procedure_name,
                   gchar       **gettext_domain,
                   gchar       **catalog_dir)
{
  *gettext_domain = g_strdup (GETTEXT_PACKAGE);
  *catalog_dir    = g_strdup ("locale");
  return TRUE;
}

static void
freqgrad_class_init (FreqGradClass *klass)
{
  GimpPlugInClass *plug_in_class = GIMP_PLUG_IN_CLASS (klass);

  plug_in_class->query_procedures = freqgrad_query_procedures;
  plug_in_class->create_procedure = freqgrad_create_procedure;
  plug_in_class->set_i18n         = freqgrad_set_i18n;
}

static void
freqgrad_init (FreqGrad *freqgrad)
{
}
