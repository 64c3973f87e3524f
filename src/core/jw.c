/* jw.c - a small streaming JSON writer (see jw.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/jw.h"

#define JW_DEFAULT_HINT 1024

void jw_init(jw *w, size_t size_hint)
{
    memset(w, 0, sizeof *w);
    w->cap = size_hint ? size_hint : JW_DEFAULT_HINT; /* reserved on first write */
}

void jw_free(jw *w)
{
    ms_free(w->buf);
    w->buf = NULL;
    w->len = 0;
    w->failed = 1;
}

/* The slow path of reserve: grow the buffer. */
static int grow(jw *w, size_t n)
{
    size_t need, cap;
    char *nb;

    if (w->failed)
        return 0;
    need = w->len + n + 1;
    if (w->buf && need <= w->cap)
        return 1;
    cap = w->cap < 64 ? 64 : w->cap;
    while (cap < need) {
        if (cap > ((size_t)-1) / 2) {
            w->failed = 1;
            return 0;
        }
        cap *= 2;
    }
    nb = ms_realloc(w->buf, cap);
    if (!nb) {
        w->failed = 1;
        return 0;
    }
    w->buf = nb;
    w->cap = cap;
    return 1;
}

/* Room for N more bytes plus the NUL; 0 (and failed) when out of memory. */
static inline int reserve(jw *w, size_t n)
{
    if (!w->failed && w->buf && n < w->cap - w->len)
        return 1;
    return grow(w, n);
}

static void put(jw *w, const void *p, size_t n)
{
    if (!reserve(w, n))
        return;
    memcpy(w->buf + w->len, p, n);
    w->len += n;
    w->buf[w->len] = '\0';
}

static void putc1(jw *w, char c)
{
    if (!reserve(w, 1))
        return;
    w->buf[w->len++] = c;
    w->buf[w->len] = '\0';
}

/* Before a value (or a container): checks the position, writes the comma. */
static int before_value(jw *w)
{
    if (w->failed)
        return 0;
    if (w->depth == 0) {
        if (w->comma) { /* a second top-level value */
            w->failed = 1;
            return 0;
        }
        return 1;
    }
    if (w->in_obj[w->depth - 1]) {
        if (!w->want_value) { /* a value where a member name belongs */
            w->failed = 1;
            return 0;
        }
        w->want_value = 0;
        return 1;
    }
    if (w->comma)
        putc1(w, ',');
    return !w->failed;
}

static void after_value(jw *w)
{
    w->comma = 1;
}

/* Length of the valid UTF-8 sequence at S (at most N bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    unsigned lo = 0x80, hi = 0xBF;
    size_t len;

    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

/* A byte that needs more than a copy: controls, '"', '\\' and non-ASCII. */
static const unsigned char special[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};
#define SPECIAL(c) (special[(unsigned char)(c)])

/* Whether any of the 8 bytes of V is SPECIAL (the bit tricks of "Bit
 * Twiddling Hacks": a byte below 0x20, equal to '"' or '\\', or >= 0x80). */
static int special8(uint64_t v)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\');

    return (((v - ones * 0x20) & ~v) | ((q - ones) & ~q) | ((b - ones) & ~b) | v) & highs ? 1 : 0;
}

/* Bytes 0 (E0: overlong forms), 2 (E2: U+2028/U+2029) and 13 (ED:
 * surrogates) of a 3-byte lead's low nibble need the careful path. */
#define LEAD3_CAREFUL 0x2005u

/* Write S (N bytes) at O as a JSON string with its quotes; returns the end.
 * O must have room for 6 * N + 2 bytes (the worst case, \u00XX per byte)
 * plus 1 (a 4-byte store may write one byte past a 3-byte sequence; that
 * byte lies within the room of the bytes not yet written). */
static char *escape_to(char *o, const char *str, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;

    *o++ = '"';
    while (i < n) {
        unsigned c;
        size_t len;

        /* Plain bytes: 8 at a time, then one by one (no call per run). */
        for (uint64_t v; i + 8 <= n; i += 8, o += 8) {
            memcpy(&v, s + i, 8);
            if (special8(v))
                break;
            memcpy(o, &v, 8);
        }
        while (i < n && !SPECIAL(s[i]))
            *o++ = (char)s[i++];
        if (i == n)
            break;
        c = s[i];
        if (c >= 0x80) {
            /* Runs of the common valid sequences, checked inline: 3-byte
             * whose lead allows any continuation byte (E1-EC, EE-EF; Chinese
             * text is mostly such a run), and 2-byte (C2-DF). */
            for (;;) {
                uint32_t v;
                if (i + 4 <= n) {
                    memcpy(&v, s + i, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                    /* lead 1110xxxx and two 10xxxxxx, in one test */
                    if ((v & 0xC0C0F0u) == 0x8080E0u && !((LEAD3_CAREFUL >> (c & 15)) & 1)) {
                        memcpy(o, &v, 4); /* the 4th byte is overwritten next */
                        o += 3;
                        i += 3;
                        c = v >> 24; /* the next byte, already loaded */
                        if (i == n || c < 0x80)
                            break;
                        continue;
                    }
#endif
                    if ((c & 0xF0) == 0xE0 && (s[i + 1] & 0xC0) == 0x80 &&
                        (s[i + 2] & 0xC0) == 0x80 && !((LEAD3_CAREFUL >> (c & 15)) & 1)) {
                        memcpy(o, &v, 4); /* the 4th byte is overwritten next */
                        o += 3;
                        i += 3;
                    } else if (c >= 0xC2 && c <= 0xDF && (s[i + 1] & 0xC0) == 0x80) {
                        memcpy(o, &v, 2);
                        o += 2;
                        i += 2;
                    } else {
                        break;
                    }
                } else if ((c & 0xF0) == 0xE0 && i + 3 <= n && (s[i + 1] & 0xC0) == 0x80 &&
                           (s[i + 2] & 0xC0) == 0x80 && !((LEAD3_CAREFUL >> (c & 15)) & 1)) {
                    o[0] = (char)c;
                    o[1] = (char)s[i + 1];
                    o[2] = (char)s[i + 2];
                    o += 3;
                    i += 3;
                } else if (c >= 0xC2 && c <= 0xDF && i + 2 <= n && (s[i + 1] & 0xC0) == 0x80) {
                    o[0] = (char)c;
                    o[1] = (char)s[i + 1];
                    o += 2;
                    i += 2;
                } else {
                    break;
                }
                if (i == n || (c = s[i]) < 0x80)
                    break;
            }
            if (i == n || c < 0x80)
                continue;
            len = utf8_len(s + i, n - i);
            if (len == 3 && c == 0xE2 && s[i + 1] == 0x80 &&
                (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
                memcpy(o, s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
                o += 6;
            } else if (len) {
                for (size_t k = 0; k < len; k++)
                    *o++ = (char)s[i + k];
            } else {
                memcpy(o, "\xEF\xBF\xBD", 3); /* U+FFFD for a byte that starts no valid sequence */
                o += 3;
                len = 1;
            }
            i += len;
            continue;
        }
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        default:
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
        i++;
    }
    *o++ = '"';
    return o;
}

/* Write S (N bytes) as a JSON string, after the byte PRE and before POST
 * (each 0 for none). The worst case is reserved once, then written
 * directly. */
static void put_escaped(jw *w, const char *str, size_t n, char pre, char post)
{
    char *o;

    if (n > (size_t)-1 / 8) {
        w->failed = 1;
        return;
    }
    if (!reserve(w, 6 * n + 5))
        return;
    o = w->buf + w->len;
    if (pre)
        *o++ = pre;
    o = escape_to(o, str, n);
    if (post)
        *o++ = post;
    *o = '\0';
    w->len = (size_t)(o - w->buf);
}

void jw_obj_begin(jw *w)
{
    if (!before_value(w))
        return;
    if (w->depth == JW_MAX_DEPTH) {
        w->failed = 1;
        return;
    }
    w->in_obj[w->depth++] = 1;
    w->comma = 0;
    putc1(w, '{');
}

void jw_arr_begin(jw *w)
{
    if (!before_value(w))
        return;
    if (w->depth == JW_MAX_DEPTH) {
        w->failed = 1;
        return;
    }
    w->in_obj[w->depth++] = 0;
    w->comma = 0;
    putc1(w, '[');
}

static void end(jw *w, int obj)
{
    if (w->failed)
        return;
    if (w->depth == 0 || w->in_obj[w->depth - 1] != obj || w->want_value) {
        w->failed = 1;
        return;
    }
    w->depth--;
    putc1(w, obj ? '}' : ']');
    after_value(w);
}

void jw_obj_end(jw *w)
{
    end(w, 1);
}

void jw_arr_end(jw *w)
{
    end(w, 0);
}

void jw_key(jw *w, const char *k)
{
    if (w->failed)
        return;
    if (!k || w->depth == 0 || !w->in_obj[w->depth - 1] || w->want_value) {
        w->failed = 1;
        return;
    }
    put_escaped(w, k, strlen(k), w->comma ? ',' : 0, ':');
    w->want_value = 1;
    w->comma = 0;
}

void jw_key_raw(jw *w, const char *quoted, size_t len)
{
    char *o;

    if (w->failed)
        return;
    if (!quoted || w->depth == 0 || !w->in_obj[w->depth - 1] || w->want_value) {
        w->failed = 1;
        return;
    }
    if (!reserve(w, len + 1))
        return;
    o = w->buf + w->len;
    if (w->comma)
        *o++ = ',';
    memcpy(o, quoted, len);
    o += len;
    *o = '\0';
    w->len = (size_t)(o - w->buf);
    w->want_value = 1;
    w->comma = 0;
}

/* Start a member with a pre-quoted key and room for EXTRA value bytes:
 * writes the comma and the key; returns where the value goes, or NULL
 * (failed) on misuse or out of memory. EXTRA and LEN are below SIZE_MAX / 8. */
static char *member_start(jw *w, const char *quoted, size_t len, size_t extra)
{
    char *o;

    if (w->failed)
        return NULL;
    if (!quoted || w->depth == 0 || !w->in_obj[w->depth - 1] || w->want_value) {
        w->failed = 1;
        return NULL;
    }
    if (!reserve(w, len + extra + 1))
        return NULL;
    o = w->buf + w->len;
    if (w->comma)
        *o++ = ',';
    memcpy(o, quoted, len);
    return o + len;
}

/* Close a member whose value ends at O. */
static void member_end(jw *w, char *o)
{
    *o = '\0';
    w->len = (size_t)(o - w->buf);
    w->comma = 1; /* after_value */
}

char *jw__escape(char *o, const char *s, size_t n)
{
    return escape_to(o, s, n);
}

void jw_kstr_raw(jw *w, const char *quoted, size_t len, const char *v)
{
    size_t n = v ? strlen(v) : 4;
    char *o;

    if (n > (size_t)-1 / 8 || len > (size_t)-1 / 8) {
        w->failed = 1;
        return;
    }
    /* One reservation for the comma, the key and the worst-case value. */
    o = member_start(w, quoted, len, v ? 6 * n + 3 : 4);
    if (!o)
        return;
    if (v) {
        o = escape_to(o, v, n);
    } else {
        memcpy(o, "null", 4);
        o += 4;
    }
    member_end(w, o);
}

void jw_kint_raw(jw *w, const char *quoted, size_t len, int64_t v)
{
    char tmp[24], *p = tmp + sizeof tmp, *o;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

    if (len > (size_t)-1 / 8) {
        w->failed = 1;
        return;
    }
    o = member_start(w, quoted, len, sizeof tmp);
    if (!o)
        return;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    memcpy(o, p, (size_t)(tmp + sizeof tmp - p));
    member_end(w, o + (tmp + sizeof tmp - p));
}

void jw_kid_raw(jw *w, const char *quoted, size_t len, int64_t v)
{
    if (v)
        jw_kint_raw(w, quoted, len, v);
    else
        jw_kstr_raw(w, quoted, len, NULL);
}

void jw_strn(jw *w, const char *s, size_t n)
{
    if (!s) {
        jw_null(w);
        return;
    }
    if (!before_value(w))
        return;
    put_escaped(w, s, n, 0, 0);
    after_value(w);
}

void jw_str(jw *w, const char *s)
{
    jw_strn(w, s, s ? strlen(s) : 0);
}

void jw_int(jw *w, int64_t v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

    if (!before_value(w))
        return;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    put(w, p, (size_t)(tmp + sizeof tmp - p));
    after_value(w);
}

void jw_double(jw *w, double v)
{
    char tmp[40];
    int n = 0;

    if (!isfinite(v)) {
        jw_null(w);
        return;
    }
    if (!before_value(w))
        return;
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(tmp, sizeof tmp - 2, "%.*g", prec, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    for (int i = 0; i < n; i++)
        if (tmp[i] == ',')
            tmp[i] = '.'; /* a locale's decimal comma */
    if (!strpbrk(tmp, ".eE")) {
        tmp[n++] = '.';
        tmp[n++] = '0';
    }
    put(w, tmp, (size_t)n);
    after_value(w);
}

void jw_bool(jw *w, int v)
{
    if (!before_value(w))
        return;
    if (v)
        put(w, "true", 4);
    else
        put(w, "false", 5);
    after_value(w);
}

void jw_null(jw *w)
{
    if (!before_value(w))
        return;
    put(w, "null", 4);
    after_value(w);
}

void jw_raw(jw *w, const char *json, size_t n)
{
    if (!before_value(w))
        return;
    put(w, json, n);
    after_value(w);
}

void jw_kstr(jw *w, const char *k, const char *v)
{
    jw_key(w, k);
    jw_str(w, v);
}

void jw_kint(jw *w, const char *k, int64_t v)
{
    jw_key(w, k);
    jw_int(w, v);
}

void jw_kid(jw *w, const char *k, int64_t v)
{
    jw_key(w, k);
    if (v)
        jw_int(w, v);
    else
        jw_null(w);
}

void jw_kbool(jw *w, const char *k, int v)
{
    jw_key(w, k);
    jw_bool(w, v);
}

char *jw_finish(jw *w, size_t *len)
{
    char *out;

    if (w->failed || w->depth != 0 || !w->comma || !w->buf) {
        jw_free(w);
        return NULL;
    }
    out = w->buf;
    if (len)
        *len = w->len;
    jw_init(w, 0);
    return out;
}
