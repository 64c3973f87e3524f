/* csvout.c - RFC 4180 CSV with a BOM and formula-injection guard. */
#include <string.h>

#include "core/alloc.h"
#include "render/csvout.h"

#define FLUSH_AT (64u * 1024)

struct csvout {
    FILE *fp; /* NULL: memory */
    char *buf;
    size_t len, cap;
    int started, failed;
};

csvout *csvout_new(FILE *fp)
{
    csvout *w = ms_calloc(1, sizeof *w);

    if (!w)
        return NULL;
    w->fp = fp;
    w->cap = FLUSH_AT + 1024;
    w->buf = ms_malloc(w->cap);
    if (!w->buf) {
        ms_free(w);
        return NULL;
    }
    return w;
}

void csvout_free(csvout *w)
{
    if (!w)
        return;
    ms_free(w->buf);
    ms_free(w);
}

static int put(csvout *w, const char *s, size_t n)
{
    if (w->len + n > w->cap) {
        size_t cap = w->cap * 2;
        while (cap < w->len + n)
            cap *= 2;
        char *nb = ms_realloc(w->buf, cap);
        if (!nb)
            return 0;
        w->buf = nb;
        w->cap = cap;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    return 1;
}

int csvout_flush(csvout *w, ms_err *err)
{
    if (!w->failed && w->fp && w->len) {
        if (fwrite(w->buf, 1, w->len, w->fp) != w->len)
            w->failed = 1;
        w->len = 0;
    }
    if (!w->failed && w->fp && fflush(w->fp) != 0)
        w->failed = 1;
    return w->failed ? ms_fail(err, MS_EINTERNAL, "", "io_error", "csv") : MS_OK;
}

/* A plain number: [+-]digits[.digits][e[+-]digits]. */
static int plain_number(const char *s)
{
    int digits = 0;

    if (*s == '+' || *s == '-')
        s++;
    for (; *s >= '0' && *s <= '9'; s++)
        digits++;
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++)
            digits++;
    if (digits && (*s == 'e' || *s == 'E')) {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!(*s >= '0' && *s <= '9'))
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return digits && !*s;
}

int csvout_needs_guard(const char *s)
{
    return s && *s && strchr("=+-@\t\r", *s) && !plain_number(s);
}

const char *csvout_unguard(const char *s)
{
    return s && s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1]) ? s + 1 : s;
}

int csvout_row(csvout *w, const char *const *cells, int n, ms_err *err)
{
    int ok = 1;

    if (w->failed)
        return ms_fail(err, MS_EINTERNAL, "", "io_error", "csv");
    if (!w->started) {
        ok = put(w, "\xEF\xBB\xBF", 3);
        w->started = 1;
    }
    for (int i = 0; i < n && ok; i++) {
        const char *s = cells[i] ? cells[i] : "";
        size_t len = strlen(s);
        int guard = csvout_needs_guard(s);
        int quote = guard || strpbrk(s, ",\"\r\n\t") || (len && (s[0] == ' ' || s[len - 1] == ' '));

        if (i)
            ok = put(w, ",", 1);
        if (ok && quote)
            ok = put(w, "\"", 1);
        if (ok && guard)
            ok = put(w, "'", 1);
        for (const char *q; ok && (q = strchr(s, '"')); s = q + 1)
            ok = put(w, s, (size_t)(q - s) + 1) && put(w, "\"", 1);
        if (ok)
            ok = put(w, s, strlen(s));
        if (ok && quote)
            ok = put(w, "\"", 1);
    }
    if (ok)
        ok = put(w, "\r\n", 2);
    if (!ok) {
        w->failed = 1;
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    }
    if (w->fp && w->len >= FLUSH_AT) {
        if (fwrite(w->buf, 1, w->len, w->fp) != w->len)
            w->failed = 1;
        w->len = 0;
        if (w->failed)
            return ms_fail(err, MS_EINTERNAL, "", "io_error", "csv");
    }
    return MS_OK;
}

const char *csvout_bytes(const csvout *w, size_t *len)
{
    if (w->fp)
        return NULL;
    *len = w->len;
    return w->buf;
}
