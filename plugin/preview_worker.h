/* preview_worker.h — computes dialog previews off the GTK main thread.
 *
 * The dialog stays responsive while a preview is computed: each request
 * waits a short debounce, runs on a worker thread, and a newer request
 * cancels the one in flight (the work function sees its GCancellable
 * cancelled and returns early).  Only the newest result is delivered, on
 * the main thread.  One computation runs at a time, so work functions may
 * share state (e.g. a kept forward transform) without locks. */
#ifndef FG_PLUGIN_PREVIEW_WORKER_H
#define FG_PLUGIN_PREVIEW_WORKER_H

#include <gio/gio.h>

#include "fg/common.h"

/* Runs on the worker thread.  Returns the result, or NULL when cancelled
 * or failed (then *error may be set). */
typedef gpointer (*FgPreviewWork) (gpointer       request,
                                   GCancellable  *cancellable,
                                   gpointer       user_data,
                                   GError       **error);

/* Runs on the main thread with the newest request's result (or NULL and
 * an error).  `milliseconds` is the time from the request to the result. */
typedef void     (*FgPreviewDone) (gpointer       result,
                                   const GError  *error,
                                   gdouble        milliseconds,
                                   gpointer       user_data);

typedef struct _FgPreviewWorker FgPreviewWorker;

/* How long a request waits for a newer one before it starts.  A newer
 * request cancels a running computation within one step anyway, so this
 * only has to swallow the bursts of a dragged slider (motion events come
 * about 16 ms apart); it counts in the preview's latency. */
#define FG_PREVIEW_DEBOUNCE_MS 25

FgPreviewWorker *fg_preview_worker_new    (FgPreviewWork   work,
                                           GDestroyNotify  free_request,
                                           FgPreviewDone   done,
                                           GDestroyNotify  free_result,
                                           guint           debounce_ms,
                                           gpointer        user_data);

/* Queues `request` (taken), replacing any queued one and cancelling the
 * one being computed. */
void             fg_preview_worker_submit (FgPreviewWorker *worker,
                                           gpointer         request);

/* TRUE while a request is queued or being computed. */
gboolean         fg_preview_worker_busy   (FgPreviewWorker *worker);

/* Cancels everything and waits for the worker thread to stop. */
void             fg_preview_worker_free   (FgPreviewWorker *worker);

/* For work functions: TRUE for FG_OK; otherwise FALSE, with `error` set
 * from the core's message unless the status is a cancel. */
gboolean         fg_preview_core_ok       (fg_status        status,
                                           const fg_error  *core_error,
                                           GError         **error);

/* For work functions: the error when memory for the preview runs out. */
void             fg_preview_no_memory     (GError         **error);

/* A core progress callback that cancels when `cancellable` is cancelled
 * (pass the GCancellable as the callback's data). */
int              fg_preview_cancelled     (void            *cancellable,
                                           double           fraction);

#endif
