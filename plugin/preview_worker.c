/* preview_worker.c — debounced, cancellable previews on a worker thread. */
#include "preview_worker.h"
#include "i18n.h"

struct _FgPreviewWorker
{
  FgPreviewWork   work;
  GDestroyNotify  free_request;
  FgPreviewDone   done;
  GDestroyNotify  free_result;
  guint           debounce_ms;
  gpointer        user_data;

  gpointer        queued;         /* newest request not yet started */
  gint64          queued_time;
  guint           timeout_id;     /* debounce timer */
  GCancellable   *running;        /* the computation in flight, if any */
  gboolean        closing;
};

typedef struct
{
  FgPreviewWorker *worker;
  gpointer         request;
  gint64           start_time;
} Task;

static void start_queued (FgPreviewWorker *worker);

int
fg_preview_cancelled (void   *cancellable,
                      double  fraction)
{
  return g_cancellable_is_cancelled (cancellable) ? 1 : 0;
}

gboolean
fg_preview_core_ok (fg_status       status,
                    const fg_error *core_error,
                    GError        **error)
{
  if (status != FG_OK && status != FG_ERR_CANCELLED)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", core_error->message);
  return status == FG_OK;
}

void
fg_preview_no_memory (GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Not enough memory for the preview."));
}

static void
run_in_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Task    *t      = data;
  GError  *error  = NULL;
  gpointer result = t->worker->work (t->request, cancellable, t->worker->user_data, &error);

  if (error)
    g_task_return_error (task, error);
  else if (! result)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  else
    g_task_return_pointer (task, result, t->worker->free_result);
}

static void
task_free (gpointer data)
{
  Task *t = data;

  if (t->request && t->worker->free_request)
    t->worker->free_request (t->request);
  g_free (t);
}

/* Main thread: a computation ended (finished, failed or cancelled). */
static void
task_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  FgPreviewWorker *worker = data;
  GTask           *task   = G_TASK (result);
  Task            *t      = g_task_get_task_data (task);
  GError          *error  = NULL;
  gpointer         value  = g_task_propagate_pointer (task, &error);
  gboolean         stale  = g_cancellable_is_cancelled (g_task_get_cancellable (task))
                            || worker->closing;

  g_clear_object (&worker->running);

  if (! stale)
    worker->done (value, error,
                  (g_get_monotonic_time () - t->start_time) / 1000.0, worker->user_data);
  if (value && worker->free_result)
    worker->free_result (value);
  g_clear_error (&error);

  if (worker->closing)
    return;
  if (worker->queued && ! worker->timeout_id)
    start_queued (worker);
}

static void
start_queued (FgPreviewWorker *worker)
{
  GTask *task;
  Task  *t;

  if (worker->running || ! worker->queued)
    return;
  t = g_new0 (Task, 1);
  t->worker     = worker;
  t->request    = worker->queued;
  t->start_time = worker->queued_time;
  worker->queued = NULL;

  worker->running = g_cancellable_new ();
  task = g_task_new (NULL, worker->running, task_done, worker);
  g_task_set_task_data (task, t, task_free);
  g_task_run_in_thread (task, run_in_thread);
  g_object_unref (task);
}

static gboolean
debounce_expired (gpointer data)
{
  FgPreviewWorker *worker = data;

  worker->timeout_id = 0;
  start_queued (worker);     /* if one is still running, task_done starts it */
  return G_SOURCE_REMOVE;
}

FgPreviewWorker *
fg_preview_worker_new (FgPreviewWork   work,
                       GDestroyNotify  free_request,
                       FgPreviewDone   done,
                       GDestroyNotify  free_result,
                       guint           debounce_ms,
                       gpointer        user_data)
{
  FgPreviewWorker *worker = g_new0 (FgPreviewWorker, 1);

  worker->work         = work;
  worker->free_request = free_request;
  worker->done         = done;
  worker->free_result  = free_result;
  worker->debounce_ms  = debounce_ms;
  worker->user_data    = user_data;
  return worker;
}

void
fg_preview_worker_submit (FgPreviewWorker *worker,
                          gpointer         request)
{
  if (worker->queued && worker->free_request)
    worker->free_request (worker->queued);
  worker->queued      = request;
  worker->queued_time = g_get_monotonic_time ();

  if (worker->running)
    g_cancellable_cancel (worker->running);
  if (worker->timeout_id)
    g_source_remove (worker->timeout_id);
  worker->timeout_id = g_timeout_add (worker->debounce_ms, debounce_expired, worker);
}

gboolean
fg_preview_worker_busy (FgPreviewWorker *worker)
{
  return worker->queued || worker->running;
}

void
fg_preview_worker_free (FgPreviewWorker *worker)
{
  if (! worker)
    return;
  worker->closing = TRUE;
  if (worker->timeout_id)
    g_source_remove (worker->timeout_id);
  if (worker->queued && worker->free_request)
    worker->free_request (worker->queued);
  worker->queued = NULL;
  if (worker->running)
    {
      g_cancellable_cancel (worker->running);
      /* Let the cancelled task finish: it uses state the caller frees next. */
      while (worker->running)
        g_main_context_iteration (NULL, TRUE);
    }
  g_free (worker);
}
