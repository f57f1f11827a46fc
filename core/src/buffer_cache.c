/* buffer_cache.c — the working buffers an FFT context keeps between calls
 * (buffer_cache.h). */
#include <string.h>

#include "buffer_cache.h"

int fg_buffer_cache_init(fg_buffer_cache *cache)
{
    memset(cache, 0, sizeof *cache);
    return pthread_mutex_init(&cache->lock, NULL) != 0;
}

void fg_buffer_cache_destroy(fg_buffer_cache *cache)
{
    for (int i = 0; i < FG_SPARE_BUFFERS; i++)
        fg_free(cache->spare[i]);
    pthread_mutex_destroy(&cache->lock);
}

void fg_buffer_cache_trim(fg_buffer_cache *cache)
{
    if (!cache)
        return;
    float *spare[FG_SPARE_BUFFERS];
    pthread_mutex_lock(&cache->lock);
    for (int i = 0; i < FG_SPARE_BUFFERS; i++) {
        spare[i] = cache->spare[i];
        cache->spare[i] = NULL;
        cache->spare_floats[i] = 0;
    }
    pthread_mutex_unlock(&cache->lock);
    for (int i = 0; i < FG_SPARE_BUFFERS; i++)   /* freed outside the lock */
        fg_free(spare[i]);
}

float *fg_buffer_take(fg_buffer_cache *cache, size_t floats, size_t *capacity)
{
    if (cache) {
        float *buffer = NULL;
        pthread_mutex_lock(&cache->lock);
        int best = -1;
        for (int i = 0; i < FG_SPARE_BUFFERS; i++)
            if (cache->spare[i] && cache->spare_floats[i] >= floats
                && (best < 0 || cache->spare_floats[i] < cache->spare_floats[best]))
                best = i;
        if (best >= 0) {
            buffer = cache->spare[best];
            *capacity = cache->spare_floats[best];
            cache->spare[best] = NULL;
            cache->spare_floats[best] = 0;
        }
        pthread_mutex_unlock(&cache->lock);
        if (buffer)
            return buffer;
    }
    *capacity = floats;
    return fg_alloc_array(floats, sizeof(float));
}

void fg_buffer_give(fg_buffer_cache *cache, float *buffer, size_t capacity)
{
    if (cache && buffer) {
        /* Keep the most recent buffers: the next call is most likely alike. */
        pthread_mutex_lock(&cache->lock);
        int slot = 0;
        for (int i = 0; i < FG_SPARE_BUFFERS; i++) {
            if (!cache->spare[i]) {
                slot = i;
                break;
            }
            if (cache->spare_use[i] < cache->spare_use[slot])
                slot = i;
        }
        float *old = cache->spare[slot];
        cache->spare[slot] = buffer;
        cache->spare_floats[slot] = capacity;
        cache->spare_use[slot] = ++cache->clock;
        pthread_mutex_unlock(&cache->lock);
        buffer = old;
    }
    fg_free(buffer);
}
