/* ref_xlsx.c - the reference for the XLSX benchmark: the same rows written
 * by libxlsxwriter in a minimal loop, constant_memory like msup, with no
 * query, no formatting and no column typing beyond "all digits = number".
 *
 *   ref_xlsx FILE.csv OUT.xlsx
 *
 * FILE.csv is `msup report inspections --format csv` of the same list (a
 * header, then rows; RFC 4180 quoting). The CSV is read into memory first;
 * the time printed covers only the workbook: "rows cols seconds". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "bench_clock.h"

int main(int argc, char **argv)
{
    FILE *f;
    char *buf, *p, *end;
    long size;
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *head;
    lxw_row_t row = 0;
    lxw_col_t col = 0, maxcol = 0;
    double t0;

    if (argc != 3) {
        fprintf(stderr, "usage: ref_xlsx FILE.csv OUT.xlsx\n");
        return 2;
    }
    f = fopen(argv[1], "rb");
    if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0)
        return 1;
    rewind(f);
    buf = malloc((size_t)size + 1);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size)
        return 1;
    fclose(f);
    buf[size] = '\0';
    end = buf + size;
    t0 = now();
    wb = workbook_new_opt(argv[2], &opt);
    ws = workbook_add_worksheet(wb, NULL);
    head = workbook_add_format(wb);
    format_set_bold(head);
    /* A field at a time, unquoting in place. */
    for (p = buf; p < end;) {
        char *s = p, *w = p;
        int digits = 1;
        if (*p == '"') {
            for (p++; p < end; p++) {
                if (*p == '"' && p[1] == '"')
                    *w++ = '"', p++;
                else if (*p == '"') {
                    p++;
                    break;
                } else
                    *w++ = *p;
            }
        } else
            while (p < end && *p != ',' && *p != '\n' && *p != '\r')
                *w++ = *p++;
        char sep = p < end ? *p : '\n';
        *w = '\0';
        for (char *q = s; *q && digits; q++)
            digits = *q >= '0' && *q <= '9' && q - s < 15;
        if (row == 0)
            worksheet_write_string(ws, row, col, s, head);
        else if (digits && *s)
            worksheet_write_number(ws, row, col, strtod(s, NULL), NULL);
        else if (*s)
            worksheet_write_string(ws, row, col, s, NULL);
        if (sep == '\r')
            p++;
        p++;
        if (sep == ',')
            col++;
        else {
            if (col + 1 > maxcol)
                maxcol = col + 1;
            row++;
            col = 0;
        }
    }
    if (workbook_close(wb) != LXW_NO_ERROR)
        return 1;
    printf("%u %u %.3f\n", (unsigned)row, (unsigned)maxcol, now() - t0);
    free(buf);
    return 0;
}
