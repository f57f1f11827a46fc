/* fftw_wisdom.c — FFTW wisdom in the GIMP profile. */
#include "fftw_wisdom.h"

#include <errno.h>

/* Planning time allowed per size after a run (FFTW_MEASURE with a limit). */
#define MEASURE_SECONDS 2.0

static gchar *
wisdom_path (void)
{
  return g_build_filename (gimp_directory (), "freqgrad", "fftw-wisdom", NULL);
}

/* How long a run waits for the wisdom file (a stalled network file system,
 * say) before it plans without it. */
#define LOAD_SECONDS 2

typedef struct
{
  GMutex   lock;
  GCond    done_cond;
  gboolean done;
  gint     refs;            /* the loading thread's and the waiter's */
  gchar   *path;
  fg_error error;
  fg_status status;
} Load;

static void
load_unref (Load *load)
{
  gboolean last;

  g_mutex_lock (&load->lock);
  last = --load->refs == 0;
  g_mutex_unlock (&load->lock);
  if (last)
    {
      g_mutex_clear (&load->lock);
      g_cond_clear (&load->done_cond);
      g_free (load->path);
      g_free (load);
    }
}

static gpointer
load_thread (gpointer data)
{
  Load *load = data;
  fg_error error;
  fg_status status = fg_fft_wisdom_import (load->path, &error);

  g_mutex_lock (&load->lock);
  load->status = status;
  load->error  = error;
  load->done   = TRUE;
  g_cond_signal (&load->done_cond);
  g_mutex_unlock (&load->lock);
  load_unref (load);
  return NULL;
}

void
fg_wisdom_load (void)
{
  Load    *load = g_new0 (Load, 1);
  GThread *thread;
  gint64   deadline = g_get_monotonic_time () + LOAD_SECONDS * G_TIME_SPAN_SECOND;
  gboolean done;

  g_mutex_init (&load->lock);
  g_cond_init (&load->done_cond);
  load->refs = 2;
  load->path = wisdom_path ();

  /* The core only reads a regular file of bounded size; the thread adds a
   * time limit for a read that stalls.  A late import is harmless: FFTW's
   * planner is serialised and later plans simply find the wisdom. */
  thread = g_thread_try_new ("freqgrad-wisdom", load_thread, load, NULL);
  if (! thread)
    {
      load->refs = 1;
      load_thread (load);           /* no thread: load here, bounded anyway */
      return;
    }
  g_thread_unref (thread);

  g_mutex_lock (&load->lock);
  while (! load->done && g_cond_wait_until (&load->done_cond, &load->lock, deadline))
    ;
  done = load->done;
  if (done && load->status != FG_OK)
    g_printerr ("freqgrad: ignoring FFTW wisdom: %s\n", load->error.message);
  else if (! done)
    g_printerr ("freqgrad: FFTW wisdom %s not read within %d s: planning without it\n",
                load->path, LOAD_SECONDS);
  g_mutex_unlock (&load->lock);
  load_unref (load);
}

void
fg_wisdom_learn (fg_fft_context  *fft,
                 GimpDrawable   **drawables,
                 gboolean         periodic)
{
  gchar   *path = wisdom_path ();
  gchar   *dir  = g_path_get_dirname (path);
  fg_error error;
  gsize    count = gimp_core_object_array_get_length ((GObject **) drawables);

  for (gsize i = 0; i < count; i++)
    {
      gint x, y, width, height;

      if (gimp_drawable_mask_intersect (drawables[i], &x, &y, &width, &height))
        fg_fft_plan_measured (fft, width, height,
                              periodic ? FG_BOUNDARY_PERIODIC : FG_BOUNDARY_MIRROR,
                              0, MEASURE_SECONDS, &error);
    }
  /* After the result is written: a failure costs the next run's speed only,
   * so it is a message, not an error, but it says why. */
  if (g_mkdir_with_parents (dir, 0755) != 0)
    g_message ("freqgrad: could not save FFTW wisdom: cannot create the folder %s: %s",
               dir, g_strerror (errno));
  else if (fg_fft_wisdom_export (path, &error) != FG_OK)
    g_message ("freqgrad: could not save FFTW wisdom: %s", error.message);
  g_free (dir);
  g_free (path);
}
