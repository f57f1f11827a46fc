/* test_image.c — image view validation, pairing, finiteness, copy and status strings. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fg/common.h"
#include "check.h"

static void test_check_valid_and_invalid(void)
{
    float buffer[4 * 3 * 5] = { 0 };
    fg_error err;
    fg_image img = fg_image_make(buffer, 3, 5, 4, 1);

    CHECK(img.stride == 12, "fg_image_make packs rows (stride %td)", img.stride);
    CHECK(fg_image_check(&img, &err) == FG_OK && err.status == FG_OK && err.message[0] == '\0',
          "valid 3x5 RGBA view accepted");
    CHECK(fg_image_check(NULL, &err) == FG_ERR_NULL && err.message[0], "NULL view refused: %s", err.message);

    fg_image bad = img; bad.data = NULL;
    CHECK(fg_image_check(&bad, &err) == FG_ERR_NULL, "NULL data refused: %s", err.message);
    bad = img; bad.width = 0;
    CHECK(fg_image_check(&bad, &err) == FG_ERR_SIZE, "zero width refused: %s", err.message);
    bad = img; bad.height = -3;
    CHECK(fg_image_check(&bad, &err) == FG_ERR_SIZE, "negative height refused: %s", err.message);
    bad = img; bad.channels = 0;
    CHECK(fg_image_check(&bad, &err) == FG_ERR_SIZE, "0 channels refused: %s", err.message);
    bad = img; bad.channels = 5;
    CHECK(fg_image_check(&bad, &err) == FG_ERR_SIZE, "5 channels refused: %s", err.message);
    bad = img; bad.channels = 1; bad.has_alpha = 1;
    CHECK(fg_image_check(&bad, &err) == FG_ERR_SIZE, "alpha with 1 channel refused: %s", err.message);
    bad = img; bad.stride = 11;
    CHECK(fg_image_check(&bad, &err) == FG_ERR_SIZE, "short stride refused: %s", err.message);
    bad = img; bad.width = INT32_MAX; bad.stride = PTRDIFF_MAX; bad.height = INT32_MAX;
    CHECK(fg_image_check(&bad, &err) == FG_ERR_SIZE, "overflowing size refused: %s", err.message);
    bad = img; bad.width = 1 << 30; bad.height = 1 << 30; bad.stride = (ptrdiff_t)4 << 30;
    CHECK(fg_image_check(&bad, &err) == FG_ERR_SIZE, "2^30 rows of 2^32 floats refused: %s", err.message);
    fg_image padded = img; padded.stride = 20;
    CHECK(fg_image_check(&padded, NULL) == FG_OK, "padded stride accepted, NULL error allowed");
    fg_image one = fg_image_make(buffer, 1, 1, 1, 0);
    CHECK(fg_image_check(&one, &err) == FG_OK, "1x1 grey accepted");
}

static void test_pairs(void)
{
    float a[2 * 3 * 3], b[2 * 3 * 3], big[64];
    fg_error err;
    fg_image in = fg_image_make(a, 3, 3, 2, 1);
    fg_image out = fg_image_make(b, 3, 3, 2, 1);

    CHECK(fg_image_check_pair(&in, &out, &err) == FG_OK, "matching separate buffers accepted");
    CHECK(fg_image_check_pair(&in, &in, &err) == FG_OK, "in-place (same buffer) accepted");
    fg_image other = out; other.width = 2;
    CHECK(fg_image_check_pair(&in, &other, &err) == FG_ERR_MISMATCH, "width mismatch refused: %s", err.message);
    other = out; other.channels = 1; other.has_alpha = 0;
    CHECK(fg_image_check_pair(&in, &other, &err) == FG_ERR_MISMATCH, "channel mismatch refused");
    other = out; other.has_alpha = 0;
    CHECK(fg_image_check_pair(&in, &other, &err) == FG_ERR_MISMATCH, "alpha flag mismatch refused");
    fg_image shifted = fg_image_make(big + 1, 3, 3, 2, 1);
    fg_image base = fg_image_make(big, 3, 3, 2, 1);
    CHECK(fg_image_check_pair(&base, &shifted, &err) == FG_ERR_MISMATCH, "partial overlap refused: %s", err.message);
    fg_image restride = base; restride.stride = 7;
    CHECK(fg_image_check_pair(&base, &restride, &err) == FG_ERR_MISMATCH, "same data, other stride refused");
    fg_image after = fg_image_make(big + 18, 3, 3, 2, 1);
    CHECK(fg_image_check_pair(&base, &after, &err) == FG_OK, "adjacent non-overlapping buffers accepted");
    CHECK(fg_image_check_pair(NULL, &out, &err) == FG_ERR_NULL, "NULL input refused");
    CHECK(fg_image_check_pair(&in, NULL, &err) == FG_ERR_NULL, "NULL output refused");
}

static void test_finite(void)
{
    float px[3 * 2 * 2];
    fg_error err;
    for (int i = 0; i < 12; i++) px[i] = 0.25f * (float)i;
    fg_image img = fg_image_make(px, 2, 2, 3, 0);
    CHECK(fg_image_check_finite(&img, &err) == FG_OK, "finite image accepted");
    px[10] = NAN;
    CHECK(fg_image_check_finite(&img, &err) == FG_ERR_NONFINITE && strstr(err.message, "(1, 1)")
          && strstr(err.message, "NaN"), "NaN found and located: %s", err.message);
    px[10] = 1.0f; px[2] = -INFINITY;
    CHECK(fg_image_check_finite(&img, &err) == FG_ERR_NONFINITE && strstr(err.message, "infinite"),
          "-inf found: %s", err.message);
    px[2] = FLT_MAX;
    CHECK(fg_image_check_finite(&img, &err) == FG_OK, "FLT_MAX is finite");
    /* padding between rows is not looked at */
    float padded[2 * 4] = { 0, 0, NAN, NAN, 0, 0, NAN, NAN };
    fg_image p = fg_image_make(padded, 2, 2, 1, 0); p.stride = 4;
    CHECK(fg_image_check_finite(&p, &err) == FG_OK, "NaN in row padding ignored");
}

static void test_copy(void)
{
    float src[5 * 3], dst[7 * 3];
    fg_error err;
    for (int i = 0; i < 15; i++) src[i] = (float)i;
    for (int i = 0; i < 21; i++) dst[i] = -1.0f;
    fg_image in = fg_image_make(src, 5, 3, 1, 0);
    fg_image out = fg_image_make(dst, 5, 3, 1, 0); out.stride = 7;
    CHECK(fg_image_copy(&in, &out, &err) == FG_OK, "copy into padded rows");
    int ok = 1;
    for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 5; x++) ok &= dst[y * 7 + x] == src[y * 5 + x];
        for (int x = 5; x < 7; x++) ok &= dst[y * 7 + x] == -1.0f;
    }
    CHECK(ok, "pixels copied, padding untouched");
    float before[21]; memcpy(before, dst, sizeof dst);
    fg_image wrong = out; wrong.height = 2;
    CHECK(fg_image_copy(&in, &wrong, &err) == FG_ERR_MISMATCH && memcmp(before, dst, sizeof dst) == 0,
          "mismatched copy refused, output untouched");
    CHECK(fg_image_copy(&in, &in, &err) == FG_OK, "in-place copy is a no-op");
}

static void test_status_strings(void)
{
    int ok = 1;
    for (int s = FG_OK; s <= FG_ERR_INTERNAL; s++)
        ok &= fg_status_string((fg_status)s) != NULL && strcmp(fg_status_string((fg_status)s), "unknown status") != 0;
    CHECK(ok, "every status has a description");
    CHECK(strcmp(fg_status_string((fg_status)999), "unknown status") == 0, "unknown status code described");
    CHECK(fg_default_threads() >= 1 && fg_default_threads() <= FG_MAX_THREADS, "default threads in range (%d)",
          fg_default_threads());
}

int main(void)
{
    test_check_valid_and_invalid();
    test_pairs();
    test_finite();
    test_copy();
    test_status_strings();
    return check_done();
}
