/* help_page.c — a help page from its template and the one parameter declaration.
 *
 *   help_page FILTER PROCEDURE TEMPLATE OUTPUT
 *
 * FILTER is "frequency-smooth" or "gradient-denoise".  The template is the
 * page's prose with markers that this program replaces:
 *
 *   @PARAM name@     the parameter's heading, script name, valid values,
 *                    default, description and choices, from the declaration
 *   @SCRIPT_FU@      a Script-Fu call of PROCEDURE with every argument at
 *                    its default
 *
 * It fails when a declared parameter has no @PARAM@ marker, when one appears
 * twice, or when a marker names no declared parameter: the page cannot leave
 * out, invent or drift from an argument. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frequency_smooth_settings.h"
#include "gradient_denoise_settings.h"

/* The label as shown, without its mnemonic underscore. */
static gchar *
shown_label (const gchar *label)
{
  GString *text = g_string_new (NULL);

  for (const gchar *c = label; *c; c++)
    if (*c != '_' || c[1] == '_')
      g_string_append_c (text, *c == '_' ? *++c : *c);
  return g_string_free (text, FALSE);
}

static gchar *
default_text (const FgSetting *s)
{
  switch (s->type)
    {
    case FG_SETTING_DOUBLE:  return g_strdup_printf ("%.15g", s->default_value);
    case FG_SETTING_INT:     return g_strdup_printf ("%d", (gint) s->default_value);
    case FG_SETTING_BOOLEAN: return g_strdup (s->default_value != 0.0 ? "TRUE" : "FALSE");
    case FG_SETTING_CHOICE:  return g_strdup_printf ("\"%s\"", fg_setting_default_nick (s));
    case FG_SETTING_NUMBERS: return g_strdup ("\"\"");
    }
  return NULL;
}

static const gchar *
type_text (const FgSetting *s)
{
  switch (s->type)
    {
    case FG_SETTING_DOUBLE:  return "number";
    case FG_SETTING_INT:     return "whole number";
    case FG_SETTING_BOOLEAN: return "on/off";
    case FG_SETTING_CHOICE:  return "choice";
    case FG_SETTING_NUMBERS: return "list of numbers, as a string";
    }
  return "";
}

/* The declared part of one parameter's section; the template's prose follows it. */
static void
append_parameter (GString         *page,
                  const FgSetting *s)
{
  gchar *label   = shown_label (s->label);
  gchar *values  = fg_setting_valid_values (s);
  gchar *deflt   = default_text (s);
  gchar *e_label = g_markup_escape_text (label, -1);
  gchar *e_blurb = g_markup_escape_text (s->blurb, -1);
  gchar *e_vals  = g_markup_escape_text (values, -1);
  gchar *e_def   = g_markup_escape_text (deflt, -1);

  g_string_append_printf (page,
      "<h3 id=\"%s\" class=\"parameter\">%s</h3>\n"
      "<p class=\"declared\"><span class=\"blurb\">%s</span><br>\n"
      "Script argument <code class=\"name\">%s</code> (%s): "
      "<span class=\"values\">%s</span>; default <code class=\"default\">%s</code>.</p>\n",
      s->name, e_label, e_blurb, s->name, type_text (s), e_vals, e_def);
  if (s->type == FG_SETTING_CHOICE)
    {
      g_string_append (page, "<table class=\"choices\">\n"
                             "<tr><th>In the dialog</th><th>In scripts</th></tr>\n");
      for (const FgChoice *c = s->choices; c->nick; c++)
        {
          gchar *e = g_markup_escape_text (c->label, -1);

          g_string_append_printf (page, "<tr><td>%s</td><td><code>\"%s\"</code></td></tr>\n",
                                  e, c->nick);
          g_free (e);
        }
      g_string_append (page, "</table>\n");
    }
  g_free (label); g_free (values); g_free (deflt);
  g_free (e_label); g_free (e_blurb); g_free (e_vals); g_free (e_def);
}

static void
append_script_fu (GString         *page,
                  const gchar     *procedure,
                  const FgSetting *settings,
                  gint             count)
{
  g_string_append_printf (page, "(%s #:run-mode RUN-NONINTERACTIVE\n"
                                "    #:image image #:drawables (vector layer)", procedure);
  for (gint i = 0; i < count; i++)
    {
      gchar *deflt = default_text (&settings[i]);
      gchar *e     = g_markup_escape_text (deflt, -1);

      g_string_append_printf (page, "\n    #:%s %s", settings[i].name, e);
      g_free (deflt);
      g_free (e);
    }
  g_string_append (page, ")");
}

int
main (int argc, char **argv)
{
  const FgSetting *settings;
  gint             count;
  gboolean        *seen;
  gchar           *text;
  GError          *error = NULL;
  GString         *page;
  const gchar     *rest;
  gboolean         ok = TRUE;

  if (argc != 5)
    {
      fprintf (stderr, "usage: help_page FILTER PROCEDURE TEMPLATE OUTPUT\n");
      return 2;
    }
  if (strcmp (argv[1], "frequency-smooth") == 0)
    settings = fs_settings, count = FS_N_SETTINGS;
  else if (strcmp (argv[1], "gradient-denoise") == 0)
    settings = gd_settings, count = GD_N_SETTINGS;
  else
    {
      fprintf (stderr, "help_page: unknown filter %s\n", argv[1]);
      return 2;
    }
  if (! g_file_get_contents (argv[3], &text, NULL, &error))
    {
      fprintf (stderr, "help_page: %s\n", error->message);
      return 1;
    }

  seen = g_new0 (gboolean, count);
  page = g_string_new (NULL);
  for (rest = text; ok && *rest; )
    {
      const gchar *at = strchr (rest, '@');
      const gchar *end;

      if (! at)
        {
          g_string_append (page, rest);
          break;
        }
      g_string_append_len (page, rest, at - rest);
      if (g_str_has_prefix (at, "@SCRIPT_FU@"))
        {
          append_script_fu (page, argv[2], settings, count);
          rest = at + strlen ("@SCRIPT_FU@");
        }
      else if (g_str_has_prefix (at, "@PARAM ") && (end = strchr (at + 7, '@')))
        {
          gchar *name  = g_strndup (at + 7, end - (at + 7));
          gint   found = -1;

          for (gint i = 0; i < count; i++)
            if (strcmp (settings[i].name, name) == 0)
              found = i;
          if (found < 0 || seen[found])
            {
              fprintf (stderr, "help_page: %s: %s parameter \"%s\"\n", argv[3],
                       found < 0 ? "no such" : "a second section for the", name);
              ok = FALSE;
            }
          else
            {
              seen[found] = TRUE;
              append_parameter (page, &settings[found]);
            }
          g_free (name);
          rest = end + 1;
        }
      else
        {
          g_string_append_c (page, '@');
          rest = at + 1;
        }
    }
  for (gint i = 0; ok && i < count; i++)
    if (! seen[i])
      {
        fprintf (stderr, "help_page: %s: no @PARAM %s@ section for a declared parameter\n",
                 argv[3], settings[i].name);
        ok = FALSE;
      }
  if (ok && ! g_file_set_contents (argv[4], page->str, page->len, &error))
    {
      fprintf (stderr, "help_page: %s\n", error->message);
      ok = FALSE;
    }
  g_string_free (page, TRUE);
  g_free (seen);
  g_free (text);
  return ok ? 0 : 1;
}
