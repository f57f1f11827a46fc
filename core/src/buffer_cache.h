/* buffer_cache.h — a few working buffers kept between calls; internal.
 *
 * Large buffers come from the system as fresh pages, which fault in on
 * first touch.  An FFT context therefore keeps the buffers of its most
 * recent calls (the engine's planes and scratch), so that the next call,
 * most likely alike, reuses them instead of paying for fresh pages again.
 * Leaf module: the FFT context embeds a cache, the engine takes and gives. */
#ifndef FG_BUFFER_CACHE_H
#define FG_BUFFER_CACHE_H

#include <pthread.h>

#include "internal.h"

#define FG_SPARE_BUFFERS 2

typedef struct fg_buffer_cache {
    pthread_mutex_t lock;                      /* guards everything below */
    float *spare[FG_SPARE_BUFFERS];
    size_t spare_floats[FG_SPARE_BUFFERS];
    unsigned long spare_use[FG_SPARE_BUFFERS]; /* when it was given back */
    unsigned long clock;
} fg_buffer_cache;

/* 0, or non-zero when the mutex could not be made (nothing to destroy). */
int fg_buffer_cache_init(fg_buffer_cache *cache);

/* Frees the cached buffers and the mutex. */
void fg_buffer_cache_destroy(fg_buffer_cache *cache);

/* Frees the cached buffers; the cache stays usable.  NULL is allowed. */
void fg_buffer_cache_trim(fg_buffer_cache *cache);

/* A buffer of at least `floats` floats (64-byte aligned, from fg_alloc): the
 * smallest cached one that is big enough, else a new one (NULL when out of
 * memory).  *capacity receives its real size.  `cache` may be NULL (always
 * a new buffer). */
float *fg_buffer_take(fg_buffer_cache *cache, size_t floats, size_t *capacity);

/* Gives a taken buffer back: the cache keeps it in place of its least
 * recently given one, which is freed (without a cache: freed).  NULL
 * buffers are ignored. */
void fg_buffer_give(fg_buffer_cache *cache, float *buffer, size_t capacity);

#endif /* FG_BUFFER_CACHE_H */
