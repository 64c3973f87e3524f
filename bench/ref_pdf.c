/* ref_pdf.c - the reference for the PDF benchmark: the same text drawn with
 * cairo's plain text API in the same font, a line at a time at fixed
 * positions, no layout (no wrapping, no tables, no shaping by pango), into a
 * cairo PDF surface of the same page size and number of pages.
 *
 *   ref_pdf TEXT OUT.pdf
 *
 * TEXT is `pdftotext -layout` of msup's PDF (pages separated by form
 * feeds). Prints "pages lines seconds"; the time covers the drawing and the
 * PDF (with the font subset embedded), not reading TEXT. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_clock.h"

int main(int argc, char **argv)
{
    FILE *f;
    static char line[8192];
    cairo_surface_t *s;
    cairo_t *cr;
    double t0, y = 60;
    int pages = 1, lines = 0, pending = 0;

    if (argc != 3) {
        fprintf(stderr, "usage: ref_pdf TEXT OUT.pdf\n");
        return 2;
    }
    f = fopen(argv[1], "r");
    if (!f)
        return 1;
    t0 = now();
    s = cairo_pdf_surface_create(argv[2], 595.28, 841.89); /* A4 in points */
    cr = cairo_create(s);
    cairo_select_font_face(cr, "Noto Sans CJK SC", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 9);
    while (fgets(line, sizeof line, f)) {
        char *p = line;
        line[strcspn(line, "\n")] = '\0';
        for (; *p == '\f'; p++) /* a new page, once there is text for it */
            pending = 1;
        if (*p && pending) {
            cairo_show_page(cr);
            pages++;
            y = 60;
            pending = 0;
        }
        if (*p) {
            cairo_move_to(cr, 40, y);
            cairo_show_text(cr, p);
            lines++;
        }
        y += 11;
        if (y > 800) { /* longer than a page: go on on the same one */
            y = 60;
        }
    }
    fclose(f);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        return 1;
    cairo_surface_destroy(s);
    printf("%d %d %.3f\n", pages, lines, now() - t0);
    return 0;
}
