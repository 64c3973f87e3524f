/* tabin_xlsx.c - the XLSX reader of tabin: minizip over a memory buffer
 * (no temporary file), expat over workbook.xml, its relationships,
 * styles.xml, sharedStrings.xml and the first worksheet. */
#include <expat.h>
#include <math.h>
#include <minizip/unzip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/tabin_int.h"

#define XML_CHUNK    (1u << 16)
#define SS_MAX_BYTES ((size_t)512 << 20) /* shared strings kept in memory */

/* ------------------------------------------------------ zip over memory */

struct memzip {
    const unsigned char *data;
    size_t len, pos;
};

static voidpf ZCALLBACK mz_open(voidpf opaque, const void *name, int mode)
{
    struct memzip *m = opaque;
    (void)name;
    (void)mode;
    m->pos = 0;
    return m;
}

static uLong ZCALLBACK mz_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
    struct memzip *m = stream;
    size_t n = m->len - m->pos < size ? m->len - m->pos : size;
    (void)opaque;
    memcpy(buf, m->data + m->pos, n);
    m->pos += n;
    return (uLong)n;
}

static uLong ZCALLBACK mz_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    (void)opaque;
    (void)stream;
    (void)buf;
    (void)size;
    return 0;
}

static ZPOS64_T ZCALLBACK mz_tell(voidpf opaque, voidpf stream)
{
    (void)opaque;
    return ((struct memzip *)stream)->pos;
}

static long ZCALLBACK mz_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
    struct memzip *m = stream;
    ZPOS64_T base = origin == ZLIB_FILEFUNC_SEEK_SET   ? 0
                    : origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos
                                                       : m->len;
    (void)opaque;
    if (base + off > m->len)
        return -1;
    m->pos = (size_t)(base + off);
    return 0;
}

static int ZCALLBACK mz_close(voidpf opaque, voidpf stream)
{
    (void)opaque;
    (void)stream;
    return 0;
}

static int ZCALLBACK mz_error(voidpf opaque, voidpf stream)
{
    (void)opaque;
    (void)stream;
    return 0;
}
/* ------------------------------------------------------------------ XLSX */

enum ctype { CT_N, CT_S, CT_INLINE, CT_STR, CT_B, CT_E, CT_D };

struct xlsx {
    unzFile z;
    XML_Parser p;
    ms_err *err;
    int rc;
    const char *part; /* name of the part being parsed, for messages */
    /* text of the current <t> / <v> */
    char *text;
    size_t tlen, tcap;
    int collect, in_rph;
    /* workbook */
    int date1904, seen_sheet;
    char rid[128], sheet[256];
    /* styles: which cellXfs index is a date */
    unsigned char *xf_date;
    int nxf, xfcap, in_xfs, in_fmts;
    int date_fmts[64], ndate_fmts;
    /* shared strings */
    char *ss;
    size_t sslen, sscap, *ssoff;
    long nss, sscount_cap;
    /* the worksheet */
    struct tabin_rowbuf rb;
    tabin_row_fn fn;
    void *ctx;
    long row, count;
    int col, ctype, cstyle, has_v, in_is;
    size_t done, total;
};

static const char *lname(const char *n)
{
    const char *c = strrchr(n, ':');
    return c ? c + 1 : n;
}

static const char *attr(const char **a, const char *name)
{
    for (; a && a[0]; a += 2)
        if (strcmp(lname(a[0]), name) == 0)
            return a[1];
    return NULL;
}

static void xstop(struct xlsx *x, int rc)
{
    if (x->rc == MS_OK)
        x->rc = rc;
    XML_StopParser(x->p, XML_FALSE);
}

static void on_text(void *data, const XML_Char *s, int n)
{
    struct xlsx *x = data;

    if (!x->collect || x->rc != MS_OK)
        return;
    if (x->tlen + (size_t)n + 1 > x->tcap) {
        size_t cap = x->tcap ? x->tcap : 256;
        while (cap < x->tlen + (size_t)n + 1)
            cap *= 2;
        char *nb = ms_realloc(x->text, cap);
        if (!nb) {
            xstop(x, ms_fail(x->err, MS_EINTERNAL, "", "out_of_memory", NULL));
            return;
        }
        x->text = nb;
        x->tcap = cap;
    }
    memcpy(x->text + x->tlen, s, (size_t)n);
    x->tlen += (size_t)n;
}

static void on_doctype(void *data, const XML_Char *name, const XML_Char *sysid,
                       const XML_Char *pubid, int internal)
{
    struct xlsx *x = data;
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)internal;
    xstop(x, ms_failf(x->err, MS_EINVAL, "", "xlsx_malformed", "%s: DTD", x->part));
}

/* Workbook: the first sheet's relationship id and the date system. */
static void wb_start(void *data, const XML_Char *name, const XML_Char **a)
{
    struct xlsx *x = data;
    const char *n = lname(name), *v;

    if (strcmp(n, "sheet") == 0 && !x->seen_sheet) {
        x->seen_sheet = 1;
        if ((v = attr(a, "id")))
            snprintf(x->rid, sizeof x->rid, "%s", v);
    } else if (strcmp(n, "workbookPr") == 0 && (v = attr(a, "date1904"))) {
        x->date1904 = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
    }
}

static void rels_start(void *data, const XML_Char *name, const XML_Char **a)
{
    struct xlsx *x = data;
    const char *id = attr(a, "Id"), *target = attr(a, "Target");

    if (strcmp(lname(name), "Relationship") || !id || !target || strcmp(id, x->rid))
        return;
    if (target[0] == '/')
        snprintf(x->sheet, sizeof x->sheet, "%s", target + 1);
    else
        snprintf(x->sheet, sizeof x->sheet, "xl/%s", target);
}

/* A number format is a date if, outside quotes, escapes and [..] sections,
 * it uses y, m, d, h or s (General and the like use none of them). */
static int fmt_is_date(const char *f)
{
    for (; *f; f++) {
        if (*f == '"') {
            while (f[1] && f[1] != '"')
                f++;
            if (f[1])
                f++;
        } else if (*f == '\\' || *f == '_' || *f == '*') {
            if (f[1])
                f++;
        } else if (*f == '[') {
            while (f[1] && f[1] != ']')
                f++;
        } else if (strchr("yYmMdDhHsS", *f)) {
            return 1;
        }
    }
    return 0;
}

static int builtin_date(int id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

static void styles_start(void *data, const XML_Char *name, const XML_Char **a)
{
    struct xlsx *x = data;
    const char *n = lname(name), *v;

    if (strcmp(n, "numFmts") == 0) {
        x->in_fmts = 1;
    } else if (strcmp(n, "cellXfs") == 0) {
        x->in_xfs = 1;
    } else if (x->in_fmts && strcmp(n, "numFmt") == 0) {
        const char *code = attr(a, "formatCode");
        v = attr(a, "numFmtId");
        if (v && code && fmt_is_date(code) && x->ndate_fmts < (int)MS_ARRAY_LEN(x->date_fmts))
            x->date_fmts[x->ndate_fmts++] = atoi(v);
    } else if (x->in_xfs == 1 && strcmp(n, "xf") == 0) {
        int id = (v = attr(a, "numFmtId")) ? atoi(v) : 0, date = builtin_date(id);
        for (int i = 0; i < x->ndate_fmts && !date; i++)
            date = x->date_fmts[i] == id;
        if (x->nxf == x->xfcap) {
            int cap = x->xfcap ? x->xfcap * 2 : 64;
            unsigned char *nb = ms_realloc(x->xf_date, (size_t)cap);
            if (!nb) {
                xstop(x, ms_fail(x->err, MS_EINTERNAL, "", "out_of_memory", NULL));
                return;
            }
            x->xf_date = nb;
            x->xfcap = cap;
        }
        x->xf_date[x->nxf++] = (unsigned char)date;
        x->in_xfs = 2; /* inside an xf: its children are not xfs */
    }
}

static void styles_end(void *data, const XML_Char *name)
{
    struct xlsx *x = data;
    const char *n = lname(name);

    if (strcmp(n, "numFmts") == 0)
        x->in_fmts = 0;
    else if (strcmp(n, "cellXfs") == 0)
        x->in_xfs = 0;
    else if (strcmp(n, "xf") == 0 && x->in_xfs == 2)
        x->in_xfs = 1;
}

/* Shared strings: the text of each <si>, phonetic runs (<rPh>) left out. */
static void sst_start(void *data, const XML_Char *name, const XML_Char **a)
{
    struct xlsx *x = data;
    const char *n = lname(name);
    (void)a;

    if (strcmp(n, "si") == 0)
        x->tlen = 0;
    else if (strcmp(n, "rPh") == 0)
        x->in_rph++;
    else if (strcmp(n, "t") == 0 && !x->in_rph)
        x->collect = 1;
}

static void sst_end(void *data, const XML_Char *name)
{
    struct xlsx *x = data;
    const char *n = lname(name);

    if (strcmp(n, "t") == 0) {
        x->collect = 0;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph--;
    } else if (strcmp(n, "si") == 0) {
        if (x->sslen + x->tlen + 1 > SS_MAX_BYTES) {
            xstop(x, ms_fail(x->err, MS_ETOOBIG, "", "xlsx_malformed", "sharedStrings.xml"));
            return;
        }
        if (x->sslen + x->tlen + 1 > x->sscap) {
            size_t cap = x->sscap ? x->sscap : 4096;
            while (cap < x->sslen + x->tlen + 1)
                cap *= 2;
            char *nb = ms_realloc(x->ss, cap);
            if (!nb) {
                xstop(x, ms_fail(x->err, MS_EINTERNAL, "", "out_of_memory", NULL));
                return;
            }
            x->ss = nb;
            x->sscap = cap;
        }
        if (x->nss == x->sscount_cap) {
            long cap = x->sscount_cap ? x->sscount_cap * 2 : 256;
            size_t *no = ms_realloc(x->ssoff, (size_t)cap * sizeof *no);
            if (!no) {
                xstop(x, ms_fail(x->err, MS_EINTERNAL, "", "out_of_memory", NULL));
                return;
            }
            x->ssoff = no;
            x->sscount_cap = cap;
        }
        x->ssoff[x->nss++] = x->sslen;
        memcpy(x->ss + x->sslen, x->text ? x->text : "", x->tlen);
        x->sslen += x->tlen;
        x->ss[x->sslen++] = '\0';
        x->tlen = 0;
    }
}

/* Column index (0-based) of a reference like "AB12", or -1. */
#define XLSX_MAX_ROWS 1048576L /* rows of a worksheet (Excel's limit) */

static int col_of_ref(const char *r)
{
    int col = 0, n = 0;

    for (; *r >= 'A' && *r <= 'Z'; r++, n++) {
        col = col * 26 + (*r - 'A' + 1);
        if (col > TABIN_MAX_COLS)
            return TABIN_MAX_COLS;
    }
    return n ? col - 1 : -1;
}

static void sheet_start(void *data, const XML_Char *name, const XML_Char **a)
{
    struct xlsx *x = data;
    const char *n = lname(name), *v;

    if (strcmp(n, "row") == 0) {
        /* Rows go up, within a sheet's 1..1048576: a row number the user
         * sees must name one row (an r="0" or a repeated r would not). */
        long prev = x->row;
        char *end = NULL;
        x->row = (v = attr(a, "r")) ? strtol(v, &end, 10) : prev + 1;
        if ((v && (end == v || *end)) || x->row <= prev || x->row > XLSX_MAX_ROWS) {
            xstop(x, ms_failf(x->err, MS_EINVAL, "", "xlsx_malformed", "%s: row %.20s", x->part,
                              v ? v : ""));
            return;
        }
        x->col = -1;
        x->rb.n = 0;
        x->rb.len = 0;
    } else if (strcmp(n, "c") == 0) {
        int c = (v = attr(a, "r")) ? col_of_ref(v) : -1;
        x->col = c >= 0 ? c : x->col + 1;
        v = attr(a, "t");
        x->ctype = !v                            ? CT_N
                   : strcmp(v, "s") == 0         ? CT_S
                   : strcmp(v, "inlineStr") == 0 ? CT_INLINE
                   : strcmp(v, "str") == 0       ? CT_STR
                   : strcmp(v, "b") == 0         ? CT_B
                   : strcmp(v, "e") == 0         ? CT_E
                   : strcmp(v, "d") == 0         ? CT_D
                                                 : CT_N;
        x->cstyle = (v = attr(a, "s")) ? atoi(v) : 0;
        x->tlen = 0;
        x->has_v = 0;
    } else if (strcmp(n, "v") == 0) {
        x->tlen = 0;
        x->collect = 1;
    } else if (strcmp(n, "is") == 0) {
        x->in_is = 1;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph++;
    } else if (strcmp(n, "t") == 0 && x->in_is && !x->in_rph) {
        x->collect = 1;
    }
}

/* Number text as Excel shows it: 1.38E+10 -> 13800138000. */
static const char *number_text(const char *v, char buf[32])
{
    if (strpbrk(v, "Ee")) {
        double d = strtod(v, NULL);
        if (isfinite(d) && fabs(d) < 1e15 && d == floor(d)) {
            snprintf(buf, 32, "%.0f", d);
            return buf;
        }
    }
    return v;
}

static void cell_end(struct xlsx *x)
{
    const char *v;
    char buf[32];
    size_t n;

    x->text[x->tlen] = '\0'; /* on_text keeps room for it; tcap >= 1 below */
    v = x->text;
    switch (x->ctype) {
    case CT_S: {
        char *end;
        long i = strtol(v, &end, 10);
        if (!x->has_v)
            return;
        if (end == v || i < 0 || i >= x->nss) {
            xstop(x, ms_failf(x->err, MS_EINVAL, "", "xlsx_malformed", "%s: shared string %s",
                              x->part, v));
            return;
        }
        v = x->ss + x->ssoff[i];
        break;
    }
    case CT_B: v = !x->has_v ? "" : v[0] == '1' ? "TRUE" : "FALSE"; break;
    case CT_D:
        if (strlen(v) > 10 && strcmp(v + 10, "T00:00:00") == 0)
            x->text[10] = '\0';
        break;
    case CT_N:
        if (!*v)
            break;
        if (x->cstyle >= 0 && x->cstyle < x->nxf && x->xf_date[x->cstyle])
            v = tabin_serial_text(strtod(v, NULL), x->date1904, buf);
        else
            v = number_text(v, buf);
        break;
    default: break;
    }
    n = strlen(v);
    if (n) {
        int rc = tabin_rowbuf_set(&x->rb, x->col, v, n, x->err);
        if (rc != MS_OK)
            xstop(x, rc);
    }
}

static void sheet_end(void *data, const XML_Char *name)
{
    struct xlsx *x = data;
    const char *n = lname(name);

    if (strcmp(n, "v") == 0) {
        x->collect = 0;
        x->has_v = 1;
    } else if (strcmp(n, "t") == 0) {
        x->collect = 0;
    } else if (strcmp(n, "is") == 0) {
        x->in_is = 0;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph--;
    } else if (strcmp(n, "c") == 0) {
        cell_end(x);
    } else if (strcmp(n, "row") == 0) {
        int rc =
            tabin_rowbuf_emit(&x->rb, x->row, x->done, x->total, x->fn, x->ctx, &x->count, x->err);
        if (rc != MS_OK)
            xstop(x, rc);
    }
}

/* Parse the zip entry NAME with the given handlers. A missing entry is
 * MS_ENOTFOUND (no message); a broken one MS_EINVAL xlsx_malformed. */
static int parse_part(struct xlsx *x, const char *name, XML_StartElementHandler start,
                      XML_EndElementHandler end, int progress)
{
    unz_file_info64 info;
    int rc = MS_OK, opened = 0;

    x->part = name;
    x->p = NULL;
    x->rc = MS_OK;
    x->collect = 0;
    x->in_rph = 0;
    if (unzLocateFile(x->z, name, 2) != UNZ_OK)
        return MS_ENOTFOUND;
    if (unzGetCurrentFileInfo64(x->z, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK ||
        unzOpenCurrentFile(x->z) != UNZ_OK) {
        rc = ms_failf(x->err, MS_EINVAL, "", "xlsx_malformed", "%s", name);
        goto out;
    }
    opened = 1;
    x->p = XML_ParserCreate("UTF-8");
    if (!x->p) {
        rc = ms_fail(x->err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    XML_SetUserData(x->p, x);
    XML_SetElementHandler(x->p, start, end);
    XML_SetCharacterDataHandler(x->p, on_text);
    XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
    if (progress) {
        x->total = (size_t)info.uncompressed_size;
        x->done = 0;
    }
    for (;;) {
        void *buf = XML_GetBuffer(x->p, XML_CHUNK);
        int n = buf ? unzReadCurrentFile(x->z, buf, XML_CHUNK) : -1;
        if (n < 0) {
            rc = buf ? ms_failf(x->err, MS_EINVAL, "", "xlsx_malformed", "%s: zip", name)
                     : ms_fail(x->err, MS_EINTERNAL, "", "out_of_memory", NULL);
            goto out;
        }
        if (progress)
            x->done += (size_t)n;
        if (XML_ParseBuffer(x->p, n, n == 0) != XML_STATUS_OK) {
            rc = x->rc != MS_OK ? x->rc
                                : ms_failf(x->err, MS_EINVAL, "", "xlsx_malformed", "%s:%lu: %s",
                                           name, (unsigned long)XML_GetCurrentLineNumber(x->p),
                                           XML_ErrorString(XML_GetErrorCode(x->p)));
            goto out;
        }
        if (n == 0)
            break;
    }
out:
    if (x->p)
        XML_ParserFree(x->p);
    x->p = NULL;
    if (opened && unzCloseCurrentFile(x->z) != UNZ_OK && rc == MS_OK)
        rc = ms_failf(x->err, MS_EINVAL, "", "xlsx_malformed", "%s: crc", name);
    return rc;
}

int tabin_read_xlsx(const unsigned char *data, size_t len, tabin_row_fn fn, void *ctx, long *count,
                    ms_err *err)
{
    struct memzip mz = {data, len, 0};
    zlib_filefunc64_def ff = {mz_open, mz_read,  mz_write, mz_tell,
                              mz_seek, mz_close, mz_error, &mz};
    struct xlsx x = {.err = err, .fn = fn, .ctx = ctx};
    int rc;

    x.z = unzOpen2_64("memory.xlsx", &ff);
    if (!x.z) {
        rc = ms_fail(err, MS_EINVAL, "", "xlsx_malformed", "zip");
        goto out;
    }
    x.tcap = 256;
    x.text = ms_malloc(x.tcap);
    if (!x.text) {
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    /* The first sheet: workbook.xml names it, its rels give the part. */
    rc = parse_part(&x, "xl/workbook.xml", wb_start, NULL, 0);
    if (rc == MS_OK && x.rid[0])
        rc = parse_part(&x, "xl/_rels/workbook.xml.rels", rels_start, NULL, 0);
    if (rc != MS_OK && rc != MS_ENOTFOUND)
        goto out;
    if (!x.sheet[0])
        snprintf(x.sheet, sizeof x.sheet, "xl/worksheets/sheet1.xml");
    rc = parse_part(&x, "xl/styles.xml", styles_start, styles_end, 0);
    if (rc == MS_OK || rc == MS_ENOTFOUND)
        rc = parse_part(&x, "xl/sharedStrings.xml", sst_start, sst_end, 0);
    if (rc == MS_OK || rc == MS_ENOTFOUND)
        rc = parse_part(&x, x.sheet, sheet_start, sheet_end, 1);
    if (rc == MS_ENOTFOUND)
        rc = ms_failf(err, MS_EINVAL, "", "xlsx_malformed", "%s", x.sheet);
out:
    if (x.z)
        unzClose(x.z);
    tabin_rowbuf_free(&x.rb);
    ms_free(x.text);
    ms_free(x.xf_date);
    ms_free(x.ss);
    ms_free(x.ssoff);
    *count = x.count;
    return rc;
}
