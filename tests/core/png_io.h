/* png_io.h — a minimal PNG reader and writer on top of zlib, for the tests
 * and the figure programs (the core itself reads no files): 8-bit, grey or
 * RGB with or without alpha, not interlaced; floats in 0..1. */
#ifndef FG_TEST_PNG_IO_H
#define FG_TEST_PNG_IO_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static inline uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline int paeth(int a, int b, int c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* The colour channels of an 8-bit non-interlaced PNG as RGB floats in 0..1
 * (grey is replicated; alpha is dropped: the photos have none), or NULL. */
static inline float *png_read(const char *path, int *width, int *height)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *file = size > 0 ? malloc((size_t)size) : NULL;
    int ok = file && fread(file, 1, (size_t)size, f) == (size_t)size;
    fclose(f);
    static const unsigned char signature[8] = { 137, 'P', 'N', 'G', 13, 10, 26, 10 };
    ok = ok && size > 8 && memcmp(file, signature, 8) == 0;
    unsigned char *idat = NULL, *raw = NULL;
    size_t idat_len = 0;
    uint32_t w = 0, h = 0;
    int type = -1, bpp = 0;
    for (long at = 8; ok && at + 12 <= size;) {
        uint32_t len = be32(file + at);
        const unsigned char *tag = file + at + 4, *body = file + at + 8;
        if (len > (uint32_t)(size - at - 12)) {
            ok = 0;
            break;
        }
        if (!memcmp(tag, "IHDR", 4) && len >= 13) {
            w = be32(body);
            h = be32(body + 4);
            type = body[9];
            ok = body[8] == 8 && body[12] == 0 && w > 0 && h > 0 && w < 65536 && h < 65536
                 && (type == 0 || type == 2 || type == 4 || type == 6);
            bpp = type == 0 ? 1 : type == 2 ? 3 : type == 4 ? 2 : 4;
        } else if (!memcmp(tag, "IDAT", 4)) {
            unsigned char *more = realloc(idat, idat_len + len + 1);
            ok = more != NULL;
            if (ok) {
                idat = more;
                memcpy(idat + idat_len, body, len);
                idat_len += len;
            }
        } else if (!memcmp(tag, "IEND", 4)) {
            break;
        }
        at += 12 + (long)len;
    }
    const size_t stride = (size_t)w * bpp;
    uLongf raw_len = (uLongf)((stride + 1) * h);
    ok = ok && bpp > 0 && idat && (raw = malloc(raw_len)) != NULL
         && uncompress(raw, &raw_len, idat, (uLong)idat_len) == Z_OK && raw_len == (stride + 1) * h;
    float *rgb = ok ? malloc(sizeof(float) * 3 * w * h) : NULL;
    if (rgb) {
        for (uint32_t y = 0; y < h; y++) {
            unsigned char *row = raw + y * (stride + 1) + 1, *up = y ? row - (stride + 1) : NULL;
            int filter = row[-1];
            for (size_t i = 0; i < stride; i++) {
                int a = i >= (size_t)bpp ? row[i - bpp] : 0, b = up ? up[i] : 0;
                int c = up && i >= (size_t)bpp ? up[i - bpp] : 0;
                int add = filter == 1 ? a : filter == 2 ? b : filter == 3 ? (a + b) / 2 : filter == 4 ? paeth(a, b, c) : 0;
                row[i] = (unsigned char)(row[i] + add);
            }
            for (uint32_t x = 0; x < w; x++)
                for (int ch = 0; ch < 3; ch++) {
                    int src = type == 0 || type == 4 ? 0 : ch;   /* grey (+ alpha): replicated */
                    rgb[3 * ((size_t)y * w + x) + ch] = row[(size_t)x * bpp + src] / 255.0f;
                }
        }
        *width = (int)w;
        *height = (int)h;
    }
    free(file);
    free(idat);
    free(raw);
    return rgb;
}

/* Writes a W x H image of `channels` (1 grey, 3 RGB) floats in 0..1
 * (clamped, rounded to 8 bits) as a PNG; 0 on success. */
static inline int png_write(const char *path, const float *data, int w, int h, int channels)
{
    const size_t stride = (size_t)w * channels + 1;
    unsigned char *raw = malloc(stride * h);
    uLongf packed_len = compressBound((uLong)(stride * h));
    unsigned char *packed = malloc(packed_len);
    FILE *f = raw && packed ? fopen(path, "wb") : NULL;
    int ok = f != NULL;
    if (ok) {
        for (int y = 0; y < h; y++) {
            raw[y * stride] = 0;
            for (size_t i = 0; i < stride - 1; i++) {
                float v = data[(size_t)y * (stride - 1) + i];
                raw[y * stride + 1 + i] = (unsigned char)(v <= 0 ? 0 : v >= 1 ? 255 : (int)(v * 255.0f + 0.5f));
            }
        }
        ok = compress2(packed, &packed_len, raw, (uLong)(stride * h), 9) == Z_OK;
    }
    unsigned char header[13] = { 0 };
    for (int i = 0; i < 4; i++) {
        header[i] = (unsigned char)((uint32_t)w >> (24 - 8 * i));
        header[4 + i] = (unsigned char)((uint32_t)h >> (24 - 8 * i));
    }
    header[8] = 8;
    header[9] = channels == 1 ? 0 : 2;
    const struct { const char *tag; const unsigned char *body; uint32_t len; } chunks[3] = {
        { "IHDR", header, 13 }, { "IDAT", packed, (uint32_t)packed_len }, { "IEND", NULL, 0 },
    };
    if (ok)
        ok = fwrite("\211PNG\r\n\032\n", 1, 8, f) == 8;
    for (int c = 0; ok && c < 3; c++) {
        unsigned char len[4] = { (unsigned char)(chunks[c].len >> 24), (unsigned char)(chunks[c].len >> 16),
                                 (unsigned char)(chunks[c].len >> 8), (unsigned char)chunks[c].len };
        uLong crc = crc32(0, (const Bytef *)chunks[c].tag, 4);
        if (chunks[c].len)
            crc = crc32(crc, chunks[c].body, chunks[c].len);
        unsigned char sum[4] = { (unsigned char)(crc >> 24), (unsigned char)(crc >> 16), (unsigned char)(crc >> 8),
                                 (unsigned char)crc };
        ok = fwrite(len, 1, 4, f) == 4 && fwrite(chunks[c].tag, 1, 4, f) == 4
             && (!chunks[c].len || fwrite(chunks[c].body, 1, chunks[c].len, f) == chunks[c].len)
             && fwrite(sum, 1, 4, f) == 4;
    }
    if (f)
        ok = (fclose(f) == 0) && ok;
    free(raw);
    free(packed);
    return ok ? 0 : -1;
}

#endif
