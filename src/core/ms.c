/* ms.c - filling ms_err records. */
#include <stdio.h>
#include <string.h>

#include "core/ms.h"

char *ms_utf8_trim(char *s)
{
    size_t n = strlen(s), i = n, need;
    unsigned char c;

    /* Find the lead byte of the last character and check it is complete. */
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return s;
    c = (unsigned char)s[i - 1];
    need = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (n - (i - 1) < need)
        s[i - 1] = '\0';
    return s;
}

static void copy(char *dst, size_t size, const char *src)
{
    if (!src)
        src = "";
    snprintf(dst, size, "%s", src);
    ms_utf8_trim(dst);
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
