/* status.c — status descriptions and error reporting. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

const char *fg_status_string(fg_status status)
{
    switch (status) {
    case FG_OK:            return "success";
    case FG_ERR_NULL:      return "a required pointer is NULL";
    case FG_ERR_SIZE:      return "invalid image size or layout";
    case FG_ERR_PARAM:     return "invalid parameter";
    case FG_ERR_NONFINITE: return "image contains NaN or infinite values";
    case FG_ERR_MISMATCH:  return "input and output images do not match";
    case FG_ERR_NOMEM:     return "out of memory";
    case FG_ERR_TOO_LARGE: return "image too large";
    case FG_ERR_CANCELLED: return "cancelled";
    case FG_ERR_INTERNAL:  return "internal error";
    }
    return "unknown status";
}

fg_status fg_fail(fg_error *error, fg_status status, const char *format, ...)
{
    if (error) {
        va_list args;
        va_start(args, format);
        error->status = status;
        vsnprintf(error->message, sizeof error->message, format, args);
        va_end(args);
    }
    return status;
}

fg_status fg_succeed(fg_error *error)
{
    if (error) {
        error->status = FG_OK;
        error->message[0] = '\0';
    }
    return FG_OK;
}
