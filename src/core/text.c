/* text.c - UTF-8 and free-text checks. */
#include <stdio.h>
#include <string.h>

#include "core/text.h"

int text_utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str, *end = s + len;

    while (s < end) {
        unsigned c = *s;
        unsigned cp;
        int n;
        if (c < 0x80) {
            s++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (end - s <= n)
            return 0;
        for (int i = 1; i <= n; i++) {
            if ((s[i] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        s += n + 1;
    }
    return 1;
}

size_t text_utf8_len(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

int text_blank(const char *s)
{
    if (!s)
        return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

int text_check(const char *field, const char *value, size_t max, int required, int multiline,
               ms_err *err)
{
    char arg[24];

    if (text_blank(value))
        return required ? ms_fail(err, MS_EINVAL, field, "required", NULL) : MS_OK;
    if (!text_utf8_valid(value, strlen(value)))
        return ms_fail(err, MS_EINVAL, field, "invalid_utf8", NULL);
    for (const unsigned char *p = (const unsigned char *)value; *p; p++)
        if ((*p < 0x20 && !(multiline && (*p == '\t' || *p == '\n' || *p == '\r'))) || *p == 0x7F)
            return ms_fail(err, MS_EINVAL, field, "control_chars", NULL);
    if (text_utf8_len(value) > max) {
        snprintf(arg, sizeof arg, "%zu", max);
        return ms_fail(err, MS_EINVAL, field, "too_long", arg);
    }
    return MS_OK;
}
