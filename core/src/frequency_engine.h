/* frequency_engine.h — the frequency-domain engine: rows forward, column
 * blocks forward, through the mask and back, rows back (see transforms.h
 * for the row / column-block scheme); internal.  It owns its working
 * buffers (taken from, and given back to, the FFT context's cache), its
 * plans (acquired from the context) and its threads (one pool per run).
 * Pixels come in and go out through row callbacks, so the same engine
 * serves smoothing (frequency_rows.h) and the spectrum views. */
#ifndef FG_FREQUENCY_ENGINE_H
#define FG_FREQUENCY_ENGINE_H

#include "transforms.h"

/* Fills (load) or consumes (store) row y of every plane: rows[p] points to
 * row y of plane p.  A loader returns non-zero when it produced a
 * non-finite value. */
typedef int (*fg_row_fn)(void *arg, int y, float *const *rows);

/* The same a band at a time, for loaders and stores that fetch or emit
 * pixels in bands (frequency_rows.h's row streams): rows [y, y + count),
 * count <= FG_ROW_BAND, on worker `worker` (0 .. threads - 1); row y + r of
 * plane p is rows[p] + r * stride. */
typedef int (*fg_band_fn)(void *arg, int worker, int y, int count, float *const *rows, size_t stride);

typedef struct fg_engine_job {
    fg_fft_context *ctx;
    const fg_layout *layout;
    int planes;
    int threads;                 /* resolved, >= 1 */
    float *buffer;               /* planes * plane_floats floats, or NULL: the engine's own */
    const float *spectra;        /* apply: forward-transformed planes to filter from, or NULL */
    float *keep;                 /* with params and no spectra: the forward-transformed planes
                                    are also stored here (as a forward-only run makes them) */
    fg_row_fn load;              /* fills the buffer's rows (unless spectra); NULL: already there */
    void *load_arg;
    const fg_smooth_params *params;   /* NULL: forward transform only, no progress */
    const struct fg_mask *mask;  /* with params: this mask instead of params' filter, or NULL */
    struct fg_pool *pool;        /* the caller's pool to run on, or NULL: the engine's own */
    fg_row_fn store;             /* consumes the smoothed rows; may be NULL */
    void *store_arg;
    fg_band_fn load_band;        /* instead of load / store: a band at a time */
    fg_band_fn store_band;
    void (*loaded)(void *load_arg);   /* optional: after every row is loaded, before any is stored */
    double progress_from, progress_to;
    int load_failed;             /* out: the loader reported non-finite values */
} fg_engine_job;

/* Forward transform (rows, then column blocks); with params, also the mask
 * (H times the normalisation) and the inverse transform, calling the
 * progress callback up to progress_to just before the inverse rows go to
 * `store`.  Errors: FG_ERR_NOMEM, FG_ERR_INTERNAL, FG_ERR_NONFINITE (load
 * failed, or overflow), FG_ERR_CANCELLED. */
fg_status fg_engine_run(fg_engine_job *job, fg_error *error);

/* Calls the progress callback of params (if any); FG_ERR_CANCELLED when it
 * says stop. */
fg_status fg_engine_progress(const fg_smooth_params *params, double fraction, fg_error *error);

#endif /* FG_FREQUENCY_ENGINE_H */
