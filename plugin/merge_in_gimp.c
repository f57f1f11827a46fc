/* merge_in_gimp.c — a merged run done by GIMP (see merge_in_gimp.h). */
#include "merge_in_gimp.h"

#include "drawable_io.h"
#include "i18n.h"

static gboolean
integer_precision (GimpImage *image)
{
  switch (gimp_image_get_precision (image))
    {
    case GIMP_PRECISION_U8_LINEAR:
    case GIMP_PRECISION_U8_NON_LINEAR:
    case GIMP_PRECISION_U8_PERCEPTUAL:
    case GIMP_PRECISION_U16_LINEAR:
    case GIMP_PRECISION_U16_NON_LINEAR:
    case GIMP_PRECISION_U16_PERCEPTUAL:
    case GIMP_PRECISION_U32_LINEAR:
    case GIMP_PRECISION_U32_NON_LINEAR:
    case GIMP_PRECISION_U32_PERCEPTUAL:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
has_filters (GimpDrawable *drawable)
{
  GimpDrawableFilter **filters = gimp_drawable_get_filters (drawable);
  gboolean             any     = ! filters || filters[0];   /* unknown counts as some */

  g_free (filters);
  return any;
}

/* Whether GIMP makes the operation, without GIMP reporting the refusal as
 * an error of this plug-in (the plug-in then computes the result itself). */
static gboolean
gimp_makes (GimpDrawable         *drawable,
            const FgNdeOperation *op)
{
  GimpPlugIn          *plug_in = gimp_get_plug_in ();
  GimpPDBErrorHandler  handler = gimp_plug_in_get_pdb_error_handler (plug_in);
  GimpDrawableFilter  *filter;

  gimp_plug_in_set_pdb_error_handler (plug_in, GIMP_PDB_ERROR_HANDLER_PLUGIN);
  filter = gimp_drawable_filter_new (drawable, op->operation, op->title);
  gimp_plug_in_set_pdb_error_handler (plug_in, handler);
  if (! filter)
    return FALSE;
  gimp_drawable_filter_delete (filter);
  return TRUE;
}

gboolean
fg_merge_in_gimp_possible (GimpRunMode          run_mode,
                           GimpImage           *image,
                           GimpDrawable       **drawables,
                           const FgRunChoices  *choices)
{
  GimpDrawable *drawable;
  gboolean      possible;

  if (run_mode != GIMP_RUN_NONINTERACTIVE || ! choices->merge_filter
      || g_getenv ("FREQGRAD_TEST_NO_GEGL_MODULE")
      || gimp_core_object_array_get_length ((GObject **) drawables) != 1)
    return FALSE;
  drawable = drawables[0];
  possible = gimp_item_is_layer (GIMP_ITEM (drawable))
             && ! gimp_item_is_group (GIMP_ITEM (drawable))
             && integer_precision (image)
             && gimp_selection_is_empty (image)
             && ! has_filters (drawable)
             && gimp_makes (drawable, choices->op);
  g_log (FG_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "merge_in_gimp {\"possible\": %d}", possible ? 1 : 0);
  return possible;
}

GimpDrawableFilter *
fg_merge_in_gimp_attach (GimpDrawable  *target,
                         gpointer       choices,
                         GError       **error)
{
  const FgRunChoices *run    = choices;
  GimpDrawableFilter *filter = fg_nde_filter_new (target, run->op, run->config, error);

  if (! filter)
    return NULL;
  /* The layer carried no filter (fg_merge_in_gimp_possible), so merging
   * its filters merges this one.  gimp_drawable_merge_filters rather than
   * gimp_drawable_merge_filter: it says whether it worked, and GIMP 3.2.6
   * warns (a bad unref) when an image is deleted after the latter. */
  gimp_drawable_append_filter (target, filter);
  if (! gimp_drawable_merge_filters (target) || has_filters (target))
    {
      gimp_drawable_filter_delete (filter);
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   _("GIMP could not merge the \"%s\" filter into \"%s\" (%s)."),
                   run->op->operation, gimp_item_get_name (GIMP_ITEM (target)),
                   gimp_pdb_get_last_error (gimp_get_pdb ()));
      return NULL;
    }
  return filter;
}
