/* pdfout.h - printable A4 PDF documents with Chinese text (cairo + pango,
 * Noto Sans CJK SC found through fontconfig and embedded as a subset).
 * render/ never queries.
 *
 * A document is a list of blocks recorded by the caller (title, headings,
 * paragraphs, key-value lines, tables with wrapping cells, horizontal bar
 * charts, a signature block) and laid out at pdfout_render(): A4 portrait,
 * a running header on every page and "第 N 页 / 共 M 页" at the foot (the
 * document is laid out twice, the first time to count the pages). Table
 * rows never split; a table that continues on the next page repeats its
 * header row. Strings are copied. */
#ifndef MS_PDFOUT_H
#define MS_PDFOUT_H

#include <stddef.h>

#include "core/ms.h"

typedef struct pdfout pdfout;

/* A new document whose pages carry HEADER (may be NULL) at the top and
 * whose metadata title is TITLE. NULL when out of memory. */
pdfout *pdfout_new(const char *title, const char *header);
void pdfout_free(pdfout *d);

/* Blocks, in reading order. Out of memory is remembered and reported by
 * pdfout_render(). */
void pdfout_title(pdfout *d, const char *text);   /* large, centred */
void pdfout_heading(pdfout *d, const char *text); /* bold section heading */
void pdfout_text(pdfout *d, const char *text);    /* a wrapped paragraph */
/* A table of NCOLS columns whose widths are the fractions WIDTHS of the
 * text width (summing to 1), a header row HEAD and NROWS rows of CELLS
 * (row-major, NULL = empty). */
void pdfout_table(pdfout *d, int ncols, const double *widths, const char *const *head,
                  const char *const *cells, int nrows);
/* A horizontal bar chart titled TITLE: N bars LABELS with VALUES, each
 * followed by its value text VTEXT[i] (may be NULL: the number). */
void pdfout_bars(pdfout *d, const char *title, const char *const *labels, const double *values,
                 const char *const *vtext, int n);
/* A signature block: one line to sign per label ("检查组长（签字）"). */
void pdfout_signatures(pdfout *d, const char *const *labels, int n);

/* Lay out and write the document: *OUT (ms_malloc'd, caller frees with
 * ms_free) holds *LEN bytes of PDF; *PAGES (may be NULL) the page count.
 * MS_OK, or MS_EINTERNAL (out_of_memory / pdf_error). */
int pdfout_render(pdfout *d, char **out, size_t *len, int *pages, ms_err *err);

#endif
