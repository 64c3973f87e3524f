/* tabin_int.h - what tabin.c shares with tabin_xlsx.c. Not for callers. */
#ifndef MS_TABIN_INT_H
#define MS_TABIN_INT_H

#include <stdint.h>

#include "core/tabin.h"

#define TABIN_NO_CELL SIZE_MAX

/* The cells of the row being built: values NUL-separated in BUF, OFF[i] the
 * start of cell i or TABIN_NO_CELL for an empty one. Zero-initialise. */
struct tabin_rowbuf {
    char *buf;
    size_t len, cap;
    size_t *off;
    const char **ptrs;
    int n, ncap;
};

/* Put S (N bytes) into column COL; columns skipped before it are empty.
 * MS_OK, MS_EINVAL (too_many_columns) or MS_EINTERNAL (out of memory). */
int tabin_rowbuf_set(struct tabin_rowbuf *rb, int col, const char *s, size_t n, ms_err *err);

/* Hand the row (if it has cells) to FN, count it in *COUNT, and start an
 * empty row. Returns FN's result. */
int tabin_rowbuf_emit(struct tabin_rowbuf *rb, long row, size_t done, size_t total, tabin_row_fn fn,
                      void *ctx, long *count, ms_err *err);

/* Free RB's buffers. */
void tabin_rowbuf_free(struct tabin_rowbuf *rb);

/* Read the first worksheet of the XLSX in DATA (see tabin_read); *COUNT gets
 * the rows delivered. */
int tabin_read_xlsx(const unsigned char *data, size_t len, tabin_row_fn fn, void *ctx, long *count,
                    ms_err *err);

#endif
