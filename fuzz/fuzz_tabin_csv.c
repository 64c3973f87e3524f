/* fuzz_tabin_csv.c - the CSV half of the import reader, core/tabin.c
 * (UTF-8 / GB18030 detection, RFC 4180 through libcsv, TSV).
 *
 * Invariants: rows come with increasing spreadsheet row numbers, at most
 * TABIN_MAX_COLS cells, every cell valid UTF-8 without NUL, progress within
 * the input; the row count matches; and a round trip holds: the table
 * written back as CSV (every cell quoted) reads back as the same cells.
 * Errors carry a known message key. */
#include <string.h>

#include "core/alloc.h"
#include "core/tabin.h"
#include "fuzz.h"
#include "fuzz_tabin.h"

/* The table as CSV with every cell quoted (malloc'ed, length in *LEN). */
static char *write_csv(const struct tabin_table *t, size_t *len)
{
    size_t cap = 16, n = 0;
    char *out;

    for (long i = 0; i < t->nrows; i++)
        for (int j = 0; j < t->rows[i].ncells; j++)
            cap += 2 * strlen(t->rows[i].cells[j]) + 4;
    out = malloc(cap);
    FUZZ_ASSERT(out);
    for (long i = 0; i < t->nrows; i++) {
        for (int j = 0; j < t->rows[i].ncells; j++) {
            if (j)
                out[n++] = ',';
            out[n++] = '"';
            for (const char *p = t->rows[i].cells[j]; *p; p++) {
                if (*p == '"')
                    out[n++] = '"';
                out[n++] = *p;
            }
            out[n++] = '"';
        }
        out[n++] = '\n';
    }
    *len = n;
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct seen s = {0};
    struct tabin_info info;
    struct tabin_table t, t2;
    ms_err err = {0};
    arena ar;
    char *csv;
    size_t clen;
    int rc;

    if (size >= 4 && memcmp(data, "PK\3\4", 4) == 0)
        return 0; /* fuzz_tabin_xlsx */
    rc = tabin_read(data, size, on_row, &s, &info, &err);
    fuzz_check_err(rc, &err);
    FUZZ_ASSERT(rc != MS_OK || info.rows == s.rows);
    if (rc != MS_OK || info.format != TABIN_CSV)
        return 0;

    arena_init(&ar);
    rc = tabin_load(data, size, &ar, &t, NULL, &err);
    FUZZ_ASSERT(rc == MS_OK && t.nrows == s.rows);
    csv = write_csv(&t, &clen);
    /* The reader takes a first physical line with a tab and no comma for
     * TSV: when the written CSV's first line looks so (its first cell holds a
     * tab, and a line break or no other cell follows), there is no round trip. */
    {
        const char *nl = memchr(csv, '\n', clen);
        size_t first = nl ? (size_t)(nl - csv) : clen;
        if (!memchr(csv, ',', first) && memchr(csv, '\t', first)) {
            free(csv);
            arena_free(&ar);
            return 0;
        }
    }
    memset(&err, 0, sizeof err);
    rc = tabin_load((const unsigned char *)csv, clen, &ar, &t2, &info, &err);
    if (rc != MS_OK)
        fprintf(stderr, "written CSV refused: %s %s row %ld\n", err.key, err.arg, err.row);
    FUZZ_ASSERT(rc == MS_OK && info.format == TABIN_CSV);
    FUZZ_ASSERT(t2.nrows == t.nrows);
    for (long i = 0; i < t.nrows; i++) {
        FUZZ_ASSERT(t2.rows[i].ncells == t.rows[i].ncells);
        for (int j = 0; j < t.rows[i].ncells; j++)
            FUZZ_ASSERT(strcmp(t.rows[i].cells[j], t2.rows[i].cells[j]) == 0);
    }
    free(csv);
    arena_free(&ar);
    return 0;
}
