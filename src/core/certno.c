/* certno.c - parsing and formatting certificate numbers, UTF-8 aware, no regex. */
#include <stdio.h>
#include <string.h>

#include "core/certno.h"
#include "core/division.h"

#define LIANGBIAO "量标"
#define ZHENGZIDI "证字第"
#define HAO       "号"

/* ------------------------------------------------------------------------ */
/* UTF-8 helpers                                                            */
/* ------------------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at S (before END), 0 if invalid. */
static size_t u8_len(const unsigned char *s, const unsigned char *end)
{
    size_t n;
    unsigned cp;

    if (s >= end)
        return 0;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        n = 2, cp = s[0] & 0x1F;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        n = 3, cp = s[0] & 0x0F;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        n = 4, cp = s[0] & 0x07;
    else
        return 0;
    if ((size_t)(end - s) < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* 1 if the character at S (of LEN bytes) is white space: ASCII or U+3000. */
static int u8_space(const unsigned char *s, size_t len)
{
    if (len == 1)
        return *s == ' ' || (*s >= '\t' && *s <= '\r');
    return len == 3 && memcmp(s, "\xE3\x80\x80", 3) == 0;
}

/* Number of characters in [S, END), which is known to be valid UTF-8. */
static size_t u8_count(const unsigned char *s, const unsigned char *end)
{
    size_t n = 0;

    for (; s < end; s++)
        n += (*s & 0xC0) != 0x80;
    return n;
}

/* Pointer K characters after S (valid UTF-8), or NULL past END. */
static const unsigned char *u8_skip(const unsigned char *s, const unsigned char *end, size_t k)
{
    while (k-- > 0) {
        if (s >= end)
            return NULL;
        s += u8_len(s, end);
    }
    return s <= end ? s : NULL;
}

static int starts_with(const unsigned char *s, const unsigned char *end, const char *lit)
{
    size_t n = strlen(lit);

    return (size_t)(end - s) >= n && memcmp(s, lit, n) == 0;
}

/* ------------------------------------------------------------------------ */
/* Normalisation                                                            */
/* ------------------------------------------------------------------------ */

/* Trim IN and copy it to OUT (SIZE bytes) with full-width brackets made ASCII.
 * Returns the length, or -1 (not UTF-8, white space inside, too long). A
 * result of 0 means IN was blank. */
static long normalize(const char *in, char *out, size_t size)
{
    const unsigned char *s = (const unsigned char *)in, *end = s + strlen(in);
    size_t used = 0, n;

    while (s < end && (n = u8_len(s, end)) && u8_space(s, n))
        s += n;
    while (end > s) {
        const unsigned char *q = end - 1;
        while (q > s && (*q & 0xC0) == 0x80)
            q--;
        if (!u8_space(q, (size_t)(end - q)))
            break;
        end = q;
    }
    for (; s < end; s += n) {
        const char *rep = NULL;
        n = u8_len(s, end);
        if (!n || u8_space(s, n))
            return -1;
        if (n == 3 && (memcmp(s, "〔", 3) == 0 || memcmp(s, "［", 3) == 0))
            rep = "[";
        else if (n == 3 && (memcmp(s, "〕", 3) == 0 || memcmp(s, "］", 3) == 0))
            rep = "]";
        if (used + (rep ? 1 : n) >= size)
            return -1;
        if (rep)
            out[used++] = rep[0];
        else {
            memcpy(out + used, s, n);
            used += n;
        }
    }
    out[used] = '\0';
    return (long)used;
}

/* ------------------------------------------------------------------------ */
/* Parsing                                                                  */
/* ------------------------------------------------------------------------ */

int certno_parse(const char *in, certno *out, ms_err *err)
{
    certno c;
    const unsigned char *t, *end, *p, *serial, *mid_end, *unit = NULL, *unit_end = NULL;
    const char *code;
    long len;
    int rc = MS_OK, saw_mark = 0;

    memset(&c, 0, sizeof c);
    if (!in) {
        rc = ms_fail(err, MS_EINVAL, "cert_no", "required", NULL);
        goto out;
    }
    len = normalize(in, c.text, sizeof c.text);
    if (len == 0) {
        rc = ms_fail(err, MS_EINVAL, "cert_no", "required", NULL);
        goto out;
    }
    if (len < 0) {
        rc = ms_failf(err, MS_EINVAL, "cert_no", "invalid_cert_no", "%.120s", in);
        goto out;
    }
    t = (const unsigned char *)c.text;
    end = t + len;

    /* [YYYY] */
    if (len < 6 || t[0] != '[' || t[5] != ']' || strspn(c.text + 1, "0123456789") < 4) {
        rc = ms_fail(err, MS_EINVAL, "cert_no", "invalid_cert_no_year", c.text);
        goto out;
    }
    c.year = (t[1] - '0') * 1000 + (t[2] - '0') * 100 + (t[3] - '0') * 10 + (t[4] - '0');

    /* 证字第<digits>号 at the end */
    if (end - t < 6 + (long)strlen(HAO) || memcmp(end - strlen(HAO), HAO, strlen(HAO)) != 0) {
        rc = ms_fail(err, MS_EINVAL, "cert_no", "invalid_cert_no_serial", c.text);
        goto out;
    }
    p = end - strlen(HAO);
    serial = p;
    while (serial > t + 6 && serial[-1] >= '0' && serial[-1] <= '9')
        serial--;
    if (serial == p || (size_t)(p - serial) >= sizeof c.serial ||
        (size_t)(serial - (t + 6)) < strlen(ZHENGZIDI) ||
        memcmp(serial - strlen(ZHENGZIDI), ZHENGZIDI, strlen(ZHENGZIDI)) != 0) {
        rc = ms_fail(err, MS_EINVAL, "cert_no", "invalid_cert_no_serial", c.text);
        goto out;
    }
    memcpy(c.serial, serial, (size_t)(p - serial));
    mid_end = serial - strlen(ZHENGZIDI);

    /* province (1-2 characters, greedy as the regex) 量标 unit (0-8 characters; provincial
     * certificates have none) */
    for (size_t k = 2; k >= 1 && !unit; k--) {
        const unsigned char *prov_end = u8_skip(t + 6, mid_end, k);
        size_t units;
        if (!prov_end || !starts_with(prov_end, mid_end, LIANGBIAO))
            continue;
        saw_mark = 1;
        units = u8_count(prov_end + strlen(LIANGBIAO), mid_end);
        if (units > 8)
            continue;
        memcpy(c.province, t + 6, (size_t)(prov_end - (t + 6)));
        unit = prov_end + strlen(LIANGBIAO);
        unit_end = mid_end;
    }
    if (!unit) {
        rc = ms_fail(err, MS_EINVAL, "cert_no",
                     saw_mark ? "invalid_cert_no_unit" : "invalid_cert_no_province", c.text);
        goto out;
    }
    memcpy(c.unit, unit, (size_t)(unit_end - unit));
    code = division_province_by_short(c.province);
    if (code)
        memcpy(c.province_code, code, 3);
    if (out)
        *out = c;
out:
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Formatting                                                               */
/* ------------------------------------------------------------------------ */

/* 1 if S is valid UTF-8 of MIN..MAX characters without white space. */
static int part_ok(const char *s, size_t min, size_t max)
{
    const unsigned char *p = (const unsigned char *)s, *end;
    size_t n, count = 0;

    if (!s)
        return 0;
    end = p + strlen(s);
    for (; p < end; p += n, count++) {
        n = u8_len(p, end);
        if (!n || u8_space(p, n) || *p == '[' || *p == ']')
            return 0;
    }
    return count >= min && count <= max;
}

int certno_format(char *buf, size_t size, int year, const char *province, const char *unit,
                  unsigned long serial, int width)
{
    int n, rc = MS_OK;

    if (size)
        buf[0] = '\0';
    if (year < 1000 || year > 9999 || width < 0 || width > 20 || !part_ok(province, 1, 2) ||
        !part_ok(unit, 0, 8)) {
        rc = MS_EINVAL;
        goto out;
    }
    n = snprintf(buf, size, "[%d]%s" LIANGBIAO "%s" ZHENGZIDI "%0*lu" HAO, year, province, unit,
                 width, serial);
    if (n < 0 || (size_t)n >= size) {
        if (size)
            buf[0] = '\0';
        rc = MS_ETOOBIG;
        goto out;
    }
out:
    return rc;
}
