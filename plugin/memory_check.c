/* memory_check.c — will a run fit in memory?  Asked before it starts, so
 * that running out ends with a message rather than an abort: GLib's and
 * GEGL's own allocations (g_malloc) abort the process when they fail. */
#include "memory_check.h"

#include <string.h>
#ifdef G_OS_UNIX
#include <sys/resource.h>
#include <unistd.h>
#endif
#ifdef __GLIBC__
#include <malloc.h>
#include "i18n.h"
#endif

/* The line of the file at `path` that starts with `prefix`, without its
 * newline; NULL when there is none or the file cannot be read. */
static gchar *
line_starting (const gchar *path,
               const gchar *prefix)
{
  gchar *text = NULL;
  gchar *found = NULL;

  if (! g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  for (const gchar *line = text; line && ! found; line = strchr (line, '\n'))
    {
      if (*line == '\n')
        line++;
      if (g_str_has_prefix (line, prefix))
        found = g_strndup (line, strcspn (line, "\n"));
    }
  g_free (text);
  return found;
}

/* Bytes of memory the system can give without swapping (Linux's
 * MemAvailable), or G_MAXUINT64 where that is unknown. */
static guint64
available_memory (void)
{
  gchar   *line  = line_starting ("/proc/meminfo", "MemAvailable:");
  guint64  bytes = G_MAXUINT64;

  if (line)
    bytes = g_ascii_strtoull (line + strlen ("MemAvailable:"), NULL, 10) * 1024;
  g_free (line);
  return bytes;
}

/* A number read from a one-line file, or FALSE ("max", missing, junk). */
static gboolean
read_number_file (const gchar *path,
                  guint64     *value)
{
  gchar   *text = NULL;
  gchar   *end  = NULL;
  gboolean ok   = FALSE;

  if (g_file_get_contents (path, &text, NULL, NULL))
    {
      *value = g_ascii_strtoull (text, &end, 10);
      ok = end != text && (*end == '\0' || g_ascii_isspace (*end));
      g_free (text);
    }
  return ok;
}

/* What the cgroup (v2) this process is in, and each one above it, still
 * allows: the smallest memory.max - memory.current, G_MAXUINT64 when none
 * sets a limit.  GIMP is in the same cgroup: its use counts here. */
static guint64
cgroup_headroom (void)
{
  gchar   *line = line_starting ("/proc/self/cgroup", "0::/");   /* v2: "0::/path" */
  guint64  headroom = G_MAXUINT64;

  if (line)
    {
      gchar *dir  = g_build_filename ("/sys/fs/cgroup", line + 3, NULL);

      while (g_str_has_prefix (dir, "/sys/fs/cgroup/") && ! strstr (dir, ".."))
        {
          gchar  *max_path = g_build_filename (dir, "memory.max", NULL);
          gchar  *cur_path = g_build_filename (dir, "memory.current", NULL);
          guint64 max, current;

          if (read_number_file (max_path, &max) && read_number_file (cur_path, &current))
            headroom = MIN (headroom, max > current ? max - current : 0);
          g_free (max_path);
          g_free (cur_path);
          *strrchr (dir, '/') = '\0';
        }
      g_free (dir);
      g_free (line);
    }
  return headroom;
}

/* The address space this process may still map under RLIMIT_AS (ulimit -v):
 * the limit minus the current virtual size; G_MAXUINT64 without a limit. */
static guint64
address_space_headroom (void)
{
#ifdef G_OS_UNIX
  struct rlimit limit;
  gchar        *text = NULL;
  guint64       headroom = G_MAXUINT64;

  if (getrlimit (RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
    return G_MAXUINT64;
  headroom = 0;            /* a limit whose use we cannot read: assume none left */
  if (g_file_get_contents ("/proc/self/statm", &text, NULL, NULL))
    {
      guint64 used = g_ascii_strtoull (text, NULL, 10) * (guint64) sysconf (_SC_PAGESIZE);

      headroom = (guint64) limit.rlim_cur > used ? (guint64) limit.rlim_cur - used : 0;
      g_free (text);
    }
  return headroom;
#else
  return G_MAXUINT64;
#endif
}

/* GEGL's tile cache in this process while the run reads and writes: tiles
 * beyond it go to GIMP (written ones) or are dropped (read ones).  GEGL
 * allocates tiles with g_malloc, which aborts when memory runs out, so they
 * must fit in what the up-front check allows. */
#define GEGL_CACHE_BYTES ((guint64) 64 << 20)

/* Address space each thread the run may still start can take: its stack
 * (8 MiB by default) and some; elsewhere also a malloc arena of its own
 * (glibc reserves 64 MiB for each, but fg_memory_check limits glibc to one
 * arena under an address-space limit). */
#ifdef __GLIBC__
#define THREAD_RESERVE_BYTES ((guint64) 16 << 20)
#else
#define THREAD_RESERVE_BYTES ((guint64) 72 << 20)
#endif

/* Small allocations GLib, GEGL and libgimp make along the way. */
#define SLACK_BYTES ((guint64) 48 << 20)

gboolean
fg_memory_check (GimpDrawable **drawables,
              gsize          count,
              const gchar   *label,
              gdouble        working_copies,
              GError       **error)
{
  gdouble     here = 0.0;        /* bytes in this process */
  gdouble     gimp = 0.0;        /* bytes in GIMP's process */
  guint64     address, shared, threads;
  const gchar *what = NULL;
  gdouble     need = 0.0, have = 0.0;

  for (gsize i = 0; i < count; i++)
    {
      gint x, y, width, height;

      if (gimp_drawable_mask_intersect (drawables[i], &x, &y, &width, &height))
        {
          gint    bpp  = babl_format_get_bytes_per_pixel (gimp_drawable_get_format (drawables[i]));
          gdouble read = (gdouble) gimp_drawable_get_width (drawables[i])
                         * gimp_drawable_get_height (drawables[i]);

          /* The pixels read (the whole drawable, see drawable_io.h), the
           * result and the core's working copies. */
          here += read * 4 * sizeof (gfloat) * (2.0 + working_copies);
          /* GIMP's side: the shadow buffer and the tiles undo keeps, or the
           * new layer; spectrum and gradient-map layers. */
          gimp += (gdouble) width * height * (3.0 * bpp + 3 * 4 * sizeof (gfloat));
        }
    }
  here += GEGL_CACHE_BYTES + SLACK_BYTES;

  address = address_space_headroom ();
  shared  = MIN (available_memory (), cgroup_headroom ());
  threads = (guint64) g_get_num_processors () + 2;     /* the core's, GEGL's */

  if (address != G_MAXUINT64
      && here + threads * THREAD_RESERVE_BYTES > (gdouble) address)
    {
      what = _("address space is left to the plug-in (ulimit -v)");
      need = here + threads * THREAD_RESERVE_BYTES;
      have = address;
    }
  else if (shared != G_MAXUINT64 && here + gimp > (gdouble) shared)
    {
      what = _("are available");
      need = here + gimp;
      have = shared;
    }
  if (what)
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   _("%s needs about %.2f GiB of memory for this layer, but only %.2f GiB "
                     "%s. Scale the image down, crop it, or free some memory."),
                   label, need / (1 << 30), have / (1 << 30), what);
      return FALSE;
    }

  /* Bound GEGL's tiles as counted above. */
  g_object_set (gegl_config (), "tile-cache-size", (guint64) GEGL_CACHE_BYTES, NULL);
#ifdef __GLIBC__
  /* Under an address-space limit each malloc arena reserves 64 MiB:
   * threads share one instead (the core allocates few, large blocks). */
  if (address != G_MAXUINT64)
    mallopt (M_ARENA_MAX, 1);
#endif
  return TRUE;
}
