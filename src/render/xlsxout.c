/* xlsxout.c - one-sheet XLSX through libxlsxwriter. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/alloc.h"
#include "core/date.h"
#include "render/xlsxout.h"

#define XLSX_MAX_ROWS 1048576

struct xlsxout {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *head, *date;
    FILE *fp;
    char tmp[512]; /* temporary file when writing to FP */
    int ncols;
    unsigned char *is_date; /* per column: 1 date, 2 number */
    lxw_row_t row;
};

/* Display width of UTF-8 text: CJK (3-byte and longer sequences) count 2. */
static double text_width(const char *s)
{
    double w = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x80)
            w += 1;
        else if (*p >= 0xE0)
            w += 2;
    return w;
}

static void release(xlsxout *x)
{
    if (x->tmp[0])
        unlink(x->tmp);
    ms_free(x->is_date);
    ms_free(x);
}

/* Column widths, the header row and the frozen pane of the current sheet. */
static int start_sheet(xlsxout *x, const struct xlsxout_col *cols, int ncols, ms_err *err)
{
    for (int i = 0; i < ncols; i++) {
        double w = cols[i].width > 0 ? cols[i].width : text_width(cols[i].header) + 4;
        x->is_date[i] = (unsigned char)(cols[i].date ? 1 : cols[i].number ? 2 : 0);
        if (cols[i].date && w < 12)
            w = 12;
        worksheet_set_column(x->ws, (lxw_col_t)i, (lxw_col_t)i, w, NULL);
        if (worksheet_write_string(x->ws, 0, (lxw_col_t)i, cols[i].header, x->head) != LXW_NO_ERROR)
            return ms_fail(err, MS_EINTERNAL, "", "io_error", "header");
    }
    worksheet_freeze_panes(x->ws, 1, 0);
    x->row = 1;
    return MS_OK;
}

static void end_sheet(xlsxout *x)
{
    if (x->ncols > 0)
        worksheet_autofilter(x->ws, 0, 0, x->row - 1, (lxw_col_t)(x->ncols - 1));
}

int xlsxout_sheet(xlsxout *x, const char *sheet, const struct xlsxout_col *cols, int ncols,
                  ms_err *err)
{
    unsigned char *d = ms_calloc((size_t)(ncols > 0 ? ncols : 1), 1);
    lxw_worksheet *ws;

    if (!d)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    end_sheet(x);
    ws = workbook_add_worksheet(x->wb, sheet);
    if (!ws) {
        ms_free(d);
        return ms_fail(err, MS_EINTERNAL, "", "io_error", sheet);
    }
    ms_free(x->is_date);
    x->is_date = d;
    x->ws = ws;
    x->ncols = ncols;
    return start_sheet(x, cols, ncols, err);
}

void xlsxout_abort(xlsxout *x)
{
    if (!x)
        return;
    if (x->wb) {
        /* libxlsxwriter has no discard: write the file, then drop it. */
        workbook_close(x->wb);
        x->wb = NULL;
    }
    release(x);
}

int xlsxout_open(const char *path, FILE *fp, const char *sheet, const struct xlsxout_col *cols,
                 int ncols, int constant_memory, xlsxout **out, ms_err *err)
{
    lxw_workbook_options opt = {.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE};
    xlsxout *x = ms_calloc(1, sizeof *x);
    int rc = MS_EINTERNAL;

    *out = NULL;
    if (!x || !(x->is_date = ms_calloc((size_t)(ncols > 0 ? ncols : 1), 1))) {
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    x->fp = fp;
    x->ncols = ncols;
    if (!path) {
        const char *dir = getenv("TMPDIR");
        int fd;
        snprintf(x->tmp, sizeof x->tmp, "%s/msup-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
        fd = mkstemp(x->tmp);
        if (fd < 0) {
            x->tmp[0] = '\0';
            rc = ms_fail(err, MS_EINTERNAL, "", "io_error", "mkstemp");
            goto out;
        }
        close(fd);
        path = x->tmp;
    }
    x->wb = workbook_new_opt(path, &opt);
    x->ws = x->wb ? workbook_add_worksheet(x->wb, sheet) : NULL;
    if (!x->ws) {
        rc = ms_fail(err, MS_EINTERNAL, "", "io_error", path);
        goto out;
    }
    x->head = workbook_add_format(x->wb);
    format_set_bold(x->head);
    format_set_bg_color(x->head, 0xDDEBF7);
    format_set_border(x->head, LXW_BORDER_THIN);
    x->date = workbook_add_format(x->wb);
    format_set_num_format(x->date, "yyyy-mm-dd");
    if ((rc = start_sheet(x, cols, ncols, err)) != MS_OK)
        goto out;
    *out = x;
    x = NULL;
    rc = MS_OK;
out:
    if (x)
        xlsxout_abort(x);
    return rc;
}

/* 1 and *V when S is a whole decimal number ("12", "-3.5", "0.25"). */
static int number_of(const char *s, double *v)
{
    char *end;

    *v = strtod(s, &end);
    return end != s && *end == '\0' && strspn(s, "-0123456789.") == strlen(s);
}

int xlsxout_row(xlsxout *x, const char *const *cells, ms_err *err)
{
    if (x->row >= XLSX_MAX_ROWS)
        return ms_failf(err, MS_ETOOBIG, "", "too_long", "%d", XLSX_MAX_ROWS);
    for (int i = 0; i < x->ncols; i++) {
        const char *s = cells[i];
        ms_date d;
        double num;
        lxw_error e;

        if (!s || !*s)
            continue;
        if (x->is_date[i] == 2 && number_of(s, &num)) {
            e = worksheet_write_number(x->ws, x->row, (lxw_col_t)i, num, NULL);
        } else if (x->is_date[i] == 1 && date_parse(s, &d, NULL, NULL) == MS_OK) {
            lxw_datetime dt = {d.year, d.month, d.day, 0, 0, 0};
            e = worksheet_write_datetime(x->ws, x->row, (lxw_col_t)i, &dt, x->date);
        } else {
            e = worksheet_write_string(x->ws, x->row, (lxw_col_t)i, s, NULL);
        }
        if (e != LXW_NO_ERROR)
            return ms_fail(err, MS_EINTERNAL, "", "io_error", lxw_strerror(e));
    }
    x->row++;
    return MS_OK;
}

static int copy_to(const char *path, FILE *fp)
{
    FILE *in = fopen(path, "rb");
    char buf[65536];
    size_t n;
    int ok = in != NULL;

    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, fp) == n;
    if (in) {
        ok = ok && !ferror(in);
        fclose(in);
    }
    return ok && fflush(fp) == 0;
}

int xlsxout_close(xlsxout *x, ms_err *err)
{
    lxw_error e;
    int rc = MS_OK;

    end_sheet(x);
    e = workbook_close(x->wb);
    x->wb = NULL;
    if (e != LXW_NO_ERROR)
        rc = ms_fail(err, MS_EINTERNAL, "", "io_error", lxw_strerror(e));
    else if (x->tmp[0] && x->fp && !copy_to(x->tmp, x->fp))
        rc = ms_fail(err, MS_EINTERNAL, "", "io_error", "xlsx");
    release(x);
    return rc;
}
