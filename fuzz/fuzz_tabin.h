/* fuzz_tabin.h - the row callback shared by the two import-reader targets
 * (fuzz_tabin_csv.c, fuzz_tabin_xlsx.c): the invariants every row the
 * reader hands out must hold, whatever the file format. */
#ifndef MS_FUZZ_TABIN_H
#define MS_FUZZ_TABIN_H

#include <string.h>

#include "core/tabin.h"
#include "fuzz.h"

struct seen {
    long last_row, rows;
};

/* Rows come with increasing spreadsheet row numbers (>= 1), 1 to
 * TABIN_MAX_COLS cells, every cell valid UTF-8, progress within the input. */
static int on_row(void *ctx, const struct tabin_row *r, ms_err *err)
{
    struct seen *s = ctx;

    (void)err;
    FUZZ_ASSERT(r->row > s->last_row && r->row >= 1);
    FUZZ_ASSERT(r->ncells >= 1 && r->ncells <= TABIN_MAX_COLS);
    FUZZ_ASSERT(r->done <= r->total);
    for (int i = 0; i < r->ncells; i++)
        FUZZ_ASSERT(
            tabin_utf8_valid((const unsigned char *)r->cells[i], strlen(r->cells[i]), NULL));
    s->last_row = r->row;
    s->rows++;
    return MS_OK;
}

#endif
