/* ms.c - filling ms_err records. */
#include <stdio.h>
#include <string.h>

#include "core/ms.h"

static void copy(char *dst, size_t size, const char *src)
{
    if (!src)
        src = "";
    snprintf(dst, size, "%s", src);
}

int ms_fail(ms_err *err, int code, const char *field, const char *key, const char *arg)
{
    if (err) {
        err->code = code;
        copy(err->field, sizeof err->field, field);
        copy(err->key, sizeof err->key, key);
        copy(err->arg, sizeof err->arg, arg);
    }
    return code;
}

int ms_failf(ms_err *err, int code, const char *field, const char *key, const char *fmt, ...)
{
    char buf[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return ms_fail(err, code, field, key, buf);
}

void ms_err_clear(ms_err *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

const char *ms_result_name(int code)
{
    switch (code) {
    case MS_OK: return "ok";
    case MS_EINVAL: return "invalid";
    case MS_ENOTFOUND: return "not_found";
    case MS_EFORBIDDEN: return "forbidden";
    case MS_ECONFLICT: return "conflict";
    case MS_ETOOBIG: return "too_big";
    default: return "internal";
    }
}
