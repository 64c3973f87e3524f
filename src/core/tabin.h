/* tabin.h - tabular input: CSV (UTF-8 or GB18030) and XLSX, read from bytes
 * in memory (core does no file I/O).
 *
 * The format is sniffed from the content, never from a file name: a zip
 * ("PK\3\4") is XLSX, anything else is CSV text. CSV that is valid UTF-8
 * (with or without a BOM) is read as is; otherwise it is converted from
 * GB18030 (what Excel on Chinese Windows writes); bytes valid in neither are
 * an error. CSV is RFC 4180 (quoted fields with commas, quotes and line
 * breaks; CRLF or LF); a header line with tabs and no commas makes the file
 * tab-separated. XLSX: the first worksheet, with shared strings, inline
 * strings and numbers; serial numbers in date-formatted cells come back as
 * 'YYYY-MM-DD'.
 *
 * Rows are delivered one at a time with the row number the user sees in a
 * spreadsheet (the first line is row 1, usually the header); blank lines
 * count but are not delivered. Memory stays bounded by the widest row (and
 * the shared strings of an XLSX), not by the number of rows. */
#ifndef MS_TABIN_H
#define MS_TABIN_H

#include <stddef.h>

#include "core/arena.h"
#include "core/ms.h"

#define TABIN_MAX_COLS 1024

enum tabin_format { TABIN_CSV = 1, TABIN_XLSX = 2 };

struct tabin_info {
    enum tabin_format format;
    const char *encoding; /* "UTF-8", "GB18030" or "XLSX" (static) */
    long rows;            /* rows delivered, header included */
};

/* One row. CELLS[0..NCELLS-1] are NUL-terminated UTF-8 ("" for an empty
 * cell), valid only during the callback. DONE of TOTAL is how far the
 * reader is through its input (bytes), for progress reports. */
struct tabin_row {
    long row;
    int ncells;
    const char *const *cells;
    size_t done, total;
};

/* Called once per row; return MS_OK to go on, anything else stops the read
 * and becomes tabin_read()'s result (set ERR). */
typedef int (*tabin_row_fn)(void *ctx, const struct tabin_row *r, ms_err *err);

/* Read LEN bytes at DATA and call FN(CTX, row, ERR) for every non-blank row
 * in order. INFO (may be NULL) gets the format, encoding and row count.
 * Returns MS_OK, the first non-OK result of FN, or MS_EINVAL with one of the
 * keys bad_encoding (arg: byte offset and value; ERR->row: the line),
 * unsupported_format (an old .xls or another binary), csv_malformed (a
 * broken quote; ERR->row), xlsx_malformed (arg: what), too_many_columns
 * (more than TABIN_MAX_COLS), or MS_ETOOBIG / MS_EINTERNAL (out of memory).
 * Nothing is allocated that outlives the call. */
int tabin_read(const unsigned char *data, size_t len, tabin_row_fn fn, void *ctx,
               struct tabin_info *info, ms_err *err);

/* A whole table in memory: ROWS[0] is the first row (normally the header). */
struct tabin_table {
    long nrows;
    struct tabin_trow {
        long row;
        int ncells;
        char **cells;
    } * rows;
};

/* tabin_read() into *OUT with everything allocated from AR (freed with the
 * arena). For small inputs and tests; imports stream with tabin_read(). */
int tabin_load(const unsigned char *data, size_t len, arena *ar, struct tabin_table *out,
               struct tabin_info *info, ms_err *err);

/* 1 if the N bytes at S are valid UTF-8 (no overlongs, surrogates or code
 * points past U+10FFFF), else 0 with *BAD_AT (may be NULL) set to the offset
 * of the first bad byte. */
int tabin_utf8_valid(const unsigned char *s, size_t n, size_t *bad_at);

/* Date text as people type it - 2021-3-5, 2021/03/05, 2021.3.5, 2021年3月5日,
 * or any of these followed by a midnight time "00:00[:00]" - into OUT as
 * 'YYYY-MM-DD'. Returns 1 when IN had such a shape (the date itself is not
 * checked), else 0 and OUT is "". */
int tabin_date_normalize(const char *in, char out[11]);

/* Text of an Excel serial date/time V (1900 system, or 1904 when DATE1904):
 * 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS' when there is a time of day, 'HH:MM:SS'
 * for a time alone. Out-of-range values are written as the number. OUT must
 * hold 24 bytes. Returns OUT. */
char *tabin_serial_text(double v, int date1904, char out[24]);

#endif
