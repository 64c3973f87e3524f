/* xlsxout.h - XLSX writer (libxlsxwriter): one sheet, a header row of column
 * titles, then rows of strings. render/ never queries.
 *
 * The header is bold and frozen, the sheet has an autofilter over every row,
 * columns have widths, and cells of date columns holding 'YYYY-MM-DD' are
 * written as real dates (format yyyy-mm-dd); every other cell is text (codes
 * like 01010100 must keep their zeros). For large outputs use
 * constant_memory: rows then stream to disk and strings are written inline
 * instead of into the shared string table. */
#ifndef MS_XLSXOUT_H
#define MS_XLSXOUT_H

#include <stdio.h>

#include "core/ms.h"

struct xlsxout_col {
    const char *header; /* title in row 1 */
    double width;       /* in characters; 0 = fit the header */
    int date;           /* 1: 'YYYY-MM-DD' cells become dates */
    int number;         /* 1: cells that are decimal numbers become numbers */
};

typedef struct xlsxout xlsxout;

/* Start a workbook with one sheet named SHEET (<= 31 characters, none of
 * []:*?/\) and the NCOLS columns COLS (copied). The file is PATH, or with
 * PATH NULL a temporary file copied to FP at xlsxout_close() (XLSX needs a
 * seekable file). Returns MS_OK and *OUT, or MS_EINTERNAL (io_error). */
int xlsxout_open(const char *path, FILE *fp, const char *sheet, const struct xlsxout_col *cols,
                 int ncols, int constant_memory, xlsxout **out, ms_err *err);

/* Finish the current sheet (its autofilter) and start another named SHEET
 * with its own NCOLS columns COLS; later rows go there. MS_OK or
 * MS_EINTERNAL. */
int xlsxout_sheet(xlsxout *x, const char *sheet, const struct xlsxout_col *cols, int ncols,
                  ms_err *err);

/* Append one row of the NCOLS cells (NULL or "" = blank). MS_OK or
 * MS_EINTERNAL / MS_ETOOBIG (past Excel's 1,048,576 rows). */
int xlsxout_row(xlsxout *x, const char *const *cells, ms_err *err);

/* Write the file (and copy it to FP), free X. MS_OK or MS_EINTERNAL. */
int xlsxout_close(xlsxout *x, ms_err *err);

/* Give up: free X and remove any temporary file. NULL is a no-op. */
void xlsxout_abort(xlsxout *x);

#endif
