/* dialog_widgets.c — widgets from setting declarations, and the dialogs' layout. */
#include "dialog_widgets.h"
#include "test_hooks.h"

#include <string.h>
#include "i18n.h"

/* A number as the setting's field shows it. */
static gchar *
format_value (const FgSetting *setting,
              gdouble          value)
{
  if (setting->type == FG_SETTING_INT)
    return g_strdup_printf ("%.0f", value);
  if (setting->ui_significant > 0)
    return g_strdup_printf ("%.*g", setting->ui_significant, value);
  return g_strdup_printf ("%.*f", setting->digits, value);
}

static gint
text_length (const FgSetting *setting,
             gdouble          value)
{
  gchar *text   = format_value (setting, value);
  gint   length = (gint) strlen (text);

  g_free (text);
  return length;
}

/* Characters enough for every value of the valid range: its ends, and with
 * significant digits the longest exponent form ("1.234e-05"). */
static gint
field_width (const FgSetting *setting)
{
  gint width = MAX (text_length (setting, setting->minimum), text_length (setting, setting->maximum));

  if (setting->ui_significant > 0)
    width = MAX (width, setting->ui_significant + 5 + (setting->minimum < 0.0));
  return width + 1;
}

/* The spin button's text: significant digits instead of GTK's fixed
 * decimals (GTK's own parsing reads "1e-06" back). */
static gboolean
spin_output (GtkSpinButton   *spin,
             const FgSetting *setting)
{
  gchar *text = format_value (setting, gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin)));

  if (strcmp (text, gtk_entry_get_text (GTK_ENTRY (spin))))
    gtk_entry_set_text (GTK_ENTRY (spin), text);
  g_free (text);
  return TRUE;
}

/* `widget` with its `property` bound both ways to the setting's config property. */
static GtkWidget *
bound (GtkWidget           *widget,
       const gchar         *property,
       GimpProcedureConfig *config,
       const FgSetting     *setting)
{
  g_object_bind_property (config, setting->name, widget, property,
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  return widget;
}

static GtkWidget *
scale_entry_new (GimpProcedureConfig *config,
                 const FgSetting     *setting)
{
  GtkWidget *entry;
  GtkWidget *spin;
  gboolean   has_ui_range = setting->ui_minimum < setting->ui_maximum;

  /* The entry's limits are the valid range; the slider may be narrower. */
  entry = gimp_scale_entry_new (_(setting->label), setting->default_value,
                                setting->minimum, setting->maximum, setting->digits);
  if (has_ui_range)
    gimp_scale_entry_set_bounds (GIMP_SCALE_ENTRY (entry),
                                 setting->ui_minimum, setting->ui_maximum, FALSE);
  if (setting->ui_logarithmic)
    gimp_scale_entry_set_logarithmic (GIMP_SCALE_ENTRY (entry), TRUE);
  if (setting->ui_step_small > 0.0)
    gimp_label_spin_set_increments (GIMP_LABEL_SPIN (entry),
                                    setting->ui_step_small, setting->ui_step_big);
  spin = gimp_label_spin_get_spin_button (GIMP_LABEL_SPIN (entry));
  if (setting->ui_significant > 0)
    {
      /* A numeric spin button refuses the exponent's "e" (GimpLabelSpin's is). */
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), FALSE);
      g_signal_connect (spin, "output", G_CALLBACK (spin_output), (gpointer) setting);
    }
  gtk_entry_set_width_chars (GTK_ENTRY (spin), field_width (setting));
  fg_test_field_created (spin, setting->name);
  return bound (entry, "value", config, setting);
}

static GtkWidget *
check_button_new (GimpProcedureConfig *config,
                  const FgSetting     *setting)
{
  return bound (gtk_check_button_new_with_mnemonic (_(setting->label)), "active", config, setting);
}

static GtkWidget *
combo_new (GimpProcedureConfig *config,
           const FgSetting     *setting)
{
  GtkWidget *box   = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (_(setting->label));
  GtkWidget *combo = gtk_combo_box_text_new ();

  for (const FgChoice *choice = setting->choices; choice->nick; choice++)
    gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), choice->nick, _(choice->label));
  bound (combo, "active-id", config, setting);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), combo);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_tooltip_text (combo, _(setting->blurb));
  gtk_box_pack_start (GTK_BOX (box), label, FALSE, FALSE, 0);
  gtk_box_pack_end (GTK_BOX (box), combo, FALSE, FALSE, 0);
  return box;
}

/* A list of numbers: a labelled text entry bound to the string property. */
static GtkWidget *
numbers_entry_new (GimpProcedureConfig *config,
                   const FgSetting     *setting)
{
  GtkWidget *box   = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new_with_mnemonic (_(setting->label));
  GtkWidget *entry = gimp_prop_entry_new (G_OBJECT (config), setting->name, -1);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_box_pack_start (GTK_BOX (box), label, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), entry, FALSE, FALSE, 0);
  return box;
}

GtkWidget *
fg_setting_widget_new (GimpProcedureConfig *config,
                       const FgSetting     *setting)
{
  GtkWidget *widget = NULL;

  switch (setting->type)
    {
    case FG_SETTING_DOUBLE:
    case FG_SETTING_INT:
      widget = scale_entry_new (config, setting);
      break;
    case FG_SETTING_BOOLEAN:
      widget = check_button_new (config, setting);
      break;
    case FG_SETTING_CHOICE:
      widget = combo_new (config, setting);
      break;
    case FG_SETTING_NUMBERS:
      widget = numbers_entry_new (config, setting);
      break;
    }
  if (setting->type != FG_SETTING_CHOICE)
    gimp_help_set_help_data (widget, _(setting->blurb), NULL);
  gtk_widget_show_all (widget);
  return widget;
}

GtkWidget *
fg_dialog_layout_new (GtkWidget    *window,
                      GimpDrawable *drawable,
                      gint          status_chars,
                      GtkWidget   **preview,
                      GtkWidget   **status)
{
  GtkWidget *main_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *left     = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_container_set_border_width (GTK_CONTAINER (main_box), 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (window))),
                      main_box, TRUE, TRUE, 0);

  *preview = gimp_procedure_dialog_get_drawable_preview (GIMP_PROCEDURE_DIALOG (window),
                                                         "preview", drawable);
  gtk_widget_set_size_request (*preview, 320, 320);
  fg_test_preview_created (*preview);
  *status = gtk_label_new ("");
  gtk_label_set_xalign (GTK_LABEL (*status), 0.0);
  gtk_label_set_line_wrap (GTK_LABEL (*status), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (*status), status_chars);
  gtk_box_pack_start (GTK_BOX (left), *preview, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (left), *status, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (main_box), left, TRUE, TRUE, 0);
  return main_box;
}

GtkWidget *
fg_frame_new (const gchar *title,
              GtkWidget   *child)
{
  GtkWidget *frame = gimp_frame_new (title);

  fg_test_log_label (title);
  gtk_container_add (GTK_CONTAINER (frame), child);
  gtk_widget_show (frame);
  return frame;
}

static void
canvas_toggled (GtkToggleButton *button,
                FgCanvasPreview *canvas)
{
  fg_canvas_preview_set_visible (canvas, gtk_toggle_button_get_active (button));
}

GtkWidget *
fg_canvas_controls_new (GimpProcedureConfig *config,
                        const FgSetting     *merge_setting,
                        FgCanvasPreview     *canvas,
                        const gchar         *why_not)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *merge;

  g_object_set (config, merge_setting->name, canvas == NULL, NULL);
  if (canvas)
    fg_test_merge_filter (G_OBJECT (config), merge_setting->name);
  merge = fg_setting_widget_new (config, merge_setting);
  gtk_box_pack_start (GTK_BOX (box), merge, FALSE, FALSE, 0);
  if (canvas)
    {
      GtkWidget *show = gtk_check_button_new_with_mnemonic (_("Show the filter on the _canvas"));

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (show), TRUE);
      gtk_widget_set_tooltip_text (show, _("Off: the canvas shows the original, for comparison"));
      g_signal_connect (show, "toggled", G_CALLBACK (canvas_toggled), canvas);
      fg_test_canvas_toggle_created (show);
      gtk_box_pack_start (GTK_BOX (box), show, FALSE, FALSE, 0);
    }
  else
    {
      GtkWidget *label = gtk_label_new (why_not);

      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      gtk_widget_set_name (label, "fg-no-gegl-module");
      fg_test_log_value (merge_setting->name, "no-gegl-module", 1.0, 1.0);
      gtk_widget_set_sensitive (merge, FALSE);
      gtk_box_pack_start (GTK_BOX (box), label, FALSE, FALSE, 0);
    }
  return box;
}

gchar *
fg_format_ms (gdouble milliseconds)
{
  if (milliseconds < 1000.0)
    return g_strdup_printf ("%.0f ms", milliseconds);
  return g_strdup_printf ("%.1f s", milliseconds / 1000.0);
}

