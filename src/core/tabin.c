/* tabin.c - tabular input: format sniffing, UTF-8 / GB18030 (iconv) and
 * CSV (libcsv); XLSX is in tabin_xlsx.c. */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/date.h"
#include "core/tabin_int.h"

#define CSV_CHUNK (1u << 20)

/* ------------------------------------------------------------------ rows */

void tabin_rowbuf_free(struct tabin_rowbuf *rb)
{
    ms_free(rb->buf);
    ms_free(rb->off);
    ms_free(rb->ptrs);
}

int tabin_rowbuf_set(struct tabin_rowbuf *rb, int col, const char *s, size_t n, ms_err *err)
{
    if (col < 0 || col >= TABIN_MAX_COLS)
        return ms_failf(err, MS_EINVAL, "", "too_many_columns", "%d", TABIN_MAX_COLS);
    if (col >= rb->ncap) {
        int ncap = rb->ncap ? rb->ncap : 32;
        while (ncap <= col)
            ncap *= 2;
        size_t *off = ms_realloc(rb->off, (size_t)ncap * sizeof *off);
        if (off)
            rb->off = off;
        const char **ptrs = off ? ms_realloc(rb->ptrs, (size_t)ncap * sizeof *ptrs) : NULL;
        if (!ptrs)
            return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        rb->ptrs = ptrs;
        rb->ncap = ncap;
    }
    if (rb->len + n + 1 > rb->cap) {
        size_t cap = rb->cap ? rb->cap : 1024;
        while (cap < rb->len + n + 1)
            cap *= 2;
        char *nb = ms_realloc(rb->buf, cap);
        if (!nb)
            return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        rb->buf = nb;
        rb->cap = cap;
    }
    while (rb->n <= col)
        rb->off[rb->n++] = TABIN_NO_CELL;
    rb->off[col] = rb->len;
    memcpy(rb->buf + rb->len, s, n);
    rb->len += n;
    rb->buf[rb->len++] = '\0';
    return MS_OK;
}

int tabin_rowbuf_emit(struct tabin_rowbuf *rb, long row, size_t done, size_t total, tabin_row_fn fn,
                      void *ctx, long *count, ms_err *err)
{
    struct tabin_row r = {row, rb->n, rb->ptrs, done, total};
    int rc = MS_OK;

    if (rb->n > 0) {
        for (int i = 0; i < rb->n; i++)
            rb->ptrs[i] = rb->off[i] == TABIN_NO_CELL ? "" : rb->buf + rb->off[i];
        (*count)++;
        rc = fn(ctx, &r, err);
    }
    rb->n = 0;
    rb->len = 0;
    return rc;
}
/* ------------------------------------------------------------- encodings */

int tabin_utf8_valid(const unsigned char *s, size_t n, size_t *bad_at)
{
    size_t i = 0;

    while (i < n) {
        unsigned c = s[i];
        size_t k;
        uint32_t cp;

        if (c < 0x80) {
            /* Skip ASCII eight bytes at a time. */
            while (i + 8 <= n) {
                uint64_t w;
                memcpy(&w, s + i, 8);
                if (w & 0x8080808080808080ull)
                    break;
                i += 8;
            }
            if (i < n && s[i] < 0x80)
                i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            k = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            k = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            k = 3, cp = c & 0x07;
        else
            goto bad;
        if (n - i <= k)
            goto bad;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80)
                goto bad;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            goto bad;
        i += k + 1;
    }
    return 1;
bad:
    if (bad_at)
        *bad_at = i;
    return 0;
}

/* Line number (1-based) of byte OFF. */
static long line_of(const unsigned char *data, size_t off)
{
    long line = 1;
    for (size_t i = 0; i < off; i++)
        line += data[i] == '\n';
    return line;
}

static int bad_encoding(const unsigned char *data, size_t len, size_t off, ms_err *err)
{
    int rc = ms_failf(err, MS_EINVAL, "", "bad_encoding", "%zu (0x%02X)", off,
                      off < len ? data[off] : 0);
    if (err)
        err->row = line_of(data, off);
    return rc;
}

/* Convert GB18030 to UTF-8 into a new buffer (caller frees with ms_free). */
static int from_gb18030(const unsigned char *data, size_t len, char **out, size_t *outlen,
                        ms_err *err)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    char *buf = NULL, *in = (char *)data, *o;
    size_t inleft = len, cap, outleft;
    int rc = MS_OK;

    *out = NULL;
    if (cd == (iconv_t)-1)
        return ms_fail(err, MS_EINTERNAL, "", "internal", "iconv GB18030");
    cap = len / 2 * 3 + 16; /* 2 bytes -> at most 3, 4 -> 4, 1 -> 1 */
    buf = ms_malloc(cap);
    if (!buf) {
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    o = buf;
    outleft = cap - 1;
    if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
        rc = errno == E2BIG ? ms_fail(err, MS_EINTERNAL, "", "internal", "iconv buffer")
                            : bad_encoding(data, len, (size_t)(in - (char *)data), err);
        goto out;
    }
    *o = '\0';
    *outlen = (size_t)(o - buf);
    *out = buf;
    buf = NULL;
out:
    ms_free(buf);
    iconv_close(cd);
    return rc;
}
/* ------------------------------------------------------------------- CSV */

struct csvin {
    struct tabin_rowbuf rb;
    tabin_row_fn fn;
    void *ctx;
    ms_err *err;
    int rc;
    long row, count;
    int last_term;
    size_t done, total;
};

static void csv_field(void *s, size_t n, void *data)
{
    struct csvin *c = data;

    if (c->rc == MS_OK)
        c->rc = tabin_rowbuf_set(&c->rb, c->rb.n, s ? s : "", s ? n : 0, c->err);
}

static void csv_record(int term, void *data)
{
    struct csvin *c = data;

    if (c->rc != MS_OK)
        return;
    if (c->rb.n == 0) {
        /* A blank line (reported because of CSV_REPALL_NL), or the LF of
         * the CRLF that ended the previous record. */
        if (!(term == '\n' && c->last_term == '\r'))
            c->row++;
        c->last_term = term == '\r' ? '\r' : 0;
        return;
    }
    c->row++;
    c->last_term = term;
    c->rc = tabin_rowbuf_emit(&c->rb, c->row, c->done, c->total, c->fn, c->ctx, &c->count, c->err);
}

static int space_only(unsigned char ch)
{
    return ch == ' ';
}

static int read_csv(const char *text, size_t len, tabin_row_fn fn, void *ctx, long *count,
                    ms_err *err)
{
    struct csv_parser p;
    struct csvin c = {.fn = fn, .ctx = ctx, .err = err, .total = len};
    const char *nl = memchr(text, '\n', len);
    size_t first = nl ? (size_t)(nl - text) : len, pos = 0;
    int rc = MS_OK, opened = 0;

    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_REPALL_NL) != 0) {
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    opened = 1;
    csv_set_realloc_func(&p, ms_realloc);
    csv_set_free_func(&p, ms_free);
    if (!memchr(text, ',', first) && memchr(text, '\t', first)) {
        csv_set_delim(&p, '\t');
        csv_set_space_func(&p, space_only);
    }
    while (pos < len && c.rc == MS_OK) {
        size_t n = len - pos < CSV_CHUNK ? len - pos : CSV_CHUNK;
        c.done = pos + n;
        if (csv_parse(&p, text + pos, n, csv_field, csv_record, &c) != n)
            break;
        pos += n;
    }
    if (c.rc == MS_OK && csv_error(&p) == CSV_SUCCESS)
        csv_fini(&p, csv_field, csv_record, &c);
    if (c.rc != MS_OK) {
        rc = c.rc;
    } else if (csv_error(&p) == CSV_EPARSE) {
        rc = ms_fail(err, MS_EINVAL, "", "csv_malformed", "\"");
        if (err)
            err->row = c.row + 1;
    } else if (csv_error(&p) != CSV_SUCCESS) {
        rc = ms_fail(err, csv_error(&p) == CSV_ETOOBIG ? MS_ETOOBIG : MS_EINTERNAL, "",
                     "out_of_memory", NULL);
    }
out:
    if (opened)
        csv_free(&p);
    tabin_rowbuf_free(&c.rb);
    *count = c.count;
    return rc;
}
/* ------------------------------------------------------------ the reader */

int tabin_read(const unsigned char *data, size_t len, tabin_row_fn fn, void *ctx,
               struct tabin_info *info, ms_err *err)
{
    struct tabin_info dummy;
    char *conv = NULL;
    const char *text = (const char *)data;
    size_t tlen = len, bad = 0;
    int rc;

    if (!info)
        info = &dummy;
    memset(info, 0, sizeof *info);
    info->format = TABIN_CSV;
    info->encoding = "UTF-8";
    if (len >= 4 && memcmp(data, "PK\3\4", 4) == 0) {
        info->format = TABIN_XLSX;
        info->encoding = "XLSX";
        rc = tabin_read_xlsx(data, len, fn, ctx, &info->rows, err);
        goto out;
    }
    if (len >= 4 && memcmp(data, "\xD0\xCF\x11\xE0", 4) == 0) {
        rc = ms_fail(err, MS_EINVAL, "", "unsupported_format", "xls");
        goto out;
    }
    if (len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0)) {
        rc = ms_fail(err, MS_EINVAL, "", "bad_encoding", "UTF-16");
        goto out;
    }
    if (memchr(data, '\0', len)) {
        rc = bad_encoding(data, len,
                          (size_t)((const unsigned char *)memchr(data, '\0', len) - data), err);
        goto out;
    }
    if (tabin_utf8_valid(data, len, &bad)) {
        if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
            text += 3;
            tlen -= 3;
        }
    } else {
        rc = from_gb18030(data, len, &conv, &tlen, err);
        if (rc != MS_OK)
            goto out;
        text = conv;
        info->encoding = "GB18030";
    }
    rc = read_csv(text, tlen, fn, ctx, &info->rows, err);
out:
    ms_free(conv);
    return rc;
}
/* ------------------------------------------------------------- tabin_load */

struct loader {
    arena *ar;
    struct tabin_table *t;
    long cap;
};

static int load_row(void *ctx, const struct tabin_row *r, ms_err *err)
{
    struct loader *l = ctx;
    struct tabin_trow *row;

    if (l->t->nrows == l->cap) {
        long cap = l->cap ? l->cap * 2 : 16;
        struct tabin_trow *nr = arena_alloc(l->ar, (size_t)cap * sizeof *nr);
        if (!nr)
            return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        if (l->t->nrows)
            memcpy(nr, l->t->rows, (size_t)l->t->nrows * sizeof *nr);
        l->t->rows = nr;
        l->cap = cap;
    }
    row = &l->t->rows[l->t->nrows];
    row->row = r->row;
    row->ncells = r->ncells;
    row->cells = arena_alloc(l->ar, (size_t)r->ncells * sizeof *row->cells);
    if (!row->cells)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    for (int i = 0; i < r->ncells; i++)
        if (!(row->cells[i] = arena_strdup(l->ar, r->cells[i])))
            return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    l->t->nrows++;
    return MS_OK;
}

int tabin_load(const unsigned char *data, size_t len, arena *ar, struct tabin_table *out,
               struct tabin_info *info, ms_err *err)
{
    struct loader l = {ar, out, 0};

    out->nrows = 0;
    out->rows = NULL;
    return tabin_read(data, len, load_row, &l, info, err);
}

/* ------------------------------------------------------------------ dates */

/* Read 1..MAX digits at *P into *V. */
static int digits(const char **p, int min, int max, int *v)
{
    int n = 0;

    *v = 0;
    while (n < max && **p >= '0' && **p <= '9') {
        *v = *v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n >= min;
}

static int eat(const char **p, const char *s)
{
    size_t n = strlen(s);
    if (strncmp(*p, s, n))
        return 0;
    *p += n;
    return 1;
}

int tabin_date_normalize(const char *in, char out[11])
{
    const char *p = in;
    int y, m, d, h, mi, s, cjk = 0;
    char sep = 0;

    out[0] = '\0';
    while (*p == ' ')
        p++;
    if (strspn(p, "0123456789") == 8 && (!p[8] || p[8] == ' ')) {
        digits(&p, 4, 4, &y);
        digits(&p, 2, 2, &m);
        digits(&p, 2, 2, &d);
    } else {
        if (!digits(&p, 4, 4, &y))
            return 0;
        if (eat(&p, "年"))
            cjk = 1;
        else if (*p == '-' || *p == '/' || *p == '.')
            sep = *p++;
        else
            return 0;
        if (!digits(&p, 1, 2, &m))
            return 0;
        if (cjk ? !eat(&p, "月") : *p++ != sep)
            return 0;
        if (!digits(&p, 1, 2, &d))
            return 0;
        if (cjk)
            eat(&p, "日");
    }
    while (*p == ' ')
        p++;
    if (*p) {
        /* Only a midnight time may follow (Excel's "2021/3/5 0:00"). */
        if (!digits(&p, 1, 2, &h) || *p++ != ':' || !digits(&p, 2, 2, &mi))
            return 0;
        s = 0;
        if (*p == ':' && (p++, !digits(&p, 2, 2, &s)))
            return 0;
        while (*p == ' ')
            p++;
        if (*p || h || mi || s)
            return 0;
    }
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = out[7] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
    return 1;
}

char *tabin_serial_text(double v, int date1904, char out[24])
{
    long days, secs;
    ms_date d;
    char date[DATE_LEN + 1];

    if (!(v >= 0 && v < 2958466)) { /* 9999-12-31 */
        snprintf(out, 24, "%.15g", v);
        return out;
    }
    days = (long)floor(v);
    secs = lround((v - (double)days) * 86400.0);
    if (secs >= 86400) {
        days++;
        secs -= 86400;
    }
    if (date1904)
        d = date_from_days(days - 24107); /* 1904-01-01 is day -24107 */
    else
        d = date_from_days(days < 61 ? days - 25568 : days - 25569); /* 1900 leap bug */
    date_format(d, date);
    {
        int hh = (int)(secs / 3600 % 24), mm = (int)(secs / 60 % 60), ss = (int)(secs % 60);
        char buf[64];
        if (days == 0 && !date1904)
            snprintf(buf, sizeof buf, "%02d:%02d:%02d", hh, mm, ss);
        else if (secs)
            snprintf(buf, sizeof buf, "%s %02d:%02d:%02d", date, hh, mm, ss);
        else
            snprintf(buf, sizeof buf, "%s", date);
        size_t n = strlen(buf) < 23 ? strlen(buf) : 23;
        memcpy(out, buf, n);
        out[n] = '\0';
    }
    return out;
}
