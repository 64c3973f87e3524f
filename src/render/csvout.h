/* csvout.h - CSV writer: rows of strings in, bytes out (to a FILE or to
 * memory). render/ never queries.
 *
 * Output is UTF-8 with a BOM (so that Excel opens Chinese text correctly),
 * RFC 4180 quoting with CRLF line ends, and protection against formula
 * injection: a cell that starts with = + - @ TAB or CR and is not a plain
 * number gets a leading apostrophe (tabin readers and the importer drop it
 * again, see csvout_unguard). */
#ifndef MS_CSVOUT_H
#define MS_CSVOUT_H

#include <stdio.h>

#include "core/ms.h"

typedef struct csvout csvout;

/* A writer into FP (which stays the caller's; csvout never closes it), or
 * with FP NULL into a memory buffer read back with csvout_bytes(). NULL when
 * out of memory. Free with csvout_free(). */
csvout *csvout_new(FILE *fp);

/* Write one row of N cells (NULL cells are empty). The BOM goes out before
 * the first row. Returns MS_OK, or MS_EINTERNAL with key io_error once
 * writing failed (every later call fails too). */
int csvout_row(csvout *w, const char *const *cells, int n, ms_err *err);

/* Flush buffered bytes to the FILE (no-op for memory). Same results. */
int csvout_flush(csvout *w, ms_err *err);

/* The bytes written so far by a memory writer (*LEN their count; not
 * NUL-terminated); owned by W. NULL for a FILE writer. */
const char *csvout_bytes(const csvout *w, size_t *len);

/* Free W (without flushing). NULL is a no-op. */
void csvout_free(csvout *w);

/* 1 if cell S would get the protective apostrophe. */
int csvout_needs_guard(const char *s);

/* S without the protective apostrophe that csvout added (a pointer into S). */
const char *csvout_unguard(const char *s);

#endif
