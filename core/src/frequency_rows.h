/* frequency_rows.h — image rows into the frequency engine's planes and
 * back out, with the alpha rules of fg/frequency_smooth.h: colour is
 * filtered premultiplied, F(a c) / F(a) comes back (limited to the visible
 * colour range), alpha itself is kept; internal. */
#ifndef FG_FREQUENCY_ROWS_H
#define FG_FREQUENCY_ROWS_H

#include "internal.h"

/* An fg_row_fn loader (frequency_engine.h): row y of the image `arg` (a
 * const fg_image *) into one plane per channel, colour premultiplied,
 * alpha as it is; non-zero when a value is not finite. */
int fg_load_image_row(void *arg, int y, float *const *rows);

/* Where smoothed rows go: `out`, un-premultiplied against `orig` (the
 * original pixels: alpha, and the colour where F(a) is ~0; read only with
 * alpha; may be `out` itself). */
typedef struct fg_store_target {
    const fg_image *orig;
    const fg_image *out;
    float lo[3], hi[3];     /* visible colour range (with alpha) */
} fg_store_target;

/* Sets up a target; with alpha this scans `orig` for its visible colour
 * range (per channel, over the pixels with alpha > 0). */
void fg_store_target_init(fg_store_target *target, const fg_image *orig, const fg_image *out);

/* An fg_row_fn store: the planes' row y into the target's output. */
int fg_store_image_row(void *target, int y, float *const *rows);

/* Rows through the caller's callbacks (fg_row_io of fg/frequency_smooth.h),
 * a band at a time: the fg_band_fn loader and store of the engine.  Each
 * worker has a band buffer of its own; what went wrong is kept per worker
 * (no shared writes) and explained once the run is over. */
typedef struct fg_row_stream {
    const fg_row_io *io;
    const fg_image *orig;       /* store with alpha: the original pixels, or NULL: read again */
    float *bands;               /* per worker: FG_ROW_BAND interleaved rows */
    size_t band_floats;
    int workers;
    float lo[3], hi[3];         /* visible colour range (alpha), as fg_store_target */
    struct fg_stream_worker {
        int failed;             /* 1: read failed, 2: write failed */
        int bad_y, bad_x, bad_c, bad_nan;   /* first non-finite input value, bad_y < 0: none */
        int overflow;           /* a premultiplied value overflowed */
        int any;                /* saw a pixel with alpha > 0 */
        float lo[3], hi[3];
    } worker[FG_MAX_THREADS];
} fg_row_stream;

/* Checks io (FG_ERR_NULL for a NULL io or a callback in `needs`,
 * FG_ERR_SIZE) and sets up `threads` band buffers; `orig` as above (NULL
 * unless the rows' originals are kept elsewhere). */
enum { FG_STREAM_READ = 1, FG_STREAM_WRITE = 2 };
fg_status fg_row_stream_init(fg_row_stream *stream, const fg_row_io *io, const fg_image *orig, int threads,
                             int needs, fg_error *error);
void fg_row_stream_free(fg_row_stream *stream);

/* The engine's callbacks (arg: the stream): load reads and premultiplies a
 * band, `loaded` merges the workers' colour ranges, store un-premultiplies
 * a band and writes it. */
int fg_stream_load_band(void *arg, int worker, int y, int count, float *const *rows, size_t stride);
void fg_stream_loaded(void *arg);
int fg_stream_store_band(void *arg, int worker, int y, int count, float *const *rows, size_t stride);

/* After a run: the run's status made precise by what the stream saw (a
 * failed callback, the first non-finite pixel, an overflow). */
fg_status fg_row_stream_explain(const fg_row_stream *stream, fg_status status, fg_error *error);

#endif /* FG_FREQUENCY_ROWS_H */
